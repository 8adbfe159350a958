/* The outbox as people read it: lists and the next reminder due (the
 * counts by state and channel are kept in memory, tally.c). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int
store_outbox_list(struct store *st, int status, int limit,
    struct outbox_row **out, size_t *count, struct failure *f)
{
	struct db_stmt *s;
	int rc;

	if (db_prepare(st->db, OUTBOX_SELECT
	    "WHERE (?1 IS NULL OR o.status = ?1) "
	    "ORDER BY o.next_attempt_at DESC, o.id DESC LIMIT ?2", false, &s) != 0)
		return store_fail(st, f, "preparing the outbox list");
	if (status >= 0)
		db_bind_text(s, 1, outbox_status_name(status));
	db_bind_int64(s, 2, limit);
	rc = store_outbox_read_rows(st, s, out, count, f);
	db_finalize(s);
	return rc;
}

int
store_outbox_next(struct store *st, struct outbox_row *out, struct failure *f)
{
	/* One row from each state's end of the due index, then the earlier. */
	struct db_stmt *s;
	struct outbox_row *rows = NULL;
	size_t n = 0;
	int rc;

	if (db_prepare(st->db, OUTBOX_SELECT
	    "WHERE o.id IN ("
	    "  SELECT id FROM (SELECT id FROM outbox WHERE status = 'pending' "
	    "    ORDER BY next_attempt_at LIMIT 1) AS p "
	    "  UNION ALL SELECT id FROM (SELECT id FROM outbox "
	    "    WHERE status = 'retrying' ORDER BY next_attempt_at LIMIT 1) "
	    "    AS r) "
	    "ORDER BY o.next_attempt_at, o.id LIMIT 1", false, &s) != 0)
		return store_fail(st, f, "preparing the next reminder");
	rc = store_outbox_read_rows(st, s, &rows, &n, f);
	db_finalize(s);
	if (rc != 0)
		return -1;
	if (n == 0) {
		free(rows);
		return 0;
	}
	*out = rows[0];
	free(rows);
	return 1;
}
