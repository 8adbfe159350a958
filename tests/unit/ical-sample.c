/*
 * Renders a fixed sample feed to stdout, for tests/integration/ical_check.py
 * to read with python-icalendar and ical.js (the 'ical-clients' test) and
 * for a look by eye. Every status, a per-term renewal decision, both sides
 * of Brussels' summer time and alarms; the expected values live in
 * ical_check.py, which must change with this file. The arguments
 * "redact" and "fr" render the same feed redacted, or in French.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ical.h"

#define DAY(y, m, d) date_from_ymd((y), (m), (d))
/* 2025-06-01T00:00:00Z */
#define NOW INT64_C(1748736000)

static struct feed_event
contract_event(int64_t id, enum milestone_kind kind, int32_t date,
    int32_t term_end, enum milestone_status status, int64_t seq)
{
	struct feed_event ev = {
		.m = { .kind = kind, .date = date, .term_end = term_end,
		    .status = status },
		.contract_id = id,
		.sequence = seq,
		.updated_at = NOW - 86400,
	};

	if (id == 7) {
		ev.vacancy = "250914";
		ev.person_name = "Jane Doe";
		ev.person_email = "jane.doe@example.org";
		ev.title = "Team Leader, Enterprise Application Support";
	} else {
		ev.person_name = "Zoë Brontë-Smith; \"ZB\", <script>x</script>";
		ev.person_email = "zoe@example.org";
		ev.title = "Analyst;\nData, Platforms";
	}
	return ev;
}

static struct feed_event
deadline(const char *ref, const char *title, int32_t date, int64_t at)
{
	struct feed_event ev = {
		.m = { .kind = MS_APPLICATION_DEADLINE, .date = date,
		    .term_end = DATE_NONE, .at = at, .status = MS_SCHEDULED },
		.vacancy = ref,
		.title = title,
		.sequence = 1,
		.updated_at = NOW - 7 * 86400,
	};

	return ev;
}

int
main(int argc, char **argv)
{
	struct feed_event ev[] = {
		/* SPEC section 4's worked example, renewed until 2031-08-31. */
		contract_event(7, MS_CONTRACT_START, DAY(2025, 9, 1), DATE_NONE,
		    MS_SCHEDULED, 0),
		contract_event(7, MS_PROBATION_END, DAY(2026, 2, 28), DATE_NONE,
		    MS_SCHEDULED, 0),
		contract_event(7, MS_RENEWAL_DECISION_DUE, DAY(2028, 2, 29),
		    DAY(2028, 8, 31), MS_DONE, 3),
		contract_event(7, MS_INITIAL_TERM_END, DAY(2028, 8, 31),
		    DATE_NONE, MS_SCHEDULED, 0),
		contract_event(7, MS_CONVERSION_REQUEST_DEADLINE,
		    DAY(2030, 8, 31), DATE_NONE, MS_SCHEDULED, 2),
		contract_event(7, MS_MAX_SERVICE_END, DAY(2031, 8, 31),
		    DATE_NONE, MS_SCHEDULED, 0),
		contract_event(7, MS_AGE_LIMIT, DAY(2049, 3, 31), DATE_NONE,
		    MS_SCHEDULED, 0),
		/* Not renewed yet: the conversion milestones are projected. */
		contract_event(8, MS_RENEWAL_DECISION_DUE, DAY(2027, 11, 30),
		    DAY(2028, 5, 31), MS_SCHEDULED, 0),
		contract_event(8, MS_CONVERSION_WINDOW_OPENS, DAY(2028, 6, 1),
		    DATE_NONE, MS_PROJECTED, 1),
		contract_event(8, MS_CONVERSION_REQUEST_DEADLINE,
		    DAY(2030, 5, 31), DATE_NONE, MS_PROJECTED, 1),
		contract_event(8, MS_PROBATION_END, DAY(2025, 11, 30),
		    DATE_NONE, MS_CANCELLED, 4),
		contract_event(8, MS_GRADE_ADVANCEMENT_EARLIEST,
		    DAY(2026, 6, 1), DATE_NONE, MS_CANCELLED, 2),
		/* 23:59 CEST = 21:59Z; 23:59 CET = 22:59Z */
		deadline("250914", "Team Leader, Enterprise Application Support",
		    DAY(2025, 6, 22), INT64_C(1750629540)),
		deadline("241370", "Senior Assistant (3 posts)",
		    DAY(2026, 1, 13), INT64_C(1768345140)),
	};
	struct feed_options o = {
		.calname = "HR deadlines",
		.domain = "hr.example.org",
		.timezone = "Europe/Brussels",
		.redact = false,
		.alarm_minutes = { 7 * 1440, 1440, 90 },
		.alarm_count = 3,
		.now = NOW,
	};
	size_t len = 0;
	char *text;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "redact") == 0) {
			o.redact = true;
		} else if (strcmp(argv[i], "fr") == 0) {
			o.lang = LANG_FR;
		} else {
			fprintf(stderr, "usage: ical-sample [redact] [fr]\n");
			return 2;
		}
	}

	/* Cancelled 40 days ago: aged out of the feed. */
	ev[11].updated_at = NOW - 40 * 86400;
	if ((text = ical_render(&o, ev, sizeof ev / sizeof ev[0], &len)) ==
	    NULL) {
		fprintf(stderr, "ical-sample: rendering failed\n");
		return 1;
	}
	fwrite(text, 1, len, stdout);
	free(text);
	return fflush(stdout) == 0 ? 0 : 1;
}
