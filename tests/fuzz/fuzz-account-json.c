/* libFuzzer harness for the account JSON reader (POST and PATCH
 * /api/v1/accounts): any bytes jansson takes as an object give an account
 * whose name, email and language pass their rules, or a failure naming a
 * field, and what is read is written back as JSON, as the daemon does;
 * never a crash, an out-of-bounds read or a leak. With libFuzzer:
 *   clang -g -O1 -D_GNU_SOURCE -DFUZZING_ENGINE \
 *     -fsanitize=fuzzer,address,undefined -I jobs -I store -I daemon \
 *     tests/fuzz/fuzz-account-json.c daemon/account-json.c \
 *     daemon/contract-json.c jobs/[a-z]*.c -ljansson -lical \
 *     -o fuzz-account-json
 *   ./fuzz-account-json corpus tests/fuzz/account-json
 * Without FUZZING_ENGINE it is a driver that replays the files of a
 * directory and N deterministic mutations of them (meson's test
 * fuzz-account-json).
 */
#include <dirent.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account-json.h"
#include "contract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok, const char *what, const uint8_t *data, size_t size)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz-account-json: %s for input: %.*s\n", what,
	    (int)size, (const char *)data);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *obj = json_loadb((const char *)data, size,
	    JSON_REJECT_DUPLICATES, NULL);

	if (!json_is_object(obj)) {
		json_decref(obj);
		return 0;
	}
	for (int patch = 0; patch < 2; patch++) {
		struct stored_account a = { .role = ACCOUNT_STAFF };
		struct failure f = { 0 };
		json_t *out;

		if (account_from_json(obj, &a, patch, &f) != 0) {
			/* Only a key that is empty names no field. */
			check(f.kind == FAILURE_INVALID_FIELD && f.message[0] !=
			    '\0' && (f.field[0] != '\0' ||
			    json_object_get(obj, "") != NULL),
			    "a failure without a field", data, size);
			continue;
		}
		check(patch || account_name_valid(a.name), "a bad name accepted",
		    data, size);
		check(a.email[0] == '\0' || contract_email_valid(a.email),
		    "a bad email accepted", data, size);
		check(a.language[0] == '\0' || account_language_valid(a.language),
		    "a bad language accepted", data, size);
		check((unsigned)a.role < ACCOUNT_ROLE_COUNT, "no role", data,
		    size);
		out = account_to_json(&a, "UTC");
		check(out != NULL, "the account cannot be written back", data,
		    size);
		json_decref(out);
	}
	json_decref(obj);
	return 0;
}

#ifndef FUZZING_ENGINE
static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static size_t
below(size_t n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return n ? (size_t)(seed % n) : 0;
}

static const char *const tokens[] = {
	"\"name\"", "\"role\"", "\"email\"", "\"language\"", "\"disabled\"",
	"\"admin\"", "\"hr\"", "\"auditor\"", "\"manager\"", "\"staff\"",
	"\"fr\"", "\"en\"", "null", "true", "false", "\"a@b.c\"", ":", ",",
	"{", "}", "\"\\u0000\"", "\"\\ud800\"", "1e999", "\"x@\"",
	"\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
};

int
main(int argc, char **argv)
{
	char *files[64], buf[4096];
	size_t lens[64], count = 0, runs = argc > 2 ?
	    strtoul(argv[2], NULL, 10) : 20000;
	DIR *dir;
	struct dirent *e;

	if (argc < 2 || (dir = opendir(argv[1])) == NULL) {
		fprintf(stderr, "usage: fuzz-account-json DIR [MUTATIONS]\n");
		return 2;
	}
	while ((e = readdir(dir)) != NULL && count < 64) {
		char path[4096];
		FILE *fp;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
		if ((fp = fopen(path, "rb")) == NULL)
			continue;
		lens[count] = fread(buf, 1, sizeof buf, fp);
		fclose(fp);
		files[count] = malloc(lens[count]);
		memcpy(files[count], buf, lens[count]);
		count++;
	}
	closedir(dir);
	if (count == 0)
		return 2;
	for (size_t i = 0; i < count; i++)
		LLVMFuzzerTestOneInput((uint8_t *)files[i], lens[i]);
	for (size_t r = 0; r < runs; r++) {
		size_t k = below(count), len = lens[k];
		char *exact;

		memcpy(buf, files[k], len);
		for (int m = 1 + (int)below(4); m > 0; m--) {
			size_t at = below(len + 1);
			const char *tok = tokens[below(sizeof tokens /
			    sizeof tokens[0])];
			size_t n = strlen(tok);

			switch (below(3)) {
			case 0:
				if (len > 0)
					buf[below(len)] = (char)below(256);
				break;
			case 1:
				n = below(len - at + 1);
				memmove(buf + at, buf + at + n, len - at - n);
				len -= n;
				break;
			default:
				if (len + n < sizeof buf) {
					memmove(buf + at + n, buf + at, len - at);
					memcpy(buf + at, tok, n);
					len += n;
				}
			}
		}
		exact = malloc(len ? len : 1);
		memcpy(exact, buf, len);
		LLVMFuzzerTestOneInput((uint8_t *)exact, len);
		free(exact);
	}
	printf("fuzz-account-json: %zu seeds, %zu mutations\n", count, runs);
	for (size_t i = 0; i < count; i++)
		free(files[i]);
	return 0;
}
#endif
