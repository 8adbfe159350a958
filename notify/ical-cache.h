/* The serialised VEVENTs of one feed kept from one render to the next
 * (ical-cache.c), for ical.c: a feed renders again on every change of its
 * data, and most of its events are the same as the time before. Each
 * entry is found by everything its bytes are made from (ical.c writes
 * that down as the entry's key), so a changed event never meets its old
 * text; after each render only the entries that render used are kept. */
#ifndef TENURED_ICAL_CACHE_H
#define TENURED_ICAL_CACHE_H

#include <stddef.h>

#include "ical.h"

/* Starts a render whose events all depend on opts (the feed's options,
 * as bytes): entries made under other options are dropped. -1 when
 * memory runs out (the render then goes on without the cache). */
int ical_cache_begin(struct ical_cache *c, const void *opts, size_t opts_len);
/* The text kept for key, or NULL; what it returns is kept until the end
 * of the render. */
const char *ical_cache_find(struct ical_cache *c, const void *key,
        size_t key_len, size_t *text_len);
/* Keeps text (copied) under key; -1 when memory runs out. */
int ical_cache_put(struct ical_cache *c, const void *key, size_t key_len,
        const char *text, size_t text_len);
/* Drops what the render did not use. */
void ical_cache_end(struct ical_cache *c);

#endif
