/*
 * tpl.h — the template language (stage 1 and 3 of STYLE.md §2.3): parse a
 * template body into a struct vb_tpl, evaluate it against the data into
 * expanded Markdown with one sentinel code point per output value, and
 * the declared data tables that become block slots.
 *
 * Who may include it: main.c, the front-matter reader, the document
 * builder (doc_build.c), tests and fuzzers.
 *
 * Ownership: everything these functions return lives in the arena the
 * caller passes (the document arena) and is freed with it; nothing here
 * is freed on its own. Values read from the data arena are borrowed, so
 * the data arena must outlive the document arena's use of the result.
 *
 * The sentinel rule: every {{ expr }} output is written into the expanded
 * Markdown as ONE code point VB_TPL_SENTINEL(i) for slot i, never as its
 * text, so that nothing in a data value can become Markdown structure. A
 * declared table (```table fence) becomes one sentinel alone in its own
 * paragraph, and its slot has a non-NULL table. The template reader
 * rejects those code points in the template's own text.
 */
#ifndef VB_TPL_H
#define VB_TPL_H

#include "vb.h"
#include "diag.h"
#include "doc.h"
#include "value.h"

struct vb_vi;

/* ---- sentinels -------------------------------------------------------- */

/*
 * Slot i is written as U+F0000 + i for i < 65534 (plane 15, private use),
 * then U+100000 + (i - 65534) in plane 16. U+xFFFE/U+xFFFF are skipped
 * (noncharacters), so there are 2 * 65534 slots at most.
 */
#define VB_TPL_PLANE_SLOTS  65534u
#define VB_TPL_MAX_SLOTS    (2u * VB_TPL_PLANE_SLOTS)

/* The code point of slot i (i < VB_TPL_MAX_SLOTS). */
static inline uint32_t
vb_tpl_sentinel(size_t i)
{
	return i < VB_TPL_PLANE_SLOTS ? 0xF0000u + (uint32_t)i :
	    0x100000u + (uint32_t)(i - VB_TPL_PLANE_SLOTS);
}

/* The slot index of code point cp, or -1 if cp is not a sentinel. */
static inline long
vb_tpl_slot_index(uint32_t cp)
{
	if (cp >= 0xF0000u && cp < 0xF0000u + VB_TPL_PLANE_SLOTS)
		return (long)(cp - 0xF0000u);
	if (cp >= 0x100000u && cp < 0x100000u + VB_TPL_PLANE_SLOTS)
		return (long)(cp - 0x100000u + VB_TPL_PLANE_SLOTS);
	return -1;
}

/* 1 if cp lies in the planes reserved for sentinels (15 and 16), which a
 * template's own text may not hold. */
static inline int
vb_tpl_is_reserved(uint32_t cp)
{
	return cp >= 0xF0000u && cp <= 0x10FFFFu;
}

/* ---- declared tables -------------------------------------------------- */

/*
 * One cell. Rows are full grids: every row has exactly ncols cells, and a
 * cell hidden under another cell's colspan/rowspan has covered = 1 (like
 * VB_NODE_CELL in doc.h). text is never NULL ("" for a blank cell).
 */
struct vb_table_cell {
	const char     *text;      /* NFC */
	size_t          len;
	int             colspan;   /* >= 1 */
	int             rowspan;   /* >= 1 */
	int             covered;   /* 1: under a span, print nothing */
	enum vb_align   align;
	struct vb_loc   loc;       /* the declaration text that made it */
	struct vb_loc   data_loc;  /* where the value came from, if known */
};

#define VB_TROW_HEADER  0x01   /* a header row: bold, repeated on each page */
#define VB_TROW_TOTAL   0x02   /* the totals row: bold */

struct vb_table_row {
	struct vb_table_cell *cells;   /* ncols of them */
	unsigned              flags;   /* VB_TROW_* */
};

struct vb_table_out {
	size_t                ncols;
	struct vb_colspec    *cols;     /* ncols: width_mm (0: auto), align */
	struct vb_table_row  *rows;     /* header rows, body rows, totals row */
	size_t                nrows;
	size_t                nheader;  /* leading header rows */
	int                   has_total;/* the last row is the totals row */
	int                   landscape;/* asked for a landscape page */
	double                font_pt;  /* 0: the body size */
	struct vb_loc         loc;      /* the whole ```table fence */
};

/* ---- evaluation result ------------------------------------------------ */

struct vb_slot {               /* one {{ }} output, or one declared table */
	const char           *text;   /* the value's text (NFC); "" (table) */
	size_t                len;
	struct vb_loc         loc;    /* the template expression that made it */
	struct vb_loc         data_loc; /* where the value came from in the
	                                 * data, if known (else src 0) */
	struct vb_table_out  *table;  /* non-NULL: a declared table (block) */
};

/* One run of the source map: expanded bytes [md_off, md_off + len) came
 * from the template; for text, byte k maps to tpl_off + k; for a
 * sentinel (slot >= 0) the whole run maps to the slot's loc. */
struct vb_srcmap {
	size_t  md_off;
	size_t  len;
	size_t  tpl_off;
	long    slot;      /* -1 for template text */
};

struct vb_merged {
	/* Expanded Markdown: template text + one sentinel code point per
	 * slot, NUL-terminated. md.data lives in the arena (md.cap is 0):
	 * read md.data and md.len, never vb_buf_free() it. */
	struct vb_buf      md;
	struct vb_slot    *slots;
	size_t             nslots;
	struct vb_srcmap  *map;    /* sorted by md_off */
	size_t             nmap;
	int                src;    /* the template's vb_src id */
};

/* ---- entry points ----------------------------------------------------- */

struct vb_tpl;  /* a parsed template (AST) */

/*
 * Parses src->data[off, off + len) (the template body; off lets the body
 * follow front matter in the same source, so positions stay true).
 * Reports every error found (recovering at the next tag) and returns -1
 * if there was any, else 0 with *out set. *out lives in a.
 */
int vb_tpl_parse(struct vb_src *src, size_t off, size_t len,
    struct vb_arena *a, struct vb_diag *d, struct vb_tpl **out);

/*
 * Evaluates t against data (a map, or NULL for none). Returns 0 and fills
 * *out (in a), or -1 after reporting every error met (then *out holds
 * what could be made, for --dump only). vi is required.
 */
int vb_tpl_eval(const struct vb_tpl *t, const struct vb_value *data,
    struct vb_vi *vi, struct vb_arena *a, struct vb_diag *d,
    struct vb_merged *out);

/*
 * For front-matter values that hold expressions: parses and evaluates
 * src->data[off, off + len) as a template and returns its plain text (no
 * sentinels, NFC, NUL-terminated) in *out, in a. Tables are not allowed.
 * Returns 0, or -1 after reporting.
 */
int vb_tpl_render_string(struct vb_src *src, size_t off, size_t len,
    const struct vb_value *data, struct vb_vi *vi, struct vb_arena *a,
    struct vb_diag *d, const char **out);

/*
 * Evaluates one expression (the text between {{ and }}, filters allowed)
 * from src->data[off, off + len) to a value in a. Returns 0 with *out
 * set, or -1 after reporting.
 */
int vb_tpl_eval_expr(struct vb_src *src, size_t off, size_t len,
    const struct vb_value *data, struct vb_vi *vi, struct vb_arena *a,
    struct vb_diag *d, struct vb_value **out);

/*
 * The template location of byte md_off of m->md: exact for template text,
 * the {{ }} expression for a sentinel. Returns 0, or -1 if md_off was
 * made by the evaluator itself (a newline around a table).
 */
int vb_merged_loc(const struct vb_merged *m, size_t md_off,
    struct vb_loc *loc);

/*
 * Writes m->md with every sentinel shown as "⟦n:text⟧" (a table slot as
 * "⟦n:table⟧"), for tests and --dump=merge.
 */
void vb_merged_dump(const struct vb_merged *m, struct vb_buf *out);

/* Writes a text rendering of a table (header grid, body, totals), for
 * tests and dumps: one line per row, cells separated by " | ", spans as
 * "text<2x1>" (colspan x rowspan), covered cells as "^". */
void vb_table_dump(const struct vb_table_out *t, struct vb_buf *out);

#endif /* VB_TPL_H */
