/*
 * cluster.c - density clustering of the functional map, and the clusters'
 * labels (see cluster.h).
 *
 * Neighbours in the plane come from a uniform grid: points are sorted into
 * square cells (about CELL_POINTS per cell on average over the map's
 * bounding box) and a query walks rings of cells outwards until no closer
 * point can be found.  At 100,000 points the k-th neighbour distances and
 * the radius queries then take a few tenths of a second.
 *
 * This is DBSCAN (Ester et al. 1996, "A density-based algorithm for
 * discovering clusters in large spatial databases with noise", KDD) with
 * its radius taken from the data, as the k-distance plot of that paper
 * suggests, but read off by a rule instead of by eye: t-SNE gives the
 * points of one group a similar local density, so a small multiple of the
 * typical k-th neighbour distance lies inside every group and below the
 * gaps between them.  Cores are joined with a union-find whose roots are
 * always the smallest index, and non-cores go to their nearest core (ties
 * by index): the result depends on nothing but the points.
 */
#include <arpa/inet.h>
#include <math.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/counters.h"
#include "base/portkey.h"
#include "base/xalloc.h"
#include "profile/cluster.h"

#define CELL_POINTS	4	/* points per grid cell, on average */
#define SERVE_SHARE	0.10	/* a port named in a label has this share */
#define SIDE_SHARE	0.20	/* a direction named second: its flows' share */
#define ONE_PROTOCOL	0.90	/* a label names a protocol this dominant */

void
cluster_options_default(struct cluster_options *o)
{
	o->min_size = CLUSTER_MIN_SIZE;
	o->scale = CLUSTER_SCALE;
}

/* --- the grid --------------------------------------------------------- */

struct grid {
	double		 x0, y0, cell;
	size_t		 nx, ny;
	size_t		*start;		/* nx * ny + 1: points of cell c are */
	uint32_t	*points;	/* points[start[c] .. start[c + 1]) */
	const double	*px, *py;
};

static size_t
cell_of(const struct grid *g, double v, double v0, size_t n)
{
	double c = floor((v - v0) / g->cell);

	return c < 0 ? 0 : c >= (double)n ? n - 1 : (size_t)c;
}

static void
grid_build(struct grid *g, const double *px, const double *py, size_t n)
{
	double x1 = px[0], y1 = py[0];

	g->px = px;
	g->py = py;
	g->x0 = px[0];
	g->y0 = py[0];
	for (size_t i = 1; i < n; i++) {
		g->x0 = fmin(g->x0, px[i]);
		g->y0 = fmin(g->y0, py[i]);
		x1 = fmax(x1, px[i]);
		y1 = fmax(y1, py[i]);
	}
	double w = fmax(x1 - g->x0, 1e-12), h = fmax(y1 - g->y0, 1e-12);
	/* About n / CELL_POINTS cells, also when the points lie on a line
	 * (then the area says nothing). */
	g->cell = fmax(sqrt(w * h * CELL_POINTS / (double)n),
	    fmax(w, h) * CELL_POINTS / (double)n);
	g->nx = (size_t)((x1 - g->x0) / g->cell) + 1;
	g->ny = (size_t)((y1 - g->y0) / g->cell) + 1;
	g->start = xcalloc(xmul(g->nx, g->ny) + 1, sizeof *g->start);
	g->points = xcalloc(n, sizeof *g->points);
	size_t *cell = xcalloc(n, sizeof *cell);
	for (size_t i = 0; i < n; i++) {
		cell[i] = cell_of(g, py[i], g->y0, g->ny) * g->nx +
		    cell_of(g, px[i], g->x0, g->nx);
		g->start[cell[i] + 1]++;
	}
	for (size_t c = 0; c < g->nx * g->ny; c++)
		g->start[c + 1] += g->start[c];
	size_t *fill = xcalloc(g->nx * g->ny, sizeof *fill);
	for (size_t i = 0; i < n; i++)
		g->points[g->start[cell[i]] + fill[cell[i]]++] = (uint32_t)i;
	free(fill);
	free(cell);
}

static void
grid_free(struct grid *g)
{
	free(g->start);
	free(g->points);
}

static double
dist2(const struct grid *g, size_t i, size_t j)
{
	double dx = g->px[i] - g->px[j], dy = g->py[i] - g->py[j];

	return dx * dx + dy * dy;
}

/*
 * Call visit(ctx, j, d2) for every other point j within the square of
 * cells at Chebyshev ring distance `ring` from point i's cell.
 */
static void
visit_cell(const struct grid *g, size_t i, long x, long y,
    void (*visit)(void *, size_t, double), void *ctx)
{
	size_t c;

	if (x < 0 || x >= (long)g->nx || y < 0 || y >= (long)g->ny)
		return;
	c = (size_t)y * g->nx + (size_t)x;
	for (size_t k = g->start[c]; k < g->start[c + 1]; k++)
		if (g->points[k] != i)
			visit(ctx, g->points[k], dist2(g, i, g->points[k]));
}

static void
grid_ring(const struct grid *g, size_t i, size_t ring,
    void (*visit)(void *, size_t, double), void *ctx)
{
	long cx = (long)cell_of(g, g->px[i], g->x0, g->nx);
	long cy = (long)cell_of(g, g->py[i], g->y0, g->ny);
	long r = (long)ring;

	if (r == 0) {
		visit_cell(g, i, cx, cy, visit, ctx);
		return;
	}
	/* The border of the square only: the inside was earlier rings. */
	for (long x = cx - r; x <= cx + r; x++) {
		visit_cell(g, i, x, cy - r, visit, ctx);
		visit_cell(g, i, x, cy + r, visit, ctx);
	}
	for (long y = cy - r + 1; y <= cy + r - 1; y++) {
		visit_cell(g, i, cx - r, y, visit, ctx);
		visit_cell(g, i, cx + r, y, visit, ctx);
	}
}

/* The k smallest squared distances seen, ascending. */
struct nearest_k {
	size_t	 k, n;
	double	*d2;
};

static void
keep_nearest(void *ctx, size_t j, double d2)
{
	struct nearest_k *nk = ctx;
	size_t p;

	(void)j;
	if (nk->n == nk->k && d2 >= nk->d2[nk->k - 1])
		return;
	if (nk->n < nk->k)
		nk->n++;
	for (p = nk->n - 1; p > 0 && nk->d2[p - 1] > d2; p--)
		nk->d2[p] = nk->d2[p - 1];
	nk->d2[p] = d2;
}

/* Point i's distance to its k-th nearest other point (k < n). */
static double
kth_distance(const struct grid *g, size_t i, struct nearest_k *nk)
{
	nk->n = 0;
	for (size_t ring = 0;; ring++) {
		grid_ring(g, i, ring, keep_nearest, nk);
		/* Points beyond this ring are at least ring * cell away. */
		if (nk->n == nk->k && nk->d2[nk->k - 1] <=
		    ((double)ring * g->cell) * ((double)ring * g->cell))
			break;
		if (ring > g->nx + g->ny)
			break;
	}
	return sqrt(nk->d2[nk->k - 1]);
}

/* Calls visit for every other point within radius eps of point i. */
struct within {
	double	  eps2;
	void	(*visit)(void *, size_t, double);
	void	 *ctx;
};

static void
keep_within(void *ctx, size_t j, double d2)
{
	struct within *w = ctx;

	if (d2 <= w->eps2)
		w->visit(w->ctx, j, d2);
}

static void
grid_within(const struct grid *g, size_t i, double eps,
    void (*visit)(void *, size_t, double), void *ctx)
{
	struct within w = { eps * eps, visit, ctx };
	size_t rings = (size_t)ceil(eps / g->cell);

	for (size_t ring = 0; ring <= rings; ring++)
		grid_ring(g, i, ring, keep_within, &w);
}

/* --- DBSCAN ----------------------------------------------------------- */

static uint32_t
find(uint32_t *parent, uint32_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/* Join the sets of a and b; the root is the smaller index. */
static void
join(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = find(parent, a);
	b = find(parent, b);
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

static void
count_one(void *ctx, size_t j, double d2)
{
	(void)j;
	(void)d2;
	(*(size_t *)ctx)++;
}

struct core_join {
	uint32_t	*parent;
	const uint8_t	*core;
	uint32_t	 i;
};

static void
join_core(void *ctx, size_t j, double d2)
{
	struct core_join *cj = ctx;

	(void)d2;
	if (cj->core[j])
		join(cj->parent, cj->i, (uint32_t)j);
}

struct nearest_core {
	const uint8_t	*core;
	size_t		 best;
	double		 best_d2;
};

static void
find_core(void *ctx, size_t j, double d2)
{
	struct nearest_core *nc = ctx;

	if (!nc->core[j])
		return;
	if (nc->best == SIZE_MAX || d2 < nc->best_d2 ||
	    (d2 == nc->best_d2 && j < nc->best)) {
		nc->best = j;
		nc->best_d2 = d2;
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The radius: scale times the median k-th neighbour distance.  Identical
 * points (duplicate profiles) give zero distances: then the median of the
 * positive ones, so that a map of a few tight spots still has a scale.
 */
static double
radius(const struct grid *g, size_t n, size_t k, double scale)
{
	struct nearest_k nk = { k, 0, xcalloc(k, sizeof(double)) };
	double *d = xcalloc(n, sizeof *d), eps;
	size_t zero = 0;

	for (size_t i = 0; i < n; i++) {
		d[i] = kth_distance(g, i, &nk);
		zero += d[i] == 0;
	}
	qsort(d, n, sizeof *d, cmp_double);
	eps = zero < n ? scale * d[zero + (n - zero) / 2] : 0;
	free(d);
	free(nk.d2);
	return eps;
}

/* Each point's cluster root (a point index), or UINT32_MAX for noise. */
static uint32_t *
dbscan(const struct grid *g, size_t n, size_t k, double eps)
{
	uint32_t *parent = xcalloc(n, sizeof *parent);
	uint8_t *core = xcalloc(n, 1);

	for (size_t i = 0; i < n; i++) {
		size_t count = 0;

		parent[i] = (uint32_t)i;
		grid_within(g, i, eps, count_one, &count);
		core[i] = count >= k;
	}
	for (size_t i = 0; i < n; i++)
		if (core[i]) {
			struct core_join cj = { parent, core, (uint32_t)i };

			grid_within(g, i, eps, join_core, &cj);
		}
	uint32_t *root = xcalloc(n, sizeof *root);
	for (size_t i = 0; i < n; i++) {
		if (core[i]) {
			root[i] = find(parent, (uint32_t)i);
			continue;
		}
		struct nearest_core nc = { core, SIZE_MAX, 0 };

		grid_within(g, i, eps, find_core, &nc);
		root[i] = nc.best == SIZE_MAX ? UINT32_MAX :
		    find(parent, (uint32_t)nc.best);
	}
	free(core);
	free(parent);
	return root;
}

/* --- clusters that do the same ---------------------------------------- */

/*
 * t-SNE may tear one kind of computer into islands (from a random start
 * especially, or where optional services split a population into
 * subsets), and DBSCAN sees the gaps.  Islands that do the same are one
 * cluster: what a group does is how its flows spread over ports in each
 * direction (its members' incoming and outgoing flow counts per port bin,
 * summed), and two groups whose spreads differ by a total variation
 * distance below MERGE_TVD merge, closest pair first, the merged group's
 * spread recomputed (average linkage on flows): a chain of small steps
 * cannot join two kinds.  On generated traffic with known roles the
 * islands of one role differ by at most about 0.35, different roles by
 * 0.55 or more.
 */
#define MERGE_TVD	0.45
#define MERGE_MAX_GROUPS 4096	/* beyond, the pairs' table is too large */

/* Group g's spread divided by its sum, once: the pairs' distances then
 * cost no division (the values are the same bits as dividing in tvd). */
static void
normalise(const double *spread, double sum, double *norm, size_t n)
{
	for (size_t j = 0; j < n; j++)
		norm[j] = sum > 0 ? spread[j] / sum : 0;
}

/* Total variation distance of two normalised flow spreads (sums sa, sb:
 * an empty one is at distance 1 from all). */
static double
tvd(const double *a, double sa, const double *b, double sb, size_t n)
{
	double t = 0;

	if (sa <= 0 || sb <= 0)
		return 1;
	for (size_t j = 0; j < n; j++)
		t += fabs(a[j] - b[j]);
	return t / 2;
}

/* Group g's nearest other active group (SIZE_MAX for none). */
static void
nearest_group(const float *dist, const uint8_t *active, size_t ng, size_t g,
    size_t *near, float *near_d)
{
	*near = SIZE_MAX;
	*near_d = INFINITY;
	for (size_t h = 0; h < ng; h++) {
		if (h == g || !active[h])
			continue;
		float d = dist[g < h ? g * ng + h : h * ng + g];

		if (d < *near_d) {
			*near_d = d;
			*near = h;
		}
	}
}

static void
merge_alike(const struct map *m, uint32_t *root, size_t n)
{
	size_t ng = 0, w = 2 * m->nports;
	uint32_t *gid = xcalloc(n, sizeof *gid);

	for (size_t i = 0; i < n; i++)
		if (root[i] == i)
			gid[i] = (uint32_t)ng++;
	if (ng < 2 || ng > MERGE_MAX_GROUPS) {
		free(gid);
		return;
	}
	uint32_t *groot = xcalloc(ng, sizeof *groot);
	double *spread = xcalloc(xmul(ng, w), sizeof *spread);
	double *sum = xcalloc(ng, sizeof *sum);
	float *in = xcalloc(2 * m->nports, sizeof *in), *out = in + m->nports;
	for (size_t i = 0; i < n; i++) {
		if (root[i] == UINT32_MAX)
			continue;
		size_t g = gid[root[i]];
		const struct map_computer *c = &m->computers[i];

		map_port_dist(m, i, MAP_IN_FLOWS, in);
		map_port_dist(m, i, MAP_OUT_FLOWS, out);
		groot[g] = root[i];
		for (size_t b = 0; b < m->nports; b++) {
			spread[g * w + b] += (double)c->flows_in * in[b];
			spread[g * w + m->nports + b] += (double)c->flows_out *
			    out[b];
		}
	}
	free(in);
	double *norm = xmalloc(xmul(xmul(ng, w), sizeof *norm));
	for (size_t g = 0; g < ng; g++) {
		for (size_t j = 0; j < w; j++)
			sum[g] += spread[g * w + j];
		normalise(spread + g * w, sum[g], norm + g * w, w);
	}

	float *dist = xcalloc(xmul(ng, ng), sizeof *dist);
	#pragma omp parallel for schedule(dynamic, 8)
	for (size_t a = 0; a < ng; a++)
		for (size_t b = a + 1; b < ng; b++)
			dist[a * ng + b] = (float)tvd(norm + a * w, sum[a],
			    norm + b * w, sum[b], w);
	uint8_t *active = xcalloc(ng, 1);
	size_t *near = xcalloc(ng, sizeof *near);
	float *near_d = xcalloc(ng, sizeof *near_d);
	uint32_t *into = xcalloc(ng, sizeof *into);
	memset(active, 1, ng);
	for (size_t g = 0; g < ng; g++) {
		into[g] = (uint32_t)g;
		nearest_group(dist, active, ng, g, &near[g], &near_d[g]);
	}
	for (;;) {
		size_t a = SIZE_MAX;

		for (size_t g = 0; g < ng; g++)
			if (active[g] && near[g] != SIZE_MAX &&
			    (a == SIZE_MAX || near_d[g] < near_d[a]))
				a = g;
		if (a == SIZE_MAX || near_d[a] >= MERGE_TVD)
			break;
		size_t b = near[a];
		if (b < a) {
			size_t t = a;
			a = b;
			b = t;
		}
		/* b joins a (the smaller id: the smaller root). */
		active[b] = 0;
		into[b] = (uint32_t)a;
		for (size_t j = 0; j < w; j++)
			spread[a * w + j] += spread[b * w + j];
		sum[a] += sum[b];
		normalise(spread + a * w, sum[a], norm + a * w, w);
		for (size_t h = 0; h < ng; h++)
			if (active[h] && h != a)
				dist[a < h ? a * ng + h : h * ng + a] = (float)tvd(
				    norm + a * w, sum[a], norm + h * w,
				    sum[h], w);
		for (size_t h = 0; h < ng; h++)
			if (active[h] && (h == a || near[h] == a ||
			    near[h] == b || (near[h] != SIZE_MAX &&
			    dist[a < h ? a * ng + h : h * ng + a] < near_d[h])))
				nearest_group(dist, active, ng, h, &near[h],
				    &near_d[h]);
	}
	for (size_t i = 0; i < n; i++) {
		if (root[i] == UINT32_MAX)
			continue;
		uint32_t g = gid[root[i]];

		while (into[g] != g)
			g = into[g];
		root[i] = groot[g];
	}
	free(into);
	free(near_d);
	free(near);
	free(active);
	free(dist);
	free(sum);
	free(norm);
	free(spread);
	free(groot);
	free(gid);
}

/* --- clusters --------------------------------------------------------- */

struct group {
	uint32_t	root;		/* its first point: roots are smallest */
	size_t		size;
};

static int
group_order(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->root < y->root ? -1 : x->root > y->root;
}

static void	profile_rows(const struct map *m, const size_t *rows,
		    size_t n, struct map_cluster *k);

/* Fill each cluster's place, totals and label from its members. */
static void
describe(struct map *m)
{
	size_t *rows = xcalloc(m->ncomputers ? m->ncomputers : 1,
	    sizeof *rows);
	size_t *start = xcalloc(m->nclusters + 1, sizeof *start);

	for (size_t i = 0; i < m->ncomputers; i++)
		if (m->computers[i].cluster != MAP_NO_CLUSTER)
			start[m->computers[i].cluster + 1]++;
	for (size_t c = 0; c < m->nclusters; c++)
		start[c + 1] += start[c];
	size_t *fill = xcalloc(m->nclusters ? m->nclusters : 1, sizeof *fill);
	for (size_t i = 0; i < m->ncomputers; i++) {
		uint32_t c = m->computers[i].cluster;

		if (c != MAP_NO_CLUSTER)
			rows[start[c] + fill[c]++] = i;
	}
	free(fill);
	for (size_t c = 0; c < m->nclusters; c++) {
		struct map_cluster *k = &m->clusters[c];
		const size_t *r = rows + start[c];

		k->size = start[c + 1] - start[c];
		k->x0 = k->x1 = m->computers[r[0]].x;
		k->y0 = k->y1 = m->computers[r[0]].y;
		double mx = 0, my = 0, best = INFINITY;

		for (size_t j = 0; j < k->size; j++) {
			const struct map_computer *mc = &m->computers[r[j]];

			mx += mc->x / (double)k->size;
			my += mc->y / (double)k->size;
			k->x0 = fmin(k->x0, mc->x);
			k->x1 = fmax(k->x1, mc->x);
			k->y0 = fmin(k->y0, mc->y);
			k->y1 = fmax(k->y1, mc->y);
			k->flows = sat_add(k->flows, sat_add(mc->flows_in,
			    mc->flows_out));
			k->bytes = sat_add(k->bytes, sat_add(mc->bytes_in,
			    mc->bytes_out));
		}
		/* Its place: the member nearest the mean, so that a label
		 * drawn there sits on the cluster even when it has islands. */
		for (size_t j = 0; j < k->size; j++) {
			const struct map_computer *mc = &m->computers[r[j]];
			double d2 = (mc->x - mx) * (mc->x - mx) +
			    (mc->y - my) * (mc->y - my);

			if (d2 < best) {
				best = d2;
				k->cx = mc->x;
				k->cy = mc->y;
			}
		}
		profile_rows(m, r, k->size, k);
	}
	free(start);
	free(rows);
}

void
cluster_map(struct map *m, const struct cluster_options *o)
{
	size_t n = m->ncomputers, k = o->min_size - 1;
	double *px, *py;
	struct grid g;

	free(m->clusters);
	m->clusters = NULL;
	m->nclusters = 0;
	for (size_t i = 0; i < n; i++)
		m->computers[i].cluster = MAP_NO_CLUSTER;
	if (n <= k || k == 0)
		return;
	px = xcalloc(n, sizeof *px);
	py = xcalloc(n, sizeof *py);
	for (size_t i = 0; i < n; i++) {
		px[i] = m->computers[i].x;
		py[i] = m->computers[i].y;
	}
	grid_build(&g, px, py, n);
	double eps = radius(&g, n, k, o->scale);
	uint32_t *root = dbscan(&g, n, k, eps);

	merge_alike(m, root, n);

	/* Number the clusters: largest first. */
	struct group *groups = xcalloc(n, sizeof *groups);
	uint32_t *index = xcalloc(n, sizeof *index);
	size_t ngroups = 0;
	for (size_t i = 0; i < n; i++) {
		if (root[i] == UINT32_MAX)
			continue;
		if (root[i] == i) {
			index[i] = (uint32_t)ngroups;
			groups[ngroups++] = (struct group){ (uint32_t)i, 0 };
		}
	}
	for (size_t i = 0; i < n; i++)
		if (root[i] != UINT32_MAX)
			groups[index[root[i]]].size++;
	qsort(groups, ngroups, sizeof *groups, group_order);
	for (size_t c = 0; c < ngroups; c++)
		index[groups[c].root] = (uint32_t)c;
	for (size_t i = 0; i < n; i++)
		if (root[i] != UINT32_MAX)
			m->computers[i].cluster = index[root[i]];
	m->nclusters = ngroups;
	m->clusters = xcalloc(ngroups ? ngroups : 1, sizeof *m->clusters);
	describe(m);

	free(groups);
	free(index);
	free(root);
	grid_free(&g);
	free(px);
	free(py);
}

/* --- labels ----------------------------------------------------------- */

/* Flows of rows in direction dist, per port bin and per protocol bin. */
static double
sum_direction(const struct map *m, const size_t *rows, size_t n,
    enum map_dist dist, double *port, double *proto)
{
	float *p = xcalloc(m->nports + m->nprotos, sizeof *p), *q = p + m->nports;
	double total = 0;

	memset(port, 0, m->nports * sizeof *port);
	memset(proto, 0, m->nprotos * sizeof *proto);
	for (size_t j = 0; j < n; j++) {
		const struct map_computer *c = &m->computers[rows[j]];
		double flows = (double)(dist == MAP_IN_FLOWS ? c->flows_in :
		    c->flows_out);

		map_port_dist(m, rows[j], dist, p);
		map_proto_dist(m, rows[j], dist, q);
		total += flows;
		for (size_t b = 0; b < m->nports; b++)
			port[b] += flows * p[b];
		for (size_t b = 0; b < m->nprotos; b++)
			proto[b] += flows * q[b];
	}
	free(p);
	return total;
}

/* The top ports of a direction by share (SERVE_SHARE at least, not
 * "other" nor 0), at most MAP_CLUSTER_PORTS.  Returns how many. */
static size_t
top_ports(const struct map *m, const double *port, double total,
    struct map_cluster_port *out)
{
	size_t n = 0;

	for (size_t b = 0; b < m->nports && total > 0; b++) {
		double share = port[b] / total;
		size_t p;

		/* Port 0 is no service: flows of ICMP or of tunnels. */
		if (m->ports[b].is_other || share < SERVE_SHARE ||
		    strcmp(m->ports[b].text, "0") == 0)
			continue;
		if (n == MAP_CLUSTER_PORTS && share <= out[n - 1].share)
			continue;
		if (n < MAP_CLUSTER_PORTS)
			n++;
		for (p = n - 1; p > 0 && out[p - 1].share < share; p--)
			out[p] = out[p - 1];
		out[p] = (struct map_cluster_port){ (uint32_t)b, share };
	}
	return n;
}

/* "53/udp domain": the port, with the protocol when nearly all of the
 * direction's flows use one (the profiles do not say which protocol each
 * port's flows use), and the service's name where the system knows one. */
static void
port_words(const struct map *m, uint32_t bin, const double *proto,
    char *buf, size_t size)
{
	const struct map_bin *b = &m->ports[bin];
	const char *pname = NULL;
	struct servent *se = NULL;
	double tcp = 0, udp = 0, all = 0;

	for (size_t i = 0; i < m->nprotos; i++) {
		all += proto[i];
		if (m->protos[i].key == 6)
			tcp = proto[i];
		else if (m->protos[i].key == 17)
			udp = proto[i];
	}
	if (all > 0 && tcp >= ONE_PROTOCOL * all)
		pname = "tcp";
	else if (all > 0 && udp >= ONE_PROTOCOL * all)
		pname = "udp";
	if (PORT_TAG(b->key) == PORT_TAG_NUMBER && PORT_VALUE(b->key) <= 65535) {
		uint16_t port = htons((uint16_t)PORT_VALUE(b->key));

		/* Not thread-safe: called from the main thread only. */
		if (pname == NULL || (se = getservbyport(port, pname)) == NULL)
			se = getservbyport(port, pname != NULL &&
			    strcmp(pname, "tcp") == 0 ? "udp" : "tcp");
		if (se == NULL && pname == NULL)
			se = getservbyport(port, "udp");
	}
	snprintf(buf, size, "%s%s%s%s%s", b->text, pname ? "/" : "",
	    pname ? pname : "", se ? " " : "", se ? se->s_name : "");
}

static void
cat(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf), n = strlen(s);

	if (len + n >= size) {
		/* Cut where a character begins, not inside one. */
		n = size - 1 - len;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf + len, s, n);
	buf[len + n] = '\0';
}

/* What rows serve and query (k's ports), and the label that says so. */
static void
profile_rows(const struct map *m, const size_t *rows, size_t n,
    struct map_cluster *k)
{
	double *port = xcalloc(m->nports, sizeof *port);
	double *proto_in = xcalloc(m->nprotos, sizeof *proto_in);
	double *proto_out = xcalloc(m->nprotos, sizeof *proto_out);
	double in, out;
	char words[MAP_TEXT_MAX + 64], item[MAP_TEXT_MAX + 96];

	k->label[0] = '\0';
	in = sum_direction(m, rows, n, MAP_IN_FLOWS, port, proto_in);
	k->nserved = top_ports(m, port, in, k->served);
	out = sum_direction(m, rows, n, MAP_OUT_FLOWS, port, proto_out);
	k->nqueried = top_ports(m, port, out, k->queried);
	free(port);

	/* The larger direction first; the other when it is a fair share:
	 * a cluster of clients says what they query. */
	int serves_first = in >= out;
	int say[2] = {
		k->nserved > 0 && (serves_first || in >= SIDE_SHARE * (in + out)),
		k->nqueried > 0 && (!serves_first ||
		    out >= SIDE_SHARE * (in + out)),
	};
	for (int pass = 0; pass < 2; pass++) {
		int incoming = (pass == 0) == serves_first;
		const struct map_cluster_port *v = incoming ? k->served :
		    k->queried;
		size_t nv = incoming ? k->nserved : k->nqueried;

		if (!say[incoming ? 0 : 1])
			continue;
		if (k->label[0] != '\0')
			cat(k->label, sizeof k->label, " \xc2\xb7 ");
		cat(k->label, sizeof k->label, incoming ? "serves " : "queries ");
		for (size_t i = 0; i < nv; i++) {
			port_words(m, v[i].bin, incoming ? proto_in : proto_out,
			    words, sizeof words);
			snprintf(item, sizeof item, "%s%s (%d%%)", i ? ", " : "",
			    words, (int)lround(100 * v[i].share));
			cat(k->label, sizeof k->label, item);
		}
	}
	if (k->label[0] == '\0')
		snprintf(k->label, sizeof k->label, "%s", in + out > 0 ?
		    "mixed ports" : "no flows");
	free(proto_in);
	free(proto_out);
}

char *
cluster_label(const struct map *m, const size_t *rows, size_t n, char *buf,
    size_t size)
{
	struct map_cluster k;

	memset(&k, 0, sizeof k);
	profile_rows(m, rows, n, &k);
	snprintf(buf, size, "%s", k.label);
	return buf;
}
