/* What the service layer writes into the audit log beside each change:
 * the entry staged before the store's write, and a correction's fields
 * with their old and new values. */
#ifndef TENURED_SERVICE_AUDIT_H
#define TENURED_SERVICE_AUDIT_H

#include <stdarg.h>

#include "account.h"
#include "contract.h"
#include "failure.h"
#include "store.h"

struct daemon;

/* Stages e (its summary formatted from fmt) for the next commit. */
int service_audit_stage(struct daemon *d, const struct actor *by,
        struct audit_entry *e, struct failure *f, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
/* {"field": [old, new], ...} of the person and contract fields that
 * differ, as JSON text, and their names as "unit, grade" in names; NULL
 * when none differ (or out of memory). */
char *service_contract_changes(const struct contract *before,
        const struct contract *after, char *names, size_t len);
/* The same for an account's role, email, language and disabled. */
char *service_account_changes(const struct stored_account *before,
        const struct stored_account *after, char *names, size_t len);

#endif
