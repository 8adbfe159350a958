/* The posts a notice lists: the bullets before section 2 that carry a grade
 * in parentheses, "Officer, Incident Management (G17)(OCIOxxxx) - Pending
 * budget approval", in either language; or, when there are none, the one
 * post the header describes. */
#include "notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"

/* The first "(...)" holding nothing but a grade, or false. */
static bool
notice_posts_grade(const char *s, size_t n, size_t *open, size_t *close,
    struct notice_grade *g)
{
	for (size_t i = 0; i < n; i++) {
		size_t a, b, c;

		if (s[i] != '(')
			continue;
		for (c = i + 1; c < n && s[c] != ')' && s[c] != '('; c++)
			;
		if (c >= n || s[c] != ')')
			continue;
		for (a = i + 1; a < c && s[a] == ' '; a++)
			;
		for (b = c; b > a && s[b - 1] == ' '; b--)
			;
		if (b > a && notice_fields_grade(s + a, b - a, g) == b - a) {
			*open = i;
			*close = c;
			return true;
		}
	}
	return false;
}

/* The post number is in a later pair of parentheses: "(OCIO0013)", or a
 * placeholder such as "(OCIOxxxx)" that gets a warning. */
static int
notice_posts_number(struct vacancy *v, struct notice_posts *pp,
    const char *s, size_t n, size_t from, int line)
{
	struct vacancy_post *post = &v->posts[v->post_count - 1];
	char q[64], field[48];

	for (size_t i = from; i < n; i++) {
		size_t a, b, close;
		enum notice_post_number kind;

		if (s[i] != '(')
			continue;
		for (b = i + 1; b < n && s[b] != ')' && s[b] != '('; b++)
			;
		if (b >= n || s[b] != ')')
			continue;
		for (a = i + 1; a < b && s[a] == ' '; a++)
			;
		close = b;
		while (b > a && s[b - 1] == ' ')
			b--;
		kind = notice_fields_post_number(s + a, b - a);
		if (kind == NOTICE_POST_NUMBER_REAL && (post->post_number =
		    notice_text_strndup(s + a, b - a)) == NULL)
			return -1;
		if (kind == NOTICE_POST_NUMBER_PLACEHOLDER) {
			notice_text_quote(q, 40, s + a, b - a);
			snprintf(field, sizeof field, "posts[%zu].post_number",
			    v->post_count - 1);
			if (notice_warn(v, field, line, "post %zu: \"%s\" is a "
			    "placeholder, not a post number", v->post_count,
			    q) < 0)
				return -1;
		}
		if (kind != NOTICE_POST_NUMBER_NONE) {
			pp->numbered[v->post_count - 1] = true;
			return 0;
		}
		i = close;
	}
	return 0;
}

int
notice_posts_bullet(struct vacancy *v, struct notice_posts *pp,
    struct failure *f, const char *s, size_t n, int line)
{
	struct vacancy_post *post;
	struct notice_grade g;
	size_t open, close, title_len;

	if (!notice_posts_grade(s, n, &open, &close, &g))
		return 0;
	if (v->post_count == NOTICE_MAX_POSTS)
		return failure_set(f, FAILURE_INVALID_FIELD, "posts",
		    "line %d: the notice lists more than %d posts; this is not "
		    "a vacancy notice we can read", line, NOTICE_MAX_POSTS);
	if (v->post_count == 0 && (v->posts = calloc(NOTICE_MAX_POSTS,
	    sizeof *v->posts)) == NULL)
		return -1;
	pp->line[v->post_count] = line;
	post = &v->posts[v->post_count++];
	title_len = notice_text_trim_title(s, open);
	if ((title_len > 0 &&
	    (post->title = notice_text_strndup(s, title_len)) == NULL) ||
	    (post->grade = strdup(g.text)) == NULL)
		return -1;
	if (post->title != NULL && !contract_visible_text(post->title))
		return notice_text_hidden(f, "posts", line);
	post->twin_graded = g.twin;
	post->pending_budget_approval = notice_text_pending(s, n);
	return notice_posts_number(v, pp, s, n, close + 1, line) < 0 ? -1 : 1;
}

int
notice_posts_finish(struct vacancy *v, const struct notice_posts *pp,
    const struct notice_grade *g, int title_line)
{
	bool any_number = false;

	if (v->post_count == 0) {
		/* No list: the notice is for one post, the header's. */
		if ((v->posts = calloc(1, sizeof *v->posts)) == NULL)
			return -1;
		v->post_count = 1;
		if ((v->title != NULL &&
		    (v->posts[0].title = strdup(v->title)) == NULL) ||
		    (v->grade_min != NULL &&
		    (v->posts[0].grade = strdup(g->text)) == NULL))
			return -1;
		v->posts[0].twin_graded = v->grade_twin_graded;
		v->posts[0].pending_budget_approval =
		    v->pending_budget_approval;
	}
	/* "- (G17) (OCIO0013)": the post is the notice's own. */
	for (size_t i = 0; i < v->post_count; i++) {
		if (v->posts[i].title == NULL && v->title != NULL &&
		    (v->posts[i].title = strdup(v->title)) == NULL)
			return -1;
	}
	if (v->posts_announced > 0 &&
	    (size_t)v->posts_announced != v->post_count &&
	    notice_warn(v, "posts", title_line, "the title announces %d "
	    "post%s but the notice lists %zu", v->posts_announced,
	    v->posts_announced == 1 ? "" : "s", v->post_count) < 0)
		return -1;
	for (size_t i = 0; i < v->post_count && i < NOTICE_MAX_POSTS; i++)
		any_number |= pp->numbered[i];
	for (size_t i = 0; any_number && i < v->post_count; i++) {
		char field[48];

		snprintf(field, sizeof field, "posts[%zu].post_number", i);
		if (!pp->numbered[i] && notice_warn(v, field, pp->line[i],
		    "post %zu has no post number while others have one",
		    i + 1) < 0)
			return -1;
	}
	return 0;
}
