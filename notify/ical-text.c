#include "ical-text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "localtime.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* U+FFFD: what a byte that is not UTF-8 becomes, so one bad byte in a name
 * cannot make a client reject the whole feed. */
#define REPLACEMENT "\xef\xbf\xbd"

static const char *const labels[] = {
	[MS_CONTRACT_START] = "Contract starts",
	[MS_PROBATION_END] = "Probation ends",
	[MS_RENEWAL_DECISION_DUE] = "Renewal decision due",
	[MS_NATIONAL_AGREEMENT_DUE] = "National agreement due",
	[MS_INITIAL_TERM_END] = "Initial term ends",
	[MS_CONVERSION_WINDOW_OPENS] = "Conversion window opens",
	[MS_CONVERSION_REQUEST_DEADLINE] = "Conversion request deadline",
	[MS_CONTRACT_END] = "Contract ends",
	[MS_MAX_SERVICE_END] = "Maximum period of service ends",
	[MS_GRADE_ADVANCEMENT_ELIGIBLE] = "Eligible for grade advancement",
	[MS_GRADE_ADVANCEMENT_EARLIEST] = "Earliest grade advancement",
	[MS_AGE_LIMIT] = "Age limit",
	[MS_APPLICATION_DEADLINE] = "Application deadline",
};

const char *
ical_text_label(enum milestone_kind kind)
{
	if ((size_t)kind >= NELEM(labels) || labels[kind] == NULL)
		return "Milestone";
	return labels[kind];
}

/* Length of the well-formed UTF-8 sequence at s, or 0. Overlong forms,
 * surrogates and code points past U+10FFFF are not well-formed. */
static size_t
utf8_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	/* The terminating NUL is not a continuation byte, so this never reads
	 * past the end of the string. */
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
		return 0;
	if (n == 4 && (cp < 0x10000 || cp > 0x10ffff))
		return 0;
	return n;
}

/*
 * Writes s as valid UTF-8 without control characters: RFC 5545 allows none
 * in TEXT but the tab, and a client that meets one may drop the event. A
 * line break is kept only where the text may span lines (a person's name
 * may not: it would split a SUMMARY).
 */
static void
put_clean(FILE *f, const char *s, bool one_line)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		size_t n = utf8_len(p);

		if (n == 0) {
			fputs(REPLACEMENT, f);
			p++;
		} else if (n == 1 && (*p < 0x20 || *p == 0x7f)) {
			bool brk = *p == '\n' || *p == '\r';

			if (*p == '\r' && p[1] == '\n')
				p++;
			fputc(brk && !one_line ? '\n' : ' ', f);
			p++;
		} else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
			/* C1 controls */
			fputc(' ', f);
			p += 2;
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
}

char *
ical_text_clean(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (s == NULL)
		return NULL;
	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	put_clean(f, s, true);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* RFC 5545 3.1: content lines longer than 75 octets SHOULD be folded. */
#define FOLD_OCTETS 75

char *
ical_text_property(const char *name, const char *value)
{
	char *clean = ical_text_clean(value != NULL ? value : ""), *buf = NULL;
	size_t len = 0, col;
	FILE *f;

	if (clean == NULL || (f = open_memstream(&buf, &len)) == NULL) {
		free(clean);
		return NULL;
	}
	fprintf(f, "%s:", name);
	col = strlen(name) + 1;
	/* Clean text is valid UTF-8, so utf8_len never gives 0 here. */
	for (const char *p = clean; *p != '\0';) {
		size_t n = utf8_len((const unsigned char *)p);
		bool esc = *p == '\\' || *p == ',' || *p == ';';

		/* An escape and its character stay on one line: a client that
		 * unfolds first reads them together either way, but some only
		 * look within a line. */
		if (col + n + esc > FOLD_OCTETS) {
			fputs("\r\n ", f);
			col = 1;
		}
		if (esc)
			fputc('\\', f);
		fwrite(p, 1, n, f);
		col += n + esc;
		p += n;
	}
	fputs("\r\n", f);
	free(clean);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void
put_initial(FILE *f, const char *letter, size_t n)
{
	if (n == 1 && letter[0] >= 'a' && letter[0] <= 'z')
		fputc(letter[0] - 'a' + 'A', f);
	else
		fwrite(letter, 1, n, f);
	fputc('.', f);
}

/*
 * One initial per word and per hyphenated part ("Jean-Pierre Dupont" gives
 * "J.-P. D."), taken from the first letter so that punctuation or markup
 * in a name ("<script>") never reaches a redacted feed. Letters outside
 * ASCII are kept whole (and as they are: case mapping needs a locale).
 */
char *
ical_text_initials(const char *name)
{
	char *clean = ical_text_clean(name != NULL ? name : ""), *buf = NULL;
	const char *p = clean;
	bool any_word = false;
	size_t len = 0;
	FILE *f;

	if (clean == NULL)
		return NULL;
	if ((f = open_memstream(&buf, &len)) == NULL) {
		free(clean);
		return NULL;
	}
	while (*p != '\0') {
		const char *end;
		bool in_word = false;

		while (*p == ' ')
			p++;
		end = p + strcspn(p, " ");
		while (p < end) {
			const char *seg = memchr(p, '-', (size_t)(end - p));
			const char *seg_end = seg != NULL ? seg : end;

			for (const char *q = p; q < seg_end;) {
				size_t n = utf8_len((const unsigned char *)q);
				bool letter = n > 1 ||
				    (*q >= 'a' && *q <= 'z') ||
				    (*q >= 'A' && *q <= 'Z');

				if (letter) {
					if (in_word)
						fputc('-', f);
					else if (any_word)
						fputc(' ', f);
					put_initial(f, q, n);
					in_word = any_word = true;
					break;
				}
				q += n;
			}
			p = seg_end < end ? seg_end + 1 : end;
		}
	}
	free(clean);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static bool
has_text(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static bool
is_vacancy_event(const struct feed_event *ev)
{
	return ev->contract_id == 0;
}

/* The person as the feed may show them: the name, or initials when the
 * feed is redacted; *out is NULL when there is nothing to show. -1 when
 * memory runs out. */
static int
person_shown(const struct feed_options *o, const struct feed_event *ev,
    char **out)
{
	char *s;

	*out = NULL;
	if (is_vacancy_event(ev) || !has_text(ev->person_name))
		return 0;
	s = o->redact ? ical_text_initials(ev->person_name) :
	    ical_text_clean(ev->person_name);
	if (s == NULL)
		return -1;
	if (s[strspn(s, " ")] == '\0')
		free(s);
	else
		*out = s;
	return 0;
}

/* "250914" when the vacancy is known, else "contract 42". */
static void
put_ref(FILE *f, const struct feed_event *ev)
{
	if (ev->vacancy != NULL && ev->vacancy[0] != '\0')
		put_clean(f, ev->vacancy, true);
	else if (ev->contract_id != 0)
		fprintf(f, "contract %lld", (long long)ev->contract_id);
}

static bool
has_ref(const struct feed_event *ev)
{
	return (ev->vacancy != NULL && ev->vacancy[0] != '\0') ||
	    ev->contract_id != 0;
}

/* The text of an open_memstream stream, which only closing makes final. */
static char *
stream_done(FILE *f, char **buf, bool ok)
{
	if (fclose(f) != 0 || !ok) {
		free(*buf);
		return NULL;
	}
	return *buf;
}

/* "Renewal decision due: Jane Doe (250914)", the words of an email subject
 * (SPEC section 5) so that a reminder and its calendar entry read alike;
 * a status that changes what the reader should do leads. */
char *
ical_text_summary(const struct feed_options *o, const struct feed_event *ev)
{
	char *buf = NULL, *person = NULL;
	const char *subject_raw = NULL;
	bool ok;
	size_t len = 0;
	FILE *f;

	ok = person_shown(o, ev, &person) == 0;
	if (person == NULL && has_text(ev->title))
		subject_raw = ev->title;
	if ((f = open_memstream(&buf, &len)) == NULL) {
		free(person);
		return NULL;
	}
	if (ev->m.status == MS_DONE)
		fputs("[done] ", f);
	else if (ev->m.status == MS_CANCELLED)
		fputs("[cancelled] ", f);
	else if (ev->m.status == MS_PROJECTED)
		fputs("[if renewed] ", f);
	fputs(ical_text_label(ev->m.kind), f);
	if (person != NULL || subject_raw != NULL) {
		fputs(": ", f);
		if (person != NULL)
			fputs(person, f);
		else
			put_clean(f, subject_raw, true);
		if (has_ref(ev)) {
			fputs(" (", f);
			put_ref(f, ev);
			fputc(')', f);
		}
	} else if (has_ref(ev)) {
		fputs(is_vacancy_event(ev) ? ": vacancy " : ": ", f);
		put_ref(f, ev);
	}
	free(person);
	return stream_done(f, &buf, ok);
}

static void
put_kind_sentence(FILE *f, const struct feed_event *ev, const char *who,
    const char *who_cap)
{
	char d[DATE_STRLEN], t[DATE_STRLEN] = "";
	char when[LOCALTIME_RFC3339_LEN];

	date_format(ev->m.date, d);
	if (ev->m.term_end != DATE_NONE)
		date_format(ev->m.term_end, t);
	switch (ev->m.kind) {
	case MS_CONTRACT_START:
		fprintf(f, "%s starts on %s. Have the contract signed and the "
		    "arrival arranged by then.", who_cap, d);
		break;
	case MS_PROBATION_END:
		fprintf(f, "The probation period of %s ends on %s. Complete the "
		    "probation report and confirm the appointment, or end it, "
		    "by %s.", who, d, d);
		break;
	case MS_RENEWAL_DECISION_DUE:
		if (t[0] != '\0')
			fprintf(f, "Decide whether to renew the contract of %s, "
			    "whose term ends on %s; record the decision in "
			    "tenured by %s.", who, t, d);
		else
			fprintf(f, "Decide whether to renew the contract of %s; "
			    "record the decision in tenured by %s.", who, d);
		break;
	case MS_NATIONAL_AGREEMENT_DUE:
		fprintf(f, "Obtain the national authorities' agreement to "
		    "extend the secondment of %s", who);
		if (t[0] != '\0')
			fprintf(f, ", whose term ends on %s", t);
		fprintf(f, ", by %s; without it the contract cannot be "
		    "renewed.", d);
		break;
	case MS_INITIAL_TERM_END:
		fprintf(f, "The initial term of the contract of %s ends on %s. "
		    "Unless a renewal is recorded in tenured before then, the "
		    "contract ends on that day.", who, d);
		break;
	case MS_CONVERSION_WINDOW_OPENS:
		fprintf(f, "From %s, %s may request the conversion of the "
		    "contract to an indefinite one; the request must be made "
		    "by the conversion request deadline.", d, who);
		break;
	case MS_CONVERSION_REQUEST_DEADLINE:
		fprintf(f, "%s may request the conversion of the contract to an "
		    "indefinite one until %s. Record the request in tenured "
		    "as soon as it arrives, and no later than %s.", who_cap, d,
		    d);
		break;
	case MS_CONTRACT_END:
		fprintf(f, "The contract of %s ends on %s. Complete the "
		    "handover and the separation formalities by then.", who, d);
		break;
	case MS_MAX_SERVICE_END:
		fprintf(f, "%s reaches the maximum period of service on %s; "
		    "the contract cannot run past that day. Plan the "
		    "succession before then.", who_cap, d);
		break;
	case MS_GRADE_ADVANCEMENT_ELIGIBLE:
		fprintf(f, "%s becomes eligible on %s for advancement to the "
		    "higher grade of the twin-graded post. Review the "
		    "advancement by then.", who_cap, d);
		break;
	case MS_GRADE_ADVANCEMENT_EARLIEST:
		fprintf(f, "From %s, %s may be advanced early to the higher "
		    "grade of the twin-graded post. Decide by then whether "
		    "performance justifies an early advancement.", d, who);
		break;
	case MS_AGE_LIMIT:
		fprintf(f, "%s reaches the age limit on %s.", who_cap, d);
		break;
	case MS_APPLICATION_DEADLINE:
		fputs("Applications for ", f);
		if (has_text(ev->title))
			put_clean(f, ev->title, true);
		else
			fputs("the vacancy", f);
		if (ev->m.at != 0) {
			localtime_format_rfc3339(ICAL_DEADLINE_TZID, ev->m.at,
			    when);
			fprintf(f, " close at %.5s on %.10s, %s time (%s); none "
			    "can be accepted after that. Shortlist the "
			    "candidates once it has passed.", when + 11, when,
			    ICAL_DEADLINE_TZID, when);
		} else {
			fprintf(f, " close on %s; none can be accepted after "
			    "that. Shortlist the candidates once it has "
			    "passed.", d);
		}
		break;
	case MS_KIND_COUNT:
		fprintf(f, "%s on %s.", ical_text_label(ev->m.kind), d);
		break;
	}
}

static void
put_status_sentence(FILE *f, enum milestone_status status)
{
	switch (status) {
	case MS_DONE:
		fputs("\n\nDone: the decision has been recorded in tenured; "
		    "nothing more needs to be done.", f);
		break;
	case MS_CANCELLED:
		fputs("\n\nCancelled: this milestone no longer applies; nothing "
		    "needs to be done.", f);
		break;
	case MS_PROJECTED:
		fputs("\n\nProjected: this date applies only if the contract "
		    "is renewed.", f);
		break;
	case MS_SCHEDULED:
		break;
	}
}

/* The facts below the sentences stand apart from them by a blank line. */
static const char *
detail_sep(bool *first)
{
	const char *sep = *first ? "\n\n" : "\n";

	*first = false;
	return sep;
}

/* What to do and by when, then the facts a reader needs to act on it;
 * the email address only when the feed is not redacted. */
char *
ical_text_description(const struct feed_options *o,
    const struct feed_event *ev)
{
	char *buf = NULL, *person = NULL, *upper = NULL;
	const char *who = "the staff member", *who_cap = "The staff member";
	bool ok, first = true;
	size_t len = 0;
	FILE *f;

	ok = person_shown(o, ev, &person) == 0;
	if (person != NULL) {
		who = who_cap = person;
		/* A sentence may start with a lower-case name (a particle such
		 * as "van"): capitalised there, as written elsewhere. */
		if (person[0] >= 'a' && person[0] <= 'z' &&
		    (upper = strdup(person)) != NULL) {
			upper[0] = (char)(upper[0] - 'a' + 'A');
			who_cap = upper;
		}
	}
	if ((f = open_memstream(&buf, &len)) == NULL) {
		free(person);
		free(upper);
		return NULL;
	}
	put_kind_sentence(f, ev, who, who_cap);
	put_status_sentence(f, ev->m.status);
	if (person != NULL)
		fprintf(f, "%sStaff member: %s", detail_sep(&first), person);
	if (!o->redact && !is_vacancy_event(ev) && has_text(ev->person_email)) {
		fprintf(f, "%sEmail: ", detail_sep(&first));
		put_clean(f, ev->person_email, true);
	}
	if (!is_vacancy_event(ev) && has_text(ev->title)) {
		fprintf(f, "%sPost: ", detail_sep(&first));
		put_clean(f, ev->title, true);
	}
	if (has_text(ev->vacancy)) {
		fprintf(f, "%sVacancy: ", detail_sep(&first));
		put_clean(f, ev->vacancy, true);
	}
	if (ev->contract_id != 0)
		fprintf(f, "%sContract: %lld", detail_sep(&first),
		    (long long)ev->contract_id);
	free(person);
	free(upper);
	return stream_done(f, &buf, ok);
}
