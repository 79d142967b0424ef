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
 * Distances use GCC vector types over rows padded to 8 floats with a
 * fixed lane layout (lane = column mod 8) and a fixed final reduction, which knn_dist2()
 * reproduces in scalar code: the tests compare bit for bit.  Queries are
 * independent and write only their own rows of idx and dist, so threads
 * do not change the answer.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "embed/knn.h"
#include "base/errbuf.h"
#include "base/xalloc.h"

/* Eight floats (one lane per j mod 8), loaded without any alignment
 * assumption. */
typedef float v8f __attribute__((vector_size(32), aligned(4)));

#define KNN_LANES	8		/* one v8f accumulator */
#define KNN_LLOYD	5		/* k-means rounds */
#define KNN_SAMPLE	20000		/* points the rounds look at */
#define KNN_MARGIN	1e-4		/* relative slack on the bounds */
#define KNN_BLOCKS	16		/* progress ticks over the queries */

static float
reduce_lanes(const float *l)
{
	return ((l[0] + l[4]) + (l[1] + l[5])) + ((l[2] + l[6]) + (l[3] + l[7]));
}

float
knn_dist2(const float *a, const float *b, size_t d)
{
	float lane[KNN_LANES] = {0};

	for (size_t j = 0; j < d; j++) {
		float t = a[j] - b[j];

		lane[j % KNN_LANES] += t * t;
	}
	return reduce_lanes(lane);
}

/* knn_dist2 on padded rows: dp a multiple of 8. */
static inline float
dist2_padded(const float *a, const float *b, size_t dp)
{
	v8f s = {0};
	float lane[KNN_LANES];

	for (size_t j = 0; j < dp; j += KNN_LANES) {
		v8f t = *(const v8f *)(a + j) - *(const v8f *)(b + j);

		s += t * t;
	}
	memcpy(lane, &s, sizeof s);
	return reduce_lanes(lane);
}

/* The loops around dist2_padded are compiled twice where the CPU may have
 * AVX2: the same operations in the same order, so the same bits. */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones) && !defined(__SANITIZE_ADDRESS__)
#define KNN_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef KNN_CLONES
#define KNN_CLONES
#endif

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

struct cand {
	float	 d2;
	uint32_t i;
};

static int
cand_less(struct cand a, struct cand b)
{
	return a.d2 < b.d2 || (a.d2 == b.d2 && a.i < b.i);
}

/* Max-heap of the k best so far: replace the top, sift down. */
static void
heap_replace(struct cand *h, size_t k, struct cand c)
{
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct cand big = c;

		if (l < k && cand_less(big, h[l])) {
			m = l;
			big = h[l];
		}
		if (r < k && cand_less(big, h[r]))
			m = r;
		if (m == i)
			break;
		h[i] = h[m];
		i = m;
	}
	h[i] = c;
}

static void
heap_push(struct cand *h, size_t *len, struct cand c)
{
	size_t i = (*len)++;

	while (i > 0 && cand_less(h[(i - 1) / 2], c)) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = c;
}

static int
cand_cmp(const void *a, const void *b)
{
	struct cand x = *(const struct cand *)a, y = *(const struct cand *)b;

	return cand_less(x, y) ? -1 : cand_less(y, x) ? 1 : 0;
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
	struct cand	*heap;
};

/* Offer the members of cluster c (at distance dc from q) to the heap. */
KNN_CLONES static void
scan_cluster(const struct index *ix, size_t qo, uint32_t c, double dc,
    size_t k, struct cand *heap, size_t *len, double *kth)
{
	const float *q = ix->rows + qo * ix->dp;
	double slack = KNN_MARGIN * (dc + ix->radius[c] + 1e-30);

	for (size_t o = ix->start[c]; o < ix->start[c + 1]; o++) {
		struct cand cd;

		if (o == qo || fabs(dc - ix->r[o]) > *kth + slack)
			continue;
		cd.d2 = dist2_padded(q, ix->rows + o * ix->dp, ix->dp);
		cd.i = ix->id[o];
		if (*len < k)
			heap_push(heap, len, cd);
		else if (cand_less(cd, heap[0]))
			heap_replace(heap, k, cd);
		else
			continue;
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
	qsort(s->heap, len, sizeof *s->heap, cand_cmp);
	for (size_t j = 0; j < k; j++) {
		idx[(size_t)self * k + j] = s->heap[j].i;
		dist[(size_t)self * k + j] = sqrtf(s->heap[j].d2);
	}
}

static void
index_build(struct index *ix, const float *X, size_t n, size_t d, int nth)
{
	size_t dp = (d + KNN_LANES - 1) / KNN_LANES * KNN_LANES, nc;
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
