/* What a request does, beyond parsing it: jobs computes, the store commits
 * in one transaction, then everything that follows a write (status now,
 * reminders and feeds later) happens here, once. */
#ifndef TENURED_SERVICE_H
#define TENURED_SERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "contract.h"
#include "failure.h"

struct daemon;

/* A new contract takes the configured default policy. */
void service_contract_defaults(struct daemon *d, struct contract *c);
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
