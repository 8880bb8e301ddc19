/*
 * doc_build.c — md4c callbacks → the vb_node tree (stage 4 of STYLE.md
 * §2.3).
 *
 * The template syntax this builder gives meaning to:
 *
 *   # I. TITLE            section level 1 (Roman, bold, upper case)
 *   ## 1. Title           level 2;  ### 1.1. Title  level 3;
 *   #### a) Title         level 4.  A written label is split off into
 *                         as.heading.label; without one, nd30.c numbers
 *                         the heading. ##### and deeper are errors.
 *   - item / + item       "- " and "+ " items keep their mark
 *   1. item               numbered items ("1.", or "1)")
 *   *x* / **x**           italic / bold
 *   line\ (or two spaces) hard line break
 *   \newpage              a paragraph holding only this: a page break
 *                         (\pagebreak is accepted too)
 *   \phuluc [ngang]       a paragraph starting an annex: its next line
 *   TITLE                 is the title, any further lines the subtitle;
 *   Subtitle …            "ngang" (landscape) turns the annex sideways.
 *
 * Raw HTML is off (MD_FLAG_NOHTML), so "<" and "&" stay text; so are
 * pipe tables and strikethrough. Indented code is off (an indented
 * paragraph is still a paragraph). Block quotes, fenced code, thematic
 * breaks and images are errors: an official document has none.
 *
 * Each sentinel code point in the text (tpl.h) becomes its slot's text:
 * a TEXT node flagged VB_NODE_VALUE, located at the {{ }} expression.
 * Nothing in a value is parsed, so it can never open structure.
 */
#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#include "doc.h"
#include "diag.h"
#include "tpl.h"
#include "vi.h"

/* Deepest nesting of lists and spans kept; deeper input is an error
 * (protects every recursive walk over the tree). */
#define MAX_DEPTH 32

/* A soft line break, kept as a TEXT node with this private flag until
 * its block is finished (the \phuluc directive needs the lines). */
#define F_SOFT 0x8000

struct entry {
	struct vb_node *n;        /* NULL: transparent (nothing was made) */
	int             implicit; /* a PARA opened for a tight list item */
	int             skip;     /* drop text inside (code, image) */
	int             span;     /* opened by enter_span */
};

struct builder {
	struct vb_doc          *doc;
	struct vb_arena        *a;
	const struct vb_merged *m;
	struct vb_vi           *vi;
	struct vb_diag         *d;
	struct vb_node         *root;     /* the body, or the current annex */
	struct vb_annex        *annex;    /* the current annex, or NULL */
	size_t                  annex_cap;
	struct entry            stack[MAX_DEPTH + 1];
	int                     depth;    /* entries in use */
	int                     dropped;  /* nesting beyond MAX_DEPTH */
	int                     skip;
	int                     failed;
	enum vb_err             pending;  /* block error waiting for a loc */
	const char             *pending_what;
	size_t                  md_pos;   /* last offset seen in m->md */
	struct vb_loc           last;     /* last location seen */
};

/* ---- helpers ------------------------------------------------------------- */

static void
report(struct builder *b, enum vb_err code, const struct vb_loc *loc,
    const char *what)
{
	b->failed = 1;
	if (what != NULL)
		vb_diag(b->d, code, loc, "%s", what);
	else
		vb_diag(b->d, code, loc, NULL);
}

/* A block error is reported at the first text inside the block, which is
 * the only place md4c tells us where we are. */
static void
defer(struct builder *b, enum vb_err code, const char *what)
{
	if (b->pending == 0) {
		b->pending = code;
		b->pending_what = what;
	}
}

static void
flush_pending(struct builder *b, const struct vb_loc *loc)
{
	if (b->pending != 0) {
		report(b, b->pending, loc, b->pending_what);
		b->pending = 0;
	}
}

static struct vb_loc
md_loc(struct builder *b, const char *text, size_t size)
{
	struct vb_loc loc = b->last;
	const char   *base = b->m->md.data;

	if (text >= base && text <= base + b->m->md.len) {
		b->md_pos = (size_t)(text - base);
		if (vb_merged_loc(b->m, b->md_pos, &loc) == 0) {
			if (loc.len == 0 || loc.len > size)
				loc.len = (uint32_t)size;
			b->last = loc;
		} else
			loc = b->last;
	}
	return loc;
}

/* The innermost node made (not transparent), or the current root. */
static struct vb_node *
top(struct builder *b)
{
	int i;

	for (i = b->depth - 1; i >= 0; i--)
		if (b->stack[i].n != NULL)
			return b->stack[i].n;
	return b->root;
}

static int
is_container(const struct vb_node *n)
{
	return n->type == VB_NODE_ROOT || n->type == VB_NODE_ITEM;
}

/* Gives every ancestor still without a location this one. */
static void
set_locs(struct vb_node *n, const struct vb_loc *loc)
{
	for (; n != NULL && n->type != VB_NODE_ROOT; n = n->parent)
		if (n->loc.src == 0)
			n->loc = *loc;
}

static void
push(struct builder *b, struct vb_node *n, int implicit, int skip, int span)
{
	if (b->depth >= MAX_DEPTH) {
		b->dropped++;
		if (b->dropped == 1) {
			b->failed = 1;
			vb_diag(b->d, VB_ERR_LIMIT, &b->last,
			    "lists and emphasis nested more than %d deep",
			    MAX_DEPTH);
		}
		return;
	}
	b->stack[b->depth].n = n;
	b->stack[b->depth].implicit = implicit;
	b->stack[b->depth].skip = skip;
	b->stack[b->depth].span = span;
	b->skip += skip;
	b->depth++;
}

static void finish_block(struct builder *, struct vb_node *, int);

static struct entry
pop(struct builder *b)
{
	struct entry e = { NULL, 0, 0, 0 };

	if (b->dropped > 0) {
		b->dropped--;
		return e;
	}
	if (b->depth == 0)
		return e;
	e = b->stack[--b->depth];
	b->skip -= e.skip;
	return e;
}

/*
 * md4c 0.4.8 can report spans out of order (a leave_span for an outer
 * span while an inner one is open, and the missing leaves after the
 * block's text). Spans still open when a block event comes are closed
 * here, so that a block event always meets a block on the stack.
 */
static void
close_spans(struct builder *b)
{
	struct entry e;

	while (b->dropped == 0 && b->depth > 0 && b->stack[b->depth - 1].span) {
		e = pop(b);
		if (e.n != NULL && e.n->first == NULL)
			vb_node_unlink(e.n);
	}
}

/* Closes the PARA opened for a tight list item, if it is on top. */
static void
close_implicit(struct builder *b)
{
	struct entry e;

	close_spans(b);
	if (b->dropped == 0 && b->depth > 0 &&
	    b->stack[b->depth - 1].implicit) {
		e = pop(b);
		finish_block(b, e.n, 0);
		close_spans(b);
	}
}

/* The node inline content goes into: a tight list item (or the root,
 * under a dropped list) gets a paragraph opened for it. */
static struct vb_node *
inline_parent(struct builder *b)
{
	struct vb_node *p = top(b), *para;

	if (!is_container(p))
		return p;
	para = vb_node_new(b->a, VB_NODE_PARA, NULL);
	vb_node_append(p, para);
	push(b, para, 1, 0, 0);
	return para;
}

/* ---- text ---------------------------------------------------------------- */

static struct vb_node *
add_text(struct builder *b, struct vb_node *parent, const char *s, size_t n,
    const struct vb_loc *loc, unsigned flags)
{
	struct vb_node *t = vb_node_text(b->a, parent, s, n, loc);

	t->flags |= flags;
	set_locs(parent, loc);
	return t;
}

/* A value's text: line feeds become hard breaks, other controls spaces. */
static void
add_value(struct builder *b, struct vb_node *parent, const char *s, size_t n,
    const struct vb_loc *loc, unsigned flags)
{
	struct vb_buf buf = VB_BUF_INIT;
	size_t        i;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '\n') {
			if (buf.len > 0)
				add_text(b, parent, buf.data, buf.len, loc,
				    flags);
			vb_buf_reset(&buf);
			if (i < n)
				vb_node_append(parent,
				    vb_node_new(b->a, VB_NODE_BREAK, loc));
			continue;
		}
		if (s[i] == '\r')
			continue;
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			vb_buf_putc(&buf, ' ');
		else
			vb_buf_putc(&buf, s[i]);
	}
	vb_buf_free(&buf);
}

static void
make_cells(struct builder *b, struct vb_node *row,
    const struct vb_table_row *r, size_t ncols)
{
	struct vb_node *c;
	size_t          i;

	for (i = 0; i < ncols; i++) {
		const struct vb_table_cell *tc = &r->cells[i];

		c = vb_node_new(b->a, VB_NODE_CELL, &tc->loc);
		c->as.cell.colspan = tc->colspan;
		c->as.cell.rowspan = tc->rowspan;
		c->as.cell.align = tc->align;
		c->as.cell.covered = tc->covered;
		if (r->flags & (VB_TROW_HEADER | VB_TROW_TOTAL))
			c->flags |= VB_NODE_BOLD;
		vb_node_append(row, c);
		if (!tc->covered && tc->text != NULL && tc->len > 0)
			add_value(b, c, tc->text, tc->len, &tc->loc,
			    tc->data_loc.src != 0 ? VB_NODE_VALUE : 0);
	}
}

static struct vb_node *
make_table(struct builder *b, const struct vb_table_out *t)
{
	struct vb_node *tn, *row;
	size_t          i;

	tn = vb_node_new(b->a, VB_NODE_TABLE, &t->loc);
	tn->flags |= VB_NODE_GENERATED;
	tn->as.table.ncols = t->ncols;
	tn->as.table.cols = vb_arena_alloc(b->a,
	    (t->ncols ? t->ncols : 1) * sizeof(*tn->as.table.cols));
	if (t->cols != NULL && t->ncols > 0)
		memcpy(tn->as.table.cols, t->cols,
		    t->ncols * sizeof(*tn->as.table.cols));
	tn->as.table.nheader = t->nheader;
	tn->as.table.font_pt = t->font_pt;
	for (i = 0; i < t->nrows; i++) {
		row = vb_node_new(b->a, VB_NODE_ROW, &t->loc);
		if (t->rows[i].flags & VB_TROW_HEADER)
			row->flags |= VB_NODE_HEADER;
		if (t->rows[i].flags & VB_TROW_TOTAL)
			row->flags |= VB_NODE_TOTAL | VB_NODE_BOLD;
		vb_node_append(tn, row);
		make_cells(b, row, &t->rows[i], t->ncols);
	}
	if (t->landscape) {
		tn->flags |= VB_NODE_LANDSCAPE;
		if (b->annex != NULL)
			b->annex->landscape = 1;
		else
			vb_diag(b->d, VB_WARN_DOC_LANDSCAPE, &t->loc, NULL);
	}
	return tn;
}

/* A table slot: its own block. If it sits inside a paragraph, the
 * paragraph is split around it. */
static void
put_table(struct builder *b, const struct vb_slot *slot)
{
	struct vb_node *p = top(b), *tn, *rest;
	struct entry   *e = b->depth > 0 ? &b->stack[b->depth - 1] : NULL;

	if (is_container(p)) {
		vb_node_append(p, make_table(b, slot->table));
		return;
	}
	if (p->type != VB_NODE_PARA || e == NULL || e->n != p ||
	    b->dropped > 0 || !is_container(p->parent)) {
		report(b, VB_ERR_DOC_TABLE_PLACE, &slot->loc, NULL);
		return;
	}
	tn = make_table(b, slot->table);
	vb_node_insert_after(p, tn);
	rest = vb_node_new(b->a, VB_NODE_PARA, NULL);
	vb_node_insert_after(tn, rest);
	e->n = rest;
	finish_block(b, p, 0);
}

/* Splits normal text on sentinels. */
static void
put_text(struct builder *b, const char *s, size_t n)
{
	struct vb_node *parent = NULL;
	struct vb_loc   l;
	size_t          i = 0, start = 0, k;
	uint32_t        cp;
	long            slot;

	while (i < n) {
		k = vb_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || (slot = vb_tpl_slot_index(cp)) < 0) {
			i += k ? k : 1;
			continue;
		}
		if (i > start) {
			l = md_loc(b, s + start, i - start);
			if (parent == NULL)
				parent = inline_parent(b);
			add_text(b, parent, s + start, i - start, &l, 0);
		}
		if ((size_t)slot >= b->m->nslots) {
			l = md_loc(b, s + i, k);
			report(b, VB_ERR_DOC_SLOT, &l, NULL);
		} else if (b->m->slots[slot].table != NULL) {
			put_table(b, &b->m->slots[slot]);
			parent = NULL;
		} else {
			const struct vb_slot *sl = &b->m->slots[slot];

			if (parent == NULL)
				parent = inline_parent(b);
			add_value(b, parent, sl->text ? sl->text : "",
			    sl->text ? sl->len : 0, &sl->loc, VB_NODE_VALUE);
			set_locs(parent, &sl->loc);
		}
		i += k;
		start = i;
	}
	if (n > start) {
		l = md_loc(b, s + start, n - start);
		if (parent == NULL)
			parent = inline_parent(b);
		add_text(b, parent, s + start, n - start, &l, 0);
	}
}

/* The named character references an office text plausibly uses; any
 * other name stays literal text, as CommonMark says for unknown names. */
static const struct {
	const char *name;
	uint32_t    cp;
} entities[] = {
	{ "AElig", 0xC6 }, { "amp", '&' }, { "apos", '\'' },
	{ "bdquo", 0x201E },
	{ "bull", 0x2022 }, { "copy", 0xA9 }, { "deg", 0xB0 },
	{ "divide", 0xF7 }, { "emsp", 0x2003 }, { "ensp", 0x2002 },
	{ "euro", 0x20AC }, { "frac12", 0xBD }, { "frac14", 0xBC },
	{ "frac34", 0xBE }, { "ge", 0x2265 }, { "gt", '>' },
	{ "hellip", 0x2026 }, { "laquo", 0xAB }, { "larr", 0x2190 },
	{ "ldquo", 0x201C }, { "le", 0x2264 }, { "lsquo", 0x2018 },
	{ "lt", '<' }, { "mdash", 0x2014 }, { "middot", 0xB7 },
	{ "minus", 0x2212 }, { "nbsp", 0xA0 }, { "ndash", 0x2013 },
	{ "ne", 0x2260 }, { "para", 0xB6 }, { "plusmn", 0xB1 },
	{ "quot", '"' }, { "raquo", 0xBB }, { "rarr", 0x2192 },
	{ "rdquo", 0x201D }, { "reg", 0xAE }, { "rsquo", 0x2019 },
	{ "sbquo", 0x201A }, { "sect", 0xA7 }, { "shy", 0xAD },
	{ "thinsp", 0x2009 }, { "times", 0xD7 }, { "trade", 0x2122 },
};

/* Decodes "&name;", "&#123;" or "&#x1F;" into buf; unknown names are
 * copied as they are. Code points that are not characters, and those
 * reserved for sentinels, become U+FFFD. */
static void
decode_entity(const char *s, size_t n, struct vb_buf *buf)
{
	uint32_t cp = 0;
	size_t   i;

	if (n >= 4 && s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';

		for (i = hex ? 3 : 2; i < n - 1; i++) {
			int c = (unsigned char)s[i], v;

			if (c >= '0' && c <= '9')
				v = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				v = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				v = c - 'A' + 10;
			else
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)v;
			if (cp > 0x10FFFF)
				cp = 0x110000;
		}
		if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) ||
		    cp >= 0xF0000)
			cp = 0xFFFD;
		vb_buf_put_cp(buf, cp);
		return;
	}
	if (n >= 3)
		for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
			if (strlen(entities[i].name) == n - 2 &&
			    memcmp(entities[i].name, s + 1, n - 2) == 0) {
				vb_buf_put_cp(buf, entities[i].cp);
				return;
			}
	vb_buf_put(buf, s, n);
}

/* ---- finishing a block: directives, labels, merging ---------------------- */

static int
is_author_text(const struct vb_node *n)
{
	return n != NULL && n->type == VB_NODE_TEXT &&
	    (n->flags & (VB_NODE_VALUE | F_SOFT)) == 0;
}

/* Soft breaks become spaces and neighbouring template text is joined;
 * the text is put in NFC. */
static void
merge_runs(struct builder *b, struct vb_node *n, int depth)
{
	struct vb_node *c, *next, *run;
	struct vb_buf   buf = VB_BUF_INIT, nfc = VB_BUF_INIT;

	for (c = n->first; c != NULL; c = c->next)
		if (c->flags & F_SOFT) {
			c->flags &= ~(unsigned)F_SOFT;
			c->as.text.s = " ";
			c->as.text.len = 1;
		} else if (c->first != NULL && depth < MAX_DEPTH)
			merge_runs(b, c, depth + 1);
	for (c = n->first; c != NULL; c = next) {
		next = c->next;
		if (!is_author_text(c))
			continue;
		run = c;
		vb_buf_reset(&buf);
		vb_buf_put(&buf, c->as.text.s, c->as.text.len);
		while (is_author_text(next) && next->flags == run->flags) {
			struct vb_node *t = next;

			vb_buf_put(&buf, t->as.text.s, t->as.text.len);
			if (t->loc.src == run->loc.src &&
			    t->loc.off + t->loc.len > run->loc.off)
				run->loc.len = t->loc.off + t->loc.len -
				    run->loc.off;
			next = t->next;
			vb_node_unlink(t);
		}
		if (b->vi != NULL && buf.len > 0 &&
		    !vi_is_nfc(b->vi, buf.data, buf.len)) {
			vb_buf_reset(&nfc);
			if (vi_nfc(b->vi, buf.data, buf.len, &nfc, NULL) == 0) {
				vb_buf_reset(&buf);
				vb_buf_put(&buf, nfc.data, nfc.len);
			}
		}
		run->as.text.s = vb_arena_strndup(b->a,
		    buf.data ? buf.data : "", buf.len);
		run->as.text.len = buf.len;
	}
	vb_buf_free(&buf);
	vb_buf_free(&nfc);
}

/* Drops soft breaks and blanks at the two ends of a block. */
static void
trim_ends(struct vb_node *n)
{
	while (n->first != NULL && (n->first->flags & F_SOFT))
		vb_node_unlink(n->first);
	while (n->last != NULL && (n->last->flags & F_SOFT))
		vb_node_unlink(n->last);
}

/* Appends the text of n's subtree, soft breaks as spaces. */
static void
flatten(const struct vb_node *n, struct vb_buf *out, int depth)
{
	const struct vb_node *c;

	if (n->type == VB_NODE_TEXT && (n->flags & F_SOFT)) {
		vb_buf_putc(out, ' ');
		return;
	}
	if (n->type == VB_NODE_TEXT) {
		vb_buf_put(out, n->as.text.s, n->as.text.len);
		return;
	}
	if (n->type == VB_NODE_BREAK) {
		vb_buf_putc(out, ' ');
		return;
	}
	if (depth < MAX_DEPTH)
		for (c = n->first; c != NULL; c = c->next)
			flatten(c, out, depth + 1);
}

static const char *
trimmed(struct builder *b, struct vb_buf *buf)
{
	size_t s = 0, e = buf->len;

	while (s < e && (buf->data[s] == ' ' || buf->data[s] == '\t'))
		s++;
	while (e > s && (buf->data[e - 1] == ' ' || buf->data[e - 1] == '\t'))
		e--;
	return vb_arena_strndup(b->a, buf->data ? buf->data + s : "", e - s);
}

static void
start_annex(struct builder *b, struct vb_node *p, const char *opts,
    size_t optlen)
{
	struct vb_doc   *doc = b->doc;
	struct vb_annex *x;
	struct vb_node  *c, *line_start;
	struct vb_buf    buf = VB_BUF_INIT;
	size_t           i, j;
	int              landscape = 0;

	/* Options: words after \phuluc on its line. */
	for (i = 0; i < optlen; i = j) {
		while (i < optlen && (opts[i] == ' ' || opts[i] == '\t'))
			i++;
		for (j = i; j < optlen && opts[j] != ' ' && opts[j] != '\t';)
			j++;
		if (j == i)
			break;
		if ((j - i == 5 && memcmp(opts + i, "ngang", 5) == 0) ||
		    (j - i == 9 && memcmp(opts + i, "landscape", 9) == 0))
			landscape = 1;
		else if ((j - i == 3 && memcmp(opts + i, "doc", 3) == 0) ||
		    (j - i == 8 && memcmp(opts + i, "portrait", 8) == 0))
			landscape = 0;
		else {
			struct vb_loc l = p->first->loc;

			vb_diag(b->d, VB_ERR_DOC_ANNEX, &l,
			    "unknown option '%.*s' of \\phuluc; write "
			    "\"\\phuluc ngang\" for a landscape annex",
			    (int)(j - i), opts + i);
			b->failed = 1;
		}
	}
	if (doc->nannexes == b->annex_cap) {
		struct vb_annex *nv;

		b->annex_cap = b->annex_cap ? 2 * b->annex_cap : 4;
		nv = vb_arena_alloc(b->a, b->annex_cap * sizeof(*nv));
		if (doc->nannexes > 0)
			memcpy(nv, doc->annexes, doc->nannexes * sizeof(*nv));
		doc->annexes = nv;
	}
	x = &doc->annexes[doc->nannexes++];
	memset(x, 0, sizeof(*x));
	x->loc = p->loc;
	x->landscape = landscape;
	x->body = vb_node_new(b->a, VB_NODE_ROOT, &p->loc);
	/* Title: the second line; subtitle: the rest. */
	for (c = p->first; c != NULL && !(c->flags & F_SOFT) &&
	    c->type != VB_NODE_BREAK; c = c->next)
		;
	line_start = c != NULL ? c->next : NULL;
	for (c = line_start; c != NULL && !(c->flags & F_SOFT) &&
	    c->type != VB_NODE_BREAK; c = c->next)
		flatten(c, &buf, 0);
	x->title = trimmed(b, &buf);
	vb_buf_reset(&buf);
	if (c != NULL)
		for (c = c->next; c != NULL; c = c->next)
			flatten(c, &buf, 0);
	x->subtitle = trimmed(b, &buf);
	if (x->subtitle[0] == '\0')
		x->subtitle = NULL;
	if (x->title[0] == '\0') {
		report(b, VB_ERR_DOC_ANNEX, &p->loc,
		    "\\phuluc needs the annex title on its next line");
		x->title = "PHỤ LỤC";
	}
	vb_buf_free(&buf);
	vb_node_unlink(p);
	b->annex = x;
	b->root = x->body;
}

/* A paragraph whose text starts with "\word" is a directive. Returns 1
 * if p was one (it is then unlinked or replaced). */
static int
directive(struct builder *b, struct vb_node *p)
{
	struct vb_node *f = p->first, *pb;
	const char     *s;
	size_t          n, w, e;

	if (!is_author_text(f) || f->as.text.len < 2 ||
	    f->as.text.s[0] != '\\')
		return 0;
	s = f->as.text.s;
	n = f->as.text.len;
	for (w = 1; w < n && ((s[w] >= 'a' && s[w] <= 'z') ||
	    (s[w] >= 'A' && s[w] <= 'Z') || s[w] == '_'); w++)
		;
	if (w == 1)
		return 0;
	if ((w == 8 && memcmp(s, "\\newpage", 8) == 0) ||
	    (w == 10 && memcmp(s, "\\pagebreak", 10) == 0)) {
		for (e = w; e < n && (s[e] == ' ' || s[e] == '\t'); e++)
			;
		if (e != n || f->next != NULL) {
			report(b, VB_ERR_DOC_DIRECTIVE, &f->loc,
			    "\\newpage must stand alone in its paragraph");
			return 0;
		}
		pb = vb_node_new(b->a, VB_NODE_PAGEBREAK, &p->loc);
		vb_node_insert_after(p, pb);
		vb_node_unlink(p);
		return 1;
	}
	if (w == 7 && memcmp(s, "\\phuluc", 7) == 0) {
		if (w < n && s[w] != ' ' && s[w] != '\t') {
			report(b, VB_ERR_DOC_DIRECTIVE, &f->loc, NULL);
			return 0;
		}
		start_annex(b, p, s + w, n - w);
		return 1;
	}
	{
		struct vb_loc l = f->loc;

		l.len = (uint32_t)w;
		vb_diag(b->d, VB_ERR_DOC_DIRECTIVE, &l,
		    "%.*s; the directives are \\newpage and \\phuluc",
		    (int)w, s);
		b->failed = 1;
	}
	return 0;
}

/* Length of a heading label at the start of s ("I.", "12.", "1.1.",
 * "a)", "đ)"), followed by a blank or the end; 0 if there is none. */
static size_t
label_len(const char *s, size_t n)
{
	size_t i = 0;

	if (n > 0 && strchr("IVXLC", s[0]) != NULL) {
		while (i < n && strchr("IVXLC", s[i]) != NULL)
			i++;
		if (i < n && s[i] == '.')
			goto end;
		i = 0;
	}
	if (n > 0 && s[0] >= '0' && s[0] <= '9') {
		for (;;) {
			while (i < n && s[i] >= '0' && s[i] <= '9')
				i++;
			if (i >= n || s[i] != '.')
				return 0;
			if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
				i++;
				continue;
			}
			goto end;
		}
	}
	if (n >= 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] == ')') {
		i = 1;
		goto end;
	}
	if (n >= 3 && memcmp(s, "đ)", 3) == 0) {
		i = 2;
		goto end;
	}
	return 0;
end:
	i++;   /* the '.' or ')' */
	if (i < n && s[i] != ' ' && s[i] != '\t')
		return 0;
	return i;
}

static void
split_label(struct builder *b, struct vb_node *h)
{
	struct vb_node *t = h->first;
	size_t          k, rest;

	if (t != NULL && (t->type == VB_NODE_STRONG || t->type == VB_NODE_EMPH))
		t = t->first;
	if (!is_author_text(t))
		return;
	if ((k = label_len(t->as.text.s, t->as.text.len)) == 0)
		return;
	h->as.heading.label = vb_arena_strndup(b->a, t->as.text.s, k);
	rest = k;
	while (rest < t->as.text.len &&
	    (t->as.text.s[rest] == ' ' || t->as.text.s[rest] == '\t'))
		rest++;
	t->as.text.s += rest;
	t->as.text.len -= rest;
	t->loc.off += (uint32_t)rest;
	t->loc.len = t->loc.len > rest ? t->loc.len - (uint32_t)rest : 0;
	if (t->as.text.len == 0) {
		struct vb_node *par = t->parent;

		vb_node_unlink(t);
		if (par != h && par->first == NULL)
			vb_node_unlink(par);
	}
}

/* Finishes a PARA or HEADING once its content is complete. */
static void
finish_block(struct builder *b, struct vb_node *n, int at_leave)
{
	if (n == NULL)
		return;
	trim_ends(n);
	if (n->type == VB_NODE_PARA && n->first == NULL) {
		vb_node_unlink(n);
		return;
	}
	if (at_leave && n->type == VB_NODE_PARA &&
	    n->parent != NULL && n->parent->type == VB_NODE_ROOT &&
	    directive(b, n))
		return;
	merge_runs(b, n, 0);
	if (n->type == VB_NODE_HEADING)
		split_label(b, n);
}

/* ---- md4c callbacks ------------------------------------------------------ */

static struct vb_node *
new_block(struct builder *b, enum vb_node_type t)
{
	struct vb_node *n = vb_node_new(b->a, t, NULL);

	vb_node_append(top(b), n);
	push(b, n, 0, 0, 0);
	return n;
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct builder *b = ud;
	struct vb_node *p, *n;

	if (type == MD_BLOCK_DOC)
		return 0;
	close_implicit(b);
	p = top(b);
	switch (type) {
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		n = new_block(b, VB_NODE_LIST);
		if (type == MD_BLOCK_OL) {
			MD_BLOCK_OL_DETAIL *ol = detail;

			n->as.list.ordered = ol->mark_delimiter == ')' ? 2 : 1;
			n->as.list.start = (int)(ol->start > 1000000000u ?
			    1000000000u : ol->start);
		} else {
			MD_BLOCK_UL_DETAIL *ul = detail;

			n->as.list.ordered = 0;
			n->as.list.start = ul->mark == '+' ? '+' : '-';
		}
		break;
	case MD_BLOCK_LI:
		if (p->type != VB_NODE_LIST) {
			push(b, NULL, 0, 0, 0);
			break;
		}
		n = new_block(b, VB_NODE_ITEM);
		if (p->as.list.ordered) {
			int k = 0;
			struct vb_node *c;

			for (c = p->first; c != n; c = c->next)
				k++;
			n->as.item.label = vb_arena_printf(b->a, "%ld%c",
			    (long)p->as.list.start + k,
			    p->as.list.ordered == 2 ? ')' : '.');
		} else
			n->as.item.label = p->as.list.start == '+' ? "+" : "-";
		break;
	case MD_BLOCK_H: {
		MD_BLOCK_H_DETAIL *h = detail;

		if (p->type != VB_NODE_ROOT) {
			defer(b, VB_ERR_DOC_UNSUPPORTED,
			    "a heading inside a list item");
			new_block(b, VB_NODE_PARA);
			break;
		}
		n = new_block(b, VB_NODE_HEADING);
		n->as.heading.level = (int)h->level;
		if (h->level > 4) {
			defer(b, VB_ERR_DOC_HEADING, NULL);
			n->as.heading.level = 4;
		}
		break;
	}
	case MD_BLOCK_P:
		new_block(b, VB_NODE_PARA);
		break;
	case MD_BLOCK_QUOTE:
		defer(b, VB_ERR_DOC_UNSUPPORTED,
		    "a block quote (\"> \"); write a plain paragraph");
		push(b, NULL, 0, 0, 0);
		break;
	case MD_BLOCK_HR:
		defer(b, VB_ERR_DOC_UNSUPPORTED,
		    "a thematic break (***, ---, ___); write \\newpage for a "
		    "page break");
		push(b, NULL, 0, 0, 0);
		break;
	case MD_BLOCK_CODE:
		defer(b, VB_ERR_DOC_UNSUPPORTED,
		    "a code block; a data table is a ```table block");
		push(b, NULL, 0, 1, 0);
		break;
	default:
		defer(b, VB_ERR_DOC_UNSUPPORTED, "raw HTML or a pipe table");
		push(b, NULL, 0, 1, 0);
		break;
	}
	return 0;
}

/* The line after offset from in the expanded Markdown that is a thematic
 * break, for locating an HR (md4c gives blocks no offsets). */
static int
find_hr(struct builder *b, struct vb_loc *loc)
{
	const char *s = b->m->md.data;
	size_t      n = b->m->md.len, i = b->md_pos, j, cnt;
	char        ch;

	while (i < n) {
		while (i < n && s[i] != '\n')
			i++;
		if (i >= n)
			break;
		i++;
		for (j = i; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		if (j >= n || (s[j] != '*' && s[j] != '-' && s[j] != '_'))
			continue;
		ch = s[j];
		for (cnt = 0; j < n && s[j] != '\n'; j++)
			if (s[j] == ch)
				cnt++;
			else if (s[j] != ' ' && s[j] != '\t')
				break;
		if (cnt >= 3 && (j >= n || s[j] == '\n')) {
			b->md_pos = i;
			return vb_merged_loc(b->m, i, loc);
		}
	}
	return -1;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct builder *b = ud;
	struct entry    e;
	struct vb_loc   loc;

	(void)detail;
	if (type == MD_BLOCK_DOC) {
		close_implicit(b);
		return 0;
	}
	close_implicit(b);
	if (b->pending != 0) {
		loc = b->last;
		if (type == MD_BLOCK_HR && find_hr(b, &loc) == 0)
			loc.len = 3;
		flush_pending(b, &loc);
	}
	e = pop(b);
	if (e.n != NULL && (e.n->type == VB_NODE_PARA ||
	    e.n->type == VB_NODE_HEADING))
		finish_block(b, e.n, 1);
	else if (e.n != NULL && e.n->type == VB_NODE_LIST &&
	    !e.n->as.list.ordered)
		e.n->as.list.start = 0;   /* held the bullet mark meanwhile */
	return 0;
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct builder *b = ud;
	struct vb_node *p, *n;

	(void)detail;
	if (b->skip) {
		push(b, NULL, 0, 0, 1);
		return 0;
	}
	switch (type) {
	case MD_SPAN_EM:
	case MD_SPAN_STRONG:
		p = inline_parent(b);
		n = vb_node_new(b->a, type == MD_SPAN_EM ? VB_NODE_EMPH :
		    VB_NODE_STRONG, NULL);
		vb_node_append(p, n);
		push(b, n, 0, 0, 1);
		break;
	case MD_SPAN_IMG:
		defer(b, VB_ERR_DOC_UNSUPPORTED, "an image");
		(void)inline_parent(b);
		push(b, NULL, 0, 1, 1);
		break;
	default:                 /* links and code spans keep their text */
		/* Open a tight item's paragraph before the span, not inside
		 * it: a paragraph pushed above the span would take its leave
		 * and then the item's (a fuzzer found a list left open). */
		(void)inline_parent(b);
		push(b, NULL, 0, 0, 1);
		break;
	}
	return 0;
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct builder *b = ud;
	struct entry    e;

	(void)type;
	(void)detail;
	if (type == MD_SPAN_IMG && b->pending != 0)
		flush_pending(b, &b->last);
	/* A leave without its span open (see close_spans) is dropped. */
	if (b->dropped == 0 && (b->depth == 0 || !b->stack[b->depth - 1].span))
		return 0;
	e = pop(b);
	if (e.n != NULL && e.n->first == NULL)
		vb_node_unlink(e.n);
	return 0;
}

static int
text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *ud)
{
	struct builder *b = ud;
	struct vb_loc   loc = md_loc(b, s, size);
	struct vb_buf   buf = VB_BUF_INIT;
	struct vb_node *p;

	flush_pending(b, &loc);
	if (b->skip)
		return 0;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		add_text(b, inline_parent(b), "\xEF\xBF\xBD", 3, &loc, 0);
		break;
	case MD_TEXT_BR:
		p = inline_parent(b);
		vb_node_append(p, vb_node_new(b->a, VB_NODE_BREAK, &loc));
		break;
	case MD_TEXT_SOFTBR:
		p = inline_parent(b);
		add_text(b, p, "\n", 1, &loc, F_SOFT);
		break;
	case MD_TEXT_ENTITY:
		decode_entity(s, size, &buf);
		add_text(b, inline_parent(b), buf.data, buf.len, &loc, 0);
		vb_buf_free(&buf);
		break;
	default:
		put_text(b, s, size);
		break;
	}
	return 0;
}

/* ---- entry point --------------------------------------------------------- */

int
vb_doc_build(struct vb_doc *doc, const struct vb_merged *m, struct vb_vi *vi,
    struct vb_diag *d)
{
	struct builder *b;
	MD_PARSER       parser;
	size_t          bad;
	int             rc = -1, r;
	struct vb_loc   loc = { m->src, 0, 0, NULL };

	b = vb_xcalloc(1, sizeof(*b));
	b->doc = doc;
	b->a = doc->arena;
	b->m = m;
	b->vi = vi;
	b->d = d;
	b->last = loc;
	doc->body = b->root = vb_node_new(b->a, VB_NODE_ROOT, &loc);
	doc->annexes = NULL;
	doc->nannexes = 0;
	if (m->md.data == NULL || m->md.len == 0) {
		rc = 0;
		goto out;
	}
	if ((bad = vb_utf8_check(m->md.data, m->md.len)) != m->md.len) {
		vb_merged_loc(m, bad, &loc);
		vb_diag(d, VB_ERR_UTF8, &loc, NULL);
		goto out;
	}
	if (m->md.len > 0x7FFFFFFFu) {
		vb_diag(d, VB_ERR_LIMIT, &loc, "expanded text over 2 GB");
		goto out;
	}
	memset(&parser, 0, sizeof(parser));
	parser.flags = MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS;
	parser.enter_block = enter_block;
	parser.leave_block = leave_block;
	parser.enter_span = enter_span;
	parser.leave_span = leave_span;
	parser.text = text;
	r = md_parse(m->md.data, (MD_SIZE)m->md.len, &parser, b);
	if (r != 0) {
		vb_diag(d, VB_ERR_DOC_MD, &loc, "md_parse returned %d", r);
		goto out;
	}
	if (b->pending != 0)
		flush_pending(b, &b->last);
	if (b->failed)
		goto out;
	rc = 0;
out:
	free(b);
	return rc;
}
