/*
 * t_doc.c — the document tree: links, the enter/exit iterator, the
 * invariant check, the front-matter splitter, the Markdown builder over a
 * hand-made merge result, and the ND30 finishing rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "doc.h"
#include "diag.h"
#include "dump.h"
#include "front.h"
#include "nd30.h"
#include "tpl.h"
#include "vi.h"

static struct vb_arena A;

static struct vb_node *
mk(enum vb_node_type t, struct vb_node *parent)
{
	struct vb_node *n = vb_node_new(&A, t, NULL);

	if (parent != NULL)
		vb_node_append(parent, n);
	return n;
}

static void
test_links(void)
{
	struct vb_node *r = mk(VB_NODE_ROOT, NULL);
	struct vb_node *a = mk(VB_NODE_PARA, r), *b = mk(VB_NODE_PARA, r);
	struct vb_node *c = vb_node_new(&A, VB_NODE_PARA, NULL);
	const char     *why = NULL;

	OK(r->first == a && r->last == b && a->next == b && b->prev == a,
	    "append links");
	vb_node_insert_after(a, c);
	OK(a->next == c && c->next == b && b->prev == c && c->parent == r,
	    "insert_after in the middle");
	vb_node_unlink(a);
	OK(r->first == c && c->prev == NULL && a->parent == NULL &&
	    a->next == NULL, "unlink the first");
	vb_node_unlink(b);
	OK(r->last == c && c->next == NULL, "unlink the last");
	vb_node_insert_after(c, b);
	OK(r->last == b && b->prev == c, "insert_after the last");
	INT_EQ(vb_node_check(r, &why), 0, "check: %s", why ? why : "");
	vb_node_unlink(c);
	vb_node_unlink(b);
	OK(r->first == NULL && r->last == NULL, "unlink all");
	STR_EQ(vb_node_type_name(VB_NODE_PAGEBREAK), "pagebreak", "type name");
	STR_EQ(vb_node_type_name(VB_NODE__MAX), "?", "type name out of range");
	/* A node made by vb_node_text owns a copy. */
	{
		char buf[] = "abc";
		struct vb_node *p = mk(VB_NODE_PARA, r);
		struct vb_node *t = vb_node_text(&A, p, buf, 2, NULL);

		buf[0] = 'X';
		STR_EQ(t->as.text.s, "ab", "vb_node_text copies");
		INT_EQ(t->as.text.len, 2, "text length");
	}
}

/* Walks root and writes "+type" on ENTER, "-type" on EXIT. */
static void
walk(struct vb_node *root, const struct vb_node *skip, struct vb_buf *out)
{
	struct vb_iter it;
	enum vb_event  ev;

	vb_iter_init(&it, root);
	while ((ev = vb_iter_next(&it)) != VB_EVENT_NONE) {
		vb_buf_printf(out, "%c%s ", ev == VB_EVENT_ENTER ? '+' : '-',
		    vb_node_type_name(it.cur->type));
		if (ev == VB_EVENT_ENTER && it.cur == skip)
			vb_iter_skip(&it);
	}
}

static void
test_iter(void)
{
	struct vb_node *r = mk(VB_NODE_ROOT, NULL), *p, *s, *l, *i;
	struct vb_buf   b = VB_BUF_INIT;
	struct vb_iter  it;

	p = mk(VB_NODE_PARA, r);
	vb_node_text(&A, p, "x", 1, NULL);
	s = mk(VB_NODE_STRONG, p);
	vb_node_text(&A, s, "y", 1, NULL);
	l = mk(VB_NODE_LIST, r);
	i = mk(VB_NODE_ITEM, l);
	vb_node_text(&A, mk(VB_NODE_PARA, i), "z", 1, NULL);
	mk(VB_NODE_PAGEBREAK, r);

	walk(r, NULL, &b);
	STR_EQ(b.data, "+root +para +text -text +strong +text -text -strong "
	    "-para +list +item +para +text -text -para -item -list "
	    "+pagebreak -pagebreak -root ", "enter/exit order, leaves twice");
	vb_buf_reset(&b);
	walk(r, s, &b);
	STR_EQ(b.data, "+root +para +text -text +strong -strong -para +list "
	    "+item +para +text -text -para -item -list +pagebreak -pagebreak "
	    "-root ", "skip jumps to the node's EXIT");
	vb_buf_reset(&b);
	walk(s, NULL, &b);
	STR_EQ(b.data, "+strong +text -text -strong ",
	    "a subtree stops at its own root");
	vb_buf_free(&b);

	vb_iter_init(&it, r);
	while (vb_iter_next(&it) != VB_EVENT_NONE)
		;
	INT_EQ(vb_iter_next(&it), VB_EVENT_NONE, "stays done");
	vb_iter_init(&it, NULL);
	INT_EQ(vb_iter_next(&it), VB_EVENT_NONE, "empty iterator");
}

/* A 2-row header (TT | GIAI ĐOẠN 1 over Chỉ tiêu, Kết quả) + body. */
static struct vb_node *
table(struct vb_node *parent)
{
	struct vb_node *t = mk(VB_NODE_TABLE, parent), *r, *c;
	int             i;

	t->as.table.ncols = 3;
	t->as.table.cols = vb_arena_alloc(&A, 3 * sizeof(*t->as.table.cols));
	t->as.table.nheader = 2;
	r = mk(VB_NODE_ROW, t);
	r->flags |= VB_NODE_HEADER;
	c = mk(VB_NODE_CELL, r);
	c->as.cell.rowspan = 2;
	c = mk(VB_NODE_CELL, r);
	c->as.cell.colspan = 2;
	mk(VB_NODE_CELL, r)->as.cell.covered = 1;
	r = mk(VB_NODE_ROW, t);
	r->flags |= VB_NODE_HEADER;
	mk(VB_NODE_CELL, r)->as.cell.covered = 1;
	mk(VB_NODE_CELL, r);
	mk(VB_NODE_CELL, r);
	r = mk(VB_NODE_ROW, t);
	for (i = 0; i < 3; i++)
		vb_node_text(&A, mk(VB_NODE_CELL, r), "1", 1, NULL);
	r = mk(VB_NODE_ROW, t);
	r->flags |= VB_NODE_TOTAL;
	for (i = 0; i < 3; i++)
		mk(VB_NODE_CELL, r);
	return t;
}

static int
check(struct vb_node *r, const char *want_why)
{
	const char *why = NULL;
	int         rc = vb_node_check(r, &why);

	if (want_why == NULL)
		return rc == 0;
	return rc != 0 && why != NULL && strstr(why, want_why) != NULL;
}

static void
test_check(void)
{
	struct vb_node *r = mk(VB_NODE_ROOT, NULL), *t, *x, *row;

	t = table(r);
	OK(check(r, NULL), "valid table with spans");
	/* Break one thing at a time. */
	row = t->first->next;
	row->first->as.cell.covered = 0;
	OK(check(r, "not marked covered"), "rowspan over an uncovered cell");
	row->first->as.cell.covered = 1;
	t->first->first->next->next->as.cell.covered = 0;
	OK(check(r, "not marked covered"), "colspan over an uncovered cell");
	t->first->first->next->next->as.cell.covered = 1;
	t->first->first->next->as.cell.colspan = 3;
	OK(check(r, "runs out"), "span beyond the last column");
	t->first->first->next->as.cell.colspan = 2;
	OK(check(r, NULL), "restored");
	row = t->last->prev;          /* the body row */
	row->flags |= VB_NODE_HEADER;
	t->as.table.nheader = 3;
	OK(check(r, NULL), "three header rows");
	row->flags &= ~(unsigned)VB_NODE_HEADER;
	t->as.table.nheader = 2;
	t->last->prev->flags |= VB_NODE_TOTAL;
	OK(check(r, "totals row"), "totals row not last");
	t->last->prev->flags &= ~(unsigned)VB_NODE_TOTAL;
	vb_node_unlink(t->last->last);
	OK(check(r, "wrong number of cells"), "short row");
	mk(VB_NODE_CELL, t->last);
	t->last->first->as.cell.covered = 1;
	OK(check(r, "under no span"), "covered cell under nothing");
	t->last->first->as.cell.covered = 0;
	t->as.table.nheader = 1;
	OK(check(r, "nheader"), "nheader disagrees");
	t->as.table.nheader = 2;
	OK(check(r, NULL), "restored again");

	x = mk(VB_NODE_TEXT, r);
	x->as.text.s = "";
	OK(check(r, "cannot hold"), "text directly under the root");
	vb_node_unlink(x);
	x = mk(VB_NODE_LIST, r);
	mk(VB_NODE_PARA, x);
	OK(check(r, "cannot hold"), "paragraph directly in a list");
	vb_node_unlink(x);
	x = mk(VB_NODE_HEADING, r);
	x->as.heading.level = 5;
	OK(check(r, "heading"), "heading level 5");
	x->as.heading.level = 4;
	OK(check(r, NULL), "heading level 4");
	x = mk(VB_NODE_PARA, r);
	vb_node_text(&A, x, "\xC3", 1, NULL);
	OK(check(r, "UTF-8"), "invalid UTF-8 in a text run");
	vb_node_unlink(x);
	x = r->first;
	x->prev = x;                 /* corrupt a link */
	OK(check(r, "previous sibling") || check(r, "broken links"),
	    "broken links found");
	x->prev = NULL;
	OK(check(r, NULL), "repaired");
	OK(!check(t, NULL), "a non-ROOT is not a tree");
}

static void
fill_doc(struct vb_doc *doc)
{
	static const char *sig[] = { "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH" };
	static const char *nn[] = { "- Như trên;", "- Lưu: VT, TG." };
	static const char *cc[] = { "Căn cứ A;", "Căn cứ B." };
	static struct vb_kind kv = { "cong_van", NULL, "Công văn", NULL, 1 };

	memset(doc, 0, sizeof(*doc));
	doc->arena = &A;
	doc->kind = &kv;
	doc->co_quan = "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU";
	doc->so_line = "Số: 1070/LĐLĐ";
	doc->ky_hieu = "LĐLĐ";
	doc->date_line = "Lai Châu, ngày 10 tháng 11 năm 2022";
	doc->trich_yeu = "V/v Đẩy mạnh";
	doc->sig_lines = sig;
	doc->nsig_lines = 2;
	doc->signer = "Hoàng Văn Trinh";
	doc->noi_nhan = nn;
	doc->nnoi_nhan = 2;
	doc->can_cu = cc;
	doc->ncan_cu = 2;
	doc->body = mk(VB_NODE_ROOT, NULL);
}

static void
test_doc_check(void)
{
	struct vb_doc doc;
	const char   *why = NULL;
	static const char *bad_nn[] = { "- Như trên;", "- Tổng Liên đoàn." };
	static const char *bad_cc[] = { "Căn cứ A.", "Căn cứ B." };

	fill_doc(&doc);
	INT_EQ(vb_doc_check(&doc, &why), 0, "complete doc: %s", why ? why : "");
	doc.noi_nhan = bad_nn;
	OK(vb_doc_check(&doc, &why) != 0 && strstr(why, "Lưu"),
	    "last recipient must be Lưu");
	fill_doc(&doc);
	doc.can_cu = bad_cc;
	OK(vb_doc_check(&doc, &why) != 0 && strstr(why, "căn cứ"),
	    "căn cứ punctuation");
	fill_doc(&doc);
	doc.trich_yeu = "Đẩy mạnh";
	OK(vb_doc_check(&doc, &why) != 0, "công văn without V/v");
	fill_doc(&doc);
	doc.title = "KẾ HOẠCH";
	OK(vb_doc_check(&doc, &why) != 0, "công văn with a title");
	fill_doc(&doc);
	doc.signer = NULL;
	OK(vb_doc_check(&doc, &why) != 0, "no signer");
	fill_doc(&doc);
	doc.annexes = vb_arena_alloc(&A, 2 * sizeof(*doc.annexes));
	doc.nannexes = 2;
	doc.annexes[0].title = "A";
	doc.annexes[0].body = mk(VB_NODE_ROOT, NULL);
	doc.annexes[1].title = "B";
	doc.annexes[1].body = mk(VB_NODE_ROOT, NULL);
	OK(vb_doc_check(&doc, &why) != 0 && strstr(why, "numbered"),
	    "two annexes need labels");
	doc.annexes[0].label = "Phụ lục I";
	doc.annexes[1].label = "Phụ lục II";
	INT_EQ(vb_doc_check(&doc, &why), 0, "labelled annexes: %s",
	    why ? why : "");
}

/* ---- front matter -------------------------------------------------------- */

static int
split(const char *text, struct vb_front *fr, char *msg, size_t msgsz)
{
	struct vb_srcset ss;
	struct vb_diag   d;
	struct vb_src   *src;
	FILE            *f = fmemopen(msg, msgsz, "w");
	int              rc;

	memset(msg, 0, msgsz);
	vb_srcset_init(&ss);
	vb_diag_init(&d, &ss, f);
	src = vb_srcset_add(&ss, "t.md", vb_xstrdup(text), strlen(text));
	rc = vb_front_split(src, &d, fr);
	fclose(f);
	vb_srcset_free(&ss);
	return rc;
}

static void
test_front(void)
{
	struct vb_front fr;
	char            msg[2048];

	INT_EQ(split("---\nloai: ke_hoach\n---\nBody\n", &fr, msg, sizeof(msg)),
	    0, "plain front matter");
	INT_EQ(fr.fm_off, 4, "fm starts after the fence");
	INT_EQ(fr.fm_len, 15, "fm length");
	INT_EQ(fr.body_off, 23, "body after the closing fence");
	INT_EQ(fr.body_len, 5, "body length");
	INT_EQ(split("\xEF\xBB\xBF---\r\na: 1\r\n...\r\nB", &fr, msg,
	    sizeof(msg)), 0, "BOM, CRLF and a '...' closing fence");
	INT_EQ(fr.fm_off, 8, "fm after BOM + fence");
	INT_EQ(fr.body_len, 1, "body after CRLF fence");
	INT_EQ(split("---\n---\n", &fr, msg, sizeof(msg)), 0, "empty");
	INT_EQ(fr.fm_len, 0, "empty fm");
	INT_EQ(split("---\na: 1\n---", &fr, msg, sizeof(msg)), 0,
	    "closing fence at end of file");
	INT_EQ(fr.body_len, 0, "no body");

	INT_EQ(split("# Title\n", &fr, msg, sizeof(msg)), -1, "no fm");
	OK(strstr(msg, "t.md:1:1: error: the template must begin") != NULL,
	    "missing fm message: %s", msg);
	INT_EQ(split("---\na: 1\nb: 2\n", &fr, msg, sizeof(msg)), -1,
	    "unclosed");
	OK(strstr(msg, "t.md:1:1: error: front matter is not closed") != NULL,
	    "unclosed message: %s", msg);
	INT_EQ(split("--- x\na: 1\n---\n", &fr, msg, sizeof(msg)), -1,
	    "bad opening");
	OK(strstr(msg, "t.md:1:4: error: malformed front matter") != NULL,
	    "bad opening message: %s", msg);
	INT_EQ(split("----\n---\n", &fr, msg, sizeof(msg)), -1, "four dashes");
	INT_EQ(split("---\na: \xFF\n---\n", &fr, msg, sizeof(msg)), -1,
	    "invalid UTF-8");
	OK(strstr(msg, "t.md:2:4: error: invalid UTF-8") != NULL,
	    "UTF-8 position: %s", msg);
	INT_EQ(split("---\na: \xF3\xB0\x80\x80\n---\n", &fr, msg, sizeof(msg)),
	    -1, "sentinel code point in front matter");
	OK(strstr(msg, "t.md:2:4: error: reserved") != NULL, "reserved: %s",
	    msg);
}

/* ---- builder ------------------------------------------------------------- */

struct built {
	struct vb_srcset ss;
	struct vb_diag   d;
	struct vb_doc    doc;
	struct vb_merged m;
	struct vb_buf    md;
	int              rc;
	char             msg[4096];
};

/*
 * Builds md, where each "@" stands for the next slot: texts[k], or a
 * 1x2 table when texts[k] is NULL.
 */
static void
build(struct built *b, struct vb_vi *vi, const char *md,
    const char *const *texts, size_t ntexts)
{
	struct vb_src *src;
	struct vb_table_out *t;
	size_t         i, k = 0;
	FILE          *f;

	memset(b, 0, sizeof(*b));
	vb_srcset_init(&b->ss);
	f = fmemopen(b->msg, sizeof(b->msg) - 1, "w");
	vb_diag_init(&b->d, &b->ss, f);
	for (i = 0; md[i] != '\0'; i++)
		if (md[i] == '@')
			vb_buf_put_cp(&b->md, vb_tpl_sentinel(k++));
		else
			vb_buf_putc(&b->md, md[i]);
	src = vb_srcset_add(&b->ss, "t.md", vb_xstrndup(b->md.data, b->md.len),
	    b->md.len);
	b->m.md.data = b->md.data;
	b->m.md.len = b->md.len;
	b->m.src = src->id;
	b->m.map = vb_arena_alloc(&A, sizeof(*b->m.map));
	b->m.map[0].md_off = 0;
	b->m.map[0].len = b->md.len;
	b->m.map[0].tpl_off = 0;
	b->m.map[0].slot = -1;
	b->m.nmap = 1;
	b->m.slots = vb_arena_alloc(&A, (ntexts + 1) * sizeof(*b->m.slots));
	b->m.nslots = ntexts;
	for (i = 0; i < ntexts; i++) {
		b->m.slots[i].loc.src = src->id;
		if (texts[i] != NULL) {
			b->m.slots[i].text = texts[i];
			b->m.slots[i].len = strlen(texts[i]);
			continue;
		}
		t = vb_arena_alloc(&A, sizeof(*t));
		t->ncols = 2;
		t->cols = vb_arena_alloc(&A, 2 * sizeof(*t->cols));
		t->nrows = 1;
		t->rows = vb_arena_alloc(&A, sizeof(*t->rows));
		t->rows[0].cells = vb_arena_alloc(&A, 2 * sizeof(struct
		    vb_table_cell));
		t->rows[0].cells[0].text = "a|b";
		t->rows[0].cells[0].len = 3;
		t->rows[0].cells[0].colspan = t->rows[0].cells[0].rowspan = 1;
		t->rows[0].cells[0].data_loc.src = src->id;
		t->rows[0].cells[1].text = "";
		t->rows[0].cells[1].colspan = t->rows[0].cells[1].rowspan = 1;
		t->landscape = 1;
		b->m.slots[i].table = t;
	}
	b->doc.arena = &A;
	b->rc = vb_doc_build(&b->doc, &b->m, vi, &b->d);
	fclose(f);
}

static void
done(struct built *b)
{
	vb_buf_free(&b->md);
	vb_srcset_free(&b->ss);
}

static void
dump_body(struct built *b, struct vb_buf *out)
{
	vb_buf_reset(out);
	vb_dump_node(b->doc.body, 0, out);
}

static void
test_build(struct vb_vi *vi)
{
	struct built  b;
	struct vb_buf out = VB_BUF_INIT;
	const char   *why;
	static const char *inj[] = {
		"*a* # b | c\n- d\n1. e <b> &amp; {{ x }}", "ok"
	};
	static const char *tbl[] = { NULL };

	build(&b, vi, "# I. Mục đích\n\nText *em* and **bold** &amp; &lt;b&gt; "
	    "&nope; &#x1EA0; <b>\nnext line  \nhard\n\n- one\n- two\n\n"
	    "3. three\n4. four\n", NULL, 0);
	INT_EQ(b.rc, 0, "build: %s", b.msg);
	dump_body(&b, &out);
	STR_EQ(out.data,
	    "root\n"
	    "  heading 1 \"I.\"\n"
	    "    text \"Mục đích\"\n"
	    "  para\n"
	    "    text \"Text \"\n"
	    "    emph\n"
	    "      text \"em\"\n"
	    "    text \" and \"\n"
	    "    strong\n"
	    "      text \"bold\"\n"
	    "    text \" & <b> &nope; Ạ <b> next line\"\n"
	    "    break\n"
	    "    text \"hard\"\n"
	    "  list bullet\n"
	    "    item \"-\"\n"
	    "      para\n"
	    "        text \"one\"\n"
	    "    item \"-\"\n"
	    "      para\n"
	    "        text \"two\"\n"
	    "  list ordered start=3\n"
	    "    item \"3.\"\n"
	    "      para\n"
	    "        text \"three\"\n"
	    "    item \"4.\"\n"
	    "      para\n"
	    "        text \"four\"\n", "markdown tree");
	INT_EQ(vb_node_check(b.doc.body, &why), 0, "built tree passes check");
	done(&b);

	/* A value's text is text, whatever it holds. */
	build(&b, vi, "Giá trị: @ và **@**.\n", inj, 2);
	INT_EQ(b.rc, 0, "injection build: %s", b.msg);
	dump_body(&b, &out);
	STR_EQ(out.data,
	    "root\n"
	    "  para\n"
	    "    text \"Giá trị: \"\n"
	    "    text \"*a* # b | c\" [value]\n"
	    "    break\n"
	    "    text \"- d\" [value]\n"
	    "    break\n"
	    "    text \"1. e <b> &amp; {{ x }}\" [value]\n"
	    "    text \" và \"\n"
	    "    strong\n"
	    "      text \"ok\" [value]\n"
	    "    text \".\"\n", "values stay text");
	done(&b);

	/* Directives: page break and annexes. */
	build(&b, vi, "Body.\n\n\\newpage\n\n\\phuluc ngang\nBiểu tổng hợp\n"
	    "Các đơn vị\nđến nay\n\nA.\n\n\\phuluc\nDanh sách\n\nB.\n",
	    NULL, 0);
	INT_EQ(b.rc, 0, "directives: %s", b.msg);
	INT_EQ(b.doc.nannexes, 2, "two annexes");
	dump_body(&b, &out);
	STR_EQ(out.data, "root\n  para\n    text \"Body.\"\n  pagebreak\n",
	    "page break");
	if (b.doc.nannexes == 2) {
		STR_EQ(b.doc.annexes[0].title, "Biểu tổng hợp", "annex title");
		STR_EQ(b.doc.annexes[0].subtitle, "Các đơn vị đến nay",
		    "annex subtitle");
		INT_EQ(b.doc.annexes[0].landscape, 1, "ngang");
		INT_EQ(b.doc.annexes[1].landscape, 0, "portrait");
		OK(b.doc.annexes[1].subtitle == NULL, "no subtitle");
		OK(b.doc.annexes[1].body->first != NULL &&
		    b.doc.annexes[1].body->first->first != NULL &&
		    strcmp(b.doc.annexes[1].body->first->first->as.text.s,
		    "B.") == 0, "annex body");
	}
	done(&b);

	/* A table slot splits its paragraph; landscape goes to the annex. */
	build(&b, vi, "\\phuluc\nT\n\nBefore\n@\nafter\n", tbl, 1);
	INT_EQ(b.rc, 0, "table: %s", b.msg);
	if (b.doc.nannexes == 1) {
		vb_buf_reset(&out);
		vb_dump_node(b.doc.annexes[0].body, 0, &out);
		STR_EQ(out.data,
		    "root\n"
		    "  para\n"
		    "    text \"Before\"\n"
		    "  table cols=2 header=0 [gen landscape]\n"
		    "    col 1 width=0 align=default\n"
		    "    col 2 width=0 align=default\n"
		    "    row\n"
		    "      cell\n"
		    "        text \"a|b\" [value]\n"
		    "      cell\n"
		    "  para\n"
		    "    text \"after\"\n", "table splits the paragraph");
		INT_EQ(b.doc.annexes[0].landscape, 1,
		    "landscape table → annex");
	}
	done(&b);

	/* md4c 0.4.8 reports one leave_span too many here: the tree must
	 * stay well formed and keep all the text. */
	build(&b, vi, "*a **b *c **d**** [](_x)_~*\n\n- *a **b *c **d**** "
	    "[](_x)_~*\n- next\n", NULL, 0);
	INT_EQ(b.rc, 0, "mis-nested spans: %s", b.msg);
	OK(vb_node_check(b.doc.body, &why) == 0, "mis-nested spans: tree "
	    "check");
	dump_body(&b, &out);
	STR_EQ(out.data,
	    "root\n"
	    "  para\n"
	    "    text \"*a \"\n"
	    "    emph\n"
	    "      emph\n"
	    "        text \"b \"\n"
	    "        emph\n"
	    "          text \"c \"\n"
	    "          strong\n"
	    "            text \"d\"\n"
	    "      text \" \"\n"
	    "    text \"~\"\n"
	    "  list bullet\n"
	    "    item \"-\"\n"
	    "      para\n"
	    "        text \"*a \"\n"
	    "        emph\n"
	    "          emph\n"
	    "            text \"b \"\n"
	    "            emph\n"
	    "              text \"c \"\n"
	    "              strong\n"
	    "                text \"d\"\n"
	    "          text \" \"\n"
	    "        text \"~\"\n"
	    "    item \"-\"\n"
	    "      para\n"
	    "        text \"next\"\n", "mis-nested spans: content");
	done(&b);

	/* Errors, each with a location. */
	build(&b, vi, "> quoted\n", NULL, 0);
	OK(b.rc != 0 && strstr(b.msg, "t.md:1:3: error: not allowed") &&
	    strstr(b.msg, "block quote"), "block quote: %s", b.msg);
	done(&b);
	build(&b, vi, "Text\n\n***\n", NULL, 0);
	OK(b.rc != 0 && strstr(b.msg, "t.md:3:1: error: not allowed") &&
	    strstr(b.msg, "thematic break"), "thematic break: %s", b.msg);
	done(&b);
	build(&b, vi, "##### Deep\n", NULL, 0);
	OK(b.rc != 0 && strstr(b.msg, "t.md:1:7: error: heading too deep"),
	    "deep heading: %s", b.msg);
	done(&b);
	build(&b, vi, "```\ncode\n```\n", NULL, 0);
	OK(b.rc != 0 && strstr(b.msg, "code block"), "code block: %s", b.msg);
	done(&b);
	build(&b, vi, "\\pagebrake\n", NULL, 0);
	OK(b.rc != 0 && strstr(b.msg, "t.md:1:1: error: unknown directive"),
	    "unknown directive: %s", b.msg);
	done(&b);
	build(&b, vi, "# **@**\n", tbl, 1);
	OK(b.rc != 0 && strstr(b.msg, "a table must stand"),
	    "table in a heading: %s", b.msg);
	done(&b);
	build(&b, vi, "x @ y\n", NULL, 0);
	OK(b.rc != 0 && strstr(b.msg, "t.md:1:3: error: value marker"),
	    "sentinel without slot: %s", b.msg);
	done(&b);
	build(&b, vi, "![img](x.png)\n", NULL, 0);
	OK(b.rc != 0 && strstr(b.msg, "an image"), "image: %s", b.msg);
	done(&b);
	vb_buf_free(&out);
}

/* ---- ND30 finishing ------------------------------------------------------ */

/* A tight list item that opens with a code span or a link: the text
 * after the list is a paragraph of the root, not of the list (fuzz_md
 * found the list left open). */
static void
test_span_first(struct vb_vi *vi)
{
	struct built  b;
	struct vb_buf out = VB_BUF_INIT;
	const char   *why;

	build(&b, vi, "- `mã` và chữ\n- [liên kết](x) nữa\n\nSau danh sách.\n",
	    NULL, 0);
	INT_EQ(b.rc, 0, "builds: %s", b.msg);
	OK(b.doc.body != NULL && b.doc.body->last != NULL &&
	    b.doc.body->last->type == VB_NODE_PARA,
	    "the last paragraph belongs to the root");
	OK(vb_node_check(b.doc.body, &why) == 0, "the tree checks");
	dump_body(&b, &out);
	OK(strstr(out.data, "mã") != NULL, "the code span's text stays: %s",
	    out.data);
	vb_buf_free(&out);
	done(&b);
}

static void
test_finish(struct vb_vi *vi)
{
	struct built   b;
	struct vb_nd30 st;
	struct vb_buf  out = VB_BUF_INIT;
	static const char *sig[] = { "CHỦ TỊCH" };
	static const char *nn[] = { "- Lưu: VT." };
	static struct vb_kind kh = { "ke_hoach", "KẾ HOẠCH", "Kế hoạch", "KH",
		0 };

	build(&b, vi, "# Mục đích\n\n## Nội dung\n\n### Chi tiết\n\n"
	    "#### Điểm\n\n#### Điểm hai\n\n## 3. Có số\n\n## Sau\n\n"
	    "# II. Hai\n\n- cuối cùng.\n\n\\phuluc\nDanh sách\n\nDòng.\n",
	    NULL, 0);
	INT_EQ(b.rc, 0, "build for finish: %s", b.msg);
	b.doc.kind = &kh;
	b.doc.title = "KẾ HOẠCH";
	b.doc.co_quan = "X";
	b.doc.ky_hieu = "KH-X";
	b.doc.so_line = "Số: 01/KH-X";
	b.doc.date_line = "Y, ngày 01 tháng 01 năm 2024";
	b.doc.sig_lines = sig;
	b.doc.nsig_lines = 1;
	b.doc.signer = "Z";
	b.doc.noi_nhan = nn;
	b.doc.nnoi_nhan = 1;
	memset(&st, 0, sizeof(st));
	st.number_headings = 1;
	st.kem_theo = "(Kèm theo …)";
	INT_EQ(vb_nd30_finish(&b.doc, &st, vi, &b.d), 0, "finish");
	vb_dump_node(b.doc.body, 0, &out);
	STR_EQ(out.data,
	    "root\n"
	    "  heading 1 \"I.\" [autolabel]\n"
	    "    text \"MỤC ĐÍCH\"\n"
	    "  heading 2 \"1.\" [autolabel]\n"
	    "    text \"Nội dung\"\n"
	    "  heading 3 \"1.1.\" [autolabel]\n"
	    "    text \"Chi tiết\"\n"
	    "  heading 4 \"a)\" [autolabel]\n"
	    "    text \"Điểm\"\n"
	    "  heading 4 \"b)\" [autolabel]\n"
	    "    text \"Điểm hai\"\n"
	    "  heading 2 \"3.\"\n"
	    "    text \"Có số\"\n"
	    "  heading 2 \"4.\" [autolabel]\n"
	    "    text \"Sau\"\n"
	    "  heading 1 \"II.\"\n"
	    "    text \"HAI\"\n"
	    "  list bullet\n"
	    "    item \"-\"\n"
	    "      para\n"
	    "        text \"cuối cùng\"\n"
	    "        text \"./.\" [gen]\n", "numbering, upper case, end mark");
	STR_EQ(b.doc.annexes[0].title, "DANH SÁCH", "annex title upper");
	OK(b.doc.annexes[0].label == NULL, "one annex: no label");
	STR_EQ(b.doc.annexes[0].kem_theo, "(Kèm theo …)", "kem theo");
	vb_buf_reset(&out);
	vb_dump_node(b.doc.annexes[0].body, 0, &out);
	STR_EQ(out.data, "root\n  para\n    text \"Dòng\"\n"
	    "    text \"./.\" [gen]\n", "annex end mark");
	/* Already marked: nothing added. */
	INT_EQ(vb_nd30_finish(&b.doc, &st, vi, &b.d), 0, "finish twice");
	vb_buf_reset(&out);
	vb_dump_node(b.doc.annexes[0].body, 0, &out);
	STR_EQ(out.data, "root\n  para\n    text \"Dòng\"\n"
	    "    text \"./.\" [gen]\n", "end mark once");
	done(&b);
	vb_buf_free(&out);
}

static void
test_kinds(void)
{
	const struct vb_kind *k;
	size_t                n, i;

	k = vb_nd30_kinds(&n);
	INT_EQ(n, 28, "ND30 kinds + công văn");
	for (i = 0; i < n; i++)
		OK(k[i].cong_van ? k[i].abbr == NULL && k[i].title == NULL :
		    k[i].abbr != NULL && k[i].title != NULL, "kind %s",
		    k[i].key);
	STR_EQ(vb_nd30_kind("ke_hoach")->abbr, "KH", "KH");
	STR_EQ(vb_nd30_kind("quy_dinh")->abbr, "QyĐ", "QyĐ");
	STR_EQ(vb_nd30_kind("to_trinh")->title, "TỜ TRÌNH", "TỜ TRÌNH");
	OK(vb_nd30_kind("ke_hoachh") == NULL, "unknown kind");
	INT_EQ(vb_nd30_distance("ke_hoach", "ke_hoac"), 1, "distance");
	INT_EQ(vb_nd30_distance("", "abc"), 3, "distance to empty");
}

int
main(void)
{
	struct vb_diag d;
	struct vb_vi  *vi;

	vb_arena_init(&A);
	vb_diag_init(&d, NULL, stderr);
	vi = vi_open(&d);
	test_links();
	test_iter();
	test_check();
	test_doc_check();
	test_front();
	test_kinds();
	OK(vi != NULL, "vi_open");
	if (vi != NULL) {
		test_build(vi);
		test_span_first(vi);
		test_finish(vi);
		vi_close(vi);
	}
	vb_arena_free(&A);
	return unit_done("t_doc");
}
