/*
 * test_tally.c - the tally's storage: raw port counts and the fold.
 *
 * The fold (tally.h) sums the cells of rare service ports into their
 * computer's "other" counters to bound memory; the features must come out
 * bit for bit the same as from a tally that never folds.  The flows here
 * are made in the test: a few hundred real services with many flows each,
 * and a stream of flows between two anonymised ports, each of which makes
 * the destination's token a "service" of one flow.  They are split between
 * two tallies as loader threads would split them, merged, and taken through
 * rank_build(), rank_profiles() and features_build() with and without
 * folding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "load/rank.h"
#include "load/tally.h"
#include "profile/features.h"
#include "unit.h"

#define NCOMP		300
#define NSERVICES	300
#define NFLOWS		200000

struct gen {
	uint64_t	state;
};

static uint32_t
gen_next(struct gen *g, uint32_t n)
{
	/* 64-bit LCG (Knuth's MMIX constants), high bits. */
	g->state = g->state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((g->state >> 33) % n);
}

static int named_services;	/* make_flow() names some services */

/* Flow i of the test's stream, with computer ids of tally t. */
static void
make_flow(struct tally *t, struct gen *g, struct flow *f)
{
	char a[16], b[16];
	uint32_t client = gen_next(g, NCOMP), server = gen_next(g, NCOMP);

	snprintf(a, sizeof a, "C%u", client);
	snprintf(b, sizeof b, "C%u", server);
	memset(f, 0, sizeof *f);
	f->src = names_intern(&t->computers, a, strlen(a));
	f->dst = names_intern(&t->computers, b, strlen(b));
	f->time = gen_next(g, 86400);
	f->duration = gen_next(g, 100);
	f->packets = 1 + gen_next(g, 50);
	f->bytes = 40 + gen_next(g, 100000);
	f->proto = gen_next(g, 4) == 0 ? 17 : 6;
	f->sport = PORT_KEY(PORT_TAG_N, 1 + gen_next(g, 1000000));
	if (named_services && gen_next(g, 10) == 0) {
		/* A service by name ("svc7"): its key is an id of this
		 * tally's table, different in each. */
		char name[16];
		int n = snprintf(name, sizeof name, "svc%u",
		    gen_next(g, 1 + gen_next(g, 400)));

		f->dport = PORT_KEY(PORT_TAG_NAME,
		    names_intern(&t->portnames, name, (size_t)n));
	} else if (gen_next(g, 10) < 3) {
		/* Both ends anonymised: the destination's token is the
		 * "service", seen in this flow only (or nearly). */
		f->dport = PORT_KEY(PORT_TAG_N, 1 + gen_next(g, 1000000));
	} else {
		/* A real service, popular ones more often. */
		uint32_t r = gen_next(g, NSERVICES);

		f->dport = PORT_KEY(PORT_TAG_NUMBER, 1 + r * r / NSERVICES +
		    gen_next(g, 1 + r / 4));
	}
}

/*
 * Count the stream into two tallies (blocks of 1000 flows alternating, as
 * chunks go to threads) folding every `period` new cells (0: never), and
 * merge them into out.  token_cells gets the most cells of anonymised
 * "services" that a part held at its end.
 */
static void
count_stream(struct tally *out, uint32_t period, uint64_t *folds,
    uint32_t *token_cells)
{
	struct tally parts[2];
	struct gen g = { 12345 };

	for (int i = 0; i < 2; i++) {
		tally_init(&parts[i], TALLY_PROFILES |
		    (period == 0 ? TALLY_EXACT : 0));
		if (period != 0)
			parts[i].fold_period = parts[i].fold_at = period;
	}
	for (uint32_t i = 0; i < NFLOWS; i++) {
		struct tally *t = &parts[(i / 1000) % 2];
		struct flow f;

		make_flow(t, &g, &f);
		tally_add(t, &f, DIRECTION_AS_IS);
	}
	*folds = parts[0].folds + parts[1].folds;
	*token_cells = 0;
	for (int i = 0; i < 2; i++) {
		uint32_t n = 0;

		for (uint32_t k = 0; k < parts[i].cells.count; k++)
			n += PORT_TAG((uint32_t)parts[i].cells.keys[k]) ==
			    PORT_TAG_N;
		*token_cells = n > *token_cells ? n : *token_cells;
	}
	tally_merge(out, parts, 2);
	/* The merge frees each part. */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(parts[i].cells.count, 0);
		assert_null(parts[i].totals);
	}
}

/* The features of a tally, as the loading stage makes them: its bins and
 * their flows, and the vectors. */
struct built {
	struct load_profiles	 lp;
	struct features		 f;
};

#define UNFOLD	1	/* a folded port could be a bin */

/* 0, or UNFOLD when the ranking is not exact (nothing built then). */
static int
features(const struct tally *t, uint64_t min_flows, size_t bins,
    struct ranking *p, struct built *b)
{
	char err[256];

	memset(b, 0, sizeof *b);
	assert_int_equal(rank_build(t, min_flows, p, err, sizeof err), 0);
	if (!rank_bins_exact(p, bins))
		return UNFOLD;
	rank_profiles(t, p, bins, 0, &b->lp);
	features_build(&b->lp, &b->f);
	return 0;
}

static void
built_free(struct built *b)
{
	load_profiles_free(&b->lp);
	features_free(&b->f);
}

static void
assert_same_features(const struct built *a, const struct built *b)
{
	assert_int_equal(a->f.rows, b->f.rows);
	assert_int_equal(a->f.nport_bins, b->f.nport_bins);
	assert_int_equal(a->f.dim, b->f.dim);
	for (size_t i = 0; i + 1 < a->lp.nbins; i++) {
		assert_int_equal(a->lp.bins[i].key, b->lp.bins[i].key);
		assert_int_equal(a->lp.bins[i].flows, b->lp.bins[i].flows);
	}
	assert_int_equal(a->lp.other_flows, b->lp.other_flows);
	assert_same_rows(&a->f.data, &b->f.data);
}

static void
test_fold_same_features(void **state)
{
	struct tally exact, folded;
	uint64_t folds;
	uint32_t exact_cells, folded_cells, period = 2048;
	static const size_t bins[] = { 2, 20, FEATURES_PORTS_DEFAULT, 250 };
	static const uint64_t min_flows[] = { 1, 100, 1340 };

	(void)state;
	count_stream(&exact, 0, &folds, &exact_cells);
	assert_int_equal(folds, 0);
	assert_int_equal(exact.folded.count, 0);
	count_stream(&folded, period, &folds, &folded_cells);
	/* It did fold, and it kept the parts small: without folding their
	 * one-flow token cells grow with the flows, with it a part holds
	 * at most those of the last two periods. */
	assert_true(folds > 0);
	assert_true(folded.folded.count > 10000);
	assert_true(exact_cells > 25000);
	assert_true(folded_cells <= 2 * period);
	/* Everything the other stages read besides the cells is the same. */
	assert_int_equal(folded.records, exact.records);
	assert_int_equal(folded.computers.count, exact.computers.count);
	assert_memory_equal(folded.totals, exact.totals,
	    exact.computers.count * sizeof *exact.totals);
	assert_memory_equal(folded.proto_counters, exact.proto_counters,
	    exact.computers.count * PROTO_NBINS * sizeof *exact.proto_counters);

	for (size_t i = 0; i < sizeof bins / sizeof bins[0]; i++)
		for (size_t j = 0; j < sizeof min_flows / sizeof min_flows[0];
		    j++) {
			struct ranking pe, pf;
			struct built fe, ff;

			assert_int_equal(features(&exact, min_flows[j], bins[i],
			    &pe, &fe), 0);
			assert_int_equal(features(&folded, min_flows[j], bins[i],
			    &pf, &ff), 0);
			assert_true(pf.folded);
			assert_int_equal(pf.ncomputers, pe.ncomputers);
			assert_same_features(&fe, &ff);
			built_free(&fe);
			built_free(&ff);
			rank_free(&pe);
			rank_free(&pf);
		}
	tally_free(&exact);
	tally_free(&folded);
}

/* When a folded port could be a bin, the ranking says so. */
static void
test_fold_detected(void **state)
{
	struct tally folded;
	struct ranking p;
	struct built f;
	uint64_t folds;
	uint32_t cells;

	(void)state;
	count_stream(&folded, 2048, &folds, &cells);
	assert_true(folds > 0);
	/* More bins than real services: tokens of two or three events
	 * would rank, and some of their cells were folded. */
	assert_int_equal(features(&folded, 1, NSERVICES + 200, &p, &f),
	    UNFOLD);
	rank_free(&p);
	tally_free(&folded);
}

/*
 * One pass of the stream as pass.c makes it: split between two tallies
 * with the cell budget (bytes, 0 none) shared, or as a rank or bins pass;
 * merged into out.  *most_bytes: the most cell bytes a part held at the
 * end.
 */
static void
count_pass(struct tally *out, int flags, uint64_t budget,
    const struct names *kept, const struct tally_ports *bins,
    uint64_t *most_bytes)
{
	struct tally parts[2];
	struct gen g = { 12345 };

	*most_bytes = 0;
	for (int i = 0; i < 2; i++) {
		tally_init(&parts[i], TALLY_PROFILES | flags);
		parts[i].fold_rank = 135;
		parts[i].kept = kept;
		parts[i].bins = bins;
		parts[i].filtered = bins != NULL;
		if (!(flags & TALLY_EXACT))
			parts[i].fold_period = parts[i].fold_at = 2048;
		tally_set_budget(&parts[i], budget / 2);
	}
	for (uint32_t i = 0; i < NFLOWS; i++) {
		struct tally *t = &parts[(i / 1000) % 2];
		struct flow f;

		make_flow(t, &g, &f);
		tally_add(t, &f, DIRECTION_AS_IS);
	}
	for (int i = 0; i < 2; i++)
		if (tally_cell_bytes(&parts[i]) > *most_bytes)
			*most_bytes = tally_cell_bytes(&parts[i]);
	tally_merge(out, parts, 2);
}

/*
 * Under a cell budget, folds take ports that may be bins; then a rank
 * pass and a bins pass (load.c) must give the features of an exact count,
 * named services included, in memory that the budget and the bins bound.
 */
static void
test_budget_passes(void **state)
{
	struct tally exact, first;
	uint64_t exact_bytes, first_bytes, budget = 1u << 20;
	static const size_t bins[] = { 2, 20, FEATURES_PORTS_DEFAULT, 250 };
	static const uint64_t min_flows[] = { 1, 100, 1340 };
	int fallbacks = 0;

	(void)state;
	named_services = 1;
	count_pass(&exact, TALLY_EXACT, 0, NULL, NULL, &exact_bytes);
	count_pass(&first, 0, budget, NULL, NULL, &first_bytes);
	assert_true(first.budget_folds > 0);
	assert_true(exact_bytes > 2 * budget);
	assert_true(first_bytes < exact_bytes / 2);
	for (size_t i = 0; i < sizeof bins / sizeof bins[0]; i++)
		for (size_t j = 0; j < sizeof min_flows / sizeof min_flows[0];
		    j++) {
			struct ranking pe, pf;
			struct built fe, ff;
			struct tally ranked, last;
			struct names kept;
			struct tally_ports set;
			uint64_t bytes;

			assert_int_equal(features(&exact, min_flows[j], bins[i],
			    &pe, &fe), 0);
			if (features(&first, min_flows[j], bins[i], &pf, &ff) ==
			    0) {
				assert_same_features(&fe, &ff);
				built_free(&ff);
				rank_free(&pf);
				built_free(&fe);
				rank_free(&pe);
				continue;
			}
			fallbacks++;
			rank_kept_names(&first, &pf, &kept);
			rank_free(&pf);
			count_pass(&ranked, TALLY_EXACT | TALLY_RANK, 0, &kept,
			    NULL, &bytes);
			assert_int_equal(ranked.cells.count, 0);
			assert_int_equal(rank_bins(&ranked, bins[i] - 1,
			    &set), pe.nports < bins[i] - 1 ? pe.nports :
			    bins[i] - 1);
			count_pass(&last, TALLY_EXACT, 0, &kept, &set, &bytes);
			/* Cells of the bins at kept computers only. */
			assert_true(bytes < exact_bytes / 2);
			assert_int_equal(features(&last, min_flows[j], bins[i],
			    &pf, &ff), 0);
			assert_int_equal(pf.ncomputers, pe.ncomputers);
			assert_same_features(&fe, &ff);
			built_free(&ff);
			rank_free(&pf);
			built_free(&fe);
			rank_free(&pe);
			tally_ports_free(&set);
			names_free(&kept);
			tally_free(&ranked);
			tally_free(&last);
		}
	/* Both roads were taken. */
	assert_true(fallbacks > 0);
	assert_true(fallbacks < 12);
	named_services = 0;
	tally_free(&exact);
	tally_free(&first);
}

/* Every third flow written from the server's side, as LANL 2015 does. */
static void
swap_some(struct flow *f, uint32_t i)
{
	uint32_t c = f->src, p = f->sport;

	if (i % 3 != 0)
		return;
	f->src = f->dst;
	f->sport = f->dport;
	f->dst = c;
	f->dport = p;
}

/*
 * tally_add_batch() counts exactly what tally_add() does, flow by flow,
 * for batches of every size, with direction inference, pairs, and a
 * fold every 2048 cells.
 */
static void
test_batch_same(void **state)
{
	struct tally one, batched, m1, m2;
	struct gen g = { 777 }, sizes = { 99 };
	struct flow f[TALLY_BATCH];

	(void)state;
	for (int folding = 0; folding <= 1; folding++) {
		int flags = TALLY_PROFILES | TALLY_PAIRS |
		    (folding ? 0 : TALLY_EXACT);

		tally_init(&one, flags);
		tally_init(&batched, flags);
		if (folding) {
			one.fold_period = one.fold_at = 2048;
			batched.fold_period = batched.fold_at = 2048;
		}
		for (uint32_t done = 0; done < NFLOWS;) {
			uint32_t n = 1 + gen_next(&sizes, TALLY_BATCH);
			struct gen again = g;

			for (uint32_t i = 0; i < n; i++) {
				make_flow(&one, &g, &f[i]);
				swap_some(&f[i], done + i);
				tally_add(&one, &f[i], DIRECTION_INFER);
			}
			for (uint32_t i = 0; i < n; i++) {
				make_flow(&batched, &again, &f[i]);
				swap_some(&f[i], done + i);
			}
			tally_add_batch(&batched, f, n, DIRECTION_INFER);
			done += n;
		}
		assert_true(one.swapped > 0);
		assert_int_equal(batched.swapped, one.swapped);
		tally_merge(&m1, &one, 1);
		tally_merge(&m2, &batched, 1);
		assert_int_equal(m2.records, m1.records);
		assert_int_equal(m2.time_max, m1.time_max);
		assert_memory_equal(m2.proto, m1.proto, sizeof m1.proto);
		assert_int_equal(m2.computers.count, m1.computers.count);
		assert_memory_equal(m2.totals, m1.totals,
		    m1.computers.count * sizeof *m1.totals);
		assert_memory_equal(m2.proto_counters, m1.proto_counters,
		    m1.computers.count * PROTO_NBINS * sizeof *m1.proto_counters);
		if (!folding) {
			/* Cell by cell, and pair by pair. */
			assert_int_equal(m2.cells.count, m1.cells.count);
			for (uint32_t k = 0; k < m1.cells.count; k++) {
				uint32_t i = keyindex_find(&m2.cells,
				    m1.cells.keys[k]);

				assert_int_not_equal(i, UINT32_MAX);
				assert_memory_equal(&m2.cell_counters[i],
				    &m1.cell_counters[k],
				    sizeof m1.cell_counters[k]);
			}
			assert_int_equal(m2.pairs.count, m1.pairs.count);
			for (uint32_t k = 0; k < m1.pairs.count; k++) {
				uint32_t i = keyindex_find(&m2.pairs,
				    m1.pairs.keys[k]);

				assert_int_not_equal(i, UINT32_MAX);
				assert_int_equal(m2.pair_flows[i],
				    m1.pair_flows[k]);
			}
		} else {
			/* Folds may fall a batch later: the features agree. */
			struct ranking p1, p2;
			struct built f1, f2;

			assert_int_equal(features(&m1, 100, 40, &p1, &f1), 0);
			assert_int_equal(features(&m2, 100, 40, &p2, &f2), 0);
			assert_same_features(&f1, &f2);
			built_free(&f1);
			built_free(&f2);
			rank_free(&p1);
			rank_free(&p2);
		}
		tally_free(&m1);
		tally_free(&m2);
	}
}

/* Raw port counts: flat arrays while counting, one key index when merged. */
#define WRAPS	(3u * 65536 + 5)
static void
test_raw_ports(void **state)
{
	struct tally t, m;
	struct flow f = { .time = 1, .bytes = 1, .packets = 1, .proto = 6 };
	const uint32_t ports[] = {
		PORT_KEY(PORT_TAG_NUMBER, 80), PORT_KEY(PORT_TAG_N, 10451),
		PORT_KEY(PORT_TAG_PORT, 7), PORT_KEY(PORT_TAG_NUMBER, 0),
		PORT_KEY(PORT_TAG_N, PORT_VALUE_MAX),
		PORT_KEY(PORT_TAG_NUMBER, TALLY_PORT_DIRECT),
		PORT_KEY(PORT_TAG_NAME, 0),
	};
	const size_t n = sizeof ports / sizeof ports[0];

	(void)state;
	tally_init(&t, 0);
	f.src = names_intern(&t.computers, "C1", 2);
	f.dst = names_intern(&t.computers, "C2", 2);
	names_intern(&t.portnames, "http", 4);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k <= i; k++) {
			f.sport = ports[i];
			f.dport = ports[n - 1 - i];
			tally_add(&t, &f, DIRECTION_AS_IS);
		}
	/* The direct counts are 16 bits: past three wraps, each must
	 * carry into the total, not lose 2^16. */
	f.sport = ports[0];
	f.dport = ports[0];
	for (uint32_t k = 0; k < WRAPS; k++)
		tally_add(&t, &f, DIRECTION_AS_IS);

	tally_merge(&m, &t, 1);
	assert_int_equal(m.src_ports.count, n);
	assert_int_equal(m.dst_ports.count, n);
	for (size_t i = 0; i < n; i++) {
		uint32_t s = keyindex_find(&m.src_ports, ports[i]);
		uint32_t d = keyindex_find(&m.dst_ports, ports[n - 1 - i]);

		assert_int_not_equal(s, UINT32_MAX);
		assert_int_not_equal(d, UINT32_MAX);
		assert_int_equal(m.src_count[s], i == 0 ? 1 + WRAPS : i + 1);
		assert_int_equal(m.dst_count[d], i == n - 1 ? i + 1 + WRAPS :
		    i + 1);
	}
	tally_free(&t);
	tally_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_same_features),
		cmocka_unit_test(test_fold_detected),
		cmocka_unit_test(test_budget_passes),
		cmocka_unit_test(test_batch_same),
		cmocka_unit_test(test_raw_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
