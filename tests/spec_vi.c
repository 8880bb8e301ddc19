/*
 * spec_vi.c — handler for tests/spec/vi.txt: each input line is
 * "FUNCTION ARGS" and prints one output line (see the prose in vi.txt
 * for the list). A failing call prints "-1", then the diagnostics it
 * reported, on the same line.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vi.h"
#include "spec_run.h"

struct ctx {
	struct vb_vi     *vi;
	struct vb_diag    d;
	struct vb_srcset  ss;
};

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes \xHH (one byte), \uHHHH (a code point), \n and \\ in s. */
static void
unescape(const char *s, struct vb_buf *b)
{
	size_t   i, k;
	uint32_t cp;

	vb_buf_puts(b, "");
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] != '\\' || s[i + 1] == '\0') {
			vb_buf_putc(b, s[i]);
			continue;
		}
		i++;
		if (s[i] == 'n')
			vb_buf_putc(b, '\n');
		else if (s[i] == 'x' && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			vb_buf_putc(b, hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (s[i] == 'u') {
			for (cp = 0, k = 1; k <= 4 && hexval(s[i + k]) >= 0; k++)
				cp = cp * 16 + (uint32_t)hexval(s[i + k]);
			vb_buf_put_cp(b, cp);
			i += k - 1;
		} else
			vb_buf_putc(b, s[i]);
	}
}

/* Splits "a | b | c" in place into at most max fields, trimmed. */
static int
fields(char *s, char **f, int max)
{
	int   n = 0;
	char *bar, *e;

	for (;;) {
		while (*s == ' ')
			s++;
		f[n++] = s;
		bar = n < max ? strchr(s, '|') : NULL;
		if (bar != NULL)
			*bar = '\0';
		for (e = s + strlen(s); e > s && e[-1] == ' '; e--)
			e[-1] = '\0';
		if (bar == NULL)
			break;
		s = bar + 1;
	}
	return n;
}

static int
date_arg(const char *s, int *y, int *m, int *d)
{
	int n = -1;

	if (sscanf(s, "%d-%d-%d%n", y, m, d, &n) == 3 && s[n] == '\0')
		return 0;
	return -1;
}

static int
flags_of(const char *fn)
{
	int fl = 0;

	if (strstr(fn, "+le"))
		fl |= VI_WORDS_LE;
	if (strstr(fn, "+ngan"))
		fl |= VI_WORDS_NGAN;
	if (strstr(fn, "+bon"))
		fl |= VI_WORDS_BON;
	if (strstr(fn, "+ti"))
		fl |= VI_WORDS_TI;
	return fl;
}

/* The comparison functions over the rest of the example, for qsort. */
static struct vb_vi *sort_vi;
static int           sort_names;

static int
cmp_items(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return sort_names ? vi_cmp_name(sort_vi, x, y) : vi_cmp(sort_vi, x, y);
}

static void
sort_rest(struct ctx *c, char **lines, size_t n, int names, struct vb_buf *out)
{
	size_t i;

	sort_vi = c->vi;
	sort_names = names;
	qsort(lines, n, sizeof(*lines), cmp_items);
	for (i = 0; i < n; i++) {
		vb_buf_puts(out, lines[i]);
		vb_buf_putc(out, '\n');
	}
}

static const char *
sign(int c)
{
	return c < 0 ? "<" : c > 0 ? ">" : "=";
}

/* Runs one line; returns the call's status (0 or -1), or 1 for a line
 * this handler does not understand. */
static int
one(struct ctx *c, char *fn, char *arg, struct vb_buf *res)
{
	struct vb_buf  t = VB_BUF_INIT;
	struct vb_src *src;
	struct vb_loc  loc = { 0, 0, 0, NULL };
	char          *f[4], *end;
	int            rc = 1, y, m, d, y2, m2, d2, nf, fl = flags_of(fn);
	long           days;
	double         a, b;
	long long      ll;

	unescape(arg, &t);
	if (strcmp(fn, "nfc") == 0) {
		src = vb_srcset_add(&c->ss, "arg", vb_xstrdup(t.data), t.len);
		loc.src = src->id;
		loc.len = (uint32_t)t.len;
		rc = vi_nfc(c->vi, t.data, t.len, res, &loc);
	} else if (strcmp(fn, "is_nfc") == 0) {
		vb_buf_puts(res, vi_is_nfc(c->vi, t.data, t.len) ? "1" : "0");
		rc = 0;
	} else if (strcmp(fn, "upper") == 0)
		rc = vi_upper(c->vi, t.data, t.len, res);
	else if (strcmp(fn, "lower") == 0)
		rc = vi_lower(c->vi, t.data, t.len, res);
	else if (strcmp(fn, "cap") == 0)
		rc = vi_capitalize(c->vi, t.data, t.len, res);
	else if (strcmp(fn, "cmp") == 0 || strcmp(fn, "cmp_name") == 0) {
		if (fields(t.data, f, 2) == 2) {
			vb_buf_puts(res, sign(fn[3] == '\0' ?
			    vi_cmp(c->vi, f[0], f[1]) :
			    vi_cmp_name(c->vi, f[0], f[1])));
			rc = 0;
		}
	} else if (strcmp(fn, "number") == 0) {
		a = strtod(t.data, &end);
		d = *end ? (int)strtol(end, NULL, 10) : -1;
		rc = vi_number(c->vi, a, d, res);
	} else if (strcmp(fn, "percent") == 0) {
		a = strtod(t.data, &end);
		b = strtod(end, &end);
		d = *end ? (int)strtol(end, NULL, 10) : 0;
		rc = vi_percent(c->vi, a, b, d, res);
	} else if (strcmp(fn, "pad") == 0) {
		ll = strtoll(t.data, &end, 10);
		rc = vi_pad(c->vi, ll, (int)strtol(end, NULL, 10), res);
	} else if (strncmp(fn, "words", 5) == 0 ||
	    strncmp(fn, "amount", 6) == 0) {
		errno = 0;
		ll = strtoll(t.data, &end, 10);
		if (errno == ERANGE)
			vb_buf_puts(res, "(beyond long long)");
		else if (fn[0] == 'w')
			rc = vi_words(c->vi, ll, fl, res);
		else {
			while (*end == ' ')
				end++;
			rc = vi_amount(c->vi, ll, end, fl, res);
		}
	} else if (strcmp(fn, "date_long") == 0 ||
	    strcmp(fn, "date_short") == 0) {
		if (date_arg(t.data, &y, &m, &d) == 0)
			rc = fn[5] == 'l' ? vi_date_long(c->vi, y, m, d, res) :
			    vi_date_short(c->vi, y, m, d, res);
	} else if (strcmp(fn, "date_blank") == 0)
		rc = vi_date_blank(c->vi, atoi(t.data), res);
	else if (strcmp(fn, "place_date") == 0) {
		nf = fields(t.data, f, 3);
		if (nf >= 2) {
			/* A date, or a year alone for the draft form. */
			if (date_arg(f[1], &y, &m, &d) == -1) {
				y = atoi(f[1]);
				m = d = 0;
			}
			rc = vi_place_date(c->vi, f[0], y, m, d,
			    nf == 3 && strcmp(f[2], "draft") == 0, res);
		}
	} else if (strcmp(fn, "days") == 0 || strcmp(fn, "days_raw") == 0) {
		if ((nf = fields(t.data, f, 2)) == 2 &&
		    date_arg(f[0], &y, &m, &d) == 0 &&
		    date_arg(f[1], &y2, &m2, &d2) == 0) {
			if (fn[4] == '\0') {
				if ((rc = vi_days(c->vi, y, m, d, y2, m2, d2,
				    &days)) == 0)
					vb_buf_printf(res, "%ld", days);
			} else {
				days = vi_days_between(y, m, d, y2, m2, d2);
				if (days == LONG_MIN)
					vb_buf_puts(res, "LONG_MIN");
				else
					vb_buf_printf(res, "%ld", days);
				rc = 0;
			}
		}
	} else if (strcmp(fn, "parse_date") == 0) {
		if ((rc = vi_parse_date(t.data, &y, &m, &d)) == 0)
			vb_buf_printf(res, "%d %d %d", y, m, d);
	} else if (strcmp(fn, "roman") == 0)
		rc = vi_roman(strtol(t.data, NULL, 10), res);
	else if (strcmp(fn, "letter") == 0)
		rc = vi_letter(strtol(t.data, NULL, 10), res);
	vb_buf_free(&t);
	return rc;
}

static void
run(const char *input, const char *flags, struct vb_buf *out)
{
	struct ctx   c;
	char        *text = vb_xstrdup(input), *line, *next, *sp, *mem = NULL;
	char       **rest = NULL;
	size_t       nrest = 0, memlen = 0;
	struct vb_buf res = VB_BUF_INIT;
	FILE        *f;
	int          rc;

	(void)flags;
	vb_srcset_init(&c.ss);
	vb_diag_init(&c.d, &c.ss, NULL);
	if ((c.vi = vi_open(&c.d)) == NULL) {
		vb_buf_puts(out, "vi_open failed\n");
		goto out;
	}
	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strcmp(line, "sort") == 0 || strcmp(line, "sort_names") == 0) {
			/* The rest of the example is the list. */
			for (sp = next; sp != NULL && *sp != '\0'; sp = next) {
				if ((next = strchr(sp, '\n')) != NULL)
					*next++ = '\0';
				rest = vb_xrealloc(rest, (nrest + 1) *
				    sizeof(*rest));
				rest[nrest++] = sp;
			}
			sort_rest(&c, rest, nrest, line[4] != '\0', out);
			break;
		}
		if ((sp = strchr(line, ' ')) != NULL)
			*sp++ = '\0';
		else
			sp = line + strlen(line);
		f = open_memstream(&mem, &memlen);
		c.d.out = f;
		vb_buf_reset(&res);
		rc = one(&c, line, sp, &res);
		fclose(f);
		if (rc == 1)
			vb_buf_printf(out, "?? %s\n", line);
		else if (rc == -1) {
			vb_buf_puts(out, "-1");
			if (memlen > 0 && mem[memlen - 1] == '\n')
				mem[--memlen] = '\0';
			if (memlen > 0)
				vb_buf_printf(out, " %s", mem);
			vb_buf_putc(out, '\n');
		} else {
			if (res.data != NULL)
				vb_buf_puts(out, res.data);
			if (memlen > 0)
				vb_buf_printf(out, " (reported: %s)", mem);
			vb_buf_putc(out, '\n');
		}
		free(mem);
		mem = NULL;
		memlen = 0;
	}
out:
	vi_close(c.vi);
	vb_srcset_free(&c.ss);
	vb_buf_free(&res);
	free(rest);
	free(text);
}

const struct spec_handler spec_vi = { "vi", run };
