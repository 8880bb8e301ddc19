/*
 * dump.h — the text dump of a finished document (vanban render
 * --dump=doc): indented, stable, one fact per line, so that tests can
 * compare it and a bug report can show which stage went wrong (lowdown
 * -ttree, mandoc -Ttree).
 *
 * Who may include it: render.c, tests and fuzzers.
 *
 * Strings are quoted with C escapes (\" \\ \n \t \xHH); a code point of
 * the sentinel planes is shown as \u{F0000}, so a sentinel that leaked
 * into the tree is visible. "-" stands for an absent field.
 */
#ifndef VB_DUMP_H
#define VB_DUMP_H

#include "doc.h"

/* Appends the dump of the whole document to out. */
void vb_dump_doc(const struct vb_doc *doc, struct vb_buf *out);

/* Appends the dump of the subtree at n, indented by depth levels. */
void vb_dump_node(const struct vb_node *n, int depth, struct vb_buf *out);

#endif /* VB_DUMP_H */
