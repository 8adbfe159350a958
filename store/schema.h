/* The schema as a list of forward migrations: entry i takes a database at
 * user_version i to i + 1. Released entries never change; new ones append. */
#ifndef TENURED_SCHEMA_H
#define TENURED_SCHEMA_H

struct migration {
	int to;
	const char *sql;
};

extern const struct migration schema_migrations[];
extern const int schema_migration_count;

#endif
