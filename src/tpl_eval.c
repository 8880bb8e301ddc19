/*
 * tpl_eval.c — the evaluator: runs a parsed template against the data
 * and writes expanded Markdown in which every {{ }} output is one
 * sentinel code point (tpl.h), plus the slot table and a source map.
 *
 * Rules a template author can rely on (tests/spec/tpl.txt shows each):
 *   - An undefined name is an error, never an empty string; the filter
 *     mac_dinh (default) accepts one.
 *   - null (an empty cell) counts as 0 in arithmetic and comparisons
 *     with numbers, and prints as nothing.
 *   - Arithmetic on a string, a bool, a date, a list or a map is an
 *     error naming where the value came from; division by zero is an
 *     error (ty_le and ti_so leave a blank instead).
 *   - How a value prints: a number read from data or written in the
 *     template prints as written ("2.300" stays "2.300"); a computed
 *     number prints Vietnamese style with the decimals it needs
 *     ("2.152", "139,6"); a date prints short ("06/9/2023"); a boolean
 *     prints "có" or "không"; null prints nothing; a list or a map is an
 *     error (join a list with noi, pick a field of a map).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tpl_int.h"
#include "vi.h"

#define report tpl_report
#define note   tpl_note
#define a_type tpl_a_type
#define equal  tpl_equal

void
tpl_report(struct tpl_ctx *c, enum vb_err code, const struct vb_loc *loc,
    const char *fmt, ...)
{
	struct vb_buf b = VB_BUF_INIT;
	va_list       ap;

	c->nerr++;
	if (c->nerr > TPL_MAX_ERRORS + 1)
		return;
	if (c->nerr == TPL_MAX_ERRORS + 1) {
		vb_diag(c->d, VB_ERR_TPL_LIMIT, loc,
		    "more than %d errors; stopping here", TPL_MAX_ERRORS);
		c->stopped = 1;
		return;
	}
	va_start(ap, fmt);
	vb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vb_diag(c->d, code, loc, "%s", b.data ? b.data : "");
	vb_buf_free(&b);
}

void
tpl_note(struct tpl_ctx *c, const struct vb_loc *loc, const char *fmt, ...)
{
	struct vb_buf b = VB_BUF_INIT;
	va_list       ap;

	if (c->nerr > TPL_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vb_diag_note(c->d, loc, "%s", b.data ? b.data : "");
	vb_buf_free(&b);
}

static void
limit(struct tpl_ctx *c, const struct vb_loc *loc, const char *what)
{
	if (!c->stopped)
		report(c, VB_ERR_TPL_LIMIT, loc, "%s", what);
	c->stopped = 1;
}

/* Memory for computed values: checked where values are made in loops. */
static int
memory_ok(struct tpl_ctx *c, const struct vb_loc *loc)
{
	if (c->a->used - c->mem0 <= TPL_MAX_MEMORY)
		return 1;
	limit(c, loc, "computed values take more than 256 MiB");
	return 0;
}

void
tpl_note_origin(struct tpl_ctx *c, const struct vb_value *v)
{
	struct vb_buf b = VB_BUF_INIT;

	if (v == NULL || v->loc.src == 0 || v->loc.src == c->src->id)
		return;
	if (v->type == VB_STR) {
		vb_buf_puts(&b, "the string \"");
		vb_buf_put(&b, v->u.str.s, v->u.str.len > 40 ? 40 :
		    v->u.str.len);
		vb_buf_puts(&b, v->u.str.len > 40 ? "…\"" : "\"");
	} else
		vb_buf_printf(&b, "the %s", vb_value_type_name(v->type));
	note(c, &v->loc, "%s comes from here", b.data);
	vb_buf_free(&b);
}

/* ---- values ----------------------------------------------------------- */

struct vb_value *
tpl_num(struct tpl_ctx *c, double v, const struct vb_loc *loc)
{
	return vb_value_num(c->a, v == 0 ? 0 : v, NULL, loc);
}

struct vb_value *
tpl_str(struct tpl_ctx *c, const char *s, size_t n, const struct vb_loc *loc)
{
	return vb_value_str(c->a, s, n, loc);
}

int
tpl_str_buf(struct tpl_ctx *c, struct vb_buf *b, const struct vb_loc *loc,
    const struct vb_loc *where, struct vb_value **out)
{
	if (b->len > TPL_MAX_STRING) {
		limit(c, where, "a string longer than 1 MiB");
		return -1;
	}
	if (!memory_ok(c, where))
		return -1;
	*out = tpl_str(c, b->data ? b->data : "", b->len, loc);
	return 0;
}

int
tpl_blank(const struct vb_value *v)
{
	return v == NULL || v->type == VB_NULL ||
	    (v->type == VB_STR && v->u.str.len == 0);
}

const char *
tpl_a_type(const struct vb_value *v)
{
	switch (v->type) {
	case VB_NULL: return "null";
	case VB_BOOL: return "a bool";
	case VB_NUM: return "a number";
	case VB_STR: return "a string";
	case VB_DATE: return "a date";
	case VB_LIST: return "a list";
	case VB_MAP: return "a map";
	default: return "a value";
	}
}

int
tpl_text(struct tpl_ctx *c, const struct vb_value *v,
    const struct vb_loc *where, struct vb_buf *out)
{
	switch (v->type) {
	case VB_NULL:
		return 0;
	case VB_BOOL:
		vb_buf_puts(out, v->u.b ? "có" : "không");
		return 0;
	case VB_NUM:
		if (v->u.num.lit != NULL) {
			vb_buf_puts(out, v->u.num.lit);
			return 0;
		}
		if (!isfinite(v->u.num.v)) {
			report(c, VB_ERR_TPL_TYPE, where, "the number is too "
			    "large to print");
			return -1;
		}
		if (vi_number(c->vi, v->u.num.v, -1, out) == -1) {
			report(c, VB_ERR_TPL_TYPE, where, "cannot print %g",
			    v->u.num.v);
			return -1;
		}
		return 0;
	case VB_STR:
		vb_buf_put(out, v->u.str.s, v->u.str.len);
		return 0;
	case VB_DATE:
		if (!vb_date_valid(v->u.date.y, v->u.date.m, v->u.date.d) ||
		    vi_date_short(c->vi, v->u.date.y, v->u.date.m,
		    v->u.date.d, out) == -1) {
			report(c, VB_ERR_TPL_TYPE, where, "not a real date");
			tpl_note_origin(c, v);
			return -1;
		}
		if (v->u.date.has_time)
			vb_buf_printf(out, " %02d:%02d", v->u.date.hh,
			    v->u.date.mm);
		return 0;
	case VB_LIST:
		report(c, VB_ERR_TPL_TYPE, where, "a list cannot be printed; "
		    "join it with '| noi' or loop over it");
		tpl_note_origin(c, v);
		return -1;
	default:
		report(c, VB_ERR_TPL_TYPE, where, "a map cannot be printed; "
		    "pick one of its fields with '.'");
		tpl_note_origin(c, v);
		return -1;
	}
}

/* ---- scopes ----------------------------------------------------------- */

static void
push(struct tpl_ctx *c, struct tpl_scope *s)
{
	memset(s, 0, sizeof(*s));
	s->up = c->sc;
	c->sc = s;
}

static void
pop(struct tpl_ctx *c)
{
	struct tpl_scope *s = c->sc;

	c->sc = s->up;
	free(s->vars);
}

static void
setvar(struct tpl_scope *s, const char *name, struct vb_value *v)
{
	size_t i;

	for (i = 0; i < s->nvars; i++)
		if (strcmp(s->vars[i].name, name) == 0) {
			s->vars[i].v = v;
			return;
		}
	if (s->nvars == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->vars = vb_xrealloc(s->vars, s->cap * sizeof(*s->vars));
	}
	s->vars[s->nvars].name = name;
	s->vars[s->nvars++].v = v;
}

static struct vb_value *
loop_value(struct tpl_ctx *c, struct tpl_scope *s, const struct vb_loc *loc)
{
	struct vb_value *m;

	if (s->loopv != NULL)
		return s->loopv;
	m = vb_value_map(c->a, loc);
	vb_map_set(c->a, m, "index", tpl_num(c, (double)s->index + 1, loc));
	vb_map_set(c->a, m, "index0", tpl_num(c, (double)s->index, loc));
	vb_map_set(c->a, m, "first", vb_value_bool(c->a, s->index == 0, loc));
	vb_map_set(c->a, m, "last", vb_value_bool(c->a,
	    s->index + 1 == s->ln, loc));
	vb_map_set(c->a, m, "length", tpl_num(c, (double)s->ln, loc));
	vb_map_set(c->a, m, "revindex", tpl_num(c,
	    (double)(s->ln - s->index), loc));
	vb_map_set(c->a, m, "revindex0", tpl_num(c,
	    (double)(s->ln - s->index - 1), loc));
	s->loopv = m;
	return m;
}

static struct vb_value *
lookup(struct tpl_ctx *c, const char *name, const struct vb_loc *loc)
{
	struct tpl_scope *s;
	struct vb_value  *v;
	size_t            i;

	for (s = c->sc; s != NULL; s = s->up) {
		for (i = s->nvars; i > 0; i--)
			if (strcmp(s->vars[i - 1].name, name) == 0)
				return s->vars[i - 1].v;
		if (s->is_loop && strcmp(name, "loop") == 0)
			return loop_value(c, s, loc);
		if (s->item_name != NULL && strcmp(name, s->item_name) == 0)
			return (struct vb_value *)s->item;
		if (s->item != NULL &&
		    (v = vb_map_get(s->item, name)) != NULL)
			return v;
	}
	return vb_map_get(c->data, name);
}

static void
add_keys(const struct vb_value *m, const char ***v, size_t *n, size_t *cap)
{
	size_t i;

	if (m == NULL || m->type != VB_MAP)
		return;
	for (i = 0; i < m->u.map.n; i++) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 32;
			*v = vb_xrealloc(*v, *cap * sizeof(**v));
		}
		(*v)[(*n)++] = m->u.map.k[i];
	}
}

static void
suggest_name(struct tpl_ctx *c, const char *name)
{
	struct tpl_scope *s;
	const char      **v = NULL, *near;
	size_t            n = 0, cap = 0, i;
	struct vb_value   names;

	memset(&names, 0, sizeof(names));
	for (s = c->sc; s != NULL; s = s->up) {
		for (i = 0; i < s->nvars + 2; i++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				v = vb_xrealloc(v, cap * sizeof(*v));
			}
			v[n++] = i < s->nvars ? s->vars[i].name :
			    i == s->nvars ? (s->is_loop ? "loop" : NULL) :
			    s->item_name;
		}
		add_keys(s->item, &v, &n, &cap);
	}
	add_keys(c->data, &v, &n, &cap);
	if ((near = tpl_closest(name, v, n)) != NULL)
		note(c, NULL, "did you mean '%s'?", near);
	free(v);
}

void
tpl_scope_push(struct tpl_ctx *c, struct tpl_scope *s,
    const struct vb_value *row, const char *name)
{
	push(c, s);
	s->item = row;
	s->item_name = name;
}

void
tpl_scope_set(struct tpl_scope *s, const char *name, struct vb_value *v)
{
	setvar(s, name, v);
}

void
tpl_scope_pop(struct tpl_ctx *c)
{
	pop(c);
}

/* ---- expressions ------------------------------------------------------ */

/* The source text of an expression, for messages ("don_vi[0]"). */
static const char *
expr_text(struct tpl_ctx *c, const struct tpl_node *e)
{
	if (e->loc.src != c->src->id || e->loc.off + e->loc.len > c->src->len ||
	    e->loc.len > 60)
		return "the value";
	return vb_arena_printf(c->a, "'%.*s'", (int)e->loc.len,
	    c->src->data + e->loc.off);
}

static int eval(struct tpl_ctx *, const struct tpl_node *, int,
    struct vb_value **);

static int
eval_attr(struct tpl_ctx *c, const struct tpl_node *e, int soft,
    struct vb_value **out)
{
	struct vb_value *o, *v;
	const char      *near;

	if (eval(c, e->a, soft, &o) == -1)
		return -1;
	if (o->type == VB_MAP) {
		if ((v = vb_map_get(o, e->s)) != NULL) {
			*out = v;
			return 0;
		}
		if (soft) {
			*out = vb_value_null(c->a, &e->loc);
			return 0;
		}
		report(c, VB_ERR_TPL_NOFIELD, &e->loc, "%s has no field '%s'",
		    expr_text(c, e->a), e->s);
		near = tpl_closest(e->s, o->u.map.k, o->u.map.n);
		if (near != NULL)
			note(c, NULL, "did you mean '%s'?", near);
		tpl_note_origin(c, o);
		return -1;
	}
	if (o->type == VB_DATE) {
		const char *f = e->s;
		int         x = -1;

		if (strcmp(f, "nam") == 0 || strcmp(f, "year") == 0)
			x = o->u.date.y;
		else if (strcmp(f, "thang") == 0 || strcmp(f, "month") == 0)
			x = o->u.date.m;
		else if (strcmp(f, "ngay") == 0 || strcmp(f, "day") == 0)
			x = o->u.date.d;
		if (x >= 0) {
			/* A literal, so that the year prints "2022". */
			*out = vb_value_num(c->a, x, vb_arena_printf(c->a,
			    "%d", x), &o->loc);
			return 0;
		}
	}
	if (soft && o->type == VB_NULL) {
		*out = o;
		return 0;
	}
	report(c, VB_ERR_TPL_TYPE, &e->loc, "%s is %s, which has no field "
	    "'%s'", expr_text(c, e->a), a_type(o), e->s);
	if (o->type == VB_DATE)
		note(c, NULL, "a date has the fields nam, thang and ngay");
	tpl_note_origin(c, o);
	return -1;
}

static int
eval_index(struct tpl_ctx *c, const struct tpl_node *e, int soft,
    struct vb_value **out)
{
	struct vb_value *o, *k, *v;
	double           i;
	size_t           n;

	if (eval(c, e->a, soft, &o) == -1 || tpl_eval(c, e->b, &k) == -1)
		return -1;
	if (o->type == VB_LIST && k->type == VB_NUM) {
		n = o->u.list.n;
		i = k->u.num.v;
		if (i < 0)
			i += (double)n;
		if (i == floor(i) && i >= 0 && i < (double)n) {
			*out = o->u.list.v[(size_t)i];
			return 0;
		}
		if (soft) {
			*out = vb_value_null(c->a, &e->loc);
			return 0;
		}
		report(c, VB_ERR_TPL_NOITEM, &e->b->loc, "%s has %zu item%s; "
		    "there is no item %g (the first is 0)",
		    expr_text(c, e->a), n, n == 1 ? "" : "s", k->u.num.v);
		return -1;
	}
	if (o->type == VB_MAP && k->type == VB_STR) {
		if ((v = vb_map_get(o, k->u.str.s)) != NULL) {
			*out = v;
			return 0;
		}
		if (soft) {
			*out = vb_value_null(c->a, &e->loc);
			return 0;
		}
		report(c, VB_ERR_TPL_NOFIELD, &e->b->loc, "%s has no field "
		    "\"%s\"", expr_text(c, e->a), k->u.str.s);
		return -1;
	}
	if (soft && o->type == VB_NULL) {
		*out = o;
		return 0;
	}
	report(c, VB_ERR_TPL_TYPE, &e->loc, "cannot index %s with %s",
	    a_type(o), a_type(k));
	tpl_note_origin(c, o);
	return -1;
}

int
tpl_equal(const struct vb_value *x, const struct vb_value *y)
{
	size_t i;

	if (x->type != y->type)
		return 0;
	switch (x->type) {
	case VB_NULL:
		return 1;
	case VB_BOOL:
		return x->u.b == y->u.b;
	case VB_NUM:
		return x->u.num.v == y->u.num.v;
	case VB_STR:
		return x->u.str.len == y->u.str.len &&
		    memcmp(x->u.str.s, y->u.str.s, x->u.str.len) == 0;
	case VB_DATE:
		return x->u.date.y == y->u.date.y &&
		    x->u.date.m == y->u.date.m && x->u.date.d == y->u.date.d;
	case VB_LIST:
		if (x->u.list.n != y->u.list.n)
			return 0;
		for (i = 0; i < x->u.list.n; i++)
			if (!equal(x->u.list.v[i], y->u.list.v[i]))
				return 0;
		return 1;
	case VB_MAP:
		if (x->u.map.n != y->u.map.n)
			return 0;
		for (i = 0; i < x->u.map.n; i++) {
			struct vb_value *o = vb_map_get(y, x->u.map.k[i]);

			if (o == NULL || !equal(x->u.map.v[i], o))
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

static int
datecmp(const struct vb_value *x, const struct vb_value *y)
{
	long a = (long)x->u.date.y * 10000 + x->u.date.m * 100 + x->u.date.d;
	long b = (long)y->u.date.y * 10000 + y->u.date.m * 100 + y->u.date.d;

	if (a == b) {
		a = x->u.date.hh * 60 + x->u.date.mm;
		b = y->u.date.hh * 60 + y->u.date.mm;
	}
	return a < b ? -1 : a > b;
}

int
tpl_order(struct tpl_ctx *c, const struct vb_value *x,
    const struct vb_value *y)
{
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	switch (x->type) {
	case VB_BOOL:
		return x->u.b - y->u.b;
	case VB_NUM:
		return x->u.num.v < y->u.num.v ? -1 : x->u.num.v > y->u.num.v;
	case VB_STR:
		return vi_cmp(c->vi, x->u.str.s, y->u.str.s);
	case VB_DATE:
		return datecmp(x, y);
	case VB_LIST:
		return x->u.list.n < y->u.list.n ? -1 :
		    x->u.list.n > y->u.list.n;
	default:
		return 0;
	}
}

static const char *
verb(enum tpl_op op)
{
	switch (op) {
	case OP_ADD: return "add";
	case OP_SUB: return "subtract";
	case OP_MUL: return "multiply";
	case OP_DIV: return "divide";
	case OP_MOD: return "take the remainder of";
	default: return "compare";
	}
}

static int
arith(struct tpl_ctx *c, const struct tpl_node *e, struct vb_value *x,
    struct vb_value *y, struct vb_value **out)
{
	struct vb_value *bad;
	double           a, b, r;

	bad = x->type != VB_NUM && x->type != VB_NULL ? x :
	    y->type != VB_NUM && y->type != VB_NULL ? y : NULL;
	if (bad != NULL) {
		report(c, VB_ERR_TPL_TYPE, &e->loc, "cannot %s %s", verb(e->op),
		    a_type(bad));
		if (bad->type == VB_STR && e->op == OP_ADD)
			note(c, NULL, "join text with '~'");
		else if (bad->type == VB_DATE && e->op == OP_SUB)
			note(c, NULL, "count days with '| so_ngay'");
		tpl_note_origin(c, bad);
		return -1;
	}
	a = x->type == VB_NUM ? x->u.num.v : 0;
	b = y->type == VB_NUM ? y->u.num.v : 0;
	switch (e->op) {
	case OP_ADD: r = a + b; break;
	case OP_SUB: r = a - b; break;
	case OP_MUL: r = a * b; break;
	case OP_DIV:
	case OP_MOD:
		if (b == 0) {
			report(c, VB_ERR_TPL_DIVZERO, &e->b->loc, "%s is 0",
			    expr_text(c, e->b));
			note(c, NULL, "'| ty_le' and '| ti_so' leave a blank "
			    "for a zero denominator");
			tpl_note_origin(c, y);
			return -1;
		}
		r = e->op == OP_DIV ? a / b : fmod(a, b);
		break;
	default:
		r = 0;
		break;
	}
	if (!isfinite(r)) {
		report(c, VB_ERR_TPL_TYPE, &e->loc, "the result is too large");
		return -1;
	}
	if (!memory_ok(c, &e->loc))
		return -1;
	*out = tpl_num(c, r, &e->loc);
	return 0;
}

static int
compare(struct tpl_ctx *c, const struct tpl_node *e, struct vb_value *x,
    struct vb_value *y, struct vb_value **out)
{
	int r = 0, ok;
	size_t i;

	switch (e->op) {
	case OP_EQ:
	case OP_NE:
		r = equal(x, y);
		if (e->op == OP_NE)
			r = !r;
		break;
	case OP_IN:
	case OP_NOTIN:
		if (y->type == VB_LIST) {
			for (i = 0; i < y->u.list.n && !r; i++)
				r = equal(x, y->u.list.v[i]);
		} else if (y->type == VB_MAP && x->type == VB_STR) {
			r = vb_map_get(y, x->u.str.s) != NULL;
		} else if (y->type == VB_STR && x->type == VB_STR) {
			r = x->u.str.len == 0 ||
			    (y->u.str.len >= x->u.str.len &&
			    strstr(y->u.str.s, x->u.str.s) != NULL);
		} else if (y->type == VB_NULL) {
			r = 0;
		} else {
			report(c, VB_ERR_TPL_TYPE, &e->loc,
			    "cannot look for %s in %s", a_type(x), a_type(y));
			tpl_note_origin(c, y);
			return -1;
		}
		if (e->op == OP_NOTIN)
			r = !r;
		break;
	default: {
		struct vb_value zx, zy;

		/* null is 0 next to a number. */
		if (x->type == VB_NULL && y->type == VB_NUM) {
			zx = *y;
			zx.u.num.v = 0;
			x = &zx;
		} else if (y->type == VB_NULL && x->type == VB_NUM) {
			zy = *x;
			zy.u.num.v = 0;
			y = &zy;
		}
		ok = x->type == y->type && (x->type == VB_NUM ||
		    x->type == VB_STR || x->type == VB_DATE);
		if (!ok) {
			report(c, VB_ERR_TPL_TYPE, &e->loc, "cannot compare %s "
			    "with %s", a_type(x), a_type(y));
			tpl_note_origin(c, x->type == VB_NUM ? y : x);
			return -1;
		}
		r = tpl_order(c, x, y);
		switch (e->op) {
		case OP_LT: r = r < 0; break;
		case OP_LE: r = r <= 0; break;
		case OP_GT: r = r > 0; break;
		default: r = r >= 0; break;
		}
		break;
	}
	}
	*out = vb_value_bool(c->a, r, &e->loc);
	return 0;
}

static int
eval_filter(struct tpl_ctx *c, const struct tpl_node *e,
    struct vb_value **out)
{
	const struct tpl_filter *f = e->f;
	struct vb_value         *in, *argv[16];
	size_t                   i;
	int                      soft;

	soft = (f->flags & TF_SOFT) && (e->a->k == TN_VAR ||
	    e->a->k == TN_ATTR || e->a->k == TN_INDEX);
	if (eval(c, e->a, soft, &in) == -1)
		return -1;
	if (!(f->flags & TF_LAZY))
		for (i = 0; i < e->nargs && i < 16; i++)
			if (tpl_eval(c, e->args[i], &argv[i]) == -1)
				return -1;
	if (!memory_ok(c, &e->loc))
		return -1;
	return f->fn(c, e, in, (f->flags & TF_LAZY) ? NULL : argv, out);
}

static int
eval(struct tpl_ctx *c, const struct tpl_node *e, int soft,
    struct vb_value **out)
{
	struct vb_value *x, *y;
	struct vb_buf    b = VB_BUF_INIT;
	const struct tpl_node *i;
	int              rc;

	if (c->stopped)
		return -1;
	if (++c->steps > TPL_MAX_STEPS) {
		limit(c, &e->loc, "more than 20000000 steps of evaluation");
		return -1;
	}
	switch (e->k) {
	case TN_NUM:
		*out = vb_value_num(c->a, e->num, e->s, &e->loc);
		return 0;
	case TN_STR:
		/* The literal's text is in the arena already: no copy. */
		*out = vb_arena_alloc(c->a, sizeof(**out));
		(*out)->type = VB_STR;
		(*out)->loc = e->loc;
		(*out)->u.str.s = e->s;
		(*out)->u.str.len = e->n;
		return 0;
	case TN_BOOL:
		*out = vb_value_bool(c->a, e->num != 0, &e->loc);
		return 0;
	case TN_NULL:
		*out = vb_value_null(c->a, &e->loc);
		return 0;
	case TN_VAR:
		if ((*out = lookup(c, e->s, &e->loc)) != NULL)
			return 0;
		if (soft) {
			*out = vb_value_null(c->a, &e->loc);
			return 0;
		}
		report(c, VB_ERR_TPL_UNDEFINED, &e->loc, "%s", e->s);
		suggest_name(c, e->s);
		return -1;
	case TN_ATTR:
		return eval_attr(c, e, soft, out);
	case TN_INDEX:
		return eval_index(c, e, soft, out);
	case TN_LIST:
		*out = vb_value_list(c->a, &e->loc);
		for (i = e->a; i != NULL; i = i->next) {
			if (tpl_eval(c, i, &x) == -1)
				return -1;
			vb_list_push(c->a, *out, x);
		}
		return 0;
	case TN_NEG:
		if (tpl_eval(c, e->a, &x) == -1)
			return -1;
		if (x->type != VB_NUM && x->type != VB_NULL) {
			report(c, VB_ERR_TPL_TYPE, &e->loc, "cannot negate %s",
			    a_type(x));
			tpl_note_origin(c, x);
			return -1;
		}
		*out = tpl_num(c, x->type == VB_NUM ? -x->u.num.v : 0, &e->loc);
		return 0;
	case TN_NOT:
		if (tpl_eval(c, e->a, &x) == -1)
			return -1;
		*out = vb_value_bool(c->a, !vb_value_truthy(x), &e->loc);
		return 0;
	case TN_AND:
	case TN_OR:
		if (tpl_eval(c, e->a, &x) == -1)
			return -1;
		if (vb_value_truthy(x) == (e->k == TN_OR)) {
			*out = x;
			return 0;
		}
		return tpl_eval(c, e->b, out);
	case TN_BIN:
		if (tpl_eval(c, e->a, &x) == -1 || tpl_eval(c, e->b, &y) == -1)
			return -1;
		if (e->op == OP_CAT) {
			/* Each side is within the limit; the sum is checked. */
			rc = -1;
			if (tpl_text(c, x, &e->a->loc, &b) == 0 &&
			    tpl_text(c, y, &e->b->loc, &b) == 0)
				rc = tpl_str_buf(c, &b, &e->loc, &e->loc, out);
			vb_buf_free(&b);
			return rc;
		}
		if (e->op >= OP_EQ)
			return compare(c, e, x, y, out);
		return arith(c, e, x, y, out);
	case TN_FILTER:
		return eval_filter(c, e, out);
	default:
		report(c, VB_ERR_INTERNAL, &e->loc, "not an expression");
		return -1;
	}
}

int
tpl_eval(struct tpl_ctx *c, const struct tpl_node *e, struct vb_value **out)
{
	return eval(c, e, 0, out);
}

int
tpl_eval_row(struct tpl_ctx *c, const struct tpl_node *e,
    const struct vb_value *row, const char *name, struct vb_value **out)
{
	struct tpl_scope s;
	int              rc;

	push(c, &s);
	s.item = row;
	s.item_name = name;
	rc = tpl_eval(c, e, out);
	pop(c);
	return rc;
}

/* ---- output ----------------------------------------------------------- */

static void
map_add(struct tpl_ctx *c, size_t md_off, size_t len, size_t tpl_off,
    long slot)
{
	struct vb_srcmap *m;

	if (c->plain || len == 0)
		return;
	if (c->nmap > 0 && slot < 0) {
		m = &c->map[c->nmap - 1];
		if (m->slot < 0 && m->md_off + m->len == md_off &&
		    m->tpl_off + m->len == tpl_off) {
			m->len += len;
			return;
		}
	}
	if (c->nmap == c->mapcap) {
		c->mapcap = c->mapcap ? c->mapcap * 2 : 64;
		c->map = vb_xrealloc(c->map, c->mapcap * sizeof(*c->map));
	}
	m = &c->map[c->nmap++];
	m->md_off = md_off;
	m->len = len;
	m->tpl_off = tpl_off;
	m->slot = slot;
}

static int
output_ok(struct tpl_ctx *c, const struct vb_loc *loc)
{
	if (c->out->len <= TPL_MAX_OUTPUT)
		return 1;
	limit(c, loc, "the expanded text is longer than 16 MiB");
	return 0;
}

const char *
tpl_nfc(struct tpl_ctx *c, struct vb_buf *b, size_t *len)
{
	struct vb_buf n = VB_BUF_INIT;
	const char   *s = b->data ? b->data : "";
	char         *r;

	if (b->len == 0 || vi_is_nfc(c->vi, s, b->len)) {
		*len = b->len;
		return vb_arena_strndup(c->a, s, b->len);
	}
	if (vi_nfc(c->vi, s, b->len, &n, NULL) == -1) {
		*len = b->len;
		r = vb_arena_strndup(c->a, s, b->len);
	} else {
		*len = n.len;
		r = vb_arena_strndup(c->a, n.data ? n.data : "", n.len);
	}
	vb_buf_free(&n);
	return r;
}

static struct vb_slot *
new_slot(struct tpl_ctx *c, const struct vb_loc *loc)
{
	struct vb_slot *s;

	if (c->nslots >= VB_TPL_MAX_SLOTS) {
		limit(c, loc, "more than 131068 values in one document");
		return NULL;
	}
	if (c->nslots == c->slotcap) {
		c->slotcap = c->slotcap ? c->slotcap * 2 : 64;
		c->slots = vb_xrealloc(c->slots,
		    c->slotcap * sizeof(*c->slots));
	}
	s = &c->slots[c->nslots++];
	memset(s, 0, sizeof(*s));
	s->loc = *loc;
	s->text = "";
	return s;
}

static void
put_sentinel(struct tpl_ctx *c, size_t i, const struct vb_loc *loc)
{
	size_t at = c->out->len;

	vb_buf_put_cp(c->out, vb_tpl_sentinel(i));
	map_add(c, at, c->out->len - at, loc->off, (long)i);
}

static int
exec_out(struct tpl_ctx *c, const struct tpl_node *n)
{
	struct vb_value *v;
	struct vb_slot  *s;
	struct vb_buf    b = VB_BUF_INIT;
	size_t           i;
	int              rc = -1;

	if (tpl_eval(c, n->a, &v) == -1)
		goto out;
	if (tpl_text(c, v, &n->loc, &b) == -1)
		goto out;
	if (c->plain) {
		vb_buf_put(c->out, b.data ? b.data : "", b.len);
		rc = 0;
		goto out;
	}
	if ((s = new_slot(c, &n->loc)) == NULL)
		goto out;
	s->text = tpl_nfc(c, &b, &s->len);
	if (v->loc.src != 0 && v->loc.src != c->src->id)
		s->data_loc = v->loc;
	i = (size_t)(s - c->slots);
	put_sentinel(c, i, &n->loc);
	rc = 0;
out:
	vb_buf_free(&b);
	return rc;
}

static int
exec_table(struct tpl_ctx *c, const struct tpl_node *n)
{
	struct vb_table_out *t;
	struct vb_slot      *s;
	size_t               i, len;

	if (c->plain) {
		report(c, VB_ERR_TPL_TABLE, &n->loc, "a table cannot be used "
		    "here");
		return -1;
	}
	if (tpl_table_eval(c, n->table, &t) == -1)
		return -1;
	if ((s = new_slot(c, &n->loc)) == NULL)
		return -1;
	s->table = t;
	i = (size_t)(s - c->slots);
	/* A paragraph of its own: a blank line before and after. */
	len = c->out->len;
	if (len > 0 && c->out->data[len - 1] != '\n')
		vb_buf_putc(c->out, '\n');
	len = c->out->len;
	if (len > 1 && c->out->data[len - 2] != '\n')
		vb_buf_putc(c->out, '\n');
	put_sentinel(c, i, &n->loc);
	vb_buf_puts(c->out, "\n\n");
	return 0;
}

static int
exec_for(struct tpl_ctx *c, const struct tpl_node *n)
{
	struct vb_value  *v, *k;
	struct tpl_scope  s;
	size_t            i, len;
	int               rc = 0;

	if (tpl_eval(c, n->a, &v) == -1)
		return -1;
	if (v->type == VB_NULL)
		len = 0;
	else if (v->type == VB_LIST)
		len = v->u.list.n;
	else if (v->type == VB_MAP)
		len = v->u.map.n;
	else {
		report(c, VB_ERR_TPL_TYPE, &n->a->loc, "cannot loop over %s",
		    a_type(v));
		tpl_note_origin(c, v);
		return -1;
	}
	if (v->type == VB_LIST && n->s2 != NULL) {
		report(c, VB_ERR_TPL_TYPE, &n->a->loc, "a list gives one "
		    "value per round: write '{%% for %s in … %%}' and use "
		    "loop.index", n->s2);
		return -1;
	}
	if (len == 0)
		return tpl_exec(c, n->c);
	push(c, &s);
	s.is_loop = 1;
	s.ln = len;
	for (i = 0; i < len && !c->stopped; i++) {
		if (++c->iters > TPL_MAX_ITER) {
			limit(c, &n->loc, "more than 1000000 loop rounds");
			rc = -1;
			break;
		}
		s.nvars = 0;
		s.index = i;
		s.loopv = NULL;
		if (v->type == VB_LIST)
			setvar(&s, n->s, v->u.list.v[i]);
		else {
			k = tpl_str(c, v->u.map.k[i], strlen(v->u.map.k[i]),
			    &v->loc);
			setvar(&s, n->s, k);
			if (n->s2 != NULL)
				setvar(&s, n->s2, v->u.map.v[i]);
		}
		if (tpl_exec(c, n->b) == -1)
			rc = -1;
	}
	pop(c);
	return rc;
}

int
tpl_render(struct tpl_ctx *c, const struct tpl_node *body, struct vb_buf *out)
{
	struct vb_buf *save = c->out;
	int            plain = c->plain, rc;

	c->out = out;
	c->plain = 1;
	rc = tpl_exec(c, body);
	c->out = save;
	c->plain = plain;
	return rc;
}

/* An if, its elifs (each an IF node in c) and its else. */
static int
exec_if(struct tpl_ctx *c, const struct tpl_node *n)
{
	struct vb_value *v;

	for (; n != NULL; n = n->c) {
		if (tpl_eval(c, n->a, &v) == -1)
			return -1;
		if (vb_value_truthy(v))
			return tpl_exec(c, n->b);
		if (n->c != NULL && n->c->k != TN_IF)
			return tpl_exec(c, n->c);
	}
	return 0;
}

int
tpl_exec(struct tpl_ctx *c, const struct tpl_node *body)
{
	const struct tpl_node *n;
	struct vb_value       *v;
	size_t                 at;
	int                    rc = 0;

	for (n = body; n != NULL && !c->stopped; n = n->next) {
		switch (n->k) {
		case TN_TEXT:
			at = c->out->len;
			vb_buf_put(c->out, c->src->data + n->toff, n->n);
			map_add(c, at, n->n, n->toff, -1);
			break;
		case TN_OUT:
			if (exec_out(c, n) == -1)
				rc = -1;
			break;
		case TN_IF:
			if (exec_if(c, n) == -1)
				rc = -1;
			break;
		case TN_FOR:
			if (exec_for(c, n) == -1)
				rc = -1;
			break;
		case TN_SET:
			if (tpl_eval(c, n->a, &v) == -1)
				rc = -1;
			else
				setvar(c->sc, n->s, v);
			break;
		case TN_TABLE:
			if (exec_table(c, n) == -1)
				rc = -1;
			break;
		default:
			break;
		}
		if (!output_ok(c, &n->loc))
			rc = -1;
	}
	if (c->stopped)
		rc = -1;
	return rc;
}

/* ---- entry points ----------------------------------------------------- */

static void
ctx_init(struct tpl_ctx *c, struct vb_src *src, const struct vb_value *data,
    struct vb_vi *vi, struct vb_arena *a, struct vb_diag *d)
{
	memset(c, 0, sizeof(*c));
	c->a = a;
	c->d = d;
	c->vi = vi;
	c->src = src;
	c->data = data;
	c->mem0 = a->used;
	c->out = &c->md;
}

static void
ctx_free(struct tpl_ctx *c)
{
	free(c->slots);
	free(c->map);
	vb_buf_free(&c->md);
}

int
vb_tpl_eval(const struct vb_tpl *t, const struct vb_value *data,
    struct vb_vi *vi, struct vb_arena *a, struct vb_diag *d,
    struct vb_merged *out)
{
	struct tpl_ctx   c;
	struct tpl_scope top;
	int              rc;

	memset(out, 0, sizeof(*out));
	ctx_init(&c, t->src, data, vi, a, d);
	push(&c, &top);
	rc = tpl_exec(&c, t->body);
	pop(&c);
	if (c.nerr > 0)
		rc = -1;
	out->md.data = vb_arena_strndup(a, c.md.data ? c.md.data : "",
	    c.md.len);
	out->md.len = c.md.len;
	out->md.cap = 0;
	out->nslots = c.nslots;
	out->slots = vb_arena_alloc(a, c.nslots * sizeof(*out->slots));
	if (c.nslots > 0)
		memcpy(out->slots, c.slots, c.nslots * sizeof(*out->slots));
	out->nmap = c.nmap;
	out->map = vb_arena_alloc(a, c.nmap * sizeof(*out->map));
	if (c.nmap > 0)
		memcpy(out->map, c.map, c.nmap * sizeof(*out->map));
	out->src = t->src->id;
	ctx_free(&c);
	return rc;
}

int
vb_tpl_render_string(struct vb_src *src, size_t off, size_t len,
    const struct vb_value *data, struct vb_vi *vi, struct vb_arena *a,
    struct vb_diag *d, const char **out)
{
	struct tpl_ctx   c;
	struct tpl_scope top;
	struct tpl_node *body;
	size_t           n;
	int              rc = -1;

	*out = NULL;
	if (off > src->len || len > src->len - off) {
		vb_diag(d, VB_ERR_INTERNAL, NULL, "range out of bounds");
		return -1;
	}
	if (tpl_parse_body(src, off, len, 1, a, d, &body) == -1)
		return -1;
	ctx_init(&c, src, data, vi, a, d);
	c.plain = 1;
	push(&c, &top);
	if (tpl_exec(&c, body) == 0 && c.nerr == 0) {
		*out = tpl_nfc(&c, &c.md, &n);
		rc = 0;
	}
	pop(&c);
	ctx_free(&c);
	return rc;
}

int
vb_tpl_eval_expr(struct vb_src *src, size_t off, size_t len,
    const struct vb_value *data, struct vb_vi *vi, struct vb_arena *a,
    struct vb_diag *d, struct vb_value **out)
{
	struct tpl_ctx   c;
	struct tpl_scope top;
	struct tpl_node *e;
	int              rc = -1;

	*out = NULL;
	if (off > src->len || len > src->len - off) {
		vb_diag(d, VB_ERR_INTERNAL, NULL, "range out of bounds");
		return -1;
	}
	e = tpl_parse_expr(src->data + off, len, src->id, off, 1, NULL, a, d);
	if (e == NULL)
		return -1;
	ctx_init(&c, src, data, vi, a, d);
	push(&c, &top);
	if (tpl_eval(&c, e, out) == 0 && c.nerr == 0)
		rc = 0;
	else
		*out = NULL;
	pop(&c);
	ctx_free(&c);
	return rc;
}

int
vb_merged_loc(const struct vb_merged *m, size_t md_off, struct vb_loc *loc)
{
	size_t lo = 0, hi = m->nmap, mid;
	const struct vb_srcmap *e;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->map[mid].md_off + m->map[mid].len <= md_off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= m->nmap || m->map[lo].md_off > md_off)
		return -1;
	e = &m->map[lo];
	if (e->slot >= 0) {
		*loc = m->slots[e->slot].loc;
		return 0;
	}
	loc->src = m->src;
	loc->off = (uint32_t)(e->tpl_off + (md_off - e->md_off));
	loc->len = 1;
	loc->cell = NULL;
	return 0;
}

void
vb_merged_dump(const struct vb_merged *m, struct vb_buf *out)
{
	size_t   i, k;
	uint32_t cp;
	long     slot;

	for (i = 0; i < m->md.len; i += k) {
		k = vb_utf8_decode(m->md.data + i, m->md.len - i, &cp);
		if (k == 0) {
			vb_buf_putc(out, m->md.data[i]);
			k = 1;
			continue;
		}
		slot = vb_tpl_slot_index(cp);
		if (slot < 0 || (size_t)slot >= m->nslots) {
			vb_buf_put(out, m->md.data + i, k);
			continue;
		}
		if (m->slots[slot].table != NULL)
			vb_buf_printf(out, "⟦%ld:table⟧", slot);
		else {
			vb_buf_printf(out, "⟦%ld:", slot);
			vb_buf_put(out, m->slots[slot].text,
			    m->slots[slot].len);
			vb_buf_puts(out, "⟧");
		}
	}
}
