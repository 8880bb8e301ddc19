/*
 * t_pdf.c — the PDF writer, checked from outside with the readers people
 * use: pdftotext (exact NFC text, glyph positions within 0.5 pt),
 * pdffonts, pdfinfo, qpdf --check, pdftoppm (the rules are where they
 * should be, glyphs are drawn) and tesseract (the Vietnamese diacritics
 * are legible) — each with an empty stderr. Plus same input, same bytes;
 * failures that leave no file; and pages.c's dump.
 *
 * Needs poppler-utils and qpdf (scripts/deps.sh); tesseract with the
 * "vie" data and mutool are used when installed, else those checks are
 * reported as skipped.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pdf.h"
#include "unit.h"

static char   tmpdir[] = "/tmp/vb_t_pdf.XXXXXX";
static char  *out, *err;          /* output of the last run() */
static struct vb_measure M;

/* Runs a shell command; its stdout and stderr end up in out and err. */
static int
run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
slurp(const char *path, size_t *len)
{
	char *data = NULL;
	size_t n = 0;

	if (vb_read_file(path, &data, &n) != 0) {
		data = vb_xstrdup("");
		n = 0;
	}
	if (len != NULL)
		*len = n;
	return data;
}

static int
run(const char *fmt, ...)
{
	char    cmd[2048], full[3400], o[600], e[600];
	va_list ap;
	int     rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(o, sizeof(o), "%s/out.txt", tmpdir);
	snprintf(e, sizeof(e), "%s/err.txt", tmpdir);
	snprintf(full, sizeof(full), "(%s) >%s 2>%s", cmd, o, e);
	rc = system(full);
	free(out);
	free(err);
	out = slurp(o, NULL);
	err = slurp(e, NULL);
	return rc;
}

static int
have(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

static char *
tmp(const char *name)
{
	static char buf[4][512];
	static int  i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	return buf[i];
}

/* ---- the test document -------------------------------------------------- */

struct placed {
	const char   *word;
	enum vb_face  face;
	double        size, x, y;    /* baseline, top-left origin */
	int           page;
};

static struct placed placed[64];
static size_t        nplaced;

static void
put(struct vb_pages *pp, struct vb_page *pg, int page, enum vb_face face,
    double size, double x, double y, const char *s)
{
	double w = vb_measure_width(&M, face, size, s, strlen(s));

	vb_page_text(pp, pg, face, size, x, y, w, s, strlen(s), NULL);
	if (nplaced < sizeof(placed) / sizeof(placed[0]) &&
	    strchr(s, ' ') == NULL) {
		placed[nplaced].word = s;
		placed[nplaced].face = face;
		placed[nplaced].size = size;
		placed[nplaced].x = x;
		placed[nplaced].y = y;
		placed[nplaced].page = page;
		nplaced++;
	}
}

/*
 * Lays out words one box each from x, with gaps of `gap` points: what the
 * layout does for a justified line.
 */
static void
line(struct vb_pages *pp, struct vb_page *pg, int page, enum vb_face face,
    double size, double x, double y, double gap, const char *const *words)
{
	for (; *words != NULL; words++) {
		put(pp, pg, page, face, size, x, y, *words);
		x += vb_measure_width(&M, face, size, *words, strlen(*words)) +
		    gap;
	}
}

static const char *const l1[] = { "CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ",
	"NGHĨA", "VIỆT", "NAM", NULL };
static const char *const l2[] = { "Độc", "lập", "-", "Tự", "do", "-",
	"Hạnh", "phúc", NULL };
static const char *const l3[] = { "Thực", "hiện", "Kế", "hoạch", "số",
	"471/KH-LĐLĐ", "ngày", "06/9/2023,", "Ban", "Thường", "vụ", NULL };
static const char *const l4[] = { "Nơi", "nhận:", NULL };
static const char *const l5[] = { "Bảng", "tổng", "hợp", "kết", "quả",
	"(Kèm", "theo", "Kế", "hoạch", "số", "471/KH-LĐLĐ)", NULL };

/* Page 1 portrait, all four faces, a rule and a rectangle; page 2
 * landscape with its number. */
static void
build(struct vb_pages *pp, struct vb_arena *a)
{
	struct vb_page *pg;

	nplaced = 0;
	vb_pages_init(pp, a);
	pp->title = "Kế hoạch số 471/KH-LĐLĐ về việc tổ chức Tháng Công nhân";
	pp->author = "Liên đoàn Lao động tỉnh Lai Châu";
	pp->subject = "Kế hoạch";
	pg = vb_pages_add(pp, VB_A4_WIDTH, VB_A4_HEIGHT);
	line(pp, pg, 1, VB_FACE_BOLD, 13, 170.25, 70.5, 3.25, l1);
	line(pp, pg, 1, VB_FACE_BOLD, 14, 220.0, 90.75, 3.5, l2);
	line(pp, pg, 1, VB_FACE_REGULAR, 14, 85.04, 200.0, 4.61, l3);
	line(pp, pg, 1, VB_FACE_BOLD_ITALIC, 12, 85.04, 400.0, 3.0, l4);
	put(pp, pg, 1, VB_FACE_ITALIC, 14, 330.0, 140.0,
	    "Lai Châu, ngày 06 tháng 9 năm 2023");
	/* The rule under the Tiêu ngữ and a frame. */
	vb_page_rule(pp, pg, 220.0, 96.0, 180.0, 0, 0.75);
	vb_page_rect(pp, pg, 100.0, 500.0, 200.0, 100.0, 2.0);
	pg = vb_pages_add(pp, VB_A4_HEIGHT, VB_A4_WIDTH);
	put(pp, pg, 2, VB_FACE_REGULAR, 13, VB_A4_HEIGHT / 2 - 3, 40.0, "2");
	line(pp, pg, 2, VB_FACE_BOLD, 13, 120.0, 100.0, 3.25, l5);
	vb_page_rule(pp, pg, 60.0, 120.0, 0, 300.0, 1.0);
	/* One baseline, boxes out of order and in two faces: the writer
	 * must not rely on words coming left to right. */
	put(pp, pg, 2, VB_FACE_REGULAR, 12, 400.0, 200.0, "phải");
	put(pp, pg, 2, VB_FACE_REGULAR, 12, 120.0, 200.0, "trái");
	put(pp, pg, 2, VB_FACE_BOLD, 12, 200.0, 200.0, "đậm");
	put(pp, pg, 2, VB_FACE_REGULAR, 12, 300.0, 200.0, "giữa");
}

/* ---- checks ------------------------------------------------------------- */

/* Gets attribute name="..." from a line of pdftotext -bbox output. */
static double
attr(const char *line_, const char *name)
{
	char        key[32];
	const char *p;

	snprintf(key, sizeof(key), "%s=\"", name);
	if ((p = strstr(line_, key)) == NULL)
		return NAN;
	return strtod(p + strlen(key), NULL);
}

/*
 * For every word placed, pdftotext -bbox has a word with that exact text
 * on that page whose box is where we put it: xMin at x, xMax at x plus
 * the measured width, yMin and yMax at the ascender and descender lines.
 */
static void
check_bbox(const char *pdf)
{
	char   *p, *nl, *lines[4096];
	size_t  n = 0, i, j, bad = 0;
	int     page = 0, pages[4096];
	double  w, dx0, dx1, dy0, dy1, worst = 0;

	INT_EQ(run("pdftotext -bbox '%s' -", pdf), 0, "pdftotext -bbox");
	STR_EQ(err, "", "pdftotext -bbox: no warnings");
	for (p = out; *p != '\0' && n < 4096; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		if (strstr(p, "<page ") != NULL)
			page++;
		if (strstr(p, "<word ") != NULL) {
			pages[n] = page;
			lines[n++] = p;
		}
	}
	for (i = 0; i < nplaced; i++) {
		const struct placed *pl = &placed[i];
		char want[256];

		snprintf(want, sizeof(want), ">%s</word>", pl->word);
		for (j = 0; j < n; j++) {
			if (pages[j] != pl->page || strstr(lines[j], want) == NULL)
				continue;
			if (fabs(attr(lines[j], "xMin") - pl->x) < 2)
				break;
		}
		if (j == n) {
			fprintf(stderr, "    word %s not found on page %d\n",
			    pl->word, pl->page);
			bad++;
			continue;
		}
		w = vb_measure_width(&M, pl->face, pl->size, pl->word,
		    strlen(pl->word));
		dx0 = fabs(attr(lines[j], "xMin") - pl->x);
		dx1 = fabs(attr(lines[j], "xMax") - (pl->x + w));
		dy0 = fabs(attr(lines[j], "yMin") -
		    (pl->y - M.ascent(M.ctx, pl->face, pl->size)));
		dy1 = fabs(attr(lines[j], "yMax") -
		    (pl->y + M.descent(M.ctx, pl->face, pl->size)));
		worst = fmax(worst, fmax(fmax(dx0, dx1), fmax(dy0, dy1)));
		if (dx0 > 0.5 || dx1 > 0.5 || dy0 > 0.5 || dy1 > 0.5) {
			fprintf(stderr, "    %s: off by %.3f %.3f %.3f %.3f\n",
			    lines[j], dx0, dx1, dy0, dy1);
			bad++;
		}
	}
	INT_EQ(bad, 0, "all %zu words within 0.5 pt of where they were put "
	    "(worst %.4f pt)", nplaced, worst);
	OK(nplaced > 40, "enough words checked (%zu)", nplaced);
}

/* One glyph as mutool reports it. */
struct glyph {
	double   x, y;
	uint32_t cp;
	int      page;
};

/* Decodes mutool's c="..." value: a character, or an XML reference. */
static uint32_t
xml_char(const char *p)
{
	uint32_t cp = 0;

	if (strncmp(p, "&#x", 3) == 0)
		return (uint32_t)strtoul(p + 3, NULL, 16);
	if (strncmp(p, "&amp;", 5) == 0)
		return '&';
	if (strncmp(p, "&lt;", 4) == 0)
		return '<';
	if (strncmp(p, "&gt;", 4) == 0)
		return '>';
	if (strncmp(p, "&quot;", 6) == 0)
		return '"';
	if (strncmp(p, "&apos;", 6) == 0)
		return '\'';
	if (vb_utf8_decode(p, strlen(p), &cp) == 0)
		return 0;
	return cp;
}

/*
 * Glyph by glyph (mutool's structured text gives each glyph's origin):
 * every letter of every word placed is at the word's x plus the advances
 * of the letters before it, on the baseline, within 0.5 pt.
 */
static void
check_glyphs(const char *pdf)
{
	struct glyph *g = NULL;
	size_t        n = 0, cap = 0, i, j, o, k, bad = 0, checked = 0;
	char         *p;
	int           page = 0;
	uint32_t      cp;
	double        x, worst = 0;

	if (!have("mutool")) {
		printf("t_pdf: glyph positions skipped (no mupdf-tools)\n");
		return;
	}
	INT_EQ(run("mutool draw -q -F stext -o - '%s'", pdf), 0,
	    "mutool stext");
	for (p = out; (p = strpbrk(p, "<")) != NULL; p++) {
		if (strncmp(p, "<page ", 6) == 0)
			page++;
		if (strncmp(p, "<char ", 6) != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 512;
			g = vb_xrealloc(g, cap * sizeof(*g));
		}
		g[n].x = attr(p, "x");
		g[n].y = attr(p, "y");
		g[n].cp = strstr(p, " c=\"") ? xml_char(strstr(p, " c=\"") + 4) :
		    0;
		g[n].page = page;
		n++;
	}
	for (i = 0; i < nplaced; i++) {
		const struct placed *pl = &placed[i];

		x = pl->x;
		for (o = 0; pl->word[o] != '\0'; o += k) {
			k = vb_utf8_decode(pl->word + o, strlen(pl->word + o), &cp);
			for (j = 0; j < n; j++)
				if (g[j].page == pl->page && g[j].cp == cp &&
				    fabs(g[j].x - x) < 2 && fabs(g[j].y - pl->y) < 2)
					break;
			checked++;
			if (j == n || fabs(g[j].x - x) > 0.5 ||
			    fabs(g[j].y - pl->y) > 0.5) {
				fprintf(stderr, "    %s: U+%04X not at %.2f %.2f\n",
				    pl->word, (unsigned)cp, x, pl->y);
				bad++;
			} else
				worst = fmax(worst, fmax(fabs(g[j].x - x),
				    fabs(g[j].y - pl->y)));
			x += vb_measure_width(&M, pl->face, pl->size,
			    pl->word + o, k);
		}
	}
	INT_EQ(bad, 0, "all %zu glyphs within 0.5 pt of their place (worst "
	    "%.4f pt)", checked, worst);
	OK(checked > 150, "enough glyphs checked (%zu)", checked);
	free(g);
}

/* The rules: dark pixels on the line, light ones beside it (72 dpi, so
 * one pixel per point; the PGM is read as bytes). */
static void
check_pixels(const char *pdf)
{
	char          *pgm;
	size_t         len, hdr;
	int            w, h, maxv, x;
	unsigned       dark = 0, light = 0;
	unsigned char *px;

	INT_EQ(run("pdftoppm -r 72 -gray -f 1 -l 1 '%s' '%s'", pdf,
	    tmp("px")), 0, "pdftoppm");
	STR_EQ(err, "", "pdftoppm: no warnings");
	pgm = slurp(tmp("px-1.pgm"), &len);
	if (sscanf(pgm, "P5 %d %d %d", &w, &h, &maxv) != 3 || w < 590 ||
	    h < 840) {
		OK(0, "a 595x842 grey map");
		free(pgm);
		return;
	}
	/* The header ends after the third number and one whitespace. */
	hdr = len - (size_t)w * (size_t)h;
	px = (unsigned char *)pgm + hdr;
	/* The rule from x 220 to 400 at y 96, 0.75 pt thick, under text
	 * whose descenders end at y 93.8. */
	for (x = 230; x < 390; x += 10) {
		dark += px[96 * w + x] < 128;
		light += px[99 * w + x] > 200 && px[102 * w + x] > 200;
	}
	INT_EQ(dark, 16, "the rule is drawn at y 96 (top-left origin)");
	INT_EQ(light, 16, "and nothing is drawn below it");
	OK(px[96 * w + 215] > 200 && px[96 * w + 405] > 200,
	    "the rule ends where it should");
	/* The frame: left side at x 100, y 500..600; inside is blank. */
	OK(px[550 * w + 100] < 128 && px[550 * w + 300] < 128 &&
	    px[500 * w + 200] < 128 && px[600 * w + 200] < 128,
	    "the rectangle's four sides");
	OK(px[550 * w + 200] > 200 && px[550 * w + 90] > 200,
	    "the rectangle is an outline");
	/* Glyphs are drawn: ink in the Quốc hiệu's box. */
	for (x = 175, dark = 0; x < 420; x++)
		dark += px[66 * w + x] < 128;
	OK(dark > 20, "the Quốc hiệu is drawn (%u dark pixels)", dark);
	free(pgm);
}

static void
check_ocr(const char *pdf)
{
	static const char *const words[] = { "CỘNG", "HÒA", "XÃ", "HỘI",
		"NGHĨA", "VIỆT", "Độc", "lập", "Tự", "Hạnh", "phúc", "Thực",
		"hiện", "hoạch", "Thường", "Nơi", "nhận", "tháng", "năm" };
	size_t i, found = 0;

	if (!have("tesseract") || run("tesseract --list-langs") != 0 ||
	    strstr(out, "vie") == NULL) {
		printf("t_pdf: OCR skipped (no tesseract with 'vie')\n");
		return;
	}
	INT_EQ(run("pdftoppm -r 150 -gray -png -f 1 -l 1 '%s' '%s' && "
	    "tesseract '%s' - -l vie", pdf, tmp("ocr"), tmp("ocr-1.png")), 0,
	    "tesseract");
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strstr(out, words[i]) != NULL)
			found++;
		else
			fprintf(stderr, "    OCR did not read %s\n", words[i]);
	}
	OK(found >= sizeof(words) / sizeof(words[0]) - 1, "OCR reads %zu of "
	    "%zu Vietnamese words", found, sizeof(words) / sizeof(words[0]));
}

static void
check_readers(const char *pdf)
{
	size_t i;

	/* The text, exact and in NFC, in reading order. */
	INT_EQ(run("pdftotext '%s' -", pdf), 0, "pdftotext");
	STR_EQ(err, "", "pdftotext: no warnings (the ToUnicode CMap is good)");
	{
		struct vb_buf b = VB_BUF_INIT;
		const char *const *lines[] = { l1, l2, l3 };

		for (i = 0; i < 3; i++) {
			const char *const *w;

			for (w = lines[i]; *w != NULL; w++)
				vb_buf_printf(&b, "%s%s", w == lines[i] ? "" : " ",
				    *w);
			vb_buf_putc(&b, '\n');
			OK(strstr(out, b.data) != NULL, "line %zu extracted "
			    "exactly: %s", i + 1, b.data);
			vb_buf_reset(&b);
		}
		vb_buf_free(&b);
	}
	OK(strstr(out, "Lai Châu, ngày 06 tháng 9 năm 2023\n") != NULL,
	    "the italic line");
	OK(strstr(out, "Nơi nhận:") != NULL, "the bold italic line");
	OK(strstr(out, "\f2\n") != NULL || strstr(out, "\n2\n") != NULL,
	    "the page number on page 2");

	/* Fonts: four faces, embedded subsets with ToUnicode. */
	INT_EQ(run("pdffonts '%s'", pdf), 0, "pdffonts");
	STR_EQ(err, "", "pdffonts: no warnings");
	{
		const char *names[] = { "+VanbanSerif ", "+VanbanSerif-Bold ",
			"+VanbanSerif-Italic ", "+VanbanSerif-BoldItalic " };
		char *p;
		int   rows = 0;

		for (i = 0; i < 4; i++)
			OK(strstr(out, names[i]) != NULL, "font %s", names[i]);
		for (p = out; (p = strstr(p, "CID TrueType")) != NULL; p++) {
			OK(strstr(p, "Identity-H") != NULL &&
			    strncmp(strstr(p, "Identity-H") + 10,
			    "       yes yes yes", 18) == 0,
			    "embedded, subset, with ToUnicode");
			rows++;
		}
		INT_EQ(rows, 4, "four fonts");
	}

	INT_EQ(run("qpdf --check '%s'", pdf), 0, "qpdf --check");
	STR_EQ(err, "", "qpdf: no warnings on stderr");
	OK(strstr(out, "No syntax or stream encoding errors") != NULL &&
	    strstr(out, "WARNING") == NULL, "qpdf: no errors, no warnings");

	INT_EQ(run("pdfinfo -f 1 -l 2 '%s'", pdf), 0, "pdfinfo");
	STR_EQ(err, "", "pdfinfo: no warnings");
	OK(strstr(out, "Title:           Kế hoạch số 471/KH-LĐLĐ về việc tổ "
	    "chức Tháng Công nhân\n") != NULL, "the Vietnamese title");
	OK(strstr(out, "Author:          Liên đoàn Lao động tỉnh Lai Châu\n")
	    != NULL, "the author");
	OK(strstr(out, "Creator:         vanban ") != NULL, "the creator");
	OK(strstr(out, "CreationDate:    Tue Nov 14 22:13:20 2023 UTC") !=
	    NULL, "the date from SOURCE_DATE_EPOCH");
	OK(strstr(out, "Encrypted:       no") != NULL &&
	    strstr(out, "JavaScript:      no") != NULL, "no encryption, no JS");
	OK(strstr(out, "Page    1 size:  595.276 x 841.89") != NULL &&
	    strstr(out, "Page    2 size:  841.89 x 595.276") != NULL,
	    "A4 portrait, then landscape");

	if (have("mutool")) {
		/* mutool's own build note about ICC is not about the file. */
		INT_EQ(run("mutool draw -q -F txt -o /dev/null '%s' 2>&1 "
		    ">/dev/null | grep -v 'ICC support is not available' >&2; "
		    "mutool draw -F txt -o - '%s' 2>/dev/null", pdf, pdf), 0,
		    "mutool draw");
		STR_EQ(err, "", "mutool: no warnings");
		OK(strstr(out, "Độc lập - Tự do - Hạnh phúc") != NULL,
		    "mutool extracts the text too");
	} else
		printf("t_pdf: mutool checks skipped (no mupdf-tools)\n");
}

static int
same_file(const char *a, const char *b)
{
	size_t la, lb;
	char  *x = slurp(a, &la), *y = slurp(b, &lb);
	int    same = la == lb && la > 0 && memcmp(x, y, la) == 0;

	free(x);
	free(y);
	return same;
}

static void
test_write(struct vb_fontset *fs)
{
	struct vb_arena  a;
	struct vb_pages  pp, other;
	struct vb_page  *pg;
	struct vb_diag   d;
	struct stat      st;
	char            *mem = NULL, *file;
	size_t           len, flen;
	char             pdf[600];

	snprintf(pdf, sizeof(pdf), "%s", tmp("t.pdf"));
	vb_arena_init(&a);
	vb_diag_init(&d, NULL, stderr);
	build(&pp, &a);
	INT_EQ(vb_pdf_write(&pp, fs, pdf, &d), 0, "write");
	INT_EQ(d.nerrors + d.nwarnings, 0, "no messages");
	OK(stat(pdf, &st) == 0 && st.st_size > 1000, "a file (%lld bytes)",
	    (long long)st.st_size);
	OK(st.st_size < 30000, "small: %lld bytes for two pages and four "
	    "faces", (long long)st.st_size);
	check_readers(pdf);
	check_bbox(pdf);
	check_glyphs(pdf);
	check_pixels(pdf);
	check_ocr(pdf);

	/* Same input, same bytes: again, after another document, and in
	 * memory. */
	INT_EQ(vb_pdf_write(&pp, fs, tmp("t2.pdf"), &d), 0, "write again");
	OK(same_file(pdf, tmp("t2.pdf")), "same bytes");
	vb_pages_init(&other, &a);
	pg = vb_pages_add(&other, VB_A4_WIDTH, VB_A4_HEIGHT);
	vb_page_text(&other, pg, VB_FACE_REGULAR, 11, 50, 50, 0,
	    "Một văn bản khác ©", strlen("Một văn bản khác ©"), NULL);
	INT_EQ(vb_pdf_write(&other, fs, tmp("other.pdf"), &d), 0, "other");
	INT_EQ(vb_pdf_write(&pp, fs, tmp("t3.pdf"), &d), 0, "third write");
	OK(same_file(pdf, tmp("t3.pdf")), "same bytes after another document");
	INT_EQ(vb_pdf_bytes(&pp, fs, &mem, &len, &d), 0, "in memory");
	file = slurp(pdf, &flen);
	OK(len == flen && memcmp(mem, file, len) == 0, "memory = file");
	OK(len > 8 && memcmp(mem, "%PDF-1.", 7) == 0, "a PDF header");
	OK(strstr(file, "/Encrypt") == NULL && strstr(file, "/JavaScript") ==
	    NULL && strstr(file, "/JS") == NULL && strstr(file, "/ID") == NULL,
	    "no /Encrypt, /JavaScript, /ID");
	free(mem);
	free(file);

	/* Only the faces a document uses are embedded. */
	INT_EQ(run("pdffonts '%s'", tmp("other.pdf")), 0, "pdffonts other");
	OK(strstr(out, "VanbanSerif ") != NULL &&
	    strstr(out, "VanbanSerif-Bold") == NULL &&
	    strstr(out, "VanbanSerif-Italic") == NULL,
	    "one face used, one face embedded");
	INT_EQ(run("pdftotext '%s' -", tmp("other.pdf")), 0, "other text");
	OK(strstr(out, "Một văn bản khác ©") != NULL, "other text exact");

	/* No text at all (and an empty text box): no fonts. */
	vb_pages_init(&other, &a);
	pg = vb_pages_add(&other, VB_A4_WIDTH, VB_A4_HEIGHT);
	vb_page_rule(&other, pg, 10, 10, 100, 0, 1);
	vb_page_text(&other, pg, VB_FACE_BOLD, 12, 10, 30, 0, "", 0, NULL);
	INT_EQ(vb_pdf_write(&other, fs, tmp("rule.pdf"), &d), 0, "rules only");
	INT_EQ(run("pdffonts '%s' && qpdf --check '%s'", tmp("rule.pdf"),
	    tmp("rule.pdf")), 0, "rules only: readers");
	OK(strstr(out, "VanbanSerif") == NULL && *err == '\0',
	    "rules only: no fonts, no warnings");
	vb_arena_free(&a);
}

static void
test_dump(void)
{
	struct vb_arena  a;
	struct vb_pages  pp;
	struct vb_page  *pg;
	struct vb_buf    b = VB_BUF_INIT;
	struct vb_box   *x;

	vb_arena_init(&a);
	vb_pages_init(&pp, &a);
	pg = vb_pages_add(&pp, VB_A4_WIDTH, VB_A4_HEIGHT);
	vb_page_text(&pp, pg, VB_FACE_BOLD, 12, 85.0394, 70.8661, 250.35,
	    "CỘNG \"HÒA\"", strlen("CỘNG \"HÒA\""), NULL);
	vb_page_rule(&pp, pg, 113.39, 78, 56.69, 0, 0.5);
	pg = vb_pages_add(&pp, VB_A4_HEIGHT, VB_A4_WIDTH);
	x = vb_page_rect(&pp, pg, 85, 300, 100, 20, 0.5);
	INT_EQ(x->kind, VB_BOX_RECT, "a rectangle");
	vb_pages_dump(&pp, &b);
	STR_EQ(b.data,
	    "page 1 595.28 841.89\n"
	    "  text 85.04 70.87 B 12 w=250.35 \"CỘNG \\\"HÒA\\\"\"\n"
	    "  rule 113.39 78.00 w=56.69 h=0.00 lw=0.50\n"
	    "page 2 841.89 595.28\n"
	    "  rect 85.00 300.00 w=100.00 h=20.00 lw=0.50\n", "dump");
	vb_buf_free(&b);
	vb_arena_free(&a);
}

/* Errors leave no file, and the font set still works afterwards. */
static void
test_errors(struct vb_fontset *fs)
{
	struct vb_arena  a;
	struct vb_pages  pp;
	struct vb_page  *pg;
	struct vb_diag   d;
	FILE            *f;
	char            *msg = NULL;
	size_t           msglen, i;
	char             path[600];
	struct vb_buf    big = VB_BUF_INIT;

	vb_arena_init(&a);

	/* A directory that does not exist; a path that is a directory. */
	build(&pp, &a);
	f = open_memstream(&msg, &msglen);
	vb_diag_init(&d, NULL, f);
	snprintf(path, sizeof(path), "%s/no/such/dir/x.pdf", tmpdir);
	INT_EQ(vb_pdf_write(&pp, fs, path, &d), -1, "no such directory");
	INT_EQ(vb_pdf_write(&pp, fs, tmpdir, &d), -1, "a directory");
	fclose(f);
	INT_EQ(d.nerrors, 2, "two errors");
	OK(msg && strstr(msg, "cannot write output file") &&
	    strstr(msg, "no/such/dir/x.pdf"), "the message: %s", msg);
	OK(access(path, F_OK) != 0, "no file left");
	free(msg);

	/* A broken box: an internal error naming page and box. */
	pg = pp.v[1];
	vb_page_text(&pp, pg, VB_FACE_REGULAR, 12, NAN, 10, 0, "x", 1, NULL);
	f = open_memstream(&msg, &msglen);
	vb_diag_init(&d, NULL, f);
	INT_EQ(vb_pdf_write(&pp, fs, tmp("bad.pdf"), &d), -1, "NaN position");
	fclose(f);
	OK(msg && strstr(msg, "internal error") &&
	    strstr(msg, "page 2, box 18 (text): position out of range"),
	    "the message: %s", msg);
	OK(access(tmp("bad.pdf"), F_OK) != 0, "no file for a bad layout");
	free(msg);
	pg->nboxes--;
	vb_page_text(&pp, pg, VB_FACE_REGULAR, 12, 10, 10, 0, "a\tb", 3,
	    NULL);
	vb_diag_init(&d, NULL, fopen("/dev/null", "w"));
	INT_EQ(vb_pdf_write(&pp, fs, tmp("bad.pdf"), &d), -1, "a tab");
	vb_page_text(&pp, pg, VB_FACE_REGULAR, 12, 10, 10, 0, "\xe1\xbb", 2,
	    NULL);
	pg->boxes[pg->nboxes - 2] = pg->boxes[pg->nboxes - 1];
	pg->nboxes--;
	INT_EQ(vb_pdf_write(&pp, fs, tmp("bad.pdf"), &d), -1, "cut UTF-8");
	pg->boxes[pg->nboxes - 1].kind = VB_BOX__MAX;
	INT_EQ(vb_pdf_write(&pp, fs, tmp("bad.pdf"), &d), -1, "bad kind");
	pg->boxes[pg->nboxes - 1] = (struct vb_box){ .kind = VB_BOX_RULE,
	    .x = 1, .y = 1, .w = 10, .line_width = 0 };
	INT_EQ(vb_pdf_write(&pp, fs, tmp("bad.pdf"), &d), -1, "no width");
	INT_EQ(d.nerrors, 4, "four internal errors");
	fclose(d.out);
	pg->nboxes--;

	/* The set still works, and gives the same bytes as before. */
	vb_diag_init(&d, NULL, stderr);
	INT_EQ(vb_pdf_write(&pp, fs, tmp("after.pdf"), &d), 0, "after errors");
	OK(same_file(tmp("t.pdf"), tmp("after.pdf")), "same bytes as before");

	/* Document information that is not UTF-8. */
	vb_diag_init(&d, NULL, fopen("/dev/null", "w"));
	pp.title = "K\xe1";
	INT_EQ(vb_pdf_write(&pp, fs, tmp("title.pdf"), &d), -1, "bad title");
	INT_EQ(d.nerrors, 1, "one error for the title");
	fclose(d.out);

	/* No pages. */
	vb_pages_init(&pp, &a);
	vb_diag_init(&d, NULL, fopen("/dev/null", "w"));
	INT_EQ(vb_pdf_write(&pp, fs, tmp("empty.pdf"), &d), -1, "no pages");
	fclose(d.out);

	/* A character without a glyph: a warning, the notdef box, and the
	 * text still extracts; a long run is written in several pieces. */
	vb_pages_init(&pp, &a);
	pg = vb_pages_add(&pp, VB_A4_WIDTH, VB_A4_HEIGHT);
	/* þÿĀ: consecutive code points across a 256 boundary, which one
	 * ToUnicode bfrange must not span. */
	vb_page_text(&pp, pg, VB_FACE_REGULAR, 12, 50, 50, 0,
	    "Văn 中 bản þÿĀ", strlen("Văn 中 bản þÿĀ"),
	    &(struct vb_loc){ 0, 0, 0, NULL });
	for (i = 0; i < 20000; i++)
		vb_buf_puts(&big, i % 2 ? "ạ" : "b");
	vb_page_text(&pp, pg, VB_FACE_REGULAR, 0.02, 50, 100, 0, big.data,
	    big.len, NULL);
	f = open_memstream(&msg, &msglen);
	vb_diag_init(&d, NULL, f);
	INT_EQ(vb_pdf_write(&pp, fs, tmp("glyph.pdf"), &d), 0, "written");
	fclose(f);
	INT_EQ(d.nwarnings, 2, "two warnings");
	OK(msg && strstr(msg, "no glyph") && strstr(msg, "U+4E2D '中' in "
	    "VanbanSerif, page 1") && strstr(msg, "U+0100"),
	    "the warnings: %s", msg);
	free(msg);
	INT_EQ(run("pdftotext -raw '%s' -", tmp("glyph.pdf")), 0, "pdftotext");
	STR_EQ(err, "", "no reader warnings");
	OK(strstr(out, "Văn 中 bản þÿĀ") != NULL, "the text still extracts");
	OK(strstr(out, big.data) != NULL, "20,000 letters in one box, whole");
	vb_buf_free(&big);
	vb_arena_free(&a);
}

/* Many documents from one font set (leaks show under ASan). */
static void
test_batch(struct vb_fontset *fs)
{
	struct vb_arena  a;
	struct vb_pages  pp;
	struct vb_diag   d;
	char            *mem;
	size_t           len, first = 0;
	int              i, ok = 0;

	vb_arena_init(&a);
	build(&pp, &a);
	vb_diag_init(&d, NULL, stderr);
	for (i = 0; i < 50; i++) {
		if (vb_pdf_bytes(&pp, fs, &mem, &len, &d) == 0 &&
		    (i == 0 || len == first))
			ok++;
		if (i == 0)
			first = len;
		free(mem);
	}
	INT_EQ(ok, 50, "50 documents from one font set, all alike");
	vb_arena_free(&a);
}

int
main(void)
{
	struct vb_diag     d;
	struct vb_fontset *fs;
	const char        *top = getenv("VB_TOP");
	char               fonts[512];

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	snprintf(fonts, sizeof(fonts), "%s/fonts", top ? top : ".");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_dump();
	vb_diag_init(&d, NULL, stderr);
	if ((fs = vb_fontset_open(fonts, &d)) == NULL) {
		OK(0, "fonts in %s", fonts);
		return unit_done("t_pdf");
	}
	M = vb_fontset_measure(fs);
	if (!have("pdftotext") || !have("qpdf"))
		OK(0, "poppler-utils and qpdf are needed (scripts/deps.sh)");
	else {
		test_write(fs);
		test_errors(fs);
	}
	test_batch(fs);
	vb_fontset_free(fs);
	run("rm -rf '%s'", tmpdir);
	free(out);
	free(err);
	return unit_done("t_pdf");
}
