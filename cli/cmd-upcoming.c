/* upcoming: the milestones of the next days, weeks or months, all pages of
 * them, as a table by date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenurectl.h"

#define CMD_UPCOMING_WITHIN "90d"

static const struct args_option cmd_upcoming_options[] = {
	{ .name = "within", .type = ARGS_STRING },
	{ .name = "kind", .type = ARGS_STRING },
	{ .name = "scope", .type = ARGS_STRING },
	{ .name = NULL }
};

/* "/api/v1/milestones?within=90d&limit=1000[&kind=K][&scope=S]" */
static char *
cmd_upcoming_path(struct cmd_ctx *ctx, const char *within)
{
	const char *const params[] = {
		"within", within,
		"limit", "1000",
		"kind", args_get(ctx->args, "kind"),
		"scope", args_get(ctx->args, "scope"),
	};

	return cmd_query(ctx, "/api/v1/milestones", params, 4);
}

static void
cmd_upcoming_row(struct table *t, json_t *m)
{
	char buf[OUTPUT_SCALAR_MAX], *status, *contract = NULL;
	const char *row[6], *s, *vacancy;
	json_t *person;

	s = output_string(m, "status");
	if (asprintf(&status, "%s%s", s != NULL ? s : "?",
	    json_is_true(json_object_get(m, "overdue")) ? ", OVERDUE" : "") ==
	    -1)
		status = NULL;
	person = json_object_get(m, "person");
	s = output_scalar(m, "contract_id", buf);
	vacancy = output_string(m, "vacancy");
	if (s == NULL && vacancy != NULL &&
	    asprintf(&contract, "vacancy %s", vacancy) == -1)
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

static int
cmd_upcoming_exec(struct cmd_ctx *ctx)
{
	static const char *const headers[] = {
		"DATE", "KIND", "STATUS", "PERSON", "CONTRACT", "TITLE"
	};
	json_t *milestones, *m, *wrapped;
	const char *within;
	struct table *t;
	char *path, none[64];
	size_t i;
	int status;

	within = args_get(ctx->args, "within");
	if (within == NULL)
		within = CMD_UPCOMING_WITHIN;
	if (!args_duration_valid(within))
		return cmd_usage_error(ctx, "--within: '%s' is not a duration "
		    "such as 90d, 12w or 6m", within);
	path = cmd_upcoming_path(ctx, within);
	if (path == NULL)
		return cmd_fail("out of memory");
	status = cmd_fetch_all(ctx, path, "milestones", &milestones);
	free(path);
	if (status != EXIT_OK)
		return status;
	if (ctx->json) {
		wrapped = json_pack("{s:o, s:n}", "milestones", milestones,
		    "next_after");
		output_json(stdout, wrapped);
		json_decref(wrapped);
		return EXIT_OK;
	}
	t = output_table_new(6, headers);
	json_array_foreach(milestones, i, m) {
		if (json_is_object(m))
			cmd_upcoming_row(t, m);
	}
	snprintf(none, sizeof none, "nothing within %.32s", within);
	output_table_finish(t, stdout, none);
	json_decref(milestones);
	return EXIT_OK;
}

const struct cmd_entry cmd_upcoming_entry = {
	.name = "upcoming",
	.usage = "[--within 90d] [--kind KIND] [--scope SCOPE]",
	.about = "Milestones from today to today + within (Nd, Nw or Nm).",
	.options = cmd_upcoming_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_upcoming_exec,
};
