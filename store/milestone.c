#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"

/* A stored milestone as the rewrite compares it with the plan. */
struct stored {
	int64_t id;
	struct milestone m;
	bool seen;
};

static int
load_stored(struct store *st, const struct milestone_owner *o,
    struct stored **out, size_t *count, struct failure *f)
{
	struct db_stmt *s = o->vacancy ?
	    store_stmt(st, STMT_MILESTONES_OF_VACANCY,
	    "SELECT id, kind, term_end, date, at, status FROM milestones "
	    "WHERE vacancy_id = ?1 ORDER BY date, id") :
	    store_stmt(st, STMT_MILESTONES_OF,
	    "SELECT id, kind, term_end, date, at, status FROM milestones "
	    "WHERE contract_id = ?1 ORDER BY date, id");
	struct stored *list = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (s == NULL)
		return store_fail(st, f, "preparing the milestones");
	db_bind_int64(s, 1, o->id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct stored *r;

		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct stored *nl = realloc(list, ncap * sizeof *nl);

			if (nl == NULL)
				break;
			list = nl;
			cap = ncap;
		}
		r = &list[n];
		memset(r, 0, sizeof *r);
		r->id = db_column_int64(s, 0);
		if (milestone_kind_parse(db_column_text(s, 1),
		    &r->m.kind) != 0 ||
		    milestone_status_parse(db_column_text(s, 5),
		    &r->m.status) != 0)
			continue;	/* written by a newer version: leave it */
		r->m.term_end = store_column_date(s, 2);
		r->m.date = store_column_date(s, 3);
		r->m.at = db_column_int64(s, 4);
		n++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		free(list);
		return rc == DB_ROW ?
		    failure_set(f, FAILURE_INTERNAL, NULL, "out of memory") :
		    store_fail(st, f, "reading the milestones");
	}
	*out = list;
	*count = n;
	return 0;
}

static int
insert_milestone(struct store *st, const struct milestone_owner *o,
    const struct milestone *m, int64_t now, struct failure *f)
{
	struct db_stmt *s = o->vacancy ?
	    store_stmt(st, STMT_MILESTONE_INSERT_VACANCY,
	    "INSERT INTO milestones (vacancy_id, kind, term_end, date, at, "
	    "status, sequence, updated_at) VALUES (?1, ?2, coalesce(?3, 0), ?4, "
	    "?5, ?6, 0, ?7)") :
	    store_stmt(st, STMT_MILESTONE_INSERT,
	    "INSERT INTO milestones (contract_id, kind, term_end, date, at, "
	    "status, sequence, updated_at) VALUES (?1, ?2, coalesce(?3, 0), ?4, "
	    "?5, ?6, 0, ?7)");

	if (s == NULL)
		return store_fail(st, f, "preparing a milestone");
	db_bind_int64(s, 1, o->id);
	db_bind_text(s, 2, milestone_kind_name(m->kind));
	store_bind_date(s, 3, m->term_end);
	store_bind_date(s, 4, m->date);
	if (m->at != 0)
		db_bind_int64(s, 5, m->at);
	db_bind_text(s, 6, milestone_status_name(m->status));
	db_bind_int64(s, 7, now);
	return store_step(st, s, f, "storing a milestone");
}

static int
update_milestone(struct store *st, int64_t id, const struct milestone *m,
    int64_t now, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_MILESTONE_UPDATE,
	    "UPDATE milestones SET date = ?2, at = ?3, status = ?4, "
	    "sequence = sequence + 1, updated_at = ?5 WHERE id = ?1");

	if (s == NULL)
		return store_fail(st, f, "preparing a milestone change");
	db_bind_int64(s, 1, id);
	store_bind_date(s, 2, m->date);
	if (m->at != 0)
		db_bind_int64(s, 3, m->at);
	db_bind_text(s, 4, milestone_status_name(m->status));
	db_bind_int64(s, 5, now);
	return store_step(st, s, f, "changing a milestone");
}

static int
new_milestone_cmp(const void *a, const void *b)
{
	const struct new_milestone *x = a, *y = b;

	if (x->m.date != y->m.date)
		return x->m.date < y->m.date ? -1 : 1;
	return x->contract_id < y->contract_id ? -1 :
	    x->contract_id > y->contract_id;
}

int
store_milestones_insert_new(struct store *st, struct new_milestones *q,
    int64_t now, struct failure *f)
{
	qsort(q->items, q->count, sizeof *q->items, new_milestone_cmp);
	for (size_t i = 0; i < q->count; i++) {
		if (insert_milestone(st, OWNER_CONTRACT(q->items[i].contract_id),
		    &q->items[i].m,
		    now, f) != 0)
			return -1;
	}
	return 0;
}

static bool
same(const struct milestone *a, const struct milestone *b)
{
	return a->date == b->date && a->at == b->at && a->status == b->status;
}

int
store_milestones_rewrite(struct store *st, const struct milestone_owner *o,
    const struct milestone_list *planned, int64_t now, struct failure *f)
{
	struct stored *old = NULL;
	size_t n = 0;
	int rc = -1;

	if (load_stored(st, o, &old, &n, f) != 0)
		return -1;
	for (size_t i = 0; i < planned->count; i++) {
		const struct milestone *m = &planned->items[i];
		struct stored *match = NULL;

		for (size_t j = 0; j < n && match == NULL; j++) {
			if (old[j].m.kind == m->kind &&
			    old[j].m.term_end == m->term_end)
				match = &old[j];
		}
		if (match == NULL) {
			if (insert_milestone(st, o, m, now, f) != 0)
				goto out;
			continue;
		}
		match->seen = true;
		if (!same(&match->m, m) &&
		    update_milestone(st, match->id, m, now, f) != 0)
			goto out;
	}
	for (size_t j = 0; j < n; j++) {
		struct milestone gone = old[j].m;

		if (old[j].seen || gone.status == MS_CANCELLED)
			continue;
		gone.status = MS_CANCELLED;
		if (update_milestone(st, old[j].id, &gone, now, f) != 0)
			goto out;
	}
	rc = 0;
out:
	free(old);
	return rc;
}

int
store_contract_milestones(struct store *st, int64_t contract_id,
    struct milestone_list *out, struct failure *f)
{
	struct stored *rows = NULL;
	size_t n = 0;

	out->count = 0;
	if (load_stored(st, OWNER_CONTRACT(contract_id), &rows, &n, f) != 0)
		return -1;
	if (n > out->cap) {
		struct milestone *items = realloc(out->items, n * sizeof *items);

		if (items == NULL) {
			free(rows);
			return failure_set(f, FAILURE_INTERNAL, NULL,
			    "out of memory");
		}
		out->items = items;
		out->cap = n;
	}
	for (size_t i = 0; i < n; i++)
		out->items[i] = rows[i].m;
	out->count = n;
	free(rows);
	return 0;
}

/* The columns every milestone listing reads, in read_milestone_rows's
 * order. */
#define MILESTONE_ROWS_SELECT						\
	"SELECT m.id, m.kind, m.term_end, m.date, m.at, m.status, "	\
	"m.sequence, m.updated_at, m.contract_id, "			\
	"coalesce(c.vacancy, v.reference), p.name, p.email, "		\
	"coalesce(c.post_title, v.title), c.unit, c.manager_email "	\
	"FROM milestones m "						\
	"LEFT JOIN contracts c ON c.id = m.contract_id "		\
	"LEFT JOIN people p ON p.id = c.person_id "			\
	"LEFT JOIN vacancies v ON v.id = m.vacancy_id "

/* The scope filter of a listing, its type and value bound at ?7 and ?8. */
#define MILESTONE_SCOPE_FILTER						\
	"AND (?7 IS NULL "						\
	"  OR (?7 = 'manager' AND c.manager_email = ?8) "		\
	"  OR (?7 = 'person' AND p.email = ?8) "			\
	"  OR (?7 = 'unit' AND c.unit = ?8) "				\
	"  OR (?7 = 'vacancy' AND (c.vacancy = ?8 OR v.reference = ?8))) "

static void
bind_scope(struct db_stmt *s, const struct scope *scope)
{
	if (scope != NULL && scope->type != SCOPE_ALL) {
		db_bind_text(s, 7, scope_type_name(scope->type));
		db_bind_text(s, 8, scope->value);
	}
}

/* Steps s (a MILESTONE_ROWS_SELECT) into fn until it returns non-zero. */
static int
read_milestone_rows(struct store *st, struct db_stmt *s, milestone_row_fn fn,
    void *ctx, struct failure *f)
{
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		struct milestone_row r = { 0 };

		r.id = db_column_int64(s, 0);
		if (milestone_kind_parse(db_column_text(s, 1),
		    &r.m.kind) != 0 ||
		    milestone_status_parse(db_column_text(s, 5),
		    &r.m.status) != 0)
			continue;
		r.m.term_end = store_column_date(s, 2);
		r.m.date = store_column_date(s, 3);
		r.m.at = db_column_int64(s, 4);
		r.sequence = db_column_int64(s, 6);
		r.updated_at = db_column_int64(s, 7);
		r.contract_id = db_column_int64(s, 8);
		r.vacancy = db_column_text(s, 9);
		r.person_name = db_column_text(s, 10);
		r.person_email = db_column_text(s, 11);
		r.title = db_column_text(s, 12);
		r.unit = db_column_text(s, 13);
		r.manager_email = db_column_text(s, 14);
		if (fn(ctx, &r) != 0)
			break;
	}
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_fail(st, f, "reading milestones");
	return 0;
}

int
store_milestones_query(struct store *st, const struct milestone_query *q,
    milestone_row_fn fn, void *ctx, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_MILESTONE_WINDOW,
	    MILESTONE_ROWS_SELECT
	    "WHERE m.date BETWEEN ?1 AND ?2 "
	    "AND (?3 IS NULL OR m.kind = ?3) "
	    "AND (?4 IS NULL OR m.contract_id = ?4) "
	    "AND (?5 IS NULL OR (m.date, m.id) > "
	    "    (SELECT date, id FROM milestones WHERE id = ?5)) "
	    MILESTONE_SCOPE_FILTER
	    "AND (?9 IS NULL OR c.unit = ?9) "
	    "AND (?10 IS NULL OR c.manager_email = ?10) "
	    "AND (?11 IS NULL OR (m.status = 'scheduled' AND m.date < ?11 "
	    "  AND m.kind IN " SQL_DECISION_KINDS ")) "
	    "AND (?12 IS NULL "
	    "  OR (?12 = 'manager' AND c.manager_email = ?13) "
	    "  OR (?12 = 'person' AND p.email = ?13)) "
	    "AND (?14 IS NULL OR instr(?14, ',' || m.status || ',') > 0) "
	    "ORDER BY m.date, m.id LIMIT ?6");
	char statuses[64] = ",";

	if (s == NULL)
		return store_fail(st, f, "preparing the milestone query");
	if (q->from != DATE_NONE)
		store_bind_date(s, 1, q->from);
	else
		db_bind_int64(s, 1, 0);
	if (q->to != DATE_NONE)
		store_bind_date(s, 2, q->to);
	else
		db_bind_int64(s, 2, 99999999);
	if (q->kind >= 0)
		db_bind_text(s, 3, milestone_kind_name(q->kind));
	if (q->contract_id > 0)
		db_bind_int64(s, 4, q->contract_id);
	if (q->after > 0)
		db_bind_int64(s, 5, q->after);
	db_bind_int64(s, 6, q->limit > 0 ? q->limit : 1000);
	bind_scope(s, q->scope);
	if (q->unit != NULL)
		db_bind_text(s, 9, q->unit);
	if (q->manager != NULL)
		db_bind_text(s, 10, q->manager);
	if (q->overdue_only)
		store_bind_date(s, 11, q->today);
	if (q->reach != NULL && q->reach->type != SCOPE_ALL) {
		db_bind_text(s, 12, scope_type_name(q->reach->type));
		db_bind_text(s, 13, q->reach->value);
	}
	if (q->statuses != 0) {
		/* ",scheduled,done," for instr() */
		for (int i = 0; i <= MS_CANCELLED; i++) {
			if (q->statuses & (1u << i)) {
				strcat(statuses, milestone_status_name(i));
				strcat(statuses, ",");
			}
		}
		db_bind_text(s, 14, statuses);
	}
	return read_milestone_rows(st, s, fn, ctx, f);
}

int
store_milestones_awaiting(struct store *st, int32_t before,
    const struct scope *scope, milestone_row_fn fn, void *ctx,
    struct failure *f)
{
	/* The conditions of the milestones_awaiting index, word for word,
	 * so that SQLite reads that index instead of every date. */
	struct db_stmt *s = store_stmt(st, STMT_MILESTONE_AWAITING,
	    MILESTONE_ROWS_SELECT
	    "WHERE m.status = 'scheduled' AND m.kind IN " SQL_DECISION_KINDS
	    " AND m.date < ?1 "
	    MILESTONE_SCOPE_FILTER
	    "ORDER BY m.date, m.id");

	if (s == NULL)
		return store_fail(st, f, "preparing the awaited decisions");
	store_bind_date(s, 1, before);
	bind_scope(s, scope);
	return read_milestone_rows(st, s, fn, ctx, f);
}
