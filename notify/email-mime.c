/*
 * How tenured's messages are encoded (RFC 5322, 2047, 2045): headers with
 * encoded words where a name is not ASCII, quoted-printable text and
 * base64 attachments, whatever the message says (email-text.c says it).
 * The same input and clock give the same bytes, so a duplicate after a
 * crash is the same message.
 */
#include "email.h"
#include "email-mime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "ical-text.h"
#include "localtime.h"

/* "=_" cannot occur in quoted-printable ('=' is always followed by hex
 * digits or a line end) nor in base64, and the part headers are ours: no
 * part can contain the boundary. */
#define BOUNDARY_PREFIX "=_tenured_"
/* Raw bytes per encoded-word: 52 base64 characters, so that
 * "Subject: =?UTF-8?B?...?=" stays within 78 characters. */
#define WORD_BYTES 39
/* Bytes per base64 line: 76 characters, as MIME asks. */
#define B64_LINE 57
#define QP_LINE 76
/* Past this a header line is folded at a space. */
#define HEADER_LINE 78

static bool
email_mime_has(const char *s)
{
	return s != NULL && s[0] != '\0';
}

bool
email_address_ok(const char *addr)
{
	const unsigned char *p;
	const char *at;
	size_t len;

	if (addr == NULL || (len = strlen(addr)) < 3 || len > 254)
		return false;
	if ((at = strchr(addr, '@')) == NULL || at == addr ||
	    at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return false;
	for (p = (const unsigned char *)addr; *p != '\0'; p++) {
		if (*p <= ' ' || *p >= 0x7f || strchr("<>()[],;:\\\"", *p))
			return false;
	}
	return true;
}

int
email_from_split(const char *from, char **name, char **addr)
{
	const char *lt, *gt, *end;
	size_t n;

	*name = *addr = NULL;
	if (from == NULL)
		return -1;
	while (*from == ' ' || *from == '\t')
		from++;
	end = from + strlen(from);
	while (end > from && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end > from && end[-1] == '>' && (lt = strrchr(from, '<')) != NULL &&
	    lt < end) {
		gt = end - 1;
		if ((*addr = strndup(lt + 1, (size_t)(gt - lt - 1))) == NULL)
			return -1;
		end = lt;
		while (end > from && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		/* A quoted display name loses its quotes; the header gets
		 * whatever quoting it needs again. */
		if (end - from >= 2 && *from == '"' && end[-1] == '"') {
			from++;
			end--;
		}
		n = (size_t)(end - from);
		if (n > 0 && (*name = strndup(from, n)) == NULL) {
			free(*addr);
			*addr = NULL;
			return -1;
		}
	} else if ((*addr = strndup(from, (size_t)(end - from))) == NULL) {
		return -1;
	}
	if (!email_address_ok(*addr)) {
		free(*name);
		free(*addr);
		*name = *addr = NULL;
		return -1;
	}
	return 0;
}

char *
email_from_address(const char *from)
{
	char *name, *addr;

	if (email_from_split(from, &name, &addr) != 0)
		return NULL;
	free(name);
	return addr;
}

void
email_mime_b64(FILE *f, const unsigned char *in, size_t len)
{
	unsigned char out[4 * ((B64_LINE + 2) / 3) + 1];
	size_t n;

	while (len > 0) {
		n = len < B64_LINE ? len : B64_LINE;
		EVP_EncodeBlock(out, in, (int)n);
		fprintf(f, "%s\r\n", out);
		in += n;
		len -= n;
	}
}

/* Length of the UTF-8 sequence led by c (text is clean already). */
static size_t
email_mime_seq(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/* RFC 2047 B words of UTF-8 text, never splitting a character, folded
 * between words; Python, mutt and Outlook join adjacent words back
 * without a space. */
static void
email_mime_words(FILE *f, const char *text)
{
	unsigned char out[4 * ((WORD_BYTES + 4 + 2) / 3) + 1];
	const unsigned char *p = (const unsigned char *)text;
	size_t n, k, len = strlen(text);
	bool first = true;

	while (len > 0) {
		n = 0;
		while (n < len) {
			k = email_mime_seq(p[n]);
			if (n + k > WORD_BYTES || n + k > len)
				break;
			n += k;
		}
		if (n == 0)
			n = len < WORD_BYTES ? len : WORD_BYTES;
		EVP_EncodeBlock(out, p, (int)n);
		fprintf(f, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", out);
		first = false;
		p += n;
		len -= n;
	}
}

static bool
email_mime_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7f)
			return false;
	}
	return true;
}

/* An unstructured header value (Subject): as is when ASCII, folded at
 * spaces past HEADER_LINE; encoded words when not, or when it holds "=?"
 * that a reader would otherwise try to decode. used: what the line holds
 * already ("Subject: "). */
static void
email_mime_unstructured(FILE *f, const char *text, size_t used)
{
	const char *sp, *p = text;
	size_t col = used;

	if (!email_mime_ascii(text) || strstr(text, "=?") != NULL) {
		email_mime_words(f, text);
		return;
	}
	while (*p != '\0') {
		sp = strchr(p + 1, ' ');
		if (sp == NULL)
			sp = p + strlen(p);
		if (col + (size_t)(sp - p) > HEADER_LINE && p != text &&
		    *p == ' ') {
			fputs("\r\n", f);
			col = 0;
		}
		fwrite(p, 1, (size_t)(sp - p), f);
		col += (size_t)(sp - p);
		p = sp;
	}
}

/* A display name as an RFC 5322 phrase: atoms as they are, other ASCII
 * as a quoted string, anything else as encoded words. */
static void
email_mime_phrase(FILE *f, const char *name)
{
	const char *p;
	bool atoms = true;

	if (!email_mime_ascii(name)) {
		email_mime_words(f, name);
		return;
	}
	for (p = name; *p != '\0'; p++) {
		if (strchr("()<>[]:;@\\,.\"", *p) != NULL)
			atoms = false;
	}
	if (atoms && strstr(name, "=?") == NULL) {
		fputs(name, f);
		return;
	}
	fputc('"', f);
	for (p = name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

/* RFC 5322 date-time in English whatever the locale, at the zone's
 * offset so a reader sees the local hour. */
static void
email_mime_date(FILE *f, int64_t now, const char *tz)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int off = 0, aoff;
	time_t t;
	struct tm tm;

	if (email_mime_has(tz) && localtime_zone_known(tz))
		off = localtime_offset(tz, now);
	t = (time_t)(now + off);
	gmtime_r(&t, &tm);
	aoff = off < 0 ? -off : off;
	fprintf(f, "%s, %d %s %04d %02d:%02d:%02d %c%02d%02d",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', aoff / 3600, aoff / 60 % 60);
}

/* Quoted-printable of UTF-8 text with \n line ends, CRLF out. A dot
 * leading a line is encoded too, so no SMTP dot-stuffing can change it. */
void
email_mime_qp(FILE *f, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	char tok[4];
	size_t col = 0, n;
	bool eol;

	for (; *p != '\0'; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n') {
			fputs("\r\n", f);
			col = 0;
			continue;
		}
		eol = p[1] == '\0' || p[1] == '\n' || p[1] == '\r';
		if ((*p >= 33 && *p <= 126 && *p != '=' &&
		    !(*p == '.' && col == 0)) ||
		    ((*p == ' ' || *p == '\t') && !eol)) {
			tok[0] = (char)*p;
			n = 1;
		} else {
			snprintf(tok, sizeof tok, "=%02X", *p);
			n = 3;
		}
		/* Room for the soft break's '=' unless this ends the line. */
		if (col + n > (eol ? QP_LINE : QP_LINE - 1)) {
			fputs("=\r\n", f);
			col = 0;
		}
		fwrite(tok, 1, n, f);
		col += n;
	}
	if (col > 0)
		fputs("\r\n", f);
}

/* FNV-1a of the message id: the same message gets the same boundary. */
void
email_mime_boundary(const char *id, char out[EMAIL_MIME_BOUNDARY_LEN])
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *id != '\0'; id++) {
		h ^= (unsigned char)*id;
		h *= UINT64_C(1099511628211);
	}
	snprintf(out, EMAIL_MIME_BOUNDARY_LEN, BOUNDARY_PREFIX "%016llx", (unsigned long long)h);
}

/* What sits between "<" and ">" of Message-ID: id-left@id-right. */
static bool
email_mime_id_ok(const char *id)
{
	return email_address_ok(id);
}

/* From, To, Subject, Date, Message-ID, Auto-Submitted, MIME-Version. */
int
email_mime_headers(FILE *f, const struct email_server *s, const char *to,
    const char *message_id, const char *subject, const char *tz,
    int64_t now)
{
	char *name, *addr;

	if (!email_address_ok(to) || !email_mime_id_ok(message_id) ||
	    email_from_split(s->from, &name, &addr) != 0)
		return -1;
	fputs("From: ", f);
	if (name != NULL) {
		/* Encoded words fill a line: the address gets its own. */
		email_mime_phrase(f, name);
		fprintf(f, "%s<%s>\r\n", email_mime_ascii(name) ? " " :
		    "\r\n ", addr);
	} else {
		fprintf(f, "%s\r\n", addr);
	}
	free(name);
	free(addr);
	fprintf(f, "To: %s\r\n", to);
	fputs("Subject: ", f);
	email_mime_unstructured(f, subject, strlen("Subject: "));
	fputs("\r\nDate: ", f);
	email_mime_date(f, now, tz);
	fprintf(f, "\r\nMessage-ID: <%s>\r\n", message_id);
	fputs("Auto-Submitted: auto-generated\r\n", f);
	fputs("MIME-Version: 1.0\r\n", f);
	return 0;
}

char *
email_mime_done(FILE *f, char **buf, size_t *blen, bool ok, size_t *len)
{
	if (fclose(f) != 0 || !ok) {
		free(*buf);
		return NULL;
	}
	if (len != NULL)
		*len = *blen;
	return *buf;
}

char *
email_message_plain(const struct email_server *s, const char *to,
    const char *message_id, const char *subject, const char *text,
    const char *timezone, int64_t now, size_t *len)
{
	char *buf = NULL, *clean;
	size_t blen = 0;
	bool ok;
	FILE *f;

	if ((clean = ical_text_clean(subject != NULL ? subject : "")) == NULL)
		return NULL;
	if ((f = open_memstream(&buf, &blen)) == NULL) {
		free(clean);
		return NULL;
	}
	ok = email_mime_headers(f, s, to, message_id, clean, timezone,
	    now) == 0;
	free(clean);
	fputs("Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", f);
	email_mime_qp(f, text != NULL ? text : "");
	return email_mime_done(f, &buf, &blen, ok, len);
}

