/* A PostgreSQL connection that only listens: every notification another
 * daemon's commit sends makes its socket readable, which the event loop
 * watches; the connection that runs statements could not tell (libpq
 * reads notifications there while it reads results). */
#include "db-listen.h"
#include "db-pg.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db_listen {
	PGconn *conn;
};

struct db_listen *
db_listen_open(const char *uri, const char *password, const char *channel,
    char *err, size_t err_len)
{
	const char *keys[] = { "dbname", "application_name", "connect_timeout",
	    "keepalives_idle", "keepalives_interval", "keepalives_count",
	    "password", NULL };
	const char *values[] = { uri, "tenured-listen", DB_PG_CONNECT_TIMEOUT,
	    "30", "10", "3", password, NULL };
	struct db_listen *l = calloc(1, sizeof *l);
	char sql[96];
	PGresult *res;

	if (l == NULL) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	l->conn = PQconnectdbParams(keys, values, 1);
	if (l->conn == NULL || PQstatus(l->conn) != CONNECTION_OK) {
		db_pg_message(err, err_len, "cannot connect to PostgreSQL",
		    l->conn != NULL ? PQerrorMessage(l->conn) : "out of memory");
		db_listen_close(l);
		return NULL;
	}
	db_pg_session(l->conn);
	snprintf(sql, sizeof sql, "LISTEN %s", channel);
	res = PQexec(l->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		db_pg_message(err, err_len, "cannot listen",
		    PQerrorMessage(l->conn));
		PQclear(res);
		db_listen_close(l);
		return NULL;
	}
	PQclear(res);
	/* The loop reads it when it is readable, never waiting on it. */
	PQsetnonblocking(l->conn, 1);
	return l;
}

void
db_listen_close(struct db_listen *l)
{
	if (l == NULL)
		return;
	PQfinish(l->conn);
	free(l);
}

int
db_listen_fd(struct db_listen *l)
{
	return PQsocket(l->conn);
}

int
db_listen_drain(struct db_listen *l, int own_pid)
{
	PGnotify *n;
	int what = 0;

	if (!PQconsumeInput(l->conn) || PQstatus(l->conn) != CONNECTION_OK)
		return -1;
	while ((n = PQnotifies(l->conn)) != NULL) {
		/* What this daemon's own connection sent, it knows of. */
		if (n->be_pid != own_pid)
			what |= strcmp(n->extra, "outbox") == 0 ?
			    DB_LISTEN_OUTBOX : DB_LISTEN_DATA;
		PQfreemem(n);
	}
	return what;
}
