/*
 * ann.h - approximate k nearest neighbours, for maps too large for the
 * exact search (knn.h): random-projection trees give each point a first
 * list, neighbour descent improves it (ann.c).
 *
 * The answer has knn_search()'s form: for every row of X the k nearest
 * other rows found, nearest first, ties by row index, with knn_dist2()'s
 * distances; where a row's true neighbours are all found, its row equals
 * the exact one bit for bit.  Measured on flow features, 99% or more of
 * the exact neighbours are found at k = 90 (tests/unit/test_ann.c
 * checks a small case; README.md gives the large ones).  The same X, k
 * and seed give the same answer for any number of threads.
 */
#ifndef FLOWMAP_EMBED_ANN_H
#define FLOWMAP_EMBED_ANN_H

#include <stddef.h>
#include <stdint.h>

#include "embed/knn.h"

/*
 * X: n x d row-major, not modified.  idx, dist: n x k (caller-allocated).
 * Needs k < n and n < 2^31.  tick (may be NULL) is called between blocks
 * of work from the calling thread; non-zero cancels.  Returns 0, 1 when
 * cancelled, or -1 with a message in err.
 */
int	ann_search(const float *X, size_t n, size_t d, size_t k,
	    uint32_t *idx, float *dist, uint64_t seed, int threads,
	    knn_tick_fn tick, void *ctx, char *err, size_t errlen);

#endif
