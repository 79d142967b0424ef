/*
 * tsne.c - the t-SNE pipeline and its optimiser (see tsne.h).
 *
 * References are to van der Maaten (2014), JMLR 15, 3221-3245:
 *	eq. 1	p_j|i = exp(-beta_i d_ij^2) / sum_k exp(-beta_i d_ik^2)
 *	eq. 2	p_ij = (p_j|i + p_i|j) / 2n
 *	eq. 3	q_ij = (1 + |y_i - y_j|^2)^-1 / Z
 *	eq. 4	C = KL(P || Q) = sum p_ij log(p_ij / q_ij)
 *	eq. 5	dC/dy_i = 4 sum_j (p_ij - q_ij) q_ij Z (y_i - y_j)
 *		        = 4 (F_attr - F_rep)
 * Section 3 restricts eq. 1 to the 3 x perplexity nearest neighbours, so P
 * is sparse (CSR, O(nk)); section 4 approximates F_rep with a quadtree.
 *
 * Invariants that make the map reproducible: every per-point quantity is
 * written to its own slot by whichever thread computes it, and every sum
 * over points (Z, KL, the mean of Y) is then taken serially in index
 * order.  The only random draws are the initial map, from one rng.
 *
 * The optimiser is the one of bhtsne and Rtsne, on eq. 5 without its
 * factor 4: P exaggerated by 12 and momentum 0.5 for the first 250
 * iterations, then momentum 0.8; per-coordinate gains (Jacobs 1988) that
 * grow by 0.2 when the step changes sign and shrink by 0.8 otherwise,
 * floored at 0.01; the map recentred after every step.
 *
 * Precision: the map, gains, steps and every sum over points are double.
 * P is stored in float (8 bytes an entry with its column: at n = 100,000
 * and k = 90 the sweep over P is the largest cost of an iteration), and
 * the attractive sweep and the tree's far field work in float too; their
 * relative error, about 1e-6, is far below that of the Barnes-Hut
 * approximation itself.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <omp.h>

#include "base/clock.h"
#include "base/rng.h"
#include "embed/fftrep.h"
#include "embed/report.h"
#include "embed/sptree.h"
#include "embed/tsne.h"
#include "base/errbuf.h"
#include "base/xalloc.h"

#define TSNE_TOL	1e-5	/* entropy tolerance of the bandwidth search */
#define TSNE_MAX_STEPS	200	/* bisection steps at most */
#define TSNE_KL_EVERY	50	/* iterations between KL evaluations */
#define TSNE_MIN_GAIN	0.01
#define TSNE_BLOCKS	8	/* progress ticks of the bandwidth stage */
#ifndef TSNE_FFT_CELLS		/* -D for the measurements */
#define TSNE_FFT_CELLS	6	/* auto: FFT while its grid has at most this
				   many cells a point (measured, README.md) */
#endif

static int
nthreads(int threads)
{
	return threads > 0 ? threads : omp_get_max_threads();
}

void
tsne_csr_free(struct tsne_csr *P)
{
	free(P->row);
	free(P->col);
	free(P->val);
	*P = (struct tsne_csr){0};
}

/* --- input similarities ---------------------------------------------- */

double
tsne_bandwidth(const float *dist, size_t k, double perplexity, double *p)
{
	double target = log(perplexity), dmin = INFINITY, mean = 0;
	double beta, lo = 0, hi = INFINITY, sum = 0;

	if (k == 0)
		return 1;
	/* Work with d^2 - min d^2: p is unchanged, exp() cannot underflow
	 * for all neighbours at once, and duplicates (d = 0) are harmless. */
	for (size_t j = 0; j < k; j++)
		dmin = fmin(dmin, (double)dist[j] * dist[j]);
	for (size_t j = 0; j < k; j++)
		mean += (double)dist[j] * dist[j] - dmin;
	mean /= (double)k;
	beta = mean > 0 ? 1 / mean : 1;	/* scale-free start */
	for (int step = 0; step < TSNE_MAX_STEPS; step++) {
		double h = 0;

		sum = 0;
		for (size_t j = 0; j < k; j++) {
			double d2 = (double)dist[j] * dist[j] - dmin;

			p[j] = exp(-beta * d2);
			sum += p[j];
			h += p[j] * d2;
		}
		/* H = log sum + beta <d^2>, the entropy of eq. 1's row. */
		h = log(sum) + beta * h / sum;
		if (fabs(h - target) < TSNE_TOL)
			break;
		if (h > target) {
			lo = beta;
			beta = isinf(hi) ? 2 * beta : (beta + hi) / 2;
		} else {
			hi = beta;
			beta = (beta + lo) / 2;
		}
	}
	for (size_t j = 0; j < k; j++)
		p[j] /= sum;
	return beta;
}

void
tsne_conditional(const float *dist, size_t n, size_t k, double perplexity,
    float *pcond, int threads)
{
	#pragma omp parallel num_threads(nthreads(threads))
	{
		double *row = xmalloc(xmul(k ? k : 1, sizeof *row));

		#pragma omp for schedule(dynamic, 256)
		for (size_t i = 0; i < n; i++) {
			tsne_bandwidth(dist + i * k, k, perplexity, row);
			for (size_t j = 0; j < k; j++)
				pcond[i * k + j] = (float)row[j];
		}
		free(row);
	}
}

struct entry {
	uint32_t j;
	float	 p;
};

static int
entry_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct entry *)a)->j, y = ((const struct entry *)b)->j;

	return x < y ? -1 : x > y;
}

/*
 * Merge row i of P (sorted copy in own) with row i of P^T (t, already
 * sorted by construction); write the union to col/val when non-NULL.
 */
static size_t
merge_row(const struct entry *own, size_t k, const struct entry *t,
    size_t nt, uint32_t *col, float *val, double scale)
{
	size_t a = 0, b = 0, m = 0;

	while (a < k || b < nt) {
		uint32_t j;
		double v = 0;

		if (b == nt || (a < k && own[a].j < t[b].j)) {
			j = own[a].j;
			v = own[a++].p;
		} else if (a == k || t[b].j < own[a].j) {
			j = t[b].j;
			v = t[b++].p;
		} else {
			j = own[a].j;
			v = (double)own[a++].p + t[b++].p;
		}
		if (col != NULL) {
			col[m] = j;
			val[m] = (float)(v * scale);
		}
		m++;
	}
	return m;
}

void
tsne_symmetrise(const uint32_t *idx, const float *pcond, size_t n, size_t k,
    struct tsne_csr *P, int threads)
{
	size_t *tstart = xcalloc(n + 1, sizeof *tstart), *fill, nnz;
	struct entry *tr = xmalloc(xmul(xmul(n, k) ? n * k : 1, sizeof *tr));
	double total = 0, *rowsum;
	int nth = nthreads(threads);

	/* P^T by counting sort: row j lists (i, p_j|i) in increasing i. */
	for (size_t e = 0; e < n * k; e++)
		tstart[idx[e] + 1]++;
	for (size_t j = 0; j < n; j++)
		tstart[j + 1] += tstart[j];
	fill = xmalloc(xmul(n ? n : 1, sizeof *fill));
	memcpy(fill, tstart, n * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		for (size_t m = 0; m < k; m++) {
			size_t e = i * k + m;

			tr[fill[idx[e]]++] = (struct entry){(uint32_t)i, pcond[e]};
		}
	free(fill);

	P->n = n;
	P->row = xcalloc(n + 1, sizeof *P->row);
	#pragma omp parallel num_threads(nth)
	{
		struct entry *own = xmalloc(xmul(k ? k : 1, sizeof *own));

		#pragma omp for schedule(dynamic, 256)
		for (size_t i = 0; i < n; i++) {
			for (size_t m = 0; m < k; m++)
				own[m] = (struct entry){idx[i * k + m],
				    pcond[i * k + m]};
			qsort(own, k, sizeof *own, entry_cmp);
			P->row[i + 1] = merge_row(own, k, tr + tstart[i],
			    tstart[i + 1] - tstart[i], NULL, NULL, 0);
		}
		free(own);
	}
	for (size_t i = 0; i < n; i++)
		P->row[i + 1] += P->row[i];
	nnz = P->row[n];
	P->col = xmalloc(xmul(nnz ? nnz : 1, sizeof *P->col));
	P->val = xmalloc(xmul(nnz ? nnz : 1, sizeof *P->val));
	rowsum = xcalloc(n ? n : 1, sizeof *rowsum);
	#pragma omp parallel num_threads(nth)
	{
		struct entry *own = xmalloc(xmul(k ? k : 1, sizeof *own));

		#pragma omp for schedule(dynamic, 256)
		for (size_t i = 0; i < n; i++) {
			for (size_t m = 0; m < k; m++)
				own[m] = (struct entry){idx[i * k + m],
				    pcond[i * k + m]};
			qsort(own, k, sizeof *own, entry_cmp);
			merge_row(own, k, tr + tstart[i], tstart[i + 1] -
			    tstart[i], P->col + P->row[i], P->val + P->row[i],
			    1 / (2.0 * (double)n));
			for (size_t e = P->row[i]; e < P->row[i + 1]; e++)
				rowsum[i] += P->val[e];
		}
		free(own);
	}
	/* Rows of p_j|i sum to 1, so this is 1 up to rounding: make it so. */
	for (size_t i = 0; i < n; i++)
		total += rowsum[i];
	if (total > 0)
		for (size_t e = 0; e < nnz; e++)
			P->val[e] = (float)(P->val[e] / total);
	free(rowsum);
	free(tr);
	free(tstart);
}

/* --- gradient -------------------------------------------------------- */

typedef float v8f __attribute__((vector_size(32)));

/*
 * F_attr of eq. 5 for one point: sum_j p_ij (y_i - y_j) / (1 + d_ij^2).
 * Sweeping the sparse P is the largest cost of an iteration and is bound
 * by gathering y_j, so it runs on a float copy of the map (half the bytes
 * to fetch), eight entries at a time, with the sums in double; the order
 * of every sum is fixed.  Compiled twice where the CPU may have AVX2
 * (same operations, no FMA: identical results).
 */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
#endif
static void
attract_row(const uint32_t *col, const float *val, size_t len,
    const float *Yf, size_t i, double *out)
{
	float yx = Yf[2 * i], yy = Yf[2 * i + 1], lx[8], ly[8];
	v8f sx = {0}, sy = {0}, one = sx + 1;
	double fx = 0, fy = 0;
	size_t e = 0;

	for (; e + 8 <= len; e += 8) {
		v8f jx, jy, p, dx, dy, pq;

		for (int l = 0; l < 8; l++) {
			jx[l] = Yf[2 * (size_t)col[e + l]];
			jy[l] = Yf[2 * (size_t)col[e + l] + 1];
		}
		memcpy(&p, val + e, sizeof p);
		dx = yx - jx;
		dy = yy - jy;
		pq = p / (one + dx * dx + dy * dy);
		sx += pq * dx;
		sy += pq * dy;
	}
	memcpy(lx, &sx, sizeof lx);
	memcpy(ly, &sy, sizeof ly);
	for (int l = 0; l < 8; l++) {
		fx += lx[l];
		fy += ly[l];
	}
	for (; e < len; e++) {
		size_t j = col[e];
		float dx = yx - Yf[2 * j], dy = yy - Yf[2 * j + 1];
		float pq = val[e] / (1 + dx * dx + dy * dy);

		fx += pq * dx;
		fy += pq * dy;
	}
	out[0] = fx;
	out[1] = fy;
}

/* F_attr of eq. 5 (times exaggeration) into grad, per point; Yf is
 * scratch for the float copy of Y. */
static void
attractive(const struct tsne_csr *P, const double *Y, double exaggeration,
    double *grad, float *Yf, int nth)
{
	#pragma omp parallel num_threads(nth)
	{
		#pragma omp for schedule(static)
		for (size_t i = 0; i < 2 * P->n; i++)
			Yf[i] = (float)Y[i];
		#pragma omp for schedule(dynamic, 256)
		for (size_t i = 0; i < P->n; i++) {
			double f[2];

			attract_row(P->col + P->row[i], P->val + P->row[i],
			    P->row[i + 1] - P->row[i], Yf, i, f);
			grad[2 * i] = exaggeration * f[0];
			grad[2 * i + 1] = exaggeration * f[1];
		}
	}
}

/* Exact repulsion sums per point, the twin of sptree_repulsion(). */
static void
repulsion_exact(const double *Y, size_t n, double *rep, double *sumq, int nth)
{
	#pragma omp parallel for schedule(dynamic, 64) num_threads(nth)
	for (size_t i = 0; i < n; i++) {
		double z = 0, fx = 0, fy = 0;

		for (size_t j = 0; j < n; j++) {
			double dx = Y[2 * i] - Y[2 * j], dy = Y[2 * i + 1] -
			    Y[2 * j + 1], q;

			if (j == i)
				continue;
			q = 1 / (1 + dx * dx + dy * dy);
			z += q;
			fx += q * q * dx;
			fy += q * q * dy;
		}
		sumq[i] = z;
		rep[2 * i] = fx;
		rep[2 * i + 1] = fy;
	}
}

static double
serial_sum(const double *v, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s;
}

/* grad = F_attr - F_rep, with rep and sumq from either repulsion. */
static double
combine(size_t n, const double *rep, const double *sumq, double *grad)
{
	double z = serial_sum(sumq, n);
	double inv = z > 0 ? 1 / z : 0;

	for (size_t i = 0; i < 2 * n; i++)
		grad[i] -= rep[i] * inv;
	return z;
}

struct workspace {
	double		*rep, *sumq;
	float		*yf;		/* float copy of Y */
	struct sptree	*tree;
	struct fftrep	*fft;		/* NULL: Barnes-Hut, or exact */
};

/* The repulsion sums by the workspace's method. */
static void
repulsion(const double *Y, size_t n, double theta, struct workspace *w,
    int nth)
{
	if (w->fft != NULL)
		fftrep_repulsion(w->fft, Y, n, w->rep, w->sumq, nth);
	else if (theta > 0) {
		sptree_build(w->tree, Y, n, nth);
		sptree_repulsion(w->tree, theta, w->rep, w->sumq, nth);
	} else
		repulsion_exact(Y, n, w->rep, w->sumq, nth);
}

static double
gradient(const struct tsne_csr *P, const double *Y, double exaggeration,
    double theta, struct workspace *w, double *grad, int nth)
{
	attractive(P, Y, exaggeration, grad, w->yf, nth);
	repulsion(Y, P->n, theta, w, nth);
	return combine(P->n, w->rep, w->sumq, grad);
}

static double
gradient_alloc(const struct tsne_csr *P, const double *Y, double exaggeration,
    double theta, struct sptree *tree, double *grad, int threads)
{
	struct workspace w = {
		.rep = xmalloc(xmul(P->n ? 2 * P->n : 1, sizeof *w.rep)),
		.sumq = xmalloc(xmul(P->n ? P->n : 1, sizeof *w.sumq)),
		.yf = xmalloc(xmul(P->n ? 2 * P->n : 1, sizeof *w.yf)),
		.tree = tree,
		.fft = NULL,
	};
	double z = gradient(P, Y, exaggeration, theta, &w, grad,
	    nthreads(threads));

	free(w.rep);
	free(w.sumq);
	free(w.yf);
	return z;
}

double
tsne_gradient_exact(const struct tsne_csr *P, const double *Y,
    double exaggeration, double *grad, int threads)
{
	return gradient_alloc(P, Y, exaggeration, 0, NULL, grad, threads);
}

double
tsne_gradient_bh(const struct tsne_csr *P, const double *Y,
    double exaggeration, double theta, struct sptree *tree, double *grad,
    int threads)
{
	return gradient_alloc(P, Y, exaggeration, theta, tree, grad, threads);
}

double
tsne_gradient_fft(const struct tsne_csr *P, const double *Y,
    double exaggeration, struct fftrep *fft, double *grad, int threads)
{
	struct workspace w = {
		.rep = xmalloc(xmul(P->n ? 2 * P->n : 1, sizeof *w.rep)),
		.sumq = xmalloc(xmul(P->n ? P->n : 1, sizeof *w.sumq)),
		.yf = xmalloc(xmul(P->n ? 2 * P->n : 1, sizeof *w.yf)),
		.tree = NULL,
		.fft = fft,
	};
	double z = gradient(P, Y, exaggeration, 0, &w, grad,
	    nthreads(threads));

	free(w.rep);
	free(w.sumq);
	free(w.yf);
	return z;
}

double
tsne_z(const double *Y, size_t n, double theta, struct sptree *tree,
    int threads)
{
	double *rep = xmalloc(xmul(n ? 2 * n : 1, sizeof *rep));
	double *sumq = xmalloc(xmul(n ? n : 1, sizeof *sumq)), z;

	if (theta > 0) {
		sptree_build(tree, Y, n, threads);
		sptree_repulsion(tree, theta, rep, sumq, threads);
	} else
		repulsion_exact(Y, n, rep, sumq, nthreads(threads));
	z = serial_sum(sumq, n);
	free(rep);
	free(sumq);
	return z;
}

double
tsne_kl(const struct tsne_csr *P, const double *Y, double z, int threads)
{
	double *part = xcalloc(P->n ? P->n : 1, sizeof *part), kl;
	double logz = log(z);

	#pragma omp parallel for schedule(dynamic, 256) \
	    num_threads(nthreads(threads))
	for (size_t i = 0; i < P->n; i++) {
		double s = 0;

		for (size_t e = P->row[i]; e < P->row[i + 1]; e++) {
			size_t j = P->col[e];
			double dx = Y[2 * i] - Y[2 * j];
			double dy = Y[2 * i + 1] - Y[2 * j + 1];
			double p = P->val[e];

			/* log(p / q) with q = (1 + d^2)^-1 / Z, eq. 3-4. */
			if (p > 0)
				s += p * (log(p) + log1p(dx * dx + dy * dy) +
				    logz);
		}
		part[i] = s;
	}
	kl = serial_sum(part, P->n);
	free(part);
	return kl;
}

/* --- from the neighbour graph to the map ----------------------------- */

const char *
tsne_check_options(const struct embed_options *o, size_t n, size_t d)
{
	if (n == 0)
		return "no points to embed";
	if (d == 0)
		return "points have no dimensions";
	if (n >= (size_t)INT32_MAX)
		return "too many points to embed";
	if (!(o->perplexity > 0) || !isfinite(o->perplexity))
		return "perplexity must be positive";
	if (!(o->theta >= 0) || !isfinite(o->theta))
		return "theta must be 0 or positive";
	if (o->iterations < 0 || o->exaggeration_iters < 0)
		return "iteration counts must not be negative";
	if (!(o->exaggeration > 0) || !isfinite(o->exaggeration))
		return "exaggeration must be positive";
	if (!isfinite(o->learning_rate))
		return "learning rate must be finite";
	if (!(o->late_exaggeration > 0) || !isfinite(o->late_exaggeration))
		return "late exaggeration must be positive";
	if (isnan(o->max_step))
		return "the step cap must be a number";
	if (!(o->init_sd > 0) || !isfinite(o->init_sd))
		return "the start's deviation must be positive";
	if (o->method == EMBED_METHOD_FFT && !fftrep_available())
		return "the FFT method needs FFTW, which this flowmap was "
		    "built without";
	return NULL;
}

int
tsne_affinities(const uint32_t *idx, float *dist, size_t n, size_t k,
    double perplexity, int threads, struct reporter *r, struct tsne_csr *P)
{
	r->stage = "bandwidths";
	report(r, 0, 0, -1, 1);
	/* A row's p_j|i replace its distances once they are read: at a
	 * million points the separate array was 360 MB more at the peak. */
	for (int b = 0; b < TSNE_BLOCKS; b++) {
		size_t lo = n * (size_t)b / TSNE_BLOCKS;
		size_t hi = n * (size_t)(b + 1) / TSNE_BLOCKS;

		tsne_conditional(dist + lo * k, hi - lo, k, perplexity,
		    dist + lo * k, threads);
		if (report_tick(r, (double)hi / (double)n))
			return 1;
	}
	tsne_symmetrise(idx, dist, n, k, P, threads);
	return 0;
}

static void
recentre(double *Y, size_t n)
{
	double mx = 0, my = 0;

	for (size_t i = 0; i < n; i++) {
		mx += Y[2 * i];
		my += Y[2 * i + 1];
	}
	mx /= (double)n;
	my /= (double)n;
	for (size_t i = 0; i < n; i++) {
		Y[2 * i] -= mx;
		Y[2 * i + 1] -= my;
	}
}

/*
 * The start: init scaled so that its first axis has standard deviation
 * o->init_sd (Kobak & Berens 2019: a PCA start as small as the random
 * one, so that early exaggeration works the same), or Gaussian noise of
 * that deviation from the seed.
 */
static void
start(const double *init, size_t n, const struct embed_options *o, double *Y)
{
	struct rng rng;
	double mean = 0, var = 0, scale;

	if (init == NULL) {
		rng_seed(&rng, o->seed);
		for (size_t i = 0; i < 2 * n; i++)
			Y[i] = o->init_sd * rng_normal(&rng);
		return;
	}
	for (size_t i = 0; i < n; i++)
		mean += init[2 * i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		var += (init[2 * i] - mean) * (init[2 * i] - mean);
	var /= (double)n;
	scale = var > 0 ? o->init_sd / sqrt(var) : 0;
	for (size_t i = 0; i < 2 * n; i++)
		Y[i] = scale * init[i];
	recentre(Y, n);
}

/* The learning rate: given, or max(200, n / 12) (Belkina et al. 2019,
 * with eq. 5 lacking its factor 4 as here: n / 12 is n / early
 * exaggeration). */
double
tsne_learning_rate(const struct embed_options *o, size_t n)
{
	return o->learning_rate > 0 ? o->learning_rate :
	    fmax(200, (double)n / 12);
}

/*
 * Whether this iteration's repulsion goes by FFT.  auto: the FFT's cost
 * is its points' plus its grid's, which grows with the map's area; Barnes-
 * Hut's grows with n log n.  At 50,000 points the two met at 6 to 8 grid
 * cells a point (README.md): the FFT wins while the map is small (the
 * first few hundred iterations), Barnes-Hut once it has spread.  The
 * choice depends on Y alone, so the map stays the same at any number of
 * threads.
 */
static int
use_fft(const struct embed_options *o, const double *Y, size_t n, int nth)
{
	if (o->method != EMBED_METHOD_AUTO || !fftrep_available())
		return o->method == EMBED_METHOD_FFT;
	return fftrep_cells(Y, n, nth) <= TSNE_FFT_CELLS * n;
}

int
tsne_optimise(const struct tsne_csr *P, const double *init,
    const struct embed_options *o, struct reporter *r, double *Y,
    double *kl_out)
{
	size_t n = P->n;
	double *grad = xmalloc(xmul(2 * n, sizeof *grad));
	double *uy = xcalloc(2 * n, sizeof *uy);
	double *gains = xmalloc(xmul(2 * n, sizeof *gains));
	double eta = tsne_learning_rate(o, n);
	double cap2 = o->max_step > 0 ? o->max_step * o->max_step : INFINITY;
	int nth = nthreads(o->threads), rc = 0;
	struct sptree tree;
	struct fftrep fft;
	struct workspace w;
	double kl;

	sptree_init(&tree);
	fftrep_init(&fft);
	w.rep = xmalloc(xmul(2 * n, sizeof *w.rep));
	w.sumq = xmalloc(xmul(n, sizeof *w.sumq));
	w.yf = xmalloc(xmul(2 * n, sizeof *w.yf));
	w.tree = &tree;
	start(init, n, o, Y);
	for (size_t i = 0; i < 2 * n; i++)
		gains[i] = 1;
	r->stage = "gradient descent";
	report(r, 0, 0, -1, 1);
	for (int it = 0; it < o->iterations; it++) {
		int early = it < o->exaggeration_iters;
		double mom = early ? 0.5 : 0.8;
		double z;

		w.fft = use_fft(o, Y, n, nth) ? &fft : NULL;
		z = gradient(P, Y, early ? o->exaggeration :
		    o->late_exaggeration, o->theta, &w, grad, nth);

		if ((it + 1) % TSNE_KL_EVERY == 0) {
			kl = tsne_kl(P, Y, z, o->threads);
			report(r, (double)it / o->iterations, it, kl, 1);
		} else
			report(r, (double)it / o->iterations, it, -1, 0);
		for (size_t i = 0; i < 2 * n; i++) {
			/* Jacobs' (1988) adaptive gains. */
			if ((grad[i] > 0) != (uy[i] > 0))
				gains[i] += 0.2;
			else
				gains[i] *= 0.8;
			if (gains[i] < TSNE_MIN_GAIN)
				gains[i] = TSNE_MIN_GAIN;
			uy[i] = mom * uy[i] - eta * gains[i] * grad[i];
		}
		/* A point's step is capped: with a large learning rate the
		 * first steps out of the tiny start can throw a few points
		 * far off, and they then drag the map's scale. */
		for (size_t i = 0; i < n; i++) {
			double s2 = uy[2 * i] * uy[2 * i] + uy[2 * i + 1] *
			    uy[2 * i + 1];

			if (s2 > cap2) {
				double f = o->max_step / sqrt(s2);

				uy[2 * i] *= f;
				uy[2 * i + 1] *= f;
			}
			Y[2 * i] += uy[2 * i];
			Y[2 * i + 1] += uy[2 * i + 1];
		}
		recentre(Y, n);
		if (report_cancelled(r)) {
			rc = 1;
			goto out;
		}
	}
	w.fft = use_fft(o, Y, n, nth) ? &fft : NULL;
	repulsion(Y, n, o->theta, &w, nth);
	kl = tsne_kl(P, Y, serial_sum(w.sumq, n), o->threads);
	report(r, 1, o->iterations, kl, 1);
	if (kl_out != NULL)
		*kl_out = kl;
out:
	sptree_free(&tree);
	fftrep_free(&fft);
	free(w.rep);
	free(w.sumq);
	free(w.yf);
	free(gains);
	free(uy);
	free(grad);
	return rc;
}

int
tsne_embed_graph(const uint32_t *idx, const float *dist, size_t n, size_t k,
    double perplexity, const double *init, const struct embed_options *o,
    struct reporter *r, double *Y, double *kl_out)
{
	struct tsne_csr P = {0};
	float *pcond;
	int rc;

	if (n == 1 || k == 0) {
		memset(Y, 0, 2 * n * sizeof *Y);
		if (kl_out != NULL)
			*kl_out = 0;
		return 0;
	}
	pcond = xmalloc(xmul(xmul(n, k), sizeof *pcond));
	memcpy(pcond, dist, n * k * sizeof *pcond);
	rc = tsne_affinities(idx, pcond, n, k, perplexity, o->threads, r, &P);
	free(pcond);
	if (rc == 0)
		rc = tsne_optimise(&P, init, o, r, Y, kl_out);
	tsne_csr_free(&P);
	return rc;
}
