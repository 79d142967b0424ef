/*
 * tsne-bench.c - run embed_rows() on a TSV feature matrix and print the
 * wall time of each stage and the final KL divergence.
 *
 * usage: tsne-bench [-t threads] [-p perplexity] [-T theta] [-i iters]
 *	  [-s seed] [-l learning-rate] [-c max-step] [-I pca|random]
 *	  [-L late-exaggeration] [-D pca-dims] [-m auto|bh|fft]
 *	  [-k auto|exact|approx] [-o map.tsv] [-P pca.f32] [-S] [-v] matrix
 * Output, one line: "n=N d=D read=S embed=S kl=K" (seconds, wall clock).
 *
 * A matrix whose name ends in .f32 is read raw (int64 n, int64 d, then n x d
 * float32, as klmap.c reads it).  -P FILE writes the matrix's projection
 * on its first 50 principal components (flowmap's PCA) to FILE in that
 * raw form and stops: the large benchmark gives every program that space.
 * -S keeps a raw matrix by its non-zeros, read a row at a time, and runs
 * embed_sparse_rows(), as flowmap runs a map's features: the memory of
 * the whole stage as flowmap has it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/matrix.h"
#include "base/xalloc.h"
#include "embed/pca.h"
#include "embed/embed.h"
#include "embed/tsne.h"
#include "rawmatrix.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct stages {
	double	 t0, start;
	char	 stage[32];
	int	 verbose;
};

static void
on_report(void *ctx, const char *stage, double fraction, int iter, double kl)
{
	struct stages *s = ctx;
	double t = now();

	if (strcmp(stage, s->stage) != 0) {
		if (s->stage[0] != '\0')
			fprintf(stderr, "  %-16s %7.2f s\n", s->stage,
			    t - s->start);
		snprintf(s->stage, sizeof s->stage, "%s", stage);
		s->start = t;
	}
	if (s->verbose && kl >= 0)
		fprintf(stderr, "  iter %4d  KL %.4f  (%.0f%%, %.2f s)\n", iter,
		    kl, 100 * fraction, t - s->t0);
}

static int
write_pca(const struct matrix *m, const struct sparse_rows *s, size_t dims,
    int threads, const char *path)
{
	float *r = xmalloc(xmul(m->rows, dims * sizeof *r));
	int64_t hd[2] = { (int64_t)m->rows, (int64_t)dims };
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	if (s != NULL)
		pca_project_sparse(s, dims, r, NULL, NULL, threads, NULL,
		    NULL);
	else
		pca_project(m->data, m->rows, m->cols, dims, r, NULL, NULL,
		    threads, NULL, NULL);
	if (fwrite(hd, sizeof hd, 1, f) != 1 || fwrite(r, sizeof *r,
	    m->rows * dims, f) != m->rows * dims || fclose(f) != 0)
		return -1;
	free(r);
	return 0;
}

int
main(int argc, char **argv)
{
	struct embed_options o;
	struct embed_progress p = { .report = on_report };
	struct stages st = {0};
	struct matrix m;
	struct sparse_rows rows = {0};
	const char *out = NULL, *pca_out = NULL;
	char err[512];
	double t0, t1, t2, kl = -1, *Y;
	int c, sparse = 0, rc;

	embed_options_default(&o);
	while ((c = getopt(argc, argv, "t:p:T:i:s:l:c:I:L:D:m:k:o:P:Sv")) != -1) {
		switch (c) {
		case 't': o.threads = atoi(optarg); break;
		case 'p': o.perplexity = atof(optarg); break;
		case 'T': o.theta = atof(optarg); break;
		case 'i': o.iterations = atoi(optarg); break;
		case 's': o.seed = strtoull(optarg, NULL, 10); break;
		case 'l': o.learning_rate = atof(optarg); break;
		case 'c': o.max_step = atof(optarg); break;
		case 'I': o.init = strcmp(optarg, "pca") == 0 ?
		    EMBED_INIT_PCA : EMBED_INIT_RANDOM; break;
		case 'L': o.late_exaggeration = atof(optarg); break;
		case 'D': o.pca_dims = strtoul(optarg, NULL, 10); break;
		case 'm': o.method = strcmp(optarg, "bh") == 0 ?
		    EMBED_METHOD_BH : strcmp(optarg, "fft") == 0 ?
		    EMBED_METHOD_FFT : EMBED_METHOD_AUTO; break;
		case 'k': o.neighbours = strcmp(optarg, "exact") == 0 ?
		    EMBED_KNN_EXACT : strcmp(optarg, "approx") == 0 ?
		    EMBED_KNN_APPROX : EMBED_KNN_AUTO; break;
		case 'o': out = optarg; break;
		case 'P': pca_out = optarg; break;
		case 'S': sparse = 1; break;
		case 'v': st.verbose = 1; break;
		default:
			fprintf(stderr, "usage: tsne-bench [-t threads] "
			    "[-p perplexity] [-T theta] [-i iters] [-s seed] "
			    "[-o map.tsv] [-v] matrix.tsv\n");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "tsne-bench: one matrix file expected\n");
		return 2;
	}
	t0 = now();
	if (strlen(argv[optind]) > 4 && strcmp(argv[optind] +
	    strlen(argv[optind]) - 4, ".f32") == 0) {
		memset(&m, 0, sizeof m);
		if (sparse ? rawmatrix_read_sparse(argv[optind], &rows) != 0 :
		    (m.data = rawmatrix_read(argv[optind], &m.rows,
		    &m.cols)) == NULL) {
			fprintf(stderr, "tsne-bench: %s: not a raw matrix\n",
			    argv[optind]);
			return 1;
		}
		if (sparse) {
			m.rows = rows.n;
			m.cols = rows.d;
		}
	} else if (matrix_read_tsv(argv[optind], &m, err, sizeof err) != 0) {
		fprintf(stderr, "tsne-bench: %s\n", err);
		return 1;
	} else if (sparse) {
		sparse_rows_from_dense(&rows, m.data, m.rows, m.cols);
		free(m.data);
		m.data = NULL;
	}
	if (pca_out != NULL) {
		if (write_pca(&m, sparse ? &rows : NULL, m.cols > 50 ? 50 :
		    m.cols, o.threads, pca_out) != 0) {
			perror(pca_out);
			return 1;
		}
		return 0;
	}
	t1 = now();
	Y = malloc(m.rows * 2 * sizeof *Y);
	if (Y == NULL)
		return 1;
	p.ctx = &st;
	st.t0 = st.start = t1;
	if (sparse)
		rc = embed_sparse_rows(&rows, &o, &p, Y, &kl, NULL, 0, err,
		    sizeof err);
	else
		rc = embed_rows(m.data, m.rows, m.cols, &o, &p, Y, &kl, NULL, 0,
		    err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "tsne-bench: %s\n", err);
		return 1;
	}
	t2 = now();
	on_report(&st, "done", 1, 0, -1);
	printf("n=%zu d=%zu read=%.3f embed=%.3f kl=%.6f\n", m.rows, m.cols,
	    t1 - t0, t2 - t1, kl);
	if (out != NULL) {
		FILE *fp = fopen(out, "w");

		if (fp == NULL) {
			perror(out);
			return 1;
		}
		fprintf(fp, "x\ty\n");
		for (size_t i = 0; i < m.rows; i++)
			fprintf(fp, "%.17g\t%.17g\n", Y[2 * i], Y[2 * i + 1]);
		fclose(fp);
	}
	free(Y);
	matrix_free(&m);
	sparse_rows_free(&rows);
	return 0;
}
