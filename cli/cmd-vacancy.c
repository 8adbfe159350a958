/* vacancy import, list and show: published notices as tenured reads
 * them, with every warning, and their versions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tenurectl.h"

/* A notice is text of a few tens of kilobytes; the daemon caps bodies. */
#define CMD_VACANCY_MAX_NOTICE ((size_t)16 << 20)

static const struct args_option cmd_vacancy_import_options[] = {
	{ .name = "dry-run", .type = ARGS_FLAG },
	{ .name = NULL }
};

static const struct args_option cmd_vacancy_no_options[] = {
	{ .name = NULL }
};

/* "  LABEL  VALUE", the values in one column; label is an N_() text,
 * padded in terminal cells as French labels hold accents. */
static void
cmd_vacancy_field(const char *label, const char *value)
{
	char *clean = output_clean(value != NULL ? value : "-");
	size_t w;

	label = _(label);
	printf("  %s", label);
	for (w = output_width(label); w < 22; w++)
		putchar(' ');
	printf(" %s\n", clean != NULL ? clean : "?");
	free(clean);
}

static void
cmd_vacancy_print(json_t *v)
{
	static const char *const post_headers[] = {
		N_("POST"), N_("TITLE"), N_("GRADE"), N_("NUMBER"), N_("BUDGET")
	};
	char buf[OUTPUT_SCALAR_MAX], *line;
	json_t *posts, *p, *salary, *grade, *clause, *warnings, *w, *versions;
	struct table *t;
	const char *row[5];
	size_t i;

	output_line(stdout, _("Vacancy %s: %s"), output_string(v, "reference") ?
	    output_string(v, "reference") : "?", output_string(v, "title") ?
	    output_string(v, "title") : "?");
	cmd_vacancy_field(N_("application deadline"),
	    output_string(v, "application_deadline"));
	cmd_vacancy_field(N_("French deadline"),
	    output_string(v, "deadline_fr"));
	cmd_vacancy_field(N_("location"), output_string(v, "location"));
	cmd_vacancy_field(N_("NATO body"), output_string(v, "nato_body"));
	cmd_vacancy_field(N_("schedule"), output_string(v, "schedule"));
	salary = json_object_get(v, "salary");
	if (json_is_object(salary) && asprintf(&line, "%s %s %s",
	    output_string(salary, "amount") ? output_string(salary, "amount") :
	    "?", output_string(salary, "currency") ?
	    output_string(salary, "currency") : "", output_string(salary,
	    "basis") ? output_string(salary, "basis") : "") != -1) {
		cmd_vacancy_field(N_("salary"), line);
		free(line);
	} else {
		cmd_vacancy_field(N_("salary"), NULL);
	}
	grade = json_object_get(v, "grade");
	if (asprintf(&line, "%s-%s%s%s%s", output_string(grade, "min") ?
	    output_string(grade, "min") : "?", output_string(grade, "max") ?
	    output_string(grade, "max") : "?",
	    json_is_true(json_object_get(grade, "twin_graded")) ? " (" : "",
	    json_is_true(json_object_get(grade, "twin_graded")) ?
	    _("twin-graded") : "",
	    json_is_true(json_object_get(grade, "twin_graded")) ? ")" : "") !=
	    -1) {
		cmd_vacancy_field(N_("grade"), line);
		free(line);
	}
	cmd_vacancy_field(N_("clearance"), output_string(v, "clearance"));
	cmd_vacancy_field(N_("pending budget"), json_is_true(json_object_get(v,
	    "pending_budget_approval")) ? _("yes") : _("no"));
	clause = json_object_get(v, "contract");
	if (json_is_object(clause)) {
		const char *keys[] = { "initial_term_months",
		    "renewal_term_months", "max_service_months",
		    "conversion_deadline_months" };
		const char *labels[] = { N_("initial term (months)"),
		    N_("renewal (months)"), N_("max service (months)"),
		    N_("conversion by (months)") };

		for (i = 0; i < 4; i++) {
			const char *s = output_scalar(clause, keys[i], buf);

			cmd_vacancy_field(labels[i], s != NULL ? s : _("none"));
		}
		cmd_vacancy_field(N_("conversion allowed"), json_is_true(
		    json_object_get(clause, "conversion_allowed")) ? _("yes") :
		    _("no"));
		cmd_vacancy_field(N_("seconded: national ok"), json_is_true(
		    json_object_get(clause, "seconded_national_agreement")) ?
		    _("needed") : _("not needed"));
	} else {
		cmd_vacancy_field(N_("contract clause"),
		    _("none in the notice"));
	}
	posts = json_object_get(v, "posts");
	t = output_table_new(5, post_headers);
	json_array_foreach(posts, i, p) {
		char num[32];

		snprintf(num, sizeof num, "%zu", i + 1);
		row[0] = num;
		row[1] = output_string(p, "title");
		row[2] = output_string(p, "grade");
		row[3] = output_string(p, "post_number");
		row[4] = json_is_true(json_object_get(p,
		    "pending_budget_approval")) ? _("pending") : "-";
		output_table_add(t, row);
	}
	printf("\n%s\n", _("Posts"));
	output_table_print(t, stdout, "  ");
	output_table_free(t);
	warnings = json_object_get(v, "warnings");
	if (json_array_size(warnings) > 0) {
		printf("\n%s\n", _("Warnings"));
		json_array_foreach(warnings, i, w) {
			char *f = output_clean(output_string(w, "field") ?
			    output_string(w, "field") : "-");
			char *m = output_clean(output_string(w, "message") ?
			    output_string(w, "message") : "");

			printf("  %s: %s\n", f != NULL ? f : "?",
			    m != NULL ? m : "?");
			free(f);
			free(m);
		}
	}
	versions = json_object_get(v, "versions");
	if (json_array_size(versions) > 0) {
		printf("\n%s\n", _("Versions"));
		json_array_foreach(versions, i, w)
			printf(_("  #%s  imported %s\n"),
			    output_scalar(w, "version", buf) ?
			    output_scalar(w, "version", buf) : "?",
			    output_string(w, "imported_at") ?
			    output_string(w, "imported_at") : "?");
	}
}

/* "FILE: vacancy REF version N, deadline 5 January 2026, 2 posts, 1
 * warning". */
static void
cmd_vacancy_imported(const char *file, json_t *v)
{
	char buf[OUTPUT_SCALAR_MAX], date[OUTPUT_DATE_MAX], *posts, *warnings;
	const char *deadline;
	size_t nposts, nwarnings;

	deadline = output_date_long(output_string(v, "application_deadline"),
	    date);
	nposts = json_array_size(json_object_get(v, "posts"));
	nwarnings = json_array_size(json_object_get(v, "warnings"));
	if (asprintf(&posts, trn(i18n_current(), "%zu post", "%zu posts",
	    nposts), nposts) == -1)
		posts = NULL;
	if (asprintf(&warnings, trn(i18n_current(), "%zu warning",
	    "%zu warnings", nwarnings), nwarnings) == -1)
		warnings = NULL;
	/* TRANSLATORS: FILE: vacancy REF version N, deadline DATE, N posts,
	 * N warnings */
	printf(_("%s: vacancy %s version %s, deadline %s, %s, %s\n"), file,
	    output_string(v, "reference") ? output_string(v, "reference") :
	    "?", output_scalar(v, "version", buf) ? output_scalar(v, "version",
	    buf) : "?", deadline != NULL ? deadline : "?",
	    posts != NULL ? posts : "?", warnings != NULL ? warnings : "?");
	free(posts);
	free(warnings);
}

/* One file: its answer printed, or its errors as FILE: CODE: ... */
static int
cmd_vacancy_import_one(struct cmd_ctx *ctx, const char *file, bool dry_run,
    json_t *all)
{
	struct answer a;
	json_t *v, *warnings, *w;
	char *text;
	size_t len, i;
	int status;

	if ((text = cmd_slurp(file, CMD_VACANCY_MAX_NOTICE, &len)) == NULL)
		return cmd_fail(_("cannot read %s: %s"), file, strerror(errno));
	status = client_request(ctx->client, "POST", dry_run ?
	    "/api/v1/vacancies?dry_run=1" : "/api/v1/vacancies",
	    "text/plain; charset=utf-8", text, len, &a);
	free(text);
	if (status != EXIT_OK)
		return status;
	if (a.status < 200 || a.status > 299) {
		client_error_print(stderr, file, a.status, a.body, a.len);
		client_answer_free(&a);
		return EXIT_REFUSED;
	}
	v = client_parse(&a);
	client_answer_free(&a);
	if (!json_is_object(v)) {
		json_decref(v);
		return cmd_fail(_("%s: the answer of tenured is not a vacancy"),
		    file);
	}
	if (ctx->json) {
		json_array_append(all, v);
	} else if (dry_run) {
		printf(_("%s (dry run, nothing stored):\n"), file);
		cmd_vacancy_print(v);
		printf("\n");
	} else {
		cmd_vacancy_imported(file, v);
		warnings = json_object_get(v, "warnings");
		json_array_foreach(warnings, i, w) {
			char *m = output_clean(output_string(w, "message") ?
			    output_string(w, "message") : "");

			fprintf(stderr, _("%s: warning: %s: %s\n"), file,
			    output_string(w, "field") ? output_string(w,
			    "field") : "-", m != NULL ? m : "?");
			free(m);
		}
	}
	json_decref(v);
	return EXIT_OK;
}

static int
cmd_vacancy_import_exec(struct cmd_ctx *ctx)
{
	bool dry_run = args_has(ctx->args, "dry-run");
	json_t *all = json_array();
	int status = EXIT_OK, rc;

	for (int i = 0; i < ctx->args->noperands; i++) {
		rc = cmd_vacancy_import_one(ctx, ctx->args->operands[i], dry_run,
		    all);
		if (rc == EXIT_UNREACHABLE) {
			json_decref(all);
			return rc;
		}
		if (rc != EXIT_OK)
			status = rc;
	}
	if (ctx->json)
		output_json(stdout, all);
	json_decref(all);
	return status;
}

static int
cmd_vacancy_list_exec(struct cmd_ctx *ctx)
{
	static const char *const headers[] = {
		N_("REFERENCE"), N_("DEADLINE"), N_("POSTS"), N_("GRADE"),
		N_("VERSION"), N_("TITLE")
	};
	char buf[OUTPUT_SCALAR_MAX], posts[32], *grade;
	json_t *answer, *list, *v, *g;
	const char *row[6];
	struct table *t;
	size_t i;
	int status;

	status = client_json(ctx->client, "GET", "/api/v1/vacancies", NULL,
	    &answer);
	if (status != EXIT_OK)
		return status;
	if (ctx->json) {
		output_json(stdout, answer);
		json_decref(answer);
		return EXIT_OK;
	}
	list = json_object_get(answer, "vacancies");
	t = output_table_new(6, headers);
	json_array_foreach(list, i, v) {
		g = json_object_get(v, "grade");
		if (asprintf(&grade, "%s-%s", output_string(g, "min") ?
		    output_string(g, "min") : "?", output_string(g, "max") ?
		    output_string(g, "max") : "?") == -1)
			grade = NULL;
		snprintf(posts, sizeof posts, "%zu",
		    json_array_size(json_object_get(v, "posts")));
		row[0] = output_string(v, "reference");
		row[1] = output_string(v, "application_deadline");
		row[2] = posts;
		row[3] = grade;
		row[4] = output_scalar(v, "version", buf);
		row[5] = output_string(v, "title");
		output_table_add(t, row);
		free(grade);
	}
	output_table_finish(t, stdout, _("no vacancies"));
	json_decref(answer);
	return EXIT_OK;
}

static int
cmd_vacancy_show_exec(struct cmd_ctx *ctx)
{
	char *ref, *path = NULL;
	json_t *v;
	int status;

	if ((ref = client_escape(ctx->client, ctx->args->operands[0])) == NULL ||
	    asprintf(&path, "/api/v1/vacancies/%s", ref) == -1) {
		free(ref);
		return cmd_fail("%s", _("out of memory"));
	}
	free(ref);
	status = client_json(ctx->client, "GET", path, NULL, &v);
	free(path);
	if (status != EXIT_OK)
		return status;
	if (ctx->json)
		output_json(stdout, v);
	else
		cmd_vacancy_print(v);
	json_decref(v);
	return EXIT_OK;
}

const struct cmd_entry cmd_vacancy_import_entry = {
	.name = "vacancy import",
	.usage = N_("[--dry-run] FILE..."),
	.about = N_("Import vacancy notices (text); --dry-run shows what was "
	    "read."),
	.options = cmd_vacancy_import_options,
	.min_operands = 1,
	.max_operands = 1000,
	.exec = cmd_vacancy_import_exec,
};

const struct cmd_entry cmd_vacancy_list_entry = {
	.name = "vacancy list",
	.usage = "",
	.about = N_("List the imported vacancies by deadline."),
	.options = cmd_vacancy_no_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_vacancy_list_exec,
};

const struct cmd_entry cmd_vacancy_show_entry = {
	.name = "vacancy show",
	.usage = N_("REF"),
	.about = N_("Show one vacancy: every field, posts, clause, versions."),
	.options = cmd_vacancy_no_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_vacancy_show_exec,
};
