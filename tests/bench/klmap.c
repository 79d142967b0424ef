/*
 * klmap.c - one KL divergence formula for maps made by different programs.
 *
 *   klmap [-t threads] [-p perplexity] [-k K] SPACE MAP
 *
 * SPACE is the matrix the maps were made from (TSV with a header, as
 * `flowmap features` writes, or the raw form described below); MAP holds
 * one "x y" pair a line in the rows' order (a header line is skipped; TSV
 * or space separated).  Printed: "kl=K z=Z n=N".
 *
 * P is t-SNE's input similarity over the exact K (90) nearest neighbours
 * of each row at the given perplexity (30), symmetrised (van der Maaten
 * 2014, eq. 1-2 and sec. 3): flowmap's own exact kNN and bandwidth
 * search, which the unit tests hold against brute force.  Q uses the
 * exact normaliser Z = sum_{i != j} (1 + |y_i - y_j|^2)^-1, summed here
 * over all pairs (O(n^2): minutes at a million points), so that neither
 * program's approximation of Z enters the comparison.
 *
 * A SPACE of more than 50 columns is first reduced to its 50 principal
 * components (flowmap's PCA), the space both programs are given.
 *
 * The raw form (name ending in .f32): int64 n, int64 d, then n x d
 * float32 row-major, little-endian; the large benchmark writes it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <omp.h>

#include "app/matrix.h"
#include "base/xalloc.h"
#include "embed/knn.h"
#include "embed/pca.h"
#include "embed/tsne.h"
#include "rawmatrix.h"

typedef float v8f __attribute__((vector_size(32)));

static double *
read_map(const char *path, size_t n)
{
	FILE *f = fopen(path, "r");
	double *y = xmalloc(xmul(n, 2 * sizeof *y));
	char line[512];
	size_t i = 0;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof line, f) != NULL) {
		char *end;
		double a = strtod(line, &end), b;

		if (end == line)
			continue;	/* the header */
		b = strtod(end, NULL);
		if (i == n) {
			fprintf(stderr, "klmap: %s: more than %zu points\n",
			    path, n);
			exit(1);
		}
		y[2 * i] = a;
		y[2 * i + 1] = b;
		i++;
	}
	fclose(f);
	if (i != n) {
		fprintf(stderr, "klmap: %s: %zu points, want %zu\n", path, i, n);
		exit(1);
	}
	return y;
}

/* sum_{j > i} (1 + d_ij^2)^-1 for one i: float terms in blocks, double
 * sums. */
static double
row_z(const float *yx, const float *yy, size_t n, size_t i)
{
	double s = 0;
	size_t j = i + 1;
	v8f one = {1, 1, 1, 1, 1, 1, 1, 1};

	while (j + 8 <= n) {
		v8f acc = {0}, x = one * yx[i], y = one * yy[i];
		float l[8];
		size_t end = j + 1024 < n ? j + 1024 : n;

		for (; j + 8 <= end; j += 8) {
			v8f bx, by, dx, dy;

			memcpy(&bx, yx + j, sizeof bx);
			memcpy(&by, yy + j, sizeof by);
			dx = x - bx;
			dy = y - by;
			acc += one / (one + dx * dx + dy * dy);
		}
		memcpy(l, &acc, sizeof l);
		for (int t = 0; t < 8; t++)
			s += l[t];
	}
	for (; j < n; j++) {
		double dx = yx[i] - yx[j], dy = yy[i] - yy[j];

		s += 1 / (1 + dx * dx + dy * dy);
	}
	return s;
}

int
main(int argc, char **argv)
{
	size_t n, d, k = 90;
	double perplexity = 30, z = 0, kl, *y, *part;
	float *x, *yx, *yy, *dist, *pc;
	uint32_t *idx;
	struct tsne_csr P;
	struct matrix m = {0};
	char err[512];
	int threads = 0, c;
	const char *space;

	while ((c = getopt(argc, argv, "t:p:k:")) != -1) {
		switch (c) {
		case 't': threads = atoi(optarg); break;
		case 'p': perplexity = atof(optarg); break;
		case 'k': k = strtoul(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: klmap [-t threads] "
			    "[-p perplexity] [-k K] SPACE MAP\n");
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: klmap [-t threads] [-p perplexity] "
		    "[-k K] SPACE MAP\n");
		return 2;
	}
	if (threads > 0)
		omp_set_num_threads(threads);
	space = argv[optind];
	if (strlen(space) > 4 && strcmp(space + strlen(space) - 4, ".f32") == 0) {
		if ((x = rawmatrix_read(space, &n, &d)) == NULL) {
			fprintf(stderr, "klmap: %s: not a whole raw "
			    "matrix\n", space);
			exit(1);
		}
	} else {
		if (matrix_read_tsv(space, &m, err, sizeof err) != 0) {
			fprintf(stderr, "klmap: %s\n", err);
			return 1;
		}
		x = m.data;
		n = m.rows;
		d = m.cols;
	}
	if (d > 50) {
		float *r = xmalloc(xmul(n, 50 * sizeof *r));

		pca_project(x, n, d, 50, r, NULL, NULL, threads, NULL, NULL);
		if (m.data != NULL)
			matrix_free(&m);
		else
			free(x);
		m.data = NULL;
		x = r;
		d = 50;
	}
	if (k >= n)
		k = n - 1;
	y = read_map(argv[optind + 1], n);

	idx = xmalloc(xmul(n, k * sizeof *idx));
	dist = xmalloc(xmul(n, k * sizeof *dist));
	pc = xmalloc(xmul(n, k * sizeof *pc));
	if (knn_search(x, n, d, k, idx, dist, threads, err, sizeof err) != 0) {
		fprintf(stderr, "klmap: %s\n", err);
		return 1;
	}
	tsne_conditional(dist, n, k, perplexity, pc, threads);
	tsne_symmetrise(idx, pc, n, k, &P, threads);
	free(idx);
	free(dist);
	free(pc);

	/* Z over i < j, twice; the map's coordinates in float for speed
	 * (each term's relative error ~1e-7, the sums in double). */
	yx = xmalloc(xmul(n, sizeof *yx));
	yy = xmalloc(xmul(n, sizeof *yy));
	for (size_t i = 0; i < n; i++) {
		yx[i] = (float)y[2 * i];
		yy[i] = (float)y[2 * i + 1];
	}
	part = xcalloc(n, sizeof *part);
	#pragma omp parallel for schedule(dynamic, 64)
	for (size_t i = 0; i < n; i++)
		part[i] = row_z(yx, yy, n, i);
	for (size_t i = 0; i < n; i++)
		z += part[i];
	z *= 2;
	kl = tsne_kl(&P, y, z, threads);
	printf("kl=%.6f z=%.6g n=%zu\n", kl, z, n);
	tsne_csr_free(&P);
	free(part);
	free(yx);
	free(yy);
	free(y);
	if (m.data != NULL)
		matrix_free(&m);
	else
		free(x);
	return 0;
}
