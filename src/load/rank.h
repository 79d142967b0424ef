/*
 * rank.h - which computers the map keeps, and which service ports matter;
 * inside the loading stage (load.c).
 *
 * The loader's tally holds, for every computer, its flows, bytes, packets
 * and seconds in each direction, per service port and per protocol.  A
 * profile set picks the computers seen in at least `min_flows` flows (both
 * directions counted) and ranks every service port by its flow events over
 * those computers: one event per kept end of a flow, so a flow between two
 * kept computers counts twice, once for the client and once for the server.
 * Ties are broken by port key, so the ranking never depends on threads.
 *
 * Call order: rank_build() on a tally counted with profiles, use,
 * rank_free().  The set owns its arrays and borrows nothing: it refers to
 * computers and ports by the tally's ids and keys.
 */
#ifndef FLOWMAP_LOAD_RANK_H
#define FLOWMAP_LOAD_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "load/tally.h"

struct rank_port {
	uint32_t	key;		/* port key, see names.h */
	uint64_t	flows;		/* events over the kept computers */
	uint64_t	flows_in, flows_out;
	uint32_t	servers;	/* kept computers with incoming flows */
	uint32_t	clients;	/* kept computers with outgoing flows */
};

struct ranking {
	uint64_t		 min_flows;
	size_t			 ncomputers;	/* kept */
	uint32_t		*ids;		/* tally ids of the kept, in name order */
	uint32_t		*row_of;	/* tally id -> row, UINT32_MAX if dropped */
	size_t			 nall;		/* computers in the tally */
	size_t			 nports;
	struct rank_port	*ports;		/* every service port of the kept
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
	 * up to it are the bins of the unfolded count (rank_bins_exact()).
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
int	rank_build(const struct tally *t, uint64_t min_flows,
	    struct ranking *p, char *err, size_t errlen);
void	rank_free(struct ranking *p);
/*
 * Whether the first port_bins - 1 ports of the ranking are the bins an
 * unfolded count would give: every port a fold took must rank behind the
 * last of them (see fold_bound above).
 */
int	rank_bins_exact(const struct ranking *p, size_t port_bins);
/*
 * When they could be other bins, two more passes make the features exact
 * in bounded memory (load.c): a rank pass counts
 * each port's events at the kept computers (TALLY_RANK, kept: the names
 * rank_kept_names() gives), and a bins pass counts cells only for the
 * bins, the first `bins` ports of that ranking (rank_bins(),
 * which returns how many there are).  out is initialised here.
 */
void	rank_kept_names(const struct tally *t, const struct ranking *p,
	    struct names *out);
size_t	rank_bins(const struct tally *t, size_t bins,
	    struct tally_ports *out);

/*
 * The profiles of the kept computers (load.h) from the tally and its
 * ranking, with the first port_bins - 1 ports as bins (exact when
 * rank_bins_exact() says so), and the pairs when asked.
 */
void	rank_profiles(const struct tally *t, const struct ranking *rk,
	    size_t port_bins, int pairs, struct load_profiles *out);

#endif
