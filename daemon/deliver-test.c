/* Test messages through a channel (`tenurectl reminder test`), outside
 * the outbox: sent at once, their outcome kept in memory. */
#include "deliver.h"
#include "deliver-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "curlev.h"
#include "daemon.h"
#include "email.h"
#include "i18n.h"
#include "log.h"
#include "mailer.h"
#include "recipient-lang.h"
#include "webhook.h"

static void
test_done(void *arg, const struct curlev_result *r)
{
	struct deliver_test *t = arg;
	bool email = strcmp(t->channel, "email") == 0;

	/* The first failure decides; success waits for every message. */
	if (t->state == DELIVER_TEST_SENDING)
		t->status = r->status;
	if (r->curl_code != 0 || r->status < 200 || r->status >= 300) {
		if (t->state == DELIVER_TEST_SENDING) {
			t->state = DELIVER_TEST_FAILED;
			if (r->curl_code != 0 && r->status < 400)
				snprintf(t->error, sizeof t->error, "%s", r->error);
			else
				snprintf(t->error, sizeof t->error, "%s %ld",
				    email ? "SMTP" : "HTTP", r->status);
		}
	}
	if (--t->waiting == 0 && t->state == DELIVER_TEST_SENDING)
		t->state = DELIVER_TEST_SENT;
}

static int
test_email(struct deliver *dl, struct deliver_test *t, struct failure *f)
{
	const struct config *c = dl->d->config;
	char id[160], *msg;
	size_t len;
	enum lang l;

	if (!c->smtp_configured || c->hr_count == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "channel",
		    "email needs [smtp] url and [reminders] hr addresses");
	for (size_t i = 0; i < c->hr_count; i++) {
		snprintf(id, sizeof id, "test-%lld-%d-%zu@%s",
		    (long long)dl->d->started_at, t->id, i, c->domain);
		/* in the language that address reads reminders in */
		l = recipient_lang(dl->d->store, c, c->hr[i], 0);
		msg = email_message_plain(&c->smtp, c->hr[i], id,
		    tr(l, "[tenured] Test message"), tr(l, "This is a test "
		    "message from tenured: email reminders reach this "
		    "address.\n"), c->timezone, clock_real(), &len);
		t->waiting++;
		if (msg == NULL || email_send_message(dl->mailer, &c->smtp,
		    c->hr[i], msg, len, test_done, t, f) != 0) {
			struct curlev_result r = { .curl_code = -1 };

			snprintf(r.error, sizeof r.error, "%s", msg == NULL ?
			    "cannot build the message" : failure_english(f));
			test_done(t, &r);
		}
		free(msg);
	}
	return 0;
}

int
deliver_test_start(struct deliver *dl, const char *channel, struct failure *f)
{
	struct daemon *d = dl->d;
	const struct webhook_target *target = NULL;
	struct deliver_test *t;
	struct webhook_reminder wr;
	char id[64];
	int32_t today = clock_today(d->config->timezone);

	if (channel == NULL || (strcmp(channel, "email") != 0 &&
	    (strncmp(channel, "webhook:", 8) != 0 ||
	    (target = config_webhook(d->config, channel + 8)) == NULL)))
		return failure_set(f, FAILURE_INVALID_FIELD, "channel",
		    "expected email, or webhook:NAME of a [webhook.NAME] "
		    "section");
	/* Slots are reused oldest first; a test still in flight keeps its
	 * slot until its answer lands. */
	t = &dl->tests[dl->next_test % DELIVER_TESTS];
	if (t->id != 0 && (t->state == DELIVER_TEST_SENDING || t->waiting > 0))
		return failure_set(f, FAILURE_CONFLICT, "channel",
		    "too many tests in flight; try again shortly");
	memset(t, 0, sizeof *t);
	t->id = ++dl->next_test;
	snprintf(t->channel, sizeof t->channel, "%s", channel);
	if (strcmp(channel, "email") == 0) {
		if (test_email(dl, t, f) != 0) {
			t->id = 0;
			dl->next_test--;
			return -1;
		}
		log_info("test message %d through email", t->id);
		return t->id;
	}
	t->waiting = 1;
	snprintf(id, sizeof id, "msg_tenured_test_%lld_%d",
	    (long long)d->started_at, t->id);
	wr = (struct webhook_reminder){
		.id = id, .kind = MS_RENEWAL_DECISION_DUE, .date = today + 30,
		.days_before = 30, .due_at = clock_schedule(),
		.timezone = d->config->timezone,
		.lang = config_webhook_lang(d->config, target),
	};
	wr.person_name = tr(wr.lang, "Test Message");
	wr.title = tr(wr.lang, "tenured test message");
	if (webhook_send(dl->curl, target, &wr, clock_real(), test_done, t,
	    f) != 0) {
		t->state = DELIVER_TEST_FAILED;
		snprintf(t->error, sizeof t->error, "%s", failure_english(f));
	}
	log_info("test message %d through %s", t->id, channel);
	return t->id;
}

const struct deliver_test *
deliver_test_get(struct deliver *dl, int id)
{
	for (int i = 0; i < DELIVER_TESTS; i++) {
		if (dl->tests[i].id == id && id != 0)
			return &dl->tests[i];
	}
	return NULL;
}
