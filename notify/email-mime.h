/* The encodings email-text.c builds a reminder's message with
 * (email-mime.c); the public ones are in email.h. */
#ifndef TENURED_EMAIL_MIME_H
#define TENURED_EMAIL_MIME_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "email.h"

#define EMAIL_MIME_BOUNDARY_LEN 32

/* From, To, Subject (encoded words when not ASCII), Date in tz,
 * Message-ID, Auto-Submitted, MIME-Version; -1 when an address or the id
 * is not one we put into a header. */
int email_mime_headers(FILE *f, const struct email_server *s,
        const char *to, const char *message_id, const char *subject,
        const char *tz, int64_t now);
/* Quoted-printable of UTF-8 text with \n line ends, CRLF out. */
void email_mime_qp(FILE *f, const char *text);
/* Base64 in lines of 76 characters. */
void email_mime_b64(FILE *f, const unsigned char *in, size_t len);
/* The multipart boundary of a message, from its id. */
void email_mime_boundary(const char *id, char out[EMAIL_MIME_BOUNDARY_LEN]);
/* Closes the open_memstream f: *buf (its length in *len when len is not
 * NULL) when ok and the stream is whole, else NULL with *buf freed. */
char *email_mime_done(FILE *f, char **buf, size_t *blen, bool ok,
        size_t *len);

#endif
