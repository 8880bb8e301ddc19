/* lay_break.c — total-fit line breaking by dynamic programming. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "vb.h"
#include "lay_break.h"

/* Demerits of an overfull line: worse than any loose line. */
#define OVERFULL 1e40

/* Demerits of one line of natural width nat and total glue g in width
 * wd; *ratio receives the space adjustment. Returns -1 if infeasible. */
static double
line_cost(double nat, double g, double wd, int last, int justify,
    double *ratio)
{
	double r, bad;

	*ratio = 0;
	if (nat <= wd && (last || !justify))
		/* Ragged or last line: no stretching; a short last line is fine,
		 * a ragged line pays for its white space. */
		return last ? 0 : 100 * pow((wd - nat) / wd, 2) * 10;
	if (g <= 0) {
		/* One word: it cannot be justified, so the line is as bad as
		 * a line can be unless the word fills it. */
		if (nat > wd)
			return -1;
		return wd - nat < 0.5 ? 100 : 10010.0 * 10010.0;
	}
	r = (wd - nat) / g;
	if (r < -VB_LB_SHRINK)
		return -1;
	*ratio = r;
	bad = r < 0 ? 100 * pow(-r / VB_LB_SHRINK, 3)
	    : 100 * pow(r / VB_LB_STRETCH, 3);
	return (10 + bad) * (10 + bad);
}

size_t
vb_lb_break(const struct vb_lb_word *w, size_t n, double first_width,
    double width, int justify, struct vb_lb_line **out)
{
	double *best, *pre_w, *pre_g;
	size_t *from, nlines, i, j, k;
	struct vb_lb_line *lines;

	*out = NULL;
	if (n == 0)
		return 0;
	/* best[j]: least demerits of setting words 0..j-1 with a break
	 * after word j-1; from[j]: where that last line started. */
	best = vb_xmalloc((n + 1) * sizeof(*best));
	from = vb_xmalloc((n + 1) * sizeof(*from));
	pre_w = vb_xmalloc((n + 1) * sizeof(*pre_w));
	pre_g = vb_xmalloc((n + 1) * sizeof(*pre_g));
	pre_w[0] = pre_g[0] = 0;
	for (i = 0; i < n; i++) {
		pre_w[i + 1] = pre_w[i] + w[i].w;
		pre_g[i + 1] = pre_g[i] + w[i].glue;
	}
	best[0] = 0;
	for (j = 1; j <= n; j++) {
		best[j] = DBL_MAX;
		from[j] = j - 1;
		if (j < n && !w[j - 1].breakable)
			continue;
		/* Candidate lines i..j-1, scanning back while they can fit. */
		for (k = j; k-- > 0;) {
			double wd, nat, g, c, r;
			int    last = j == n;

			if (best[k] == DBL_MAX)
				goto next;
			if (k > 0 && !w[k - 1].breakable)
				goto next;
			wd = k == 0 ? first_width : width;
			g = pre_g[j - 1] - pre_g[k];          /* glue inside */
			nat = pre_w[j] - pre_w[k] + g;
			c = line_cost(nat, g, wd, last, justify, &r);
			if (c < 0) {
				/* Too long, and longer still further back. With no
				 * feasible line at all, the shortest one is set
				 * overfull rather than lost. */
				if (best[j] == DBL_MAX) {
					best[j] = best[k] + OVERFULL;
					from[j] = k;
				}
				break;
			}
			if (best[k] + c < best[j]) {
				best[j] = best[k] + c;
				from[j] = k;
			}
next:
			if (pre_w[j] - pre_w[k] > 2 * (width > first_width ?
			    width : first_width) + 1)
				break;
		}
	}
	/* Walk back to count, then fill the lines. */
	nlines = 0;
	for (j = n; j > 0; j = from[j])
		nlines++;
	lines = vb_xcalloc(nlines, sizeof(*lines));
	k = nlines;
	for (j = n; j > 0; j = from[j]) {
		struct vb_lb_line *l = &lines[--k];
		double             g, wd;

		l->first = from[j];
		l->last = j - 1;
		g = pre_g[j - 1] - pre_g[from[j]];
		l->natural = pre_w[j] - pre_w[from[j]] + g;
		wd = from[j] == 0 ? first_width : width;
		line_cost(l->natural, g, wd, j == n, justify, &l->ratio);
	}
	free(best);
	free(from);
	free(pre_w);
	free(pre_g);
	*out = lines;
	return nlines;
}
