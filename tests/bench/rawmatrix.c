/*
 * rawmatrix.c - the benchmarks' raw matrix file (see rawmatrix.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

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
