/*
 * doc.c — the document tree: node allocation and linking, the enter/exit
 * iterator (cmark_iter) and the invariant check (cmark_node_check) that
 * renderers rely on once nd30.c has finished a document.
 */
#include <string.h>

#include "doc.h"

static const char *const type_names[] = {
	"root", "para", "heading", "list", "item", "text", "emph", "strong",
	"break", "pagebreak", "table", "row", "cell"
};

_Static_assert(sizeof(type_names) / sizeof(type_names[0]) == VB_NODE__MAX,
    "type_names out of step with enum vb_node_type");

/* Deepest tree the check walks before it gives up (a guard for fuzzers). */
#define CHECK_MAX_DEPTH 1000

struct vb_node *
vb_node_new(struct vb_arena *a, enum vb_node_type t, const struct vb_loc *loc)
{
	struct vb_node *n = vb_arena_alloc(a, sizeof(*n));

	n->type = t;
	if (loc != NULL)
		n->loc = *loc;
	if (t == VB_NODE_CELL) {
		n->as.cell.colspan = 1;
		n->as.cell.rowspan = 1;
	} else if (t == VB_NODE_HEADING)
		n->as.heading.label = "";
	else if (t == VB_NODE_ITEM)
		n->as.item.label = "-";
	return n;
}

void
vb_node_append(struct vb_node *parent, struct vb_node *child)
{
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last;
	if (parent->last != NULL)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

void
vb_node_insert_after(struct vb_node *ref, struct vb_node *n)
{
	n->parent = ref->parent;
	n->prev = ref;
	n->next = ref->next;
	if (ref->next != NULL)
		ref->next->prev = n;
	else if (ref->parent != NULL)
		ref->parent->last = n;
	ref->next = n;
}

void
vb_node_unlink(struct vb_node *n)
{
	if (n->prev != NULL)
		n->prev->next = n->next;
	else if (n->parent != NULL)
		n->parent->first = n->next;
	if (n->next != NULL)
		n->next->prev = n->prev;
	else if (n->parent != NULL)
		n->parent->last = n->prev;
	n->parent = n->prev = n->next = NULL;
}

struct vb_node *
vb_node_text(struct vb_arena *a, struct vb_node *parent, const char *s,
    size_t len, const struct vb_loc *loc)
{
	struct vb_node *n = vb_node_new(a, VB_NODE_TEXT, loc);

	n->as.text.s = vb_arena_strndup(a, s, len);
	n->as.text.len = len;
	if (parent != NULL)
		vb_node_append(parent, n);
	return n;
}

const char *
vb_node_type_name(enum vb_node_type t)
{
	return (unsigned)t < VB_NODE__MAX ? type_names[t] : "?";
}

/* ---- iterator ------------------------------------------------------------ */

/* The state after vb_iter_skip(): entered, children not to be visited. */
#define SKIPPED ((enum vb_event)(VB_EVENT_EXIT + 1))

void
vb_iter_init(struct vb_iter *it, struct vb_node *root)
{
	it->root = root;
	it->cur = NULL;
	it->ev = VB_EVENT_NONE;
}

enum vb_event
vb_iter_next(struct vb_iter *it)
{
	struct vb_node *n = it->cur;

	if (it->root == NULL)
		return VB_EVENT_NONE;
	if (n == NULL) {
		it->cur = it->root;
		return it->ev = VB_EVENT_ENTER;
	}
	if (it->ev == SKIPPED)
		return it->ev = VB_EVENT_EXIT;
	if (it->ev == VB_EVENT_ENTER && n->first != NULL) {
		it->cur = n->first;
		return it->ev = VB_EVENT_ENTER;
	}
	if (it->ev == VB_EVENT_ENTER)
		return it->ev = VB_EVENT_EXIT;
	/* After n's EXIT. */
	if (n == it->root) {
		it->root = it->cur = NULL;
		return it->ev = VB_EVENT_NONE;
	}
	if (n->next != NULL) {
		it->cur = n->next;
		return it->ev = VB_EVENT_ENTER;
	}
	it->cur = n->parent;
	return it->ev = VB_EVENT_EXIT;
}

void
vb_iter_skip(struct vb_iter *it)
{
	if (it->ev == VB_EVENT_ENTER)
		it->ev = SKIPPED;
}

/* ---- invariants ---------------------------------------------------------- */

static int
is_inline(enum vb_node_type t)
{
	return t == VB_NODE_TEXT || t == VB_NODE_EMPH || t == VB_NODE_STRONG ||
	    t == VB_NODE_BREAK;
}

static int
is_block(enum vb_node_type t)
{
	return t == VB_NODE_PARA || t == VB_NODE_HEADING ||
	    t == VB_NODE_LIST || t == VB_NODE_PAGEBREAK || t == VB_NODE_TABLE;
}

/* May a node of type c be a child of a node of type p? */
static int
child_ok(enum vb_node_type p, enum vb_node_type c)
{
	switch (p) {
	case VB_NODE_ROOT:
		return is_block(c);
	case VB_NODE_ITEM:
		return c == VB_NODE_PARA || c == VB_NODE_LIST ||
		    c == VB_NODE_TABLE;
	case VB_NODE_PARA:
	case VB_NODE_HEADING:
	case VB_NODE_EMPH:
	case VB_NODE_STRONG:
	case VB_NODE_CELL:
		return is_inline(c);
	case VB_NODE_LIST:
		return c == VB_NODE_ITEM;
	case VB_NODE_TABLE:
		return c == VB_NODE_ROW;
	case VB_NODE_ROW:
		return c == VB_NODE_CELL;
	default:
		return 0;
	}
}

/* A table's rows form a full grid whose spans cover exactly the cells
 * marked covered, header rows first, the totals row (if any) last. */
static int
check_table(const struct vb_node *t, const char **why)
{
	const struct vb_node *r, *c;
	size_t   nrows = 0, ri, ci, i, j, nhdr = 0;
	int      seen_body = 0, ok = -1;
	unsigned char *cover = NULL;
	struct vb_arena a;

	vb_arena_init(&a);
	if (t->as.table.ncols == 0 || t->as.table.cols == NULL) {
		*why = "table without columns";
		goto out;
	}
	for (r = t->first; r != NULL; r = r->next) {
		nrows++;
		if (r->flags & VB_NODE_HEADER) {
			if (seen_body) {
				*why = "header row after a body row";
				goto out;
			}
			nhdr++;
		} else
			seen_body = 1;
		if ((r->flags & VB_NODE_TOTAL) && r->next != NULL) {
			*why = "totals row is not the last row";
			goto out;
		}
		i = 0;
		for (c = r->first; c != NULL; c = c->next)
			i++;
		if (i != t->as.table.ncols) {
			*why = "row with the wrong number of cells";
			goto out;
		}
	}
	if (nhdr != t->as.table.nheader) {
		*why = "table nheader disagrees with its header rows";
		goto out;
	}
	if (nrows == 0) {
		ok = 0;
		goto out;
	}
	cover = vb_arena_alloc(&a, nrows * t->as.table.ncols);
	for (r = t->first, ri = 0; r != NULL; r = r->next, ri++) {
		for (c = r->first, ci = 0; c != NULL; c = c->next, ci++) {
			int cs = c->as.cell.colspan, rs = c->as.cell.rowspan;

			if (cs < 1 || rs < 1) {
				*why = "cell span below 1";
				goto out;
			}
			if (c->as.cell.covered) {
				if (cs != 1 || rs != 1) {
					*why = "covered cell with a span";
					goto out;
				}
				if (c->first != NULL) {
					*why = "covered cell with content";
					goto out;
				}
				continue;
			}
			if (cover[ri * t->as.table.ncols + ci]) {
				*why = "cell under a span not marked covered";
				goto out;
			}
			if (ci + (size_t)cs > t->as.table.ncols ||
			    ri + (size_t)rs > nrows) {
				*why = "cell span runs out of the table";
				goto out;
			}
			for (i = ri; i < ri + (size_t)rs; i++)
				for (j = ci; j < ci + (size_t)cs; j++) {
					unsigned char *p =
					    &cover[i * t->as.table.ncols + j];

					if (*p) {
						*why = "overlapping cell spans";
						goto out;
					}
					*p = (i == ri && j == ci) ? 2 : 1;
				}
		}
	}
	for (r = t->first, ri = 0; r != NULL; r = r->next, ri++)
		for (c = r->first, ci = 0; c != NULL; c = c->next, ci++)
			if (c->as.cell.covered &&
			    cover[ri * t->as.table.ncols + ci] != 1) {
				*why = "covered cell under no span";
				goto out;
			}
	ok = 0;
out:
	vb_arena_free(&a);
	return ok;
}

static int
check_node(const struct vb_node *n, int depth, const char **why)
{
	const struct vb_node *c, *prev = NULL;

	if (depth > CHECK_MAX_DEPTH) {
		*why = "tree too deep";
		return -1;
	}
	if ((unsigned)n->type >= VB_NODE__MAX) {
		*why = "bad node type";
		return -1;
	}
	switch (n->type) {
	case VB_NODE_TEXT:
		if (n->as.text.s == NULL ||
		    vb_utf8_check(n->as.text.s, n->as.text.len) !=
		    n->as.text.len) {
			*why = "text run is not valid UTF-8";
			return -1;
		}
		/* FALLTHROUGH */
	case VB_NODE_BREAK:
	case VB_NODE_PAGEBREAK:
		if (n->first != NULL) {
			*why = "leaf node with children";
			return -1;
		}
		break;
	case VB_NODE_HEADING:
		if (n->as.heading.level < 1 || n->as.heading.level > 4 ||
		    n->as.heading.label == NULL) {
			*why = "heading level or label";
			return -1;
		}
		break;
	case VB_NODE_ITEM:
		if (n->as.item.label == NULL) {
			*why = "list item without a label";
			return -1;
		}
		break;
	case VB_NODE_TABLE:
		if (check_table(n, why) != 0)
			return -1;
		break;
	default:
		break;
	}
	if (n->first != NULL && n->first->prev != NULL) {
		*why = "first child has a previous sibling";
		return -1;
	}
	for (c = n->first; c != NULL; prev = c, c = c->next) {
		if (c->parent != n || c->prev != prev) {
			*why = "broken links";
			return -1;
		}
		if (!child_ok(n->type, c->type)) {
			*why = "node where its parent cannot hold it";
			return -1;
		}
		if (check_node(c, depth + 1, why) != 0)
			return -1;
	}
	if (n->last != prev) {
		*why = "last child is not the last";
		return -1;
	}
	return 0;
}

int
vb_node_check(const struct vb_node *root, const char **why)
{
	const char *dummy;

	if (why == NULL)
		why = &dummy;
	if (root == NULL || root->type != VB_NODE_ROOT ||
	    root->parent != NULL || root->next != NULL || root->prev != NULL) {
		*why = "tree without a detached ROOT";
		return -1;
	}
	return check_node(root, 0, why);
}

/* "…;" for every item but the last, which ends "." */
static int
check_lines(const char **v, size_t n, const char *first_prefix)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		if (v[i] == NULL || (len = strlen(v[i])) == 0)
			return -1;
		if (first_prefix != NULL &&
		    strncmp(v[i], first_prefix, strlen(first_prefix)) != 0)
			return -1;
		if (v[i][len - 1] != (i + 1 < n ? ';' : '.'))
			return -1;
	}
	return 0;
}

int
vb_doc_check(const struct vb_doc *doc, const char **why)
{
	const char *dummy;
	size_t      i;

	if (why == NULL)
		why = &dummy;
	if (doc->kind == NULL) {
		*why = "no document kind";
		return -1;
	}
	if (doc->co_quan == NULL || doc->so_line == NULL ||
	    doc->date_line == NULL || doc->ky_hieu == NULL) {
		*why = "header field missing";
		return -1;
	}
	if (strncmp(doc->so_line, "Số:", strlen("Số:")) != 0) {
		*why = "number line does not start with \"Số:\"";
		return -1;
	}
	if (doc->kind->cong_van) {
		if (doc->title != NULL || doc->trich_yeu == NULL ||
		    strncmp(doc->trich_yeu, "V/v ", 4) != 0) {
			*why = "công văn needs \"V/v …\" and no title";
			return -1;
		}
	} else if (doc->title == NULL) {
		*why = "document kind without its title";
		return -1;
	}
	if (doc->nkinh_gui > 0 && doc->kinh_gui == NULL) {
		*why = "kinh_gui count without items";
		return -1;
	}
	for (i = 0; i < doc->nkinh_gui; i++)
		if (doc->kinh_gui[i] == NULL || doc->kinh_gui[i][0] == '\0') {
			*why = "empty addressee";
			return -1;
		}
	if (check_lines(doc->can_cu, doc->ncan_cu, NULL) != 0) {
		*why = "căn cứ lines must end \";\" and the last \".\"";
		return -1;
	}
	if (doc->nsig_lines == 0 || doc->sig_lines == NULL ||
	    doc->signer == NULL) {
		*why = "signature block missing";
		return -1;
	}
	if (doc->nnoi_nhan == 0 ||
	    check_lines(doc->noi_nhan, doc->nnoi_nhan, "- ") != 0 ||
	    strncmp(doc->noi_nhan[doc->nnoi_nhan - 1], "- Lưu:",
	    strlen("- Lưu:")) != 0) {
		*why = "nơi nhận: \"- …;\" items, the last \"- Lưu: ….\"";
		return -1;
	}
	if (vb_node_check(doc->body, why) != 0)
		return -1;
	if (doc->nannexes > 0 && doc->annexes == NULL) {
		*why = "annex count without annexes";
		return -1;
	}
	for (i = 0; i < doc->nannexes; i++) {
		const struct vb_annex *x = &doc->annexes[i];

		if (x->title == NULL || x->title[0] == '\0') {
			*why = "annex without a title";
			return -1;
		}
		if (doc->nannexes > 1 && x->label == NULL) {
			*why = "several annexes must be numbered";
			return -1;
		}
		if (vb_node_check(x->body, why) != 0)
			return -1;
	}
	return 0;
}
