/*
 * tsne.h - Barnes-Hut t-SNE (van der Maaten 2014, "Accelerating t-SNE
 * using tree-based algorithms", JMLR 15): n points in d dimensions to a
 * map in the plane.
 *
 * tsne_embed() is the whole pipeline: PCA (pca.h) -> k nearest neighbours
 * (knn.h) -> per-point bandwidths -> the sparse symmetric P -> gradient
 * descent with a Barnes-Hut quadtree (sptree.h) for the repulsive forces.
 * It neither prints nor exits: errors come back as -1 and a message,
 * progress and cancellation go through struct tsne_progress.  The same
 * input, options and seed give the same map, bit for bit, whatever the
 * number of threads.
 *
 * The stages are exported for the tests, each with a brute-force twin
 * there; the gradients follow bhtsne and Rtsne in leaving out eq. 5's
 * factor 4, which the default learning rate of 200 assumes.
 */
#ifndef FLOWMAP_TSNE_H
#define FLOWMAP_TSNE_H

#include <stddef.h>
#include <stdint.h>

#include "embed/sptree.h"

struct tsne_options {
	size_t	 pca_dims;	/* 50; 0 = no PCA, also skipped when d <= pca_dims */
	double	 perplexity;	/* 30; lowered to (n - 1) / 3 for small n */
	double	 theta;		/* 0.5; 0 = exact gradient (O(n^2)) */
	int	 iterations;	/* 1000 */
	int	 exaggeration_iters; /* 250; momentum 0.5 -> 0.8 there too */
	double	 exaggeration;	/* 12 */
	double	 learning_rate;	/* 200, or <= 0 for max(200, n / 12) */
	uint64_t seed;		/* 1 */
	int	 threads;	/* 0 = the OpenMP default */
};

void	tsne_options_default(struct tsne_options *o);

struct tsne_progress {
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
 * kl_out (may be NULL): the final Kullback-Leibler divergence.  progress
 * may be NULL.  Returns 0 ok, 1 cancelled, -1 error with message in err.
 */
int	tsne_embed(const float *X, size_t n, size_t d,
	    const struct tsne_options *o, const struct tsne_progress *progress,
	    double *Y, double *kl_out, char *err, size_t errlen);

/*
 * The same from neighbourhoods given (idx, dist: n x k, nearest first,
 * distances Euclidean-like), for data whose neighbours are found another
 * way (the communications map: sparse cosine).  Perplexity is capped at
 * k / 3.
 */
int	tsne_embed_knn(const uint32_t *idx, const float *dist, size_t n,
	    size_t k, const struct tsne_options *o,
	    const struct tsne_progress *progress, double *Y, double *kl_out,
	    char *err, size_t errlen);

/* --- stages, for the tests ------------------------------------------- */

/* Sparse symmetric P in CSR form; columns sorted within a row. */
struct tsne_csr {
	size_t	  n;
	size_t	 *row;		/* n + 1 offsets */
	uint32_t *col;
	float	 *val;
};

void	tsne_csr_free(struct tsne_csr *P);

/*
 * One row of eq. 1: p_j|i = exp(-beta d_j^2) / sum, over the k neighbour
 * distances dist (Euclidean), with beta found by bisection so that the
 * entropy (natural log) is log(perplexity) within 1e-5.  Writes p (k
 * values summing to 1); returns beta.
 */
double	tsne_bandwidth(const float *dist, size_t k, double perplexity,
	    double *p);

/* All rows: pcond (n x k) from the kNN distances, in parallel. */
void	tsne_conditional(const float *dist, size_t n, size_t k,
	    double perplexity, float *pcond, int threads);

/*
 * p_ij = (p_j|i + p_i|j) / 2n (eq. 2 over the kNN graph, sec. 3),
 * renormalised to sum to 1.  A row of idx must hold neither its own
 * index nor a repeat (knn_search() guarantees both).  Allocates P; free
 * with tsne_csr_free().
 */
void	tsne_symmetrise(const uint32_t *idx, const float *pcond, size_t n,
	    size_t k, struct tsne_csr *P, int threads);

/*
 * grad (n x 2) = eq. 5 / 4 with P multiplied by exaggeration:
 * exaggeration * sum_j p_ij q_ij Z (y_i - y_j) - sum_j q_ij^2 Z (y_i - y_j).
 * The exact version costs O(n^2); the Barnes-Hut one builds tree (which
 * the caller keeps between calls) over Y.  Both return Z.
 */
double	tsne_gradient_exact(const struct tsne_csr *P, const double *Y,
	    double exaggeration, double *grad, int threads);
double	tsne_gradient_bh(const struct tsne_csr *P, const double *Y,
	    double exaggeration, double theta, struct sptree *tree,
	    double *grad, int threads);

/* Z = sum_{i != j} (1 + |y_i - y_j|^2)^-1, exactly or by the tree. */
double	tsne_z(const double *Y, size_t n, double theta, struct sptree *tree,
	    int threads);
/* KL(P || Q) (eq. 4) for the map Y whose normaliser is z. */
double	tsne_kl(const struct tsne_csr *P, const double *Y, double z,
	    int threads);

#endif
