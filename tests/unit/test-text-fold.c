/* Search folding (jobs/text-fold.c): case and accents aside, nothing else
 * changed, never a byte past the buffer. */
#include <string.h>

#include "tap.h"
#include "text-fold.h"

static void
fold_is(const char *in, const char *want)
{
	char out[128], what[160];

	text_fold(in, strlen(in), out, sizeof out);
	snprintf(what, sizeof what, "\"%s\" folds to \"%s\"", in, want);
	CHECK_STR(out, want, what);
}

int
main(void)
{
	char small[6];

	fold_is("Hélène Dubois", "helene dubois");
	fold_is("HÉLÈNE", "helene");
	fold_is("Zoë Ångström", "zoe angstrom");
	fold_is("François Ñúñez", "francois nunez");
	fold_is("Łukasz Żółć", "lukasz zolc");
	fold_is("Straße", "strasse");
	fold_is("Œuvre Æsir", "oeuvre aesir");
	fold_is("ØRSTED", "orsted");
	fold_is("jane.doe@EXAMPLE.org", "jane.doe@example.org");
	fold_is("OCIO-250914", "ocio-250914");
	fold_is("×÷", "×÷");			/* not letters: kept */
	fold_is("Дмитрий", "Дмитрий");		/* other scripts kept as they are */
	fold_is("a\xff" "B", "a\xff" "b");	/* invalid UTF-8 copied, not lost */
	fold_is("\xc3", "\xc3");		/* a cut-off character */
	fold_is("", "");
	CHECK_INT(text_fold("Ééééé", strlen("Ééééé"), small, sizeof small), 5,
	    "fits the buffer: five letters");
	CHECK_INT(text_fold("ÆÆÆ", strlen("ÆÆÆ"), small, sizeof small), 4,
	    "a folding that does not fit stops on a character boundary");
	CHECK_STR(small, "aeae", "and the text is whole");
	CHECK_INT(text_fold("abc", 3, small, 0), 0, "no room, no write");
	return tap_done();
}
