/*
 * docx_bench.c — how fast the DOCX writer is and whether its memory stays
 * flat: writes a three-page công văn (two pages of text, then a 16-row
 * landscape annex table: LibreOffice counts 3 pages) N times in memory,
 * printing documents per CPU second and per wall second, the peak RSS
 * after the first tenth and at the end, and the size of a one-page
 * letter.
 *
 *   docx_bench [N [OUT.docx]]   (N default 10000; OUT: also write the
 *                               three-page letter there to look at it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "docx.h"

static struct vb_arena A;
static const struct vb_loc L0 = { 0, 0, 0, NULL };
static const struct vb_kind cong_van = {
	"cong_van", NULL, "Công văn", NULL, 1
};

static struct vb_node *
node(struct vb_node *parent, enum vb_node_type t)
{
	struct vb_node *n = vb_node_new(&A, t, &L0);

	if (parent != NULL)
		vb_node_append(parent, n);
	return n;
}

static void
text(struct vb_node *p, const char *s)
{
	vb_node_text(&A, p, s, strlen(s), &L0);
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

static const char para_text[] =
    "Với tinh thần trách nhiệm cao, nỗ lực vượt bậc của cán bộ, đoàn viên, "
    "công chức, viên chức, người lao động (CCVCLĐ) và các cấp công đoàn cả "
    "nước nói chung và tỉnh Lai Châu nói riêng, Chương trình “01 triệu sáng "
    "kiến - nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch "
    "Covid-19” đã đạt mốc 01 triệu sáng kiến, hoàn thành chỉ tiêu trước gần "
    "01 năm; riêng tỉnh Lai Châu đã có 2.152/2.300 sáng kiến, đạt 94% chỉ "
    "tiêu Chương trình.";
static const char *const kg[] = {
	"LĐLĐ các huyện, thành phố", "Công đoàn ngành, Công đoàn Viên chức",
	"CĐCS trực thuộc LĐLĐ tỉnh"
};
static const char *const sig[] = { "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH" };
static const char *const nn[] = {
	"- Như trên;", "- TLĐLĐ Việt Nam (b/c);", "- Lưu: VT, CSPL&QHLĐ."
};

/* nparas body paragraphs; an annex table of nrows rows when nrows > 0. */
static struct vb_doc *
letter(int nparas, int nrows)
{
	struct vb_doc     *d = vb_arena_alloc(&A, sizeof(*d));
	struct vb_node    *t, *r, *p;
	struct vb_colspec *cols;
	char               buf[32];
	int                i;

	d->arena = &A;
	d->kind = &cong_van;
	d->style.qh_pt = 12;
	d->style.tn_pt = d->style.date_pt = 13;
	d->style.body_pt = 14;
	d->style.margin_mm[0] = d->style.margin_mm[1] = 20;
	d->style.margin_mm[2] = 30;
	d->style.margin_mm[3] = 15;
	d->style.indent_mm = 10;
	d->style.line_spacing = 1;
	d->style.para_space_pt = 6;
	d->co_quan_chu_quan = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM";
	d->co_quan = "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU";
	d->so_line = "Số: 1070/LĐLĐ";
	d->ky_hieu = "LĐLĐ";
	d->ngay_y = 2022;
	d->ngay_m = 11;
	d->ngay_d = 10;
	d->date_line = "Lai Châu, ngày 10 tháng 11 năm 2022";
	d->trich_yeu = "V/v Đẩy mạnh thực hiện Chương trình “01 triệu sáng "
	    "kiến”";
	d->kinh_gui = (const char **)kg;
	d->nkinh_gui = 3;
	d->body = node(NULL, VB_NODE_ROOT);
	for (i = 0; i < nparas; i++) {
		p = node(d->body, VB_NODE_PARA);
		text(p, para_text);
		text(node(p, VB_NODE_STRONG), " Đề nghị");
		text(p, " các đơn vị thực hiện.");
	}
	d->sig_lines = (const char **)sig;
	d->nsig_lines = 2;
	d->signer = "Nguyễn Thị Hoa";
	d->noi_nhan = (const char **)nn;
	d->nnoi_nhan = 3;
	d->info_title = d->trich_yeu;
	d->info_author = d->co_quan;
	if (nrows <= 0)
		return d;
	d->annexes = vb_arena_alloc(&A, sizeof(*d->annexes));
	d->nannexes = 1;
	d->annexes[0].title = "BIỂU TỔNG HỢP";
	d->annexes[0].kem_theo = "(Kèm theo Công văn số 1070/LĐLĐ ngày 10 "
	    "tháng 11 năm 2022 của Ban Thường vụ LĐLĐ tỉnh)";
	d->annexes[0].landscape = 1;
	d->annexes[0].body = node(NULL, VB_NODE_ROOT);
	t = node(d->annexes[0].body, VB_NODE_TABLE);
	cols = vb_arena_alloc(&A, 5 * sizeof(*cols));
	cols[0].width_mm = 12;
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
		cell(r, "Liên đoàn Lao động huyện Than Uyên", 1, 1);
		snprintf(buf, sizeof(buf), "%d", 100 + i);
		cell(r, buf, 1, 1);
		cell(r, buf, 1, 1);
		cell(r, "100,0%", 1, 1);
	}
	return d;
}

static long
rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static double
now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct vb_diag  d;
	struct vb_doc  *doc, *one;
	char           *data;
	size_t          len, bytes = 0;
	long            n = argc > 1 ? atol(argv[1]) : 10000, i, rss1 = 0;
	double          t0, c0, t, c;

	vb_arena_init(&A);
	vb_diag_init(&d, NULL, stderr);
	one = letter(4, 0);
	if (vb_docx_build(one, &data, &len, &d) != 0)
		return 1;
	printf("one-page letter: %zu bytes\n", len);
	free(data);
	doc = letter(7, 16);
	if (argc > 2 && vb_docx_write(doc, argv[2], &d) != 0)
		return 1;
	t0 = now(CLOCK_MONOTONIC);
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < n; i++) {
		if (vb_docx_build(doc, &data, &len, &d) != 0)
			return 1;
		bytes += len;
		free(data);
		if (i == n / 10)
			rss1 = rss_kb();
	}
	t = now(CLOCK_MONOTONIC) - t0;
	c = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	printf("3-page letter + annex table: %zu bytes each\n", len);
	printf("%ld documents in %.2f s wall, %.2f s CPU: %.0f documents/s "
	    "per CPU second (%.0f/s wall)\n", n, t, c, n / c, n / t);
	printf("peak RSS: %ld KB after %ld, %ld KB after %ld\n", rss1,
	    n / 10 + 1, rss_kb(), n);
	vb_arena_free(&A);
	return 0;
}
