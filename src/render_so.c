/*
 * render_so.c — `so: auto` at render time: the number comes from the
 * register of issued numbers (reg.h) when the outputs are written.
 *
 * Order of work (docs/register.md): every stage of the pipeline has
 * succeeded; the number is taken (the document key gets its old number
 * back); it goes into the document; the outputs are written to
 * temporary files and renamed; then they are recorded with their
 * SHA-256 and page count. A failure after the take leaves the number in
 * the register with no file, and a rerun with the same key gets it back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "render.h"
#include "nd30.h"
#include "reg.h"
#include "value.h"

/* The register's file: --db, $VANBAN_DB, then ./vanban.db. */
static const char *
db_path(const struct vb_render_opts *o)
{
	const char *e;

	if (o->db != NULL && *o->db != '\0')
		return o->db;
	if ((e = getenv("VANBAN_DB")) != NULL && *e != '\0')
		return e;
	return "vanban.db";
}

/* s without leading and trailing blanks, copied into a. */
static const char *
trimmed(struct vb_arena *a, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return vb_arena_strndup(a, s, n);
}

/* A plain text value of the front matter (no {{ }}), or NULL. */
static const char *
fm_text(const struct vb_value *fm, const char *key, struct vb_arena *a)
{
	const struct vb_value *v = vb_map_get(fm, key);

	if (v == NULL || v->type != VB_STR || strstr(v->u.str.s, "{{") != NULL)
		return NULL;
	return trimmed(a, v->u.str.s);
}

int
vb_render_so_prepare(struct vb_job *j, struct vb_render_so *so)
{
	const struct vb_render_opts *o = j->o;
	struct vb_value             *fm = j->fm;
	struct vb_arena             *a = &j->arena;
	struct vb_diag              *d = &j->d;
	const struct vb_value       *v;
	const char                  *s;

	memset(so, 0, sizeof(*so));
	if (fm == NULL || fm->type != VB_MAP)
		return 0;
	if (o->so != NULL)
		vb_map_set(a, fm, "so", vb_value_str(a, o->so, strlen(o->so),
		    NULL));
	if ((v = vb_map_get(fm, "so")) == NULL || v->type != VB_STR ||
	    strcmp(trimmed(a, v->u.str.s), "auto") != 0)
		return 0;
	so->loc = v->loc.src != 0 ? &v->loc : NULL;
	if ((s = fm_text(fm, "ma", a)) != NULL && *s != '\0')
		so->ma = s;
	so->viet_tat = fm_text(fm, "viet_tat", a);
	so->don_vi = fm_text(fm, "don_vi_soan_thao", a);
	if (o->dump != VB_DUMP_NONE || o->nouts == 0) {
		/* Nothing is written, so no number is taken. */
		vb_diag(d, VB_WARN_DOC_SO_AUTO, so->loc, NULL);
		return 0;
	}
	so->on = 1;
	so->db = db_path(o);
	if (strncmp(so->db, "postgresql:", 11) != 0 &&
	    access(so->db, F_OK) != 0) {
		vb_diag(d, VB_ERR_REG_MISSING, so->loc, "%s (so: auto takes the "
		    "number from the register named by --db FILE or "
		    "$VANBAN_DB; 'vanban so init --db %s' creates it)",
		    so->db, so->db);
		return -1;
	}
	return 0;
}

/*
 * The Nơi nhận for the register: the items without "- " and their end
 * punctuation, joined by "; ". The "Lưu: …" item stays, last, so that
 * the printed register can show it in its own column.
 */
static const char *
noi_nhan_text(const struct vb_doc *doc, struct vb_arena *a)
{
	struct vb_buf b = VB_BUF_INIT;
	const char   *r;
	size_t        i, n;

	for (i = 0; i < doc->nnoi_nhan; i++) {
		const char *s = doc->noi_nhan[i];

		if (s[0] == '-' && s[1] == ' ')
			s += 2;
		n = strlen(s);
		while (n > 0 && (s[n - 1] == ';' || s[n - 1] == '.' ||
		    s[n - 1] == ',' || s[n - 1] == ' '))
			n--;
		if (n == 0)
			continue;
		vb_buf_printf(&b, "%s%.*s", b.len ? "; " : "", (int)n, s);
	}
	r = b.len ? vb_arena_strndup(a, b.data, b.len) : NULL;
	vb_buf_free(&b);
	return r;
}

/*
 * "(Kèm theo Kế hoạch số           /KH-LĐLĐ …)" with the number filled
 * in: the blank run between "số " and the first '/' becomes so.
 */
static const char *
fill_kem_theo(const char *s, const char *symbol, struct vb_arena *a)
{
	const char *p, *q, *slash;

	if (s == NULL || (p = strstr(s, " số ")) == NULL)
		return s;
	p += strlen(" số ");
	for (q = p; *q == ' '; q++)
		;
	if (*q != '/' || (slash = strchr(symbol, '/')) == NULL)
		return s;
	/* The symbol after the slash is the same in both; keep s's. */
	return vb_arena_printf(a, "%.*s%.*s%s", (int)(p - s), s,
	    (int)(slash - symbol), symbol, q);
}

/* Pages of the PDF at path: its page objects ("/Type /Page"). */
static int
pdf_pages(const char *path)
{
	char       *data;
	size_t      len, i;
	int         n = 0;
	const char *tag = "/Type /Page";
	size_t      tn = strlen(tag);

	if (vb_read_file(path, &data, &len) != 0)
		return 0;
	for (i = 0; i + tn < len; i++)
		if (data[i] == '/' && memcmp(data + i, tag, tn) == 0 &&
		    data[i + tn] != 's')
			n++;
	free(data);
	return n;
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n >= k && strcasecmp(s + n - k, suf) == 0;
}

/* Records the written outputs of entry id. Returns 0 or -1. */
static int
record(struct vb_reg *reg, int64_t id, const struct vb_render_opts *o,
    struct vb_diag *d)
{
	struct vb_reg_file *f;
	size_t              i;
	int                 pages = 0, rc = -1;

	f = vb_xcalloc(o->nouts + 1, sizeof(*f));
	for (i = 0; i < o->nouts; i++) {
		if (vb_reg_file_hash(o->outs[i], d, &f[i]) != 0)
			goto out;
		if (pages == 0 && has_suffix(o->outs[i], ".pdf"))
			pages = pdf_pages(o->outs[i]);
	}
	rc = vb_reg_record_outputs(reg, id, f, o->nouts, pages);
out:
	free(f);
	return rc;
}

int
vb_render_so_write(struct vb_render_so *so, struct vb_job *j,
    struct vb_doc *doc, const char *record_key)
{
	const struct vb_render_opts *o = j->o;
	struct vb_diag              *d = &j->d;
	struct vb_reg_opts           ro;
	struct vb_reg_rules          rules;
	struct vb_reg_request        rq;
	struct vb_reg_entry          e;
	struct vb_reg               *reg = NULL;
	struct vb_arena             *a = doc->arena;
	const char                  *slash;
	size_t                       i;
	int                          rc = -1;

	if (!so->on)
		return vb_job_write(j, doc, o->outs, o->nouts);
	if (doc->draft) {
		vb_diag(d, VB_WARN_DOC_SO_AUTO, so->loc, "a draft (du_thao) "
		    "takes no number");
		return vb_job_write(j, doc, o->outs, o->nouts);
	}

	/* The rules: the profile's, with the document's abbreviation. */
	if (j->profile != NULL) {
		if (vb_reg_rules_from_profile(j->profile, a, d, &rules) != 0)
			return -1;
	} else
		vb_reg_rules_default(&rules);
	if (so->viet_tat != NULL)
		rules.viet_tat = so->viet_tat;
	if (vb_reg_rules_check(&rules, d) != 0)
		return -1;

	memset(&rq, 0, sizeof(rq));
	rq.rules = &rules;
	rq.loai = doc->kind->key;
	rq.don_vi = so->don_vi;
	rq.ngay.y = doc->ngay_y;
	rq.ngay.m = doc->ngay_m;
	rq.ngay.d = doc->ngay_d;
	if (so->ma != NULL)
		rq.key = so->ma;
	else if (record_key != NULL || o->key != NULL)
		rq.key = vb_arena_printf(a, "%s#%s", o->tpl_path,
		    record_key != NULL ? record_key : o->key);
	else
		rq.key = o->tpl_path;
	rq.new_number = o->new_number;
	rq.trich_yeu = doc->info_title;
	rq.nguoi_ky = doc->signer;
	rq.noi_nhan = noi_nhan_text(doc, a);

	memset(&ro, 0, sizeof(ro));
	if (vb_reg_open(so->db, &ro, d, &reg) != 0)
		return -1;
	if (vb_reg_take(reg, &rq, a, &e) != 0) {
		vb_diag_note(d, so->loc, "while taking the number for "
		    "'so: auto' from %s", so->db);
		goto out;
	}

	/* The number into the document. */
	doc->so = vb_arena_strdup(a, e.so_text);
	if ((slash = strchr(e.ky_hieu, '/')) != NULL)
		doc->ky_hieu = slash + 1;
	doc->so_line = vb_arena_printf(a, "Số: %s", e.ky_hieu);
	for (i = 0; i < doc->nannexes; i++)
		doc->annexes[i].kem_theo = fill_kem_theo(
		    doc->annexes[i].kem_theo, e.ky_hieu, a);

	if (vb_job_write(j, doc, o->outs, o->nouts) != 0 ||
	    vb_diag_failed(d)) {
		fprintf(d->out, "vanban: note: %s stays in the register %s "
		    "with no file (số đã lấy, chưa có tệp); render again to "
		    "use it\n", e.ky_hieu, so->db);
		goto out;
	}
	if (record(reg, e.id, o, d) != 0)
		goto out;
	rc = 0;
out:
	vb_reg_close(reg);
	return rc;
}
