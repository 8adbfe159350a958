/* The words section 6 is read by, in each language of the notices. Each
 * list is matched in the clause's text folded to lower-case ASCII (accents
 * off, a typographic apostrophe made "'"), so "déterminée" is written
 * "determinee" here. The French lists follow the French halves of the real
 * notices ("contrat d'une durée déterminée de trois ans", "au plus tard un
 * an avant l'expiration", "sous réserve de l'accord des autorités
 * nationales") and the usual ways of saying the opposite. */
#include "notice.h"

#define LIST(...) (const char *const[]){ __VA_ARGS__, NULL }

static const struct notice_contract_number notice_contract_words_en_numbers[] = {
	{ "one", 1 }, { "two", 2 }, { "three", 3 }, { "four", 4 },
	{ "five", 5 }, { "six", 6 }, { "seven", 7 }, { "eight", 8 },
	{ "nine", 9 }, { "ten", 10 }, { "eleven", 11 }, { "twelve", 12 },
	{ "thirteen", 13 }, { "fourteen", 14 }, { "fifteen", 15 },
	{ "sixteen", 16 }, { "seventeen", 17 }, { "eighteen", 18 },
	{ "nineteen", 19 }, { "twenty", 20 }, { "thirty", 30 },
	{ "forty", 40 }, { "fifty", 50 }, { "sixty", 60 }, { "seventy", 70 },
	{ "eighty", 80 }, { "ninety", 90 }, { "an", 1 }, { "a", 1 },
	{ NULL, 0 },
};

static const struct notice_contract_number notice_contract_words_fr_numbers[] = {
	{ "un", 1 }, { "une", 1 }, { "deux", 2 }, { "trois", 3 },
	{ "quatre", 4 }, { "cinq", 5 }, { "six", 6 }, { "sept", 7 },
	{ "huit", 8 }, { "neuf", 9 }, { "dix", 10 }, { "onze", 11 },
	{ "douze", 12 }, { "treize", 13 }, { "quatorze", 14 },
	{ "quinze", 15 }, { "seize", 16 }, { "vingt", 20 }, { "trente", 30 },
	{ "quarante", 40 }, { "cinquante", 50 }, { "soixante", 60 },
	{ NULL, 0 },
};

const struct notice_contract_words notice_contract_words_en = {
	.numbers = notice_contract_words_en_numbers,
	/* "twenty-four", not "twenty a" */
	.tens_min = 20, .unit_below = 10, .unit_len_min = 3,
	.units = (const struct notice_contract_number[]){ { "years", 12 },
	    { "year", 12 }, { "yrs", 12 }, { "yr", 12 }, { "months", 1 },
	    { "month", 1 }, { NULL, 0 } },
	.seconded = "seconded",
	.not_seconded = LIST("non-", "non "),
	.national = "national",
	.consent = LIST("agreement", "consent", "approval"),
	.yes = LIST("conversion to an indefinite",
	    "conversion into an indefinite", "converted to an indefinite",
	    "converted into an indefinite", "apply for conversion",
	    "request conversion", "request a conversion",
	    "request the conversion", "followed by an indefinite"),
	.no = LIST("not be converted", "no possibility of conversion",
	    "not eligible for conversion", "cannot apply for conversion",
	    "not apply for conversion", "not be followed by an indefinite",
	    "no conversion"),
	.fixed = LIST("non-renewable", "not renewable", "cannot be renewed",
	    "not be renewed", "no possibility of renewal"),
	.followed = LIST("followed by an indefinite"),
	.not_followed = LIST("not be followed"),
	.no_turnover = LIST("turnover is not desirable",
	    "turnover is undesirable"),
	.conversion = LIST("conver"),
	.deadline_next = LIST("before", "prior to"),
	.initial_next = LIST("definite", "fixed", "contract", "initial",
	    "employment"),
	.initial_before = LIST("contract of ", "contract for ",
	    "duration of ", "term of ", "period of "),
	.not_initial_before = LIST("further", "additional"),
	.renew = LIST("renew"),
	.maximum = LIST("maximum"),
	.service = "service",
};

const struct notice_contract_words notice_contract_words_fr = {
	.numbers = notice_contract_words_fr_numbers,
	/* "dix-huit", "vingt-quatre", "vingt et un", "soixante-douze" */
	.tens_min = 10, .unit_below = 10, .unit_len_min = 2, .and = "et",
	.teens_after = 60,
	.units = (const struct notice_contract_number[]){ { "ans", 12 },
	    { "an", 12 }, { "annees", 12 }, { "annee", 12 }, { "mois", 1 },
	    { NULL, 0 } },
	/* "détaché(e)", "détachement", but "(hors détachement)" */
	.seconded = "detache",
	.not_seconded = LIST("hors ", "non ", "non-", "sans "),
	.national = "national",
	.consent = LIST("accord", "agrement", "consentement", "approbation"),
	.yes = LIST("en contrat de duree indeterminee",
	    "en un contrat de duree indeterminee",
	    "en contrat a duree indeterminee",
	    "en un contrat a duree indeterminee",
	    "demander la transformation", "demander la conversion",
	    "suivi d'un contrat de duree indeterminee",
	    "suivi d'un contrat a duree indeterminee"),
	.no = LIST("ne pourra pas etre transforme", "ne peut pas etre transforme",
	    "ne peut etre transforme", "ne sera pas transforme",
	    "ne pourra pas etre converti", "ne peut pas etre converti",
	    "aucune possibilite de transformation",
	    "pas de possibilite de transformation",
	    "ne pourra pas demander", "ne peut pas demander",
	    "ne pourra pas etre suivi", "ne sera pas suivi",
	    "ne peut pas etre suivi", "ne peut etre suivi"),
	.fixed = LIST("non renouvelable", "non-renouvelable",
	    "ne pourra pas etre renouvele", "ne peut pas etre renouvele",
	    "ne peut etre renouvele", "ne sera pas renouvele",
	    "ne pourra pas etre reconduit", "ne peut pas etre reconduit",
	    "ne peut etre reconduit", "ne sera pas reconduit",
	    "aucune possibilite de renouvellement",
	    "pas de possibilite de renouvellement"),
	.followed = LIST("suivi d'un contrat de duree indeterminee",
	    "suivi d'un contrat a duree indeterminee"),
	.not_followed = LIST("pas etre suivi", "pas suivi", "ne peut etre suivi"),
	.no_turnover = LIST("pas souhaitable d'assurer une rotation",
	    "rotation n'est pas souhaitable", "rotation est indesirable"),
	.conversion = LIST("transform", "conver"),
	.deadline_next = LIST("avant"),
	.initial_next = LIST("a duree determinee", "de duree determinee"),
	.initial_before = LIST("determinee de ", "determinee d'",
	    "contrat de ", "contrat d'", "duree de ", "duree d'", "periode de ",
	    "periode d'", "terme de "),
	.not_initial_before = LIST("supplementaire", "nouvelle"),
	.renew = LIST("renouvel", "reconduit", "reconduction", "prolong"),
	.maximum = LIST("maxim", "n'excede pas", "ne depasse pas"),
	.service = "service",
};
