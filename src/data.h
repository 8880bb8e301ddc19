/*
 * data.h — the data readers: YAML and JSON into typed values, and the
 * named data sources of the command line (-d, --set), which together
 * form the root map a template sees.
 *
 * Who may include it: main.c and the cli_*.c files, the template reader
 * (for front matter), tests and fuzzers.
 *
 * Every value is allocated in the arena the caller passes (for loaded
 * data: the data arena in struct vb_data) and keeps its location, so a
 * later error about a figure can point at the line it came from. All
 * strings and map keys are NFC. Failures are reported through the diag
 * context; the functions return 0, or -1 with *out set to NULL.
 *
 * The rules (which plain scalars are numbers, what counts as ambiguous,
 * the limits) are written at the top of data_yaml.c and data_json.c.
 */
#ifndef VB_DATA_H
#define VB_DATA_H

#include "vb.h"
#include "diag.h"
#include "value.h"

/*
 * Parses src->data[off .. off+len) (a whole file, or the front matter of
 * a template) as one YAML document. An empty range gives VB_NULL.
 * On success *out is the root value, allocated in a; on failure -1.
 */
int vb_yaml_parse(struct vb_src *src, size_t off, size_t len,
    struct vb_arena *a, struct vb_diag *d, struct vb_value **out);

/*
 * Parses src->data[off .. off+len) as one JSON text (RFC 8259, strict:
 * no comments, no trailing commas). Same contract as vb_yaml_parse.
 */
int vb_json_parse(struct vb_src *src, size_t off, size_t len,
    struct vb_arena *a, struct vb_diag *d, struct vb_value **out);

/*
 * The value of a YAML plain scalar s[0..n), resolved by the rules of
 * data_yaml.c (null, bool, number, date, else string). Returns the new
 * value in a, or NULL after reporting an error (an ambiguous number, an
 * invalid date) at loc, which may be NULL.
 */
struct vb_value *vb_yaml_plain(struct vb_arena *a, struct vb_diag *d,
    const char *s, size_t n, const struct vb_loc *loc);

/*
 * The NFC form of the valid UTF-8 s[0..n), NUL-terminated, copied into
 * a, with its length in *outlen. Returns NULL if ICU fails (not
 * reported: the caller has the location).
 */
const char *vb_data_nfc(struct vb_arena *a, const char *s, size_t n,
    size_t *outlen);

/* ---- named sources ------------------------------------------------------ */

struct vb_data {           /* all loaded data: the root map the template sees */
	struct vb_arena   arena;   /* the data arena */
	struct vb_value  *root;    /* VB_MAP */
};

/* Makes an empty root map. */
void vb_data_init(struct vb_data *);
/* Frees every value; the sources stay in their srcset. */
void vb_data_free(struct vb_data *);

/*
 * Loads one source named on the command line (-d). spec is one of
 *   FILE                 its top-level map is merged into the root
 *   NAME=FILE            its value is bound at root[NAME]
 *   NAME=FILE#OPTIONS    .csv/.xlsx options joined by '&': a sheet name,
 *                        sheet=N, headers=2, row=N, sep=;, text, num=c
 *                        (data.c says what each does)
 * NAME is [A-Za-z_][A-Za-z0-9_]*. The format comes from the extension:
 * .yaml/.yml, .json, .csv, .xlsx (any case). A top-level key or name
 * that is already bound is an error, and so is a file without a name
 * whose value is not a map (an empty file adds nothing). The file is
 * added to ss, which must outlive the values. Returns 0 or -1.
 */
int vb_data_load(struct vb_data *, struct vb_srcset *, struct vb_diag *,
    const char *spec);

/*
 * --set KEY=VALUE: KEY may be dotted (a.b.c; missing maps are made,
 * a non-map on the way is an error); VALUE is read like a YAML plain
 * scalar, or kept as text when wrapped in '…' or "…". Replaces any
 * value already there, without touching maps shared through YAML
 * aliases. Returns 0 or -1.
 */
int vb_data_set(struct vb_data *, struct vb_diag *, const char *assignment);

#endif /* VB_DATA_H */
