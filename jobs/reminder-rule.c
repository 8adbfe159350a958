#include "reminder.h"

#include <stdio.h>
#include <string.h>

/*
 * Upper bounds on an offset: ten years in every unit. Nobody plans a
 * reminder further out, and the bound keeps the date arithmetic and the
 * normalised text ("+3660d") small.
 */
#define MAX_DAYS	3660
#define MAX_WEEKS	522
#define MAX_MONTHS	120
#define WEBHOOK_NAME_MAX 64

_Static_assert(sizeof "webhook:" - 1 + WEBHOOK_NAME_MAX < REMINDER_CHANNEL_LEN,
    "a channel with the longest webhook name must fit with its NUL");

/* Tokens are echoed in messages; a runaway token must not crowd out the
 * sentence around it. */
#define TOKEN_SHOWN 40

/* As etc/tenured.conf.example lists them: the two are checked against each
 * other by the unit tests, so change both together. */
static const char *const default_rules[MS_KIND_COUNT] = {
	[MS_RENEWAL_DECISION_DUE] = "6m,90d,30d,7d,+7d -> hr,manager via email",
	[MS_NATIONAL_AGREEMENT_DUE] = "90d,30d,7d,+7d -> hr via email",
	[MS_CONVERSION_REQUEST_DEADLINE] = "90d,30d,7d -> staff,hr via email",
	[MS_CONVERSION_WINDOW_OPENS] = "0d -> staff via email",
	[MS_PROBATION_END] = "30d,7d -> manager,hr via email",
	[MS_INITIAL_TERM_END] = "90d -> hr via email",
	[MS_CONTRACT_END] = "90d,30d -> hr,manager via email",
	[MS_MAX_SERVICE_END] = "12m,6m -> hr,manager via email",
	[MS_GRADE_ADVANCEMENT_ELIGIBLE] = "30d -> hr via email",
	[MS_GRADE_ADVANCEMENT_EARLIEST] = "30d -> hr via email",
	[MS_AGE_LIMIT] = "12m,6m -> hr via email",
	[MS_APPLICATION_DEADLINE] = "7d,1d -> hr via email",
	[MS_CONTRACT_START] = "14d -> manager via email",
};

/* A piece of the rule text: not NUL-terminated, so the parser never copies
 * or writes into the caller's string. */
struct span {
	const char *p;
	size_t len;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

static struct span
trim(struct span s)
{
	while (s.len > 0 && is_space(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && is_space(s.p[s.len - 1]))
		s.len--;
	return s;
}

static bool
span_is(struct span s, const char *word)
{
	return s.len == strlen(word) && memcmp(s.p, word, s.len) == 0;
}

static int
shown(struct span s)
{
	return s.len > TOKEN_SHOWN ? TOKEN_SHOWN : (int)s.len;
}

static const char *
ellipsis(struct span s)
{
	return s.len > TOKEN_SHOWN ? "..." : "";
}

/* Two offsets are the same reminder when they name the same day: "1w" is
 * "7d", and "0m" is "0d". Months never equal a number of days. */
static bool
offset_same(const struct reminder_offset *a, const struct reminder_offset *b)
{
	int da = a->unit == 'w' ? a->amount * 7 : a->amount;
	int db = b->unit == 'w' ? b->amount * 7 : b->amount;
	bool ma = a->unit == 'm' && a->amount != 0;
	bool mb = b->unit == 'm' && b->amount != 0;

	return a->after == b->after && ma == mb && da == db;
}

static int
parse_offset(struct span tok, struct reminder_offset *o, struct failure *f)
{
	const char *p = tok.p, *end = tok.p + tok.len;
	int amount = 0, max;
	bool after = false;

	if (tok.len == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "offsets",
		    "an offset is empty (two commas in a row, or one at an "
		    "end)");
	if (*p == '+') {
		after = true;
		p++;
	} else if (*p == '-') {
		return failure_set(f, FAILURE_INVALID_FIELD, "offsets",
		    "offset \"%.*s%s\": offsets before the milestone are "
		    "written without a sign (\"7d\")", shown(tok),
		    tok.p, ellipsis(tok));
	}
	if (p == end || *p < '0' || *p > '9')
		goto bad;
	/* Stop at the bound rather than at int overflow: "99999999999d" is
	 * simply too far. */
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		amount = amount * 10 + (*p - '0');
		if (amount > MAX_DAYS)
			goto too_far;
	}
	if (end - p != 1 || (*p != 'd' && *p != 'w' && *p != 'm'))
		goto bad;
	max = *p == 'd' ? MAX_DAYS : *p == 'w' ? MAX_WEEKS : MAX_MONTHS;
	if (amount > max)
		goto too_far;
	if (after && *p == 'm')
		return failure_set(f, FAILURE_INVALID_FIELD, "offsets",
		    "offset \"%.*s%s\": escalations after the milestone are "
		    "counted in days or weeks (\"+7d\", \"+2w\"), not months",
		    shown(tok), tok.p, ellipsis(tok));
	if (after && amount == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "offsets",
		    "offset \"%.*s%s\": an escalation comes at least a day "
		    "after the milestone; \"0d\" is the day itself",
		    shown(tok), tok.p, ellipsis(tok));
	memset(o, 0, sizeof *o);
	o->amount = amount;
	o->unit = *p;
	o->after = after;
	snprintf(o->text, sizeof o->text, "%s%d%c", after ? "+" : "", amount,
	    *p);
	return 0;
bad:
	return failure_set(f, FAILURE_INVALID_FIELD, "offsets",
	    "offset \"%.*s%s\" is not Nd, Nw or Nm (before the milestone) "
	    "or +Nd, +Nw (after it)", shown(tok), tok.p, ellipsis(tok));
too_far:
	return failure_set(f, FAILURE_INVALID_FIELD, "offsets",
	    "offset \"%.*s%s\" is further than ten years (%d days, %d weeks "
	    "or %d months)", shown(tok), tok.p, ellipsis(tok), MAX_DAYS,
	    MAX_WEEKS, MAX_MONTHS);
}

/* Walks a comma-separated list. An empty list still yields one (empty)
 * token, so "", "a,,b" and "a," are reported rather than skipped. */
struct tokens {
	const char *at, *end;
	bool done;
};

static struct tokens
tokens_of(struct span list)
{
	return (struct tokens){ list.p, list.p + list.len, false };
}

static bool
tokens_next(struct tokens *t, struct span *tok)
{
	const char *comma;

	if (t->done)
		return false;
	comma = memchr(t->at, ',', (size_t)(t->end - t->at));
	if (comma == NULL) {
		comma = t->end;
		t->done = true;
	}
	*tok = trim((struct span){ t->at, (size_t)(comma - t->at) });
	if (!t->done)
		t->at = comma + 1;
	return true;
}

static int
parse_offsets(struct span list, struct reminder_rule *r, struct failure *f)
{
	struct reminder_offset o;
	struct tokens t = tokens_of(list);
	struct span tok;

	if (trim(list).len == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "offsets",
		    "no offsets before \"->\" (e.g. \"30d,7d\")");
	while (tokens_next(&t, &tok)) {
		bool dup = false;

		if (parse_offset(tok, &o, f) != 0)
			return -1;
		for (int i = 0; i < r->offset_count && !dup; i++)
			dup = offset_same(&r->offsets[i], &o);
		if (dup)
			continue;
		if (r->offset_count == REMINDER_OFFSETS_MAX)
			return failure_set(f, FAILURE_INVALID_FIELD, "offsets",
			    "more than %d different offsets",
			    REMINDER_OFFSETS_MAX);
		r->offsets[r->offset_count++] = o;
	}
	return 0;
}

static int
parse_roles(struct span list, struct reminder_rule *r, struct failure *f)
{
	struct tokens t = tokens_of(list);
	struct span tok;

	if (trim(list).len == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "roles",
		    "no roles between \"->\" and \"via\" (hr, manager, staff)");
	while (tokens_next(&t, &tok)) {
		if (span_is(tok, "hr"))
			r->roles |= ROLE_HR;
		else if (span_is(tok, "manager"))
			r->roles |= ROLE_MANAGER;
		else if (span_is(tok, "staff"))
			r->roles |= ROLE_STAFF;
		else if (tok.len == 0)
			return failure_set(f, FAILURE_INVALID_FIELD, "roles",
			    "a role is empty (two commas in a row, or one at "
			    "an end)");
		else
			return failure_set(f, FAILURE_INVALID_FIELD, "roles",
			    "unknown role \"%.*s%s\" (hr, manager or staff)",
			    shown(tok), tok.p, ellipsis(tok));
	}
	return 0;
}

static bool
webhook_name_ok(struct span name)
{
	if (name.len == 0 || name.len > WEBHOOK_NAME_MAX)
		return false;
	for (size_t i = 0; i < name.len; i++) {
		char c = name.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_'))
			return false;
	}
	return true;
}

static int
parse_channels(struct span list, struct reminder_rule *r, struct failure *f)
{
	static const char prefix[] = "webhook:";
	const size_t plen = sizeof prefix - 1;
	struct tokens t = tokens_of(list);
	struct span tok;

	if (trim(list).len == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "channels",
		    "no channels after \"via\" (email, webhook:NAME)");
	while (tokens_next(&t, &tok)) {
		bool dup = false;

		if (tok.len == 0)
			return failure_set(f, FAILURE_INVALID_FIELD, "channels",
			    "a channel is empty (two commas in a row, or one "
			    "at an end)");
		if (!span_is(tok, "email")) {
			if (tok.len < plen || memcmp(tok.p, prefix, plen) != 0)
				return failure_set(f, FAILURE_INVALID_FIELD,
				    "channels", "unknown channel \"%.*s%s\" "
				    "(email or webhook:NAME)", shown(tok),
				    tok.p, ellipsis(tok));
			if (!webhook_name_ok((struct span){ tok.p + plen,
			    tok.len - plen }))
				return failure_set(f, FAILURE_INVALID_FIELD,
				    "channels", "channel \"%.*s%s\": a webhook "
				    "name is 1 to %d of a-z, 0-9, - and _",
				    shown(tok), tok.p, ellipsis(tok),
				    WEBHOOK_NAME_MAX);
		}
		for (int i = 0; i < r->channel_count && !dup; i++)
			dup = span_is(tok, r->channels[i]);
		if (dup)
			continue;
		if (r->channel_count == REMINDER_CHANNELS_MAX)
			return failure_set(f, FAILURE_INVALID_FIELD, "channels",
			    "more than %d different channels",
			    REMINDER_CHANNELS_MAX);
		memcpy(r->channels[r->channel_count], tok.p, tok.len);
		r->channels[r->channel_count][tok.len] = '\0';
		r->channel_count++;
	}
	return 0;
}

/* The word "via" standing alone: whitespace (or the ends) on both sides,
 * so a role or webhook named "...via..." is not cut in two. */
static const char *
find_via(struct span s)
{
	for (size_t i = 0; i + 3 <= s.len; i++) {
		if (memcmp(s.p + i, "via", 3) != 0)
			continue;
		if ((i == 0 || is_space(s.p[i - 1])) &&
		    (i + 3 == s.len || is_space(s.p[i + 3])))
			return s.p + i;
	}
	return NULL;
}

int
reminder_rule_parse(const char *text, struct reminder_rule *out,
    struct failure *f)
{
	struct reminder_rule r;
	struct span all, left, roles, channels;
	const char *arrow, *via;

	memset(&r, 0, sizeof r);
	if (text == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "offsets",
		    "the rule is empty");
	all = trim((struct span){ text, strlen(text) });
	if (all.len == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "offsets",
		    "the rule is empty (write \"none\" to turn the kind off)");
	if (span_is(all, "none")) {
		r.off = true;
		*out = r;
		return 0;
	}
	arrow = strstr(all.p, "->");
	if (arrow == NULL || arrow >= all.p + all.len)
		return failure_set(f, FAILURE_INVALID_FIELD, "roles",
		    "no \"->\" before the roles (OFFSETS -> ROLES via "
		    "CHANNELS)");
	left = (struct span){ all.p, (size_t)(arrow - all.p) };
	roles = (struct span){ arrow + 2, (size_t)(all.p + all.len - arrow - 2) };
	via = find_via(roles);
	if (via == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "channels",
		    "no \"via\" before the channels (OFFSETS -> ROLES via "
		    "CHANNELS)");
	channels = (struct span){ via + 3, (size_t)(roles.p + roles.len - via - 3) };
	roles.len = (size_t)(via - roles.p);
	if (parse_offsets(left, &r, f) != 0 || parse_roles(roles, &r, f) != 0 ||
	    parse_channels(channels, &r, f) != 0)
		return -1;
	*out = r;
	return 0;
}

/* "HH:MM", nothing around it. */
static int
parse_time_of_day(struct span t)
{
	int h, m;

	if (t.len != 5 || t.p[2] != ':')
		return -1;
	for (size_t i = 0; i < 5; i++) {
		if (i != 2 && (t.p[i] < '0' || t.p[i] > '9'))
			return -1;
	}
	h = (t.p[0] - '0') * 10 + (t.p[1] - '0');
	m = (t.p[3] - '0') * 10 + (t.p[4] - '0');
	return h <= 23 && m <= 59 ? h * 60 + m : -1;
}

int
reminder_rule_parse_digest(const char *text, struct digest_rule *out,
    struct failure *f)
{
	struct reminder_rule r;
	struct span all, left, roles;
	const char *arrow;
	int minutes;

	memset(&r, 0, sizeof r);
	all = trim((struct span){ text, text != NULL ? strlen(text) : 0 });
	if (all.len == 0 || span_is(all, "none")) {
		*out = (struct digest_rule){ .on = false };
		return 0;
	}
	arrow = strstr(all.p, "->");
	if (arrow == NULL || arrow >= all.p + all.len)
		return failure_set(f, FAILURE_INVALID_FIELD, "roles",
		    "no \"->\" before the roles (HH:MM -> ROLES)");
	left = trim((struct span){ all.p, (size_t)(arrow - all.p) });
	if ((minutes = parse_time_of_day(left)) < 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "time",
		    "expected a time of day HH:MM before \"->\", got "
		    "\"%.*s%s\"", shown(left), left.p, ellipsis(left));
	roles = trim((struct span){ arrow + 2,
	    (size_t)(all.p + all.len - arrow - 2) });
	if (roles.len == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "roles",
		    "no roles after \"->\" (hr, manager, staff)");
	if (parse_roles(roles, &r, f) != 0)
		return -1;
	*out = (struct digest_rule){ .on = true, .minutes = minutes,
	    .roles = r.roles };
	return 0;
}

const char *
reminder_rule_default_text(enum milestone_kind kind)
{
	if ((unsigned)kind >= MS_KIND_COUNT || default_rules[kind] == NULL)
		return "none";
	return default_rules[kind];
}

void
reminder_rule_default(enum milestone_kind kind, struct reminder_rule *out)
{
	struct failure f;

	/* The table is tested to parse; "none" is the safe reading of a kind
	 * it does not know. */
	if (reminder_rule_parse(reminder_rule_default_text(kind), out, &f) != 0) {
		memset(out, 0, sizeof *out);
		out->off = true;
	}
}

/* Appends to buf as snprintf would, counting what did not fit so the
 * caller learns the size it needs. */
static void
put(char *buf, size_t size, size_t *used, const char *a, const char *b)
{
	int n = snprintf(*used < size ? buf + *used : NULL,
	    *used < size ? size - *used : 0, "%s%s", a, b);

	if (n > 0)
		*used += (size_t)n;
}

int
reminder_rule_format(const struct reminder_rule *r, char *buf, size_t size)
{
	static const struct {
		unsigned bit;
		const char *name;
	} roles[] = {
		{ ROLE_HR, "hr" },
		{ ROLE_MANAGER, "manager" },
		{ ROLE_STAFF, "staff" },
	};
	size_t used = 0;
	bool first = true;

	if (size > 0)
		buf[0] = '\0';
	if (r->off) {
		put(buf, size, &used, "none", "");
		return used < size ? (int)used : -1;
	}
	for (int i = 0; i < r->offset_count; i++)
		put(buf, size, &used, i > 0 ? "," : "", r->offsets[i].text);
	put(buf, size, &used, " ->", "");
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		if ((r->roles & roles[i].bit) == 0)
			continue;
		put(buf, size, &used, first ? " " : ",", roles[i].name);
		first = false;
	}
	put(buf, size, &used, " via", "");
	for (int i = 0; i < r->channel_count; i++)
		put(buf, size, &used, i > 0 ? "," : " ", r->channels[i]);
	return used < size ? (int)used : -1;
}
