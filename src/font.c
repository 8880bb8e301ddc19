/*
 * font.c — the font set: finds and loads the four TrueType faces through
 * libharu once, and measures UTF-8 text with their advance widths; plus
 * the fixed-width fake measurer for tests (mandoc's getwidth device hook).
 *
 * Widths come from libharu's parsed tables (cmap, hmtx) but are copied
 * into a table of our own when the set is opened: libharu's
 * HPDF_TTFontDef_GetCharWidth scans the cmap segments for every character
 * and marks the glyph as used, which would leak glyphs measured for one
 * document into the subset embedded in the next.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "font_hpdf.h"

#ifndef VB_SHAREDIR
#define VB_SHAREDIR "/usr/local/share/vanban"
#endif

/* Families looked for in each directory, in order of preference. */
static const char *const families[] = { "VanbanSerif", "LiberationSerif" };

static const char *const face_files[VB_FACE__MAX] = {
	"Regular", "Bold", "Italic", "BoldItalic"
};

/* ---- measurers ---------------------------------------------------------- */

double
vb_measure_width(const struct vb_measure *m, enum vb_face face, double size,
    const char *s, size_t len)
{
	return m->width(m->ctx, face, size, s, len);
}

size_t
vb_measure_fit(const struct vb_measure *m, enum vb_face face, double size,
    const char *s, size_t len, double maxw)
{
	size_t   i = 0, k;
	uint32_t cp;
	double   w = 0;

	while (i < len) {
		if ((k = vb_utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1;
		w += m->width(m->ctx, face, size, s + i, k);
		if (w > maxw + 1e-9)
			break;
		i += k;
	}
	return i;
}

static double
fake_width(void *ctx, enum vb_face face, double size, const char *s,
    size_t len)
{
	size_t   i = 0, k, n = 0;
	uint32_t cp;

	(void)ctx;
	(void)face;
	while (i < len) {
		if ((k = vb_utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1;
		i += k;
		n++;
	}
	return (double)n * 500 * size / 1000;
}

static double
fake_ascent(void *ctx, enum vb_face face, double size)
{
	(void)ctx;
	(void)face;
	return 0.8 * size;
}

static double
fake_descent(void *ctx, enum vb_face face, double size)
{
	(void)ctx;
	(void)face;
	return 0.2 * size;
}

struct vb_measure
vb_measure_fake(void)
{
	struct vb_measure m = { NULL, fake_width, fake_ascent, fake_descent };

	return m;
}

/* Advance of cp in 1/1000 em, the missing glyph's if there is none. */
static int
advance(const struct vb_face_data *fd, uint32_t cp)
{
	const int16_t *pg;

	if (cp < 0x10000 && (pg = fd->widths[cp >> 8]) != NULL &&
	    pg[cp & 0xFF] >= 0)
		return pg[cp & 0xFF];
	return fd->notdef;
}

static const struct vb_face_data *
face_data(const struct vb_fontset *fs, enum vb_face face)
{
	return &fs->f[(unsigned)face < VB_FACE__MAX ? face : VB_FACE_REGULAR];
}

static double
fs_width(void *ctx, enum vb_face face, double size, const char *s,
    size_t len)
{
	const struct vb_face_data *fd = face_data(ctx, face);
	const unsigned char       *u = (const unsigned char *)s;
	size_t                     i = 0, k;
	uint32_t                   cp;
	long                       units = 0;

	while (i < len) {
		if (u[i] < 0x80) {
			units += advance(fd, u[i++]);
			continue;
		}
		if ((k = vb_utf8_decode(s + i, len - i, &cp)) == 0) {
			units += fd->notdef;
			i++;
			continue;
		}
		units += advance(fd, cp);
		i += k;
	}
	return (double)units * size / 1000;
}

static double
fs_ascent(void *ctx, enum vb_face face, double size)
{
	return face_data(ctx, face)->ascent * size / 1000;
}

static double
fs_descent(void *ctx, enum vb_face face, double size)
{
	return face_data(ctx, face)->descent * size / 1000;
}

struct vb_measure
vb_fontset_measure(struct vb_fontset *fs)
{
	struct vb_measure m = { fs, fs_width, fs_ascent, fs_descent };

	return m;
}

int
vb_fontset_advance(const struct vb_fontset *fs, enum vb_face face,
    uint32_t cp)
{
	const struct vb_face_data *fd = face_data(fs, face);
	const int16_t             *pg;

	if (cp < 0x10000 && (pg = fd->widths[cp >> 8]) != NULL)
		return pg[cp & 0xFF];
	return -1;
}

const char *
vb_fontset_path(const struct vb_fontset *fs, enum vb_face face)
{
	return face_data(fs, face)->path;
}

const char *
vb_fontset_name(const struct vb_fontset *fs, enum vb_face face)
{
	return face_data(fs, face)->name;
}

/* ---- loading ------------------------------------------------------------ */

/* libharu's error handler: keep the first error; the caller checks. */
static void
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	struct vb_fontset *fs = user_data;

	if (fs->err_no == 0) {
		fs->err_no = error_no;
		fs->err_detail = detail_no;
	}
}

void
vb_fontset_reset_error(struct vb_fontset *fs)
{
	fs->err_no = 0;
	fs->err_detail = 0;
	HPDF_ResetError(fs->pdf);
}

/*
 * Copies the advance width of every code point the font maps into our
 * table, walking the cmap's segments (not all 65,536 code points).
 */
static void
build_widths(struct vb_face_data *fd)
{
	HPDF_TTFontDefAttr attr = fd->def->attr;
	unsigned           upem = attr->header.units_per_em;
	unsigned           nseg, i;
	uint32_t           cp, lo, hi;
	HPDF_UINT16        gid;
	int16_t           *pg;

	if (upem == 0)
		upem = 1000;
	fd->notdef = attr->num_glyphs > 0 ?
	    (int)(attr->h_metric[0].advance_width * 1000u / upem) : 0;
	fd->ascent = abs(fd->def->ascent);
	fd->descent = abs(fd->def->descent);
	if (attr->cmap.format == 0)
		nseg = 1;
	else
		nseg = attr->cmap.seg_count_x2 / 2;
	for (i = 0; i < nseg; i++) {
		if (attr->cmap.format == 0) {
			lo = 0;
			hi = 0xFF;
		} else {
			lo = attr->cmap.start_count[i];
			hi = attr->cmap.end_count[i];
		}
		for (cp = lo; cp <= hi && cp < 0xFFFF; cp++) {
			gid = HPDF_TTFontDef_GetGlyphid(fd->def, (HPDF_UINT16)cp);
			if (gid == 0 || gid >= attr->num_glyphs)
				continue;
			if ((pg = fd->widths[cp >> 8]) == NULL) {
				pg = vb_xmalloc(256 * sizeof(*pg));
				memset(pg, 0xFF, 256 * sizeof(*pg));  /* -1 */
				fd->widths[cp >> 8] = pg;
			}
			pg[cp & 0xFF] = (int16_t)(attr->h_metric[gid].advance_width *
			    1000u / upem);
		}
	}
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * libharu trusts a font file's table directory and crashes on a broken
 * one, so check it first: a TrueType header, and the tables libharu reads
 * all inside the file. Returns NULL if the file looks usable, else why not.
 */
static const char *
check_ttf(const char *path)
{
	static const char *const need[] = { "OS/2", "cmap", "glyf", "head",
		"hhea", "hmtx", "loca", "maxp", "name", "post" };
	unsigned char  hdr[12], ent[16];
	unsigned       ntab, i, j, found = 0;
	uint32_t       off, len;
	long           size;
	const char    *why = NULL;
	FILE          *f;

	if ((f = fopen(path, "rb")) == NULL)
		return strerror(errno);
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 12 ||
	    fseek(f, 0, SEEK_SET) != 0 || fread(hdr, 1, 12, f) != 12) {
		why = "too short for a TrueType font";
		goto out;
	}
	if (be32(hdr) != 0x00010000 && memcmp(hdr, "true", 4) != 0) {
		why = "not a TrueType font";
		goto out;
	}
	ntab = (unsigned)hdr[4] << 8 | hdr[5];
	if (ntab == 0 || ntab > 64 || 12 + 16L * ntab > size) {
		why = "bad table directory";
		goto out;
	}
	for (i = 0; i < ntab; i++) {
		if (fread(ent, 1, 16, f) != 16) {
			why = "bad table directory";
			goto out;
		}
		off = be32(ent + 8);
		len = be32(ent + 12);
		if (off > (uint32_t)size || len > (uint32_t)size - off) {
			why = "a table lies outside the file";
			goto out;
		}
		for (j = 0; j < sizeof(need) / sizeof(need[0]); j++)
			if (memcmp(ent, need[j], 4) == 0)
				found |= 1u << j;
	}
	if (found != (1u << (sizeof(need) / sizeof(need[0]))) - 1)
		why = "a required table is missing";
out:
	fclose(f);
	return why;
}

/* The PostScript name without libharu's subset tag and style suffix. */
static void
set_name(struct vb_face_data *fd)
{
	const char *s = fd->def->base_font, *plus = strchr(s, '+');
	size_t      n;

	if (plus != NULL && plus - s == 6)
		s = plus + 1;
	n = strcspn(s, ",");
	if (n >= sizeof(fd->name))
		n = sizeof(fd->name) - 1;
	memcpy(fd->name, s, n);
	fd->name[n] = '\0';
}

static char *
join(const char *dir, const char *family, const char *face)
{
	struct vb_buf b = VB_BUF_INIT;

	vb_buf_printf(&b, "%s/%s-%s.ttf", dir, family, face);
	return vb_buf_detach(&b, NULL);
}

/* Returns the family whose Regular face is in dir, or NULL. */
static const char *
family_in(const char *dir)
{
	size_t i;
	char  *p;
	int    ok;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		p = join(dir, families[i], face_files[VB_FACE_REGULAR]);
		ok = access(p, R_OK) == 0;
		free(p);
		if (ok)
			return families[i];
	}
	return NULL;
}

/* Adds the candidate directories of the search order to list. */
static size_t
candidates(const char *dir, char **list, size_t max)
{
	const char *env = getenv(VB_FONTS_ENV);
	char        exe[PATH_MAX], *slash;
	ssize_t     n;
	size_t      k = 0;
	int         up;

	if (dir != NULL) {
		list[k++] = vb_xstrdup(dir);
		return k;
	}
	if (env != NULL && *env != '\0' && k < max)
		list[k++] = vb_xstrdup(env);
	if (k < max)
		list[k++] = vb_xstrdup(VB_SHAREDIR "/fonts");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return k;
	exe[n] = '\0';
	for (up = 0; up < 4 && k < max; up++) {
		if ((slash = strrchr(exe, '/')) == NULL || slash == exe)
			break;
		*slash = '\0';
		list[k] = vb_xmalloc(strlen(exe) + sizeof("/fonts"));
		strcpy(list[k], exe);
		strcat(list[k], "/fonts");
		k++;
	}
	return k;
}

static void
describe(struct vb_fontset *fs, struct vb_buf *b)
{
	vb_buf_printf(b, "libharu error 0x%04lX (detail 0x%lX)",
	    (unsigned long)fs->err_no, (unsigned long)fs->err_detail);
}

struct vb_fontset *
vb_fontset_open(const char *dir, struct vb_diag *d)
{
	struct vb_fontset *fs;
	struct vb_buf      msg = VB_BUF_INIT;
	char              *list[8];
	const char        *family = NULL, *why;
	size_t             n, i;
	int                rc = -1, f;

	fs = vb_xcalloc(1, sizeof(*fs));
	n = candidates(dir, list, sizeof(list) / sizeof(list[0]));
	for (i = 0; i < n && family == NULL; i++)
		if ((family = family_in(list[i])) != NULL)
			fs->dir = vb_xstrdup(list[i]);
	if (family == NULL) {
		for (i = 0; i < n; i++)
			vb_buf_printf(&msg, "%s%s", i ? ", " : "", list[i]);
		vb_diag(d, VB_ERR_FONT_NOTFOUND, NULL, "no VanbanSerif-Regular.ttf "
		    "or LiberationSerif-Regular.ttf in %s (set %s to the "
		    "directory)", msg.data ? msg.data : "-", VB_FONTS_ENV);
		goto out;
	}
	if ((fs->pdf = HPDF_New(on_error, fs)) == NULL) {
		vb_diag(d, VB_ERR_FONT_LOAD, NULL, "libharu could not start");
		goto out;
	}
	/* Load every face now, in a fixed order, so that libharu's subset
	 * tags (HPDFAA+, HPDFAB+, ...) never depend on the documents. */
	for (f = 0; f < VB_FACE__MAX; f++) {
		struct vb_face_data *fd = &fs->f[f];

		fd->path = join(fs->dir, family, face_files[f]);
		if ((why = check_ttf(fd->path)) != NULL) {
			vb_diag(d, VB_ERR_FONT_LOAD, NULL, "%s: %s", fd->path, why);
			goto out;
		}
		fd->hname = HPDF_LoadTTFontFromFile(fs->pdf, fd->path, HPDF_TRUE);
		if (fd->hname != NULL)
			fd->def = HPDF_GetFontDef(fs->pdf, fd->hname);
		if (fd->def == NULL || fs->err_no != 0) {
			vb_buf_reset(&msg);
			describe(fs, &msg);
			vb_diag(d, VB_ERR_FONT_LOAD, NULL, "%s: not a usable "
			    "TrueType font (%s)", fd->path, msg.data);
			goto out;
		}
		set_name(fd);
		build_widths(fd);
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(list[i]);
	vb_buf_free(&msg);
	if (rc != 0) {
		vb_fontset_free(fs);
		return NULL;
	}
	return fs;
}

void
vb_fontset_free(struct vb_fontset *fs)
{
	int f, p;

	if (fs == NULL)
		return;
	if (fs->pdf != NULL)
		HPDF_Free(fs->pdf);
	for (f = 0; f < VB_FACE__MAX; f++) {
		free(fs->f[f].path);
		for (p = 0; p < 256; p++)
			free(fs->f[f].widths[p]);
	}
	free(fs->dir);
	free(fs);
}
