#include "recipient-lang.h"

#include "config.h"
#include "log.h"
#include "reader-lang.h"
#include "store.h"

enum lang
recipient_lang(struct store *st, const struct config *c, const char *email,
    int64_t contract_id)
{
	struct reader_lang_known k;
	struct failure f = { 0 };

	if (email == NULL || email[0] == '\0')
		return c->language;
	if (store_reader_langs(st, email, contract_id, &k, &f) != 0) {
		log_warnx("the language of %s is unknown (%s); writing in %s",
		    email, f.message, lang_code(c->language));
		return c->language;
	}
	return reader_lang_choose(&k, c->language);
}
