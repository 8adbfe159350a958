/* The vacancy notice parser on the French half of each real notice alone, in
 * three layouts (tests/data/notices/french): every field is what the
 * bilingual notice gives, compared with the parsed bilingual notice too, and
 * the warnings an edit of a French notice gets. */
#include "notice-fixture.h"

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

int
main(void)
{
	test_french();
	test_french_same();
	test_tolerated_fr();
	return tap_done();
}
