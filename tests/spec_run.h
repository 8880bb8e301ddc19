/*
 * spec_run.h — spec tests: examples in tests/spec/NAME.txt, run by the
 * handler named NAME (cmark's spec.txt, md4c's flag lines, jq's %%FAIL).
 *
 * An example in a spec file:
 *
 *   ```````````````````````````````` example
 *   input lines
 *   .
 *   expected output lines
 *   .
 *   optional flags for this example
 *   ````````````````````````````````
 *
 * Everything outside examples is prose. "→" stands for a tab.
 * Each handler lives in tests/spec_NAME.c and is listed in spec_run.c.
 */
#ifndef VB_SPEC_RUN_H
#define VB_SPEC_RUN_H

#include "vb.h"

struct spec_handler {
	const char *name;   /* the spec file's base name without .txt */
	/* Appends the actual output for input to out. */
	void      (*run)(const char *input, const char *flags,
	              struct vb_buf *out);
};

#endif /* VB_SPEC_RUN_H */
