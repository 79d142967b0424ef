/*
 * test_pack.c - tallies as bytes and back (load/pack.h), and the tree of
 * merges flowmap-mpi makes of them.
 *
 * unpack(pack(t)) must be t: same ids, same keys in the same order, same
 * counts, so it packs to the same bytes again.  And merging parts in a
 * tree, through bytes, must count what one merge of all parts counts: the
 * same names in the same order and the same counters, cell by cell.  A
 * short or damaged message must be refused, not read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "load/pack.h"
#include "load/tally.h"
#include "unit.h"

#define NCOMP	400
#define NFLOWS	60000

static uint32_t
gen_next(uint64_t *state, uint32_t n)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((*state >> 33) % n);
}

/* Flow i of a fixed stream, with ids of tally t. */
static void
make_flow(struct tally *t, uint64_t *g, struct flow *f)
{
	char a[16], b[16], svc[16];

	snprintf(a, sizeof a, "C%u", gen_next(g, NCOMP));
	snprintf(b, sizeof b, "C%u", gen_next(g, NCOMP));
	memset(f, 0, sizeof *f);
	f->src = names_intern(&t->computers, a, strlen(a));
	f->dst = names_intern(&t->computers, b, strlen(b));
	f->time = 1000 + gen_next(g, 86400);
	f->duration = gen_next(g, 100);
	f->packets = 1 + gen_next(g, 50);
	f->bytes = 40 + gen_next(g, 1u << 30);
	f->proto = gen_next(g, 5) == 0 ? 17 : 6;
	f->sport = PORT_KEY(PORT_TAG_N, 1 + gen_next(g, 200000));
	switch (gen_next(g, 10)) {
	case 0:
		snprintf(svc, sizeof svc, "svc%u", gen_next(g, 30));
		f->dport = PORT_KEY(PORT_TAG_NAME,
		    names_intern(&t->portnames, svc, strlen(svc)));
		break;
	case 1:
	case 2:
		f->dport = PORT_KEY(PORT_TAG_N, 1 + gen_next(g, 200000));
		break;
	default:
		f->dport = PORT_KEY(PORT_TAG_NUMBER, 1 + gen_next(g, 300));
	}
}

/* The stream counted into n parts (blocks of 500 flows in turn), with
 * small fold periods when fold is set. */
static void
count_parts(struct tally *parts, size_t n, int profiles, uint32_t fold)
{
	uint64_t g = 777;

	for (size_t i = 0; i < n; i++) {
		tally_init(&parts[i], profiles);
		if (fold)
			parts[i].fold_period = parts[i].fold_at = fold;
	}
	for (uint32_t i = 0; i < NFLOWS; i++) {
		struct tally *t = &parts[(i / 500) % n];
		struct flow f;

		make_flow(t, &g, &f);
		tally_add(t, &f, DIRECTION_AS_IS);
	}
}

static void
merged(struct tally *out, int profiles, uint32_t fold)
{
	struct tally parts[3];

	count_parts(parts, 3, profiles, fold);
	tally_merge(out, parts, 3);
}

static struct pack
packed(const struct tally *t)
{
	struct pack b = {0};

	pack_tally(&b, t);
	return b;
}

/* t as bytes and back, and the same bytes again. */
static void
round_trip(const struct tally *t)
{
	struct pack b = packed(t), again;
	struct unpack u = { b.p, b.len, 0, 0 };
	struct tally back;

	assert_int_equal(unpack_tally(&u, &back), 0);
	assert_int_equal(u.pos, b.len);
	again = packed(&back);
	assert_int_equal(again.len, b.len);
	assert_memory_equal(again.p, b.p, b.len);
	assert_int_equal(back.records, t->records);
	assert_int_equal(back.computers.count, t->computers.count);
	for (uint32_t id = 0; id < t->computers.count; id++) {
		assert_string_equal(names_get(&back.computers, id),
		    names_get(&t->computers, id));
		assert_int_equal(tally_flows(&back, id), tally_flows(t, id));
	}
	assert_int_equal(back.cells.count, t->cells.count);
	assert_int_equal(back.folded.count, t->folded.count);
	assert_int_equal(back.pairs.count, t->pairs.count);
	/* Compact: far less than the 64 bytes of a cell's counters. */
	if (t->cells.count > 1000)
		assert_true(b.len < (size_t)t->cells.count * 40);
	tally_free(&back);
	pack_free(&b);
	pack_free(&again);
}

static void
test_round_trip(void **state)
{
	static const int kinds[] = { 0, TALLY_PROFILES | TALLY_PAIRS,
	    TALLY_PROFILES | TALLY_NO_RAW | TALLY_EXACT };
	struct tally t;

	(void)state;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		merged(&t, kinds[k], kinds[k] & TALLY_EXACT ? 0 : 1024);
		if (kinds[k] & TALLY_PAIRS) {
			assert_true(t.folds > 0);	/* the ledger is packed */
			assert_true(t.folded.count > 0);
		}
		round_trip(&t);
		tally_free(&t);
	}
	/* A rank pass: only the ranked ports of kept computers. */
	struct tally parts[2];
	struct names kept;

	names_init(&kept);
	names_intern(&kept, "C7", 2);
	names_intern(&kept, "C300", 4);
	for (int i = 0; i < 2; i++) {
		tally_init(&parts[i], TALLY_PROFILES | TALLY_RANK |
		    TALLY_EXACT | TALLY_NO_RAW);
		parts[i].kept = &kept;
	}
	uint64_t g = 5;
	for (int i = 0; i < 20000; i++) {
		struct flow f;

		make_flow(&parts[i % 2], &g, &f);
		tally_add(&parts[i % 2], &f, DIRECTION_AS_IS);
	}
	tally_merge(&t, parts, 2);
	assert_true(t.ranked.count > 0);
	round_trip(&t);
	tally_free(&t);
	names_free(&kept);
}

/* A cell as the test compares them: its key by name, its counters. */
struct flat_cell {
	char		name[16];
	uint32_t	port;
	struct counters	c;
};

static int
cmp_flat(const void *a, const void *b)
{
	const struct flat_cell *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->port < y->port ? -1 : x->port > y->port;
}

/* The cells of t sorted, port names by their text. */
static struct flat_cell *
flat_cells(const struct tally *t)
{
	struct flat_cell *v = xcalloc(t->cells.count + 1, sizeof *v);

	for (uint32_t k = 0; k < t->cells.count; k++) {
		uint64_t key = t->cells.keys[k];
		uint32_t port = (uint32_t)key;

		snprintf(v[k].name, sizeof v[k].name, "%s",
		    names_get(&t->computers, (uint32_t)(key >> 32)));
		if (PORT_TAG(port) == PORT_TAG_NAME)
			port = PORT_KEY(PORT_TAG_NAME, hash_bytes(names_get(
			    &t->portnames, PORT_VALUE(port)), names_len(
			    &t->portnames, PORT_VALUE(port))) & PORT_VALUE_MAX);
		v[k].port = port;
		v[k].c = t->cell_counters[k];
	}
	qsort(v, t->cells.count, sizeof *v, cmp_flat);
	return v;
}

/* One merge of four parts against a tree of merges through bytes, as
 * flowmap-mpi's ranks make it: the same counts. */
static void
test_tree_merge(void **state)
{
	struct tally parts[4], direct, left, right, top, two[2];

	(void)state;
	count_parts(parts, 4, TALLY_PROFILES | TALLY_PAIRS | TALLY_EXACT, 0);
	tally_merge(&direct, parts, 4);

	count_parts(parts, 4, TALLY_PROFILES | TALLY_PAIRS | TALLY_EXACT, 0);
	tally_merge(&left, parts, 2);
	tally_merge(&right, parts + 2, 2);
	struct pack b = packed(&right);
	struct unpack u = { b.p, b.len, 0, 0 };
	tally_free(&right);
	assert_int_equal(unpack_tally(&u, &two[1]), 0);
	pack_free(&b);
	two[0] = left;
	tally_merge(&top, two, 2);

	assert_int_equal(top.records, direct.records);
	assert_int_equal(top.time_min, direct.time_min);
	assert_int_equal(top.time_max, direct.time_max);
	assert_memory_equal(top.proto, direct.proto, sizeof top.proto);
	assert_int_equal(top.computers.count, direct.computers.count);
	for (uint32_t id = 0; id < top.computers.count; id++)
		assert_string_equal(names_get(&top.computers, id),
		    names_get(&direct.computers, id));
	assert_int_equal(top.portnames.count, direct.portnames.count);
	assert_memory_equal(top.totals, direct.totals,
	    top.computers.count * sizeof *top.totals);
	assert_memory_equal(top.proto_counters, direct.proto_counters,
	    top.computers.count * PROTO_NBINS * sizeof *top.proto_counters);
	assert_int_equal(top.cells.count, direct.cells.count);
	struct flat_cell *x = flat_cells(&top), *y = flat_cells(&direct);
	assert_memory_equal(x, y, top.cells.count * sizeof *x);
	free(x);
	free(y);
	assert_int_equal(top.pairs.count, direct.pairs.count);
	for (uint32_t k = 0; k < top.pairs.count; k++) {
		uint32_t i = keyindex_find(&direct.pairs, top.pairs.keys[k]);

		assert_int_not_equal(i, UINT32_MAX);
		assert_int_equal(direct.pair_flows[i], top.pair_flows[k]);
	}
	tally_free(&top);
	tally_free(&direct);
}

/* A merged tally past its budget folds back within it, and keeps its
 * totals. */
static void
test_fit_budget(void **state)
{
	struct tally t;
	uint64_t records, flows7;

	(void)state;
	merged(&t, TALLY_PROFILES, 1u << 20);
	records = t.records;
	flows7 = tally_flows(&t, 7);
	uint32_t before = t.cells.count;
	tally_fit_budget(&t, 20, 200 * TALLY_CELL_BYTES);
	assert_true(t.cells.count < before);
	assert_true(t.folded.count > 0);
	assert_int_equal(t.records, records);
	assert_int_equal(tally_flows(&t, 7), flows7);
	tally_free(&t);
	/* One that must not fold stays. */
	merged(&t, TALLY_PROFILES | TALLY_EXACT, 0);
	before = t.cells.count;
	tally_fit_budget(&t, 20, 200 * TALLY_CELL_BYTES);
	assert_int_equal(t.cells.count, before);
	tally_free(&t);
}

/* Short and damaged messages are refused, without leaks or reads past
 * the end (the sanitizer build checks those). */
static void
test_bad_messages(void **state)
{
	struct tally t, back;

	(void)state;
	merged(&t, TALLY_PROFILES | TALLY_PAIRS, 0);
	struct pack b = packed(&t);
	size_t cuts[] = { 0, 1, 9, 300, b.len / 3, b.len / 2, b.len - 1 };

	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		struct unpack u = { b.p, cuts[i], 0, 0 };

		assert_int_equal(unpack_tally(&u, &back), -1);
	}
	b.p[0] ^= 1;	/* not a tally */
	struct unpack u = { b.p, b.len, 0, 0 };
	assert_int_equal(unpack_tally(&u, &back), -1);
	pack_free(&b);

	/* Names and port sets, and a table with a name twice. */
	struct tally_ports ports, ports_back;
	tally_ports_init(&ports);
	tally_ports_add(&ports, &t, PORT_KEY(PORT_TAG_NUMBER, 443));
	tally_ports_add(&ports, &t, PORT_KEY(PORT_TAG_NAME, 0));
	pack_ports(&b, &ports);
	u = (struct unpack){ b.p, b.len, 0, 0 };
	assert_int_equal(unpack_ports(&u, &ports_back), 0);
	assert_int_equal(ports_back.keys.count, 1);
	assert_int_equal(ports_back.names.count, 1);
	assert_string_equal(names_get(&ports_back.names, 0),
	    names_get(&t.portnames, 0));
	tally_ports_free(&ports_back);
	tally_ports_free(&ports);
	pack_free(&b);
	pack_u64(&b, 2);
	pack_u64(&b, 2);
	pack_bytes(&b, "C1", 2);
	pack_u64(&b, 2);
	pack_bytes(&b, "C1", 2);
	struct names n;
	u = (struct unpack){ b.p, b.len, 0, 0 };
	assert_int_equal(unpack_names(&u, &n), -1);
	names_free(&n);
	pack_free(&b);
	tally_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_tree_merge),
		cmocka_unit_test(test_fit_budget),
		cmocka_unit_test(test_bad_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
