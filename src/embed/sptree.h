/*
 * sptree.h - the Barnes-Hut quadtree of t-SNE's repulsive forces.
 *
 * Call order: sptree_init() once, then per gradient evaluation
 * sptree_build() on the current map and sptree_repulsion() (any number of
 * times, from any thread: the tree is read-only after the build), and
 * sptree_free() at the end.  The tree owns its arrays, which it reuses
 * from one build to the next; it keeps no pointer to Y.
 *
 * sptree_repulsion() gives, for every point i,
 *	sumq[i] ~ sum_{j != i} (1 + |y_i - y_j|^2)^-1
 *	rep[2i..2i+1] ~ sum_{j != i} (1 + |y_i - y_j|^2)^-2 (y_i - y_j)
 * so that Z = sum_i sumq[i] and F_rep,i = rep_i / Z (van der Maaten
 * 2014, eq. 5 split as in sec. 4.2).  A cell of the tree stands for its
 * points when r_cell / d < theta, with r_cell the half-extent of the
 * points' box measured from their centre of mass (the half-width of
 * bhtsne and Rtsne) and d the distance from the centre of mass to the
 * box of the group of points the walk is for (sptree.c).  theta = 0 is
 * exact up to float rounding (relative 1e-7).
 */
#ifndef FLOWMAP_SPTREE_H
#define FLOWMAP_SPTREE_H

#include <stddef.h>
#include <stdint.h>

struct sptree_node {
	double	 cx, cy;	/* centre of mass */
	double	 r;		/* half-extent from (cx, cy), see above */
	uint32_t count;		/* points below */
	uint32_t first;		/* their first position in the sorted order */
	uint32_t child;		/* first child (contiguous), 0 for a leaf */
	uint32_t nchild;
};

struct sptree {
	size_t		    n, nnodes, ngroups;
	struct sptree_node *node;	/* node[0] is the root */
	double		   *box;	/* 4 per node: xmin, xmax, ymin, ymax */
	uint32_t	   *group;	/* nodes whose points are walked together */
	uint32_t	   *group2;	/* scratch for the parallel build */
	uint32_t	   *order;	/* point ids in Morton order */
	double		   *px, *py;	/* positions in that order, padded */
	uint64_t	   *code;	/* scratch for the sort */
	uint64_t	   *code2;
	uint32_t	   *order2;
	size_t		    cap;
};

void	sptree_init(struct sptree *t);
/* Y: n x 2, n < 2^31; threads 0 = default.  Node ids may leave gaps:
 * walk the tree from node[0]; nnodes bounds the ids. */
void	sptree_build(struct sptree *t, const double *Y, size_t n,
	    int threads);
/* rep: n x 2 and sumq: n, indexed by point id; threads 0 = default. */
void	sptree_repulsion(const struct sptree *t, double theta, double *rep,
	    double *sumq, int threads);
void	sptree_free(struct sptree *t);

#endif
