/* People, one per email (SPEC section 4): a contract for a known email
 * takes that person; another name for it is refused rather than renaming
 * them silently, and a correction of the contract renames them. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A contract of the person, to name in the refusal; 0 when none. */
static int64_t
contract_of(struct store *st, int64_t person)
{
	struct db_stmt *s;
	int64_t id = 0;

	if (db_prepare(st->db, "SELECT min(id) FROM contracts "
	    "WHERE person_id = ?1", false, &s) != 0)
		return 0;
	db_bind_int64(s, 1, person);
	if (db_step(s) == DB_ROW)
		id = db_column_int64(s, 0);
	db_finalize(s);
	return id;
}

static int64_t
refuse(struct store *st, int64_t person, const char *email,
    const char *name, struct failure *f)
{
	int64_t cid = contract_of(st, person);
	char where[64] = "";

	if (cid > 0)
		snprintf(where, sizeof where, " (contract %lld)", (long long)cid);
	return failure_set(f, FAILURE_CONFLICT, "email", "%.100s belongs to "
	    "%.100s%s: correct the name on that contract, or use another "
	    "email", email, name, where);
}

/* The person of email: 1 with its id and name (the caller frees it), 0
 * when there is none, -1 with f set. */
static int
find(struct store *st, const char *email, int64_t *id, char **name,
    struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_PERSON_FIND,
	    "SELECT id, name FROM people WHERE email = ?1");
	int rc;

	if (s == NULL)
		return store_fail(st, f, "preparing the person");
	store_bind_text(s, 1, email);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return rc == DB_DONE ? 0 : store_fail(st, f,
		    "reading the person");
	}
	*id = db_column_int64(s, 0);
	*name = store_column_strdup(s, 1);
	db_reset(s);
	if (*name == NULL)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	return 1;
}

int
store_person_check(struct store *st, const char *name, const char *email,
    struct failure *f)
{
	int64_t id = 0;
	char *known;
	int rc = find(st, email, &id, &known, f);

	if (rc <= 0)
		return rc;
	rc = strcasecmp(known, name) == 0 ? 0 : (int)refuse(st, id, email,
	    known, f);
	free(known);
	return rc;
}

int64_t
store_person_resolve(struct store *st, const char *name, const char *email,
    const char *rename_email, struct failure *f)
{
	struct db_stmt *s;
	int64_t id = 0;
	char *known;
	bool same, own;
	int rc = find(st, email, &id, &known, f);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		if ((s = store_stmt(st, STMT_PERSON_INSERT,
		    "INSERT INTO people (name, email) VALUES (?1, ?2)")) == NULL)
			return store_fail(st, f, "preparing the person");
		store_bind_text(s, 1, name);
		store_bind_text(s, 2, email);
		rc = db_step(s);
		db_reset(s);
		return rc == DB_DONE ? db_last_insert_id(st->db) :
		    store_fail(st, f, "storing the person");
	}
	same = strcmp(known, name) == 0;
	own = rename_email != NULL && strcasecmp(rename_email, email) == 0;
	if (strcasecmp(known, name) != 0 && !own) {
		refuse(st, id, email, known, f);
		free(known);
		return -1;
	}
	free(known);
	/* A new contract keeps the stored spelling; only a correction of
	 * this person's own contract renames them. */
	if (same || !own)
		return id;
	if ((s = store_stmt(st, STMT_PERSON_RENAME, "UPDATE people SET name = "
	    "?2 WHERE id = ?1 AND name <> ?2")) == NULL)
		return store_fail(st, f, "preparing the person");
	db_bind_int64(s, 1, id);
	store_bind_text(s, 2, name);
	rc = db_step(s);
	db_reset(s);
	return rc == DB_DONE ? id : store_fail(st, f, "renaming the person");
}
