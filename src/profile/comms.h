/*
 * comms.h - each kept computer's communication profile, and its nearest
 * computers by whom they talk to: the input of the communications map.
 *
 * A profile is sparse: the computer's flows to each other kept computer
 * (outgoing) and from each (incoming), each direction a distribution, the
 * peers weighted by how rare they are (log n / peers of that peer: a DNS
 * server everyone uses says less than a file server only one group uses),
 * then scaled to unit length.  Two computers are near when they talk to
 * the same peers in the same way: the Euclidean distance of the unit
 * vectors, sqrt(2 - 2 cos), which is what t-SNE's bandwidths expect.
 *
 * Call order: comms_build() on profiles loaded with pairs (load.h), then
 * comms_knn(), comms_free().  Deterministic: rows are independent, sums run
 * in a fixed order.
 */
#ifndef FLOWMAP_COMMS_H
#define FLOWMAP_COMMS_H

#include <stddef.h>
#include <stdint.h>

#include "load/load.h"

struct comms {
	size_t		 n;		/* kept computers */
	size_t		*start;		/* n + 1 row offsets */
	uint32_t	*col;		/* peer j out: j; peer j in: n + j */
	float		*val;		/* unit rows (or empty) */
};

/* Returns 0, or -1 when the profiles have no pairs (err says so). */
int	comms_build(const struct load_profiles *p,
	    struct comms *c, char *err, size_t errlen);
/*
 * The k nearest other rows of every row (idx, dist: n x k, nearest first,
 * ties by row).  Rows that share no peer are at distance sqrt(2).
 */
void	comms_knn(const struct comms *c, size_t k, uint32_t *idx, float *dist,
	    int threads);
void	comms_free(struct comms *c);

#endif
