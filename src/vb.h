/*
 * vb.h — shared internal types that every stage of vanban sees:
 * allocation, byte buffers, source files and locations.
 *
 * Who may include it: every module in src/, the tests and the fuzzers.
 *
 * Memory rule (STYLE.md §2.4), in three lines:
 *   vb_x* allocators and arenas never return NULL: out of memory aborts.
 *   A stage allocates what it hands on in an arena the caller owns.
 *   Borrowed strings (md4c, libxml2, libyaml) are copied into the arena.
 */
#ifndef VB_H
#define VB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VB_VERSION "0.1.0"

#if defined(__GNUC__)
#define VB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VB_PRINTF(f, a)
#endif

/* ---- allocation (xalloc.c): abort with a message on OOM ---------------- */

void *vb_xmalloc(size_t n);
void *vb_xcalloc(size_t n, size_t size);
void *vb_xrealloc(void *p, size_t n);
char *vb_xstrdup(const char *s);
char *vb_xstrndup(const char *s, size_t n);

/* ---- arena (arena.c): bump allocator freed in one call ---------------- */

struct vb_arena_chunk;
struct vb_arena {
	struct vb_arena_chunk *head;
	size_t used;      /* bytes handed out, for limits and reports */
};

void  vb_arena_init(struct vb_arena *a);
/* Frees every allocation made from a; a may be reused after init. */
void  vb_arena_free(struct vb_arena *a);
/* Returns zeroed memory aligned for any type; never NULL. */
void *vb_arena_alloc(struct vb_arena *a, size_t n);
/* Copies n bytes and adds a NUL; never NULL. */
char *vb_arena_strndup(struct vb_arena *a, const char *s, size_t n);
char *vb_arena_strdup(struct vb_arena *a, const char *s);
char *vb_arena_printf(struct vb_arena *a, const char *fmt, ...)
	VB_PRINTF(2, 3);

/* ---- growable byte buffer (buf.c) -------------------------------------- */

struct vb_buf {
	char   *data;     /* always NUL-terminated when non-NULL */
	size_t  len;
	size_t  cap;
};

#define VB_BUF_INIT { NULL, 0, 0 }

void  vb_buf_put(struct vb_buf *b, const void *p, size_t n);
void  vb_buf_puts(struct vb_buf *b, const char *s);
void  vb_buf_putc(struct vb_buf *b, int c);
void  vb_buf_printf(struct vb_buf *b, const char *fmt, ...) VB_PRINTF(2, 3);
void  vb_buf_vprintf(struct vb_buf *b, const char *fmt, va_list ap);
/* Appends the UTF-8 encoding of code point cp. */
void  vb_buf_put_cp(struct vb_buf *b, uint32_t cp);
void  vb_buf_reset(struct vb_buf *b);
/* Returns the data (caller frees, never NULL) and leaves b empty. */
char *vb_buf_detach(struct vb_buf *b, size_t *len);
void  vb_buf_free(struct vb_buf *b);

/* ---- UTF-8 (utf8.c) ----------------------------------------------------- */

/*
 * Decodes one code point from s[0..n). Returns its length in bytes (1..4)
 * and stores it in *cp; returns 0 for an invalid or truncated sequence
 * (overlong forms, surrogates and values above U+10FFFF are invalid).
 */
size_t vb_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Returns the offset of the first invalid byte, or n if s is valid. */
size_t vb_utf8_check(const char *s, size_t n);
/* Number of code points in valid UTF-8 (used for columns). */
size_t vb_utf8_count(const char *s, size_t n);

/* ---- sources and locations (src.c) ------------------------------------- */

/*
 * A loaded input file (template, data, profile). Line and column are
 * computed only when a message is printed, from the line-start table.
 */
struct vb_src {
	int      id;       /* index in the source set; 0 means "no source" */
	char    *name;     /* as the user named it */
	char    *data;     /* NUL-terminated; owned */
	size_t   len;
	size_t  *lines;    /* offsets of line starts; built on first use */
	size_t   nlines;
};

/*
 * Where something came from: a byte range in a source, or a named cell
 * of a spreadsheet ("Tong hop!C7"), whichever the reader can give.
 */
struct vb_loc {
	int          src;  /* vb_src id; 0 = none */
	uint32_t     off;  /* byte offset of the first byte */
	uint32_t     len;  /* bytes covered, for the caret underline */
	const char  *cell; /* "Sheet!C7" for spreadsheet values, else NULL */
};

struct vb_srcset {
	struct vb_src **v;  /* v[0] is unused so that id 0 means none */
	size_t          n;
};

void vb_srcset_init(struct vb_srcset *ss);
void vb_srcset_free(struct vb_srcset *ss);
/*
 * Takes ownership of data (malloc'd, len bytes; a NUL is added) and
 * returns the new source, whose id is its index.
 */
struct vb_src *vb_srcset_add(struct vb_srcset *ss, const char *name,
    char *data, size_t len);
struct vb_src *vb_srcset_get(const struct vb_srcset *ss, int id);
/* 1-based line and column (in code points) of byte offset off. */
void vb_src_linecol(struct vb_src *s, size_t off, unsigned *line,
    unsigned *col);
/* Byte range of the line holding offset off, without its newline. */
void vb_src_line(struct vb_src *s, size_t off, size_t *start, size_t *len);
/* Byte offset of 1-based line and column (column in code points). */
size_t vb_src_offset(struct vb_src *s, unsigned line, unsigned col);

/* Reads a whole file; returns 0 or -1 with errno set. Caller frees *out. */
int vb_read_file(const char *path, char **out, size_t *len);

#endif /* VB_H */
