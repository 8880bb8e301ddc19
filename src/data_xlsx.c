/*
 * data_xlsx.c — one sheet of an Excel workbook (.xlsx, OOXML
 * SpreadsheetML) into a list of maps, with libzip and libxml2's
 * xmlTextReader. See sheet.h for the table it makes.
 *
 * The parts read: _rels/.rels (where the workbook is), the workbook and
 * its relationships (sheet names → parts, the 1904 date flag),
 * sharedStrings, styles (which number formats are dates) and the chosen
 * worksheet (cells and merged ranges). Each part is checked against
 * VB_XLSX_MAX_PART from the zip directory before it is read and again
 * while it is inflated. XML is parsed without network access, DTDs are
 * refused and entities are never expanded.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "num.h"
#include "sheet.h"

/* What a stored cell holds. Cells without a value are not stored. */
enum kind {
	K_NUM,       /* a number; a date when its style says so */
	K_STR,       /* text from sharedStrings, an inline string or str */
	K_BOOL,
	K_ERR,       /* an Excel error value: "#DIV/0!" */
	K_NOVAL,     /* a formula with no cached result */
	K_ISODATE    /* t="d": an ISO 8601 date (strict OOXML) */
};

/* Number formats: what a style makes of a number. */
enum fmt {
	F_NUM = 0,
	F_DATE,      /* a calendar date */
	F_DATETIME,  /* a date with the time of day */
	F_TIME       /* a time of day or a duration: stays a number */
};

struct cell {
	uint32_t     row, col;   /* 1-based */
	enum kind    kind;
	enum fmt     fmt;
	double       num;        /* K_NUM, K_BOOL */
	const char  *s;          /* K_STR, K_ERR: scratch arena text */
	size_t       n;
	int          y, m, d, hh, mm, has_time;   /* K_ISODATE */
};

struct merge {
	uint32_t r1, c1, r2, c2;
};

struct sheetref {
	const char *name;
	const char *rid;
};

struct rel {
	const char *id;
	const char *type;     /* its last path segment: "worksheet" */
	const char *target;   /* the resolved part name */
};

struct xlsx {
	struct vb_src   *src;
	struct vb_arena *a;        /* the caller's: the table */
	struct vb_arena  tmp;      /* everything else */
	struct vb_diag  *d;
	const struct vb_sheet_opts *o;
	zip_t           *za;
	const char      *part;     /* the part being parsed, for messages */
	char             xmlerr[200];
	int              xmlline;
	int              date1904;
	struct sheetref *sheets;
	size_t           nsheets;
	struct rel      *rels;
	size_t           nrels;
	struct {
		const char *s;
		size_t      n;
	}               *sst;
	size_t           nsst, capsst;
	unsigned char   *xf;       /* enum fmt of each cellXfs entry */
	size_t           nxf;
	struct cell     *cells;
	size_t           ncells, capcells;
	struct merge    *merges;
	size_t           nmerges, capmerges;
	const char      *sheet;    /* the chosen sheet's name */
	const char      *wbpart;   /* "xl/workbook.xml" */
	size_t           maxcells; /* limits, from the options */
	size_t           maxvalues;
};

/* ---- locations and messages ------------------------------------------- */

/* A location naming a part or a cell of the workbook. */
static struct vb_loc
at(struct xlsx *x, const char *cell)
{
	struct vb_loc loc = { x->src->id, 0, 0, cell };

	return loc;
}

static struct vb_loc
at_part(struct xlsx *x)
{
	return at(x, x->part);
}

/* "C" for column 3, into buf (at least 4 bytes). */
static void
col_name(uint32_t col, char *buf)
{
	char   tmp[8];
	size_t n = 0, i;

	while (col > 0 && n < sizeof(tmp)) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
}

/* "Sheet!C7" in the caller's arena: a value's location. */
static const char *
cell_name(struct xlsx *x, struct vb_arena *a, uint32_t row, uint32_t col)
{
	char c[8];

	col_name(col, c);
	return vb_arena_printf(a, "%s!%s%u", x->sheet, c, row);
}

static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct xlsx *x = arg;
	size_t       n;

	if (e == NULL || e->level < XML_ERR_ERROR || x->xmlerr[0] != '\0')
		return;
	snprintf(x->xmlerr, sizeof(x->xmlerr), "%s",
	    e->message != NULL ? e->message : "parse error");
	n = strlen(x->xmlerr);
	while (n > 0 && (x->xmlerr[n - 1] == '\n' || x->xmlerr[n - 1] == ' '))
		x->xmlerr[--n] = '\0';
	x->xmlline = e->line;
}

/* Reports the reader's failure on the current part. */
static void
xml_fail(struct xlsx *x)
{
	struct vb_loc loc = at_part(x);

	if (x->xmlerr[0] != '\0')
		vb_diag(x->d, VB_ERR_XLSX_XML, &loc, "line %d: %s",
		    x->xmlline, x->xmlerr);
	else
		vb_diag(x->d, VB_ERR_XLSX_XML, &loc, NULL);
}

/* ---- zip parts ------------------------------------------------------- */

/*
 * Reads part name into *data (malloc'd, NUL-terminated; caller frees).
 * A missing part is reported when required; otherwise *data is NULL and
 * the return 0. Returns -1 after reporting.
 */
static int
read_part(struct xlsx *x, const char *name, int required, char **data,
    size_t *len)
{
	struct vb_loc loc = at(x, name);
	zip_stat_t    st;
	zip_file_t   *f = NULL;
	zip_int64_t   idx, got;
	char         *buf = NULL;
	size_t        n = 0, cap, limit = VB_XLSX_MAX_PART;
	int           rc = -1;

	*data = NULL;
	*len = 0;
	if ((idx = zip_name_locate(x->za, name, ZIP_FL_NOCASE)) < 0) {
		if (!required)
			return 0;
		vb_diag(x->d, VB_ERR_XLSX_PART, &loc, "no %s in the archive",
		    name);
		return -1;
	}
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) == -1 ||
	    !(st.valid & ZIP_STAT_SIZE)) {
		vb_diag(x->d, VB_ERR_XLSX_ZIP, &loc, "no size for this part");
		return -1;
	}
	if (st.size > limit) {
		vb_diag(x->d, VB_ERR_XLSX_BOMB, &loc, "%llu bytes declared; "
		    "the limit is %zu", (unsigned long long)st.size, limit);
		return -1;
	}
	if ((f = zip_fopen_index(x->za, (zip_uint64_t)idx, 0)) == NULL) {
		vb_diag(x->d, VB_ERR_XLSX_ZIP, &loc, "%s",
		    zip_error_strerror(zip_get_error(x->za)));
		return -1;
	}
	/* Read one byte more than declared, to catch a lying directory. */
	cap = (size_t)st.size + 1;
	buf = vb_xmalloc(cap + 1);
	while ((got = zip_fread(f, buf + n, cap - n)) > 0) {
		n += (size_t)got;
		if (n == cap) {
			vb_diag(x->d, VB_ERR_XLSX_BOMB, &loc, "it inflates to "
			    "more than the %llu bytes the zip directory "
			    "declares", (unsigned long long)st.size);
			goto out;
		}
	}
	if (got < 0) {
		vb_diag(x->d, VB_ERR_XLSX_ZIP, &loc, "%s",
		    zip_error_strerror(zip_file_get_error(f)));
		goto out;
	}
	if (n != st.size) {
		vb_diag(x->d, VB_ERR_XLSX_ZIP, &loc, "%zu bytes inflated, the "
		    "zip directory says %llu", n, (unsigned long long)st.size);
		goto out;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	zip_fclose(f);
	return rc;
}

/*
 * Opens a reader on an XML part. Excel writes UTF-8; other encodings
 * (UTF-16, or a declaration naming Latin-1) are refused rather than
 * converted, and the bytes are checked first so that a bad one is
 * reported with its offset. Returns NULL after reporting.
 */
static xmlTextReaderPtr
xml_open(struct xlsx *x, const char *part, const char *data, size_t len)
{
	xmlTextReaderPtr r;
	struct vb_loc    loc = at(x, part);
	size_t           bad, i;
	unsigned         line = 1;

	x->part = part;
	x->xmlerr[0] = '\0';
	if (len > INT32_MAX) {
		vb_diag(x->d, VB_ERR_LIMIT, &loc, "XML part over 2 GiB");
		return NULL;
	}
	if (len >= 2 && ((unsigned char)data[0] == 0xFF ||
	    (unsigned char)data[0] == 0xFE || data[0] == '\0' ||
	    data[1] == '\0')) {
		vb_diag(x->d, VB_ERR_XLSX_XML, &loc, "the part is not UTF-8 "
		    "(UTF-16?); save the workbook again from Excel");
		return NULL;
	}
	if ((bad = vb_utf8_check(data, len)) != len) {
		for (i = 0; i < bad; i++)
			line += data[i] == '\n';
		vb_diag(x->d, VB_ERR_UTF8, &loc, "byte 0x%02X at offset %zu "
		    "(line %u)", (unsigned char)data[bad], bad, line);
		return NULL;
	}
	r = xmlReaderForMemory(data, (int)len, part, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_IGNORE_ENC);
	if (r == NULL) {
		vb_diag(x->d, VB_ERR_XLSX_XML, &loc, "cannot start parsing");
		return NULL;
	}
	xmlTextReaderSetStructuredErrorHandler(r, xml_error, x);
	return r;
}

/*
 * Advances the reader. Returns 1 on a node, 0 at the end, -1 after
 * reporting malformed XML or a DTD (never wanted in a workbook; refusing
 * it rules out entity expansion).
 */
static int
xml_next(struct xlsx *x, xmlTextReaderPtr r)
{
	struct vb_loc loc;
	int           ret = xmlTextReaderRead(r);

	if (ret < 0) {
		xml_fail(x);
		return -1;
	}
	if (ret == 1 && xmlTextReaderNodeType(r) ==
	    XML_READER_TYPE_DOCUMENT_TYPE) {
		loc = at_part(x);
		vb_diag(x->d, VB_ERR_XLSX_XML, &loc, "a DTD (<!DOCTYPE>) is "
		    "not allowed in a workbook");
		return -1;
	}
	return ret;
}

static int
is_elem(xmlTextReaderPtr r, const char *name)
{
	const char *l = (const char *)xmlTextReaderConstLocalName(r);

	return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
	    l != NULL && strcmp(l, name) == 0;
}

static int
is_end(xmlTextReaderPtr r, const char *name)
{
	const char *l = (const char *)xmlTextReaderConstLocalName(r);

	return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
	    l != NULL && strcmp(l, name) == 0;
}

static int
is_text(xmlTextReaderPtr r)
{
	switch (xmlTextReaderNodeType(r)) {
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		return 1;
	default:
		return 0;
	}
}

/* The attribute of the current element with this local name (any
 * namespace), copied into the scratch arena, or NULL. */
static const char *
attr(struct xlsx *x, xmlTextReaderPtr r, const char *local)
{
	const char *l, *v, *res = NULL;

	if (xmlTextReaderMoveToFirstAttribute(r) != 1)
		return NULL;
	do {
		l = (const char *)xmlTextReaderConstLocalName(r);
		v = (const char *)xmlTextReaderConstValue(r);
		if (l != NULL && v != NULL && strcmp(l, local) == 0) {
			res = vb_arena_strdup(&x->tmp, v);
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(r) == 1);
	xmlTextReaderMoveToElement(r);
	return res;
}

/* Appends the text of the current node to b. */
static void
put_text(xmlTextReaderPtr r, struct vb_buf *b)
{
	const char *v = (const char *)xmlTextReaderConstValue(r);

	if (v != NULL)
		vb_buf_puts(b, v);
}

/*
 * Reads the rich text of the current <si> or <is> element into b: the
 * <t> elements, directly or in <r> runs, but not the phonetic <rPh>
 * runs. Leaves the reader on the element's end. Returns 0 or -1.
 */
static int
read_rich(struct xlsx *x, xmlTextReaderPtr r, struct vb_buf *b)
{
	int depth = xmlTextReaderDepth(r), tdepth = -1, phdepth = -1, ret;
	int dep, empty;

	if (xmlTextReaderIsEmptyElement(r))
		return 0;
	while ((ret = xml_next(x, r)) == 1) {
		dep = xmlTextReaderDepth(r);
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT) {
			if (dep == depth)
				return 0;
			if (dep == tdepth)
				tdepth = -1;
			if (dep == phdepth)
				phdepth = -1;
			continue;
		}
		empty = xmlTextReaderIsEmptyElement(r);
		if (is_elem(r, "t") && !empty && tdepth < 0)
			tdepth = dep;
		else if (is_elem(r, "rPh") && !empty && phdepth < 0)
			phdepth = dep;
		else if (is_text(r) && tdepth >= 0 && phdepth < 0)
			put_text(r, b);
	}
	if (ret == 0)
		xml_fail(x);
	return -1;
}

/* Reads all text inside the current element (a <v>) into b. */
static int
read_plain(struct xlsx *x, xmlTextReaderPtr r, struct vb_buf *b)
{
	int depth = xmlTextReaderDepth(r), ret;

	if (xmlTextReaderIsEmptyElement(r))
		return 0;
	while ((ret = xml_next(x, r)) == 1) {
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
		    xmlTextReaderDepth(r) == depth)
			return 0;
		if (is_text(r))
			put_text(r, b);
	}
	if (ret == 0)
		xml_fail(x);
	return -1;
}

/*
 * Decodes the OOXML escapes "_xHHHH_" (Excel writes "_x000D_" for a
 * carriage return, "_x005F_" for a literal underscore) in place.
 */
static void
unescape_x(struct vb_buf *b)
{
	struct vb_buf out = VB_BUF_INIT;
	uint32_t      cp;
	size_t        i, k;

	if (b->len == 0 || strstr(b->data, "_x") == NULL)
		return;
	for (i = 0; i < b->len; i++) {
		if (b->data[i] == '_' && i + 6 < b->len &&
		    b->data[i + 1] == 'x' && b->data[i + 6] == '_') {
			for (k = 0, cp = 0; k < 4 &&
			    isxdigit((unsigned char)b->data[i + 2 + k]); k++)
				cp = cp * 16 + (uint32_t)(isdigit((unsigned char)
				    b->data[i + 2 + k]) ? b->data[i + 2 + k] - '0' :
				    (b->data[i + 2 + k] | 0x20) - 'a' + 10);
			if (k == 4 && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
				vb_buf_put_cp(&out, cp);
				i += 6;
				continue;
			}
		}
		vb_buf_putc(&out, b->data[i]);
	}
	vb_buf_free(b);
	*b = out;
}

/* ---- part names and relationships ------------------------------------ */

/* The part named by target relative to the part base ("xl/workbook.xml"). */
static const char *
resolve(struct xlsx *x, const char *base, const char *target)
{
	struct vb_buf b = VB_BUF_INIT;
	const char   *slash = strrchr(base, '/'), *seg, *res;
	size_t        n;

	if (target[0] == '/')
		target++;
	else if (slash != NULL)
		vb_buf_put(&b, base, (size_t)(slash - base));
	while (*target != '\0') {
		n = strcspn(target, "/");
		seg = target;
		target += n;
		if (*target == '/')
			target++;
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (b.len > 0 && b.data[b.len - 1] != '/')
				b.len--;
			if (b.len > 0)
				b.len--;
			if (b.data != NULL)
				b.data[b.len] = '\0';
			continue;
		}
		if (b.len > 0)
			vb_buf_putc(&b, '/');
		vb_buf_put(&b, seg, n);
	}
	res = vb_arena_strdup(&x->tmp, b.data != NULL ? b.data : "");
	vb_buf_free(&b);
	return res;
}

/* The .rels part of part: "xl/workbook.xml" → "xl/_rels/workbook.xml.rels". */
static const char *
rels_name(struct xlsx *x, const char *part)
{
	const char *slash = strrchr(part, '/');

	if (slash == NULL)
		return vb_arena_printf(&x->tmp, "_rels/%s.rels", part);
	return vb_arena_printf(&x->tmp, "%.*s/_rels/%s.rels",
	    (int)(slash - part), part, slash + 1);
}

/* Reads the relationships of part into x->rels (a missing .rels part is
 * no error: the callers fall back on the usual names). */
static int
read_rels(struct xlsx *x, const char *part)
{
	xmlTextReaderPtr r = NULL;
	const char      *name = rels_name(x, part), *id, *type, *target, *mode;
	char            *data = NULL;
	size_t           len, cap = 0;
	int              rc = -1, ret;

	x->nrels = 0;
	if (read_part(x, name, 0, &data, &len) == -1)
		goto out;
	if (data == NULL) {
		rc = 0;
		goto out;
	}
	if ((r = xml_open(x, name, data, len)) == NULL)
		goto out;
	while ((ret = xml_next(x, r)) == 1) {
		if (!is_elem(r, "Relationship"))
			continue;
		id = attr(x, r, "Id");
		type = attr(x, r, "Type");
		target = attr(x, r, "Target");
		mode = attr(x, r, "TargetMode");
		if (id == NULL || type == NULL || target == NULL ||
		    (mode != NULL && strcmp(mode, "Internal") != 0))
			continue;
		if (x->nrels == cap) {
			struct rel *nr;

			cap = cap ? cap * 2 : 8;
			nr = vb_arena_alloc(&x->tmp, cap * sizeof(*nr));
			if (x->nrels > 0)
				memcpy(nr, x->rels, x->nrels * sizeof(*nr));
			x->rels = nr;
		}
		x->rels[x->nrels].id = id;
		x->rels[x->nrels].type = strrchr(type, '/') != NULL ?
		    strrchr(type, '/') + 1 : type;
		x->rels[x->nrels].target = resolve(x, part, target);
		x->nrels++;
	}
	if (ret == -1)
		goto out;
	rc = 0;
out:
	if (r != NULL)
		xmlFreeTextReader(r);
	free(data);
	return rc;
}

static const char *
rel_by_type(struct xlsx *x, const char *type)
{
	size_t i;

	for (i = 0; i < x->nrels; i++)
		if (strcmp(x->rels[i].type, type) == 0)
			return x->rels[i].target;
	return NULL;
}

static const char *
rel_by_id(struct xlsx *x, const char *id)
{
	size_t i;

	for (i = 0; i < x->nrels; i++)
		if (strcmp(x->rels[i].id, id) == 0)
			return x->rels[i].target;
	return NULL;
}

/* ---- workbook, shared strings, styles --------------------------------- */

static int
read_workbook(struct xlsx *x, const char *part)
{
	xmlTextReaderPtr r = NULL;
	struct vb_loc    loc;
	const char      *name, *rid, *v;
	char            *data = NULL;
	size_t           len, cap = 0;
	int              rc = -1, ret, root = 1;

	if (read_part(x, part, 1, &data, &len) == -1)
		goto out;
	if ((r = xml_open(x, part, data, len)) == NULL)
		goto out;
	while ((ret = xml_next(x, r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		if (root) {
			root = 0;
			if (!is_elem(r, "workbook")) {
				loc = at(x, part);
				vb_diag(x->d, VB_ERR_XLSX_PART, &loc, "the main "
				    "part %s is a <%s>, not a <workbook> (is "
				    "this a .docx or .pptx?)", part,
				    (const char *)xmlTextReaderConstLocalName(r));
				goto out;
			}
		}
		if (is_elem(r, "workbookPr") &&
		    (v = attr(x, r, "date1904")) != NULL)
			x->date1904 = strcmp(v, "1") == 0 ||
			    strcmp(v, "true") == 0;
		if (!is_elem(r, "sheet"))
			continue;
		name = attr(x, r, "name");
		rid = attr(x, r, "id");
		if (name == NULL || rid == NULL)
			continue;
		if (x->nsheets == cap) {
			struct sheetref *ns;

			cap = cap ? cap * 2 : 8;
			ns = vb_arena_alloc(&x->tmp, cap * sizeof(*ns));
			if (x->nsheets > 0)
				memcpy(ns, x->sheets,
				    x->nsheets * sizeof(*ns));
			x->sheets = ns;
		}
		x->sheets[x->nsheets].name = name;
		x->sheets[x->nsheets].rid = rid;
		x->nsheets++;
	}
	if (ret == -1)
		goto out;
	if (root) {
		xml_fail(x);
		goto out;
	}
	rc = 0;
out:
	if (r != NULL)
		xmlFreeTextReader(r);
	free(data);
	return rc;
}

static int
read_sst(struct xlsx *x, const char *part)
{
	xmlTextReaderPtr r = NULL;
	struct vb_buf    b = VB_BUF_INIT;
	char            *data = NULL;
	size_t           len;
	int              rc = -1, ret;

	if (read_part(x, part, 0, &data, &len) == -1)
		goto out;
	if (data == NULL) {
		rc = 0;
		goto out;
	}
	if ((r = xml_open(x, part, data, len)) == NULL)
		goto out;
	while ((ret = xml_next(x, r)) == 1) {
		if (!is_elem(r, "si"))
			continue;
		vb_buf_reset(&b);
		if (read_rich(x, r, &b) == -1)
			goto out;
		unescape_x(&b);
		if (x->nsst == x->capsst) {
			x->capsst = x->capsst ? x->capsst * 2 : 64;
			x->sst = vb_xrealloc(x->sst,
			    x->capsst * sizeof(*x->sst));
		}
		x->sst[x->nsst].s = vb_arena_strndup(&x->tmp,
		    b.data != NULL ? b.data : "", b.len);
		x->sst[x->nsst].n = b.len;
		x->nsst++;
	}
	if (ret == -1)
		goto out;
	rc = 0;
out:
	if (r != NULL)
		xmlFreeTextReader(r);
	vb_buf_free(&b);
	free(data);
	return rc;
}

/*
 * What a number format code makes of a number: a date when the first
 * section has day, month or year letters, a time when it has only
 * hours, minutes or seconds. Quoted text, [colour]/[$-locale] brackets,
 * escaped characters and "AM/PM" are skipped.
 */
static enum fmt
fmt_kind(const char *f)
{
	size_t n;
	int    d = 0, m = 0, y = 0, h = 0, s = 0;

	for (; *f != '\0' && *f != ';'; f++) {
		switch (*f) {
		case '"':
			while (f[1] != '\0' && f[1] != '"')
				f++;
			if (f[1] != '\0')
				f++;
			continue;
		case '[':
			/* [h]:mm elapsed time is a duration; [Red] and
			 * [$-42A] are a colour and a locale. */
			n = strcspn(f + 1, "]");
			if (n > 0 && strspn(f + 1, "hHmMsS") == n)
				h = 1;
			f += n;
			if (f[1] != '\0')
				f++;
			continue;
		case '\\':
		case '_':
		case '*':
			if (f[1] != '\0')
				f++;
			continue;
		case 'A':
		case 'a':
			if (strncasecmp(f, "AM/PM", 5) == 0)
				f += 4;
			else if (strncasecmp(f, "A/P", 3) == 0)
				f += 2;
			continue;
		case 'd': case 'D': d = 1; break;
		case 'm': case 'M': m = 1; break;
		case 'y': case 'Y': y = 1; break;
		case 'h': case 'H': h = 1; break;
		case 's': case 'S': s = 1; break;
		default:
			break;
		}
	}
	if (d || y || (m && !h && !s))
		return h || s ? F_DATETIME : F_DATE;
	return h || s ? F_TIME : F_NUM;
}

/* The built-in number formats that show dates and times. */
static enum fmt
builtin_fmt(long id)
{
	if (id >= 14 && id <= 17)
		return F_DATE;
	if (id == 22)
		return F_DATETIME;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
		return F_TIME;
	return F_NUM;
}

static int
read_styles(struct xlsx *x, const char *part)
{
	xmlTextReaderPtr r = NULL;
	struct custom {
		long        id;
		enum fmt    f;
	}               *cust = NULL;
	const char      *v, *code;
	char            *data = NULL, *end;
	size_t           len, ncust = 0, capcust = 0, capxf = 0, i;
	long             id;
	enum fmt         f;
	int              rc = -1, ret, inxfs = 0;

	if (read_part(x, part, 0, &data, &len) == -1)
		goto out;
	if (data == NULL) {
		rc = 0;
		goto out;
	}
	if ((r = xml_open(x, part, data, len)) == NULL)
		goto out;
	while ((ret = xml_next(x, r)) == 1) {
		if (is_elem(r, "numFmt") &&
		    (v = attr(x, r, "numFmtId")) != NULL &&
		    (code = attr(x, r, "formatCode")) != NULL) {
			if (ncust == capcust) {
				capcust = capcust ? capcust * 2 : 16;
				cust = vb_xrealloc(cust,
				    capcust * sizeof(*cust));
			}
			cust[ncust].id = strtol(v, NULL, 10);
			cust[ncust].f = fmt_kind(code);
			ncust++;
		} else if (is_elem(r, "cellXfs"))
			inxfs = !xmlTextReaderIsEmptyElement(r);
		else if (is_end(r, "cellXfs"))
			inxfs = 0;
		else if (inxfs && is_elem(r, "xf")) {
			v = attr(x, r, "numFmtId");
			id = v != NULL ? strtol(v, &end, 10) : 0;
			f = builtin_fmt(id);
			for (i = 0; i < ncust; i++)
				if (cust[i].id == id)
					f = cust[i].f;
			if (x->nxf == capxf) {
				capxf = capxf ? capxf * 2 : 16;
				x->xf = vb_xrealloc(x->xf, capxf);
			}
			x->xf[x->nxf++] = (unsigned char)f;
		}
	}
	if (ret == -1)
		goto out;
	rc = 0;
out:
	if (r != NULL)
		xmlFreeTextReader(r);
	free(cust);
	free(data);
	return rc;
}

/* ---- the worksheet ---------------------------------------------------- */

/* "C7" → column 3, row 7; "C" alone when row is NULL. 0 or -1. */
static int
parse_ref(const char *s, uint32_t *col, uint32_t *row)
{
	uint32_t c = 0, r = 0;
	size_t   i = 0;

	while (s[i] >= 'A' && s[i] <= 'Z' && i < 3)
		c = c * 26 + (uint32_t)(s[i++] - 'A' + 1);
	if (i == 0 || c > VB_SHEET_MAX_COLS)
		return -1;
	if (row == NULL) {
		*col = c;
		return s[i] == '\0' ? 0 : -1;
	}
	if (s[i] < '1' || s[i] > '9')
		return -1;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		r = r * 10 + (uint32_t)(s[i] - '0');
		if (r > VB_SHEET_MAX_ROWS)
			return -1;
	}
	if (s[i] != '\0')
		return -1;
	*col = c;
	*row = r;
	return 0;
}

/* A strict unsigned decimal, as in r="7" and shared string indexes. */
static int
parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	unsigned long n = 0;
	size_t        i;

	if (s == NULL || s[0] == '\0')
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (unsigned long)(s[i] - '0');
		if (n > max)
			return -1;
	}
	*v = n;
	return 0;
}

/* "2022-11-10" or "2022-11-10T08:30:00" (t="d" cells). */
static int
parse_iso(const char *s, struct cell *c)
{
	int n = 0;

	c->hh = c->mm = c->has_time = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &c->y, &c->m, &c->d, &n) != 3 ||
	    !vb_date_valid(c->y, c->m, c->d))
		return -1;
	s += n;
	if (*s == 'T') {
		if (sscanf(s, "T%2d:%2d", &c->hh, &c->mm) != 2 ||
		    c->hh < 0 || c->hh > 23 || c->mm < 0 || c->mm > 59)
			return -1;
		c->has_time = c->hh != 0 || c->mm != 0;
	}
	return 0;
}

static struct cell *
new_cell(struct xlsx *x, uint32_t row, uint32_t col)
{
	struct cell *c;

	if (x->ncells == x->capcells) {
		x->capcells = x->capcells ? x->capcells * 2 : 256;
		x->cells = vb_xrealloc(x->cells,
		    x->capcells * sizeof(*x->cells));
	}
	c = &x->cells[x->ncells++];
	memset(c, 0, sizeof(*c));
	c->row = row;
	c->col = col;
	return c;
}

/*
 * Reads one <c> element (the reader is on it) and stores its value.
 * Returns 0, or -1 after reporting.
 */
static int
read_cell(struct xlsx *x, xmlTextReaderPtr r, uint32_t row, uint32_t *lastcol)
{
	struct vb_buf  v = VB_BUF_INIT, is = VB_BUF_INIT;
	struct vb_loc  loc;
	struct cell   *c;
	const char    *ref, *t, *s, *why, *vt;
	unsigned long  idx, style = 0;
	uint32_t       col, crow = row;
	double         num;
	int            depth, ret, hasv = 0, hasis = 0, hasf = 0, rc = -1;

	ref = attr(x, r, "r");
	t = attr(x, r, "t");
	s = attr(x, r, "s");
	if (ref != NULL) {
		if (parse_ref(ref, &col, &crow) == -1) {
			loc = at(x, vb_arena_printf(&x->tmp, "%s!%s", x->sheet,
			    ref));
			vb_diag(x->d, VB_ERR_XLSX_CELL, &loc, "bad cell "
			    "reference \"%s\"", ref);
			goto out;
		}
	} else if ((col = *lastcol + 1) > VB_SHEET_MAX_COLS) {
		loc = at(x, x->part);
		vb_diag(x->d, VB_ERR_XLSX_CELL, &loc, "row %u has more than %d "
		    "cells", row, VB_SHEET_MAX_COLS);
		goto out;
	}
	*lastcol = col;
	loc = at(x, cell_name(x, &x->tmp, crow, col));
	if (s != NULL && parse_uint(s, 1UL << 30, &style) == -1) {
		vb_diag(x->d, VB_ERR_XLSX_CELL, &loc, "bad style \"%s\"", s);
		goto out;
	}
	depth = xmlTextReaderDepth(r);
	if (!xmlTextReaderIsEmptyElement(r)) {
		while ((ret = xml_next(x, r)) == 1) {
			if (xmlTextReaderNodeType(r) ==
			    XML_READER_TYPE_END_ELEMENT &&
			    xmlTextReaderDepth(r) == depth)
				break;
			if (xmlTextReaderDepth(r) != depth + 1)
				continue;
			if (is_elem(r, "v")) {
				hasv = 1;
				if (read_plain(x, r, &v) == -1)
					goto out;
			} else if (is_elem(r, "is")) {
				hasis = 1;
				if (read_rich(x, r, &is) == -1)
					goto out;
			} else if (is_elem(r, "f"))
				hasf = 1;
		}
		if (ret != 1) {
			if (ret == 0)
				xml_fail(x);
			goto out;
		}
	}
	vt = v.data != NULL ? v.data : "";
	if (t == NULL || strcmp(t, "n") == 0) {
		if (!hasv) {
			if (hasf)
				goto noval;
			rc = 0;    /* a formatted empty cell */
			goto out;
		}
		if (vb_num_parse(vt, v.len, VB_NUM_C, &num, &why) != 1) {
			vb_diag(x->d, VB_ERR_XLSX_CELL, &loc, "number cell "
			    "holds \"%.40s\"", vt);
			goto out;
		}
		c = new_cell(x, crow, col);
		c->kind = K_NUM;
		c->num = num;
		c->fmt = style < x->nxf ? (enum fmt)x->xf[style] : F_NUM;
	} else if (strcmp(t, "s") == 0) {
		if (!hasv || parse_uint(vt, ULONG_MAX / 16, &idx) == -1) {
			vb_diag(x->d, VB_ERR_XLSX_SST, &loc, "\"%.40s\" is not "
			    "an index", vt);
			goto out;
		}
		if (idx >= x->nsst) {
			vb_diag(x->d, VB_ERR_XLSX_SST, &loc, "index %lu, but "
			    "the workbook has %zu shared strings", idx,
			    x->nsst);
			goto out;
		}
		if (x->sst[idx].n > 0) {
			c = new_cell(x, crow, col);
			c->kind = K_STR;
			c->s = x->sst[idx].s;
			c->n = x->sst[idx].n;
		}
	} else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
		struct vb_buf *b = hasis ? &is : &v;

		if (!hasis && !hasv && hasf)
			goto noval;
		unescape_x(b);
		if (b->len > 0) {
			c = new_cell(x, crow, col);
			c->kind = K_STR;
			c->s = vb_arena_strndup(&x->tmp, b->data, b->len);
			c->n = b->len;
		}
	} else if (strcmp(t, "b") == 0) {
		if (!hasv && hasf)
			goto noval;
		if (!hasv || (strcmp(vt, "0") != 0 &&
		    strcmp(vt, "1") != 0)) {
			vb_diag(x->d, VB_ERR_XLSX_CELL, &loc, "boolean cell "
			    "holds \"%.40s\"", vt);
			goto out;
		}
		c = new_cell(x, crow, col);
		c->kind = K_BOOL;
		c->num = vt[0] == '1';
	} else if (strcmp(t, "e") == 0) {
		c = new_cell(x, crow, col);
		c->kind = K_ERR;
		c->s = vb_arena_strdup(&x->tmp, vt);
		c->n = v.len;
	} else if (strcmp(t, "d") == 0) {
		if (!hasv && hasf)
			goto noval;
		c = new_cell(x, crow, col);
		c->kind = K_ISODATE;
		if (!hasv || parse_iso(vt, c) == -1) {
			vb_diag(x->d, VB_ERR_XLSX_CELL, &loc, "date cell holds "
			    "\"%.40s\"", vt);
			goto out;
		}
	} else {
		vb_diag(x->d, VB_ERR_XLSX_CELL, &loc, "unknown cell type "
		    "\"%.20s\"", t);
		goto out;
	}
	rc = 0;
	goto out;
noval:
	c = new_cell(x, crow, col);
	c->kind = K_NOVAL;
	rc = 0;
out:
	vb_buf_free(&v);
	vb_buf_free(&is);
	if (rc == 0 && x->ncells > x->maxcells) {
		vb_diag(x->d, VB_ERR_LIMIT, &loc, "more than %zu cells in a "
		    "sheet", x->maxcells);
		rc = -1;
	}
	return rc;
}

static int
read_merge(struct xlsx *x, xmlTextReaderPtr r)
{
	struct vb_loc loc;
	struct merge  m;
	const char   *ref = attr(x, r, "ref"), *colon;
	char          a[16];
	uint32_t      t;

	if (ref == NULL)
		return 0;
	colon = strchr(ref, ':');
	if (colon == NULL || (size_t)(colon - ref) >= sizeof(a))
		goto bad;
	memcpy(a, ref, (size_t)(colon - ref));
	a[colon - ref] = '\0';
	if (parse_ref(a, &m.c1, &m.r1) == -1 ||
	    parse_ref(colon + 1, &m.c2, &m.r2) == -1)
		goto bad;
	if (m.r1 > m.r2) {
		t = m.r1; m.r1 = m.r2; m.r2 = t;
	}
	if (m.c1 > m.c2) {
		t = m.c1; m.c1 = m.c2; m.c2 = t;
	}
	if (x->nmerges == x->capmerges) {
		x->capmerges = x->capmerges ? x->capmerges * 2 : 16;
		x->merges = vb_xrealloc(x->merges,
		    x->capmerges * sizeof(*x->merges));
	}
	x->merges[x->nmerges++] = m;
	return 0;
bad:
	loc = at_part(x);
	vb_diag(x->d, VB_ERR_XLSX_CELL, &loc, "bad merged range \"%.40s\"",
	    ref);
	return -1;
}

static int
read_sheet(struct xlsx *x, const char *part)
{
	xmlTextReaderPtr r = NULL;
	struct vb_loc    loc;
	const char      *v;
	char            *data = NULL;
	size_t           len;
	unsigned long    n;
	uint32_t         row = 0, lastcol = 0;
	int              rc = -1, ret, insd = 0;

	if (read_part(x, part, 1, &data, &len) == -1)
		goto out;
	if ((r = xml_open(x, part, data, len)) == NULL)
		goto out;
	while ((ret = xml_next(x, r)) == 1) {
		if (is_elem(r, "sheetData"))
			insd = !xmlTextReaderIsEmptyElement(r);
		else if (is_end(r, "sheetData"))
			insd = 0;
		else if (insd && is_elem(r, "row")) {
			v = attr(x, r, "r");
			if (v == NULL)
				n = row + 1;
			else if (parse_uint(v, VB_SHEET_MAX_ROWS, &n) == -1 ||
			    n == 0) {
				loc = at_part(x);
				vb_diag(x->d, VB_ERR_XLSX_CELL, &loc, "bad row "
				    "number \"%.20s\"", v);
				goto out;
			}
			if (n > VB_SHEET_MAX_ROWS) {
				loc = at_part(x);
				vb_diag(x->d, VB_ERR_LIMIT, &loc, "more than "
				    "%d rows", VB_SHEET_MAX_ROWS);
				goto out;
			}
			row = (uint32_t)n;
			lastcol = 0;
		} else if (insd && is_elem(r, "c")) {
			if (row == 0)
				row = 1;
			if (read_cell(x, r, row, &lastcol) == -1)
				goto out;
		} else if (is_elem(r, "mergeCell")) {
			if (read_merge(x, r) == -1)
				goto out;
		}
	}
	if (ret == -1)
		goto out;
	rc = 0;
out:
	if (r != NULL)
		xmlFreeTextReader(r);
	free(data);
	return rc;
}

/* ---- dates ------------------------------------------------------------- */

/* Civil date of a day count from 1970-01-01 (proleptic Gregorian). */
static void
civil(long days, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp, yy;

	days += 719468;    /* from 0000-03-01 */
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

/*
 * An Excel serial date to a calendar date and time (minutes rounded).
 * The 1900 system counts 1900-01-01 as 1 and keeps Lotus 1-2-3's
 * phantom 29 February 1900 as 60, so serials from 61 on are days since
 * 1899-12-30; the 1904 system counts days since 1904-01-01. Returns -1
 * for serials that name no real day (below 1, 60, past 9999).
 */
static int
serial_date(double serial, int date1904, int *y, int *m, int *d, int *hh,
    int *mm)
{
	double whole, mins;
	long   days;

	if (!isfinite(serial) || serial < (date1904 ? 0 : 1) ||
	    serial >= 2958466)
		return -1;
	whole = floor(serial);
	mins = floor((serial - whole) * 1440 + 0.5);
	if (mins >= 1440) {
		whole += 1;
		mins = 0;
	}
	days = (long)whole;
	if (date1904)
		days -= 24107;
	else if (days == 60)
		return -1;
	else if (days < 60)
		days -= 25568;
	else
		days -= 25569;
	civil(days, y, m, d);
	if (*y < 1 || *y > 9999)
		return -1;
	*hh = (int)(mins / 60);
	*mm = (int)mins % 60;
	return 0;
}

/* ---- the table ----------------------------------------------------------- */

static int
cell_cmp(const void *p, const void *q)
{
	const struct cell *a = p, *b = q;

	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* The text a header cell shows, in the scratch arena. */
static const char *
cell_text(struct xlsx *x, const struct cell *c)
{
	int y, m, d, hh, mm;

	switch (c->kind) {
	case K_STR:
	case K_ERR:
		return c->s;
	case K_BOOL:
		return c->num != 0 ? "TRUE" : "FALSE";
	case K_ISODATE:
		return vb_arena_printf(&x->tmp, "%04d-%02d-%02d", c->y, c->m,
		    c->d);
	case K_NUM:
		if ((c->fmt == F_DATE || c->fmt == F_DATETIME) &&
		    serial_date(c->num, x->date1904, &y, &m, &d, &hh,
		    &mm) == 0)
			return vb_arena_printf(&x->tmp, "%04d-%02d-%02d", y, m,
			    d);
		return vb_arena_printf(&x->tmp, "%.15g", c->num);
	default:
		return "";
	}
}

/* The value of cell c, at loc; -1 after reporting. */
static int
cell_value(struct xlsx *x, const struct cell *c, const struct vb_loc *loc,
    struct vb_value **out)
{
	struct vb_value *v;
	int              y, m, d, hh, mm;

	switch (c->kind) {
	case K_NUM:
		if (c->fmt != F_DATE && c->fmt != F_DATETIME) {
			*out = vb_value_num(x->a, c->num, NULL, loc);
			return 0;
		}
		if (serial_date(c->num, x->date1904, &y, &m, &d, &hh,
		    &mm) == -1) {
			vb_diag(x->d, VB_ERR_XLSX_DATE, loc, "serial %.10g%s",
			    c->num, c->num >= 60 && c->num < 61 &&
			    !x->date1904 ? " is 29/02/1900, a day that never "
			    "was (Excel's 1900 leap-year bug)" : "");
			return -1;
		}
		v = vb_value_date(x->a, y, m, d, loc);
		if (c->fmt == F_DATETIME) {
			v->u.date.hh = hh;
			v->u.date.mm = mm;
			v->u.date.has_time = 1;
		}
		*out = v;
		return 0;
	case K_ISODATE:
		v = vb_value_date(x->a, c->y, c->m, c->d, loc);
		v->u.date.hh = c->hh;
		v->u.date.mm = c->mm;
		v->u.date.has_time = c->has_time;
		*out = v;
		return 0;
	case K_STR:
		return vb_sheet_text_value(x->a, x->d, x->o, c->s, c->n, loc,
		    out);
	case K_BOOL:
		*out = vb_value_bool(x->a, c->num != 0, loc);
		return 0;
	case K_ERR:
		vb_diag(x->d, VB_WARN_XLSX_ERRCELL, loc, "%s", c->s);
		*out = vb_value_null(x->a, loc);
		return 0;
	case K_NOVAL:
		vb_diag(x->d, VB_WARN_XLSX_NOVALUE, loc, "open and save the "
		    "file in Excel to store the results");
		*out = vb_value_null(x->a, loc);
		return 0;
	}
	return -1;
}

/*
 * Makes the table from the sorted cells: header row(s) from h1, data
 * rows after them.
 */
static int
build(struct xlsx *x, struct vb_value **out)
{
	const struct vb_sheet_opts *o = x->o;
	struct vb_value  *list, *row;
	struct vb_loc     loc, *locs = NULL;
	const char      **top = NULL, **bot = NULL, **keys = NULL, **ktop,
	                **kbot;
	const struct cell *c;
	struct merge     *mg;
	int              *same = NULL, *ksame, *cover = NULL;
	long             *colkey = NULL;
	uint32_t          h1, hlast, cmin = 0, cmax = 0, col, r, cc;
	size_t            i, j, k, ncols, nkeys = 0, nrows = 0, first;
	size_t            stray = 0, width;
	struct vb_loc     strayloc = { 0, 0, 0, NULL };
	char              a1[8], a2[8];
	int               rc = -1, nh = o->header_rows == 2 ? 2 : 1, bad = 0;
	int               any;

	if (x->ncells > 1)
		qsort(x->cells, x->ncells, sizeof(*x->cells), cell_cmp);
	for (i = 1; i < x->ncells; i++)
		if (cell_cmp(&x->cells[i - 1], &x->cells[i]) == 0) {
			loc = at(x, cell_name(x, &x->tmp, x->cells[i].row,
			    x->cells[i].col));
			vb_diag(x->d, VB_ERR_XLSX_CELL, &loc, "the cell is "
			    "written twice");
			return -1;
		}
	h1 = o->header_row > 0 ? (uint32_t)o->header_row :
	    x->ncells > 0 ? x->cells[0].row : 1;
	hlast = h1 + (uint32_t)nh - 1;
	for (i = 0; i < x->ncells && x->cells[i].row < h1; i++)
		;
	first = i;
	/* The header's columns: its cells and the merges that start in it. */
	for (j = first; j < x->ncells && x->cells[j].row <= hlast; j++) {
		col = x->cells[j].col;
		if (cmin == 0 || col < cmin)
			cmin = col;
		if (col > cmax)
			cmax = col;
	}
	if (cmin == 0) {
		loc = at(x, vb_arena_printf(&x->tmp, "%s!%u", x->sheet, h1));
		vb_diag(x->d, VB_ERR_SHEET_NOHEADER, &loc, o->header_row > 0 ?
		    "row %u of the sheet is empty" : "the sheet is empty", h1);
		return -1;
	}
	for (k = 0; k < x->nmerges; k++) {
		mg = &x->merges[k];
		if (mg->r1 >= h1 && mg->r1 <= hlast && mg->c2 > cmax)
			cmax = mg->c2;
	}
	width = cmax - cmin + 1;
	top = vb_arena_alloc(&x->tmp, width * sizeof(*top));
	bot = vb_arena_alloc(&x->tmp, width * sizeof(*bot));
	same = vb_xcalloc(width, sizeof(*same));
	cover = vb_xcalloc(width * 2, sizeof(*cover));
	for (i = 0; i < width; i++)
		top[i] = bot[i] = "";
	for (j = first; j < x->ncells && x->cells[j].row <= hlast; j++) {
		c = &x->cells[j];
		(c->row == h1 ? top : bot)[c->col - cmin] = cell_text(x, c);
	}
	/* A merged range shows its top-left cell's text in all its cells. */
	for (k = 0; k < x->nmerges; k++) {
		const char *text;

		mg = &x->merges[k];
		if (mg->r1 > hlast || mg->r2 < h1 || mg->c1 > cmax ||
		    mg->c2 < cmin || mg->r1 < h1)
			continue;
		/* Left of the header's first cell, the top-left is empty. */
		text = mg->c1 < cmin ? "" : mg->r1 == h1 ?
		    top[mg->c1 - cmin] : bot[mg->c1 - cmin];
		for (r = mg->r1; r <= mg->r2 && r <= hlast; r++)
			for (cc = mg->c1 < cmin ? cmin : mg->c1;
			    cc <= mg->c2 && cc <= cmax; cc++) {
				if (cover[(r - h1) * width + cc - cmin]++) {
					loc = at(x, cell_name(x, &x->tmp, r,
					    cc));
					vb_diag(x->d, VB_ERR_XLSX_CELL, &loc,
					    "overlapping merged ranges");
					goto out;
				}
				(r == h1 ? top : bot)[cc - cmin] = text;
				if (r > mg->r1)
					same[cc - cmin] = 1;
			}
	}
	/* Columns: every header column, and any column holding data. */
	colkey = vb_xcalloc(width, sizeof(*colkey));
	for (i = 0; i < width; i++)
		colkey[i] = -1;
	for (j = first; j < x->ncells; j++) {
		c = &x->cells[j];
		if (c->row > hlast && c->col >= cmin && c->col <= cmax)
			colkey[c->col - cmin] = 0;
	}
	for (i = 0; i < width; i++)
		if (colkey[i] == 0 || *top[i] != '\0' ||
		    (nh == 2 && *bot[i] != '\0'))
			colkey[i] = (long)nkeys++;
	ktop = vb_arena_alloc(&x->tmp, nkeys * sizeof(*ktop));
	kbot = vb_arena_alloc(&x->tmp, nkeys * sizeof(*kbot));
	ksame = vb_arena_alloc(&x->tmp, nkeys * sizeof(*ksame));
	locs = vb_arena_alloc(&x->tmp, nkeys * sizeof(*locs));
	keys = vb_arena_alloc(x->a, nkeys * sizeof(*keys));
	for (i = 0; i < width; i++) {
		if (colkey[i] < 0)
			continue;
		k = (size_t)colkey[i];
		ktop[k] = top[i];
		kbot[k] = bot[i];
		ksame[k] = same[i];
		locs[k] = at(x, cell_name(x, &x->tmp, h1, cmin + (uint32_t)i));
	}
	if (vb_sheet_keys(x->a, x->d, nkeys, ktop, nh == 2 ? kbot : NULL,
	    ksame, locs, keys) == -1)
		goto out;
	ncols = nkeys;
	col_name(cmin, a1);
	col_name(cmax, a2);
	list = vb_value_list(x->a, NULL);
	list->loc = at(x, vb_arena_strdup(x->a, x->sheet));
	for (j = first; j < x->ncells && x->cells[j].row <= hlast; j++)
		;
	while (j < x->ncells) {
		r = x->cells[j].row;
		for (k = j, any = 0; k < x->ncells && x->cells[k].row == r;
		    k++) {
			c = &x->cells[k];
			if (c->col < cmin || c->col > cmax) {
				if (stray++ == 0)
					strayloc = at(x, cell_name(x, &x->tmp,
					    r, c->col));
			} else
				any = 1;
		}
		if (!any) {
			j = k;
			continue;
		}
		if ((nrows + 1) * ncols > x->maxvalues) {
			loc = at(x, cell_name(x, &x->tmp, r, cmin));
			vb_diag(x->d, VB_ERR_LIMIT, &loc, "a table of more "
			    "than %zu values", x->maxvalues);
			goto out;
		}
		loc = at(x, vb_arena_printf(x->a, "%s!%s%u:%s%u", x->sheet,
		    a1, r, a2, r));
		row = vb_sheet_row(x->a, keys, ncols, &loc);
		for (; j < k; j++) {
			c = &x->cells[j];
			if (c->col < cmin || c->col > cmax)
				continue;
			loc = at(x, cell_name(x, x->a, r, c->col));
			if (cell_value(x, c, &loc, &row->u.map.v[
			    colkey[c->col - cmin]]) == -1)
				bad = 1;
		}
		for (i = 0; i < width; i++)
			if (colkey[i] >= 0 && row->u.map.v[colkey[i]] == NULL) {
				loc = at(x, cell_name(x, x->a, r,
				    cmin + (uint32_t)i));
				row->u.map.v[colkey[i]] = vb_value_null(x->a,
				    &loc);
			}
		vb_list_push(x->a, list, row);
		nrows++;
	}
	if (stray > 0)
		vb_diag(x->d, VB_WARN_SHEET_STRAY, &strayloc, "%zu cell%s "
		    "outside columns %s–%s of the header", stray,
		    stray > 1 ? "s" : "", a1, a2);
	if (bad)
		goto out;
	*out = list;
	rc = 0;
out:
	free(same);
	free(cover);
	free(colkey);
	return rc;
}

/* ---- entry point --------------------------------------------------------- */

/* Picks the sheet from the options; returns its part name or NULL. */
static const char *
choose_sheet(struct xlsx *x)
{
	const struct vb_sheet_opts *o = x->o;
	struct vb_buf  names = VB_BUF_INIT;
	struct vb_loc  loc = at(x, x->wbpart);
	const char    *part;
	size_t         i, pick = 0;

	if (o->sheet != NULL) {
		for (pick = 0; pick < x->nsheets; pick++)
			if (strcmp(x->sheets[pick].name, o->sheet) == 0)
				break;
	} else if (o->sheet_index > 0)
		pick = (size_t)o->sheet_index - 1;
	if (pick >= x->nsheets) {
		for (i = 0; i < x->nsheets; i++)
			vb_buf_printf(&names, "%s\"%s\"", i ? ", " : "",
			    x->sheets[i].name);
		if (o->sheet != NULL)
			vb_diag(x->d, VB_ERR_XLSX_SHEET, &loc, "\"%s\"; the "
			    "workbook has %s", o->sheet, names.data != NULL ?
			    names.data : "no sheets");
		else
			vb_diag(x->d, VB_ERR_XLSX_SHEET, &loc, "sheet %zu; the "
			    "workbook has %zu: %s", pick + 1, x->nsheets,
			    names.data != NULL ? names.data : "none");
		vb_buf_free(&names);
		return NULL;
	}
	x->sheet = x->sheets[pick].name;
	if ((part = rel_by_id(x, x->sheets[pick].rid)) == NULL) {
		vb_diag(x->d, VB_ERR_XLSX_PART, &loc, "sheet \"%s\" has no "
		    "part (relationship %s)", x->sheet, x->sheets[pick].rid);
		return NULL;
	}
	return part;
}

int
vb_xlsx_read(struct vb_src *src, struct vb_arena *a, struct vb_diag *d,
    const struct vb_sheet_opts *opts, struct vb_value **out)
{
	static const struct vb_sheet_opts defaults;
	struct xlsx    x;
	struct vb_loc  loc;
	zip_source_t  *zs;
	zip_error_t    ze;
	const char    *wb, *part, *sst, *styles;
	int            rc = -1;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	x.src = src;
	x.a = a;
	x.d = d;
	x.o = opts != NULL ? opts : &defaults;
	vb_arena_init(&x.tmp);
	x.maxcells = VB_XLSX_MAX_CELLS;
	x.maxvalues = VB_SHEET_MAX_VALUES;
	if (x.o->max_cells > 0 && x.o->max_cells < x.maxcells)
		x.maxcells = x.o->max_cells;
	if (x.o->max_cells > 0 && x.o->max_cells < x.maxvalues)
		x.maxvalues = x.o->max_cells;
	loc = at(&x, NULL);
	if (x.o->header_rows < 0 || x.o->header_rows > 2 ||
	    x.o->header_row < 0 || x.o->sheet_index < 0) {
		vb_diag(d, VB_ERR_SHEET_OPTS, NULL, "%s: header_rows %d, "
		    "header_row %d, sheet_index %d", src->name,
		    x.o->header_rows, x.o->header_row, x.o->sheet_index);
		goto out;
	}
	zip_error_init(&ze);
	if ((zs = zip_source_buffer_create(src->data, src->len, 0,
	    &ze)) == NULL) {
		vb_diag(d, VB_ERR_XLSX_ZIP, &loc, "%s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	if ((x.za = zip_open_from_source(zs, ZIP_RDONLY, &ze)) == NULL) {
		vb_diag(d, VB_ERR_XLSX_ZIP, &loc, "%s", zip_error_strerror(&ze));
		zip_source_free(zs);
		zip_error_fini(&ze);
		goto out;
	}
	zip_error_fini(&ze);
	if (read_rels(&x, "") == -1)
		goto out;
	if ((wb = rel_by_type(&x, "officeDocument")) == NULL)
		wb = "xl/workbook.xml";
	x.wbpart = wb;
	if (read_workbook(&x, wb) == -1 || read_rels(&x, wb) == -1)
		goto out;
	if ((part = choose_sheet(&x)) == NULL)
		goto out;
	if ((sst = rel_by_type(&x, "sharedStrings")) == NULL)
		sst = resolve(&x, wb, "sharedStrings.xml");
	if ((styles = rel_by_type(&x, "styles")) == NULL)
		styles = resolve(&x, wb, "styles.xml");
	if (read_sst(&x, sst) == -1 || read_styles(&x, styles) == -1 ||
	    read_sheet(&x, part) == -1)
		goto out;
	if (build(&x, out) == -1)
		goto out;
	rc = 0;
out:
	if (x.za != NULL)
		zip_discard(x.za);
	free(x.sst);
	free(x.xf);
	free(x.cells);
	free(x.merges);
	vb_arena_free(&x.tmp);
	return rc;
}
