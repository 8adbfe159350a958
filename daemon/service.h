/* What a request does, beyond parsing it: jobs computes, the store commits
 * in one transaction, then everything that follows a write (status now,
 * reminders and feeds later) happens here, once. */
#ifndef TENURED_SERVICE_H
#define TENURED_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "contract.h"
#include "store.h"
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
int service_vacancy_import(struct daemon *d, const struct actor *by,
        const char *text, size_t len, bool dry_run, struct vacancy **out,
        int *version, struct failure *f);

/* Every write below names its actor, recorded in the audit log (and as a
 * decision's recorded_by/revoked_by) in the transaction of the change. */
int service_contract_create(struct daemon *d, const struct actor *by,
        struct contract *c, struct failure *f);
int service_contracts_import(struct daemon *d, const struct actor *by,
        struct contract **cs, size_t n, struct failure *f);
/* Holds every contract of an import to the store's rules and lists each
 * refusal in errors with its line and CSV column: 0 when all pass, 1 when
 * some are refused, -1 when checking itself failed (out of memory, the
 * database). */
struct failure_list;
int service_contracts_check(struct daemon *d, struct contract **cs, size_t n,
        struct failure_list *errors);
int service_contract_update(struct daemon *d, const struct actor *by,
        struct contract *c, struct failure *f);
int service_decision_record(struct daemon *d, const struct actor *by,
        int64_t contract_id, struct decision *dec, struct failure *f);
int service_decision_revoke(struct daemon *d, const struct actor *by,
        int64_t contract_id, int64_t decision_id, struct failure *f);

/* Feeds (service-feeds.c): token receives FEED_TOKEN_LEN + 1 bytes. */
struct feed;
struct feed *service_feed_create(struct daemon *d, const struct actor *by,
        const char *name, const char *scope, bool redact, const char *alarms,
        enum lang lang, char *token, struct failure *f);
struct feed *service_feed_rotate(struct daemon *d, const struct actor *by,
        int64_t id, char *token, struct failure *f);
int service_feed_revoke(struct daemon *d, const struct actor *by,
        int64_t id, struct failure *f);
/* A retrying or dead delivery is tried again at once. */
int service_outbox_retry(struct daemon *d, const struct actor *by,
        int64_t id, struct failure *f);
/* A consistent copy of the database at path, and its audit entry. */
int service_backup(struct daemon *d, const struct actor *by,
        const char *path, struct failure *f);

/* Accounts (service-accounts.c); token receives a new token when not
 * NULL. */
int service_account_create(struct daemon *d, const struct actor *by,
        struct stored_account *a, char *token, struct failure *f);
int service_account_update(struct daemon *d, const struct actor *by,
        const struct stored_account *a, struct failure *f);
int service_account_token(struct daemon *d, const struct actor *by,
        const char *name, char *token, struct failure *f);
/* On start: the built-in admin account api_token_file stands for. */
int service_account_builtin(struct daemon *d, struct failure *f);

#endif
