/* One statement interface over the two databases the store can live in:
 * an SQLite file (the default) and PostgreSQL through libpq. The store's
 * files write their SQL once, in the dialect both accept, with SQLite's
 * "?N" parameters; db-pg.c rewrites those as "$N". Not for use outside
 * store/. */
#ifndef TENURED_DB_H
#define TENURED_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

enum db_backend {
	DB_SQLITE,
	DB_POSTGRESQL,
};

/* What db_step answers; anything else is a failure, classified by
 * db_error. */
enum {
	DB_ROW = 100,
	DB_DONE = 101,
	DB_FAILED = 1,
	DB_NOMEM = 7,		/* the caller ran out of memory reading rows */
};

/* A failure, in the terms the store reports it. */
enum db_error {
	DB_ERR_NONE,
	DB_ERR_FULL,		/* the disk is full: retry later */
	DB_ERR_UNAVAILABLE,	/* busy, locked, connection lost: retry */
	DB_ERR_CONSTRAINT,	/* a unique, check or foreign key refused it */
	DB_ERR_OTHER,
};

struct db;
struct db_stmt;

struct db *db_open_sqlite(const char *path, char *err, size_t err_len);
/* uri: a libpq connection URI; password may be NULL (libpq's own
 * PGPASSFILE then applies). */
struct db *db_open_pg(const char *uri, const char *password, char *err,
        size_t err_len);
void db_close(struct db *db);
enum db_backend db_backend(const struct db *db);

/* persistent: kept for the life of the connection (prepared once on the
 * server for PostgreSQL). */
int  db_prepare(struct db *db, const char *sql, bool persistent,
        struct db_stmt **out);
void db_finalize(struct db_stmt *s);
void db_reset(struct db_stmt *s);
void db_clear_bindings(struct db_stmt *s);

/* Parameters count from 1; text and blobs are copied. */
void db_bind_int64(struct db_stmt *s, int i, int64_t v);
void db_bind_null(struct db_stmt *s, int i);
void db_bind_text(struct db_stmt *s, int i, const char *text);
void db_bind_blob(struct db_stmt *s, int i, const void *p, size_t len);

int db_step(struct db_stmt *s);

/* Columns count from 0; text stays valid until the next step or reset. */
bool        db_column_null(struct db_stmt *s, int i);
int64_t     db_column_int64(struct db_stmt *s, int i);
const char *db_column_text(struct db_stmt *s, int i);
/* NULL when the column is NULL; *len its size. */
const void *db_column_blob(struct db_stmt *s, int i, size_t *len);

/* Rows the last write changed. */
int64_t db_changes(struct db *db);
/* The id the last insert into a table of generated ids was given. */
int64_t db_last_insert_id(struct db *db);
const char *db_errmsg(struct db *db);
enum db_error db_error(struct db *db);
bool db_in_transaction(struct db *db);
/* Runs a script of statements that yield no rows: 0 or -1. */
int db_exec(struct db *db, const char *sql);

/* PostgreSQL's connection: whether it is up, a reset of a lost one (0:
 * up again), the server process serving it. SQLite is always up. */
bool db_connected(struct db *db);
int  db_reconnect(struct db *db);
int  db_backend_pid(struct db *db);

/* The engines' own handles, for what only one of them has (SQLite's
 * hooks and pragmas; PostgreSQL's notifications). NULL for the other. */
sqlite3 *db_sqlite(struct db *db);
struct pg_conn;
struct pg_conn *db_pg(struct db *db);

#endif
