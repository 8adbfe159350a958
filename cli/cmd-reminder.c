/* reminder test: one test message through a channel, and its outcome. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "tenurectl.h"

/* The daemon sends in the background; its answer is asked for until the
 * message is through or has failed, or this long has passed. */
#define CMD_REMINDER_WAIT_S 120

static const struct args_option cmd_reminder_options[] = {
	{ .name = NULL }
};

static int
cmd_reminder_test_exec(struct cmd_ctx *ctx)
{
	const char *channel = ctx->args->operands[0];
	json_t *body, *answer = NULL;
	char path[64], buf[OUTPUT_SCALAR_MAX];
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	time_t until = time(NULL) + CMD_REMINDER_WAIT_S;
	const char *state, *error;
	long long id;
	int status;

	if ((body = json_pack("{s:s}", "channel", channel)) == NULL)
		return cmd_usage_error(ctx, "%s",
		    _("the channel is not valid UTF-8"));
	status = client_json(ctx->client, "POST", "/api/v1/reminders/test", body,
	    &answer);
	json_decref(body);
	if (status != EXIT_OK)
		return status;
	id = json_integer_value(json_object_get(answer, "id"));
	while ((state = output_string(answer, "status")) != NULL &&
	    strcmp(state, "sending") == 0 && time(NULL) < until) {
		json_decref(answer);
		answer = NULL;
		nanosleep(&pause, NULL);
		snprintf(path, sizeof path, "/api/v1/reminders/test/%lld", id);
		if ((status = client_json(ctx->client, "GET", path, NULL,
		    &answer)) != EXIT_OK)
			return status;
	}
	if (ctx->json) {
		output_json(stdout, answer);
	} else if (state != NULL && strcmp(state, "sent") == 0) {
		output_line(stdout, _("test message sent through %s (HTTP %s)"),
		    channel, output_scalar(answer, "http_status", buf) ?
		    output_scalar(answer, "http_status", buf) : "?");
	} else {
		error = output_string(answer, "error") != NULL ?
		    output_string(answer, "error") : _("no answer yet");
		if (state != NULL && strcmp(state, "sending") == 0)
			cmd_fail(_("the test message through %s is still being "
			    "sent: %s"), channel, error);
		else
			cmd_fail(_("the test message through %s failed: %s"),
			    channel, error);
	}
	status = state != NULL && strcmp(state, "sent") == 0 ? EXIT_OK :
	    EXIT_REFUSED;
	json_decref(answer);
	return status;
}

const struct cmd_entry cmd_reminder_test_entry = {
	.name = "reminder test",
	.usage = N_("CHANNEL"),
	.about = N_("Send a test message through a channel (email, "
	    "webhook:NAME)."),
	.options = cmd_reminder_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_reminder_test_exec,
};
