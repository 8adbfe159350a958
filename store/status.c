#include "internal.h"

#include <stdio.h>

/* Contracts and milestones from the counts kept in memory; the overdue
 * decisions from the milestones_awaiting index (they depend on the day). */
int
store_counts(struct store *st, int32_t today, bool milestones,
    struct store_counts *out, struct failure *f)
{
	const struct store_tally *t = store_tally_read(st, f);
	struct db_stmt *s;
	int rc;

	if (t == NULL)
		return -1;
	out->contracts = t->contracts;
	out->milestones = -1;
	if (milestones) {
		out->milestones = 0;
		for (int k = 0; k < MS_KIND_COUNT; k++) {
			for (int s = 0; s < STORE_MILESTONE_STATUSES; s++)
				out->milestones += t->milestones[k][s];
		}
	}
	/* After every write (the status line): prepared once. */
	if ((s = store_stmt(st, STMT_OVERDUE_COUNT, "SELECT count(*) FROM "
	    "milestones WHERE status = 'scheduled' AND date < ?1 AND kind IN "
	    SQL_DECISION_KINDS)) == NULL)
		return store_fail(st, f, "counting");
	store_bind_date(s, 1, today);
	if ((rc = db_step(s)) == DB_ROW)
		out->overdue = db_column_int64(s, 0);
	else
		store_fail(st, f, "counting");
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}

int
store_backup(struct store *st, const char *path, struct failure *f)
{
	struct db_stmt *s;
	int rc;

	/* A PostgreSQL cluster has its own tools, which its DBAs run. */
	if (db_backend(st->db) == DB_POSTGRESQL)
		return failure_set(f, FAILURE_CONFLICT, NULL, "the database is "
		    "PostgreSQL: pg_dump is its backup");
	/* VACUUM INTO reads one snapshot, so writes committed meanwhile are
	 * either all in the copy or all out of it. */
	if (db_prepare(st->db, "VACUUM INTO ?1", false, &s) != 0)
		return store_fail(st, f, "preparing the backup");
	db_bind_text(s, 1, path);
	rc = db_step(s);
	db_finalize(s);
	if (rc != DB_DONE)
		return store_fail(st, f, "writing the backup");
	return 0;
}
