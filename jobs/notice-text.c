/* Lines of a notice as plain text: Markdown, HTML bold and odd spaces
 * taken off, and the shapes the parser looks for in them (numbered section
 * headings, the title line with its reference; header labels are in
 * notice-keys.c). Also the
 * first check of all: that the input is text at all. */
#include "notice.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
notice_text_hidden(struct failure *f, const char *field, int line)
{
	failure_set(f, FAILURE_INVALID_FIELD, field, "line %d: the title "
	    "contains an invisible character that reorders or hides text (a "
	    "bidirectional control, zero-width space or byte-order mark)",
	    line);
	f->line = line;
	return -1;
}

/* "Pending budget approval"; in French "Sous réserve d'approbation
 * budgétaire", "SOUS RÉSERVE D'APPROBATION PAR LES AUTORITÉS
 * BUDGÉTAIRES", "En attente d'approbation budgétaire". */
bool
notice_text_pending(const char *s, size_t n)
{
	return notice_text_find(s, n, "budget approval") != NULL ||
	    notice_text_find(s, n, "budgetary approval") != NULL ||
	    (notice_text_find(s, n, "approbation") != NULL &&
	    notice_text_find(s, n, "budg") != NULL);
}

void
notice_text_quote(char *out, size_t max, const char *s, size_t len)
{
	size_t n = len;

	if (n > max) {
		n = max;
		/* Back up to the start of a UTF-8 sequence. */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	if (n < len)
		memcpy(out + n, "\xe2\x80\xa6", 3), n += 3;
	out[n] = '\0';
}

static bool
notice_text_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
notice_text_alnum(char c)
{
	return notice_text_digit(c) || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* ASCII case-insensitive search; needles are short literals. */
const char *
notice_text_find(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = 0; m <= n && i <= n - m; i++) {
		if (strncasecmp(s + i, needle, m) == 0)
			return s + i;
	}
	return NULL;
}

bool
notice_text_prefix(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);

	return n >= m && strncasecmp(s, prefix, m) == 0;
}

char *
notice_text_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Trims spaces and the separators a title may trail: "Title -", "Title:". */
size_t
notice_text_trim_title(const char *s, size_t n)
{
	for (;;) {
		if (n > 0 && strchr(" -:,;", s[n - 1]) != NULL)
			n--;
		else if (n >= 3 && (unsigned char)s[n - 3] == 0xe2 &&
		    (unsigned char)s[n - 2] == 0x80 &&
		    ((unsigned char)s[n - 1] == 0x93 ||
		    (unsigned char)s[n - 1] == 0x94))
			n -= 3;		/* en or em dash */
		else
			return n;
	}
}

/* Simple inline HTML from copied web pages: <b>NATO</b>, <br>. */
static size_t
notice_text_html_tag(const char *s, size_t n)
{
	static const char *const tags[] = { "<b>", "</b>", "<strong>",
	    "</strong>", "<i>", "</i>", "<em>", "</em>", "<u>", "</u>", "<br>",
	    "<br/>", "<br />", "<p>", "</p>", "<span>", "</span>", NULL };

	for (const char *const *t = tags; *t != NULL; t++) {
		if (notice_text_prefix(s, n, *t))
			return strlen(*t);
	}
	return 0;
}

/* Bytes of a Unicode space (NBSP, U+2000-U+200A, U+202F, U+205F, U+3000)
 * or of a character that is best dropped (soft hyphen, zero-width ones,
 * BOM) at s; *drop tells which. 0 for anything else. */
static size_t
notice_text_odd_space(const unsigned char *s, size_t n, bool *drop)
{
	*drop = false;
	if (n >= 2 && s[0] == 0xc2 && (s[1] == 0xa0 || s[1] == 0xad)) {
		*drop = s[1] == 0xad;
		return 2;
	}
	if (n < 3)
		return 0;
	if (s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] <= 0x8a || s[2] == 0xaf))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0x8b && s[2] <= 0x8d)
		return *drop = true, 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && (s[2] == 0x9f || s[2] == 0xa0))
		return *drop = s[2] == 0xa0, 3;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return *drop = true, 3;
	return 0;
}

/* The bytes normalisation looks at: blanks, '*', '<', '\\', '_' and the
 * lead bytes of the odd spaces (0xc2, 0xe2, 0xe3, 0xef); a bitmap, as the
 * test runs once per byte of the notice. */
static const uint64_t notice_text_special[4] = {
	1ull << 0x09 | 1ull << 0x0b | 1ull << 0x0c | 1ull << 0x20 |
	    1ull << 0x2a | 1ull << 0x3c,
	1ull << (0x5c - 0x40) | 1ull << (0x5f - 0x40),
	0,
	1ull << (0xc2 - 0xc0) | 1ull << (0xe2 - 0xc0) | 1ull << (0xe3 - 0xc0) |
	    1ull << (0xef - 0xc0),
};
#define NOTICE_TEXT_SPECIAL(c) (notice_text_special[(c) >> 6] >> ((c) & 63) & 1)

/*
 * Writes the plain text of a line into out (at least n + 1 bytes: the
 * result is never longer): spaces collapsed and trimmed, Markdown bold and
 * heading marks, HTML bold and backslash escapes removed, and a leading
 * bullet taken off and reported in *bullet.
 */
size_t
notice_text_normalize(const char *s, size_t n, char *out, bool *bullet)
{
	static const char *const bullets[] = { "- ", "* ", "+ ",
	    "\xe2\x80\xa2 ", "\xc2\xb7 ", "\xe2\x80\x93 ", "\xe2\x80\x94 ",
	    "\xe2\x96\xaa ", "\xe2\x97\xa6 ", "\xe2\x97\x8f ", NULL };
	size_t o = 0, i = 0, k, skip = 0;
	bool space = false, drop;

	*bullet = false;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		/* Runs of ordinary text are copied as they are. */
		if (!NOTICE_TEXT_SPECIAL(c)) {
			if (space && o > 0)
				out[o++] = ' ';
			space = false;
			do
				out[o++] = s[i++];
			while (i < n &&
			    !NOTICE_TEXT_SPECIAL((unsigned char)s[i]));
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
			space = true;
			i++;
			continue;
		}
		if (c >= 0xc2 && (k = notice_text_odd_space(
		    (const unsigned char *)s + i, n - i, &drop)) > 0) {
			space |= !drop;
			i += k;
			continue;
		}
		if ((c == '*' || c == '_') && i + 1 < n &&
		    s[i + 1] == (char)c) {
			i += 2;
			continue;
		}
		if (c == '<' && (k = notice_text_html_tag(s + i, n - i)) > 0) {
			space |= (s[i + 1] | 0x20) == 'b' &&
			    (s[i + 2] | 0x20) == 'r';
			i += k;
			continue;
		}
		if (c == '\\' && i + 1 < n && s[i + 1] != '\0' &&
		    strchr("\\`*_{}[]()#+-.!<>", s[i + 1]) != NULL)
			c = (unsigned char)s[++i];
		if (space && o > 0)
			out[o++] = ' ';
		space = false;
		out[o++] = (char)c;
		i++;
	}
	/* Markdown heading marks: "### Title" */
	while (skip < o && out[skip] == '#')
		skip++;
	if (skip > 0 && (skip == o || out[skip] == ' '))
		skip += skip < o;
	else
		skip = 0;
	for (const char *const *b = bullets; *b != NULL; b++) {
		size_t bl = strlen(*b);

		if (o - skip >= bl && memcmp(out + skip, *b, bl) == 0) {
			*bullet = true;
			skip += bl;
			break;
		}
	}
	if (skip > 0) {
		memmove(out, out + skip, o - skip);
		o -= skip;
	}
	/* "*emphasis*" around the whole line */
	if (o >= 2 && (out[0] == '*' || out[0] == '_') &&
	    out[o - 1] == out[0]) {
		memmove(out, out + 1, o - 2);
		o -= 2;
		while (o > 0 && out[o - 1] == ' ')
			o--;
		k = 0;
		while (k < o && out[k] == ' ')
			k++;
		memmove(out, out + k, o - k);
		o -= k;
	}
	out[o] = '\0';
	return o;
}

/*
 * A numbered section heading: "6. CONTRACT", "1. Summary", "6. CONTRAT".
 * Returns its number, or 0. Body text is never numbered like this in the
 * notices, but a list item could be, so the words must be upper case or a
 * known title.
 */
int
notice_text_heading(const char *s, size_t n, enum notice_lang lang,
    bool *contract)
{
	static const char *const titles[] = { "summary", "qualification",
	    "main accountabilit", "interrelationship", "competenc", "contract",
	    "useful information", "additional information",
	    "r\xc3\xa9sum\xc3\xa9", "responsabilit", "structure et liaison",
	    "comp\xc3\xa9tence", "contrat", "informations utiles",
	    "informations compl\xc3\xa9mentaires", NULL };
	const char *clause = lang == NOTICE_LANG_FR ? "contrat" : "contract";
	size_t i = 0;
	int num = 0;
	bool lower = false, known = false;

	*contract = false;
	while (i < n && i < 2 && notice_text_digit(s[i]))
		num = num * 10 + (s[i++] - '0');
	if (i == 0 || i + 2 > n || (s[i] != '.' && s[i] != ')') ||
	    s[i + 1] != ' ' || n - i > 120)
		return 0;
	s += i + 2;
	n -= i + 2;
	if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') ||
	    (unsigned char)s[0] >= 0xc3))
		return 0;
	for (i = 0; i < n && !lower; i++)
		lower = s[i] >= 'a' && s[i] <= 'z';
	for (const char *const *t = titles; *t != NULL && !known; t++)
		known = notice_text_prefix(s, n, *t);
	if (lower && !known)
		return 0;
	*contract = notice_text_prefix(s, n, clause) &&
	    (n == strlen(clause) || !notice_text_alnum(s[strlen(clause)]));
	return num;
}

bool
notice_text_banner(const char *s, size_t n)
{
	return ((notice_text_prefix(s, n, "NATO ") ||
	    notice_text_prefix(s, n, "OTAN ")) &&
	    notice_text_find(s, n, "ORGANI") != NULL) ||
	    notice_text_find(s, n, "VACANCY NOTIFICATION") != NULL ||
	    notice_text_find(s, n, "NOTIFICATION DE LA VACANCE") != NULL ||
	    (n == 15 && notice_text_prefix(s, n, "Job Description"));
}

/* "(3 posts)" at the end of a title; returns the count, or 0. */
static int
notice_text_announced(const char *s, size_t *n)
{
	static const char *const words[] = { "one", "two", "three", "four",
	    "five", "six", "seven", "eight", "nine", "ten", NULL };
	static const char *const nouns[] = { "posts", "post", "postes", "poste",
	    "positions", "position", NULL };
	size_t e = *n, i;
	int count = 0;

	if (e < 8 || s[e - 1] != ')')
		return 0;
	for (i = e - 1; i > 0 && s[i - 1] != '('; i--)
		if (e - i > 24)
			return 0;
	if (i == 0)
		return 0;
	const char *p = s + i, *end = s + e - 1;

	while (p < end && notice_text_digit(*p) && count < 1000)
		count = count * 10 + (*p++ - '0');
	for (int w = 0; count == 0 && words[w] != NULL; w++) {
		if (notice_text_prefix(p, (size_t)(end - p), words[w]) &&
		    p[strlen(words[w])] == ' ') {
			count = w + 1;
			p += strlen(words[w]);
		}
	}
	if (count == 0 || p >= end || *p++ != ' ')
		return 0;
	for (const char *const *w = nouns; *w != NULL; w++) {
		if ((size_t)(end - p) == strlen(*w) &&
		    strncasecmp(p, *w, strlen(*w)) == 0) {
			*n = notice_text_trim_title(s, i - 1);
			return count;
		}
	}
	return 0;
}

/*
 * The reference at the end of a title line: "Title (241370)",
 * "Title-250914", "Title- 250885", "Title - 250885" (or an en or em dash).
 * Returns true with the reference's place and the title's length.
 */
static bool
notice_text_reference(const char *s, size_t n, size_t *ref, size_t *ref_len,
    size_t *title_len)
{
	size_t e = n, b;

	while (e > 0 && s[e - 1] == ' ')
		e--;
	if (e > 0 && s[e - 1] == ')') {
		size_t close = e - 1;

		for (b = close; b > 0 && s[b - 1] != '(' && s[b - 1] != ')' &&
		    close - b < 20; b--)
			;
		if (b == 0 || s[b - 1] != '(')
			return false;
		*title_len = b - 1;
		while (b < close && s[b] == ' ')
			b++;
		e = close;
		while (e > b && s[e - 1] == ' ')
			e--;
	} else {
		size_t d = e;

		while (d > 0 && notice_text_digit(s[d - 1]))
			d--;
		b = d;
		while (d > 0 && s[d - 1] == ' ')
			d--;
		if (d > 0 && s[d - 1] == '-')
			d--;
		else if (d >= 3 && (unsigned char)s[d - 3] == 0xe2 &&
		    (unsigned char)s[d - 2] == 0x80 &&
		    ((unsigned char)s[d - 1] == 0x93 ||
		    (unsigned char)s[d - 1] == 0x94))
			d -= 3;
		else
			return false;
		*title_len = d;
	}
	if (e - b < 4 || e - b > 12)
		return false;
	for (size_t i = b; i < e; i++) {
		if (!notice_text_digit(s[i]))
			return false;
	}
	*ref = b;
	*ref_len = e - b;
	return true;
}

/* The title line's parts: "Title (3 posts) (241370)" or, rarely,
 * "Title (241370) (3 posts)". */
bool
notice_text_title(const char *s, size_t n, size_t *ref, size_t *ref_len,
    size_t *title_len, int *announced)
{
	size_t end = n;
	int count = notice_text_announced(s, &end);

	if (!notice_text_reference(s, end, ref, ref_len, &end))
		return false;
	end = notice_text_trim_title(s, end);
	if (count == 0)
		count = notice_text_announced(s, &end);
	*title_len = notice_text_trim_title(s, end);
	*announced = count;
	return true;
}

/* The line a byte offset is on, counted only when there is an error to
 * report: the check itself then need not track line ends. */
static int
notice_text_line_of(const unsigned char *s, size_t at)
{
	int line = 1;

	for (size_t i = 0; i < at; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n'))
			line++;
	}
	return line;
}

/*
 * Text or not: NUL and other control characters (tab, line ends and the
 * form feed pdftotext puts between pages aside) mean binary data, and the
 * UTF-8 must be well formed (no overlong forms, surrogates or code points
 * past U+10FFFF). Also refuses a notice with nothing but blanks.
 */
int
notice_text_check(const char *t, size_t len, struct failure *f)
{
	const unsigned char *s = (const unsigned char *)t;
	bool any = false;
	size_t i = 0, k;
	int line, rc;

	while (i < len) {
		unsigned char c;

		/* Eight bytes at a time while they are all printable ASCII
		 * (no high bit, none below 0x20, no DEL). */
		while (i + 8 <= len) {
			uint64_t x, y;

			memcpy(&x, s + i, 8);
			y = x ^ 0x7f7f7f7f7f7f7f7full;
			if (((x | ((x - 0x2020202020202020ull) & ~x) |
			    ((y - 0x0101010101010101ull) & ~y)) &
			    0x8080808080808080ull) != 0)
				break;
			any |= x != 0x2020202020202020ull;
			i += 8;
		}
		if (i >= len)
			break;
		c = s[i];
		/* The common case: printable ASCII and blanks. */
		if (c >= 0x20 && c < 0x7f) {
			any |= c != ' ';
			i++;
			continue;
		}
		if (c == '\n' || c == '\r' || c == '\t' || c == '\f') {
			i++;
			continue;
		}
		if (c < 0x80) {
			line = notice_text_line_of(s, i);
			rc = failure_set(f, FAILURE_BAD_REQUEST, "notice",
			    "line %d holds the control byte 0x%02x: the notice "
			    "must be text, not binary data", line, c);
			f->line = line;
			return rc;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 2;
		else if (c >= 0xe0 && c <= 0xef)
			k = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 4;
		else
			k = 0;
		if (k == 0 || i + k > len ||
		    (c == 0xe0 && s[i + 1] < 0xa0) ||
		    (c == 0xed && s[i + 1] > 0x9f) ||
		    (c == 0xf0 && s[i + 1] < 0x90) ||
		    (c == 0xf4 && s[i + 1] > 0x8f))
			k = 0;
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				k = 0;
		}
		if (k == 0) {
			line = notice_text_line_of(s, i);
			rc = failure_set(f, FAILURE_BAD_REQUEST, "notice",
			    "line %d is not valid UTF-8 (byte 0x%02x); save "
			    "the notice as UTF-8 text", line, c);
			f->line = line;
			return rc;
		}
		if (c == 0xc2 && s[i + 1] < 0xa0) {
			line = notice_text_line_of(s, i);
			rc = failure_set(f, FAILURE_BAD_REQUEST, "notice",
			    "line %d holds the control character U+%04X: the "
			    "notice must be text, not binary data", line,
			    (unsigned)s[i + 1]);
			f->line = line;
			return rc;
		}
		any = true;
		i += k;
	}
	if (!any)
		return failure_set(f, FAILURE_BAD_REQUEST, "notice",
		    "the notice is empty");
	return 0;
}
