/* Claims on a shared database hold for claim_lease unless renewed: while
 * this daemon has deliveries in flight it renews them every third of the
 * lease, so that only a daemon that died (or stalled for a whole lease)
 * has its rows taken over. Idle, or on SQLite, it arms nothing. */
#include "deliver-internal.h"

#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "mailer.h"
#include "scheduler.h"
#include "store.h"

/* Sending, or sent with the outcome not yet recorded (the database was
 * away): either way the rows are still this daemon's to finish. */
static bool
in_flight(struct deliver *dl)
{
	return dl->jobs != NULL || mailer_pending(dl->mailer) > 0 ||
	    dl->unrecorded != NULL;
}

static int64_t
lease_next_due(void *arg)
{
	struct deliver *dl = arg;

	if (!store_shared(dl->d->store) || !in_flight(dl))
		return 0;
	return dl->renewed_at + dl->d->config->claim_lease / 3;
}

static void
lease_run(void *arg)
{
	struct deliver *dl = arg;
	struct failure f = { 0 };

	dl->renewed_at = clock_schedule();
	if (store_outbox_renew(dl->d->store, dl->renewed_at, &f) != 0)
		log_warnx("outbox: %s", f.message);
}

void
deliver_lease_claimed(struct deliver *dl)
{
	/* The rows just claimed hold a whole lease; those claimed before
	 * keep the renewal already due. */
	if (dl->renewed_at == 0 || !in_flight(dl))
		dl->renewed_at = clock_schedule();
}

int
deliver_lease_start(struct deliver *dl)
{
	return scheduler_add(dl->d->scheduler, &(struct scheduler_source){
	    .name = "claim leases", .next_due = lease_next_due,
	    .run = lease_run, .arg = dl });
}
