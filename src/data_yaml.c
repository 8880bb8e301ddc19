/*
 * data_yaml.c — one YAML document (libyaml events) into struct vb_value,
 * every value keeping the byte range it was written at.
 *
 * Plain scalars are resolved by the YAML 1.2 core schema, made stricter
 * where a Vietnamese clerk's habits would be misread (vb_yaml_plain):
 *
 *   empty, ~, null, Null, NULL            VB_NULL
 *   true, True, TRUE, false, False, FALSE VB_BOOL (yes/no/on/off are text)
 *   123, -4, 1.5, .5, 1e3, 0x1F, 0o17     VB_NUM, the literal kept in lit
 *   2023-09-06, 2023-9-6                  VB_DATE
 *   2023-09-18 08:00, 2023-09-18T08:00    VB_DATE with a time (:00 seconds
 *                                         allowed, others refused)
 *   anything else                         VB_STR ("2023-2024", "94%")
 *
 * and these are errors, never silently guessed:
 *
 *   2.300, 12.500.000   ambiguous: 2300 to a Vietnamese reader, 2.3 to YAML
 *                       (1–3 digits, not starting with 0, then groups of
 *                       a dot and three digits; 0.125 stays a number)
 *   93,6  1,000         a decimal (or thousands) comma
 *   007, 0912345678     a leading zero: a code or phone number, not a number
 *   2^53 and above      an integer a double cannot hold (account numbers)
 *   .inf, .nan, 1e999   not a finite number
 *   2023-02-30          not a calendar date; 2023-09-18 25:00 not a time
 *   06/9/2023           day/month/year: write 2023-09-06
 *
 * Quoted and block scalars are always VB_STR; so is any scalar tagged
 * !!str or "!". Other tags are errors (they are never needed for data
 * and usually come from another program's private types).
 *
 * Anchors and aliases: an alias shares the anchored value (no copy). An
 * anchor is usable once its node is complete, so a node cannot contain
 * itself. Merge keys (<<: *base, or a list of them) copy the keys the
 * map does not set itself. Keys are text (a scalar's characters as
 * written, "1" for 1:); a non-scalar or empty key is an error, and so is
 * a key written twice in one map (at the second one).
 *
 * Errors: a libyaml error stops the parse and is reported with libyaml's
 * own words at our line:col. Errors in values (ambiguous numbers, bad
 * dates, duplicate keys, tags, unknown aliases) are all reported, up to
 * MAX_ERRORS, and the parse fails at the end.
 *
 * libyaml marks count code points (a CR LF is two), not bytes; mark_off()
 * turns them into byte offsets by walking the already validated text.
 */
#include <string.h>

#include <yaml.h>

#include "data_int.h"

#define MAX_DEPTH  64            /* nested lists and maps: walks recurse */
#define MAX_NODES  1000000       /* values, aliases expanded: billion laughs */
#define MAX_SCALAR (1u << 20)    /* bytes in a scalar: far above any text */
#define MAX_INPUT  (256u << 20)  /* bytes: offsets are 32-bit, with room */
#define MAX_ERRORS 20            /* value errors reported before giving up */

struct frame {
	struct vb_value  *v;        /* the list or map being filled */
	struct vb_mapb    mb;       /* maps: the key index */
	char             *anchor;   /* registered when the node is complete */
	size_t            nodes0;   /* p->nodes at the start: the anchor's weight */
	int               havekey;  /* maps: a key was read, its value is next */
	int               keybad;   /* that key was refused: drop its value */
	int               merge;    /* that key is "<<" */
	int               merged;   /* a "<<" key was seen in this map */
	const char       *key;      /* that key, NFC, in the arena */
	struct vb_loc     keyloc;
	struct vb_value **merges;   /* maps named by "<<", in order (malloc'd) */
	size_t            nmerges;
};

struct parser {
	struct vb_src    *src;
	size_t            base;     /* byte offset in src of what libyaml reads */
	size_t            len;
	size_t            ncp;      /* code points in it */
	struct vb_arena  *a;
	struct vb_diag   *d;
	size_t            cur_cp;   /* mark_off()'s cursor */
	size_t            cur_byte;
	struct frame      stack[MAX_DEPTH];
	int               depth;
	struct vb_arena   scratch;  /* anchor names */
	struct vb_value  *anchors;  /* name → value, a map in scratch */
	struct vb_mapb    amb;
	size_t           *aweight;  /* expanded size of each anchored value */
	size_t            aweightcap;
	size_t            nodes;
	unsigned          nerr;
	int               fatal;
	int               ndocs;
	int               haveroot;
	struct vb_value  *root;
};

/* Byte offset in src of the code point with libyaml index cp. */
static uint32_t
mark_off(struct parser *p, size_t cp)
{
	const unsigned char *s = (const unsigned char *)p->src->data + p->base;

	if (cp > p->ncp)
		cp = p->ncp;
	while (p->cur_cp < cp) {
		p->cur_byte++;
		while (p->cur_byte < p->len && (s[p->cur_byte] & 0xC0) == 0x80)
			p->cur_byte++;
		p->cur_cp++;
	}
	while (p->cur_cp > cp) {
		p->cur_byte--;
		while (p->cur_byte > 0 && (s[p->cur_byte] & 0xC0) == 0x80)
			p->cur_byte--;
		p->cur_cp--;
	}
	return (uint32_t)(p->base + p->cur_byte);
}

static void
mark_loc(struct parser *p, const yaml_mark_t *start, const yaml_mark_t *end,
    struct vb_loc *loc)
{
	uint32_t e;

	loc->src = p->src->id;
	loc->off = mark_off(p, start->index);
	loc->cell = NULL;
	e = end != NULL ? mark_off(p, end->index) : loc->off;
	loc->len = e > loc->off ? e - loc->off : 0;
}

/* A string value over t[0..n), which already lives in a. */
static struct vb_value *
str_value(struct vb_arena *a, const char *t, size_t n,
    const struct vb_loc *loc)
{
	struct vb_value *v = vb_value_str(a, "", 0, loc);

	v->u.str.s = t;
	v->u.str.len = n;
	return v;
}

/* Counts an error in a value; stops the parse after too many. */
static void
value_error(struct parser *p)
{
	if (++p->nerr >= MAX_ERRORS && !p->fatal) {
		vb_diag(p->d, VB_ERR_LIMIT, NULL,
		    "%u errors in the data, stopping", p->nerr);
		p->fatal = 1;
	}
}

static int
add_nodes(struct parser *p, size_t n, const struct vb_loc *loc)
{
	p->nodes += n;
	if (p->nodes <= MAX_NODES)
		return 0;
	vb_diag(p->d, VB_ERR_LIMIT, loc,
	    "more than %d values, counting each use of an alias (*name) "
	    "as a copy", MAX_NODES);
	p->fatal = 1;
	p->nerr++;
	return -1;
}

static void
register_anchor(struct parser *p, const char *name, struct vb_value *v,
    size_t weight)
{
	size_t i = vb_mapb_find(&p->amb, name);

	if (i == VB_MAPB_NONE)
		i = vb_mapb_add(&p->scratch, &p->amb,
		    vb_arena_strdup(&p->scratch, name), v, NULL);
	else
		p->anchors->u.map.v[i] = v;   /* YAML lets an anchor be reused */
	if (i >= p->aweightcap) {
		p->aweightcap = p->aweightcap ? p->aweightcap * 2 : 16;
		p->aweight = vb_xrealloc(p->aweight,
		    p->aweightcap * sizeof(*p->aweight));
	}
	p->aweight[i] = weight;
}

/* 1 if a "<<" value may be merged: a map, or a list of maps. */
static int
mergeable(const struct vb_value *v)
{
	size_t i;

	if (v->type == VB_MAP)
		return 1;
	if (v->type != VB_LIST)
		return 0;
	for (i = 0; i < v->u.list.n; i++)
		if (v->u.list.v[i]->type != VB_MAP)
			return 0;
	return 1;
}

/* Hands a finished value to the list or map on top, or makes it the root. */
static void
add_value(struct parser *p, struct vb_value *v)
{
	struct frame *f;

	if (p->depth == 0) {
		p->root = v;
		p->haveroot = 1;
		return;
	}
	f = &p->stack[p->depth - 1];
	if (f->v->type == VB_LIST) {
		vb_list_push(p->a, f->v, v);
		return;
	}
	f->havekey = 0;
	if (f->keybad)
		return;
	if (f->merge) {
		if (!mergeable(v)) {
			vb_diag(p->d, VB_ERR_YAML_MERGE, &v->loc,
			    "the value of '<<' must be a map or a list of "
			    "maps, not a %s", vb_value_type_name(v->type));
			value_error(p);
			return;
		}
		f->merges = vb_xrealloc(f->merges,
		    (f->nmerges + 1) * sizeof(*f->merges));
		f->merges[f->nmerges++] = v;
		return;
	}
	vb_mapb_add(p->a, &f->mb, f->key, v, &f->keyloc);
}

/* Copies in the keys of the "<<" maps that the map does not set itself. */
static void
apply_merges(struct parser *p, struct frame *f)
{
	struct vb_value *src, *m;
	size_t           i, j, k;

	for (i = 0; i < f->nmerges; i++) {
		src = f->merges[i];
		for (j = 0; j < (src->type == VB_LIST ? src->u.list.n : 1); j++) {
			m = src->type == VB_LIST ? src->u.list.v[j] : src;
			for (k = 0; k < m->u.map.n; k++)
				if (vb_mapb_find(&f->mb, m->u.map.k[k]) ==
				    VB_MAPB_NONE)
					vb_mapb_add(p->a, &f->mb, m->u.map.k[k],
					    m->u.map.v[k], &src->loc);
		}
	}
}

/* A scalar in key position: checks it and keeps it for the value. */
static void
read_key(struct parser *p, struct frame *f, const yaml_event_t *ev,
    const struct vb_loc *loc)
{
	const char *text = (const char *)ev->data.scalar.value;
	size_t      n = ev->data.scalar.length, i, nn;
	const char *tag = (const char *)ev->data.scalar.tag;

	f->havekey = 1;
	f->keybad = 0;
	f->merge = 0;
	f->key = NULL;
	f->keyloc = *loc;
	if (tag != NULL && strcmp(tag, "!") != 0 &&
	    strcmp(tag, YAML_STR_TAG) != 0) {
		vb_diag(p->d, VB_ERR_YAML_TAG, loc, "%s", tag);
		f->keybad = 1;
		value_error(p);
		return;
	}
	if (memchr(text, '\0', n) != NULL) {
		/* "\0" in a quoted key: text ends at a NUL in C. */
		vb_diag(p->d, VB_ERR_NUL, loc, "written as \\0 in the key");
		f->keybad = 1;
		value_error(p);
		return;
	}
	if (n == 0) {
		vb_diag(p->d, VB_ERR_DATA_KEY, loc, "the key is empty");
		f->keybad = 1;
		value_error(p);
		return;
	}
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && tag == NULL &&
	    n == 2 && memcmp(text, "<<", 2) == 0) {
		if (f->merged) {
			vb_diag(p->d, VB_ERR_DATA_DUPKEY, loc, "<<");
			f->keybad = 1;
			value_error(p);
			return;
		}
		f->merge = f->merged = 1;
		return;
	}
	if ((f->key = vb_data_nfc(p->a, text, n, &nn)) == NULL) {
		vb_diag(p->d, VB_ERR_INTERNAL, loc, "ICU could not normalise "
		    "the key");
		f->keybad = 1;
		value_error(p);
		return;
	}
	if ((i = vb_mapb_find(&f->mb, f->key)) != VB_MAPB_NONE) {
		vb_diag(p->d, VB_ERR_DATA_DUPKEY, loc, "%s", f->key);
		vb_diag_note(p->d, vb_mapb_kloc(&f->mb, i),
		    "'%s' is first set here", f->key);
		f->keybad = 1;
		value_error(p);
	}
}

static struct vb_value *
read_scalar(struct parser *p, const yaml_event_t *ev, const struct vb_loc *loc)
{
	const char      *text = (const char *)ev->data.scalar.value;
	const char      *tag = (const char *)ev->data.scalar.tag;
	size_t           n = ev->data.scalar.length, nn;
	const char      *s;
	struct vb_value *v;

	if (tag != NULL && strcmp(tag, "!") != 0 &&
	    strcmp(tag, YAML_STR_TAG) != 0) {
		vb_diag(p->d, VB_ERR_YAML_TAG, loc, "%s", tag);
		value_error(p);
		return vb_value_null(p->a, loc);
	}
	if (memchr(text, '\0', n) != NULL) {
		vb_diag(p->d, VB_ERR_NUL, loc, "written as \\0 in a quoted "
		    "string");
		value_error(p);
		return vb_value_null(p->a, loc);
	}
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && tag == NULL) {
		if ((v = vb_yaml_plain(p->a, p->d, text, n, loc)) != NULL)
			return v;
		value_error(p);
		return vb_value_null(p->a, loc);
	}
	if ((s = vb_data_nfc(p->a, text, n, &nn)) == NULL) {
		vb_diag(p->d, VB_ERR_INTERNAL, loc, "ICU could not normalise "
		    "the text");
		value_error(p);
		return vb_value_null(p->a, loc);
	}
	return str_value(p->a, s, nn, loc);
}

static void
on_scalar(struct parser *p, const yaml_event_t *ev, const struct vb_loc *loc)
{
	struct frame    *f = p->depth > 0 ? &p->stack[p->depth - 1] : NULL;
	struct vb_value *v;

	if (ev->data.scalar.length > MAX_SCALAR) {
		vb_diag(p->d, VB_ERR_LIMIT, loc, "a scalar longer than %u bytes",
		    MAX_SCALAR);
		p->fatal = 1;
		p->nerr++;
		return;
	}
	if (add_nodes(p, 1, loc) == -1)
		return;
	if (f != NULL && f->v->type == VB_MAP && !f->havekey) {
		read_key(p, f, ev, loc);
		/* An anchored key can only be used as a value: its text. */
		if (ev->data.scalar.anchor != NULL)
			register_anchor(p, (const char *)ev->data.scalar.anchor,
			    f->key != NULL && !f->keybad && !f->merge ?
			    str_value(p->a, f->key, strlen(f->key), loc) :
			    vb_value_null(p->a, loc), 1);
		return;
	}
	v = read_scalar(p, ev, loc);
	if (ev->data.scalar.anchor != NULL)
		register_anchor(p, (const char *)ev->data.scalar.anchor, v, 1);
	add_value(p, v);
}

static void
on_alias(struct parser *p, const yaml_event_t *ev, const struct vb_loc *loc)
{
	struct frame    *f = p->depth > 0 ? &p->stack[p->depth - 1] : NULL;
	const char      *name = (const char *)ev->data.alias.anchor;
	struct vb_value *v;
	size_t           i;

	if (f != NULL && f->v->type == VB_MAP && !f->havekey) {
		vb_diag(p->d, VB_ERR_DATA_KEY, loc, "an alias (*%s) cannot be "
		    "a key", name);
		f->havekey = f->keybad = 1;
		value_error(p);
		return;
	}
	if ((i = vb_mapb_find(&p->amb, name)) == VB_MAPB_NONE) {
		vb_diag(p->d, VB_ERR_YAML_ALIAS, loc, "*%s (an anchor &%s must "
		    "come before, outside the value that uses it)", name, name);
		value_error(p);
		v = vb_value_null(p->a, loc);
	} else {
		if (add_nodes(p, p->aweight[i], loc) == -1)
			return;
		v = p->anchors->u.map.v[i];
	}
	add_value(p, v);
}

static void
on_start(struct parser *p, const yaml_event_t *ev, const struct vb_loc *loc)
{
	struct frame *top = p->depth > 0 ? &p->stack[p->depth - 1] : NULL;
	struct frame *f;
	int           ismap = ev->type == YAML_MAPPING_START_EVENT;
	const char   *tag, *anchor;

	if (ismap) {
		tag = (const char *)ev->data.mapping_start.tag;
		anchor = (const char *)ev->data.mapping_start.anchor;
	} else {
		tag = (const char *)ev->data.sequence_start.tag;
		anchor = (const char *)ev->data.sequence_start.anchor;
	}
	if (top != NULL && top->v->type == VB_MAP && !top->havekey) {
		vb_diag(p->d, VB_ERR_DATA_KEY, loc, "a %s cannot be a key",
		    ismap ? "map" : "list");
		p->fatal = 1;
		p->nerr++;
		return;
	}
	if (p->depth == MAX_DEPTH) {
		vb_diag(p->d, VB_ERR_LIMIT, loc, "lists and maps nested deeper "
		    "than %d levels", MAX_DEPTH);
		p->fatal = 1;
		p->nerr++;
		return;
	}
	if (add_nodes(p, 1, loc) == -1)
		return;
	f = &p->stack[p->depth++];
	memset(f, 0, sizeof(*f));
	f->v = ismap ? vb_value_map(p->a, loc) : vb_value_list(p->a, loc);
	vb_mapb_init(&f->mb, f->v);
	f->nodes0 = p->nodes - 1;
	if (anchor != NULL)
		f->anchor = vb_xstrdup(anchor);
	if (tag != NULL && strcmp(tag, "!") != 0 &&
	    strcmp(tag, ismap ? YAML_MAP_TAG : YAML_SEQ_TAG) != 0) {
		vb_diag(p->d, VB_ERR_YAML_TAG, loc, "%s", tag);
		value_error(p);
	}
}

static void
free_frame(struct frame *f)
{
	vb_mapb_free(&f->mb);
	free(f->anchor);
	free(f->merges);
	f->anchor = NULL;
	f->merges = NULL;
}

static void
on_end(struct parser *p)
{
	struct frame    *f = &p->stack[p->depth - 1];
	struct vb_value *v = f->v;

	if (f->nmerges > 0)
		apply_merges(p, f);
	if (f->anchor != NULL)
		register_anchor(p, f->anchor, v, p->nodes - f->nodes0);
	free_frame(f);
	p->depth--;
	add_value(p, v);
}

/* A hint for libyaml's most puzzling messages, or "". */
static const char *
hint(const char *problem)
{
	static const struct {
		const char *problem, *hint;
	} hints[] = {
		{ "mapping values are not allowed in this context",
		  " (check this line's indentation, or quote a value that "
		  "holds ': ')" },
		{ "did not find expected key",
		  " (check this line's indentation)" },
		{ "found character that cannot start any token",
		  " (indent with spaces, not tabs; quote a value that starts "
		  "with @, ` or %)" },
		{ "found a tab character that violates indentation",
		  " (indent with spaces, not tabs)" },
	};
	size_t i;

	for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		if (strcmp(problem, hints[i].problem) == 0)
			return hints[i].hint;
	return "";
}

/* Reports libyaml's error in its own words, at our line:col. */
static void
yaml_error(struct parser *p, const yaml_parser_t *yp)
{
	struct vb_loc loc = { p->src->id, 0, 1, NULL };
	struct vb_loc ctx = { p->src->id, 0, 1, NULL };
	const char   *problem = yp->problem ? yp->problem : "unknown problem";

	p->fatal = 1;
	p->nerr++;
	switch (yp->error) {
	case YAML_MEMORY_ERROR:
		vb_diag(p->d, VB_ERR_INTERNAL, NULL, "libyaml: out of memory");
		return;
	case YAML_READER_ERROR:
		/* problem_offset counts bytes from the start of the input. */
		loc.off = (uint32_t)(p->base + (yp->problem_offset < p->len ?
		    yp->problem_offset : p->len));
		if (yp->problem_value != -1)
			vb_diag(p->d, VB_ERR_YAML, &loc, "%s (#x%X)", problem,
			    (unsigned)yp->problem_value);
		else
			vb_diag(p->d, VB_ERR_YAML, &loc, "%s", problem);
		return;
	default:
		break;
	}
	loc.off = mark_off(p, yp->problem_mark.index);
	if (yp->context == NULL) {
		vb_diag(p->d, VB_ERR_YAML, &loc, "%s%s", problem, hint(problem));
		return;
	}
	ctx.off = mark_off(p, yp->context_mark.index);
	if (yp->problem_mark.index >= p->ncp) {
		/* "found unexpected end of stream": show where it began. */
		vb_diag(p->d, VB_ERR_YAML, &ctx, "%s %s", problem, yp->context);
		return;
	}
	vb_diag(p->d, VB_ERR_YAML, &loc, "%s %s%s", problem, yp->context,
	    hint(problem));
	if (yp->context_mark.line != yp->problem_mark.line)
		vb_diag_note(p->d, &ctx, "%s", yp->context);
}

/* Checks the bytes before libyaml sees them: UTF-8, NUL, size. */
static int
check_input(struct parser *p)
{
	const char   *s = p->src->data + p->base;
	struct vb_loc loc = { p->src->id, 0, 1, NULL };
	size_t        bad;
	const char   *nul;

	if (p->len > MAX_INPUT) {
		loc.off = (uint32_t)p->base;
		vb_diag(p->d, VB_ERR_LIMIT, &loc, "YAML longer than %u MiB",
		    MAX_INPUT >> 20);
		return -1;
	}
	if ((bad = vb_utf8_check(s, p->len)) != p->len) {
		loc.off = (uint32_t)(p->base + bad);
		vb_diag(p->d, VB_ERR_UTF8, &loc, "byte 0x%02X",
		    (unsigned char)s[bad]);
		return -1;
	}
	if ((nul = memchr(s, '\0', p->len)) != NULL) {
		loc.off = (uint32_t)(p->base + (size_t)(nul - s));
		vb_diag(p->d, VB_ERR_NUL, &loc, NULL);
		return -1;
	}
	p->ncp = vb_utf8_count(s, p->len);
	return 0;
}

int
vb_yaml_parse(struct vb_src *src, size_t off, size_t len, struct vb_arena *a,
    struct vb_diag *d, struct vb_value **out)
{
	struct parser  p;
	yaml_parser_t  yp;
	yaml_event_t   ev;
	struct vb_loc  loc;
	int            rc = -1, done = 0, yinit = 0;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.src = src;
	p.base = off;
	p.len = len;
	p.a = a;
	p.d = d;
	vb_arena_init(&p.scratch);
	p.anchors = vb_value_map(&p.scratch, NULL);
	vb_mapb_init(&p.amb, p.anchors);
	/* libyaml skips a BOM without counting it in its marks. */
	if (p.len >= 3 && memcmp(src->data + off, "\xEF\xBB\xBF", 3) == 0) {
		p.base += 3;
		p.len -= 3;
	}
	if (check_input(&p) == -1)
		goto out;
	if (!yaml_parser_initialize(&yp)) {
		vb_diag(d, VB_ERR_INTERNAL, NULL, "libyaml: out of memory");
		goto out;
	}
	yinit = 1;
	yaml_parser_set_input_string(&yp,
	    (const unsigned char *)src->data + p.base, p.len);
	yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
	while (!done && !p.fatal) {
		if (!yaml_parser_parse(&yp, &ev)) {
			yaml_error(&p, &yp);
			break;
		}
		mark_loc(&p, &ev.start_mark, &ev.end_mark, &loc);
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++p.ndocs > 1) {
				vb_diag(d, VB_ERR_YAML_DOCS, &loc, "a data file "
				    "holds one document: remove this '---' or "
				    "split the file");
				p.fatal = 1;
				p.nerr++;
			}
			break;
		case YAML_ALIAS_EVENT:
			on_alias(&p, &ev, &loc);
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&p, &ev, &loc);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			on_start(&p, &ev, &loc);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(&p);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	if (p.nerr > 0)
		goto out;
	if (!p.haveroot) {
		loc.src = src->id;
		loc.off = (uint32_t)off;
		loc.len = 0;
		loc.cell = NULL;
		p.root = vb_value_null(a, &loc);
	}
	*out = p.root;
	rc = 0;
out:
	while (p.depth > 0)
		free_frame(&p.stack[--p.depth]);
	if (yinit)
		yaml_parser_delete(&yp);
	vb_mapb_free(&p.amb);
	free(p.aweight);
	vb_arena_free(&p.scratch);
	return rc;
}

/* ---- plain scalars ------------------------------------------------------ */

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* Length of the run of digits at s[i..n). */
static size_t
digits(const char *s, size_t i, size_t n)
{
	size_t k = i;

	while (k < n && isdig((unsigned char)s[k]))
		k++;
	return k - i;
}

static int
eq(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

static int
one_of(const char *s, size_t n, const char *const *words)
{
	for (; *words != NULL; words++)
		if (eq(s, n, *words))
			return 1;
	return 0;
}

/* 2.300, -12.500.000: 1–3 digits (not a lone 0) then .ddd groups. */
static int
thousands_dots(const char *s, size_t n)
{
	size_t i = 0, k;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	k = digits(s, i, n);
	if (k < 1 || k > 3 || s[i] == '0')
		return 0;
	i += k;
	if (i == n)
		return 0;
	while (i < n) {
		if (s[i] != '.' || digits(s, i + 1, n) != 3)
			return 0;
		i += 4;
	}
	return 1;
}

/* 93,6  1,000  2.152,5: digits with a comma among them. */
static int
decimal_comma(const char *s, size_t n)
{
	size_t i = 0;
	int    comma = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i >= n || !isdig((unsigned char)s[i]) ||
	    !isdig((unsigned char)s[n - 1]))
		return 0;
	for (; i < n; i++) {
		if (s[i] == ',')
			comma = 1;
		else if (s[i] != '.' && !isdig((unsigned char)s[i]))
			return 0;
	}
	return comma;
}

/*
 * The YAML 1.2 core float/int forms: [-+]? ( .D+ | D+ ( .D* )? )
 * ( [eE] [-+]? D+ )?. Sets *is_int when there is neither fraction nor
 * exponent and *int_start to where the integer digits begin.
 */
static int
decimal(const char *s, size_t n, int *is_int, size_t *int_start)
{
	size_t i = 0, k, f = 0;

	*is_int = 1;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	*int_start = i;
	k = digits(s, i, n);
	i += k;
	if (i < n && s[i] == '.') {
		*is_int = 0;
		f = digits(s, i + 1, n);
		i += 1 + f;
	}
	if (k == 0 && f == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		*is_int = 0;
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		if ((k = digits(s, i, n)) == 0)
			return 0;
		i += k;
	}
	return i == n;
}

/* Reads 0xHHH or 0oOOO from s[0..n) (digits checked). */
static int
radix(struct vb_diag *d, const char *s, size_t n, int base,
    const struct vb_loc *loc, double *v)
{
	double x = 0;
	size_t i;
	int    c;

	for (i = 2; i < n; i++) {
		c = (unsigned char)s[i];
		c = isdig(c) ? c - '0' : (c | 0x20) - 'a' + 10;
		x = x * base + c;
	}
	if (x >= 9007199254740992.0) {
		vb_diag(d, VB_ERR_DATA_NUM, loc, "%.*s is 2^53 or more, beyond "
		    "what a number keeps exactly: quote it if it is an account "
		    "or code number", (int)n, s);
		return -1;
	}
	*v = x;
	return 0;
}

static int
all_in(const char *s, size_t n, const char *set)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr(set, s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

/*
 * Numbers: returns 1 with *out set (NULL after an error), or 0 if s is
 * not a number at all.
 */
static int
number(struct vb_arena *a, struct vb_diag *d, const char *s, size_t n,
    const struct vb_loc *loc, struct vb_value **out)
{
	static const char *const special[] = {
		".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
		"-.Inf", "-.INF", ".nan", ".NaN", ".NAN", NULL
	};
	char   *lit;
	double  v;
	int     is_int;
	size_t  is;

	*out = NULL;
	if (one_of(s, n, special)) {
		vb_diag(d, VB_ERR_DATA_NUM, loc, "%.*s is not a finite number: "
		    "quote it to keep it as text", (int)n, s);
		return 1;
	}
	if (thousands_dots(s, n)) {
		vb_diag(d, VB_ERR_DATA_AMBIG, loc, "%.*s could be read as a "
		    "thousands separator or a decimal point: write it without "
		    "dots (2300) or as a decimal (2.3), or quote it",
		    (int)n, s);
		return 1;
	}
	if (decimal_comma(s, n)) {
		vb_diag(d, VB_ERR_DATA_AMBIG, loc, "%.*s has a comma: write a "
		    "decimal with a dot (93.6) and no thousands separator "
		    "(2300), or quote it", (int)n, s);
		return 1;
	}
	if (n > 2 && s[0] == '0' && s[1] == 'x' && all_in(s + 2, n - 2,
	    "0123456789abcdefABCDEF")) {
		if (radix(d, s, n, 16, loc, &v) == 0)
			goto ok;
		return 1;
	}
	if (n > 2 && s[0] == '0' && s[1] == 'o' && all_in(s + 2, n - 2,
	    "01234567")) {
		if (radix(d, s, n, 8, loc, &v) == 0)
			goto ok;
		return 1;
	}
	if (!decimal(s, n, &is_int, &is))
		return 0;
	if (digits(s, is, n) > 1 && s[is] == '0') {
		vb_diag(d, VB_ERR_DATA_AMBIG, loc, "%.*s starts with 0: quote "
		    "it if it is a code or a phone number, or drop the 0",
		    (int)n, s);
		return 1;
	}
	if (vb_data_strtod(d, s, n, is_int, loc, &v) == -1)
		return 1;
ok:
	lit = vb_arena_strndup(a, s, n);
	*out = vb_value_num(a, v, NULL, loc);
	(*out)->u.num.lit = lit;
	return 1;
}

/* Reads exactly k (or, with flex, 1..k) digits at s[*i]; -1 if absent. */
static int
field(const char *s, size_t n, size_t *i, size_t k, int flex)
{
	size_t m = digits(s, *i, n);
	int    v = 0;

	if (m == 0 || m > k || (!flex && m != k))
		return -1;
	while (m-- > 0)
		v = v * 10 + (s[(*i)++] - '0');
	return v;
}

/*
 * Dates: returns 1 with *out set (NULL after an error), or 0 if s does
 * not look like a date.
 */
static int
date(struct vb_arena *a, struct vb_diag *d, const char *s, size_t n,
    const struct vb_loc *loc, struct vb_value **out)
{
	size_t i = 0;
	int    y, m, dd, hh, mm, ss = 0;

	*out = NULL;
	/* 06/9/2023: day/month/year, the way letters print dates. */
	if ((dd = field(s, n, &i, 2, 1)) >= 0 && i < n && s[i++] == '/' &&
	    (m = field(s, n, &i, 2, 1)) >= 0 && i < n && s[i++] == '/' &&
	    (y = field(s, n, &i, 4, 0)) >= 0 && i == n) {
		vb_diag(d, VB_ERR_DATA_DATE, loc, "%.*s is written day/month/"
		    "year: write %04d-%02d-%02d (năm-tháng-ngày), or quote it "
		    "to keep it as text", (int)n, s, y, m, dd);
		return 1;
	}
	i = 0;
	if ((y = field(s, n, &i, 4, 0)) < 0 || i >= n || s[i++] != '-' ||
	    (m = field(s, n, &i, 2, 1)) < 0 || i >= n || s[i++] != '-' ||
	    (dd = field(s, n, &i, 2, 1)) < 0)
		return 0;
	if (i < n) {
		/* A time must follow, after T or blanks; else it is text. */
		if (s[i] == 'T' || s[i] == 't')
			i++;
		else if (s[i] == ' ' || s[i] == '\t')
			while (i < n && (s[i] == ' ' || s[i] == '\t'))
				i++;
		else
			return 0;
		if (i >= n || !isdig((unsigned char)s[i]))
			return 0;
		if ((hh = field(s, n, &i, 2, 1)) < 0 || i >= n ||
		    s[i++] != ':' || (mm = field(s, n, &i, 2, 0)) < 0 ||
		    (i < n && (s[i++] != ':' ||
		    (ss = field(s, n, &i, 2, 0)) < 0)) || i != n ||
		    hh > 23 || mm > 59 || ss != 0) {
			vb_diag(d, VB_ERR_DATA_DATE, loc, "%.*s: write a date "
			    "and time as 2023-09-18 08:00 (no seconds, no time "
			    "zone)", (int)n, s);
			return 1;
		}
	} else
		hh = mm = -1;
	if (!vb_date_valid(y, m, dd)) {
		vb_diag(d, VB_ERR_DATA_DATE, loc, "%.*s is not a day of the "
		    "calendar", (int)n, s);
		return 1;
	}
	*out = vb_value_date(a, y, m, dd, loc);
	if (hh >= 0) {
		(*out)->u.date.hh = hh;
		(*out)->u.date.mm = mm;
		(*out)->u.date.has_time = 1;
	}
	return 1;
}

struct vb_value *
vb_yaml_plain(struct vb_arena *a, struct vb_diag *d, const char *s, size_t n,
    const struct vb_loc *loc)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	struct vb_value *v;
	const char      *t;
	size_t           tn;

	if (n == 0 || one_of(s, n, nulls))
		return vb_value_null(a, loc);
	if (one_of(s, n, trues))
		return vb_value_bool(a, 1, loc);
	if (one_of(s, n, falses))
		return vb_value_bool(a, 0, loc);
	if (number(a, d, s, n, loc, &v) || date(a, d, s, n, loc, &v))
		return v;
	if ((t = vb_data_nfc(a, s, n, &tn)) == NULL) {
		vb_diag(d, VB_ERR_INTERNAL, loc, "ICU could not normalise the "
		    "text");
		return NULL;
	}
	return str_value(a, t, tn, loc);
}
