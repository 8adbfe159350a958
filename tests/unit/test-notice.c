/* The vacancy notice parser on whole notices: the five real ones (every
 * field), their French halves alone in three layouts (tests/data/notices/
 * french), the variants in tests/data/notices/variants (layouts, post lists
 * of 0 to 5, every month in both languages, the DST change days, missing
 * lines, a post where turnover is not desirable, a notice without section
 * 6, a French deadline that disagrees), every class of refusal, and the
 * policy a vacancy gives its contracts. The pieces (dates, durations,
 * salaries, grades, lines) are tested in test-notice-parts.c. */
#include <stdlib.h>
#include <time.h>

#include "localtime.h"
#include "notice.h"
#include "tap.h"

#define NONE POLICY_NONE
#define ALL_STATED 0x3f

struct expect_post {
	const char *title, *grade;
	bool twin;
	const char *number;
	bool pending;
};

struct expect {
	const char *file;
	const char *reference, *title;
	int announced;
	size_t post_count;
	struct expect_post posts[6];
	const char *location, *nato_body, *schedule;
	const char *deadline, *deadline_fr;	/* RFC 3339; NULL: no French */
	const char *amount, *currency, *basis;
	const char *grade_min, *grade_max;
	bool grade_twin;
	const char *clearance;
	bool pending;
	bool has_contract;
	int initial, renewal, max_service, conversion_deadline;
	bool conversion, national;
	unsigned stated;
	const char *warnings[8];		/* fields, in order */
};

#define BXL_BODY "NATO International Staff (NATO IS)"
#define TURNOVER .has_contract = true, .initial = 36, .renewal = 36, \
	.max_service = 72, .conversion_deadline = 12, .conversion = true, \
	.national = true, .stated = ALL_STATED
#define HEADER_V .location = "Belgium-Brussels", .nato_body = BXL_BODY, \
	.schedule = "Full-time", .amount = "6123.45", .currency = "EUR", \
	.basis = "Monthly", .grade_min = "G15", .grade_max = "G15", \
	.clearance = "NS"

static const struct expect real[] = {
	{
		.file = "000_3fb8d09a3868ea97.txt", .reference = "250914",
		.title = "Team Leader, Enterprise Application Support",
		.post_count = 1, .posts = {
			{ "Team Leader, Enterprise Application Support",
			    "G11-G15", true, NULL, false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2025-06-22T23:59:00+02:00",
		.deadline_fr = "2025-06-22T23:59:00+02:00",
		.amount = "5043.00", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G11", .grade_max = "G15", .grade_twin = true,
		.clearance = NULL, TURNOVER,
		.warnings = { "clearance" },
	},
	{
		.file = "001_3d1b54962f703b05.txt", .reference = "241370",
		.title = "Defence Planning Expert", .announced = 3,
		.post_count = 3, .posts = {
			{ "Defence Planning Expert", "G20", false, NULL, false },
			{ "ITPP \xe2\x80\x93 PARP Planner (Defence Planning "
			    "Expert)", "G20", false, NULL, true },
			{ "Defence Planning Expert", "G17-G20", true, NULL,
			    false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2024-10-13T23:59:00+02:00",
		.deadline_fr = "2024-10-13T23:59:00+02:00",
		.amount = "8754.21", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G20", .grade_max = "G20", .clearance = "NS",
		TURNOVER,
	},
	{
		.file = "002_e61e68e64cea3b6c.txt", .reference = "241324",
		.title = "Officer, Enterprise Artificial Intelligence Architect",
		.post_count = 1, .posts = {
			{ "Officer, Enterprise Artificial Intelligence "
			    "Architect", "G17", false, NULL, true } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2024-10-20T23:59:00+02:00",
		.deadline_fr = "2024-10-20T23:59:00+02:00",
		.amount = "7540.44", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G17", .grade_max = "G17", .clearance = "NS",
		.pending = true, TURNOVER,
	},
	{
		.file = "003_47e34c6980936be1.txt", .reference = "241642",
		.title = "Officer, Incident Management", .announced = 2,
		.post_count = 2, .posts = {
			{ "Officer, Incident Management", "G17", false, NULL,
			    true },
			{ "Officer, Incident Management", "G17", false,
			    "OCIO0013", false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2025-01-05T23:59:00+01:00",
		.deadline_fr = "2025-01-05T23:59:00+01:00",
		.amount = "7540.44", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G17", .grade_max = "G17", .clearance = "NS",
		TURNOVER,
		.warnings = { "posts[0].post_number" },
	},
	{
		.file = "004_540736ffb9c9d54b.txt", .reference = "250885",
		.title = "Officer, NATO Industrial Advisory Group (NIAG) and "
		    "Life Cycle Management",
		.post_count = 1, .posts = {
			{ "Officer, NATO Industrial Advisory Group (NIAG) and "
			    "Life Cycle Management", "G20", false, NULL,
			    false } },
		.location = "Belgium-Brussels", .nato_body = BXL_BODY,
		.schedule = "Full-time",
		.deadline = "2025-07-06T23:59:00+02:00",
		.deadline_fr = "2025-07-06T23:59:00+02:00",
		.amount = "9253.21", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G20", .grade_max = "G20", .clearance = NULL,
		TURNOVER,
		.warnings = { "clearance" },
	},
};

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

/*
 * The French half of each real notice alone, as plain text, Markdown and
 * a web page's copy (tests/data/notices/french/README): every field is
 * what the bilingual notice gives (test_french_same checks it against the
 * parsed bilingual notice too), the French deadline being the deadline,
 * except what is kept as written and so is in French: the titles of the
 * notice and its posts, location, NATO body and schedule. No field of the
 * five is stated by the English half only.
 */
#define BXL_FR .location = "Belgique-Bruxelles", .nato_body = "OTAN SI", \
	.schedule = "Temps plein"
#define EXPERT_FR "expert(e) en planification de d\xc3\xa9""fense"
#define ADMIN_FR "Administratrice/Administrateur"

static const struct expect french[] = {
	{
		.file = "000", .reference = "250914",
		.title = "Chef d'\xc3\xa9quipe (support applicatif "
		    "d'entreprise)",
		.post_count = 1, .posts = {
			{ "Chef d'\xc3\xa9quipe (support applicatif "
			    "d'entreprise)", "G11-G15", true, NULL, false } },
		BXL_FR,
		.deadline = "2025-06-22T23:59:00+02:00",
		.deadline_fr = "2025-06-22T23:59:00+02:00",
		.amount = "5043.00", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G11", .grade_max = "G15", .grade_twin = true,
		.clearance = NULL, TURNOVER,
		.warnings = { "clearance" },
	},
	{
		.file = "001", .reference = "241370",
		.title = "Expert(e) en planification de d\xc3\xa9""fense",
		.announced = 3,
		.post_count = 3, .posts = {
			{ EXPERT_FR, "G20", false, NULL, false },
			{ "responsable de la planification ITPP-PARP ("
			    EXPERT_FR ")", "G20", false, NULL, true },
			{ EXPERT_FR, "G17-G20", true, NULL, false } },
		BXL_FR,
		.deadline = "2024-10-13T23:59:00+02:00",
		.deadline_fr = "2024-10-13T23:59:00+02:00",
		.amount = "8754.21", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G20", .grade_max = "G20", .clearance = "NS",
		TURNOVER,
	},
	{
		.file = "002", .reference = "241324",
		.title = ADMIN_FR " (architecture IA d'entreprise)",
		.post_count = 1, .posts = {
			{ ADMIN_FR " (architecture IA d'entreprise)", "G17",
			    false, NULL, true } },
		BXL_FR,
		.deadline = "2024-10-20T23:59:00+02:00",
		.deadline_fr = "2024-10-20T23:59:00+02:00",
		.amount = "7540.44", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G17", .grade_max = "G17", .clearance = "NS",
		.pending = true, TURNOVER,
	},
	{
		.file = "003", .reference = "241642",
		.title = ADMIN_FR " (gestion des incidents)", .announced = 2,
		.post_count = 2, .posts = {
			{ ADMIN_FR " (gestion des incidents)", "G17", false,
			    NULL, true },
			{ ADMIN_FR " (gestion des incidents)", "G17", false,
			    "OCIO0013", false } },
		BXL_FR,
		.deadline = "2025-01-05T23:59:00+01:00",
		.deadline_fr = "2025-01-05T23:59:00+01:00",
		.amount = "7540.44", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G17", .grade_max = "G17", .clearance = "NS",
		TURNOVER,
		.warnings = { "posts[0].post_number" },
	},
	{
		.file = "004", .reference = "250885",
		.title = ADMIN_FR " (Groupe consultatif industriel OTAN (NIAG) "
		    "et gestion du cycle de vie)",
		.post_count = 1, .posts = {
			{ ADMIN_FR " (Groupe consultatif industriel OTAN "
			    "(NIAG) et gestion du cycle de vie)", "G20", false,
			    NULL, false } },
		BXL_FR,
		.deadline = "2025-07-06T23:59:00+02:00",
		.deadline_fr = "2025-07-06T23:59:00+02:00",
		.amount = "9253.21", .currency = "EUR", .basis = "Monthly",
		.grade_min = "G20", .grade_max = "G20", .clearance = NULL,
		TURNOVER,
		.warnings = { "clearance" },
	},
};

/* Which layouts of each French half there are: 001 is Markdown in the
 * original, the others plain text. */
static const struct {
	size_t notice;
	const char *layout;
} french_files[] = {
	{ 0, "plain" }, { 0, "markdown" }, { 0, "web" },
	{ 1, "markdown" }, { 1, "web" },
	{ 2, "plain" }, { 2, "web" },
	{ 3, "plain" }, { 3, "markdown" }, { 3, "web" },
	{ 4, "plain" }, { 4, "web" },
};

static char *
slurp(const char *dir, const char *name, size_t *len)
{
	const char *root = getenv("TENURED_TEST_DATA");
	char path[1024];
	FILE *fp;
	char *buf;
	long size;

	snprintf(path, sizeof path, "%s/notices/%s/%s",
	    root ? root : "tests/data", dir, name);
	if ((fp = fopen(path, "rb")) == NULL) {
		printf("Bail out! cannot open %s (set TENURED_TEST_DATA)\n", path);
		exit(2);
	}
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	buf = malloc(size > 0 ? (size_t)size : 1);
	*len = fread(buf, 1, (size_t)size, fp);
	fclose(fp);
	return buf;
}

/* Parses exactly len bytes from a copy with nothing after them: a read past
 * the end is a sanitizer error. */
static struct vacancy *
parse(const char *text, size_t len, struct failure *f)
{
	char *copy = malloc(len ? len : 1);
	struct vacancy *v;

	memcpy(copy, text, len);
	v = notice_parse(copy, len, f);
	free(copy);
	return v;
}

static void
check_instant(int64_t got, const char *want, const char *what)
{
	char buf[LOCALTIME_RFC3339_LEN], w[200];
	int64_t want_instant = 0;

	snprintf(w, sizeof w, "%s is %s", what, want ? want : "absent");
	if (want == NULL) {
		CHECK_INT(got, 0, w);
		return;
	}
	/* The offset in the expectation fixes the instant independently of
	 * the zone rules under test. */
	if (localtime_parse_rfc3339(want, &want_instant) != 0)
		printf("Bail out! bad expectation %s\n", want), exit(2);
	CHECK_INT(got, want_instant, w);
	localtime_format_rfc3339(VACANCY_TIMEZONE, got, buf);
	CHECK_STR(buf, want, w);
}

static void
check_vacancy(const struct vacancy *v, const struct expect *e)
{
	const struct vacancy_contract *c = &v->contract;
	char w[160];
	size_t nw = 0;

#define W(what) (snprintf(w, sizeof w, "%s: %s", e->file, what), w)
	CHECK_STR(v->reference, e->reference, W("reference"));
	CHECK_STR(v->title, e->title, W("title"));
	CHECK_INT(v->posts_announced, e->announced, W("posts announced"));
	CHECK_INT(v->post_count, e->post_count, W("post count"));
	for (size_t i = 0; i < v->post_count && i < e->post_count; i++) {
		const struct vacancy_post *p = &v->posts[i];
		const struct expect_post *x = &e->posts[i];
		char what[64];

		snprintf(what, sizeof what, "post %zu title", i + 1);
		CHECK_STR(p->title, x->title, W(what));
		snprintf(what, sizeof what, "post %zu grade", i + 1);
		CHECK_STR(p->grade, x->grade, W(what));
		snprintf(what, sizeof what, "post %zu twin_graded", i + 1);
		CHECK_INT(p->twin_graded, x->twin, W(what));
		snprintf(what, sizeof what, "post %zu post_number", i + 1);
		CHECK_STR(p->post_number, x->number, W(what));
		snprintf(what, sizeof what, "post %zu pending_budget_approval",
		    i + 1);
		CHECK_INT(p->pending_budget_approval, x->pending, W(what));
	}
	CHECK_STR(v->location, e->location, W("location"));
	CHECK_STR(v->nato_body, e->nato_body, W("nato_body"));
	CHECK_STR(v->schedule, e->schedule, W("schedule"));
	check_instant(v->application_deadline, e->deadline,
	    W("application_deadline"));
	check_instant(v->deadline_fr, e->deadline_fr, W("deadline_fr"));
	CHECK_STR(v->salary_amount, e->amount, W("salary amount"));
	CHECK_STR(v->salary_currency, e->currency, W("salary currency"));
	CHECK_STR(v->salary_basis, e->basis, W("salary basis"));
	CHECK_STR(v->grade_min, e->grade_min, W("grade min"));
	CHECK_STR(v->grade_max, e->grade_max, W("grade max"));
	CHECK_INT(v->grade_twin_graded, e->grade_twin, W("grade twin_graded"));
	CHECK_STR(v->clearance, e->clearance, W("clearance"));
	CHECK_INT(v->pending_budget_approval, e->pending,
	    W("pending_budget_approval"));
	CHECK_INT(v->has_contract, e->has_contract, W("has_contract"));
	CHECK_INT(c->initial_term_months, e->initial,
	    W("contract initial_term_months"));
	CHECK_INT(c->renewal_term_months, e->renewal,
	    W("contract renewal_term_months"));
	CHECK_INT(c->max_service_months, e->max_service,
	    W("contract max_service_months"));
	CHECK_INT(c->conversion_allowed, e->conversion,
	    W("contract conversion_allowed"));
	CHECK_INT(c->conversion_deadline_months, e->conversion_deadline,
	    W("contract conversion_deadline_months"));
	CHECK_INT(c->seconded_national_agreement, e->national,
	    W("contract seconded_national_agreement"));
	CHECK_INT(c->stated, e->stated, W("contract terms stated"));
	while (nw < 8 && e->warnings[nw] != NULL)
		nw++;
	CHECK_INT(v->warnings.count, nw, W("warning count"));
	for (size_t i = 0; i < v->warnings.count; i++) {
		const struct failure *x = &v->warnings.items[i];

		if (i < nw)
			CHECK_STR(x->field, e->warnings[i], W("warning field"));
		/* Every warning is a sentence, never a bare field name. */
		CHECK(strlen(x->message) > 10 && x->kind == FAILURE_NONE,
		    W("warning has a message"));
		if (i >= nw)
			printf("#   extra warning %s: %s\n", x->field, x->message);
	}
#undef W
}

static void
check_file(const char *dir, const struct expect *e)
{
	struct failure f;
	size_t len;
	char *text = slurp(dir, e->file, &len);
	struct vacancy *v = parse(text, len, &f);

	if (!CHECK(v != NULL, e->file))
		printf("#   refused: %s: %s\n", f.field, f.message);
	else
		check_vacancy(v, e);
	vacancy_free(v);
	free(text);
}

/* A web page writes "d’entreprise": s with typographic apostrophes. */
static const char *
typographic(char *out, size_t size, const char *s)
{
	size_t o = 0;

	for (; s != NULL && *s != '\0' && o + 4 < size; s++) {
		if (*s == '\'') {
			memcpy(out + o, "\xe2\x80\x99", 3);
			o += 3;
		} else
			out[o++] = *s;
	}
	out[o] = '\0';
	return s != NULL ? out : NULL;
}

static void
test_french(void)
{
	for (size_t i = 0; i < sizeof french_files / sizeof french_files[0];
	    i++) {
		struct expect e = french[french_files[i].notice];
		char file[32], title[256], posts[6][256];

		snprintf(file, sizeof file, "%s-%s.txt", e.file,
		    french_files[i].layout);
		e.file = file;
		if (strcmp(french_files[i].layout, "web") == 0) {
			e.title = typographic(title, sizeof title, e.title);
			for (size_t k = 0; k < e.post_count; k++)
				e.posts[k].title = typographic(posts[k],
				    sizeof posts[k], e.posts[k].title);
		}
		check_file("french", &e);
	}
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Each French half alone against its bilingual notice as parsed: every
 * field that is not kept as written in the notice's language. */
static void
test_french_same(void)
{
	for (size_t i = 0; i < sizeof french_files / sizeof french_files[0];
	    i++) {
		const struct expect *e = &real[french_files[i].notice];
		char file[32], w[96];
		size_t len, flen;
		char *text = slurp("real", e->file, &len), *ftext;
		struct failure f;
		struct vacancy *b = parse(text, len, &f), *v;
		const struct vacancy_contract *bc, *vc;
		bool posts_same, warnings_same;

		snprintf(file, sizeof file, "%s-%s.txt",
		    french[french_files[i].notice].file,
		    french_files[i].layout);
		ftext = slurp("french", file, &flen);
		v = parse(ftext, flen, &f);
		snprintf(w, sizeof w, "%s reads as %s does", file, e->file);
		if (!CHECK(b != NULL && v != NULL, w))
			goto next;
		bc = &b->contract;
		vc = &v->contract;
		posts_same = v->post_count == b->post_count;
		for (size_t k = 0; posts_same && k < v->post_count; k++)
			posts_same = same_str(v->posts[k].grade,
			    b->posts[k].grade) &&
			    v->posts[k].twin_graded == b->posts[k].twin_graded &&
			    same_str(v->posts[k].post_number,
			    b->posts[k].post_number) &&
			    v->posts[k].pending_budget_approval ==
			    b->posts[k].pending_budget_approval;
		warnings_same = v->warnings.count == b->warnings.count;
		for (size_t k = 0; warnings_same && k < v->warnings.count; k++)
			warnings_same = strcmp(v->warnings.items[k].field,
			    b->warnings.items[k].field) == 0;
		CHECK(same_str(v->reference, b->reference) &&
		    v->posts_announced == b->posts_announced && posts_same &&
		    v->application_deadline == b->application_deadline &&
		    v->deadline_fr == b->deadline_fr &&
		    v->deadline_fr == v->application_deadline &&
		    same_str(v->salary_amount, b->salary_amount) &&
		    same_str(v->salary_currency, b->salary_currency) &&
		    same_str(v->salary_basis, b->salary_basis) &&
		    same_str(v->grade_min, b->grade_min) &&
		    same_str(v->grade_max, b->grade_max) &&
		    v->grade_twin_graded == b->grade_twin_graded &&
		    same_str(v->clearance, b->clearance) &&
		    v->pending_budget_approval == b->pending_budget_approval &&
		    v->has_contract == b->has_contract &&
		    vc->initial_term_months == bc->initial_term_months &&
		    vc->renewal_term_months == bc->renewal_term_months &&
		    vc->max_service_months == bc->max_service_months &&
		    vc->conversion_allowed == bc->conversion_allowed &&
		    vc->conversion_deadline_months ==
		    bc->conversion_deadline_months &&
		    vc->seconded_national_agreement ==
		    bc->seconded_national_agreement &&
		    vc->stated == bc->stated && warnings_same, w);
next:
		vacancy_free(b);
		vacancy_free(v);
		free(text);
		free(ftext);
	}
}

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

/* Replaces the first occurrence of from in a notice of dir. */
static char *
edit_in(const char *dir, const char *file, const char *from, const char *to,
    size_t *len)
{
	size_t n, fl = strlen(from), tl = strlen(to);
	char *text = slurp(dir, file, &n), *out, *at;

	at = memmem(text, n, from, fl);
	if (at == NULL) {
		printf("Bail out! \"%s\" is not in %s\n", from, file);
		exit(2);
	}
	out = malloc(n - fl + tl + 1);
	memcpy(out, text, (size_t)(at - text));
	memcpy(out + (at - text), to, tl);
	memcpy(out + (at - text) + tl, at + fl, n - (size_t)(at - text) - fl);
	*len = n - fl + tl;
	free(text);
	return out;
}

#define edit(file, from, to, len) edit_in("real", file, from, to, len)

static void
expect_refusal(const char *text, size_t len, enum failure_kind kind,
    const char *field, int line, const char *says, const char *what)
{
	struct failure f;
	struct vacancy *v = parse(text, len, &f);
	char w[160];

	snprintf(w, sizeof w, "refused: %s", what);
	CHECK(v == NULL, w);
	vacancy_free(v);
	snprintf(w, sizeof w, "%s: %s", what, failure_code(kind));
	CHECK_STR(failure_code(f.kind), failure_code(kind), w);
	snprintf(w, sizeof w, "%s: names %s", what, field);
	CHECK_STR(f.field, field, w);
	if (line > 0) {
		snprintf(w, sizeof w, "%s: on line %d", what, line);
		CHECK_INT(f.line, line, w);
	}
	snprintf(w, sizeof w, "%s: says \"%s\"", what, says);
	if (!CHECK(strstr(f.message, says) != NULL, w))
		printf("#   message: %s\n", f.message);
}

static void
expect_refused_edit(const char *from, const char *to, enum failure_kind kind,
    const char *field, int line, const char *says, const char *what)
{
	size_t len;
	char *text = edit(real[0].file, from, to, &len);

	expect_refusal(text, len, kind, field, line, says, what);
	free(text);
}

/* The same in French notice 000 alone, where the Date de retrait is on
 * line 9. */
static void
expect_refused_fr(const char *from, const char *to, const char *field,
    int line, const char *says, const char *what)
{
	size_t len;
	char *text = edit_in("french", "000-plain.txt", from, to, &len);

	expect_refusal(text, len, FAILURE_INVALID_FIELD, field, line, says,
	    what);
	free(text);
}

static void
test_refusals(void)
{
	static const char nul[] = "Officer (241370)\nApplication Deadline: "
	    "13-Oct-2024\n\x00\x01binary";
	char *many;
	size_t o = 0;

	expect_refusal("", 0, FAILURE_BAD_REQUEST, "notice", 0, "empty",
	    "empty input");
	expect_refusal("\n \r\n\t\n", 6, FAILURE_BAD_REQUEST, "notice", 0,
	    "empty", "blank lines only");
	expect_refusal(nul, sizeof nul - 1, FAILURE_BAD_REQUEST, "notice", 3,
	    "binary", "a NUL byte");
	expect_refusal("Title (241370)\n\x1b[1mbold", 23, FAILURE_BAD_REQUEST,
	    "notice", 2, "0x1b", "an escape character");
	expect_refusal("Title (241370)\x7f", 15, FAILURE_BAD_REQUEST, "notice",
	    1, "binary", "DEL");
	expect_refusal("Officer (241370)\nAbcdefgh\x7fijklmnop", 34,
	    FAILURE_BAD_REQUEST, "notice", 2, "0x7f",
	    "DEL in the middle of a long run");
	expect_refusal("Officer (241370)\r\nAbcdefgh\x01ijklmnop", 35,
	    FAILURE_BAD_REQUEST, "notice", 2, "0x01",
	    "a control byte in the middle of a long run");
	expect_refusal("a\nb\nc \xc2\x85 d", 10, FAILURE_BAD_REQUEST, "notice",
	    3, "U+0085", "a C1 control character");
	expect_refused_edit("Team Leader", "Team \xc3\x28Leader",
	    FAILURE_BAD_REQUEST, "notice", 8, "line 8 is not valid UTF-8",
	    "invalid UTF-8 in the title");
	expect_refused_edit("Team Leader", "Team \xe2\x80\xaeLeader",
	    FAILURE_INVALID_FIELD, "title", 8, "invisible character",
	    "a right-to-left override in the title");
	expect_refused_edit("Team Leader", "Team \xe2\x81\xa6Leader",
	    FAILURE_INVALID_FIELD, "title", 8, "reorders or hides",
	    "a left-to-right isolate in the title");
	expect_refusal("ok\n\xc0\xaf", 4, FAILURE_BAD_REQUEST, "notice", 2,
	    "UTF-8", "an overlong form");
	expect_refusal("\xed\xa0\x80", 3, FAILURE_BAD_REQUEST, "notice", 1,
	    "UTF-8", "a surrogate");
	expect_refusal("\xf4\x90\x80\x80", 4, FAILURE_BAD_REQUEST, "notice", 1,
	    "UTF-8", "a code point past U+10FFFF");
	expect_refusal("x\r\ny\r\nz\xe2\x82", 9, FAILURE_BAD_REQUEST, "notice",
	    3, "UTF-8", "a sequence cut short at the end");
	expect_refusal("\xff\xfeT\x00i\x00", 6, FAILURE_BAD_REQUEST, "notice",
	    1, "UTF-8", "UTF-16");

	expect_refused_edit("-250914\n", "\n", FAILURE_INVALID_FIELD,
	    "reference", 8, "does not end with a reference",
	    "a title line without its reference");
	expect_refusal("no reference and no deadline here\n", 34,
	    FAILURE_BAD_REQUEST, "notice", 0, "this is not a vacancy notice",
	    "a line of text");
	expect_refusal("Dear colleagues,\nplease find the minutes attached.\n"
	    "Kind regards\n", 64, FAILURE_BAD_REQUEST, "notice", 0,
	    "this is not a vacancy notice", "a letter");
	expect_refusal("Engineer (241370)\nNo dates here.\n", 33,
	    FAILURE_INVALID_FIELD, "application_deadline", 0,
	    "Application Deadline", "a title with its reference but no deadline");
	expect_refused_edit("Application Deadline: 22-Jun-2025, 11:59:00 PM",
	    "Applications welcome", FAILURE_INVALID_FIELD,
	    "application_deadline", 0, "no Application Deadline",
	    "no deadline");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "31-Feb-2026",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "February 2026 has 28 days", "31-Feb-2026");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "29-Feb-2027",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "not a real date", "29 February of a common year");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "31/13/2026",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "no month 13", "month 13");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "Ongoing",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "not a date", "an open-ended deadline");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "22-Jun-2025, 25:00",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "time of day", "25 o'clock");
	expect_refused_edit("22-Jun-2025, 11:59:00 PM", "22-Jun-2025, 11:",
	    FAILURE_INVALID_FIELD, "application_deadline", 13,
	    "time of day", "a time cut short");
	expect_refused_edit("22-juin-2025", "31-juin-2025",
	    FAILURE_INVALID_FIELD, "deadline_fr", 0, "June 2025 has 30 days",
	    "an impossible French date");

	/* In a French-only notice the Date de retrait is the deadline. */
	expect_refused_fr("Date de retrait : 22-juin-2025, 23:59:00\n", "",
	    "application_deadline", 0, "no Date de retrait",
	    "a French-only notice without its deadline");
	expect_refused_fr("22-juin-2025", "31-juin-2025",
	    "application_deadline", 9, "June 2025 has 30 days",
	    "an impossible date in a French-only notice");
	expect_refused_fr("22-juin-2025, 23:59:00", "bient\xc3\xb4t",
	    "application_deadline", 9, "22-juin-2025, 23:59:00",
	    "an unreadable date in a French-only notice");
	expect_refused_fr("-250914\n", "\n", "reference", 1,
	    "does not end with a reference",
	    "a French title line without its reference");

	/* A thousand graded bullets are not a notice. */
	many = malloc(200000);
	o += (size_t)sprintf(many, "Officer (241370)\nApplication Deadline: "
	    "13-Oct-2024\nDescription\n");
	for (int i = 0; i <= NOTICE_MAX_POSTS; i++)
		o += (size_t)sprintf(many + o, "- Officer (G15)\n");
	expect_refusal(many, o, FAILURE_INVALID_FIELD, "posts", 0,
	    "more than 100 posts", "101 posts");
	free(many);
	{
		struct failure f;
		char one = 'x';

		CHECK(notice_parse(&one, NOTICE_MAX_BYTES + 1, &f) == NULL &&
		    f.kind == FAILURE_TOO_LARGE,
		    "past NOTICE_MAX_BYTES: too_large, nothing read");
		CHECK(notice_parse(&one, 1, NULL) == NULL,
		    "the failure may be left out");
	}
}

/* French notice 000 alone with an edit: the warnings it then gets. */
static void
check_tolerated_fr(const char *from, const char *to, const char *field,
    const char *says, const char *what)
{
	struct failure f;
	struct vacancy *v;
	size_t len;
	char *text = edit_in("french", "000-plain.txt", from, to, &len);
	bool found = false;

	v = parse(text, len, &f);
	if (CHECK(v != NULL, what)) {
		for (size_t i = 0; i < v->warnings.count; i++)
			found |= strcmp(v->warnings.items[i].field, field) ==
			    0 && strstr(v->warnings.items[i].message, says);
		if (!CHECK(found && v->deadline_fr == v->application_deadline,
		    what))
			for (size_t i = 0; i < v->warnings.count; i++)
				printf("#   %s: %s\n", v->warnings.items[i].field,
				    v->warnings.items[i].message);
	}
	vacancy_free(v);
	free(text);
}

/* A French-only notice missing an optional line gets the warning an
 * English one does, naming the French label; a malformed amount is none. */
static void
test_tolerated_fr(void)
{
	check_tolerated_fr("Emplacement principal : Belgique-Bruxelles\n", "",
	    "location", "Emplacement principal",
	    "French-only: no Emplacement principal");
	check_tolerated_fr("Organisation : OTAN SI\n", "", "nato_body",
	    "Organisation", "French-only: no Organisation");
	check_tolerated_fr("Horaire : Temps plein\n", "", "schedule",
	    "Horaire", "French-only: no Horaire");
	check_tolerated_fr("Salaire (Base de paie) : : 5 043,00Euro (EUR) "
	    "Mensuelle\n", "", "salary", "Salaire (Base de paie)",
	    "French-only: no Salaire (Base de paie)");
	check_tolerated_fr("5 043,00Euro", "5 04,3Euro", "salary.amount",
	    "5 04,3", "French-only: a malformed amount");
	check_tolerated_fr("Grade: NATO Grade G11-G15\n", "", "grade",
	    "Grade", "French-only: no Grade");
	check_tolerated_fr("Description :", "Niveau d\xe2\x80\x99habilitation : "
	    "\nDescription :", "clearance", "Niveau d'habilitation",
	    "French-only: Niveau d'habilitation with no value");
	{
		/* The header's first label the same in both languages, and
		 * a value on the line after its label. */
		struct failure f;
		struct vacancy *v;
		size_t len;
		char *text = edit_in("french", "000-plain.txt",
		    "Emplacement principal", "Grade NATO Grade G11-G15\n"
		    "Niveau d\xe2\x80\x99habilitation\n\nNC\n"
		    "Emplacement principal", &len);

		v = parse(text, len, &f);
		CHECK(v != NULL && v->warnings.count == 0 &&
		    v->clearance != NULL && strcmp(v->clearance, "NC") == 0 &&
		    v->location != NULL &&
		    strcmp(v->location, "Belgique-Bruxelles") == 0 &&
		    v->contract.initial_term_months == 36,
		    "French-only: Grade first, then the French labels");
		vacancy_free(v);
		free(text);
	}
	check_tolerated_fr("6. CONTRAT", "6. CONDITIONS", "contract",
	    "(CONTRAT)", "French-only: no section 6");
	check_tolerated_fr("Chef d'\xc3\xa9quipe (support applicatif "
	    "d'entreprise)-250914", "Chef d'\xc3\xa9quipe (2 postes)-250914",
	    "posts", "announces 2 posts", "French-only: \"(2 postes)\" and "
	    "one post");
}

/* What a warning-only edit of a real notice changes. */
static void
test_tolerated(void)
{
	struct failure f;
	struct vacancy *v;
	size_t len;
	char *text;

	/* The French deadline unreadable: a warning, the notice stands. */
	text = edit(real[0].file, "22-juin-2025, 23:59:00", "bientôt", &len);
	v = parse(text, len, &f);
	CHECK(v != NULL && v->deadline_fr == 0 && v->warnings.count == 2 &&
	    strcmp(v->warnings.items[0].field, "deadline_fr") == 0,
	    "an unreadable French deadline is a warning");
	vacancy_free(v);
	free(text);
	/* Line 13 of notice 000 repeated with another date: the first wins. */
	text = edit(real[0].file, "Salary (Pay Basis)",
	    "Application Deadline: 23-Jun-2025\nSalary (Pay Basis)", &len);
	v = parse(text, len, &f);
	CHECK(v != NULL && v->warnings.count == 2 &&
	    strcmp(v->warnings.items[0].field, "application_deadline") == 0,
	    "a second Application Deadline line is a warning");
	if (v != NULL)
		check_instant(v->application_deadline,
		    "2025-06-22T23:59:00+02:00", "the first deadline is kept");
	vacancy_free(v);
	free(text);
	/* The test of tests/integration: the clause rewritten for a post
	 * where turnover is not desirable. */
	text = edit(real[0].file, "Definite duration contract of three years; "
	    "possibility of renewal for up to three years, during which the "
	    "incumbent may apply for conversion to an indefinite duration "
	    "contract.", "Definite duration contract of three years, which may "
	    "be followed by an indefinite duration contract.", &len);
	v = parse(text, len, &f);
	CHECK(v != NULL && v->contract.max_service_months == NONE &&
	    v->contract.conversion_deadline_months == NONE &&
	    v->contract.conversion_allowed &&
	    v->contract.initial_term_months == 36,
	    "\"may be followed by an indefinite duration contract\": no "
	    "maximum, no conversion deadline");
	vacancy_free(v);
	free(text);
}

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
	for (size_t i = 0; i < sizeof real / sizeof real[0]; i++)
		check_file("real", &real[i]);
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
		check_file("variants", &variants[i]);
	test_french();
	test_french_same();
	test_line_ends();
	test_refusals();
	test_tolerated();
	test_tolerated_fr();
	test_dst();
	test_policy();
	test_linear();
	return tap_done();
}
