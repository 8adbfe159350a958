/* Fuzz target for feed scopes (jobs/scope.c scope_parse: all,
 * manager:EMAIL, person:EMAIL, unit:NAME, vacancy:REF) and feed alarms
 * (jobs/feed-spec.c feed_alarms_parse: 7d,1d,2h,30m), as POST
 * /api/v1/feeds and the store's feeds hand them over. The input is the
 * scope, a newline, and the alarms (the text of each ends at a NUL, as
 * jansson's strings do). A scope read is written back and read again to
 * the same scope; alarms are at most FEED_ALARMS_MAX, each at most a year;
 * a refusal names its field. Seeds in scope/, words in scope.dict; built by
 * tests/fuzz/meson.build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "driver.h"
#include "feed-spec.h"
#include "scope.h"

static void
fuzz_scope_fail(const char *why, const char *text)
{
	fprintf(stderr, "fuzz-scope: %s: \"%s\"\n", why, text);
	abort();
}

static void
fuzz_scope(const char *text)
{
	struct scope s, again;
	struct failure f = { 0 };
	char formatted[SCOPE_VALUE_MAX + 16];

	if (scope_parse(text, &s, &f) != 0) {
		if (f.kind != FAILURE_INVALID_FIELD ||
		    strcmp(f.field, "scope") != 0 || f.message[0] == '\0')
			fuzz_scope_fail("a refusal without its field", text);
		return;
	}
	if ((unsigned)s.type > SCOPE_VACANCY ||
	    strlen(s.value) > SCOPE_VALUE_MAX ||
	    (s.type != SCOPE_ALL && s.value[0] == '\0') ||
	    (s.type == SCOPE_ALL && s.value[0] != '\0'))
		fuzz_scope_fail("a malformed scope", text);
	if ((s.type == SCOPE_MANAGER || s.type == SCOPE_PERSON) &&
	    !contract_email_valid(s.value))
		fuzz_scope_fail("a scope with a bad address", text);
	scope_format(&s, formatted, sizeof formatted);
	if (scope_parse(formatted, &again, &f) != 0 || again.type != s.type ||
	    strcmp(again.value, s.value) != 0)
		fuzz_scope_fail("a scope that does not read back", text);
}

static void
fuzz_alarms(const char *text)
{
	struct { int alarm_minutes[FEED_ALARMS_MAX], alarm_count; } o;
	struct failure f = { 0 };

	memset(&o, 0, sizeof o);
	if (feed_alarms_parse(text, o.alarm_minutes, &o.alarm_count, &f) !=
	    0) {
		if (f.kind != FAILURE_INVALID_FIELD ||
		    strcmp(f.field, "alarms") != 0 || f.message[0] == '\0')
			fuzz_scope_fail("a refusal without its field", text);
		return;
	}
	if (o.alarm_count < 0 || o.alarm_count > FEED_ALARMS_MAX)
		fuzz_scope_fail("too many alarms", text);
	for (int i = 0; i < o.alarm_count; i++) {
		if (o.alarm_minutes[i] < 0 ||
		    o.alarm_minutes[i] > 366 * 24 * 60)
			fuzz_scope_fail("an alarm out of range", text);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t first = nl != NULL ? (size_t)(nl - (const char *)data) : size;
	char *scope = strndup((const char *)data, first);
	char *alarms = nl != NULL ? strndup(nl + 1, size - first - 1) : NULL;

	if (scope == NULL || (nl != NULL && alarms == NULL))
		abort();
	fuzz_scope(scope);
	if (alarms != NULL)
		fuzz_alarms(alarms);
	free(scope);
	free(alarms);
	return 0;
}
