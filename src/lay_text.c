/*
 * lay_text.c — inline text: styled pieces become measured words, words
 * become lines (lay_break.c), lines become positioned text fragments.
 *
 * Words break at spaces only (Vietnamese writes a space between every
 * syllable, so there is no shortage of break points). A no-break space
 * U+00A0 is drawn as a space where no line may break.
 * A justified line is drawn one box per word at computed positions, since
 * word spacing (Tw) does not work with the PDF's CID fonts; a ragged,
 * centred or last line is drawn as few boxes as its faces allow.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "lay_int.h"
#include "lay_break.h"

struct seg {
	enum vb_face   face;
	const char    *s;
	size_t         len;
	double         w;
	struct vb_loc  loc;
};

struct word {
	size_t         seg, nseg;    /* segments of the word */
	double         w;
	double         glue;         /* natural space after it, 0 if none */
	enum vb_face   glue_face;
	int            hard;         /* a hard line break follows */
	int            nobreak;      /* its glue is a no-break space */
	int            wide;         /* its glue is several spaces wide */
	int            icu;          /* ICU allows a break after it */
};

struct words {
	struct seg   *seg;
	size_t        nseg, capseg;
	struct word  *w;
	size_t        n, cap;
};

void
lay_inline_add(struct lay_inline *in, enum vb_face face, const char *s,
    size_t len, const struct vb_loc *loc)
{
	struct lay_piece *p;

	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 16;
		in->p = vb_xrealloc(in->p, in->cap * sizeof(*in->p));
	}
	p = &in->p[in->n++];
	memset(p, 0, sizeof(*p));
	p->face = face;
	p->s = s;
	p->len = len;
	if (loc != NULL)
		p->loc = *loc;
	p->brk = s == NULL;
}

void
lay_inline_free(struct lay_inline *in)
{
	free(in->p);
	memset(in, 0, sizeof(*in));
}

void
lay_inline_node(struct lay_inline *in, const struct vb_node *n, int bold,
    int italic)
{
	const struct vb_node *c;

	switch (n->type) {
	case VB_NODE_TEXT:
		lay_inline_add(in, lay_face(bold, italic), n->as.text.s,
		    n->as.text.len, &n->loc);
		return;
	case VB_NODE_BREAK:
		lay_inline_add(in, lay_face(bold, italic), NULL, 0, &n->loc);
		return;
	case VB_NODE_EMPH:
		italic = !italic;
		break;
	case VB_NODE_STRONG:
		bold = 1;
		break;
	default:
		break;
	}
	for (c = n->first; c != NULL; c = c->next)
		lay_inline_node(in, c, bold, italic);
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* U+00A0 NO-BREAK SPACE: drawn as a space, never a line break. */
static int
is_nbsp(const char *s, size_t n)
{
	return n >= 2 && (unsigned char)s[0] == 0xC2 &&
	    (unsigned char)s[1] == 0xA0;
}

static void
add_seg(struct words *ws, enum vb_face face, const char *s, size_t len,
    const struct vb_loc *loc, double w)
{
	struct seg *g;

	if (ws->nseg == ws->capseg) {
		ws->capseg = ws->capseg ? ws->capseg * 2 : 32;
		ws->seg = vb_xrealloc(ws->seg, ws->capseg * sizeof(*ws->seg));
	}
	g = &ws->seg[ws->nseg++];
	g->face = face;
	g->s = s;
	g->len = len;
	g->w = w;
	g->loc = *loc;
}

static struct word *
new_word(struct words *ws)
{
	struct word *w;

	if (ws->n == ws->cap) {
		ws->cap = ws->cap ? ws->cap * 2 : 32;
		ws->w = vb_xrealloc(ws->w, ws->cap * sizeof(*ws->w));
	}
	w = &ws->w[ws->n++];
	memset(w, 0, sizeof(*w));
	w->seg = ws->nseg;
	return w;
}

/* Splits the pieces into measured words. */
static void
tokenize(struct lay *l, const struct lay_inline *in, double size,
    struct words *ws)
{
	struct word *cur = NULL;
	size_t       i, j, start;

	memset(ws, 0, sizeof(*ws));
	for (i = 0; i < in->n; i++) {
		const struct lay_piece *p = &in->p[i];

		if (p->brk) {
			if (cur != NULL) {
				cur->glue = 0;
				cur->hard = 1;
			} else if (ws->n > 0)
				ws->w[ws->n - 1].hard = 1;
			cur = NULL;
			continue;
		}
		for (j = 0; j < p->len;) {
			if (is_space((unsigned char)p->s[j]) ||
			    is_nbsp(p->s + j, p->len - j)) {
				/* A space ends the word; its width is the glue. A
				 * no-break space is glue that may not break. */
				int nb = 0, count = 0;

				while (j < p->len) {
					if (is_space((unsigned char)p->s[j]))
						j++;
					else if (is_nbsp(p->s + j, p->len - j)) {
						nb = 1;
						j += 2;
					} else
						break;
					count++;
				}
				if (ws->n > 0 && !ws->w[ws->n - 1].hard) {
					struct word *prev = &ws->w[ws->n - 1];

					/* Spaces collapse to one, but a run that holds
					 * no-break spaces keeps its width (the blanks of
					 * a draft's "Số:      /LĐLĐ"). */
					prev->glue = vb_measure_width(l->m, p->face,
					    size, " ", 1) * (nb ? count : 1);
					prev->glue_face = p->face;
					prev->nobreak = nb;
					prev->wide = nb && count > 1;
				}
				cur = NULL;
				continue;
			}
			start = j;
			while (j < p->len && !is_space((unsigned char)p->s[j]) &&
			    !is_nbsp(p->s + j, p->len - j))
				j++;
			if (cur == NULL) {
				cur = new_word(ws);
			}
			{
				double w = vb_measure_width(l->m, p->face, size,
				    p->s + start, j - start);

				add_seg(ws, p->face, p->s + start, j - start,
				    &p->loc, w);
				cur = &ws->w[ws->n - 1];
				cur->nseg++;
				cur->w += w;
			}
			if (j < p->len)
				continue;
		}
	}
	/* The glue after the very last word is never used. */
	if (ws->n > 0)
		ws->w[ws->n - 1].glue = 0;
}

/*
 * A word wider than the line ("2.152/2.300", a web address) is cut where
 * ICU's Vietnamese line-break rules allow (after "/", "-" …), so that it
 * does not run into the margin. Only one-face words are cut; the others
 * are set overfull as before.
 */
static void
split_long(struct lay *l, struct words *ws, double size, double maxw)
{
	struct words  out;
	size_t        i, k;
	UChar        *u = NULL;
	int32_t      *map = NULL;

	for (i = 0; i < ws->n; i++)
		if (ws->w[i].w > maxw && ws->w[i].nseg == 1)
			break;
	if (i == ws->n)
		return;
	memset(&out, 0, sizeof(out));
	for (i = 0; i < ws->n; i++) {
		const struct word *w = &ws->w[i];
		const struct seg  *g = &ws->seg[w->seg];
		UBreakIterator    *bi;
		UErrorCode         st = U_ZERO_ERROR;
		int32_t            ulen = 0, b, prev = 0, n8, j;
		size_t             off;

		if (w->w <= maxw || w->nseg != 1 || g->len > 4096) {
			struct word *nw = new_word(&out);

			*nw = *w;
			nw->seg = out.nseg;
			for (k = w->seg; k < w->seg + w->nseg; k++)
				add_seg(&out, ws->seg[k].face, ws->seg[k].s,
				    ws->seg[k].len, &ws->seg[k].loc, ws->seg[k].w);
			continue;
		}
		u = vb_xrealloc(u, (g->len + 1) * sizeof(*u));
		u_strFromUTF8(u, (int32_t)g->len + 1, &ulen, g->s,
		    (int32_t)g->len, &st);
		/* UTF-16 offset -> UTF-8 offset. */
		map = vb_xrealloc(map, (size_t)(ulen + 1) * sizeof(*map));
		for (j = 0, n8 = 0; j < ulen; j++) {
			map[j] = n8;
			if (U16_IS_LEAD(u[j]) && j + 1 < ulen) {
				map[++j] = n8;
				n8 += 4;
			} else
				n8 += u[j] < 0x80 ? 1 : u[j] < 0x800 ? 2 : 3;
		}
		map[ulen] = n8;
		bi = U_SUCCESS(st) ? ubrk_open(UBRK_LINE, "vi", u, ulen, &st) :
		    NULL;
		if (bi != NULL && U_FAILURE(st)) {
			ubrk_close(bi);
			bi = NULL;   /* keep the word whole */
		}
		off = 0;
		for (b = bi != NULL ? ubrk_next(bi) : ulen; prev < ulen;
		    b = bi != NULL ? ubrk_next(bi) : ulen) {
			struct word *nw;
			size_t       len;
			double       width;

			if (b == UBRK_DONE || b > ulen)
				b = ulen;
			len = (size_t)map[b] - off;
			width = vb_measure_width(l->m, g->face, size, g->s + off,
			    len);
			nw = new_word(&out);
			add_seg(&out, g->face, g->s + off, len, &g->loc, width);
			nw->nseg = 1;
			nw->w = width;
			nw->icu = 1;
			off += len;
			prev = b;
		}
		/* The last piece keeps the word's own space and breaks. */
		out.w[out.n - 1].glue = w->glue;
		out.w[out.n - 1].glue_face = w->glue_face;
		out.w[out.n - 1].hard = w->hard;
		out.w[out.n - 1].nobreak = w->nobreak;
		out.w[out.n - 1].wide = w->wide;
		out.w[out.n - 1].icu = 0;
		if (bi != NULL)
			ubrk_close(bi);
	}
	free(u);
	free(map);
	free(ws->seg);
	free(ws->w);
	*ws = out;
}

static void
words_free(struct words *ws)
{
	free(ws->seg);
	free(ws->w);
}

/*
 * Breaks the words into lines, honouring hard breaks: each run between
 * hard breaks is broken on its own and its last line is not justified.
 * Returns the lines (caller frees) and their number.
 */
static size_t
break_words(const struct words *ws, double first_width, double width,
    int justify, struct vb_lb_line **out)
{
	struct vb_lb_word *bw;
	struct vb_lb_line *all = NULL, *part;
	size_t             n = 0, i, start = 0, k, np;

	bw = vb_xmalloc((ws->n ? ws->n : 1) * sizeof(*bw));
	for (i = 0; i < ws->n; i++) {
		bw[i].w = ws->w[i].w;
		bw[i].glue = ws->w[i].glue;
		bw[i].breakable = (ws->w[i].glue > 0 && !ws->w[i].nobreak) ||
		    ws->w[i].hard || ws->w[i].icu;
	}
	for (i = 0; i < ws->n; i++) {
		if (!ws->w[i].hard && i + 1 < ws->n)
			continue;
		np = vb_lb_break(bw + start, i + 1 - start,
		    n == 0 ? first_width : width, width, justify, &part);
		all = vb_xrealloc(all, (n + np) * sizeof(*all));
		for (k = 0; k < np; k++) {
			all[n + k] = part[k];
			all[n + k].first += start;
			all[n + k].last += start;
		}
		n += np;
		free(part);
		start = i + 1;
	}
	free(bw);
	*out = all;
	return n;
}

/* Draws one line of words into slice s at baseline y. */
static double
emit_line(struct lay *l, struct lay_slice *s, const struct words *ws,
    const struct vb_lb_line *ln, double size, double x, double width,
    enum lay_align align, double y, int last)
{
	double        ratio = 0, nat = ln->natural, pos;
	struct vb_buf b = VB_BUF_INIT;
	size_t        i, k;
	int           merge;
	enum vb_face  face = VB_FACE_REGULAR;
	double        run_x = 0, run_w = 0;
	struct vb_loc loc = { 0, 0, 0, NULL };

	/* A last line is not stretched, but one that only fits with its
	 * spaces shrunk is shrunk rather than run into the margin. */
	if (align == LAY_JUSTIFY && (!last || ln->ratio < 0))
		ratio = ln->ratio;
	pos = x;
	if (align == LAY_CENTER)
		pos = x + (width - nat) / 2;
	else if (align == LAY_RIGHT)
		pos = x + width - nat;
	merge = fabs(ratio) < 1e-9;
	if (l->stats != NULL && align == LAY_JUSTIFY && !last) {
		l->stats->lines++;
		l->stats->ratio_sum += ratio;
		l->stats->ratio_sum2 += ratio * ratio;
		if (ratio > l->stats->ratio_max)
			l->stats->ratio_max = ratio;
	}
	for (i = ln->first; i <= ln->last; i++) {
		const struct word *w = &ws->w[i];

		for (k = w->seg; k < w->seg + w->nseg; k++) {
			const struct seg *g = &ws->seg[k];

			if (b.len > 0 && g->face == face && merge &&
			    (k > w->seg || (i > ln->first &&
			    !ws->w[i - 1].wide))) {
				/* Continue the run; the space belongs to it. */
				if (k == w->seg && ws->w[i - 1].glue > 0) {
					vb_buf_putc(&b, ' ');
					run_w += ws->w[i - 1].glue;
				}
			} else {
				if (b.len > 0)
					lay_frag_text(l, s, face, size, run_x, y,
					    b.data, b.len, &loc);
				vb_buf_reset(&b);
				if (k == w->seg && i > ln->first)
					pos += ws->w[i - 1].glue * (1 + ratio);
				run_x = pos;
				run_w = 0;
				face = g->face;
				loc = g->loc;
			}
			vb_buf_put(&b, g->s, g->len);
			run_w += g->w;
			pos = run_x + run_w;
		}
		if (!merge) {
			/* Justified: every word is its own box. */
			lay_frag_text(l, s, face, size, run_x, y, b.data, b.len,
			    &loc);
			vb_buf_reset(&b);
		}
	}
	if (b.len > 0)
		lay_frag_text(l, s, face, size, run_x, y, b.data, b.len, &loc);
	vb_buf_free(&b);
	return nat;
}

size_t
lay_para_slices(struct lay *l, const struct lay_inline *in,
    const struct lay_para *p, double *max_w)
{
	struct words       ws;
	struct vb_lb_line *ln;
	size_t             n, i;
	double             pitch = lay_pitch(l, p->size);
	double             base = lay_baseline(l, p->size);

	tokenize(l, in, p->size, &ws);
	split_long(l, &ws, p->size, p->width - (p->indent > p->hang ?
	    p->indent : p->hang));
	n = break_words(&ws, p->width - p->indent, p->width - p->hang,
	    p->align == LAY_JUSTIFY, &ln);
	if (max_w != NULL)
		*max_w = 0;
	for (i = 0; i < n; i++) {
		struct lay_slice *s = lay_slice_new(l, pitch,
		    i == 0 ? p->before : 0);
		double            x = p->x + (i == 0 ? p->indent : p->hang);
		double            w = p->width - (i == 0 ? p->indent : p->hang);
		int               last = i + 1 == n ||
		    ws.w[ln[i].last].hard;
		double            nat;

		nat = emit_line(l, s, &ws, &ln[i], p->size, x, w, p->align,
		    base, last);
		if (max_w != NULL && nat > *max_w)
			*max_w = nat;
		/* Orphans and widows: the first two lines stay together, and
		 * so do the last two. */
		if (i == 0 || i + 2 == n)
			s->keep_next = 1;
		if (i + 1 == n)
			s->keep_next = p->keep_last;
	}
	free(ln);
	words_free(&ws);
	return n;
}

size_t
lay_lines_into(struct lay *l, struct lay_slice *s,
    const struct lay_inline *in, double size, double x, double width,
    enum lay_align align, double y0, double pitch, double *widest)
{
	struct words       ws;
	struct vb_lb_line *ln;
	size_t             n, i;
	double             nat;

	tokenize(l, in, size, &ws);
	split_long(l, &ws, size, width);
	n = break_words(&ws, width, width, 0, &ln);
	if (widest != NULL)
		*widest = 0;
	for (i = 0; i < n; i++) {
		nat = emit_line(l, s, &ws, &ln[i], size, x, width, align,
		    y0 + i * pitch, 1);
		if (widest != NULL && nat > *widest)
			*widest = nat;
	}
	free(ln);
	words_free(&ws);
	return n;
}

double
lay_lines_measure(struct lay *l, const struct lay_inline *in, double size,
    double width, size_t *nlines)
{
	struct words       ws;
	struct vb_lb_line *ln;
	size_t             n, i;
	double             widest = 0;

	tokenize(l, in, size, &ws);
	split_long(l, &ws, size, width);
	n = break_words(&ws, width, width, 0, &ln);
	for (i = 0; i < n; i++)
		if (ln[i].natural > widest)
			widest = ln[i].natural;
	if (nlines != NULL)
		*nlines = n;
	free(ln);
	words_free(&ws);
	return widest;
}

double
lay_longest_word(struct lay *l, const struct lay_inline *in, double size)
{
	struct words ws;
	size_t       i;
	double       w = 0;

	tokenize(l, in, size, &ws);
	for (i = 0; i < ws.n; i++)
		if (ws.w[i].w > w)
			w = ws.w[i].w;
	words_free(&ws);
	return w;
}
