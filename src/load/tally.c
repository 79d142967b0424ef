/*
 * tally.c - per-thread counting and the one merge (see tally.h).
 *
 * The hot path is tally_add(): a few array updates and two or three hash
 * lookups per flow, nothing allocated except when a table grows.  The raw
 * port counts of `stats` are flat arrays indexed by port number (no
 * lookup); the cell and pair tables are much larger than the caches, so
 * the slots of all three keys of a flow are prefetched before the first
 * is probed, and tally_add_batch() overlaps those of sixteen flows.  The
 * merge puts the union of the threads' names in order once
 * (names_merge()), adopts the largest thread's tables and replays the
 * others' counters under the new ids; it costs O(computers x ports), not
 * O(flows).  The fold of the cells is fold.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "load/fold.h"
#include "load/tally.h"
#include "base/xalloc.h"

void
tally_init(struct tally *t, int profiles)
{
	*t = (struct tally){0};
	t->profiles = profiles;
	t->time_min = UINT64_MAX;
	names_init(&t->computers);
	names_init(&t->portnames);
	keyindex_init(&t->src_ports);
	keyindex_init(&t->dst_ports);
	keyindex_init(&t->ranked);
	if (profiles) {
		keyindex_init(&t->cells);
		keyindex_init(&t->pairs);
		keyindex_init(&t->folded);
		t->fold_period = profiles & TALLY_EXACT ? 0 : TALLY_FOLD_PERIOD;
		t->fold_at = t->fold_period;	/* see next_fold() */
	}
	t->fold_rank = TALLY_FOLD_RANK;
}

uint64_t
tally_cell_bytes(const struct tally *t)
{
	if (!t->profiles || t->cells.slots == NULL)
		return 0;
	/* Counters past used_cells were never touched (dense_grow). */
	return ((uint64_t)t->cells.mask + 1) * sizeof *t->cells.slots +
	    (uint64_t)t->cells.count * sizeof *t->cells.keys +
	    (uint64_t)t->used_cells * sizeof *t->cell_counters;
}

void
tally_set_budget(struct tally *t, uint64_t bytes)
{
	t->cell_budget = bytes;
	if (t->fold_period != 0)
		t->fold_at = fold_next(t, t->fold_at > t->cells.count ?
		    t->fold_at - t->cells.count : 0);
}

void
tally_free(struct tally *t)
{
	names_free(&t->computers);
	names_free(&t->portnames);
	keyindex_free(&t->src_ports);
	keyindex_free(&t->dst_ports);
	free(t->src_count);
	free(t->dst_count);
	for (int end = 0; end < 2; end++)
		for (int tag = 0; tag < 3; tag++)
			free(t->direct[end][tag]);
	free(t->totals);
	free(t->seen);
	if (t->profiles) {
		keyindex_free(&t->cells);
		free(t->cell_counters);
		keyindex_free(&t->pairs);
		free(t->pair_flows);
		free(t->proto_counters);
		free(t->other);
		keyindex_free(&t->folded);
		free(t->folded_events);
	}
	keyindex_free(&t->ranked);
	free(t->ranked_events);
	free(t->kept_state);
	free(t->bin_name_state);
	*t = (struct tally){0};
}

/* A raw port, end 0 the source, 1 the destination: see struct tally. */
static void
count_raw_slow(struct tally *t, int end, uint32_t key)
{
	uint32_t tag = PORT_TAG(key), v = PORT_VALUE(key);

	uint64_t n = 1;

	if (tag != PORT_TAG_NAME && v < TALLY_PORT_DIRECT) {
		if (v >= t->cap_direct[end][tag])
			t->direct[end][tag] = xgrow_zeroed(t->direct[end][tag],
			    &t->cap_direct[end][tag], v,
			    sizeof *t->direct[end][tag]);
		if (++t->direct[end][tag][v] != 0)
			return;
		n = (uint64_t)1 << 16;	/* it wrapped */
	}
	if (end == 0)
		keyindex_count(&t->src_ports, &t->src_count, &t->cap_src, key, n);
	else
		keyindex_count(&t->dst_ports, &t->dst_count, &t->cap_dst, key, n);
}

static inline void
count_raw(struct tally *t, int end, uint32_t key)
{
	uint32_t tag = PORT_TAG(key), v = PORT_VALUE(key);

	if (tag != PORT_TAG_NAME && v < t->cap_direct[end][tag] &&
	    t->direct[end][tag][v] != UINT16_MAX)
		t->direct[end][tag][v]++;
	else
		count_raw_slow(t, end, key);
}

static inline void
add_event(struct counters *c, int dir, const struct flow *f)
{
	c->flows[dir]++;
	c->bytes[dir] = sat_add(c->bytes[dir], f->bytes);
	c->packets[dir] = sat_add(c->packets[dir], f->packets);
	c->seconds[dir] = sat_add(c->seconds[dir], f->duration);
}

/*
 * Make index i of a value array that follows a key index valid: i is either
 * below *used or the next new index.  Room is made by doubling without
 * touching it, so the pages past the last index stay out of the resident
 * set until they are used (up to half the array, just after it doubled);
 * each new entry is zeroed when it is reached.
 */
static void
dense_grow(void **p, uint32_t *cap, uint32_t i, size_t size)
{
	uint32_t n = *cap ? *cap : 64;

	while (n <= i)
		n *= 2;
	*p = xreallocarray(*p, n, size);
	*cap = n;
}

static inline struct counters *
cell_at(struct tally *t, uint32_t i)
{
	if (i >= t->used_cells) {
		if (i >= t->cap_cells)
			dense_grow((void **)&t->cell_counters, &t->cap_cells, i,
			    sizeof *t->cell_counters);
		/* New indexes come one at a time: this is one cell. */
		memset(&t->cell_counters[t->used_cells], 0,
		    (size_t)(i + 1 - t->used_cells) * sizeof *t->cell_counters);
		t->used_cells = i + 1;
	}
	return &t->cell_counters[i];
}

static struct counters *
cell(struct tally *t, uint32_t computer, uint32_t port)
{
	return cell_at(t, keyindex_index(&t->cells, (uint64_t)computer << 32 |
	    port));
}

static void
count_pair(struct tally *t, uint32_t client, uint32_t server, uint64_t n)
{
	uint32_t i = keyindex_index(&t->pairs, (uint64_t)client << 32 | server);

	if (i >= t->used_pairs) {
		if (i >= t->cap_pairs)
			dense_grow((void **)&t->pair_flows, &t->cap_pairs, i,
			    sizeof *t->pair_flows);
		t->pair_flows[i] = 0;
		t->used_pairs = i + 1;
	}
	t->pair_flows[i] += n;
}

static void
count_folded(struct tally *t, uint32_t port, uint64_t events)
{
	keyindex_count(&t->folded, &t->folded_events, &t->cap_folded, port,
	    events);
}

/* Room for computer ids below ncomp in every per-computer array. */
static void
grow_computers(struct tally *t, uint32_t ncomp)
{
	uint32_t old = t->cap_totals;

	if (!t->profiles) {
		t->seen = xgrow_zeroed(t->seen, &t->cap_totals, ncomp - 1,
		    sizeof *t->seen);
		return;
	}
	t->totals = xgrow_zeroed(t->totals, &t->cap_totals, ncomp - 1,
	    sizeof *t->totals);
	t->proto_counters = xreallocarray(t->proto_counters,
	    (size_t)t->cap_totals * PROTO_NBINS, sizeof *t->proto_counters);
	memset(t->proto_counters + (size_t)old * PROTO_NBINS, 0,
	    (size_t)(t->cap_totals - old) * PROTO_NBINS *
	    sizeof *t->proto_counters);
	t->other = xreallocarray(t->other, t->cap_totals, sizeof *t->other);
	memset(t->other + old, 0, (size_t)(t->cap_totals - old) *
	    sizeof *t->other);
}

/* Look a name up once per id (see kept_state in tally.h). */
static inline int
name_in(uint8_t **state, uint32_t *cap, const struct names *own,
    uint32_t id, const struct names *set)
{
	if (id >= *cap)
		*state = xgrow_zeroed(*state, cap, id, sizeof **state);
	if ((*state)[id] == 0)
		(*state)[id] = names_find(set, names_get(own, id),
		    names_len(own, id)) != UINT32_MAX ? 1 : 2;
	return (*state)[id] == 1;
}

static inline int
is_kept(struct tally *t, uint32_t computer)
{
	return name_in(&t->kept_state, &t->cap_kept_state, &t->computers,
	    computer, t->kept);
}

static inline int
is_bin(struct tally *t, uint32_t port)
{
	if (PORT_TAG(port) != PORT_TAG_NAME)
		return keyindex_find(&t->bins->keys, port) != UINT32_MAX;
	return name_in(&t->bin_name_state, &t->cap_bin_name_state,
	    &t->portnames, PORT_VALUE(port), &t->bins->names);
}

/* What every flow adds, whatever else is counted. */
static inline void
count_plain(struct tally *t, const struct flow *f)
{
	t->records++;
	if (f->time < t->time_min)
		t->time_min = f->time;
	if (f->time > t->time_max)
		t->time_max = f->time;
	t->proto[f->proto & 0xff]++;
	if (!(t->profiles & TALLY_NO_RAW)) {
		count_raw(t, 0, f->sport);
		count_raw(t, 1, f->dport);
	}
}

/* The flow's client and server, and its service port (tally.h). */
static inline uint32_t
orient(struct tally *t, const struct flow *f, enum direction dir,
    uint32_t *client, uint32_t *server)
{
	if (dir == DIRECTION_INFER &&
	    direction_swaps(t->direction, f, &t->computers)) {
		*client = f->dst;
		*server = f->src;
		t->swapped++;
		return f->sport;
	}
	*client = f->src;
	*server = f->dst;
	return f->dport;
}

/* A flow's counts besides its cells: per computer, per protocol bin. */
static inline void
add_sums(struct tally *t, const struct flow *f, uint32_t client,
    uint32_t server)
{
	int bin = proto_bin(f->proto);

	add_event(&t->totals[client], DIR_OUT, f);
	add_event(&t->totals[server], DIR_IN, f);
	add_event(&t->proto_counters[(size_t)client * PROTO_NBINS + bin],
	    DIR_OUT, f);
	add_event(&t->proto_counters[(size_t)server * PROTO_NBINS + bin],
	    DIR_IN, f);
}

/* One end of a flow in the bins pass: a cell for a bin at a kept
 * computer (with kept NULL, any), else `other` and the ledger. */
static void
add_end(struct tally *t, const struct flow *f, uint32_t computer,
    uint32_t service, int is_service_bin, int dir)
{
	if (is_service_bin && (t->kept == NULL || is_kept(t, computer)))
		add_event(cell(t, computer, service), dir, f);
	else {
		add_event(&t->other[computer], dir, f);
		count_folded(t, service, 1);
	}
}

/* The bins pass (tally.h): the first pass showed that no other port is a
 * bin, and only kept computers have features. */
static void
add_filtered(struct tally *t, const struct flow *f, uint32_t client,
    uint32_t server, uint32_t service)
{
	int b = is_bin(t, service);

	add_sums(t, f, client, server);
	add_end(t, f, client, service, b, DIR_OUT);
	add_end(t, f, server, service, b, DIR_IN);
	if (t->profiles & TALLY_PAIRS)
		count_pair(t, client, server, 1);
}

void
tally_ports_init(struct tally_ports *s)
{
	keyindex_init(&s->keys);
	names_init(&s->names);
}

void
tally_ports_free(struct tally_ports *s)
{
	keyindex_free(&s->keys);
	names_free(&s->names);
}

void
tally_ports_add(struct tally_ports *s, const struct tally *t, uint32_t key)
{
	uint32_t id = PORT_VALUE(key);

	if (PORT_TAG(key) != PORT_TAG_NAME)
		keyindex_index(&s->keys, key);
	else if (id < t->portnames.count)
		names_intern(&s->names, names_get(&t->portnames, id),
		    names_len(&t->portnames, id));
}

/*
 * A flow counted without cells: `stats`, and the rank and bins passes
 * after a fold (tally.h), whose lookups are in small tables.
 */
static void
add_without_cells(struct tally *t, const struct flow *f, enum direction dir)
{
	uint32_t client, server, service;

	if (t->computers.count > t->cap_totals)
		grow_computers(t, t->computers.count);
	count_plain(t, f);
	if (!t->profiles) {
		t->seen[f->src]++;
		t->seen[f->dst]++;
		return;
	}
	service = orient(t, f, dir, &client, &server);
	if (t->profiles & TALLY_RANK) {
		if (is_kept(t, client))
			keyindex_count(&t->ranked, &t->ranked_events,
			    &t->cap_ranked, service, 1);
		if (is_kept(t, server))
			keyindex_count(&t->ranked, &t->ranked_events,
			    &t->cap_ranked, service, 1);
		return;
	}
	add_filtered(t, f, client, server, service);
}

void
tally_add(struct tally *t, const struct flow *f, enum direction dir)
{
	tally_add_batch(t, f, 1, dir);
}

/*
 * Counting with cells, in three sweeps so that the cache misses of
 * different flows overlap instead of following each other: first the
 * plain counts, each flow's direction, and prefetches of its
 * per-computer counters and of the slots of its two cells; then the
 * lookups (the slots are near by then), which add new cells and
 * prefetch the counters; then the counting.  The cell table may only
 * change shape (a fold) after the last sweep, as the second keeps
 * indexes for the third.
 */
void
tally_add_batch(struct tally *t, const struct flow *f, size_t n,
    enum direction dir)
{
	struct {
		uint32_t	client, server, ic, is;
		uint64_t	kclient, kserver;
	} d[TALLY_BATCH];

	if (!t->profiles || (t->profiles & TALLY_RANK) || t->bins != NULL) {
		for (size_t i = 0; i < n; i++)
			add_without_cells(t, &f[i], dir);
		return;
	}
	for (; n > TALLY_BATCH; f += TALLY_BATCH, n -= TALLY_BATCH)
		tally_add_batch(t, f, TALLY_BATCH, dir);
	if (t->computers.count > t->cap_totals)
		grow_computers(t, t->computers.count);
	for (size_t i = 0; i < n; i++) {
		const struct flow *g = &f[i];
		uint32_t service;

		count_plain(t, g);
		service = orient(t, g, dir, &d[i].client, &d[i].server);
		d[i].kclient = (uint64_t)d[i].client << 32 | service;
		d[i].kserver = (uint64_t)d[i].server << 32 | service;
		keyindex_prefetch(&t->cells, d[i].kclient);
		keyindex_prefetch(&t->cells, d[i].kserver);
		__builtin_prefetch(&t->totals[g->src]);
		__builtin_prefetch(&t->totals[g->dst]);
		if (t->profiles & TALLY_PAIRS)
			keyindex_prefetch(&t->pairs, (uint64_t)d[i].client << 32 |
			    d[i].server);
	}
	for (size_t i = 0; i < n; i++) {
		/* cell_at() makes room and zeroes a new cell, so that the
		 * third sweep only adds. */
		d[i].ic = keyindex_index(&t->cells, d[i].kclient);
		cell_at(t, d[i].ic);
		d[i].is = keyindex_index(&t->cells, d[i].kserver);
		cell_at(t, d[i].is);
		__builtin_prefetch(&t->cell_counters[d[i].ic]);
		__builtin_prefetch(&t->cell_counters[d[i].is]);
		int bin = proto_bin(f[i].proto);
		__builtin_prefetch(&t->proto_counters[(size_t)d[i].client *
		    PROTO_NBINS + bin]);
		__builtin_prefetch(&t->proto_counters[(size_t)d[i].server *
		    PROTO_NBINS + bin]);
	}
	for (size_t i = 0; i < n; i++) {
		const struct flow *g = &f[i];

		add_sums(t, g, d[i].client, d[i].server);
		add_event(&t->cell_counters[d[i].ic], DIR_OUT, g);
		add_event(&t->cell_counters[d[i].is], DIR_IN, g);
		if (t->profiles & TALLY_PAIRS)
			count_pair(t, d[i].client, d[i].server, 1);
	}
	if (t->fold_period != 0 && t->cells.count >= t->fold_at)
		fold_cells(t);
}

static uint32_t
remap_port(uint32_t key, const uint32_t *portmap)
{
	if (PORT_TAG(key) != PORT_TAG_NAME)
		return key;
	return PORT_KEY(PORT_TAG_NAME, portmap[PORT_VALUE(key)]);
}

/*
 * Make part p's cell and pair tables out's, their keys translated in
 * place: the largest part is never copied, so the merge holds the
 * result and one other part at most, not a copy of the largest beside
 * it.  out's tables must be empty.
 */
static void
adopt_tables(struct tally *out, struct tally *p, const uint32_t *cmap,
    const uint32_t *pmap)
{
	for (uint32_t k = 0; k < p->cells.count; k++) {
		uint64_t key = p->cells.keys[k];

		p->cells.keys[k] = (uint64_t)cmap[key >> 32] << 32 |
		    remap_port((uint32_t)key, pmap);
	}
	keyindex_rekey(&p->cells);
	keyindex_free(&out->cells);
	out->cells = p->cells;
	out->cell_counters = p->cell_counters;
	out->cap_cells = p->cap_cells;
	out->used_cells = p->used_cells;
	keyindex_init(&p->cells);
	p->cell_counters = NULL;
	p->cap_cells = p->used_cells = 0;

	for (uint32_t k = 0; k < p->pairs.count; k++) {
		uint64_t key = p->pairs.keys[k];

		p->pairs.keys[k] = (uint64_t)cmap[key >> 32] << 32 |
		    cmap[(uint32_t)key];
	}
	keyindex_rekey(&p->pairs);
	keyindex_free(&out->pairs);
	out->pairs = p->pairs;
	out->pair_flows = p->pair_flows;
	out->cap_pairs = p->cap_pairs;
	out->used_pairs = p->used_pairs;
	keyindex_init(&p->pairs);
	p->pair_flows = NULL;
	p->cap_pairs = p->used_pairs = 0;
}

/* The raw port counts of part p (and of a rank pass, its ranking). */
static void
merge_port_counts(struct tally *out, const struct tally *p,
    const uint32_t *pmap)
{
	for (uint32_t k = 0; k < p->ranked.count; k++)
		keyindex_count(&out->ranked, &out->ranked_events,
		    &out->cap_ranked, remap_port((uint32_t)p->ranked.keys[k],
		    pmap), p->ranked_events[k]);
	for (uint32_t k = 0; k < p->src_ports.count; k++)
		keyindex_count(&out->src_ports, &out->src_count, &out->cap_src,
		    remap_port((uint32_t)p->src_ports.keys[k], pmap),
		    p->src_count[k]);
	for (uint32_t k = 0; k < p->dst_ports.count; k++)
		keyindex_count(&out->dst_ports, &out->dst_count, &out->cap_dst,
		    remap_port((uint32_t)p->dst_ports.keys[k], pmap),
		    p->dst_count[k]);
	for (uint32_t tag = 0; tag < 3; tag++)
		for (uint32_t v = 0; v < p->cap_direct[0][tag]; v++)
			if (p->direct[0][tag][v] != 0)
				keyindex_count(&out->src_ports, &out->src_count,
				    &out->cap_src, PORT_KEY(tag, v),
				    p->direct[0][tag][v]);
	for (uint32_t tag = 0; tag < 3; tag++)
		for (uint32_t v = 0; v < p->cap_direct[1][tag]; v++)
			if (p->direct[1][tag][v] != 0)
				keyindex_count(&out->dst_ports, &out->dst_count,
				    &out->cap_dst, PORT_KEY(tag, v),
				    p->direct[1][tag][v]);
}

/* Part p's per-computer counters, by out's ids. */
static void
merge_computers(struct tally *out, const struct tally *p, const uint32_t *cmap)
{
	for (uint32_t id = 0; id < p->computers.count && id < p->cap_totals;
	    id++) {
		uint32_t g = cmap[id];

		if (!out->profiles) {
			out->seen[g] = sat_add(out->seen[g], p->seen[id]);
			continue;
		}
		counters_add(&out->totals[g], &p->totals[id]);
		for (int b = 0; b < PROTO_NBINS; b++)
			counters_add(&out->proto_counters[(size_t)g *
			    PROTO_NBINS + b], &p->proto_counters[(size_t)id *
			    PROTO_NBINS + b]);
		counters_add(&out->other[g], &p->other[id]);
	}
}

/* Part p's cells, pairs and fold ledger.  The base's tables are out's
 * already (and empty in p). */
static void
merge_cells(struct tally *out, const struct tally *p, const uint32_t *cmap,
    const uint32_t *pmap)
{
	for (uint32_t k = 0; k < p->cells.count; k++) {
		uint64_t key = p->cells.keys[k];

		counters_add(cell(out, cmap[key >> 32], remap_port(
		    (uint32_t)key, pmap)), &p->cell_counters[k]);
	}
	for (uint32_t k = 0; k < p->pairs.count; k++) {
		uint64_t key = p->pairs.keys[k];

		count_pair(out, cmap[key >> 32], cmap[(uint32_t)key],
		    p->pair_flows[k]);
	}
	for (uint32_t k = 0; k < p->folded.count; k++)
		count_folded(out, remap_port((uint32_t)p->folded.keys[k], pmap),
		    p->folded_events[k]);
}

void
tally_merge(struct tally *out, struct tally *parts, size_t n)
{
	const struct names **cn = xcalloc(n ? n : 1, sizeof *cn);
	const struct names **pn = xcalloc(n ? n : 1, sizeof *pn);
	uint32_t **cmap, **pmap;
	int profiles = n > 0 ? parts[0].profiles : 0;

	tally_init(out, profiles);
	for (size_t i = 0; i < n; i++) {
		cn[i] = &parts[i].computers;
		pn[i] = &parts[i].portnames;
	}
	cmap = names_merge(&out->computers, cn, n);
	pmap = names_merge(&out->portnames, pn, n);

	size_t base = 0;

	for (size_t i = 1; i < n; i++)
		if (parts[i].cells.count > parts[base].cells.count)
			base = i;
	if (profiles && n > 0)
		adopt_tables(out, &parts[base], cmap[base], pmap[base]);

	uint32_t ncomp = out->computers.count;
	if (ncomp > 0) {
		if (!profiles)
			out->seen = xgrow_zeroed(NULL, &out->cap_totals,
			    ncomp - 1, sizeof *out->seen);
		else {
			out->totals = xgrow_zeroed(NULL, &out->cap_totals,
			    ncomp - 1, sizeof *out->totals);
			out->proto_counters = xcalloc((size_t)out->cap_totals *
			    PROTO_NBINS, sizeof *out->proto_counters);
			out->other = xcalloc(out->cap_totals,
			    sizeof *out->other);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct tally *p = &parts[i];

		out->records += p->records;
		out->swapped += p->swapped;
		out->filtered |= p->filtered;
		out->budget_folds += p->budget_folds;
		out->folds += p->folds;
		if (p->time_min < out->time_min)
			out->time_min = p->time_min;
		if (p->time_max > out->time_max)
			out->time_max = p->time_max;
		for (int k = 0; k < 256; k++)
			out->proto[k] += p->proto[k];
		merge_port_counts(out, p, pmap[i]);
		merge_computers(out, p, cmap[i]);
		if (profiles)
			merge_cells(out, p, cmap[i], pmap[i]);
		/* Merged: its memory can go before the next part grows the
		 * result, so the peak holds the result and one part. */
		tally_free(&parts[i]);
	}
	names_merge_free(cmap, n);
	names_merge_free(pmap, n);
	free(cn);
	free(pn);
}

void
tally_reserve_computers(struct tally *t, uint32_t n)
{
	if (n > t->cap_totals)
		grow_computers(t, n);
}

void
tally_reserve_cells(struct tally *t, uint32_t n)
{
	if (!t->profiles || t->cells.count > 0 || n == 0)
		return;
	keyindex_reserve(&t->cells, n);
	if (n > t->cap_cells)
		dense_grow((void **)&t->cell_counters, &t->cap_cells, n - 1,
		    sizeof *t->cell_counters);
}

void
tally_add_cell(struct tally *t, uint32_t computer, uint32_t port,
    const struct counters *c)
{
	counters_add(cell(t, computer, port), c);
}

void
tally_add_pair(struct tally *t, uint32_t client, uint32_t server,
    uint64_t flows)
{
	count_pair(t, client, server, flows);
}

void
tally_add_folded(struct tally *t, uint32_t port, uint64_t events)
{
	count_folded(t, port, events);
}

void
tally_fit_budget(struct tally *t, uint32_t fold_rank, uint64_t budget)
{
	if (!t->profiles || t->fold_period == 0 || t->filtered ||
	    (t->profiles & TALLY_RANK) || budget == 0)
		return;
	t->fold_rank = fold_rank;
	t->cell_budget = budget;
	if ((uint64_t)t->cells.count >= budget / TALLY_CELL_BYTES)
		fold_cells(t);
}
