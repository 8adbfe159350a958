/* What the database knows of a reader's language (SPEC section 12): one
 * query gathers it, jobs/reader-lang.c decides. Emails compare without
 * case (the columns are NOCASE), as everywhere. */
#include "internal.h"

static bool
column_lang(struct db_stmt *s, int i, enum lang *out)
{
	return !db_column_null(s, i) &&
	    lang_parse(db_column_text(s, i), out);
}

int
store_reader_langs(struct store *st, const char *email, int64_t contract_id,
    struct reader_lang_known *out, struct failure *f)
{
	/* A person with several contracts in different languages reads the
	 * one of the contract that started last (then the last created):
	 * the one in force, or about to be. */
	struct db_stmt *s = store_stmt(st, STMT_READER_LANGS,
	    "SELECT (SELECT c.language FROM contracts c "
	    "    JOIN people p ON p.id = c.person_id "
	    "    WHERE c.id = ?2 AND p.email = ?1), "
	    "  (SELECT language FROM accounts WHERE email = ?1 "
	    "    AND language IS NOT NULL "
	    "    ORDER BY updated_at DESC, id DESC LIMIT 1), "
	    "  (SELECT c.language FROM people p "
	    "    JOIN contracts c ON c.person_id = p.id WHERE p.email = ?1 "
	    "    ORDER BY c.start DESC, c.id DESC LIMIT 1)");
	int rc;

	*out = (struct reader_lang_known){ 0 };
	if (s == NULL)
		return store_fail(st, f, "preparing the reader's language");
	store_bind_text(s, 1, email);
	db_bind_int64(s, 2, contract_id);
	if ((rc = db_step(s)) != DB_ROW) {
		store_fail(st, f, "reading the reader's language");
		db_reset(s);
		return -1;
	}
	out->own_contract = column_lang(s, 0, &out->contract);
	out->account = column_lang(s, 1, &out->account_lang);
	out->person = column_lang(s, 2, &out->person_lang);
	db_reset(s);
	return 0;
}
