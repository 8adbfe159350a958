#include <errno.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "contract-json.h"
#include "daemon.h"
#include "http-routes.h"
#include "service.h"
#include "localtime.h"
#include "outbox-health.h"
#include "cluster.h"
#include "store.h"
#include "version.h"

static void
http_system_healthz(struct http_call *c)
{
	/* A load balancer sends no one to a daemon without its database. */
	if (!store_available(c->d->store)) {
		cluster_lost(c->d->cluster);
		http_reply_json(c, 503, json_pack("{s:s, s:s}", "status",
		    "unavailable", "reason", "database"));
		return;
	}
	http_reply_json(c, 200, json_pack("{s:s}", "status", "ok"));
}

/* The reminders that wait for a channel not configured, and the next one
 * due, for people to read first. */
static json_t *
waiting_json(struct http_call *c)
{
	struct outbox_health h;
	struct failure f = { 0 };
	json_t *list = json_array();

	if (outbox_health_read(c->d, &h, &f) != 0)
		return list;
	for (size_t i = 0; i < h.count; i++)
		json_array_append_new(list, json_pack("{s:s, s:I, s:s}",
		    "channel", h.items[i].channel, "count",
		    (json_int_t)h.items[i].count, "reason", h.items[i].reason));
	return list;
}

static json_t *
next_reminder_json(struct http_call *c)
{
	struct outbox_row r;
	struct failure f = { 0 };
	const char *tz = c->d->config->timezone;
	json_t *o;

	if (store_outbox_next(c->d->store, &r, &f) != 1)
		return json_null();
	o = json_pack("{s:I, s:o, s:s, s:s, s:s, s:o, s:o}", "id",
	    (json_int_t)r.id, "due_at", instant_to_json(r.next_attempt_at, tz),
	    "channel", r.channel, "recipient", r.recipient ? r.recipient : "",
	    "kind", r.digest ? "digest" : milestone_kind_name(r.kind),
	    "contract_id", r.contract_id > 0 ? json_integer(r.contract_id) :
	    json_null(), "person", text_to_json(r.person_name));
	outbox_row_clear(&r);
	return o != NULL ? o : json_null();
}

static void
http_system_status(struct http_call *c)
{
	struct store_counts n;
	struct failure f = { 0 };
	const char *tz = c->d->config->timezone;

	if (store_counts(c->d->store, clock_today(tz), true, &n, &f) != 0) {
		http_reply_failure(c, &f);
		return;
	}
	http_reply_json(c, 200, json_pack(
	    "{s:s, s:i, s:o, s:o, s:o, s:s, s:I, s:I, s:I, s:o, s:o, s:o}",
	    "version", TENURED_VERSION,
	    "schema_version", store_schema_version(c->d->store),
	    "now", instant_to_json(clock_schedule(), tz),
	    "today", date_to_json(clock_today(tz)),
	    "started_at", instant_to_json(c->d->started_at, tz),
	    "timezone", tz,
	    "contracts", (json_int_t)n.contracts,
	    "milestones", (json_int_t)n.milestones,
	    "overdue", (json_int_t)n.overdue,
	    "outbox", http_outbox_counts(c),
	    "waiting", waiting_json(c),
	    "next_reminder", next_reminder_json(c)));
}

/* The copy is written next to the database (same filesystem, same
 * protection), opened, unlinked, and streamed from the open file. */
static void
http_system_backup(struct http_call *c)
{
	struct failure f = { 0 };
	char path[4096];
	struct evbuffer *buf;
	struct stat sb;
	int fd;

	snprintf(path, sizeof path, "%s.backup-%ld-%lld", c->d->config->database,
	    (long)getpid(), (long long)clock_real());
	if (service_backup(c->d, &c->actor, path, &f) != 0) {
		unlink(path);
		http_reply_failure(c, &f);
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	if (fd < 0 || fstat(fd, &sb) != 0 || (buf = evbuffer_new()) == NULL) {
		if (fd >= 0)
			close(fd);
		http_reply_error(c, 500, "internal", NULL,
		    "cannot read the backup: %s", strerror(errno));
		return;
	}
	/* evbuffer_add_file takes the descriptor and sends from it. */
	if (evbuffer_add_file(buf, fd, 0, sb.st_size) != 0) {
		close(fd);
		evbuffer_free(buf);
		http_reply_error(c, 500, "internal", NULL, "cannot send the backup");
		return;
	}
	evhttp_add_header(evhttp_request_get_output_headers(c->req),
	    "Content-Type", "application/vnd.sqlite3");
	evhttp_add_header(evhttp_request_get_output_headers(c->req),
	    "Content-Disposition", "attachment; filename=\"tenured.db\"");
	http_send(c->req, 200, "OK", buf);
	evbuffer_free(buf);
}

const struct http_route http_system_routes[] = {
	{ .method = EVHTTP_REQ_GET, .path = "/healthz",
	  .public = true, .fn = http_system_healthz },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/status",
	  .roles = ROLES_READ, .fn = http_system_status },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/backup",
	  .roles = ROLES_ADMIN, .fn = http_system_backup },
	{ .path = NULL }
};
