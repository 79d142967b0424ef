/*
 * featvec.h - each kept computer as a vector of probability distributions.
 *
 * The port bins are the K-1 most popular service ports of the profile set
 * plus "other" (fewer when the data has fewer ports); the protocol bins are
 * ICMP, TCP, UDP and everything else (41, IPv6 in IPv4, among it).  For each
 * group, six distributions in the order of enum map_dist (map.h): incoming
 * flows, bytes, seconds, then outgoing flows, bytes, seconds.  Each sums to
 * 1, or is all zeros when the computer has nothing of that measure in that
 * direction (no incoming flows, or only zero-length flows): never NaN.
 *
 * Call order: featvec_build(), use (map_build() takes it over), featvec_free().
 * The struct owns its arrays; `data` may be taken over (set it to NULL).
 */
#ifndef FLOWMAP_FEATVEC_H
#define FLOWMAP_FEATVEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profile/profile.h"
#include "load/tally.h"

#define FEATVEC_PORTS_DEFAULT	136

struct featvec {
	size_t		 rows;		/* the kept computers, profile order */
	size_t		 nport_bins;	/* ranked ports + "other" */
	size_t		 nproto_bins;	/* PROTO_NBINS */
	size_t		 dim;		/* 6 x (nport_bins + nproto_bins) */
	uint32_t	*port_keys;	/* nport_bins - 1 ranked ports */
	uint64_t	*port_flows;	/* flow events per bin, "other" last */
	float		*data;		/* rows x dim, row-major */
};

/*
 * port_bins >= 2.  Returns 0, or -1 with err filled, or FEATVEC_UNFOLD
 * when the tally folded a port that could be one of the bins (profile.h):
 * count the flows again with a rank pass and a bins pass (tally.h, run.c),
 * and build from the tally of the bins pass.
 */
#define FEATVEC_UNFOLD	1
int	featvec_build(const struct tally *t, const struct profiles *p,
	    size_t port_bins, struct featvec *f, char *err, size_t errlen);
void	featvec_free(struct featvec *f);

/*
 * The port's text for people: a number with its service name from the
 * system's services database where there is one ("53/domain"), an
 * anonymised token as it is ("N10451").  Raw data: escape before display.
 */
char	*featvec_port_label(uint32_t key, const struct names *portnames,
	    char *buf, size_t size);

#endif
