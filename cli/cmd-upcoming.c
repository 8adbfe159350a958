/* upcoming: the milestones of the next days, weeks or months, all pages of
 * them, as a table by date; cancelled ones only with --all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tenurectl.h"

#define CMD_UPCOMING_WITHIN "90d"
/* Every status but cancelled (SPEC section 3). */
#define CMD_UPCOMING_STATUS "scheduled,projected,done"

static const struct args_option cmd_upcoming_options[] = {
	{ .name = "within", .type = ARGS_STRING },
	{ .name = "kind", .type = ARGS_STRING },
	{ .name = "scope", .type = ARGS_STRING },
	{ .name = "all", .type = ARGS_FLAG },
	{ .name = NULL }
};

/* "/api/v1/milestones?within=90d&limit=1000[&kind=K][&scope=S]
 * [&status=scheduled,projected,done]" */
static char *
cmd_upcoming_path(struct cmd_ctx *ctx, const char *within)
{
	const char *const params[] = {
		"within", within,
		"limit", "1000",
		"kind", args_get(ctx->args, "kind"),
		"scope", args_get(ctx->args, "scope"),
		"status", args_has(ctx->args, "all") ? NULL :
		    CMD_UPCOMING_STATUS,
	};

	return cmd_query(ctx, "/api/v1/milestones", params, 5);
}

static void
cmd_upcoming_row(struct table *t, json_t *m)
{
	char buf[OUTPUT_SCALAR_MAX], *status, *contract = NULL;
	const char *row[6], *s, *vacancy;
	json_t *person;

	s = output_string(m, "status");
	if (asprintf(&status, "%s%s%s", s != NULL ? s : "?",
	    json_is_true(json_object_get(m, "overdue")) ? ", " : "",
	    json_is_true(json_object_get(m, "overdue")) ? _("OVERDUE") : "") ==
	    -1)
		status = NULL;
	person = json_object_get(m, "person");
	s = output_scalar(m, "contract_id", buf);
	vacancy = output_string(m, "vacancy");
	if (s == NULL && vacancy != NULL &&
	    asprintf(&contract, _("vacancy %s"), vacancy) == -1)
		contract = NULL;
	row[0] = output_string(m, "date");
	row[1] = output_string(m, "kind");
	row[2] = status;
	row[3] = output_string(person, "name");
	row[4] = s != NULL ? s : contract;
	row[5] = output_string(m, "title");
	output_table_add(t, row);
	free(status);
	free(contract);
}

/* DATE KIND STATUS PERSON CONTRACT TITLE, or none. */
void
cmd_upcoming_print(FILE *f, json_t *milestones, const char *none)
{
	static const char *const headers[] = {
		N_("DATE"), N_("KIND"), N_("STATUS"), N_("PERSON"),
		N_("CONTRACT"), N_("TITLE")
	};
	struct table *t;
	json_t *m;
	size_t i;

	t = output_table_new(6, headers);
	json_array_foreach(milestones, i, m) {
		if (json_is_object(m))
			cmd_upcoming_row(t, m);
	}
	output_table_finish(t, f, none);
}

static int
cmd_upcoming_exec(struct cmd_ctx *ctx)
{
	const char *within;
	char *path, *none;
	int status;

	within = args_get(ctx->args, "within");
	if (within == NULL)
		within = CMD_UPCOMING_WITHIN;
	if (!args_duration_valid(within))
		return cmd_usage_error(ctx, _("--within: '%s' is not a "
		    "duration such as 90d, 12w or 6m"), within);
	if ((status = cmd_check_choice(ctx, "kind",
	    cmd_milestone_kinds(false))) != EXIT_OK ||
	    (status = cmd_check_scope(ctx, "scope")) != EXIT_OK)
		return status;
	path = cmd_upcoming_path(ctx, within);
	if (path == NULL || asprintf(&none, _("nothing within %s"),
	    within) == -1) {
		free(path);
		return cmd_fail("%s", _("out of memory"));
	}
	status = cmd_list_print(ctx, path, "milestones", cmd_upcoming_print,
	    none);
	free(none);
	free(path);
	return status;
}

/* What KIND and SCOPE may be. */
static void
cmd_upcoming_help(FILE *f)
{
	char *kinds = cmd_choices(cmd_milestone_kinds(false));

	fprintf(f, _("KIND is %s.\nSCOPE is %s.\n"
	    "Cancelled milestones are left out unless --all is given.\n"),
	    kinds != NULL ? kinds : "?", cmd_scope_syntax());
	free(kinds);
}

const struct cmd_entry cmd_upcoming_entry = {
	.name = "upcoming",
	.usage = N_("[--within 90d] [--kind KIND] [--scope SCOPE] [--all]"),
	.about = N_("Milestones from today to today + within (Nd, Nw or Nm)."),
	.options = cmd_upcoming_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_upcoming_exec,
	.help = cmd_upcoming_help,
};
