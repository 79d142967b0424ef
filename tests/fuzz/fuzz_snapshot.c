/*
 * fuzz_snapshot.c - snapshot_parse() (the cache reader) over arbitrary
 * bytes.  A hostile or damaged cache file must be refused with a map left
 * empty, or read as a whole map whose every index and value is in range.
 * The key is fixed; the seed corpus holds real snapshots made with it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "profile/map.h"
#include "app/snapshot.h"

#include <zlib.h>

/* The key the seed snapshots were written with (see the corpus README). */
static struct snapshot_key key = {
	.profile = "fuzz profile\n",
	.embedding = "fuzz embedding\n",
	.path = "/nonexistent/fuzz.snap",
};

/*
 * Random bytes almost never carry valid CRCs, so each input is also tried
 * with every section's CRC recomputed: that lets the damage reach the
 * parser's own checks of counts, lengths, names and values.
 */
static void
fix_crcs(uint8_t *img, size_t len)
{
	size_t at = 16;

	while (at + 12 <= len) {
		uint64_t n = 0;

		for (int i = 7; i >= 0; i--)
			n = n << 8 | img[at + 4 + (size_t)i];
		if (n > len - at - 12 || len - at - 12 - n < 4)
			return;
		uint32_t crc = (uint32_t)crc32_z(crc32_z(0, Z_NULL, 0),
		    img + at + 12, (size_t)n);
		for (int i = 0; i < 4; i++)
			img[at + 12 + n + (size_t)i] = (uint8_t)(crc >> (8 * i));
		at += 12 + (size_t)n + 4;
	}
}

static void
check(const uint8_t *data, size_t size)
{
	struct map m;
	char err[256];

	for (int need = 0; need <= 1; need++) {
		if (!snapshot_parse(data, size, &key, need, &m, err,
		    sizeof err)) {
			if (m.computers != NULL || m.features.start != NULL)
				abort();
			continue;
		}
		if (m.nports == 0 || m.nprotos == 0 ||
		    m.dim != MAP_NDIST * (m.nports + m.nprotos))
			abort();
		for (size_t i = 0; i < m.ncomputers; i++) {
			const struct map_computer *c = &m.computers[i];

			if (c->name == NULL || c->name[0] == '\0' ||
			    c->nnearest > MAP_NEAREST || !isfinite(c->x) ||
			    !isfinite(c->y))
				abort();
			for (uint32_t k = 0; k < c->nnearest; k++)
				if (c->nearest[k] >= m.ncomputers)
					abort();
		}
		/* Features: rows in range, columns increasing, shares. */
		if (m.features.n != m.ncomputers || m.features.d != m.dim)
			abort();
		for (size_t i = 0; i < m.ncomputers; i++)
			for (size_t e = m.features.start[i];
			    e < m.features.start[i + 1]; e++)
				if (m.features.col[e] >= m.dim ||
				    (e > m.features.start[i] &&
				    m.features.col[e] <= m.features.col[e - 1]) ||
				    !(m.features.val[e] > 0 &&
				    m.features.val[e] <= 1) ||
				    sparse_get(&m.features, i, m.features.col[e]) !=
				    m.features.val[e])
					abort();
		/* Clusters: every member's in range, sizes as counted,
		 * ports named by bins that exist. */
		size_t *members = calloc(m.nclusters + 1, sizeof *members);
		if (members == NULL)
			abort();
		for (size_t i = 0; i < m.ncomputers; i++) {
			uint32_t k = m.computers[i].cluster;

			if (k != MAP_NO_CLUSTER && k >= m.nclusters)
				abort();
			if (k != MAP_NO_CLUSTER)
				members[k]++;
		}
		for (size_t k = 0; k < m.nclusters; k++) {
			const struct map_cluster *c = &m.clusters[k];

			if (members[k] != c->size || c->nserved > MAP_CLUSTER_PORTS ||
			    c->nqueried > MAP_CLUSTER_PORTS ||
			    memchr(c->label, '\0', sizeof c->label) == NULL)
				abort();
			for (size_t j = 0; j < c->nserved; j++)
				if (c->served[j].bin >= m.nports)
					abort();
			for (size_t j = 0; j < c->nqueried; j++)
				if (c->queried[j].bin >= m.nports)
					abort();
		}
		free(members);
		map_free(&m);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);

	if (copy == NULL)
		abort();
	check(data, size);
	memcpy(copy, data, size);
	fix_crcs(copy, size);
	check(copy, size);
	free(copy);
	return 0;
}
