/* The vacancy notice parser on whole notices as they come: the five real
 * ones (every field), the variants in tests/data/notices/variants (layouts,
 * post lists of 0 to 5, every month in both languages, the DST change days,
 * missing lines, a post where turnover is not desirable, a notice without
 * section 6, a French deadline that disagrees), and a real notice with other
 * line ends, a BOM or trailing blanks. The pieces (dates, durations,
 * salaries, grades, lines) are tested in test-notice-parts-*.c. */
#include "notice-fixture.h"

static const struct expect variants[] = {
	{
		.file = "v01-markdown-five-posts.txt", .reference = "260101",
		.title = "Analyst, Data Governance", .announced = 5,
		.post_count = 5, .posts = {
			{ "Analyst, Data Governance", "G15", false, "OCIO0101",
			    false },
			{ "Analyst, Data Governance", "G15", false, NULL, true },
			{ "Senior Analyst, Data Governance", "G15-G17", true,
			    "OCIO0103", false },
			{ "Analyst (Records)", "G13-G15", true, NULL, false },
			{ "Data Steward", "G16", false, "DI 0105", true } },
		HEADER_V,
		.deadline = "2026-01-10T23:59:00+01:00",
		.deadline_fr = "2026-01-10T23:59:00+01:00",
		TURNOVER,
		.warnings = { "posts[1].post_number", "posts[3].post_number" },
	},
	{
		.file = "v02-plain-no-list.txt", .reference = "260202",
		.title = "Assistant, Budget and Finance",
		.post_count = 1, .posts = {
			{ "Assistant, Budget and Finance", "G13-G15", true, NULL,
			    false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Part-time",
		.deadline = "2026-02-28T17:00:00+01:00",
		.deadline_fr = "2026-02-28T17:00:00+01:00",
		.amount = "4210.07", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G13", .grade_max = "G15", .grade_twin = true,
		.clearance = "NC", TURNOVER,
	},
	{
		.file = "v03-one-post-dst-spring.txt", .reference = "260303",
		.title = "Officer, Capability Delivery",
		.post_count = 1, .posts = {
			{ "Officer, Capability Delivery", "G18", false, "DI0042",
			    false } },
		HEADER_V,
		.deadline = "2026-03-29T23:59:00+02:00",
		.deadline_fr = "2026-03-29T23:59:00+02:00",
		TURNOVER,
	},
	{
		.file = "v04-two-posts-crlf.txt", .reference = "260404",
		.title = "Engineer, Cyber Security", .announced = 2,
		.post_count = 2, .posts = {
			{ "Engineer, Cyber Security", "G17", false, "OCIO0201",
			    false },
			{ "Engineer, Cyber Security", "G17-G19", true,
			    "OCIO0202", false } },
		HEADER_V,
		.deadline = "2026-04-15T23:59:00+02:00",
		.deadline_fr = "2026-04-15T23:59:00+02:00",
		TURNOVER,
	},
	{
		.file = "v05-three-posts-announced-four.txt",
		.reference = "260505", .title = "Translator", .announced = 4,
		.post_count = 3, .posts = {
			{ "Translator, French", "G15", false, NULL, false },
			{ "Translator, English", "G15", false, NULL, false },
			{ "Reviser", "G17", false, NULL, true } },
		HEADER_V,
		.deadline = "2026-05-31T23:59:00+02:00",
		.deadline_fr = "2026-05-31T23:59:00+02:00",
		TURNOVER,
		.warnings = { "posts" },
	},
	{
		.file = "v06-markdown-four-posts.txt", .reference = "260606",
		.title = "Policy Officer", .announced = 4,
		.post_count = 4, .posts = {
			{ "Policy Officer, Arms Control", "G17", false, NULL,
			    false },
			{ "Policy Officer, Partnerships", "G17", false, NULL,
			    false },
			{ "Policy Officer, Deterrence", "G17-G19", true, NULL,
			    false },
			{ "Policy Officer, Resilience", "G17", false, NULL,
			    false } },
		HEADER_V,
		.deadline = "2026-06-30T23:59:00+02:00",
		.deadline_fr = "2026-06-30T23:59:00+02:00",
		TURNOVER,
	},
	{
		.file = "v07-non-turnover.txt", .reference = "260707",
		.title = "Legal Adviser",
		.post_count = 1, .posts = {
			{ "Legal Adviser", "G21", false, NULL, false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2026-07-12T23:59:00+02:00",
		.deadline_fr = "2026-07-12T23:59:00+02:00",
		.amount = "10112.84", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G21", .grade_max = "G21", .clearance = "CTS",
		.has_contract = true, .initial = 36, .renewal = 36,
		.max_service = NONE, .conversion_deadline = NONE,
		.conversion = true, .national = true, .stated = ALL_STATED,
	},
	{
		.file = "v08-no-section-6.txt", .reference = "260808",
		.title = "Librarian",
		.post_count = 1, .posts = {
			{ "Librarian", "G15", false, NULL, false } },
		HEADER_V,
		.deadline = "2026-08-16T23:59:00+02:00",
		.deadline_fr = "2026-08-16T23:59:00+02:00",
		.has_contract = false, .initial = NONE, .renewal = NONE,
		.max_service = NONE, .conversion_deadline = NONE,
		.warnings = { "contract" },
	},
	{
		.file = "v09-french-disagrees.txt", .reference = "260909",
		.title = "Coordinator, Events",
		.post_count = 1, .posts = {
			{ "Coordinator, Events", "G15", false, NULL, false } },
		HEADER_V,
		.deadline = "2026-09-20T23:59:00+02:00",
		.deadline_fr = "2026-09-21T23:59:00+02:00",
		TURNOVER,
		.warnings = { "deadline_fr" },
	},
	{
		.file = "v10-dst-autumn-ambiguous.txt", .reference = "261010",
		.title = "Officer, Crisis Management",
		.post_count = 1, .posts = {
			{ "Officer, Crisis Management", "G15", false, NULL,
			    false } },
		HEADER_V,
		/* 02:30 happens twice that night: the first, summer time. */
		.deadline = "2026-10-25T02:30:00+02:00",
		.deadline_fr = "2026-10-25T02:30:00+02:00",
		TURNOVER,
	},
	{
		.file = "v11-missing-optional.txt", .reference = "261111",
		.title = "Driver",
		.post_count = 1, .posts = {
			{ "Driver", NULL, false, NULL, false } },
		.deadline = "2026-11-03T23:59:00+01:00",
		.deadline_fr = "2026-11-03T23:59:00+01:00",
		TURNOVER,
		.warnings = { "location", "nato_body", "schedule", "salary",
		    "grade", "clearance" },
	},
	{
		.file = "v12-english-only-december.txt", .reference = "261212",
		.title = "Archivist",
		.post_count = 1, .posts = {
			{ "Archivist", "G15", false, NULL, false } },
		HEADER_V,
		.deadline = "2026-12-31T23:59:00+01:00",
		.deadline_fr = NULL,
		TURNOVER,
		.warnings = { "deadline_fr" },
	},
	{
		.file = "v13-dst-spring-gap.txt", .reference = "260329",
		.title = "Technician, Audio-Visual",
		.post_count = 1, .posts = {
			{ "Technician, Audio-Visual", "G15", false, NULL,
			    false } },
		HEADER_V,
		/* 02:30 does not exist that night: moved on by the gap. */
		.deadline = "2026-03-29T03:30:00+02:00",
		.deadline_fr = "2026-03-29T03:30:00+02:00",
		TURNOVER,
	},
	{
		.file = "v14-terms-in-words.txt", .reference = "270214",
		.title = "Statistician",
		.post_count = 1, .posts = {
			{ "Statistician", "G15", false, NULL, false } },
		HEADER_V,
		.deadline = "2027-02-14T23:59:00+01:00",
		.deadline_fr = "2027-02-14T23:59:00+01:00",
		.has_contract = true, .initial = 36, .renewal = 24,
		.max_service = 60, .conversion_deadline = 6,
		.conversion = true, .national = false, .stated = ALL_STATED,
	},
	{
		.file = "v15-one-year-temporary.txt", .reference = "271201",
		.title = "Temporary Assistant",
		.post_count = 1, .posts = {
			{ "Temporary Assistant", "G11", false, NULL, false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2027-12-01T12:00:00+01:00",
		.deadline_fr = "2027-12-01T12:00:00+01:00",
		.amount = "3950.00", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G11", .grade_max = "G11", .clearance = "NS",
		/* Non-renewable: the one year is also the maximum. The
		 * renewal term and national agreement are not stated: the
		 * built-in defaults fill them. */
		.has_contract = true, .initial = 12, .renewal = 36,
		.max_service = 12, .conversion_deadline = NONE,
		.conversion = false, .national = true,
		.stated = VACANCY_STATED_INITIAL | VACANCY_STATED_MAX_SERVICE |
		    VACANCY_STATED_CONVERSION |
		    VACANCY_STATED_CONVERSION_DEADLINE,
	},
	{
		.file = "v16-mixed-numbers.txt", .reference = "261601",
		.title = "Officer, Logistics", .announced = 3,
		.post_count = 3, .posts = {
			{ "Officer, Logistics", "G15", false, "LOG0001", false },
			{ "Officer, Logistics", "G15", false, NULL, false },
			{ "Officer, Logistics", "G15-G16", true, "LOG0003",
			    false } },
		HEADER_V,
		.deadline = "2027-01-16T23:59:00+01:00",
		.deadline_fr = "2027-01-16T23:59:00+01:00",
		TURNOVER,
		.warnings = { "reference", "posts[1].post_number" },
	},
	{
		.file = "v17-notice-pending.txt", .reference = "261701",
		.title = "Officer, Budget",
		.post_count = 1, .posts = {
			{ "Officer, Budget", "G15", false, NULL, true } },
		HEADER_V,
		.deadline = "2027-03-28T23:00:00+02:00",
		.deadline_fr = "2027-03-28T23:00:00+02:00",
		.pending = true, TURNOVER,
	},
};

/* The same notice with other line ends, a BOM or trailing blanks reads the
 * same: compared field by field against the expectation. */
static void
test_line_ends(void)
{
	const struct expect *e = &real[1];
	size_t len, o = 0;
	char *text = slurp("real", e->file, &len);
	char *crlf = malloc(2 * len + 3), *cr = malloc(len + 1);
	struct failure f;
	struct vacancy *v;

	memcpy(crlf, "\xef\xbb\xbf", 3);
	o = 3;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			crlf[o++] = '\r';
		crlf[o++] = text[i];
		cr[i] = text[i] == '\n' ? '\r' : text[i];
	}
	v = parse(crlf, o, &f);
	CHECK(v != NULL, "CRLF line ends and a BOM");
	if (v != NULL)
		check_vacancy(v, e);
	vacancy_free(v);
	v = parse(cr, len, &f);
	CHECK(v != NULL, "old Mac CR line ends");
	if (v != NULL)
		check_vacancy(v, e);
	vacancy_free(v);
	free(crlf);
	free(cr);
	free(text);
}

int
main(void)
{
	for (size_t i = 0; i < sizeof real / sizeof real[0]; i++)
		check_file("real", &real[i]);
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
		check_file("variants", &variants[i]);
	test_line_ends();
	return tap_done();
}
