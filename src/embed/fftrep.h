/*
 * fftrep.h - t-SNE's repulsive forces by interpolation on a grid and FFT
 * convolution (Linderman et al. 2019, "Fast interpolation-based t-SNE for
 * improved visualization of single-cell RNA-seq data", Nature Methods
 * 16:243): the other way to the sums of sptree.h, O(n) per evaluation
 * plus an FFT whose size follows the map's extent, not n.
 *
 * Call order: fftrep_init() once, fftrep_repulsion() per gradient
 * evaluation (from one thread; it runs its own parallel loops), and
 * fftrep_free() at the end.  The workspace owns its grids and FFT plans
 * and reuses them while the grid size stays; it keeps no pointer to Y.
 *
 * fftrep_repulsion() gives, for every point i, the same sums as
 * sptree_repulsion():
 *	sumq[i] ~ sum_{j != i} (1 + |y_i - y_j|^2)^-1
 *	rep[2i..2i+1] ~ sum_{j != i} (1 + |y_i - y_j|^2)^-2 (y_i - y_j)
 * with a relative error near 1e-3 or below (fftrep.c says why), and the
 * same bits whatever the number of threads.
 *
 * Without FFTW at build time fftrep_available() is 0 and
 * fftrep_repulsion() must not be called.
 */
#ifndef FLOWMAP_EMBED_FFTREP_H
#define FLOWMAP_EMBED_FFTREP_H

#include <stddef.h>
#include <stdint.h>

struct fftrep_fft;	/* plans and buffers (fftrep.c) */

struct fftrep {
	size_t		   cap;		/* capacity of the per-point arrays */
	uint32_t	  *box;		/* box of each point */
	uint32_t	  *order;	/* points by box, index order within */
	size_t		  *start;	/* boxes + 1 offsets into order */
	size_t		   boxes_cap;
	double		  *ys;		/* the points in box order */
	struct fftrep_fft *fft;
};

int	fftrep_available(void);
void	fftrep_init(struct fftrep *f);
/* The cells of the padded grid fftrep_repulsion() would use for Y (n x
 * 2): its cost beyond the points' own, for choosing a method. */
size_t	fftrep_cells(const double *Y, size_t n, int threads);
/* Y: n x 2; rep: n x 2 and sumq: n, by point; threads 0 = default. */
void	fftrep_repulsion(struct fftrep *f, const double *Y, size_t n,
	    double *rep, double *sumq, int threads);
void	fftrep_free(struct fftrep *f);

#endif
