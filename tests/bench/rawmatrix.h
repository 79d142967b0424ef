/*
 * rawmatrix.h - the benchmarks' raw matrix file: int64 rows, int64 columns,
 * then rows x columns float32, row-major, in the machine's byte order
 * (tsne-bench -P and replicate write it; tsne-bench, klmap and knn-bench
 * read it).
 */
#ifndef FLOWMAP_BENCH_RAWMATRIX_H
#define FLOWMAP_BENCH_RAWMATRIX_H

#include <stddef.h>

#include "base/sparse.h"

/* The matrix at path (malloc'd), its shape in *rows and *cols; NULL when
 * the file cannot be read or is not one whole matrix. */
float	*rawmatrix_read(const char *path, size_t *rows, size_t *cols);
/* The matrix at path kept by its non-zeros (as flowmap keeps a map's
 * features), read a row at a time: never dense.  0, or -1 as above. */
int	rawmatrix_read_sparse(const char *path, struct sparse_rows *s);

#endif
