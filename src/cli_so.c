/*
 * cli_so.c — `vanban so`: the register of issued numbers (sổ đăng ký văn
 * bản đi) from the shell. Every subcommand prints one line per result;
 * on a terminal the lines are aligned and labelled, into a pipe they are
 * bare (tab-separated for tables) so that scripts can read them.
 *
 * Exit status: 0 done, 1 the register or an input file is bad, 2 the
 * command line is wrong (checked before the register is opened).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "data.h"
#include "diag.h"
#include "reg.h"
#include "render.h"
#include "tpl.h"

/* Most --file, --bat-dau or positional arguments one command takes. */
#define MAX_LIST 64

/* ---- options ------------------------------------------------------------- */

enum {
	O_DB = 0, O_TIMEOUT, O_HELP,
	O_PROFILE, O_VIET_TAT, O_KIEU, O_RESET, O_PHAM_VI, O_NHIEM_KY,
	O_KY_HIEU_CV,
	O_LOAI, O_DON_VI, O_KEY, O_NEW_NUMBER,
	O_NGAY, O_TRICH_YEU, O_NGUOI_KY, O_NOI_NHAN, O_SO_TRANG, O_FILE,
	O_COUNT, O_BAT_DAU, O_LY_DO, O_NAM, O_TRANG_THAI, O_CSV, O_BOM,
	O_OUTPUT, O_MAU,
	O__MAX
};

#define B(o)     (1UL << (o))
#define COMMON   (B(O_DB) | B(O_TIMEOUT) | B(O_HELP))
#define RULES    (B(O_PROFILE) | B(O_VIET_TAT) | B(O_KIEU) | B(O_RESET) | \
                  B(O_PHAM_VI) | B(O_NHIEM_KY) | B(O_KY_HIEU_CV))
#define DETAILS  (B(O_NGAY) | B(O_TRICH_YEU) | B(O_NGUOI_KY) | \
                  B(O_NOI_NHAN) | B(O_SO_TRANG))
#define TAKE     (B(O_LOAI) | B(O_DON_VI) | B(O_KEY) | B(O_NEW_NUMBER))

static const struct opt {
	const char *name;
	int         id;
	int         arg;      /* takes a value */
} opts[] = {
	{ "db",                O_DB,         1 },
	{ "timeout",           O_TIMEOUT,    1 },
	{ "help",              O_HELP,       0 },
	{ "profile",           O_PROFILE,    1 },
	{ "viet-tat",          O_VIET_TAT,   1 },
	{ "kieu",              O_KIEU,       1 },
	{ "reset",             O_RESET,      1 },
	{ "pham-vi",           O_PHAM_VI,    1 },
	{ "nhiem-ky-bat-dau",  O_NHIEM_KY,   1 },
	{ "ky-hieu-cong-van",  O_KY_HIEU_CV, 1 },
	{ "loai",              O_LOAI,       1 },
	{ "don-vi",            O_DON_VI,     1 },
	{ "key",               O_KEY,        1 },
	{ "ma",                O_KEY,        1 },
	{ "new-number",        O_NEW_NUMBER, 0 },
	{ "ngay",              O_NGAY,       1 },
	{ "trich-yeu",         O_TRICH_YEU,  1 },
	{ "nguoi-ky",          O_NGUOI_KY,   1 },
	{ "noi-nhan",          O_NOI_NHAN,   1 },
	{ "so-trang",          O_SO_TRANG,   1 },
	{ "file",              O_FILE,       1 },
	{ "count",             O_COUNT,      1 },   /* hidden: tests */
	{ "bat-dau",           O_BAT_DAU,    1 },
	{ "ly-do",             O_LY_DO,      1 },
	{ "nam",               O_NAM,        1 },
	{ "trang-thai",        O_TRANG_THAI, 1 },
	{ "csv",               O_CSV,        1 },
	{ "bom",               O_BOM,        0 },
	{ "output",            O_OUTPUT,     1 },   /* also -o */
	{ "mau",               O_MAU,        1 },
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

struct args {
	const char  *val[O__MAX];       /* last value of each option */
	int          set[O__MAX];
	const char  *files[MAX_LIST];
	size_t       nfiles;
	const char  *bat_dau[MAX_LIST];
	size_t       nbat_dau;
	const char  *outs[MAX_LIST];    /* -o, --output */
	size_t       nouts;
	const char  *pos[MAX_LIST];     /* positional arguments */
	size_t       npos;
	/* Resolved from the above. */
	const char  *db;
	int          tty;
	struct vb_reg_opts   ro;
	struct vb_reg_rules  rules;
	int          have_rules;
	struct vb_diag      *d;
	struct vb_srcset    *ss;
	struct vb_arena     *a;
	const struct sub    *sub;
};

struct sub {
	const char    *name;
	int          (*fn)(struct args *);
	unsigned long  allowed;
	int            minpos, maxpos;
	const char    *usage;
	const char    *help;
};

static int so_init(struct args *);
static int so_set_next(struct args *);
static int so_next(struct args *);
static int so_reserve(struct args *);
static int so_issue(struct args *);
static int so_cancel(struct args *);
static int so_attach(struct args *);
static int so_list(struct args *);
static int so_show(struct args *);
static int so_export(struct args *);
static int so_counters(struct args *);
static int so_in(struct args *);

static const char rules_help[] =
    "Numbering rules (quy tắc đánh số), from the organisation profile or\n"
    "given as options (the options win):\n"
    "  --profile FILE          organisation profile (YAML): viet_tat, kieu,\n"
    "                          ky_hieu_cong_van, danh_so { reset, pham_vi,\n"
    "                          nhiem_ky_bat_dau }\n"
    "  --viet-tat ABBR         the issuer's abbreviation (viết tắt): LĐLĐ\n"
    "  --kieu KIND             nha_nuoc (ND30: yearly reset, công văn\n"
    "                          n/ISSUER-UNIT) or cong_doan (trade union:\n"
    "                          no reset, công văn n/ISSUER)\n"
    "  --reset RULE            nam: from 01 each 1 January; nhiem_ky: from\n"
    "                          01 at the term's start; khong: never\n"
    "  --pham-vi SCOPE         theo_loai: a counter per type; chung: one\n"
    "                          counter shared by every type\n"
    "  --nhiem-ky-bat-dau DATE first day of the term (nhiệm kỳ), YYYY-MM-DD\n"
    "The profile's danh_so.ma_so names the issuer in the register when\n"
    "two bodies with the same viet_tat share one register.\n"
    "  --ky-hieu-cong-van PAT  \"{viet_tat}\" or \"{viet_tat}-{don_vi}\"\n";

static const char common_help[] =
    "  --db FILE               the register (default $VANBAN_DB, else\n"
    "                          vanban.db in the current directory)\n"
    "  --timeout MS            wait this long for another writer (5000)\n";

static const struct sub subs[] = {
	{ "init", so_init, COMMON | RULES | B(O_BAT_DAU) | B(O_NGAY), 0, 0,
	  "so init [--db FILE] [RULES] [--bat-dau TYPE=N]...",
	  "Creates the register (sổ đăng ký) if it is missing. --bat-dau sets\n"
	  "where a counter starts, for an office that continues an older\n"
	  "book: --bat-dau KH=471 makes the next kế hoạch number 471 (470\n"
	  "were issued before); --bat-dau 120 for a shared counter. The\n"
	  "counter is that of --ngay's period (default today).\n"
	  "Prints one line per counter set: TYPE, PERIOD, NEXT.\n" },
	{ "set-next", so_set_next, COMMON | RULES | B(O_NGAY), 1, MAX_LIST,
	  "so set-next [--db FILE] [RULES] TYPE=N... | N",
	  "Sets the next number of a counter (as init --bat-dau does). It\n"
	  "must be above every number already taken in that counter.\n" },
	{ "next", so_next, COMMON | RULES | TAKE | DETAILS | B(O_FILE) |
	  B(O_COUNT), 0, 0,
	  "so next [--db FILE] [RULES] --loai TYPE [options]",
	  "Takes the next number, records it as issued (đã ban hành) and\n"
	  "prints its full symbol: 472/KH-LĐLĐ.\n"
	  "  --loai TYPE             KH, BC, QĐ, GM, TB, HD, CTr, TTr, … or a\n"
	  "                          template loai (ke_hoach); CV or cong_van\n"
	  "                          for a công văn\n"
	  "  --don-vi UNIT           drafting unit of a công văn: 05/UBND-VP\n"
	  "  --ngay YYYY-MM-DD       date of issue (ngày ban hành), default\n"
	  "                          today\n"
	  "  --key KEY, --ma KEY     the document's key: the same key gets\n"
	  "                          the same number back\n"
	  "  --new-number            a fresh number even if KEY has one\n"
	  "  --trich-yeu TEXT        summary (trích yếu)\n"
	  "  --nguoi-ky NAME         signer (người ký)\n"
	  "  --noi-nhan TEXT         recipients (nơi nhận)\n"
	  "  --so-trang N            number of pages (số trang)\n"
	  "  --file FILE             an output file: its SHA-256 is recorded\n"
	  "                          (repeatable)\n" },
	{ "reserve", so_reserve, COMMON | RULES | TAKE | DETAILS, 0, 0,
	  "so reserve [--db FILE] [RULES] --loai TYPE [options]",
	  "Reserves the next number for a draft (giữ số): it shows in the\n"
	  "list as reserved until 'so issue' or 'so cancel'. Options as for\n"
	  "next.\n" },
	{ "issue", so_issue, COMMON | DETAILS | B(O_FILE) | B(O_NAM), 1, 1,
	  "so issue SYMBOL [--ngay YYYY-MM-DD] [details] [--file FILE]...",
	  "Issues a reserved number (ban hành) with its date and details. The\n"
	  "date must stay in the number's period (its year, with a yearly\n"
	  "reset). --nam YYYY picks the entry when a symbol repeats by\n"
	  "year.\n" },
	{ "cancel", so_cancel, COMMON | B(O_LY_DO) | B(O_NAM), 1, 1,
	  "so cancel SYMBOL --ly-do REASON",
	  "Cancels a number (hủy số). It stays in the register, marked\n"
	  "cancelled with the reason (lý do), and is never given again.\n" },
	{ "attach", so_attach, COMMON | B(O_SO_TRANG) | B(O_NAM), 2, MAX_LIST,
	  "so attach SYMBOL FILE... [--so-trang N]",
	  "Records the files that carry a number, with their SHA-256 and size\n"
	  "(a file recorded before under the same name is replaced).\n" },
	{ "list", so_list, COMMON | B(O_NAM) | B(O_LOAI) | B(O_TRANG_THAI), 0,
	  0, "so list [--db FILE] [--nam YYYY] [--loai TYPE] [--trang-thai S]",
	  "Lists the register in the order numbers were taken. Columns:\n"
	  "number (số), symbol (ký hiệu), date (ngày), type (loại), state\n"
	  "(trạng thái: reserved = giữ số, issued = đã ban hành, cancelled =\n"
	  "đã hủy), files recorded (tệp), summary (trích yếu);\n"
	  "tab-separated when stdout is not a terminal.\n" },
	{ "show", so_show, COMMON | B(O_NAM), 1, 1,
	  "so show SYMBOL [--nam YYYY]",
	  "Shows every detail of a number, one FIELD<TAB>VALUE line each, and\n"
	  "one 'tep' line per file: path, SHA-256, bytes.\n" },
	{ "export", so_export, COMMON | B(O_CSV) | B(O_BOM) | B(O_NAM) |
	  B(O_LOAI) | B(O_TRANG_THAI), 0, 0,
	  "so export --csv FILE [--bom] [--nam YYYY] [--loai TYPE]",
	  "Writes the register as CSV (RFC 4180, UTF-8; FILE - for stdout).\n"
	  "--bom starts the file with a byte-order mark, which Excel needs\n"
	  "to read UTF-8. Several files of one number share a cell, one a\n"
	  "line.\n" },
	{ "in", so_in, COMMON | B(O_NAM) | B(O_LOAI) | B(O_TRANG_THAI) |
	  B(O_PROFILE) | B(O_NGUOI_KY) | B(O_NGAY) | B(O_OUTPUT) | B(O_MAU),
	  0, 0,
	  "so in --profile FILE [--nam YYYY] [--loai TYPE] -o SO.pdf "
	  "[-o SO.docx]",
	  "Prints the register as a document (in sổ đăng ký văn bản đi): a\n"
	  "cover page in the ND30 layout with the counts, then the book as a\n"
	  "landscape table with the columns of the ND30 form: TT; số, ký\n"
	  "hiệu; ngày tháng; tên loại và trích yếu; người ký; nơi nhận; đơn\n"
	  "vị, người nhận bản lưu; số lượng bản; ghi chú (Đã hủy, Giữ số).\n"
	  "  --profile FILE          the organisation profile: the heading\n"
	  "  -o, --output FILE       write FILE: .pdf or .docx (repeatable)\n"
	  "  --nam YYYY, --loai TYPE, --trang-thai S   as for list\n"
	  "  --ngay YYYY-MM-DD       the day printed on the cover (today)\n"
	  "  --nguoi-ky NAME         the signer's name (default a dotted\n"
	  "                          line, to write by hand)\n"
	  "  --mau FILE              another template instead of\n"
	  "                          so-dang-ky.md (templates/, $VANBAN_TEMPLATES)\n" },
	{ "counters", so_counters, COMMON, 0, 0,
	  "so counters [--db FILE]",
	  "Lists the counters: issuer, type (* when shared), period, and the\n"
	  "number each will give next.\n" },
};

#define NSUBS (sizeof(subs) / sizeof(subs[0]))

static void
usage_all(FILE *f)
{
	size_t i;

	fputs("usage: vanban so COMMAND [OPTIONS]\n"
	    "\n"
	    "The register of issued numbers (sổ đăng ký văn bản đi): an\n"
	    "SQLite file that gives each document its number and symbol (số,\n"
	    "ký hiệu) and remembers them. Several processes may share one\n"
	    "register.\n"
	    "\n"
	    "Commands:\n", f);
	for (i = 0; i < NSUBS; i++)
		fprintf(f, "  vanban %s\n", subs[i].usage);
	fputs("\nRun 'vanban so COMMAND --help' for the options of one.\n"
	    "Exit status: 0 done, 1 the register or a file is bad,"
	    " 2 wrong command line.\n", f);
}

static void
usage_sub(const struct sub *s, FILE *f)
{
	fprintf(f, "usage: vanban %s\n\n%s", s->usage, s->help);
	fputs("\nOptions:\n", f);
	fputs(common_help, f);
	if (s->allowed & B(O_PROFILE))
		fprintf(f, "\n%s", rules_help);
}

static int bad_usage(const struct sub *, const char *, ...) VB_PRINTF(2, 3);

/* Prints "vanban so: MESSAGE" and the usage line; returns exit status 2. */
static int
bad_usage(const struct sub *s, const char *fmt, ...)
{
	va_list ap;

	fputs("vanban so: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (s != NULL)
		fprintf(stderr, "usage: vanban %s\n"
		    "Run 'vanban so %s --help' for more.\n", s->usage, s->name);
	return VB_EXIT_USAGE;
}

/* Splits argv into options and positional arguments. */
static int
parse(const struct sub *s, int argc, char **argv, struct args *ar)
{
	const char *name, *eq, *val;
	size_t      i, nl;
	int         k, dashdash = 0;

	for (k = 1; k < argc; k++) {
		if (dashdash || argv[k][0] != '-' || argv[k][1] == '\0') {
			if (ar->npos == MAX_LIST)
				return bad_usage(s, "too many arguments");
			ar->pos[ar->npos++] = argv[k];
			continue;
		}
		if (strcmp(argv[k], "--") == 0) {
			dashdash = 1;
			continue;
		}
		if (strcmp(argv[k], "-h") == 0) {
			ar->set[O_HELP] = 1;
			continue;
		}
		if (strcmp(argv[k], "-o") == 0)
			name = "output";
		else if (argv[k][1] != '-')
			return bad_usage(s, "unknown option: %s", argv[k]);
		else
			name = argv[k] + 2;
		eq = strchr(name, '=');
		nl = eq ? (size_t)(eq - name) : strlen(name);
		for (i = 0; i < NOPTS; i++)
			if (strlen(opts[i].name) == nl &&
			    strncmp(opts[i].name, name, nl) == 0)
				break;
		if (i == NOPTS || !(s->allowed & B(opts[i].id)))
			return bad_usage(s, "unknown option: %s", argv[k]);
		val = NULL;
		if (opts[i].arg) {
			if (eq != NULL)
				val = eq + 1;
			else if (k + 1 < argc)
				val = argv[++k];
			else
				return bad_usage(s, "%s needs a value",
				    argv[k]);
		} else if (eq != NULL)
			return bad_usage(s, "%s takes no value", argv[k]);
		if (vb_utf8_check(val ? val : "", strlen(val ? val : "")) !=
		    strlen(val ? val : ""))
			return bad_usage(s, "invalid UTF-8 in %s", argv[k]);
		ar->set[opts[i].id] = 1;
		ar->val[opts[i].id] = val;
		if (opts[i].id == O_OUTPUT) {
			if (ar->nouts == MAX_LIST)
				return bad_usage(s, "too many %s", argv[k]);
			ar->outs[ar->nouts++] = val;
		}
		if (opts[i].id == O_FILE || opts[i].id == O_BAT_DAU) {
			const char **v = opts[i].id == O_FILE ? ar->files :
			    ar->bat_dau;
			size_t      *n = opts[i].id == O_FILE ? &ar->nfiles :
			    &ar->nbat_dau;

			if (*n == MAX_LIST)
				return bad_usage(s, "too many %s", argv[k]);
			v[(*n)++] = val;
		}
	}
	return 0;
}

/* A whole number in [lo, hi] from s; -1 if s is not one. */
static long
num_arg(const char *s, long lo, long hi)
{
	char *end;
	long  v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

/* ---- rules -------------------------------------------------------------- */

/* Loads --profile into ar->rules. Returns 0, or -1 (exit 1). */
static int
load_profile(struct args *ar, const char *path)
{
	struct vb_src   *src;
	struct vb_value *v;
	char            *data;
	size_t           len;

	if (vb_read_file(path, &data, &len) != 0) {
		vb_diag(ar->d, VB_ERR_READ, NULL, "%s: %s", path,
		    strerror(errno));
		return -1;
	}
	src = vb_srcset_add(ar->ss, path, data, len);
	if (vb_yaml_parse(src, 0, src->len, ar->a, ar->d, &v) != 0)
		return -1;
	return vb_reg_rules_from_profile(v, ar->a, ar->d, &ar->rules);
}

/*
 * Builds the rules from --profile and the rule options. Returns 0, or an
 * exit status.
 */
static int
rules(const struct sub *s, struct args *ar)
{
	struct vb_reg_rules *r = &ar->rules;
	const char          *v;

	vb_reg_rules_default(r);
	if (ar->set[O_PROFILE] && load_profile(ar, ar->val[O_PROFILE]) != 0)
		return VB_EXIT_INPUT;
	if ((v = ar->val[O_KIEU]) != NULL) {
		if (strcmp(v, "cong_doan") == 0) {
			r->reset = VB_REG_RESET_KHONG;
			r->ky_hieu_cong_van = "{viet_tat}";
		} else if (strcmp(v, "nha_nuoc") == 0) {
			r->reset = VB_REG_RESET_NAM;
			r->ky_hieu_cong_van = "{viet_tat}-{don_vi}";
		} else
			return bad_usage(s, "--kieu %s: want nha_nuoc or"
			    " cong_doan", v);
	}
	if (ar->val[O_VIET_TAT] != NULL)
		r->viet_tat = ar->val[O_VIET_TAT];
	if (ar->val[O_KY_HIEU_CV] != NULL)
		r->ky_hieu_cong_van = ar->val[O_KY_HIEU_CV];
	if ((v = ar->val[O_RESET]) != NULL) {
		if (strcmp(v, "nam") == 0)
			r->reset = VB_REG_RESET_NAM;
		else if (strcmp(v, "nhiem_ky") == 0)
			r->reset = VB_REG_RESET_NHIEM_KY;
		else if (strcmp(v, "khong") == 0)
			r->reset = VB_REG_RESET_KHONG;
		else
			return bad_usage(s, "--reset %s: want nam, nhiem_ky or"
			    " khong", v);
	}
	if ((v = ar->val[O_PHAM_VI]) != NULL) {
		if (strcmp(v, "theo_loai") == 0)
			r->pham_vi = VB_REG_THEO_LOAI;
		else if (strcmp(v, "chung") == 0)
			r->pham_vi = VB_REG_CHUNG;
		else
			return bad_usage(s, "--pham-vi %s: want theo_loai or"
			    " chung", v);
	}
	if ((v = ar->val[O_NHIEM_KY]) != NULL &&
	    vb_reg_date_parse(v, &r->nhiem_ky_bat_dau) != 0)
		return bad_usage(s, "--nhiem-ky-bat-dau %s: want YYYY-MM-DD",
		    v);
	if (r->viet_tat == NULL && !ar->set[O_PROFILE])
		return bad_usage(s, "the numbering rules are not given: use"
		    " --profile FILE or --viet-tat ABBR");
	if (vb_reg_rules_check(r, ar->d) != 0)
		return ar->set[O_PROFILE] ? VB_EXIT_INPUT : VB_EXIT_USAGE;
	ar->have_rules = 1;
	return 0;
}

/* The type code of --loai (or s); warns once of a type ND30 lacks. */
static int
loai_arg(const struct sub *s, struct args *ar, const char *name,
    const char **code)
{
	int known;

	if (name == NULL)
		return bad_usage(s, "the document type is not given:"
		    " --loai KH (or BC, QĐ, CV …)");
	if ((*code = vb_reg_loai(name, ar->a, &known)) == NULL)
		return bad_usage(s, "--loai %s: not a document type"
		    " abbreviation (KH, BC, QĐ, CV … or ke_hoach …)", name);
	if (!known)
		vb_diag(ar->d, VB_WARN_REG_LOAI, NULL, "'%s'", *code);
	return 0;
}

static int
open_reg(struct args *ar, int create, int readonly, struct vb_reg **reg)
{
	ar->ro.create = create;
	ar->ro.readonly = readonly;
	return vb_reg_open(ar->db, &ar->ro, ar->d, reg);
}

/* ---- output ------------------------------------------------------------- */

/* Writes s with tabs and line breaks made spaces (one TSV field). */
static void
put_field(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void
put_date(char out[11], const struct vb_reg_date *d)
{
	if (d->y == 0)
		out[0] = '\0';
	else
		snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d->y % 10000u,
		    (unsigned)d->m % 100u, (unsigned)d->d % 100u);
}

/* Width of s on a terminal: code points (NFC text). */
static size_t
width(const char *s)
{
	return s ? vb_utf8_count(s, strlen(s)) : 0;
}

static void
pad(FILE *f, const char *s, size_t w)
{
	size_t n = width(s);

	put_field(f, s);
	while (n++ < w)
		fputc(' ', f);
}

/* The lines of `so list`: a table on a terminal, TSV into a pipe. */
static void
print_entries(struct args *ar, const struct vb_reg_entry *v, size_t n)
{
	static const char *const head[] = {
		"Số", "Ký hiệu", "Ngày", "Loại", "Trạng thái", "Tệp",
		"Trích yếu"
	};
	enum { NC = sizeof(head) / sizeof(head[0]) };
	const char *cell[NC];
	size_t      w[NC], i, c;
	char        date[11], nf[24];

	for (c = 0; c < NC; c++)
		w[c] = width(head[c]);
	for (i = 0; i < n && ar->tty; i++) {
		w[0] = width(v[i].so_text) > w[0] ? width(v[i].so_text) : w[0];
		w[1] = width(v[i].ky_hieu) > w[1] ? width(v[i].ky_hieu) : w[1];
		w[2] = 10 > w[2] ? 10 : w[2];
		w[3] = width(v[i].loai) > w[3] ? width(v[i].loai) : w[3];
	}
	if (ar->tty && n > 0) {
		for (c = 0; c < NC; c++) {
			pad(stdout, head[c], c + 1 < NC ? w[c] + 2 : 0);
		}
		fputc('\n', stdout);
	}
	for (i = 0; i < n; i++) {
		put_date(date, &v[i].ngay);
		snprintf(nf, sizeof(nf), "%zu", v[i].nfiles);
		cell[0] = v[i].so_text;
		cell[1] = v[i].ky_hieu;
		cell[2] = date;
		cell[3] = v[i].loai;
		cell[4] = vb_reg_state_name(v[i].state);
		cell[5] = nf;
		cell[6] = v[i].trich_yeu ? v[i].trich_yeu : "";
		for (c = 0; c < NC; c++) {
			if (ar->tty)
				pad(stdout, cell[c], c + 1 < NC ? w[c] + 2 : 0);
			else {
				put_field(stdout, cell[c]);
				if (c + 1 < NC)
					fputc('\t', stdout);
			}
		}
		fputc('\n', stdout);
	}
}

/* One symbol per line; on a terminal with a word on what happened. */
static void
print_taken(struct args *ar, const struct vb_reg_entry *e)
{
	if (!ar->tty) {
		printf("%s\n", e->ky_hieu);
		return;
	}
	printf("%s", e->ky_hieu);
	if (e->existing)
		printf("   (this key had it already; đã cấp trước)");
	else if (e->state == VB_REG_RESERVED)
		printf("   (reserved; giữ số)");
	fputc('\n', stdout);
}

/* ---- subcommands --------------------------------------------------------- */

/* Applies TYPE=N or N (a shared counter) specs under ar->rules. */
static int
apply_next(const struct sub *s, struct args *ar, struct vb_reg *reg,
    const char **specs, size_t n, struct vb_reg_date date)
{
	struct vb_reg_counter *cv;
	size_t                 i, nc, j;
	const char            *eq, *code;
	char                  *type;
	long                   next;

	for (i = 0; i < n; i++) {
		eq = strrchr(specs[i], '=');
		type = eq ? vb_arena_strndup(ar->a, specs[i],
		    (size_t)(eq - specs[i])) : NULL;
		next = num_arg(eq ? eq + 1 : specs[i], 1, 999999999L);
		code = NULL;
		if (next < 0)
			return bad_usage(s, "%s: want TYPE=N (KH=471), or N for"
			    " a shared counter", specs[i]);
		if (type != NULL && loai_arg(s, ar, type, &code) != 0)
			return VB_EXIT_USAGE;
		if (vb_reg_set_next(reg, &ar->rules, code, date, next) != 0)
			return VB_EXIT_INPUT;
	}
	if (vb_reg_counters(reg, ar->a, &cv, &nc) != 0)
		return VB_EXIT_INPUT;
	for (j = 0; j < nc; j++)
		if (strcmp(cv[j].org, ar->rules.ma_so ? ar->rules.ma_so :
		    ar->rules.viet_tat) == 0)
			printf("%s\t%s\t%ld\n", cv[j].series, cv[j].period,
			    cv[j].next);
	return 0;
}

/* --ngay, or zero for today. Returns 0 or an exit status. */
static int
date_arg(const struct sub *s, struct args *ar, struct vb_reg_date *date)
{
	memset(date, 0, sizeof(*date));
	if (ar->val[O_NGAY] != NULL &&
	    vb_reg_date_parse(ar->val[O_NGAY], date) != 0)
		return bad_usage(s, "--ngay %s: want a date, YYYY-MM-DD",
		    ar->val[O_NGAY]);
	return 0;
}

static int
so_init(struct args *ar)
{
	struct vb_reg      *reg;
	struct vb_reg_date  date;
	int                 rc;

	if (date_arg(ar->sub, ar, &date) != 0)
		return VB_EXIT_USAGE;
	if ((ar->nbat_dau > 0 || ar->set[O_PROFILE] || ar->set[O_VIET_TAT]) &&
	    (rc = rules(ar->sub, ar)) != 0)
		return rc;
	if (open_reg(ar, 1, 0, &reg) != 0)
		return VB_EXIT_INPUT;
	rc = ar->nbat_dau > 0 ? apply_next(ar->sub, ar, reg, ar->bat_dau,
	    ar->nbat_dau, date) : 0;
	vb_reg_close(reg);
	return rc;
}

static int
so_set_next(struct args *ar)
{
	struct vb_reg      *reg;
	struct vb_reg_date  date;
	int                 rc;

	if (date_arg(ar->sub, ar, &date) != 0)
		return VB_EXIT_USAGE;
	if ((rc = rules(ar->sub, ar)) != 0)
		return rc;
	if (open_reg(ar, 0, 0, &reg) != 0)
		return VB_EXIT_INPUT;
	rc = apply_next(ar->sub, ar, reg, ar->pos, ar->npos, date);
	vb_reg_close(reg);
	return rc;
}

/* Reads the details options into req. Returns 0 or an exit status. */
static int
details(struct args *ar, struct vb_reg_request *req)
{
	long n;

	if (date_arg(ar->sub, ar, &req->ngay) != 0)
		return VB_EXIT_USAGE;
	req->trich_yeu = ar->val[O_TRICH_YEU];
	req->nguoi_ky = ar->val[O_NGUOI_KY];
	req->noi_nhan = ar->val[O_NOI_NHAN];
	if (ar->set[O_SO_TRANG]) {
		if ((n = num_arg(ar->val[O_SO_TRANG], 1, 100000)) < 0)
			return bad_usage(ar->sub, "--so-trang %s: want a"
			    " page count", ar->val[O_SO_TRANG]);
		req->so_trang = (int)n;
	}
	return 0;
}

/* Hashes --file arguments (before any number is taken). */
static int
hash_files(struct args *ar, struct vb_reg_file **out)
{
	struct vb_reg_file *f;
	size_t              i;

	f = vb_arena_alloc(ar->a, (ar->nfiles + 1) * sizeof(*f));
	for (i = 0; i < ar->nfiles; i++)
		if (vb_reg_file_hash(ar->files[i], ar->d, &f[i]) != 0)
			return -1;
	*out = f;
	return 0;
}

static int
take(struct args *ar, int reserve)
{
	struct vb_reg_request  req;
	struct vb_reg_entry    e;
	struct vb_reg_file    *files = NULL;
	struct vb_reg         *reg = NULL;
	long                   count = 1, i;
	int                    rc;

	memset(&req, 0, sizeof(req));
	if ((rc = details(ar, &req)) != 0)
		return rc;
	if (ar->set[O_COUNT] &&
	    (count = num_arg(ar->val[O_COUNT], 1, 1000000)) < 0)
		return bad_usage(ar->sub, "--count %s: want a number",
		    ar->val[O_COUNT]);
	if (count > 1 && (ar->set[O_KEY] || ar->nfiles > 0))
		return bad_usage(ar->sub, "--count takes no --key or --file");
	if (ar->set[O_NEW_NUMBER] && !ar->set[O_KEY])
		return bad_usage(ar->sub, "--new-number goes with --key");
	if ((rc = rules(ar->sub, ar)) != 0)
		return rc;
	if ((rc = loai_arg(ar->sub, ar, ar->val[O_LOAI], &req.loai)) != 0)
		return rc;
	req.rules = &ar->rules;
	req.don_vi = ar->val[O_DON_VI];
	if (strcmp(req.loai, "CV") == 0 && ar->rules.ky_hieu_cong_van &&
	    strstr(ar->rules.ky_hieu_cong_van, "{don_vi}") != NULL &&
	    (req.don_vi == NULL || *req.don_vi == '\0'))
		return bad_usage(ar->sub, "the profile writes công văn as %s:"
		    " give the drafting unit, --don-vi VP",
		    ar->rules.ky_hieu_cong_van);
	req.key = ar->val[O_KEY];
	req.new_number = ar->set[O_NEW_NUMBER];
	req.reserve = reserve;
	if (hash_files(ar, &files) != 0)
		return VB_EXIT_INPUT;
	if (open_reg(ar, 0, 0, &reg) != 0)
		return VB_EXIT_INPUT;
	rc = VB_EXIT_INPUT;
	for (i = 0; i < count; i++) {
		if (vb_reg_take(reg, &req, ar->a, &e) != 0)
			goto out;
		if (ar->nfiles > 0 && vb_reg_record_outputs(reg, e.id, files,
		    ar->nfiles, req.so_trang) != 0)
			goto out;
		print_taken(ar, &e);
	}
	rc = 0;
out:
	fflush(stdout);
	vb_reg_close(reg);
	return rc;
}

static int
so_next(struct args *ar)
{
	return take(ar, 0);
}

static int
so_reserve(struct args *ar)
{
	return take(ar, 1);
}

/* Opens the register and finds SYMBOL (pos[0]). Returns 0 or a status. */
static int
find(struct args *ar, int readonly, struct vb_reg **reg,
    struct vb_reg_entry *e)
{
	long nam = 0;

	if (ar->set[O_NAM] && (nam = num_arg(ar->val[O_NAM], 1, 9999)) < 0)
		return bad_usage(ar->sub, "--nam %s: want a year",
		    ar->val[O_NAM]);
	if (open_reg(ar, 0, readonly, reg) != 0)
		return VB_EXIT_INPUT;
	if (vb_reg_find(*reg, ar->pos[0], (int)nam, ar->a, e) != 0) {
		vb_reg_close(*reg);
		*reg = NULL;
		return VB_EXIT_INPUT;
	}
	return 0;
}

static int
so_issue(struct args *ar)
{
	struct vb_reg_request  req;
	struct vb_reg_entry    e;
	struct vb_reg_file    *files;
	struct vb_reg         *reg;
	int                    rc;

	memset(&req, 0, sizeof(req));
	if ((rc = details(ar, &req)) != 0)
		return rc;
	if (hash_files(ar, &files) != 0)
		return VB_EXIT_INPUT;
	if ((rc = find(ar, 0, &reg, &e)) != 0)
		return rc;
	rc = VB_EXIT_INPUT;
	if (vb_reg_issue(reg, e.id, &req) != 0)
		goto out;
	if (ar->nfiles > 0 && vb_reg_record_outputs(reg, e.id, files,
	    ar->nfiles, req.so_trang) != 0)
		goto out;
	printf(ar->tty ? "%s   (issued; đã ban hành)\n" : "%s\n", e.ky_hieu);
	rc = 0;
out:
	vb_reg_close(reg);
	return rc;
}

static int
so_cancel(struct args *ar)
{
	struct vb_reg_entry  e;
	struct vb_reg       *reg;
	int                  rc;

	if (ar->val[O_LY_DO] == NULL || *ar->val[O_LY_DO] == '\0')
		return bad_usage(ar->sub, "a cancellation needs its reason:"
		    " --ly-do \"…\"");
	if ((rc = find(ar, 0, &reg, &e)) != 0)
		return rc;
	rc = vb_reg_cancel(reg, e.id, ar->val[O_LY_DO]) == 0 ? 0 :
	    VB_EXIT_INPUT;
	if (rc == 0)
		printf(ar->tty ? "%s   (cancelled; đã hủy)\n" : "%s\n",
		    e.ky_hieu);
	vb_reg_close(reg);
	return rc;
}

static int
so_attach(struct args *ar)
{
	struct vb_reg_entry  e;
	struct vb_reg_file  *files;
	struct vb_reg       *reg;
	size_t               i;
	long                 pages = 0;
	int                  rc;

	if (ar->set[O_SO_TRANG] &&
	    (pages = num_arg(ar->val[O_SO_TRANG], 1, 100000)) < 0)
		return bad_usage(ar->sub, "--so-trang %s: want a page count",
		    ar->val[O_SO_TRANG]);
	for (i = 1; i < ar->npos; i++)
		ar->files[ar->nfiles++] = ar->pos[i];
	if (hash_files(ar, &files) != 0)
		return VB_EXIT_INPUT;
	if ((rc = find(ar, 0, &reg, &e)) != 0)
		return rc;
	rc = vb_reg_record_outputs(reg, e.id, files, ar->nfiles, (int)pages)
	    == 0 ? 0 : VB_EXIT_INPUT;
	for (i = 0; rc == 0 && i < ar->nfiles; i++)
		printf("%s\t%s\n", files[i].sha256, files[i].path);
	vb_reg_close(reg);
	return rc;
}

/* The list filter options. Returns 0 or an exit status. */
static int
filter(struct args *ar, struct vb_reg_filter *f)
{
	long nam;

	memset(f, 0, sizeof(*f));
	if (ar->set[O_NAM]) {
		if ((nam = num_arg(ar->val[O_NAM], 1, 9999)) < 0)
			return bad_usage(ar->sub, "--nam %s: want a year",
			    ar->val[O_NAM]);
		f->nam = (int)nam;
	}
	if (ar->set[O_LOAI] &&
	    loai_arg(ar->sub, ar, ar->val[O_LOAI], &f->loai) != 0)
		return VB_EXIT_USAGE;
	if (ar->set[O_TRANG_THAI] &&
	    (f->state = vb_reg_state_parse(ar->val[O_TRANG_THAI])) == 0)
		return bad_usage(ar->sub, "--trang-thai %s: want reserved,"
		    " issued or cancelled", ar->val[O_TRANG_THAI]);
	return 0;
}

static int
so_list(struct args *ar)
{
	struct vb_reg_filter  f;
	struct vb_reg_entry  *v;
	struct vb_reg        *reg;
	size_t                n;
	int                   rc;

	if ((rc = filter(ar, &f)) != 0)
		return rc;
	if (open_reg(ar, 0, 1, &reg) != 0)
		return VB_EXIT_INPUT;
	rc = vb_reg_list(reg, &f, ar->a, &v, &n) == 0 ? 0 : VB_EXIT_INPUT;
	if (rc == 0)
		print_entries(ar, v, n);
	vb_reg_close(reg);
	return rc;
}

static void
show_field(struct args *ar, const char *key, const char *label,
    const char *val)
{
	if (ar->tty) {
		pad(stdout, label, 24);
		put_field(stdout, val);
	} else {
		printf("%s\t", key);
		put_field(stdout, val);
	}
	fputc('\n', stdout);
}

static void
show_entry(struct args *ar, const struct vb_reg_entry *e)
{
	char   date[11], n[24];
	size_t i;

	put_date(date, &e->ngay);
	show_field(ar, "ky_hieu", "Ký hiệu", e->ky_hieu);
	show_field(ar, "so", "Số", e->so_text);
	show_field(ar, "loai", "Loại", e->loai);
	show_field(ar, "don_vi", "Đơn vị soạn thảo", e->don_vi);
	show_field(ar, "ngay", "Ngày ban hành", date);
	show_field(ar, "trang_thai", "Trạng thái", vb_reg_state_name(e->state));
	show_field(ar, "trich_yeu", "Trích yếu", e->trich_yeu);
	show_field(ar, "nguoi_ky", "Người ký", e->nguoi_ky);
	show_field(ar, "noi_nhan", "Nơi nhận", e->noi_nhan);
	snprintf(n, sizeof(n), "%d", e->so_trang);
	show_field(ar, "so_trang", "Số trang", e->so_trang ? n : "");
	show_field(ar, "ma", "Khóa văn bản (key)", e->key);
	show_field(ar, "co_quan", "Cơ quan (viết tắt)", e->org);
	show_field(ar, "ky_danh_so", "Kỳ đánh số (period)", e->period);
	show_field(ar, "lay_so_luc", "Lấy số lúc (UTC)", e->taken_at);
	show_field(ar, "ban_hanh_luc", "Ban hành lúc (UTC)", e->issued_at);
	show_field(ar, "huy_luc", "Hủy lúc (UTC)", e->cancelled_at);
	show_field(ar, "ly_do_huy", "Lý do hủy", e->cancel_reason);
	for (i = 0; i < e->nfiles; i++) {
		const struct vb_reg_file *f = &e->files[i];

		if (ar->tty) {
			pad(stdout, "Tệp", 24);
			printf("%s  sha256 %s  %lld bytes\n", f->path,
			    f->sha256, (long long)f->bytes);
		} else {
			fputs("tep\t", stdout);
			put_field(stdout, f->path);
			printf("\t%s\t%lld\n", f->sha256, (long long)f->bytes);
		}
	}
}

static int
so_show(struct args *ar)
{
	struct vb_reg_filter  f;
	struct vb_reg_entry  *v;
	struct vb_reg        *reg;
	size_t                n, i;
	long                  nam = 0;
	int                   rc;

	if (ar->set[O_NAM] && (nam = num_arg(ar->val[O_NAM], 1, 9999)) < 0)
		return bad_usage(ar->sub, "--nam %s: want a year",
		    ar->val[O_NAM]);
	memset(&f, 0, sizeof(f));
	f.ky_hieu = ar->pos[0];
	f.nam = (int)nam;
	if (open_reg(ar, 0, 1, &reg) != 0)
		return VB_EXIT_INPUT;
	rc = VB_EXIT_INPUT;
	if (vb_reg_list(reg, &f, ar->a, &v, &n) != 0)
		goto out;
	if (n == 0) {
		vb_diag(ar->d, VB_ERR_REG_NOTFOUND, NULL, "%s", ar->pos[0]);
		goto out;
	}
	/* A yearly reset repeats symbols: show every entry, in order. */
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc('\n', stdout);
		show_entry(ar, &v[i]);
	}
	rc = 0;
out:
	vb_reg_close(reg);
	return rc;
}

/* Writes one CSV field (RFC 4180: quoted when it must be). */
static void
csv_field(struct vb_buf *b, const char *s)
{
	const char *p;

	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\r\n") == NULL) {
		vb_buf_puts(b, s);
		return;
	}
	vb_buf_putc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			vb_buf_putc(b, '"');
		vb_buf_putc(b, *p);
	}
	vb_buf_putc(b, '"');
}

static void
csv_entries(struct vb_buf *b, const struct vb_reg_entry *v, size_t n,
    int bom)
{
	static const char *const head[] = {
		"id", "so", "ky_hieu", "ngay", "loai", "don_vi", "trang_thai",
		"trich_yeu", "nguoi_ky", "noi_nhan", "so_trang", "ma", "tep",
		"sha256", "lay_so_luc", "ban_hanh_luc", "huy_luc", "ly_do_huy",
		"co_quan", "ky_danh_so"
	};
	enum { NC = sizeof(head) / sizeof(head[0]) };
	struct vb_buf files = VB_BUF_INIT, sums = VB_BUF_INIT;
	const char   *cell[NC];
	char          id[24], date[11], pages[24];
	size_t        i, c, k;

	if (bom)
		vb_buf_puts(b, "\xEF\xBB\xBF");
	for (c = 0; c < NC; c++) {
		vb_buf_puts(b, head[c]);
		vb_buf_puts(b, c + 1 < NC ? "," : "\r\n");
	}
	for (i = 0; i < n; i++) {
		vb_buf_reset(&files);
		vb_buf_reset(&sums);
		for (k = 0; k < v[i].nfiles; k++) {
			if (k > 0) {
				vb_buf_putc(&files, '\n');
				vb_buf_putc(&sums, '\n');
			}
			vb_buf_puts(&files, v[i].files[k].path);
			vb_buf_puts(&sums, v[i].files[k].sha256);
		}
		snprintf(id, sizeof(id), "%lld", (long long)v[i].id);
		snprintf(pages, sizeof(pages), "%d", v[i].so_trang);
		put_date(date, &v[i].ngay);
		cell[0] = id;
		cell[1] = v[i].so_text;
		cell[2] = v[i].ky_hieu;
		cell[3] = date;
		cell[4] = v[i].loai;
		cell[5] = v[i].don_vi;
		cell[6] = vb_reg_state_name(v[i].state);
		cell[7] = v[i].trich_yeu;
		cell[8] = v[i].nguoi_ky;
		cell[9] = v[i].noi_nhan;
		cell[10] = v[i].so_trang ? pages : "";
		cell[11] = v[i].key;
		cell[12] = files.data;
		cell[13] = sums.data;
		cell[14] = v[i].taken_at;
		cell[15] = v[i].issued_at;
		cell[16] = v[i].cancelled_at;
		cell[17] = v[i].cancel_reason;
		cell[18] = v[i].org;
		cell[19] = v[i].period;
		for (c = 0; c < NC; c++) {
			csv_field(b, cell[c]);
			vb_buf_puts(b, c + 1 < NC ? "," : "\r\n");
		}
	}
	vb_buf_free(&files);
	vb_buf_free(&sums);
}

/* Writes data to path through a temporary file and rename(2). */
static int
write_atomic(struct args *ar, const char *path, const char *data, size_t n)
{
	char *tmp;
	FILE *f;
	int   fd, rc = -1;

	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, n, stdout) != n || fflush(stdout) != 0) {
			vb_diag(ar->d, VB_ERR_WRITE, NULL, "stdout: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	tmp = vb_arena_printf(ar->a, "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		vb_diag(ar->d, VB_ERR_WRITE, NULL, "%s: %s", path,
		    strerror(errno));
		return -1;
	}
	if ((f = fdopen(fd, "wb")) == NULL) {
		close(fd);
		goto out;
	}
	if (fwrite(data, 1, n, f) != n || fflush(f) != 0 || fsync(fd) != 0) {
		fclose(f);
		goto out;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		vb_diag(ar->d, VB_ERR_WRITE, NULL, "%s: %s", path,
		    strerror(errno));
		unlink(tmp);
	}
	return rc;
}

static int
so_export(struct args *ar)
{
	struct vb_reg_filter  f;
	struct vb_reg_entry  *v;
	struct vb_reg        *reg;
	struct vb_buf         b = VB_BUF_INIT;
	size_t                n;
	int                   rc;

	if (ar->val[O_CSV] == NULL)
		return bad_usage(ar->sub, "say where the CSV goes: --csv FILE");
	if ((rc = filter(ar, &f)) != 0)
		return rc;
	if (open_reg(ar, 0, 1, &reg) != 0)
		return VB_EXIT_INPUT;
	rc = VB_EXIT_INPUT;
	if (vb_reg_list(reg, &f, ar->a, &v, &n) != 0)
		goto out;
	csv_entries(&b, v, n, ar->set[O_BOM]);
	if (write_atomic(ar, ar->val[O_CSV], b.data, b.len) != 0)
		goto out;
	rc = 0;
out:
	vb_buf_free(&b);
	vb_reg_close(reg);
	return rc;
}

static int
so_counters(struct args *ar)
{
	struct vb_reg_counter *cv;
	struct vb_reg         *reg;
	size_t                 n, i;
	int                    rc;

	if (open_reg(ar, 0, 1, &reg) != 0)
		return VB_EXIT_INPUT;
	rc = vb_reg_counters(reg, ar->a, &cv, &n) == 0 ? 0 : VB_EXIT_INPUT;
	for (i = 0; rc == 0 && i < n; i++) {
		if (!ar->tty) {
			printf("%s\t%s\t%s\t%ld\n", cv[i].org, cv[i].series,
			    cv[i].period, cv[i].next);
			continue;
		}
		pad(stdout, cv[i].org, 12);
		pad(stdout, cv[i].series, 7);
		pad(stdout, cv[i].period, 16);
		printf("%ld\n", cv[i].next);
	}
	vb_reg_close(reg);
	return rc;
}

/* ---- entry point --------------------------------------------------------- */

/* ---- so in: the register printed as a document ---------------------------- */

#define SO_IN_TEMPLATE "so-dang-ky.md"

/* The template for so in: --mau, $VANBAN_TEMPLATES, ./templates, the
 * installed ones. Returns the path or NULL after reporting. */
static const char *
so_in_template(struct args *ar)
{
	const char *dirs[3], *e, *path;
	size_t      n = 0, i;

	if (ar->set[O_MAU])
		return ar->val[O_MAU];
	if ((e = getenv("VANBAN_TEMPLATES")) != NULL && *e != '\0')
		dirs[n++] = e;
	dirs[n++] = "templates";
#ifdef VB_SHAREDIR
	dirs[n++] = VB_SHAREDIR "/templates";
#endif
	for (i = 0; i < n; i++) {
		path = vb_arena_printf(ar->a, "%s/%s", dirs[i], SO_IN_TEMPLATE);
		if (access(path, R_OK) == 0)
			return path;
	}
	vb_diag(ar->d, VB_ERR_READ, NULL, "%s: not found in $VANBAN_TEMPLATES,"
	    " ./templates or the installed templates; give it with --mau"
	    " FILE", SO_IN_TEMPLATE);
	return NULL;
}

static void
put(struct args *ar, struct vb_value *map, const char *key, const char *s)
{
	if (s == NULL)
		s = "";
	vb_map_set(ar->a, map, key, vb_value_str(ar->a, s, strlen(s), NULL));
}

static void
put_num(struct args *ar, struct vb_value *map, const char *key, long n)
{
	vb_map_set(ar->a, map, key, vb_value_num(ar->a, (double)n, NULL,
	    NULL));
}

/*
 * One row of the book. The register keeps Nơi nhận as the document's
 * items joined by "; ", the "Lưu: …" item last: it goes to the bản lưu
 * column.
 */
static struct vb_value *
so_in_row(struct args *ar, const struct vb_reg_entry *e)
{
	struct vb_value *m = vb_value_map(ar->a, NULL);
	const char      *name, *nn = e->noi_nhan, *luu = NULL, *p;
	char             date[16];

	put(ar, m, "ky_hieu", e->ky_hieu);
	put(ar, m, "so", e->so_text);
	put(ar, m, "loai", e->loai);
	date[0] = '\0';
	if (e->ngay.y != 0)
		/* ND30's short form: the month takes a zero only for 1-2
		 * ("06/9/2023", "13/01/2022"). */
		snprintf(date, sizeof(date), e->ngay.m < 3 ? "%02d/%02d/%04d" :
		    "%02d/%d/%04d", e->ngay.d % 100, e->ngay.m % 100,
		    e->ngay.y % 10000);
	put(ar, m, "ngay", date);
	if ((name = vb_reg_loai_name(e->loai)) == NULL)
		name = strcmp(e->loai, "CV") == 0 ? "Công văn" : e->loai;
	put(ar, m, "ten_loai", name);
	/* A công văn's trích yếu is kept without its "V/v". */
	put(ar, m, "trich_yeu", e->trich_yeu != NULL && *e->trich_yeu != '\0'
	    ? vb_arena_printf(ar->a, "%s %s%s", name, strcmp(e->loai, "CV") ==
	    0 && strncmp(e->trich_yeu, "V/v ", 4) != 0 ? "V/v " : "",
	    e->trich_yeu) : name);
	put(ar, m, "nguoi_ky", e->nguoi_ky);
	if (nn != NULL && (p = strstr(nn, "Lưu:")) != NULL &&
	    (p == nn || (p >= nn + 2 && p[-2] == ';'))) {
		luu = p + strlen("Lưu:");
		while (*luu == ' ')
			luu++;
		nn = p == nn ? "" : vb_arena_strndup(ar->a, nn,
		    (size_t)(p - 2 - nn));
	}
	put(ar, m, "noi_nhan", nn);
	put(ar, m, "luu", luu);
	put(ar, m, "so_luong", "");
	put(ar, m, "so_trang", e->so_trang > 0 ?
	    vb_arena_printf(ar->a, "%d", e->so_trang) : "");
	put(ar, m, "trang_thai", vb_reg_state_name(e->state));
	if (e->state == VB_REG_CANCELLED)
		put(ar, m, "ghi_chu", e->cancel_reason != NULL &&
		    *e->cancel_reason != '\0' ? vb_arena_printf(ar->a,
		    "Đã hủy: %s", e->cancel_reason) : "Đã hủy");
	else if (e->state == VB_REG_RESERVED)
		put(ar, m, "ghi_chu", "Giữ số");
	else
		put(ar, m, "ghi_chu", "");
	return m;
}

/* The profile's path from anywhere (the template names it with
 * to_chuc, which is read relative to the template): made absolute. */
static char *
profile_path(const char *path, struct vb_diag *d)
{
	char   cwd[4096], *r;
	size_t n;

	if (access(path, R_OK) != 0) {
		vb_diag(d, VB_ERR_READ, NULL, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		cwd[0] = '\0';
	n = strlen(cwd) + strlen(path) + 2;
	r = vb_xmalloc(n);
	snprintf(r, n, "%s%s%s", cwd, cwd[0] ? "/" : "", path);
	return r;
}

static int
so_in(struct args *ar)
{
	struct vb_reg_filter  f;
	struct vb_reg_entry  *v;
	struct vb_reg        *reg;
	struct vb_render_opts o;
	struct vb_job         j;
	struct vb_arena       docarena;
	struct vb_merged      merged;
	struct vb_doc         doc;
	struct vb_value      *root, *rows;
	struct vb_reg_date    today;
	const char           *tpl, *pham_vi;
	char                 *prof, date[11];
	size_t                n, i;
	long                  huy = 0, giu = 0, lo = 0, hi = 0;
	int                   rc, one_series = 1;

	if ((rc = filter(ar, &f)) != 0)
		return rc;
	if (ar->nouts == 0)
		return bad_usage(ar->sub, "nothing to write: give -o SO.pdf"
		    " and/or -o SO.docx");
	for (i = 0; i < ar->nouts; i++)
		if (vb_render_writer(ar->outs[i]) == NULL)
			return bad_usage(ar->sub, "%s: unknown output type; want"
			    " .pdf or .docx", ar->outs[i]);
	if (!ar->set[O_PROFILE])
		return bad_usage(ar->sub, "--profile FILE names the issuer for"
		    " the heading (tên cơ quan)");
	memset(&today, 0, sizeof(today));
	if (ar->set[O_NGAY] && vb_reg_date_parse(ar->val[O_NGAY], &today) != 0)
		return bad_usage(ar->sub, "--ngay %s: want YYYY-MM-DD",
		    ar->val[O_NGAY]);
	if (today.y == 0)
		vb_reg_today(&today);
	if ((prof = profile_path(ar->val[O_PROFILE], ar->d)) == NULL)
		return VB_EXIT_INPUT;
	if ((tpl = so_in_template(ar)) == NULL) {
		free(prof);
		return VB_EXIT_INPUT;
	}

	if (open_reg(ar, 0, 1, &reg) != 0) {
		free(prof);
		return VB_EXIT_INPUT;
	}
	rc = vb_reg_list(reg, &f, ar->a, &v, &n);
	vb_reg_close(reg);
	if (rc != 0) {
		free(prof);
		return VB_EXIT_INPUT;
	}

	/* The data: one map per number, and the counts for the cover. */
	rows = vb_value_list(ar->a, NULL);
	for (i = 0; i < n; i++) {
		vb_list_push(ar->a, rows, so_in_row(ar, &v[i]));
		huy += v[i].state == VB_REG_CANCELLED;
		giu += v[i].state == VB_REG_RESERVED;
		if (i > 0 && (strcmp(v[i].series, v[0].series) != 0 ||
		    strcmp(v[i].period, v[0].period) != 0))
			one_series = 0;
		if (i == 0 || v[i].so < lo)
			lo = v[i].so;
		if (i == 0 || v[i].so > hi)
			hi = v[i].so;
	}
	if (f.nam != 0 && f.loai != NULL)
		pham_vi = vb_arena_printf(ar->a, "năm %d, loại %s", f.nam,
		    f.loai);
	else if (f.nam != 0)
		pham_vi = vb_arena_printf(ar->a, "năm %d", f.nam);
	else if (f.loai != NULL)
		pham_vi = vb_arena_printf(ar->a, "loại %s", f.loai);
	else
		pham_vi = "";

	memset(&o, 0, sizeof(o));
	o.tpl_path = tpl;
	o.outs = ar->outs;
	o.nouts = ar->nouts;
	o.err = stderr;
	o.dump_out = stdout;
	if (vb_job_open(&j, &o) != 0) {
		rc = vb_diag_exit(&j.d);
		goto out;
	}
	root = j.data.root;
	put(ar, root, "to_chuc", prof);
	put_date(date, &today);
	put(ar, root, "ngay_in", date);
	put(ar, root, "pham_vi", pham_vi);
	put_num(ar, root, "tong", (long)rows->u.list.n);
	put(ar, root, "nguoi_ky", ar->set[O_NGUOI_KY] ? ar->val[O_NGUOI_KY] :
	    "……………………");
	/* The first and last number mean something in one counter only. */
	if (!one_series)
		n = 0;
	put(ar, root, "tu_so", n ? vb_reg_number_text(lo,
	    vb_arena_alloc(ar->a, 24)) : "");
	put(ar, root, "den_so", n ? vb_reg_number_text(hi,
	    vb_arena_alloc(ar->a, 24)) : "");
	put_num(ar, root, "huy", huy);
	put_num(ar, root, "giu", giu);
	vb_map_set(ar->a, root, "van_ban", rows);

	vb_arena_init(&docarena);
	memset(&doc, 0, sizeof(doc));
	doc.arena = &docarena;
	if (vb_job_doc(&j, root, &doc, &merged) == 0)
		vb_job_write(&j, &doc, ar->outs, ar->nouts);
	vb_arena_free(&docarena);
	rc = vb_diag_exit(&j.d);
out:
	vb_job_close(&j);
	free(prof);
	return rc;
}

int
vb_cli_so(int argc, char **argv)
{
	struct vb_srcset ss;
	struct vb_diag   d;
	struct vb_arena  a;
	struct args      ar;
	const struct sub *s = NULL;
	size_t           i;
	long             ms;
	int              rc;

	if (argc < 2) {
		usage_all(stderr);
		return VB_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage_all(stdout);
		return VB_EXIT_OK;
	}
	for (i = 0; i < NSUBS; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			s = &subs[i];
	if (s == NULL) {
		fprintf(stderr, "vanban so: unknown command (lệnh không có):"
		    " %s\n", argv[1]);
		usage_all(stderr);
		return VB_EXIT_USAGE;
	}
	memset(&ar, 0, sizeof(ar));
	ar.sub = s;
	if ((rc = parse(s, argc - 1, argv + 1, &ar)) != 0)
		return rc;
	if (ar.set[O_HELP]) {
		usage_sub(s, stdout);
		return VB_EXIT_OK;
	}
	if ((int)ar.npos < s->minpos || (int)ar.npos > s->maxpos)
		return bad_usage(s, ar.npos < (size_t)s->minpos ?
		    "missing argument%s" : "unexpected argument: %s",
		    ar.npos < (size_t)s->minpos ? "" : ar.pos[s->maxpos]);
	ar.db = ar.val[O_DB];
	if (ar.db == NULL && (ar.db = getenv("VANBAN_DB")) != NULL &&
	    *ar.db == '\0')
		ar.db = NULL;
	if (ar.db == NULL)
		ar.db = "vanban.db";
	if (ar.set[O_TIMEOUT]) {
		if ((ms = num_arg(ar.val[O_TIMEOUT], 1, 3600000L)) < 0)
			return bad_usage(s, "--timeout %s: want milliseconds",
			    ar.val[O_TIMEOUT]);
		ar.ro.timeout_ms = (int)ms;
	}
	ar.tty = isatty(STDOUT_FILENO);
	vb_srcset_init(&ss);
	vb_diag_init(&d, &ss, stderr);
	vb_arena_init(&a);
	ar.ss = &ss;
	ar.d = &d;
	ar.a = &a;
	rc = s->fn(&ar);
	if (rc == 0 && vb_diag_failed(&d))
		rc = VB_EXIT_INPUT;
	if (fflush(stdout) != 0 && rc == 0)
		rc = VB_EXIT_INPUT;
	vb_arena_free(&a);
	vb_srcset_free(&ss);
	return rc;
}
