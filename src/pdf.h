/*
 * pdf.h — pages of positioned boxes to PDF, through libharu (STYLE.md
 * §2.3, step 6b).
 *
 * Who may include it: main.c (render), the tests and the benchmarks.
 *
 * What comes out: PDF 1.3 (libharu's default), compressed streams, every
 * face the document uses embedded as a TrueType subset (Type0 /
 * CIDFontType2, Identity-H) with a correct ToUnicode CMap, so that
 * pdftotext returns the exact NFC text and poppler, qpdf and mupdf read it
 * without a warning. No encryption, no JavaScript, no /ID. Info: Title,
 * Author, Subject from the pages, Creator "vanban VERSION", CreationDate
 * and ModDate from $SOURCE_DATE_EPOCH when set (else the current time).
 * The same pages and the same SOURCE_DATE_EPOCH give the same bytes,
 * whatever was written before with the same font set.
 */
#ifndef VB_PDF_H
#define VB_PDF_H

#include <stddef.h>

#include "diag.h"
#include "font.h"
#include "pages.h"

/*
 * Writes pp to the file path (a temporary name: the caller renames it
 * once every stage has succeeded), with the fonts of fs. Returns 0, or -1
 * after reporting to d: VB_ERR_INTERNAL for a box the layout should never
 * make (the message names page and box), VB_ERR_PDF for a libharu failure
 * (with its error and detail codes in hex), VB_ERR_WRITE for I/O. On
 * failure no file is left at path. Characters without a glyph give one
 * VB_WARN_GLYPH each (at the box's loc) and are drawn as the missing-glyph
 * box; they do not fail the write.
 */
int vb_pdf_write(const struct vb_pages *pp, struct vb_fontset *fs,
    const char *path, struct vb_diag *d);

/*
 * The same, into memory: on success *out holds *len bytes (caller frees
 * with free()). Returns 0, or -1 after reporting to d.
 */
int vb_pdf_bytes(const struct vb_pages *pp, struct vb_fontset *fs,
    char **out, size_t *len, struct vb_diag *d);

#endif /* VB_PDF_H */
