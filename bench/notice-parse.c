/* Notice parser throughput: parses every notice in a directory (the five
 * real ones by default) over and over for about two seconds of CPU time
 * on one core and prints MB/s. The SPEC's max_body is 1 MiB and imports
 * come a few at a time, so the aim is headroom, not a race: at least
 * 50 MB/s in a release build.
 *   bench-notice-parse [DIR] [SECONDS] */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notice.h"

struct notice_parse_file {
	char *data;
	size_t len;
};

static double
notice_parse_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/data/notices/real";
	double seconds = argc > 2 ? atof(argv[2]) : 2.0, t0, elapsed;
	struct notice_parse_file files[64];
	size_t count = 0, bytes = 0, total = 0, rounds = 0;
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL) {
		fprintf(stderr, "bench-notice-parse: cannot open %s\n", dir);
		return 2;
	}
	while ((e = readdir(d)) != NULL && count < 64) {
		char path[4096];
		FILE *fp;
		long size;

		if (strlen(e->d_name) < 5 ||
		    strcmp(e->d_name + strlen(e->d_name) - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if ((fp = fopen(path, "rb")) == NULL)
			continue;
		fseek(fp, 0, SEEK_END);
		size = ftell(fp);
		rewind(fp);
		files[count].data = malloc(size > 0 ? (size_t)size : 1);
		files[count].len = fread(files[count].data, 1, (size_t)size,
		    fp);
		bytes += files[count].len;
		count++;
		fclose(fp);
	}
	closedir(d);
	if (count == 0) {
		fprintf(stderr, "bench-notice-parse: no .txt files in %s\n",
		    dir);
		return 2;
	}
	t0 = notice_parse_now();
	do {
		for (size_t i = 0; i < count; i++) {
			struct failure f;
			struct vacancy *v = notice_parse(files[i].data,
			    files[i].len, &f);

			if (v == NULL) {
				fprintf(stderr, "bench-notice-parse: %s\n",
				    f.message);
				return 1;
			}
			vacancy_free(v);
		}
		total += bytes;
		rounds++;
		elapsed = notice_parse_now() - t0;
	} while (elapsed < seconds);
	printf("notice-parse: %zu notices, %zu bytes, %zu rounds in %.2f s: "
	    "%.1f MB/s, %.1f us per notice\n", count, bytes, rounds, elapsed,
	    (double)total / elapsed / 1e6,
	    elapsed * 1e6 / (double)(rounds * count));
	for (size_t i = 0; i < count; i++)
		free(files[i].data);
	return 0;
}
