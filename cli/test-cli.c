/* Unit tests of tenurectl's pure parts: command-line checks, the command
 * table, widths and cleaning of text, tables, the timeline and the printing
 * of the daemon's errors, including answers of the wrong shape. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tenurectl.h"
#include "../tests/unit/tap.h"

/* Output of a printing function, as a string to compare. */
struct capture {
	char *text;
	size_t len;
	FILE *f;
};

static FILE *
capture_start(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	return c->f;
}

static const char *
capture_end(struct capture *c)
{
	fclose(c->f);
	return c->text;
}

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

static const struct args_option test_globals[] = {
	{ .name = "json", .type = ARGS_FLAG },
	{ .name = "socket", .type = ARGS_STRING },
	{ .name = "help", .type = ARGS_FLAG },
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

/*
 * A command line after the command's name, as tenurectl runs it up to the
 * request: EXIT_USAGE for a usage error, else what exec says. The client
 * names a socket that is not there, so a request answers EXIT_UNREACHABLE.
 * What the command says on stderr goes to *err (free() it), or nowhere.
 */
static int
test_vexec(char **err, const struct cmd_entry *entry, int argc, va_list ap)
{
	struct cmd_ctx ctx = { .entry = entry };
	struct args args;
	char *argv[16], *error;
	FILE *tmp;
	long len;
	int i, status, saved;

	for (i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	/* Usage errors go to stderr; the TAP output needs none of them. */
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	if ((tmp = tmpfile()) != NULL)
		dup2(fileno(tmp), STDERR_FILENO);
	ctx.args = &args;
	if (args_parse(&args, argc, argv, entry->options, test_globals, false,
	    &error) != 0) {
		fprintf(stderr, "%s\n", error != NULL ? error : "");
		free(error);
		status = EXIT_USAGE;
	} else if (args.noperands < entry->min_operands ||
	    args.noperands > entry->max_operands)
		status = EXIT_USAGE;
	else {
		ctx.client = client_new("/nonexistent/tenured.sock", NULL,
		    NULL, &error);
		free(error);
		status = ctx.client != NULL ? entry->exec(&ctx) : -1;
		client_free(ctx.client);
	}
	args_free(&args);
	fflush(stderr);
	if (saved != -1) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	if (err != NULL && tmp != NULL && (len = ftell(tmp)) >= 0 &&
	    (*err = calloc(1, (size_t)len + 1)) != NULL) {
		rewind(tmp);
		if (fread(*err, 1, (size_t)len, tmp) != (size_t)len)
			**err = '\0';
	}
	if (tmp != NULL)
		fclose(tmp);
	return status;
}

static int
test_exec(const struct cmd_entry *entry, int argc, ...)
{
	va_list ap;
	int status;

	va_start(ap, argc);
	status = test_vexec(NULL, entry, argc, ap);
	va_end(ap);
	return status;
}

/* A usage error whose message holds want. */
static void
test_usage_says(const char *want, const char *name,
    const struct cmd_entry *entry, int argc, ...)
{
	char *err = NULL;
	va_list ap;
	int status;

	va_start(ap, argc);
	status = test_vexec(&err, entry, argc, ap);
	va_end(ap);
	if (!CHECK(status == EXIT_USAGE && err != NULL &&
	    strstr(err, want) != NULL, name))
		printf("#   got %d: %s\n", status, err != NULL ? err : "");
	free(err);
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

static void
test_query(void)
{
	const char *const params[] = {
		"entity", "contract:12", "actor", NULL, "limit", "a&b c"
	};
	struct cmd_ctx ctx = { 0 };
	char *error, *path;

	ctx.client = client_new("/nonexistent/tenured.sock", NULL, NULL,
	    &error);
	free(error);
	path = cmd_query(&ctx, "/api/v1/audit", params, 3);
	CHECK_STR(path, "/api/v1/audit?entity=contract%3A12&limit=a%26b%20c",
	    "a query escapes its values and leaves out the absent ones");
	free(path);
	path = cmd_query(&ctx, "/api/v1/audit", params + 2, 1);
	CHECK_STR(path, "/api/v1/audit", "no value, no query");
	free(path);
	client_free(ctx.client);
}

static void
test_account_list(void)
{
	struct capture cap;
	json_t *answer;

	answer = json_loads("{\"accounts\": [{\"name\": \"alice\", "
	    "\"role\": \"hr\", \"email\": \"alice@example.org\", "
	    "\"language\": null, \"disabled\": false, \"last_used_at\": null},"
	    " {\"name\": \"bob\", \"role\": \"manager\", \"email\": null, "
	    "\"language\": \"fr\", \"disabled\": true, "
	    "\"last_used_at\": \"2026-11-22T09:00:00Z\"}, 7]}", 0, NULL);
	cmd_account_list_print(capture_start(&cap), answer);
	CHECK_STR(capture_end(&cap),
	    "NAME   ROLE     EMAIL              LANGUAGE  STATE     LAST USED\n"
	    "alice  hr       alice@example.org  -         active    never\n"
	    "bob    manager  -                  fr        disabled  "
	    "2026-11-22T09:00:00Z\n", "the accounts as a table");
	free(cap.text);
	json_decref(answer);

	answer = json_loads("{\"accounts\": []}", 0, NULL);
	cmd_account_list_print(capture_start(&cap), answer);
	CHECK_STR(capture_end(&cap), "no accounts\n", "no accounts");
	free(cap.text);
	json_decref(answer);
}

static void
test_audit(void)
{
	struct capture cap;
	json_t *answer;

	answer = json_loads("{\"entries\": [{\"id\": 3, "
	    "\"at\": \"2026-11-23T10:05:00Z\", \"actor\": \"alice\", "
	    "\"via\": \"token\", \"action\": \"contract.corrected\", "
	    "\"entity\": \"contract\", \"entity_id\": 12, \"contract_id\": 12, "
	    "\"changes\": {\"email\": [\"a@x\", \"b\\u001b@x\"], "
	    "\"unit\": [null, \"ACO\"], \"indefinite\": [false, true], "
	    "\"post\": 5}, \"summary\": \"corrected\"},"
	    " {\"id\": 2, \"at\": \"2026-11-23T10:00:00Z\", "
	    "\"actor\": \"unix:root\", \"via\": \"socket\", "
	    "\"action\": \"backup.taken\", \"entity\": \"backup\", "
	    "\"entity_id\": null, \"changes\": null, \"summary\": null}],"
	    " \"next_after\": 2}", 0, NULL);
	CHECK(answer != NULL, "the test audit page parses");
	cmd_audit_print(capture_start(&cap), answer);
	CHECK_STR(capture_end(&cap),
	    "AT                    ACTOR      VIA     ACTION              "
	    "ENTITY       SUMMARY\n"
	    "2026-11-23T10:05:00Z  alice      token   contract.corrected  "
	    "contract:12  corrected\n"
	    "  email: a@x -> b?@x\n"
	    "  unit: (none) -> ACO\n"
	    "  indefinite: no -> yes\n"
	    "  post: ? -> 5\n"
	    "2026-11-23T10:00:00Z  unix:root  socket  backup.taken        "
	    "backup       -\n"
	    "(older entries follow; --limit shows up to 1000)\n",
	    "entries, their changes under them, cleaned");
	free(cap.text);
	json_decref(answer);

	answer = json_loads("{\"entries\": [], \"next_after\": null}", 0,
	    NULL);
	cmd_audit_print(capture_start(&cap), answer);
	CHECK_STR(capture_end(&cap), "no audit entries\n", "no entries");
	free(cap.text);
	json_decref(answer);

	cmd_audit_print(capture_start(&cap), NULL);
	CHECK_STR(capture_end(&cap), "no audit entries\n",
	    "an answer of the wrong shape");
	free(cap.text);
}

static void
test_find(void)
{
	struct capture cap;
	json_t *found;

	found = json_loads("[{\"id\": 4, \"name\": \"H\u00e9l\u00e8ne Roy\", "
	    "\"email\": \"helene.roy@example.org\", \"unit\": \"OCIO\", "
	    "\"manager_email\": \"olivia.grant@example.org\", "
	    "\"status\": \"active\", \"overdue\": 2},"
	    " {\"id\": 12, \"name\": \"Helen Lo\", \"email\": \"hl@x.org\", "
	    "\"unit\": null, \"manager_email\": null, \"status\": \"closed\", "
	    "\"overdue\": 0}, \"junk\"]", 0, NULL);
	CHECK(found != NULL, "the test contracts parse");
	cmd_contract_find_print(capture_start(&cap), found, "none");
	CHECK_STR(capture_end(&cap),
	    "ID  NAME        EMAIL                   UNIT  MANAGER"
	    "                   STATUS\n"
	    "4   H\xc3\xa9l\xc3\xa8ne Roy  helene.roy@example.org  OCIO  "
	    "olivia.grant@example.org  active, 2 overdue\n"
	    "12  Helen Lo    hl@x.org                -     -"
	    "                         closed\n",
	    "contracts found, with their status and overdue count");
	free(cap.text);
	json_decref(found);

	found = json_array();
	cmd_contract_find_print(capture_start(&cap), found,
	    "no contract matches 'zz'");
	CHECK_STR(capture_end(&cap), "no contract matches 'zz'\n",
	    "nothing found says so");
	free(cap.text);
	json_decref(found);
}

static void
test_acknowledged(void)
{
	struct capture cap;
	json_t *d;

	d = json_loads("{\"id\": 7, \"type\": \"acknowledged\", "
	    "\"kind\": \"national_agreement_due\", \"date\": null, "
	    "\"until\": null, \"reason\": \"agreement received\"}", 0, NULL);
	cmd_decision_summary(capture_start(&cap), d);
	CHECK_STR(capture_end(&cap), "recorded decision #7: acknowledged "
	    "national_agreement_due (agreement received)\n\n",
	    "an acknowledged decision names its kind and reason");
	free(cap.text);
	json_decref(d);

	d = json_loads("{\"id\": 3, \"type\": \"renewed\", \"kind\": null, "
	    "\"until\": \"2031-08-31\", \"date\": null, \"reason\": null}", 0,
	    NULL);
	cmd_decision_summary(capture_start(&cap), d);
	CHECK_STR(capture_end(&cap), "recorded decision #3: renewed until "
	    "31 August 2031\n\n", "other decisions, their dates written out");
	free(cap.text);
	json_decref(d);
}

static void
test_status(void)
{
	struct capture cap;
	json_t *status;

	status = json_loads("{\"version\": \"0.9\", \"schema_version\": 9, "
	    "\"now\": \"2026-11-23T10:00:00+01:00\", \"today\": \"2026-11-23\", "
	    "\"started_at\": \"2026-11-23T09:00:00+01:00\", \"contracts\": 8, "
	    "\"milestones\": 60, \"overdue\": 3, "
	    "\"outbox\": {\"pending\": 13, \"sent\": 0}, "
	    "\"waiting\": [{\"channel\": \"email\", \"count\": 12, "
	    "\"reason\": \"email is not configured: no [smtp] url\"}, "
	    "{\"channel\": \"webhook:chat\", \"count\": 1, "
	    "\"reason\": \"no [webhook.chat] section\"}, "
	    "{\"channel\": \"webhook:x\", \"count\": 0}], "
	    "\"next_reminder\": {\"id\": 41, "
	    "\"due_at\": \"2026-11-24T08:00:00+01:00\", \"channel\": \"email\", "
	    "\"recipient\": \"hr@example.org\", "
	    "\"kind\": \"renewal_decision_due\", \"contract_id\": 3, "
	    "\"person\": \"Chiara Rossi\"}}", 0, NULL);
	CHECK(status != NULL, "the test status parses");
	cmd_system_status_print(capture_start(&cap), status, "socket /x");
	CHECK_STR(capture_end(&cap),
	    "12 reminders wait for email, which is not configured: "
	    "no [smtp] url\n"
	    "1 reminder waits for webhook:chat, which is not configured: "
	    "no [webhook.chat] section\n"
	    "next reminder: #41 at 2026-11-24T08:00:00+01:00, email to "
	    "hr@example.org (renewal_decision_due, contract 3 Chiara Rossi)\n"
	    "daemon          socket /x\n"
	    "version         0.9\n"
	    "schema version  9\n"
	    "now             2026-11-23T10:00:00+01:00\n"
	    "today           2026-11-23\n"
	    "started at      2026-11-23T09:00:00+01:00\n"
	    "contracts       8\n"
	    "milestones      60\n"
	    "overdue         3\n"
	    "outbox  pending 13\n",
	    "what waits and the next reminder come first");
	free(cap.text);
	json_decref(status);

	status = json_loads("{\"waiting\": [], \"next_reminder\": null}", 0,
	    NULL);
	cmd_system_status_print(capture_start(&cap), status, "x");
	CHECK(strncmp(capture_end(&cap), "next reminder: none\ndaemon ",
	    27) == 0, "nothing waits, no reminder due");
	free(cap.text);
	json_decref(status);

	status = json_loads("{\"next_reminder\": {\"id\": 2, "
	    "\"due_at\": \"2026-12-01T08:00:00Z\", \"channel\": \"webhook:chat\","
	    " \"recipient\": null, \"kind\": \"application_deadline\", "
	    "\"contract_id\": null, \"person\": null}}", 0, NULL);
	cmd_system_status_print(capture_start(&cap), status, "x");
	CHECK(strstr(capture_end(&cap), "next reminder: #2 at "
	    "2026-12-01T08:00:00Z, webhook:chat (application_deadline)\n"
	    "daemon ") == cap.text, "a reminder without recipient or contract");
	free(cap.text);
	json_decref(status);
}

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
	test_dates();
	test_values();
	test_args();
	test_commands();
	test_account_commands();
	test_account_usage();
	test_issue14_usage();
	test_help();
	test_query();
	test_find();
	test_acknowledged();
	test_status();
	test_account_list();
	test_audit();
	test_text();
	test_table();
	test_timeline();
	test_hostile();
	test_errors();
	return tap_done();
}
