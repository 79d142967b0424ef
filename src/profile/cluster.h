/*
 * cluster.h - the groups of the functional map, and what each does.
 *
 * Computers that do the same job sit together in the map; a density
 * clustering of the map's own coordinates names those places.  Its scale
 * comes from the map: with k = min_size - 1, the radius is `scale` times
 * the median distance of a computer to its k-th nearest neighbour, so no
 * knob depends on the units t-SNE happened to give the map.  A computer
 * with at least k others within the radius is a core; cores within the
 * radius of each other share a cluster; any other computer joins the
 * cluster of its nearest core within the radius, or none (noise).
 * Clusters are numbered from 1, largest first (ties: the one whose first
 * computer comes first), so the same map gives the same numbers at any
 * thread count.
 *
 * Each cluster gets a label built from its members' profiles: the ports
 * they serve (a share of the cluster's incoming flows) and query (of its
 * outgoing flows), with their protocol and the service name the system
 * knows (/etc/services), e.g. "serves 53/udp domain (91%) · queries
 * 389 ldap (40%)".  Islands of the map whose computers spread their flows
 * over ports alike are one cluster (cluster.c: merge_alike()).
 *
 * Call order: cluster_options_default(), cluster_map() on a map whose x, y
 * are set; it fills m->clusters and each computer's cluster.  Runs on the
 * calling thread (at 100,000 computers well under a second).
 */
#ifndef FLOWMAP_PROFILE_CLUSTER_H
#define FLOWMAP_PROFILE_CLUSTER_H

#include <stddef.h>

#include "profile/map.h"

#define CLUSTER_MIN_SIZE	3	/* a group of three servers is a group */
#define CLUSTER_SCALE		2.5	/* times the median k-th neighbour distance */

struct cluster_options {
	size_t	min_size;	/* >= 2: the smallest cluster */
	double	scale;		/* > 0 */
};

void	cluster_options_default(struct cluster_options *o);
void	cluster_map(struct map *m, const struct cluster_options *o);

/*
 * The label of the computers rows[0..n) of m (a cluster, a selection):
 * see above.  Returns buf.
 */
char	*cluster_label(const struct map *m, const size_t *rows, size_t n,
	    char *buf, size_t size);

#endif
