/*
 * pages.h — the layout's output and the PDF writer's input: pages of
 * positioned boxes (STYLE.md §2.3, steps 6a and 6b).
 *
 * Who may include it: the layout (layout.c, lay_*.c), font.c, pdf.c, the
 * dumps and the tests.
 *
 * Units and axes: points (1/72 inch); the origin is the TOP-LEFT corner
 * of the page and y grows DOWNWARDS. Only pdf.c flips to PDF's bottom-left
 * origin. A box is drawn exactly where it says: the writer does no line
 * breaking, justification or word spacing (Tw does not work with CID
 * fonts), so a justified line is one TEXT box per word, each at the x the
 * layout computed.
 *
 * Memory: a vb_pages and everything it points to live in one arena (the
 * document arena, STYLE.md §2.4); vb_page_text copies its text there.
 * Pages are reached through v[i]: adding a page never moves an existing
 * one, so a struct vb_page pointer stays valid. Adding a box may move the
 * page's box array: a struct vb_box pointer is valid until the next box
 * is added to the same page.
 */
#ifndef VB_PAGES_H
#define VB_PAGES_H

#include <stddef.h>

#include "vb.h"

/* A4 in points: 210 x 297 mm. A landscape page swaps the two. */
#define VB_PT_PER_MM   (72.0 / 25.4)
#define VB_A4_WIDTH    (210.0 * VB_PT_PER_MM)   /* 595.28 */
#define VB_A4_HEIGHT   (297.0 * VB_PT_PER_MM)   /* 841.89 */

/* The four faces of the one family (Vanban Serif = Liberation Serif). */
enum vb_face {
	VB_FACE_REGULAR,
	VB_FACE_BOLD,
	VB_FACE_ITALIC,
	VB_FACE_BOLD_ITALIC,
	VB_FACE__MAX
};

enum vb_box_kind {
	VB_BOX_TEXT,    /* a run of glyphs on one baseline */
	VB_BOX_RULE,    /* a straight stroked line */
	VB_BOX_RECT,    /* a stroked rectangle outline */
	VB_BOX__MAX
};

/*
 * One positioned box. Fields by kind:
 *
 *   TEXT  x, y   left end of the BASELINE
 *         w      advance width as measured by the layout (dumps and
 *                checks only: the writer places glyphs by the font's own
 *                widths, which are the ones font.c measures with)
 *         h      unused (0)
 *         face, size (points), text/len: UTF-8 in NFC, no control
 *         characters, need not be NUL-terminated
 *         loc    where the text came from (template or data), for the
 *                writer's "no glyph" warning; src 0 if unknown
 *   RULE  a line from (x, y) to (x + w, y + h): h = 0 for a horizontal
 *         rule, w = 0 for a vertical one; butt caps, so its length is
 *         exact; line_width in points
 *   RECT  outline of the rectangle with top-left corner (x, y), width w
 *         and height h (both >= 0), stroked with line_width
 *
 * All text and lines are black.
 */
struct vb_box {
	enum vb_box_kind  kind;
	double            x, y;
	double            w, h;
	enum vb_face      face;
	double            size;
	const char       *text;
	size_t            len;
	double            line_width;
	struct vb_loc     loc;
};

struct vb_page {
	double          width, height;  /* VB_A4_WIDTH x VB_A4_HEIGHT, or
					   swapped for a landscape page */
	struct vb_box  *boxes;          /* in drawing order */
	size_t          nboxes, cap;
};

struct vb_pages {
	struct vb_page  **v;       /* v[0] is page 1 */
	size_t            n, cap;
	/* Document information (PDF Info); UTF-8, NULL for none. */
	const char       *title;
	const char       *author;
	const char       *subject;
	struct vb_arena  *arena;   /* where pages, boxes and texts live */
};

/* Starts an empty document whose parts will be allocated in a. */
void vb_pages_init(struct vb_pages *pp, struct vb_arena *a);

/* Appends a page of the given size; returns it (in the arena). */
struct vb_page *vb_pages_add(struct vb_pages *pp, double width,
    double height);

/* Appends a zeroed box of the given kind to pg; returns it. */
struct vb_box *vb_page_box(struct vb_pages *pp, struct vb_page *pg,
    enum vb_box_kind kind);

/*
 * Appends a TEXT box: baseline starts at (x, y), s[0..len) copied into
 * the arena, w the measured width. loc may be NULL. Returns the box.
 */
struct vb_box *vb_page_text(struct vb_pages *pp, struct vb_page *pg,
    enum vb_face face, double size, double x, double y, double w,
    const char *s, size_t len, const struct vb_loc *loc);

/* Appends a RULE from (x, y) to (x + w, y + h); returns the box. */
struct vb_box *vb_page_rule(struct vb_pages *pp, struct vb_page *pg,
    double x, double y, double w, double h, double line_width);

/* Appends a RECT outline at top-left (x, y), w by h; returns the box. */
struct vb_box *vb_page_rect(struct vb_pages *pp, struct vb_page *pg,
    double x, double y, double w, double h, double line_width);

/* Short names of faces ("R", "B", "I", "BI") and box kinds ("text"...). */
const char *vb_face_name(enum vb_face face);
const char *vb_box_kind_name(enum vb_box_kind kind);

/*
 * Appends a stable, line-oriented dump of pp to b (--dump=layout and the
 * golden tests): one "page N W H" line per page, then one line per box
 * with coordinates in points to two decimals, e.g.
 *   page 1 595.28 841.89
 *     text 85.04 70.87 B 12 w=250.35 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
 *     rule 113.39 78.00 w=56.69 h=0.00 lw=0.50
 *     rect 85.04 300.00 w=100.00 h=20.00 lw=0.50
 */
void vb_pages_dump(const struct vb_pages *pp, struct vb_buf *b);

#endif /* VB_PAGES_H */
