/* t_core.c — arena, buffer, UTF-8 and source-location basics. */
#include <stdlib.h>

#include "vb.h"
#include "unit.h"

static void
test_utf8(void)
{
	uint32_t cp = 0;

	INT_EQ(vb_utf8_decode("\xC4\x91", 2, &cp), 2, "đ is 2 bytes");
	INT_EQ(cp, 0x111, "đ is U+0111");
	INT_EQ(vb_utf8_decode("\xE1\xBB\x87", 3, &cp), 3, "ệ is 3 bytes");
	INT_EQ(cp, 0x1EC7, "ệ is U+1EC7");
	INT_EQ(vb_utf8_decode("\xC0\x80", 2, &cp), 0, "overlong NUL rejected");
	INT_EQ(vb_utf8_decode("\xED\xA0\x80", 3, &cp), 0, "surrogate rejected");
	INT_EQ(vb_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0, "> U+10FFFF");
	INT_EQ(vb_utf8_decode("\xE1\xBB", 2, &cp), 0, "truncated");
	INT_EQ(vb_utf8_check("Lai Ch\xC3\xA2u", 8), 8, "valid text");
	INT_EQ(vb_utf8_check("ab\xFF" "cd", 5), 2, "offset of bad byte");
	INT_EQ(vb_utf8_count("Vi\xE1\xBB\x87t", 6), 4, "count code points");
}

static void
test_buf(void)
{
	struct vb_buf b = VB_BUF_INIT;
	char         *p;
	size_t        n;

	vb_buf_puts(&b, "Số: ");
	vb_buf_printf(&b, "%d/%s", 471, "KH-LĐLĐ");
	STR_EQ(b.data, "Số: 471/KH-LĐLĐ", "printf appends");
	vb_buf_reset(&b);
	vb_buf_put_cp(&b, 0x110);
	vb_buf_put_cp(&b, 0x1EA0);
	vb_buf_put_cp(&b, 0xF0000);
	vb_buf_put_cp(&b, 'a');
	STR_EQ(b.data, "\xC4\x90\xE1\xBA\xA0\xF3\xB0\x80\x80" "a", "put_cp");
	p = vb_buf_detach(&b, &n);
	INT_EQ(n, 10, "detach length");
	OK(b.data == NULL && b.len == 0, "detach empties the buffer");
	free(p);
	p = vb_buf_detach(&b, &n);
	STR_EQ(p, "", "detach of an empty buffer gives \"\"");
	free(p);
}

static void
test_arena(void)
{
	struct vb_arena a;
	char           *s, *big;
	int             i, ok = 1;

	vb_arena_init(&a);
	s = vb_arena_strndup(&a, "Lai Châu, ngày", 8);
	STR_EQ(s, "Lai Châ", "strndup cuts at bytes");
	for (i = 0; i < 10000; i++) {
		long *p = vb_arena_alloc(&a, sizeof(long));

		if (*p != 0 || ((uintptr_t)p % sizeof(long)) != 0)
			ok = 0;
		*p = i;
	}
	OK(ok, "allocations are zeroed and aligned");
	big = vb_arena_alloc(&a, 1 << 20);
	big[(1 << 20) - 1] = 'x';
	STR_EQ(vb_arena_printf(&a, "%02d/%s", 5, "LĐLĐ"), "05/LĐLĐ", "printf");
	STR_EQ(s, "Lai Châ", "earlier strings survive a big chunk");
	vb_arena_free(&a);
}

static void
test_src(void)
{
	struct vb_srcset ss;
	struct vb_src   *s;
	unsigned         line, col;
	size_t           start, len;

	vb_srcset_init(&ss);
	s = vb_srcset_add(&ss, "kh.md", vb_xstrdup("a: 1\r\nđồng: {{ x }}\nz"),
	    strlen("a: 1\r\nđồng: {{ x }}\nz"));
	INT_EQ(s->id, 1, "first source is id 1");
	OK(vb_srcset_get(&ss, 0) == NULL, "id 0 is no source");
	vb_src_linecol(s, 0, &line, &col);
	INT_EQ(line, 1, "line of offset 0");
	INT_EQ(col, 1, "col of offset 0");
	/* "{{" on line 2 follows "đồng: " (6 code points, 9 bytes). */
	vb_src_linecol(s, 6 + 9, &line, &col);
	INT_EQ(line, 2, "line 2");
	INT_EQ(col, 7, "column counts code points");
	INT_EQ(vb_src_offset(s, 2, 7), 15, "offset from line:col");
	vb_src_line(s, 2, &start, &len);
	INT_EQ(len, 4, "line excludes CR LF");
	vb_src_linecol(s, s->len, &line, &col);
	INT_EQ(line, 3, "end of file is on the last line");
	vb_srcset_free(&ss);
}

int
main(void)
{
	test_utf8();
	test_buf();
	test_arena();
	test_src();
	return unit_done("t_core");
}
