/*
 * Fuzz harness for the vacancy notice parser: any bytes must give a vacancy
 * whose every string is valid UTF-8 text, or a refusal that names a field
 * and says why, without crashing, reading out of bounds, leaking or taking
 * more than linear time.
 *
 * With libFuzzer (see tests/fuzz/README.md):
 *   clang -g -O1 -D_GNU_SOURCE -DFUZZING_ENGINE \
 *     -fsanitize=fuzzer,address,undefined -I jobs tests/fuzz/fuzz-notice.c \
 *     jobs/notice*.c jobs/vacancy.c jobs/date.c jobs/localtime.c \
 *     jobs/failure.c jobs/policy.c -lical -o fuzz-notice
 *   ./fuzz-notice -max_len=1048576 -dict=tests/fuzz/notice.dict \
 *     corpus tests/data/notices/real tests/data/notices/variants
 *
 * Without it (the meson test in suite "fuzz"), main() below replays every
 * file under a directory and then N deterministic random mutations of
 * them: fuzz-notice DIR [N].
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Well-formed UTF-8 without control characters: what the JSON and the
 * calendar files built from a vacancy need. */
static void
fuzz_notice_text(const char *s, const char *what)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL)
		return;
	while (*p != '\0') {
		size_t k = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;

		if (*p < 0x20 || *p == 0x7f || (*p >= 0x80 && *p < 0xc2) ||
		    *p > 0xf4) {
			fprintf(stderr, "%s: byte 0x%02x in \"%s\"\n", what,
			    *p, s);
			abort();
		}
		for (size_t i = 1; i < k; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				fprintf(stderr, "%s: bad UTF-8 in \"%s\"\n",
				    what, s);
				abort();
			}
		}
		p += k;
	}
}

static void
fuzz_notice_months(int m)
{
	if (m != POLICY_NONE && (m < 1 || m > 1200))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct failure f;
	struct vacancy *v = notice_parse((const char *)data, size, &f);
	struct policy defaults, p;

	if (v == NULL) {
		/* A refusal must say what and why. */
		if (f.kind == FAILURE_NONE || f.field[0] == '\0' ||
		    f.message[0] == '\0')
			abort();
		fuzz_notice_text(f.message, "error message");
		return 0;
	}
	if (v->reference == NULL || strspn(v->reference, "0123456789") !=
	    strlen(v->reference) || strlen(v->reference) < 4)
		abort();
	if (v->post_count < 1 || v->post_count > NOTICE_MAX_POSTS ||
	    v->warnings.count > NOTICE_MAX_WARNINGS)
		abort();
	fuzz_notice_text(v->title, "title");
	for (size_t i = 0; i < v->post_count; i++) {
		fuzz_notice_text(v->posts[i].title, "post title");
		fuzz_notice_text(v->posts[i].grade, "post grade");
		fuzz_notice_text(v->posts[i].post_number, "post number");
	}
	fuzz_notice_text(v->location, "location");
	fuzz_notice_text(v->nato_body, "nato_body");
	fuzz_notice_text(v->schedule, "schedule");
	fuzz_notice_text(v->salary_amount, "salary amount");
	fuzz_notice_text(v->salary_currency, "salary currency");
	fuzz_notice_text(v->salary_basis, "salary basis");
	fuzz_notice_text(v->grade_min, "grade min");
	fuzz_notice_text(v->grade_max, "grade max");
	fuzz_notice_text(v->clearance, "clearance");
	if (v->salary_amount != NULL &&
	    strspn(v->salary_amount, "0123456789.") != strlen(v->salary_amount))
		abort();
	for (size_t i = 0; i < v->warnings.count; i++) {
		if (v->warnings.items[i].field[0] == '\0' ||
		    v->warnings.items[i].message[0] == '\0')
			abort();
		fuzz_notice_text(v->warnings.items[i].message, "warning");
	}
	fuzz_notice_months(v->contract.initial_term_months);
	fuzz_notice_months(v->contract.renewal_term_months);
	fuzz_notice_months(v->contract.max_service_months);
	fuzz_notice_months(v->contract.conversion_deadline_months);
	if (v->has_contract &&
	    (v->contract.initial_term_months == POLICY_NONE ||
	    v->contract.renewal_term_months == POLICY_NONE))
		abort();
	/* Any clause over valid defaults makes a valid policy. */
	policy_default(&defaults);
	vacancy_policy(v, &defaults, &p);
	if (policy_validate(&p, &f) != 0)
		abort();
	vacancy_free(v);
	return 0;
}

#ifndef FUZZING_ENGINE
struct fuzz_notice_file {
	char *data;
	size_t len;
};

static struct fuzz_notice_file *fuzz_notice_files;
static size_t fuzz_notice_count;
static uint64_t fuzz_notice_state = 0x9e3779b97f4a7c15u;

/* xorshift64*: the same mutations on every run and every machine. */
static uint64_t
fuzz_notice_random(void)
{
	fuzz_notice_state ^= fuzz_notice_state >> 12;
	fuzz_notice_state ^= fuzz_notice_state << 25;
	fuzz_notice_state ^= fuzz_notice_state >> 27;
	return fuzz_notice_state * 0x2545f4914f6cdd1du;
}

static size_t
fuzz_notice_below(size_t n)
{
	return n == 0 ? 0 : (size_t)(fuzz_notice_random() % n);
}

static void
fuzz_notice_load(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct fuzz_notice_file *file;
		char path[4096];
		FILE *fp;
		long size;

		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >=
		    (int)sizeof path)
			continue;
		if (depth < 3)
			fuzz_notice_load(path, depth + 1);
		if ((fp = fopen(path, "rb")) == NULL)
			continue;
		if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) <= 0 ||
		    size > (1 << 20)) {
			fclose(fp);
			continue;
		}
		rewind(fp);
		fuzz_notice_files = realloc(fuzz_notice_files,
		    (fuzz_notice_count + 1) * sizeof *fuzz_notice_files);
		file = &fuzz_notice_files[fuzz_notice_count++];
		file->data = malloc((size_t)size);
		file->len = fread(file->data, 1, (size_t)size, fp);
		fclose(fp);
	}
	closedir(d);
}

/* Tokens the parser looks for, so mutations reach its deeper rules. */
static const char *const fuzz_notice_tokens[] = {
	"Application Deadline: ", "Date de retrait : ", "Primary Location: ",
	"Salary (Pay Basis): ", "Grade: NATO Grade G11-G15", "Clearance Level ",
	"Description", "6. CONTRACT", "2. QUALIFICATIONS", "1. SUMMARY", "- ",
	"* ", "**", "### ", "(G17)", "(G17-G20)", "(OCIOxxxx)", "(OCIO0013)",
	"(3 posts)", "(241370)", "-250914", "31-Feb-2026", "29-mars-2026",
	"11:59:00 PM", "23:59:00", "févr.", "août", "three years",
	"turnover is not desirable", "may be followed by an indefinite",
	"no later than one year before the end", "seconded",
	"renewal for up to", "maximum period of service",
	"Pending budget approval", "NOTE:", "\r\n", "\r", "\n", "\t",
	"\xc2\xa0", "\xe2\x80\x93", "\xc3", "\xef\xbb\xbf",
	"5,043.00Euro (EUR) Monthly", "<b>", "\\(", "(", ")", "1er", "12:00 AM",
};

static size_t
fuzz_notice_mutate(char *buf, size_t len, size_t cap)
{
	int rounds = 1 + (int)fuzz_notice_below(8);

	for (int r = 0; r < rounds; r++) {
		size_t at = fuzz_notice_below(len + 1), n;
		const char *tok;

		switch (fuzz_notice_below(7)) {
		case 0:		/* flip a bit */
			if (len > 0)
				buf[fuzz_notice_below(len)] ^=
				    (char)(1 << fuzz_notice_below(8));
			break;
		case 1:		/* any byte */
			if (len > 0)
				buf[fuzz_notice_below(len)] =
				    (char)fuzz_notice_random();
			break;
		case 2:		/* delete a range */
			n = fuzz_notice_below(len - at + 1);
			n = n > 4096 ? fuzz_notice_below(4096) : n;
			memmove(buf + at, buf + at + n, len - at - n);
			len -= n;
			break;
		case 3:		/* duplicate a range */
			n = fuzz_notice_below(len - at + 1) % 2048;
			if (len + n <= cap) {
				memmove(buf + at + n, buf + at, len - at);
				len += n;
			}
			break;
		case 4:		/* splice another notice in */
		case 5:		/* a token the parser knows */
		default: {
			struct fuzz_notice_file *o = &fuzz_notice_files[
			    fuzz_notice_below(fuzz_notice_count)];
			size_t from = fuzz_notice_below(o->len);

			if (fuzz_notice_below(2) == 0) {
				tok = fuzz_notice_tokens[fuzz_notice_below(
				    sizeof fuzz_notice_tokens /
				    sizeof fuzz_notice_tokens[0])];
				n = strlen(tok);
			} else {
				tok = o->data + from;
				n = fuzz_notice_below(o->len - from) % 512;
			}
			if (len + n <= cap) {
				memmove(buf + at + n, buf + at, len - at);
				memcpy(buf + at, tok, n);
				len += n;
			}
			break;
		}
		}
	}
	return len;
}

int
main(int argc, char **argv)
{
	size_t cap = 1 << 20, accepted = 0;
	size_t mutations = argc > 2 ? strtoul(argv[2], NULL, 10) : 20000;
	char *buf = malloc(cap);
	clock_t t0 = clock();

	if (argc < 2) {
		fprintf(stderr, "usage: fuzz-notice DIR [MUTATIONS]\n");
		return 2;
	}
	fuzz_notice_load(argv[1], 0);
	if (fuzz_notice_count == 0) {
		fprintf(stderr, "fuzz-notice: no files under %s\n", argv[1]);
		return 2;
	}
	for (size_t i = 0; i < fuzz_notice_count; i++) {
		struct failure f;
		struct vacancy *v;

		LLVMFuzzerTestOneInput(
		    (const uint8_t *)fuzz_notice_files[i].data,
		    fuzz_notice_files[i].len);
		v = notice_parse(fuzz_notice_files[i].data,
		    fuzz_notice_files[i].len, &f);
		accepted += v != NULL;
		vacancy_free(v);
	}
	for (size_t i = 0; i < mutations; i++) {
		struct fuzz_notice_file *o = &fuzz_notice_files[
		    fuzz_notice_below(fuzz_notice_count)];
		size_t len = o->len;
		struct failure f;
		struct vacancy *v;
		char *exact;

		memcpy(buf, o->data, len);
		len = fuzz_notice_mutate(buf, len, cap);
		/* Exactly len bytes: a read past the end is an ASan error. */
		exact = malloc(len ? len : 1);
		memcpy(exact, buf, len);
		LLVMFuzzerTestOneInput((const uint8_t *)exact, len);
		v = notice_parse(exact, len, &f);
		accepted += v != NULL;
		vacancy_free(v);
		free(exact);
	}
	printf("fuzz-notice: %zu files, %zu mutations, %zu accepted, %zu "
	    "refused, %.2f s\n", fuzz_notice_count, mutations, accepted,
	    fuzz_notice_count + mutations - accepted,
	    (double)(clock() - t0) / CLOCKS_PER_SEC);
	for (size_t i = 0; i < fuzz_notice_count; i++)
		free(fuzz_notice_files[i].data);
	free(fuzz_notice_files);
	free(buf);
	return 0;
}
#endif
