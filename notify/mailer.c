/*
 * The SMTP worker thread (see mailer.h). The loop thread queues jobs under
 * a mutex and signals a condition; the worker sends them in order on one
 * easy handle, whose connection cache keeps the connection open between
 * messages of a batch, and hands finished jobs back through a list the
 * loop collects when a byte arrives on the pipe.
 */
#include "mailer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "email.h"

/* How long a connection waits for the next message before QUIT: the
 * deliverer queues its next claim as soon as the previous one is done. */
#define MAILER_LINGER_MS 1000L

struct mail_job {
	char *url;
	char *from;			/* bare address for MAIL FROM */
	struct curl_slist *rcpt;
	char *username;			/* NULL: no auth */
	char *password;
	char *ca_file;
	long use_ssl;			/* CURLUSESSL_* */
	long timeout_s;
	char *data;
	size_t len, off;
	curlev_done_fn done;
	void *arg;
	struct curlev_result result;
	struct mail_job *next;
};

struct mailer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct mail_job *todo, **todo_tail;	/* under lock */
	struct mail_job *finished;		/* under lock, newest first */
	size_t pending;				/* under lock */
	bool stopping;				/* under lock */
	bool joined;				/* the thread is gone */
	atomic_bool abort;			/* read by curl's progress callback */
	atomic_size_t connections;
	int pipe[2];
	struct event *ev;
};

static void
mail_job_free(struct mail_job *j)
{
	if (j == NULL)
		return;
	free(j->url);
	free(j->from);
	curl_slist_free_all(j->rcpt);
	free(j->username);
	if (j->password != NULL) {
		explicit_bzero(j->password, strlen(j->password));
		free(j->password);
	}
	free(j->ca_file);
	free(j->data);
	free(j);
}

static size_t
mailer_read(char *buf, size_t size, size_t n, void *arg)
{
	struct mail_job *j = arg;
	size_t room = size * n, left = j->len - j->off;

	if (room > left)
		room = left;
	memcpy(buf, j->data + j->off, room);
	j->off += room;
	return room;
}

/* An SMTP server has nothing to say in a body; curl's default would copy
 * whatever it got to stdout. */
static size_t
mailer_discard(char *buf, size_t size, size_t n, void *arg)
{
	return size * n;
}

/* Called by curl at least once a second during a transfer: how shutdown
 * reaches a message stuck on a stalling server. */
static int
mailer_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct mailer *m = arg;

	return atomic_load(&m->abort) ? 1 : 0;
}

/* One message on easy (created when NULL). After a failure the handle, and
 * with it the connection, is dropped: a reply that arrives late must not be
 * taken for the next message's. */
static void
mailer_perform(struct mailer *m, CURL **easyp, struct mail_job *j)
{
	char error[CURL_ERROR_SIZE] = "";
	CURL *easy = *easyp;
	CURLcode rc;
	long connects = 0;

	if (easy == NULL && (easy = curl_easy_init()) == NULL) {
		j->result.curl_code = CURLE_OUT_OF_MEMORY;
		snprintf(j->result.error, sizeof j->result.error,
		    "cannot set up the SMTP transfer");
		return;
	}
	/* Options go back to their defaults; the connection stays. */
	curl_easy_reset(easy);
	rc = curl_easy_setopt(easy, CURLOPT_URL, j->url);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (rc == CURLE_OK && j->username != NULL) {
		rc = curl_easy_setopt(easy, CURLOPT_USERNAME, j->username);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(easy, CURLOPT_PASSWORD,
			    j->password != NULL ? j->password : "");
	}
	if (rc == CURLE_OK && j->ca_file != NULL)
		rc = curl_easy_setopt(easy, CURLOPT_CAINFO, j->ca_file);
	if (rc == CURLE_OK) {
		/* The bare address: curl adds the brackets itself. */
		curl_easy_setopt(easy, CURLOPT_MAIL_FROM, j->from);
		curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, j->rcpt);
		curl_easy_setopt(easy, CURLOPT_USE_SSL, j->use_ssl);
		curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE,
		    (curl_off_t)j->len);
		curl_easy_setopt(easy, CURLOPT_READFUNCTION, mailer_read);
		curl_easy_setopt(easy, CURLOPT_READDATA, j);
		curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, mailer_discard);
		curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION,
		    mailer_progress);
		curl_easy_setopt(easy, CURLOPT_XFERINFODATA, m);
		curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
		curl_easy_setopt(easy, CURLOPT_TIMEOUT, j->timeout_s);
		curl_easy_setopt(easy, CURLOPT_SERVER_RESPONSE_TIMEOUT,
		    j->timeout_s);
		rc = curl_easy_perform(easy);
		curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE,
		    &j->result.status);
		if (curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects) ==
		    CURLE_OK && connects > 0)
			atomic_fetch_add(&m->connections, (size_t)connects);
	}
	j->result.curl_code = (int)rc;
	j->result.retry_after = -1;
	if (rc != CURLE_OK)
		snprintf(j->result.error, sizeof j->result.error, "%s",
		    error[0] != '\0' ? error : curl_easy_strerror(rc));
	/* The error buffer lives on this stack frame only, and the job goes
	 * back to the loop: the kept handle must point at neither. */
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, NULL);
	curl_easy_setopt(easy, CURLOPT_READDATA, NULL);
	if (rc != CURLE_OK || j->result.status < 200 ||
	    j->result.status >= 300) {
		curl_easy_cleanup(easy);
		easy = NULL;
	}
	*easyp = easy;
}

/* Waits up to MAILER_LINGER_MS for more work, under lock; true when some
 * came (or shutdown did). */
static bool
mailer_linger(struct mailer *m)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += MAILER_LINGER_MS * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	while (m->todo == NULL && !m->stopping) {
		if (pthread_cond_timedwait(&m->wake, &m->lock, &until) != 0)
			break;
	}
	return m->todo != NULL || m->stopping;
}

static void *
mailer_main(void *arg)
{
	struct mailer *m = arg;
	struct mail_job *j;
	CURL *easy = NULL;
	char byte = 1;

	pthread_mutex_lock(&m->lock);
	for (;;) {
		if (m->stopping)
			break;
		if ((j = m->todo) == NULL) {
			/* The batch is over once nothing more comes for a
			 * moment: say QUIT then rather than keep a connection
			 * the server will time out anyway. */
			if (easy != NULL) {
				if (mailer_linger(m))
					continue;
				pthread_mutex_unlock(&m->lock);
				curl_easy_cleanup(easy);
				easy = NULL;
				pthread_mutex_lock(&m->lock);
				continue;
			}
			pthread_cond_wait(&m->wake, &m->lock);
			continue;
		}
		if ((m->todo = j->next) == NULL)
			m->todo_tail = &m->todo;
		pthread_mutex_unlock(&m->lock);
		mailer_perform(m, &easy, j);
		pthread_mutex_lock(&m->lock);
		j->next = m->finished;
		m->finished = j;
		/* A full pipe already holds a wake-up for the loop. */
		while (write(m->pipe[1], &byte, 1) < 0 && errno == EINTR)
			;
	}
	pthread_mutex_unlock(&m->lock);
	if (easy != NULL)
		curl_easy_cleanup(easy);
	return NULL;
}

/* In the loop: report what the worker finished, oldest first. */
static void
mailer_collect(evutil_socket_t fd, short what, void *arg)
{
	struct mailer *m = arg;
	struct mail_job *list, *rev = NULL, *j;
	char buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&m->lock);
	list = m->finished;
	m->finished = NULL;
	pthread_mutex_unlock(&m->lock);
	while ((j = list) != NULL) {
		list = j->next;
		j->next = rev;
		rev = j;
	}
	while ((j = rev) != NULL) {
		rev = j->next;
		pthread_mutex_lock(&m->lock);
		m->pending--;
		pthread_mutex_unlock(&m->lock);
		j->done(j->arg, &j->result);
		mail_job_free(j);
	}
}

struct mailer *
mailer_new(struct event_base *base)
{
	struct mailer *m;
	pthread_condattr_t attr;
	sigset_t all, old;
	int rc;

	if ((m = calloc(1, sizeof *m)) == NULL)
		return NULL;
	m->todo_tail = &m->todo;
	m->pipe[0] = m->pipe[1] = -1;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(m);
		return NULL;
	}
	if (pipe2(m->pipe, O_CLOEXEC | O_NONBLOCK) != 0 ||
	    (m->ev = event_new(base, m->pipe[0], EV_READ | EV_PERSIST,
	    mailer_collect, m)) == NULL || event_add(m->ev, NULL) != 0)
		goto fail;
	pthread_mutex_init(&m->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&m->wake, &attr);
	pthread_condattr_destroy(&attr);
	/* Signals are the loop's business: the worker blocks them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&m->thread, NULL, mailer_main, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&m->wake);
		pthread_mutex_destroy(&m->lock);
		goto fail;
	}
	return m;
fail:
	if (m->ev != NULL)
		event_free(m->ev);
	if (m->pipe[0] >= 0) {
		close(m->pipe[0]);
		close(m->pipe[1]);
	}
	curl_global_cleanup();
	free(m);
	return NULL;
}

static void
mail_jobs_free(struct mail_job *j)
{
	struct mail_job *next;

	for (; j != NULL; j = next) {
		next = j->next;
		mail_job_free(j);
	}
}

static void
mailer_halt(struct mailer *m, bool abort)
{
	pthread_mutex_lock(&m->lock);
	m->stopping = true;
	if (abort)
		atomic_store(&m->abort, true);
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
}

void
mailer_stop(struct mailer *m, int grace_s)
{
	struct timespec until;

	if (m == NULL || m->joined)
		return;
	mailer_halt(m, false);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += grace_s;
	if (pthread_timedjoin_np(m->thread, NULL, &until) != 0) {
		atomic_store(&m->abort, true);
		pthread_join(m->thread, NULL);
	}
	m->joined = true;
	/* A message the server took must be recorded as sent, not sent
	 * again after the restart. */
	mailer_collect(m->pipe[0], EV_READ, m);
}

void
mailer_free(struct mailer *m)
{
	if (m == NULL)
		return;
	if (!m->joined) {
		mailer_halt(m, true);
		pthread_join(m->thread, NULL);
	}
	mail_jobs_free(m->todo);
	mail_jobs_free(m->finished);
	event_free(m->ev);
	close(m->pipe[0]);
	close(m->pipe[1]);
	pthread_cond_destroy(&m->wake);
	pthread_mutex_destroy(&m->lock);
	curl_global_cleanup();
	free(m);
}

static long
mailer_use_ssl(enum email_starttls mode)
{
	switch (mode) {
	case EMAIL_STARTTLS_REQUIRED:
		return (long)CURLUSESSL_ALL;
	case EMAIL_STARTTLS_OFF:
		return (long)CURLUSESSL_NONE;
	case EMAIL_STARTTLS_TRY:
		break;
	}
	return (long)CURLUSESSL_TRY;
}

static bool
mailer_copy(char **dst, const char *src)
{
	return src == NULL || (*dst = strdup(src)) != NULL;
}

int
mailer_send(struct mailer *m, const struct email_server *s, const char *from,
    const char *to, const char *message, size_t len, curlev_done_fn done,
    void *arg, struct failure *f)
{
	struct mail_job *j;
	char *rcpt = NULL;

	if ((j = calloc(1, sizeof *j)) == NULL)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	/* The URL carries the EHLO name (email_server_url). */
	if ((j->url = email_server_url(s, from)) == NULL) {
		mail_job_free(j);
		return failure_set(f, FAILURE_INVALID_FIELD, "url",
		    "[smtp] url cannot be read as a URL");
	}
	if (!mailer_copy(&j->from, from) ||
	    !mailer_copy(&j->username, s->username) ||
	    !mailer_copy(&j->password, s->password) ||
	    !mailer_copy(&j->ca_file, s->ca_file) ||
	    (j->data = malloc(len > 0 ? len : 1)) == NULL ||
	    asprintf(&rcpt, "<%s>", to) < 0 ||
	    (j->rcpt = curl_slist_append(NULL, rcpt)) == NULL) {
		free(rcpt);
		mail_job_free(j);
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	}
	free(rcpt);
	memcpy(j->data, message, len);
	j->len = len;
	j->use_ssl = mailer_use_ssl(s->starttls);
	j->timeout_s = s->timeout_s > 0 ? s->timeout_s : EMAIL_TIMEOUT_DEFAULT;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&m->lock);
	*m->todo_tail = j;
	m->todo_tail = &j->next;
	m->pending++;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
	return 0;
}

size_t
mailer_pending(struct mailer *m)
{
	size_t n;

	pthread_mutex_lock(&m->lock);
	n = m->pending;
	pthread_mutex_unlock(&m->lock);
	return n;
}

size_t
mailer_connections(struct mailer *m)
{
	return atomic_load(&m->connections);
}
