/*
 * sparse.c - compressed sparse rows (see sparse.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/sparse.h"
#include "base/xalloc.h"

size_t
sparse_put_row(const float *row, size_t d, uint32_t *col, float *val)
{
	size_t k = 0;

	for (size_t j = 0; j < d; j++) {
		if (row[j] == 0)
			continue;
		if (col != NULL) {
			col[k] = (uint32_t)j;
			val[k] = row[j];
		}
		k++;
	}
	return k;
}

void
sparse_rows_from_dense(struct sparse_rows *s, const float *X, size_t n,
    size_t d)
{
	memset(s, 0, sizeof *s);
	s->n = n;
	s->d = d;
	s->start = xcalloc(n + 1, sizeof *s->start);
	for (size_t i = 0; i < n; i++)
		s->start[i + 1] = s->start[i] + sparse_put_row(X + i * d, d,
		    NULL, NULL);
	s->col = xmalloc(xmul(s->start[n] + 1, sizeof *s->col));
	s->val = xmalloc(xmul(s->start[n] + 1, sizeof *s->val));
	for (size_t i = 0; i < n; i++)
		sparse_put_row(X + i * d, d, s->col + s->start[i],
		    s->val + s->start[i]);
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
