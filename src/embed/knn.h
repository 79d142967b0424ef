/*
 * knn.h - exact k nearest neighbours in Euclidean space.
 *
 * For every row of X the k nearest *other* rows, nearest first; equal
 * distances are ordered by row index, so the answer is unique and the same
 * for any number of threads.  Distances are computed in float by
 * knn_dist2(), which the brute-force tests call too.
 */
#ifndef FLOWMAP_KNN_H
#define FLOWMAP_KNN_H

#include <stddef.h>
#include <stdint.h>

/* Called between blocks of work from the calling thread; non-zero cancels. */
typedef int (*knn_tick_fn)(void *ctx, double fraction);

/*
 * X: n x d row-major, not modified.  idx: n x k indices, dist: n x k
 * Euclidean distances (caller-allocated).  Needs k < n and n < 2^32.
 * Returns 0, or -1 with a message in err.
 */
int	knn_search(const float *X, size_t n, size_t d, size_t k, uint32_t *idx,
	    float *dist, int threads, char *err, size_t errlen);
/* The same with a tick between blocks; returns 1 when cancelled. */
int	knn_search_tick(const float *X, size_t n, size_t d, size_t k,
	    uint32_t *idx, float *dist, int threads, knn_tick_fn tick,
	    void *ctx, char *err, size_t errlen);

/* The squared distance exactly as the search computes it. */
float	knn_dist2(const float *a, const float *b, size_t d);

#endif
