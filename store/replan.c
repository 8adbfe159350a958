/* Contracts a migration asked to plan again (table replan), planned under
 * the rules in force once reminders can be planned too. */
#include "internal.h"

#include <stdlib.h>

/* The ids waiting, in one array. */
static int
waiting(struct store *st, int64_t **out, size_t *n, struct failure *f)
{
	struct db_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (db_prepare(st->db, "SELECT contract_id FROM replan "
	    "ORDER BY contract_id", false, &s) != 0)
		return store_fail(st, f, "reading the contracts to plan again");
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			int64_t *more;

			cap = cap ? cap * 2 : 64;
			if ((more = realloc(*out, cap * sizeof *more)) == NULL) {
				rc = DB_NOMEM;
				break;
			}
			*out = more;
		}
		(*out)[(*n)++] = db_column_int64(s, 0);
	}
	db_finalize(s);
	if (rc != DB_DONE) {
		free(*out);
		*out = NULL;
		return rc == DB_NOMEM ? failure_set(f, FAILURE_INTERNAL,
		    NULL, "out of memory") : store_fail(st, f,
		    "reading the contracts to plan again");
	}
	return 0;
}

/* One contract planned again; a contract whose log no longer plans keeps
 * the milestones it has (0), a fault of the database fails it (-1). */
static int
replan_one(struct store *st, int64_t id, int64_t now, struct failure *f)
{
	struct failure quiet = { 0 };
	struct milestone_list ms;
	struct contract *c = store_contract_get(st, id, f);
	int rc = 0;

	if (c == NULL)
		return f->kind == FAILURE_NOT_FOUND ? 0 : -1;
	milestone_list_init(&ms);
	if (contract_plan(c, &ms, &quiet) == 0)
		rc = store_milestones_rewrite(st, OWNER_CONTRACT(id), &ms, now,
		    f) != 0 || store_outbox_plan(st, OWNER_CONTRACT(id),
		    c->manager_email, c->email, false, now, f) != 0 ? -1 : 0;
	milestone_list_free(&ms);
	contract_free(c);
	return rc;
}

int
store_replan_pending(struct store *st, int64_t now, struct failure *f)
{
	int64_t *ids = NULL;
	size_t n;

	if (store_begin(st, f) != 0)
		return -1;
	/* Daemons starting together on one PostgreSQL database after an
	 * upgrade: one plans again, the next finds the list empty. */
	if (db_backend(st->db) == DB_POSTGRESQL &&
	    db_exec(st->db, "SELECT pg_advisory_xact_lock(7466)") != 0) {
		store_fail(st, f, "waiting for another daemon's planning");
		store_rollback(st);
		return -1;
	}
	if (waiting(st, &ids, &n, f) != 0) {
		store_rollback(st);
		return -1;
	}
	if (n == 0) {
		store_rollback(st);
		free(ids);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (replan_one(st, ids[i], now, f) != 0) {
			store_rollback(st);
			goto fail;
		}
	}
	if (db_exec(st->db, "DELETE FROM replan") != 0) {
		store_fail(st, f, "emptying the list of contracts to plan again");
		store_rollback(st);
		goto fail;
	}
	if (store_commit(st, f) != 0)
		goto fail;
	free(ids);
	return (int)n;
fail:
	free(ids);
	return -1;
}
