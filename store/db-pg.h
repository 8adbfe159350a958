/* PostgreSQL under db.h, through libpq. Only db.c calls these. */
#ifndef TENURED_DB_PG_H
#define TENURED_DB_PG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct db_pg;
struct db_pg_stmt;

/* Seconds a connection may take to be made (libpq's connect_timeout). */
#define DB_PG_CONNECT_TIMEOUT "5"

/* How a parameter was bound: it decides the type the server is told. */
enum db_pg_kind {
	DB_PG_NULL,
	DB_PG_INT,
	DB_PG_TEXT,
	DB_PG_BLOB,
};

/* What every connection of the store needs: notices not printed. */
void db_pg_session(struct pg_conn *conn);
/* "prefix: msg" (or msg alone) into dst, without libpq's line end. */
void db_pg_message(char *dst, size_t len, const char *prefix,
        const char *msg);

struct db_pg *db_pg_open(const char *uri, const char *password, char *err,
        size_t err_len);
void db_pg_close(struct db_pg *pg);
struct pg_conn *db_pg_conn(struct db_pg *pg);

struct db_pg_stmt *db_pg_prepare(struct db_pg *pg, const char *sql,
        bool persistent);
void db_pg_finalize(struct db_pg_stmt *s);
void db_pg_reset(struct db_pg_stmt *s);
void db_pg_clear_bindings(struct db_pg_stmt *s);
void db_pg_bind_int64(struct db_pg_stmt *s, int i, int64_t v);
void db_pg_bind(struct db_pg_stmt *s, int i, const void *p, size_t len,
        enum db_pg_kind kind);
int  db_pg_step(struct db_pg_stmt *s);
bool db_pg_column_null(struct db_pg_stmt *s, int i);
int64_t db_pg_column_int64(struct db_pg_stmt *s, int i);
const char *db_pg_column_text(struct db_pg_stmt *s, int i);
const void *db_pg_column_blob(struct db_pg_stmt *s, int i, size_t *len);

int64_t db_pg_changes(struct db_pg *pg);
int64_t db_pg_last_insert_id(struct db_pg *pg);
const char *db_pg_errmsg(struct db_pg *pg);
enum db_error db_pg_error(struct db_pg *pg);
bool db_pg_in_transaction(struct db_pg *pg);
int  db_pg_exec(struct db_pg *pg, const char *sql);
/* Resets a lost connection: at once when now, else only once the backoff
 * since the last try has passed. 0 when connected. */
int  db_pg_reconnect(struct db_pg *pg, bool now);
bool db_pg_connected(struct db_pg *pg);
int  db_pg_backend_pid(struct db_pg *pg);
/* db-pg-text.c. The SQL text with SQLite's "?N" and "?" parameters as
 * "$N", quoted text left alone; *params: the highest number used. Caller
 * frees. */
char *db_pg_translate(const char *sql, int *params);
/* v (len bytes) with U+FFFD for what is not UTF-8 (a NUL too), in a new
 * string of *out_len bytes; NULL when v is UTF-8 already. */
char *db_pg_mend_utf8(const char *v, size_t len, size_t *out_len);
struct pg_result;
/* After a statement failed for want of a parameter's type: sets a guess
 * in types (integer, then text; *guessed: which) and answers whether to
 * try again. */
bool db_pg_guess_type(const struct pg_result *res, unsigned *types, int n,
        int *guessed);

#endif
