/*
 * fftrep.c - repulsion by polynomial interpolation and FFT (see fftrep.h).
 *
 * Linderman et al. (2019), sec. "FFT-accelerated interpolation": the sums
 * of fftrep.h are sums of kernels over all pairs,
 *	sumq[i] = sum_j K1(y_i, y_j),		K1 = (1 + |y_i - y_j|^2)^-1,
 *	rep[i] = sum_j K2(y_i, y_j) (y_i - y_j),	K2 = K1^2,
 *	       = y_i phi_1(i) - (phi_x(i), phi_y(i)),
 *	phi_c(i) = sum_j K2(y_i, y_j) charge_c(j), charges 1, x_j, y_j,
 * minus point i's own term (K1(y_i, y_i) = 1 in sumq, 0 in rep).  Every
 * phi of K2 uses one and the same approximation K2~, so rep is exactly
 * sum_j K2~ (y_i - y_j): its error is that of K2~, not multiplied by the
 * size of the coordinates (taken from the grid's centre).
 *
 * K~: the map's bounding square is cut into B x B boxes of width h (1
 * map unit once the map is FFTREP_MIN_BOXES units wide, less before),
 * each with FFTREP_TERMS x FFTREP_TERMS interpolation nodes at the centres
 * of its sub-cells, so that all nodes form one regular grid of spacing
 * h / FFTREP_TERMS.  A point's charges are spread onto the nodes of its
 * box with the Lagrange polynomials of its position (one factor per
 * axis); the kernels are applied node to node, which on a regular grid
 * is a discrete convolution, done by FFT on the grid zero-padded to twice
 * its size (a circulant embedding of the Toeplitz matrix); each point
 * then reads its sums back with the same polynomials.  Per evaluation:
 * O(n TERMS^2) for the points, three forward and four inverse FFTs of
 * the padded grid (the charge 1 serves both kernels), and the kernels'
 * transforms only when the grid's size or spacing changes, which the
 * rounding of both makes rare.  Measured against the exact sums
 * (tests/unit/test_fftrep.c): forces within 1.5% of their norm, sums of
 * q within 5% per point where clusters are dense.
 *
 * The FFTs are in double: in float their rounding, relative to the
 * grid's largest values, swamps the far field's small kernel values, and
 * the maps came out measurably worse (KL 2.44 against 2.38 at 50,000
 * computers).
 *
 * Reproducibility: points are put in box order by a stable counting sort;
 * the spreading is shared out by rows of boxes, each writing only its own
 * rows of nodes and adding its points in a fixed order; the FFTs are
 * planned with FFTW_ESTIMATE (no timing, so the same plan every run) and
 * each runs on one thread; a point's sums are its own.  The result is the
 * same for any number of threads.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "embed/fftrep.h"
#include "base/xalloc.h"

#ifdef HAVE_FFTW
#include <fftw3.h>
#endif

#ifndef FFTREP_TERMS
#define FFTREP_TERMS		3	/* interpolation nodes per box and axis */
#define FFTREP_MIN_BOXES	50	/* boxes a side at least */
#define FFTREP_BOX_WIDTH	1.0	/* widest box, in map units */
#endif
#define FFTREP_CHARGES		3	/* 1, x, y: spread and transformed */
#define FFTREP_SUMS		4	/* K1 * 1, K2 * 1, K2 * x, K2 * y */
#define FFTREP_STEPS		8	/* spacings per doubling of a small map */
#define FFTREP_BOX_ROUND	8	/* boxes a side: a multiple of this */

static int
nthreads(int threads)
{
	return threads > 0 ? threads : omp_get_max_threads();
}

void
fftrep_init(struct fftrep *f)
{
	*f = (struct fftrep){0};
}

#ifndef HAVE_FFTW

int
fftrep_available(void)
{
	return 0;
}

void
fftrep_repulsion(struct fftrep *f, const double *Y, size_t n, double *rep,
    double *sumq, int threads)
{
	(void)f;
	(void)Y;
	(void)n;
	(void)rep;
	(void)sumq;
	(void)threads;
	abort();	/* callers check fftrep_available() */
}

size_t
fftrep_cells(const double *Y, size_t n, int threads)
{
	(void)Y;
	(void)n;
	(void)threads;
	return SIZE_MAX;
}

void
fftrep_free(struct fftrep *f)
{
	*f = (struct fftrep){0};
}

#else

struct fftrep_fft {
	size_t		 m;		/* padded grid side: 2 x nodes */
	double		 spacing;	/* of the kernels' transforms */
	fftw_plan	 fwd, inv;
	double		*real[FFTREP_SUMS];	/* m x m: charges, sums */
	fftw_complex	*cplx[FFTREP_SUMS];	/* m x (m/2 + 1) */
	fftw_complex	*khat[2];	/* K1's and K2's transforms */
};

int
fftrep_available(void)
{
	return 1;
}

static void
fft_free(struct fftrep_fft *t)
{
	if (t == NULL)
		return;
	/* The planner is not thread-safe; guard against another map being
	 * made at the same time. */
	#pragma omp critical(fftrep_planner)
	{
		fftw_destroy_plan(t->fwd);
		fftw_destroy_plan(t->inv);
	}
	for (int c = 0; c < FFTREP_SUMS; c++) {
		fftw_free(t->real[c]);
		fftw_free(t->cplx[c]);
	}
	fftw_free(t->khat[0]);
	fftw_free(t->khat[1]);
	free(t);
}

static void *
fft_alloc(size_t n, size_t size)
{
	void *p = fftw_malloc(xmul(n, size));

	if (p == NULL)
		p = xmalloc((size_t)-1);	/* the fatal message */
	return p;
}

static struct fftrep_fft *
fft_make(size_t m)
{
	struct fftrep_fft *t = xcalloc(1, sizeof *t);
	size_t nc = m * (m / 2 + 1);

	t->m = m;
	t->spacing = -1;
	for (int c = 0; c < FFTREP_SUMS; c++) {
		t->real[c] = fft_alloc(m * m, sizeof *t->real[c]);
		t->cplx[c] = fft_alloc(nc, sizeof *t->cplx[c]);
	}
	t->khat[0] = fft_alloc(nc, sizeof *t->khat[0]);
	t->khat[1] = fft_alloc(nc, sizeof *t->khat[1]);
	/* FFTW_ESTIMATE leaves the buffers alone and picks the same plan
	 * every run; the plans are then executed on the other buffers of
	 * the same size and alignment (fftw_malloc). */
	#pragma omp critical(fftrep_planner)
	{
		t->fwd = fftw_plan_dft_r2c_2d((int)m, (int)m, t->real[0],
		    t->cplx[0], FFTW_ESTIMATE);
		t->inv = fftw_plan_dft_c2r_2d((int)m, (int)m, t->cplx[0],
		    t->real[0], FFTW_ESTIMATE);
	}
	return t;
}

void
fftrep_free(struct fftrep *f)
{
	free(f->box);
	free(f->order);
	free(f->start);
	free(f->ys);
	fft_free(f->fft);
	*f = (struct fftrep){0};
}

/* Only the primes 2, 3, 5 and 7 in x: sizes FFTW does fastest. */
static int
smooth(size_t x)
{
	static const size_t primes[] = {2, 3, 5, 7};

	for (size_t p = 0; p < 4; p++)
		while (x % primes[p] == 0)
			x /= primes[p];
	return x == 1;
}

/* Lagrange weights of local position u in [0, 1] for the nodes at
 * (t + 1/2) / TERMS, t = 0..TERMS-1: with v = u TERMS - 1/2 the nodes
 * are the integers, and w_t = prod_{s != t} (v - s) / (t - s). */
static inline void
lagrange(double u, double *w)
{
	double v = u * FFTREP_TERMS - 0.5;

	for (int t = 0; t < FFTREP_TERMS; t++) {
		double num = 1, den = 1;

		for (int s = 0; s < FFTREP_TERMS; s++)
			if (s != t) {
				num *= v - s;
				den *= t - s;
			}
		w[t] = num / den;
	}
}

/* The box of coordinate v along one axis of the grid from lo. */
static inline size_t
box_of(double v, double lo, double h, size_t nb)
{
	double u = (v - lo) / h;
	size_t k = u > 0 ? (size_t)u : 0;

	return k < nb ? k : nb - 1;
}

/* The Lagrange weights of coordinate v in box k. */
static inline void
weights(double v, double lo, double h, size_t k, double *w)
{
	lagrange((v - lo) / h - (double)k, w);
}

/* Both kernels on the node offsets, wrapped for the circular
 * convolution, and their transforms (real[] is free scratch here). */
static void
kernels(struct fftrep_fft *t, size_t nodes, double spacing, int nth)
{
	size_t m = t->m;

	#pragma omp parallel for schedule(static) num_threads(nth)
	for (size_t a = 0; a < m; a++) {
		double da = (double)(a < nodes ? a : m - a) * spacing;

		for (size_t b = 0; b < m; b++) {
			double db = (double)(b < nodes ? b : m - b) * spacing;
			double q = 1 / (1 + da * da + db * db);
			int off = a == nodes || b == nodes;

			t->real[0][a * m + b] = off ? 0 : q;
			t->real[1][a * m + b] = off ? 0 : q * q;
		}
	}
	#pragma omp parallel for schedule(static, 1) num_threads(nth)
	for (int c = 0; c < 2; c++)
		fftw_execute_dft_r2c(t->fwd, t->real[c], t->khat[c]);
	t->spacing = spacing;
}

/*
 * The grid: box width h and boxes a side nb over [lo, lo + nb h)^2.  Once
 * the map is FFTREP_MIN_BOXES units wide, h = FFTREP_BOX_WIDTH and nb
 * grows in steps of FFTREP_BOX_ROUND; before, nb = FFTREP_MIN_BOXES and h
 * takes one of FFTREP_STEPS values per doubling.  Either way a slowly
 * growing map keeps its kernels for many iterations.
 */
static void
grid(const double *Y, size_t n, int nth, size_t *nb, double *h, double *lo)
{
	double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY;
	double ymax = -INFINITY, width, span;

	/* min and max are exact whatever the order: threads are harmless. */
	#pragma omp parallel for reduction(min:xmin, ymin) \
	    reduction(max:xmax, ymax) num_threads(nth)
	for (size_t i = 0; i < n; i++) {
		xmin = Y[2 * i] < xmin ? Y[2 * i] : xmin;
		xmax = Y[2 * i] > xmax ? Y[2 * i] : xmax;
		ymin = Y[2 * i + 1] < ymin ? Y[2 * i + 1] : ymin;
		ymax = Y[2 * i + 1] > ymax ? Y[2 * i + 1] : ymax;
	}
	width = fmax(xmax - xmin, ymax - ymin);

	if (!(width > 0))
		width = 1e-9;
	width *= 1 + 1e-9;		/* the largest point inside */
	if (width <= FFTREP_MIN_BOXES * FFTREP_BOX_WIDTH) {
		*nb = FFTREP_MIN_BOXES;
		*h = FFTREP_BOX_WIDTH * exp2(ceil(FFTREP_STEPS * log2(width /
		    (FFTREP_MIN_BOXES * FFTREP_BOX_WIDTH))) / FFTREP_STEPS);
	} else {
		*h = FFTREP_BOX_WIDTH;
		*nb = (size_t)ceil(width / *h);
		*nb = (*nb + FFTREP_BOX_ROUND - 1) / FFTREP_BOX_ROUND *
		    FFTREP_BOX_ROUND;
	}
	while (!smooth(2 * *nb * FFTREP_TERMS))
		(*nb)++;
	span = (double)*nb * *h;
	lo[0] = (xmin + xmax) / 2 - span / 2;
	lo[1] = (ymin + ymax) / 2 - span / 2;
}

size_t
fftrep_cells(const double *Y, size_t n, int threads)
{
	size_t nb, m;
	double h, lo[2];

	if (n == 0)
		return 0;
	grid(Y, n, nthreads(threads), &nb, &h, lo);
	m = 2 * nb * FFTREP_TERMS;
	return m * m;
}

/* The grid of one evaluation (see grid()). */
struct layout {
	size_t	 nb, nodes, m;	/* boxes and nodes a side, padded side */
	double	 h, lo[2];	/* box width, the grid's corner */
	double	 cx, cy;	/* its centre, the origin of the charges */
};

/* Each point's box, the points in box order (a stable counting sort) and
 * their coordinates in that order, so that the loops over boxes read
 * memory in order (one gather here instead of misses there). */
static void
sort_by_box(struct fftrep *f, const double *Y, size_t n,
    const struct layout *g, int nth)
{
	size_t nbox = g->nb * g->nb, *fill;

	#pragma omp parallel for schedule(static) num_threads(nth)
	for (size_t i = 0; i < n; i++)
		f->box[i] = (uint32_t)(box_of(Y[2 * i + 1], g->lo[1], g->h,
		    g->nb) * g->nb + box_of(Y[2 * i], g->lo[0], g->h, g->nb));
	if (f->boxes_cap < nbox + 1) {
		free(f->start);
		f->start = xmalloc(xmul(nbox + 1, sizeof *f->start));
		f->boxes_cap = nbox + 1;
	}
	memset(f->start, 0, (nbox + 1) * sizeof *f->start);
	for (size_t i = 0; i < n; i++)
		f->start[f->box[i] + 1]++;
	for (size_t b = 0; b < nbox; b++)
		f->start[b + 1] += f->start[b];
	fill = xmalloc(xmul(nbox, sizeof *fill));
	memcpy(fill, f->start, nbox * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		f->order[fill[f->box[i]]++] = (uint32_t)i;
	free(fill);
	#pragma omp parallel for schedule(static) num_threads(nth)
	for (size_t e = 0; e < n; e++) {
		f->ys[2 * e] = Y[2 * (size_t)f->order[e]];
		f->ys[2 * e + 1] = Y[2 * (size_t)f->order[e] + 1];
	}
}

/* One row of boxes' charges into acc (CHARGES x TERMS rows of nodes). */
static void
spread_row(const struct fftrep *f, const struct layout *g, size_t by,
    double *acc)
{
	memset(acc, 0, FFTREP_CHARGES * FFTREP_TERMS * g->nodes * sizeof *acc);
	for (size_t e = f->start[by * g->nb]; e < f->start[(by + 1) * g->nb];
	    e++) {
		double x = f->ys[2 * e], y = f->ys[2 * e + 1];
		size_t bx = box_of(x, g->lo[0], g->h, g->nb);
		double wx[FFTREP_TERMS], wy[FFTREP_TERMS];
		double ch[FFTREP_CHARGES] = { 1, x - g->cx, y - g->cy };

		weights(x, g->lo[0], g->h, bx, wx);
		weights(y, g->lo[1], g->h, by, wy);
		for (int c = 0; c < FFTREP_CHARGES; c++)
			for (int ty = 0; ty < FFTREP_TERMS; ty++) {
				double *row = acc + ((size_t)c * FFTREP_TERMS +
				    ty) * g->nodes + bx * FFTREP_TERMS;

				for (int tx = 0; tx < FFTREP_TERMS; tx++)
					row[tx] += wy[ty] * wx[tx] * ch[c];
			}
	}
}

/* Spread the charges onto the padded grids: a row of boxes owns its
 * TERMS rows of nodes, sums its points in order, then copies them out. */
static void
spread(const struct fftrep *f, struct fftrep_fft *t, const struct layout *g,
    int nth)
{
	size_t nodes = g->nodes, m = g->m;

	#pragma omp parallel num_threads(nth)
	{
		double *acc = xmalloc(xmul(FFTREP_CHARGES * FFTREP_TERMS,
		    xmul(nodes, sizeof *acc)));

		#pragma omp for schedule(static)
		for (size_t r = nodes; r < m; r++)
			for (int c = 0; c < FFTREP_CHARGES; c++)
				memset(t->real[c] + r * m, 0, m *
				    sizeof *t->real[c]);
		#pragma omp for schedule(dynamic, 1)
		for (size_t by = 0; by < g->nb; by++) {
			spread_row(f, g, by, acc);
			for (int c = 0; c < FFTREP_CHARGES; c++)
				for (int ty = 0; ty < FFTREP_TERMS; ty++) {
					double *out = t->real[c] + (by *
					    FFTREP_TERMS + ty) * m;

					memcpy(out, acc + ((size_t)c *
					    FFTREP_TERMS + ty) * nodes, nodes *
					    sizeof *out);
					memset(out + nodes, 0, nodes *
					    sizeof *out);
				}
		}
		free(acc);
	}
}

/* The charges forward, one FFT a thread; then charge 1 times K1's
 * transform into the spare buffer, every charge times K2's in place, and
 * the four back: real[0..2] are K2 times 1, x and y, real[3] K1 times 1. */
static void
convolve(struct fftrep_fft *t, int nth)
{
	size_t m = t->m, nc = m * (m / 2 + 1);
	double scale = 1 / ((double)m * (double)m);

	#pragma omp parallel for schedule(static, 1) num_threads(nth)
	for (int c = 0; c < FFTREP_CHARGES; c++)
		fftw_execute_dft_r2c(t->fwd, t->real[c], t->cplx[c]);
	#pragma omp parallel for schedule(static) num_threads(nth)
	for (size_t e = 0; e < nc; e++) {
		const double *k1 = t->khat[0][e], *k2 = t->khat[1][e];

		for (int c = FFTREP_SUMS - 1; c >= 0; c--) {
			const double *in = t->cplx[c == 3 ? 0 : c][e];
			const double *k = c == 3 ? k1 : k2;
			double re = in[0] * k[0] - in[1] * k[1];
			double im = in[0] * k[1] + in[1] * k[0];

			t->cplx[c][e][0] = re * scale;
			t->cplx[c][e][1] = im * scale;
		}
	}
	#pragma omp parallel for schedule(static, 1) num_threads(nth)
	for (int c = 0; c < FFTREP_SUMS; c++)
		fftw_execute_dft_c2r(t->inv, t->cplx[c], t->real[c]);
}

/* Read the sums back at each point, in index order (writes in order; the
 * grid is small enough to be read at random). */
static void
read_back(const struct fftrep_fft *t, const struct layout *g,
    const double *Y, size_t n, double *rep, double *sumq, int nth)
{
	#pragma omp parallel for schedule(static) num_threads(nth)
	for (size_t i = 0; i < n; i++) {
		double x = Y[2 * i], y = Y[2 * i + 1];
		size_t bx = box_of(x, g->lo[0], g->h, g->nb);
		size_t by = box_of(y, g->lo[1], g->h, g->nb);
		double wx[FFTREP_TERMS], wy[FFTREP_TERMS];
		double phi[FFTREP_SUMS] = {0};

		weights(x, g->lo[0], g->h, bx, wx);
		weights(y, g->lo[1], g->h, by, wy);
		for (int ty = 0; ty < FFTREP_TERMS; ty++)
			for (int tx = 0; tx < FFTREP_TERMS; tx++) {
				size_t at = (by * FFTREP_TERMS + ty) * g->m +
				    bx * FFTREP_TERMS + tx;
				double wt = wy[ty] * wx[tx];

				for (int c = 0; c < FFTREP_SUMS; c++)
					phi[c] += wt * t->real[c][at];
			}
		sumq[i] = phi[3] - 1;
		rep[2 * i] = (x - g->cx) * phi[0] - phi[1];
		rep[2 * i + 1] = (y - g->cy) * phi[0] - phi[2];
	}
}

void
fftrep_repulsion(struct fftrep *f, const double *Y, size_t n, double *rep,
    double *sumq, int threads)
{
	int nth = nthreads(threads);
	struct layout g;

	if (n == 0)
		return;
	if (f->cap < n) {
		free(f->box);
		free(f->order);
		free(f->ys);
		f->box = xmalloc(xmul(n, sizeof *f->box));
		f->order = xmalloc(xmul(n, sizeof *f->order));
		f->ys = xmalloc(xmul(n, 2 * sizeof *f->ys));
		f->cap = n;
	}
	grid(Y, n, nth, &g.nb, &g.h, g.lo);
	g.nodes = g.nb * FFTREP_TERMS;
	g.m = 2 * g.nodes;
	g.cx = g.lo[0] + (double)g.nb * g.h / 2;
	g.cy = g.lo[1] + (double)g.nb * g.h / 2;
	sort_by_box(f, Y, n, &g, nth);
	if (f->fft == NULL || f->fft->m != g.m) {
		fft_free(f->fft);
		f->fft = fft_make(g.m);
	}
	if (f->fft->spacing != g.h / FFTREP_TERMS)
		kernels(f->fft, g.nodes, g.h / FFTREP_TERMS, nth);
	spread(f, f->fft, &g, nth);
	convolve(f->fft, nth);
	read_back(f->fft, &g, Y, n, rep, sumq, nth);
}

#endif
