#include "schema.h"

#include <stddef.h>

/*
 * Version 1. Dates are integers YYYYMMDD: they sort and read plainly in the
 * sqlite3 shell and keep the date index small; instants are Unix seconds
 * (UTC). Decisions and their
 * revocations are append-only, enforced by triggers.
 */
static const char schema_v1[] =
"CREATE TABLE people ("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  email TEXT NOT NULL COLLATE NOCASE UNIQUE"
");"
"CREATE TABLE vacancies ("
"  id INTEGER PRIMARY KEY,"
"  reference TEXT NOT NULL UNIQUE,"
"  version INTEGER NOT NULL DEFAULT 1,"
"  title TEXT,"
"  application_deadline INTEGER,"
"  data TEXT NOT NULL,"			/* the parsed notice as JSON */
"  notice TEXT NOT NULL,"		/* the text it came from */
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL"
");"
"CREATE TABLE vacancy_versions ("
"  vacancy_id INTEGER NOT NULL REFERENCES vacancies(id) ON DELETE CASCADE,"
"  version INTEGER NOT NULL,"
"  data TEXT NOT NULL,"
"  notice TEXT NOT NULL,"
"  imported_at INTEGER NOT NULL,"
"  PRIMARY KEY (vacancy_id, version)"
");"
"CREATE TABLE contracts ("
"  id INTEGER PRIMARY KEY,"
"  person_id INTEGER NOT NULL REFERENCES people(id),"
"  manager_email TEXT COLLATE NOCASE,"
"  unit TEXT,"
"  vacancy TEXT,"			/* reference; the notice may come later */
"  post INTEGER,"
"  post_title TEXT,"
"  grade TEXT,"
"  start INTEGER NOT NULL,"
"  staff_type TEXT NOT NULL CHECK (staff_type IN ('external','seconded','serving')),"
"  indefinite INTEGER NOT NULL DEFAULT 0 CHECK (indefinite IN (0,1)),"
"  twin_graded INTEGER NOT NULL DEFAULT 0 CHECK (twin_graded IN (0,1)),"
"  birth_date INTEGER,"
	/* the policy in force, copied when the contract was created */
"  probation_months INTEGER NOT NULL,"
"  initial_term_months INTEGER NOT NULL,"
"  renewal_term_months INTEGER NOT NULL,"
"  max_service_months INTEGER,"		/* NULL: no maximum */
"  conversion_allowed INTEGER NOT NULL,"
"  conversion_deadline_months INTEGER,"
"  seconded_national_agreement INTEGER NOT NULL,"
"  renewal_lead_months INTEGER NOT NULL,"
"  national_agreement_lead_months INTEGER NOT NULL,"
"  twin_grade_months INTEGER NOT NULL,"
"  twin_grade_reduction_months INTEGER NOT NULL,"
"  age_limit_years INTEGER NOT NULL,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL"
");"
"CREATE INDEX contracts_person ON contracts(person_id);"
"CREATE INDEX contracts_manager ON contracts(manager_email);"
"CREATE INDEX contracts_unit ON contracts(unit);"
"CREATE INDEX contracts_vacancy ON contracts(vacancy);"
"CREATE TABLE decisions ("
"  id INTEGER PRIMARY KEY,"
"  contract_id INTEGER NOT NULL REFERENCES contracts(id),"
"  type TEXT NOT NULL CHECK (type IN ('renewed','not_renewed',"
"    'conversion_requested','converted','separated')),"
"  date INTEGER,"
"  until INTEGER,"
"  reason TEXT,"
"  recorded_at INTEGER NOT NULL,"
"  recorded_by TEXT NOT NULL"
");"
"CREATE INDEX decisions_contract ON decisions(contract_id, id);"
"CREATE TABLE revocations ("
"  decision_id INTEGER PRIMARY KEY REFERENCES decisions(id),"
"  revoked_at INTEGER NOT NULL,"
"  revoked_by TEXT NOT NULL"
");"
"CREATE TRIGGER decisions_append_only_u BEFORE UPDATE ON decisions"
"  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;"
"CREATE TRIGGER decisions_append_only_d BEFORE DELETE ON decisions"
"  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;"
"CREATE TRIGGER revocations_append_only_u BEFORE UPDATE ON revocations"
"  BEGIN SELECT RAISE(ABORT, 'revocations are append-only'); END;"
"CREATE TRIGGER revocations_append_only_d BEFORE DELETE ON revocations"
"  BEGIN SELECT RAISE(ABORT, 'revocations are append-only'); END;"
"CREATE TABLE milestones ("
"  id INTEGER PRIMARY KEY,"
"  contract_id INTEGER REFERENCES contracts(id),"
"  vacancy_id INTEGER REFERENCES vacancies(id),"
"  kind TEXT NOT NULL,"
"  term_end INTEGER NOT NULL DEFAULT 0,"	/* 0 unless a per-term decision */
"  date INTEGER NOT NULL,"
"  at INTEGER,"				/* instant of timed milestones */
"  status TEXT NOT NULL CHECK (status IN ('scheduled','projected','done','cancelled')),"
"  sequence INTEGER NOT NULL DEFAULT 0,"	/* grows on every change (feeds) */
"  updated_at INTEGER NOT NULL,"
"  CHECK ((contract_id IS NULL) <> (vacancy_id IS NULL))"
");"
"CREATE UNIQUE INDEX milestones_of_contract ON milestones(contract_id, kind, term_end)"
"  WHERE contract_id IS NOT NULL;"
"CREATE UNIQUE INDEX milestones_of_vacancy ON milestones(vacancy_id, kind, term_end)"
"  WHERE vacancy_id IS NOT NULL;"
"CREATE INDEX milestones_by_date ON milestones(date, id);"
/* Decisions still awaited: counts overdue ones without a scan. */
"CREATE INDEX milestones_awaiting ON milestones(date) WHERE status = 'scheduled'"
"  AND kind IN ('renewal_decision_due', 'national_agreement_due',"
"  'conversion_request_deadline');"
"CREATE TABLE outbox ("
"  id INTEGER PRIMARY KEY,"
"  milestone_id INTEGER NOT NULL REFERENCES milestones(id),"
"  contract_id INTEGER REFERENCES contracts(id),"
"  vacancy_id INTEGER REFERENCES vacancies(id),"
"  kind TEXT NOT NULL,"
"  milestone_date INTEGER NOT NULL,"
"  offset TEXT NOT NULL,"		/* '6m', '30d', '+7d' */
"  channel TEXT NOT NULL,"		/* 'email', 'webhook:NAME' */
"  recipient TEXT NOT NULL,"		/* address, or '' for webhooks */
"  escalation INTEGER NOT NULL DEFAULT 0,"
"  due_at INTEGER NOT NULL,"
"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending',"
"    'sent','retrying','dead','cancelled','expired')),"
"  attempts INTEGER NOT NULL DEFAULT 0,"
"  first_attempt_at INTEGER,"
"  next_attempt_at INTEGER,"
"  last_error TEXT,"
"  sent_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL,"
"  CHECK ((contract_id IS NULL) <> (vacancy_id IS NULL))"
");"
"CREATE UNIQUE INDEX outbox_key ON outbox(ifnull(contract_id, 0),"
"  ifnull(vacancy_id, 0), kind, milestone_date, offset, channel, recipient);"
"CREATE INDEX outbox_due ON outbox(status, next_attempt_at);"
"CREATE INDEX outbox_milestone ON outbox(milestone_id);"
/* Calendar feeds. The token is kept only as its SHA-256; a revoked feed
 * keeps its row (and frees its name). */
"CREATE TABLE feeds ("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  scope TEXT NOT NULL,"
"  redact INTEGER NOT NULL DEFAULT 0 CHECK (redact IN (0,1)),"
"  alarms TEXT NOT NULL DEFAULT '',"	/* '7d,1d' */
"  token_hash BLOB NOT NULL UNIQUE,"
"  created_at INTEGER NOT NULL,"
"  rotated_at INTEGER,"
"  revoked_at INTEGER,"
"  last_fetch_at INTEGER,"
"  last_client TEXT,"
"  fetch_count INTEGER NOT NULL DEFAULT 0"
");"
"CREATE UNIQUE INDEX feeds_name ON feeds(name) WHERE revoked_at IS NULL;";

/*
 * Version 2: daily digests go through the outbox as rows of kind 'digest'
 * that belong to no milestone (milestone_date is the digest's day, offset
 * its time of day). SQLite cannot relax NOT NULL or CHECK in place, so the
 * table is copied; nothing refers to outbox rows, and the migration runs in
 * one transaction.
 */
static const char schema_v2[] =
"CREATE TABLE outbox_v2 ("
"  id INTEGER PRIMARY KEY,"
"  milestone_id INTEGER REFERENCES milestones(id),"
"  contract_id INTEGER REFERENCES contracts(id),"
"  vacancy_id INTEGER REFERENCES vacancies(id),"
"  kind TEXT NOT NULL,"
"  milestone_date INTEGER NOT NULL,"
"  offset TEXT NOT NULL,"
"  channel TEXT NOT NULL,"
"  recipient TEXT NOT NULL,"
"  escalation INTEGER NOT NULL DEFAULT 0,"
"  due_at INTEGER NOT NULL,"
"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending',"
"    'sent','retrying','dead','cancelled','expired')),"
"  attempts INTEGER NOT NULL DEFAULT 0,"
"  first_attempt_at INTEGER,"
"  next_attempt_at INTEGER,"
"  last_error TEXT,"
"  sent_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL,"
"  CHECK (CASE WHEN kind = 'digest'"
"    THEN milestone_id IS NULL AND contract_id IS NULL AND vacancy_id IS NULL"
"    ELSE milestone_id IS NOT NULL AND"
"      (contract_id IS NULL) <> (vacancy_id IS NULL) END)"
");"
"INSERT INTO outbox_v2 SELECT id, milestone_id, contract_id, vacancy_id, kind,"
"  milestone_date, offset, channel, recipient, escalation, due_at, status,"
"  attempts, first_attempt_at, next_attempt_at, last_error, sent_at,"
"  created_at, updated_at FROM outbox;"
"DROP TABLE outbox;"
"ALTER TABLE outbox_v2 RENAME TO outbox;"
"CREATE UNIQUE INDEX outbox_key ON outbox(ifnull(contract_id, 0),"
"  ifnull(vacancy_id, 0), kind, milestone_date, offset, channel, recipient);"
"CREATE INDEX outbox_due ON outbox(status, next_attempt_at);"
"CREATE INDEX outbox_milestone ON outbox(milestone_id);";

/*
 * Version 3: milestones counted by kind and status as they change, so
 * /metrics and the status answer read a few dozen rows instead of every
 * milestone (half a second for 100,000 contracts). Milestones are only
 * inserted and updated, never replaced, so the triggers see every change.
 */
/*
 * Version 3: /metrics counts milestones by kind and status; this index
 * covers that count, which otherwise reads every row (half a second for
 * 100,000 contracts, in the event loop). Measured: it costs bulk planning
 * next to nothing, where triggers keeping a count table cost 45%.
 */
static const char schema_v3[] =
"CREATE INDEX milestones_by_kind ON milestones(kind, status);";

/*
 * Version 4: accounts and the audit log (SPEC section 11). A token is kept
 * only as its SHA-256; the built-in account "api" has none (its token is
 * api_token_file's). The audit log is append-only like the decision log;
 * contract_id lets one contract's history include its decisions'.
 */
static const char schema_v4[] =
"CREATE TABLE accounts ("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL UNIQUE,"
"  role TEXT NOT NULL CHECK (role IN ('admin','hr','auditor','manager','staff')),"
"  email TEXT COLLATE NOCASE,"
"  language TEXT CHECK (language IN ('en','fr')),"
"  token_hash BLOB UNIQUE,"
"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL,"
"  last_used_at INTEGER"
");"
"CREATE TABLE audit ("
"  id INTEGER PRIMARY KEY,"
"  at INTEGER NOT NULL,"
"  actor TEXT NOT NULL,"
"  via TEXT NOT NULL CHECK (via IN ('socket','token','proxy')),"
"  action TEXT NOT NULL,"
"  entity TEXT NOT NULL CHECK (entity IN ('contract','decision','vacancy',"
"    'feed','account','outbox','backup')),"
"  entity_id INTEGER,"
"  contract_id INTEGER,"
"  changes TEXT,"			/* JSON {"field": [old, new]} */
"  summary TEXT NOT NULL"
");"
"CREATE INDEX audit_entity ON audit(entity, entity_id);"
"CREATE INDEX audit_contract ON audit(contract_id) WHERE contract_id IS NOT NULL;"
"CREATE INDEX audit_actor ON audit(actor);"
"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
"  SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
"  SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

/*
 * Version 5: the decision "acknowledged" with the kind of milestone it
 * acknowledges. The type CHECK cannot change in place, so the table is
 * copied (store_migrate turns foreign keys off around the steps and checks
 * them before committing). Closing a contract now cancels its undone
 * decision milestones: the contracts closed so far are listed in replan,
 * which the daemon plans again once reminders can be planned, and empties.
 */
static const char schema_v5[] =
"DROP TRIGGER decisions_append_only_u;"
"DROP TRIGGER decisions_append_only_d;"
"CREATE TABLE decisions_v5 ("
"  id INTEGER PRIMARY KEY,"
"  contract_id INTEGER NOT NULL REFERENCES contracts(id),"
"  type TEXT NOT NULL CHECK (type IN ('renewed','not_renewed',"
"    'conversion_requested','converted','separated','acknowledged')),"
"  date INTEGER,"
"  until INTEGER,"
"  reason TEXT,"
"  recorded_at INTEGER NOT NULL,"
"  recorded_by TEXT NOT NULL,"
"  kind TEXT CHECK ((type = 'acknowledged') = (kind IS NOT NULL) AND"
"    (kind IS NULL OR kind IN ('renewal_decision_due',"
"    'national_agreement_due','conversion_request_deadline')))"
");"
"INSERT INTO decisions_v5 (id, contract_id, type, date, until, reason,"
"  recorded_at, recorded_by) SELECT id, contract_id, type, date, until,"
"  reason, recorded_at, recorded_by FROM decisions;"
"DROP TABLE decisions;"
"ALTER TABLE decisions_v5 RENAME TO decisions;"
"CREATE INDEX decisions_contract ON decisions(contract_id, id);"
"CREATE TRIGGER decisions_append_only_u BEFORE UPDATE ON decisions"
"  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;"
"CREATE TRIGGER decisions_append_only_d BEFORE DELETE ON decisions"
"  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;"
"CREATE TABLE replan (contract_id INTEGER PRIMARY KEY REFERENCES contracts(id));"
"INSERT INTO replan SELECT DISTINCT contract_id FROM decisions"
"  WHERE type IN ('not_renewed','converted','separated')"
"  AND id NOT IN (SELECT decision_id FROM revocations);";

/*
 * Version 6: languages (SPEC section 12). A contract's person reads the
 * contract's language; a feed is written in the one it was created with
 * (the [daemon] language when none was asked for, stored so that a later
 * change of the configuration does not rewrite it). Everything before was
 * written in English, so existing rows take 'en'. Columns with a constant
 * default are added in place: nothing is copied.
 */
static const char schema_v6[] =
"ALTER TABLE contracts ADD COLUMN language TEXT NOT NULL DEFAULT 'en'"
"  CHECK (language IN ('en','fr'));"
"ALTER TABLE feeds ADD COLUMN language TEXT NOT NULL DEFAULT 'en'"
"  CHECK (language IN ('en','fr'));";

/*
 * Version 7: the outbox's due index carries the channel, so that counting
 * what waits per channel (/metrics, status) reads the index alone rather
 * than every waiting row: 1.5 s down to 0.15 s with 100,000 contracts
 * (issue 17), for about 30 bytes a contract.
 */
static const char schema_v7[] =
"DROP INDEX outbox_due;"
"CREATE INDEX outbox_due ON outbox(status, next_attempt_at, channel);";

/*
 * Version 8: milestones are counted in memory (store/tally.c), so the
 * index that served the count by kind and status goes: a fifth of the
 * file, and one index entry less for every milestone written (issue 17).
 */
static const char schema_v8[] =
"DROP INDEX milestones_by_kind;";

/*
 * Version 9: several daemons may share a PostgreSQL database (issue 18).
 * A claimed row names the daemon sending it and until when its claim
 * holds; a daemon that died leaves rows whose lease runs out, and another
 * takes them over. The same step on both databases.
 */
#define SCHEMA_V9_CLAIMS							\
"ALTER TABLE outbox ADD COLUMN claimed_by TEXT;"				\
"ALTER TABLE outbox ADD COLUMN lease_until BIGINT;"
static const char schema_v9[] =
SCHEMA_V9_CLAIMS
/* The statements of both databases say coalesce, which both know, and
 * SQLite uses an index on an expression only if it is written alike. */
"DROP INDEX outbox_key;"
"CREATE UNIQUE INDEX outbox_key ON outbox(coalesce(contract_id, 0),"
"  coalesce(vacancy_id, 0), kind, milestone_date, offset, channel, recipient);";
static const char schema_pg_v9[] = SCHEMA_V9_CLAIMS;

const struct migration schema_migrations[] = {
	{ 1, schema_v1, NULL },
	{ 2, schema_v2, NULL },
	{ 3, schema_v3, NULL },
	{ 4, schema_v4, NULL },
	{ 5, schema_v5, NULL },
	{ 6, schema_v6, NULL },
	{ 7, schema_v7, NULL },
	{ 8, schema_v8, schema_pg_v8 },
	{ 9, schema_v9, schema_pg_v9 },
};
const int schema_migration_count =
    sizeof schema_migrations / sizeof schema_migrations[0];
