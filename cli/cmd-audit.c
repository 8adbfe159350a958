/* audit: who changed what, and when, newest first (SPEC section 11). A
 * correction lists each changed field, old and new value, under its entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tenurectl.h"

static const struct args_option cmd_audit_options[] = {
	{ .name = "contract", .type = ARGS_COUNT },
	{ .name = "actor", .type = ARGS_STRING },
	{ .name = "entity", .type = ARGS_STRING },
	{ .name = "limit", .type = ARGS_COUNT },
	{ .name = NULL }
};

/* One side of a change as text: "(none)" for null; free() it. */
static char *
cmd_audit_value(json_t *v)
{
	char buf[OUTPUT_SCALAR_MAX];
	const char *s;

	if (v == NULL || json_is_null(v))
		return strdup(_("(none)"));
	if ((s = output_value(v, buf)) != NULL)
		return strdup(s);
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* "  FIELD: OLD -> NEW" under the entry, one line a field. */
static void
cmd_audit_changes(struct table *t, json_t *changes)
{
	const char *field;
	char *old, *new, *line;
	json_t *pair;

	json_object_foreach(changes, field, pair) {
		if (json_is_array(pair) && json_array_size(pair) == 2) {
			old = cmd_audit_value(json_array_get(pair, 0));
			new = cmd_audit_value(json_array_get(pair, 1));
		} else {
			old = strdup("?");
			new = cmd_audit_value(pair);
		}
		if (asprintf(&line, "  %s: %s -> %s", field,
		    old != NULL ? old : "?", new != NULL ? new : "?") != -1) {
			output_table_note(t, line);
			free(line);
		}
		free(old);
		free(new);
	}
}

/* AT ACTOR VIA ACTION ENTITY SUMMARY, the changes under their entry. */
void
cmd_audit_print(FILE *f, json_t *answer)
{
	static const char *const headers[] = {
		N_("AT"), N_("ACTOR"), N_("VIA"), N_("ACTION"), N_("ENTITY"),
		N_("SUMMARY")
	};
	char buf[OUTPUT_SCALAR_MAX], *entity;
	const char *row[6], *kind, *id;
	json_t *entries, *e;
	struct table *t;
	size_t i;
	bool more;

	entries = json_object_get(answer, "entries");
	t = output_table_new(6, headers);
	json_array_foreach(entries, i, e) {
		if (!json_is_object(e))
			continue;
		kind = output_string(e, "entity");
		id = output_scalar(e, "entity_id", buf);
		if (asprintf(&entity, "%s%s%s", kind != NULL ? kind : "?",
		    id != NULL ? ":" : "", id != NULL ? id : "") == -1)
			entity = NULL;
		row[0] = output_string(e, "at");
		row[1] = output_string(e, "actor");
		row[2] = output_string(e, "via");
		row[3] = output_string(e, "action");
		row[4] = entity;
		row[5] = output_string(e, "summary");
		output_table_add(t, row);
		free(entity);
		cmd_audit_changes(t, json_object_get(e, "changes"));
	}
	more = output_table_rows(t) > 0 &&
	    json_is_integer(json_object_get(answer, "next_after"));
	output_table_finish(t, f, _("no audit entries"));
	if (more)
		fprintf(f, "%s\n", _("(older entries follow; --limit shows up "
		    "to 1000)"));
}

/* "/api/v1/audit[?entity=E][&actor=A][&limit=N]" */
static char *
cmd_audit_path(struct cmd_ctx *ctx, const char *entity)
{
	const char *const params[] = {
		"entity", entity,
		"actor", args_get(ctx->args, "actor"),
		"limit", args_get(ctx->args, "limit"),
	};

	return cmd_query(ctx, "/api/v1/audit", params, 3);
}

static int
cmd_audit_exec(struct cmd_ctx *ctx)
{
	const char *contract, *entity;
	char *path, *scope = NULL;
	int status;

	contract = args_get(ctx->args, "contract");
	entity = args_get(ctx->args, "entity");
	if (contract != NULL && entity != NULL)
		return cmd_usage_error(ctx, "%s", _("--contract and --entity "
		    "exclude each other"));
	if (contract != NULL) {
		if (asprintf(&scope, "contract:%s", contract) == -1)
			return cmd_fail("%s", _("out of memory"));
		entity = scope;
	}
	path = cmd_audit_path(ctx, entity);
	free(scope);
	if (path == NULL)
		return cmd_fail("%s", _("out of memory"));
	status = cmd_get_print(ctx, path, cmd_audit_print);
	free(path);
	return status;
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = N_("[--contract ID | --entity KIND[:ID]] [--actor NAME] "
	    "[--limit N]"),
	.about = N_("The audit log, newest first (--contract ID: its "
	    "history)."),
	.options = cmd_audit_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_audit_exec,
};
