/*
 * fold.c - the fold of a tally's cells (tally.h): rare service ports, and
 * under a cell budget every port but the first few hundred, summed into
 * each computer's `other` counters, their events into the ledger.
 *
 * fold_cells() runs inside tally_add() when the cell table has grown to
 * fold_at: one pass over the cells to sum each port's events, one to
 * move the folded cells into `other`, and a compaction of the table.
 * Amortised, a few operations per new cell.
 */
#include <stdlib.h>
#include <string.h>

#include "load/fold.h"
#include "base/xalloc.h"

static int
cmp_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x > y ? -1 : x < y;
}

/*
 * The events of the rank-th port here, 0 when there are no more ports.
 * The ordinary fold takes ports with at most a TALLY_FOLD_SHARE-th of the
 * events of the fold_rank-th, far below anything that could be a bin.
 * Relative, not a fixed count: where anonymised tokens come from a small
 * pool (the generator's 100,000) each is seen in dozens of flows over a
 * long file, yet no more a bin than a token seen once.  When the
 * fold_rank-th port has few events itself (fewer real services than bins,
 * the last bins taken by whichever tokens chance made a little more
 * frequent), almost any port could still end up a bin and that fold takes
 * nothing; only the budget then bounds the cells.
 */
static uint64_t
fold_limit(const uint64_t *events, uint32_t n, uint32_t rank)
{
	uint64_t *v, rth;

	if (rank == 0 || n <= rank)
		return 0;
	v = xreallocarray(NULL, n, sizeof *v);
	memcpy(v, events, (size_t)n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_desc);
	rth = v[rank - 1];
	free(v);
	return rth;
}

/*
 * The cells.count at which to fold next: after `grown` more cells, or
 * sooner where the cells would reach the budget (at about
 * TALLY_CELL_BYTES each), unless they are over it already.
 */
uint32_t
fold_next(const struct tally *t, uint32_t grown)
{
	uint64_t at = (uint64_t)t->cells.count + grown;
	uint64_t full = t->cell_budget / TALLY_CELL_BYTES;

	if (t->cell_budget != 0 && full > t->cells.count && full < at)
		at = full;
	return at > UINT32_MAX ? UINT32_MAX : (uint32_t)at;
}

struct ranked_port {
	uint64_t	events, key;
	uint32_t	index;
};

static int
cmp_ranked(const void *a, const void *b)
{
	const struct ranked_port *x = a, *y = b;

	if (x->events != y->events)
		return x->events > y->events ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* Per port i of n: 1 for the first `first` by events, then key. */
static unsigned char *
first_ports(const uint64_t *events, const uint64_t *keys, uint32_t n,
    uint32_t first)
{
	unsigned char *kept = xcalloc(n ? n : 1, 1);
	struct ranked_port *v = xreallocarray(NULL, n ? n : 1, sizeof *v);

	for (uint32_t i = 0; i < n; i++)
		v[i] = (struct ranked_port){ events[i], keys[i], i };
	qsort(v, n, sizeof *v, cmp_ranked);
	for (uint32_t r = 0; r < n && r < first; r++)
		kept[v[r].index] = 1;
	free(v);
	return kept;
}

/*
 * New cells until the next fold.  Over the budget, what is left may
 * itself be near it (the ports kept have many cells): a quarter more
 * than there are, so that folding stays a few operations per new cell
 * and memory within a quarter over what the kept ports need.
 */
static uint32_t
fold_gap(const struct tally *t, int over)
{
	if (!over)
		return t->fold_period;
	return t->cells.count / 4 > TALLY_FOLD_MIN_GAP ? t->cells.count / 4 :
	    TALLY_FOLD_MIN_GAP;
}

void
fold_cells(struct tally *t)
{
	struct keyindex ports;
	uint64_t *events = NULL;
	uint32_t cap_events = 0, *port_of, *old;
	unsigned char *keep;

	/* Each port's events in this tally so far: in its cells, and in
	 * what earlier folds took of it. */
	keyindex_init(&ports);
	port_of = xreallocarray(NULL, t->cells.count, sizeof *port_of);
	for (uint32_t k = 0; k < t->cells.count; k++) {
		const struct counters *c = &t->cell_counters[k];

		uint32_t i = keyindex_index(&ports, (uint32_t)t->cells.keys[k]);

		if (i >= cap_events)
			events = xgrow_zeroed(events, &cap_events, i,
			    sizeof *events);
		events[i] += c->flows[DIR_IN] + c->flows[DIR_OUT];
		port_of[k] = i;
	}
	for (uint32_t k = 0; k < t->folded.count; k++) {
		uint32_t i = keyindex_find(&ports, t->folded.keys[k]);

		if (i != UINT32_MAX)
			events[i] += t->folded_events[k];
	}

	/* Over budget: every port behind the first TALLY_BUDGET_KEEP x
	 * fold_rank (by events, then key: tokens tie by the thousand) goes,
	 * new cells too.  Else only the old cells of ports far behind the
	 * bins. */
	int over = t->cell_budget != 0 &&
	    (uint64_t)t->cells.count >= t->cell_budget / TALLY_CELL_BYTES;
	unsigned char *port_kept = NULL;
	uint64_t most = 0;
	uint32_t nfolded = 0;

	if (over)
		port_kept = first_ports(events, ports.keys, ports.count,
		    TALLY_BUDGET_KEEP * t->fold_rank);
	else
		most = fold_limit(events, ports.count, t->fold_rank) /
		    TALLY_FOLD_SHARE;
	keep = xmalloc(t->cells.count ? t->cells.count : 1);
	for (uint32_t k = 0; k < t->cells.count; k++) {
		const struct counters *c = &t->cell_counters[k];
		uint64_t key = t->cells.keys[k];

		keep[k] = over ? port_kept[port_of[k]] :
		    k >= t->fold_old || events[port_of[k]] > most;
		if (keep[k])
			continue;
		nfolded++;
		counters_add(&t->other[key >> 32], c);
		keyindex_count(&t->folded, &t->folded_events, &t->cap_folded,
		    (uint32_t)key, c->flows[DIR_IN] + c->flows[DIR_OUT]);
	}
	free(port_of);
	free(events);
	free(port_kept);
	keyindex_free(&ports);
	t->budget_folds += over;
	if (nfolded == 0) {
		t->fold_at = fold_next(t, fold_gap(t, over));
		t->fold_old = t->cells.count;
		free(keep);
		return;
	}

	/* Compact the table and its counters in the same order. */
	old = keyindex_compact(&t->cells, keep);
	free(keep);
	for (uint32_t k = 0; k < t->cells.count; k++)
		t->cell_counters[k] = t->cell_counters[old[k]];
	free(old);
	uint32_t cap = 64;
	while (cap < t->cells.count)
		cap *= 2;
	t->cell_counters = xreallocarray(t->cell_counters, cap,
	    sizeof *t->cell_counters);
	t->cap_cells = cap;
	t->used_cells = t->cells.count;

	t->fold_old = t->cells.count;
	t->fold_at = fold_next(t, fold_gap(t, over));
	t->folds++;
}
