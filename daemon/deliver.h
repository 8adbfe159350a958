/* Sends what the outbox says is due, through curlev, and records each
 * result in the store as it arrives. The scheduler wakes it; it asks the
 * scheduler to wake it again at the next due instant. */
#ifndef TENURED_DELIVER_H
#define TENURED_DELIVER_H

#include <stdint.h>

#include "failure.h"

struct daemon;
struct deliver;

struct deliver *deliver_new(struct daemon *d);
/* Leaves unfinished deliveries to be sent again at the next start. */
void deliver_free(struct deliver *dl);
/* Claims and starts what is due now. */
void deliver_run(struct deliver *dl);
/* The next instant a reminder is due (scheduling clock), or 0. */
int64_t deliver_next_due(struct deliver *dl);

/* A test message through a channel (webhook:NAME, or email to every hr
 * address), outside the outbox: started now, its
 * result kept in memory (the last DELIVER_TESTS of them) under the id it
 * returns; -1 with the failure when the channel is unknown. */
#define DELIVER_TESTS 16

enum deliver_test_state {
	DELIVER_TEST_SENDING,
	DELIVER_TEST_SENT,
	DELIVER_TEST_FAILED,
};

struct deliver_test {
	int id;
	char channel[80];
	enum deliver_test_state state;
	long status;			/* HTTP or SMTP status, or 0 */
	char error[256];
	int waiting;			/* messages not answered yet */
};

int deliver_test_start(struct deliver *dl, const char *channel,
        struct failure *f);
const struct deliver_test *deliver_test_get(struct deliver *dl, int id);

/* Email goes out only once [smtp] names a server; until then email
 * reminders wait in the outbox, and the scheduler does not wake for them. */
const char *deliver_channels(const struct daemon *d);

#endif
