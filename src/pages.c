/* pages.c — building and dumping pages of positioned boxes (pages.h). */
#include <string.h>

#include "pages.h"

static const char *const face_names[VB_FACE__MAX] = {
	"R", "B", "I", "BI"
};

static const char *const kind_names[VB_BOX__MAX] = {
	"text", "rule", "rect"
};

_Static_assert(sizeof(face_names) / sizeof(face_names[0]) == VB_FACE__MAX,
    "face_names out of step with enum vb_face");
_Static_assert(sizeof(kind_names) / sizeof(kind_names[0]) == VB_BOX__MAX,
    "kind_names out of step with enum vb_box_kind");

void
vb_pages_init(struct vb_pages *pp, struct vb_arena *a)
{
	memset(pp, 0, sizeof(*pp));
	pp->arena = a;
}

/* Grows an arena array of n elements of size sz to hold one more. */
static void *
grow(struct vb_arena *a, void *v, size_t n, size_t *cap, size_t sz)
{
	void *nv;

	if (n < *cap)
		return v;
	*cap = *cap == 0 ? 16 : *cap * 2;
	nv = vb_arena_alloc(a, *cap * sz);
	if (n > 0)
		memcpy(nv, v, n * sz);
	return nv;
}

struct vb_page *
vb_pages_add(struct vb_pages *pp, double width, double height)
{
	struct vb_page *pg;

	pp->v = grow(pp->arena, pp->v, pp->n, &pp->cap, sizeof(*pp->v));
	pg = vb_arena_alloc(pp->arena, sizeof(*pg));
	pg->width = width;
	pg->height = height;
	pp->v[pp->n++] = pg;
	return pg;
}

struct vb_box *
vb_page_box(struct vb_pages *pp, struct vb_page *pg, enum vb_box_kind kind)
{
	struct vb_box *b;

	pg->boxes = grow(pp->arena, pg->boxes, pg->nboxes, &pg->cap,
	    sizeof(*pg->boxes));
	b = &pg->boxes[pg->nboxes++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

struct vb_box *
vb_page_text(struct vb_pages *pp, struct vb_page *pg, enum vb_face face,
    double size, double x, double y, double w, const char *s, size_t len,
    const struct vb_loc *loc)
{
	struct vb_box *b = vb_page_box(pp, pg, VB_BOX_TEXT);

	b->x = x;
	b->y = y;
	b->w = w;
	b->face = face;
	b->size = size;
	b->text = vb_arena_strndup(pp->arena, s, len);
	b->len = len;
	if (loc != NULL)
		b->loc = *loc;
	return b;
}

static struct vb_box *
line_box(struct vb_pages *pp, struct vb_page *pg, enum vb_box_kind kind,
    double x, double y, double w, double h, double line_width)
{
	struct vb_box *b = vb_page_box(pp, pg, kind);

	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->line_width = line_width;
	return b;
}

struct vb_box *
vb_page_rule(struct vb_pages *pp, struct vb_page *pg, double x, double y,
    double w, double h, double line_width)
{
	return line_box(pp, pg, VB_BOX_RULE, x, y, w, h, line_width);
}

struct vb_box *
vb_page_rect(struct vb_pages *pp, struct vb_page *pg, double x, double y,
    double w, double h, double line_width)
{
	return line_box(pp, pg, VB_BOX_RECT, x, y, w, h, line_width);
}

const char *
vb_face_name(enum vb_face face)
{
	return (unsigned)face < VB_FACE__MAX ? face_names[face] : "?";
}

const char *
vb_box_kind_name(enum vb_box_kind kind)
{
	return (unsigned)kind < VB_BOX__MAX ? kind_names[kind] : "?";
}

/* Quotes text: '"' and '\' escaped, bytes below 0x20 and DEL as \xNN. */
static void
quote(struct vb_buf *b, const char *s, size_t len)
{
	size_t i;

	vb_buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			vb_buf_putc(b, '\\');
			vb_buf_putc(b, c);
		} else if (c < 0x20 || c == 0x7F)
			vb_buf_printf(b, "\\x%02X", c);
		else
			vb_buf_putc(b, c);
	}
	vb_buf_putc(b, '"');
}

void
vb_pages_dump(const struct vb_pages *pp, struct vb_buf *b)
{
	const struct vb_page *pg;
	const struct vb_box  *x;
	size_t                i, j;

	for (i = 0; i < pp->n; i++) {
		pg = pp->v[i];
		vb_buf_printf(b, "page %zu %.2f %.2f\n", i + 1, pg->width,
		    pg->height);
		for (j = 0; j < pg->nboxes; j++) {
			x = &pg->boxes[j];
			vb_buf_printf(b, "  %s %.2f %.2f", vb_box_kind_name(x->kind),
			    x->x, x->y);
			if (x->kind == VB_BOX_TEXT) {
				vb_buf_printf(b, " %s %g w=%.2f ",
				    vb_face_name(x->face), x->size, x->w);
				quote(b, x->text, x->len);
			} else
				vb_buf_printf(b, " w=%.2f h=%.2f lw=%.2f", x->w,
				    x->h, x->line_width);
			vb_buf_putc(b, '\n');
		}
	}
}
