/*
 * knn.c - exact k-nearest-neighbour search by cluster pruning.
 *
 * t-SNE needs the 3 x perplexity nearest neighbours of up to 100,000
 * points in the 50 PCA dimensions.  Brute force costs n^2 d; instead the
 * points are partitioned into about sqrt(n) clusters by a few rounds of
 * Lloyd's k-means (seeded deterministically, on a sample), and a query
 * visits clusters in order of the triangle-inequality lower bound
 * d(q, centre) - radius, stopping when that bound exceeds its current
 * k-th distance.  Inside a cluster a member p is skipped when
 * |d(q, centre) - d(p, centre)| exceeds it (the annulus bound).  Both
 * bounds are exact up to rounding, which a small relative margin covers,
 * so the result equals brute force; the clustering only decides speed.
 *
 * Distances are dist.h's, over rows padded to 8 floats with a fixed lane
 * layout and a fixed final reduction, which knn_dist2() reproduces in
 * scalar code: the tests compare bit for bit.  Queries are
 * independent and write only their own rows of idx and dist, so threads
 * do not change the answer.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "embed/dist.h"
#include "embed/knn.h"
#include "base/errbuf.h"
#include "base/xalloc.h"

#define KNN_LANES	DIST_LANES	/* one vector accumulator */
#define KNN_CLONES	DIST_CLONES
#define KNN_LLOYD	5		/* k-means rounds */
#define KNN_SAMPLE	20000		/* points the rounds look at */
#define KNN_MARGIN	1e-4		/* relative slack on the bounds */
#define KNN_BLOCKS	16		/* progress ticks over the queries */

float
knn_dist2(const float *a, const float *b, size_t d)
{
	float lane[KNN_LANES] = {0};

	for (size_t j = 0; j < d; j++) {
		float t = a[j] - b[j];

		lane[j % KNN_LANES] += t * t;
	}
	return dist_reduce(lane);
}

static float *
alloc_rows(size_t n, size_t dp)
{
	return xcalloc(xmul(n ? n : 1, dp), sizeof(float));
}

/* Nearest centre of x (ties to the lowest index) and its squared distance. */
KNN_CLONES static uint32_t
nearest_centre(const float *x, const float *cent, size_t nc, size_t dp,
    float *d2out)
{
	uint32_t best = 0;
	float bd = INFINITY;

	for (size_t c = 0; c < nc; c++) {
		float d2 = dist2_padded(x, cent + c * dp, dp);

		if (d2 < bd) {
			bd = d2;
			best = (uint32_t)c;
		}
	}
	*d2out = bd;
	return best;
}

/* Lloyd's k-means on a regular sample; centres start at spread rows. */
static void
kmeans(const float *P, size_t n, size_t dp, size_t nc, float *cent, int nth)
{
	size_t step = n > KNN_SAMPLE ? n / KNN_SAMPLE : 1, ns = n / step;
	uint32_t *lab = xmalloc(xmul(ns, sizeof *lab));
	double *sum = xmalloc(xmul(xmul(nc, dp), sizeof *sum));
	size_t *cnt = xmalloc(xmul(nc, sizeof *cnt));

	for (size_t c = 0; c < nc; c++)
		memcpy(cent + c * dp, P + (c * n / nc) * dp, dp * sizeof *cent);
	for (int round = 0; round < KNN_LLOYD; round++) {
		#pragma omp parallel for schedule(static) num_threads(nth)
		for (size_t s = 0; s < ns; s++) {
			float d2;

			lab[s] = nearest_centre(P + s * step * dp, cent, nc, dp,
			    &d2);
		}
		memset(sum, 0, nc * dp * sizeof *sum);
		memset(cnt, 0, nc * sizeof *cnt);
		for (size_t s = 0; s < ns; s++) {
			const float *x = P + s * step * dp;
			double *t = sum + (size_t)lab[s] * dp;

			cnt[lab[s]]++;
			for (size_t j = 0; j < dp; j++)
				t[j] += x[j];
		}
		for (size_t c = 0; c < nc; c++)
			if (cnt[c] > 0)
				for (size_t j = 0; j < dp; j++)
					cent[c * dp + j] = (float)(sum[c * dp +
					    j] / (double)cnt[c]);
	}
	free(cnt);
	free(sum);
	free(lab);
}

struct bound {
	double	 lb;
	uint32_t c;
};

static int
bound_cmp(const void *a, const void *b)
{
	const struct bound *x = a, *y = b;

	if (x->lb != y->lb)
		return x->lb < y->lb ? -1 : 1;
	return x->c < y->c ? -1 : x->c > y->c;
}

struct index {
	size_t	  n, dp, nc;
	float	 *rows;		/* points in cluster order, padded */
	uint32_t *id;		/* original index of each ordered row */
	uint32_t *label;	/* cluster of each ordered row */
	double	 *r;		/* distance of each ordered row to its centre */
	size_t	 *start;	/* nc + 1 offsets into the order */
	float	 *cent;		/* nc x dp centres */
	double	 *radius;	/* per cluster */
};

struct scratch {
	struct bound	*b;
	double		*dc;	/* distance to each centre */
	struct dist_cand	*heap;
};

/* Offer the members of cluster c (at distance dc from q) to the heap. */
KNN_CLONES static void
scan_cluster(const struct index *ix, size_t qo, uint32_t c, double dc,
    size_t k, struct dist_cand *heap, size_t *len, double *kth)
{
	const float *q = ix->rows + qo * ix->dp;
	double slack = KNN_MARGIN * (dc + ix->radius[c] + 1e-30);

	for (size_t o = ix->start[c]; o < ix->start[c + 1]; o++) {
		struct dist_cand cd;

		if (o == qo || fabs(dc - ix->r[o]) > *kth + slack)
			continue;
		cd.d2 = dist2_padded(q, ix->rows + o * ix->dp, ix->dp);
		cd.i = ix->id[o];
		if (*len == k && !dist_cand_less(cd, heap[0], NULL))
			continue;
		dist_heap_offer(heap, len, k, cd, NULL);
		if (*len == k)
			*kth = sqrt((double)heap[0].d2);
	}
}

KNN_CLONES static void
centre_distances(const struct index *ix, const float *q, double *dc)
{
	for (size_t c = 0; c < ix->nc; c++)
		dc[c] = sqrt((double)dist2_padded(q, ix->cent + c * ix->dp,
		    ix->dp));
}

static void
query(const struct index *ix, size_t qo, size_t k, struct scratch *s,
    uint32_t *idx, float *dist)
{
	const float *q = ix->rows + qo * ix->dp;
	uint32_t self = ix->id[qo], own = ix->label[qo];
	size_t len = 0, nb = 0;
	double kth = INFINITY;

	centre_distances(ix, q, s->dc);
	/* The query's own cluster first: it gives a k-th distance that
	 * rules most clusters out before any sorting. */
	scan_cluster(ix, qo, own, s->dc[own], k, s->heap, &len, &kth);
	for (size_t c = 0; c < ix->nc; c++) {
		double lb = s->dc[c] - ix->radius[c];
		double slack = KNN_MARGIN * (s->dc[c] + ix->radius[c] + 1e-30);

		if (c != own && lb <= kth + slack)
			s->b[nb++] = (struct bound){lb, (uint32_t)c};
	}
	qsort(s->b, nb, sizeof *s->b, bound_cmp);
	for (size_t t = 0; t < nb; t++) {
		uint32_t c = s->b[t].c;
		double slack = KNN_MARGIN * (s->dc[c] + ix->radius[c] + 1e-30);

		if (s->b[t].lb > kth + slack)
			break;
		scan_cluster(ix, qo, c, s->dc[c], k, s->heap, &len, &kth);
	}
	dist_heap_sort(s->heap, len, NULL);
	for (size_t j = 0; j < k; j++) {
		idx[(size_t)self * k + j] = s->heap[j].i;
		dist[(size_t)self * k + j] = sqrtf(s->heap[j].d2);
	}
}

static void
index_build(struct index *ix, const float *X, size_t n, size_t d, int nth)
{
	size_t dp = dist_padded_width(d), nc;
	float *P = alloc_rows(n, dp), *d2c;
	uint32_t *lab;
	size_t *fill;

	for (size_t i = 0; i < n; i++)
		memcpy(P + i * dp, X + i * d, d * sizeof *P);
	nc = (size_t)sqrt((double)n);
	nc = nc < 1 ? 1 : nc;
	ix->n = n;
	ix->dp = dp;
	ix->nc = nc;
	ix->cent = alloc_rows(nc, dp);
	kmeans(P, n, dp, nc, ix->cent, nth);

	lab = xmalloc(xmul(n, sizeof *lab));
	d2c = xmalloc(xmul(n, sizeof *d2c));
	#pragma omp parallel for schedule(static) num_threads(nth)
	for (size_t i = 0; i < n; i++)
		lab[i] = nearest_centre(P + i * dp, ix->cent, nc, dp, &d2c[i]);

	/* Counting sort into cluster order (stable: rows keep index order). */
	ix->start = xcalloc(nc + 1, sizeof *ix->start);
	for (size_t i = 0; i < n; i++)
		ix->start[lab[i] + 1]++;
	for (size_t c = 0; c < nc; c++)
		ix->start[c + 1] += ix->start[c];
	fill = xmalloc(xmul(nc, sizeof *fill));
	memcpy(fill, ix->start, nc * sizeof *fill);
	ix->rows = alloc_rows(n, dp);
	ix->id = xmalloc(xmul(n, sizeof *ix->id));
	ix->label = xmalloc(xmul(n, sizeof *ix->label));
	ix->r = xmalloc(xmul(n, sizeof *ix->r));
	ix->radius = xcalloc(nc, sizeof *ix->radius);
	for (size_t i = 0; i < n; i++) {
		size_t o = fill[lab[i]]++;

		memcpy(ix->rows + o * dp, P + i * dp, dp * sizeof *P);
		ix->id[o] = (uint32_t)i;
		ix->label[o] = lab[i];
		ix->r[o] = sqrt((double)d2c[i]);
		if (ix->r[o] > ix->radius[lab[i]])
			ix->radius[lab[i]] = ix->r[o];
	}
	free(fill);
	free(d2c);
	free(lab);
	free(P);
}

static void
index_free(struct index *ix)
{
	free(ix->rows);
	free(ix->id);
	free(ix->label);
	free(ix->r);
	free(ix->start);
	free(ix->cent);
	free(ix->radius);
}

int
knn_search_tick(const float *X, size_t n, size_t d, size_t k, uint32_t *idx,
    float *dist, int threads, knn_tick_fn tick, void *ctx, char *err,
    size_t errlen)
{
	int nth = threads > 0 ? threads : omp_get_max_threads();
	struct index ix;

	if (n >= UINT32_MAX) {
		errbuf_set(err, errlen, "%zu points are too many for the "
		    "neighbour search", n);
		return -1;
	}
	if (k >= n && n > 0) {
		errbuf_set(err, errlen, "%zu neighbours asked of %zu points",
		    k, n);
		return -1;
	}
	if (k == 0 || n == 0)
		return 0;
	index_build(&ix, X, n, d, nth);
	for (int blk = 0; blk < KNN_BLOCKS; blk++) {
		size_t lo = n * (size_t)blk / KNN_BLOCKS;
		size_t hi = n * (size_t)(blk + 1) / KNN_BLOCKS;

		#pragma omp parallel num_threads(nth)
		{
			struct scratch s;

			s.b = xmalloc(xmul(ix.nc, sizeof *s.b));
			s.dc = xmalloc(xmul(ix.nc, sizeof *s.dc));
			s.heap = xmalloc(xmul(k, sizeof *s.heap));
			#pragma omp for schedule(dynamic, 32)
			for (size_t o = lo; o < hi; o++)
				query(&ix, o, k, &s, idx, dist);
			free(s.heap);
			free(s.dc);
			free(s.b);
		}
		if (tick != NULL && tick(ctx, (double)hi / (double)n)) {
			index_free(&ix);
			return 1;
		}
	}
	index_free(&ix);
	return 0;
}

int
knn_search(const float *X, size_t n, size_t d, size_t k, uint32_t *idx,
    float *dist, int threads, char *err, size_t errlen)
{
	return knn_search_tick(X, n, d, k, idx, dist, threads, NULL, NULL, err,
	    errlen);
}
