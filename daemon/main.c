/* tenured: the deadline and contract-lifecycle daemon. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "daemon.h"
#include "log.h"
#include "store.h"
#include "version.h"

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: tenured [--config FILE] [--now ISO8601] [--debug]\n"
	    "       tenured [--config FILE] --check-config\n"
	    "       tenured [--config FILE] --migrate-only\n"
	    "       tenured --version\n");
}

/* Prints every error of the file, each as file:line: message. */
static struct config *
load(const char *path)
{
	struct failure_list errors = { 0 };
	struct config *c = config_load(path, &errors);

	for (size_t i = 0; i < errors.count; i++) {
		if (errors.items[i].line > 0)
			fprintf(stderr, "%s:%d: %s\n", path, errors.items[i].line,
			    errors.items[i].message);
		else
			fprintf(stderr, "%s: %s\n", path, errors.items[i].message);
	}
	failure_list_free(&errors);
	return c;
}

static int
migrate_only(const char *path)
{
	struct config *c = load(path);
	struct failure f = { 0 };
	struct store *st;

	if (c == NULL)
		return 1;
	if ((st = store_connect(c->database, c->database_password, &f)) ==
	    NULL) {
		fprintf(stderr, "tenured: %s\n", f.message);
		config_free(c);
		return 1;
	}
	/* A connection URI may carry a password: it is not repeated. */
	printf("%s: schema version %d\n", store_is_postgresql(c->database) ?
	    "PostgreSQL" : c->database, store_schema_version(st));
	store_close(st);
	config_free(c);
	return 0;
}

int
main(int argc, char **argv)
{
	enum { OPT_CHECK = 256, OPT_MIGRATE, OPT_NOW, OPT_DEBUG };
	static const struct option options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "version", no_argument, NULL, 'V' },
		{ "check-config", no_argument, NULL, OPT_CHECK },
		{ "migrate-only", no_argument, NULL, OPT_MIGRATE },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "debug", no_argument, NULL, OPT_DEBUG },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = CONFIG_DEFAULT_PATH, *now_text = NULL;
	int check = 0, migrate = 0, debug = 0, ch;

	while ((ch = getopt_long(argc, argv, "c:Vh", options, NULL)) != -1) {
		switch (ch) {
		case 'c': config_path = optarg; break;
		case 'V': printf("tenured %s\n", TENURED_VERSION); return 0;
		case OPT_CHECK: check = 1; break;
		case OPT_MIGRATE: migrate = 1; break;
		case OPT_NOW: now_text = optarg; break;
		case OPT_DEBUG: debug = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	log_init(debug);
	if (check) {
		struct config *c = load(config_path);
		int64_t now;

		if (c == NULL)
			return 1;
		if (now_text != NULL &&
		    daemon_parse_now(now_text, c->timezone, &now) != 0) {
			fprintf(stderr, "--now: expected an RFC 3339 instant or a "
			    "date\n");
			config_free(c);
			return 1;
		}
		printf("%s: configuration OK\n", config_path);
		config_free(c);
		return 0;
	}
	if (migrate)
		return migrate_only(config_path);
	return daemon_run(config_path, now_text);
}
