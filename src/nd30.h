/*
 * nd30.h — the rules of Nghị định 30/2020/NĐ-CP (and the trade-union
 * variant) that turn a template's front matter and an organisation
 * profile into the finished header, signature and nơi nhận of a
 * vb_doc, and that finish its body and annexes (stage 5 of STYLE.md
 * §2.3): section numbering, the "./." end mark, annex labels and their
 * "(Kèm theo …)" lines. After vb_nd30_finish() returns 0, vb_doc_check()
 * passes and renderers trust the document.
 *
 * Who may include it: render.c, the register (for the profile's
 * numbering rules), tests and fuzzers.
 *
 * Front-matter keys (ASCII snake_case of the ND30 terms):
 *   loai              document kind: cong_van, ke_hoach, bao_cao … (see
 *                     vb_nd30_kinds)
 *   to_chuc           organisation profile: a name looked up as
 *                     <dir>/<name>.yaml (see profile_dir below), or a
 *                     path ending in .yaml (relative to the template)
 *   co_quan_chu_quan, co_quan, co_quan_day_du, viet_tat, dia_danh, kieu,
 *   ky_hieu_cong_van, co_chu, le_mm, hoa, co_chu_van_ban,
 *   thut_dau_dong_mm, gian_dong, cach_doan_pt
 *                     override the profile's fields of the same name
 *   so                the number; "auto" (the register); "" / ~ / "nhap"
 *                     for a draft with blank number and date
 *   ky_hieu           the whole symbol after "/", overriding the pattern
 *   don_vi_soan_thao  drafting unit, for ND30 công văn symbols "05/BNV-VP"
 *   ngay              date (2023-09-06 or 06/9/2023)
 *   du_thao           true: a draft (blank number and day)
 *   trich_yeu         the summary ("V/v " is added for a công văn)
 *   kinh_gui          addressee, or a list of them
 *   can_cu            list of căn cứ lines
 *   nguoi_ky          { tham_quyen: "TM. BAN THƯỜNG VỤ" (or a list),
 *                       chuc_vu: "PHÓ CHỦ TỊCH", ho_ten: "…" }
 *   noi_nhan          list of recipients (without "- " and ";")
 *   luu               "VT, TG" → the last recipient "- Lưu: VT, TG."
 *   phu_luc           { kem_theo: true|false, danh_so: true|false }
 *   danh_so_muc       false: do not number unlabelled headings
 * String values may hold {{ }} expressions over the data.
 *
 * A certificate (loai: giay_khen, ND30.md §14.5) is not an ND30
 * document: none of the header fields above is required, and it has
 *   mau               thiet_ke (our own design, default) | in_phoi
 *                     (only the boxes, printed on a pre-printed form)
 *   o_chu             boxes { x, y, rong (mm), co_chu (pt), dam,
 *                     nghieng, can: trai|giua|phai, noi_dung }; without
 *                     it, thiet_ke places the fields below
 *   ho_ten, chuc_vu_don_vi, thanh_tich (else the body's text),
 *   so_quyet_dinh ("95/QĐ-LĐLĐ"), ngay, nguoi_ky (as above)
 *
 * Profile keys: co_quan_chu_quan, co_quan, co_quan_day_du, viet_tat,
 * dia_danh, kieu (cong_doan | nha_nuoc), ky_hieu_cong_van ("{viet_tat}"
 * or "{viet_tat}-{don_vi}"), danh_so { reset: nam | nhiem_ky | khong,
 * pham_vi: theo_loai | chung, nhiem_ky_bat_dau: DATE } (read by the
 * register), ky { tham_quyen, chuc_vu, ho_ten }, and the style keys
 * co_chu, le_mm, hoa, co_chu_van_ban, thut_dau_dong_mm, gian_dong,
 * cach_doan_pt.
 */
#ifndef VB_ND30_H
#define VB_ND30_H

#include "doc.h"
#include "diag.h"
#include "value.h"

struct vb_vi;

/* The kind of key ("ke_hoach"), or NULL. */
const struct vb_kind *vb_nd30_kind(const char *key);
/* All kinds, in the order of ND30.md §4.3; *n gets their number. */
const struct vb_kind *vb_nd30_kinds(size_t *n);

struct vb_nd30_in {
	struct vb_srcset      *srcs;     /* profiles and expression texts are
	                                  * added here */
	struct vb_src         *tpl;      /* the template and its front matter */
	const struct vb_value *fm;       /* the front matter (a map, or NULL) */
	const struct vb_value *data;     /* data root for {{ }}; may be NULL */
	const char            *profile_dir; /* the one directory to look
	                                  * in; NULL: $VANBAN_PROFILES, the
	                                  * template's profiles/,
	                                  * ./templates/profiles/, then
	                                  * the installed ones */
	struct vb_vi          *vi;       /* required */
	int                    year_now; /* drafts without a date; 0: from
	                                  * SOURCE_DATE_EPOCH or the clock */
};

/* What the header pass leaves for the finishing pass. */
struct vb_nd30 {
	const char            *kem_theo;     /* the annexes' line, or NULL */
	int                    number_headings;
	int                    number_annexes;  /* even a single one */
	const struct vb_value *profile;      /* the profile map, or NULL */
	const struct vb_value *danh_so;      /* the profile's danh_so map */
};

/*
 * Reads the front matter and the profile it names, checks every key and
 * value, and fills doc's kind, style, header fields, kinh_gui, can_cu,
 * signature and noi_nhan (allocated in doc->arena; the profile is loaded
 * into in->srcs). Reports every problem found; returns 0, or -1 if any
 * was an error. *st is filled for vb_nd30_finish().
 */
int vb_nd30_header(struct vb_doc *doc, const struct vb_nd30_in *in,
    struct vb_diag *d, struct vb_nd30 *st);

/*
 * Finishes the body and annexes built by vb_doc_build(): numbers the
 * headings that have no label (I., 1., 1.1., a)), puts level-1 headings
 * in upper case, ends the body (and each annex that does not end with a
 * table) with "./." unless it is there, labels annexes "Phụ lục I, II …"
 * when there are two or more, upper-cases their titles and sets their
 * "(Kèm theo …)" line. Then runs vb_doc_check(). Returns 0 or -1.
 */
int vb_nd30_finish(struct vb_doc *doc, const struct vb_nd30 *st,
    struct vb_vi *vi, struct vb_diag *d);

/* Levenshtein distance of two ASCII keys, for "did you mean" hints. */
size_t vb_nd30_distance(const char *a, const char *b);

#endif /* VB_ND30_H */
