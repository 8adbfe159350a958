/* The durable state of tenured: one SQLite database in WAL mode. Every
 * function that writes does so in one transaction and either commits all of
 * it or leaves nothing behind. Only store/ sees SQLite itself. */
#ifndef TENURED_STORE_H
#define TENURED_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "contract.h"
#include "failure.h"
#include "lang.h"
#include "lifecycle.h"
#include "reader-lang.h"
#include "scope.h"

struct store;

/* Opens (creating if needed) and migrates the database at path. */
struct store *store_open(const char *path, struct failure *f);
/* The same for database, an SQLite path or a PostgreSQL connection URI
 * (postgresql://...), with its password (NULL: libpq's PGPASSFILE). */
struct store *store_connect(const char *database, const char *password,
        struct failure *f);
bool store_is_postgresql(const char *database);
/* Another daemon wrote the database (PostgreSQL's notification): what is
 * kept from it in memory is to be read again. */
void store_changed_elsewhere(struct store *st);
/* "sqlite" or "postgresql", for /metrics. */
const char *store_backend_name(struct store *st);
/* Several daemons may share the database (PostgreSQL). */
bool store_shared(struct store *st);
/* The notifications of other daemons' writes, on a shared database: the
 * connection that receives them, the socket the loop watches (-1: none),
 * and what arrived once it is readable: STORE_CHANGED_ flags, 0 when
 * nothing of others, -1 when the connection is lost. */
#define STORE_CHANGED_OUTBOX 1	/* deliveries only */
#define STORE_CHANGED_DATA 2	/* what feeds and lists show */
int  store_listen_start(struct store *st, struct failure *f);
int  store_listen_fd(struct store *st);
int  store_listen_drain(struct store *st);
/* Both connections up (always, on SQLite). */
bool store_available(struct store *st);
/* Connects again after a loss: 0, or -1 with f set (try again later). */
int  store_reconnect(struct store *st, struct failure *f);
void store_close(struct store *st);
int  store_schema_version(struct store *st);
int  store_schema_latest(void);

/* Creates a contract, its person and its milestones; sets c->id. */
int store_contract_create(struct store *st, struct contract *c, int64_t now,
        struct failure *f);
/* Creates every contract with its history (the decisions each carries), or
 * none: the failure's line is the 1-based index of the contract refused. */
int store_contracts_import(struct store *st, struct contract **cs, size_t n,
        int64_t now, struct failure *f);
/* Replaces the contract's fields with c's and plans again; refused (409)
 * when a recorded decision no longer holds under the new fields. */
int store_contract_update(struct store *st, struct contract *c, int64_t now,
        struct failure *f);
/* The contract with its whole decision log; NULL with FAILURE_NOT_FOUND. */
struct contract *store_contract_get(struct store *st, int64_t id,
        struct failure *f);
/* The same, when it is within reach (a scope of type manager or person,
 * or NULL for all); out of reach is FAILURE_NOT_FOUND like a missing one. */
struct contract *store_contract_get_within(struct store *st, int64_t id,
        const struct scope *reach, struct failure *f);
/* Which contracts a listing holds. */
struct contract_query {
	int64_t after;			/* id of the last of the previous page */
	int limit;
	const struct scope *reach;	/* the caller's, or NULL for all */
	/* Text to find in the person's name or email, the unit, the
	 * manager's email or the vacancy reference, case and accents aside;
	 * NULL or "" for all. */
	const char *text;
};

/* Up to q->limit contracts of the query with an id above q->after, by id. */
int store_contract_list(struct store *st, const struct contract_query *q,
        struct contract ***out, size_t *count, struct failure *f);

/* Checks the decision against the log, appends it, and rewrites the
 * contract's milestones, all in one transaction; sets d->id and
 * d->recorded_at. */
int store_decision_record(struct store *st, int64_t contract_id,
        struct decision *d, int64_t now, struct failure *f);
/* Marks a decision revoked (the log keeps both) and plans again without it. */
int store_decision_revoke(struct store *st, int64_t contract_id,
        int64_t decision_id, const char *by, int64_t now, struct failure *f);

/* A stored vacancy: the parsed notice as JSON (the daemon's), its text,
 * and its version (1 for the first import, +1 on each re-import). */
struct stored_vacancy {
	int64_t id;
	char *reference;
	int version;
	char *title;
	int64_t application_deadline;
	char *data;
	char *notice;
	int64_t created_at;
	int64_t updated_at;
	/* Earlier and current versions, oldest first (store_vacancy_get). */
	struct stored_vacancy_version {
		int version;
		int64_t imported_at;
		char *data;
	} *versions;
	size_t version_count;
};

/* Stores a new vacancy or a new version of one (by reference) and plans
 * its application_deadline milestone (deadline, on date in the
 * configured zone), in one transaction; sets v->id, v->version. */
int store_vacancy_save(struct store *st, struct stored_vacancy *v,
        int32_t deadline_date, int64_t now, struct failure *f);
/* The vacancy with every version; NULL with FAILURE_NOT_FOUND. */
struct stored_vacancy *store_vacancy_get(struct store *st,
        const char *reference, struct failure *f);
/* Every vacancy (current versions, without notice text and versions),
 * by deadline. */
int store_vacancy_list(struct store *st, struct stored_vacancy ***out,
        size_t *count, struct failure *f);
void stored_vacancy_free(struct stored_vacancy *v);

/* A calendar feed as stored. */
#define FEED_TOKEN_HASH_LEN 32

struct stored_feed {
	int64_t id;
	char *name;
	char *scope;			/* "manager:boss@example.org" */
	bool redact;
	char *alarms;			/* "7d,1d" or "" */
	enum lang language;		/* of its text (SPEC section 12) */
	unsigned char token_hash[FEED_TOKEN_HASH_LEN];
	int64_t created_at;
	int64_t rotated_at;
	int64_t revoked_at;
	int64_t last_fetch_at;
	char *last_client;
	int64_t fetch_count;
};

/* Sets f->id; a name in use by another live feed is a conflict. */
int store_feed_create(struct store *st, struct stored_feed *f, int64_t now,
        struct failure *fail);
/* Every feed, revoked ones too (revoked_at set), by id. */
int store_feed_list(struct store *st, struct stored_feed ***out, size_t *count,
        struct failure *fail);
int store_feed_rotate(struct store *st, int64_t id,
        const unsigned char hash[FEED_TOKEN_HASH_LEN], int64_t now,
        struct failure *fail);
int store_feed_revoke(struct store *st, int64_t id, int64_t now,
        struct failure *fail);
/* Writes the fetch statistics kept in memory: the last fetch (if later
 * than the one stored) and the fetches since the last write, added. */
int store_feed_fetches(struct store *st, int64_t id, int64_t last_fetch_at,
        const char *last_client, int64_t fetches, struct failure *fail);
void stored_feed_free(struct stored_feed *f);

/* Reminder deliveries (SPEC section 5). */
enum outbox_status {
	OUTBOX_PENDING,
	OUTBOX_SENDING,
	OUTBOX_SENT,
	OUTBOX_RETRYING,
	OUTBOX_DEAD,
	OUTBOX_CANCELLED,
	OUTBOX_EXPIRED,
	OUTBOX_STATUS_COUNT,
};

const char *outbox_status_name(enum outbox_status s);
int outbox_status_parse(const char *name, enum outbox_status *out);

struct reminder_rule;
struct holiday_set;

/* How reminders are planned; the store plans them in the transaction of
 * every milestone change once this is set. */
struct outbox_planning {
	const struct reminder_rule *rules;	/* one per milestone kind */
	char *const *hr;			/* the hr role's addresses */
	size_t hr_count;
	int send_minutes;
	const char *timezone;
	const struct holiday_set *holidays;
	int64_t (*now)(void);			/* the scheduling clock */
};

void store_set_planning(struct store *st, const struct outbox_planning *p);

struct outbox_row {
	int64_t id;
	int64_t milestone_id;		/* 0 for a digest */
	bool digest;			/* kind 'digest': kind below is unused */
	enum milestone_kind kind;
	int32_t milestone_date;
	int64_t at;
	char offset[8];
	char channel[72];
	char *recipient;
	bool escalation;
	int64_t due_at;
	enum outbox_status status;
	bool taken_over;	/* claimed from a daemon whose lease ran out */
	int attempts;
	int64_t first_attempt_at;
	int64_t next_attempt_at;
	char *last_error;
	int64_t sent_at;
	int64_t contract_id;
	char *vacancy;
	char *person_name;
	char *person_email;
	char *title;
	/* The milestone as feeds show it, for an email's calendar. */
	int32_t term_end;
	int64_t sequence;
	int64_t updated_at;
};

/* Frees the strings of one row (the row itself is the caller's). */
void outbox_row_clear(struct outbox_row *r);
void outbox_rows_free(struct outbox_row *rows, size_t n);
/* The earliest next attempt of a pending or retrying row whose channel
 * is LIKE channels ("webhook:%"); 0 when none. */
int store_outbox_next_due(struct store *st, const char *channels,
        int64_t *out, struct failure *f);
/* Marks up to limit due rows (next attempt <= now) sending and returns
 * them, in one transaction: a crash leaves them sending, and sending rows
 * go back to pending on start. */
int store_outbox_claim(struct store *st, const char *channels, int64_t now, int64_t real_now, int limit, struct outbox_row **out,
        size_t *count, struct failure *f);
/* Records how a delivery ended. */
int store_outbox_finish(struct store *st, int64_t id,
        enum outbox_status status, int64_t next_attempt_at,
        const char *error, int64_t real_now, struct failure *f);
/* One delivery's outcome, for store_outbox_finish_all. */
struct outbox_outcome {
	int64_t id;
	enum outbox_status status;
	int64_t next_attempt_at;	/* 0: unchanged */
	const char *error;		/* NULL: unchanged */
};
/* Records n outcomes in one transaction, all or none: one commit (one
 * sync of the log) for a group of deliveries instead of one each. */
int store_outbox_finish_all(struct store *st,
        const struct outbox_outcome *o, size_t n, int64_t real_now,
        struct failure *f);
/* On start: rows left sending go back to pending. Returns how many. */
/* Who claims rows through this store (a daemon's stable id) and for how
 * many seconds a claim holds unless renewed (SPEC section 14). */
int store_set_claimant(struct store *st, const char *id, int lease_seconds);
/* Extends the claims this daemon holds on rows it is sending, from now on
 * the scheduling clock (as claims and due times are). */
int store_outbox_renew(struct store *st, int64_t now, struct failure *f);
/* Rows this daemon left sending (a stop, a crash) go back to pending; on
 * SQLite, which one daemon owns, all of them. */
int store_outbox_recover(struct store *st, int64_t real_now,
        struct failure *f);
int store_outbox_list(struct store *st, int status, int limit,
        struct outbox_row **out, size_t *count, struct failure *f);
/* A retrying or dead row is tried again at once. */
int store_outbox_retry(struct store *st, int64_t id, int64_t now,
        int64_t real_now, struct failure *f);
int store_outbox_counts(struct store *st, int64_t counts[OUTBOX_STATUS_COUNT],
        struct failure *f);
typedef void (*outbox_channel_fn)(void *ctx, const char *channel,
        int64_t count);
/* The pending and retrying rows counted by channel ("email",
 * "webhook:NAME"), by channel name. */
int store_outbox_waiting(struct store *st, outbox_channel_fn fn, void *ctx,
        struct failure *f);
/* The pending or retrying row due first: 1 with *out (free its strings
 * with outbox_row_clear), 0 when none. */
int store_outbox_next(struct store *st, struct outbox_row *out,
        struct failure *f);

/* Digest rows for day, one per address (kind 'digest', offset 'daily',
 * channel email), pending at due_at; an address that already has its row
 * for day keeps it, whatever became of it (a new digest time included).
 * One transaction; returns how many were added, -1 on failure. */
int store_digest_plan(struct store *st, int32_t day, int64_t due_at,
        const char *const *addrs, size_t n, int64_t real_now,
        struct failure *f);
typedef int (*digest_address_fn)(void *ctx, const char *addr);
/* The managers' and/or staff members' addresses of contracts with a
 * scheduled milestone from..to or a decision awaited from before from,
 * each once, sorted; fn returning non-zero (out of memory) fails it. */
int store_digest_recipients(struct store *st, bool managers, bool staff,
        int32_t from, int32_t to, digest_address_fn fn, void *ctx,
        struct failure *f);

/* A milestone as read back, with what feeds and lists show beside it.
 * Strings stay valid only during the callback. */
struct milestone_row {
	struct milestone m;
	int64_t id;
	int64_t contract_id;		/* 0 for vacancy milestones */
	const char *vacancy;		/* reference, or NULL */
	const char *person_name;
	const char *person_email;
	const char *title;
	int64_t sequence;
	int64_t updated_at;
	const char *unit;		/* the contract's, or NULL */
	const char *manager_email;
};

struct milestone_query {
	int32_t from, to;		/* inclusive; DATE_NONE = open */
	int kind;			/* enum milestone_kind, or -1 for all */
	int64_t contract_id;		/* 0 = all */
	const struct scope *scope;	/* NULL = all */
	int64_t after;			/* id of the last row of the previous page */
	int limit;
	const char *unit;		/* NULL = any; both AND the scope */
	const char *manager;
	bool overdue_only;		/* decision milestones still scheduled */
	const struct scope *reach;	/* the caller's (manager or person), or NULL */
	unsigned statuses;		/* 1 << enum milestone_status; 0 = all */
	int32_t today;			/* ... and dated before this day */
};

typedef int (*milestone_row_fn)(void *ctx, const struct milestone_row *row);

/* Milestones by date then id; stops early when fn returns non-zero. */
int store_milestones_query(struct store *st, const struct milestone_query *q,
        milestone_row_fn fn, void *ctx, struct failure *f);
/* Decision milestones still awaited (scheduled) with a date before
 * `before`, oldest first: the overdue ones as of that day. */
int store_milestones_awaiting(struct store *st, int32_t before,
        const struct scope *scope, milestone_row_fn fn, void *ctx,
        struct failure *f);
/* Counts for status lines and /api/v1/status. */
struct store_counts {
	int64_t contracts;
	int64_t milestones;
	int64_t overdue;		/* decision milestones past and scheduled */
};

/* Counting every milestone reads a whole index, so callers on the write
 * path leave it out (milestones is then -1). */
int store_counts(struct store *st, int32_t today, bool milestones,
        struct store_counts *out, struct failure *f);
/* A consistent copy of the database written to path (which must not
 * exist). */
int store_backup(struct store *st, const char *path, struct failure *f);

/* The contract's milestones as planned and stored, by date. */
int store_contract_milestones(struct store *st, int64_t contract_id,
        struct milestone_list *out, struct failure *f);

/* What /metrics shows of the database, read in one snapshot. */
#define STORE_MILESTONE_STATUSES (MS_CANCELLED + 1)

/* Counts kept in memory: exact for every committed write of this
 * connection; a write by another process is noticed (PRAGMA data_version)
 * and counted again at the next read. The first read counts the tables. */
struct store_tally {
	int64_t contracts;
	int64_t vacancies;
	int64_t milestones[MS_KIND_COUNT][STORE_MILESTONE_STATUSES];
	int64_t outbox[OUTBOX_STATUS_COUNT];
};

/* NULL with f set when the tables could not be counted. */
const struct store_tally *store_tally_read(struct store *st,
        struct failure *f);

struct store_metrics {
	int64_t contracts;
	int64_t vacancies;
	int64_t milestones[MS_KIND_COUNT][STORE_MILESTONE_STATUSES];
	int64_t outbox[OUTBOX_STATUS_COUNT];
	int64_t next_due;		/* earliest pending or retrying row; 0: none */
	int64_t bytes;			/* page_count * page_size */
};

int store_metrics_read(struct store *st, struct store_metrics *out,
        struct failure *f);

/* Whether a new contract for email under name is refused because the email
 * belongs to a person of another name (FAILURE_CONFLICT naming them). */
int store_person_check(struct store *st, const char *name, const char *email,
        struct failure *f);
/* What decides the language of a message to email (SPEC section 12):
 * whether it is the person of contract contract_id (0: none) and that
 * contract's language, the language of an account with the email (the
 * last changed, when several have one), and that of the person with the
 * email (their latest contract: latest start, then latest created). For
 * reader_lang_choose. */
int store_reader_langs(struct store *st, const char *email,
        int64_t contract_id, struct reader_lang_known *out,
        struct failure *f);
/* Plans again, in one transaction, the contracts a migration listed (rules
 * that changed); call it once reminder planning is set. Returns how many. */
int store_replan_pending(struct store *st, int64_t now, struct failure *f);

/* Accounts (SPEC section 11). A token is known only by its SHA-256. */
#define ACCOUNT_HASH_LEN 32

struct stored_account {
	int64_t id;
	char name[ACCOUNT_NAME_MAX + 1];
	enum account_role role;
	char email[ACCOUNT_EMAIL_MAX + 1];	/* "" when none */
	char language[3];			/* "" when none */
	bool disabled;
	bool has_token;
	int64_t created_at;
	int64_t last_used_at;			/* 0: never */
};

/* Sets a->id and created_at; a name in use is a conflict. hash may be
 * NULL (an account without a token yet, like the built-in "api"). */
int store_account_create(struct store *st, struct stored_account *a,
        const unsigned char *hash, int64_t now, struct failure *f);
/* Role, email, language and disabled of the account named a->name. */
int store_account_update(struct store *st, const struct stored_account *a,
        int64_t now, struct failure *f);
/* Replaces the account's token. */
int store_account_set_token(struct store *st, const char *name,
        const unsigned char hash[ACCOUNT_HASH_LEN], int64_t now,
        struct failure *f);
/* FAILURE_NOT_FOUND when there is none. */
int store_account_get(struct store *st, const char *name,
        struct stored_account *out, struct failure *f);
int store_account_by_token(struct store *st,
        const unsigned char hash[ACCOUNT_HASH_LEN], struct stored_account *out,
        struct failure *f);
/* Every account, by name. */
int store_account_list(struct store *st, struct stored_account **out,
        size_t *count, struct failure *f);
/* Notes a use in memory; it is written with the next write (or at close),
 * so authenticating costs no write per request. */
void store_account_used(struct store *st, int64_t id, int64_t at);

/* The audit log (SPEC section 11): entries are staged by the service layer
 * before a store write and committed inside that write's transaction, so a
 * change and its entry exist together or not at all. */
enum audit_entity {
	AUDIT_CONTRACT,
	AUDIT_DECISION,
	AUDIT_VACANCY,
	AUDIT_FEED,
	AUDIT_ACCOUNT,
	AUDIT_OUTBOX,
	AUDIT_BACKUP,
	AUDIT_ENTITY_COUNT,
};

const char *audit_entity_name(enum audit_entity e);
int audit_entity_parse(const char *text, enum audit_entity *out);

struct audit_entry {
	const char *action;		/* "contract.corrected" */
	enum audit_entity entity;
	int64_t entity_id;		/* 0: none */
	/* Read at commit, for an id the write itself assigns. */
	const int64_t *entity_id_from;
	int64_t contract_id;		/* 0: none */
	const int64_t *contract_id_from;
	const char *changes;		/* JSON object text, or NULL */
	const char *summary;
};

/* Copies e to be committed, at instant at, by the next store_commit. */
int store_audit_stage(struct store *st, const struct actor *by, int64_t at,
        const struct audit_entry *e);
/* Forgets staged entries a failed write left (a no-op after a commit). */
void store_audit_drop(struct store *st);
/* Commits the staged entries alone, for an action that writes nothing
 * else (a backup taken). */
int store_audit_commit(struct store *st, struct failure *f);

struct audit_row {
	int64_t id;
	int64_t at;
	const char *actor;
	const char *via;
	const char *action;
	const char *entity;
	int64_t entity_id;		/* 0: none */
	int64_t contract_id;		/* 0: none */
	const char *changes;		/* JSON text or NULL */
	const char *summary;
};

struct audit_query {
	int entity;			/* enum audit_entity, or -1 for all */
	int64_t entity_id;		/* 0: any; a contract's includes its decisions' */
	const char *actor;		/* NULL: any */
	int64_t from, to;		/* instants, inclusive; 0: open */
	int64_t after;			/* id of the last row of the previous page */
	int limit;
};

typedef int (*audit_row_fn)(void *ctx, const struct audit_row *row);

/* Newest first. */
int store_audit_query(struct store *st, const struct audit_query *q,
        audit_row_fn fn, void *ctx, struct failure *f);

#endif
