#include "secret-file.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

FILE *
secret_file_open(const char *path, const char *field, struct failure *f)
{
	FILE *fp = fopen(path, "re");
	struct stat sb;

	if (fp == NULL) {
		failure_set(f, FAILURE_INVALID_FIELD, field, "cannot read %s: %s",
		    path, strerror(errno));
		return NULL;
	}
	/* Checked on the file opened, not the name: nothing can swap it. */
	if (fstat(fileno(fp), &sb) != 0) {
		failure_set(f, FAILURE_INVALID_FIELD, field, "cannot read %s: %s",
		    path, strerror(errno));
		fclose(fp);
		return NULL;
	}
	if ((sb.st_mode & (S_IROTH | S_IWOTH)) != 0) {
		failure_set(f, FAILURE_INVALID_FIELD, field, "%s is %s by "
		    "others (mode %04o): a secret must not be; chmod o-rw %s",
		    path, (sb.st_mode & S_IROTH) && (sb.st_mode & S_IWOTH) ?
		    "readable and writable" : (sb.st_mode & S_IROTH) ?
		    "readable" : "writable", (unsigned)(sb.st_mode & 07777),
		    path);
		fclose(fp);
		return NULL;
	}
	return fp;
}
