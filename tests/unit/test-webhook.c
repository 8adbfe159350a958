/* Webhooks (SPEC section 5): the body read back as JSON, the Slack line,
 * the Standard Webhooks signature against the specification's own example,
 * whsec_ secrets, Retry-After, and curlev in a real event loop against
 * peers that refuse or never answer. The exchange with a live receiver is
 * the 'webhook-peer' test (tests/integration/test_webhook_peer.py). */
#include <arpa/inet.h>
#include <event2/event.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "curlev.h"
#include "date.h"
#include "localtime.h"
#include "tap.h"
#include "webhook.h"

#define TZ "Europe/Brussels"
/* 2028-01-28T09:00:00+01:00 */
#define DUE_AT INT64_C(1832659200)
/* 2026-05-10T23:59:00+02:00 */
#define DEADLINE_AT INT64_C(1778450340)

static int32_t
D(const char *text)
{
	int32_t d;

	if (date_parse(text, &d) != 0) {
		printf("Bail out! test date \"%s\" does not parse\n", text);
		exit(2);
	}
	return d;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct webhook_reminder
contract_reminder(void)
{
	struct webhook_reminder r = {
		.id = "rem_7_renewal_decision_due_20280229_30d_hr-bot",
		.kind = MS_RENEWAL_DECISION_DUE,
		.date = D("2028-02-29"),
		.contract_id = 7,
		.vacancy = "250914",
		.person_name = "Jane Doe",
		.person_email = "jane.doe@example.org",
		.title = "Team Leader",
		.days_before = 30,
		.due_at = DUE_AT,
		.timezone = TZ,
	};

	return r;
}

static struct webhook_reminder
vacancy_reminder(void)
{
	struct webhook_reminder r = {
		.id = "rem_v250914_application_deadline_7d",
		.kind = MS_APPLICATION_DEADLINE,
		.date = D("2026-05-10"),
		.at = DEADLINE_AT,
		.vacancy = "250914",
		.title = "Team Leader",
		.days_before = 7,
		.due_at = DEADLINE_AT - 7 * 86400 - 14 * 3600 - 59 * 60,
		.timezone = TZ,
	};

	return r;
}

static json_t *
body_json(const struct webhook_target *t, const struct webhook_reminder *r)
{
	char *body = webhook_body(t, r);
	json_error_t err;
	json_t *j;

	if (body == NULL)
		return NULL;
	j = json_loads(body, 0, &err);
	free(body);
	return j;
}

static const char *
jstr(json_t *o, const char *path)
{
	char buf[128], *key, *save = NULL;
	json_t *v = o;

	snprintf(buf, sizeof buf, "%s", path);
	for (key = strtok_r(buf, ".", &save); key != NULL && v != NULL;
	    key = strtok_r(NULL, ".", &save))
		v = json_object_get(v, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_t *
jget(json_t *o, const char *path)
{
	char buf[128], *key, *save = NULL;
	json_t *v = o;

	snprintf(buf, sizeof buf, "%s", path);
	for (key = strtok_r(buf, ".", &save); key != NULL && v != NULL;
	    key = strtok_r(NULL, ".", &save))
		v = json_object_get(v, key);
	return v;
}

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

static void
test_signature(void)
{
	struct webhook_target t;
	struct failure f = { 0 };
	char sig[WEBHOOK_SIGNATURE_LEN];

	webhook_target_init(&t, "vector");
	CHECK_INT(webhook_parse_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
	    &t, &f), 0, "spec example secret parses");
	CHECK_INT(t.key_len, 24, "its key is 24 bytes");
	CHECK_INT(webhook_sign(&t, "msg_p5jXN8AQM9LWM0D4loKWxJek",
	    1614265330, "{\"test\": 2432232314}", sig, sizeof sig), 0,
	    "signs");
	CHECK_STR(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
	    "Standard Webhooks test vector");
	CHECK_INT(webhook_sign(&t, "msg_p5jXN8AQM9LWM0D4loKWxJek",
	    1614265330, "{\"test\": 2432232314}", sig, 20), -1,
	    "too small a buffer is refused");
	webhook_target_clear(&t);
	CHECK_INT(webhook_sign(&t, "msg", 1, "{}", sig, sizeof sig), -1,
	    "no key, no signature");
}

static void
test_secret_errors(void)
{
	static const struct {
		const char *text;
		const char *what;
	} bad[] = {
		{ "", "empty secret refused" },
		{ "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "missing whsec_ prefix "
		    "refused" },
		{ "whsec_", "whsec_ without a key refused" },
		{ "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La*aSw", "bad base64 "
		    "character refused" },
		{ "whsec_MfKQ9", "base64 of impossible length refused" },
		{ "whsec_Mf=Q", "padding inside refused" },
		{ "whsec_====", "padding alone refused" },
	};
	char path[512], msg[530];
	const char *dir = getenv("TENURED_TEST_TMPDIR");
	struct webhook_target t;
	struct failure f;
	size_t i;
	FILE *fp;

	webhook_target_init(&t, "bad");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		failure_clear(&f);
		CHECK(webhook_parse_secret(bad[i].text, &t, &f) == -1 &&
		    strcmp(f.field, "secret_file") == 0 && t.key == NULL,
		    bad[i].what);
	}
	CHECK(strstr(f.message, "====") == NULL, "message does not quote it");
	CHECK_INT(webhook_parse_secret("whsec_AAE=", &t, &f), 0,
	    "padded base64 accepted");
	CHECK(t.key_len == 2 && t.key[0] == 0 && t.key[1] == 1,
	    "padded key decoded");
	CHECK_INT(webhook_parse_secret("whsec_AAE", &t, &f), 0,
	    "unpadded base64 accepted");
	webhook_target_clear(&t);

	snprintf(path, sizeof path, "%s/test-webhook.secret",
	    dir != NULL ? dir : "/tmp");
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\r\nsecond line\n",
		    fp);
		fclose(fp);
	}
	webhook_target_init(&t, "file");
	CHECK_INT(webhook_load_secret(path, &t, &f), 0,
	    "secret file with CRLF read");
	CHECK_INT(t.key_len, 24, "first line only");
	snprintf(msg, sizeof msg, "%s.missing", path);
	CHECK(webhook_load_secret(msg, &t, &f) == -1 &&
	    strcmp(f.field, "secret_file") == 0, "missing file refused");
	CHECK_INT(t.key_len, 24, "a failed load keeps the key");
	unlink(path);
	webhook_target_clear(&t);
}

static void
test_target_keys(void)
{
	struct webhook_target t;
	struct failure f;

	webhook_target_init(&t, "hr-bot");
	CHECK_INT(t.timeout_s, WEBHOOK_TIMEOUT_DEFAULT, "default timeout");
	CHECK(webhook_target_check(&t, &f) == -1 &&
	    strcmp(f.field, "url") == 0, "url required");
	CHECK_INT(webhook_target_set(&t, "url", "ftp://x/", &f), -1,
	    "ftp url refused");
	CHECK_INT(webhook_target_set(&t, "url", "https://a b/", &f), -1,
	    "url with a space refused");
	CHECK_INT(webhook_target_set(&t, "url", "http://:8080/hook", &f), -1,
	    "url without a host refused");
	CHECK_INT(webhook_target_set(&t, "url", "http:///hook", &f), -1,
	    "url with an empty host refused");
	CHECK_INT(webhook_target_set(&t, "url", "HTTPS://hooks.example.org/",
	    &f), 0, "the scheme in any case");
	CHECK_INT(webhook_target_set(&t, "url",
	    "https://chat.example.org/hooks/abc", &f), 0, "https url");
	CHECK(webhook_target_check(&t, &f) == -1 &&
	    strcmp(f.field, "secret_file") == 0, "json needs a secret");
	CHECK_INT(webhook_target_set(&t, "format", "slack", &f), 0, "slack");
	CHECK_INT(webhook_target_check(&t, &f), 0, "slack needs no secret");
	CHECK_INT(webhook_target_set(&t, "format", "xml", &f), -1,
	    "unknown format refused");
	CHECK(webhook_target_set(&t, "timeout", "15s", &f) == 0 &&
	    t.timeout_s == 15, "timeout 15s");
	CHECK(webhook_target_set(&t, "timeout", "2m", &f) == 0 &&
	    t.timeout_s == 120, "timeout 2m");
	CHECK(webhook_target_set(&t, "timeout", "7", &f) == 0 &&
	    t.timeout_s == 7, "timeout in bare seconds");
	CHECK(webhook_target_set(&t, "timeout", "0s", &f) == -1 &&
	    webhook_target_set(&t, "timeout", "11m", &f) == -1 &&
	    webhook_target_set(&t, "timeout", "15 s", &f) == -1 &&
	    webhook_target_set(&t, "timeout", "s", &f) == -1 &&
	    t.timeout_s == 7, "bad timeouts refused, value kept");
	CHECK(webhook_target_set(&t, "colour", "red", &f) == -1 &&
	    f.kind == FAILURE_NOT_FOUND && strcmp(f.field, "colour") == 0,
	    "unknown key refused with its name");
	webhook_target_clear(&t);
	CHECK(t.url == NULL && t.key == NULL, "clear frees");
	webhook_target_clear(&t);
}

static void
test_retry_after(void)
{
	const int64_t now = 1784797200;	/* Thu, 23 Jul 2026 09:00:00 GMT */

	CHECK_INT(curlev_parse_retry_after(" 120\r\n", 6, now), 120,
	    "delay-seconds");
	CHECK_INT(curlev_parse_retry_after("0", 1, now), 0, "zero seconds");
	CHECK_INT(curlev_parse_retry_after("99999999999999999999", 20, now),
	    CURLEV_RETRY_AFTER_MAX, "huge delay capped at a day");
	CHECK_INT(curlev_parse_retry_after(
	    " Thu, 23 Jul 2026 09:05:00 GMT\r\n", 32, now), 300,
	    "HTTP-date in seconds from now");
	CHECK_INT(curlev_parse_retry_after("Thu, 23 Jul 2026 08:00:00 GMT",
	    29, now), 0, "HTTP-date in the past is now");
	CHECK_INT(curlev_parse_retry_after("Fri, 31 Dec 2027 00:00:00 GMT",
	    29, now), CURLEV_RETRY_AFTER_MAX, "far HTTP-date capped");
	CHECK_INT(curlev_parse_retry_after("soon", 4, now), -1, "garbage");
	CHECK_INT(curlev_parse_retry_after("-5", 2, now), -1, "negative");
	CHECK_INT(curlev_parse_retry_after("\r\n", 2, now), -1, "empty");
}

/* A port on loopback that nothing listens on (just bound and let go). */
static int
free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* A listener whose backlog accepts connections nobody ever answers. */
static int
silent_listener(int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(fd, 8) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

struct outcome {
	int calls;
	struct curlev_result r;
	struct curlev *free_me;		/* curlev_free'd from the callback */
	double at;
};

static void
record_done(void *arg, const struct curlev_result *r)
{
	struct outcome *o = arg;

	o->calls++;
	o->r = *r;
	o->at = now_s();
	if (o->free_me != NULL)
		curlev_free(o->free_me);
}

static void
target_for(struct webhook_target *t, int port, long timeout)
{
	char url[64];
	struct failure f;

	webhook_target_init(t, "local");
	snprintf(url, sizeof url, "http://127.0.0.1:%d/hook", port);
	webhook_target_set(t, "url", url, &f);
	webhook_parse_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", t, &f);
	t->timeout_s = timeout;
}

static void
test_refused(void)
{
	struct event_base *base = event_base_new();
	struct curlev *c = curlev_new(base);
	struct webhook_reminder r = contract_reminder();
	struct webhook_target t;
	struct outcome o = { 0 };
	struct failure f = { 0 };
	double start;
	int port = free_port();

	CHECK(base != NULL && c != NULL && port > 0, "curlev_new");
	if (c == NULL || port <= 0) {
		curlev_free(c);
		event_base_free(base);
		return;
	}
	target_for(&t, port, 5);
	start = now_s();
	CHECK_INT(webhook_send(c, &t, &r, time(NULL), record_done, &o, &f), 0,
	    "send to a port with nothing listening starts");
	CHECK_INT(o.calls, 0, "done not called from inside webhook_send");
	CHECK_INT(curlev_running(c), 1, "one transfer running");
	webhook_target_clear(&t);	/* the request needs it no more */
	event_base_dispatch(base);
	CHECK_INT(o.calls, 1, "done called exactly once");
	CHECK_INT(o.r.curl_code, CURLE_COULDNT_CONNECT,
	    "connection refused is a curl error");
	CHECK_INT(o.r.status, 0, "no HTTP status");
	CHECK_INT(o.r.retry_after, -1, "no Retry-After");
	CHECK(o.r.error[0] != '\0', "curl's error text");
	CHECK(o.at - start < 2.0, "fails fast");
	CHECK_INT(curlev_running(c), 0, "nothing running after");
	curlev_free(c);
	event_base_free(base);
}

static void
test_abandoned(void)
{
	struct event_base *base = event_base_new();
	struct curlev *c = curlev_new(base);
	struct webhook_reminder r = contract_reminder();
	struct webhook_target t;
	struct outcome o = { 0 };
	struct failure f = { 0 };
	struct timeval tv = { 0, 300000 };
	int port, fd = silent_listener(&port);

	CHECK(c != NULL && fd >= 0, "silent listener");
	if (c == NULL || fd < 0) {
		curlev_free(c);
		event_base_free(base);
		return;
	}
	target_for(&t, port, 30);
	CHECK_INT(webhook_send(c, &t, &r, time(NULL), record_done, &o, &f), 0,
	    "send to a peer that never answers starts");
	webhook_target_clear(&t);
	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
	CHECK(o.calls == 0 && curlev_running(c) == 1,
	    "still waiting after 300 ms");
	curlev_free(c);
	CHECK_INT(o.calls, 0, "curlev_free abandons it without a callback");
	CHECK_INT(event_base_dispatch(base), 1,
	    "no event of curlev is left in the base");
	event_base_free(base);
	close(fd);
}

static void
test_free_in_callback(void)
{
	struct event_base *base = event_base_new();
	struct curlev *c = curlev_new(base);
	struct webhook_reminder r = contract_reminder();
	struct webhook_target t;
	struct outcome o1 = { 0 }, o2 = { 0 };
	struct failure f = { 0 };
	int port = free_port(), lport, fd = silent_listener(&lport);

	CHECK(c != NULL && port > 0 && fd >= 0, "two peers");
	if (c == NULL || port <= 0 || fd < 0) {
		curlev_free(c);
		event_base_free(base);
		return;
	}
	o1.free_me = c;
	target_for(&t, port, 5);
	CHECK_INT(webhook_send(c, &t, &r, time(NULL), record_done, &o1, &f),
	    0, "refused transfer");
	webhook_target_clear(&t);
	target_for(&t, lport, 30);
	CHECK_INT(webhook_send(c, &t, &r, time(NULL), record_done, &o2, &f),
	    0, "never answered transfer");
	webhook_target_clear(&t);
	/* Returns when curlev has no events left: the refusal's callback
	 * frees it, which must end the other transfer too. */
	event_base_dispatch(base);
	CHECK_INT(o1.calls, 1, "refused transfer reported");
	CHECK_INT(o2.calls, 0, "the other abandoned by curlev_free");
	event_base_free(base);
	close(fd);
}

/* Three peers that never answer, one second each: concurrent transfers
 * end together after about a second, not one after another. */
static void
test_concurrent_timeouts(void)
{
	struct event_base *base = event_base_new();
	struct curlev *c = curlev_new(base);
	struct webhook_reminder r = contract_reminder();
	struct webhook_target t;
	struct outcome o[3] = { { 0 } };
	struct failure f = { 0 };
	int port, fd = silent_listener(&port), i, started = 0, once = 1;
	double start;

	if (c == NULL || fd < 0) {
		CHECK(0, "silent listener for concurrent transfers");
		curlev_free(c);
		event_base_free(base);
		return;
	}
	target_for(&t, port, 1);
	start = now_s();
	for (i = 0; i < 3; i++)
		started += webhook_send(c, &t, &r, time(NULL), record_done,
		    &o[i], &f) == 0;
	webhook_target_clear(&t);
	CHECK_INT(curlev_running(c), 3, "three transfers in flight");
	event_base_dispatch(base);
	for (i = 0; i < 3; i++)
		once = once && o[i].calls == 1 &&
		    o[i].r.curl_code == CURLE_OPERATION_TIMEDOUT &&
		    o[i].at - start >= 0.9 && o[i].at - start < 2.0;
	CHECK(started == 3 && once,
	    "each timed out once, within timeout + 1 s of the start");
	curlev_free(c);
	event_base_free(base);
	close(fd);
}

static void
test_send_refused(void)
{
	struct event_base *base = event_base_new();
	struct curlev *c = curlev_new(base);
	struct webhook_reminder r = contract_reminder();
	struct webhook_target t;
	struct outcome o = { 0 };
	struct failure f = { 0 };

	target_for(&t, 9, 5);
	r.id = "bad\r\nX-Injected: 1";
	CHECK(webhook_send(c, &t, &r, 1, record_done, &o, &f) == -1 &&
	    strcmp(f.field, "id") == 0, "an id that would break headers");
	r.id = "";
	CHECK_INT(webhook_send(c, &t, &r, 1, record_done, &o, &f), -1,
	    "an empty id");
	r.id = "ok";
	webhook_target_clear(&t);
	webhook_target_init(&t, "nokey");
	webhook_target_set(&t, "url", "http://127.0.0.1:9/", &f);
	CHECK(webhook_send(c, &t, &r, 1, record_done, &o, &f) == -1 &&
	    strcmp(f.field, "secret_file") == 0, "json without a key");
	CHECK(o.calls == 0 && curlev_running(c) == 0,
	    "refused sends call nothing");
	webhook_target_clear(&t);
	curlev_free(c);
	curlev_free(NULL);
	event_base_free(base);
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
	test_signature();
	test_secret_errors();
	test_target_keys();
	test_retry_after();
	test_refused();
	test_abandoned();
	test_free_in_callback();
	test_concurrent_timeouts();
	test_send_refused();
	return tap_done();
}
