/* The store's SQL, written once with SQLite's parameters, as PostgreSQL
 * is given it: "?N" and "?" become "$N", quoted text stays as it is, and
 * the highest number is what the server is told to expect. */
#include <stdlib.h>

#include "db-pg.h"
#include "tap.h"

static void
check(const char *sql, const char *want, int want_params, const char *what)
{
	int params = -1;
	char *got = db_pg_translate(sql, &params);

	CHECK_STR(got, want, what);
	CHECK_INT(params, want_params, what);
	free(got);
}

int
main(void)
{
	check("SELECT 1", "SELECT 1", 0, "no parameter");
	check("SELECT * FROM t WHERE a = ?1 AND b = ?2",
	    "SELECT * FROM t WHERE a = $1 AND b = $2", 2, "numbered");
	check("UPDATE t SET a = ?2 WHERE id = ?1 AND ?2 IS NOT NULL",
	    "UPDATE t SET a = $2 WHERE id = $1 AND $2 IS NOT NULL", 2,
	    "a number used twice and out of order");
	check("INSERT INTO t VALUES (?, ?, ?)",
	    "INSERT INTO t VALUES ($1, $2, $3)", 3, "bare, counted in order");
	check("SELECT ?3, ?", "SELECT $3, $4", 4,
	    "a bare one after ?3 is the fourth, as SQLite counts");
	check("SELECT 'why?' , \"odd?col\" FROM t WHERE x = ?1",
	    "SELECT 'why?' , \"odd?col\" FROM t WHERE x = $1", 1,
	    "question marks inside quotes are text");
	check("SELECT 'it''s ?' WHERE a = ?12",
	    "SELECT 'it''s ?' WHERE a = $12", 12,
	    "a doubled quote inside text, two digits");
	check("NOTIFY tenured, 'data'", "NOTIFY tenured, 'data'", 0,
	    "a notification's payload");
	return tap_done();
}
