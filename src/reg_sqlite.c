/*
 * reg_sqlite.c — the register's SQLite backend: one file, WAL mode, a
 * busy timeout, every change in a BEGIN IMMEDIATE transaction, every
 * value a bound parameter. The schema is versioned with PRAGMA
 * user_version and marked as ours with PRAGMA application_id; entries
 * can be neither deleted nor renumbered (triggers), so the file stays a
 * register even when someone opens it with the sqlite3 shell.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "reg.h"
#include "reg_int.h"

/* "VBRG": tells a vanban register from any other SQLite file. */
#define APP_ID 0x56425247

/*
 * Migrations: migrations[v] takes the schema from user_version v to
 * v + 1. A register is upgraded in one transaction when it is opened
 * for writing; never edit a migration that has shipped, add one.
 */
static const char *const migrations[VB_REG_SCHEMA] = {
	/* 0 → 1: the first schema. */
	"CREATE TABLE counter (\n"
	"	org     TEXT NOT NULL,\n"       /* the issuer: ma_so/viet_tat */
	"	series  TEXT NOT NULL,\n"       /* type code, or '*' shared */
	"	period  TEXT NOT NULL,\n"       /* 2023, nk:2023-10-01, * */
	"	next    INTEGER NOT NULL CHECK (next >= 1),\n"
	"	PRIMARY KEY (org, series, period)\n"
	") STRICT;\n"
	"CREATE TABLE entry (\n"
	"	id            INTEGER PRIMARY KEY,\n"
	"	org           TEXT NOT NULL,\n"
	"	series        TEXT NOT NULL,\n"
	"	period        TEXT NOT NULL,\n"
	"	so            INTEGER NOT NULL CHECK (so >= 1),\n"
	"	ky_hieu       TEXT NOT NULL,\n"
	"	loai          TEXT NOT NULL,\n"
	"	don_vi        TEXT,\n"
	"	ngay          TEXT NOT NULL,\n"
	"	state         TEXT NOT NULL CHECK (state IN"
	" ('reserved', 'issued', 'cancelled')),\n"
	"	doc_key       TEXT,\n"
	"	trich_yeu     TEXT,\n"
	"	nguoi_ky      TEXT,\n"
	"	noi_nhan      TEXT,\n"
	"	so_trang      INTEGER,\n"
	"	cancel_reason TEXT,\n"
	"	taken_at      TEXT NOT NULL,\n"
	"	issued_at     TEXT,\n"
	"	cancelled_at  TEXT,\n"
	"	UNIQUE (org, series, period, so),\n"
	"	UNIQUE (org, ky_hieu, period)\n"
	") STRICT;\n"
	"CREATE INDEX entry_key ON entry (org, doc_key)"
	" WHERE doc_key IS NOT NULL;\n"
	"CREATE INDEX entry_ngay ON entry (ngay);\n"
	"CREATE TABLE output (\n"
	"	entry_id     INTEGER NOT NULL REFERENCES entry (id),\n"
	"	path         TEXT NOT NULL,\n"
	"	sha256       TEXT NOT NULL CHECK (length(sha256) = 64),\n"
	"	bytes        INTEGER NOT NULL,\n"
	"	recorded_at  TEXT NOT NULL,\n"
	"	PRIMARY KEY (entry_id, path)\n"
	") STRICT;\n"
	"CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry BEGIN\n"
	"	SELECT RAISE(ABORT, 'a register entry is never deleted;"
	" cancel it');\n"
	"END;\n"
	"CREATE TRIGGER entry_no_renumber BEFORE UPDATE OF"
	" org, series, period, so, ky_hieu, loai ON entry BEGIN\n"
	"	SELECT RAISE(ABORT, 'a register entry is never renumbered');\n"
	"END;\n",
};

struct sq {
	sqlite3         *db;
	struct timespec  busy_since;
};

#define ENTRY_COLS \
	"id, org, series, period, so, ky_hieu, loai, don_vi, ngay, state," \
	" doc_key, trich_yeu, nguoi_ky, noi_nhan, so_trang, cancel_reason," \
	" taken_at, issued_at, cancelled_at"

/* ---- errors -------------------------------------------------------------- */

/* Reports SQLite result rc met while doing what; returns -1. */
static int
fail(struct vb_reg *reg, int rc, const char *what)
{
	struct sq  *q = reg->impl;
	const char *msg = q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc);

	switch (rc & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		vb_diag(reg->d, VB_ERR_REG_LOCKED, NULL, "%s (waited %d ms)",
		    reg->where, reg->timeout_ms);
		break;
	case SQLITE_READONLY:
		vb_diag(reg->d, VB_ERR_REG_READONLY, NULL, "%s", reg->where);
		break;
	case SQLITE_NOTADB:
		vb_diag(reg->d, VB_ERR_REG_NOTDB, NULL, "%s is not an SQLite"
		    " database", reg->where);
		break;
	case SQLITE_CORRUPT:
		vb_diag(reg->d, VB_ERR_REG_NOTDB, NULL, "%s is damaged: %s",
		    reg->where, msg);
		break;
	default:
		vb_diag(reg->d, VB_ERR_REG_DB, NULL, "%s: %s: %s", reg->where,
		    what, msg);
		break;
	}
	return -1;
}

/* Runs a statement that returns no rows, then finalizes it. Returns 0,
 * or -1 after reporting what failed. */
static int
step_done(struct vb_reg *reg, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fail(reg, rc, what);
		return -1;
	}
	return 0;
}

/*
 * The busy handler: poll every few milliseconds until the timeout.
 * SQLite's own handler backs off to 100 ms sleeps, which starves a
 * process when several keep taking numbers back to back.
 */
static int
busy(void *arg, int count)
{
	struct vb_reg   *reg = arg;
	struct sq       *q = reg->impl;
	struct timespec  now, ts;
	long             ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		q->busy_since = now;
	ms = (now.tv_sec - q->busy_since.tv_sec) * 1000L +
	    (now.tv_nsec - q->busy_since.tv_nsec) / 1000000L;
	if (ms >= reg->timeout_ms)
		return 0;
	ts.tv_sec = 0;
	ts.tv_nsec = (count < 8 ? 1 + count : 9) * 500000L;
	nanosleep(&ts, NULL);
	return 1;
}

/* ---- statements ---------------------------------------------------------- */

static sqlite3_stmt *
prep(struct vb_reg *reg, const char *sql)
{
	struct sq    *q = reg->impl;
	sqlite3_stmt *st = NULL;
	int           rc;

	if ((rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL)) !=
	    SQLITE_OK) {
		fail(reg, rc, "prepare");
		return NULL;
	}
	return st;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* Runs SQL without parameters or results. Returns 0 or -1. */
static int
exec(struct vb_reg *reg, const char *sql)
{
	struct sq *q = reg->impl;
	int        rc;

	if ((rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL)) != SQLITE_OK)
		return fail(reg, rc, sql);
	return 0;
}

static int
begin(struct vb_reg *reg)
{
	return exec(reg, "BEGIN IMMEDIATE");
}

static void
rollback(struct vb_reg *reg)
{
	struct sq *q = reg->impl;

	if (!sqlite3_get_autocommit(q->db))
		sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
commit(struct vb_reg *reg)
{
	if (exec(reg, "COMMIT") != 0) {
		rollback(reg);
		return -1;
	}
	return 0;
}

/* The one integer a statement without parameters returns. */
static int
query_int(struct vb_reg *reg, const char *sql, long long *v)
{
	struct sq    *q = reg->impl;
	sqlite3_stmt *st = NULL;
	int           rc;

	if ((rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL)) ==
	    SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return fail(reg, rc, sql);
	return 0;
}

static const char *
col_text(sqlite3_stmt *st, int i, struct vb_arena *a)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	if (s == NULL)
		return NULL;
	return vb_arena_strndup(a, (const char *)s,
	    (size_t)sqlite3_column_bytes(st, i));
}

/* Reads the ENTRY_COLS of the current row into e. */
static void
read_entry(sqlite3_stmt *st, struct vb_arena *a, struct vb_reg_entry *e)
{
	const char *s;

	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->org = col_text(st, 1, a);
	e->series = col_text(st, 2, a);
	e->period = col_text(st, 3, a);
	e->so = (long)sqlite3_column_int64(st, 4);
	vb_reg_number_text(e->so, e->so_text);
	e->ky_hieu = col_text(st, 5, a);
	e->loai = col_text(st, 6, a);
	e->don_vi = col_text(st, 7, a);
	if ((s = col_text(st, 8, a)) == NULL ||
	    vb_reg_date_parse(s, &e->ngay) != 0)
		memset(&e->ngay, 0, sizeof(e->ngay));
	e->state = vb_reg_state_parse(col_text(st, 9, a));
	e->key = col_text(st, 10, a);
	e->trich_yeu = col_text(st, 11, a);
	e->nguoi_ky = col_text(st, 12, a);
	e->noi_nhan = col_text(st, 13, a);
	e->so_trang = sqlite3_column_int(st, 14);
	e->cancel_reason = col_text(st, 15, a);
	e->taken_at = col_text(st, 16, a);
	e->issued_at = col_text(st, 17, a);
	e->cancelled_at = col_text(st, 18, a);
}

/* ---- opening ------------------------------------------------------------- */

/* Creates or upgrades the schema to VB_REG_SCHEMA, in one transaction. */
static int
migrate(struct vb_reg *reg)
{
	long long app, ver;
	char      sql[96];
	int       v;

	if (begin(reg) != 0)
		return -1;
	/* Another process may have done it while we waited. */
	if (query_int(reg, "PRAGMA application_id", &app) != 0 ||
	    query_int(reg, "PRAGMA user_version", &ver) != 0)
		goto fail;
	if (app != 0 && app != APP_ID) {
		vb_diag(reg->d, VB_ERR_REG_NOTDB, NULL, "%s", reg->where);
		goto fail;
	}
	for (v = (int)ver; v < VB_REG_SCHEMA; v++)
		if (exec(reg, migrations[v]) != 0)
			goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d;"
	    " PRAGMA user_version = %d", APP_ID, VB_REG_SCHEMA);
	if (exec(reg, sql) != 0)
		goto fail;
	return commit(reg);
fail:
	rollback(reg);
	return -1;
}

/* The SQLite result of the first read of db (nothing reported). */
static int
probe(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int           rc;

	if ((rc = sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &st,
	    NULL)) == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/*
 * Reading a WAL register needs its -shm file, which a reader who may
 * not write the directory cannot create. With no -wal file beside it,
 * the main file holds every committed transaction, and SQLite may read
 * it as immutable. Returns the new handle's open status.
 */
static int
open_immutable(struct sq *q, const char *path)
{
	struct vb_buf  b = VB_BUF_INIT;
	const char    *p;
	int            rc;

	vb_buf_puts(&b, "file:");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			vb_buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			vb_buf_putc(&b, *p);
	}
	vb_buf_puts(&b, "?immutable=1");
	sqlite3_close(q->db);
	q->db = NULL;
	rc = sqlite3_open_v2(b.data, &q->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI, NULL);
	vb_buf_free(&b);
	return rc;
}

static int
sq_open(struct vb_reg *reg, const char *path, const struct vb_reg_opts *o)
{
	struct sq   *q;
	struct stat  sb;
	long long    app, ver, ntables;
	int          flags, rc, exists;

	q = vb_xcalloc(1, sizeof(*q));
	reg->impl = q;
	exists = stat(path, &sb) == 0;
	if (!exists && errno != ENOENT) {
		vb_diag(reg->d, VB_ERR_READ, NULL, "%s: %s", path,
		    strerror(errno));
		goto fail;
	}
	if (!exists && !o->create) {
		vb_diag(reg->d, VB_ERR_REG_MISSING, NULL, "%s", path);
		goto fail;
	}
	if (exists && !S_ISREG(sb.st_mode)) {
		vb_diag(reg->d, VB_ERR_REG_NOTDB, NULL, "%s is not a file",
		    path);
		goto fail;
	}
	flags = o->readonly ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | (o->create ? SQLITE_OPEN_CREATE : 0);
	if ((rc = sqlite3_open_v2(path, &q->db, flags, NULL)) != SQLITE_OK) {
		fail(reg, rc, "open");
		goto fail;
	}
	if (o->readonly && ((rc = probe(q->db)) & 0xFF) == SQLITE_READONLY) {
		char *wal = vb_xmalloc(strlen(path) + 5);

		snprintf(wal, strlen(path) + 5, "%s-wal", path);
		if (access(wal, F_OK) != 0 &&
		    (rc = open_immutable(q, path)) != SQLITE_OK) {
			free(wal);
			fail(reg, rc, "open");
			goto fail;
		}
		free(wal);
	}
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_handler(q->db, busy, reg);
	if (!o->readonly && sqlite3_db_readonly(q->db, "main") == 1) {
		vb_diag(reg->d, VB_ERR_REG_READONLY, NULL, "%s", path);
		goto fail;
	}
	/* The first read: a file that is not SQLite fails here. */
	if (query_int(reg, "PRAGMA application_id", &app) != 0 ||
	    query_int(reg, "PRAGMA user_version", &ver) != 0 ||
	    query_int(reg, "SELECT count(*) FROM sqlite_schema", &ntables) != 0)
		goto fail;
	if (app != APP_ID && (app != 0 || ver != 0 || ntables != 0)) {
		vb_diag(reg->d, VB_ERR_REG_NOTDB, NULL, "%s is an SQLite"
		    " database of another program", path);
		goto fail;
	}
	if (app == APP_ID && ver > VB_REG_SCHEMA) {
		vb_diag(reg->d, VB_ERR_REG_NEWER, NULL, "%s has schema %lld;"
		    " this vanban knows %d", path, ver, VB_REG_SCHEMA);
		goto fail;
	}
	if (app != APP_ID && !o->create) {
		vb_diag(reg->d, VB_ERR_REG_MISSING, NULL, "%s is empty", path);
		goto fail;
	}
	if (!o->readonly) {
		if (app != APP_ID &&
		    exec(reg, "PRAGMA journal_mode = WAL") != 0)
			goto fail;
		if (exec(reg, "PRAGMA synchronous = FULL;"
		    " PRAGMA foreign_keys = ON") != 0)
			goto fail;
		if ((app != APP_ID || ver < VB_REG_SCHEMA) && migrate(reg) != 0)
			goto fail;
	} else if (ver < VB_REG_SCHEMA) {
		vb_diag(reg->d, VB_ERR_REG_DB, NULL, "%s has the older schema"
		    " %lld; a command that writes upgrades it", path, ver);
		goto fail;
	}
	return 0;
fail:
	sqlite3_close(q->db);
	free(q);
	reg->impl = NULL;
	return -1;
}

static void
sq_close(struct vb_reg *reg)
{
	struct sq *q = reg->impl;

	if (q == NULL)
		return;
	sqlite3_close(q->db);
	free(q);
	reg->impl = NULL;
}

/* ---- files of entries ---------------------------------------------------- */

#define FILTER_WHERE \
	" WHERE (?1 IS NULL OR id = ?1)" \
	" AND (?2 IS NULL OR ky_hieu = ?2)" \
	" AND (?3 IS NULL OR (ngay >= ?3 AND ngay < ?4))" \
	" AND (?5 IS NULL OR loai = ?5)" \
	" AND (?6 IS NULL OR org = ?6)" \
	" AND (?7 IS NULL OR doc_key = ?7)" \
	" AND (?8 IS NULL OR state = ?8)"

static void
bind_filter(sqlite3_stmt *st, const struct vb_reg_filter *f)
{
	char y0[24], y1[24];

	if (f->id != 0)
		sqlite3_bind_int64(st, 1, f->id);
	bind_text(st, 2, f->ky_hieu);
	if (f->nam > 0 && f->nam < 9999) {
		snprintf(y0, sizeof(y0), "%04d-01-01", f->nam);
		snprintf(y1, sizeof(y1), "%04d-01-01", f->nam + 1);
		bind_text(st, 3, y0);
		bind_text(st, 4, y1);
	}
	bind_text(st, 5, f->loai);
	bind_text(st, 6, f->org);
	bind_text(st, 7, f->key);
	if (f->state != 0)
		bind_text(st, 8, vb_reg_state_name(f->state));
}

/*
 * Attaches to v[0..n) (sorted by id) the files that the entries passing
 * f carry. Returns 0 or -1.
 */
static int
load_files(struct vb_reg *reg, const struct vb_reg_filter *f,
    struct vb_arena *a, struct vb_reg_entry *v, size_t n)
{
	sqlite3_stmt       *st;
	struct vb_reg_file *fl = NULL;
	int64_t            *ids = NULL;
	size_t              nf = 0, cap = 0, i, j;
	int                 rc;

	if (n == 0)
		return 0;
	if ((st = prep(reg, "SELECT entry_id, path, sha256, bytes,"
	    " recorded_at FROM output WHERE entry_id IN (SELECT id FROM entry"
	    FILTER_WHERE ") ORDER BY entry_id, path")) == NULL)
		return -1;
	bind_filter(st, f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *h;

		if (nf == cap) {
			cap = cap ? cap * 2 : 16;
			fl = vb_xrealloc(fl, cap * sizeof(*fl));
			ids = vb_xrealloc(ids, cap * sizeof(*ids));
		}
		memset(&fl[nf], 0, sizeof(fl[nf]));
		ids[nf] = sqlite3_column_int64(st, 0);
		fl[nf].path = col_text(st, 1, a);
		if ((h = (const char *)sqlite3_column_text(st, 2)) != NULL)
			snprintf(fl[nf].sha256, sizeof(fl[nf].sha256), "%s", h);
		fl[nf].bytes = sqlite3_column_int64(st, 3);
		fl[nf].recorded_at = col_text(st, 4, a);
		nf++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(fl);
		free(ids);
		return fail(reg, rc, "reading output files");
	}
	/* Both lists are sorted by entry id: walk them together. */
	for (i = 0, j = 0; i < n; i++) {
		while (j < nf && ids[j] < v[i].id)
			j++;
		if (j < nf && ids[j] == v[i].id) {
			size_t k = j;

			while (k < nf && ids[k] == v[i].id)
				k++;
			v[i].nfiles = k - j;
			v[i].files = vb_arena_alloc(a, v[i].nfiles *
			    sizeof(*v[i].files));
			memcpy(v[i].files, fl + j, v[i].nfiles *
			    sizeof(*v[i].files));
			j = k;
		}
	}
	free(fl);
	free(ids);
	return 0;
}

/* ---- operations ---------------------------------------------------------- */

static int
sq_list(struct vb_reg *reg, const struct vb_reg_filter *f,
    struct vb_arena *a, struct vb_reg_entry **out, size_t *n)
{
	sqlite3_stmt        *st;
	struct vb_reg_entry *v = NULL;
	size_t               nv = 0, cap = 0;
	int                  rc;

	*out = NULL;
	*n = 0;
	if ((st = prep(reg, "SELECT " ENTRY_COLS " FROM entry" FILTER_WHERE
	    " ORDER BY id")) == NULL)
		return -1;
	bind_filter(st, f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nv == cap) {
			cap = cap ? cap * 2 : 64;
			v = vb_xrealloc(v, cap * sizeof(*v));
		}
		read_entry(st, a, &v[nv++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return fail(reg, rc, "listing");
	}
	*out = vb_arena_alloc(a, (nv ? nv : 1) * sizeof(*v));
	if (nv > 0)
		memcpy(*out, v, nv * sizeof(*v));
	*n = nv;
	free(v);
	return load_files(reg, f, a, *out, nv);
}

/* Issues entry e (reserved) inside the open transaction. */
static int
issue_in_txn(struct vb_reg *reg, int64_t id, const struct vb_reg_details *t)
{
	struct sq    *q = reg->impl;
	sqlite3_stmt *st;
	int           rc;

	if ((st = prep(reg, "UPDATE entry SET state = 'issued', ngay = ?2,"
	    " trich_yeu = coalesce(?3, trich_yeu),"
	    " nguoi_ky = coalesce(?4, nguoi_ky),"
	    " noi_nhan = coalesce(?5, noi_nhan),"
	    " so_trang = coalesce(?6, so_trang), issued_at = ?7"
	    " WHERE id = ?1 AND state = 'reserved'")) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, t->ngay);
	bind_text(st, 3, t->trich_yeu);
	bind_text(st, 4, t->nguoi_ky);
	bind_text(st, 5, t->noi_nhan);
	if (t->so_trang > 0)
		sqlite3_bind_int(st, 6, t->so_trang);
	bind_text(st, 7, t->now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(reg, rc, "issuing");
	if (sqlite3_changes(q->db) != 1) {
		vb_diag(reg->d, VB_ERR_REG_STATE, NULL, "entry %lld is no"
		    " longer reserved", (long long)id);
		return -1;
	}
	return 0;
}

/* The live entry of a document key, inside the open transaction. */
static int
find_key(struct vb_reg *reg, const struct vb_reg_slot *s, struct vb_arena *a,
    struct vb_reg_entry *e, int *found)
{
	sqlite3_stmt *st;
	int           rc;

	*found = 0;
	if ((st = prep(reg, "SELECT " ENTRY_COLS " FROM entry"
	    " WHERE org = ?1 AND doc_key = ?2 AND state <> 'cancelled'"
	    " ORDER BY id DESC LIMIT 1")) == NULL)
		return -1;
	bind_text(st, 1, s->org);
	bind_text(st, 2, s->req->key);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_entry(st, a, e);
		*found = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(reg, rc, "looking up the document key");
	return 0;
}

/* The key already has e: check it, issue it if asked. */
static int
take_existing(struct vb_reg *reg, const struct vb_reg_slot *s,
    struct vb_reg_entry *e)
{
	const struct vb_reg_request *req = s->req;
	struct vb_reg_details        t;

	if (strcmp(e->loai, s->loai) != 0) {
		vb_diag(reg->d, VB_ERR_REG_KEY, NULL, "key '%s' has %s",
		    req->key, e->ky_hieu);
		return -1;
	}
	if (e->state != VB_REG_RESERVED || req->reserve)
		return 0;
	if (!vb_reg_period_admits(e->period, s->ngay)) {
		vb_diag(reg->d, VB_ERR_REG_PERIOD, NULL, "%s was reserved in"
		    " period %s; cancel it and take a number dated %s",
		    e->ky_hieu, e->period, s->ngay);
		return -1;
	}
	memset(&t, 0, sizeof(t));
	memcpy(t.ngay, s->ngay, sizeof(t.ngay));
	t.trich_yeu = req->trich_yeu;
	t.nguoi_ky = req->nguoi_ky;
	t.noi_nhan = req->noi_nhan;
	t.so_trang = req->so_trang;
	t.now = s->now;
	if (issue_in_txn(reg, e->id, &t) != 0)
		return -1;
	e->state = VB_REG_ISSUED;
	vb_reg_date_parse(s->ngay, &e->ngay);
	e->issued_at = s->now;
	if (req->trich_yeu != NULL)
		e->trich_yeu = req->trich_yeu;
	if (req->nguoi_ky != NULL)
		e->nguoi_ky = req->nguoi_ky;
	if (req->noi_nhan != NULL)
		e->noi_nhan = req->noi_nhan;
	if (req->so_trang > 0)
		e->so_trang = req->so_trang;
	return 0;
}

/* Steps the counter of s: the number it gives, or -1. */
static long
step_counter(struct vb_reg *reg, const struct vb_reg_slot *s)
{
	sqlite3_stmt *st;
	long          so = -1;
	int           rc;

	if ((st = prep(reg, "INSERT INTO counter (org, series, period, next)"
	    " VALUES (?1, ?2, ?3, 1) ON CONFLICT DO NOTHING")) == NULL)
		return -1;
	bind_text(st, 1, s->org);
	bind_text(st, 2, s->series);
	bind_text(st, 3, s->period);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(reg, rc, "creating a counter");
	if ((st = prep(reg, "UPDATE counter SET next = next + 1"
	    " WHERE org = ?1 AND series = ?2 AND period = ?3"
	    " RETURNING next - 1")) == NULL)
		return -1;
	bind_text(st, 1, s->org);
	bind_text(st, 2, s->series);
	bind_text(st, 3, s->period);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		so = (long)sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(reg, rc, "counting");
	return so;
}

static int
sq_take(struct vb_reg *reg, const struct vb_reg_slot *s, struct vb_arena *a,
    struct vb_reg_entry *out)
{
	const struct vb_reg_request *req = s->req;
	sqlite3_stmt                *st = NULL;
	struct vb_reg_filter         f;
	long                         so;
	int                          rc, found;

	if (begin(reg) != 0)
		return -1;
	if (req->key != NULL && !req->new_number) {
		if (find_key(reg, s, a, out, &found) != 0)
			goto fail;
		if (found) {
			if (take_existing(reg, s, out) != 0)
				goto fail;
			out->existing = 1;
			if (commit(reg) != 0)
				return -1;
			memset(&f, 0, sizeof(f));
			f.id = out->id;
			return load_files(reg, &f, a, out, 1);
		}
	}
	if ((so = step_counter(reg, s)) < 1)
		goto fail;
	memset(out, 0, sizeof(*out));
	out->so = so;
	vb_reg_number_text(so, out->so_text);
	out->ky_hieu = vb_arena_printf(a, "%s%s", out->so_text, s->suffix);
	if ((st = prep(reg, "INSERT INTO entry (org, series, period, so,"
	    " ky_hieu, loai, don_vi, ngay, state, doc_key, trich_yeu, nguoi_ky,"
	    " noi_nhan, so_trang, taken_at, issued_at) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
	    " RETURNING id")) == NULL)
		goto fail;
	bind_text(st, 1, s->org);
	bind_text(st, 2, s->series);
	bind_text(st, 3, s->period);
	sqlite3_bind_int64(st, 4, so);
	bind_text(st, 5, out->ky_hieu);
	bind_text(st, 6, s->loai);
	bind_text(st, 7, s->don_vi);
	bind_text(st, 8, s->ngay);
	bind_text(st, 9, req->reserve ? "reserved" : "issued");
	bind_text(st, 10, req->key);
	bind_text(st, 11, req->trich_yeu);
	bind_text(st, 12, req->nguoi_ky);
	bind_text(st, 13, req->noi_nhan);
	if (req->so_trang > 0)
		sqlite3_bind_int(st, 14, req->so_trang);
	bind_text(st, 15, s->now);
	bind_text(st, 16, req->reserve ? NULL : s->now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
		vb_diag(reg->d, VB_ERR_REG_DUP, NULL, "%s (period %s); did the"
		    " numbering rules change? set the next number with 'vanban"
		    " so set-next'", out->ky_hieu, s->period);
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		fail(reg, rc, "recording the number");
		goto fail;
	}
	/* A test holds the write lock here (the "locked" tests). */
	vb_reg_test_sleep("VANBAN_TEST_SLEEP_IN_TXN");
	if (commit(reg) != 0)
		return -1;
	out->org = s->org;
	out->series = s->series;
	out->period = s->period;
	out->loai = s->loai;
	out->don_vi = s->don_vi;
	vb_reg_date_parse(s->ngay, &out->ngay);
	out->state = req->reserve ? VB_REG_RESERVED : VB_REG_ISSUED;
	out->key = req->key;
	out->trich_yeu = req->trich_yeu;
	out->nguoi_ky = req->nguoi_ky;
	out->noi_nhan = req->noi_nhan;
	out->so_trang = req->so_trang;
	out->taken_at = s->now;
	out->issued_at = req->reserve ? NULL : s->now;
	return 0;
fail:
	rollback(reg);
	return -1;
}

static int
sq_issue(struct vb_reg *reg, int64_t id, const struct vb_reg_details *t)
{
	if (begin(reg) != 0)
		return -1;
	if (issue_in_txn(reg, id, t) != 0) {
		rollback(reg);
		return -1;
	}
	return commit(reg);
}

/*
 * The state and symbol of entry id, inside the open transaction, or -1
 * after VB_ERR_REG_NOTFOUND.
 */
static int
entry_state(struct vb_reg *reg, int64_t id, enum vb_reg_state *state,
    char *kh, size_t khsize)
{
	sqlite3_stmt *st;
	int           rc;

	if ((st = prep(reg, "SELECT state, ky_hieu FROM entry WHERE id = ?1"))
	    == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*state = vb_reg_state_parse((const char *)
		    sqlite3_column_text(st, 0));
		snprintf(kh, khsize, "%s", (const char *)
		    sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		vb_diag(reg->d, VB_ERR_REG_NOTFOUND, NULL, "entry %lld",
		    (long long)id);
		return -1;
	}
	if (rc != SQLITE_ROW)
		return fail(reg, rc, "reading an entry");
	return 0;
}

static int
sq_cancel(struct vb_reg *reg, int64_t id, const char *reason,
    const char *now)
{
	sqlite3_stmt      *st;
	enum vb_reg_state  state;
	char               kh[256];

	if (begin(reg) != 0)
		return -1;
	if (entry_state(reg, id, &state, kh, sizeof(kh)) != 0)
		goto fail;
	if (state == VB_REG_CANCELLED) {
		vb_diag(reg->d, VB_ERR_REG_STATE, NULL, "%s is cancelled"
		    " already", kh);
		goto fail;
	}
	if ((st = prep(reg, "UPDATE entry SET state = 'cancelled',"
	    " cancel_reason = ?2, cancelled_at = ?3 WHERE id = ?1")) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, reason);
	bind_text(st, 3, now);
	if (step_done(reg, st, "cancelling") != 0)
		goto fail;
	return commit(reg);
fail:
	rollback(reg);
	return -1;
}

static int
sq_record(struct vb_reg *reg, int64_t id, const struct vb_reg_file *files,
    size_t n, int so_trang, const char *now)
{
	sqlite3_stmt      *st = NULL;
	enum vb_reg_state  state;
	char               kh[256];
	size_t             i;
	int                rc;

	if (begin(reg) != 0)
		return -1;
	if (entry_state(reg, id, &state, kh, sizeof(kh)) != 0)
		goto fail;
	if (state == VB_REG_CANCELLED) {
		vb_diag(reg->d, VB_ERR_REG_STATE, NULL, "%s is cancelled;"
		    " its files are not recorded", kh);
		goto fail;
	}
	if ((st = prep(reg, "INSERT INTO output (entry_id, path, sha256,"
	    " bytes, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT (entry_id, path) DO UPDATE SET"
	    " sha256 = excluded.sha256, bytes = excluded.bytes,"
	    " recorded_at = excluded.recorded_at")) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, files[i].path);
		bind_text(st, 3, files[i].sha256);
		sqlite3_bind_int64(st, 4, files[i].bytes);
		bind_text(st, 5, now);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			fail(reg, rc, "recording a file");
			goto fail;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (so_trang > 0) {
		if ((st = prep(reg, "UPDATE entry SET so_trang = ?2"
		    " WHERE id = ?1")) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, so_trang);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE) {
			fail(reg, rc, "recording the page count");
			goto fail;
		}
	}
	return commit(reg);
fail:
	sqlite3_finalize(st);
	rollback(reg);
	return -1;
}

static int
sq_set_next(struct vb_reg *reg, const char *org, const char *series,
    const char *period, long next)
{
	sqlite3_stmt *st;
	long long     max = 0;
	int           rc;

	if (begin(reg) != 0)
		return -1;
	if ((st = prep(reg, "SELECT coalesce(max(so), 0) FROM entry"
	    " WHERE org = ?1 AND series = ?2 AND period = ?3")) == NULL)
		goto fail;
	bind_text(st, 1, org);
	bind_text(st, 2, series);
	bind_text(st, 3, period);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		max = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		fail(reg, rc, "reading the last number");
		goto fail;
	}
	if (next <= max) {
		vb_diag(reg->d, VB_ERR_REG_NEXT, NULL, "%s %s %s: %lld is taken"
		    " already, so the next can be %lld or more", org,
		    series, period, max, max + 1);
		goto fail;
	}
	if ((st = prep(reg, "INSERT INTO counter (org, series, period, next)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (org, series, period)"
	    " DO UPDATE SET next = excluded.next")) == NULL)
		goto fail;
	bind_text(st, 1, org);
	bind_text(st, 2, series);
	bind_text(st, 3, period);
	sqlite3_bind_int64(st, 4, next);
	if (step_done(reg, st, "setting the counter") != 0)
		goto fail;
	return commit(reg);
fail:
	rollback(reg);
	return -1;
}

static int
sq_counters(struct vb_reg *reg, struct vb_arena *a,
    struct vb_reg_counter **out, size_t *n)
{
	sqlite3_stmt          *st;
	struct vb_reg_counter *v = NULL;
	size_t                 nv = 0, cap = 0;
	int                    rc;

	*out = NULL;
	*n = 0;
	if ((st = prep(reg, "SELECT org, series, period, next FROM counter"
	    " ORDER BY org, series, period")) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nv == cap) {
			cap = cap ? cap * 2 : 16;
			v = vb_xrealloc(v, cap * sizeof(*v));
		}
		v[nv].org = col_text(st, 0, a);
		v[nv].series = col_text(st, 1, a);
		v[nv].period = col_text(st, 2, a);
		v[nv].next = (long)sqlite3_column_int64(st, 3);
		nv++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return fail(reg, rc, "listing counters");
	}
	*out = vb_arena_alloc(a, (nv ? nv : 1) * sizeof(*v));
	if (nv > 0)
		memcpy(*out, v, nv * sizeof(*v));
	*n = nv;
	free(v);
	return 0;
}

const struct vb_reg_backend vb_reg_sqlite = {
	"sqlite",
	sq_open,
	sq_close,
	sq_take,
	sq_issue,
	sq_cancel,
	sq_record,
	sq_set_next,
	sq_list,
	sq_counters,
};
