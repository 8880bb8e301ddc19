/* arena.c — bump allocator: many small allocations, one free. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vb.h"

/* Chunks grow to this size; larger requests get a chunk of their own. */
#define CHUNK_SIZE (64 * 1024)
#define ALIGN      (sizeof(max_align_t))

struct vb_arena_chunk {
	struct vb_arena_chunk *next;
	size_t                 size;
	size_t                 used;
	max_align_t            data[];
};

void
vb_arena_init(struct vb_arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void
vb_arena_free(struct vb_arena *a)
{
	struct vb_arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	vb_arena_init(a);
}

void *
vb_arena_alloc(struct vb_arena *a, size_t n)
{
	struct vb_arena_chunk *c = a->head;
	size_t                 sz;
	void                  *p;

	n = (n + ALIGN - 1) / ALIGN * ALIGN;
	if (n == 0)
		n = ALIGN;
	if (c == NULL || c->size - c->used < n) {
		sz = n > CHUNK_SIZE / 2 ? n : CHUNK_SIZE;
		c = vb_xmalloc(sizeof(*c) + sz);
		c->size = sz;
		c->used = 0;
		if (n > CHUNK_SIZE / 2 && a->head != NULL) {
			/* Keep the current chunk on top for small requests. */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = (char *)c->data + c->used;
	c->used += n;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *
vb_arena_strndup(struct vb_arena *a, const char *s, size_t n)
{
	char *p = vb_arena_alloc(a, n + 1);

	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
vb_arena_strdup(struct vb_arena *a, const char *s)
{
	return vb_arena_strndup(a, s, strlen(s));
}

char *
vb_arena_printf(struct vb_arena *a, const char *fmt, ...)
{
	struct vb_buf b = VB_BUF_INIT;
	va_list       ap;
	char         *p;

	va_start(ap, fmt);
	vb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p = vb_arena_strndup(a, b.data ? b.data : "", b.len);
	vb_buf_free(&b);
	return p;
}
