#include "deliver.h"
#include "deliver-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <event2/event.h>

#include "backoff.h"
#include "clock.h"
#include "cluster.h"
#include "config.h"
#include "curlev.h"
#include "email.h"
#include "daemon.h"
#include "digest.h"
#include "localtime.h"
#include "log.h"
#include "mailer.h"
#include "metrics.h"
#include "recipient-lang.h"
#include "scheduler.h"
#include "store.h"
#include "webhook.h"

/* Webhooks in flight at most. Every one finished frees a connection that
 * curl keeps open for the next (keep-alive), so a receiver sees at most
 * this many connections, and each turn of the loop handles a bounded
 * number of answers. */
#define DELIVER_WEBHOOKS 64
/* More are claimed once no more than this many are still in flight: a
 * claim is a transaction (one sync of the log), worth it for many rows. */
#define DELIVER_WEBHOOKS_LOW (DELIVER_WEBHOOKS / 2)
/* How long deliveries wait after the store refused a write (a full disk)
 * before trying again: neither a spin nor a lost reminder. */
#define DELIVER_HOLD_S 10
/* Email rows claimed ahead of the mailer, which sends one at a time: more
 * would only mark rows sending (and count attempts) long before they go. */
#define DELIVER_MAIL_QUEUE 16
/* How long a stop waits for the message on the wire to be answered. */
#define DELIVER_STOP_GRACE_S 15

/* One delivery in flight. */
struct job {
	struct deliver *dl;
	struct outbox_row row;
	char id[64];
	bool webhook;			/* counted in dl->webhooks */
	struct job *prev, *next;
};

static void
job_free(struct job *j)
{
	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		j->dl->jobs = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	if (j->webhook)
		j->dl->webhooks--;
	outbox_row_clear(&j->row);
	free(j);
}

static double
jitter(void)
{
	uint32_t r = 0;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
		r = (uint32_t)clock_real();
	return (double)r / 4294967296.0;
}

static void
hold(struct deliver *dl)
{
	dl->held_until = clock_schedule() + DELIVER_HOLD_S;
}

/* The outcome waits for deliver_turn, which commits it with the others
 * of the same turn of the loop. */
static void
finish(struct deliver *dl, const struct outbox_row *row,
    enum outbox_status status, int64_t next, const char *error)
{
	struct failure f = { 0 };
	int64_t id = row->id;

	/* Attempts only: expired and cancelled rows were never tried. */
	if (status == OUTBOX_SENT || status == OUTBOX_RETRYING ||
	    status == OUTBOX_DEAD)
		metrics_delivery(row->channel, status);
	if (deliver_record_keep(dl, id, status, next, error)) {
		deliver_record_soon(dl);
		return;
	}
	/* Out of memory: at once, on its own. */
	if (store_outbox_finish(dl->d->store, id, status, next, error,
	    clock_real(), &f) != 0)
		log_warnx_id(LOG_FIELD_REMINDER, id, "reminder %lld: %s",
		    (long long)id, f.message);
}

/* Temporary failures wait for the backoff schedule, until give_up_after
 * has passed since the first attempt. */
static void
retry_later(struct job *j, const char *error, long retry_after)
{
	struct deliver *dl = j->dl;
	int64_t real = clock_real();
	int64_t next = backoff_next(j->row.attempts, real,
	    j->row.first_attempt_at, dl->d->config->give_up_after,
	    retry_after, jitter());

	if (next == 0) {
		log_warnx_id(LOG_FIELD_REMINDER, j->row.id,
		    "reminder %lld: giving up: %s", (long long)j->row.id,
		    error);
		finish(dl, &j->row, OUTBOX_DEAD, 0, error);
		return;
	}
	log_info_id(LOG_FIELD_REMINDER, j->row.id, "reminder %lld: %s; next "
	    "attempt in %lld s", (long long)j->row.id, error,
	    (long long)(next - real));
	/* Instants are whole seconds: one more makes sure at least the
	 * delay (or the peer's Retry-After) has passed. */
	finish(dl, &j->row, OUTBOX_RETRYING,
	    clock_schedule() + (next - real) + 1, error);
}

/* SMTP answers: 2xx sent, 4xx try again, 5xx permanent, whatever curl
 * made of them; no answer at all (connection, TLS, timeout) is
 * temporary. */
static void
email_done(struct job *j, const struct curlev_result *r)
{
	char error[300];

	if (r->status >= 500 && r->status < 600) {
		snprintf(error, sizeof error, "SMTP %ld (permanent)%s%.200s",
		    r->status, r->error[0] ? ": " : "", r->error);
		log_warnx_id(LOG_FIELD_REMINDER, j->row.id,
		    "reminder %lld: %s", (long long)j->row.id, error);
		finish(j->dl, &j->row, OUTBOX_DEAD, 0, error);
	} else if (r->status >= 400 && r->status < 500) {
		snprintf(error, sizeof error, "SMTP %ld%s%.200s", r->status,
		    r->error[0] ? ": " : "", r->error);
		retry_later(j, error, -1);
	} else if (r->curl_code != 0) {
		snprintf(error, sizeof error, "%s", r->error[0] ? r->error :
		    "the SMTP exchange failed");
		retry_later(j, error, -1);
	} else {
		log_info_id(LOG_FIELD_REMINDER, j->row.id,
		    "reminder %lld sent to %s", (long long)j->row.id,
		    j->row.recipient);
		finish(j->dl, &j->row, OUTBOX_SENT, 0, NULL);
	}
}

static void
done(void *arg, const struct curlev_result *r)
{
	struct job *j = arg;
	struct deliver *dl = j->dl;
	char error[300];

	if (strcmp(j->row.channel, "email") == 0) {
		email_done(j, r);
	} else if (r->curl_code != 0) {
		snprintf(error, sizeof error, "%s", r->error[0] ? r->error :
		    "connection failed");
		retry_later(j, error, -1);
	} else if (r->status >= 200 && r->status < 300) {
		log_info_id(LOG_FIELD_REMINDER, j->row.id,
		    "reminder %lld sent through %s", (long long)j->row.id,
		    j->row.channel);
		finish(dl, &j->row, OUTBOX_SENT, 0, NULL);
	} else if (r->status == 408 || r->status == 429 || r->status >= 500) {
		snprintf(error, sizeof error, "HTTP %ld", r->status);
		retry_later(j, error, r->retry_after);
	} else {
		snprintf(error, sizeof error, "HTTP %ld (permanent)", r->status);
		log_warnx_id(LOG_FIELD_REMINDER, j->row.id,
		    "reminder %lld: %s", (long long)j->row.id, error);
		finish(dl, &j->row, OUTBOX_DEAD, 0, error);
	}
	job_free(j);
	deliver_record_soon(dl);
}

static int
days_between(int32_t a, int32_t b)
{
	return (int)(b - a);
}

static void
start_email(struct deliver *dl, struct job *j)
{
	struct daemon *d = dl->d;
	struct failure f = { 0 };
	char message_id[160];
	struct email_reminder er;

	/* The same id on every attempt: a duplicate after a crash is
	 * recognisable as one. */
	snprintf(message_id, sizeof message_id, "reminder-%lld@%s",
	    (long long)j->row.id, d->config->domain);
	er = (struct email_reminder){
		.message_id = message_id, .to = j->row.recipient,
		.kind = j->row.kind, .date = j->row.milestone_date,
		.at = j->row.at, .term_end = j->row.term_end,
		.contract_id = j->row.contract_id, .vacancy = j->row.vacancy,
		.person_name = j->row.person_name,
		.person_email = j->row.person_email, .title = j->row.title,
		.days_before = (int)(j->row.milestone_date - localtime_date_of(
		    d->config->timezone, j->row.due_at)),
		.escalation = j->row.escalation,
		.timezone = d->config->timezone, .domain = d->config->domain,
		.sequence = j->row.sequence, .updated_at = j->row.updated_at,
		.lang = recipient_lang(d->store, d->config, j->row.recipient,
		    j->row.contract_id),
	};
	if (email_send(dl->mailer, &d->config->smtp, &er, clock_real(), done, j,
	    &f) != 0) {
		struct curlev_result r = { .curl_code = -1, .retry_after = -1 };

		snprintf(r.error, sizeof r.error, "%s", f.message);
		done(j, &r);
	}
}

/* A digest is written when it goes out, so it lists what is due then. */
static void
start_digest(struct deliver *dl, struct job *j)
{
	struct failure f = { 0 };
	char *msg = NULL;
	size_t len = 0;
	int rc;

	rc = digest_message(dl->d, &j->row, &msg, &len, &f);
	if (rc == 1) {
		finish(dl, &j->row, OUTBOX_CANCELLED, 0, "nothing was due");
		job_free(j);
		return;
	}
	if (rc != 0 || email_send_message(dl->mailer, &dl->d->config->smtp,
	    j->row.recipient, msg, len, done, j, &f) != 0) {
		struct curlev_result r = { .curl_code = -1, .retry_after = -1 };

		snprintf(r.error, sizeof r.error, "%s", f.message);
		done(j, &r);
	}
	free(msg);
}

static void
start(struct deliver *dl, struct outbox_row *row)
{
	struct daemon *d = dl->d;
	const struct webhook_target *t = NULL;
	struct failure f = { 0 };
	struct job *j;
	int32_t today = clock_today(d->config->timezone);
	struct webhook_reminder wr;

	/* A reminder before a milestone that has passed (the daemon was
	 * down), or a digest of a day gone by, is of no use any more. */
	if (row->digest && row->milestone_date < today) {
		finish(dl, row, OUTBOX_EXPIRED, 0, "the day has passed");
		return;
	}
	if (!row->escalation && row->milestone_date < today) {
		finish(dl, row, OUTBOX_EXPIRED, 0, "the milestone has passed");
		return;
	}
	if (strcmp(row->channel, "email") != 0 &&
	    (strncmp(row->channel, "webhook:", 8) != 0 ||
	    (t = config_webhook(d->config, row->channel + 8)) == NULL)) {
		finish(dl, row, OUTBOX_DEAD, 0,
		    "the channel is not in the configuration");
		return;
	}
	if ((j = calloc(1, sizeof *j)) == NULL) {
		finish(dl, row, OUTBOX_PENDING, 0, "out of memory");
		return;
	}
	j->dl = dl;
	j->webhook = t != NULL && !row->digest;
	if (j->webhook)
		dl->webhooks++;
	j->next = dl->jobs;
	if (dl->jobs != NULL)
		dl->jobs->prev = j;
	dl->jobs = j;
	j->row = *row;
	memset(row, 0, sizeof *row);	/* the job owns the strings now */
	snprintf(j->id, sizeof j->id, "msg_tenured_%lld", (long long)j->row.id);
	wr = (struct webhook_reminder){
		.id = j->id, .kind = j->row.kind, .date = j->row.milestone_date,
		.at = j->row.at, .contract_id = j->row.contract_id,
		.vacancy = j->row.vacancy, .person_name = j->row.person_name,
		.person_email = j->row.person_email, .title = j->row.title,
		.days_before = days_between(localtime_date_of(
		    d->config->timezone, j->row.due_at), j->row.milestone_date),
		.due_at = j->row.due_at, .escalation = j->row.escalation,
		.timezone = d->config->timezone,
		.lang = config_webhook_lang(d->config, t),
	};
	if (j->row.digest) {
		start_digest(dl, j);
		return;
	}
	if (strcmp(j->row.channel, "email") == 0) {
		start_email(dl, j);
		return;
	}
	if (webhook_send(dl->curl, t, &wr, clock_real(), done, j, &f) != 0) {
		struct curlev_result r = { .curl_code = -1, .retry_after = -1 };

		snprintf(r.error, sizeof r.error, "%s", f.message);
		done(j, &r);
	}
}

const char *
deliver_channels(const struct daemon *d)
{
	return d->config->smtp_configured ? "%" : "webhook:%";
}

/* Email rows the mailer's queue has room for. */
static size_t
mail_room(struct deliver *dl)
{
	size_t queued = mailer_pending(dl->mailer);

	return queued < DELIVER_MAIL_QUEUE ? DELIVER_MAIL_QUEUE - queued : 0;
}

/* Webhook rows there is room for: none while more than
 * DELIVER_WEBHOOKS_LOW are in flight. */
static int
webhook_room(struct deliver *dl)
{
	return dl->webhooks <= DELIVER_WEBHOOKS_LOW ?
	    DELIVER_WEBHOOKS - dl->webhooks : 0;
}

/* Claims and starts up to limit due rows of the channels (LIKE); -1 when
 * the store refused, and deliveries are held. */
static int
claim(struct deliver *dl, const char *channels, int limit)
{
	struct outbox_row *rows = NULL;
	struct failure f = { 0 };
	size_t n = 0;

	if (store_outbox_claim(dl->d->store, channels, clock_schedule(),
	    clock_real(), limit, &rows, &n, &f) != 0) {
		log_warnx("outbox: %s", f.message);
		if (!store_available(dl->d->store))
			cluster_lost(dl->d->cluster);
		hold(dl);
		return -1;
	}
	if (n > 0)
		deliver_lease_claimed(dl);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].taken_over)
			log_info_id(LOG_FIELD_REMINDER, rows[i].id, "reminder %lld "
			    "taken over from a daemon whose claim ran out",
			    (long long)rows[i].id);
		start(dl, &rows[i]);
	}
	outbox_rows_free(rows, n);
	return 0;
}

void
deliver_run(struct deliver *dl)
{
	/* A clock stepped back must not stretch the hold. */
	if (dl->held_until != 0 && clock_schedule() < dl->held_until &&
	    dl->held_until - clock_schedule() <= DELIVER_HOLD_S)
		return;
	dl->held_until = 0;
	if (deliver_record_all(dl) != 0) {
		hold(dl);
		return;
	}
	if (webhook_room(dl) > 0 &&
	    claim(dl, "webhook:%", webhook_room(dl)) != 0)
		return;
	if (dl->d->config->smtp_configured && mail_room(dl) > 0)
		claim(dl, "email", (int)mail_room(dl));
}

int64_t
deliver_next_due(struct deliver *dl)
{
	struct failure f = { 0 };
	int64_t next = 0;
	/* While the mailer's queue is full, or the webhooks in flight are
	 * many, their next answers wake us (deliver_turn). */
	bool mail = mail_room(dl) > 0 && dl->d->config->smtp_configured;
	bool hooks = webhook_room(dl) > 0;
	const char *channels = mail && hooks ? deliver_channels(dl->d) :
	    mail ? "email" : hooks ? "webhook:%" : NULL;

	if (channels != NULL &&
	    store_outbox_next_due(dl->d->store, channels, &next, &f) != 0)
		log_warnx("outbox: %s", f.message);
	/* Held: nothing before the hold ends, and a wake then for outcomes
	 * still to record. */
	if (dl->held_until != 0 && (dl->unrecorded != NULL ||
	    (next != 0 && next < dl->held_until)))
		next = dl->held_until;
	return next;
}

static int64_t
source_next_due(void *arg)
{
	return deliver_next_due(arg);
}

static void
source_run(void *arg)
{
	deliver_run(arg);
}

/* After a turn of the loop in which deliveries ended: their outcomes go
 * to the store together, and new ones start if there is room and
 * something is due. */
static void
deliver_turn(evutil_socket_t fd, short what, void *arg)
{
	struct deliver *dl = arg;

	if (dl->d->stopping) {
		if (deliver_record_all(dl) != 0)
			hold(dl);
		return;
	}
	deliver_run(dl);
	scheduler_rearm(dl->d->scheduler);
}

struct deliver *
deliver_new(struct daemon *d)
{
	struct deliver *dl = calloc(1, sizeof *dl);
	struct failure f = { 0 };
	int n;

	if (dl == NULL)
		return NULL;
	dl->d = d;
	evtimer_assign(&dl->turn, d->base, deliver_turn, dl);
	if ((dl->curl = curlev_new(d->base)) == NULL) {
		free(dl);
		return NULL;
	}
	if ((dl->mailer = mailer_new(d->base)) == NULL) {
		curlev_free(dl->curl);
		free(dl);
		return NULL;
	}
	/* Rows a previous run left sending go back to pending: a duplicate
	 * (same webhook-id) is better than a lost reminder. */
	if ((n = store_outbox_recover(d->store, clock_real(), &f)) < 0)
		log_warnx("outbox: %s", f.message);
	else if (n > 0)
		log_info("outbox: %d deliveries interrupted earlier will be "
		    "sent again", n);
	if (scheduler_add(d->scheduler, &(struct scheduler_source){
	    .name = "deliveries", .next_due = source_next_due,
	    .run = source_run, .arg = dl }) != 0 ||
	    deliver_lease_start(dl) != 0) {
		deliver_free(dl);
		return NULL;
	}
	return dl;
}

void
deliver_free(struct deliver *dl)
{
	struct failure f = { 0 };

	if (dl == NULL)
		return;
	curlev_free(dl->curl);
	mailer_stop(dl->mailer, DELIVER_STOP_GRACE_S);
	mailer_free(dl->mailer);
	while (dl->jobs != NULL)
		job_free(dl->jobs);
	/* One last try; what still cannot be written is sent again after
	 * the restart, under the same id. */
	if (deliver_record_all(dl) != 0) {
		size_t lost = 0;

		while (dl->unrecorded != NULL) {
			deliver_record_pop(dl);
			lost++;
		}
		log_warnx("outbox: %zu delivery outcome(s) could not be "
		    "recorded; those reminders will be sent again", lost);
	}
	if (store_outbox_recover(dl->d->store, clock_real(), &f) < 0)
		log_warnx("outbox: %s", f.message);
	/* Last: the message the mailer waited for may have added it. */
	event_del(&dl->turn);
	free(dl);
}
