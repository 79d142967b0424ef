/*
 * features.h - each kept computer as a vector of probability distributions.
 *
 * The port bins are the loader's (load.h: the K-1 service ports with the
 * most flow events over the kept computers, plus "other"); the protocol
 * bins are ICMP, TCP, UDP and everything else (41, IPv6 in IPv4, among
 * it).  For each group, six distributions in the order of enum map_dist
 * (map.h): incoming flows, bytes, seconds, then outgoing flows, bytes,
 * seconds.  Each sums to 1, or is all zeros when the computer has nothing
 * of that measure in that direction (no incoming flows, or only
 * zero-length flows): never NaN.
 *
 * A computer uses a few of the bins (the ports it serves and queries), so
 * the rows are kept by their non-zeros (sparse.h): a million computers'
 * features take a few hundred MB, not 3.4 GB.
 *
 * Call order: features_build(), use (map_build() takes it over),
 * features_free().  The struct owns its arrays; `data` may be taken over
 * (zero it).
 */
#ifndef FLOWMAP_PROFILE_FEATURES_H
#define FLOWMAP_PROFILE_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "base/sparse.h"
#include "load/load.h"

#define FEATURES_PORTS_DEFAULT	136

struct features {
	size_t		 rows;		/* the kept computers, in load order */
	size_t		 nport_bins;	/* ranked ports + "other" */
	size_t		 nproto_bins;	/* PROTO_NBINS */
	size_t		 dim;		/* 6 x (nport_bins + nproto_bins) */
	struct sparse_rows data;	/* rows x dim, by their non-zeros */
};

void	features_build(const struct load_profiles *p, struct features *f);
void	features_free(struct features *f);

/*
 * The port's text for people: the port as in the data with its service
 * name from the system's services database where it is a number there
 * ("53/domain"), else as it is ("N10451").  Raw data: escape before
 * display.
 */
char	*features_port_label(uint32_t key, const char *text, char *buf,
	    size_t size);

#endif
