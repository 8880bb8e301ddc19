/* t_diag.c — the exact text of diagnostics, caret line included. */
#include <stdlib.h>

#include "diag.h"
#include "unit.h"

/* Runs f with a diag writing to memory; returns what it printed. */
static char *
capture(struct vb_srcset *ss, void (*f)(struct vb_diag *), int *exitc)
{
	struct vb_diag d;
	char          *text = NULL;
	size_t         len = 0;
	FILE          *mem = open_memstream(&text, &len);

	vb_diag_init(&d, ss, mem);
	f(&d);
	*exitc = vb_diag_exit(&d);
	fclose(mem);
	return text;
}

static struct vb_srcset ss;

static void
one_error(struct vb_diag *d)
{
	/* The filter name "so_tien" in line 2. */
	struct vb_loc loc = { 1, 0, 7, NULL };

	loc.off = (uint32_t)(strstr(vb_srcset_get(&ss, 1)->data, "so_tien") -
	    vb_srcset_get(&ss, 1)->data);
	vb_diag(d, VB_ERR_LIMIT, &loc, "filter %s", "so_tien");
}

static void
cell_note(struct vb_diag *d)
{
	struct vb_loc cell = { 2, 0, 0, "Tổng hợp!C7" };

	vb_diag(d, VB_WARN_GENERIC, NULL, "rate above 100%%");
	vb_diag_note(d, &cell, "the value comes from here");
}

static void
tab_line(struct vb_diag *d)
{
	struct vb_loc loc = { 3, 3, 2, NULL };

	vb_diag(d, VB_ERR_UTF8, &loc, NULL);
}

int
main(void)
{
	char *out;
	int   ex;

	vb_srcset_init(&ss);
	vb_srcset_add(&ss, "kh.md", vb_xstrdup("---\nSố: {{ n | so_tien }}\n"),
	    strlen("---\nSố: {{ n | so_tien }}\n"));
	vb_srcset_add(&ss, "units.xlsx", vb_xstrdup(""), 0);
	vb_srcset_add(&ss, "t.md", vb_xstrdup("\tx\tyz"), 5);

	out = capture(&ss, one_error, &ex);
	STR_EQ(out,
	    "vanban: kh.md:2:12: error: limit exceeded: filter so_tien\n"
	    "     2 | Số: {{ n | so_tien }}\n"
	    "       |            ^~~~~~~\n",
	    "error with caret and underline");
	INT_EQ(ex, 1, "an error exits 1");
	free(out);

	out = capture(&ss, cell_note, &ex);
	STR_EQ(out,
	    "vanban: warning: warning: rate above 100%\n"
	    "vanban: units.xlsx:Tổng hợp!C7: note: the value comes from here\n",
	    "warning with a cell note");
	INT_EQ(ex, 0, "a warning alone exits 0");
	free(out);

	out = capture(&ss, tab_line, &ex);
	STR_EQ(out,
	    "vanban: t.md:1:4: error: invalid UTF-8 (mã UTF-8 hỏng)\n"
	    "     1 | \tx\tyz\n"
	    "       | \t \t^~\n",
	    "tabs are kept so the caret lines up");
	free(out);

	INT_EQ(vb_diag_sev(VB_ERR_READ), VB_SEV_SYSERR, "catalogue severity");
	STR_EQ(vb_diag_name(VB_ERR_UTF8), "VB_ERR_UTF8", "catalogue name");
	vb_srcset_free(&ss);
	return unit_done("t_diag");
}
