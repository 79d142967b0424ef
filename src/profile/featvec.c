/*
 * featvec.c - the feature matrix from the per-computer counters.
 *
 * The tally's cells are keyed by (computer, service port) in no useful
 * order.  They are first grouped by kept computer (a counting sort into a
 * CSR index), so each row is then built alone: its counts summed in double
 * precision into a small scratch vector, normalised, stored as floats.
 * Rows are independent, so they are built in parallel and the result does
 * not depend on the number of threads.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "profile/featvec.h"
#include "profile/map.h"
#include "base/xalloc.h"

/* Which counter of which direction each distribution reads. */
static const struct {
	int		 dir;
	int		 measure;	/* 0 flows, 1 bytes, 2 seconds */
} dists[MAP_NDIST] = {
	[MAP_IN_FLOWS]		= { DIR_IN, 0 },
	[MAP_IN_BYTES]		= { DIR_IN, 1 },
	[MAP_IN_SECONDS]	= { DIR_IN, 2 },
	[MAP_OUT_FLOWS]		= { DIR_OUT, 0 },
	[MAP_OUT_BYTES]		= { DIR_OUT, 1 },
	[MAP_OUT_SECONDS]	= { DIR_OUT, 2 },
};

static double
measure(const struct counters *c, int dir, int m)
{
	return m == 0 ? (double)c->flows[dir] : m == 1 ? (double)c->bytes[dir] :
	    (double)c->seconds[dir];
}

/* Turn n counts at v into a distribution; all zeros stay zeros. */
static void
normalise(const double *v, size_t n, float *out)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += v[i];
	for (size_t i = 0; i < n; i++)
		out[i] = sum > 0 ? (float)(v[i] / sum) : 0.0f;
}

int
featvec_build(const struct tally *t, const struct profiles *p,
    size_t port_bins, struct featvec *f, char *err, size_t errlen)
{
	memset(f, 0, sizeof *f);
	if (port_bins < 2) {
		snprintf(err, errlen, "at least 2 port bins are needed");
		return -1;
	}
	if (!t->profiles) {
		snprintf(err, errlen, "the flows were counted without profiles");
		return -1;
	}
	size_t ranked = p->nports < port_bins - 1 ? p->nports : port_bins - 1;
	size_t nb = ranked + 1, other = ranked;

	/* The last bin must be ahead of every port the tally folded. */
	if (p->folded && (ranked < port_bins - 1 ||
	    p->ports[ranked - 1].flows < p->fold_bound ||
	    (p->ports[ranked - 1].flows == p->fold_bound &&
	    p->ports[ranked - 1].key > p->fold_key))) {
		snprintf(err, errlen, "a folded port could be a bin");
		return FEATVEC_UNFOLD;
	}

	f->rows = p->ncomputers;
	f->nport_bins = nb;
	f->nproto_bins = PROTO_NBINS;
	f->dim = MAP_NDIST * (nb + PROTO_NBINS);
	f->port_keys = xcalloc(ranked ? ranked : 1, sizeof *f->port_keys);
	f->port_flows = xcalloc(nb, sizeof *f->port_flows);
	f->data = xcalloc(xmul(f->rows ? f->rows : 1, f->dim), sizeof *f->data);

	struct keymap bin_of;
	keymap_init(&bin_of);
	for (size_t i = 0; i < p->nports; i++) {
		size_t b = i < ranked ? i : other;

		if (i < ranked) {
			f->port_keys[i] = p->ports[i].key;
			keymap_index(&bin_of, p->ports[i].key);
		}
		f->port_flows[b] += p->ports[i].flows;
	}
	f->port_flows[other] += p->other_flows;

	/* Group the cells of kept computers by row: start[r]..start[r+1]. */
	size_t *start = xcalloc(f->rows + 1, sizeof *start);
	for (uint32_t k = 0; k < t->cells.count; k++) {
		uint32_t r = p->row_of[t->cells.keys[k] >> 32];

		if (r != UINT32_MAX)
			start[r + 1]++;
	}
	for (size_t r = 0; r < f->rows; r++)
		start[r + 1] += start[r];
	uint32_t *cells = xcalloc(start[f->rows] ? start[f->rows] : 1,
	    sizeof *cells);
	size_t *fill = xcalloc(f->rows ? f->rows : 1, sizeof *fill);
	for (uint32_t k = 0; k < t->cells.count; k++) {
		uint32_t r = p->row_of[t->cells.keys[k] >> 32];

		if (r != UINT32_MAX)
			cells[start[r] + fill[r]++] = k;
	}
	free(fill);

	#pragma omp parallel
	{
		double *v = xcalloc(MAP_NDIST * nb, sizeof *v);
		double pv[PROTO_NBINS];

		#pragma omp for schedule(dynamic, 64)
		for (size_t r = 0; r < f->rows; r++) {
			float *row = f->data + r * f->dim;
			uint32_t id = p->ids[r];

			/* "other" sums many cells: in integers, so that the
			 * sum does not depend on their order, nor on what
			 * the tally folded (it is `other` of the tally). */
			struct counters rest = t->other != NULL ?
			    t->other[id] : (struct counters){0};

			memset(v, 0, MAP_NDIST * nb * sizeof *v);
			for (size_t j = start[r]; j < start[r + 1]; j++) {
				uint32_t k = cells[j];
				uint32_t b = keymap_find(&bin_of,
				    (uint32_t)t->cells.keys[k]);

				if (b == UINT32_MAX) {
					tally_counters_add(&rest, &t->cell_counters[k]);
					continue;
				}
				for (int d = 0; d < MAP_NDIST; d++)
					v[d * nb + b] += measure(
					    &t->cell_counters[k], dists[d].dir,
					    dists[d].measure);
			}
			for (int d = 0; d < MAP_NDIST; d++)
				v[d * nb + other] = measure(&rest,
				    dists[d].dir, dists[d].measure);
			for (int d = 0; d < MAP_NDIST; d++)
				normalise(v + d * nb, nb, row + d * nb);
			for (int d = 0; d < MAP_NDIST; d++) {
				for (int b = 0; b < PROTO_NBINS; b++)
					pv[b] = measure(&t->proto_counters[
					    (size_t)id * PROTO_NBINS + b],
					    dists[d].dir, dists[d].measure);
				normalise(pv, PROTO_NBINS, row + MAP_NDIST * nb +
				    d * PROTO_NBINS);
			}
		}
		free(v);
	}
	free(cells);
	free(start);
	keymap_free(&bin_of);
	return 0;
}

void
featvec_free(struct featvec *f)
{
	free(f->port_keys);
	free(f->port_flows);
	free(f->data);
	memset(f, 0, sizeof *f);
}

char *
featvec_port_label(uint32_t key, const struct names *portnames, char *buf,
    size_t size)
{
	char text[NAMES_MAX_LEN + 1];
	struct servent *se = NULL;

	port_format(key, portnames, text, sizeof text);
	if (PORT_TAG(key) == PORT_TAG_NUMBER && PORT_VALUE(key) <= 65535) {
		uint16_t port = htons((uint16_t)PORT_VALUE(key));

		/* Not thread-safe: called from the main thread only. */
		if ((se = getservbyport(port, "tcp")) == NULL)
			se = getservbyport(port, "udp");
	}
	if (se != NULL)
		snprintf(buf, size, "%s/%s", text, se->s_name);
	else
		snprintf(buf, size, "%s", text);
	return buf;
}
