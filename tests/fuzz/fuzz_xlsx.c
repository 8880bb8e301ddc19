/*
 * fuzz_xlsx.c — libFuzzer harness for the XLSX reader (data_xlsx.c).
 *
 * The first byte selects the mode and the options, the rest is input:
 *   bit 0     parts mode: the input is the XML of the parts, separated
 *             by NUL bytes, in the order sheet1.xml, sharedStrings.xml,
 *             styles.xml, workbook.xml; the harness zips them (stored,
 *             with the usual relationships) so that mutations reach the
 *             XML instead of breaking CRCs. Without it the input is the
 *             .xlsx file itself.
 *   bit 1     two header rows
 *   bit 2     keep text
 *   bit 3     header at row 3 (else the first row holding a value)
 *   bits 4–5  sheet index 0–3 (0: the first sheet)
 * Diagnostics are counted, not printed. A successful read is checked: a
 * list of maps sharing their keys, every value located at a cell name
 * of the workbook, strings valid UTF-8 of their stated length, numbers
 * finite, dates real. A failed read must have reported an error.
 *
 * Build (from the top of the repository):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -std=c11 \
 *       -D_POSIX_C_SOURCE=200809L tests/fuzz/fuzz_xlsx.c src/data_csv.c \
 *       src/data_xlsx.c src/num.c src/value.c src/diag.c src/src.c \
 *       src/buf.c src/arena.c src/xalloc.c src/utf8.c \
 *       $(pkg-config --cflags --libs libxml-2.0 libzip) -lm \
 *       -o build-fuzz/fuzz_xlsx
 *   build-fuzz/fuzz_xlsx -max_total_time=180 CORPUS tests/fuzz/corpus/xlsx
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "diag.h"
#include "sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const part_names[] = {
	"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
	"xl/workbook.xml"
};

static const char default_workbook[] =
    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships\"><sheets><sheet name=\"S\" "
    "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char root_rels[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";

static const char wb_rels[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

static void
add(zip_t *za, const char *name, const void *p, size_t n)
{
	zip_source_t *zs = zip_source_buffer(za, p, n, 0);
	zip_int64_t   i;

	if (zs == NULL)
		abort();
	if ((i = zip_file_add(za, name, zs, ZIP_FL_OVERWRITE)) < 0) {
		zip_source_free(zs);
		abort();
	}
	zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* Zips the NUL-separated parts of data; returns malloc'd bytes. */
static char *
make_zip(const uint8_t *data, size_t size, size_t *outlen)
{
	zip_source_t      *src;
	zip_t             *za;
	zip_stat_t         st;
	const uint8_t     *nul;
	char              *out;
	size_t             k, off = 0, n;
	int                wb = 0;

	if ((src = zip_source_buffer_create(NULL, 0, 0, NULL)) == NULL)
		abort();
	zip_source_keep(src);
	if ((za = zip_open_from_source(src, ZIP_TRUNCATE, NULL)) == NULL)
		abort();
	add(za, "_rels/.rels", root_rels, sizeof(root_rels) - 1);
	add(za, "xl/_rels/workbook.xml.rels", wb_rels, sizeof(wb_rels) - 1);
	for (k = 0; k < 4 && off <= size; k++) {
		nul = memchr(data + off, '\0', size - off);
		n = nul != NULL ? (size_t)(nul - (data + off)) : size - off;
		add(za, part_names[k], data + off, n);
		wb |= k == 3;
		off += n + 1;
	}
	if (!wb)
		add(za, "xl/workbook.xml", default_workbook,
		    sizeof(default_workbook) - 1);
	if (zip_close(za) == -1)
		abort();
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) == -1 || zip_source_open(src) == -1)
		abort();
	out = vb_xmalloc(st.size + 1);
	if (zip_source_read(src, out, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(src);
	zip_source_free(src);
	*outlen = st.size;
	return out;
}

static void
check_value(const struct vb_src *s, const struct vb_value *v)
{
	if (v == NULL || v->loc.src != s->id || v->loc.cell == NULL ||
	    strchr(v->loc.cell, '!') == NULL)
		abort();
	switch (v->type) {
	case VB_NULL:
	case VB_BOOL:
		break;
	case VB_NUM:
		if (!isfinite(v->u.num.v))
			abort();
		break;
	case VB_STR:
		if (strlen(v->u.str.s) != v->u.str.len ||
		    vb_utf8_check(v->u.str.s, v->u.str.len) != v->u.str.len)
			abort();
		break;
	case VB_DATE:
		if (!vb_date_valid(v->u.date.y, v->u.date.m, v->u.date.d) ||
		    v->u.date.hh < 0 || v->u.date.hh > 23 ||
		    v->u.date.mm < 0 || v->u.date.mm > 59)
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
		if (m->type != VB_MAP || m->u.map.n != m0->u.map.n ||
		    m->loc.cell == NULL)
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
	struct vb_sheet_opts  o;
	struct vb_srcset      ss;
	struct vb_diag        d;
	struct vb_arena       a;
	struct vb_src        *s;
	struct vb_value      *t;
	char                 *file;
	size_t                len;
	int                   rc, mode;

	if (size < 1)
		return 0;
	mode = data[0];
	memset(&o, 0, sizeof(o));
	o.header_rows = mode & 2 ? 2 : 1;
	o.keep_text = (mode & 4) != 0;
	o.header_row = mode & 8 ? 3 : 0;
	o.sheet_index = (mode >> 4) & 3;
	o.max_cells = 100000;
	data++;
	size--;
	if (mode & 1)
		file = make_zip(data, size, &len);
	else {
		file = memcpy(vb_xmalloc(size + 1), data, size);
		len = size;
	}
	vb_srcset_init(&ss);
	vb_diag_init(&d, &ss, NULL);
	d.quiet = 1;
	vb_arena_init(&a);
	s = vb_srcset_add(&ss, "fuzz.xlsx", file, len);
	rc = vb_xlsx_read(s, &a, &d, &o, &t);
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
