/* t_lay_break.c — total-fit line breaking on fixed-width words. */
#include <math.h>
#include <stdlib.h>

#include "vb.h"
#include "lay_break.h"
#include "unit.h"

/* Words of the given letter counts, 10 units a letter, spaces of 5. */
static size_t
words(const int *len, size_t n, struct vb_lb_word *w)
{
	size_t i;

	for (i = 0; i < n; i++) {
		w[i].w = len[i] * 10.0;
		w[i].glue = i + 1 < n ? 8 : 0;
		w[i].breakable = 1;
	}
	return n;
}

static double
line_width(const struct vb_lb_word *w, const struct vb_lb_line *l)
{
	double x = 0;
	size_t i;

	for (i = l->first; i <= l->last; i++) {
		x += w[i].w;
		if (i < l->last)
			x += w[i].glue * (1 + l->ratio);
	}
	return x;
}

static void
test_justify(void)
{
	static const int len[] = { 3, 4, 2, 5, 3, 3, 4, 2, 6, 3, 2, 4, 3, 5,
	    2, 3, 4, 1, 3, 4 };
	struct vb_lb_word  w[20];
	struct vb_lb_line *l;
	size_t             n, i, next = 0;
	int                ok = 1;

	n = vb_lb_break(w, words(len, 20, w), 150, 200, 1, &l);
	OK(n >= 4 && n <= 6, "20 words in 4 to 6 lines (got %zu)", n);
	for (i = 0; i < n; i++) {
		if (l[i].first != next)
			ok = 0;
		next = l[i].last + 1;
		if (i + 1 < n && fabs(line_width(w, &l[i]) -
		    (i == 0 ? 150 : 200)) > 1e-9)
			ok = 0;
		if (l[i].ratio < -VB_LB_SHRINK || l[i].ratio > 3)
			ok = 0;
	}
	OK(ok && next == 20, "lines cover every word and fill the width");
	INT_EQ(l[n - 1].ratio == 0, 1, "the last line is not stretched");
	free(l);
}

/* Greedy filling, for comparison: as many words as fit on each line. */
static void
greedy(const struct vb_lb_word *w, size_t n, double width, double *sum2,
    double *worst)
{
	size_t i = 0, j;
	double nat, g;

	*sum2 = *worst = 0;
	while (i < n) {
		nat = w[i].w;
		g = 0;
		for (j = i + 1; j < n && nat + w[j - 1].glue + w[j].w <= width;
		    j++) {
			g += w[j - 1].glue;
			nat += w[j - 1].glue + w[j].w;
		}
		if (j < n && g > 0) {
			double r = (width - nat) / g;

			*sum2 += r * r;
			if (r > *worst)
				*worst = r;
		}
		i = j;
	}
}

/* A paragraph of 400 syllable-like words, 14 pt Times-ish widths. Total
 * fit must spread the spaces at least as evenly as greedy filling. */
static void
test_total_fit(void)
{
	struct vb_lb_word  w[400];
	struct vb_lb_line *l;
	size_t             n, i;
	unsigned           seed = 12345;
	double             sum2 = 0, worst = 0, gsum2, gworst;

	for (i = 0; i < 400; i++) {
		seed = seed * 1103515245 + 12345;
		w[i].w = 7.0 * (1 + (seed >> 16) % 6);
		w[i].glue = i + 1 < 400 ? 3.5 : 0;
		w[i].breakable = 1;
	}
	n = vb_lb_break(w, 400, 468, 468, 1, &l);
	for (i = 0; i + 1 < n; i++) {
		sum2 += l[i].ratio * l[i].ratio;
		if (fabs(l[i].ratio) > worst)
			worst = fabs(l[i].ratio);
	}
	greedy(w, 400, 468, &gsum2, &gworst);
	OK(sum2 <= gsum2, "total fit spreads spaces better (%g <= %g)", sum2,
	    gsum2);
	OK(worst <= gworst + 1e-9, "its loosest line is no looser (%g <= %g)",
	    worst, gworst);
	OK(worst <= VB_LB_STRETCH, "no line beyond the stretch limit (%g)",
	    worst);
	free(l);
}

static void
test_overfull(void)
{
	static const int len[] = { 2, 30, 2 };
	struct vb_lb_word  w[3];
	struct vb_lb_line *l;
	size_t             n;

	n = vb_lb_break(w, words(len, 3, w), 100, 100, 1, &l);
	INT_EQ(n, 3, "a word longer than the line stands alone");
	INT_EQ(l[1].first, 1, "the long word is line 2");
	free(l);
	n = vb_lb_break(w, 0, 100, 100, 1, &l);
	INT_EQ(n, 0, "no words, no lines");
	OK(l == NULL, "and no array");
}

static void
test_unbreakable(void)
{
	static const int len[] = { 3, 3, 3, 3, 3, 3 };
	struct vb_lb_word  w[6];
	struct vb_lb_line *l;
	size_t             n, i;
	int                ok = 1;

	words(len, 6, w);
	w[1].breakable = 0;  /* keep words 1 and 2 together */
	w[3].breakable = 0;
	n = vb_lb_break(w, 6, 70, 70, 1, &l);
	for (i = 0; i < n; i++)
		if (l[i].last == 1 || l[i].last == 3)
			ok = 0;
	OK(ok, "no break where none is allowed");
	free(l);
}

static void
test_ragged(void)
{
	static const int len[] = { 3, 4, 2, 5, 3, 3, 4 };
	struct vb_lb_word  w[7];
	struct vb_lb_line *l;
	size_t             n, i;
	int                ok = 1;

	n = vb_lb_break(w, words(len, 7, w), 100, 100, 0, &l);
	for (i = 0; i < n; i++)
		if (l[i].ratio != 0 || l[i].natural > 100)
			ok = 0;
	OK(ok && n >= 2, "ragged lines keep natural spaces and fit");
	free(l);
}

int
main(void)
{
	test_justify();
	test_total_fit();
	test_overfull();
	test_unbreakable();
	test_ragged();
	return unit_done("t_lay_break");
}
