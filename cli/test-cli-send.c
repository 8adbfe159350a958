/* Unit tests of what tenurectl sends the daemon (SPEC section 12):
 * Accept-Language on every request, in the language of the environment,
 * and the language options of contract add, contract edit and feed create,
 * with the French tenurectl prints of the answers. A fake daemon on a Unix
 * socket records the requests and answers with the JSON a test gives it. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>

#include "i18n.h"
#include "tenurectl.h"
#include "../tests/unit/tap.h"

/* The fake daemon: the requests it reads are added to dir/requests, and
 * each is answered 200 with the contents of dir/reply. */
struct fake {
	char dir[64];
	char socket[96];
	pid_t pid;
};

static char *
fake_file(const struct fake *fk, const char *name)
{
	char *path;

	if (asprintf(&path, "%s/%s", fk->dir, name) == -1)
		return NULL;
	return path;
}

static char *
fake_read(const struct fake *fk, const char *name)
{
	char *path = fake_file(fk, name), *text;
	size_t len;

	text = path != NULL ? cmd_slurp(path, 1 << 20, &len) : NULL;
	free(path);
	return text;
}

static void
fake_write(const struct fake *fk, const char *name, const char *text,
    const char *mode)
{
	char *path = fake_file(fk, name);
	FILE *f;

	if (path != NULL && (f = fopen(path, mode)) != NULL) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

/* One connection: the request (headers and Content-Length bytes) saved,
 * the reply sent, the connection closed. */
static void
fake_serve(const struct fake *fk, int c)
{
	char buf[65536], *end, *cl, *reply, head[256];
	size_t len = 0, want;
	ssize_t n;

	while (len < sizeof buf - 1) {
		n = read(c, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) == NULL)
			continue;
		cl = strcasestr(buf, "\r\nContent-Length:");
		want = (size_t)(end + 4 - buf) + (cl != NULL && cl < end ?
		    strtoul(cl + 17, NULL, 10) : 0);
		if (len >= want)
			break;
	}
	buf[len] = '\0';
	fake_write(fk, "requests", buf, "a");
	reply = fake_read(fk, "reply");
	snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: "
	    "application/json\r\nContent-Length: %zu\r\nConnection: close\r\n"
	    "\r\n", reply != NULL ? strlen(reply) : 0);
	if (write(c, head, strlen(head)) < 0 || (reply != NULL &&
	    write(c, reply, strlen(reply)) < 0))
		_exit(1);
	free(reply);
	close(c);
}

static int
fake_start(struct fake *fk)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s, c;

	snprintf(fk->dir, sizeof fk->dir, "/tmp/test-cli-fr-XXXXXX");
	if (mkdtemp(fk->dir) == NULL)
		return -1;
	snprintf(fk->socket, sizeof fk->socket, "%s/api.sock", fk->dir);
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", fk->socket);
	fake_write(fk, "reply", "{}", "w");
	if ((s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    bind(s, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(s, 8) == -1)
		return -1;
	fflush(stdout);
	if ((fk->pid = fork()) == -1)
		return -1;
	if (fk->pid == 0) {
		for (;;) {
			if ((c = accept(s, NULL, NULL)) >= 0)
				fake_serve(fk, c);
			else if (errno != EINTR)
				_exit(1);
		}
	}
	close(s);
	return 0;
}

static void
fake_stop(struct fake *fk)
{
	char *path;

	if (fk->pid > 0) {
		kill(fk->pid, SIGTERM);
		waitpid(fk->pid, NULL, 0);
	}
	if ((path = fake_file(fk, "requests")) != NULL)
		unlink(path);
	free(path);
	if ((path = fake_file(fk, "reply")) != NULL)
		unlink(path);
	free(path);
	unlink(fk->socket);
	rmdir(fk->dir);
}

/*
 * argv after the command's name, run as tenurectl runs it against the fake
 * daemon: its exit status, what it printed (both streams) in *out. The
 * fake daemon's requests are then this run's.
 */
static int
run(const struct fake *fk, char **out, const struct cmd_entry *entry,
    int argc, ...)
{
	struct cmd_ctx ctx = { .entry = entry };
	struct args args;
	char *argv[16], *error;
	int i, status, saved[2];
	FILE *tmp;
	long len;
	va_list ap;

	va_start(ap, argc);
	for (i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	fake_write(fk, "requests", "", "w");
	fflush(stdout);
	fflush(stderr);
	tmp = tmpfile();
	saved[0] = dup(STDOUT_FILENO);
	saved[1] = dup(STDERR_FILENO);
	if (tmp != NULL) {
		dup2(fileno(tmp), STDOUT_FILENO);
		dup2(fileno(tmp), STDERR_FILENO);
	}
	ctx.args = &args;
	if (args_parse(&args, argc, argv, entry->options, NULL, false,
	    &error) != 0) {
		status = cmd_usage_error(&ctx, "%s",
		    error != NULL ? error : "");
		free(error);
	} else {
		ctx.client = client_new(fk->socket, NULL, NULL, &error);
		free(error);
		status = ctx.client != NULL ? entry->exec(&ctx) : -1;
		client_free(ctx.client);
	}
	args_free(&args);
	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < 2; i++) {
		if (saved[i] != -1) {
			dup2(saved[i], i == 0 ? STDOUT_FILENO : STDERR_FILENO);
			close(saved[i]);
		}
	}
	*out = NULL;
	if (tmp != NULL && (len = ftell(tmp)) >= 0 &&
	    (*out = calloc(1, (size_t)len + 1)) != NULL) {
		rewind(tmp);
		if (fread(*out, 1, (size_t)len, tmp) != (size_t)len)
			**out = '\0';
	}
	if (tmp != NULL)
		fclose(tmp);
	return status;
}

/* How many of the last run's requests hold want. */
static int
sent(const struct fake *fk, const char *want)
{
	char *requests = fake_read(fk, "requests"), *p;
	int n = 0;

	for (p = requests; p != NULL && (p = strstr(p, want)) != NULL; p++)
		n++;
	free(requests);
	return n;
}

static void
check_run(int status, char *out, int want_status, const char *want,
    const char *what)
{
	if (!CHECK(status == want_status && out != NULL &&
	    strstr(out, want) != NULL, what))
		printf("#   got %d: %s\n", status, out != NULL ? out : "");
	free(out);
}

static void
test_requests(void)
{
	struct fake fk = { .pid = -1 };
	char *out;
	int status;

	if (!CHECK(fake_start(&fk) == 0, "the fake daemon listens")) {
		fake_stop(&fk);
		return;
	}
	fake_write(&fk, "reply", "{\"id\": 7, \"name\": \"RH\", \"scope\": "
	    "\"all\", \"url\": \"http://x/feeds/t.ics\", \"webcal_url\": "
	    "\"webcal://x/feeds/t.ics\", \"matches\": 2}", "w");
	i18n_set_current(LANG_FR);
	status = run(&fk, &out, &cmd_feed_create_entry, 6, "--scope", "all",
	    "--name", "RH", "--language", "fr");
	check_run(status, out, EXIT_OK, "flux 7 (RH) pour all\n"
	    "  abonnement :  http://x/feeds/t.ics\n", "feed create, in French");
	CHECK_INT(sent(&fk, "\r\nAccept-Language: fr\r\n"), 1,
	    "Accept-Language: fr on the request");
	CHECK_INT(sent(&fk, "\"language\":\"fr\""), 1,
	    "feed create --language fr sends language");
	status = run(&fk, &out, &cmd_feed_create_entry, 4, "--scope", "all",
	    "--name", "RH");
	free(out);
	CHECK(status == EXIT_OK && sent(&fk, "POST /api/v1/feeds") == 1 &&
	    sent(&fk, "language\"") == 0, "no --language, no language field");
	status = run(&fk, &out, &cmd_feed_create_entry, 6, "--scope", "all",
	    "--name", "RH", "--language", "de");
	check_run(status, out, EXIT_USAGE, "--language : « de » n'est pas en "
	    "ou fr", "feed create --language de: a usage error in French");

	fake_write(&fk, "reply", "{\"id\": 3, \"name\": \"Jeanne Dupont\"}",
	    "w");
	status = run(&fk, &out, &cmd_contract_add_entry, 8, "--name", "J",
	    "--email", "j@example.org", "--start", "2025-09-01", "--language",
	    "fr");
	check_run(status, out, EXIT_OK, "Contrat 3 : Jeanne Dupont\n",
	    "contract add --language fr");
	CHECK_INT(sent(&fk, "\"language\":\"fr\""), 1,
	    "contract add sends language");
	CHECK(sent(&fk, "GET /api/v1/status") == 1 && sent(&fk,
	    "\r\nAccept-Language: fr\r\n") == 2,
	    "Accept-Language on every request");
	status = run(&fk, &out, &cmd_contract_edit_entry, 3, "3",
	    "--language", "en");
	free(out);
	CHECK(status == EXIT_OK && sent(&fk, "PATCH /api/v1/contracts/3") == 1
	    && sent(&fk, "{\"language\":\"en\"}") == 1,
	    "contract edit --language en sends it alone");
	status = run(&fk, &out, &cmd_contract_edit_entry, 3, "3",
	    "--language", "");
	check_run(status, out, EXIT_USAGE, "--language : «  » n'est pas en "
	    "ou fr", "a contract's language cannot be cleared");
	CHECK_INT(sent(&fk, "HTTP/1.1"), 0, "nothing sent after a usage "
	    "error");

	fake_write(&fk, "reply", "{\"imported\": 1}", "w");
	status = run(&fk, &out, &cmd_contract_import_entry, 1, "/dev/null");
	check_run(status, out, EXIT_OK, "1 contrat importé\n",
	    "one contract imported: singular");
	fake_write(&fk, "reply", "{\"imported\": 2}", "w");
	status = run(&fk, &out, &cmd_contract_import_entry, 1, "/dev/null");
	check_run(status, out, EXIT_OK, "2 contrats importés\n",
	    "two: plural");
	fake_write(&fk, "reply", "{\"reference\": \"241370\", \"version\": 1,"
	    " \"application_deadline\": \"2027-02-01\", \"posts\": [{}], "
	    "\"warnings\": [{\"field\": \"grade\", \"message\": \"m\"}, "
	    "{\"field\": \"salary\", \"message\": \"n\"}]}", "w");
	status = run(&fk, &out, &cmd_vacancy_import_entry, 1, "/dev/null");
	check_run(status, out, EXIT_OK, "/dev/null : avis de vacance 241370 "
	    "version 1, échéance le 1er février 2027, 1 poste, 2 "
	    "avertissements\n", "vacancy import: counts and a long date");

	i18n_set_current(LANG_EN);
	fake_write(&fk, "reply", "{\"imported\": 1}", "w");
	status = run(&fk, &out, &cmd_contract_import_entry, 1, "/dev/null");
	check_run(status, out, EXIT_OK, "imported 1 contract\n",
	    "in English, as before");
	CHECK_INT(sent(&fk, "\r\nAccept-Language: en\r\n"), 1,
	    "Accept-Language: en in English");
	fake_stop(&fk);
}

int
main(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	test_requests();
	curl_global_cleanup();
	return tap_done();
}
