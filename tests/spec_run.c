/*
 * spec_run.c — runs the examples of the tests/spec files (see spec_run.h) and
 * ends with "spec: N passed, N failed".
 *   usage: spec_run [-v] FILE.txt...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vb.h"
#include "spec_run.h"

/* One line per spec file; its handler is in tests/spec_NAME.c. */
#define SPEC_HANDLERS(X) \
	X(vi) \
	X(doc) \
	X(tpl) X(filters) X(tables) X(errors)

#define X(n) extern const struct spec_handler spec_##n;
SPEC_HANDLERS(X)
#undef X

static const struct spec_handler *const handlers[] = {
#define X(n) &spec_##n,
	SPEC_HANDLERS(X)
#undef X
};

#define FENCE "````````````````````````````````"

static int passed, failed, verbose;

/* Replaces "→" with a tab, in place. */
static void
tabs(char *s)
{
	char *r = s, *w = s;

	while (*r != '\0') {
		if (strncmp(r, "\xE2\x86\x92", 3) == 0) {
			*w++ = '\t';
			r += 3;
		} else
			*w++ = *r++;
	}
	*w = '\0';
}

static const struct spec_handler *
find(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t      i, n;

	base = base ? base + 1 : path;
	n = strcspn(base, ".");
	for (i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
		if (strlen(handlers[i]->name) == n &&
		    strncmp(handlers[i]->name, base, n) == 0)
			return handlers[i];
	return NULL;
}

static void
run_example(const struct spec_handler *h, const char *path, int line,
    struct vb_buf *in, struct vb_buf *want, struct vb_buf *flags)
{
	struct vb_buf got = VB_BUF_INIT;

	if (in->data == NULL)
		vb_buf_puts(in, "");
	if (want->data == NULL)
		vb_buf_puts(want, "");
	tabs(in->data);
	tabs(want->data);
	h->run(in->data, flags->data ? flags->data : "", &got);
	if (got.data == NULL)
		vb_buf_puts(&got, "");
	if (strcmp(got.data, want->data) == 0) {
		passed++;
		if (verbose)
			printf("ok   %s:%d\n", path, line);
	} else {
		failed++;
		printf("FAIL %s:%d\n--- input\n%s--- expected\n%s--- got\n%s---\n",
		    path, line, in->data, want->data, got.data);
	}
	vb_buf_free(&got);
}

static int
run_file(const char *path)
{
	const struct spec_handler *h = find(path);
	struct vb_buf in = VB_BUF_INIT, want = VB_BUF_INIT, flags = VB_BUF_INIT;
	char  *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int    state = 0, lineno = 0, start = 0;
	FILE  *f;

	if (h == NULL) {
		printf("FAIL %s: no handler for this spec file\n", path);
		failed++;
		return -1;
	}
	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		failed++;
		return -1;
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (state == 0) {
			if (strncmp(line, FENCE " example", 40) == 0) {
				state = 1;
				start = lineno;
				vb_buf_reset(&in);
				vb_buf_reset(&want);
				vb_buf_reset(&flags);
			}
			continue;
		}
		if (strncmp(line, FENCE, 32) == 0) {
			run_example(h, path, start, &in, &want, &flags);
			state = 0;
			continue;
		}
		if (strcmp(line, ".\n") == 0 && state < 3) {
			state++;
			continue;
		}
		vb_buf_put(state == 1 ? &in : state == 2 ? &want : &flags,
		    line, (size_t)n);
	}
	if (state != 0) {
		printf("FAIL %s:%d: example not closed\n", path, start);
		failed++;
	}
	free(line);
	fclose(f);
	vb_buf_free(&in);
	vb_buf_free(&want);
	vb_buf_free(&flags);
	return 0;
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else
			run_file(argv[i]);
	}
	printf("spec: %d passed, %d failed\n", passed, failed);
	return failed == 0 && passed > 0 ? 0 : 1;
}
