/* Unit tests of tenurectl's text output: widths and cleaning of text,
 * tables, the timeline of a contract, answers of every wrong shape, and the
 * printing of the daemon's errors. */
#include "../tests/unit/cli-fixture.h"

static void
test_text(void)
{
	char *s;

	CHECK_INT(output_width("Jane Doe"), 8, "ASCII width");
	CHECK_INT(output_width("Zo\xc3\xab"), 3, "precomposed e-diaeresis");
	CHECK_INT(output_width("Zoe\xcc\x88"), 3, "combining diaeresis");
	CHECK_INT(output_width("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99"), 6,
	    "three CJK ideographs");
	CHECK_INT(output_width("\xff\xfe"), 2, "invalid bytes");
	s = output_clean("a\x1b[31mb\x07\xc2\x9b\xe2\x80\xaez\xc0\xaf");
	CHECK_STR(s, "a?[31mb???z??",
	    "controls, C1, bidi override and an overlong form cleaned");
	free(s);
	s = output_clean("L\xc3\xa9" "a \xf0\x9f\x98\x80");
	CHECK_STR(s, "L\xc3\xa9" "a \xf0\x9f\x98\x80", "valid UTF-8 kept");
	free(s);
	s = output_clean("\xed\xa0\x80");
	CHECK_STR(s, "???", "a surrogate is invalid");
	free(s);
}

static void
test_table(void)
{
	static const char *const headers[] = { "ID", "NAME", "NOTE" };
	const char *row[3];
	struct capture cap;
	struct table *t;

	t = output_table_new(3, headers);
	row[0] = "1";
	row[1] = "Zo\xc3\xab \xe6\x9d\x8e";
	row[2] = "";
	output_table_add(t, row);
	row[0] = "12";
	row[1] = NULL;
	row[2] = "x";
	output_table_add(t, row);
	output_table_print(t, capture_start(&cap), "");
	CHECK_STR(capture_end(&cap),
	    "ID  NAME    NOTE\n"
	    "1   Zo\xc3\xab \xe6\x9d\x8e\n"
	    "12  -       x\n", "columns fit their widest cell, no trailing "
	    "blanks");
	free(cap.text);
	output_table_free(t);
}

static const char test_contract[] =
"{\"id\": 1, \"name\": \"Jane Doe\", \"email\": \"jane@example.org\","
" \"manager_email\": \"boss@example.org\", \"unit\": null, \"vacancy\": null,"
" \"post\": null, \"post_title\": null, \"grade\": null,"
" \"start\": \"2025-09-01\", \"staff_type\": \"external\","
" \"indefinite\": false, \"twin_graded\": true, \"birth_date\": null,"
" \"decisions\": [{\"id\": 1, \"type\": \"renewed\", \"date\": null,"
"  \"until\": \"2031-08-31\", \"reason\": null,"
"  \"recorded_at\": \"2026-11-23T10:00:00+01:00\", \"recorded_by\": \"hr\","
"  \"revoked_at\": null},"
"  {\"id\": 2, \"type\": \"separated\", \"date\": \"2027-01-15\","
"  \"until\": null, \"reason\": \"resigned\","
"  \"recorded_at\": \"2026-11-23T10:01:00+01:00\", \"recorded_by\": \"hr\","
"  \"revoked_at\": \"2026-11-23T10:02:00+01:00\"}],"
" \"milestones\": ["
"  {\"kind\": \"contract_start\", \"date\": \"2025-09-01\", \"at\": null,"
"   \"status\": \"scheduled\", \"overdue\": false},"
"  {\"kind\": \"probation_end\", \"date\": \"2026-02-28\", \"at\": null,"
"   \"status\": \"scheduled\", \"overdue\": false},"
"  {\"kind\": \"renewal_decision_due\", \"date\": \"2026-10-01\","
"   \"at\": null, \"status\": \"scheduled\", \"overdue\": true},"
"  {\"kind\": \"initial_term_end\", \"date\": \"2026-11-23\", \"at\": null,"
"   \"status\": \"scheduled\", \"overdue\": false},"
"  {\"kind\": \"contract_end\", \"date\": \"2031-08-31\", \"at\": null,"
"   \"status\": \"scheduled\", \"overdue\": false},"
"  {\"kind\": \"max_service_end\", \"date\": \"2031-08-31\", \"at\": null,"
"   \"status\": \"scheduled\", \"overdue\": false}]}";

static void
test_timeline(void)
{
	struct capture cap;
	json_t *c;

	c = json_loads(test_contract, 0, NULL);
	CHECK(c != NULL, "the test contract parses");
	timeline_print(capture_start(&cap), c, "2026-11-23");
	CHECK_STR(capture_end(&cap),
	    "Contract 1: Jane Doe <jane@example.org>\n"
	    "  manager     boss@example.org\n"
	    "  unit        -\n"
	    "  post        -\n"
	    "  staff type  external, definite, twin-graded\n"
	    "  start       2025-09-01\n"
	    "\n"
	    "Milestones\n"
	    "  2025-09-01  contract_start        scheduled\n"
	    "  2026-02-28  probation_end         scheduled\n"
	    "  2026-10-01  renewal_decision_due  scheduled  OVERDUE\n"
	    "  2026-11-23  -- today --\n"
	    "  2026-11-23  initial_term_end      scheduled\n"
	    "  2031-08-31  contract_end          scheduled\n"
	    "  2031-08-31  max_service_end       scheduled\n"
	    "\n"
	    "Decisions\n"
	    "  #1  renewed    until 2031-08-31       recorded "
	    "2026-11-23T10:00:00+01:00 by hr\n"
	    "  #2  separated  2027-01-15 (resigned)  recorded "
	    "2026-11-23T10:01:00+01:00 by hr  REVOKED 2026-11-23T10:02:00+01:00\n",
	    "the timeline of the worked example");
	free(cap.text);

	timeline_print(capture_start(&cap), c, "2040-01-01");
	CHECK(strstr(capture_end(&cap), "max_service_end       scheduled\n"
	    "  2040-01-01  -- today --\n") != NULL, "today after everything");
	free(cap.text);

	timeline_print(capture_start(&cap), c, NULL);
	CHECK(strstr(capture_end(&cap), "today") == NULL, "no today, no marker");
	free(cap.text);
	json_decref(c);
}

/* Answers of every wrong shape print something and never crash. */
static void
test_hostile(void)
{
	static const char *const answers[] = {
		"{}", "[]", "null", "{\"id\": {}, \"name\": [], \"email\": 3}",
		"{\"milestones\": 5, \"decisions\": \"x\"}",
		"{\"milestones\": [null, 1, \"a\", {\"date\": 5}, {}],"
		" \"decisions\": [null, {\"id\": 1.5, \"revoked_at\": true}]}",
		"{\"staff_type\": null, \"post\": \"x\", \"vacancy\": 7}",
	};
	struct capture cap;
	size_t i;
	json_t *c;

	for (i = 0; i < sizeof answers / sizeof answers[0]; i++) {
		c = json_loads(answers[i], JSON_DECODE_ANY, NULL);
		timeline_print(capture_start(&cap), c, "2026-11-23");
		CHECK(strncmp(capture_end(&cap), "Contract ", 9) == 0,
		    answers[i]);
		free(cap.text);
		json_decref(c);
	}
}

static void
test_errors(void)
{
	struct capture cap;
	const char *body;

	body = "{\"error\": {\"code\": \"invalid_field\", \"message\": "
	    "\"not a date\", \"field\": \"start\", \"line\": null}}";
	client_error_print(capture_start(&cap), NULL, 400, body, strlen(body));
	CHECK_STR(capture_end(&cap), "tenurectl: invalid_field: start: not a "
	    "date\n", "an error with a field");
	free(cap.text);

	body = "{\"errors\": [{\"line\": 3, \"field\": \"start\", \"message\": "
	    "\"bad\"}, {\"line\": 4, \"field\": null, \"message\": \"worse\"}]}";
	client_error_print(capture_start(&cap), "staff.csv", 400, body,
	    strlen(body));
	CHECK_STR(capture_end(&cap), "staff.csv:3: start: bad\n"
	    "staff.csv:4: worse\n", "batch errors as FILE:LINE: FIELD: MESSAGE");
	free(cap.text);

	body = "{\"error\": {\"code\": \"conflict\", \"message\": \"no\"}}";
	client_error_print(capture_start(&cap), NULL, 409, body, strlen(body));
	CHECK_STR(capture_end(&cap), "tenurectl: conflict: no\n",
	    "an error without a field");
	free(cap.text);

	body = "<html>\x1b[2J<body>Bad gateway</body></html>\nmore";
	client_error_print(capture_start(&cap), NULL, 502, body, strlen(body));
	CHECK_STR(capture_end(&cap), "tenurectl: HTTP 502 from tenured: "
	    "<html>?[2J<body>Bad gateway</body></html>...\n",
	    "a body that is not JSON is quoted, cleaned");
	free(cap.text);

	client_error_print(capture_start(&cap), NULL, 404, NULL, 0);
	CHECK_STR(capture_end(&cap), "tenurectl: HTTP 404 from tenured\n",
	    "no body at all");
	free(cap.text);

	body = "{\"error\": \"x\", \"errors\": [1, 2]}";
	client_error_print(capture_start(&cap), NULL, 400, body, strlen(body));
	CHECK_STR(capture_end(&cap), "tenurectl: HTTP 400 from tenured: "
	    "{\"error\": \"x\", \"errors\": [1, 2]}\n",
	    "errors of the wrong shape are quoted");
	free(cap.text);
}

int
main(void)
{
	test_text();
	test_table();
	test_timeline();
	test_hostile();
	test_errors();
	return tap_done();
}
