/* value.c — typed data values in an arena. */
#include <string.h>

#include "value.h"

static struct vb_value *
mk(struct vb_arena *a, enum vb_vtype t, const struct vb_loc *loc)
{
	struct vb_value *v = vb_arena_alloc(a, sizeof(*v));

	v->type = t;
	if (loc != NULL)
		v->loc = *loc;
	return v;
}

struct vb_value *
vb_value_null(struct vb_arena *a, const struct vb_loc *loc)
{
	return mk(a, VB_NULL, loc);
}

struct vb_value *
vb_value_bool(struct vb_arena *a, int b, const struct vb_loc *loc)
{
	struct vb_value *v = mk(a, VB_BOOL, loc);

	v->u.b = b != 0;
	return v;
}

struct vb_value *
vb_value_num(struct vb_arena *a, double n, const char *lit,
    const struct vb_loc *loc)
{
	struct vb_value *v = mk(a, VB_NUM, loc);

	v->u.num.v = n;
	v->u.num.lit = lit != NULL ? vb_arena_strdup(a, lit) : NULL;
	return v;
}

struct vb_value *
vb_value_str(struct vb_arena *a, const char *s, size_t len,
    const struct vb_loc *loc)
{
	struct vb_value *v = mk(a, VB_STR, loc);

	v->u.str.s = vb_arena_strndup(a, s, len);
	v->u.str.len = len;
	return v;
}

struct vb_value *
vb_value_date(struct vb_arena *a, int y, int m, int d,
    const struct vb_loc *loc)
{
	struct vb_value *v = mk(a, VB_DATE, loc);

	v->u.date.y = y;
	v->u.date.m = m;
	v->u.date.d = d;
	return v;
}

struct vb_value *
vb_value_list(struct vb_arena *a, const struct vb_loc *loc)
{
	return mk(a, VB_LIST, loc);
}

struct vb_value *
vb_value_map(struct vb_arena *a, const struct vb_loc *loc)
{
	return mk(a, VB_MAP, loc);
}

/* Grows an arena array of pointers; the old copy is left in the arena. */
static void *
grow(struct vb_arena *a, void *old, size_t n, size_t *cap, size_t size)
{
	void *p;

	if (n < *cap)
		return old;
	*cap = *cap ? *cap * 2 : 8;
	p = vb_arena_alloc(a, *cap * size);
	if (n > 0)
		memcpy(p, old, n * size);
	return p;
}

void
vb_list_push(struct vb_arena *a, struct vb_value *list, struct vb_value *v)
{
	size_t cap = list->u.list.cap;

	list->u.list.v = grow(a, list->u.list.v, list->u.list.n, &cap,
	    sizeof(*list->u.list.v));
	list->u.list.cap = cap;
	list->u.list.v[list->u.list.n++] = v;
}

void
vb_map_set(struct vb_arena *a, struct vb_value *map, const char *key,
    struct vb_value *v)
{
	size_t i, cap, kcap;

	for (i = 0; i < map->u.map.n; i++)
		if (strcmp(map->u.map.k[i], key) == 0) {
			map->u.map.v[i] = v;
			return;
		}
	cap = kcap = map->u.map.cap;
	map->u.map.k = grow(a, map->u.map.k, map->u.map.n, &kcap,
	    sizeof(*map->u.map.k));
	map->u.map.v = grow(a, map->u.map.v, map->u.map.n, &cap,
	    sizeof(*map->u.map.v));
	map->u.map.cap = cap;
	map->u.map.k[map->u.map.n] = vb_arena_strdup(a, key);
	map->u.map.v[map->u.map.n++] = v;
}

struct vb_value *
vb_map_get(const struct vb_value *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != VB_MAP)
		return NULL;
	for (i = 0; i < map->u.map.n; i++)
		if (strcmp(map->u.map.k[i], key) == 0)
			return map->u.map.v[i];
	return NULL;
}

int
vb_value_truthy(const struct vb_value *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case VB_NULL:
		return 0;
	case VB_BOOL:
		return v->u.b;
	case VB_NUM:
		return v->u.num.v != 0;
	case VB_STR:
		return v->u.str.len > 0;
	case VB_DATE:
		return 1;
	case VB_LIST:
		return v->u.list.n > 0;
	case VB_MAP:
		return v->u.map.n > 0;
	default:
		return 0;
	}
}

const char *
vb_value_type_name(enum vb_vtype t)
{
	static const char *const names[VB_VTYPE__MAX] = {
		"null", "bool", "number", "string", "date", "list", "map"
	};

	return t < VB_VTYPE__MAX ? names[t] : "?";
}

int
vb_date_valid(int y, int m, int d)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}
