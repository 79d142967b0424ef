/*
 * features.c - the feature matrix from the loader's profiles.
 *
 * Each row is built alone from its computer's counters (load.h: its cells
 * in the ranked bins, its "other" sum, its protocol bins): the counts as
 * doubles in a small scratch vector, normalised to floats, of which the
 * non-zeros are kept.  Rows are independent, so they are built in
 * parallel and the result does not depend on the number of threads.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "profile/features.h"
#include "profile/map.h"

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

/* Row r's dense vector (dim floats) into row, from its counters. */
static void
build_row(const struct load_profiles *p, size_t r, double *v, float *row)
{
	size_t nb = p->nbins, other = nb - 1;
	double pv[PROTO_NBINS];

	memset(v, 0, MAP_NDIST * nb * sizeof *v);
	for (size_t j = p->start[r]; j < p->start[r + 1]; j++)
		for (int d = 0; d < MAP_NDIST; d++)
			v[d * nb + p->bin_of[j]] = measure(&p->cells[j],
			    dists[d].dir, dists[d].measure);
	for (int d = 0; d < MAP_NDIST; d++)
		v[d * nb + other] = measure(&p->other[r], dists[d].dir,
		    dists[d].measure);
	for (int d = 0; d < MAP_NDIST; d++)
		normalise(v + d * nb, nb, row + d * nb);
	for (int d = 0; d < MAP_NDIST; d++) {
		for (int b = 0; b < PROTO_NBINS; b++)
			pv[b] = measure(&p->protocols[r * PROTO_NBINS + b],
			    dists[d].dir, dists[d].measure);
		normalise(pv, PROTO_NBINS, row + MAP_NDIST * nb +
		    d * PROTO_NBINS);
	}
}

/*
 * Two passes over the rows, each in parallel: count every row's
 * non-zeros, then (their offsets known) build each row again and store
 * them.  Building a row is cheap next to holding all rows dense.
 */
void
features_build(const struct load_profiles *p, struct features *f)
{
	struct sparse_rows *s = &f->data;
	size_t nb = p->nbins, n = p->ncomputers;

	memset(f, 0, sizeof *f);
	f->rows = n;
	f->nport_bins = nb;
	f->nproto_bins = PROTO_NBINS;
	f->dim = MAP_NDIST * (nb + PROTO_NBINS);
	s->n = n;
	s->d = f->dim;
	s->start = xcalloc(n + 1, sizeof *s->start);

	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			for (size_t r = 0; r < n; r++)
				s->start[r + 1] += s->start[r];
			s->col = xmalloc(xmul(s->start[n] + 1, sizeof *s->col));
			s->val = xmalloc(xmul(s->start[n] + 1, sizeof *s->val));
		}
		#pragma omp parallel
		{
			double *v = xcalloc(MAP_NDIST * nb, sizeof *v);
			float *row = xcalloc(f->dim, sizeof *row);

			#pragma omp for schedule(dynamic, 64)
			for (size_t r = 0; r < n; r++) {
				build_row(p, r, v, row);
				if (pass)
					sparse_put_row(row, f->dim, s->col +
					    s->start[r], s->val + s->start[r]);
				else
					s->start[r + 1] = sparse_put_row(row,
					    f->dim, NULL, NULL);
			}
			free(row);
			free(v);
		}
	}
}

void
features_free(struct features *f)
{
	sparse_rows_free(&f->data);
	memset(f, 0, sizeof *f);
}

char *
features_port_label(uint32_t key, const char *text, char *buf, size_t size)
{
	struct servent *se = NULL;

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
