/* Files that hold secrets (SPEC section 13): opened only when nobody but
 * the daemon's user and group can read or write them. */
#ifndef TENURED_SECRET_FILE_H
#define TENURED_SECRET_FILE_H

#include <stdio.h>

#include "failure.h"

/* The file open for reading, or NULL with an invalid_field failure naming
 * field: it cannot be read, or others than its owner and group may read
 * or write it (with the chmod that mends it). */
FILE *secret_file_open(const char *path, const char *field,
        struct failure *f);

#endif
