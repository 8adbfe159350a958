/* Calendar feeds (SPEC section 6), what each event says: statuses, cancelled
 * events ageing out, the age limit, redaction, alarms, escaping of text, the
 * organizer and the calendar's name. Fixed inputs are rendered, then read
 * back with libical's own parser, so every check is on what a client
 * receives rather than on how the text happens to be built. */
#include "ical-fixture.h"

static void
test_statuses(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29", MS_DONE),
		contract_ev(MS_CONVERSION_WINDOW_OPENS, "2028-09-01",
		    MS_PROJECTED),
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_CANCELLED),
	};
	struct feed f;
	icalcomponent *e;

	ev[1].m.term_end = D("2028-08-31");
	f = render(&o, ev, 4);
	e = find_event(f.cal, "contract_start-c7@" DOMAIN);
	CHECK_INT(e ? (int)icalcomponent_get_status(e) : -1, ICAL_STATUS_CONFIRMED,
	    "scheduled: STATUS:CONFIRMED");
	CHECK_STR(summary_of(e), "Contract starts: Jane Doe (250914)",
	    "SUMMARY: what, who, and the vacancy reference");
	e = find_event(f.cal, "renewal_decision_due-c7-20280831@" DOMAIN);
	CHECK_INT(e ? (int)icalcomponent_get_status(e) : -1, ICAL_STATUS_CONFIRMED,
	    "done: STATUS:CONFIRMED");
	CHECK_STR(summary_of(e), "[done] Renewal decision due: Jane Doe (250914)",
	    "done shows in the SUMMARY");
	CHECK(contains(description_of(e), "Decide whether to renew the contract "
	    "of Jane Doe, whose term ends on 31 August 2028; record the "
	    "decision in tenured by 29 February 2028.") &&
	    contains(description_of(e),
	    "Done: the decision has been recorded"),
	    "the renewal DESCRIPTION: what to do, by when, and that it is done");
	e = find_event(f.cal, "conversion_window_opens-c7@" DOMAIN);
	CHECK_INT(e ? (int)icalcomponent_get_status(e) : -1, ICAL_STATUS_TENTATIVE,
	    "projected: STATUS:TENTATIVE");
	CHECK(contains(summary_of(e), "[if renewed] ") &&
	    contains(description_of(e), "only if the contract is renewed"),
	    "a projected event says it depends on the renewal");
	e = find_event(f.cal, "probation_end-c7@" DOMAIN);
	CHECK_INT(e ? (int)icalcomponent_get_status(e) : -1, ICAL_STATUS_CANCELLED,
	    "cancelled: STATUS:CANCELLED");
	CHECK(contains(summary_of(e), "[cancelled] Probation ends"),
	    "cancelled shows in the SUMMARY");
	feed_free(&f);
}

static void
test_cancelled_ageing(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_CANCELLED),
		contract_ev(MS_CONTRACT_END, "2027-02-28", MS_CANCELLED),
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
	};
	int64_t changed = ev[0].updated_at;
	struct feed f;

	ev[1].updated_at = changed + 5 * 86400;
	o.now = changed + FEED_CANCELLED_KEEP - 1;
	CHECK(ical_shows(&o, &ev[0]), "a cancelled event shows for 30 days");
	f = render(&o, ev, 3);
	CHECK(find_event(f.cal, "probation_end-c7@" DOMAIN) != NULL,
	    "and is in the feed one second before they are over");
	feed_free(&f);
	CHECK_INT(ical_next_change(&o, ev, 3), changed + FEED_CANCELLED_KEEP,
	    "the feed's next change: when the first cancellation ages out");
	o.now = changed + FEED_CANCELLED_KEEP;
	CHECK(!ical_shows(&o, &ev[0]), "after 30 days it no longer shows");
	f = render(&o, ev, 3);
	CHECK(f.cal != NULL && find_event(f.cal, "probation_end-c7@" DOMAIN) ==
	    NULL && find_event(f.cal, "contract_end-c7@" DOMAIN) != NULL,
	    "and is gone from the feed, while a later cancellation stays");
	feed_free(&f);
	CHECK_INT(ical_next_change(&o, ev, 3),
	    changed + 5 * 86400 + FEED_CANCELLED_KEEP,
	    "the next change is then the later cancellation's");
	o.now = changed + 60 * 86400;
	CHECK_INT(ical_next_change(&o, ev, 3), 0,
	    "no cancelled event left: no change without new data");
	CHECK(ical_shows(&o, &ev[2]), "a scheduled event always shows");
}

static void
test_age_limit(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_AGE_LIMIT, "2049-03-31", MS_SCHEDULED),
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
	};
	struct feed f = render(&o, ev, 2);

	CHECK(!ical_shows(&o, &ev[0]), "age_limit never shows");
	CHECK(f.cal != NULL && count_kind(f.cal, ICAL_VEVENT_COMPONENT) == 1 &&
	    !contains(f.text, "age_limit") && !contains(f.text, "2049"),
	    "age_limit is left out of the feed (it reveals a birth date)");
	feed_free(&f);
}

static void
test_redaction(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29", MS_SCHEDULED),
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		deadline_ev("250914", SUMMER_DEADLINE),
	};
	struct feed f;
	icalcomponent *e;
	char *s;

	ev[1].person_name = "Jean-Pierre van Dijk";
	o.alarm_minutes[0] = 60;
	o.alarm_count = 1;
	f = render(&o, ev, 3);
	CHECK(contains(f.text, "jane.doe@example.org"),
	    "an ordinary feed gives the email address");
	feed_free(&f);

	o.redact = true;
	f = render(&o, ev, 3);
	e = find_event(f.cal, "renewal_decision_due-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Renewal decision due: J. D. (250914)",
	    "redacted: initials in the SUMMARY");
	CHECK(contains(description_of(e), "the contract of J. D.;") &&
	    contains(description_of(e), "Staff member: J. D."),
	    "and in the DESCRIPTION");
	e = find_event(f.cal, "contract_start-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Contract starts: J.-P. V. D. (250914)",
	    "hyphenated names give hyphenated initials");
	CHECK(f.text != NULL && !contains(f.text, "Jane") &&
	    !contains(f.text, "Doe") && !contains(f.text, "Dijk") &&
	    !contains(f.text, "jane.doe") && !contains(f.text, "@example.org"),
	    "redacted: no name and no email anywhere, alarms included");
	CHECK_STR(summary_of(find_event(f.cal,
	    "application_deadline-v250914@" DOMAIN)), "Application deadline: "
	    "Team Leader, Enterprise Application Support (250914)",
	    "a vacancy's title is not personal: kept");
	feed_free(&f);

	s = ical_text_initials("émile  zola");
	CHECK_STR(s, "é. Z.", "initials keep non-ASCII letters whole");
	free(s);
	s = ical_text_initials("<script>alert(1)</script>");
	CHECK_STR(s, "S.", "initials skip markup");
	free(s);
	s = ical_text_initials(" 123 - ");
	CHECK_STR(s, "", "no letter: no initials");
	free(s);
}

static void
test_alarms(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29", MS_DONE),
		contract_ev(MS_CONVERSION_WINDOW_OPENS, "2028-09-01",
		    MS_PROJECTED),
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_CANCELLED),
		deadline_ev("250914", SUMMER_DEADLINE),
	};
	const int want[] = { -7 * 86400, -86400, -90 * 60, 0 };
	struct feed f;
	icalcomponent *e, *a;
	int n = 0;
	bool ok = true;

	f = render(&o, ev, 5);
	CHECK(f.text != NULL && !contains(f.text, "VALARM"),
	    "no alarms configured: no VALARM");
	feed_free(&f);

	o.alarm_minutes[0] = 7 * 1440;
	o.alarm_minutes[1] = 1440;
	o.alarm_minutes[2] = 90;
	o.alarm_minutes[3] = 1440;
	o.alarm_minutes[4] = 0;
	o.alarm_count = 5;
	f = render(&o, ev, 5);
	e = find_event(f.cal, "contract_start-c7@" DOMAIN);
	for (a = e ? icalcomponent_get_first_component(e,
	    ICAL_VALARM_COMPONENT) : NULL; a != NULL;
	    a = icalcomponent_get_next_component(e, ICAL_VALARM_COMPONENT)) {
		icalproperty *t = icalcomponent_get_first_property(a,
		    ICAL_TRIGGER_PROPERTY);
		icalproperty *act = icalcomponent_get_first_property(a,
		    ICAL_ACTION_PROPERTY);
		struct icaltriggertype tr = t ? icalproperty_get_trigger(t) :
		    (struct icaltriggertype){ 0 };

		ok = ok && n < 4 && t != NULL && icaltime_is_null_time(tr.time) &&
		    icaldurationtype_as_int(tr.duration) == want[n] &&
		    act != NULL &&
		    icalproperty_get_action(act) == ICAL_ACTION_DISPLAY &&
		    contains(prop_text(a, ICAL_DESCRIPTION_PROPERTY),
		    "Contract starts: Jane Doe");
		n++;
	}
	CHECK(ok && n == 4, "alarms: DISPLAY with a DESCRIPTION, triggers 7 "
	    "days, 1 day, 90 minutes before and at the start; duplicates once");
	CHECK(contains(f.text, "\r\nTRIGGER:-P7D\r\n") &&
	    contains(f.text, "\r\nTRIGGER:-P1D\r\n") &&
	    contains(f.text, "\r\nTRIGGER:-PT90M\r\n") &&
	    contains(f.text, "\r\nTRIGGER:PT0S\r\n"),
	    "triggers are durations relative to the start");
	CHECK_INT(count_kind(find_event(f.cal,
	    "application_deadline-v250914@" DOMAIN), ICAL_VALARM_COMPONENT), 4,
	    "a deadline gets the alarms too");
	CHECK_INT(count_kind(find_event(f.cal, "renewal_decision_due-c7@" DOMAIN),
	    ICAL_VALARM_COMPONENT), 0, "no alarm on a done milestone");
	CHECK_INT(count_kind(find_event(f.cal,
	    "conversion_window_opens-c7@" DOMAIN), ICAL_VALARM_COMPONENT), 0,
	    "no alarm on a projected one");
	CHECK_INT(count_kind(find_event(f.cal, "probation_end-c7@" DOMAIN),
	    ICAL_VALARM_COMPONENT), 0, "no alarm on a cancelled one");
	feed_free(&f);
}

static void
test_escaping(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29", MS_SCHEDULED),
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_SCHEDULED),
		contract_ev(MS_CONTRACT_END, "2027-02-28", MS_SCHEDULED),
	};
	char long_name[400] = "";
	struct feed f;
	icalcomponent *e;

	ev[0].person_name = "Doe, Jane; \"JJ\" \\ Jr.\nSecond line";
	ev[0].title = "Analyst, Data;\r\nPlatforms";
	ev[1].person_name = "<script>alert('x')</script>";
	ev[2].person_name = "Zoë Brontë";
	for (int i = 0; i < 40; i++)
		strcat(long_name, "日本,");
	ev[3].person_name = long_name;
	ev[3].vacancy = NULL;
	ev[3].contract_id = 42;
	f = render(&o, ev, 4);
	e = find_event(f.cal, "renewal_decision_due-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Renewal decision due: Doe, Jane; \"JJ\" \\ Jr. "
	    "Second line (250914)",
	    "commas, semicolons, backslashes and a newline in a name read back");
	CHECK(contains(f.text, "Doe\\, Jane\\; \"JJ\" \\\\ Jr."),
	    "commas, semicolons and backslashes are escaped in the text");
	CHECK(contains(description_of(e), "\nPost: Analyst, Data; Platforms\n"),
	    "a title's line break becomes a space, its punctuation stays");
	CHECK(contains(description_of(e), "29 February 2028.\n\nStaff member:"),
	    "the DESCRIPTION's own line breaks survive");
	CHECK(contains(f.text, ".\\n\\nStaff member:"),
	    "written as \\n in the text");
	e = find_event(f.cal, "contract_start-c7@" DOMAIN);
	CHECK_STR(summary_of(e),
	    "Contract starts: <script>alert('x')</script> (250914)",
	    "markup in a name is text, passed on unchanged");
	e = find_event(f.cal, "probation_end-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Probation ends: Zoë Brontë (250914)",
	    "non-ASCII names read back");
	e = find_event(f.cal, "contract_end-c42@" DOMAIN);
	CHECK(contains(summary_of(e), long_name) &&
	    contains(summary_of(e), " (contract 42)"),
	    "a long non-ASCII name survives folding; no vacancy: contract id");
	feed_free(&f);

	ev[0].person_name = "Bad\xff\xfe utf8\x01\x7f name \xe2\x82";
	f = render(&o, ev, 1);
	e = find_event(f.cal, "renewal_decision_due-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Renewal decision due: Bad\xef\xbf\xbd\xef\xbf"
	    "\xbd utf8   name \xef\xbf\xbd\xef\xbf\xbd (250914)",
	    "invalid UTF-8 becomes U+FFFD, control characters spaces");
	feed_free(&f);
}

/* The ORGANIZER of ev[i] in a feed rendered with organizer, or "-". */
static void
organizer_of(const char *organizer, char *uri, char *cn, size_t len)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		deadline_ev("250914", SUMMER_DEADLINE),
	};
	struct feed f;
	icalproperty *p[2] = { NULL, NULL };
	icalparameter *c;

	o.organizer = organizer;
	f = render(&o, ev, 2);
	snprintf(uri, len, "-");
	snprintf(cn, len, "-");
	for (int i = 0; i < 2 && f.cal != NULL; i++)
		p[i] = icalcomponent_get_first_property(find_event(f.cal, i == 0 ?
		    "contract_start-c7@" DOMAIN :
		    "application_deadline-v250914@" DOMAIN),
		    ICAL_ORGANIZER_PROPERTY);
	/* Both events, the same ORGANIZER. */
	if (p[0] != NULL && p[1] != NULL && strcmp(icalproperty_get_organizer(
	    p[0]), icalproperty_get_organizer(p[1])) == 0) {
		snprintf(uri, len, "%s", icalproperty_get_organizer(p[0]));
		c = icalproperty_get_first_parameter(p[0], ICAL_CN_PARAMETER);
		if (c != NULL)
			snprintf(cn, len, "%s", icalparameter_get_cn(c));
	}
	feed_free(&f);
}

static void
test_organizer(void)
{
	char uri[200], cn[200];

	organizer_of("HR deadlines <hr-deadlines@example.org>", uri, cn,
	    sizeof uri);
	CHECK_STR(uri, "mailto:hr-deadlines@example.org",
	    "ORGANIZER on every event: mailto: the [smtp] from address");
	CHECK_STR(cn, "HR deadlines", "with CN= its display name");
	organizer_of("hr@example.org", uri, cn, sizeof uri);
	CHECK_STR(uri, "mailto:hr@example.org", "a bare from address");
	CHECK_STR(cn, "-", "gives no CN");
	organizer_of(NULL, uri, cn, sizeof uri);
	CHECK_STR(uri, "mailto:tenured@" DOMAIN,
	    "no [smtp] from: mailto:tenured@DOMAIN");
	organizer_of("not an address", uri, cn, sizeof uri);
	CHECK_STR(uri, "mailto:tenured@" DOMAIN,
	    "an unusable from: mailto:tenured@DOMAIN");
	organizer_of("\"Doe, J; \\ \\\"HR\\\" ^n\" <hr@example.org>", uri, cn,
	    sizeof uri);
	CHECK_STR(cn, "Doe, J; \\ \\HR\\ n",
	    "a CN keeps commas, semicolons and backslashes and loses the "
	    "quotes and carets some parsers would misread");
}

static void
test_calname(void)
{
	struct feed_options o = options();
	struct feed_event ev = contract_ev(MS_CONTRACT_START, "2025-09-01",
	    MS_SCHEDULED);
	char name[300] = "Team, HR; \\ \"deadlines\"\nnext";
	struct feed f;
	const char *p;

	o.calname = name;
	f = render(&o, &ev, 1);
	CHECK(contains(f.text, "\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Team\\, "
	    "HR\\; \\\\ \"deadlines\" next\r\nX-WR-TIMEZONE:"),
	    "X-WR-CALNAME is escaped like any TEXT value, on one line");
	CHECK_STR(f.cal != NULL ? x_prop_raw(f.cal, "X-WR-CALNAME") : NULL,
	    "Team, HR; \\ \"deadlines\" next",
	    "and reads back as the name, its line break a space");
	feed_free(&f);

	/* Folded at 75 octets, never inside a character or an escape. */
	strcpy(name, "");
	for (int i = 0; i < 30; i++)
		strcat(name, i % 3 ? "日本" : ",;");
	f = render(&o, &ev, 1);
	p = f.text != NULL ? strstr(f.text, "X-WR-CALNAME:") : NULL;
	{
		bool ok = p != NULL;
		const char *end = p != NULL ? strstr(p, "\r\nX-WR-TIMEZONE")
		    : NULL;

		for (const char *l = p; ok && l < end;) {
			const char *eol = strstr(l, "\r\n");

			ok = eol - l <= 75 && (unsigned char)eol[-1] != 0xe6 &&
			    eol[-1] != '\\' && ((unsigned char)eol[2] & 0xc0) !=
			    0x80;
			l = eol + 2;
			ok = ok && (l >= end || *l == ' ');
		}
		CHECK(ok && end != NULL && count_substr(p, "\r\n ") > 1 &&
		    end - p < 400, "a long X-WR-CALNAME folds at 75 octets "
		    "between characters and escapes");
	}
	feed_free(&f);
}

int
main(void)
{
	test_statuses();
	test_cancelled_ageing();
	test_age_limit();
	test_redaction();
	test_alarms();
	test_escaping();
	test_organizer();
	test_calname();
	return tap_done();
}
