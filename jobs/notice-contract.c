/* Section 6 (CONTRACT) of a notice: the terms a contract on the post gets.
 * The notices state them in a few stock sentences whose numbers vary, in
 * digits or words ("a 3-year definite duration contract", "renewal for up
 * to three years", "no later than one year before the end of contract"), so
 * each number is read with the role the words around it give it, sentence
 * by sentence. What the non-seconded applicant is offered comes first; a
 * number found only in the seconded staff's sentences is used when nothing
 * else states it. */
#include "notice.h"

#include <stdlib.h>
#include <string.h>

#include "policy.h"

/* Matches policy.c: a century, far beyond any career. */
#define NOTICE_CONTRACT_MONTHS_MAX 1200
/* Stock sentences hold two or three numbers each. */
#define NOTICE_CONTRACT_DURATIONS_MAX 32

enum notice_contract_role {
	ROLE_INITIAL,
	ROLE_RENEWAL,
	ROLE_MAX_SERVICE,
	ROLE_DEADLINE,
	ROLE_COUNT,
};

struct notice_contract_scan {
	/* First number per role: [0] general, [1] seconded staff only. */
	int months[ROLE_COUNT][2];
	bool conversion, no_conversion, non_turnover, non_renewable;
	bool seconded_seen, national_agreement;
};

#define NUMBER(w, v) { w, sizeof w - 1, v }
static const struct {
	const char *word;
	size_t len;
	int value;
} notice_contract_numbers[] = {
	NUMBER("one", 1), NUMBER("two", 2), NUMBER("three", 3),
	NUMBER("four", 4), NUMBER("five", 5), NUMBER("six", 6),
	NUMBER("seven", 7), NUMBER("eight", 8), NUMBER("nine", 9),
	NUMBER("ten", 10), NUMBER("eleven", 11), NUMBER("twelve", 12),
	NUMBER("thirteen", 13), NUMBER("fourteen", 14), NUMBER("fifteen", 15),
	NUMBER("sixteen", 16), NUMBER("seventeen", 17),
	NUMBER("eighteen", 18), NUMBER("nineteen", 19), NUMBER("twenty", 20),
	NUMBER("thirty", 30), NUMBER("forty", 40), NUMBER("fifty", 50),
	NUMBER("sixty", 60), NUMBER("seventy", 70), NUMBER("eighty", 80),
	NUMBER("ninety", 90), NUMBER("an", 1), NUMBER("a", 1),
};
#undef NUMBER

static bool
notice_contract_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
notice_contract_starts(const char *s, size_t n, const char *word)
{
	size_t len = strlen(word);

	return n >= len && memcmp(s, word, len) == 0;
}

/* A number word ending at a word boundary; 0 when there is none. */
static size_t
notice_contract_word(const char *s, size_t n, int *value)
{
	for (size_t i = 0; n > 0 && i < sizeof notice_contract_numbers /
	    sizeof notice_contract_numbers[0]; i++) {
		size_t len = notice_contract_numbers[i].len;

		if (s[0] == notice_contract_numbers[i].word[0] && len <= n &&
		    memcmp(s, notice_contract_numbers[i].word, len) == 0 &&
		    (len == n || !notice_contract_alpha(s[len]))) {
			*value = notice_contract_numbers[i].value;
			return len;
		}
	}
	return 0;
}

size_t
notice_contract_duration(const char *s, size_t n, int *months)
{
	static const struct {
		const char *unit;
		int months;
	} units[] = {
		{ "years", 12 }, { "year", 12 }, { "yrs", 12 }, { "yr", 12 },
		{ "months", 1 }, { "month", 1 },
	};
	size_t i = 0, len;
	int value = 0, unit;

	if (n > 0 && s[0] >= '0' && s[0] <= '9') {
		while (i < n && s[i] >= '0' && s[i] <= '9' && i < 4)
			value = value * 10 + (s[i++] - '0');
		if (i < n && s[i] >= '0' && s[i] <= '9')
			return 0;
	} else if ((len = notice_contract_word(s, n, &value)) > 0) {
		i = len;
		/* "twenty-four", "twenty four" */
		if (value >= 20 && value % 10 == 0 && i + 1 < n &&
		    (s[i] == '-' || s[i] == ' ')) {
			int unit_value;
			size_t ulen = notice_contract_word(s + i + 1, n - i - 1,
			    &unit_value);

			/* Not "twenty a": the articles are two letters. */
			if (ulen >= 3 && unit_value < 10) {
				value += unit_value;
				i += 1 + ulen;
			}
		}
		/* "three (3) years" */
		if (i + 1 < n && s[i] == ' ' && s[i + 1] == '(') {
			size_t j = i + 2;

			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			if (j < n && j > i + 2 && s[j] == ')')
				i = j + 1;
		}
	} else
		return 0;
	if (i < n && (s[i] == ' ' || s[i] == '-'))
		i++;
	for (unit = 0; unit < (int)(sizeof units / sizeof units[0]); unit++) {
		len = strlen(units[unit].unit);
		if (notice_contract_starts(s + i, n - i, units[unit].unit) &&
		    (i + len == n || !notice_contract_alpha(s[i + len])))
			break;
	}
	if (unit == (int)(sizeof units / sizeof units[0]))
		return 0;
	*months = value * units[unit].months;
	return i + strlen(units[unit].unit);
}

static const char *
notice_contract_find(const char *s, size_t n, const char *what)
{
	return memmem(s, n, what, strlen(what));
}

static bool
notice_contract_any(const char *s, size_t n, const char *const *list)
{
	for (; *list != NULL; list++) {
		if (notice_contract_find(s, n, *list) != NULL)
			return true;
	}
	return false;
}

/* "a 3-year definite duration contract": the words right after. */
static bool
notice_contract_next(const char *s, size_t n, const char *const *list)
{
	for (; *list != NULL; list++) {
		if (notice_contract_starts(s, n, *list))
			return true;
	}
	return false;
}

/* "seconded", but not in "(if non-seconded)". */
static bool
notice_contract_seconded(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while ((p = notice_contract_find(p, (size_t)(end - p), "seconded")) !=
	    NULL) {
		if (p - s < 4 || (memcmp(p - 4, "non-", 4) != 0 &&
		    memcmp(p - 4, "non ", 4) != 0))
			return true;
		p += 8;
	}
	return false;
}

static const char *
notice_contract_last(const char *s, size_t n, const char *what)
{
	const char *p = s, *last = NULL;

	while ((p = notice_contract_find(p, n - (size_t)(p - s), what)) != NULL)
		last = p++;
	return last;
}

static void
notice_contract_sentence(struct notice_contract_scan *sc, const char *s,
    size_t n)
{
	static const char *const yes[] = { "conversion to an indefinite",
	    "conversion into an indefinite", "converted to an indefinite",
	    "converted into an indefinite", "apply for conversion",
	    "request conversion", "request a conversion",
	    "request the conversion", "followed by an indefinite", NULL };
	static const char *const no[] = { "not be converted",
	    "no possibility of conversion", "not eligible for conversion",
	    "cannot apply for conversion", "not apply for conversion",
	    "not be followed by an indefinite", "no conversion", NULL };
	static const char *const fixed[] = { "non-renewable", "not renewable",
	    "cannot be renewed", "not be renewed", "no possibility of renewal",
	    NULL };
	static const char *const initial_next[] = { "definite", "fixed",
	    "contract", "initial", "employment", NULL };
	static const char *const initial_before[] = { "contract of ",
	    "contract for ", "duration of ", "term of ", "period of ", NULL };
	struct { size_t at, end; int months; } d[NOTICE_CONTRACT_DURATIONS_MAX];
	size_t count = 0;
	bool seconded = notice_contract_seconded(s, n);
	bool conversion_talk = notice_contract_find(s, n, "conver") != NULL;

	if (seconded) {
		static const char *const consent[] = { "agreement", "consent",
		    "approval", NULL };

		sc->seconded_seen = true;
		if (notice_contract_find(s, n, "national") != NULL &&
		    notice_contract_any(s, n, consent))
			sc->national_agreement = true;
	} else {
		if (notice_contract_any(s, n, yes))
			sc->conversion = true;
		if (notice_contract_any(s, n, no))
			sc->no_conversion = true;
		if (notice_contract_find(s, n, "followed by an indefinite") &&
		    !notice_contract_find(s, n, "not be followed"))
			sc->non_turnover = true;
		if (notice_contract_any(s, n, fixed))
			sc->non_renewable = true;
	}
	if (notice_contract_find(s, n, "turnover is not desirable") ||
	    notice_contract_find(s, n, "turnover is undesirable"))
		sc->non_turnover = true;

	for (size_t i = 0; i < n && count < NOTICE_CONTRACT_DURATIONS_MAX;
	    i++) {
		size_t used;
		int months;

		if (i > 0 && (notice_contract_alpha(s[i - 1]) ||
		    (s[i - 1] >= '0' && s[i - 1] <= '9')))
			continue;
		used = notice_contract_duration(s + i, n - i, &months);
		if (used > 0) {
			d[count].at = i;
			d[count].end = i + used;
			d[count++].months = months;
			i += used - 1;
		}
	}
	for (size_t k = 0; k < count; k++) {
		const char *after = s + d[k].end, *renew;
		size_t left = n - d[k].end, tail = d[k].at < 24 ? d[k].at : 24;
		const char *before = s + d[k].at - tail;
		int role = -1;

		while (left > 0 && *after == ' ') {
			after++;
			left--;
		}
		renew = notice_contract_last(s, d[k].at, "renew");
		if (conversion_talk &&
		    (notice_contract_starts(after, left, "before") ||
		    notice_contract_starts(after, left, "prior to")))
			role = ROLE_DEADLINE;
		else if (notice_contract_next(after, left, initial_next))
			role = ROLE_INITIAL;
		else if (renew != NULL &&
		    (k == 0 || s + d[k - 1].at < renew))
			role = ROLE_RENEWAL;
		else if (notice_contract_find(s, d[k].at, "maximum") &&
		    notice_contract_find(s, n, "service"))
			role = ROLE_MAX_SERVICE;
		else if (notice_contract_any(before, tail, initial_before) &&
		    !notice_contract_find(before, tail, "further") &&
		    !notice_contract_find(before, tail, "additional"))
			role = ROLE_INITIAL;
		/* The initial term is offered once: a later "contract of" is a
		 * renewal's or a seconded post's, handled above or ignored. */
		if (role >= 0 && sc->months[role][seconded] == POLICY_NONE)
			sc->months[role][seconded] = d[k].months;
	}
}

static int
notice_contract_pick(const struct notice_contract_scan *sc, int role)
{
	return sc->months[role][0] != POLICY_NONE ? sc->months[role][0] :
	    sc->months[role][1];
}

/* A term in months must make a workable policy: 1 month to a century. */
static int
notice_contract_check(struct vacancy *v, int *months, const char *field,
    int line)
{
	int was = *months;

	if (was == POLICY_NONE ||
	    (was >= 1 && was <= NOTICE_CONTRACT_MONTHS_MAX))
		return 0;
	*months = POLICY_NONE;
	return notice_warn(v, field, line, "section 6 gives a term of %s, "
	    "which is ignored", was == 0 ? "zero months" :
	    "more than a century");
}

/* A term section 6 does not state takes the built-in default, so that the
 * clause says what applies on its own (null means "does not apply") even
 * where only the JSON of it is kept; vacancy_policy() lets the configured
 * default win, as the stated bit is not set. */
static int
notice_contract_default(struct vacancy *v, int *months, int fallback,
    const char *field, const char *what, int line)
{
	*months = fallback;
	return notice_warn(v, field, line, "section 6 states no %s; the "
	    "default (%d months) applies", what, fallback);
}

int
notice_contract_read(struct vacancy *v, const char *text, size_t len,
    int line)
{
	struct vacancy_contract *c = &v->contract;
	struct notice_contract_scan sc = { 0 };
	struct policy d;
	char *t = malloc(len + 1);
	size_t start = 0;
	int rc = 0, max_service;

	if (t == NULL)
		return -1;
	for (int r = 0; r < ROLE_COUNT; r++)
		sc.months[r][0] = sc.months[r][1] = POLICY_NONE;
	for (size_t i = 0; i < len; i++)
		t[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 :
		    text[i]);
	t[len] = '\0';
	/* Sentences end at ". " or "; ": a decimal point is not followed by
	 * a space, and "e.g. " splitting a sentence costs nothing here. */
	for (size_t i = 0; i <= len; i++) {
		if (i == len || ((t[i] == '.' || t[i] == ';' || t[i] == '!' ||
		    t[i] == '?') && (i + 1 == len || t[i + 1] == ' '))) {
			notice_contract_sentence(&sc, t + start, i - start);
			start = i + 1;
		}
	}
	free(t);

	policy_default(&d);
	*c = (struct vacancy_contract){
		.initial_term_months = notice_contract_pick(&sc, ROLE_INITIAL),
		.renewal_term_months = notice_contract_pick(&sc, ROLE_RENEWAL),
		.max_service_months = POLICY_NONE,
		.conversion_deadline_months = POLICY_NONE,
	};
	max_service = sc.months[ROLE_MAX_SERVICE][0];
	rc |= notice_contract_check(v, &c->initial_term_months,
	    "contract.initial_term_months", line);
	rc |= notice_contract_check(v, &c->renewal_term_months,
	    "contract.renewal_term_months", line);
	rc |= notice_contract_check(v, &max_service,
	    "contract.max_service_months", line);
	if (c->initial_term_months == POLICY_NONE &&
	    c->renewal_term_months == POLICY_NONE &&
	    max_service == POLICY_NONE && !sc.conversion &&
	    !sc.no_conversion && !sc.non_turnover && !sc.seconded_seen) {
		/* Nothing we can read: as if there were no section 6. */
		c->renewal_term_months = POLICY_NONE;
		v->has_contract = false;
		rc |= notice_warn(v, "contract", line, "section 6 states no "
		    "terms that can be read; contracts on it get the default "
		    "policy");
		return rc < 0 ? -1 : 0;
	}
	v->has_contract = true;

	if (c->initial_term_months != POLICY_NONE)
		c->stated |= VACANCY_STATED_INITIAL;
	else
		rc |= notice_contract_default(v, &c->initial_term_months,
		    d.initial_term_months, "contract.initial_term_months",
		    "initial term", line);
	if (c->renewal_term_months != POLICY_NONE)
		c->stated |= VACANCY_STATED_RENEWAL;
	else if (sc.non_renewable || sc.non_turnover)
		/* No renewal to speak of: the default fills the field. */
		c->renewal_term_months = d.renewal_term_months;
	else
		rc |= notice_contract_default(v, &c->renewal_term_months,
		    d.renewal_term_months, "contract.renewal_term_months",
		    "renewal term", line);

	/* Conversion: said, refused, or (once the terms are read) not
	 * offered. */
	if (sc.conversion || sc.no_conversion || sc.non_turnover ||
	    (c->stated & VACANCY_STATED_INITIAL)) {
		c->conversion_allowed = (sc.conversion || sc.non_turnover) &&
		    !sc.no_conversion;
		c->stated |= VACANCY_STATED_CONVERSION;
	} else
		c->conversion_allowed = d.conversion_allowed;

	if (sc.non_turnover) {
		/* Turnover not desirable: the definite contract may be followed
		 * by an indefinite one, so there is no maximum period and no
		 * conversion deadline. */
		c->stated |= VACANCY_STATED_MAX_SERVICE |
		    VACANCY_STATED_CONVERSION_DEADLINE;
	} else {
		/* A contract that cannot be renewed ends the service. */
		if (max_service == POLICY_NONE && sc.non_renewable &&
		    (c->stated & VACANCY_STATED_INITIAL))
			max_service = c->initial_term_months;
		if (max_service != POLICY_NONE &&
		    max_service < c->initial_term_months) {
			rc |= notice_warn(v, "contract.max_service_months",
			    line, "the maximum period of service (%d months) "
			    "is shorter than the initial term (%d months) and "
			    "is ignored", max_service, c->initial_term_months);
			max_service = POLICY_NONE;
		}
		if (max_service != POLICY_NONE) {
			c->max_service_months = max_service;
			c->stated |= VACANCY_STATED_MAX_SERVICE;
		} else
			rc |= notice_contract_default(v, &c->max_service_months,
			    d.max_service_months < c->initial_term_months ?
			    c->initial_term_months : d.max_service_months,
			    "contract.max_service_months",
			    "maximum period of service", line);
		if (!c->conversion_allowed)
			c->stated |= VACANCY_STATED_CONVERSION_DEADLINE;
		else if ((c->conversion_deadline_months =
		    notice_contract_pick(&sc, ROLE_DEADLINE)) != POLICY_NONE &&
		    notice_contract_check(v, &c->conversion_deadline_months,
		    "contract.conversion_deadline_months", line) == 0 &&
		    c->conversion_deadline_months != POLICY_NONE)
			c->stated |= VACANCY_STATED_CONVERSION_DEADLINE;
		else
			rc |= notice_contract_default(v,
			    &c->conversion_deadline_months,
			    d.conversion_deadline_months,
			    "contract.conversion_deadline_months",
			    "deadline for a conversion request", line);
	}
	if (sc.seconded_seen) {
		c->seconded_national_agreement = sc.national_agreement;
		c->stated |= VACANCY_STATED_NATIONAL_AGREEMENT;
	} else
		c->seconded_national_agreement = d.seconded_national_agreement;
	return rc < 0 ? -1 : 0;
}
