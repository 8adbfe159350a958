/* How deliveries end in the outbox: one outcome, a group of them in one
 * transaction, and the rows a stop or a crash left sending. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int
store_outbox_finish(struct store *st, int64_t id, enum outbox_status status,
    int64_t next_attempt_at, const char *error, int64_t real_now,
    struct failure *f)
{
	/* Only a row this daemon still holds: one another daemon took over
	 * (this one stalled past its lease) is that daemon's to finish. */
	struct db_stmt *s = store_stmt(st, STMT_OUTBOX_FINISH,
	    "UPDATE outbox SET status = ?2, next_attempt_at = coalesce(?3, "
	    "next_attempt_at), last_error = coalesce(?4, last_error), "
	    "sent_at = CASE WHEN ?2 = 'sent' THEN ?5 ELSE sent_at END, "
	    "claimed_by = NULL, lease_until = NULL, "
	    "updated_at = ?5 WHERE id = ?1 AND status = 'sending' AND "
	    "coalesce(claimed_by, '') = coalesce(?6, '')");

	if (s == NULL)
		return store_fail(st, f, "preparing a delivery result");
	db_bind_int64(s, 1, id);
	db_bind_text(s, 2, outbox_status_name(status));
	if (next_attempt_at != 0)
		db_bind_int64(s, 3, next_attempt_at);
	store_bind_text(s, 4, error);
	db_bind_int64(s, 5, real_now);
	store_bind_text(s, 6, st->claimant);
	return store_step(st, s, f, "recording a delivery result");
}

int
store_outbox_recover(struct store *st, int64_t real_now, struct failure *f)
{
	bool shared = db_backend(st->db) == DB_POSTGRESQL;
	struct db_stmt *s;
	int rc, n;

	/* Another daemon's rows are its own until their lease runs out. */
	if (db_prepare(st->db, shared ? "UPDATE outbox SET status = 'pending', "
	    "claimed_by = NULL, lease_until = NULL, updated_at = ?1 "
	    "WHERE status = 'sending' AND (claimed_by = ?2 OR claimed_by IS "
	    "NULL)" : "UPDATE outbox SET status = 'pending', claimed_by = NULL, "
	    "lease_until = NULL, updated_at = ?1 WHERE status = 'sending'",
	    false, &s) != 0)
		return store_fail(st, f, "recovering the outbox");
	db_bind_int64(s, 1, real_now);
	if (shared)
		store_bind_text(s, 2, st->claimant);
	rc = db_step(s);
	db_finalize(s);
	if (rc != DB_DONE)
		return store_fail(st, f, "recovering the outbox");
	n = (int)db_changes(st->db);
	if (shared && n > 0)
		store_notify(st, NULL);
	return n;
}

int
store_outbox_renew(struct store *st, int64_t now, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_OUTBOX_RENEW,
	    "UPDATE outbox SET lease_until = ?2 WHERE status = 'sending' "
	    "AND claimed_by = ?1");

	if (s == NULL)
		return store_fail(st, f, "preparing a lease renewal");
	store_bind_text(s, 1, st->claimant);
	db_bind_int64(s, 2, now + st->lease);
	return store_step(st, s, f, "renewing the lease of deliveries");
}

int
store_set_claimant(struct store *st, const char *id, int lease_seconds)
{
	char *copy = strdup(id);

	if (copy == NULL)
		return -1;
	free(st->claimant);
	st->claimant = copy;
	st->lease = lease_seconds;
	return 0;
}


int
store_outbox_finish_all(struct store *st, const struct outbox_outcome *o,
    size_t n, int64_t real_now, struct failure *f)
{
	if (n == 0)
		return 0;
	if (store_begin(st, f) != 0)
		return -1;
	store_outbox_only(st);
	for (size_t i = 0; i < n; i++) {
		if (store_outbox_finish(st, o[i].id, o[i].status,
		    o[i].next_attempt_at, o[i].error, real_now, f) != 0) {
			store_rollback(st);
			return -1;
		}
	}
	return store_commit(st, f);
}
