/* t_yaml.c — YAML and JSON into values: every kind, locations, errors. */
#include <stdlib.h>

#include "data.h"
#include "unit.h"

static struct vb_srcset ss;
static struct vb_arena  arena;
static char            *errs;    /* what the last parse printed */
static int              rc;      /* what it returned */

/* Parses text[0..n) as source name, range [off, off+len). */
static struct vb_value *
parse_range(const char *name, const char *text, size_t n, size_t off,
    size_t len, int json)
{
	struct vb_diag   d;
	struct vb_src   *s;
	struct vb_value *v = NULL;
	size_t           elen;
	FILE            *mem;
	char            *copy = vb_xmalloc(n + 1);

	memcpy(copy, text, n);
	free(errs);
	errs = NULL;
	mem = open_memstream(&errs, &elen);
	vb_diag_init(&d, &ss, mem);
	s = vb_srcset_add(&ss, name, copy, n);
	rc = (json ? vb_json_parse : vb_yaml_parse)(s, off, len, &arena, &d,
	    &v);
	fclose(mem);
	return v;
}

static struct vb_value *
yaml(const char *text)
{
	return parse_range("t.yaml", text, strlen(text), 0, strlen(text), 0);
}

static struct vb_value *
json(const char *text)
{
	return parse_range("t.json", text, strlen(text), 0, strlen(text), 1);
}

static struct vb_value *
get(struct vb_value *m, const char *k)
{
	struct vb_value *v = vb_map_get(m, k);
	static struct vb_value none = { VB_VTYPE__MAX, { 0, 0, 0, NULL },
	    { 0 } };

	return v != NULL ? v : &none;
}

static int
starts(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Byte offset of needle in the last source. */
static uint32_t
off_of(const char *needle)
{
	struct vb_src *s = vb_srcset_get(&ss, (int)ss.n - 1);

	return (uint32_t)(strstr(s->data, needle) - s->data);
}

static void
test_kinds(void)
{
	struct vb_value *v, *z;

	v = yaml("tên đơn vị: Sìn Hồ\n"
	    "chỉ_tiêu: 250\n"
	    "ngay: 2023-09-06\n"
	    "luc: 2023-09-18 08:00\n"
	    "luc2: 2023-9-8T7:05\n"
	    "x: ~\n"
	    "y:\n"
	    "z: [1, 0x1F, 1.5e3, .5, \"2.300\", true, no, -4, 0o17, 0.125]\n"
	    "nested: {a: [b, {c: d}]}\n"
	    "q: 'it''s'\n"
	    "k: |\n  hai dòng\n  thứ hai\n"
	    "nam_hoc: 2023-2024\n"
	    "ty_le: 94%\n"
	    "Null: NULL\n"
	    "1: số một\n");
	INT_EQ(rc, 0, "kinds parse");
	STR_EQ(errs, "", "no diagnostics");
	if (v == NULL)
		return;
	INT_EQ(v->type, VB_MAP, "root is a map");
	INT_EQ(v->u.map.n, 15, "15 keys");
	STR_EQ(v->u.map.k[0], "tên đơn vị", "first key in order");
	STR_EQ(v->u.map.k[14], "1", "a number key is text");
	STR_EQ(get(v, "tên đơn vị")->u.str.s, "Sìn Hồ", "string");
	INT_EQ(get(v, "chỉ_tiêu")->type, VB_NUM, "number");
	INT_EQ(get(v, "chỉ_tiêu")->u.num.v, 250, "number value");
	STR_EQ(get(v, "chỉ_tiêu")->u.num.lit, "250", "literal kept");
	INT_EQ(get(v, "ngay")->type, VB_DATE, "date");
	INT_EQ(get(v, "ngay")->u.date.y * 10000 + get(v, "ngay")->u.date.m *
	    100 + get(v, "ngay")->u.date.d, 20230906, "date value");
	INT_EQ(get(v, "ngay")->u.date.has_time, 0, "date without time");
	INT_EQ(get(v, "luc")->u.date.has_time, 1, "date-time");
	INT_EQ(get(v, "luc")->u.date.hh * 100 + get(v, "luc")->u.date.mm, 800,
	    "time of day");
	INT_EQ(get(v, "luc2")->u.date.m * 100 + get(v, "luc2")->u.date.d, 908,
	    "one-digit month and day");
	INT_EQ(get(v, "luc2")->u.date.hh * 100 + get(v, "luc2")->u.date.mm,
	    705, "T and a one-digit hour");
	INT_EQ(get(v, "x")->type, VB_NULL, "~ is null");
	INT_EQ(get(v, "y")->type, VB_NULL, "empty is null");
	INT_EQ(get(v, "Null")->type, VB_NULL, "NULL is null");
	z = get(v, "z");
	INT_EQ(z->type, VB_LIST, "list");
	if (z->type == VB_LIST && z->u.list.n == 10) {
		INT_EQ(z->u.list.v[1]->u.num.v, 31, "hex");
		STR_EQ(z->u.list.v[1]->u.num.lit, "0x1F", "hex literal");
		OK(z->u.list.v[2]->u.num.v == 1500, "exponent");
		OK(z->u.list.v[3]->u.num.v == 0.5, ".5");
		INT_EQ(z->u.list.v[4]->type, VB_STR, "quoted 2.300 is text");
		STR_EQ(z->u.list.v[4]->u.str.s, "2.300", "quoted text kept");
		INT_EQ(z->u.list.v[5]->type, VB_BOOL, "true");
		INT_EQ(z->u.list.v[5]->u.b, 1, "true is 1");
		INT_EQ(z->u.list.v[6]->type, VB_STR, "no is text (YAML 1.2)");
		INT_EQ(z->u.list.v[7]->u.num.v, -4, "negative");
		INT_EQ(z->u.list.v[8]->u.num.v, 15, "octal 0o17");
		OK(z->u.list.v[9]->u.num.v == 0.125, "0.125 is not ambiguous");
	} else
		OK(0, "z has 10 items");
	STR_EQ(get(get(get(v, "nested"), "a")->u.list.v[1], "c")->u.str.s, "d",
	    "nested flow");
	STR_EQ(get(v, "q")->u.str.s, "it's", "single-quoted escape");
	STR_EQ(get(v, "k")->u.str.s, "hai dòng\nthứ hai\n", "block scalar");
	INT_EQ(get(v, "k")->u.str.len, strlen("hai dòng\nthứ hai\n"),
	    "string length");
	STR_EQ(get(v, "nam_hoc")->u.str.s, "2023-2024", "a school year is text");
	STR_EQ(get(v, "ty_le")->u.str.s, "94%", "a percentage is text");

	v = yaml("");
	INT_EQ(rc, 0, "empty file parses");
	OK(v != NULL && v->type == VB_NULL, "empty file is null");
	v = yaml("# chỉ có chú thích\n");
	OK(v != NULL && v->type == VB_NULL, "comments only is null");
	v = yaml("- 1\n- a\n");
	OK(v != NULL && v->type == VB_LIST && v->u.list.n == 2, "list root");
	v = yaml("--- 5\n...\n");
	OK(v != NULL && v->type == VB_NUM && v->u.num.v == 5, "one document");
}

static void
test_locations(void)
{
	struct vb_value *v, *x;
	struct vb_src   *s;
	unsigned         line, col;
	const char      *t;

	v = yaml("tên đơn vị: Sìn Hồ\n"
	    "chỉ_tiêu: 250\n"
	    "danh sách:\n"
	    "  - Mường Tè\n"
	    "  - {tỷ lệ: 98}\n"
	    "ghi chú: \"Nậm Nhùn\"\n");
	if (v == NULL) {
		OK(0, "locations parse");
		return;
	}
	s = vb_srcset_get(&ss, (int)ss.n - 1);
	x = get(v, "tên đơn vị");
	INT_EQ(x->loc.src, s->id, "source id");
	INT_EQ(x->loc.off, off_of("Sìn Hồ"), "byte offset after UTF-8 key");
	INT_EQ(x->loc.len, strlen("Sìn Hồ"), "byte length of a scalar");
	x = get(v, "chỉ_tiêu");
	INT_EQ(x->loc.off, off_of("250"), "number offset");
	INT_EQ(x->loc.len, 3, "number length");
	vb_src_linecol(s, x->loc.off, &line, &col);
	INT_EQ(line, 2, "line of 250");
	INT_EQ(col, 11, "column of 250 in code points");
	x = get(v, "danh sách");
	INT_EQ(x->type, VB_LIST, "block list");
	INT_EQ(x->u.list.v[0]->loc.off, off_of("Mường Tè"), "list item offset");
	INT_EQ(x->u.list.v[1]->loc.off, off_of("{tỷ"), "flow map offset");
	INT_EQ(x->u.list.v[1]->loc.len, 1, "flow map start is one byte");
	INT_EQ(get(x->u.list.v[1], "tỷ lệ")->loc.off, off_of("98"),
	    "value inside a flow map");
	x = get(v, "ghi chú");
	INT_EQ(x->loc.off, off_of("\"Nậm"), "quoted scalar starts at quote");
	INT_EQ(x->loc.len, strlen("\"Nậm Nhùn\""), "quotes included");

	/* A sub-range: the front matter of a template. */
	t = "---\ntiêu_đề: Kế hoạch\nsố: 471\n---\nThân bài: 2.300\n";
	v = parse_range("kh.md", t, strlen(t), 4,
	    (size_t)(strstr(t, "\n---\n") - t) + 1 - 4, 0);
	INT_EQ(rc, 0, "front matter parses");
	if (v != NULL) {
		INT_EQ(v->u.map.n, 2, "the body is not read");
		INT_EQ(get(v, "số")->loc.off, strstr(t, "471") - t,
		    "offset in the whole source");
		STR_EQ(get(v, "tiêu_đề")->u.str.s, "Kế hoạch", "front value");
	}

	/* CR LF line ends and a BOM. */
	v = yaml("\xEF\xBB\xBF" "ấp: 1\r\nbản: \"Sì\"\r\n");
	INT_EQ(rc, 0, "CR LF and BOM parse");
	if (v != NULL) {
		INT_EQ(get(v, "ấp")->loc.off, off_of("1\r"), "offset after BOM");
		INT_EQ(get(v, "bản")->loc.off, off_of("\"Sì"),
		    "offset after CR LF");
		INT_EQ(get(v, "bản")->loc.len, strlen("\"Sì\""), "length");
	}
}

/* Checks the exact diagnostics of a bad YAML input. */
static void
bad_yaml(const char *text, const char *want, const char *what)
{
	struct vb_value *v = yaml(text);

	INT_EQ(rc, -1, "%s: fails", what);
	OK(v == NULL, "%s: no value", what);
	STR_EQ(errs, want, "%s", what);
}

static void
bad_json(const char *text, const char *want, const char *what)
{
	struct vb_value *v = json(text);

	INT_EQ(rc, -1, "%s: fails", what);
	OK(v == NULL, "%s: no value", what);
	STR_EQ(errs, want, "%s", what);
}

static void
test_yaml_errors(void)
{
	struct vb_buf b = VB_BUF_INIT;
	const char   *t;
	int           i;

	bad_yaml("tên: Hồ\ndanh_sach:\n  - a\n - b\n",
	    "vanban: t.yaml:4:2: error: bad YAML (YAML hỏng): did not find "
	    "expected key while parsing a block mapping (check this line's "
	    "indentation)\n"
	    "     4 |  - b\n"
	    "       |  ^\n"
	    "vanban: t.yaml:1:1: note: while parsing a block mapping\n",
	    "bad indentation");
	bad_yaml("a: 1\n  b: 2\n",
	    "vanban: t.yaml:2:4: error: bad YAML (YAML hỏng): mapping values "
	    "are not allowed in this context (check this line's indentation, "
	    "or quote a value that holds ': ')\n"
	    "     2 |   b: 2\n"
	    "       |    ^\n",
	    "indented key");
	bad_yaml("tên: \"Hồ\nb: 2\n",
	    "vanban: t.yaml:1:6: error: bad YAML (YAML hỏng): found unexpected "
	    "end of stream while scanning a quoted scalar\n"
	    "     1 | tên: \"Hồ\n"
	    "       |      ^\n",
	    "unterminated quote points at the quote");
	bad_yaml("đơn vị: 1\nđơn vị: 2\n",
	    "vanban: t.yaml:2:1: error: duplicate key (khóa trùng): đơn vị\n"
	    "     2 | đơn vị: 2\n"
	    "       | ^~~~~~\n"
	    "vanban: t.yaml:1:1: note: 'đơn vị' is first set here\n",
	    "duplicate key");
	bad_yaml("ngày ký: 2023-02-30\n",
	    "vanban: t.yaml:1:10: error: invalid date (ngày không hợp lệ): "
	    "2023-02-30 is not a day of the calendar\n"
	    "     1 | ngày ký: 2023-02-30\n"
	    "       |          ^~~~~~~~~~\n",
	    "invalid date");
	bad_yaml("nam: 2023-02-29\n",
	    "vanban: t.yaml:1:6: error: invalid date (ngày không hợp lệ): "
	    "2023-02-29 is not a day of the calendar\n"
	    "     1 | nam: 2023-02-29\n"
	    "       |      ^~~~~~~~~~\n",
	    "no 29 February in 2023");
	OK(yaml("nam: 2024-02-29\n") != NULL, "29 February 2024 is fine");
	bad_yaml("# Lai Châu\nchỉ tiêu: 2.300\n",
	    "vanban: t.yaml:2:11: error: ambiguous number (số không rõ): 2.300 "
	    "could be read as a thousands separator or a decimal point: write "
	    "it without dots (2300) or as a decimal (2.3), or quote it\n"
	    "     2 | chỉ tiêu: 2.300\n"
	    "       |           ^~~~~\n",
	    "ambiguous 2.300");
	bad_yaml("tên: Hồ\nx: \xFF\n",
	    "vanban: t.yaml:2:4: error: invalid UTF-8 (mã UTF-8 hỏng): "
	    "byte 0xFF\n",
	    "invalid UTF-8 at the byte");
	{
		static const char nul[] = "a: Hồ\nb: x\0y\n";

		parse_range("t.yaml", nul, sizeof(nul) - 1, 0, sizeof(nul) - 1,
		    0);
		INT_EQ(rc, -1, "NUL fails");
		OK(starts(errs, "vanban: t.yaml:2:5: error: NUL byte in a "
		    "text file\n"), "NUL byte");
	}
	/* Billion laughs: ten aliases per level, eleven levels. */
	vb_buf_puts(&b, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 12; i++)
		vb_buf_printf(&b, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, "
		    "*%c, *%c, *%c]\n", 'a' + i, 'a' + i, 'a' + i - 1,
		    'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
		    'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
		    'a' + i - 1);
	bad_yaml(b.data,
	    "vanban: t.yaml:6:36: error: limit exceeded: more than 1000000 "
	    "values, counting each use of an alias (*name) as a copy\n"
	    "     6 | f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "       |                                    ^~\n",
	    "billion laughs");
	vb_buf_reset(&b);
	for (i = 0; i < 70; i++)
		vb_buf_putc(&b, '[');
	for (i = 0; i < 70; i++)
		vb_buf_putc(&b, ']');
	vb_buf_putc(&b, '\n');
	yaml(b.data);
	INT_EQ(rc, -1, "depth limit fails");
	OK(starts(errs, "vanban: t.yaml:1:65: error: limit exceeded: lists "
	    "and maps nested deeper than 64 levels\n"), "depth limit");
	vb_buf_reset(&b);
	for (i = 0; i < 64; i++)
		vb_buf_putc(&b, '[');
	for (i = 0; i < 64; i++)
		vb_buf_putc(&b, ']');
	OK(yaml(b.data) != NULL, "64 levels are fine");
	vb_buf_free(&b);

	bad_yaml("a: !!int 3\n",
	    "vanban: t.yaml:1:4: error: YAML tags are not supported (không hỗ "
	    "trợ thẻ YAML): tag:yaml.org,2002:int\n"
	    "     1 | a: !!int 3\n"
	    "       |    ^~~~~~~\n",
	    "tags");
	bad_yaml("a: &x [*x]\n",
	    "vanban: t.yaml:1:8: error: unknown alias (bí danh chưa định "
	    "nghĩa): *x (an anchor &x must come before, outside the value that "
	    "uses it)\n"
	    "     1 | a: &x [*x]\n"
	    "       |        ^~\n",
	    "an alias inside its own anchor");
	bad_yaml("--- 1\n--- 2\n",
	    "vanban: t.yaml:2:1: error: more than one YAML document (nhiều tài "
	    "liệu YAML): a data file holds one document: remove this '---' or "
	    "split the file\n"
	    "     2 | --- 2\n"
	    "       | ^~~\n",
	    "two documents");
	bad_yaml("? [a]\n: 1\n",
	    "vanban: t.yaml:1:3: error: a key must be a non-empty text (khóa "
	    "phải là chữ): a list cannot be a key\n"
	    "     1 | ? [a]\n"
	    "       |   ^\n",
	    "list as a key");
	bad_yaml("\"\": 1\n",
	    "vanban: t.yaml:1:1: error: a key must be a non-empty text (khóa "
	    "phải là chữ): the key is empty\n"
	    "     1 | \"\": 1\n"
	    "       | ^~\n",
	    "empty key");
	bad_yaml("a: x\nb: {<<: 3}\n",
	    "vanban: t.yaml:2:9: error: bad merge key '<<' (khóa gộp sai): the "
	    "value of '<<' must be a map or a list of maps, not a number\n"
	    "     2 | b: {<<: 3}\n"
	    "       |         ^\n",
	    "merge of a number");

	/* Several value errors are all reported, then the parse fails. */
	t = "a: 93,6\nb: 007\nc: 12345678901234567\nd: 06/9/2023\n"
	    "e: 2023-09-18 25:00\nf: .inf\ng: 12.500.000\nh: 0x20000000000000\n";
	bad_yaml(t,
	    "vanban: t.yaml:1:4: error: ambiguous number (số không rõ): 93,6 "
	    "has a comma: write a decimal with a dot (93.6) and no thousands "
	    "separator (2300), or quote it\n"
	    "     1 | a: 93,6\n"
	    "       |    ^~~~\n"
	    "vanban: t.yaml:2:4: error: ambiguous number (số không rõ): 007 "
	    "starts with 0: quote it if it is a code or a phone number, or "
	    "drop the 0\n"
	    "     2 | b: 007\n"
	    "       |    ^~~\n"
	    "vanban: t.yaml:3:4: error: number cannot be kept exactly (số không "
	    "giữ được chính xác): 12345678901234567 is 2^53 or more, beyond "
	    "what a number keeps exactly: quote it if it is an account or code "
	    "number\n"
	    "     3 | c: 12345678901234567\n"
	    "       |    ^~~~~~~~~~~~~~~~~\n"
	    "vanban: t.yaml:4:4: error: invalid date (ngày không hợp lệ): "
	    "06/9/2023 is written day/month/year: write 2023-09-06 "
	    "(năm-tháng-ngày), or quote it to keep it as text\n"
	    "     4 | d: 06/9/2023\n"
	    "       |    ^~~~~~~~~\n"
	    "vanban: t.yaml:5:4: error: invalid date (ngày không hợp lệ): "
	    "2023-09-18 25:00: write a date and time as 2023-09-18 08:00 (no "
	    "seconds, no time zone)\n"
	    "     5 | e: 2023-09-18 25:00\n"
	    "       |    ^~~~~~~~~~~~~~~~\n"
	    "vanban: t.yaml:6:4: error: number cannot be kept exactly (số không "
	    "giữ được chính xác): .inf is not a finite number: quote it to "
	    "keep it as text\n"
	    "     6 | f: .inf\n"
	    "       |    ^~~~\n"
	    "vanban: t.yaml:7:4: error: ambiguous number (số không rõ): "
	    "12.500.000 could be read as a thousands separator or a decimal "
	    "point: write it without dots (2300) or as a decimal (2.3), or "
	    "quote it\n"
	    "     7 | g: 12.500.000\n"
	    "       |    ^~~~~~~~~~\n"
	    "vanban: t.yaml:8:4: error: number cannot be kept exactly (số không "
	    "giữ được chính xác): 0x20000000000000 is 2^53 or more, beyond "
	    "what a number keeps exactly: quote it if it is an account or code "
	    "number\n"
	    "     8 | h: 0x20000000000000\n"
	    "       |    ^~~~~~~~~~~~~~~~\n",
	    "value errors all reported");

	/* An error in a sub-range, after Vietnamese text, in a CR LF file. */
	t = "---\r\ntiêu_đề: Kế hoạch số 471\r\nsố_lượng: 2.300\r\n---\r\n"
	    "Thân bài\r\n";
	parse_range("kh.md", t, strlen(t), 5,
	    (size_t)(strstr(t, "---\r\nThân") - t) - 5, 0);
	INT_EQ(rc, -1, "front matter error fails");
	STR_EQ(errs,
	    "vanban: kh.md:3:11: error: ambiguous number (số không rõ): 2.300 "
	    "could be read as a thousands separator or a decimal point: write "
	    "it without dots (2300) or as a decimal (2.3), or quote it\n"
	    "     3 | số_lượng: 2.300\n"
	    "       |           ^~~~~\n",
	    "error in a sub-range with CR LF");
	t = "---\ntên: Lò Văn Hùng\nchức vụ: [Phó\n---\nThân\n";
	parse_range("kh.md", t, strlen(t), 4,
	    (size_t)(strstr(t, "---\nThân") - t) - 4, 0);
	STR_EQ(errs,
	    "vanban: kh.md:3:10: error: bad YAML (YAML hỏng): did not find "
	    "expected ',' or ']' while parsing a flow sequence\n"
	    "     3 | chức vụ: [Phó\n"
	    "       |          ^\n",
	    "libyaml error in a sub-range after UTF-8");
	bad_yaml("a: 1\nb: \x01\n",
	    "vanban: t.yaml:2:4: error: bad YAML (YAML hỏng): control "
	    "characters are not allowed (#x1)\n"
	    "     2 | b: \x01\n"
	    "       |    ^\n",
	    "control character: libyaml's byte offset");
}

static void
test_alias_merge(void)
{
	struct vb_value *v, *b;

	v = yaml("chung: &chung {don_vi: LĐLĐ tỉnh, nam: 2023}\n"
	    "dot1: *chung\n"
	    "dot2:\n  <<: *chung\n  nam: 2024\n"
	    "dot3: {<<: [*chung, {ghi_chu: x}], khac: 1}\n");
	INT_EQ(rc, 0, "aliases and merges parse");
	if (v == NULL)
		return;
	OK(get(v, "dot1") == get(v, "chung"), "an alias shares the value");
	b = get(v, "dot2");
	INT_EQ(b->u.map.n, 2, "merge adds the missing key");
	INT_EQ(get(b, "nam")->u.num.v, 2024, "the map's own key wins");
	STR_EQ(get(b, "don_vi")->u.str.s, "LĐLĐ tỉnh", "merged key");
	INT_EQ(get(get(v, "chung"), "nam")->u.num.v, 2023, "anchor untouched");
	b = get(v, "dot3");
	INT_EQ(b->u.map.n, 4, "merge of a list of maps");
	STR_EQ(b->u.map.k[0], "khac", "own keys first");
	STR_EQ(get(b, "ghi_chu")->u.str.s, "x", "second merged map");
	v = yaml("a: &n 5\nb: *n\n");
	OK(v != NULL && get(v, "b")->u.num.v == 5, "scalar anchor");
	v = yaml("&k t\xC3\xAAn: 1\nb: *k\n");
	OK(v != NULL && strcmp(get(v, "b")->u.str.s, "t\xC3\xAAn") == 0,
	    "an anchored key is used as its text");
}

static void
test_nfc(void)
{
	struct vb_value *v;

	/* "Hồ" as H + o + U+0302 + U+0300 (decomposed, as some Mac tools
	 * write it) becomes the precomposed U+1ED3. */
	v = yaml("t\xC3\xAA\xCC\x82n: \"Ho\xCC\x82\xCC\x80\"\n"
	    "b: Ho\xCC\x82\xCC\x80\n");
	INT_EQ(rc, 0, "NFD text parses");
	if (v != NULL) {
		STR_EQ(get(v, "b")->u.str.s, "H\xE1\xBB\x93", "plain NFC");
		STR_EQ(v->u.map.v[0]->u.str.s, "H\xE1\xBB\x93", "quoted NFC");
		INT_EQ(v->u.map.v[0]->u.str.len, 4, "NFC length");
	}
	bad_yaml("H\xE1\xBB\x93: 1\nHo\xCC\x82\xCC\x80: 2\n",
	    "vanban: t.yaml:2:1: error: duplicate key (khóa trùng): "
	    "H\xE1\xBB\x93\n"
	    "     2 | Ho\xCC\x82\xCC\x80: 2\n"
	    "       | ^~~~\n"
	    "vanban: t.yaml:1:1: note: 'H\xE1\xBB\x93' is first set here\n",
	    "keys equal after NFC are duplicates");
}

static void
test_plain(void)
{
	struct vb_diag   d;
	struct vb_value *v;
	FILE            *null = fopen("/dev/null", "w");

	vb_diag_init(&d, &ss, null);
	v = vb_yaml_plain(&arena, &d, "2.3", 3, NULL);
	OK(v != NULL && v->type == VB_NUM && v->u.num.v == 2.3, "2.3");
	v = vb_yaml_plain(&arena, &d, "2.3000", 6, NULL);
	OK(v != NULL && v->type == VB_NUM, "four decimals are a number");
	v = vb_yaml_plain(&arena, &d, "-1.070", 6, NULL);
	OK(v == NULL, "-1.070 is ambiguous");
	v = vb_yaml_plain(&arena, &d, "1000.500", 8, NULL);
	OK(v != NULL && v->u.num.v == 1000.5, "four digits before the dot");
	v = vb_yaml_plain(&arena, &d, "0", 1, NULL);
	OK(v != NULL && v->type == VB_NUM && v->u.num.v == 0, "zero");
	v = vb_yaml_plain(&arena, &d, "-0.5", 4, NULL);
	OK(v != NULL && v->u.num.v == -0.5, "-0.5");
	v = vb_yaml_plain(&arena, &d, "9007199254740991", 16, NULL);
	OK(v != NULL && v->type == VB_NUM, "2^53 - 1 is exact");
	v = vb_yaml_plain(&arena, &d, "1e999", 5, NULL);
	OK(v == NULL, "1e999 overflows");
	v = vb_yaml_plain(&arena, &d, "2023-09-18 08:00:00", 19, NULL);
	OK(v != NULL && v->type == VB_DATE && v->u.date.has_time,
	    ":00 seconds are fine");
	v = vb_yaml_plain(&arena, &d, "2023-09-18 08:00:30", 19, NULL);
	OK(v == NULL, "other seconds are refused");
	v = vb_yaml_plain(&arena, &d, "2023-09-18T08:00Z", 17, NULL);
	OK(v == NULL, "a time zone is refused");
	v = vb_yaml_plain(&arena, &d, "2023-09-06 đến 2023-09-10", 26, NULL);
	OK(v != NULL && v->type == VB_STR, "a date then words is text");
	v = vb_yaml_plain(&arena, &d, "471/KH-LĐLĐ", strlen("471/KH-LĐLĐ"),
	    NULL);
	OK(v != NULL && v->type == VB_STR, "a document number is text");
	v = vb_yaml_plain(&arena, &d, "15h34", 5, NULL);
	OK(v != NULL && v->type == VB_STR, "15h34 is text");
	v = vb_yaml_plain(&arena, &d, "0123", 4, NULL);
	OK(v == NULL, "leading zero refused");
	v = vb_yaml_plain(&arena, &d, "1,5", 3, NULL);
	OK(v == NULL, "decimal comma refused");
	v = vb_yaml_plain(&arena, &d, "1, 5", 4, NULL);
	OK(v != NULL && v->type == VB_STR, "comma and space is text");
	v = vb_yaml_plain(&arena, &d, "False", 5, NULL);
	OK(v != NULL && v->type == VB_BOOL && v->u.b == 0, "False");
	v = vb_yaml_plain(&arena, &d, "0x", 2, NULL);
	OK(v != NULL && v->type == VB_STR, "0x alone is text");
	INT_EQ(d.nerrors, 6, "six refusals counted");
	fclose(null);
}

static void
test_json(void)
{
	struct vb_value *v, *a;

	v = json("{\"tên\": \"Hồ\", \"a\": [1, 2.300, -0.5e3, true, false, "
	    "null], \"d\": \"2023-09-06\", \"e\": \"\\ud83d\\ude00 \\u1ec7\","
	    " \"o\": {}, \"l\": []}");
	INT_EQ(rc, 0, "JSON parses");
	STR_EQ(errs, "", "no JSON diagnostics");
	if (v == NULL)
		return;
	STR_EQ(get(v, "tên")->u.str.s, "Hồ", "JSON string");
	INT_EQ(get(v, "tên")->loc.off, off_of("\"Hồ"), "JSON string offset");
	INT_EQ(get(v, "tên")->loc.len, strlen("\"Hồ\""), "with its quotes");
	a = get(v, "a");
	OK(a->type == VB_LIST && a->u.list.n == 6, "JSON array");
	if (a->type == VB_LIST && a->u.list.n == 6) {
		OK(a->u.list.v[1]->u.num.v == 2.3, "2.300 is 2.3 in JSON");
		STR_EQ(a->u.list.v[1]->u.num.lit, "2.300", "JSON literal kept");
		INT_EQ(a->u.list.v[1]->loc.off, off_of("2.300"), "number offset");
		OK(a->u.list.v[2]->u.num.v == -500, "exponent");
		INT_EQ(a->u.list.v[3]->type, VB_BOOL, "true");
		INT_EQ(a->u.list.v[5]->type, VB_NULL, "null");
	}
	INT_EQ(get(v, "d")->type, VB_STR, "a JSON date stays text");
	STR_EQ(get(v, "e")->u.str.s, "\xF0\x9F\x98\x80 \xE1\xBB\x87",
	    "escapes and surrogate pairs");
	INT_EQ(get(v, "o")->type, VB_MAP, "empty object");
	INT_EQ(get(v, "l")->u.list.n, 0, "empty array");
	v = json("\xEF\xBB\xBF 42 \n");
	OK(v != NULL && v->type == VB_NUM && v->loc.off == 4, "BOM, scalar root");
	v = json("\"Ho\xCC\x82\xCC\x80\"");
	OK(v != NULL && strcmp(v->u.str.s, "H\xE1\xBB\x93") == 0, "JSON NFC");

	bad_json("[1, 2,]",
	    "vanban: t.json:1:6: error: bad JSON (JSON hỏng): trailing comma: "
	    "JSON allows no ',' before ']'\n"
	    "     1 | [1, 2,]\n"
	    "       |      ^\n",
	    "trailing comma in an array");
	bad_json("{\n  \"tên\": \"Hồ\",\n}\n",
	    "vanban: t.json:2:14: error: bad JSON (JSON hỏng): trailing comma: "
	    "JSON allows no ',' before '}'\n"
	    "     2 |   \"tên\": \"Hồ\",\n"
	    "       |              ^\n",
	    "trailing comma in an object");
	bad_json("{\n  \"tên\": \"Hồ\n}",
	    "vanban: t.json:2:10: error: bad JSON (JSON hỏng): unterminated "
	    "string (chuỗi chưa đóng): the line ends before the closing quote\n"
	    "     2 |   \"tên\": \"Hồ\n"
	    "       |          ^\n",
	    "unterminated string");
	bad_json("{\"a\": \"x",
	    "vanban: t.json:1:7: error: bad JSON (JSON hỏng): unterminated "
	    "string (chuỗi chưa đóng): the text ends before the closing quote\n"
	    "     1 | {\"a\": \"x\n"
	    "       |       ^\n",
	    "string cut at the end");
	bad_json("{\"a\": 1, \"a\": 2}",
	    "vanban: t.json:1:10: error: duplicate key (khóa trùng): a\n"
	    "     1 | {\"a\": 1, \"a\": 2}\n"
	    "       |          ^~~\n"
	    "vanban: t.json:1:2: note: 'a' is first set here\n",
	    "JSON duplicate key");
	bad_json("{'a': 1}",
	    "vanban: t.json:1:2: error: bad JSON (JSON hỏng): expected a key in "
	    "double quotes, found \"'\" (JSON strings take double quotes)\n"
	    "     1 | {'a': 1}\n"
	    "       |  ^\n",
	    "single quotes");
	bad_json("// chú thích\n1",
	    "vanban: t.json:1:1: error: bad JSON (JSON hỏng): a value was "
	    "expected, found '/' (JSON has no comments)\n"
	    "     1 | // chú thích\n"
	    "       | ^\n",
	    "comments");
	bad_json("[1 2]",
	    "vanban: t.json:1:4: error: bad JSON (JSON hỏng): expected ',' or "
	    "']' after a list item, found '2'\n"
	    "     1 | [1 2]\n"
	    "       |    ^\n",
	    "missing comma");
	bad_json("{\"a\": True}",
	    "vanban: t.json:1:7: error: bad JSON (JSON hỏng): unknown word: JSON "
	    "has only true, false and null, in lower case; text goes in double "
	    "quotes\n"
	    "     1 | {\"a\": True}\n"
	    "       |       ^\n",
	    "capital True");
	bad_json("[01]",
	    "vanban: t.json:1:2: error: bad JSON (JSON hỏng): a number cannot "
	    "start with 0 in JSON: write 7, not 07 (or make it a string if it "
	    "is a code)\n"
	    "     1 | [01]\n"
	    "       |  ^\n",
	    "leading zero");
	bad_json("{} x",
	    "vanban: t.json:1:4: error: bad JSON (JSON hỏng): expected the end "
	    "of the text after the JSON value, found 'x'\n"
	    "     1 | {} x\n"
	    "       |    ^\n",
	    "text after the value");
	bad_json("  ",
	    "vanban: t.json:1:3: error: bad JSON (JSON hỏng): empty JSON: write "
	    "{} for an empty object\n"
	    "     1 |   \n"
	    "       |   ^\n",
	    "empty JSON");
	bad_json("[\"\\ud800\"]",
	    "vanban: t.json:1:3: error: bad JSON (JSON hỏng): bad escape: a high "
	    "surrogate must be followed by a low one (\\uDC00–\\uDFFF)\n"
	    "     1 | [\"\\ud800\"]\n"
	    "       |   ^\n",
	    "lone surrogate");
	bad_json("[\"a\\qb\"]",
	    "vanban: t.json:1:4: error: bad JSON (JSON hỏng): bad escape: JSON "
	    "knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX\n"
	    "     1 | [\"a\\qb\"]\n"
	    "       |    ^\n",
	    "bad escape");
	bad_json("[\"a\tb\"]",
	    "vanban: t.json:1:4: error: bad JSON (JSON hỏng): control character "
	    "in a string: write it as an escape (\\t, \\n, \\u0001)\n"
	    "     1 | [\"a\tb\"]\n"
	    "       |    ^\n",
	    "raw tab in a string");
	bad_json("[1.]",
	    "vanban: t.json:1:4: error: bad JSON (JSON hỏng): a digit must "
	    "follow '.', found ']'\n"
	    "     1 | [1.]\n"
	    "       |    ^\n",
	    "1.");
	bad_json("[\"\\u0000\"]",
	    "vanban: t.json:1:3: error: NUL byte in a text file: \\u0000 in a "
	    "string\n"
	    "     1 | [\"\\u0000\"]\n"
	    "       |   ^~~~~~\n",
	    "escaped NUL");
	bad_json("{\"a\": 12345678901234567, \"b\": 1e999}",
	    "vanban: t.json:1:7: error: number cannot be kept exactly (số không "
	    "giữ được chính xác): 12345678901234567 is 2^53 or more, beyond "
	    "what a number keeps exactly: quote it if it is an account or code "
	    "number\n"
	    "     1 | {\"a\": 12345678901234567, \"b\": 1e999}\n"
	    "       |       ^~~~~~~~~~~~~~~~~\n"
	    "vanban: t.json:1:31: error: number cannot be kept exactly (số không "
	    "giữ được chính xác): 1e999 is too large: quote it to keep it as "
	    "text\n"
	    "     1 | {\"a\": 12345678901234567, \"b\": 1e999}\n"
	    "       |                               ^~~~~\n",
	    "numbers a double cannot keep");
	bad_json("{\"tên\": \"Hồ\xC3\"}",
	    "vanban: t.json:1:12: error: invalid UTF-8 (mã UTF-8 hỏng): byte "
	    "0xC3\n",
	    "JSON invalid UTF-8");
	{
		struct vb_buf b = VB_BUF_INIT;
		int           i;

		for (i = 0; i < 65; i++)
			vb_buf_puts(&b, "{\"a\":");
		vb_buf_puts(&b, "1");
		for (i = 0; i < 65; i++)
			vb_buf_putc(&b, '}');
		json(b.data);
		INT_EQ(rc, -1, "JSON depth limit");
		OK(starts(errs, "vanban: t.json:1:321: error: limit exceeded: "
		    "arrays and objects nested deeper than 64 levels\n"),
		    "JSON depth message");
		vb_buf_free(&b);
	}
}

/* "\0" in a quoted scalar makes a NUL that C strings would cut at:
 * refused in keys and values (fuzz_yaml found a key cut to ""). */
static void
test_escaped_nul(void)
{
	yaml("\"a\\0b\": 1\n");
	OK(rc == -1 && strstr(errs, "NUL byte") != NULL &&
	    strstr(errs, "in the key") != NULL, "NUL in a key: %s", errs);
	yaml("x: \"a\\0b\"\n");
	OK(rc == -1 && strstr(errs, "t.yaml:1:4: error: NUL byte") != NULL,
	    "NUL in a value, with its place: %s", errs);
}

int
main(void)
{
	vb_srcset_init(&ss);
	vb_arena_init(&arena);
	test_kinds();
	test_locations();
	test_yaml_errors();
	test_alias_merge();
	test_nfc();
	test_plain();
	test_json();
	test_escaped_nul();
	free(errs);
	vb_arena_free(&arena);
	vb_srcset_free(&ss);
	return unit_done("t_yaml");
}
