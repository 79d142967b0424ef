/*
 * tsne.h - Barnes-Hut t-SNE (van der Maaten 2014, "Accelerating t-SNE
 * using tree-based algorithms", JMLR 15): n points in d dimensions to a
 * map in the plane.
 *
 * From a neighbour graph (embed.c finds it) to the map: per-point
 * bandwidths -> the sparse symmetric P -> gradient descent with a
 * Barnes-Hut quadtree (sptree.h) for the repulsive forces.  It neither
 * prints nor exits; progress and cancellation go through embed.c's
 * reporter.  The same graph, options and seed give the same map, bit for
 * bit, whatever the number of threads.
 *
 * The stages are exported for the tests, each with a brute-force twin
 * there; the gradients follow bhtsne and Rtsne in leaving out eq. 5's
 * factor 4, which the default learning rate of 200 assumes.
 */
#ifndef FLOWMAP_TSNE_H
#define FLOWMAP_TSNE_H

#include <stddef.h>
#include <stdint.h>

#include "embed/embed.h"
#include "embed/fftrep.h"
#include "embed/sptree.h"

struct reporter;
struct tsne_csr;

/* What is wrong with the options for n points of d dimensions, or NULL. */
const char *tsne_check_options(const struct embed_options *o, size_t n,
	    size_t d);

/*
 * The map Y (n x 2) of the neighbour graph idx, dist (n x k, nearest
 * first, no row its own neighbour nor one twice): bandwidths for the
 * given perplexity, the symmetric P, then gradient descent from init
 * (n x 2, scaled to o->init_sd; NULL: a seeded Gaussian start).  Y may
 * be init.  kl_out may be NULL.  Returns 0, or 1 when cancelled.
 */
int	tsne_embed_graph(const uint32_t *idx, const float *dist, size_t n,
	    size_t k, double perplexity, const double *init,
	    const struct embed_options *o, struct reporter *r, double *Y,
	    double *kl_out);

/*
 * The same in two steps, for a caller that frees the graph in between:
 * tsne_affinities() turns the graph into P (tsne_csr_free() it),
 * overwriting dist with the p_j|i on the way; tsne_optimise() is the
 * gradient descent (n >= 2).  Each returns 0, or 1 when cancelled.
 */
int	tsne_affinities(const uint32_t *idx, float *dist, size_t n, size_t k,
	    double perplexity, int threads, struct reporter *r,
	    struct tsne_csr *P);
int	tsne_optimise(const struct tsne_csr *P, const double *init,
	    const struct embed_options *o, struct reporter *r, double *Y,
	    double *kl_out);

/* The learning rate o asks for at n points. */
double	tsne_learning_rate(const struct embed_options *o, size_t n);

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

/* The same by interpolation and FFT (fftrep.h; needs FFTW). */
double	tsne_gradient_fft(const struct tsne_csr *P, const double *Y,
	    double exaggeration, struct fftrep *fft, double *grad,
	    int threads);

/* Z = sum_{i != j} (1 + |y_i - y_j|^2)^-1, exactly or by the tree. */
double	tsne_z(const double *Y, size_t n, double theta, struct sptree *tree,
	    int threads);
/* KL(P || Q) (eq. 4) for the map Y whose normaliser is z. */
double	tsne_kl(const struct tsne_csr *P, const double *Y, double z,
	    int threads);

#endif
