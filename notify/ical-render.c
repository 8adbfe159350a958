/* A feed's text put together event by event (SPEC section 6): each VEVENT
 * serialised by libical on its own (ical.c builds it) or found in the
 * feed's cache (ical-cache.c), between the head and the end of the
 * calendar, also serialised by libical. */
#include "ical.h"

#include <stdlib.h>
#include <string.h>

#include "ical-cache.h"
#include "ical-internal.h"
#include "localtime.h"

/* One event to write, with what it is sorted by. */
struct item {
	const struct feed_event *ev;
	int32_t day;
	char *uid;
	/* Its serialised VEVENT: own, or kept in the cache. */
	const char *text;
	size_t text_len;
	char *own;
};

static int
item_compare(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if ((c = strcmp(x->uid, y->uid)) != 0)
		return c;
	/* Only a duplicate UID, which is a bug upstream, gets this far; the
	 * order must still not depend on the input's. */
	if (x->ev->m.at != y->ev->m.at)
		return x->ev->m.at < y->ev->m.at ? -1 : 1;
	if (x->ev->sequence != y->ev->sequence)
		return x->ev->sequence < y->ev->sequence ? -1 : 1;
	return (int)x->ev->m.status - (int)y->ev->m.status;
}

static void
items_free(struct item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].uid);
		free(items[i].own);
	}
	free(items);
}

/* A growing string: the feed's text, or a cache key. */
struct text {
	char *buf;
	size_t len;
	size_t cap;
	bool oom;
};

static void
text_add(struct text *t, const char *s, size_t n)
{
	if (t->oom)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 4096;
		char *buf;

		while (cap < t->len + n + 1)
			cap *= 2;
		if ((buf = realloc(t->buf, cap)) == NULL) {
			t->oom = true;
			return;
		}
		t->buf = buf;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

/* A string of a key, told apart from NULL and from the next field. */
static void
key_str(struct text *k, const char *s)
{
	text_add(k, s != NULL ? "s" : "n", 1);
	if (s != NULL)
		text_add(k, s, strlen(s) + 1);
}

/* What every event's text depends on besides its own fields: the feed's
 * options that shape an event, not those of the calendar around it. */
static void
options_key(struct text *k, const struct feed_options *o,
    const struct ical_organizer *org)
{
	int64_t f[2 + FEED_ALARMS_MAX] = { o->lang, o->redact };
	int n = o->alarm_count < 0 ? 0 : o->alarm_count < FEED_ALARMS_MAX ?
	    o->alarm_count : FEED_ALARMS_MAX;

	for (int i = 0; i < n; i++)
		f[2 + i] = o->alarm_minutes[i];
	text_add(k, (const char *)f, (size_t)(2 + n) * sizeof f[0]);
	key_str(k, o->domain != NULL && o->domain[0] != '\0' ? o->domain :
	    ICAL_DEFAULT_DOMAIN);
	key_str(k, org->uri);
	key_str(k, org->cn);
}

/* Everything of ev that its text is made from (the UID included, which
 * is made of these fields and the domain). */
static void
event_key(struct text *k, const struct feed_event *ev)
{
	int64_t f[] = { ev->m.kind, ev->m.date, ev->m.term_end, ev->m.at,
	    ev->m.status, ev->contract_id, ev->sequence, ev->updated_at };

	k->len = 0;
	text_add(k, (const char *)f, sizeof f);
	key_str(k, ev->vacancy);
	key_str(k, ev->person_name);
	key_str(k, ev->person_email);
	key_str(k, ev->title);
}

/* The text of one event, from the cache when it was kept there; the event
 * is kept when there is a cache. */
static int
event_text(struct ical_cache *c, struct text *key, struct ical_events *evs,
    struct item *it)
{
	if (c != NULL) {
		event_key(key, it->ev);
		if (key->oom)
			return -1;
		if ((it->text = ical_cache_find(c, key->buf, key->len,
		    &it->text_len)) != NULL)
			return 0;
	}
	if ((it->own = ical_events_text(evs, it->ev, it->uid)) == NULL)
		return -1;
	it->text = it->own;
	it->text_len = strlen(it->own);
	/* Without room to keep it, the next render builds it again. */
	if (c != NULL)
		ical_cache_put(c, key->buf, key->len, it->text, it->text_len);
	return 0;
}

char *
ical_render(const struct feed_options *o, const struct feed_event *ev,
    size_t count, size_t *len)
{
	return ical_render_cached(NULL, o, ev, count, len);
}

char *
ical_render_cached(struct ical_cache *c, const struct feed_options *o,
    const struct feed_event *ev, size_t count, size_t *len)
{
	struct item *items = NULL;
	struct ical_organizer org = { 0 };
	struct text t = { 0 }, key = { 0 };
	struct ical_events *evs = NULL;
	int64_t earliest = 0;
	bool timed = false;
	char *head = NULL;
	size_t n = 0, head_len = 0, total;

	if (count > 0 && (items = calloc(count, sizeof *items)) == NULL)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		struct item *it = &items[n];

		if (!ical_shows(o, &ev[i]))
			continue;
		it->ev = &ev[i];
		if ((it->uid = ical_uid_dup(&ev[i], o->domain)) == NULL)
			goto done;
		n++;
		if (ical_is_timed(&ev[i])) {
			it->day = localtime_date_of(ICAL_DEADLINE_TZID,
			    ev[i].m.at);
			if (!timed || ev[i].m.at < earliest)
				earliest = ev[i].m.at;
			timed = true;
		} else {
			it->day = ev[i].m.date;
		}
	}
	if (n > 1)
		qsort(items, n, sizeof *items, item_compare);
	if (ical_organizer_make(o, &org) != 0 ||
	    (head = ical_head(o, timed, earliest, &head_len)) == NULL ||
	    (evs = ical_events_new(o, &org)) == NULL)
		goto done;
	if (c != NULL) {
		options_key(&key, o, &org);
		if (key.oom || ical_cache_begin(c, key.buf, key.len) != 0)
			c = NULL;
	}
	/* Every event's text first, so the feed is written into one
	 * allocation of its final size. */
	total = head_len + strlen(ICAL_CALENDAR_END);
	for (size_t i = 0; i < n && !t.oom; i++) {
		if (event_text(c, &key, evs, &items[i]) != 0)
			t.oom = true;
		total += items[i].text_len;
	}
	if (!t.oom && (t.buf = malloc(total + 1)) != NULL) {
		t.cap = total + 1;
		text_add(&t, head, head_len);
		for (size_t i = 0; i < n; i++)
			text_add(&t, items[i].text, items[i].text_len);
		text_add(&t, ICAL_CALENDAR_END, strlen(ICAL_CALENDAR_END));
	} else {
		t.oom = true;
	}
	if (c != NULL)
		ical_cache_end(c);
done:
	ical_events_free(evs);
	free(key.buf);
	if (head == NULL || t.oom) {
		free(t.buf);
		t.buf = NULL;
	} else if (len != NULL) {
		*len = t.len;
	}
	free(head);
	ical_organizer_clear(&org);
	items_free(items, n);
	return t.buf;
}
