/* A person's retry of a delivery that failed: its own transaction, so the
 * audit entry staged with it commits with it. */
#include "internal.h"

/* Why a row could not be retried: missing (404) or in another state (409). */
static int
refusal(struct store *st, int64_t id, struct failure *f)
{
	struct db_stmt *s;
	int rc;

	if (db_prepare(st->db, "SELECT status FROM outbox WHERE id = ?1", false, &s) != 0)
		return store_fail(st, f, "reading the reminder");
	db_bind_int64(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		failure_set(f, FAILURE_CONFLICT, "id", "reminder %lld is %s: only "
		    "a retrying or dead one is tried again", (long long)id,
		    db_column_text(s, 0));
	else if (rc == DB_DONE)
		failure_set(f, FAILURE_NOT_FOUND, "id", "no reminder %lld",
		    (long long)id);
	else
		store_fail(st, f, "reading the reminder");
	db_finalize(s);
	return -1;
}

int
store_outbox_retry(struct store *st, int64_t id, int64_t now,
    int64_t real_now, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_OUTBOX_SET_STATUS,
	    "UPDATE outbox SET status = 'pending', next_attempt_at = ?2, "
	    "first_attempt_at = NULL, attempts = 0, updated_at = ?3 "
	    "WHERE id = ?1 AND status IN ('retrying', 'dead')");
	int n;

	if (s == NULL)
		return store_fail(st, f, "preparing a retry");
	db_bind_int64(s, 1, id);
	db_bind_int64(s, 2, now);
	db_bind_int64(s, 3, real_now);
	if (store_begin(st, f) != 0)
		return -1;
	if ((n = store_step_write(st, s, "retrying", f)) == -2)
		return failure_set(f, FAILURE_CONFLICT, "id",
		    "reminder %lld cannot be retried now", (long long)id);
	if (n < 0)
		return -1;
	if (n == 0) {
		refusal(st, id, f);
		store_rollback(st);
		return -1;
	}
	return store_commit(st, f);
}
