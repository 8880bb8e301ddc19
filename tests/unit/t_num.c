/* t_num.c — numbers typed by humans: vb_num_parse() in both locales. */
#include <math.h>

#include "num.h"
#include "unit.h"

struct ncase {
	const char *in;
	int         locale;
	int         rc;        /* 1 number, 0 text, -1 malformed */
	double      v;
	const char *why;       /* a part of the explanation, for -1 */
};

static const struct ncase cases[] = {
	/* Vietnamese: dots group thousands, the comma is the decimal mark. */
	{ "2.152",           VB_NUM_VI,  1, 2152, NULL },
	{ "2152",            VB_NUM_VI,  1, 2152, NULL },
	{ "139,6",           VB_NUM_VI,  1, 139.6, NULL },
	{ "1.000.000",       VB_NUM_VI,  1, 1000000, NULL },
	{ "1.234,5",         VB_NUM_VI,  1, 1234.5, NULL },
	{ "1,234",           VB_NUM_VI,  1, 1.234, NULL },
	{ "0,5",             VB_NUM_VI,  1, 0.5, NULL },
	{ "-5",              VB_NUM_VI,  1, -5, NULL },
	{ "+7",              VB_NUM_VI,  1, 7, NULL },
	{ "\xE2\x88\x92" "12,5", VB_NUM_VI, 1, -12.5, NULL },
	{ "-0",              VB_NUM_VI,  1, 0, NULL },
	{ "03",              VB_NUM_VI,  1, 3, NULL },
	{ "94%",             VB_NUM_VI,  1, 94, NULL },
	{ "139,6 %",         VB_NUM_VI,  1, 139.6, NULL },
	{ "  2.300 ",        VB_NUM_VI,  1, 2300, NULL },
	{ "\xC2\xA0" "2.300\xC2\xA0", VB_NUM_VI, 1, 2300, NULL },
	{ "\xE2\x80\xAF" "45\t", VB_NUM_VI, 1, 45, NULL },
	{ "999.999.999.999", VB_NUM_VI,  1, 999999999999.0, NULL },
	/* Malformed: looks numeric, breaks the convention. */
	{ "2.15",            VB_NUM_VI, -1, 0, "exactly 3 digits" },
	{ "2.1500",          VB_NUM_VI, -1, 0, "exactly 3 digits" },
	{ "2152.000",        VB_NUM_VI, -1, 0, "exactly 3 digits" },
	{ "1.234.5",         VB_NUM_VI, -1, 0, "exactly 3 digits" },
	{ "0.123",           VB_NUM_VI, -1, 0, "leading zero" },
	{ "1,234.5",         VB_NUM_VI, -1, 0, "English number" },
	{ "1,234,567",       VB_NUM_VI, -1, 0, "English number" },
	{ ",5",              VB_NUM_VI, -1, 0, "no digit before" },
	{ "5,",              VB_NUM_VI, -1, 0, "no digit after" },
	{ ".5",              VB_NUM_VI, -1, 0, "a dot with no digit" },
	{ "1..000",          VB_NUM_VI, -1, 0, "a dot with no digit" },
	{ "1.000.",          VB_NUM_VI, -1, 0, "a dot with no digit" },
	{ "1 000",           VB_NUM_VI, -1, 0, "a space inside" },
	{ "- 5",             VB_NUM_VI, -1, 0, "a space inside" },
	{ "5%%",             VB_NUM_VI, -1, 0, "percent sign" },
	{ "%5",              VB_NUM_VI, -1, 0, "percent sign" },
	/* Text: a letter, another symbol, or no digit at all. */
	{ "12a",             VB_NUM_VI,  0, 0, NULL },
	{ "10/11/2022",      VB_NUM_VI,  0, 0, NULL },
	{ "2022-11-10",      VB_NUM_VI,  0, 0, NULL },
	{ "3-5",             VB_NUM_VI,  0, 0, NULL },
	{ "--5",             VB_NUM_VI,  0, 0, NULL },
	{ "1e5",             VB_NUM_VI,  0, 0, NULL },
	{ "(5)",             VB_NUM_VI,  0, 0, NULL },
	{ "Tổ 3",            VB_NUM_VI,  0, 0, NULL },
	{ "5\xC2\xB0",       VB_NUM_VI,  0, 0, NULL },
	{ "",                VB_NUM_VI,  0, 0, NULL },
	{ "   ",             VB_NUM_VI,  0, 0, NULL },
	{ "-",               VB_NUM_VI,  0, 0, NULL },
	{ "%",               VB_NUM_VI,  0, 0, NULL },
	{ ".,.",             VB_NUM_VI,  0, 0, NULL },
	/* C: what programs write. */
	{ "2152.5",          VB_NUM_C,   1, 2152.5, NULL },
	{ "2152",            VB_NUM_C,   1, 2152, NULL },
	{ "-0.25",           VB_NUM_C,   1, -0.25, NULL },
	{ "1.5E-3",          VB_NUM_C,   1, 0.0015, NULL },
	{ "2e+2",            VB_NUM_C,   1, 200, NULL },
	{ ".5",              VB_NUM_C,   1, 0.5, NULL },
	{ "0.30000000000000004", VB_NUM_C, 1, 0.30000000000000004, NULL },
	{ "94%",             VB_NUM_C,   1, 94, NULL },
	{ "1.234,5",         VB_NUM_C,  -1, 0, "Vietnamese number" },
	{ "2,5",             VB_NUM_C,  -1, 0, "a comma" },
	{ "1.2.3",           VB_NUM_C,  -1, 0, "more than one dot" },
	{ "1e",              VB_NUM_C,  -1, 0, "exponent without digits" },
	{ "e5",              VB_NUM_C,  -1, 0, "no digit before" },
	{ "1e400",           VB_NUM_C,  -1, 0, "too large" },
	{ "abc",             VB_NUM_C,   0, 0, NULL },
	{ "12a",             VB_NUM_C,   0, 0, NULL },
};

int
main(void)
{
	const struct ncase *c;
	const char         *why;
	char                big[300];
	double              v;
	size_t              i;
	int                 rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		v = -999;
		why = NULL;
		rc = vb_num_parse(c->in, strlen(c->in), c->locale, &v, &why);
		INT_EQ(rc, c->rc, "\"%s\" (%s)", c->in,
		    c->locale == VB_NUM_C ? "C" : "vi");
		if (rc == 1 && c->rc == 1)
			OK(v == c->v && !signbit(v) == !signbit(c->v),
			    "\"%s\" = %.17g, want %.17g", c->in, v, c->v);
		if (c->why != NULL)
			OK(why != NULL && strstr(why, c->why) != NULL,
			    "\"%s\": why [%s] lacks [%s]", c->in,
			    why ? why : "(null)", c->why);
		if (c->rc != -1)
			OK(why == NULL, "\"%s\": no why", c->in);
	}

	/* Not NUL-terminated: only n bytes count. */
	INT_EQ(vb_num_parse("2.300abc", 5, VB_NUM_VI, &v, NULL), 1,
	    "length is honoured");
	OK(v == 2300, "2.300 of \"2.300abc\"");
	INT_EQ(vb_num_parse("12", 1, VB_NUM_VI, NULL, NULL), 1,
	    "v and why may be NULL");
	INT_EQ(vb_num_parse(NULL, 0, VB_NUM_C, &v, NULL), 0,
	    "NULL with length 0 is empty text");

	/* Too long for a number, however numeric. */
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	INT_EQ(vb_num_parse(big, strlen(big), VB_NUM_VI, &v, &why), -1,
	    "300 digits");
	OK(why != NULL && strstr(why, "too many digits") != NULL,
	    "300 digits: why");
	return unit_done("t_num");
}
