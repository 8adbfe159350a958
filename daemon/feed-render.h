/* One feed's bytes: the milestones of its scope rendered by notify/ical,
 * gzipped, with their validators; and its file in ics_dir. */
#ifndef TENURED_FEED_RENDER_H
#define TENURED_FEED_RENDER_H

#include "feeds.h"

struct store;

/* reach, when not NULL, limits the scope further to what a caller may
 * read (an export by a manager). gzip: also the gzip bytes (a feed's are
 * served many times; an export's only to a client that takes them). */
int feed_render(struct store *store, const struct scope *scope,
        const struct scope *reach, const struct feed_options *o,
        int64_t created_at, bool gzip, struct feed_body *b,
        struct failure *f);
/* dir/NAME.ics, written whole (temp file, fsync, rename) or not at all. */
void feed_write_file(const char *dir, const struct feed *feed);
void feed_remove_file(const char *dir, const struct feed *feed);

#endif
