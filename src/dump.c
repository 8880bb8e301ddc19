/* dump.c — the --dump=doc text of a vb_doc (format in dump.h). */
#include <string.h>

#include "dump.h"

/* Flag names, by bit, as they appear in brackets after a node. */
static const struct {
	unsigned    bit;
	const char *name;
} flag_names[] = {
	{ VB_NODE_GENERATED, "gen" },
	{ VB_NODE_VALUE,     "value" },
	{ VB_NODE_CENTER,    "center" },
	{ VB_NODE_NOINDENT,  "noindent" },
	{ VB_NODE_ITALIC,    "italic" },
	{ VB_NODE_BOLD,      "bold" },
	{ VB_NODE_HEADER,    "header" },
	{ VB_NODE_TOTAL,     "total" },
	{ VB_NODE_KEEPNEXT,  "keepnext" },
	{ VB_NODE_AUTOLABEL, "autolabel" },
	{ VB_NODE_LANDSCAPE, "landscape" },
};

static const char *const align_names[] = {
	"default", "left", "center", "right", "justify"
};

/* Deepest subtree printed; the builder never nests this deep. */
#define MAX_DEPTH 64

static void
indent(struct vb_buf *out, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		vb_buf_puts(out, "  ");
}

static void
quote(struct vb_buf *out, const char *s, size_t n)
{
	size_t   i, k;
	uint32_t cp;

	if (s == NULL) {
		vb_buf_putc(out, '-');
		return;
	}
	vb_buf_putc(out, '"');
	for (i = 0; i < n; i += k) {
		unsigned char c = (unsigned char)s[i];

		k = 1;
		if (c == '"' || c == '\\')
			vb_buf_printf(out, "\\%c", c);
		else if (c == '\n')
			vb_buf_puts(out, "\\n");
		else if (c == '\t')
			vb_buf_puts(out, "\\t");
		else if (c < 0x20 || c == 0x7F)
			vb_buf_printf(out, "\\x%02X", c);
		else if (c < 0x80)
			vb_buf_putc(out, c);
		else if ((k = vb_utf8_decode(s + i, n - i, &cp)) == 0) {
			vb_buf_printf(out, "\\x%02X", c);
			k = 1;
		} else if (cp >= 0xF0000)
			vb_buf_printf(out, "\\u{%X}", cp);
		else
			vb_buf_put(out, s + i, k);
	}
	vb_buf_putc(out, '"');
}

static void
qs(struct vb_buf *out, const char *s)
{
	quote(out, s, s != NULL ? strlen(s) : 0);
}

static void
flags(struct vb_buf *out, unsigned f)
{
	size_t i;
	int    first = 1;

	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (f & flag_names[i].bit) {
			vb_buf_puts(out, first ? " [" : " ");
			vb_buf_puts(out, flag_names[i].name);
			first = 0;
		}
	if (!first)
		vb_buf_putc(out, ']');
}

static const char *
align_name(enum vb_align a)
{
	return (unsigned)a < sizeof(align_names) / sizeof(align_names[0]) ?
	    align_names[a] : "?";
}

void
vb_dump_node(const struct vb_node *n, int depth, struct vb_buf *out)
{
	const struct vb_node *c;
	size_t                i;

	indent(out, depth);
	vb_buf_puts(out, vb_node_type_name(n->type));
	switch (n->type) {
	case VB_NODE_TEXT:
		vb_buf_putc(out, ' ');
		quote(out, n->as.text.s, n->as.text.len);
		break;
	case VB_NODE_HEADING:
		vb_buf_printf(out, " %d ", n->as.heading.level);
		qs(out, n->as.heading.label);
		break;
	case VB_NODE_LIST:
		if (n->as.list.ordered)
			vb_buf_printf(out, " ordered start=%d",
			    n->as.list.start);
		else
			vb_buf_puts(out, " bullet");
		break;
	case VB_NODE_ITEM:
		vb_buf_putc(out, ' ');
		qs(out, n->as.item.label);
		break;
	case VB_NODE_TABLE:
		vb_buf_printf(out, " cols=%zu header=%zu", n->as.table.ncols,
		    n->as.table.nheader);
		if (n->as.table.font_pt > 0)
			vb_buf_printf(out, " font=%g", n->as.table.font_pt);
		break;
	case VB_NODE_CELL:
		if (n->as.cell.covered)
			vb_buf_puts(out, " covered");
		if (n->as.cell.colspan != 1 || n->as.cell.rowspan != 1)
			vb_buf_printf(out, " span=%dx%d", n->as.cell.colspan,
			    n->as.cell.rowspan);
		if (n->as.cell.align != VB_ALIGN_DEFAULT)
			vb_buf_printf(out, " align=%s",
			    align_name(n->as.cell.align));
		break;
	default:
		break;
	}
	flags(out, n->flags);
	vb_buf_putc(out, '\n');
	if (n->type == VB_NODE_TABLE && n->as.table.cols != NULL)
		for (i = 0; i < n->as.table.ncols; i++) {
			indent(out, depth + 1);
			vb_buf_printf(out, "col %zu width=%g align=%s\n", i + 1,
			    n->as.table.cols[i].width_mm,
			    align_name(n->as.table.cols[i].align));
		}
	if (depth >= MAX_DEPTH) {
		if (n->first != NULL) {
			indent(out, depth + 1);
			vb_buf_puts(out, "…\n");
		}
		return;
	}
	for (c = n->first; c != NULL; c = c->next)
		vb_dump_node(c, depth + 1, out);
}

static void
field(struct vb_buf *out, int depth, const char *name, const char *v)
{
	indent(out, depth);
	vb_buf_printf(out, "%s ", name);
	qs(out, v);
	vb_buf_putc(out, '\n');
}

static void
lines(struct vb_buf *out, const char *name, const char **v, size_t n)
{
	size_t i;

	vb_buf_printf(out, "%s %zu\n", name, n);
	for (i = 0; i < n; i++) {
		indent(out, 1);
		qs(out, v[i]);
		vb_buf_putc(out, '\n');
	}
}

void
vb_dump_doc(const struct vb_doc *doc, struct vb_buf *out)
{
	const struct vb_style *st = &doc->style;
	size_t                 i;

	vb_buf_puts(out, "document ");
	if (doc->kind != NULL) {
		vb_buf_printf(out, "%s ", doc->kind->key);
		qs(out, doc->kind->name);
	} else
		vb_buf_putc(out, '-');
	vb_buf_putc(out, '\n');
	vb_buf_printf(out, "style co_chu=%g/%g/%g body=%g margins=%g/%g/%g/%g "
	    "indent=%g spacing=%g para=%g hoa=%s\n", st->qh_pt, st->tn_pt,
	    st->date_pt, st->body_pt, st->margin_mm[0], st->margin_mm[1],
	    st->margin_mm[2], st->margin_mm[3], st->indent_mm,
	    st->line_spacing, st->para_space_pt,
	    st->hoa_old_style ? "cu" : "moi");
	vb_buf_printf(out, "draft %s\n", doc->draft ? "yes" : "no");
	field(out, 0, "co_quan_chu_quan", doc->co_quan_chu_quan);
	field(out, 0, "co_quan", doc->co_quan);
	field(out, 0, "so", doc->so);
	field(out, 0, "ky_hieu", doc->ky_hieu);
	field(out, 0, "so_line", doc->so_line);
	field(out, 0, "dia_danh", doc->dia_danh);
	vb_buf_printf(out, "ngay %04d-%02d-%02d\n", doc->ngay_y, doc->ngay_m,
	    doc->ngay_d);
	field(out, 0, "date_line", doc->date_line);
	field(out, 0, "title", doc->title);
	field(out, 0, "trich_yeu", doc->trich_yeu);
	if (doc->tham_quyen != NULL)   /* decisions only */
		field(out, 0, "tham_quyen", doc->tham_quyen);
	lines(out, "kinh_gui", doc->kinh_gui, doc->nkinh_gui);
	lines(out, "can_cu", doc->can_cu, doc->ncan_cu);
	if (doc->mo_dieu != NULL)
		field(out, 0, "mo_dieu", doc->mo_dieu);
	vb_buf_puts(out, "body\n");
	if (doc->body != NULL)
		vb_dump_node(doc->body, 1, out);
	lines(out, "signature", doc->sig_lines, doc->nsig_lines);
	field(out, 0, "signer", doc->signer);
	lines(out, "noi_nhan", doc->noi_nhan, doc->nnoi_nhan);
	for (i = 0; i < doc->nannexes; i++) {
		const struct vb_annex *x = &doc->annexes[i];

		vb_buf_printf(out, "annex %zu%s\n", i + 1,
		    x->landscape ? " [landscape]" : "");
		field(out, 1, "label", x->label);
		field(out, 1, "title", x->title);
		field(out, 1, "subtitle", x->subtitle);
		field(out, 1, "kem_theo", x->kem_theo);
		if (x->body != NULL)
			vb_dump_node(x->body, 1, out);
	}
	field(out, 0, "info_title", doc->info_title);
	field(out, 0, "info_author", doc->info_author);
}
