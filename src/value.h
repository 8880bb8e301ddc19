/*
 * value.h — typed data values: what the data readers (YAML, JSON, CSV,
 * XLSX, --set) produce and what the template language computes with.
 *
 * Who may include it: the data readers, the template modules, the
 * document builder, the register, tests and fuzzers.
 *
 * Every value lives in an arena (the data arena for loaded data, the
 * document arena for computed values) and is never freed on its own.
 * Every value carries the location it came from, so that an error about
 * a bad figure can say "units.xlsx:Tong hop!C7".
 */
#ifndef VB_VALUE_H
#define VB_VALUE_H

#include "vb.h"

enum vb_vtype {
	VB_NULL = 0,   /* empty cell, YAML ~ / null, JSON null */
	VB_BOOL,
	VB_NUM,        /* a double: exact for integers below 2^53 */
	VB_STR,        /* UTF-8, NFC, may hold any character */
	VB_DATE,       /* a calendar date, with an optional time of day */
	VB_LIST,
	VB_MAP,        /* keys keep their insertion order */
	VB_VTYPE__MAX
};

struct vb_value {
	enum vb_vtype  type;
	struct vb_loc  loc;
	union {
		int b;
		struct {
			double      v;
			const char *lit;   /* as written in the data, or NULL */
		} num;
		struct {
			const char *s;     /* NUL-terminated */
			size_t      len;
		} str;
		struct {
			int y, m, d;       /* 1..9999, 1..12, 1..31 */
			int hh, mm;        /* time of day when has_time */
			int has_time;
		} date;
		struct {
			struct vb_value **v;
			size_t            n, cap;
		} list;
		struct {
			const char      **k;
			struct vb_value **v;
			size_t            n, cap;
		} map;
	} u;
};

/* Constructors: allocate in a; loc may be NULL (no location). */
struct vb_value *vb_value_null(struct vb_arena *a, const struct vb_loc *loc);
struct vb_value *vb_value_bool(struct vb_arena *a, int b,
    const struct vb_loc *loc);
struct vb_value *vb_value_num(struct vb_arena *a, double v, const char *lit,
    const struct vb_loc *loc);
/* Copies s[0..len) into a. */
struct vb_value *vb_value_str(struct vb_arena *a, const char *s, size_t len,
    const struct vb_loc *loc);
struct vb_value *vb_value_date(struct vb_arena *a, int y, int m, int d,
    const struct vb_loc *loc);
struct vb_value *vb_value_list(struct vb_arena *a, const struct vb_loc *loc);
struct vb_value *vb_value_map(struct vb_arena *a, const struct vb_loc *loc);

void vb_list_push(struct vb_arena *a, struct vb_value *list,
    struct vb_value *v);
/* Sets key (copied into a) to v; an existing key keeps its place. */
void vb_map_set(struct vb_arena *a, struct vb_value *map, const char *key,
    struct vb_value *v);
/* Returns the value of key, or NULL if map is not a map or lacks it. */
struct vb_value *vb_map_get(const struct vb_value *map, const char *key);

/* Jinja truthiness: null, false, 0, "" and empty containers are false. */
int vb_value_truthy(const struct vb_value *v);
/* "null", "bool", "number", "string", "date", "list", "map". */
const char *vb_value_type_name(enum vb_vtype t);
/* 1 if the date is a real calendar date (leap years included). */
int vb_date_valid(int y, int m, int d);

#endif /* VB_VALUE_H */
