/*
 * profile.c - keep the computers with enough flows, rank the service ports.
 *
 * Everything here is a function of the merged tally alone: ids are in name
 * order and the cells are summed by key, so the result is the same whatever
 * the number of loader threads.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "profile/profile.h"
#include "base/xalloc.h"

static int
port_order(const void *a, const void *b)
{
	const struct profile_port *x = a, *y = b;

	if (x->flows != y->flows)
		return x->flows > y->flows ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

int
profile_build(const struct tally *t, uint64_t min_flows, struct profiles *p,
    char *err, size_t errlen)
{
	struct keymap seen;

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
		    profile_flows(&t->totals[id]) >= min_flows) {
			p->row_of[id] = (uint32_t)p->ncomputers;
			p->ids[p->ncomputers++] = (uint32_t)id;
		}
	}

	keymap_init(&seen);
	size_t cap = 0;
	for (uint32_t k = 0; k < t->cells.count; k++) {
		uint64_t key = t->cells.keys[k];
		const struct counters *c = &t->cell_counters[k];

		if (p->row_of[key >> 32] == UINT32_MAX)
			continue;
		uint32_t i = keymap_index(&seen, (uint32_t)key);
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
		struct profile_port *pp = &p->ports[i];
		pp->flows_in += c->flows[DIR_IN];
		pp->flows_out += c->flows[DIR_OUT];
		pp->flows += c->flows[DIR_IN] + c->flows[DIR_OUT];
		pp->servers += c->flows[DIR_IN] > 0;
		pp->clients += c->flows[DIR_OUT] > 0;
	}
	for (uint32_t k = 0; k < t->folded.count; k++) {
		uint32_t key = (uint32_t)t->folded.keys[k];
		uint32_t i = keymap_find(&seen, key);
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
		p->other_flows += profile_flows(&t->other[p->ids[r]]);
	/* Folds that took nothing of a kept computer changed nothing here;
	 * a second pass folded only ports the first showed are no bins. */
	if (p->other_flows == 0 || t->filtered)
		p->folded = 0;
	keymap_free(&seen);
	if (p->nports > 1)
		qsort(p->ports, p->nports, sizeof *p->ports, port_order);
	return 0;
}

void
profile_kept_names(const struct tally *t, const struct profiles *p,
    struct names *out)
{
	names_init(out);
	for (size_t r = 0; r < p->ncomputers; r++)
		names_intern(out, names_get(&t->computers, p->ids[r]),
		    names_len(&t->computers, p->ids[r]));
}

size_t
profile_rank_bins(const struct tally *t, size_t bins, struct tally_ports *out)
{
	struct profile_port *v;
	size_t n = t->ranked.count;

	tally_ports_init(out);
	v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t k = 0; k < n; k++) {
		v[k].key = (uint32_t)t->ranked.keys[k];
		v[k].flows = t->ranked_events[k];
	}
	/* The order profile_build() gives ports[]. */
	qsort(v, n, sizeof *v, port_order);
	if (n > bins)
		n = bins;
	for (size_t k = 0; k < n; k++)
		tally_ports_add(out, t, v[k].key);
	free(v);
	return n;
}

void
profile_free(struct profiles *p)
{
	free(p->ids);
	free(p->row_of);
	free(p->ports);
	memset(p, 0, sizeof *p);
}
