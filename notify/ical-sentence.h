/* The sentences of a DESCRIPTION (ical-sentence.c), for ical-text.c. */
#ifndef TENURED_ICAL_SENTENCE_H
#define TENURED_ICAL_SENTENCE_H

#include <stdio.h>

#include "i18n.h"
#include "ical.h"

/* What to do about ev and by when; who names the staff member in the
 * sentence ("Jane Doe", "the staff member"), who_cap where it opens one.
 * Text from the data is cleaned to one line. */
void ical_sentence_kind(FILE *f, enum lang l, const struct feed_event *ev,
        const char *who, const char *who_cap);
/* "\n\nDone: ..." when the status changes what the reader does; nothing
 * for a scheduled milestone. */
void ical_sentence_status(FILE *f, enum lang l,
        enum milestone_status status);

#endif
