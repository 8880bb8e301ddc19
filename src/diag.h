/*
 * diag.h — the diagnostics catalogue and printer (mandoc's mandocerr,
 * jq's locfile). Every message vanban prints about its input goes
 * through vb_diag(), names file:line:col, quotes the source line with a
 * caret underline, and raises the run's worst severity, from which the
 * exit status is taken.
 *
 * Who may include it: every module in src/, the tests and the fuzzers.
 *
 * The catalogue is split by module into diag_*.def files, each a list of
 *   VB_E(CODE, SEVERITY, "message shown to the user")
 * Add a code to the .def file of the module that reports it; the enum
 * and the message table below are generated from the same lists, so
 * they cannot fall out of step.
 */
#ifndef VB_DIAG_H
#define VB_DIAG_H

#include <stdio.h>

#include "vb.h"

enum vb_sev {
	VB_SEV_NONE = 0,
	VB_SEV_WARNING,   /* suspicious input; output is still written */
	VB_SEV_ERROR,     /* bad input: exit 1, no output file */
	VB_SEV_SYSERR     /* the system failed us (I/O): exit 1 */
};

enum vb_err {
#define VB_E(code, sev, msg) code,
#include "diag_core.def"
#include "diag_vi.def"
#include "diag_data.def"
#include "diag_sheet.def"
#include "diag_tpl.def"
#include "diag_doc.def"
#include "diag_out.def"
#include "diag_reg.def"
#undef VB_E
	VB_ERR__MAX
};

struct vb_diag {
	const struct vb_srcset *srcs;  /* to resolve locations; may be NULL */
	FILE        *out;              /* where messages go (stderr) */
	enum vb_sev  worst;            /* worst severity reported so far */
	unsigned     nerrors;
	unsigned     nwarnings;
	int          strict;           /* warnings count as errors */
	int          quiet;            /* count, but print nothing (fuzzers) */
};

void vb_diag_init(struct vb_diag *d, const struct vb_srcset *srcs, FILE *out);

/*
 * Reports code at loc (NULL or src 0 for none). fmt, if not NULL, adds a
 * detail after the catalogue message: "unknown filter: so_tien".
 */
void vb_diag(struct vb_diag *d, enum vb_err code, const struct vb_loc *loc,
    const char *fmt, ...) VB_PRINTF(4, 5);

/* A "note:" line attached to the last message, e.g. where a value came
 * from ("data.xlsx:Sheet1!C7: note: the value comes from here"). */
void vb_diag_note(struct vb_diag *d, const struct vb_loc *loc,
    const char *fmt, ...) VB_PRINTF(3, 4);

/* Severity and message text of a code, for tests and documentation. */
enum vb_sev  vb_diag_sev(enum vb_err code);
const char  *vb_diag_msg(enum vb_err code);
const char  *vb_diag_name(enum vb_err code);

/* True once an ERROR or SYSERR (or, when strict, a WARNING) was reported. */
int vb_diag_failed(const struct vb_diag *d);
/* Exit status from the worst severity: 0, or 1 for bad input. */
int vb_diag_exit(const struct vb_diag *d);

/*
 * Writes "name:line:col" (or "name:Sheet!C7", or "name") for loc into b.
 * Returns 0, or -1 if loc names no source.
 */
int vb_loc_format(const struct vb_srcset *ss, const struct vb_loc *loc,
    struct vb_buf *b);

#endif /* VB_DIAG_H */
