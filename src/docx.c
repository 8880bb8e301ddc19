/*
 * docx.c — the DOCX writer: struct vb_doc as WordprocessingML parts,
 * written with libxml2's xmlTextWriter and zipped with libzip. Word
 * lays the text out itself, so this file only says what each element
 * is (a named style from docx_style.c) and where the page, section,
 * table and rule boundaries are.
 *
 * Design choices:
 *   - The ND30 rules under the issuer, the Tiêu ngữ, the trích yếu and
 *     an annex title are empty 1 pt paragraphs with a top border whose
 *     left and right indents give the rule its length (measured with
 *     Times New Roman's widths, docx_style.c). They stay in the text
 *     flow, so they cannot drift from their line when a clerk edits
 *     above them (an anchored DrawingML/VML line can), they need no
 *     namespace beyond ECMA-376 WordprocessingML, and LibreOffice draws
 *     them where Word does.
 *   - Heading and item labels ("I.", "1.1.", "a)", "- ") are literal
 *     text, not Word numbering: Word's letter numbering has no "đ" and
 *     does not skip f/j/w/z, numbering definitions break when clerks
 *     paste between documents, and literal labels match the PDF.
 *   - Layout tables (header block, signature) and data tables are real
 *     Word tables with fixed grids; the rows never split.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>
#include <zip.h>

#include "docx.h"

#define NS_W   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R   "http://schemas.openxmlformats.org/officeDocument/2006/" \
               "relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/"
#define CT_WML "application/vnd.openxmlformats-officedocument." \
               "wordprocessingml."

/* A4 in twips (ND30.md §1). */
#define A4_W 11906
#define A4_H 16838
/* The header paragraph (page number) sits 10 mm below the page edge,
 * inside the 20–25 mm top margin. */
#define HDR_DIST 567
/* The short rules: ND30 asks 1/3–1/2 of the line above. */
#define RULE_FRAC 0.4
/* The right header column holds the Quốc hiệu with this much to spare. */
#define QH_SPARE VB_DOCX_MM(5)
/* Narrowest table column the width sharing will make. */
#define MIN_COL VB_DOCX_MM(8)
/* Nested lists move right up to this depth, then stay. */
#define MAX_DEPTH 8
/*
 * Compression: parts under DEFLATE_FROM bytes (rels, content types,
 * properties, settings, headers: under 1.5 KB each) are stored, the
 * others deflated at the fastest level. Measured on a three-page letter
 * with an annex table: zlib's per-entry set-up and level 6 took half of
 * the time; this doubles the speed for 3 KB more per package.
 */
#define DEFLATE_FROM  4096
#define DEFLATE_LEVEL 1

static const char qh_new[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
static const char qh_old[] = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM";
static const char tieu_ngu[] = "Độc lập - Tự do - Hạnh phúc";
static const char kinh_gui_label[] = "Kính gửi:";

/* The package's parts, in the order they are zipped. */
enum part {
	P_CT, P_RELS, P_APP, P_CORE, P_DOC, P_DOCRELS, P_STYLES,
	P_SETTINGS, P_HDR1, P_HDR2, P__MAX
};

static const char *const part_names[] = {
	"[Content_Types].xml",
	"_rels/.rels",
	"docProps/app.xml",
	"docProps/core.xml",
	"word/document.xml",
	"word/_rels/document.xml.rels",
	"word/styles.xml",
	"word/settings.xml",
	"word/header1.xml",
	"word/header2.xml"
};

_Static_assert(sizeof(part_names) / sizeof(part_names[0]) == P__MAX,
    "part_names out of step with enum part");

struct sect {
	int landscape;
	int restart;   /* page numbers start again at 1 */
	int titlepg;   /* no page number on the section's first page */
};

struct docx {
	const struct vb_doc   *doc;
	struct vb_diag        *d;
	struct vb_arena        a;
	struct vb_docx_styles  sty;
	struct vb_docx_xml     x;         /* the part being written */
	struct vb_buf          scratch;
	int                    bad;       /* a text was refused */
	double                 body_pt, qh_pt, tn_pt;
	int                    margin[4]; /* top, bottom, left, right */
	int                    indent;
	struct sect            sect;      /* the section being written */
	int                    textw;     /* twips between the margins */
	int                    headw[2];  /* header and signature columns */
	/* The walk. */
	int                    bold, italic;
	int                    depth;     /* list nesting */
	int                    item_sty[MAX_DEPTH + 1];
	int                    cont_sty[MAX_DEPTH + 1];
	int                    item_left[MAX_DEPTH + 1];
	const char            *label;     /* item label not yet written */
	const struct vb_node  *keep;      /* keep with the signature block */
	int                    last_table; /* the last block was a table */
};

#define X (&x->x)

/* ---- text -------------------------------------------------------------- */

/*
 * XML 1.0 allows tab, newline, CR, U+0020–U+D7FF, U+E000–U+FFFD and the
 * planes above; vb_utf8_decode already refuses surrogates. Returns 0, or
 * -1 after reporting the first bad character of s.
 */
static int
check_text(struct docx *x, const char *s, size_t len,
    const struct vb_loc *loc, const char *what)
{
	size_t   i = 0, k;
	uint32_t cp;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {
			if ((k = vb_utf8_decode(s + i, len - i, &cp)) == 0) {
				vb_diag(x->d, VB_ERR_UTF8, loc,
				    "byte 0x%02X in %s", c, what);
				x->bad = 1;
				return -1;
			}
		} else {
			cp = c;
			k = 1;
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    cp == 0xFFFE || cp == 0xFFFF) {
			vb_diag(x->d, VB_ERR_DOCX_CHAR, loc, "U+%04X in %s",
			    (unsigned)cp, what);
			x->bad = 1;
			return -1;
		}
		i += k;
	}
	return 0;
}

/* The inside of a w:r: w:t pieces, a w:tab per tab, a w:br per line. */
static void
run_content(struct docx *x, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			continue;
		if (i > start) {
			vb_buf_reset(&x->scratch);
			vb_buf_put(&x->scratch, s + start, i - start);
			vb_docx_el(X, "w:t");
			vb_docx_att(X, "xml:space", "preserve");
			vb_docx_str(X, x->scratch.data);
			vb_docx_end(X);
		}
		if (i < len) {
			if (s[i] == '\t') {
				vb_docx_el(X, "w:tab");
				vb_docx_end(X);
			} else if (!(s[i] == '\r' && i + 1 < len &&
			    s[i + 1] == '\n')) {
				vb_docx_el(X, "w:br");
				vb_docx_end(X);
			}
		}
		start = i + 1;
	}
}

/* One run in the current bold/italic state; the text is checked. */
static void
run(struct docx *x, const char *s, size_t len, const struct vb_loc *loc,
    const char *what)
{
	struct vb_docx_props p;

	if (check_text(x, s, len, loc, what) != 0)
		return;
	vb_docx_el(X, "w:r");
	if (x->bold > 0 || x->italic > 0) {
		memset(&p, 0, sizeof(p));
		if (x->bold > 0) {
			p.set |= VB_DP_BOLD;
			p.bold = 1;
		}
		if (x->italic > 0) {
			p.set |= VB_DP_ITALIC;
			p.italic = 1;
		}
		vb_docx_el(X, "w:rPr");
		vb_docx_rpr(X, &p);
		vb_docx_end(X);
	}
	run_content(x, s, len);
	vb_docx_end(X);
}

/* ---- paragraphs, rules, sections --------------------------------------- */

static void
p_open(struct docx *x, int sty, const struct vb_docx_props *direct)
{
	vb_docx_el(X, "w:p");
	vb_docx_el(X, "w:pPr");
	vb_docx_val(X, "w:pStyle", x->sty.v[sty].id);
	if (direct != NULL)
		vb_docx_ppr(X, direct);
	vb_docx_end(X);
	x->last_table = 0;
}

static void
p_close(struct docx *x)
{
	vb_docx_end(X);
}

/* A paragraph of one field of the document (no source location). */
static void
text_para(struct docx *x, int sty, const struct vb_docx_props *direct,
    const char *s, const char *what)
{
	p_open(x, sty, direct);
	if (s != NULL)
		run(x, s, strlen(s), NULL, what);
	p_close(x);
}

/* A rule of the given width centred in avail (twips), with after
 * twips of space below it (0: the style's). */
static void
rule(struct docx *x, int avail, int width, int after)
{
	struct vb_docx_props p;

	if (width > avail)
		width = avail;
	if (width < VB_DOCX_MM(5))
		width = VB_DOCX_MM(5);
	memset(&p, 0, sizeof(p));
	if (after > 0) {
		vb_docx_style_get(&x->sty, VB_STY_RULE, VB_DP_SPACING, &p);
		p.after = after;
	}
	p.set |= VB_DP_IND;
	p.left = (avail - width) / 2;
	p.right = avail - width - p.left;
	p_open(x, VB_STY_RULE, &p);
	p_close(x);
}

static void
set_sect(struct docx *x, const struct sect *s)
{
	x->sect = *s;
	x->textw = (s->landscape ? A4_H : A4_W) - x->margin[2] - x->margin[3];
}

static void
sect_pr(struct docx *x, const struct sect *s)
{
	vb_docx_el(X, "w:sectPr");
	vb_docx_el(X, "w:headerReference");
	vb_docx_att(X, "w:type", "default");
	vb_docx_att(X, "r:id", "rId3");
	vb_docx_end(X);
	vb_docx_el(X, "w:headerReference");
	vb_docx_att(X, "w:type", "first");
	vb_docx_att(X, "r:id", "rId4");
	vb_docx_end(X);
	vb_docx_el(X, "w:pgSz");
	vb_docx_atti(X, "w:w", s->landscape ? A4_H : A4_W);
	vb_docx_atti(X, "w:h", s->landscape ? A4_W : A4_H);
	if (s->landscape)
		vb_docx_att(X, "w:orient", "landscape");
	vb_docx_end(X);
	vb_docx_el(X, "w:pgMar");
	vb_docx_atti(X, "w:top", x->margin[0]);
	vb_docx_atti(X, "w:right", x->margin[3]);
	vb_docx_atti(X, "w:bottom", x->margin[1]);
	vb_docx_atti(X, "w:left", x->margin[2]);
	vb_docx_atti(X, "w:header", HDR_DIST);
	vb_docx_atti(X, "w:footer", HDR_DIST);
	vb_docx_atti(X, "w:gutter", 0);
	vb_docx_end(X);
	if (s->restart) {
		vb_docx_el(X, "w:pgNumType");
		vb_docx_att(X, "w:start", "1");
		vb_docx_end(X);
	}
	if (s->titlepg) {
		vb_docx_el(X, "w:titlePg");
		vb_docx_end(X);
	}
	vb_docx_end(X);
}

/* Ends the current section with a 1 pt paragraph holding its sectPr;
 * what follows starts a new page in section next. */
static void
sect_break(struct docx *x, const struct sect *next)
{
	vb_docx_el(X, "w:p");
	vb_docx_el(X, "w:pPr");
	vb_docx_val(X, "w:pStyle", x->sty.v[VB_STY_TINY].id);
	sect_pr(x, &x->sect);
	vb_docx_end(X);
	vb_docx_end(X);
	x->last_table = 0;
	set_sect(x, next);
}

/* ---- tables ------------------------------------------------------------ */

static void
tbl_open(struct docx *x, int sty, const int *w, size_t n)
{
	size_t i;
	long   sum = 0;

	for (i = 0; i < n; i++)
		sum += w[i];
	vb_docx_el(X, "w:tbl");
	vb_docx_el(X, "w:tblPr");
	vb_docx_val(X, "w:tblStyle", x->sty.v[sty].id);
	vb_docx_el(X, "w:tblW");
	vb_docx_atti(X, "w:w", sum);
	vb_docx_att(X, "w:type", "dxa");
	vb_docx_end(X);
	vb_docx_el(X, "w:tblInd");
	vb_docx_att(X, "w:w", "0");
	vb_docx_att(X, "w:type", "dxa");
	vb_docx_end(X);
	vb_docx_el(X, "w:tblLayout");
	vb_docx_att(X, "w:type", "fixed");
	vb_docx_end(X);
	vb_docx_end(X);
	vb_docx_el(X, "w:tblGrid");
	for (i = 0; i < n; i++) {
		vb_docx_el(X, "w:gridCol");
		vb_docx_atti(X, "w:w", w[i]);
		vb_docx_end(X);
	}
	vb_docx_end(X);
}

static void
tr_open(struct docx *x, int header)
{
	vb_docx_el(X, "w:tr");
	vb_docx_el(X, "w:trPr");
	vb_docx_el(X, "w:cantSplit");
	vb_docx_end(X);
	if (header) {
		vb_docx_el(X, "w:tblHeader");
		vb_docx_end(X);
	}
	vb_docx_end(X);
}

/* vmerge: 0 none, 1 restart, 2 continue. */
static void
tc_open(struct docx *x, int width, int span, int vmerge, const char *valign)
{
	vb_docx_el(X, "w:tc");
	vb_docx_el(X, "w:tcPr");
	vb_docx_el(X, "w:tcW");
	vb_docx_atti(X, "w:w", width);
	vb_docx_att(X, "w:type", "dxa");
	vb_docx_end(X);
	if (span > 1)
		vb_docx_vali(X, "w:gridSpan", span);
	if (vmerge == 1)
		vb_docx_val(X, "w:vMerge", "restart");
	else if (vmerge == 2) {
		vb_docx_el(X, "w:vMerge");
		vb_docx_end(X);
	}
	if (valign != NULL)
		vb_docx_val(X, "w:vAlign", valign);
	vb_docx_end(X);
}

/* ---- the header block (ô 1–5) ------------------------------------------ */

static void
header_block(struct docx *x)
{
	const struct vb_doc *doc = x->doc;
	const char          *qh = doc->style.hoa_old_style ? qh_old : qh_new;
	int                  left = x->headw[0], right = x->headw[1];
	int                  w;

	tbl_open(x, VB_STY_LAYOUT_TABLE, x->headw, 2);
	tr_open(x, 0);
	tc_open(x, left, 1, 0, NULL);
	if (doc->co_quan_chu_quan != NULL && doc->co_quan_chu_quan[0] != '\0')
		text_para(x, VB_STY_CQ_CHU_QUAN, NULL, doc->co_quan_chu_quan,
		    "the parent body (co_quan_chu_quan)");
	text_para(x, VB_STY_CQ, NULL, doc->co_quan,
	    "the issuing body (co_quan)");
	w = doc->co_quan != NULL ? vb_docx_longest_line(doc->co_quan,
	    x->qh_pt, 1, left) : 0;
	rule(x, left, (int)(w * RULE_FRAC), 0);
	vb_docx_end(X);
	tc_open(x, right, 1, 0, NULL);
	text_para(x, VB_STY_QH, NULL, qh, "the Quốc hiệu");
	text_para(x, VB_STY_TN, NULL, tieu_ngu, "the Tiêu ngữ");
	rule(x, right, vb_docx_measure(tieu_ngu, strlen(tieu_ngu), x->tn_pt,
	    1), 0);
	vb_docx_end(X);
	vb_docx_end(X);

	/* Row 2: the Số and the place-date on the same line. */
	tr_open(x, 0);
	tc_open(x, left, 1, 0, NULL);
	text_para(x, VB_STY_SO, NULL, doc->so_line, "the number (so)");
	if (doc->kind != NULL && doc->kind->cong_van && doc->trich_yeu != NULL)
		text_para(x, VB_STY_VV, NULL, doc->trich_yeu,
		    "the summary (trich_yeu)");
	vb_docx_end(X);
	tc_open(x, right, 1, 0, NULL);
	text_para(x, VB_STY_DATE, NULL, doc->date_line,
	    "the place and date (dia_danh, ngay)");
	vb_docx_end(X);
	vb_docx_end(X);
	vb_docx_end(X);
	x->last_table = 1;
}

/* Tên loại and trích yếu with its rule (ô 5a). */
static void
title_block(struct docx *x)
{
	const struct vb_doc *doc = x->doc;
	const char          *under;

	if (doc->title == NULL || (doc->kind != NULL && doc->kind->cong_van))
		return;
	text_para(x, VB_STY_TITLE, NULL, doc->title, "the title (loai)");
	under = doc->title;
	if (doc->trich_yeu != NULL && doc->trich_yeu[0] != '\0') {
		text_para(x, VB_STY_TRICH_YEU, NULL, doc->trich_yeu,
		    "the summary (trich_yeu)");
		under = doc->trich_yeu;
	}
	rule(x, x->textw, (int)(RULE_FRAC * vb_docx_longest_line(under,
	    x->body_pt, 1, x->textw)), VB_DOCX_PT(6));
}

/*
 * Kính gửi (ô 9a, ND30.md §7.4): one addressee on the label's line;
 * several one per line after "- ", ending ";" and the last ".", the
 * dashes lined up after the colon (a hanging indent with a tab stop,
 * lines broken inside one paragraph). The block is centred.
 */
static void
kinh_gui(struct docx *x)
{
	const struct vb_doc  *doc = x->doc;
	struct vb_docx_props  p;
	struct vb_buf         b = VB_BUF_INIT;
	size_t                i;
	int                   labw, maxw = 0, w, ok = 1;

	if (doc->nkinh_gui == 0)
		return;
	for (i = 0; i < doc->nkinh_gui; i++)
		if (check_text(x, doc->kinh_gui[i], strlen(doc->kinh_gui[i]),
		    NULL, "an addressee (kinh_gui)") != 0)
			ok = 0;
	if (!ok)
		return;
	memset(&p, 0, sizeof(p));
	p.set = VB_DP_IND;
	vb_buf_puts(&b, kinh_gui_label);
	if (doc->nkinh_gui == 1) {
		vb_buf_putc(&b, ' ');
		vb_buf_puts(&b, doc->kinh_gui[0]);
		w = vb_docx_measure(b.data, b.len, x->body_pt, 0);
		p.left = w < x->textw ? (x->textw - w) / 2 : 0;
	} else {
		labw = (vb_docx_measure(kinh_gui_label, strlen(kinh_gui_label),
		    x->body_pt, 0) + vb_docx_measure(" ", 1, x->body_pt, 0) +
		    19) / 20 * 20;
		for (i = 0; i < doc->nkinh_gui; i++) {
			vb_buf_puts(&b, i == 0 ? "\t- " : "\n- ");
			vb_buf_puts(&b, doc->kinh_gui[i]);
			vb_buf_putc(&b, i + 1 < doc->nkinh_gui ? ';' : '.');
			w = vb_docx_measure(doc->kinh_gui[i],
			    strlen(doc->kinh_gui[i]), x->body_pt, 0) +
			    vb_docx_measure("- ;", 3, x->body_pt, 0);
			if (w > maxw)
				maxw = w;
		}
		w = labw + maxw;
		p.left = (w < x->textw ? (x->textw - w) / 2 : 0) + labw;
		p.first = -labw;
		p.set |= VB_DP_TAB;
		p.tab = p.left;
	}
	p_open(x, VB_STY_KINH_GUI, &p);
	run(x, b.data, b.len, NULL, "the addressees (kinh_gui)");
	p_close(x);
	vb_buf_free(&b);
}

/* The style's spacing with a different space before. */
static void
space_before(struct docx *x, int sty, int before, struct vb_docx_props *p)
{
	memset(p, 0, sizeof(*p));
	if (!vb_docx_style_get(&x->sty, sty, VB_DP_SPACING, p)) {
		p->set = VB_DP_SPACING;
		p->line = 240;
	}
	p->before = before;
}

/* Nơi nhận (left) beside the signature (right): one borderless row
 * that does not split, kept with the last body paragraph. */
static void
signature_block(struct docx *x)
{
	const struct vb_doc  *doc = x->doc;
	struct vb_docx_props  p;
	size_t                i;

	tbl_open(x, VB_STY_LAYOUT_TABLE, x->headw, 2);
	tr_open(x, 0);
	tc_open(x, x->headw[0], 1, 0, NULL);
	space_before(x, VB_STY_NOI_NHAN, VB_DOCX_PT(12), &p);
	text_para(x, VB_STY_NOI_NHAN, &p, doc->nnoi_nhan > 0 ? "Nơi nhận:" :
	    NULL, "");
	for (i = 0; i < doc->nnoi_nhan; i++)
		text_para(x, VB_STY_NOI_NHAN_ITEM, NULL, doc->noi_nhan[i],
		    "a recipient (noi_nhan)");
	vb_docx_end(X);
	tc_open(x, x->headw[1], 1, 0, NULL);
	for (i = 0; i < doc->nsig_lines; i++) {
		space_before(x, VB_STY_SIG, i == 0 ? VB_DOCX_PT(12) : 0, &p);
		text_para(x, VB_STY_SIG, i == 0 ? &p : NULL, doc->sig_lines[i],
		    "the signature block (nguoi_ky)");
	}
	text_para(x, VB_STY_SIGNER, NULL, doc->signer,
	    "the signer's name (nguoi_ky)");
	vb_docx_end(X);
	vb_docx_end(X);
	vb_docx_end(X);
	x->last_table = 1;
}

/* ---- the tree walk ----------------------------------------------------- */

enum { DESCEND = 0, SKIP = 1 };

struct handler {
	int  (*enter)(struct docx *, const struct vb_node *);
	void (*exit)(struct docx *, const struct vb_node *);
};

static void walk(struct docx *, struct vb_node *);

/* The style of a paragraph: base changed by the node's flags. */
static int
flag_style(struct docx *x, int base, unsigned flags)
{
	struct vb_docx_props over;

	memset(&over, 0, sizeof(over));
	if (flags & VB_NODE_CENTER) {
		over.set |= VB_DP_JC | VB_DP_IND;
		over.jc = VB_JC_CENTER;
	} else if (flags & VB_NODE_NOINDENT) {
		vb_docx_style_get(&x->sty, base, VB_DP_IND, &over);
		over.set |= VB_DP_IND;
		over.first = 0;
	}
	if (flags & VB_NODE_ITALIC) {
		over.set |= VB_DP_ITALIC;
		over.italic = 1;
	}
	if (flags & VB_NODE_BOLD) {
		over.set |= VB_DP_BOLD;
		over.bold = 1;
	}
	return vb_docx_style_derive(&x->sty, base, &over);
}

static void
open_block(struct docx *x, const struct vb_node *n, int sty)
{
	struct vb_docx_props p;

	memset(&p, 0, sizeof(p));
	if (n == x->keep || (n->flags & VB_NODE_KEEPNEXT))
		p.set |= VB_DP_KEEPNEXT;
	p_open(x, sty, &p);
}

static int
docx_para_enter(struct docx *x, const struct vb_node *n)
{
	if (n->parent != NULL && n->parent->type == VB_NODE_ITEM) {
		/* An item is a body paragraph that starts with its label, as
		 * the PDF sets it and as Vietnamese offices type it: first
		 * line indented, the next lines at the margin. */
		open_block(x, n, flag_style(x, VB_STY_BODY,
		    n->flags & ~VB_NODE_CENTER));
		if (x->label != NULL) {
			struct vb_buf b = VB_BUF_INIT;

			vb_buf_puts(&b, x->label);
			vb_buf_putc(&b, ' ');
			run(x, b.data, b.len, &n->parent->loc, "a list label");
			vb_buf_free(&b);
			x->label = NULL;
		}
	} else
		open_block(x, n, flag_style(x, VB_STY_BODY, n->flags));
	return DESCEND;
}

static void
docx_para_exit(struct docx *x, const struct vb_node *n)
{
	(void)n;
	p_close(x);
}

static int
docx_heading_enter(struct docx *x, const struct vb_node *n)
{
	int         level = n->as.heading.level;
	const char *label = n->as.heading.label;

	if (level < 1)
		level = 1;
	if (level > 4)
		level = 4;
	open_block(x, n, flag_style(x, VB_STY_H1 + level - 1, n->flags));
	if (label != NULL && label[0] != '\0') {
		struct vb_buf b = VB_BUF_INIT;

		vb_buf_puts(&b, label);
		if (n->first != NULL)
			vb_buf_putc(&b, ' ');
		run(x, b.data, b.len, &n->loc, "a heading label");
		vb_buf_free(&b);
	}
	return DESCEND;
}

/* An item whose first block is not a paragraph (a nested list, a
 * table) shows its label on a line of its own. */
static void
flush_label(struct docx *x, const struct vb_node *n)
{
	int d = x->depth > MAX_DEPTH ? MAX_DEPTH : x->depth;

	if (x->label == NULL)
		return;
	p_open(x, x->item_sty[d > 0 ? d : 0], NULL);
	run(x, x->label, strlen(x->label), &n->loc, "a list label");
	p_close(x);
	x->label = NULL;
}

/* Each nesting level of lists: a hanging indent as wide as the
 * widest label and a space, starting where the level above's text
 * starts. */
static int
docx_list_enter(struct docx *x, const struct vb_node *n)
{
	struct vb_docx_props  p;
	const struct vb_node *it;
	int                   hang = 0, w, start;

	flush_label(x, n->parent != NULL ? n->parent : n);
	x->depth++;
	if (x->depth > MAX_DEPTH)
		return DESCEND;
	for (it = n->first; it != NULL; it = it->next) {
		const char *l = it->as.item.label != NULL ? it->as.item.label :
		    "";

		w = vb_docx_measure(l, strlen(l), x->body_pt, 0) +
		    vb_docx_measure(" ", 1, x->body_pt, 0);
		if (w > hang)
			hang = w;
	}
	hang = (hang + 19) / 20 * 20;
	start = x->depth == 1 ? x->indent : x->item_left[x->depth - 1];
	memset(&p, 0, sizeof(p));
	p.set = VB_DP_IND | VB_DP_TAB;
	p.left = p.tab = start + hang;
	p.first = -hang;
	x->item_sty[x->depth] = vb_docx_style_derive(&x->sty, VB_STY_ITEM, &p);
	x->item_left[x->depth] = p.left;
	p.set = VB_DP_IND;
	p.first = 0;
	x->cont_sty[x->depth] = vb_docx_style_derive(&x->sty, VB_STY_BODY, &p);
	return DESCEND;
}

static void
docx_list_exit(struct docx *x, const struct vb_node *n)
{
	(void)n;
	x->depth--;
}

static int
docx_item_enter(struct docx *x, const struct vb_node *n)
{
	x->label = n->as.item.label != NULL ? n->as.item.label : "";
	return DESCEND;
}

static void
docx_item_exit(struct docx *x, const struct vb_node *n)
{
	flush_label(x, n);   /* an item without a paragraph */
}

static int
docx_text_enter(struct docx *x, const struct vb_node *n)
{
	run(x, n->as.text.s, n->as.text.len, &n->loc, "the text");
	return DESCEND;
}

static int
docx_emph_enter(struct docx *x, const struct vb_node *n)
{
	(void)n;
	x->italic++;
	return DESCEND;
}

static void
docx_emph_exit(struct docx *x, const struct vb_node *n)
{
	(void)n;
	x->italic--;
}

static int
docx_strong_enter(struct docx *x, const struct vb_node *n)
{
	(void)n;
	x->bold++;
	return DESCEND;
}

static void
docx_strong_exit(struct docx *x, const struct vb_node *n)
{
	(void)n;
	x->bold--;
}

static int
docx_break_enter(struct docx *x, const struct vb_node *n)
{
	(void)n;
	vb_docx_el(X, "w:r");
	vb_docx_el(X, "w:br");
	vb_docx_end(X);
	vb_docx_end(X);
	return SKIP;
}

static int
docx_pagebreak_enter(struct docx *x, const struct vb_node *n)
{
	(void)n;
	p_open(x, VB_STY_TINY, NULL);
	vb_docx_el(X, "w:r");
	vb_docx_el(X, "w:br");
	vb_docx_att(X, "w:type", "page");
	vb_docx_end(X);
	vb_docx_end(X);
	p_close(x);
	return SKIP;
}

/* Natural and minimum widths of a cell's text (twips, no margins). */
static void
cell_widths(const struct vb_node *cell, double pt, int bold, int *nat,
    int *min)
{
	struct vb_iter it;
	int            w;

	*nat = *min = 0;
	vb_iter_init(&it, (struct vb_node *)cell);
	while (vb_iter_next(&it) != VB_EVENT_NONE) {
		const struct vb_node *n = it.cur;

		if (it.ev != VB_EVENT_ENTER || n->type != VB_NODE_TEXT)
			continue;
		*nat += vb_docx_measure(n->as.text.s, n->as.text.len, pt, bold);
		w = vb_docx_longest_word(n->as.text.s, n->as.text.len, pt,
		    bold);
		if (w > *min)
			*min = w;
	}
}

/*
 * Column widths: the declared ones (width_mm), the others shared out
 * of what is left of the text block, in proportion to their content
 * but never below their longest word (nor MIN_COL) when that fits.
 */
static void
col_widths(struct docx *x, const struct vb_node *t, double pt, int *w)
{
	size_t                n = t->as.table.ncols, c, nauto = 0;
	const struct vb_node *r, *cell;
	long                  fixed = 0, avail, snat = 0, smin = 0, used = 0;
	int                  *nat, *min, a, m, last = -1;

	nat = vb_arena_alloc(&x->a, n * sizeof(*nat));
	min = vb_arena_alloc(&x->a, n * sizeof(*min));
	for (c = 0; c < n; c++) {
		if (t->as.table.cols[c].width_mm > 0) {
			w[c] = VB_DOCX_MM(t->as.table.cols[c].width_mm);
			fixed += w[c];
		} else {
			w[c] = 0;
			nauto++;
			nat[c] = min[c] = MIN_COL;
		}
	}
	for (r = t->first; r != NULL && nauto > 0; r = r->next)
		for (cell = r->first, c = 0; cell != NULL && c < n;
		    cell = cell->next, c++) {
			if (w[c] != 0 || cell->as.cell.covered ||
			    cell->as.cell.colspan != 1)
				continue;
			cell_widths(cell, pt, (r->flags & (VB_NODE_HEADER |
			    VB_NODE_TOTAL | VB_NODE_BOLD)) != 0, &a, &m);
			a += 2 * x->sty.cell_mar + 20;
			m += 2 * x->sty.cell_mar + 20;
			if (a > nat[c])
				nat[c] = a;
			if (m > min[c])
				min[c] = m;
		}
	avail = x->textw - fixed;
	if (avail < (long)nauto * MIN_COL) {
		/* Declared widths too wide: squeeze them. */
		long room = x->textw - (long)nauto * MIN_COL;

		for (c = 0; c < n; c++)
			if (w[c] != 0)
				w[c] = room > 0 ? (int)(w[c] * room / fixed) :
				    MIN_COL;
		fixed = 0;
		for (c = 0; c < n; c++)
			fixed += w[c];
		avail = x->textw - fixed;
	}
	if (nauto == 0)
		return;
	for (c = 0; c < n; c++)
		if (t->as.table.cols[c].width_mm <= 0) {
			snat += nat[c];
			smin += min[c];
			last = (int)c;
		}
	for (c = 0; c < n; c++) {
		if (t->as.table.cols[c].width_mm > 0)
			continue;
		if (snat <= avail)
			w[c] = (int)(nat[c] + (avail - snat) * nat[c] / snat);
		else if (smin <= avail && snat > smin)
			w[c] = (int)(min[c] + (avail - smin) *
			    (nat[c] - min[c]) / (snat - smin));
		else
			w[c] = (int)(avail * min[c] / smin);
		used += w[c];
	}
	if (last >= 0 && avail > 0)
		w[last] += (int)(avail - used);
}

static const int jc_of_align[] = {
	VB_JC_NONE, VB_JC_LEFT, VB_JC_CENTER, VB_JC_RIGHT, VB_JC_BOTH
};

/* The style of a cell's paragraph: header, totals or plain, with the
 * cell's (or column's) alignment and the table's size. */
static int
cell_style(struct docx *x, const struct vb_node *t, const struct vb_node *r,
    const struct vb_node *cell, size_t c, int size)
{
	struct vb_docx_props over;
	enum vb_align        al = cell->as.cell.align;
	int                  base = VB_STY_CELL;

	if (r->flags & VB_NODE_HEADER)
		base = VB_STY_CELL_HEAD;
	else if (r->flags & (VB_NODE_TOTAL | VB_NODE_BOLD))
		base = VB_STY_CELL_TOTAL;
	if (al == VB_ALIGN_DEFAULT && !(r->flags & VB_NODE_HEADER))
		al = t->as.table.cols[c].align;
	memset(&over, 0, sizeof(over));
	if (al != VB_ALIGN_DEFAULT && (unsigned)al <= VB_ALIGN_JUSTIFY) {
		over.set |= VB_DP_JC;
		over.jc = jc_of_align[al];
	}
	if (cell->flags & VB_NODE_BOLD) {
		over.set |= VB_DP_BOLD;
		over.bold = 1;
	}
	if (size > 0) {
		over.set |= VB_DP_SIZE;
		over.size = size;
	}
	return vb_docx_style_derive(&x->sty, base, &over);
}

/*
 * A data table: the grid from the column widths; each row kept whole
 * (cantSplit), header rows repeated on every page (tblHeader); a cell
 * spanning columns is one w:tc with gridSpan, one spanning rows is
 * vMerge="restart" with a vMerge continuation in each row it covers.
 * The tree has one CELL per grid position, covered ones marked.
 */
static int
docx_table_enter(struct docx *x, const struct vb_node *t)
{
	size_t                n = t->as.table.ncols, c, k;
	const struct vb_node *r, *cell, **row;
	int                  *w, *vrem, *vspan, size = 0, wide;
	double                pt = x->body_pt;
	static const struct sect land = { 1, 0, 0 }, port = { 0, 0, 0 };

	flush_label(x, t);
	wide = (t->flags & VB_NODE_LANDSCAPE) && !x->sect.landscape;
	if (wide)
		sect_break(x, &land);
	if (t->as.table.font_pt > 0 &&
	    (int)(t->as.table.font_pt * 2 + 0.5) != x->sty.body_half) {
		pt = t->as.table.font_pt;
		size = (int)(pt * 2 + 0.5);
	}
	w = vb_arena_alloc(&x->a, n * sizeof(*w));
	vrem = vb_arena_alloc(&x->a, n * sizeof(*vrem));
	vspan = vb_arena_alloc(&x->a, n * sizeof(*vspan));
	row = vb_arena_alloc(&x->a, n * sizeof(*row));
	col_widths(x, t, pt, w);
	tbl_open(x, VB_STY_TABLE, w, n);
	for (r = t->first; r != NULL; r = r->next) {
		tr_open(x, (r->flags & VB_NODE_HEADER) != 0);
		for (cell = r->first, c = 0; c < n; c++) {
			row[c] = cell;
			if (cell != NULL)
				cell = cell->next;
		}
		for (c = 0; c < n; ) {
			int span, width = 0;

			cell = row[c];
			if (cell == NULL || cell->as.cell.covered) {
				if (vrem[c] == 0) {
					c++;   /* under a span in this row */
					continue;
				}
				/* Under a span from a row above. */
				span = vspan[c];
				for (k = c; k < c + (size_t)span && k < n; k++)
					width += w[k];
				tc_open(x, width, span, 2, "center");
				p_open(x, cell_style(x, t, r, row[c] != NULL ?
				    row[c] : r->first, c, size), NULL);
				p_close(x);
				vb_docx_end(X);
				vrem[c]--;
				c += (size_t)span;
				continue;
			}
			span = cell->as.cell.colspan;
			if (span < 1 || c + (size_t)span > n)
				span = (int)(n - c);
			for (k = c; k < c + (size_t)span; k++)
				width += w[k];
			tc_open(x, width, span,
			    cell->as.cell.rowspan > 1 ? 1 : 0, "center");
			if (cell->as.cell.rowspan > 1) {
				vrem[c] = cell->as.cell.rowspan - 1;
				vspan[c] = span;
			}
			p_open(x, cell_style(x, t, r, cell, c, size), NULL);
			walk(x, (struct vb_node *)cell);
			p_close(x);
			vb_docx_end(X);
			c += (size_t)span;
		}
		vb_docx_end(X);
	}
	vb_docx_end(X);
	x->last_table = 1;
	if (wide)
		sect_break(x, &port);
	return SKIP;
}

/* One row per node type, in enum order; NULL passes through. */
static const struct handler handlers[] = {
	{ NULL, NULL },                                  /* ROOT */
	{ docx_para_enter, docx_para_exit },             /* PARA */
	{ docx_heading_enter, docx_para_exit },          /* HEADING */
	{ docx_list_enter, docx_list_exit },             /* LIST */
	{ docx_item_enter, docx_item_exit },             /* ITEM */
	{ docx_text_enter, NULL },                       /* TEXT */
	{ docx_emph_enter, docx_emph_exit },             /* EMPH */
	{ docx_strong_enter, docx_strong_exit },         /* STRONG */
	{ docx_break_enter, NULL },                      /* BREAK */
	{ docx_pagebreak_enter, NULL },                  /* PAGEBREAK */
	{ docx_table_enter, NULL },                      /* TABLE */
	{ NULL, NULL },                                  /* ROW */
	{ NULL, NULL },                                  /* CELL */
};

_Static_assert(sizeof(handlers) / sizeof(handlers[0]) == VB_NODE__MAX,
    "handlers out of step with enum vb_node_type");

static void
walk(struct docx *x, struct vb_node *root)
{
	struct vb_iter  it;
	enum vb_event   ev;

	if (root == NULL)
		return;
	vb_iter_init(&it, root);
	while ((ev = vb_iter_next(&it)) != VB_EVENT_NONE) {
		const struct handler *h;

		if ((unsigned)it.cur->type >= VB_NODE__MAX)
			continue;
		h = &handlers[it.cur->type];
		if (ev == VB_EVENT_ENTER) {
			if (h->enter != NULL && h->enter(x, it.cur) == SKIP)
				vb_iter_skip(&it);
		} else if (h->exit != NULL)
			h->exit(x, it.cur);
	}
}

/* The last paragraph of the body, kept on the signature's page. */
static const struct vb_node *
last_para(const struct vb_node *n)
{
	while (n != NULL && n->last != NULL &&
	    (n->type == VB_NODE_ROOT || n->type == VB_NODE_LIST ||
	    n->type == VB_NODE_ITEM))
		n = n->last;
	return n != NULL && (n->type == VB_NODE_PARA ||
	    n->type == VB_NODE_HEADING) ? n : NULL;
}

/* ---- the parts --------------------------------------------------------- */

static void
annex(struct docx *x, const struct vb_annex *ax)
{
	struct sect s = { ax->landscape != 0, 1, 1 };

	sect_break(x, &s);
	if (ax->label != NULL)
		text_para(x, VB_STY_ANNEX_LABEL, NULL, ax->label,
		    "an annex label");
	text_para(x, VB_STY_ANNEX_TITLE, NULL, ax->title, "an annex title");
	if (ax->subtitle != NULL)
		text_para(x, VB_STY_ANNEX_SUB, NULL, ax->subtitle,
		    "an annex title");
	if (ax->kem_theo != NULL)
		text_para(x, VB_STY_KEM_THEO, NULL, ax->kem_theo,
		    "the \"Kèm theo\" line");
	rule(x, x->textw, (int)(RULE_FRAC * vb_docx_longest_line(
	    ax->subtitle != NULL ? ax->subtitle : ax->title != NULL ?
	    ax->title : "", x->body_pt, 1, x->textw)), VB_DOCX_PT(12));
	walk(x, ax->body);
}

/* ---- certificates (giấy khen) ------------------------------------------- */

/* Page margins of a certificate: the boxes are placed from the page's
 * edge, the margins only keep Word's body inside the paper. */
#define CERT_MARGIN     VB_DOCX_MM(10)
/* The double border, 10 mm from the edge (pgBorders' space is in pt). */
#define CERT_BORDER_PT  28

/* w:framePr of a frame at (x, y) mm from the page's corner, w mm wide. */
static void
frame_pr(struct docx *x, double x_mm, double y_mm, double w_mm, double h_mm)
{
	vb_docx_el(X, "w:framePr");
	vb_docx_atti(X, "w:w", VB_DOCX_MM(w_mm));
	if (h_mm > 0) {
		vb_docx_atti(X, "w:h", VB_DOCX_MM(h_mm));
		vb_docx_att(X, "w:hRule", "exact");
	}
	vb_docx_att(X, "w:wrap", "around");
	vb_docx_att(X, "w:hAnchor", "page");
	vb_docx_att(X, "w:vAnchor", "page");
	vb_docx_atti(X, "w:x", VB_DOCX_MM(x_mm));
	vb_docx_atti(X, "w:y", VB_DOCX_MM(y_mm));
	vb_docx_end(X);
}

/* One box: a framed paragraph in its size, face and alignment. */
static void
cert_box(struct docx *x, const struct vb_cert_box *b)
{
	struct vb_docx_props p;

	if (b->text == NULL || b->text[0] == '\0')
		return;
	vb_docx_el(X, "w:p");
	vb_docx_el(X, "w:pPr");
	vb_docx_val(X, "w:pStyle", x->sty.v[VB_STY_NORMAL].id);
	frame_pr(x, b->x_mm, b->y_mm, b->w_mm, 0);
	memset(&p, 0, sizeof(p));
	p.set = VB_DP_SPACING | VB_DP_IND | VB_DP_JC;
	p.line = 240;
	p.jc = b->align == VB_ALIGN_CENTER ? VB_JC_CENTER :
	    b->align == VB_ALIGN_RIGHT ? VB_JC_RIGHT : VB_JC_LEFT;
	vb_docx_ppr(X, &p);
	vb_docx_end(X);
	if (check_text(x, b->text, strlen(b->text), &b->loc,
	    "a box of the giấy khen") == 0) {
		vb_docx_el(X, "w:r");
		memset(&p, 0, sizeof(p));
		p.set = VB_DP_SIZE | VB_DP_BOLD | VB_DP_ITALIC;
		p.size = (int)(b->size * 2 + 0.5);
		p.bold = b->bold;
		p.italic = b->italic;
		vb_docx_el(X, "w:rPr");
		vb_docx_rpr(X, &p);
		vb_docx_end(X);
		run_content(x, b->text, strlen(b->text));
		vb_docx_end(X);
	}
	vb_docx_end(X);
}

/* The emblem's square (top centre, 25 mm), an empty framed paragraph
 * of exact height with a box border: the place for the logo. */
static void
cert_emblem(struct docx *x)
{
	static const char *const side[] = { "w:top", "w:left", "w:bottom",
		"w:right" };
	double e = 25.0;
	int    i;

	vb_docx_el(X, "w:p");
	vb_docx_el(X, "w:pPr");
	vb_docx_val(X, "w:pStyle", x->sty.v[VB_STY_NORMAL].id);
	frame_pr(x, (297.0 - e) / 2, 18, e, e);
	vb_docx_el(X, "w:pBdr");
	for (i = 0; i < 4; i++) {
		vb_docx_el(X, side[i]);
		vb_docx_att(X, "w:val", "single");
		vb_docx_att(X, "w:sz", "4");
		vb_docx_att(X, "w:space", "0");
		vb_docx_att(X, "w:color", "000000");
		vb_docx_end(X);
	}
	vb_docx_end(X);
	vb_docx_el(X, "w:spacing");
	vb_docx_atti(X, "w:before", 0);
	vb_docx_atti(X, "w:after", 0);
	vb_docx_atti(X, "w:line", VB_DOCX_MM(e) - 20);
	vb_docx_att(X, "w:lineRule", "exact");
	vb_docx_end(X);
	vb_docx_end(X);
	vb_docx_end(X);
}

/* One landscape section, no header, and in mau thiet_ke the double
 * page border. */
static void
cert_sect_pr(struct docx *x)
{
	static const char *const side[] = { "w:top", "w:left", "w:bottom",
		"w:right" };
	int i;

	vb_docx_el(X, "w:sectPr");
	vb_docx_el(X, "w:pgSz");
	vb_docx_atti(X, "w:w", A4_H);
	vb_docx_atti(X, "w:h", A4_W);
	vb_docx_att(X, "w:orient", "landscape");
	vb_docx_end(X);
	vb_docx_el(X, "w:pgMar");
	vb_docx_atti(X, "w:top", CERT_MARGIN);
	vb_docx_atti(X, "w:right", CERT_MARGIN);
	vb_docx_atti(X, "w:bottom", CERT_MARGIN);
	vb_docx_atti(X, "w:left", CERT_MARGIN);
	vb_docx_atti(X, "w:header", 0);
	vb_docx_atti(X, "w:footer", 0);
	vb_docx_atti(X, "w:gutter", 0);
	vb_docx_end(X);
	if (x->doc->cert_mode == 1) {
		vb_docx_el(X, "w:pgBorders");
		vb_docx_att(X, "w:offsetFrom", "page");
		for (i = 0; i < 4; i++) {
			vb_docx_el(X, side[i]);
			vb_docx_att(X, "w:val", "double");
			vb_docx_att(X, "w:sz", "12");
			vb_docx_atti(X, "w:space", CERT_BORDER_PT);
			vb_docx_att(X, "w:color", "000000");
			vb_docx_end(X);
		}
		vb_docx_end(X);
	}
	vb_docx_end(X);
}

static void
cert_document_xml(struct docx *x)
{
	size_t i;

	vb_docx_el(X, "w:document");
	vb_docx_att(X, "xmlns:w", NS_W);
	vb_docx_att(X, "xmlns:r", NS_R);
	vb_docx_el(X, "w:body");
	if (x->doc->cert_mode == 1)
		cert_emblem(x);
	for (i = 0; i < x->doc->ncert_boxes; i++)
		cert_box(x, &x->doc->cert_boxes[i]);
	cert_sect_pr(x);
	vb_docx_end(X);
	vb_docx_end(X);
}

static void
document_xml(struct docx *x)
{
	const struct vb_doc *doc = x->doc;
	static const struct sect first = { 0, 0, 1 };
	size_t               i;

	if (doc->cert_mode != 0) {
		cert_document_xml(x);
		return;
	}
	vb_docx_el(X, "w:document");
	vb_docx_att(X, "xmlns:w", NS_W);
	vb_docx_att(X, "xmlns:r", NS_R);
	vb_docx_el(X, "w:body");
	set_sect(x, &first);
	header_block(x);
	title_block(x);
	kinh_gui(x);
	if (doc->tham_quyen != NULL)
		text_para(x, VB_STY_TITLE, NULL, doc->tham_quyen,
		    "the issuing authority");
	for (i = 0; i < doc->ncan_cu; i++)
		text_para(x, VB_STY_CAN_CU, NULL, doc->can_cu[i],
		    "a legal basis (can_cu)");
	if (doc->mo_dieu != NULL)
		text_para(x, VB_STY_TITLE, NULL, doc->mo_dieu,
		    "the line before the articles");
	x->keep = last_para(doc->body);
	walk(x, doc->body);
	x->keep = NULL;
	signature_block(x);
	for (i = 0; i < doc->nannexes; i++)
		annex(x, &doc->annexes[i]);
	/* Word wants a paragraph after the last table. */
	if (x->last_table) {
		p_open(x, VB_STY_TINY, NULL);
		p_close(x);
	}
	sect_pr(x, &x->sect);
	vb_docx_end(X);
	vb_docx_end(X);
}

/* header1.xml: the page number, centred (ND30.md §11); header2.xml:
 * the empty header of each section's first page. */
static void
header_xml(struct docx *x, int with_number)
{
	static const char *const fld[] = { "begin", "separate", "end" };
	int i;

	vb_docx_el(X, "w:hdr");
	vb_docx_att(X, "xmlns:w", NS_W);
	vb_docx_att(X, "xmlns:r", NS_R);
	p_open(x, VB_STY_PAGENUM, NULL);
	for (i = 0; with_number && i < 3; i++) {
		vb_docx_el(X, "w:r");
		vb_docx_el(X, "w:fldChar");
		vb_docx_att(X, "w:fldCharType", fld[i]);
		vb_docx_end(X);
		vb_docx_end(X);
		if (i == 0) {
			vb_docx_el(X, "w:r");
			vb_docx_el(X, "w:instrText");
			vb_docx_att(X, "xml:space", "preserve");
			vb_docx_str(X, " PAGE ");
			vb_docx_end(X);
			vb_docx_end(X);
		} else if (i == 1) {
			vb_docx_el(X, "w:r");
			vb_docx_el(X, "w:t");
			vb_docx_att(X, "xml:space", "preserve");
			vb_docx_str(X, "2");
			vb_docx_end(X);
			vb_docx_end(X);
		}
	}
	p_close(x);
	vb_docx_end(X);
}

static void
settings_xml(struct docx *x)
{
	vb_docx_el(X, "w:settings");
	vb_docx_att(X, "xmlns:w", NS_W);
	vb_docx_el(X, "w:zoom");
	vb_docx_att(X, "w:percent", "100");
	vb_docx_end(X);
	vb_docx_vali(X, "w:defaultTabStop", 720);
	vb_docx_val(X, "w:characterSpacingControl", "doNotCompress");
	vb_docx_el(X, "w:compat");
	vb_docx_el(X, "w:compatSetting");
	vb_docx_att(X, "w:name", "compatibilityMode");
	vb_docx_att(X, "w:uri", "http://schemas.microsoft.com/office/word");
	vb_docx_att(X, "w:val", "15");
	vb_docx_end(X);
	vb_docx_end(X);
	vb_docx_el(X, "w:themeFontLang");
	vb_docx_att(X, "w:val", "vi-VN");
	vb_docx_end(X);
	vb_docx_val(X, "w:decimalSymbol", ",");
	vb_docx_val(X, "w:listSeparator", ";");
	vb_docx_end(X);
}

static void
override(struct docx *x, const char *part, const char *type)
{
	vb_docx_el(X, "Override");
	vb_docx_att(X, "PartName", part);
	vb_docx_att(X, "ContentType", type);
	vb_docx_end(X);
}

static void
content_types_xml(struct docx *x)
{
	vb_docx_el(X, "Types");
	vb_docx_att(X, "xmlns", NS_PKG "content-types");
	vb_docx_el(X, "Default");
	vb_docx_att(X, "Extension", "rels");
	vb_docx_att(X, "ContentType",
	    "application/vnd.openxmlformats-package.relationships+xml");
	vb_docx_end(X);
	vb_docx_el(X, "Default");
	vb_docx_att(X, "Extension", "xml");
	vb_docx_att(X, "ContentType", "application/xml");
	vb_docx_end(X);
	override(x, "/word/document.xml", CT_WML "document.main+xml");
	override(x, "/word/styles.xml", CT_WML "styles+xml");
	override(x, "/word/settings.xml", CT_WML "settings+xml");
	override(x, "/word/header1.xml", CT_WML "header+xml");
	override(x, "/word/header2.xml", CT_WML "header+xml");
	override(x, "/docProps/core.xml",
	    "application/vnd.openxmlformats-package.core-properties+xml");
	override(x, "/docProps/app.xml", "application/vnd.openxmlformats-"
	    "officedocument.extended-properties+xml");
	vb_docx_end(X);
}

static void
rel(struct docx *x, const char *id, const char *type, const char *target)
{
	vb_docx_el(X, "Relationship");
	vb_docx_att(X, "Id", id);
	vb_docx_att(X, "Type", type);
	vb_docx_att(X, "Target", target);
	vb_docx_end(X);
}

static void
rels_xml(struct docx *x, int package)
{
	vb_docx_el(X, "Relationships");
	vb_docx_att(X, "xmlns", NS_PKG "relationships");
	if (package) {
		rel(x, "rId1", NS_R "/officeDocument", "word/document.xml");
		rel(x, "rId2", NS_PKG "relationships/metadata/"
		    "core-properties", "docProps/core.xml");
		rel(x, "rId3", NS_R "/extended-properties",
		    "docProps/app.xml");
	} else {
		rel(x, "rId1", NS_R "/styles", "styles.xml");
		rel(x, "rId2", NS_R "/settings", "settings.xml");
		rel(x, "rId3", NS_R "/header", "header1.xml");
		rel(x, "rId4", NS_R "/header", "header2.xml");
	}
	vb_docx_end(X);
}

/* Element with checked text content; an unusable text leaves it out. */
static void
text_el(struct docx *x, const char *name, const char *s, const char *what)
{
	if (s == NULL || check_text(x, s, strlen(s), NULL, what) != 0)
		return;
	vb_docx_el(X, name);
	vb_docx_str(X, s);
	vb_docx_end(X);
}

static void
app_xml(struct docx *x)
{
	vb_docx_el(X, "Properties");
	vb_docx_att(X, "xmlns", "http://schemas.openxmlformats.org/"
	    "officeDocument/2006/extended-properties");
	vb_docx_att(X, "xmlns:vt", "http://schemas.openxmlformats.org/"
	    "officeDocument/2006/docPropsVTypes");
	text_el(x, "Application", "vanban", "");
	text_el(x, "DocSecurity", "0", "");
	text_el(x, "Company", x->doc->info_author,
	    "the document's author (co_quan)");
	vb_docx_end(X);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long long
days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * The time the package is stamped with: SOURCE_DATE_EPOCH when set
 * (reproducible builds), else the document's date at midnight UTC.
 * Returns 0 and no time when neither is usable (a draft).
 */
static int
stamp_time(const struct vb_doc *doc, long long *t)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char       *end;
	long long   v;

	if (e != NULL && *e != '\0') {
		errno = 0;
		v = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0 &&
		    v < 4102444800LL) {
			*t = v;
			return 1;
		}
	}
	if (doc->ngay_y >= 1980 && doc->ngay_y < 2100 && doc->ngay_m >= 1 &&
	    doc->ngay_m <= 12 && doc->ngay_d >= 1 && doc->ngay_d <= 31) {
		*t = days_from_civil(doc->ngay_y, doc->ngay_m, doc->ngay_d) *
		    86400;
		return 1;
	}
	return 0;
}

/* Broken-down UTC time (gmtime without the locale and TZ). */
static void
civil(long long t, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
	long long days = t / 86400, sec = t % 86400, era, doe, yoe, doy, mp;

	era = (days + 719468) / 146097;
	doe = days + 719468 - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*mo <= 2));
	*h = (int)(sec / 3600);
	*mi = (int)(sec / 60 % 60);
	*s = (int)(sec % 60);
}

static void
core_xml(struct docx *x, int have_time, long long t)
{
	char stamp[32];
	int  y, mo, d, h, mi, s, i;

	vb_docx_el(X, "cp:coreProperties");
	vb_docx_att(X, "xmlns:cp", NS_PKG "metadata/core-properties");
	vb_docx_att(X, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	vb_docx_att(X, "xmlns:dcterms", "http://purl.org/dc/terms/");
	vb_docx_att(X, "xmlns:xsi",
	    "http://www.w3.org/2001/XMLSchema-instance");
	text_el(x, "dc:title", x->doc->info_title,
	    "the document's title (trich_yeu)");
	text_el(x, "dc:creator", x->doc->info_author,
	    "the document's author (co_quan)");
	text_el(x, "dc:language", "vi-VN", "");
	text_el(x, "cp:revision", "1", "");
	if (have_time) {
		civil(t, &y, &mo, &d, &h, &mi, &s);
		snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    y, mo, d, h, mi, s);
		for (i = 0; i < 2; i++) {
			vb_docx_el(X, i == 0 ? "dcterms:created" :
			    "dcterms:modified");
			vb_docx_att(X, "xsi:type", "dcterms:W3CDTF");
			vb_docx_str(X, stamp);
			vb_docx_end(X);
		}
	}
	vb_docx_end(X);
}

/* ---- the package ------------------------------------------------------- */

static void
geometry(struct docx *x)
{
	const struct vb_style *st = &x->doc->style;
	static const double    defm[4] = { 20, 20, 30, 15 };
	int                    i, qhw, portrait;

	/* Margins round up: ND30's are minimums (15 mm is 850.4 twips). */
	for (i = 0; i < 4; i++) {
		double mm = st->margin_mm[i] > 0 ? st->margin_mm[i] : defm[i];
		double tw = mm * 1440.0 / 25.4;

		x->margin[i] = (int)tw + (tw - (int)tw > 0.01);
	}
	x->body_pt = st->body_pt > 0 ? st->body_pt : 14;
	x->qh_pt = st->qh_pt > 0 ? st->qh_pt : 12;
	x->tn_pt = st->tn_pt > 0 ? st->tn_pt : 13;
	x->indent = VB_DOCX_MM(st->indent_mm > 0 ? st->indent_mm : 10);
	/* Header columns ≈ 40 % / 60 % (ND30.md §2), the right one wide
	 * enough for the Quốc hiệu on one line. */
	portrait = A4_W - x->margin[2] - x->margin[3];
	qhw = vb_docx_measure(qh_new, strlen(qh_new), x->qh_pt, 1) + QH_SPARE;
	x->headw[1] = (int)(portrait * 0.6 + 0.5);
	if (x->headw[1] < qhw)
		x->headw[1] = qhw < portrait ? qhw : portrait;
	x->headw[0] = portrait - x->headw[1];
}

/* Writes one part into a new buffer; NULL if libxml2 failed. */
static xmlBufferPtr
part(struct docx *x, enum part id, int have_time, long long t)
{
	xmlBufferPtr buf = xmlBufferCreate();

	if (buf == NULL)
		return NULL;
	x->x.err = 0;
	if ((x->x.w = xmlNewTextWriterMemory(buf, 0)) == NULL) {
		xmlBufferFree(buf);
		return NULL;
	}
	if (xmlTextWriterStartDocument(x->x.w, NULL, "UTF-8", "yes") < 0)
		x->x.err = 1;
	switch (id) {
	case P_CT:
		content_types_xml(x);
		break;
	case P_RELS:
		rels_xml(x, 1);
		break;
	case P_APP:
		app_xml(x);
		break;
	case P_CORE:
		core_xml(x, have_time, t);
		break;
	case P_DOC:
		document_xml(x);
		break;
	case P_DOCRELS:
		rels_xml(x, 0);
		break;
	case P_STYLES:
		vb_docx_styles_xml(&x->sty, X);
		break;
	case P_SETTINGS:
		settings_xml(x);
		break;
	case P_HDR1:
		header_xml(x, 1);
		break;
	case P_HDR2:
		header_xml(x, 0);
		break;
	default:
		break;
	}
	if (xmlTextWriterEndDocument(x->x.w) < 0)
		x->x.err = 1;
	xmlFreeTextWriter(x->x.w);
	x->x.w = NULL;
	if (x->x.err) {
		xmlBufferFree(buf);
		return NULL;
	}
	return buf;
}

/* MS-DOS date and time of t (UTC); 1980-01-01 00:00 without one. */
static void
dos_time(int have_time, long long t, zip_uint16_t *dtime,
    zip_uint16_t *ddate)
{
	int y = 1980, mo = 1, d = 1, h = 0, mi = 0, s = 0;

	if (have_time)
		civil(t, &y, &mo, &d, &h, &mi, &s);
	if (y < 1980) {
		/* DOS dates start in 1980. */
		y = 1980;
		mo = d = 1;
		h = mi = s = 0;
	}
	*dtime = (zip_uint16_t)((h << 11) | (mi << 5) | (s / 2));
	*ddate = (zip_uint16_t)(((y - 1980) << 9) | (mo << 5) | d);
}

/* Zips the parts in memory; returns 0 or -1 after reporting. */
static int
zip_parts(struct docx *x, xmlBufferPtr *bufs, int have_time, long long t,
    char **data, size_t *len)
{
	zip_error_t   ze;
	zip_source_t *src, *s;
	zip_t        *za = NULL;
	zip_stat_t    st;
	zip_uint16_t  dtime, ddate;
	zip_int64_t   idx;
	char         *out = NULL;
	int           i;

	zip_error_init(&ze);
	dos_time(have_time, t, &dtime, &ddate);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		goto fail;
	if ((za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_source_free(src);
		goto fail;
	}
	zip_source_keep(src);
	for (i = 0; i < P__MAX; i++) {
		s = zip_source_buffer(za, xmlBufferContent(bufs[i]),
		    (zip_uint64_t)xmlBufferLength(bufs[i]), 0);
		if (s == NULL)
			goto zfail;
		if ((idx = zip_file_add(za, part_names[i], s,
		    ZIP_FL_ENC_UTF_8)) < 0) {
			zip_source_free(s);
			goto zfail;
		}
		if (zip_set_file_compression(za, (zip_uint64_t)idx,
		    xmlBufferLength(bufs[i]) < DEFLATE_FROM ? ZIP_CM_STORE :
		    ZIP_CM_DEFLATE, DEFLATE_LEVEL) < 0 ||
		    zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate,
		    0) < 0)
			goto zfail;
	}
	if (zip_close(za) < 0)
		goto zfail;
	za = NULL;
	if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0) {
		zip_error_set(&ze, ZIP_ER_INTERNAL, 0);
		goto fail_src;
	}
	out = vb_xmalloc(st.size > 0 ? (size_t)st.size : 1);
	if (zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
		zip_source_close(src);
		zip_error_set(&ze, ZIP_ER_READ, 0);
		goto fail_src;
	}
	zip_source_close(src);
	zip_source_free(src);
	*data = out;
	*len = (size_t)st.size;
	return 0;
zfail:
	zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)),
	    zip_error_code_system(zip_get_error(za)));
	zip_discard(za);
fail_src:
	zip_source_free(src);
fail:
	free(out);
	vb_diag(x->d, VB_ERR_DOCX_ZIP, NULL, "%s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return -1;
}

int
vb_docx_build(const struct vb_doc *doc, char **data, size_t *len,
    struct vb_diag *d)
{
	struct docx   x;
	xmlBufferPtr  bufs[P__MAX];
	long long     t = 0;
	int           i, have_time, rc = -1;

	memset(&x, 0, sizeof(x));
	memset(bufs, 0, sizeof(bufs));
	x.doc = doc;
	x.d = d;
	vb_arena_init(&x.a);
	vb_docx_styles_init(&x.sty, &doc->style, &x.a);
	geometry(&x);
	have_time = stamp_time(doc, &t);
	/* document.xml first: it derives the styles styles.xml lists. */
	for (i = 0; i < P__MAX; i++) {
		static const enum part order[P__MAX] = {
			P_DOC, P_CT, P_RELS, P_APP, P_CORE, P_DOCRELS,
			P_STYLES, P_SETTINGS, P_HDR1, P_HDR2
		};

		if ((bufs[order[i]] = part(&x, order[i], have_time, t)) ==
		    NULL) {
			vb_diag(d, VB_ERR_DOCX_XML, NULL, "%s",
			    part_names[order[i]]);
			goto out;
		}
	}
	if (x.bad)
		goto out;
	if (zip_parts(&x, bufs, have_time, t, data, len) != 0)
		goto out;
	rc = 0;
out:
	for (i = 0; i < P__MAX; i++)
		if (bufs[i] != NULL)
			xmlBufferFree(bufs[i]);
	vb_buf_free(&x.scratch);
	vb_arena_free(&x.a);
	return rc;
}

int
vb_docx_write(const struct vb_doc *doc, const char *path, struct vb_diag *d)
{
	char   *data = NULL;
	size_t  len = 0;
	FILE   *f = NULL;
	int     rc = -1;

	if (vb_docx_build(doc, &data, &len, d) != 0)
		goto out;
	if ((f = fopen(path, "wb")) == NULL) {
		vb_diag(d, VB_ERR_WRITE, NULL, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0) {
		vb_diag(d, VB_ERR_WRITE, NULL, "%s: %s", path, strerror(errno));
		fclose(f);
		remove(path);
		goto out;
	}
	if (fclose(f) != 0) {
		vb_diag(d, VB_ERR_WRITE, NULL, "%s: %s", path, strerror(errno));
		remove(path);
		goto out;
	}
	rc = 0;
out:
	free(data);
	return rc;
}
