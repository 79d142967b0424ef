/*
 * cluster-bench.c - the clusters of a map file (embed --save), timed.
 *
 *   cluster-bench MAPFILE [RUNS]
 *
 * Prints the computers, the clusters found, the share in none and the
 * least wall time of RUNS runs (default 3) of cluster_map() with the
 * default options.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/snapshot.h"
#include "base/clock.h"
#include "profile/cluster.h"

int
main(int argc, char **argv)
{
	struct cluster_options o;
	struct map m;
	char err[512];
	double best = -1;
	int runs = argc > 2 ? atoi(argv[2]) : 3;

	if (argc < 2) {
		fprintf(stderr, "usage: cluster-bench MAPFILE [RUNS]\n");
		return 2;
	}
	if (snapshot_open_map(argv[1], &m, err, sizeof err) != 0) {
		fprintf(stderr, "cluster-bench: %s: %s\n", argv[1], err);
		return 1;
	}
	cluster_options_default(&o);
	for (int r = 0; r < (runs > 0 ? runs : 1); r++) {
		double t = clock_now();

		cluster_map(&m, &o);
		t = clock_now() - t;
		if (best < 0 || t < best)
			best = t;
	}
	size_t none = 0;
	for (size_t i = 0; i < m.ncomputers; i++)
		none += m.computers[i].cluster == MAP_NO_CLUSTER;
	printf("%zu computers, %zu clusters, %.2f%% in none, %.3f s\n",
	    m.ncomputers, m.nclusters, m.ncomputers ?
	    100.0 * (double)none / (double)m.ncomputers : 0.0, best);
	map_free(&m);
	return 0;
}
