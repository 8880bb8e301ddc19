/*
 * t_docx.c — the DOCX writer on hand-built documents: the package's
 * parts and their order, well-formed XML, the golden projection of
 * word/document.xml, page geometry, sections, tables with merged cells,
 * refused characters, determinism, and the style registry.
 *
 *   t_docx                 run the checks (VB_REGEN=1 rewrites the golden)
 *   t_docx --write DIR     write DIR/letter.docx, DIR/plan.docx (samples
 *                          for tests/cli/docx.sh and LibreOffice)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "docx.h"
#include "unit.h"

#define GOLDEN "tests/data/docx/letter.document.txt"

static struct vb_arena A;
static const struct vb_loc L0 = { 0, 0, 0, NULL };

static const struct vb_kind cong_van = {
	"cong_van", NULL, "Công văn", NULL, 1
};
static const struct vb_kind ke_hoach = {
	"ke_hoach", "KẾ HOẠCH", "Kế hoạch", "KH", 0
};

/* ---- building documents ------------------------------------------------ */

static struct vb_node *
node(struct vb_node *parent, enum vb_node_type t)
{
	struct vb_node *n = vb_node_new(&A, t, &L0);

	if (parent != NULL)
		vb_node_append(parent, n);
	return n;
}

static struct vb_node *
text(struct vb_node *parent, const char *s)
{
	return vb_node_text(&A, parent, s, strlen(s), &L0);
}

static struct vb_node *
para(struct vb_node *parent, const char *s)
{
	struct vb_node *p = node(parent, VB_NODE_PARA);

	text(p, s);
	return p;
}

static struct vb_node *
heading(struct vb_node *parent, int level, const char *label, const char *s)
{
	struct vb_node *h = node(parent, VB_NODE_HEADING);

	h->as.heading.level = level;
	h->as.heading.label = label;
	text(h, s);
	return h;
}

static struct vb_node *
list(struct vb_node *parent, const char *label, const char *const *items,
    size_t n)
{
	struct vb_node *l = node(parent, VB_NODE_LIST), *it;
	size_t          i;

	for (i = 0; i < n; i++) {
		it = node(l, VB_NODE_ITEM);
		it->as.item.label = label;
		para(it, items[i]);
	}
	return l;
}

static struct vb_node *
cell(struct vb_node *row, const char *s, int colspan, int rowspan)
{
	struct vb_node *c = node(row, VB_NODE_CELL);

	c->as.cell.colspan = colspan;
	c->as.cell.rowspan = rowspan;
	if (s != NULL)
		text(c, s);
	return c;
}

static void
covered(struct vb_node *row, int n)
{
	while (n-- > 0)
		node(row, VB_NODE_CELL)->as.cell.covered = 1;
}

/*
 * The seed's "BIỂU TỔNG HỢP": TT and Đơn vị span two header rows,
 * "GIAI ĐOẠN 1" spans Chỉ tiêu / Kết quả / Tỷ lệ %, nrows units and a
 * totals row.
 */
static struct vb_node *
summary_table(struct vb_node *parent, int nrows)
{
	static const char *const units[] = {
		"LĐLĐ huyện Than Uyên", "LĐLĐ huyện Nậm Nhùn",
		"LĐLĐ huyện Tân Uyên", "LĐLĐ huyện Phong Thổ",
		"LĐLĐ huyện Sìn Hồ", "Công đoàn Viên chức tỉnh"
	};
	struct vb_node *t = node(parent, VB_NODE_TABLE), *r;
	struct vb_colspec *cols = vb_arena_alloc(&A, 5 * sizeof(*cols));
	char            buf[64];
	int             i;

	cols[0].width_mm = 12;
	cols[0].align = VB_ALIGN_CENTER;
	cols[2].align = cols[3].align = cols[4].align = VB_ALIGN_RIGHT;
	t->as.table.ncols = 5;
	t->as.table.cols = cols;
	t->as.table.nheader = 2;
	r = node(t, VB_NODE_ROW);
	r->flags |= VB_NODE_HEADER;
	cell(r, "TT", 1, 2);
	cell(r, "Đơn vị", 1, 2);
	cell(r, "GIAI ĐOẠN 1", 3, 1);
	covered(r, 2);
	r = node(t, VB_NODE_ROW);
	r->flags |= VB_NODE_HEADER;
	covered(r, 2);
	cell(r, "Chỉ tiêu", 1, 1);
	cell(r, "Kết quả", 1, 1);
	cell(r, "Tỷ lệ %", 1, 1);
	for (i = 0; i < nrows; i++) {
		r = node(t, VB_NODE_ROW);
		snprintf(buf, sizeof(buf), "%d", i + 1);
		cell(r, buf, 1, 1);
		cell(r, units[i % 6], 1, 1);
		snprintf(buf, sizeof(buf), "%d", 100 + i * 7);
		cell(r, buf, 1, 1);
		snprintf(buf, sizeof(buf), "%d", 90 + i * 5);
		cell(r, buf, 1, 1);
		snprintf(buf, sizeof(buf), "%d,%d%%", 90 - i % 9, i % 10);
		cell(r, buf, 1, 1);
	}
	r = node(t, VB_NODE_ROW);
	r->flags |= VB_NODE_TOTAL;
	cell(r, "Tổng cộng", 2, 1);
	covered(r, 1);
	cell(r, "2.300", 1, 1);
	cell(r, "2.152", 1, 1);
	cell(r, "93,6%", 1, 1);
	return t;
}

static void
profile(struct vb_doc *d)
{
	d->style.qh_pt = 12;
	d->style.tn_pt = 13;
	d->style.date_pt = 13;
	d->style.body_pt = 14;
	d->style.margin_mm[0] = 20;
	d->style.margin_mm[1] = 20;
	d->style.margin_mm[2] = 30;
	d->style.margin_mm[3] = 15;
	d->style.indent_mm = 10;
	d->style.line_spacing = 1.0;
	d->style.para_space_pt = 6;
}

static const char *const kg[] = {
	"LĐLĐ các huyện, thành phố",
	"Công đoàn ngành, Công đoàn Viên chức tỉnh",
	"CĐCS trực thuộc LĐLĐ tỉnh"
};
static const char *const sig[] = { "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH" };
static const char *const nn[] = {
	"- Như trên;", "- TLĐLĐ Việt Nam (b/c);", "- Thường trực LĐLĐ tỉnh;",
	"- Lưu: VT, CSPL&QHLĐ."
};
static const char *const dashes[] = {
	"Các cấp công đoàn tiếp tục tuyên truyền, vận động đoàn viên, "
	    "người lao động tham gia Chương trình;",
	"Biểu dương kịp thời các tập thể, cá nhân có nhiều sáng kiến."
};

/* A công văn like the seed 1070/LĐLĐ with one landscape annex. */
static struct vb_doc *
letter(int nrows)
{
	struct vb_doc  *d = vb_arena_alloc(&A, sizeof(*d));
	struct vb_node *p;

	d->arena = &A;
	d->kind = &cong_van;
	profile(d);
	d->co_quan_chu_quan = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM";
	d->co_quan = "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU";
	d->so = "1070";
	d->ky_hieu = "LĐLĐ";
	d->so_line = "Số: 1070/LĐLĐ";
	d->dia_danh = "Lai Châu";
	d->ngay_y = 2022;
	d->ngay_m = 11;
	d->ngay_d = 10;
	d->date_line = "Lai Châu, ngày 10 tháng 11 năm 2022";
	d->trich_yeu = "V/v Đẩy mạnh thực hiện Chương trình “01 triệu sáng "
	    "kiến - nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch "
	    "Covid-19”";
	d->kinh_gui = (const char **)kg;
	d->nkinh_gui = 3;
	d->body = node(NULL, VB_NODE_ROOT);
	para(d->body, "Với tinh thần trách nhiệm cao, nỗ lực vượt bậc của cán "
	    "bộ, đoàn viên, công chức, viên chức, người lao động (CCVCLĐ) và "
	    "các cấp công đoàn cả nước, tính đến ngày 10/11/2022 toàn tỉnh đã "
	    "có 2.152/2.300 sáng kiến, đạt 94% chỉ tiêu Chương trình.");
	p = node(d->body, VB_NODE_PARA);
	text(p, "Để phát huy kết quả đã đạt được, Ban Thường vụ ");
	text(node(p, VB_NODE_STRONG), "đề nghị");
	text(p, " các cấp công đoàn ");
	text(node(p, VB_NODE_EMPH), "khẩn trương");
	text(p, " thực hiện tốt các nội dung sau:");
	list(d->body, "-", dashes, 2);
	para(d->body, "Ban Thường vụ LĐLĐ tỉnh đề nghị các đơn vị triển khai "
	    "thực hiện./.");
	d->sig_lines = (const char **)sig;
	d->nsig_lines = 2;
	d->signer = "Nguyễn Thị Hoa";
	d->noi_nhan = (const char **)nn;
	d->nnoi_nhan = 4;
	d->annexes = vb_arena_alloc(&A, sizeof(*d->annexes));
	d->nannexes = 1;
	d->annexes[0].title = "BIỂU TỔNG HỢP";
	d->annexes[0].subtitle = "Kết quả thực hiện Chương trình “01 triệu "
	    "sáng kiến” của các cấp công đoàn tỉnh Lai Châu";
	d->annexes[0].kem_theo = "(Kèm theo Công văn số 1070/LĐLĐ ngày 10 "
	    "tháng 11 năm 2022 của Ban Thường vụ LĐLĐ tỉnh)";
	d->annexes[0].landscape = 1;
	d->annexes[0].body = node(NULL, VB_NODE_ROOT);
	summary_table(d->annexes[0].body, nrows);
	d->info_title = d->trich_yeu;
	d->info_author = d->co_quan;
	return d;
}

static const char *const cancu[] = {
	"Căn cứ Điều lệ Công đoàn Việt Nam;",
	"Căn cứ Hướng dẫn số 82/HD-LĐLĐ ngày 23/8/2023 của Ban Thường vụ "
	    "LĐLĐ tỉnh."
};
static const char *const members[] = {
	"Thường trực Tổng Liên đoàn Lao động Việt Nam;",
	"Đại diện lãnh đạo Thường trực Tỉnh ủy, UBND tỉnh;",
	"Các cơ quan truyền thông, báo chí."
};

/* A kế hoạch like the seed 471/KH-LĐLĐ: headings of four levels, two
 * annexes (a portrait one with a table, a landscape one). */
static struct vb_doc *
plan(void)
{
	struct vb_doc  *d = letter(4);
	struct vb_node *b;
	int             i;

	d->kind = &ke_hoach;
	d->so_line = "Số: 471/KH-LĐLĐ";
	d->ky_hieu = "KH-LĐLĐ";
	d->title = "KẾ HOẠCH";
	d->trich_yeu = "Tổng kết thực hiện Chương trình “01 triệu sáng kiến - "
	    "nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch "
	    "Covid-19”";
	d->date_line = "Lai Châu, ngày 06 tháng 9 năm 2023";
	d->nkinh_gui = 0;
	d->can_cu = (const char **)cancu;
	d->ncan_cu = 2;
	d->body = b = node(NULL, VB_NODE_ROOT);
	para(b, "Thực hiện Hướng dẫn số 82/HD-LĐLĐ, Ban Thường vụ LĐLĐ tỉnh "
	    "ban hành Kế hoạch tổng kết Chương trình như sau:");
	heading(b, 1, "I.", "MỤC ĐÍCH, YÊU CẦU");
	for (i = 0; i < 3; i++)
		para(b, "Tổng kết, đánh giá khách quan, toàn diện việc tổ chức "
		    "thực hiện Chương trình tại các cấp công đoàn trong tỉnh; "
		    "đúc kết bài học kinh nghiệm.");
	heading(b, 1, "II.", "NỘI DUNG, HÌNH THỨC, THỜI GIAN");
	heading(b, 2, "1.", "Nội dung tổ chức tổng kết");
	heading(b, 3, "1.1.", "Thành phần Hội nghị");
	list(b, "-", members, 3);
	heading(b, 4, "a)", "Đối với Công đoàn cơ sở");
	para(b, "Căn cứ điều kiện thực tiễn, tổ chức Hội nghị chuyên đề.");
	para(b, "Trên đây là Kế hoạch tổng kết Chương trình./.");
	d->annexes = vb_arena_alloc(&A, 2 * sizeof(*d->annexes));
	d->nannexes = 2;
	d->annexes[0].label = "Phụ lục I";
	d->annexes[0].title = "DANH SÁCH ĐƠN VỊ";
	d->annexes[0].kem_theo = "(Kèm theo Kế hoạch số 471/KH-LĐLĐ ngày 06 "
	    "tháng 9 năm 2023 của Ban Thường vụ LĐLĐ tỉnh)";
	d->annexes[0].body = node(NULL, VB_NODE_ROOT);
	summary_table(d->annexes[0].body, 3);
	para(d->annexes[0].body, "./.");
	d->annexes[1].label = "Phụ lục II";
	d->annexes[1].title = "BIỂU TỔNG HỢP";
	d->annexes[1].kem_theo = d->annexes[0].kem_theo;
	d->annexes[1].landscape = 1;
	d->annexes[1].body = node(NULL, VB_NODE_ROOT);
	summary_table(d->annexes[1].body, 40);
	d->info_title = d->trich_yeu;
	return d;
}

/* ---- reading packages -------------------------------------------------- */

static zip_t *
unzip(const char *data, size_t len)
{
	zip_error_t   ze;
	zip_source_t *src;
	zip_t        *za;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL)
		return NULL;
	if ((za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL)
		zip_source_free(src);
	zip_error_fini(&ze);
	return za;
}

/* The bytes of one part (malloc'd, NUL-terminated) or NULL. */
static char *
part(zip_t *za, const char *name, size_t *len)
{
	zip_stat_t  st;
	zip_file_t *f;
	char       *s;

	if (zip_stat(za, name, 0, &st) != 0 || (f = zip_fopen(za, name, 0)) ==
	    NULL)
		return NULL;
	s = malloc(st.size + 1);
	if (zip_fread(f, s, st.size) != (zip_int64_t)st.size) {
		free(s);
		s = NULL;
	} else
		s[st.size] = '\0';
	zip_fclose(f);
	if (len != NULL)
		*len = st.size;
	return s;
}

static xmlDocPtr
parse_part(zip_t *za, const char *name)
{
	size_t    len;
	char     *s = part(za, name, &len);
	xmlDocPtr doc;

	if (s == NULL)
		return NULL;
	doc = xmlReadMemory(s, (int)len, name, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(s);
	return doc;
}

/* The value of an XPath expression (count(), a number) in a WML part. */
static double
xp_num(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr  o;
	double             v = -1;

	xmlXPathRegisterNs(ctx, BAD_CAST "w", BAD_CAST
	    "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
	xmlXPathRegisterNs(ctx, BAD_CAST "r", BAD_CAST
	    "http://schemas.openxmlformats.org/officeDocument/2006/"
	    "relationships");
	xmlXPathRegisterNs(ctx, BAD_CAST "dcterms", BAD_CAST
	    "http://purl.org/dc/terms/");
	xmlXPathRegisterNs(ctx, BAD_CAST "dc", BAD_CAST
	    "http://purl.org/dc/elements/1.1/");
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	if (o != NULL) {
		v = xmlXPathCastToNumber(o);
		xmlXPathFreeObject(o);
	}
	xmlXPathFreeContext(ctx);
	return v;
}

static char *
xp_str(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr  o;
	char              *s = NULL;

	xmlXPathRegisterNs(ctx, BAD_CAST "w", BAD_CAST
	    "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
	xmlXPathRegisterNs(ctx, BAD_CAST "dcterms", BAD_CAST
	    "http://purl.org/dc/terms/");
	xmlXPathRegisterNs(ctx, BAD_CAST "dc", BAD_CAST
	    "http://purl.org/dc/elements/1.1/");
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	if (o != NULL) {
		xmlChar *t = xmlXPathCastToString(o);

		s = strdup((const char *)t);
		xmlFree(t);
		xmlXPathFreeObject(o);
	}
	xmlXPathFreeContext(ctx);
	return s;
}

/* ---- the projection: an indented, stable text form of a part ----------- */

static void
qname(struct vb_buf *b, xmlNsPtr ns, const xmlChar *name)
{
	if (ns != NULL && ns->prefix != NULL)
		vb_buf_printf(b, "%s:", (const char *)ns->prefix);
	vb_buf_puts(b, (const char *)name);
}

static void
project(struct vb_buf *b, xmlNodePtr n, int depth)
{
	xmlAttrPtr a;
	xmlChar   *v;
	int        i;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < depth; i++)
			vb_buf_puts(b, "  ");
		qname(b, n->ns, n->name);
		for (a = n->properties; a != NULL; a = a->next) {
			v = xmlNodeGetContent((xmlNodePtr)a);
			if (strcmp((const char *)a->name, "space") == 0 &&
			    strcmp((const char *)v, "preserve") == 0) {
				xmlFree(v);
				continue;   /* checked on its own */
			}
			vb_buf_putc(b, ' ');
			qname(b, a->ns, a->name);
			vb_buf_printf(b, "=%s", (const char *)v);
			xmlFree(v);
		}
		if (strcmp((const char *)n->name, "t") == 0 ||
		    strcmp((const char *)n->name, "instrText") == 0) {
			v = xmlNodeGetContent(n);
			vb_buf_printf(b, " \"%s\"\n", (const char *)v);
			xmlFree(v);
			continue;
		}
		vb_buf_putc(b, '\n');
		project(b, n->children, depth + 1);
	}
}

static char *
read_all(const char *path)
{
	char  *s;
	size_t len;

	if (vb_read_file(path, &s, &len) != 0)
		return NULL;
	return s;
}

static void
golden(zip_t *za)
{
	xmlDocPtr     doc = parse_part(za, "word/document.xml");
	struct vb_buf b = VB_BUF_INIT;
	const char   *top = getenv("VB_TOP");
	char          path[1024];
	char         *want;
	FILE         *f;

	if (doc == NULL) {
		OK(0, "document.xml parses for the golden test");
		return;
	}
	project(&b, xmlDocGetRootElement(doc), 0);
	xmlFreeDoc(doc);
	snprintf(path, sizeof(path), "%s/%s", top != NULL ? top : ".", GOLDEN);
	if (getenv("VB_REGEN") != NULL && (f = fopen(path, "w")) != NULL) {
		fwrite(b.data, 1, b.len, f);
		fclose(f);
		fprintf(stderr, "t_docx: wrote %s\n", path);
	}
	want = read_all(path);
	OK(want != NULL, "golden file %s exists", path);
	if (want != NULL && strcmp(want, b.data) != 0) {
		char tmp[] = "/tmp/t_docx_golden.XXXXXX";
		int  fd = mkstemp(tmp);

		if (fd >= 0) {
			if (write(fd, b.data, b.len) < 0)
				perror(tmp);
			close(fd);
		}
		OK(0, "document.xml projection differs from %s (got: %s; "
		    "VB_REGEN=1 rewrites it)", path, tmp);
	} else if (want != NULL)
		OK(1, "golden");
	free(want);
	vb_buf_free(&b);
}

/* ---- the checks -------------------------------------------------------- */

static char *
build(const struct vb_doc *doc, size_t *len, char **msgs)
{
	struct vb_diag d;
	char          *data = NULL, *m = NULL;
	size_t         mlen = 0;
	FILE          *mem = open_memstream(&m, &mlen);
	int            rc;

	vb_diag_init(&d, NULL, mem);
	rc = vb_docx_build(doc, &data, len, &d);
	fclose(mem);
	if (msgs != NULL)
		*msgs = m;
	else
		free(m);
	return rc == 0 ? data : NULL;
}

static void
test_parts(void)
{
	static const char *const names[] = {
		"[Content_Types].xml", "_rels/.rels", "docProps/app.xml",
		"docProps/core.xml", "word/document.xml",
		"word/_rels/document.xml.rels", "word/styles.xml",
		"word/settings.xml", "word/header1.xml", "word/header2.xml"
	};
	size_t     len, i;
	char      *data = build(letter(3), &len, NULL);
	zip_t     *za;
	xmlDocPtr  doc;

	OK(data != NULL, "the letter builds");
	if (data == NULL)
		return;
	za = unzip(data, len);
	OK(za != NULL, "the package is a zip");
	if (za == NULL) {
		free(data);
		return;
	}
	INT_EQ(zip_get_num_entries(za, 0), 10, "ten parts");
	for (i = 0; i < 10; i++) {
		const char *got = zip_get_name(za, i, 0);

		STR_EQ(got, names[i], "part %zu in its fixed place", i);
		doc = parse_part(za, names[i]);
		OK(doc != NULL, "%s is well-formed", names[i]);
		if (doc != NULL)
			xmlFreeDoc(doc);
	}
	golden(za);
	zip_close(za);
	free(data);
}

static void
test_document(void)
{
	size_t     len;
	char      *data = build(letter(3), &len, NULL), *s;
	zip_t     *za = data != NULL ? unzip(data, len) : NULL;
	xmlDocPtr  doc, sty, hdr;

	OK(za != NULL, "letter package opens");
	if (za == NULL) {
		free(data);
		return;
	}
	doc = parse_part(za, "word/document.xml");
	sty = parse_part(za, "word/styles.xml");
	hdr = parse_part(za, "word/header1.xml");
	OK(doc != NULL && sty != NULL && hdr != NULL, "parts parse");
	if (doc == NULL || sty == NULL || hdr == NULL)
		goto out;

	/* Page (ND30.md §19 F32). */
	INT_EQ(xp_num(doc, "count(//w:sectPr)"), 2, "main section + annex");
	INT_EQ(xp_num(doc, "number((//w:sectPr)[1]/w:pgSz/@w:w)"), 11906,
	    "A4 width");
	INT_EQ(xp_num(doc, "number((//w:sectPr)[1]/w:pgSz/@w:h)"), 16838,
	    "A4 height");
	INT_EQ(xp_num(doc, "number((//w:sectPr)[1]/w:pgMar/@w:top)"), 1134,
	    "top 20 mm");
	INT_EQ(xp_num(doc, "number((//w:sectPr)[1]/w:pgMar/@w:left)"), 1701,
	    "left 30 mm");
	INT_EQ(xp_num(doc, "number((//w:sectPr)[1]/w:pgMar/@w:right)"), 851,
	    "right 15 mm rounds up, not down to 850");
	INT_EQ(xp_num(doc, "count((//w:sectPr)[1]/w:titlePg)"), 1,
	    "no number on page 1");
	INT_EQ(xp_num(doc, "count((//w:sectPr)[2]/w:titlePg)"), 1,
	    "nor on the annex's first page");
	STR_EQ(s = xp_str(doc, "string((//w:sectPr)[2]/w:pgNumType/@w:start)"),
	    "1", "annex numbered from 1");
	free(s);
	STR_EQ(s = xp_str(doc, "string((//w:sectPr)[2]/w:pgSz/@w:orient)"),
	    "landscape", "landscape annex");
	free(s);
	INT_EQ(xp_num(doc, "number((//w:sectPr)[2]/w:pgSz/@w:w)"), 16838,
	    "landscape swaps width and height");
	INT_EQ(xp_num(doc, "count(/w:document/w:body/w:sectPr)"), 1,
	    "the last section's sectPr ends the body");
	INT_EQ(xp_num(doc, "count(/w:document/w:body/*[last()-1]"
	    "[self::w:tbl])"), 0, "the body does not end with a table");
	INT_EQ(xp_num(doc, "count(//w:instrText)"), 0, "no field in the body");
	OK(xp_num(hdr, "count(//w:instrText[contains(., 'PAGE')])") == 1,
	    "PAGE field in the default header");

	/* Every run's text keeps its spaces. */
	INT_EQ(xp_num(doc, "count(//w:t[not(@xml:space='preserve')])"), 0,
	    "every w:t has xml:space=preserve");
	OK(xp_num(doc, "count(//w:t)") > 20, "there is text");

	/* Header block. */
	STR_EQ(s = xp_str(doc, "string(/w:document/w:body/w:tbl[1]//w:tc[2]/"
	    "w:p[1])"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Quốc hiệu");
	free(s);
	STR_EQ(s = xp_str(doc, "string(/w:document/w:body/w:tbl[1]//w:tc[2]/"
	    "w:p[2])"), "Độc lập - Tự do - Hạnh phúc", "Tiêu ngữ");
	free(s);
	/* The Tiêu ngữ rule is as long as the Tiêu ngữ (56.1 mm at 13 pt). */
	{
		double cellw = xp_num(doc, "number(/w:document/w:body/w:tbl[1]/"
		    "w:tblGrid/w:gridCol[2]/@w:w)");
		double l = xp_num(doc, "number(/w:document/w:body/w:tbl[1]/"
		    "w:tr[1]/w:tc[2]/w:p[3]/w:pPr/w:ind/@w:left)");
		double r = xp_num(doc, "number(/w:document/w:body/w:tbl[1]/"
		    "w:tr[1]/w:tc[2]/w:p[3]/w:pPr/w:ind/@w:right)");
		double mm = (cellw - l - r) * 25.4 / 1440;

		OK(mm > 55.9 && mm < 56.5, "Tiêu ngữ rule %.2f mm", mm);
		OK(l > 0 && (l - r) * (l - r) <= 1, "rule centred");
		INT_EQ(xp_num(doc, "count(/w:document/w:body/w:tbl[1]/w:tr[1]/"
		    "w:tc[2]/w:p[3]/w:pPr/w:pStyle[@w:val='VbRule'])"), 1,
		    "rule paragraph styled VbRule");
		OK(cellw * 25.4 / 1440 >= 90, "right column holds the QH");
	}
	/* The issuer's rule: 1/3–1/2 of the issuer's line. */
	{
		double cellw = xp_num(doc, "number(/w:document/w:body/w:tbl[1]/"
		    "w:tblGrid/w:gridCol[1]/@w:w)");
		double l = xp_num(doc, "number(/w:document/w:body/w:tbl[1]/"
		    "w:tr[1]/w:tc[1]/w:p[3]/w:pPr/w:ind/@w:left)");
		double line = vb_docx_longest_line(
		    "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", 12, 1, (int)cellw);
		double frac = (cellw - 2 * l) / line;

		OK(frac >= 1.0 / 3 && frac <= 0.5, "issuer rule %.2f of line",
		    frac);
	}
	STR_EQ(s = xp_str(doc, "string(/w:document/w:body/w:tbl[1]/w:tr[2]/"
	    "w:tc[1]/w:p[2])"), "V/v Đẩy mạnh thực hiện Chương trình “01 triệu "
	    "sáng kiến - nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại "
	    "dịch Covid-19”", "V/v under the Số");
	free(s);
	STR_EQ(s = xp_str(doc, "string(/w:document/w:body/w:tbl[1]/w:tr[2]/"
	    "w:tc[2]/w:p[1]/w:pPr/w:pStyle/@w:val)"), "VbDiaDanhNgay",
	    "date beside the Số");
	free(s);
	INT_EQ(xp_num(doc, "count(//w:pStyle[@w:val='VbTenLoai'])"), 0,
	    "a công văn has no title");

	/* Kính gửi: one paragraph, a tab after the label, breaks between. */
	INT_EQ(xp_num(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='VbKinhGui'])"),
	    1, "Kính gửi is one paragraph");
	INT_EQ(xp_num(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='VbKinhGui']"
	    "//w:br)"), 2, "addressees on their own lines");
	STR_EQ(s = xp_str(doc, "string(//w:p[w:pPr/w:pStyle/@w:val="
	    "'VbKinhGui'])"), "Kính gửi:- LĐLĐ các huyện, thành phố;"
	    "- Công đoàn ngành, Công đoàn Viên chức tỉnh;"
	    "- CĐCS trực thuộc LĐLĐ tỉnh.", "addressee punctuation");
	free(s);
	OK(xp_num(doc, "number(//w:p[w:pPr/w:pStyle/@w:val='VbKinhGui']/"
	    "w:pPr/w:ind/@w:hanging)") > 0 && xp_num(doc, "number(//w:p["
	    "w:pPr/w:pStyle/@w:val='VbKinhGui']/w:pPr/w:ind/@w:left)") >
	    xp_num(doc, "number(//w:p[w:pPr/w:pStyle/@w:val='VbKinhGui']/"
	    "w:pPr/w:ind/@w:hanging)"), "hanging indent after the label");
	OK(xp_num(doc, "number(//w:p[w:pPr/w:pStyle/@w:val='VbKinhGui']/"
	    "w:pPr/w:tabs/w:tab/@w:pos)") == xp_num(doc, "number(//w:p[w:pPr/"
	    "w:pStyle/@w:val='VbKinhGui']/w:pPr/w:ind/@w:left)"),
	    "tab stop where the dashes line up");

	/* Body: the style carries ND30's paragraph format. */
	INT_EQ(xp_num(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='VbBody'])"), 5,
	    "three body paragraphs and two items, all in the body style");
	STR_EQ(s = xp_str(sty, "string(//w:style[@w:styleId='VbBody']/w:pPr/"
	    "w:jc/@w:val)"), "both", "justified");
	free(s);
	INT_EQ(xp_num(sty, "number(//w:style[@w:styleId='VbBody']/w:pPr/"
	    "w:ind/@w:firstLine)"), 567, "first-line indent 10 mm");
	INT_EQ(xp_num(sty, "number(//w:style[@w:styleId='VbBody']/w:pPr/"
	    "w:spacing/@w:before)"), 120, "6 pt before");
	INT_EQ(xp_num(sty, "number(//w:style[@w:styleId='VbBody']/w:pPr/"
	    "w:spacing/@w:line)"), 240, "single line");
	STR_EQ(s = xp_str(sty, "string(//w:docDefaults//w:rFonts/@w:ascii)"),
	    "Times New Roman", "Times New Roman");
	free(s);
	INT_EQ(xp_num(sty, "number(//w:style[@w:styleId='VbNoiNhan']//w:sz/"
	    "@w:val)"), 24, "Nơi nhận 12 pt");
	INT_EQ(xp_num(sty, "count(//w:style[@w:styleId='VbNoiNhan']//w:b)"
	    "+count(//w:style[@w:styleId='VbNoiNhan']//w:i)"), 2,
	    "Nơi nhận bold italic");
	INT_EQ(xp_num(sty, "number(//w:style[@w:styleId='VbNoiNhanMuc']//"
	    "w:sz/@w:val)"), 22, "items 11 pt");
	INT_EQ(xp_num(doc, "count(//w:r[w:rPr/w:b]/w:t[.='đề nghị'])"), 1,
	    "strong run bold");
	INT_EQ(xp_num(doc, "count(//w:r[w:rPr/w:i]/w:t[.='khẩn trương'])"), 1,
	    "emphasis run italic");
	INT_EQ(xp_num(doc, "count(//w:p/w:r[1]/w:t[.='- '])"), 2,
	    "items start with their label and a space, as in the PDF");

	/* Signature kept with the last body paragraph. */
	INT_EQ(xp_num(doc, "count(//w:p[w:pPr/w:keepNext][w:r/w:t["
	    "contains(., 'triển khai')]])"), 1,
	    "last body paragraph kept with the signature");
	INT_EQ(xp_num(doc, "count(/w:document/w:body/w:tbl[2]/w:tr/w:trPr/"
	    "w:cantSplit)"), 1, "signature row does not split");
	STR_EQ(s = xp_str(doc, "string(/w:document/w:body/w:tbl[2]/w:tr/"
	    "w:tc[2]/w:p[last()])"), "Nguyễn Thị Hoa", "signer last");
	free(s);
	INT_EQ(xp_num(sty, "number(//w:style[@w:styleId='VbNguoiKy']//"
	    "w:spacing/@w:before)"), VB_DOCX_MM(25), "room for the signature");

	/* The annex table. */
	INT_EQ(xp_num(doc, "count(//w:tbl)"), 3, "header, signature, annex");
	INT_EQ(xp_num(doc, "count((//w:tbl)[3]/w:tblGrid/w:gridCol)"), 5,
	    "five grid columns");
	INT_EQ(xp_num(doc, "number((//w:tbl)[3]/w:tblGrid/w:gridCol[1]/@w:w)"),
	    VB_DOCX_MM(12), "declared width kept");
	INT_EQ(xp_num(doc, "sum((//w:tbl)[3]/w:tblGrid/w:gridCol/@w:w)"),
	    16838 - 1701 - 851, "the table fills the landscape text block");
	INT_EQ(xp_num(doc, "count((//w:tbl)[3]/w:tr[w:trPr/w:tblHeader])"), 2,
	    "two repeated header rows");
	INT_EQ(xp_num(doc, "count((//w:tbl)[3]/w:tr[w:trPr/w:cantSplit])"),
	    2 + 3 + 1, "no row splits");
	INT_EQ(xp_num(doc, "count((//w:tbl)[3]//w:vMerge[@w:val='restart'])"),
	    2, "TT and Đơn vị start vertical merges");
	INT_EQ(xp_num(doc, "count((//w:tbl)[3]//w:vMerge[not(@w:val)])"), 2,
	    "and continue them");
	INT_EQ(xp_num(doc, "count((//w:tbl)[3]/w:tr[1]/w:tc)"), 3,
	    "GIAI ĐOẠN 1 is one cell");
	INT_EQ(xp_num(doc, "number((//w:tbl)[3]/w:tr[1]/w:tc[3]/w:tcPr/"
	    "w:gridSpan/@w:val)"), 3, "spanning three columns");
	INT_EQ(xp_num(doc, "count(//w:tc[not(w:p)])"), 0,
	    "every cell has a paragraph");
	INT_EQ(xp_num(doc, "count((//w:tbl)[3]/w:tr[last()]/w:tc)"), 4,
	    "totals row: Tổng cộng spans two");
	STR_EQ(s = xp_str(doc, "string((//w:tbl)[3]/w:tr[last()]/w:tc[1]/"
	    "w:p/w:pPr/w:pStyle/@w:val)"), "VbCellTotalX1",
	    "totals: bold style, centred like its column");
	free(s);
	STR_EQ(s = xp_str(sty, "string(//w:style[@w:styleId='VbCellTotalX1']/"
	    "w:basedOn/@w:val)"), "VbCellTotal", "based on the totals style");
	free(s);
	INT_EQ(xp_num(sty, "count(//w:style[@w:styleId='VbCellTotal']//w:b)"),
	    1, "totals bold");
	STR_EQ(s = xp_str(doc, "string((//w:tbl)[3]/w:tr[3]/w:tc[3]/w:p/"
	    "w:pPr/w:pStyle/@w:val)"), "VbCellX2", "numbers: derived style");
	free(s);
	STR_EQ(s = xp_str(sty, "string(//w:style[@w:styleId='VbCellX2']/"
	    "w:pPr/w:jc/@w:val)"), "right", "right-aligned");
	free(s);
	STR_EQ(s = xp_str(sty, "string(//w:style[@w:styleId='VbCellX2']/"
	    "w:name/@w:val)"), "Ô bảng (Table cell) (căn phải)",
	    "named for the clerk");
	free(s);
	STR_EQ(s = xp_str(sty, "string(//w:style[@w:styleId='VbCellX2']/"
	    "w:basedOn/@w:val)"), "VbCell", "based on the cell style");
	free(s);
	STR_EQ(s = xp_str(doc, "string((//w:tbl)[3]/w:tr[1]/w:tc[1]/w:p/"
	    "w:pPr/w:pStyle/@w:val)"), "VbCellHeader",
	    "header cells: their own style, not the column's alignment");
	free(s);
	/* Every pStyle names a style that exists. */
	{
		xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
		xmlXPathObjectPtr  o;
		int                i, missing = 0;
		char               q[256];

		xmlXPathRegisterNs(ctx, BAD_CAST "w", BAD_CAST "http://schemas."
		    "openxmlformats.org/wordprocessingml/2006/main");
		o = xmlXPathEvalExpression(BAD_CAST "//w:pStyle/@w:val|"
		    "//w:tblStyle/@w:val", ctx);
		for (i = 0; o != NULL && o->nodesetval != NULL &&
		    i < o->nodesetval->nodeNr; i++) {
			xmlChar *v = xmlNodeGetContent(
			    o->nodesetval->nodeTab[i]);

			snprintf(q, sizeof(q), "count(//w:style[@w:styleId="
			    "'%s'])", (const char *)v);
			if (xp_num(sty, q) != 1)
				missing++;
			xmlFree(v);
		}
		INT_EQ(missing, 0, "styles referenced exist");
		xmlXPathFreeObject(o);
		xmlXPathFreeContext(ctx);
	}
out:
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (sty != NULL)
		xmlFreeDoc(sty);
	if (hdr != NULL)
		xmlFreeDoc(hdr);
	zip_close(za);
	free(data);
}

static void
test_plan(void)
{
	size_t     len;
	char      *data = build(plan(), &len, NULL), *s;
	zip_t     *za = data != NULL ? unzip(data, len) : NULL;
	xmlDocPtr  doc = NULL, sty = NULL;

	OK(za != NULL, "plan builds");
	if (za == NULL) {
		free(data);
		return;
	}
	doc = parse_part(za, "word/document.xml");
	sty = parse_part(za, "word/styles.xml");
	OK(doc != NULL && sty != NULL, "plan parts parse");
	if (doc == NULL || sty == NULL)
		goto out;
	STR_EQ(s = xp_str(doc, "string(//w:p[w:pPr/w:pStyle/@w:val="
	    "'VbTenLoai'])"), "KẾ HOẠCH", "title");
	free(s);
	INT_EQ(xp_num(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='VbTrichYeu']"
	    "/following-sibling::w:p[1][w:pPr/w:pStyle/@w:val='VbRule'])"),
	    1, "rule under the trích yếu");
	INT_EQ(xp_num(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='VbCanCu'])"), 2,
	    "căn cứ lines");
	INT_EQ(xp_num(doc, "count(//w:pStyle[@w:val='VbVv'])"), 0,
	    "no V/v in a typed document");
	STR_EQ(s = xp_str(doc, "string(//w:p[w:pPr/w:pStyle/@w:val="
	    "'Heading1'])"), "I. MỤC ĐÍCH, YÊU CẦU", "literal heading label");
	free(s);
	INT_EQ(xp_num(doc, "count(//w:pStyle[@w:val='Heading3'])"), 1, "1.1.");
	INT_EQ(xp_num(doc, "count(//w:pStyle[@w:val='Heading4'])"), 1, "a)");
	INT_EQ(xp_num(sty, "number(//w:style[@w:styleId='Heading2']/w:pPr/"
	    "w:outlineLvl/@w:val)"), 1, "outline level for the navigator");
	INT_EQ(xp_num(sty, "count(//w:style[@w:styleId='Heading1']//w:b)"), 1,
	    "heading 1 bold");
	INT_EQ(xp_num(sty, "count(//w:style[@w:styleId='Heading4']//w:b)"), 0,
	    "heading 4 upright");
	INT_EQ(xp_num(doc, "count(//w:sectPr)"), 3, "main + two annexes");
	INT_EQ(xp_num(doc, "count((//w:sectPr)[2]/w:pgSz/@w:orient)"), 0,
	    "annex I portrait");
	INT_EQ(xp_num(doc, "count((//w:sectPr)[3]/w:pgSz[@w:orient="
	    "'landscape'])"), 1, "annex II landscape");
	INT_EQ(xp_num(doc, "count(//w:sectPr[w:pgNumType/@w:start='1'])"), 2,
	    "each annex numbered on its own");
	INT_EQ(xp_num(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='VbPhuLuc'])"),
	    2, "Phụ lục labels");
	INT_EQ(xp_num(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='VbKemTheo'])"),
	    2, "Kèm theo lines");
	INT_EQ(xp_num(doc, "number((//w:tbl)[3]/w:tblGrid/w:gridCol[1]/@w:w)"
	    "+number((//w:tbl)[3]/w:tblGrid/w:gridCol[2]/@w:w)"
	    "+number((//w:tbl)[3]/w:tblGrid/w:gridCol[3]/@w:w)"
	    "+number((//w:tbl)[3]/w:tblGrid/w:gridCol[4]/@w:w)"
	    "+number((//w:tbl)[3]/w:tblGrid/w:gridCol[5]/@w:w)"),
	    11906 - 1701 - 851, "portrait table fills the text block");
	OK(xp_num(doc, "number((//w:tbl)[3]/w:tblGrid/w:gridCol[2]/@w:w)") >
	    xp_num(doc, "number((//w:tbl)[3]/w:tblGrid/w:gridCol[3]/@w:w)"),
	    "the names column is wider than a numbers column");
out:
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (sty != NULL)
		xmlFreeDoc(sty);
	zip_close(za);
	free(data);
}

/* Gridspans add up to the grid in every row of every table. */
static void
test_grid_sums(void)
{
	size_t     len;
	char      *data = build(plan(), &len, NULL);
	zip_t     *za = data != NULL ? unzip(data, len) : NULL;
	xmlDocPtr  doc = za != NULL ? parse_part(za, "word/document.xml") :
	    NULL;
	int        t, r, nt, nr, bad = 0;
	char       q[256];

	OK(doc != NULL, "plan document parses");
	if (doc != NULL) {
		nt = (int)xp_num(doc, "count(//w:tbl)");
		for (t = 1; t <= nt; t++) {
			int ncol;

			snprintf(q, sizeof(q), "count((//w:tbl)[%d]/w:tblGrid/"
			    "w:gridCol)", t);
			ncol = (int)xp_num(doc, q);
			snprintf(q, sizeof(q), "count((//w:tbl)[%d]/w:tr)", t);
			nr = (int)xp_num(doc, q);
			for (r = 1; r <= nr; r++) {
				snprintf(q, sizeof(q), "count((//w:tbl)[%d]/"
				    "w:tr[%d]/w:tc[not(w:tcPr/w:gridSpan)])+"
				    "sum((//w:tbl)[%d]/w:tr[%d]/w:tc/w:tcPr/"
				    "w:gridSpan/@w:val)", t, r, t, r);
				if ((int)xp_num(doc, q) != ncol)
					bad++;
			}
		}
		INT_EQ(bad, 0, "gridSpan sums equal the grid");
		OK(nt == 4, "four tables in the plan (%d)", nt);
		xmlFreeDoc(doc);
	}
	if (za != NULL)
		zip_close(za);
	free(data);
}

static void
test_deterministic(void)
{
	size_t     l1, l2, l3;
	char      *a, *b, *c, *s;
	zip_t     *za;
	xmlDocPtr  core;

	unsetenv("SOURCE_DATE_EPOCH");
	a = build(letter(3), &l1, NULL);
	b = build(letter(3), &l2, NULL);
	OK(a != NULL && b != NULL && l1 == l2 && memcmp(a, b, l1) == 0,
	    "same document, same bytes");
	za = a != NULL ? unzip(a, l1) : NULL;
	core = za != NULL ? parse_part(za, "docProps/core.xml") : NULL;
	OK(core != NULL, "core.xml");
	if (core != NULL) {
		STR_EQ(s = xp_str(core, "string(//dcterms:created)"),
		    "2022-11-10T00:00:00Z", "created: the document's date");
		free(s);
		STR_EQ(s = xp_str(core, "string(//dc:creator)"),
		    "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", "author: issuer");
		free(s);
		OK((s = xp_str(core, "string(//dc:title)")) != NULL &&
		    strncmp(s, "V/v Đẩy mạnh", strlen("V/v Đẩy mạnh")) == 0,
		    "title: trích yếu");
		free(s);
		xmlFreeDoc(core);
	}
	if (za != NULL)
		zip_close(za);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	c = build(letter(3), &l3, NULL);
	OK(c != NULL && (l3 != l1 || memcmp(a, c, l1) != 0),
	    "SOURCE_DATE_EPOCH changes the stamp");
	za = c != NULL ? unzip(c, l3) : NULL;
	core = za != NULL ? parse_part(za, "docProps/core.xml") : NULL;
	if (core != NULL) {
		STR_EQ(s = xp_str(core, "string(//dcterms:modified)"),
		    "2023-11-14T22:13:20Z", "modified from SOURCE_DATE_EPOCH");
		free(s);
		xmlFreeDoc(core);
	}
	if (za != NULL) {
		zip_stat_t st;

		OK(zip_stat_index(za, 0, 0, &st) == 0 &&
		    (st.valid & ZIP_STAT_MTIME), "zip entry has a time");
		zip_close(za);
	}
	free(a);
	free(b);
	free(c);
}

static struct vb_srcset ss;

static void
test_bad_text(void)
{
	struct vb_doc  *doc = letter(3);
	struct vb_node *p;
	struct vb_loc   loc = { 1, 0, 0, NULL };
	struct vb_diag  d;
	char           *msgs = NULL, *data, path[64];
	size_t          mlen = 0, len;
	FILE           *mem;
	const char     *src;
	int             rc;

	/* A bell character from the data, located at its expression. */
	src = vb_srcset_get(&ss, 1)->data;
	loc.off = (uint32_t)(strstr(src, "{{ ten }}") - src);
	loc.len = 9;
	p = node(doc->body, VB_NODE_PARA);
	vb_node_text(&A, p, "Tên: a\x07z", 8, &loc);
	mem = open_memstream(&msgs, &mlen);
	vb_diag_init(&d, &ss, mem);
	snprintf(path, sizeof(path), "/tmp/t_docx_bad_%d.docx", (int)getpid());
	remove(path);
	rc = vb_docx_write(doc, path, &d);
	fclose(mem);
	INT_EQ(rc, -1, "a control character is refused");
	OK(access(path, F_OK) != 0, "and nothing is written");
	OK(msgs != NULL && strstr(msgs, "kh.md:2:6: error: character not "
	    "allowed in a Word document") != NULL &&
	    strstr(msgs, "U+0007 in the text") != NULL,
	    "message names the template expression: %s", msgs ? msgs : "");
	free(msgs);

	/* Invalid UTF-8 and U+FFFE, also in header fields. */
	doc = letter(3);
	doc->signer = "Nguy\xC3" "n";
	data = build(doc, &len, &msgs);
	OK(data == NULL && msgs != NULL && strstr(msgs, "invalid UTF-8") &&
	    strstr(msgs, "signer's name"), "bad UTF-8 in a field: %s",
	    msgs ? msgs : "");
	free(msgs);
	free(data);
	doc = letter(3);
	doc->co_quan = "LIÊN ĐOÀN \xEF\xBF\xBE";
	data = build(doc, &len, &msgs);
	OK(data == NULL && msgs != NULL && strstr(msgs, "U+FFFE in the "
	    "issuing body (co_quan)"), "U+FFFE refused: %s", msgs ? msgs : "");
	free(msgs);
	free(data);

	/* Tab, newline and CR LF are text, not errors. */
	doc = letter(3);
	p = node(doc->body, VB_NODE_PARA);
	text(p, "a\tb\nc\r\nd <&> \"e\"");
	data = build(doc, &len, &msgs);
	OK(data != NULL, "tabs and newlines are fine: %s", msgs ? msgs : "");
	free(msgs);
	if (data != NULL) {
		zip_t    *za = unzip(data, len);
		xmlDocPtr x = za != NULL ? parse_part(za, "word/document.xml") :
		    NULL;

		OK(x != NULL && xp_num(x, "count(//w:r[w:t='a'][w:tab]"
		    "[count(w:br)=2][w:t='d <&> \"e\"'])") == 1,
		    "tab -> w:tab, newline and CR LF -> one w:br each, "
		    "markup escaped");
		if (x != NULL)
			xmlFreeDoc(x);
		if (za != NULL)
			zip_close(za);
		free(data);
	}

	/* A directory that does not exist. */
	mem = open_memstream(&msgs, &mlen);
	vb_diag_init(&d, &ss, mem);
	rc = vb_docx_write(letter(3), "/nonexistent/dir/x.docx", &d);
	fclose(mem);
	INT_EQ(rc, -1, "unwritable path");
	OK(msgs != NULL && strstr(msgs, "cannot write output file"),
	    "reported: %s", msgs ? msgs : "");
	free(msgs);
}

static void
test_registry(void)
{
	struct vb_docx_styles r;
	struct vb_docx_props  p;
	struct vb_style       st;
	struct vb_arena       a;
	int                   i, j, k;

	memset(&st, 0, sizeof(st));
	vb_arena_init(&a);
	vb_docx_styles_init(&r, &st, &a);
	INT_EQ(r.n, VB_STY__MAX, "one row per named style");
	STR_EQ(r.v[VB_STY_BODY].id, "VbBody", "body style id");
	STR_EQ(r.v[VB_STY_H1].name, "heading 1", "Word's heading names");
	memset(&p, 0, sizeof(p));
	p.set = VB_DP_JC;
	p.jc = VB_JC_BOTH;
	INT_EQ(vb_docx_style_derive(&r, VB_STY_BODY, &p), VB_STY_BODY,
	    "no change, no new style");
	p.jc = VB_JC_CENTER;
	i = vb_docx_style_derive(&r, VB_STY_BODY, &p);
	j = vb_docx_style_derive(&r, VB_STY_BODY, &p);
	OK(i >= VB_STY__MAX && i == j, "derived once, found again");
	STR_EQ(r.v[i].name, "Nội dung (Body) (căn giữa)", "described");
	p.set = VB_DP_BOLD;
	p.bold = 0;
	INT_EQ(vb_docx_style_derive(&r, VB_STY_BODY, &p), VB_STY_BODY,
	    "not bold where nothing is bold: no change");
	p.bold = 1;
	k = vb_docx_style_derive(&r, VB_STY_H1, &p);
	INT_EQ(k, VB_STY_H1, "bold heading is the heading");
	memset(&p, 0, sizeof(p));
	OK(vb_docx_style_get(&r, VB_STY_H2, VB_DP_IND, &p) && p.first == 567,
	    "headings inherit the body's indent");
	INT_EQ(vb_docx_style_get(&r, VB_STY_H2, VB_DP_SIZE, &p), 0,
	    "size from the defaults");

	/* Widths: ND30.md §2 measurements. */
	k = vb_docx_measure("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	    strlen("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, 1);
	OK(k * 25.4 / 1440 > 88.1 && k * 25.4 / 1440 < 88.5,
	    "Quốc hiệu 12 pt bold = 88.3 mm (%.2f)", k * 25.4 / 1440);
	k = vb_docx_measure("Độc lập - Tự do - Hạnh phúc",
	    strlen("Độc lập - Tự do - Hạnh phúc"), 14, 1);
	OK(k * 25.4 / 1440 > 60.3 && k * 25.4 / 1440 < 60.7,
	    "Tiêu ngữ 14 pt bold = 60.5 mm (%.2f)", k * 25.4 / 1440);
	k = vb_docx_longest_line("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", 12, 0,
	    VB_DOCX_MM(66));
	OK(k * 25.4 / 1440 < 66 && k * 25.4 / 1440 > 50,
	    "80 mm name wraps in 66 mm (%.1f)", k * 25.4 / 1440);
	INT_EQ(vb_docx_longest_word("ab  cde f", 9, 10, 0),
	    vb_docx_measure("cde", 3, 10, 0), "longest word");
	vb_arena_free(&a);
}

/* A body table declared landscape in a portrait flow gets its own
 * landscape section, then the flow returns to portrait. */
static void
test_landscape_table(void)
{
	struct vb_doc  *doc = letter(3);
	struct vb_node *t;
	size_t          len;
	char           *data;
	zip_t          *za;
	xmlDocPtr       x = NULL;

	doc->nannexes = 0;
	t = summary_table(doc->body, 2);
	t->flags |= VB_NODE_LANDSCAPE;
	para(doc->body, "Sau bảng./.");
	data = build(doc, &len, NULL);
	za = data != NULL ? unzip(data, len) : NULL;
	x = za != NULL ? parse_part(za, "word/document.xml") : NULL;
	OK(x != NULL, "landscape table document");
	if (x != NULL) {
		INT_EQ(xp_num(x, "count(//w:sectPr)"), 3,
		    "portrait, landscape, portrait");
		INT_EQ(xp_num(x, "count((//w:sectPr)[2]/w:pgSz[@w:orient="
		    "'landscape'])"), 1, "the table's section is landscape");
		INT_EQ(xp_num(x, "count((//w:sectPr)[2]/w:titlePg)+"
		    "count((//w:sectPr)[2]/w:pgNumType)"), 0,
		    "numbering runs on through it");
		xmlFreeDoc(x);
	}
	if (za != NULL)
		zip_close(za);
	free(data);
}

/* Nested lists: each level further right; an item that starts with a
 * list keeps its label on a line of its own. */
static void
test_nested_lists(void)
{
	static const char *const subs[] = { "Trung ương;", "Tỉnh." };
	struct vb_doc  *doc = letter(3);
	struct vb_node *l, *it;
	size_t          len;
	char           *data;
	zip_t          *za;
	xmlDocPtr       x = NULL, sty = NULL;

	doc->nannexes = 0;
	l = node(doc->body, VB_NODE_LIST);
	it = node(l, VB_NODE_ITEM);
	it->as.item.label = "a)";
	para(it, "Thành phần:");
	list(it, "+", subs, 2);
	para(it, "Đoạn tiếp của mục a.");
	it = node(l, VB_NODE_ITEM);
	it->as.item.label = "b)";
	list(it, "+", subs, 2);
	para(doc->body, "Hết./.");
	data = build(doc, &len, NULL);
	za = data != NULL ? unzip(data, len) : NULL;
	x = za != NULL ? parse_part(za, "word/document.xml") : NULL;
	sty = za != NULL ? parse_part(za, "word/styles.xml") : NULL;
	OK(x != NULL && sty != NULL, "nested lists document");
	if (x != NULL && sty != NULL) {
		char  *s1 = xp_str(x, "string(//w:p[w:r/w:t='a) ']/w:pPr/"
		    "w:pStyle/@w:val)");
		char  *s2 = xp_str(x, "string(//w:p[w:r/w:t='+ '][1]/w:pPr/"
		    "w:pStyle/@w:val)");
		char   q[256];
		double l1, l2;

		snprintf(q, sizeof(q), "number(//w:style[@w:styleId='%s']/"
		    "w:pPr/w:ind/@w:left)", s1);
		l1 = xp_num(sty, q);
		snprintf(q, sizeof(q), "number(//w:style[@w:styleId='%s']/"
		    "w:pPr/w:ind/@w:left)", s2);
		l2 = xp_num(sty, q);
		OK(!(l1 > 0) && !(l2 > 0) && strcmp(s1, "VbBody") == 0 &&
		    strcmp(s2, "VbBody") == 0,
		    "items at every level are body paragraphs, no indent of "
		    "their own (%s %g, %s %g)",
		    s1, l1, s2, l2);
		INT_EQ(xp_num(x, "count(//w:p[w:r/w:t='b)'][not(w:r/w:t[2])]"
		    "[count(w:r)=1])"), 1, "b) alone on its line");
		INT_EQ(xp_num(x, "count(//w:p[w:r/w:t='+ '])"), 4,
		    "four sub-items, each labelled");
		INT_EQ(xp_num(x, "count(//w:p[w:r/w:t='Đoạn tiếp của mục a.']"
		    "[not(w:r/w:tab)])"), 1, "continuation without a label");
		free(s1);
		free(s2);
	}
	if (x != NULL)
		xmlFreeDoc(x);
	if (sty != NULL)
		xmlFreeDoc(sty);
	if (za != NULL)
		zip_close(za);
	free(data);
}

static int
write_samples(const char *dir)
{
	struct vb_diag d;
	char           path[1024];
	int            rc = 0;

	vb_diag_init(&d, NULL, stderr);
	snprintf(path, sizeof(path), "%s/letter.docx", dir);
	rc |= vb_docx_write(letter(30), path, &d);
	snprintf(path, sizeof(path), "%s/plan.docx", dir);
	rc |= vb_docx_write(plan(), path, &d);
	return rc != 0;
}

int
main(int argc, char **argv)
{
	int rc;

	vb_arena_init(&A);
	if (argc == 3 && strcmp(argv[1], "--write") == 0) {
		rc = write_samples(argv[2]);
		vb_arena_free(&A);
		return rc;
	}
	vb_srcset_init(&ss);
	vb_srcset_add(&ss, "kh.md", vb_xstrdup("---\nTên: {{ ten }}\n"),
	    strlen("---\nTên: {{ ten }}\n"));
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	test_parts();
	test_document();
	test_plan();
	test_grid_sums();
	test_landscape_table();
	test_nested_lists();
	test_registry();
	test_bad_text();
	test_deterministic();
	vb_srcset_free(&ss);
	vb_arena_free(&A);
	xmlCleanupParser();
	return unit_done("t_docx");
}
