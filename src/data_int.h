/*
 * data_int.h — helpers shared by the data readers (data_yaml.c,
 * data_json.c, data.c); not for other modules.
 *
 * struct vb_mapb fills a VB_MAP without vb_map_set()'s linear search,
 * so that a map with 100 000 keys (or a fuzzer's) stays linear: a hash
 * index over the keys is built once the map has more than a few.
 */
#ifndef VB_DATA_INT_H
#define VB_DATA_INT_H

#include "data.h"

#define VB_MAPB_NONE ((size_t)-1)

struct vb_mapb {
	struct vb_value *map;    /* the VB_MAP being filled */
	struct vb_loc   *kloc;   /* where each key was written (malloc'd) */
	size_t           klcap;
	size_t          *slot;   /* hash index: key index + 1, 0 = empty */
	size_t           nslot;  /* 0 until the map grows past a few keys */
};

void   vb_mapb_init(struct vb_mapb *mb, struct vb_value *map);
/* The index of key in the map, or VB_MAPB_NONE. */
size_t vb_mapb_find(struct vb_mapb *mb, const char *key);
/*
 * Appends key → v; key must live in a (it is not copied) and the
 * caller has checked that it is absent. kloc may be NULL. Returns the
 * new index.
 */
size_t vb_mapb_add(struct vb_arena *a, struct vb_mapb *mb, const char *key,
    struct vb_value *v, const struct vb_loc *kloc);
/* The location of key i as given to vb_mapb_add. */
const struct vb_loc *vb_mapb_kloc(const struct vb_mapb *mb, size_t i);
/* Frees the index and key locations; the map itself stays. */
void   vb_mapb_free(struct vb_mapb *mb);

/*
 * Reports a number literal that a double cannot hold exactly: an integer
 * beyond 2^53 or a value that overflows. lit[0..n) is a valid decimal
 * literal; is_int says it has no fraction or exponent. Returns 0 and
 * sets *v, or -1 after reporting at loc.
 */
int vb_data_strtod(struct vb_diag *d, const char *lit, size_t n, int is_int,
    const struct vb_loc *loc, double *v);

#endif /* VB_DATA_INT_H */
