/* The policy table: defaults as SPEC section 10, text parsing with errors
 * that name the key, and the sanity checks. */
#include <stdlib.h>

#include "policy.h"
#include "tap.h"

static void
test_defaults(void)
{
	struct policy p;

	policy_default(&p);
	CHECK_INT(p.probation_months, 6, "default probation 6 months");
	CHECK_INT(p.initial_term_months, 36, "default initial term 36 months");
	CHECK_INT(p.renewal_term_months, 36, "default renewal 36 months");
	CHECK_INT(p.max_service_months, 72, "default maximum service 72 months");
	CHECK_INT(p.conversion_deadline_months, 12, "default conversion deadline 12");
	CHECK_INT(p.renewal_lead_months, 6, "default renewal lead 6");
	CHECK_INT(p.national_agreement_lead_months, 9, "default national agreement lead 9");
	CHECK_INT(p.twin_grade_months, 36, "default twin grade 36");
	CHECK_INT(p.twin_grade_reduction_months, 24, "default reduction 24");
	CHECK_INT(p.age_limit_years, 65, "default age limit 65");
	CHECK(p.conversion_allowed, "conversion allowed by default");
	CHECK(p.seconded_national_agreement, "national agreement by default");
	CHECK_INT(policy_validate(&p, NULL), 0, "defaults validate");
	CHECK_INT(policy_key_count, 12, "twelve policy keys");
}

static void
test_set(void)
{
	struct policy p;
	struct failure f = { 0 };

	policy_default(&p);
	CHECK_INT(policy_set(&p, "renewal_term_months", "24", &f), 0, "set months");
	CHECK_INT(p.renewal_term_months, 24, "months value stored");
	CHECK_INT(policy_set(&p, "max_service_months", "none", &f), 0, "set none");
	CHECK_INT(p.max_service_months, POLICY_NONE, "none stored");
	CHECK_INT(policy_set(&p, "conversion_allowed", "false", &f), 0, "set flag");
	CHECK(!p.conversion_allowed, "flag stored");
	CHECK_INT(policy_set(&p, "probation_months", "none", &f), -1,
	    "none refused where a maximum is not optional");
	CHECK_STR(f.field, "probation_months", "failure names the key");
	CHECK_INT(policy_set(&p, "probation_months", "6x", &f), -1, "trailing junk refused");
	CHECK_INT(policy_set(&p, "probation_months", "-1", &f), -1, "negative refused");
	CHECK_INT(policy_set(&p, "probation_months", "99999999999", &f), -1, "overflow refused");
	CHECK_INT(policy_set(&p, "probation_months", "", &f), -1, "empty refused");
	CHECK_INT(policy_set(&p, "conversion_allowed", "maybe", &f), -1, "bad flag refused");
	CHECK_INT(policy_set(&p, "holiday_months", "3", &f), -1, "unknown key refused");
	CHECK_INT(f.kind, FAILURE_INVALID_FIELD, "unknown key is an invalid field");
	CHECK_STR(f.field, "holiday_months", "unknown key named");
}

static void
test_validate(void)
{
	struct policy p;
	struct failure f = { 0 };

	policy_default(&p);
	p.initial_term_months = 0;
	CHECK_INT(policy_validate(&p, &f), -1, "zero initial term refused");
	CHECK_STR(f.field, "initial_term_months", "names initial_term_months");
	policy_default(&p);
	p.twin_grade_reduction_months = 40;
	CHECK_INT(policy_validate(&p, &f), -1, "reduction above twin grade refused");
	policy_default(&p);
	p.max_service_months = 24;
	CHECK_INT(policy_validate(&p, &f), -1, "maximum shorter than initial term refused");
	p.max_service_months = POLICY_NONE;
	CHECK_INT(policy_validate(&p, &f), 0, "no maximum is fine");
}

int
main(void)
{
	test_defaults();
	test_set();
	test_validate();
	return tap_done();
}
