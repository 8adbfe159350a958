#include "reader-lang.h"

/*
 * An account's language is one someone chose for that reader; a contract's
 * is often only the default ('en' for contracts made before languages, or
 * made without one). So for an address that is not the person of the
 * contract in hand, the account speaks first.
 */
enum lang
reader_lang_choose(const struct reader_lang_known *k, enum lang fallback)
{
	if (k->own_contract && (unsigned)k->contract < LANG_COUNT)
		return k->contract;
	if (k->account && (unsigned)k->account_lang < LANG_COUNT)
		return k->account_lang;
	if (k->person && (unsigned)k->person_lang < LANG_COUNT)
		return k->person_lang;
	return (unsigned)fallback < LANG_COUNT ? fallback : LANG_DEFAULT;
}
