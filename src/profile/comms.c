/*
 * comms.c - communication profiles and their neighbours (see comms.h).
 *
 * The nearest rows by cosine come from an inverted index: for row i, only
 * rows that share a column with it can have a positive dot product, and
 * walking the columns of i through the index visits exactly those.  The
 * cost is the sum over columns of (rows in the column)^2, which the rarity
 * weighting does not change but which stays far below n^2 on enterprise
 * traffic, where most computers talk to a few dozen peers.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/comms.h"
#include "base/xalloc.h"

struct entry {
	uint32_t	col;
	double		val;
};

static int
entry_order(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return x->col < y->col ? -1 : x->col > y->col;
}

int
comms_build(const struct load_profiles *p, struct comms *c, char *err,
    size_t errlen)
{
	size_t n = p->ncomputers, nnz = 0;

	memset(c, 0, sizeof *c);
	if (!p->has_pairs) {
		snprintf(err, errlen, "the flows were counted without pairs");
		return -1;
	}
	c->n = n;
	c->start = xcalloc(n + 1, sizeof *c->start);

	/* Pairs between kept computers, each seen from both ends. */
	for (size_t k = 0; k < p->npairs; k++) {
		c->start[p->pairs[k].client + 1]++;
		c->start[p->pairs[k].server + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		c->start[i + 1] += c->start[i];
	nnz = c->start[n];
	struct entry *e = xcalloc(nnz ? nnz : 1, sizeof *e);
	size_t *fill = xcalloc(n ? n : 1, sizeof *fill);
	uint32_t *peers = xcalloc(n > 0 ? 2 * n : 1, sizeof *peers);
	for (size_t k = 0; k < p->npairs; k++) {
		uint32_t a = p->pairs[k].client, b = p->pairs[k].server;
		double flows = (double)p->pairs[k].flows;

		e[c->start[a] + fill[a]++] = (struct entry){ b, flows };
		e[c->start[b] + fill[b]++] = (struct entry){ (uint32_t)n + a,
		    flows };
		peers[b]++;		/* column b: rows that talk to b */
		peers[n + a]++;		/* column n + a: rows a talks to */
	}
	free(fill);

	/* Per row: each direction a distribution, times the rarity of the
	 * peer, then unit length. */
	#pragma omp parallel for schedule(dynamic, 64)
	for (size_t i = 0; i < n; i++) {
		struct entry *row = e + c->start[i];
		size_t len = c->start[i + 1] - c->start[i];
		double sum[2] = { 0, 0 }, norm = 0;

		qsort(row, len, sizeof *row, entry_order);
		for (size_t j = 0; j < len; j++)
			sum[row[j].col >= n] += row[j].val;
		for (size_t j = 0; j < len; j++) {
			double idf = log((double)n / (double)peers[row[j].col]);

			row[j].val = row[j].val / sum[row[j].col >= n] *
			    (idf > 0 ? idf : 0);
			norm += row[j].val * row[j].val;
		}
		norm = sqrt(norm);
		for (size_t j = 0; j < len; j++)
			row[j].val = norm > 0 ? row[j].val / norm : 0;
	}
	free(peers);

	c->col = xcalloc(nnz ? nnz : 1, sizeof *c->col);
	c->val = xcalloc(nnz ? nnz : 1, sizeof *c->val);
	for (size_t j = 0; j < nnz; j++) {
		c->col[j] = e[j].col;
		c->val[j] = (float)e[j].val;
	}
	free(e);
	return 0;
}

/* Column -> (row, value) lists: the transpose of the rows. */
struct index {
	size_t		*start;
	uint32_t	*row;
	float		*val;
};

static void
index_build(const struct comms *c, struct index *x)
{
	size_t ncol = 2 * c->n, nnz = c->start[c->n];
	size_t *fill = xcalloc(ncol ? ncol : 1, sizeof *fill);

	x->start = xcalloc(ncol + 1, sizeof *x->start);
	x->row = xcalloc(nnz ? nnz : 1, sizeof *x->row);
	x->val = xcalloc(nnz ? nnz : 1, sizeof *x->val);
	for (size_t j = 0; j < nnz; j++)
		x->start[c->col[j] + 1]++;
	for (size_t k = 0; k < ncol; k++)
		x->start[k + 1] += x->start[k];
	for (size_t i = 0; i < c->n; i++)	/* rows in order: sorted lists */
		for (size_t j = c->start[i]; j < c->start[i + 1]; j++) {
			size_t at = x->start[c->col[j]] + fill[c->col[j]]++;

			x->row[at] = (uint32_t)i;
			x->val[at] = c->val[j];
		}
	free(fill);
}

/* Keep the k best (largest dot, then smallest row) in sorted order. */
static void
offer(uint32_t *idx, double *best, size_t *have, size_t k, uint32_t row,
    double dot)
{
	size_t at;

	if (*have == k && (dot < best[k - 1] ||
	    (dot == best[k - 1] && row > idx[k - 1])))
		return;
	at = *have < k ? (*have)++ : k - 1;
	while (at > 0 && (best[at - 1] < dot ||
	    (best[at - 1] == dot && idx[at - 1] > row))) {
		best[at] = best[at - 1];
		idx[at] = idx[at - 1];
		at--;
	}
	best[at] = dot;
	idx[at] = row;
}

void
comms_knn(const struct comms *c, size_t k, uint32_t *idx, float *dist,
    int threads)
{
	struct index x;
	size_t n = c->n;

	if (k == 0 || n < 2)
		return;
	index_build(c, &x);
	#pragma omp parallel num_threads(threads > 0 ? threads : \
	    omp_get_max_threads())
	{
		double *dot = xcalloc(n, sizeof *dot);
		uint32_t *touched = xcalloc(n, sizeof *touched);
		size_t *seen = xcalloc(n, sizeof *seen);	/* row i + 1 */
		double *best = xcalloc(k, sizeof *best);

		#pragma omp for schedule(dynamic, 16)
		for (size_t i = 0; i < n; i++) {
			size_t ntouched = 0, have = 0;
			uint32_t *out = idx + i * k;

			for (size_t j = c->start[i]; j < c->start[i + 1]; j++) {
				size_t col = c->col[j];

				for (size_t r = x.start[col]; r < x.start[col + 1];
				    r++) {
					uint32_t o = x.row[r];

					if (o == i)
						continue;
					if (seen[o] != i + 1) {
						seen[o] = i + 1;
						touched[ntouched++] = o;
					}
					dot[o] += (double)c->val[j] * x.val[r];
				}
			}
			for (size_t t = 0; t < ntouched; t++) {
				offer(out, best, &have, k, touched[t],
				    dot[touched[t]]);
				dot[touched[t]] = 0;
			}
			/* Fewer sharers than k: the others, by row, at dot 0. */
			for (uint32_t o = 0; have < k && o < n; o++) {
				int taken = o == i;

				for (size_t h = 0; h < have && !taken; h++)
					taken = out[h] == o;
				if (!taken)
					offer(out, best, &have, k, o, 0);
			}
			for (size_t h = 0; h < k; h++) {
				double d2 = 2 - 2 * best[h];

				dist[i * k + h] = (float)sqrt(d2 > 0 ? d2 : 0);
			}
		}
		free(dot);
		free(touched);
		free(seen);
		free(best);
	}
	free(x.start);
	free(x.row);
	free(x.val);
}

void
comms_free(struct comms *c)
{
	free(c->start);
	free(c->col);
	free(c->val);
	memset(c, 0, sizeof *c);
}
