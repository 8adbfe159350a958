/* The vacancy notice parser on edited real notices: every class of refusal,
 * in English and in French, and the edits it tolerates with a warning. */
#include "notice-fixture.h"

static void
expect_refused_edit(const char *from, const char *to, enum failure_kind kind,
    const char *field, int line, const char *says, const char *what)
{
	size_t len;
	char *text = edit(real[0].file, from, to, &len);

	expect_refusal(text, len, kind, field, line, says, what);
	free(text);
}

/* The same in French notice 000 alone, where the Date de retrait is on
 * line 9. */
static void
expect_refused_fr(const char *from, const char *to, const char *field,
    int line, const char *says, const char *what)
{
	size_t len;
	char *text = edit_in("french", "000-plain.txt", from, to, &len);

	expect_refusal(text, len, FAILURE_INVALID_FIELD, field, line, says,
	    what);
	free(text);
}

static void
test_refusals(void)
{
	static const char nul[] = "Officer (241370)\nApplication Deadline: "
	    "13-Oct-2024\n\x00\x01binary";
	char *many;
	size_t o = 0;

	expect_refusal("", 0, FAILURE_BAD_REQUEST, "notice", 0, "empty",
	    "empty input");
	expect_refusal("\n \r\n\t\n", 6, FAILURE_BAD_REQUEST, "notice", 0,
	    "empty", "blank lines only");
	expect_refusal(nul, sizeof nul - 1, FAILURE_BAD_REQUEST, "notice", 3,
	    "binary", "a NUL byte");
	expect_refusal("Title (241370)\n\x1b[1mbold", 23, FAILURE_BAD_REQUEST,
	    "notice", 2, "0x1b", "an escape character");
	expect_refusal("Title (241370)\x7f", 15, FAILURE_BAD_REQUEST, "notice",
	    1, "binary", "DEL");
	expect_refusal("Officer (241370)\nAbcdefgh\x7fijklmnop", 34,
	    FAILURE_BAD_REQUEST, "notice", 2, "0x7f",
	    "DEL in the middle of a long run");
	expect_refusal("Officer (241370)\r\nAbcdefgh\x01ijklmnop", 35,
	    FAILURE_BAD_REQUEST, "notice", 2, "0x01",
	    "a control byte in the middle of a long run");
	expect_refusal("a\nb\nc \xc2\x85 d", 10, FAILURE_BAD_REQUEST, "notice",
	    3, "U+0085", "a C1 control character");
	expect_refused_edit("Team Leader", "Team \xc3\x28Leader",
	    FAILURE_BAD_REQUEST, "notice", 8, "line 8 is not valid UTF-8",
	    "invalid UTF-8 in the title");
	expect_refused_edit("Team Leader", "Team \xe2\x80\xaeLeader",
	    FAILURE_INVALID_FIELD, "title", 8, "invisible character",
	    "a right-to-left override in the title");
	expect_refused_edit("Team Leader", "Team \xe2\x81\xa6Leader",
	    FAILURE_INVALID_FIELD, "title", 8, "reorders or hides",
	    "a left-to-right isolate in the title");
	expect_refusal("ok\n\xc0\xaf", 4, FAILURE_BAD_REQUEST, "notice", 2,
	    "UTF-8", "an overlong form");
	expect_refusal("\xed\xa0\x80", 3, FAILURE_BAD_REQUEST, "notice", 1,
	    "UTF-8", "a surrogate");
	expect_refusal("\xf4\x90\x80\x80", 4, FAILURE_BAD_REQUEST, "notice", 1,
	    "UTF-8", "a code point past U+10FFFF");
	expect_refusal("x\r\ny\r\nz\xe2\x82", 9, FAILURE_BAD_REQUEST, "notice",
	    3, "UTF-8", "a sequence cut short at the end");
	expect_refusal("\xff\xfeT\x00i\x00", 6, FAILURE_BAD_REQUEST, "notice",
	    1, "UTF-8", "UTF-16");

	expect_refused_edit("-250914\n", "\n", FAILURE_INVALID_FIELD,
	    "reference", 8, "does not end with a reference",
	    "a title line without its reference");
	expect_refusal("no reference and no deadline here\n", 34,
	    FAILURE_BAD_REQUEST, "notice", 0, "this is not a vacancy notice",
	    "a line of text");
	expect_refusal("Dear colleagues,\nplease find the minutes attached.\n"
	    "Kind regards\n", 64, FAILURE_BAD_REQUEST, "notice", 0,
	    "this is not a vacancy notice", "a letter");
	expect_refusal("Engineer (241370)\nNo dates here.\n", 33,
	    FAILURE_INVALID_FIELD, "application_deadline", 0,
	    "Application Deadline", "a title with its reference but no deadline");
	expect_refused_edit("Application Deadline: 22-Jun-2025, 11:59:00 PM",
	    "Applications welcome", FAILURE_INVALID_FIELD,
	    "application_deadline", 0, "no Application Deadline",
	    "no deadline");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "31-Feb-2026",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "February 2026 has 28 days", "31-Feb-2026");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "29-Feb-2027",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "not a real date", "29 February of a common year");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "31/13/2026",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "no month 13", "month 13");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "Ongoing",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "not a date", "an open-ended deadline");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "22-Jun-2025, 25:00",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "time of day", "25 o'clock");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "22-Jun-2025, 11:",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "time of day", "a time cut short");
	expect_refused_edit("22-juin-2025", "31-juin-2025",
	    FAILURE_INVALID_FIELD, "deadline_fr", 0, "June 2025 has 30 days",
	    "an impossible French date");

	/* In a French-only notice the Date de retrait is the deadline. */
	expect_refused_fr("Date de retrait : 22-juin-2025, 23:59:00\n", "",
	    "application_deadline", 0, "no Date de retrait",
	    "a French-only notice without its deadline");
	expect_refused_fr("22-juin-2025", "31-juin-2025",
	    "application_deadline", 9, "June 2025 has 30 days",
	    "an impossible date in a French-only notice");
	expect_refused_fr("22-juin-2025, 23:59:00", "bient\xc3\xb4t",
	    "application_deadline", 9, "22-juin-2025, 23:59:00",
	    "an unreadable date in a French-only notice");
	expect_refused_fr("-250914\n", "\n", "reference", 1,
	    "does not end with a reference",
	    "a French title line without its reference");

	/* A thousand graded bullets are not a notice. */
	many = malloc(200000);
	o += (size_t)sprintf(many, "Officer (241370)\nApplication Deadline: "
	    "13-Oct-2024\nDescription\n");
	for (int i = 0; i <= NOTICE_MAX_POSTS; i++)
		o += (size_t)sprintf(many + o, "- Officer (G15)\n");
	expect_refusal(many, o, FAILURE_INVALID_FIELD, "posts", 0,
	    "more than 100 posts", "101 posts");
	free(many);
	{
		struct failure f;
		char one = 'x';

		CHECK(notice_parse(&one, NOTICE_MAX_BYTES + 1, &f) == NULL &&
		    f.kind == FAILURE_TOO_LARGE,
		    "past NOTICE_MAX_BYTES: too_large, nothing read");
		CHECK(notice_parse(&one, 1, NULL) == NULL,
		    "the failure may be left out");
	}
}

/* What a warning-only edit of a real notice changes. */
static void
test_tolerated(void)
{
	struct failure f;
	struct vacancy *v;
	size_t len;
	char *text;

	/* The French deadline unreadable: a warning, the notice stands. */
	text = edit(real[0].file, "22-juin-2025, 23:59:00", "bientôt", &len);
	v = parse(text, len, &f);
	CHECK(v != NULL && v->deadline_fr == 0 && v->warnings.count == 2 &&
	    strcmp(v->warnings.items[0].field, "deadline_fr") == 0,
	    "an unreadable French deadline is a warning");
	vacancy_free(v);
	free(text);
	/* Line 13 of notice 000 repeated with another date: the first wins. */
	text = edit(real[0].file, "Salary (Pay Basis)",
	    "Application Deadline: 23-Jun-2025\nSalary (Pay Basis)", &len);
	v = parse(text, len, &f);
	CHECK(v != NULL && v->warnings.count == 2 &&
	    strcmp(v->warnings.items[0].field, "application_deadline") == 0,
	    "a second Application Deadline line is a warning");
	if (v != NULL)
		check_instant(v->application_deadline,
		    "2025-06-22T23:59:00+02:00", "the first deadline is kept");
	vacancy_free(v);
	free(text);
	/* The test of tests/integration: the clause rewritten for a post
	 * where turnover is not desirable. */
	text = edit(real[0].file, "Definite duration contract of three years; "
	    "possibility of renewal for up to three years, during which the "
	    "incumbent may apply for conversion to an indefinite duration "
	    "contract.", "Definite duration contract of three years, which may "
	    "be followed by an indefinite duration contract.", &len);
	v = parse(text, len, &f);
	CHECK(v != NULL && v->contract.max_service_months == NONE &&
	    v->contract.conversion_deadline_months == NONE &&
	    v->contract.conversion_allowed &&
	    v->contract.initial_term_months == 36,
	    "\"may be followed by an indefinite duration contract\": no "
	    "maximum, no conversion deadline");
	vacancy_free(v);
	free(text);
}

int
main(void)
{
	test_refusals();
	test_tolerated();
	return tap_done();
}
