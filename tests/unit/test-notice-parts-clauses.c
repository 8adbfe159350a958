/* The pieces of the notice parser that read the sentences of section 6 in
 * both languages: the contract terms each clause states, and what it leaves
 * unstated. Whole notices are in test-notice-*.c. */
#include <stdlib.h>

#include "notice.h"
#include "tap.h"

#define NONE POLICY_NONE

struct clause {
	const char *text;
	bool has_contract;
	int initial, renewal, max_service, deadline;
	bool conversion, national;
	unsigned stated;
	size_t warnings;
	const char *what;
};

#define S_INITIAL VACANCY_STATED_INITIAL
#define S_RENEWAL VACANCY_STATED_RENEWAL
#define S_MAX VACANCY_STATED_MAX_SERVICE
#define S_CONV VACANCY_STATED_CONVERSION
#define S_DEADLINE VACANCY_STATED_CONVERSION_DEADLINE
#define S_NATIONAL VACANCY_STATED_NATIONAL_AGREEMENT

static void
check_clause(const struct clause *c, enum notice_lang lang)
{
	struct vacancy v = { .has_contract = false };
	const struct vacancy_contract *k = &v.contract;
	char w[160];

	snprintf(w, sizeof w, "clause: %s", c->what);
	CHECK_INT(notice_contract_read(&v, c->text, strlen(c->text), 1, lang),
	    0, w);
	if (!CHECK(v.has_contract == c->has_contract &&
	    k->initial_term_months == c->initial &&
	    k->renewal_term_months == c->renewal &&
	    k->max_service_months == c->max_service &&
	    k->conversion_deadline_months == c->deadline &&
	    k->conversion_allowed == c->conversion &&
	    k->seconded_national_agreement == c->national &&
	    k->stated == c->stated, w))
		printf("#   got %d: %d %d %d %d conv %d nat %d stated %#x\n",
		    v.has_contract, k->initial_term_months,
		    k->renewal_term_months, k->max_service_months,
		    k->conversion_deadline_months, k->conversion_allowed,
		    k->seconded_national_agreement, k->stated);
	snprintf(w, sizeof w, "clause: %s: %zu warnings", c->what,
	    c->warnings);
	CHECK_INT(v.warnings.count, c->warnings, w);
	for (size_t j = 0; j < v.warnings.count; j++)
		printf("#   %s: %s\n", v.warnings.items[j].field,
		    v.warnings.items[j].message);
	failure_list_free(&v.warnings);
}

/* Terms the clause does not state hold the built-in defaults (36, 36, 72,
 * conversion with 12 months, national agreement), with a warning each,
 * and their stated bits stay clear. */
static void
test_clauses(void)
{
	static const struct clause clauses[] = {
		{ "Contract to be offered to the successful applicant (if "
		  "non-seconded): Definite duration contract of three years; "
		  "possibility of renewal for up to three years, during which "
		  "the incumbent may apply for conversion to an indefinite "
		  "duration contract. The maximum period of service foreseen "
		  "in this post is 6 years. However, the incumbent may apply "
		  "for conversion no later than one year before the end of "
		  "contract. If the successful applicant is seconded, a 3-year "
		  "definite duration contract will be offered, which may be "
		  "renewed for a further period of up to 3 years subject also "
		  "to the agreement of the national authority concerned. The "
		  "maximum period of service in the post as a seconded staff "
		  "member is six years.", true, 36, 36, 72, 12, true, true,
		  0x3f, 0, "the stock clause" },
		{ "The successful applicant will be offered a 3-year definite "
		  "duration contract, which may be followed by an indefinite "
		  "duration contract.", true, 36, 36, NONE, NONE, true, true,
		  S_INITIAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "turnover not desirable" },
		{ "In accordance with the contract policy, this is a post in "
		  "which turnover is not desirable. The maximum period of "
		  "service foreseen in this post is 6 years.", true, 36, 36,
		  NONE, NONE, true, true, S_MAX | S_CONV | S_DEADLINE, 1,
		  "\"turnover is not desirable\" wins over a maximum" },
		{ "Definite duration contract of two years; possibility of "
		  "renewal for up to one year. The maximum period of service "
		  "is three years. The incumbent may not apply for conversion "
		  "to an indefinite duration contract.", true, 24, 12, 36, NONE,
		  false, true, S_INITIAL | S_RENEWAL | S_MAX | S_CONV |
		  S_DEADLINE, 0, "no conversion" },
		{ "Definite duration contract of three years; possibility of "
		  "renewal for up to three years, during which the incumbent "
		  "may apply for conversion to an indefinite duration "
		  "contract.", true, 36, 36, 72, 12, true, true,
		  S_INITIAL | S_RENEWAL | S_CONV, 2,
		  "no maximum and no deadline stated: defaults, two warnings" },
		{ "Serving staff will be offered a contract in accordance with "
		  "the NATO Civilian Personnel Regulations.", false, NONE, NONE,
		  NONE, NONE, false, false, 0, 1,
		  "nothing to read: as if there were no section 6" },
		{ "", false, NONE, NONE, NONE, NONE, false, false, 0, 1,
		  "an empty section" },
		{ "Definite duration contract of one year, which is "
		  "non-renewable.", true, 12, 36, 12, NONE, false, true,
		  S_INITIAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "non-renewable: the maximum is the initial term" },
		{ "Definite duration contract of five years. The maximum "
		  "period of service foreseen in this post is 4 years.", true,
		  60, 36, 72, NONE, false, true, S_INITIAL | S_CONV |
		  S_DEADLINE, 3,
		  "a maximum shorter than the initial term is ignored" },
		{ "Definite duration contract of 100 months.", true, 100, 36,
		  100, NONE, false, true, S_INITIAL | S_CONV | S_DEADLINE, 2,
		  "no maximum stated, and the default is shorter than the "
		  "initial term: the initial term" },
		{ "Definite duration contract of 9999 months.", false, NONE,
		  NONE, NONE, NONE, false, false, 0, 2,
		  "a term past a century is ignored" },
		{ "If the successful applicant is seconded, a 2-year contract "
		  "will be offered, which may be renewed for up to 2 years.",
		  true, 24, 24, 72, NONE, false, false, S_INITIAL | S_RENEWAL |
		  S_CONV | S_DEADLINE | S_NATIONAL, 1,
		  "only the seconded terms: used, no national agreement" },
	};

	/* Section 6 of the French halves, as the real notices word it (the
	 * first clause is theirs) and as other notices may. */
	static const struct clause clauses_fr[] = {
		{ "Contrat propos\xc3\xa9 (hors d\xc3\xa9tachement) : contrat "
		  "d'une dur\xc3\xa9""e d\xc3\xa9termin\xc3\xa9""e de trois ans ; "
		  "renouvelable pour une p\xc3\xa9riode de trois ans maximum, au "
		  "cours de laquelle le/la titulaire pourra demander qu'il soit "
		  "transform\xc3\xa9 en contrat de dur\xc3\xa9""e "
		  "ind\xc3\xa9termin\xc3\xa9""e. Clause contractuelle applicable : "
		  "Conform\xc3\xa9ment \xc3\xa0 la politique des contrats, il "
		  "s'agit d'un poste auquel il est souhaitable, pour des raisons "
		  "politiques, d'assurer une rotation. La dur\xc3\xa9""e de service "
		  "maximale pr\xc3\xa9vue \xc3\xa0 ce poste est de six ans. La "
		  "personne retenue se verra offrir un contrat d'une dur\xc3\xa9""e "
		  "d\xc3\xa9termin\xc3\xa9""e de trois ans, qui pourra \xc3\xaatre "
		  "reconduit pour une p\xc3\xa9riode de trois ans maximum. "
		  "Toutefois, conform\xc3\xa9ment \xc3\xa0 la proc\xc3\xa9""dure "
		  "d\xc3\xa9""crite dans la politique des contrats, elle pourra "
		  "demander, au plus tard un an avant l'expiration de la "
		  "deuxi\xc3\xa8me p\xc3\xa9riode, que son contrat soit "
		  "transform\xc3\xa9 en contrat de dur\xc3\xa9""e "
		  "ind\xc3\xa9termin\xc3\xa9""e. Si la personne retenue est "
		  "d\xc3\xa9tach\xc3\xa9""e de l'administration d'un \xc3\x89tat "
		  "membre de l'OTAN, elle se verra offrir un contrat d'une "
		  "dur\xc3\xa9""e d\xc3\xa9termin\xc3\xa9""e de trois ans, qui, "
		  "sous r\xc3\xa9serve de l'accord des autorit\xc3\xa9s nationales "
		  "concern\xc3\xa9""es, pourra \xc3\xaatre reconduit pour une "
		  "p\xc3\xa9riode de trois ans maximum. \xc3\x80 ce poste, la "
		  "dur\xc3\xa9""e de service d'un agent d\xc3\xa9tach\xc3\xa9 "
		  "n'exc\xc3\xa8""de pas six ans.", true, 36, 36, 72, 12, true,
		  true, 0x3f, 0, "la clause des notices" },
		{ "CONTRAT D\xe2\x80\x99UNE DUR\xc3\x89""E D\xc3\x89TERMIN\xc3\x89""E "
		  "DE TROIS ANS ; RENOUVELABLE POUR UNE P\xc3\x89RIODE DE TROIS "
		  "ANS MAXIMUM. La dur\xc3\xa9""e de service maximale est de six "
		  "ans. La/le titulaire pourra demander, au plus tard six mois "
		  "avant l\xe2\x80\x99""expiration du contrat, qu\xe2\x80\x99il soit "
		  "transform\xc3\xa9 en contrat de dur\xc3\xa9""e "
		  "ind\xc3\xa9termin\xc3\xa9""e. Si la personne retenue est "
		  "d\xc3\xa9tach\xc3\xa9""e, sous r\xc3\xa9serve de l\xe2\x80\x99""accord "
		  "des autorit\xc3\xa9s nationales.", true, 36, 36, 72, 6, true,
		  true, 0x3f, 0,
		  "capitals and a web page's apostrophes read the same" },
		{ "Conform\xc3\xa9ment \xc3\xa0 la politique des contrats, il "
		  "s'agit d'un poste auquel il n'est pas souhaitable d'assurer une "
		  "rotation. La personne retenue se verra offrir un contrat d'une "
		  "dur\xc3\xa9""e d\xc3\xa9termin\xc3\xa9""e de trois ans, qui "
		  "pourra \xc3\xaatre suivi d'un contrat de dur\xc3\xa9""e "
		  "ind\xc3\xa9termin\xc3\xa9""e.", true, 36, 36, NONE, NONE, true,
		  true, S_INITIAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "rotation pas souhaitable: no maximum, no deadline" },
		{ "Contrat d'une dur\xc3\xa9""e d\xc3\xa9termin\xc3\xa9""e de deux "
		  "ans ; renouvelable pour une p\xc3\xa9riode d'un an maximum. La "
		  "dur\xc3\xa9""e de service maximale est de trois ans. La/le "
		  "titulaire ne pourra pas demander que son contrat soit "
		  "transform\xc3\xa9 en contrat de dur\xc3\xa9""e "
		  "ind\xc3\xa9termin\xc3\xa9""e.", true, 24, 12, 36, NONE, false,
		  true, S_INITIAL | S_RENEWAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "pas de transformation" },
		{ "Contrat d'une dur\xc3\xa9""e d\xc3\xa9termin\xc3\xa9""e d'un an, "
		  "non renouvelable.", true, 12, 36, 12, NONE, false, true,
		  S_INITIAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "non renouvelable: the maximum is the initial term" },
		{ "Contrat de vingt-quatre mois, qui pourra \xc3\xaatre reconduit "
		  "pour dix-huit mois. La dur\xc3\xa9""e de service maximale est "
		  "de soixante-douze mois.", true, 24, 18, 72, NONE, false, true,
		  S_INITIAL | S_RENEWAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "compound numbers in words" },
		{ "Si la personne retenue est d\xc3\xa9tach\xc3\xa9""e, elle se "
		  "verra offrir un contrat de deux ans, qui pourra \xc3\xaatre "
		  "reconduit pour une p\xc3\xa9riode de deux ans maximum.", true,
		  24, 24, 72, NONE, false, false, S_INITIAL | S_RENEWAL | S_CONV |
		  S_DEADLINE | S_NATIONAL, 1,
		  "seulement des agents d\xc3\xa9tach\xc3\xa9s: used, no national "
		  "agreement" },
		{ "Les agents en fonction se verront offrir un contrat conforme "
		  "aux dispositions du R\xc3\xa8glement du personnel civil de "
		  "l'OTAN.", false, NONE, NONE, NONE, NONE, false, false, 0, 1,
		  "rien \xc3\xa0 lire: as if there were no section 6" },
		{ "Definite duration contract of three years; possibility of "
		  "renewal for up to three years.", false, NONE, NONE, NONE, NONE,
		  false, false, 0, 1, "English read as French: nothing" },
	};

	for (size_t i = 0; i < sizeof clauses / sizeof clauses[0]; i++)
		check_clause(&clauses[i], NOTICE_LANG_EN);
	for (size_t i = 0; i < sizeof clauses_fr / sizeof clauses_fr[0]; i++)
		check_clause(&clauses_fr[i], NOTICE_LANG_FR);
}

int
main(void)
{
	test_clauses();
	return tap_done();
}
