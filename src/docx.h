/*
 * docx.h — the DOCX writer: a finished struct vb_doc as an editable Word
 * file (WordprocessingML written with libxml2's xmlTextWriter, zipped
 * with libzip), with a style registry so that every ND30 element is a
 * named style a clerk can change in one place.
 *
 * Who may include it: main.c and the tests for vb_docx_write(); the
 * second half (styles, measuring, XML helpers) is for docx.c,
 * docx_style.c and tests/unit/t_docx.c only.
 */
#ifndef VB_DOCX_H
#define VB_DOCX_H

#include "diag.h"
#include "doc.h"

/*
 * Writes doc as a .docx package to path (the caller passes a temporary
 * path and renames it when every stage has succeeded). Every text is
 * checked before anything is written: a character XML 1.0 forbids (C0
 * controls other than tab, newline and CR; U+FFFE, U+FFFF) or invalid
 * UTF-8 is reported at the node's location and nothing is written.
 * The output is deterministic: the same doc gives the same bytes (zip
 * times and document dates come from SOURCE_DATE_EPOCH when it is set,
 * else from the document's date).
 * Returns 0, or -1 after reporting through d; on failure path does not
 * hold a partial file.
 */
int vb_docx_write(const struct vb_doc *doc, const char *path,
    struct vb_diag *d);

/*
 * The same package in memory: *data (malloc'd, caller frees) and *len.
 * Returns 0 or -1 after reporting. For tests and benchmarks.
 */
int vb_docx_build(const struct vb_doc *doc, char **data, size_t *len,
    struct vb_diag *d);

/* ---- internal: docx.c, docx_style.c and their tests -------------------- */

/* Units: twips (1/20 pt, 1/1440 inch); sizes in half-points. */
#define VB_DOCX_MM(mm)  ((int)((mm) * 1440.0 / 25.4 + 0.5))
#define VB_DOCX_PT(pt)  ((int)((pt) * 20.0 + 0.5))

/* A libxml2 text writer and a sticky failure flag. */
struct _xmlTextWriter;
struct vb_docx_xml {
	struct _xmlTextWriter *w;
	int                    err;   /* a writer call failed */
};

void vb_docx_el(struct vb_docx_xml *x, const char *name);
void vb_docx_end(struct vb_docx_xml *x);
void vb_docx_att(struct vb_docx_xml *x, const char *name, const char *val);
void vb_docx_atti(struct vb_docx_xml *x, const char *name, long val);
/* <name w:val="val"/> */
void vb_docx_val(struct vb_docx_xml *x, const char *name, const char *val);
void vb_docx_vali(struct vb_docx_xml *x, const char *name, long val);
/* Escaped character data; s must already be checked (see docx.c). */
void vb_docx_str(struct vb_docx_xml *x, const char *s);

enum vb_docx_jc {
	VB_JC_NONE = 0, VB_JC_LEFT, VB_JC_CENTER, VB_JC_RIGHT, VB_JC_BOTH
};

/* Which fields of struct vb_docx_props a style or paragraph sets. */
#define VB_DP_JC        0x0001u
#define VB_DP_IND       0x0002u  /* left, right, first (< 0: hanging) */
#define VB_DP_SPACING   0x0004u  /* before, after (twips), line (240ths) */
#define VB_DP_KEEPNEXT  0x0008u
#define VB_DP_KEEPLINES 0x0010u
#define VB_DP_BOLD      0x0020u
#define VB_DP_ITALIC    0x0040u
#define VB_DP_SIZE      0x0080u  /* half-points */
#define VB_DP_OUTLINE   0x0100u  /* outline level, 0 = level 1 */
#define VB_DP_TAB       0x0200u  /* one left tab stop at tab */
#define VB_DP_RULE      0x0400u  /* a solid top border: the ND30 rule */

/* Paragraph and run properties, written in schema order. */
struct vb_docx_props {
	unsigned set;
	int      jc;
	int      left, right, first;
	int      before, after, line;
	int      bold, italic;         /* 0 or 1 when set */
	int      size;
	int      outline;
	int      tab;
};

/* The named styles, one per ND30 element (the registry's first rows). */
enum vb_docx_sid {
	VB_STY_NORMAL = 0,
	VB_STY_BODY,          /* Nội dung: justified, first-line indent */
	VB_STY_H1,            /* I. MỤC — heading 1..4 (ND30.md §7.2) */
	VB_STY_H2,
	VB_STY_H3,
	VB_STY_H4,
	VB_STY_ITEM,          /* "- " / "1." items, hanging indent */
	VB_STY_CQ_CHU_QUAN,   /* cơ quan chủ quản */
	VB_STY_CQ,            /* cơ quan ban hành */
	VB_STY_SO,            /* Số: … */
	VB_STY_VV,            /* V/v … of a công văn */
	VB_STY_QH,            /* Quốc hiệu */
	VB_STY_TN,            /* Tiêu ngữ */
	VB_STY_DATE,          /* place and date */
	VB_STY_RULE,          /* a short rule (empty paragraph, top border) */
	VB_STY_TINY,          /* empty 1 pt paragraph: section breaks */
	VB_STY_TITLE,         /* tên loại */
	VB_STY_TRICH_YEU,     /* trích yếu under the title */
	VB_STY_KINH_GUI,      /* Kính gửi */
	VB_STY_CAN_CU,        /* căn cứ lines */
	VB_STY_NOI_NHAN,      /* "Nơi nhận:" */
	VB_STY_NOI_NHAN_ITEM, /* its items */
	VB_STY_SIG,           /* signature lines (TM., position) */
	VB_STY_SIGNER,        /* signer's name */
	VB_STY_ANNEX_LABEL,   /* Phụ lục I */
	VB_STY_ANNEX_TITLE,
	VB_STY_ANNEX_SUB,
	VB_STY_KEM_THEO,      /* (Kèm theo …) */
	VB_STY_CELL,          /* table cells */
	VB_STY_CELL_HEAD,     /* header-row cells */
	VB_STY_CELL_TOTAL,    /* totals-row cells */
	VB_STY_PAGENUM,       /* the header paragraph with the PAGE field */
	VB_STY_TABLE,         /* table style: single borders */
	VB_STY_LAYOUT_TABLE,  /* table style: no borders, no cell margins */
	VB_STY_TABLE_NORMAL,  /* Word's default table style */
	VB_STY__MAX
};

enum vb_docx_stype { VB_STYPE_PARA = 0, VB_STYPE_TABLE };

struct vb_docx_sty {
	const char           *id;       /* styleId */
	const char           *name;     /* shown to the clerk */
	enum vb_docx_stype    type;
	int                   based_on; /* index, or -1 */
	int                   next;     /* index, or -1 */
	int                   builtin;  /* a name Word knows ("heading 1") */
	struct vb_docx_props  p;
};

/* The registry: the named styles, then derived ones made on demand
 * (lowdown's odt_sty). Lives in an arena the writer owns. */
struct vb_docx_styles {
	struct vb_docx_sty *v;
	size_t              n, cap;
	struct vb_arena    *a;
	int                 body_half;  /* body size in half-points */
	int                 cell_mar;   /* data table cell margin, twips */
};

/* Fills the named styles from the profile's sizes and spacing. */
void vb_docx_styles_init(struct vb_docx_styles *r, const struct vb_style *st,
    struct vb_arena *a);
/*
 * Returns the index of a style based on base with the properties of
 * over replacing base's, creating it ("Nội dung (căn giữa)") on first
 * use; returns base itself when over changes nothing.
 */
int vb_docx_style_derive(struct vb_docx_styles *r, int base,
    const struct vb_docx_props *over);
/* The effective value of a property of style i (following basedOn). */
int vb_docx_style_get(const struct vb_docx_styles *r, int i, unsigned bit,
    struct vb_docx_props *out);
/* Writes word/styles.xml (the whole part). */
void vb_docx_styles_xml(const struct vb_docx_styles *r,
    struct vb_docx_xml *x);
/* Writes the children of a w:pPr (after w:pStyle) / of a w:rPr. */
void vb_docx_ppr(struct vb_docx_xml *x, const struct vb_docx_props *p);
void vb_docx_rpr(struct vb_docx_xml *x, const struct vb_docx_props *p);

/*
 * Advance width in twips of UTF-8 text s[0..len) in Times New Roman at
 * pt points (Liberation Serif 2 metrics, which are Times New Roman's).
 * Invalid bytes count as an average letter.
 */
int vb_docx_measure(const char *s, size_t len, double pt, int bold);
/* Width of the longest line when s is wrapped at spaces to maxw twips. */
int vb_docx_longest_line(const char *s, double pt, int bold, int maxw);
/* Width of the longest space-separated word of s[0..len). */
int vb_docx_longest_word(const char *s, size_t len, double pt, int bold);

#endif /* VB_DOCX_H */
