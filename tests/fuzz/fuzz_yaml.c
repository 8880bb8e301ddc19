/*
 * fuzz_yaml.c — libFuzzer harness for the YAML and JSON readers
 * (data_yaml.c, data_json.c).
 *
 * The first byte selects the options, the rest is the input:
 *   bit 0  JSON (vb_json_parse) instead of YAML (vb_yaml_parse)
 *   bit 1  parse a sub-range (from a quarter of the input to the end),
 *          as the front matter of a template is parsed
 *   bit 2  also resolve the whole input as one plain scalar
 * Diagnostics are counted, not printed. Besides the sanitizers, every
 * value of a successful parse is checked: its location lies inside the
 * source and starts on a character, its strings are valid UTF-8 of the
 * stated length, its keys are non-empty, its dates are real.
 *
 * `make fuzz` builds it as build-fuzz/fuzz_yaml; by hand, from the top
 * of the repository:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -std=c11 \
 *       -D_POSIX_C_SOURCE=200809L tests/fuzz/fuzz_yaml.c src/data.c \
 *       src/data_yaml.c src/data_json.c src/data_csv.c src/data_xlsx.c \
 *       src/num.c src/value.c src/diag.c src/src.c src/buf.c src/arena.c \
 *       src/xalloc.c src/utf8.c \
 *       $(pkg-config --cflags --libs yaml-0.1 icu-uc libxml-2.0 libzip) \
 *       -lm -o build-fuzz/fuzz_yaml
 *   build-fuzz/fuzz_yaml -max_total_time=180 CORPUS tests/fuzz/corpus/yaml
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_loc(const struct vb_src *s, const struct vb_loc *l)
{
	if (l->src != s->id || l->off > s->len || l->len > s->len - l->off)
		abort();
	if (l->off < s->len && ((unsigned char)s->data[l->off] & 0xC0) == 0x80)
		abort();
}

static void
check(const struct vb_src *s, const struct vb_value *v, int depth)
{
	size_t i;

	if (depth > 70)
		abort();
	check_loc(s, &v->loc);
	switch (v->type) {
	case VB_NULL:
	case VB_BOOL:
		break;
	case VB_NUM:
		if (v->u.num.lit == NULL || v->u.num.v != v->u.num.v)
			abort();
		break;
	case VB_STR:
		if (strlen(v->u.str.s) != v->u.str.len ||
		    vb_utf8_check(v->u.str.s, v->u.str.len) != v->u.str.len)
			abort();
		break;
	case VB_DATE:
		if (!vb_date_valid(v->u.date.y, v->u.date.m, v->u.date.d))
			abort();
		break;
	case VB_LIST:
		for (i = 0; i < v->u.list.n; i++)
			check(s, v->u.list.v[i], depth + 1);
		break;
	case VB_MAP:
		for (i = 0; i < v->u.map.n; i++) {
			if (v->u.map.k[i][0] == '\0' ||
			    vb_utf8_check(v->u.map.k[i],
			    strlen(v->u.map.k[i])) != strlen(v->u.map.k[i]))
				abort();
			check(s, v->u.map.v[i], depth + 1);
		}
		break;
	default:
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vb_srcset ss;
	struct vb_diag   d;
	struct vb_arena  a;
	struct vb_src   *s;
	struct vb_value *v;
	size_t           off = 0;
	int              mode, rc;

	if (size < 1)
		return 0;
	mode = data[0];
	data++;
	size--;
	vb_srcset_init(&ss);
	vb_diag_init(&d, &ss, NULL);
	d.quiet = 1;
	vb_arena_init(&a);
	s = vb_srcset_add(&ss, "fuzz", memcpy(vb_xmalloc(size + 1), data, size),
	    size);
	if (mode & 2)
		off = size / 4;
	if (mode & 1)
		rc = vb_json_parse(s, off, size - off, &a, &d, &v);
	else
		rc = vb_yaml_parse(s, off, size - off, &a, &d, &v);
	if (rc == 0) {
		if (v == NULL || d.nerrors != 0)
			abort();
		check(s, v, 0);
	} else if (v != NULL || d.nerrors == 0)
		abort();
	if ((mode & 4) && vb_utf8_check(s->data, size) == size &&
	    memchr(s->data, '\0', size) == NULL) {
		v = vb_yaml_plain(&a, &d, s->data, size, NULL);
		if (v != NULL && v->type == VB_STR &&
		    strlen(v->u.str.s) != v->u.str.len)
			abort();
	}
	vb_arena_free(&a);
	vb_srcset_free(&ss);
	return 0;
}
