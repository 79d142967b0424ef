/*
 * map.c - ownership of the explored map (see map.h).
 */
#include <stdlib.h>

#include "map.h"

void
map_free(struct map *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->ncomputers; i++)
		free(m->computers[i].name);
	free(m->computers);
	free(m->ports);
	free(m->protos);
	free(m->features);
	*m = (struct map){0};
}
