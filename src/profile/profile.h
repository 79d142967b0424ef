/*
 * profile.h - which computers the map keeps, and which service ports matter.
 *
 * The loader's tally holds, for every computer, its flows, bytes, packets
 * and seconds in each direction, per service port and per protocol.  A
 * profile set picks the computers seen in at least `min_flows` flows (both
 * directions counted) and ranks every service port by its flow events over
 * those computers: one event per kept end of a flow, so a flow between two
 * kept computers counts twice, once for the client and once for the server.
 * Ties are broken by port key, so the ranking never depends on threads.
 *
 * Call order: profile_build() on a tally counted with profiles, use,
 * profile_free().  The set owns its arrays and borrows nothing: it refers to
 * computers and ports by the tally's ids and keys.
 */
#ifndef FLOWMAP_PROFILE_H
#define FLOWMAP_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "load/tally.h"

struct profile_port {
	uint32_t	key;		/* port key, see names.h */
	uint64_t	flows;		/* events over the kept computers */
	uint64_t	flows_in, flows_out;
	uint32_t	servers;	/* kept computers with incoming flows */
	uint32_t	clients;	/* kept computers with outgoing flows */
};

struct profiles {
	uint64_t		 min_flows;
	size_t			 ncomputers;	/* kept */
	uint32_t		*ids;		/* tally ids of the kept, in name order */
	uint32_t		*row_of;	/* tally id -> row, UINT32_MAX if dropped */
	size_t			 nall;		/* computers in the tally */
	size_t			 nports;
	struct profile_port	*ports;		/* every service port of the kept
						   (of a bins pass: the bins),
						   most flow events first */
	/*
	 * The tally's fold (tally.h): cells of rare ports were summed into
	 * their computer's `other` counters.  ports[] then lacks the folded
	 * part of those ports (so its tail and nports may be short), and
	 * other_flows holds it: the folded events of the kept computers.
	 * fold_bound is the most events over the kept computers that any
	 * folded port can have had (its events in ports[] plus all it lost
	 * to folds), fold_key the first such port by key: a port bin
	 * ranked ahead of that is ahead of every folded port, so the bins
	 * up to it are the bins of the unfolded count (featvec.c checks).
	 * folded is 0 when no fold took anything of a kept computer, and
	 * after a bins pass (tally.h: the rank pass showed that nothing it
	 * sent to `other` is a bin).
	 */
	int			 folded;
	uint64_t		 other_flows;
	uint64_t		 fold_bound;
	uint32_t		 fold_key;
};

/* Returns 0, or -1 when the tally was counted without profiles. */
int	profile_build(const struct tally *t, uint64_t min_flows,
	    struct profiles *p, char *err, size_t errlen);
void	profile_free(struct profiles *p);
/*
 * When featvec_build() says a folded port could be a bin, two more passes
 * make the features exact in bounded memory (run.c): a rank pass counts
 * each port's events at the kept computers (TALLY_RANK, kept: the names
 * profile_kept_names() gives), and a bins pass counts cells only for the
 * bins, the first `bins` ports of that ranking (profile_rank_bins(),
 * which returns how many there are).  out is initialised here.
 */
void	profile_kept_names(const struct tally *t, const struct profiles *p,
	    struct names *out);
size_t	profile_rank_bins(const struct tally *t, size_t bins,
	    struct tally_ports *out);

/* Total flows of a computer, both directions. */
static inline uint64_t
profile_flows(const struct counters *c)
{
	return c->flows[DIR_IN] + c->flows[DIR_OUT];
}

#endif
