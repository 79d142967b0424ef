/*
 * sparse.c - compressed sparse rows (see sparse.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/sparse.h"
#include "base/xalloc.h"

void
sparse_rows_from_dense(struct sparse_rows *s, const float *X, size_t n,
    size_t d)
{
	size_t nnz = 0;

	memset(s, 0, sizeof *s);
	s->n = n;
	s->d = d;
	s->start = xmalloc(xmul(n + 1, sizeof *s->start));
	for (size_t i = 0; i < n * d; i++)
		nnz += X[i] != 0;
	s->col = xmalloc(xmul(nnz ? nnz : 1, sizeof *s->col));
	s->val = xmalloc(xmul(nnz ? nnz : 1, sizeof *s->val));
	nnz = 0;
	for (size_t i = 0; i < n; i++) {
		s->start[i] = nnz;
		for (size_t j = 0; j < d; j++)
			if (X[i * d + j] != 0) {
				s->col[nnz] = (uint32_t)j;
				s->val[nnz++] = X[i * d + j];
			}
	}
	s->start[n] = nnz;
}

void
sparse_rows_free(struct sparse_rows *s)
{
	free(s->start);
	free(s->col);
	free(s->val);
	memset(s, 0, sizeof *s);
}

/* The first entry of row i at column c or after it. */
static size_t
lower_bound(const struct sparse_rows *s, size_t i, size_t c)
{
	size_t lo = s->start[i], hi = s->start[i + 1];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->col[mid] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
sparse_row_dense(const struct sparse_rows *s, size_t i, size_t c0,
    size_t len, float *out)
{
	memset(out, 0, len * sizeof *out);
	if (s->start == NULL)
		return;
	for (size_t e = lower_bound(s, i, c0);
	    e < s->start[i + 1] && s->col[e] < c0 + len; e++)
		out[s->col[e] - c0] = s->val[e];
}

float
sparse_get(const struct sparse_rows *s, size_t i, size_t c)
{
	size_t e;

	if (s->start == NULL)
		return 0.0f;
	e = lower_bound(s, i, c);
	return e < s->start[i + 1] && s->col[e] == c ? s->val[e] : 0.0f;
}
