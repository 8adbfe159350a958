#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db-listen.h"
#include "text-fold.h"

/* 8 MiB of page cache (SQLite's default is 2 MiB). More makes imports of
 * tens of thousands of contracts faster (they touch the milestone date
 * index all over) but costs the daemon its memory target; see bench/. */
#define STORE_CACHE_KIB 8192
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
/* Writers wait this long for a lock before giving up; the daemon is the
 * only regular writer, so waiting longer would only stall its loop. */
#define STORE_BUSY_TIMEOUT_MS 200
/* SQLite's own auto-checkpoint threshold, in pages. */
#define STORE_WAL_CHECKPOINT_PAGES 1000
/* Past this many pages (16 MiB of 4 KiB pages: a large import) the
 * checkpoint also truncates the log, which otherwise keeps its largest
 * size on disk for good. */
#define STORE_WAL_TRUNCATE_PAGES 4096
/* What a passive checkpoint's reset leaves of the log file. */
#define STORE_WAL_LIMIT_BYTES 16777216

struct db_stmt *
store_stmt(struct store *st, enum stmt_id id, const char *sql)
{
	struct db_stmt *s = st->stmts[id];

	if (s == NULL) {
		if (db_prepare(st->db, sql, true, &s) != 0)
			return NULL;
		st->stmts[id] = s;
		return s;
	}
	db_reset(s);
	db_clear_bindings(s);
	return s;
}

int
store_fail(struct store *st, struct failure *f, const char *doing)
{
	enum db_error e = db_error(st->db);

	/* A statement that failed inside a transaction the caller may yet
	 * commit could have changed rows the counts saw and then undone
	 * them. */
	store_tally_suspect(st);

	/* Conditions that pass (space freed, lock released) are the
	 * caller's to retry; anything else is a fault. */
	if (e == DB_ERR_FULL)
		return failure_set(f, FAILURE_UNAVAILABLE, NULL,
		    "%s: the database disk is full", doing);
	/* libpq's words would name the server's host and user to any
	 * caller; the daemon logs them as it tries again. */
	if (e == DB_ERR_UNAVAILABLE && !db_connected(st->db))
		return failure_set(f, FAILURE_UNAVAILABLE, NULL,
		    "%s: the database connection is lost; trying again", doing);
	if (e == DB_ERR_UNAVAILABLE)
		return failure_set(f, FAILURE_UNAVAILABLE, NULL, "%s: %s", doing,
		    db_errmsg(st->db));
	return failure_set(f, FAILURE_INTERNAL, NULL, "%s: %s", doing,
	    db_errmsg(st->db));
}

int
store_step(struct store *st, struct db_stmt *s, struct failure *f,
    const char *doing)
{
	int rc = db_step(s);

	if (rc != DB_DONE)
		store_fail(st, f, doing);
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

static int
run(struct store *st, enum stmt_id id, const char *sql, struct failure *f,
    const char *doing)
{
	struct db_stmt *s = store_stmt(st, id, sql);

	if (s == NULL)
		return store_fail(st, f, doing);
	return store_step(st, s, f, doing);
}

int
store_one_int(struct store *st, const char *sql, int64_t *out)
{
	struct db_stmt *s;
	int rc;

	if (db_prepare(st->db, sql, false, &s) != 0)
		return -1;
	rc = db_step(s);
	if (rc == DB_ROW)
		*out = db_column_int64(s, 0);
	db_finalize(s);
	return rc == DB_ROW ? 0 : -1;
}

int
store_kept_int(struct store *st, enum stmt_id id, const char *sql,
    int64_t *out)
{
	struct db_stmt *s = store_stmt(st, id, sql);
	int rc;

	if (s == NULL)
		return -1;
	if ((rc = db_step(s)) == DB_ROW)
		*out = db_column_int64(s, 0);
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}

int
store_begin(struct store *st, struct failure *f)
{
	store_tally_begin(st);
	st->outbox_only = false;
	/* SQLite takes the write lock at once, so a transaction never fails
	 * half-way for want of it; PostgreSQL locks rows as it writes them. */
	return run(st, STMT_BEGIN, db_backend(st->db) == DB_SQLITE ?
	    "BEGIN IMMEDIATE" : "BEGIN", f, "starting a transaction");
}

int
store_commit(struct store *st, struct failure *f)
{
	if (store_audit_flush(st, f) != 0 ||
	    store_account_flush_uses(st, f) != 0 || store_notify(st, f) != 0 ||
	    run(st, STMT_COMMIT, "COMMIT", f, "committing") != 0) {
		store_rollback(st);
		return -1;
	}
	store_tally_committed(st);
	return 0;
}

int
store_step_write(struct store *st, struct db_stmt *s, const char *doing,
    struct failure *f)
{
	int rc = db_step(s);
	bool constraint;

	db_reset(s);
	if (rc == DB_DONE)
		return (int)db_changes(st->db);
	constraint = db_error(st->db) == DB_ERR_CONSTRAINT;
	if (!constraint)
		store_fail(st, f, doing);
	store_rollback(st);
	return constraint ? -2 : -1;
}

void
store_rollback(struct store *st)
{
	if (db_in_transaction(st->db))
		run(st, STMT_ROLLBACK, "ROLLBACK", NULL, "rolling back");
	store_audit_drop(st);
}

void
store_bind_text(struct db_stmt *s, int i, const char *text)
{
	db_bind_text(s, i, text);
}

void
store_bind_date(struct db_stmt *s, int i, int32_t date)
{
	int y, m, d;

	if (date == DATE_NONE) {
		db_bind_null(s, i);
		return;
	}
	date_to_ymd(date, &y, &m, &d);
	db_bind_int64(s, i, y * 10000 + m * 100 + d);
}

char *
store_column_strdup(struct db_stmt *s, int i)
{
	const char *t = db_column_text(s, i);

	return t != NULL ? strdup(t) : NULL;
}

int32_t
store_column_date(struct db_stmt *s, int i)
{
	int v;

	if (db_column_null(s, i))
		return DATE_NONE;
	v = (int)db_column_int64(s, i);
	if (!date_valid_ymd(v / 10000, v / 100 % 100, v % 100))
		return DATE_NONE;
	return date_from_ymd(v / 10000, v / 100 % 100, v % 100);
}

/* tenured_fold(TEXT): the text as a search compares it (jobs/text-fold.c),
 * NULL for NULL. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	int len = sqlite3_value_bytes(argv[0]);
	char buf[1024];
	char *out = buf;
	size_t cap = sizeof buf, n;

	if (in == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	/* Folding at most doubles a character's bytes ("æ" is 2, "ae" 2;
	 * "ß" 2, "ss" 2): twice the input always fits. */
	if ((size_t)len * 2 + 1 > cap) {
		cap = (size_t)len * 2 + 1;
		if ((out = sqlite3_malloc64(cap)) == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	n = text_fold(in, (size_t)len, out, cap);
	sqlite3_result_text(ctx, out, (int)n, out == buf ? SQLITE_TRANSIENT :
	    sqlite3_free);
}

/* After each commit (in place of SQLite's auto-checkpoint, which keeps the
 * log file at its largest size): 386 MB of database and log after a
 * 100,000-contract import were half log. */
static int
on_wal_commit(void *ctx, sqlite3 *db, const char *schema, int pages)
{
	(void)ctx;
	if (pages >= STORE_WAL_TRUNCATE_PAGES)
		sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_TRUNCATE,
		    NULL, NULL);
	else if (pages >= STORE_WAL_CHECKPOINT_PAGES)
		sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
	return SQLITE_OK;
}

static int
pragma(struct store *st, const char *sql, const char *expect,
    struct failure *f)
{
	struct db_stmt *s;
	int rc, ok = 1;

	if (db_prepare(st->db, sql, false, &s) != 0)
		return store_fail(st, f, sql);
	rc = db_step(s);
	if (expect != NULL)
		ok = rc == DB_ROW && db_column_text(s, 0) != NULL &&
		    strcmp(db_column_text(s, 0), expect) == 0;
	else
		ok = rc == DB_ROW || rc == DB_DONE;
	db_finalize(s);
	if (!ok)
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "%s did not take effect: %s", sql, db_errmsg(st->db));
	return 0;
}

/* After the connection: the schema, then the counts kept in memory. */
static int
start(struct store *st, struct failure *f)
{
	sqlite3 *lite = db_sqlite(st->db);

	if (lite == NULL)
		return store_migrate_check(st, f) != 0 ||
		    store_migrate(st, f) != 0 || store_tally_start(st, f) != 0 ?
		    -1 : 0;
	sqlite3_create_function(lite, "tenured_fold", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold, NULL, NULL);
	sqlite3_busy_timeout(lite, STORE_BUSY_TIMEOUT_MS);
	sqlite3_wal_hook(lite, on_wal_commit, NULL);
	if (store_migrate_check(st, f) != 0 ||
	    pragma(st, "PRAGMA journal_mode = WAL", "wal", f) != 0 ||
	    pragma(st, "PRAGMA synchronous = FULL", NULL, f) != 0 ||
	    pragma(st, "PRAGMA foreign_keys = ON", NULL, f) != 0 ||
	    pragma(st, "PRAGMA cache_size = -" STRINGIFY(STORE_CACHE_KIB), NULL,
	    f) != 0 ||
	    pragma(st, "PRAGMA journal_size_limit = " STRINGIFY(
	    STORE_WAL_LIMIT_BYTES), NULL, f) != 0 ||
	    store_migrate(st, f) != 0 || store_tally_start(st, f) != 0)
		return -1;
	return 0;
}

bool
store_is_postgresql(const char *database)
{
	return strncmp(database, "postgresql://", 13) == 0 ||
	    strncmp(database, "postgres://", 11) == 0;
}

struct store *
store_connect(const char *database, const char *password, struct failure *f)
{
	static bool configured;
	struct store *st;
	bool pg = store_is_postgresql(database);
	char err[sizeof f->message];

	/* SQLite counts the memory it uses behind a global mutex taken at
	 * every allocation (6% of a large import); nothing reads the count.
	 * Only possible before SQLite starts: a later call is refused,
	 * harmlessly. */
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = true;
	}
	st = calloc(1, sizeof *st);

	if (st == NULL) {
		failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		return NULL;
	}
	st->db = pg ? db_open_pg(database, password, err, sizeof err) :
	    db_open_sqlite(database, err, sizeof err);
	if (pg && ((st->uri = strdup(database)) == NULL ||
	    (password != NULL && (st->password = strdup(password)) == NULL))) {
		failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		store_close(st);
		return NULL;
	}
	if (st->db == NULL) {
		failure_set(f, FAILURE_INTERNAL, "database", "%s", err);
		store_close(st);
		return NULL;
	}
	if (start(st, f) != 0) {
		char msg[sizeof f->message];

		memcpy(msg, f->message, sizeof msg);
		/* A URI may carry a password: only its scheme is repeated. */
		failure_set(f, FAILURE_INTERNAL, "database", "%s: %s",
		    pg ? "PostgreSQL" : database, msg);
		store_close(st);
		return NULL;
	}
	return st;
}

struct store *
store_open(const char *path, struct failure *f)
{
	return store_connect(path, NULL, f);
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	/* Uses noted since the last write are kept, like fetch statistics. */
	if (st->use_count > 0 && store_begin(st, NULL) == 0)
		store_commit(st, NULL);
	store_audit_free(st);
	store_tally_stop(st);
	free(st->uses);
	for (int i = 0; i < STMT_COUNT; i++)
		db_finalize(st->stmts[i]);
	db_close(st->db);
	db_listen_close(st->listen);
	free(st->claimant);
	free(st->uri);
	if (st->password != NULL) {
		explicit_bzero(st->password, strlen(st->password));
		free(st->password);
	}
	free(st);
}
