/* Reminder planning (SPEC section 5): the days and instants a milestone's
 * reminders are planned for — month, week and day offsets, moves off
 * weekends and holidays, DST, statuses, escalations and reminders already
 * past. The rule grammar is tested in test-reminder-rule.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "localtime.h"
#include "reminder.h"
#include "tap.h"

#define TZ "Europe/Brussels"
#define NINE (9 * 60)

/* A date the test itself writes; a typo here is a bug in the test. */
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

static int64_t
T(const char *text)
{
	int64_t t;

	if (localtime_parse_rfc3339(text, &t) != 0) {
		printf("Bail out! test instant \"%s\" does not parse\n", text);
		exit(2);
	}
	return t;
}

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

static int32_t holiday_days[] = { 0, 0, 0, 0, 0, 0, 0 };
static struct holiday_set holidays;

static void
init_holidays(void)
{
	/* Some of the 2026 NATO HQ days, as a hand-made set: planning is
	 * tested apart from the ICS reader. */
	static const char *const days[] = {
		"2026-01-01", "2026-01-02", "2026-04-06", "2026-12-25",
		"2026-12-28", "2026-12-29", "2026-12-30",
	};

	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
		holiday_days[i] = D(days[i]);
	holidays.days = holiday_days;
	holidays.count = sizeof days / sizeof days[0];
	holidays.covered_until = D("2026-12-31");
}

struct plan_case {
	const char *rule;
	enum milestone_kind kind;
	const char *date;
	enum milestone_status status;	/* 0: scheduled */
	const char *now;		/* NULL: 2025-06-02T12:00:00Z */
	const char *tz;			/* NULL: Brussels */
	int send_minutes;		/* 0: 09:00 */
	bool holidays;
	/* Each reminder as OFFSET@LOCAL-TIME, "!" when expired, in order. */
	const char *want;
};

static void
run_plan(const struct plan_case *c, const char *what)
{
	struct reminder_rule r = R(c->rule);
	struct milestone m = {
		.kind = c->kind,
		.date = D(c->date),
		.term_end = DATE_NONE,
		.status = c->status,
	};
	struct planned_reminder out[REMINDER_OFFSETS_MAX];
	const char *tz = c->tz != NULL ? c->tz : TZ;
	char got[1024] = "", full[512];
	size_t n, used = 0;
	bool consistent = true;

	n = reminder_plan(&r, &m, tz, c->send_minutes ? c->send_minutes : NINE,
	    c->holidays ? &holidays : NULL,
	    T(c->now != NULL ? c->now : "2025-06-02T12:00:00Z"), out);
	for (size_t i = 0; i < n; i++) {
		char at[LOCALTIME_RFC3339_LEN];

		localtime_format_rfc3339(tz, out[i].due_at, at);
		used += (size_t)snprintf(got + used, sizeof got - used,
		    "%s%s@%s%s", i > 0 ? " " : "",
		    r.offsets[out[i].offset_index].text, at,
		    out[i].expired ? "!" : "");
		/* send_day is the day due_at falls on, in the zone. */
		if (localtime_date_of(tz, out[i].due_at) != out[i].send_day)
			consistent = false;
		if (i > 0 && out[i].due_at < out[i - 1].due_at)
			consistent = false;
	}
	snprintf(full, sizeof full, "%s: %s", what, c->want[0] ? c->want :
	    "nothing");
	CHECK_STR(got, c->want, full);
	snprintf(full, sizeof full, "%s: sorted, send_day = day of due_at", what);
	CHECK(consistent, full);
}

#define PLAN(what, ...) do {						\
	struct plan_case c_ = { __VA_ARGS__ };				\
	run_plan(&c_, (what));						\
} while (0)

static void
test_offset_day(void)
{
	struct reminder_rule r = R("6m,9m,12m,1m,2w,30d,0d,+7d,+2w -> hr via "
	    "email");
	char buf[DATE_STRLEN];
	static const struct {
		int offset;
		const char *milestone, *want;
	} cases[] = {
		/* SPEC section 4: "n months before" reads D as the end E. */
		{ 0, "2028-08-31", "2028-02-29" },
		{ 1, "2028-08-31", "2027-11-30" },
		{ 2, "2031-08-31", "2030-08-31" },
		{ 3, "2026-03-30", "2026-02-28" },
		{ 3, "2026-12-31", "2026-11-30" },
		{ 0, "2026-08-31", "2026-02-28" },
		{ 0, "2027-08-31", "2027-02-28" },
		{ 2, "2025-02-28", "2024-02-29" },
		{ 2, "2025-03-01", "2024-03-01" },
		{ 4, "2026-03-03", "2026-02-17" },
		{ 5, "2026-03-03", "2026-02-01" },
		{ 6, "2026-03-03", "2026-03-03" },
		{ 7, "2026-12-28", "2027-01-04" },
		{ 8, "2026-02-20", "2026-03-06" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char what[96];

		snprintf(what, sizeof what, "%s of %s is %s",
		    r.offsets[cases[i].offset].text, cases[i].milestone,
		    cases[i].want);
		date_format(reminder_offset_day(&r.offsets[cases[i].offset],
		    D(cases[i].milestone)), buf);
		CHECK_STR(buf, cases[i].want, what);
	}
}

static void
test_plan_days(void)
{
	PLAN("days and weeks, counted back",
	    .rule = "30d,2w,1d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-07-15",
	    .want = "30d@2026-06-15T09:00:00+02:00 "
	    "2w@2026-07-01T09:00:00+02:00 1d@2026-07-14T09:00:00+02:00");
	PLAN("months from a month end",
	    .rule = "1m -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-12-31", .want = "1m@2026-11-30T09:00:00+01:00");
	PLAN("6 months before a leap-year August end: 29 February",
	    .rule = "6m -> hr via email", .kind = MS_RENEWAL_DECISION_DUE,
	    .date = "2028-08-31", .want = "6m@2028-02-29T09:00:00+01:00");
	PLAN("a month before 30 March is 28 February, a Saturday: Friday",
	    .rule = "1m -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-03-30", .want = "1m@2026-02-27T09:00:00+01:00");
	PLAN("12 months before 2031-08-31 is a Saturday: Friday",
	    .rule = "12m -> hr via email", .kind = MS_MAX_SERVICE_END,
	    .date = "2031-08-31", .want = "12m@2030-08-30T09:00:00+02:00");
	PLAN("6 months before 2027-08-31 is a Sunday: Friday",
	    .rule = "6m -> hr via email", .kind = MS_MAX_SERVICE_END,
	    .date = "2027-08-31", .want = "6m@2027-02-26T09:00:00+01:00");
	PLAN("output sorted by due time, whatever the rule's order",
	    .rule = "7d,6m,+7d,30d -> hr via email",
	    .kind = MS_RENEWAL_DECISION_DUE, .date = "2026-07-15",
	    .want = "6m@2026-01-15T09:00:00+01:00 "
	    "30d@2026-06-15T09:00:00+02:00 7d@2026-07-08T09:00:00+02:00 "
	    "+7d@2026-07-22T09:00:00+02:00");
	PLAN("the send time is the configured one",
	    .rule = "1d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-07-15", .send_minutes = 17 * 60 + 45,
	    .want = "1d@2026-07-14T17:45:00+02:00");
}

static void
test_plan_working_days(void)
{
	PLAN("a Saturday moves to Friday (the milestone stays)",
	    .rule = "0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-02-28", .want = "0d@2026-02-27T09:00:00+01:00");
	PLAN("a Sunday moves to Friday",
	    .rule = "0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2027-02-28", .want = "0d@2027-02-26T09:00:00+01:00");
	PLAN("a Monday stays",
	    .rule = "0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-03-02", .want = "0d@2026-03-02T09:00:00+01:00");
	PLAN("without a calendar Easter Monday is a working day",
	    .rule = "0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-04-06", .want = "0d@2026-04-06T09:00:00+02:00");
	PLAN("a holiday Monday moves to the Friday before",
	    .rule = "0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-04-06", .holidays = true,
	    .want = "0d@2026-04-03T09:00:00+02:00");
	PLAN("holidays, a weekend and a holiday Friday: back to Thursday",
	    .rule = "7d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2027-01-06", .holidays = true,
	    .want = "7d@2026-12-24T09:00:00+01:00");
	PLAN("a weekend, then two holidays: back into the year before",
	    .rule = "0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-01-04", .holidays = true,
	    .want = "0d@2025-12-31T09:00:00+01:00");
	PLAN("escalations move back too",
	    .rule = "+3d,+1w -> hr via email", .kind = MS_RENEWAL_DECISION_DUE,
	    .date = "2026-07-15",
	    .want = "+3d@2026-07-17T09:00:00+02:00 "
	    "+1w@2026-07-22T09:00:00+02:00");
	PLAN("two offsets moved onto one Friday: the earlier day first",
	    .rule = "7d,8d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-07-19",
	    .want = "8d@2026-07-10T09:00:00+02:00 "
	    "7d@2026-07-10T09:00:00+02:00");
}

static void
test_plan_dst(void)
{
	struct reminder_rule r = R("0d -> hr via email");
	struct milestone m = { .kind = MS_CONTRACT_END, .term_end = DATE_NONE,
	    .status = MS_SCHEDULED };
	struct planned_reminder out[REMINDER_OFFSETS_MAX];

	m.date = D("2026-07-15");
	reminder_plan(&r, &m, TZ, NINE, NULL, T("2025-06-01T00:00:00Z"), out);
	CHECK_INT(out[0].due_at, T("2026-07-15T07:00:00Z"),
	    "summer: 09:00 in Brussels is 07:00 UTC");
	m.date = D("2026-01-14");
	reminder_plan(&r, &m, TZ, NINE, NULL, T("2025-06-01T00:00:00Z"), out);
	CHECK_INT(out[0].due_at, T("2026-01-14T08:00:00Z"),
	    "winter: 09:00 in Brussels is 08:00 UTC");

	/* Brussels changes on Sundays, which move to the Friday before, in
	 * the offset of that Friday. */
	PLAN("spring change day (Sunday): Friday, still winter time",
	    .rule = "1d,0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-03-30",
	    .want = "1d@2026-03-27T09:00:00+01:00 "
	    "0d@2026-03-30T09:00:00+02:00");
	PLAN("autumn change day (Sunday): Friday, still summer time",
	    .rule = "1d,0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-10-26",
	    .want = "1d@2026-10-23T09:00:00+02:00 "
	    "0d@2026-10-26T09:00:00+01:00");
	PLAN("02:30 on the spring change day: Friday's 02:30, winter time",
	    .rule = "0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-03-29", .send_minutes = 2 * 60 + 30,
	    .want = "0d@2026-03-27T02:30:00+01:00");

	/* Cairo changes on a Friday and a Thursday, working days: a send
	 * time in the gap moves forward by the gap, an ambiguous one takes
	 * the first occurrence. */
	m.date = D("2026-04-24");
	reminder_plan(&r, &m, "Africa/Cairo", 30, NULL,
	    T("2025-06-01T00:00:00Z"), out);
	CHECK_INT(out[0].due_at, T("2026-04-24T01:30:00+03:00"),
	    "Cairo, 00:30 on the spring change day: 01:30 summer time");
	CHECK_INT(out[0].send_day, D("2026-04-24"), "... on that day");
	m.date = D("2026-10-29");
	reminder_plan(&r, &m, "Africa/Cairo", 23 * 60 + 30, NULL,
	    T("2025-06-01T00:00:00Z"), out);
	CHECK_INT(out[0].due_at, T("2026-10-29T23:30:00+03:00"),
	    "Cairo, 23:30 on the autumn change day: the first, summer, one");
	m.date = D("2026-04-23");
	reminder_plan(&r, &m, "Africa/Cairo", 30, NULL,
	    T("2025-06-01T00:00:00Z"), out);
	CHECK_INT(out[0].due_at, T("2026-04-23T00:30:00+02:00"),
	    "Cairo, 00:30 the day before: winter time");
}

static void
test_plan_status_and_kind(void)
{
	static const struct {
		enum milestone_status status;
		const char *name;
	} off[] = {
		{ MS_PROJECTED, "projected" },
		{ MS_DONE, "done" },
		{ MS_CANCELLED, "cancelled" },
	};
	struct reminder_rule r = R("30d,+7d -> hr via email");
	struct planned_reminder out[REMINDER_OFFSETS_MAX];
	struct milestone m = { .kind = MS_CONVERSION_REQUEST_DEADLINE,
	    .date = D("2026-07-15"), .term_end = DATE_NONE };
	int64_t now = T("2026-01-05T12:00:00Z");

	for (size_t i = 0; i < sizeof off / sizeof off[0]; i++) {
		char what[96];

		m.status = off[i].status;
		snprintf(what, sizeof what, "a %s milestone gets no reminders",
		    off[i].name);
		CHECK_INT(reminder_plan(&r, &m, TZ, NINE, NULL, now, out), 0,
		    what);
	}
	m.status = MS_SCHEDULED;
	CHECK_INT(reminder_plan(&r, &m, TZ, NINE, NULL, now, out), 2,
	    "a scheduled one gets both");
	m.date = DATE_NONE;
	CHECK_INT(reminder_plan(&r, &m, TZ, NINE, NULL, now, out), 0,
	    "a milestone without a date gets none");
	m.date = D("2026-07-15");
	r = R("none");
	CHECK_INT(reminder_plan(&r, &m, TZ, NINE, NULL, now, out), 0,
	    "a kind turned off gets none");
	CHECK_INT(reminder_plan(NULL, &m, TZ, NINE, NULL, now, out), 0,
	    "no rule gets none");

	/* Escalations chase decisions: every kind, the same rule. */
	r = R("30d,+7d,+2w -> hr via email");
	for (int k = 0; k < MS_KIND_COUNT; k++) {
		size_t n, escalations = 0;
		char what[128];

		m.kind = k;
		n = reminder_plan(&r, &m, TZ, NINE, NULL, now, out);
		for (size_t i = 0; i < n; i++)
			escalations += r.offsets[out[i].offset_index].after;
		snprintf(what, sizeof what, "%s: %s", milestone_kind_name(k),
		    milestone_kind_is_decision(k) ? "30d and two escalations" :
		    "30d only, no escalations");
		CHECK(n == (milestone_kind_is_decision(k) ? 3u : 1u) &&
		    escalations == n - 1, what);
	}
	PLAN("national_agreement_due escalates",
	    .rule = "+7d -> hr via email", .kind = MS_NATIONAL_AGREEMENT_DUE,
	    .date = "2026-07-15", .want = "+7d@2026-07-22T09:00:00+02:00");
	PLAN("contract_end does not escalate",
	    .rule = "+7d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-07-15", .want = "");
}

static void
test_plan_past(void)
{
	static const char *const rules[] = {
		"90d,30d,7d,+7d,+14d -> hr via email",
		"+14d,7d,90d,+7d,30d -> hr via email",
	};

	for (size_t i = 0; i < 2; i++) {
		char what[160];

		snprintf(what, sizeof what, "\"%s\" before 90d", rules[i]);
		PLAN(what, .rule = rules[i], .kind = MS_RENEWAL_DECISION_DUE,
		    .date = "2026-07-15", .now = "2026-01-05T12:00:00Z",
		    .want = "90d@2026-04-16T09:00:00+02:00 "
		    "30d@2026-06-15T09:00:00+02:00 "
		    "7d@2026-07-08T09:00:00+02:00 "
		    "+7d@2026-07-22T09:00:00+02:00 "
		    "+14d@2026-07-29T09:00:00+02:00");
		snprintf(what, sizeof what, "\"%s\": three past, only 7d "
		    "is kept", rules[i]);
		PLAN(what, .rule = rules[i], .kind = MS_RENEWAL_DECISION_DUE,
		    .date = "2026-07-15", .now = "2026-07-10T12:00:00Z",
		    .want = "7d@2026-07-08T09:00:00+02:00 "
		    "+7d@2026-07-22T09:00:00+02:00 "
		    "+14d@2026-07-29T09:00:00+02:00");
		snprintf(what, sizeof what, "\"%s\": milestone past, 7d "
		    "expired, one escalation past", rules[i]);
		PLAN(what, .rule = rules[i], .kind = MS_RENEWAL_DECISION_DUE,
		    .date = "2026-07-15", .now = "2026-07-25T12:00:00Z",
		    .want = "7d@2026-07-08T09:00:00+02:00! "
		    "+7d@2026-07-22T09:00:00+02:00 "
		    "+14d@2026-07-29T09:00:00+02:00");
		snprintf(what, sizeof what, "\"%s\": both escalations past, "
		    "only +14d", rules[i]);
		PLAN(what, .rule = rules[i], .kind = MS_RENEWAL_DECISION_DUE,
		    .date = "2026-07-15", .now = "2026-08-10T12:00:00Z",
		    .want = "7d@2026-07-08T09:00:00+02:00! "
		    "+14d@2026-07-29T09:00:00+02:00");
	}
	PLAN("due exactly now counts as past: only 7d",
	    .rule = "30d,7d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-07-15", .now = "2026-07-08T07:00:00Z",
	    .want = "7d@2026-07-08T09:00:00+02:00");
	PLAN("a second before, 7d is still ahead",
	    .rule = "30d,7d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-07-15", .now = "2026-07-08T06:59:59Z",
	    .want = "30d@2026-06-15T09:00:00+02:00 "
	    "7d@2026-07-08T09:00:00+02:00");
	PLAN("two past on one Friday: the nearer offset is kept",
	    .rule = "8d,7d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-07-19", .now = "2026-07-10T12:00:00Z",
	    .want = "7d@2026-07-10T09:00:00+02:00");
	PLAN("on the milestone's day (Brussels) nothing is expired",
	    .rule = "30d,0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-07-15", .now = "2026-07-15T21:59:59Z",
	    .want = "0d@2026-07-15T09:00:00+02:00");
	PLAN("from midnight after it (Brussels) the before-offset is expired",
	    .rule = "30d,0d -> hr via email", .kind = MS_CONTRACT_END,
	    .date = "2026-07-15", .now = "2026-07-15T22:00:00Z",
	    .want = "0d@2026-07-15T09:00:00+02:00!");
	PLAN("years later, still one expired reminder",
	    .rule = "12m,6m,30d -> hr via email", .kind = MS_AGE_LIMIT,
	    .date = "2026-07-15", .now = "2030-01-01T00:00:00Z",
	    .want = "30d@2026-06-15T09:00:00+02:00!");
	PLAN("escalations are never expired",
	    .rule = "+7d -> hr via email", .kind = MS_RENEWAL_DECISION_DUE,
	    .date = "2026-07-15", .now = "2030-01-01T00:00:00Z",
	    .want = "+7d@2026-07-22T09:00:00+02:00");
}

static void
test_plan_deterministic(void)
{
	struct reminder_rule r = R("12m,6m,90d,30d,7d,1d,+1d,+7d -> hr via email");
	struct milestone m = { .kind = MS_RENEWAL_DECISION_DUE,
	    .date = D("2026-12-30"), .term_end = DATE_NONE,
	    .status = MS_SCHEDULED };
	struct planned_reminder a[REMINDER_OFFSETS_MAX], b[REMINDER_OFFSETS_MAX];
	size_t na, nb;

	memset(a, 0, sizeof a);
	memset(b, 0xff, sizeof b);
	na = reminder_plan(&r, &m, TZ, NINE, &holidays,
	    T("2026-02-01T00:00:00Z"), a);
	nb = reminder_plan(&r, &m, TZ, NINE, &holidays,
	    T("2026-02-01T00:00:00Z"), b);
	CHECK(na == nb && na == 8,
	    "the same input plans the same: all 8, 12m the one past");
	for (size_t i = 0; i < na && i < nb; i++) {
		if (a[i].offset_index != b[i].offset_index ||
		    a[i].send_day != b[i].send_day ||
		    a[i].due_at != b[i].due_at || a[i].expired != b[i].expired) {
			CHECK(false, "... entry by entry");
			return;
		}
	}
	CHECK(true, "... entry by entry");
}

static void
test_working_days(void)
{
	char buf[DATE_STRLEN];

	CHECK(!holidays_is_working_day(NULL, D("2026-02-28")),
	    "Saturday is never a working day");
	CHECK(!holidays_is_working_day(NULL, D("2026-03-01")),
	    "Sunday is never a working day");
	CHECK(holidays_is_working_day(NULL, D("2026-04-06")),
	    "no calendar: Easter Monday works");
	CHECK(!holidays_is_working_day(&holidays, D("2026-04-06")),
	    "with the calendar it does not");
	CHECK(holidays_is_working_day(&holidays, D("2026-04-07")),
	    "the Tuesday after does");
	date_format(holidays_previous_working_day(NULL, D("2026-03-01")), buf);
	CHECK_STR(buf, "2026-02-27", "Sunday 1 March: Friday 27 February");
	date_format(holidays_previous_working_day(&holidays, D("2026-12-31")),
	    buf);
	CHECK_STR(buf, "2026-12-31", "a working day is itself");
	date_format(holidays_previous_working_day(&holidays, D("2026-12-30")),
	    buf);
	CHECK_STR(buf, "2026-12-24", "30 December 2026: back to the 24th");
}

/* Who an email reminder goes to: hr first, then the manager, then the
 * staff member, each address once whatever its case. */
static void
test_recipients(void)
{
	char *hr[] = { "hr@example.org", "Boss@Example.org" };
	const char *to[8];
	size_t n;

	n = reminder_recipients(ROLE_HR | ROLE_MANAGER | ROLE_STAFF, hr, 2,
	    "boss@example.org", "jane@example.org", to, 8);
	CHECK_INT(n, 3, "a manager also in hr is written to once");
	CHECK(n == 3 && strcmp(to[0], "hr@example.org") == 0 &&
	    strcmp(to[1], "Boss@Example.org") == 0 &&
	    strcmp(to[2], "jane@example.org") == 0, "hr first, as listed");
	n = reminder_recipients(ROLE_MANAGER | ROLE_STAFF, hr, 2, NULL,
	    "jane@example.org", to, 8);
	CHECK(n == 1 && strcmp(to[0], "jane@example.org") == 0,
	    "no manager: the staff member alone");
	n = reminder_recipients(ROLE_HR, hr, 2, "x@example.org", NULL, to, 1);
	CHECK_INT(n, 1, "at most max");
	CHECK_INT(reminder_recipients(ROLE_STAFF, hr, 2, NULL, NULL, to, 8), 0,
	    "nobody in the roles: no one");
}

int
main(void)
{
	test_recipients();
	init_holidays();
	test_offset_day();
	test_working_days();
	test_plan_days();
	test_plan_working_days();
	test_plan_dst();
	test_plan_status_and_kind();
	test_plan_past();
	test_plan_deterministic();
	return tap_done();
}
