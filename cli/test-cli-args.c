/* Unit tests of tenurectl's command line: dates and values as options take
 * them, the option parser, the command table, and the usage and help each
 * command prints when its arguments are wrong. */
#include "../tests/unit/cli-fixture.h"

static void
test_dates(void)
{
	CHECK(args_date_valid("2025-09-01"), "a date");
	CHECK(args_date_valid("2024-02-29"), "a leap day");
	CHECK(args_date_valid("2000-02-29"), "a leap day in a 400th year");
	CHECK(!args_date_valid("1900-02-29"), "no leap day in 1900");
	CHECK(!args_date_valid("2025-02-29"), "no 29 February 2025");
	CHECK(!args_date_valid("2026-02-30"), "no 30 February");
	CHECK(!args_date_valid("2026-04-31"), "no 31 April");
	CHECK(!args_date_valid("2025-1-01"), "two-digit month");
	CHECK(!args_date_valid("2025-01-01x"), "trailing text");
	CHECK(!args_date_valid("2025-01-01 "), "trailing blank");
	CHECK(!args_date_valid("2025/01/01"), "slashes");
	CHECK(!args_date_valid("2025-13-01"), "month 13");
	CHECK(!args_date_valid("2025-00-10"), "month 0");
	CHECK(!args_date_valid("2025-01-00"), "day 0");
	CHECK(!args_date_valid("0999-01-01"), "year out of range");
	CHECK(!args_date_valid(""), "empty");
	CHECK(!args_date_valid("2025-01"), "short");
}

static void
test_values(void)
{
	long long n = 0;
	bool b = false;

	CHECK(args_count("42", &n) == 0 && n == 42, "count 42");
	CHECK(args_count("0", &n) != 0, "count 0");
	CHECK(args_count("-1", &n) != 0, "count -1");
	CHECK(args_count("+1", &n) != 0, "count +1");
	CHECK(args_count("1x", &n) != 0, "count 1x");
	CHECK(args_count("99999999999999999999", &n) != 0, "count overflow");
	CHECK(args_bool("yes", &b) == 0 && b, "bool yes");
	CHECK(args_bool("FALSE", &b) == 0 && !b, "bool FALSE");
	CHECK(args_bool("maybe", &b) != 0, "bool maybe");
	CHECK(args_duration_valid("90d"), "90d");
	CHECK(args_duration_valid("12w"), "12w");
	CHECK(args_duration_valid("6m"), "6m");
	CHECK(!args_duration_valid("5y"), "5y");
	CHECK(!args_duration_valid("d"), "d");
	CHECK(!args_duration_valid("9 d"), "9 d");
	CHECK(!args_duration_valid("1234567d"), "too long");
}

static const struct args_option test_options[] = {
	{ .name = "name", .type = ARGS_STRING, .required = true, .key = "name" },
	{ .name = "start", .type = ARGS_DATE, .key = "start" },
	{ .name = "post", .type = ARGS_COUNT, .nullable = true, .key = "post" },
	{ .name = "twin-graded", .type = ARGS_FLAG, .key = "twin_graded" },
	{ .name = NULL }
};

static int
test_parse(struct args *args, char **error, int argc, ...)
{
	char *argv[16];
	va_list ap;
	int i;

	va_start(ap, argc);
	for (i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	return args_parse(args, argc, argv, test_options, test_globals, false,
	    error);
}

static void
test_args(void)
{
	struct args args;
	char *error, *text;
	json_t *body;
	int rc;

	rc = test_parse(&args, &error, 7, "7", "--name", "Jane Doe",
	    "--start=2025-09-01", "--json", "--twin-graded", "--post=");
	CHECK_INT(rc, 0, "options and operands mixed");
	CHECK_INT(args.noperands, 1, "one operand");
	CHECK_STR(args.operands[0], "7", "the operand");
	CHECK_STR(args_get(&args, "name"), "Jane Doe", "--name VALUE");
	CHECK_STR(args_get(&args, "start"), "2025-09-01", "--start=VALUE");
	CHECK(args_has(&args, "json"), "a global option after the command");
	CHECK(args_has(&args, "twin-graded"), "a flag");
	body = cmd_body(&args);
	text = json_dumps(body, JSON_COMPACT);
	CHECK_STR(text, "{\"name\":\"Jane Doe\",\"start\":\"2025-09-01\","
	    "\"twin_graded\":true,\"post\":null}", "the JSON body");
	free(text);
	json_decref(body);
	args_free(&args);

	rc = test_parse(&args, &error, 4, "--name", "x", "--start",
	    "2025-02-29");
	CHECK(rc != 0 && error != NULL && strstr(error, "--start") != NULL,
	    "a bad date is refused");
	free(error);
	args_free(&args);

	rc = test_parse(&args, &error, 1, "--start");
	CHECK(rc != 0 && strstr(error, "needs a date") != NULL,
	    "a missing value");
	free(error);
	args_free(&args);

	rc = test_parse(&args, &error, 1, "--start=2025-01-01");
	CHECK(rc != 0 && strcmp(error, "missing --name") == 0,
	    "a required option");
	free(error);
	args_free(&args);

	rc = test_parse(&args, &error, 1, "--help");
	CHECK_INT(rc, 0, "--help needs no required option");
	args_free(&args);

	rc = test_parse(&args, &error, 3, "--name", "a", "--nom");
	CHECK(rc != 0 && strcmp(error, "unknown option --nom") == 0,
	    "an unknown option");
	free(error);
	args_free(&args);

	rc = test_parse(&args, &error, 4, "--name", "a", "--name", "b");
	CHECK(rc != 0 && strstr(error, "twice") != NULL, "an option twice");
	free(error);
	args_free(&args);

	rc = test_parse(&args, &error, 3, "--twin-graded=yes", "--name", "a");
	CHECK(rc != 0 && strstr(error, "takes no value") != NULL,
	    "a flag with a value");
	free(error);
	args_free(&args);

	rc = test_parse(&args, &error, 4, "--name", "a", "--", "--start");
	CHECK(rc == 0 && args.noperands == 1 &&
	    strcmp(args.operands[0], "--start") == 0, "-- ends the options");
	args_free(&args);
}

static void
test_commands(void)
{
	char *one[] = { "upcoming", "--within", "9d" };
	char *two[] = { "contract", "request-conversion", "3" };
	char *group[] = { "contract", "frob" };
	char *none[] = { "frob" };
	const struct cmd_entry *e;
	int used;
	bool in_group;

	e = cmd_find(3, one, &used, &in_group);
	CHECK(e == &cmd_upcoming_entry && used == 1, "a one-word command");
	e = cmd_find(3, two, &used, &in_group);
	CHECK(e == &cmd_decision_request_conversion_entry && used == 2,
	    "a two-word command");
	e = cmd_find(2, group, &used, &in_group);
	CHECK(e == NULL && in_group, "an unknown command of a group");
	e = cmd_find(1, group, &used, &in_group);
	CHECK(e == NULL && in_group, "a group alone");
	e = cmd_find(1, none, &used, &in_group);
	CHECK(e == NULL && !in_group, "an unknown command");
}

static void
test_account_commands(void)
{
	static const struct {
		const char *words[2];
		int argc;
		const struct cmd_entry *entry;
	} found[] = {
		{ { "account", "add" }, 2, &cmd_account_add_entry },
		{ { "account", "list" }, 2, &cmd_account_list_entry },
		{ { "account", "edit" }, 2, &cmd_account_edit_entry },
		{ { "account", "token" }, 2, &cmd_account_token_entry },
		{ { "whoami", NULL }, 1, &cmd_account_whoami_entry },
		{ { "audit", NULL }, 1, &cmd_audit_entry },
	};
	char *account[] = { "account" };
	const struct cmd_entry *e;
	char *argv[2];
	size_t i;
	int used;
	bool in_group;

	for (i = 0; i < sizeof found / sizeof found[0]; i++) {
		argv[0] = (char *)found[i].words[0];
		argv[1] = (char *)found[i].words[1];
		e = cmd_find(found[i].argc, argv, &used, &in_group);
		CHECK(e == found[i].entry && used == found[i].argc,
		    found[i].entry->name);
	}
	e = cmd_find(1, account, &used, &in_group);
	CHECK(e == NULL && in_group, "account is a group");
}

static void
test_account_usage(void)
{
	CHECK_INT(test_exec(&cmd_account_add_entry, 1, "alice"), EXIT_USAGE,
	    "account add without --role");
	CHECK_INT(test_exec(&cmd_account_add_entry, 2, "--role", "hr"),
	    EXIT_USAGE, "account add without a name");
	CHECK_INT(test_exec(&cmd_account_add_entry, 3, "alice", "--role",
	    "boss"), EXIT_USAGE, "account add with an unknown role");
	CHECK_INT(test_exec(&cmd_account_add_entry, 5, "alice", "--role", "hr",
	    "--language", "de"), EXIT_USAGE, "account add with language de");
	CHECK_INT(test_exec(&cmd_account_add_entry, 4, "alice", "bob",
	    "--role", "hr"), EXIT_USAGE, "account add with two names");
	CHECK_INT(test_exec(&cmd_account_add_entry, 3, "alice", "--role",
	    "hr"), EXIT_UNREACHABLE, "account add, right, goes to the daemon");
	CHECK_INT(test_exec(&cmd_account_edit_entry, 1, "alice"), EXIT_USAGE,
	    "account edit with nothing to change");
	CHECK_INT(test_exec(&cmd_account_edit_entry, 3, "alice", "--disable",
	    "--enable"), EXIT_USAGE, "account edit --disable --enable");
	CHECK_INT(test_exec(&cmd_account_edit_entry, 3, "alice", "--role",
	    "root"), EXIT_USAGE, "account edit with an unknown role");
	CHECK_INT(test_exec(&cmd_account_edit_entry, 2, "alice", "--enable"),
	    EXIT_UNREACHABLE, "account edit --enable goes to the daemon");
	CHECK_INT(test_exec(&cmd_account_edit_entry, 3, "alice", "--language",
	    ""), EXIT_UNREACHABLE, "account edit --language \"\" clears it");
	CHECK_INT(test_exec(&cmd_account_token_entry, 0), EXIT_USAGE,
	    "account token without a name");
	CHECK_INT(test_exec(&cmd_account_list_entry, 1, "x"), EXIT_USAGE,
	    "account list takes no argument");
	CHECK_INT(test_exec(&cmd_account_whoami_entry, 1, "x"), EXIT_USAGE,
	    "whoami takes no argument");
	CHECK_INT(test_exec(&cmd_audit_entry, 4, "--contract", "3", "--entity",
	    "feed"), EXIT_USAGE, "audit --contract with --entity");
	CHECK_INT(test_exec(&cmd_audit_entry, 2, "--contract", "x"),
	    EXIT_USAGE, "audit --contract x");
	CHECK_INT(test_exec(&cmd_audit_entry, 2, "--limit", "0"), EXIT_USAGE,
	    "audit --limit 0");
	CHECK_INT(test_exec(&cmd_audit_entry, 2, "--actor", "alice"),
	    EXIT_UNREACHABLE, "audit --actor goes to the daemon");
}

/* Issue 14: find, acknowledge, and values checked before anything is sent. */
static void
test_issue14_usage(void)
{
	CHECK_INT(test_exec(&cmd_contract_find_entry, 0), EXIT_USAGE,
	    "contract find without text");
	CHECK_INT(test_exec(&cmd_contract_find_entry, 2, "a", "b"), EXIT_USAGE,
	    "contract find with two texts");
	test_usage_says("nothing to find", "contract find \"\"",
	    &cmd_contract_find_entry, 1, "");
	CHECK_INT(test_exec(&cmd_contract_find_entry, 1, "h\xc3\xa9l\xc3\xa8ne"),
	    EXIT_UNREACHABLE, "contract find goes to the daemon");
	test_usage_says("'contract_end' is not renewal_decision_due, "
	    "national_agreement_due or conversion_request_deadline",
	    "contract acknowledge --kind lists the decision kinds",
	    &cmd_decision_acknowledge_entry, 5, "3", "--kind", "contract_end",
	    "--reason", "x");
	test_usage_says("missing --reason", "contract acknowledge needs a "
	    "reason", &cmd_decision_acknowledge_entry, 3, "3", "--kind",
	    "renewal_decision_due");
	test_usage_says("missing --kind", "contract acknowledge needs a kind",
	    &cmd_decision_acknowledge_entry, 3, "3", "--reason", "x");
	test_usage_says("not an ID", "contract acknowledge x",
	    &cmd_decision_acknowledge_entry, 5, "x", "--kind",
	    "national_agreement_due", "--reason", "x");
	CHECK_INT(test_exec(&cmd_decision_acknowledge_entry, 5, "3", "--kind",
	    "conversion_request_deadline", "--reason", "window passed"),
	    EXIT_UNREACHABLE, "contract acknowledge, right, goes to the daemon");
	test_usage_says("'foo' is not contract_start, probation_end, "
	    "renewal_decision_due, national_agreement_due, initial_term_end, "
	    "conversion_window_opens, conversion_request_deadline, "
	    "contract_end, max_service_end, grade_advancement_eligible, "
	    "grade_advancement_earliest, age_limit or application_deadline",
	    "upcoming --kind lists the milestone kinds", &cmd_upcoming_entry, 2,
	    "--kind", "foo");
	test_usage_says("expected all, manager:EMAIL, person:EMAIL, unit:NAME "
	    "or vacancy:REF", "upcoming --scope gives the syntax",
	    &cmd_upcoming_entry, 2, "--scope", "boss@example.org");
	test_usage_says("a scope is all, manager:EMAIL, person:EMAIL, "
	    "unit:NAME or vacancy:REF", "upcoming --scope team:x gives the "
	    "syntax", &cmd_upcoming_entry, 2, "--scope", "team:x");
	test_usage_says("needs an email address", "upcoming --scope "
	    "manager:x", &cmd_upcoming_entry, 2, "--scope", "manager:x");
	test_usage_says("manager:EMAIL", "export --scope unit: gives the syntax",
	    &cmd_feed_export_entry, 2, "--scope", "unit:");
	test_usage_says("manager:EMAIL", "feed create --scope checked",
	    &cmd_feed_create_entry, 4, "--scope", "x", "--name", "n");
	CHECK_INT(test_exec(&cmd_upcoming_entry, 5, "--kind", "age_limit",
	    "--scope", "unit:OCIO", "--all"), EXIT_UNREACHABLE,
	    "upcoming --kind --scope --all, right, goes to the daemon");
	CHECK_INT(test_exec(&cmd_upcoming_entry, 1, "--all=yes"), EXIT_USAGE,
	    "upcoming --all takes no value");
}

/* Every command answers --help (and -h) with its usage, exit 0. */
static void
test_help(void)
{
	char *with[] = { "3", "--until", "bad", "--help" };
	char *short_[] = { "-h" };
	char *after[] = { "--", "--help" };
	const struct cmd_entry *const *e;
	struct capture cap;
	char want[128];
	bool all = true;

	for (e = cmd_table; *e != NULL; e++) {
		cmd_help(capture_start(&cap), *e);
		snprintf(want, sizeof want, "usage: tenurectl %s", (*e)->name);
		if (strncmp(capture_end(&cap), want, strlen(want)) != 0 ||
		    strstr(cap.text, (*e)->about) == NULL) {
			printf("#   %s: %s\n", (*e)->name, cap.text);
			all = false;
		}
		free(cap.text);
	}
	CHECK(all, "every command's help gives its usage and what it does");
	CHECK(cmd_wants_help(4, with), "--help after a bad value");
	CHECK(cmd_wants_help(1, short_), "-h");
	CHECK(!cmd_wants_help(2, after), "--help after -- is an operand");
	cmd_help(capture_start(&cap), &cmd_outbox_entry);
	CHECK(strstr(capture_end(&cap), "Commands:\n  outbox retry ID\n") !=
	    NULL, "outbox --help lists outbox retry");
	free(cap.text);
	cmd_help(capture_start(&cap), &cmd_upcoming_entry);
	CHECK(strstr(capture_end(&cap), "KIND is contract_start, ") != NULL &&
	    strstr(cap.text, "SCOPE is all, manager:EMAIL") != NULL &&
	    strstr(cap.text, "--all") != NULL,
	    "upcoming --help says what KIND and SCOPE are");
	free(cap.text);
}

int
main(void)
{
	test_dates();
	test_values();
	test_args();
	test_commands();
	test_account_commands();
	test_account_usage();
	test_issue14_usage();
	test_help();
	return tap_done();
}
