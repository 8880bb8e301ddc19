/* xalloc.c — allocation wrappers that abort on out-of-memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vb.h"

static void
oom(void)
{
	fputs("vanban: out of memory (hết bộ nhớ)\n", stderr);
	abort();
}

void *
vb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
vb_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
vb_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom();
	return q;
}

char *
vb_xstrndup(const char *s, size_t n)
{
	char *p = vb_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
vb_xstrdup(const char *s)
{
	return vb_xstrndup(s, strlen(s));
}
