/*
 * fuzz_tpl.c — libFuzzer harness for the template language: lexer,
 * parser, evaluator, filters and declared tables, against a small fixed
 * data value that holds Markdown-looking text, numbers with literals,
 * dates, nulls, lists and maps.
 *
 * The first byte selects the entry point, the rest is the template:
 *   bits 0–1  0, 3: vb_tpl_parse + vb_tpl_eval; 1: vb_tpl_render_string;
 *             2: vb_tpl_eval_expr
 * Diagnostics are counted, not printed. Besides the sanitizers, these
 * hold or the harness aborts:
 *   - a failure was reported (an error counted);
 *   - the expanded Markdown is valid UTF-8, NUL-terminated, holds every
 *     slot's sentinel exactly once and no other reserved code point;
 *   - slot texts are valid UTF-8 without reserved code points, so a
 *     value can never forge a slot;
 *   - every byte of the Markdown maps back inside the template (or to
 *     nothing, for the evaluator's own newlines);
 *   - tables are full grids whose spans stay inside the grid.
 *
 * Build (from the top of the repository):
 *   mkdir -p build-fuzz && clang -g -O1 \
 *       -fsanitize=fuzzer,address,undefined -Isrc -std=c11 \
 *       -D_POSIX_C_SOURCE=200809L tests/fuzz/fuzz_tpl.c \
 *       $(ls src/[a-z]*.c | grep -v src/main.c) \
 *       $(pkg-config --cflags --libs icu-uc icu-i18n libxml-2.0 libzip \
 *       yaml-0.1 sqlite3 md4c) -lhpdf -lm -o build-fuzz/fuzz_tpl
 *   build-fuzz/fuzz_tpl -max_total_time=180 -rss_limit_mb=4096 \
 *       CORPUS tests/fuzz/corpus/tpl
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "tpl.h"
#include "value.h"
#include "vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct vb_arena   data_arena;
static struct vb_value  *data;
static struct vb_diag    vi_diag;
static struct vb_vi     *vi;

static struct vb_value *
row(const char *ten, double so, const char *lit, int y)
{
	struct vb_arena *a = &data_arena;
	struct vb_value *m = vb_value_map(a, NULL);

	vb_map_set(a, m, "ten", vb_value_str(a, ten, strlen(ten), NULL));
	vb_map_set(a, m, "so", vb_value_num(a, so, lit, NULL));
	vb_map_set(a, m, "chi_tieu", vb_value_num(a, so * 2, NULL, NULL));
	vb_map_set(a, m, "trong", vb_value_null(a, NULL));
	vb_map_set(a, m, "ngay", vb_value_date(a, y, 9, 6, NULL));
	return m;
}

static void
init(void)
{
	struct vb_arena *a = &data_arena;
	struct vb_value *l, *m;

	vb_arena_init(a);
	data = vb_value_map(a, NULL);
	l = vb_value_list(a, NULL);
	vb_list_push(a, l, row("*a* # b", 2152, "2.152", 2023));
	vb_list_push(a, l, row("- c\n1. d", 0, NULL, 1963));
	vb_list_push(a, l, row("{{ x }} {% if %}", -3.5, NULL, 2000));
	vb_list_push(a, l, row("Đơn vị | <b>&amp;</b>", 1e9, NULL, 2024));
	vb_map_set(a, data, "ds", l);
	vb_map_set(a, data, "x", vb_value_str(a, "```table", 8, NULL));
	vb_map_set(a, data, "n", vb_value_num(a, 2300, "2.300", NULL));
	vb_map_set(a, data, "z", vb_value_num(a, 0, NULL, NULL));
	vb_map_set(a, data, "t", vb_value_bool(a, 1, NULL));
	vb_map_set(a, data, "e", vb_value_list(a, NULL));
	m = vb_value_map(a, NULL);
	vb_map_set(a, m, "ten", vb_value_str(a, "Lai Châu", 9, NULL));
	vb_map_set(a, data, "m", m);
	vb_map_set(a, data, "d", vb_value_date(a, 2022, 11, 10, NULL));
	vb_diag_init(&vi_diag, NULL, NULL);
	vi_diag.quiet = 1;
	if ((vi = vi_open(&vi_diag)) == NULL)
		abort();
}

/* Valid UTF-8 with no reserved code point. */
static void
check_text(const char *s, size_t n)
{
	size_t   i, k;
	uint32_t cp;

	for (i = 0; i < n; i += k) {
		if ((k = vb_utf8_decode(s + i, n - i, &cp)) == 0 ||
		    vb_tpl_is_reserved(cp))
			abort();
	}
}

static void
check_table(const struct vb_table_out *t)
{
	size_t i, j;

	if (t->ncols == 0 || t->nheader > t->nrows || t->cols == NULL)
		abort();
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++) {
			const struct vb_table_cell *c = &t->rows[i].cells[j];

			if (c->text == NULL || c->colspan < 1 ||
			    c->rowspan < 1 ||
			    j + (size_t)c->colspan > t->ncols ||
			    i + (size_t)c->rowspan > t->nrows)
				abort();
			check_text(c->text, c->len);
		}
}

static void
check_merged(const struct vb_merged *m, const struct vb_src *src)
{
	unsigned char *seen = calloc(m->nslots + 1, 1);
	struct vb_loc  l;
	size_t         i, k;
	uint32_t       cp;
	long           slot;

	if (m->md.data == NULL || m->md.data[m->md.len] != '\0')
		abort();
	for (i = 0; i < m->md.len; i += k) {
		k = vb_utf8_decode(m->md.data + i, m->md.len - i, &cp);
		if (k == 0)
			abort();
		if (vb_merged_loc(m, i, &l) == 0 &&
		    (l.src != src->id || l.off > src->len))
			abort();
		if (!vb_tpl_is_reserved(cp))
			continue;
		slot = vb_tpl_slot_index(cp);
		if (slot < 0 || (size_t)slot >= m->nslots || seen[slot]++)
			abort();
	}
	for (i = 0; i < m->nslots; i++) {
		if (!seen[i])
			abort();
		if (m->slots[i].table != NULL)
			check_table(m->slots[i].table);
		else
			check_text(m->slots[i].text, m->slots[i].len);
	}
	free(seen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	struct vb_srcset  ss;
	struct vb_diag    d;
	struct vb_arena   a;
	struct vb_src    *src;
	struct vb_tpl    *t;
	struct vb_merged  m;
	struct vb_value  *v;
	const char       *s;
	unsigned          mode, before;
	int               rc;

	if (vi == NULL)
		init();
	if (len < 1)
		return 0;
	mode = buf[0] & 3;
	vb_srcset_init(&ss);
	vb_arena_init(&a);
	vb_diag_init(&d, &ss, NULL);
	d.quiet = 1;
	src = vb_srcset_add(&ss, "t.md", vb_xstrndup((const char *)buf + 1,
	    len - 1), len - 1);
	before = vi_diag.nerrors;
	switch (mode) {
	case 1:
		rc = vb_tpl_render_string(src, 0, src->len, data, vi, &a, &d,
		    &s);
		if (rc == 0)
			check_text(s, strlen(s));
		break;
	case 2:
		rc = vb_tpl_eval_expr(src, 0, src->len, data, vi, &a, &d, &v);
		if (rc == 0 && v == NULL)
			abort();
		break;
	default:
		rc = vb_tpl_parse(src, 0, src->len, &a, &d, &t);
		if (rc == 0) {
			rc = vb_tpl_eval(t, data, vi, &a, &d, &m);
			if (rc == 0)
				check_merged(&m, src);
		}
		break;
	}
	if (rc != 0 && d.nerrors == 0 && vi_diag.nerrors == before)
		abort();
	if (rc == 0 && d.nerrors != 0)
		abort();
	vb_arena_free(&a);
	vb_srcset_free(&ss);
	return 0;
}
