/*
 * fuzz_md.c — libFuzzer harness for the Markdown → document tree glue
 * (doc_build.c, over md4c) and the ND30 finishing pass (nd30.c), with
 * the tree check and the dump (doc.c, dump.c) on every result.
 *
 * The first byte selects the options, the rest is the expanded Markdown:
 *   bits 0–2  number of value slots (0–7); bytes 0x01–0x07 in the text
 *             become the sentinel of slot byte−1 (a slot that does not
 *             exist must be reported, not crash)
 *   bit 3     slot 0 is a declared table (2 columns, spans) instead
 *   bit 4     put the template text in NFC and upper-case through ICU
 * Diagnostics are counted, not printed. Besides the sanitizers, these
 * hold or the harness aborts:
 *   - a failed build reported an error;
 *   - a successful build gives trees that pass vb_node_check, in which
 *     no text run holds a sentinel code point (a value never leaks
 *     markup and a sentinel never survives);
 *   - annex titles hold no sentinel either;
 *   - vb_nd30_finish then succeeds (vb_doc_check passes) and the whole
 *     document dumps.
 *
 * Build (from the top of the repository):
 *   mkdir -p build-fuzz && clang -g -O1 \
 *       -fsanitize=fuzzer,address,undefined -Isrc -std=c11 \
 *       -D_POSIX_C_SOURCE=200809L tests/fuzz/fuzz_md.c \
 *       $(ls src/[a-z]*.c | grep -v src/main.c) \
 *       $(pkg-config --cflags --libs icu-uc icu-i18n libxml-2.0 libzip \
 *       yaml-0.1 sqlite3 md4c) -lhpdf -lm -o build-fuzz/fuzz_md
 *   build-fuzz/fuzz_md -max_total_time=180 CORPUS tests/fuzz/corpus/md
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "dump.h"
#include "nd30.h"
#include "tpl.h"
#include "vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Value texts that look like every kind of markup. */
static const char *const texts[] = {
	"**bold** # heading",
	"\n- item\n1. item\n> quote",
	"<b>x</b> &amp; &#983040; `code`",
	"{{ x }} {% if %} \\newpage",
	"",
	"Ạ ư \xF0\x9F\x98\x80",
	"line\r\nline\t| a | b |\x01",
};

static struct vb_vi *vi;
static struct vb_diag vid;

static void
no_sentinel(const char *s, size_t n)
{
	size_t   i, k;
	uint32_t cp;

	for (i = 0; i < n; i += k) {
		if ((k = vb_utf8_decode(s + i, n - i, &cp)) == 0)
			abort();
		if (cp >= 0xF0000)
			abort();
	}
}

static void
check_tree(struct vb_node *root)
{
	struct vb_iter it;
	const char    *why;

	if (vb_node_check(root, &why) != 0) {
		struct vb_buf b = VB_BUF_INIT;

		vb_dump_node(root, 0, &b);
		fprintf(stderr, "tree check: %s\n%s", why, b.data);
		vb_buf_free(&b);
		abort();
	}
	vb_iter_init(&it, root);
	while (vb_iter_next(&it) != VB_EVENT_NONE)
		if (it.ev == VB_EVENT_ENTER && it.cur->type == VB_NODE_TEXT)
			no_sentinel(it.cur->as.text.s, it.cur->as.text.len);
}

static struct vb_table_out *
table(struct vb_arena *a)
{
	struct vb_table_out *t = vb_arena_alloc(a, sizeof(*t));
	struct vb_table_cell *c;

	t->ncols = 2;
	t->cols = vb_arena_alloc(a, 2 * sizeof(*t->cols));
	t->nrows = 2;
	t->nheader = 1;
	t->has_total = 1;
	t->landscape = 1;
	t->rows = vb_arena_alloc(a, 2 * sizeof(*t->rows));
	c = t->rows[0].cells = vb_arena_alloc(a, 2 * sizeof(*c));
	t->rows[0].flags = VB_TROW_HEADER;
	c[0].text = "GIAI ĐOẠN";
	c[0].len = strlen(c[0].text);
	c[0].colspan = 2;
	c[0].rowspan = 1;
	c[1].text = "";
	c[1].colspan = c[1].rowspan = 1;
	c[1].covered = 1;
	c = t->rows[1].cells = vb_arena_alloc(a, 2 * sizeof(*c));
	t->rows[1].flags = VB_TROW_TOTAL;
	c[0].text = "*1*\n2";
	c[0].len = strlen(c[0].text);
	c[0].colspan = c[0].rowspan = 1;
	c[0].data_loc.src = 1;
	c[1].text = "";
	c[1].colspan = c[1].rowspan = 1;
	return t;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vb_srcset ss;
	struct vb_diag   d;
	struct vb_arena  a;
	struct vb_buf    md = VB_BUF_INIT, dump = VB_BUF_INIT;
	struct vb_merged m;
	struct vb_doc    doc;
	struct vb_nd30   st;
	struct vb_src   *src;
	size_t           i, nslots;
	unsigned         opt;
	static const char *sig[] = { "CHỦ TỊCH" };
	static const char *nn[] = { "- Lưu: VT." };

	if (size < 1)
		return 0;
	if (vi == NULL) {
		vb_diag_init(&vid, NULL, NULL);
		vid.quiet = 1;
		if ((vi = vi_open(&vid)) == NULL)
			abort();
	}
	opt = data[0];
	nslots = opt & 7;
	for (i = 1; i < size; i++)
		if (data[i] >= 1 && data[i] <= 7)
			vb_buf_put_cp(&md, vb_tpl_sentinel(data[i] - 1u));
		else
			vb_buf_putc(&md, data[i]);
	if (md.data == NULL)
		vb_buf_puts(&md, "");

	vb_srcset_init(&ss);
	vb_diag_init(&d, &ss, NULL);
	d.quiet = 1;
	vb_arena_init(&a);
	src = vb_srcset_add(&ss, "fuzz.md", vb_xstrndup(md.data, md.len),
	    md.len);
	memset(&m, 0, sizeof(m));
	m.md.data = md.data;
	m.md.len = md.len;
	m.src = src->id;
	m.map = vb_arena_alloc(&a, sizeof(*m.map));
	m.map[0].len = md.len;
	m.map[0].slot = -1;
	m.nmap = 1;
	m.slots = vb_arena_alloc(&a, (nslots + 1) * sizeof(*m.slots));
	m.nslots = nslots;
	for (i = 0; i < nslots; i++) {
		m.slots[i].loc.src = src->id;
		m.slots[i].text = texts[i];
		m.slots[i].len = strlen(texts[i]);
	}
	if ((opt & 8) && nslots > 0)
		m.slots[0].table = table(&a);

	memset(&doc, 0, sizeof(doc));
	doc.arena = &a;
	if (vb_doc_build(&doc, &m, (opt & 16) ? vi : NULL, &d) != 0) {
		if (d.nerrors == 0)
			abort();
		goto out;
	}
	check_tree(doc.body);
	for (i = 0; i < doc.nannexes; i++)
		check_tree(doc.annexes[i].body);

	/* The ND30 pass on a minimal, valid header. */
	doc.kind = vb_nd30_kind("ke_hoach");
	doc.title = doc.kind->title;
	doc.co_quan = "X";
	doc.ky_hieu = "KH-X";
	doc.so_line = "Số: 01/KH-X";
	doc.date_line = "Y, ngày 01 tháng 01 năm 2024";
	doc.sig_lines = sig;
	doc.nsig_lines = 1;
	doc.signer = "Z";
	doc.noi_nhan = nn;
	doc.nnoi_nhan = 1;
	memset(&st, 0, sizeof(st));
	st.number_headings = 1;
	st.kem_theo = "(Kèm theo)";
	if (vb_nd30_finish(&doc, &st, vi, &d) != 0)
		abort();
	for (i = 0; i < doc.nannexes; i++) {
		no_sentinel(doc.annexes[i].title, strlen(doc.annexes[i].title));
		if (doc.annexes[i].subtitle != NULL)
			no_sentinel(doc.annexes[i].subtitle,
			    strlen(doc.annexes[i].subtitle));
	}
	vb_dump_doc(&doc, &dump);
	if (dump.data == NULL)
		abort();
out:
	vb_buf_free(&dump);
	vb_buf_free(&md);
	vb_arena_free(&a);
	vb_srcset_free(&ss);
	return 0;
}
