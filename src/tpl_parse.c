/*
 * tpl_parse.c — recursive-descent parser for the template language: the
 * pieces of tpl_lex.c become a statement tree (text, {{ }}, if, for, set,
 * tables) with expressions below. Errors are reported with their byte
 * range and parsing goes on at the next tag, so one run shows them all.
 *
 * Expression grammar, loosest first:
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | cmp
 *   cmp     := pipe [("==" | "!=" | "<" | "<=" | ">" | ">=" | "in"
 *              | "not" "in") pipe]
 *   pipe    := add ("|" NAME [":" arg ("," arg)* | "(" [or ("," or)*] ")"])*
 *   arg     := or, without "|" (a colon argument list ends at the next
 *              "|", so "x | f: a | g" is g(f(x, a)))
 *   add     := mul (("+" | "-" | "~") mul)*
 *   mul     := unary (("*" | "/" | "%") unary)*
 *   unary   := "-" unary | postfix
 *   postfix := primary ("." NAME | "." DIGITS | "[" or "]")*
 *   primary := NUMBER | STRING | true | false | null | NAME
 *              | "(" or ")" | "[" [or ("," or)*] "]"
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tpl_int.h"

/* Closing tags, as a mask for parse_body. */
#define S_ELIF    0x01
#define S_ELSE    0x02
#define S_ENDIF   0x04
#define S_ENDFOR  0x08

enum stop { STOP_EOF, STOP_TAG, STOP_OUTER };

struct parser {
	struct vb_src    *srcp;       /* NULL for a lone expression */
	int               src;
	struct vb_arena  *a;
	struct vb_diag   *d;
	struct tpl_lex   *L;
	size_t            pi;         /* the current piece */
	size_t            ti, tend;   /* tokens of the current tag */
	struct tpl_token  eof;        /* stands for the tag's closer */
	int               bdepth;     /* nested blocks */
	int               edepth;     /* nesting inside an expression */
	int               depth_said; /* the depth error was reported */
	int               stop;       /* give up: a limit was hit */
	int               expr_only;  /* a lone expression, not a tag */
	int               shown;      /* errors printed */
	size_t            lexi;       /* lexical errors printed so far */
	int               open_if, open_for;
	int               notables;
};

static const char *const tag_names[] = {
	"if", "elif", "else", "endif", "for", "endfor", "set", "raw", "endraw"
};

static struct tpl_node *p_or(struct parser *, int);

/* Prints one error, unless TPL_MAX_ERRORS were printed already. */
static void
show(struct parser *ps, enum vb_err code, const struct vb_loc *loc,
    const char *msg)
{
	ps->shown++;
	if (ps->shown > TPL_MAX_ERRORS + 1)
		return;
	if (ps->shown == TPL_MAX_ERRORS + 1) {
		vb_diag(ps->d, VB_ERR_TPL_LIMIT, loc,
		    "more than %d errors; stopping here", TPL_MAX_ERRORS);
		ps->stop = 1;
		return;
	}
	vb_diag(ps->d, code, loc, "%s", msg);
}

static void VB_PRINTF(4, 5)
err(struct parser *ps, enum vb_err code, const struct vb_loc *loc,
    const char *fmt, ...)
{
	struct vb_buf b = VB_BUF_INIT;
	va_list       ap;

	ps->L->nerr++;
	va_start(ap, fmt);
	vb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	show(ps, code, loc, b.data ? b.data : "");
	vb_buf_free(&b);
}

/* Prints the lexical errors before offset upto. */
static void
flush_lex(struct parser *ps, size_t upto)
{
	const struct tpl_lexerr *e;

	while (ps->lexi < ps->L->ne && ps->L->e[ps->lexi].loc.off < upto) {
		e = &ps->L->e[ps->lexi++];
		show(ps, e->code, &e->loc, e->msg);
	}
}

/* A "note:" after the last error, unless errors are no longer shown. */
static void VB_PRINTF(2, 3)
note(struct parser *ps, const char *fmt, ...)
{
	struct vb_buf b = VB_BUF_INIT;
	va_list       ap;

	if (ps->shown > TPL_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vb_diag_note(ps->d, NULL, "%s", b.data ? b.data : "");
	vb_buf_free(&b);
}

/* ---- did you mean ----------------------------------------------------- */

#define NEAR_MAX 64

static size_t
cps(const char *s, uint32_t *v)
{
	size_t n = 0, i = 0, len = strlen(s), k;

	while (i < len && n < NEAR_MAX) {
		if ((k = vb_utf8_decode(s + i, len - i, &v[n])) == 0) {
			v[n] = (unsigned char)s[i];
			k = 1;
		}
		i += k;
		n++;
	}
	return n;
}

/* Optimal string alignment distance (a swap of neighbours costs one). */
static size_t
distance(const uint32_t *x, size_t n, const uint32_t *y, size_t m)
{
	unsigned short dd[NEAR_MAX + 1][NEAR_MAX + 1];
	size_t         i, j, c, best, v;

	for (i = 0; i <= n; i++)
		dd[i][0] = (unsigned short)i;
	for (j = 0; j <= m; j++)
		dd[0][j] = (unsigned short)j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			c = x[i - 1] != y[j - 1];
			best = (size_t)dd[i - 1][j] + 1;
			if ((v = (size_t)dd[i][j - 1] + 1) < best)
				best = v;
			if ((v = (size_t)dd[i - 1][j - 1] + c) < best)
				best = v;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
			    x[i - 2] == y[j - 1] &&
			    (v = (size_t)dd[i - 2][j - 2] + 1) < best)
				best = v;
			dd[i][j] = (unsigned short)best;
		}
	return dd[n][m];
}

const char *
tpl_closest(const char *name, const char *const *cands, size_t n)
{
	uint32_t    x[NEAR_MAX], y[NEAR_MAX];
	size_t      xn = cps(name, x), yn, i, dist, best = (size_t)-1, limit;
	const char *pick = NULL;

	limit = xn <= 2 ? 1 : xn <= 5 ? 2 : 3;
	for (i = 0; i < n; i++) {
		if (cands[i] == NULL || strcmp(cands[i], name) == 0)
			continue;
		yn = cps(cands[i], y);
		dist = distance(x, xn, y, yn);
		/* "ten" for "ten_don_vi": a prefix of three letters or more. */
		if (dist > limit && xn >= 3 && yn > xn &&
		    strncmp(cands[i], name, strlen(name)) == 0)
			dist = limit;
		if (dist <= limit && dist < best) {
			best = dist;
			pick = cands[i];
		}
	}
	return pick;
}

/* ---- tokens ----------------------------------------------------------- */

static const struct tpl_token *
peek(struct parser *ps)
{
	return ps->ti < ps->tend ? &ps->L->t[ps->ti] : &ps->eof;
}

static const struct tpl_token *
peek2(struct parser *ps)
{
	return ps->ti + 1 < ps->tend ? &ps->L->t[ps->ti + 1] : &ps->eof;
}

static const struct tpl_token *
next(struct parser *ps)
{
	const struct tpl_token *t = peek(ps);

	if (ps->ti < ps->tend)
		ps->ti++;
	return t;
}

static int
is_word(const struct tpl_token *t, const char *w)
{
	return t->t == TK_IDENT && strcmp(t->s, w) == 0;
}

/* How a token reads in a message. */
static const char *
tokname(struct parser *ps, const struct tpl_token *t)
{
	static const char *const fixed[] = {
		[TK_LP] = "'('", [TK_RP] = "')'", [TK_LB] = "'['",
		[TK_RB] = "']'", [TK_DOT] = "'.'", [TK_COMMA] = "','",
		[TK_COLON] = "':'", [TK_PIPE] = "'|'", [TK_PLUS] = "'+'",
		[TK_MINUS] = "'-'", [TK_STAR] = "'*'", [TK_SLASH] = "'/'",
		[TK_PCT] = "'%'", [TK_TILDE] = "'~'", [TK_EQ] = "'=='",
		[TK_NE] = "'!='", [TK_LT] = "'<'", [TK_LE] = "'<='",
		[TK_GT] = "'>'", [TK_GE] = "'>='", [TK_ASSIGN] = "'='",
	};

	switch (t->t) {
	case TK_EOF:
		return ps->expr_only ? "the end" :
		    "the end of the tag";
	case TK_IDENT:
		return vb_arena_printf(ps->a, "'%s'", t->s);
	case TK_NUM:
		return vb_arena_printf(ps->a, "number %s", t->s);
	case TK_STR:
		return "a string";
	case TK_BAD:
		return "a bad token";
	default:
		return fixed[t->t];
	}
}

static struct vb_loc
span(const struct vb_loc *a, const struct vb_loc *b)
{
	struct vb_loc l = *a;

	if (a->src == b->src && b->off + b->len > a->off)
		l.len = b->off + b->len - a->off;
	return l;
}

static struct tpl_node *
node(struct parser *ps, enum tpl_nkind k, const struct vb_loc *loc)
{
	struct tpl_node *n = vb_arena_alloc(ps->a, sizeof(*n));

	n->k = k;
	if (loc != NULL)
		n->loc = *loc;
	return n;
}

/* Reports "expected X, found Y" at the current token; a bad token was
 * reported by the lexer already. Returns NULL. */
static struct tpl_node *
expected(struct parser *ps, const char *what)
{
	const struct tpl_token *t = peek(ps);

	if (t->t != TK_BAD)
		err(ps, VB_ERR_TPL_SYNTAX, &t->loc, "expected %s, found %s",
		    what, tokname(ps, t));
	return NULL;
}

/* One level deeper in blocks (block) or in an expression; -1 past the
 * limit, reported once per parse. */
static int
enter(struct parser *ps, const struct vb_loc *loc, int block)
{
	int *depth = block ? &ps->bdepth : &ps->edepth;
	int  max = block ? TPL_MAX_DEPTH : TPL_MAX_EXPR;

	if (*depth >= max) {
		if (!ps->depth_said)
			err(ps, VB_ERR_TPL_LIMIT, loc, "%s nested deeper than "
			    "%d levels", block ? "blocks" : "expression",
			    max);
		ps->depth_said = 1;
		ps->stop = block;
		return -1;
	}
	(*depth)++;
	return 0;
}

/* ---- expressions ------------------------------------------------------ */

static int
keyword(const char *s)
{
	return strcmp(s, "and") == 0 || strcmp(s, "or") == 0 ||
	    strcmp(s, "not") == 0 || strcmp(s, "in") == 0;
}

static struct tpl_node *
p_list(struct parser *ps)
{
	const struct tpl_token *open = next(ps);
	struct tpl_node *n = node(ps, TN_LIST, &open->loc), **tail = &n->a;

	if (peek(ps)->t != TK_RB) {
		for (;;) {
			if ((*tail = p_or(ps, 0)) == NULL)
				return NULL;
			tail = &(*tail)->next;
			if (peek(ps)->t != TK_COMMA)
				break;
			next(ps);
		}
	}
	if (peek(ps)->t != TK_RB)
		return expected(ps, "',' or ']'");
	n->loc = span(&open->loc, &next(ps)->loc);
	return n;
}

static struct tpl_node *
p_primary(struct parser *ps)
{
	const struct tpl_token *t = peek(ps);
	struct tpl_node        *n;

	switch (t->t) {
	case TK_NUM:
		next(ps);
		n = node(ps, TN_NUM, &t->loc);
		n->num = t->num;
		n->s = t->s;
		n->n = t->n;
		return n;
	case TK_STR:
		next(ps);
		n = node(ps, TN_STR, &t->loc);
		n->s = t->s;
		n->n = t->n;
		return n;
	case TK_IDENT:
		if (keyword(t->s))
			return expected(ps, "a value");
		next(ps);
		if (strcmp(t->s, "true") == 0 || strcmp(t->s, "false") == 0) {
			n = node(ps, TN_BOOL, &t->loc);
			n->num = t->s[0] == 't';
			return n;
		}
		if (strcmp(t->s, "null") == 0 || strcmp(t->s, "none") == 0)
			return node(ps, TN_NULL, &t->loc);
		n = node(ps, TN_VAR, &t->loc);
		n->s = t->s;
		n->n = t->n;
		return n;
	case TK_LP: {
		struct vb_loc open = t->loc;

		next(ps);
		if ((n = p_or(ps, 0)) == NULL)
			return NULL;
		if (peek(ps)->t != TK_RP)
			return expected(ps, "')'");
		n->loc = span(&open, &next(ps)->loc);
		return n;
	}
	case TK_LB:
		return p_list(ps);
	default:
		return expected(ps, "a value");
	}
}

static struct tpl_node *
p_postfix(struct parser *ps)
{
	struct tpl_node *n, *x;
	const struct tpl_token *t;

	if ((n = p_primary(ps)) == NULL)
		return NULL;
	for (;;) {
		if (peek(ps)->t == TK_DOT) {
			next(ps);
			t = peek(ps);
			if (t->t == TK_IDENT) {
				next(ps);
				x = node(ps, TN_ATTR, NULL);
				x->a = n;
				x->s = t->s;
				x->n = t->n;
			} else if (t->t == TK_NUM &&
			    strchr(t->s, '.') == NULL) {
				next(ps);
				x = node(ps, TN_INDEX, NULL);
				x->a = n;
				x->b = node(ps, TN_NUM, &t->loc);
				x->b->num = t->num;
				x->b->s = t->s;
			} else
				return expected(ps, "a field name after '.'");
			x->loc = span(&n->loc, &t->loc);
			n = x;
		} else if (peek(ps)->t == TK_LB) {
			next(ps);
			x = node(ps, TN_INDEX, NULL);
			x->a = n;
			if ((x->b = p_or(ps, 0)) == NULL)
				return NULL;
			if (peek(ps)->t != TK_RB)
				return expected(ps, "']'");
			x->loc = span(&n->loc, &next(ps)->loc);
			n = x;
		} else
			return n;
	}
}

static struct tpl_node *
p_unary(struct parser *ps)
{
	const struct tpl_token *t = peek(ps);
	struct tpl_node        *n, *x;

	if (t->t != TK_MINUS)
		return p_postfix(ps);
	if (enter(ps, &t->loc, 0) == -1)
		return NULL;
	next(ps);
	x = p_unary(ps);
	ps->edepth--;
	if (x == NULL)
		return NULL;
	/* Fold "-5" into a literal so that it prints as written. */
	if (x->k == TN_NUM && x->loc.off == t->loc.off + 1) {
		x->num = -x->num;
		x->s = vb_arena_printf(ps->a, "-%s", x->s);
		x->loc = span(&t->loc, &x->loc);
		return x;
	}
	n = node(ps, TN_NEG, NULL);
	n->a = x;
	n->loc = span(&t->loc, &x->loc);
	return n;
}

static struct tpl_node *
binary(struct parser *ps, enum tpl_nkind k, enum tpl_op op,
    struct tpl_node *l, struct tpl_node *r)
{
	struct tpl_node *n = node(ps, k, NULL);

	n->op = op;
	n->a = l;
	n->b = r;
	n->loc = span(&l->loc, &r->loc);
	return n;
}

/*
 * The operator of token t at an arithmetic level, or -1: level 1 binds
 * "* / %" over unary operands, level 0 "+ - ~" over level 1.
 */
static int
arith_op(int level, int t)
{
	if (level == 1)
		return t == TK_STAR ? OP_MUL : t == TK_SLASH ? OP_DIV :
		    t == TK_PCT ? OP_MOD : -1;
	return t == TK_PLUS ? OP_ADD : t == TK_MINUS ? OP_SUB :
	    t == TK_TILDE ? OP_CAT : -1;
}

/* Left-associative binary operators of one arithmetic level. */
static struct tpl_node *
p_arith(struct parser *ps, int level)
{
	struct tpl_node *l, *r;
	int              op, extra = 0;

	if ((l = level == 1 ? p_unary(ps) : p_arith(ps, 1)) == NULL)
		return NULL;
	for (;; extra++) {
		if ((op = arith_op(level, peek(ps)->t)) == -1)
			break;
		if (enter(ps, &peek(ps)->loc, 0) == -1) {
			l = NULL;
			break;
		}
		next(ps);
		if ((r = level == 1 ? p_unary(ps) : p_arith(ps, 1)) == NULL) {
			l = NULL;
			extra++;
			break;
		}
		l = binary(ps, TN_BIN, (enum tpl_op)op, l, r);
	}
	ps->edepth -= extra;
	return l;
}

static int
p_args(struct parser *ps, struct tpl_node *f)
{
	struct tpl_node *v[16];
	size_t           n = 0;
	int              paren = peek(ps)->t == TK_LP;

	next(ps);
	if (paren && peek(ps)->t == TK_RP) {
		next(ps);
		return 0;
	}
	for (;;) {
		if (n == sizeof(v) / sizeof(v[0])) {
			err(ps, VB_ERR_TPL_ARGS, &peek(ps)->loc,
			    "too many arguments");
			return -1;
		}
		if ((v[n++] = p_or(ps, !paren)) == NULL)
			return -1;
		if (peek(ps)->t != TK_COMMA)
			break;
		next(ps);
	}
	if (paren) {
		if (peek(ps)->t != TK_RP) {
			expected(ps, "',' or ')'");
			return -1;
		}
		next(ps);
	}
	f->args = vb_arena_alloc(ps->a, n * sizeof(*f->args));
	memcpy(f->args, v, n * sizeof(*f->args));
	f->nargs = n;
	return 0;
}

/* One "| name[: args]" applied to l (the '|' is optional when bare). */
static struct tpl_node *
p_filter(struct parser *ps, struct tpl_node *l, int bare)
{
	struct tpl_node         *f;
	const struct tpl_token  *name;
	const struct tpl_filter *flt;
	const char              *near;
	struct vb_loc            fl;

	if (!bare || peek(ps)->t == TK_PIPE)
		next(ps);
	name = peek(ps);
	if (name->t != TK_IDENT)
		return expected(ps, "a filter name after '|'");
	next(ps);
	if ((flt = tpl_filter_find(name->s, name->n)) == NULL) {
		near = tpl_filter_suggest(name->s);
		err(ps, VB_ERR_TPL_FILTER, &name->loc, "%s", name->s);
		if (near != NULL)
			note(ps, "did you mean '%s'?", near);
		return NULL;
	}
	f = node(ps, TN_FILTER, NULL);
	f->a = l;
	f->f = flt;
	f->s = name->s;
	if ((peek(ps)->t == TK_COLON || peek(ps)->t == TK_LP) &&
	    p_args(ps, f) == -1)
		return NULL;
	f->loc = span(&l->loc, &ps->L->t[ps->ti - 1].loc);
	if ((int)f->nargs >= flt->min && (int)f->nargs <= flt->max)
		return f;
	fl = span(&name->loc, &f->loc);
	if (flt->min == flt->max)
		err(ps, VB_ERR_TPL_ARGS, &fl, "'%s' takes %d argument%s, "
		    "not %zu (%s)", name->s, flt->min, flt->min == 1 ? "" : "s",
		    f->nargs, flt->usage);
	else
		err(ps, VB_ERR_TPL_ARGS, &fl, "'%s' takes %d to %d arguments, "
		    "not %zu (%s)", name->s, flt->min, flt->max, f->nargs,
		    flt->usage);
	return NULL;
}

static struct tpl_node *
p_pipe(struct parser *ps, int nopipe)
{
	struct tpl_node *l;
	int              extra = 0;

	if ((l = p_arith(ps, 0)) == NULL)
		return NULL;
	while (l != NULL && !nopipe && peek(ps)->t == TK_PIPE) {
		if (enter(ps, &peek(ps)->loc, 0) == -1)
			return NULL;
		extra++;
		l = p_filter(ps, l, 0);
	}
	ps->edepth -= extra;
	return l;
}

static struct tpl_node *
p_cmp(struct parser *ps, int nopipe)
{
	struct tpl_node        *l, *r;
	const struct tpl_token *t;
	enum tpl_op             op;

	if ((l = p_pipe(ps, nopipe)) == NULL)
		return NULL;
	t = peek(ps);
	switch (t->t) {
	case TK_EQ: op = OP_EQ; break;
	case TK_NE: op = OP_NE; break;
	case TK_LT: op = OP_LT; break;
	case TK_LE: op = OP_LE; break;
	case TK_GT: op = OP_GT; break;
	case TK_GE: op = OP_GE; break;
	case TK_IDENT:
		if (strcmp(t->s, "in") == 0) {
			op = OP_IN;
			break;
		}
		if (strcmp(t->s, "not") == 0 && is_word(peek2(ps), "in")) {
			next(ps);
			op = OP_NOTIN;
			break;
		}
		return l;
	case TK_ASSIGN:
		err(ps, VB_ERR_TPL_SYNTAX, &t->loc,
		    "'=' assigns; compare with '=='");
		return NULL;
	default:
		return l;
	}
	next(ps);
	if ((r = p_pipe(ps, nopipe)) == NULL)
		return NULL;
	l = binary(ps, TN_BIN, op, l, r);
	switch (peek(ps)->t) {
	case TK_EQ: case TK_NE: case TK_LT: case TK_LE: case TK_GT: case TK_GE:
		err(ps, VB_ERR_TPL_SYNTAX, &peek(ps)->loc,
		    "comparisons cannot be chained; join them with 'and'");
		return NULL;
	default:
		return l;
	}
}

static struct tpl_node *
p_not(struct parser *ps, int nopipe)
{
	const struct tpl_token *t = peek(ps);
	struct tpl_node        *n, *x;

	if (!is_word(t, "not"))
		return p_cmp(ps, nopipe);
	if (enter(ps, &t->loc, 0) == -1)
		return NULL;
	next(ps);
	x = p_not(ps, nopipe);
	ps->edepth--;
	if (x == NULL)
		return NULL;
	n = node(ps, TN_NOT, NULL);
	n->a = x;
	n->loc = span(&t->loc, &x->loc);
	return n;
}

static struct tpl_node *
p_and(struct parser *ps, int nopipe)
{
	struct tpl_node *l, *r;

	int              extra = 0;

	if ((l = p_not(ps, nopipe)) == NULL)
		return NULL;
	while (is_word(peek(ps), "and")) {
		if (enter(ps, &peek(ps)->loc, 0) == -1) {
			l = NULL;
			break;
		}
		extra++;
		next(ps);
		if ((r = p_not(ps, nopipe)) == NULL) {
			l = NULL;
			break;
		}
		l = binary(ps, TN_AND, OP_EQ, l, r);
	}
	ps->edepth -= extra;
	return l;
}

static struct tpl_node *
p_or(struct parser *ps, int nopipe)
{
	struct tpl_node *l, *r;

	int              extra = 1;

	if (enter(ps, &peek(ps)->loc, 0) == -1)
		return NULL;
	if ((l = p_and(ps, nopipe)) == NULL)
		goto out;
	while (is_word(peek(ps), "or")) {
		if (enter(ps, &peek(ps)->loc, 0) == -1) {
			l = NULL;
			goto out;
		}
		extra++;
		next(ps);
		if ((r = p_and(ps, nopipe)) == NULL) {
			l = NULL;
			goto out;
		}
		l = binary(ps, TN_OR, OP_EQ, l, r);
	}
out:
	ps->edepth -= extra;
	return l;
}

/* A whole expression: all the tokens up to the closer. */
static struct tpl_node *
p_full(struct parser *ps, const char *what)
{
	struct tpl_node *n;

	ps->edepth = 0;
	if (peek(ps)->t == TK_EOF) {
		err(ps, VB_ERR_TPL_SYNTAX, &peek(ps)->loc, "%s is empty", what);
		return NULL;
	}
	if ((n = p_or(ps, 0)) == NULL)
		return NULL;
	if (peek(ps)->t != TK_EOF) {
		if (peek(ps)->t != TK_BAD)
			err(ps, VB_ERR_TPL_SYNTAX, &peek(ps)->loc,
			    "unexpected %s after the expression",
			    tokname(ps, peek(ps)));
		return NULL;
	}
	return n;
}

/* ---- statements ------------------------------------------------------- */

/* Points the token cursor at the tokens of piece i. */
static void
at_piece(struct parser *ps, size_t i)
{
	const struct tpl_piece *p = &ps->L->p[i];
	size_t                  end = p->loc.off + p->loc.len;

	ps->ti = p->tok0;
	ps->tend = p->tok0 + p->ntok;
	memset(&ps->eof, 0, sizeof(ps->eof));
	ps->eof.t = TK_EOF;
	ps->eof.loc = p->loc;
	if (p->loc.len >= 2 && !p->bad) {
		ps->eof.loc.off = (uint32_t)end - 2;
		ps->eof.loc.len = 2;
		if (p->trim_r) {
			ps->eof.loc.off--;
			ps->eof.loc.len++;
		}
	}
}

/* The name of tag piece i ("if", "endfor"), or NULL for a bad tag. */
static const char *
tag_name(struct parser *ps, size_t i)
{
	const struct tpl_piece *p = &ps->L->p[i];

	if (p->k != PK_TAG || p->bad || p->ntok == 0 ||
	    ps->L->t[p->tok0].t != TK_IDENT)
		return NULL;
	return ps->L->t[p->tok0].s;
}

static unsigned
stop_bit(const char *name)
{
	if (name == NULL)
		return 0;
	if (strcmp(name, "elif") == 0)
		return S_ELIF;
	if (strcmp(name, "else") == 0)
		return S_ELSE;
	if (strcmp(name, "endif") == 0)
		return S_ENDIF;
	if (strcmp(name, "endfor") == 0)
		return S_ENDFOR;
	return 0;
}

/* A closing tag must hold its name only. */
static void
bare_tag(struct parser *ps, size_t i)
{
	const char *name = tag_name(ps, i);

	at_piece(ps, i);
	next(ps);
	if (peek(ps)->t != TK_EOF && peek(ps)->t != TK_BAD)
		err(ps, VB_ERR_TPL_SYNTAX, &peek(ps)->loc,
		    "unexpected %s after '%s'", tokname(ps, peek(ps)), name);
}

static enum stop parse_body(struct parser *, unsigned, struct tpl_node **);

static void
unclosed(struct parser *ps, const struct tpl_node *n, const char *tag,
    const char *end)
{
	if (ps->stop)
		return;
	err(ps, VB_ERR_TPL_UNCLOSED, &n->loc, "{%% %s %%} has no {%% %s %%}",
	    tag, end);
}

static struct tpl_node *
p_if(struct parser *ps, size_t at)
{
	struct tpl_node *top, *cur, *n;
	enum stop        st;
	const char      *name;
	int              in_else = 0;

	at_piece(ps, at);
	next(ps);
	top = cur = node(ps, TN_IF, &ps->L->p[at].loc);
	cur->a = p_full(ps, "the condition");
	ps->pi = at + 1;
	if (enter(ps, &top->loc, 1) == -1)
		return NULL;
	ps->open_if++;
	for (;;) {
		st = parse_body(ps, S_ELIF | S_ELSE | S_ENDIF,
		    in_else ? &cur->c : &cur->b);
		if (st != STOP_TAG) {
			unclosed(ps, top, "if", "endif");
			break;
		}
		name = tag_name(ps, ps->pi);
		if (strcmp(name, "endif") == 0) {
			bare_tag(ps, ps->pi++);
			break;
		}
		if (in_else) {
			err(ps, VB_ERR_TPL_SYNTAX, &ps->L->p[ps->pi].loc,
			    "{%% %s %%} after {%% else %%}", name);
			ps->pi++;
			continue;
		}
		if (strcmp(name, "else") == 0) {
			bare_tag(ps, ps->pi++);
			in_else = 1;
			continue;
		}
		/* elif */
		at_piece(ps, ps->pi);
		next(ps);
		n = node(ps, TN_IF, &ps->L->p[ps->pi].loc);
		n->a = p_full(ps, "the condition");
		cur->c = n;
		cur = n;
		ps->pi++;
	}
	ps->open_if--;
	ps->bdepth--;
	return top;
}

static struct tpl_node *
p_for(struct parser *ps, size_t at)
{
	struct tpl_node        *n;
	const struct tpl_token *t;
	enum stop               st;
	const char             *name;
	int                     in_else = 0;

	at_piece(ps, at);
	next(ps);
	n = node(ps, TN_FOR, &ps->L->p[at].loc);
	t = peek(ps);
	if (t->t != TK_IDENT || keyword(t->s)) {
		expected(ps, "a loop variable");
	} else {
		next(ps);
		n->s = t->s;
		if (peek(ps)->t == TK_COMMA) {
			next(ps);
			t = peek(ps);
			if (t->t != TK_IDENT || keyword(t->s))
				expected(ps, "a second loop variable");
			else {
				next(ps);
				n->s2 = t->s;
			}
		}
		if (n->s != NULL &&
		    (n->s2 != NULL || peek(ps)->t != TK_COMMA)) {
			if (!is_word(peek(ps), "in"))
				expected(ps, "'in'");
			else {
				next(ps);
				n->a = p_full(ps, "the list");
			}
		}
	}
	ps->pi = at + 1;
	if (enter(ps, &n->loc, 1) == -1)
		return NULL;
	ps->open_for++;
	for (;;) {
		st = parse_body(ps, S_ELSE | S_ENDFOR, in_else ? &n->c : &n->b);
		if (st != STOP_TAG) {
			unclosed(ps, n, "for", "endfor");
			break;
		}
		name = tag_name(ps, ps->pi);
		if (strcmp(name, "endfor") == 0) {
			bare_tag(ps, ps->pi++);
			break;
		}
		if (in_else) {
			err(ps, VB_ERR_TPL_SYNTAX, &ps->L->p[ps->pi].loc,
			    "a second {%% else %%} in {%% for %%}");
			ps->pi++;
			continue;
		}
		bare_tag(ps, ps->pi++);
		in_else = 1;
	}
	ps->open_for--;
	ps->bdepth--;
	return n->a != NULL ? n : NULL;
}

static struct tpl_node *
p_set(struct parser *ps, size_t at)
{
	struct tpl_node        *n;
	const struct tpl_token *t;

	at_piece(ps, at);
	next(ps);
	ps->pi = at + 1;
	n = node(ps, TN_SET, &ps->L->p[at].loc);
	t = peek(ps);
	if (t->t != TK_IDENT || keyword(t->s) || strcmp(t->s, "loop") == 0)
		return expected(ps, "a variable name");
	next(ps);
	n->s = t->s;
	if (peek(ps)->t != TK_ASSIGN)
		return expected(ps, "'='");
	next(ps);
	if ((n->a = p_full(ps, "the value")) == NULL)
		return NULL;
	return n;
}

static int
closes_outer(struct parser *ps, unsigned bit)
{
	switch (bit) {
	case S_ELIF:
	case S_ENDIF:
		return ps->open_if > 0;
	case S_ENDFOR:
		return ps->open_for > 0;
	case S_ELSE:
		return ps->open_if + ps->open_for > 0;
	default:
		return 0;
	}
}

/*
 * Statements until a closing tag in stops (left as the current piece:
 * STOP_TAG), a closing tag of an enclosing block (STOP_OUTER), or the end.
 */
static enum stop
parse_body(struct parser *ps, unsigned stops, struct tpl_node **head)
{
	struct tpl_node **tail = head, *n;
	struct tpl_piece *p;
	const char       *name, *near;
	unsigned          bit;

	while (*tail != NULL)
		tail = &(*tail)->next;
	while (ps->pi < ps->L->np) {
		if (ps->stop)
			return STOP_EOF;
		p = &ps->L->p[ps->pi];
		flush_lex(ps, p->loc.off + p->loc.len);
		n = NULL;
		switch (p->k) {
		case PK_TEXT:
			if (p->tlen > 0) {
				n = node(ps, TN_TEXT, &p->loc);
				n->loc.off = (uint32_t)p->toff;
				n->loc.len = (uint32_t)p->tlen;
				n->toff = p->toff;
				n->n = p->tlen;
			}
			ps->pi++;
			break;
		case PK_COMMENT:
			ps->pi++;
			break;
		case PK_OUT:
			ps->pi++;
			if (p->bad)
				break;
			at_piece(ps, ps->pi - 1);
			n = node(ps, TN_OUT, &p->loc);
			if ((n->a = p_full(ps, "{{ }}")) == NULL)
				n = NULL;
			break;
		case PK_TABLE:
			ps->pi++;
			if (p->bad)
				break;
			if (ps->notables) {
				err(ps, VB_ERR_TPL_TABLE, &p->loc,
				    "a table cannot be declared here");
				break;
			}
			n = node(ps, TN_TABLE, &p->loc);
			if (tpl_table_parse(ps->srcp, p->toff, p->tlen,
			    &p->loc, ps->a, ps->d, &n->table) == -1) {
				ps->L->nerr++;
				n = NULL;
			}
			break;
		case PK_TAG:
			if (p->bad) {
				ps->pi++;
				break;
			}
			name = tag_name(ps, ps->pi);
			if (name == NULL) {
				at_piece(ps, ps->pi);
				expected(ps, "a tag name (if, for, set …)");
				ps->pi++;
				break;
			}
			if ((bit = stop_bit(name)) != 0) {
				if (stops & bit)
					return STOP_TAG;
				if (closes_outer(ps, bit))
					return STOP_OUTER;
				err(ps, VB_ERR_TPL_STRAY, &p->loc,
				    "{%% %s %%} without an open {%% %s %%}",
				    name, bit == S_ENDFOR ? "for" : "if");
				ps->pi++;
				break;
			}
			if (strcmp(name, "if") == 0)
				n = p_if(ps, ps->pi);
			else if (strcmp(name, "for") == 0)
				n = p_for(ps, ps->pi);
			else if (strcmp(name, "set") == 0)
				n = p_set(ps, ps->pi);
			else {
				at_piece(ps, ps->pi);
				err(ps, VB_ERR_TPL_TAG, &peek(ps)->loc,
				    "{%% %s %%}", name);
				near = tpl_closest(name, tag_names,
				    sizeof(tag_names) / sizeof(tag_names[0]));
				if (near != NULL)
					note(ps, "did you mean '%s'?", near);
				ps->pi++;
			}
			break;
		}
		if (n != NULL) {
			*tail = n;
			tail = &n->next;
		}
	}
	return STOP_EOF;
}

static void
init(struct parser *ps, int src, struct vb_arena *a, struct vb_diag *d,
    struct tpl_lex *L)
{
	memset(ps, 0, sizeof(*ps));
	ps->src = src;
	ps->a = a;
	ps->d = d;
	ps->L = L;
}

int
tpl_parse_body(struct vb_src *src, size_t off, size_t len, int notables,
    struct vb_arena *a, struct vb_diag *d, struct tpl_node **body)
{
	struct tpl_lex L;
	struct parser  ps;
	int            rc = -1;

	*body = NULL;
	tpl_lex(src, off, len, a, d, &L);
	init(&ps, src->id, a, d, &L);
	ps.srcp = src;
	ps.notables = notables;
	parse_body(&ps, 0, body);
	if (!ps.stop)
		flush_lex(&ps, (size_t)-1);
	if (L.nerr == 0)
		rc = 0;
	tpl_lex_free(&L);
	return rc;
}

int
vb_tpl_parse(struct vb_src *src, size_t off, size_t len, struct vb_arena *a,
    struct vb_diag *d, struct vb_tpl **out)
{
	struct vb_tpl *t = vb_arena_alloc(a, sizeof(*t));

	*out = NULL;
	t->src = src;
	if (off > src->len || len > src->len - off) {
		vb_diag(d, VB_ERR_INTERNAL, NULL,
		    "template range out of bounds");
		return -1;
	}
	if (tpl_parse_body(src, off, len, 0, a, d, &t->body) == -1)
		return -1;
	*out = t;
	return 0;
}

struct tpl_node *
tpl_parse_expr(const char *text, size_t len, int src, size_t off, int exact,
    const struct vb_loc *where, struct vb_arena *a, struct vb_diag *d)
{
	struct tpl_lex   L;
	struct parser    ps;
	struct tpl_node *n = NULL;

	tpl_lex_expr(text, len, src, off, exact, where, a, d, &L);
	init(&ps, src, a, d, &L);
	ps.expr_only = 1;
	flush_lex(&ps, (size_t)-1);
	if (L.nerr == 0) {
		ps.ti = 0;
		ps.tend = L.nt - 1;     /* without the EOF token */
		ps.eof = L.t[L.nt - 1];
		n = p_full(&ps, "the expression");
		if (L.nerr != 0)
			n = NULL;
	}
	tpl_lex_free(&L);
	return n;
}

struct tpl_node *
tpl_parse_chain(const char *text, size_t len, int src, size_t off, int exact,
    const struct vb_loc *where, struct tpl_node *input, struct vb_arena *a,
    struct vb_diag *d)
{
	struct tpl_lex   L;
	struct parser    ps;
	struct tpl_node *n = NULL;

	tpl_lex_expr(text, len, src, off, exact, where, a, d, &L);
	init(&ps, src, a, d, &L);
	ps.expr_only = 1;
	flush_lex(&ps, (size_t)-1);
	if (L.nerr == 0) {
		ps.tend = L.nt - 1;
		ps.eof = L.t[L.nt - 1];
		n = p_filter(&ps, input, 1);
		while (n != NULL && peek(&ps)->t == TK_PIPE)
			n = enter(&ps, &peek(&ps)->loc, 0) == -1 ? NULL :
			    p_filter(&ps, n, 0);
		if (n != NULL && peek(&ps)->t != TK_EOF) {
			expected(&ps, "'|' or the end");
			n = NULL;
		}
		if (L.nerr != 0)
			n = NULL;
	}
	tpl_lex_free(&L);
	return n;
}
