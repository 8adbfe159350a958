/* outbox and outbox retry: what was sent, what waits, what failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tenurectl.h"

static const struct args_option cmd_outbox_options[] = {
	{ .name = "status", .type = ARGS_STRING },
	{ .name = NULL }
};

static const struct args_option cmd_outbox_no_options[] = {
	{ .name = NULL }
};

static void
cmd_outbox_counts(json_t *counts)
{
	const char *key;
	json_t *v;
	int first = 1;

	if (!json_is_object(counts))
		return;
	printf("%s", _("outbox:"));
	json_object_foreach(counts, key, v) {
		if (json_is_integer(v))
			printf("%s %s %lld", first ? "" : ",", key,
			    (long long)json_integer_value(v));
		first = 0;
	}
	printf("\n");
}

static int
cmd_outbox_exec(struct cmd_ctx *ctx)
{
	static const char *const headers[] = {
		N_("ID"), N_("STATUS"), N_("DUE"), N_("KIND"), N_("DATE"),
		N_("OFFSET"), N_("CHANNEL"), N_("TO"), N_("ATTEMPTS"),
		N_("NEXT"), N_("LAST ERROR")
	};
	const char *status = args_get(ctx->args, "status");
	const char *const params[] = { "status", status };
	char id[OUTPUT_SCALAR_MAX], attempts[OUTPUT_SCALAR_MAX], *path, *none;
	json_t *answer, *rows, *r;
	const char *row[11];
	struct table *t;
	size_t i;
	int rc;

	path = cmd_query(ctx, "/api/v1/outbox", params, 1);
	if (path == NULL)
		return cmd_fail("%s", _("out of memory"));
	rc = client_json(ctx->client, "GET", path, NULL, &answer);
	free(path);
	if (rc != EXIT_OK)
		return rc;
	if (ctx->json) {
		output_json(stdout, answer);
		json_decref(answer);
		return EXIT_OK;
	}
	rows = json_object_get(answer, "outbox");
	t = output_table_new(11, headers);
	json_array_foreach(rows, i, r) {
		row[0] = output_scalar(r, "id", id);
		row[1] = output_string(r, "status");
		row[2] = output_string(r, "due_at");
		row[3] = output_string(r, "kind");
		row[4] = output_string(r, "milestone_date");
		row[5] = output_string(r, "offset");
		row[6] = output_string(r, "channel");
		row[7] = output_string(r, "recipient") ?
		    output_string(r, "recipient") : "-";
		row[8] = output_scalar(r, "attempts", attempts);
		row[9] = output_string(r, "next_attempt_at") ?
		    output_string(r, "next_attempt_at") : "-";
		row[10] = output_string(r, "last_error") ?
		    output_string(r, "last_error") : "-";
		output_table_add(t, row);
	}
	if ((status != NULL ? asprintf(&none, _("no reminders with status %s"),
	    status) : asprintf(&none, "%s", _("no reminders"))) == -1)
		none = NULL;
	output_table_finish(t, stdout, none != NULL ? none : "");
	free(none);
	cmd_outbox_counts(json_object_get(answer, "counts"));
	json_decref(answer);
	return EXIT_OK;
}

static int
cmd_outbox_retry_exec(struct cmd_ctx *ctx)
{
	json_t *answer;
	long long id;
	int status;

	status = cmd_call_id(ctx, "POST", "/api/v1/outbox/", "/retry", &id,
	    &answer);
	if (status != EXIT_OK)
		return status;
	return cmd_done(ctx, answer, _("reminder %lld will be sent again now"),
	    id);
}

const struct cmd_entry cmd_outbox_entry = {
	.name = "outbox",
	.usage = N_("[--status "
	    "pending|sending|sent|retrying|dead|cancelled|expired]"),
	.about = N_("List reminder deliveries, newest first, with counts by "
	    "state."),
	.options = cmd_outbox_options,
	.exec = cmd_outbox_exec,
};

const struct cmd_entry cmd_outbox_retry_entry = {
	.name = "outbox retry",
	.usage = N_("ID"),
	.about = N_("Send a retrying or dead reminder again now."),
	.options = cmd_outbox_no_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_outbox_retry_exec,
};
