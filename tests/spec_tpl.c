/*
 * spec_tpl.c — handlers for tests/spec/tpl.txt, filters.txt, tables.txt
 * and errors.txt: the template language.
 *
 * Input: a template (the source "t.md"), then optionally a line
 * "--- data" and YAML data (the source "data.yaml"; flag "json" reads
 * JSON, as "data.json"). Output: the diagnostics, exactly as printed,
 * then, if evaluation succeeded, the expanded Markdown with every slot
 * shown as ⟦n:text⟧ (tpl, filters), or that and a text rendering of each
 * table (tables). errors prints the diagnostics only ("ok" if none).
 *
 * Flags: "json" (data is JSON), "string" (vb_tpl_render_string: plain
 * text, no slots), "expr" (vb_tpl_eval_expr: prints "type: text"),
 * "map" (also prints the source map: md offset → t.md line:col),
 * "slots" (also prints each slot's data location).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_run.h"
#include "data.h"
#include "diag.h"
#include "tpl.h"
#include "vi.h"

enum mode { M_TPL, M_TABLES, M_ERRORS };

static int
has_flag(const char *flags, const char *f)
{
	const char *p = flags;
	size_t      n = strlen(f);

	while ((p = strstr(p, f)) != NULL) {
		if ((p == flags || p[-1] == ' ' || p[-1] == '\n') &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == '\n'))
			return 1;
		p += n;
	}
	return 0;
}

static void
dump_value(struct vb_vi *vi, const struct vb_value *v, struct vb_buf *out)
{
	vb_buf_printf(out, "%s: ", vb_value_type_name(v->type));
	switch (v->type) {
	case VB_NUM:
		if (v->u.num.lit != NULL)
			vb_buf_printf(out, "%s (literal)", v->u.num.lit);
		else
			vi_number(vi, v->u.num.v, -1, out);
		break;
	case VB_STR:
		vb_buf_put(out, v->u.str.s, v->u.str.len);
		break;
	case VB_BOOL:
		vb_buf_puts(out, v->u.b ? "true" : "false");
		break;
	case VB_LIST:
		vb_buf_printf(out, "%zu items", v->u.list.n);
		break;
	case VB_MAP:
		vb_buf_printf(out, "%zu keys", v->u.map.n);
		break;
	case VB_DATE:
		vb_buf_printf(out, "%04d-%02d-%02d", v->u.date.y, v->u.date.m,
		    v->u.date.d);
		break;
	default:
		break;
	}
	vb_buf_putc(out, '\n');
}

static void
run(const char *input, const char *flags, struct vb_buf *out, enum mode m)
{
	struct vb_srcset  ss;
	struct vb_diag    d;
	struct vb_arena   a;
	struct vb_src    *ts, *ds = NULL;
	struct vb_value  *data = NULL, *v;
	struct vb_tpl    *t;
	struct vb_merged  mg;
	struct vb_vi     *vi;
	char             *dbuf = NULL, *tbuf;
	size_t            tlen, dsz = 0, i;
	const char       *sep, *s;
	FILE             *err;
	int               json = has_flag(flags, "json"), ok = 0;

	vb_srcset_init(&ss);
	vb_arena_init(&a);
	err = open_memstream(&dbuf, &dsz);
	vb_diag_init(&d, &ss, err);
	sep = strstr(input, "--- data\n");
	if (sep != NULL && sep != input && sep[-1] != '\n')
		sep = NULL;
	tlen = sep != NULL ? (size_t)(sep - input) : strlen(input);
	tbuf = vb_xstrndup(input, tlen);
	ts = vb_srcset_add(&ss, "t.md", tbuf, tlen);
	if (sep != NULL) {
		s = sep + strlen("--- data\n");
		ds = vb_srcset_add(&ss, json ? "data.json" : "data.yaml",
		    vb_xstrdup(s), strlen(s));
		if ((json ? vb_json_parse : vb_yaml_parse)(ds, 0, ds->len, &a,
		    &d, &data) == -1)
			goto out;
	}
	if ((vi = vi_open(&d)) == NULL)
		goto out;
	if (has_flag(flags, "string")) {
		if (vb_tpl_render_string(ts, 0, ts->len, data, vi, &a, &d,
		    &s) == 0) {
			vb_buf_puts(out, s);
			ok = 1;
		}
	} else if (has_flag(flags, "expr")) {
		/* One expression per line. */
		size_t p = 0, e;

		while (p < ts->len) {
			for (e = p; e < ts->len && ts->data[e] != '\n'; e++)
				;
			if (vb_tpl_eval_expr(ts, p, e - p, data, vi, &a, &d,
			    &v) == 0)
				dump_value(vi, v, out);
			p = e + 1;
		}
		ok = 1;
	} else if (vb_tpl_parse(ts, 0, ts->len, &a, &d, &t) == 0 &&
	    vb_tpl_eval(t, data, vi, &a, &d, &mg) == 0) {
		ok = 1;
		if (m != M_ERRORS) {
			vb_merged_dump(&mg, out);
			if (mg.md.cap != 0 || mg.md.data[mg.md.len] != '\0')
				vb_buf_puts(out, "!!! md not NUL-terminated in "
				    "the arena\n");
		}
		for (i = 0; m == M_TABLES && i < mg.nslots; i++)
			if (mg.slots[i].table != NULL) {
				vb_buf_printf(out, "--- slot %zu\n", i);
				vb_table_dump(mg.slots[i].table, out);
			}
		if (has_flag(flags, "slots"))
			for (i = 0; i < mg.nslots; i++) {
				struct vb_buf b = VB_BUF_INIT;

				vb_loc_format(&ss, &mg.slots[i].loc, &b);
				vb_buf_puts(&b, " ← ");
				if (vb_loc_format(&ss, &mg.slots[i].data_loc,
				    &b) == -1)
					vb_buf_puts(&b, "-");
				vb_buf_printf(out, "slot %zu: %s\n", i, b.data);
				vb_buf_free(&b);
			}
		if (has_flag(flags, "map"))
			for (i = 0; i < mg.md.len; i++) {
				struct vb_loc l;
				struct vb_buf b = VB_BUF_INIT;

				if ((mg.md.data[i] & 0xC0) == 0x80)
					continue;
				if (vb_merged_loc(&mg, i, &l) == -1)
					vb_buf_puts(&b, "-");
				else
					vb_loc_format(&ss, &l, &b);
				vb_buf_printf(out, "%zu %s\n", i, b.data);
				vb_buf_free(&b);
			}
	}
	vi_close(vi);
out:
	fclose(err);
	if (dsz > 0) {
		/* Diagnostics first, then the output. */
		struct vb_buf both = VB_BUF_INIT;

		vb_buf_put(&both, dbuf, dsz);
		if (out->len > 0)
			vb_buf_put(&both, out->data, out->len);
		vb_buf_reset(out);
		vb_buf_put(out, both.data, both.len);
		vb_buf_free(&both);
	}
	if (m == M_ERRORS) {
		vb_buf_reset(out);
		if (dsz > 0)
			vb_buf_put(out, dbuf, dsz);
		else if (ok)
			vb_buf_puts(out, "ok\n");
	}
	free(dbuf);
	vb_arena_free(&a);
	vb_srcset_free(&ss);
}

static void
run_tpl(const char *input, const char *flags, struct vb_buf *out)
{
	run(input, flags, out, M_TPL);
}

static void
run_tables(const char *input, const char *flags, struct vb_buf *out)
{
	run(input, flags, out, M_TABLES);
}

static void
run_errors(const char *input, const char *flags, struct vb_buf *out)
{
	run(input, flags, out, M_ERRORS);
}

const struct spec_handler spec_tpl = { "tpl", run_tpl };
const struct spec_handler spec_filters = { "filters", run_tpl };
const struct spec_handler spec_tables = { "tables", run_tables };
const struct spec_handler spec_errors = { "errors", run_errors };
