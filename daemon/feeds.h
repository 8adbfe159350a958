/* The calendar feeds of the running daemon: who subscribed to what, the
 * rendered bytes of each (kept until its data changes), the .ics files in
 * ics_dir, and fetch statistics kept in memory until the next write. */
#ifndef TENURED_FEEDS_H
#define TENURED_FEEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "failure.h"
#include "ical.h"
#include "scope.h"

struct daemon;
struct stored_feed;

/* One rendering of a feed: plain and gzip bytes with their validators. */
struct feed_body {
	char *bytes;
	size_t len;
	unsigned char *gz;
	size_t gz_len;
	/* The same bytes as buffers that own them (feed_body_share): every
	 * answer references them instead of copying, and they live until
	 * the last answer sending them is out, even past a new render. */
	struct evbuffer *shared, *shared_gz;
	char etag[72];			/* strong, quoted */
	char etag_gz[76];
	int64_t last_modified;
	int matches;			/* events shown */
	int64_t next_change;		/* next cancelled event to age out, or 0 */
};

struct feed {
	struct stored_feed *rec;
	struct scope scope;
	struct feed_options opts;
	struct feed_body body;
	/* Fetches not yet written to the store. */
	int64_t fetches_unwritten;
	/* Its data changed since it was rendered. */
	bool dirty;
};

/* Base64url of 256 random bits, without padding. */
#define FEED_TOKEN_LEN 43

struct feeds;

struct feeds *feeds_new(struct daemon *d, struct failure *f);
void feeds_free(struct feeds *fs);
/* Renders every feed again, rewriting the files whose bytes changed. */
void feeds_refresh(struct feeds *fs);
/* Marks every feed changed and schedules their rendering for after the
 * current event (which coalesces the writes of one loop turn). */
void feeds_changed(struct feeds *fs);
/* Another daemon of the database wrote: the feeds it created, rotated or
 * revoked are taken up as if done here, and every feed renders again. */
void feeds_sync(struct feeds *fs);
/* The same for the feeds whose scope takes in one contract (or vacancy):
 * a NULL field matches no scope of its kind. */
void feeds_changed_for(struct feeds *fs, const char *manager_email,
        const char *person_email, const char *unit, const char *vacancy);
/* The next instant (scheduling clock) at which a feed changes by itself,
 * a cancelled event ageing out; 0 when none. */
int64_t feeds_next_due(struct feeds *fs);
/* Writes the fetch statistics gathered since the last write. */
void feeds_flush_stats(struct feeds *fs);

/* The writes go through the service layer (service-feeds.c); these are
 * the parts before and after its commit. */
/* A checked new feed with a fresh token (FEED_TOKEN_LEN + 1 bytes),
 * for the store. */
struct stored_feed *feeds_prepare(const char *name, const char *scope,
        bool redact, const char *alarms, enum lang lang, char *token,
        struct failure *f);
/* Takes a stored feed live (owning rec) and renders it. */
struct feed *feeds_adopt(struct feeds *fs, struct stored_feed *rec,
        struct failure *f);
/* The live feed of id; NULL with FAILURE_NOT_FOUND. */
struct feed *feeds_find(struct feeds *fs, int64_t id, struct failure *f);
void feeds_rotated(struct feeds *fs, struct feed *feed,
        const unsigned char hash[32], int64_t now);
/* Takes a revoked feed out of service (and frees it). */
void feeds_revoked(struct feeds *fs, struct feed *feed);
/* The live feed whose token this is, compared in constant time. */
struct feed *feeds_by_token(struct feeds *fs, const char *token);
struct feed *const *feeds_all(struct feeds *fs, size_t *count);
void feeds_record_fetch(struct feeds *fs, struct feed *feed,
        const char *client);
/* Renders an ad hoc calendar of a scope (export), written in lang; its
 * gzip bytes only when asked for. */
int feeds_render_scope(struct feeds *fs, const struct scope *scope,
        const struct scope *reach, enum lang lang, bool gzip,
        struct feed_body *out, struct failure *f);
void feed_body_clear(struct feed_body *b);
/* Hands bytes and gz over to the shared buffers; -1 out of memory (the
 * body is unchanged then). */
int feed_body_share(struct feed_body *b);

#endif
