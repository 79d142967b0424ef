/*
 * cache.h - which snapshot holds this run's map (app/snapshot.h is the
 * file format).
 *
 * The key is the inputs and every option whose row in the options table
 * says it changes the result (options.h: RESULT_PROFILE for the computers
 * and features, RESULT_EMBED for the map), so a new option cannot be left
 * out of it, and the explorer, `embed` and `features` key the same map
 * alike.
 */
#ifndef FLOWMAP_APP_CACHE_H
#define FLOWMAP_APP_CACHE_H

#include "app/options.h"
#include "app/snapshot.h"

/*
 * What the same input and options give changes now and then (a parser
 * that reads more, a better direction rule): bump this with any such
 * change, so snapshots made before it are not taken for its results.
 */
#define CACHE_RESULTS_REVISION	3

/* The key of this run.  Returns 0, or -1 when this run has no cache
 * (--no-cache, standard input, no cache directory). */
int	cache_key(const struct options *o, struct snapshot_key *key);
/* The key's texts alone (no files, no path), for a map file (--save);
 * free with snapshot_key_free(). */
void	cache_key_texts(const struct options *o, struct snapshot_key *key);

#endif
