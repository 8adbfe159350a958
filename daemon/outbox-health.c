#include "outbox-health.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "daemon.h"
#include "i18n.h"
#include "log.h"
#include "store.h"

struct collect {
	const struct config *c;
	struct outbox_health *out;
};

/* Why a channel cannot deliver, or NULL when it can: in the language of
 * the request asking (the log's is English). */
static const char *
missing(const struct config *c, const char *channel, char *buf, size_t len)
{
	if (strcmp(channel, "email") == 0)
		return c->smtp_configured ? NULL : _("no [smtp] url");
	if (strncmp(channel, "webhook:", 8) == 0) {
		if (config_webhook(c, channel + 8) != NULL)
			return NULL;
		snprintf(buf, len, _("no [webhook.%s] section"), channel + 8);
		return buf;
	}
	return _("an unknown kind of channel");
}

static void
add(void *ctx, const char *channel, int64_t count)
{
	struct collect *k = ctx;
	struct outbox_waiting *w;
	char buf[sizeof w->reason];
	const char *why;

	if (channel == NULL || (why = missing(k->c, channel, buf,
	    sizeof buf)) == NULL || k->out->count == OUTBOX_HEALTH_MAX)
		return;
	w = &k->out->items[k->out->count++];
	snprintf(w->channel, sizeof w->channel, "%s", channel);
	snprintf(w->reason, sizeof w->reason, "%s", why);
	w->count = count;
}

int
outbox_health_read(struct daemon *d, struct outbox_health *out,
    struct failure *f)
{
	struct collect k = { .c = d->config, .out = out };

	out->count = 0;
	return store_outbox_waiting(d->store, add, &k, f);
}

void
outbox_health_log(struct daemon *d)
{
	struct outbox_health h;
	struct failure f = { 0 };

	if (outbox_health_read(d, &h, &f) != 0) {
		log_warnx("counting the reminders by channel: %s", f.message);
		return;
	}
	for (size_t i = 0; i < h.count; i++)
		log_warnx("%lld reminder%s wait%s for %s, which is not "
		    "configured: %s", (long long)h.items[i].count,
		    h.items[i].count == 1 ? "" : "s",
		    h.items[i].count == 1 ? "s" : "", h.items[i].channel,
		    h.items[i].reason);
}
