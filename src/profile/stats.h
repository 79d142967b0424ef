/*
 * stats.h - the `flowmap stats` report: what is in this traffic?
 *
 * Everything is computed from one load (load.h) without another pass:
 * record counts, time span, distinct computers and ports, top-N value
 * counts of src port, dst port and protocol, the "are src and dst
 * meaningful" check on ports 80, 443 and 53, and how many computers reach
 * --min-flows.  Each computation is timed.
 *
 * Call order: stats_compute(), stats_write_text() or stats_write_json(),
 * stats_free().  The report borrows the load result for port names: keep
 * it alive until the report is written.
 */
#ifndef FLOWMAP_STATS_H
#define FLOWMAP_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "load/load.h"

#define STATS_NCHECK	3	/* ports of the src/dst check */

struct stats_count {
	uint32_t	key;		/* port key or protocol number */
	uint64_t	count;
};

struct stats_check {
	uint32_t	port;
	uint64_t	as_src, as_dst;
};

enum stats_verdict { VERDICT_NONE, VERDICT_DST, VERDICT_SRC, VERDICT_MIXED };

struct stats_report {
	const struct load_result *load;
	size_t			 top;
	struct stats_count	*src_ports, *dst_ports, *protos;
	size_t			 nsrc, ndst, nprotos;
	uint64_t		 distinct_protos;
	struct stats_check	 check[STATS_NCHECK];
	enum stats_verdict	 verdict;
	double			 service_on_dst;	/* share, for the verdict */
	uint64_t		 min_flows, kept;
	/* Wall time of each computation, seconds. */
	double			 t_src, t_dst, t_protos, t_check, t_kept;
};

void	stats_compute(const struct load_result *load, size_t top,
	    uint64_t min_flows, struct stats_report *out);
void	stats_write_text(FILE *f, const struct stats_report *s);
void	stats_write_json(FILE *f, const struct stats_report *s);
void	stats_free(struct stats_report *s);

#endif
