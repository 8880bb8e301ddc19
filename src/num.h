/*
 * num.h — numbers as humans type them into spreadsheets and CSV files.
 *
 * Who may include it: the data readers (CSV, XLSX, --set), the template
 * filters that turn text into numbers, tests and fuzzers.
 *
 * The rule is never to guess silently. In the Vietnamese convention a
 * dot groups thousands and a comma is the decimal mark: "2.152" is two
 * thousand one hundred and fifty-two, "139,6" is 139.6. Text that has
 * the shape of a number but breaks the convention ("2.15", "1,234.5")
 * is an error, not a number and not a string.
 */
#ifndef VB_NUM_H
#define VB_NUM_H

#include <stddef.h>

#define VB_NUM_VI  0   /* "2.152", "1.234,5", "139,6%" (the default) */
#define VB_NUM_C   1   /* "2152", "1234.5", "1.5e3": what programs write */

/*
 * Parses s[0..n) (not NUL-terminated) as a number written in locale.
 *
 * Accepted in both locales: spaces, tabs and no-break spaces (U+00A0,
 * U+202F) around the number; a sign '-', '+' or U+2212 right before the
 * first digit; a trailing '%', optionally after a space, which is
 * dropped ("94%" → 94: the value is the figure the clerk typed, the
 * percent sign only labels it). Leading zeros are allowed ("03" → 3;
 * the caller keeps the literal so it still prints "03").
 * VB_NUM_VI: digits grouped by dots in threes after a first group of
 * 1–3 digits with no leading zero, then at most one comma followed by
 * at least one digit. VB_NUM_C: digits, at most one '.', then an
 * optional exponent; no grouping.
 *
 * Returns 1 and stores the value in *v for a number; 0 for text that is
 * not numeric at all (it has a letter or other symbol, or no digit:
 * "12a", "10/11/2022", "-", ""), which callers keep as a string; -1 for
 * text made only of digits, signs, separators, spaces and '%' that is
 * not a well-formed number ("2.15", "1,234.5", "1 000", "5%%"), with
 * *why set to a static English explanation. v and why may be NULL.
 */
int vb_num_parse(const char *s, size_t n, int locale, double *v,
    const char **why);

#endif /* VB_NUM_H */
