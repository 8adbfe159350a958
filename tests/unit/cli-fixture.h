/* What the unit tests of tenurectl's pure parts (cli/test-cli-args.c,
 * test-cli-answers.c and test-cli-text.c) share: the output of a printing
 * function captured as a string to compare, the global options, and a
 * command run from its table entry with its usage error captured. */
#ifndef TENURED_CLI_FIXTURE_H
#define TENURED_CLI_FIXTURE_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tenurectl.h"
#include "tap.h"

/* Output of a printing function, as a string to compare. */
struct capture {
	char *text;
	size_t len;
	FILE *f;
};

static inline FILE *
capture_start(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	return c->f;
}

static inline const char *
capture_end(struct capture *c)
{
	fclose(c->f);
	return c->text;
}

static const struct args_option test_globals[] = {
	{ .name = "json", .type = ARGS_FLAG },
	{ .name = "socket", .type = ARGS_STRING },
	{ .name = "help", .type = ARGS_FLAG },
	{ .name = NULL }
};

/*
 * A command line after the command's name, as tenurectl runs it up to the
 * request: EXIT_USAGE for a usage error, else what exec says. The client
 * names a socket that is not there, so a request answers EXIT_UNREACHABLE.
 * What the command says on stderr goes to *err (free() it), or nowhere.
 */
static inline int
test_vexec(char **err, const struct cmd_entry *entry, int argc, va_list ap)
{
	struct cmd_ctx ctx = { .entry = entry };
	struct args args;
	char *argv[16], *error;
	FILE *tmp;
	long len;
	int i, status, saved;

	for (i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	/* Usage errors go to stderr; the TAP output needs none of them. */
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	if ((tmp = tmpfile()) != NULL)
		dup2(fileno(tmp), STDERR_FILENO);
	ctx.args = &args;
	if (args_parse(&args, argc, argv, entry->options, test_globals, false,
	    &error) != 0) {
		fprintf(stderr, "%s\n", error != NULL ? error : "");
		free(error);
		status = EXIT_USAGE;
	} else if (args.noperands < entry->min_operands ||
	    args.noperands > entry->max_operands)
		status = EXIT_USAGE;
	else {
		ctx.client = client_new("/nonexistent/tenured.sock", NULL,
		    NULL, &error);
		free(error);
		status = ctx.client != NULL ? entry->exec(&ctx) : -1;
		client_free(ctx.client);
	}
	args_free(&args);
	fflush(stderr);
	if (saved != -1) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	if (err != NULL && tmp != NULL && (len = ftell(tmp)) >= 0 &&
	    (*err = calloc(1, (size_t)len + 1)) != NULL) {
		rewind(tmp);
		if (fread(*err, 1, (size_t)len, tmp) != (size_t)len)
			**err = '\0';
	}
	if (tmp != NULL)
		fclose(tmp);
	return status;
}

static inline int
test_exec(const struct cmd_entry *entry, int argc, ...)
{
	va_list ap;
	int status;

	va_start(ap, argc);
	status = test_vexec(NULL, entry, argc, ap);
	va_end(ap);
	return status;
}

/* A usage error whose message holds want. */
static inline void
test_usage_says(const char *want, const char *name,
    const struct cmd_entry *entry, int argc, ...)
{
	char *err = NULL;
	va_list ap;
	int status;

	va_start(ap, argc);
	status = test_vexec(&err, entry, argc, ap);
	va_end(ap);
	if (!CHECK(status == EXIT_USAGE && err != NULL &&
	    strstr(err, want) != NULL, name))
		printf("#   got %d: %s\n", status, err != NULL ? err : "");
	free(err);
}

#endif
