/*
 * The words of a webhook reminder for people, in the reader's language
 * (SPEC section 12): the one line a Slack or Mattermost channel shows,
 * which a JSON body carries as "text" too, kept apart from the JSON and
 * HTTP plumbing of webhook.c. The headline is the email subject's
 * (reminder-text.c), so a reminder reads alike in every channel.
 */
#include "webhook.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "reminder-text.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What the reader of a Slack line does about each kind, after the dash;
 * translated where they are used. */
static const char *const actions[] = {
	[MS_CONTRACT_START] = N_("have the contract signed and the arrival "
	    "arranged"),
	[MS_PROBATION_END] = N_("complete the probation report"),
	[MS_RENEWAL_DECISION_DUE] = N_("record the decision in tenured"),
	[MS_NATIONAL_AGREEMENT_DUE] = N_("obtain the national agreement and "
	    "record it in tenured"),
	[MS_INITIAL_TERM_END] = N_("record a renewal in tenured or the "
	    "contract ends"),
	[MS_CONVERSION_WINDOW_OPENS] = N_("conversion requests may be made "
	    "from then"),
	[MS_CONVERSION_REQUEST_DEADLINE] = N_("record the request in tenured"),
	[MS_CONTRACT_END] = N_("complete the handover and separation"),
	[MS_MAX_SERVICE_END] = N_("plan the succession"),
	[MS_GRADE_ADVANCEMENT_ELIGIBLE] = N_("review the advancement"),
	[MS_GRADE_ADVANCEMENT_EARLIEST] = N_("decide on an early advancement"),
	[MS_AGE_LIMIT] = N_("plan the separation"),
	[MS_APPLICATION_DEADLINE] = N_("shortlist the candidates once it has "
	    "passed"),
};

char *
webhook_text_slack(const struct webhook_reminder *r)
{
	struct reminder_text t = {
		.lang = r->lang, .kind = r->kind, .date = r->date, .at = r->at,
		.timezone = r->timezone, .contract_id = r->contract_id,
		.vacancy = r->vacancy, .person_name = r->person_name,
		.title = r->title, .days_before = r->days_before,
		.escalation = r->escalation,
	};
	char *line, *out = NULL, due[REMINDER_DUE_LEN];
	const char *action = NULL;
	int n;

	if ((line = reminder_text_headline(&t)) == NULL)
		return NULL;
	reminder_text_due(&t, due);
	if ((size_t)r->kind < NELEM(actions) && actions[r->kind] != NULL)
		action = tr(r->lang, actions[r->kind]);
	/* The headline, by when, and what to do about it after a dash. */
	if (action != NULL)
		n = asprintf(&out, "%s, %s \xe2\x80\x94 %s", line, due, action);
	else
		n = asprintf(&out, "%s, %s", line, due);
	free(line);
	return n < 0 ? NULL : out;
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
