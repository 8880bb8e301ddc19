/*
 * lay_int.h — internals shared by the layout modules (layout.c,
 * lay_text.c, lay_table.c).
 *
 * Who may include it: those three files and their unit tests.
 *
 * The layout works in two passes. First every block of the document
 * becomes one or more slices: horizontal bands that are never split
 * across pages (a line of a paragraph, a table row, the signature
 * block), each holding fragments positioned relative to the slice's
 * top-left corner. Then pagination places the slices on pages, honouring
 * keep-with-next chains (orphans, widows, headings, the signature block
 * with the last lines of the body) and repeating table header rows.
 */
#ifndef VB_LAY_INT_H
#define VB_LAY_INT_H

#include "layout.h"

struct lay_frag {
	enum vb_box_kind  kind;
	double            x, y, w, h;   /* TEXT: y is the baseline */
	enum vb_face      face;
	double            size;
	const char       *text;         /* in the pages arena */
	size_t            len;
	double            lw;
	struct vb_loc     loc;
};

struct lay_slice {
	double            h;            /* height (to the next slice's top) */
	double            before;       /* space above; dropped at a page top */
	int               keep_next;    /* no page break after this slice */
	int               section;      /* a new section starts here: index */
	int               newpage;      /* starts a new page */
	int               table;        /* table id, or -1 */
	int               header;       /* a table header slice (repeated) */
	struct lay_frag  *f;
	size_t            nf, capf;
};

struct lay_section {
	double pw, ph;                  /* page size */
	int    number;                  /* page numbers shown from page 2 */
};

struct lay_table {
	size_t hdr_first, hdr_n;        /* slices of the header rows */
};

struct lay {
	const struct vb_doc      *doc;
	const struct vb_measure  *m;
	struct vb_diag           *d;
	struct vb_pages          *out;
	struct vb_arena          *a;     /* = out->arena */
	struct vb_layout_stats   *stats;

	/* Geometry of the current section, in points. */
	double  pw, ph;                  /* page */
	double  top, bottom, left, right;
	double  width;                   /* text block width */
	double  body;                    /* body size */
	double  pitch_factor;            /* line pitch / size */

	struct lay_slice   *s;
	size_t              ns, caps;
	struct lay_section *sec;
	size_t              nsec;
	struct lay_table   *tab;
	size_t              ntab;
	int                 pending_section;  /* next slice starts it */
	int                 pending_page;     /* next slice starts a page */
};

/* A styled piece of inline text (a run of one face). */
struct lay_piece {
	enum vb_face   face;
	const char    *s;
	size_t         len;
	struct vb_loc  loc;
	int            brk;             /* a hard line break, no text */
};

struct lay_inline {
	struct lay_piece *p;
	size_t            n, cap;
};

enum lay_align { LAY_LEFT, LAY_CENTER, LAY_RIGHT, LAY_JUSTIFY };

/* ---- layout.c ------------------------------------------------------------ */

struct lay_slice *lay_slice_new(struct lay *l, double h, double before);
struct lay_frag  *lay_frag_text(struct lay *l, struct lay_slice *s,
    enum vb_face face, double size, double x, double y, const char *t,
    size_t len, const struct vb_loc *loc);
void              lay_frag_rule(struct lay *l, struct lay_slice *s,
    double x, double y, double w, double h, double lw);
void              lay_frag_rect(struct lay *l, struct lay_slice *s,
    double x, double y, double w, double h, double lw);
double            lay_pitch(const struct lay *l, double size);
double            lay_baseline(const struct lay *l, double size);
enum vb_face      lay_face(int bold, int italic);

/* ---- lay_text.c ---------------------------------------------------------- */

void lay_inline_add(struct lay_inline *in, enum vb_face face,
    const char *s, size_t len, const struct vb_loc *loc);
void lay_inline_free(struct lay_inline *in);
/* Collects the inline content of node n (TEXT, EMPH, STRONG, BREAK). */
void lay_inline_node(struct lay_inline *in, const struct vb_node *n,
    int bold, int italic);

struct lay_para {
	double          size;
	double          x;           /* left edge, relative to the text block */
	double          width;       /* line width */
	double          indent;      /* extra indent of the first line */
	double          hang;        /* extra indent of the other lines */
	enum lay_align  align;
	double          before;      /* space above the first line */
	int             keep_last;   /* keep the last line with what follows */
};

/*
 * Breaks in into lines and appends one slice per line, with orphan and
 * widow control (the first two and the last two lines stay together).
 * Returns the number of lines; max_w, if not NULL, receives the widest
 * line's natural width.
 */
size_t lay_para_slices(struct lay *l, const struct lay_inline *in,
    const struct lay_para *p, double *max_w);

/*
 * Breaks in into lines of at most width (ragged) and places them into
 * slice s with baselines from y0, pitch apart, each aligned in [x, x +
 * width). Returns the number of lines; *widest gets the widest line.
 */
size_t lay_lines_into(struct lay *l, struct lay_slice *s,
    const struct lay_inline *in, double size, double x, double width,
    enum lay_align align, double y0, double pitch, double *widest);

/* Width of the widest line lay_lines_into would make (no output). */
double lay_lines_measure(struct lay *l, const struct lay_inline *in,
    double size, double width, size_t *nlines);

/* Width of the longest word of in (the narrowest a column can be). */
double lay_longest_word(struct lay *l, const struct lay_inline *in,
    double size);

/* ---- lay_table.c --------------------------------------------------------- */

/* Appends the slices of a TABLE node. */
void lay_table(struct lay *l, const struct vb_node *t, double before);

#endif /* VB_LAY_INT_H */
