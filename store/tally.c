/* Debian's SQLite is built with the pre-update hook; its declarations
 * show only when asked for. */
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Counts kept in memory (issue 17): /metrics and the status answer read
 * these instead of counting tables per request, which took 0.3 s of the
 * event loop with 100,000 contracts.
 *
 * SQLite's pre-update hook shows every row a statement inserts, changes or
 * deletes, with its old and new values, whichever code path wrote it; the
 * changes of a transaction are summed apart and added to the counts when
 * it commits, dropped when it rolls back. Where a change may have been
 * undone behind the hook's back (a statement that failed inside a
 * transaction that then commits, a commit that failed after its hook) or
 * made by another process, the counts are marked stale and the next read
 * counts the tables once. The invariant this needs from store/: a failed
 * statement inside a transaction goes through store_fail, and no
 * savepoints (their partial rollbacks have no hook).
 *
 * PostgreSQL has no such hook, and other daemons write the same tables:
 * there the counts turn stale at every commit and at every notification
 * of another daemon's write, and are counted again at the next read.
 */

/* The columns the hook reads, by position in their table. */
enum { COL_MILESTONE_KIND, COL_MILESTONE_STATUS, COL_OUTBOX_STATUS,
    COL_OUTBOX_CHANNEL, COL_COUNT };

struct tally_channel {
	char *name;
	int64_t waiting, delta;
};

struct tally {
	struct store_tally now, delta;
	struct tally_channel *channels;
	size_t channel_count;
	int col[COL_COUNT];
	bool stale;		/* recount before the next read */
	bool suspect;		/* a statement failed in this transaction */
	bool committing;	/* the commit hook ran; the commit may yet fail */
	bool hooked;		/* SQLite: kept from its hooks */
	int64_t data_version;
};

static struct tally_channel *
channel(struct tally *t, const char *name)
{
	struct tally_channel *c;

	for (size_t i = 0; i < t->channel_count; i++) {
		if (strcmp(t->channels[i].name, name) == 0)
			return &t->channels[i];
	}
	c = realloc(t->channels, (t->channel_count + 1) * sizeof *c);
	if (c == NULL)
		return NULL;
	t->channels = c;
	c = &c[t->channel_count];
	if ((c->name = strdup(name)) == NULL)
		return NULL;
	c->waiting = c->delta = 0;
	t->channel_count++;
	return c;
}

static const char *
value_text(sqlite3 *db, int col, bool old)
{
	sqlite3_value *v = NULL;

	if (col < 0 || (old ? sqlite3_preupdate_old(db, col, &v) :
	    sqlite3_preupdate_new(db, col, &v)) != SQLITE_OK || v == NULL)
		return NULL;
	return (const char *)sqlite3_value_text(v);
}

static void
count_milestone(struct tally *t, sqlite3 *db, bool old, int sign)
{
	const char *kind = value_text(db, t->col[COL_MILESTONE_KIND], old);
	const char *status = value_text(db, t->col[COL_MILESTONE_STATUS], old);
	enum milestone_kind k;
	enum milestone_status s;

	/* A kind this build does not know is left out, as the count leaves
	 * it out. */
	if (kind != NULL && status != NULL && milestone_kind_parse(kind,
	    &k) == 0 && milestone_status_parse(status, &s) == 0 &&
	    (int)s < STORE_MILESTONE_STATUSES)
		t->delta.milestones[k][s] += sign;
}

static void
count_outbox(struct tally *t, sqlite3 *db, bool old, int sign)
{
	const char *status = value_text(db, t->col[COL_OUTBOX_STATUS], old);
	const char *name;
	enum outbox_status s;
	struct tally_channel *c;

	if (status == NULL || outbox_status_parse(status, &s) != 0)
		return;
	t->delta.outbox[s] += sign;
	if (s != OUTBOX_PENDING && s != OUTBOX_RETRYING)
		return;
	name = value_text(db, t->col[COL_OUTBOX_CHANNEL], old);
	if (name == NULL || (c = channel(t, name)) == NULL)
		t->stale = true;
	else
		c->delta += sign;
}

static void
on_change(void *ctx, sqlite3 *db, int op, const char *schema,
    const char *table, sqlite3_int64 key1, sqlite3_int64 key2)
{
	struct tally *t = ctx;
	int sign_old = op == SQLITE_INSERT ? 0 : -1;
	int sign_new = op == SQLITE_DELETE ? 0 : 1;

	(void)key1;
	(void)key2;
	if (strcmp(schema, "main") != 0)
		return;
	t->committing = false;
	if (strcmp(table, "milestones") == 0) {
		if (sign_old)
			count_milestone(t, db, true, sign_old);
		if (sign_new)
			count_milestone(t, db, false, sign_new);
	} else if (strcmp(table, "outbox") == 0) {
		if (sign_old)
			count_outbox(t, db, true, sign_old);
		if (sign_new)
			count_outbox(t, db, false, sign_new);
	} else if (strcmp(table, "contracts") == 0) {
		t->delta.contracts += sign_old + sign_new;
	} else if (strcmp(table, "vacancies") == 0) {
		t->delta.vacancies += sign_old + sign_new;
	}
}

static void
drop_delta(struct tally *t)
{
	memset(&t->delta, 0, sizeof t->delta);
	for (size_t i = 0; i < t->channel_count; i++)
		t->channels[i].delta = 0;
}

static int
on_commit(void *ctx)
{
	struct tally *t = ctx;
	int64_t *now = (int64_t *)&t->now, *delta = (int64_t *)&t->delta;

	_Static_assert(sizeof(struct store_tally) % sizeof(int64_t) == 0,
	    "struct store_tally is int64_t counts only");
	/* A statement failed in this transaction and may have undone rows
	 * the hook counted: what the counts get is not to be trusted. */
	if (t->suspect)
		t->stale = true;
	t->suspect = false;
	for (size_t i = 0; i < sizeof t->now / sizeof(int64_t); i++)
		now[i] += delta[i];
	for (size_t i = 0; i < t->channel_count; i++)
		t->channels[i].waiting += t->channels[i].delta;
	drop_delta(t);
	t->committing = true;
	return 0;
}

static void
on_rollback(void *ctx)
{
	struct tally *t = ctx;

	/* A rollback right after the commit hook: the commit failed, and
	 * the counts already hold its changes. */
	if (t->committing)
		t->stale = true;
	t->committing = false;
	t->suspect = false;	/* whatever failed is undone with the rest */
	drop_delta(t);
}

static int
column(struct db *db, const char *table, const char *name)
{
	char sql[64];
	struct db_stmt *s;
	int pos = -1;

	snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", table);
	if (db_prepare(db, sql, false, &s) != 0)
		return -1;
	while (db_step(s) == DB_ROW) {
		if (strcmp(db_column_text(s, 1), name) == 0)
			pos = (int)db_column_int64(s, 0);
	}
	db_finalize(s);
	return pos;
}

int
store_tally_start(struct store *st, struct failure *f)
{
	struct tally *t = calloc(1, sizeof *t);
	sqlite3 *lite;

	if (t == NULL)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	t->stale = true;	/* counted at the first read */
	st->tally = t;
	if ((lite = db_sqlite(st->db)) == NULL)
		return 0;
	t->col[COL_MILESTONE_KIND] = column(st->db, "milestones", "kind");
	t->col[COL_MILESTONE_STATUS] = column(st->db, "milestones", "status");
	t->col[COL_OUTBOX_STATUS] = column(st->db, "outbox", "status");
	t->col[COL_OUTBOX_CHANNEL] = column(st->db, "outbox", "channel");
	for (int i = 0; i < COL_COUNT; i++) {
		if (t->col[i] < 0) {
			store_tally_stop(st);
			return failure_set(f, FAILURE_INTERNAL, NULL,
			    "the schema lacks a counted column");
		}
	}
	sqlite3_preupdate_hook(lite, on_change, t);
	sqlite3_commit_hook(lite, on_commit, t);
	sqlite3_rollback_hook(lite, on_rollback, t);
	t->hooked = true;
	return 0;
}

void
store_tally_stop(struct store *st)
{
	struct tally *t = st->tally;

	if (t == NULL)
		return;
	if (t->hooked) {
		sqlite3 *lite = db_sqlite(st->db);

		sqlite3_preupdate_hook(lite, NULL, NULL);
		sqlite3_commit_hook(lite, NULL, NULL);
		sqlite3_rollback_hook(lite, NULL, NULL);
	}
	for (size_t i = 0; i < t->channel_count; i++)
		free(t->channels[i].name);
	free(t->channels);
	free(t);
	st->tally = NULL;
}

void
store_tally_begin(struct store *st)
{
	if (st->tally != NULL)
		st->tally->committing = false;
}

void
store_tally_committed(struct store *st)
{
	if (st->tally != NULL && !st->tally->hooked)
		st->tally->stale = true;
}

void
store_changed_elsewhere(struct store *st)
{
	if (st->tally != NULL)
		st->tally->stale = true;
}

void
store_tally_suspect(struct store *st)
{
	/* Outside a transaction a failed statement undid itself whole. */
	if (st->tally != NULL && db_in_transaction(st->db))
		st->tally->suspect = true;
}

/* Counts every table once, in one read transaction. */
static int
recount(struct store *st, struct tally *t)
{
	struct db_stmt *s;
	int rc = 0;

	memset(&t->now, 0, sizeof t->now);
	for (size_t i = 0; i < t->channel_count; i++)
		t->channels[i].waiting = 0;
	if (store_one_int(st, "SELECT count(*) FROM contracts", &t->now.contracts) != 0 ||
	    store_one_int(st, "SELECT count(*) FROM vacancies", &t->now.vacancies) != 0 ||
	    db_prepare(st->db, "SELECT kind, status, count(*) FROM "
	    "milestones GROUP BY kind, status", false, &s) != 0)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		enum milestone_kind k;
		enum milestone_status ms;

		if (milestone_kind_parse(db_column_text(s, 0),
		    &k) == 0 && milestone_status_parse(
		    db_column_text(s, 1), &ms) == 0 &&
		    (int)ms < STORE_MILESTONE_STATUSES)
			t->now.milestones[k][ms] = db_column_int64(s, 2);
	}
	db_finalize(s);
	if (rc != DB_DONE || db_prepare(st->db, "SELECT status, "
	    "channel, count(*) FROM outbox GROUP BY status, channel", false, &s) != 0)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		enum outbox_status os;
		struct tally_channel *c;

		if (outbox_status_parse(db_column_text(s, 0),
		    &os) != 0)
			continue;
		t->now.outbox[os] += db_column_int64(s, 2);
		if (os != OUTBOX_PENDING && os != OUTBOX_RETRYING)
			continue;
		if ((c = channel(t, db_column_text(s, 1))) ==
		    NULL) {
			rc = DB_NOMEM;
			break;
		}
		c->waiting += db_column_int64(s, 2);
	}
	db_finalize(s);
	return rc == DB_DONE ? 0 : -1;
}

const struct store_tally *
store_tally_read(struct store *st, struct failure *f)
{
	struct tally *t = st->tally;
	int64_t version = 0;

	if (t == NULL) {
		failure_set(f, FAILURE_INTERNAL, NULL, "no counts kept");
		return NULL;
	}
	/* Outside a transaction only: inside one, the tables hold changes
	 * the counts do not have yet, and cannot be counted again. */
	if (db_in_transaction(st->db)) {
		if (!t->stale || !t->hooked)
			return &t->now;
		failure_set(f, FAILURE_UNAVAILABLE, NULL, "the counts are being "
		    "corrected; try again");
		return NULL;
	}
	/* data_version moves when another connection commits; read after
	 * every write (the status line), so prepared once. */
	if (t->hooked && store_kept_int(st, STMT_DATA_VERSION,
	    "PRAGMA data_version", &version) != 0) {
		store_fail(st, f, "reading the data version");
		return NULL;
	}
	if (version != t->data_version)
		t->stale = true;
	if (t->stale) {
		/* One snapshot of every table. */
		if (db_exec(st->db, t->hooked ? "BEGIN" : "BEGIN ISOLATION "
		    "LEVEL REPEATABLE READ READ ONLY") != 0) {
			store_fail(st, f, "counting");
			return NULL;
		}
		if (recount(st, t) != 0) {
			store_fail(st, f, "counting");
			db_exec(st->db, "ROLLBACK");
			return NULL;
		}
		if (db_exec(st->db, "COMMIT") != 0) {
			store_fail(st, f, "counting");
			db_exec(st->db, "ROLLBACK");
			return NULL;
		}
		t->stale = false;
		t->data_version = version;
	}
	return &t->now;
}

int
store_outbox_counts(struct store *st, int64_t counts[OUTBOX_STATUS_COUNT],
    struct failure *f)
{
	const struct store_tally *t = store_tally_read(st, f);

	if (t == NULL)
		return -1;
	memcpy(counts, t->outbox, sizeof t->outbox);
	return 0;
}

int
store_outbox_waiting(struct store *st, outbox_channel_fn fn, void *ctx,
    struct failure *f)
{
	struct tally *t = st->tally;
	const struct tally_channel **order;
	size_t n = 0;

	if (store_tally_read(st, f) == NULL)
		return -1;
	if ((order = calloc(t->channel_count + 1, sizeof *order)) == NULL)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	/* By channel name, as the count by SQL gave them. */
	for (size_t i = 0; i < t->channel_count; i++) {
		size_t j;

		if (t->channels[i].waiting <= 0)
			continue;
		for (j = n; j > 0 && strcmp(order[j - 1]->name,
		    t->channels[i].name) > 0; j--)
			order[j] = order[j - 1];
		order[j] = &t->channels[i];
		n++;
	}
	for (size_t i = 0; i < n; i++)
		fn(ctx, order[i]->name, order[i]->waiting);
	free(order);
	return 0;
}
