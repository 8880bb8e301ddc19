/*
 * reg.c — the register of issued numbers, backend-neutral part: the
 * numbering rules of the organisation profile, document types, dates and
 * periods, the shape of a symbol, and the dispatch to the storage backend
 * (reg_int.h). Nothing here knows SQL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reg.h"
#include "reg_int.h"

/* Longest abbreviation, unit or issuer name accepted, in bytes. */
#define MAX_ABBR 64

/* ND30's administrative document types ([PL3] Mục I; ND30.md §4.3). */
static const struct loai {
	const char *code;      /* the abbreviation in the symbol */
	const char *key;       /* the template's `loai:` */
	const char *name;
} loais[] = {
	{ "NQ",  "nghi_quyet",      "Nghị quyết" },
	{ "QĐ",  "quyet_dinh",      "Quyết định" },
	{ "CT",  "chi_thi",         "Chỉ thị" },
	{ "QC",  "quy_che",         "Quy chế" },
	{ "QyĐ", "quy_dinh",        "Quy định" },
	{ "TC",  "thong_cao",       "Thông cáo" },
	{ "TB",  "thong_bao",       "Thông báo" },
	{ "HD",  "huong_dan",       "Hướng dẫn" },
	{ "CTr", "chuong_trinh",    "Chương trình" },
	{ "KH",  "ke_hoach",        "Kế hoạch" },
	{ "PA",  "phuong_an",       "Phương án" },
	{ "ĐA",  "de_an",           "Đề án" },
	{ "DA",  "du_an",           "Dự án" },
	{ "BC",  "bao_cao",         "Báo cáo" },
	{ "BB",  "bien_ban",        "Biên bản" },
	{ "TTr", "to_trinh",        "Tờ trình" },
	{ "HĐ",  "hop_dong",        "Hợp đồng" },
	{ "CĐ",  "cong_dien",       "Công điện" },
	{ "BGN", "ban_ghi_nho",     "Bản ghi nhớ" },
	{ "BTT", "ban_thoa_thuan",  "Bản thỏa thuận" },
	{ "GUQ", "giay_uy_quyen",   "Giấy ủy quyền" },
	{ "GM",  "giay_moi",        "Giấy mời" },
	{ "GGT", "giay_gioi_thieu", "Giấy giới thiệu" },
	{ "GNP", "giay_nghi_phep",  "Giấy nghỉ phép" },
	{ "PG",  "phieu_gui",       "Phiếu gửi" },
	{ "PC",  "phieu_chuyen",    "Phiếu chuyển" },
	{ "PB",  "phieu_bao",       "Phiếu báo" },
	{ "SY",  "ban_sao_y",       "Bản sao y" },
	{ "TrS", "ban_trich_sao",   "Bản trích sao" },
	{ "SL",  "ban_sao_luc",     "Bản sao lục" },
	/* A công văn has no abbreviation: "CV" is the register's own code. */
	{ "CV",  "cong_van",        "Công văn" },
};

#define NLOAIS (sizeof(loais) / sizeof(loais[0]))

/* ---- types --------------------------------------------------------------- */

/* Next code point of s, with ASCII letters and đ folded to upper case. */
static uint32_t
fold_next(const char **s)
{
	uint32_t cp;
	size_t   k;

	if ((k = vb_utf8_decode(*s, strlen(*s), &cp)) == 0) {
		k = 1;
		cp = 0xFFFD;
	}
	*s += k;
	if (cp >= 'a' && cp <= 'z')
		cp -= 'a' - 'A';
	else if (cp == 0x111)
		cp = 0x110;
	return cp;
}

static int
fold_eq(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0')
		if (fold_next(&a) != fold_next(&b))
			return 0;
	return *a == '\0' && *b == '\0';
}

/* A type abbreviation: [A-ZĐ][A-Za-zĐđ&]* (ND30.md §4.1). */
static int
abbr_shape(const char *s)
{
	uint32_t cp;
	size_t   k, n = strlen(s), i;

	if (n == 0 || n > MAX_ABBR)
		return 0;
	for (i = 0; i < n; i += k) {
		if ((k = vb_utf8_decode(s + i, n - i, &cp)) == 0)
			return 0;
		if ((cp >= 'A' && cp <= 'Z') || cp == 0x110)
			continue;
		if (i > 0 && ((cp >= 'a' && cp <= 'z') || cp == 0x111 ||
		    cp == '&'))
			continue;
		return 0;
	}
	return 1;
}

const char *
vb_reg_loai(const char *name, struct vb_arena *a, int *known)
{
	size_t i;

	*known = 0;
	if (name == NULL)
		return NULL;
	for (i = 0; i < NLOAIS; i++)
		if (strcmp(name, loais[i].key) == 0 ||
		    fold_eq(name, loais[i].code)) {
			*known = 1;
			return loais[i].code;
		}
	if (!abbr_shape(name))
		return NULL;
	return vb_arena_strdup(a, name);
}

const char *
vb_reg_loai_name(const char *code)
{
	size_t i;

	for (i = 0; i < NLOAIS; i++)
		if (strcmp(code, loais[i].code) == 0)
			return loais[i].name;
	return NULL;
}

/* ---- dates --------------------------------------------------------------- */

int
vb_reg_date_parse(const char *s, struct vb_reg_date *out)
{
	int i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] < '0' || s[i] > '9')
			return -1;
	}
	if (s[10] != '\0')
		return -1;
	out->y = atoi(s);
	out->m = atoi(s + 5);
	out->d = atoi(s + 8);
	if (out->y < 1 || !vb_date_valid(out->y, out->m, out->d))
		return -1;
	return 0;
}

/* SOURCE_DATE_EPOCH when set to digits (reproducible runs), else now. */
static time_t
clock_now(int *fixed)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char       *end;
	long long   v;

	*fixed = 0;
	if (e != NULL && *e != '\0') {
		errno = 0;
		v = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0) {
			*fixed = 1;
			return (time_t)v;
		}
	}
	return time(NULL);
}

void
vb_reg_today(struct vb_reg_date *out)
{
	struct tm tm;
	time_t    t;
	int       fixed;

	t = clock_now(&fixed);
	if (fixed)
		gmtime_r(&t, &tm);
	else
		localtime_r(&t, &tm);
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
}

/* The UTC time of this call, "2023-11-14T22:13:20Z", in a. */
static const char *
now_utc(struct vb_arena *a)
{
	struct tm tm;
	time_t    t;
	int       fixed;
	char      s[32];

	t = clock_now(&fixed);
	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return vb_arena_strdup(a, s);
}

static int
date_cmp(const struct vb_reg_date *x, const struct vb_reg_date *y)
{
	if (x->y != y->y)
		return x->y < y->y ? -1 : 1;
	if (x->m != y->m)
		return x->m < y->m ? -1 : 1;
	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return 0;
}

static void
date_text(const struct vb_reg_date *dt, char s[11])
{
	/* Callers pass valid dates; the casts only bound the width. */
	snprintf(s, 11, "%04u-%02u-%02u", (unsigned)dt->y % 10000u,
	    (unsigned)dt->m % 100u, (unsigned)dt->d % 100u);
}

char *
vb_reg_number_text(long so, char *s)
{
	snprintf(s, 24, so >= 0 && so < 10 ? "%02ld" : "%ld", so);
	return s;
}

int
vb_reg_period_admits(const char *period, const char *ngay)
{
	if (strcmp(period, "*") == 0)
		return 1;
	if (strncmp(period, "nk:", 3) == 0)
		return strcmp(ngay, period + 3) >= 0;
	return strlen(period) == 4 && strncmp(period, ngay, 4) == 0;
}

/* ---- rules --------------------------------------------------------------- */

void
vb_reg_rules_default(struct vb_reg_rules *r)
{
	memset(r, 0, sizeof(*r));
	r->reset = VB_REG_RESET_NAM;
	r->pham_vi = VB_REG_THEO_LOAI;
}

/* An issuer or unit abbreviation: printable, no space, '/', '{' or '}'. */
static int
name_shape(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > MAX_ABBR || vb_utf8_check(s, n) != n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7F || c == '/' || c == '{' || c == '}')
			return 0;
	}
	return 1;
}

/* Checks a công văn pattern: text with {viet_tat} once, {don_vi} <= once. */
static int
pattern_ok(const char *p)
{
	int nv = 0, nd = 0;

	while (*p != '\0') {
		if (strncmp(p, "{viet_tat}", 10) == 0) {
			nv++;
			p += 10;
		} else if (strncmp(p, "{don_vi}", 8) == 0) {
			nd++;
			p += 8;
		} else if (*p == '{' || *p == '}' || *p == '/' ||
		    (unsigned char)*p <= ' ')
			return 0;
		else
			p++;
	}
	return nv == 1 && nd <= 1;
}

int
vb_reg_rules_check(const struct vb_reg_rules *r, struct vb_diag *d)
{
	const struct vb_reg_date *t = &r->nhiem_ky_bat_dau;

	if (r->viet_tat == NULL || *r->viet_tat == '\0') {
		vb_diag(d, VB_ERR_REG_RULES, NULL, "the issuer's abbreviation"
		    " (viet_tat, e.g. LĐLĐ) is not given");
		return -1;
	}
	if (!name_shape(r->viet_tat)) {
		vb_diag(d, VB_ERR_REG_RULES, NULL, "viet_tat '%s' may not hold"
		    " spaces, '/', '{' or '}'", r->viet_tat);
		return -1;
	}
	if (r->ma_so != NULL && !name_shape(r->ma_so)) {
		vb_diag(d, VB_ERR_REG_RULES, NULL, "ma_so '%s' may not hold"
		    " spaces, '/', '{' or '}'", r->ma_so);
		return -1;
	}
	if (r->ky_hieu_cong_van != NULL && !pattern_ok(r->ky_hieu_cong_van)) {
		vb_diag(d, VB_ERR_REG_RULES, NULL, "ky_hieu_cong_van '%s': want"
		    " \"{viet_tat}\" or \"{viet_tat}-{don_vi}\"",
		    r->ky_hieu_cong_van);
		return -1;
	}
	if (r->reset == VB_REG_RESET_NHIEM_KY &&
	    (t->y < 1 || !vb_date_valid(t->y, t->m, t->d))) {
		vb_diag(d, VB_ERR_REG_RULES, NULL, "reset: nhiem_ky needs the"
		    " first day of the term (nhiem_ky_bat_dau: YYYY-MM-DD)");
		return -1;
	}
	return 0;
}

static const char *
str_of(const struct vb_value *v)
{
	return v != NULL && v->type == VB_STR ? v->u.str.s : NULL;
}

/*
 * The index of v's text in words[] (NULL-terminated), or -1 after a
 * report naming what and the words wanted.
 */
static int
pick(const struct vb_value *v, const char *what, const char *const *words,
    const char *want, struct vb_diag *d)
{
	const char *s = str_of(v);
	int         i;

	for (i = 0; s != NULL && words[i] != NULL; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	vb_diag(d, VB_ERR_REG_RULES, &v->loc, "%s: want %s", what, want);
	return -1;
}

int
vb_reg_rules_from_profile(const struct vb_value *p, struct vb_arena *a,
    struct vb_diag *d, struct vb_reg_rules *out)
{
	static const char *const kieus[] = { "nha_nuoc", "cong_doan", NULL };
	static const char *const resets[] = { "nam", "nhiem_ky", "khong",
	    NULL };
	static const char *const scopes[] = { "theo_loai", "chung", NULL };
	const struct vb_value *v, *ds;
	int                    k, cong_doan = 0, rc = -1;

	(void)a;
	vb_reg_rules_default(out);
	if (p == NULL || p->type != VB_MAP) {
		vb_diag(d, VB_ERR_REG_RULES, p ? &p->loc : NULL,
		    "the profile is not a map of keys");
		return -1;
	}
	if ((v = vb_map_get(p, "kieu")) != NULL) {
		if ((k = pick(v, "kieu", kieus, "nha_nuoc or cong_doan",
		    d)) < 0)
			goto out;
		cong_doan = k == 1;
	}
	/* The state's rule by default; the union's practice for cong_doan. */
	out->reset = cong_doan ? VB_REG_RESET_KHONG : VB_REG_RESET_NAM;
	out->ky_hieu_cong_van = cong_doan ? "{viet_tat}" :
	    "{viet_tat}-{don_vi}";
	if ((v = vb_map_get(p, "viet_tat")) == NULL || str_of(v) == NULL) {
		vb_diag(d, VB_ERR_REG_RULES, v ? &v->loc : &p->loc,
		    "the profile needs viet_tat: the issuer's abbreviation"
		    " (e.g. LĐLĐ)");
		goto out;
	}
	out->viet_tat = str_of(v);
	if (!name_shape(out->viet_tat)) {
		vb_diag(d, VB_ERR_REG_RULES, &v->loc, "viet_tat may not hold"
		    " spaces, '/', '{' or '}'");
		goto out;
	}
	if ((v = vb_map_get(p, "ky_hieu_cong_van")) != NULL) {
		if (str_of(v) == NULL || !pattern_ok(str_of(v))) {
			vb_diag(d, VB_ERR_REG_RULES, &v->loc,
			    "ky_hieu_cong_van: want \"{viet_tat}\" or"
			    " \"{viet_tat}-{don_vi}\"");
			goto out;
		}
		out->ky_hieu_cong_van = str_of(v);
	}
	if ((ds = vb_map_get(p, "danh_so")) != NULL) {
		if (ds->type != VB_MAP) {
			vb_diag(d, VB_ERR_REG_RULES, &ds->loc, "danh_so: want a"
			    " map (reset, pham_vi, nhiem_ky_bat_dau)");
			goto out;
		}
		if ((v = vb_map_get(ds, "reset")) != NULL) {
			if ((k = pick(v, "danh_so.reset", resets,
			    "nam, nhiem_ky or khong", d)) < 0)
				goto out;
			out->reset = (enum vb_reg_reset)k;
		}
		if ((v = vb_map_get(ds, "pham_vi")) != NULL) {
			if ((k = pick(v, "danh_so.pham_vi", scopes,
			    "theo_loai or chung", d)) < 0)
				goto out;
			out->pham_vi = (enum vb_reg_scope)k;
		}
		if ((v = vb_map_get(ds, "ma_so")) != NULL) {
			if (str_of(v) == NULL || !name_shape(str_of(v))) {
				vb_diag(d, VB_ERR_REG_RULES, &v->loc,
				    "danh_so.ma_so: want a code without"
				    " spaces, '/', '{' or '}'");
				goto out;
			}
			out->ma_so = str_of(v);
		}
		if ((v = vb_map_get(ds, "nhiem_ky_bat_dau")) != NULL) {
			struct vb_reg_date *t = &out->nhiem_ky_bat_dau;

			if (v->type == VB_DATE) {
				t->y = v->u.date.y;
				t->m = v->u.date.m;
				t->d = v->u.date.d;
			} else if (str_of(v) == NULL ||
			    vb_reg_date_parse(str_of(v), t) != 0) {
				vb_diag(d, VB_ERR_REG_RULES, &v->loc,
				    "danh_so.nhiem_ky_bat_dau: want a date,"
				    " YYYY-MM-DD");
				goto out;
			}
		}
	}
	if (out->reset == VB_REG_RESET_NHIEM_KY &&
	    out->nhiem_ky_bat_dau.y == 0) {
		vb_diag(d, VB_ERR_REG_RULES, ds ? &ds->loc : &p->loc,
		    "danh_so.reset: nhiem_ky needs nhiem_ky_bat_dau, the first"
		    " day of the term");
		goto out;
	}
	rc = 0;
out:
	return rc;
}

/* ---- where a number goes: counter and symbol ----------------------------- */

/*
 * Resolves type, date, counter and symbol tail of a request into s.
 * Returns 0 or -1 after a report.
 */
static int
resolve(struct vb_reg *reg, const struct vb_reg_rules *r, const char *loai,
    const char *don_vi, struct vb_reg_date ngay, int symbol,
    struct vb_arena *a, struct vb_reg_slot *s)
{
	struct vb_diag *d = reg->d;
	const char     *pat;
	struct vb_buf   b = VB_BUF_INIT;
	int             known, rc = -1;

	if (r == NULL) {
		vb_diag(d, VB_ERR_REG_RULES, NULL, "no numbering rules given");
		return -1;
	}
	if (vb_reg_rules_check(r, d) != 0)
		return -1;
	/* An abbreviation ND30 does not list is the caller's to warn of. */
	if ((s->loai = vb_reg_loai(loai, a, &known)) == NULL) {
		vb_diag(d, VB_ERR_REG_LOAI, NULL, "'%s'", loai ? loai : "");
		return -1;
	}
	if (don_vi != NULL && *don_vi != '\0' && !name_shape(don_vi)) {
		vb_diag(d, VB_ERR_REG_DON_VI, NULL, "'%s' may not hold spaces,"
		    " '/', '{' or '}'", don_vi);
		return -1;
	}
	if (don_vi != NULL && *don_vi == '\0')
		don_vi = NULL;
	s->don_vi = don_vi;
	if (ngay.y == 0 && ngay.m == 0 && ngay.d == 0)
		vb_reg_today(&ngay);
	if (ngay.y < 1 || ngay.y > 9999 ||
	    !vb_date_valid(ngay.y, ngay.m, ngay.d)) {
		vb_diag(d, VB_ERR_REG_DATE, NULL, "%d-%02d-%02d", ngay.y,
		    ngay.m, ngay.d);
		return -1;
	}
	date_text(&ngay, s->ngay);
	s->org = r->ma_so != NULL ? r->ma_so : r->viet_tat;
	s->series = r->pham_vi == VB_REG_CHUNG ? "*" : s->loai;
	switch (r->reset) {
	case VB_REG_RESET_NAM:
		s->period = vb_arena_printf(a, "%04d", ngay.y);
		break;
	case VB_REG_RESET_NHIEM_KY: {
		char t[11];

		if (date_cmp(&ngay, &r->nhiem_ky_bat_dau) < 0) {
			date_text(&r->nhiem_ky_bat_dau, t);
			vb_diag(d, VB_ERR_REG_TERM, NULL, "%s is before %s; set"
			    " nhiem_ky_bat_dau to the term of that date",
			    s->ngay, t);
			return -1;
		}
		date_text(&r->nhiem_ky_bat_dau, t);
		s->period = vb_arena_printf(a, "nk:%s", t);
		break;
	}
	default:
		s->period = "*";
		break;
	}
	if (!symbol)
		return 0;
	vb_buf_putc(&b, '/');
	if (strcmp(s->loai, "CV") != 0) {
		/* Typed documents: n/KH-LĐLĐ (ND30 [PL1] II.3). */
		vb_buf_printf(&b, "%s-%s", s->loai, r->viet_tat);
	} else {
		/* Công văn: n/LĐLĐ (union), n/UBND-VP (ND30). */
		pat = r->ky_hieu_cong_van ? r->ky_hieu_cong_van : "{viet_tat}";
		if (strstr(pat, "{don_vi}") != NULL && don_vi == NULL) {
			vb_diag(d, VB_ERR_REG_DON_VI, NULL, "the profile writes"
			    " công văn as %s", pat);
			goto out;
		}
		while (*pat != '\0') {
			if (strncmp(pat, "{viet_tat}", 10) == 0) {
				vb_buf_puts(&b, r->viet_tat);
				pat += 10;
			} else if (strncmp(pat, "{don_vi}", 8) == 0) {
				vb_buf_puts(&b, don_vi);
				pat += 8;
			} else
				vb_buf_putc(&b, *pat++);
		}
		if (don_vi != NULL && strstr(r->ky_hieu_cong_van ?
		    r->ky_hieu_cong_van : "", "{don_vi}") == NULL)
			vb_buf_printf(&b, "-%s", don_vi);
	}
	s->suffix = vb_arena_strndup(a, b.data, b.len);
	rc = 0;
out:
	vb_buf_free(&b);
	return rc;
}

/* ---- test hooks ---------------------------------------------------------- */

void
vb_reg_test_sleep(const char *name)
{
	const char      *e = getenv(name);
	struct timespec  ts;
	long             ms;

	if (e == NULL || (ms = atol(e)) <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* ---- the operations ------------------------------------------------------ */

int
vb_reg_open(const char *where, const struct vb_reg_opts *opts,
    struct vb_diag *d, struct vb_reg **out)
{
	struct vb_reg_opts o = { 0, 0, 0 };
	struct vb_reg     *reg;

	*out = NULL;
	if (opts != NULL)
		o = *opts;
	if (o.timeout_ms <= 0)
		o.timeout_ms = 5000;
	if (strncmp(where, "postgres://", 11) == 0 ||
	    strncmp(where, "postgresql://", 13) == 0) {
		vb_diag(d, VB_ERR_REG_BACKEND, NULL, "PostgreSQL (%s); this"
		    " build keeps its register in an SQLite file", where);
		return -1;
	}
	reg = vb_xcalloc(1, sizeof(*reg));
	reg->be = &vb_reg_sqlite;
	reg->d = d;
	reg->where = vb_xstrdup(where);
	reg->timeout_ms = o.timeout_ms;
	if (reg->be->open(reg, where, &o) != 0) {
		free(reg->where);
		free(reg);
		return -1;
	}
	*out = reg;
	return 0;
}

void
vb_reg_close(struct vb_reg *reg)
{
	if (reg == NULL)
		return;
	reg->be->close(reg);
	free(reg->where);
	free(reg);
}

static int
utf8_ok(const char *s)
{
	return s == NULL || vb_utf8_check(s, strlen(s)) == strlen(s);
}

int
vb_reg_take(struct vb_reg *reg, const struct vb_reg_request *req,
    struct vb_arena *a, struct vb_reg_entry *out)
{
	struct vb_reg_slot s;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	s.req = req;
	if (resolve(reg, req->rules, req->loai, req->don_vi, req->ngay, 1,
	    a, &s) != 0)
		return -1;
	if (!utf8_ok(req->key) || !utf8_ok(req->trich_yeu) ||
	    !utf8_ok(req->nguoi_ky) || !utf8_ok(req->noi_nhan)) {
		vb_diag(reg->d, VB_ERR_UTF8, NULL, "in the key or details of"
		    " a %s", s.loai);
		return -1;
	}
	s.now = now_utc(a);
	if (reg->be->take(reg, &s, a, out) != 0)
		return -1;
	/* The window between taking a number and recording its files. */
	vb_reg_test_sleep("VANBAN_TEST_SLEEP_AFTER_TAKE");
	return 0;
}

int
vb_reg_record_outputs(struct vb_reg *reg, int64_t id,
    const struct vb_reg_file *files, size_t nfiles, int so_trang)
{
	struct vb_arena a;
	size_t          i;
	int             rc;

	for (i = 0; i < nfiles; i++) {
		if (strlen(files[i].sha256) != 64 ||
		    strspn(files[i].sha256, "0123456789abcdef") != 64) {
			vb_diag(reg->d, VB_ERR_INTERNAL, NULL, "bad SHA-256 for"
			    " %s", files[i].path);
			return -1;
		}
	}
	vb_arena_init(&a);
	rc = reg->be->record(reg, id, files, nfiles, so_trang, now_utc(&a));
	vb_arena_free(&a);
	return rc;
}

/* The entry with id, or -1 after VB_ERR_REG_NOTFOUND. */
static int
get(struct vb_reg *reg, int64_t id, struct vb_arena *a,
    struct vb_reg_entry *out)
{
	struct vb_reg_filter f;
	struct vb_reg_entry *v;
	size_t               n;

	memset(&f, 0, sizeof(f));
	f.id = id;
	if (reg->be->list(reg, &f, a, &v, &n) != 0)
		return -1;
	if (n != 1) {
		vb_diag(reg->d, VB_ERR_REG_NOTFOUND, NULL, "entry %lld",
		    (long long)id);
		return -1;
	}
	*out = v[0];
	return 0;
}

int
vb_reg_issue(struct vb_reg *reg, int64_t id, const struct vb_reg_request *req)
{
	struct vb_reg_details det;
	struct vb_reg_entry   e;
	struct vb_reg_date    ngay = req->ngay;
	struct vb_arena       a;
	int                   rc = -1;

	vb_arena_init(&a);
	if (get(reg, id, &a, &e) != 0)
		goto out;
	if (e.state != VB_REG_RESERVED) {
		vb_diag(reg->d, VB_ERR_REG_STATE, NULL, "%s is %s, not"
		    " reserved", e.ky_hieu, vb_reg_state_name(e.state));
		goto out;
	}
	if (!utf8_ok(req->trich_yeu) || !utf8_ok(req->nguoi_ky) ||
	    !utf8_ok(req->noi_nhan)) {
		vb_diag(reg->d, VB_ERR_UTF8, NULL, "in the details of %s",
		    e.ky_hieu);
		goto out;
	}
	if (ngay.y == 0 && ngay.m == 0 && ngay.d == 0)
		vb_reg_today(&ngay);
	if (!vb_date_valid(ngay.y, ngay.m, ngay.d) || ngay.y > 9999) {
		vb_diag(reg->d, VB_ERR_REG_DATE, NULL, "%d-%02d-%02d", ngay.y,
		    ngay.m, ngay.d);
		goto out;
	}
	memset(&det, 0, sizeof(det));
	date_text(&ngay, det.ngay);
	if (!vb_reg_period_admits(e.period, det.ngay)) {
		vb_diag(reg->d, VB_ERR_REG_PERIOD, NULL, "%s was reserved in"
		    " period %s; cancel it and take a number dated %s",
		    e.ky_hieu, e.period, det.ngay);
		goto out;
	}
	det.trich_yeu = req->trich_yeu;
	det.nguoi_ky = req->nguoi_ky;
	det.noi_nhan = req->noi_nhan;
	det.so_trang = req->so_trang;
	det.now = now_utc(&a);
	rc = reg->be->issue(reg, id, &det);
out:
	vb_arena_free(&a);
	return rc;
}

int
vb_reg_cancel(struct vb_reg *reg, int64_t id, const char *reason)
{
	struct vb_arena a;
	int             rc;

	if (reason == NULL || *reason == '\0') {
		vb_diag(reg->d, VB_ERR_REG_STATE, NULL, "a cancellation needs a"
		    " reason (lý do)");
		return -1;
	}
	vb_arena_init(&a);
	rc = reg->be->cancel(reg, id, reason, now_utc(&a));
	vb_arena_free(&a);
	return rc;
}

int
vb_reg_set_next(struct vb_reg *reg, const struct vb_reg_rules *r,
    const char *loai, struct vb_reg_date date, long next)
{
	struct vb_reg_slot s;
	struct vb_arena    a;
	int                rc = -1;

	vb_arena_init(&a);
	memset(&s, 0, sizeof(s));
	if (r != NULL && r->pham_vi == VB_REG_CHUNG && loai != NULL) {
		vb_diag(reg->d, VB_ERR_REG_RULES, NULL, "the profile shares one"
		    " counter among all types (pham_vi: chung); give the next"
		    " number without a type");
		goto out;
	}
	if (r != NULL && r->pham_vi == VB_REG_THEO_LOAI && loai == NULL) {
		vb_diag(reg->d, VB_ERR_REG_RULES, NULL, "the profile keeps one"
		    " counter per type (pham_vi: theo_loai); name the type,"
		    " e.g. KH=471");
		goto out;
	}
	if (resolve(reg, r, loai ? loai : "CV", NULL, date, 0, &a, &s) != 0)
		goto out;
	if (next < 1 || next > 999999999L) {
		vb_diag(reg->d, VB_ERR_REG_NEXT, NULL, "%ld is not a number"
		    " from 1 to 999999999", next);
		goto out;
	}
	rc = reg->be->set_next(reg, s.org, s.series, s.period, next);
out:
	vb_arena_free(&a);
	return rc;
}

int
vb_reg_list(struct vb_reg *reg, const struct vb_reg_filter *f,
    struct vb_arena *a, struct vb_reg_entry **out, size_t *n)
{
	struct vb_reg_filter none;

	if (f == NULL) {
		memset(&none, 0, sizeof(none));
		f = &none;
	}
	return reg->be->list(reg, f, a, out, n);
}

int
vb_reg_find(struct vb_reg *reg, const char *ky_hieu, int nam,
    struct vb_arena *a, struct vb_reg_entry *out)
{
	struct vb_reg_filter f;
	struct vb_reg_entry *v;
	size_t               n;

	memset(&f, 0, sizeof(f));
	f.ky_hieu = ky_hieu;
	f.nam = nam;
	if (reg->be->list(reg, &f, a, &v, &n) != 0)
		return -1;
	if (n == 0) {
		vb_diag(reg->d, VB_ERR_REG_NOTFOUND, NULL, "%s", ky_hieu);
		return -1;
	}
	if (n > 1) {
		struct vb_buf b = VB_BUF_INIT;
		size_t        i;

		for (i = 0; i < n; i++)
			vb_buf_printf(&b, "%s%s %s", i ? ", " : "", v[i].org,
			    v[i].period);
		vb_diag(reg->d, VB_ERR_REG_AMBIGUOUS, NULL, "%s: %zu entries"
		    " (issuer and period: %s)", ky_hieu, n, b.data);
		vb_buf_free(&b);
		return -1;
	}
	*out = v[0];
	return 0;
}

int
vb_reg_counters(struct vb_reg *reg, struct vb_arena *a,
    struct vb_reg_counter **out, size_t *n)
{
	return reg->be->counters(reg, a, out, n);
}

static const char *const state_names[] = {
	NULL, "reserved", "issued", "cancelled"
};

const char *
vb_reg_state_name(enum vb_reg_state s)
{
	return s >= VB_REG_RESERVED && s <= VB_REG_CANCELLED ?
	    state_names[s] : "?";
}

enum vb_reg_state
vb_reg_state_parse(const char *s)
{
	int i;

	for (i = VB_REG_RESERVED; i <= VB_REG_CANCELLED; i++)
		if (strcmp(s, state_names[i]) == 0)
			return (enum vb_reg_state)i;
	return 0;
}
