/*
 * tpl_table.c — declared data tables: a ```table fence in the template
 * body declares a table over a list of rows (source, columns and column
 * groups, one expression per column, format, alignment, width, sorting
 * with blanks last, automatic TT numbering, a totals row of sums or of
 * expressions over the sums). Evaluating it gives a struct vb_table_out,
 * which the evaluator places in the document as a block slot.
 *
 * The declaration is written like YAML (indentation, "key: value",
 * "- " items, # comments) but read by the small reader below, because
 * a value runs to the end of its line: expressions such as
 *   gia_tri: gd1_ket_qua | ty_le: gd1_chi_tieu
 * need no quotes (YAML would refuse the second ": "), and every value
 * keeps its exact place in the template for error messages.
 * tests/spec/tables.txt documents every key.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tpl_int.h"

/* ---- the declaration reader ------------------------------------------- */

enum dkind { D_SCALAR, D_MAP, D_LIST };

struct dnode {
	enum dkind      k;
	struct vb_loc   loc;      /* scalar: its text; else the first line */
	const char     *s;        /* scalar text, unquoted, NUL-terminated */
	size_t          n;
	int             exact;    /* s is src->data + loc.off, n == loc.len */
	struct dnode  **v;        /* map values or list items */
	const char    **key;      /* map keys */
	struct vb_loc  *kloc;
	size_t          nv, cap;
};

struct dline {
	size_t  off;       /* offset of the content */
	size_t  len;       /* content without comment and trailing spaces */
	int     indent;    /* column of the content */
	int     dash;      /* the content is "-" (a list item marker) */
};

struct reader {
	struct vb_src    *src;
	struct vb_arena  *a;
	struct vb_diag   *d;
	struct dline     *l;      /* malloc'd */
	size_t            nl, cap;
	int               nerr;
	int               depth;  /* of read_node */
};

/* Levels of indentation in a declaration: far more than a table needs,
 * few enough for the recursion. */
#define DECL_MAX_DEPTH 32

static void VB_PRINTF(4, 5)
derr(struct reader *r, size_t off, size_t len, const char *fmt, ...)
{
	struct vb_buf b = VB_BUF_INIT;
	struct vb_loc l = { r->src->id, (uint32_t)off, (uint32_t)len, NULL };
	va_list       ap;

	r->nerr++;
	va_start(ap, fmt);
	vb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vb_diag(r->d, VB_ERR_TPL_TABLE, &l, "%s", b.data ? b.data : "");
	vb_buf_free(&b);
}

static void
addline(struct reader *r, size_t off, size_t len, int indent, int dash)
{
	if (r->nl == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->l = vb_xrealloc(r->l, r->cap * sizeof(*r->l));
	}
	r->l[r->nl].off = off;
	r->l[r->nl].len = len;
	r->l[r->nl].indent = indent;
	r->l[r->nl].dash = dash;
	r->nl++;
}

/* Length of content s[0, n) without a " # comment" outside quotes and
 * without trailing spaces. */
static size_t
content_len(const char *s, size_t n)
{
	size_t i;
	char   q = 0;

	for (i = 0; i < n; i++) {
		if (q != 0) {
			if (s[i] == q)
				q = 0;
			continue;
		}
		if (s[i] == '"' || s[i] == '\'')
			q = s[i];
		else if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' ||
		    s[i - 1] == '\t'))
			break;
	}
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t' ||
	    s[i - 1] == '\r'))
		i--;
	return i;
}

/* Splits the declaration into lines; "- key: v" becomes two lines, the
 * dash and "key: v" at the column where the key starts. */
static void
split_lines(struct reader *r, size_t off, size_t len)
{
	const char *s = r->src->data;
	size_t      p = off, end = off + len, e, c, n;
	int         col;

	while (p < end) {
		for (e = p; e < end && s[e] != '\n'; e++)
			;
		/* A tab is reported and then counted as one column. */
		for (c = p; c < e && (s[c] == ' ' || s[c] == '\t'); c++)
			if (s[c] == '\t' && (c == p || s[c - 1] != '\t'))
				derr(r, c, 1, "indent with spaces, not tabs");
		col = (int)(c - p);
		n = content_len(s + c, e - c);
		while (n > 0) {
			if (s[c] == '-' && (n == 1 || s[c + 1] == ' ')) {
				addline(r, c, 1, col, 1);
				c++;
				n--;
				col++;
				while (n > 0 && s[c] == ' ') {
					c++;
					n--;
					col++;
				}
				continue;
			}
			addline(r, c, n, col, 0);
			break;
		}
		p = e < end ? e + 1 : e;
	}
}

/* "key:" at the start of line l: the key's length, else 0. */
static size_t
key_len(struct reader *r, const struct dline *l)
{
	const char *s = r->src->data + l->off;
	size_t      i;

	if (l->dash || s[0] == '"' || s[0] == '\'')
		return 0;
	for (i = 0; i < l->len; i++) {
		if (s[i] == ':' && (i + 1 == l->len || s[i + 1] == ' '))
			return i;
		if (s[i] == ' ' || s[i] == '\t')
			return 0;
	}
	return 0;
}

static struct dnode *
scalar(struct reader *r, size_t off, size_t len)
{
	struct dnode *n = vb_arena_alloc(r->a, sizeof(*n));
	const char   *s = r->src->data + off;
	struct vb_buf b = VB_BUF_INIT;
	size_t        i;

	n->k = D_SCALAR;
	n->loc.src = r->src->id;
	n->loc.off = (uint32_t)off;
	n->loc.len = (uint32_t)len;
	n->exact = 1;
	if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0]) {
		n->loc.off++;
		n->loc.len -= 2;
		for (i = 1; i + 1 < len; i++) {
			if (s[0] == '"' && s[i] == '\\' && i + 2 < len &&
			    (s[i + 1] == '"' || s[i + 1] == '\\')) {
				i++;
				n->exact = 0;
			} else if (s[0] == '\'' && s[i] == '\'' &&
			    i + 2 < len && s[i + 1] == '\'') {
				i++;
				n->exact = 0;
			}
			vb_buf_putc(&b, s[i]);
		}
		n->s = vb_arena_strndup(r->a, b.data ? b.data : "", b.len);
		n->n = b.len;
		vb_buf_free(&b);
	} else {
		n->s = vb_arena_strndup(r->a, s, len);
		n->n = len;
	}
	return n;
}

static struct dnode *read_node(struct reader *, size_t *, int);

static void
push_v(struct reader *r, struct dnode *m, struct dnode *v, const char *key,
    const struct vb_loc *kloc)
{
	struct dnode  **nv;
	const char    **nk;
	struct vb_loc  *nl;

	if (m->nv == m->cap) {
		/* Arena arrays that double: the old copies stay behind. */
		m->cap = m->cap ? m->cap * 2 : 8;
		nv = vb_arena_alloc(r->a, m->cap * sizeof(*nv));
		nk = vb_arena_alloc(r->a, m->cap * sizeof(*nk));
		nl = vb_arena_alloc(r->a, m->cap * sizeof(*nl));
		if (m->nv > 0) {
			memcpy(nv, m->v, m->nv * sizeof(*nv));
			memcpy(nk, m->key, m->nv * sizeof(*nk));
			memcpy(nl, m->kloc, m->nv * sizeof(*nl));
		}
		m->v = nv;
		m->key = nk;
		m->kloc = nl;
	}
	m->v[m->nv] = v;
	m->key[m->nv] = key;
	if (kloc != NULL)
		m->kloc[m->nv] = *kloc;
	m->nv++;
}

static struct dnode *
empty(struct reader *r, size_t off)
{
	return scalar(r, off, 0);
}

/* The value of a key or list item on line *i, whose own column is col:
 * the block below it (deeper), or a list at the same column after a key. */
static struct dnode *
child(struct reader *r, size_t *i, int col, int after_key)
{
	size_t at = *i < r->nl ? r->l[*i].off : r->src->len;

	if (*i < r->nl && (r->l[*i].indent > col ||
	    (after_key && r->l[*i].indent == col && r->l[*i].dash)))
		return read_node(r, i, r->l[*i].indent);
	return empty(r, at);
}

static struct dnode *
read_node(struct reader *r, size_t *i, int col)
{
	struct dnode *n = vb_arena_alloc(r->a, sizeof(*n));
	struct dline *l = &r->l[*i];
	struct vb_loc kl;
	size_t        k, j;

	n->loc.src = r->src->id;
	n->loc.off = (uint32_t)l->off;
	n->loc.len = (uint32_t)l->len;
	if (r->depth >= DECL_MAX_DEPTH) {
		derr(r, l->off, l->len, "nested deeper than %d levels",
		    DECL_MAX_DEPTH);
		/* Skip the whole deeper block. */
		while (*i < r->nl && r->l[*i].indent >= col)
			(*i)++;
		return empty(r, l->off);
	}
	r->depth++;
	if (l->dash) {
		n->k = D_LIST;
		while (*i < r->nl && r->l[*i].indent == col && r->l[*i].dash) {
			(*i)++;
			push_v(r, n, child(r, i, col, 0), NULL, NULL);
		}
	} else if (key_len(r, l) > 0) {
		n->k = D_MAP;
		while (*i < r->nl && r->l[*i].indent == col &&
		    (k = key_len(r, &r->l[*i])) > 0) {
			l = &r->l[*i];
			kl.src = r->src->id;
			kl.off = (uint32_t)l->off;
			kl.len = (uint32_t)k;
			kl.cell = NULL;
			for (j = 0; j < n->nv; j++)
				if (strlen(n->key[j]) == k && memcmp(n->key[j],
				    r->src->data + l->off, k) == 0)
					derr(r, l->off, k, "'%s' given twice",
					    n->key[j]);
			(*i)++;
			j = k + 1;
			while (j < l->len && r->src->data[l->off + j] == ' ')
				j++;
			push_v(r, n, j < l->len ? scalar(r, l->off + j,
			    l->len - j) : child(r, i, col, 1),
			    vb_arena_strndup(r->a, r->src->data + l->off, k),
			    &kl);
		}
	} else {
		(*i)++;
		r->depth--;
		return scalar(r, l->off, l->len);
	}
	if (*i < r->nl && r->l[*i].indent > col) {
		derr(r, r->l[*i].off, r->l[*i].len, "unexpected indentation");
		while (*i < r->nl && r->l[*i].indent > col)
			(*i)++;
	}
	r->depth--;
	return n;
}

/* ---- declaration → struct tpl_tdecl ----------------------------------- */

enum total { T_NONE, T_SUM, T_RECOMPUTE, T_EXPR };

struct tcol {
	const char       *title;      /* literal header text, or NULL */
	struct tpl_node  *title_tpl;  /* header with {{ }} */
	struct vb_loc     loc;        /* the column's first line */
	struct tpl_node  *value;      /* an expression … */
	struct tpl_node  *value_tpl;  /* … or a template string */
	struct tpl_node  *fmt;        /* filters over "gia_tri", or NULL */
	enum total        total;
	struct tpl_node  *total_expr;
	enum vb_align     align;      /* VB_ALIGN_DEFAULT: by content */
	double            width;
	int               stt;        /* the value is the row number */
	struct tcol      *kids;       /* a group: its columns */
	size_t            nkids;
};

struct tpl_tdecl {
	struct vb_loc     loc;
	struct tpl_node  *source, *where, *sort;
	int               desc, landscape;
	double            font_pt;
	struct tcol       root;       /* kids: the top-level columns */
	int               total;      /* -1: when a column has a total */
	const char       *label;
	struct tpl_node  *label_tpl;
	struct vb_loc     label_loc;
	int               span;       /* 0: the leading columns without total */
};

static const char *const table_keys[] = {
	"nguon", "loc", "sap_xep", "giam_dan", "ngang", "co_chu", "cot", "tong"
};
static const char *const column_keys[] = {
	"tieu_de", "gia_tri", "dinh_dang", "can", "rong", "tong", "nhom", "cot"
};
static const char *const total_keys[] = { "nhan", "gop" };

static int
known(struct reader *r, const struct dnode *m, const char *const *keys,
    size_t nkeys, const char *what)
{
	const char *near;
	size_t      i, j;
	int         rc = 0;

	for (i = 0; i < m->nv; i++) {
		for (j = 0; j < nkeys; j++)
			if (strcmp(m->key[i], keys[j]) == 0)
				break;
		if (j < nkeys)
			continue;
		derr(r, m->kloc[i].off, m->kloc[i].len,
		    "unknown key '%s' in %s", m->key[i], what);
		if ((near = tpl_closest(m->key[i], keys, nkeys)) != NULL)
			vb_diag_note(r->d, NULL, "did you mean '%s'?", near);
		rc = -1;
	}
	return rc;
}

static struct dnode *
get(const struct dnode *m, const char *key)
{
	size_t i;

	if (m == NULL || m->k != D_MAP)
		return NULL;
	for (i = 0; i < m->nv; i++)
		if (strcmp(m->key[i], key) == 0)
			return m->v[i];
	return NULL;
}

static int
need_scalar(struct reader *r, const struct dnode *v, const char *key)
{
	if (v->k == D_SCALAR && v->n > 0)
		return 0;
	derr(r, v->loc.off, v->loc.len ? v->loc.len : 1, "'%s' needs a value "
	    "on its line", key);
	return -1;
}

static int
has_tags(const struct dnode *v)
{
	return strstr(v->s, "{{") != NULL || strstr(v->s, "{%") != NULL;
}

/* An expression, accepting "{{ expr }}" too. */
static struct tpl_node *
expr_of(struct reader *r, const struct dnode *v)
{
	const char      *s = v->s;
	size_t           n = v->n;
	struct tpl_node *e;

	if (n >= 4 && strncmp(s, "{{", 2) == 0 &&
	    strcmp(s + n - 2, "}}") == 0 && strstr(s + 2, "{{") == NULL)
		e = tpl_parse_expr(s + 2, n - 4, r->src->id, v->loc.off + 2,
		    v->exact, &v->loc, r->a, r->d);
	else
		e = tpl_parse_expr(s, n, r->src->id, v->loc.off, v->exact,
		    &v->loc, r->a, r->d);
	if (e == NULL)
		r->nerr++;
	return e;
}

/* Text that may hold {{ }}: literal, or a template in *tpl. */
static int
text_of(struct reader *r, const struct dnode *v, const char **lit,
    struct tpl_node **tpl)
{
	*lit = NULL;
	*tpl = NULL;
	if (!has_tags(v)) {
		*lit = v->s;
		return 0;
	}
	if (!v->exact) {
		derr(r, v->loc.off, v->loc.len, "write a header with {{ }} "
		    "without escapes");
		return -1;
	}
	if (tpl_parse_body(r->src, v->loc.off, v->loc.len, 1, r->a, r->d,
	    tpl) == -1) {
		r->nerr++;
		return -1;
	}
	return 0;
}

static int
flag(struct reader *r, const struct dnode *v, const char *key, int *out)
{
	static const char *const yes[] = { "true", "yes", "co", "có" };
	static const char *const no[] = { "false", "no", "khong", "không" };
	size_t i;

	if (need_scalar(r, v, key) == -1)
		return -1;
	for (i = 0; i < 4; i++) {
		if (strcmp(v->s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(v->s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	derr(r, v->loc.off, v->loc.len, "'%s' must be true or false", key);
	return -1;
}

static int
number(struct reader *r, const struct dnode *v, const char *key, double lo,
    double hi, double *out)
{
	char *end;

	if (need_scalar(r, v, key) == -1)
		return -1;
	*out = strtod(v->s, &end);
	if (*end != '\0' || end == v->s || !(*out >= lo && *out <= hi)) {
		derr(r, v->loc.off, v->loc.len, "'%s' must be a number from "
		    "%g to %g", key, lo, hi);
		return -1;
	}
	return 0;
}

static int
align_of(struct reader *r, const struct dnode *v, enum vb_align *out)
{
	static const struct { const char *s; enum vb_align a; } names[] = {
		{ "trai", VB_ALIGN_LEFT }, { "trái", VB_ALIGN_LEFT },
		{ "left", VB_ALIGN_LEFT }, { "giua", VB_ALIGN_CENTER },
		{ "giữa", VB_ALIGN_CENTER }, { "center", VB_ALIGN_CENTER },
		{ "phai", VB_ALIGN_RIGHT }, { "phải", VB_ALIGN_RIGHT },
		{ "right", VB_ALIGN_RIGHT }, { "deu", VB_ALIGN_JUSTIFY },
		{ "đều", VB_ALIGN_JUSTIFY }, { "justify", VB_ALIGN_JUSTIFY },
	};
	size_t i;

	if (need_scalar(r, v, "can") == -1)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(v->s, names[i].s) == 0) {
			*out = names[i].a;
			return 0;
		}
	derr(r, v->loc.off, v->loc.len, "'can' is trai, giua, phai or deu "
	    "(left, center, right, justify)");
	return -1;
}

static int read_columns(struct reader *, const struct dnode *, struct tcol *,
    int);

static int
read_column(struct reader *r, const struct dnode *m, struct tcol *c,
    int depth)
{
	struct dnode    *v;
	struct tpl_node *input;
	int              rc = 0;

	c->loc = m->loc;
	if (m->k != D_MAP) {
		derr(r, m->loc.off, m->loc.len ? m->loc.len : 1, "a column is "
		    "a list item with keys (tieu_de, gia_tri …)");
		return -1;
	}
	rc |= known(r, m, column_keys, sizeof(column_keys) /
	    sizeof(column_keys[0]), "a column");
	if ((v = get(m, "nhom")) != NULL) {
		/* A group: a header cell over its columns. */
		if (get(m, "gia_tri") != NULL || get(m, "tieu_de") != NULL) {
			derr(r, m->loc.off, m->loc.len, "a group (nhom) has a "
			    "title and columns (cot), not tieu_de or gia_tri");
			return -1;
		}
		if (need_scalar(r, v, "nhom") == -1 ||
		    text_of(r, v, &c->title, &c->title_tpl) == -1)
			return -1;
		if ((v = get(m, "cot")) == NULL) {
			derr(r, m->loc.off, m->loc.len, "the group has no "
			    "columns (cot)");
			return -1;
		}
		return read_columns(r, v, c, depth + 1) | rc;
	}
	if (get(m, "cot") != NULL) {
		derr(r, m->loc.off, m->loc.len, "columns (cot) inside a "
		    "column need a group title (nhom)");
		return -1;
	}
	if ((v = get(m, "tieu_de")) == NULL) {
		derr(r, m->loc.off, m->loc.len, "the column has no title "
		    "(tieu_de)");
		rc = -1;
	} else if (need_scalar(r, v, "tieu_de") == -1 ||
	    text_of(r, v, &c->title, &c->title_tpl) == -1)
		rc = -1;
	if ((v = get(m, "gia_tri")) == NULL) {
		derr(r, m->loc.off, m->loc.len, "the column has no value "
		    "(gia_tri)");
		rc = -1;
	} else if (need_scalar(r, v, "gia_tri") == -1)
		rc = -1;
	else if (strcmp(v->s, "stt") == 0)
		c->stt = 1;
	else if (has_tags(v) && !(v->n >= 4 && strncmp(v->s, "{{", 2) == 0 &&
	    strcmp(v->s + v->n - 2, "}}") == 0 &&
	    strstr(v->s + 2, "{{") == NULL)) {
		const char *lit;

		if (text_of(r, v, &lit, &c->value_tpl) == -1)
			rc = -1;
	} else if ((c->value = expr_of(r, v)) == NULL)
		rc = -1;
	if ((v = get(m, "dinh_dang")) != NULL) {
		if (need_scalar(r, v, "dinh_dang") == -1)
			rc = -1;
		else {
			input = vb_arena_alloc(r->a, sizeof(*input));
			input->k = TN_VAR;
			input->s = "gia_tri";
			input->loc = v->loc;
			c->fmt = tpl_parse_chain(v->s, v->n, r->src->id,
			    v->loc.off, v->exact, &v->loc, input, r->a, r->d);
			if (c->fmt == NULL) {
				r->nerr++;
				rc = -1;
			}
		}
	}
	if ((v = get(m, "can")) != NULL && align_of(r, v, &c->align) == -1)
		rc = -1;
	if ((v = get(m, "rong")) != NULL &&
	    number(r, v, "rong", 1, 500, &c->width) == -1)
		rc = -1;
	if ((v = get(m, "tong")) != NULL) {
		if (need_scalar(r, v, "tong") == -1)
			rc = -1;
		else if (strcmp(v->s, "cong") == 0 || strcmp(v->s, "sum") == 0)
			c->total = T_SUM;
		else if (strcmp(v->s, "tinh_lai") == 0 ||
		    strcmp(v->s, "recompute") == 0) {
			c->total = T_RECOMPUTE;
			if (c->value == NULL && rc == 0) {
				derr(r, v->loc.off, v->loc.len, "tinh_lai "
				    "needs an expression in gia_tri");
				rc = -1;
			}
		} else {
			c->total = T_EXPR;
			if ((c->total_expr = expr_of(r, v)) == NULL)
				rc = -1;
		}
	}
	return rc;
}

static int
read_columns(struct reader *r, const struct dnode *list, struct tcol *parent,
    int depth)
{
	size_t i;
	int    rc = 0;

	if (depth > 8) {
		derr(r, list->loc.off, list->loc.len, "column groups nested "
		    "deeper than 8 levels");
		return -1;
	}
	if (list->k != D_LIST || list->nv == 0) {
		derr(r, list->loc.off, list->loc.len ? list->loc.len : 1,
		    "'cot' needs a list of columns, each starting with '- '");
		return -1;
	}
	parent->nkids = list->nv;
	parent->kids = vb_arena_alloc(r->a, list->nv * sizeof(*parent->kids));
	for (i = 0; i < list->nv; i++)
		if (read_column(r, list->v[i], &parent->kids[i], depth) == -1)
			rc = -1;
	return rc;
}

int
tpl_table_parse(struct vb_src *src, size_t off, size_t len,
    const struct vb_loc *fence, struct vb_arena *a, struct vb_diag *d,
    struct tpl_tdecl **out)
{
	struct reader     r;
	struct tpl_tdecl *t = vb_arena_alloc(a, sizeof(*t));
	struct dnode     *root, *v, *tv;
	size_t            i = 0;
	double            x;
	int               rc = -1;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.src = src;
	r.a = a;
	r.d = d;
	t->loc = *fence;
	t->total = -1;
	split_lines(&r, off, len);
	if (r.nl == 0) {
		derr(&r, fence->off, fence->len, "the table declaration is "
		    "empty; it needs at least nguon and cot");
		goto out;
	}
	root = read_node(&r, &i, r.l[0].indent);
	if (i < r.nl)
		derr(&r, r.l[i].off, r.l[i].len, "unexpected line (check the "
		    "indentation)");
	if (root->k != D_MAP) {
		derr(&r, root->loc.off, root->loc.len, "a table declaration "
		    "is a list of 'key: value' lines");
		goto out;
	}
	if ((v = get(root, "nguon")) == NULL)
		derr(&r, fence->off, fence->len, "the table has no data source "
		    "(nguon)");
	else if (need_scalar(&r, v, "nguon") == 0)
		t->source = expr_of(&r, v);
	if ((v = get(root, "loc")) != NULL && need_scalar(&r, v, "loc") == 0)
		t->where = expr_of(&r, v);
	if ((v = get(root, "sap_xep")) != NULL &&
	    need_scalar(&r, v, "sap_xep") == 0)
		t->sort = expr_of(&r, v);
	if ((v = get(root, "giam_dan")) != NULL)
		flag(&r, v, "giam_dan", &t->desc);
	if ((v = get(root, "ngang")) != NULL)
		flag(&r, v, "ngang", &t->landscape);
	if ((v = get(root, "co_chu")) != NULL &&
	    number(&r, v, "co_chu", 6, 30, &t->font_pt) == -1)
		t->font_pt = 0;
	if ((v = get(root, "cot")) == NULL)
		derr(&r, fence->off, fence->len, "the table has no columns "
		    "(cot)");
	else
		read_columns(&r, v, &t->root, 1);
	if ((v = get(root, "tong")) != NULL) {
		if (v->k == D_SCALAR)
			flag(&r, v, "tong", &t->total);
		else if (v->k == D_MAP) {
			t->total = 1;
			known(&r, v, total_keys, 2, "the totals row");
			if ((tv = get(v, "nhan")) != NULL &&
			    need_scalar(&r, tv, "nhan") == 0) {
				t->label_loc = tv->loc;
				text_of(&r, tv, &t->label, &t->label_tpl);
			}
			if ((tv = get(v, "gop")) != NULL &&
			    number(&r, tv, "gop", 1, 1000, &x) == 0)
				t->span = (int)x;
		} else
			derr(&r, v->loc.off, v->loc.len, "'tong' is true, "
			    "false, or keys nhan and gop");
	}
	known(&r, root, table_keys, sizeof(table_keys) / sizeof(table_keys[0]),
	    "a table");
	if (r.nerr == 0) {
		*out = t;
		rc = 0;
	}
out:
	free(r.l);
	return rc;
}

/* ---- evaluation ------------------------------------------------------- */

struct leaf {
	const struct tcol *c;
	enum vb_align      align;
};

static void
leaves(const struct tcol *g, struct leaf **v, size_t *n, int depth,
    int *maxdepth)
{
	size_t i;

	if (g->nkids == 0) {
		(*v)[(*n)++].c = g;
		if (depth > *maxdepth)
			*maxdepth = depth;
		return;
	}
	for (i = 0; i < g->nkids; i++)
		leaves(&g->kids[i], v, n, depth + 1, maxdepth);
}

static size_t
count_leaves(const struct tcol *g)
{
	size_t i, n = 0;

	if (g->nkids == 0)
		return 1;
	for (i = 0; i < g->nkids; i++)
		n += count_leaves(&g->kids[i]);
	return n;
}

static void
set_cell(struct tpl_ctx *c, struct vb_table_cell *cell, struct vb_buf *b,
    const struct vb_loc *loc)
{
	cell->text = tpl_nfc(c, b, &cell->len);
	cell->colspan = cell->rowspan = 1;
	if (loc != NULL)
		cell->loc = *loc;
}

/* The text of a header given as literal or template. */
static int
header_text(struct tpl_ctx *c, const char *lit, const struct tpl_node *tpl,
    struct vb_buf *b)
{
	if (tpl != NULL)
		return tpl_render(c, tpl, b);
	vb_buf_puts(b, lit != NULL ? lit : "");
	return 0;
}

/* Header cells of group g at row depth, starting at column *col. */
static int
header(struct tpl_ctx *c, struct vb_table_out *t, const struct tcol *g,
    int depth, int maxdepth, size_t *col)
{
	struct vb_table_cell *cell;
	struct vb_buf         b = VB_BUF_INIT;
	size_t                i, j, span;
	int                   k, rows, rc = 0;

	for (i = 0; i < g->nkids; i++) {
		const struct tcol *x = &g->kids[i];

		span = count_leaves(x);
		rows = x->nkids == 0 ? maxdepth - depth + 1 : 1;
		cell = &t->rows[depth - 1].cells[*col];
		vb_buf_reset(&b);
		if (header_text(c, x->title, x->title_tpl, &b) == -1)
			rc = -1;
		set_cell(c, cell, &b, &x->loc);
		cell->colspan = (int)span;
		cell->rowspan = rows;
		cell->align = VB_ALIGN_CENTER;
		for (k = 0; k < rows; k++)
			for (j = 0; j < span; j++)
				if (k > 0 || j > 0) {
					struct vb_table_row  *rw =
					    &t->rows[depth - 1 + k];
					struct vb_table_cell *cv =
					    &rw->cells[*col + j];

					cv->covered = 1;
					cv->text = "";
					cv->colspan = cv->rowspan = 1;
					cv->loc = x->loc;
				}
		if (x->nkids > 0) {
			size_t sub = *col;

			if (header(c, t, x, depth + 1, maxdepth, &sub) == -1)
				rc = -1;
		}
		*col += span;
	}
	vb_buf_free(&b);
	return rc;
}

/* The raw value of leaf l for row (number n, 1-based). */
static int
cell_value(struct tpl_ctx *c, const struct tcol *l, const struct vb_value *row,
    size_t n, struct vb_value **out)
{
	struct tpl_scope s;
	struct vb_buf    b = VB_BUF_INIT;
	int              rc;

	if (l->stt) {
		*out = tpl_num(c, (double)n, &l->loc);
		return 0;
	}
	tpl_scope_push(c, &s, row, "dong");
	tpl_scope_set(&s, "stt", tpl_num(c, (double)n, &l->loc));
	if (l->value_tpl != NULL) {
		rc = tpl_render(c, l->value_tpl, &b);
		if (rc == 0)
			rc = tpl_str_buf(c, &b, &l->loc, &l->loc, out);
		vb_buf_free(&b);
	} else
		rc = tpl_eval(c, l->value, out);
	tpl_scope_pop(c);
	return rc;
}

/* Formats a raw value with the column's dinh_dang into b. */
static int
format(struct tpl_ctx *c, const struct tcol *l, struct vb_value *v,
    struct vb_buf *b)
{
	struct tpl_scope s;
	struct vb_value *f = v;
	int              rc = 0;

	if (l->fmt != NULL && !tpl_blank(v)) {
		tpl_scope_push(c, &s, NULL, NULL);
		tpl_scope_set(&s, "gia_tri", v);
		rc = tpl_eval(c, l->fmt, &f);
		tpl_scope_pop(c);
	}
	if (rc == 0)
		rc = tpl_text(c, f, &l->loc, b);
	return rc;
}

/* Sums of every numeric field over the rows: the names a totals
 * expression sees. A field holding text anywhere is left out. */
static struct vb_value *
sums(struct tpl_ctx *c, struct vb_value **rows, size_t n,
    const struct vb_loc *loc)
{
	struct vb_value *m = vb_value_map(c->a, loc), *bad = vb_value_map(c->a,
	    loc), *v, *s;
	size_t           i, j;

	for (i = 0; i < n; i++) {
		if (rows[i]->type != VB_MAP)
			continue;
		for (j = 0; j < rows[i]->u.map.n; j++) {
			const char *k = rows[i]->u.map.k[j];

			v = rows[i]->u.map.v[j];
			if (vb_map_get(bad, k) != NULL)
				continue;
			if (v->type != VB_NUM && v->type != VB_NULL) {
				vb_map_set(c->a, bad, k, v);
				continue;
			}
			if ((s = vb_map_get(m, k)) == NULL) {
				s = tpl_num(c, 0, loc);
				vb_map_set(c->a, m, k, s);
			}
			if (v->type == VB_NUM)
				s->u.num.v += v->u.num.v;
		}
	}
	/* Drop the fields that turned out to hold text. */
	v = vb_value_map(c->a, loc);
	for (j = 0; j < m->u.map.n; j++)
		if (vb_map_get(bad, m->u.map.k[j]) == NULL)
			vb_map_set(c->a, v, m->u.map.k[j], m->u.map.v[j]);
	vb_map_set(c->a, v, "so_dong", tpl_num(c, (double)n, loc));
	return v;
}

static enum vb_align
auto_align(struct vb_value **raw, size_t nrows, size_t ncols, size_t col,
    const struct tcol *l)
{
	size_t i;

	if (l->align != VB_ALIGN_DEFAULT)
		return l->align;
	if (l->stt)
		return VB_ALIGN_CENTER;
	for (i = 0; i < nrows; i++) {
		const struct vb_value *v = raw[i * ncols + col];

		if (tpl_blank(v))
			continue;
		if (v->type == VB_STR && !(v->u.str.s[0] >= '0' &&
		    v->u.str.s[0] <= '9'))
			return VB_ALIGN_LEFT;
		return VB_ALIGN_CENTER;
	}
	return VB_ALIGN_CENTER;
}

static int
totals(struct tpl_ctx *c, const struct tpl_tdecl *d, struct vb_table_out *t,
    struct leaf *lv, struct vb_value **raw, struct vb_value **rows,
    size_t nrows)
{
	struct vb_table_row  *tr = &t->rows[t->nrows - 1];
	struct vb_value      *sm = NULL, *v;
	struct tpl_scope      s;
	struct vb_buf         b = VB_BUF_INIT;
	size_t                i, j, span;
	int                   rc = 0, r;
	double                sum;

	tr->flags = VB_TROW_TOTAL;
	for (span = 0; span < t->ncols && lv[span].c->total == T_NONE; span++)
		;
	if (d->span > 0)
		span = (size_t)d->span;
	if (span == 0)
		span = 1;
	if (span > t->ncols)
		span = t->ncols;
	for (j = 0; j < t->ncols; j++) {
		const struct tcol *l = lv[j].c;

		vb_buf_reset(&b);
		r = 0;
		v = NULL;
		switch (j < span ? T_NONE : l->total) {
		case T_SUM:
			sum = 0;
			for (i = 0; i < nrows && r == 0; i++) {
				struct vb_value *x = raw[i * t->ncols + j];

				if (x->type == VB_NUM)
					sum += x->u.num.v;
				else if (x->type != VB_NULL) {
					tpl_report(c, VB_ERR_TPL_TYPE, &l->loc,
					    "the column total (tong: cong) "
					    "cannot add %s (row %zu)",
					    tpl_a_type(x), i + 1);
					tpl_note(c, NULL, "keep gia_tri a "
					    "number and put the format in "
					    "dinh_dang");
					tpl_note_origin(c, x);
					r = -1;
				}
			}
			if (r == 0)
				v = tpl_num(c, sum, &l->loc);
			break;
		case T_RECOMPUTE:
		case T_EXPR:
			if (sm == NULL)
				sm = sums(c, rows, nrows, &d->loc);
			tpl_scope_push(c, &s, sm, NULL);
			r = tpl_eval(c, l->total == T_EXPR ? l->total_expr :
			    l->value, &v);
			tpl_scope_pop(c);
			break;
		default:
			break;
		}
		if (r == 0 && v != NULL)
			r = format(c, l, v, &b);
		if (r == -1)
			rc = -1;
		set_cell(c, &tr->cells[j], &b, &l->loc);
		tr->cells[j].align = lv[j].align;
	}
	/* The label over the first span columns. */
	vb_buf_reset(&b);
	if (header_text(c, d->label != NULL || d->label_tpl != NULL ?
	    d->label : "Tổng cộng", d->label_tpl, &b) == -1)
		rc = -1;
	set_cell(c, &tr->cells[0], &b, d->label_tpl != NULL || d->label ?
	    &d->label_loc : &d->loc);
	tr->cells[0].colspan = (int)span;
	tr->cells[0].align = VB_ALIGN_CENTER;
	for (j = 1; j < span; j++) {
		tr->cells[j].covered = 1;
		tr->cells[j].text = "";
		tr->cells[j].len = 0;
	}
	vb_buf_free(&b);
	return rc;
}

static int
any_total(const struct tcol *g)
{
	size_t i;

	if (g->nkids == 0)
		return g->total != T_NONE;
	for (i = 0; i < g->nkids; i++)
		if (any_total(&g->kids[i]))
			return 1;
	return 0;
}

int
tpl_table_eval(struct tpl_ctx *c, const struct tpl_tdecl *d,
    struct vb_table_out **out)
{
	struct vb_table_out *t;
	struct vb_value     *src, *v, **rows = NULL, **raw = NULL;
	struct tpl_sortent  *se = NULL;
	struct leaf         *lv;
	struct vb_buf        b = VB_BUF_INIT;
	size_t               n, i, j, nrows = 0, col = 0, r0;
	int                  depth = 0, total, rc = -1;

	*out = NULL;
	if (tpl_eval(c, d->source, &src) == -1)
		return -1;
	if (src->type != VB_LIST && src->type != VB_NULL) {
		tpl_report(c, VB_ERR_TPL_TABLE, &d->source->loc, "the source "
		    "(nguon) is %s, not a list of rows", tpl_a_type(src));
		tpl_note_origin(c, src);
		return -1;
	}
	n = src->type == VB_LIST ? src->u.list.n : 0;
	if (n > TPL_MAX_ROWS) {
		tpl_report(c, VB_ERR_TPL_LIMIT, &d->source->loc, "more than %d "
		    "rows in one table", TPL_MAX_ROWS);
		return -1;
	}
	/* Rows: keep (loc), then sort (sap_xep), blanks last. */
	se = vb_xcalloc(n + 1, sizeof(*se));
	for (i = 0; i < n; i++) {
		struct tpl_scope s;
		int              r;

		v = src->u.list.v[i];
		if (d->where != NULL) {
			struct vb_value *keep;

			tpl_scope_push(c, &s, v, "dong");
			r = tpl_eval(c, d->where, &keep);
			tpl_scope_pop(c);
			if (r == -1)
				goto out;
			if (!vb_value_truthy(keep))
				continue;
		}
		se[nrows].item = v;
		se[nrows].key = v;
		if (d->sort != NULL) {
			tpl_scope_push(c, &s, v, "dong");
			r = tpl_eval(c, d->sort, &se[nrows].key);
			tpl_scope_pop(c);
			if (r == -1)
				goto out;
		}
		nrows++;
	}
	if (d->sort != NULL)
		tpl_sort(c, se, nrows, d->desc, 0);
	rows = vb_xcalloc(nrows + 1, sizeof(*rows));
	for (i = 0; i < nrows; i++)
		rows[i] = se[i].item;

	t = vb_arena_alloc(c->a, sizeof(*t));
	t->loc = d->loc;
	t->landscape = d->landscape;
	t->font_pt = d->font_pt;
	t->ncols = count_leaves(&d->root);
	lv = vb_arena_alloc(c->a, t->ncols * sizeof(*lv));
	j = 0;
	leaves(&d->root, &lv, &j, 0, &depth);
	total = d->total == -1 ? any_total(&d->root) : d->total;
	t->nheader = (size_t)depth;
	t->has_total = total;
	t->nrows = t->nheader + nrows + (size_t)total;
	t->rows = vb_arena_alloc(c->a, t->nrows * sizeof(*t->rows));
	for (i = 0; i < t->nrows; i++)
		t->rows[i].cells = vb_arena_alloc(c->a,
		    t->ncols * sizeof(*t->rows[i].cells));
	for (i = 0; i < t->nheader; i++)
		t->rows[i].flags = VB_TROW_HEADER;
	if (header(c, t, &d->root, 1, depth, &col) == -1)
		goto out;

	/* Body: raw values first (for alignment and sums), then text. */
	raw = vb_xcalloc(nrows * t->ncols + 1, sizeof(*raw));
	for (i = 0; i < nrows; i++)
		for (j = 0; j < t->ncols; j++)
			if (cell_value(c, lv[j].c, rows[i], i + 1,
			    &raw[i * t->ncols + j]) == -1)
				goto out;
	t->cols = vb_arena_alloc(c->a, t->ncols * sizeof(*t->cols));
	for (j = 0; j < t->ncols; j++) {
		lv[j].align = auto_align(raw, nrows, t->ncols, j, lv[j].c);
		t->cols[j].align = lv[j].align;
		t->cols[j].width_mm = lv[j].c->width;
	}
	r0 = t->nheader;
	for (i = 0; i < nrows; i++)
		for (j = 0; j < t->ncols; j++) {
			struct vb_table_cell *cell = &t->rows[r0 + i].cells[j];
			struct vb_value      *x = raw[i * t->ncols + j];

			vb_buf_reset(&b);
			if (format(c, lv[j].c, x, &b) == -1)
				goto out;
			set_cell(c, cell, &b, &lv[j].c->loc);
			cell->align = lv[j].align;
			if (x->loc.src != 0 && x->loc.src != c->src->id)
				cell->data_loc = x->loc;
		}
	if (total && totals(c, d, t, lv, raw, rows, nrows) == -1)
		goto out;
	*out = t;
	rc = 0;
out:
	free(se);
	free(rows);
	free(raw);
	vb_buf_free(&b);
	return rc;
}

/* ---- dump ------------------------------------------------------------- */

void
vb_table_dump(const struct vb_table_out *t, struct vb_buf *out)
{
	static const char align[] = { '-', 'L', 'C', 'R', 'J' };
	size_t i, j;

	vb_buf_printf(out, "table: %zu columns, %zu header rows%s%s\n",
	    t->ncols, t->nheader, t->has_total ? ", totals" : "",
	    t->landscape ? ", landscape" : "");
	if (t->font_pt > 0)
		vb_buf_printf(out, "font: %g pt\n", t->font_pt);
	vb_buf_puts(out, "cols:");
	for (j = 0; j < t->ncols; j++) {
		vb_buf_printf(out, " %c", align[t->cols[j].align]);
		if (t->cols[j].width_mm > 0)
			vb_buf_printf(out, "%g", t->cols[j].width_mm);
	}
	vb_buf_putc(out, '\n');
	for (i = 0; i < t->nrows; i++) {
		const struct vb_table_row *r = &t->rows[i];

		vb_buf_puts(out, r->flags & VB_TROW_HEADER ? "H" :
		    r->flags & VB_TROW_TOTAL ? "T" : "B");
		for (j = 0; j < t->ncols; j++) {
			const struct vb_table_cell *c = &r->cells[j];

			vb_buf_puts(out, " | ");
			if (c->covered) {
				vb_buf_putc(out, '^');
				continue;
			}
			vb_buf_put(out, c->text, c->len);
			if (c->colspan > 1 || c->rowspan > 1)
				vb_buf_printf(out, "<%dx%d>", c->colspan,
				    c->rowspan);
		}
		vb_buf_putc(out, '\n');
	}
}
