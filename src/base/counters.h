/*
 * counters.h - what is counted of flows: flows, bytes, packets and seconds
 * in each direction, and the protocol bins of the features.
 *
 * The loader fills these (load.h), the profile stage reads them; every
 * field may hold any 64-bit count, so sums saturate instead of wrapping
 * (a sum that wrapped would make the heaviest computer the lightest).
 */
#ifndef FLOWMAP_BASE_COUNTERS_H
#define FLOWMAP_BASE_COUNTERS_H

#include <stdint.h>

/* Incoming: the computer is the flow's server end; outgoing: its client. */
enum { DIR_IN, DIR_OUT, DIR_N };

/* Protocol bins of the feature vectors: 1, 6, 17, and all others. */
enum { PROTO_ICMP, PROTO_TCP, PROTO_UDP, PROTO_OTHER, PROTO_NBINS };

struct counters {
	uint64_t	flows[DIR_N], bytes[DIR_N], packets[DIR_N],
			seconds[DIR_N];
};

static inline uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static inline void
counters_add(struct counters *a, const struct counters *b)
{
	for (int d = 0; d < DIR_N; d++) {
		a->flows[d] = sat_add(a->flows[d], b->flows[d]);
		a->bytes[d] = sat_add(a->bytes[d], b->bytes[d]);
		a->packets[d] = sat_add(a->packets[d], b->packets[d]);
		a->seconds[d] = sat_add(a->seconds[d], b->seconds[d]);
	}
}

/* Flows of both directions. */
static inline uint64_t
counters_flows(const struct counters *c)
{
	return sat_add(c->flows[DIR_IN], c->flows[DIR_OUT]);
}

static inline int
proto_bin(uint32_t proto)
{
	return proto == 1 ? PROTO_ICMP : proto == 6 ? PROTO_TCP :
	    proto == 17 ? PROTO_UDP : PROTO_OTHER;
}

#endif
