/*
 * rawmatrix.c - the benchmarks' raw matrix file (see rawmatrix.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "rawmatrix.h"

float *
rawmatrix_read(const char *path, size_t *rows, size_t *cols)
{
	FILE *f = fopen(path, "rb");
	int64_t hd[2];
	float *x;

	if (f == NULL)
		return NULL;
	if (fread(hd, sizeof hd, 1, f) != 1 || hd[0] <= 0 || hd[1] <= 0) {
		fclose(f);
		return NULL;
	}
	*rows = (size_t)hd[0];
	*cols = (size_t)hd[1];
	x = xmalloc(xmul(xmul(*rows, *cols), sizeof *x));
	if (fread(x, sizeof *x, *rows * *cols, f) != *rows * *cols) {
		free(x);
		fclose(f);
		return NULL;
	}
	fclose(f);
	return x;
}

/* Append the non-zeros of one row to s (capacity *cap). */
static void
append_row(struct sparse_rows *s, const float *row, size_t *cap)
{
	size_t e = s->start[s->n], k = sparse_put_row(row, s->d, NULL, NULL);

	if (e + k > *cap) {
		while (e + k > *cap)
			*cap = *cap ? *cap * 2 : 1 << 20;
		s->col = xreallocarray(s->col, *cap, sizeof *s->col);
		s->val = xreallocarray(s->val, *cap, sizeof *s->val);
	}
	sparse_put_row(row, s->d, s->col + e, s->val + e);
	s->start[++s->n] = e + k;
}

int
rawmatrix_read_sparse(const char *path, struct sparse_rows *s)
{
	FILE *f = fopen(path, "rb");
	int64_t hd[2];
	size_t rows, cap = 0;
	float *row;

	memset(s, 0, sizeof *s);
	if (f == NULL)
		return -1;
	if (fread(hd, sizeof hd, 1, f) != 1 || hd[0] <= 0 || hd[1] <= 0) {
		fclose(f);
		return -1;
	}
	rows = (size_t)hd[0];
	s->d = (size_t)hd[1];
	s->start = xcalloc(rows + 1, sizeof *s->start);
	row = xmalloc(xmul(s->d, sizeof *row));
	while (s->n < rows && fread(row, sizeof *row, s->d, f) == s->d)
		append_row(s, row, &cap);
	free(row);
	fclose(f);
	if (s->n < rows) {
		sparse_rows_free(s);
		return -1;
	}
	/* Give back the doubling's slack. */
	s->col = xreallocarray(s->col, s->start[rows] + 1, sizeof *s->col);
	s->val = xreallocarray(s->val, s->start[rows] + 1, sizeof *s->val);
	return 0;
}
