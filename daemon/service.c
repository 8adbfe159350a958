#include "service.h"
#include "service-audit.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "date.h"
#include "localtime.h"
#include "notice.h"
#include "vacancy-json.h"
#include "config.h"
#include "daemon.h"
#include "feeds.h"
#include "log.h"
#include "scheduler.h"
#include "store.h"

static int changed(struct daemon *d, int rc);
static int changed_contract(struct daemon *d, int rc, int64_t id);

void
service_contract_defaults(struct daemon *d, struct contract *c)
{
	c->terms.policy = d->config->policy;
}

int
service_contract_link(struct daemon *d, struct contract *c, bool grade_given,
    bool twin_given, bool required, struct failure *f)
{
	struct stored_vacancy *sv;
	struct vacancy_terms terms;
	struct vacancy clause = { 0 };

	if (c->vacancy == NULL) {
		if (c->post > 0)
			return failure_set(f, FAILURE_INVALID_FIELD, "post",
			    "a post is chosen within a vacancy: give vacancy too");
		return 0;
	}
	if ((sv = store_vacancy_get(d->store, c->vacancy, f)) == NULL) {
		if (f->kind != FAILURE_NOT_FOUND)
			return -1;
		if (!required) {
			failure_clear(f);
			return 0;
		}
		return failure_set(f, FAILURE_INVALID_FIELD, "vacancy",
		    "no vacancy %.60s has been imported", c->vacancy);
	}
	if (vacancy_terms_from_json(sv->data, c->post, &terms, f) != 0) {
		stored_vacancy_free(sv);
		return -1;
	}
	clause.has_contract = terms.has_clause;
	clause.contract = terms.clause;
	vacancy_policy(&clause, &d->config->policy, &c->terms.policy);
	if (!grade_given && terms.grade != NULL) {
		free(c->grade);
		c->grade = terms.grade;
		terms.grade = NULL;
	}
	if (!twin_given && c->post > 0)
		c->terms.twin_graded = terms.twin_graded;
	vacancy_terms_clear(&terms);
	stored_vacancy_free(sv);
	return 0;
}

int
service_vacancy_import(struct daemon *d, const struct actor *by,
    const char *text, size_t len, bool dry_run, struct vacancy **out,
    int *version, struct failure *f)
{
	struct audit_entry e = { .action = "vacancy.imported",
	    .entity = AUDIT_VACANCY };
	struct vacancy *v = notice_parse(text, len, f);
	struct stored_vacancy sv = { 0 };
	json_t *data;
	int rc;

	*out = NULL;
	*version = 0;
	if (v == NULL)
		return -1;
	if (dry_run) {
		*out = v;
		return 0;
	}
	if ((data = vacancy_to_json(v)) == NULL ||
	    (sv.data = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
	    NULL) {
		json_decref(data);
		vacancy_free(v);
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	}
	json_decref(data);
	sv.reference = v->reference;
	sv.title = v->title;
	sv.application_deadline = v->application_deadline;
	/* The store copies the text; the caller's buffer is NUL-terminated. */
	sv.notice = (char *)text;
	e.entity_id_from = &sv.id;
	if (service_audit_stage(d, by, &e, f, "vacancy %s imported: %s",
	    v->reference, v->title != NULL ? v->title : "(no title)") != 0) {
		free(sv.data);
		vacancy_free(v);
		return -1;
	}
	rc = store_vacancy_save(d->store, &sv,
	    localtime_date_of(d->config->timezone, v->application_deadline),
	    clock_real(), f);
	free(sv.data);
	store_audit_drop(d->store);
	if (rc != 0) {
		vacancy_free(v);
		return -1;
	}
	log_info("vacancy %s imported (version %d) by %s", v->reference,
	    sv.version, by->name);
	*out = v;
	*version = sv.version;
	daemon_status(d);
	feeds_changed_for(d->feeds, NULL, NULL, NULL, v->reference);
	feeds_flush_stats(d->feeds);
	scheduler_rearm(d->scheduler);
	return 0;
}

/* Runs after every committed write: the feeds render again once this
 * turn of the loop is over, fetch statistics ride along with the write. */
static int
changed(struct daemon *d, int rc)
{
	if (rc == 0) {
		daemon_status(d);
		feeds_changed(d->feeds);
		feeds_flush_stats(d->feeds);
		scheduler_rearm(d->scheduler);
	}
	return rc;
}

/* The same after a write that touched one contract: only the feeds that
 * show it render again. */
static int
changed_contract(struct daemon *d, int rc, int64_t id)
{
	struct contract *c;

	if (rc != 0)
		return rc;
	if ((c = store_contract_get(d->store, id, NULL)) == NULL)
		return changed(d, rc);
	daemon_status(d);
	feeds_changed_for(d->feeds, c->manager_email, c->email, c->unit,
	    c->vacancy);
	feeds_flush_stats(d->feeds);
	scheduler_rearm(d->scheduler);
	contract_free(c);
	return rc;
}

/* Stages one entry per contract: created, or imported with its history;
 * dates that can only be typing mistakes are refused first (the failure's
 * line is the contract's 1-based index). */
static int
stage_contracts(struct daemon *d, const struct actor *by,
    struct contract **cs, size_t n, const char *action, struct failure *f)
{
	int32_t today = clock_today(d->config->timezone);

	for (size_t i = 0; i < n; i++) {
		if (contract_check_dates(cs[i], today, f) != 0) {
			f->line = n > 1 ? (int)i + 1 : 0;
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct audit_entry e = { .action = action,
		    .entity = AUDIT_CONTRACT, .entity_id_from = &cs[i]->id,
		    .contract_id_from = &cs[i]->id };
		char start[DATE_STRLEN];

		date_format(cs[i]->terms.start, start);
		if (service_audit_stage(d, by, &e, f, "contract %s for %s <%s>, "
		    "starting %s", strcmp(action, "contract.created") == 0 ?
		    "created" : "imported", cs[i]->name, cs[i]->email,
		    start) != 0)
			return -1;
	}
	return 0;
}

int
service_contract_create(struct daemon *d, const struct actor *by,
    struct contract *c, struct failure *f)
{
	int rc = stage_contracts(d, by, &c, 1, "contract.created", f);

	if (rc == 0)
		rc = store_contract_create(d->store, c, clock_real(), f);
	store_audit_drop(d->store);
	if (rc == 0)
		log_info_id(LOG_FIELD_CONTRACT, c->id, "contract %lld created "
		    "by %s", (long long)c->id, by->name);
	return changed_contract(d, rc, c->id);
}

int
service_contracts_import(struct daemon *d, const struct actor *by,
    struct contract **cs, size_t n, struct failure *f)
{
	int rc = stage_contracts(d, by, cs, n, "contract.imported", f);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		for (size_t k = 0; k < cs[i]->decision_count; k++) {
			free(cs[i]->decisions[k].recorded_by);
			if ((cs[i]->decisions[k].recorded_by = strdup(by->name))
			    == NULL)
				rc = failure_set(f, FAILURE_INTERNAL, NULL,
				    "out of memory");
		}
	}
	if (rc == 0)
		rc = store_contracts_import(d->store, cs, n, clock_real(), f);
	store_audit_drop(d->store);
	if (rc == 0)
		log_info("%zu contracts imported by %s", n, by->name);
	return changed(d, rc);
}

int
service_contract_update(struct daemon *d, const struct actor *by,
    struct contract *c, struct failure *f)
{
	struct contract *before = store_contract_get(d->store, c->id, f);
	struct audit_entry e = { .action = "contract.corrected",
	    .entity = AUDIT_CONTRACT, .entity_id = c->id, .contract_id = c->id };
	char *changes, names[256];
	int rc;

	if (before == NULL)
		return -1;
	if (contract_check_dates(c, clock_today(d->config->timezone), f) != 0) {
		contract_free(before);
		return -1;
	}
	changes = service_contract_changes(before, c, names, sizeof names);
	contract_free(before);
	e.changes = changes;
	rc = service_audit_stage(d, by, &e, f, "contract %lld corrected: %s",
	    (long long)c->id, changes != NULL ? names : "nothing changed");
	free(changes);
	if (rc == 0)
		rc = store_contract_update(d->store, c, clock_real(), f);
	store_audit_drop(d->store);
	if (rc == 0)
		log_info_id(LOG_FIELD_CONTRACT, c->id, "contract %lld corrected "
		    "by %s", (long long)c->id, by->name);
	return changed(d, rc);
}

/* "renewed until 2031-08-31", "separated on 2026-12-31 (resigned)". */
static void
decision_words(const struct decision *dec, char *out, size_t len)
{
	char day[DATE_STRLEN];

	if (dec->type == DECISION_ACKNOWLEDGED) {
		snprintf(out, len, "acknowledged %s (%s)",
		    milestone_kind_name(dec->kind), dec->reason ? dec->reason :
		    "");
		return;
	}
	date_format(dec->type == DECISION_RENEWED ? dec->until : dec->date, day);
	snprintf(out, len, "%s %s %s%s%s%s", decision_type_name(dec->type),
	    dec->type == DECISION_RENEWED ? "until" : "on", day,
	    dec->reason ? " (" : "",
	    dec->reason ? dec->reason : "", dec->reason ? ")" : "");
}

int
service_decision_record(struct daemon *d, const struct actor *by,
    int64_t contract_id, struct decision *dec, struct failure *f)
{
	struct audit_entry e = { .action = "decision.recorded",
	    .entity = AUDIT_DECISION, .entity_id_from = &dec->id,
	    .contract_id = contract_id };
	char words[640];
	int rc;

	free(dec->recorded_by);
	if ((dec->recorded_by = strdup(by->name)) == NULL)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	decision_words(dec, words, sizeof words);
	rc = service_audit_stage(d, by, &e, f, "contract %lld: %s recorded",
	    (long long)contract_id, words);
	if (rc == 0)
		rc = store_decision_record(d->store, contract_id, dec,
		    clock_real(), f);
	store_audit_drop(d->store);
	if (rc == 0)
		log_info_id(LOG_FIELD_CONTRACT, contract_id,
		    "contract %lld: decision %lld (%s) recorded by %s",
		    (long long)contract_id, (long long)dec->id,
		    decision_type_name(dec->type), by->name);
	return changed_contract(d, rc, contract_id);
}

int
service_decision_revoke(struct daemon *d, const struct actor *by,
    int64_t contract_id, int64_t decision_id, struct failure *f)
{
	struct audit_entry e = { .action = "decision.revoked",
	    .entity = AUDIT_DECISION, .entity_id = decision_id,
	    .contract_id = contract_id };
	int rc = service_audit_stage(d, by, &e, f,
	    "contract %lld: decision %lld revoked", (long long)contract_id,
	    (long long)decision_id);

	if (rc == 0)
		rc = store_decision_revoke(d->store, contract_id, decision_id,
		    by->name, clock_real(), f);
	store_audit_drop(d->store);
	if (rc == 0)
		log_info_id(LOG_FIELD_CONTRACT, contract_id,
		    "contract %lld: decision %lld revoked by %s",
		    (long long)contract_id, (long long)decision_id, by->name);
	return changed_contract(d, rc, contract_id);
}
