/* The schema as one list of forward migrations for both databases: entry i
 * takes a database at version i to i + 1, with SQLite's SQL and
 * PostgreSQL's (NULL: nothing to do there; PostgreSQL databases start at
 * version 8, whose step creates them whole). Released entries never
 * change; new ones append. */
#ifndef TENURED_SCHEMA_H
#define TENURED_SCHEMA_H

struct migration {
	int to;
	const char *sql;
	const char *pg;
};

extern const struct migration schema_migrations[];
extern const int schema_migration_count;

/* PostgreSQL's schema at version 8, whole (schema-pg.c). */
extern const char schema_pg_v8[];

#endif
