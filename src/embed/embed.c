/*
 * embed.c - the one embedding pipeline (see embed.h).
 *
 * PCA first, once, so that the neighbours of the "most similar" list are
 * found in the very space t-SNE starts from, and so that the start can be
 * the first two components; then one neighbour search for the larger of
 * t-SNE's 3 x perplexity and that list (their order is unique, ties by
 * row index, so the first columns of a longer search are the shorter
 * search), exact up to EMBED_APPROX_FROM rows and approximate beyond;
 * then the affinities, after which the graph is freed, and the descent.
 *
 * Memory at a million rows, beyond the caller's X: the PCA reads X in
 * chunks and writes n x pca_dims floats; the graph is two flat n x k
 * arrays (uint32 and float), whose distances become the p_j|i in place;
 * P takes 8 bytes an entry; the map and the optimiser's state 40 bytes a
 * row.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/errbuf.h"
#include "base/xalloc.h"
#include "embed/ann.h"
#include "embed/embed.h"
#include "embed/knn.h"
#include "embed/pca.h"
#include "embed/report.h"
#include "embed/tsne.h"

/* Rows from which auto finds neighbours approximately: below, the exact
 * search takes a few seconds (measured: README.md). */
#define EMBED_APPROX_FROM	100000

void
embed_options_default(struct embed_options *o)
{
	*o = (struct embed_options){
		.pca_dims = 50,
		.perplexity = 30,
		.neighbours = EMBED_KNN_AUTO,
		.method = EMBED_METHOD_AUTO,
		.theta = 0.3,
		.iterations = 1000,
		.exaggeration_iters = 250,
		.exaggeration = 12,
		.late_exaggeration = 1,
		.learning_rate = 0,
		.max_step = 0,
		.init = EMBED_INIT_PCA,
		.init_sd = 1e-4,
		.seed = 1,
		.threads = 0,
	};
}

enum embed_knn
embed_knn_method(const struct embed_options *o, size_t n)
{
	if (o->neighbours != EMBED_KNN_AUTO)
		return o->neighbours;
	return n >= EMBED_APPROX_FROM ? EMBED_KNN_APPROX : EMBED_KNN_EXACT;
}

/* The first k of every row's K columns, in place. */
static void
keep_columns(uint32_t *idx, float *dist, size_t n, size_t K, size_t k)
{
	for (size_t i = 0; i < n; i++) {
		memmove(idx + i * k, idx + i * K, k * sizeof *idx);
		memmove(dist + i * k, dist + i * K, k * sizeof *dist);
	}
}

/*
 * The PCA start into Y (n x 2): the first two columns of the PCA space
 * when there is one, else the first two components of X.  Returns 0, or
 * -1 when there is nothing to start from (d < 2): a random start then.
 */
static int
pca_start(const float *X, size_t n, size_t d, const float *reduced,
    size_t dims, int threads, double *Y)
{
	float *two;

	if (reduced != NULL && dims >= 2) {
		for (size_t i = 0; i < n; i++) {
			Y[2 * i] = reduced[i * dims];
			Y[2 * i + 1] = reduced[i * dims + 1];
		}
		return 0;
	}
	if (d < 2)
		return -1;
	two = xmalloc(xmul(n, 2 * sizeof *two));
	pca_project(X, n, d, 2, two, NULL, NULL, threads, NULL, NULL);
	for (size_t i = 0; i < 2 * n; i++)
		Y[i] = two[i];
	free(two);
	return 0;
}

/* Options and sizes both entry points check alike: 0 fine, -1 not. */
static int
check_rows(size_t n, size_t d, const struct embed_options *o,
    uint32_t *nearest, size_t *nearest_k, char *err, size_t errlen)
{
	const char *bad = tsne_check_options(o, n, d);

	if (bad != NULL) {
		errbuf_set(err, errlen, "t-SNE: %s", bad);
		return -1;
	}
	if (nearest == NULL || n == 1)
		*nearest_k = 0;
	if (*nearest_k >= n) {
		errbuf_set(err, errlen, "%zu nearest of %zu rows", *nearest_k, n);
		return -1;
	}
	return 0;
}

/*
 * The rest of the pipeline from the space t-SNE starts in (n x dims;
 * `reduced`, when not NULL, is that space and is freed here as soon as
 * the neighbours are found): neighbours, affinities, descent.  Y holds
 * the start when pca_init.
 */
static int
embed_space(const float *space, float *reduced, size_t n, size_t dims,
    int pca_init, const struct embed_options *o, struct reporter *r,
    double *Y, double *kl_out, uint32_t *nearest, size_t nearest_k,
    char *err, size_t errlen)
{
	double perplexity = o->perplexity;
	struct tsne_csr P = {0};
	size_t k, K;
	uint32_t *idx;
	float *dist;
	int rc;

	/* Small inputs: each point's neighbourhood can hold at most the
	 * n - 1 others, so perplexity is lowered to (n - 1) / 3. */
	k = (size_t)floor(3 * perplexity);
	if (k > n - 1) {
		k = n - 1;
		perplexity = (double)(n - 1) / 3;
	}
	if (k < 1)
		k = 1;
	K = k > nearest_k ? k : nearest_k;

	r->stage = "neighbours";
	report(r, 0, 0, -1, 1);
	idx = xmalloc(xmul(xmul(n, K), sizeof *idx));
	dist = xmalloc(xmul(xmul(n, K), sizeof *dist));
	if (embed_knn_method(o, n) == EMBED_KNN_APPROX)
		rc = ann_search(space, n, dims, K, idx, dist, o->seed,
		    o->threads, report_tick, r, err, errlen);
	else
		rc = knn_search_tick(space, n, dims, K, idx, dist, o->threads,
		    report_tick, r, err, errlen);
	free(reduced);
	if (rc == 0) {
		for (size_t i = 0; i < n && nearest_k > 0; i++)
			memcpy(nearest + i * nearest_k, idx + i * K,
			    nearest_k * sizeof *idx);
		if (K > k)
			keep_columns(idx, dist, n, K, k);
		rc = tsne_affinities(idx, dist, n, k, perplexity, o->threads,
		    r, &P);
	}
	/* The graph is in P now: free it before the descent. */
	free(idx);
	free(dist);
	if (rc == 0)
		rc = tsne_optimise(&P, pca_init ? Y : NULL, o, r, Y, kl_out);
	tsne_csr_free(&P);
	return rc;
}

/* One row: the map is the origin. */
static int
embed_one(double *Y, double *kl_out)
{
	Y[0] = Y[1] = 0;
	if (kl_out != NULL)
		*kl_out = 0;
	return 0;
}

/*
 * Both entry points: the rows are X (n x d, dense) or, when X is NULL, S.
 * Sparse rows are made dense only when there is no PCA to reduce them
 * (they would be the space, read n x d times over by the neighbour
 * search); otherwise the PCA reads them as they are, to the same bits.
 */
static int
embed_either(const float *X, const struct sparse_rows *S, size_t n,
    size_t d, const struct embed_options *o,
    const struct embed_progress *progress, double *Y, double *kl_out,
    uint32_t *nearest, size_t nearest_k, char *err, size_t errlen)
{
	struct reporter r = { .p = progress, .stage = "pca", .last = 0 };
	const float *space = X;
	float *reduced = NULL;
	size_t dims = d;
	int pca_init = 0, rc;

	if (check_rows(n, d, o, nearest, &nearest_k, err, errlen) != 0)
		return -1;
	if (n == 1)
		return embed_one(Y, kl_out);
	if (X == NULL && (o->pca_dims < 2 || d <= o->pca_dims)) {
		float *dense = xmalloc(xmul(xmul(n, d), sizeof *dense));

		for (size_t i = 0; i < n; i++)
			sparse_row_dense(S, i, 0, d, dense + i * d);
		rc = embed_either(dense, NULL, n, d, o, progress, Y, kl_out,
		    nearest, nearest_k, err, errlen);
		free(dense);
		return rc;
	}
	if (o->pca_dims > 0 && d > o->pca_dims) {
		dims = o->pca_dims;
		report(&r, 0, 0, -1, 1);
		reduced = xmalloc(xmul(xmul(n, dims), sizeof *reduced));
		if ((X != NULL ? pca_project(X, n, d, dims, reduced, NULL,
		    NULL, o->threads, report_tick, &r) :
		    pca_project_sparse(S, dims, reduced, NULL, NULL,
		    o->threads, report_tick, &r)) != 0) {
			free(reduced);
			return 1;
		}
		report(&r, 1, 0, -1, 1);
		space = reduced;
	}
	/* With sparse rows there is a reduction of 2 dimensions or more,
	 * so the start never reads X. */
	if (o->init == EMBED_INIT_PCA)
		pca_init = pca_start(X, n, d, reduced, dims, o->threads, Y) == 0;
	return embed_space(space, reduced, n, dims, pca_init, o, &r, Y, kl_out,
	    nearest, nearest_k, err, errlen);
}

int
embed_rows(const float *X, size_t n, size_t d, const struct embed_options *o,
    const struct embed_progress *progress, double *Y, double *kl_out,
    uint32_t *nearest, size_t nearest_k, char *err, size_t errlen)
{
	return embed_either(X, NULL, n, d, o, progress, Y, kl_out, nearest,
	    nearest_k, err, errlen);
}

int
embed_sparse_rows(const struct sparse_rows *X, const struct embed_options *o,
    const struct embed_progress *progress, double *Y, double *kl_out,
    uint32_t *nearest, size_t nearest_k, char *err, size_t errlen)
{
	return embed_either(NULL, X, X->n, X->d, o, progress, Y, kl_out,
	    nearest, nearest_k, err, errlen);
}

int
embed_graph(const uint32_t *idx, const float *dist, size_t n, size_t k,
    const struct embed_options *o, const struct embed_progress *progress,
    double *Y, double *kl_out, char *err, size_t errlen)
{
	struct reporter r = { .p = progress, .stage = "bandwidths", .last = 0 };
	const char *bad = tsne_check_options(o, n, 1);
	double perplexity = o->perplexity;

	if (bad != NULL) {
		errbuf_set(err, errlen, "t-SNE: %s", bad);
		return -1;
	}
	/* The neighbourhoods given hold k points: a perplexity above k / 3
	 * could not be reached. */
	if (perplexity > (double)k / 3)
		perplexity = (double)k / 3;
	return tsne_embed_graph(idx, dist, n, k, perplexity, NULL, o, &r, Y,
	    kl_out);
}
