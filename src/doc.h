/*
 * doc.h — the document tree (struct vb_doc), the one structure at the
 * centre of vanban: the merge builds it, nd30.c validates it, and the
 * renderers (layout + PDF, DOCX, dump) only read it.
 *
 * Who may include it: the document builder, nd30.c, the renderers,
 * dump.c, tests and fuzzers.
 *
 * Shape (STYLE.md §2.1): header fields set by ND30 rules live in
 * struct vb_doc as finished text; the body and each annex are trees of
 * struct vb_node (cmark_node's five links). Everything is allocated in
 * the document arena and freed with it. All text is UTF-8 in NFC.
 */
#ifndef VB_DOC_H
#define VB_DOC_H

#include "vb.h"

enum vb_node_type {
	VB_NODE_ROOT = 0,   /* the body, or an annex's content */
	VB_NODE_PARA,       /* justified paragraph, first-line indent */
	VB_NODE_HEADING,    /* a section: level + label ("I.", "1.", "a)") */
	VB_NODE_LIST,       /* items with labels ("- ", "1.", "a)") */
	VB_NODE_ITEM,       /* one list item; holds PARA children */
	VB_NODE_TEXT,       /* a run of text, never markup */
	VB_NODE_EMPH,       /* italic span */
	VB_NODE_STRONG,     /* bold span */
	VB_NODE_BREAK,      /* hard line break inside a paragraph */
	VB_NODE_PAGEBREAK,  /* forced new page */
	VB_NODE_TABLE,      /* a table: header rows first, then body rows */
	VB_NODE_ROW,
	VB_NODE_CELL,
	VB_NODE__MAX
};

/* Node flags. */
#define VB_NODE_GENERATED  0x01  /* made by a rule, not written in the template */
#define VB_NODE_CENTER     0x02  /* PARA/HEADING: centred, no indent */
#define VB_NODE_NOINDENT   0x04  /* PARA: no first-line indent */
#define VB_NODE_ITALIC     0x08  /* PARA: whole paragraph italic (căn cứ) */
#define VB_NODE_BOLD       0x10  /* PARA/ROW/CELL: bold (totals row) */
#define VB_NODE_HEADER     0x20  /* ROW: a header row, repeated on each page */
#define VB_NODE_TOTAL      0x40  /* ROW: the totals row */
#define VB_NODE_KEEPNEXT   0x80  /* keep with the next block */
#define VB_NODE_VALUE      0x100 /* TEXT: the output of a {{ }} expression */
#define VB_NODE_AUTOLABEL  0x200 /* HEADING: label made by numbering */
#define VB_NODE_LANDSCAPE  0x400 /* TABLE: declared khổ ngang (landscape) */

enum vb_align { VB_ALIGN_DEFAULT = 0, VB_ALIGN_LEFT, VB_ALIGN_CENTER,
    VB_ALIGN_RIGHT, VB_ALIGN_JUSTIFY };

struct vb_colspec {
	double         width_mm;  /* 0: measured from content */
	enum vb_align  align;     /* body cells of this column */
};

struct vb_node {
	struct vb_node     *parent, *first, *last, *prev, *next;
	enum vb_node_type   type;
	unsigned            flags;
	struct vb_loc       loc;       /* the template text that made it */
	union {
		struct {                   /* TEXT */
			const char *s;
			size_t      len;
		} text;
		struct {                   /* HEADING */
			int         level;     /* 1 = "I.", 2 = "1.", 3 = "1.1.", 4 = "a)" */
			const char *label;     /* "II.", "2.", "2.1.", "b)"; may be "" */
		} heading;
		struct {                   /* LIST */
			int         ordered;
			int         start;
		} list;
		struct {                   /* ITEM */
			const char *label;     /* "-", "1.", "a)" */
		} item;
		struct {                   /* TABLE */
			size_t             ncols;
			struct vb_colspec *cols;
			size_t             nheader;   /* leading header rows */
			double             font_pt;   /* 0: the body size */
		} table;
		struct {                   /* CELL */
			int            colspan, rowspan;  /* ≥ 1 */
			enum vb_align  align;
			int            covered;  /* 1: hidden under a span */
		} cell;
	} as;
};

/* An annex (phụ lục): starts a new page, may be landscape, numbered on
 * its own, with its "(Kèm theo …)" line made from the document's fields. */
struct vb_annex {
	const char      *label;     /* "Phụ lục I", or NULL with one annex */
	const char      *title;     /* "BIỂU TỔNG HỢP …" (upper case) */
	const char      *subtitle;  /* optional second bold line */
	const char      *kem_theo;  /* "(Kèm theo Kế hoạch số 471/KH-LĐLĐ …)" */
	int              landscape;
	struct vb_node  *body;      /* a ROOT node */
	struct vb_loc    loc;
};

/* What a document kind (loai) decides (ND30.md §4.3). */
struct vb_kind {
	const char *key;         /* the template's loai: "cong_van", "ke_hoach" … */
	const char *title;       /* "KẾ HOẠCH"; NULL for a công văn */
	const char *name;        /* "Kế hoạch", for the "Kèm theo" line */
	const char *abbr;        /* "KH"; NULL for a công văn */
	int         cong_van;    /* V/v under the number, no title */
};

/*
 * A box of text on a certificate (giấy khen, ND30.md §14.5), placed by
 * its top-left corner on the landscape A4 page: the text is wrapped to
 * w_mm and aligned in it; y_mm is the top of its first line.
 */
struct vb_cert_box {
	double         x_mm, y_mm, w_mm;
	double         size;          /* points */
	int            bold, italic;
	enum vb_align  align;         /* LEFT, CENTER or RIGHT */
	const char    *text;          /* '\n' breaks a line; "" prints nothing */
	struct vb_loc  loc;
};

/* The size set and page of the issuing body's profile (ND30.md §1). */
struct vb_style {
	double qh_pt, tn_pt, date_pt;  /* 12/13/13 or 13/14/14 */
	double body_pt;                /* 14 (13–14) */
	double margin_mm[4];           /* top, bottom, left, right: 20 20 30 15 */
	double indent_mm;              /* 10 or 12.7 */
	double line_spacing;           /* multiple of single, 1.0–1.5 */
	double para_space_pt;          /* ≥ 6 */
	int    hoa_old_style;          /* "CỘNG HOÀ" instead of "CỘNG HÒA" */
};

struct vb_doc {
	struct vb_arena        *arena;
	const struct vb_kind   *kind;
	struct vb_style         style;
	int                     draft;        /* blank number and day */

	/* The header block (ô 1–5), finished text. */
	const char  *co_quan_chu_quan;  /* parent body, UPPER; may be NULL */
	const char  *co_quan;           /* issuer, UPPER */
	const char  *so;                /* "1070", "05"; NULL when draft */
	const char  *ky_hieu;           /* after the slash: "LĐLĐ", "KH-LĐLĐ" */
	const char  *so_line;           /* "Số: 1070/LĐLĐ", "Số:      /LĐLĐ" */
	const char  *dia_danh;          /* "Lai Châu" */
	int          ngay_y, ngay_m, ngay_d;
	const char  *date_line;         /* "Lai Châu, ngày 10 tháng 11 năm 2022" */
	const char  *title;             /* "KẾ HOẠCH"; NULL for a công văn */
	const char  *trich_yeu;         /* "V/v …" for a công văn */

	/* A decision's issuing authority, centred UPPER bold under the
	 * title ("BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", ND30.md
	 * §14.4), and the line that opens its articles after the căn cứ
	 * ("QUYẾT ĐỊNH:"); NULL for other kinds. */
	const char  *tham_quyen;
	const char  *mo_dieu;

	/* Before the body. */
	const char **kinh_gui;          /* addressees, without "- " and ";" */
	size_t       nkinh_gui;
	const char **can_cu;            /* căn cứ lines, with their ";"/"." */
	size_t       ncan_cu;

	struct vb_node *body;           /* ROOT */

	/* Signature (ô 7) and Nơi nhận (ô 9b). */
	const char **sig_lines;         /* "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH" */
	size_t       nsig_lines;
	const char  *signer;            /* "Nguyễn Văn A" */
	const char **noi_nhan;          /* items, each "- …;" / "- Lưu: VT, …." */
	size_t       nnoi_nhan;

	struct vb_annex *annexes;
	size_t           nannexes;

	/* A certificate (loai: giay_khen) is not an ND30 document: one
	 * landscape page of boxes, nothing else (ND30.md §14.5). */
	int                  cert_mode;   /* 0 none, 1 thiet_ke (own
	                                   * design), 2 in_phoi (overlay on
	                                   * a pre-printed form) */
	struct vb_cert_box  *cert_boxes;
	size_t               ncert_boxes;

	/* Document information for the writers. */
	const char  *info_title;        /* the trích yếu */
	const char  *info_author;       /* the issuer */
};

/* ---- tree operations (doc.c) ------------------------------------------- */

struct vb_node *vb_node_new(struct vb_arena *a, enum vb_node_type t,
    const struct vb_loc *loc);
void vb_node_append(struct vb_node *parent, struct vb_node *child);
void vb_node_unlink(struct vb_node *n);
/* Links n (unlinked) as ref's next sibling. */
void vb_node_insert_after(struct vb_node *ref, struct vb_node *n);
/* Appends a TEXT child holding a copy of s[0..len). */
struct vb_node *vb_node_text(struct vb_arena *a, struct vb_node *parent,
    const char *s, size_t len, const struct vb_loc *loc);

/* cmark-style iterator: every node twice, on ENTER and on EXIT, leaves
 * included, so that a renderer is one switch that opens and closes. */
enum vb_event { VB_EVENT_NONE = 0, VB_EVENT_ENTER, VB_EVENT_EXIT };
struct vb_iter {
	struct vb_node *root, *cur;
	enum vb_event   ev;
};
void          vb_iter_init(struct vb_iter *it, struct vb_node *root);
/* Advances; returns VB_EVENT_NONE after the root's EXIT. it->cur is the
 * node. Calling vb_iter_skip() on a node's ENTER skips its children: the
 * next event is that node's EXIT. */
enum vb_event vb_iter_next(struct vb_iter *it);
void          vb_iter_skip(struct vb_iter *it);

/* Node type names for dumps ("para", "heading" …), one per type. */
const char *vb_node_type_name(enum vb_node_type t);

/* Checks the tree invariants (links, spans, table shapes). Returns 0 or
 * -1 with a message in why (static text). Renderers may trust a doc for
 * which this returned 0. */
int vb_doc_check(const struct vb_doc *doc, const char **why);
/* The same checks for one tree (a ROOT and what it holds) alone. */
int vb_node_check(const struct vb_node *root, const char **why);

/* ---- building (doc_build.c) --------------------------------------------- */

struct vb_merged;
struct vb_vi;
struct vb_diag;

/*
 * Parses the expanded Markdown of m with md4c (CommonMark, no raw HTML,
 * no pipe tables, no indented code) and builds doc->body and, after each
 * "\phuluc" paragraph, one annex (title, subtitle, landscape and body;
 * label and "Kèm theo" line are set later by nd30.c). Each sentinel is
 * replaced by its slot's text as a TEXT node flagged VB_NODE_VALUE whose
 * loc is the {{ }} expression; a table slot becomes a TABLE subtree.
 * Headings keep their level (# = 1 … #### = 4) and their written label
 * ("I.", "1.", "1.1.", "a)") split off into as.heading.label.
 * doc->arena must be set; everything is allocated there. vi may be NULL
 * (the template text is then not put in NFC). Returns 0, or -1 after
 * reporting every problem found.
 */
int vb_doc_build(struct vb_doc *doc, const struct vb_merged *m,
    struct vb_vi *vi, struct vb_diag *d);

#endif /* VB_DOC_H */
