/*
 * reg.h — the register of issued numbers (sổ đăng ký văn bản đi): who
 * took which number, for which document, when, and which files carry it.
 *
 * Who may include it: the renderer (for `so: auto`), cli_so.c, tests.
 *
 * The numbering rules (ND30.md §4.2, §15.2, §20) come from the
 * organisation profile: reset each calendar year, per term (nhiệm kỳ) or
 * never; one counter per document type or one shared counter. Every
 * number is taken in its own write transaction, so any number of
 * processes may share one register; a number, once taken, is never
 * given again (a cancelled number stays cancelled).
 *
 * Storage is behind a small backend interface (reg_int.h): SQLite
 * (reg_sqlite.c) is the embedded default; PostgreSQL would be one more
 * backend with the same schema and transactions (docs/register.md).
 *
 * Strings handed out (entries, counters) live in the arena the caller
 * passes; functions that can fail return 0, or -1 after reporting the
 * problem to the diag context given to vb_reg_open().
 */
#ifndef VB_REG_H
#define VB_REG_H

#include <stdint.h>

#include "vb.h"
#include "diag.h"
#include "value.h"

/* The schema version this build reads and writes (PRAGMA user_version). */
#define VB_REG_SCHEMA 1

struct vb_reg;

/* ---- numbering rules (from the organisation profile) -------------------- */

enum vb_reg_reset {
	VB_REG_RESET_NAM = 0,     /* restart at 01 on 1 January (ND30) */
	VB_REG_RESET_NHIEM_KY,    /* restart at 01 on the term's first day */
	VB_REG_RESET_KHONG        /* never restart */
};

enum vb_reg_scope {
	VB_REG_THEO_LOAI = 0,     /* one counter per document type */
	VB_REG_CHUNG              /* one counter shared by every type */
};

struct vb_reg_date {
	int y, m, d;              /* all 0: not given (today) */
};

struct vb_reg_rules {
	const char         *viet_tat;   /* issuer abbreviation: "LĐLĐ" */
	/*
	 * The issuer's key in the register (danh_so.ma_so), for two bodies
	 * with the same abbreviation in one register; NULL: viet_tat.
	 */
	const char         *ma_so;
	/*
	 * The công văn symbol after "n/": "{viet_tat}" or
	 * "{viet_tat}-{don_vi}". NULL means "{viet_tat}", with "-UNIT"
	 * added when the request names a drafting unit.
	 */
	const char         *ky_hieu_cong_van;
	enum vb_reg_reset   reset;
	enum vb_reg_scope   pham_vi;
	struct vb_reg_date  nhiem_ky_bat_dau;  /* first day of the term */
};

/* ND30 defaults: yearly reset, a counter per type, lenient công văn. */
void vb_reg_rules_default(struct vb_reg_rules *r);

/*
 * Reads the rules from a parsed profile (a VB_MAP): viet_tat, kieu
 * (nha_nuoc | cong_doan), ky_hieu_cong_van, and danh_so { reset,
 * pham_vi, nhiem_ky_bat_dau, ma_so }. Missing keys take the defaults of the
 * profile's kieu: nha_nuoc resets each year and writes công văn as
 * "{viet_tat}-{don_vi}"; cong_doan never resets and writes
 * "{viet_tat}"; both keep a counter per type. Bad values are reported
 * at their location. The strings point into the profile's values, which
 * must outlive out (a is for later needs). Returns 0 or -1.
 */
int vb_reg_rules_from_profile(const struct vb_value *profile,
    struct vb_arena *a, struct vb_diag *d, struct vb_reg_rules *out);

/*
 * Checks the rules: viet_tat present and well formed, the công văn
 * pattern made of {viet_tat} and {don_vi} only, a term start for
 * nhiem_ky. Returns 0, or -1 after reporting.
 */
int vb_reg_rules_check(const struct vb_reg_rules *r, struct vb_diag *d);

/*
 * The register's code of a document type: "KH" for "KH", "kh" or
 * "ke_hoach"; "CV" for a công văn ("cong_van", "CV"). *known is set to
 * 1 for ND30's own types (ND30.md §4.3), 0 for another abbreviation of
 * the right shape ("GK"). Returns a static string, an abbreviation
 * copied into a, or NULL if name cannot be a type abbreviation.
 */
const char *vb_reg_loai(const char *name, struct vb_arena *a, int *known);

/* "Kế hoạch" for "KH"; NULL for a type ND30 does not name. */
const char *vb_reg_loai_name(const char *code);

/* Parses "YYYY-MM-DD" (a real calendar date). Returns 0 or -1. */
int vb_reg_date_parse(const char *s, struct vb_reg_date *out);

/* Today: the UTC date of SOURCE_DATE_EPOCH when set, else local time. */
void vb_reg_today(struct vb_reg_date *out);

/* "05", "471": the number as ND30 prints it. Returns s, at least 24 bytes. */
char *vb_reg_number_text(long so, char *s);

/* ---- opening ------------------------------------------------------------ */

struct vb_reg_opts {
	int timeout_ms;   /* wait this long for another writer; 0: 5000 */
	int create;       /* create the register if it is missing (so init) */
	int readonly;     /* only read (list, show, export) */
};

/*
 * Opens the register at where: a file name for SQLite. A missing file
 * is an error unless opts->create, so that a mistyped --db never starts
 * a second sequence at 01. Not a register, made by a newer vanban,
 * read-only (when writing), or locked past the timeout: reported, -1.
 * On success *out is the register; the caller closes it.
 */
int  vb_reg_open(const char *where, const struct vb_reg_opts *opts,
    struct vb_diag *d, struct vb_reg **out);
void vb_reg_close(struct vb_reg *reg);

/* ---- taking numbers ----------------------------------------------------- */

enum vb_reg_state {
	VB_REG_RESERVED = 1,      /* giữ số: taken for a draft */
	VB_REG_ISSUED,            /* đã ban hành */
	VB_REG_CANCELLED          /* đã hủy: never given again */
};

struct vb_reg_request {
	const struct vb_reg_rules *rules;
	const char         *loai;      /* "KH", "ke_hoach", "cong_van", … */
	const char         *don_vi;    /* công văn drafting unit, or NULL */
	struct vb_reg_date  ngay;      /* ngày ban hành; zero: today */
	/*
	 * The document's key (template path + record key, or the template's
	 * `ma:`). A key that already has a live number gets that number
	 * back, unless new_number is set. NULL: always a new number.
	 */
	const char         *key;
	int                 new_number;
	int                 reserve;   /* reserve for a draft, do not issue */
	const char         *trich_yeu;
	const char         *nguoi_ky;
	const char         *noi_nhan;
	int                 so_trang;  /* pages; 0 unknown */
};

struct vb_reg_file {
	const char *path;              /* as the caller named it */
	char        sha256[65];        /* lower-case hex */
	int64_t     bytes;
	const char *recorded_at;       /* in listings only */
};

/* One row of the register. */
struct vb_reg_entry {
	int64_t             id;
	const char         *org;       /* the issuer: ma_so or viet_tat */
	const char         *series;    /* counter: type code, or "*" shared */
	const char         *period;    /* "2023", "nk:2023-10-01" or "*" */
	long                so;
	char                so_text[24];  /* "05" */
	const char         *ky_hieu;   /* the full symbol: "471/KH-LĐLĐ" */
	const char         *loai;      /* type code: "KH", "CV" */
	const char         *don_vi;
	struct vb_reg_date  ngay;
	enum vb_reg_state   state;
	const char         *key;
	const char         *trich_yeu, *nguoi_ky, *noi_nhan;
	int                 so_trang;
	const char         *cancel_reason;
	const char         *taken_at, *issued_at, *cancelled_at;  /* UTC */
	struct vb_reg_file *files;
	size_t              nfiles;
	int                 existing;  /* take: the key had it already */
};

/*
 * Takes the next number under req->rules, records the entry (issued, or
 * reserved when req->reserve) and commits, all in one transaction.
 * With a key that already has a live number, returns that entry with
 * existing = 1 (and issues it if it was only reserved and this request
 * issues). A type abbreviation ND30 does not list is taken without a
 * word: the caller, who knows where it came from, warns (vb_reg_loai's
 * known). The entry is allocated in a. Returns 0 or -1.
 *
 * For `so: auto` the renderer takes the number, writes its files, then
 * calls vb_reg_record_outputs(); a crash in between leaves the number
 * recorded without files, and the same key gets it back on the rerun.
 */
int vb_reg_take(struct vb_reg *reg, const struct vb_reg_request *req,
    struct vb_arena *a, struct vb_reg_entry *out);

/*
 * Records the files that carry entry id (path, SHA-256, size) and the
 * page count (so_trang > 0); a path recorded before is replaced.
 * Returns 0 or -1.
 */
int vb_reg_record_outputs(struct vb_reg *reg, int64_t id,
    const struct vb_reg_file *files, size_t nfiles, int so_trang);

/*
 * Issues a reserved number with the details of req (ngay, trich_yeu,
 * nguoi_ky, noi_nhan, so_trang; rules, loai and key are not used). The
 * date must stay in the number's period (the year, for yearly reset).
 * Returns 0 or -1.
 */
int vb_reg_issue(struct vb_reg *reg, int64_t id,
    const struct vb_reg_request *req);

/* Cancels a reserved or issued number; it stays, marked, with reason. */
int vb_reg_cancel(struct vb_reg *reg, int64_t id, const char *reason);

/*
 * Sets the next number of a counter, for a register that continues an
 * older book: loai names the series (NULL for a shared counter), at the
 * period of date (zero: today). next must be above every number already
 * taken in that counter. Returns 0 or -1.
 */
int vb_reg_set_next(struct vb_reg *reg, const struct vb_reg_rules *rules,
    const char *loai, struct vb_reg_date date, long next);

/* ---- reading ------------------------------------------------------------ */

struct vb_reg_filter {
	int64_t            id;         /* 0: any */
	const char        *ky_hieu;    /* full symbol, or NULL */
	int                nam;        /* year of ngay; 0: any */
	const char        *loai;       /* type code, or NULL */
	const char        *org;
	const char        *key;
	enum vb_reg_state  state;      /* 0: any */
};

/*
 * The entries that pass f (NULL: all), in the order they were taken,
 * with their files. *out is an array in a; *n its length. Returns 0/-1.
 */
int vb_reg_list(struct vb_reg *reg, const struct vb_reg_filter *f,
    struct vb_arena *a, struct vb_reg_entry **out, size_t *n);

/*
 * The one entry with symbol ky_hieu (in year nam when not 0). None, or
 * several (a yearly reset repeats symbols): reported, -1.
 */
int vb_reg_find(struct vb_reg *reg, const char *ky_hieu, int nam,
    struct vb_arena *a, struct vb_reg_entry *out);

struct vb_reg_counter {
	const char *org, *series, *period;
	long        next;
};

/* Every counter, with the number it will give next. Returns 0 or -1. */
int vb_reg_counters(struct vb_reg *reg, struct vb_arena *a,
    struct vb_reg_counter **out, size_t *n);

/* "reserved", "issued", "cancelled"; and the reverse (0 if unknown). */
const char        *vb_reg_state_name(enum vb_reg_state s);
enum vb_reg_state  vb_reg_state_parse(const char *s);

/* ---- SHA-256 (FIPS 180-4), reg_sha256.c --------------------------------- */

struct vb_sha256 {
	uint32_t h[8];
	uint64_t len;              /* bytes so far */
	uint8_t  blk[64];
	size_t   n;                /* bytes in blk */
};

void vb_sha256_init(struct vb_sha256 *c);
void vb_sha256_update(struct vb_sha256 *c, const void *p, size_t n);
/* Writes the 32-byte digest; c must be initialised again to reuse it. */
void vb_sha256_final(struct vb_sha256 *c, uint8_t out[32]);
/* One call: the lower-case hex digest of p[0..n) into hex[65]. */
void vb_sha256_hex(const void *p, size_t n, char hex[65]);

/*
 * Fills f (path, sha256, bytes) for the file at path. Returns 0, or -1
 * after reporting VB_ERR_READ to d.
 */
int vb_reg_file_hash(const char *path, struct vb_diag *d,
    struct vb_reg_file *f);

#endif /* VB_REG_H */
