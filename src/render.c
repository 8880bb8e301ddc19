/*
 * render.c — the render pipeline (STYLE.md §2.3): template → front matter
 * → profile → data → merge → document tree → ND30 rules → dump or
 * writers, with atomic outputs.
 */
#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "render.h"
#include "data.h"
#include "docx.h"
#include "font.h"
#include "dump.h"
#include "front.h"
#include "layout.h"
#include "nd30.h"
#include "pages.h"
#include "pdf.h"
#include "tpl.h"
#include "value.h"
#include "vi.h"

/* ---- writers ------------------------------------------------------------- */

/* PDF: lay the document out with the real fonts' metrics, then draw. */
int
vb_render_pdf(const struct vb_doc *doc, const char *tmp_path,
    struct vb_diag *d)
{
	struct vb_fontset *fs;
	struct vb_measure  m;
	struct vb_arena    a;
	struct vb_pages    pp;
	int                rc = -1;

	if ((fs = vb_fontset_open(NULL, d)) == NULL)
		return -1;
	vb_arena_init(&a);
	vb_pages_init(&pp, &a);
	m = vb_fontset_measure(fs);
	if (vb_layout(doc, &m, d, &pp, NULL) != 0)
		goto out;
	if (vb_pdf_write(&pp, fs, tmp_path, d) != 0)
		goto out;
	rc = 0;
out:
	vb_arena_free(&a);
	vb_fontset_free(fs);
	return rc;
}

int
vb_render_docx(const struct vb_doc *doc, const char *tmp_path,
    struct vb_diag *d)
{
	return vb_docx_write(doc, tmp_path, d);
}

static const struct {
	const char   *ext;
	vb_writer_fn  fn;
} writers[] = {
	{ ".pdf",  vb_render_pdf },
	{ ".docx", vb_render_docx },
};

vb_writer_fn
vb_render_writer(const char *path)
{
	size_t i, n = strlen(path), k;

	for (i = 0; i < sizeof(writers) / sizeof(writers[0]); i++) {
		k = strlen(writers[i].ext);
		if (n > k && strcasecmp(path + n - k, writers[i].ext) == 0)
			return writers[i].fn;
	}
	return NULL;
}

/* One output on its way: the temporary file beside the target. */
struct pending {
	const char *path;
	char       *tmp;
};

static char *
temp_beside(const char *path, struct vb_diag *d)
{
	const char *slash = strrchr(path, '/');
	size_t      dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	char       *tmp;
	int         fd;

	tmp = vb_xmalloc(strlen(path) + 16);
	memcpy(tmp, path, dirlen);
	sprintf(tmp + dirlen, ".%s.XXXXXX", path + dirlen);
	if ((fd = mkstemp(tmp)) < 0) {
		vb_diag(d, VB_ERR_WRITE, NULL, "%s: %s", path, strerror(errno));
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

/* Writes one output with the job's fonts (PDF) or the DOCX writer. */
static int
write_one(struct vb_job *j, const struct vb_doc *doc, const char *path,
    const char *tmp)
{
	struct vb_pages pp;
	struct vb_arena a;
	int             rc;

	if (vb_render_writer(path) != vb_render_pdf)
		return vb_render_docx(doc, tmp, &j->d);
	if (vb_job_fonts(j) != 0)
		return -1;
	vb_arena_init(&a);
	vb_pages_init(&pp, &a);
	rc = -1;
	if (vb_job_layout(j, doc, &pp) == 0 &&
	    vb_pdf_write(&pp, j->fs, tmp, &j->d) == 0)
		rc = 0;
	vb_arena_free(&a);
	return rc;
}

/* Renames the temporary files onto their targets with the usual mode;
 * frees and clears each tmp it renamed. Returns 0 or -1. */
static int
commit_outputs(struct pending *p, size_t n, struct vb_diag *d)
{
	size_t i;
	mode_t mask;

	/* mkstemp made the files 0600; give them the usual mode. */
	mask = umask(0);
	umask(mask);
	for (i = 0; i < n; i++) {
		if (chmod(p[i].tmp, 0666 & ~mask) != 0 ||
		    rename(p[i].tmp, p[i].path) != 0) {
			vb_diag(d, VB_ERR_WRITE, NULL, "%s: %s", p[i].path,
			    strerror(errno));
			return -1;
		}
		free(p[i].tmp);
		p[i].tmp = NULL;
	}
	return 0;
}

static void
drop_pending(struct pending *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].tmp != NULL) {
			unlink(p[i].tmp);
			free(p[i].tmp);
		}
	free(p);
}

/* Writes every output to a temporary file, then renames them all; on
 * any failure removes what it made. Returns 0 or -1. */
int
vb_job_write(struct vb_job *j, const struct vb_doc *doc,
    const char *const *outs, size_t nouts)
{
	struct vb_diag *d = &j->d;
	struct pending *p;
	size_t          i, n = 0;
	int             rc = -1;

	p = vb_xcalloc(nouts + 1, sizeof(*p));
	for (i = 0; i < nouts; i++) {
		if (vb_render_writer(outs[i]) == NULL) {
			vb_diag(d, VB_ERR_OUT_NOT_BUILT, NULL, "%s: unknown "
			    "output type (want .pdf or .docx)", outs[i]);
			goto out;
		}
		p[n].path = outs[i];
		if ((p[n].tmp = temp_beside(outs[i], d)) == NULL)
			goto out;
		n++;
		if (write_one(j, doc, outs[i], p[n - 1].tmp) != 0 ||
		    vb_diag_failed(d))
			goto out;
	}
	rc = commit_outputs(p, n, d);
out:
	drop_pending(p, n);
	return rc;
}

int
vb_job_fonts(struct vb_job *j)
{
	if (j->fs == NULL && (j->fs = vb_fontset_open(NULL, &j->d)) == NULL)
		return -1;
	return 0;
}

int
vb_job_layout(struct vb_job *j, const struct vb_doc *doc,
    struct vb_pages *pp)
{
	struct vb_measure m;
	const char       *info[3] = { pp->title, pp->author, pp->subject };
	size_t            before = pp->n;

	if (vb_job_fonts(j) != 0)
		return -1;
	m = vb_fontset_measure(j->fs);
	if (vb_layout(doc, &m, &j->d, pp, NULL) != 0)
		return -1;
	/* The pages may outlive doc (a batch's --one-file): copy the
	 * document information into their arena; the first document's
	 * stays. */
	if (before > 0) {
		pp->title = info[0];
		pp->author = info[1];
		pp->subject = info[2];
		return 0;
	}
	if (pp->title != NULL)
		pp->title = vb_arena_strdup(pp->arena, pp->title);
	if (pp->author != NULL)
		pp->author = vb_arena_strdup(pp->arena, pp->author);
	if (pp->subject != NULL)
		pp->subject = vb_arena_strdup(pp->arena, pp->subject);
	return 0;
}

int
vb_job_write_pages(struct vb_job *j, const struct vb_pages *pp,
    const char *path)
{
	struct pending *p;
	int             rc = -1;

	if (vb_job_fonts(j) != 0)
		return -1;
	p = vb_xcalloc(1, sizeof(*p));
	p[0].path = path;
	if ((p[0].tmp = temp_beside(path, &j->d)) != NULL &&
	    vb_pdf_write(pp, j->fs, p[0].tmp, &j->d) == 0 &&
	    !vb_diag_failed(&j->d))
		rc = commit_outputs(p, 1, &j->d);
	drop_pending(p, 1);
	return rc;
}

size_t
vb_job_srcmark(const struct vb_job *j)
{
	return j->ss.n;
}

void
vb_job_srcdrop(struct vb_job *j, size_t mark)
{
	struct vb_srcset *ss = &j->ss;

	while (ss->n > mark && ss->n > 1) {
		struct vb_src *s = ss->v[--ss->n];

		free(s->name);
		free(s->data);
		free(s->lines);
		free(s);
	}
}

static int
load_template(const struct vb_render_opts *o, struct vb_srcset *ss,
    struct vb_diag *d, struct vb_src **out)
{
	char  *data;
	size_t len;

	if (o->tpl_text != NULL) {
		data = vb_xmalloc(o->tpl_len + 1);
		memcpy(data, o->tpl_text, o->tpl_len);
		len = o->tpl_len;
	} else if (vb_read_file(o->tpl_path, &data, &len) != 0) {
		vb_diag(d, VB_ERR_READ, NULL, "%s: %s", o->tpl_path,
		    strerror(errno));
		return -1;
	}
	*out = vb_srcset_add(ss, o->tpl_path, data, len);
	return 0;
}

int
vb_job_open(struct vb_job *j, const struct vb_render_opts *o)
{
	struct vb_front fr;
	size_t          i;

	memset(j, 0, sizeof(*j));
	j->o = o;
	vb_srcset_init(&j->ss);
	vb_diag_init(&j->d, &j->ss, o->err != NULL ? o->err : stderr);
	j->d.strict = o->strict;
	vb_arena_init(&j->arena);
	vb_data_init(&j->data);
	if ((j->vi = vi_open(&j->d)) == NULL)
		return -1;

	/* Stage 1: read the template; front matter; template syntax. */
	if (load_template(o, &j->ss, &j->d, &j->src) != 0 ||
	    vb_front_split(j->src, &j->d, &fr) != 0)
		return -1;
	if (vb_yaml_parse(j->src, fr.fm_off, fr.fm_len, &j->arena, &j->d,
	    &j->fm) != 0)
		j->fm = NULL;
	vb_tpl_parse(j->src, fr.body_off, fr.body_len, &j->arena, &j->d,
	    &j->tpl);
	if (vb_diag_failed(&j->d))
		return -1;

	/* Stage 2: the data. */
	for (i = 0; i < o->ndata; i++)
		vb_data_load(&j->data, &j->ss, &j->d, o->data[i]);
	for (i = 0; i < o->nsets; i++)
		vb_data_set(&j->data, &j->d, o->sets[i]);
	return vb_diag_failed(&j->d) ? -1 : 0;
}

void
vb_job_close(struct vb_job *j)
{
	if (j->fs != NULL)
		vb_fontset_free(j->fs);
	if (j->vi != NULL)
		vi_close(j->vi);
	vb_data_free(&j->data);
	vb_arena_free(&j->arena);
	vb_srcset_free(&j->ss);
	j->fs = NULL;
	j->vi = NULL;
}

void
vb_job_reset_diag(struct vb_job *j, FILE *out)
{
	j->d.out = out;
	j->d.worst = VB_SEV_NONE;
	j->d.nerrors = 0;
	j->d.nwarnings = 0;
}

int
vb_job_doc(struct vb_job *j, const struct vb_value *root,
    struct vb_doc *doc, struct vb_merged *merged)
{
	struct vb_diag   *d = &j->d;
	struct vb_nd30    st;
	struct vb_nd30_in in;
	int               header_ok;

	memset(merged, 0, sizeof(*merged));

	/* Stage 5a: the header from front matter and profile; its errors
	 * come first, but the body is still merged to find its own. */
	memset(&in, 0, sizeof(in));
	in.srcs = &j->ss;
	in.tpl = j->src;
	in.fm = j->fm;
	in.data = root;
	in.profile_dir = j->o->profile_dir;
	in.vi = j->vi;
	in.year_now = j->o->year_now;
	header_ok = vb_nd30_header(doc, &in, d, &st) == 0;
	j->profile = st.profile;

	/* Stage 3: merge. */
	if (vb_tpl_eval(j->tpl, root, j->vi, doc->arena, d, merged) != 0)
		return -1;
	if (j->o->dump == VB_DUMP_MERGE)
		return 0;	/* the caller checks the header's errors */

	/* Stages 4 and 5b: the tree, finished by the ND30 rules. */
	if (vb_doc_build(doc, merged, j->vi, d) != 0 || !header_ok ||
	    vb_diag_failed(d))
		return -1;
	if (vb_nd30_finish(doc, &st, j->vi, d) != 0 || vb_diag_failed(d))
		return -1;
	return 0;
}

int
vb_render(const struct vb_render_opts *o)
{
	struct vb_job    j;
	struct vb_render_so so;
	struct vb_arena  arena;
	struct vb_merged merged;
	struct vb_doc    doc;
	struct vb_buf    out = VB_BUF_INIT;
	size_t           i;
	int              status, rc;

	for (i = 0; i < o->nouts; i++)
		if (vb_render_writer(o->outs[i]) == NULL) {
			fprintf(o->err != NULL ? o->err : stderr, "vanban: %s: "
			    "unknown output type (loại tệp không hỗ trợ); want "
			    ".pdf or .docx\n", o->outs[i]);
			return 2;
		}
	vb_arena_init(&arena);
	memset(&merged, 0, sizeof(merged));
	memset(&doc, 0, sizeof(doc));
	doc.arena = &arena;
	if (vb_job_open(&j, o) != 0 || vb_render_so_prepare(&j, &so) != 0)
		goto out;

	rc = vb_job_doc(&j, j.data.root, &doc, &merged);
	if (o->dump == VB_DUMP_MERGE) {
		/* A failed merge still shows what it made; a failure after
		 * it (the header) shows nothing. */
		if (merged.md.data != NULL &&
		    (rc != 0 || !vb_diag_failed(&j.d))) {
			vb_merged_dump(&merged, &out);
			fwrite(out.data, 1, out.len, o->dump_out);
		}
		goto out;
	}
	if (rc != 0)
		goto out;
	if (o->dump == VB_DUMP_DOC) {
		vb_dump_doc(&doc, &out);
		fwrite(out.data, 1, out.len, o->dump_out);
		fflush(o->dump_out);
		goto out;
	}
	if (o->dump == VB_DUMP_LAYOUT) {
		struct vb_arena        pa;
		struct vb_pages        pp;
		struct vb_measure      m;
		struct vb_layout_stats st;

		vb_arena_init(&pa);
		vb_pages_init(&pp, &pa);
		if (vb_job_fonts(&j) == 0) {
			m = vb_fontset_measure(j.fs);
			if (vb_layout(&doc, &m, &j.d, &pp, &st) == 0) {
				double mean = st.lines ? st.ratio_sum /
				    (double)st.lines : 0;
				double var = st.lines ? st.ratio_sum2 /
				    (double)st.lines - mean * mean : 0;

				vb_pages_dump(&pp, &out);
				/* How far word spaces were stretched (+) or
				 * shrunk (-) relative to a plain space. */
				vb_buf_printf(&out, "spacing: %zu justified lines, "
				    "space stretch mean %+.3f, sd %.3f, max %+.3f\n",
				    st.lines, mean, var > 0 ? sqrt(var) : 0,
				    st.ratio_max);
				fwrite(out.data, 1, out.len, o->dump_out);
				fflush(o->dump_out);
			}
		}
		vb_arena_free(&pa);
		goto out;
	}
	vb_render_so_write(&so, &j, &doc, NULL);
out:
	vb_buf_free(&out);
	vb_arena_free(&arena);
	status = vb_diag_exit(&j.d);
	vb_job_close(&j);
	return status;
}
