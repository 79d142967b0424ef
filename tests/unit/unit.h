/*
 * unit.h - small helpers shared by the loader's cmocka tests.
 *
 * Fixtures are made by the tests themselves in a fresh mkdtemp directory
 * (removed again at the end), so a test carries its data and its answer in
 * one place.  Everything here is static: each test program includes it once.
 *
 * Include after <cmocka.h> (and its prerequisites).
 */
#ifndef FLOWMAP_TESTS_UNIT_H
#define FLOWMAP_TESTS_UNIT_H

#include <ftw.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/sparse.h"
#include "base/xalloc.h"

/* Two row stores hold the same rows, bit for bit. */
static inline void
assert_same_rows(const struct sparse_rows *a, const struct sparse_rows *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->d, b->d);
	assert_memory_equal(a->start, b->start, (a->n + 1) * sizeof *a->start);
	if (a->start[a->n] == 0)
		return;
	assert_memory_equal(a->col, b->col, a->start[a->n] * sizeof *a->col);
	assert_memory_equal(a->val, b->val, a->start[a->n] * sizeof *a->val);
}

/* A growing byte buffer for building fixtures. */
struct ubuf {
	char	*p;
	size_t	 len, cap;
};

static inline void
ubuf_add(struct ubuf *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 4096;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void
ubuf_str(struct ubuf *b, const char *s)
{
	ubuf_add(b, s, strlen(s));
}

static inline void ubuf_printf(struct ubuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline void
ubuf_printf(struct ubuf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof tmp);
	ubuf_add(b, tmp, (size_t)n);
}

static inline void
ubuf_free(struct ubuf *b)
{
	free(b->p);
	*b = (struct ubuf){0};
}

/* A fresh directory for one test's files. */
static inline char *
unit_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char path[4096];

	snprintf(path, sizeof path, "%s/flowmap-unit.XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	assert_non_null(mkdtemp(path));
	return xstrdup(path);
}

/* dir/name with the given bytes; returns the path (free it). */
static inline char *
unit_write(const char *dir, const char *name, const void *data, size_t len)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = xmalloc(n);
	FILE *f;

	snprintf(path, n, "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	if (len > 0)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static inline int
unit_rm_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline void
unit_rmtree(char *dir)
{
	if (dir == NULL)
		return;
	(void)nftw(dir, unit_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* One gzip member of data (level 6); *outlen its size; free the result. */
static inline unsigned char *
unit_gzip(const void *data, size_t len, size_t *outlen)
{
	z_stream z = {0};
	size_t cap;
	unsigned char *out;

	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&z, (uLong)len) + 64;
	out = xmalloc(cap);
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*outlen = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

/* Does s contain needle?  With a message naming both when not. */
#define assert_contains(s, needle) do {					\
	const char *s_ = (s), *n_ = (needle);				\
	if (strstr(s_, n_) == NULL)					\
		fail_msg("\"%s\" does not contain \"%s\"", s_, n_);	\
} while (0)

#endif
