/*
 * The vacancy notice parser. A notice is read once, line by line, through a
 * small state machine: the preamble up to the title line, the English
 * header ("Key: value" or Markdown "**Key** value"), the English body with
 * its numbered sections (posts are listed before section 2, the contract
 * clause is section 6), then the French half, from which only the deadline
 * is taken to cross-check the English one. A notice whose header is in
 * French is the French half alone (SPEC section 3): its labels stand for the
 * English ones and it is read the same way, section 6 being "CONTRAT" and
 * the "Date de retrait" the deadline. Each line is normalised once
 * (Markdown emphasis, headings and bullets, HTML bold, odd spaces), so the
 * rules below see plain text whatever the layout. Work per line is linear
 * in its length, and nothing is kept per line, so any input costs time
 * proportional to its size.
 */
#include "notice.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contract.h"
#include "i18n.h"
#include "localtime.h"

/* Bytes of a line enough to tell a key, heading or bullet from prose. */
#define NOTICE_PREFIX 64
/* Section 6 is a few kilobytes; a larger one is not a clause we can read. */
#define NOTICE_CONTRACT_TEXT_MAX (64 * 1024)

/* The SPEC's JSON names, for warnings and errors. */
static const char *const notice_key_fields[NOTICE_KEY_COUNT] = {
	[NOTICE_KEY_LOCATION] = "location",
	[NOTICE_KEY_BODY] = "nato_body",
	[NOTICE_KEY_SCHEDULE] = "schedule",
	[NOTICE_KEY_DEADLINE] = "application_deadline",
	[NOTICE_KEY_SALARY] = "salary",
	[NOTICE_KEY_GRADE] = "grade",
	[NOTICE_KEY_CLEARANCE] = "clearance",
	[NOTICE_KEY_DESCRIPTION] = "description",
	[NOTICE_KEY_FR_DEADLINE] = "deadline_fr",
	[NOTICE_KEY_FR_LOCATION] = "location",
	[NOTICE_KEY_FR_BODY] = "nato_body",
	[NOTICE_KEY_FR_SCHEDULE] = "schedule",
	[NOTICE_KEY_FR_SALARY] = "salary",
	[NOTICE_KEY_FR_CLEARANCE] = "clearance",
};

/* The lines a warning says are missing, in the notice's language. */
static const char *const notice_key_labels[NOTICE_KEY_COUNT][2] = {
	[NOTICE_KEY_LOCATION] = { "Primary Location", "Emplacement principal" },
	[NOTICE_KEY_BODY] = { "NATO Body", "Organisation" },
	[NOTICE_KEY_SCHEDULE] = { "Schedule", "Horaire" },
	[NOTICE_KEY_SALARY] = { "Salary (Pay Basis)", "Salaire (Base de paie)" },
	[NOTICE_KEY_CLEARANCE] = { "Clearance Level",
	    "Niveau d'habilitation" },
};

enum notice_phase {
	PHASE_PREAMBLE,		/* banner lines, then the title line */
	PHASE_HEADER,		/* key lines up to "Description" */
	PHASE_BODY,		/* numbered sections of the English half */
	PHASE_FRENCH,		/* the French half after the English one */
};

/* A line as it stands in the input, normalised again when it is needed. */
struct notice_span {
	const char *s;
	size_t n;
	int line;
};

struct notice_parser {
	struct vacancy *v;
	struct failure *f;
	enum notice_phase phase;
	char *buf;			/* the current line, normalised */
	size_t cap;
	int line;
	struct notice_span title;	/* last preamble line with a ref. */
	struct notice_span title_any;	/* last preamble line at all */
	struct notice_span prev;	/* last non-blank line */
	struct notice_span title_fr;
	char *value[NOTICE_KEY_COUNT];
	int value_line[NOTICE_KEY_COUNT];
	enum notice_key waiting;	/* a key whose value is on the next
					 * line */
	bool described;			/* "Description" seen */
	/* The header's first label that is not the same in both languages
	 * says which the notice is in. */
	bool lang_known;
	enum notice_lang lang;
	bool posts_closed;		/* section 2 or later reached */
	struct notice_posts posts;
	bool in_contract, contract_seen;
	char *contract;
	size_t contract_len, contract_cap;
	int contract_line;
};

int
notice_warn(struct vacancy *v, const char *field, int line, const char *fmt,
    ...)
{
	struct failure w = { .kind = FAILURE_NONE, .line = line };
	va_list ap;

	if (v->warnings.count >= NOTICE_MAX_WARNINGS)
		return 0;
	if (v->warnings.count == NOTICE_MAX_WARNINGS - 1) {
		snprintf(w.field, sizeof w.field, "notice");
		snprintf(w.message, sizeof w.message, "%s", _("more warnings "
		    "were left out"));
		return failure_list_add(&v->warnings, &w);
	}
	snprintf(w.field, sizeof w.field, "%s", field);
	va_start(ap, fmt);
	/* in the language of the one importing the notice (SPEC 12) */
	vsnprintf(w.message, sizeof w.message, _(fmt), ap);
	va_end(ap);
	return failure_list_add(&v->warnings, &w);
}

static int
notice_oom(struct notice_parser *p)
{
	return failure_set(p->f, FAILURE_INTERNAL, "notice",
	    "out of memory while reading the notice");
}

/* Normalises a remembered line into p->buf. */
static size_t
notice_renormalize(struct notice_parser *p, const struct notice_span *sp)
{
	bool bullet;

	return notice_text_normalize(sp->s, sp->n, p->buf, &bullet);
}

/* Keeps the first value of a header key; a different second one is noted. */
static int
notice_header_value(struct notice_parser *p, enum notice_key key,
    const char *value, size_t n)
{
	char q[64];

	if (p->value[key] != NULL) {
		if (strlen(p->value[key]) == n &&
		    memcmp(p->value[key], value, n) == 0)
			return 0;
		notice_text_quote(q, 48, value, n);
		return notice_warn(p->v, notice_key_fields[key], p->line,
		    "a second value \"%s\" is ignored; the one on line %d is "
		    "used", q, p->value_line[key]) < 0 ? notice_oom(p) : 0;
	}
	if ((p->value[key] = notice_text_strndup(value, n)) == NULL)
		return notice_oom(p);
	/* a value cut inside a character (found by fuzz-notice) loses the
	 * piece: it is quoted in warnings, which must stay UTF-8 */
	failure_trim_utf8(p->value[key]);
	p->value_line[key] = p->line;
	return 0;
}

static int
notice_contract_append(struct notice_parser *p, const char *s, size_t n)
{
	if (p->contract_len + n + 1 > NOTICE_CONTRACT_TEXT_MAX)
		return 0;
	if (p->contract_len + n + 1 > p->contract_cap) {
		size_t cap = p->contract_cap ? p->contract_cap * 2 : 4096;
		char *c;

		while (cap < p->contract_len + n + 1)
			cap *= 2;
		if ((c = realloc(p->contract, cap)) == NULL)
			return notice_oom(p);
		p->contract = c;
		p->contract_cap = cap;
	}
	/* Lines join with a space: a page break often splits a sentence. */
	if (p->contract_len > 0)
		p->contract[p->contract_len++] = ' ';
	memcpy(p->contract + p->contract_len, s, n);
	p->contract_len += n;
	return 0;
}

static int
notice_enter_french(struct notice_parser *p)
{
	p->phase = PHASE_FRENCH;
	p->in_contract = false;
	p->posts_closed = true;
	/* The French title line stands right before the French header. */
	p->title_fr = p->prev;
	return 0;
}

static int
notice_line(struct notice_parser *p, const char *raw, size_t rawlen)
{
	struct notice_span here = { raw, rawlen, p->line };
	const char *s = p->buf, *value = NULL;
	size_t n, vlen = 0, r, rl, tl;
	enum notice_key key = NOTICE_KEY_NONE;
	bool bullet, contract;
	int heading = 0, ann;

	/* Most of a notice is prose that only needs telling apart from keys
	 * and headings, which its first words do: the rest of a long line is
	 * normalised only where the parser reads it. */
	n = notice_text_normalize(raw, rawlen < NOTICE_PREFIX ? rawlen :
	    NOTICE_PREFIX, p->buf, &bullet);
	if (rawlen > NOTICE_PREFIX && (n == 0 || p->phase < PHASE_BODY ||
	    p->in_contract || !p->posts_closed ||
	    (s[0] >= '0' && s[0] <= '9') || (!bullet &&
	    notice_keys_find(s, n, &value, &vlen) != NOTICE_KEY_NONE)))
		n = notice_text_normalize(raw, rawlen, p->buf, &bullet);
	if (n == 0)
		return 0;
	if (!bullet) {
		key = notice_keys_find(s, n, &value, &vlen);
		heading = notice_text_heading(s, n, p->lang, &contract);
	}
	/* "Organisation" starts prose too: a label only in a French header. */
	if (key == NOTICE_KEY_FR_BODY && (p->lang != NOTICE_LANG_FR ||
	    p->phase != PHASE_HEADER || p->described))
		key = NOTICE_KEY_NONE;
	if (p->phase == PHASE_PREAMBLE) {
		/* A title such as "Schedule Officer (241370)" starts like a
		 * key; a date ("-2025") is too short for a reference. */
		if (!bullet && notice_text_title(s, n, &r, &rl, &tl, &ann) &&
		    (rl >= 5 || s[n - 1] == ')') &&
		    key != NOTICE_KEY_DESCRIPTION)
			key = NOTICE_KEY_NONE, heading = 0;
		if (key == NOTICE_KEY_NONE && heading == 0) {
			if (!bullet && !notice_text_banner(s, n)) {
				p->title_any = here;
				if (notice_text_title(s, n, &r, &rl, &tl, &ann))
					p->title = here;
			}
			p->prev = here;
			return 0;
		}
		p->phase = PHASE_HEADER;
	}
	if (!p->lang_known && p->phase == PHASE_HEADER && !p->described &&
	    key != NOTICE_KEY_NONE && key != NOTICE_KEY_GRADE &&
	    key != NOTICE_KEY_DESCRIPTION) {
		p->lang_known = true;
		p->lang = notice_keys_french(key) ? NOTICE_LANG_FR :
		    NOTICE_LANG_EN;
	}
	if (p->lang == NOTICE_LANG_FR)
		key = notice_keys_english(key);
	else if (p->phase != PHASE_FRENCH && notice_keys_french(key))
		notice_enter_french(p);
	p->prev = here;
	if (p->phase == PHASE_FRENCH) {
		if (p->waiting == NOTICE_KEY_FR_DEADLINE &&
		    key == NOTICE_KEY_NONE) {
			p->waiting = NOTICE_KEY_NONE;
			return notice_header_value(p, NOTICE_KEY_FR_DEADLINE,
			    s, n);
		}
		p->waiting = NOTICE_KEY_NONE;
		if (key == NOTICE_KEY_FR_DEADLINE && vlen == 0)
			p->waiting = key;
		else if (key == NOTICE_KEY_FR_DEADLINE && p->value[key] == NULL)
			return notice_header_value(p, key, value, vlen);
		return 0;
	}
	if (heading > 0) {
		p->phase = PHASE_BODY;
		p->waiting = NOTICE_KEY_NONE;
		p->in_contract = false;
		if (heading >= 2)
			p->posts_closed = true;
		if (contract && !p->contract_seen) {
			p->in_contract = p->contract_seen = true;
			p->contract_line = p->line;
		}
		return 0;
	}
	if (p->in_contract) {
		/* The twin-grade NOTE closing section 6 is not about terms. */
		if (strncmp(s, "NOTE", 4) == 0 && (n == 4 || s[4] == ':' ||
		    s[4] == ' '))
			p->in_contract = false;
		else if (notice_contract_append(p, s, n) < 0)
			return -1;
	}
	if (p->phase == PHASE_HEADER && !p->described) {
		if (p->waiting != NOTICE_KEY_NONE &&
		    key == NOTICE_KEY_NONE && !bullet) {
			key = p->waiting;
			p->waiting = NOTICE_KEY_NONE;
			return notice_header_value(p, key, s, n);
		}
		p->waiting = NOTICE_KEY_NONE;
		if (key == NOTICE_KEY_DESCRIPTION) {
			p->described = true;
			return 0;
		}
		if (key != NOTICE_KEY_NONE) {
			if (vlen == 0) {
				p->waiting = key;
				return 0;
			}
			return notice_header_value(p, key, value, vlen);
		}
	}
	if (p->posts_closed)
		return 0;
	if (bullet) {
		if (notice_posts_bullet(p->v, &p->posts, p->f, s, n,
		    p->line) >= 0)
			return 0;
		return p->f->kind != FAILURE_NONE ? -1 : notice_oom(p);
	}
	/* A line of its own such as "Pending budget approval" under
	 * Description applies to the whole notice. */
	if (key == NOTICE_KEY_NONE && n < 160 && notice_text_pending(s, n))
		p->v->pending_budget_approval = true;
	return 0;
}

static int
notice_title(struct notice_parser *p)
{
	struct vacancy *v = p->v;
	size_t n, r, rl, tl;
	char q[96];
	int rc;

	if (p->title.s == NULL) {
		if (p->title_any.s == NULL)
			return failure_set(p->f, FAILURE_INVALID_FIELD,
			    "reference", "the notice has no title line ending "
			    "with its reference number, such as \"Officer "
			    "(241370)\" or \"Officer-250914\"");
		n = notice_renormalize(p, &p->title_any);
		notice_text_quote(q, 80, p->buf, n);
		rc = failure_set(p->f, FAILURE_INVALID_FIELD, "reference",
		    "line %d: the title line \"%s\" does not end with a "
		    "reference number such as (241370) or -250914",
		    p->title_any.line, q);
		p->f->line = p->title_any.line;
		return rc;
	}
	n = notice_renormalize(p, &p->title);
	notice_text_title(p->buf, n, &r, &rl, &tl, &v->posts_announced);
	if ((v->reference = notice_text_strndup(p->buf + r, rl)) == NULL ||
	    (tl > 0 && (v->title = notice_text_strndup(p->buf, tl)) == NULL))
		return notice_oom(p);
	if (v->title != NULL && !contract_visible_text(v->title))
		return notice_text_hidden(p->f, "title", p->title.line);
	if (tl == 0 && notice_warn(v, "title", p->title.line, "the title "
	    "line holds only the reference") < 0)
		return notice_oom(p);
	return 0;
}

/* Location, NATO body, schedule and clearance are kept as written, in
 * the notice's language: a French-only notice gives "Belgique-Bruxelles". */
static int
notice_header_text(struct notice_parser *p, enum notice_key key, char **out)
{
	if (p->value[key] != NULL) {
		*out = p->value[key];
		p->value[key] = NULL;
		return 0;
	}
	return notice_warn(p->v, notice_key_fields[key], 0, "the notice "
	    "gives no %s", notice_key_labels[key][p->lang]);
}

/* The French title repeats the reference; a different one is a typo in
 * one of the two halves. */
static int
notice_reference_fr(struct notice_parser *p)
{
	size_t n, r, rl, tl;
	int announced;

	if (p->title_fr.s == NULL)
		return 0;
	n = notice_renormalize(p, &p->title_fr);
	if (!notice_text_title(p->buf, n, &r, &rl, &tl, &announced) ||
	    (strlen(p->v->reference) == rl &&
	    memcmp(p->v->reference, p->buf + r, rl) == 0))
		return 0;
	return notice_warn(p->v, "reference", p->title_fr.line, "the French "
	    "title gives the reference %.*s, the English one %s", (int)rl,
	    p->buf + r, p->v->reference);
}

/*
 * The English deadline is required; the French one is a cross-check, but an
 * impossible date refuses the notice wherever it is. A French-only notice
 * has one deadline, required: deadline_fr is the same instant, and there
 * is nothing to check it against.
 */
static int
notice_deadlines(struct notice_parser *p)
{
	struct vacancy *v = p->v;
	char en[LOCALTIME_RFC3339_LEN], fr[LOCALTIME_RFC3339_LEN];

	if (notice_deadline_instant(v, p->f, "application_deadline",
	    p->value[NOTICE_KEY_DEADLINE], p->value_line[NOTICE_KEY_DEADLINE],
	    true, p->lang, &v->application_deadline) < 0 ||
	    (p->lang == NOTICE_LANG_EN && notice_deadline_instant(v, p->f,
	    "deadline_fr", p->value[NOTICE_KEY_FR_DEADLINE],
	    p->value_line[NOTICE_KEY_FR_DEADLINE], false, NOTICE_LANG_FR,
	    &v->deadline_fr) < 0))
		return p->f->kind != FAILURE_NONE ? -1 : notice_oom(p);
	if (p->lang == NOTICE_LANG_FR) {
		v->deadline_fr = v->application_deadline;
		return 0;
	}
	if (v->deadline_fr == 0 || v->deadline_fr == v->application_deadline)
		return 0;
	localtime_format_rfc3339(VACANCY_TIMEZONE, v->deadline_fr, fr);
	localtime_format_rfc3339(VACANCY_TIMEZONE, v->application_deadline, en);
	if (notice_warn(v, "deadline_fr", p->value_line[NOTICE_KEY_FR_DEADLINE],
	    "the French \"Date de retrait\" (%s) disagrees with the "
	    "Application Deadline (%s), which is used", fr, en) < 0)
		return notice_oom(p);
	return 0;
}

static int
notice_finish(struct notice_parser *p)
{
	struct vacancy *v = p->v;
	struct notice_grade g = { .twin = false };

	/* Neither a title with its reference nor a deadline in either
	 * language: some other document, refused as such rather than with a
	 * field error from deep inside it (SPEC section 3). */
	if (p->title.s == NULL && p->title_fr.s == NULL &&
	    p->value_line[NOTICE_KEY_DEADLINE] == 0 &&
	    p->value_line[NOTICE_KEY_FR_DEADLINE] == 0)
		return failure_set(p->f, FAILURE_BAD_REQUEST, "notice",
		    "this is not a vacancy notice");
	if (notice_title(p) < 0)
		return -1;
	if (notice_deadlines(p) < 0)
		return -1;
	if (notice_reference_fr(p) < 0 ||
	    notice_header_text(p, NOTICE_KEY_LOCATION, &v->location) < 0 ||
	    notice_header_text(p, NOTICE_KEY_BODY, &v->nato_body) < 0 ||
	    notice_header_text(p, NOTICE_KEY_SCHEDULE, &v->schedule) < 0 ||
	    notice_fields_salary_set(v, p->value[NOTICE_KEY_SALARY],
	    p->value_line[NOTICE_KEY_SALARY],
	    notice_key_labels[NOTICE_KEY_SALARY][p->lang]) < 0 ||
	    notice_fields_grade_set(v, p->value[NOTICE_KEY_GRADE],
	    p->value_line[NOTICE_KEY_GRADE], &g) < 0 ||
	    notice_header_text(p, NOTICE_KEY_CLEARANCE, &v->clearance) < 0 ||
	    notice_posts_finish(v, &p->posts, &g, p->title.line) < 0)
		return notice_oom(p);
	if (p->contract_seen) {
		if (notice_contract_read(v, p->contract ? p->contract : "",
		    p->contract_len, p->contract_line, p->lang) < 0)
			return notice_oom(p);
	} else {
		v->contract = (struct vacancy_contract){
			.initial_term_months = POLICY_NONE,
			.renewal_term_months = POLICY_NONE,
			.max_service_months = POLICY_NONE,
			.conversion_deadline_months = POLICY_NONE,
		};
		if (notice_warn(v, "contract", 0, "the notice has no section 6 "
		    "(%s); contracts on it get the default policy",
		    p->lang == NOTICE_LANG_FR ? "CONTRAT" : "CONTRACT") < 0)
			return notice_oom(p);
	}
	return 0;
}

static void
notice_parser_free(struct notice_parser *p)
{
	free(p->buf);
	free(p->contract);
	for (int k = 0; k < NOTICE_KEY_COUNT; k++)
		free(p->value[k]);
}

struct vacancy *
notice_parse(const char *text, size_t len, struct failure *f)
{
	struct failure ignored;
	struct notice_parser p = { .f = f != NULL ? f : &ignored };
	size_t start = 0;

	f = p.f;
	failure_clear(f);
	if (len > NOTICE_MAX_BYTES) {
		failure_set(f, FAILURE_TOO_LARGE, "notice", "the notice is "
		    "larger than %u bytes", NOTICE_MAX_BYTES);
		return NULL;
	}
	if ((text == NULL && len > 0) || notice_text_check(text, len, f) < 0) {
		if (f->kind == FAILURE_NONE)
			failure_set(f, FAILURE_BAD_REQUEST, "notice",
			    "the notice is empty");
		return NULL;
	}
	if ((p.v = calloc(1, sizeof *p.v)) == NULL) {
		notice_oom(&p);
		return NULL;
	}
	/* Lines end at LF, CRLF or a lone CR; a form feed is a space. */
	while (start < len) {
		size_t end = start, n;

		while (end < len && text[end] != '\n' && text[end] != '\r')
			end++;
		n = end - start;
		if (n + 1 > p.cap) {
			size_t cap = p.cap ? p.cap : 256;
			char *b;

			while (cap < n + 1)
				cap *= 2;
			if ((b = realloc(p.buf, cap)) == NULL) {
				notice_oom(&p);
				goto fail;
			}
			p.buf = b;
			p.cap = cap;
		}
		p.line++;
		if (notice_line(&p, text + start, n) < 0)
			goto fail;
		if (end + 1 < len && text[end] == '\r' && text[end + 1] == '\n')
			end++;
		start = end + 1;
	}
	if (p.buf == NULL && (p.buf = malloc(1)) == NULL) {
		notice_oom(&p);
		goto fail;
	}
	if (notice_finish(&p) < 0)
		goto fail;
	notice_parser_free(&p);
	return p.v;
fail:
	notice_parser_free(&p);
	vacancy_free(p.v);
	return NULL;
}
