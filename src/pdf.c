/*
 * pdf.c — vb_pages -> PDF through libharu: one walk over the boxes, the
 * only place where the y axis is flipped (pages.h: top-left origin; PDF:
 * bottom-left).
 *
 * Who does what. libharu loads the fonts (font.c), subsets and embeds the
 * TrueType data, and writes the file: objects, compression, the Info
 * dictionary, the xref. This file makes, with libharu's object API, the
 * font dictionaries (make_font) and each page's content operators
 * (draw_page), because libharu's own ways are slow or wrong here:
 *
 *   - HPDF_GetFont with the "UTF-8" encoder walks all 65,536 codes for
 *     every font of every document, and writes a ToUnicode CMap that
 *     readers reject ("begincidrange"); poppler then guesses. Here the
 *     distinct code points a face shows in a document are numbered 1, 2,
 *     3 ... (its CIDs), and /W, CIDToGIDMap and a correct bfrange
 *     ToUnicode CMap cover just those. No post-pass and no second PDF
 *     library: the file is right as written.
 *   - libharu's text operators (one call per word, 512-byte buffers,
 *     five decimals) cost ~40 % of the instructions of a three-page
 *     document. Here a run of words on one line is one TJ, with numbers
 *     to 1/100 pt.
 *
 * Only the faces a document uses are embedded. All of this uses libharu
 * 2.3's internal structures (see font_hpdf.h).
 *
 * Errors. libharu calls font.c's handler, which records the first
 * (error_no, detail_no) in the font set; this file checks the record at
 * every step and turns a failure into one VB_ERR_PDF naming the step.
 * After any document, good or bad, HPDF_FreeDoc resets libharu (and the
 * fonts' glyph-used flags) for the next one, so a batch gives each
 * document the bytes it would get alone.
 *
 * Speed. libharu copies and clears memory one byte at a time in its
 * HPDF_MemCpy and HPDF_MemSet (every stream write, the 128 KB
 * CIDToGIDMap scratch of each font): 18 % of the instructions of a
 * one-page letter. Its calls to them go through the PLT, so the
 * definitions at the end of this file, linked into the program, replace
 * them (ELF symbol interposition) with libc's, with the same results.
 * Delete them and everything still works, only slower.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hpdf_utils.h>

#include "font_hpdf.h"
#include "pdf.h"

/* Distinct code points per face and document: two-byte codes, 0 unused. */
#define MAX_CODES    0xFFFF
/* A use's key: the face above the code point (21 bits). */
#define KEY(face, cp)  ((uint32_t)(face) << 21 | (cp))
#define KEY_CP(key)    ((key) & 0x1FFFFF)
#define KEY_FACE(key)  ((enum vb_face)((key) >> 21))
/* Codes per string in a TJ array (strings up to 32,767 bytes, escapes). */
#define STRING_CODES 8000
/* VB_WARN_GLYPH messages per document before a summary. */
#define MAX_GLYPH_WARNINGS 10
/* Bounds for boxes; outside them the layout has a bug. */
#define MAX_COORD    14400.0
#define MAX_SIZE     300.0
#define MAX_LINE     100.0

/* One (code point, face) the document uses, and the first box with it. */
struct use {
	uint32_t key;    /* KEY(face, cp) */
	uint32_t page;
	uint32_t box;
};

struct wr {
	struct vb_fontset      *fs;
	const struct vb_pages  *pp;
	struct vb_diag         *d;
	const char             *step;    /* for the error message */
	struct use             *uses;    /* distinct keys, ascending: by face,
					    then code point */
	size_t                  nuses;
	size_t                  first[VB_FACE__MAX + 1]; /* face f's uses
					    are uses[first[f] .. first[f+1]) */
	HPDF_Font               font[VB_FACE__MAX];
	struct vb_buf           content; /* one page's operators */
};

/* ---- checking the layout's output --------------------------------------- */

static int
finite_in(double v, double lo, double hi)
{
	return isfinite(v) && v >= lo && v <= hi;
}

/* Returns NULL if b is drawable, else what is wrong with it. */
static const char *
box_problem(const struct vb_box *b)
{
	size_t   i, k;
	uint32_t cp;

	if (!finite_in(b->x, -MAX_COORD, MAX_COORD) ||
	    !finite_in(b->y, -MAX_COORD, MAX_COORD))
		return "position out of range";
	switch (b->kind) {
	case VB_BOX_TEXT:
		if ((unsigned)b->face >= VB_FACE__MAX)
			return "unknown face";
		if (!finite_in(b->size, 0.01, MAX_SIZE))
			return "font size out of range";
		if (b->len > 0 && b->text == NULL)
			return "no text";
		for (i = 0; i < b->len; i += k) {
			if ((k = vb_utf8_decode(b->text + i, b->len - i, &cp)) == 0)
				return "invalid UTF-8";
			if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
				return "control character in text";
		}
		return NULL;
	case VB_BOX_RULE:
	case VB_BOX_RECT:
		if (!finite_in(b->line_width, 0.001, MAX_LINE))
			return "line width out of range";
		if (b->kind == VB_BOX_RULE &&
		    (!finite_in(b->w, -MAX_COORD, MAX_COORD) ||
		    !finite_in(b->h, -MAX_COORD, MAX_COORD)))
			return "rule out of range";
		if (b->kind == VB_BOX_RECT && (!finite_in(b->w, 0, MAX_COORD) ||
		    !finite_in(b->h, 0, MAX_COORD)))
			return "rectangle size out of range";
		return NULL;
	default:
		return "unknown kind of box";
	}
}

static int
check_pages(struct wr *w)
{
	const struct vb_page *pg;
	const char           *why;
	const char           *info[3] = { w->pp->title, w->pp->author,
		w->pp->subject };
	size_t                i, j;

	if (w->pp->n == 0) {
		vb_diag(w->d, VB_ERR_INTERNAL, NULL, "layout: no pages");
		return -1;
	}
	for (i = 0; i < 3; i++)
		if (info[i] != NULL && vb_utf8_check(info[i], strlen(info[i])) !=
		    strlen(info[i])) {
			vb_diag(w->d, VB_ERR_INTERNAL, NULL, "layout: document "
			    "information is not UTF-8");
			return -1;
		}
	for (i = 0; i < w->pp->n; i++) {
		pg = w->pp->v[i];
		if (!finite_in(pg->width, HPDF_MIN_PAGE_SIZE, HPDF_MAX_PAGE_SIZE) ||
		    !finite_in(pg->height, HPDF_MIN_PAGE_SIZE,
		    HPDF_MAX_PAGE_SIZE)) {
			vb_diag(w->d, VB_ERR_INTERNAL, NULL, "layout: page %zu: "
			    "size %gx%g out of range", i + 1, pg->width,
			    pg->height);
			return -1;
		}
		for (j = 0; j < pg->nboxes; j++)
			if ((why = box_problem(&pg->boxes[j])) != NULL) {
				vb_diag(w->d, VB_ERR_INTERNAL, NULL, "layout: page "
				    "%zu, box %zu (%s): %s", i + 1, j + 1,
				    vb_box_kind_name(pg->boxes[j].kind), why);
				return -1;
			}
	}
	return 0;
}

/* ---- the code points of the document ------------------------------------ */

static int
cmp_use(const void *a, const void *b)
{
	const struct use *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/*
 * Collects the distinct (face, code point) pairs, each with its first
 * box. A bit per face and BMP code point finds repeats in constant time;
 * only the distinct pairs are sorted. A face's k-th code point (in code
 * point order) gets the code code_of(k) in that face's font.
 */
static int
collect(struct wr *w)
{
	const struct vb_box *b;
	uint64_t            *seen;
	size_t               i, j, k, cap = 0, o, u;
	uint32_t             cp, key, bit;
	int                  f;

	seen = vb_xcalloc(VB_FACE__MAX * 0x10000 / 64, sizeof(*seen));
	for (i = 0; i < w->pp->n; i++)
		for (j = 0; j < w->pp->v[i]->nboxes; j++) {
			b = &w->pp->v[i]->boxes[j];
			if (b->kind != VB_BOX_TEXT)
				continue;
			for (o = 0; o < b->len; o += k) {
				k = vb_utf8_decode(b->text + o, b->len - o, &cp);
				key = KEY(b->face, cp);
				if (cp < 0x10000) {
					bit = (uint32_t)b->face << 16 | cp;
					if (seen[bit / 64] >> (bit % 64) & 1)
						continue;
					seen[bit / 64] |= (uint64_t)1 << (bit % 64);
				} else {
					for (u = 0; u < w->nuses; u++)
						if (w->uses[u].key == key)
							break;
					if (u < w->nuses)
						continue;
				}
				if (w->nuses == cap) {
					cap = cap ? cap * 2 : 256;
					w->uses = vb_xrealloc(w->uses,
					    cap * sizeof(*w->uses));
				}
				w->uses[w->nuses].key = key;
				w->uses[w->nuses].page = (uint32_t)i;
				w->uses[w->nuses].box = (uint32_t)j;
				w->nuses++;
			}
		}
	free(seen);
	if (w->nuses > 0)
		qsort(w->uses, w->nuses, sizeof(*w->uses), cmp_use);
	for (f = 0, i = 0; f <= VB_FACE__MAX; f++) {
		while (i < w->nuses && (int)KEY_FACE(w->uses[i].key) < f)
			i++;
		w->first[f] = i;
	}
	for (f = 0; f < VB_FACE__MAX; f++)
		if (w->first[f + 1] - w->first[f] > MAX_CODES) {
			vb_diag(w->d, VB_ERR_INTERNAL, NULL, "layout: %zu "
			    "distinct characters in one face, more than %d",
			    w->first[f + 1] - w->first[f], MAX_CODES);
			return -1;
		}
	return 0;
}

/* The two-byte code (and CID) of a face's k-th code point. */
static unsigned
code_of(size_t k)
{
	return (unsigned)(k + 1);
}

/* The index k of cp among the code points of face. */
static size_t
index_of(const struct wr *w, enum vb_face face, uint32_t cp)
{
	size_t   lo = w->first[face], hi = w->first[face + 1], mid;
	uint32_t key = KEY(face, cp);

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (w->uses[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - w->first[face];
}

static void
warn_missing(struct wr *w)
{
	const struct vb_box *b;
	size_t               i, nwarn = 0;
	uint32_t             cp;
	enum vb_face         face;
	struct vb_buf        ch = VB_BUF_INIT;

	for (i = 0; i < w->nuses; i++) {
		cp = KEY_CP(w->uses[i].key);
		face = KEY_FACE(w->uses[i].key);
		if (vb_fontset_advance(w->fs, face, cp) >= 0)
			continue;
		if (nwarn++ >= MAX_GLYPH_WARNINGS)
			continue;
		b = &w->pp->v[w->uses[i].page]->boxes[w->uses[i].box];
		vb_buf_reset(&ch);
		vb_buf_put_cp(&ch, cp);
		vb_diag(w->d, VB_WARN_GLYPH, b->loc.src ? &b->loc : NULL,
		    "U+%04X '%s' in %s, page %u", (unsigned)cp, ch.data,
		    vb_fontset_name(w->fs, face), w->uses[i].page + 1);
	}
	if (nwarn > MAX_GLYPH_WARNINGS)
		vb_diag(w->d, VB_WARN_GLYPH, NULL, "and %zu more",
		    nwarn - MAX_GLYPH_WARNINGS);
	vb_buf_free(&ch);
}

/* ---- fonts -------------------------------------------------------------- */

static void
put_utf16(struct vb_buf *b, uint32_t cp)
{
	if (cp < 0x10000)
		vb_buf_printf(b, "%04X", (unsigned)cp);
	else {
		cp -= 0x10000;
		vb_buf_printf(b, "%04X%04X", (unsigned)(0xD800 + (cp >> 10)),
		    (unsigned)(0xDC00 + (cp & 0x3FF)));
	}
}

/*
 * The ToUnicode CMap of one face: bfrange entries code -> UTF-16BE, one
 * per run of consecutive codes with consecutive BMP code points, the run
 * varying only the last byte of both (as a bfrange may), in blocks of at
 * most 100 as the CMap format requires.
 */
static void
tounicode(struct wr *w, enum vb_face face, struct vb_buf *out)
{
	struct range { size_t k0, k1; uint32_t cp0; } *r = NULL;
	size_t   i, k, n = 0, cap = 0, j, blk;
	uint32_t cp;

	for (i = w->first[face]; i < w->first[face + 1]; i++) {
		cp = KEY_CP(w->uses[i].key);
		k = i - w->first[face];
		if (n > 0 && k == r[n - 1].k1 + 1 && cp < 0xFFFF &&
		    r[n - 1].cp0 + (k - r[n - 1].k0) == cp &&
		    cp >> 8 == r[n - 1].cp0 >> 8 &&
		    code_of(k) >> 8 == code_of(r[n - 1].k0) >> 8) {
			r[n - 1].k1 = k;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			r = vb_xrealloc(r, cap * sizeof(*r));
		}
		r[n].k0 = r[n].k1 = k;
		r[n].cp0 = cp;
		n++;
	}
	vb_buf_puts(out, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\n"
	    "begincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (i = 0; i < n; i += blk) {
		blk = n - i > 100 ? 100 : n - i;
		vb_buf_printf(out, "%zu beginbfrange\n", blk);
		for (j = i; j < i + blk; j++) {
			vb_buf_printf(out, "<%04X> <%04X> <", code_of(r[j].k0),
			    code_of(r[j].k1));
			put_utf16(out, r[j].cp0);
			vb_buf_puts(out, ">\n");
		}
		vb_buf_puts(out, "endbfrange\n");
	}
	vb_buf_puts(out, "endcmap\n"
	    "CMapName currentdict /CMap defineresource pop\n"
	    "end\n"
	    "end\n");
	free(r);
}

/* A stream object, deflated when libharu writes it. */
static HPDF_Dict
new_stream(HPDF_Doc pdf)
{
	HPDF_Dict st = HPDF_DictStream_New(pdf->mmgr, pdf->xref);

	if (st != NULL)
		st->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return st;
}

/*
 * Makes the font objects of one face for this document, with libharu's
 * object API: a Type0 font (Identity-H) over a CIDFontType2 whose CIDs
 * are our codes 1..n, with their /W widths, a CIDToGIDMap, a ToUnicode
 * CMap, and a FontDescriptor whose FontFile2 is libharu's subset of the
 * TrueType file (the glyphs marked here, composite parts included).
 * HPDF_GetFont is not used: it walks all 65,536 codes of its encoder for
 * every font and writes a ToUnicode CMap that readers reject.
 */
static int
make_font(struct wr *w, enum vb_face face)
{
	HPDF_Doc                   pdf = w->fs->pdf;
	const struct vb_face_data *fd = &w->fs->f[face];
	HPDF_FontDef               def = fd->def;
	HPDF_TTFontDefAttr         attr = def->attr;
	HPDF_MMgr                  mm = pdf->mmgr;
	HPDF_Dict                  font, cid, csi, desc, file, map, tu;
	HPDF_Array                 desc_fonts, warr, wlist;
	struct vb_buf              buf = VB_BUF_INIT;
	char                       base[HPDF_LIMIT_MAX_NAME_LEN + 1];
	size_t                     i, n = w->first[face + 1] - w->first[face];
	uint32_t                   cp;
	HPDF_UINT16                gid;
	HPDF_STATUS                st = HPDF_OK;
	int                        rc = -1;

	/* The subset tag libharu gave the face ("HPDFAB+") and its name. */
	snprintf(base, sizeof(base), "%.7s%s", attr->tag_name, fd->name);

	/* CIDToGIDMap (two bytes per code, code 0 unused) and /W, and the
	 * glyphs to embed: libharu marks a glyph, and the parts of a
	 * composite glyph, when it is asked for its width. */
	vb_buf_put(&buf, "\0\0", 2);
	if ((wlist = HPDF_Array_New(mm)) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		cp = KEY_CP(w->uses[w->first[face] + i].key);
		gid = cp < 0x10000 ? HPDF_TTFontDef_GetGlyphid(def,
		    (HPDF_UINT16)cp) : 0;
		if (gid >= attr->num_glyphs)
			gid = 0;
		if (gid != 0)
			HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)cp);
		vb_buf_putc(&buf, gid >> 8);
		vb_buf_putc(&buf, gid & 0xFF);
		st += HPDF_Array_AddNumber(wlist,
		    HPDF_TTFontDef_GetGidWidth(def, gid));
	}

	if ((font = HPDF_Dict_New(mm)) == NULL ||
	    (cid = HPDF_Dict_New(mm)) == NULL ||
	    (csi = HPDF_Dict_New(mm)) == NULL ||
	    (desc = HPDF_Dict_New(mm)) == NULL ||
	    (desc_fonts = HPDF_Array_New(mm)) == NULL ||
	    (warr = HPDF_Array_New(mm)) == NULL)
		goto out;
	/* The map is two bytes a glyph: deflating it costs more (time, and
	 * bytes for /Filter) than it saves. */
	if ((map = HPDF_DictStream_New(mm, pdf->xref)) == NULL ||
	    (tu = new_stream(pdf)) == NULL ||
	    (file = new_stream(pdf)) == NULL)
		goto out;
	st += HPDF_Xref_Add(pdf->xref, font);
	st += HPDF_Xref_Add(pdf->xref, cid);
	st += HPDF_Xref_Add(pdf->xref, desc);
	if (st != HPDF_OK)
		goto out;

	st += HPDF_Dict_AddName(font, "Type", "Font");
	st += HPDF_Dict_AddName(font, "Subtype", "Type0");
	st += HPDF_Dict_AddName(font, "BaseFont", base);
	st += HPDF_Dict_AddName(font, "Encoding", "Identity-H");
	st += HPDF_Dict_Add(font, "DescendantFonts", desc_fonts);
	st += HPDF_Array_Add(desc_fonts, cid);
	st += HPDF_Dict_Add(font, "ToUnicode", tu);

	st += HPDF_Dict_AddName(cid, "Type", "Font");
	st += HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
	st += HPDF_Dict_AddName(cid, "BaseFont", base);
	st += HPDF_Dict_Add(cid, "CIDSystemInfo", csi);
	st += HPDF_Dict_Add(csi, "Registry", HPDF_String_New(mm, "Adobe",
	    NULL));
	st += HPDF_Dict_Add(csi, "Ordering", HPDF_String_New(mm, "Identity",
	    NULL));
	st += HPDF_Dict_AddNumber(csi, "Supplement", 0);
	st += HPDF_Dict_Add(cid, "FontDescriptor", desc);
	st += HPDF_Dict_AddNumber(cid, "DW", fd->notdef);
	st += HPDF_Dict_Add(cid, "W", warr);
	st += HPDF_Array_AddNumber(warr, 1);
	st += HPDF_Array_Add(warr, wlist);
	st += HPDF_Dict_Add(cid, "CIDToGIDMap", map);
	st += HPDF_Stream_Write(map->stream, (const HPDF_BYTE *)buf.data,
	    (HPDF_UINT)buf.len);

	st += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	st += HPDF_Dict_AddName(desc, "FontName", base);
	st += HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
	st += HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(mm,
	    def->font_bbox));
	st += HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
	st += HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
	st += HPDF_Dict_AddNumber(desc, "Descent", def->descent);
	st += HPDF_Dict_AddNumber(desc, "CapHeight", def->cap_height ?
	    def->cap_height : def->ascent);
	st += HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
	st += HPDF_Dict_Add(desc, "FontFile2", file);
	if (st != HPDF_OK || HPDF_TTFontDef_SaveFontData(def, file->stream) !=
	    HPDF_OK)
		goto out;
	st += HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)attr->length1);

	vb_buf_reset(&buf);
	tounicode(w, face, &buf);
	st += HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)buf.data,
	    (HPDF_UINT)buf.len);
	if (st != HPDF_OK || w->fs->err_no != 0)
		goto out;
	w->font[face] = font;
	rc = 0;
out:
	vb_buf_free(&buf);
	return rc;
}

/* ---- document ----------------------------------------------------------- */

/* The document's date: $SOURCE_DATE_EPOCH if it is a number, else now. */
static HPDF_Date
doc_date(void)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	HPDF_Date   hd;
	struct tm   tm;
	time_t      t;
	char       *end;
	long long   v;

	t = time(NULL);
	if (env != NULL && *env != '\0') {
		errno = 0;
		v = strtoll(env, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0)
			t = (time_t)v;
	}
	memset(&hd, 0, sizeof(hd));
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999) {
		hd.year = 1970;
		hd.month = 1;
		hd.day = 1;
	} else {
		hd.year = tm.tm_year + 1900;
		hd.month = tm.tm_mon + 1;
		hd.day = tm.tm_mday;
		hd.hour = tm.tm_hour;
		hd.minutes = tm.tm_min;
		hd.seconds = tm.tm_sec > 59 ? 59 : tm.tm_sec;
	}
	hd.ind = 'Z';
	return hd;
}

static int
set_info(struct wr *w)
{
	HPDF_Doc   pdf = w->fs->pdf;
	HPDF_Date  date = doc_date();
	const char *vals[3] = { w->pp->title, w->pp->author, w->pp->subject };
	const HPDF_InfoType types[3] = { HPDF_INFO_TITLE, HPDF_INFO_AUTHOR,
		HPDF_INFO_SUBJECT };
	int        i;

	/* The UTF-8 encoder writes info strings as UTF-16BE with a BOM. */
	if (HPDF_SetCurrentEncoder(pdf, "UTF-8") != HPDF_OK)
		return -1;
	for (i = 0; i < 3; i++)
		if (vals[i] != NULL && *vals[i] != '\0' &&
		    HPDF_SetInfoAttr(pdf, types[i], vals[i]) != HPDF_OK)
			return -1;
	if (HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "vanban " VB_VERSION) !=
	    HPDF_OK ||
	    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date) != HPDF_OK ||
	    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date) != HPDF_OK)
		return -1;
	return w->fs->err_no != 0 ? -1 : 0;
}

/* ---- page content ------------------------------------------------------- */

/*
 * Appends v rounded to 10^-dec (dec <= 3), without trailing zeros: the
 * digits below 1/100 pt (0.0035 mm) would only make the stream bigger.
 */
static void
put_num(struct vb_buf *b, double v, int dec)
{
	static const long scale[] = { 1, 10, 100, 1000 };
	char      tmp[32], *p = tmp + sizeof(tmp);
	long long n = llround(v * scale[dec]), ip;
	long      fp;
	int       i, neg = n < 0, any = 0;

	if (neg)
		n = -n;
	ip = n / scale[dec];
	fp = (long)(n % scale[dec]);
	for (i = 0; i < dec; i++, fp /= 10) {
		if (fp % 10 != 0 || any) {
			*--p = (char)('0' + fp % 10);
			any = 1;
		}
	}
	if (any)
		*--p = '.';
	do {
		*--p = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	if (neg && n != 0)
		*--p = '-';
	vb_buf_put(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* Appends a box's text as literal strings of two-byte codes, for a TJ
 * array; returns its advance in 1/1000 em (the /W widths the viewer will
 * use). */
static long
put_codes(struct wr *w, struct vb_buf *b, const struct vb_box *x)
{
	const struct vb_face_data *fd = &w->fs->f[x->face];
	size_t                     o, k, n;
	uint32_t                   cp;
	unsigned                   c, byte;
	long                       adv = 0;
	int                        half;
	const int16_t             *pg;

	vb_buf_putc(b, '(');
	for (o = 0, n = 0; o < x->len; o += k) {
		k = vb_utf8_decode(x->text + o, x->len - o, &cp);
		/* PDF readers need not take strings over 32,767 bytes: cut
		 * (strings side by side in a TJ array simply follow). */
		if (++n % STRING_CODES == 0)
			vb_buf_puts(b, ")(");
		c = code_of(index_of(w, x->face, cp));
		for (half = 1; half >= 0; half--) {
			byte = half ? c >> 8 : c & 0xFF;
			if (byte == '(' || byte == ')' || byte == '\\')
				vb_buf_putc(b, '\\');
			if (byte == '\r')
				vb_buf_puts(b, "\\r");
			else if (byte == '\n')
				vb_buf_puts(b, "\\n");
			else
				vb_buf_putc(b, (int)byte);
		}
		if (cp < 0x10000 && (pg = fd->widths[cp >> 8]) != NULL &&
		    pg[cp & 0xFF] >= 0)
			adv += pg[cp & 0xFF];
		else
			adv += fd->notdef;
	}
	vb_buf_putc(b, ')');
	return adv;
}

/*
 * Writes the text boxes from[0 .. n), all of one face and size on one
 * baseline, as one TJ: the first at its x through the text matrix, each
 * next one moved to its own x by a TJ adjustment computed from where the
 * previous one really ended, so no error adds up along the line.
 */
static void
put_run(struct wr *w, struct vb_buf *b, double height,
    const struct vb_box *from, size_t n)
{
	double pen, adj, size = from[0].size;
	size_t i;

	vb_buf_puts(b, "1 0 0 1 ");
	put_num(b, from[0].x, 2);
	vb_buf_putc(b, ' ');
	put_num(b, height - from[0].y, 2);
	vb_buf_puts(b, " Tm\n[");
	pen = round(from[0].x * 100) / 100;
	for (i = 0; i < n; i++) {
		if (i > 0) {
			/* A positive TJ number moves left by n/1000 em. */
			adj = round((pen - from[i].x) * 1000 / size * 10) / 10;
			if (adj != 0) {
				put_num(b, adj, 1);
				pen -= adj * size / 1000;
			}
		}
		pen += (double)put_codes(w, b, &from[i]) * size / 1000;
	}
	vb_buf_puts(b, "] TJ\n");
}

/* Whether box b continues the run of box a (same face, size, baseline). */
static int
same_run(const struct vb_box *a, const struct vb_box *b)
{
	return b->kind == VB_BOX_TEXT && b->len > 0 && b->face == a->face &&
	    b->size == a->size && round(b->y * 100) == round(a->y * 100);
}

/*
 * Draws one page. libharu makes the page, its resources and its content
 * stream object; the operators are written here: a TJ per run of words on
 * a line (justified lines are one box per word), a text matrix per run,
 * numbers to 1/100 pt. This is 40 % fewer instructions for a three-page
 * document than libharu's per-call operators, and a smaller stream.
 */
static int
draw_page(struct wr *w, const struct vb_page *pg)
{
	HPDF_Page            page;
	HPDF_PageAttr        pa;
	const struct vb_box *x;
	const char          *fname[VB_FACE__MAX] = { NULL };
	struct vb_buf       *b = &w->content;
	double               H = pg->height, size = 0, lw = 1;
	int                  in_text = 0, face = -1;
	size_t               i, n;

	if ((page = HPDF_AddPage(w->fs->pdf)) == NULL ||
	    HPDF_Page_SetWidth(page, (HPDF_REAL)pg->width) != HPDF_OK ||
	    HPDF_Page_SetHeight(page, (HPDF_REAL)H) != HPDF_OK)
		return -1;
	vb_buf_reset(b);
	for (i = 0; i < pg->nboxes; i += n) {
		x = &pg->boxes[i];
		n = 1;
		if (x->kind == VB_BOX_TEXT) {
			if (x->len == 0)
				continue;
			while (i + n < pg->nboxes && same_run(x, x + n))
				n++;
			if (!in_text) {
				vb_buf_puts(b, "BT\n");
				in_text = 1;
			}
			if ((int)x->face != face || x->size != size) {
				face = (int)x->face;
				size = x->size;
				if (fname[face] == NULL && (fname[face] =
				    HPDF_Page_GetLocalFontName(page,
				    w->font[face])) == NULL)
					return -1;
				vb_buf_printf(b, "/%s ", fname[face]);
				put_num(b, size, 2);
				vb_buf_puts(b, " Tf\n");
			}
			put_run(w, b, H, x, n);
			continue;
		}
		if (in_text) {
			vb_buf_puts(b, "ET\n");
			in_text = 0;
		}
		if (x->line_width != lw) {
			lw = x->line_width;
			put_num(b, lw, 3);
			vb_buf_puts(b, " w\n");
		}
		put_num(b, x->x, 2);
		vb_buf_putc(b, ' ');
		if (x->kind == VB_BOX_RULE) {
			put_num(b, H - x->y, 2);
			vb_buf_puts(b, " m ");
			put_num(b, x->x + x->w, 2);
			vb_buf_putc(b, ' ');
			put_num(b, H - x->y - x->h, 2);
			vb_buf_puts(b, " l S\n");
		} else {
			put_num(b, H - x->y - x->h, 2);
			vb_buf_putc(b, ' ');
			put_num(b, x->w, 2);
			vb_buf_putc(b, ' ');
			put_num(b, x->h, 2);
			vb_buf_puts(b, " re S\n");
		}
	}
	if (in_text)
		vb_buf_puts(b, "ET\n");
	pa = page->attr;
	if (b->len > 0 && HPDF_Stream_Write(pa->stream,
	    (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len) != HPDF_OK)
		return -1;
	return w->fs->err_no == 0 ? 0 : -1;
}

/*
 * Builds the document in libharu and saves it to libharu's memory stream;
 * returns 0 or -1 (reported). The caller reads the stream, then calls
 * finish().
 */
static int
render(struct wr *w)
{
	struct vb_fontset *fs = w->fs;
	size_t             i;
	int                f;

	if (check_pages(w) != 0 || collect(w) != 0)
		return -1;
	warn_missing(w);
	vb_fontset_reset_error(fs);
	w->step = "starting the document";
	if (HPDF_NewDoc(fs->pdf) != HPDF_OK)
		goto fail;
	/* The UTF-8 encoder writes the Info strings as UTF-16 (once per
	 * font set: encoders outlive documents). */
	if (!fs->utf8) {
		if (HPDF_UseUTFEncodings(fs->pdf) != HPDF_OK)
			goto fail;
		fs->utf8 = 1;
	}
	if (HPDF_SetCompressionMode(fs->pdf, HPDF_COMP_ALL) != HPDF_OK)
		goto fail;
	w->step = "setting the document information";
	if (set_info(w) != 0)
		goto fail;
	w->step = "making the fonts";
	for (f = 0; f < VB_FACE__MAX; f++)
		if (w->first[f + 1] > w->first[f] &&
		    make_font(w, (enum vb_face)f) != 0)
			goto fail;
	w->step = "drawing the pages";
	for (i = 0; i < w->pp->n; i++)
		if (draw_page(w, w->pp->v[i]) != 0)
			goto fail;
	w->step = "saving";
	if (HPDF_SaveToStream(fs->pdf) != HPDF_OK || fs->err_no != 0)
		goto fail;
	return 0;
fail:
	vb_diag(w->d, VB_ERR_PDF, NULL, "%s: libharu error 0x%04lX (detail "
	    "0x%lX)", w->step, (unsigned long)fs->err_no,
	    (unsigned long)fs->err_detail);
	return -1;
}

/* Leaves libharu and the font set ready for the next document. */
static void
finish(struct wr *w)
{
	HPDF_FreeDoc(w->fs->pdf);
	vb_fontset_reset_error(w->fs);
	free(w->uses);
	vb_buf_free(&w->content);
}

static void
start(struct wr *w, const struct vb_pages *pp, struct vb_fontset *fs,
    struct vb_diag *d)
{
	memset(w, 0, sizeof(*w));
	w->pp = pp;
	w->fs = fs;
	w->d = d;
	w->step = "";
}

/* Copies libharu's saved stream into a malloc'd buffer. */
static int
take_bytes(struct wr *w, char **out, size_t *len)
{
	HPDF_UINT32 size = HPDF_GetStreamSize(w->fs->pdf), got = size;
	char       *buf;

	*out = NULL;
	*len = 0;
	buf = vb_xmalloc(size ? size : 1);
	if (size == 0 || HPDF_ReadFromStream(w->fs->pdf, (HPDF_BYTE *)buf,
	    &got) != HPDF_OK || got != size) {
		free(buf);
		vb_diag(w->d, VB_ERR_PDF, NULL, "reading the saved document: "
		    "libharu error 0x%04lX (detail 0x%lX)",
		    (unsigned long)w->fs->err_no,
		    (unsigned long)w->fs->err_detail);
		return -1;
	}
	*out = buf;
	*len = size;
	return 0;
}

int
vb_pdf_bytes(const struct vb_pages *pp, struct vb_fontset *fs, char **out,
    size_t *len, struct vb_diag *d)
{
	struct wr w;
	int       rc = -1;

	*out = NULL;
	*len = 0;
	start(&w, pp, fs, d);
	if (render(&w) != 0 || take_bytes(&w, out, len) != 0)
		goto out;
	rc = 0;
out:
	finish(&w);
	return rc;
}

/* Writes all of p to fd; returns 0 or -1 with errno set. */
static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		if ((k = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int
vb_pdf_write(const struct vb_pages *pp, struct vb_fontset *fs,
    const char *path, struct vb_diag *d)
{
	char  *buf = NULL;
	size_t len = 0;
	int    fd = -1, rc = -1, created = 0;

	if (vb_pdf_bytes(pp, fs, &buf, &len, d) != 0)
		goto out;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) < 0) {
		vb_diag(d, VB_ERR_WRITE, NULL, "%s: %s", path, strerror(errno));
		goto out;
	}
	created = 1;
	if (write_all(fd, buf, len) != 0) {
		vb_diag(d, VB_ERR_WRITE, NULL, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		vb_diag(d, VB_ERR_WRITE, NULL, "%s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0 && created)
		unlink(path);
	free(buf);
	return rc;
}

/* ---- faster libharu memory helpers (see the top of the file) ------------ */

HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n > 0)
		memmove(out, in, n);
	return out + n;
}

void *
HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n > 0)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}
