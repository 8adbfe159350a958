/* Unit tests of tenurectl in French (SPEC section 12): the language read
 * from the environment as gettext reads it, help, value errors, status,
 * upcoming, the timeline and confirmations in French, English as before.
 * What reaches the daemon is test-cli-send.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tenurectl.h"
#include "../tests/unit/tap.h"

/* A printing function's output as a string; free() it. */
static char *
capture(void (*print)(FILE *, json_t *, const char *), json_t *json,
    const char *arg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&text, &len)) == NULL)
		return NULL;
	print(f, json, arg);
	fclose(f);
	return text;
}

static void
print_summary(FILE *f, json_t *json, const char *arg)
{
	cmd_decision_summary(f, json);
}

static void
print_timeline(FILE *f, json_t *json, const char *today)
{
	timeline_print(f, json, today);
}

static void
print_help(FILE *f, json_t *json, const char *arg)
{
	cmd_help(f, (const struct cmd_entry *)arg);
}

static void
print_error(FILE *f, json_t *json, const char *file)
{
	char *body = json_dumps(json, JSON_COMPACT);

	client_error_print(f, file, 400, body, body != NULL ? strlen(body) : 0);
	free(body);
}

/* The language tenurectl takes from LANGUAGE, LC_ALL, LC_MESSAGES, LANG. */
static enum lang
env_lang(const char *language, const char *lc_all, const char *lc_messages,
    const char *lang)
{
	const char *names[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *values[] = { language, lc_all, lc_messages, lang };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (values[i] != NULL)
			setenv(names[i], values[i], 1);
		else
			unsetenv(names[i]);
	}
	return lang_from_environment(LANG_DEFAULT);
}

static void
test_environment(void)
{
	CHECK_INT(env_lang(NULL, NULL, NULL, "fr_FR.UTF-8"), LANG_FR,
	    "LANG=fr_FR.UTF-8 is French");
	CHECK_INT(env_lang("fr", NULL, NULL, "en_US.UTF-8"), LANG_FR,
	    "LANGUAGE=fr under LANG=en_US.UTF-8 is French");
	CHECK_INT(env_lang("fr", NULL, NULL, "C.UTF-8"), LANG_EN,
	    "LANGUAGE=fr under LANG=C.UTF-8 stays English, as with gettext");
	CHECK_INT(env_lang(NULL, NULL, "fr_BE.UTF-8", "en_GB.UTF-8"), LANG_FR,
	    "LC_MESSAGES before LANG");
	CHECK_INT(env_lang(NULL, "en_US.UTF-8", "fr_FR.UTF-8", NULL), LANG_EN,
	    "LC_ALL before LC_MESSAGES");
	CHECK_INT(env_lang(NULL, NULL, NULL, "de_DE.UTF-8"), LANG_EN,
	    "a language of neither is English");
	env_lang(NULL, NULL, NULL, NULL);
}

/* Every command says what it does in French; usages name French words. */
static void
test_help(void)
{
	const struct cmd_entry *const *e;
	char *text;
	bool all = true;

	for (e = cmd_table; *e != NULL; e++) {
		if (strcmp(tr(LANG_FR, (*e)->about), (*e)->about) == 0) {
			printf("#   no French for %s: %s\n", (*e)->name,
			    (*e)->about);
			all = false;
		}
	}
	CHECK(all, "every command's description has its French");
	i18n_set_current(LANG_FR);
	text = capture(print_help, NULL, (const char *)&cmd_upcoming_entry);
	CHECK(text != NULL && strncmp(text, "utilisation : tenurectl upcoming "
	    "[--within 90d] [--kind TYPE] [--scope PÉRIMÈTRE] [--all]\n"
	    "Les jalons d'aujourd'hui à aujourd'hui + within", 109) == 0,
	    "upcoming --help: usage and description in French");
	CHECK(text != NULL && strstr(text, "\nTYPE : contract_start, ") !=
	    NULL && strstr(text, "age_limit ou application_deadline.\n"
	    "PÉRIMÈTRE : all, manager:COURRIEL, person:COURRIEL, unit:NOM ou "
	    "vacancy:RÉF.\nLes jalons annulés sont omis, sauf avec --all.\n") !=
	    NULL, "upcoming --help: kinds stay, the words around them do not");
	if (text != NULL && strncmp(text, "utilisation", 11) != 0)
		printf("#   %s\n", text);
	free(text);
	text = capture(print_help, NULL, (const char *)&cmd_outbox_entry);
	CHECK(text != NULL && strstr(text, "\nCommandes :\n  outbox retry ID\n"
	    "      Renvoyer maintenant un rappel") != NULL,
	    "outbox --help lists its group in French");
	free(text);
	i18n_set_current(LANG_EN);
}

static void
test_value_errors(void)
{
	static const struct args_option options[] = {
		{ .name = "until", .type = ARGS_DATE, .required = true },
		{ .name = "post", .type = ARGS_COUNT },
		{ .name = NULL }
	};
	char *argv[] = { "--until", "2026-02-30", "--post", "0" };
	struct args args;
	char *error;

	i18n_set_current(LANG_FR);
	CHECK(args_parse(&args, 2, argv, options, NULL, false, &error) != 0,
	    "a day that does not exist is refused");
	CHECK_STR(error, "--until : « 2026-02-30 » n'est pas une date "
	    "(AAAA-MM-JJ)", "in French");
	free(error);
	args_free(&args);
	CHECK(args_parse(&args, 2, argv + 2, options, NULL, false, &error) !=
	    0, "a count of 0 is refused");
	CHECK_STR(error, "--post : « 0 » n'est pas un entier positif",
	    "in French");
	free(error);
	args_free(&args);
	CHECK(args_parse(&args, 1, argv + 2, options, NULL, false, &error) !=
	    0, "a value missing");
	CHECK_STR(error, "--post attend un entier positif", "in French");
	free(error);
	args_free(&args);
	i18n_set_current(LANG_EN);
	CHECK(args_parse(&args, 2, argv, options, NULL, false, &error) != 0,
	    "the same in English");
	CHECK_STR(error, "--until: '2026-02-30' is not a date (YYYY-MM-DD)",
	    "English as before");
	free(error);
	args_free(&args);
}

static json_t *
load(const char *text)
{
	json_t *json = json_loads(text, 0, NULL);

	if (json == NULL)
		printf("# a test fixture does not parse: %s\n", text);
	return json;
}

static void
test_status(void)
{
	json_t *status;
	char *text;

	status = load("{\"version\": \"0.9\", \"schema_version\": 9, "
	    "\"now\": \"2026-11-23T10:00:00+01:00\", \"today\": \"2026-11-23\","
	    " \"started_at\": \"2026-11-23T09:00:00+01:00\", \"contracts\": 8,"
	    " \"milestones\": 60, \"overdue\": 3, \"outbox\": "
	    "{\"pending\": 13}, \"waiting\": [{\"channel\": \"email\", "
	    "\"count\": 12, \"reason\": \"email n'est pas configuré : pas "
	    "d'url [smtp]\"}, {\"channel\": \"webhook:chat\", \"count\": 1}],"
	    " \"next_reminder\": {\"id\": 41, \"due_at\": "
	    "\"2026-11-24T08:00:00+01:00\", \"channel\": \"email\","
	    " \"recipient\": \"hr@example.org\", \"kind\": "
	    "\"renewal_decision_due\", \"contract_id\": 3, \"person\": "
	    "\"Chiara Rossi\"}}");
	i18n_set_current(LANG_FR);
	text = capture(cmd_system_status_print, status, "socket /x");
	CHECK_STR(text,
	    "12 rappels attendent email, qui n'est pas configuré : pas d'url "
	    "[smtp]\n"
	    "1 rappel attend webhook:chat, qui n'est pas configuré\n"
	    "prochain rappel : n° 41 le 2026-11-24T08:00:00+01:00, email à "
	    "hr@example.org (renewal_decision_due, contrat 3 Chiara Rossi)\n"
	    "démon              socket /x\n"
	    "version            0.9\n"
	    "version du schéma  9\n"
	    "maintenant         2026-11-23T10:00:00+01:00\n"
	    "aujourd'hui        2026-11-23\n"
	    "démarré le         2026-11-23T09:00:00+01:00\n"
	    "contrats           8\n"
	    "jalons             60\n"
	    "en retard          3\n"
	    "file d'envoi  pending 13\n",
	    "status in French: one reminder, many, labels in one column");
	free(text);
	json_decref(status);
	i18n_set_current(LANG_EN);
}

static void
test_upcoming(void)
{
	json_t *list;
	char *text;

	list = json_loads("[{\"date\": \"2026-12-01\", \"kind\": "
	    "\"renewal_decision_due\", \"status\": \"scheduled\", \"overdue\": "
	    "true, \"person\": {\"name\": \"Hélène Dubois\"}, \"contract_id\": "
	    "3, \"title\": \"Analyste\"}, {\"date\": \"2027-02-01\", \"kind\": "
	    "\"application_deadline\", \"status\": \"projected\", \"person\": "
	    "null, \"contract_id\": null, \"vacancy\": \"241370\", \"title\": "
	    "null}]", 0, NULL);
	i18n_set_current(LANG_FR);
	text = capture(cmd_upcoming_print, list, "rien");
	CHECK_STR(text,
	    "DATE        TYPE                  STATUT                PERSONNE"
	    "       CONTRAT                 INTITULÉ\n"
	    "2026-12-01  renewal_decision_due  scheduled, EN RETARD  Hélène "
	    "Dubois  3                       Analyste\n"
	    "2027-02-01  application_deadline  projected             -        "
	    "      avis de vacance 241370  -\n",
	    "upcoming in French: headings and words, kinds and ISO dates kept");
	free(text);
	text = capture(cmd_upcoming_print, NULL, "rien dans un délai de 90d");
	CHECK_STR(text, "rien dans un délai de 90d\n", "nothing upcoming");
	free(text);
	json_decref(list);
	i18n_set_current(LANG_EN);
}

static void
test_timeline(void)
{
	json_t *c;
	char *text;

	c = load("{\"id\": 1, \"name\": \"Jeanne Dupont\", \"email\": "
	    "\"jd@example.org\", \"manager_email\": \"boss@example.org\", "
	    "\"unit\": null, \"start\": \"2025-09-01\", \"staff_type\": "
	    "\"external\", \"indefinite\": true, \"twin_graded\": true, "
	    "\"language\": \"fr\", \"milestones\": [{\"kind\": "
	    "\"contract_start\", \"date\": \"2025-09-01\", \"status\": "
	    "\"done\", \"overdue\": false}, {\"kind\": \"probation_end\", "
	    "\"date\": \"2026-02-28\", \"status\": \"scheduled\", \"overdue\": "
	    "true}], \"decisions\": [{\"id\": 1, \"type\": \"renewed\", "
	    "\"until\": \"2031-08-31\", \"recorded_at\": "
	    "\"2026-11-23T10:00:00Z\", \"recorded_by\": \"hr\", "
	    "\"revoked_at\": \"2026-11-24T10:00:00Z\"}]}");
	i18n_set_current(LANG_FR);
	text = capture(print_timeline, c, "2026-11-23");
	CHECK_STR(text,
	    "Contrat 1 : Jeanne Dupont <jd@example.org>\n"
	    "  supérieur hiérarchique  boss@example.org\n"
	    "  unité                   -\n"
	    "  poste                   -\n"
	    "  type de personnel       externe, durée indéterminée, double "
	    "grade\n"
	    "  début                   2025-09-01\n"
	    "  langue                  fr\n"
	    "\n"
	    "Jalons\n"
	    "  2025-09-01  contract_start     done\n"
	    "  2026-02-28  probation_end      scheduled  EN RETARD\n"
	    "  2026-11-23  -- aujourd'hui --\n"
	    "\n"
	    "Décisions\n"
	    "  #1  renewed  jusqu'au 2031-08-31  enregistrée le "
	    "2026-11-23T10:00:00Z par hr  RÉVOQUÉE 2026-11-24T10:00:00Z\n",
	    "the timeline in French");
	free(text);
	json_decref(c);
	c = load("{\"milestones\": [], \"decisions\": []}");
	text = capture(print_timeline, c, NULL);
	CHECK(text != NULL && strstr(text, "\nJalons\n  néant\n\nDécisions\n"
	    "  néant\n") != NULL, "no milestones, no decisions: néant");
	free(text);
	json_decref(c);
	i18n_set_current(LANG_EN);
}

/* Confirmations and the daemon's errors as tenurectl prints them. */
static void
test_confirmations(void)
{
	json_t *d;
	char *text;

	i18n_set_current(LANG_FR);
	d = load("{\"id\": 3, \"type\": \"renewed\", \"until\": "
	    "\"2031-08-31\"}");
	text = capture(print_summary, d, NULL);
	CHECK_STR(text, "décision n° 3 enregistrée : renewed jusqu'au 31 août "
	    "2031\n\n", "a renewal, its date written out in French");
	free(text);
	json_decref(d);
	d = load("{\"id\": 4, \"type\": \"not_renewed\", \"date\": "
	    "\"2027-02-01\"}");
	text = capture(print_summary, d, NULL);
	CHECK_STR(text, "décision n° 4 enregistrée : not_renewed le 1er "
	    "février 2027\n\n", "the first of the month is 1er");
	free(text);
	json_decref(d);
	d = load("{\"errors\": [{\"line\": 3, \"field\": \"start\", "
	    "\"message\": \"pas une date\"}]}");
	text = capture(print_error, d, NULL);
	CHECK_STR(text, "tenurectl: ligne 3 : start: pas une date\n",
	    "a batch line of the daemon's in French");
	free(text);
	json_decref(d);
	i18n_set_current(LANG_EN);
}

int
main(void)
{
	test_environment();
	test_help();
	test_value_errors();
	test_status();
	test_upcoming();
	test_timeline();
	test_confirmations();
	return tap_done();
}
