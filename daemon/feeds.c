#include "feeds.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "feed-render.h"
#include "feed-spec.h"
#include "log.h"
#include "scheduler.h"
#include "store.h"
#include "token.h"

struct feeds {
	struct daemon *d;
	struct feed **list;		/* live feeds */
	size_t count;
	struct event *deferred;		/* feeds_refresh after this turn */
};

/* The last reference to a shared body's bytes is gone. */
static void
shared_bytes_gone(const void *data, size_t len, void *arg)
{
	free(arg);
}

int
feed_body_share(struct feed_body *b)
{
	struct evbuffer *plain = evbuffer_new(), *gz = evbuffer_new();

	if (plain == NULL || gz == NULL ||
	    evbuffer_add_reference(plain, b->bytes, b->len, shared_bytes_gone,
	    b->bytes) != 0) {
		if (plain != NULL)
			evbuffer_free(plain);
		if (gz != NULL)
			evbuffer_free(gz);
		return -1;
	}
	/* from here on the buffer frees bytes */
	b->shared = plain;
	if (evbuffer_add_reference(gz, b->gz, b->gz_len, shared_bytes_gone, b->gz) != 0) {
		evbuffer_free(gz);
		return -1;
	}
	b->shared_gz = gz;
	return 0;
}

void
feed_body_clear(struct feed_body *b)
{
	if (b->shared != NULL)
		evbuffer_free(b->shared);
	else
		free(b->bytes);
	if (b->shared_gz != NULL)
		evbuffer_free(b->shared_gz);
	else
		free(b->gz);
	memset(b, 0, sizeof *b);
}

static void
feed_free(struct feed *feed)
{
	if (feed == NULL)
		return;
	feed_body_clear(&feed->body);
	stored_feed_free(feed->rec);
	free(feed);
}

static void
set_options(struct feeds *fs, struct feed_options *o, const char *calname,
    enum lang lang)
{
	const struct config *c = fs->d->config;

	o->calname = calname;
	o->lang = lang;
	o->domain = c->domain;
	o->timezone = c->timezone;
	o->organizer = c->smtp.from;
	o->now = clock_schedule();
}

/* Renders one feed; the file is rewritten only when the bytes changed. */
static int
refresh_one(struct feeds *fs, struct feed *feed, struct failure *f)
{
	struct feed_body b;

	set_options(fs, &feed->opts, feed->rec->name, feed->rec->language);
	if (feed_render(fs->d->store, &feed->scope, NULL, &feed->opts,
	    feed->rec->created_at, true, &b, f) != 0)
		return -1;
	if (feed->body.bytes != NULL && feed->body.len == b.len &&
	    memcmp(feed->body.bytes, b.bytes, b.len) == 0) {
		/* Same bytes, same validators: keep the old Last-Modified. */
		feed->body.next_change = b.next_change;
		feed->body.matches = b.matches;
		feed_body_clear(&b);
		return 0;
	}
	feed_body_clear(&feed->body);
	feed->body = b;
	feed_write_file(fs->d->config->ics_dir, feed);
	return 0;
}

static void
refresh(struct feeds *fs, bool only_dirty)
{
	struct failure f = { 0 };

	for (size_t i = 0; i < fs->count; i++) {
		struct feed *feed = fs->list[i];

		if (only_dirty && !feed->dirty)
			continue;
		if (refresh_one(fs, feed, &f) != 0)
			log_warnx_id(LOG_FIELD_FEED, feed->rec->id, "feed %s: %s",
			    feed->rec->name, f.message);
		feed->dirty = false;
	}
}

void
feeds_refresh(struct feeds *fs)
{
	refresh(fs, false);
}

static void
deferred_refresh(evutil_socket_t fd, short what, void *arg)
{
	struct feeds *fs = arg;

	refresh(fs, true);
	scheduler_rearm(fs->d->scheduler);
}

void
feeds_changed(struct feeds *fs)
{
	for (size_t i = 0; i < fs->count; i++)
		fs->list[i]->dirty = true;
	event_active(fs->deferred, EV_TIMEOUT, 0);
}

static bool
same_text(const char *a, const char *b, bool nocase)
{
	return a != NULL && b != NULL &&
	    (nocase ? strcasecmp(a, b) : strcmp(a, b)) == 0;
}

void
feeds_changed_for(struct feeds *fs, const char *manager_email,
    const char *person_email, const char *unit, const char *vacancy)
{
	bool any = false;

	for (size_t i = 0; i < fs->count; i++) {
		struct feed *feed = fs->list[i];
		const char *v = feed->scope.value;
		bool hit = false;

		switch (feed->scope.type) {
		case SCOPE_ALL: hit = true; break;
		case SCOPE_MANAGER: hit = same_text(v, manager_email, true); break;
		case SCOPE_PERSON: hit = same_text(v, person_email, true); break;
		case SCOPE_UNIT: hit = same_text(v, unit, false); break;
		case SCOPE_VACANCY: hit = same_text(v, vacancy, false); break;
		}
		if (hit) {
			feed->dirty = true;
			any = true;
		}
	}
	if (any)
		event_active(fs->deferred, EV_TIMEOUT, 0);
}

int64_t
feeds_next_due(struct feeds *fs)
{
	int64_t next = 0;

	for (size_t i = 0; i < fs->count; i++) {
		int64_t n = fs->list[i]->body.next_change;

		if (n != 0 && (next == 0 || n < next))
			next = n;
	}
	return next;
}

static struct feed *
feed_from_record(struct stored_feed *rec, struct failure *f)
{
	struct feed *feed = calloc(1, sizeof *feed);

	if (feed == NULL) {
		failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		return NULL;
	}
	feed->rec = rec;
	if (scope_parse(rec->scope, &feed->scope, f) != 0 ||
	    feed_alarms_parse(rec->alarms, feed->opts.alarm_minutes,
	    &feed->opts.alarm_count, f) != 0) {
		feed->rec = NULL;
		free(feed);
		return NULL;
	}
	feed->opts.redact = rec->redact;
	return feed;
}

static int
add_live(struct feeds *fs, struct feed *feed)
{
	struct feed **list = realloc(fs->list, (fs->count + 1) * sizeof *list);

	if (list == NULL)
		return -1;
	fs->list = list;
	fs->list[fs->count++] = feed;
	return 0;
}

static int64_t
source_next_due(void *arg)
{
	return feeds_next_due(arg);
}

static void
source_run(void *arg)
{
	feeds_refresh(arg);
}

struct feeds *
feeds_new(struct daemon *d, struct failure *f)
{
	struct feeds *fs = calloc(1, sizeof *fs);
	struct stored_feed **recs = NULL;
	size_t n = 0;

	if (fs == NULL) {
		failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		return NULL;
	}
	fs->d = d;
	fs->deferred = event_new(d->base, -1, 0, deferred_refresh, fs);
	if (fs->deferred == NULL ||
	    store_feed_list(d->store, &recs, &n, f) != 0) {
		feeds_free(fs);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		struct feed *feed;

		if (recs[i]->revoked_at != 0) {
			stored_feed_free(recs[i]);
			continue;
		}
		if ((feed = feed_from_record(recs[i], f)) == NULL) {
			log_warnx_id(LOG_FIELD_FEED, recs[i]->id,
			    "feed %s is unusable: %s", recs[i]->name, f->message);
			stored_feed_free(recs[i]);
			continue;
		}
		if (add_live(fs, feed) != 0) {
			feed_free(feed);
			continue;
		}
	}
	free(recs);
	if (scheduler_add(d->scheduler, &(struct scheduler_source){
	    .name = "feeds", .next_due = source_next_due, .run = source_run,
	    .arg = fs }) != 0) {
		failure_set(f, FAILURE_INTERNAL, NULL, "no room for the feeds' "
		    "timer");
		feeds_free(fs);
		return NULL;
	}
	feeds_refresh(fs);
	return fs;
}

void
feeds_free(struct feeds *fs)
{
	if (fs == NULL)
		return;
	for (size_t i = 0; i < fs->count; i++)
		feed_free(fs->list[i]);
	free(fs->list);
	if (fs->deferred != NULL)
		event_free(fs->deferred);
	free(fs);
}

struct stored_feed *
feeds_prepare(const char *name, const char *scope, bool redact,
    const char *alarms, enum lang lang, char *token, struct failure *f)
{
	struct stored_feed *rec;
	struct feed_options o = { 0 };
	struct scope sc;

	if (!feed_name_ok(name)) {
		failure_set(f, FAILURE_INVALID_FIELD, "name",
		    "a feed name is 1 to 64 of a-z, 0-9 and -");
		return NULL;
	}
	if (scope_parse(scope, &sc, f) != 0 ||
	    feed_alarms_parse(alarms, o.alarm_minutes, &o.alarm_count,
	    f) != 0)
		return NULL;
	if ((rec = calloc(1, sizeof *rec)) == NULL ||
	    (rec->name = strdup(name)) == NULL ||
	    (rec->scope = malloc(SCOPE_VALUE_MAX + 16)) == NULL ||
	    (rec->alarms = strdup(alarms != NULL ? alarms : "")) == NULL) {
		stored_feed_free(rec);
		failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		return NULL;
	}
	scope_format(&sc, rec->scope, SCOPE_VALUE_MAX + 16);
	rec->redact = redact;
	rec->language = lang;
	if (token_random(token) != 0 ||
	    token_hash(token, FEED_TOKEN_LEN, rec->token_hash) != 0) {
		stored_feed_free(rec);
		failure_set(f, FAILURE_INTERNAL, NULL,
		    "no random token could be made; try again");
		return NULL;
	}
	return rec;
}

struct feed *
feeds_adopt(struct feeds *fs, struct stored_feed *rec, struct failure *f)
{
	struct feed *feed = feed_from_record(rec, f);

	if (feed == NULL) {
		stored_feed_free(rec);
		return NULL;
	}
	/* Saved but not yet rendered is not a failure: the next change
	 * renders it again. */
	if (add_live(fs, feed) != 0 || refresh_one(fs, feed, f) != 0) {
		if (f->kind == FAILURE_NONE)
			failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		log_warnx_id(LOG_FIELD_FEED, rec->id, "feed %s: %s", rec->name,
		    failure_english(f));
		failure_clear(f);
	}
	log_info_id(LOG_FIELD_FEED, rec->id, "feed %lld (%s) created for %s",
	    (long long)rec->id, rec->name, rec->scope);
	scheduler_rearm(fs->d->scheduler);
	return feed;
}

static struct feed *
find_live(struct feeds *fs, int64_t id, size_t *index)
{
	for (size_t i = 0; i < fs->count; i++) {
		if (fs->list[i]->rec->id == id) {
			if (index != NULL)
				*index = i;
			return fs->list[i];
		}
	}
	return NULL;
}

struct feed *
feeds_find(struct feeds *fs, int64_t id, struct failure *f)
{
	struct feed *feed = find_live(fs, id, NULL);

	if (feed == NULL)
		failure_set(f, FAILURE_NOT_FOUND, "id",
		    "no feed %lld (or it was revoked)", (long long)id);
	return feed;
}

void
feeds_rotated(struct feeds *fs, struct feed *feed,
    const unsigned char hash[FEED_TOKEN_HASH_LEN], int64_t now)
{
	memcpy(feed->rec->token_hash, hash, FEED_TOKEN_HASH_LEN);
	feed->rec->rotated_at = now;
	log_info_id(LOG_FIELD_FEED, feed->rec->id, "feed %lld (%s): token "
	    "rotated", (long long)feed->rec->id, feed->rec->name);
}

void
feeds_revoked(struct feeds *fs, struct feed *feed)
{
	size_t i;

	if (find_live(fs, feed->rec->id, &i) == NULL)
		return;
	log_info_id(LOG_FIELD_FEED, feed->rec->id, "feed %lld (%s) revoked",
	    (long long)feed->rec->id, feed->rec->name);
	feed_remove_file(fs->d->config->ics_dir, feed);
	fs->list[i] = fs->list[--fs->count];
	feed_free(feed);
	scheduler_rearm(fs->d->scheduler);
}

struct feed *
feeds_by_token(struct feeds *fs, const char *token)
{
	unsigned char hash[FEED_TOKEN_HASH_LEN];
	struct feed *found = NULL;

	if (strlen(token) != FEED_TOKEN_LEN ||
	    token_hash(token, FEED_TOKEN_LEN, hash) != 0)
		return NULL;
	/* Every feed is compared, found or not, so the time taken says
	 * nothing about which tokens exist. */
	for (size_t i = 0; i < fs->count; i++) {
		if (CRYPTO_memcmp(hash, fs->list[i]->rec->token_hash,
		    sizeof hash) == 0)
			found = fs->list[i];
	}
	return found;
}

struct feed *const *
feeds_all(struct feeds *fs, size_t *count)
{
	*count = fs->count;
	return fs->list;
}

void
feeds_record_fetch(struct feeds *fs, struct feed *feed, const char *client)
{
	char clean[201];
	size_t n = 0;

	/* Kept printable and short: it is shown to HR as is. */
	for (const unsigned char *p = (const unsigned char *)(client ? client :
	    ""); *p != '\0' && n < sizeof clean - 1; p++)
		clean[n++] = *p >= 0x20 && *p < 0x7F ? (char)*p : '?';
	clean[n] = '\0';
	free(feed->rec->last_client);
	feed->rec->last_client = strdup(clean);
	feed->rec->last_fetch_at = clock_real();
	feed->rec->fetch_count++;
	feed->fetches_unwritten++;
}

void
feeds_flush_stats(struct feeds *fs)
{
	struct failure f = { 0 };

	for (size_t i = 0; i < fs->count; i++) {
		struct feed *feed = fs->list[i];

		if (feed->fetches_unwritten == 0)
			continue;
		if (store_feed_fetches(fs->d->store, feed->rec->id,
		    feed->rec->last_fetch_at, feed->rec->last_client,
		    feed->fetches_unwritten, &f) != 0) {
			log_warnx_id(LOG_FIELD_FEED, feed->rec->id, "feed %s: %s",
			    feed->rec->name, f.message);
			continue;
		}
		feed->fetches_unwritten = 0;
	}
}

/* The live record of feed, brought up to what the store holds: a token
 * rotated elsewhere, and the fetches counted by every daemon. */
static void
take_record(struct feed *feed, const struct stored_feed *r)
{
	struct stored_feed *mine = feed->rec;

	memcpy(mine->token_hash, r->token_hash, FEED_TOKEN_HASH_LEN);
	mine->rotated_at = r->rotated_at;
	mine->fetch_count = r->fetch_count + feed->fetches_unwritten;
	if (r->last_fetch_at > mine->last_fetch_at && r->last_client != NULL) {
		char *client = strdup(r->last_client);

		if (client != NULL) {
			free(mine->last_client);
			mine->last_client = client;
			mine->last_fetch_at = r->last_fetch_at;
		}
	}
}

void
feeds_sync(struct feeds *fs)
{
	struct stored_feed **recs = NULL;
	struct failure f = { 0 };
	size_t n = 0;

	if (store_feed_list(fs->d->store, &recs, &n, &f) != 0) {
		log_warnx("feeds: %s", f.message);
		feeds_changed(fs);
		return;
	}
	for (size_t i = 0; i < fs->count;) {
		struct feed *feed = fs->list[i];
		const struct stored_feed *r = NULL;

		for (size_t j = 0; j < n && r == NULL; j++) {
			if (recs[j]->id == feed->rec->id)
				r = recs[j];
		}
		if (r != NULL && r->revoked_at == 0) {
			take_record(feed, r);
			i++;
			continue;
		}
		feed_remove_file(fs->d->config->ics_dir, feed);
		fs->list[i] = fs->list[--fs->count];
		feed_free(feed);
	}
	for (size_t j = 0; j < n; j++) {
		struct feed *feed;

		if (recs[j]->revoked_at != 0 ||
		    find_live(fs, recs[j]->id, NULL) != NULL)
			continue;
		/* The new feed owns its record from here. */
		if ((feed = feed_from_record(recs[j], &f)) == NULL)
			continue;
		recs[j] = NULL;
		if (add_live(fs, feed) != 0)
			feed_free(feed);
	}
	for (size_t j = 0; j < n; j++)
		stored_feed_free(recs[j]);
	free(recs);
	feeds_changed(fs);
}

int
feeds_render_scope(struct feeds *fs, const struct scope *scope,
    const struct scope *reach, enum lang lang, bool gzip,
    struct feed_body *out, struct failure *f)
{
	struct feed_options o = { 0 };
	char calname[SCOPE_VALUE_MAX + 32];

	scope_format(scope, calname, sizeof calname);
	set_options(fs, &o, calname, lang);
	return feed_render(fs->d->store, scope, reach, &o, 0, gzip, out, f);
}
