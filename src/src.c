/* src.c — loaded sources and the offset -> line:column map (jq locfile). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vb.h"

void
vb_srcset_init(struct vb_srcset *ss)
{
	ss->v = vb_xcalloc(1, sizeof(*ss->v));
	ss->n = 1;
}

void
vb_srcset_free(struct vb_srcset *ss)
{
	size_t i;

	for (i = 1; i < ss->n; i++) {
		free(ss->v[i]->name);
		free(ss->v[i]->data);
		free(ss->v[i]->lines);
		free(ss->v[i]);
	}
	free(ss->v);
	ss->v = NULL;
	ss->n = 0;
}

struct vb_src *
vb_srcset_add(struct vb_srcset *ss, const char *name, char *data, size_t len)
{
	struct vb_src *s = vb_xcalloc(1, sizeof(*s));

	s->id = (int)ss->n;
	s->name = vb_xstrdup(name);
	s->data = vb_xrealloc(data, len + 1);
	s->data[len] = '\0';
	s->len = len;
	ss->v = vb_xrealloc(ss->v, (ss->n + 1) * sizeof(*ss->v));
	ss->v[ss->n++] = s;
	return s;
}

struct vb_src *
vb_srcset_get(const struct vb_srcset *ss, int id)
{
	if (id <= 0 || (size_t)id >= ss->n)
		return NULL;
	return ss->v[id];
}

static void
build_lines(struct vb_src *s)
{
	size_t i, n = 1;

	if (s->lines != NULL)
		return;
	for (i = 0; i < s->len; i++)
		if (s->data[i] == '\n')
			n++;
	s->lines = vb_xmalloc(n * sizeof(*s->lines));
	s->lines[0] = 0;
	s->nlines = 1;
	for (i = 0; i < s->len; i++)
		if (s->data[i] == '\n')
			s->lines[s->nlines++] = i + 1;
}

/* Index of the line holding off (binary search). */
static size_t
line_index(struct vb_src *s, size_t off)
{
	size_t lo = 0, hi;

	build_lines(s);
	if (off > s->len)
		off = s->len;
	hi = s->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void
vb_src_linecol(struct vb_src *s, size_t off, unsigned *line, unsigned *col)
{
	size_t li = line_index(s, off);

	if (off > s->len)
		off = s->len;
	*line = (unsigned)li + 1;
	*col = (unsigned)vb_utf8_count(s->data + s->lines[li],
	    off - s->lines[li]) + 1;
}

void
vb_src_line(struct vb_src *s, size_t off, size_t *start, size_t *len)
{
	size_t li = line_index(s, off), end;

	*start = s->lines[li];
	end = li + 1 < s->nlines ? s->lines[li + 1] - 1 : s->len;
	if (end > *start && s->data[end - 1] == '\r')
		end--;
	*len = end - *start;
}

size_t
vb_src_offset(struct vb_src *s, unsigned line, unsigned col)
{
	size_t off, end;

	build_lines(s);
	if (line == 0)
		line = 1;
	if (line > s->nlines)
		return s->len;
	off = s->lines[line - 1];
	end = line < s->nlines ? s->lines[line] : s->len;
	while (col > 1 && off < end) {
		off++;
		while (off < end && ((unsigned char)s->data[off] & 0xC0) == 0x80)
			off++;
		col--;
	}
	return off;
}

int
vb_read_file(const char *path, char **out, size_t *len)
{
	FILE   *f;
	char   *data = NULL;
	size_t  n = 0, cap = 0, k;
	int     saved;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			data = vb_xrealloc(data, cap + 1);
		}
		k = fread(data + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
	}
	if (ferror(f)) {
		saved = errno ? errno : EIO;
		fclose(f);
		free(data);
		errno = saved;
		return -1;
	}
	fclose(f);
	data[n] = '\0';
	*out = data;
	*len = n;
	return 0;
}
