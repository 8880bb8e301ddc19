/* front.c — split YAML front matter from the Markdown body of a template. */
#include <string.h>

#include "front.h"

/* Is s[0..n) the fence text f followed only by blanks (and a CR)? */
static int
is_fence(const char *s, size_t n, const char *f)
{
	size_t k = strlen(f);

	if (n < k || memcmp(s, f, k) != 0)
		return 0;
	for (; k < n; k++)
		if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r')
			return 0;
	return 1;
}

static struct vb_loc
mkloc(const struct vb_src *src, size_t off, size_t len)
{
	struct vb_loc l = { src->id, (uint32_t)off, (uint32_t)len, NULL };

	return l;
}

int
vb_front_split(struct vb_src *src, struct vb_diag *d, struct vb_front *out)
{
	const char *s = src->data;
	size_t      n = src->len, off = 0, bad, eol, start, k;
	uint32_t    cp;
	struct vb_loc loc;

	memset(out, 0, sizeof(*out));
	if ((bad = vb_utf8_check(s, n)) != n) {
		loc = mkloc(src, bad, 1);
		vb_diag(d, VB_ERR_UTF8, &loc, NULL);
		return -1;
	}
	if ((bad = strlen(s)) != n) {
		loc = mkloc(src, bad, 1);
		vb_diag(d, VB_ERR_NUL, &loc, NULL);
		return -1;
	}
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	eol = off;
	while (eol < n && s[eol] != '\n')
		eol++;
	out->open = mkloc(src, off, eol - off);
	if (strncmp(s + off, "---", 3) != 0) {
		loc = mkloc(src, off, 0);
		vb_diag(d, VB_ERR_FM_MISSING, &loc, NULL);
		return -1;
	}
	if (!is_fence(s + off, eol - off, "---")) {
		loc = mkloc(src, off + 3, eol - off - 3);
		vb_diag(d, VB_ERR_FM_OPEN, &loc,
		    "the first line must be exactly \"---\"");
		return -1;
	}
	out->fm_off = eol < n ? eol + 1 : n;
	for (start = out->fm_off; start < n; start = eol + 1) {
		eol = start;
		while (eol < n && s[eol] != '\n')
			eol++;
		if (is_fence(s + start, eol - start, "---") ||
		    is_fence(s + start, eol - start, "...")) {
			out->fm_len = start - out->fm_off;
			out->body_off = eol < n ? eol + 1 : n;
			out->body_len = n - out->body_off;
			break;
		}
		if (eol >= n) {
			start = n;
			break;
		}
	}
	if (start >= n) {
		vb_diag(d, VB_ERR_FM_UNCLOSED, &out->open,
		    "add a line \"---\" after the last key");
		return -1;
	}
	/* The sentinel planes belong to the template language. */
	for (k = out->fm_off; k < out->fm_off + out->fm_len; ) {
		size_t m = vb_utf8_decode(s + k, n - k, &cp);

		if (m == 0)
			m = 1;
		else if (cp >= 0xF0000u) {
			loc = mkloc(src, k, m);
			vb_diag(d, VB_ERR_FM_RESERVED, &loc, "U+%04X", cp);
			return -1;
		}
		k += m;
	}
	return 0;
}
