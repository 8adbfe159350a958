#include "feed-render.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "log.h"
#include "store.h"

/*
 * The events of recently rendered feeds and exports, kept for their next
 * render (notify/ical's cache): a feed renders again on every change of
 * its data, and most of its events have not changed. One cache per feed,
 * found by what makes it that feed; past FEED_CACHES_MAX of them or
 * FEED_CACHE_BYTES in all, the least recently used go first.
 */
#define FEED_CACHES_MAX 64
#define FEED_CACHE_BYTES ((size_t)32 << 20)

struct feed_cache {
	char *id;			/* NUL-separated fields, id_len bytes */
	size_t id_len;
	struct ical_cache *cache;
	uint64_t used;			/* feed_cache_clock when last used */
};

static struct feed_cache feed_caches[FEED_CACHES_MAX];
static uint64_t feed_cache_clock;

/* The milestones of a scope, copied out of the store's rows. */
struct collect {
	struct feed_event *items;
	size_t count;
	size_t cap;
	int64_t last_id;		/* paging cursor */
	bool oom;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static int
collect_row(void *ctx, const struct milestone_row *r)
{
	struct collect *c = ctx;
	struct feed_event *e;

	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct feed_event *items = realloc(c->items, cap * sizeof *items);

		if (items == NULL) {
			c->oom = true;
			return 1;
		}
		c->items = items;
		c->cap = cap;
	}
	c->last_id = r->id;
	e = &c->items[c->count++];
	*e = (struct feed_event){
		.m = r->m, .contract_id = r->contract_id,
		.vacancy = dup_or_null(r->vacancy),
		.person_name = dup_or_null(r->person_name),
		.person_email = dup_or_null(r->person_email),
		.title = dup_or_null(r->title),
		.sequence = r->sequence, .updated_at = r->updated_at,
	};
	return 0;
}

static void
collect_free(struct collect *c)
{
	for (size_t i = 0; i < c->count; i++) {
		free((char *)c->items[i].vacancy);
		free((char *)c->items[i].person_name);
		free((char *)c->items[i].person_email);
		free((char *)c->items[i].title);
	}
	free(c->items);
}

#define COLLECT_PAGE 1000

static int
collect_scope(struct store *store, const struct scope *scope,
    const struct scope *reach, struct collect *c, struct failure *f)
{
	struct milestone_query q = { .from = DATE_NONE, .to = DATE_NONE,
	    .kind = -1, .scope = scope, .limit = COLLECT_PAGE, .reach = reach };
	size_t before;

	memset(c, 0, sizeof *c);
	do {
		before = c->count;
		if (store_milestones_query(store, &q, collect_row, c,
		    f) != 0)
			return -1;
		if (c->oom)
			return failure_set(f, FAILURE_INTERNAL, NULL,
			    "out of memory");
		q.after = c->last_id;
	} while (c->count - before == COLLECT_PAGE);
	return 0;
}

static void
feed_cache_drop(struct feed_cache *fc)
{
	ical_cache_free(fc->cache);
	free(fc->id);
	memset(fc, 0, sizeof *fc);
}

/* What tells one feed (or export) from another: its name, scope, reach
 * and the options that shape its events. NULL when memory runs out. */
static char *
feed_cache_id(const struct scope *scope, const struct scope *reach,
    const struct feed_options *o, size_t *len)
{
	char sc[SCOPE_VALUE_MAX + 32], rc[SCOPE_VALUE_MAX + 32] = "";
	char *id = NULL;
	FILE *f;

	scope_format(scope, sc, sizeof sc);
	if (reach != NULL)
		scope_format(reach, rc, sizeof rc);
	if ((f = open_memstream(&id, len)) == NULL)
		return NULL;
	fprintf(f, "%s%c%s%c%s%c%d%c%d", o->calname != NULL ? o->calname : "",
	    '\0', sc, '\0', rc, '\0', (int)o->lang, '\0', (int)o->redact);
	for (int i = 0; i < o->alarm_count && i < FEED_ALARMS_MAX; i++)
		fprintf(f, "%c%d", '\0', o->alarm_minutes[i]);
	if (fclose(f) != 0) {
		free(id);
		return NULL;
	}
	return id;
}

/* The cache of this feed, made when it has none; NULL when memory runs
 * out (it then renders without one). */
static struct ical_cache *
feed_cache_get(const struct scope *scope, const struct scope *reach,
    const struct feed_options *o)
{
	struct feed_cache *fc = NULL, *lru = &feed_caches[0];
	size_t len = 0;
	char *id = feed_cache_id(scope, reach, o, &len);

	if (id == NULL)
		return NULL;
	for (size_t i = 0; i < FEED_CACHES_MAX && fc == NULL; i++) {
		struct feed_cache *c = &feed_caches[i];

		if (c->cache != NULL && c->id_len == len &&
		    memcmp(c->id, id, len) == 0)
			fc = c;
		else if (c->cache == NULL || (lru->cache != NULL &&
		    c->used < lru->used))
			lru = c;
	}
	if (fc != NULL) {
		free(id);
	} else {
		fc = lru;
		feed_cache_drop(fc);
		if ((fc->cache = ical_cache_new()) == NULL) {
			free(id);
			return NULL;
		}
		fc->id = id;
		fc->id_len = len;
	}
	fc->used = ++feed_cache_clock;
	return fc->cache;
}

/* Keeps what all caches hold under FEED_CACHE_BYTES, dropping the least
 * recently used but never keep, which was just used. */
static void
feed_cache_trim(const struct ical_cache *keep)
{
	for (;;) {
		struct feed_cache *lru = NULL;
		size_t total = 0;

		for (size_t i = 0; i < FEED_CACHES_MAX; i++) {
			struct feed_cache *c = &feed_caches[i];
			struct ical_cache_stats st;

			if (c->cache == NULL)
				continue;
			ical_cache_stats(c->cache, &st);
			total += st.bytes;
			if (c->cache != keep && (lru == NULL ||
			    c->used < lru->used))
				lru = c;
		}
		if (total <= FEED_CACHE_BYTES || lru == NULL)
			return;
		feed_cache_drop(lru);
	}
}

static int
gzip_bytes(const char *in, size_t len, unsigned char **out, size_t *out_len)
{
	z_stream z = { 0 };
	uLong bound;
	unsigned char *buf;

	/* windowBits 31: a gzip header, with no name or time, so the same
	 * bytes always compress to the same bytes. Level 6: calendar text
	 * compresses about as well as at 9 in a third of the time, which a
	 * render of 10,000 events feels (issue 17). */
	if (deflateInit2(&z, 6, Z_DEFLATED, 31, 9,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	bound = deflateBound(&z, (uLong)len);
	if ((buf = malloc(bound)) == NULL) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = buf;
	z.avail_out = (uInt)bound;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(buf);
		return -1;
	}
	*out = buf;
	*out_len = z.total_out;
	deflateEnd(&z);
	return 0;
}

/* Both ETags are of the plain bytes: hashed once. */
static void
make_etags(struct feed_body *b)
{
	unsigned char hash[32];
	unsigned int hlen = 0;
	char hex[33];

	EVP_Digest(b->bytes, b->len, hash, &hlen, EVP_sha256(), NULL);
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", hash[i]);
	snprintf(b->etag, sizeof b->etag, "\"%s\"", hex);
	snprintf(b->etag_gz, sizeof b->etag_gz, "\"%s-gz\"", hex);
}

int
feed_render(struct store *store, const struct scope *scope,
    const struct scope *reach, const struct feed_options *o,
    int64_t created_at, bool gzip, struct feed_body *b, struct failure *f)
{
	struct ical_cache *cache;
	struct collect c;
	int64_t lm = created_at, next = 0;

	memset(b, 0, sizeof *b);
	if (collect_scope(store, scope, reach, &c, f) != 0) {
		collect_free(&c);
		return -1;
	}
	for (size_t i = 0; i < c.count; i++) {
		const struct feed_event *e = &c.items[i];
		int64_t gone = e->updated_at + FEED_CANCELLED_KEEP;

		if (ical_shows(o, e)) {
			b->matches++;
			if (e->updated_at > lm)
				lm = e->updated_at;
			if (e->m.status == MS_CANCELLED &&
			    (next == 0 || gone < next))
				next = gone;
		} else if (e->m.status == MS_CANCELLED && gone <= o->now &&
		    gone > lm) {
			/* Its leaving changed the feed at that instant. */
			lm = gone;
		}
	}
	cache = feed_cache_get(scope, reach, o);
	b->bytes = ical_render_cached(cache, o, c.items, c.count, &b->len);
	collect_free(&c);
	feed_cache_trim(cache);
	if (b->bytes == NULL || (gzip &&
	    gzip_bytes(b->bytes, b->len, &b->gz, &b->gz_len) != 0)) {
		feed_body_clear(b);
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "out of memory rendering a calendar");
	}
	if (feed_body_share(b) != 0) {
		feed_body_clear(b);
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "out of memory rendering a calendar");
	}
	make_etags(b);
	b->last_modified = lm;
	b->next_change = next;
	return 0;
}

/* ics_dir/NAME.ics, written whole or not at all. */
void
feed_write_file(const char *dir, const struct feed *feed)
{
	char path[4096], tmp[4200];
	size_t off = 0;
	int fd, dfd;

	if (dir == NULL)
		return;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		log_warn("%s", dir);
		return;
	}
	snprintf(path, sizeof path, "%s/%s.ics", dir, feed->rec->name);
	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) < 0) {
		log_warn("%s", tmp);
		return;
	}
	while (off < feed->body.len) {
		ssize_t n = write(fd, feed->body.bytes + off,
		    feed->body.len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (off != feed->body.len || fsync(fd) != 0) {
		log_warn("%s", tmp);
		close(fd);
		unlink(tmp);
		return;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		log_warn("%s", path);
		unlink(tmp);
		return;
	}
	/* The rename itself must survive a crash too. */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
}

void
feed_remove_file(const char *dir, const struct feed *feed)
{
	char path[4096];

	if (dir == NULL)
		return;
	snprintf(path, sizeof path, "%s/%s.ics", dir, feed->rec->name);
	if (unlink(path) != 0 && errno != ENOENT)
		log_warn("%s", path);
}

