/* The dashboard's files, compiled in from web/ by web/embed.py. */
#ifndef TENURED_DASHBOARD_ASSETS_H
#define TENURED_DASHBOARD_ASSETS_H

#include <stddef.h>

struct dashboard_asset {
	const char *name;		/* "app.js"; index.html is the page */
	const char *type;		/* Content-Type */
	const unsigned char *data;
	size_t len;
	const char *etag;		/* quoted, from the SHA-256 */
};

extern const struct dashboard_asset dashboard_assets[];
extern const size_t dashboard_assets_count;

#endif
