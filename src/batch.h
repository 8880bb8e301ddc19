/*
 * batch.h — `vanban batch`: one document per record of a list in the
 * data (a giấy mời per invitee, a giấy khen per person), rendered from
 * one template that is read once, by N forked worker processes (each
 * opens the fonts for itself: libharu reads glyphs from the open font
 * files while it writes, and forked processes would share the offset).
 *
 * What a record sees: the whole data, then the record's own fields at
 * the top level when the record is a map (a field wins over a data key
 * of the same name), then the record itself under the name given by
 * --as (default "ban_ghi") and its 1-based index in the whole list as
 * "stt". Output names are templates evaluated per record; every name of
 * every record is computed and checked (unique, inside the directory the
 * pattern names, no "..", no control characters, the right extension)
 * before anything is written. --shard k/N takes the k-th of N contiguous
 * slices of the list; stt stays the index in the whole list, so the
 * slices of one run never collide. docs/batch.md is the user's guide.
 *
 * Who may include it: cli_batch.c, tests.
 */
#ifndef VB_BATCH_H
#define VB_BATCH_H

#include "render.h"

struct vb_batch_opts {
	struct vb_render_opts r;    /* template, data, --set, --profiles,
	                             * --strict, err; r.outs are the output
	                             * name patterns (.pdf, .docx) */
	const char  *each;          /* the list: an expression over the data */
	const char  *as;            /* the record's name; NULL: "ban_ghi" */
	const char  *one_file;      /* every record into this one PDF, or NULL */
	int          jobs;          /* worker processes; 0: the cores */
	int          shard_k;       /* 1..shard_n; 0: the whole list */
	int          shard_n;
	int          progress;      /* -1: when err is a terminal; 0; 1 */
};

/* The default name of the record inside the template. */
#define VB_BATCH_AS "ban_ghi"

/*
 * Runs the batch. Returns the exit status: 0 every record written
 * (warnings allowed), 1 bad input, a refused output name, or any record
 * that failed (the others are still written; each failure is reported
 * as "record N" with the diagnostics naming file:line:col).
 */
int vb_batch(const struct vb_batch_opts *o);

#endif /* VB_BATCH_H */
