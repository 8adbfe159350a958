/* The decisions of a contract: renew, not-renew, request-conversion,
 * convert, end (a separation), acknowledge (a decision milestone dealt
 * with otherwise), and revoke for a mistaken one. Each answers with the
 * contract, whose timeline is printed so the effect shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tenurectl.h"

static const struct args_option cmd_decision_until_options[] = {
	{ .name = "until", .type = ARGS_DATE, .required = true,
	  .key = "until" },
	{ .name = NULL }
};

static const struct args_option cmd_decision_date_options[] = {
	{ .name = "date", .type = ARGS_DATE, .required = true, .key = "date" },
	{ .name = NULL }
};

static const struct args_option cmd_decision_end_options[] = {
	{ .name = "date", .type = ARGS_DATE, .required = true, .key = "date" },
	{ .name = "reason", .type = ARGS_STRING, .required = true,
	  .key = "reason" },
	{ .name = NULL }
};

static const struct args_option cmd_decision_acknowledge_options[] = {
	{ .name = "kind", .type = ARGS_STRING, .required = true, .key = "kind" },
	{ .name = "reason", .type = ARGS_STRING, .required = true,
	  .key = "reason" },
	{ .name = NULL }
};

static const struct args_option cmd_decision_no_options[] = {
	{ .name = NULL }
};

/*
 * "recorded decision #3: renewed until 31 August 2031", "recorded decision
 * #4: acknowledged renewal_decision_due (agreed by phone)", then a blank
 * line before the timeline. The type and kind are the values the API and
 * the options take; the dates are written out, as a sentence has them.
 */
void
cmd_decision_summary(FILE *f, json_t *d)
{
	char buf[OUTPUT_SCALAR_MAX], until_buf[OUTPUT_DATE_MAX],
	    date_buf[OUTPUT_DATE_MAX], *until_text = NULL, *date_text = NULL,
	    *what;
	const char *id, *type, *kind, *until, *date, *reason;

	id = output_scalar(d, "id", buf);
	type = output_string(d, "type");
	kind = output_string(d, "kind");
	until = output_date_long(output_string(d, "until"), until_buf);
	date = output_date_long(output_string(d, "date"), date_buf);
	reason = kind != NULL ? output_string(d, "reason") : NULL;
	/* TRANSLATORS: " until 31 August 2031" after a decision type. */
	if (until != NULL && asprintf(&until_text, _(" until %s"), until) == -1)
		until_text = NULL;
	/* TRANSLATORS: " on 15 January 2027" after a decision type. */
	if (date != NULL && asprintf(&date_text, _(" on %s"), date) == -1)
		date_text = NULL;
	if (asprintf(&what, "%s%s%s%s%s%s%s%s", type != NULL ? type : "?",
	    kind != NULL ? " " : "", kind != NULL ? kind : "",
	    until_text != NULL ? until_text : "",
	    date_text != NULL ? date_text : "",
	    reason != NULL ? " (" : "", reason != NULL ? reason : "",
	    reason != NULL ? ")" : "") == -1)
		what = NULL;
	/* TRANSLATORS: recorded decision #ID: what it says. */
	output_line(f, _("recorded decision #%s: %s"), id != NULL ? id : "?",
	    what != NULL ? what : "?");
	fputc('\n', f);
	free(what);
	free(until_text);
	free(date_text);
}

static int
cmd_decision_record(struct cmd_ctx *ctx, const char *type)
{
	json_t *body, *answer, *contract;
	long long id;
	char path[96];
	int status;

	if ((status = cmd_operand_id(ctx, 0, &id)) != EXIT_OK)
		return status;
	body = cmd_body(ctx->args);
	if (body == NULL)
		return cmd_usage_error(ctx, "%s",
		    _("every value must be UTF-8 text"));
	json_object_set_new(body, "type", json_string(type));
	snprintf(path, sizeof path, "/api/v1/contracts/%lld/decisions", id);
	status = client_json(ctx->client, "POST", path, body, &answer);
	json_decref(body);
	if (status != EXIT_OK)
		return status;
	if (ctx->json) {
		output_json(stdout, answer);
		json_decref(answer);
		return EXIT_OK;
	}
	contract = json_object_get(answer, "contract");
	if (!json_is_object(contract)) {
		json_decref(answer);
		return cmd_fail("%s", _("the decision was recorded, but the "
		    "answer of tenured holds no contract"));
	}
	cmd_decision_summary(stdout, json_object_get(answer, "decision"));
	status = cmd_contract_print(ctx, contract);
	json_decref(answer);
	return status;
}

static int
cmd_decision_renew_exec(struct cmd_ctx *ctx)
{
	return cmd_decision_record(ctx, "renewed");
}

static int
cmd_decision_not_renew_exec(struct cmd_ctx *ctx)
{
	return cmd_decision_record(ctx, "not_renewed");
}

static int
cmd_decision_request_conversion_exec(struct cmd_ctx *ctx)
{
	return cmd_decision_record(ctx, "conversion_requested");
}

static int
cmd_decision_convert_exec(struct cmd_ctx *ctx)
{
	return cmd_decision_record(ctx, "converted");
}

static int
cmd_decision_end_exec(struct cmd_ctx *ctx)
{
	return cmd_decision_record(ctx, "separated");
}

/* The kind is checked here, before anything is sent. */
static int
cmd_decision_acknowledge_exec(struct cmd_ctx *ctx)
{
	int status;

	status = cmd_check_choice(ctx, "kind", cmd_milestone_kinds(true));
	if (status != EXIT_OK)
		return status;
	return cmd_decision_record(ctx, "acknowledged");
}

static int
cmd_decision_revoke_exec(struct cmd_ctx *ctx)
{
	json_t *contract;
	long long id, did;
	char path[96];
	int status;

	if ((status = cmd_operand_id(ctx, 0, &id)) != EXIT_OK ||
	    (status = cmd_operand_id(ctx, 1, &did)) != EXIT_OK)
		return status;
	snprintf(path, sizeof path, "/api/v1/contracts/%lld/decisions/%lld",
	    id, did);
	status = client_json(ctx->client, "DELETE", path, NULL, &contract);
	if (status != EXIT_OK)
		return status;
	if (!ctx->json)
		printf(_("revoked decision #%lld\n\n"), did);
	status = cmd_contract_print(ctx, contract);
	json_decref(contract);
	return status;
}

const struct cmd_entry cmd_decision_renew_entry = {
	.name = "contract renew",
	.usage = N_("ID --until DATE"),
	.about = N_("Record a renewal until DATE."),
	.options = cmd_decision_until_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_decision_renew_exec,
};

const struct cmd_entry cmd_decision_not_renew_entry = {
	.name = "contract not-renew",
	.usage = N_("ID --date DATE"),
	.about = N_("Record the decision not to renew, taken on DATE."),
	.options = cmd_decision_date_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_decision_not_renew_exec,
};

const struct cmd_entry cmd_decision_request_conversion_entry = {
	.name = "contract request-conversion",
	.usage = N_("ID --date DATE"),
	.about = N_("Record a request for an indefinite contract made on "
	    "DATE."),
	.options = cmd_decision_date_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_decision_request_conversion_exec,
};

const struct cmd_entry cmd_decision_convert_entry = {
	.name = "contract convert",
	.usage = N_("ID --date DATE"),
	.about = N_("Record the conversion to an indefinite contract on "
	    "DATE."),
	.options = cmd_decision_date_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_decision_convert_exec,
};

const struct cmd_entry cmd_decision_end_entry = {
	.name = "contract end",
	.usage = N_("ID --date DATE --reason REASON"),
	.about = N_("Record a separation on DATE."),
	.options = cmd_decision_end_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_decision_end_exec,
};

/* "KIND is renewal_decision_due, ..." under the usage. */
static void
cmd_decision_acknowledge_help(FILE *f)
{
	char *kinds = cmd_choices(cmd_milestone_kinds(true));

	fprintf(f, _("KIND is %s: the earliest scheduled milestone of that "
	    "kind becomes done.\n"), kinds != NULL ? kinds : "?");
	free(kinds);
}

const struct cmd_entry cmd_decision_acknowledge_entry = {
	.name = "contract acknowledge",
	.usage = N_("ID --kind KIND --reason REASON"),
	.about = N_("Record that a decision milestone was dealt with outside "
	    "tenured (an agreement received, a window that passed)."),
	.options = cmd_decision_acknowledge_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_decision_acknowledge_exec,
	.help = cmd_decision_acknowledge_help,
};

const struct cmd_entry cmd_decision_revoke_entry = {
	.name = "contract revoke",
	.usage = N_("ID DECISION-ID"),
	.about = N_("Revoke a mistaken decision (the log keeps both)."),
	.options = cmd_decision_no_options,
	.min_operands = 2,
	.max_operands = 2,
	.exec = cmd_decision_revoke_exec,
};
