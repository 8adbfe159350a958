/* The [reminders] and [webhook.NAME] sections: rules per milestone kind,
 * send time, give-up delay, the hr addresses, the holiday calendar, and
 * the webhook targets with their secrets. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "backoff.h"
#include "config.h"
#include "contract.h"

static void
error_at(struct failure_list *errors, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
error_at(struct failure_list *errors, int line, const char *fmt, ...)
{
	struct failure f = { .kind = FAILURE_INVALID_FIELD, .line = line };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f.message, sizeof f.message, fmt, ap);
	va_end(ap);
	failure_list_add(errors, &f);
}

static int
parse_hhmm(const char *v)
{
	int h, m;
	char extra;

	if (sscanf(v, "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 ||
	    m < 0 || m > 59 || strlen(v) != 5)
		return -1;
	return h * 60 + m;
}

static void
parse_hr(struct config *c, const struct config_item *it,
    struct failure_list *errors)
{
	char *copy = strdup(it->value), *save = NULL, *tok;

	if (copy == NULL)
		return;
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		char **hr;

		while (*tok == ' ' || *tok == '\t')
			tok++;
		for (char *e = tok + strlen(tok); e > tok &&
		    (e[-1] == ' ' || e[-1] == '\t'); e--)
			e[-1] = '\0';
		if (!contract_email_valid(tok)) {
			error_at(errors, it->line, "hr: \"%.80s\" is not an email "
			    "address", tok);
			continue;
		}
		if ((hr = realloc(c->hr, (c->hr_count + 1) * sizeof *hr)) == NULL)
			break;
		c->hr = hr;
		if ((c->hr[c->hr_count] = strdup(tok)) != NULL)
			c->hr_count++;
	}
	free(copy);
}

static void
load_holidays(struct config *c, struct failure_list *errors)
{
	struct failure f = { 0 };
	char *text = NULL;
	size_t len = 0, cap = 0;
	FILE *fp;

	if (c->holidays == NULL)
		return;
	if ((fp = fopen(c->holidays, "r")) == NULL) {
		error_at(errors, c->holidays_line, "holidays: cannot read %s: %s",
		    c->holidays, strerror(errno));
		return;
	}
	for (;;) {
		if (len + 4096 > cap) {
			char *n = realloc(text, cap = cap ? cap * 2 : 65536);

			if (n == NULL || cap > (64u << 20))
				break;
			text = n;
		}
		size_t got = fread(text + len, 1, cap - len - 1, fp);

		len += got;
		if (got == 0)
			break;
	}
	fclose(fp);
	if (text != NULL && holidays_parse(text, len, &c->holiday_set, &f) != 0)
		error_at(errors, c->holidays_line, "holidays: %s: %s", c->holidays,
		    f.message);
	free(text);
}

/* The index of the target named name, made when it is new; -1 when
 * memory runs out. Its language starts as [daemon] language, which the
 * whole file has been read for by now. */
static ssize_t
webhook_slot(struct config *c, const char *name)
{
	struct webhook_target *t;
	enum lang *langs;

	for (size_t i = 0; i < c->webhook_count; i++) {
		if (strcmp(c->webhooks[i].name, name) == 0)
			return (ssize_t)i;
	}
	langs = realloc(c->webhook_langs, (c->webhook_count + 1) *
	    sizeof *langs);
	if (langs == NULL)
		return -1;
	c->webhook_langs = langs;
	t = realloc(c->webhooks, (c->webhook_count + 1) * sizeof *t);
	if (t == NULL)
		return -1;
	c->webhooks = t;
	webhook_target_init(&c->webhooks[c->webhook_count], name);
	c->webhook_langs[c->webhook_count] = c->language;
	return (ssize_t)c->webhook_count++;
}

static void
webhook_key(struct config *c, const struct config_item *it,
    struct failure_list *errors)
{
	ssize_t i = webhook_slot(c, it->section + 8);
	struct failure f = { 0 };

	if (i < 0)
		return;
	/* The language is the daemon's business, not the target's: the
	 * sender only writes the text it is given a language for. */
	if (strcmp(it->key, "language") == 0) {
		if (!lang_parse(it->value, &c->webhook_langs[i]))
			error_at(errors, it->line, "language: expected en or fr, "
			    "got \"%.40s\"", it->value);
		return;
	}
	if (webhook_target_set(&c->webhooks[i], it->key, it->value, &f) != 0)
		error_at(errors, it->line, "%s: %s", it->key, f.message);
}

/*
 * Whether section (prefix + section) has key with a value. A value that was refused has been
 * reported at its own file:line, and leaves the field unset: the check
 * after the last key must not then add a second line saying the field is
 * missing, which would point at the wrong mistake.
 */
static bool
config_given(const struct config *c, const char *prefix, const char *section,
    const char *key)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < c->item_count; i++) {
		const struct config_item *it = &c->items[i];

		if (strncmp(it->section, prefix, n) == 0 &&
		    strcmp(it->section + n, section) == 0 &&
		    strcmp(it->key, key) == 0 && it->value[0] != '\0')
			return true;
	}
	return false;
}

const struct webhook_target *
config_webhook(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->webhook_count; i++) {
		if (strcmp(c->webhooks[i].name, name) == 0)
			return &c->webhooks[i];
	}
	return NULL;
}

enum lang
config_webhook_lang(const struct config *c, const struct webhook_target *t)
{
	for (size_t i = 0; t != NULL && i < c->webhook_count; i++) {
		if (&c->webhooks[i] == t)
			return c->webhook_langs[i];
	}
	return c->language;
}

/* The line of the first key of section PREFIXNAME; 1 when it has none. */
static int
section_line(const struct config *c, const char *prefix, const char *name)
{
	size_t pl = strlen(prefix);

	for (size_t i = 0; i < c->item_count; i++) {
		if (strncmp(c->items[i].section, prefix, pl) == 0 &&
		    strcmp(c->items[i].section + pl, name) == 0)
			return c->items[i].line;
	}
	return 1;
}

void
config_notify_load(struct config *c, struct failure_list *errors)
{
	struct failure f = { 0 };

	for (int k = 0; k < MS_KIND_COUNT; k++)
		reminder_rule_default((enum milestone_kind)k, &c->rules[k]);
	email_server_init(&c->smtp);
	c->send_minutes = 9 * 60;
	c->give_up_after = 3 * 86400;
	for (size_t i = 0; i < c->item_count; i++) {
		const struct config_item *it = &c->items[i];
		enum milestone_kind kind;

		if (strncmp(it->section, "webhook.", 8) == 0) {
			webhook_key(c, it, errors);
			continue;
		}
		if (strcmp(it->section, "smtp") == 0) {
			if (strcmp(it->key, "url") == 0 && it->value[0] != '\0')
				c->smtp_configured = true;
			if (email_server_set(&c->smtp, it->key, it->value, &f) != 0)
				error_at(errors, it->line, "%s: %s", it->key,
				    f.message);
			continue;
		}
		if (strcmp(it->section, "reminders") != 0)
			continue;
		if (strcmp(it->key, "send_time") == 0) {
			if ((c->send_minutes = parse_hhmm(it->value)) < 0)
				error_at(errors, it->line, "send_time: expected "
				    "HH:MM, got \"%.40s\"", it->value);
		} else if (strcmp(it->key, "give_up_after") == 0) {
			if ((c->give_up_after = backoff_parse_duration(
			    it->value)) <= 0)
				error_at(errors, it->line, "give_up_after: expected "
				    "a duration such as 3d, got \"%.40s\"",
				    it->value);
		} else if (strcmp(it->key, "hr") == 0) {
			parse_hr(c, it, errors);
		} else if (strcmp(it->key, "digest") == 0) {
			if (reminder_rule_parse_digest(it->value, &c->digest,
			    &f) != 0)
				error_at(errors, it->line, "digest: %s: %s",
				    f.field, f.message);
		} else if (milestone_kind_parse(it->key, &kind) == 0) {
			if (reminder_rule_parse(it->value, &c->rules[kind], &f) != 0)
				error_at(errors, it->line, "%s: %s: %s", it->key,
				    f.field, f.message);
		}
	}
	/* Every webhook a rule names must exist, whole. */
	for (size_t i = 0; i < c->item_count; i++) {
		const struct config_item *it = &c->items[i];
		enum milestone_kind kind;

		if (strcmp(it->section, "reminders") != 0 ||
		    milestone_kind_parse(it->key, &kind) != 0)
			continue;
		for (int ch = 0; ch < c->rules[kind].channel_count; ch++) {
			const char *chan = c->rules[kind].channels[ch];

			if (strncmp(chan, "webhook:", 8) == 0 &&
			    config_webhook(c, chan + 8) == NULL)
				error_at(errors, it->line, "%s: no [webhook.%s] "
				    "section", it->key, chan + 8);
		}
	}
	/* A key missing from a section is named at the section's first key
	 * (inih gives no line for the [header] itself). */
	for (size_t i = 0; i < c->webhook_count; i++) {
		if (webhook_target_check(&c->webhooks[i], &f) != 0 &&
		    !config_given(c, "webhook.", c->webhooks[i].name, f.field))
			error_at(errors, section_line(c, "webhook.",
			    c->webhooks[i].name), "[webhook.%s] %s: %s",
			    c->webhooks[i].name, f.field, f.message);
	}
	if (email_server_check(&c->smtp, &f) != 0 &&
	    !config_given(c, "", "smtp", f.field))
		error_at(errors, section_line(c, "", "smtp"), "[smtp] %s: %s",
		    f.field, f.message);
	/* EHLO names us by [daemon] domain (SPEC section 13). */
	if (c->domain != NULL && (c->smtp.helo = strdup(c->domain)) == NULL)
		error_at(errors, 0, "out of memory");
	load_holidays(c, errors);
}

void
config_notify_free(struct config *c)
{
	for (size_t i = 0; i < c->hr_count; i++)
		free(c->hr[i]);
	free(c->hr);
	for (size_t i = 0; i < c->webhook_count; i++)
		webhook_target_clear(&c->webhooks[i]);
	free(c->webhooks);
	free(c->webhook_langs);
	email_server_clear(&c->smtp);
	holidays_free(&c->holiday_set);
}
