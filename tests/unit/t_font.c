/*
 * t_font.c — the measurer interface: the fixed-width fake, and the real
 * font set against ND30.md's measurements, the search order and the
 * failures to find or load fonts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "font.h"
#include "unit.h"

#define MM(pt) ((pt) / VB_PT_PER_MM)

static char  tmpdir[] = "/tmp/vb_t_font.XXXXXX";
static char *msgs;
static size_t msglen;

/* A diag context whose messages go to memory (msgs). */
static FILE *
diag_mem(struct vb_diag *d)
{
	FILE *f;

	free(msgs);
	msgs = NULL;
	f = open_memstream(&msgs, &msglen);
	vb_diag_init(d, NULL, f);
	return f;
}

static double
width(const struct vb_measure *m, enum vb_face face, double size,
    const char *s)
{
	return vb_measure_width(m, face, size, s, strlen(s));
}

static void
test_fake(void)
{
	struct vb_measure m = vb_measure_fake();
	const char       *s = "abỆc";   /* 4 code points, 6 bytes */
	size_t            n;

	OK(fabs(width(&m, VB_FACE_REGULAR, 10, "abc") - 15) < 1e-9,
	    "fake: 3 code points at 10 pt are 15 pt");
	OK(fabs(width(&m, VB_FACE_BOLD, 10, "Việt") - 20) < 1e-9,
	    "fake: code points, not bytes");
	OK(fabs(width(&m, VB_FACE_ITALIC, 10, "\xff") - 5) < 1e-9,
	    "fake: an invalid byte counts as one");
	OK(fabs(m.ascent(m.ctx, VB_FACE_REGULAR, 10) - 8) < 1e-9 &&
	    fabs(m.descent(m.ctx, VB_FACE_REGULAR, 10) - 2) < 1e-9,
	    "fake: ascent 0.8 em, descent 0.2 em");
	INT_EQ(vb_measure_fit(&m, VB_FACE_REGULAR, 10, s, strlen(s), 10), 2,
	    "fit: two code points in 10 pt");
	INT_EQ(vb_measure_fit(&m, VB_FACE_REGULAR, 10, s, strlen(s), 14.9), 2,
	    "fit: the third does not fit in 14.9 pt");
	INT_EQ(vb_measure_fit(&m, VB_FACE_REGULAR, 10, s, strlen(s), 15), 5,
	    "fit: the 3-byte letter whole, never a part of it");
	INT_EQ(vb_measure_fit(&m, VB_FACE_REGULAR, 10, s, strlen(s), 100), 6,
	    "fit: everything");
	INT_EQ(vb_measure_fit(&m, VB_FACE_REGULAR, 10, s, strlen(s), 4), 0,
	    "fit: nothing");
	/* Every prefix fit returns ends on a code point boundary. */
	for (n = 0; n < 40; n++) {
		size_t k = vb_measure_fit(&m, VB_FACE_REGULAR, 1, s, strlen(s),
		    n * 0.125);

		if (k < strlen(s) && ((unsigned char)s[k] & 0xC0) == 0x80)
			break;
	}
	INT_EQ(n, 40, "fit never ends inside a UTF-8 sequence");
}

/* ND30.md §4 [MEAS]: widths in mm of header lines in Times metrics. */
static void
test_nd30(const struct vb_measure *m)
{
	static const struct {
		enum vb_face  face;
		double        size, mm;
		const char   *s;
	} t[] = {
		{ VB_FACE_BOLD, 12, 88.3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" },
		{ VB_FACE_BOLD, 13, 95.7, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" },
		{ VB_FACE_REGULAR, 12, 80.4, "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" },
		{ VB_FACE_BOLD, 12, 81.9, "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU" },
		{ VB_FACE_BOLD, 13, 56.1, "Độc lập - Tự do - Hạnh phúc" },
		{ VB_FACE_BOLD, 14, 60.5, "Độc lập - Tự do - Hạnh phúc" },
	};
	size_t i;
	double got;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		got = MM(width(m, t[i].face, t[i].size, t[i].s));
		OK(fabs(got - t[i].mm) <= 0.2, "%s %s %g pt: %.2f mm, want "
		    "%.1f mm", t[i].s, vb_face_name(t[i].face), t[i].size,
		    got, t[i].mm);
	}
	OK(width(m, VB_FACE_BOLD, 12, "VIỆT NAM") >
	    width(m, VB_FACE_REGULAR, 12, "VIỆT NAM"), "bold is wider");
	OK(fabs(width(m, VB_FACE_REGULAR, 24, "Hà Nội") -
	    2 * width(m, VB_FACE_REGULAR, 12, "Hà Nội")) < 1e-9,
	    "width scales with the size");
}

static void
test_real(struct vb_fontset *fs)
{
	struct vb_measure m = vb_fontset_measure(fs);
	const char       *viet = "ĂăÂâĐđÊêÔôƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂể"
	    "ỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
	    "ÀÁÃÈÉÌÍÒÓÕÙÚÝàáãèéìíòóõùúýĨĩŨũ“”–—…№§₫€";
	const char       *p;
	size_t            i, k, n, missing = 0;
	uint32_t          cp;
	double            sum, w, nd;
	int               f;

	test_nd30(&m);
	OK(strstr(vb_fontset_path(fs, VB_FACE_BOLD_ITALIC), "BoldItalic") !=
	    NULL, "the bold italic file");
	OK(strncmp(vb_fontset_name(fs, VB_FACE_REGULAR), "VanbanSerif", 11) ==
	    0, "the trimmed fonts are found first: %s",
	    vb_fontset_name(fs, VB_FACE_REGULAR));

	/* Every Vietnamese letter (and the office symbols) in every face. */
	for (f = 0; f < VB_FACE__MAX; f++)
		for (p = viet; *p != '\0'; p += k) {
			k = vb_utf8_decode(p, strlen(p), &cp);
			if (vb_fontset_advance(fs, (enum vb_face)f, cp) <= 0) {
				fprintf(stderr, "    no U+%04X in %s\n", (unsigned)cp,
				    vb_face_name((enum vb_face)f));
				missing++;
			}
			if (k == 0)
				break;
		}
	INT_EQ(missing, 0, "every Vietnamese letter has a glyph");
	INT_EQ(vb_fontset_advance(fs, VB_FACE_REGULAR, 0x4E2D), -1,
	    "no CJK glyph");
	INT_EQ(vb_fontset_advance(fs, VB_FACE_REGULAR, 0x1F600), -1,
	    "no emoji (beyond the BMP)");
	INT_EQ(vb_fontset_advance(fs, VB_FACE_REGULAR, 'A'), 722,
	    "A is 722/1000 em (Times)");
	INT_EQ(vb_fontset_advance(fs, VB_FACE_BOLD, ' '), 250, "space 250");

	/* A string is the sum of its code points: nothing is cut. */
	sum = 0;
	for (i = 0; viet[i] != '\0'; i += k) {
		k = vb_utf8_decode(viet + i, strlen(viet + i), &cp);
		sum += vb_measure_width(&m, VB_FACE_ITALIC, 13, viet + i, k);
	}
	w = width(&m, VB_FACE_ITALIC, 13, viet);
	OK(fabs(w - sum) < 1e-6, "multi-byte string = sum of its letters "
	    "(%.3f, %.3f)", w, sum);
	/* The missing glyph, and bytes of a cut sequence, are .notdef. */
	nd = width(&m, VB_FACE_REGULAR, 10, "中");
	OK(nd > 0, "a missing glyph has the .notdef width");
	OK(fabs(vb_measure_width(&m, VB_FACE_REGULAR, 10, "Ệ", 2) - 2 * nd) <
	    1e-9, "a cut sequence: each byte is one .notdef");
	n = vb_measure_fit(&m, VB_FACE_REGULAR, 13, viet, strlen(viet),
	    w / 2);
	OK(n > 0 && n < strlen(viet) &&
	    ((unsigned char)viet[n] & 0xC0) != 0x80,
	    "fit on real widths ends on a boundary");
	OK(vb_measure_width(&m, VB_FACE_ITALIC, 13, viet, n) <= w / 2 + 1e-9,
	    "and fits");
	OK(fabs(m.ascent(m.ctx, VB_FACE_REGULAR, 10) - 8.91) < 1e-9 &&
	    fabs(m.descent(m.ctx, VB_FACE_REGULAR, 10) - 2.16) < 1e-9,
	    "ascent 891, descent 216 per 1000 em (hhea)");
}

static void
test_search(const char *fonts)
{
	struct vb_diag     d;
	struct vb_fontset *fs;
	FILE              *f;
	char               path[512];

	/* An explicit directory is the only place looked in. */
	f = diag_mem(&d);
	fs = vb_fontset_open(tmpdir, &d);
	fclose(f);
	OK(fs == NULL, "no fonts in an empty directory");
	INT_EQ(d.nerrors, 1, "one error");
	OK(msgs && strstr(msgs, "fonts not found") &&
	    strstr(msgs, tmpdir) && strstr(msgs, "VANBAN_FONTS"),
	    "the message names the place and the variable: %s", msgs);

	/* A broken font file. */
	snprintf(path, sizeof(path), "%s/VanbanSerif-Regular.ttf", tmpdir);
	f = fopen(path, "w");
	fputs("not a font", f);
	fclose(f);
	f = diag_mem(&d);
	fs = vb_fontset_open(tmpdir, &d);
	fclose(f);
	OK(fs == NULL && d.nerrors == 1 && msgs &&
	    strstr(msgs, "cannot load font") && strstr(msgs, path),
	    "a broken font is an error naming the file: %s", msgs);
	unlink(path);

	/* $VANBAN_FONTS comes first. */
	setenv(VB_FONTS_ENV, fonts, 1);
	f = diag_mem(&d);
	fs = vb_fontset_open(NULL, &d);
	fclose(f);
	OK(fs != NULL && strncmp(vb_fontset_path(fs, VB_FACE_REGULAR), fonts,
	    strlen(fonts)) == 0, "found through $VANBAN_FONTS");
	vb_fontset_free(fs);

	/* An empty $VANBAN_FONTS falls through to the next places (the
	 * repository's fonts/ next to this test program). */
	setenv(VB_FONTS_ENV, tmpdir, 1);
	f = diag_mem(&d);
	fs = vb_fontset_open(NULL, &d);
	fclose(f);
	OK(fs != NULL, "falls through to the fonts next to the program");
	if (fs != NULL)
		OK(strstr(vb_fontset_path(fs, VB_FACE_REGULAR), tmpdir) == NULL,
		    "and not from the empty directory");
	vb_fontset_free(fs);
	unsetenv(VB_FONTS_ENV);
}

int
main(void)
{
	struct vb_diag     d;
	struct vb_fontset *fs;
	const char        *top = getenv("VB_TOP");
	char               fonts[512];

	snprintf(fonts, sizeof(fonts), "%s/fonts", top ? top : ".");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_fake();
	vb_diag_init(&d, NULL, stderr);
	fs = vb_fontset_open(fonts, &d);
	OK(fs != NULL, "open the fonts in %s", fonts);
	if (fs != NULL)
		test_real(fs);
	vb_fontset_free(fs);
	test_search(fonts);
	rmdir(tmpdir);
	free(msgs);
	return unit_done("t_font");
}
