/*
 * embed.h - the embedding stage: rows of features to points in the plane.
 *
 * The one pipeline (embed.c): PCA to pca_dims (pca.h), the k nearest
 * neighbours once (knn.h exact, or ann.h approximate for large n), then
 * t-SNE on that graph (tsne.h: the repulsion by a Barnes-Hut quadtree,
 * sptree.h, or by interpolation and FFT, fftrep.h).  The same neighbour
 * search gives the "most similar" list of each row: the first nearest_k
 * columns of the graph.  embed_graph() starts from a neighbour graph
 * found elsewhere (the communications map).
 *
 * Nothing here prints or exits: errors come back as -1 with a message,
 * progress and cancellation go through struct embed_progress.  The same
 * input, options and seed give the same map, bit for bit, whatever the
 * number of threads.
 */
#ifndef FLOWMAP_EMBED_EMBED_H
#define FLOWMAP_EMBED_EMBED_H

#include <stddef.h>
#include <stdint.h>

#include "base/sparse.h"

/* How the map starts (embed.c). */
enum embed_init {
	EMBED_INIT_PCA,		/* the first two principal components */
	EMBED_INIT_RANDOM,	/* Gaussian, from the seed */
};

/* How t-SNE sums the repulsive forces (tsne.c). */
enum embed_method {
	EMBED_METHOD_AUTO,	/* by n, as measured (tsne.c) */
	EMBED_METHOD_BH,	/* Barnes-Hut quadtree (sptree.h) */
	EMBED_METHOD_FFT,	/* interpolation and FFT (fftrep.h); FFTW */
};

/* How the nearest neighbours are found (embed.c). */
enum embed_knn {
	EMBED_KNN_AUTO,		/* by n, as measured (embed.c) */
	EMBED_KNN_EXACT,	/* knn.h */
	EMBED_KNN_APPROX,	/* annoy.h: recall >= 0.99 measured */
};

struct embed_options {
	size_t	 pca_dims;	/* 50; 0 = no PCA, also skipped when d <= pca_dims */
	double	 perplexity;	/* 30; lowered to (n - 1) / 3 for small n */
	enum embed_knn neighbours; /* EMBED_KNN_AUTO */
	enum embed_method method; /* EMBED_METHOD_AUTO */
	double	 theta;		/* 0.3; Barnes-Hut only, 0 = exact (O(n^2)) */
	int	 iterations;	/* 1000 */
	int	 exaggeration_iters; /* 250; momentum 0.5 -> 0.8 there too */
	double	 exaggeration;	/* 12 */
	double	 late_exaggeration; /* 1 (none): P's factor after the early phase */
	double	 learning_rate;	/* <= 0 (default): max(200, n / 12) */
	double	 max_step;	/* cap on a point's step per iteration; <= 0 (default) none */
	enum embed_init init;	/* EMBED_INIT_PCA; the comms map starts random */
	double	 init_sd;	/* 1e-4: sd of the start's first axis */
	uint64_t seed;		/* 1 */
	int	 threads;	/* 0 = the OpenMP default */
};

void	embed_options_default(struct embed_options *o);
/* The neighbour search o asks for at n rows, auto resolved. */
enum embed_knn embed_knn_method(const struct embed_options *o, size_t n);

struct embed_progress {
	/*
	 * stage: "pca", "neighbours", "bandwidths", "gradient descent";
	 * fraction 0..1 of that stage; iter and kl valid in gradient descent
	 * (kl < 0 when not computed this call).  Called from the calling
	 * thread only, at most about five times a second, and always when a
	 * stage ends or a KL value is new.  Any member may be NULL.
	 */
	void	(*report)(void *ctx, const char *stage, double fraction,
		    int iter, double kl);
	int	(*cancelled)(void *ctx);	/* non-zero: stop soon, return 1 */
	void	 *ctx;
};

/*
 * X: n x d row-major floats (not modified).  Y: out, n x 2 doubles.
 * kl_out (may be NULL): the final Kullback-Leibler divergence.  nearest
 * (may be NULL): out, n x nearest_k row indexes, each row's nearest other
 * rows in the space t-SNE starts from, nearest first (nearest_k < n).
 * progress may be NULL.  Returns 0 ok, 1 cancelled, -1 error with the
 * message in err.
 */
int	embed_rows(const float *X, size_t n, size_t d,
	    const struct embed_options *o, const struct embed_progress *progress,
	    double *Y, double *kl_out, uint32_t *nearest, size_t nearest_k,
	    char *err, size_t errlen);

/*
 * embed_rows() of rows stored by their non-zeros (sparse.h): the same map,
 * bit for bit, as from the dense rows, without them ever being dense
 * (unless there is no PCA to do: pca_dims 0, or d <= pca_dims).
 */
int	embed_sparse_rows(const struct sparse_rows *X,
	    const struct embed_options *o, const struct embed_progress *progress,
	    double *Y, double *kl_out, uint32_t *nearest, size_t nearest_k,
	    char *err, size_t errlen);

/*
 * The map of a neighbour graph given (idx, dist: n x k, nearest first,
 * distances Euclidean-like), for data whose neighbours are found another
 * way (the communications map: sparse cosine).  Perplexity is capped at
 * k / 3.
 */
int	embed_graph(const uint32_t *idx, const float *dist, size_t n,
	    size_t k, const struct embed_options *o,
	    const struct embed_progress *progress, double *Y, double *kl_out,
	    char *err, size_t errlen);

#endif
