/* What a request does, beyond parsing it: jobs computes, the store commits
 * in one transaction, then everything that follows a write (status now,
 * reminders and feeds later) happens here, once. */
#ifndef TENURED_SERVICE_H
#define TENURED_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "contract.h"
#include "failure.h"

struct daemon;

/* A new contract takes the configured default policy. */
void service_contract_defaults(struct daemon *d, struct contract *c);
/* Links c to its vacancy, if it names one: the notice's clause becomes
 * the contract's policy, and a named post gives the grade and twin-graded
 * unless the request gave them. An unknown vacancy is refused when
 * required (the API), else left as a bare reference (a CSV import of staff
 * whose notice was never imported). */
int service_contract_link(struct daemon *d, struct contract *c,
        bool grade_given, bool twin_given, bool required, struct failure *f);
/* Parses and, unless dry_run, stores a notice (a new version when the
 * reference exists), planning its deadline. */
struct vacancy;
int service_vacancy_import(struct daemon *d, const char *text, size_t len,
        bool dry_run, struct vacancy **out, int *version, struct failure *f);
int service_contract_create(struct daemon *d, struct contract *c,
        struct failure *f);
int service_contracts_import(struct daemon *d, struct contract **cs,
        size_t n, struct failure *f);
int service_contract_update(struct daemon *d, struct contract *c,
        struct failure *f);
int service_decision_record(struct daemon *d, int64_t contract_id,
        struct decision *dec, struct failure *f);
int service_decision_revoke(struct daemon *d, int64_t contract_id,
        int64_t decision_id, const char *by, struct failure *f);

#endif
