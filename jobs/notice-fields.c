/* The values of single notice fields: grades ("NATO Grade G11-G15",
 * "(G17)", the older "A.2"), salaries ("5,043.00Euro (EUR) Monthly") and
 * post numbers ("(OCIO0013)", the placeholder "(OCIOxxxx)"). */
#include "notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool
notice_fields_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
notice_fields_alnum(char c)
{
	return notice_fields_digit(c) || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/*
 * One grade at s: "G17" (the NATO single salary scale) or, when old is
 * set, the older "A.2", "B-5". Returns the bytes used, or 0.
 */
static size_t
notice_fields_grade_one(const char *s, size_t n, bool old, char out[8])
{
	size_t i = 1, d;

	if (n < 2)
		return 0;
	if (!old && s[0] != 'G' && s[0] != 'g')
		return 0;
	if (old && strchr("ABCL", s[0]) == NULL)
		return 0;
	/* "A.2", "B-5": without the mark, "C1" is more likely a language
	 * level than a grade. */
	if (old && s[1] != '.' && s[1] != '-')
		return 0;
	if (old)
		i++;
	for (d = i; d < n && d - i < 3 && notice_fields_digit(s[d]); d++)
		;
	if (d == i || d - i > (old ? 1u : 2u) ||
	    (d < n && notice_fields_alnum(s[d])))
		return 0;
	snprintf(out, 8, "%c%.*s", old ? s[0] : 'G', (int)(d - 1), s + 1);
	return d;
}

static int
notice_fields_grade_rank(const char *g)
{
	int v = 0;

	for (g++; *g != '\0'; g++) {
		if (notice_fields_digit(*g))
			v = v * 10 + (*g - '0');
	}
	return v;
}

/* "-", "/", "to", an en or em dash between the two grades of a range. */
static size_t
notice_fields_range_sep(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == '-' || s[0] == '/'))
		return 1;
	if (n >= 3 && (unsigned char)s[0] == 0xe2 &&
	    (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94))
		return 3;
	if (n >= 3 && strncasecmp(s, "to ", 3) == 0)
		return 2;
	return 0;
}

static size_t
notice_fields_grade_at(const char *s, size_t n, bool old,
    struct notice_grade *g)
{
	size_t used = notice_fields_grade_one(s, n, old, g->min), i, k, d;

	if (used == 0)
		return 0;
	snprintf(g->max, sizeof g->max, "%s", g->min);
	for (i = used; i < n && s[i] == ' '; i++)
		;
	if ((k = notice_fields_range_sep(s + i, n - i)) > 0) {
		for (i += k; i < n && s[i] == ' '; i++)
			;
		k = notice_fields_grade_one(s + i, n - i, old, g->max);
		if (k > 0)
			used = i + k;
		else if (!old) {
			/* "G11-15" */
			for (d = i; d < n && d - i < 3 &&
			    notice_fields_digit(s[d]); d++)
				;
			if (d > i && d - i <= 2 &&
			    (d == n || !notice_fields_alnum(s[d]))) {
				snprintf(g->max, sizeof g->max, "G%.*s",
				    (int)(d - i), s + i);
				used = d;
			}
		}
	}
	/* "G15-G11" is the range G11-G15 written backwards. */
	if (g->min[0] == g->max[0] && notice_fields_grade_rank(g->min) >
	    notice_fields_grade_rank(g->max)) {
		char tmp[sizeof g->min];

		memcpy(tmp, g->min, sizeof tmp);
		memcpy(g->min, g->max, sizeof tmp);
		memcpy(g->max, tmp, sizeof tmp);
	}
	g->twin = strcmp(g->min, g->max) != 0;
	if (g->twin)
		snprintf(g->text, sizeof g->text, "%s-%s", g->min, g->max);
	else
		snprintf(g->text, sizeof g->text, "%s", g->min);
	return used;
}

size_t
notice_fields_grade(const char *s, size_t n, struct notice_grade *g)
{
	size_t used = notice_fields_grade_at(s, n, false, g);

	return used > 0 ? used : notice_fields_grade_at(s, n, true, g);
}

bool
notice_fields_grade_in(const char *s, size_t n, struct notice_grade *g)
{
	/* "A.2 / NATO Grade G15": the current scale wins over the old one. */
	for (int old = 0; old < 2; old++) {
		for (size_t i = 0; i < n; i++) {
			if ((i == 0 || !notice_fields_alnum(s[i - 1])) &&
			    notice_fields_grade_at(s + i, n - i, old, g) > 0)
				return true;
		}
	}
	return false;
}

enum notice_post_number
notice_fields_post_number(const char *s, size_t n)
{
	static const char *const unknown[] = { "tbd", "tbc", "n/a", "tba",
	    NULL };
	size_t e = n, letters = 0, digits = 0;

	if (n == 0 || n > 24)
		return NOTICE_POST_NUMBER_NONE;
	for (const char *const *u = unknown; *u != NULL; u++) {
		if (n == strlen(*u) && strncasecmp(s, *u, n) == 0)
			return NOTICE_POST_NUMBER_PLACEHOLDER;
	}
	/* "OCIOxxxx", "OCIO????", "xxxx": letters then a run of fillers. */
	while (e > 0 && strchr("xX?#*_.", s[e - 1]) != NULL)
		e--;
	if (n - e >= 2) {
		size_t i;

		for (i = 0; i < e && ((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z')); i++)
			;
		if (i == e)
			return NOTICE_POST_NUMBER_PLACEHOLDER;
	}
	if (!notice_fields_alnum(s[0]))
		return NOTICE_POST_NUMBER_NONE;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			letters++;
		else if (notice_fields_digit(s[i]))
			digits++;
		else if (strchr(" ./-", s[i]) == NULL)
			return NOTICE_POST_NUMBER_NONE;
	}
	return letters > 0 && digits > 0 ? NOTICE_POST_NUMBER_REAL :
	    NOTICE_POST_NUMBER_NONE;
}

static bool
notice_fields_upper3(const char *s)
{
	for (int i = 0; i < 3; i++) {
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	}
	return true;
}

/* A separator inside an amount at s: its length, and in *kind the
 * character it stands for (the spaces all count as ' '); 0 for none. */
static size_t
notice_fields_amount_sep(const char *s, size_t n, char *kind)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && (s[0] == ',' || s[0] == '.' || s[0] == '\'' ||
	    s[0] == ' ')) {
		*kind = s[0];
		return 1;
	}
	*kind = ' ';
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;		/* no-break space */
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0xaf)
		return 3;		/* narrow no-break space */
	return 0;
}

/*
 * The amount starting at the digit s[0], as digits with a "." before the
 * decimals, into out (cap bytes); false when it is malformed. Thousands are
 * grouped by threes with one separator, ",", ".", "'" or a space (U+00A0
 * and U+202F included); the decimal point is "." or ",". A "," or "." is a
 * decimal point unless exactly three digits follow it where a group may
 * stand ("5,043" is 5043, "5,5" is 5.5, "5.043,00" is 5043.00). A group
 * of another length ("5 04,3", "1,234,56") is no amount at all: guessing
 * would store a salary a thousand times off.
 */
static bool
notice_fields_amount(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0, lead, len;
	char group = 0, kind;
	bool decimals = false;

	while (i < n && notice_fields_digit(s[i]) && o + 3 < cap)
		out[o++] = s[i++];
	lead = i;
	while (i < n && (len = notice_fields_amount_sep(s + i, n - i,
	    &kind)) > 0) {
		size_t d = 0;

		while (i + len + d < n && notice_fields_digit(s[i + len + d]))
			d++;
		/* "60,000 USD", "5043, monthly": the amount ended before. */
		if (d == 0 || (kind == ' ' && (decimals || (group != 0 &&
		    group != ' '))))
			break;
		if (decimals)
			return false;		/* "5,04.3" */
		if ((kind == ',' || kind == '.') && group != kind &&
		    (d != 3 || group != 0 || lead > 3))
			decimals = true;
		else if (d != 3 || lead > 3 || (group != 0 && group != kind))
			return false;		/* "5 04,3", "1234 567" */
		else
			group = kind;
		if (o + d + 2 >= cap)
			return false;
		if (decimals)
			out[o++] = '.';
		memcpy(out + o, s + i + len, d);
		o += d;
		i += len + d;
	}
	/* More digits than any salary: not an amount. */
	if (i < n && notice_fields_digit(s[i]))
		return false;
	out[o] = '\0';
	return true;
}

/*
 * "5,043.00Euro (EUR) Monthly" -> "5043.00", "EUR", "Monthly"; the French
 * "5 043,00Euro (EUR) Mensuelle" gives the same. A malformed amount gives
 * "" and the rest is still read.
 */
void
notice_fields_salary(const char *s, size_t n, struct notice_salary *out)
{
	static const struct {
		const char *word;
		const char *basis;
	} bases[] = {
		{ "monthly", "Monthly" }, { "per month", "Monthly" },
		{ "annually", "Yearly" }, { "annual", "Yearly" },
		{ "yearly", "Yearly" }, { "per annum", "Yearly" },
		{ "weekly", "Weekly" }, { "daily", "Daily" },
		{ "hourly", "Hourly" },
		{ "mensuelle", "Monthly" }, { "mensuel", "Monthly" },
		{ "par mois", "Monthly" }, { "annuelle", "Yearly" },
		{ "annuel", "Yearly" }, { "par an", "Yearly" },
		{ "hebdomadaire", "Weekly" }, { "journalier", "Daily" },
		{ "quotidien", "Daily" }, { "horaire", "Hourly" },
		{ "par heure", "Hourly" },
	};
	size_t i = 0;

	memset(out, 0, sizeof *out);
	while (i < n && !notice_fields_digit(s[i]))
		i++;
	if (i < n && !notice_fields_amount(s + i, n - i, out->amount,
	    sizeof out->amount))
		out->amount[0] = '\0';
	/* "(EUR)" */
	for (size_t k = 0; k + 5 <= n; k++) {
		if (s[k] == '(' && s[k + 4] == ')' &&
		    notice_fields_upper3(s + k + 1)) {
			memcpy(out->currency, s + k + 1, 3);
			break;
		}
	}
	/* "7,540.44 EUR": a known code standing alone */
	for (size_t k = 0; out->currency[0] == '\0' && k + 3 <= n; k++) {
		static const char codes[][4] = { "EUR", "USD", "GBP", "CAD",
		    "CHF", "NOK", "SEK", "DKK", "PLN", "CZK", "HUF", "RON",
		    "BGN", "TRY", "ISK" };

		if ((k > 0 && notice_fields_alnum(s[k - 1])) ||
		    (k + 3 < n && notice_fields_alnum(s[k + 3])) ||
		    !notice_fields_upper3(s + k))
			continue;
		for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++) {
			if (memcmp(codes[c], s + k, 3) == 0)
				memcpy(out->currency, codes[c], 4);
		}
	}
	if (out->currency[0] == '\0' && (memmem(s, n, "\xe2\x82\xac", 3) ||
	    memmem(s, n, "Euro", 4) || memmem(s, n, "euro", 4)))
		memcpy(out->currency, "EUR", 4);
	for (size_t b = 0; b < sizeof bases / sizeof bases[0] && !out->basis;
	    b++) {
		size_t m = strlen(bases[b].word);

		for (size_t k = 0; k + m <= n; k++) {
			if ((k == 0 || !notice_fields_alnum(s[k - 1])) &&
			    strncasecmp(s + k, bases[b].word, m) == 0 &&
			    (k + m == n || !notice_fields_alnum(s[k + m]))) {
				out->basis = bases[b].basis;
				break;
			}
		}
	}
}

int
notice_fields_salary_set(struct vacancy *v, const char *text, int line,
    const char *label)
{
	struct notice_salary sal;
	char q[96];
	int rc = 0;

	if (text == NULL)
		return notice_warn(v, "salary", 0, "the notice has no %s "
		    "line", label);
	notice_fields_salary(text, strlen(text), &sal);
	notice_text_quote(q, 64, text, strlen(text));
	if (sal.amount[0] == '\0')
		rc |= notice_warn(v, "salary.amount", line, "no amount "
		    "such as 5,043.00 or 5 043,00 in \"%s\"", q);
	else if ((v->salary_amount = strdup(sal.amount)) == NULL)
		return -1;
	if (sal.currency[0] == '\0')
		rc |= notice_warn(v, "salary.currency", line, "no currency in "
		    "\"%s\"", q);
	else if ((v->salary_currency = strdup(sal.currency)) == NULL)
		return -1;
	if (sal.basis == NULL)
		rc |= notice_warn(v, "salary.basis", line, "no pay basis (such "
		    "as Monthly) in \"%s\"", q);
	else if ((v->salary_basis = strdup(sal.basis)) == NULL)
		return -1;
	return rc;
}

int
notice_fields_grade_set(struct vacancy *v, const char *text, int line,
    struct notice_grade *g)
{
	char q[96];

	if (text == NULL)
		return notice_warn(v, "grade", 0,
		    "the notice has no Grade line");
	if (!notice_fields_grade_in(text, strlen(text), g)) {
		notice_text_quote(q, 64, text, strlen(text));
		return notice_warn(v, "grade", line, "\"%s\" is not a NATO "
		    "grade such as G15 or G11-G15", q);
	}
	if ((v->grade_min = strdup(g->min)) == NULL ||
	    (v->grade_max = strdup(g->max)) == NULL)
		return -1;
	v->grade_twin_graded = g->twin;
	return 0;
}
