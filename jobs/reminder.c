#include "reminder.h"

#include <strings.h>

#include "date.h"
#include "localtime.h"

/* One offset's reminder with what sorting and choosing need. */
struct candidate {
	struct planned_reminder r;
	int32_t day;			/* before the move to a working day */
	bool after;
};

const char *
reminder_role_name(enum reminder_role role)
{
	switch (role) {
	case ROLE_HR:		return "hr";
	case ROLE_MANAGER:	return "manager";
	case ROLE_STAFF:	return "staff";
	}
	return "unknown";
}

int32_t
reminder_offset_day(const struct reminder_offset *o, int32_t date)
{
	int32_t days = o->unit == 'w' ? o->amount * 7 : o->amount;

	if (o->unit == 'm')
		return o->after ? date_add_months(date, o->amount) :
		    date_months_before(date, o->amount);
	return o->after ? date + days : date - days;
}

/* Earlier first; on the same instant (two offsets moved onto one working
 * day) the one whose own day is earlier first, then the rule's order, so
 * the result never depends on anything but the input. Choosing the latest
 * past reminder uses the same order. */
static bool
candidate_before(const struct candidate *a, const struct candidate *b)
{
	if (a->r.due_at != b->r.due_at)
		return a->r.due_at < b->r.due_at;
	if (a->day != b->day)
		return a->day < b->day;
	return a->r.offset_index < b->r.offset_index;
}

size_t
reminder_plan(const struct reminder_rule *rule,
    const struct milestone *m, const char *tz, int send_minutes,
    const struct holiday_set *holidays, int64_t now,
    struct planned_reminder *out)
{
	struct candidate c[REMINDER_OFFSETS_MAX], kept[REMINDER_OFFSETS_MAX];
	/* The past reminder nearest to the milestone, per group: before-offsets
	 * and escalations are chosen separately. */
	int nearest_past[2] = { -1, -1 };
	size_t n = 0, k = 0;
	int32_t today;
	bool decision;

	if (rule == NULL || rule->off || m == NULL || m->date == DATE_NONE)
		return 0;
	/* Projected milestones may never come; done and cancelled ones need no
	 * action. */
	if (m->status != MS_SCHEDULED)
		return 0;
	today = localtime_date_of(tz, now);
	decision = milestone_kind_is_decision(m->kind);
	for (int i = 0; i < rule->offset_count && i < REMINDER_OFFSETS_MAX; i++) {
		const struct reminder_offset *o = &rule->offsets[i];
		struct candidate *x = &c[n];
		int *best = &nearest_past[o->after];

		/* An escalation chases a missing decision; other kinds have
		 * none to chase. */
		if (o->after && !decision)
			continue;
		x->day = reminder_offset_day(o, m->date);
		x->after = o->after;
		x->r.offset_index = i;
		x->r.send_day = holidays_previous_working_day(holidays, x->day);
		x->r.due_at = localtime_to_instant(tz, x->r.send_day,
		    send_minutes * 60);
		x->r.expired = !o->after && m->date < today;
		if (x->r.due_at <= now && (*best < 0 ||
		    candidate_before(&c[*best], x)))
			*best = (int)n;
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		if (c[i].r.due_at > now || nearest_past[c[i].after] == (int)i)
			kept[k++] = c[i];
	}
	/* Insertion sort: at most REMINDER_OFFSETS_MAX entries. */
	for (size_t i = 1; i < k; i++) {
		struct candidate x = kept[i];
		size_t j = i;

		for (; j > 0 && candidate_before(&x, &kept[j - 1]); j--)
			kept[j] = kept[j - 1];
		kept[j] = x;
	}
	for (size_t i = 0; i < k; i++)
		out[i] = kept[i].r;
	return k;
}

size_t
reminder_recipients(unsigned roles, char *const *hr, size_t hr_count,
    const char *manager, const char *staff, const char **out, size_t max)
{
	const char *cand[64];
	size_t nc = 0, n = 0;

	if (roles & ROLE_HR)
		for (size_t i = 0; i < hr_count && nc < 62; i++)
			cand[nc++] = hr[i];
	if ((roles & ROLE_MANAGER) && manager != NULL)
		cand[nc++] = manager;
	if ((roles & ROLE_STAFF) && staff != NULL)
		cand[nc++] = staff;
	for (size_t i = 0; i < nc && n < max; i++) {
		bool dup = false;

		for (size_t j = 0; j < n && !dup; j++)
			dup = strcasecmp(out[j], cand[i]) == 0;
		if (!dup)
			out[n++] = cand[i];
	}
	return n;
}
