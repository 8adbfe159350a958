/* Notifications of other daemons' writes, on a PostgreSQL connection of
 * their own. Not for use outside store/. */
#ifndef TENURED_DB_LISTEN_H
#define TENURED_DB_LISTEN_H

#include <stddef.h>

struct db_listen;

/* Connects and LISTENs on channel; NULL with err set. */
struct db_listen *db_listen_open(const char *uri, const char *password,
        const char *channel, char *err, size_t err_len);
void db_listen_close(struct db_listen *l);
/* The socket the loop watches for reading. */
int  db_listen_fd(struct db_listen *l);
/* What other daemons changed, by the payload of their notification. */
#define DB_LISTEN_OUTBOX 1	/* deliveries only */
#define DB_LISTEN_DATA 2	/* anything else */

/* Reads what arrived: the DB_LISTEN_ flags of the notifications from a
 * backend other than own_pid (the daemon's statement connection), 0 when
 * none, or -1 when the connection is lost. */
int  db_listen_drain(struct db_listen *l, int own_pid);

#endif
