/*
 * front.h — splits a template into its YAML front matter (between a
 * first line "---" and a closing "---" or "...") and its Markdown body,
 * as Jekyll, Hugo and Pandoc do.
 *
 * Who may include it: render.c, tests and fuzzers.
 */
#ifndef VB_FRONT_H
#define VB_FRONT_H

#include "vb.h"
#include "diag.h"

struct vb_front {
	size_t        fm_off, fm_len;     /* the YAML text between the fences */
	size_t        body_off, body_len; /* the Markdown after the fence */
	struct vb_loc open;               /* the opening "---" line */
};

/*
 * Splits src. A template must begin with "---" (after an optional UTF-8
 * byte order mark); the front matter ends at the first line that is
 * exactly "---" or "...". Invalid UTF-8, a NUL byte, a malformed opening
 * line ("--- x", "----"), a missing front matter or closing fence, and a
 * code point reserved for sentinels inside the front matter are errors,
 * reported with line:col. Returns 0 with *out filled, or -1.
 */
int vb_front_split(struct vb_src *src, struct vb_diag *d,
    struct vb_front *out);

#endif /* VB_FRONT_H */
