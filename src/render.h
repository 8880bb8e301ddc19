/*
 * render.h — the pipeline one `vanban render` runs: load the template,
 * split its front matter, load the profile and the data, merge, build
 * the document tree, apply the ND30 rules, then dump it or write the
 * outputs (STYLE.md §2.3). Everything is read before anything is
 * written, and every output is written to a temporary file in its own
 * directory and renamed only when all of them succeeded: a failed run
 * leaves no file behind and does not touch an existing one.
 *
 * The pipeline is split in two so that a batch (batch.h) pays for the
 * expensive part once: a struct vb_job holds what every document of a
 * run shares (the template parsed, its front matter, the data, the ICU
 * services, the fonts), and each document is then made from a data root
 * (vb_job_doc) and written (vb_job_write). vb_render() is one job with
 * one document.
 *
 * Who may include it: cli_render.c, batch.c, tests.
 */
#ifndef VB_RENDER_H
#define VB_RENDER_H

#include <stdio.h>

#include "data.h"
#include "doc.h"
#include "diag.h"

#include "pages.h"
#include "tpl.h"

enum vb_dump {
	VB_DUMP_NONE = 0,
	VB_DUMP_DOC,     /* the finished vb_doc (dump.h) */
	VB_DUMP_MERGE,   /* the expanded Markdown with its slots (tpl.h) */
	VB_DUMP_LAYOUT   /* the positioned pages (pages.h) and the spread
	                    of word spaces of the justified lines */
};

struct vb_render_opts {
	const char   *tpl_path;   /* the template as named (messages, and the
	                           * directory profiles are looked up from) */
	const char   *tpl_text;   /* its text, or NULL to read tpl_path */
	size_t        tpl_len;
	const char  **data;       /* -d specs, see vb_data_load() */
	size_t        ndata;
	const char  **sets;       /* --set KEY=VALUE */
	size_t        nsets;
	const char  **outs;       /* -o paths: .pdf or .docx */
	size_t        nouts;
	enum vb_dump  dump;       /* with a dump, nothing is written */
	FILE         *dump_out;   /* where the dump goes (stdout) */
	FILE         *err;        /* where diagnostics go (stderr) */
	int           strict;     /* warnings count as errors */
	const char   *profile_dir;/* the one directory for to_chuc names;
	                           * NULL: the default search (nd30.h) */
	int           year_now;   /* for drafts without a date; 0: clock */

	/* The register, for `so: auto` (render_so.c, docs/register.md). */
	const char   *so;         /* --so: replaces the front matter's so */
	const char   *db;         /* --db; NULL: $VANBAN_DB, else vanban.db */
	const char   *key;        /* --key: the record key, added to the
	                           * template path to name the document */
	int           new_number; /* --new-number: a fresh number */
};

/* The writer for path by its extension, or NULL (a usage error). */
typedef int (*vb_writer_fn)(const struct vb_doc *, const char *,
    struct vb_diag *);
vb_writer_fn vb_render_writer(const char *path);

/*
 * Runs the pipeline. Returns the exit status: 0 done (warnings allowed),
 * 1 bad input or a failed write (each reported as file:line:col), 2 an
 * output whose type is unknown.
 */
int vb_render(const struct vb_render_opts *o);

/*
 * The writers by output type, as the dispatch table calls them: each
 * writes doc to tmp_path (a temporary file in the target's directory,
 * which the caller renames) and returns 0, or -1 after reporting.
 * vb_render_pdf opens the fonts (font.h), lays doc out (layout.h) and
 * draws the pages (pdf.h); vb_render_docx is vb_docx_write (docx.h).
 */
int vb_render_pdf(const struct vb_doc *doc, const char *tmp_path,
    struct vb_diag *d);
int vb_render_docx(const struct vb_doc *doc, const char *tmp_path,
    struct vb_diag *d);

/* ---- the pipeline in parts (batch.c) ----------------------------------- */

struct vb_vi;
struct vb_fontset;

/*
 * What every document of one run shares. All of it is read by
 * vb_job_open(); the fonts are opened on the first PDF (or by
 * vb_job_fonts(), before a batch forks its workers).
 */
struct vb_job {
	const struct vb_render_opts *o;
	struct vb_srcset   ss;      /* template, data, profiles, expressions */
	struct vb_diag     d;       /* the run's diagnostics: vi reports here,
	                             * so a batch swaps d.out and resets the
	                             * counts per record (vb_job_reset_diag) */
	struct vb_arena    arena;   /* front matter and template AST */
	struct vb_data     data;    /* -d and --set */
	struct vb_vi      *vi;
	struct vb_src     *src;     /* the template */
	struct vb_value   *fm;      /* its front matter, or NULL */
	struct vb_tpl     *tpl;     /* its parsed body */
	struct vb_fontset *fs;      /* NULL until the first PDF */
	const struct vb_value *profile;  /* the last vb_job_doc's profile
	                             * map (in that doc's arena), or NULL:
	                             * the register's numbering rules */
};

/*
 * Reads the template, its front matter and body, then the data and the
 * --set values of o (which must outlive the job). Returns 0, or -1 after
 * reporting (then vb_job_close() is still required; the exit status is
 * vb_diag_exit(&j->d)).
 */
int vb_job_open(struct vb_job *j, const struct vb_render_opts *o);
void vb_job_close(struct vb_job *j);

/* Clears the diagnostic counts and sends later messages to out. */
void vb_job_reset_diag(struct vb_job *j, FILE *out);

/*
 * Makes one document from the data root (a map; j->data.root for a
 * plain render): the header from front matter and profile, the merge,
 * the tree and the ND30 rules. doc must be zeroed with doc->arena set;
 * everything made lives in that arena. merged receives the expanded
 * Markdown (with dump == VB_DUMP_MERGE the function stops there and
 * returns 0 once the merge succeeded, even if the header failed: check
 * vb_diag_failed). Returns 0, or -1 after reporting to j->d.
 */
int vb_job_doc(struct vb_job *j, const struct vb_value *root,
    struct vb_doc *doc, struct vb_merged *merged);

/* Opens the fonts once; returns 0 or -1 after reporting. */
int vb_job_fonts(struct vb_job *j);

/*
 * Writes doc to every path of outs (.pdf, .docx): each to a temporary
 * file beside it, all renamed only when all succeeded. Returns 0 or -1.
 */
int vb_job_write(struct vb_job *j, const struct vb_doc *doc,
    const char *const *outs, size_t nouts);

/* Lays doc out with the job's fonts, appending its pages to pp (page
 * numbers restart with each document; the document information is the
 * first document's, copied into pp's arena). Returns 0 or -1. */
int vb_job_layout(struct vb_job *j, const struct vb_doc *doc,
    struct vb_pages *pp);

/* Writes laid-out pages to path atomically. Returns 0 or -1. */
int vb_job_write_pages(struct vb_job *j, const struct vb_pages *pp,
    const char *path);

/* The number of sources loaded so far, and dropping those loaded after
 * such a mark (a batch record's profile and expression texts), so that
 * memory stays flat over many records. Nothing made since the mark may
 * still point at them. */
size_t vb_job_srcmark(const struct vb_job *j);
void vb_job_srcdrop(struct vb_job *j, size_t mark);

/* ---- `so: auto` (render_so.c) -------------------------------------------- */

/* What vb_render_so_prepare() found, for vb_render_so_write(). */
struct vb_render_so {
	int                    on;     /* so: auto, and outputs to write */
	const struct vb_loc   *loc;    /* the front matter's so, or NULL */
	const char            *ma;     /* the front matter's ma: key, or NULL */
	const char            *viet_tat, *don_vi;  /* front matter, or NULL */
	const char            *db;     /* the register's file */
};

/*
 * Called once per job, after vb_job_open() and before vb_job_doc():
 * applies --so to the front matter, notes `so: auto` and `ma:`, and,
 * when outputs will be written, checks that the register exists (a
 * missing one is an error naming --db). With a dump, `so: auto` only
 * warns that the number stays blank. Returns 0, or -1 after reporting.
 */
int vb_render_so_prepare(struct vb_job *j, struct vb_render_so *so);

/*
 * vb_job_write() of doc (made by vb_job_doc) to o->outs. Under
 * `so: auto`, first takes the number from the register for the
 * document's key (the front matter's ma:, else the template path, plus
 * "#" and record_key, or o->key when record_key is NULL); the same key
 * gets the same number back unless o->new_number. The number goes into
 * doc (so, ky_hieu, so_line, the annexes' "Kèm theo" line), the outputs
 * are written, then recorded with their SHA-256 and the PDF's page
 * count. A failed write leaves the number in the register with no
 * file. Returns 0 or -1.
 */
int vb_render_so_write(struct vb_render_so *so, struct vb_job *j,
    struct vb_doc *doc, const char *record_key);

#endif /* VB_RENDER_H */
