/*
 * test_cluster.c - the clusters of a map (profile/cluster.h) on maps made
 * in the test: blobs found and numbered largest first, far points left
 * out, islands that do the same joined and islands that do not kept
 * apart, labels that name the ports, and the degenerate maps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/portkey.h"
#include "base/rng.h"
#include "base/xalloc.h"
#include "profile/cluster.h"
#include "profile/map.h"

#define NPORTS	4	/* 53, 80, 445 and "other" */
#define NPROTOS	4

/* What a blob's computers do. */
enum job { SERVE_DNS, SERVE_WEB, QUERY_DNS, QUERY_SMB };

/* The feature rows as place() writes them, dense; stored by their
 * non-zeros (the map's form) when clustered. */
static float *rows;

static struct map *
map_new(size_t n)
{
	static const char *const text[NPORTS] = { "53", "80", "445", "other" };
	static const uint32_t number[NPORTS] = { 53, 80, 445, 0 };
	struct map *m = xcalloc(1, sizeof *m);

	m->ncomputers = n;
	m->computers = xcalloc(n, sizeof *m->computers);
	m->nports = NPORTS;
	m->ports = xcalloc(NPORTS, sizeof *m->ports);
	for (size_t b = 0; b < NPORTS; b++) {
		snprintf(m->ports[b].text, sizeof m->ports[b].text, "%s",
		    text[b]);
		snprintf(m->ports[b].label, sizeof m->ports[b].label, "%s",
		    text[b]);
		m->ports[b].key = PORT_KEY(PORT_TAG_NUMBER, number[b]);
		m->ports[b].is_other = b == NPORTS - 1;
	}
	m->nprotos = NPROTOS;
	m->protos = xcalloc(NPROTOS, sizeof *m->protos);
	m->protos[0].key = 1;
	m->protos[1].key = 6;
	m->protos[2].key = 17;
	m->dim = MAP_NDIST * (NPORTS + NPROTOS);
	free(rows);
	rows = xcalloc(n * m->dim, sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		m->computers[i].name = xstrdup("c");
		m->computers[i].cluster = MAP_NO_CLUSTER;
	}
	return m;
}

/* Computer i does job j at (x, y) plus a little noise. */
static void
place(struct map *m, size_t i, enum job j, double x, double y,
    struct rng *r)
{
	struct map_computer *c = &m->computers[i];
	float *row = rows + i * m->dim;
	int serve = j == SERVE_DNS || j == SERVE_WEB;
	size_t bin = j == SERVE_WEB ? 1 : j == QUERY_SMB ? 2 : 0;
	int proto = j == SERVE_DNS || j == QUERY_DNS ? 2 : 1;	/* udp, tcp */

	c->x = x + 0.3 * rng_normal(r);
	c->y = y + 0.3 * rng_normal(r);
	c->flows_in = serve ? 1000 : 10;
	c->flows_out = serve ? 10 : 1000;
	for (int d = 0; d < MAP_NDIST; d++) {
		int in = d < MAP_OUT_FLOWS;

		row[d * NPORTS + (in == serve ? bin : NPORTS - 1)] = 1;
		row[MAP_NDIST * NPORTS + d * NPROTOS + proto] = 1;
	}
}

/* cluster_map() on the rows placed so far. */
static void
cluster_placed(struct map *m, const struct cluster_options *o)
{
	sparse_rows_free(&m->features);
	sparse_rows_from_dense(&m->features, rows, m->ncomputers, m->dim);
	cluster_map(m, o);
}

static void
map_destroy(struct map *m)
{
	map_free(m);
	free(m);
}

static void
test_blobs_and_noise(void **state)
{
	struct map *m = map_new(94);
	struct cluster_options o;
	struct rng r;

	(void)state;
	rng_seed(&r, 3);
	for (size_t i = 0; i < 30; i++) {
		place(m, i, SERVE_WEB, 0, 0, &r);		/* 30: cluster 2 */
		place(m, 30 + i, QUERY_SMB, 40, 0, &r);	/* 30 + 30 below */
	}
	for (size_t i = 0; i < 30; i++)
		place(m, 60 + i, QUERY_SMB, 40, 40, &r);	/* an island */
	for (size_t i = 0; i < 2; i++)
		place(m, 90 + i, SERVE_DNS, -40, 40, &r);	/* two alone */
	place(m, 92, SERVE_DNS, 200, -200, &r);
	place(m, 93, SERVE_DNS, -200, 200, &r);
	cluster_options_default(&o);
	o.min_size = 3;
	cluster_placed(m, &o);

	assert_int_equal(m->nclusters, 2);
	/* The two islands of SMB clients are one cluster, the largest. */
	for (size_t i = 30; i < 90; i++)
		assert_int_equal(m->computers[i].cluster, 0);
	for (size_t i = 0; i < 30; i++)
		assert_int_equal(m->computers[i].cluster, 1);
	assert_int_equal(m->clusters[0].size, 60);
	assert_int_equal(m->clusters[1].size, 30);
	/* Fewer than three together: in none. */
	for (size_t i = 90; i < 94; i++)
		assert_int_equal(m->computers[i].cluster, MAP_NO_CLUSTER);
	/* Labels in words. */
	assert_non_null(strstr(m->clusters[1].label, "serves 80/tcp"));
	assert_non_null(strstr(m->clusters[0].label, "queries 445/tcp"));
	assert_int_equal(m->clusters[1].nserved, 1);
	assert_int_equal(m->clusters[1].served[0].bin, 1);
	assert_true(fabs(m->clusters[1].served[0].share - 1) < 1e-9);
	/* The place of a cluster is one of its members. */
	int found = 0;
	for (size_t i = 0; i < 30; i++)
		found |= m->computers[i].x == m->clusters[1].cx &&
		    m->computers[i].y == m->clusters[1].cy;
	assert_true(found);
	map_destroy(m);
}

/* Islands that do different jobs stay apart, however close. */
static void
test_different_jobs_apart(void **state)
{
	struct map *m = map_new(60);
	struct cluster_options o;
	struct rng r;

	(void)state;
	rng_seed(&r, 5);
	for (size_t i = 0; i < 30; i++) {
		place(m, i, SERVE_DNS, 0, 0, &r);
		place(m, 30 + i, QUERY_DNS, 12, 0, &r);
	}
	cluster_options_default(&o);
	cluster_placed(m, &o);
	assert_int_equal(m->nclusters, 2);
	assert_int_not_equal(m->computers[0].cluster, m->computers[30].cluster);
	/* Nearly all the flows of each are on one protocol: it is named. */
	size_t dns = m->computers[0].cluster;
	assert_non_null(strstr(m->clusters[dns].label, "serves 53/udp"));
	map_destroy(m);
}

/* The same map gives the same clusters; the order of the points does not
 * change which points are together. */
static void
test_deterministic(void **state)
{
	struct cluster_options o;
	uint32_t first[94];

	(void)state;
	cluster_options_default(&o);
	for (int run = 0; run < 2; run++) {
		struct map *m = map_new(94);
		struct rng r;

		rng_seed(&r, 11);
		for (size_t i = 0; i < 94; i++)
			place(m, i, (enum job)(i % 3), 30.0 * (double)(i % 3),
			    (double)(i % 2), &r);
		cluster_placed(m, &o);
		for (size_t i = 0; i < 94; i++) {
			if (run == 0)
				first[i] = m->computers[i].cluster;
			else
				assert_int_equal(first[i],
				    m->computers[i].cluster);
		}
		map_destroy(m);
	}
}

static void
test_degenerate(void **state)
{
	struct cluster_options o;
	struct map *m;
	struct rng r;

	(void)state;
	cluster_options_default(&o);
	rng_seed(&r, 1);
	/* Fewer computers than the smallest cluster. */
	m = map_new(2);
	place(m, 0, SERVE_DNS, 0, 0, &r);
	place(m, 1, SERVE_DNS, 1, 0, &r);
	cluster_placed(m, &o);
	assert_int_equal(m->nclusters, 0);
	assert_int_equal(m->computers[0].cluster, MAP_NO_CLUSTER);
	map_destroy(m);
	/* All in one place (identical profiles): one cluster. */
	m = map_new(10);
	for (size_t i = 0; i < 10; i++) {
		place(m, i, SERVE_DNS, 0, 0, &r);
		m->computers[i].x = m->computers[i].y = 5;
	}
	cluster_placed(m, &o);
	assert_int_equal(m->nclusters, 1);
	assert_int_equal(m->clusters[0].size, 10);
	map_destroy(m);
	/* No flows at all: a cluster, with a label that says so. */
	m = map_new(5);
	for (size_t i = 0; i < 5; i++)
		m->computers[i].x = (double)i * 0.01;
	cluster_placed(m, &o);
	assert_int_equal(m->nclusters, 1);
	assert_string_equal(m->clusters[0].label, "no flows");
	map_destroy(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blobs_and_noise),
		cmocka_unit_test(test_different_jobs_apart),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_degenerate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
