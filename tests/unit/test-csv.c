/* The CSV reader: RFC 4180 quoting, both delimiters, line numbers that
 * survive multi-line fields, every refusal with its line, and random input
 * that must never crash it. */
#include <stdint.h>
#include <stdlib.h>

#include "csv.h"
#include "tap.h"

/* Parses a copy of exactly len bytes with no terminating NUL, so reading one
 * byte too far is caught by the sanitizers. */
static struct csv_table *
parse(const char *text, size_t len, struct failure *f)
{
	char *copy = malloc(len ? len : 1);
	struct csv_table *t;

	memcpy(copy, text, len);
	t = csv_parse(copy, len, f);
	free(copy);
	return t;
}

static struct csv_table *
parse_str(const char *text, struct failure *f)
{
	return parse(text, strlen(text), f);
}

static void
test_basic(void)
{
	struct failure f;
	struct csv_table *t;

	t = parse_str("name,email\nAda,ada@example.org\nBob,bob@example.org\n", &f);
	CHECK(t != NULL, "plain comma file parses");
	if (t == NULL)
		return;
	CHECK_INT(t->delimiter, ',', "comma detected");
	CHECK_INT(t->header.count, 2, "two header fields");
	CHECK_STR(t->header.fields[1], "email", "header field text");
	CHECK_INT(t->header.line, 1, "header on line 1");
	CHECK_INT(t->row_count, 2, "two rows");
	CHECK_STR(t->rows[0].fields[0], "Ada", "first cell");
	CHECK_STR(t->rows[1].fields[1], "bob@example.org", "last cell");
	CHECK_INT(t->rows[0].line, 2, "row 1 on line 2");
	CHECK_INT(t->rows[1].line, 3, "row 2 on line 3");
	csv_table_free(t);

	t = parse_str("name;email\nAda;ada@example.org", &f);
	CHECK(t != NULL, "semicolon file without final newline parses");
	if (t != NULL) {
		CHECK_INT(t->delimiter, ';', "semicolon detected");
		CHECK_INT(t->row_count, 1, "one row");
		CHECK_STR(t->rows[0].fields[1], "ada@example.org",
		    "last field without newline");
	}
	csv_table_free(t);

	t = parse_str("name;email\nSmith, Ada;ada@example.org\n", &f);
	CHECK(t != NULL && t->rows[0].count == 2 &&
	    strcmp(t->rows[0].fields[0], "Smith, Ada") == 0,
	    "a comma is data in a semicolon file");
	csv_table_free(t);

	t = parse_str("\xEF\xBB\xBFname,email\nA,b\n", &f);
	CHECK(t != NULL && strcmp(t->header.fields[0], "name") == 0,
	    "BOM skipped, not part of the first name");
	CHECK(t != NULL && t->rows[0].line == 2, "BOM does not shift lines");
	csv_table_free(t);

	t = parse_str("name\nAda\n\"Smith, Bob\"\n", &f);
	CHECK(t != NULL && t->header.count == 1 && t->row_count == 2,
	    "single-column file needs no delimiter");
	CHECK(t != NULL && strcmp(t->rows[1].fields[0], "Smith, Bob") == 0,
	    "single column keeps quoted commas");
	csv_table_free(t);

	t = parse_str("\"a;b\",c\n1,2\n", &f);
	CHECK(t != NULL && t->delimiter == ',' && t->header.count == 2,
	    "a quoted ';' in the header does not count");
	csv_table_free(t);

	t = parse_str("a,b,c\n1\n1,2,3\n", &f);
	CHECK(t != NULL && t->rows[0].count == 1, "short row keeps its count");
	CHECK(t != NULL && strcmp(csv_field(&t->rows[0], 2), "") == 0,
	    "missing field reads as empty");
	CHECK(t != NULL && strcmp(csv_field(&t->rows[1], 2), "3") == 0,
	    "csv_field of a present field");
	csv_table_free(t);

	t = parse_str("a,b\n,\n", &f);
	CHECK(t != NULL && t->row_count == 1 && t->rows[0].count == 2 &&
	    t->rows[0].fields[0][0] == '\0' && t->rows[0].fields[1][0] == '\0',
	    "a row of empty fields is a row");
	csv_table_free(t);

	csv_table_free(NULL);
	CHECK(1, "csv_table_free(NULL) is a no-op");
}

static void
test_quotes(void)
{
	struct failure f;
	struct csv_table *t;

	t = parse_str("a,b\n\"say \"\"hi\"\"\",\"x,y\"\n\"\",z\n", &f);
	CHECK(t != NULL, "quoted fields parse");
	if (t == NULL)
		return;
	CHECK_STR(t->rows[0].fields[0], "say \"hi\"", "doubled quotes unescaped");
	CHECK_STR(t->rows[0].fields[1], "x,y", "quoted delimiter kept");
	CHECK_STR(t->rows[1].fields[0], "", "empty quoted field");
	CHECK_STR(t->rows[1].fields[1], "z", "field after empty quoted field");
	csv_table_free(t);

	t = parse_str("a,b\n\"line one\nline two\r\nline three\",x\nnext,y\n", &f);
	CHECK(t != NULL, "embedded newlines parse");
	if (t == NULL)
		return;
	CHECK_STR(t->rows[0].fields[0], "line one\nline two\r\nline three",
	    "embedded line breaks kept as written");
	CHECK_INT(t->rows[0].line, 2, "multi-line row starts on line 2");
	CHECK_INT(t->rows[1].line, 5, "row after a three-line field on line 5");
	csv_table_free(t);

	t = parse_str("a,b\nx,\"ends at eof\"", &f);
	CHECK(t != NULL && strcmp(t->rows[0].fields[1], "ends at eof") == 0,
	    "closing quote at end of input");
	csv_table_free(t);

	t = parse_str("a,b\nab\"c,d\n", &f);
	CHECK(t != NULL && strcmp(t->rows[0].fields[0], "ab\"c") == 0,
	    "a quote inside an unquoted field is data");
	csv_table_free(t);
}

static void
test_line_ends(void)
{
	struct failure f;
	struct csv_table *t;

	t = parse_str("a,b\r\n1,2\r\n\r\n3,4\r\n", &f);
	CHECK(t != NULL, "CRLF file parses");
	if (t != NULL) {
		CHECK_INT(t->row_count, 2, "blank CRLF line skipped");
		CHECK_STR(t->rows[0].fields[1], "2", "no CR left in the last field");
		CHECK_INT(t->rows[1].line, 4, "blank line still counted");
	}
	csv_table_free(t);

	t = parse_str("\n\n a,b\n\n\n1,2\n\n", &f);
	CHECK(t != NULL && t->header.line == 3, "leading blank lines skipped");
	CHECK(t != NULL && strcmp(t->header.fields[0], " a") == 0,
	    "spaces are data for the reader");
	CHECK(t != NULL && t->row_count == 1 && t->rows[0].line == 6,
	    "row after blank lines keeps its physical line");
	csv_table_free(t);

	t = parse_str("a,b\r1,2\r3,4", &f);
	CHECK(t != NULL && t->row_count == 2 && t->rows[1].line == 3,
	    "lone CR ends a line");
	csv_table_free(t);

	t = parse_str("a\n\"x\ry\"\nz\n", &f);
	CHECK(t != NULL && t->row_count == 2 && t->rows[1].line == 4,
	    "lone CR inside quotes counts as a line");
	csv_table_free(t);
}

/* Expects a refusal of kind with line, and the message to contain want. */
static void
expect_error(const char *text, size_t len, enum failure_kind kind, int line,
    const char *want, const char *what)
{
	struct failure f;
	struct csv_table *t = parse(text, len, &f);
	char label[160];

	snprintf(label, sizeof label, "%s: refused", what);
	CHECK(t == NULL, label);
	csv_table_free(t);
	if (t != NULL)
		return;
	snprintf(label, sizeof label, "%s: kind", what);
	CHECK_INT(f.kind, kind, label);
	snprintf(label, sizeof label, "%s: line", what);
	CHECK_INT(f.line, line, label);
	snprintf(label, sizeof label, "%s: message", what);
	if (!CHECK(strstr(f.message, want) != NULL, label))
		printf("#   message \"%s\", want \"%s\"\n", f.message, want);
}

#define EXPECT_ERROR(text, kind, line, want, what) \
	expect_error((text), sizeof(text) - 1, (kind), (line), (want), (what))

static void
test_errors(void)
{
	EXPECT_ERROR("", FAILURE_BAD_REQUEST, 1, "empty", "empty input");
	EXPECT_ERROR("\xEF\xBB\xBF", FAILURE_BAD_REQUEST, 1, "empty", "only a BOM");
	EXPECT_ERROR("\r\n\n", FAILURE_BAD_REQUEST, 1, "empty", "only blank lines");
	EXPECT_ERROR("a,b;c\n", FAILURE_BAD_REQUEST, 1, "mixes", "mixed delimiters");
	EXPECT_ERROR("a,b\n1,2\n\xC3\x28,x\n", FAILURE_BAD_REQUEST, 3,
	    "line 3 is not valid UTF-8", "bad continuation byte");
	EXPECT_ERROR("a\n\xC0\xAF\n", FAILURE_BAD_REQUEST, 2, "UTF-8",
	    "overlong encoding");
	EXPECT_ERROR("a\n\xED\xA0\x80\n", FAILURE_BAD_REQUEST, 2, "UTF-8",
	    "surrogate");
	EXPECT_ERROR("a\n\xF4\x90\x80\x80\n", FAILURE_BAD_REQUEST, 2, "UTF-8",
	    "past U+10FFFF");
	EXPECT_ERROR("a\nx\xE2\x82", FAILURE_BAD_REQUEST, 2, "UTF-8",
	    "truncated sequence at end");
	EXPECT_ERROR("a\r\n\"x\r\ny\"\r\n\xFF\r\n", FAILURE_BAD_REQUEST, 4,
	    "line 4", "invalid byte after a multi-line field");
	EXPECT_ERROR("a,b\n1,\0\n", FAILURE_BAD_REQUEST, 2, "NUL", "NUL byte");
	EXPECT_ERROR("a,b\n1,2\n\"open,x\ny,z\n", FAILURE_BAD_REQUEST, 3,
	    "opened on line 3 is never closed", "unterminated quote");
	EXPECT_ERROR("a,b\n\"x\"y,z\n", FAILURE_BAD_REQUEST, 2,
	    "text after a closing quote", "text after closing quote");
	EXPECT_ERROR("a,b\n\"x\" ,z\n", FAILURE_BAD_REQUEST, 2,
	    "closing quote", "space after closing quote");
	EXPECT_ERROR("a,b\n\"two\nlines\"x,z\n", FAILURE_BAD_REQUEST, 3,
	    "line 3 has text", "text after a closing quote on a later line");
	EXPECT_ERROR("a,b\n1,2\n1,2,3\n", FAILURE_BAD_REQUEST, 3,
	    "more fields than the header's 2", "too many fields");
	EXPECT_ERROR("a,b\n1,2,\n", FAILURE_BAD_REQUEST, 2,
	    "more fields", "trailing delimiter makes a field");
}

static char *
repeat_text(const char *head, const char *unit, size_t n, const char *tail,
    size_t *len)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * n + tl + 1), *p = s;

	memcpy(p, head, hl);
	p += hl;
	for (size_t i = 0; i < n; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, tail, tl + 1);
	*len = hl + ul * n + tl;
	return s;
}

static void
test_limits(void)
{
	struct failure f;
	struct csv_table *t;
	char *s, *p;
	size_t len;

	s = repeat_text("a", ",a", CSV_MAX_COLUMNS - 1, "\n", &len);
	t = parse(s, len, &f);
	CHECK(t != NULL && t->header.count == CSV_MAX_COLUMNS, "64 columns accepted");
	csv_table_free(t);
	free(s);
	s = repeat_text("a", ",a", CSV_MAX_COLUMNS, "\n", &len);
	expect_error(s, len, FAILURE_BAD_REQUEST, 1, "more than 64 columns",
	    "65 columns");
	free(s);

	s = repeat_text("a\n", "1\n", CSV_MAX_ROWS, "", &len);
	t = parse(s, len, &f);
	CHECK(t != NULL && t->row_count == CSV_MAX_ROWS, "100000 rows accepted");
	CHECK(t != NULL && t->rows[CSV_MAX_ROWS - 1].line == CSV_MAX_ROWS + 1,
	    "last of 100000 rows on its line");
	csv_table_free(t);
	free(s);
	s = repeat_text("a\n", "1\n", CSV_MAX_ROWS + 1, "", &len);
	expect_error(s, len, FAILURE_BAD_REQUEST, CSV_MAX_ROWS + 2,
	    "more than 100000 rows", "100001 rows");
	free(s);

	s = repeat_text("name,note\nx,", "y", CSV_MAX_FIELD, "\n", &len);
	t = parse(s, len, &f);
	CHECK(t != NULL && strlen(t->rows[0].fields[1]) == CSV_MAX_FIELD,
	    "4096-byte field accepted");
	csv_table_free(t);
	free(s);
	s = repeat_text("name,note\nx,", "y", CSV_MAX_FIELD + 1, "\n", &len);
	expect_error(s, len, FAILURE_INVALID_FIELD, 2, "longer than 4096",
	    "4097-byte field");
	t = parse(s, len, &f);
	CHECK_STR(f.field, "note", "long field names its column");
	free(s);
	/* Quoted: the limit is on the unquoted text, so 4096 doubled quotes
	 * (8192 bytes written) are fine. */
	s = repeat_text("a\n\"", "\"\"", CSV_MAX_FIELD, "\"\n", &len);
	t = parse(s, len, &f);
	CHECK(t != NULL && strlen(t->rows[0].fields[0]) == CSV_MAX_FIELD,
	    "limit counts unquoted bytes");
	csv_table_free(t);
	free(s);
	s = repeat_text("a\n\"", "x\n", CSV_MAX_FIELD, "\"\n", &len);
	expect_error(s, len, FAILURE_INVALID_FIELD, 2, "longer than 4096",
	    "long multi-line field reported on the row's first line");
	free(s);

	/* A long unknown header name is cut for the field without splitting
	 * a UTF-8 sequence. */
	s = repeat_text("a\n", "\xC3\xA9", 100, "", &len);
	p = s + 2;
	CHECK_INT(csv_utf8_prefix(p, 47), 46, "prefix stops before a cut sequence");
	CHECK_INT(csv_utf8_prefix(p, 48), 48, "prefix on a boundary");
	CHECK_INT(csv_utf8_prefix("abc", 47), 3, "short string whole");
	free(s);

	t = csv_parse("a\n1\n", 4, NULL);
	CHECK(t != NULL, "a NULL failure is allowed");
	csv_table_free(t);
	CHECK(csv_parse("a\n\"1\n", 5, NULL) == NULL, "and errors still refuse");
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* What every accepted table must satisfy, whatever the input. */
static int
table_sane(const struct csv_table *t)
{
	int last = t->header.line;

	if (t->header.count < 1 || t->header.count > CSV_MAX_COLUMNS)
		return 0;
	if (t->delimiter != ',' && t->delimiter != ';')
		return 0;
	for (size_t i = 0; i < t->row_count; i++) {
		const struct csv_row *r = &t->rows[i];

		if (r->count < 1 || r->count > t->header.count || r->line <= last)
			return 0;
		last = r->line;
		for (size_t j = 0; j < r->count; j++) {
			if (strlen(r->fields[j]) > CSV_MAX_FIELD)
				return 0;
		}
	}
	return 1;
}

static int
check_one(const char *buf, size_t len)
{
	struct failure f;
	struct csv_table *t = parse(buf, len, &f);
	int ok;

	if (t != NULL)
		ok = table_sane(t);
	else
		ok = f.kind != FAILURE_NONE && f.message[0] != '\0' &&
		    f.line >= 0;
	csv_table_free(t);
	return ok;
}

static void
test_random(void)
{
	/* Bytes that matter to the parser, weighted so random strings reach
	 * deep states rather than failing on the first byte. */
	static const char alphabet[] = ",;\"\"\"\r\n\n\nab \xC3\xA9\xE2\x82\xAC\xFF";
	static const char valid[] =
	    "\xEF\xBB\xBFname;email;start;note\r\n"
	    "Ada;ada@example.org;2025-09-01;\"multi\nline; \"\"quoted\"\"\"\r\n"
	    "\r\n"
	    "Bob;bob@example.org;2024-02-29;plain\r\n"
	    "\"Zo\xC3\xAB\";zoe@example.org;2023-01-31;\r\n";
	char buf[512];
	int bad = 0, accepted = 0;

	for (int i = 0; i < 4000; i++) {
		size_t len = rng() % sizeof buf;

		for (size_t j = 0; j < len; j++) {
			uint64_t r = rng();

			buf[j] = (r & 7) == 0 ? (char)(r >> 8) :
			    alphabet[(r >> 8) % (sizeof alphabet - 1)];
		}
		bad += !check_one(buf, len);
	}
	CHECK_INT(bad, 0, "4000 random byte strings: no crash, sane result");

	bad = 0;
	for (int i = 0; i < 4000; i++) {
		size_t len = sizeof valid - 1;
		int edits = 1 + (int)(rng() % 4);

		memcpy(buf, valid, len);
		for (int e = 0; e < edits; e++) {
			uint64_t r = rng();
			size_t at = (r >> 8) % (len + 1);
			char c = (r >> 32) & 1 ? (char)(r >> 40) :
			    alphabet[(r >> 40) % (sizeof alphabet - 1)];

			switch (r & 3) {
			case 0:		/* replace */
				if (at < len)
					buf[at] = c;
				break;
			case 1:		/* insert */
				if (len + 1 < sizeof buf) {
					memmove(buf + at + 1, buf + at, len - at);
					buf[at] = c;
					len++;
				}
				break;
			case 2:		/* delete */
				if (at < len) {
					memmove(buf + at, buf + at + 1,
					    len - at - 1);
					len--;
				}
				break;
			default:	/* truncate */
				len = at;
				break;
			}
		}
		bad += !check_one(buf, len);
		{
			struct failure f;
			struct csv_table *t = parse(buf, len, &f);

			accepted += t != NULL;
			csv_table_free(t);
		}
	}
	CHECK_INT(bad, 0, "4000 mutations of a valid file: no crash, sane result");
	/* Guards the mutation test itself: if nearly nothing parsed, it
	 * would only be exercising the first error paths. */
	CHECK(accepted > 400, "a fair share of mutations still parse");
	printf("# %d of 4000 mutations accepted\n", accepted);
}

int
main(void)
{
	test_basic();
	test_quotes();
	test_line_ends();
	test_errors();
	test_limits();
	test_random();
	return tap_done();
}
