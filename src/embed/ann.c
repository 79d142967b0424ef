/*
 * ann.c - approximate nearest neighbours: random-projection trees, then
 * neighbour descent (see ann.h).
 *
 * The exact search (knn.c) costs about n^2 d at the sizes where this one
 * is used: its cluster bounds prune little in 50 dimensions.  Here:
 *
 * 1. ANN_TREES random-projection trees (Dasgupta & Freund 2008; Annoy's
 *    split): a node's points are cut at the median of their projections
 *    on the line through two of them drawn at random, until a leaf holds
 *    at most `leaf` points, at least k + 1.  Each point's first list is
 *    the k nearest of the members of its leaves.
 * 2. Neighbour descent (Dong, Moses & Li 2011, "Efficient k-nearest
 *    neighbor graph construction for generic similarity measures"): a
 *    neighbour of a neighbour is likely a neighbour.  Each round, every
 *    point offers itself the ANN_READ nearest of the lists of its
 *    ANN_FANOUT nearest, and of the points that list it among theirs
 *    (reverse edges, at most ANN_REVERSE of them), skipping pairs both of
 *    whose links were already there last round.  Rounds stop when fewer
 *    than ANN_STOP of the entries change, or after ANN_ROUNDS.
 *
 * Memory order matters more than arithmetic here: a distance costs a few
 * nanoseconds, a row fetched from far away a hundred.  So the points are
 * renumbered in the leaf order of the first tree (near points get near
 * numbers, and a neighbour's neighbours mostly lie in memory already
 * fetched), each leaf of the other trees is gathered into one block
 * before its members are compared, and the answer is renumbered back at
 * the end; ties between equal distances go by the caller's row index
 * throughout, so the numbering leaves no trace.
 *
 * Dong et al. let every comparison update both points in place, which
 * makes the result depend on the thread schedule.  Here a round reads a
 * snapshot of the lists taken at its start and a point writes only its
 * own list ("pull"), so the same seed gives the same graph at any number
 * of threads.  The trees' random lines come from the seed through one
 * stream per tree and node; the median split keeps the trees balanced
 * whatever the data (duplicates included: ties go by row index).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "base/errbuf.h"
#include "base/rng.h"
#include "base/xalloc.h"
#include "embed/ann.h"
#include "embed/dist.h"

#ifndef ANN_TREES
#define ANN_TREES	8	/* random-projection trees */
#endif
#ifndef ANN_LEAF
#define ANN_LEAF	128	/* most points of a leaf, at least 2 (k + 1) */
#endif
#ifndef ANN_ROUNDS
#define ANN_ROUNDS	12	/* descent rounds at most */
#endif
#ifndef ANN_FANOUT
#define ANN_FANOUT	30	/* own neighbours whose lists are read */
#endif
#ifndef ANN_READ
#define ANN_READ	30	/* entries read of each of those lists */
#endif
#ifndef ANN_REVERSE
#define ANN_REVERSE	30	/* reverse neighbours read, at most */
#endif
#define ANN_STOP	0.001	/* share of changed entries that ends it */
#define ANN_NEW		0x80000000u	/* "arrived last round" bit of an id */
#define ANN_BLOCKS	4	/* progress ticks per round */
#define ANN_LEAF_BLOCK	64	/* leaves per parallel task */

struct key {
	float	 v;
	uint32_t id;
};

static int
key_less(struct key a, struct key b)
{
	return a.v < b.v || (a.v == b.v && a.id < b.id);
}

static void
key_swap(struct key *a, struct key *b)
{
	struct key t = *a;

	*a = *b;
	*b = t;
}

/* Reorder a[0..len) so that its m smallest keys come first (Hoare's
 * selection, median-of-three pivots; keys are unique). */
static void
select_keys(struct key *a, size_t len, size_t m)
{
	size_t lo = 0, hi = len;

	while (hi - lo > 2) {
		size_t mid = lo + (hi - lo) / 2, store = lo;
		struct key p;

		if (key_less(a[mid], a[lo]))
			key_swap(&a[mid], &a[lo]);
		if (key_less(a[hi - 1], a[lo]))
			key_swap(&a[hi - 1], &a[lo]);
		if (key_less(a[hi - 1], a[mid]))
			key_swap(&a[hi - 1], &a[mid]);
		key_swap(&a[mid], &a[hi - 1]);	/* the median to the end */
		p = a[hi - 1];
		for (size_t i = lo; i < hi - 1; i++)
			if (key_less(a[i], p))
				key_swap(&a[i], &a[store++]);
		key_swap(&a[store], &a[hi - 1]);
		if (store == m)
			return;
		if (m < store)
			hi = store;
		else
			lo = store + 1;
	}
	if (hi - lo == 2 && key_less(a[lo + 1], a[lo]))
		key_swap(&a[lo], &a[lo + 1]);
}

struct tree {
	uint32_t *perm;		/* points, leaf after leaf */
	uint32_t *start;	/* leaves + 1 offsets into perm */
	uint32_t *leaf_of;	/* each point's leaf */
};

static float
dot(const float *a, const float *b, size_t d)
{
	float s = 0;

	for (size_t j = 0; j < d; j++)
		s += a[j] * b[j];
	return s;
}

/* One tree over the padded rows P (n x dp); key and dir are scratch. */
static void
build_tree(const float *P, size_t n, size_t dp, size_t leaf,
    const struct rng *base, uint64_t t, struct tree *tr, struct key *key,
    float *dir)
{
	struct { size_t lo, hi; uint64_t node; } stack[128];
	size_t top = 0, nleaves = 0;

	tr->perm = xmalloc(xmul(n, sizeof *tr->perm));
	tr->leaf_of = xmalloc(xmul(n, sizeof *tr->leaf_of));
	tr->start = xmalloc(xmul(n / (leaf / 2) + 2, sizeof *tr->start));
	for (size_t i = 0; i < n; i++)
		tr->perm[i] = (uint32_t)i;
	stack[top].lo = 0;
	stack[top].hi = n;
	stack[top++].node = 1;
	tr->start[0] = 0;
	/* Depth first, left before right: leaves in perm order. */
	while (top > 0) {
		size_t lo = stack[top - 1].lo, hi = stack[top - 1].hi, m = hi - lo;
		uint64_t node = stack[--top].node;
		const float *a, *b;
		struct rng r;
		size_t pa, pb;

		if (m <= leaf || top + 2 > sizeof stack / sizeof *stack) {
			for (size_t p = lo; p < hi; p++)
				tr->leaf_of[tr->perm[p]] = (uint32_t)nleaves;
			tr->start[++nleaves] = (uint32_t)hi;
			continue;
		}
		rng_split(base, t << 40 ^ node, &r);
		pa = (size_t)rng_below(&r, m);
		pb = (size_t)rng_below(&r, m - 1);
		pb += pb >= pa;
		a = P + (size_t)tr->perm[lo + pa] * dp;
		b = P + (size_t)tr->perm[lo + pb] * dp;
		for (size_t j = 0; j < dp; j++)
			dir[j] = a[j] - b[j];
		for (size_t p = lo; p < hi; p++)
			key[p - lo] = (struct key){ dot(P + (size_t)tr->perm[p] *
			    dp, dir, dp), tr->perm[p] };
		select_keys(key, m, m / 2);
		for (size_t p = lo; p < hi; p++)
			tr->perm[p] = key[p - lo].id;
		stack[top].lo = lo + m / 2;
		stack[top].hi = hi;
		stack[top++].node = 2 * node + 1;
		stack[top].lo = lo;
		stack[top].hi = lo + m / 2;
		stack[top++].node = 2 * node;
	}
}

static void
tree_free(struct tree *tr)
{
	free(tr->perm);
	free(tr->start);
	free(tr->leaf_of);
}

/* Per-thread scratch: seen marks (a stamp per point) and the heap. */
struct scratch {
	uint32_t	 *seen;
	uint32_t	  tag;
	struct dist_cand *heap;
	size_t		  len;
};

/* A fresh pair of stamps: tag for the list's own entries, tag + 1 for the
 * candidates that arrive. */
static void
next_tag(struct scratch *s, size_t n)
{
	if (s->tag >= UINT32_MAX - 2) {
		memset(s->seen, 0, n * sizeof *s->seen);
		s->tag = 0;
	}
	s->tag += 2;
}

/* The working lists: rows of k internal ids (with ANN_NEW) and squared
 * distances, in the caller's idx and dist; rank: each internal id's row
 * in the caller's numbering. */
struct lists {
	size_t		 n, k, dp;
	const float	*P;	/* padded rows in internal order */
	uint32_t	*idx;
	float		*d2;
	const uint32_t	*rank;
};

/* Load row a into the heap (a max-heap as stored when `as_heap`, else
 * sorted increasing, which read backwards is one) and mark its entries. */
static void
load_row(const struct lists *L, size_t a, int as_heap, struct scratch *s)
{
	const uint32_t *row = L->idx + a * L->k;
	const float *d = L->d2 + a * L->k;

	next_tag(s, L->n);
	s->seen[a] = s->tag;
	for (size_t c = 0; c < L->k; c++) {
		size_t from = as_heap ? c : L->k - 1 - c;
		uint32_t j = row[from] & ~ANN_NEW;

		s->heap[c] = (struct dist_cand){ d[from], j };
		s->seen[j] = s->tag;
	}
	s->len = L->k;
}

/* Store the heap as row a: as it is, or sorted with ANN_NEW on the
 * arrivals.  Returns how many arrived. */
static size_t
store_row(const struct lists *L, size_t a, int sorted, struct scratch *s)
{
	uint32_t *row = L->idx + a * L->k;
	float *d = L->d2 + a * L->k;
	size_t arrived = 0;

	if (sorted)
		dist_heap_sort(s->heap, s->len, L->rank);
	for (size_t c = 0; c < s->len; c++) {
		uint32_t j = s->heap[c].i;
		int fresh = sorted && s->seen[j] == s->tag + 1;

		arrived += (size_t)fresh;
		row[c] = j | (fresh ? ANN_NEW : 0);
		d[c] = s->heap[c].d2;
	}
	return arrived;
}

/* Inlined into the DIST_CLONES callers, so that it is compiled for their
 * target too. */
static inline __attribute__((always_inline)) void
offer(const struct lists *L, const float *pa, uint32_t j, const float *pj,
    struct scratch *s)
{
	struct dist_cand c;

	if (s->seen[j] >= s->tag)
		return;
	s->seen[j] = s->tag + 1;
	c.d2 = dist2_padded(pa, pj, L->dp);
	c.i = j;
	dist_heap_offer(s->heap, &s->len, L->k, c, L->rank);
}

/*
 * The members of one leaf (ids m[0..len), rows gathered in buf) offered
 * to each other's lists, kept as heaps.  first: the lists are empty yet.
 */
DIST_CLONES static void
join_leaf(const struct lists *L, const uint32_t *m, size_t len,
    const float *buf, int first, struct scratch *s)
{
	for (size_t a = 0; a < len; a++) {
		if (first) {
			next_tag(s, L->n);
			s->seen[m[a]] = s->tag;
			s->len = 0;
		} else
			load_row(L, m[a], 1, s);
		for (size_t b = 0; b < len; b++)
			if (b != a)
				offer(L, buf + a * L->dp, m[b], buf + b * L->dp,
				    s);
		store_row(L, m[a], 0, s);
	}
}

/* Offer point a the first `read` entries of a list in the snapshot; when
 * the link to the list's owner is old, only the entries new there. */
static inline __attribute__((always_inline)) void
offer_list(const struct lists *L, size_t a, const uint32_t *list,
    size_t read, int link_new, struct scratch *s)
{
	const float *pa = L->P + a * L->dp;

	for (size_t c = 0; c < read; c++)
		if (link_new || (list[c] & ANN_NEW)) {
			uint32_t j = list[c] & ~ANN_NEW;

			offer(L, pa, j, L->P + (size_t)j * L->dp, s);
		}
}

struct graph {
	uint32_t *snap;		/* n x read: the lists at the round's start */
	size_t	  read;
	uint32_t *rev;		/* who lists each point, with ANN_NEW */
	size_t	 *rstart;	/* n + 1 offsets into rev */
};

/* One round of descent for point a; returns how many entries changed. */
DIST_CLONES static size_t
descend_point(const struct lists *L, size_t a, const struct graph *g,
    struct scratch *s)
{
	const uint32_t *row = L->idx + a * L->k;
	size_t fan = L->k < ANN_FANOUT ? L->k : ANN_FANOUT;
	uint32_t mine[ANN_FANOUT];

	/* The row is rewritten below: keep the links to follow. */
	memcpy(mine, row, fan * sizeof *mine);
	load_row(L, a, 0, s);
	for (size_t c = 0; c < fan; c++) {
		uint32_t j = mine[c] & ~ANN_NEW;

		offer_list(L, a, g->snap + (size_t)j * g->read, g->read,
		    (mine[c] & ANN_NEW) != 0, s);
	}
	for (size_t e = g->rstart[a]; e < g->rstart[a + 1]; e++) {
		uint32_t j = g->rev[e] & ~ANN_NEW;

		offer_list(L, a, g->snap + (size_t)j * g->read, g->read,
		    (g->rev[e] & ANN_NEW) != 0, s);
	}
	return store_row(L, a, 1, s);
}

/* The snapshot of the first g->read entries of every list, and who lists
 * each point there (by increasing id, the first ANN_REVERSE). */
static void
snapshot(const struct lists *L, struct graph *g)
{
	size_t n = L->n, r = g->read, *fill;

	for (size_t i = 0; i < n; i++)
		memcpy(g->snap + i * r, L->idx + i * L->k, r * sizeof *g->snap);
	memset(g->rstart, 0, (n + 1) * sizeof *g->rstart);
	for (size_t e = 0; e < n * r; e++) {
		size_t j = g->snap[e] & ~ANN_NEW;

		if (g->rstart[j + 1] < ANN_REVERSE)
			g->rstart[j + 1]++;
	}
	for (size_t j = 0; j < n; j++)
		g->rstart[j + 1] += g->rstart[j];
	fill = xmalloc(xmul(n, sizeof *fill));
	memcpy(fill, g->rstart, n * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < r; c++) {
			uint32_t v = g->snap[i * r + c];
			size_t j = v & ~ANN_NEW;

			if (fill[j] < g->rstart[j + 1])
				g->rev[fill[j]++] = (uint32_t)i | (v & ANN_NEW);
		}
	free(fill);
}

/*
 * Rows of `size` bytes: row q of base moves to row to[q], in place
 * (following the permutation's cycles).
 */
static void
scatter_rows(void *base, size_t size, const uint32_t *to, size_t n)
{
	unsigned char *b = base, *tmp = xmalloc(size ? 2 * size : 1);
	unsigned char *spare = tmp + size;
	uint8_t *done = xcalloc(n ? n : 1, 1);

	for (size_t q0 = 0; q0 < n; q0++) {
		size_t q = q0;

		if (done[q0])
			continue;
		memcpy(tmp, b + q * size, size);
		while (!done[q]) {
			size_t t = to[q];

			done[q] = 1;
			memcpy(spare, b + t * size, size);
			memcpy(b + t * size, tmp, size);
			memcpy(tmp, spare, size);
			q = t;
		}
	}
	free(done);
	free(tmp);
}

/* Trees 1.. (tree 0 gave the numbering) over the internal rows. */
static void
build_trees(const float *P, size_t n, size_t dp, size_t leaf,
    const struct rng *base, struct tree *tr, int nth)
{
	#pragma omp parallel num_threads(nth)
	{
		struct key *key = xmalloc(xmul(n, sizeof *key));
		float *dir = xmalloc(xmul(dp, sizeof *dir));

		#pragma omp for schedule(dynamic, 1)
		for (int t = 1; t < ANN_TREES; t++)
			build_tree(P, n, dp, leaf, base, (uint64_t)t, &tr[t],
			    key, dir);
		free(dir);
		free(key);
	}
}

/* Round 0: the lists from the leaves, tree after tree; then sorted, every
 * entry new. */
static void
first_lists(const struct lists *L, const struct tree *tr, size_t leaf,
    int nth)
{
	for (int t = 0; t < ANN_TREES; t++) {
		size_t nleaves = 0;

		while (tr[t].start[nleaves] < L->n)
			nleaves++;
		#pragma omp parallel num_threads(nth)
		{
			struct scratch s = {
				.seen = xcalloc(L->n, sizeof *s.seen),
				.heap = xmalloc(xmul(L->k, sizeof *s.heap)),
			};
			float *buf = xmalloc(xmul(leaf, L->dp * sizeof *buf));

			#pragma omp for schedule(dynamic, ANN_LEAF_BLOCK)
			for (size_t l = 0; l < nleaves; l++) {
				const uint32_t *m = tr[t].perm + tr[t].start[l];
				size_t len = tr[t].start[l + 1] - tr[t].start[l];

				for (size_t a = 0; a < len; a++)
					memcpy(buf + a * L->dp, L->P +
					    (size_t)m[a] * L->dp, L->dp *
					    sizeof *buf);
				join_leaf(L, m, len, buf, t == 0, &s);
			}
			free(buf);
			free(s.seen);
			free(s.heap);
		}
	}
	#pragma omp parallel num_threads(nth)
	{
		struct dist_cand *h = xmalloc(xmul(L->k, sizeof *h));

		#pragma omp for schedule(static)
		for (size_t a = 0; a < L->n; a++) {
			uint32_t *row = L->idx + a * L->k;
			float *d = L->d2 + a * L->k;

			for (size_t c = 0; c < L->k; c++)
				h[c] = (struct dist_cand){ d[c], row[c] };
			dist_heap_sort(h, L->k, L->rank);
			for (size_t c = 0; c < L->k; c++) {
				row[c] = h[c].i | ANN_NEW;
				d[c] = h[c].d2;
			}
		}
		free(h);
	}
}

int
ann_search(const float *X, size_t n, size_t d, size_t k, uint32_t *idx,
    float *dist, uint64_t seed, int threads, knn_tick_fn tick, void *ctx,
    char *err, size_t errlen)
{
	int nth = threads > 0 ? threads : omp_get_max_threads();
	size_t dp = dist_padded_width(d), leaf = ANN_LEAF;
	struct tree tr[ANN_TREES];
	struct lists L;
	struct graph g;
	struct rng base;
	uint32_t *rank, *to;
	float *P;
	int rc = 0;

	if (n >= ANN_NEW) {
		errbuf_set(err, errlen, "%zu points are too many for the "
		    "neighbour search", n);
		return -1;
	}
	if (k >= n && n > 0) {
		errbuf_set(err, errlen, "%zu neighbours asked of %zu points",
		    k, n);
		return -1;
	}
	if (k == 0 || n == 0)
		return 0;
	if (leaf < 2 * (k + 1))
		leaf = 2 * (k + 1);
	P = xcalloc(xmul(n, dp), sizeof *P);
	for (size_t i = 0; i < n; i++)
		memcpy(P + i * dp, X + i * d, d * sizeof *P);

	/* Tree 0 over the caller's rows; its leaf order is the numbering. */
	rng_seed(&base, seed);
	{
		struct key *key = xmalloc(xmul(n, sizeof *key));
		float *dir = xmalloc(xmul(dp, sizeof *dir));

		build_tree(P, n, dp, leaf, &base, 0, &tr[0], key, dir);
		free(dir);
		free(key);
	}
	rank = tr[0].perm;		/* internal q is the caller's rank[q] */
	to = xmalloc(xmul(n, sizeof *to));
	for (size_t q = 0; q < n; q++)
		to[rank[q]] = (uint32_t)q;
	scatter_rows(P, dp * sizeof *P, to, n);
	/* Tree 0's leaves are now ranges of internal ids, and its leaf_of
	 * is by the caller's rows: renumber. */
	tr[0].perm = xmalloc(xmul(n, sizeof *tr[0].perm));
	for (size_t q = 0; q < n; q++) {
		tr[0].perm[q] = (uint32_t)q;
		to[q] = tr[0].leaf_of[rank[q]];
	}
	memcpy(tr[0].leaf_of, to, n * sizeof *to);
	build_trees(P, n, dp, leaf, &base, tr, nth);
	L = (struct lists){ n, k, dp, P, idx, dist, rank };
	first_lists(&L, tr, leaf, nth);
	for (int t = 0; t < ANN_TREES; t++)
		tree_free(&tr[t]);
	if (tick != NULL && tick(ctx, 1.0 / (ANN_ROUNDS + 1)))
		rc = 1;

	g.read = k < ANN_READ ? k : ANN_READ;
	g.snap = xmalloc(xmul(n, g.read * sizeof *g.snap));
	g.rev = xmalloc(xmul(n, g.read * sizeof *g.rev));
	g.rstart = xmalloc(xmul(n + 1, sizeof *g.rstart));
	for (int round = 1; round <= ANN_ROUNDS && rc == 0; round++) {
		size_t changed = 0;

		snapshot(&L, &g);
		for (int b = 0; b < ANN_BLOCKS && rc == 0; b++) {
			size_t lo = n * (size_t)b / ANN_BLOCKS;
			size_t hi = n * (size_t)(b + 1) / ANN_BLOCKS;

			#pragma omp parallel num_threads(nth) \
			    reduction(+:changed)
			{
				struct scratch s = {
					.seen = xcalloc(n, sizeof *s.seen),
					.heap = xmalloc(xmul(k,
					    sizeof *s.heap)),
				};

				#pragma omp for schedule(dynamic, 64)
				for (size_t a = lo; a < hi; a++)
					changed += descend_point(&L, a, &g, &s);
				free(s.seen);
				free(s.heap);
			}
			if (tick != NULL && tick(ctx, (round + (double)(b + 1) /
			    ANN_BLOCKS) / (ANN_ROUNDS + 1)))
				rc = 1;
		}
		if ((double)changed < ANN_STOP * (double)n * (double)k)
			break;
	}
	free(g.snap);
	free(g.rev);
	free(g.rstart);
	free(P);
	/* Back to the caller's numbering: ids, then rows. */
	for (size_t e = 0; e < n * k; e++) {
		idx[e] = rank[idx[e] & ~ANN_NEW];
		dist[e] = sqrtf(dist[e]);
	}
	memcpy(to, rank, n * sizeof *to);
	scatter_rows(idx, k * sizeof *idx, to, n);
	scatter_rows(dist, k * sizeof *dist, to, n);
	free(to);
	free(rank);
	if (rc == 0 && tick != NULL)
		rc = tick(ctx, 1) != 0;
	return rc;
}
