/*
 * nd30.c — document kinds, organisation profiles, the header fields of
 * Nghị định 30/2020/NĐ-CP and the finishing rules of the body (stage 5
 * of STYLE.md §2.3). The keys and their meaning are listed in nd30.h;
 * the layout facts come from ../shared/ND30.md (§ numbers below).
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "nd30.h"
#include "data.h"
#include "tpl.h"
#include "vi.h"

/* The blank left for the number of a draft, as seed 004 writes it. */
#define BLANK_NUMBER "           "
/* Largest document number accepted (a register never gets near it). */
#define MAX_NUMBER 999999999L

/* ND30.md §4.3, the complete table, plus the công văn. */
static const struct vb_kind kinds[] = {
	{ "cong_van",        NULL,             "Công văn",        NULL,  1 },
	{ "nghi_quyet",      "NGHỊ QUYẾT",     "Nghị quyết",      "NQ",  0 },
	{ "quyet_dinh",      "QUYẾT ĐỊNH",     "Quyết định",      "QĐ",  0 },
	{ "chi_thi",         "CHỈ THỊ",        "Chỉ thị",         "CT",  0 },
	{ "quy_che",         "QUY CHẾ",        "Quy chế",         "QC",  0 },
	{ "quy_dinh",        "QUY ĐỊNH",       "Quy định",        "QyĐ", 0 },
	{ "thong_cao",       "THÔNG CÁO",      "Thông cáo",       "TC",  0 },
	{ "thong_bao",       "THÔNG BÁO",      "Thông báo",       "TB",  0 },
	{ "huong_dan",       "HƯỚNG DẪN",      "Hướng dẫn",       "HD",  0 },
	{ "chuong_trinh",    "CHƯƠNG TRÌNH",   "Chương trình",    "CTr", 0 },
	{ "ke_hoach",        "KẾ HOẠCH",       "Kế hoạch",        "KH",  0 },
	{ "phuong_an",       "PHƯƠNG ÁN",      "Phương án",       "PA",  0 },
	{ "de_an",           "ĐỀ ÁN",          "Đề án",           "ĐA",  0 },
	{ "du_an",           "DỰ ÁN",          "Dự án",           "DA",  0 },
	{ "bao_cao",         "BÁO CÁO",        "Báo cáo",         "BC",  0 },
	{ "bien_ban",        "BIÊN BẢN",       "Biên bản",        "BB",  0 },
	{ "to_trinh",        "TỜ TRÌNH",       "Tờ trình",        "TTr", 0 },
	{ "hop_dong",        "HỢP ĐỒNG",       "Hợp đồng",        "HĐ",  0 },
	{ "cong_dien",       "CÔNG ĐIỆN",      "Công điện",       "CĐ",  0 },
	{ "ban_ghi_nho",     "BẢN GHI NHỚ",    "Bản ghi nhớ",     "BGN", 0 },
	{ "ban_thoa_thuan",  "BẢN THỎA THUẬN", "Bản thỏa thuận",  "BTT", 0 },
	{ "giay_uy_quyen",   "GIẤY ỦY QUYỀN",  "Giấy ủy quyền",   "GUQ", 0 },
	{ "giay_moi",        "GIẤY MỜI",       "Giấy mời",        "GM",  0 },
	{ "giay_gioi_thieu", "GIẤY GIỚI THIỆU", "Giấy giới thiệu", "GGT", 0 },
	{ "giay_nghi_phep",  "GIẤY NGHỈ PHÉP", "Giấy nghỉ phép",  "GNP", 0 },
	{ "phieu_gui",       "PHIẾU GỬI",      "Phiếu gửi",       "PG",  0 },
	{ "phieu_chuyen",    "PHIẾU CHUYỂN",   "Phiếu chuyển",    "PC",  0 },
	{ "phieu_bao",       "PHIẾU BÁO",      "Phiếu báo",       "PB",  0 },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* A certificate of merit is not an ND30 document (ND30.md §14.5): it
 * has no symbol of its own and is issued under a decision, so it stands
 * outside the table (and outside vb_nd30_kinds()). */
static const struct vb_kind cert_kind =
	{ "giay_khen", "GIẤY KHEN", "Giấy khen", NULL, 0 };

/* Keys a profile may hold; a template may override every one of them. */
#define PROFILE_KEYS \
	"co_quan_chu_quan", "co_quan", "co_quan_day_du", "viet_tat", \
	"dia_danh", "kieu", "ky_hieu_cong_van", "danh_so", "ky", "co_chu", \
	"le_mm", "hoa", "co_chu_van_ban", "thut_dau_dong_mm", "gian_dong", \
	"cach_doan_pt"

static const char *const profile_keys[] = { PROFILE_KEYS };
static const char *const fm_keys[] = {
	PROFILE_KEYS,
	"loai", "to_chuc", "so", "ky_hieu", "don_vi_soan_thao", "ngay",
	"du_thao", "trich_yeu", "kinh_gui", "can_cu", "nguoi_ky", "noi_nhan",
	"luu", "phu_luc", "danh_so_muc", "ma", "tham_quyen_ban_hanh"
};
/* A certificate's front matter (ND30.md §14.5). */
static const char *const cert_keys[] = {
	PROFILE_KEYS,
	"loai", "to_chuc", "ngay", "nguoi_ky", "ma", "mau", "o_chu",
	"ho_ten", "chuc_vu_don_vi", "thanh_tich", "so_quyet_dinh"
};
static const char *const box_keys[] = { "x", "y", "rong", "co_chu", "dam",
	"nghieng", "can", "noi_dung" };
static const char *const sign_keys[] = { "tham_quyen", "chuc_vu", "ho_ten" };
static const char *const danh_so_keys[] = { "reset", "pham_vi",
	"nhiem_ky_bat_dau", "ma_so" };
static const char *const phu_luc_keys[] = { "kem_theo", "danh_so" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The letters of the điểm sequence, ND30.md §3 ("a) b) … đ) e) g) …"). */
static const char *const letters[] = { "a", "b", "c", "d", "đ", "e", "g",
	"h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
	"x", "y" };

struct cx {
	struct vb_doc           *doc;
	struct vb_arena         *a;
	const struct vb_nd30_in *in;
	struct vb_diag          *d;
	struct vb_vi            *vi;
	const struct vb_value   *fm;
	const struct vb_value   *prof;
	struct vb_loc            fm_loc;   /* for fields that are missing */
	int                      failed;
	int                      prof_failed;
};

static void cxerr(struct cx *, enum vb_err, const struct vb_loc *,
    const char *, ...) VB_PRINTF(4, 5);

static void
cxerr(struct cx *cx, enum vb_err code, const struct vb_loc *loc,
    const char *fmt, ...)
{
	struct vb_buf b = VB_BUF_INIT;
	va_list       ap;

	if (vb_diag_sev(code) >= VB_SEV_ERROR)
		cx->failed = 1;
	if (fmt == NULL) {
		vb_diag(cx->d, code, loc, NULL);
		return;
	}
	va_start(ap, fmt);
	vb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vb_diag(cx->d, code, loc, "%s", b.data ? b.data : "");
	vb_buf_free(&b);
}

/* ---- kinds --------------------------------------------------------------- */

const struct vb_kind *
vb_nd30_kind(const char *key)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].key, key) == 0)
			return &kinds[i];
	if (strcmp(cert_kind.key, key) == 0)
		return &cert_kind;
	return NULL;
}

const struct vb_kind *
vb_nd30_kinds(size_t *n)
{
	*n = NKINDS;
	return kinds;
}

/* ---- did you mean -------------------------------------------------------- */

size_t
vb_nd30_distance(const char *a, const char *b)
{
	size_t  la = strlen(a), lb = strlen(b), i, j, *row, prev, cur, r;

	if (la > 64 || lb > 64)
		return la > lb ? la : lb;
	row = vb_xcalloc(lb + 1, sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			r = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < r)
				r = row[j] + 1;
			if (row[j - 1] + 1 < r)
				r = row[j - 1] + 1;
			row[j] = r;
			prev = cur;
		}
	}
	r = row[lb];
	free(row);
	return r;
}

/* The closest of names to s, if close enough to be a likely typo. */
static const char *
suggest(const char *s, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t      i, d, bestd = (size_t)-1, limit;

	limit = strlen(s) / 3 + 1;
	if (limit > 3)
		limit = 3;
	for (i = 0; i < n; i++)
		if ((d = vb_nd30_distance(s, names[i])) < bestd) {
			bestd = d;
			best = names[i];
		}
	return bestd <= limit ? best : NULL;
}

/* ---- values -------------------------------------------------------------- */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Where map's key i is written: searched back from its value's position
 * (value.h keeps no key positions); falls back to the value's.
 */
static struct vb_loc
key_loc(struct cx *cx, const struct vb_value *map, size_t i)
{
	const struct vb_value *v = map->u.map.v[i];
	const char            *k = map->u.map.k[i];
	struct vb_src         *src = vb_srcset_get(cx->in->srcs, v->loc.src);
	struct vb_loc          loc = v->loc;
	size_t                 kl = strlen(k), lo = 0, p, q;

	if (src == NULL || kl == 0 || kl > src->len)
		return loc.src != 0 ? loc : map->loc;
	if (map->loc.src == v->loc.src && map->loc.off <= v->loc.off)
		lo = map->loc.off;
	p = v->loc.off + kl <= src->len ? v->loc.off : src->len - kl;
	for (;; p--) {
		if (memcmp(src->data + p, k, kl) == 0 &&
		    (p == 0 || strchr(" \t\n{,-\"'", src->data[p - 1]))) {
			q = p + kl;
			if (q < src->len && (src->data[q] == '"' ||
			    src->data[q] == '\''))
				q++;
			while (q < src->len && (src->data[q] == ' ' ||
			    src->data[q] == '\t'))
				q++;
			if (q < src->len && src->data[q] == ':') {
				loc.off = (uint32_t)p;
				loc.len = (uint32_t)kl;
				loc.cell = NULL;
				return loc;
			}
		}
		if (p <= lo)
			break;
	}
	return loc;
}

static const struct vb_value *
get(const struct vb_value *map, const char *key)
{
	return map != NULL && map->type == VB_MAP ? vb_map_get(map, key) : NULL;
}

static void
check_keys(struct cx *cx, const struct vb_value *map,
    const char *const *keys, size_t nkeys, const char *what)
{
	size_t      i, j;
	const char *hint;

	if (map == NULL || map->type != VB_MAP)
		return;
	for (i = 0; i < map->u.map.n; i++) {
		struct vb_loc loc;

		for (j = 0; j < nkeys; j++)
			if (strcmp(map->u.map.k[i], keys[j]) == 0)
				break;
		if (j < nkeys)
			continue;
		loc = key_loc(cx, map, i);
		hint = suggest(map->u.map.k[i], keys, nkeys);
		if (hint != NULL)
			cxerr(cx, VB_ERR_DOC_KEY, &loc,
			    "%s in %s; did you mean %s?", map->u.map.k[i], what,
			    hint);
		else
			cxerr(cx, VB_ERR_DOC_KEY, &loc, "%s in %s",
			    map->u.map.k[i], what);
	}
}

/* The value of key: the front matter's, else the profile's. */
static const struct vb_value *
field(struct cx *cx, const char *key)
{
	const struct vb_value *v = get(cx->fm, key);

	return v != NULL ? v : get(cx->prof, key);
}

/*
 * The source holding v's text, and the offset of the text in it: the
 * template itself when the text stands there as it is (a plain or a
 * simply quoted scalar), else a new source made of the text alone.
 */
static struct vb_src *
value_src(struct cx *cx, const struct vb_value *v, size_t *off)
{
	struct vb_src *src = vb_srcset_get(cx->in->srcs, v->loc.src);
	const char    *s = v->u.str.s;
	size_t         n = v->u.str.len, k;

	if (src != NULL)
		for (k = 0; k < 2; k++)
			if (v->loc.off + k + n <= src->len &&
			    memcmp(src->data + v->loc.off + k, s, n) == 0) {
				*off = v->loc.off + k;
				return src;
			}
	*off = 0;
	return vb_srcset_add(cx->in->srcs,
	    src != NULL ? src->name : "(front matter)", vb_xstrndup(s, n), n);
}

static int
has_expr(const struct vb_value *v)
{
	return v->type == VB_STR && (strstr(v->u.str.s, "{{") != NULL ||
	    strstr(v->u.str.s, "{%") != NULL);
}

/*
 * A value written as one whole "{{ expr }}" is evaluated to a value (so a
 * date stays a date); other values are returned as they are.
 */
static int
eval_whole(struct cx *cx, const struct vb_value *v,
    const struct vb_value **out)
{
	const char    *s, *e, *again;
	struct vb_src *src;
	struct vb_value *r;
	size_t         off;

	*out = v;
	if (!has_expr(v))
		return 0;
	s = v->u.str.s;
	e = s + v->u.str.len;
	while (s < e && is_space(*s))
		s++;
	while (e > s && is_space(e[-1]))
		e--;
	again = e - s >= 4 ? strstr(s + 2, "{{") : NULL;
	if (e - s < 4 || strncmp(s, "{{", 2) != 0 || strncmp(e - 2, "}}", 2) ||
	    (again != NULL && again < e) || strstr(s, "{%") != NULL) {
		const char *txt;

		src = value_src(cx, v, &off);
		if (vb_tpl_render_string(src, off, v->u.str.len, cx->in->data,
		    cx->vi, cx->a, cx->d, &txt) != 0) {
			cx->failed = 1;
			return -1;
		}
		*out = vb_value_str(cx->a, txt, strlen(txt), &v->loc);
		return 0;
	}
	src = value_src(cx, v, &off);
	off += (size_t)(s - v->u.str.s) + 2;
	if (vb_tpl_eval_expr(src, off, (size_t)(e - s) - 4, cx->in->data,
	    cx->vi, cx->a, cx->d, &r) != 0) {
		cx->failed = 1;
		return -1;
	}
	*out = r;
	return 0;
}

/*
 * The text of a scalar value, expressions evaluated; NULL for null.
 * Lists, maps and booleans are errors naming key.
 */
static int
text_of(struct cx *cx, const struct vb_value *v, const char *key,
    const char **out)
{
	*out = NULL;
	if (v == NULL || v->type == VB_NULL)
		return 0;
	switch (v->type) {
	case VB_STR:
		if (has_expr(v)) {
			struct vb_src *src;
			size_t         off;

			src = value_src(cx, v, &off);
			if (vb_tpl_render_string(src, off, v->u.str.len,
			    cx->in->data, cx->vi, cx->a, cx->d, out) != 0) {
				cx->failed = 1;
				*out = NULL;
				return -1;
			}
			return 0;
		}
		*out = v->u.str.s;
		return 0;
	case VB_NUM:
		*out = v->u.num.lit != NULL ? v->u.num.lit :
		    vb_arena_printf(cx->a, "%.15g", v->u.num.v);
		return 0;
	case VB_DATE:
		*out = vb_arena_printf(cx->a, "%04d-%02d-%02d", v->u.date.y,
		    v->u.date.m, v->u.date.d);
		return 0;
	default:
		cxerr(cx, VB_ERR_DOC_TYPE, &v->loc, "%s must be text, not a %s",
		    key, vb_value_type_name(v->type));
		return -1;
	}
}

/* s without blanks at either end, in the arena. */
static const char *
trim(struct cx *cx, const char *s)
{
	size_t n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return vb_arena_strndup(cx->a, s, n);
}

/* A text field: trimmed, NULL when absent, null or empty. */
static const char *
text_field(struct cx *cx, const struct vb_value *v, const char *key)
{
	const char *s;

	if (text_of(cx, v, key, &s) != 0 || s == NULL)
		return NULL;
	s = trim(cx, s);
	return s[0] != '\0' ? s : NULL;
}

static void
missing(struct cx *cx, const char *key, const char *why)
{
	size_t i;

	/* A profile that failed to load was reported; do not report
	 * every field it would have given. */
	if (cx->prof_failed)
		for (i = 0; i < NELEM(profile_keys); i++)
			if (strcmp(key, profile_keys[i]) == 0) {
				cx->failed = 1;
				return;
			}
	if (why != NULL)
		cxerr(cx, VB_ERR_DOC_MISSING, &cx->fm_loc, "%s (%s)", key, why);
	else
		cxerr(cx, VB_ERR_DOC_MISSING, &cx->fm_loc, "%s", key);
}

/* A string, or a list of strings, as an array of trimmed texts. */
static const char **
list_field(struct cx *cx, const struct vb_value *v, const char *key,
    size_t *n)
{
	const char **out;
	const char  *s;
	size_t       i, k = 0;

	*n = 0;
	if (v == NULL || v->type == VB_NULL)
		return NULL;
	if (v->type != VB_LIST) {
		if ((s = text_field(cx, v, key)) == NULL)
			return NULL;
		out = vb_arena_alloc(cx->a, sizeof(*out));
		out[0] = s;
		*n = 1;
		return out;
	}
	out = vb_arena_alloc(cx->a, (v->u.list.n + 1) * sizeof(*out));
	for (i = 0; i < v->u.list.n; i++)
		if ((s = text_field(cx, v->u.list.v[i], key)) != NULL)
			out[k++] = s;
	*n = k;
	return out;
}

static const char *
upper(struct cx *cx, const char *s)
{
	struct vb_buf b = VB_BUF_INIT;
	const char   *r = s;

	if (vi_upper(cx->vi, s, strlen(s), &b) == 0)
		r = vb_arena_strndup(cx->a, b.data ? b.data : "", b.len);
	vb_buf_free(&b);
	return r;
}

static int
starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Strips a leading "- " and the trailing ";", "," or "." of a list item. */
static const char *
clean_item(struct cx *cx, const char *s)
{
	size_t n;

	while (*s == '-' || *s == '+' || is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && (strchr(";,.", s[n - 1]) != NULL || is_space(s[n - 1])))
		n--;
	return vb_arena_strndup(cx->a, s, n);
}

/* ---- dates and numbers --------------------------------------------------- */

static int
parse_date(const char *s, int *y, int *m, int *d)
{
	char end;

	if (sscanf(s, "%4d-%2d-%2d%c", y, m, d, &end) == 3 ||
	    sscanf(s, "%2d/%2d/%4d%c", d, m, y, &end) == 3)
		return vb_date_valid(*y, *m, *d) ? 0 : -1;
	return -1;
}

static int
this_year(const struct vb_nd30_in *in)
{
	const char *e;
	time_t      t;
	struct tm   tm;

	if (in->year_now > 0)
		return in->year_now;
	if ((e = getenv("SOURCE_DATE_EPOCH")) != NULL && *e != '\0')
		t = (time_t)strtoll(e, NULL, 10);
	else
		t = time(NULL);
	if (gmtime_r(&t, &tm) == NULL)
		return 2000;
	return tm.tm_year + 1900;
}

/* ---- profiles ------------------------------------------------------------ */

static const char *
dir_of(struct cx *cx, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return ".";
	if (slash == path)
		return "/";
	return vb_arena_strndup(cx->a, path, (size_t)(slash - path));
}

/* Reads and parses the profile at path; 1 if there is no such file. */
static int
read_profile(struct cx *cx, const char *path, const struct vb_value **out)
{
	char          *data;
	size_t         len;
	struct vb_src *src;
	struct vb_value *v;
	struct vb_loc  loc;

	if (vb_read_file(path, &data, &len) != 0)
		return 1;
	src = vb_srcset_add(cx->in->srcs, path, data, len);
	if (vb_yaml_parse(src, 0, src->len, cx->a, cx->d, &v) != 0) {
		cx->failed = 1;
		return -1;
	}
	if (v == NULL || v->type != VB_MAP) {
		loc.src = src->id;
		loc.off = 0;
		loc.len = 0;
		loc.cell = NULL;
		cxerr(cx, VB_ERR_FM_NOT_MAP, v != NULL && v->loc.src ? &v->loc :
		    &loc, "an organisation profile is a map of keys");
		return -1;
	}
	*out = v;
	return 0;
}

/* Adds to names the profile names (*.yaml) found in dir. */
static void
list_profiles(struct cx *cx, const char *dir, const char ***names, size_t *n,
    size_t *cap)
{
	DIR           *dp;
	struct dirent *de;
	size_t         len;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			*names = vb_xrealloc(*names, *cap * sizeof(**names));
		}
		(*names)[(*n)++] = vb_arena_strndup(cx->a, de->d_name, len - 5);
	}
	closedir(dp);
}

static int
load_profile(struct cx *cx, const struct vb_value *ref,
    const struct vb_value **out)
{
	const char  *name, *dirs[5], *hint;
	const char **names = NULL;
	size_t       ndirs = 0, i, nnames = 0, cap = 0, len;
	struct vb_buf tried = VB_BUF_INIT;
	int          r;

	*out = NULL;
	if ((name = text_field(cx, ref, "to_chuc")) == NULL)
		return 0;
	len = strlen(name);
	if (strchr(name, '/') != NULL || (len > 5 &&
	    (strcmp(name + len - 5, ".yaml") == 0 ||
	    strcmp(name + len - 4, ".yml") == 0))) {
		const char *path = name;

		if (name[0] != '/')
			path = vb_arena_printf(cx->a, "%s/%s",
			    dir_of(cx, cx->in->tpl->name), name);
		if ((r = read_profile(cx, path, out)) <= 0)
			return r;
		cxerr(cx, VB_ERR_DOC_PROFILE, &ref->loc, "no file %s", path);
		return -1;
	}
	for (i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '-' ||
		    name[i] == '_')) {
			cxerr(cx, VB_ERR_DOC_VALUE, &ref->loc,
			    "to_chuc names a profile with a-z, 0-9, '-' "
			    "and '_', or gives a path ending in .yaml");
			return -1;
		}
	if (cx->in->profile_dir != NULL)
		dirs[ndirs++] = cx->in->profile_dir;
	else {
		if (getenv("VANBAN_PROFILES") != NULL &&
		    *getenv("VANBAN_PROFILES") != '\0')
			dirs[ndirs++] = getenv("VANBAN_PROFILES");
		dirs[ndirs++] = vb_arena_printf(cx->a, "%s/profiles",
		    dir_of(cx, cx->in->tpl->name));
		dirs[ndirs++] = "templates/profiles";
#ifdef VB_SHAREDIR
		dirs[ndirs++] = VB_SHAREDIR "/profiles";
#endif
	}
	for (i = 0; i < ndirs; i++) {
		const char *path = vb_arena_printf(cx->a, "%s/%s.yaml",
		    dirs[i], name);

		if ((r = read_profile(cx, path, out)) <= 0) {
			vb_buf_free(&tried);
			return r;
		}
		vb_buf_printf(&tried, "%s%s", i ? ", " : "", dirs[i]);
	}
	for (i = 0; i < ndirs; i++)
		list_profiles(cx, dirs[i], &names, &nnames, &cap);
	hint = suggest(name, names, nnames);
	if (hint != NULL)
		cxerr(cx, VB_ERR_DOC_PROFILE, &ref->loc,
		    "%s; did you mean %s? (looked in %s)", name, hint,
		    tried.data);
	else
		cxerr(cx, VB_ERR_DOC_PROFILE, &ref->loc, "%s (looked in %s)",
		    name, tried.data);
	free(names);
	vb_buf_free(&tried);
	return -1;
}

/* ---- style --------------------------------------------------------------- */

static int
num_field(struct cx *cx, const char *key, double lo, double hi, double *out)
{
	const struct vb_value *v = field(cx, key);

	if (v == NULL || v->type == VB_NULL)
		return 0;
	if (v->type != VB_NUM) {
		cxerr(cx, VB_ERR_DOC_TYPE, &v->loc, "%s must be a number", key);
		return -1;
	}
	*out = v->u.num.v;
	if (*out < lo || *out > hi)
		vb_diag(cx->d, VB_WARN_DOC_RANGE, &v->loc,
		    "%s %g; Nghị định 30 gives %g to %g", key, *out, lo, hi);
	return 0;
}

static void
read_style(struct cx *cx)
{
	struct vb_style      *st = &cx->doc->style;
	const struct vb_value *v;
	const char           *s;
	/* ND30.md §1: top 20–25, bottom 20–25, left 30–35, right 15–20. */
	static const double lo[4] = { 20, 20, 30, 15 };
	static const double hi[4] = { 25, 25, 35, 20 };
	static const char *const side[4] = { "top", "bottom", "left", "right" };
	size_t i;

	st->qh_pt = 12;
	st->tn_pt = st->date_pt = 13;
	st->body_pt = 14;
	st->margin_mm[0] = 20;
	st->margin_mm[1] = 20;
	st->margin_mm[2] = 30;
	st->margin_mm[3] = 15;
	st->indent_mm = 10;
	st->line_spacing = 1.0;
	st->para_space_pt = 6;
	st->hoa_old_style = 0;

	if ((v = field(cx, "co_chu")) != NULL &&
	    (s = text_field(cx, v, "co_chu")) != NULL) {
		if (strcmp(s, "12/13/13") == 0)
			;
		else if (strcmp(s, "13/14/14") == 0) {
			st->qh_pt = 13;
			st->tn_pt = st->date_pt = 14;
		} else
			cxerr(cx, VB_ERR_DOC_VALUE, &v->loc,
			    "co_chu is \"12/13/13\" or \"13/14/14\" "
			    "(Quốc hiệu / Tiêu ngữ / địa danh, ngày)");
	}
	if ((v = field(cx, "le_mm")) != NULL && v->type != VB_NULL) {
		if (v->type != VB_LIST || v->u.list.n != 4) {
			cxerr(cx, VB_ERR_DOC_VALUE, &v->loc,
			    "le_mm is a list of 4 margins in mm: "
			    "[top, bottom, left, right]");
		} else
			for (i = 0; i < 4; i++) {
				const struct vb_value *m = v->u.list.v[i];

				if (m->type != VB_NUM || m->u.num.v <= 0 ||
				    m->u.num.v > 100) {
					cxerr(cx, VB_ERR_DOC_VALUE, &m->loc,
					    "margin in mm");
					continue;
				}
				st->margin_mm[i] = m->u.num.v;
				if (m->u.num.v < lo[i] || m->u.num.v > hi[i])
					vb_diag(cx->d, VB_WARN_DOC_RANGE,
					    &m->loc, "%s margin %g mm; Nghị "
					    "định 30 gives %g to %g", side[i],
					    m->u.num.v, lo[i], hi[i]);
			}
	}
	if ((v = field(cx, "hoa")) != NULL &&
	    (s = text_field(cx, v, "hoa")) != NULL) {
		if (strcmp(s, "cu") == 0)
			st->hoa_old_style = 1;
		else if (strcmp(s, "moi") != 0)
			cxerr(cx, VB_ERR_DOC_VALUE, &v->loc, "hoa is \"moi\" "
			    "(CỘNG HÒA) or \"cu\" (CỘNG HOÀ)");
	}
	if (num_field(cx, "co_chu_van_ban", 13, 14, &st->body_pt) == 0 &&
	    (st->body_pt < 8 || st->body_pt > 30))
		st->body_pt = 14;
	if (num_field(cx, "thut_dau_dong_mm", 10, 12.7, &st->indent_mm) == 0 &&
	    (st->indent_mm < 0 || st->indent_mm > 50))
		st->indent_mm = 10;
	if (num_field(cx, "gian_dong", 1.0, 1.5, &st->line_spacing) == 0 &&
	    (st->line_spacing < 0.5 || st->line_spacing > 3))
		st->line_spacing = 1.0;
	if (num_field(cx, "cach_doan_pt", 6, 24, &st->para_space_pt) == 0 &&
	    (st->para_space_pt < 0 || st->para_space_pt > 72))
		st->para_space_pt = 6;
}

/* ---- header pieces ------------------------------------------------------- */

static void
lower(struct cx *cx, const char *s, struct vb_buf *out)
{
	vb_buf_reset(out);
	if (vi_lower(cx->vi, s, strlen(s), out) != 0)
		vb_buf_reset(out);
}

static const struct vb_kind *
read_kind(struct cx *cx)
{
	const struct vb_value *v = get(cx->fm, "loai");
	const struct vb_kind  *k;
	const char            *s, *names[NKINDS], *hint = NULL;
	struct vb_buf          low = VB_BUF_INIT, kn = VB_BUF_INIT;
	size_t                 i;

	if (v == NULL) {
		missing(cx, "loai", "the document kind: cong_van, ke_hoach, "
		    "bao_cao …");
		return NULL;
	}
	if ((s = text_field(cx, v, "loai")) == NULL) {
		cxerr(cx, VB_ERR_DOC_LOAI, &v->loc, "empty");
		return NULL;
	}
	if ((k = vb_nd30_kind(s)) != NULL)
		return k;
	lower(cx, s, &low);
	for (i = 0; i < NKINDS; i++) {
		names[i] = kinds[i].key;
		lower(cx, kinds[i].name, &kn);
		if ((kinds[i].abbr != NULL &&
		    strcasecmp(s, kinds[i].abbr) == 0) ||
		    (low.data != NULL && kn.data != NULL &&
		    strcmp(low.data, kn.data) == 0))
			hint = kinds[i].key;
	}
	vb_buf_free(&low);
	vb_buf_free(&kn);
	if (hint == NULL)
		hint = suggest(s, names, NKINDS);
	if (hint != NULL)
		cxerr(cx, VB_ERR_DOC_LOAI, &v->loc, "%s; did you mean %s?", s,
		    hint);
	else
		cxerr(cx, VB_ERR_DOC_LOAI, &v->loc,
		    "%s; the kinds are cong_van, ke_hoach, bao_cao, "
		    "quyet_dinh, giay_moi, thong_bao, huong_dan, to_trinh … "
		    "(Nghị định 30, Phụ lục III)", s);
	return NULL;
}

/* Expands a công văn symbol pattern: {viet_tat}, {don_vi}. */
static const char *
expand_pattern(struct cx *cx, const struct vb_value *pv, const char *pat,
    const char *viet_tat, const char *don_vi)
{
	struct vb_buf b = VB_BUF_INIT;
	const char   *p, *r = NULL;

	for (p = pat; *p != '\0'; p++) {
		if (*p != '{') {
			vb_buf_putc(&b, *p);
			continue;
		}
		if (starts_with(p, "{viet_tat}")) {
			if (viet_tat == NULL) {
				missing(cx, "viet_tat", "the issuer's "
				    "abbreviation, e.g. LĐLĐ");
				goto out;
			}
			vb_buf_puts(&b, viet_tat);
			p += strlen("{viet_tat}") - 1;
		} else if (starts_with(p, "{don_vi}")) {
			if (don_vi == NULL) {
				missing(cx, "don_vi_soan_thao", "the drafting "
				    "unit, needed by ky_hieu_cong_van");
				goto out;
			}
			vb_buf_puts(&b, don_vi);
			p += strlen("{don_vi}") - 1;
		} else {
			cxerr(cx, VB_ERR_DOC_VALUE, pv != NULL ? &pv->loc :
			    &cx->fm_loc, "ky_hieu_cong_van knows {viet_tat} "
			    "and {don_vi}");
			goto out;
		}
	}
	r = vb_arena_strndup(cx->a, b.data ? b.data : "", b.len);
out:
	vb_buf_free(&b);
	return r;
}

/* The number: sets doc->so (NULL when blank) and doc->draft. */
static void
read_number(struct cx *cx)
{
	const struct vb_value *v = get(cx->fm, "so"), *e;
	const char            *s;
	char                  *end;
	long                   n;

	if (v == NULL) {
		missing(cx, "so", "the number; write \"so: nhap\" for a draft "
		    "or \"so: auto\" for the register");
		return;
	}
	if (eval_whole(cx, v, &e) != 0)
		return;
	if (e->type == VB_NULL) {
		cx->doc->draft = 1;
		return;
	}
	if (e->type == VB_NUM) {
		if (e->u.num.v < 1 || e->u.num.v > MAX_NUMBER ||
		    e->u.num.v != (double)(long)e->u.num.v) {
			cxerr(cx, VB_ERR_DOC_SO, &v->loc,
			    "a whole number from 1");
			return;
		}
		n = (long)e->u.num.v;
	} else if (e->type == VB_STR) {
		s = trim(cx, e->u.str.s);
		if (s[0] == '\0' || strcmp(s, "nhap") == 0) {
			cx->doc->draft = 1;
			return;
		}
		if (strcmp(s, "auto") == 0)
			return;	/* the register's, at write (render_so.c) */
		n = strtol(s, &end, 10);
		if (s[0] < '0' || s[0] > '9' || *end != '\0' || n < 1 ||
		    n > MAX_NUMBER) {
			cxerr(cx, VB_ERR_DOC_SO, &v->loc, "%s; write a whole "
			    "number, \"nhap\" (draft) or \"auto\"", s);
			return;
		}
	} else {
		cxerr(cx, VB_ERR_DOC_SO, &v->loc, "a %s",
		    vb_value_type_name(e->type));
		return;
	}
	/* ND30.md §4.1: numbers below 10 get a leading 0. */
	cx->doc->so = vb_arena_printf(cx->a, n < 10 ? "%02ld" : "%ld", n);
}

static void
read_date(struct cx *cx)
{
	const struct vb_value *v = get(cx->fm, "ngay"), *e;
	struct vb_doc         *doc = cx->doc;
	int                    y = 0, m = 0, d = 0;

	if (v == NULL || v->type == VB_NULL) {
		if (!doc->draft)
			missing(cx, "ngay",
			    "the date of issue, e.g. 2023-09-06");
		doc->ngay_y = this_year(cx->in);
		return;
	}
	if (eval_whole(cx, v, &e) != 0)
		return;
	if (e->type == VB_DATE) {
		y = e->u.date.y;
		m = e->u.date.m;
		d = e->u.date.d;
	} else if (doc->draft && ((e->type == VB_NUM && e->u.num.v >= 1 &&
	    e->u.num.v <= 9999 && e->u.num.v == (int)e->u.num.v) ||
	    (e->type == VB_STR && strspn(trim(cx, e->u.str.s),
	    "0123456789") == 4 && trim(cx, e->u.str.s)[4] == '\0'))) {
		/* A draft may carry its year alone: the day and month are
		 * left blank to be filled when it is issued. */
		doc->ngay_y = e->type == VB_NUM ? (int)e->u.num.v :
		    atoi(trim(cx, e->u.str.s));
		return;
	} else if (e->type != VB_STR || parse_date(trim(cx, e->u.str.s),
	    &y, &m, &d) != 0) {
		cxerr(cx, VB_ERR_DOC_DATE, &v->loc,
		    "ngay is a date: 2023-09-06 or 06/9/2023");
		return;
	}
	doc->ngay_y = y;
	doc->ngay_m = m;
	doc->ngay_d = d;
}

/* căn cứ lines end with ";", the last with "." (ND30.md §7.3). */
static void
read_can_cu(struct cx *cx)
{
	const struct vb_value *v = get(cx->fm, "can_cu");
	struct vb_doc         *doc = cx->doc;
	size_t                 i, n;

	doc->can_cu = list_field(cx, v, "can_cu", &doc->ncan_cu);
	for (i = 0; i < doc->ncan_cu; i++) {
		const char *s = doc->can_cu[i];
		char        want = i + 1 < doc->ncan_cu ? ';' : '.';

		n = strlen(s);
		if (n > 0 && s[n - 1] == want)
			continue;
		if (n > 0 && strchr(";.,", s[n - 1]) != NULL) {
			const struct vb_value *iv = v->type == VB_LIST ?
			    v->u.list.v[i] : v;

			vb_diag(cx->d, VB_WARN_DOC_PUNCT, &iv->loc, "a căn cứ "
			    "line ends with \"%c\"%s", want, want == '.' ?
			    " when it is the last" : "");
			n--;
		}
		doc->can_cu[i] = vb_arena_printf(cx->a, "%.*s%c", (int)n, s,
		    want);
	}
}

/* An academic title before the name (ND30.md §8, §19 D26). */
static int
has_title(const char *s)
{
	static const char *const t[] = { "TS.", "ThS.", "PGS.", "GS.", "KS.",
		"BS.", "TS ", "ThS ", "PGS ", "GS ", "PGS.TS", "GS.TS" };
	size_t i;

	for (i = 0; i < NELEM(t); i++)
		if (starts_with(s, t[i]))
			return 1;
	return 0;
}

static void
read_signature(struct cx *cx)
{
	const struct vb_value *fmk = get(cx->fm, "nguoi_ky");
	const struct vb_value *pk = get(cx->prof, "ky");
	const struct vb_value *v;
	struct vb_doc         *doc = cx->doc;
	const char           **tq, *cv, *ht;
	size_t                 ntq = 0, i;

	if (fmk != NULL && fmk->type != VB_MAP && fmk->type != VB_NULL)
		cxerr(cx, VB_ERR_DOC_TYPE, &fmk->loc, "nguoi_ky is a map: "
		    "tham_quyen, chuc_vu, ho_ten");
	if (pk != NULL && pk->type != VB_MAP && pk->type != VB_NULL)
		cxerr(cx, VB_ERR_DOC_TYPE, &pk->loc, "ky is a map: "
		    "tham_quyen, chuc_vu, ho_ten");
	check_keys(cx, fmk, sign_keys, NELEM(sign_keys), "nguoi_ky");
	check_keys(cx, pk, sign_keys, NELEM(sign_keys), "ky");
#define SIGN(k) ((v = get(fmk, k)) != NULL ? v : get(pk, k))
	tq = list_field(cx, SIGN("tham_quyen"), "tham_quyen", &ntq);
	cv = text_field(cx, SIGN("chuc_vu"), "chuc_vu");
	ht = text_field(cx, SIGN("ho_ten"), "ho_ten");
	v = SIGN("tham_quyen");
#undef SIGN
	if (cv == NULL)
		missing(cx, "nguoi_ky.chuc_vu", "the signer's position, e.g. "
		    "CHỦ TỊCH");
	if (ht == NULL)
		missing(cx, "nguoi_ky.ho_ten", "the signer's full name");
	doc->sig_lines = vb_arena_alloc(cx->a, (ntq + 1) * sizeof(char *));
	for (i = 0; i < ntq; i++)
		doc->sig_lines[doc->nsig_lines++] = upper(cx, tq[i]);
	if (cv != NULL)
		doc->sig_lines[doc->nsig_lines++] = upper(cx, cv);
	if (ntq > 0 && !starts_with(doc->sig_lines[0], "TM. ") &&
	    !starts_with(doc->sig_lines[0], "Q. ") &&
	    !starts_with(doc->sig_lines[0], "KT. ") &&
	    !starts_with(doc->sig_lines[0], "TL. ") &&
	    !starts_with(doc->sig_lines[0], "TUQ. "))
		vb_diag(cx->d, VB_WARN_DOC_AUTHORITY, &v->loc, "%s",
		    doc->sig_lines[0]);
	doc->signer = ht;
	if (ht != NULL && has_title(ht)) {
		v = get(fmk, "ho_ten") ? get(fmk, "ho_ten") : get(pk, "ho_ten");
		vb_diag(cx->d, VB_WARN_DOC_SIGNER, &v->loc, "%s", ht);
	}
}

static int
is_luu(const char *s)
{
	return starts_with(s, "Lưu:") || starts_with(s, "Lưu ") ||
	    starts_with(s, "lưu:");
}

/* Nơi nhận (ND30.md §10): "- Như trên;" first when there is a Kính gửi,
 * each item "- …;", the last "- Lưu: VT, ….". */
static void
read_noi_nhan(struct cx *cx)
{
	const struct vb_value *v = get(cx->fm, "noi_nhan");
	const struct vb_value *lv = get(cx->fm, "luu");
	struct vb_doc         *doc = cx->doc;
	const char           **items, *luu = NULL;
	size_t                 n, i, k = 0;

	items = list_field(cx, v, "noi_nhan", &n);
	doc->noi_nhan = vb_arena_alloc(cx->a, (n + 2) * sizeof(char *));
	if (doc->nkinh_gui > 0 && (n == 0 ||
	    (!starts_with(items[0], "Như ") &&
	    !starts_with(items[0], "- Như ") &&
	    !starts_with(items[0], "như "))))
		doc->noi_nhan[k++] = "- Như trên;";
	for (i = 0; i < n; i++) {
		const char *s = clean_item(cx, items[i]);

		if (is_luu(s)) {
			if (i + 1 < n || lv != NULL) {
				const struct vb_value *iv = v->type ==
				    VB_LIST ? v->u.list.v[i] : v;

				cxerr(cx, VB_ERR_DOC_VALUE, &iv->loc,
				    "\"Lưu\" is the last recipient, given "
				    "once: in noi_nhan or as luu");
				continue;
			}
			luu = s + strlen("Lưu");
			while (*luu == ':' || is_space(*luu))
				luu++;
			continue;
		}
		if (s[0] != '\0')
			doc->noi_nhan[k++] = vb_arena_printf(cx->a, "- %s;", s);
	}
	if (lv != NULL && (luu = text_field(cx, lv, "luu")) != NULL) {
		if (is_luu(luu)) {
			luu += strlen("Lưu");
			while (*luu == ':' || is_space(*luu))
				luu++;
		}
		luu = clean_item(cx, luu);
	}
	if (luu == NULL || luu[0] == '\0') {
		vb_diag(cx->d, VB_WARN_DOC_NO_LUU, &cx->fm_loc, NULL);
		luu = "VT";
	}
	doc->noi_nhan[k++] = vb_arena_printf(cx->a, "- Lưu: %s.", luu);
	doc->nnoi_nhan = k;
}

static int
bool_field(struct cx *cx, const struct vb_value *map, const char *key,
    int dflt)
{
	const struct vb_value *v = get(map, key);

	if (v == NULL || v->type == VB_NULL)
		return dflt;
	if (v->type != VB_BOOL) {
		cxerr(cx, VB_ERR_DOC_TYPE, &v->loc, "%s is true or false", key);
		return dflt;
	}
	return v->u.b;
}

static void
read_danh_so(struct cx *cx, struct vb_nd30 *st)
{
	const struct vb_value *v = field(cx, "danh_so"), *e;
	const char            *s;

	st->danh_so = v;
	if (v == NULL || v->type == VB_NULL)
		return;
	if (v->type != VB_MAP) {
		cxerr(cx, VB_ERR_DOC_TYPE, &v->loc, "danh_so is a map: reset, "
		    "pham_vi, nhiem_ky_bat_dau");
		return;
	}
	check_keys(cx, v, danh_so_keys, NELEM(danh_so_keys), "danh_so");
	if ((e = get(v, "reset")) != NULL &&
	    (s = text_field(cx, e, "reset")) != NULL &&
	    strcmp(s, "nam") && strcmp(s, "nhiem_ky") && strcmp(s, "khong"))
		cxerr(cx, VB_ERR_DOC_VALUE, &e->loc,
		    "reset is nam (each year), nhiem_ky (each term) or "
		    "khong (never)");
	if ((e = get(v, "pham_vi")) != NULL &&
	    (s = text_field(cx, e, "pham_vi")) != NULL &&
	    strcmp(s, "theo_loai") && strcmp(s, "chung"))
		cxerr(cx, VB_ERR_DOC_VALUE, &e->loc, "pham_vi is theo_loai "
		    "(one counter per kind) or chung (one for all)");
	if ((e = get(v, "nhiem_ky_bat_dau")) != NULL && e->type != VB_DATE &&
	    e->type != VB_NULL)
		cxerr(cx, VB_ERR_DOC_VALUE, &e->loc,
		    "nhiem_ky_bat_dau is a date");
}

/* "(Kèm theo Kế hoạch số 471/KH-LĐLĐ ngày 06 tháng 9 năm 2023 của …)" */
static const char *
kem_theo(struct cx *cx, const char *issuer)
{
	struct vb_doc *doc = cx->doc;
	struct vb_buf  b = VB_BUF_INIT, date = VB_BUF_INIT;
	const char    *r;

	if (doc->draft)
		vi_date_blank(cx->vi, doc->ngay_y, &date);
	else
		vi_date_long(cx->vi, doc->ngay_y, doc->ngay_m, doc->ngay_d,
		    &date);
	vb_buf_printf(&b, "(Kèm theo %s số %s/%s %s của %s)", doc->kind->name,
	    doc->so != NULL ? doc->so : BLANK_NUMBER, doc->ky_hieu,
	    date.data ? date.data : "", issuer);
	r = vb_arena_strndup(cx->a, b.data, b.len);
	vb_buf_free(&b);
	vb_buf_free(&date);
	return r;
}

/* ---- certificates (giấy khen, ND30.md §14.5) ------------------------------ */

/* A number of box key, in [lo, hi]; dflt when absent. */
static double
box_num(struct cx *cx, const struct vb_value *box, const char *key,
    double lo, double hi, double dflt, int required)
{
	const struct vb_value *v = get(box, key), *e;

	if (v == NULL || v->type == VB_NULL) {
		if (required)
			cxerr(cx, VB_ERR_DOC_MISSING, &box->loc,
			    "%s (o_chu: x, y, rong in mm)", key);
		return dflt;
	}
	if (eval_whole(cx, v, &e) != 0)
		return dflt;
	if (e->type == VB_STR) {
		char       *end;
		const char *s = trim(cx, e->u.str.s);
		double      n = strtod(s, &end);

		if (end != s && *end == '\0' && n >= lo && n <= hi)
			return n;
	} else if (e->type == VB_NUM && e->u.num.v >= lo && e->u.num.v <= hi)
		return e->u.num.v;
	cxerr(cx, VB_ERR_DOC_VALUE, &v->loc, "%s is a number from %g to %g",
	    key, lo, hi);
	return dflt;
}

/* The boxes of o_chu: { x, y, rong, co_chu, dam, nghieng, can, noi_dung }.
 * A box without noi_dung takes the body's text (vb_nd30_finish). */
static void
read_boxes(struct cx *cx, const struct vb_value *v)
{
	struct vb_doc *doc = cx->doc;
	size_t         i;

	if (v->type != VB_LIST) {
		cxerr(cx, VB_ERR_DOC_TYPE, &v->loc, "o_chu is a list of boxes "
		    "{ x, y, rong, co_chu, dam, nghieng, can, noi_dung }");
		return;
	}
	doc->cert_boxes = vb_arena_alloc(cx->a,
	    (v->u.list.n + 1) * sizeof(*doc->cert_boxes));
	for (i = 0; i < v->u.list.n; i++) {
		const struct vb_value *bv = v->u.list.v[i], *e;
		struct vb_cert_box    *b;
		const char            *s;

		if (bv->type != VB_MAP) {
			cxerr(cx, VB_ERR_DOC_TYPE, &bv->loc, "a box of o_chu is "
			    "a map { x, y, rong, co_chu, dam, nghieng, can, "
			    "noi_dung }");
			continue;
		}
		check_keys(cx, bv, box_keys, NELEM(box_keys), "a box of o_chu");
		b = &doc->cert_boxes[doc->ncert_boxes++];
		memset(b, 0, sizeof(*b));
		b->loc = bv->loc;
		b->x_mm = box_num(cx, bv, "x", 0, 297, 0, 1);
		b->y_mm = box_num(cx, bv, "y", 0, 297, 0, 1);
		b->w_mm = box_num(cx, bv, "rong", 1, 297, 100, 1);
		b->size = box_num(cx, bv, "co_chu", 4, 96, 14, 0);
		b->bold = bool_field(cx, bv, "dam", 0);
		b->italic = bool_field(cx, bv, "nghieng", 0);
		b->align = VB_ALIGN_LEFT;
		if ((e = get(bv, "can")) != NULL &&
		    (s = text_field(cx, e, "can")) != NULL) {
			if (strcmp(s, "giua") == 0)
				b->align = VB_ALIGN_CENTER;
			else if (strcmp(s, "phai") == 0)
				b->align = VB_ALIGN_RIGHT;
			else if (strcmp(s, "trai") != 0)
				cxerr(cx, VB_ERR_DOC_VALUE, &e->loc, "can is trai "
				    "(left), giua (centre) or phai (right)");
		}
		if ((e = get(bv, "noi_dung")) != NULL) {
			b->text = text_field(cx, e, "noi_dung");
			if (b->text == NULL)
				b->text = "";
		}
	}
}

static void
add_box(struct cx *cx, double x, double y, double w, double size, int bold,
    int italic, const char *text)
{
	struct vb_doc      *doc = cx->doc;
	struct vb_cert_box *b = &doc->cert_boxes[doc->ncert_boxes++];

	memset(b, 0, sizeof(*b));
	b->x_mm = x;
	b->y_mm = y;
	b->w_mm = w;
	b->size = size;
	b->bold = bold;
	b->italic = italic;
	b->align = VB_ALIGN_CENTER;
	b->text = text;
	b->loc = cx->fm_loc;
}

/*
 * The boxes of the design of our own (mau: thiet_ke) on landscape A4
 * (297 x 210 mm, a double border 10–12 mm in, the emblem's square at
 * the top centre, 18–43 mm): the issuer, GIẤY KHEN, "Tặng", the name,
 * the position and unit, the achievement (NULL: the body's text), then
 * the decision's number at the bottom left and the place-date and the
 * signature at the bottom right.
 */
static void
default_boxes(struct cx *cx, const char *ho_ten, const char *cv_dv,
    const char *thanh_tich, const char *so_qd)
{
	struct vb_doc *doc = cx->doc;
	struct vb_buf  b = VB_BUF_INIT;
	double         y;
	size_t         i;

	doc->cert_boxes = vb_arena_alloc(cx->a, 16 * sizeof(*doc->cert_boxes));
	y = 46;
	if (doc->co_quan_chu_quan != NULL) {
		add_box(cx, 20, y, 257, 13, 0, 0, doc->co_quan_chu_quan);
		y += 6;
	}
	if (doc->co_quan != NULL)
		add_box(cx, 20, y, 257, 14, 1, 0, doc->co_quan);
	add_box(cx, 20, 62, 257, 40, 1, 0, "GIẤY KHEN");
	add_box(cx, 20, 82, 257, 16, 0, 1, "Tặng");
	add_box(cx, 20, 90, 257, 28, 1, 0, ho_ten != NULL ? ho_ten : "");
	add_box(cx, 38, 103, 221, 15, 0, 0, cv_dv != NULL ? cv_dv : "");
	add_box(cx, 38, 118, 221, 15, 0, 1, thanh_tich);
	if (so_qd != NULL) {
		add_box(cx, 25, 180, 110, 13, 0, 0,
		    vb_arena_printf(cx->a, "Số: %s", so_qd));
		doc->cert_boxes[doc->ncert_boxes - 1].align = VB_ALIGN_LEFT;
	}
	if (doc->date_line != NULL)
		add_box(cx, 160, 142, 115, 14, 0, 1, doc->date_line);
	if (doc->nsig_lines > 0) {
		for (i = 0; i < doc->nsig_lines; i++) {
			if (i > 0)
				vb_buf_putc(&b, '\n');
			vb_buf_puts(&b, doc->sig_lines[i]);
		}
		add_box(cx, 160, 149, 115, 14, 1, 0,
		    vb_arena_strndup(cx->a, b.data, b.len));
	}
	if (doc->signer != NULL)
		add_box(cx, 160, 180, 115, 14, 1, 0, doc->signer);
	vb_buf_free(&b);
}

/*
 * The front matter of a giấy khen: mau (thiet_ke | in_phoi), o_chu, the
 * awardee's ho_ten, chuc_vu_don_vi and thanh_tich, so_quyet_dinh, the
 * issuer and, optional, ngay and nguoi_ky. None of the ND30 header
 * fields is required.
 */
static void
read_cert(struct cx *cx)
{
	struct vb_doc         *doc = cx->doc;
	const struct vb_value *v;
	const char            *s, *ho_ten, *cv_dv, *tt, *so_qd;
	struct vb_buf          b = VB_BUF_INIT;

	doc->cert_mode = 1;
	if ((v = get(cx->fm, "mau")) != NULL &&
	    (s = text_field(cx, v, "mau")) != NULL) {
		if (strcmp(s, "in_phoi") == 0)
			doc->cert_mode = 2;
		else if (strcmp(s, "thiet_ke") != 0)
			cxerr(cx, VB_ERR_DOC_VALUE, &v->loc, "mau is thiet_ke "
			    "(our own design) or in_phoi (printed on a "
			    "pre-printed form)");
	}
	doc->title = cert_kind.title;
	if ((s = text_field(cx, field(cx, "co_quan_chu_quan"),
	    "co_quan_chu_quan")) != NULL)
		doc->co_quan_chu_quan = upper(cx, s);
	if ((s = text_field(cx, field(cx, "co_quan"), "co_quan")) != NULL)
		doc->co_quan = upper(cx, s);
	doc->info_author = s;
	if (get(cx->fm, "ngay") != NULL) {
		read_date(cx);
		doc->dia_danh = text_field(cx, field(cx, "dia_danh"),
		    "dia_danh");
		if (doc->dia_danh != NULL && doc->ngay_m > 0 &&
		    vi_place_date(cx->vi, doc->dia_danh, doc->ngay_y,
		    doc->ngay_m, doc->ngay_d, 0, &b) == 0)
			doc->date_line = vb_arena_strndup(cx->a,
			    b.data ? b.data : "", b.len);
	}
	if (doc->cert_mode == 1 &&
	    (get(cx->fm, "nguoi_ky") != NULL || get(cx->prof, "ky") != NULL))
		read_signature(cx);
	ho_ten = text_field(cx, get(cx->fm, "ho_ten"), "ho_ten");
	cv_dv = text_field(cx, get(cx->fm, "chuc_vu_don_vi"),
	    "chuc_vu_don_vi");
	tt = text_field(cx, get(cx->fm, "thanh_tich"), "thanh_tich");
	so_qd = text_field(cx, get(cx->fm, "so_quyet_dinh"), "so_quyet_dinh");
	if (so_qd != NULL)
		doc->so_line = vb_arena_printf(cx->a, "Số: %s", so_qd);
	doc->info_title = ho_ten != NULL ? vb_arena_printf(cx->a,
	    "Giấy khen - %s", ho_ten) : "Giấy khen";
	if ((v = get(cx->fm, "o_chu")) != NULL && v->type != VB_NULL)
		read_boxes(cx, v);
	else if (doc->cert_mode == 2)
		missing(cx, "o_chu", "mau: in_phoi prints only the boxes of "
		    "o_chu, each { x, y, rong, noi_dung } in mm");
	else
		default_boxes(cx, ho_ten, cv_dv, tt, so_qd);
	vb_buf_free(&b);
}

/* The body's text, paragraphs and line breaks as '\n'. */
static const char *
body_text(struct vb_doc *doc)
{
	struct vb_buf  b = VB_BUF_INIT;
	struct vb_iter it;
	const char    *r;
	enum vb_event  ev;

	if (doc->body == NULL)
		return "";
	vb_iter_init(&it, doc->body);
	while ((ev = vb_iter_next(&it)) != VB_EVENT_NONE) {
		const struct vb_node *n = it.cur;

		if (ev == VB_EVENT_ENTER && n->type == VB_NODE_TEXT)
			vb_buf_put(&b, n->as.text.s, n->as.text.len);
		else if (ev == VB_EVENT_ENTER && n->type == VB_NODE_BREAK)
			vb_buf_putc(&b, '\n');
		else if (ev == VB_EVENT_ENTER && n->type == VB_NODE_PARA &&
		    b.len > 0)
			vb_buf_putc(&b, '\n');
	}
	r = vb_arena_strndup(doc->arena, b.data ? b.data : "", b.len);
	vb_buf_free(&b);
	return r;
}

int
vb_nd30_header(struct vb_doc *doc, const struct vb_nd30_in *in,
    struct vb_diag *d, struct vb_nd30 *st)
{
	struct cx              cx;
	const struct vb_value *v, *pl;
	const char            *kieu, *viet_tat, *don_vi, *co_quan, *day_du;
	const char            *s, *pat;
	struct vb_buf          b = VB_BUF_INIT;
	size_t                 i;

	memset(&cx, 0, sizeof(cx));
	memset(st, 0, sizeof(*st));
	cx.doc = doc;
	cx.a = doc->arena;
	cx.in = in;
	cx.d = d;
	cx.vi = in->vi;
	cx.fm = in->fm;
	cx.fm_loc.src = in->tpl->id;
	cx.fm_loc.len = 3;
	if (cx.fm != NULL && cx.fm->type == VB_NULL)
		cx.fm = NULL;
	if (cx.fm != NULL && cx.fm->type != VB_MAP) {
		cxerr(&cx, VB_ERR_FM_NOT_MAP, &cx.fm->loc, NULL);
		return -1;
	}
	v = get(cx.fm, "loai");
	if (v != NULL && v->type == VB_STR &&
	    strcmp(v->u.str.s, cert_kind.key) == 0)
		check_keys(&cx, cx.fm, cert_keys, NELEM(cert_keys),
		    "the front matter of a giấy khen");
	else
		check_keys(&cx, cx.fm, fm_keys, NELEM(fm_keys),
		    "the front matter");

	if ((v = get(cx.fm, "to_chuc")) != NULL) {
		if (load_profile(&cx, v, &cx.prof) != 0)
			cx.prof_failed = 1;
		else if (cx.prof != NULL)
			check_keys(&cx, cx.prof, profile_keys,
			    NELEM(profile_keys), "the profile");
	}
	st->profile = cx.prof;
	read_danh_so(&cx, st);
	doc->kind = read_kind(&cx);
	read_style(&cx);
	if (doc->kind == &cert_kind) {
		read_cert(&cx);
		return cx.failed ? -1 : 0;
	}

	kieu = text_field(&cx, field(&cx, "kieu"), "kieu");
	if (kieu != NULL && strcmp(kieu, "cong_doan") != 0 &&
	    strcmp(kieu, "nha_nuoc") != 0) {
		cxerr(&cx, VB_ERR_DOC_VALUE, &field(&cx, "kieu")->loc,
		    "kieu is cong_doan (trade union) or nha_nuoc "
		    "(state, Nghị định 30)");
		kieu = NULL;
	}
	if (kieu == NULL)
		kieu = "nha_nuoc";

	/* Issuer (ô 2). */
	if ((s = text_field(&cx, field(&cx, "co_quan_chu_quan"),
	    "co_quan_chu_quan")) != NULL)
		doc->co_quan_chu_quan = upper(&cx, s);
	co_quan = text_field(&cx, field(&cx, "co_quan"), "co_quan");
	if (co_quan == NULL)
		missing(&cx, "co_quan", "the issuing body; name a profile with "
		    "to_chuc or give co_quan");
	else
		doc->co_quan = upper(&cx, co_quan);
	day_du = text_field(&cx, field(&cx, "co_quan_day_du"),
	    "co_quan_day_du");
	if (day_du == NULL)
		day_du = co_quan;

	/* A decision or resolution names its authority under the title and
	 * opens its articles with "QUYẾT ĐỊNH:" (ND30.md §14.4, Mẫu 1.2). */
	if (doc->kind != NULL && (strcmp(doc->kind->key, "quyet_dinh") == 0 ||
	    strcmp(doc->kind->key, "nghi_quyet") == 0)) {
		s = text_field(&cx, get(cx.fm, "tham_quyen_ban_hanh"),
		    "tham_quyen_ban_hanh");
		if (s == NULL)
			s = day_du;
		if (s != NULL && *s != '\0')
			doc->tham_quyen = upper(&cx, s);
		doc->mo_dieu = strcmp(doc->kind->key, "quyet_dinh") == 0 ?
		    "QUYẾT ĐỊNH:" : "QUYẾT NGHỊ:";
	}

	/* Number and symbol (ô 3), ND30.md §4. */
	read_number(&cx);
	if (bool_field(&cx, cx.fm, "du_thao", 0))
		doc->draft = 1;
	viet_tat = text_field(&cx, field(&cx, "viet_tat"), "viet_tat");
	don_vi = text_field(&cx, get(cx.fm, "don_vi_soan_thao"),
	    "don_vi_soan_thao");
	if ((s = text_field(&cx, get(cx.fm, "ky_hieu"), "ky_hieu")) != NULL)
		doc->ky_hieu = s;
	else if (doc->kind != NULL && doc->kind->cong_van) {
		v = field(&cx, "ky_hieu_cong_van");
		pat = text_field(&cx, v, "ky_hieu_cong_van");
		if (pat == NULL)
			pat = strcmp(kieu, "cong_doan") == 0 ? "{viet_tat}" :
			    "{viet_tat}-{don_vi}";
		doc->ky_hieu = expand_pattern(&cx, v, pat, viet_tat, don_vi);
	} else if (doc->kind != NULL) {
		if (viet_tat == NULL)
			missing(&cx, "viet_tat", "the issuer's abbreviation, "
			    "e.g. LĐLĐ");
		else
			doc->ky_hieu = vb_arena_printf(cx.a, "%s-%s",
			    doc->kind->abbr, viet_tat);
	}
	if (doc->ky_hieu != NULL)
		doc->so_line = vb_arena_printf(cx.a, "Số: %s/%s",
		    doc->so != NULL ? doc->so : BLANK_NUMBER, doc->ky_hieu);
	if (doc->so == NULL && doc->ky_hieu != NULL)
		doc->so_line = vb_arena_printf(cx.a, "Số:%s/%s", BLANK_NUMBER,
		    doc->ky_hieu);

	/* Place and date (ô 4), ND30.md §5. */
	read_date(&cx);
	doc->dia_danh = text_field(&cx, field(&cx, "dia_danh"), "dia_danh");
	if (doc->dia_danh == NULL)
		missing(&cx, "dia_danh", "the place, e.g. Lai Châu");
	else if (doc->ngay_y > 0 && vi_place_date(cx.vi, doc->dia_danh,
	    doc->ngay_y, doc->ngay_m, doc->ngay_d, doc->draft, &b) == 0)
		doc->date_line = vb_arena_strndup(cx.a, b.data ? b.data : "",
		    b.len);
	vb_buf_reset(&b);

	/* Kind and summary (ô 5), ND30.md §6. */
	s = text_field(&cx, get(cx.fm, "trich_yeu"), "trich_yeu");
	if (s == NULL)
		missing(&cx, "trich_yeu", "the summary of the document");
	if (doc->kind != NULL) {
		doc->title = doc->kind->title;
		if (doc->kind->cong_van && s != NULL)
			doc->trich_yeu = starts_with(s, "V/v ") ? s :
			    vb_arena_printf(cx.a, "V/v %s", s);
		else
			doc->trich_yeu = s;
	}
	doc->info_title = s != NULL && starts_with(s, "V/v ") ? s + 4 : s;
	doc->info_author = co_quan;

	/* Kính gửi (ô 9a) and căn cứ. */
	doc->kinh_gui = list_field(&cx, get(cx.fm, "kinh_gui"), "kinh_gui",
	    &doc->nkinh_gui);
	for (i = 0; i < doc->nkinh_gui; i++)
		doc->kinh_gui[i] = clean_item(&cx, doc->kinh_gui[i]);
	if (doc->nkinh_gui == 0 && doc->kind != NULL &&
	    (doc->kind->cong_van || strcmp(doc->kind->key, "to_trinh") == 0))
		missing(&cx, "kinh_gui", "a công văn or tờ trình names its "
		    "addressees");
	read_can_cu(&cx);

	/* Signature (ô 7) and nơi nhận (ô 9b). */
	read_signature(&cx);
	read_noi_nhan(&cx);

	/* Options for the finishing pass. */
	pl = get(cx.fm, "phu_luc");
	if (pl != NULL && pl->type != VB_MAP && pl->type != VB_NULL)
		cxerr(&cx, VB_ERR_DOC_TYPE, &pl->loc, "phu_luc is a map: "
		    "kem_theo, danh_so");
	check_keys(&cx, pl, phu_luc_keys, NELEM(phu_luc_keys), "phu_luc");
	st->number_annexes = bool_field(&cx, pl, "danh_so", 0);
	st->number_headings = bool_field(&cx, cx.fm, "danh_so_muc", 1);
	if (bool_field(&cx, pl, "kem_theo", 1) && doc->kind != NULL &&
	    doc->ky_hieu != NULL && day_du != NULL && doc->ngay_y > 0)
		st->kem_theo = kem_theo(&cx, day_du);
	vb_buf_free(&b);
	return cx.failed ? -1 : 0;
}

/* ---- finishing ----------------------------------------------------------- */

static long
roman_value(const char *s)
{
	long v = 0, prev = 0, c;

	for (; *s != '\0' && *s != '.'; s++) {
		switch (*s) {
		case 'I': c = 1; break;
		case 'V': c = 5; break;
		case 'X': c = 10; break;
		case 'L': c = 50; break;
		case 'C': c = 100; break;
		default: return 0;
		}
		v += c > prev ? c - 2 * prev : c;
		prev = c;
	}
	return v;
}

/* The number a written label stands for at its level, or 0. */
static long
label_value(const char *label, int level)
{
	const char *p;
	size_t      i;

	if (level == 1)
		return roman_value(label);
	if (level == 4) {
		for (i = 0; i < NELEM(letters); i++)
			if (strncmp(label, letters[i],
			    strlen(letters[i])) == 0 &&
			    label[strlen(letters[i])] == ')')
				return (long)i + 1;
		return 0;
	}
	/* "1.2." → 2 (the last component) */
	p = label + strlen(label);
	if (p > label && p[-1] == '.')
		p--;
	while (p > label && p[-1] >= '0' && p[-1] <= '9')
		p--;
	/* Numbering continues from the label: keep it far from overflow
	 * ("1.2222…2." is a label, not a counter). */
	return strlen(p) > 6 ? 999999 : strtol(p, NULL, 10);
}

static void
upper_texts(struct vb_node *n, struct vb_vi *vi, struct vb_arena *a)
{
	struct vb_iter it;
	struct vb_buf  b = VB_BUF_INIT;

	vb_iter_init(&it, n);
	while (vb_iter_next(&it) != VB_EVENT_NONE) {
		struct vb_node *t = it.cur;

		if (it.ev != VB_EVENT_ENTER || t->type != VB_NODE_TEXT)
			continue;
		vb_buf_reset(&b);
		if (vi_upper(vi, t->as.text.s, t->as.text.len, &b) == 0) {
			t->as.text.s = vb_arena_strndup(a, b.data ? b.data : "",
			    b.len);
			t->as.text.len = b.len;
		}
	}
	vb_buf_free(&b);
}

/* Section numbering of ND30.md §7.2: I. / 1. / 1.1. / a) */
static void
number_headings(struct vb_node *root, int autonum, struct vb_vi *vi,
    struct vb_arena *a)
{
	struct vb_node *h;
	long            c[4] = { 0, 0, 0, 0 }, v;
	struct vb_buf   b = VB_BUF_INIT;
	int             L, k;

	for (h = root->first; h != NULL; h = h->next) {
		if (h->type != VB_NODE_HEADING)
			continue;
		L = h->as.heading.level;
		c[L - 1]++;
		for (k = L; k < 4; k++)
			c[k] = 0;
		if (h->as.heading.label[0] != '\0') {
			if ((v = label_value(h->as.heading.label, L)) > 0)
				c[L - 1] = v;
		} else if (autonum) {
			vb_buf_reset(&b);
			if (L == 1) {
				if (vi_roman(c[0], &b) == 0)
					vb_buf_putc(&b, '.');
			} else if (L == 2)
				vb_buf_printf(&b, "%ld.", c[1]);
			else if (L == 3) {
				if (c[1] > 0)
					vb_buf_printf(&b, "%ld.", c[1]);
				vb_buf_printf(&b, "%ld.", c[2]);
			} else if (vi_letter(c[3], &b) == 0)
				vb_buf_putc(&b, ')');
			if (b.len > 0) {
				h->as.heading.label = vb_arena_strndup(a,
				    b.data, b.len);
				h->flags |= VB_NODE_AUTOLABEL;
			}
		}
		if (L == 1)
			upper_texts(h, vi, a);
	}
	vb_buf_free(&b);
}

/* The last paragraph of a tree, looking into the last list item. */
static struct vb_node *
last_para(struct vb_node *root)
{
	struct vb_node *n = root->last;

	while (n != NULL &&
	    (n->type == VB_NODE_LIST || n->type == VB_NODE_ITEM))
		n = n->last;
	return n != NULL && n->type == VB_NODE_PARA ? n : NULL;
}

/* The "./." end mark (ND30.md §1), flagged generated. */
static void
end_mark(struct vb_doc *doc, struct vb_node *root)
{
	struct vb_node *p = last_para(root), *t, *mark;
	const char     *s;
	size_t          n;

	if (p == NULL)
		return;
	for (t = p->last; t != NULL && t->type != VB_NODE_TEXT; t = t->last)
		if (t->type == VB_NODE_BREAK)
			break;
	if (t != NULL && t->type == VB_NODE_TEXT) {
		s = t->as.text.s;
		n = t->as.text.len;
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if (n >= 3 && memcmp(s + n - 3, "./.", 3) == 0)
			return;
		if (n >= 1 && s[n - 1] == '.' && (n < 2 || s[n - 2] != '.'))
			n--;
		t->as.text.len = n;
	}
	mark = vb_node_new(doc->arena, VB_NODE_TEXT, &p->loc);
	mark->flags |= VB_NODE_GENERATED;
	mark->as.text.s = "./.";
	mark->as.text.len = 3;
	vb_node_append(p, mark);
}

int
vb_nd30_finish(struct vb_doc *doc, const struct vb_nd30 *st,
    struct vb_vi *vi, struct vb_diag *d)
{
	struct vb_buf  b = VB_BUF_INIT;
	const char    *why = NULL;
	size_t         i;
	struct vb_loc  none = { 0, 0, 0, NULL };

	if (doc->cert_mode != 0) {
		/* A certificate is not an ND30 document: no numbering, no
		 * end mark; boxes without text take the body's. */
		for (i = 0; i < doc->ncert_boxes; i++)
			if (doc->cert_boxes[i].text == NULL)
				doc->cert_boxes[i].text = body_text(doc);
		if (doc->body != NULL && vb_node_check(doc->body, &why) != 0) {
			vb_diag(d, VB_ERR_DOC_CHECK, &none, "%s", why);
			return -1;
		}
		return 0;
	}
	number_headings(doc->body, st->number_headings, vi, doc->arena);
	end_mark(doc, doc->body);
	for (i = 0; i < doc->nannexes; i++) {
		struct vb_annex *x = &doc->annexes[i];

		number_headings(x->body, st->number_headings, vi, doc->arena);
		if (x->body->last != NULL &&
		    x->body->last->type != VB_NODE_TABLE)
			end_mark(doc, x->body);
		if (doc->nannexes > 1 || st->number_annexes) {
			vb_buf_reset(&b);
			vb_buf_puts(&b, "Phụ lục ");
			vi_roman((long)i + 1, &b);
			x->label = vb_arena_strndup(doc->arena, b.data, b.len);
		}
		vb_buf_reset(&b);
		if (x->title != NULL &&
		    vi_upper(vi, x->title, strlen(x->title), &b) == 0)
			x->title = vb_arena_strndup(doc->arena,
			    b.data ? b.data : "", b.len);
		x->kem_theo = st->kem_theo;
	}
	vb_buf_free(&b);
	if (vb_doc_check(doc, &why) != 0) {
		vb_diag(d, VB_ERR_DOC_CHECK, &none, "%s", why);
		return -1;
	}
	return 0;
}
