/*
 * load.h - the loading stage: flow files in, plain counts out.
 *
 * This header is the stage's interface; everything else in src/load/ is
 * its inside (the tally that counts, the fold that bounds its memory, the
 * parsers).  Two questions are asked of the flows:
 *
 *   load_traffic()  what is in them: records, time span, every raw source
 *                   and destination port with its count, protocols, the
 *                   flows of each computer (for `stats`);
 *   load_profiles() what each computer does: the computers seen in at
 *                   least min_flows flows, the port bins (the port_bins - 1
 *                   service ports with the most flow events over them, and
 *                   "other"), and per kept computer its counters per bin
 *                   and per protocol bin, and optionally who talks to whom.
 *
 * load_profiles() is exact in bounded memory: past `memory` bytes of
 * per-port counters the rarest ports are folded into "other" while
 * reading, and when a folded port could have been a bin after all, the
 * files are read twice more (to rank the ports, then to count only the
 * bins).  The decision is made here, once; the caller gets exact results
 * or an error, never a request to loop.  Flows from a pipe are never
 * folded (they cannot be read again); a file that changes between passes
 * fails the run.
 *
 * Messages that do not stop the run (the first malformed lines, a second
 * pass and why) go to the sink as notes, once each; progress and
 * cancellation too (base/sink.h).  An error that makes the counts
 * untrustworthy (an unreadable file, corrupt gzip, unknown format, --strict
 * and a malformed line) makes the call return -1 with the message in err.
 *
 * A team of processes may share one load (flowmap-mpi, struct load_team
 * below): every member makes the same call with the same paths and
 * options, each reads its share of the files, and member 0 gets the
 * result, the same as one process would.
 *
 * Call order: load_options_default(), set fields, load_traffic() or
 * load_profiles(), read the result, load_result_free() (and
 * load_profiles_free()).  Results own everything in them.
 */
#ifndef FLOWMAP_LOAD_H
#define FLOWMAP_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "base/counters.h"
#include "base/portkey.h"
#include "base/sink.h"

/* Text per file that --direction=infer learns services from, before the
 * pass (direction.h): part of what a result depends on. */
#define LOAD_SAMPLE_BYTES	(4u << 20)

/* Computer names and port tokens longer than this are malformed input. */
#define LOAD_NAME_MAX		255

enum direction {
	DIRECTION_DEFAULT,	/* the format's own default */
	DIRECTION_AS_IS,	/* the destination port is the service */
	DIRECTION_INFER		/* swap flows whose source looks like the server */
};

/*
 * A team of processes that share one load: flowmap-mpi's ranks (NULL in
 * flowmap).  The stage divides the files among the members (balanced by
 * size; a large text file cut at line boundaries, gzip whole, team.c),
 * each reads its share with its threads, and the counts merge in a tree
 * of log2(size) rounds into member 0 with the merge that merges threads,
 * so the result does not depend on the number of members.  The callbacks
 * move bytes between members, all called from the thread that called the
 * stage; they are the program's (src/mpi/), the stage knows nothing of
 * how.  Each returns 0, or -1 when the bytes cannot move.
 */
struct load_team {
	int	 rank, size;	/* this member, of size; 0 gets the result */
	int	(*send)(void *ctx, int to, const void *buf, size_t len);
	/* A message from member `from`, in a buffer malloc()ed for the
	 * caller. */
	int	(*recv)(void *ctx, int from, void **buf, size_t *len);
	/* Member 0's *buf, *len to every member: given on member 0, a
	 * malloc()ed copy elsewhere. */
	int	(*bcast)(void *ctx, void **buf, size_t *len);
	/* This member met an error that ends the run (an unreadable file,
	 * corrupt gzip): say so and stop every member.  It need not return
	 * (flowmap-mpi's aborts the job); if it does, the stage returns -1. */
	void	(*fail)(void *ctx, const char *msg);
	void	*ctx;
};

struct load_options {
	const char		*format;	/* a format's name; NULL: detect */
	const char		*columns;	/* --columns MAP, or NULL */
	enum direction		 direction;	/* DIRECTION_DEFAULT: format's */
	int			 threads;	/* 0: OpenMP's default */
	int			 strict;	/* first malformed line is fatal */
	int			 max_problems;	/* malformed lines noted */
	/* Only flows that start in [from, to) count: times as dates.h
	 * reads them (NULL: no bound); year-last dates are read in
	 * date_order ("dmy", "mdy"; NULL: they are an error). */
	const char		*from, *to;
	const char		*date_order;
	/* load_profiles() only. */
	uint64_t		 min_flows;	/* kept computers: at least this */
	size_t			 port_bins;	/* >= 2, "other" included */
	uint64_t		 memory;	/* bytes for the per-port counters;
						   0: no limit */
	int			 pairs;		/* count who talks to whom */
	const struct sink	*sink;		/* may be NULL */
	const struct load_team	*team;		/* NULL: this process alone */
};

struct load_problem {
	const char	*file;		/* points into load_result.files */
	size_t		 file_index;
	uint64_t	 line;		/* 1-based */
	char		 what[200];	/* already escaped */
};

struct load_file {
	char		*name;
	const char	*format;	/* the format's name (static) */
	enum direction	 direction;
	uint64_t	 lines, records, malformed;
	uint64_t	 outside;	/* records outside --from/--to, not
					   counted */
	char		*columns;	/* what each role was read from:
					   "src=id.orig_h,..." */
	int		 gzip;		/* the file was gzip */
	int		 nfcapd;	/* nfcapd, read via nfdump */
	int		 pcap;		/* a capture, via nfpcapd and nfdump */
	char		*warning;	/* e.g. trailing garbage */
};

/* Every distinct value of a field with its count, in no order. */
struct load_values {
	size_t		 n;
	const uint64_t	*keys;		/* port keys (base/portkey.h) */
	const uint64_t	*counts;
};

/* What load_traffic() counts. */
struct load_traffic {
	uint64_t	 records, time_min, time_max;
	const uint64_t	*protocols;	/* 256 counts, by protocol number */
	struct load_values src_ports, dst_ports;
	size_t		 ncomputers;	/* distinct computers */
	const uint64_t	*computer_flows; /* per computer: flows it is an
					    end of (a flow to itself: 2) */
};

struct load_inside;

struct load_result {
	size_t			 nfiles;
	struct load_file	*files;
	uint64_t		 malformed;
	size_t			 nproblems;
	struct load_problem	*problems;	/* first ones, in file order */
	int			 cancelled;
	int			 threads;
	int			 passes;	/* 1, or 3 past the memory budget */
	double			 seconds;	/* wall time of the passes */
	/* What inflated the gzip files ("isa-l" or "zlib", static), or
	 * NULL when there were none: for the timings of `stats`. */
	const char		*inflater;
	struct load_traffic	 traffic;	/* load_traffic() */
	struct load_inside	*inside;	/* the stage's own; opaque */
	/* A team member but member 0: its share went to member 0, which
	 * alone has the results; nothing else here is set. */
	int			 elsewhere;
};

/* A port bin of load_profiles(). */
struct load_bin {
	uint32_t	 key;		/* port key (base/portkey.h) */
	char		*text;		/* as in the data: "53", "N10451", "http" */
	uint64_t	 flows;		/* flow events over the kept computers */
};

/* Two kept computers that talked: flows from client to server. */
struct load_pair {
	uint32_t	 client, server;	/* rows */
	uint64_t	 flows;
};

/*
 * What load_profiles() returns.  Rows are the kept computers in name order
 * (names_compare() in names.h: "C9" before "C10").  A flow is one event for
 * each of its ends: incoming at its server, outgoing at its client.
 */
struct load_profiles {
	uint64_t	 min_flows;
	size_t		 nseen;		/* distinct computers in the flows */
	size_t		 ncomputers;	/* kept */
	char		**names;	/* raw from the data: escape to show */
	struct counters	*totals;	/* per row */
	struct counters	*protocols;	/* per row, PROTO_NBINS each */
	size_t		 nbins;		/* ranked port bins + "other" */
	struct load_bin	*bins;		/* nbins - 1, most flow events first */
	uint64_t	 other_flows;	/* flow events of "other" */
	/* Per row, its counters in each ranked bin it has: start[r] ..
	 * start[r + 1] index bin_of and cells.  And per row, the sum of its
	 * ports in no ranked bin. */
	size_t		*start;
	uint32_t	*bin_of;
	struct counters	*cells;
	struct counters	*other;
	/* With options.pairs: every pair of kept computers that talked. */
	int		 has_pairs;
	size_t		 npairs;
	struct load_pair *pairs;
};

void	load_options_default(struct load_options *o);
/* Check what the options table cannot: the --columns map.  0, or -1 with
 * the message in err. */
int	load_check_options(const struct load_options *o, char *err,
	    size_t errlen);

/* Returns 0, or -1 with err filled (result still says what was read). */
int	load_traffic(const char *const *paths, size_t npaths,
	    const struct load_options *o, struct load_result *result,
	    char *err, size_t errlen);
int	load_profiles(const char *const *paths, size_t npaths,
	    const struct load_options *o, struct load_result *result,
	    struct load_profiles *profiles, char *err, size_t errlen);

/* The text of a port key of this result ("443", "N10451", "http"): raw
 * data, escape before display. */
char	*load_port_text(const struct load_result *r, uint32_t key, char *buf,
	    size_t size);

/* The name reports show for a protocol number ("TCP"), or NULL: the names
 * the parsers read (format.c). */
const char *format_protocol_name(uint32_t number);

void	load_result_free(struct load_result *r);
void	load_profiles_free(struct load_profiles *p);

#endif
