#include "internal.h"

#include <string.h>

/*
 * Figures for /metrics: the counts kept in memory (tally.c), the next due
 * reminder (one probe of the outbox's due index) and the file's size in
 * pages (read from the header), or PostgreSQL's size of the database.
 */
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
	if (db_backend(st->db) == DB_POSTGRESQL) {
		if (store_kept_int(st, STMT_PAGE_COUNT, "SELECT "
		    "pg_database_size(current_database())", &out->bytes) != 0)
			return store_fail(st, f, "reading the metrics");
	} else {
		if (store_kept_int(st, STMT_PAGE_COUNT, "PRAGMA page_count",
		    &pages) != 0 || store_kept_int(st, STMT_PAGE_SIZE,
		    "PRAGMA page_size", &page_size) != 0)
			return store_fail(st, f, "reading the metrics");
		out->bytes = pages * page_size;
	}
	return store_outbox_next_due(st, "%", &out->next_due, f);
}
