/*
 * pca.c - PCA by covariance and a symmetric eigen solver (see pca.h).
 *
 * flowmap's features are 840 probabilities per computer and n reaches
 * 100,000, so the d x d covariance (d^2 n / 2 multiply-adds) dominates:
 * it is accumulated from the uncentred rows, C = (X^T X - n m m^T)/(n-1),
 * which keeps the many zero features cheap (a zero times anything is
 * skipped) and is accurate enough for values of order one, in double.
 * Rows are taken in chunks; within a chunk the output is cut into 64 x 64
 * tiles shared out among threads, and every tile adds the rows in their
 * file order, so C is bitwise the same for any thread count.  Four rows
 * are folded at once through GCC vector types, which plain -O2 keeps as
 * SIMD without -ffast-math.
 *
 * The eigen solver is Householder reduction to tridiagonal form followed
 * by the implicit QL method with shifts (EISPACK tred2/tql2, after the
 * public-domain JAMA transcription).  It works on the transposed matrix
 * so that the inner loops run along rows and eigenvectors end up as rows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "embed/pca.h"
#include "base/xalloc.h"

/* Four doubles, loaded and stored without any alignment assumption. */
typedef double v4d __attribute__((vector_size(32), aligned(8)));

#define PCA_TILE	64	/* covariance tile edge, a multiple of 4 */
#define PCA_CHUNK	512	/* rows per chunk, a multiple of 4 */

/* Hot loops are compiled twice where the CPU may have AVX2: the same
 * operations in the same order (no FMA), so the same bits either way. */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones) && !defined(__SANITIZE_ADDRESS__)
#define PCA_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef PCA_CLONES
#define PCA_CLONES
#endif

static void *
xmalloc_array(size_t n, size_t size)
{
	return xmalloc(xmul(n, size));
}

static size_t
round4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

/* C[I, J] += A[rows, I]^T A[rows, J] for one tile; A is rows x dp. */
PCA_CLONES static void
cov_tile(double *C, const double *A, size_t rows, size_t dp, size_t i0,
    size_t i1, size_t j0, size_t j1)
{
	size_t jw = (j1 - j0) / 4;

	for (size_t r = 0; r < rows; r += 4) {
		const double *a0 = A + r * dp, *a1 = a0 + dp, *a2 = a1 + dp,
		    *a3 = a2 + dp;
		const v4d *b0 = (const v4d *)(a0 + j0),
		    *b1 = (const v4d *)(a1 + j0), *b2 = (const v4d *)(a2 + j0),
		    *b3 = (const v4d *)(a3 + j0);

		for (size_t i = i0; i < i1; i++) {
			double s0 = a0[i], s1 = a1[i], s2 = a2[i], s3 = a3[i];
			v4d *c = (v4d *)(C + i * dp + j0);

			if (s0 == 0 && s1 == 0 && s2 == 0 && s3 == 0)
				continue;
			for (size_t j = 0; j < jw; j++)
				c[j] += s0 * b0[j] + s1 * b1[j] + s2 * b2[j] +
				    s3 * b3[j];
		}
	}
}

/* Mirror the upper triangle of X^T X, then centre and scale it. */
static void
centre(double *C, const double *mean, size_t n, size_t d, size_t dp)
{
	for (size_t i = 0; i < d; i++)
		for (size_t j = i; j < d; j++) {
			double v = (C[i * dp + j] - (double)n * mean[i] *
			    mean[j]) / (n > 1 ? (double)(n - 1) : 1.0);

			C[i * dp + j] = C[j * dp + i] = v;
		}
}

/*
 * Covariance of X into C (dp x dp, dp = round4(d)) and the column means.
 * Returns 1 when cancelled.
 */
static int
covariance(const float *X, size_t n, size_t d, size_t dp, double *C,
    double *mean, int threads, pca_tick_fn tick, void *ctx)
{
	size_t nt = (dp + PCA_TILE - 1) / PCA_TILE, npairs = nt * (nt + 1) / 2;
	size_t *pair_i = xmalloc(xmul(npairs, sizeof *pair_i));
	size_t *pair_j = xmalloc(xmul(npairs, sizeof *pair_j));
	double *A = xmalloc_array(xmul(PCA_CHUNK, dp), sizeof *A);
	int nth = threads > 0 ? threads : omp_get_max_threads();
	size_t p = 0;

	for (size_t bi = 0; bi < nt; bi++)
		for (size_t bj = bi; bj < nt; bj++) {
			pair_i[p] = bi;
			pair_j[p++] = bj;
		}
	memset(C, 0, xmul(xmul(dp, dp), sizeof *C));
	memset(mean, 0, dp * sizeof *mean);
	for (size_t r0 = 0; r0 < n; r0 += PCA_CHUNK) {
		size_t rows = n - r0 < PCA_CHUNK ? n - r0 : PCA_CHUNK;

		memset(A, 0, xmul(round4(rows), dp) * sizeof *A);
		for (size_t r = 0; r < rows; r++)
			for (size_t j = 0; j < d; j++) {
				A[r * dp + j] = X[(r0 + r) * d + j];
				mean[j] += A[r * dp + j];
			}
		#pragma omp parallel for schedule(dynamic, 1) num_threads(nth)
		for (size_t q = 0; q < npairs; q++) {
			size_t i0 = pair_i[q] * PCA_TILE, j0 = pair_j[q] * PCA_TILE;
			size_t i1 = i0 + PCA_TILE < dp ? i0 + PCA_TILE : dp;
			size_t j1 = j0 + PCA_TILE < dp ? j0 + PCA_TILE : dp;

			cov_tile(C, A, round4(rows), dp, i0, i1, j0, j1);
		}
		if (tick != NULL && tick(ctx, 0.9 * (r0 + rows) / n)) {
			free(A);
			free(pair_i);
			free(pair_j);
			return 1;
		}
	}
	for (size_t j = 0; j < d; j++)
		mean[j] /= (double)n;
	centre(C, mean, n, d, dp);
	free(A);
	free(pair_i);
	free(pair_j);
	return 0;
}

/*
 * One group of rows [r0, r1) of X (at most four, aligned as cov_tile
 * takes them) into the rows a of C with a % nth == t.  G (dp x dp, zero
 * on entry and on return) folds the group's products of each entry in
 * row order before they reach C, as cov_tile's four-term sum does: the
 * products a dense tile adds and these differ only by exact zeros, so C
 * comes out bit for bit the same as from the dense rows.
 */
static void
cov_group_sparse(double *C, double *G, const struct sparse_rows *X,
    size_t r0, size_t r1, size_t dp, size_t t, size_t nth)
{
	for (int flush = 0; flush < 2; flush++)
		for (size_t r = r0; r < r1; r++) {
			size_t end = X->start[r + 1];

			for (size_t e = X->start[r]; e < end; e++) {
				size_t a = X->col[e];
				double s = X->val[e], *g = G + a * dp,
				    *c = C + a * dp;

				if (a % nth != t)
					continue;
				for (size_t f = e; f < end && !flush; f++)
					g[X->col[f]] += s * (double)X->val[f];
				for (size_t f = e; f < end && flush; f++) {
					c[X->col[f]] += g[X->col[f]];
					g[X->col[f]] = 0;
				}
			}
		}
}

/* covariance() of sparse rows: the same C and means, bit for bit. */
static int
covariance_sparse(const struct sparse_rows *X, size_t dp, double *C,
    double *mean, int threads, pca_tick_fn tick, void *ctx)
{
	size_t n = X->n, d = X->d, nth = (size_t)threads;
	double **G = xcalloc(nth, sizeof *G);
	int cancelled = 0;

	for (size_t t = 0; t < nth; t++)
		G[t] = xcalloc(xmul(dp, dp), sizeof **G);
	memset(C, 0, xmul(xmul(dp, dp), sizeof *C));
	memset(mean, 0, dp * sizeof *mean);
	for (size_t r0 = 0; r0 < n && !cancelled; r0 += PCA_CHUNK) {
		size_t r1 = n - r0 < PCA_CHUNK ? n : r0 + PCA_CHUNK;

		for (size_t e = X->start[r0]; e < X->start[r1]; e++)
			mean[X->col[e]] += X->val[e];
		/* Each thread owns the rows a of C with a % nth == t and
		 * adds every group to them in order. */
		#pragma omp parallel for schedule(static, 1) num_threads(threads)
		for (size_t t = 0; t < nth; t++)
			for (size_t g = r0; g < r1; g += 4)
				cov_group_sparse(C, G[t], X, g,
				    g + 4 < r1 ? g + 4 : r1, dp, t, nth);
		if (tick != NULL && tick(ctx, 0.9 * (double)r1 / (double)n))
			cancelled = 1;
	}
	for (size_t t = 0; t < nth; t++)
		free(G[t]);
	free(G);
	if (cancelled)
		return 1;
	for (size_t j = 0; j < d; j++)
		mean[j] /= (double)n;
	centre(C, mean, n, d, dp);
	return 0;
}

/*
 * The inner loops of tred2/tql2 over contiguous rows, four at a time in
 * vector types (plain -O2 leaves such loops scalar).
 */

/* (a, b) <- (c a - s b, s a + c b): a Givens rotation of two rows. */
PCA_CLONES static void
rotate(double *a, double *b, size_t n, double c, double s)
{
	size_t k = 0;

	for (; k + 4 <= n; k += 4) {
		v4d *va = (v4d *)(a + k), *vb = (v4d *)(b + k);
		v4d x = *va, y = *vb;

		*vb = s * x + c * y;
		*va = c * x - s * y;
	}
	for (; k < n; k++) {
		double h = b[k];

		b[k] = s * a[k] + c * h;
		a[k] = c * a[k] - s * h;
	}
}

PCA_CLONES static double
dot(const double *a, const double *b, size_t n)
{
	v4d acc = {0};
	double l[4], sum;
	size_t k = 0;

	for (; k + 4 <= n; k += 4)
		acc += *(const v4d *)(a + k) * *(const v4d *)(b + k);
	memcpy(l, &acc, sizeof l);
	sum = (l[0] + l[1]) + (l[2] + l[3]);
	for (; k < n; k++)
		sum += a[k] * b[k];
	return sum;
}

/* y += alpha x */
PCA_CLONES static void
axpy(double *y, double alpha, const double *x, size_t n)
{
	size_t k = 0;

	for (; k + 4 <= n; k += 4)
		*(v4d *)(y + k) += alpha * *(const v4d *)(x + k);
	for (; k < n; k++)
		y[k] += alpha * x[k];
}

/*
 * Householder reduction of the symmetric matrix to tridiagonal form,
 * accumulating the transformations (tred2).  V(r, c) addresses the
 * transposed storage, so loops over the row index r are contiguous.
 */
#define V(r, c)	t[(size_t)(c) * n + (size_t)(r)]

static void
tred2(double *t, size_t n, double *d, double *e)
{
	for (size_t j = 0; j < n; j++)
		d[j] = V(n - 1, j);
	for (size_t i = n - 1; i > 0; i--) {
		double scale = 0, h = 0;

		for (size_t k = 0; k < i; k++)
			scale += fabs(d[k]);
		if (scale == 0) {
			e[i] = d[i - 1];
			for (size_t j = 0; j < i; j++) {
				d[j] = V(i - 1, j);
				V(i, j) = 0;
				V(j, i) = 0;
			}
		} else {
			double f, g, hh;

			for (size_t k = 0; k < i; k++) {
				d[k] /= scale;
				h += d[k] * d[k];
			}
			f = d[i - 1];
			g = sqrt(h);
			if (f > 0)
				g = -g;
			e[i] = scale * g;
			h -= f * g;
			d[i - 1] = f - g;
			for (size_t j = 0; j < i; j++)
				e[j] = 0;
			for (size_t j = 0; j < i; j++) {
				const double *col = &V(0, j);

				f = d[j];
				V(j, i) = f;
				g = e[j] + col[j] * f;
				if (j + 1 < i) {
					g += dot(col + j + 1, d + j + 1, i - j - 1);
					axpy(e + j + 1, f, col + j + 1, i - j - 1);
				}
				e[j] = g;
			}
			f = 0;
			for (size_t j = 0; j < i; j++) {
				e[j] /= h;
				f += e[j] * d[j];
			}
			hh = f / (h + h);
			for (size_t j = 0; j < i; j++)
				e[j] -= hh * d[j];
			for (size_t j = 0; j < i; j++) {
				double *col = &V(0, j);

				f = d[j];
				g = e[j];
				axpy(col + j, -f, e + j, i - j);
				axpy(col + j, -g, d + j, i - j);
				d[j] = V(i - 1, j);
				V(i, j) = 0;
			}
		}
		d[i] = h;
	}
	for (size_t i = 0; i + 1 < n; i++) {
		double h;

		V(n - 1, i) = V(i, i);
		V(i, i) = 1;
		h = d[i + 1];
		if (h != 0) {
			const double *ci = &V(0, i + 1);

			for (size_t k = 0; k <= i; k++)
				d[k] = ci[k] / h;
			for (size_t j = 0; j <= i; j++) {
				double *cj = &V(0, j);

				axpy(cj, -dot(ci, cj, i + 1), d, i + 1);
			}
		}
		for (size_t k = 0; k <= i; k++)
			V(k, i + 1) = 0;
	}
	for (size_t j = 0; j < n; j++) {
		d[j] = V(n - 1, j);
		V(n - 1, j) = 0;
	}
	V(n - 1, n - 1) = 1;
	e[0] = 0;
}

/* Implicit QL with shifts on the tridiagonal (d, e) (tql2). */
static void
tql2(double *t, size_t n, double *d, double *e)
{
	double f = 0, tst1 = 0, eps = 0x1p-52;

	for (size_t i = 1; i < n; i++)
		e[i - 1] = e[i];
	e[n - 1] = 0;
	for (size_t l = 0; l < n; l++) {
		size_t m = l;

		tst1 = fmax(tst1, fabs(d[l]) + fabs(e[l]));
		while (m < n - 1 && fabs(e[m]) > eps * tst1)
			m++;
		if (m > l) {
			int iter = 0;

			do {
				double g = d[l], p, r, dl1, h, c, c2, c3, el1;
				double s, s2;

				p = (d[l + 1] - g) / (2 * e[l]);
				r = hypot(p, 1);
				if (p < 0)
					r = -r;
				d[l] = e[l] / (p + r);
				d[l + 1] = e[l] * (p + r);
				dl1 = d[l + 1];
				h = g - d[l];
				for (size_t i = l + 2; i < n; i++)
					d[i] -= h;
				f += h;
				p = d[m];
				c = c2 = c3 = 1;
				el1 = e[l + 1];
				s = s2 = 0;
				for (size_t i = m; i-- > l;) {

					c3 = c2;
					c2 = c;
					s2 = s;
					g = c * e[i];
					h = c * p;
					r = hypot(p, e[i]);
					e[i + 1] = s * r;
					s = e[i] / r;
					c = p / r;
					p = c * d[i] - s * g;
					d[i + 1] = h + s * (c * g + s * d[i]);
					rotate(&V(0, i), &V(0, i + 1), n, c, s);
				}
				p = -s * s2 * c3 * el1 * e[l] / dl1;
				e[l] = s * p;
				d[l] = c * p;
			} while (fabs(e[l]) > eps * tst1 && ++iter < 60);
		}
		d[l] += f;
		e[l] = 0;
	}
}

#undef V

void
pca_symmetric_eigen(double *a, size_t d, double *w)
{
	double *e, *tmp;
	size_t *order;

	if (d == 0)
		return;
	if (d == 1) {
		w[0] = a[0];
		a[0] = 1;
		return;
	}
	/* a is symmetric, so it is its own transpose: tred2 starts on it. */
	e = xmalloc(xmul(d, sizeof *e));
	tred2(a, d, w, e);
	tql2(a, d, w, e);
	free(e);

	/* Decreasing eigenvalues (stable on ties), sign-fixed rows. */
	order = xmalloc(xmul(d, sizeof *order));
	for (size_t i = 0; i < d; i++) {
		size_t j = i;

		while (j > 0 && w[order[j - 1]] < w[i]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	tmp = xmalloc(xmul(xmul(d, d), sizeof *tmp));
	e = xmalloc(xmul(d, sizeof *e));
	for (size_t i = 0; i < d; i++) {
		const double *src = a + order[i] * d;
		double *dst = tmp + i * d, big = 0, sign;

		e[i] = w[order[i]];
		for (size_t k = 0; k < d; k++)
			if (fabs(src[k]) > fabs(big))
				big = src[k];
		sign = big < 0 ? -1 : 1;
		for (size_t k = 0; k < d; k++)
			dst[k] = sign * src[k];
	}
	memcpy(a, tmp, xmul(xmul(d, d), sizeof *a));
	memcpy(w, e, d * sizeof *w);
	free(e);
	free(tmp);
	free(order);
}

/*
 * From the covariance C (dp x dp, freed here) and the means: the first k
 * components (and their variances) where asked for, and W (d x kp, the
 * components as columns, so a row projects by axpy) with the offset
 * mean . W that centring subtracts.
 */
static double *
components_of(double *C, const double *mean, size_t d, size_t dp, size_t k,
    double *components, double *variances, double **offset_out)
{
	size_t kp = round4(k);
	double *cov = xmalloc(xmul(xmul(d, d), sizeof *cov));
	double *w = xmalloc(xmul(d, sizeof *w));
	double *W = xcalloc(xmul(d, kp), sizeof *W);
	double *offset = xcalloc(kp, sizeof *offset);

	for (size_t i = 0; i < d; i++)
		memcpy(cov + i * d, C + i * dp, d * sizeof *cov);
	free(C);
	pca_symmetric_eigen(cov, d, w);
	if (components != NULL)
		memcpy(components, cov, xmul(xmul(k, d), sizeof *cov));
	if (variances != NULL)
		for (size_t c = 0; c < k; c++)
			variances[c] = w[c] > 0 ? w[c] : 0;
	for (size_t c = 0; c < k; c++)
		for (size_t j = 0; j < d; j++) {
			W[j * kp + c] = cov[c * d + j];
			offset[c] += mean[j] * cov[c * d + j];
		}
	free(w);
	free(cov);
	*offset_out = offset;
	return W;
}

/* acc (kp doubles) += x W, one non-zero x at column j at a time. */
static inline void
project_add(double *acc, const double *W, size_t kp, size_t j, float x)
{
	v4d s = {0}, *a = (v4d *)acc;
	const v4d *wj = (const v4d *)(W + j * kp);

	s += x;
	for (size_t c = 0; c < kp / 4; c++)
		a[c] += s * wj[c];
}

/*
 * Both entry points: the rows are X (n x d, dense) or, when X is NULL, S.
 * Only the covariance and the reading of a row differ; a dense row's
 * zeros are skipped as a sparse row has none, so the bits agree.
 */
static int
project(const float *X, const struct sparse_rows *S, size_t n, size_t d,
    size_t k, float *out, double *components, double *variances,
    int threads, pca_tick_fn tick, void *ctx)
{
	size_t dp = round4(d), kp = round4(k);
	double *C = xmalloc_array(xmul(dp, dp), sizeof *C);
	double *mean = xcalloc(dp, sizeof *mean);
	double *W, *offset;
	int nth = threads > 0 ? threads : omp_get_max_threads();

	if (X != NULL ? covariance(X, n, d, dp, C, mean, nth, tick, ctx) :
	    covariance_sparse(S, dp, C, mean, nth, tick, ctx)) {
		free(C);
		free(mean);
		return 1;
	}
	W = components_of(C, mean, d, dp, k, components, variances, &offset);
	#pragma omp parallel num_threads(nth)
	{
		double *acc = xmalloc_array(kp, sizeof *acc);

		#pragma omp for schedule(static)
		for (size_t r = 0; r < n; r++) {
			memset(acc, 0, kp * sizeof *acc);
			if (X != NULL) {
				for (size_t j = 0; j < d; j++)
					if (X[r * d + j] != 0)
						project_add(acc, W, kp, j,
						    X[r * d + j]);
			} else
				for (size_t e = S->start[r];
				    e < S->start[r + 1]; e++)
					project_add(acc, W, kp, S->col[e],
					    S->val[e]);
			for (size_t c = 0; c < k; c++)
				out[r * k + c] = (float)(acc[c] - offset[c]);
		}
		free(acc);
	}
	free(offset);
	free(W);
	free(mean);
	return 0;
}

int
pca_project(const float *X, size_t n, size_t d, size_t k, float *out,
    double *components, double *variances, int threads, pca_tick_fn tick,
    void *ctx)
{
	return project(X, NULL, n, d, k, out, components, variances, threads,
	    tick, ctx);
}

int
pca_project_sparse(const struct sparse_rows *X, size_t k, float *out,
    double *components, double *variances, int threads, pca_tick_fn tick,
    void *ctx)
{
	return project(NULL, X, X->n, X->d, k, out, components, variances,
	    threads, tick, ctx);
}
