/* A database shared by several daemons (PostgreSQL, SPEC section 14):
 * each commit notifies the others, each daemon listens on a connection of
 * its own, and a lost connection is reset on the daemon's schedule. On
 * SQLite, which one daemon owns, all of this is nothing. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "db-listen.h"

_Static_assert(DB_LISTEN_OUTBOX == STORE_CHANGED_OUTBOX &&
    DB_LISTEN_DATA == STORE_CHANGED_DATA, "one set of change flags");

/* The channel every daemon of a database listens on. */
#define CHANNEL "tenured"

const char *
store_backend_name(struct store *st)
{
	return db_backend(st->db) == DB_POSTGRESQL ? "postgresql" : "sqlite";
}

bool
store_shared(struct store *st)
{
	return db_backend(st->db) == DB_POSTGRESQL;
}

void
store_outbox_only(struct store *st)
{
	st->outbox_only = true;
}

int
store_notify(struct store *st, struct failure *f)
{
	struct db_stmt *s;

	if (!store_shared(st))
		return 0;
	/* Inside a transaction PostgreSQL sends it at the commit, and not at
	 * all on a rollback. */
	s = st->outbox_only ?
	    store_stmt(st, STMT_NOTIFY, "NOTIFY " CHANNEL ", 'outbox'") :
	    store_stmt(st, STMT_NOTIFY_DATA, "NOTIFY " CHANNEL ", 'data'");
	if (s == NULL)
		return store_fail(st, f, "preparing a notification");
	return store_step(st, s, f, "notifying the other daemons");
}

int
store_listen_start(struct store *st, struct failure *f)
{
	char err[sizeof f->message];

	if (!store_shared(st) || st->listen != NULL)
		return 0;
	if ((st->listen = db_listen_open(st->uri, st->password, CHANNEL, err,
	    sizeof err)) == NULL)
		return failure_set(f, FAILURE_UNAVAILABLE, "database", "%s", err);
	return 0;
}

int
store_listen_fd(struct store *st)
{
	return st->listen != NULL ? db_listen_fd(st->listen) : -1;
}

int
store_listen_drain(struct store *st)
{
	int n;

	if (st->listen == NULL)
		return -1;
	if ((n = db_listen_drain(st->listen, db_backend_pid(st->db))) < 0) {
		db_listen_close(st->listen);
		st->listen = NULL;
		return -1;
	}
	if (n > 0)
		store_changed_elsewhere(st);
	return n;
}

bool
store_available(struct store *st)
{
	return !store_shared(st) || (db_connected(st->db) && st->listen != NULL);
}

int
store_reconnect(struct store *st, struct failure *f)
{
	if (!store_shared(st))
		return 0;
	/* A connection can look up and be gone (a server restart, a session
	 * ended by an administrator): it is asked first. */
	if (db_exec(st->db, "SELECT 1") != 0 && db_reconnect(st->db) != 0)
		return failure_set(f, FAILURE_UNAVAILABLE, "database", "%s",
		    db_errmsg(st->db));
	if (store_listen_start(st, f) != 0)
		return -1;
	/* Whatever was written while this daemon could not hear of it. */
	store_changed_elsewhere(st);
	return 0;
}
