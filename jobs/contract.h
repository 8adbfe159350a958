/* A contract as HR records it: who, where, which post, and the terms the
 * lifecycle rules read. Strings are owned (malloc'd) or NULL when absent. */
#ifndef TENURED_CONTRACT_H
#define TENURED_CONTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "failure.h"
#include "lang.h"
#include "lifecycle.h"

struct contract {
	int64_t id;			/* 0 until stored */
	char *name;
	char *email;
	char *manager_email;
	char *unit;
	char *vacancy;			/* vacancy reference */
	int post;			/* 1-based post of the vacancy, 0 = none */
	char *post_title;
	char *grade;
	enum lang language;		/* the person's (SPEC section 12) */
	struct contract_terms terms;
	int64_t created_at;
	int64_t updated_at;
	int source_line;		/* CSV line it was read from, or 0 */
	struct decision *decisions;	/* whole log, revoked ones included */
	size_t decision_count;
};

/* Fields the API and the CSV accept, in SPEC order, shared so both name
 * them the same way. */
#define CONTRACT_NAME_MAX 200
#define CONTRACT_TEXT_MAX 200

struct contract *contract_new(void);
void contract_free(struct contract *c);
void decision_clear(struct decision *d);

/* "en" or "fr" into c->language; anything else is refused naming the
 * field language (API and CSV alike). */
int contract_set_language(struct contract *c, const char *text,
        struct failure *f);
/* Checks what a stored contract must have: name, a plausible email, a
 * start date, a birth date before the start. */
int contract_validate(const struct contract *c, struct failure *f);
/* Dates that can only be typing mistakes (SPEC section 4): a start before
 * 1950 or more than 10 years after today, a person younger than 16 or
 * older than 100 at the start. */
#define CONTRACT_FIRST_YEAR 1950
#define CONTRACT_YEARS_AHEAD 10
#define CONTRACT_AGE_MIN 16
#define CONTRACT_AGE_MAX 100
int contract_check_dates(const struct contract *c, int32_t today,
        struct failure *f);
/* True when text has no control character: C0, DEL or C1 (U+0080 to
 * U+009F), which would garble tables, logs and calendars. */
bool contract_text_ok(const char *text);
/* False when text holds a bidirectional control, a zero-width space or a
 * byte-order mark (names and titles refuse them). */
bool contract_visible_text(const char *text);
/* The one rule for an email address: ASCII dot-atom local part, a domain
 * of two or more letter-digit-hyphen labels. */
int contract_email_valid(const char *email);

/* The decisions still in force, in recorded order, as a new array the
 * caller frees (the strings stay owned by the contract). */
struct decision *contract_decisions_in_force(const struct contract *c,
    size_t *count);
/* The contract's milestones, planned from its terms and the decisions in
 * force (lifecycle_plan). */
int contract_plan(const struct contract *c, struct milestone_list *out,
    struct failure *f);

#endif
