/*
 * unit.h — a tiny unit-test harness (cmark's api_test style).
 * Each tests/unit/t_*.c is one program: it runs its checks and ends with
 * unit_done(), which prints "t_name: N passed, N failed" and returns the
 * exit status. tests/run.sh adds the lines up per suite.
 */
#ifndef VB_UNIT_H
#define VB_UNIT_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int unit_pass, unit_fail;

#define OK(cond, ...) unit_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define INT_EQ(got, want, ...) do {                                      \
	long long g_ = (long long)(got), w_ = (long long)(want);          \
	if (!unit_ok(g_ == w_, __FILE__, __LINE__, __VA_ARGS__))          \
		fprintf(stderr, "    got %lld, want %lld\n", g_, w_);       \
} while (0)

#define STR_EQ(got, want, ...) do {                                      \
	const char *g_ = (got), *w_ = (want);                             \
	if (!unit_ok(g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0,     \
	    __FILE__, __LINE__, __VA_ARGS__))                              \
		fprintf(stderr, "    got  \"%s\"\n    want \"%s\"\n",        \
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");               \
} while (0)

static int __attribute__((format(printf, 4, 5), unused))
unit_ok(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		unit_pass++;
		return 1;
	}
	unit_fail++;
	fprintf(stderr, "%s:%d: FAIL: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 0;
}

static int __attribute__((unused))
unit_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, unit_pass, unit_fail);
	return unit_fail == 0 ? 0 : 1;
}

#endif /* VB_UNIT_H */
