/*
 * tally.h - what one pass over the flows counts.
 *
 * Every loader thread adds the records it parses to a tally of its own (no
 * locks, no sharing); when the pass ends the tallies are merged once into
 * one whose computer ids follow name order, so nothing that comes after
 * depends on how the work was split.
 *
 * A flow is one event for each of its two computers on the flow's service
 * port: outgoing for the client, incoming for the server.  As-is, the
 * destination is the server and the destination port the service.  With
 * DIRECTION_INFER a flow whose source end looks more like the service than
 * its destination end (direction.h: port ranks, and the learned services
 * of `direction` when the loader built a model) is turned around first.
 * The raw src/dst port counts of `stats` ignore this: they describe the file.
 * Without TALLY_PROFILES nothing depends on the direction (a computer's
 * flows are counted whichever end it is), so none is inferred.
 *
 * Memory grows with computers x service ports they use.  A flow between
 * two anonymised ports makes the destination's ephemeral port a
 * "service", and such (computer, port) cells grow with the flows.  So a
 * tally folds them where that cannot change the features: when its cell
 * table has grown by fold_period cells since the last fold, the cells
 * older than that fold whose port has had at most a TALLY_FOLD_SHARE-th
 * of the events of the fold_rank-th port in this tally (the last bin)
 * are added to their computer's `other` counters, and the port's events
 * to the `folded` ledger.  A port seen that seldom cannot be one of the
 * feature bins (rank.h checks this against the ledger,
 * exactly; in the case it could, load.c counts again with a rank pass and
 * a bins pass, see kept and bins below), so the features are the same as
 * without folding.  On data with fewer real services than
 * port bins (tokens fill the last bins) almost nothing folds that way and
 * those cells grow with the flows, until they reach the cell budget (see
 * cell_budget below).  The `stats` counts never fold.
 */
#ifndef FLOWMAP_TALLY_H
#define FLOWMAP_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "base/counters.h"
#include "load/direction.h"
#include "load/keyindex.h"
#include "load/names.h"
#include "load/records.h"

/* What tally_init() is asked to count besides the totals: 0 (`stats`), or
 * TALLY_PROFILES with any of the others. */
#define TALLY_PROFILES	1	/* per service port and per protocol */
#define TALLY_PAIRS	2	/* flows per (client, server) pair, too */
#define TALLY_EXACT	4	/* never fold cells (see above) */
#define TALLY_NO_RAW	8	/* skip the raw port counts: only `stats`
				   reads them */
#define TALLY_RANK	16	/* the rank pass: only `ranked` (see kept) */

#define TALLY_FOLD_PERIOD	(1u << 17)	/* new cells between folds */
#define TALLY_FOLD_MIN_GAP	4096	/* ... at least, over the budget */
#define TALLY_FOLD_RANK		136	/* the feature bins by default: only ports */
#define TALLY_FOLD_SHARE	16	/* this many times rarer than the port of
					   that rank are folded */

/* Raw port counts of numbers and N/Port tokens below this are kept in flat
 * arrays (by tag, then value); the rest in a table. */
#define TALLY_PORT_DIRECT	(1u << 17)

struct tally {
	int		 profiles;	/* TALLY_* bits */
	struct names	 computers, portnames;
	uint64_t	 records, swapped;
	/* For DIRECTION_INFER: learned services, or NULL for the static
	 * rules alone; set by the owner, read-only, not owned. */
	const struct direction_model *direction;
	uint64_t	 time_min, time_max;
	uint64_t	 proto[256];
	/* Raw port counts, for `stats`.  Merged: every port is in the
	 * keyindexes.  While counting, numbers and tokens below
	 * TALLY_PORT_DIRECT are counted in direct[end][tag][value] instead
	 * (end 0 source, 1 destination), one increment and no lookup; 16
	 * bits, so that the anonymised ports of a LANL file (100,000 and
	 * more) stay in the core's cache, and each wrap adds 2^16 to the
	 * port's count in the key index. */
	struct keyindex	 src_ports, dst_ports;	/* raw port -> count index */
	uint64_t	*src_count, *dst_count;
	uint32_t	 cap_src, cap_dst;
	uint16_t	*direct[2][3];
	uint32_t	 cap_direct[2][3];
	/* Per computer: with profiles, its counters; without (`stats`),
	 * only the flows it is an end of, in `seen` (8 bytes where the
	 * counters are 64: the loader's working set stays in cache).  Both
	 * have cap_totals entries; tally_flows() reads either. */
	struct counters	*totals;
	uint64_t	*seen;
	uint32_t	 cap_totals;
	/* With profiles: (computer << 32 | service port) -> counters, and
	 * per computer x PROTO_NBINS counters. */
	struct keyindex	 cells;
	struct counters	*cell_counters;
	uint32_t	 cap_cells, used_cells;	/* used: zeroed, <= cap */
	/* With profiles: (client << 32 | server) -> flows, for the
	 * communications map; grows with the pairs that talk. */
	struct keyindex	 pairs;
	uint64_t	*pair_flows;
	uint32_t	 cap_pairs, used_pairs;
	struct counters	*proto_counters;
	/* With profiles, the fold (see above): per computer, its folded
	 * cells summed; per port folded, its events (both directions, all
	 * computers).  fold_period 0 (TALLY_EXACT) never folds; tests may
	 * set a small one (and fold_at) after tally_init(). */
	struct counters	*other;
	struct keyindex	 folded;
	uint64_t	*folded_events;
	uint32_t	 cap_folded;
	uint32_t	 fold_period;
	uint32_t	 fold_at;	/* cells.count that triggers a fold */
	uint32_t	 fold_old;	/* cells below it predate the last fold */
	uint64_t	 folds;		/* how many times it folded */
	/*
	 * Set by the owner after tally_init(), all optional (cell_budget with
	 * tally_set_budget()):
	 * fold_rank: the port bins (TALLY_FOLD_RANK by default).
	 * cell_budget: bytes the cells may take (0: no limit).  A fold
	 *   that finds them over it takes every port but the
	 *   TALLY_BUDGET_KEEP x fold_rank with the most events here, old
	 *   cells and new: memory stays near the budget whatever the
	 *   number of flows, and if a port folded so could be a bin after
	 *   all, the check after the load asks for two more passes (below).
	 * kept: the computers with features.  With TALLY_RANK (the rank
	 *   pass) nothing is counted but `ranked`, the events of each port
	 *   at the ends that are these computers.
	 * bins: the bins pass.  Only these ports get cells, and only at
	 *   kept computers (when kept is set); every other event goes
	 *   straight to `other` and the ledger, as the rank pass showed it
	 *   is no bin of a kept computer.
	 * Both are by name (ids differ between passes and threads), not
	 * owned, and read during tally_add() only.
	 */
	uint32_t	 fold_rank;
	uint64_t	 cell_budget;
	const struct names *kept;
	const struct tally_ports *bins;
	int		 filtered;	/* counted with bins */
	uint64_t	 budget_folds;	/* folds the budget forced */
	struct keyindex	 ranked;	/* TALLY_RANK: port -> ranked_events */
	uint64_t	*ranked_events;
	uint32_t	 cap_ranked;
	/* Per computer id, and per port-name id: 0 not yet looked up in
	 * kept or bins, 1 in, 2 not. */
	uint8_t		*kept_state, *bin_name_state;
	uint32_t	 cap_kept_state, cap_bin_name_state;
};

/*
 * A set of ports across tallies: numbers and N/Port tokens by key, other
 * names by name (their keys are ids of one tally's table).
 */
struct tally_ports {
	struct keyindex	 keys;
	struct names	 names;
};

void	tally_ports_init(struct tally_ports *s);
void	tally_ports_free(struct tally_ports *s);
/* Add port key of tally t. */
void	tally_ports_add(struct tally_ports *s, const struct tally *t, uint32_t key);

#define TALLY_BUDGET_KEEP	2
/* About what a cell takes: counters, key, and two slots (the table is
 * between 3/8 and 3/4 full). */
#define TALLY_CELL_BYTES	(sizeof(struct counters) + 8 + 2 * 16)

/* The bytes the cells take now: table, keys and counters. */
uint64_t tally_cell_bytes(const struct tally *t);
/* Set cell_budget (see above). */
void	tally_set_budget(struct tally *t, uint64_t bytes);

/* The flows computer id is an end of, both directions (a flow from a
 * computer to itself counts twice). */
static inline uint64_t
tally_flows(const struct tally *t, uint32_t id)
{
	if (id >= t->cap_totals)
		return 0;
	if (t->totals == NULL)
		return t->seen[id];
	return sat_add(t->totals[id].flows[DIR_IN],
	    t->totals[id].flows[DIR_OUT]);
}

void	tally_init(struct tally *t, int profiles);
void	tally_free(struct tally *t);
/* Count one flow; dir is DIRECTION_AS_IS or DIRECTION_INFER. */
void	tally_add(struct tally *t, const struct flow *f, enum direction dir);
/* Count n flows, as tally_add() on each in order would, but with the
 * memory fetches of up to TALLY_BATCH flows overlapping. */
#define TALLY_BATCH	16
void	tally_add_batch(struct tally *t, const struct flow *f, size_t n,
	    enum direction dir);
/*
 * Merge n tallies into out (initialised here), with computer ids and
 * port-name ids in name order.  Each part is freed (left empty) once it
 * is merged, so the result and all the parts are never in memory at
 * once.  Read a tally only once merged: while counting, some counts are
 * kept elsewhere.
 */
void	tally_merge(struct tally *out, struct tally *parts, size_t n);

/*
 * Counts added under a tally's own ids, as a merge adds them: for the
 * unpacking of a tally that came as bytes (pack.h).  Room for computer ids
 * below n comes first.
 */
void	tally_reserve_computers(struct tally *t, uint32_t n);
/* Room for n cells in an empty tally, so that adding them never grows
 * the table. */
void	tally_reserve_cells(struct tally *t, uint32_t n);
void	tally_add_cell(struct tally *t, uint32_t computer, uint32_t port,
	    const struct counters *c);
void	tally_add_pair(struct tally *t, uint32_t client, uint32_t server,
	    uint64_t flows);
void	tally_add_folded(struct tally *t, uint32_t port, uint64_t events);
/*
 * A merged tally back within a cell budget (flowmap-mpi merges its ranks'
 * tallies in a tree, each merge up to the sum of its parts): when its
 * cells take more than `budget` bytes, fold them as tally_add() would,
 * keeping the first TALLY_BUDGET_KEEP x fold_rank ports.  A tally that
 * must not fold (TALLY_EXACT, a rank or bins pass) is left as it is.
 */
void	tally_fit_budget(struct tally *t, uint32_t fold_rank, uint64_t budget);

#endif
