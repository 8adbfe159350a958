#include "daemon.h"

#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>

#include "clock.h"
#include "cluster.h"
#include "config.h"
#include "date.h"
#include "deliver.h"
#include "digest.h"
#include "feeds.h"
#include "scheduler.h"
#include "service.h"
#include "http.h"
#include "localtime.h"
#include "log.h"
#include "outbox-health.h"
#include "store.h"
#include "watchdog.h"

void
daemon_status(struct daemon *d)
{
	struct store_counts n;

	int64_t next = d->deliver != NULL ? deliver_next_due(d->deliver) : 0;
	char when[LOCALTIME_RFC3339_LEN] = "none";

	if (store_counts(d->store, clock_today(d->config->timezone), false, &n,
	    NULL) != 0)
		return;
	if (next != 0)
		localtime_format_rfc3339(d->config->timezone, next, when);
	sd_notifyf(0, "STATUS=%lld contracts, %lld overdue decisions; next "
	    "reminder %s", (long long)n.contracts, (long long)n.overdue, when);
}

/* epoll with its changelist: a connection turns reading off and writing on
 * and back for every request, and the changes of one turn of the loop go
 * to the kernel as one epoll_ctl rather than each (issue 17). Safe here:
 * no descriptor of ours is ever a dup of another. */
static struct event_base *
event_base_new_coalesced(void)
{
	struct event_config *cfg = event_config_new();
	struct event_base *base;

	if (cfg == NULL)
		return NULL;
	event_config_set_flag(cfg, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	return base;
}

static int64_t
schedule_now(void)
{
	return clock_schedule();
}

/* The store plans reminders with what the configuration in force says. */
void
daemon_set_planning(struct daemon *d)
{
	struct config *c = d->config;

	d->planning = (struct outbox_planning){
		.rules = c->rules, .hr = c->hr, .hr_count = c->hr_count,
		.send_minutes = c->send_minutes, .timezone = c->timezone,
		.holidays = &c->holiday_set, .now = schedule_now,
	};
	store_set_planning(d->store, &d->planning);
	if (c->holiday_set.count > 0 && c->holiday_set.covered_until <
	    clock_today(d->config->timezone) + 365)
		log_warnx("the holiday calendar %s does not cover the next 12 "
		    "months", c->holidays);
}

static void
log_config_errors(const char *path, const struct failure_list *errors)
{
	for (size_t i = 0; i < errors->count; i++) {
		if (errors->items[i].line > 0)
			log_warnx("%s:%d: %s", path, errors->items[i].line,
			    errors->items[i].message);
		else
			log_warnx("%s: %s", path, errors->items[i].message);
	}
}

static bool
same_string(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* SIGHUP: a new configuration replaces the old one only when it is whole;
 * what needs the listeners or the database reopened waits for a restart. */
/* The name this daemon's claims go by: the same after a restart (its own
 * rows left sending are taken back at once), apart from every other
 * daemon of the database (SPEC section 14). */
static int
claim_as_this_daemon(struct daemon *d)
{
	char host[256] = "localhost", id[600];

	gethostname(host, sizeof host - 1);
	snprintf(id, sizeof id, "%s:%s", host, d->config->socket);
	return store_set_claimant(d->store, id, d->config->claim_lease);
}

static void
on_hup(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;
	struct failure_list errors = { 0 };
	struct failure f = { 0 };
	struct config *next;

	sd_notify(0, "RELOADING=1");
	next = config_load(d->config->path, &errors);
	if (next == NULL) {
		log_config_errors(d->config->path, &errors);
		log_warnx("reload refused: keeping the configuration in force");
	} else {
		if (!same_string(next->database, d->config->database) ||
		    !same_string(next->socket, d->config->socket) ||
		    !same_string(next->listen, d->config->listen))
			log_warnx("database, socket and listen take effect at "
			    "the next restart");
		http_reconfigure(d->http, next);
		config_free(d->config);
		d->config = next;
		/* claim_lease takes effect with the next claims. */
		claim_as_this_daemon(d);
		if (service_account_builtin(d, &f) != 0)
			log_warnx("the account api: %s", f.message);
		daemon_set_planning(d);
		digest_reset(d);
		scheduler_rearm(d->scheduler);
		log_info("configuration reloaded from %s", next->path);
		outbox_health_log(d);
	}
	failure_list_free(&errors);
	sd_notify(0, "READY=1");
	daemon_status(d);
}

static void
on_term(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;

	if (d->stopping)
		return;
	d->stopping = true;
	scheduler_stop(d->scheduler);
	sd_notify(0, "STOPPING=1");
	log_info("stopping on signal %d", (int)sig);
	event_base_loopexit(d->base, NULL);
}

static int
setup(struct daemon *d, const char *config_path, const char *now_text)
{
	struct failure_list errors = { 0 };
	struct failure f = { 0 };
	int64_t now;
	int n;

	d->config = config_load(config_path, &errors);
	if (d->config == NULL) {
		log_config_errors(config_path, &errors);
		failure_list_free(&errors);
		return -1;
	}
	if (now_text != NULL) {
		if (daemon_parse_now(now_text, d->config->timezone, &now) != 0) {
			log_warnx("--now: expected an RFC 3339 instant or a date, "
			    "got \"%s\"", now_text);
			return -1;
		}
		clock_start_at(now);
	}
	if ((d->base = event_base_new_coalesced()) == NULL) {
		log_warnx("cannot create the event loop");
		return -1;
	}
	if (watchdog_start(d->base, &d->watchdog) != 0)
		return -1;
	/* The socket first: a second daemon started by mistake stops here,
	 * before it touches the first one's database. */
	if ((d->http = http_new(d, &f)) == NULL) {
		log_warnx("%s", f.message);
		return -1;
	}
	if ((d->store = store_connect(d->config->database,
	    d->config->database_password, &f)) == NULL ||
	    claim_as_this_daemon(d) != 0 ||
	    service_account_builtin(d, &f) != 0) {
		log_warnx("%s", f.message);
		return -1;
	}
	daemon_set_planning(d);
	if ((n = store_replan_pending(d->store, clock_real(), &f)) < 0) {
		log_warnx("%s", f.message);
		return -1;
	}
	if (n > 0)
		log_info("%d closed contracts planned again under the rules of "
		    "this version", n);
	/* The one count of the tables, before the loop serves anyone: from
	 * here on /metrics and status read the counts kept in memory. */
	if (store_tally_read(d->store, &f) == NULL) {
		log_warnx("%s", f.message);
		return -1;
	}
	/* The scheduler first: feeds, the digest and deliveries register
	 * with it as its timed sources, run in that order. */
	if ((d->scheduler = scheduler_new(d->base)) == NULL) {
		log_warn("creating the scheduler's timer");
		return -1;
	}
	if ((d->feeds = feeds_new(d, &f)) == NULL) {
		log_warnx("%s", f.message);
		return -1;
	}
	if (digest_start(d) != 0 || (d->deliver = deliver_new(d)) == NULL) {
		log_warnx("cannot set up deliveries");
		return -1;
	}
	if ((d->cluster = cluster_start(d, &f)) == NULL) {
		log_warnx("%s", f.message);
		return -1;
	}
	scheduler_rearm(d->scheduler);
	d->sig_term = evsignal_new(d->base, SIGTERM, on_term, d);
	d->sig_int = evsignal_new(d->base, SIGINT, on_term, d);
	d->sig_hup = evsignal_new(d->base, SIGHUP, on_hup, d);
	if (d->sig_term == NULL || d->sig_int == NULL || d->sig_hup == NULL ||
	    evsignal_add(d->sig_term, NULL) != 0 ||
	    evsignal_add(d->sig_int, NULL) != 0 ||
	    evsignal_add(d->sig_hup, NULL) != 0) {
		log_warnx("cannot watch signals");
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static void
teardown(struct daemon *d)
{
	if (d->sig_term != NULL)
		event_free(d->sig_term);
	if (d->sig_int != NULL)
		event_free(d->sig_int);
	if (d->sig_hup != NULL)
		event_free(d->sig_hup);
	/* Nothing is armed again while the sources go. */
	scheduler_stop(d->scheduler);
	http_free(d->http);
	cluster_free(d->cluster);
	if (d->feeds != NULL)
		feeds_flush_stats(d->feeds);
	feeds_free(d->feeds);
	deliver_free(d->deliver);
	scheduler_free(d->scheduler);
	watchdog_free(d->watchdog);
	if (d->base != NULL)
		event_base_free(d->base);
	store_close(d->store);
	config_free(d->config);
}

int
daemon_parse_now(const char *text, const char *tz, int64_t *out)
{
	int32_t date;

	if (localtime_parse_rfc3339(text, out) == 0)
		return 0;
	if (date_parse(text, &date) == 0) {
		*out = localtime_to_instant(tz, date, 0);
		return 0;
	}
	return -1;
}

int
daemon_run(const char *config_path, const char *now_text)
{
	struct daemon d = { 0 };
	char stamp[LOCALTIME_RFC3339_LEN];
	int status = 0;

	d.started_at = clock_real();
	if (setup(&d, config_path, now_text) != 0) {
		sd_notify(0, "STATUS=failed to start, see the log");
		teardown(&d);
		return 1;
	}
	localtime_format_rfc3339(d.config->timezone, clock_schedule(), stamp);
	/* A connection URI may carry a password: it is not logged. */
	log_info("tenured ready: database %s, scheduling clock %s",
	    store_shared(d.store) ? "on PostgreSQL" : d.config->database, stamp);
	sd_notify(0, "READY=1");
	daemon_status(&d);
	outbox_health_log(&d);
	if (event_base_dispatch(d.base) != 0)
		status = 1;
	teardown(&d);
	return status;
}
