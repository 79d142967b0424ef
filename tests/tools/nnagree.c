/*
 * nnagree.c - how well a matrix keeps computers of one role together.
 *
 *   nnagree [-k K] [-f FIRST] [-n COUNT] MATRIX.tsv ROLES.csv
 *
 * MATRIX.tsv is what `flowmap features` or `flowmap embed` writes (a header,
 * named rows); the numeric columns FIRST..FIRST+COUNT-1 (0-based among the
 * numeric ones; default all) are the space.  ROLES.csv is the generator's
 * ground truth, "computer,role".  For every row, the share of its K nearest
 * other rows (Euclidean, brute force, ties by row) with the same role;
 * printed is the mean over rows: the "K-NN role agreement" the tests and
 * the benchmarks hold maps to.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/matrix.h"
#include "base/xalloc.h"

static char **
read_roles(const char *path, const struct matrix *m)
{
	char **role = xcalloc(m->rows, sizeof *role), line[1024];
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof line, f) != NULL) {
		char *comma = strchr(line, ',');

		if (comma == NULL)
			continue;
		*comma = '\0';
		comma[strcspn(comma + 1, "\r\n") + 1] = '\0';
		for (size_t r = 0; r < m->rows; r++)
			if (role[r] == NULL && strcmp(m->row_names[r], line) == 0)
				role[r] = xstrdup(comma + 1);
	}
	fclose(f);
	for (size_t r = 0; r < m->rows; r++)
		if (role[r] == NULL) {
			fprintf(stderr, "nnagree: %s has no role in %s\n",
			    m->row_names[r], path);
			exit(1);
		}
	return role;
}

int
main(int argc, char *argv[])
{
	struct matrix m;
	char err[512];
	size_t k = 10, first = 0, count = 0;
	int c;

	while ((c = getopt(argc, argv, "k:f:n:")) != -1) {
		switch (c) {
		case 'k': k = strtoul(optarg, NULL, 10); break;
		case 'f': first = strtoul(optarg, NULL, 10); break;
		case 'n': count = strtoul(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: nnagree [-k K] [-f FIRST] "
			    "[-n COUNT] MATRIX.tsv ROLES.csv\n");
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: nnagree [-k K] [-f FIRST] [-n COUNT] "
		    "MATRIX.tsv ROLES.csv\n");
		return 2;
	}
	if (matrix_read_tsv(argv[optind], &m, err, sizeof err) != 0) {
		fprintf(stderr, "nnagree: %s\n", err);
		return 1;
	}
	if (m.row_names == NULL || m.rows < 2 || first >= m.cols) {
		fprintf(stderr, "nnagree: %s: need named rows and columns\n",
		    argv[optind]);
		return 1;
	}
	if (count == 0 || first + count > m.cols)
		count = m.cols - first;
	if (k > m.rows - 1)
		k = m.rows - 1;
	char **role = read_roles(argv[optind + 1], &m);
	double total = 0;

	#pragma omp parallel for reduction(+:total) schedule(dynamic, 16)
	for (size_t i = 0; i < m.rows; i++) {
		double *best = xcalloc(k, sizeof *best);
		size_t *who = xcalloc(k, sizeof *who), have = 0, same = 0;
		const float *a = m.data + i * m.cols + first;

		for (size_t j = 0; j < m.rows; j++) {
			if (j == i)
				continue;
			const float *b = m.data + j * m.cols + first;
			double d = 0;

			for (size_t x = 0; x < count; x++)
				d += ((double)a[x] - b[x]) * ((double)a[x] - b[x]);
			if (have == k && d >= best[k - 1])
				continue;
			size_t at = have < k ? have++ : k - 1;
			while (at > 0 && best[at - 1] > d) {
				best[at] = best[at - 1];
				who[at] = who[at - 1];
				at--;
			}
			best[at] = d;
			who[at] = j;
		}
		for (size_t x = 0; x < have; x++)
			same += strcmp(role[who[x]], role[i]) == 0;
		total += have ? (double)same / (double)have : 0;
		free(best);
		free(who);
	}
	printf("%.4f\n", total / (double)m.rows);
	for (size_t r = 0; r < m.rows; r++)
		free(role[r]);
	free(role);
	matrix_free(&m);
	return 0;
}
