/*
 * lay_break.h — total-fit line breaking (Knuth–Plass without hyphenation)
 * over words whose widths are already measured.
 *
 * Who may include it: the layout modules and their tests.
 *
 * A paragraph is a sequence of unbreakable words; after each word there
 * may be a space (glue, natural width `glue`) and a break opportunity.
 * The breaker chooses the breaks that minimise the sum over lines of
 * (10 + badness)^2, where badness grows with the cube of how far the
 * spaces must stretch or shrink, so that one very loose line costs more
 * than several slightly loose ones. Spaces may stretch to twice their
 * width and shrink by VB_LB_SHRINK; a line that cannot fit otherwise is
 * set overfull (one word too long for the line) or loose, never lost.
 */
#ifndef VB_LAY_BREAK_H
#define VB_LAY_BREAK_H

#include <stddef.h>

#define VB_LB_STRETCH 1.0    /* a space may grow to (1 + 1.0) x natural */
#define VB_LB_SHRINK  0.20   /* and shrink to (1 - 0.20) x natural */

struct vb_lb_word {
	double w;          /* width of the word itself */
	double glue;       /* natural width of the space after it; 0 = none */
	int    breakable;  /* a line may end after this word */
};

struct vb_lb_line {
	size_t first, last;  /* words first..last inclusive */
	double natural;      /* width with natural spaces */
	double ratio;        /* space = glue * (1 + ratio); 0 when not justified */
};

/*
 * Breaks n words into lines: the first line is first_width wide (after a
 * first-line indent), the others width. With justify, every line but the
 * last gets a ratio that fills it exactly. Returns the number of lines
 * and stores a malloc'd array in *out (caller frees); n == 0 gives 0.
 */
size_t vb_lb_break(const struct vb_lb_word *w, size_t n, double first_width,
    double width, int justify, struct vb_lb_line **out);

#endif /* VB_LAY_BREAK_H */
