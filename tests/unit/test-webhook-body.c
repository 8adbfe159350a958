/* Webhooks (SPEC section 5), what they say: the body of a contract's and a
 * vacancy's reminder read back as JSON, an escalation, the Slack line, and
 * the words in French. The exchange with a live receiver is the
 * 'webhook-peer' test (tests/integration/test_webhook_peer.py). */
#include "webhook-fixture.h"

static void
test_contract_body(void)
{
	struct webhook_target t;
	struct webhook_reminder r = contract_reminder();
	const char *keys[] = { "type", "id", "milestone", "days_before",
	    "due_at", "escalation", "text" };
	const char *ms_keys[] = { "kind", "date", "at", "contract_id",
	    "vacancy", "person", "title" };
	json_t *j;
	size_t i;
	int all;

	webhook_target_init(&t, "hr-bot");
	j = body_json(&t, &r);
	CHECK(j != NULL, "contract body is JSON");
	if (j == NULL)
		return;
	all = json_object_size(j) == 7;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		all = all && json_object_get(j, keys[i]) != NULL;
	CHECK(all, "body has exactly the top-level keys of SPEC section 5");
	all = json_object_size(jget(j, "milestone")) == 7;
	for (i = 0; i < sizeof ms_keys / sizeof ms_keys[0]; i++)
		all = all && jget(jget(j, "milestone"), ms_keys[i]) != NULL;
	CHECK(all, "milestone has exactly its keys");
	CHECK_STR(jstr(j, "type"), "reminder.due", "type");
	CHECK_STR(jstr(j, "id"), r.id, "id is the reminder id");
	CHECK_STR(jstr(j, "milestone.kind"), "renewal_decision_due", "kind");
	CHECK_STR(jstr(j, "milestone.date"), "2028-02-29", "date");
	CHECK(json_is_null(jget(j, "milestone.at")), "at null for a date");
	CHECK_INT(json_integer_value(jget(j, "milestone.contract_id")), 7,
	    "contract_id");
	CHECK_STR(jstr(j, "milestone.vacancy"), "250914", "vacancy");
	CHECK_STR(jstr(j, "milestone.person.name"), "Jane Doe", "name");
	CHECK_STR(jstr(j, "milestone.person.email"), "jane.doe@example.org",
	    "email");
	CHECK_STR(jstr(j, "milestone.title"), "Team Leader", "title");
	CHECK_INT(json_integer_value(jget(j, "days_before")), 30,
	    "days_before");
	CHECK_STR(jstr(j, "due_at"), "2028-01-28T09:00:00+01:00",
	    "due_at in RFC 3339 in the zone");
	CHECK(json_is_false(jget(j, "escalation")), "escalation false");
	CHECK_STR(jstr(j, "text"), "Renewal decision due in 30 days: Jane Doe "
	    "(250914), 29 February 2028 \xe2\x80\x94 record the decision in "
	    "tenured", "text: the sentence for people, in English");
	json_decref(j);

	/* Absent values are null, not missing. */
	r.vacancy = NULL;
	r.person_email = NULL;
	r.title = NULL;
	j = body_json(&t, &r);
	CHECK(j != NULL && json_is_null(jget(j, "milestone.vacancy")) &&
	    json_is_null(jget(j, "milestone.person.email")) &&
	    json_is_null(jget(j, "milestone.title")) &&
	    json_is_string(jget(j, "milestone.person.name")),
	    "absent contract values are null");
	json_decref(j);

	/* Bytes that are not UTF-8 cannot make the body invalid JSON. */
	r.person_name = "Zo\xeb Bront\xeb";
	j = body_json(&t, &r);
	CHECK_STR(j != NULL ? jstr(j, "milestone.person.name") : NULL,
	    "Zo\xef\xbf\xbd Bront\xef\xbf\xbd", "bad UTF-8 cleaned");
	json_decref(j);
}

static void
test_vacancy_body(void)
{
	struct webhook_target t;
	struct webhook_reminder r = vacancy_reminder();
	json_t *j;

	webhook_target_init(&t, "hr-bot");
	j = body_json(&t, &r);
	CHECK(j != NULL, "vacancy body is JSON");
	if (j == NULL)
		return;
	CHECK_STR(jstr(j, "milestone.kind"), "application_deadline", "kind");
	CHECK_STR(jstr(j, "milestone.date"), "2026-05-10", "date");
	CHECK_STR(jstr(j, "milestone.at"), "2026-05-10T23:59:00+02:00",
	    "at in RFC 3339 with summer offset");
	CHECK(json_is_null(jget(j, "milestone.contract_id")),
	    "contract_id null for a vacancy");
	CHECK(json_is_null(jget(j, "milestone.person")),
	    "person null for a vacancy");
	CHECK_STR(jstr(j, "milestone.vacancy"), "250914", "vacancy");
	CHECK_STR(jstr(j, "due_at"), "2026-05-03T09:00:00+02:00", "due_at");
	json_decref(j);
}

static void
test_escalation(void)
{
	struct webhook_target t;
	struct webhook_reminder r = contract_reminder();
	char *text;
	json_t *j;

	webhook_target_init(&t, "hr-bot");
	r.days_before = -7;
	r.escalation = true;
	r.due_at = DUE_AT + 39 * 86400;
	j = body_json(&t, &r);
	CHECK(j != NULL && json_is_true(jget(j, "escalation")),
	    "escalation true");
	CHECK_INT(j != NULL ? json_integer_value(jget(j, "days_before")) : 0,
	    -7, "days_before negative after the milestone");
	json_decref(j);
	text = webhook_text_slack(&r);
	CHECK_STR(text, "Renewal decision due, overdue by 7 days: Jane Doe "
	    "(250914), 29 February 2028 \xe2\x80\x94 record the decision in "
	    "tenured",
	    "escalation slack text");
	free(text);
}

static void
test_slack(void)
{
	struct webhook_target t;
	struct webhook_reminder r = contract_reminder();
	char *text, *body;
	json_t *j;

	webhook_target_init(&t, "chat");
	t.slack = true;
	text = webhook_text_slack(&r);
	CHECK_STR(text, "Renewal decision due in 30 days: Jane Doe (250914), "
	    "29 February 2028 \xe2\x80\x94 record the decision in tenured",
	    "slack text");
	j = body_json(&t, &r);
	CHECK(j != NULL && json_object_size(j) == 1 &&
	    text != NULL && jstr(j, "text") != NULL &&
	    strcmp(jstr(j, "text"), text) == 0,
	    "slack body is {\"text\": ...} alone");
	json_decref(j);
	free(text);

	r.days_before = 1;
	r.vacancy = NULL;
	text = webhook_text_slack(&r);
	CHECK_STR(text, "Renewal decision due in 1 day: Jane Doe (contract 7), "
	    "29 February 2028 \xe2\x80\x94 record the decision in tenured",
	    "one day, no vacancy: the contract number");
	free(text);

	r = vacancy_reminder();
	r.days_before = 0;
	text = webhook_text_slack(&r);
	CHECK_STR(text, "Application deadline today: Team Leader (vacancy "
	    "250914), 10 May 2026 at 23:59 (Europe/Brussels time) "
	    "\xe2\x80\x94 shortlist the candidates once it has passed",
	    "vacancy deadline slack text with its time");
	free(text);

	/* A name cannot become Slack markup such as <!channel>. */
	r = contract_reminder();
	r.person_name = "<!channel> & co";
	body = webhook_body(&t, &r);
	CHECK(body != NULL && strstr(body, "&lt;!channel&gt; &amp; co") != NULL
	    && strchr(body, '<') == NULL, "slack text escapes & < >");
	free(body);
}

/* SPEC section 12: the Slack line and the JSON's "text" in the reader's
 * language; every other field of the JSON stays English, for programs,
 * and the signature covers the body as sent. */
static void
test_french(void)
{
	struct webhook_target t;
	struct webhook_reminder r = contract_reminder();
	char *text, *body, *en_body;
	json_t *j, *en;

	r.lang = LANG_FR;
	text = webhook_text_slack(&r);
	CHECK_STR(text, "D\xc3\xa9" "cision de renouvellement dans 30 jours : "
	    "Jane Doe (250914), 29 f\xc3\xa9vrier 2028 \xe2\x80\x94 "
	    "enregistrer la d\xc3\xa9" "cision dans tenured",
	    "French Slack line");
	free(text);
	r.days_before = -1;
	r.escalation = true;
	r.vacancy = NULL;
	text = webhook_text_slack(&r);
	CHECK_STR(text, "D\xc3\xa9" "cision de renouvellement, en retard de 1 "
	    "jour : Jane Doe (contrat 7), 29 f\xc3\xa9vrier 2028 "
	    "\xe2\x80\x94 enregistrer la d\xc3\xa9" "cision dans tenured",
	    "French escalation, one day, the contract number");
	free(text);
	r = vacancy_reminder();
	r.lang = LANG_FR;
	r.days_before = 0;
	text = webhook_text_slack(&r);
	CHECK_STR(text, "Date limite de candidature aujourd'hui : Team Leader "
	    "(avis de vacance 250914), 10 mai 2026 \xc3\xa0 23:59 (fuseau "
	    "horaire Europe/Brussels) \xe2\x80\x94 \xc3\xa9tablir la liste "
	    "restreinte des candidats une fois la date pass\xc3\xa9" "e",
	    "French deadline: day, hour and zone in words");
	free(text);
	r = contract_reminder();
	r.kind = MS_CONVERSION_WINDOW_OPENS;
	r.date = D("2028-06-01");
	r.lang = LANG_FR;
	text = webhook_text_slack(&r);
	CHECK(text != NULL && strstr(text, ", 1er juin 2028 \xe2\x80\x94 les "
	    "demandes de conversion sont recevables") != NULL,
	    "French: the first of the month is \"1er\"");
	free(text);

	webhook_target_init(&t, "chat");
	t.slack = true;
	r = contract_reminder();
	r.lang = LANG_FR;
	j = body_json(&t, &r);
	CHECK(j != NULL && json_object_size(j) == 1 && jstr(j, "text") != NULL &&
	    strncmp(jstr(j, "text"), "D\xc3\xa9" "cision de renouvellement",
	    strlen("D\xc3\xa9" "cision de renouvellement")) == 0,
	    "French slack body: {\"text\": the French line}");
	json_decref(j);

	webhook_target_init(&t, "hr-bot");
	body = webhook_body(&t, &r);
	r.lang = LANG_EN;
	en_body = webhook_body(&t, &r);
	j = body != NULL ? json_loads(body, 0, NULL) : NULL;
	en = en_body != NULL ? json_loads(en_body, 0, NULL) : NULL;
	CHECK(j != NULL && jstr(j, "text") != NULL && strstr(jstr(j, "text"),
	    "dans 30 jours : Jane Doe (250914), 29 f\xc3\xa9vrier 2028") !=
	    NULL, "French JSON: \"text\" is the French sentence");
	if (j != NULL && en != NULL) {
		json_object_del(j, "text");
		json_object_del(en, "text");
	}
	CHECK(j != NULL && en != NULL && json_equal(j, en) &&
	    strcmp(jstr(j, "milestone.kind"), "renewal_decision_due") == 0 &&
	    strcmp(jstr(j, "type"), "reminder.due") == 0,
	    "French JSON: every other name and value as in English");
	json_decref(j);
	json_decref(en);
	free(body);
	free(en_body);
}

int
main(void)
{
	/* Secret files a test writes are the daemon's own: 0600. */
	umask(077);
	test_contract_body();
	test_vacancy_body();
	test_escalation();
	test_slack();
	test_french();
	return tap_done();
}
