/* Section 6 (CONTRACT) of a notice: the terms a contract on the post gets.
 * The notices state them in a few stock sentences whose numbers vary, in
 * digits or words ("a 3-year definite duration contract", "renewal for up
 * to three years", "no later than one year before the end of contract"), so
 * each number is read with the role the words around it give it, sentence
 * by sentence; the words of each language are in notice-contract-words.c. What the non-seconded applicant is offered comes first; a
 * number found only in the seconded staff's sentences is used when nothing
 * else states it. */
#include "notice.h"

#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "text-fold.h"

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

/* A word of the list ending at a word boundary: its length and value, or
 * 0 when there is none. */
static size_t
notice_contract_word(const struct notice_contract_number *list,
    const char *s, size_t n, int *value)
{
	for (; n > 0 && list->word != NULL; list++) {
		size_t len = strlen(list->word);

		if (s[0] == list->word[0] && len <= n &&
		    memcmp(s, list->word, len) == 0 &&
		    (len == n || !notice_contract_alpha(s[len]))) {
			*value = list->value;
			return len;
		}
	}
	return 0;
}

/* "twenty-four", "twenty four", "vingt et un", "soixante-douze": the
 * bytes the unit part adds to the tens at s, or 0. */
static size_t
notice_contract_compound(const struct notice_contract_words *w,
    const char *s, size_t n, int tens, int *value)
{
	size_t i = 1, ulen;
	int unit = 0;

	if (tens < w->tens_min || tens % 10 != 0 || n < 2 ||
	    (s[0] != '-' && s[0] != ' '))
		return 0;
	if (w->and != NULL && s[0] == ' ' &&
	    notice_contract_starts(s + 1, n - 1, w->and) &&
	    n > strlen(w->and) + 2 && s[strlen(w->and) + 1] == ' ')
		i += strlen(w->and) + 1;
	ulen = notice_contract_word(w->numbers, s + i, n - i, &unit);
	/* Not "twenty a": the English articles are two letters. */
	if (ulen < w->unit_len_min || unit >= (tens == w->teens_after ? 20 :
	    w->unit_below))
		return 0;
	*value = tens + unit;
	return i + ulen;
}

static const struct notice_contract_words *
notice_contract_lang(enum notice_lang lang)
{
	return lang == NOTICE_LANG_FR ? &notice_contract_words_fr :
	    &notice_contract_words_en;
}

static size_t
notice_contract_span(const struct notice_contract_words *w, const char *s,
    size_t n, int *months)
{
	size_t i = 0, len;
	int value = 0, unit_months = 0;

	if (n > 0 && s[0] >= '0' && s[0] <= '9') {
		while (i < n && s[i] >= '0' && s[i] <= '9' && i < 4)
			value = value * 10 + (s[i++] - '0');
		if (i < n && s[i] >= '0' && s[i] <= '9')
			return 0;
	} else if ((len = notice_contract_word(w->numbers, s, n,
	    &value)) > 0) {
		i = len;
		i += notice_contract_compound(w, s + i, n - i, value, &value);
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
	if ((len = notice_contract_word(w->units, s + i, n - i,
	    &unit_months)) == 0)
		return 0;
	*months = value * unit_months;
	return i + len;
}

size_t
notice_contract_duration(const char *s, size_t n, enum notice_lang lang,
    int *months)
{
	return notice_contract_span(notice_contract_lang(lang), s, n, months);
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

/* "seconded", but not in "(if non-seconded)"; "détachée", but not in
 * "(hors détachement)". */
static bool
notice_contract_seconded(const struct notice_contract_words *w,
    const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while ((p = notice_contract_find(p, (size_t)(end - p), w->seconded)) !=
	    NULL) {
		const char *const *neg;

		for (neg = w->not_seconded; *neg != NULL; neg++) {
			size_t len = strlen(*neg);

			if ((size_t)(p - s) >= len &&
			    memcmp(p - len, *neg, len) == 0)
				break;
		}
		if (*neg == NULL)
			return true;
		p += strlen(w->seconded);
	}
	return false;
}

/* The last of the words before s + n. */
static const char *
notice_contract_last(const char *s, size_t n, const char *const *list)
{
	const char *last = NULL;

	for (; *list != NULL; list++) {
		const char *p = s;

		while ((p = notice_contract_find(p, n - (size_t)(p - s),
		    *list)) != NULL) {
			if (last == NULL || p > last)
				last = p;
			p++;
		}
	}
	return last;
}

static void
notice_contract_sentence(const struct notice_contract_words *w,
    struct notice_contract_scan *sc, const char *s, size_t n)
{
	struct { size_t at, end; int months; } d[NOTICE_CONTRACT_DURATIONS_MAX];
	size_t count = 0;
	bool seconded = notice_contract_seconded(w, s, n);
	bool conversion_talk = notice_contract_any(s, n, w->conversion);

	if (seconded) {
		sc->seconded_seen = true;
		if (notice_contract_find(s, n, w->national) != NULL &&
		    notice_contract_any(s, n, w->consent))
			sc->national_agreement = true;
	} else {
		if (notice_contract_any(s, n, w->yes))
			sc->conversion = true;
		if (notice_contract_any(s, n, w->no))
			sc->no_conversion = true;
		if (notice_contract_any(s, n, w->followed) &&
		    !notice_contract_any(s, n, w->not_followed))
			sc->non_turnover = true;
		if (notice_contract_any(s, n, w->fixed))
			sc->non_renewable = true;
	}
	if (notice_contract_any(s, n, w->no_turnover))
		sc->non_turnover = true;

	for (size_t i = 0; i < n && count < NOTICE_CONTRACT_DURATIONS_MAX;
	    i++) {
		size_t used;
		int months;

		if (i > 0 && (notice_contract_alpha(s[i - 1]) ||
		    (s[i - 1] >= '0' && s[i - 1] <= '9')))
			continue;
		used = notice_contract_span(w, s + i, n - i, &months);
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
		renew = notice_contract_last(s, d[k].at, w->renew);
		if (conversion_talk &&
		    notice_contract_next(after, left, w->deadline_next))
			role = ROLE_DEADLINE;
		else if (notice_contract_next(after, left, w->initial_next))
			role = ROLE_INITIAL;
		else if (renew != NULL &&
		    (k == 0 || s + d[k - 1].at < renew))
			role = ROLE_RENEWAL;
		else if (notice_contract_any(s, d[k].at, w->maximum) &&
		    notice_contract_find(s, n, w->service))
			role = ROLE_MAX_SERVICE;
		else if (notice_contract_any(before, tail, w->initial_before) &&
		    !notice_contract_any(before, tail, w->not_initial_before))
			role = ROLE_INITIAL;
		/* The initial term is offered once: a later "contract of" is a
		 * renewal's or a seconded post's, handled above or ignored. */
		if (role >= 0 && sc->months[role][seconded] == POLICY_NONE)
			sc->months[role][seconded] = d[k].months;
	}
}

/* The words are matched in lower-case ASCII: "Déterminée" and
 * "determinee" alike, and "d’une" (a web page's apostrophe) as "d'une".
 * Writes at most len + 1 bytes to out; returns the length. */
static size_t
notice_contract_fold(const char *text, size_t len, char *out)
{
	size_t n = text_fold(text, len, out, len + 1), o = 0;

	for (size_t i = 0; i < n; i++) {
		if (i + 2 < n && (unsigned char)out[i] == 0xe2 &&
		    (unsigned char)out[i + 1] == 0x80 &&
		    ((unsigned char)out[i + 2] == 0x98 ||
		    (unsigned char)out[i + 2] == 0x99)) {
			out[o++] = '\'';
			i += 2;
		} else
			out[o++] = out[i];
	}
	out[o] = '\0';
	return o;
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
    int line, enum notice_lang lang)
{
	const struct notice_contract_words *w = notice_contract_lang(lang);
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
	len = notice_contract_fold(text, len, t);
	/* Sentences end at ". " or "; ": a decimal point is not followed by
	 * a space, and "e.g. " splitting a sentence costs nothing here. */
	for (size_t i = 0; i <= len; i++) {
		if (i == len || ((t[i] == '.' || t[i] == ';' || t[i] == '!' ||
		    t[i] == '?') && (i + 1 == len || t[i + 1] == ' '))) {
			notice_contract_sentence(w, &sc, t + start, i - start);
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
