/* diag.c — print diagnostics as file:line:col: severity: message. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

struct entry {
	const char  *name;
	enum vb_sev  sev;
	const char  *msg;
};

static const struct entry catalogue[] = {
#define VB_E(code, sev, msg) { #code, sev, msg },
#include "diag_core.def"
#include "diag_vi.def"
#include "diag_data.def"
#include "diag_sheet.def"
#include "diag_tpl.def"
#include "diag_doc.def"
#include "diag_out.def"
#include "diag_reg.def"
#undef VB_E
};

_Static_assert(sizeof(catalogue) / sizeof(catalogue[0]) == VB_ERR__MAX,
    "catalogue out of step with enum vb_err");

static const char *const sevnames[] = {
	"none", "warning", "error", "error"
};

void
vb_diag_init(struct vb_diag *d, const struct vb_srcset *srcs, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->srcs = srcs;
	d->out = out;
}

enum vb_sev
vb_diag_sev(enum vb_err code)
{
	return code < VB_ERR__MAX ? catalogue[code].sev : VB_SEV_SYSERR;
}

const char *
vb_diag_msg(enum vb_err code)
{
	return code < VB_ERR__MAX ? catalogue[code].msg : "unknown error";
}

const char *
vb_diag_name(enum vb_err code)
{
	return code < VB_ERR__MAX ? catalogue[code].name : "?";
}

int
vb_loc_format(const struct vb_srcset *ss, const struct vb_loc *loc,
    struct vb_buf *b)
{
	struct vb_src *s;
	unsigned       line, col;

	if (loc == NULL || ss == NULL ||
	    (s = vb_srcset_get(ss, loc->src)) == NULL)
		return -1;
	if (loc->cell != NULL) {
		vb_buf_printf(b, "%s:%s", s->name, loc->cell);
		return 0;
	}
	vb_src_linecol(s, loc->off, &line, &col);
	vb_buf_printf(b, "%s:%u:%u", s->name, line, col);
	return 0;
}

/*
 * The quoted line and the caret underline, as jq prints them:
 *    12 | {{ x | so_tien }}
 *       |        ^~~~~~~
 */
static void
excerpt(struct vb_buf *b, struct vb_src *s, const struct vb_loc *loc)
{
	size_t   start, len, i, end, k;
	unsigned line, col;
	uint32_t cp;

	vb_src_line(s, loc->off, &start, &len);
	vb_src_linecol(s, loc->off, &line, &col);
	/* Do not quote lines that are not valid text. */
	if (vb_utf8_check(s->data + start, len) != len || len > 400)
		return;
	vb_buf_printf(b, " %5u | ", line);
	vb_buf_put(b, s->data + start, len);
	vb_buf_puts(b, "\n       | ");
	for (i = start; i < loc->off && i < start + len; i += k) {
		if ((k = vb_utf8_decode(s->data + i, start + len - i, &cp)) == 0)
			k = 1;
		vb_buf_putc(b, cp == '\t' ? '\t' : ' ');
	}
	vb_buf_putc(b, '^');
	end = loc->off + (loc->len ? loc->len : 1);
	if (end > start + len)
		end = start + len;
	/* One '~' per further code point of the range on this line. */
	for (i = loc->off; i < end; i += k) {
		if ((k = vb_utf8_decode(s->data + i, end - i, &cp)) == 0)
			k = 1;
		if (i > loc->off)
			vb_buf_putc(b, '~');
	}
	vb_buf_putc(b, '\n');
}

static void
emit(struct vb_diag *d, const char *sev, const struct vb_loc *loc,
    const char *msg, const char *fmt, va_list ap, int quote)
{
	struct vb_buf  b = VB_BUF_INIT;
	struct vb_src *s = NULL;

	vb_buf_puts(&b, "vanban: ");
	if (loc != NULL && d->srcs != NULL)
		s = vb_srcset_get(d->srcs, loc->src);
	if (vb_loc_format(d->srcs, loc, &b) == 0)
		vb_buf_puts(&b, ": ");
	vb_buf_printf(&b, "%s: ", sev);
	if (msg != NULL)
		vb_buf_puts(&b, msg);
	if (fmt != NULL) {
		if (msg != NULL)
			vb_buf_puts(&b, ": ");
		vb_buf_vprintf(&b, fmt, ap);
	}
	vb_buf_putc(&b, '\n');
	if (quote && s != NULL && loc->cell == NULL)
		excerpt(&b, s, loc);
	if (!d->quiet && d->out != NULL) {
		fwrite(b.data, 1, b.len, d->out);
		fflush(d->out);
	}
	vb_buf_free(&b);
}

void
vb_diag(struct vb_diag *d, enum vb_err code, const struct vb_loc *loc,
    const char *fmt, ...)
{
	enum vb_sev sev = vb_diag_sev(code);
	va_list     ap;

	if (sev == VB_SEV_WARNING) {
		d->nwarnings++;
		if (d->strict)
			sev = VB_SEV_ERROR;
	}
	if (sev >= VB_SEV_ERROR)
		d->nerrors++;
	if (sev > d->worst)
		d->worst = sev;
	va_start(ap, fmt);
	emit(d, sevnames[sev], loc, vb_diag_msg(code), fmt, ap, 1);
	va_end(ap);
}

void
vb_diag_note(struct vb_diag *d, const struct vb_loc *loc, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(d, "note", loc, NULL, fmt, ap, 0);
	va_end(ap);
}

int
vb_diag_failed(const struct vb_diag *d)
{
	return d->worst >= VB_SEV_ERROR;
}

int
vb_diag_exit(const struct vb_diag *d)
{
	return vb_diag_failed(d) ? 1 : 0;
}
