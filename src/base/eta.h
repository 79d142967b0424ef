/*
 * eta.h - the time a stage has left, from its pace.
 *
 * A stage's pace is not steady: the descent of a large map costs more an
 * iteration as the map spreads (at 250,000 computers the last quarter of
 * the iterations takes twice the first), so the pace since the start
 * promises too soon an end.  The estimate here takes the slower of two
 * paces: since the stage began, and over its recent stretch (the last
 * quarter of its time, at least ETA_WINDOW_MIN seconds).  It is never
 * more hopeful than either.
 *
 * Call order: eta_start() at the stage's start, eta_left() at each report
 * (fractions not decreasing).  No allocation; the struct is the state.
 */
#ifndef FLOWMAP_BASE_ETA_H
#define FLOWMAP_BASE_ETA_H

#include <stddef.h>

#define ETA_SAMPLES	64	/* (time, fraction) pairs kept */
#define ETA_WINDOW_MIN	5.0	/* seconds: the shortest recent stretch */

struct eta {
	double	 start;
	double	 t[ETA_SAMPLES], f[ETA_SAMPLES];	/* a ring, oldest at head */
	size_t	 n, head;
};

void	eta_start(struct eta *e, double now);
/* Seconds left when fraction f (0..1) is done at time now; -1 while too
 * little is done to tell. */
double	eta_left(struct eta *e, double now, double f);

#endif
