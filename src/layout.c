/*
 * layout.c — the ND30 layout driver: the header block (ô 1–5), Kính gửi,
 * căn cứ, the body, the signature and Nơi nhận (ô 7, 9b), annexes; then
 * pagination and page numbers. See lay_int.h for the two passes.
 *
 * Geometry follows ND30.md §1–§3 and §19: A4, margins from the profile,
 * the header as two columns (the right one wide enough for the Quốc
 * hiệu), rules under the issuer (0.4 of its longest line) and under the
 * Tiêu ngữ (exactly its width), Số and the place-date on one baseline,
 * page numbers centred in the top margin from page 2 of each section.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lay_int.h"

#define MM                 VB_PT_PER_MM
/* Line pitch of "single" spacing in Times-metric fonts (Word: 1.15 em). */
#define SINGLE_PITCH       1.15
/* The rule under the issuer and under a trích yếu: this share of the
 * line above it (ND30: one third to one half). */
#define SHORT_RULE         0.4
#define RULE_WIDTH         0.6
/* A rule stands this far below the descenders of the line above it, so
 * that it reads as a rule, not as an underline. */
#define RULE_GAP           3.0
/* Room for the signature between the position lines and the name. */
#define SIGN_GAP_MM        24.0
/* Sizes ND30 fixes regardless of the size set (ND30.md §3). */
#define SO_PT              13.0
#define VV_PT              12.0
#define NOI_NHAN_PT        12.0
#define NOI_NHAN_ITEM_PT   11.0
#define ANNEX_PT           14.0

/* ---- slices and fragments ------------------------------------------------ */

struct lay_slice *
lay_slice_new(struct lay *l, double h, double before)
{
	struct lay_slice *s;

	if (l->ns == l->caps) {
		l->caps = l->caps ? l->caps * 2 : 64;
		l->s = vb_xrealloc(l->s, l->caps * sizeof(*l->s));
	}
	s = &l->s[l->ns++];
	memset(s, 0, sizeof(*s));
	s->h = h;
	s->before = before;
	s->table = -1;
	s->section = -1;
	if (l->pending_section >= 0) {
		s->section = l->pending_section;
		s->newpage = 1;
		l->pending_section = -1;
	}
	if (l->pending_page) {
		s->newpage = 1;
		l->pending_page = 0;
	}
	return s;
}

static struct lay_frag *
frag_new(struct lay_slice *s)
{
	struct lay_frag *f;

	if (s->nf == s->capf) {
		s->capf = s->capf ? s->capf * 2 : 8;
		s->f = vb_xrealloc(s->f, s->capf * sizeof(*s->f));
	}
	f = &s->f[s->nf++];
	memset(f, 0, sizeof(*f));
	return f;
}

struct lay_frag *
lay_frag_text(struct lay *l, struct lay_slice *s, enum vb_face face,
    double size, double x, double y, const char *t, size_t len,
    const struct vb_loc *loc)
{
	struct lay_frag *f = frag_new(s);

	f->kind = VB_BOX_TEXT;
	f->x = x;
	f->y = y;
	f->face = face;
	f->size = size;
	f->text = vb_arena_strndup(l->a, t, len);
	f->len = len;
	f->w = vb_measure_width(l->m, face, size, t, len);
	if (loc != NULL)
		f->loc = *loc;
	return f;
}

void
lay_frag_rule(struct lay *l, struct lay_slice *s, double x, double y,
    double w, double h, double lw)
{
	struct lay_frag *f = frag_new(s);

	(void)l;
	f->kind = VB_BOX_RULE;
	f->x = x;
	f->y = y;
	f->w = w;
	f->h = h;
	f->lw = lw;
}

void
lay_frag_rect(struct lay *l, struct lay_slice *s, double x, double y,
    double w, double h, double lw)
{
	struct lay_frag *f = frag_new(s);

	(void)l;
	f->kind = VB_BOX_RECT;
	f->x = x;
	f->y = y;
	f->w = w;
	f->h = h;
	f->lw = lw;
}

double
lay_pitch(const struct lay *l, double size)
{
	return size * l->pitch_factor;
}

/* Baseline of a line of the given size below the top of its slice: the
 * glyphs' ascent-to-descent box centred in the pitch. */
double
lay_baseline(const struct lay *l, double size)
{
	double asc = l->m->ascent(l->m->ctx, VB_FACE_REGULAR, size);
	double desc = l->m->descent(l->m->ctx, VB_FACE_REGULAR, size);

	return (lay_pitch(l, size) - (asc + desc)) / 2 + asc;
}

enum vb_face
lay_face(int bold, int italic)
{
	if (bold)
		return italic ? VB_FACE_BOLD_ITALIC : VB_FACE_BOLD;
	return italic ? VB_FACE_ITALIC : VB_FACE_REGULAR;
}

/* ---- helpers for plain strings ------------------------------------------- */

static void
inline_str(struct lay_inline *in, enum vb_face face, const char *s)
{
	lay_inline_add(in, face, s, strlen(s), NULL);
}

static double
width_of(struct lay *l, enum vb_face face, double size, const char *s)
{
	return vb_measure_width(l->m, face, size, s, strlen(s));
}

/*
 * The narrowest width, up to w, that breaks in into as few lines as w
 * does: lines of even length ("LIÊN ĐOÀN LAO ĐỘNG / TỈNH LAI CHÂU"
 * rather than "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI / CHÂU").
 */
static double
balanced_width(struct lay *l, const struct lay_inline *in, double size,
    double w)
{
	size_t n, k;
	double lo, hi = w, mid;
	int    i;

	lay_lines_measure(l, in, size, w, &n);
	if (n <= 1)
		return w;
	lo = w / (double)n * 0.9;
	for (i = 0; i < 20; i++) {
		mid = (lo + hi) / 2;
		lay_lines_measure(l, in, size, mid, &k);
		if (k > n)
			lo = mid;
		else
			hi = mid;
	}
	return hi + 0.01;
}

/* Lines of text s centred in [x, x + w), into slice sl from baseline y;
 * a '\n' in s forces a break. Returns the baseline after the last line
 * and sets *widest. */
enum lines_mode {
	LINES_BALANCED,   /* titles: lines of even length */
	LINES_NAME        /* names of bodies: full lines, last two words kept */
};

static double
centred_lines(struct lay *l, struct lay_slice *sl, enum vb_face face,
    double size, const char *s, double x, double w, double y,
    double *widest, enum lines_mode mode)
{
	const char       *sp;
	struct lay_inline in = { 0 };
	const char       *p = s, *nl;
	double            pitch = lay_pitch(l, size), wd = 0, one, bw;
	size_t            n;

	/* Runs of spaces are blanks to fill by hand (a draft's number and
	 * day): keep their width as no-break spaces. */
	if (strstr(s, "  ") != NULL) {
		struct vb_buf b = VB_BUF_INIT;
		const char   *q;

		for (q = s; *q != '\0'; q++) {
			if (*q == ' ' && (q[1] == ' ' || (q > s && q[-1] == ' ')))
				vb_buf_puts(&b, "\xC2\xA0");
			else
				vb_buf_putc(&b, *q);
		}
		p = s = vb_arena_strndup(l->a, b.data, b.len);
		vb_buf_free(&b);
	}
	/* Explicit line breaks in a name are the author's choice. */
	while ((nl = strchr(p, '\n')) != NULL) {
		lay_inline_add(&in, face, p, (size_t)(nl - p), NULL);
		lay_inline_add(&in, face, NULL, 0, NULL);
		p = nl + 1;
	}
	if (mode == LINES_NAME && (sp = strrchr(p, ' ')) != NULL) {
		/* The last two words of a name stay together: "TỈNH /
		 * LAI CHÂU", "LAO ĐỘNG / VIỆT NAM" (the seeds' wrapping). */
		lay_inline_add(&in, face, p, (size_t)(sp - p), NULL);
		inline_str(&in, face, "\xC2\xA0");
		inline_str(&in, face, sp + 1);
	} else
		inline_str(&in, face, p);
	bw = mode == LINES_BALANCED ? balanced_width(l, &in, size, w) : w;
	n = lay_lines_into(l, sl, &in, size, x + (w - bw) / 2, bw, LAY_CENTER,
	    y, pitch, &one);
	if (one > wd)
		wd = one;
	lay_inline_free(&in);
	if (widest != NULL)
		*widest = wd;
	return y + (double)n * pitch;
}

/* ---- the header block (page 1) ------------------------------------------ */

/*
 * Two columns: the right one is the wider of 55 % of the text block and
 * the Quốc hiệu plus 4 mm (ND30.md §2: ≥ 90 mm at 12 pt); the left one
 * takes the rest. Returns nothing; appends one slice.
 */
static void
header_block(struct lay *l)
{
	const struct vb_doc   *doc = l->doc;
	const struct vb_style *st = &doc->style;
	static const char      qh_new[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	static const char      qh_old[] = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	static const char      tn[] = "Độc lập - Tự do - Hạnh phúc";
	const char            *qh = st->hoa_old_style ? qh_old : qh_new;
	struct lay_slice      *sl;
	double qw, rw, lw, rx, yl, yr, w, y, tnw, row2;

	sl = lay_slice_new(l, 0, 0);
	sl->keep_next = 1;
	qw = width_of(l, VB_FACE_BOLD, st->qh_pt, qh);
	rw = l->width * 0.55;
	if (rw < qw + 4 * MM)
		rw = qw + 4 * MM;
	if (rw > l->width)
		rw = l->width;
	lw = l->width - rw;
	rx = lw;

	/* Left column: parent body, issuer, the short rule. */
	yl = lay_baseline(l, st->qh_pt);
	if (doc->co_quan_chu_quan != NULL && *doc->co_quan_chu_quan != '\0')
		yl = centred_lines(l, sl, VB_FACE_REGULAR, st->qh_pt,
		    doc->co_quan_chu_quan, 0, lw, yl, NULL, LINES_NAME);
	if (doc->co_quan != NULL && *doc->co_quan != '\0') {
		yl = centred_lines(l, sl, VB_FACE_BOLD, st->qh_pt,
		    doc->co_quan, 0, lw, yl, &w, LINES_NAME);
		y = yl - lay_pitch(l, st->qh_pt) +
		    l->m->descent(l->m->ctx, VB_FACE_BOLD, st->qh_pt) + RULE_GAP;
		lay_frag_rule(l, sl, (lw - w * SHORT_RULE) / 2, y,
		    w * SHORT_RULE, 0, RULE_WIDTH);
		yl = y;
	}

	/* Right column: Quốc hiệu, Tiêu ngữ and its rule. */
	yr = lay_baseline(l, st->qh_pt);
	lay_frag_text(l, sl, VB_FACE_BOLD, st->qh_pt, rx + (rw - qw) / 2, yr,
	    qh, strlen(qh), NULL);
	yr += lay_pitch(l, st->tn_pt);
	tnw = width_of(l, VB_FACE_BOLD, st->tn_pt, tn);
	lay_frag_text(l, sl, VB_FACE_BOLD, st->tn_pt, rx + (rw - tnw) / 2, yr,
	    tn, strlen(tn), NULL);
	y = yr + l->m->descent(l->m->ctx, VB_FACE_BOLD, st->tn_pt) + RULE_GAP;
	lay_frag_rule(l, sl, rx + (rw - tnw) / 2, y, tnw, 0, RULE_WIDTH);
	yr = y;

	/* Row 2: "Số:" and the place-date on one baseline, a line below
	 * the lower of the two rules. */
	row2 = (yl > yr ? yl : yr) + lay_pitch(l, st->date_pt) +
	    l->m->ascent(l->m->ctx, VB_FACE_REGULAR, st->date_pt) * 0.5;
	if (doc->so_line != NULL)
		centred_lines(l, sl, VB_FACE_REGULAR, SO_PT, doc->so_line, 0, lw,
		    row2, NULL, LINES_BALANCED);
	if (doc->date_line != NULL)
		centred_lines(l, sl, VB_FACE_ITALIC, st->date_pt,
		    doc->date_line, rx, rw, row2, NULL, LINES_BALANCED);
	y = row2 + l->m->descent(l->m->ctx, VB_FACE_REGULAR, st->date_pt);

	/* A công văn: "V/v …" under the Số, 6 pt below it (ô 5b). */
	if (doc->kind != NULL && doc->kind->cong_van && doc->trich_yeu != NULL)
		y = centred_lines(l, sl, VB_FACE_REGULAR, VV_PT, doc->trich_yeu,
		    0, lw, row2 + lay_pitch(l, SO_PT) + 6, NULL, LINES_BALANCED) -
		    lay_pitch(l, VV_PT) +
		    l->m->descent(l->m->ctx, VB_FACE_REGULAR, VV_PT);
	sl->h = y + 6;
}

/* The title and trích yếu of a typed document (ô 5a), with its rule. */
static void
title_block(struct lay *l)
{
	const struct vb_doc *doc = l->doc;
	struct lay_slice    *sl;
	double               y, w, size = l->body;

	if (doc->title == NULL)
		return;
	sl = lay_slice_new(l, 0, 12);
	sl->keep_next = 1;
	y = centred_lines(l, sl, VB_FACE_BOLD, size, doc->title, 0, l->width,
	    lay_baseline(l, size), NULL, LINES_BALANCED);
	if (doc->trich_yeu != NULL && *doc->trich_yeu != '\0') {
		y = centred_lines(l, sl, VB_FACE_BOLD, size, doc->trich_yeu, 0,
		    l->width, y, &w, LINES_BALANCED);
		y = y - lay_pitch(l, size) +
		    l->m->descent(l->m->ctx, VB_FACE_BOLD, size) + RULE_GAP;
		lay_frag_rule(l, sl, (l->width - w * SHORT_RULE) / 2, y,
		    w * SHORT_RULE, 0, RULE_WIDTH);
		y += 4;
	} else
		y = y - lay_pitch(l, size) + lay_pitch(l, size) * 0.4;
	sl->h = y + 6;
}

/* "Kính gửi:" (ô 9a): one addressee on the same line; several, each on
 * its own line starting "- ", lined up after the colon (ND30.md §7.4). */
static void
kinh_gui(struct lay *l)
{
	const struct vb_doc *doc = l->doc;
	static const char    label[] = "Kính gửi: ";
	double               size = l->body, lwid, x0, widest = 0, w;
	struct lay_inline    in = { 0 };
	struct lay_para      p;
	size_t               i;

	if (doc->nkinh_gui == 0)
		return;
	lwid = width_of(l, VB_FACE_REGULAR, size, label);
	for (i = 0; i < doc->nkinh_gui; i++) {
		w = width_of(l, VB_FACE_REGULAR, size, doc->kinh_gui[i]) +
		    (doc->nkinh_gui > 1 ? width_of(l, VB_FACE_REGULAR, size,
		    "- ;") : width_of(l, VB_FACE_REGULAR, size, "."));
		if (w > widest)
			widest = w;
	}
	/* Centre the block, but never left of the paragraph indent. */
	x0 = (l->width - lwid - widest) / 2;
	if (x0 < l->doc->style.indent_mm * MM)
		x0 = l->doc->style.indent_mm * MM;
	if (x0 + lwid > l->width * 0.5)
		x0 = l->width * 0.5 - lwid;
	for (i = 0; i < doc->nkinh_gui; i++) {
		const char *end = "";
		size_t      n = strlen(doc->kinh_gui[i]);
		char        last = n ? doc->kinh_gui[i][n - 1] : 0;

		if (doc->nkinh_gui > 1 && last != ';' && last != '.' &&
		    last != ',')
			end = i + 1 == doc->nkinh_gui ? "." : ";";
		memset(&in, 0, sizeof(in));
		if (i == 0)
			inline_str(&in, VB_FACE_REGULAR, label);
		if (doc->nkinh_gui > 1)
			inline_str(&in, VB_FACE_REGULAR, "- ");
		inline_str(&in, VB_FACE_REGULAR, doc->kinh_gui[i]);
		if (*end != '\0')
			inline_str(&in, VB_FACE_REGULAR, end);
		memset(&p, 0, sizeof(p));
		p.size = size;
		p.x = x0 + lwid;
		p.width = l->width - x0 - lwid;
		p.indent = i == 0 ? -lwid : 0;
		p.hang = doc->nkinh_gui > 1 ?
		    width_of(l, VB_FACE_REGULAR, size, "- ") : 0;
		p.align = LAY_LEFT;
		p.before = i == 0 ? 6 : 0;
		p.keep_last = 1;
		lay_para_slices(l, &in, &p, NULL);
		lay_inline_free(&in);
	}
}

/* ---- body blocks ---------------------------------------------------------- */

static void blocks(struct lay *l, const struct vb_node *first);

static void
para_common(struct lay *l, struct lay_para *p, double size)
{
	memset(p, 0, sizeof(*p));
	p->size = size;
	p->x = 0;
	p->width = l->width;
	p->indent = l->doc->style.indent_mm * MM;
	p->align = LAY_JUSTIFY;
	p->before = l->doc->style.para_space_pt;
}

static void
paragraph(struct lay *l, const struct vb_node *n, const char *label,
    int keep)
{
	struct lay_inline in = { 0 };
	struct lay_para   p;
	int               bold = (n->flags & VB_NODE_BOLD) != 0;
	int               italic = (n->flags & VB_NODE_ITALIC) != 0;
	const struct vb_node *c;

	para_common(l, &p, l->body);
	if (label != NULL && *label != '\0') {
		inline_str(&in, lay_face(bold, italic), label);
		inline_str(&in, lay_face(bold, italic), " ");
	}
	for (c = n->first; c != NULL; c = c->next)
		lay_inline_node(&in, c, bold, italic);
	if (n->flags & VB_NODE_CENTER) {
		p.align = LAY_CENTER;
		p.indent = 0;
	}
	if (n->flags & VB_NODE_NOINDENT)
		p.indent = 0;
	p.keep_last = keep || (n->flags & VB_NODE_KEEPNEXT) != 0;
	if (in.n > 0)
		lay_para_slices(l, &in, &p, NULL);
	lay_inline_free(&in);
}

/* Headings (ND30.md §7.2): I. bold; 1. bold; 1.1. bold; a) upright.
 * The template writes the case; the label leads the line. */
static void
heading(struct lay *l, const struct vb_node *n)
{
	struct lay_inline in = { 0 };
	struct lay_para   p;
	int               bold = n->as.heading.level <= 3;
	int               italic = 0;
	const struct vb_node *c;

	para_common(l, &p, l->body);
	if (n->as.heading.label != NULL && *n->as.heading.label != '\0') {
		inline_str(&in, lay_face(bold, italic), n->as.heading.label);
		inline_str(&in, lay_face(bold, italic), " ");
	}
	for (c = n->first; c != NULL; c = c->next)
		lay_inline_node(&in, c, bold, italic);
	if (n->flags & VB_NODE_CENTER) {
		p.align = LAY_CENTER;
		p.indent = 0;
	}
	p.keep_last = 1;
	if (in.n > 0)
		lay_para_slices(l, &in, &p, NULL);
	lay_inline_free(&in);
}

static void
list(struct lay *l, const struct vb_node *n)
{
	const struct vb_node *it, *c;
	int                   first;

	for (it = n->first; it != NULL; it = it->next) {
		first = 1;
		for (c = it->first; c != NULL; c = c->next) {
			if (c->type == VB_NODE_PARA) {
				paragraph(l, c, first ? it->as.item.label : NULL,
				    0);
				first = 0;
			} else if (c->type == VB_NODE_LIST)
				list(l, c);
			else
				blocks(l, c);
		}
	}
}

static void
blocks(struct lay *l, const struct vb_node *first)
{
	const struct vb_node *n;

	for (n = first; n != NULL; n = n->next) {
		switch (n->type) {
		case VB_NODE_PARA:
			paragraph(l, n, NULL, 0);
			break;
		case VB_NODE_HEADING:
			heading(l, n);
			break;
		case VB_NODE_LIST:
			list(l, n);
			break;
		case VB_NODE_TABLE:
			lay_table(l, n, l->doc->style.para_space_pt);
			break;
		case VB_NODE_PAGEBREAK:
			l->pending_page = 1;
			break;
		case VB_NODE_ROOT:
			blocks(l, n->first);
			break;
		default:
			break;
		}
	}
}

/* A centred bold line of the body size (a decision's authority and
 * its "QUYẾT ĐỊNH:"), kept with what follows. */
static void
centred_para(struct lay *l, const char *s, double before)
{
	struct lay_inline in = { 0 };
	struct lay_para   p;

	para_common(l, &p, l->body);
	p.align = LAY_CENTER;
	p.indent = 0;
	p.before = before;
	p.keep_last = 1;
	inline_str(&in, VB_FACE_BOLD, s);
	lay_para_slices(l, &in, &p, NULL);
	lay_inline_free(&in);
}

/* Căn cứ lines: italic paragraphs (ô 6). */
static void
can_cu(struct lay *l)
{
	struct lay_inline in = { 0 };
	struct lay_para   p;
	size_t            i;

	for (i = 0; i < l->doc->ncan_cu; i++) {
		para_common(l, &p, l->body);
		inline_str(&in, VB_FACE_ITALIC, l->doc->can_cu[i]);
		lay_para_slices(l, &in, &p, NULL);
		lay_inline_free(&in);
	}
}

/* ---- signature and Nơi nhận (ô 7, 9b) ------------------------------------ */

static void
signature(struct lay *l)
{
	const struct vb_doc *doc = l->doc;
	struct lay_slice    *sl;
	struct lay_inline    in = { 0 };
	double size = l->body, rx, rw, y, yn, nw;
	size_t i, n;

	if (doc->nsig_lines == 0 && doc->signer == NULL && doc->nnoi_nhan == 0)
		return;
	/* Keep the last two lines of the body with the signature. */
	if (l->ns >= 1)
		l->s[l->ns - 1].keep_next = 1;
	if (l->ns >= 2 && l->s[l->ns - 2].before == 0)
		l->s[l->ns - 2].keep_next = 1;
	sl = lay_slice_new(l, 0, 12);
	nw = l->width * 0.45;
	rw = l->width * 0.55;
	rx = l->width - rw;

	/* Right: the authority and position lines, room, then the name. */
	y = lay_baseline(l, size);
	for (i = 0; i < doc->nsig_lines; i++)
		y = centred_lines(l, sl, VB_FACE_BOLD, size, doc->sig_lines[i],
		    rx, rw, y, NULL, LINES_BALANCED);
	if (doc->signer != NULL) {
		y += SIGN_GAP_MM * MM;
		y = centred_lines(l, sl, VB_FACE_BOLD, size, doc->signer, rx, rw,
		    y, NULL, LINES_BALANCED);
	}
	/* Left: "Nơi nhận:" level with the first signature line. */
	yn = lay_baseline(l, size);
	if (doc->nnoi_nhan > 0) {
		static const char lab[] = "Nơi nhận:";

		lay_frag_text(l, sl, VB_FACE_BOLD_ITALIC, NOI_NHAN_PT, 0, yn,
		    lab, strlen(lab), NULL);
		yn += lay_pitch(l, NOI_NHAN_ITEM_PT);
		for (i = 0; i < doc->nnoi_nhan; i++) {
			memset(&in, 0, sizeof(in));
			inline_str(&in, VB_FACE_REGULAR, doc->noi_nhan[i]);
			n = lay_lines_into(l, sl, &in, NOI_NHAN_ITEM_PT, 0, nw,
			    LAY_LEFT, yn, lay_pitch(l, NOI_NHAN_ITEM_PT) * 0.95,
			    NULL);
			yn += n * lay_pitch(l, NOI_NHAN_ITEM_PT) * 0.95;
			lay_inline_free(&in);
		}
	}
	if (yn > y)
		y = yn;
	sl->h = y;
}

/* ---- annexes -------------------------------------------------------------- */

static void
section_geometry(struct lay *l, int landscape)
{
	const struct vb_style *st = &l->doc->style;

	l->pw = landscape ? VB_A4_HEIGHT : VB_A4_WIDTH;
	l->ph = landscape ? VB_A4_WIDTH : VB_A4_HEIGHT;
	l->top = st->margin_mm[0] * MM;
	l->bottom = st->margin_mm[1] * MM;
	l->left = st->margin_mm[2] * MM;
	l->right = st->margin_mm[3] * MM;
	l->width = l->pw - l->left - l->right;
}

static void
new_section(struct lay *l, int landscape)
{
	struct lay_section *sc;

	l->sec = vb_xrealloc(l->sec, (l->nsec + 1) * sizeof(*l->sec));
	sc = &l->sec[l->nsec];
	section_geometry(l, landscape);
	sc->pw = l->pw;
	sc->ph = l->ph;
	sc->number = 1;
	l->pending_section = (int)l->nsec++;
}

static int
annex_landscape(const struct vb_annex *ax)
{
	const struct vb_node *n;

	if (ax->landscape)
		return 1;
	if (ax->body != NULL)
		for (n = ax->body->first; n != NULL; n = n->next)
			if (n->type == VB_NODE_TABLE &&
			    (n->flags & VB_NODE_LANDSCAPE))
				return 1;
	return 0;
}

static void
annex(struct lay *l, const struct vb_annex *ax)
{
	struct lay_slice *sl;
	double            y, w = 0, size = ANNEX_PT;

	new_section(l, annex_landscape(ax));
	sl = lay_slice_new(l, 0, 0);
	sl->keep_next = 1;
	y = lay_baseline(l, size);
	if (ax->label != NULL)
		y = centred_lines(l, sl, VB_FACE_BOLD, size, ax->label, 0,
		    l->width, y, NULL, LINES_BALANCED);
	if (ax->title != NULL)
		y = centred_lines(l, sl, VB_FACE_BOLD, size, ax->title, 0,
		    l->width, y, &w, LINES_BALANCED);
	if (ax->subtitle != NULL)
		y = centred_lines(l, sl, VB_FACE_BOLD, size, ax->subtitle, 0,
		    l->width, y, NULL, LINES_BALANCED);
	if (ax->kem_theo != NULL)
		y = centred_lines(l, sl, VB_FACE_ITALIC, size, ax->kem_theo, 0,
		    l->width, y, NULL, LINES_BALANCED);
	if (w > 0) {
		double ry = y - lay_pitch(l, size) +
		    l->m->descent(l->m->ctx, VB_FACE_REGULAR, size) + RULE_GAP;

		lay_frag_rule(l, sl, (l->width - w * SHORT_RULE) / 2, ry,
		    w * SHORT_RULE, 0, RULE_WIDTH);
		y = ry + 6;
	} else
		y = y - lay_pitch(l, size) + 6;
	sl->h = y;
	if (ax->body != NULL)
		blocks(l, ax->body->first);
}

/* ---- pagination ----------------------------------------------------------- */

struct placed {
	size_t slice;
	double y;            /* top of the slice, from the page top */
};

struct pager {
	struct lay       *l;
	struct vb_page   *page;
	int               section;
	int               pageno;    /* within the section */
	double            y;         /* next free y, from the top margin */
	double            avail;
	struct placed    *pl;        /* slices on the current page */
	size_t            npl, cappl;
};

static void
emit_slice(struct pager *pg, const struct lay_slice *s, double top)
{
	struct lay *l = pg->l;
	size_t      i;

	for (i = 0; i < s->nf; i++) {
		const struct lay_frag *f = &s->f[i];
		double x = l->left + f->x, y = l->top + top + f->y;

		switch (f->kind) {
		case VB_BOX_TEXT: {
			struct vb_box *b = vb_page_text(l->out, pg->page, f->face,
			    f->size, x, y, f->w, f->text, f->len, &f->loc);

			(void)b;
			break;
		}
		case VB_BOX_RULE:
			vb_page_rule(l->out, pg->page, x, y, f->w, f->h, f->lw);
			break;
		case VB_BOX_RECT:
			vb_page_rect(l->out, pg->page, x, y, f->w, f->h, f->lw);
			break;
		default:
			break;
		}
	}
}

/* Writes the placed slices onto the current page and the page number. */
static void
flush_page(struct pager *pg)
{
	struct lay *l = pg->l;
	size_t      i;

	for (i = 0; i < pg->npl; i++)
		emit_slice(pg, &l->s[pg->pl[i].slice], pg->pl[i].y);
	if (pg->pageno >= 2 && l->sec[pg->section].number) {
		char   num[24];
		double size = l->body, w;
		int    n = snprintf(num, sizeof(num), "%d", pg->pageno);

		w = vb_measure_width(l->m, VB_FACE_REGULAR, size, num, (size_t)n);
		/* Centred in the top margin. */
		vb_page_text(l->out, pg->page, VB_FACE_REGULAR, size,
		    l->left + (l->width - w) / 2,
		    l->top / 2 + l->m->ascent(l->m->ctx, VB_FACE_REGULAR,
		    size) / 2, w, num, (size_t)n, NULL);
	}
	pg->npl = 0;
}

static void
open_page(struct pager *pg, int section)
{
	struct lay *l = pg->l;

	if (section != pg->section) {
		pg->section = section;
		pg->pageno = 0;
	}
	section_geometry(l, l->sec[section].pw > l->sec[section].ph);
	pg->page = vb_pages_add(l->out, l->pw, l->ph);
	pg->pageno++;
	pg->y = 0;
	pg->avail = l->ph - l->top - l->bottom;
}

static void
place(struct pager *pg, size_t i)
{
	const struct lay_slice *s = &pg->l->s[i];
	double before = pg->npl == 0 ? 0 : s->before;

	if (pg->npl == pg->cappl) {
		pg->cappl = pg->cappl ? pg->cappl * 2 : 64;
		pg->pl = vb_xrealloc(pg->pl, pg->cappl * sizeof(*pg->pl));
	}
	pg->pl[pg->npl].slice = i;
	pg->pl[pg->npl].y = pg->y + before;
	pg->npl++;
	pg->y += before + s->h;
}

/* Repeats the header rows of table t at the top of a page. */
static void
repeat_header(struct pager *pg, int t)
{
	const struct lay_table *tb = &pg->l->tab[t];
	size_t                  k;

	for (k = 0; k < tb->hdr_n; k++)
		place(pg, tb->hdr_first + k);
}

static void
paginate(struct lay *l)
{
	struct pager pg;
	size_t       i = 0, first = 0, b;

	memset(&pg, 0, sizeof(pg));
	pg.l = l;
	pg.section = -1;
	open_page(&pg, 0);
	while (i < l->ns) {
		const struct lay_slice *s = &l->s[i];
		double before = pg.npl == 0 ? 0 : s->before;

		if (s->newpage && pg.npl > 0) {
			flush_page(&pg);
			open_page(&pg, s->section >= 0 ? s->section : pg.section);
			first = i;
			continue;
		}
		if (s->section >= 0 && s->section != pg.section) {
			/* A new section on an empty page: reopen it. */
			l->out->n--;
			open_page(&pg, s->section);
			first = i;
		}
		/* The first slice of a page is placed even if it is too tall
		 * (repeated table headers do not count). */
		if (pg.y + before + s->h <= pg.avail + 0.01 || i == first) {
			place(&pg, i++);
			continue;
		}
		/* Break before the latest slice that does not keep with the
		 * one before it; a chain back to the page top breaks here. */
		for (b = i; b > first && l->s[b - 1].keep_next; b--)
			;
		if (b == first)
			b = i;
		while (pg.npl > 0 && pg.pl[pg.npl - 1].slice >= b)
			pg.npl--;
		flush_page(&pg);
		open_page(&pg, pg.section);
		first = b;
		i = b;
		if (l->s[b].table >= 0 && !l->s[b].header &&
		    l->tab[l->s[b].table].hdr_n > 0)
			repeat_header(&pg, l->s[b].table);
	}
	flush_page(&pg);
	free(pg.pl);
}

/* ---- certificates (giấy khen) ------------------------------------------- */

/* The double border of our own design, mm inside the page edge. */
#define CERT_BORDER1_MM    10.0
#define CERT_BORDER2_MM    12.0
/* The emblem's place (a square outline, for the logo), top centre. */
#define CERT_EMBLEM_MM     25.0
#define CERT_EMBLEM_TOP_MM 18.0

/*
 * One landscape A4 page: in mau thiet_ke a double border and the
 * emblem's square, then each box of doc->cert_boxes wrapped to its
 * width and aligned in it, its first line's top at y_mm. No page
 * number, none of the ND30 blocks.
 */
static void
cert_page(struct lay *l)
{
	const struct vb_doc *doc = l->doc;
	struct vb_page      *pg;
	struct lay_slice    *sl;
	double               pw = VB_A4_HEIGHT, ph = VB_A4_WIDTH, e;
	size_t               i, k;

	pg = vb_pages_add(l->out, pw, ph);
	if (doc->cert_mode == 1) {
		vb_page_rect(l->out, pg, CERT_BORDER1_MM * MM,
		    CERT_BORDER1_MM * MM, pw - 2 * CERT_BORDER1_MM * MM,
		    ph - 2 * CERT_BORDER1_MM * MM, 1.5);
		vb_page_rect(l->out, pg, CERT_BORDER2_MM * MM,
		    CERT_BORDER2_MM * MM, pw - 2 * CERT_BORDER2_MM * MM,
		    ph - 2 * CERT_BORDER2_MM * MM, 0.5);
		e = CERT_EMBLEM_MM * MM;
		vb_page_rect(l->out, pg, (pw - e) / 2, CERT_EMBLEM_TOP_MM * MM,
		    e, e, 0.5);
	}
	for (i = 0; i < doc->ncert_boxes; i++) {
		const struct vb_cert_box *b = &doc->cert_boxes[i];
		struct lay_inline         in = { 0 };
		enum vb_face              face = lay_face(b->bold, b->italic);
		enum lay_align            al;
		const char               *p, *nl;
		double                    widest;

		if (b->text == NULL || b->text[0] == '\0')
			continue;
		for (p = b->text; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
			lay_inline_add(&in, face, p, (size_t)(nl - p), &b->loc);
			lay_inline_add(&in, face, NULL, 0, NULL);
		}
		lay_inline_add(&in, face, p, strlen(p), &b->loc);
		al = b->align == VB_ALIGN_CENTER ? LAY_CENTER :
		    b->align == VB_ALIGN_RIGHT ? LAY_RIGHT : LAY_LEFT;
		/* The lines go into a scratch slice in page coordinates. */
		sl = lay_slice_new(l, 0, 0);
		lay_lines_into(l, sl, &in, b->size, b->x_mm * MM, b->w_mm * MM,
		    al, b->y_mm * MM + lay_baseline(l, b->size),
		    lay_pitch(l, b->size), &widest);
		lay_inline_free(&in);
		for (k = 0; k < sl->nf; k++) {
			const struct lay_frag *f = &sl->f[k];

			if (f->kind == VB_BOX_TEXT)
				vb_page_text(l->out, pg, f->face, f->size, f->x,
				    f->y, f->w, f->text, f->len, &f->loc);
		}
	}
}

/* ---- entry point ----------------------------------------------------------- */

static void
defaults(struct vb_style *st)
{
	if (st->qh_pt <= 0)
		st->qh_pt = 12;
	if (st->tn_pt <= 0)
		st->tn_pt = 13;
	if (st->date_pt <= 0)
		st->date_pt = 13;
	if (st->body_pt <= 0)
		st->body_pt = 14;
	if (st->margin_mm[0] <= 0)
		st->margin_mm[0] = 20;
	if (st->margin_mm[1] <= 0)
		st->margin_mm[1] = 20;
	if (st->margin_mm[2] <= 0)
		st->margin_mm[2] = 30;
	if (st->margin_mm[3] <= 0)
		st->margin_mm[3] = 15;
	if (st->indent_mm <= 0)
		st->indent_mm = 12.7;
	if (st->line_spacing <= 0)
		st->line_spacing = 1.0;
	if (st->para_space_pt <= 0)
		st->para_space_pt = 6;
}

int
vb_layout(const struct vb_doc *doc, const struct vb_measure *m,
    struct vb_diag *d, struct vb_pages *out, struct vb_layout_stats *stats)
{
	struct lay      l;
	struct vb_doc   copy = *doc;
	size_t          i;

	defaults(&copy.style);
	memset(&l, 0, sizeof(l));
	l.doc = &copy;
	l.m = m;
	l.d = d;
	l.out = out;
	l.a = out->arena;
	l.stats = stats;
	l.pending_section = -1;
	l.body = copy.style.body_pt;
	l.pitch_factor = SINGLE_PITCH * copy.style.line_spacing;
	if (stats != NULL)
		memset(stats, 0, sizeof(*stats));
	out->title = doc->info_title;
	out->author = doc->info_author;

	if (copy.cert_mode != 0) {
		l.pitch_factor = SINGLE_PITCH;
		cert_page(&l);
		goto done;
	}
	new_section(&l, 0);
	header_block(&l);
	title_block(&l);
	kinh_gui(&l);
	if (copy.tham_quyen != NULL)
		centred_para(&l, copy.tham_quyen, 6);
	can_cu(&l);
	if (copy.mo_dieu != NULL)
		centred_para(&l, copy.mo_dieu, copy.style.para_space_pt);
	if (doc->body != NULL)
		blocks(&l, doc->body->first);
	signature(&l);
	for (i = 0; i < doc->nannexes; i++)
		annex(&l, &doc->annexes[i]);

	paginate(&l);
done:
	for (i = 0; i < l.ns; i++)
		free(l.s[i].f);
	free(l.s);
	free(l.sec);
	free(l.tab);
	return 0;
}
