/*
 * replicate.c - a feature matrix of N rows made from a smaller one, for
 * the benchmark's million computers (generating and profiling their
 * flows would take the better part of an hour).
 *
 *   replicate [-s seed] [-e noise] N SOURCE.tsv OUT.f32
 *
 * Row r of OUT is row r mod n of SOURCE (features of computers generated
 * by examples/flowgen and profiled by `flowmap features`) with every
 * non-zero value multiplied by exp(noise x a standard normal deviate)
 * (noise 0.1): each source computer becomes N / n computers that do the
 * same job a little differently, zeros stay zeros.  OUT is the raw form
 * of klmap.c: int64 N, int64 d, then N x d float32.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/matrix.h"
#include "base/rng.h"
#include "base/xalloc.h"

int
main(int argc, char **argv)
{
	uint64_t seed = 1;
	double noise = 0.1;
	struct matrix m;
	struct rng r;
	char err[512];
	size_t n;
	int64_t hd[2];
	float *row;
	FILE *f;
	int c;

	while ((c = getopt(argc, argv, "s:e:")) != -1) {
		switch (c) {
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'e': noise = atof(optarg); break;
		default:
			fprintf(stderr, "usage: replicate [-s seed] [-e noise] "
			    "N SOURCE.tsv OUT.f32\n");
			return 2;
		}
	}
	if (argc - optind != 3) {
		fprintf(stderr, "usage: replicate [-s seed] [-e noise] N "
		    "SOURCE.tsv OUT.f32\n");
		return 2;
	}
	n = strtoul(argv[optind], NULL, 10);
	if (matrix_read_tsv(argv[optind + 1], &m, err, sizeof err) != 0) {
		fprintf(stderr, "replicate: %s\n", err);
		return 1;
	}
	if ((f = fopen(argv[optind + 2], "wb")) == NULL) {
		perror(argv[optind + 2]);
		return 1;
	}
	hd[0] = (int64_t)n;
	hd[1] = (int64_t)m.cols;
	rng_seed(&r, seed);
	row = xmalloc(xmul(m.cols, sizeof *row));
	if (fwrite(hd, sizeof hd, 1, f) != 1)
		return 1;
	for (size_t i = 0; i < n; i++) {
		const float *src = m.data + (i % m.rows) * m.cols;

		for (size_t j = 0; j < m.cols; j++)
			row[j] = src[j] == 0 ? 0 : (float)(src[j] *
			    exp(noise * rng_normal(&r)));
		if (fwrite(row, sizeof *row, m.cols, f) != m.cols) {
			perror(argv[optind + 2]);
			return 1;
		}
	}
	if (fclose(f) != 0) {
		perror(argv[optind + 2]);
		return 1;
	}
	free(row);
	matrix_free(&m);
	return 0;
}
