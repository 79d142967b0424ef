/*
 * map.h - the map the explorer shows: every kept computer, its place in the
 * plane, its totals and its feature distributions.
 *
 * The engine builds a map once (load -> profile -> features -> embed) and
 * hands it to the terminal code, which only reads it.  The map owns every
 * pointer in it; map_free() releases them all.
 *
 * Feature layout, one row of `dim` floats per computer (row-major in
 * `features`):
 *   [MAP_NDIST port distributions of nports bins][MAP_NDIST protocol
 *   distributions of nprotos bins]
 * each distribution in the order of enum map_dist.  Every distribution sums
 * to 1, or is all zeros when the computer has no flows in that direction.
 * With 136 port bins (135 ranked ports + "other") and 4 protocol bins that
 * is 6 x 136 + 6 x 4 = 840 numbers.
 */
#ifndef FLOWMAP_MAP_H
#define FLOWMAP_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/sparse.h"

/* The six distributions of each group, in feature-row order. */
enum map_dist {
	MAP_IN_FLOWS,
	MAP_IN_BYTES,
	MAP_IN_SECONDS,
	MAP_OUT_FLOWS,
	MAP_OUT_BYTES,
	MAP_OUT_SECONDS,
	MAP_NDIST
};

#define MAP_NEAREST 5		/* "most like this one" in the detail pane */

#define MAP_TEXT_MAX	256	/* a port's token as in the data, with its NUL */

/* A bin of a distribution: a service port or a protocol. */
struct map_bin {
	char		label[48];	/* "53/domain", "N10451", "other", "UDP" */
	char		text[MAP_TEXT_MAX]; /* raw, for column names: "53",
					   "N10451", "other", "proto17" */
	uint64_t	key;		/* port key (see names.h) or protocol number */
	uint64_t	flows;		/* flows over the kept computers */
	int		is_other;	/* the catch-all last bin */
};

#define MAP_NO_CLUSTER	UINT32_MAX
#define MAP_LABEL_MAX	192	/* a cluster's label, with its NUL */
#define MAP_CLUSTER_PORTS 2	/* served and queried ports a label names */

/* A port a cluster serves or queries: its bin and its share of the
 * cluster's incoming (or outgoing) flows. */
struct map_cluster_port {
	uint32_t	bin;
	double		share;
};

/* A group of the functional map (profile/cluster.h). */
struct map_cluster {
	size_t		 size;		/* members */
	double		 cx, cy;	/* the member nearest their mean */
	double		 x0, y0, x1, y1;	/* their bounding box */
	uint64_t	 flows, bytes;	/* summed over the members */
	size_t		 nserved, nqueried;
	struct map_cluster_port served[MAP_CLUSTER_PORTS];
	struct map_cluster_port queried[MAP_CLUSTER_PORTS];
	char		 label[MAP_LABEL_MAX];	/* words: escape to show */
};

/*
 * Marks laid over the map from the user's files (--mark, profile/marks.h):
 * labels such as "known DNS" or an indicator's name, each on any computers.
 * Not part of what the flows give, so never in a snapshot.
 */
struct map_marks {
	size_t		  nlabels;
	char		**labels;	/* as in the files: escape to show */
	size_t		 *count;	/* computers with each label */
	size_t		 *start;	/* ncomputers + 1 (NULL: no marks):
					   computer i has the labels */
	uint32_t	 *label_of;	/* label_of[start[i] .. start[i + 1]) */
};

struct map_computer {
	char		*name;		/* raw from the data: sanitise before display */
	double		 x, y;		/* the functional map: by features */
	double		 cx, cy;	/* the communications map: by peers
					   (valid when map.has_comms) */
	uint64_t	 flows_in, flows_out;
	uint64_t	 bytes_in, bytes_out;
	uint64_t	 packets_in, packets_out;
	uint64_t	 seconds_in, seconds_out;
	uint32_t	 nearest[MAP_NEAREST];	/* in feature space, nearest first */
	uint32_t	 nnearest;		/* how many of nearest[] are valid */
	uint32_t	 cluster;	/* index in clusters, or MAP_NO_CLUSTER */
};

struct map {
	size_t			 ncomputers;
	struct map_computer	*computers;
	size_t			 nports;	/* port bins; the last is "other" */
	struct map_bin		*ports;		/* most flows first */
	size_t			 nprotos;	/* protocol bins: ICMP, TCP, UDP, other */
	struct map_bin		*protos;
	size_t			 dim;		/* MAP_NDIST * (nports + nprotos) */
	struct sparse_rows	 features;	/* ncomputers x dim, by the
						   non-zeros (features.h) */
	double			 kl;		/* final KL divergence of the embedding */
	int			 has_comms;	/* cx, cy hold the communications map */
	double			 comms_kl;
	size_t			 nclusters;	/* of the functional map */
	struct map_cluster	*clusters;	/* largest first */
	struct map_marks	 marks;
};

/* The distribution `dist` of computer c over the port bins: nports floats
 * into out. */
static inline void
map_port_dist(const struct map *m, size_t c, enum map_dist dist, float *out)
{
	sparse_row_dense(&m->features, c, (size_t)dist * m->nports, m->nports,
	    out);
}

/* The distribution `dist` of computer c over the protocol bins: nprotos
 * floats into out. */
static inline void
map_proto_dist(const struct map *m, size_t c, enum map_dist dist, float *out)
{
	sparse_row_dense(&m->features, c, MAP_NDIST * m->nports +
	    (size_t)dist * m->nprotos, m->nprotos, out);
}

/* Computer c's share of port bin b in distribution dist. */
static inline float
map_port_share(const struct map *m, size_t c, enum map_dist dist, size_t b)
{
	return sparse_get(&m->features, c, (size_t)dist * m->nports + b);
}

/* Computer c's share of protocol bin b in distribution dist. */
static inline float
map_proto_share(const struct map *m, size_t c, enum map_dist dist, size_t b)
{
	return sparse_get(&m->features, c, MAP_NDIST * m->nports +
	    (size_t)dist * m->nprotos + b);
}

struct load_profiles;
struct features;

/*
 * The map of the kept computers of p: names, totals, the port and protocol
 * bins with their labels, and the feature rows, whose array is taken over
 * from f (f->data is NULL after).  Places every computer at (0, 0) with no
 * neighbours: the embedding fills x, y, nearest and kl.
 */
void	map_build(struct map *m, const struct load_profiles *p,
	    struct features *f);
/* "in_flows", ..., "out_seconds": the measures' names in column names. */
extern const char *const map_dist_names[MAP_NDIST];

/*
 * The feature vectors as tab-separated values (the file of `flowmap
 * features`): a header naming every column ("in_flows:53",
 * "out_bytes:other", "in_flows:proto17"), then per computer its name, total
 * flows and bytes and its vector.  Returns 0, or -1 when writing failed.
 */
int	map_write_features_tsv(FILE *out, const struct map *m);
/*
 * The map as tab-separated values (the file of `flowmap embed`): a header,
 * one line per computer, or per computer of rows[0..n) when rows is not
 * NULL (a selection of the explorer).  Returns 0, or -1 when writing
 * failed.
 */
int	map_write_tsv(FILE *out, const struct map *m, const size_t *rows,
	    size_t n);
/*
 * The clusters as tab-separated values (the file of `flowmap clusters`):
 * a header, one line per cluster, largest first.  0, or -1.
 */
int	map_write_clusters_tsv(FILE *out, const struct map *m);
void	map_free(struct map *m);

#endif
