/* The replay driver of the fuzz targets (see driver.h): what meson runs in
 * suite "fuzz" with every compiler, so every `meson test` and the
 * sanitizer build fuzz a little, the same way on every machine. */
#include "driver.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Targets without set-up do not define it. */
#pragma weak LLVMFuzzerInitialize

struct driver_blob {
	char *data;
	size_t len;
};

struct driver_set {
	struct driver_blob *items;
	size_t count;
};

static struct driver_set driver_seeds;
static struct driver_set driver_words;
static uint64_t driver_state = 0x9e3779b97f4a7c15u;

/* xorshift64*: the same mutations on every run and every machine. */
static uint64_t
driver_random(void)
{
	driver_state ^= driver_state >> 12;
	driver_state ^= driver_state << 25;
	driver_state ^= driver_state >> 27;
	return driver_state * 0x2545f4914f6cdd1du;
}

static size_t
driver_below(size_t n)
{
	return n == 0 ? 0 : (size_t)(driver_random() % n);
}

static void *
driver_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fprintf(stderr, "fuzz driver: out of memory\n");
		exit(2);
	}
	return p;
}

static void
driver_add(struct driver_set *s, const char *data, size_t len)
{
	struct driver_blob *b;

	s->items = realloc(s->items, (s->count + 1) * sizeof *s->items);
	if (s->items == NULL) {
		fprintf(stderr, "fuzz driver: out of memory\n");
		exit(2);
	}
	b = &s->items[s->count++];
	b->data = driver_alloc(len);
	memcpy(b->data, data, len);
	b->len = len;
}

static void
driver_load_file(const char *path, size_t max_len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t len;

	if (fp == NULL)
		return;
	buf = driver_alloc(max_len);
	len = fread(buf, 1, max_len, fp);
	fclose(fp);
	driver_add(&driver_seeds, buf, len);
	free(buf);
}

static void
driver_load(const char *path, size_t max_len, int depth)
{
	struct stat sb;
	struct dirent *e;
	DIR *d;

	if (stat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		if (S_ISREG(sb.st_mode))
			driver_load_file(path, max_len);
		return;
	}
	if (depth > 3 || (d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char sub[4096];

		if (e->d_name[0] == '.')
			continue;
		if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) <
		    (int)sizeof sub)
			driver_load(sub, max_len, depth + 1);
	}
	closedir(d);
}

static int
driver_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A libFuzzer dictionary: one "word" a line, optionally name="word", with
 * \\, \" and \xHH escapes; # starts a comment. */
static void
driver_load_dict(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[4096], word[4096];

	if (fp == NULL) {
		fprintf(stderr, "fuzz driver: cannot read %s\n", path);
		exit(2);
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		char *p = line + strspn(line, " \t");
		size_t n = 0;

		if (*p == '#' || (p = strchr(p, '"')) == NULL)
			continue;
		for (p++; *p != '\0' && *p != '"' && n < sizeof word; p++) {
			if (*p == '\\' && p[1] == 'x' && driver_hex(p[2]) >= 0 &&
			    driver_hex(p[3]) >= 0) {
				word[n++] = (char)(driver_hex(p[2]) << 4 |
				    driver_hex(p[3]));
				p += 3;
			} else if (*p == '\\' && p[1] != '\0') {
				word[n++] = *++p;
			} else {
				word[n++] = *p;
			}
		}
		if (n > 0)
			driver_add(&driver_words, word, n);
	}
	fclose(fp);
}

static size_t
driver_insert(char *buf, size_t len, size_t cap, size_t at, const char *src,
    size_t n)
{
	if (len + n > cap)
		return len;
	memmove(buf + at + n, buf + at, len - at);
	/* src may lie in buf (a copied range): memmove. */
	memmove(buf + at, src, n);
	return len + n;
}

static size_t
driver_mutate(char *buf, size_t len, size_t cap)
{
	int rounds = 1 + (int)driver_below(6);

	for (int r = 0; r < rounds; r++) {
		size_t at = driver_below(len + 1), n;
		const struct driver_blob *o;

		switch (driver_below(8)) {
		case 0:		/* flip a bit */
			if (len > 0)
				buf[driver_below(len)] ^=
				    (char)(1 << driver_below(8));
			break;
		case 1:		/* any byte */
			if (len > 0)
				buf[driver_below(len)] = (char)driver_random();
			break;
		case 2:		/* delete a range */
			n = driver_below(len - at + 1);
			n = n > 256 ? driver_below(256) : n;
			memmove(buf + at, buf + at + n, len - at - n);
			len -= n;
			break;
		case 3:		/* duplicate a range */
			n = driver_below(len - at + 1) % 1024;
			len = driver_insert(buf, len, cap, at, buf + at, n);
			break;
		case 4:		/* cut the end */
			len = at;
			break;
		case 5:		/* splice another seed in */
			o = &driver_seeds.items[driver_below(driver_seeds.count)];
			n = driver_below(o->len + 1);
			at = driver_below(o->len - n + 1);
			len = driver_insert(buf, len, cap, driver_below(len + 1),
			    o->data + at, n % 512);
			break;
		default:	/* a word the parser knows */
			if (driver_words.count == 0)
				break;
			o = &driver_words.items[driver_below(driver_words.count)];
			if (driver_below(4) == 0 && len >= o->len) {
				/* overwrite rather than insert */
				at = driver_below(len - o->len + 1);
				memcpy(buf + at, o->data, o->len);
			} else {
				len = driver_insert(buf, len, cap, at, o->data,
				    o->len);
			}
			break;
		}
	}
	return len;
}

static void
driver_run(const char *data, size_t len)
{
	/* Exactly len bytes: a read past the end is an ASan error. */
	char *exact = driver_alloc(len);

	memcpy(exact, data, len);
	LLVMFuzzerTestOneInput((const uint8_t *)exact, len);
	free(exact);
}

static void
driver_usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-d DICT] [-n MUTATIONS] [-m MAX_LEN] "
	    "SEED_DIR_OR_FILE...\n", prog);
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 :
	    argv[0];
	size_t mutations = 2000, max_len = 1 << 20, cap;
	struct timespec t0, t1;
	char *buf;
	int c;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	while ((c = getopt(argc, argv, "d:n:m:")) != -1) {
		switch (c) {
		case 'd':
			driver_load_dict(optarg);
			break;
		case 'n':
			mutations = strtoul(optarg, NULL, 10);
			break;
		case 'm':
			max_len = strtoul(optarg, NULL, 10);
			break;
		default:
			driver_usage(prog);
		}
	}
	if (optind == argc || max_len == 0)
		driver_usage(prog);
	for (int i = optind; i < argc; i++)
		driver_load(argv[i], max_len, 0);
	if (driver_seeds.count == 0) {
		fprintf(stderr, "%s: no seed files\n", prog);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < driver_seeds.count; i++)
		driver_run(driver_seeds.items[i].data, driver_seeds.items[i].len);
	cap = max_len;
	buf = driver_alloc(cap);
	for (size_t i = 0; i < mutations; i++) {
		const struct driver_blob *o =
		    &driver_seeds.items[driver_below(driver_seeds.count)];
		size_t len = o->len;

		memcpy(buf, o->data, len);
		len = driver_mutate(buf, len, cap);
		driver_run(buf, len);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%s: %zu seeds, %zu words, %zu mutations, %.2f s\n", prog,
	    driver_seeds.count, driver_words.count, mutations,
	    (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	free(buf);
	for (size_t i = 0; i < driver_seeds.count; i++)
		free(driver_seeds.items[i].data);
	for (size_t i = 0; i < driver_words.count; i++)
		free(driver_words.items[i].data);
	free(driver_seeds.items);
	free(driver_words.items);
	return 0;
}
