/* The language a message to one address is written in (SPEC section 12):
 * the one place deliveries and digests ask. */
#ifndef TENURED_RECIPIENT_LANG_H
#define TENURED_RECIPIENT_LANG_H

#include <stdint.h>

#include "lang.h"

struct config;
struct store;

/* For email, in a message about contract contract_id (0: none): the
 * contract's language when email is its person's, else the language of
 * an account or person with that email (jobs/reader-lang.c), else
 * [daemon] language, which is also the answer when the store cannot
 * say (logged: a reminder in the wrong language beats none). */
enum lang recipient_lang(struct store *st, const struct config *c,
        const char *email, int64_t contract_id);

#endif
