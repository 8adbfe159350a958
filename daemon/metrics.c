#include "metrics.h"

#include <event2/buffer.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "outbox-health.h"
#include "version.h"

/*
 * The counters live in fixed tables: channels come from the configuration
 * and statuses from the feed handler, so a few dozen rows are plenty, and
 * a fixed table needs no freeing and cannot fail. A channel past the table
 * is counted as "other" rather than lost.
 */
#define METRICS_CHANNELS 32
#define METRICS_CODES 16

struct channel_count {
	char name[REMINDER_CHANNEL_LEN];
	int64_t n[OUTBOX_STATUS_COUNT];
};

static struct channel_count deliveries[METRICS_CHANNELS];
static size_t delivery_count;

static struct {
	int code;
	int64_t n;
} feed_codes[METRICS_CODES];
static size_t feed_code_count;

static size_t http_open;
static int64_t http_events[METRICS_HTTP_EVENT_COUNT];

void
metrics_http_open(size_t open)
{
	http_open = open;
}

void
metrics_http_event(enum metrics_http_event e)
{
	if ((unsigned)e < METRICS_HTTP_EVENT_COUNT)
		http_events[e]++;
}

static void header(struct evbuffer *out, const char *name, const char *type,
    const char *help);

static void
render_http(struct evbuffer *out)
{
	static const char *const names[METRICS_HTTP_EVENT_COUNT] = {
		[METRICS_HTTP_DEADLINE] = "deadline",
		[METRICS_HTTP_BODY_REFUSED] = "body_refused",
		[METRICS_HTTP_AT_CAP] = "at_cap",
	};

	header(out, "tenured_tcp_connections", "gauge",
	    "TCP connections open now (the cap is max_connections).");
	evbuffer_add_printf(out, "tenured_tcp_connections %zu\n", http_open);
	header(out, "tenured_tcp_guard_events_total", "counter", "Since start: "
	    "connections closed for slow headers or body (deadline), requests "
	    "refused before their body was read (body_refused), times accepting "
	    "paused at max_connections (at_cap).");
	for (int i = 0; i < METRICS_HTTP_EVENT_COUNT; i++)
		evbuffer_add_printf(out, "tenured_tcp_guard_events_total"
		    "{event=\"%s\"} %lld\n", names[i],
		    (long long)http_events[i]);
}

static struct channel_count *
channel_find(const char *name)
{
	for (size_t i = 0; i < delivery_count; i++) {
		if (strcmp(deliveries[i].name, name) == 0)
			return &deliveries[i];
	}
	return NULL;
}

/* The last row of the table is kept for "other". */
static struct channel_count *
channel_slot(const char *name)
{
	struct channel_count *c = channel_find(name);

	if (c == NULL && delivery_count >= METRICS_CHANNELS - 1 &&
	    (c = channel_find("other")) == NULL)
		name = "other";
	if (c == NULL) {
		c = &deliveries[delivery_count++];
		snprintf(c->name, sizeof c->name, "%s", name);
	}
	return c;
}

void
metrics_delivery(const char *channel, enum outbox_status result)
{
	if (channel != NULL && (unsigned)result < OUTBOX_STATUS_COUNT)
		channel_slot(channel)->n[result]++;
}

void
metrics_feed_request(int status)
{
	size_t i;

	for (i = 0; i < feed_code_count; i++) {
		if (feed_codes[i].code == status)
			break;
	}
	if (i == feed_code_count) {
		if (feed_code_count == METRICS_CODES)
			return;
		feed_codes[feed_code_count++].code = status;
	}
	feed_codes[i].n++;
}

static void
header(struct evbuffer *out, const char *name, const char *type,
    const char *help)
{
	evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help,
	    name, type);
}

/* A label value with the escapes the text format knows: \\, \" and \n. */
static void
label_value(struct evbuffer *out, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			evbuffer_add_printf(out, "\\%c", *v);
		else if (*v == '\n')
			evbuffer_add(out, "\\n", 2);
		else
			evbuffer_add(out, v, 1);
	}
}

static void
delivery_line(struct evbuffer *out, const char *channel,
    enum outbox_status result, int64_t n)
{
	evbuffer_add_printf(out, "tenured_deliveries_total{channel=\"");
	label_value(out, channel);
	evbuffer_add_printf(out, "\",result=\"%s\"} %lld\n",
	    outbox_status_name(result), (long long)n);
}

/* Every configured channel shows, at zero until used, so that rate()
 * sees the series from the start; a channel dropped from the
 * configuration still shows what it did. */
static void
render_deliveries(struct daemon *d, struct evbuffer *out)
{
	static const enum outbox_status usual[] = { OUTBOX_SENT,
	    OUTBOX_RETRYING, OUTBOX_DEAD };
	const struct config *c = d->config;
	char name[REMINDER_CHANNEL_LEN];

	header(out, "tenured_deliveries_total", "counter", "Reminder delivery "
	    "attempts since start, by channel and the state they left the "
	    "reminder in.");
	channel_slot("email");
	for (size_t i = 0; i < c->webhook_count; i++) {
		snprintf(name, sizeof name, "webhook:%s", c->webhooks[i].name);
		channel_slot(name);
	}
	for (size_t i = 0; i < delivery_count; i++) {
		for (int s = 0; s < OUTBOX_STATUS_COUNT; s++) {
			bool shown = false;

			for (size_t u = 0; u < sizeof usual / sizeof usual[0]; u++)
				shown |= usual[u] == (enum outbox_status)s;
			if (shown || deliveries[i].n[s] != 0)
				delivery_line(out, deliveries[i].name, s,
				    deliveries[i].n[s]);
		}
	}
}

static void
render_store(struct evbuffer *out, const struct store_metrics *m)
{
	header(out, "tenured_contracts", "gauge", "Contracts in the database.");
	evbuffer_add_printf(out, "tenured_contracts %lld\n",
	    (long long)m->contracts);
	header(out, "tenured_vacancies", "gauge", "Vacancies in the database.");
	evbuffer_add_printf(out, "tenured_vacancies %lld\n",
	    (long long)m->vacancies);
	header(out, "tenured_milestones", "gauge",
	    "Milestones by kind and status.");
	for (int k = 0; k < MS_KIND_COUNT; k++) {
		for (int s = 0; s < STORE_MILESTONE_STATUSES; s++)
			evbuffer_add_printf(out, "tenured_milestones{kind=\"%s\","
			    "status=\"%s\"} %lld\n", milestone_kind_name(k),
			    milestone_status_name(s), (long long)m->milestones[k][s]);
	}
	header(out, "tenured_outbox", "gauge",
	    "Reminder deliveries in the outbox by state.");
	for (int s = 0; s < OUTBOX_STATUS_COUNT; s++)
		evbuffer_add_printf(out, "tenured_outbox{state=\"%s\"} %lld\n",
		    outbox_status_name(s), (long long)m->outbox[s]);
}

static int64_t
file_size(const char *path, const char *suffix)
{
	char name[4096];
	struct stat sb;

	snprintf(name, sizeof name, "%s%s", path, suffix);
	return stat(name, &sb) == 0 ? (int64_t)sb.st_size : 0;
}

/* Reminders held by a channel the configuration lacks, by channel; no
 * sample for a channel that is configured or has nothing waiting. */
static int
render_waiting(struct daemon *d, struct evbuffer *out, struct failure *f)
{
	struct outbox_health h;

	if (outbox_health_read(d, &h, f) != 0)
		return -1;
	header(out, "tenured_outbox_unconfigured", "gauge", "Pending and "
	    "retrying reminders of a channel that is not configured (email "
	    "without [smtp] url, a webhook without its section).");
	for (size_t i = 0; i < h.count; i++)
		evbuffer_add_printf(out, "tenured_outbox_unconfigured{channel="
		    "\"%s\"} %lld\n", h.items[i].channel,
		    (long long)h.items[i].count);
	return 0;
}

int
metrics_render(struct daemon *d, struct evbuffer *out, struct failure *f)
{
	struct store_metrics m;
	bool up = store_available(d->store);

	header(out, "tenured_database_up", "gauge", "1 while the database "
	    "answers, 0 while its connection is lost and tried again; the "
	    "label names the backend.");
	evbuffer_add_printf(out, "tenured_database_up{backend=\"%s\"} %d\n",
	    store_backend_name(d->store), up ? 1 : 0);
	/* What the daemon knows without its database, while it is away. */
	if (!up) {
		render_deliveries(d, out);
		render_http(out);
		return 0;
	}
	if (store_metrics_read(d->store, &m, f) != 0)
		return -1;
	header(out, "tenured_build_info", "gauge", "The version of tenured and "
	    "the schema version of its database; the value is 1.");
	evbuffer_add_printf(out, "tenured_build_info{version=\"%s\","
	    "schema_version=\"%d\"} 1\n", TENURED_VERSION,
	    store_schema_version(d->store));
	header(out, "tenured_start_time_seconds", "gauge",
	    "When the daemon started, in seconds since the Unix epoch.");
	evbuffer_add_printf(out, "tenured_start_time_seconds %lld\n",
	    (long long)d->started_at);
	render_store(out, &m);
	render_deliveries(d, out);
	render_http(out);
	header(out, "tenured_feed_requests_total", "counter",
	    "Requests for calendar feed URLs since start, by HTTP status.");
	for (size_t i = 0; i < feed_code_count; i++)
		evbuffer_add_printf(out, "tenured_feed_requests_total{code=\"%d\"} "
		    "%lld\n", feed_codes[i].code, (long long)feed_codes[i].n);
	/* No sample while nothing waits: a made-up number would be worse. */
	header(out, "tenured_next_reminder_seconds", "gauge", "Seconds from "
	    "now (scheduling clock) to the next pending or retrying reminder; "
	    "negative when it is overdue (e.g. email without [smtp]).");
	if (m.next_due != 0)
		evbuffer_add_printf(out, "tenured_next_reminder_seconds %lld\n",
		    (long long)(m.next_due - clock_schedule()));
	if (render_waiting(d, out, f) != 0)
		return -1;
	header(out, "tenured_database_bytes", "gauge",
	    "Size of the database: its pages (page_count * page_size), or "
	    "PostgreSQL's pg_database_size.");
	evbuffer_add_printf(out, "tenured_database_bytes %lld\n",
	    (long long)m.bytes);
	/* PostgreSQL's log is the server's, which its DBA watches. */
	if (store_shared(d->store))
		return 0;
	header(out, "tenured_database_wal_bytes", "gauge",
	    "Size of the database's write-ahead log file.");
	evbuffer_add_printf(out, "tenured_database_wal_bytes %lld\n",
	    (long long)file_size(d->config->database, "-wal"));
	return 0;
}
