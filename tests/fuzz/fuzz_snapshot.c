/*
 * fuzz_snapshot.c - snapshot_parse() (the cache reader) over arbitrary
 * bytes.  A hostile or damaged cache file must be refused with a map left
 * empty, or read as a whole map whose every index and value is in range.
 * The key is fixed; the seed corpus holds real snapshots made with it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "map.h"
#include "snapshot.h"

/* The key the seed snapshots were written with (see the corpus README). */
static struct snapshot_key key = {
	.profile = "fuzz profile\n",
	.embedding = "fuzz embedding\n",
	.path = "/nonexistent/fuzz.snap",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct map m;
	char err[256];

	for (int need = 0; need <= 1; need++) {
		if (!snapshot_parse(data, size, &key, need, &m, err,
		    sizeof err)) {
			if (m.computers != NULL || m.features != NULL)
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
		for (size_t i = 0; i < m.ncomputers * m.dim; i++)
			if (!(m.features[i] >= 0 && m.features[i] <= 1))
				abort();
		map_free(&m);
	}
	return 0;
}
