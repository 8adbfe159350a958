#include "internal.h"

#include <string.h>

/*
 * Figures for /metrics: the counts kept in memory (tally.c), the next due
 * reminder (one probe of the outbox's due index) and the file's size in
 * pages (read from the header).
 */
static int
pragma_int(struct store *st, enum stmt_id id, const char *sql, int64_t *out)
{
	sqlite3_stmt *s = store_stmt(st, id, sql);
	int rc;

	if (s == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_metrics_read(struct store *st, struct store_metrics *out,
    struct failure *f)
{
	const struct store_tally *t = store_tally_read(st, f);
	int64_t pages = 0, page_size = 0;

	memset(out, 0, sizeof *out);
	if (t == NULL)
		return -1;
	out->contracts = t->contracts;
	out->vacancies = t->vacancies;
	memcpy(out->milestones, t->milestones, sizeof out->milestones);
	memcpy(out->outbox, t->outbox, sizeof out->outbox);
	if (pragma_int(st, STMT_PAGE_COUNT, "PRAGMA page_count", &pages) != 0 ||
	    pragma_int(st, STMT_PAGE_SIZE, "PRAGMA page_size", &page_size) != 0)
		return store_fail(st, f, "reading the metrics");
	out->bytes = pages * page_size;
	return store_outbox_next_due(st, "%", &out->next_due, f);
}
