/* Daily digests in the outbox (SPEC section 5): one row per day and
 * address, kind 'digest', that belongs to no milestone. What a digest
 * lists is read when it is sent, so it is as fresh as the sending. */
#include "internal.h"

#include <stdlib.h>

int
store_digest_plan(struct store *st, int32_t day, int64_t due_at,
    const char *const *addrs, size_t n, int64_t real_now, struct failure *f)
{
	struct db_stmt *s;
	int added = 0;

	if (store_begin(st, f) != 0)
		return -1;
	s = store_stmt(st, STMT_DIGEST_INSERT,
	    "INSERT INTO outbox (kind, milestone_date, \"offset\", "
	    "channel, recipient, due_at, next_attempt_at, created_at, "
	    "updated_at) "
	    "VALUES ('digest', ?1, 'daily', 'email', ?2, ?3, ?3, ?4, ?4) "
	    "ON CONFLICT DO NOTHING");
	if (s == NULL) {
		store_fail(st, f, "preparing a digest");
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		store_bind_date(s, 1, day);
		db_bind_text(s, 2, addrs[i]);
		db_bind_int64(s, 3, due_at);
		db_bind_int64(s, 4, real_now);
		if (store_step(st, s, f, "storing a digest") != 0)
			goto fail;
		added += db_changes(st->db);
	}
	if (store_commit(st, f) != 0)
		goto fail;
	return added;
fail:
	store_rollback(st);
	return -1;
}

int
store_digest_recipients(struct store *st, bool managers, bool staff,
    int32_t from, int32_t to, digest_address_fn fn, void *ctx,
    struct failure *f)
{
	struct db_stmt *s;
	int rc;

	/* Rare (once a day), so not kept prepared. Contracts with something
	 * in the window, or with a decision still awaited from before it. */
	if (db_prepare(st->db,
	    "WITH busy AS (SELECT DISTINCT contract_id FROM milestones "
	    "  WHERE contract_id IS NOT NULL AND status = 'scheduled' AND "
	    "  date BETWEEN ?1 AND ?2 "
	    "UNION SELECT contract_id FROM milestones m "
	    "  WHERE m.status = 'scheduled' AND m.kind IN "
	    SQL_DECISION_KINDS " AND m.date < ?1 "
	    "  AND contract_id IS NOT NULL) "
	    "SELECT c.manager_email FROM contracts c JOIN busy ON "
	    "  busy.contract_id = c.id WHERE ?3 <> 0 AND c.manager_email <> '' "
	    "UNION SELECT p.email FROM contracts c JOIN busy ON "
	    "  busy.contract_id = c.id JOIN people p ON p.id = c.person_id "
	    "  WHERE ?4 <> 0 "
	    "ORDER BY 1", false, &s) != 0)
		return store_fail(st, f, "preparing the digest recipients");
	store_bind_date(s, 1, from);
	store_bind_date(s, 2, to);
	db_bind_int64(s, 3, managers);
	db_bind_int64(s, 4, staff);
	while ((rc = db_step(s)) == DB_ROW) {
		const char *addr = db_column_text(s, 0);

		if (addr != NULL && fn(ctx, addr) != 0) {
			db_finalize(s);
			return failure_set(f, FAILURE_INTERNAL, NULL,
			    "out of memory for the digest recipients");
		}
	}
	db_finalize(s);
	if (rc != DB_DONE)
		return store_fail(st, f, "reading the digest recipients");
	return 0;
}
