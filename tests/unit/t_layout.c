/* t_layout.c — the layout engine on the fixed-width fake measurer. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "unit.h"

#define MM VB_PT_PER_MM

static struct vb_arena    A;
static struct vb_measure  M;
static const struct vb_kind kh = { "ke_hoach", "KẾ HOẠCH", "Kế hoạch", "KH", 0 };
static const struct vb_kind cv = { "cong_van", NULL, "Công văn", NULL, 1 };

static const char *lorem[] = { "Với", "tinh", "thần", "trách", "nhiệm",
    "cao,", "nỗ", "lực", "vượt", "bậc", "của", "cán", "bộ,", "đoàn",
    "viên,", "công", "chức,", "viên", "chức,", "người", "lao", "động" };

/* A paragraph of n words. */
static struct vb_node *
para(struct vb_node *parent, int nwords)
{
	struct vb_node *p = vb_node_new(&A, VB_NODE_PARA, NULL);
	struct vb_buf   b = VB_BUF_INIT;
	int             i;

	for (i = 0; i < nwords; i++) {
		if (i > 0)
			vb_buf_putc(&b, ' ');
		vb_buf_puts(&b, lorem[i % 22]);
	}
	vb_node_text(&A, p, b.data, b.len, NULL);
	vb_buf_free(&b);
	vb_node_append(parent, p);
	return p;
}

static void
base_doc(struct vb_doc *doc, const struct vb_kind *k)
{
	static const char *sig[] = { "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH" };
	static const char *nn[] = { "- Như trên;", "- Lưu: VT." };

	memset(doc, 0, sizeof(*doc));
	doc->arena = &A;
	doc->kind = k;
	doc->co_quan_chu_quan = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM";
	doc->co_quan = "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU";
	doc->so_line = k->cong_van ? "Số: 1070/LĐLĐ" : "Số: 471/KH-LĐLĐ";
	doc->date_line = "Lai Châu, ngày 06 tháng 9 năm 2023";
	doc->title = k->title;
	doc->trich_yeu = k->cong_van ? "V/v đẩy mạnh thực hiện Chương trình" :
	    "Tổng kết Chương trình";
	doc->sig_lines = sig;
	doc->nsig_lines = 2;
	doc->signer = "Nguyễn Văn A";
	doc->noi_nhan = nn;
	doc->nnoi_nhan = 2;
	doc->body = vb_node_new(&A, VB_NODE_ROOT, NULL);
}

/* The first TEXT box whose text equals s, or NULL. */
static const struct vb_box *
find(const struct vb_pages *pp, size_t page, const char *s)
{
	size_t i;

	if (page >= pp->n)
		return NULL;
	for (i = 0; i < pp->v[page]->nboxes; i++) {
		const struct vb_box *b = &pp->v[page]->boxes[i];

		if (b->kind == VB_BOX_TEXT && b->len == strlen(s) &&
		    memcmp(b->text, s, b->len) == 0)
			return b;
	}
	return NULL;
}

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static void
test_header(void)
{
	struct vb_doc        doc;
	struct vb_pages      pp;
	const struct vb_box *qh, *tn, *so, *date, *b;
	double               left = 30 * MM, right = VB_A4_WIDTH - 15 * MM;
	size_t               i;
	int                  rule_ok = 0;

	base_doc(&doc, &kh);
	para(doc.body, 40);
	vb_pages_init(&pp, &A);
	INT_EQ(vb_layout(&doc, &M, NULL, &pp, NULL), 0, "layout succeeds");
	INT_EQ(pp.n, 1, "one page");
	OK(near(pp.v[0]->width, 595.28, 0.01) &&
	    near(pp.v[0]->height, 841.89, 0.01), "A4 portrait");
	qh = find(&pp, 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	tn = find(&pp, 0, "Độc lập - Tự do - Hạnh phúc");
	so = find(&pp, 0, "Số: 471/KH-LĐLĐ");
	date = find(&pp, 0, "Lai Châu, ngày 06 tháng 9 năm 2023");
	OK(qh && tn && so && date, "header texts are there");
	if (!(qh && tn && so && date))
		return;
	OK(qh->face == VB_FACE_BOLD && qh->size == 12, "QH bold 12");
	OK(tn->face == VB_FACE_BOLD && tn->size == 13, "TN bold 13");
	OK(date->face == VB_FACE_ITALIC && date->size == 13, "date italic 13");
	OK(near(qh->x + qh->w / 2, tn->x + tn->w / 2, 0.01),
	    "TN centred under QH");
	OK(qh->x + qh->w / 2 > left + (right - left) * 0.45,
	    "QH in the right part of the block");
	OK(near(so->y, date->y, 0.01), "Số and date on one baseline");
	OK(near(date->x + date->w / 2, qh->x + qh->w / 2, 1.5 * MM),
	    "date centred under QH");
	OK(qh->y - qh->size * 0.8 >= 20 * MM - 0.01, "top margin respected");
	for (i = 0; i < pp.v[0]->nboxes; i++) {
		b = &pp.v[0]->boxes[i];
		if (b->kind == VB_BOX_RULE && near(b->w, tn->w, 0.01) &&
		    near(b->x, tn->x, 0.01) && b->y > tn->y &&
		    b->y < tn->y + 6)
			rule_ok = 1;
		if (b->kind == VB_BOX_TEXT && (b->x < left - 0.01 ||
		    b->x + b->w > right + 0.01))
			OK(0, "box inside the margins: %.*s x=%g w=%g",
			    (int)b->len, b->text, b->x, b->w);
	}
	OK(rule_ok, "a rule exactly as long as the Tiêu ngữ, under it");
	OK(find(&pp, 0, "KẾ HOẠCH") != NULL, "title");
	OK(find(&pp, 0, "Nơi nhận:") != NULL, "Nơi nhận");
	b = find(&pp, 0, "Nơi nhận:");
	if (b != NULL) {
		const struct vb_box *sig = find(&pp, 0, "TM. BAN THƯỜNG VỤ");

		OK(b->face == VB_FACE_BOLD_ITALIC && b->size == 12,
		    "Nơi nhận bold italic 12");
		OK(sig != NULL && near(sig->y, b->y, 3), "level with TM. line");
		OK(near(b->x, left, 0.01), "Nơi nhận flush left");
	}
}

static void
test_cong_van(void)
{
	struct vb_doc        doc;
	struct vb_pages      pp;
	const struct vb_box *so, *vv;

	base_doc(&doc, &cv);
	para(doc.body, 20);
	vb_pages_init(&pp, &A);
	vb_layout(&doc, &M, NULL, &pp, NULL);
	so = find(&pp, 0, "Số: 1070/LĐLĐ");
	OK(find(&pp, 0, "KẾ HOẠCH") == NULL, "no title in a công văn");
	/* The fake measurer: 6 pt a letter at 12 pt, so V/v wraps; find
	 * its first box by prefix. */
	vv = NULL;
	if (so != NULL) {
		size_t i;

		for (i = 0; i < pp.v[0]->nboxes; i++) {
			const struct vb_box *b = &pp.v[0]->boxes[i];

			if (b->kind == VB_BOX_TEXT && b->len > 4 &&
			    memcmp(b->text, "V/v ", 4) == 0)
				vv = b;
		}
	}
	OK(vv != NULL, "a V/v line");
	if (so != NULL && vv != NULL) {
		OK(vv->y - so->y >= 6 + 12, "V/v at least 6 pt under Số");
		OK(vv->size == 12 && vv->face == VB_FACE_REGULAR,
		    "V/v regular 12");
	}
}

static void
test_body_and_pages(void)
{
	struct vb_doc          doc;
	struct vb_pages        pp;
	struct vb_layout_stats st;
	const struct vb_box   *b;
	double                 left = 30 * MM;
	size_t                 i, p;
	int                    indent_ok = 0, pn_ok = 1, bottom_ok = 1;

	base_doc(&doc, &kh);
	for (i = 0; i < 40; i++)
		para(doc.body, 60);
	vb_pages_init(&pp, &A);
	vb_layout(&doc, &M, NULL, &pp, &st);
	OK(pp.n >= 3, "40 paragraphs make several pages (%zu)", pp.n);
	OK(find(&pp, 0, "1") == NULL, "no number on page 1");
	for (p = 1; p < pp.n; p++) {
		char n[24];

		snprintf(n, sizeof(n), "%zu", p + 1);
		b = find(&pp, p, n);
		if (b == NULL || b->y > 20 * MM || !near(b->x + b->w / 2,
		    left + (VB_A4_WIDTH - 45 * MM) / 2, 0.5))
			pn_ok = 0;
	}
	OK(pn_ok, "page numbers from 2, centred in the top margin");
	for (p = 0; p < pp.n; p++)
		for (i = 0; i < pp.v[p]->nboxes; i++) {
			b = &pp.v[p]->boxes[i];
			if (b->kind == VB_BOX_TEXT && b->y > VB_A4_HEIGHT - 20 * MM)
				bottom_ok = 0;
			if (b->kind == VB_BOX_TEXT && p == 1 &&
			    near(b->x, left + 12.7 * MM, 0.01))
				indent_ok = 1;
		}
	OK(bottom_ok, "no text in the bottom margin");
	OK(indent_ok, "first lines indented 12.7 mm");
	OK(st.lines > 50 && st.ratio_max <= 1.0,
	    "justified lines within the stretch limit (%zu lines, max %g)",
	    st.lines, st.ratio_max);
	b = find(&pp, pp.n - 1, "Nguyễn Văn A");
	OK(b != NULL, "the signer is on the last page");
}

/* A table of 80 rows: the header is repeated, no row is split. */
static void
test_table(void)
{
	struct vb_doc       doc;
	struct vb_pages     pp;
	struct vb_node     *t, *r, *c;
	struct vb_colspec   cols[3] = { { 10, VB_ALIGN_CENTER },
	    { 0, VB_ALIGN_LEFT }, { 0, VB_ALIGN_RIGHT } };
	struct vb_annex     ax;
	size_t              i, k, p, heads = 0;
	char                buf[32];

	base_doc(&doc, &kh);
	para(doc.body, 30);
	t = vb_node_new(&A, VB_NODE_TABLE, NULL);
	t->as.table.ncols = 3;
	t->as.table.cols = cols;
	t->as.table.nheader = 1;
	for (i = 0; i <= 80; i++) {
		r = vb_node_new(&A, VB_NODE_ROW, NULL);
		if (i == 0)
			r->flags |= VB_NODE_HEADER;
		for (k = 0; k < 3; k++) {
			c = vb_node_new(&A, VB_NODE_CELL, NULL);
			if (i == 0)
				snprintf(buf, sizeof(buf), "%s",
				    k == 0 ? "TT" : k == 1 ? "Đơn vị" : "Kết quả");
			else
				snprintf(buf, sizeof(buf), k == 0 ? "%zu" :
				    k == 1 ? "Đơn vị số %zu" : "%zu0", i);
			vb_node_text(&A, c, buf, strlen(buf), NULL);
			vb_node_append(r, c);
		}
		vb_node_append(t, r);
	}
	memset(&ax, 0, sizeof(ax));
	ax.title = "BIỂU TỔNG HỢP";
	ax.kem_theo = "(Kèm theo Kế hoạch số 471/KH-LĐLĐ)";
	ax.body = vb_node_new(&A, VB_NODE_ROOT, NULL);
	ax.landscape = 1;
	vb_node_append(ax.body, t);
	doc.annexes = &ax;
	doc.nannexes = 1;
	vb_pages_init(&pp, &A);
	vb_layout(&doc, &M, NULL, &pp, NULL);
	OK(pp.n >= 4, "body page + several annex pages (%zu)", pp.n);
	OK(find(&pp, 1, "BIỂU TỔNG HỢP") != NULL, "annex on a new page");
	OK(pp.v[1]->width > pp.v[1]->height, "the annex is landscape");
	OK(find(&pp, 1, "1") == NULL || find(&pp, 1, "1")->y > 20 * MM,
	    "no page number on the annex's first page");
	for (p = 1; p < pp.n; p++)
		if (find(&pp, p, "Kết quả") != NULL)
			heads++;
	INT_EQ(heads, pp.n - 1, "the header row on every annex page");
	OK(find(&pp, 2, "2") != NULL && find(&pp, 2, "2")->y < 20 * MM,
	    "annex pages numbered from 1 again");
	/* Every rectangle lies inside the page's text area. */
	for (p = 1; p < pp.n; p++)
		for (i = 0; i < pp.v[p]->nboxes; i++) {
			const struct vb_box *b = &pp.v[p]->boxes[i];

			if (b->kind == VB_BOX_RECT && (b->y + b->h >
			    pp.v[p]->height - 20 * MM + 0.01)) {
				OK(0, "row split or in the margin on page %zu",
				    p + 1);
				return;
			}
		}
	OK(1, "rows stay inside the text area");
}

/* A word longer than the line is cut where ICU allows, not run into the
 * margin. */
static void
test_long_word(void)
{
	struct vb_doc    doc;
	struct vb_pages  pp;
	struct vb_node  *p;
	static const char s[] = "Xem https://congdoan.vn/chuong-trinh/"
	    "mot-trieu-sang-kien/ket-qua-tong-hop-theo-tung-don-vi/"
	    "cap-tinh-va-cap-huyen/nam-2022-2023/bao-cao-chi-tiet.html nhé.";
	double           right = VB_A4_WIDTH - 15 * MM;
	size_t           i;
	int              inside = 1, pieces = 0;

	base_doc(&doc, &cv);
	p = vb_node_new(&A, VB_NODE_PARA, NULL);
	vb_node_text(&A, p, s, strlen(s), NULL);
	vb_node_append(doc.body, p);
	vb_pages_init(&pp, &A);
	vb_layout(&doc, &M, NULL, &pp, NULL);
	for (i = 0; i < pp.v[0]->nboxes; i++) {
		const struct vb_box *b = &pp.v[0]->boxes[i];

		if (b->kind != VB_BOX_TEXT)
			continue;
		if (b->x + b->w > right + 0.01)
			inside = 0;
		if (memchr(b->text, '/', b->len) != NULL)
			pieces++;
	}
	OK(inside, "the long address stays inside the margins");
	OK(pieces >= 2, "and is cut into pieces (%d)", pieces);
}

int
main(void)
{
	vb_arena_init(&A);
	M = vb_measure_fake();
	test_header();
	test_cong_van();
	test_body_and_pages();
	test_table();
	test_long_word();
	vb_arena_free(&A);
	return unit_done("t_layout");
}
