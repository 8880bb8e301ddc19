/*
 * data_csv.c — RFC 4180 CSV (UTF-8, with or without BOM; ',' or ';')
 * into a list of maps, and the helpers both table readers share: header
 * keys, rows, and the typing of text cells. See sheet.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "num.h"
#include "sheet.h"

/* Errors reported before the reader gives up on a file. */
#define CSV_MAX_REPORTS 20

/* One field of the current record. */
struct field {
	size_t      off;     /* raw byte range, opening quote included */
	size_t      len;
	const char *s;       /* the text, unescaped (not NUL-terminated) */
	size_t      n;
	int         quoted;
};

struct csv {
	struct vb_src   *src;
	struct vb_arena *a;
	struct vb_diag  *d;
	const char      *p;
	size_t           len;
	size_t           pos;
	char             sep;
	struct field    *f;      /* the current record; malloc'd */
	size_t           nf, cap;
};

/* ---- shared by both readers ------------------------------------------ */

/* Length of white space at s[0..n) (ASCII or U+00A0), or 0. */
static size_t
white(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' ||
	    s[0] == '\n'))
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xC2 &&
	    (unsigned char)s[1] == 0xA0)
		return 2;
	return 0;
}

/* s trimmed, with each run of white space made one space; in a. */
static const char *
norm_key(struct vb_arena *a, const char *s)
{
	size_t n = strlen(s), i, k, o = 0;
	char  *r = vb_arena_alloc(a, n + 1);
	int    sp = 0;

	for (i = 0; i < n; i += k) {
		if ((k = white(s + i, n - i)) > 0) {
			sp = o > 0;
			continue;
		}
		k = 1;
		if (sp)
			r[o++] = ' ';
		sp = 0;
		r[o++] = s[i];
	}
	r[o] = '\0';
	return r;
}

struct keyref {
	const char *k;
	size_t      i;
};

static int
keyref_cmp(const void *x, const void *y)
{
	const struct keyref *a = x, *b = y;
	int                  c = strcmp(a->k, b->k);

	if (c != 0)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

int
vb_sheet_keys(struct vb_arena *a, struct vb_diag *d, size_t n,
    const char *const *top, const char *const *bot, const int *same,
    const struct vb_loc *locs, const char **keys)
{
	struct keyref *kr;
	const char    *t, *b;
	size_t         i, first;
	int            rc = -1, bad = 0;

	kr = vb_xcalloc(n ? n : 1, sizeof(*kr));
	for (i = 0; i < n; i++) {
		t = norm_key(a, top[i] != NULL ? top[i] : "");
		b = norm_key(a, bot != NULL && bot[i] != NULL ? bot[i] : "");
		if (bot == NULL || (same != NULL && same[i]) || *b == '\0')
			keys[i] = t;
		else if (*t == '\0')
			keys[i] = b;
		else
			keys[i] = vb_arena_printf(a, "%s / %s", t, b);
		if (*keys[i] == '\0') {
			vb_diag(d, VB_ERR_SHEET_KEY, &locs[i], "column %zu",
			    i + 1);
			bad = 1;
		}
		kr[i].k = keys[i];
		kr[i].i = i;
	}
	qsort(kr, n, sizeof(*kr), keyref_cmp);
	for (i = 1, first = 0; i < n; i++) {
		if (strcmp(kr[i].k, kr[first].k) != 0) {
			first = i;
			continue;
		}
		if (*kr[i].k == '\0')
			continue;
		vb_diag(d, VB_ERR_SHEET_DUPKEY, &locs[kr[i].i], "\"%s\"",
		    kr[i].k);
		vb_diag_note(d, &locs[kr[first].i], "first used here");
		bad = 1;
	}
	if (bad)
		goto out;
	rc = 0;
out:
	free(kr);
	return rc;
}

struct vb_value *
vb_sheet_row(struct vb_arena *a, const char *const *keys, size_t n,
    const struct vb_loc *loc)
{
	struct vb_value *m = vb_value_map(a, loc);

	if (n == 0)
		return m;
	m->u.map.k = vb_arena_alloc(a, n * sizeof(*m->u.map.k));
	memcpy(m->u.map.k, keys, n * sizeof(*m->u.map.k));
	m->u.map.v = vb_arena_alloc(a, n * sizeof(*m->u.map.v));
	m->u.map.n = m->u.map.cap = n;
	return m;
}

int
vb_sheet_text_value(struct vb_arena *a, struct vb_diag *d,
    const struct vb_sheet_opts *o, const char *s, size_t len,
    const struct vb_loc *loc, struct vb_value **out)
{
	const char *why;
	size_t      b = 0, e = len, k;
	double      x;
	int         r;

	if (o != NULL && o->keep_text) {
		*out = vb_value_str(a, s, len, loc);
		return 0;
	}
	r = vb_num_parse(s, len, o != NULL ? o->num_locale : VB_NUM_VI, &x,
	    &why);
	if (r == -1) {
		vb_diag(d, VB_ERR_SHEET_NUMBER, loc, "\"%.*s\": %s",
		    (int)(len > 60 ? 60 : len), s, why);
		*out = NULL;
		return -1;
	}
	if (r == 0) {
		*out = vb_value_str(a, s, len, loc);
		return 0;
	}
	/* The literal, without the blanks around it. */
	while (b < e && (k = white(s + b, e - b)) > 0)
		b += k;
	while (e > b) {
		if (white(s + e - 1, 1) == 1)
			e--;
		else if (e - b >= 2 && white(s + e - 2, 2) == 2)
			e -= 2;
		else
			break;
	}
	*out = vb_value_num(a, x, vb_arena_strndup(a, s + b, e - b), loc);
	return 0;
}

/* ---- CSV ---------------------------------------------------------------- */

static void
setloc(const struct csv *c, struct vb_loc *loc, size_t off, size_t len)
{
	loc->src = c->src->id;
	loc->off = (uint32_t)off;
	loc->len = (uint32_t)len;
	loc->cell = NULL;
}

static void
push_field(struct csv *c, size_t off, size_t len, const char *s, size_t n,
    int quoted)
{
	struct field *f;

	if (c->nf == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->f = vb_xrealloc(c->f, c->cap * sizeof(*c->f));
	}
	f = &c->f[c->nf++];
	f->off = off;
	f->len = len;
	f->s = s;
	f->n = n;
	f->quoted = quoted;
}

/* The content of a quoted field with "" made ", in the arena. */
static const char *
unescape(struct csv *c, const char *s, size_t n, size_t *olen)
{
	char  *r = vb_arena_alloc(c->a, n + 1);
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		r[o++] = s[i];
		if (s[i] == '"')
			i++;
	}
	*olen = o;
	return r;
}

/*
 * Reads the next record into c->f. Returns 1 for a record, 0 at the end
 * of the input, -1 after reporting a quoting error (the reader stops:
 * after a stray quote no field boundary can be trusted).
 */
static int
read_record(struct csv *c)
{
	struct vb_loc loc;
	const char   *p = c->p;
	size_t        start, n;
	int           esc;

	c->nf = 0;
	if (c->pos >= c->len)
		return 0;
	for (;;) {
		start = c->pos;
		if (c->pos < c->len && p[c->pos] == '"') {
			esc = 0;
			for (c->pos++;; c->pos++) {
				if (c->pos >= c->len) {
					setloc(c, &loc, start, 1);
					vb_diag(c->d, VB_ERR_CSV_QUOTE, &loc,
					    NULL);
					return -1;
				}
				if (p[c->pos] != '"')
					continue;
				if (c->pos + 1 < c->len &&
				    p[c->pos + 1] == '"') {
					esc = 1;
					c->pos++;
					continue;
				}
				break;
			}
			c->pos++;
			if (c->pos < c->len && p[c->pos] != c->sep &&
			    p[c->pos] != '\r' && p[c->pos] != '\n') {
				setloc(c, &loc, c->pos, 1);
				vb_diag(c->d, VB_ERR_CSV_AFTERQUOTE, &loc,
				    "a quoted field must end at a separator "
				    "or the end of the line; write \"\" for a "
				    "quote inside it");
				return -1;
			}
			n = c->pos - start - 2;
			if (esc) {
				const char *u = unescape(c, p + start + 1, n,
				    &n);

				push_field(c, start, c->pos - start, u, n, 1);
			} else
				push_field(c, start, c->pos - start,
				    p + start + 1, n, 1);
		} else {
			while (c->pos < c->len && p[c->pos] != c->sep &&
			    p[c->pos] != '\n' && p[c->pos] != '\r')
				c->pos++;
			push_field(c, start, c->pos - start, p + start,
			    c->pos - start, 0);
		}
		if (c->nf > VB_SHEET_MAX_COLS) {
			setloc(c, &loc, start, 0);
			vb_diag(c->d, VB_ERR_LIMIT, &loc,
			    "more than %d fields in a row", VB_SHEET_MAX_COLS);
			return -1;
		}
		if (c->pos < c->len && p[c->pos] == c->sep) {
			c->pos++;
			continue;
		}
		if (c->pos < c->len && p[c->pos] == '\r')
			c->pos++;
		if (c->pos < c->len && p[c->pos] == '\n')
			c->pos++;
		return 1;
	}
}

/* Moves past n records (a newline inside quotes ends none). */
static void
skip_records(struct csv *c, long n)
{
	int  inq = 0;
	char ch;

	while (n > 0 && c->pos < c->len) {
		ch = c->p[c->pos++];
		if (ch == '"')
			inq = !inq;
		else if (!inq && (ch == '\n' || ch == '\r')) {
			if (ch == '\r' && c->pos < c->len && c->p[c->pos] == '\n')
				c->pos++;
			n--;
		}
	}
}

/* ',' or ';', whichever the header line has more of outside quotes. */
static int
detect_sep(struct csv *c, size_t from)
{
	struct vb_loc loc;
	size_t        i, commas = 0, semis = 0;
	int           inq = 0;

	for (i = from; i < c->len; i++) {
		if (c->p[i] == '"')
			inq = !inq;
		else if (!inq && (c->p[i] == '\n' || c->p[i] == '\r'))
			break;
		else if (!inq && c->p[i] == ',')
			commas++;
		else if (!inq && c->p[i] == ';')
			semis++;
	}
	if (commas > 0 && commas == semis) {
		setloc(c, &loc, from, i - from);
		vb_diag(c->d, VB_ERR_CSV_SEP, &loc, "the header line has as "
		    "many commas as semicolons (%zu); name the separator",
		    commas);
		return -1;
	}
	c->sep = semis > commas ? ';' : ',';
	return 0;
}

static int
all_empty(const struct csv *c)
{
	size_t i;

	for (i = 0; i < c->nf; i++)
		if (c->f[i].len > 0)
			return 0;
	return 1;
}

/* The fields of the current record as NUL-terminated arena strings. */
static const char **
record_texts(struct csv *c, struct vb_loc *locs)
{
	const char **t = vb_arena_alloc(c->a, c->nf * sizeof(*t));
	size_t       i;

	for (i = 0; i < c->nf; i++) {
		t[i] = vb_arena_strndup(c->a, c->f[i].s, c->f[i].n);
		if (locs != NULL)
			setloc(c, &locs[i], c->f[i].off, c->f[i].len);
	}
	return t;
}

/* Reads the header record(s) and makes the keys. */
static int
read_header(struct csv *c, int first, int nrows, const char ***keys,
    size_t *ncols)
{
	struct vb_loc  loc, *locs;
	const char   **top, **bot = NULL, *group = NULL;
	size_t         i, n;
	int            r, sub = 0;

	if ((r = read_record(c)) <= 0) {
		if (r == 0 && first > 1) {
			setloc(c, &loc, c->len, 0);
			vb_diag(c->d, VB_ERR_SHEET_NOHEADER, &loc, "the file "
			    "has fewer than %d rows", first);
		} else if (r == 0) {
			setloc(c, &loc, 0, 0);
			vb_diag(c->d, VB_ERR_SHEET_NOHEADER, &loc,
			    "the file is empty");
		}
		return -1;
	}
	n = c->nf;
	locs = vb_arena_alloc(c->a, n * sizeof(*locs));
	top = record_texts(c, locs);
	if (nrows == 2) {
		if ((r = read_record(c)) <= 0) {
			if (r == 0) {
				setloc(c, &loc, c->len, 0);
				vb_diag(c->d, VB_ERR_SHEET_NOHEADER, &loc,
				    "the second header row is missing");
			}
			return -1;
		}
		if (c->nf != n) {
			setloc(c, &loc, c->f[0].off, c->f[0].len);
			vb_diag(c->d, VB_ERR_CSV_FIELDS, &loc, "the second "
			    "header row has %zu fields, the first %zu",
			    c->nf, n);
			return -1;
		}
		bot = record_texts(c, NULL);
		/* An empty group cell continues a group with sub-columns. */
		for (i = 0; i < n; i++) {
			if (*top[i] != '\0') {
				group = top[i];
				sub = *bot[i] != '\0';
			} else if (group != NULL && sub && *bot[i] != '\0')
				top[i] = group;
			else
				group = NULL;
		}
	}
	*keys = vb_arena_alloc(c->a, n * sizeof(**keys));
	*ncols = n;
	return vb_sheet_keys(c->a, c->d, n, top, bot, NULL, locs, *keys);
}

/* The value of field f. */
static int
field_value(struct csv *c, const struct vb_sheet_opts *o,
    const struct field *f, struct vb_value **v)
{
	struct vb_loc loc;

	setloc(c, &loc, f->off, f->len);
	if (f->n == 0 && !f->quoted) {
		*v = vb_value_null(c->a, &loc);
		return 0;
	}
	if (!o->keep_text && !f->quoted && (f->n == 4 || f->n == 5) &&
	    (strncasecmp(f->s, "true", f->n) == 0 ||
	    strncasecmp(f->s, "false", f->n) == 0)) {
		*v = vb_value_bool(c->a, f->n == 4, &loc);
		return 0;
	}
	return vb_sheet_text_value(c->a, c->d, o, f->s, f->n, &loc, v);
}

int
vb_csv_read(struct vb_src *src, struct vb_arena *a, struct vb_diag *d,
    const struct vb_sheet_opts *opts, struct vb_value **out)
{
	static const struct vb_sheet_opts defaults;
	const struct vb_sheet_opts *o = opts != NULL ? opts : &defaults;
	struct csv        c;
	struct vb_loc     loc;
	struct vb_value  *list, *row;
	const char      **keys = NULL;
	const char       *nul;
	size_t            ncols = 0, nrows = 0, i, bad, maxv;
	int               rc = -1, r, reports = 0;

	*out = NULL;
	maxv = o->max_cells > 0 && o->max_cells < VB_SHEET_MAX_VALUES ?
	    o->max_cells : VB_SHEET_MAX_VALUES;
	memset(&c, 0, sizeof(c));
	c.src = src;
	c.a = a;
	c.d = d;
	c.p = src->data;
	c.len = src->len;
	setloc(&c, &loc, 0, 0);
	if (o->header_rows < 0 || o->header_rows > 2 || o->header_row < 0 ||
	    o->sep == '"' || o->sep == '\r' || o->sep == '\n') {
		vb_diag(d, VB_ERR_SHEET_OPTS, NULL, "%s: header_rows %d, "
		    "header_row %d, separator 0x%02x", src->name,
		    o->header_rows, o->header_row, (unsigned char)o->sep);
		goto out;
	}
	if (src->len > UINT32_MAX) {
		vb_diag(d, VB_ERR_LIMIT, &loc, "a CSV file over 4 GiB");
		goto out;
	}
	if ((nul = memchr(c.p, '\0', c.len)) != NULL) {
		setloc(&c, &loc, (size_t)(nul - c.p), 1);
		vb_diag(d, VB_ERR_NUL, &loc, NULL);
		goto out;
	}
	if ((i = vb_utf8_check(c.p, c.len)) != c.len) {
		setloc(&c, &loc, i, 1);
		vb_diag(d, VB_ERR_UTF8, &loc, "byte 0x%02X; save the file as "
		    "CSV UTF-8", (unsigned char)c.p[i]);
		goto out;
	}
	if (c.len >= 3 && memcmp(c.p, "\xEF\xBB\xBF", 3) == 0)
		c.pos = 3;
	/* Title rows above the header, or blank lines. */
	if (o->header_row > 1)
		skip_records(&c, o->header_row - 1);
	else
		while (c.pos < c.len && (c.p[c.pos] == '\n' ||
		    c.p[c.pos] == '\r'))
			c.pos++;
	if (o->sep != 0)
		c.sep = o->sep;
	else if (detect_sep(&c, c.pos) == -1)
		goto out;
	if (read_header(&c, o->header_row, o->header_rows == 2 ? 2 : 1, &keys,
	    &ncols) == -1)
		goto out;
	list = vb_value_list(a, &loc);
	while ((r = read_record(&c)) == 1) {
		if (all_empty(&c))
			continue;
		setloc(&c, &loc, c.f[0].off, c.f[0].len);
		if (c.nf != ncols) {
			vb_diag(d, VB_ERR_CSV_FIELDS, &loc, "this row has %zu, "
			    "the header %zu", c.nf, ncols);
			if (++reports >= CSV_MAX_REPORTS) {
				vb_diag_note(d, &loc, "further rows not "
				    "checked");
				goto out;
			}
			continue;
		}
		if (nrows >= VB_SHEET_MAX_ROWS ||
		    (nrows + 1) * ncols > maxv) {
			vb_diag(d, VB_ERR_LIMIT, &loc, "a table of more than "
			    "%d rows or %zu values", VB_SHEET_MAX_ROWS, maxv);
			goto out;
		}
		row = vb_sheet_row(a, keys, ncols, &loc);
		for (i = bad = 0; i < ncols; i++)
			if (field_value(&c, o, &c.f[i], &row->u.map.v[i]) == -1)
				bad++;
		if (bad > 0 && (reports += (int)bad) >= CSV_MAX_REPORTS) {
			vb_diag_note(d, &loc, "further rows not checked");
			goto out;
		}
		vb_list_push(a, list, row);
		nrows++;
	}
	if (r == -1 || reports > 0)
		goto out;
	*out = list;
	rc = 0;
out:
	free(c.f);
	return rc;
}
