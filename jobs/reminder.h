/* Reminder rules and planning (SPEC section 5): which reminders a
 * milestone gets, on which day and at which instant, for whom and through
 * which channels. Pure: the caller passes the clock and the holidays. */
#ifndef TENURED_REMINDER_H
#define TENURED_REMINDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "failure.h"
#include "lifecycle.h"

enum reminder_role {
	ROLE_HR = 1,
	ROLE_MANAGER = 2,
	ROLE_STAFF = 4,
};

#define REMINDER_OFFSETS_MAX 16
#define REMINDER_CHANNELS_MAX 8
#define REMINDER_CHANNEL_LEN 73		/* "webhook:" + a 64-byte name + NUL */
#define REMINDER_OFFSET_LEN 8		/* "+12w", "6m", "90d" */

struct reminder_offset {
	int amount;
	char unit;			/* 'd', 'w' or 'm' */
	bool after;			/* "+Nd": an escalation */
	char text[REMINDER_OFFSET_LEN];	/* as written, normalised: "6m" */
};

struct reminder_rule {
	bool off;			/* KIND = none */
	struct reminder_offset offsets[REMINDER_OFFSETS_MAX];
	int offset_count;
	unsigned roles;			/* enum reminder_role bits */
	char channels[REMINDER_CHANNELS_MAX][REMINDER_CHANNEL_LEN];
	int channel_count;
};

/* Parses "6m,90d,30d,7d,+7d -> hr,manager via email,webhook:hr-bot" or
 * "none"; the failure names what is wrong (line left to the caller). */
int reminder_rule_parse(const char *text, struct reminder_rule *out,
        struct failure *f);
/* The default rule of each kind, as etc/tenured.conf.example lists it. */
void reminder_rule_default(enum milestone_kind kind, struct reminder_rule *out);
/* The same default as text ("none" for a kind the table does not know). */
const char *reminder_rule_default_text(enum milestone_kind kind);

/* Room for any rule reminder_rule_parse accepts, written back out. */
#define REMINDER_RULE_STRLEN 768
/* The rule in normalised form ("6m,90d -> hr,manager via email"; roles in
 * the order hr, manager, staff); the length written, or -1 when it does not
 * fit in size. */
int reminder_rule_format(const struct reminder_rule *r, char *buf,
        size_t size);

/* The daily digest (SPEC section 5, `digest = 08:00 -> hr`): one email a
 * working day to each recipient of roles, at minutes past midnight in the
 * configured zone. */
struct digest_rule {
	bool on;
	int minutes;
	unsigned roles;			/* enum reminder_role bits */
};

/* Parses "HH:MM -> ROLES"; "none" or "" leaves it off. */
int reminder_rule_parse_digest(const char *text, struct digest_rule *out,
        struct failure *f);

/* "hr", "manager" or "staff". */
const char *reminder_role_name(enum reminder_role role);
/* The distinct addresses (case aside) an email reminder goes to for the
 * roles: the hr ones in order, then the manager's, then the staff
 * member's (NULL: none); at most max into out. Returns how many. */
size_t reminder_recipients(unsigned roles, char *const *hr, size_t hr_count,
        const char *manager, const char *staff, const char **out,
        size_t max);
/* The day an offset names for a milestone on date, before any move to a
 * working day: months by date_months_before, days and weeks counted back,
 * escalations counted forward. */
int32_t reminder_offset_day(const struct reminder_offset *o, int32_t date);

/* Non-working days besides weekends, which always are: sorted, no
 * duplicates. A NULL set means weekends only. */
struct holiday_set {
	int32_t *days;
	size_t count;
	int32_t covered_until;		/* last day the calendar speaks for */
};

/*
 * The all-day events of an iCalendar text as non-working days. A DTEND is
 * exclusive (none: one day; DURATION is honoured); yearly RRULEs are
 * expanded (with EXDATE and RDATE), open-ended ones up to covered_until,
 * which is 31 December of the latest year an event names (DATE_NONE when
 * the calendar has no all-day event). Timed and cancelled events are not
 * holidays. A failure (FAILURE_INVALID_FIELD, field "holidays") leaves out
 * empty.
 */
int holidays_parse(const char *text, size_t len, struct holiday_set *out,
        struct failure *f);
void holidays_free(struct holiday_set *h);
bool holidays_is_working_day(const struct holiday_set *h, int32_t day);
/* day itself when it is a working day, else the working day before. */
int32_t holidays_previous_working_day(const struct holiday_set *h,
        int32_t day);

/* One reminder instance for one offset of one milestone, before roles
 * and channels are spread into recipients. */
struct planned_reminder {
	int offset_index;		/* into rule->offsets */
	int32_t send_day;		/* after moving to a working day */
	int64_t due_at;			/* send_time on send_day, in the zone */
	bool expired;			/* before-offset of a milestone past */
};

/*
 * The reminders of milestone m under rule, as of now (scheduling clock):
 * none for projected, done or cancelled milestones, none for escalations
 * of kinds that are not decisions; of several offsets already past only
 * the nearest to the milestone (the others are left out); a before-offset
 * whose milestone date is past comes back with expired set. out holds
 * REMINDER_OFFSETS_MAX entries; returns how many were planned.
 */
size_t reminder_plan(const struct reminder_rule *rule,
        const struct milestone *m, const char *tz, int send_minutes,
        const struct holiday_set *holidays, int64_t now,
        struct planned_reminder *out);

#endif
