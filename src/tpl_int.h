/*
 * tpl_int.h — internals of the template language, shared by tpl_lex.c,
 * tpl_parse.c, tpl_eval.c, filters.c and tpl_table.c.
 *
 * Who may include it: those five files and tests/unit/t_tpl.c. Everyone
 * else uses tpl.h.
 */
#ifndef VB_TPL_INT_H
#define VB_TPL_INT_H

#include "tpl.h"

/* ---- limits (each has a test in tests/spec/errors.txt) ---------------- */

/* Nested blocks ({% if %} in {% for %} …): recursion stays far from the
 * end of the stack whatever the input. */
#define TPL_MAX_DEPTH    64
/* Nesting inside one expression (parentheses, operators, filters in a
 * chain): the same reason; a sum of 200 cells still fits. */
#define TPL_MAX_EXPR     256
/* Bytes the evaluation may allocate for computed values: a loop that
 * grows a string cannot eat the machine. */
#define TPL_MAX_MEMORY   ((size_t)256 << 20)
/* Loop iterations in one evaluation, all loops together: a runaway
 * template stops within a second instead of hanging. */
#define TPL_MAX_ITER     1000000UL
/* Expression evaluations in one run, filters over lists included: a
 * template whose work grows exponentially (a sort whose key sorts the
 * list again …) stops in seconds; a 10 000-row table needs about 1%. */
#define TPL_MAX_STEPS    20000000UL
/* Bytes of expanded Markdown: 16 MiB is thousands of pages. */
#define TPL_MAX_OUTPUT   ((size_t)16 << 20)
/* Bytes of one computed string (~ joins, filters): 1 MiB. */
#define TPL_MAX_STRING   ((size_t)1 << 20)
/* Body rows of one declared table: far beyond any annex, small enough to
 * lay out. */
#define TPL_MAX_ROWS     100000
/* Errors reported by one parse before giving up: the rest is noise. */
#define TPL_MAX_ERRORS   50

/* ---- tokens and pieces (tpl_lex.c) ------------------------------------ */

enum tpl_tok {
	TK_EOF = 0,
	TK_IDENT, TK_NUM, TK_STR,
	TK_LP, TK_RP, TK_LB, TK_RB,
	TK_DOT, TK_COMMA, TK_COLON, TK_PIPE,
	TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PCT, TK_TILDE,
	TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE, TK_ASSIGN,
	TK_BAD        /* already reported by the lexer */
};

struct tpl_token {
	enum tpl_tok   t;
	struct vb_loc  loc;
	const char    *s;    /* IDENT: the name; STR: the decoded text;
	                      * NUM: the literal (all NUL-terminated, arena) */
	size_t         n;    /* length of s */
	double         num;  /* NUM */
};

enum tpl_pkind {
	PK_TEXT,      /* template text: toff/tlen, narrowed by trimming */
	PK_OUT,       /* {{ … }} */
	PK_TAG,       /* {% … %} */
	PK_COMMENT,   /* {# … #}, and the {% raw %} / {% endraw %} tags */
	PK_TABLE      /* a ```table fence: toff/tlen is its declaration */
};

struct tpl_piece {
	enum tpl_pkind  k;
	struct vb_loc   loc;       /* the whole piece, delimiters included */
	size_t          toff, tlen;
	int             trim_l;    /* "{{-": strip whitespace before */
	int             trim_r;    /* "-}}": strip whitespace after */
	size_t          tok0, ntok;/* its tokens in tpl_lex.t */
	int             bad;       /* unterminated: already reported */
};

/* A lexical error, kept until the parser reaches its place so that all
 * messages come out in the order of the text. */
struct tpl_lexerr {
	enum vb_err    code;
	struct vb_loc  loc;
	char          *msg;       /* malloc'd */
};

struct tpl_lex {
	struct tpl_piece  *p;      /* malloc'd; tpl_lex_free() */
	size_t             np, pcap;
	struct tpl_token  *t;      /* malloc'd; strings in the arena */
	size_t             nt, tcap;
	struct tpl_lexerr *e;      /* malloc'd, sorted by offset */
	size_t             ne, ecap;
	int                nerr;   /* lexical and syntax errors */
};

/*
 * Splits src->data[off, off + len) into pieces and tokens, applies the
 * whitespace rules (standalone tag lines vanish; '-' trims), and records
 * every lexical error in out->e for the parser to report. Returns 0, or
 * -1 if there was any.
 */
int  tpl_lex(struct vb_src *src, size_t off, size_t len, struct vb_arena *a,
    struct vb_diag *d, struct tpl_lex *out);
/*
 * Tokens of one expression in text[0, len). When exact, text is
 * src->data + off and tokens get true locations; else every token gets
 * *where (text came from a quoted or escaped scalar). Returns 0 or -1.
 */
int  tpl_lex_expr(const char *text, size_t len, int src, size_t off,
    int exact, const struct vb_loc *where, struct vb_arena *a,
    struct vb_diag *d, struct tpl_lex *out);
void tpl_lex_free(struct tpl_lex *l);

/* ---- syntax tree (tpl_parse.c) ---------------------------------------- */

enum tpl_nkind {
	/* statements */
	TN_TEXT, TN_OUT, TN_IF, TN_FOR, TN_SET, TN_TABLE,
	/* expressions */
	TN_NUM, TN_STR, TN_BOOL, TN_NULL, TN_VAR, TN_ATTR, TN_INDEX, TN_LIST,
	TN_NEG, TN_NOT, TN_BIN, TN_AND, TN_OR, TN_FILTER
};

enum tpl_op {
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_CAT,
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_NOTIN
};

struct tpl_filter;
struct tpl_tdecl;

/*
 * One node. Statements are chained by next. Per kind:
 *   TEXT    s/n (into the source), toff
 *   OUT     a = expression
 *   IF      a = condition, b = then-body, c = else-body (an elif is an IF
 *           node alone in c)
 *   FOR     s = variable, s2 = second variable ("k, v") or NULL,
 *           a = iterable, b = body, c = else-body
 *   SET     s = variable, a = expression
 *   TABLE   table
 *   NUM     num, s = literal;  STR s/n;  BOOL num (0/1);  VAR s
 *   ATTR    a = object, s = name;  INDEX a = object, b = index
 *   LIST    a = first item (items chained by next)
 *   NEG/NOT a;  BIN op, a, b;  AND/OR a, b
 *   FILTER  a = input, f, args/nargs, s = the name as written
 */
struct tpl_node {
	enum tpl_nkind           k;
	enum tpl_op              op;
	struct vb_loc            loc;
	struct tpl_node         *next;
	struct tpl_node         *a, *b, *c;
	struct tpl_node        **args;
	size_t                   nargs;
	const char              *s, *s2;
	size_t                   n;
	size_t                   toff;
	double                   num;
	const struct tpl_filter *f;
	struct tpl_tdecl        *table;
};

struct vb_tpl {
	struct tpl_node  *body;
	struct vb_src    *src;
};

/*
 * Parses one expression from text[0, len) (see tpl_lex_expr for exact
 * and where). Returns the node in a, or NULL after reporting.
 */
struct tpl_node *tpl_parse_expr(const char *text, size_t len, int src,
    size_t off, int exact, const struct vb_loc *where, struct vb_arena *a,
    struct vb_diag *d);
/* Parses "name[: args] | name …" from text (see tpl_parse_expr) as filters
 * applied to input. Returns the last filter node, or NULL. */
struct tpl_node *tpl_parse_chain(const char *text, size_t len, int src,
    size_t off, int exact, const struct vb_loc *where,
    struct tpl_node *input, struct vb_arena *a, struct vb_diag *d);
/* Parses src->data[off, off + len) as template statements into *body;
 * tables are refused when notables. Returns 0 or -1 after reporting. */
int tpl_parse_body(struct vb_src *src, size_t off, size_t len, int notables,
    struct vb_arena *a, struct vb_diag *d, struct tpl_node **body);

/*
 * The candidate nearest to name by edit distance (code points), if near
 * enough to be a likely typo; else NULL. cands may hold NULLs.
 */
const char *tpl_closest(const char *name, const char *const *cands,
    size_t n);

/* ---- evaluation (tpl_eval.c) ------------------------------------------ */

struct tpl_var {
	const char       *name;
	struct vb_value  *v;
};

struct tpl_scope {
	struct tpl_scope       *up;
	const struct vb_value  *item;   /* a row whose fields are names */
	const char             *item_name; /* the row itself ("dong") */
	struct tpl_var         *vars;   /* malloc'd */
	size_t                  nvars, cap;
	int                     is_loop;/* "loop" is index/ln of this scope */
	size_t                  index, ln;
	struct vb_value        *loopv;  /* "loop", made when first asked for */
};

struct tpl_ctx {
	struct vb_arena        *a;
	struct vb_diag         *d;
	struct vb_vi           *vi;
	struct vb_src          *src;        /* the template */
	const struct vb_value  *data;       /* root map or NULL */
	struct tpl_scope       *sc;
	unsigned long           iters;      /* loop iterations so far */
	unsigned long           steps;      /* expression evaluations so far */
	size_t                  mem0;       /* a->used when evaluation began */
	int                     depth;
	int                     nerr;
	int                     stopped;    /* a limit was hit */
	int                     plain;      /* write text, not sentinels */
	struct vb_buf          *out;        /* where text goes */
	struct vb_buf           md;
	struct vb_slot         *slots;      /* malloc'd */
	size_t                  nslots, slotcap;
	struct vb_srcmap       *map;        /* malloc'd */
	size_t                  nmap, mapcap;
};

/* Evaluates an expression into *out (in c->a). Returns 0 or -1 after
 * reporting. */
int tpl_eval(struct tpl_ctx *c, const struct tpl_node *e,
    struct vb_value **out);
/* The same with row's fields visible as names, and the row itself as
 * name ("dong" in tables, "muc" in list filters). */
int tpl_eval_row(struct tpl_ctx *c, const struct tpl_node *e,
    const struct vb_value *row, const char *name, struct vb_value **out);
/* Scopes for callers that bind names around an evaluation: push binds
 * row's fields (and the row as name, if not NULL); set adds a name;
 * pop undoes the last push. s lives on the caller's stack. */
void tpl_scope_push(struct tpl_ctx *c, struct tpl_scope *s,
    const struct vb_value *row, const char *name);
void tpl_scope_set(struct tpl_scope *s, const char *name, struct vb_value *v);
void tpl_scope_pop(struct tpl_ctx *c);
/* Runs body as plain text (no sentinels) appending to out. Returns 0/-1. */
int tpl_render(struct tpl_ctx *c, const struct tpl_node *body,
    struct vb_buf *out);
/* The NFC form of b's text, copied into c->a. */
const char *tpl_nfc(struct tpl_ctx *c, struct vb_buf *b, size_t *len);
/* Equality as '==' sees it (no conversions: 1 != "1"). */
int tpl_equal(const struct vb_value *x, const struct vb_value *y);
/* Reports code at loc with a formatted detail and counts the error. */
void tpl_report(struct tpl_ctx *c, enum vb_err code, const struct vb_loc *loc,
    const char *fmt, ...) VB_PRINTF(4, 5);
/* A "note:" line after the last report (loc may be NULL). */
void tpl_note(struct tpl_ctx *c, const struct vb_loc *loc, const char *fmt,
    ...) VB_PRINTF(3, 4);
/* "a string", "a number", "null" … for messages. */
const char *tpl_a_type(const struct vb_value *v);
/* Runs a statement list, writing to c->out. Returns 0 or -1. */
int tpl_exec(struct tpl_ctx *c, const struct tpl_node *body);
/* Appends the printed form of v (see tpl.txt: how values print);
 * lists and maps are an error at where. Returns 0 or -1. */
int tpl_text(struct tpl_ctx *c, const struct vb_value *v,
    const struct vb_loc *where, struct vb_buf *out);
/* Adds a note pointing at v's origin when it is outside the template. */
void tpl_note_origin(struct tpl_ctx *c, const struct vb_value *v);

/* New values in c->a. */
struct vb_value *tpl_num(struct tpl_ctx *c, double v,
    const struct vb_loc *loc);
struct vb_value *tpl_str(struct tpl_ctx *c, const char *s, size_t n,
    const struct vb_loc *loc);
/* A string value made from a buffer (limits its length). */
int tpl_str_buf(struct tpl_ctx *c, struct vb_buf *b,
    const struct vb_loc *loc, const struct vb_loc *where,
    struct vb_value **out);
/* 1 if v is null, undefined or the empty string: a blank cell. */
int tpl_blank(const struct vb_value *v);
/*
 * Orders two values for sorting: numbers numerically, strings by
 * Vietnamese collation, dates by date, booleans false first. Different
 * kinds order by kind. Blanks are not handled here.
 */
int tpl_order(struct tpl_ctx *c, const struct vb_value *x,
    const struct vb_value *y);

/* ---- filters (filters.c) ---------------------------------------------- */

#define TF_LAZY  0x01   /* arguments are expressions over each item: the
                         * filter evaluates call->args itself */
#define TF_SOFT  0x02   /* an undefined input is null, not an error */

struct tpl_filter {
	const char  *name;
	int          min, max;     /* argument count */
	unsigned     flags;
	const char  *usage;        /* "so: [decimals]" for messages */
	/* argv holds the evaluated arguments (NULL when TF_LAZY). */
	int        (*fn)(struct tpl_ctx *c, const struct tpl_node *call,
	                 struct vb_value *in, struct vb_value **argv,
	                 struct vb_value **out);
};

struct tpl_sortent {
	struct vb_value *key;
	struct vb_value *item;
};

/* Sorts v by key, stably: numbers numerically, text by Vietnamese
 * collation (names: vi_cmp_name), blanks last in either direction. */
void tpl_sort(struct tpl_ctx *c, struct tpl_sortent *v, size_t n, int desc,
    int names);

/* The filter named name[0, n), or NULL. */
const struct tpl_filter *tpl_filter_find(const char *name, size_t n);
/* The filter name nearest to name, for "did you mean". */
const char *tpl_filter_suggest(const char *name);

/* ---- declared tables (tpl_table.c) ------------------------------------ */

/*
 * Parses the declaration src->data[off, off + len) of the fence at fence.
 * Returns 0 with *out in a, or -1 after reporting.
 */
int tpl_table_parse(struct vb_src *src, size_t off, size_t len,
    const struct vb_loc *fence, struct vb_arena *a, struct vb_diag *d,
    struct tpl_tdecl **out);
/* Evaluates a declaration. Returns 0 with *out in c->a, or -1. */
int tpl_table_eval(struct tpl_ctx *c, const struct tpl_tdecl *t,
    struct vb_table_out **out);

#endif /* VB_TPL_INT_H */
