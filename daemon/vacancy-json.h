/* Vacancies to the JSON of SPEC section 7, and back for the parts a
 * contract copies (the clause and a post's grade). */
#ifndef TENURED_VACANCY_JSON_H
#define TENURED_VACANCY_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "failure.h"
#include "vacancy.h"

json_t *vacancy_to_json(const struct vacancy *v);

/* What a contract linked to a stored vacancy takes from it. */
struct vacancy_terms {
	bool has_clause;
	struct vacancy_contract clause;
	char *grade;			/* of the post, or NULL */
	bool twin_graded;
	size_t post_count;
};

/* Reads the stored JSON of a vacancy; post is 1-based, 0 for none. */
int vacancy_terms_from_json(const char *data, int post,
        struct vacancy_terms *out, struct failure *f);
void vacancy_terms_clear(struct vacancy_terms *t);

#endif
