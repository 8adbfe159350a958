/* db.h over SQLite, and the dispatch to db-pg.c for PostgreSQL. SQLite's
 * calls stay one branch away from the store: its figures are the
 * default's. */
#include "db.h"
#include "db-pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db {
	enum db_backend backend;
	sqlite3 *lite;
	struct db_pg *pg;
};

struct db_stmt {
	struct db *db;
	sqlite3_stmt *lite;
	struct db_pg_stmt *pg;
};

struct db *
db_open_sqlite(const char *path, char *err, size_t err_len)
{
	struct db *db = calloc(1, sizeof *db);

	if (db == NULL) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	db->backend = DB_SQLITE;
	if (sqlite3_open_v2(path, &db->lite, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		int e = db->lite != NULL ? sqlite3_system_errno(db->lite) : 0;

		snprintf(err, err_len, "cannot open %s: %s%s%s", path,
		    db->lite ? sqlite3_errmsg(db->lite) : "out of memory",
		    e != 0 ? ": " : "", e != 0 ? strerror(e) : "");
		db_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db->lite, 1);
	return db;
}

struct db *
db_open_pg(const char *uri, const char *password, char *err, size_t err_len)
{
	struct db *db = calloc(1, sizeof *db);

	if (db == NULL) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	db->backend = DB_POSTGRESQL;
	if ((db->pg = db_pg_open(uri, password, err, err_len)) == NULL) {
		free(db);
		return NULL;
	}
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->lite != NULL)
		sqlite3_close(db->lite);
	db_pg_close(db->pg);
	free(db);
}

enum db_backend
db_backend(const struct db *db)
{
	return db->backend;
}

int
db_prepare(struct db *db, const char *sql, bool persistent,
    struct db_stmt **out)
{
	struct db_stmt *s = calloc(1, sizeof *s);

	*out = NULL;
	if (s == NULL)
		return -1;
	s->db = db;
	if (db->backend == DB_POSTGRESQL) {
		if ((s->pg = db_pg_prepare(db->pg, sql, persistent)) == NULL) {
			free(s);
			return -1;
		}
	} else if (sqlite3_prepare_v3(db->lite, sql, -1, persistent ?
	    SQLITE_PREPARE_PERSISTENT : 0, &s->lite, NULL) != SQLITE_OK) {
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void
db_finalize(struct db_stmt *s)
{
	if (s == NULL)
		return;
	if (s->lite != NULL)
		sqlite3_finalize(s->lite);
	db_pg_finalize(s->pg);
	free(s);
}

void
db_reset(struct db_stmt *s)
{
	if (s->lite != NULL)
		sqlite3_reset(s->lite);
	else
		db_pg_reset(s->pg);
}

void
db_clear_bindings(struct db_stmt *s)
{
	if (s->lite != NULL)
		sqlite3_clear_bindings(s->lite);
	else
		db_pg_clear_bindings(s->pg);
}

void
db_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	if (s->lite != NULL)
		sqlite3_bind_int64(s->lite, i, v);
	else
		db_pg_bind_int64(s->pg, i, v);
}

void
db_bind_null(struct db_stmt *s, int i)
{
	if (s->lite != NULL)
		sqlite3_bind_null(s->lite, i);
	else
		db_pg_bind(s->pg, i, NULL, 0, DB_PG_NULL);
}

void
db_bind_text(struct db_stmt *s, int i, const char *text)
{
	if (text == NULL)
		db_bind_null(s, i);
	else if (s->lite != NULL)
		sqlite3_bind_text(s->lite, i, text, -1, SQLITE_TRANSIENT);
	else
		db_pg_bind(s->pg, i, text, strlen(text), DB_PG_TEXT);
}

void
db_bind_blob(struct db_stmt *s, int i, const void *p, size_t len)
{
	if (s->lite != NULL)
		sqlite3_bind_blob64(s->lite, i, p, len, SQLITE_TRANSIENT);
	else
		db_pg_bind(s->pg, i, p, len, DB_PG_BLOB);
}

int
db_step(struct db_stmt *s)
{
	if (s->lite != NULL)
		return sqlite3_step(s->lite);
	return db_pg_step(s->pg);
}

bool
db_column_null(struct db_stmt *s, int i)
{
	if (s->lite != NULL)
		return sqlite3_column_type(s->lite, i) == SQLITE_NULL;
	return db_pg_column_null(s->pg, i);
}

int64_t
db_column_int64(struct db_stmt *s, int i)
{
	if (s->lite != NULL)
		return sqlite3_column_int64(s->lite, i);
	return db_pg_column_int64(s->pg, i);
}

const char *
db_column_text(struct db_stmt *s, int i)
{
	if (s->lite != NULL)
		return (const char *)sqlite3_column_text(s->lite, i);
	return db_pg_column_text(s->pg, i);
}

const void *
db_column_blob(struct db_stmt *s, int i, size_t *len)
{
	const void *p;

	if (s->lite == NULL)
		return db_pg_column_blob(s->pg, i, len);
	p = sqlite3_column_blob(s->lite, i);
	*len = (size_t)sqlite3_column_bytes(s->lite, i);
	return p;
}

int64_t
db_changes(struct db *db)
{
	if (db->lite != NULL)
		return sqlite3_changes64(db->lite);
	return db_pg_changes(db->pg);
}

int64_t
db_last_insert_id(struct db *db)
{
	if (db->lite != NULL)
		return sqlite3_last_insert_rowid(db->lite);
	return db_pg_last_insert_id(db->pg);
}

const char *
db_errmsg(struct db *db)
{
	if (db->lite != NULL)
		return sqlite3_errmsg(db->lite);
	return db_pg_errmsg(db->pg);
}

enum db_error
db_error(struct db *db)
{
	int code;

	if (db->lite == NULL)
		return db_pg_error(db->pg);
	code = sqlite3_extended_errcode(db->lite) & 0xff;
	switch (code) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return DB_ERR_NONE;
	case SQLITE_FULL:
		return DB_ERR_FULL;
	case SQLITE_CONSTRAINT:
		return DB_ERR_CONSTRAINT;
	case SQLITE_IOERR:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
		return DB_ERR_UNAVAILABLE;
	default:
		return DB_ERR_OTHER;
	}
}

bool
db_in_transaction(struct db *db)
{
	if (db->lite != NULL)
		return !sqlite3_get_autocommit(db->lite);
	return db_pg_in_transaction(db->pg);
}

int
db_exec(struct db *db, const char *sql)
{
	if (db->lite != NULL)
		return sqlite3_exec(db->lite, sql, NULL, NULL, NULL) ==
		    SQLITE_OK ? 0 : -1;
	return db_pg_exec(db->pg, sql);
}

bool
db_connected(struct db *db)
{
	return db->pg == NULL || db_pg_connected(db->pg);
}

int
db_reconnect(struct db *db)
{
	return db->pg == NULL ? 0 : db_pg_reconnect(db->pg, true);
}

int
db_backend_pid(struct db *db)
{
	return db->pg != NULL ? db_pg_backend_pid(db->pg) : 0;
}

sqlite3 *
db_sqlite(struct db *db)
{
	return db->lite;
}

struct pg_conn *
db_pg(struct db *db)
{
	return db->pg != NULL ? db_pg_conn(db->pg) : NULL;
}
