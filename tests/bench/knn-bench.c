/*
 * knn-bench.c - the approximate neighbour search against the exact one on
 * a feature matrix: wall time of each and the recall (the share of the
 * exact k nearest that the approximate search finds).
 *
 * usage: knn-bench [-t threads] [-k K] [-s seed] [-D pca-dims] [-x]
 *	  matrix.tsv|matrix.f32
 * Output, one line: "n=N d=D k=K exact=S approx=S recall=R cpu_exact=S
 * cpu_approx=S" (seconds, wall clock, then CPU time of all threads); -x skips the exact search (and the recall), for sizes
 * where it takes too long.  The matrix is first reduced to its 50
 * principal components (-D; 0 keeps it), as flowmap does before t-SNE.
 * A .f32 file is klmap.c's raw form.
 */
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/matrix.h"
#include "base/clock.h"
#include "base/xalloc.h"
#include "embed/ann.h"
#include "embed/knn.h"
#include "embed/pca.h"
#include "rawmatrix.h"

/* CPU seconds of the process (all threads): steadier than the wall on a
 * shared machine. */
static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
	size_t n, d, k = 90, dims = 50, found = 0;
	uint64_t seed = 1;
	int threads = 2, c, exact = 1;
	float *x, *de, *da;
	uint32_t *ie, *ia;
	double t0, t1, t2, c0, c1, c2;
	struct matrix m = {0};
	const char *path;
	char err[512];

	while ((c = getopt(argc, argv, "t:k:s:D:x")) != -1) {
		switch (c) {
		case 't': threads = atoi(optarg); break;
		case 'k': k = strtoul(optarg, NULL, 10); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'D': dims = strtoul(optarg, NULL, 10); break;
		case 'x': exact = 0; break;
		default:
			fprintf(stderr, "usage: knn-bench [-t threads] [-k K] "
			    "[-s seed] [-D pca-dims] [-x] matrix\n");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "knn-bench: one matrix file expected\n");
		return 2;
	}
	path = argv[optind];
	if (strlen(path) > 4 && strcmp(path + strlen(path) - 4, ".f32") == 0) {
		if ((x = rawmatrix_read(path, &n, &d)) == NULL) {
			fprintf(stderr, "knn-bench: %s: not a whole raw "
			    "matrix\n", path);
			exit(1);
		}
	} else {
		if (matrix_read_tsv(path, &m, err, sizeof err) != 0) {
			fprintf(stderr, "knn-bench: %s\n", err);
			return 1;
		}
		x = m.data;
		n = m.rows;
		d = m.cols;
	}
	if (dims > 0 && d > dims) {
		float *r = xmalloc(xmul(n, dims * sizeof *r));

		pca_project(x, n, d, dims, r, NULL, NULL, threads, NULL, NULL);
		x = r;
		d = dims;
	}
	if (k >= n)
		k = n - 1;
	ie = xmalloc(xmul(n, k * sizeof *ie));
	ia = xmalloc(xmul(n, k * sizeof *ia));
	de = xmalloc(xmul(n, k * sizeof *de));
	da = xmalloc(xmul(n, k * sizeof *da));
	t0 = clock_now();
	c0 = cpu_now();
	if (exact && knn_search(x, n, d, k, ie, de, threads, err,
	    sizeof err) != 0) {
		fprintf(stderr, "knn-bench: %s\n", err);
		return 1;
	}
	t1 = clock_now();
	c1 = cpu_now();
	if (ann_search(x, n, d, k, ia, da, seed, threads, NULL, NULL, err,
	    sizeof err) != 0) {
		fprintf(stderr, "knn-bench: %s\n", err);
		return 1;
	}
	t2 = clock_now();
	c2 = cpu_now();
	/* Both rows are sorted by (distance, index): count the common ids
	 * by marking one row's. */
	if (exact) {
		uint32_t *mark = xcalloc(n, sizeof *mark);

		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; j < k; j++)
				mark[ie[i * k + j]] = (uint32_t)i + 1;
			for (size_t j = 0; j < k; j++)
				found += mark[ia[i * k + j]] == (uint32_t)i + 1;
		}
		free(mark);
	}
	printf("n=%zu d=%zu k=%zu exact=%.3f approx=%.3f recall=%.5f "
	    "cpu_exact=%.3f cpu_approx=%.3f\n", n, d, k, exact ? t1 - t0 : -1,
	    t2 - t1, exact ? (double)found / ((double)n * (double)k) : -1,
	    c1 - c0, c2 - c1);
	return 0;
}
