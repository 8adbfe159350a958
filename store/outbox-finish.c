/* How deliveries end in the outbox: one outcome, a group of them in one
 * transaction, and the rows a stop or a crash left sending. */
#include "internal.h"

#include <stdio.h>

int
store_outbox_finish(struct store *st, int64_t id, enum outbox_status status,
    int64_t next_attempt_at, const char *error, int64_t real_now,
    struct failure *f)
{
	sqlite3_stmt *s = store_stmt(st, STMT_OUTBOX_FINISH,
	    "UPDATE outbox SET status = ?2, next_attempt_at = ifnull(?3, "
	    "next_attempt_at), last_error = ifnull(?4, last_error), "
	    "sent_at = CASE WHEN ?2 = 'sent' THEN ?5 ELSE sent_at END, "
	    "updated_at = ?5 WHERE id = ?1");

	if (s == NULL)
		return store_fail(st, f, "preparing a delivery result");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, outbox_status_name(status), -1, SQLITE_STATIC);
	if (next_attempt_at != 0)
		sqlite3_bind_int64(s, 3, next_attempt_at);
	store_bind_text(s, 4, error);
	sqlite3_bind_int64(s, 5, real_now);
	return store_step(st, s, f, "recording a delivery result");
}

int
store_outbox_recover(struct store *st, int64_t real_now, struct failure *f)
{
	char sql[160];

	snprintf(sql, sizeof sql, "UPDATE outbox SET status = 'pending', "
	    "updated_at = %lld WHERE status = 'sending'", (long long)real_now);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, f, "recovering the outbox");
	return sqlite3_changes(st->db);
}


int
store_outbox_finish_all(struct store *st, const struct outbox_outcome *o,
    size_t n, int64_t real_now, struct failure *f)
{
	if (n == 0)
		return 0;
	if (store_begin(st, f) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (store_outbox_finish(st, o[i].id, o[i].status,
		    o[i].next_attempt_at, o[i].error, real_now, f) != 0) {
			store_rollback(st);
			return -1;
		}
	}
	return store_commit(st, f);
}
