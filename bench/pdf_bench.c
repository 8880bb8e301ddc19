/*
 * pdf_bench.c — times the PDF back end (font.c + pdf.c) on synthetic
 * documents shaped like the seeds: an ND30 one-page letter, and a
 * three-page plan whose third page is a landscape annex table.
 *
 *   pdf_bench [-n N] [-o OUT.pdf] [-f FONTDIR] [-naive] letter1|letter3
 *
 * Opens the font set once, lays the document out once (a simple greedy
 * justifier over the real measurer: word boxes, as the layout makes
 * them), then writes it N times in this one process and prints
 *   doc=letter3 pages=3 bytes=... setup_ms=... ms_per_doc=... docs_per_s=...
 * (CPU time of this process, which other load on the machine disturbs
 * less than the wall clock).
 * -naive writes the same boxes the plain libharu way instead (a new
 * HPDF_Doc per document, full Liberation Serif fonts, the "UTF-8"
 * encoder, HPDF_SaveToFile), for comparison.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpdf.h>

#include "pdf.h"

static struct vb_measure M;

static const char *const body =
    "Thực hiện Kế hoạch số 471/KH-LĐLĐ ngày 06 tháng 9 năm 2023 của Ban "
    "Thường vụ Liên đoàn Lao động tỉnh về việc tổ chức các hoạt động chào "
    "mừng Đại hội Công đoàn Việt Nam lần thứ XIII, nhiệm kỳ 2023 – 2028; "
    "căn cứ kết quả thực hiện chỉ tiêu phát triển đoàn viên và thành lập "
    "công đoàn cơ sở năm 2023, Ban Thường vụ Liên đoàn Lao động tỉnh đề "
    "nghị các công đoàn ngành, công đoàn cấp trên trực tiếp cơ sở tập "
    "trung chỉ đạo, hướng dẫn công đoàn cơ sở tổ chức tuyên truyền sâu "
    "rộng đến đoàn viên, người lao động; tổng hợp kết quả, báo cáo về "
    "Liên đoàn Lao động tỉnh (qua Ban Tổ chức) trước ngày 15 tháng 10 năm "
    "2023 để tổng hợp, báo cáo Tổng Liên đoàn Lao động Việt Nam theo quy "
    "định. Tỷ lệ hoàn thành đạt 93,6% (2.152/2.300 đoàn viên).";

static double
wd(enum vb_face f, double size, const char *s)
{
	return vb_measure_width(&M, f, size, s, strlen(s));
}

/* A centred line of one box. */
static void
centre(struct vb_pages *pp, struct vb_page *pg, enum vb_face f, double size,
    double cx, double y, const char *s)
{
	double w = wd(f, size, s);

	vb_page_text(pp, pg, f, size, cx - w / 2, y, w, s, strlen(s), NULL);
}

/*
 * Sets text justified in [x0, x0 + width] from y, one box per word, a
 * first-line indent; returns the y after the last line.
 */
static double
para(struct vb_pages *pp, struct vb_page *pg, const char *text, double x0,
    double width, double y, double size, double pitch)
{
	const char *words[512];
	size_t      n = 0, i, j, first;
	double      wsum, space = wd(VB_FACE_REGULAR, size, " "), x, gap;
	double      indent = 12.7 * VB_PT_PER_MM, avail;
	char       *copy = strdup(text), *p;
	struct vb_box *b;

	for (p = strtok(copy, " "); p != NULL && n < 512; p = strtok(NULL, " "))
		words[n++] = p;
	for (i = 0; i < n; ) {
		avail = width - (i == 0 ? indent : 0);
		first = i;
		wsum = wd(VB_FACE_REGULAR, size, words[i++]);
		while (i < n && wsum + space + wd(VB_FACE_REGULAR, size,
		    words[i]) <= avail)
			wsum += space + wd(VB_FACE_REGULAR, size, words[i++]);
		gap = i < n && i - first > 1 ? (avail - (wsum - space *
		    (double)(i - first - 1))) / (double)(i - first - 1) : space;
		x = x0 + (first == 0 ? indent : 0);
		for (j = first; j < i; j++) {
			double w = wd(VB_FACE_REGULAR, size, words[j]);

			b = vb_page_text(pp, pg, VB_FACE_REGULAR, size, x, y, w,
			    words[j], strlen(words[j]), NULL);
			(void)b;
			x += w + gap;
		}
		y += pitch;
	}
	free(copy);
	return y;
}

/* The ND30 header, title and summary: returns the y for the body. */
static double
header(struct vb_pages *pp, struct vb_page *pg, double left, double right)
{
	double lc = left + 34 * VB_PT_PER_MM, rc = right - 50 * VB_PT_PER_MM;
	double w;

	centre(pp, pg, VB_FACE_REGULAR, 12, lc, 70, "TỔNG LIÊN ĐOÀN LAO ĐỘNG");
	centre(pp, pg, VB_FACE_REGULAR, 12, lc, 84, "VIỆT NAM");
	centre(pp, pg, VB_FACE_BOLD, 12, lc, 98, "LIÊN ĐOÀN LAO ĐỘNG TỈNH");
	centre(pp, pg, VB_FACE_BOLD, 12, lc, 112, "LAI CHÂU");
	vb_page_rule(pp, pg, lc - 25, 116, 50, 0, 0.5);
	centre(pp, pg, VB_FACE_BOLD, 12, rc, 70,
	    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	centre(pp, pg, VB_FACE_BOLD, 13, rc, 86, "Độc lập - Tự do - Hạnh phúc");
	w = wd(VB_FACE_BOLD, 13, "Độc lập - Tự do - Hạnh phúc");
	vb_page_rule(pp, pg, rc - w / 2, 90, w, 0, 0.5);
	centre(pp, pg, VB_FACE_REGULAR, 13, lc, 132, "Số: 471/KH-LĐLĐ");
	centre(pp, pg, VB_FACE_ITALIC, 13, rc, 132,
	    "Lai Châu, ngày 06 tháng 9 năm 2023");
	centre(pp, pg, VB_FACE_BOLD, 14, (left + right) / 2, 170, "KẾ HOẠCH");
	centre(pp, pg, VB_FACE_BOLD, 14, (left + right) / 2, 187,
	    "Tổ chức các hoạt động chào mừng Đại hội Công đoàn Việt Nam");
	vb_page_rule(pp, pg, (left + right) / 2 - 60, 192, 120, 0, 0.5);
	return 220;
}

static void
signature(struct vb_pages *pp, struct vb_page *pg, double left, double right,
    double y)
{
	double rc = right - 45 * VB_PT_PER_MM;
	static const char *const to[] = { "- Tổng Liên đoàn LĐVN (b/c);",
		"- Thường trực Tỉnh ủy (b/c);", "- Các công đoàn ngành;",
		"- Lưu: VT, ToC." };
	size_t i;

	vb_page_text(pp, pg, VB_FACE_BOLD_ITALIC, 12, left, y, 0, "Nơi nhận:",
	    strlen("Nơi nhận:"), NULL);
	for (i = 0; i < 4; i++)
		vb_page_text(pp, pg, VB_FACE_REGULAR, 11, left, y + 14 +
		    13 * (double)i, 0, to[i], strlen(to[i]), NULL);
	centre(pp, pg, VB_FACE_BOLD, 13, rc, y, "TM. BAN THƯỜNG VỤ");
	centre(pp, pg, VB_FACE_BOLD, 13, rc, y + 16, "PHÓ CHỦ TỊCH");
	centre(pp, pg, VB_FACE_BOLD, 13, rc, y + 90, "Nguyễn Văn Đặng");
}

static void
number(struct vb_pages *pp, struct vb_page *pg, const char *n)
{
	centre(pp, pg, VB_FACE_REGULAR, 13, pg->width / 2, 40, n);
}

/* The annex: a landscape table of 21 rows by 7 columns with a grid. */
static void
annex(struct vb_pages *pp)
{
	static const char *const head[] = { "TT", "Đơn vị", "Chỉ tiêu",
		"Kết quả", "Tỷ lệ %", "Xếp hạng", "Ghi chú" };
	static const double cw[] = { 30, 230, 80, 80, 70, 70, 130 };
	struct vb_page *pg = vb_pages_add(pp, VB_A4_HEIGHT, VB_A4_WIDTH);
	double x0 = 56.7, y0 = 110, rh = 20, x;
	char   cell[64];
	int    r, c;

	number(pp, pg, "3");
	centre(pp, pg, VB_FACE_BOLD, 14, pg->width / 2, 70,
	    "BIỂU TỔNG HỢP KẾT QUẢ PHÁT TRIỂN ĐOÀN VIÊN");
	centre(pp, pg, VB_FACE_ITALIC, 13, pg->width / 2, 88,
	    "(Kèm theo Kế hoạch số 471/KH-LĐLĐ ngày 06 tháng 9 năm 2023)");
	for (r = 0; r <= 21; r++)
		vb_page_rule(pp, pg, x0, y0 + rh * r, 690, 0, 0.5);
	for (c = 0, x = x0; c <= 7; x += c < 7 ? cw[c] : 0, c++)
		vb_page_rule(pp, pg, x, y0, 0, rh * 21, 0.5);
	for (r = 0; r < 21; r++)
		for (c = 0, x = x0; c < 7; x += cw[c], c++) {
			enum vb_face f = r == 0 ? VB_FACE_BOLD : VB_FACE_REGULAR;

			if (r == 0)
				snprintf(cell, sizeof(cell), "%s", head[c]);
			else if (c == 0)
				snprintf(cell, sizeof(cell), "%d", r);
			else if (c == 1)
				snprintf(cell, sizeof(cell), "Công đoàn ngành Xây "
				    "dựng %d", r);
			else if (c == 2)
				snprintf(cell, sizeof(cell), "%d", 100 + 7 * r);
			else if (c == 3)
				snprintf(cell, sizeof(cell), "%d", 90 + 6 * r);
			else if (c == 4)
				snprintf(cell, sizeof(cell), "%d,%d", 85 + r % 10,
				    r % 10);
			else if (c == 5)
				snprintf(cell, sizeof(cell), "%d", 22 - r);
			else
				snprintf(cell, sizeof(cell), "%s", r % 3 ? "" :
				    "Vượt chỉ tiêu");
			if (cell[0] != '\0')
				vb_page_text(pp, pg, f, 12, x + 4, y0 + rh * r + 14,
				    wd(f, 12, cell), cell, strlen(cell), NULL);
		}
}

static void
build(struct vb_pages *pp, struct vb_arena *a, int pages)
{
	double left = 30 * VB_PT_PER_MM, right = VB_A4_WIDTH - 15 *
	    VB_PT_PER_MM, y;
	struct vb_page *pg;
	int    i;

	vb_pages_init(pp, a);
	pp->title = "Kế hoạch số 471/KH-LĐLĐ";
	pp->author = "Liên đoàn Lao động tỉnh Lai Châu";
	pg = vb_pages_add(pp, VB_A4_WIDTH, VB_A4_HEIGHT);
	y = header(pp, pg, left, right);
	for (i = 0; i < (pages == 1 ? 3 : 4); i++)
		y = para(pp, pg, body, left, right - left, y, 14, 19) + 8;
	if (pages == 1) {
		signature(pp, pg, left, right, y + 12);
		return;
	}
	pg = vb_pages_add(pp, VB_A4_WIDTH, VB_A4_HEIGHT);
	number(pp, pg, "2");
	y = 80;
	for (i = 0; i < 5; i++)
		y = para(pp, pg, body, left, right - left, y, 14, 19) + 8;
	signature(pp, pg, left, right, y + 12);
	annex(pp);
}

/* ---- the plain libharu way, for comparison -------------------------------- */

static void
naive_error(HPDF_STATUS e, HPDF_STATUS dn, void *u)
{
	(void)u;
	fprintf(stderr, "pdf_bench: libharu error 0x%04lX (0x%lX)\n",
	    (unsigned long)e, (unsigned long)dn);
	exit(1);
}

static void
naive(const struct vb_pages *pp, const char *fontdir, const char *path)
{
	static const char *const faces[] = { "Regular", "Bold", "Italic",
		"BoldItalic" };
	HPDF_Doc   pdf = HPDF_New(naive_error, NULL);
	HPDF_Font  font[4] = { NULL, NULL, NULL, NULL };
	HPDF_Page  page;
	char       file[512], *s;
	size_t     i, j;
	const struct vb_box *b;

	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	for (i = 0; i < pp->n; i++) {
		const struct vb_page *pg = pp->v[i];

		page = HPDF_AddPage(pdf);
		HPDF_Page_SetWidth(page, (HPDF_REAL)pg->width);
		HPDF_Page_SetHeight(page, (HPDF_REAL)pg->height);
		for (j = 0; j < pg->nboxes; j++) {
			b = &pg->boxes[j];
			if (b->kind != VB_BOX_TEXT) {
				HPDF_Page_SetLineWidth(page, (HPDF_REAL)b->line_width);
				HPDF_Page_MoveTo(page, (HPDF_REAL)b->x,
				    (HPDF_REAL)(pg->height - b->y));
				HPDF_Page_LineTo(page, (HPDF_REAL)(b->x + b->w),
				    (HPDF_REAL)(pg->height - b->y - b->h));
				HPDF_Page_Stroke(page);
				continue;
			}
			if (font[b->face] == NULL) {
				snprintf(file, sizeof(file),
				    "%s/LiberationSerif-%s.ttf", fontdir,
				    faces[b->face]);
				font[b->face] = HPDF_GetFont(pdf,
				    HPDF_LoadTTFontFromFile(pdf, file, HPDF_TRUE),
				    "UTF-8");
			}
			s = strndup(b->text, b->len);
			HPDF_Page_BeginText(page);
			HPDF_Page_SetFontAndSize(page, font[b->face],
			    (HPDF_REAL)b->size);
			HPDF_Page_TextOut(page, (HPDF_REAL)b->x,
			    (HPDF_REAL)(pg->height - b->y), s);
			HPDF_Page_EndText(page);
			free(s);
		}
	}
	HPDF_SaveToFile(pdf, path);
	HPDF_Free(pdf);
}

/* Milliseconds of this process's CPU time: other load on the machine
 * changes it much less than the wall clock. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct vb_diag     d;
	struct vb_arena    a;
	struct vb_pages    pp;
	struct vb_fontset *fs;
	const char        *outp = NULL, *fontdir = NULL, *doc = NULL;
	char              *buf, tmpname[64];
	size_t             len = 0;
	double             t0, t1, t2;
	int                n = 1, i, use_naive = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			outp = argv[++i];
		else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc)
			fontdir = argv[++i];
		else if (strcmp(argv[i], "-naive") == 0)
			use_naive = 1;
		else
			doc = argv[i];
	}
	if (doc == NULL || (strcmp(doc, "letter1") != 0 &&
	    strcmp(doc, "letter3") != 0) || n < 1) {
		fputs("usage: pdf_bench [-n N] [-o OUT.pdf] [-f FONTDIR] "
		    "[-naive] letter1|letter3\n", stderr);
		return 2;
	}
	t0 = now_ms();	/* the CPU clock started with the process */
	vb_diag_init(&d, NULL, stderr);
	if ((fs = vb_fontset_open(fontdir, &d)) == NULL)
		return 1;
	M = vb_fontset_measure(fs);
	vb_arena_init(&a);
	build(&pp, &a, doc[6] == '1' ? 1 : 3);
	t1 = now_ms();
	for (i = 0; i < n; i++) {
		if (use_naive) {
			snprintf(tmpname, sizeof(tmpname), "/tmp/pdf_bench.%d.pdf",
			    (int)getpid());
			naive(&pp, fontdir ? fontdir : "fonts", outp && i == 0 ?
			    outp : tmpname);
			if (!(outp && i == 0)) {
				FILE *f = fopen(tmpname, "rb");

				fseek(f, 0, SEEK_END);
				len = (size_t)ftell(f);
				fclose(f);
				remove(tmpname);
			}
			continue;
		}
		if (outp != NULL && i == 0) {
			if (vb_pdf_write(&pp, fs, outp, &d) != 0)
				return 1;
			continue;
		}
		if (vb_pdf_bytes(&pp, fs, &buf, &len, &d) != 0)
			return 1;
		free(buf);
	}
	t2 = now_ms();
	if (outp != NULL && (!use_naive || len == 0)) {
		struct stat st;

		if (stat(outp, &st) == 0)
			len = (size_t)st.st_size;
	}
	printf("doc=%s writer=%s pages=%zu bytes=%zu setup_ms=%.2f "
	    "ms_per_doc=%.3f docs_per_s=%.0f process_cpu_ms=%.2f\n", doc,
	    use_naive ? "naive" : "vanban", pp.n, len, t1 - t0, (t2 - t1) / n,
	    1000.0 * n / (t2 - t1), t2);
	vb_arena_free(&a);
	vb_fontset_free(fs);
	return 0;
}
