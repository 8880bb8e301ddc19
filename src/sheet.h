/*
 * sheet.h — the table readers: CSV (data_csv.c) and XLSX (data_xlsx.c).
 *
 * Who may include it: the data loader, the CLI, tests and fuzzers.
 *
 * A table is a VB_LIST of VB_MAP rows. The keys of every row are the
 * column names of the header, in column order; every row has every key.
 * Values are typed:
 *   VB_NULL  an empty cell (CSV: an unquoted empty field; XLSX: a missing
 *            or valueless cell or empty text, an Excel error such as
 *            #DIV/0! (with a warning: the seed leaves such rates blank),
 *            or a formula with no saved result (warning)).
 *   VB_NUM   an XLSX number cell (num.lit NULL), or a text cell that
 *            vb_num_parse() reads as a number (num.lit keeps the trimmed
 *            text as typed, so "2.300" prints as "2.300").
 *   VB_BOOL  an XLSX boolean cell; CSV "TRUE"/"FALSE" in any case.
 *   VB_DATE  an XLSX number cell whose style is a date format (built-in
 *            14–17 and 22, or a custom code with d, m or y), in the
 *            1900 system (serial 60, Excel's 29/02/1900, is an error) or
 *            the workbook's 1904 system; with the time of day when the
 *            format shows hours. Time-only formats (18–21, 45–47, custom
 *            h/m/s codes) stay numbers: fractions of a day.
 *   VB_STR   any other text, valid UTF-8 (not yet NFC-normalised); a CSV
 *            quoted empty field "" is the empty string.
 *
 * Locations: a CSV value's loc is the byte range of its field in the
 * source (the opening quote included), so messages print file:line:col;
 * a row's loc is the start of its first field. An XLSX value has
 * loc.src = the workbook's source, off = len = 0 and loc.cell =
 * "Sheet!C7" (an arena string); a row has "Sheet!A7:K7", the list the
 * sheet's name.
 *
 * Header rows. With one header row its cells are the keys. With two, the
 * key of a column is made from its group cell (upper row) and its own
 * cell (lower row): "GIAI ĐOẠN 1 / Chỉ tiêu" when both are set, the group
 * alone when the lower cell is empty or is part of the same merged cell
 * (a column title merged over both rows: "TT"), the lower cell alone
 * when the upper one is empty. In XLSX a group spans its merged range
 * (<mergeCells>); CSV has no merges, so an empty upper cell continues
 * the group on its left when that group has sub-columns (as Excel
 * exports a merged cell: value in the first cell, the rest empty).
 * Keys are trimmed and runs of white space (newlines included) become
 * one space. An empty or repeated key is an error.
 *
 * Rows whose every cell is empty are skipped (CSV ";;;;" lines and blank
 * lines, XLSX formatted but empty rows); so are XLSX merged-away cells
 * in data rows: a merged data cell is read where Excel keeps its value,
 * in its top-left cell, and the others are null.
 *
 * Limits, each an error: VB_SHEET_MAX_ROWS data rows, VB_SHEET_MAX_COLS
 * columns, VB_SHEET_MAX_VALUES values in the table (rows × columns), and
 * for XLSX VB_XLSX_MAX_PART bytes per uncompressed part (checked against
 * the zip directory before reading and again while reading) and
 * VB_XLSX_MAX_CELLS stored cells per sheet.
 */
#ifndef VB_SHEET_H
#define VB_SHEET_H

#include "vb.h"
#include "diag.h"
#include "num.h"
#include "value.h"

#define VB_SHEET_MAX_ROWS    1048576   /* Excel's own row limit */
#define VB_SHEET_MAX_COLS    16384     /* Excel's own column limit (XFD) */
#define VB_SHEET_MAX_VALUES  4000000   /* about 250 MB of values */
#define VB_XLSX_MAX_PART     (64u << 20)  /* zip bombs: 64 MiB a part */
#define VB_XLSX_MAX_CELLS    4000000   /* cells stored while reading */

/*
 * Reader options. A zeroed struct (or a NULL pointer) means the
 * defaults: first sheet, one header row found automatically, separator
 * detected, text cells converted to numbers in the Vietnamese style.
 */
struct vb_sheet_opts {
	const char *sheet;       /* XLSX: sheet name, or NULL */
	int         sheet_index; /* XLSX: 1-based; used when sheet is NULL;
	                            0 = the first sheet */
	int         header_row;  /* 1-based row of the (first) header row;
	                            rows above it (titles) are ignored. CSV
	                            counts records (a quoted newline starts
	                            none). 0 = XLSX: the first row holding a
	                            value; CSV: the first non-blank line. */
	int         header_rows; /* 0 or 1: one header row; 2: group row +
	                            sub-column row (see above) */
	char        sep;         /* CSV: ',' ';' '\t'...; 0 = detect ',' or
	                            ';' from the header line */
	int         keep_text;   /* 1: never turn text cells into numbers */
	int         num_locale;  /* VB_NUM_VI (0) or VB_NUM_C for text cells */
	size_t      max_cells;   /* 0 = VB_SHEET_MAX_VALUES values and
	                            VB_XLSX_MAX_CELLS stored cells; a lower
	                            cap for both (tests, untrusted input) */
};

/*
 * Read the table in src (raw file bytes). On success stores in *out a
 * VB_LIST of VB_MAP rows allocated in a (the caller's arena, as are all
 * keys, strings and cell names) and returns 0. On bad input reports
 * every problem found through d and returns -1 with *out set to NULL.
 * Warnings (Excel error cells, ignored stray cells) do not fail. src is
 * only read; it must outlive nothing (values are copied into a).
 */
int vb_csv_read(struct vb_src *src, struct vb_arena *a, struct vb_diag *d,
    const struct vb_sheet_opts *o, struct vb_value **out);
int vb_xlsx_read(struct vb_src *src, struct vb_arena *a, struct vb_diag *d,
    const struct vb_sheet_opts *o, struct vb_value **out);

/*
 * Shared by both readers (data_csv.c): turns header cell texts into
 * keys. top[i] and bot[i] (bot NULL with one header row) are the column
 * texts after merges are applied; same[i] is 1 when the lower cell of
 * column i belongs to the merged range of its upper cell; locs[i] names
 * column i's header cell. Stores the n keys (arena strings) in keys and
 * returns 0, or reports empty and repeated keys and returns -1.
 */
int vb_sheet_keys(struct vb_arena *a, struct vb_diag *d, size_t n,
    const char *const *top, const char *const *bot, const int *same,
    const struct vb_loc *locs, const char **keys);

/*
 * Returns a new row: a VB_MAP at loc holding the n keys (the pointers
 * are shared, not copied: they must live in a) with NULL values that the
 * caller fills in. vb_map_set() on it later stays safe: the arrays are
 * full, so adding a key copies them.
 */
struct vb_value *vb_sheet_row(struct vb_arena *a, const char *const *keys,
    size_t n, const struct vb_loc *loc);

/*
 * Makes the value of a text cell s[0..len) for column key, as described
 * above: a number when it reads as one (unless o->keep_text), or a
 * string; -1 (reported at loc) when it looks like a malformed number.
 */
int vb_sheet_text_value(struct vb_arena *a, struct vb_diag *d,
    const struct vb_sheet_opts *o, const char *s, size_t len,
    const struct vb_loc *loc, struct vb_value **out);

#endif /* VB_SHEET_H */
