/*
 * cli_vi.c — `vanban vi FUNCTION ARG...`: the Vietnamese text services
 * of vi.h from the shell, under names a clerk can guess ("so-chu",
 * "ngay", "hoa") and their English glosses ("amount", "date", "upper").
 * Prints one result on stdout. Exit 0; 1 for bad input (a message names
 * it); 2 for a wrong command line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vi.h"

/* What one run has at hand: arguments (already NFC) and the contexts. */
struct run {
	struct vb_srcset  ss;
	struct vb_diag    d;
	struct vb_vi     *vi;
	int               flags;   /* VI_WORDS_* from --le, --ngan, ... */
	int               argc;
	char            **argv;    /* the function's arguments, NFC */
	char            **own;     /* the composed copies, freed at the end */
	struct vb_buf     out;
};

struct fn {
	const char *name;      /* Vietnamese, without diacritics */
	const char *alias;     /* English */
	int         min, max;  /* argument counts; max -1: any */
	int       (*run)(struct run *);
	const char *args;
	const char *help;
};

/* ---- arguments ------------------------------------------------------------- */

static int
arg_double(struct run *r, const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || (*s != '-' && *s != '.' &&
	    (*s < '0' || *s > '9'))) {
		vb_diag(&r->d, VB_ERR_VI_NOTNUM, NULL, "%s", s);
		return -1;
	}
	return 0;
}

static int
arg_ll(struct run *r, const char *s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || (*s != '-' &&
	    (*s < '0' || *s > '9'))) {
		vb_diag(&r->d, VB_ERR_VI_NOTNUM, NULL, "%s (a whole number)", s);
		return -1;
	}
	if (errno == ERANGE) {
		vb_diag(&r->d, VB_ERR_NUMBER, NULL, "%s", s);
		return -1;
	}
	return 0;
}

/* A small whole number: decimals, widths, sequence positions. */
static int
arg_int(struct run *r, const char *s, long lo, long hi, long *v)
{
	long long ll;

	if (arg_ll(r, s, &ll) == -1)
		return -1;
	if (ll < lo || ll > hi) {
		vb_diag(&r->d, VB_ERR_NUMBER, NULL, "%s (from %ld to %ld)", s,
		    lo, hi);
		return -1;
	}
	*v = (long)ll;
	return 0;
}

static int
arg_date(struct run *r, const char *s, int *y, int *m, int *d)
{
	if (vi_parse_date(s, y, m, d) == 0)
		return 0;
	vb_diag(&r->d, VB_ERR_VI_NOTDATE, NULL, "%s", s);
	return -1;
}

/* The arguments from i on, joined by spaces (unquoted words). */
static char *
joined(struct run *r, int i)
{
	struct vb_buf b = VB_BUF_INIT;

	vb_buf_puts(&b, "");
	for (; i < r->argc; i++) {
		if (b.len > 0)
			vb_buf_putc(&b, ' ');
		vb_buf_puts(&b, r->argv[i]);
	}
	return vb_buf_detach(&b, NULL);
}

/* ---- functions ------------------------------------------------------------- */

static int
f_number(struct run *r)
{
	double v;
	long   dec = -1;

	if (arg_double(r, r->argv[0], &v) == -1 ||
	    (r->argc > 1 && arg_int(r, r->argv[1], -1, 20, &dec) == -1))
		return -1;
	return vi_number(r->vi, v, (int)dec, &r->out);
}

static int
f_percent(struct run *r)
{
	double num, den;
	long   dec = 0;

	if (arg_double(r, r->argv[0], &num) == -1 ||
	    arg_double(r, r->argv[1], &den) == -1 ||
	    (r->argc > 2 && arg_int(r, r->argv[2], -1, 20, &dec) == -1))
		return -1;
	return vi_percent(r->vi, num, den, (int)dec, &r->out);
}

static int
f_words(struct run *r)
{
	long long v;

	if (arg_ll(r, r->argv[0], &v) == -1)
		return -1;
	return vi_words(r->vi, v, r->flags, &r->out);
}

static int
f_amount(struct run *r)
{
	long long v;
	char     *unit;
	int       rc;

	if (arg_ll(r, r->argv[0], &v) == -1)
		return -1;
	unit = r->argc > 1 ? joined(r, 1) : vb_xstrdup("đồng");
	rc = vi_amount(r->vi, v, unit, r->flags, &r->out);
	free(unit);
	return rc;
}

static int
f_date(struct run *r)
{
	int y, m, d;

	if (arg_date(r, r->argv[0], &y, &m, &d) == -1)
		return -1;
	return vi_date_long(r->vi, y, m, d, &r->out);
}

static int
f_date_short(struct run *r)
{
	int y, m, d;

	if (arg_date(r, r->argv[0], &y, &m, &d) == -1)
		return -1;
	return vi_date_short(r->vi, y, m, d, &r->out);
}

static int
f_date_blank(struct run *r)
{
	long y = 0;

	if (r->argc > 0 && arg_int(r, r->argv[0], 0, 9999, &y) == -1)
		return -1;
	return vi_date_blank(r->vi, (int)y, &r->out);
}

/* PLACE DATE, or PLACE YEAR for the draft form with blanks. */
static int
f_place_date(struct run *r)
{
	const char *s = r->argv[1];
	int         y, m, d;
	long        yy;

	if (strspn(s, "0123456789") == strlen(s) && strlen(s) <= 4) {
		if (arg_int(r, s, 0, 9999, &yy) == -1)
			return -1;
		return vi_place_date(r->vi, r->argv[0], (int)yy, 0, 0, 1,
		    &r->out);
	}
	if (arg_date(r, s, &y, &m, &d) == -1)
		return -1;
	return vi_place_date(r->vi, r->argv[0], y, m, d, 0, &r->out);
}

static int
f_days(struct run *r)
{
	int  y1, m1, d1, y2, m2, d2;
	long n;

	if (arg_date(r, r->argv[0], &y1, &m1, &d1) == -1 ||
	    arg_date(r, r->argv[1], &y2, &m2, &d2) == -1 ||
	    vi_days(r->vi, y1, m1, d1, y2, m2, d2, &n) == -1)
		return -1;
	vb_buf_printf(&r->out, "%ld", n);
	return 0;
}

typedef int textfn(struct vb_vi *, const char *, size_t, struct vb_buf *);

static int
text(struct run *r, textfn *fn)
{
	char *s = joined(r, 0);
	int   rc = fn(r->vi, s, strlen(s), &r->out);

	free(s);
	return rc;
}

static int
f_upper(struct run *r)
{
	return text(r, vi_upper);
}

static int
f_lower(struct run *r)
{
	return text(r, vi_lower);
}

static int
f_capitalize(struct run *r)
{
	return text(r, vi_capitalize);
}

static int
f_nfc(struct run *r)
{
	/* The arguments were composed when they were read. */
	char *s = joined(r, 0);

	vb_buf_puts(&r->out, s);
	free(s);
	return 0;
}

/* Stable merge sort of v[0..n) by vi_cmp or vi_cmp_name. */
static void
msort(struct vb_vi *vi, int names, char **v, char **tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;
	int    c;

	if (n < 2)
		return;
	msort(vi, names, v, tmp, h);
	msort(vi, names, v + h, tmp, n - h);
	while (i < h && j < n) {
		c = names ? vi_cmp_name(vi, v[j], v[i]) : vi_cmp(vi, v[j], v[i]);
		tmp[k++] = c < 0 ? v[j++] : v[i++];
	}
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

/* Items from the arguments, or the lines of standard input. */
static int
sort_items(struct run *r, int names)
{
	struct vb_buf  in = VB_BUF_INIT, nfc = VB_BUF_INIT;
	struct vb_src *src;
	struct vb_loc  loc = { 0, 0, 0, NULL };
	char         **v = NULL, **tmp = NULL, *p, *nl, *end;
	char           chunk[4096];
	size_t         n = 0, i, got;
	int            rc = -1;

	if (r->argc > 0) {
		v = vb_xcalloc((size_t)r->argc, sizeof(*v));
		for (i = 0; i < (size_t)r->argc; i++)
			v[n++] = r->argv[i];
	} else {
		while ((got = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
			vb_buf_put(&in, chunk, got);
		if (ferror(stdin)) {
			vb_diag(&r->d, VB_ERR_READ, NULL, "standard input");
			goto out;
		}
		vb_buf_puts(&in, "");
		src = vb_srcset_add(&r->ss, "<stdin>", vb_xstrdup(in.data),
		    in.len);
		loc.src = src->id;
		loc.len = (uint32_t)in.len;
		if (vi_nfc(r->vi, in.data, in.len, &nfc, &loc) == -1)
			goto out;
		vb_buf_puts(&nfc, "");
		/* One item a line; blank lines are not items. */
		for (p = nfc.data, end = p + nfc.len; p < end; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			*nl = '\0';
			if (nl > p && nl[-1] == '\r')
				nl[-1] = '\0';
			if (*p == '\0')
				continue;
			v = vb_xrealloc(v, (n + 1) * sizeof(*v));
			v[n++] = p;
		}
	}
	tmp = vb_xcalloc(n + 1, sizeof(*tmp));
	msort(r->vi, names, v, tmp, n);
	for (i = 0; i < n; i++) {
		vb_buf_puts(&r->out, v[i]);
		if (i + 1 < n)
			vb_buf_putc(&r->out, '\n');
	}
	rc = 0;
out:
	free(v);
	free(tmp);
	vb_buf_free(&in);
	vb_buf_free(&nfc);
	return rc;
}

static int
f_sort(struct run *r)
{
	return sort_items(r, 0);
}

static int
f_sort_names(struct run *r)
{
	return sort_items(r, 1);
}

static int
f_roman(struct run *r)
{
	long n;

	if (arg_int(r, r->argv[0], 1, 3999, &n) == -1)
		return -1;
	return vi_roman(n, &r->out);
}

static int
f_letter(struct run *r)
{
	long n;

	if (arg_int(r, r->argv[0], 1, VI_LETTER_MAX, &n) == -1)
		return -1;
	return vi_letter(n, &r->out);
}

static int
f_pad(struct run *r)
{
	long long n;
	long      w = 2;

	if (arg_ll(r, r->argv[0], &n) == -1 ||
	    (r->argc > 1 && arg_int(r, r->argv[1], 0, 32, &w) == -1))
		return -1;
	return vi_pad(r->vi, n, (int)w, &r->out);
}

static const struct fn fns[] = {
	{ "so", "number", 1, 2, f_number, "NUMBER [DECIMALS]",
	  "number (số): 2152 → 2.152, 139.6 → 139,6" },
	{ "ty-le", "percent", 2, 3, f_percent, "PART WHOLE [DECIMALS]",
	  "percentage (tỷ lệ): 2152 2300 → 94%" },
	{ "chu", "words", 1, 1, f_words, "NUMBER",
	  "number in words (đọc số): 105 → một trăm linh năm" },
	{ "so-chu", "amount", 1, -1, f_amount, "NUMBER [UNIT]",
	  "amount in words (số tiền bằng chữ), unit \"đồng\" unless given:\n"
	  "1500000 → Một triệu năm trăm nghìn đồng." },
	{ "ngay", "date", 1, 1, f_date, "DATE",
	  "long date (ngày tháng năm): ngày 06 tháng 9 năm 2023" },
	{ "ngay-so", "date-short", 1, 1, f_date_short, "DATE",
	  "short date (ngày viết số): 06/9/2023" },
	{ "ngay-trong", "date-blank", 0, 1, f_date_blank, "[YEAR]",
	  "draft date with blanks (ngày để trống): ngày … tháng … năm 2022" },
	{ "noi-ngay", "place-date", 2, 2, f_place_date, "PLACE DATE|YEAR",
	  "place and date (địa danh, ngày): Lai Châu, ngày 06 tháng 9 năm 2023;\n"
	  "a YEAR alone gives the draft form with blanks" },
	{ "so-ngay", "days", 2, 2, f_days, "DATE DATE",
	  "days from the first date to the second (số ngày): 333" },
	{ "hoa", "upper", 0, -1, f_upper, "TEXT",
	  "upper case (chữ hoa): LIÊN ĐOÀN LAO ĐỘNG" },
	{ "thuong", "lower", 0, -1, f_lower, "TEXT",
	  "lower case (chữ thường)" },
	{ "hoa-dau", "capitalize", 0, -1, f_capitalize, "TEXT",
	  "capital first letter (viết hoa chữ đầu): một → Một" },
	{ "chuan-hoa", "nfc", 0, -1, f_nfc, "TEXT",
	  "compose to Unicode NFC (chuẩn hoá Unicode dựng sẵn)" },
	{ "sap-xep", "sort", 0, -1, f_sort, "[TEXT...]",
	  "sort in Vietnamese order (sắp xếp), lines of stdin if no TEXT" },
	{ "sap-xep-ten", "sort-names", 0, -1, f_sort_names, "[NAME...]",
	  "sort people by given name, family name, middle (sắp xếp theo tên)" },
	{ "la-ma", "roman", 1, 1, f_roman, "NUMBER",
	  "Roman numeral (số La Mã): 14 → XIV" },
	{ "chu-cai", "letter", 1, 1, f_letter, "NUMBER",
	  "letter of a điểm (chữ cái thứ tự): 5 → đ" },
	{ "dem", "pad", 1, 2, f_pad, "NUMBER [WIDTH]",
	  "pad with zeros to WIDTH, 2 if not given (thêm số 0): 3 → 03" },
};

#define NFNS (sizeof(fns) / sizeof(fns[0]))

static void
usage(FILE *f)
{
	const char *p, *nl;
	size_t      i;

	fputs("usage: vanban vi FUNCTION [OPTIONS] ARG...\n"
	    "\n"
	    "Vietnamese numbers, dates, words, case and order, as vanban writes\n"
	    "them in documents (tiện ích tiếng Việt).\n"
	    "\n"
	    "Functions (chức năng), by their Vietnamese or English name:\n", f);
	for (i = 0; i < NFNS; i++) {
		fprintf(f, "  %s | %s %s\n", fns[i].name, fns[i].alias,
		    fns[i].args);
		for (p = fns[i].help; *p != '\0'; p = *nl ? nl + 1 : nl) {
			nl = p + strcspn(p, "\n");
			fprintf(f, "      %.*s\n", (int)(nl - p), p);
		}
	}
	fputs("\n"
	    "DATE is YYYY-MM-DD or DD/MM/YYYY. NUMBER is written plainly, with a\n"
	    "dot for decimals and no grouping: 2152, -2152, 139.6. TEXT may be\n"
	    "several words; they are joined with spaces.\n"
	    "\n"
	    "Options for numbers in words (chu, so-chu):\n"
	    "  --le     \"lẻ\" instead of \"linh\" (105 → một trăm lẻ năm)\n"
	    "  --ngan   \"ngàn\" instead of \"nghìn\"\n"
	    "  --bon    \"bốn\" instead of \"tư\" (24 → hai mươi bốn)\n"
	    "  --ti     \"tỉ\" instead of \"tỷ\"\n"
	    "\n"
	    "Example: vanban vi so-chu 1500000\n"
	    "Exit status: 0 done, 1 bad input, 2 wrong command line.\n", f);
}

static int
usage_error(const char *fmt, const char *what)
{
	fputs("vanban vi: ", stderr);
	fprintf(stderr, fmt, what);
	fputs("\nRun 'vanban vi --help' for the list of functions.\n", stderr);
	return VB_EXIT_USAGE;
}

static const struct fn *
find_fn(const char *name)
{
	size_t i;

	for (i = 0; i < NFNS; i++)
		if (strcmp(name, fns[i].name) == 0 ||
		    strcmp(name, fns[i].alias) == 0)
			return &fns[i];
	return NULL;
}

/* Takes the options out of argv[1..argc); returns -1 on an unknown one. */
static int
options(struct run *r, int argc, char **argv, const char **bad)
{
	int i, opts = 1;

	r->argv = vb_xcalloc((size_t)argc + 1, sizeof(*r->argv));
	r->own = vb_xcalloc((size_t)argc + 1, sizeof(*r->own));
	for (i = 1; i < argc; i++) {
		if (opts && strcmp(argv[i], "--") == 0)
			opts = 0;
		else if (opts && strcmp(argv[i], "--le") == 0)
			r->flags |= VI_WORDS_LE;
		else if (opts && strcmp(argv[i], "--ngan") == 0)
			r->flags |= VI_WORDS_NGAN;
		else if (opts && strcmp(argv[i], "--bon") == 0)
			r->flags |= VI_WORDS_BON;
		else if (opts && strcmp(argv[i], "--ti") == 0)
			r->flags |= VI_WORDS_TI;
		else if (opts && strncmp(argv[i], "--", 2) == 0) {
			*bad = argv[i];
			return -1;
		} else
			r->argv[r->argc++] = argv[i];
	}
	return 0;
}

/* Composes every argument to NFC; invalid UTF-8 names the argument. */
static int
compose_args(struct run *r)
{
	struct vb_buf  b = VB_BUF_INIT;
	struct vb_src *src;
	struct vb_loc  loc = { 0, 0, 0, NULL };
	char           name[32];
	int            i, rc = 0;

	for (i = 0; i < r->argc; i++) {
		snprintf(name, sizeof(name), "argument %d", i + 1);
		src = vb_srcset_add(&r->ss, name, vb_xstrdup(r->argv[i]),
		    strlen(r->argv[i]));
		loc.src = src->id;
		loc.len = (uint32_t)src->len;
		vb_buf_reset(&b);
		if (vi_nfc(r->vi, src->data, src->len, &b, &loc) == -1) {
			rc = -1;
			continue;
		}
		r->argv[i] = r->own[i] = vb_buf_detach(&b, NULL);
	}
	vb_buf_free(&b);
	return rc;
}

int
vb_cli_vi(int argc, char **argv)
{
	const struct fn *fn;
	const char      *bad = NULL;
	struct run       r;
	int              rc = VB_EXIT_INPUT, i;

	if (argc < 2) {
		usage(stderr);
		return VB_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return VB_EXIT_OK;
	}
	if ((fn = find_fn(argv[1])) == NULL)
		return usage_error("unknown function (không có chức năng): %s",
		    argv[1]);
	memset(&r, 0, sizeof(r));
	if (options(&r, argc - 1, argv + 1, &bad) == -1) {
		free(r.argv);
		free(r.own);
		return usage_error("unknown option (tùy chọn không có): %s", bad);
	}
	if (r.argc < fn->min || (fn->max >= 0 && r.argc > fn->max)) {
		free(r.argv);
		free(r.own);
		fprintf(stderr, "usage: vanban vi %s %s\n", fn->name, fn->args);
		return usage_error("wrong number of arguments for %s", fn->name);
	}
	vb_srcset_init(&r.ss);
	vb_diag_init(&r.d, &r.ss, stderr);
	if ((r.vi = vi_open(&r.d)) == NULL)
		goto out;
	if (compose_args(&r) == -1 || fn->run(&r) == -1)
		goto out;
	if (r.out.data != NULL)
		fwrite(r.out.data, 1, r.out.len, stdout);
	putchar('\n');
	if (fflush(stdout) == EOF || ferror(stdout)) {
		vb_diag(&r.d, VB_ERR_WRITE, NULL, "standard output");
		goto out;
	}
	rc = VB_EXIT_OK;
out:
	vi_close(r.vi);
	vb_srcset_free(&r.ss);
	vb_buf_free(&r.out);
	for (i = 0; r.own != NULL && i < r.argc; i++)
		free(r.own[i]);
	free(r.own);
	free(r.argv);
	return rc;
}
