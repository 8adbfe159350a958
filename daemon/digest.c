#include "digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "date.h"
#include "digest-text.h"
#include "email.h"
#include "localtime.h"
#include "log.h"
#include "recipient-lang.h"
#include "scheduler.h"
#include "scope.h"
#include "store.h"

/* How long a digest planning that failed waits to try again. */
#define DIGEST_RETRY_S 60

/* The day's recipients, each once (addresses compare without case). */
struct recipients {
	char **addrs;
	size_t count, cap;
};

static int
recipients_add(void *ctx, const char *addr)
{
	struct recipients *r = ctx;
	char *copy;

	for (size_t i = 0; i < r->count; i++) {
		if (strcasecmp(r->addrs[i], addr) == 0)
			return 0;
	}
	if (r->count == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;
		void *n = realloc(r->addrs, ncap * sizeof *r->addrs);

		if (n == NULL)
			return -1;
		r->addrs = n;
		r->cap = ncap;
	}
	if ((copy = strdup(addr)) == NULL)
		return -1;
	r->addrs[r->count++] = copy;
	return 0;
}

static void
recipients_free(struct recipients *r)
{
	for (size_t i = 0; i < r->count; i++)
		free(r->addrs[i]);
	free(r->addrs);
}

/* The first working day from day on, at the digest's time. */
static int64_t
instant_from(const struct config *c, int32_t day)
{
	while (!holidays_is_working_day(&c->holiday_set, day))
		day++;
	return localtime_to_instant(c->timezone, day, c->digest.minutes * 60);
}

void
digest_reset(struct daemon *d)
{
	d->digest_at = d->config->digest.on ?
	    instant_from(d->config, clock_today(d->config->timezone)) : 0;
}

static int64_t
next_due(void *arg)
{
	const struct daemon *d = arg;

	return d->digest_at;
}

static void
run(void *arg)
{
	digest_plan_due(arg);
}

int
digest_start(struct daemon *d)
{
	digest_reset(d);
	return scheduler_add(d->scheduler, &(struct scheduler_source){
	    .name = "digest", .next_due = next_due, .run = run, .arg = d });
}

void
digest_plan_due(struct daemon *d)
{
	const struct config *c = d->config;
	struct recipients r = { 0 };
	struct failure f = { 0 };
	int32_t today = clock_today(d->config->timezone);
	int added = 0;
	bool ok = true;

	if (d->digest_at == 0 || clock_schedule() < d->digest_at)
		return;
	/* After a suspend or a clock jump the planned day may be gone: only
	 * today's digest is worth sending. */
	if (holidays_is_working_day(&c->holiday_set, today)) {
		for (size_t i = 0; ok && (c->digest.roles & ROLE_HR) &&
		    i < c->hr_count; i++)
			ok = recipients_add(&r, c->hr[i]) == 0;
		if (ok && (c->digest.roles & (ROLE_MANAGER | ROLE_STAFF)) &&
		    store_digest_recipients(d->store,
		    (c->digest.roles & ROLE_MANAGER) != 0,
		    (c->digest.roles & ROLE_STAFF) != 0, today,
		    today + DIGEST_DAYS - 1, recipients_add, &r, &f) != 0)
			ok = false;
		if (ok && (added = store_digest_plan(d->store, today,
		    localtime_to_instant(c->timezone, today,
		    c->digest.minutes * 60), (const char *const *)r.addrs,
		    r.count, clock_real(), &f)) < 0)
			ok = false;
		if (!ok)
			log_warnx("digest: %s", f.message[0] ? f.message :
			    "out of memory");
		else if (added > 0)
			log_info("digest: %d planned for today", added);
	}
	recipients_free(&r);
	/* A failure (a full disk, say) tries again in a minute rather than
	 * lose the day. */
	d->digest_at = ok ? instant_from(c, today + 1) :
	    clock_schedule() + DIGEST_RETRY_S;
}

/* Items gathered from one or more scopes, before sorting. */
struct found {
	struct digest_item it;
	int64_t id;
	bool overdue;
};

struct gathered {
	struct found *items;
	size_t count, cap;
	bool awaiting;			/* the query being read */
};

static void
found_clear(struct found *x)
{
	free(x->it.vacancy);
	free(x->it.person_name);
	free(x->it.title);
}

static int
gather(void *ctx, const struct milestone_row *row)
{
	struct gathered *g = ctx;
	struct found *x;

	if (row->m.status != MS_SCHEDULED)
		return 0;
	if (g->count == g->cap) {
		size_t ncap = g->cap ? g->cap * 2 : 64;
		void *n = realloc(g->items, ncap * sizeof *g->items);

		if (n == NULL)
			return -1;
		g->items = n;
		g->cap = ncap;
	}
	x = &g->items[g->count];
	*x = (struct found){
		.it = { .kind = row->m.kind, .date = row->m.date,
		    .at = row->m.at, .contract_id = row->contract_id },
		.id = row->id, .overdue = g->awaiting,
	};
	if ((row->vacancy != NULL &&
	    (x->it.vacancy = strdup(row->vacancy)) == NULL) ||
	    (row->person_name != NULL &&
	    (x->it.person_name = strdup(row->person_name)) == NULL) ||
	    (row->title != NULL &&
	    (x->it.title = strdup(row->title)) == NULL)) {
		found_clear(x);
		return -1;
	}
	g->count++;
	return 0;
}

/* Overdue first, then by date; the same milestone twice (a manager who is
 * also the staff member) side by side. */
static int
found_order(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	if (x->overdue != y->overdue)
		return x->overdue ? -1 : 1;
	if (x->it.date != y->it.date)
		return x->it.date < y->it.date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* The scopes a recipient's digest covers: everything for hr, else what
 * they manage and what is their own, as the roles allow. */
static size_t
scopes_of(const struct config *c, const char *to, struct scope out[2])
{
	size_t n = 0;

	for (size_t i = 0; (c->digest.roles & ROLE_HR) && i < c->hr_count;
	    i++) {
		if (strcasecmp(c->hr[i], to) == 0) {
			out[0] = (struct scope){ .type = SCOPE_ALL };
			return 1;
		}
	}
	if (c->digest.roles & ROLE_MANAGER) {
		out[n] = (struct scope){ .type = SCOPE_MANAGER };
		snprintf(out[n++].value, sizeof out[0].value, "%s", to);
	}
	if (c->digest.roles & ROLE_STAFF) {
		out[n] = (struct scope){ .type = SCOPE_PERSON };
		snprintf(out[n++].value, sizeof out[0].value, "%s", to);
	}
	return n;
}

/* Reads what is due for one recipient into g (sorted, each once). */
static int
digest_read(struct daemon *d, const char *to, int32_t day,
    struct digest *dg, struct failure *f)
{
	struct gathered g = { 0 };
	struct scope scopes[2];
	size_t n = scopes_of(d->config, to, scopes);
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct milestone_query q = {
			.from = day, .to = day + DIGEST_DAYS - 1, .kind = -1,
			.scope = &scopes[i], .limit = 1000000,
		};

		g.awaiting = true;
		rc = store_milestones_awaiting(d->store, day, &scopes[i],
		    gather, &g, f);
		g.awaiting = false;
		if (rc == 0)
			rc = store_milestones_query(d->store, &q, gather, &g,
			    f);
	}
	if (rc == 0 && g.count > 1)
		qsort(g.items, g.count, sizeof *g.items, found_order);
	for (size_t i = 0; rc == 0 && i < g.count; i++) {
		if (i > 0 && g.items[i].id == g.items[i - 1].id)
			continue;
		if (digest_text_add(dg, &g.items[i].it,
		    g.items[i].overdue) != 0)
			rc = failure_set(f, FAILURE_INTERNAL, NULL,
			    "out of memory for the digest");
	}
	for (size_t i = 0; i < g.count; i++)
		found_clear(&g.items[i]);
	free(g.items);
	return rc;
}

int
digest_message(struct daemon *d, const struct outbox_row *row, char **msg,
    size_t *len, struct failure *f)
{
	const struct config *c = d->config;
	struct digest dg;
	char id[160], *subject = NULL, *text = NULL;
	int rc = -1;

	digest_text_init(&dg, row->milestone_date, c->timezone);
	dg.lang = recipient_lang(d->store, c, row->recipient, 0);
	if (digest_read(d, row->recipient, row->milestone_date, &dg, f) != 0)
		goto out;
	if (digest_text_empty(&dg)) {
		rc = 1;
		goto out;
	}
	/* The same id on every attempt, as for reminders. */
	snprintf(id, sizeof id, "digest-%lld@%s", (long long)row->id,
	    c->domain);
	if ((subject = digest_text_subject(&dg)) == NULL ||
	    (text = digest_text_body(&dg)) == NULL ||
	    (*msg = email_message_plain(&c->smtp, row->recipient, id, subject,
	    text, c->timezone, clock_real(), len)) == NULL) {
		failure_set(f, FAILURE_INTERNAL, NULL,
		    "cannot build the digest message");
		goto out;
	}
	rc = 0;
out:
	free(subject);
	free(text);
	digest_text_clear(&dg);
	return rc;
}
