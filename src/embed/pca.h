/*
 * pca.h - principal component analysis of a dense float matrix.
 *
 * pca_project() centres the columns of X (n x d), finds the top k
 * eigenvectors of the d x d covariance matrix and writes the projections
 * of the centred rows onto them.  The eigen solver is ours (Householder
 * tridiagonalisation then implicit QL, as in EISPACK's tred2/tql2), so
 * there is no LAPACK dependency.  The sign of every component is fixed:
 * its largest absolute entry (the first one on ties) is positive.  The
 * result depends neither on the number of threads nor on the schedule.
 */
#ifndef FLOWMAP_PCA_H
#define FLOWMAP_PCA_H

#include <stddef.h>

#include "base/sparse.h"

/* Called between blocks of work from the calling thread; non-zero cancels. */
typedef int (*pca_tick_fn)(void *ctx, double fraction);

/*
 * X: n x d, not modified.  out: n x k floats (caller-allocated), k <= d.
 * components (may be NULL): k x d doubles, unit rows, in decreasing order
 * of variance; variances (may be NULL): k doubles (sample variances).
 * threads: 0 = the OpenMP default.  Returns 0, or 1 when tick cancelled.
 */
int	pca_project(const float *X, size_t n, size_t d, size_t k, float *out,
	    double *components, double *variances, int threads,
	    pca_tick_fn tick, void *ctx);

/*
 * pca_project() of rows stored by their non-zeros (X->n x X->d): the
 * same bits as from the dense rows, in time and memory that follow the
 * non-zeros (a row of 50 non-zeros adds 1,275 products, not d^2 / 2).
 */
int	pca_project_sparse(const struct sparse_rows *X, size_t k, float *out,
	    double *components, double *variances, int threads,
	    pca_tick_fn tick, void *ctx);

/*
 * Eigen decomposition of the symmetric d x d matrix a (row-major; only its
 * symmetry is assumed).  On return row i of a is the unit eigenvector of
 * eigenvalue w[i], and w is in decreasing order.
 */
void	pca_symmetric_eigen(double *a, size_t d, double *w);

#endif
