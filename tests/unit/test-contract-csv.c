/* The contract import: columns by name in any order, history columns as
 * decisions, and every error of every row with its line and column.
 *
 * Whether a row's history is one the lifecycle accepts (a renewal past the
 * maximum, a conversion request outside the window, a decision before the
 * start) is deliberately not checked by contract_csv_read(): the store runs
 * lifecycle_plan() on each contract when it records the import and refuses
 * it there. So a row such as renewed_until before the start reads fine
 * here; see test_history_not_planned(). */
#include <stdlib.h>

#include "contract-csv.h"
#include "date.h"
#include "tap.h"

static const char header_all[] =
    "name,email,manager_email,unit,vacancy,post_title,grade,start,"
    "staff_type,twin_graded,birth_date,renewed_until,"
    "conversion_requested_on,converted_on,separated_on,separation_reason\n";

struct result {
	int rc;
	struct contract **list;
	size_t count;
	struct failure_list errors;
};

static void
run(const char *text, const struct policy *p, struct result *r)
{
	struct policy defaults;
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);

	if (p == NULL) {
		policy_default(&defaults);
		p = &defaults;
	}
	memset(r, 0, sizeof *r);
	/* Exactly len bytes, no NUL: an overread is a sanitizer error. */
	memcpy(copy, text, len);
	r->rc = contract_csv_read(copy, len, p, "hr-import", &r->list,
	    &r->count, &r->errors);
	free(copy);
}

static void
done(struct result *r)
{
	contract_csv_free(r->list, r->count);
	failure_list_free(&r->errors);
}

static void
dump_errors(const struct result *r)
{
	for (size_t i = 0; i < r->errors.count; i++)
		printf("#   line %d field \"%s\": %s\n", r->errors.items[i].line,
		    r->errors.items[i].field, r->errors.items[i].message);
}

/* Finds the error on line for field, or NULL. */
static const struct failure *
find_error(const struct result *r, int line, const char *field)
{
	for (size_t i = 0; i < r->errors.count; i++) {
		if (r->errors.items[i].line == line &&
		    strcmp(r->errors.items[i].field, field) == 0)
			return &r->errors.items[i];
	}
	return NULL;
}

static void
expect_error(const struct result *r, int line, const char *field,
    enum failure_kind kind, const char *want, const char *what)
{
	const struct failure *f = find_error(r, line, field);
	char label[200];

	snprintf(label, sizeof label, "%s (line %d, %s)", what, line, field);
	if (!CHECK(f != NULL && f->kind == kind && strstr(f->message, want),
	    label)) {
		printf("#   want kind %d, message containing \"%s\"\n", kind,
		    want);
		dump_errors(r);
	}
}

static int32_t
d(const char *text)
{
	int32_t v = DATE_NONE;

	date_parse(text, &v);
	return v;
}

static void
test_full_row(void)
{
	char text[2048];
	struct policy p;
	struct result r;
	struct contract *c;
	const struct decision *dec;

	policy_default(&p);
	p.max_service_months = POLICY_NONE;
	snprintf(text, sizeof text, "%s%s", header_all,
	    "Ada Lovelace , ada@example.org,boss@example.org,NCIA,"
	    "VN 2025/01,\"Engineer, senior\",A2,2025-09-01,external,yes,"
	    "1980-05-17,2031-08-31,2029-01-15,2029-06-01,2030-01-31,"
	    "\"resigned; moved abroad\"\n");
	run(text, &p, &r);
	CHECK_INT(r.rc, 0, "a full row reads");
	CHECK_INT(r.errors.count, 0, "with no errors");
	dump_errors(&r);
	CHECK_INT(r.count, 1, "one contract");
	if (r.count != 1) {
		done(&r);
		return;
	}
	c = r.list[0];
	CHECK_STR(c->name, "Ada Lovelace", "name trimmed");
	CHECK_STR(c->email, "ada@example.org", "email");
	CHECK_STR(c->manager_email, "boss@example.org", "manager_email");
	CHECK_STR(c->unit, "NCIA", "unit");
	CHECK_STR(c->vacancy, "VN 2025/01", "vacancy");
	CHECK_STR(c->post_title, "Engineer, senior", "quoted post_title");
	CHECK_STR(c->grade, "A2", "grade");
	CHECK_INT(c->post, 0, "no post number from a CSV");
	CHECK_INT(c->terms.start, d("2025-09-01"), "start");
	CHECK_INT(c->terms.staff_type, STAFF_EXTERNAL, "staff_type");
	CHECK(!c->terms.indefinite, "definite");
	CHECK(c->terms.twin_graded, "twin_graded yes");
	CHECK_INT(c->terms.birth_date, d("1980-05-17"), "birth_date");
	CHECK_INT(c->terms.policy.max_service_months, POLICY_NONE,
	    "policy copied from the defaults given");
	CHECK_INT(c->source_line, 2, "source line recorded");
	CHECK_INT(c->decision_count, 4, "four decisions");
	if (c->decision_count == 4) {
		dec = c->decisions;
		CHECK_INT(dec[0].type, DECISION_RENEWED, "first renewed");
		CHECK_INT(dec[0].until, d("2031-08-31"), "renewed until");
		CHECK_INT(dec[0].date, DATE_NONE, "renewal has no date");
		CHECK_INT(dec[1].type, DECISION_CONVERSION_REQUESTED,
		    "then conversion_requested");
		CHECK_INT(dec[1].date, d("2029-01-15"), "request date");
		CHECK_INT(dec[1].until, DATE_NONE, "request has no until");
		CHECK_INT(dec[2].type, DECISION_CONVERTED, "then converted");
		CHECK_INT(dec[2].date, d("2029-06-01"), "converted date");
		CHECK_INT(dec[3].type, DECISION_SEPARATED, "then separated");
		CHECK_INT(dec[3].date, d("2030-01-31"), "separation date");
		CHECK_STR(dec[3].reason, "resigned; moved abroad", "reason");
		CHECK_STR(dec[0].reason, NULL, "only separation has a reason");
		CHECK_STR(dec[2].recorded_by, "hr-import", "recorded_by copied");
		CHECK(dec[2].recorded_by != dec[3].recorded_by,
		    "each decision owns its recorded_by");
		CHECK_INT(dec[0].recorded_at, 0, "recorded_at left to the store");
		CHECK_INT(dec[0].revoked_at, 0, "in force");
	}
	done(&r);
}

static void
test_columns(void)
{
	struct result r;

	/* Any order, any case, spaces around names, semicolons, a BOM,
	 * and only the required columns. */
	run("\xEF\xBB\xBF START ; Email;NAME\r\n"
	    "2025-09-01;a@example.org;Ada\r\n"
	    "\r\n"
	    ";;\r\n"
	    "2024-01-01 ; b@example.org ;  Bob\r\n", NULL, &r);
	CHECK_INT(r.rc, 0, "columns in any order and case");
	dump_errors(&r);
	CHECK_INT(r.count, 2, "blank and all-empty rows are not contracts");
	if (r.count == 2) {
		CHECK_STR(r.list[1]->name, "Bob", "cell trimmed");
		CHECK_INT(r.list[1]->terms.start, d("2024-01-01"), "date trimmed");
		CHECK_INT(r.list[1]->source_line, 5, "line after skipped rows");
		CHECK_STR(r.list[0]->manager_email, NULL, "absent column is NULL");
		CHECK_INT(r.list[0]->terms.birth_date, DATE_NONE,
		    "absent birth date");
		CHECK_INT(r.list[0]->decision_count, 0, "no history, no decisions");
		CHECK_INT(r.list[0]->terms.staff_type, STAFF_EXTERNAL,
		    "external by default");
		CHECK(!r.list[0]->terms.twin_graded, "not twin-graded by default");
	}
	done(&r);

	run("name,email,start,staff_type,twin_graded,unit\n"
	    "A,a@example.org,2025-09-01,serving-indefinite,TRUE,\n"
	    "B,b@example.org,2025-09-01,Indefinite,0,\n"
	    "C,c@example.org,2025-09-01,SECONDED,no,\n"
	    "D,d@example.org,2025-09-01,serving,1,\n"
	    "E,e@example.org,2025-09-01,,,\n"
	    "F,f@example.org,2025-09-01\n", NULL, &r);
	CHECK_INT(r.rc, 0, "staff types and flags");
	dump_errors(&r);
	if (r.count == 6) {
		CHECK(r.list[0]->terms.staff_type == STAFF_SERVING &&
		    r.list[0]->terms.indefinite, "serving-indefinite");
		CHECK(r.list[0]->terms.twin_graded, "TRUE");
		CHECK(r.list[1]->terms.staff_type == STAFF_SERVING &&
		    r.list[1]->terms.indefinite, "indefinite alone");
		CHECK(!r.list[1]->terms.twin_graded, "0");
		CHECK(r.list[2]->terms.staff_type == STAFF_SECONDED &&
		    !r.list[2]->terms.indefinite, "seconded, any case");
		CHECK(r.list[3]->terms.staff_type == STAFF_SERVING &&
		    !r.list[3]->terms.indefinite, "serving is definite");
		CHECK(r.list[3]->terms.twin_graded, "1");
		CHECK(r.list[4]->terms.staff_type == STAFF_EXTERNAL,
		    "empty staff type is external");
		CHECK_STR(r.list[4]->unit, NULL, "empty cell is absent");
		CHECK(r.list[5]->terms.staff_type == STAFF_EXTERNAL,
		    "short row: missing cells are empty");
	} else
		CHECK_INT(r.count, 6, "six contracts");
	done(&r);

	run("name,email,start\n", NULL, &r);
	CHECK(r.rc == 0 && r.count == 0 && r.list != NULL,
	    "a header alone is an empty import");
	done(&r);

	/* The same person twice: a second contract, not an error. */
	run("name,email,start\nA,a@example.org,2019-01-01\n"
	    "A,A@example.org,2025-01-01\n", NULL, &r);
	CHECK(r.rc == 0 && r.count == 2, "same email on two rows allowed");
	done(&r);

	run("name,email,start,separated_on,separation_reason\n"
	    "A,a@example.org,2025-01-01,2026-01-01,\"moved\nabroad\"\n",
	    NULL, &r);
	CHECK(r.rc == 0 && r.count == 1 &&
	    strcmp(r.list[0]->decisions[0].reason, "moved\nabroad") == 0,
	    "a reason may span lines");
	done(&r);
}

static void
test_header_errors(void)
{
	struct result r;

	run("name,e-mail,start,Unit,unit,,salary\n"
	    "A,a@example.org,2025-09-01,x,y,,1\n", NULL, &r);
	CHECK_INT(r.rc, -1, "bad header refused");
	CHECK(r.list == NULL && r.count == 0, "nothing handed back");
	expect_error(&r, 1, "e-mail", FAILURE_INVALID_FIELD,
	    "unknown column \"e-mail\"", "unknown column named");
	expect_error(&r, 1, "salary", FAILURE_INVALID_FIELD,
	    "unknown column \"salary\"", "second unknown column also named");
	expect_error(&r, 1, "unit", FAILURE_INVALID_FIELD, "appears twice",
	    "duplicate column");
	expect_error(&r, 1, "", FAILURE_BAD_REQUEST, "column 6 of the header "
	    "has no name", "unnamed column");
	expect_error(&r, 1, "email", FAILURE_INVALID_FIELD,
	    "required column email is missing", "missing required column");
	CHECK_INT(r.errors.count, 5, "header errors only, rows not read");
	done(&r);

	run("name,email,start,\xC3\xA9tat civil du collaborateur \xC3\xA0 "
	    "la date d'entr\xC3\xA9\x65 dans l'organisation\n", NULL, &r);
	CHECK_INT(r.errors.count, 1, "long unknown column");
	if (r.errors.count == 1) {
		const struct failure *f = &r.errors.items[0];
		size_t n = strlen(f->message);

		CHECK_STR(f->field, "\xC3\xA9tat civil du collaborateur \xC3\xA0 "
		    "la date d'entr", "field cut at a character boundary");
		CHECK(n > 27 && strcmp(f->message + n - 27,
		    "separation_reason, language") == 0,
		    "message keeps the whole list of columns");
		CHECK(strstr(f->message, "\"\xC3\xA9tat civil du colla...\"") !=
		    NULL, "long name quoted in part");
	}
	done(&r);

	run("unit\nx\n", NULL, &r);
	CHECK_INT(r.errors.count, 3, "each missing required column reported");
	expect_error(&r, 1, "name", FAILURE_INVALID_FIELD, "missing",
	    "name missing");
	expect_error(&r, 1, "start", FAILURE_INVALID_FIELD, "missing",
	    "start missing");
	done(&r);
}

static void
test_row_errors(void)
{
	struct result r;
	char text[4096];

	snprintf(text, sizeof text, "%s%s", header_all,
	    /* 2: fine */
	    "Ada,ada@example.org,,,,,,2025-09-01,,,,,,,,\n"
	    /* 3: bad start, bad staff_type, bad twin_graded */
	    "Bob,bob@example.org,,,,,,2025-02-30,boss,maybe,,,,,,\n"
	    /* 4: no name, bad email, bad manager, birth after start */
	    ",not-an-email,nobody,,,,,2025-09-01,,,2026-01-01,,,,,\n"
	    /* 5: a multi-line unit; separated_on without a reason */
	    "Cy,cy@example.org,,\"two\nlines\",,,,2025-09-01,,,,,,,2026-01-01,\n"
	    /* 7 (after the two-line row): reason without date, bad
	     * renewed_until, conversion dates not dates */
	    "Di,di@example.org,,,,,,2025-09-01,,,,2028-8-31,soon,2029-13-01,,"
	    "left\n"
	    /* 8: start missing */
	    "Ed,ed@example.org,,,,,,,,,,,,,,\n");
	run(text, NULL, &r);
	CHECK_INT(r.rc, -1, "rows with errors refuse the import");
	CHECK(r.list == NULL && r.count == 0, "no contracts handed back");
	expect_error(&r, 3, "start", FAILURE_INVALID_FIELD,
	    "start \"2025-02-30\" is not a date", "impossible start date");
	{
		int on_good_row = 0;

		for (size_t i = 0; i < r.errors.count; i++)
			on_good_row += r.errors.items[i].line == 2;
		CHECK_INT(on_good_row, 0, "no error on the good row");
	}
	expect_error(&r, 3, "staff_type", FAILURE_INVALID_FIELD,
	    "must be external, seconded, serving or serving-indefinite",
	    "unknown staff type");
	expect_error(&r, 3, "twin_graded", FAILURE_INVALID_FIELD,
	    "must be true, false", "bad flag");
	expect_error(&r, 4, "name", FAILURE_INVALID_FIELD, "a name is required",
	    "missing name");
	expect_error(&r, 4, "email", FAILURE_INVALID_FIELD,
	    "not an email address", "bad email, past the first validate error");
	expect_error(&r, 4, "manager_email", FAILURE_INVALID_FIELD,
	    "not an email address", "bad manager email");
	expect_error(&r, 4, "birth_date", FAILURE_INVALID_FIELD,
	    "before the start", "birth date after start");
	expect_error(&r, 5, "unit", FAILURE_INVALID_FIELD, "line break",
	    "line break in a one-line field");
	expect_error(&r, 5, "separation_reason", FAILURE_INVALID_FIELD,
	    "needs a reason", "separation without a reason");
	expect_error(&r, 7, "separated_on", FAILURE_INVALID_FIELD,
	    "separated_on is empty", "reason without a separation");
	expect_error(&r, 7, "renewed_until", FAILURE_INVALID_FIELD,
	    "YYYY-MM-DD", "non-strict renewal date");
	expect_error(&r, 7, "conversion_requested_on", FAILURE_INVALID_FIELD,
	    "\"soon\" is not a date", "text for a date");
	expect_error(&r, 7, "converted_on", FAILURE_INVALID_FIELD,
	    "not a date", "month 13");
	expect_error(&r, 8, "start", FAILURE_INVALID_FIELD,
	    "a start date is required", "missing start");
	/* Each of the above once, nothing else: a bad start is not also
	 * "required", and the bad email does not hide the others. */
	CHECK_INT(r.errors.count, 14, "every error of every row, each once");
	dump_errors(&r);
	done(&r);
}

static void
test_structural_error(void)
{
	struct result r;

	run("name,email,start\nA,\"a@example.org,2025-09-01\n", NULL, &r);
	CHECK_INT(r.rc, -1, "broken CSV refused");
	CHECK_INT(r.errors.count, 1, "one error for the reader");
	if (r.errors.count == 1) {
		CHECK_INT(r.errors.items[0].line, 2, "with its line");
		CHECK(strstr(r.errors.items[0].message, "never closed") != NULL,
		    "and the reader's sentence");
	}
	done(&r);

	run("name,email,start\nA,a@example.org,\xC3\n", NULL, &r);
	CHECK(r.rc == -1 && r.errors.count == 1 &&
	    r.errors.items[0].line == 2, "invalid UTF-8 names line 2");
	done(&r);

	run("", NULL, &r);
	CHECK(r.rc == -1 && r.errors.count == 1, "empty body refused");
	done(&r);
}

static void
test_error_cap(void)
{
	size_t rows = CONTRACT_CSV_MAX_ERRORS + 500;
	char *text = malloc(32 + rows * 8), *p = text;
	struct result r;

	p += sprintf(p, "name,email,start\n");
	for (size_t i = 0; i < rows; i++)
		p += sprintf(p, "x,y,z\n");	/* two errors: email, start */
	run(text, NULL, &r);
	CHECK_INT(r.rc, -1, "many bad rows refused");
	CHECK_INT(r.errors.count, CONTRACT_CSV_MAX_ERRORS + 1,
	    "error list capped, plus one saying so");
	if (r.errors.count == CONTRACT_CSV_MAX_ERRORS + 1)
		CHECK(strstr(r.errors.items[CONTRACT_CSV_MAX_ERRORS].message,
		    "more errors") != NULL, "last error says more follow");
	done(&r);
	free(text);
}

static void
test_history_not_planned(void)
{
	struct result r;

	/* Renewed before the start and converted twice over: nonsense for
	 * the lifecycle, but that is lifecycle_plan()'s verdict, given by
	 * the store when it records the import. */
	run("name,email,start,renewed_until,converted_on\n"
	    "A,a@example.org,2025-09-01,2020-01-01,2019-01-01\n", NULL, &r);
	CHECK(r.rc == 0 && r.count == 1 && r.list[0]->decision_count == 2,
	    "history is read, not planned");
	done(&r);
}

static void
test_no_recorder(void)
{
	struct policy p;
	struct contract **list;
	size_t count;
	struct failure_list errors = { 0 };
	const char text[] = "name,email,start,separated_on,separation_reason\n"
	    "A,a@example.org,2025-09-01,2026-01-01,gone\n";

	policy_default(&p);
	CHECK_INT(contract_csv_read(text, sizeof text - 1, &p, NULL, &list,
	    &count, &errors), 0, "recorded_by may be NULL");
	CHECK(count == 1 && list[0]->decisions[0].recorded_by == NULL,
	    "and stays NULL");
	contract_csv_free(list, count);
	contract_csv_free(NULL, 0);
	CHECK(1, "contract_csv_free(NULL) is a no-op");
}

/* The column language (SPEC section 12): en or fr, case aside; blank or
 * absent is English; anything else is refused naming the column. */
static void
test_language(void)
{
	struct result r;

	run("name,email,start,language\n"
	    "A,a@example.org,2025-09-01,fr\n"
	    "B,b@example.org,2025-09-01,EN\n"
	    "C,c@example.org,2025-09-01,\n"
	    "D,d@example.org,2025-09-01, Fr \n", NULL, &r);
	CHECK_INT(r.rc, 0, "a language column is read");
	CHECK(r.count == 4 && r.list[0]->language == LANG_FR,
	    "fr is French");
	CHECK(r.count == 4 && r.list[1]->language == LANG_EN,
	    "EN is English");
	CHECK(r.count == 4 && r.list[2]->language == LANG_EN,
	    "blank is the default, English");
	CHECK(r.count == 4 && r.list[3]->language == LANG_FR,
	    "spaces around are trimmed");
	done(&r);

	run("name,email,start\nA,a@example.org,2025-09-01\n", NULL, &r);
	CHECK(r.rc == 0 && r.count == 1 && r.list[0]->language == LANG_EN,
	    "without the column, English");
	done(&r);

	run("name,email,start,language\n"
	    "A,a@example.org,2025-09-01,de\n"
	    "B,b@example.org,2025-09-01,fr\n"
	    "C,c@example.org,2025-09-01,fr-BE\n"
	    "D,d@example.org,2025-09-01,Fran\xC3\xA7\x61is\n", NULL, &r);
	CHECK_INT(r.rc, -1, "an import with another language is refused");
	expect_error(&r, 2, "language", FAILURE_INVALID_FIELD,
	    "language \"de\" must be en or fr", "de is refused");
	expect_error(&r, 4, "language", FAILURE_INVALID_FIELD,
	    "must be en or fr", "fr-BE is refused");
	expect_error(&r, 5, "language", FAILURE_INVALID_FIELD,
	    "\"Fran\xC3\xA7\x61is\" must be en or fr", "a word is refused");
	CHECK(find_error(&r, 3, "language") == NULL, "fr passes");
	CHECK_INT(r.errors.count, 3, "one error per bad row");
	done(&r);
}

int
main(void)
{
	test_full_row();
	test_columns();
	test_header_errors();
	test_row_errors();
	test_structural_error();
	test_error_cap();
	test_history_not_planned();
	test_no_recorder();
	test_language();
	return tap_done();
}
