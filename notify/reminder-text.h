/* The words every reminder shares, whatever carries it: the email subject
 * and body, the Slack line and the webhook's "text", the digest's lines.
 * One wording per language (SPEC section 12), so a reminder reads the
 * same in each channel and beside its calendar entry. */
#ifndef TENURED_REMINDER_TEXT_H
#define TENURED_REMINDER_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "i18n.h"
#include "lifecycle.h"

/* What a reminder is about, as email_reminder and webhook_reminder
 * carry it. */
struct reminder_text {
	enum lang lang;
	enum milestone_kind kind;
	int32_t date;
	int64_t at;			/* 0 for date milestones */
	const char *timezone;		/* of at (deadlines: always Brussels) */
	int64_t contract_id;		/* 0 for vacancy milestones */
	const char *vacancy;
	const char *person_name;
	const char *title;
	int days_before;		/* negative for escalations */
	bool escalation;
};

/* "22 June 2025 at 23:59 (Europe/Brussels time)" and its time zone name
 * fit, with room for a translation's longer words. */
#define REMINDER_DUE_LEN 160

/* "Jane Doe (250914)", "Jane Doe (contract 7)", "contract 7", "Team
 * Leader (vacancy 250914)", "vacancy 250914": whom it is about, on one
 * line. malloc'd; NULL when memory runs out. */
char *reminder_text_whom(const struct reminder_text *t);
/* "Renewal decision due in 30 days: Jane Doe (250914)", "... today: ...",
 * "..., overdue by 7 days: ...". malloc'd. */
char *reminder_text_headline(const struct reminder_text *t);
/* By when: "29 February 2028", or for a timed milestone "10 May 2026 at
 * 23:59 (Europe/Brussels time)" in the zone it is meant in. */
void reminder_text_due(const struct reminder_text *t,
        char out[REMINDER_DUE_LEN]);
/* The zone a timed milestone is written in: the deadline's own for an
 * application deadline (SPEC section 3), else tz, else UTC. */
const char *reminder_text_zone(enum milestone_kind kind, const char *tz);
/* "23:59 (Europe/Brussels time)": the hour alone, for lines that show the
 * day already. */
void reminder_text_hour(enum lang l, int64_t at, const char *tz,
        char out[REMINDER_DUE_LEN]);

#endif
