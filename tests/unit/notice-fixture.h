/* What the tests of the vacancy notice parser on whole notices share: the
 * expectation of every field of a notice, the five real notices
 * (tests/data/notices/real), reading a notice from tests/data/notices
 * (TENURED_TEST_DATA) as it is or with an edit, and the checks that compare
 * a parsed vacancy with its expectation field by field or expect a refusal
 * of a given class. */
#ifndef TENURED_NOTICE_FIXTURE_H
#define TENURED_NOTICE_FIXTURE_H

#include <stdlib.h>
#include <time.h>

#include "localtime.h"
#include "notice.h"
#include "tap.h"

#define NONE POLICY_NONE
#define ALL_STATED 0x3f

struct expect_post {
	const char *title, *grade;
	bool twin;
	const char *number;
	bool pending;
};

struct expect {
	const char *file;
	const char *reference, *title;
	int announced;
	size_t post_count;
	struct expect_post posts[6];
	const char *location, *nato_body, *schedule;
	const char *deadline, *deadline_fr;	/* RFC 3339; NULL: no French */
	const char *amount, *currency, *basis;
	const char *grade_min, *grade_max;
	bool grade_twin;
	const char *clearance;
	bool pending;
	bool has_contract;
	int initial, renewal, max_service, conversion_deadline;
	bool conversion, national;
	unsigned stated;
	const char *warnings[8];		/* fields, in order */
};

#define BXL_BODY "NATO International Staff (NATO IS)"
#define TURNOVER .has_contract = true, .initial = 36, .renewal = 36, \
	.max_service = 72, .conversion_deadline = 12, .conversion = true, \
	.national = true, .stated = ALL_STATED
#define HEADER_V .location = "Belgium-Brussels", .nato_body = BXL_BODY, \
	.schedule = "Full-time", .amount = "6123.45", .currency = "EUR", \
	.basis = "Monthly", .grade_min = "G15", .grade_max = "G15", \
	.clearance = "NS"

static const struct expect real[] = {
	{
		.file = "000_3fb8d09a3868ea97.txt", .reference = "250914",
		.title = "Team Leader, Enterprise Application Support",
		.post_count = 1, .posts = {
			{ "Team Leader, Enterprise Application Support",
			    "G11-G15", true, NULL, false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2025-06-22T23:59:00+02:00",
		.deadline_fr = "2025-06-22T23:59:00+02:00",
		.amount = "5043.00", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G11", .grade_max = "G15", .grade_twin = true,
		.clearance = NULL, TURNOVER,
		.warnings = { "clearance" },
	},
	{
		.file = "001_3d1b54962f703b05.txt", .reference = "241370",
		.title = "Defence Planning Expert", .announced = 3,
		.post_count = 3, .posts = {
			{ "Defence Planning Expert", "G20", false, NULL, false },
			{ "ITPP \xe2\x80\x93 PARP Planner (Defence Planning "
			    "Expert)", "G20", false, NULL, true },
			{ "Defence Planning Expert", "G17-G20", true, NULL,
			    false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2024-10-13T23:59:00+02:00",
		.deadline_fr = "2024-10-13T23:59:00+02:00",
		.amount = "8754.21", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G20", .grade_max = "G20", .clearance = "NS",
		TURNOVER,
	},
	{
		.file = "002_e61e68e64cea3b6c.txt", .reference = "241324",
		.title = "Officer, Enterprise Artificial Intelligence Architect",
		.post_count = 1, .posts = {
			{ "Officer, Enterprise Artificial Intelligence "
			    "Architect", "G17", false, NULL, true } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2024-10-20T23:59:00+02:00",
		.deadline_fr = "2024-10-20T23:59:00+02:00",
		.amount = "7540.44", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G17", .grade_max = "G17", .clearance = "NS",
		.pending = true, TURNOVER,
	},
	{
		.file = "003_47e34c6980936be1.txt", .reference = "241642",
		.title = "Officer, Incident Management", .announced = 2,
		.post_count = 2, .posts = {
			{ "Officer, Incident Management", "G17", false, NULL,
			    true },
			{ "Officer, Incident Management", "G17", false,
			    "OCIO0013", false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2025-01-05T23:59:00+01:00",
		.deadline_fr = "2025-01-05T23:59:00+01:00",
		.amount = "7540.44", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G17", .grade_max = "G17", .clearance = "NS",
		TURNOVER,
		.warnings = { "posts[0].post_number" },
	},
	{
		.file = "004_540736ffb9c9d54b.txt", .reference = "250885",
		.title = "Officer, NATO Industrial Advisory Group (NIAG) and "
		    "Life Cycle Management",
		.post_count = 1, .posts = {
			{ "Officer, NATO Industrial Advisory Group (NIAG) and "
			    "Life Cycle Management", "G20", false, NULL,
			    false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2025-07-06T23:59:00+02:00",
		.deadline_fr = "2025-07-06T23:59:00+02:00",
		.amount = "9253.21", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G20", .grade_max = "G20", .clearance = NULL,
		TURNOVER,
		.warnings = { "clearance" },
	},
};

static inline char *
slurp(const char *dir, const char *name, size_t *len)
{
	const char *root = getenv("TENURED_TEST_DATA");
	char path[1024];
	FILE *fp;
	char *buf;
	long size;

	snprintf(path, sizeof path, "%s/notices/%s/%s",
	    root ? root : "tests/data", dir, name);
	if ((fp = fopen(path, "rb")) == NULL) {
		printf("Bail out! cannot open %s (set TENURED_TEST_DATA)\n", path);
		exit(2);
	}
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	buf = malloc(size > 0 ? (size_t)size : 1);
	*len = fread(buf, 1, (size_t)size, fp);
	fclose(fp);
	return buf;
}

/* Parses exactly len bytes from a copy with nothing after them: a read past
 * the end is a sanitizer error. */
static inline struct vacancy *
parse(const char *text, size_t len, struct failure *f)
{
	char *copy = malloc(len ? len : 1);
	struct vacancy *v;

	memcpy(copy, text, len);
	v = notice_parse(copy, len, f);
	free(copy);
	return v;
}

static inline void
check_instant(int64_t got, const char *want, const char *what)
{
	char buf[LOCALTIME_RFC3339_LEN], w[200];
	int64_t want_instant = 0;

	snprintf(w, sizeof w, "%s is %s", what, want ? want : "absent");
	if (want == NULL) {
		CHECK_INT(got, 0, w);
		return;
	}
	/* The offset in the expectation fixes the instant independently of
	 * the zone rules under test. */
	if (localtime_parse_rfc3339(want, &want_instant) != 0)
		printf("Bail out! bad expectation %s\n", want), exit(2);
	CHECK_INT(got, want_instant, w);
	localtime_format_rfc3339(VACANCY_TIMEZONE, got, buf);
	CHECK_STR(buf, want, w);
}

static inline void
check_vacancy(const struct vacancy *v, const struct expect *e)
{
	const struct vacancy_contract *c = &v->contract;
	char w[160];
	size_t nw = 0;

#define W(what) (snprintf(w, sizeof w, "%s: %s", e->file, what), w)
	CHECK_STR(v->reference, e->reference, W("reference"));
	CHECK_STR(v->title, e->title, W("title"));
	CHECK_INT(v->posts_announced, e->announced, W("posts announced"));
	CHECK_INT(v->post_count, e->post_count, W("post count"));
	for (size_t i = 0; i < v->post_count && i < e->post_count; i++) {
		const struct vacancy_post *p = &v->posts[i];
		const struct expect_post *x = &e->posts[i];
		char what[64];

		snprintf(what, sizeof what, "post %zu title", i + 1);
		CHECK_STR(p->title, x->title, W(what));
		snprintf(what, sizeof what, "post %zu grade", i + 1);
		CHECK_STR(p->grade, x->grade, W(what));
		snprintf(what, sizeof what, "post %zu twin_graded", i + 1);
		CHECK_INT(p->twin_graded, x->twin, W(what));
		snprintf(what, sizeof what, "post %zu post_number", i + 1);
		CHECK_STR(p->post_number, x->number, W(what));
		snprintf(what, sizeof what, "post %zu pending_budget_approval",
		    i + 1);
		CHECK_INT(p->pending_budget_approval, x->pending, W(what));
	}
	CHECK_STR(v->location, e->location, W("location"));
	CHECK_STR(v->nato_body, e->nato_body, W("nato_body"));
	CHECK_STR(v->schedule, e->schedule, W("schedule"));
	check_instant(v->application_deadline, e->deadline,
	    W("application_deadline"));
	check_instant(v->deadline_fr, e->deadline_fr, W("deadline_fr"));
	CHECK_STR(v->salary_amount, e->amount, W("salary amount"));
	CHECK_STR(v->salary_currency, e->currency, W("salary currency"));
	CHECK_STR(v->salary_basis, e->basis, W("salary basis"));
	CHECK_STR(v->grade_min, e->grade_min, W("grade min"));
	CHECK_STR(v->grade_max, e->grade_max, W("grade max"));
	CHECK_INT(v->grade_twin_graded, e->grade_twin, W("grade twin_graded"));
	CHECK_STR(v->clearance, e->clearance, W("clearance"));
	CHECK_INT(v->pending_budget_approval, e->pending,
	    W("pending_budget_approval"));
	CHECK_INT(v->has_contract, e->has_contract, W("has_contract"));
	CHECK_INT(c->initial_term_months, e->initial,
	    W("contract initial_term_months"));
	CHECK_INT(c->renewal_term_months, e->renewal,
	    W("contract renewal_term_months"));
	CHECK_INT(c->max_service_months, e->max_service,
	    W("contract max_service_months"));
	CHECK_INT(c->conversion_allowed, e->conversion,
	    W("contract conversion_allowed"));
	CHECK_INT(c->conversion_deadline_months, e->conversion_deadline,
	    W("contract conversion_deadline_months"));
	CHECK_INT(c->seconded_national_agreement, e->national,
	    W("contract seconded_national_agreement"));
	CHECK_INT(c->stated, e->stated, W("contract terms stated"));
	while (nw < 8 && e->warnings[nw] != NULL)
		nw++;
	CHECK_INT(v->warnings.count, nw, W("warning count"));
	for (size_t i = 0; i < v->warnings.count; i++) {
		const struct failure *x = &v->warnings.items[i];

		if (i < nw)
			CHECK_STR(x->field, e->warnings[i], W("warning field"));
		/* Every warning is a sentence, never a bare field name. */
		CHECK(strlen(x->message) > 10 && x->kind == FAILURE_NONE,
		    W("warning has a message"));
		if (i >= nw)
			printf("#   extra warning %s: %s\n", x->field, x->message);
	}
#undef W
}

static inline void
check_file(const char *dir, const struct expect *e)
{
	struct failure f;
	size_t len;
	char *text = slurp(dir, e->file, &len);
	struct vacancy *v = parse(text, len, &f);

	if (!CHECK(v != NULL, e->file))
		printf("#   refused: %s: %s\n", f.field, f.message);
	else
		check_vacancy(v, e);
	vacancy_free(v);
	free(text);
}

/* Replaces the first occurrence of from in a notice of dir. */
static inline char *
edit_in(const char *dir, const char *file, const char *from, const char *to,
    size_t *len)
{
	size_t n, fl = strlen(from), tl = strlen(to);
	char *text = slurp(dir, file, &n), *out, *at;

	at = memmem(text, n, from, fl);
	if (at == NULL) {
		printf("Bail out! \"%s\" is not in %s\n", from, file);
		exit(2);
	}
	out = malloc(n - fl + tl + 1);
	memcpy(out, text, (size_t)(at - text));
	memcpy(out + (at - text), to, tl);
	memcpy(out + (at - text) + tl, at + fl, n - (size_t)(at - text) - fl);
	*len = n - fl + tl;
	free(text);
	return out;
}

#define edit(file, from, to, len) edit_in("real", file, from, to, len)

static inline void
expect_refusal(const char *text, size_t len, enum failure_kind kind,
    const char *field, int line, const char *says, const char *what)
{
	struct failure f;
	struct vacancy *v = parse(text, len, &f);
	char w[160];

	snprintf(w, sizeof w, "refused: %s", what);
	CHECK(v == NULL, w);
	vacancy_free(v);
	snprintf(w, sizeof w, "%s: %s", what, failure_code(kind));
	CHECK_STR(failure_code(f.kind), failure_code(kind), w);
	snprintf(w, sizeof w, "%s: names %s", what, field);
	CHECK_STR(f.field, field, w);
	if (line > 0) {
		snprintf(w, sizeof w, "%s: on line %d", what, line);
		CHECK_INT(f.line, line, w);
	}
	snprintf(w, sizeof w, "%s: says \"%s\"", what, says);
	if (!CHECK(strstr(f.message, says) != NULL, w))
		printf("#   message: %s\n", f.message);
}

#endif
