#include "ical-text.h"
#include "ical-sentence.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* U+FFFD: what a byte that is not UTF-8 becomes, so one bad byte in a name
 * cannot make a client reject the whole feed. */
#define REPLACEMENT "\xef\xbf\xbd"

/* Marked for translation, translated where they are shown. */
static const char *const labels[] = {
	[MS_CONTRACT_START] = N_("Contract starts"),
	[MS_PROBATION_END] = N_("Probation ends"),
	[MS_RENEWAL_DECISION_DUE] = N_("Renewal decision due"),
	[MS_NATIONAL_AGREEMENT_DUE] = N_("National agreement due"),
	[MS_INITIAL_TERM_END] = N_("Initial term ends"),
	[MS_CONVERSION_WINDOW_OPENS] = N_("Conversion window opens"),
	[MS_CONVERSION_REQUEST_DEADLINE] = N_("Conversion request deadline"),
	[MS_CONTRACT_END] = N_("Contract ends"),
	[MS_MAX_SERVICE_END] = N_("Maximum period of service ends"),
	[MS_GRADE_ADVANCEMENT_ELIGIBLE] = N_("Eligible for grade advancement"),
	[MS_GRADE_ADVANCEMENT_EARLIEST] = N_("Earliest grade advancement"),
	[MS_AGE_LIMIT] = N_("Age limit"),
	[MS_APPLICATION_DEADLINE] = N_("Application deadline"),
};

const char *
ical_text_label(enum lang l, enum milestone_kind kind)
{
	if ((size_t)kind >= NELEM(labels) || labels[kind] == NULL)
		return tr(l, "Milestone");
	return tr(l, labels[kind]);
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

/* Whether put_clean would write s as it is (one line or not). */
static bool
is_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		size_t n = utf8_len(p);

		if (n == 0 || (n == 1 && (*p < 0x20 || *p == 0x7f)) ||
		    (n == 2 && p[0] == 0xc2 && p[1] < 0xa0))
			return false;
		p += n;
	}
	return true;
}

char *
ical_text_clean(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (s == NULL)
		return NULL;
	/* Most names and titles are clean already: a copy, without a
	 * stream. */
	if (is_clean(s))
		return strdup(s);
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

/* Like asprintf, formatting into a buffer on the stack first: a SUMMARY
 * is short, and a stream per piece cost more than the words (issue 17).
 * NULL when memory runs out. */
static char *text_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *
text_printf(const char *fmt, ...)
{
	char small[256], *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	if ((size_t)n < sizeof small)
		return strdup(small);
	if ((s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* Whom a SUMMARY names after its label: "Jane Doe (250914)", "Jane Doe
 * (contract 42)", "Team Leader (250914)", "vacancy 250914", "contract
 * 42", or nothing. who and ref are clean already. */
static char *
whom_line(enum lang l, const struct feed_event *ev, const char *who,
    const char *ref)
{
	long long id = (long long)ev->contract_id;

	if (who != NULL && ref != NULL)
		return text_printf("%s (%s)", who, ref);
	if (who != NULL && id != 0)
		return text_printf(tr(l, "%s (contract %lld)"), who, id);
	if (who != NULL)
		return strdup(who);
	if (ref != NULL && is_vacancy_event(ev))
		return text_printf(tr(l, "vacancy %s"), ref);
	if (ref != NULL)
		return strdup(ref);
	if (id != 0)
		return text_printf(tr(l, "contract %lld"), id);
	return strdup("");
}

/* The person shown, else the title; NULL when memory runs out. */
static char *
whom(const struct feed_options *o, const struct feed_event *ev,
    const char *person)
{
	char *ref = has_text(ev->vacancy) ? ical_text_clean(ev->vacancy) :
	    NULL;
	char *title = person == NULL && has_text(ev->title) ?
	    ical_text_clean(ev->title) : NULL;
	bool ok = (ref != NULL || !has_text(ev->vacancy)) &&
	    (title != NULL || person != NULL || !has_text(ev->title));
	char *s = ok ? whom_line(o->lang, ev, person != NULL ? person : title,
	    ref) : NULL;

	free(ref);
	free(title);
	return s;
}

/* "Renewal decision due: Jane Doe (250914)", the words of an email subject
 * (SPEC section 5) so that a reminder and its calendar entry read alike;
 * a status that changes what the reader should do leads. */
char *
ical_text_summary(const struct feed_options *o, const struct feed_event *ev)
{
	const char *label = ical_text_label(o->lang, ev->m.kind), *tag = NULL;
	char *who = NULL, *person = NULL, *line, *out;

	if (ev->m.status == MS_DONE)
		tag = tr(o->lang, "[done]");
	else if (ev->m.status == MS_CANCELLED)
		tag = tr(o->lang, "[cancelled]");
	else if (ev->m.status == MS_PROJECTED)
		tag = tr(o->lang, "[if renewed]");
	if (person_shown(o, ev, &person) == 0)
		who = whom(o, ev, person);
	free(person);
	if (who == NULL)
		return NULL;
	line = who[0] != '\0' ? text_printf(tr(o->lang, "%1$s: %2$s"), label,
	    who) : strdup(label);
	free(who);
	if (line == NULL || tag == NULL)
		return line;
	out = text_printf("%s %s", tag, line);
	free(line);
	return out;
}

/* One fact below the sentences, which stand apart from the facts by a
 * blank line. */
static void put_detail(FILE *f, bool *first, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
put_detail(FILE *f, bool *first, const char *fmt, ...)
{
	va_list ap;

	fputs(*first ? "\n\n" : "\n", f);
	*first = false;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
}

/* s cleaned to one line, or NULL when there is none; *ok turns false when
 * memory runs out. */
static char *
clean_or_null(const char *s, bool *ok)
{
	char *c = has_text(s) ? ical_text_clean(s) : NULL;

	if (has_text(s) && c == NULL)
		*ok = false;
	return c;
}

/* What to do and by when, then the facts a reader needs to act on it;
 * the email address only when the feed is not redacted. False when memory
 * runs out. */
static bool
put_description(FILE *f, const struct feed_options *o,
    const struct feed_event *ev)
{
	enum lang l = o->lang;
	char *person = NULL, *upper = NULL;
	char *email, *post, *ref;
	/* TRANSLATORS: who the sentences name when a feed shows no name;
	 * French: "l'agent", which reads right after "de". */
	const char *who = tr(l, "the staff member");
	const char *who_cap = tr(l, "The staff member");
	bool ok, first = true;

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
	ical_sentence_kind(f, l, ev, who, who_cap);
	ical_sentence_status(f, l, ev->m.status);
	email = o->redact || is_vacancy_event(ev) ? NULL :
	    clean_or_null(ev->person_email, &ok);
	post = is_vacancy_event(ev) ? NULL : clean_or_null(ev->title, &ok);
	ref = clean_or_null(ev->vacancy, &ok);
	if (person != NULL)
		put_detail(f, &first, tr(l, "Staff member: %s"), person);
	if (email != NULL)
		put_detail(f, &first, tr(l, "Email: %s"), email);
	if (post != NULL)
		put_detail(f, &first, tr(l, "Post: %s"), post);
	if (ref != NULL)
		put_detail(f, &first, tr(l, "Vacancy: %s"), ref);
	if (ev->contract_id != 0)
		put_detail(f, &first, tr(l, "Contract: %lld"),
		    (long long)ev->contract_id);
	free(email);
	free(post);
	free(ref);
	free(person);
	free(upper);
	return ok;
}

/* Room for nearly every DESCRIPTION: written there through fmemopen, whose
 * stream costs a fraction of open_memstream's (that one starts with 8 KiB
 * zeroed), which only a longer one needs (issue 17). */
#define DESCRIPTION_SMALL 4096

char *
ical_text_description(const struct feed_options *o,
    const struct feed_event *ev)
{
	char small[DESCRIPTION_SMALL], *buf = NULL;
	size_t len = 0;
	long n;
	bool ok;
	FILE *f;

	if ((f = fmemopen(small, sizeof small, "w")) != NULL) {
		ok = put_description(f, o, ev);
		n = ftell(f);
		if (fflush(f) == 0 && !ferror(f) && n >= 0 &&
		    (size_t)n < sizeof small) {
			fclose(f);
			if (!ok || (buf = malloc((size_t)n + 1)) == NULL)
				return NULL;
			memcpy(buf, small, (size_t)n);
			buf[n] = '\0';
			return buf;
		}
		fclose(f);
	}
	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	ok = put_description(f, o, ev);
	return stream_done(f, &buf, ok);
}
