/*
 * vi.h — Vietnamese text services over ICU: normalisation, case,
 * collation, numbers, percentages, dates, amounts in words, and the
 * numbering sequences of official documents (ND30.md §18).
 *
 * Who may include it: every module that formats text for a reader.
 *
 * One struct vb_vi per worker holds the opened ICU objects (no globals:
 * batch mode runs several). Functions that write text append it to a
 * vb_buf the caller owns. Functions that can fail return 0 on success
 * and -1 on failure; with a non-NULL loc they report the failure through
 * the diag context given to vi_open(), naming that location (with loc
 * NULL, or no loc parameter, the report names no location; a caller that
 * knows where the value came from adds a vb_diag_note()).
 *
 * Text functions check their input: invalid UTF-8 → VB_ERR_UTF8, -1.
 * Nothing is appended to out when a function fails. Input must not point
 * into out (appending may move out's data).
 */
#ifndef VB_VI_H
#define VB_VI_H

#include <stdint.h>

#include "vb.h"
#include "diag.h"

struct vb_vi;

/* Opens the ICU objects; reports VB_ERR_ICU and returns NULL on failure.
 * d receives every later report of this context. */
struct vb_vi *vi_open(struct vb_diag *d);
void          vi_close(struct vb_vi *vi);

/* ---- text ---------------------------------------------------------------- */

/* Appends the NFC form of s[0..n). Invalid UTF-8 → VB_ERR_UTF8 at
 * loc->off + the bad byte's offset, and -1. */
int vi_nfc(struct vb_vi *vi, const char *s, size_t n, struct vb_buf *out,
    const struct vb_loc *loc);
/* 1 if s[0..n) is valid UTF-8 already in NFC (a fast check). */
int vi_is_nfc(struct vb_vi *vi, const char *s, size_t n);
/* Upper/lower case in the "vi" locale, keeping every diacritic. */
int vi_upper(struct vb_vi *vi, const char *s, size_t n, struct vb_buf *out);
int vi_lower(struct vb_vi *vi, const char *s, size_t n, struct vb_buf *out);
/* First letter upper case, the rest untouched ("một" → "Một"). The
 * first letter is the first letter or digit after leading spaces and
 * punctuation ("“một" → "“Một"); a leading digit leaves s unchanged. */
int vi_capitalize(struct vb_vi *vi, const char *s, size_t n,
    struct vb_buf *out);

/* ---- ordering ------------------------------------------------------------ */

/* Vietnamese collation (ICU "vi", normalisation on, so NFD == NFC):
 * <0, 0, >0 like strcmp. Compared syllable by syllable (words split at
 * spaces), each syllable with its tone, as dictionaries and ND30.md
 * §18.6 do: "Ba Vì" < "Bà Rịa". Within a syllable letters come before
 * tones, a < à < ả < ã < á < ạ. NULL counts as "". Never fails: an
 * invalid byte compares as U+FFFD and is not reported. */
int vi_cmp(struct vb_vi *vi, const char *a, const char *b);
/* Names of people: by given name (last syllable), then family name (first),
 * then middle names; each compared with vi_cmp (ND30.md §18.6). A one-word
 * name is a given name without family name; names that differ only in
 * spacing are equal. */
int vi_cmp_name(struct vb_vi *vi, const char *a, const char *b);

/* ---- numbers ------------------------------------------------------------- */

/* "2.152", "139,6", "1.000.000", "-5". decimals < 0: as many as needed
 * (up to 6, trailing zeros dropped); else exactly that many (at most 20).
 * Half rounds away from zero (85,5 → 86), on the shortest decimal string
 * that reads back as v, so 2.675 at 2 decimals is "2,68" (the writer's
 * number, not the binary 2.67499…). Never "-0". Any finite v is
 * written in full (1e20 → "100.000.000.000.000.000.000"); NaN →
 * VB_ERR_VI_NOTNUM, ±inf → VB_ERR_NUMBER. */
int vi_number(struct vb_vi *vi, double v, int decimals, struct vb_buf *out);
/* num/den as a percentage with decimals places: "94%", "139,6%".
 * Computed as num * 100 / den (exact for integer counts), then rounded
 * as vi_number(). den == 0 appends nothing and returns 0 (an empty cell,
 * never "inf" or "nan"). */
int vi_percent(struct vb_vi *vi, double num, double den, int decimals,
    struct vb_buf *out);
/* Zero-padded count as the seeds write it: 3 → "03", 12 → "12";
 * -3 → "-03" (the digits are padded); width at most 32. Returns 0. */
int vi_pad(struct vb_vi *vi, long long n, int width, struct vb_buf *out);

/* Amounts in words (ND30.md §18.3), lower case, no unit:
 * 2152 → "hai nghìn một trăm năm mươi hai"; 0 → "không";
 * negative → "âm …". |v| must be below 10^18 (else VB_ERR_NUMBER). */
#define VI_WORDS_LE    0x01   /* "lẻ" instead of "linh" */
#define VI_WORDS_NGAN  0x02   /* "ngàn" instead of "nghìn" */
#define VI_WORDS_BON   0x04   /* "bốn" instead of "tư" after "mươi" (24) */
#define VI_WORDS_TI    0x08   /* "tỉ" instead of "tỷ" */
int vi_words(struct vb_vi *vi, long long v, int flags, struct vb_buf *out);
/* "Một triệu năm trăm nghìn đồng." — capitalised, with unit, full stop. */
int vi_amount(struct vb_vi *vi, long long v, const char *unit, int flags,
    struct vb_buf *out);

/* ---- dates --------------------------------------------------------------- */

/* Valid dates are proleptic Gregorian, years 1..9999. */

/* "ngày 06 tháng 9 năm 2023": day padded below 10, month only for 1–2.
 * Invalid dates → VB_ERR_DATE, -1. */
int vi_date_long(struct vb_vi *vi, int y, int m, int d, struct vb_buf *out);
/* "06/9/2023", "13/01/2022" (same padding rule). */
int vi_date_short(struct vb_vi *vi, int y, int m, int d, struct vb_buf *out);
/* The draft form with blanks, as seed 004 writes it: "ngày", 9 spaces,
 * "tháng", 8 spaces, "năm 2022". y == 0 leaves the year blank too
 * ("năm" and 8 spaces); other years outside 1..9999 → VB_ERR_DATE. */
#define VI_BLANK_DAY    9     /* spaces after "ngày" */
#define VI_BLANK_MONTH  8     /* spaces after "tháng" (and a blank year) */
int vi_date_blank(struct vb_vi *vi, int y, struct vb_buf *out);
/* "Lai Châu, ngày 06 tháng 9 năm 2023" (y,m,d all 0 with draft: blank).
 * draft != 0 always gives the blank form with year y (m, d ignored).
 * place NULL or "" → the date alone. */
int vi_place_date(struct vb_vi *vi, const char *place, int y, int m, int d,
    int draft, struct vb_buf *out);
/* Reads "YYYY-MM-DD" or "D/M/YYYY" (1–2 digit day and month, as the
 * seeds write them). Checks the form only, not the range: vi_date_long()
 * and friends report out-of-range values. 0, or -1 (nothing reported). */
int  vi_parse_date(const char *s, int *y, int *m, int *d);
/* Days from (y1,m1,d1) to (y2,m2,d2), negative if the second is earlier:
 * 03/10/2022 → 01/9/2023 is 333. The seeds' "trước gần 01 năm (332
 * ngày)" counts the whole days strictly between the two dates, i.e.
 * this result minus 1. Returns LONG_MIN if either date is invalid. */
long vi_days_between(int y1, int m1, int d1, int y2, int m2, int d2);
/* The same, checked: invalid dates → VB_ERR_DATE, -1; else *days. */
int  vi_days(struct vb_vi *vi, int y1, int m1, int d1, int y2, int m2,
    int d2, long *days);

/* ---- sequences ----------------------------------------------------------- */

/* Roman numerals 1..3999: "I", "IV", "XX". Outside: -1, nothing
 * appended and nothing reported (no context; the caller reports). */
int vi_roman(long n, struct vb_buf *out);
/* The n-th (1-based) letter of the Vietnamese điểm sequence:
 * a b c d đ e g h i k l m n o p q r s t u v x y, then aa, bb … đđ … yy,
 * aaa … (the 23 letters doubled, tripled …). n outside 1..VI_LETTER_MAX:
 * -1, nothing appended or reported. */
#define VI_LETTER_MAX  (23 * 20)
int vi_letter(long n, struct vb_buf *out);

#endif /* VB_VI_H */
