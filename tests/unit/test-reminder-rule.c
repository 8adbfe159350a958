/* Reminder rules (SPEC section 5): the grammar "OFFSETS -> ROLES via
 * CHANNELS" and its failures, and the default rule of every kind against
 * etc/tenured.conf.example. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reminder.h"
#include "tap.h"

static struct reminder_rule
R(const char *text)
{
	struct reminder_rule r;
	struct failure f;

	if (reminder_rule_parse(text, &r, &f) != 0) {
		printf("Bail out! test rule \"%s\": %s\n", text, f.message);
		exit(2);
	}
	return r;
}

static const char *
format(const struct reminder_rule *r)
{
	static char buf[REMINDER_RULE_STRLEN];

	if (reminder_rule_format(r, buf, sizeof buf) < 0)
		return "(does not fit)";
	return buf;
}
static void
test_parse_spec_example(void)
{
	struct reminder_rule r;
	struct failure f;
	static const struct {
		int amount;
		char unit;
		bool after;
		const char *text;
	} want[] = {
		{ 6, 'm', false, "6m" },
		{ 90, 'd', false, "90d" },
		{ 30, 'd', false, "30d" },
		{ 7, 'd', false, "7d" },
		{ 7, 'd', true, "+7d" },
	};
	char what[96];

	CHECK_INT(reminder_rule_parse("6m,90d,30d,7d,+7d -> hr,manager via "
	    "email,webhook:hr-bot", &r, &f), 0, "the SPEC's example parses");
	CHECK(!r.off, "the example is not \"none\"");
	CHECK_INT(r.offset_count, 5, "five offsets");
	for (int i = 0; i < 5 && i < r.offset_count; i++) {
		snprintf(what, sizeof what, "offset %d is %s", i, want[i].text);
		CHECK(r.offsets[i].amount == want[i].amount &&
		    r.offsets[i].unit == want[i].unit &&
		    r.offsets[i].after == want[i].after &&
		    strcmp(r.offsets[i].text, want[i].text) == 0, what);
	}
	CHECK_INT(r.roles, ROLE_HR | ROLE_MANAGER, "roles hr and manager");
	CHECK_INT(r.channel_count, 2, "two channels");
	CHECK_STR(r.channels[0], "email", "first channel email");
	CHECK_STR(r.channels[1], "webhook:hr-bot", "second channel the webhook");
	CHECK_STR(format(&r), "6m,90d,30d,7d,+7d -> hr,manager via "
	    "email,webhook:hr-bot", "written back as given");
}

static void
check_same(const char *text, const char *want)
{
	struct reminder_rule r;
	struct failure f;
	char what[160];

	snprintf(what, sizeof what, "\"%s\" reads as \"%s\"", text, want);
	if (reminder_rule_parse(text, &r, &f) != 0) {
		CHECK(false, what);
		printf("#   failed: %s: %s\n", f.field, f.message);
		return;
	}
	CHECK_STR(format(&r), want, what);
}

static void
test_parse_good(void)
{
	struct reminder_rule r;
	struct failure f;
	char text[1024], name[80];
	int n;

	/* Whitespace anywhere between tokens. */
	check_same("  6m , 90d,\t30d ->hr ,  manager   via   email , "
	    "webhook:hr-bot ", "6m,90d,30d -> hr,manager via "
	    "email,webhook:hr-bot");
	check_same("7d->staff\tvia\temail", "7d -> staff via email");
	/* Duplicates go, the first spelling stays; 1w is 7d, 0w and 0m are
	 * 0d, but months are never a number of days. */
	check_same("7d,7d,1w,30d -> hr,hr,staff via email,email,webhook:a,"
	    "webhook:a", "7d,30d -> hr,staff via email,webhook:a");
	check_same("0d,0w,0m -> hr via email", "0d -> hr via email");
	check_same("1m,30d,4w,28d -> hr via email", "1m,30d,4w -> hr via email");
	check_same("+1w,+7d,7d -> hr via email", "+1w,7d -> hr via email");
	/* Normalised numbers. */
	check_same("007d,+02w -> manager via email", "7d,+2w -> manager via email");
	/* Roles in a fixed order. */
	check_same("1d -> staff,manager,hr via email",
	    "1d -> hr,manager,staff via email");
	/* The ten-year bounds themselves. */
	check_same("3660d,522w,120m -> hr via email",
	    "3660d,522w,120m -> hr via email");
	check_same("1d -> hr via webhook:a_b-9", "1d -> hr via webhook:a_b-9");
	/* A role or a webhook with "via" inside is not the keyword. */
	check_same("1d -> hr via webhook:via", "1d -> hr via webhook:via");

	CHECK_INT(reminder_rule_parse("none", &r, &f), 0, "none parses");
	CHECK(r.off, "none turns the kind off");
	CHECK_INT(reminder_rule_parse(" \tnone  ", &r, &f), 0,
	    "none with spaces parses");
	CHECK(r.off && r.offset_count == 0, "... and is off");
	CHECK_STR(format(&r), "none", "none is written back as none");

	r = R("+2w -> hr via email");
	CHECK(r.offsets[0].after && r.offsets[0].unit == 'w' &&
	    r.offsets[0].amount == 2, "+2w: an escalation of two weeks");
	r = R("0d -> hr via email");
	CHECK(!r.offsets[0].after && r.offsets[0].amount == 0,
	    "0d: on the day, not an escalation");

	/* Sixteen different offsets and eight channels fit exactly. */
	n = 0;
	for (int i = 1; i <= REMINDER_OFFSETS_MAX; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "%s%dd",
		    i > 1 ? "," : "", i);
	n += snprintf(text + n, sizeof text - (size_t)n, " -> hr via email");
	for (int i = 1; i < REMINDER_CHANNELS_MAX; i++)
		n += snprintf(text + n, sizeof text - (size_t)n,
		    ",webhook:w%d", i);
	CHECK_INT(reminder_rule_parse(text, &r, &f), 0,
	    "16 offsets and 8 channels parse");
	CHECK(r.offset_count == REMINDER_OFFSETS_MAX &&
	    r.channel_count == REMINDER_CHANNELS_MAX, "... all kept");

	/* A 64-byte webhook name fits REMINDER_CHANNEL_LEN. */
	memset(name, 'x', 64);
	name[64] = '\0';
	snprintf(text, sizeof text, "1d -> hr via webhook:%s", name);
	CHECK_INT(reminder_rule_parse(text, &r, &f), 0,
	    "a 64-byte webhook name parses");
	CHECK_INT(strlen(r.channels[0]), 8 + 64, "... whole");

	/* The longest rule there is fits REMINDER_RULE_STRLEN. */
	n = 0;
	for (int i = 0; i < REMINDER_OFFSETS_MAX; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "%s+%dd",
		    i > 0 ? "," : "", 3660 - i);
	n += snprintf(text + n, sizeof text - (size_t)n,
	    " -> hr,manager,staff via ");
	for (int i = 0; i < REMINDER_CHANNELS_MAX; i++) {
		name[63] = (char)('a' + i);
		n += snprintf(text + n, sizeof text - (size_t)n,
		    "%swebhook:%s", i > 0 ? "," : "", name);
	}
	CHECK_INT(reminder_rule_parse(text, &r, &f), 0, "the longest rule parses");
	CHECK_STR(format(&r), text, "... and is written back whole");
}

static void
check_fails(const char *text, const char *field, const char *token)
{
	struct reminder_rule r;
	struct failure f;
	char what[200];

	memset(&r, 0x5a, sizeof r);
	memset(&f, 0, sizeof f);
	snprintf(what, sizeof what, "\"%s\" is refused, field %s, naming %s",
	    text != NULL ? text : "(null)", field, token);
	if (reminder_rule_parse(text, &r, &f) == 0) {
		CHECK(false, what);
		return;
	}
	if (!CHECK(f.kind == FAILURE_INVALID_FIELD &&
	    strcmp(f.field, field) == 0 && strstr(f.message, token) != NULL,
	    what))
		printf("#   got %s/%s: %s\n", failure_code(f.kind), f.field,
		    f.message);
}

static void
test_parse_errors(void)
{
	struct reminder_rule r, before;
	struct failure f;
	char text[1024], name[80];
	int n;

	/* The whole rule. */
	check_fails(NULL, "offsets", "empty");
	check_fails("", "offsets", "empty");
	check_fails("  \t ", "offsets", "none");
	check_fails("NONE", "roles", "->");
	check_fails("6m,30d hr via email", "roles", "->");
	check_fails("6m,30d -> hr email", "channels", "via");
	check_fails("6m,30d -> hr,manager viaemail", "channels", "via");

	/* Offsets. */
	check_fails("-> hr via email", "offsets", "no offsets");
	check_fails("6x -> hr via email", "offsets", "\"6x\"");
	check_fails("6m,90y -> hr via email", "offsets", "\"90y\"");
	check_fails("d -> hr via email", "offsets", "\"d\"");
	check_fails("7 -> hr via email", "offsets", "\"7\"");
	check_fails("7dd -> hr via email", "offsets", "\"7dd\"");
	check_fails("7 d -> hr via email", "offsets", "\"7 d\"");
	check_fails("7D -> hr via email", "offsets", "\"7D\"");
	check_fails("+ 7d -> hr via email", "offsets", "\"+ 7d\"");
	check_fails("++7d -> hr via email", "offsets", "\"++7d\"");
	check_fails("-7d -> hr via email", "offsets", "without a sign");
	check_fails("+6m -> hr via email", "offsets", "\"+6m\"");
	check_fails("30d,+1m -> hr via email", "offsets", "not months");
	check_fails("+0d -> hr via email", "offsets", "\"+0d\"");
	check_fails("6m,,30d -> hr via email", "offsets", "empty");
	check_fails("6m,30d, -> hr via email", "offsets", "empty");
	check_fails(",6m -> hr via email", "offsets", "empty");
	check_fails("3661d -> hr via email", "offsets", "\"3661d\"");
	check_fails("523w -> hr via email", "offsets", "\"523w\"");
	check_fails("121m -> hr via email", "offsets", "\"121m\"");
	check_fails("99999999999999999999d -> hr via email", "offsets",
	    "ten years");

	/* Roles. */
	check_fails("6m -> boss via email", "roles", "\"boss\"");
	check_fails("6m -> hr,HR via email", "roles", "\"HR\"");
	check_fails("6m -> hr manager via email", "roles", "\"hr manager\"");
	check_fails("6m -> via email", "roles", "no roles");
	check_fails("6m -> hr, via email", "roles", "empty");
	check_fails("6m -> hr -> manager via email", "roles", "\"hr -> manager\"");

	/* Channels. */
	check_fails("6m -> hr via sms", "channels", "\"sms\"");
	check_fails("6m -> hr via email,Email", "channels", "\"Email\"");
	check_fails("6m -> hr via", "channels", "no channels");
	check_fails("6m -> hr via  ", "channels", "no channels");
	check_fails("6m -> hr via email,", "channels", "empty");
	check_fails("6m -> hr via webhook:", "channels", "\"webhook:\"");
	check_fails("6m -> hr via webhook:Hr-Bot", "channels",
	    "\"webhook:Hr-Bot\"");
	check_fails("6m -> hr via webhook:hr.bot", "channels",
	    "\"webhook:hr.bot\"");
	check_fails("6m -> hr via webhook:hr bot", "channels",
	    "\"webhook:hr bot\"");
	check_fails("6m -> hr via webhook", "channels", "\"webhook\"");
	memset(name, 'x', 65);
	name[65] = '\0';
	snprintf(text, sizeof text, "1d -> hr via webhook:%s", name);
	check_fails(text, "channels", "1 to 64");

	/* Too many, counted after duplicates are removed. */
	n = 0;
	for (int i = 1; i <= REMINDER_OFFSETS_MAX + 1; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "%s%dd",
		    i > 1 ? "," : "", i);
	snprintf(text + n, sizeof text - (size_t)n, " -> hr via email");
	check_fails(text, "offsets", "more than 16");
	n = snprintf(text, sizeof text, "1d -> hr via email");
	for (int i = 1; i <= REMINDER_CHANNELS_MAX; i++)
		n += snprintf(text + n, sizeof text - (size_t)n,
		    ",webhook:w%d", i);
	check_fails(text, "channels", "more than 8");
	n = 0;
	for (int i = 0; i < 40; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "7d,");
	snprintf(text + n, sizeof text - (size_t)n, "1w -> hr via email");
	CHECK_INT(reminder_rule_parse(text, &r, &f), 0,
	    "41 copies of one offset are one offset");

	/* A long bad token is cut in the message, which stays a sentence. */
	memset(text, 'q', 500);
	memcpy(text + 500, " -> hr via email", 17);
	CHECK_INT(reminder_rule_parse(text, &r, &f), -1,
	    "a 500-byte offset is refused");
	CHECK(strstr(f.message, "qqq...\"") != NULL &&
	    strstr(f.message, "not Nd") != NULL, "... the message cuts it");

	/* A refused rule leaves the output alone. */
	before = R("30d -> staff via webhook:x");
	r = before;
	CHECK_INT(reminder_rule_parse("30d -> staff via sms", &r, &f), -1,
	    "a refused rule");
	CHECK(memcmp(&r, &before, sizeof r) == 0, "... leaves out untouched");
}

static void
test_format(void)
{
	struct reminder_rule r = R("6m,+7d -> hr via email");
	char small[8];

	CHECK_INT(reminder_rule_format(&r, small, sizeof small), -1,
	    "a rule that does not fit gives -1");
	CHECK_INT(strlen(small), sizeof small - 1, "... cut, terminated");
	CHECK_INT(reminder_rule_format(&r, NULL, 0), -1,
	    "no buffer at all gives -1");
	CHECK_STR(reminder_role_name(ROLE_MANAGER), "manager", "role names");
}

/* The [reminders] rules of etc/tenured.conf.example, the documentation the
 * defaults must match word for word. */
static void
test_defaults_match_example(void)
{
	char path[4096], line[512];
	bool seen[MS_KIND_COUNT] = { false };
	bool in_reminders = false;
	FILE *fp;

	snprintf(path, sizeof path, "%s/etc/tenured.conf.example",
	    TENURED_SOURCE_ROOT);
	if ((fp = fopen(path, "r")) == NULL) {
		printf("Bail out! cannot read %s\n", path);
		exit(2);
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		enum milestone_kind kind;
		char *eq, *key, *value, *end;
		char what[160];

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '[') {
			in_reminders = strcmp(line, "[reminders]") == 0;
			continue;
		}
		if (!in_reminders || line[0] == ';' ||
		    (eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		key = line;
		for (end = eq; end > key && end[-1] == ' '; end--)
			end[-1] = '\0';
		value = eq + 1 + strspn(eq + 1, " ");
		if ((end = strstr(value, " ;")) != NULL)
			*end = '\0';
		if (milestone_kind_parse(key, &kind) != 0)
			continue;
		snprintf(what, sizeof what, "default of %s is the example's",
		    milestone_kind_name(kind));
		CHECK_STR(reminder_rule_default_text(kind), value, what);
		seen[kind] = true;
	}
	fclose(fp);
	for (int k = 0; k < MS_KIND_COUNT; k++) {
		char what[160];

		snprintf(what, sizeof what, "the example lists %s",
		    milestone_kind_name(k));
		CHECK(seen[k], what);
	}
}

static void
test_defaults(void)
{
	struct reminder_rule r;
	struct failure f;

	for (int k = 0; k < MS_KIND_COUNT; k++) {
		struct reminder_rule parsed;
		char what[160];

		reminder_rule_default(k, &r);
		snprintf(what, sizeof what, "%s has a default rule, not none",
		    milestone_kind_name(k));
		CHECK(!r.off && r.offset_count > 0 && r.roles != 0 &&
		    r.channel_count > 0, what);
		snprintf(what, sizeof what, "%s: the default is its text parsed",
		    milestone_kind_name(k));
		CHECK(reminder_rule_parse(reminder_rule_default_text(k), &parsed,
		    &f) == 0 && memcmp(&parsed, &r, sizeof r) == 0, what);
		snprintf(what, sizeof what, "%s: escalations only if a decision",
		    milestone_kind_name(k));
		for (int i = 0; i < r.offset_count; i++) {
			if (r.offsets[i].after &&
			    !milestone_kind_is_decision(k))
				CHECK(false, what);
		}
	}
	reminder_rule_default(MS_RENEWAL_DECISION_DUE, &r);
	CHECK_STR(format(&r), "6m,90d,30d,7d,+7d -> hr,manager via email",
	    "renewal_decision_due: 6m,90d,30d,7d,+7d to hr and manager");
	reminder_rule_default(MS_NATIONAL_AGREEMENT_DUE, &r);
	CHECK_STR(format(&r), "90d,30d,7d,+7d -> hr via email",
	    "national_agreement_due: 90d,30d,7d,+7d to hr");
	reminder_rule_default(MS_CONVERSION_REQUEST_DEADLINE, &r);
	CHECK_STR(format(&r), "90d,30d,7d -> hr,staff via email",
	    "conversion_request_deadline: 90d,30d,7d to staff and hr");
	reminder_rule_default(MS_CONVERSION_WINDOW_OPENS, &r);
	CHECK_STR(format(&r), "0d -> staff via email",
	    "conversion_window_opens: on the day to staff");
	reminder_rule_default(MS_PROBATION_END, &r);
	CHECK_STR(format(&r), "30d,7d -> hr,manager via email",
	    "probation_end: 30d,7d to manager and hr");
	reminder_rule_default(MS_INITIAL_TERM_END, &r);
	CHECK_STR(format(&r), "90d -> hr via email", "initial_term_end: 90d");
	reminder_rule_default(MS_CONTRACT_END, &r);
	CHECK_STR(format(&r), "90d,30d -> hr,manager via email",
	    "contract_end: 90d,30d to hr and manager");
	reminder_rule_default(MS_MAX_SERVICE_END, &r);
	CHECK_STR(format(&r), "12m,6m -> hr,manager via email",
	    "max_service_end: 12m,6m to hr and manager");
	reminder_rule_default(MS_GRADE_ADVANCEMENT_ELIGIBLE, &r);
	CHECK_STR(format(&r), "30d -> hr via email",
	    "grade_advancement_eligible: 30d");
	reminder_rule_default(MS_GRADE_ADVANCEMENT_EARLIEST, &r);
	CHECK_STR(format(&r), "30d -> hr via email",
	    "grade_advancement_earliest: 30d");
	reminder_rule_default(MS_AGE_LIMIT, &r);
	CHECK_STR(format(&r), "12m,6m -> hr via email", "age_limit: 12m,6m");
	reminder_rule_default(MS_APPLICATION_DEADLINE, &r);
	CHECK_STR(format(&r), "7d,1d -> hr via email",
	    "application_deadline: 7d,1d");
	reminder_rule_default(MS_CONTRACT_START, &r);
	CHECK_STR(format(&r), "14d -> manager via email",
	    "contract_start: 14d to the manager");
	reminder_rule_default(MS_KIND_COUNT, &r);
	CHECK(r.off, "an unknown kind gets none");
}

static void
test_digest_rule(void)
{
	static const struct {
		const char *text, *field, *message;
	} bad[] = {
		{ "8am -> hr", "time", "HH:MM" },
		{ "24:00 -> hr", "time", "HH:MM" },
		{ "08:60 -> hr", "time", "HH:MM" },
		{ "08:00", "roles", "\"->\"" },
		{ "08:00 ->", "roles", "no roles" },
		{ "08:00 -> hr,boss", "roles", "unknown role \"boss\"" },
		{ "08:00 -> hr,,staff", "roles", "empty" },
	};
	struct digest_rule d;
	struct failure f = { 0 };

	CHECK_INT(reminder_rule_parse_digest("08:00 -> hr", &d, &f), 0,
	    "digest parses");
	CHECK(d.on && d.minutes == 480 && d.roles == ROLE_HR,
	    "... at 08:00 for hr");
	CHECK_INT(reminder_rule_parse_digest("  17:45->manager, staff ", &d, &f), 0,
	    "blanks anywhere");
	CHECK(d.on && d.minutes == 17 * 60 + 45 &&
	    d.roles == (ROLE_MANAGER | ROLE_STAFF), "... 17:45 manager,staff");
	CHECK_INT(reminder_rule_parse_digest("none", &d, &f), 0, "none parses");
	CHECK(!d.on, "... and is off");
	CHECK_INT(reminder_rule_parse_digest("", &d, &f), 0, "empty parses");
	CHECK(!d.on, "... and is off");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		failure_clear(&f);
		CHECK_INT(reminder_rule_parse_digest(bad[i].text, &d, &f), -1,
		    bad[i].text);
		CHECK_STR(f.field, bad[i].field, "... names the field");
		CHECK(strstr(f.message, bad[i].message) != NULL,
		    "... and says what is wrong");
	}
}

int
main(void)
{
	test_digest_rule();
	test_parse_spec_example();
	test_parse_good();
	test_parse_errors();
	test_format();
	test_defaults_match_example();
	test_defaults();
	return tap_done();
}
