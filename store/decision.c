#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"

int
store_decisions_load(struct store *st, struct contract *c, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_DECISIONS_OF,
	    "SELECT d.id, d.type, d.date, d.until, d.reason, d.recorded_at, "
	    "d.recorded_by, r.revoked_at, r.revoked_by, d.kind "
	    "FROM decisions d "
	    "LEFT JOIN revocations r ON r.decision_id = d.id "
	    "WHERE d.contract_id = ?1 ORDER BY d.id");
	struct decision *list = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (s == NULL)
		return store_fail(st, f, "preparing the decision log");
	db_bind_int64(s, 1, c->id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct decision *d;

		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			struct decision *nl = realloc(list, ncap * sizeof *nl);

			if (nl == NULL)
				break;
			list = nl;
			cap = ncap;
		}
		d = &list[n++];
		memset(d, 0, sizeof *d);
		d->id = db_column_int64(s, 0);
		if (decision_type_parse(db_column_text(s, 1),
		    &d->type) != 0)
			d->type = DECISION_SEPARATED;
		d->date = store_column_date(s, 2);
		d->until = store_column_date(s, 3);
		d->reason = store_column_strdup(s, 4);
		d->recorded_at = db_column_int64(s, 5);
		d->recorded_by = store_column_strdup(s, 6);
		d->revoked_at = db_column_int64(s, 7);
		d->revoked_by = store_column_strdup(s, 8);
		if (d->type == DECISION_ACKNOWLEDGED &&
		    milestone_kind_parse(db_column_text(s, 9),
		    &d->kind) != 0)
			d->kind = MS_RENEWAL_DECISION_DUE; /* the CHECK forbids it */
	}
	db_reset(s);
	for (size_t i = 0; i < c->decision_count; i++)
		decision_clear(&c->decisions[i]);
	free(c->decisions);
	c->decisions = list;
	c->decision_count = n;
	if (rc != DB_DONE)
		return rc == DB_ROW ?
		    failure_set(f, FAILURE_INTERNAL, NULL, "out of memory") :
		    store_fail(st, f, "reading the decision log");
	return 0;
}

/* Appends d to c's log in memory; the contract owns d's strings after. */
static int
log_append(struct contract *c, struct decision *d)
{
	struct decision *nl = realloc(c->decisions,
	    (c->decision_count + 1) * sizeof *nl);

	if (nl == NULL)
		return -1;
	c->decisions = nl;
	c->decisions[c->decision_count++] = *d;
	return 0;
}

int
store_decision_insert(struct store *st, int64_t contract_id,
    struct decision *d, int64_t now, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_DECISION_INSERT,
	    "INSERT INTO decisions (contract_id, type, date, until, reason, "
	    "recorded_at, recorded_by, kind) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");

	if (s == NULL)
		return store_fail(st, f, "preparing the decision");
	db_bind_int64(s, 1, contract_id);
	store_bind_text(s, 2, decision_type_name(d->type));
	store_bind_date(s, 3, d->date);
	store_bind_date(s, 4, d->until);
	store_bind_text(s, 5, d->reason);
	db_bind_int64(s, 6, now);
	store_bind_text(s, 7, d->recorded_by != NULL ? d->recorded_by : "");
	store_bind_text(s, 8, d->type == DECISION_ACKNOWLEDGED ?
	    milestone_kind_name(d->kind) : NULL);
	if (store_step(st, s, f, "storing the decision") != 0)
		return -1;
	d->id = db_last_insert_id(st->db);
	d->recorded_at = now;
	return 0;
}

int
store_decision_record(struct store *st, int64_t contract_id,
    struct decision *d, int64_t now, struct failure *f)
{
	struct contract *c = NULL;
	struct milestone_list ms;
	struct decision copy;
	int rc;

	milestone_list_init(&ms);
	if (store_begin(st, f) != 0)
		return -1;
	if ((c = store_contract_get(st, contract_id, f)) == NULL)
		goto fail;
	/* Plan with the new decision last; its id is still 0, so a refusal
	 * reads as a refusal of it rather than of an earlier one. */
	copy = *d;
	copy.id = 0;
	copy.revoked_at = 0;
	copy.recorded_by = copy.revoked_by = NULL;	/* reason is borrowed */
	if (log_append(c, &copy) != 0) {
		failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		goto fail;
	}
	rc = contract_plan(c, &ms, f);
	c->decisions[c->decision_count - 1].reason = NULL;
	if (rc != 0 || store_decision_insert(st, contract_id, d, now, f) != 0)
		goto fail;
	if (store_milestones_rewrite(st, OWNER_CONTRACT(contract_id), &ms,
	    now, f) != 0 || store_outbox_plan(st, OWNER_CONTRACT(contract_id),
	    c->manager_email, c->email, false, now, f) != 0)
		goto fail;
	contract_free(c);
	milestone_list_free(&ms);
	if (store_commit(st, f) != 0) {
		d->id = 0;
		return -1;
	}
	return 0;
fail:
	d->id = 0;
	contract_free(c);
	milestone_list_free(&ms);
	store_rollback(st);
	return -1;
}

int
store_decision_revoke(struct store *st, int64_t contract_id,
    int64_t decision_id, const char *by, int64_t now, struct failure *f)
{
	struct contract *c = NULL;
	struct decision *target = NULL;
	struct milestone_list ms;
	struct db_stmt *s;

	milestone_list_init(&ms);
	if (store_begin(st, f) != 0)
		return -1;
	if ((c = store_contract_get(st, contract_id, f)) == NULL)
		goto fail;
	for (size_t i = 0; i < c->decision_count; i++) {
		if (c->decisions[i].id == decision_id)
			target = &c->decisions[i];
	}
	if (target == NULL) {
		failure_set(f, FAILURE_NOT_FOUND, "decision",
		    "contract %lld has no decision %lld",
		    (long long)contract_id, (long long)decision_id);
		goto fail;
	}
	if (target->revoked_at != 0) {
		failure_set(f, FAILURE_CONFLICT, "decision",
		    "decision %lld is already revoked", (long long)decision_id);
		goto fail;
	}
	target->revoked_at = now;
	if (contract_plan(c, &ms, f) != 0) {
		if (f->kind != FAILURE_INTERNAL)
			f->kind = FAILURE_CONFLICT;
		goto fail;
	}
	s = store_stmt(st, STMT_REVOCATION_INSERT,
	    "INSERT INTO revocations (decision_id, revoked_at, revoked_by) "
	    "VALUES (?1, ?2, ?3)");
	if (s == NULL) {
		store_fail(st, f, "preparing the revocation");
		goto fail;
	}
	db_bind_int64(s, 1, decision_id);
	db_bind_int64(s, 2, now);
	store_bind_text(s, 3, by != NULL ? by : "");
	if (store_step(st, s, f, "storing the revocation") != 0)
		goto fail;
	if (store_milestones_rewrite(st, OWNER_CONTRACT(contract_id), &ms,
	    now, f) != 0 || store_outbox_plan(st, OWNER_CONTRACT(contract_id),
	    c->manager_email, c->email, false, now, f) != 0)
		goto fail;
	contract_free(c);
	milestone_list_free(&ms);
	return store_commit(st, f);
fail:
	contract_free(c);
	milestone_list_free(&ms);
	store_rollback(st);
	return -1;
}
