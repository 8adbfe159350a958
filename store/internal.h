/* What the store's files share: the connection and its prepared
 * statements. Not for use outside store/. */
#ifndef TENURED_STORE_INTERNAL_H
#define TENURED_STORE_INTERNAL_H

#include "db.h"
#include <stdbool.h>

#include "store.h"

/* Every statement the store runs; each file keeps its SQL beside its use. */
/* The decision kinds (jobs/lifecycle.c milestone_kind_is_decision) as SQL,
 * word for word as the milestones_awaiting index's WHERE has them, so that
 * a query saying "m.status = 'scheduled' AND m.kind IN " SQL_DECISION_KINDS
 * can read that index. */
#define SQL_DECISION_KINDS						\
	"('renewal_decision_due', 'national_agreement_due', "		\
	"'conversion_request_deadline')"

enum stmt_id {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_PERSON_FIND,
	STMT_PERSON_RENAME,
	STMT_PERSON_INSERT,
	STMT_CONTRACT_INSERT,
	STMT_CONTRACT_UPDATE,
	STMT_CONTRACT_GET,
	STMT_CONTRACT_LIST,
	STMT_DECISION_INSERT,
	STMT_DECISIONS_OF,
	STMT_DECISION_GET,
	STMT_REVOCATION_INSERT,
	STMT_MILESTONE_INSERT,
	STMT_MILESTONE_INSERT_VACANCY,
	STMT_MILESTONE_UPDATE,
	STMT_MILESTONES_OF,
	STMT_MILESTONES_OF_VACANCY,
	STMT_VACANCY_FIND,
	STMT_VACANCY_INSERT,
	STMT_VACANCY_UPDATE,
	STMT_VACANCY_VERSION_INSERT,
	STMT_VACANCY_GET,
	STMT_VACANCY_VERSIONS,
	STMT_VACANCY_LIST,
	STMT_FEED_INSERT,
	STMT_FEED_LIST,
	STMT_FEED_ROTATE,
	STMT_FEED_REVOKE,
	STMT_FEED_FETCHES,
	STMT_OUTBOX_FIND,
	STMT_OUTBOX_INSERT,
	STMT_OUTBOX_REDUE,
	STMT_OUTBOX_CANCEL_REST,
	STMT_OUTBOX_FINISH,
	STMT_OUTBOX_CLAIM_MARK,
	STMT_OUTBOX_OWNER_MILESTONES,
	STMT_OUTBOX_VACANCY_MILESTONES,
	STMT_OUTBOX_OWNER_OPEN,
	STMT_OUTBOX_SET_STATUS,
	STMT_MILESTONE_WINDOW,
	STMT_MILESTONE_AWAITING,
	STMT_DIGEST_INSERT,
	STMT_ACCOUNT_INSERT,
	STMT_ACCOUNT_UPDATE,
	STMT_ACCOUNT_TOKEN,
	STMT_ACCOUNT_GET,
	STMT_ACCOUNT_BY_TOKEN,
	STMT_ACCOUNT_USED,
	STMT_AUDIT_INSERT,
	STMT_READER_LANGS,
	STMT_OVERDUE_COUNT,
	STMT_OUTBOX_NEXT_DUE,
	STMT_OUTBOX_CLAIM,
	STMT_OUTBOX_RENEW,
	STMT_OUTBOX_CANCEL,
	STMT_NOTIFY,
	STMT_NOTIFY_DATA,
	STMT_DATA_VERSION,
	STMT_PAGE_COUNT,
	STMT_PAGE_SIZE,
	STMT_COUNT,
};

struct tally;

/* Audit entries waiting for the commit of the write they describe. */
struct audit_staged {
	struct actor by;
	int64_t at;
	struct audit_entry e;		/* strings owned */
};

/* Account uses not yet written. */
struct account_use {
	int64_t id;
	int64_t at;
};

struct store {
	struct db *db;
	struct db_stmt *stmts[STMT_COUNT];
	const struct outbox_planning *planning;	/* NULL: plan nothing */
	struct audit_staged *audit;
	size_t audit_count, audit_cap;
	struct account_use *uses;
	size_t use_count, use_cap;
	struct tally *tally;		/* counts kept in memory (tally.c) */
	char *claimant;			/* this daemon, in claimed rows */
	int lease;			/* seconds a claim holds */
	/* PostgreSQL: to connect the listener (shared.c) */
	char *uri, *password;
	struct db_listen *listen;
	bool outbox_only;		/* this transaction wrote the outbox only */
};

/* The statement for id, prepared from sql the first time and reset and
 * unbound before it is handed out again. */
struct db_stmt *store_stmt(struct store *st, enum stmt_id id, const char *sql);
int  store_fail(struct store *st, struct failure *f, const char *doing);
/* Steps s, a statement that yields no rows, to its end and resets it: 0,
 * or -1 with f set from SQLite's error, doing naming the step. */
int  store_step(struct store *st, struct db_stmt *s, struct failure *f,
        const char *doing);
/* Runs the kept statement id, sql without parameters, that yields one
 * integer (a pragma, a size): 0 or -1. */
int  store_kept_int(struct store *st, enum stmt_id id, const char *sql,
        int64_t *out);
/* Runs sql, prepared for this call, that yields one integer: 0 or -1. */
int  store_one_int(struct store *st, const char *sql, int64_t *out);
int  store_begin(struct store *st, struct failure *f);
/* The open transaction changes deliveries only: the other daemons need
 * not render their feeds again. */
void store_outbox_only(struct store *st);
/* Tells the other daemons of the write (at its commit, in a transaction). */
int  store_notify(struct store *st, struct failure *f);
int  store_commit(struct store *st, struct failure *f);
void store_rollback(struct store *st);
/* Steps s, a write, in the open transaction: how many rows it changed; on
 * failure the transaction is rolled back and -1 returned with f set, or -2
 * for a constraint, which the caller names. */
int  store_step_write(struct store *st, struct db_stmt *s, const char *doing,
        struct failure *f);

/* Binding helpers: NULL text and DATE_NONE dates bind as SQL NULL; dates
 * are stored as integers YYYYMMDD. */
void store_bind_text(struct db_stmt *s, int i, const char *text);
void store_bind_date(struct db_stmt *s, int i, int32_t date);
char *store_column_strdup(struct db_stmt *s, int i);
int32_t store_column_date(struct db_stmt *s, int i);

/* Inside the transaction about to commit: the staged audit entries and
 * the account uses noted since the last write. */
int  store_audit_flush(struct store *st, struct failure *f);
int  store_account_flush_uses(struct store *st, struct failure *f);
void store_audit_free(struct store *st);

/* Counts kept in memory from every committed change (tally.c): started
 * after the migrations, which copy tables behind its back; suspect marks
 * them for a recount (a statement failed inside a transaction). */
int  store_tally_start(struct store *st, struct failure *f);
void store_tally_stop(struct store *st);
void store_tally_suspect(struct store *st);
/* A transaction starts: a rollback from now on is not a failed commit. */
void store_tally_begin(struct store *st);
/* A transaction committed (PostgreSQL: the counts are to be read again). */
void store_tally_committed(struct store *st);

int store_migrate(struct store *st, struct failure *f);
/* Refuses a file that is not a tenured database of a version it knows. */
int store_migrate_check(struct store *st, struct failure *f);

/* Whose milestones: a contract's or a vacancy's. */
struct milestone_owner {
	bool vacancy;
	int64_t id;
};

#define OWNER_CONTRACT(cid) (&(struct milestone_owner){ .vacancy = false, .id = (cid) })
#define OWNER_VACANCY(vid) (&(struct milestone_owner){ .vacancy = true, .id = (vid) })

/* Rewrites the stored milestones of one owner to match planned: rows are
 * kept by (kind, term), changed ones get a higher sequence, and rows no
 * longer planned turn cancelled so subscribed calendars drop them. */
int store_milestones_rewrite(struct store *st, const struct milestone_owner *o,
        const struct milestone_list *planned, int64_t now, struct failure *f);
/* Milestones of contracts created in the current transaction. */
struct new_milestone {
	int64_t contract_id;
	struct milestone m;
};

struct new_milestones {
	struct new_milestone *items;
	size_t count;
	size_t cap;
};

/* Inserts them in date order: the date index then grows page by page
 * instead of being touched all over, which makes large imports several
 * times faster. Sorts q in place. */
int store_milestones_insert_new(struct store *st, struct new_milestones *q,
        int64_t now, struct failure *f);
/* Reads the decisions of a contract into c (replacing any already there). */
int store_decisions_load(struct store *st, struct contract *c,
        struct failure *f);
/* Plans the reminders of one owner's milestones as they now stand, in the
 * caller's transaction: new rows for new instances, pending ones moved,
 * unsent ones no longer planned cancelled. manager and staff are the
 * addresses of those roles (NULL for a vacancy). fresh: the owner was
 * created in this transaction and has no rows yet, so none are looked up
 * (a large import plans hundreds of thousands). */
int store_outbox_plan(struct store *st, const struct milestone_owner *o,
        const char *manager, const char *staff, bool fresh, int64_t real_now,
        struct failure *f);

/* The person of email, in the caller's transaction: an existing one (whose
 * name must match, case aside, unless rename_email is that same email: a
 * correction, which renames them) or a new one. A person of another name
 * is FAILURE_CONFLICT naming them. */
int64_t store_person_resolve(struct store *st, const char *name,
        const char *email, const char *rename_email, struct failure *f);
#define OUTBOX_SELECT							\
	"SELECT o.id, o.milestone_id, o.kind, o.milestone_date, m.at, "	\
	"o.\"offset\", o.channel, o.recipient, o.escalation, o.due_at, "	\
	"o.status, o.attempts, o.first_attempt_at, o.next_attempt_at, "	\
	"o.last_error, o.sent_at, coalesce(o.contract_id, 0), "		\
	"coalesce(c.vacancy, v.reference), p.name, p.email, "		\
	"coalesce(c.post_title, v.title), m.term_end, m.sequence, "	\
	"m.updated_at FROM outbox o "					\
	"LEFT JOIN milestones m ON m.id = o.milestone_id "		\
	"LEFT JOIN contracts c ON c.id = o.contract_id "		\
	"LEFT JOIN people p ON p.id = c.person_id "			\
	"LEFT JOIN vacancies v ON v.id = o.vacancy_id "

/* Runs a prepared query of OUTBOX_SELECT rows into a new array. */
int store_outbox_read_rows(struct store *st, struct db_stmt *s,
        struct outbox_row **out, size_t *count, struct failure *f);
/* Appends one decision to the log; sets d->id and d->recorded_at. */
int store_decision_insert(struct store *st, int64_t contract_id,
        struct decision *d, int64_t now, struct failure *f);

#endif
