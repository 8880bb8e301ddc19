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
 * the diag context given to vi_open(), naming that location.
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
/* First letter upper case, the rest untouched ("một" → "Một"). */
int vi_capitalize(struct vb_vi *vi, const char *s, size_t n,
    struct vb_buf *out);

/* ---- ordering ------------------------------------------------------------ */

/* Vietnamese collation (ICU "vi"): <0, 0, >0 like strcmp. */
int vi_cmp(struct vb_vi *vi, const char *a, const char *b);
/* Names of people: by given name (last syllable), then family name (first),
 * then middle names; each compared with vi_cmp (ND30.md §18.6). */
int vi_cmp_name(struct vb_vi *vi, const char *a, const char *b);

/* ---- numbers ------------------------------------------------------------- */

/* "2.152", "139,6", "1.000.000", "-5". decimals < 0: as many as needed
 * (up to 6, trailing zeros dropped); else exactly that many. Half rounds
 * away from zero (85,5 → 86). */
int vi_number(struct vb_vi *vi, double v, int decimals, struct vb_buf *out);
/* num/den as a percentage with decimals places: "94%", "139,6%".
 * den == 0 appends nothing (an empty cell, never "inf" or "nan"). */
int vi_percent(struct vb_vi *vi, double num, double den, int decimals,
    struct vb_buf *out);
/* Zero-padded count as the seeds write it: 3 → "03", 12 → "12". */
int vi_pad(struct vb_vi *vi, long long n, int width, struct vb_buf *out);

/* Amounts in words (ND30.md §18.3), lower case, no unit:
 * 2152 → "hai nghìn một trăm năm mươi hai"; 0 → "không";
 * negative → "âm …". |v| must be below 10^18 (else VB_ERR_NUMBER). */
#define VI_WORDS_LE    0x01   /* "lẻ" instead of "linh" */
#define VI_WORDS_NGAN  0x02   /* "ngàn" instead of "nghìn" */
int vi_words(struct vb_vi *vi, long long v, int flags, struct vb_buf *out);
/* "Một triệu năm trăm nghìn đồng." — capitalised, with unit, full stop. */
int vi_amount(struct vb_vi *vi, long long v, const char *unit, int flags,
    struct vb_buf *out);

/* ---- dates --------------------------------------------------------------- */

/* "ngày 06 tháng 9 năm 2023": day padded below 10, month only for 1–2.
 * Invalid dates → VB_ERR_DATE, -1. */
int vi_date_long(struct vb_vi *vi, int y, int m, int d, struct vb_buf *out);
/* "06/9/2023", "13/01/2022" (same padding rule). */
int vi_date_short(struct vb_vi *vi, int y, int m, int d, struct vb_buf *out);
/* The draft form with blanks: "ngày    tháng    năm 2022". */
int vi_date_blank(struct vb_vi *vi, int y, struct vb_buf *out);
/* "Lai Châu, ngày 06 tháng 9 năm 2023" (y,m,d all 0 with draft: blank). */
int vi_place_date(struct vb_vi *vi, const char *place, int y, int m, int d,
    int draft, struct vb_buf *out);
/* Days from (y1,m1,d1) to (y2,m2,d2), negative if the second is earlier. */
long vi_days_between(int y1, int m1, int d1, int y2, int m2, int d2);

/* ---- sequences ----------------------------------------------------------- */

/* Roman numerals 1..3999: "I", "IV", "XX". */
int vi_roman(long n, struct vb_buf *out);
/* The n-th (1-based) letter of the Vietnamese điểm sequence:
 * a b c d đ e g h i k l m n o p q r s t u v x y, then aa, bb … */
int vi_letter(long n, struct vb_buf *out);

#endif /* VB_VI_H */
