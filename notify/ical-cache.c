#include "ical-cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Key then text, in one allocation. */
struct ical_cache_entry {
	uint64_t hash;
	size_t key_len;
	size_t text_len;
	char data[];
};

/* A slot holds its entry's hash too, so that probing past other entries
 * does not read them. */
struct ical_cache_slot {
	uint64_t hash;
	struct ical_cache_entry *e;
};

/* Open addressing with linear probing; a slot whose entry moved to the
 * next render's table holds MOVED, so probing goes on past it. */
struct ical_cache_table {
	struct ical_cache_slot *slots;
	size_t cap;			/* a power of two, or 0 */
	size_t count;
	size_t bytes;			/* of its entries */
};

struct ical_cache {
	/* The entries the previous render used, and those this one uses. */
	struct ical_cache_table prev, cur;
	void *opts;
	size_t opts_len;
	struct ical_cache_stats stats;
	/* The slots of the table before last, cleared for the next render:
	 * a table of fresh memory faults on every page it touches. */
	struct ical_cache_slot *spare;
	size_t spare_cap;
};

static struct ical_cache_entry moved_entry;
#define MOVED (&moved_entry)

/* FNV-1a, 64 bits, then MurmurHash3's finaliser: keys are short and all
 * of each is compared on a hit, so the hash only has to spread them; the
 * finaliser brings the high bits down into those the table uses (without
 * it, keys that differ early and end alike crowd together). */
static uint64_t
ical_cache_hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = UINT64_C(14695981039346656037);

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(1099511628211);
	}
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return h;
}

static size_t
ical_cache_size(const struct ical_cache_entry *e)
{
	return sizeof *e + e->key_len + e->text_len;
}

/* Frees t's entries and hands back its slots (cap of them), or NULL. */
static struct ical_cache_slot *
ical_cache_table_empty(struct ical_cache_table *t, size_t *cap)
{
	struct ical_cache_slot *slots = t->slots;

	for (size_t i = 0; i < t->cap; i++) {
		if (t->slots[i].e != MOVED)
			free(t->slots[i].e);
	}
	*cap = t->cap;
	memset(t, 0, sizeof *t);
	return slots;
}

static void
ical_cache_table_clear(struct ical_cache_table *t)
{
	size_t cap;

	free(ical_cache_table_empty(t, &cap));
}

/* The slot of key in t, or of the empty slot where it would go. */
static struct ical_cache_slot *
ical_cache_probe(struct ical_cache_table *t, uint64_t hash, const void *key,
    size_t key_len)
{
	size_t mask = t->cap - 1;

	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		struct ical_cache_slot *sl = &t->slots[i];

		if (sl->e == NULL || (sl->hash == hash && sl->e != MOVED &&
		    sl->e->key_len == key_len && memcmp(sl->e->data, key,
		    key_len) == 0))
			return sl;
	}
}

/* Room in t for one more entry, at most half full. */
static int
ical_cache_grow(struct ical_cache_table *t)
{
	struct ical_cache_table n = { 0 };

	if (t->cap != 0 && (t->count + 1) * 2 <= t->cap)
		return 0;
	n.cap = t->cap != 0 ? t->cap * 2 : 1024;
	if ((n.slots = calloc(n.cap, sizeof *n.slots)) == NULL)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		struct ical_cache_entry *e = t->slots[i].e;

		if (e != NULL && e != MOVED)
			*ical_cache_probe(&n, e->hash, e->data, e->key_len) =
			    (struct ical_cache_slot){ e->hash, e };
	}
	n.count = t->count;
	n.bytes = t->bytes;
	free(t->slots);
	*t = n;
	return 0;
}

struct ical_cache *
ical_cache_new(void)
{
	return calloc(1, sizeof(struct ical_cache));
}

void
ical_cache_free(struct ical_cache *c)
{
	if (c == NULL)
		return;
	ical_cache_table_clear(&c->prev);
	ical_cache_table_clear(&c->cur);
	free(c->spare);
	free(c->opts);
	free(c);
}

void
ical_cache_stats(const struct ical_cache *c, struct ical_cache_stats *s)
{
	*s = c->stats;
	s->entries = c->cur.count;
	s->bytes = c->cur.bytes;
}

/* cur made ready for as many entries as prev holds, on the spare slots
 * when they are of that size; left empty (it grows as it fills) when
 * memory runs out. */
static void
ical_cache_presize(struct ical_cache *c)
{
	size_t cap = 1024;

	while (cap < 2 * (c->prev.count + 1))
		cap *= 2;
	if (c->spare != NULL && c->spare_cap == cap) {
		memset(c->spare, 0, cap * sizeof *c->spare);
		c->cur.slots = c->spare;
		c->spare = NULL;
	} else if ((c->cur.slots = calloc(cap, sizeof *c->cur.slots)) ==
	    NULL) {
		return;
	}
	c->cur.cap = cap;
}

int
ical_cache_begin(struct ical_cache *c, const void *opts, size_t opts_len)
{
	void *copy;

	/* What an unfinished render kept stays for the next. */
	ical_cache_end(c);
	c->stats.hits = c->stats.misses = 0;
	c->prev = c->cur;
	memset(&c->cur, 0, sizeof c->cur);
	if (c->opts != NULL && c->opts_len == opts_len &&
	    memcmp(c->opts, opts, opts_len) == 0) {
		ical_cache_presize(c);
		return 0;
	}
	ical_cache_table_clear(&c->prev);
	free(c->opts);
	c->opts = NULL;
	if ((copy = malloc(opts_len > 0 ? opts_len : 1)) == NULL)
		return -1;
	memcpy(copy, opts, opts_len);
	c->opts = copy;
	c->opts_len = opts_len;
	return 0;
}

const char *
ical_cache_find(struct ical_cache *c, const void *key, size_t key_len,
    size_t *text_len)
{
	uint64_t hash = ical_cache_hash(key, key_len);
	struct ical_cache_slot *sl;
	struct ical_cache_entry *e = NULL;

	if (c->opts == NULL)
		return NULL;
	/* Most events are as the render before left them. */
	if (c->prev.cap != 0 &&
	    (sl = ical_cache_probe(&c->prev, hash, key, key_len))->e != NULL &&
	    ical_cache_grow(&c->cur) == 0) {
		/* Used again: it moves to the table this render keeps. */
		e = sl->e;
		sl->e = MOVED;
		c->prev.count--;
		c->prev.bytes -= ical_cache_size(e);
		*ical_cache_probe(&c->cur, hash, key, key_len) =
		    (struct ical_cache_slot){ hash, e };
		c->cur.count++;
		c->cur.bytes += ical_cache_size(e);
	} else if (c->cur.cap != 0) {
		/* The same event twice in one render (a duplicate). */
		e = ical_cache_probe(&c->cur, hash, key, key_len)->e;
	}
	if (e == NULL) {
		c->stats.misses++;
		return NULL;
	}
	c->stats.hits++;
	*text_len = e->text_len;
	return e->data + e->key_len;
}

int
ical_cache_put(struct ical_cache *c, const void *key, size_t key_len,
    const char *text, size_t text_len)
{
	uint64_t hash = ical_cache_hash(key, key_len);
	struct ical_cache_slot *sl;
	struct ical_cache_entry *e;

	if (c->opts == NULL || ical_cache_grow(&c->cur) != 0)
		return -1;
	sl = ical_cache_probe(&c->cur, hash, key, key_len);
	if (sl->e != NULL)
		return 0;
	if ((e = malloc(sizeof *e + key_len + text_len)) == NULL)
		return -1;
	e->hash = hash;
	e->key_len = key_len;
	e->text_len = text_len;
	memcpy(e->data, key, key_len);
	memcpy(e->data + key_len, text, text_len);
	*sl = (struct ical_cache_slot){ hash, e };
	c->cur.count++;
	c->cur.bytes += ical_cache_size(e);
	return 0;
}

void
ical_cache_end(struct ical_cache *c)
{
	size_t cap;
	struct ical_cache_slot *slots = ical_cache_table_empty(&c->prev, &cap);

	if (slots == NULL)
		return;
	free(c->spare);
	c->spare = slots;
	c->spare_cap = cap;
}
