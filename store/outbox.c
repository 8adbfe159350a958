#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "reminder.h"

static const char *const status_names[OUTBOX_STATUS_COUNT] = {
	[OUTBOX_PENDING] = "pending",
	[OUTBOX_SENDING] = "sending",
	[OUTBOX_SENT] = "sent",
	[OUTBOX_RETRYING] = "retrying",
	[OUTBOX_DEAD] = "dead",
	[OUTBOX_CANCELLED] = "cancelled",
	[OUTBOX_EXPIRED] = "expired",
};

const char *
outbox_status_name(enum outbox_status s)
{
	return (unsigned)s < OUTBOX_STATUS_COUNT ? status_names[s] : "unknown";
}

int
outbox_status_parse(const char *name, enum outbox_status *out)
{
	for (int i = 0; name != NULL && i < OUTBOX_STATUS_COUNT; i++) {
		if (strcmp(status_names[i], name) == 0) {
			*out = (enum outbox_status)i;
			return 0;
		}
	}
	return -1;
}

void
store_set_planning(struct store *st, const struct outbox_planning *p)
{
	st->planning = p;
}

/* Row ids kept by one planning pass. */
struct kept {
	int64_t *ids;
	size_t count;
	size_t cap;
};

static int
kept_add(struct kept *k, int64_t id)
{
	if (k->count == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 32;
		int64_t *ids = realloc(k->ids, cap * sizeof *ids);

		if (ids == NULL)
			return -1;
		k->ids = ids;
		k->cap = cap;
	}
	k->ids[k->count++] = id;
	return 0;
}

static bool
kept_has(const struct kept *k, int64_t id)
{
	for (size_t i = 0; i < k->count; i++) {
		if (k->ids[i] == id)
			return true;
	}
	return false;
}

static void
bind_owner(struct db_stmt *s, int first, const struct milestone_owner *o)
{
	db_bind_int64(s, first, o->vacancy ? 0 : o->id);
	db_bind_int64(s, first + 1, o->vacancy ? o->id : 0);
}

/* The existing row for this reminder instance, if any: its id (0 when
 * none), status and due instant. */
static int
find_row(struct store *st, const struct milestone_owner *o,
    const struct milestone *m, const struct reminder_offset *off,
    const char *channel, const char *recipient, int64_t *id, char *status,
    size_t status_len, int64_t *due, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_OUTBOX_FIND,
	    "SELECT id, status, due_at FROM outbox WHERE coalesce(contract_id, 0) "
	    "= ?1 AND coalesce(vacancy_id, 0) = ?2 AND kind = ?3 AND "
	    "milestone_date = ?4 AND \"offset\" = ?5 AND channel = ?6 AND "
	    "recipient = ?7");
	int rc;

	*id = 0;
	status[0] = '\0';
	if (s == NULL)
		return store_fail(st, f, "preparing the outbox lookup");
	bind_owner(s, 1, o);
	db_bind_text(s, 3, milestone_kind_name(m->kind));
	store_bind_date(s, 4, m->date);
	db_bind_text(s, 5, off->text);
	db_bind_text(s, 6, channel);
	db_bind_text(s, 7, recipient);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_column_int64(s, 0);
		snprintf(status, status_len, "%s",
		    db_column_text(s, 1));
		*due = db_column_int64(s, 2);
	}
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_fail(st, f, "looking up a reminder");
	return 0;
}

/* One reminder instance for one recipient: found, moved, revived or
 * added; its id joins kept. A fresh owner has no rows to find. */
static int
upsert(struct store *st, const struct milestone_owner *o, int64_t milestone_id,
    const struct milestone *m, const struct reminder_offset *off,
    const struct planned_reminder *p, const char *channel,
    const char *recipient, bool fresh, int64_t now, struct kept *kept,
    struct failure *f)
{
	struct db_stmt *s;
	int64_t id = 0, due = 0;
	char status[16] = "";

	if (!fresh && find_row(st, o, m, off, channel, recipient, &id, status,
	    sizeof status, &due, f) != 0)
		return -1;
	if (id == 0) {
		s = store_stmt(st, STMT_OUTBOX_INSERT,
		    "INSERT INTO outbox (milestone_id, contract_id, vacancy_id, "
		    "kind, milestone_date, \"offset\", channel, recipient, escalation, "
		    "due_at, status, next_attempt_at, created_at, updated_at) "
		    "VALUES (?1, nullif(?2, 0), nullif(?3, 0), ?4, ?5, ?6, ?7, ?8, "
		    "?9, ?10, ?11, ?10, ?12, ?12)");
		if (s == NULL)
			return store_fail(st, f, "preparing a reminder");
		db_bind_int64(s, 1, milestone_id);
		bind_owner(s, 2, o);
		db_bind_text(s, 4, milestone_kind_name(m->kind));
		store_bind_date(s, 5, m->date);
		db_bind_text(s, 6, off->text);
		db_bind_text(s, 7, channel);
		db_bind_text(s, 8, recipient);
		db_bind_int64(s, 9, off->after);
		db_bind_int64(s, 10, p->due_at);
		db_bind_text(s, 11, p->expired ? "expired" : "pending");
		db_bind_int64(s, 12, now);
		if (store_step(st, s, f, "storing a reminder") != 0)
			return -1;
		id = db_last_insert_id(st->db);
	} else if ((strcmp(status, "pending") == 0 && due != p->due_at) ||
	    strcmp(status, "cancelled") == 0) {
		/* Moved (send time or holidays changed), or planned again
		 * after a revocation: pending at the new instant. */
		s = store_stmt(st, STMT_OUTBOX_REDUE,
		    "UPDATE outbox SET status = ?2, due_at = ?3, "
		    "next_attempt_at = ?3, milestone_id = ?4, updated_at = ?5 "
		    "WHERE id = ?1 AND status IN ('pending', 'cancelled')");
		if (s == NULL)
			return store_fail(st, f, "preparing a reminder change");
		db_bind_int64(s, 1, id);
		db_bind_text(s, 2, p->expired ? "expired" : "pending");
		db_bind_int64(s, 3, p->due_at);
		db_bind_int64(s, 4, milestone_id);
		db_bind_int64(s, 5, now);
		if (store_step(st, s, f, "moving a reminder") != 0)
			return -1;
	}
	if (!fresh && kept_add(kept, id) != 0)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	return 0;
}

static int
cancel_rest(struct store *st, const struct milestone_owner *o,
    const struct kept *kept, int64_t now, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_OUTBOX_OWNER_OPEN,
	    "SELECT id FROM outbox WHERE coalesce(contract_id, 0) = ?1 AND "
	    "coalesce(vacancy_id, 0) = ?2 AND status IN ('pending', 'retrying')");
	struct kept gone = { 0 };
	int rc;

	if (s == NULL)
		return store_fail(st, f, "preparing the outbox");
	bind_owner(s, 1, o);
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t id = db_column_int64(s, 0);

		if (!kept_has(kept, id) && kept_add(&gone, id) != 0)
			break;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		free(gone.ids);
		return rc == DB_ROW ?
		    failure_set(f, FAILURE_INTERNAL, NULL, "out of memory") :
		    store_fail(st, f, "reading the outbox");
	}
	/* A row another daemon claimed since it was read is being sent:
	 * the status it was read in must still hold. */
	for (size_t i = 0; i < gone.count; i++) {
		if ((s = store_stmt(st, STMT_OUTBOX_CANCEL, "UPDATE outbox SET "
		    "status = 'cancelled', updated_at = ?2 WHERE id = ?1 AND "
		    "status IN ('pending', 'retrying')")) == NULL) {
			free(gone.ids);
			return store_fail(st, f, "preparing a cancellation");
		}
		db_bind_int64(s, 1, gone.ids[i]);
		db_bind_int64(s, 2, now);
		if (store_step(st, s, f, "cancelling a reminder") != 0) {
			free(gone.ids);
			return -1;
		}
	}
	free(gone.ids);
	return 0;
}

int
store_outbox_plan(struct store *st, const struct milestone_owner *o,
    const char *manager, const char *staff, bool fresh, int64_t real_now,
    struct failure *f)
{
	const struct outbox_planning *p = st->planning;
	struct db_stmt *s;
	struct kept kept = { 0 };
	struct milestone *ms = NULL;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int64_t now;
	int rc;

	if (p == NULL)
		return 0;
	now = p->now();
	/* Plain equality, so the partial indexes of milestones apply. */
	s = o->vacancy ? store_stmt(st, STMT_OUTBOX_VACANCY_MILESTONES,
	    "SELECT id, kind, term_end, date, at, status FROM milestones "
	    "WHERE vacancy_id = ?1") :
	    store_stmt(st, STMT_OUTBOX_OWNER_MILESTONES,
	    "SELECT id, kind, term_end, date, at, status FROM milestones "
	    "WHERE contract_id = ?1");
	if (s == NULL)
		return store_fail(st, f, "preparing the milestones");
	db_bind_int64(s, 1, o->id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct milestone m = { 0 };

		if (milestone_kind_parse(db_column_text(s, 1),
		    &m.kind) != 0 || milestone_status_parse(
		    db_column_text(s, 5), &m.status) != 0)
			continue;
		m.term_end = store_column_date(s, 2);
		m.date = store_column_date(s, 3);
		m.at = db_column_int64(s, 4);
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			void *a = realloc(ms, ncap * sizeof *ms);
			void *b = a != NULL ? realloc(ids, ncap * sizeof *ids) : NULL;

			if (a != NULL)
				ms = a;
			if (b == NULL)
				break;
			ids = b;
			cap = ncap;
		}
		ms[n] = m;
		ids[n++] = db_column_int64(s, 0);
	}
	db_reset(s);
	if (rc != DB_DONE) {
		free(ms);
		free(ids);
		return rc == DB_ROW ?
		    failure_set(f, FAILURE_INTERNAL, NULL, "out of memory") :
		    store_fail(st, f, "reading the milestones");
	}
	for (size_t i = 0; i < n; i++) {
		const struct reminder_rule *rule = &p->rules[ms[i].kind];
		struct planned_reminder planned[REMINDER_OFFSETS_MAX];
		size_t np;

		if (rule->off)
			continue;
		np = reminder_plan(rule, &ms[i], p->timezone, p->send_minutes,
		    p->holidays, now, planned);
		for (size_t j = 0; j < np; j++) {
			const struct reminder_offset *off =
			    &rule->offsets[planned[j].offset_index];

			for (int c = 0; c < rule->channel_count; c++) {
				const char *chan = rule->channels[c];
				const char *to[64];
				size_t nto = 1;

				if (strcmp(chan, "email") == 0)
					nto = reminder_recipients(rule->roles,
					    p->hr, p->hr_count, manager, staff,
					    to, 64);
				else
					to[0] = "";
				for (size_t r = 0; r < nto; r++) {
					if (upsert(st, o, ids[i], &ms[i], off,
					    &planned[j], chan, to[r], fresh,
					    real_now, &kept, f) != 0)
						goto fail;
				}
			}
		}
	}
	rc = fresh ? 0 : cancel_rest(st, o, &kept, real_now, f);
	free(ms);
	free(ids);
	free(kept.ids);
	return rc;
fail:
	free(ms);
	free(ids);
	free(kept.ids);
	return -1;
}

void
outbox_row_clear(struct outbox_row *r)
{
	free(r->recipient);
	free(r->last_error);
	free(r->vacancy);
	free(r->person_name);
	free(r->person_email);
	free(r->title);
	memset(r, 0, sizeof *r);
}

void
outbox_rows_free(struct outbox_row *rows, size_t n)
{
	for (size_t i = 0; rows != NULL && i < n; i++)
		outbox_row_clear(&rows[i]);
	free(rows);
}

static void
row_read(struct db_stmt *s, struct outbox_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_column_int64(s, 0);
	r->milestone_id = db_column_int64(s, 1);
	r->digest = db_column_null(s, 1);
	if (r->digest || milestone_kind_parse(db_column_text(s, 2), &r->kind) != 0)
		r->kind = MS_CONTRACT_START;
	r->milestone_date = store_column_date(s, 3);
	r->at = db_column_int64(s, 4);
	snprintf(r->offset, sizeof r->offset, "%s",
	    db_column_text(s, 5));
	snprintf(r->channel, sizeof r->channel, "%s",
	    db_column_text(s, 6));
	r->recipient = store_column_strdup(s, 7);
	r->escalation = db_column_int64(s, 8) != 0;
	r->due_at = db_column_int64(s, 9);
	if (outbox_status_parse(db_column_text(s, 10),
	    &r->status) != 0)
		r->status = OUTBOX_PENDING;
	r->attempts = db_column_int64(s, 11);
	r->first_attempt_at = db_column_int64(s, 12);
	r->next_attempt_at = db_column_int64(s, 13);
	r->last_error = store_column_strdup(s, 14);
	r->sent_at = db_column_int64(s, 15);
	r->contract_id = db_column_int64(s, 16);
	r->vacancy = store_column_strdup(s, 17);
	r->person_name = store_column_strdup(s, 18);
	r->person_email = store_column_strdup(s, 19);
	r->title = store_column_strdup(s, 20);
	r->term_end = store_column_date(s, 21);
	r->sequence = db_column_int64(s, 22);
	r->updated_at = db_column_int64(s, 23);
}

int
store_outbox_read_rows(struct store *st, struct db_stmt *s,
    struct outbox_row **out,
    size_t *count, struct failure *f)
{
	struct outbox_row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			void *nr = realloc(rows, ncap * sizeof *rows);

			if (nr == NULL)
				break;
			rows = nr;
			cap = ncap;
		}
		row_read(s, &rows[n++]);
	}
	db_reset(s);
	if (rc != DB_DONE) {
		outbox_rows_free(rows, n);
		return rc == DB_ROW ?
		    failure_set(f, FAILURE_INTERNAL, NULL, "out of memory") :
		    store_fail(st, f, "reading the outbox");
	}
	*out = rows;
	*count = n;
	return 0;
}

int
store_outbox_next_due(struct store *st, const char *channels, int64_t *out,
    struct failure *f)
{
	/* At every re-arming of the scheduler: prepared once. On a shared
	 * database the rows other daemons are sending count from the end of
	 * their lease, when they are taken over if that daemon died. */
	struct db_stmt *s = db_backend(st->db) == DB_SQLITE ?
	    store_stmt(st, STMT_OUTBOX_NEXT_DUE,
	    "SELECT min(next_attempt_at) FROM outbox "
	    "WHERE status IN ('pending', 'retrying') AND channel LIKE ?1") :
	    store_stmt(st, STMT_OUTBOX_NEXT_DUE,
	    /* One probe of the due index per state: an IN on the states
	     * made PostgreSQL read every waiting row (147 ms for 400,000
	     * against 1 ms). */
	    "SELECT min(m) FROM (SELECT min(next_attempt_at) AS m FROM outbox "
	    "WHERE status = 'pending' AND channel LIKE ?1 "
	    "UNION ALL SELECT min(next_attempt_at) FROM outbox "
	    "WHERE status = 'retrying' AND channel LIKE ?1 "
	    "UNION ALL SELECT min(lease_until) FROM outbox "
	    "WHERE status = 'sending' AND channel LIKE ?1 AND "
	    "coalesce(claimed_by, '') <> coalesce(?2, '')) AS due");
	int rc;

	*out = 0;
	if (s == NULL)
		return store_fail(st, f, "preparing the next due reminder");
	db_bind_text(s, 1, channels);
	if (db_backend(st->db) == DB_POSTGRESQL)
		store_bind_text(s, 2, st->claimant);
	rc = db_step(s);
	if (rc == DB_ROW)
		*out = db_column_int64(s, 0);
	else
		store_fail(st, f, "finding the next due reminder");
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}

int
store_outbox_claim(struct store *st, const char *channels, int64_t now,
    int64_t real_now, int limit, struct outbox_row **out, size_t *count,
    struct failure *f)
{
	struct db_stmt *s;

	*out = NULL;
	*count = 0;
	if (store_begin(st, f) != 0)
		return -1;
	store_outbox_only(st);
	/* Each state in the order of its index (status, next_attempt_at,
	 * channel), cut at limit, and only those rows joined and sorted: a
	 * sort of every due row (IN on status defeats the index's order)
	 * would read them all, with their joins, at every claim.
	 * PostgreSQL, which several daemons share, skips the rows another
	 * is claiming at this moment, and takes over those whose lease ran
	 * out, keeping their id and so their webhook-id and Message-ID.
	 * Leases run on the scheduling clock, as due times do. */
	s = db_backend(st->db) == DB_POSTGRESQL ?
	    store_stmt(st, STMT_OUTBOX_CLAIM, OUTBOX_SELECT
	    /* Each state read in its index's order and cut at the limit, as
	     * on SQLite: one query over the three sorted every due row (98
	     * ms for 120,000, against 1.3 ms). */
	    "WHERE o.id IN (WITH p AS (SELECT id, next_attempt_at FROM outbox "
	    "WHERE status = 'pending' AND channel LIKE ?1 AND "
	    "next_attempt_at <= ?2 ORDER BY next_attempt_at LIMIT ?3 "
	    "FOR UPDATE SKIP LOCKED), "
	    "r AS (SELECT id, next_attempt_at FROM outbox "
	    "WHERE status = 'retrying' AND channel LIKE ?1 AND "
	    "next_attempt_at <= ?2 ORDER BY next_attempt_at LIMIT ?3 "
	    "FOR UPDATE SKIP LOCKED), "
	    "s AS (SELECT id, next_attempt_at FROM outbox "
	    "WHERE status = 'sending' AND lease_until <= ?2 AND "
	    "channel LIKE ?1 AND coalesce(claimed_by, '') <> coalesce(?4, '') "
	    "LIMIT ?3 FOR UPDATE SKIP LOCKED) "
	    "SELECT id FROM (SELECT * FROM p UNION ALL SELECT * FROM r "
	    "UNION ALL SELECT * FROM s) AS due "
	    "ORDER BY next_attempt_at, id LIMIT ?3) "
	    "ORDER BY o.next_attempt_at, o.channel, o.id") :
	    store_stmt(st, STMT_OUTBOX_CLAIM, OUTBOX_SELECT
	    "WHERE o.id IN (SELECT id FROM (SELECT id FROM outbox WHERE "
	    "status = 'pending' AND channel LIKE ?1 AND next_attempt_at <= ?2 "
	    "ORDER BY next_attempt_at, channel, id LIMIT ?3) UNION ALL "
	    "SELECT id FROM (SELECT id FROM outbox WHERE status = 'retrying' "
	    "AND channel LIKE ?1 AND next_attempt_at <= ?2 ORDER BY "
	    "next_attempt_at, channel, id LIMIT ?3)) "
	    "ORDER BY o.next_attempt_at, o.channel, o.id LIMIT ?3");
	if (s == NULL) {
		store_fail(st, f, "preparing the due reminders");
		goto fail;
	}
	db_bind_text(s, 1, channels);
	db_bind_int64(s, 2, now);
	db_bind_int64(s, 3, limit);
	if (db_backend(st->db) == DB_POSTGRESQL)
		store_bind_text(s, 4, st->claimant);
	if (store_outbox_read_rows(st, s, out, count, f) != 0)
		goto fail;
	/* Nothing due after all (another daemon was first): no write, and
	 * no notification to wake the others. */
	if (*count == 0) {
		store_rollback(st);
		return 0;
	}
	for (size_t i = 0; i < *count; i++) {
		struct outbox_row *r = &(*out)[i];

		s = store_stmt(st, STMT_OUTBOX_CLAIM_MARK,
		    "UPDATE outbox SET status = 'sending', attempts = attempts + 1, "
		    "first_attempt_at = coalesce(first_attempt_at, ?2), "
		    "claimed_by = ?3, lease_until = ?4, "
		    "updated_at = ?2 WHERE id = ?1");
		if (s == NULL) {
			store_fail(st, f, "preparing a claim");
			goto fail;
		}
		db_bind_int64(s, 1, r->id);
		db_bind_int64(s, 2, real_now);
		store_bind_text(s, 3, st->claimant);
		db_bind_int64(s, 4, now + st->lease);
		if (store_step(st, s, f, "claiming a reminder") != 0)
			goto fail;
		r->taken_over = r->status == OUTBOX_SENDING;
		r->attempts++;
		if (r->first_attempt_at == 0)
			r->first_attempt_at = real_now;
		r->status = OUTBOX_SENDING;
	}
	if (store_commit(st, f) != 0)
		goto fail_committed;
	return 0;
fail:
	store_rollback(st);
fail_committed:
	outbox_rows_free(*out, *count);
	*out = NULL;
	*count = 0;
	return -1;
}
