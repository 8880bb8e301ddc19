/*
 * font_hpdf.h — the libharu side of a font set, shared by font.c (which
 * loads the fonts and measures) and pdf.c (which writes documents with
 * them). Who may include it: font.c, pdf.c and their tests; nothing else
 * includes hpdf.h.
 *
 * One HPDF_Doc lives as long as the set. libharu keeps loaded font
 * definitions (parsed TrueType tables, the open font file) across
 * HPDF_NewDoc/HPDF_FreeDoc and resets their "glyph used" flags in
 * HPDF_FreeDoc, so each document pays only for its own font objects and
 * its embedded subset, never for parsing the fonts again.
 *
 * This relies on libharu 2.3.0's internal structures and object API
 * (HPDF_Doc_Rec, HPDF_FontDef_Rec, HPDF_TTFontDefAttr_Rec, HPDF_Dict,
 * HPDF_PageAttr_Rec), which Debian installs with hpdf.h; see the check
 * below.
 */
#ifndef VB_FONT_HPDF_H
#define VB_FONT_HPDF_H

#include <hpdf.h>

#include "font.h"

#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3
#error "font.c and pdf.c use libharu 2.3 internals; check them against this version"
#endif

struct vb_face_data {
	char          *path;       /* the .ttf file */
	const char    *hname;      /* libharu's name for the font definition */
	char           name[64];   /* PostScript name, e.g. VanbanSerif-Bold */
	HPDF_FontDef   def;
	int16_t       *widths[256];/* BMP advance widths by high byte, 1/1000
				      em; -1 = no glyph; NULL page = none */
	int            notdef;     /* advance of the missing glyph */
	int            ascent;     /* 1/1000 em, > 0 */
	int            descent;    /* 1/1000 em, > 0 */
};

struct vb_fontset {
	HPDF_Doc             pdf;
	HPDF_STATUS          err_no;   /* first libharu error since reset */
	HPDF_STATUS          err_detail;
	int                  utf8;     /* libharu's UTF-8 encoder is on */
	char                *dir;      /* where the fonts were found */
	struct vb_face_data  f[VB_FACE__MAX];
};

/* Forgets the recorded libharu error (and libharu's own). */
void vb_fontset_reset_error(struct vb_fontset *fs);

#endif /* VB_FONT_HPDF_H */
