/*
 * font.h — measuring text: the device interface the layout sees (STYLE.md
 * §3, habit 8), its implementation over the shipped TrueType fonts, and a
 * fixed-width fake for tests.
 *
 * Who may include it: the layout modules, pdf.c, main.c and the tests.
 *
 * The layout never calls libharu: it measures through a struct vb_measure.
 * vb_fontset_measure() gives the real one; vb_measure_fake() gives one in
 * which every code point is 500/1000 em wide, so line breaking, tables and
 * pagination can be tested without fonts.
 */
#ifndef VB_FONT_H
#define VB_FONT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "pages.h"

/*
 * The measurer. All results are in points for the given font size (in
 * points). Text is UTF-8 (NFC): widths are the sum of the glyphs' advance
 * widths (no kerning, no ligatures; libharu does no shaping), a code point
 * without a glyph counts as the font's missing glyph, and an invalid byte
 * counts as one missing glyph. A measure is never cut inside a UTF-8
 * sequence. The real measurer returns exactly the advances the PDF viewer
 * will use (libharu's /W widths: 1/1000 em, truncated), so text placed
 * with these widths lines up to the point.
 */
struct vb_measure {
	void    *ctx;
	/* Advance width of s[0..len). */
	double (*width)(void *ctx, enum vb_face face, double size,
	           const char *s, size_t len);
	/* Height of the ascender line above the baseline (> 0). */
	double (*ascent)(void *ctx, enum vb_face face, double size);
	/* Depth of the descender line below the baseline (> 0). */
	double (*descent)(void *ctx, enum vb_face face, double size);
};

/* Shorthand for m->width(m->ctx, ...). */
double vb_measure_width(const struct vb_measure *m, enum vb_face face,
    double size, const char *s, size_t len);

/*
 * The longest prefix of s[0..len) whose width is <= maxw (plus 1e-9 pt for
 * rounding). Returns its length in bytes, which always ends on a code
 * point boundary (an invalid byte is a unit of its own); 0 when even the
 * first code point does not fit. For words too long for any line.
 */
size_t vb_measure_fit(const struct vb_measure *m, enum vb_face face,
    double size, const char *s, size_t len, double maxw);

/*
 * The fake: every code point (and every invalid byte) is 500/1000 em in
 * every face; ascent 800/1000 em, descent 200/1000 em. Needs no fonts.
 */
struct vb_measure vb_measure_fake(void);

/* ---- the real fonts --------------------------------------------------- */

/* Environment variable naming the font directory (first in the search). */
#define VB_FONTS_ENV "VANBAN_FONTS"

struct vb_fontset;

/*
 * Loads the four faces of one family through libharu, once per process
 * (or per batch worker): measuring and every PDF written with this set
 * reuse them. If dir is not NULL (a command-line option, a test), it is
 * the only place looked in. Otherwise the first hit of:
 *
 *   1. $VANBAN_FONTS, if set and not empty;
 *   2. VB_SHAREDIR "/fonts" (compiled in; `make install` puts them there);
 *   3. "fonts/" in the directory of the running executable or one of its
 *      three parents (a build in the source tree: build/vanban,
 *      build/tests/t_font).
 *
 * A directory is taken if it holds VanbanSerif-Regular.ttf (the trimmed
 * fonts made by fonts/vanban-serif.py), else LiberationSerif-Regular.ttf;
 * the other faces (-Bold, -Italic, -BoldItalic) must then be there too.
 * Returns the set, or NULL after reporting VB_ERR_FONT_NOTFOUND or
 * VB_ERR_FONT_LOAD to d. Free with vb_fontset_free. Not thread-safe: one
 * set per thread.
 */
struct vb_fontset *vb_fontset_open(const char *dir, struct vb_diag *d);
void vb_fontset_free(struct vb_fontset *fs);

/* The measurer over fs (valid as long as fs is). */
struct vb_measure vb_fontset_measure(struct vb_fontset *fs);

/* The file a face was loaded from (owned by fs). */
const char *vb_fontset_path(const struct vb_fontset *fs, enum vb_face face);

/* The PostScript name of a face, e.g. "VanbanSerif-Bold" (owned by fs). */
const char *vb_fontset_name(const struct vb_fontset *fs, enum vb_face face);

/*
 * Advance width of code point cp in face, in 1/1000 em (truncated as in
 * the PDF), or -1 if the face has no glyph for cp.
 */
int vb_fontset_advance(const struct vb_fontset *fs, enum vb_face face,
    uint32_t cp);

#endif /* VB_FONT_H */
