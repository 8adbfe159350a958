#include "service.h"

#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "store.h"

void
service_contract_defaults(struct daemon *d, struct contract *c)
{
	c->terms.policy = d->config->policy;
}

/* Runs after every committed write. */
static int
changed(struct daemon *d, int rc)
{
	if (rc == 0)
		daemon_status(d);
	return rc;
}

int
service_contract_create(struct daemon *d, struct contract *c,
    struct failure *f)
{
	int rc = store_contract_create(d->store, c, clock_real(), f);

	if (rc == 0)
		log_info("contract %lld created", (long long)c->id);
	return changed(d, rc);
}

int
service_contracts_import(struct daemon *d, struct contract **cs, size_t n,
    struct failure *f)
{
	int rc = store_contracts_import(d->store, cs, n, clock_real(), f);

	if (rc == 0)
		log_info("%zu contracts imported", n);
	return changed(d, rc);
}

int
service_contract_update(struct daemon *d, struct contract *c,
    struct failure *f)
{
	int rc = store_contract_update(d->store, c, clock_real(), f);

	if (rc == 0)
		log_info("contract %lld corrected", (long long)c->id);
	return changed(d, rc);
}

int
service_decision_record(struct daemon *d, int64_t contract_id,
    struct decision *dec, struct failure *f)
{
	int rc = store_decision_record(d->store, contract_id, dec, clock_real(),
	    f);

	if (rc == 0)
		log_info("contract %lld: decision %lld (%s) recorded by %s",
		    (long long)contract_id, (long long)dec->id,
		    decision_type_name(dec->type),
		    dec->recorded_by ? dec->recorded_by : "?");
	return changed(d, rc);
}

int
service_decision_revoke(struct daemon *d, int64_t contract_id,
    int64_t decision_id, const char *by, struct failure *f)
{
	int rc = store_decision_revoke(d->store, contract_id, decision_id, by,
	    clock_real(), f);

	if (rc == 0)
		log_info("contract %lld: decision %lld revoked by %s",
		    (long long)contract_id, (long long)decision_id, by);
	return changed(d, rc);
}
