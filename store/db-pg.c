/* db.h's statements on PostgreSQL. Parameters travel as text (blobs as
 * binary), typed by how they were bound; results come back whole, as
 * text. A statement kept for the connection's life is prepared on the
 * server at its first run, and again after a reconnection. */
#include "db-pg.h"

#include <ctype.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* A lost connection is tried again after 1 s, then twice as long each
 * time up to this. */
#define RECONNECT_MAX_S 30

/* Type oids from PostgreSQL's catalog (pg_type.dat), stable across
 * versions. */
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25

struct db_pg {
	PGconn *conn;
	unsigned generation;	/* bumped at each reconnection */
	unsigned next_name;
	int64_t retry_at;	/* monotonic seconds of the next reset */
	/* Between a BEGIN and its COMMIT or ROLLBACK, as the store ran them:
	 * a connection lost in a transaction is not reset until the store
	 * has rolled it back, or its later statements would commit one by
	 * one on a new session. */
	bool in_tx;
	int backoff;		/* seconds until the one after */
	int64_t changes;
	char sqlstate[6];
	char errmsg[512];
};

struct param {
	enum db_pg_kind kind;
	char *heap;		/* text and blobs, copied */
	char num[24];		/* integers, written out */
	size_t len;
};

struct db_pg_stmt {
	struct db_pg *pg;
	char *sql;		/* with $N parameters */
	bool persistent;
	char name[16];
	unsigned prepared_generation;	/* 0: not prepared yet */
	enum tx_edge { TX_NONE, TX_BEGIN, TX_COMMIT, TX_ROLLBACK } edge;
	int nparams;
	struct param *params;
	PGresult *res;
	int row, rows;
	unsigned char *blob;	/* the last blob column decoded */
};

static void
ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

void
db_pg_session(struct pg_conn *conn)
{
	/* libpq prints the server's notices on stderr, which is the log. */
	PQsetNoticeProcessor(conn, ignore_notice, NULL);
}

void
db_pg_message(char *dst, size_t len, const char *prefix, const char *msg)
{
	size_t n;

	snprintf(dst, len, "%s%s%s", prefix != NULL ? prefix : "",
	    prefix != NULL ? ": " : "", msg);
	n = strlen(dst);
	while (n > 0 && isspace((unsigned char)dst[n - 1]))
		dst[--n] = '\0';
}

static void
set_error(struct db_pg *pg, const PGresult *res)
{
	const char *state = res != NULL ?
	    PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res != NULL ? PQresultErrorMessage(res) : "";

	if (msg == NULL || *msg == '\0')
		msg = PQerrorMessage(pg->conn);
	/* No state: the connection itself failed. */
	snprintf(pg->sqlstate, sizeof pg->sqlstate, "%s",
	    state != NULL ? state : "08006");
	db_pg_message(pg->errmsg, sizeof pg->errmsg, NULL, msg);
}

struct db_pg *
db_pg_open(const char *uri, const char *password, char *err, size_t err_len)
{
	/* A connection is made in the event loop's thread: bounded, and a
	 * peer gone silent is noticed by TCP keepalives within a minute. */
	const char *keys[] = { "dbname", "password", "application_name",
	    "client_encoding", "connect_timeout", "keepalives_idle",
	    "keepalives_interval", "keepalives_count", NULL };
	const char *values[] = { uri, password, "tenured", "UTF8",
	    DB_PG_CONNECT_TIMEOUT, "30", "10", "3", NULL };
	struct db_pg *pg = calloc(1, sizeof *pg);

	if (pg == NULL) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	if (password == NULL) {
		/* libpq's own password file then applies. */
		keys[1] = "application_name";
		values[1] = "tenured";
	}
	pg->conn = PQconnectdbParams(keys, values, 1);
	if (pg->conn == NULL || PQstatus(pg->conn) != CONNECTION_OK) {
		db_pg_message(err, err_len, "cannot connect to PostgreSQL",
		    pg->conn != NULL ? PQerrorMessage(pg->conn) : "out of memory");
		db_pg_close(pg);
		return NULL;
	}
	db_pg_session(pg->conn);
	pg->generation = 1;
	return pg;
}

void
db_pg_close(struct db_pg *pg)
{
	if (pg == NULL)
		return;
	PQfinish(pg->conn);
	free(pg);
}

struct pg_conn *
db_pg_conn(struct db_pg *pg)
{
	return pg->conn;
}

/* What a statement does to the transaction, from its first word. */
static enum tx_edge
edge_of(const char *sql)
{
	while (isspace((unsigned char)*sql))
		sql++;
	if (strncasecmp(sql, "BEGIN", 5) == 0)
		return TX_BEGIN;
	if (strncasecmp(sql, "COMMIT", 6) == 0)
		return TX_COMMIT;
	if (strncasecmp(sql, "ROLLBACK", 8) == 0 &&
	    strncasecmp(sql, "ROLLBACK TO", 11) != 0)
		return TX_ROLLBACK;
	return TX_NONE;
}

/* Notes the edge a statement that ran crossed; false when a COMMIT was
 * answered with a rollback (the transaction had failed). */
static bool
crossed(struct db_pg *pg, enum tx_edge edge, const PGresult *res, bool ok)
{
	if (edge == TX_BEGIN && ok)
		pg->in_tx = true;
	if (edge == TX_COMMIT || edge == TX_ROLLBACK)
		pg->in_tx = false;
	if (edge == TX_COMMIT && ok && strcmp(PQcmdStatus((PGresult *)res),
	    "ROLLBACK") == 0) {
		snprintf(pg->sqlstate, sizeof pg->sqlstate, "40000");
		snprintf(pg->errmsg, sizeof pg->errmsg,
		    "the transaction failed and was rolled back");
		return false;
	}
	return true;
}

struct db_pg_stmt *
db_pg_prepare(struct db_pg *pg, const char *sql, bool persistent)
{
	struct db_pg_stmt *s = calloc(1, sizeof *s);

	if (s == NULL)
		goto fail;
	s->pg = pg;
	if ((s->sql = db_pg_translate(sql, &s->nparams)) == NULL)
		goto fail;
	if (s->nparams > 0 &&
	    (s->params = calloc((size_t)s->nparams, sizeof *s->params)) == NULL)
		goto fail;
	s->persistent = persistent;
	s->edge = edge_of(sql);
	s->row = -1;
	if (persistent)
		snprintf(s->name, sizeof s->name, "t%u", ++pg->next_name);
	return s;
fail:
	snprintf(pg->errmsg, sizeof pg->errmsg, "out of memory");
	snprintf(pg->sqlstate, sizeof pg->sqlstate, "53200");
	db_pg_finalize(s);
	return NULL;
}

static void
clear_result(struct db_pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->rows = 0;
	PQfreemem(s->blob);
	s->blob = NULL;
}

void
db_pg_finalize(struct db_pg_stmt *s)
{
	if (s == NULL)
		return;
	clear_result(s);
	db_pg_clear_bindings(s);
	if (s->prepared_generation == s->pg->generation &&
	    s->prepared_generation != 0 && s->pg->conn != NULL) {
		char sql[40];

		snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
		PQclear(PQexec(s->pg->conn, sql));
	}
	free(s->params);
	free(s->sql);
	free(s);
}

void
db_pg_reset(struct db_pg_stmt *s)
{
	clear_result(s);
}

void
db_pg_clear_bindings(struct db_pg_stmt *s)
{
	for (int i = 0; s->params != NULL && i < s->nparams; i++) {
		free(s->params[i].heap);
		s->params[i] = (struct param){ .kind = DB_PG_NULL };
	}
}

static struct param *
param(struct db_pg_stmt *s, int i)
{
	struct param *p;

	if (i < 1 || i > s->nparams)
		return NULL;
	p = &s->params[i - 1];
	free(p->heap);
	p->heap = NULL;
	return p;
}

void
db_pg_bind_int64(struct db_pg_stmt *s, int i, int64_t v)
{
	struct param *p = param(s, i);

	if (p == NULL)
		return;
	p->kind = DB_PG_INT;
	p->len = (size_t)snprintf(p->num, sizeof p->num, "%" PRId64, v);
}

void
db_pg_bind(struct db_pg_stmt *s, int i, const void *v, size_t len,
    enum db_pg_kind kind)
{
	struct param *p = param(s, i);

	if (p == NULL)
		return;
	p->kind = kind;
	p->len = len;
	if (kind == DB_PG_NULL)
		return;
	if (kind == DB_PG_TEXT &&
	    (p->heap = db_pg_mend_utf8(v, len, &p->len)) != NULL)
		return;
	if ((p->heap = malloc(len + 1)) == NULL) {
		p->kind = DB_PG_NULL;
		return;
	}
	memcpy(p->heap, v, len);
	p->heap[len] = '\0';
}

static unsigned
type_of(enum db_pg_kind kind)
{
	switch (kind) {
	case DB_PG_INT:
		return OID_INT8;
	case DB_PG_TEXT:
		return OID_TEXT;
	case DB_PG_BLOB:
		return OID_BYTEA;
	default:
		return 0;	/* NULL: the server infers it */
	}
}

static int64_t
monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

int
db_pg_reconnect(struct db_pg *pg, bool now)
{
	int64_t t = monotonic_s();

	if (PQstatus(pg->conn) == CONNECTION_OK)
		return 0;
	if (!now && t < pg->retry_at)
		return -1;
	PQreset(pg->conn);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		pg->backoff = pg->backoff == 0 ? 1 : pg->backoff * 2;
		if (pg->backoff > RECONNECT_MAX_S)
			pg->backoff = RECONNECT_MAX_S;
		pg->retry_at = t + pg->backoff;
		set_error(pg, NULL);
		return -1;
	}
	/* A new session: statements are prepared on it again, and no
	 * transaction is open on it. */
	pg->generation++;
	pg->in_tx = false;
	pg->backoff = 0;
	pg->retry_at = 0;
	return 0;
}

bool
db_pg_connected(struct db_pg *pg)
{
	return PQstatus(pg->conn) == CONNECTION_OK;
}

int
db_pg_backend_pid(struct db_pg *pg)
{
	return PQbackendPID(pg->conn);
}

static bool
result_ok(const PGresult *res)
{
	ExecStatusType status = PQresultStatus(res);

	return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

/* Prepares s (one kept for the connection) or runs it (one that is not),
 * guessing the types of parameters bound NULL that the server cannot
 * tell. A failed try would abort an open transaction, so there each try
 * runs inside a savepoint, undone before the next. */
static PGresult *
parse(struct db_pg_stmt *s, Oid *types, const char *const *values,
    const int *lengths, const int *formats)
{
	PGconn *conn = s->pg->conn;
	int n = s->nparams, guessed = -1;
	bool guard = false;
	PGresult *res;

	for (int i = 0; i < n && !guard; i++)
		guard = types[i] == 0;
	guard = guard && PQtransactionStatus(conn) == PQTRANS_INTRANS;
	if (guard)
		PQclear(PQexec(conn, "SAVEPOINT tenured_types"));
	for (int tries = 0;; tries++) {
		res = s->persistent ?
		    PQprepare(conn, s->name, s->sql, n, types) :
		    PQexecParams(conn, s->sql, n, types, values, lengths,
		    formats, 0);
		if (tries > 2 * n || !db_pg_guess_type(res, types, n, &guessed))
			break;
		PQclear(res);
		if (guard)
			PQclear(PQexec(conn,
			    "ROLLBACK TO SAVEPOINT tenured_types"));
	}
	if (guard)
		PQclear(PQexec(conn, result_ok(res) ?
		    "RELEASE SAVEPOINT tenured_types" :
		    "ROLLBACK TO SAVEPOINT tenured_types"));
	return res;
}

/* Runs s with its bindings: the result (an error result on failure). A
 * connection found lost is reset first, no more often than the backoff
 * allows. */
static PGresult *
run(struct db_pg_stmt *s)
{
	int n = s->nparams;
	const char *values[n > 0 ? n : 1];
	int lengths[n > 0 ? n : 1], formats[n > 0 ? n : 1];
	Oid types[n > 0 ? n : 1];
	PGresult *res;

	if (PQstatus(s->pg->conn) != CONNECTION_OK && !s->pg->in_tx)
		db_pg_reconnect(s->pg, false);

	for (int i = 0; i < n; i++) {
		const struct param *p = &s->params[i];

		types[i] = type_of(p->kind);
		values[i] = p->kind == DB_PG_NULL ? NULL :
		    p->kind == DB_PG_INT ? p->num : p->heap;
		lengths[i] = (int)p->len;
		formats[i] = p->kind == DB_PG_BLOB;
	}
	if (!s->persistent)
		return parse(s, types, values, lengths, formats);
	if (s->prepared_generation != s->pg->generation) {
		res = parse(s, types, values, lengths, formats);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			return res;
		PQclear(res);
		s->prepared_generation = s->pg->generation;
	}
	return PQexecPrepared(s->pg->conn, s->name, n, values, lengths,
	    formats, 0);
}

int
db_pg_step(struct db_pg_stmt *s)
{
	struct db_pg *pg = s->pg;

	if (s->res == NULL) {
		ExecStatusType status;

		s->res = run(s);
		status = PQresultStatus(s->res);
		if (!crossed(pg, s->edge, s->res, result_ok(s->res))) {
			clear_result(s);
			return DB_FAILED;
		}
		if (status == PGRES_TUPLES_OK) {
			s->rows = PQntuples(s->res);
			pg->changes = 0;
		} else if (status == PGRES_COMMAND_OK) {
			const char *n = PQcmdTuples(s->res);

			pg->changes = *n != '\0' ? strtoll(n, NULL, 10) : 0;
			s->rows = 0;
		} else {
			set_error(pg, s->res);
			clear_result(s);
			return DB_FAILED;
		}
		pg->sqlstate[0] = '\0';
	}
	if (s->row + 1 < s->rows) {
		s->row++;
		return DB_ROW;
	}
	s->row = s->rows;
	return DB_DONE;
}

static const char *
value(struct db_pg_stmt *s, int i)
{
	if (s->res == NULL || s->row < 0 || s->row >= s->rows ||
	    i >= PQnfields(s->res) || PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

bool
db_pg_column_null(struct db_pg_stmt *s, int i)
{
	return value(s, i) == NULL;
}

int64_t
db_pg_column_int64(struct db_pg_stmt *s, int i)
{
	const char *v = value(s, i);

	if (v == NULL)
		return 0;
	/* A comparison in a select list answers a boolean. */
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	return strtoll(v, NULL, 10);
}

const char *
db_pg_column_text(struct db_pg_stmt *s, int i)
{
	return value(s, i);
}

const void *
db_pg_column_blob(struct db_pg_stmt *s, int i, size_t *len)
{
	const char *v = value(s, i);

	*len = 0;
	PQfreemem(s->blob);
	s->blob = NULL;
	if (v == NULL)
		return NULL;
	s->blob = PQunescapeBytea((const unsigned char *)v, len);
	return s->blob;
}

int64_t
db_pg_changes(struct db_pg *pg)
{
	return pg->changes;
}

int64_t
db_pg_last_insert_id(struct db_pg *pg)
{
	PGresult *res = PQexec(pg->conn, "SELECT lastval()");
	int64_t id = 0;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		set_error(pg, res);
	PQclear(res);
	return id;
}

const char *
db_pg_errmsg(struct db_pg *pg)
{
	return pg->errmsg;
}

enum db_error
db_pg_error(struct db_pg *pg)
{
	const char *st = pg->sqlstate;

	if (st[0] == '\0')
		return DB_ERR_NONE;
	if (strncmp(st, "23", 2) == 0)
		return DB_ERR_CONSTRAINT;
	if (strcmp(st, "53100") == 0)
		return DB_ERR_FULL;
	/* Connection lost, server shutting down, out of resources, a
	 * serialization failure or deadlock, a lock not granted: all pass. */
	if (strncmp(st, "08", 2) == 0 || strncmp(st, "57P", 3) == 0 ||
	    strncmp(st, "53", 2) == 0 || strcmp(st, "40001") == 0 ||
	    strcmp(st, "40P01") == 0 || strcmp(st, "55P03") == 0 ||
	    PQstatus(pg->conn) != CONNECTION_OK)
		return DB_ERR_UNAVAILABLE;
	return DB_ERR_OTHER;
}

bool
db_pg_in_transaction(struct db_pg *pg)
{
	PGTransactionStatusType t = PQtransactionStatus(pg->conn);

	return pg->in_tx || t == PQTRANS_INTRANS || t == PQTRANS_INERROR ||
	    t == PQTRANS_ACTIVE;
}

int
db_pg_exec(struct db_pg *pg, const char *sql)
{
	PGresult *res;
	ExecStatusType status;
	int rc = 0;

	if (PQstatus(pg->conn) != CONNECTION_OK && !pg->in_tx)
		db_pg_reconnect(pg, false);
	res = PQexec(pg->conn, sql);
	status = PQresultStatus(res);
	/* A script is one statement or begins its transaction ("BEGIN;
	 * SELECT ..."): its first word tells the edge. */
	if (!crossed(pg, edge_of(sql), res, result_ok(res))) {
		PQclear(res);
		return -1;
	}

	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		set_error(pg, res);
		rc = -1;
	} else
		pg->sqlstate[0] = '\0';
	PQclear(res);
	return rc;
}
