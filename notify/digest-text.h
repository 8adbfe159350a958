/* The daily digest's words (SPEC section 5, `digest = 08:00 -> hr`):
 * everything due in the next DIGEST_DAYS days for one recipient, overdue
 * decisions first, the rest grouped by week. The daemon reads the items;
 * this only lays them out. */
#ifndef TENURED_DIGEST_TEXT_H
#define TENURED_DIGEST_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lifecycle.h"
#include "lang.h"

#define DIGEST_DAYS 30
/* Past this many lines a digest says how many more there are and where
 * to see them, rather than grow without end. */
#define DIGEST_ITEMS_MAX 200

struct digest_item {
	enum milestone_kind kind;
	int32_t date;
	int64_t at;			/* 0 for date milestones */
	int64_t contract_id;		/* 0 for vacancy milestones */
	char *vacancy;
	char *person_name;
	char *title;
};

struct digest {
	int32_t day;			/* the digest's own day */
	const char *timezone;
	enum lang lang;			/* the reader's (SPEC section 12) */
	struct digest_item *items;	/* the overdue ones first */
	size_t count, cap;
	size_t overdue;
	size_t more;			/* left out past DIGEST_ITEMS_MAX */
};

/* An empty digest in English; set lang after. */
void digest_text_init(struct digest *g, int32_t day, const char *timezone);
/* Frees the items; day, timezone and lang stay. */
void digest_text_clear(struct digest *g);
/* Adds a copy of it (every overdue item before the first that is not);
 * past DIGEST_ITEMS_MAX only counts it. -1 when memory runs out. */
int digest_text_add(struct digest *g, const struct digest_item *it, bool overdue);
/* Nothing to say: no digest is sent. */
bool digest_text_empty(const struct digest *g);
/* "[tenured] Daily digest for Monday 23 November 2026: 2 overdue, 14 due
 * in 30 days", in g->lang; malloc'd. */
char *digest_text_subject(const struct digest *g);
/* The plain text body in g->lang, UTF-8 with \n line ends; malloc'd. */
char *digest_text_body(const struct digest *g);

#endif
