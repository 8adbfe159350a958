/* The outbox as people read it: lists, counts by state and by channel,
 * and the next reminder due. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int
store_outbox_list(struct store *st, int status, int limit,
    struct outbox_row **out, size_t *count, struct failure *f)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, OUTBOX_SELECT
	    "WHERE (?1 IS NULL OR o.status = ?1) "
	    "ORDER BY o.next_attempt_at DESC, o.id DESC LIMIT ?2", -1, &s,
	    NULL) != SQLITE_OK)
		return store_fail(st, f, "preparing the outbox list");
	if (status >= 0)
		sqlite3_bind_text(s, 1, outbox_status_name(status), -1,
		    SQLITE_STATIC);
	sqlite3_bind_int(s, 2, limit);
	rc = store_outbox_read_rows(st, s, out, count, f);
	sqlite3_finalize(s);
	return rc;
}

int
store_outbox_counts(struct store *st, int64_t counts[OUTBOX_STATUS_COUNT],
    struct failure *f)
{
	sqlite3_stmt *s;
	int rc;

	memset(counts, 0, sizeof(int64_t) * OUTBOX_STATUS_COUNT);
	if (sqlite3_prepare_v2(st->db, "SELECT status, count(*) FROM outbox "
	    "GROUP BY status", -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, f, "preparing the outbox counts");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		enum outbox_status os;

		if (outbox_status_parse((const char *)sqlite3_column_text(s, 0),
		    &os) == 0)
			counts[os] = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, f, "counting the outbox");
	return 0;
}

int
store_outbox_waiting(struct store *st, outbox_channel_fn fn, void *ctx,
    struct failure *f)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT channel, count(*) FROM outbox "
	    "WHERE status IN ('pending', 'retrying') GROUP BY channel "
	    "ORDER BY channel", -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, f, "preparing the outbox counts");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(s, 0),
		    sqlite3_column_int64(s, 1));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, f, "counting the outbox by channel");
	return 0;
}

int
store_outbox_next(struct store *st, struct outbox_row *out, struct failure *f)
{
	/* One row from each state's end of the due index, then the earlier. */
	sqlite3_stmt *s;
	struct outbox_row *rows = NULL;
	size_t n = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, OUTBOX_SELECT
	    "WHERE o.id IN ("
	    "  SELECT id FROM (SELECT id FROM outbox WHERE status = 'pending' "
	    "    ORDER BY next_attempt_at LIMIT 1) "
	    "  UNION ALL SELECT id FROM (SELECT id FROM outbox "
	    "    WHERE status = 'retrying' ORDER BY next_attempt_at LIMIT 1)) "
	    "ORDER BY o.next_attempt_at, o.id LIMIT 1", -1, &s, NULL) !=
	    SQLITE_OK)
		return store_fail(st, f, "preparing the next reminder");
	rc = store_outbox_read_rows(st, s, &rows, &n, f);
	sqlite3_finalize(s);
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
