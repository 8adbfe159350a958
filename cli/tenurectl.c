/* tenurectl: global options, the command's own options, the connection to
 * the daemon, and dispatch through the command table (cmd.c). */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "i18n.h"
#include "tenurectl.h"
#include "version.h"

#define TENURECTL_SOCKET "/run/tenured/api.sock"

/* Accepted before the command and after it. */
static const struct args_option tenurectl_options[] = {
	{ .name = "socket", .type = ARGS_STRING },
	{ .name = "url", .type = ARGS_STRING },
	{ .name = "token-file", .type = ARGS_STRING },
	{ .name = "json", .type = ARGS_FLAG },
	{ .name = "help", .type = ARGS_FLAG },
	{ .name = "version", .type = ARGS_FLAG },
	{ .name = NULL }
};

static void
tenurectl_usage(FILE *f)
{
	fprintf(f, _("usage: tenurectl [--socket PATH | --url URL "
	    "[--token-file FILE]] [--json] COMMAND ...\n"
	    "       tenurectl --version | --help\n"
	    "\n"
	    "Options, before or after the command:\n"
	    "  --socket PATH      the daemon's Unix socket (default "
	    "$TENURED_SOCKET, else %s)\n"
	    "  --url URL          the daemon's TCP listener, e.g. "
	    "http://127.0.0.1:8080 (default $TENURED_URL)\n"
	    "  --token-file FILE  its first line is the API token for --url "
	    "(default $TENURED_TOKEN_FILE)\n"
	    "  --json             print the daemon's JSON answer\n"
	    "\n"
	    "Commands:\n"), TENURECTL_SOCKET);
	cmd_usage_all(f, NULL);
	fprintf(f, "\n%s\n", _("Exit status: 0 done, 1 refused or failed, "
	    "2 usage error, 3 the daemon cannot be reached."));
}

static const char *
tenurectl_env(const char *name)
{
	const char *value;

	value = getenv(name);
	return value != NULL && *value != '\0' ? value : NULL;
}

static const char *
tenurectl_option(const struct args *args, const struct args *global,
    const char *name)
{
	const char *value;

	value = args_get(args, name);
	return value != NULL ? value : args_get(global, name);
}

/*
 * The command line names the daemon with --socket or --url; without either,
 * $TENURED_URL, then $TENURED_SOCKET, then the default socket.
 */
static int
tenurectl_connect(struct cmd_ctx *ctx, const struct args *global,
    struct client **client)
{
	const char *socket_path, *url, *token_file;
	char *error;
	int status;

	socket_path = tenurectl_option(ctx->args, global, "socket");
	url = tenurectl_option(ctx->args, global, "url");
	token_file = tenurectl_option(ctx->args, global, "token-file");
	if (socket_path != NULL && url != NULL)
		return cmd_usage_error(ctx, _("--socket and --url exclude "
		    "each other"));
	if (socket_path == NULL && url == NULL) {
		url = tenurectl_env("TENURED_URL");
		if (url == NULL)
			socket_path = tenurectl_env("TENURED_SOCKET");
		if (url == NULL && socket_path == NULL)
			socket_path = TENURECTL_SOCKET;
	}
	if (url != NULL && token_file == NULL)
		token_file = tenurectl_env("TENURED_TOKEN_FILE");

	*client = client_new(socket_path, url, token_file, &error);
	if (*client != NULL)
		return EXIT_OK;
	status = cmd_usage_error(ctx, "%s", error != NULL ? error :
	    _("out of memory"));
	free(error);
	return status;
}

static int
tenurectl_run(const struct cmd_entry *entry, int argc, char **argv,
    const struct args *global)
{
	struct cmd_ctx ctx = { .entry = entry };
	struct args args;
	char *error;
	int status;

	/* Help first: whatever else the line holds, --help answers it. */
	if (cmd_wants_help(argc, argv)) {
		cmd_help(stdout, entry);
		return EXIT_OK;
	}
	ctx.args = &args;
	if (args_parse(&args, argc, argv, entry->options, tenurectl_options,
	    false, &error) != 0) {
		status = cmd_usage_error(&ctx, "%s", error != NULL ? error :
		    _("out of memory"));
		free(error);
		args_free(&args);
		return status;
	}
	if (args_has(&args, "version")) {
		printf("tenurectl %s\n", TENURED_VERSION);
		args_free(&args);
		return EXIT_OK;
	}
	if (args.noperands < entry->min_operands)
		status = cmd_usage_error(&ctx, "%s", _("missing argument"));
	else if (args.noperands > entry->max_operands)
		status = cmd_usage_error(&ctx, _("unexpected argument '%s'"),
		    args.operands[entry->max_operands]);
	else
		status = tenurectl_connect(&ctx, global, &ctx.client);
	if (status == EXIT_OK) {
		ctx.json = args_has(&args, "json") || args_has(global, "json");
		status = entry->exec(&ctx);
		client_free(ctx.client);
	}
	args_free(&args);
	return status;
}

int
main(int argc, char **argv)
{
	const struct cmd_entry *entry;
	struct args global;
	char *error;
	int first, used, status;
	bool group;

	/* Before anything is said: messages follow LANGUAGE, LC_ALL,
	 * LC_MESSAGES and LANG from the catalogs compiled in, with or without
	 * a French locale installed (docs/i18n.md). LC_MESSAGES alone is taken
	 * from the locale, for strerror(); numbers keep the C locale. */
	setlocale(LC_MESSAGES, "");
	/* strerror's French comes through in UTF-8, not as "accord?e" */
	setlocale(LC_CTYPE, "");
	i18n_set_current(lang_from_environment(LANG_DEFAULT));

	if (args_parse(&global, argc - 1, argv + 1, NULL, tenurectl_options,
	    true, &error) != 0) {
		fprintf(stderr, "tenurectl: %s\n", error != NULL ? error :
		    _("out of memory"));
		fprintf(stderr, "%s\n", _("Run 'tenurectl --help' for the "
		    "commands."));
		free(error);
		args_free(&global);
		return EXIT_USAGE;
	}
	first = 1 + global.used;
	if (args_has(&global, "help") ||
	    (first < argc && strcmp(argv[first], "-h") == 0)) {
		tenurectl_usage(stdout);
		args_free(&global);
		return EXIT_OK;
	}
	if (args_has(&global, "version")) {
		printf("tenurectl %s\n", TENURED_VERSION);
		args_free(&global);
		return EXIT_OK;
	}
	if (first >= argc) {
		tenurectl_usage(stderr);
		args_free(&global);
		return EXIT_USAGE;
	}

	entry = cmd_find(argc - first, argv + first, &used, &group);
	/* "tenurectl account --help": the group's commands, as asked. */
	if (entry == NULL && group &&
	    cmd_wants_help(argc - first - 1, argv + first + 1)) {
		printf("%s\n", _("Commands:"));
		cmd_usage_all(stdout, argv[first]);
		args_free(&global);
		return EXIT_OK;
	}
	if (entry == NULL) {
		if (group && first + 1 < argc)
			fprintf(stderr, _("tenurectl: %s: unknown command "
			    "'%s'\n"), argv[first], argv[first + 1]);
		else if (group)
			fprintf(stderr, _("tenurectl: %s: missing command\n"),
			    argv[first]);
		else
			fprintf(stderr, _("tenurectl: unknown command '%s'\n"),
			    argv[first]);
		if (group) {
			fprintf(stderr, "%s\n", _("Commands:"));
			cmd_usage_all(stderr, argv[first]);
		} else
			fprintf(stderr, "%s\n", _("Run 'tenurectl --help' for "
			    "the commands."));
		args_free(&global);
		return EXIT_USAGE;
	}

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "tenurectl: %s\n",
		    _("cannot initialise libcurl"));
		args_free(&global);
		return EXIT_REFUSED;
	}
	status = tenurectl_run(entry, argc - first - used, argv + first + used,
	    &global);
	curl_global_cleanup();
	args_free(&global);

	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("tenurectl: cannot write the output: %s\n"),
		    strerror(errno));
		if (status == EXIT_OK)
			status = EXIT_REFUSED;
	}
	return status;
}
