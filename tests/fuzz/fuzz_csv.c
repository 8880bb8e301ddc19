/*
 * fuzz_csv.c — libFuzzer harness for the CSV reader (data_csv.c) and,
 * through its fields, the number parser (num.c).
 *
 * The first byte selects the options, the rest is the file:
 *   bits 0–1  separator: detect, ',', ';', tab
 *   bit 2     two header rows
 *   bit 3     keep text (no numbers, no booleans)
 *   bit 4     C numbers instead of Vietnamese
 *   bits 5–6  header row 0–3 (0: the first non-blank line)
 * Diagnostics are counted, not printed. Besides the sanitizers, a
 * successful read is checked: a list of maps that all have the header's
 * keys in the same order, non-empty UTF-8 keys, every value located
 * inside the file, strings valid UTF-8 of their stated length, numbers
 * finite with their literal. A failed read must have reported an error.
 *
 * Build (from the top of the repository):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -std=c11 \
 *       -D_POSIX_C_SOURCE=200809L tests/fuzz/fuzz_csv.c src/data_csv.c \
 *       src/data_xlsx.c src/num.c src/value.c src/diag.c src/src.c \
 *       src/buf.c src/arena.c src/xalloc.c src/utf8.c \
 *       $(pkg-config --cflags --libs libxml-2.0 libzip) -lm \
 *       -o build-fuzz/fuzz_csv
 *   build-fuzz/fuzz_csv -max_total_time=180 CORPUS tests/fuzz/corpus/csv
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_value(const struct vb_src *s, const struct vb_value *v)
{
	if (v == NULL || v->loc.src != s->id || v->loc.cell != NULL ||
	    v->loc.off > s->len || v->loc.len > s->len - v->loc.off)
		abort();
	switch (v->type) {
	case VB_NULL:
	case VB_BOOL:
		break;
	case VB_NUM:
		if (v->u.num.lit == NULL || !isfinite(v->u.num.v))
			abort();
		break;
	case VB_STR:
		if (strlen(v->u.str.s) != v->u.str.len ||
		    vb_utf8_check(v->u.str.s, v->u.str.len) != v->u.str.len)
			abort();
		break;
	default:
		abort();
	}
}

static void
check(const struct vb_src *s, const struct vb_value *t)
{
	const struct vb_value *m, *m0;
	size_t                 i, k;

	if (t == NULL || t->type != VB_LIST)
		abort();
	for (i = 0; i < t->u.list.n; i++) {
		m = t->u.list.v[i];
		m0 = t->u.list.v[0];
		if (m->type != VB_MAP || m->u.map.n != m0->u.map.n)
			abort();
		for (k = 0; k < m->u.map.n; k++) {
			if (m->u.map.k[k] != m0->u.map.k[k] ||
			    m->u.map.k[k][0] == '\0' ||
			    vb_utf8_check(m->u.map.k[k],
			    strlen(m->u.map.k[k])) != strlen(m->u.map.k[k]))
				abort();
			check_value(s, m->u.map.v[k]);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char     seps[4] = { 0, ',', ';', '\t' };
	struct vb_sheet_opts  o;
	struct vb_srcset      ss;
	struct vb_diag        d;
	struct vb_arena       a;
	struct vb_src        *s;
	struct vb_value      *t;
	int                   rc;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	o.sep = seps[data[0] & 3];
	o.header_rows = data[0] & 4 ? 2 : 1;
	o.keep_text = (data[0] & 8) != 0;
	o.num_locale = data[0] & 16 ? VB_NUM_C : VB_NUM_VI;
	o.header_row = (data[0] >> 5) & 3;
	o.max_cells = 200000;
	data++;
	size--;
	vb_srcset_init(&ss);
	vb_diag_init(&d, &ss, NULL);
	d.quiet = 1;
	vb_arena_init(&a);
	s = vb_srcset_add(&ss, "fuzz.csv",
	    memcpy(vb_xmalloc(size + 1), data, size), size);
	rc = vb_csv_read(s, &a, &d, &o, &t);
	if (rc == 0) {
		if (d.nerrors != 0)
			abort();
		check(s, t);
	} else if (t != NULL || d.nerrors == 0)
		abort();
	vb_arena_free(&a);
	vb_srcset_free(&ss);
	return 0;
}
