/*
 * What a reader does about each kind of milestone and by when: the
 * sentences that open a calendar entry's DESCRIPTION and so a reminder
 * email's text, in the reader's language (SPEC sections 6 and 12). Whole
 * sentences, each one message to translate, so that a language orders
 * its words its own way; dates are written out ("31 August 2031", "1er
 * février 2027").
 */
#include "ical-sentence.h"

#include <stdio.h>
#include <stdlib.h>

#include "date.h"
#include "i18n.h"
#include "ical-text.h"
#include "localtime.h"

static bool
has_text(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* The words of a deadline: the title is the notice's, the instant both
 * as a person reads it and in RFC 3339, which leaves no doubt about the
 * zone. */
static void
ical_sentence_deadline(FILE *f, enum lang l, const struct feed_event *ev,
    const char *d)
{
	char when[LOCALTIME_RFC3339_LEN], day[I18N_DATE_LEN], hour[6];
	char *title = has_text(ev->title) ? ical_text_clean(ev->title) : NULL;
	const char *what = title != NULL ? title : tr(l, "the vacancy");

	if (ev->m.at != 0) {
		localtime_format_rfc3339(ICAL_DEADLINE_TZID, ev->m.at, when);
		i18n_date_long(l, localtime_date_of(ICAL_DEADLINE_TZID,
		    ev->m.at), day);
		snprintf(hour, sizeof hour, "%.5s", when + 11);
		fprintf(f, tr(l, "Applications for %s close at %s on %s, %s "
		    "time (%s); none can be accepted after that. Shortlist "
		    "the candidates once it has passed."), what, hour, day,
		    ICAL_DEADLINE_TZID, when);
	} else {
		fprintf(f, tr(l, "Applications for %s close on %s; none can be "
		    "accepted after that. Shortlist the candidates once it has "
		    "passed."), what, d);
	}
	free(title);
}

/* What to do about the milestone and by when, in whole sentences so that
 * each language can order them its own way. */
void
ical_sentence_kind(FILE *f, enum lang l, const struct feed_event *ev,
    const char *who, const char *who_cap)
{
	char d[I18N_DATE_LEN], t[I18N_DATE_LEN] = "";

	i18n_date_long(l, ev->m.date, d);
	if (ev->m.term_end != DATE_NONE)
		i18n_date_long(l, ev->m.term_end, t);
	switch (ev->m.kind) {
	case MS_CONTRACT_START:
		fprintf(f, tr(l, "%s starts on %s. Have the contract signed "
		    "and the arrival arranged by then."), who_cap, d);
		break;
	case MS_PROBATION_END:
		fprintf(f, tr(l, "The probation period of %s ends on %s. "
		    "Complete the probation report and confirm the appointment, "
		    "or end it, by %s."), who, d, d);
		break;
	case MS_RENEWAL_DECISION_DUE:
		if (t[0] != '\0')
			fprintf(f, tr(l, "Decide whether to renew the contract "
			    "of %s, whose term ends on %s; record the decision "
			    "in tenured by %s."), who, t, d);
		else
			fprintf(f, tr(l, "Decide whether to renew the contract "
			    "of %s; record the decision in tenured by %s."),
			    who, d);
		break;
	case MS_NATIONAL_AGREEMENT_DUE:
		if (t[0] != '\0')
			fprintf(f, tr(l, "Obtain the national authorities' "
			    "agreement to extend the secondment of %s, whose "
			    "term ends on %s, by %s; without it the contract "
			    "cannot be renewed."), who, t, d);
		else
			fprintf(f, tr(l, "Obtain the national authorities' "
			    "agreement to extend the secondment of %s by %s; "
			    "without it the contract cannot be renewed."), who,
			    d);
		break;
	case MS_INITIAL_TERM_END:
		fprintf(f, tr(l, "The initial term of the contract of %s ends "
		    "on %s. Unless a renewal is recorded in tenured before "
		    "then, the contract ends on that day."), who, d);
		break;
	case MS_CONVERSION_WINDOW_OPENS:
		fprintf(f, tr(l, "From %s, %s may request the conversion of "
		    "the contract to an indefinite one; the request must be "
		    "made by the conversion request deadline."), d, who);
		break;
	case MS_CONVERSION_REQUEST_DEADLINE:
		fprintf(f, tr(l, "%s may request the conversion of the "
		    "contract to an indefinite one until %s. Record the request "
		    "in tenured as soon as it arrives, and no later than %s."),
		    who_cap, d, d);
		break;
	case MS_CONTRACT_END:
		fprintf(f, tr(l, "The contract of %s ends on %s. Complete the "
		    "handover and the separation formalities by then."), who,
		    d);
		break;
	case MS_MAX_SERVICE_END:
		fprintf(f, tr(l, "%s reaches the maximum period of service on "
		    "%s; the contract cannot run past that day. Plan the "
		    "succession before then."), who_cap, d);
		break;
	case MS_GRADE_ADVANCEMENT_ELIGIBLE:
		fprintf(f, tr(l, "%s becomes eligible on %s for advancement to "
		    "the higher grade of the twin-graded post. Review the "
		    "advancement by then."), who_cap, d);
		break;
	case MS_GRADE_ADVANCEMENT_EARLIEST:
		fprintf(f, tr(l, "From %s, %s may be advanced early to the "
		    "higher grade of the twin-graded post. Decide by then "
		    "whether performance justifies an early advancement."), d,
		    who);
		break;
	case MS_AGE_LIMIT:
		fprintf(f, tr(l, "%s reaches the age limit on %s."), who_cap,
		    d);
		break;
	case MS_APPLICATION_DEADLINE:
		ical_sentence_deadline(f, l, ev, d);
		break;
	case MS_KIND_COUNT:
		fprintf(f, tr(l, "%s on %s."), ical_text_label(l, ev->m.kind),
		    d);
		break;
	}
}

void
ical_sentence_status(FILE *f, enum lang l, enum milestone_status status)
{
	switch (status) {
	case MS_DONE:
		fprintf(f, "\n\n%s", tr(l, "Done: the decision has been "
		    "recorded in tenured; nothing more needs to be done."));
		break;
	case MS_CANCELLED:
		fprintf(f, "\n\n%s", tr(l, "Cancelled: this milestone no longer "
		    "applies; nothing needs to be done."));
		break;
	case MS_PROJECTED:
		fprintf(f, "\n\n%s", tr(l, "Projected: this date applies only "
		    "if the contract is renewed."));
		break;
	case MS_SCHEDULED:
		break;
	}
}
