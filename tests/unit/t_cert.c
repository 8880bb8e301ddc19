/* t_cert.c — the giấy khen page (doc->cert_mode) on the fake measurer. */
#include <math.h>
#include <string.h>

#include "layout.h"
#include "unit.h"

#define MM VB_PT_PER_MM

static struct vb_arena   A;
static struct vb_measure M;
static const struct vb_kind gk = { "giay_khen", "GIẤY KHEN", "Giấy khen",
    NULL, 0 };

static struct vb_cert_box boxes[] = {
	{ 25, 180, 110, 13, 0, 0, VB_ALIGN_LEFT, "Số: 95/QĐ-LĐLĐ",
	    { 0, 0, 0, NULL } },
	{ 20, 62, 257, 40, 1, 0, VB_ALIGN_CENTER, "GIẤY KHEN",
	    { 0, 0, 0, NULL } },
	{ 160, 149, 115, 14, 1, 0, VB_ALIGN_RIGHT, "CHỦ TỊCH",
	    { 0, 0, 0, NULL } },
	/* 20 mm at 10 pt (5 pt a letter, 11 letters a line): two lines. */
	{ 40, 100, 20, 10, 0, 1, VB_ALIGN_LEFT, "aaaa bbbb cccc dddd",
	    { 0, 0, 0, NULL } },
	{ 40, 120, 100, 10, 0, 0, VB_ALIGN_LEFT, "", { 0, 0, 0, NULL } },
};

static void
cert_doc(struct vb_doc *doc, int mode)
{
	memset(doc, 0, sizeof(*doc));
	doc->arena = &A;
	doc->kind = &gk;
	doc->title = gk.title;
	doc->cert_mode = mode;
	doc->cert_boxes = boxes;
	doc->ncert_boxes = sizeof(boxes) / sizeof(boxes[0]);
	doc->body = vb_node_new(&A, VB_NODE_ROOT, NULL);
}

static const struct vb_box *
find(const struct vb_page *pg, const char *s)
{
	size_t i;

	for (i = 0; i < pg->nboxes; i++) {
		const struct vb_box *b = &pg->boxes[i];

		if (b->kind == VB_BOX_TEXT && b->len == strlen(s) &&
		    memcmp(b->text, s, b->len) == 0)
			return b;
	}
	return NULL;
}

static size_t
count(const struct vb_page *pg, enum vb_box_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < pg->nboxes; i++)
		n += pg->boxes[i].kind == k;
	return n;
}

/* The baseline of a line whose top is at top (fake: ascent 0.8 em,
 * descent 0.2 em, pitch 1.15 em). */
static double
baseline(double top_mm, double size)
{
	return top_mm * MM + (1.15 * size - size) / 2 + 0.8 * size;
}

#define NEAR(a, b) (fabs((a) - (b)) <= 0.5)

static void
test_mode(int mode)
{
	struct vb_doc        doc;
	struct vb_pages      pp;
	struct vb_diag       d;
	const struct vb_page *pg;
	const struct vb_box  *b;
	double               w;

	vb_diag_init(&d, NULL, stderr);
	cert_doc(&doc, mode);
	vb_pages_init(&pp, &A);
	INT_EQ(vb_layout(&doc, &M, &d, &pp, NULL), 0, "mode %d lays out", mode);
	INT_EQ(pp.n, 1, "mode %d: one page", mode);
	if (pp.n != 1)
		return;
	pg = pp.v[0];
	OK(NEAR(pg->width, VB_A4_HEIGHT) && NEAR(pg->height, VB_A4_WIDTH),
	    "mode %d: landscape A4", mode);

	b = find(pg, "Số: 95/QĐ-LĐLĐ");
	OK(b != NULL && NEAR(b->x, 25 * MM) && NEAR(b->y, baseline(180, 13)) &&
	    b->face == VB_FACE_REGULAR && b->size == 13,
	    "mode %d: a left box at its x, its top at y", mode);
	b = find(pg, "GIẤY KHEN");
	w = 9 * 0.5 * 40;
	OK(b != NULL && NEAR(b->x, 20 * MM + (257 * MM - w) / 2) &&
	    NEAR(b->y, baseline(62, 40)) && b->face == VB_FACE_BOLD,
	    "mode %d: a centred box", mode);
	b = find(pg, "CHỦ TỊCH");
	w = 8 * 0.5 * 14;
	OK(b != NULL && NEAR(b->x + w, 275 * MM) &&
	    NEAR(b->y, baseline(149, 14)), "mode %d: a right box", mode);
	b = find(pg, "aaaa bbbb");
	OK(b != NULL && NEAR(b->x, 40 * MM) && NEAR(b->y, baseline(100, 10)) &&
	    b->face == VB_FACE_ITALIC, "mode %d: a wrapped box, line 1",
	    mode);
	b = find(pg, "cccc dddd");
	OK(b != NULL && NEAR(b->x, 40 * MM) &&
	    NEAR(b->y, baseline(100, 10) + 11.5),
	    "mode %d: line 2, one pitch below", mode);
	INT_EQ(count(pg, VB_BOX_TEXT), 5, "mode %d: the boxes' lines, no "
	    "page number, nothing for an empty box", mode);
	INT_EQ(count(pg, VB_BOX_RULE), 0, "mode %d: no rules", mode);
	if (mode == 1) {
		INT_EQ(count(pg, VB_BOX_RECT), 3, "thiet_ke: double border "
		    "and the emblem's square");
		b = &pg->boxes[0];
		OK(b->kind == VB_BOX_RECT && NEAR(b->x, 10 * MM) &&
		    NEAR(b->y, 10 * MM) && NEAR(b->w, 277 * MM) &&
		    NEAR(b->h, 190 * MM), "the outer border 10 mm in");
		b = &pg->boxes[1];
		OK(b->kind == VB_BOX_RECT && NEAR(b->x, 12 * MM) &&
		    NEAR(b->h, 186 * MM), "the inner border 12 mm in");
	} else
		INT_EQ(count(pg, VB_BOX_RECT), 0, "in_phoi: nothing but the "
		    "boxes");
}

int
main(void)
{
	vb_arena_init(&A);
	M = vb_measure_fake();
	test_mode(1);
	test_mode(2);
	vb_arena_free(&A);
	return unit_done("t_cert");
}
