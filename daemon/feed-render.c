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

static void
make_etag(const char *bytes, size_t len, char *etag, size_t etag_len,
    const char *suffix)
{
	unsigned char hash[32];
	unsigned int hlen = 0;
	char hex[33];

	EVP_Digest(bytes, len, hash, &hlen, EVP_sha256(), NULL);
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", hash[i]);
	snprintf(etag, etag_len, "\"%s%s\"", hex, suffix);
}

int
feed_render(struct store *store, const struct scope *scope,
    const struct scope *reach, const struct feed_options *o,
    int64_t created_at, struct feed_body *b, struct failure *f)
{
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
	b->bytes = ical_render(o, c.items, c.count, &b->len);
	collect_free(&c);
	if (b->bytes == NULL ||
	    gzip_bytes(b->bytes, b->len, &b->gz, &b->gz_len) != 0) {
		feed_body_clear(b);
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "out of memory rendering a calendar");
	}
	if (feed_body_share(b) != 0) {
		feed_body_clear(b);
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "out of memory rendering a calendar");
	}
	make_etag(b->bytes, b->len, b->etag, sizeof b->etag, "");
	make_etag(b->bytes, b->len, b->etag_gz, sizeof b->etag_gz, "-gz");
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

