/* The vacancy notice parser (SPEC section 3): published text, English half
 * then French half or the French half alone, plain or light Markdown, in;
 * a vacancy with warnings out, or a refusal that names what is wrong.
 * Untrusted input: any bytes. */
#ifndef TENURED_NOTICE_H
#define TENURED_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "failure.h"
#include "vacancy.h"

/* Far above any max_body: the parser is linear, but line numbers are ints
 * and a caller that forgot its own limit should hear about it. */
#define NOTICE_MAX_BYTES (64u * 1024 * 1024)
/* A notice lists a handful of posts; thousands of graded bullets are not a
 * notice, and the JSON answer would dwarf the request. */
#define NOTICE_MAX_POSTS 100
/* Warnings kept; the last says that more were left out. A hostile notice
 * could otherwise repeat a header line a hundred thousand times. */
#define NOTICE_MAX_WARNINGS 100

/*
 * Reads a notice of len bytes (no NUL needed). Returns the vacancy, its
 * warnings in v->warnings (kind FAILURE_NONE, field, message, line where
 * known), or NULL with *f saying why: FAILURE_BAD_REQUEST for input that
 * is not a text notice (empty, binary, invalid UTF-8; f->line is set),
 * FAILURE_INVALID_FIELD naming the field for a missing reference or
 * deadline, an impossible date or too many posts, FAILURE_TOO_LARGE past
 * NOTICE_MAX_BYTES and FAILURE_INTERNAL when memory runs out. f may be
 * NULL. Time and memory are linear in len.
 */
struct vacancy *notice_parse(const char *text, size_t len, struct failure *f);

/* The pieces below are shared by notice*.c and exercised by the tests. */

/* The language a half of a notice (or a French-only notice) is read in. */
enum notice_lang {
	NOTICE_LANG_EN,
	NOTICE_LANG_FR,
};

/* A deadline as written: "22-Jun-2025, 11:59:00 PM", "13-oct.-2024",
 * "05-janv.-2025", "22-juin-2025, 23:59:00", "2025-06-22 14:00", ... */
enum notice_date_status {
	NOTICE_DATE_OK = 0,
	NOTICE_DATE_UNREADABLE,		/* no date we know how to read */
	NOTICE_DATE_IMPOSSIBLE,		/* 31-Feb-2026, month 13, 1850 */
	NOTICE_DATE_BAD_TIME,		/* 25:00, 13:00 PM, 10:61 */
};

struct notice_date {
	int year, month, day;
	int seconds;			/* after midnight; 23:59 if none */
	bool has_time;
};

/* English and French month names, abbreviated with or without the dot or
 * in full, with or without accents; 0 when the word is not a month. */
int notice_deadline_month(const char *word, size_t len);
enum notice_date_status notice_deadline_read(const char *text, size_t len,
        struct notice_date *out);
/* Sets *out to the instant of a deadline as written (in lang's half), in
 * Brussels time. Missing or unreadable, a required deadline refuses the
 * notice (-1 with *f set) and another gets a warning; an impossible date
 * always refuses it. -1 with f->kind FAILURE_NONE when memory runs out. */
int notice_deadline_instant(struct vacancy *v, struct failure *f,
        const char *field, const char *text, int line, bool required,
        enum notice_lang lang, int64_t *out);

/* The words section 6 is read by in one language (notice-contract-words.c).
 * Lists end with NULL; every word is lower-case ASCII without accents. */
struct notice_contract_number {
	const char *word;
	int value;			/* or months, for a unit */
};
struct notice_contract_words {
	const struct notice_contract_number *numbers, *units;
	/* Compound numbers: tens (tens_min or more, a multiple of ten) then
	 * "-", " " or " <and> " and a number below unit_below, written in
	 * unit_len_min letters or more; below 20 after teens_after. */
	int tens_min, unit_below, teens_after;
	size_t unit_len_min;
	const char *and;
	/* A sentence about seconded staff, unless a not_seconded prefix
	 * stands right before the word. */
	const char *seconded;
	const char *const *not_seconded;
	/* Their national authority's agreement: national and a consent. */
	const char *national;
	const char *const *consent;
	/* Conversion to an indefinite contract offered, refused; a contract
	 * that cannot be renewed. */
	const char *const *yes, *const *no, *const *fixed;
	/* Turnover not desirable: "may be followed by an indefinite
	 * contract" (unless not_followed) or said outright. */
	const char *const *followed, *const *not_followed, *const *no_turnover;
	/* The role of a number: deadline when the sentence speaks of
	 * conversion and deadline_next follows it; initial term when
	 * initial_next follows it or initial_before precedes it (unless
	 * not_initial_before does); renewal after a renew word; maximum after
	 * a maximum word in a sentence about service. */
	const char *const *conversion, *const *deadline_next;
	const char *const *initial_next, *const *initial_before;
	const char *const *not_initial_before, *const *renew, *const *maximum;
	const char *service;
};
extern const struct notice_contract_words notice_contract_words_en,
    notice_contract_words_fr;

/* A duration at the start of folded text: "three years", "3-year",
 * "36 months", "twenty-four months", "one (1) year"; "trois ans",
 * "vingt-quatre mois", "un an". Returns the bytes it used and sets
 * *months, or 0 when there is none. */
size_t notice_contract_duration(const char *text, size_t len,
        enum notice_lang lang, int *months);
/* Section 6 (CONTRACT, CONTRAT) in the notice's language, its lines joined
 * by spaces: fills v->contract and v->has_contract and adds warnings. -1
 * only when memory runs out. */
int notice_contract_read(struct vacancy *v, const char *text, size_t len,
        int line, enum notice_lang lang);

/* A grade as written, "G17" or "G11-G15" (or the older "A.2"): the range
 * separator written "-", min below max, twin when they differ. */
struct notice_grade {
	char min[8], max[8];
	char text[16];
	bool twin;
};
/* A grade or range exactly at the start of s; the bytes used, or 0. */
size_t notice_fields_grade(const char *s, size_t n, struct notice_grade *g);
/* The first grade anywhere in a header value ("NATO Grade G11-G15"). */
bool   notice_fields_grade_in(const char *s, size_t n, struct notice_grade *g);

enum notice_post_number {
	NOTICE_POST_NUMBER_NONE,	/* not a post number at all */
	NOTICE_POST_NUMBER_REAL,	/* "OCIO0013" */
	NOTICE_POST_NUMBER_PLACEHOLDER,	/* "OCIOxxxx", "TBD" */
};
enum notice_post_number notice_fields_post_number(const char *s, size_t n);

struct notice_salary {
	char amount[32];		/* "5043.00"; "" when none or malformed */
	char currency[4];		/* "EUR", or "" */
	const char *basis;		/* "Monthly", or NULL */
};
void notice_fields_salary(const char *s, size_t n, struct notice_salary *out);
/* Set the vacancy's salary and grade from their header values (NULL when
 * the line is missing; label names it in the warning), with a warning for
 * what is missing or unreadable. -1 only when memory runs out. */
int  notice_fields_salary_set(struct vacancy *v, const char *text, int line,
         const char *label);
int  notice_fields_grade_set(struct vacancy *v, const char *text, int line,
         struct notice_grade *g);

/* notice-posts.c. Per post, whether it gave a number (or a placeholder)
 * and its line, for the warnings given once all are read. */
struct notice_posts {
	bool numbered[NOTICE_MAX_POSTS];
	int line[NOTICE_MAX_POSTS];
};
/* A bullet before section 2: 1 when it is a post (added to v), 0 when it
 * is another bullet, -1 with *f set when the notice must be refused, or
 * with f->kind FAILURE_NONE when memory runs out. */
int notice_posts_bullet(struct vacancy *v, struct notice_posts *pp,
        struct failure *f, const char *s, size_t n, int line);
/* Once the notice is read: one post from the header (title, grade g) when
 * it lists none, and the warnings about the list. -1 when memory runs
 * out. */
int notice_posts_finish(struct vacancy *v, const struct notice_posts *pp,
        const struct notice_grade *g, int title_line);

/* Appends a warning to v->warnings: the field and a sentence. -1 only when
 * memory runs out. */
int notice_warn(struct vacancy *v, const char *field, int line,
        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The labels of a header, in either language. */
enum notice_key {
	NOTICE_KEY_NONE,
	NOTICE_KEY_LOCATION,
	NOTICE_KEY_BODY,
	NOTICE_KEY_SCHEDULE,
	NOTICE_KEY_DEADLINE,
	NOTICE_KEY_SALARY,
	NOTICE_KEY_GRADE,
	NOTICE_KEY_CLEARANCE,
	NOTICE_KEY_DESCRIPTION,
	NOTICE_KEY_FR_DEADLINE,		/* "Date de retrait" */
	NOTICE_KEY_FR_LOCATION,		/* "Emplacement principal" */
	NOTICE_KEY_FR_BODY,		/* "Organisation" */
	NOTICE_KEY_FR_SCHEDULE,		/* "Horaire" */
	NOTICE_KEY_FR_SALARY,		/* "Salaire (Base de paie)" */
	NOTICE_KEY_FR_CLEARANCE,	/* "Niveau d'habilitation" */
	NOTICE_KEY_COUNT,
};

/* notice-keys.c: the header key a plain line starts with, and where its
 * value begins; whether a key is a French label, and the English key it
 * stands for (other keys are returned as they are). */
enum notice_key notice_keys_find(const char *s, size_t n, const char **value,
           size_t *vlen);
bool   notice_keys_french(enum notice_key key);
enum notice_key notice_keys_english(enum notice_key key);

/* notice-text.c: lines as plain text, and the shapes looked for in them. */

/* Refuses input that is not a text notice: empty, binary, bad UTF-8. */
int    notice_text_check(const char *text, size_t len, struct failure *f);
/* Writes the plain text of a line into out (n + 1 bytes suffice): spaces
 * collapsed, Markdown and HTML marks off, a leading bullet taken off and
 * reported in *bullet. Returns its length. */
size_t notice_text_normalize(const char *s, size_t n, char *out,
           bool *bullet);
/* A numbered section heading ("6. CONTRACT"): its number, or 0; *contract
 * when it is section 6 in lang ("6. CONTRAT" in French). */
int    notice_text_heading(const char *s, size_t n, enum notice_lang lang,
           bool *contract);
/* The banner lines above the title ("VACANCY NOTIFICATION/ ..."). */
bool   notice_text_banner(const char *s, size_t n);
/* A title line: "Title (3 posts) (241370)", "Title-250914", ... The
 * reference's place, the title's length without it and the announced post
 * count; false when the line does not end with a reference. */
bool   notice_text_title(const char *s, size_t n, size_t *ref,
           size_t *ref_len, size_t *title_len, int *announced);
/* Length of s without trailing spaces and separators (" -", ":", dashes). */
size_t notice_text_trim_title(const char *s, size_t n);
/* Titles become calendar summaries and email subjects: a character that
 * reorders or hides text (SPEC section 13) refuses the notice. Sets *f
 * and returns -1. */
int    notice_text_hidden(struct failure *f, const char *field, int line);
/* "Pending budget approval" and the like, on a post or the notice. */
bool   notice_text_pending(const char *s, size_t n);
/* ASCII case-insensitive search and prefix test. */
const char *notice_text_find(const char *s, size_t n, const char *needle);
bool   notice_text_prefix(const char *s, size_t n, const char *prefix);
char  *notice_text_strndup(const char *s, size_t n);
/* Copies at most max bytes of s into out (size max + 4) without splitting a
 * UTF-8 sequence, adding "…" when cut: quotes in messages stay valid text. */
void   notice_text_quote(char *out, size_t max, const char *s, size_t len);

#endif
