/*
 * sparse.h - rows of floats stored by their non-zero entries (compressed
 * sparse rows).
 *
 * flowmap's feature vectors are 840 probabilities of which a computer
 * uses a few dozen (the ports it serves and queries): stored densely, a
 * million computers take 3.4 GB; by their non-zeros, about a tenth of it.
 * Row i holds the entries start[i] .. start[i + 1] of col and val, its
 * columns strictly increasing and every value non-zero, so a row reads
 * back exactly as the dense row it came from.
 *
 * Call order: sparse_rows_from_dense() or filling the arrays by hand (the
 * struct owns them), reads, sparse_rows_free().  A zeroed struct (nothing
 * stored) reads as zeros.
 */
#ifndef FLOWMAP_BASE_SPARSE_H
#define FLOWMAP_BASE_SPARSE_H

#include <stddef.h>
#include <stdint.h>

struct sparse_rows {
	size_t		 n, d;		/* rows, columns */
	size_t		*start;		/* n + 1 offsets into col and val */
	uint32_t	*col;		/* start[n] column indexes */
	float		*val;		/* start[n] non-zero values */
};

/*
 * The non-zeros of one dense row of d values, in column order, into col
 * and val when they are not NULL; returns how many there are.  Called
 * once to count and once to store, it fills rows whose offsets are known
 * only once every row is counted.
 */
size_t	sparse_put_row(const float *row, size_t d, uint32_t *col, float *val);
/* The non-zeros of the dense n x d row-major matrix X. */
void	sparse_rows_from_dense(struct sparse_rows *s, const float *X, size_t n,
	    size_t d);
void	sparse_rows_free(struct sparse_rows *s);
/* Row i, columns [c0, c0 + len), into out (zeros where nothing is stored). */
void	sparse_row_dense(const struct sparse_rows *s, size_t i, size_t c0,
	    size_t len, float *out);
/* The value at (i, c): 0 when nothing is stored. */
float	sparse_get(const struct sparse_rows *s, size_t i, size_t c);

#endif
