/*
 * reg_int.h — the register's storage backends (SQLite now, PostgreSQL
 * later): what reg.c asks of one, and what it hands them.
 *
 * Who may include it: reg.c and reg_<backend>.c only.
 *
 * reg.c does everything that does not depend on the database: it checks
 * the request, resolves the type, works out the counter (org, series,
 * period) and the symbol's tail ("/KH-LĐLĐ"), and reads the clock. A
 * backend runs each operation as one transaction that either commits
 * whole or leaves nothing, binds every value as a parameter, and
 * reports its failures through reg->d with the codes of diag_reg.def.
 */
#ifndef VB_REG_INT_H
#define VB_REG_INT_H

#include "reg.h"

/* What one take needs, resolved by reg.c. */
struct vb_reg_slot {
	const struct vb_reg_request *req;   /* details: key, trich_yeu, … */
	const char *org;                    /* ma_so, else viet_tat */
	const char *series;                 /* "KH", "CV", or "*" */
	const char *period;                 /* "2023", "nk:2023-10-01", "*" */
	const char *loai;                   /* type code */
	const char *don_vi;                 /* drafting unit, or NULL */
	const char *suffix;                 /* symbol = number text + suffix */
	char        ngay[11];               /* YYYY-MM-DD */
	const char *now;                    /* UTC timestamp of this call */
};

/* The details that issuing a reserved number sets. */
struct vb_reg_details {
	char        ngay[11];
	const char *trich_yeu, *nguoi_ky, *noi_nhan;
	int         so_trang;
	const char *now;
};

struct vb_reg_backend {
	const char *name;
	int   (*open)(struct vb_reg *, const char *where,
	          const struct vb_reg_opts *);
	void  (*close)(struct vb_reg *);
	/* Key lookup, counter step and insert, in one transaction. */
	int   (*take)(struct vb_reg *, const struct vb_reg_slot *,
	          struct vb_arena *, struct vb_reg_entry *);
	int   (*issue)(struct vb_reg *, int64_t id,
	          const struct vb_reg_details *);
	int   (*cancel)(struct vb_reg *, int64_t id, const char *reason,
	          const char *now);
	int   (*record)(struct vb_reg *, int64_t id, const struct vb_reg_file *,
	          size_t, int so_trang, const char *now);
	int   (*set_next)(struct vb_reg *, const char *org, const char *series,
	          const char *period, long next);
	int   (*list)(struct vb_reg *, const struct vb_reg_filter *,
	          struct vb_arena *, struct vb_reg_entry **, size_t *);
	int   (*counters)(struct vb_reg *, struct vb_arena *,
	          struct vb_reg_counter **, size_t *);
};

struct vb_reg {
	const struct vb_reg_backend *be;
	struct vb_diag              *d;
	char                        *where;     /* for messages */
	int                          timeout_ms;
	void                        *impl;      /* the backend's own state */
};

extern const struct vb_reg_backend vb_reg_sqlite;

/*
 * 1 if an entry of period may carry date ngay ("YYYY-MM-DD"): the same
 * year for "YYYY", on or after the start for "nk:YYYY-MM-DD", any for
 * "*".
 */
int vb_reg_period_admits(const char *period, const char *ngay);

/* Test hook: sleeps for the milliseconds in environment variable name. */
void vb_reg_test_sleep(const char *name);

#endif /* VB_REG_INT_H */
