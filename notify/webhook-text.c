/*
 * The words of a webhook reminder for people: the one line a Slack or
 * Mattermost channel shows, kept apart from the JSON and HTTP plumbing of
 * webhook.c so the wording can be read and changed in one place. The kind
 * labels are the calendar's (ical_text_label), so a reminder and its feed
 * entry read alike.
 */
#include "webhook.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ical.h"
#include "ical-text.h"
#include "localtime.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What the reader of a Slack line does about each kind, after the dash. */
static const char *const actions[] = {
	[MS_CONTRACT_START] = "have the contract signed and the arrival "
	    "arranged",
	[MS_PROBATION_END] = "complete the probation report",
	[MS_RENEWAL_DECISION_DUE] = "record the decision in tenured",
	[MS_NATIONAL_AGREEMENT_DUE] = "obtain the national agreement and "
	    "record it in tenured",
	[MS_INITIAL_TERM_END] = "record a renewal in tenured or the contract "
	    "ends",
	[MS_CONVERSION_WINDOW_OPENS] = "conversion requests may be made from "
	    "then",
	[MS_CONVERSION_REQUEST_DEADLINE] = "record the request in tenured",
	[MS_CONTRACT_END] = "complete the handover and separation",
	[MS_MAX_SERVICE_END] = "plan the succession",
	[MS_GRADE_ADVANCEMENT_ELIGIBLE] = "review the advancement",
	[MS_GRADE_ADVANCEMENT_EARLIEST] = "decide on an early advancement",
	[MS_AGE_LIMIT] = "plan the separation",
	[MS_APPLICATION_DEADLINE] = "shortlist the candidates once it has "
	    "passed",
};

static bool
webhook_text_has(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* s cleaned to one line, written to f. */
static bool
webhook_text_put_clean(FILE *f, const char *s)
{
	char *clean = ical_text_clean(s);

	if (clean == NULL)
		return false;
	fputs(clean, f);
	free(clean);
	return true;
}

/* "Jane Doe (250914)", "Jane Doe (contract 7)", "contract 7",
 * "Team Leader (vacancy 250914)", "vacancy 250914": who or what. */
static bool
webhook_text_put_subject(FILE *f, const struct webhook_reminder *r)
{
	bool ok = true;

	if (r->contract_id != 0) {
		if (!webhook_text_has(r->person_name)) {
			fprintf(f, "contract %lld", (long long)r->contract_id);
			return true;
		}
		ok = webhook_text_put_clean(f, r->person_name);
		fputs(" (", f);
		if (webhook_text_has(r->vacancy))
			ok = ok && webhook_text_put_clean(f, r->vacancy);
		else
			fprintf(f, "contract %lld", (long long)r->contract_id);
		fputc(')', f);
		return ok;
	}
	if (webhook_text_has(r->title)) {
		ok = webhook_text_put_clean(f, r->title);
		if (webhook_text_has(r->vacancy)) {
			fputs(" (vacancy ", f);
			ok = ok && webhook_text_put_clean(f, r->vacancy);
			fputc(')', f);
		}
		return ok;
	}
	if (webhook_text_has(r->vacancy)) {
		fputs("vacancy ", f);
		return webhook_text_put_clean(f, r->vacancy);
	}
	return true;
}

char *
webhook_text_slack(const struct webhook_reminder *r)
{
	char when[LOCALTIME_RFC3339_LEN], d[DATE_STRLEN] = "";
	const char *tz = webhook_text_has(r->timezone) ? r->timezone : "UTC";
	char *buf = NULL;
	size_t len = 0;
	int days = r->days_before < 0 ? -r->days_before : r->days_before;
	bool ok;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	fputs(ical_text_label(r->kind), f);
	if (r->escalation || r->days_before < 0)
		fprintf(f, ", overdue by %d day%s", days, days == 1 ? "" : "s");
	else if (days == 0)
		fputs(" today", f);
	else
		fprintf(f, " in %d day%s", days, days == 1 ? "" : "s");
	fputs(": ", f);
	ok = webhook_text_put_subject(f, r);
	if (r->at != 0) {
		localtime_format_rfc3339(tz, r->at, when);
		fprintf(f, ", %.10s %.5s (%s)", when, when + 11, tz);
	} else if (r->date != DATE_NONE) {
		date_format(r->date, d);
		fprintf(f, ", %s", d);
	}
	if ((size_t)r->kind < NELEM(actions) && actions[r->kind] != NULL)
		fprintf(f, " \xe2\x80\x94 %s", actions[r->kind]);
	if (fclose(f) != 0 || !ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Slack reads &, < and > as markup (<URL|label>, <!here>), and Mattermost
 * shows the entities as the characters, so a name cannot ping a channel. */
static char *
webhook_text_escape(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	for (; *s != '\0'; s++) {
		if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else
			fputc(*s, f);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

char *
webhook_text_slack_json(const struct webhook_reminder *r)
{
	char *text, *escaped = NULL, *out = NULL;
	json_t *root;

	if ((text = webhook_text_slack(r)) == NULL)
		return NULL;
	escaped = webhook_text_escape(text);
	free(text);
	if (escaped == NULL)
		return NULL;
	if ((root = json_pack("{s:s}", "text", escaped)) != NULL)
		out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	free(escaped);
	return out;
}
