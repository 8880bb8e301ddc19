/*
 * batch.c — `vanban batch`: the records of one list, each rendered from
 * the template, data and fonts loaded once (render.h), split over forked
 * worker processes that report each record back to the parent.
 *
 * The parent: opens the job, evaluates --each, computes and checks every
 * output name, then either renders in-process (-j 1, --one-file) or
 * forks the workers, each of which opens the fonts for itself. Worker
 * w of N takes records w, w + N, w + 2N … of the shard and sends one
 * frame per record through its own pipe: the index, whether it failed,
 * and the diagnostics it printed (into a memory stream). The parent
 * prints each record's messages as they come, with a "record N" line
 * before them, draws the progress bar and sums up.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "batch.h"
#include "font.h"
#include "tpl.h"
#include "value.h"

/* One output name pattern, read as a template. */
struct pattern {
	struct vb_src *src;
	size_t         fixed;  /* bytes of the literal directory prefix */
};

struct batch {
	const struct vb_batch_opts *o;
	struct vb_job          j;
	struct vb_render_so    so;       /* `so: auto`: numbers per record */
	const struct vb_value *list;     /* the records */
	size_t                 n;        /* how many */
	size_t                 lo, hi;   /* this shard: [lo, hi) */
	struct pattern        *pat;      /* one per -o */
	size_t                 npat;
	char                 **names;    /* [rec * npat + p], NULL: failed */
	unsigned char         *failed;   /* per record */
	size_t                 done, nfailed;
	char                  *last_msg;  /* the last messages printed */
	size_t                 last_len, last_rec;
	int                    progress;
	FILE                  *err;
};

/* ---- the records ------------------------------------------------------- */

/* The data root record i sees: the data, its fields, the record, stt. */
static struct vb_value *
record_root(struct batch *b, size_t i, struct vb_arena *a)
{
	const struct vb_value *base = b->j.data.root, *rec;
	struct vb_value       *root;
	size_t                 k;

	rec = b->list->u.list.v[i];
	root = vb_value_map(a, &base->loc);
	for (k = 0; k < base->u.map.n; k++)
		vb_map_set(a, root, base->u.map.k[k], base->u.map.v[k]);
	if (rec->type == VB_MAP)
		for (k = 0; k < rec->u.map.n; k++)
			vb_map_set(a, root, rec->u.map.k[k], rec->u.map.v[k]);
	vb_map_set(a, root, b->o->as != NULL ? b->o->as : VB_BATCH_AS,
	    (struct vb_value *)rec);
	vb_map_set(a, root, "stt", vb_value_num(a, (double)(i + 1), NULL,
	    &rec->loc));
	return root;
}

/* "khach-moi.yaml:14:5: record 3 (bản ghi 3)" before a record's messages. */
static void
record_line(struct batch *b, size_t i, const char *what)
{
	struct vb_buf loc = VB_BUF_INIT;

	if (vb_loc_format(&b->j.ss, &b->list->u.list.v[i]->loc, &loc) == 0)
		fprintf(b->err, "%.*s: ", (int)loc.len, loc.data);
	fprintf(b->err, "record %zu (bản ghi %zu): %s\n", i + 1, i + 1, what);
	vb_buf_free(&loc);
}

/* ---- output names ------------------------------------------------------ */

static int
bad_name(struct batch *b, size_t i, const char *name, const char *why)
{
	if (i == (size_t)-1)
		fprintf(b->err, "vanban batch: %s: %s\n", name, why);
	else
		fprintf(b->err, "vanban batch: record %zu (bản ghi %zu): "
		    "output name \"%s\" refused: %s\n", i + 1, i + 1, name, why);
	return -1;
}

/* Checks one expanded name against its pattern's literal directory. */
static int
check_name(struct batch *b, size_t i, const struct pattern *p,
    const char *name)
{
	const char *s, *rest;
	size_t      n = strlen(name);

	for (s = name; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return bad_name(b, i, name, "control character in the "
			    "name (tên tệp có ký tự điều khiển)");
	if (n < p->fixed || strncmp(name, p->src->data, p->fixed) != 0)
		return bad_name(b, i, name, "outside the output directory "
		    "(ra ngoài thư mục kết quả)");
	rest = name + p->fixed;
	if (*rest == '/')
		return bad_name(b, i, name, "absolute path (đường dẫn tuyệt "
		    "đối)");
	for (s = rest; *s != '\0'; ) {
		size_t k = strcspn(s, "/");

		if (k == 0 || (k == 2 && s[0] == '.' && s[1] == '.') ||
		    (k == 1 && s[0] == '.'))
			return bad_name(b, i, name, "\"..\", \".\" or an empty "
			    "part in the name (tên tệp ra ngoài thư mục)");
		s += k;
		if (*s == '/')
			s++;
	}
	if (vb_render_writer(name) != vb_render_writer(p->src->data))
		return bad_name(b, i, name, "the name does not end in the "
		    "pattern's .pdf or .docx");
	return 0;
}

static int
cmp_name(const void *x, const void *y)
{
	const char *const *a = x, *const *b = y;

	if (*a == NULL || *b == NULL)
		return (*a == NULL) - (*b == NULL);
	return strcmp(*a, *b);
}

/*
 * Computes every record's output names (the whole list, not only this
 * shard, so that shards cannot collide), reporting names that cannot be
 * evaluated as failures of their record, and refusing the run for any
 * name that escapes its directory or that two outputs share.
 */
static int
make_names(struct batch *b)
{
	struct vb_arena a;
	char          **sorted;
	size_t          i, p, m = 0, total;
	int             rc = 0;

	total = b->n * b->npat;
	b->names = vb_xcalloc(total + 1, sizeof(*b->names));
	for (i = 0; i < b->n; i++) {
		struct vb_value *root;
		size_t           mark = vb_job_srcmark(&b->j);

		vb_arena_init(&a);
		root = record_root(b, i, &a);
		vb_job_reset_diag(&b->j, b->err);
		for (p = 0; p < b->npat; p++) {
			struct vb_src *s = b->pat[p].src;
			const char    *name;

			if (vb_tpl_render_string(s, 0, s->len, root, b->j.vi,
			    &a, &b->j.d, &name) != 0) {
				if (i >= b->lo && i < b->hi) {
					record_line(b, i, "its output name "
					    "cannot be made (không tạo được tên "
					    "tệp)");
					if (!b->failed[i])
						b->nfailed++;
					b->failed[i] = 1;
				}
				continue;
			}
			if (check_name(b, i, &b->pat[p], name) != 0)
				rc = -1;
			b->names[i * b->npat + p] = vb_xstrdup(name);
		}
		vb_arena_free(&a);
		vb_job_srcdrop(&b->j, mark);
	}
	if (rc != 0)
		return -1;

	/* Two outputs with one name. */
	sorted = vb_xcalloc(total + 1, sizeof(*sorted));
	for (i = 0; i < total; i++)
		if (b->names[i] != NULL)
			sorted[m++] = b->names[i];
	qsort(sorted, m, sizeof(*sorted), cmp_name);
	for (i = 1; i < m; i++)
		if (strcmp(sorted[i - 1], sorted[i]) == 0 &&
		    (i < 2 || strcmp(sorted[i - 2], sorted[i]) != 0)) {
			fprintf(b->err, "vanban batch: %s: several records "
			    "give this output name (trùng tên tệp); put a "
			    "field that differs, or {{ stt }}, in -o\n",
			    sorted[i]);
			rc = -1;
		}
	free(sorted);
	return rc;
}

/* mkdir -p for the directories above path. */
static int
make_parents(struct batch *b, const char *path)
{
	char *s = vb_xstrdup(path), *q;

	for (q = strchr(s + 1, '/'); q != NULL; q = strchr(q + 1, '/')) {
		*q = '\0';
		if (mkdir(s, 0777) != 0 && errno != EEXIST) {
			vb_diag(&b->j.d, VB_ERR_WRITE, NULL, "%s: %s", s,
			    strerror(errno));
			free(s);
			return -1;
		}
		*q = '/';
	}
	free(s);
	return 0;
}

/* ---- one record -------------------------------------------------------- */

/*
 * Renders record i and writes its outputs (and, with pp, appends its
 * pages there). Messages go to msgs. Returns 0, or -1 if it failed.
 */
static int
do_record(struct batch *b, size_t i, FILE *msgs, struct vb_pages *pp)
{
	struct vb_arena  a;
	struct vb_doc    doc;
	struct vb_merged merged;
	struct vb_value *root;
	const struct vb_render_opts *saved = b->j.o;
	struct vb_render_opts        ro;
	char             key[32];
	size_t           mark = vb_job_srcmark(&b->j), p;
	int              rc = -1, wrc;

	vb_job_reset_diag(&b->j, msgs);
	vb_arena_init(&a);
	memset(&doc, 0, sizeof(doc));
	doc.arena = &a;
	root = record_root(b, i, &a);
	if (vb_job_doc(&b->j, root, &doc, &merged) != 0)
		goto out;
	for (p = 0; p < b->npat; p++)
		if (make_parents(b, b->names[i * b->npat + p]) != 0)
			goto out;
	/* The writer (and the register, under `so: auto`) takes the
	 * outputs from the job's options: give it this record's names. */
	ro = *saved;
	ro.outs = (const char **)b->names + i * b->npat;
	ro.nouts = b->npat;
	snprintf(key, sizeof(key), "%zu", i + 1);
	b->j.o = &ro;
	wrc = vb_render_so_write(&b->so, &b->j, &doc, key);
	b->j.o = saved;
	if (wrc != 0)
		goto out;
	if (pp != NULL && vb_job_layout(&b->j, &doc, pp) != 0)
		goto out;
	rc = vb_diag_failed(&b->j.d) ? -1 : 0;
out:
	vb_arena_free(&a);
	/* With pp, the laid-out boxes keep locations in this record's
	 * sources: keep them until the file is written. */
	if (pp == NULL)
		vb_job_srcdrop(&b->j, mark);
	return rc;
}

/* ---- progress and results ---------------------------------------------- */

static void
progress(struct batch *b, int last)
{
	size_t total = b->hi - b->lo, w = 30, k;
	char   bar[31];

	if (!b->progress)
		return;
	k = total > 0 ? b->done * w / total : w;
	memset(bar, '#', k);
	memset(bar + k, '.', w - k);
	bar[w] = '\0';
	fprintf(b->err, "\r[%s] %zu/%zu", bar, b->done, total);
	if (b->nfailed > 0)
		fprintf(b->err, ", %zu failed (lỗi)", b->nfailed);
	fputs(last ? "\n" : "\033[K", b->err);
	fflush(b->err);
}

/* Records one finished record: its messages, then the bar. */
static void
result(struct batch *b, size_t i, int failed, const char *msg, size_t len)
{
	if (b->progress && (failed || len > 0))
		fputs("\r\033[K", b->err);
	if (failed || len > 0)
		record_line(b, i, failed ? "failed, nothing written for it "
		    "(lỗi, không tạo tệp)" : "written, with warnings (có "
		    "cảnh báo)");
	/* An error of the template itself fails every record alike:
	 * say it once. */
	if (len > 0 && b->last_msg != NULL && len == b->last_len &&
	    memcmp(msg, b->last_msg, len) == 0)
		fprintf(b->err, "  the same messages as record %zu (như bản "
		    "ghi %zu)\n", b->last_rec + 1, b->last_rec + 1);
	else if (len > 0) {
		fwrite(msg, 1, len, b->err);
		free(b->last_msg);
		b->last_msg = vb_xmalloc(len);
		memcpy(b->last_msg, msg, len);
		b->last_len = len;
		b->last_rec = i;
	}
	if (failed && !b->failed[i]) {
		b->failed[i] = 1;
		b->nfailed++;
	}
	b->done++;
	if (b->done == b->hi - b->lo || b->done % 8 == 0 || failed)
		progress(b, 0);
}

/* One record in this process, its messages through a memory stream. */
static void
run_here(struct batch *b, size_t i, struct vb_pages *pp)
{
	char  *msg = NULL;
	size_t len = 0;
	FILE  *f;
	int    rc;

	if ((f = open_memstream(&msg, &len)) == NULL) {
		fprintf(b->err, "vanban: out of memory\n");
		abort();
	}
	rc = do_record(b, i, f, pp);
	fclose(f);
	result(b, i, rc != 0, msg, len);
	free(msg);
}

/* ---- workers ----------------------------------------------------------- */

struct frame {
	uint32_t index;
	uint32_t failed;
	uint32_t len;       /* bytes of messages that follow */
};

static int
write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t     k;

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

/* Reads n bytes; returns 0, or -1 at end of file or on error. */
static int
read_all(int fd, void *buf, size_t n)
{
	char   *p = buf;
	ssize_t k;

	while (n > 0) {
		if ((k = read(fd, p, n)) <= 0) {
			if (k < 0 && errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static void
worker(struct batch *b, size_t w, size_t nw, int fd)
{
	size_t i;

	for (i = b->lo + w; i < b->hi; i += nw) {
		struct frame fr;
		char        *msg = NULL;
		size_t       len = 0;
		FILE        *f;
		int          rc;

		if (b->failed[i])
			continue;
		if ((f = open_memstream(&msg, &len)) == NULL)
			_exit(3);
		rc = do_record(b, i, f, NULL);
		fclose(f);
		fr.index = (uint32_t)i;
		fr.failed = rc != 0;
		fr.len = (uint32_t)len;
		if (write_all(fd, &fr, sizeof(fr)) != 0 ||
		    write_all(fd, msg, len) != 0)
			_exit(3);
		free(msg);
	}
}

static void
run_workers(struct batch *b, size_t nw)
{
	struct pollfd *pf;
	pid_t         *pid;
	unsigned char *seen;
	size_t         w, open_n = 0, i;
	int            fds[2], status;

	pf = vb_xcalloc(nw, sizeof(*pf));
	pid = vb_xcalloc(nw, sizeof(*pid));
	seen = vb_xcalloc(b->n + 1, 1);
	fflush(NULL);
	for (w = 0; w < nw; w++) {
		if (pipe(fds) != 0 || (pid[w] = fork()) < 0) {
			fprintf(b->err, "vanban batch: cannot start a worker: "
			    "%s\n", strerror(errno));
			pf[w].fd = -1;
			continue;
		}
		if (pid[w] == 0) {
			size_t k;

			close(fds[0]);
			for (k = 0; k < w; k++)
				if (pf[k].fd >= 0)
					close(pf[k].fd);
			free(seen);
			free(pid);
			free(pf);
			worker(b, w, nw, fds[1]);
			_exit(0);
		}
		close(fds[1]);
		pf[w].fd = fds[0];
		pf[w].events = POLLIN;
		open_n++;
	}
	while (open_n > 0) {
		if (poll(pf, nw, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (w = 0; w < nw; w++) {
			struct frame fr;
			char        *msg;

			if (pf[w].fd < 0 || pf[w].revents == 0)
				continue;
			if (read_all(pf[w].fd, &fr, sizeof(fr)) != 0 ||
			    fr.index >= b->n) {
				close(pf[w].fd);
				pf[w].fd = -1;
				open_n--;
				continue;
			}
			msg = vb_xmalloc((size_t)fr.len + 1);
			if (read_all(pf[w].fd, msg, fr.len) != 0)
				fr.len = 0;
			seen[fr.index] = 1;
			result(b, fr.index, fr.failed != 0, msg, fr.len);
			free(msg);
		}
	}
	for (w = 0; w < nw; w++)
		if (pid[w] > 0)
			while (waitpid(pid[w], &status, 0) < 0 && errno == EINTR)
				;
	/* A worker that died leaves its records unreported. */
	for (i = b->lo; i < b->hi; i++)
		if (!seen[i] && !b->failed[i]) {
			static const char m[] = "vanban batch: its worker "
			    "ended before reporting it\n";

			result(b, i, 1, m, sizeof(m) - 1);
		}
	free(seen);
	free(pid);
	free(pf);
}

/* ---- the run ----------------------------------------------------------- */

static int
cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

/* Reads the --each list and the -o patterns. Returns 0 or -1. */
static int
setup(struct batch *b)
{
	const struct vb_batch_opts *o = b->o;
	struct vb_src              *s;
	struct vb_value            *v;
	size_t                      p;

	s = vb_srcset_add(&b->j.ss, "--each", vb_xstrdup(o->each),
	    strlen(o->each));
	if (vb_tpl_eval_expr(s, 0, s->len, b->j.data.root, b->j.vi,
	    &b->j.arena, &b->j.d, &v) != 0)
		return -1;
	if (v->type != VB_LIST) {
		fprintf(b->err, "vanban batch: --each %s: want a list of "
		    "records (cần một danh sách), got a %s\n", o->each,
		    vb_value_type_name(v->type));
		return -1;
	}
	b->list = v;
	b->n = v->u.list.n;
	b->lo = 0;
	b->hi = b->n;
	if (o->shard_n > 0) {
		b->lo = (size_t)(o->shard_k - 1) * b->n / (size_t)o->shard_n;
		b->hi = (size_t)o->shard_k * b->n / (size_t)o->shard_n;
	}
	b->npat = o->r.nouts;
	b->pat = vb_xcalloc(b->npat + 1, sizeof(*b->pat));
	for (p = 0; p < b->npat; p++) {
		const char *t = o->r.outs[p], *e, *e2, *slash;
		size_t      n;

		b->pat[p].src = vb_srcset_add(&b->j.ss, "-o", vb_xstrdup(t),
		    strlen(t));
		e = strstr(t, "{{");
		e2 = strstr(t, "{%");
		if (e == NULL || (e2 != NULL && e2 < e))
			e = e2;
		n = e != NULL ? (size_t)(e - t) : strlen(t);
		for (slash = NULL; n > 0; n--)
			if (t[n - 1] == '/') {
				slash = t + n - 1;
				break;
			}
		b->pat[p].fixed = slash != NULL ? (size_t)(slash - t) + 1 : 0;
	}
	b->failed = vb_xcalloc(b->n + 1, 1);
	return 0;
}

int
vb_batch(const struct vb_batch_opts *o)
{
	struct batch    b;
	struct vb_arena pa;
	struct vb_pages pp;
	size_t          i, nw, total;
	int             status = 1, onefail = 0;

	memset(&b, 0, sizeof(b));
	b.o = o;
	b.err = o->r.err != NULL ? o->r.err : stderr;
	if (vb_job_open(&b.j, &o->r) != 0 ||
	    vb_render_so_prepare(&b.j, &b.so) != 0 || setup(&b) != 0) {
		status = 1;
		goto out;
	}
	if (make_names(&b) != 0) {
		fprintf(b.err, "vanban batch: nothing written (không tạo tệp "
		    "nào)\n");
		goto out;
	}
	total = b.hi - b.lo;
	if (total == 0)
		fprintf(b.err, "vanban batch: --each %s: no record%s; nothing "
		    "written (danh sách trống)\n", o->each,
		    b.n > 0 ? " in this shard" : "");
	b.progress = o->progress < 0 ? isatty(fileno(b.err)) : o->progress;
	b.done = 0;
	for (i = b.lo; i < b.hi; i++)
		if (b.failed[i])
			b.done++;
	nw = o->jobs > 0 ? (size_t)o->jobs : (size_t)cores();
	if (nw > total)
		nw = total;
	/* Numbers from the register are taken in the order of the list. */
	if (b.so.on)
		nw = 1;
	/* Find the fonts now, once. A worker opens its own: libharu reads
	 * the glyphs from the font files while it writes, and processes
	 * sharing an open file would share its offset. */
	if (vb_job_fonts(&b.j) != 0)
		goto out;
	if (o->one_file == NULL && nw > 1) {
		vb_fontset_free(b.j.fs);
		b.j.fs = NULL;
	}
	progress(&b, 0);
	if (o->one_file != NULL) {
		/* One process: the pages of every record go into one file. */
		vb_arena_init(&pa);
		vb_pages_init(&pp, &pa);
		for (i = b.lo; i < b.hi; i++)
			if (!b.failed[i])
				run_here(&b, i, &pp);
		if (b.nfailed == 0) {
			vb_job_reset_diag(&b.j, b.err);
			if (make_parents(&b, o->one_file) != 0 ||
			    vb_job_write_pages(&b.j, &pp, o->one_file) != 0)
				onefail = 1;
		} else
			fprintf(b.err, "vanban batch: %s not written: a record "
			    "failed (không tạo tệp gộp)\n", o->one_file);
		vb_arena_free(&pa);
	} else if (nw <= 1) {
		for (i = b.lo; i < b.hi; i++)
			if (!b.failed[i])
				run_here(&b, i, NULL);
	} else
		run_workers(&b, nw);
	if (b.progress)
		progress(&b, 1);
	if (b.nfailed > 0) {
		size_t shown = 0;

		fprintf(b.err, "vanban batch: %zu of %zu records failed "
		    "(bản ghi lỗi):", b.nfailed, total);
		for (i = b.lo; i < b.hi && shown < 20; i++)
			if (b.failed[i]) {
				fprintf(b.err, " %zu", i + 1);
				shown++;
			}
		fputs(shown < b.nfailed ? " …\n" : "\n", b.err);
		status = 1;
	} else
		status = onefail;
out:
	if (b.names != NULL)
		for (i = 0; i < b.n * b.npat; i++)
			free(b.names[i]);
	free(b.names);
	free(b.last_msg);
	free(b.failed);
	free(b.pat);
	vb_job_close(&b.j);
	return status;
}
