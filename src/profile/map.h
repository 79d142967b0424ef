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
};

struct map {
	size_t			 ncomputers;
	struct map_computer	*computers;
	size_t			 nports;	/* port bins; the last is "other" */
	struct map_bin		*ports;		/* most flows first */
	size_t			 nprotos;	/* protocol bins: ICMP, TCP, UDP, other */
	struct map_bin		*protos;
	size_t			 dim;		/* MAP_NDIST * (nports + nprotos) */
	float			*features;	/* ncomputers x dim */
	double			 kl;		/* final KL divergence of the embedding */
	int			 has_comms;	/* cx, cy hold the communications map */
	double			 comms_kl;
};

/* The distribution `dist` of computer c over the port bins (nports floats). */
static inline const float *
map_port_dist(const struct map *m, size_t c, enum map_dist dist)
{
	return m->features + c * m->dim + (size_t)dist * m->nports;
}

/* The distribution `dist` of computer c over the protocol bins. */
static inline const float *
map_proto_dist(const struct map *m, size_t c, enum map_dist dist)
{
	return m->features + c * m->dim + MAP_NDIST * m->nports +
	    (size_t)dist * m->nprotos;
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
 * one line per computer.  Returns 0, or -1 when writing failed.
 */
int	map_write_tsv(FILE *out, const struct map *m);
void	map_free(struct map *m);

#endif
