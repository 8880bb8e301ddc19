/*
 * t_reg.c — the register of issued numbers through its C API: SHA-256,
 * types and dates, profile rules, the seed sequences, resets, keys,
 * reserve/issue/cancel, output files, bad and locked files, and a
 * process killed in the middle of taking a number.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "data.h"
#include "reg.h"
#include "unit.h"

static char             dir[] = "/tmp/t_reg.XXXXXX";
static struct vb_arena  A;
static struct vb_diag   D;
static FILE            *mem;
static char            *text;
static size_t           textlen;

/* ---- helpers ------------------------------------------------------------- */

static void
diag_reset(void)
{
	if (mem != NULL)
		fclose(mem);
	free(text);
	text = NULL;
	textlen = 0;
	mem = open_memstream(&text, &textlen);
	vb_diag_init(&D, NULL, mem);
}

/* 1 if the diagnostics since diag_reset() include code's message. */
static int
said(enum vb_err code)
{
	fflush(mem);
	return text != NULL && strstr(text, vb_diag_msg(code)) != NULL;
}

static const char *
path(const char *name)
{
	return vb_arena_printf(&A, "%s/%s", dir, name);
}

static struct vb_reg *
reg_open(const char *name, int create, int timeout)
{
	struct vb_reg_opts o = { timeout, create, 0 };
	struct vb_reg     *reg = NULL;

	diag_reset();
	if (vb_reg_open(path(name), &o, &D, &reg) != 0)
		return NULL;
	return reg;
}

static struct vb_reg_rules
rules(const char *viet_tat, enum vb_reg_reset reset, enum vb_reg_scope sc)
{
	struct vb_reg_rules r;

	vb_reg_rules_default(&r);
	r.viet_tat = viet_tat;
	r.reset = reset;
	r.pham_vi = sc;
	return r;
}

static struct vb_reg_date
day(const char *s)
{
	struct vb_reg_date dt = { 0, 0, 0 };

	if (s != NULL && vb_reg_date_parse(s, &dt) != 0)
		abort();
	return dt;
}

/* Takes a number; returns its symbol, or NULL (diagnostics in text). */
static const char *
take(struct vb_reg *reg, const struct vb_reg_rules *r, const char *loai,
    const char *ngay, const char *key, struct vb_reg_entry *e)
{
	struct vb_reg_request req;
	struct vb_reg_entry   tmp;

	memset(&req, 0, sizeof(req));
	req.rules = r;
	req.loai = loai;
	req.ngay = day(ngay);
	req.key = key;
	diag_reset();
	if (vb_reg_take(reg, &req, &A, e ? e : &tmp) != 0)
		return NULL;
	return (e ? e : &tmp)->ky_hieu;
}

static int
set_next(struct vb_reg *reg, const struct vb_reg_rules *r, const char *loai,
    const char *ngay, long next)
{
	diag_reset();
	return vb_reg_set_next(reg, r, loai, day(ngay), next);
}

static void
write_file(const char *p, const char *s)
{
	FILE *f = fopen(p, "wb");

	if (f == NULL)
		abort();
	fputs(s, f);
	fclose(f);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000L +
	    (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

/* ---- SHA-256 ------------------------------------------------------------- */

static void
test_sha256(void)
{
	static const struct {
		size_t      n;
		const char *hex;
	} xs[] = {
		{ 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
		{ 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
		{ 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
		{ 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
		{ 65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9" },
		{ 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c" },
		{ 120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98" },
		{ 128, "24da1b81d0b16df6428eee73c69fcb2a93c76bc6df706f0c6670fe6bfe800464" },
	};
	static const size_t chunks[] = { 1, 3, 7, 63, 64, 65, 1000 };
	struct vb_sha256 c;
	uint8_t          md[32];
	char             hex[65], x[200], *a;
	size_t           i, k, off;
	int              ok;

	/* FIPS 180-4 examples (SHA256.pdf, the NIST CSRC example set). */
	vb_sha256_hex("abc", 3, hex);
	STR_EQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "SHA-256 of abc");
	vb_sha256_hex("", 0, hex);
	STR_EQ(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "SHA-256 of the empty message");
	vb_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, hex);
	STR_EQ(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "SHA-256 of the 448-bit message");
	vb_sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112, hex);
	STR_EQ(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
	    "SHA-256 of the 896-bit message");
	/* One million 'a', fed in chunks of every awkward size. */
	a = malloc(1000000);
	memset(a, 'a', 1000000);
	for (k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		vb_sha256_init(&c);
		for (off = 0; off < 1000000; off += chunks[k])
			vb_sha256_update(&c, a + off, 1000000 - off < chunks[k] ?
			    1000000 - off : chunks[k]);
		vb_sha256_final(&c, md);
		ok = md[0] == 0xcd && md[1] == 0xc7 && md[30] == 0x2c &&
		    md[31] == 0xd0;
		OK(ok, "million a in chunks of %zu", chunks[k]);
	}
	vb_sha256_hex(a, 1000000, hex);
	STR_EQ(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    "SHA-256 of a million a");
	free(a);
	/* The padding boundaries. */
	memset(x, 'x', sizeof(x));
	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
		vb_sha256_hex(x, xs[i].n, hex);
		STR_EQ(hex, xs[i].hex, "SHA-256 of %zu bytes", xs[i].n);
	}
}

/* ---- types, numbers, dates ---------------------------------------------- */

static void
test_types(void)
{
	static const struct {
		const char *in, *code;
		int         known;
	} ts[] = {
		{ "KH", "KH", 1 }, { "kh", "KH", 1 }, { "ke_hoach", "KH", 1 },
		{ "QĐ", "QĐ", 1 }, { "qđ", "QĐ", 1 }, { "quyet_dinh", "QĐ", 1 },
		{ "QYĐ", "QyĐ", 1 }, { "ctr", "CTr", 1 }, { "CT", "CT", 1 },
		{ "TTr", "TTr", 1 }, { "GM", "GM", 1 }, { "bao_cao", "BC", 1 },
		{ "ĐA", "ĐA", 1 }, { "DA", "DA", 1 }, { "trs", "TrS", 1 },
		{ "cong_van", "CV", 1 }, { "CV", "CV", 1 },
		{ "GK", "GK", 0 }, { "CĐCS", "CĐCS", 0 },
		{ "", NULL, 0 }, { "1KH", NULL, 0 }, { "K H", NULL, 0 },
		{ "kh-x", NULL, 0 }, { "'; DROP", NULL, 0 }, { "hk", NULL, 0 },
	};
	struct vb_reg_date dt;
	const char        *code;
	char               s[24];
	size_t             i;
	int                known;

	for (i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
		code = vb_reg_loai(ts[i].in, &A, &known);
		if (ts[i].code == NULL) {
			OK(code == NULL, "'%s' is not a type", ts[i].in);
			continue;
		}
		STR_EQ(code, ts[i].code, "type of '%s'", ts[i].in);
		INT_EQ(known, ts[i].known, "'%s' known to ND30", ts[i].in);
	}
	STR_EQ(vb_reg_loai_name("KH"), "Kế hoạch", "name of KH");
	OK(vb_reg_loai_name("GK") == NULL, "GK has no ND30 name");
	STR_EQ(vb_reg_number_text(5, s), "05", "5 prints as 05");
	STR_EQ(vb_reg_number_text(1, s), "01", "1 prints as 01");
	STR_EQ(vb_reg_number_text(10, s), "10", "10 prints as 10");
	STR_EQ(vb_reg_number_text(1298, s), "1298", "1298 as is");
	INT_EQ(vb_reg_date_parse("2023-09-06", &dt), 0, "ISO date");
	OK(dt.y == 2023 && dt.m == 9 && dt.d == 6, "date fields");
	INT_EQ(vb_reg_date_parse("2024-02-29", &dt), 0, "leap day");
	INT_EQ(vb_reg_date_parse("2023-02-29", &dt), -1, "no leap day in 2023");
	INT_EQ(vb_reg_date_parse("2023-9-6", &dt), -1, "short fields");
	INT_EQ(vb_reg_date_parse("06/9/2023", &dt), -1, "not ISO");
	INT_EQ(vb_reg_date_parse("2023-09-06x", &dt), -1, "trailing text");
	INT_EQ(vb_reg_state_parse("cancelled"), VB_REG_CANCELLED, "state");
	INT_EQ(vb_reg_state_parse("huy"), 0, "unknown state");
}

/* ---- profile rules ------------------------------------------------------- */

/* Parses YAML text (a profile) and reads its rules. */
static int
profile_rules(struct vb_srcset *ss, const char *yaml, struct vb_reg_rules *r)
{
	struct vb_src   *src;
	struct vb_value *v;

	src = vb_srcset_add(ss, "profile.yaml", vb_xstrdup(yaml), strlen(yaml));
	diag_reset();
	D.srcs = ss;
	if (vb_yaml_parse(src, 0, src->len, &A, &D, &v) != 0)
		return -1;
	return vb_reg_rules_from_profile(v, &A, &D, r);
}

static void
test_profile(void)
{
	struct vb_srcset    ss;
	struct vb_reg_rules r;
	const char         *top = getenv("VB_TOP");
	char               *data;
	size_t              len;

	vb_srcset_init(&ss);
	/* The shipped test profile of the Lai Châu federation. */
	if (vb_read_file(vb_arena_printf(&A, "%s/tests/data/reg/laichau.yaml",
	    top ? top : "."), &data, &len) != 0)
		data = vb_xstrdup("");
	INT_EQ(profile_rules(&ss, data, &r), 0, "laichau.yaml reads");
	free(data);
	STR_EQ(r.viet_tat, "LĐLĐ", "viet_tat");
	INT_EQ(r.reset, VB_REG_RESET_KHONG, "union: no reset");
	INT_EQ(r.pham_vi, VB_REG_THEO_LOAI, "a counter per type");
	STR_EQ(r.ky_hieu_cong_van, "{viet_tat}", "công văn pattern");

	INT_EQ(profile_rules(&ss, "viet_tat: UBND\n", &r), 0, "minimal");
	INT_EQ(r.reset, VB_REG_RESET_NAM, "state default: yearly");
	STR_EQ(r.ky_hieu_cong_van, "{viet_tat}-{don_vi}", "state công văn");
	INT_EQ(profile_rules(&ss, "viet_tat: LĐLĐ\nkieu: cong_doan\n", &r), 0,
	    "union kind");
	INT_EQ(r.reset, VB_REG_RESET_KHONG, "union default: never");
	INT_EQ(profile_rules(&ss, "viet_tat: X\ndanh_so:\n  reset: nhiem_ky\n"
	    "  pham_vi: chung\n  nhiem_ky_bat_dau: 2023-10-01\n", &r), 0,
	    "per term");
	OK(r.reset == VB_REG_RESET_NHIEM_KY && r.pham_vi == VB_REG_CHUNG &&
	    r.nhiem_ky_bat_dau.y == 2023 && r.nhiem_ky_bat_dau.m == 10 &&
	    r.nhiem_ky_bat_dau.d == 1, "term start read");
	INT_EQ(profile_rules(&ss, "viet_tat: X\ndanh_so:\n"
	    "  nhiem_ky_bat_dau: \"2023-10-01\"\n  reset: nhiem_ky\n", &r), 0,
	    "term start as a string");

	INT_EQ(profile_rules(&ss, "viet_tat: LĐLĐ\ndanh_so:\n"
	    "  ma_so: ldld-ninh-thuan\n", &r), 0, "ma_so");
	STR_EQ(r.ma_so, "ldld-ninh-thuan", "ma_so read");
	INT_EQ(profile_rules(&ss, "viet_tat: X\ndanh_so:\n  ma_so: a b\n",
	    &r), -1, "a space in ma_so");
	INT_EQ(profile_rules(&ss, "co_quan: X\n", &r), -1, "no viet_tat");
	OK(said(VB_ERR_REG_RULES), "reported as a rule error");
	INT_EQ(profile_rules(&ss, "viet_tat: X\ndanh_so:\n  reset: hang_nam\n",
	    &r), -1, "bad reset");
	OK(text && strstr(text, "profile.yaml:3:10: error"), "at its line:col");
	INT_EQ(profile_rules(&ss, "viet_tat: X\ndanh_so:\n  reset: nhiem_ky\n",
	    &r), -1, "term without start");
	INT_EQ(profile_rules(&ss, "viet_tat: X\ndanh_so:\n  pham_vi: rieng\n",
	    &r), -1, "bad scope");
	INT_EQ(profile_rules(&ss, "viet_tat: X\nky_hieu_cong_van: \"{don_vi}\"\n",
	    &r), -1, "pattern without viet_tat");
	INT_EQ(profile_rules(&ss, "viet_tat: A/B\n", &r), -1, "slash in viet_tat");
	INT_EQ(profile_rules(&ss, "viet_tat: X\nkieu: dang\n", &r), -1,
	    "bad kieu");
	INT_EQ(profile_rules(&ss, "viet_tat: X\ndanh_so: nam\n", &r), -1,
	    "danh_so not a map");
	INT_EQ(profile_rules(&ss, "- a\n", &r), -1, "not a map");
	D.srcs = NULL;
	vb_srcset_free(&ss);
}

/* ---- sequences ----------------------------------------------------------- */

/* The Lai Châu seeds (ND30.md §4.2): per type, never reset. */
static void
test_seeds(void)
{
	static const struct {
		const char *loai, *ngay;
		long        so;
		const char *want;
	} seq[] = {
		{ "KH", "2022-01-13",  302, "302/KH-LĐLĐ" },
		{ "KH", "2022-05-27",  345, "345/KH-LĐLĐ" },
		{ "KH", "2023-09-06",  471, "471/KH-LĐLĐ" },
		{ "CV", "2022-03-17",  878, "878/LĐLĐ" },
		{ "CV", "2022-04-01",  900, "900/LĐLĐ" },
		{ "CV", "2022-06-01",  960, "960/LĐLĐ" },
		{ "CV", "2022-11-10", 1070, "1070/LĐLĐ" },
		{ "CV", "2023-08-04", 1298, "1298/LĐLĐ" },
		{ "HD", "2022-01-14",   52, "52/HD-LĐLĐ" },
		{ "HD", "2023-08-23",   82, "82/HD-LĐLĐ" },
	};
	struct vb_reg_rules    r = rules("LĐLĐ", VB_REG_RESET_KHONG,
	    VB_REG_THEO_LOAI);
	struct vb_reg_counter *cv;
	struct vb_reg         *reg;
	size_t                 i, n;

	r.ky_hieu_cong_van = "{viet_tat}";
	reg = reg_open("seeds.db", 1, 0);
	OK(reg != NULL, "create a register");
	if (reg == NULL)
		return;
	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		INT_EQ(set_next(reg, &r, seq[i].loai, seq[i].ngay, seq[i].so),
		    0, "continue at %ld", seq[i].so);
		STR_EQ(take(reg, &r, seq[i].loai, seq[i].ngay, NULL, NULL),
		    seq[i].want, "seed %s", seq[i].want);
	}
	STR_EQ(take(reg, &r, "KH", "2023-09-07", NULL, NULL), "472/KH-LĐLĐ",
	    "then 472");
	INT_EQ(vb_reg_counters(reg, &A, &cv, &n), 0, "counters");
	INT_EQ(n, 3, "three counters");
	if (n == 3) {
		STR_EQ(cv[0].series, "CV", "sorted");
		INT_EQ(cv[0].next, 1299, "next công văn");
		INT_EQ(cv[2].next, 473, "next kế hoạch");
		STR_EQ(cv[2].period, "*", "never reset");
	}
	INT_EQ(set_next(reg, &r, "KH", NULL, 472), -1, "472 is taken");
	OK(said(VB_ERR_REG_NEXT), "next must be above the last");
	INT_EQ(set_next(reg, &r, "KH", NULL, 400), -1, "going back");
	INT_EQ(set_next(reg, &r, NULL, NULL, 5), -1, "no type, per type");
	OK(said(VB_ERR_REG_RULES), "name the type");
	INT_EQ(set_next(reg, &r, "KH", NULL, 500), 0, "skip ahead");
	STR_EQ(take(reg, &r, "KH", NULL, NULL, NULL), "500/KH-LĐLĐ", "500");
	/* Another federation, also LĐLĐ, in the same register. */
	r.ma_so = "ldld-ninh-thuan";
	STR_EQ(take(reg, &r, "KH", NULL, NULL, NULL), "01/KH-LĐLĐ",
	    "ma_so: a second issuer with the same abbreviation");
	INT_EQ(vb_reg_counters(reg, &A, &cv, &n), 0, "counters");
	INT_EQ(n, 4, "a counter of its own");
	vb_reg_close(reg);
}

static void
test_resets(void)
{
	struct vb_reg_rules  nam = rules("UBND", VB_REG_RESET_NAM,
	    VB_REG_THEO_LOAI);
	struct vb_reg_rules  khong = rules("X", VB_REG_RESET_KHONG,
	    VB_REG_THEO_LOAI);
	struct vb_reg_rules  nk = rules("CĐN", VB_REG_RESET_NHIEM_KY,
	    VB_REG_CHUNG);
	struct vb_reg_entry  e;
	struct vb_reg       *reg;

	if ((reg = reg_open("resets.db", 1, 0)) == NULL) {
		OK(0, "create");
		return;
	}
	/* ND30: from 01 on 1 January, a counter per type. */
	STR_EQ(take(reg, &nam, "KH", "2023-12-30", NULL, NULL), "01/KH-UBND",
	    "first of 2023");
	STR_EQ(take(reg, &nam, "KH", "2023-12-31", NULL, NULL), "02/KH-UBND",
	    "second of 2023");
	STR_EQ(take(reg, &nam, "BC", "2023-12-31", NULL, NULL), "01/BC-UBND",
	    "BC has its own counter");
	STR_EQ(take(reg, &nam, "KH", "2024-01-01", NULL, NULL), "01/KH-UBND",
	    "01 again on 1 January");
	STR_EQ(take(reg, &nam, "KH", "2023-12-31", NULL, NULL), "03/KH-UBND",
	    "a late 2023 document continues 2023");
	STR_EQ(take(reg, &nam, "KH", "2024-02-01", NULL, &e), "02/KH-UBND",
	    "2024 continues");
	STR_EQ(e.period, "2024", "period is the year");
	nam.ky_hieu_cong_van = "{viet_tat}-{don_vi}";
	OK(take(reg, &nam, "CV", "2024-02-01", NULL, NULL) == NULL,
	    "công văn without its unit");
	OK(said(VB_ERR_REG_DON_VI), "needs a drafting unit");
	diag_reset();
	INT_EQ(vb_reg_find(reg, "01/KH-UBND", 0, &A, &e), -1,
	    "01/KH-UBND is in two years");
	OK(said(VB_ERR_REG_AMBIGUOUS), "ambiguous without the year");
	INT_EQ(vb_reg_find(reg, "01/KH-UBND", 2024, &A, &e), 0, "with --nam");
	OK(e.ngay.y == 2024 && e.ngay.m == 1 && e.ngay.d == 1, "the 2024 one");
	INT_EQ(vb_reg_find(reg, "09/KH-UBND", 0, &A, &e), -1, "no such");
	OK(said(VB_ERR_REG_NOTFOUND), "reported as not found");

	/* Never: numbers go on across the new year. */
	STR_EQ(take(reg, &khong, "KH", "2023-12-31", NULL, NULL), "01/KH-X",
	    "khong: first");
	STR_EQ(take(reg, &khong, "KH", "2024-01-01", NULL, NULL), "02/KH-X",
	    "khong: continues over the year");

	/* Per term, one shared counter. */
	nk.nhiem_ky_bat_dau = day("2023-10-01");
	OK(take(reg, &nk, "KH", "2023-09-30", NULL, NULL) == NULL,
	    "before the term");
	OK(said(VB_ERR_REG_TERM), "date before the term reported");
	STR_EQ(take(reg, &nk, "KH", "2023-10-01", NULL, NULL), "01/KH-CĐN",
	    "term: first");
	STR_EQ(take(reg, &nk, "BC", "2023-12-31", NULL, NULL), "02/BC-CĐN",
	    "shared counter: BC takes 02");
	STR_EQ(take(reg, &nk, "cong_van", "2024-01-02", NULL, &e), "03/CĐN",
	    "no reset on 1 January; a công văn takes 03");
	STR_EQ(e.series, "*", "series of a shared counter");
	STR_EQ(e.period, "nk:2023-10-01", "period of a term");
	nk.nhiem_ky_bat_dau = day("2028-10-01");
	STR_EQ(take(reg, &nk, "KH", "2028-10-01", NULL, NULL), "01/KH-CĐN",
	    "a new term starts at 01");
	INT_EQ(set_next(reg, &nk, "KH", "2028-10-02", 10), -1,
	    "shared counter: no type");
	INT_EQ(set_next(reg, &nk, NULL, "2028-10-02", 10), 0, "shared next");
	STR_EQ(take(reg, &nk, "GM", "2028-10-03", NULL, NULL), "10/GM-CĐN",
	    "then 10");

	/* Changing the scope in mid-year must not repeat a symbol. */
	nk.pham_vi = VB_REG_THEO_LOAI;
	OK(take(reg, &nk, "KH", "2028-10-04", NULL, NULL) == NULL,
	    "01/KH-CĐN again");
	OK(said(VB_ERR_REG_DUP), "duplicate symbol refused");
	STR_EQ(take(reg, &nk, "BC", "2028-10-04", NULL, NULL), "01/BC-CĐN",
	    "a symbol not taken yet is fine");
	vb_reg_close(reg);
}

/* ---- keys, reserve, issue, cancel, outputs ------------------------------- */

static void
test_keys(void)
{
	struct vb_reg_rules    r = rules("LĐLĐ", VB_REG_RESET_KHONG,
	    VB_REG_THEO_LOAI);
	struct vb_reg_request  req;
	struct vb_reg_entry    e1, e2;
	struct vb_reg         *reg;

	if ((reg = reg_open("keys.db", 1, 0)) == NULL) {
		OK(0, "create");
		return;
	}
	STR_EQ(take(reg, &r, "KH", NULL, "kh.md#1", &e1), "01/KH-LĐLĐ", "key");
	INT_EQ(e1.existing, 0, "a new number");
	STR_EQ(take(reg, &r, "KH", NULL, "kh.md#1", &e2), "01/KH-LĐLĐ",
	    "same key, same number");
	INT_EQ(e2.existing, 1, "marked existing");
	INT_EQ(e2.id, e1.id, "the same entry");
	STR_EQ(take(reg, &r, "KH", NULL, "kh.md#2", NULL), "02/KH-LĐLĐ",
	    "another key");
	OK(take(reg, &r, "BC", NULL, "kh.md#1", NULL) == NULL,
	    "the key with another type");
	OK(said(VB_ERR_REG_KEY), "key of another type reported");

	memset(&req, 0, sizeof(req));
	req.rules = &r;
	req.loai = "KH";
	req.key = "kh.md#1";
	req.new_number = 1;
	diag_reset();
	INT_EQ(vb_reg_take(reg, &req, &A, &e2), 0, "--new-number");
	STR_EQ(e2.ky_hieu, "03/KH-LĐLĐ", "a fresh number");
	STR_EQ(take(reg, &r, "KH", NULL, "kh.md#1", NULL), "03/KH-LĐLĐ",
	    "the key now gives the newest");
	diag_reset();
	INT_EQ(vb_reg_find(reg, "01/KH-LĐLĐ", 0, &A, &e1), 0, "old stays");
	INT_EQ(e1.state, VB_REG_ISSUED, "old still issued");

	/* Reserve for a draft, then issue through the same key. */
	req.new_number = 0;
	req.key = "draft.md";
	req.reserve = 1;
	req.trich_yeu = "Dự thảo";
	diag_reset();
	INT_EQ(vb_reg_take(reg, &req, &A, &e1), 0, "reserve");
	INT_EQ(e1.state, VB_REG_RESERVED, "reserved");
	OK(e1.issued_at == NULL, "not issued yet");
	req.reserve = 0;
	req.trich_yeu = "Kế hoạch chính thức";
	req.ngay = day("2023-09-06");
	INT_EQ(vb_reg_take(reg, &req, &A, &e2), 0, "issue by key");
	INT_EQ(e2.id, e1.id, "the reserved number");
	INT_EQ(e2.existing, 1, "existing");
	INT_EQ(e2.state, VB_REG_ISSUED, "now issued");
	diag_reset();
	INT_EQ(vb_reg_find(reg, e1.ky_hieu, 0, &A, &e2), 0, "find it");
	STR_EQ(e2.trich_yeu, "Kế hoạch chính thức", "details updated");
	OK(e2.ngay.y == 2023 && e2.ngay.d == 6, "date of issue set");
	vb_reg_close(reg);
}

static void
test_states(void)
{
	struct vb_reg_rules    r = rules("UBND", VB_REG_RESET_NAM,
	    VB_REG_THEO_LOAI);
	struct vb_reg_request  req, det;
	struct vb_reg_entry    e, e2;
	struct vb_reg_filter   f;
	struct vb_reg_entry   *v;
	struct vb_reg         *reg;
	size_t                 n;

	if ((reg = reg_open("states.db", 1, 0)) == NULL) {
		OK(0, "create");
		return;
	}
	memset(&req, 0, sizeof(req));
	req.rules = &r;
	req.loai = "QĐ";
	req.ngay = day("2023-12-20");
	req.reserve = 1;
	diag_reset();
	INT_EQ(vb_reg_take(reg, &req, &A, &e), 0, "reserve 01/QĐ-UBND");
	STR_EQ(e.ky_hieu, "01/QĐ-UBND", "reserved symbol");
	memset(&det, 0, sizeof(det));
	det.ngay = day("2024-01-03");
	det.nguoi_ky = "Nguyễn Văn A";
	diag_reset();
	INT_EQ(vb_reg_issue(reg, e.id, &det), -1, "issue in the next year");
	OK(said(VB_ERR_REG_PERIOD), "outside its year");
	det.ngay = day("2023-12-28");
	diag_reset();
	INT_EQ(vb_reg_issue(reg, e.id, &det), 0, "issue within the year");
	diag_reset();
	INT_EQ(vb_reg_issue(reg, e.id, &det), -1, "issue twice");
	OK(said(VB_ERR_REG_STATE), "not reserved any more");

	diag_reset();
	INT_EQ(vb_reg_cancel(reg, e.id, ""), -1, "cancel needs a reason");
	INT_EQ(vb_reg_cancel(reg, e.id, "Sai thể thức"), 0, "cancel");
	diag_reset();
	INT_EQ(vb_reg_cancel(reg, e.id, "again"), -1, "cancel twice");
	OK(said(VB_ERR_REG_STATE), "already cancelled");
	diag_reset();
	INT_EQ(vb_reg_cancel(reg, 9999, "x"), -1, "cancel a missing entry");
	OK(said(VB_ERR_REG_NOTFOUND), "not found");
	STR_EQ(take(reg, &r, "QĐ", "2023-12-29", NULL, NULL), "02/QĐ-UBND",
	    "a cancelled number is never given again");
	diag_reset();
	INT_EQ(vb_reg_find(reg, "01/QĐ-UBND", 0, &A, &e2), 0, "it stays");
	INT_EQ(e2.state, VB_REG_CANCELLED, "marked cancelled");
	STR_EQ(e2.cancel_reason, "Sai thể thức", "with its reason");
	STR_EQ(e2.nguoi_ky, "Nguyễn Văn A", "and its details");
	OK(e2.cancelled_at != NULL && e2.issued_at != NULL, "times kept");

	/* A key whose number was cancelled gets a new one. */
	STR_EQ(take(reg, &r, "QĐ", "2023-12-29", "qd.md", &e), "03/QĐ-UBND",
	    "keyed");
	diag_reset();
	INT_EQ(vb_reg_cancel(reg, e.id, "Trùng"), 0, "cancel keyed");
	STR_EQ(take(reg, &r, "QĐ", "2023-12-29", "qd.md", &e), "04/QĐ-UBND",
	    "the key takes a fresh number");

	memset(&f, 0, sizeof(f));
	f.state = VB_REG_CANCELLED;
	diag_reset();
	INT_EQ(vb_reg_list(reg, &f, &A, &v, &n), 0, "list cancelled");
	INT_EQ(n, 2, "two cancelled");
	f.state = 0;
	f.nam = 2023;
	f.loai = "QĐ";
	INT_EQ(vb_reg_list(reg, &f, &A, &v, &n), 0, "list 2023 QĐ");
	INT_EQ(n, 4, "four QĐ in 2023");
	f.nam = 2024;
	INT_EQ(vb_reg_list(reg, &f, &A, &v, &n), 0, "list 2024");
	INT_EQ(n, 0, "none in 2024");
	vb_reg_close(reg);
}

static void
test_outputs(void)
{
	struct vb_reg_rules  r = rules("LĐLĐ", VB_REG_RESET_KHONG,
	    VB_REG_THEO_LOAI);
	struct vb_reg_file   fl[2];
	struct vb_reg_entry  e, *v;
	struct vb_reg_filter f;
	struct vb_reg       *reg;
	const char          *evil = "'); DELETE FROM entry; --";
	char                 hex[65];
	size_t               n;

	if ((reg = reg_open("out.db", 1, 0)) == NULL) {
		OK(0, "create");
		return;
	}
	write_file(path("kh.pdf"), "%PDF-1.7 fake\n");
	write_file(path("kh.docx"), "PK fake");
	diag_reset();
	INT_EQ(vb_reg_file_hash(path("kh.pdf"), &D, &fl[0]), 0, "hash a file");
	vb_sha256_hex("%PDF-1.7 fake\n", 14, hex);
	STR_EQ(fl[0].sha256, hex, "file hash = memory hash");
	INT_EQ(fl[0].bytes, 14, "file size");
	INT_EQ(vb_reg_file_hash(path("kh.docx"), &D, &fl[1]), 0, "hash docx");
	INT_EQ(vb_reg_file_hash(path("none.pdf"), &D, &fl[1]), -1, "missing");
	OK(said(VB_ERR_READ), "cannot read");
	vb_reg_file_hash(path("kh.docx"), &D, &fl[1]);

	OK(take(reg, &r, "KH", NULL, "bad \xC3(", NULL) == NULL,
	    "invalid UTF-8 in a key");
	OK(said(VB_ERR_UTF8), "reported as UTF-8");
	STR_EQ(take(reg, &r, "KH", NULL, evil, &e), "01/KH-LĐLĐ", "take");
	INT_EQ(e.nfiles, 0, "no files yet");
	diag_reset();
	INT_EQ(vb_reg_record_outputs(reg, e.id, fl, 2, 7), 0, "record files");
	INT_EQ(vb_reg_find(reg, "01/KH-LĐLĐ", 0, &A, &e), 0, "find");
	INT_EQ(e.nfiles, 2, "two files");
	INT_EQ(e.so_trang, 7, "page count");
	STR_EQ(e.key, evil, "a key with SQL in it is just text");
	if (e.nfiles == 2) {
		OK(strstr(e.files[0].path, "kh.docx") != NULL, "sorted by path");
		STR_EQ(e.files[1].sha256, hex, "pdf hash kept");
	}
	write_file(path("kh.pdf"), "%PDF-1.7 changed\n");
	vb_reg_file_hash(path("kh.pdf"), &D, &fl[0]);
	INT_EQ(vb_reg_record_outputs(reg, e.id, fl, 1, 0), 0, "record again");
	INT_EQ(vb_reg_find(reg, "01/KH-LĐLĐ", 0, &A, &e), 0, "find");
	INT_EQ(e.nfiles, 2, "still two files");
	INT_EQ(e.so_trang, 7, "pages kept");
	if (e.nfiles == 2)
		STR_EQ(e.files[1].sha256, fl[0].sha256, "hash replaced");
	STR_EQ(take(reg, &r, "KH", NULL, NULL, &e), "02/KH-LĐLĐ", "second");
	memset(&f, 0, sizeof(f));
	INT_EQ(vb_reg_list(reg, &f, &A, &v, &n), 0, "list");
	OK(n == 2 && v[0].nfiles == 2 && v[1].nfiles == 0, "files per entry");
	diag_reset();
	INT_EQ(vb_reg_cancel(reg, e.id, "x"), 0, "cancel 02");
	INT_EQ(vb_reg_record_outputs(reg, e.id, fl, 1, 0), -1,
	    "no files for a cancelled number");
	OK(said(VB_ERR_REG_STATE), "state error");
	INT_EQ(vb_reg_record_outputs(reg, 4242, fl, 1, 0), -1, "no entry");
	vb_reg_close(reg);
}

/* ---- the file itself ----------------------------------------------------- */

static long long
sql_int(const char *db, const char *sql)
{
	sqlite3      *h;
	sqlite3_stmt *st;
	long long     v = -1;

	if (sqlite3_open(db, &h) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

static int
sql_exec(const char *db, const char *sql)
{
	sqlite3 *h;
	int      rc;

	if (sqlite3_open(db, &h) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

static void
test_schema(void)
{
	const char *db = path("out.db");
	sqlite3    *h;
	char       *mode = NULL;

	INT_EQ(sql_int(db, "PRAGMA user_version"), VB_REG_SCHEMA, "version");
	INT_EQ(sql_int(db, "PRAGMA application_id"), 0x56425247, "app id");
	INT_EQ(sql_int(db, "SELECT count(*) FROM entry"), 2, "two entries");
	OK(sql_exec(db, "DELETE FROM entry") != SQLITE_OK,
	    "entries cannot be deleted");
	OK(sql_exec(db, "UPDATE entry SET so = 9") != SQLITE_OK,
	    "entries cannot be renumbered");
	INT_EQ(sql_exec(db, "UPDATE entry SET so_trang = 3 WHERE id = 1"),
	    SQLITE_OK, "details may change");
	if (sqlite3_open(db, &h) == SQLITE_OK) {
		sqlite3_stmt *st;

		if (sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st,
		    NULL) == SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				mode = vb_arena_strdup(&A, (const char *)
				    sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
		sqlite3_close(h);
	}
	STR_EQ(mode, "wal", "WAL mode");
}

static void
test_bad_files(void)
{
	struct vb_reg_rules  r = rules("X", VB_REG_RESET_NAM, VB_REG_THEO_LOAI);
	struct vb_reg_opts   o = { 0, 0, 0 };
	struct vb_reg       *reg;

	OK(reg_open("missing.db", 0, 0) == NULL, "missing register");
	OK(said(VB_ERR_REG_MISSING), "missing reported");
	OK(access(path("missing.db"), F_OK) != 0, "and not created");

	write_file(path("text.db"), "Số: 471/KH-LĐLĐ\nthis is not SQLite at all,"
	    " just some text that is long enough to hold a header\n");
	OK(reg_open("text.db", 0, 0) == NULL, "a text file");
	OK(said(VB_ERR_REG_NOTDB), "not a database");
	OK(reg_open("text.db", 1, 0) == NULL, "not even with create");

	INT_EQ(sql_exec(path("other.db"), "CREATE TABLE t (x); INSERT INTO t"
	    " VALUES (1)"), SQLITE_OK, "another program's database");
	OK(reg_open("other.db", 1, 0) == NULL, "refused");
	OK(said(VB_ERR_REG_NOTDB), "not ours");
	INT_EQ(sql_int(path("other.db"), "SELECT count(*) FROM sqlite_schema"),
	    1, "left untouched");
	OK(access(path("other.db-wal"), F_OK) != 0, "not switched to WAL");

	INT_EQ(sql_exec(path("newer.db"), "PRAGMA application_id = 1447187015;"
	    " PRAGMA user_version = 99; CREATE TABLE future (x)"), SQLITE_OK,
	    "a register from the future");
	OK(reg_open("newer.db", 0, 0) == NULL, "newer schema");
	OK(said(VB_ERR_REG_NEWER), "newer reported");
	o.readonly = 1;
	diag_reset();
	OK(vb_reg_open(path("newer.db"), &o, &D, &reg) != 0, "not even to read");

	write_file(path("empty.db"), "");
	OK(reg_open("empty.db", 0, 0) == NULL, "an empty file");
	OK(said(VB_ERR_REG_MISSING), "needs init");
	reg = reg_open("empty.db", 1, 0);
	OK(reg != NULL, "init makes an empty file a register");
	if (reg != NULL) {
		STR_EQ(take(reg, &r, "TB", "2023-01-01", NULL, NULL), "01/TB-X",
		    "and it works");
		vb_reg_close(reg);
	}
	OK(reg_open(".", 1, 0) == NULL, "a directory");
	diag_reset();
	OK(vb_reg_open("postgresql://host/db", NULL, &D, &reg) != 0,
	    "no PostgreSQL in this build");
	OK(said(VB_ERR_REG_BACKEND), "backend reported");
}

/* Read-only: as root, drop to nobody in a child (root may write anyway). */
static void
test_readonly(void)
{
	struct vb_reg_rules  r = rules("X", VB_REG_RESET_NAM, VB_REG_THEO_LOAI);
	struct vb_reg       *reg;
	struct vb_reg_opts   o = { 0, 0, 1 };
	pid_t                pid;
	int                  st = -1, ok;

	if ((reg = reg_open("ro.db", 1, 0)) != NULL) {
		take(reg, &r, "KH", NULL, NULL, NULL);
		vb_reg_close(reg);
	}
	chmod(path("ro.db"), 0444);
	chmod(dir, 0755);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(3);
		ok = reg_open("ro.db", 0, 0) == NULL && said(VB_ERR_REG_READONLY);
		diag_reset();
		ok = ok && vb_reg_open(path("ro.db"), &o, &D, &reg) == 0;
		if (ok)
			vb_reg_close(reg);
		else if (text != NULL)
			fprintf(stderr, "t_reg: read-only child: %s", text);
		_exit(ok ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	OK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "read-only file: refused for"
	    " writing, opened for reading (child status %d)", st);
	chmod(dir, 0700);
}

static void
test_locked(void)
{
	struct vb_reg_rules  r = rules("X", VB_REG_RESET_NAM, VB_REG_THEO_LOAI);
	struct vb_reg_filter f;
	struct vb_reg_entry *v;
	struct timespec      t0;
	struct vb_reg       *reg;
	sqlite3             *h;
	size_t               n;
	long                 ms;

	if ((reg = reg_open("lock.db", 1, 150)) == NULL) {
		OK(0, "create");
		return;
	}
	STR_EQ(take(reg, &r, "KH", "2023-05-05", NULL, NULL), "01/KH-X", "one");
	sqlite3_open(path("lock.db"), &h);
	INT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK,
	    "another connection holds the write lock");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	OK(take(reg, &r, "KH", "2023-05-05", NULL, NULL) == NULL, "locked");
	ms = ms_since(&t0);
	OK(said(VB_ERR_REG_LOCKED), "locked reported");
	OK(ms >= 100 && ms < 3000, "waited the timeout (%ld ms)", ms);
	memset(&f, 0, sizeof(f));
	diag_reset();
	INT_EQ(vb_reg_list(reg, &f, &A, &v, &n), 0, "readers go on (WAL)");
	INT_EQ(n, 1, "one entry");
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	STR_EQ(take(reg, &r, "KH", "2023-05-05", NULL, NULL), "02/KH-X",
	    "free again: the next number, no gap");
	vb_reg_close(reg);
}

/* 1 once another connection holds the write lock of db. */
static int
write_locked(const char *db)
{
	sqlite3 *h;
	int      rc;

	if (sqlite3_open(db, &h) != SQLITE_OK)
		return 0;
	rc = sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	return rc == SQLITE_BUSY;
}

static long long
entries(const char *db)
{
	return sql_int(db, "SELECT count(*) FROM entry");
}

/*
 * A child takes a number and is killed with SIGKILL: once inside the
 * transaction (the number must not be taken), once after the commit and
 * before its files are recorded (the number stays, with no file). The
 * windows are held open by the test hooks, and the parent waits until
 * the child is in them, so the test is deterministic.
 */
static void
test_crash(void)
{
	static const char *const hooks[] = {
		"VANBAN_TEST_SLEEP_IN_TXN", "VANBAN_TEST_SLEEP_AFTER_TAKE"
	};
	struct vb_reg_rules  r = rules("X", VB_REG_RESET_KHONG,
	    VB_REG_THEO_LOAI);
	struct vb_reg_file   fl;
	struct vb_reg_entry  e;
	struct vb_reg       *reg;
	const char          *db = path("crash.db");
	pid_t                pid;
	int                  h, i, st;

	if ((reg = reg_open("crash.db", 1, 0)) == NULL) {
		OK(0, "create");
		return;
	}
	vb_reg_close(reg);
	write_file(path("crash.pdf"), "pdf");
	for (h = 0; h < 2; h++) {
		fflush(NULL);
		if ((pid = fork()) == 0) {
			setenv(hooks[h], "20000", 1);
			if ((reg = reg_open("crash.db", 0, 0)) == NULL ||
			    take(reg, &r, "KH", NULL, NULL, &e) == NULL)
				_exit(1);
			vb_reg_file_hash(path("crash.pdf"), &D, &fl);
			vb_reg_record_outputs(reg, e.id, &fl, 1, 1);
			_exit(0);
		}
		/* Wait (up to 10 s) until the child is in its window. */
		for (i = 0; i < 2000; i++) {
			if (h == 0 ? write_locked(db) : entries(db) == h + 1)
				break;
			sleep_ms(5);
		}
		OK(i < 2000, "child reached %s", hooks[h]);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		OK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "child killed");
		reg = reg_open("crash.db", 0, 0);
		OK(reg != NULL, "the register opens after the crash");
		if (reg == NULL)
			return;
		if (h == 0) {
			INT_EQ(entries(db), 0, "killed in the transaction:"
			    " nothing taken");
			STR_EQ(take(reg, &r, "KH", NULL, NULL, &e),
			    "01/KH-X", "the next run takes 01");
		} else {
			diag_reset();
			INT_EQ(vb_reg_find(reg, "02/KH-X", 0, &A, &e), 0,
			    "killed after the take: 02 is recorded");
			INT_EQ(e.nfiles, 0, "with no file");
			INT_EQ(e.state, VB_REG_ISSUED, "issued");
			STR_EQ(take(reg, &r, "KH", NULL, NULL, NULL),
			    "03/KH-X", "the next run takes 03");
		}
		vb_reg_close(reg);
	}
}

int
main(void)
{
	char cmd[64];
	int  rc;

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	vb_arena_init(&A);
	diag_reset();
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_sha256();
	test_types();
	test_profile();
	test_seeds();
	test_resets();
	test_keys();
	test_states();
	test_outputs();
	test_schema();
	test_bad_files();
	test_readonly();
	test_locked();
	test_crash();
	rc = unit_done("t_reg");
	if (rc != 0)
		fprintf(stderr, "t_reg: last diagnostics:\n%s", text ? text : "");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		rc = 1;
	fclose(mem);
	free(text);
	vb_arena_free(&A);
	return rc;
}
