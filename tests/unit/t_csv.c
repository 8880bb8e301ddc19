/* t_csv.c — the CSV reader: RFC 4180 quoting, separators, typing of
 * values, locations, headers, and each kind of bad input. */
#include <stdlib.h>

#include "diag.h"
#include "sheet.h"
#include "unit.h"

struct run {
	struct vb_srcset ss;
	struct vb_arena  a;
	struct vb_diag   d;
	FILE            *mem;
	char            *err;
	size_t           errlen;
	struct vb_value *t;
	int              rc;
};

/* Reads text[0..len) as the CSV file "t.csv"; messages land in r->err. */
static void
load_n(struct run *r, const char *text, size_t len,
    const struct vb_sheet_opts *o)
{
	struct vb_src *src;
	char          *data = vb_xmalloc(len + 1);

	memcpy(data, text, len);
	memset(r, 0, sizeof(*r));
	vb_srcset_init(&r->ss);
	vb_arena_init(&r->a);
	r->mem = open_memstream(&r->err, &r->errlen);
	vb_diag_init(&r->d, &r->ss, r->mem);
	src = vb_srcset_add(&r->ss, "t.csv", data, len);
	r->rc = vb_csv_read(src, &r->a, &r->d, o, &r->t);
	fflush(r->mem);
}

static void
load(struct run *r, const char *text, const struct vb_sheet_opts *o)
{
	load_n(r, text, strlen(text), o);
}

static void
done(struct run *r)
{
	fclose(r->mem);
	free(r->err);
	vb_arena_free(&r->a);
	vb_srcset_free(&r->ss);
}

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
	default:
		vb_buf_puts(b, "?");
	}
}

/* Row i as "key=value|key=value" (static buffer). */
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

/* "line:col" of value key in row i. */
static const char *
where(struct run *r, size_t i, const char *key)
{
	static char      buf[32];
	struct vb_value *v = vb_map_get(r->t->u.list.v[i], key);
	unsigned         line, col;

	if (v == NULL)
		return "(no key)";
	vb_src_linecol(vb_srcset_get(&r->ss, v->loc.src), v->loc.off, &line,
	    &col);
	snprintf(buf, sizeof(buf), "%u:%u+%u", line, col, v->loc.len);
	return buf;
}

#define ERR_HAS(r, s) OK((r)->err != NULL && strstr((r)->err, s) != NULL, \
	"stderr lacks [%s]: [%s]", s, (r)->err ? (r)->err : "")
#define ERR_NONE(r) OK((r)->err == NULL || (r)->err[0] == '\0', \
	"unexpected messages: [%s]", (r)->err ? (r)->err : "")

static void
quoting(void)
{
	struct run r;

	load(&r, "name,note,n\n"
	    "\"Nậm Nhùn\",\"a, b\",1\n"
	    "\"say \"\"hi\"\"\",\"two\nlines\",2\r\n"
	    "plain,,\"3\"\r\n"
	    "x,\"\",TRUE\n", NULL);
	INT_EQ(r.rc, 0, "quoted fields read");
	ERR_NONE(&r);
	INT_EQ(nrows(&r), 4, "four rows");
	STR_EQ(row(&r, 0), "name=\"Nậm Nhùn\"|note=\"a, b\"|n=1(1)",
	    "separator inside quotes");
	STR_EQ(row(&r, 1), "name=\"say \"hi\"\"|note=\"two\nlines\"|n=2(2)",
	    "doubled quotes, newline inside quotes, CRLF");
	STR_EQ(row(&r, 2), "name=\"plain\"|note=~|n=3(3)",
	    "empty field is null; a quoted number is a number");
	STR_EQ(row(&r, 3), "name=\"x\"|note=\"\"|n=T",
	    "quoted empty is the empty string; TRUE is a boolean");
	STR_EQ(where(&r, 0, "note"), "2:12+6", "location of a quoted field");
	STR_EQ(where(&r, 2, "n"), "5:8+3", "location after an embedded newline");
	STR_EQ(where(&r, 2, "note"), "5:7+0", "location of an empty field");
	done(&r);
}

static void
separators(void)
{
	struct vb_sheet_opts o;
	struct run           r;

	load(&r, "\xEF\xBB\xBF" "Đơn vị;Kết quả;Tỷ lệ\r\n"
	    "LĐLĐ huyện Than Uyên;2.152;139,6\r\n"
	    "Thành phố;  1.000 ;94%\r\n", NULL);
	INT_EQ(r.rc, 0, "BOM, semicolons, CRLF");
	STR_EQ(row(&r, 0), "Đơn vị=\"LĐLĐ huyện Than Uyên\"|"
	    "Kết quả=2152(2.152)|Tỷ lệ=139.6(139,6)", "Vietnamese numbers");
	STR_EQ(row(&r, 1), "Đơn vị=\"Thành phố\"|Kết quả=1000(1.000)|"
	    "Tỷ lệ=94(94%)", "trimmed literal, percent");
	STR_EQ(where(&r, 0, "Đơn vị"), "2:1+25", "first field of line 2");
	done(&r);

	load(&r, "a;x\"b,c\";e\n1;2;3\n", NULL);
	INT_EQ(r.rc, 0, "quoted commas do not count");
	STR_EQ(row(&r, 0), "a=1(1)|x\"b,c\"=2(2)|e=3(3)",
	    "quote in the middle of an unquoted field is literal");
	done(&r);

	load(&r, "a,b;c\n1,2;3\n", NULL);
	INT_EQ(r.rc, -1, "as many commas as semicolons");
	ERR_HAS(&r, "t.csv:1:1: error: cannot tell the field separator: the "
	    "header line has as many commas as semicolons (1)");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.sep = ';';
	load(&r, "a,b;c\n1,2;3\n", &o);
	INT_EQ(r.rc, 0, "named separator");
	STR_EQ(row(&r, 0), "a,b=1.2(1,2)|c=3(3)", "the comma is in a field");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.sep = '\t';
	load(&r, "a\tb\n1,5\tx\n", &o);
	INT_EQ(r.rc, 0, "tab separator");
	STR_EQ(row(&r, 0), "a=1.5(1,5)|b=\"x\"", "tab-separated");
	done(&r);

	load(&r, "only\n1\n\n2\n", NULL);
	INT_EQ(r.rc, 0, "one column, no separator");
	STR_EQ(row(&r, 1), "only=2(2)", "blank line skipped");
	INT_EQ(nrows(&r), 2, "two rows");
	done(&r);

	load(&r, "a,b\r1,2\r3,4", NULL);
	INT_EQ(r.rc, 0, "old Mac line ends, no final newline");
	STR_EQ(row(&r, 1), "a=3(3)|b=4(4)", "second row");
	done(&r);
}

static void
typing(void)
{
	struct vb_sheet_opts o;
	struct run           r;

	load(&r, "k,v\nx,2.15\ny,\"1,234.5\"\nz,12a\n", NULL);
	INT_EQ(r.rc, -1, "malformed numbers fail");
	ERR_HAS(&r, "t.csv:2:3: error: malformed number (số viết sai): "
	    "\"2.15\": a dot must group exactly 3 digits");
	ERR_HAS(&r, "t.csv:3:3: error: malformed number (số viết sai): "
	    "\"1,234.5\": a dot after the decimal comma: looks like an "
	    "English number");
	INT_EQ(r.d.nerrors, 2, "\"12a\" is text, not an error");
	OK(r.t == NULL, "no table on error");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.keep_text = 1;
	load(&r, "k,v\nx,2.15\ny,TRUE\n", &o);
	INT_EQ(r.rc, 0, "keep_text");
	STR_EQ(row(&r, 0), "k=\"x\"|v=\"2.15\"", "text kept");
	STR_EQ(row(&r, 1), "k=\"y\"|v=\"TRUE\"", "no booleans either");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.num_locale = VB_NUM_C;
	load(&r, "k;v\nx;2152.5\ny;1e3\n", &o);
	INT_EQ(r.rc, 0, "C numbers");
	STR_EQ(row(&r, 0), "k=\"x\"|v=2152.5(2152.5)", "dot decimal");
	STR_EQ(row(&r, 1), "k=\"y\"|v=1000(1e3)", "exponent");
	done(&r);

	load(&r, "k,v\nfalse,False\n", NULL);
	STR_EQ(row(&r, 0), "k=F|v=F", "booleans in any case");
	done(&r);
}

static void
headers(void)
{
	struct vb_sheet_opts o;
	struct run           r;

	load(&r, "a,b,a\n1,2,3\n", NULL);
	INT_EQ(r.rc, -1, "duplicate header");
	ERR_HAS(&r, "t.csv:1:5: error: duplicate column name (tên cột trùng "
	    "nhau): \"a\"\n");
	ERR_HAS(&r, "t.csv:1:1: note: first used here");
	done(&r);

	load(&r, "a, b ,\" b\"\n1,2,3\n", NULL);
	INT_EQ(r.rc, -1, "duplicate after trimming");
	ERR_HAS(&r, "t.csv:1:7: error: duplicate column name");
	done(&r);

	load(&r, "a,,c\n1,2,3\n", NULL);
	INT_EQ(r.rc, -1, "empty header");
	ERR_HAS(&r, "t.csv:1:3: error: empty column name in the header "
	    "(thiếu tên cột): column 2");
	done(&r);

	load(&r, "Tên  \n  đơn vị\n1\n", NULL);
	INT_EQ(r.rc, 0, "one-column file");
	done(&r);

	load(&r, "\"Tên\n đơn   vị\"\nx\n", NULL);
	INT_EQ(r.rc, 0, "white space in a key folds");
	STR_EQ(row(&r, 0), "Tên đơn vị=\"x\"", "folded key");
	done(&r);

	load(&r, "", NULL);
	INT_EQ(r.rc, -1, "empty file");
	ERR_HAS(&r, "t.csv:1:1: error: no header row (thiếu dòng tiêu đề cột): "
	    "the file is empty");
	done(&r);

	load(&r, "\xEF\xBB\xBF", NULL);
	INT_EQ(r.rc, -1, "only a BOM");
	done(&r);

	/* Title rows above the header (one holds a quoted newline). */
	memset(&o, 0, sizeof(o));
	o.header_row = 3;
	load(&r, "\"BIỂU\nTỔNG HỢP\";;\n\nTT;Đơn vị;x\n1;a;2\n", &o);
	INT_EQ(r.rc, 0, "header_row skips title rows");
	STR_EQ(row(&r, 0), "TT=1(1)|Đơn vị=\"a\"|x=2(2)", "rows after it");
	STR_EQ(where(&r, 0, "x"), "5:5+1", "locations count the skipped lines");
	done(&r);

	load(&r, "\"BIỂU\nTỔNG HỢP\";;\n\nTT;Đơn vị;x\n1;a;2\n", NULL);
	INT_EQ(r.rc, -1, "without header_row the title is the header");
	ERR_HAS(&r, "t.csv:2:11: error: empty column name");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.header_row = 9;
	load(&r, "a\n1\n", &o);
	INT_EQ(r.rc, -1, "header_row past the end");
	ERR_HAS(&r, "error: no header row (thiếu dòng tiêu đề cột): the file "
	    "has fewer than 9 rows");
	done(&r);

	load(&r, "\r\n\na,b\n1,2\n", NULL);
	INT_EQ(r.rc, 0, "leading blank lines are skipped");
	STR_EQ(row(&r, 0), "a=1(1)|b=2(2)", "header after blank lines");
	done(&r);

	load(&r, "a,b\n", NULL);
	INT_EQ(r.rc, 0, "header only");
	INT_EQ(nrows(&r), 0, "an empty table");
	done(&r);

	/* The seed's two-row header, as Excel exports merged cells. */
	memset(&o, 0, sizeof(o));
	o.header_rows = 2;
	load(&r, "TT;Đơn vị;GIAI ĐOẠN 1;;;GIAI ĐOẠN 2;;TỔNG;;x\n"
	    ";;Chỉ tiêu;Kết quả;Tỷ lệ %;Chỉ tiêu;Kết quả;;Tỷ lệ;\n"
	    "1;Than Uyên;115;308;268;125;30;338;141;\n", &o);
	INT_EQ(r.rc, 0, "two header rows");
	STR_EQ(row(&r, 0), "TT=1(1)|Đơn vị=\"Than Uyên\"|"
	    "GIAI ĐOẠN 1 / Chỉ tiêu=115(115)|GIAI ĐOẠN 1 / Kết quả=308(308)|"
	    "GIAI ĐOẠN 1 / Tỷ lệ %=268(268)|GIAI ĐOẠN 2 / Chỉ tiêu=125(125)|"
	    "GIAI ĐOẠN 2 / Kết quả=30(30)|TỔNG=338(338)|Tỷ lệ=141(141)|x=~",
	    "group keys; a group without sub-columns does not continue");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.header_rows = 2;
	load(&r, "a;b\nc\n", &o);
	INT_EQ(r.rc, -1, "second header row too short");
	ERR_HAS(&r, "t.csv:2:1: error: wrong number of fields in a row (số "
	    "cột không khớp): the second header row has 1 fields, the first 2");
	done(&r);

	memset(&o, 0, sizeof(o));
	o.header_rows = 5;
	load(&r, "a\n", &o);
	INT_EQ(r.rc, -1, "bad option");
	ERR_HAS(&r, "vanban: error: bad table reader option: t.csv: "
	    "header_rows 5");
	done(&r);
}

static void
bad(void)
{
	struct vb_sheet_opts o;
	struct run           r;
	struct vb_buf        b = VB_BUF_INIT;
	int                  i;

	load(&r, "a;b;c\n1;2;3\n4;5\n6;7;8;9\n;;\n", NULL);
	INT_EQ(r.rc, -1, "wrong field counts");
	ERR_HAS(&r, "t.csv:3:1: error: wrong number of fields in a row (số "
	    "cột không khớp): this row has 2, the header 3\n"
	    "     3 | 4;5\n       | ^\n");
	ERR_HAS(&r, "t.csv:4:1: error: wrong number of fields in a row (số "
	    "cột không khớp): this row has 4, the header 3");
	INT_EQ(r.d.nerrors, 2, "the all-empty row is skipped, not counted");
	done(&r);

	load(&r, "a,b\n1,\"open\n2,3\n", NULL);
	INT_EQ(r.rc, -1, "unterminated quote");
	ERR_HAS(&r, "t.csv:2:3: error: unterminated quoted field (thiếu dấu "
	    "ngoặc kép đóng)");
	done(&r);

	load(&r, "a,b\n\"x\"y,2\n", NULL);
	INT_EQ(r.rc, -1, "text after a closing quote");
	ERR_HAS(&r, "t.csv:2:4: error: text after a closing quote");
	done(&r);

	load(&r, "a,b\nPh\xE1\xBB\x91,\xC3\x28\n", NULL);
	INT_EQ(r.rc, -1, "invalid UTF-8");
	ERR_HAS(&r, "t.csv:2:5: error: invalid UTF-8 (mã UTF-8 hỏng): byte "
	    "0xC3; save the file as CSV UTF-8");
	done(&r);

	load_n(&r, "a,b\n1,\0\n", 8, NULL);
	INT_EQ(r.rc, -1, "NUL byte");
	ERR_HAS(&r, "t.csv:2:3: error: NUL byte in a text file");
	done(&r);

	/* Errors stop after 20 reports. */
	vb_buf_puts(&b, "a,b\n");
	for (i = 0; i < 50; i++)
		vb_buf_puts(&b, "1\n");
	load(&r, b.data, NULL);
	INT_EQ(r.rc, -1, "many bad rows");
	INT_EQ(r.d.nerrors, 20, "reports stop at 20");
	ERR_HAS(&r, "t.csv:21:1: note: further rows not checked");
	done(&r);
	vb_buf_free(&b);

	memset(&o, 0, sizeof(o));
	o.max_cells = 5;
	load(&r, "a,b\n1,2\n3,4\n5,6\n", &o);
	INT_EQ(r.rc, -1, "value limit");
	ERR_HAS(&r, "t.csv:4:1: error: limit exceeded: a table of more than "
	    "1048576 rows or 5 values");
	done(&r);
}

int
main(void)
{
	quoting();
	separators();
	typing();
	headers();
	bad();
	return unit_done("t_csv");
}
