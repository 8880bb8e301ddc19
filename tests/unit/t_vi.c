/*
 * t_vi.c — the vi module beyond the examples of tests/spec/vi.txt: the
 * context's lifecycle, decomposed input end to end, located
 * diagnostics, buffer growth, and properties checked over whole ranges
 * against independent oracles (ICU's spell-out, a Roman-numeral reader,
 * a day-by-day calendar walk).
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "vi.h"
#include "unit.h"

static struct vb_diag   diag;
static char            *diag_text;
static size_t           diag_len;
static FILE            *diag_mem;

/* Points the diag context at a fresh memory stream. */
static void
diag_reset(const struct vb_srcset *ss)
{
	if (diag_mem != NULL)
		fclose(diag_mem);
	free(diag_text);
	diag_text = NULL;
	diag_len = 0;
	diag_mem = open_memstream(&diag_text, &diag_len);
	vb_diag_init(&diag, ss, diag_mem);
}

static const char *
diag_got(void)
{
	fflush(diag_mem);
	return diag_text != NULL ? diag_text : "";
}

static void
test_lifecycle(void)
{
	struct vb_vi *a, *b;
	struct vb_buf x = VB_BUF_INIT, y = VB_BUF_INIT;

	vi_close(NULL);
	diag_reset(NULL);
	a = vi_open(&diag);
	b = vi_open(&diag);
	OK(a != NULL && b != NULL, "two contexts open side by side");
	OK(a != b, "each worker has its own context");
	OK(vi_upper(a, "đ", strlen("đ"), &x) == 0 &&
	    vi_upper(b, "ư", strlen("ư"), &y) == 0, "both work");
	STR_EQ(x.data, "Đ", "context a");
	STR_EQ(y.data, "Ư", "context b");
	vi_close(a);
	vb_buf_reset(&y);
	OK(vi_words(b, 21, 0, &y) == 0, "b still works after a is closed");
	STR_EQ(y.data, "hai mươi mốt", "b after closing a");
	vi_close(b);
	STR_EQ(diag_got(), "", "opening reports nothing (ICU's warning for "
	    "\"vi\" is not a failure)");
	vb_buf_free(&x);
	vb_buf_free(&y);
}

/* Decomposed input, as macOS writes it, behaves as composed text. */
static void
test_nfd(struct vb_vi *vi)
{
	const char   *nfd = "Vie\xCC\x82\xCC\xA3t";        /* e + ̂ + ̣ */
	const char   *nfd2 = "Vie\xCC\xA3\xCC\x82t";       /* e + ̣ + ̂ */
	const char   *nfc = "Vi\xE1\xBB\x87t";             /* ệ U+1EC7 */
	struct vb_buf b = VB_BUF_INIT;

	OK(!vi_is_nfc(vi, nfd, strlen(nfd)), "NFD input is not NFC");
	OK(vi_nfc(vi, nfd, strlen(nfd), &b, NULL) == 0, "vi_nfc on NFD");
	STR_EQ(b.data, nfc, "NFD Vie\\u0302\\u0323t composes to Việt");
	OK(vi_is_nfc(vi, b.data, b.len), "the result is NFC");
	vb_buf_reset(&b);
	vi_nfc(vi, nfd2, strlen(nfd2), &b, NULL);
	STR_EQ(b.data, nfc, "the marks in the other order compose the same");
	INT_EQ(vi_cmp(vi, nfd, nfc), 0, "vi_cmp: NFD == NFC");
	INT_EQ(vi_cmp(vi, nfd2, nfd), 0, "vi_cmp: both NFD orders equal");
	INT_EQ(vi_cmp_name(vi, "Nguy\xE1\xBB\x85n V\xC4\x83n Vi\xE1\xBB\x87t",
	    "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n Vie\xCC\x82\xCC\xA3t"), 0,
	    "vi_cmp_name: NFD name == NFC name");
	OK(vi_cmp(vi, nfd, "Vi\xE1\xBB\x87u") < 0, "NFD Việt < Việu");
	vb_buf_reset(&b);
	vb_buf_puts(&b, "x=");
	vi_nfc(vi, "a\xCC\x80", 3, &b, NULL);
	STR_EQ(b.data, "x=\xC3\xA0", "vi_nfc appends to what out holds");
	vb_buf_free(&b);
}

/* Invalid UTF-8 inside a source file: the message names line:col. */
static void
test_located_utf8(void)
{
	struct vb_srcset ss;
	struct vb_vi    *vi;
	struct vb_buf    b = VB_BUF_INIT;
	struct vb_loc    loc = { 1, 0, 0, NULL };
	const char      *text = "---\nn\xC6\xA1i: L\xFF" "i Ch\xC3\xA2u\n";
	const char      *val;

	vb_srcset_init(&ss);
	vb_srcset_add(&ss, "kh.md", vb_xstrdup(text), strlen(text));
	diag_reset(&ss);
	vi = vi_open(&diag);
	/* The value "L\xFFi Châu" of line 2; its bad byte is column 7. */
	val = strstr(text, "L\xFF");
	loc.off = (uint32_t)(val - text);
	loc.len = (uint32_t)strlen("L\xFFi Ch\xC3\xA2u");
	INT_EQ(vi_nfc(vi, val, loc.len, &b, &loc), -1, "invalid UTF-8 fails");
	INT_EQ(b.len, 0, "nothing appended on failure");
	STR_EQ(diag_got(), "vanban: kh.md:2:7: error: invalid UTF-8 "
	    "(m\xC3\xA3 UTF-8 h\xE1\xBB\x8Fng): byte 0xFF\n",
	    "the message names the bad byte's line and column");
	INT_EQ(vb_diag_exit(&diag), 1, "an input error exits 1");
	INT_EQ(diag.nerrors, 1, "one error counted");
	vi_close(vi);
	vb_srcset_free(&ss);
	vb_buf_free(&b);
}

/* Failing calls leave out untouched and say why; den 0 is silent. */
static void
test_failures(struct vb_vi *vi)
{
	struct vb_buf b = VB_BUF_INIT;

	diag_reset(NULL);
	vb_buf_puts(&b, "keep");
	INT_EQ(vi_number(vi, NAN, 2, &b), -1, "NaN fails");
	INT_EQ(vi_number(vi, INFINITY, 0, &b), -1, "inf fails");
	INT_EQ(vi_words(vi, LLONG_MIN, 0, &b), -1, "LLONG_MIN fails");
	INT_EQ(vi_amount(vi, 1000000000000000000LL, "đồng", 0, &b), -1,
	    "10^18 fails");
	INT_EQ(vi_date_long(vi, 2023, 2, 29, &b), -1, "29/02/2023 fails");
	INT_EQ(vi_date_short(vi, INT_MIN, INT_MIN, INT_MIN, &b), -1,
	    "INT_MIN date fails");
	INT_EQ(vi_place_date(vi, "Lai Châu", 2023, 2, 30, 0, &b), -1,
	    "place with a bad date fails");
	INT_EQ(vi_roman(0, &b), -1, "roman 0 fails");
	INT_EQ(vi_roman(LONG_MAX, &b), -1, "roman LONG_MAX fails");
	INT_EQ(vi_letter(LONG_MAX, &b), -1, "letter LONG_MAX fails");
	INT_EQ(vi_letter(LONG_MIN, &b), -1, "letter LONG_MIN fails");
	STR_EQ(b.data, "keep", "failures append nothing");
	INT_EQ(diag.nerrors, 7, "each context failure reported once; roman "
	    "and letter report nothing");
	diag_reset(NULL);
	INT_EQ(vi_percent(vi, 5, 0, 1, &b), 0, "den 0 is not a failure");
	INT_EQ(vi_percent(vi, 0, 0, 1, &b), 0, "0/0 is not a failure");
	STR_EQ(b.data, "keep", "den 0 appends nothing");
	STR_EQ(diag_got(), "", "den 0 reports nothing");
	INT_EQ(vi_days_between(2023, 2, 29, 2023, 3, 1), LONG_MIN,
	    "unchecked days: invalid → LONG_MIN");
	vb_buf_free(&b);
	diag_reset(NULL);
}

/* Case mapping that grows the text past the first guess (ΐ → Ϊ́: 2 → 6
 * bytes), and normalisation of long decomposed text. */
static void
test_growth(struct vb_vi *vi)
{
	struct vb_buf in = VB_BUF_INIT, out = VB_BUF_INIT, want = VB_BUF_INIT;
	int           i;

	for (i = 0; i < 1000; i++) {
		vb_buf_puts(&in, "\xCE\x90");
		vb_buf_puts(&want, "\xCE\x99\xCC\x88\xCC\x81");
	}
	OK(vi_upper(vi, in.data, in.len, &out) == 0, "upper of 1000 ΐ");
	INT_EQ(out.len, 6000, "grows threefold");
	OK(out.data != NULL && strcmp(out.data, want.data) == 0,
	    "ΐ → Ϊ́ each time");
	vb_buf_reset(&in);
	vb_buf_reset(&out);
	vb_buf_reset(&want);
	for (i = 0; i < 100000; i++) {
		vb_buf_puts(&in, "o\xCC\x9B\xCC\xA3");   /* o + horn + dot */
		vb_buf_puts(&want, "\xE1\xBB\xA3");      /* ợ */
	}
	OK(vi_nfc(vi, in.data, in.len, &out, NULL) == 0, "NFC of 400 kB");
	INT_EQ(out.len, want.len, "composed length");
	OK(out.data != NULL && strcmp(out.data, want.data) == 0,
	    "100000 × ợ composed");
	vb_buf_free(&in);
	vb_buf_free(&out);
	vb_buf_free(&want);
}

/* Every letter of U+1EA0–U+1EF9 maps between its even and odd forms. */
static void
test_case_block(struct vb_vi *vi)
{
	struct vb_buf in = VB_BUF_INIT, out = VB_BUF_INIT;
	uint32_t      cp, got;
	int           bad = 0;

	for (cp = 0x1EA0; cp <= 0x1EF9; cp++) {
		vb_buf_reset(&in);
		vb_buf_reset(&out);
		vb_buf_put_cp(&in, cp);
		if (cp % 2 == 0)
			vi_lower(vi, in.data, in.len, &out);
		else
			vi_upper(vi, in.data, in.len, &out);
		if (vb_utf8_decode(out.data, out.len, &got) != out.len ||
		    got != (cp % 2 == 0 ? cp + 1 : cp - 1))
			bad++;
	}
	INT_EQ(bad, 0, "U+1EA0–U+1EF9: upper even, lower odd");
	vb_buf_free(&in);
	vb_buf_free(&out);
}

/*
 * Below a million the office rules and ICU's spell-out agree once
 * "linh" is "lẻ" (they part ways later: ICU says "một triệu lẻ một"
 * where ND30 says "một triệu không trăm linh một").
 */
static void
test_words_icu(struct vb_vi *vi)
{
	UErrorCode     st = U_ZERO_ERROR;
	UNumberFormat *f = unum_open(UNUM_SPELLOUT, NULL, 0, "vi", NULL, &st);
	struct vb_buf  w = VB_BUF_INIT;
	UChar          u[256];
	char           s[512];
	long long      v;
	int32_t        n;
	int            bad = 0, checked = 0;

	OK(!U_FAILURE(st), "ICU spell-out for vi");
	if (U_FAILURE(st))
		return;
	for (v = 0; v < 1000000; v += v < 100000 ? 1 : 7) {
		st = U_ZERO_ERROR;
		n = unum_formatInt64(f, v, u, 256, NULL, &st);
		u_strToUTF8(s, sizeof(s), NULL, u, n, &st);
		vb_buf_reset(&w);
		vi_words(vi, v, VI_WORDS_LE, &w);
		checked++;
		if (U_FAILURE(st) || w.data == NULL || strcmp(s, w.data) != 0) {
			if (bad++ < 3)
				fprintf(stderr, "    %lld: icu \"%s\" vi \"%s\"\n",
				    v, s, w.data ? w.data : "");
		}
	}
	INT_EQ(bad, 0, "vi_words(+le) == ICU spell-out below 10^6 (%d checked)",
	    checked);
	unum_close(f);
	vb_buf_free(&w);
}

/* vi_number(n, 0) without its dots is the plain integer. */
static void
test_number_grouping(struct vb_vi *vi)
{
	struct vb_buf b = VB_BUF_INIT;
	char          want[32], plain[64];
	long long     n;
	size_t        i, k;
	int           bad = 0, badgroup = 0;

	for (n = -1000000000000000LL; n <= 1000000000000000LL;
	    n += 9876543210987LL) {
		vb_buf_reset(&b);
		vi_number(vi, (double)n, 0, &b);
		for (i = k = 0; i < b.len && k < sizeof(plain) - 1; i++) {
			if (b.data[i] != '.')
				plain[k++] = b.data[i];
			else if ((b.len - i - 1) % 4 != 3)
				badgroup++;
		}
		plain[k] = '\0';
		snprintf(want, sizeof(want), "%lld", n);
		if (strcmp(plain, want) != 0)
			bad++;
	}
	INT_EQ(bad, 0, "digits kept below 10^15");
	INT_EQ(badgroup, 0, "a dot before every group of three");
	vb_buf_free(&b);
}

static long
roman_value(const char *s)
{
	long v = 0, cur, next;

	for (; *s != '\0'; s++) {
		cur = strchr("IVXLCDM", *s) == NULL ? -100000 :
		    (long[]){ 1, 5, 10, 50, 100, 500, 1000 }
		    [strchr("IVXLCDM", *s) - "IVXLCDM"];
		next = s[1] == '\0' || strchr("IVXLCDM", s[1]) == NULL ? 0 :
		    (long[]){ 1, 5, 10, 50, 100, 500, 1000 }
		    [strchr("IVXLCDM", s[1]) - "IVXLCDM"];
		v += cur < next ? -cur : cur;
	}
	return v;
}

static void
test_sequences(void)
{
	struct vb_buf b = VB_BUF_INIT;
	long          n;
	int           bad = 0, foreign = 0;

	for (n = 1; n <= 3999; n++) {
		vb_buf_reset(&b);
		if (vi_roman(n, &b) != 0 || roman_value(b.data) != n)
			bad++;
	}
	INT_EQ(bad, 0, "I … MMMCMXCIX read back as 1 … 3999");
	for (n = 1; n <= VI_LETTER_MAX; n++) {
		vb_buf_reset(&b);
		if (vi_letter(n, &b) != 0 || strpbrk(b.data, "fjwzFJWZ") != NULL)
			foreign++;
	}
	INT_EQ(foreign, 0, "no f, j, w, z among the điểm letters");
	vb_buf_free(&b);
}

/* Walks every day of 1..9999 and checks the day count grows by one. */
static void
test_days(struct vb_vi *vi)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int  y, m, d, leap, bad = 0;
	long want = 0, got;

	for (y = 1; y <= 9999; y++) {
		leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= mdays[m - 1] + (m == 2 && leap); d++) {
				got = vi_days_between(1, 1, 1, y, m, d);
				if (got != want++)
					bad++;
			}
	}
	INT_EQ(bad, 0, "day numbers are consecutive over 1..9999");
	INT_EQ(want, 3652059, "3652059 days in years 1..9999");
	OK(vi_days(vi, 2022, 10, 3, 2023, 9, 1, &got) == 0 && got == 333,
	    "03/10/2022 → 01/9/2023 is 333 days (the seed's 332 is 333 - 1)");
}

int
main(void)
{
	struct vb_vi *vi;

	test_lifecycle();
	diag_reset(NULL);
	vi = vi_open(&diag);
	OK(vi != NULL, "vi_open");
	if (vi == NULL)
		return unit_done("t_vi");
	test_nfd(vi);
	test_located_utf8();
	test_failures(vi);
	test_growth(vi);
	test_case_block(vi);
	test_words_icu(vi);
	test_number_grouping(vi);
	test_sequences();
	test_days(vi);
	vi_close(vi);
	fclose(diag_mem);
	free(diag_text);
	return unit_done("t_vi");
}
