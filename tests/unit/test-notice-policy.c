/* The vacancy notice parser on what a notice sets: both halves' deadlines
 * around the DST changes and in each season, the policy a vacancy gives its
 * contracts, and time proportional to size on hostile input. */
#include "notice-fixture.h"

/* Both halves' deadlines around the 2026 DST changes and in each season,
 * in real notice 000. */
static void
test_dst(void)
{
	static const struct {
		const char *en, *fr, *want;
	} cases[] = {
		{ "15-Jan-2026, 9:00:00 AM", "15-janv.-2026, 09:00:00",
		    "2026-01-15T09:00:00+01:00" },
		{ "15-Jul-2026, 9:00:00 AM", "15-juil.-2026, 09:00:00",
		    "2026-07-15T09:00:00+02:00" },
		{ "29-Mar-2026, 1:59:00 AM", "29-mars-2026, 01:59:00",
		    "2026-03-29T01:59:00+01:00" },
		{ "29-Mar-2026, 2:00:00 AM", "29-mars-2026, 02:00:00",
		    "2026-03-29T03:00:00+02:00" },
		{ "29-Mar-2026, 3:00:00 AM", "29-mars-2026, 03:00:00",
		    "2026-03-29T03:00:00+02:00" },
		{ "29-Mar-2026", "29-mars-2026", "2026-03-29T23:59:00+02:00" },
		{ "25-Oct-2026, 1:59:00 AM", "25-oct.-2026, 01:59:00",
		    "2026-10-25T01:59:00+02:00" },
		{ "25-Oct-2026, 2:00:00 AM", "25-oct.-2026, 02:00:00",
		    "2026-10-25T02:00:00+02:00" },
		{ "25-Oct-2026, 3:00:00 AM", "25-oct.-2026, 03:00:00",
		    "2026-10-25T03:00:00+01:00" },
		{ "25-Oct-2026", "25-oct.-2026", "2026-10-25T23:59:00+01:00" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len, len2;
		char *a = edit(real[0].file, "22-Jun-2025, 11:59:00 PM",
		    cases[i].en, &len), *b, *at, w[96];
		struct failure f;
		struct vacancy *v;

		/* The French date too, so the halves agree. */
		at = memmem(a, len, "22-juin-2025, 23:59:00", 22);
		len2 = len - 22 + strlen(cases[i].fr);
		b = malloc(len2);
		memcpy(b, a, (size_t)(at - a));
		memcpy(b + (at - a), cases[i].fr, strlen(cases[i].fr));
		memcpy(b + (at - a) + strlen(cases[i].fr), at + 22,
		    len - (size_t)(at - a) - 22);
		v = parse(b, len2, &f);
		snprintf(w, sizeof w, "\"%s\"", cases[i].en);
		if (CHECK(v != NULL, w)) {
			check_instant(v->application_deadline, cases[i].want, w);
			check_instant(v->deadline_fr, cases[i].want, w);
			CHECK_INT(v->warnings.count, 1, w);
		}
		vacancy_free(v);
		free(a);
		free(b);
	}
}

static void
test_policy(void)
{
	struct policy defaults, custom, p;
	struct failure f;
	struct vacancy *v;
	size_t len;
	char *text;

	policy_default(&defaults);
	custom = defaults;
	custom.initial_term_months = 24;
	custom.renewal_term_months = 48;
	custom.max_service_months = 96;
	custom.conversion_deadline_months = 9;
	custom.renewal_lead_months = 4;

	vacancy_policy(NULL, &custom, &p);
	CHECK(memcmp(&p, &custom, sizeof p) == 0, "no vacancy: the defaults");

	text = slurp("real", real[0].file, &len);
	v = parse(text, len, &f);
	vacancy_policy(v, &custom, &p);
	CHECK(p.initial_term_months == 36 && p.renewal_term_months == 36 &&
	    p.max_service_months == 72 && p.conversion_allowed &&
	    p.conversion_deadline_months == 12 &&
	    p.seconded_national_agreement,
	    "the clause replaces the defaults it states");
	CHECK(p.renewal_lead_months == 4 && p.probation_months == 6 &&
	    p.age_limit_years == 65, "lead times stay the configured ones");
	CHECK(policy_validate(&p, &f) == 0, "the result is a valid policy");
	vacancy_free(v);
	free(text);

	text = slurp("variants", "v07-non-turnover.txt", &len);
	v = parse(text, len, &f);
	vacancy_policy(v, &custom, &p);
	CHECK(p.max_service_months == NONE &&
	    p.conversion_deadline_months == NONE && p.conversion_allowed &&
	    p.initial_term_months == 36,
	    "turnover not desirable: no maximum, no conversion deadline");
	vacancy_free(v);
	free(text);

	text = slurp("variants", "v08-no-section-6.txt", &len);
	v = parse(text, len, &f);
	vacancy_policy(v, &custom, &p);
	CHECK(memcmp(&p, &custom, sizeof p) == 0,
	    "no section 6: the defaults unchanged");
	vacancy_free(v);
	free(text);

	text = slurp("variants", "v15-one-year-temporary.txt", &len);
	v = parse(text, len, &f);
	vacancy_policy(v, &custom, &p);
	CHECK(p.initial_term_months == 12 && p.max_service_months == 12 &&
	    p.renewal_term_months == 48 && !p.conversion_allowed &&
	    p.conversion_deadline_months == NONE &&
	    p.seconded_national_agreement,
	    "a term the clause does not state keeps its default");
	CHECK(policy_validate(&p, &f) == 0, "and is a valid policy");
	vacancy_free(v);
	free(text);

	text = slurp("variants", "v14-terms-in-words.txt", &len);
	v = parse(text, len, &f);
	vacancy_policy(v, &defaults, &p);
	CHECK(p.initial_term_months == 36 && p.renewal_term_months == 24 &&
	    p.max_service_months == 60 && p.conversion_deadline_months == 6 &&
	    !p.seconded_national_agreement, "terms written in words");
	vacancy_free(v);
	free(text);
	{
		/* As the daemon rebuilds a clause from the stored JSON: no
		 * stated bits, every term explicit. */
		struct vacancy rebuilt = { .has_contract = true, .contract = {
			.initial_term_months = 36, .renewal_term_months = 36,
			.max_service_months = NONE, .conversion_allowed = true,
			.conversion_deadline_months = NONE,
			.seconded_national_agreement = false } };

		vacancy_policy(&rebuilt, &custom, &p);
		CHECK(p.initial_term_months == 36 &&
		    p.renewal_term_months == 36 &&
		    p.max_service_months == NONE && p.conversion_allowed &&
		    p.conversion_deadline_months == NONE &&
		    !p.seconded_national_agreement && p.renewal_lead_months == 4,
		    "a clause rebuilt from JSON is taken whole");
		rebuilt.contract.initial_term_months = NONE;
		rebuilt.contract.renewal_term_months = NONE;
		vacancy_policy(&rebuilt, &custom, &p);
		CHECK(p.initial_term_months == 24 && p.renewal_term_months == 48,
		    "but a null term cannot replace a default");
		rebuilt.contract.initial_term_months = 100;
		rebuilt.contract.stated = VACANCY_STATED_INITIAL;
		vacancy_policy(&rebuilt, &custom, &p);
		CHECK(p.initial_term_months == 100 &&
		    p.max_service_months == 100 && policy_validate(&p, &f) == 0,
		    "an initial term past the default maximum is served whole");
	}
	vacancy_free(NULL);
	CHECK(1, "vacancy_free(NULL) is a no-op");
}

/* Hostile shapes of 1 MiB each parse in time proportional to their size. */
static void
test_linear(void)
{
	static const char *const shapes[] = { "(", "- (G1", "Schedule: x\n",
	    "- a (G15)(", "((((G15)", "6. CONTRACT three years ", "\r",
	    "Officer-250914\n", "1. A\n- ", NULL };
	size_t size = 1 << 20;
	char *buf = malloc(size), w[96];

	for (const char *const *s = shapes; *s != NULL; s++) {
		size_t k = strlen(*s), o;
		struct failure f;
		clock_t t0;
		double secs;

		o = (size_t)sprintf(buf, "Officer (241370)\nApplication "
		    "Deadline: 13-Oct-2024\n");
		for (; o + k <= size; o += k)
			memcpy(buf + o, *s, k);
		t0 = clock();
		vacancy_free(notice_parse(buf, o, &f));
		secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
		snprintf(w, sizeof w, "1 MiB of shape %zu in %.3f s",
		    (size_t)(s - shapes), secs);
		/* Sanitizers slow it ten-fold; quadratic would take hours. */
		CHECK(secs < 5.0, w);
	}
	free(buf);
}

int
main(void)
{
	test_dst();
	test_policy();
	test_linear();
	return tap_done();
}
