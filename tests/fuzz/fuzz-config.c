/* Fuzz target for the configuration file: the input is written to a memfd
 * and read by config_load through /proc/self/fd/N, as tenured and
 * --check-config read /etc/tenured/tenured.conf. Any bytes give a
 * configuration or a list of errors in which each error has a message and
 * the line of the file it is about (SPEC section 10: file:line for every
 * error); never a crash, an out-of-bounds read or a leak. Seeds in config/,
 * words in config.dict; built by tests/fuzz/meson.build. Set
 * TENURED_FUZZ_CONFIG_LINES=0 to check memory safety only, not the
 * lines. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"
#include "driver.h"

static int fuzz_fd = -1;
static char fuzz_path[64];
static bool fuzz_check_lines = true;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *lines = getenv("TENURED_FUZZ_CONFIG_LINES");

	if ((fuzz_fd = memfd_create("fuzz-config", MFD_CLOEXEC)) < 0) {
		perror("fuzz-config: memfd_create");
		abort();
	}
	snprintf(fuzz_path, sizeof fuzz_path, "/proc/self/fd/%d", fuzz_fd);
	fuzz_check_lines = lines == NULL || strcmp(lines, "0") != 0;
	return 0;
}

static void
fuzz_config_fail(const char *why, const struct failure *f,
    const uint8_t *data, size_t size)
{
	fprintf(stderr, "fuzz-config: %s: line %d: %s\n--- input ---\n%.*s\n"
	    "---\n", why, f != NULL ? f->line : 0, f != NULL ? f->message : "",
	    (int)(size > 4096 ? 4096 : size), (const char *)data);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct failure_list errors = { 0 };
	struct config *c;
	int lines = 0;

	if (size > 1 << 20)
		return 0;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	lines += size > 0 && data[size - 1] != '\n';
	if (ftruncate(fuzz_fd, 0) != 0 ||
	    pwrite(fuzz_fd, data, size, 0) != (ssize_t)size) {
		perror("fuzz-config: memfd");
		abort();
	}
	c = config_load(fuzz_path, &errors);
	if (c == NULL && errors.count == 0)
		fuzz_config_fail("refused without an error", NULL, data, size);
	if (c != NULL && errors.count != 0)
		fuzz_config_fail("accepted with errors", &errors.items[0], data,
		    size);
	for (size_t i = 0; i < errors.count; i++) {
		const struct failure *f = &errors.items[i];

		if (f->kind == FAILURE_NONE || f->message[0] == '\0')
			fuzz_config_fail("an error without a message", f, data,
			    size);
		/* Only running out of memory is about no line. */
		if (fuzz_check_lines && f->kind != FAILURE_INTERNAL &&
		    (f->line < 1 || f->line > lines))
			fuzz_config_fail("an error without its line", f, data,
			    size);
	}
	if (c != NULL) {
		if (c->database == NULL || c->socket == NULL ||
		    c->timezone == NULL || c->domain == NULL ||
		    c->max_body == 0 || (c->api_token != NULL &&
		    strlen(c->api_token) < 16))
			fuzz_config_fail("an incomplete configuration", NULL,
			    data, size);
		if (c->listen != NULL) {
			char host[256];
			unsigned short port;

			config_split_listen(c->listen, host, sizeof host, &port);
		}
	}
	config_free(c);
	failure_list_free(&errors);
	return 0;
}
