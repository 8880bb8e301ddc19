/*
 * vi.c — Vietnamese text services over ICU (see vi.h): NFC, case,
 * collation, numbers, percentages, dates, amounts in words and the
 * numbering sequences of ND30.md §18.
 *
 * ICU is used for what needs Unicode data (normalisation, case mapping,
 * collation); numbers, dates and words are formatted here, because the
 * office conventions differ from ICU's in small ways (ICU spells 105
 * "một trăm lẻ năm" and 1005000 "một triệu năm nghìn").
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucasemap.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "vi.h"

/* ICU counts in int32_t; longer text than this is refused (VB_ERR_LIMIT). */
#define VI_MAX_TEXT     (64 * 1024 * 1024)
/* More decimals than this count as this many (a double has 17 digits). */
#define VI_MAX_DECIMALS 20
/* The widest zero padding vi_pad() gives. */
#define VI_MAX_PAD      32
/* Decimals of "as many as needed" (vi.h). */
#define VI_AUTO_DECIMALS 6

struct vb_vi {
	struct vb_diag      *d;
	const UNormalizer2  *nfc;    /* owned by ICU: never closed */
	UCollator           *coll;   /* "vi", normalisation on */
	UCaseMap            *csm;    /* "vi" case mapping on UTF-8 */
	UChar               *u1, *u2; /* UTF-16 scratch */
	int32_t              u1cap, u2cap;
	char                *b8;     /* UTF-8 scratch */
	size_t               b8cap;
};

static void
icu_fail(struct vb_vi *vi, const char *what, UErrorCode st)
{
	vb_diag(vi->d, VB_ERR_ICU, NULL, "%s: %s", what, u_errorName(st));
}

struct vb_vi *
vi_open(struct vb_diag *d)
{
	struct vb_vi *vi = vb_xcalloc(1, sizeof(*vi));
	UErrorCode    st = U_ZERO_ERROR;

	vi->d = d;
	vi->nfc = unorm2_getNFCInstance(&st);
	if (U_FAILURE(st)) {
		icu_fail(vi, "NFC normaliser", st);
		goto fail;
	}
	st = U_ZERO_ERROR;
	vi->coll = ucol_open("vi", &st);
	if (U_FAILURE(st)) {
		icu_fail(vi, "collator \"vi\"", st);
		goto fail;
	}
	/* Decomposed input (macOS, old converters) must sort as composed. */
	ucol_setAttribute(vi->coll, UCOL_NORMALIZATION_MODE, UCOL_ON, &st);
	if (U_FAILURE(st)) {
		icu_fail(vi, "collator \"vi\"", st);
		goto fail;
	}
	st = U_ZERO_ERROR;
	vi->csm = ucasemap_open("vi", 0, &st);
	if (U_FAILURE(st)) {
		icu_fail(vi, "case map \"vi\"", st);
		goto fail;
	}
	return vi;
fail:
	vi_close(vi);
	return NULL;
}

void
vi_close(struct vb_vi *vi)
{
	if (vi == NULL)
		return;
	if (vi->coll != NULL)
		ucol_close(vi->coll);
	if (vi->csm != NULL)
		ucasemap_close(vi->csm);
	free(vi->u1);
	free(vi->u2);
	free(vi->b8);
	free(vi);
}

/* ---- helpers --------------------------------------------------------------- */

static UChar *
ugrow(UChar **p, int32_t *cap, int32_t need)
{
	if (need > *cap) {
		*cap = need < 256 ? 256 : need;
		*p = vb_xrealloc(*p, (size_t)*cap * sizeof(UChar));
	}
	return *p;
}

static char *
bgrow(struct vb_vi *vi, size_t need)
{
	if (need > vi->b8cap) {
		vi->b8cap = need < 256 ? 256 : need;
		vi->b8 = vb_xrealloc(vi->b8, vi->b8cap);
	}
	return vi->b8;
}

/*
 * Checks that s[0..n) is valid UTF-8 of a size ICU takes. Reports
 * VB_ERR_UTF8 at the bad byte (loc->off + offset) or VB_ERR_LIMIT.
 */
static int
check_text(struct vb_vi *vi, const char *s, size_t n, const struct vb_loc *loc)
{
	struct vb_loc at;
	size_t        bad;

	if (n > VI_MAX_TEXT) {
		vb_diag(vi->d, VB_ERR_LIMIT, loc, "text longer than %d bytes",
		    VI_MAX_TEXT);
		return -1;
	}
	if ((bad = vb_utf8_check(s, n)) == n)
		return 0;
	if (loc != NULL) {
		at = *loc;
		at.off = loc->off + (uint32_t)bad;
		at.len = 1;
		vb_diag(vi->d, VB_ERR_UTF8, &at, "byte 0x%02X",
		    (unsigned char)s[bad]);
	} else
		vb_diag(vi->d, VB_ERR_UTF8, NULL, "byte 0x%02X at offset %zu",
		    (unsigned char)s[bad], bad);
	return -1;
}

static int
is_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Valid UTF-8 s[0..n) into vi->u1; returns its length in UTF-16 units. */
static int32_t
to_u16(struct vb_vi *vi, const char *s, size_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t    len = 0;

	/* A UTF-8 byte never gives more than one UTF-16 unit. */
	ugrow(&vi->u1, &vi->u1cap, (int32_t)n + 1);
	u_strFromUTF8(vi->u1, vi->u1cap, &len, s, (int32_t)n, &st);
	if (U_FAILURE(st))
		return -1;
	return len;
}

/* Appends UTF-16 u[0..len) as UTF-8. */
static int
put_u16(struct vb_vi *vi, const UChar *u, int32_t len, struct vb_buf *out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t    n = 0;

	bgrow(vi, (size_t)len * 3 + 1);
	u_strToUTF8(vi->b8, (int32_t)vi->b8cap, &n, u, len, &st);
	if (U_FAILURE(st)) {
		icu_fail(vi, "UTF-16 to UTF-8", st);
		return -1;
	}
	vb_buf_put(out, vi->b8, (size_t)n);
	return 0;
}

/* ---- text ------------------------------------------------------------------ */

int
vi_nfc(struct vb_vi *vi, const char *s, size_t n, struct vb_buf *out,
    const struct vb_loc *loc)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t    len, nlen;

	if (check_text(vi, s, n, loc) == -1)
		return -1;
	if (is_ascii(s, n)) {
		vb_buf_put(out, s, n);
		return 0;
	}
	if ((len = to_u16(vi, s, n)) < 0) {
		icu_fail(vi, "UTF-8 to UTF-16", U_INVALID_CHAR_FOUND);
		return -1;
	}
	if (unorm2_isNormalized(vi->nfc, vi->u1, len, &st) && !U_FAILURE(st)) {
		vb_buf_put(out, s, n);
		return 0;
	}
	st = U_ZERO_ERROR;
	ugrow(&vi->u2, &vi->u2cap, len + 16);
	nlen = unorm2_normalize(vi->nfc, vi->u1, len, vi->u2, vi->u2cap, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		st = U_ZERO_ERROR;
		ugrow(&vi->u2, &vi->u2cap, nlen + 1);
		nlen = unorm2_normalize(vi->nfc, vi->u1, len, vi->u2,
		    vi->u2cap, &st);
	}
	if (U_FAILURE(st)) {
		icu_fail(vi, "NFC", st);
		return -1;
	}
	return put_u16(vi, vi->u2, nlen, out);
}

int
vi_is_nfc(struct vb_vi *vi, const char *s, size_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t    len;
	UBool      yes;

	if (n > VI_MAX_TEXT || vb_utf8_check(s, n) != n)
		return 0;
	if (is_ascii(s, n))
		return 1;
	if ((len = to_u16(vi, s, n)) < 0)
		return 0;
	yes = unorm2_isNormalized(vi->nfc, vi->u1, len, &st);
	return !U_FAILURE(st) && yes;
}

typedef int32_t casefn(const UCaseMap *, char *, int32_t, const char *,
    int32_t, UErrorCode *);

static int
casemap(struct vb_vi *vi, casefn *fn, const char *s, size_t n,
    struct vb_buf *out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t    len;

	if (check_text(vi, s, n, NULL) == -1)
		return -1;
	if (n == 0)
		return 0;
	bgrow(vi, n + n / 2 + 16);
	len = fn(vi->csm, vi->b8, (int32_t)vi->b8cap, s, (int32_t)n, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		st = U_ZERO_ERROR;
		bgrow(vi, (size_t)len + 1);
		len = fn(vi->csm, vi->b8, (int32_t)vi->b8cap, s, (int32_t)n,
		    &st);
	}
	if (U_FAILURE(st)) {
		icu_fail(vi, "case mapping", st);
		return -1;
	}
	vb_buf_put(out, vi->b8, (size_t)len);
	return 0;
}

int
vi_upper(struct vb_vi *vi, const char *s, size_t n, struct vb_buf *out)
{
	return casemap(vi, ucasemap_utf8ToUpper, s, n, out);
}

int
vi_lower(struct vb_vi *vi, const char *s, size_t n, struct vb_buf *out)
{
	return casemap(vi, ucasemap_utf8ToLower, s, n, out);
}

/*
 * The first letter is the first letter or digit after leading spaces and
 * punctuation ("“một" → "“Một"); if it is a digit nothing changes.
 */
int
vi_capitalize(struct vb_vi *vi, const char *s, size_t n, struct vb_buf *out)
{
	size_t   i = 0, k;
	uint32_t cp = 0;

	if (check_text(vi, s, n, NULL) == -1)
		return -1;
	while (i < n) {
		k = vb_utf8_decode(s + i, n - i, &cp);
		if (u_isalnum((UChar32)cp))
			break;
		i += k;
	}
	if (i == n || !u_isalpha((UChar32)cp)) {
		vb_buf_put(out, s, n);
		return 0;
	}
	vb_buf_put(out, s, i);
	vb_buf_put_cp(out, (uint32_t)u_totitle((UChar32)cp));
	vb_buf_put(out, s + i + k, n - i - k);
	return 0;
}

/* ---- ordering -------------------------------------------------------------- */

static int
collate(struct vb_vi *vi, const char *a, size_t an, const char *b, size_t bn)
{
	UErrorCode       st = U_ZERO_ERROR;
	UCollationResult r;

	if (an > VI_MAX_TEXT || bn > VI_MAX_TEXT)
		return 0;
	r = ucol_strcollUTF8(vi->coll, a, (int32_t)an, b, (int32_t)bn, &st);
	if (U_FAILURE(st)) {
		/* Cannot happen with a valid collator; keep an order anyway. */
		int c = memcmp(a, b, an < bn ? an : bn);

		return c != 0 ? c : (an > bn) - (an < bn);
	}
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}


/* A name split into family (first syllable), middle and given (last). */
struct name {
	const char *fam, *mid, *giv;
	size_t      famn, midn, givn;
};

/* Length of the space at s (ASCII white space or U+00A0), or 0. */
static size_t
space_at(const char *s, size_t n)
{
	if (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' ||
	    s[0] == '\r'))
		return 1;
	if (n > 1 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	return 0;
}

static void
split_name(const char *s, struct name *nm)
{
	size_t n = strlen(s), i = 0, k, ws, words = 0;
	size_t mid_start = 0, prev_end = 0, last_start = 0, last_end = 0;

	memset(nm, 0, sizeof(*nm));
	for (;;) {
		while ((k = space_at(s + i, n - i)) > 0)
			i += k;
		if (i >= n)
			break;
		ws = i;
		while (i < n && space_at(s + i, n - i) == 0)
			i++;
		if (++words == 1) {
			nm->fam = s + ws;
			nm->famn = i - ws;
		} else if (words == 2)
			mid_start = ws;
		prev_end = last_end;
		last_start = ws;
		last_end = i;
	}
	if (words == 0)
		return;
	nm->giv = s + last_start;
	nm->givn = last_end - last_start;
	if (words == 1) {
		/* A single word is a given name. */
		nm->fam = NULL;
		nm->famn = 0;
	}
	if (words >= 3) {
		nm->mid = s + mid_start;
		nm->midn = prev_end - mid_start;
	}
}

/*
 * Syllable by syllable (ND30.md §18.6, and the order of Vietnamese
 * dictionaries): the first syllable decides with its tone before the
 * next is looked at, so "Ba Vì" < "Bà Rịa", where a whole-string ICU
 * comparison would weigh the letters of every syllable before any tone.
 * Runs of spaces count as one; fewer syllables sort first.
 */
static int
words_cmp(struct vb_vi *vi, const char *a, size_t an, const char *b,
    size_t bn)
{
	size_t i = 0, j = 0, k, wi, wj;
	int    c;

	for (;;) {
		while ((k = space_at(a + i, an - i)) > 0)
			i += k;
		while ((k = space_at(b + j, bn - j)) > 0)
			j += k;
		if (i >= an || j >= bn)
			return (i < an) - (j < bn);
		for (wi = i; i < an && space_at(a + i, an - i) == 0; i++)
			continue;
		for (wj = j; j < bn && space_at(b + j, bn - j) == 0; j++)
			continue;
		if ((c = collate(vi, a + wi, i - wi, b + wj, j - wj)) != 0)
			return c;
	}
}

int
vi_cmp(struct vb_vi *vi, const char *a, const char *b)
{
	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	return words_cmp(vi, a, strlen(a), b, strlen(b));
}

int
vi_cmp_name(struct vb_vi *vi, const char *a, const char *b)
{
	struct name na, nb;
	int         c;

	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	split_name(a, &na);
	split_name(b, &nb);
	if ((c = words_cmp(vi, na.giv ? na.giv : "", na.givn,
	    nb.giv ? nb.giv : "", nb.givn)) != 0)
		return c;
	if ((c = words_cmp(vi, na.fam ? na.fam : "", na.famn,
	    nb.fam ? nb.fam : "", nb.famn)) != 0)
		return c;
	return words_cmp(vi, na.mid ? na.mid : "", na.midn,
	    nb.mid ? nb.mid : "", nb.midn);
}

/* ---- numbers --------------------------------------------------------------- */

/*
 * A non-negative finite double as decimal digits: v = 0.D × 10^pt, with
 * D the shortest digit string that reads back as v (at most 17 digits).
 * Rounding is then done on these decimal digits, so 2.675 (stored as
 * 2.67499999…) rounds to 2,68 as the writer meant. Zero gives nd = 0.
 */
struct digits {
	char d[24];
	int  nd;
	int  pt;
};

static void
shortest(double a, struct digits *g)
{
	char  tmp[40], *e, *p;
	int   prec;

	g->nd = 0;
	g->pt = 0;
	if (a == 0)
		return;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, a);
		if (strtod(tmp, NULL) == a)
			break;
	}
	if ((e = strchr(tmp, 'e')) == NULL)
		return;
	/* The separator may be ',' under a foreign LC_NUMERIC: take digits. */
	for (p = tmp; p < e; p++)
		if (*p >= '0' && *p <= '9' && g->nd < 20)
			g->d[g->nd++] = *p;
	g->pt = atoi(e + 1) + 1;
	while (g->nd > 1 && g->d[g->nd - 1] == '0')
		g->nd--;
}

/* Rounds g to dec decimals, half away from zero (g is a magnitude). */
static void
round_digits(struct digits *g, int dec)
{
	int keep = g->pt + dec, up, i;

	if (keep >= g->nd)
		return;
	if (keep < 0) {
		g->nd = 0;
		return;
	}
	up = g->d[keep] >= '5';
	g->nd = keep;
	if (!up) {
		while (g->nd > 0 && g->d[g->nd - 1] == '0')
			g->nd--;
		return;
	}
	for (i = g->nd - 1; i >= 0 && g->d[i] == '9'; i--)
		g->nd--;  /* trailing 9s become trailing zeros: drop them */
	if (i < 0) {
		g->d[0] = '1';
		g->nd = 1;
		g->pt++;
	} else
		g->d[i]++;
}

static char
digit_at(const struct digits *g, int i)
{
	return i >= 0 && i < g->nd ? g->d[i] : '0';
}

/* Appends g with "." grouping and "," before dec decimals. */
static void
put_digits(const struct digits *g, int dec, int neg, int trim,
    struct vb_buf *out)
{
	int i, nint = g->pt > 0 ? g->pt : 1;

	if (trim) {
		/* Drop trailing zero decimals. */
		while (dec > 0 && digit_at(g, g->pt + dec - 1) == '0')
			dec--;
	}
	/* Rounded digits are never all zeros unless nd == 0: no "-0". */
	if (neg && g->nd > 0)
		vb_buf_putc(out, '-');
	for (i = 0; i < nint; i++) {
		if (i > 0 && (nint - i) % 3 == 0)
			vb_buf_putc(out, '.');
		vb_buf_putc(out, g->pt > 0 ? digit_at(g, i) : '0');
	}
	if (dec > 0) {
		vb_buf_putc(out, ',');
		for (i = 0; i < dec; i++)
			vb_buf_putc(out, digit_at(g, g->pt + i));
	}
}

static int
format_number(struct vb_vi *vi, double v, int decimals, struct vb_buf *out)
{
	struct digits g;
	int           trim = 0;

	if (isnan(v)) {
		vb_diag(vi->d, VB_ERR_VI_NOTNUM, NULL, "NaN");
		return -1;
	}
	if (isinf(v)) {
		vb_diag(vi->d, VB_ERR_NUMBER, NULL, "%s", v < 0 ? "-inf" : "inf");
		return -1;
	}
	if (decimals < 0) {
		decimals = VI_AUTO_DECIMALS;
		trim = 1;
	} else if (decimals > VI_MAX_DECIMALS)
		decimals = VI_MAX_DECIMALS;
	shortest(fabs(v), &g);
	round_digits(&g, decimals);
	put_digits(&g, decimals, signbit(v), trim, out);
	return 0;
}

int
vi_number(struct vb_vi *vi, double v, int decimals, struct vb_buf *out)
{
	return format_number(vi, v, decimals, out);
}

int
vi_percent(struct vb_vi *vi, double num, double den, int decimals,
    struct vb_buf *out)
{
	double q;

	if (isnan(num) || isnan(den)) {
		vb_diag(vi->d, VB_ERR_VI_NOTNUM, NULL, "NaN");
		return -1;
	}
	if (den == 0)
		return 0;
	if (isinf(num) || isinf(den)) {
		vb_diag(vi->d, VB_ERR_NUMBER, NULL, "infinite percentage");
		return -1;
	}
	/* num * 100 first: exact for the integer counts of the reports. */
	q = num * 100.0 / den;
	if (!isfinite(q)) {
		q = num / den * 100.0;
		if (!isfinite(q)) {
			vb_diag(vi->d, VB_ERR_NUMBER, NULL,
			    "percentage too large");
			return -1;
		}
	}
	if (format_number(vi, q, decimals, out) == -1)
		return -1;
	vb_buf_putc(out, '%');
	return 0;
}

int
vi_pad(struct vb_vi *vi, long long n, int width, struct vb_buf *out)
{
	unsigned long long m;
	char               tmp[24];
	int                len;

	(void)vi;
	if (width > VI_MAX_PAD)
		width = VI_MAX_PAD;
	m = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	len = snprintf(tmp, sizeof(tmp), "%llu", m);
	if (n < 0)
		vb_buf_putc(out, '-');
	for (; len < width; width--)
		vb_buf_putc(out, '0');
	vb_buf_puts(out, tmp);
	return 0;
}

/* ---- amounts in words ------------------------------------------------------ */

static const char *const digit_word[10] = {
	"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"
};

static void
word(struct vb_buf *b, const char *w)
{
	if (b->len > 0)
		vb_buf_putc(b, ' ');
	vb_buf_puts(b, w);
}

/*
 * One group of three digits (ND30.md §18.3 step 3). inner: a higher
 * group was said already, so a zero hundreds digit is said as
 * "không trăm" and a lone units digit takes "linh".
 */
static void
group_words(struct vb_buf *b, int g, int inner, int flags)
{
	int h = g / 100, t = g / 10 % 10, u = g % 10;
	int hundreds = h > 0 || inner;

	if (hundreds) {
		word(b, digit_word[h]);
		word(b, "trăm");
	}
	if (t == 0) {
		if (u == 0)
			return;
		if (hundreds)
			word(b, flags & VI_WORDS_LE ? "lẻ" : "linh");
		word(b, digit_word[u]);
	} else if (t == 1) {
		word(b, "mười");
		if (u == 5)
			word(b, "lăm");
		else if (u > 0)
			word(b, digit_word[u]);
	} else {
		word(b, digit_word[t]);
		word(b, "mươi");
		if (u == 1)
			word(b, "mốt");
		else if (u == 4)
			word(b, flags & VI_WORDS_BON ? "bốn" : "tư");
		else if (u == 5)
			word(b, "lăm");
		else if (u > 0)
			word(b, digit_word[u]);
	}
}

/* x below 10^9: groups of millions, thousands and units. */
static void
below_billion(struct vb_buf *b, long long x, int *said, int flags)
{
	static const long long scale[3] = { 1000000, 1000, 1 };
	int i, g;

	for (i = 0; i < 3; i++) {
		g = (int)(x / scale[i] % 1000);
		if (g == 0)
			continue;
		group_words(b, g, *said, flags);
		if (i == 0)
			word(b, "triệu");
		else if (i == 1)
			word(b, flags & VI_WORDS_NGAN ? "ngàn" : "nghìn");
		*said = 1;
	}
}

/* Words of v into b (b empty). */
static int
words(struct vb_vi *vi, long long v, int flags, struct vb_buf *b)
{
	const long long limit = 1000000000000000000LL;  /* 10^18 */
	const long long billion = 1000000000LL;
	long long       hi, lo;
	int             said = 0;

	if (v <= -limit || v >= limit) {
		vb_diag(vi->d, VB_ERR_NUMBER, NULL,
		    "%lld: amounts in words stop below 10^18", v);
		return -1;
	}
	if (v == 0) {
		vb_buf_puts(b, digit_word[0]);
		return 0;
	}
	if (v < 0) {
		word(b, "âm");
		v = -v;
	}
	/* The part above a billion is said as a number of "tỷ". */
	hi = v / billion;
	lo = v % billion;
	if (hi > 0) {
		below_billion(b, hi, &said, flags);
		word(b, flags & VI_WORDS_TI ? "tỉ" : "tỷ");
	}
	below_billion(b, lo, &said, flags);
	return 0;
}

int
vi_words(struct vb_vi *vi, long long v, int flags, struct vb_buf *out)
{
	struct vb_buf b = VB_BUF_INIT;
	int           rc = -1;

	if (words(vi, v, flags, &b) == -1)
		goto out;
	vb_buf_put(out, b.data, b.len);
	rc = 0;
out:
	vb_buf_free(&b);
	return rc;
}

int
vi_amount(struct vb_vi *vi, long long v, const char *unit, int flags,
    struct vb_buf *out)
{
	struct vb_buf b = VB_BUF_INIT;
	int           rc = -1;

	if (unit != NULL && check_text(vi, unit, strlen(unit), NULL) == -1)
		goto out;
	if (words(vi, v, flags, &b) == -1)
		goto out;
	if (unit != NULL && *unit != '\0') {
		vb_buf_putc(&b, ' ');
		vb_buf_puts(&b, unit);
	}
	if (vi_capitalize(vi, b.data, b.len, out) == -1)
		goto out;
	vb_buf_putc(out, '.');
	rc = 0;
out:
	vb_buf_free(&b);
	return rc;
}

/* ---- dates ----------------------------------------------------------------- */

static int
date_ok(int y, int m, int d)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static int
check_date(struct vb_vi *vi, int y, int m, int d)
{
	if (date_ok(y, m, d))
		return 0;
	vb_diag(vi->d, VB_ERR_DATE, NULL, "%04d-%02d-%02d", y, m, d);
	return -1;
}

int
vi_date_long(struct vb_vi *vi, int y, int m, int d, struct vb_buf *out)
{
	if (check_date(vi, y, m, d) == -1)
		return -1;
	vb_buf_printf(out, "ngày %02d tháng %0*d năm %d", d, m <= 2 ? 2 : 1,
	    m, y);
	return 0;
}

int
vi_date_short(struct vb_vi *vi, int y, int m, int d, struct vb_buf *out)
{
	if (check_date(vi, y, m, d) == -1)
		return -1;
	vb_buf_printf(out, "%02d/%0*d/%d", d, m <= 2 ? 2 : 1, m, y);
	return 0;
}

int
vi_date_blank(struct vb_vi *vi, int y, struct vb_buf *out)
{
	if (y != 0 && (y < 1 || y > 9999)) {
		vb_diag(vi->d, VB_ERR_DATE, NULL, "year %d", y);
		return -1;
	}
	vb_buf_printf(out, "ngày%*stháng%*snăm", VI_BLANK_DAY, "",
	    VI_BLANK_MONTH, "");
	if (y != 0)
		vb_buf_printf(out, " %d", y);
	else
		vb_buf_printf(out, "%*s", VI_BLANK_MONTH, "");
	return 0;
}

int
vi_place_date(struct vb_vi *vi, const char *place, int y, int m, int d,
    int draft, struct vb_buf *out)
{
	struct vb_buf b = VB_BUF_INIT;
	int           rc = -1;

	if (place != NULL && check_text(vi, place, strlen(place), NULL) == -1)
		goto out;
	if (place != NULL && *place != '\0') {
		vb_buf_puts(&b, place);
		vb_buf_puts(&b, ", ");
	}
	if (draft || (y == 0 && m == 0 && d == 0)) {
		if (vi_date_blank(vi, y, &b) == -1)
			goto out;
	} else if (vi_date_long(vi, y, m, d, &b) == -1)
		goto out;
	vb_buf_put(out, b.data, b.len);
	rc = 0;
out:
	vb_buf_free(&b);
	return rc;
}

/* Days since 0001-01-01 in the proleptic Gregorian calendar. */
static long
day_number(int y, int m, int d)
{
	static const int before[12] =
	    { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	long yy = y - 1;
	long n = yy * 365 + yy / 4 - yy / 100 + yy / 400;
	int  leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return n + before[m - 1] + (m > 2 && leap) + d - 1;
}

long
vi_days_between(int y1, int m1, int d1, int y2, int m2, int d2)
{
	if (!date_ok(y1, m1, d1) || !date_ok(y2, m2, d2))
		return LONG_MIN;
	return day_number(y2, m2, d2) - day_number(y1, m1, d1);
}

int
vi_days(struct vb_vi *vi, int y1, int m1, int d1, int y2, int m2, int d2,
    long *days)
{
	if (check_date(vi, y1, m1, d1) == -1 || check_date(vi, y2, m2, d2) == -1)
		return -1;
	*days = vi_days_between(y1, m1, d1, y2, m2, d2);
	return 0;
}

/* Reads 1..max digits at *sp into *v; returns the count read (0: none). */
static int
read_num(const char **sp, int max, int *v)
{
	const char *s = *sp;
	int         n = 0;

	*v = 0;
	while (n < max && s[n] >= '0' && s[n] <= '9') {
		*v = *v * 10 + (s[n] - '0');
		n++;
	}
	*sp = s + n;
	return n;
}

int
vi_parse_date(const char *s, int *y, int *m, int *d)
{
	const char *p = s;
	int         a, b, c;

	if (s == NULL)
		return -1;
	if (read_num(&p, 4, &a) == 4 && *p == '-') {
		p++;
		if (read_num(&p, 2, &b) == 0 || *p++ != '-' ||
		    read_num(&p, 2, &c) == 0 || *p != '\0')
			return -1;
		*y = a;
		*m = b;
		*d = c;
		return 0;
	}
	p = s;
	if (read_num(&p, 2, &a) == 0 || *p++ != '/' ||
	    read_num(&p, 2, &b) == 0 || *p++ != '/' ||
	    read_num(&p, 4, &c) != 4 || *p != '\0')
		return -1;
	*y = c;
	*m = b;
	*d = a;
	return 0;
}

/* ---- sequences ------------------------------------------------------------- */

int
vi_roman(long n, struct vb_buf *out)
{
	static const struct {
		int         v;
		const char *s;
	} r[] = {
		{ 1000, "M" }, { 900, "CM" }, { 500, "D" }, { 400, "CD" },
		{ 100, "C" }, { 90, "XC" }, { 50, "L" }, { 40, "XL" },
		{ 10, "X" }, { 9, "IX" }, { 5, "V" }, { 4, "IV" }, { 1, "I" }
	};
	size_t i;

	if (n < 1 || n > 3999)
		return -1;
	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		for (; n >= r[i].v; n -= r[i].v)
			vb_buf_puts(out, r[i].s);
	return 0;
}

int
vi_letter(long n, struct vb_buf *out)
{
	static const char *const letters[23] = {
		"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
		"n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"
	};
	long times, i;

	if (n < 1 || n > VI_LETTER_MAX)
		return -1;
	times = (n - 1) / 23 + 1;
	for (i = 0; i < times; i++)
		vb_buf_puts(out, letters[(n - 1) % 23]);
	return 0;
}
