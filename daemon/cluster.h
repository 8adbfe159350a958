/* Sharing a PostgreSQL database with other daemons: their writes heard,
 * a lost connection tried again (cluster.c). */
#ifndef TENURED_CLUSTER_H
#define TENURED_CLUSTER_H

#include "failure.h"

struct daemon;
struct cluster;

/* Listens for the other daemons' writes (nothing on SQLite); NULL with f
 * set when the database cannot be listened to. */
struct cluster *cluster_start(struct daemon *d, struct failure *f);
void cluster_free(struct cluster *c);
/* A statement found the database away (/healthz, a claim): the same
 * tries as for a lost listener, unless they are under way. */
void cluster_lost(struct cluster *c);

#endif
