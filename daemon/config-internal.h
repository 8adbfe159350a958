/* What the parts of the configuration reader share (config.c, and the
 * secret files read after the keys, config-secrets.c). */
#ifndef TENURED_CONFIG_INTERNAL_H
#define TENURED_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"

struct parse {
	struct config *c;
	struct failure_list *errors;
	FILE *fp;
	int line;
	int token_line;		/* where api_token_file was set */
	int password_line;	/* where database_password_file was set */
	int auth_line;		/* where [auth] was first set */
	int policy_line;	/* the first key of [policy] */
	bool oom;
};

/* An error of the file at line (a key's, or its section's). */
void config_error_at(struct parse *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Copies value into *dst; false (and p->oom) when out of memory. */
bool config_set_string(struct parse *p, char **dst, const char *value);
/* Reads the files api_token_file and database_password_file name. */
void config_load_secrets(struct parse *p);

#endif
