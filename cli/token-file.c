/* tenurectl's token file (--token-file): its first
 * line is the token; the copy read is wiped once handed over. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "tenurectl.h"

/* The first line of a token file; trailing blanks are not part of it. */
char *
client_read_token(const char *path, char **error)
{
	char buf[8192], *nl, *token;
	ssize_t n;
	size_t len;
	int fd, saved;

	*error = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		saved = errno;
		if (asprintf(error, _("cannot read the token file %s: %s"),
		    path, strerror(saved)) == -1)
			*error = NULL;
		return NULL;
	}
	len = 0;
	while (len < sizeof buf - 1) {
		n = read(fd, buf + len, sizeof buf - 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (memchr(buf, '\n', len) != NULL)
			break;
	}
	close(fd);
	buf[len] = '\0';
	nl = strchr(buf, '\n');
	if (nl != NULL)
		*nl = '\0';
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '\r' || buf[len - 1] == ' ' ||
	    buf[len - 1] == '\t'))
		buf[--len] = '\0';
	if (len == 0) {
		explicit_bzero(buf, sizeof buf);
		if (asprintf(error, _("the token file %s has no token on its "
		    "first line"), path) == -1)
			*error = NULL;
		return NULL;
	}
	token = strdup(buf);
	explicit_bzero(buf, sizeof buf);
	if (token == NULL && asprintf(error, "%s", _("out of memory")) == -1)
		*error = NULL;
	return token;
}

