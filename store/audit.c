/* The audit log: entries staged before a write and committed inside it,
 * and read back newest first. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const entity_names[AUDIT_ENTITY_COUNT] = {
	[AUDIT_CONTRACT] = "contract",
	[AUDIT_DECISION] = "decision",
	[AUDIT_VACANCY] = "vacancy",
	[AUDIT_FEED] = "feed",
	[AUDIT_ACCOUNT] = "account",
	[AUDIT_OUTBOX] = "outbox",
	[AUDIT_BACKUP] = "backup",
};

const char *
audit_entity_name(enum audit_entity e)
{
	return (unsigned)e < AUDIT_ENTITY_COUNT ? entity_names[e] : "?";
}

int
audit_entity_parse(const char *text, enum audit_entity *out)
{
	for (int e = 0; text != NULL && e < AUDIT_ENTITY_COUNT; e++) {
		if (strcmp(text, entity_names[e]) == 0) {
			*out = (enum audit_entity)e;
			return 0;
		}
	}
	return -1;
}

static void
staged_clear(struct audit_staged *s)
{
	free((char *)s->e.action);
	free((char *)s->e.changes);
	free((char *)s->e.summary);
}

int
store_audit_stage(struct store *st, const struct actor *by, int64_t at,
    const struct audit_entry *e)
{
	struct audit_staged *s;

	if (st->audit_count == st->audit_cap) {
		size_t cap = st->audit_cap ? st->audit_cap * 2 : 4;
		struct audit_staged *items = realloc(st->audit,
		    cap * sizeof *items);

		if (items == NULL)
			return -1;
		st->audit = items;
		st->audit_cap = cap;
	}
	s = &st->audit[st->audit_count];
	s->by = *by;
	s->at = at;
	s->e = *e;
	s->e.action = strdup(e->action);
	s->e.summary = strdup(e->summary != NULL ? e->summary : "");
	s->e.changes = e->changes != NULL ? strdup(e->changes) : NULL;
	if (s->e.action == NULL || s->e.summary == NULL ||
	    (e->changes != NULL && s->e.changes == NULL)) {
		staged_clear(s);
		return -1;
	}
	st->audit_count++;
	return 0;
}

void
store_audit_drop(struct store *st)
{
	for (size_t i = 0; i < st->audit_count; i++)
		staged_clear(&st->audit[i]);
	st->audit_count = 0;
}

void
store_audit_free(struct store *st)
{
	store_audit_drop(st);
	free(st->audit);
	st->audit = NULL;
	st->audit_cap = 0;
}

static void
bind_id(struct db_stmt *s, int i, int64_t id, const int64_t *from)
{
	if (from != NULL)
		id = *from;
	if (id > 0)
		db_bind_int64(s, i, id);
	else
		db_bind_null(s, i);
}

int
store_audit_flush(struct store *st, struct failure *f)
{
	for (size_t i = 0; i < st->audit_count; i++) {
		const struct audit_staged *a = &st->audit[i];
		struct db_stmt *s = store_stmt(st, STMT_AUDIT_INSERT,
		    "INSERT INTO audit (at, actor, via, action, entity, "
		    "entity_id, contract_id, changes, summary) VALUES "
		    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");

		if (s == NULL)
			return store_fail(st, f, "preparing the audit entry");
		db_bind_int64(s, 1, a->at);
		store_bind_text(s, 2, a->by.name);
		store_bind_text(s, 3, account_via_name(a->by.via));
		store_bind_text(s, 4, a->e.action);
		store_bind_text(s, 5, audit_entity_name(a->e.entity));
		bind_id(s, 6, a->e.entity_id, a->e.entity_id_from);
		bind_id(s, 7, a->e.contract_id, a->e.contract_id_from);
		store_bind_text(s, 8, a->e.changes);
		store_bind_text(s, 9, a->e.summary);
		if (store_step(st, s, f, "recording the audit entry") != 0)
			return -1;
	}
	store_audit_drop(st);
	return 0;
}

int
store_audit_commit(struct store *st, struct failure *f)
{
	if (store_begin(st, f) != 0)
		return -1;
	return store_commit(st, f);
}

int
store_audit_query(struct store *st, const struct audit_query *q,
    audit_row_fn fn, void *ctx, struct failure *f)
{
	/* Built per call: the filters vary and the log is read rarely. A
	 * contract's history is its own entries and those that name it. */
	static const char sql[] =
	    "SELECT id, at, actor, via, action, entity, entity_id, "
	    "contract_id, changes, summary FROM audit WHERE "
	    "(?1 IS NULL OR (entity = ?1 AND (?2 IS NULL OR entity_id = ?2)) "
	    "  OR (?1 = 'contract' AND ?2 IS NOT NULL AND contract_id = ?2)) "
	    "AND (?3 IS NULL OR actor = ?3) "
	    "AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at <= ?5) "
	    "AND (?6 IS NULL OR id < ?6) "
	    "ORDER BY id DESC LIMIT ?7";
	struct db_stmt *s;
	int rc, stop = 0;

	if (db_prepare(st->db, sql, false, &s) != 0)
		return store_fail(st, f, "preparing the audit query");
	if (q->entity >= 0)
		db_bind_text(s, 1, audit_entity_name(q->entity));
	if (q->entity_id > 0)
		db_bind_int64(s, 2, q->entity_id);
	store_bind_text(s, 3, q->actor);
	if (q->from > 0)
		db_bind_int64(s, 4, q->from);
	if (q->to > 0)
		db_bind_int64(s, 5, q->to);
	if (q->after > 0)
		db_bind_int64(s, 6, q->after);
	db_bind_int64(s, 7, q->limit);
	while (!stop && (rc = db_step(s)) == DB_ROW) {
		struct audit_row r = {
			.id = db_column_int64(s, 0),
			.at = db_column_int64(s, 1),
			.actor = db_column_text(s, 2),
			.via = db_column_text(s, 3),
			.action = db_column_text(s, 4),
			.entity = db_column_text(s, 5),
			.entity_id = db_column_int64(s, 6),
			.contract_id = db_column_int64(s, 7),
			.changes = db_column_text(s, 8),
			.summary = db_column_text(s, 9),
		};

		stop = fn(ctx, &r);
	}
	if (!stop && rc != DB_DONE) {
		store_fail(st, f, "reading the audit log");
		db_finalize(s);
		return -1;
	}
	db_finalize(s);
	return 0;
}
