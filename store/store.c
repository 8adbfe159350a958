#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
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

sqlite3_stmt *
store_stmt(struct store *st, enum stmt_id id, const char *sql)
{
	sqlite3_stmt *s = st->stmts[id];

	if (s == NULL) {
		if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
		    &s, NULL) != SQLITE_OK)
			return NULL;
		st->stmts[id] = s;
		return s;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

int
store_fail(struct store *st, struct failure *f, const char *doing)
{
	int code = sqlite3_extended_errcode(st->db) & 0xff;

	/* A statement that failed inside a transaction the caller may yet
	 * commit could have changed rows the counts saw and then undone
	 * them. */
	store_tally_suspect(st);

	/* Conditions that pass (space freed, lock released) are the
	 * caller's to retry; anything else is a fault. */
	if (code == SQLITE_FULL)
		return failure_set(f, FAILURE_UNAVAILABLE, NULL,
		    "%s: the database disk is full", doing);
	if (code == SQLITE_IOERR || code == SQLITE_BUSY ||
	    code == SQLITE_LOCKED || code == SQLITE_READONLY ||
	    code == SQLITE_CANTOPEN)
		return failure_set(f, FAILURE_UNAVAILABLE, NULL, "%s: %s", doing,
		    sqlite3_errmsg(st->db));
	return failure_set(f, FAILURE_INTERNAL, NULL, "%s: %s", doing,
	    sqlite3_errmsg(st->db));
}

int
store_step(struct store *st, sqlite3_stmt *s, struct failure *f,
    const char *doing)
{
	int rc = sqlite3_step(s);

	if (rc != SQLITE_DONE)
		store_fail(st, f, doing);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
run(struct store *st, enum stmt_id id, const char *sql, struct failure *f,
    const char *doing)
{
	sqlite3_stmt *s = store_stmt(st, id, sql);

	if (s == NULL)
		return store_fail(st, f, doing);
	return store_step(st, s, f, doing);
}

int
store_one_int(struct store *st, const char *sql, int64_t *out)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_begin(struct store *st, struct failure *f)
{
	store_tally_begin(st);
	return run(st, STMT_BEGIN, "BEGIN IMMEDIATE", f, "starting a transaction");
}

int
store_commit(struct store *st, struct failure *f)
{
	if (store_audit_flush(st, f) != 0 ||
	    store_account_flush_uses(st, f) != 0 ||
	    run(st, STMT_COMMIT, "COMMIT", f, "committing") != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int
store_step_write(struct store *st, sqlite3_stmt *s, const char *doing,
    struct failure *f)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return sqlite3_changes(st->db);
	if ((rc & 0xff) != SQLITE_CONSTRAINT)
		store_fail(st, f, doing);
	store_rollback(st);
	return (rc & 0xff) == SQLITE_CONSTRAINT ? -2 : -1;
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		run(st, STMT_ROLLBACK, "ROLLBACK", NULL, "rolling back");
	store_audit_drop(st);
}

void
store_bind_text(sqlite3_stmt *s, int i, const char *text)
{
	if (text == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
}

void
store_bind_date(sqlite3_stmt *s, int i, int32_t date)
{
	int y, m, d;

	if (date == DATE_NONE) {
		sqlite3_bind_null(s, i);
		return;
	}
	date_to_ymd(date, &y, &m, &d);
	sqlite3_bind_int(s, i, y * 10000 + m * 100 + d);
}

char *
store_column_strdup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t != NULL ? strdup((const char *)t) : NULL;
}

int32_t
store_column_date(sqlite3_stmt *s, int i)
{
	int v;

	if (sqlite3_column_type(s, i) != SQLITE_INTEGER)
		return DATE_NONE;
	v = sqlite3_column_int(s, i);
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
	sqlite3_stmt *s;
	int rc, ok = 1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, f, sql);
	rc = sqlite3_step(s);
	if (expect != NULL)
		ok = rc == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL &&
		    strcmp((const char *)sqlite3_column_text(s, 0), expect) == 0;
	else
		ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
	sqlite3_finalize(s);
	if (!ok)
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "%s did not take effect: %s", sql, sqlite3_errmsg(st->db));
	return 0;
}

struct store *
store_open(const char *path, struct failure *f)
{
	static bool configured;
	struct store *st;

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
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		int e = st->db != NULL ? sqlite3_system_errno(st->db) : 0;

		failure_set(f, FAILURE_INTERNAL, "database", "cannot open %s: %s%s%s",
		    path, st->db ? sqlite3_errmsg(st->db) : "out of memory",
		    e != 0 ? ": " : "", e != 0 ? strerror(e) : "");
		store_close(st);
		return NULL;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_create_function(st->db, "tenured_fold", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold, NULL, NULL);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	sqlite3_wal_hook(st->db, on_wal_commit, NULL);
	if (store_migrate_check(st, f) != 0 ||
	    pragma(st, "PRAGMA journal_mode = WAL", "wal", f) != 0 ||
	    pragma(st, "PRAGMA synchronous = FULL", NULL, f) != 0 ||
	    pragma(st, "PRAGMA foreign_keys = ON", NULL, f) != 0 ||
	    pragma(st, "PRAGMA cache_size = -" STRINGIFY(STORE_CACHE_KIB), NULL,
	    f) != 0 ||
	    pragma(st, "PRAGMA journal_size_limit = " STRINGIFY(
	    STORE_WAL_LIMIT_BYTES), NULL, f) != 0 ||
	    store_migrate(st, f) != 0 || store_tally_start(st, f) != 0) {
		char msg[sizeof f->message];

		memcpy(msg, f->message, sizeof msg);
		failure_set(f, FAILURE_INTERNAL, "database", "%s: %s", path, msg);
		store_close(st);
		return NULL;
	}
	return st;
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
		sqlite3_finalize(st->stmts[i]);
	sqlite3_close(st->db);
	free(st);
}
