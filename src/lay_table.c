/*
 * lay_table.c — tables: column widths (declared, or measured from the
 * content as mandoc's tblcalc does), text wrapped inside cells, merged
 * cells, borders; rows become slices so that pagination never splits a
 * row, repeats the header rows on every page and keeps the totals row
 * with the row before it.
 */
#include <stdlib.h>
#include <string.h>

#include "lay_int.h"

#define MM        VB_PT_PER_MM
#define PAD_X     2.5     /* cell padding, points */
#define PAD_Y     2.0
#define BORDER    0.5
#define TABLE_PT  12.0    /* default size of table text */

struct cell {
	const struct vb_node *n;
	struct lay_inline     in;
	int                   bold;
	enum lay_align        align;
};

struct grid {
	size_t         nrows, ncols;
	const struct vb_node **rows;
	struct cell   *c;          /* nrows * ncols */
	double        *colw;       /* ncols */
	double        *rowh;       /* nrows */
};

#define CELL(g, r, k) (&(g)->c[(r) * (g)->ncols + (k)])

static enum lay_align
align_of(enum vb_align a, enum lay_align dflt)
{
	switch (a) {
	case VB_ALIGN_LEFT:
		return LAY_LEFT;
	case VB_ALIGN_CENTER:
		return LAY_CENTER;
	case VB_ALIGN_RIGHT:
		return LAY_RIGHT;
	case VB_ALIGN_JUSTIFY:
		return LAY_JUSTIFY;
	default:
		return dflt;
	}
}

static int
load(struct grid *g, const struct vb_node *t)
{
	const struct vb_node *r, *c;
	size_t                ri, ci;

	g->ncols = t->as.table.ncols;
	for (r = t->first; r != NULL; r = r->next)
		g->nrows++;
	if (g->ncols == 0 || g->nrows == 0)
		return -1;
	g->rows = vb_xcalloc(g->nrows, sizeof(*g->rows));
	g->c = vb_xcalloc(g->nrows * g->ncols, sizeof(*g->c));
	g->colw = vb_xcalloc(g->ncols, sizeof(*g->colw));
	g->rowh = vb_xcalloc(g->nrows, sizeof(*g->rowh));
	for (ri = 0, r = t->first; r != NULL; r = r->next, ri++) {
		int hdr = (r->flags & VB_NODE_HEADER) != 0;
		int bold = hdr || (r->flags & (VB_NODE_TOTAL | VB_NODE_BOLD));

		g->rows[ri] = r;
		for (ci = 0, c = r->first; c != NULL && ci < g->ncols;
		    c = c->next, ci++) {
			struct cell    *cl = CELL(g, ri, ci);
			enum lay_align  dflt = hdr ? LAY_CENTER :
			    align_of(t->as.table.cols[ci].align, LAY_LEFT);

			cl->n = c;
			cl->bold = bold || (c->flags & VB_NODE_BOLD);
			cl->align = hdr ? LAY_CENTER :
			    align_of(c->as.cell.align, dflt);
			if (!c->as.cell.covered)
				lay_inline_node(&cl->in, c, cl->bold, 0);
		}
	}
	return 0;
}

static void
grid_free(struct grid *g)
{
	size_t i;

	for (i = 0; i < g->nrows * g->ncols; i++)
		lay_inline_free(&g->c[i].in);
	free(g->rows);
	free(g->c);
	free(g->colw);
	free(g->rowh);
}

static int
span(const struct cell *cl, int rows)
{
	int s = rows ? cl->n->as.cell.rowspan : cl->n->as.cell.colspan;

	return s < 1 ? 1 : s;
}

/* Column widths: declared ones first (scaled down if they overflow),
 * then the rest of the width shared by content, as tblcalc does: each
 * auto column gets its widest body line (header text may wrap) and an
 * even share of what is left if all fit, else its longest word plus a
 * share of what is left in proportion to how much more it wants. */
static void
widths(struct lay *l, struct grid *g, const struct vb_node *t, double W,
    double size)
{
	double *mn = vb_xcalloc(g->ncols, sizeof(double));
	double *mx = vb_xcalloc(g->ncols, sizeof(double));
	double  fixed = 0, sum_mn = 0, sum_mx = 0, rest;
	size_t  r, k, nauto = 0;

	for (r = 0; r < g->nrows; r++)
		for (k = 0; k < g->ncols; k++) {
			struct cell *cl = CELL(g, r, k);
			double       a, b;

			if (cl->n == NULL || cl->n->as.cell.covered ||
			    span(cl, 0) > 1)
				continue;
			a = lay_longest_word(l, &cl->in, size) + 2 * PAD_X;
			/* Header text may wrap; body text sets what a column
			 * wants. */
			b = (g->rows[r]->flags & VB_NODE_HEADER) ? a :
			    lay_lines_measure(l, &cl->in, size, 1e9, NULL) +
			    2 * PAD_X;
			if (a > mn[k])
				mn[k] = a;
			if (b > mx[k])
				mx[k] = b;
		}
	for (k = 0; k < g->ncols; k++) {
		double wmm = t->as.table.cols[k].width_mm;

		if (wmm > 0) {
			g->colw[k] = wmm * MM;
			fixed += g->colw[k];
		} else {
			nauto++;
			if (mx[k] < mn[k])
				mx[k] = mn[k];
			if (mn[k] < 2 * PAD_X + size)
				mn[k] = 2 * PAD_X + size;
			sum_mn += mn[k];
			sum_mx += mx[k];
		}
	}
	if (fixed > W || (nauto == 0 && fixed > 0)) {
		/* Declared widths fill (or overflow) the block: scale them. */
		for (k = 0; k < g->ncols; k++)
			if (t->as.table.cols[k].width_mm > 0)
				g->colw[k] *= (nauto == 0 ? W : W * 0.7) / fixed;
		fixed = nauto == 0 ? W : W * 0.7;
	}
	rest = W - fixed;
	for (k = 0; k < g->ncols; k++) {
		if (t->as.table.cols[k].width_mm > 0)
			continue;
		if (sum_mx <= rest)
			/* Everything fits: what is left is shared evenly. */
			g->colw[k] = mx[k] + (rest - sum_mx) / (double)nauto;
		else if (sum_mn <= rest)
			g->colw[k] = mn[k] + (rest - sum_mn) *
			    (mx[k] - mn[k]) / (sum_mx - sum_mn);
		else
			g->colw[k] = rest * mn[k] / sum_mn;
	}
	free(mn);
	free(mx);
}

static double
span_width(const struct grid *g, size_t k, int n)
{
	double w = 0;
	size_t i;

	for (i = k; i < k + (size_t)n && i < g->ncols; i++)
		w += g->colw[i];
	return w;
}

static double
span_height(const struct grid *g, size_t r, int n)
{
	double h = 0;
	size_t i;

	for (i = r; i < r + (size_t)n && i < g->nrows; i++)
		h += g->rowh[i];
	return h;
}

static void
heights(struct lay *l, struct grid *g, double size)
{
	double pitch = lay_pitch(l, size);
	size_t r, k, nl;
	int    pass;

	/* Rows first from single-row cells, then spans stretch their last
	 * row if they need more room. */
	for (pass = 0; pass < 2; pass++)
		for (r = 0; r < g->nrows; r++)
			for (k = 0; k < g->ncols; k++) {
				struct cell *cl = CELL(g, r, k);
				int          rs;
				double       h, have;

				if (cl->n == NULL || cl->n->as.cell.covered)
					continue;
				rs = span(cl, 1);
				if ((pass == 0) != (rs == 1))
					continue;
				lay_lines_measure(l, &cl->in, size,
				    span_width(g, k, span(cl, 0)) - 2 * PAD_X, &nl);
				h = (nl ? (double)nl : 1) * pitch + 2 * PAD_Y;
				have = span_height(g, r, rs);
				if (h > have)
					g->rowh[r + (size_t)rs - 1] += h - have;
			}
}

/* Draws rows r0..r1-1 of the grid into slice s. */
static void
draw_rows(struct lay *l, struct grid *g, struct lay_slice *s, size_t r0,
    size_t r1, double size)
{
	double pitch = lay_pitch(l, size), y = 0, x, w, h, ty;
	size_t r, k, nl;

	for (r = r0; r < r1; r++) {
		x = 0;
		for (k = 0; k < g->ncols; k++) {
			struct cell *cl = CELL(g, r, k);

			if (cl->n == NULL || cl->n->as.cell.covered) {
				x += g->colw[k];
				continue;
			}
			w = span_width(g, k, span(cl, 0));
			h = span_height(g, r, span(cl, 1));
			lay_frag_rect(l, s, x, y, w, h, BORDER);
			lay_lines_measure(l, &cl->in, size, w - 2 * PAD_X, &nl);
			/* Vertically centred. */
			ty = y + (h - (double)nl * pitch) / 2 +
			    lay_baseline(l, size);
			lay_lines_into(l, s, &cl->in, size, x + PAD_X,
			    w - 2 * PAD_X, cl->align == LAY_JUSTIFY ? LAY_LEFT :
			    cl->align, ty, pitch, NULL);
			x += g->colw[k];
		}
		y += g->rowh[r];
	}
}

void
lay_table(struct lay *l, const struct vb_node *t, double before)
{
	struct grid       g;
	struct lay_slice *s;
	double            size = t->as.table.font_pt > 0 ?
	    t->as.table.font_pt : TABLE_PT;
	size_t            r, r1, nhdr = 0, k;
	int               id;

	memset(&g, 0, sizeof(g));
	if (load(&g, t) < 0) {
		grid_free(&g);
		return;
	}
	widths(l, &g, t, l->width, size);
	heights(l, &g, size);
	for (r = 0; r < g.nrows; r++)
		if (g.rows[r]->flags & VB_NODE_HEADER)
			nhdr = r + 1;

	l->tab = vb_xrealloc(l->tab, (l->ntab + 1) * sizeof(*l->tab));
	id = (int)l->ntab++;
	memset(&l->tab[id], 0, sizeof(l->tab[id]));
	/* Group rows that a row span joins; the header rows are one group. */
	for (r = 0; r < g.nrows; r = r1) {
		r1 = r < nhdr ? nhdr : r + 1;
		for (k = r; k < r1; k++) {
			size_t c;

			for (c = 0; c < g.ncols; c++) {
				struct cell *cl = CELL(&g, k, c);

				if (cl->n != NULL && !cl->n->as.cell.covered &&
				    k + (size_t)span(cl, 1) > r1)
					r1 = k + (size_t)span(cl, 1);
			}
			if (r1 > g.nrows)
				r1 = g.nrows;
		}
		s = lay_slice_new(l, span_height(&g, r, (int)(r1 - r)),
		    r == 0 ? before : 0);
		s->table = id;
		if (r < nhdr) {
			s->header = 1;
			s->keep_next = 1;
			l->tab[id].hdr_first = (size_t)(s - l->s);
			l->tab[id].hdr_n = 1;
		}
		/* The totals row stays with the row before it. */
		if (r1 < g.nrows && (g.rows[r1]->flags & VB_NODE_TOTAL))
			s->keep_next = 1;
		draw_rows(l, &g, s, r, r1, size);
	}
	grid_free(&g);
}
