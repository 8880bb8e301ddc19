/* t_xlsx.c — the XLSX reader over the files made by
 * tests/data/sheet/mkxlsx.py: values, types, locations, headers, and
 * each kind of bad workbook. */
#include <math.h>
#include <stdlib.h>

#include "diag.h"
#include "sheet.h"
#include "unit.h"

#ifndef DATA
#define DATA "tests/data/sheet/"
#endif

struct run {
	struct vb_srcset ss;
	struct vb_arena  a;
	struct vb_diag   d;
	FILE            *mem;
	char            *err;      /* what the reader printed */
	size_t           errlen;
	struct vb_value *t;
	int              rc;
};

/* Reads file (.xlsx, or .csv for the samples) with options o; the
 * diagnostics land in r->err. */
static void
load(struct run *r, const char *file, const struct vb_sheet_opts *o)
{
	struct vb_src *src;
	char          *data, *path;
	size_t         len;

	memset(r, 0, sizeof(*r));
	vb_srcset_init(&r->ss);
	vb_arena_init(&r->a);
	r->mem = open_memstream(&r->err, &r->errlen);
	vb_diag_init(&r->d, &r->ss, r->mem);
	path = vb_arena_printf(&r->a, "%s%s%s%s", getenv("VB_TOP") ?
	    getenv("VB_TOP") : "", getenv("VB_TOP") ? "/" : "", DATA, file);
	if (vb_read_file(path, &data, &len) == -1) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	src = vb_srcset_add(&r->ss, file, data, len);
	len = strlen(file);
	if (len > 4 && strcmp(file + len - 4, ".csv") == 0)
		r->rc = vb_csv_read(src, &r->a, &r->d, o, &r->t);
	else
		r->rc = vb_xlsx_read(src, &r->a, &r->d, o, &r->t);
	fflush(r->mem);
}

static void
done(struct run *r)
{
	fclose(r->mem);
	free(r->err);
	vb_arena_free(&r->a);
	vb_srcset_free(&r->ss);
}

/* One value as text: ~ null, T/F, 12 or 2.300("2.300"), "str", d:Y-M-D. */
static void
dump_value(struct vb_buf *b, const struct vb_value *v)
{
	switch (v->type) {
	case VB_NULL:
		vb_buf_puts(b, "~");
		break;
	case VB_BOOL:
		vb_buf_puts(b, v->u.b ? "T" : "F");
		break;
	case VB_NUM:
		vb_buf_printf(b, "%.15g", v->u.num.v);
		if (v->u.num.lit != NULL)
			vb_buf_printf(b, "(%s)", v->u.num.lit);
		break;
	case VB_STR:
		vb_buf_printf(b, "\"%s\"", v->u.str.s);
		break;
	case VB_DATE:
		vb_buf_printf(b, "d:%04d-%02d-%02d", v->u.date.y, v->u.date.m,
		    v->u.date.d);
		if (v->u.date.has_time)
			vb_buf_printf(b, "T%02d:%02d", v->u.date.hh,
			    v->u.date.mm);
		break;
	default:
		vb_buf_puts(b, "?");
	}
}

/* Row i of the table as "key=value|key=value" (static buffer). */
static const char *
row(struct run *r, size_t i)
{
	static struct vb_buf b;
	struct vb_value     *m;
	size_t               k;

	vb_buf_reset(&b);
	if (r->t == NULL || i >= r->t->u.list.n)
		return "(no row)";
	m = r->t->u.list.v[i];
	for (k = 0; k < m->u.map.n; k++) {
		vb_buf_printf(&b, "%s%s=", k ? "|" : "", m->u.map.k[k]);
		dump_value(&b, m->u.map.v[k]);
	}
	return b.data != NULL ? b.data : "";
}

static size_t
nrows(struct run *r)
{
	return r->t != NULL ? r->t->u.list.n : (size_t)-1;
}

/* The printed diagnostics contain s. */
#define ERR_HAS(r, s) OK((r)->err != NULL && strstr((r)->err, s) != NULL, \
	"stderr lacks [%s]: [%s]", s, (r)->err ? (r)->err : "")

static void
basic(void)
{
	struct run       r;
	struct vb_value *v;

	load(&r, "basic.xlsx", NULL);
	INT_EQ(r.rc, 0, "basic.xlsx reads");
	INT_EQ(nrows(&r), 4, "4 data rows (row 5 is missing)");
	STR_EQ(row(&r, 0), "TT=1|Đơn vị=\"LĐLĐ huyện Than Uyên\"|"
	    "Chỉ tiêu=240|Kết quả=338|Ngày=d:2022-11-10|Đạt=T|"
	    "Ghi chú=\"vượt\"|Tỷ lệ=1.408", "row 2: numbers, date, bool");
	STR_EQ(row(&r, 1), "TT=2|Đơn vị=\"Công đoàn Viên chức\"|"
	    "Chỉ tiêu=2300(2.300)|Kết quả=139.6(139,6)|"
	    "Ngày=d:2022-11-11T12:00|Đạt=F|Ghi chú=~|Tỷ lệ=~",
	    "row 3: text numbers, datetime, formula without value, #DIV/0!");
	STR_EQ(row(&r, 2), "TT=3|Đơn vị=\"LĐLĐ huyện Mường Tè\"|"
	    "Chỉ tiêu=~|Kết quả=477|Ngày=d:2023-09-01|Đạt=~|"
	    "Ghi chú=0.75|Tỷ lệ=~",
	    "row 4: rich text without phonetic run, cached formula, custom "
	    "date format, a time stays a number, missing cells null");
	STR_EQ(row(&r, 3), "TT=4(04)|Đơn vị=\"Đơn vị phối hợp\"|"
	    "Chỉ tiêu=~|Kết quả=~|Ngày=~|Đạt=~|Ghi chú=\"a\rb\"|Tỷ lệ=~",
	    "row 6: literal kept, inline string, _x000D_ decoded");
	v = vb_map_get(r.t->u.list.v[1], "Kết quả");
	STR_EQ(v->loc.cell, "Tong hop!D3", "cell location");
	INT_EQ(v->loc.src, 1, "location names the workbook");
	v = vb_map_get(r.t->u.list.v[2], "Chỉ tiêu");
	STR_EQ(v->loc.cell, "Tong hop!C4", "a missing cell has a location");
	STR_EQ(r.t->u.list.v[3]->loc.cell, "Tong hop!A6:H6", "row location");
	INT_EQ(r.d.nwarnings, 2, "warnings: #DIV/0! and formula w/o value");
	ERR_HAS(&r, "basic.xlsx:Tong hop!H3: warning: Excel error value "
	    "read as an empty cell: #DIV/0!");
	ERR_HAS(&r, "basic.xlsx:Tong hop!G3: warning: formula without");
	INT_EQ(r.d.nerrors, 0, "no errors");
	done(&r);
}

static void
options(void)
{
	struct vb_sheet_opts o;
	struct run           r;

	memset(&o, 0, sizeof(o));
	o.sheet = "Sheet2";
	load(&r, "basic.xlsx", &o);
	INT_EQ(r.rc, 0, "sheet by name");
	STR_EQ(row(&r, 0), "x=1", "Sheet2's row");
	STR_EQ(r.t->u.list.v[0]->u.map.v[0]->loc.cell, "Sheet2!A2",
	    "Sheet2 location");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.sheet_index = 2;
	load(&r, "basic.xlsx", &o);
	STR_EQ(row(&r, 0), "x=1", "sheet by index");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.sheet = "Nope";
	load(&r, "basic.xlsx", &o);
	INT_EQ(r.rc, -1, "missing sheet fails");
	OK(r.t == NULL, "no table");
	ERR_HAS(&r, "basic.xlsx:xl/workbook.xml: error: no such sheet (không có trang tính): "
	    "\"Nope\"; the workbook has \"Tong hop\", \"Sheet2\"");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.sheet_index = 3;
	load(&r, "basic.xlsx", &o);
	INT_EQ(r.rc, -1, "sheet index out of range fails");
	ERR_HAS(&r, "sheet 3; the workbook has 2: \"Tong hop\", \"Sheet2\"");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.keep_text = 1;
	load(&r, "basic.xlsx", &o);
	INT_EQ(r.rc, 0, "keep_text reads");
	STR_EQ(row(&r, 3), "TT=\"04\"|Đơn vị=\"Đơn vị phối hợp\"|"
	    "Chỉ tiêu=~|Kết quả=~|Ngày=~|Đạt=~|Ghi chú=\"a\rb\"|Tỷ lệ=~",
	    "keep_text leaves \"04\" as text");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.header_rows = 3;
	load(&r, "basic.xlsx", &o);
	INT_EQ(r.rc, -1, "header_rows 3 is refused");
	ERR_HAS(&r, "bad table reader option");
	done(&r);
}

static void
header2(void)
{
	struct vb_sheet_opts o;
	struct run           r;

	memset(&o, 0, sizeof(o));
	o.header_row = 3;
	o.header_rows = 2;
	load(&r, "header2.xlsx", &o);
	INT_EQ(r.rc, 0, "two-row header reads");
	INT_EQ(nrows(&r), 2, "two unit rows");
	STR_EQ(row(&r, 0), "TT=1|TÊN ĐƠN VỊ=\"LĐLĐ huyện Than Uyên\"|"
	    "GIAI ĐOẠN 1 / Chỉ tiêu=115|GIAI ĐOẠN 1 / Kết quả=308|"
	    "GIAI ĐOẠN 1 / Tỷ lệ %=268|TỔNG KẾT QUẢ=338",
	    "keys: merged down, merged across, newline folded");
	INT_EQ(r.d.nwarnings, 1, "the note outside the table is a warning");
	ERR_HAS(&r, "header2.xlsx:Biểu!H6: warning: value outside the "
	    "table's columns ignored: 1 cell outside columns A–F");
	done(&r);

	/* Row 4 alone: only C–E have names; the rest is left out. */
	memset(&o, 0, sizeof(o));
	o.header_row = 4;
	load(&r, "header2.xlsx", &o);
	INT_EQ(r.rc, 0, "row 4 alone as the header");
	STR_EQ(row(&r, 0), "Chỉ tiêu=115|Kết quả=308|Tỷ lệ %=268",
	    "three columns");
	ERR_HAS(&r, "header2.xlsx:Biểu!A5: warning: value outside the "
	    "table's columns ignored: 7 cells outside columns C–E");
	done(&r);

	/* Without header_row the title row is taken as the header. */
	load(&r, "header2.xlsx", NULL);
	INT_EQ(r.rc, -1, "the title row as header: repeated keys");
	ERR_HAS(&r, "header2.xlsx:Biểu!B1: error: duplicate column name "
	    "(tên cột trùng nhau): \"BIỂU TỔNG HỢP\"");
	ERR_HAS(&r, "header2.xlsx:Biểu!A1: note: first used here");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.header_row = 30;
	load(&r, "header2.xlsx", &o);
	INT_EQ(r.rc, -1, "an empty header row fails");
	ERR_HAS(&r, "header2.xlsx:Biểu!30: error: no header row");
	done(&r);
}

static void
sparse(void)
{
	struct run r;

	load(&r, "sparse.xlsx", NULL);
	INT_EQ(r.rc, 0, "sparse.xlsx reads");
	INT_EQ(nrows(&r), 3, "rows 2, 3 and 7 (5 holds only formatting)");
	STR_EQ(row(&r, 0), "a=21|b=~|c=~", "row 2");
	STR_EQ(row(&r, 1), "a=31|b=32|c=~", "row 3: cells out of order");
	STR_EQ(row(&r, 2), "a=~|b=~|c=73", "row 7");
	done(&r);
}

static void
dates(void)
{
	struct run r;

	load(&r, "date1904.xlsx", NULL);
	INT_EQ(r.rc, 0, "date1904.xlsx reads");
	STR_EQ(row(&r, 0), "Ngày=d:1904-01-01", "1904 system: serial 0");
	STR_EQ(row(&r, 1), "Ngày=d:2022-11-10", "1904 system: 43413");
	done(&r);

	load(&r, "serial60.xlsx", NULL);
	INT_EQ(r.rc, -1, "serial 60 is an error");
	ERR_HAS(&r, "serial60.xlsx:S!A3: error: date serial out of range "
	    "(ngày không hợp lệ): serial 60 is 29/02/1900");
	INT_EQ(r.d.nerrors, 1, "only serial 60 is wrong");
	done(&r);
}

static void
bad(void)
{
	struct vb_sheet_opts o;
	struct run           r;

	load(&r, "notzip.xlsx", NULL);
	INT_EQ(r.rc, -1, "a text file");
	ERR_HAS(&r, "notzip.xlsx:1:1: error: not an XLSX file: cannot open it as "
	    "a zip archive: Not a zip archive");
	done(&r);

	load(&r, "notxlsx.xlsx", NULL);
	INT_EQ(r.rc, -1, "a zip without a workbook");
	ERR_HAS(&r, "notxlsx.xlsx:xl/workbook.xml: error: not an XLSX "
	    "workbook: a required part is missing: no xl/workbook.xml in the "
	    "archive");
	done(&r);

	load(&r, "docx.xlsx", NULL);
	INT_EQ(r.rc, -1, "a document, not a workbook");
	ERR_HAS(&r, "the main part word/document.xml is a <document>, not a "
	    "<workbook>");
	done(&r);

	load(&r, "sst_index.xlsx", NULL);
	INT_EQ(r.rc, -1, "bad shared string index");
	ERR_HAS(&r, "sst_index.xlsx:S!A2: error: bad shared string index: "
	    "index 7, but the workbook has 1 shared strings");
	done(&r);

	load(&r, "sst_malformed.xlsx", NULL);
	INT_EQ(r.rc, -1, "malformed sharedStrings");
	ERR_HAS(&r, "sst_malformed.xlsx:xl/sharedStrings.xml: error: "
	    "malformed XML in the workbook: line 1: Opening and ending tag "
	    "mismatch");
	done(&r);

	load(&r, "sst_utf8.xlsx", NULL);
	INT_EQ(r.rc, -1, "invalid UTF-8");
	ERR_HAS(&r, "sst_utf8.xlsx:xl/sharedStrings.xml: error: invalid "
	    "UTF-8 (mã UTF-8 hỏng): byte 0xC3 at offset");
	ERR_HAS(&r, "(line 2)");
	done(&r);

	load(&r, "sst_utf16.xlsx", NULL);
	INT_EQ(r.rc, -1, "UTF-16 part");
	ERR_HAS(&r, "sst_utf16.xlsx:xl/sharedStrings.xml: error: malformed "
	    "XML in the workbook: the part is not UTF-8 (UTF-16?)");
	done(&r);

	load(&r, "dtd.xlsx", NULL);
	INT_EQ(r.rc, -1, "a DTD is refused");
	ERR_HAS(&r, "dtd.xlsx:xl/sharedStrings.xml: error: malformed XML in "
	    "the workbook: a DTD (<!DOCTYPE>) is not allowed");
	done(&r);

	load(&r, "bomb.xlsx", NULL);
	INT_EQ(r.rc, -1, "a part over 64 MiB");
	ERR_HAS(&r, "bomb.xlsx:xl/worksheets/sheet1.xml: error: part too "
	    "large when uncompressed (possible zip bomb): 68157573 bytes "
	    "declared; the limit is 67108864");
	done(&r);

	load(&r, "bomb_lie.xlsx", NULL);
	INT_EQ(r.rc, -1, "a part larger than its zip directory says");
	ERR_HAS(&r, "bomb_lie.xlsx:xl/worksheets/sheet1.xml: error: part too "
	    "large when uncompressed (possible zip bomb): it inflates to more "
	    "than the 100 bytes the zip directory declares");
	done(&r);

	load(&r, "dupkey.xlsx", NULL);
	INT_EQ(r.rc, -1, "repeated column name (after trimming)");
	ERR_HAS(&r, "dupkey.xlsx:S!C1: error: duplicate column name "
	    "(tên cột trùng nhau): \"Tên\"");
	done(&r);

	load(&r, "emptykey.xlsx", NULL);
	INT_EQ(r.rc, -1, "data under an empty header cell");
	ERR_HAS(&r, "emptykey.xlsx:S!B1: error: empty column name in the "
	    "header (thiếu tên cột): column 2");
	done(&r);

	load(&r, "merge_left.xlsx", NULL);
	INT_EQ(r.rc, -1, "a merge hides a header cell");
	ERR_HAS(&r, "merge_left.xlsx:S!B1: error: empty column name");
	done(&r);

	load(&r, "emptyv.xlsx", NULL);
	INT_EQ(r.rc, -1, "an empty boolean");
	ERR_HAS(&r, "emptyv.xlsx:S!A2: error: malformed cell: boolean cell "
	    "holds \"\"");
	done(&r);

	load(&r, "badnum.xlsx", NULL);
	INT_EQ(r.rc, -1, "malformed numbers in text cells");
	ERR_HAS(&r, "badnum.xlsx:S!A2: error: malformed number (số viết "
	    "sai): \"2.15\": a dot must group exactly 3 digits");
	ERR_HAS(&r, "badnum.xlsx:S!A3: error: malformed number (số viết "
	    "sai): \"1,234.5\": a dot after the decimal comma: looks like an "
	    "English number");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.keep_text = 1;
	load(&r, "badnum.xlsx", &o);
	INT_EQ(r.rc, 0, "keep_text reads them as text");
	STR_EQ(row(&r, 0), "Số=\"2.15\"", "text kept");
	done(&r);

	load(&r, "badref.xlsx", NULL);
	INT_EQ(r.rc, -1, "bad cell reference");
	ERR_HAS(&r, "badref.xlsx:S!A0: error: malformed cell: bad cell "
	    "reference \"A0\"");
	done(&r);

	load(&r, "twice.xlsx", NULL);
	INT_EQ(r.rc, -1, "a cell written twice");
	ERR_HAS(&r, "twice.xlsx:S!A2: error: malformed cell: the cell is "
	    "written twice");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.max_cells = 100;
	load(&r, "manycells.xlsx", &o);
	INT_EQ(r.rc, -1, "the cell limit");
	ERR_HAS(&r, "error: limit exceeded: more than 100 cells in a sheet");
	done(&r);

	load(&r, "manycells.xlsx", NULL);
	INT_EQ(r.rc, 0, "manycells.xlsx reads without a cap");
	INT_EQ(nrows(&r), 300, "300 rows");
	done(&r);
}

/*
 * The sample data of seed 000 (samples/data/): the workbook's two-row
 * header, the seed's printed totals against the sums of the unit rows,
 * and the CSV against the workbook, value by value.
 */
static void
samples(void)
{
	static const char *const keys[] = {
		"TT", "TÊN ĐƠN VỊ", "CHỈ TIÊU 2 GIAI ĐOẠN",
		"GIAI ĐOẠN 1 / Chỉ tiêu", "GIAI ĐOẠN 1 / Kết quả",
		"GIAI ĐOẠN 1 / Tỷ lệ %", "GIAI ĐOẠN 2 / Chỉ tiêu",
		"GIAI ĐOẠN 2 / Kết quả", "GIAI ĐOẠN 2 / Tỷ lệ %",
		"TỔNG KẾT QUẢ 2 GIAI ĐOẠN", "TỶ LỆ %"
	};
	struct vb_sheet_opts o;
	struct run           x, c, t;
	struct vb_value     *xv, *cv, *tot;
	double               sum;
	size_t               i, k;

	memset(&o, 0, sizeof(o));
	o.header_rows = 2;
	load(&x, "../../../samples/data/lai-chau-don-vi.xlsx", &o);
	INT_EQ(x.rc, 0, "the sample workbook reads with headers=2");
	INT_EQ(nrows(&x), 12, "twelve units");
	INT_EQ(x.d.nwarnings + x.d.nerrors, 0, "no messages");
	for (k = 0; k < 11 && x.t != NULL; k++)
		STR_EQ(x.t->u.list.v[0]->u.map.k[k], keys[k], "key %zu", k);
	STR_EQ(row(&x, 11), "TT=12|TÊN ĐƠN VỊ=\"Đơn vị phối hợp\"|"
	    "CHỈ TIÊU 2 GIAI ĐOẠN=0|GIAI ĐOẠN 1 / Chỉ tiêu=0|"
	    "GIAI ĐOẠN 1 / Kết quả=80|GIAI ĐOẠN 1 / Tỷ lệ %=~|"
	    "GIAI ĐOẠN 2 / Chỉ tiêu=~|GIAI ĐOẠN 2 / Kết quả=1|"
	    "GIAI ĐOẠN 2 / Tỷ lệ %=~|TỔNG KẾT QUẢ 2 GIAI ĐOẠN=81|TỶ LỆ %=~",
	    "unit 12 keeps the seed's blanks");

	memset(&o, 0, sizeof(o));
	o.sheet = "Dong tong";
	load(&t, "../../../samples/data/lai-chau-don-vi.xlsx", &o);
	INT_EQ(t.rc, 0, "the printed totals row");
	STR_EQ(row(&t, 0), "tt=~|don_vi=\"Tổng\"|chi_tieu_2gd=2300(2.300)|"
	    "gd1_chi_tieu=1200(1.200)|gd1_ket_qua=1775(1.775)|gd1_ty_le=~|"
	    "gd2_chi_tieu=1100(1.100)|gd2_ket_qua=377(377)|gd2_ty_le=~|"
	    "tong_ket_qua=2152(2152)|ty_le=94(94)",
	    "as typed: \"2.300\" beside \"2152\"");

	load(&c, "../../../samples/data/lai-chau-don-vi.csv", NULL);
	INT_EQ(c.rc, 0, "the sample CSV reads");
	INT_EQ(nrows(&c), 12, "twelve units in the CSV");
	if (x.t == NULL || c.t == NULL || t.t == NULL) {
		OK(0, "samples missing");
		return;
	}
	/* Counts add up; the rate is 2.152/2.300, not a sum of rates. */
	for (k = 2; k < 11; k++) {
		if (k == 5 || k == 8 || k == 10)
			continue;
		tot = t.t->u.list.v[0]->u.map.v[k];
		for (i = 0, sum = 0; i < 12; i++) {
			xv = x.t->u.list.v[i]->u.map.v[k];
			sum += xv->type == VB_NUM ? xv->u.num.v : 0;
		}
		if (tot->type == VB_NUM)
			OK(sum == tot->u.num.v, "column %s: sum %g, printed %g",
			    keys[k], sum, tot->u.num.v);
	}
	tot = t.t->u.list.v[0]->u.map.v[10];
	OK(tot->type == VB_NUM && tot->u.num.v == floor(2152.0 * 100 / 2300 +
	    0.5), "the total rate is the rate of the totals");
	for (i = 0; i < 12; i++)
		for (k = 0; k < 11; k++) {
			xv = x.t->u.list.v[i]->u.map.v[k];
			cv = c.t->u.list.v[i]->u.map.v[k];
			OK(xv->type == cv->type && (xv->type != VB_NUM ||
			    xv->u.num.v == cv->u.num.v) && (xv->type != VB_STR ||
			    strcmp(xv->u.str.s, cv->u.str.s) == 0),
			    "row %zu, %s: the CSV matches the workbook", i + 1,
			    keys[k]);
		}
	done(&x);
	done(&c);
	done(&t);
}

int
main(void)
{
	basic();
	options();
	header2();
	sparse();
	dates();
	bad();
	samples();
	return unit_done("t_xlsx");
}
