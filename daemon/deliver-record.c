/* The outcomes of deliveries, kept in memory until they are committed
 * together: at the end of the loop's turn in which they arrived, or once
 * the store takes writes again. */
#include "deliver-internal.h"

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "daemon.h"
#include "log.h"
#include "store.h"

/* Outcomes recorded per transaction at most, so that one record does not
 * hold the loop long. */
#define DELIVER_RECORD_GROUP 256

/* The outcome of a delivery not recorded yet: outcomes wait here for the
 * end of the loop's turn and are committed together, or for the store to
 * take writes again. The row stays sending in the database until then; a
 * crash meanwhile sends it again under the same id. */
struct unrecorded {
	int64_t id;
	enum outbox_status status;
	int64_t next;
	char *error;
	struct unrecorded *link;
};

/* Keeps an outcome for later; false when even that is impossible (the
 * row then goes back to pending at the next start). */
bool
deliver_record_keep(struct deliver *dl, int64_t id, enum outbox_status status,
    int64_t next, const char *error)
{
	struct unrecorded *u = calloc(1, sizeof *u);

	if (u == NULL ||
	    (error != NULL && (u->error = strdup(error)) == NULL)) {
		free(u);
		return false;
	}
	u->id = id;
	u->status = status;
	u->next = next;
	if (dl->unrecorded == NULL)
		dl->unrecorded = u;
	else
		dl->unrecorded_tail->link = u;
	dl->unrecorded_tail = u;
	dl->unrecorded_count++;
	return true;
}

/* deliver_turn runs in the next turn of the loop, after the events that
 * turn brings: the answers that arrived together are recorded together,
 * and whatever else waits (the API) runs between two of them. */
void
deliver_record_soon(struct deliver *dl)
{
	static const struct timeval now = { 0, 0 };

	if (!evtimer_pending(&dl->turn, NULL))
		evtimer_add(&dl->turn, &now);
}

void
deliver_record_pop(struct deliver *dl)
{
	struct unrecorded *u = dl->unrecorded;

	dl->unrecorded = u->link;
	if (dl->unrecorded == NULL)
		dl->unrecorded_tail = NULL;
	dl->unrecorded_count--;
	free(u->error);
	free(u);
}

/* Records the first n waiting outcomes one by one (a group refused for
 * a reason that is not the store's state: the others still go in); -1
 * when the store refuses writes. */
static int
record_each(struct deliver *dl, size_t n)
{
	struct failure f = { 0 };
	struct unrecorded *u;

	while (n-- > 0 && (u = dl->unrecorded) != NULL) {
		if (store_outbox_finish(dl->d->store, u->id, u->status, u->next,
		    u->error, clock_real(), &f) != 0) {
			if (f.kind == FAILURE_UNAVAILABLE)
				return -1;
			log_warnx_id(LOG_FIELD_REMINDER, u->id,
			    "reminder %lld: %s", (long long)u->id, f.message);
		}
		deliver_record_pop(dl);
	}
	return 0;
}

/* Records the waiting outcomes, DELIVER_RECORD_GROUP to a transaction;
 * -1 (they stay waiting) when the store refuses writes. */
int
deliver_record_all(struct deliver *dl)
{
	struct outbox_outcome group[DELIVER_RECORD_GROUP];
	struct failure f = { 0 };
	struct unrecorded *u;
	size_t n;

	while (dl->unrecorded != NULL) {
		n = 0;
		for (u = dl->unrecorded; u != NULL && n < DELIVER_RECORD_GROUP;
		    u = u->link)
			group[n++] = (struct outbox_outcome){ .id = u->id,
			    .status = u->status, .next_attempt_at = u->next,
			    .error = u->error };
		if (store_outbox_finish_all(dl->d->store, group, n,
		    clock_real(), &f) != 0) {
			if (f.kind != FAILURE_UNAVAILABLE) {
				if (record_each(dl, n) == 0)
					continue;
			}
			log_warnx("outbox: %s", f.message);
			log_info("outbox: %zu delivery outcome(s) kept until "
			    "the database takes writes again",
			    dl->unrecorded_count);
			return -1;
		}
		while (n-- > 0)
			deliver_record_pop(dl);
	}
	return 0;
}
