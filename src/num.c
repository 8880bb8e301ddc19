/* num.c — parse numbers typed by humans, Vietnamese or C convention. */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

/* Longest canonical form we convert: far beyond any figure a clerk
 * types, and small enough for a stack buffer. */
#define NUM_MAXLEN 128

/* Length of the space at s[0..n) (ASCII blank, U+00A0, U+202F), or 0. */
static size_t
space_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' ||
	    u[0] == '\n'))
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
		return 3;
	return 0;
}

/* Length of a trailing space ending at s[n), or 0. */
static size_t
space_len_back(const char *s, size_t n)
{
	if (n >= 1 && space_len(s + n - 1, 1) == 1)
		return 1;
	if (n >= 2 && space_len(s + n - 2, 2) == 2)
		return 2;
	if (n >= 3 && space_len(s + n - 3, 3) == 3)
		return 3;
	return 0;
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Classifies the body s[0..n) (sign and trailing '%' removed): 1 if
 * every character may belong to a number in this locale and there is a
 * digit, 0 otherwise. *spaces and *pct report misplaced blanks and
 * percent signs, which make numeric-looking text malformed.
 */
static int
looks_numeric(const char *s, size_t n, int locale, int *spaces, int *pct)
{
	size_t i, k;
	int    digit = 0;

	*spaces = *pct = 0;
	for (i = 0; i < n; i++) {
		if (isdig((unsigned char)s[i])) {
			digit = 1;
			continue;
		}
		if ((k = space_len(s + i, n - i)) > 0) {
			*spaces = 1;
			i += k - 1;
			continue;
		}
		switch (s[i]) {
		case '.':
		case ',':
			continue;
		case '%':
			*pct = 1;
			continue;
		case 'e':
		case 'E':
			if (locale == VB_NUM_C)
				continue;
			return 0;
		case '+':
		case '-':
			/* Only as the sign of a C exponent. */
			if (locale == VB_NUM_C && i > 0 &&
			    (s[i - 1] == 'e' || s[i - 1] == 'E'))
				continue;
			return 0;
		default:
			return 0;
		}
	}
	return digit;
}

/* "1.234.567,89" → "1234567.89" in out; -1 with *why if malformed. */
static int
canon_vi(const char *s, size_t n, char *out, size_t *olen, const char **why)
{
	const char *comma = memchr(s, ',', n);
	size_t      ilen = comma != NULL ? (size_t)(comma - s) : n;
	size_t      i, group = 0, ngroups = 0, o = *olen;

	if (comma != NULL && memchr(comma + 1, ',', n - ilen - 1) != NULL) {
		*why = "more than one comma: looks like an English number "
		    "(1,234,567); in Vietnamese write 1.234.567";
		return -1;
	}
	if (comma != NULL && memchr(comma + 1, '.', n - ilen - 1) != NULL) {
		*why = "a dot after the decimal comma: looks like an English "
		    "number (1,234.5); in Vietnamese write 1.234,5";
		return -1;
	}
	if (ilen == 0) {
		*why = "no digit before the decimal comma; write 0,5";
		return -1;
	}
	if (comma != NULL && ilen + 1 == n) {
		*why = "no digit after the decimal comma";
		return -1;
	}
	for (i = 0; i <= ilen; i++) {
		if (i < ilen && isdig((unsigned char)s[i])) {
			group++;
			out[o++] = s[i];
			continue;
		}
		/* A dot or the end closes a group. */
		if (group == 0) {
			*why = "a dot with no digit before it";
			return -1;
		}
		if (ngroups == 0 && i < ilen && (group > 3 || s[0] == '0')) {
			*why = group > 3 ? "a dot must group exactly 3 digits "
			    "(thousands); for a decimal write a comma: 2,15" :
			    "a leading zero before a thousands dot; for a "
			    "decimal write a comma: 0,123";
			return -1;
		}
		if (ngroups > 0 && group != 3) {
			*why = "a dot must group exactly 3 digits (thousands); "
			    "for a decimal write a comma: 2,15";
			return -1;
		}
		ngroups++;
		group = 0;
	}
	if (comma != NULL) {
		out[o++] = '.';
		for (i = ilen + 1; i < n; i++)
			out[o++] = s[i];
	}
	*olen = o;
	return 0;
}

/* "1234.5e3" as is, after checking its shape; -1 with *why if not. */
static int
canon_c(const char *s, size_t n, char *out, size_t *olen, const char **why)
{
	size_t i = 0, mant = 0, o = *olen;

	if (memchr(s, ',', n) != NULL) {
		*why = memchr(s, '.', n) != NULL && memchr(s, '.', n) <
		    (const void *)memchr(s, ',', n) ? "looks like a Vietnamese "
		    "number (1.234,5); this source expects 1234.5" :
		    "a comma in a number; this source expects 1234.5";
		return -1;
	}
	for (; i < n && isdig((unsigned char)s[i]); i++, mant++)
		out[o++] = s[i];
	if (i < n && s[i] == '.') {
		out[o++] = s[i++];
		for (; i < n && isdig((unsigned char)s[i]); i++, mant++)
			out[o++] = s[i];
	}
	if (mant == 0) {
		*why = "no digit before the exponent or a second dot";
		return -1;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		out[o++] = 'e';
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			out[o++] = s[i++];
		if (i == n || !isdig((unsigned char)s[i])) {
			*why = "an exponent without digits";
			return -1;
		}
		for (; i < n && isdig((unsigned char)s[i]); i++)
			out[o++] = s[i];
	}
	if (i != n) {
		*why = s[i] == '.' ? "more than one dot in a number" :
		    "stray characters in a number";
		return -1;
	}
	*olen = o;
	return 0;
}

int
vb_num_parse(const char *s, size_t n, int locale, double *v,
    const char **why)
{
	const char *dummy;
	char        buf[NUM_MAXLEN + 2], *end, radix;
	size_t      b = 0, e = n, k, i, o = 0;
	int         neg = 0, spaces, pct, rc;
	double      x;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (n == 0)
		return 0;
	while (b < e && (k = space_len(s + b, e - b)) > 0)
		b += k;
	while (e > b && (k = space_len_back(s + b, e - b)) > 0)
		e -= k;
	if (b < e && (s[b] == '-' || s[b] == '+')) {
		neg = s[b] == '-';
		b++;
	} else if (e - b >= 3 && memcmp(s + b, "\xE2\x88\x92", 3) == 0) {
		neg = 1;
		b += 3;
	}
	if (b < e && s[e - 1] == '%') {
		e--;
		while (e > b && (k = space_len_back(s + b, e - b)) > 0)
			e -= k;
	}
	if (!looks_numeric(s + b, e - b, locale, &spaces, &pct))
		return 0;
	if (spaces) {
		*why = "a space inside a number; write thousands with dots "
		    "(1.000) and decimals with a comma (2,5)";
		return -1;
	}
	if (pct) {
		*why = "a percent sign that is not at the end";
		return -1;
	}
	if (e - b > NUM_MAXLEN) {
		*why = "too many digits for a number";
		return -1;
	}
	if (neg)
		buf[o++] = '-';
	rc = locale == VB_NUM_C ? canon_c(s + b, e - b, buf, &o, why) :
	    canon_vi(s + b, e - b, buf, &o, why);
	if (rc == -1)
		return -1;
	buf[o] = '\0';
	/* strtod reads the radix character of the current C locale. */
	radix = localeconv()->decimal_point[0];
	if (radix != '.' && radix != '\0')
		for (i = 0; i < o; i++)
			if (buf[i] == '.')
				buf[i] = radix;
	x = strtod(buf, &end);
	if (*end != '\0' || !isfinite(x)) {
		*why = "the number is too large";
		return -1;
	}
	if (v != NULL)
		*v = x == 0 ? 0 : x;
	return 1;
}
