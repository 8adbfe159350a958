#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "text-fold.h"

/* Columns shared by insert, update and get, in policy_keys order for the
 * policy part. */
#define CONTRACT_COLUMNS						\
	"manager_email, unit, vacancy, post, post_title, grade, start, "	\
	"staff_type, indefinite, twin_graded, birth_date, language, "	\
	"probation_months, initial_term_months, renewal_term_months, "	\
	"max_service_months, conversion_allowed, "			\
	"conversion_deadline_months, seconded_national_agreement, "	\
	"renewal_lead_months, national_agreement_lead_months, "	\
	"twin_grade_months, twin_grade_reduction_months, age_limit_years"
#define CONTRACT_COLUMN_COUNT 24

/* Binds CONTRACT_COLUMNS to parameters first .. first + 23. */
static void
bind_contract(struct db_stmt *s, int first, const struct contract *c)
{
	const struct contract_terms *t = &c->terms;
	int i = first;

	store_bind_text(s, i++, c->manager_email);
	store_bind_text(s, i++, c->unit);
	store_bind_text(s, i++, c->vacancy);
	if (c->post > 0)
		db_bind_int64(s, i++, c->post);
	else
		db_bind_null(s, i++);
	store_bind_text(s, i++, c->post_title);
	store_bind_text(s, i++, c->grade);
	store_bind_date(s, i++, t->start);
	store_bind_text(s, i++, staff_type_name(t->staff_type));
	db_bind_int64(s, i++, t->indefinite);
	db_bind_int64(s, i++, t->twin_graded);
	store_bind_date(s, i++, t->birth_date);
	store_bind_text(s, i++, lang_code(c->language));
	for (unsigned k = 0; k < policy_key_count; k++, i++) {
		int v = policy_get_int(&t->policy, &policy_keys[k]);

		if (v == POLICY_NONE && policy_keys[k].type == POLICY_MONTHS_OR_NONE)
			db_bind_null(s, i);
		else
			db_bind_int64(s, i, v);
	}
}

/* Reads CONTRACT_COLUMNS starting at column first. */
static void
read_contract(struct db_stmt *s, int first, struct contract *c)
{
	struct contract_terms *t = &c->terms;
	int i = first;

	c->manager_email = store_column_strdup(s, i++);
	c->unit = store_column_strdup(s, i++);
	c->vacancy = store_column_strdup(s, i++);
	c->post = db_column_int64(s, i++);
	c->post_title = store_column_strdup(s, i++);
	c->grade = store_column_strdup(s, i++);
	t->start = store_column_date(s, i++);
	if (staff_type_parse(db_column_text(s, i++),
	    &t->staff_type) != 0)
		t->staff_type = STAFF_EXTERNAL;
	t->indefinite = db_column_int64(s, i++) != 0;
	t->twin_graded = db_column_int64(s, i++) != 0;
	t->birth_date = store_column_date(s, i++);
	/* The column's CHECK admits only what lang_parse takes. */
	if (!lang_parse(db_column_text(s, i++),
	    &c->language))
		c->language = LANG_DEFAULT;
	for (unsigned k = 0; k < policy_key_count; k++, i++) {
		int v = db_column_null(s, i) ? POLICY_NONE :
		    db_column_int64(s, i);

		policy_set_int(&t->policy, &policy_keys[k], v);
	}
}

/* Queues the planned milestones of a new contract for one sorted insert. */
static int
queue_new(struct new_milestones *q, int64_t contract_id,
    const struct milestone_list *ms)
{
	if (q->count + ms->count > q->cap) {
		size_t cap = q->cap ? q->cap : 64;
		struct new_milestone *items;

		while (cap < q->count + ms->count)
			cap *= 2;
		if ((items = realloc(q->items, cap * sizeof *items)) == NULL)
			return -1;
		q->items = items;
		q->cap = cap;
	}
	for (size_t i = 0; i < ms->count; i++) {
		q->items[q->count].contract_id = contract_id;
		q->items[q->count++].m = ms->items[i];
	}
	return 0;
}

/* Inside a transaction: validates, plans, and writes one new contract with
 * the decisions it carries; its milestones join the queue. */
static int
insert_one(struct store *st, struct contract *c, struct milestone_list *ms,
    struct new_milestones *queue, int64_t now, struct failure *f)
{
	struct db_stmt *s;
	int64_t person;

	if (contract_validate(c, f) != 0 || contract_plan(c, ms, f) != 0)
		return -1;
	if ((person = store_person_resolve(st, c->name, c->email, NULL,
	    f)) < 0)
		return -1;
	s = store_stmt(st, STMT_CONTRACT_INSERT,
	    "INSERT INTO contracts (person_id, " CONTRACT_COLUMNS ", "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
	    "?22, ?23, ?24, ?25, ?26, ?26)");
	if (s == NULL)
		return store_fail(st, f, "preparing the contract");
	db_bind_int64(s, 1, person);
	bind_contract(s, 2, c);
	db_bind_int64(s, 2 + CONTRACT_COLUMN_COUNT, now);
	if (store_step(st, s, f, "storing the contract") != 0)
		return -1;
	c->id = db_last_insert_id(st->db);
	c->created_at = c->updated_at = now;
	for (size_t i = 0; i < c->decision_count; i++) {
		if (store_decision_insert(st, c->id, &c->decisions[i], now, f) != 0)
			return -1;
	}
	if (queue_new(queue, c->id, ms) != 0)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	return 0;
}

int
store_contracts_import(struct store *st, struct contract **cs, size_t n,
    int64_t now, struct failure *f)
{
	struct milestone_list ms;
	struct new_milestones queue = { 0 };

	milestone_list_init(&ms);
	if (store_begin(st, f) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (insert_one(st, cs[i], &ms, &queue, now, f) != 0) {
			f->line = (int)i + 1;
			goto fail;
		}
	}
	if (store_milestones_insert_new(st, &queue, now, f) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (store_outbox_plan(st, OWNER_CONTRACT(cs[i]->id),
		    cs[i]->manager_email, cs[i]->email, true, now, f) != 0)
			goto fail;
	}
	milestone_list_free(&ms);
	free(queue.items);
	return store_commit(st, f);
fail:
	milestone_list_free(&ms);
	free(queue.items);
	store_rollback(st);
	for (size_t i = 0; i < n; i++)
		cs[i]->id = 0;
	return -1;
}

int
store_contract_create(struct store *st, struct contract *c, int64_t now,
    struct failure *f)
{
	int rc = store_contracts_import(st, &c, 1, now, f);

	if (rc != 0)
		f->line = 0;
	return rc;
}

int
store_contract_update(struct store *st, struct contract *c, int64_t now,
    struct failure *f)
{
	struct contract *old = NULL;
	struct milestone_list ms;
	struct db_stmt *s;
	int64_t person;

	milestone_list_init(&ms);
	if (contract_validate(c, f) != 0 || store_begin(st, f) != 0)
		return -1;
	if ((old = store_contract_get(st, c->id, f)) == NULL)
		goto fail;
	/* The log is the stored one, whatever the caller's copy holds. */
	for (size_t i = 0; i < c->decision_count; i++)
		decision_clear(&c->decisions[i]);
	free(c->decisions);
	c->decisions = old->decisions;
	c->decision_count = old->decision_count;
	old->decisions = NULL;
	old->decision_count = 0;
	if (contract_plan(c, &ms, f) != 0) {
		if (f->kind != FAILURE_INTERNAL)
			f->kind = FAILURE_CONFLICT;
		goto fail;
	}
	if ((person = store_person_resolve(st, c->name, c->email, old->email,
	    f)) < 0)
		goto fail;
	s = store_stmt(st, STMT_CONTRACT_UPDATE,
	    "UPDATE contracts SET (person_id, " CONTRACT_COLUMNS ", "
	    "updated_at) = (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, "
	    "?26) WHERE id = ?27");
	if (s == NULL) {
		store_fail(st, f, "preparing the correction");
		goto fail;
	}
	db_bind_int64(s, 1, person);
	bind_contract(s, 2, c);
	db_bind_int64(s, 2 + CONTRACT_COLUMN_COUNT, now);
	db_bind_int64(s, 3 + CONTRACT_COLUMN_COUNT, c->id);
	if (store_step(st, s, f, "storing the correction") != 0)
		goto fail;
	if (store_milestones_rewrite(st, OWNER_CONTRACT(c->id), &ms, now,
	    f) != 0 || store_outbox_plan(st, OWNER_CONTRACT(c->id),
	    c->manager_email, c->email, false, now, f) != 0)
		goto fail;
	c->created_at = old->created_at;
	c->updated_at = now;
	contract_free(old);
	milestone_list_free(&ms);
	return store_commit(st, f);
fail:
	contract_free(old);
	milestone_list_free(&ms);
	store_rollback(st);
	return -1;
}

#define CONTRACT_SELECT							\
	"SELECT c.id, p.name, p.email, " CONTRACT_COLUMNS ", "		\
	"c.created_at, c.updated_at "					\
	"FROM contracts c JOIN people p ON p.id = c.person_id "

/* The caller's reach (SPEC section 11), its type and value bound at ?8
 * and ?9: a manager's team or a staff member's own contracts. */
#define CONTRACT_REACH_FILTER						\
	"AND (?8 IS NULL "						\
	"  OR (?8 = 'manager' AND c.manager_email = ?9) "		\
	"  OR (?8 = 'person' AND p.email = ?9)) "

static void
bind_reach(struct db_stmt *s, const struct scope *reach)
{
	if (reach != NULL && reach->type != SCOPE_ALL) {
		db_bind_text(s, 8, scope_type_name(reach->type));
		db_bind_text(s, 9, reach->value);
	}
}

static struct contract *
contract_from_row(struct db_stmt *s)
{
	struct contract *c = contract_new();

	if (c == NULL)
		return NULL;
	c->id = db_column_int64(s, 0);
	c->name = store_column_strdup(s, 1);
	c->email = store_column_strdup(s, 2);
	read_contract(s, 3, c);
	c->created_at = db_column_int64(s, 3 + CONTRACT_COLUMN_COUNT);
	c->updated_at = db_column_int64(s, 4 + CONTRACT_COLUMN_COUNT);
	return c;
}

struct contract *
store_contract_get(struct store *st, int64_t id, struct failure *f)
{
	return store_contract_get_within(st, id, NULL, f);
}

struct contract *
store_contract_get_within(struct store *st, int64_t id,
    const struct scope *reach, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_CONTRACT_GET,
	    CONTRACT_SELECT "WHERE c.id = ?1 " CONTRACT_REACH_FILTER);
	struct contract *c = NULL;
	int rc;

	if (s == NULL) {
		store_fail(st, f, "preparing the contract query");
		return NULL;
	}
	db_bind_int64(s, 1, id);
	bind_reach(s, reach);
	rc = db_step(s);
	if (rc == DB_ROW) {
		c = contract_from_row(s);
	} else if (rc == DB_DONE) {
		failure_set(f, FAILURE_NOT_FOUND, "id", "no contract %lld",
		    (long long)id);
		db_reset(s);
		return NULL;
	} else {
		store_fail(st, f, "reading the contract");
	}
	db_reset(s);
	if (c == NULL)
		return NULL;
	if (store_decisions_load(st, c, f) != 0) {
		contract_free(c);
		return NULL;
	}
	return c;
}

int
store_contract_list(struct store *st, const struct contract_query *q,
    struct contract ***out, size_t *count, struct failure *f)
{
	/* The search folds each field as it reads it (tenured_fold, from
	 * store.c): a scan, which a listing of people can afford. */
	struct db_stmt *s = store_stmt(st, STMT_CONTRACT_LIST,
	    CONTRACT_SELECT "WHERE c.id > ?1 " CONTRACT_REACH_FILTER
	    "AND (?3 IS NULL OR instr(tenured_fold(p.name), ?3) > 0 "
	    "  OR instr(tenured_fold(p.email), ?3) > 0 "
	    "  OR instr(tenured_fold(c.unit), ?3) > 0 "
	    "  OR instr(tenured_fold(c.manager_email), ?3) > 0 "
	    "  OR instr(tenured_fold(c.vacancy), ?3) > 0) "
	    "ORDER BY c.id LIMIT ?2");
	char folded[4 * CONTRACT_NAME_MAX + 1];
	struct contract **list = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (s == NULL)
		return store_fail(st, f, "preparing the contract list");
	db_bind_int64(s, 1, q->after);
	db_bind_int64(s, 2, q->limit);
	bind_reach(s, q->reach);
	if (q->text != NULL && q->text[0] != '\0') {
		text_fold(q->text, strlen(q->text), folded, sizeof folded);
		db_bind_text(s, 3, folded);
	}
	while ((rc = db_step(s)) == DB_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			struct contract **nl = realloc(list, ncap * sizeof *nl);

			if (nl == NULL)
				break;
			list = nl;
			cap = ncap;
		}
		if ((list[n] = contract_from_row(s)) == NULL)
			break;
		n++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		if (rc == DB_ROW)
			failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		else
			store_fail(st, f, "listing contracts");
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		if (store_decisions_load(st, list[i], f) != 0)
			goto fail;
	}
	*out = list;
	*count = n;
	return 0;
fail:
	for (size_t i = 0; i < n; i++)
		contract_free(list[i]);
	free(list);
	return -1;
}
