/* The running daemon: one libevent loop, the configuration in force, the
 * store, and the listeners. */
#ifndef TENURED_DAEMON_H
#define TENURED_DAEMON_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

struct event_base;
struct event;
struct config;
struct store;
struct http;
struct feeds;
struct scheduler;
struct deliver;
struct watchdog;
struct cluster;

struct daemon {
	struct event_base *base;
	struct config *config;
	struct store *store;
	struct http *http;
	struct feeds *feeds;
	struct scheduler *scheduler;
	struct deliver *deliver;
	struct watchdog *watchdog;	/* NULL unless systemd asks */
	struct cluster *cluster;	/* other daemons of the database */
	struct event *sig_term;
	struct event *sig_int;
	struct event *sig_hup;
	int64_t started_at;
	int64_t digest_at;		/* next digest planning, or 0 */
	bool stopping;
	struct outbox_planning planning;	/* points into config */
};

/* Runs until SIGTERM; returns the process exit status. now_text, when
 * not NULL, starts the scheduling clock (RFC 3339, or a date meaning its
 * midnight in the configured time zone). */
int daemon_run(const char *config_path, const char *now_text);
/* Parses a --now value the way daemon_run does. */
int daemon_parse_now(const char *text, const char *tz, int64_t *out);
/* Tells systemd the current counts (after writes, not on a timer). */
void daemon_status(struct daemon *d);
/* Hands the store the planning of the configuration in force. */
void daemon_set_planning(struct daemon *d);

#endif
