/*
 * layout.h — the ND30 layout engine: a finished struct vb_doc becomes
 * pages of positioned boxes (struct vb_pages) that pdf.c draws.
 *
 * Who may include it: render.c, the tests and the fuzzers.
 *
 * The layout never calls libharu: it measures through a struct
 * vb_measure (font.h), the real fonts in the program, a fixed-width fake
 * in unit tests. All units are points, origin top-left, y downwards.
 */
#ifndef VB_LAYOUT_H
#define VB_LAYOUT_H

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "pages.h"

/* Figures the layout can report about itself (bench and tests). */
struct vb_layout_stats {
	size_t lines;           /* justified body lines, last lines excluded */
	double ratio_max;       /* the loosest line's space stretch */
	double ratio_sum;       /* for the mean */
	double ratio_sum2;      /* for the spread */
};

/*
 * Lays out doc onto pages allocated in out->arena (vb_pages_init must
 * have been called). Returns 0, or -1 after reporting to d. stats may be
 * NULL.
 */
int vb_layout(const struct vb_doc *doc, const struct vb_measure *m,
    struct vb_diag *d, struct vb_pages *out, struct vb_layout_stats *stats);

#endif /* VB_LAYOUT_H */
