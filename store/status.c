#include "internal.h"

#include <stdio.h>

static int64_t
count(struct store *st, const char *sql, int32_t today, int *rc)
{
	sqlite3_stmt *s;
	int64_t n = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		*rc = -1;
		return -1;
	}
	if (sqlite3_bind_parameter_count(s) > 0)
		store_bind_date(s, 1, today);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	else
		*rc = -1;
	sqlite3_finalize(s);
	return n;
}

/* Not on a hot path (status requests, status lines after writes), so
 * these are prepared per call rather than kept. */
int
store_counts(struct store *st, int32_t today, bool milestones,
    struct store_counts *out, struct failure *f)
{
	int rc = 0;

	out->contracts = count(st, "SELECT count(*) FROM contracts", today, &rc);
	out->milestones = milestones ? count(st,
	    "SELECT count(*) FROM milestones", today, &rc) : -1;
	out->overdue = count(st, "SELECT count(*) FROM milestones WHERE "
	    "status = 'scheduled' AND date < ?1 AND kind IN "
	    SQL_DECISION_KINDS, today, &rc);
	if (rc != 0)
		return store_fail(st, f, "counting");
	return 0;
}

int
store_backup(struct store *st, const char *path, struct failure *f)
{
	sqlite3_stmt *s;
	int rc;

	/* VACUUM INTO reads one snapshot, so writes committed meanwhile are
	 * either all in the copy or all out of it. */
	if (sqlite3_prepare_v2(st->db, "VACUUM INTO ?1", -1, &s, NULL) !=
	    SQLITE_OK)
		return store_fail(st, f, "preparing the backup");
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, f, "writing the backup");
	return 0;
}
