/* Which language a message is written in for one address (SPEC section
 * 12), from what is known of the address: the order of precedence, kept
 * apart from the store query that gathers the facts so it is tested
 * without a database. */
#ifndef TENURED_READER_LANG_H
#define TENURED_READER_LANG_H

#include <stdbool.h>

#include "lang.h"

/* What the store knows of one address. */
struct reader_lang_known {
	/* The address is the person of the contract the message is about. */
	bool own_contract;
	enum lang contract;
	/* An account with the address has a language set. */
	bool account;
	enum lang account_lang;
	/* The address is a person's: their latest contract (latest start,
	 * then latest created) says which. */
	bool person;
	enum lang person_lang;
};

/* The contract's own person reads its language; any other address reads
 * its account's, else its person's, else fallback ([daemon] language). */
enum lang reader_lang_choose(const struct reader_lang_known *k,
        enum lang fallback);

#endif
