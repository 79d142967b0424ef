/*
 * embed.c - the one embedding pipeline (see embed.h).
 *
 * PCA first, once, so that the neighbours of the "most similar" list are
 * found in the very space t-SNE starts from; then one exact neighbour
 * search for the larger of t-SNE's 3 x perplexity and that list (their
 * order is unique, ties by row index, so the first columns of a longer
 * search are the shorter search); then t-SNE on the graph.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/errbuf.h"
#include "base/xalloc.h"
#include "embed/embed.h"
#include "embed/knn.h"
#include "embed/pca.h"
#include "embed/report.h"
#include "embed/tsne.h"

void
embed_options_default(struct embed_options *o)
{
	*o = (struct embed_options){
		.pca_dims = 50,
		.perplexity = 30,
		.theta = 0.5,
		.iterations = 1000,
		.exaggeration_iters = 250,
		.exaggeration = 12,
		.learning_rate = 200,
		.seed = 1,
		.threads = 0,
	};
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

int
embed_rows(const float *X, size_t n, size_t d, const struct embed_options *o,
    const struct embed_progress *progress, double *Y, double *kl_out,
    uint32_t *nearest, size_t nearest_k, char *err, size_t errlen)
{
	struct reporter r = { .p = progress, .stage = "pca", .last = 0 };
	const char *bad = tsne_check_options(o, n, d);
	const float *space = X;
	float *reduced = NULL, *dist;
	double perplexity = o->perplexity;
	size_t dims = d, k, K;
	uint32_t *idx;
	int rc;

	if (bad != NULL) {
		errbuf_set(err, errlen, "t-SNE: %s", bad);
		return -1;
	}
	if (nearest == NULL || n == 1)
		nearest_k = 0;
	if (nearest_k >= n) {
		errbuf_set(err, errlen, "%zu nearest of %zu rows", nearest_k, n);
		return -1;
	}
	if (n == 1) {
		Y[0] = Y[1] = 0;
		if (kl_out != NULL)
			*kl_out = 0;
		return 0;
	}
	if (o->pca_dims > 0 && d > o->pca_dims) {
		dims = o->pca_dims;
		report(&r, 0, 0, -1, 1);
		reduced = xmalloc(xmul(xmul(n, dims), sizeof *reduced));
		if (pca_project(X, n, d, dims, reduced, NULL, NULL,
		    o->threads, report_tick, &r) != 0) {
			free(reduced);
			return 1;
		}
		report(&r, 1, 0, -1, 1);
		space = reduced;
	}
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

	r.stage = "neighbours";
	report(&r, 0, 0, -1, 1);
	idx = xmalloc(xmul(xmul(n, K), sizeof *idx));
	dist = xmalloc(xmul(xmul(n, K), sizeof *dist));
	rc = knn_search_tick(space, n, dims, K, idx, dist, o->threads,
	    report_tick, &r, err, errlen);
	free(reduced);
	if (rc == 0) {
		for (size_t i = 0; i < n && nearest_k > 0; i++)
			memcpy(nearest + i * nearest_k, idx + i * K,
			    nearest_k * sizeof *idx);
		if (K > k)
			keep_columns(idx, dist, n, K, k);
		rc = tsne_embed_graph(idx, dist, n, k, perplexity, o, &r, Y,
		    kl_out);
	}
	free(idx);
	free(dist);
	return rc;
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
	return tsne_embed_graph(idx, dist, n, k, perplexity, o, &r, Y, kl_out);
}
