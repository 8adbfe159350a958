/* feed create, list, rotate and revoke, and export: the calendars
 * managers and staff subscribe to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "tenurectl.h"

static const struct args_option cmd_feed_create_options[] = {
	{ .name = "scope", .type = ARGS_STRING, .required = true,
	  .key = "scope" },
	{ .name = "name", .type = ARGS_STRING, .required = true,
	  .key = "name" },
	{ .name = "redact", .type = ARGS_FLAG, .key = "redact" },
	{ .name = "alarms", .type = ARGS_STRING, .key = "alarms" },
	{ .name = "language", .type = ARGS_STRING, .key = "language" },
	{ .name = NULL }
};

/* The languages of a feed's events and alarms (SPEC section 12). */
static const char *const cmd_feed_languages[] = {
	"en", "fr", NULL
};

static const struct args_option cmd_feed_no_options[] = {
	{ .name = NULL }
};

static const struct args_option cmd_feed_export_options[] = {
	{ .name = "scope", .type = ARGS_STRING },
	{ .name = NULL }
};

/* What a new token is for, said once: it is not stored anywhere. */
static void
cmd_feed_print_urls(json_t *feed)
{
	char buf[OUTPUT_SCALAR_MAX];
	const char *row[2];
	struct table *t;

	/* TRANSLATORS: feed ID (NAME) for SCOPE */
	output_line(stdout, _("feed %s (%s) for %s"),
	    output_scalar(feed, "id", buf) ? output_scalar(feed, "id", buf) :
	    "?", output_string(feed, "name") ? output_string(feed, "name") :
	    "?", output_string(feed, "scope") ? output_string(feed, "scope") :
	    "?");
	t = output_table_new(2, NULL);
	row[0] = _("subscribe:");
	row[1] = output_string(feed, "url");
	output_table_add(t, row);
	row[0] = _("webcal:");
	row[1] = output_string(feed, "webcal_url");
	output_table_add(t, row);
	row[0] = _("events:");
	row[1] = output_scalar(feed, "matches", buf);
	output_table_add(t, row);
	output_table_print(t, stdout, "  ");
	output_table_free(t);
	printf("%s\n", _("Keep the URL secret: it is the only key to the "
	    "feed, and tenured cannot show it again (feed rotate issues a new "
	    "one)."));
}

static int
cmd_feed_create_exec(struct cmd_ctx *ctx)
{
	json_t *body, *feed;
	int status;

	if ((status = cmd_check_scope(ctx, "scope")) != EXIT_OK ||
	    (status = cmd_check_choice(ctx, "language", cmd_feed_languages)) !=
	    EXIT_OK)
		return status;
	if ((body = cmd_body(ctx->args)) == NULL)
		return cmd_fail("%s", _("the options are not valid UTF-8"));
	status = client_json(ctx->client, "POST", "/api/v1/feeds", body, &feed);
	json_decref(body);
	if (status != EXIT_OK)
		return status;
	if (ctx->json)
		output_json(stdout, feed);
	else
		cmd_feed_print_urls(feed);
	json_decref(feed);
	return EXIT_OK;
}

static int
cmd_feed_list_exec(struct cmd_ctx *ctx)
{
	static const char *const headers[] = {
		N_("ID"), N_("NAME"), N_("SCOPE"), N_("EVENTS"),
		N_("LAST FETCH"), N_("CLIENT"), N_("FETCHES")
	};
	char id[OUTPUT_SCALAR_MAX], events[OUTPUT_SCALAR_MAX],
	    fetches[OUTPUT_SCALAR_MAX];
	json_t *answer, *feeds, *f;
	const char *row[7];
	struct table *t;
	size_t i;
	int status;

	status = client_json(ctx->client, "GET", "/api/v1/feeds", NULL, &answer);
	if (status != EXIT_OK)
		return status;
	if (ctx->json) {
		output_json(stdout, answer);
		json_decref(answer);
		return EXIT_OK;
	}
	feeds = json_object_get(answer, "feeds");
	t = output_table_new(7, headers);
	json_array_foreach(feeds, i, f) {
		row[0] = output_scalar(f, "id", id);
		row[1] = output_string(f, "name");
		row[2] = output_string(f, "scope");
		row[3] = output_scalar(f, "matches", events);
		row[4] = output_string(f, "last_fetch_at") ?
		    output_string(f, "last_fetch_at") : _("never");
		row[5] = output_string(f, "last_client") ?
		    output_string(f, "last_client") : "-";
		row[6] = output_scalar(f, "fetch_count", fetches);
		output_table_add(t, row);
	}
	output_table_finish(t, stdout, _("no feeds"));
	json_decref(answer);
	return EXIT_OK;
}

static int
cmd_feed_rotate_exec(struct cmd_ctx *ctx)
{
	json_t *feed;
	long long id;
	int status;

	status = cmd_call_id(ctx, "POST", "/api/v1/feeds/", "/rotate", &id,
	    &feed);
	if (status != EXIT_OK)
		return status;
	if (ctx->json) {
		output_json(stdout, feed);
	} else {
		printf("%s\n", _("the old URL no longer works"));
		cmd_feed_print_urls(feed);
	}
	json_decref(feed);
	return EXIT_OK;
}

static int
cmd_feed_revoke_exec(struct cmd_ctx *ctx)
{
	json_t *answer;
	long long id;
	int status;

	status = cmd_call_id(ctx, "DELETE", "/api/v1/feeds/", "", &id,
	    &answer);
	if (status != EXIT_OK)
		return status;
	return cmd_done(ctx, answer, _("feed %lld revoked"), id);
}

static int
cmd_feed_export_exec(struct cmd_ctx *ctx)
{
	const char *scope = args_get(ctx->args, "scope");
	const char *const params[] = { "scope", scope != NULL ? scope : "all" };
	struct answer a;
	char *path;
	int status;

	if ((status = cmd_check_scope(ctx, "scope")) != EXIT_OK)
		return status;
	if ((path = cmd_query(ctx, "/api/v1/export", params, 1)) == NULL)
		return cmd_fail("%s", _("out of memory"));
	status = client_request(ctx->client, "GET", path, NULL, NULL, 0, &a);
	free(path);
	if (status != EXIT_OK)
		return status;
	if (a.status != 200) {
		client_error_print(stderr, NULL, a.status, a.body, a.len);
		client_answer_free(&a);
		return EXIT_REFUSED;
	}
	if (a.len > 0 && fwrite(a.body, 1, a.len, stdout) != a.len) {
		client_answer_free(&a);
		return cmd_fail("%s", _("cannot write the calendar"));
	}
	client_answer_free(&a);
	return fflush(stdout) == 0 ? EXIT_OK : cmd_fail("%s",
	    _("cannot write the calendar"));
}

static void
cmd_feed_scope_help(FILE *f)
{
	fprintf(f, _("S (the scope) is %s.\n"), cmd_scope_syntax());
}

const struct cmd_entry cmd_feed_create_entry = {
	.name = "feed create",
	.usage = N_("--scope S --name N [--redact] [--alarms 7d,1d] "
	    "[--language en|fr]"),
	.about = N_("Create a calendar feed and print its subscription "
	    "URLs."),
	.options = cmd_feed_create_options,
	.exec = cmd_feed_create_exec,
	.help = cmd_feed_scope_help,
};

const struct cmd_entry cmd_feed_list_entry = {
	.name = "feed list",
	.usage = "",
	.about = N_("List feeds with their last fetch and client."),
	.options = cmd_feed_no_options,
	.exec = cmd_feed_list_exec,
};

const struct cmd_entry cmd_feed_rotate_entry = {
	.name = "feed rotate",
	.usage = N_("ID"),
	.about = N_("Issue a new secret URL for a feed; the old one stops."),
	.options = cmd_feed_no_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_feed_rotate_exec,
};

const struct cmd_entry cmd_feed_revoke_entry = {
	.name = "feed revoke",
	.usage = N_("ID"),
	.about = N_("Stop a feed for good."),
	.options = cmd_feed_no_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_feed_revoke_exec,
};

const struct cmd_entry cmd_feed_export_entry = {
	.name = "export",
	.usage = N_("[--scope S]"),
	.about = N_("Write one calendar of a scope (default all) to stdout."),
	.options = cmd_feed_export_options,
	.exec = cmd_feed_export_exec,
	.help = cmd_feed_scope_help,
};
