/* buf.c — growable byte buffer, always NUL-terminated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vb.h"

static void
grow(struct vb_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->data = vb_xrealloc(b->data, b->cap);
}

void
vb_buf_put(struct vb_buf *b, const void *p, size_t n)
{
	grow(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
vb_buf_puts(struct vb_buf *b, const char *s)
{
	vb_buf_put(b, s, strlen(s));
}

void
vb_buf_putc(struct vb_buf *b, int c)
{
	char ch = (char)c;

	vb_buf_put(b, &ch, 1);
}

void
vb_buf_vprintf(struct vb_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int     n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
vb_buf_printf(struct vb_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vb_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
vb_buf_put_cp(struct vb_buf *b, uint32_t cp)
{
	char   s[4];
	size_t n;

	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	vb_buf_put(b, s, n);
}

void
vb_buf_reset(struct vb_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

char *
vb_buf_detach(struct vb_buf *b, size_t *len)
{
	char *p = b->data;

	if (p == NULL)
		p = vb_xstrdup("");
	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
vb_buf_free(struct vb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
