/*
 * filters.c — the filter table of the template language: {{ x | name:
 * args }}. Vietnamese names a clerk can guess, each with an English alias;
 * tests/spec/filters.txt documents every one with an example.
 *
 * Conventions: a filter given null (an empty cell) gives a blank, except
 * where a number is needed for a count; a filter given the wrong kind of
 * value is an error naming the filter and, for data, the cell. Text comes
 * out of the vi module (ICU), so it is NFC.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpl_int.h"
#include "vi.h"

#define report tpl_report
#define note   tpl_note

/* ---- helpers ---------------------------------------------------------- */

/* "'so'" — the name as written, for messages. */
static const char *
fname(const struct tpl_node *call)
{
	return call->s != NULL ? call->s : call->f->name;
}

static int
bad_input(struct tpl_ctx *c, const struct tpl_node *call,
    const struct vb_value *in, const char *want)
{
	report(c, VB_ERR_TPL_TYPE, &call->loc, "'%s' needs %s, not %s",
	    fname(call), want, tpl_a_type(in));
	tpl_note_origin(c, in);
	return -1;
}

static int
bad_arg(struct tpl_ctx *c, const struct tpl_node *call, size_t i,
    const struct vb_value *v, const char *want)
{
	report(c, VB_ERR_TPL_ARGS, &call->args[i]->loc, "argument %zu of '%s' "
	    "must be %s, not %s (%s)", i + 1, fname(call), want,
	    tpl_a_type(v), call->f->usage);
	tpl_note_origin(c, v);
	return -1;
}

/* The input as a number; null is blank (*blank = 1). */
static int
in_num(struct tpl_ctx *c, const struct tpl_node *call,
    const struct vb_value *in, double *v, int *blank)
{
	*blank = 0;
	if (in->type == VB_NUM) {
		*v = in->u.num.v;
		return 0;
	}
	if (in->type == VB_NULL) {
		*v = 0;
		*blank = 1;
		return 0;
	}
	return bad_input(c, call, in, "a number");
}

/* Input as a whole number (null is an error here). */
static int
in_int(struct tpl_ctx *c, const struct tpl_node *call,
    const struct vb_value *in, long long lo, long long hi, long long *v)
{
	double d;

	if (in->type != VB_NUM)
		return bad_input(c, call, in, "a whole number");
	d = in->u.num.v;
	if (d != floor(d) || d < (double)lo || d > (double)hi) {
		report(c, VB_ERR_TPL_TYPE, &call->loc, "'%s' needs a whole "
		    "number from %lld to %lld, not %g", fname(call), lo, hi, d);
		tpl_note_origin(c, in);
		return -1;
	}
	*v = (long long)d;
	return 0;
}

/* Optional whole-number argument i, from lo to hi. */
static int
arg_int(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value **argv, size_t i, long lo, long hi, long def, long *v)
{
	char want[64];
	double d;

	*v = def;
	if (i >= call->nargs)
		return 0;
	snprintf(want, sizeof(want), "a whole number from %ld to %ld", lo, hi);
	if (argv[i]->type != VB_NUM)
		return bad_arg(c, call, i, argv[i], want);
	d = argv[i]->u.num.v;
	if (d != floor(d) || d < lo || d > hi) {
		report(c, VB_ERR_TPL_ARGS, &call->args[i]->loc, "argument %zu "
		    "of '%s' must be %s, not %g (%s)", i + 1, fname(call), want,
		    d, call->f->usage);
		return -1;
	}
	*v = (long)d;
	return 0;
}

/* Optional string argument i. */
static int
arg_str(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value **argv, size_t i, const char *def, const char **v)
{
	*v = def;
	if (i >= call->nargs)
		return 0;
	if (argv[i]->type != VB_STR)
		return bad_arg(c, call, i, argv[i], "a string");
	*v = argv[i]->u.str.s;
	return 0;
}

/* A string result made from b (freed here), keeping in's origin. */
static int
give(struct tpl_ctx *c, const struct tpl_node *call,
    const struct vb_value *in, struct vb_buf *b, struct vb_value **out)
{
	int rc = tpl_str_buf(c, b, &in->loc, &call->loc, out);

	vb_buf_free(b);
	return rc;
}

static int
blank(struct tpl_ctx *c, const struct vb_value *in, struct vb_value **out)
{
	*out = tpl_str(c, "", 0, &in->loc);
	return 0;
}

static int
vi_failed(struct tpl_ctx *c, const struct tpl_node *call,
    const struct vb_value *in, struct vb_buf *b)
{
	vb_buf_free(b);
	report(c, VB_ERR_TPL_TYPE, &call->loc, "'%s' cannot format this "
	    "value", fname(call));
	tpl_note_origin(c, in);
	return -1;
}

/* A date from a date value or a "2023-09-06" / "06/9/2023" string. */
static int
in_date(struct tpl_ctx *c, const struct tpl_node *call,
    const struct vb_value *in, int *y, int *m, int *d)
{
	if (in->type == VB_DATE) {
		*y = in->u.date.y;
		*m = in->u.date.m;
		*d = in->u.date.d;
	} else if (in->type != VB_STR)
		return bad_input(c, call, in, "a date");
	else if (vi_parse_date(in->u.str.s, y, m, d) == -1)
		return bad_input(c, call, in, "a date (2023-09-06 or "
		    "06/9/2023)");
	if (!vb_date_valid(*y, *m, *d)) {
		report(c, VB_ERR_TPL_TYPE, &call->loc, "'%s': %d-%02d-%02d is "
		    "not a real date", fname(call), *y, *m, *d);
		tpl_note_origin(c, in);
		return -1;
	}
	return 0;
}

/* Text of any printable input (numbers and dates as they print). */
static int
in_text(struct tpl_ctx *c, const struct tpl_node *call,
    const struct vb_value *in, struct vb_buf *b)
{
	return tpl_text(c, in, &call->loc, b);
}

/* ---- numbers ---------------------------------------------------------- */

static int
f_so(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf b = VB_BUF_INIT;
	double        v;
	long          dec;
	int           isblank;

	if (in_num(c, call, in, &v, &isblank) == -1 ||
	    arg_int(c, call, argv, 0, 0, 6, -1, &dec) == -1)
		return -1;
	if (isblank)
		return blank(c, in, out);
	if (vi_number(c->vi, v, (int)dec, &b) == -1)
		return vi_failed(c, call, in, &b);
	return give(c, call, in, &b, out);
}

static int
f_ty_le(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf b = VB_BUF_INIT;
	double        num, den;
	long          dec;
	int           isblank;

	if (in_num(c, call, in, &num, &isblank) == -1)
		return -1;
	if (argv[0]->type == VB_NUM)
		den = argv[0]->u.num.v;
	else if (argv[0]->type == VB_NULL)
		den = 0;
	else
		return bad_arg(c, call, 0, argv[0], "a number");
	if (arg_int(c, call, argv, 1, 0, 6, 0, &dec) == -1)
		return -1;
	if (vi_percent(c->vi, num, den, (int)dec, &b) == -1)
		return vi_failed(c, call, in, &b);
	return give(c, call, in, &b, out);
}

static int
f_phan_tram(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf b = VB_BUF_INIT;
	double        v;
	long          dec;
	int           isblank;

	if (in_num(c, call, in, &v, &isblank) == -1 ||
	    arg_int(c, call, argv, 0, 0, 6, -1, &dec) == -1)
		return -1;
	if (isblank)
		return blank(c, in, out);
	if (vi_number(c->vi, v, (int)dec, &b) == -1)
		return vi_failed(c, call, in, &b);
	vb_buf_putc(&b, '%');
	return give(c, call, in, &b, out);
}

static int
f_ti_so(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	double num, den;
	int    isblank;

	if (in_num(c, call, in, &num, &isblank) == -1)
		return -1;
	if (argv[0]->type == VB_NUM)
		den = argv[0]->u.num.v;
	else if (argv[0]->type == VB_NULL)
		den = 0;
	else
		return bad_arg(c, call, 0, argv[0], "a number");
	if (den == 0)
		*out = vb_value_null(c->a, &in->loc);
	else
		*out = tpl_num(c, num / den, &in->loc);
	return 0;
}

/* Half away from zero at dec decimals, forgiving binary noise (2.675). */
static double
round_dec(double v, int dec)
{
	double p = pow(10, dec), x = v * p, r = round(x);

	if (fabs(fabs(x - trunc(x)) - 0.5) < 1e-9 * (fabs(x) + 1))
		r = trunc(x) + (x < 0 ? -1 : 1);
	return r / p;
}

static int
f_lam_tron(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	double v;
	long   dec;
	int    isblank;

	if (in_num(c, call, in, &v, &isblank) == -1 ||
	    arg_int(c, call, argv, 0, 0, 6, 0, &dec) == -1)
		return -1;
	if (isblank) {
		*out = in;
		return 0;
	}
	*out = tpl_num(c, round_dec(v, (int)dec), &in->loc);
	return 0;
}

static int
f_dem(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf b = VB_BUF_INIT;
	long long     n;
	long          w;

	if (in->type == VB_NULL)
		return blank(c, in, out);
	if (in_int(c, call, in, -999999999999LL, 999999999999LL, &n) == -1 ||
	    arg_int(c, call, argv, 0, 1, 12, 2, &w) == -1)
		return -1;
	if (vi_pad(c->vi, n, (int)w, &b) == -1)
		return vi_failed(c, call, in, &b);
	return give(c, call, in, &b, out);
}

static int
f_la_ma(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf b = VB_BUF_INIT;
	long long     n;

	(void)argv;
	if (in_int(c, call, in, 1, 3999, &n) == -1)
		return -1;
	if (vi_roman((long)n, &b) == -1)
		return vi_failed(c, call, in, &b);
	return give(c, call, in, &b, out);
}

static int
f_chu_cai(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf b = VB_BUF_INIT;
	long long     n;

	(void)argv;
	if (in_int(c, call, in, 1, VI_LETTER_MAX, &n) == -1)
		return -1;
	if (vi_letter((long)n, &b) == -1)
		return vi_failed(c, call, in, &b);
	return give(c, call, in, &b, out);
}

/* "lẻ" and/or "ngàn" in an option string. */
static int
word_flags(const char *s)
{
	int f = 0;

	if (strstr(s, "lẻ") != NULL || strstr(s, "le") != NULL)
		f |= VI_WORDS_LE;
	if (strstr(s, "ngàn") != NULL || strstr(s, "ngan") != NULL)
		f |= VI_WORDS_NGAN;
	return f;
}

static int
f_bang_chu(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf b = VB_BUF_INIT;
	long long     n;
	const char   *opt;

	if (in->type == VB_NULL)
		return blank(c, in, out);
	if (in_int(c, call, in, -999999999999999999LL, 999999999999999999LL,
	    &n) == -1 || arg_str(c, call, argv, 0, "", &opt) == -1)
		return -1;
	if (vi_words(c->vi, n, word_flags(opt), &b) == -1)
		return vi_failed(c, call, in, &b);
	return give(c, call, in, &b, out);
}

static int
f_tien_bang_chu(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf b = VB_BUF_INIT;
	long long     n;
	const char   *unit;

	if (in->type == VB_NULL)
		return blank(c, in, out);
	if (in_int(c, call, in, -999999999999999999LL, 999999999999999999LL,
	    &n) == -1 || arg_str(c, call, argv, 0, "đồng", &unit) == -1)
		return -1;
	if (vi_amount(c->vi, n, unit, 0, &b) == -1)
		return vi_failed(c, call, in, &b);
	return give(c, call, in, &b, out);
}

/* ---- dates ------------------------------------------------------------ */

/* A date written by fmt (vi_date_long or vi_date_short); null stays
 * blank. */
static int
date_with(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **out,
    int (*fmt)(struct vb_vi *, int, int, int, struct vb_buf *))
{
	struct vb_buf b = VB_BUF_INIT;
	int           y, m, d;

	if (in->type == VB_NULL)
		return blank(c, in, out);
	if (in_date(c, call, in, &y, &m, &d) == -1)
		return -1;
	if (fmt(c->vi, y, m, d, &b) == -1)
		return vi_failed(c, call, in, &b);
	return give(c, call, in, &b, out);
}

static int
f_ngay_dai(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	(void)argv;
	return date_with(c, call, in, out, vi_date_long);
}

static int
f_ngay_ngan(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	(void)argv;
	return date_with(c, call, in, out, vi_date_short);
}

static int
f_so_ngay(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	int y1, m1, d1, y2, m2, d2;

	if (in_date(c, call, in, &y1, &m1, &d1) == -1)
		return -1;
	if (argv[0]->type != VB_DATE && argv[0]->type != VB_STR)
		return bad_arg(c, call, 0, argv[0], "a date");
	if (in_date(c, call, argv[0], &y2, &m2, &d2) == -1)
		return -1;
	*out = tpl_num(c, (double)vi_days_between(y1, m1, d1, y2, m2, d2),
	    &call->loc);
	return 0;
}

/* ---- text ------------------------------------------------------------- */

static int
casefn(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **out,
    int (*fn)(struct vb_vi *, const char *, size_t, struct vb_buf *))
{
	struct vb_buf t = VB_BUF_INIT, b = VB_BUF_INIT;
	int           rc;

	if (in_text(c, call, in, &t) == -1) {
		vb_buf_free(&t);
		return -1;
	}
	rc = fn(c->vi, t.data ? t.data : "", t.len, &b);
	vb_buf_free(&t);
	if (rc == -1)
		return vi_failed(c, call, in, &b);
	return give(c, call, in, &b, out);
}

static int
f_hoa(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	(void)argv;
	return casefn(c, call, in, out, vi_upper);
}

static int
f_thuong(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	(void)argv;
	return casefn(c, call, in, out, vi_lower);
}

static int
f_viet_hoa_dau(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	(void)argv;
	return casefn(c, call, in, out, vi_capitalize);
}

static int
f_cat_khoang(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf t = VB_BUF_INIT, b = VB_BUF_INIT;
	size_t        i = 0, n;
	int           sp = 0;

	(void)argv;
	if (in_text(c, call, in, &t) == -1) {
		vb_buf_free(&t);
		return -1;
	}
	/* Collapse runs of spaces, tabs and newlines; drop them at the ends. */
	for (n = t.len; i < n; i++) {
		char ch = t.data[i];

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			sp = b.len > 0;
			continue;
		}
		if (sp)
			vb_buf_putc(&b, ' ');
		sp = 0;
		vb_buf_putc(&b, ch);
	}
	vb_buf_free(&t);
	return give(c, call, in, &b, out);
}

static int
f_thay(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf t = VB_BUF_INIT, b = VB_BUF_INIT;
	const char   *from, *to, *p, *q;

	if (arg_str(c, call, argv, 0, "", &from) == -1 ||
	    arg_str(c, call, argv, 1, "", &to) == -1)
		return -1;
	if (*from == '\0') {
		report(c, VB_ERR_TPL_ARGS, &call->args[0]->loc, "argument 1 "
		    "of '%s' must not be empty (%s)", fname(call),
		    call->f->usage);
		return -1;
	}
	if (in_text(c, call, in, &t) == -1) {
		vb_buf_free(&t);
		return -1;
	}
	for (p = t.data ? t.data : ""; (q = strstr(p, from)) != NULL;
	    p = q + strlen(from)) {
		vb_buf_put(&b, p, (size_t)(q - p));
		vb_buf_puts(&b, to);
		if (b.len > TPL_MAX_STRING)
			break;
	}
	vb_buf_puts(&b, p);
	vb_buf_free(&t);
	return give(c, call, in, &b, out);
}

static int
f_do_dai(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	double n;

	(void)argv;
	switch (in->type) {
	case VB_NULL: n = 0; break;
	case VB_STR: n = (double)vb_utf8_count(in->u.str.s, in->u.str.len);
		break;
	case VB_LIST: n = (double)in->u.list.n; break;
	case VB_MAP: n = (double)in->u.map.n; break;
	default:
		return bad_input(c, call, in, "a list, a map or a string");
	}
	*out = tpl_num(c, n, &call->loc);
	return 0;
}

static int
f_mac_dinh(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	(void)c;
	(void)call;
	*out = tpl_blank(in) ? argv[0] : in;
	return 0;
}

static int
f_noi(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	struct vb_buf b = VB_BUF_INIT;
	const char   *sep, *last;
	size_t        i, n = 0, k = 0;

	if (in->type == VB_NULL)
		return blank(c, in, out);
	if (in->type != VB_LIST)
		return bad_input(c, call, in, "a list");
	if (arg_str(c, call, argv, 0, ", ", &sep) == -1 ||
	    arg_str(c, call, argv, 1, call->nargs > 0 ? sep : " và ",
	    &last) == -1)
		return -1;
	for (i = 0; i < in->u.list.n; i++)
		n += !tpl_blank(in->u.list.v[i]);
	for (i = 0; i < in->u.list.n; i++) {
		if (tpl_blank(in->u.list.v[i]))
			continue;
		if (k > 0)
			vb_buf_puts(&b, k + 1 == n ? last : sep);
		k++;
		if (tpl_text(c, in->u.list.v[i], &call->loc, &b) == -1) {
			vb_buf_free(&b);
			return -1;
		}
		if (b.len > TPL_MAX_STRING)
			break;
	}
	return give(c, call, in, &b, out);
}

/* ---- lists ------------------------------------------------------------ */

static int
in_list(struct tpl_ctx *c, const struct tpl_node *call,
    const struct vb_value *in)
{
	if (in->type == VB_LIST || in->type == VB_NULL)
		return 0;
	return bad_input(c, call, in, "a list");
}

static size_t
nitems(const struct vb_value *in)
{
	return in->type == VB_LIST ? in->u.list.n : 0;
}

/*
 * The key of item for argument i: a string literal names a field
 * ("ket_qua"); any other expression is evaluated with the item's fields
 * as names and the item itself as "muc".
 */
static int
item_key(struct tpl_ctx *c, const struct tpl_node *call, size_t i,
    const struct vb_value *item, size_t idx, struct vb_value **v)
{
	const struct tpl_node *k = call->args[i];
	const char            *near;

	if (k->k != TN_STR)
		return tpl_eval_row(c, k, item, "muc", v);
	if (item->type != VB_MAP) {
		report(c, VB_ERR_TPL_TYPE, &k->loc, "'%s': item %zu of the "
		    "list is %s, which has no field '%s'", fname(call), idx + 1,
		    tpl_a_type(item), k->s);
		tpl_note_origin(c, item);
		return -1;
	}
	if ((*v = vb_map_get(item, k->s)) != NULL)
		return 0;
	report(c, VB_ERR_TPL_NOFIELD, &k->loc, "'%s': item %zu of the list has "
	    "no field '%s'", fname(call), idx + 1, k->s);
	if ((near = tpl_closest(k->s, item->u.map.k, item->u.map.n)) != NULL)
		note(c, NULL, "did you mean '%s'?", near);
	tpl_note_origin(c, item);
	return -1;
}

static int
f_tong(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	struct vb_value *v;
	double           sum = 0;
	size_t           i;

	(void)argv;
	if (in_list(c, call, in) == -1)
		return -1;
	for (i = 0; i < nitems(in); i++) {
		v = in->u.list.v[i];
		if (call->nargs > 0 && item_key(c, call, 0, v, i, &v) == -1)
			return -1;
		if (v->type == VB_NULL)
			continue;
		if (v->type != VB_NUM) {
			report(c, VB_ERR_TPL_TYPE, &call->loc,
			    "'%s' cannot add %s (item %zu)", fname(call),
			    tpl_a_type(v), i + 1);
			tpl_note_origin(c, v);
			return -1;
		}
		sum += v->u.num.v;
	}
	*out = tpl_num(c, sum, &call->loc);
	return 0;
}

/* Keeps item (1) by the arguments of loc/dem_so: none, a field or a
 * condition, or a field and a value. */
static int
keep(struct tpl_ctx *c, const struct tpl_node *call,
    const struct vb_value *item, size_t idx, const struct vb_value *want,
    int *yes)
{
	struct vb_value *v;

	if (call->nargs == 0) {
		*yes = vb_value_truthy(item);
		return 0;
	}
	if (item_key(c, call, 0, item, idx, &v) == -1)
		return -1;
	*yes = want != NULL ? tpl_equal(v, want) : vb_value_truthy(v);
	return 0;
}

static int
select_items(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **out)
{
	struct vb_value *want = NULL;
	size_t           i;
	int              yes;

	if (in_list(c, call, in) == -1)
		return -1;
	if (call->nargs == 2) {
		if (call->args[0]->k != TN_STR) {
			report(c, VB_ERR_TPL_ARGS, &call->args[0]->loc,
			    "with two arguments, the first names a field "
			    "in quotes (%s)", call->f->usage);
			return -1;
		}
		if (tpl_eval(c, call->args[1], &want) == -1)
			return -1;
	}
	*out = vb_value_list(c->a, &in->loc);
	for (i = 0; i < nitems(in); i++) {
		if (keep(c, call, in->u.list.v[i], i, want, &yes) == -1)
			return -1;
		if (yes)
			vb_list_push(c->a, *out, in->u.list.v[i]);
	}
	return 0;
}

static int
f_loc(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	(void)argv;
	return select_items(c, call, in, out);
}

static int
f_dem_so(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	struct vb_value *l;

	(void)argv;
	if (call->nargs == 0 && in->type == VB_LIST) {
		*out = tpl_num(c, (double)in->u.list.n, &call->loc);
		return 0;
	}
	if (select_items(c, call, in, &l) == -1)
		return -1;
	*out = tpl_num(c, (double)l->u.list.n, &call->loc);
	return 0;
}

static int
f_lay(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	struct vb_value *v;
	size_t           i;

	(void)argv;
	if (in_list(c, call, in) == -1)
		return -1;
	*out = vb_value_list(c->a, &in->loc);
	for (i = 0; i < nitems(in); i++) {
		if (item_key(c, call, 0, in->u.list.v[i], i, &v) == -1)
			return -1;
		vb_list_push(c->a, *out, v);
	}
	return 0;
}

/* Merge sort: stable, so equal keys keep the data's order. */
static void
msort(struct tpl_ctx *c, struct tpl_sortent *v, struct tpl_sortent *tmp,
    size_t n, int desc, int names)
{
	size_t i, j, k, h = n / 2;
	int    r;

	if (n < 2)
		return;
	msort(c, v, tmp, h, desc, names);
	msort(c, v + h, tmp, n - h, desc, names);
	for (i = 0, j = h, k = 0; i < h && j < n; ) {
		const struct vb_value *x = v[i].key, *y = v[j].key;

		if (tpl_blank(x) || tpl_blank(y))
			r = tpl_blank(x) - tpl_blank(y);  /* blanks last */
		else {
			r = names && x->type == VB_STR && y->type == VB_STR ?
			    vi_cmp_name(c->vi, x->u.str.s, y->u.str.s) :
			    tpl_order(c, x, y);
			if (desc)
				r = -r;
		}
		tmp[k++] = r <= 0 ? v[i++] : v[j++];
	}
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

void
tpl_sort(struct tpl_ctx *c, struct tpl_sortent *v, size_t n, int desc,
    int names)
{
	struct tpl_sortent *tmp = vb_xcalloc(n + 1, sizeof(*tmp));

	msort(c, v, tmp, n, desc, names);
	free(tmp);
}

/* The order argument: true/"giam_dan"/"giảm dần"/"desc" is descending. */
static int
order_arg(struct tpl_ctx *c, const struct tpl_node *call, size_t i, int *desc)
{
	struct vb_value *v;
	const char      *s;

	*desc = 0;
	if (i >= call->nargs)
		return 0;
	if (tpl_eval(c, call->args[i], &v) == -1)
		return -1;
	if (v->type == VB_BOOL) {
		*desc = v->u.b;
		return 0;
	}
	if (v->type == VB_STR) {
		s = v->u.str.s;
		if (strcmp(s, "giam_dan") == 0 || strcmp(s, "giảm dần") == 0 ||
		    strcmp(s, "desc") == 0) {
			*desc = 1;
			return 0;
		}
		if (strcmp(s, "tang_dan") == 0 || strcmp(s, "tăng dần") == 0 ||
		    strcmp(s, "asc") == 0)
			return 0;
	}
	report(c, VB_ERR_TPL_ARGS, &call->args[i]->loc, "argument %zu of '%s' "
	    "must be \"tang_dan\" or \"giam_dan\" (%s)", i + 1, fname(call),
	    call->f->usage);
	return -1;
}

static int
sort_by(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **out, int names)
{
	struct tpl_sortent *v;
	size_t              i, n;
	int                 desc, rc = -1;

	if (in_list(c, call, in) == -1 || order_arg(c, call, 1, &desc) == -1)
		return -1;
	n = nitems(in);
	v = vb_xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].item = in->u.list.v[i];
		v[i].key = v[i].item;
		if (call->nargs > 0 &&
		    item_key(c, call, 0, v[i].item, i, &v[i].key) == -1)
			goto out;
		if (names && !tpl_blank(v[i].key) && v[i].key->type != VB_STR) {
			report(c, VB_ERR_TPL_TYPE, &call->loc, "'%s' sorts "
			    "names, and item %zu is %s", fname(call), i + 1,
			    tpl_a_type(v[i].key));
			tpl_note_origin(c, v[i].key);
			goto out;
		}
	}
	tpl_sort(c, v, n, desc, names);
	*out = vb_value_list(c->a, &in->loc);
	for (i = 0; i < n; i++)
		vb_list_push(c->a, *out, v[i].item);
	rc = 0;
out:
	free(v);
	return rc;
}

static int
f_sap_xep(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	(void)argv;
	return sort_by(c, call, in, out, 0);
}

static int
f_sap_xep_ten(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	(void)argv;
	return sort_by(c, call, in, out, 1);
}

static int
f_dau_cuoi(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **out, int last)
{
	uint32_t cp;
	size_t   k, i, start = 0;

	if (in->type == VB_NULL) {
		*out = in;
		return 0;
	}
	if (in->type == VB_LIST) {
		if (in->u.list.n == 0)
			*out = vb_value_null(c->a, &in->loc);
		else
			*out = in->u.list.v[last ? in->u.list.n - 1 : 0];
		return 0;
	}
	if (in->type != VB_STR)
		return bad_input(c, call, in, "a list or a string");
	/* The first or last character. */
	for (i = 0; i < in->u.str.len; i += k) {
		if ((k = vb_utf8_decode(in->u.str.s + i, in->u.str.len - i,
		    &cp)) == 0)
			k = 1;
		start = i;
		if (!last)
			break;
	}
	k = in->u.str.len == 0 ? 0 : vb_utf8_decode(in->u.str.s + start,
	    in->u.str.len - start, &cp);
	*out = tpl_str(c, in->u.str.s + start, k, &in->loc);
	return 0;
}

static int
f_dau(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	(void)argv;
	return f_dau_cuoi(c, call, in, out, 0);
}

static int
f_cuoi(struct tpl_ctx *c, const struct tpl_node *call, struct vb_value *in,
    struct vb_value **argv, struct vb_value **out)
{
	(void)argv;
	return f_dau_cuoi(c, call, in, out, 1);
}

static int
f_dao_nguoc(struct tpl_ctx *c, const struct tpl_node *call,
    struct vb_value *in, struct vb_value **argv, struct vb_value **out)
{
	size_t i;

	(void)argv;
	if (in_list(c, call, in) == -1)
		return -1;
	*out = vb_value_list(c->a, &in->loc);
	for (i = nitems(in); i > 0; i--)
		vb_list_push(c->a, *out, in->u.list.v[i - 1]);
	return 0;
}

/* ---- the table -------------------------------------------------------- */

#define L TF_LAZY

static const struct tpl_filter filters[] = {
	/* numbers */
	{ "so", 0, 1, 0, "so: [decimals]", f_so },
	{ "number", 0, 1, 0, "number: [decimals]", f_so },
	{ "ty_le", 1, 2, 0, "ty_le: denominator, [decimals]", f_ty_le },
	{ "percent", 1, 2, 0, "percent: denominator, [decimals]", f_ty_le },
	{ "phan_tram", 0, 1, 0, "phan_tram: [decimals]", f_phan_tram },
	{ "pct", 0, 1, 0, "pct: [decimals]", f_phan_tram },
	{ "ti_so", 1, 1, 0, "ti_so: denominator", f_ti_so },
	{ "ratio", 1, 1, 0, "ratio: denominator", f_ti_so },
	{ "lam_tron", 0, 1, 0, "lam_tron: [decimals]", f_lam_tron },
	{ "round", 0, 1, 0, "round: [decimals]", f_lam_tron },
	{ "dem", 0, 1, 0, "dem: [width]", f_dem },
	{ "pad", 0, 1, 0, "pad: [width]", f_dem },
	{ "la_ma", 0, 0, 0, "la_ma", f_la_ma },
	{ "roman", 0, 0, 0, "roman", f_la_ma },
	{ "chu_cai", 0, 0, 0, "chu_cai", f_chu_cai },
	{ "letter", 0, 0, 0, "letter", f_chu_cai },
	{ "bang_chu", 0, 1, 0, "bang_chu: [\"lẻ\", \"ngàn\"]", f_bang_chu },
	{ "words", 0, 1, 0, "words: [\"lẻ\", \"ngàn\"]", f_bang_chu },
	{ "tien_bang_chu", 0, 1, 0, "tien_bang_chu: [unit]", f_tien_bang_chu },
	{ "amount_words", 0, 1, 0, "amount_words: [unit]", f_tien_bang_chu },
	/* dates */
	{ "ngay_dai", 0, 0, 0, "ngay_dai", f_ngay_dai },
	{ "date_long", 0, 0, 0, "date_long", f_ngay_dai },
	{ "ngay_ngan", 0, 0, 0, "ngay_ngan", f_ngay_ngan },
	{ "date_short", 0, 0, 0, "date_short", f_ngay_ngan },
	{ "so_ngay", 1, 1, 0, "so_ngay: other date", f_so_ngay },
	{ "days", 1, 1, 0, "days: other date", f_so_ngay },
	/* text */
	{ "hoa", 0, 0, 0, "hoa", f_hoa },
	{ "upper", 0, 0, 0, "upper", f_hoa },
	{ "thuong", 0, 0, 0, "thuong", f_thuong },
	{ "lower", 0, 0, 0, "lower", f_thuong },
	{ "viet_hoa_dau", 0, 0, 0, "viet_hoa_dau", f_viet_hoa_dau },
	{ "capitalize", 0, 0, 0, "capitalize", f_viet_hoa_dau },
	{ "cat_khoang", 0, 0, 0, "cat_khoang", f_cat_khoang },
	{ "trim", 0, 0, 0, "trim", f_cat_khoang },
	{ "thay", 2, 2, 0, "thay: text, replacement", f_thay },
	{ "replace", 2, 2, 0, "replace: text, replacement", f_thay },
	{ "do_dai", 0, 0, 0, "do_dai", f_do_dai },
	{ "length", 0, 0, 0, "length", f_do_dai },
	{ "mac_dinh", 1, 1, TF_SOFT, "mac_dinh: value", f_mac_dinh },
	{ "default", 1, 1, TF_SOFT, "default: value", f_mac_dinh },
	{ "noi", 0, 2, 0, "noi: [separator], [last separator]", f_noi },
	{ "join", 0, 2, 0, "join: [separator], [last separator]", f_noi },
	/* lists */
	{ "tong", 0, 1, L, "tong: [\"field\" or expression]", f_tong },
	{ "sum", 0, 1, L, "sum: [\"field\" or expression]", f_tong },
	{ "dem_so", 0, 2, L, "dem_so: [\"field\", value] or [condition]",
	    f_dem_so },
	{ "count", 0, 2, L, "count: [\"field\", value] or [condition]",
	    f_dem_so },
	{ "lay", 1, 1, L, "lay: \"field\" or expression", f_lay },
	{ "map", 1, 1, L, "map: \"field\" or expression", f_lay },
	{ "loc", 1, 2, L, "loc: \"field\", value or loc: condition", f_loc },
	{ "where", 1, 2, L, "where: \"field\", value or where: condition",
	    f_loc },
	{ "sap_xep", 0, 2, L, "sap_xep: [\"field\" or expression], "
	    "[\"giam_dan\"]", f_sap_xep },
	{ "sort", 0, 2, L, "sort: [\"field\" or expression], [\"desc\"]",
	    f_sap_xep },
	{ "sap_xep_ten", 0, 2, L, "sap_xep_ten: [\"field\"], [\"giam_dan\"]",
	    f_sap_xep_ten },
	{ "sort_name", 0, 2, L, "sort_name: [\"field\"], [\"desc\"]",
	    f_sap_xep_ten },
	{ "dau", 0, 0, 0, "dau", f_dau },
	{ "first", 0, 0, 0, "first", f_dau },
	{ "cuoi", 0, 0, 0, "cuoi", f_cuoi },
	{ "last", 0, 0, 0, "last", f_cuoi },
	{ "dao_nguoc", 0, 0, 0, "dao_nguoc", f_dao_nguoc },
	{ "reverse", 0, 0, 0, "reverse", f_dao_nguoc },
};

#undef L

#define NFILTERS (sizeof(filters) / sizeof(filters[0]))

const struct tpl_filter *
tpl_filter_find(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < NFILTERS; i++)
		if (strlen(filters[i].name) == n &&
		    memcmp(filters[i].name, name, n) == 0)
			return &filters[i];
	return NULL;
}

const char *
tpl_filter_suggest(const char *name)
{
	const char *v[NFILTERS];
	size_t      i;

	for (i = 0; i < NFILTERS; i++)
		v[i] = filters[i].name;
	return tpl_closest(name, v, NFILTERS);
}
