#include "internal.h"

#include <string.h>

/*
 * Counts for /metrics. A scrape comes every 15 s or so, not per request,
 * so the statements are prepared per call; milestones by kind and status
 * are counted on the milestones_by_kind index (schema version 3).
 */
static int
one(struct store *st, const char *sql, int64_t *out)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
milestones(struct store *st, struct store_metrics *out)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT kind, status, count(*) FROM "
	    "milestones GROUP BY kind, status", -1, &s, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		enum milestone_kind k;
		enum milestone_status ms;

		/* A kind this build does not know is left out, not
		 * misfiled. */
		if (milestone_kind_parse((const char *)sqlite3_column_text(s, 0),
		    &k) == 0 && milestone_status_parse(
		    (const char *)sqlite3_column_text(s, 1), &ms) == 0)
			out->milestones[k][ms] = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_metrics_read(struct store *st, struct store_metrics *out,
    struct failure *f)
{
	int64_t pages = 0, page_size = 0;
	int rc;

	memset(out, 0, sizeof *out);
	/* A deferred transaction: one snapshot for every count, and no
	 * write lock taken. */
	if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, f, "reading the metrics");
	rc = one(st, "SELECT count(*) FROM contracts", &out->contracts) != 0 ||
	    one(st, "SELECT count(*) FROM vacancies", &out->vacancies) != 0 ||
	    milestones(st, out) != 0 ||
	    one(st, "PRAGMA page_count", &pages) != 0 ||
	    one(st, "PRAGMA page_size", &page_size) != 0 ? -1 : 0;
	if (rc != 0)
		store_fail(st, f, "reading the metrics");
	else if (store_outbox_counts(st, out->outbox, f) != 0 ||
	    store_outbox_next_due(st, "%", &out->next_due, f) != 0)
		rc = -1;
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	out->bytes = pages * page_size;
	return rc;
}
