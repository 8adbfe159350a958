/* contract add, import, list, show and edit. Every command that changes a
 * contract prints its timeline afterwards (or, with --json, the answer), so
 * the effect of what was done is in front of whoever did it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "tenurectl.h"

/* Bytes of CSV read before giving up; the daemon's own limit is lower. */
#define CMD_CONTRACT_MAX_CSV ((size_t)256 << 20)

static const struct args_option cmd_contract_add_options[] = {
	{ .name = "name", .type = ARGS_STRING, .required = true,
	  .key = "name" },
	{ .name = "email", .type = ARGS_STRING, .required = true,
	  .key = "email" },
	{ .name = "start", .type = ARGS_DATE, .required = true,
	  .key = "start" },
	{ .name = "manager-email", .type = ARGS_STRING,
	  .key = "manager_email" },
	{ .name = "unit", .type = ARGS_STRING, .key = "unit" },
	{ .name = "vacancy", .type = ARGS_STRING, .key = "vacancy" },
	{ .name = "post", .type = ARGS_COUNT, .key = "post" },
	{ .name = "post-title", .type = ARGS_STRING, .key = "post_title" },
	{ .name = "grade", .type = ARGS_STRING, .key = "grade" },
	{ .name = "birth-date", .type = ARGS_DATE, .key = "birth_date" },
	{ .name = "seconded", .type = ARGS_FLAG },
	{ .name = "serving", .type = ARGS_FLAG },
	{ .name = "indefinite", .type = ARGS_FLAG, .key = "indefinite" },
	{ .name = "twin-graded", .type = ARGS_FLAG, .key = "twin_graded" },
	{ .name = "language", .type = ARGS_STRING, .key = "language" },
	{ .name = NULL }
};

/* contract edit: every field of the contract; "" stands for null. */
static const struct args_option cmd_contract_edit_options[] = {
	{ .name = "name", .type = ARGS_STRING, .nullable = true,
	  .key = "name" },
	{ .name = "email", .type = ARGS_STRING, .nullable = true,
	  .key = "email" },
	{ .name = "start", .type = ARGS_DATE, .nullable = true,
	  .key = "start" },
	{ .name = "manager-email", .type = ARGS_STRING, .nullable = true,
	  .key = "manager_email" },
	{ .name = "unit", .type = ARGS_STRING, .nullable = true,
	  .key = "unit" },
	{ .name = "vacancy", .type = ARGS_STRING, .nullable = true,
	  .key = "vacancy" },
	{ .name = "post", .type = ARGS_COUNT, .nullable = true,
	  .key = "post" },
	{ .name = "post-title", .type = ARGS_STRING, .nullable = true,
	  .key = "post_title" },
	{ .name = "grade", .type = ARGS_STRING, .nullable = true,
	  .key = "grade" },
	{ .name = "birth-date", .type = ARGS_DATE, .nullable = true,
	  .key = "birth_date" },
	{ .name = "staff-type", .type = ARGS_STRING, .nullable = true,
	  .key = "staff_type" },
	{ .name = "indefinite", .type = ARGS_BOOL, .nullable = true,
	  .key = "indefinite" },
	{ .name = "twin-graded", .type = ARGS_BOOL, .nullable = true,
	  .key = "twin_graded" },
	{ .name = "language", .type = ARGS_STRING, .key = "language" },
	{ .name = NULL }
};

static const struct args_option cmd_contract_no_options[] = {
	{ .name = NULL }
};

static const char *const cmd_contract_staff_types[] = {
	"external", "seconded", "serving", NULL
};

/* The languages a person reads their reminders in (SPEC section 12). */
static const char *const cmd_contract_languages[] = {
	"en", "fr", NULL
};

static int
cmd_contract_bad_body(struct cmd_ctx *ctx)
{
	return cmd_usage_error(ctx, "%s", _("every value must be UTF-8 text"));
}

/* The daemon's today, for the timeline's marker; NULL if it does not say. */
static char *
cmd_contract_today(struct cmd_ctx *ctx)
{
	struct answer a;
	json_t *status;
	const char *today;
	char *copy = NULL;

	if (client_request(ctx->client, "GET", "/api/v1/status", NULL, NULL, 0,
	    &a) != EXIT_OK)
		return NULL;
	if (a.status >= 200 && a.status <= 299) {
		status = client_parse(&a);
		today = output_string(status, "today");
		if (today != NULL && args_date_valid(today))
			copy = strdup(today);
		json_decref(status);
	}
	client_answer_free(&a);
	return copy;
}

/* A contract from the daemon, as JSON or as its timeline. */
int
cmd_contract_print(struct cmd_ctx *ctx, json_t *contract)
{
	char *today;

	if (ctx->json) {
		output_json(stdout, contract);
		return EXIT_OK;
	}
	today = cmd_contract_today(ctx);
	timeline_print(stdout, contract, today);
	free(today);
	return EXIT_OK;
}

static int
cmd_contract_add_exec(struct cmd_ctx *ctx)
{
	json_t *body, *contract;
	const char *type = "external";
	int status;

	if (args_has(ctx->args, "seconded") && args_has(ctx->args, "serving"))
		return cmd_usage_error(ctx, "%s", _("--seconded and --serving "
		    "exclude each other"));
	if (args_has(ctx->args, "post") && !args_has(ctx->args, "vacancy"))
		return cmd_usage_error(ctx, "%s", _("--post needs --vacancy"));
	if ((status = cmd_check_choice(ctx, "language",
	    cmd_contract_languages)) != EXIT_OK)
		return status;
	if (args_has(ctx->args, "seconded"))
		type = "seconded";
	else if (args_has(ctx->args, "serving"))
		type = "serving";

	body = cmd_body(ctx->args);
	if (body == NULL)
		return cmd_contract_bad_body(ctx);
	json_object_set_new(body, "staff_type", json_string(type));
	status = client_json(ctx->client, "POST", "/api/v1/contracts", body,
	    &contract);
	json_decref(body);
	if (status != EXIT_OK)
		return status;
	status = cmd_contract_print(ctx, contract);
	json_decref(contract);
	return status;
}


static int
cmd_contract_import_exec(struct cmd_ctx *ctx)
{
	const char *file = ctx->args->operands[0];
	struct answer a;
	json_t *answer, *n;
	char *csv;
	size_t len;
	int status;

	csv = cmd_slurp(file, CMD_CONTRACT_MAX_CSV, &len);
	if (csv == NULL)
		return cmd_fail(_("cannot read %s: %s"), file, strerror(errno));
	status = client_request(ctx->client, "POST", "/api/v1/contracts/import",
	    "text/csv; charset=utf-8", csv, len, &a);
	free(csv);
	if (status != EXIT_OK)
		return status;
	if (a.status < 200 || a.status > 299) {
		client_error_print(stderr, strcmp(file, "-") == 0 ? "<stdin>" :
		    file, a.status, a.body, a.len);
		client_answer_free(&a);
		return EXIT_REFUSED;
	}
	answer = client_parse(&a);
	client_answer_free(&a);
	n = json_object_get(answer, "imported");
	if (!json_is_integer(n)) {
		json_decref(answer);
		return cmd_fail("%s", _("the answer of tenured does not say "
		    "how many contracts were imported"));
	}
	if (ctx->json)
		output_json(stdout, answer);
	else
		printf(trn(i18n_current(), "imported %lld contract\n",
		    "imported %lld contracts\n",
		    (unsigned long)json_integer_value(n)),
		    (long long)json_integer_value(n));
	json_decref(answer);
	return EXIT_OK;
}

/* The latest decision still standing, e.g. "renewed until 2031-08-31"
 * (a table's column: the date stays short). */
static char *
cmd_contract_state(json_t *contract)
{
	json_t *decisions, *d, *last = NULL;
	const char *type, *until, *date;
	char *s;
	int rc;
	size_t i;

	decisions = json_object_get(contract, "decisions");
	json_array_foreach(decisions, i, d) {
		if (json_is_object(d) && output_string(d, "type") != NULL &&
		    output_string(d, "revoked_at") == NULL)
			last = d;
	}
	if (last == NULL)
		return NULL;
	type = output_string(last, "type");
	until = output_string(last, "until");
	date = output_string(last, "date");
	if (until != NULL)
		/* TRANSLATORS: a decision type (renewed) until a date. */
		rc = asprintf(&s, _("%s until %s"), type, until);
	else if (date != NULL)
		rc = asprintf(&s, "%s %s", type, date);
	else
		rc = asprintf(&s, "%s", type);
	return rc != -1 ? s : NULL;
}

/* ID NAME EMAIL TYPE START TITLE DECISION, or none. */
static void
cmd_contract_list_print(FILE *f, json_t *contracts, const char *none)
{
	static const char *const headers[] = {
		N_("ID"), N_("NAME"), N_("EMAIL"), N_("TYPE"), N_("START"),
		N_("TITLE"), N_("DECISION")
	};
	char buf[OUTPUT_SCALAR_MAX], *type, *state;
	const char *row[7], *staff;
	struct table *t;
	json_t *c;
	size_t i;

	t = output_table_new(7, headers);
	json_array_foreach(contracts, i, c) {
		if (!json_is_object(c))
			continue;
		staff = output_string(c, "staff_type");
		/* the staff type's words are the dashboard's (po/fr.po) */
		if (asprintf(&type, "%s%s%s", staff != NULL ? _(staff) : "?",
		    json_is_true(json_object_get(c, "indefinite")) ? ", " : "",
		    json_is_true(json_object_get(c, "indefinite")) ?
		    _("indefinite") : "") == -1)
			type = NULL;
		state = cmd_contract_state(c);
		row[0] = output_scalar(c, "id", buf);
		row[1] = output_string(c, "name");
		row[2] = output_string(c, "email");
		row[3] = type;
		row[4] = output_string(c, "start");
		row[5] = output_string(c, "post_title");
		row[6] = state;
		output_table_add(t, row);
		free(type);
		free(state);
	}
	output_table_finish(t, f, none);
}

static int
cmd_contract_list_exec(struct cmd_ctx *ctx)
{
	return cmd_list_print(ctx, "/api/v1/contracts?limit=1000", "contracts",
	    cmd_contract_list_print, _("no contracts"));
}

/* "active", "closed", "active, 2 overdue"; NULL when out of memory. */
static char *
cmd_contract_status(json_t *contract)
{
	const char *status;
	json_int_t overdue;
	char *s;
	int rc;

	if ((status = output_string(contract, "status")) == NULL)
		status = "?";
	status = _(status);		/* active, closed */
	overdue = json_integer_value(json_object_get(contract, "overdue"));
	if (overdue > 0)
		/* TRANSLATORS: a contract's status, N milestones overdue. */
		rc = asprintf(&s, _("%s, %lld overdue"), status,
		    (long long)overdue);
	else
		rc = asprintf(&s, "%s", status);
	return rc != -1 ? s : NULL;
}

/* ID NAME EMAIL UNIT MANAGER STATUS of the contracts found, or none. */
void
cmd_contract_find_print(FILE *f, json_t *contracts, const char *none)
{
	static const char *const headers[] = {
		N_("ID"), N_("NAME"), N_("EMAIL"), N_("UNIT"), N_("MANAGER"),
		N_("STATUS")
	};
	char buf[OUTPUT_SCALAR_MAX], *status;
	const char *row[6];
	struct table *t;
	json_t *c;
	size_t i;

	t = output_table_new(6, headers);
	json_array_foreach(contracts, i, c) {
		if (!json_is_object(c))
			continue;
		status = cmd_contract_status(c);
		row[0] = output_scalar(c, "id", buf);
		row[1] = output_string(c, "name");
		row[2] = output_string(c, "email");
		row[3] = output_string(c, "unit");
		row[4] = output_string(c, "manager_email");
		row[5] = status;
		output_table_add(t, row);
		free(status);
	}
	output_table_finish(t, f, none);
}

/* GET /api/v1/contracts?q=TEXT, every page. */
static int
cmd_contract_find_exec(struct cmd_ctx *ctx)
{
	const char *text = ctx->args->operands[0];
	const char *const params[] = { "q", text, "limit", "1000" };
	char *path, *clean, *none;
	int status;

	if (*text == '\0')
		return cmd_usage_error(ctx, "%s", _("nothing to find: give "
		    "part of a name, email, unit, manager email or vacancy"));
	clean = output_clean(text);
	path = cmd_query(ctx, "/api/v1/contracts", params, 2);
	if (clean == NULL || path == NULL ||
	    asprintf(&none, _("no contract matches '%s'"), clean) == -1) {
		free(clean);
		free(path);
		return cmd_fail("%s", _("out of memory"));
	}
	status = cmd_list_print(ctx, path, "contracts",
	    cmd_contract_find_print, none);
	free(none);
	free(path);
	free(clean);
	return status;
}

static int
cmd_contract_show_exec(struct cmd_ctx *ctx)
{
	json_t *contract;
	long long id;
	int status;

	status = cmd_call_id(ctx, "GET", "/api/v1/contracts/", "", &id,
	    &contract);
	if (status != EXIT_OK)
		return status;
	status = cmd_contract_print(ctx, contract);
	json_decref(contract);
	return status;
}

static int
cmd_contract_edit_exec(struct cmd_ctx *ctx)
{
	json_t *body, *contract;
	long long id;
	char path[64];
	int status;

	if ((status = cmd_operand_id(ctx, 0, &id)) != EXIT_OK)
		return status;
	body = cmd_body(ctx->args);
	if (body == NULL)
		return cmd_contract_bad_body(ctx);
	if (json_object_size(body) == 0) {
		json_decref(body);
		return cmd_usage_error(ctx, "%s", _("nothing to change: give "
		    "at least one --FIELD VALUE"));
	}
	status = cmd_check_choice(ctx, "staff-type", cmd_contract_staff_types);
	if (status == EXIT_OK)
		status = cmd_check_choice(ctx, "language",
		    cmd_contract_languages);
	if (status != EXIT_OK) {
		json_decref(body);
		return status;
	}
	snprintf(path, sizeof path, "/api/v1/contracts/%lld", id);
	status = client_json(ctx->client, "PATCH", path, body, &contract);
	json_decref(body);
	if (status != EXIT_OK)
		return status;
	status = cmd_contract_print(ctx, contract);
	json_decref(contract);
	return status;
}

const struct cmd_entry cmd_contract_add_entry = {
	.name = "contract add",
	.usage = N_("--name NAME --email EMAIL --start DATE "
	    "[--manager-email EMAIL] [--unit UNIT] [--vacancy REF [--post N]] "
	    "[--seconded|--serving] [--indefinite] [--twin-graded] "
	    "[--birth-date DATE] [--post-title TITLE] [--grade GRADE] "
	    "[--language en|fr]"),
	.about = N_("Record a contract; prints its milestones."),
	.options = cmd_contract_add_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_contract_add_exec,
};

const struct cmd_entry cmd_contract_import_entry = {
	.name = "contract import",
	.usage = N_("FILE.csv"),
	.about = N_("Import contracts from CSV (all rows or none; - reads "
	    "stdin)."),
	.options = cmd_contract_no_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_contract_import_exec,
};

const struct cmd_entry cmd_contract_list_entry = {
	.name = "contract list",
	.usage = "",
	.about = N_("List every contract."),
	.options = cmd_contract_no_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_contract_list_exec,
};

const struct cmd_entry cmd_contract_find_entry = {
	.name = "contract find",
	.usage = N_("TEXT"),
	.about = N_("Find contracts by part of a name, email, unit, manager "
	    "email or vacancy (case and accents do not matter)."),
	.options = cmd_contract_no_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_contract_find_exec,
};

const struct cmd_entry cmd_contract_show_entry = {
	.name = "contract show",
	.usage = N_("ID"),
	.about = N_("Show a contract: its milestones and decisions."),
	.options = cmd_contract_no_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_contract_show_exec,
};

const struct cmd_entry cmd_contract_edit_entry = {
	.name = "contract edit",
	.usage = N_("ID --FIELD VALUE... (FIELD: name, email, start, "
	    "manager-email, unit, vacancy, post, post-title, grade, "
	    "birth-date, staff-type, indefinite, twin-graded, language; "
	    "\"\" clears)"),
	.about = N_("Correct a contract's fields; milestones are recomputed."),
	.options = cmd_contract_edit_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_contract_edit_exec,
};
