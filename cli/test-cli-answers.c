/* Unit tests of how tenurectl asks and what it prints of the daemon's
 * answers: the query it builds, the account list, the audit log, people
 * found, acknowledged milestones and the status. */
#include "../tests/unit/cli-fixture.h"

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

int
main(void)
{
	test_query();
	test_find();
	test_acknowledged();
	test_status();
	test_account_list();
	test_audit();
	return tap_done();
}
