/*
 * sptree.c - a compressed quadtree over the map, built by Morton order.
 *
 * Each build quantises the points to a 2^21 x 2^21 grid over their
 * bounding square, sorts them by interleaved (Morton) code with an LSD
 * radix sort, and cuts the sorted range recursively: a node is a range
 * whose codes share a prefix, its children the sub-ranges that share one
 * more base-4 digit.  Chains of single children are skipped (a node is
 * cut at the first digit where its first and last codes differ), so every
 * inner node has 2..4 children and there are fewer than 2n nodes, all in
 * one flat array allocated once: no per-node malloc.  A leaf holds up to
 * SPTREE_LEAF points, or any number whose codes are equal (coincident,
 * or closer than the grid).  Walking a node costs more than evaluating
 * an entry (its branches do not predict), so small leaves pay: at 10,000
 * points, 8 per leaf walk 30% fewer nodes for 12% more entries.
 * The top of the tree is split serially and its subtrees are built by
 * threads, each into a range of node ids fixed by its number of points,
 * so the tree is the same whatever the number of threads (build_tree).
 *
 * The traversal is Barnes (1990)'s grouping: a node holding at most
 * SPTREE_GROUP points walks the tree once for all of them, with the
 * opening test taken against the nearest point of the group's box, which
 * is never less accurate than walking per point.  The walk yields an
 * interaction list of (x, y, mass); the list is then evaluated for eight
 * points at a time in GCC vector types, in float relative to the group's
 * centre (partial sums go to double every SPTREE_BLOCK entries).  No cell
 * inside the group's box can pass the test, so the group's own points
 * appear in the list as one block of direct entries; that block is
 * evaluated point by point, in double, to leave out each point's term
 * with itself.  Lists live in per-thread
 * scratch, the tree is only read, and every point's sums are written to
 * its own slot in a fixed order, so results do not depend on the number
 * of threads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "embed/sptree.h"
#include "base/xalloc.h"

#define SPTREE_BITS	21	/* grid bits per axis */
#define SPTREE_GROUP	32	/* points walked together (16..128 measured alike) */
#define SPTREE_RADIX	11	/* bits per radix pass; 4 passes cover 42 */
#define SPTREE_PAD	8	/* readable positions past the last point */
#define SPTREE_LEAF	8	/* points a leaf may hold: fewer nodes to walk */
#define SPTREE_TOP_MAX	1024	/* nodes of the serially built top */

/* fmin/fmax without their NaN rules, which keep them out of line. */
static inline double
dmin(double a, double b)
{
	return b < a ? b : a;
}

static inline double
dmax(double a, double b)
{
	return b > a ? b : a;
}

void
sptree_init(struct sptree *t)
{
	*t = (struct sptree){0};
}

void
sptree_free(struct sptree *t)
{
	free(t->node);
	free(t->box);
	free(t->group);
	free(t->group2);
	free(t->order);
	free(t->px);
	free(t->py);
	free(t->code);
	free(t->code2);
	free(t->order2);
	sptree_init(t);
}

static uint64_t
spread_bits(uint64_t v)
{
	/* 21 bits to the even positions of 42. */
	v &= 0x1fffff;
	v = (v | v << 16) & 0x0000ffff0000ffffULL;
	v = (v | v << 8) & 0x00ff00ff00ff00ffULL;
	v = (v | v << 4) & 0x0f0f0f0f0f0f0f0fULL;
	v = (v | v << 2) & 0x3333333333333333ULL;
	v = (v | v << 1) & 0x5555555555555555ULL;
	return v;
}

static void
reserve(struct sptree *t, size_t n)
{
	/* Fewer than 2n nodes below the top, SPTREE_TOP_MAX in it. */
	size_t nodes = 2 * n + SPTREE_TOP_MAX + 1;

	if (n <= t->cap)
		return;
	t->node = xreallocarray(t->node, nodes, sizeof *t->node);
	t->box = xreallocarray(t->box, xmul(nodes, 4), sizeof *t->box);
	t->group = xreallocarray(t->group, n + 1, sizeof *t->group);
	t->group2 = xreallocarray(t->group2, n + 1, sizeof *t->group2);
	t->order = xreallocarray(t->order, n, sizeof *t->order);
	t->order2 = xreallocarray(t->order2, n, sizeof *t->order2);
	t->px = xreallocarray(t->px, n + SPTREE_PAD, sizeof *t->px);
	t->py = xreallocarray(t->py, n + SPTREE_PAD, sizeof *t->py);
	t->code = xreallocarray(t->code, n, sizeof *t->code);
	t->code2 = xreallocarray(t->code2, n, sizeof *t->code2);
	t->cap = n;
}

/* Stable LSD radix sort of (code, order) pairs. */
static void
radix_sort(struct sptree *t, size_t n)
{
	size_t count[1 << SPTREE_RADIX];

	for (int pass = 0; pass < 4; pass++) {
		int shift = pass * SPTREE_RADIX;
		size_t sum = 0;

		memset(count, 0, sizeof count);
		for (size_t i = 0; i < n; i++)
			count[(t->code[i] >> shift) & ((1 << SPTREE_RADIX) - 1)]++;
		for (size_t b = 0; b < (1 << SPTREE_RADIX); b++) {
			size_t c = count[b];

			count[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++) {
			size_t o = count[(t->code[i] >> shift) &
			    ((1 << SPTREE_RADIX) - 1)]++;

			t->code2[o] = t->code[i];
			t->order2[o] = t->order[i];
		}
		uint64_t *c = t->code;
		uint32_t *r = t->order;

		t->code = t->code2;
		t->code2 = c;
		t->order = t->order2;
		t->order2 = r;
	}
}

/*
 * Where the nodes and groups of one subtree go: node ids are handed out
 * from next, groups appended to group[].  Every subtree of m points owns a
 * range of 2m - 2 ids for its descendants, so subtrees can be built by
 * different threads with the same ids as by one.
 */
struct cursor {
	uint32_t	 next;
	uint32_t	*group;
	size_t		 ngroups;
};

/* The children of sorted range [lo, hi) (codes not all equal): the ends of
 * the non-empty sub-ranges of the first base-4 digit where codes differ;
 * that digit does not decrease along the range, so binary search works. */
static uint32_t
split(const struct sptree *t, size_t lo, size_t hi, size_t *ends)
{
	uint64_t diff = t->code[lo] ^ t->code[hi - 1];
	int shift = (63 - __builtin_clzll(diff)) & ~1;
	uint64_t prefix = t->code[lo] >> shift & ~(uint64_t)3;
	uint32_t nchild = 0;
	size_t a = lo;

	for (uint64_t digit = 0; digit < 4; digit++) {
		size_t l = a, h = hi;

		while (l < h) {
			size_t mid = l + (h - l) / 2;

			if ((t->code[mid] >> shift) <= (prefix | digit))
				l = mid + 1;
			else
				h = mid;
		}
		if (l > a)
			ends[nchild++] = l;
		a = l;
	}
	return nchild;
}

/* Centre of mass, box and radius of a node from its points or children. */
static void
finish_node(struct sptree *t, uint32_t id)
{
	struct sptree_node *nd = &t->node[id];
	double *bx = t->box + 4 * (size_t)id, sx = 0, sy = 0;

	bx[0] = bx[2] = INFINITY;
	bx[1] = bx[3] = -INFINITY;
	if (nd->child == 0) {
		for (size_t i = nd->first; i < nd->first + nd->count; i++) {
			sx += t->px[i];
			sy += t->py[i];
			bx[0] = dmin(bx[0], t->px[i]);
			bx[1] = dmax(bx[1], t->px[i]);
			bx[2] = dmin(bx[2], t->py[i]);
			bx[3] = dmax(bx[3], t->py[i]);
		}
	} else {
		for (uint32_t c = nd->child; c < nd->child + nd->nchild; c++) {
			const struct sptree_node *ch = &t->node[c];
			const double *cb = t->box + 4 * (size_t)c;

			sx += ch->cx * ch->count;
			sy += ch->cy * ch->count;
			bx[0] = dmin(bx[0], cb[0]);
			bx[1] = dmax(bx[1], cb[1]);
			bx[2] = dmin(bx[2], cb[2]);
			bx[3] = dmax(bx[3], cb[3]);
		}
	}
	nd->cx = sx / nd->count;
	nd->cy = sy / nd->count;
	nd->r = dmax(dmax(nd->cx - bx[0], bx[1] - nd->cx),
	    dmax(nd->cy - bx[2], bx[3] - nd->cy));
}

/* Start node id over sorted positions [lo, hi): all but the centre of
 * mass; its children's ranges end at ends[].  Returns the number of
 * children, 0 for a leaf (one point, or points sharing a grid cell). */
static uint32_t
open_node(struct sptree *t, uint32_t id, size_t lo, size_t hi, size_t *ends)
{
	struct sptree_node *nd = &t->node[id];

	nd->count = (uint32_t)(hi - lo);
	nd->first = (uint32_t)lo;
	nd->child = 0;
	nd->nchild = 0;
	if (hi - lo <= SPTREE_LEAF || t->code[lo] == t->code[hi - 1])
		return 0;
	return split(t, lo, hi, ends);
}

/* Build the subtree of node id over [lo, hi), recursive to a depth of at
 * most SPTREE_BITS + 1. */
static void
build_node(struct sptree *t, uint32_t id, size_t lo, size_t hi, int grouped,
    struct cursor *cur)
{
	size_t ends[4], a = lo;
	uint32_t nchild = open_node(t, id, lo, hi, ends);

	/* A leaf of coincident points may exceed the group size. */
	if (!grouped && (hi - lo <= SPTREE_GROUP || nchild == 0)) {
		cur->group[cur->ngroups++] = id;
		grouped = 1;
	}
	if (nchild > 0) {
		uint32_t child = cur->next;

		t->node[id].child = child;
		t->node[id].nchild = nchild;
		cur->next += nchild;
		for (uint32_t c = 0; c < nchild; c++) {
			build_node(t, child + c, a, ends[c], grouped, cur);
			a = ends[c];
		}
	}
	finish_node(t, id);
}

/*
 * The top of the tree is opened serially, breadth first: a range of more
 * than `big` points (a fixed share of n) is split, smaller ones become
 * the roots of subtrees that threads then build independently, each in
 * its own range of ids.  What is split depends only on the points, never
 * on the number of threads.
 */
struct subtree {
	uint32_t id, lo, hi, base;
	size_t	 ngroups;
};

static void
build_tree(struct sptree *t, size_t n, int nth)
{
	struct subtree *sub;
	uint32_t *top = NULL, next = 1;
	size_t nsub = 0, ntop = 0, cap = 64, topcap = 0, head = 0;
	size_t big = n / 64 > 4 * SPTREE_GROUP ? n / 64 : 4 * SPTREE_GROUP;

	sub = xreallocarray(NULL, cap, sizeof *sub);
	sub[nsub++] = (struct subtree){0, 0, (uint32_t)n, 0, 0};
	while (head < nsub) {
		struct subtree q = sub[head];
		size_t ends[4], a = q.lo;
		uint32_t nchild;

		if (q.hi - q.lo <= big || next + 4 > SPTREE_TOP_MAX ||
		    (nchild = open_node(t, q.id, q.lo, q.hi, ends)) == 0) {
			head++;		/* stays the root of a subtree */
			continue;
		}
		/* Split: its children take its place in the queue. */
		t->node[q.id].child = next;
		t->node[q.id].nchild = nchild;
		if (ntop == topcap) {
			topcap = 2 * topcap + 16;
			top = xreallocarray(top, topcap, sizeof *top);
		}
		top[ntop++] = q.id;
		if (nsub + nchild > cap) {
			cap = 2 * cap + nchild;
			sub = xreallocarray(sub, cap, sizeof *sub);
		}
		memmove(sub + head, sub + head + 1,
		    (nsub - head - 1) * sizeof *sub);
		nsub--;
		for (uint32_t c = 0; c < nchild; c++) {
			sub[nsub++] = (struct subtree){next + c, (uint32_t)a,
			    (uint32_t)ends[c], 0, 0};
			a = ends[c];
		}
		next += nchild;
	}
	for (size_t s = 0; s < nsub; s++) {
		sub[s].base = next;
		next += 2 * (sub[s].hi - sub[s].lo) - 2;
	}
	#pragma omp parallel for schedule(dynamic, 1) num_threads(nth)
	for (size_t s = 0; s < nsub; s++) {
		struct cursor cur = { sub[s].base, t->group2 + sub[s].lo, 0 };

		build_node(t, sub[s].id, sub[s].lo, sub[s].hi, 0, &cur);
		sub[s].ngroups = cur.ngroups;
	}
	t->ngroups = 0;
	for (size_t s = 0; s < nsub; s++) {
		memcpy(t->group + t->ngroups, t->group2 + sub[s].lo,
		    sub[s].ngroups * sizeof *t->group);
		t->ngroups += sub[s].ngroups;
	}
	/* Parents were split before their children: finish in reverse. */
	for (size_t i = ntop; i-- > 0;)
		finish_node(t, top[i]);
	t->nnodes = next;
	free(top);
	free(sub);
}

void
sptree_build(struct sptree *t, const double *Y, size_t n, int threads)
{
	int nth = threads > 0 ? threads : omp_get_max_threads();
	double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY;
	double ymax = -INFINITY, ext, scale;

	reserve(t, n);
	for (size_t i = 0; i < n; i++) {
		xmin = dmin(xmin, Y[2 * i]);
		xmax = dmax(xmax, Y[2 * i]);
		ymin = dmin(ymin, Y[2 * i + 1]);
		ymax = dmax(ymax, Y[2 * i + 1]);
	}
	ext = dmax(xmax - xmin, ymax - ymin);
	scale = ext > 0 ? ((1 << SPTREE_BITS) - 1) / ext : 0;
	#pragma omp parallel for schedule(static) num_threads(nth)
	for (size_t i = 0; i < n; i++) {
		uint64_t qx = (uint64_t)((Y[2 * i] - xmin) * scale);
		uint64_t qy = (uint64_t)((Y[2 * i + 1] - ymin) * scale);

		t->code[i] = spread_bits(qx) | spread_bits(qy) << 1;
		t->order[i] = (uint32_t)i;
	}
	radix_sort(t, n);
	for (size_t i = 0; i < n; i++) {
		t->px[i] = Y[2 * (size_t)t->order[i]];
		t->py[i] = Y[2 * (size_t)t->order[i] + 1];
	}
	for (size_t i = n; i < n + SPTREE_PAD; i++) {
		t->px[i] = n ? t->px[n - 1] : 0;
		t->py[i] = n ? t->py[n - 1] : 0;
	}
	t->n = n;
	t->nnodes = 0;
	t->ngroups = 0;
	if (n > 0)
		build_tree(t, n, nth);
}

/*
 * An interaction list: (x, y, mass) in float, relative to the centre of
 * the group's box, so that the near entries, whose forces are large and
 * whose distances are small, keep their precision.
 */
struct ilist {
	float	*x, *y, *m;
	size_t	 len, cap;
};

static void
ilist_push(struct ilist *l, double x, double y, double m)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->x = xreallocarray(l->x, l->cap, sizeof *l->x);
		l->y = xreallocarray(l->y, l->cap, sizeof *l->y);
		l->m = xreallocarray(l->m, l->cap, sizeof *l->m);
	}
	l->x[l->len] = (float)x;
	l->y[l->len] = (float)y;
	l->m[l->len++] = (float)m;
}

/*
 * The interaction list of a group (depth-first, fixed order).  No node
 * inside the group's box passes the test, so the group's own points come
 * out as direct entries, together and in order: their start is returned.
 */
static size_t
walk(const struct sptree *t, uint32_t group, double theta2, double gx,
    double gy, struct ilist *l, uint32_t *stack)
{
	const double *gb = t->box + 4 * (size_t)group;
	uint32_t gfirst = t->node[group].first;
	size_t sp = 0, self_at = 0;

	l->len = 0;
	stack[sp++] = 0;
	while (sp > 0) {
		uint32_t id = stack[--sp];
		const struct sptree_node *nd = &t->node[id];
		double dx = 0, dy = 0;

		/* Distance from the centre of mass to the group's box. */
		if (nd->cx < gb[0])
			dx = gb[0] - nd->cx;
		else if (nd->cx > gb[1])
			dx = nd->cx - gb[1];
		if (nd->cy < gb[2])
			dy = gb[2] - nd->cy;
		else if (nd->cy > gb[3])
			dy = nd->cy - gb[3];
		if (id == group)
			self_at = l->len;
		/* An ancestor of the group is always opened: for theta above
		 * 1/sqrt(2) its centre of mass may lie outside the group's
		 * box far enough to pass, and stand for the group itself. */
		if (nd->r * nd->r < theta2 * (dx * dx + dy * dy) &&
		    !(nd->first <= gfirst && gfirst < nd->first + nd->count)) {
			ilist_push(l, nd->cx - gx, nd->cy - gy, nd->count);
		} else if (nd->child == 0) {
			for (uint32_t i = nd->first; i < nd->first + nd->count;
			    i++)
				ilist_push(l, t->px[i] - gx, t->py[i] - gy, 1);
		} else {
			/* Reverse, so children pop in their natural order. */
			for (uint32_t c = nd->nchild; c-- > 0;)
				stack[sp++] = nd->child + c;
		}
	}
	return self_at;
}

typedef float v8f __attribute__((vector_size(32)));

#define SPTREE_LANES	8	/* points evaluated together */
#define SPTREE_BLOCK	128	/* entries summed in float before double */

/*
 * Sums over entries [from, to) for eight points, in float over blocks of
 * SPTREE_BLOCK entries, each block added to the double sums: the inner
 * loop runs at float SIMD width, the totals keep double accuracy.
 * Compiled twice where the CPU may have AVX2 (same operations, same order,
 * no FMA: identical results either way).
 */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
#endif
static void
accumulate(const struct ilist *l, size_t from, size_t to, const float *xr,
    const float *yr, double *z, double *fx, double *fy)
{
	v8f x, y;

	memcpy(&x, xr, sizeof x);
	memcpy(&y, yr, sizeof y);
	for (size_t b = from; b < to; b += SPTREE_BLOCK) {
		size_t end = to - b < SPTREE_BLOCK ? to : b + SPTREE_BLOCK;
		v8f sz = {0}, sx = {0}, sy = {0}, one = sz + 1;
		float az[SPTREE_LANES], ax[SPTREE_LANES], ay[SPTREE_LANES];

		for (size_t e = b; e < end; e++) {
			v8f dx = x - l->x[e], dy = y - l->y[e];
			v8f q = one / (one + dx * dx + dy * dy);
			v8f mq = l->m[e] * q, w = mq * q;

			sz += mq;
			sx += w * dx;
			sy += w * dy;
		}
		memcpy(az, &sz, sizeof az);
		memcpy(ax, &sx, sizeof ax);
		memcpy(ay, &sy, sizeof ay);
		for (int k = 0; k < SPTREE_LANES; k++) {
			z[k] += az[k];
			fx[k] += ax[k];
			fy[k] += ay[k];
		}
	}
}

/*
 * Evaluate the list for the group's points, eight at a time; the group's
 * own block [self, self + count) is done per point in double, leaving out
 * j = i.
 */
static void
evaluate(const struct sptree *t, const struct sptree_node *g, double gx,
    double gy, const struct ilist *l, size_t self, double *rep, double *sumq)
{
	for (uint32_t p = 0; p < g->count; p += SPTREE_LANES) {
		float xr[SPTREE_LANES], yr[SPTREE_LANES];
		double z[SPTREE_LANES] = {0}, fx[SPTREE_LANES] = {0};
		double fy[SPTREE_LANES] = {0};

		for (int k = 0; k < SPTREE_LANES; k++) {
			xr[k] = (float)(t->px[g->first + p + k] - gx);
			yr[k] = (float)(t->py[g->first + p + k] - gy);
		}
		accumulate(l, 0, self, xr, yr, z, fx, fy);
		accumulate(l, self + g->count, l->len, xr, yr, z, fx, fy);
		for (uint32_t k = 0; k < SPTREE_LANES && p + k < g->count; k++) {
			size_t me = g->first + p + k;
			size_t id = t->order[me];

			for (uint32_t j = 0; j < g->count; j++) {
				size_t o = g->first + j;
				double dx = t->px[me] - t->px[o];
				double dy = t->py[me] - t->py[o], q;

				if (j == p + k)
					continue;
				q = 1 / (1 + dx * dx + dy * dy);
				z[k] += q;
				fx[k] += q * q * dx;
				fy[k] += q * q * dy;
			}
			sumq[id] = z[k];
			rep[2 * id] = fx[k];
			rep[2 * id + 1] = fy[k];
		}
	}
}

void
sptree_repulsion(const struct sptree *t, double theta, double *rep,
    double *sumq, int threads)
{
	int nth = threads > 0 ? threads : omp_get_max_threads();
	double theta2 = theta * theta;

	#pragma omp parallel num_threads(nth)
	{
		struct ilist l = {0};
		/* Depth <= 22 levels of <= 4 children each. */
		uint32_t stack[4 * (SPTREE_BITS + 2)];

		#pragma omp for schedule(dynamic, 4)
		for (size_t g = 0; g < t->ngroups; g++) {
			const struct sptree_node *gn = &t->node[t->group[g]];
			const double *gb = t->box + 4 * (size_t)t->group[g];
			double gx = (gb[0] + gb[1]) / 2, gy = (gb[2] + gb[3]) / 2;
			size_t self = walk(t, t->group[g], theta2, gx, gy, &l,
			    stack);

			evaluate(t, gn, gx, gy, &l, self, rep, sumq);
		}
		free(l.x);
		free(l.y);
		free(l.m);
	}
}
