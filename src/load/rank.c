/*
 * rank.c - keep the computers with enough flows, rank the service ports,
 * and give their profiles as plain arrays (see rank.h).
 *
 * Everything here is a function of the merged tally alone: ids are in name
 * order and the cells are summed by key, so the result is the same whatever
 * the number of loader threads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "load/load.h"
#include "load/rank.h"

/* Total flows of a computer, both directions. */
static uint64_t
rank_flows(const struct counters *c)
{
	return c->flows[DIR_IN] + c->flows[DIR_OUT];
}

static int
port_order(const void *a, const void *b)
{
	const struct rank_port *x = a, *y = b;

	if (x->flows != y->flows)
		return x->flows > y->flows ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

int
rank_build(const struct tally *t, uint64_t min_flows, struct ranking *p,
    char *err, size_t errlen)
{
	struct keyindex seen;

	memset(p, 0, sizeof *p);
	if (!t->profiles) {
		snprintf(err, errlen, "the flows were counted without profiles");
		return -1;
	}
	p->min_flows = min_flows;
	p->nall = t->computers.count;
	p->row_of = xcalloc(p->nall ? p->nall : 1, sizeof *p->row_of);
	p->ids = xcalloc(p->nall ? p->nall : 1, sizeof *p->ids);
	for (size_t id = 0; id < p->nall; id++) {
		p->row_of[id] = UINT32_MAX;
		if (id < t->cap_totals &&
		    rank_flows(&t->totals[id]) >= min_flows) {
			p->row_of[id] = (uint32_t)p->ncomputers;
			p->ids[p->ncomputers++] = (uint32_t)id;
		}
	}

	keyindex_init(&seen);
	size_t cap = 0;
	for (uint32_t k = 0; k < t->cells.count; k++) {
		uint64_t key = t->cells.keys[k];
		const struct counters *c = &t->cell_counters[k];

		if (p->row_of[key >> 32] == UINT32_MAX)
			continue;
		uint32_t i = keyindex_index(&seen, (uint32_t)key);
		if (i == p->nports) {
			if (p->nports == cap) {
				cap = cap ? 2 * cap : 256;
				p->ports = xreallocarray(p->ports, cap,
				    sizeof *p->ports);
			}
			memset(&p->ports[i], 0, sizeof p->ports[i]);
			p->ports[i].key = (uint32_t)key;
			p->nports++;
		}
		struct rank_port *pp = &p->ports[i];
		pp->flows_in += c->flows[DIR_IN];
		pp->flows_out += c->flows[DIR_OUT];
		pp->flows += c->flows[DIR_IN] + c->flows[DIR_OUT];
		pp->servers += c->flows[DIR_IN] > 0;
		pp->clients += c->flows[DIR_OUT] > 0;
	}
	for (uint32_t k = 0; k < t->folded.count; k++) {
		uint32_t key = (uint32_t)t->folded.keys[k];
		uint32_t i = keyindex_find(&seen, key);
		uint64_t bound = t->folded_events[k] +
		    (i != UINT32_MAX ? p->ports[i].flows : 0);

		if (!p->folded || bound > p->fold_bound ||
		    (bound == p->fold_bound && key < p->fold_key)) {
			p->fold_bound = bound;
			p->fold_key = key;
		}
		p->folded = 1;
	}
	for (size_t r = 0; r < p->ncomputers && t->folded.count > 0; r++)
		p->other_flows += rank_flows(&t->other[p->ids[r]]);
	/* Folds that took nothing of a kept computer changed nothing here;
	 * a second pass folded only ports the first showed are no bins. */
	if (p->other_flows == 0 || t->filtered)
		p->folded = 0;
	keyindex_free(&seen);
	if (p->nports > 1)
		qsort(p->ports, p->nports, sizeof *p->ports, port_order);
	return 0;
}

int
rank_bins_exact(const struct ranking *p, size_t port_bins)
{
	size_t ranked = p->nports < port_bins - 1 ? p->nports : port_bins - 1;

	if (!p->folded)
		return 1;
	/* The last bin must be ahead of every port the tally folded. */
	return ranked == port_bins - 1 &&
	    (p->ports[ranked - 1].flows > p->fold_bound ||
	    (p->ports[ranked - 1].flows == p->fold_bound &&
	    p->ports[ranked - 1].key <= p->fold_key));
}

void
rank_kept_names(const struct tally *t, const struct ranking *p,
    struct names *out)
{
	names_init(out);
	for (size_t r = 0; r < p->ncomputers; r++)
		names_intern(out, names_get(&t->computers, p->ids[r]),
		    names_len(&t->computers, p->ids[r]));
}

size_t
rank_bins(const struct tally *t, size_t bins, struct tally_ports *out)
{
	struct rank_port *v;
	size_t n = t->ranked.count;

	tally_ports_init(out);
	v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t k = 0; k < n; k++) {
		v[k].key = (uint32_t)t->ranked.keys[k];
		v[k].flows = t->ranked_events[k];
	}
	/* The order rank_build() gives ports[]. */
	qsort(v, n, sizeof *v, port_order);
	if (n > bins)
		n = bins;
	for (size_t k = 0; k < n; k++)
		tally_ports_add(out, t, v[k].key);
	free(v);
	return n;
}

void
rank_free(struct ranking *p)
{
	free(p->ids);
	free(p->row_of);
	free(p->ports);
	memset(p, 0, sizeof *p);
}

/*
 * The profiles of the kept computers from the tally and its ranking.  A
 * computer's counters in a ranked bin are its cell of that port; "other"
 * sums its cells of every other port and what folds put there, in
 * integers (so that the sum depends neither on the order of the cells nor
 * on what the tally folded).
 */
void
rank_profiles(const struct tally *t, const struct ranking *rk, size_t port_bins,
    int pairs, struct load_profiles *out)
{
	size_t n = rk->ncomputers;
	size_t ranked = rk->nports < port_bins - 1 ? rk->nports : port_bins - 1;
	struct keyindex bin_of;

	out->min_flows = rk->min_flows;
	out->nseen = rk->nall;
	out->ncomputers = n;
	out->names = xcalloc(n ? n : 1, sizeof *out->names);
	out->totals = xcalloc(n ? n : 1, sizeof *out->totals);
	out->protocols = xcalloc(xmul(n ? n : 1, PROTO_NBINS),
	    sizeof *out->protocols);
	out->other = xcalloc(n ? n : 1, sizeof *out->other);
	for (size_t r = 0; r < n; r++) {
		uint32_t id = rk->ids[r];

		out->names[r] = xstrdup(names_get(&t->computers, id));
		out->totals[r] = t->totals[id];
		memcpy(&out->protocols[r * PROTO_NBINS],
		    &t->proto_counters[(size_t)id * PROTO_NBINS],
		    PROTO_NBINS * sizeof *out->protocols);
		if (t->other != NULL)
			out->other[r] = t->other[id];
	}

	out->nbins = ranked + 1;
	out->bins = xcalloc(ranked ? ranked : 1, sizeof *out->bins);
	keyindex_init(&bin_of);
	for (size_t i = 0; i < rk->nports; i++) {
		char text[NAMES_MAX_LEN + 1];

		if (i >= ranked) {
			out->other_flows += rk->ports[i].flows;
			continue;
		}
		out->bins[i].key = rk->ports[i].key;
		out->bins[i].flows = rk->ports[i].flows;
		out->bins[i].text = xstrdup(port_format(rk->ports[i].key,
		    &t->portnames, text, sizeof text));
		keyindex_index(&bin_of, rk->ports[i].key);
	}
	out->other_flows += rk->other_flows;

	/* The cells of kept computers by row, in cell order: a counting sort. */
	out->start = xcalloc(n + 1, sizeof *out->start);
	for (uint32_t k = 0; k < t->cells.count; k++) {
		uint32_t r = rk->row_of[t->cells.keys[k] >> 32];

		if (r != UINT32_MAX &&
		    keyindex_find(&bin_of, (uint32_t)t->cells.keys[k]) != UINT32_MAX)
			out->start[r + 1]++;
	}
	for (size_t r = 0; r < n; r++)
		out->start[r + 1] += out->start[r];
	size_t ncells = out->start[n];
	size_t *fill = xcalloc(n ? n : 1, sizeof *fill);
	out->bin_of = xcalloc(ncells ? ncells : 1, sizeof *out->bin_of);
	out->cells = xcalloc(ncells ? ncells : 1, sizeof *out->cells);
	for (uint32_t k = 0; k < t->cells.count; k++) {
		uint32_t r = rk->row_of[t->cells.keys[k] >> 32], b;

		if (r == UINT32_MAX)
			continue;
		b = keyindex_find(&bin_of, (uint32_t)t->cells.keys[k]);
		if (b == UINT32_MAX) {
			counters_add(&out->other[r], &t->cell_counters[k]);
			continue;
		}
		size_t j = out->start[r] + fill[r]++;
		out->bin_of[j] = b;
		out->cells[j] = t->cell_counters[k];
	}
	free(fill);
	keyindex_free(&bin_of);

	if (!pairs)
		return;
	out->has_pairs = 1;
	out->pairs = xcalloc(t->pairs.count ? t->pairs.count : 1,
	    sizeof *out->pairs);
	for (uint32_t k = 0; k < t->pairs.count; k++) {
		uint64_t key = t->pairs.keys[k];
		uint32_t a = rk->row_of[key >> 32], b = rk->row_of[(uint32_t)key];

		if (a == UINT32_MAX || b == UINT32_MAX || a == b)
			continue;
		out->pairs[out->npairs++] = (struct load_pair){ a, b,
		    t->pair_flows[k] };
	}
}
