/*
 * data.c — the named data sources of the command line (-d, --set) and
 * the helpers the data readers share (map index, NFC, numbers).
 *
 * A source spec is [NAME=]FILE[#OPTIONS]. OPTIONS, for .csv and .xlsx
 * only, are items joined by '&' (the '#' is found right after the
 * extension, so a sheet name may hold any character but '&'):
 *
 *   Tong hop        the sheet of that name (an item without '=')
 *   sheet=NAME      the same, for a name that looks like an option
 *   sheet=3         the third sheet (digits only)
 *   headers=2       two header rows: group row + column row
 *   row=4           the (first) header row is row 4 (titles above it)
 *   sep=;  sep=tab  the CSV separator (else found from the header line)
 *   text            keep text cells as text, never numbers
 *   num=c           text cells hold numbers as programs write them
 *                   (1234.5), not the Vietnamese way (1.234,5)
 *
 *   -d don_vi='units.xlsx#Tong hop&headers=2'
 *   -d dot2=ket-qua.csv#sep=;
 *
 * A NAME is [A-Za-z_][A-Za-z0-9_]*; a file whose own name has an '=' is
 * written ./a=b.yaml.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "data_int.h"
#include "sheet.h"
#include "num.h"

/* ---- map index ----------------------------------------------------------- */

#define MAPB_LINEAR 8   /* keys searched one by one before a hash index */

static size_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;   /* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 32));
}

static void
index_key(struct vb_mapb *mb, size_t i)
{
	size_t mask = mb->nslot - 1, j;

	j = hash(mb->map->u.map.k[i]) & mask;
	while (mb->slot[j] != 0)
		j = (j + 1) & mask;
	mb->slot[j] = i + 1;
}

static void
reindex(struct vb_mapb *mb)
{
	size_t i, n = mb->map->u.map.n;

	free(mb->slot);
	mb->nslot = 32;
	while (mb->nslot < n * 2)
		mb->nslot *= 2;
	mb->slot = vb_xcalloc(mb->nslot, sizeof(*mb->slot));
	for (i = 0; i < n; i++)
		index_key(mb, i);
}

void
vb_mapb_init(struct vb_mapb *mb, struct vb_value *map)
{
	memset(mb, 0, sizeof(*mb));
	mb->map = map;
	if (map->u.map.n > MAPB_LINEAR)
		reindex(mb);
}

size_t
vb_mapb_find(struct vb_mapb *mb, const char *key)
{
	const struct vb_value *m = mb->map;
	size_t                 i, j, mask;

	if (mb->nslot == 0) {
		for (i = 0; i < m->u.map.n; i++)
			if (strcmp(m->u.map.k[i], key) == 0)
				return i;
		return VB_MAPB_NONE;
	}
	mask = mb->nslot - 1;
	for (j = hash(key) & mask; mb->slot[j] != 0; j = (j + 1) & mask)
		if (strcmp(m->u.map.k[mb->slot[j] - 1], key) == 0)
			return mb->slot[j] - 1;
	return VB_MAPB_NONE;
}

size_t
vb_mapb_add(struct vb_arena *a, struct vb_mapb *mb, const char *key,
    struct vb_value *v, const struct vb_loc *kloc)
{
	struct vb_value  *m = mb->map;
	const char      **k;
	struct vb_value **vv;
	size_t            i = m->u.map.n, cap;

	if (i == m->u.map.cap) {
		cap = m->u.map.cap ? m->u.map.cap * 2 : 8;
		k = vb_arena_alloc(a, cap * sizeof(*k));
		vv = vb_arena_alloc(a, cap * sizeof(*vv));
		if (i > 0) {
			memcpy(k, m->u.map.k, i * sizeof(*k));
			memcpy(vv, m->u.map.v, i * sizeof(*vv));
		}
		m->u.map.k = k;
		m->u.map.v = vv;
		m->u.map.cap = cap;
	}
	m->u.map.k[i] = key;
	m->u.map.v[i] = v;
	m->u.map.n++;
	if (i >= mb->klcap) {
		/* The map may have been filled before this index knew it
		 * (a second file merged into the root): grow far enough,
		 * and clear what no key has set. */
		size_t old = mb->klcap;

		mb->klcap = old ? old * 2 : 8;
		while (mb->klcap <= i)
			mb->klcap *= 2;
		mb->kloc = vb_xrealloc(mb->kloc, mb->klcap * sizeof(*mb->kloc));
		memset(mb->kloc + old, 0, (mb->klcap - old) *
		    sizeof(*mb->kloc));
	}
	if (kloc != NULL)
		mb->kloc[i] = *kloc;
	else
		memset(&mb->kloc[i], 0, sizeof(mb->kloc[i]));
	if (mb->nslot == 0 && m->u.map.n > MAPB_LINEAR)
		reindex(mb);
	else if (mb->nslot != 0 && m->u.map.n * 2 > mb->nslot)
		reindex(mb);
	else if (mb->nslot != 0)
		index_key(mb, i);
	return i;
}

const struct vb_loc *
vb_mapb_kloc(const struct vb_mapb *mb, size_t i)
{
	return i < mb->klcap ? &mb->kloc[i] : NULL;
}

void
vb_mapb_free(struct vb_mapb *mb)
{
	free(mb->slot);
	free(mb->kloc);
	memset(mb, 0, sizeof(*mb));
}

/* ---- numbers and text ---------------------------------------------------- */

int
vb_data_strtod(struct vb_diag *d, const char *lit, size_t n, int is_int,
    const struct vb_loc *loc, double *v)
{
	const char *dp = localeconv()->decimal_point;
	char       *buf, *p, *end;
	double      x;

	/* strtod() follows LC_NUMERIC; the literal always has a '.'. */
	buf = vb_xstrndup(lit, n);
	if ((p = strchr(buf, '.')) != NULL && dp[0] != '.' && dp[0] != '\0' &&
	    dp[1] == '\0')
		*p = dp[0];
	errno = 0;
	x = strtod(buf, &end);
	free(buf);
	if (!isfinite(x)) {
		vb_diag(d, VB_ERR_DATA_NUM, loc, "%.*s is too large: quote it "
		    "to keep it as text", (int)n, lit);
		return -1;
	}
	if (is_int && fabs(x) >= 9007199254740992.0) {
		vb_diag(d, VB_ERR_DATA_NUM, loc, "%.*s is 2^53 or more, beyond "
		    "what a number keeps exactly: quote it if it is an account "
		    "or code number", (int)n, lit);
		return -1;
	}
	*v = x;
	return 0;
}

const char *
vb_data_nfc(struct vb_arena *a, const char *s, size_t n, size_t *outlen)
{
	const UNormalizer2 *nfc;
	UErrorCode          st = U_ZERO_ERROR;
	UChar               sbuf[256], *u = sbuf, *w = NULL;
	int32_t             ulen, wlen, olen;
	char               *out = NULL;
	size_t              i;

	for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
		continue;
	if (i == n || n > INT32_MAX / 2)
		goto same;
	/*
	 * ICU's NFC instance is a process-wide singleton owned by ICU
	 * (nothing to open or close), so the data readers need no vb_vi.
	 */
	nfc = unorm2_getNFCInstance(&st);
	if (n > sizeof(sbuf) / sizeof(sbuf[0]))
		u = vb_xmalloc(n * sizeof(*u));
	u_strFromUTF8(u, (int32_t)n, &ulen, s, (int32_t)n, &st);
	if (U_FAILURE(st))
		goto out;
	if (unorm2_quickCheck(nfc, u, ulen, &st) == UNORM_YES &&
	    U_SUCCESS(st))
		goto same_free;
	st = U_ZERO_ERROR;
	wlen = unorm2_normalize(nfc, u, ulen, NULL, 0, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		goto out;
	w = vb_xmalloc(((size_t)wlen + 1) * sizeof(*w));
	st = U_ZERO_ERROR;
	unorm2_normalize(nfc, u, ulen, w, wlen + 1, &st);
	if (U_FAILURE(st))
		goto out;
	u_strToUTF8(NULL, 0, &olen, w, wlen, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		goto out;
	out = vb_arena_alloc(a, (size_t)olen + 1);
	st = U_ZERO_ERROR;
	u_strToUTF8(out, olen + 1, NULL, w, wlen, &st);
	if (U_FAILURE(st)) {
		out = NULL;
		goto out;
	}
	*outlen = (size_t)olen;
out:
	if (u != sbuf)
		free(u);
	free(w);
	return out;
same_free:
	if (u != sbuf)
		free(u);
same:
	*outlen = n;
	return vb_arena_strndup(a, s, n);
}

/* NFC for the strings and keys a table reader left as typed. */
static int
nfc_tree(struct vb_arena *a, struct vb_diag *d, struct vb_value *v)
{
	const char *t;
	size_t      i, n;
	int         rc = 0;

	switch (v->type) {
	case VB_STR:
		if ((t = vb_data_nfc(a, v->u.str.s, v->u.str.len, &n)) == NULL)
			goto fail;
		v->u.str.s = t;
		v->u.str.len = n;
		return 0;
	case VB_LIST:
		for (i = 0; i < v->u.list.n; i++)
			rc |= nfc_tree(a, d, v->u.list.v[i]);
		return rc;
	case VB_MAP:
		for (i = 0; i < v->u.map.n; i++) {
			t = v->u.map.k[i];
			if (vb_utf8_count(t, strlen(t)) != strlen(t)) {
				if ((t = vb_data_nfc(a, t, strlen(t), &n)) ==
				    NULL)
					goto fail;
				v->u.map.k[i] = t;
			}
			rc |= nfc_tree(a, d, v->u.map.v[i]);
		}
		return rc;
	default:
		return 0;
	}
fail:
	vb_diag(d, VB_ERR_INTERNAL, &v->loc, "ICU could not normalise the "
	    "text");
	return -1;
}

/* ---- sources ------------------------------------------------------------- */

enum fmt { FMT_NONE, FMT_YAML, FMT_JSON, FMT_CSV, FMT_XLSX };

static int
ends_with(const char *s, size_t n, const char *ext)
{
	size_t k = strlen(ext), i;

	if (n < k)
		return 0;
	for (i = 0; i < k; i++)
		if ((s[n - k + i] | 0x20) != ext[i])
			return 0;
	return 1;
}

static enum fmt
format_of(const char *path, size_t n)
{
	if (ends_with(path, n, ".yaml") || ends_with(path, n, ".yml"))
		return FMT_YAML;
	if (ends_with(path, n, ".json"))
		return FMT_JSON;
	if (ends_with(path, n, ".csv"))
		return FMT_CSV;
	if (ends_with(path, n, ".xlsx"))
		return FMT_XLSX;
	return FMT_NONE;
}

static int
is_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= '0' && s[i] <= '9') ||
		    ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')))
			return 0;
	return 1;
}

/* Digits only: a positive int, or -1. */
static int
small_int(const char *s)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > 100000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return (int)v;
}

/* Reads the '&' items after '#' into o; strings are kept in a. */
static int
sheet_options(struct vb_arena *a, struct vb_diag *d, const char *spec,
    char *opts, enum fmt f, struct vb_sheet_opts *o)
{
	char *item, *next, *val;
	int   k;

	for (item = opts; item != NULL; item = next) {
		if ((next = strchr(item, '&')) != NULL)
			*next++ = '\0';
		if ((val = strchr(item, '=')) != NULL)
			*val++ = '\0';
		if (val == NULL && strcmp(item, "text") == 0)
			o->keep_text = 1;
		else if (val == NULL && *item != '\0' && f == FMT_XLSX)
			o->sheet = vb_arena_strdup(a, item);
		else if (val != NULL && strcmp(item, "sheet") == 0 &&
		    f == FMT_XLSX && *val != '\0') {
			if ((k = small_int(val)) > 0)
				o->sheet_index = k;
			else
				o->sheet = vb_arena_strdup(a, val);
		} else if (val != NULL && strcmp(item, "headers") == 0 &&
		    ((k = small_int(val)) == 1 || k == 2))
			o->header_rows = k;
		else if (val != NULL && strcmp(item, "row") == 0 &&
		    (k = small_int(val)) > 0)
			o->header_row = k;
		else if (val != NULL && strcmp(item, "sep") == 0 &&
		    f == FMT_CSV && (strlen(val) == 1 ||
		    strcmp(val, "tab") == 0))
			o->sep = strcmp(val, "tab") == 0 ? '\t' : val[0];
		else if (val != NULL && strcmp(item, "num") == 0 &&
		    (strcmp(val, "c") == 0 || strcmp(val, "vi") == 0))
			o->num_locale = val[0] == 'c' ? VB_NUM_C : VB_NUM_VI;
		else {
			vb_diag(d, VB_ERR_DATA_SPEC, NULL, "%s: unknown option "
			    "'%s%s%s' (options: a sheet name, sheet=N, "
			    "headers=1|2, row=N, sep=C|tab, text, num=c|vi; "
			    "sheets and sep=C only where the format has them)",
			    spec, item, val != NULL ? "=" : "",
			    val != NULL ? val : "");
			return -1;
		}
	}
	return 0;
}

/* Binds v at root[name], or merges its keys into the root. */
static int
bind(struct vb_data *dt, struct vb_diag *d, const char *spec,
    const char *name, struct vb_value *v)
{
	struct vb_mapb   mb;
	struct vb_value *old;
	size_t           i, j;
	int              rc = 0;

	vb_mapb_init(&mb, dt->root);
	if (name != NULL) {
		if ((i = vb_mapb_find(&mb, name)) != VB_MAPB_NONE) {
			old = dt->root->u.map.v[i];
			vb_diag(d, VB_ERR_DATA_DUPNAME, NULL, "-d %s: '%s' is "
			    "already bound", spec, name);
			vb_diag_note(d, &old->loc, "'%s' is first bound here",
			    name);
			rc = -1;
		} else
			vb_mapb_add(&dt->arena, &mb, vb_arena_strdup(&dt->arena,
			    name), v, NULL);
		goto out;
	}
	if (v->type == VB_NULL)
		goto out;
	if (v->type != VB_MAP) {
		vb_diag(d, VB_ERR_DATA_SPEC, &v->loc, "-d %s: the file holds "
		    "a %s; give it a name (-d NAME=%s) or make it a map",
		    spec, vb_value_type_name(v->type), spec);
		rc = -1;
		goto out;
	}
	for (j = 0; j < v->u.map.n; j++) {
		if ((i = vb_mapb_find(&mb, v->u.map.k[j])) != VB_MAPB_NONE) {
			old = dt->root->u.map.v[i];
			vb_diag(d, VB_ERR_DATA_DUPNAME, &v->u.map.v[j]->loc,
			    "'%s' is already bound by an earlier source",
			    v->u.map.k[j]);
			vb_diag_note(d, &old->loc, "'%s' is first bound here",
			    v->u.map.k[j]);
			rc = -1;
			continue;
		}
		vb_mapb_add(&dt->arena, &mb, v->u.map.k[j], v->u.map.v[j],
		    NULL);
	}
out:
	vb_mapb_free(&mb);
	return rc;
}

void
vb_data_init(struct vb_data *dt)
{
	vb_arena_init(&dt->arena);
	dt->root = vb_value_map(&dt->arena, NULL);
}

void
vb_data_free(struct vb_data *dt)
{
	vb_arena_free(&dt->arena);
	dt->root = NULL;
}

int
vb_data_load(struct vb_data *dt, struct vb_srcset *ss, struct vb_diag *d,
    const char *spec)
{
	struct vb_sheet_opts  o;
	struct vb_src        *src;
	struct vb_value      *v = NULL;
	const char           *eq, *path;
	char                 *name = NULL, *file = NULL, *opts = NULL, *data;
	size_t                n, i;
	enum fmt              f = FMT_NONE;
	int                   rc = -1;

	memset(&o, 0, sizeof(o));
	path = spec;
	if ((eq = strchr(spec, '=')) != NULL && is_name(spec, eq - spec)) {
		name = vb_xstrndup(spec, eq - spec);
		path = eq + 1;
	}
	/* FILE.csv#... or FILE.xlsx#...: the first such '#' starts options. */
	n = strlen(path);
	for (i = 0; i < n; i++)
		if (path[i] == '#' && (format_of(path, i) == FMT_CSV ||
		    format_of(path, i) == FMT_XLSX)) {
			opts = vb_xstrdup(path + i + 1);
			n = i;
			break;
		}
	file = vb_xstrndup(path, n);
	if (n == 0) {
		vb_diag(d, VB_ERR_DATA_SPEC, NULL, "-d %s: no file named", spec);
		goto out;
	}
	if ((f = format_of(file, n)) == FMT_NONE) {
		vb_diag(d, VB_ERR_DATA_SPEC, NULL, "-d %s: unknown format: "
		    "name the file .yaml, .yml, .json, .csv or .xlsx", spec);
		goto out;
	}
	if (opts != NULL && sheet_options(&dt->arena, d, spec, opts, f,
	    &o) == -1)
		goto out;
	if (vb_read_file(file, &data, &n) == -1) {
		vb_diag(d, VB_ERR_READ, NULL, "%s: %s", file, strerror(errno));
		goto out;
	}
	src = vb_srcset_add(ss, file, data, n);
	switch (f) {
	case FMT_YAML:
		if (vb_yaml_parse(src, 0, src->len, &dt->arena, d, &v) == -1)
			goto out;
		break;
	case FMT_JSON:
		if (vb_json_parse(src, 0, src->len, &dt->arena, d, &v) == -1)
			goto out;
		break;
	case FMT_CSV:
	case FMT_XLSX:
		if ((f == FMT_CSV ? vb_csv_read : vb_xlsx_read)(src,
		    &dt->arena, d, &o, &v) == -1 ||
		    nfc_tree(&dt->arena, d, v) == -1)
			goto out;
		break;
	default:
		goto out;
	}
	rc = bind(dt, d, spec, name, v);
out:
	free(name);
	free(file);
	free(opts);
	return rc;
}

/* A shallow copy of map m, so that setting a key leaves m alone. */
static struct vb_value *
copy_map(struct vb_arena *a, const struct vb_value *m)
{
	struct vb_value *c = vb_value_map(a, &m->loc);
	size_t           n = m->u.map.n;

	c->u.map.n = c->u.map.cap = n;
	if (n > 0) {
		c->u.map.k = vb_arena_alloc(a, n * sizeof(*c->u.map.k));
		c->u.map.v = vb_arena_alloc(a, n * sizeof(*c->u.map.v));
		memcpy(c->u.map.k, m->u.map.k, n * sizeof(*c->u.map.k));
		memcpy(c->u.map.v, m->u.map.v, n * sizeof(*c->u.map.v));
	}
	return c;
}

int
vb_data_set(struct vb_data *dt, struct vb_diag *d, const char *assignment)
{
	struct vb_arena *a = &dt->arena;
	struct vb_value *cur = dt->root, *v, *child;
	const char      *eq = strchr(assignment, '='), *val, *seg, *dot;
	const char      *t;
	char            *key;
	size_t           n, tn;

	if (eq == NULL || eq == assignment) {
		vb_diag(d, VB_ERR_DATA_SET, NULL, "--set %s: write KEY=VALUE",
		    assignment);
		return -1;
	}
	if (vb_utf8_check(assignment, strlen(assignment)) !=
	    strlen(assignment)) {
		vb_diag(d, VB_ERR_UTF8, NULL, "--set %s", assignment);
		return -1;
	}
	for (seg = assignment; seg < eq; seg = dot + 1) {
		if ((dot = memchr(seg, '.', eq - seg)) == NULL)
			dot = eq;
		if (dot == seg) {
			vb_diag(d, VB_ERR_DATA_SET, NULL, "--set %s: an empty "
			    "part in the key (write a.b.c)", assignment);
			return -1;
		}
		if (dot == eq)
			break;
	}
	val = eq + 1;
	n = strlen(val);
	if (n >= 2 && (val[0] == '\'' || val[0] == '"') &&
	    val[n - 1] == val[0]) {
		if ((t = vb_data_nfc(a, val + 1, n - 2, &tn)) == NULL) {
			vb_diag(d, VB_ERR_INTERNAL, NULL, "--set %s: ICU could "
			    "not normalise the text", assignment);
			return -1;
		}
		v = vb_value_str(a, t, tn, NULL);
	} else if ((v = vb_yaml_plain(a, d, val, n, NULL)) == NULL) {
		vb_diag_note(d, NULL, "in --set %s", assignment);
		return -1;
	}
	/* Walk a.b.c, copying each map on the way (it may be shared). */
	for (seg = assignment;; seg = dot + 1) {
		if ((dot = memchr(seg, '.', eq - seg)) == NULL)
			dot = eq;
		key = vb_arena_strndup(a, seg, dot - seg);
		if ((t = vb_data_nfc(a, key, strlen(key), &tn)) != NULL)
			key = (char *)t;
		if (dot == eq) {
			vb_map_set(a, cur, key, v);
			return 0;
		}
		child = vb_map_get(cur, key);
		if (child != NULL && child->type != VB_MAP) {
			vb_diag(d, VB_ERR_DATA_SET, NULL, "--set %s: '%.*s' "
			    "is a %s, not a map", assignment,
			    (int)(dot - assignment), assignment,
			    vb_value_type_name(child->type));
			if (child->loc.src != 0)
				vb_diag_note(d, &child->loc, "'%.*s' is set "
				    "here", (int)(dot - assignment), assignment);
			return -1;
		}
		child = child != NULL ? copy_map(a, child) :
		    vb_value_map(a, NULL);
		vb_map_set(a, cur, key, child);
		cur = child;
	}
}
