/*
 * Fuzz target for the vacancy notice parser: any bytes must give a vacancy
 * whose every string is valid UTF-8 text, or a refusal that names a field
 * and says why, without crashing, reading out of bounds, leaking or taking
 * more than linear time. Built by tests/fuzz/meson.build: as
 * fuzz-notice-libfuzzer with clang, and with any compiler as fuzz-notice,
 * the replay driver of driver.c (see README.md).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "notice.h"

/* Well-formed UTF-8 without control characters: what the JSON and the
 * calendar files built from a vacancy need. */
static void
fuzz_notice_text(const char *s, const char *what)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL)
		return;
	while (*p != '\0') {
		size_t k = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;

		if (*p < 0x20 || *p == 0x7f || (*p >= 0x80 && *p < 0xc2) ||
		    *p > 0xf4) {
			fprintf(stderr, "%s: byte 0x%02x in \"%s\"\n", what,
			    *p, s);
			abort();
		}
		for (size_t i = 1; i < k; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				fprintf(stderr, "%s: bad UTF-8 in \"%s\"\n",
				    what, s);
				abort();
			}
		}
		p += k;
	}
}

static void
fuzz_notice_months(int m)
{
	if (m != POLICY_NONE && (m < 1 || m > 1200))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct failure f;
	struct vacancy *v = notice_parse((const char *)data, size, &f);
	struct policy defaults, p;

	if (v == NULL) {
		/* A refusal must say what and why. */
		if (f.kind == FAILURE_NONE || f.field[0] == '\0' ||
		    f.message[0] == '\0')
			abort();
		fuzz_notice_text(f.message, "error message");
		return 0;
	}
	if (v->reference == NULL || strspn(v->reference, "0123456789") !=
	    strlen(v->reference) || strlen(v->reference) < 4)
		abort();
	if (v->post_count < 1 || v->post_count > NOTICE_MAX_POSTS ||
	    v->warnings.count > NOTICE_MAX_WARNINGS)
		abort();
	fuzz_notice_text(v->title, "title");
	for (size_t i = 0; i < v->post_count; i++) {
		fuzz_notice_text(v->posts[i].title, "post title");
		fuzz_notice_text(v->posts[i].grade, "post grade");
		fuzz_notice_text(v->posts[i].post_number, "post number");
	}
	fuzz_notice_text(v->location, "location");
	fuzz_notice_text(v->nato_body, "nato_body");
	fuzz_notice_text(v->schedule, "schedule");
	fuzz_notice_text(v->salary_amount, "salary amount");
	fuzz_notice_text(v->salary_currency, "salary currency");
	fuzz_notice_text(v->salary_basis, "salary basis");
	fuzz_notice_text(v->grade_min, "grade min");
	fuzz_notice_text(v->grade_max, "grade max");
	fuzz_notice_text(v->clearance, "clearance");
	if (v->salary_amount != NULL &&
	    strspn(v->salary_amount, "0123456789.") != strlen(v->salary_amount))
		abort();
	for (size_t i = 0; i < v->warnings.count; i++) {
		if (v->warnings.items[i].field[0] == '\0' ||
		    v->warnings.items[i].message[0] == '\0')
			abort();
		fuzz_notice_text(v->warnings.items[i].message, "warning");
	}
	fuzz_notice_months(v->contract.initial_term_months);
	fuzz_notice_months(v->contract.renewal_term_months);
	fuzz_notice_months(v->contract.max_service_months);
	fuzz_notice_months(v->contract.conversion_deadline_months);
	if (v->has_contract &&
	    (v->contract.initial_term_months == POLICY_NONE ||
	    v->contract.renewal_term_months == POLICY_NONE))
		abort();
	/* Any clause over valid defaults makes a valid policy. */
	policy_default(&defaults);
	vacancy_policy(v, &defaults, &p);
	if (policy_validate(&p, &f) != 0)
		abort();
	vacancy_free(v);
	return 0;
}
