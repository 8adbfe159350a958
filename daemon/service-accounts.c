/* Writes about accounts: created, changed, token renewed; each in the
 * audit log with the admin who did it. */
#include "service.h"
#include "service-audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "store.h"

static int
random_failed(struct failure *f)
{
	return failure_set(f, FAILURE_INTERNAL, NULL,
	    "the random source failed; try again");
}

int
service_account_create(struct daemon *d, const struct actor *by,
    struct stored_account *a, char *token, struct failure *f)
{
	struct audit_entry e = { .action = "account.created",
	    .entity = AUDIT_ACCOUNT, .entity_id_from = &a->id };
	unsigned char hash[ACCOUNT_HASH_LEN];
	int rc;

	if (strcmp(a->name, AUTH_BUILTIN_ACCOUNT) == 0)
		return failure_set(f, FAILURE_CONFLICT, "name", "%s is the name "
		    "of the built-in admin account of api_token_file",
		    AUTH_BUILTIN_ACCOUNT);
	if (auth_token_new(token, hash) != 0)
		return random_failed(f);
	rc = service_audit_stage(d, by, &e, f, "account %s created with the "
	    "role %s%s%s", a->name, account_role_name(a->role),
	    a->email[0] ? " for " : "", a->email);
	if (rc == 0)
		rc = store_account_create(d->store, a, hash, clock_real(), f);
	store_audit_drop(d->store);
	explicit_bzero(hash, sizeof hash);
	if (rc != 0) {
		explicit_bzero(token, ACCOUNT_TOKEN_LEN);
		return -1;
	}
	log_info("account %s (%s) created by %s", a->name,
	    account_role_name(a->role), by->name);
	return 0;
}

int
service_account_update(struct daemon *d, const struct actor *by,
    const struct stored_account *a, struct failure *f)
{
	struct stored_account before;
	struct audit_entry e = { .action = "account.changed",
	    .entity = AUDIT_ACCOUNT };
	char *changes, names[128];
	int rc;

	if (store_account_get(d->store, a->name, &before, f) != 0)
		return -1;
	e.entity_id = before.id;
	changes = service_account_changes(&before, a, names, sizeof names);
	e.changes = changes;
	rc = service_audit_stage(d, by, &e, f, "account %s changed: %s",
	    a->name, changes == NULL ? "nothing" : a->disabled !=
	    before.disabled ? (a->disabled ? "disabled" : "enabled") : names);
	free(changes);
	if (rc == 0)
		rc = store_account_update(d->store, a, clock_real(), f);
	store_audit_drop(d->store);
	if (rc == 0)
		log_info("account %s changed by %s", a->name, by->name);
	return rc;
}

int
service_account_token(struct daemon *d, const struct actor *by,
    const char *name, char *token, struct failure *f)
{
	struct stored_account a;
	struct audit_entry e = { .action = "account.token_renewed",
	    .entity = AUDIT_ACCOUNT };
	unsigned char hash[ACCOUNT_HASH_LEN];
	int rc;

	if (store_account_get(d->store, name, &a, f) != 0)
		return -1;
	if (strcmp(name, AUTH_BUILTIN_ACCOUNT) == 0)
		return failure_set(f, FAILURE_CONFLICT, "name", "the token of "
		    "the account %s is the one in api_token_file; change it "
		    "there", AUTH_BUILTIN_ACCOUNT);
	if (auth_token_new(token, hash) != 0)
		return random_failed(f);
	e.entity_id = a.id;
	rc = service_audit_stage(d, by, &e, f, "account %s: a new token was "
	    "issued and the old one stopped working", name);
	if (rc == 0)
		rc = store_account_set_token(d->store, name, hash, clock_real(),
		    f);
	store_audit_drop(d->store);
	explicit_bzero(hash, sizeof hash);
	if (rc != 0) {
		explicit_bzero(token, ACCOUNT_TOKEN_LEN);
		return -1;
	}
	log_info("account %s: token renewed by %s", name, by->name);
	return 0;
}

int
service_account_builtin(struct daemon *d, struct failure *f)
{
	struct stored_account a = { .role = ACCOUNT_ADMIN };

	if (d->config->api_token == NULL)
		return 0;
	if (store_account_get(d->store, AUTH_BUILTIN_ACCOUNT, &a, f) == 0) {
		if (a.role != ACCOUNT_ADMIN)
			log_warnx("the account %s has the role %s: api_token_file "
			    "signs in with that role", AUTH_BUILTIN_ACCOUNT,
			    account_role_name(a.role));
		return 0;
	}
	if (f->kind != FAILURE_NOT_FOUND)
		return -1;
	failure_clear(f);
	/* Made by tenured itself, before anyone asked: no actor to audit. */
	snprintf(a.name, sizeof a.name, "%s", AUTH_BUILTIN_ACCOUNT);
	return store_account_create(d->store, &a, NULL, clock_real(), f);
}
