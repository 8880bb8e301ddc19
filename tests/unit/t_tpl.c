/*
 * t_tpl.c — unit tests of the template language's API: sentinels, the
 * merged result and its source map, limits that need more data than a
 * spec file can hold (table rows, slots), parsing part of a source,
 * and the helpers behind "did you mean".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "diag.h"
#include "tpl_int.h"
#include "value.h"
#include "vi.h"

struct env {
	struct vb_srcset  ss;
	struct vb_diag    d;
	struct vb_arena   a;
	struct vb_vi     *vi;
	struct vb_src    *src;
	char             *err;     /* diagnostics text */
	size_t            errlen;
	FILE             *errf;
};

static void
env_open(struct env *e, const char *tpl)
{
	memset(e, 0, sizeof(*e));
	vb_srcset_init(&e->ss);
	vb_arena_init(&e->a);
	e->errf = open_memstream(&e->err, &e->errlen);
	vb_diag_init(&e->d, &e->ss, e->errf);
	e->vi = vi_open(&e->d);
	e->src = vb_srcset_add(&e->ss, "t.md", vb_xstrdup(tpl), strlen(tpl));
}

/* The diagnostics so far, as text. */
static const char *
env_err(struct env *e)
{
	fflush(e->errf);
	return e->err != NULL ? e->err : "";
}

static void
env_close(struct env *e)
{
	vi_close(e->vi);
	fclose(e->errf);
	free(e->err);
	vb_arena_free(&e->a);
	vb_srcset_free(&e->ss);
}

/* Parses and evaluates e->src; returns the result of both. */
static int
run(struct env *e, const struct vb_value *data, struct vb_merged *m)
{
	struct vb_tpl *t;

	memset(m, 0, sizeof(*m));
	if (vb_tpl_parse(e->src, 0, e->src->len, &e->a, &e->d, &t) == -1)
		return -1;
	return vb_tpl_eval(t, data, e->vi, &e->a, &e->d, m);
}

/* A list of n maps {so: i}, bound as "ds" in a root map. */
static struct vb_value *
rows(struct vb_arena *a, size_t n)
{
	struct vb_value *root = vb_value_map(a, NULL);
	struct vb_value *l = vb_value_list(a, NULL), *r;
	size_t           i;

	for (i = 0; i < n; i++) {
		r = vb_value_map(a, NULL);
		vb_map_set(a, r, "so", vb_value_num(a, (double)i, NULL, NULL));
		vb_list_push(a, l, r);
	}
	vb_map_set(a, root, "ds", l);
	return root;
}

static void
test_sentinels(void)
{
	struct vb_buf b = VB_BUF_INIT;
	uint32_t      cp;

	INT_EQ(vb_tpl_sentinel(0), 0xF0000, "slot 0");
	INT_EQ(vb_tpl_sentinel(65533), 0xFFFFD, "last slot of plane 15");
	INT_EQ(vb_tpl_sentinel(65534), 0x100000, "plane 16 continues");
	INT_EQ(vb_tpl_sentinel(VB_TPL_MAX_SLOTS - 1), 0x10FFFD, "last slot");
	INT_EQ(vb_tpl_slot_index(0xF0000), 0, "index of U+F0000");
	INT_EQ(vb_tpl_slot_index(0x100000), 65534, "index of U+100000");
	INT_EQ(vb_tpl_slot_index(0x10FFFD), VB_TPL_MAX_SLOTS - 1, "last");
	INT_EQ(vb_tpl_slot_index(0xFFFFE), -1, "U+FFFFE is no slot");
	INT_EQ(vb_tpl_slot_index(0x10FFFF), -1, "U+10FFFF is no slot");
	INT_EQ(vb_tpl_slot_index('a'), -1, "a letter is no slot");
	INT_EQ(vb_tpl_slot_index(0xE000), -1, "BMP private use is no slot");
	OK(vb_tpl_is_reserved(0xFFFFF) && vb_tpl_is_reserved(0x10FFFF) &&
	    !vb_tpl_is_reserved(0xEFFFF), "reserved planes");
	vb_buf_put_cp(&b, vb_tpl_sentinel(3));
	INT_EQ(b.len, 4, "a sentinel is 4 bytes of UTF-8");
	INT_EQ(vb_utf8_decode(b.data, b.len, &cp), 4, "and decodes");
	INT_EQ(vb_tpl_slot_index(cp), 3, "back to its slot");
	vb_buf_free(&b);
}

static void
test_merged(void)
{
	struct env        e;
	struct vb_merged  m;
	struct vb_value  *data;
	struct vb_loc     l;
	size_t            i;

	env_open(&e, "A {{ x }}\n```table\nnguon: ds\ncot:\n"
	    "  - tieu_de: So\n    gia_tri: so\n```\nB");
	data = rows(&e.a, 2);
	vb_map_set(&e.a, data, "x", vb_value_str(&e.a, "*", 1, NULL));
	INT_EQ(run(&e, data, &m), 0, "runs: %s", env_err(&e));
	INT_EQ(m.nslots, 2, "one inline slot and one table");
	OK(m.slots[0].table == NULL && m.slots[1].table != NULL, "kinds");
	STR_EQ(m.slots[0].text, "*", "inline text");
	INT_EQ(m.md.cap, 0, "md lives in the arena");
	INT_EQ(m.md.data[m.md.len], '\0', "md is NUL-terminated");
	INT_EQ(m.src, e.src->id, "the template's source id");
	/* "A ", sentinel, "\n", "\n", sentinel, "\n\n", "B" */
	INT_EQ(m.md.len, 2 + 4 + 1 + 1 + 4 + 2 + 1, "md length");
	OK(memcmp(m.md.data, "A \xF3\xB0\x80\x80\n\n\xF3\xB0\x80\x81\n\nB",
	    m.md.len) == 0, "md bytes");
	INT_EQ(vb_merged_loc(&m, 0, &l), 0, "offset 0 maps");
	INT_EQ(l.off, 0, "to the template's first byte");
	INT_EQ(vb_merged_loc(&m, 3, &l), 0, "inside a sentinel maps");
	INT_EQ(l.off, 2, "to its {{");
	INT_EQ(l.len, 7, "covering the whole {{ x }}");
	INT_EQ(vb_merged_loc(&m, 6, &l), 0, "the newline after it");
	INT_EQ(l.off, 9, "is the template's newline");
	INT_EQ(vb_merged_loc(&m, 7, &l), -1, "the blank line the evaluator "
	    "added before the table maps nowhere");
	INT_EQ(vb_merged_loc(&m, 8, &l), 0, "the table's sentinel");
	INT_EQ(l.off, 10, "maps to the fence");
	INT_EQ(vb_merged_loc(&m, m.md.len - 1, &l), 0, "the last byte");
	INT_EQ(l.off, e.src->len - 1, "is the template's last byte");
	INT_EQ(vb_merged_loc(&m, m.md.len, &l), -1, "past the end");
	for (i = 1; i < m.nmap; i++)
		OK(m.map[i].md_off >= m.map[i - 1].md_off + m.map[i - 1].len,
		    "map sorted (%zu)", i);
	INT_EQ(m.slots[1].table->nrows, 3, "header and two rows");
	env_close(&e);
}

static void
test_part_of_source(void)
{
	struct env     e;
	struct vb_tpl *t;
	const char    *fm = "---\ntieu_de: x\n---\n";

	/* The body after front matter: lines count from the file's start. */
	env_open(&e, "---\ntieu_de: x\n---\nMột {{ a b }}\n");
	INT_EQ(vb_tpl_parse(e.src, strlen(fm), e.src->len - strlen(fm), &e.a,
	    &e.d, &t), -1, "error in the body");
	OK(strstr(env_err(&e), "t.md:4:10:") != NULL, "at the file's line "
	    "4: %s", env_err(&e));
	INT_EQ(e.d.nerrors, 1, "one error");
	INT_EQ(vb_tpl_parse(e.src, 0, e.src->len + 1, &e.a, &e.d, &t), -1,
	    "a range past the end is refused");
	env_close(&e);
}

static void
test_many_errors(void)
{
	struct env       e;
	struct vb_merged m;

	env_open(&e, "{{ a | hoaa }}\n{% endif %}\n{% for %}{% endfor %}\n"
	    "{{ (1 }}\n");
	INT_EQ(run(&e, NULL, &m), -1, "fails");
	INT_EQ(e.d.nerrors, 4, "four errors in one run: %s", env_err(&e));
	env_close(&e);
}

static void
test_render_string(void)
{
	struct env       e;
	struct vb_value *data, *v;
	const char      *s;

	env_open(&e, "Năm {{ nam }}: {{ ds | dem_so }} đơn vị");
	data = rows(&e.a, 3);
	vb_map_set(&e.a, data, "nam", vb_value_num(&e.a, 2023, "2023", NULL));
	INT_EQ(vb_tpl_render_string(e.src, 0, e.src->len, data, e.vi, &e.a,
	    &e.d, &s), 0, "renders");
	STR_EQ(s, "Năm 2023: 3 đơn vị", "plain text, no sentinels");
	INT_EQ(vb_tpl_eval_expr(e.src, (size_t)(strstr(e.src->data, "ds |") -
	    e.src->data), strlen("ds | dem_so"), data, e.vi, &e.a, &e.d, &v), 0,
	    "one expression from the middle");
	INT_EQ(v->type, VB_NUM, "a number");
	INT_EQ((long)v->u.num.v, 3, "the count");
	env_close(&e);

	env_open(&e, "x\n```table\nnguon: ds\ncot:\n  - tieu_de: a\n"
	    "    gia_tri: so\n```\n");
	INT_EQ(vb_tpl_render_string(e.src, 0, e.src->len, NULL, e.vi, &e.a,
	    &e.d, &s), -1, "no tables in strings");
	OK(s == NULL, "no result");
	OK(strstr(env_err(&e), "a table cannot be declared here") != NULL,
	    "says why: %s", env_err(&e));
	env_close(&e);
}

static void
test_limits(void)
{
	struct env       e;
	struct vb_merged m;
	struct vb_value *data;

	/* Table rows: TPL_MAX_ROWS + 1 is refused. */
	env_open(&e, "```table\nnguon: ds\ncot:\n  - tieu_de: a\n"
	    "    gia_tri: so\n```\n");
	data = rows(&e.a, TPL_MAX_ROWS + 1);
	INT_EQ(run(&e, data, &m), -1, "too many rows");
	OK(strstr(env_err(&e), "more than 100000 rows in one table") != NULL,
	    "says so: %s", env_err(&e));
	env_close(&e);

	/* Exactly TPL_MAX_ROWS is fine. */
	env_open(&e, "```table\nnguon: ds\ncot:\n  - tieu_de: a\n"
	    "    gia_tri: so\n    tong: cong\n```\n");
	data = rows(&e.a, TPL_MAX_ROWS);
	INT_EQ(run(&e, data, &m), 0, "the most rows: %s", env_err(&e));
	INT_EQ(m.slots[0].table->nrows, TPL_MAX_ROWS + 2, "all of them");
	STR_EQ(m.slots[0].table->rows[TPL_MAX_ROWS + 1].cells[0].text,
	    "Tổng cộng", "and the totals row");
	env_close(&e);

	/* Slots: plane 16 is used after 65534, and the end is an error. */
	env_open(&e, "{% for x in ds %}{{ 1 }}{% endfor %}");
	data = rows(&e.a, VB_TPL_PLANE_SLOTS + 2);
	INT_EQ(run(&e, data, &m), 0, "65536 slots: %s", env_err(&e));
	INT_EQ(m.nslots, VB_TPL_PLANE_SLOTS + 2, "all made");
	OK(memcmp(m.md.data + 4 * VB_TPL_PLANE_SLOTS, "\xF4\x80\x80\x80", 4) ==
	    0, "slot 65534 is U+100000");
	env_close(&e);

	env_open(&e, "{% for x in ds %}{{ 1 }}{% endfor %}");
	data = rows(&e.a, VB_TPL_MAX_SLOTS + 1);
	INT_EQ(run(&e, data, &m), -1, "one slot too many");
	OK(strstr(env_err(&e), "more than 131068 values in one document") !=
	    NULL, "says so: %s", env_err(&e));
	INT_EQ(e.d.nerrors, 1, "once");
	env_close(&e);
}

/* Invalid UTF-8 is refused wherever it sits in the template. */
static void
test_utf8(void)
{
	static const char *const bad[] = {
		"Văn b\xE1n",
		"{{ \"\xFF\" }}",
		"{{ a\xC3 }}",
		"```table\nnguon: ds\ncot:\n  - tieu_de: \xED\n"
		    "    gia_tri: 1\n```\n",
	};
	struct env       e;
	struct vb_merged m;
	size_t           i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		env_open(&e, bad[i]);
		INT_EQ(run(&e, NULL, &m), -1, "bad UTF-8 %zu refused", i);
		OK(strstr(env_err(&e), "invalid UTF-8") != NULL,
		    "bad UTF-8 %zu named: %s", i, env_err(&e));
		env_close(&e);
	}
}

static void
test_closest(void)
{
	const char *c[] = { "ten_don_vi", "chi_tieu", NULL, "so", "endfor" };

	STR_EQ(tpl_closest("chi_tieux", c, 5), "chi_tieu", "one extra letter");
	STR_EQ(tpl_closest("endfro", c, 5), "endfor", "a swap");
	STR_EQ(tpl_closest("ten", c, 5), "ten_don_vi", "a prefix");
	OK(tpl_closest("xyz", c, 5) == NULL, "nothing near");
	OK(tpl_closest("so", c, 5) == NULL, "not itself");
	STR_EQ(tpl_filter_suggest("ngay_dia"), "ngay_dai", "filters");
	OK(tpl_filter_find("so", 2) != NULL && tpl_filter_find("s", 1) == NULL,
	    "find by length");
}

int
main(void)
{
	test_sentinels();
	test_merged();
	test_part_of_source();
	test_many_errors();
	test_render_string();
	test_limits();
	test_utf8();
	test_closest();
	return unit_done("t_tpl");
}
