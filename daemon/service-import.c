/* The checks of a CSV import before anything is written: every row is
 * held to what the store will hold it to (its fields, dates that can only
 * be typing mistakes, the history its columns imply, the person its email
 * belongs to), so a refused import lists every bad row at once, each with
 * its line and CSV column (SPEC section 7). */
#include "service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "config.h"
#include "contract-csv.h"
#include "daemon.h"
#include "store.h"

/* The CSV column a field of the API names, for a failure of the contract
 * or of the decision at the given type (-1: not a decision's). */
static const char *
csv_column(const char *field, int type)
{
	if (type >= 0 && strcmp(field, "reason") == 0)
		return "separation_reason";
	if (type >= 0) {
		switch ((enum decision_type)type) {
		case DECISION_RENEWED: return "renewed_until";
		case DECISION_CONVERSION_REQUESTED: return "conversion_requested_on";
		case DECISION_CONVERTED: return "converted_on";
		case DECISION_SEPARATED: return "separated_on";
		default: break;
		}
	}
	if (strcmp(field, "indefinite") == 0)
		return "staff_type";
	if (strcmp(field, "post") == 0)
		return "vacancy";
	return field;
}

static int
add(struct failure_list *errors, const struct contract *c,
    struct failure *f, int type)
{
	struct failure e = *f;

	snprintf(e.field, sizeof e.field, "%s", csv_column(f->field, type));
	e.line = c->source_line;
	failure_clear(f);
	return failure_list_add(errors, &e);
}

/* Which decision of the row's history is refused: planning the first k
 * decisions, the first k that fails names it. */
static int
history_refusal(const struct contract *c, struct failure *f)
{
	struct milestone_list ms;
	size_t n = 0;
	struct decision *log = contract_decisions_in_force(c, &n);
	int type = -1;

	if (log == NULL)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	milestone_list_init(&ms);
	for (size_t k = 1; k <= n && type < 0; k++) {
		if (lifecycle_plan(&c->terms, log, k, &ms, f) != 0)
			type = (int)log[k - 1].type;
	}
	milestone_list_free(&ms);
	free(log);
	return type;
}

static int
by_email(const void *a, const void *b)
{
	const struct contract *x = *(struct contract *const *)a;
	const struct contract *y = *(struct contract *const *)b;
	int d = strcasecmp(x->email, y->email);

	return d != 0 ? d : x->source_line - y->source_line;
}

/* One email, one name, within the file too. */
static int
same_person_in_file(struct contract **cs, size_t n,
    struct failure_list *errors)
{
	struct contract **sorted;
	struct failure f = { 0 };
	int rc = 0;

	if (n < 2)
		return 0;
	if ((sorted = malloc(n * sizeof *sorted)) == NULL)
		return -1;
	memcpy(sorted, cs, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, by_email);
	for (size_t i = 1; i < n && rc == 0; i++) {
		struct contract *a = sorted[i - 1], *b = sorted[i];

		if (strcasecmp(a->email, b->email) != 0 ||
		    strcasecmp(a->name, b->name) == 0)
			continue;
		failure_set(&f, FAILURE_CONFLICT, "email", "%.100s is %.100s "
		    "on line %d: one email is one person", b->email, a->name,
		    a->source_line);
		rc = add(errors, b, &f, -1);
	}
	free(sorted);
	return rc;
}

int
service_contracts_check(struct daemon *d, struct contract **cs, size_t n,
    struct failure_list *errors)
{
	int32_t today = clock_today(d->config->timezone);
	struct failure f = { 0 };

	for (size_t i = 0; i < n && errors->count < CONTRACT_CSV_MAX_ERRORS;
	    i++) {
		struct contract *c = cs[i];
		int type;

		if (contract_validate(c, &f) != 0 ||
		    contract_check_dates(c, today, &f) != 0) {
			if (add(errors, c, &f, -1) != 0)
				return -1;
			continue;
		}
		if ((type = history_refusal(c, &f)) != -1) {
			if (f.kind == FAILURE_INTERNAL ||
			    add(errors, c, &f, type) != 0)
				return -1;
			continue;
		}
		if (store_person_check(d->store, c->name, c->email, &f) != 0) {
			if (f.kind != FAILURE_CONFLICT ||
			    add(errors, c, &f, -1) != 0)
				return -1;
		}
	}
	if (same_person_in_file(cs, n, errors) != 0)
		return -1;
	return errors->count > 0 ? 1 : 0;
}
