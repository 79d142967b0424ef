/*
 * test_direction.c - which end of a flow is the service (direction.h).
 *
 * The static ranks against the system's own services database and the
 * operating systems' ephemeral ranges; the swap decisions they make, for
 * LANL tokens and for numbers; the learned services (peers threshold, the
 * well-known guard, order independence, the bounded table); and the tally
 * counting a flow the right way round with a model.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "load/direction.h"
#include "load/tally.h"
#include "unit.h"

#define NUM(v)	PORT_KEY(PORT_TAG_NUMBER, (v))

static int
listed(uint32_t port)
{
	return getservbyport(htons((uint16_t)port), "tcp") != NULL ||
	    getservbyport(htons((uint16_t)port), "udp") != NULL;
}

static void
test_ranks(void **state)
{
	(void)state;
	direction_static_init();
	assert_int_equal(direction_port_rank(NUM(0)), PORT_RANK_WELL_KNOWN);
	assert_int_equal(direction_port_rank(NUM(53)), PORT_RANK_WELL_KNOWN);
	assert_int_equal(direction_port_rank(NUM(1023)), PORT_RANK_WELL_KNOWN);
	assert_int_equal(direction_port_rank(PORT_KEY(PORT_TAG_N, 5)),
	    PORT_RANK_EPHEMERAL);
	assert_int_equal(direction_port_rank(PORT_KEY(PORT_TAG_PORT, 95765)),
	    PORT_RANK_EPHEMERAL);
	assert_int_equal(direction_port_rank(PORT_KEY(PORT_TAG_NAME, 0)),
	    PORT_RANK_NONE);
	/* Beyond 16 bits: no OS's client port. */
	assert_int_equal(direction_port_rank(NUM(70000)), PORT_RANK_UNLISTED);
	/* Above 1023, the services database and the ranges decide; checked
	 * against getservbyport(), an API the module does not use. */
	for (uint32_t p = 1024; p <= 65535; p += p < 6000 ? 1 : 97) {
		int eph = (p >= 1025 && p <= 5000) || p >= 32768;
		enum port_rank want = listed(p) ? PORT_RANK_LISTED :
		    eph ? PORT_RANK_EPHEMERAL : PORT_RANK_UNLISTED;

		if (direction_port_rank(NUM(p)) != want)
			fail_msg("port %u: rank %d, expected %d", p,
			    direction_port_rank(NUM(p)), want);
	}
	/* The edges of the ranges, unless the database lists them. */
	static const struct { uint32_t port; enum port_rank rank; } edge[] = {
		{ 1024, PORT_RANK_UNLISTED }, { 1025, PORT_RANK_EPHEMERAL },
		{ 5000, PORT_RANK_EPHEMERAL }, { 5001, PORT_RANK_UNLISTED },
		{ 32767, PORT_RANK_UNLISTED }, { 32768, PORT_RANK_EPHEMERAL },
		{ 60999, PORT_RANK_EPHEMERAL }, { 61000, PORT_RANK_EPHEMERAL },
		{ 65535, PORT_RANK_EPHEMERAL },
	};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		if (!listed(edge[i].port))
			assert_int_equal(direction_port_rank(NUM(edge[i].port)),
			    edge[i].rank);
}

/* The static decision for two ports (the computers play no part). */
static int
swaps(uint32_t sport, uint32_t dport)
{
	struct names c;
	struct flow f = { .sport = sport, .dport = dport };
	int r;

	names_init(&c);
	f.src = names_intern(&c, "C1", 2);
	f.dst = names_intern(&c, "C2", 2);
	r = direction_swaps(NULL, &f, &c);
	names_free(&c);
	return r;
}

static void
test_static_tokens(void **state)
{
	const uint32_t n5 = PORT_KEY(PORT_TAG_N, 5);
	const uint32_t p95765 = PORT_KEY(PORT_TAG_PORT, 95765);
	const uint32_t name = PORT_KEY(PORT_TAG_NAME, 0);

	(void)state;
	/* LANL: a number on the source, a token on the destination. */
	assert_true(swaps(NUM(389), n5));
	assert_true(swaps(NUM(443), p95765));
	assert_true(swaps(NUM(0), n5));
	assert_false(swaps(n5, NUM(389)));
	assert_false(swaps(n5, p95765));
	assert_false(swaps(NUM(40000), n5));	/* both look like clients */
	/* An interned name: no opinion, as written. */
	assert_false(swaps(NUM(80), name));
	assert_false(swaps(name, n5));
	assert_false(swaps(name, NUM(80)));
}

static void
test_static_numbers(void **state)
{
	(void)state;
	/* Well-known against the ranges of Linux, Windows and Windows XP. */
	assert_true(swaps(NUM(80), NUM(32768)));
	assert_true(swaps(NUM(53), NUM(60999)));
	assert_true(swaps(NUM(445), NUM(65535)));
	assert_true(swaps(NUM(88), NUM(1025)));
	assert_true(swaps(NUM(389), NUM(5000)));
	assert_false(swaps(NUM(32768), NUM(80)));
	assert_false(swaps(NUM(1025), NUM(88)));
	/* Listed registered ports (PostgreSQL, SQL Server) when the system
	 * lists them; a port outside every range (7777, 20000) even when it
	 * does not. */
	if (listed(5432))
		assert_true(swaps(NUM(5432), NUM(50000)));
	if (listed(1433))
		assert_true(swaps(NUM(1433), NUM(3000)) == !listed(3000));
	assert_true(swaps(NUM(20000), NUM(40000)));
	assert_false(swaps(NUM(40000), NUM(20000)));
	if (!listed(7777))
		assert_true(swaps(NUM(7777), NUM(4000)) == !listed(4000));
	/* A well-known port beats a listed one: an old Windows client's
	 * port 3306 ("mysql") or 4949 ("munin") against a web server or a
	 * DNS server. */
	if (listed(3306)) {
		assert_true(swaps(NUM(80), NUM(3306)));
		assert_false(swaps(NUM(3306), NUM(80)));
		assert_int_equal(direction_port_rank(NUM(3306)),
		    PORT_RANK_LISTED);
	}
	if (listed(4949))
		assert_true(swaps(NUM(53), NUM(4949)));
	/* Ties keep the record as written. */
	assert_false(swaps(NUM(80), NUM(443)));
	assert_false(swaps(NUM(443), NUM(80)));
	assert_false(swaps(NUM(123), NUM(123)));
	assert_false(swaps(NUM(40000), NUM(50000)));
	assert_false(swaps(NUM(50000), NUM(40000)));
	assert_false(swaps(NUM(0), NUM(0)));
	/* An unlisted high service with a Linux client: the static rules
	 * cannot tell (the learned part can). */
	if (!listed(45000) && !listed(38000))
		assert_false(swaps(NUM(45000), NUM(38000)));
}

/* A small world of named computers for the learned part. */
struct world {
	struct names	c;
};

static struct flow
flow(struct world *w, const char *src, uint32_t sport, const char *dst,
    uint32_t dport)
{
	struct flow f = { .sport = NUM(sport), .dport = NUM(dport) };

	f.src = names_intern(&w->c, src, strlen(src));
	f.dst = names_intern(&w->c, dst, strlen(dst));
	return f;
}

/* n clients, each with a fresh port, talk to S on port svc. */
static void
observe_clients(struct direction_model *m, struct world *w, int n,
    uint32_t svc, int reverse)
{
	for (int i = 0; i < n; i++) {
		char name[16];
		struct flow f;

		snprintf(name, sizeof name, "C%d", i);
		f = reverse ? flow(w, "S", svc, name, 38000 + (uint32_t)i) :
		    flow(w, name, 38000 + (uint32_t)i, "S", svc);
		direction_model_observe(m, &f, &w->c);
	}
}

static void
test_learned(void **state)
{
	struct world w;
	struct direction_model m;
	struct flow back, fwd;

	(void)state;
	if (listed(45000) || listed(38000) || listed(38001))
		skip();
	names_init(&w.c);
	back = flow(&w, "S", 45000, "C1", 38001);
	fwd = flow(&w, "C1", 38001, "S", 45000);

	/* One peer short of the threshold: not a service yet. */
	direction_model_init(&m);
	observe_clients(&m, &w, DIRECTION_LEARN_PEERS - 1, 45000, 0);
	direction_model_finish(&m);
	assert_in_range(direction_model_peers(&m, w.c.hashes[back.src],
	    back.sport), 2, DIRECTION_LEARN_PEERS - 1);
	assert_false(direction_swaps(&m, &back, &w.c));
	direction_model_free(&m);

	/* Enough peers, half of the flows written from the server's side:
	 * S:45000 is a service, whichever way a flow is written. */
	direction_model_init(&m);
	observe_clients(&m, &w, 3, 45000, 0);
	observe_clients(&m, &w, 6, 45000, 1);
	direction_model_finish(&m);
	assert_int_equal(m.count, 1);	/* the clients' ends met one peer */
	/* Six clients (a few may share a bit of the peer set). */
	assert_in_range(direction_model_peers(&m, w.c.hashes[back.src],
	    back.sport), DIRECTION_LEARN_PEERS, 6);
	assert_true(direction_swaps(&m, &back, &w.c));
	assert_false(direction_swaps(&m, &fwd, &w.c));
	/* A token on the other side: the ranks decide (a tie here). */
	struct flow tok = back;
	tok.dport = PORT_KEY(PORT_TAG_N, 38001);
	assert_false(direction_swaps(&m, &tok, &w.c));
	/* Only that computer's port: another computer on 45000 is not. */
	struct flow other = flow(&w, "T", 45000, "C1", 38001);
	assert_false(direction_swaps(&m, &other, &w.c));
	/* A learned service beats a listed port on the client's side (an
	 * old Windows client's port that happens to be registered). */
	if (listed(3306) || listed(1433)) {
		uint32_t reg = listed(3306) ? 3306 : 1433;
		struct flow f = flow(&w, "S", 45000, "C2", reg);

		assert_false(swaps(NUM(45000), NUM(reg)));
		assert_true(direction_swaps(&m, &f, &w.c));
	}
	direction_model_free(&m);

	/* Two busy ends, neither 4 times the other: the ranks decide. */
	direction_model_init(&m);
	observe_clients(&m, &w, 9, 45000, 1);
	for (int i = 0; i < 3; i++) {
		char name[16];
		struct flow f;

		snprintf(name, sizeof name, "D%d", i);
		f = flow(&w, "T", 38500, name, 46000);
		direction_model_observe(&m, &f, &w.c);
	}
	direction_model_finish(&m);
	struct flow busy = flow(&w, "S", 45000, "T", 38500);
	assert_in_range(direction_model_peers(&m, w.c.hashes[busy.dst],
	    busy.dport), 2, 3);
	assert_false(direction_swaps(&m, &busy, &w.c));
	busy.dport = NUM(38501);	/* T's other port: 1 peer at most */
	assert_true(direction_swaps(&m, &busy, &w.c));
	direction_model_free(&m);

	/* A scanner's one port meets many peers, yet the well-known port
	 * it knocks on is not taken for a client's; nor is the 137 of a
	 * computer a NetBIOS sweeper asks. */
	direction_model_init(&m);
	for (int i = 0; i < 8; i++) {
		char name[16];
		struct flow f;

		snprintf(name, sizeof name, "W%d", i);
		f = flow(&w, "SCAN", 40000, name, 22);
		direction_model_observe(&m, &f, &w.c);
		f = flow(&w, "SWEEP", 137, name, 137);
		direction_model_observe(&m, &f, &w.c);
	}
	direction_model_finish(&m);
	struct flow scan = flow(&w, "SCAN", 40000, "W1", 22);
	assert_true(direction_model_peers(&m, w.c.hashes[scan.src],
	    scan.sport) >= DIRECTION_LEARN_PEERS);
	assert_false(direction_swaps(&m, &scan, &w.c));
	struct flow sweep = flow(&w, "SWEEP", 137, "W1", 137);
	assert_false(direction_swaps(&m, &sweep, &w.c));
	direction_model_free(&m);
	names_free(&w.c);
}

/* The same flows in another order give the same model. */
static void
test_learned_order(void **state)
{
	struct world w;
	struct direction_model a, b;
	struct flow f[400];

	(void)state;
	for (uint32_t p = 45000; p < 45005; p++)
		if (listed(p))
			skip();
	names_init(&w.c);
	for (int i = 0; i < 400; i++) {
		char cl[16], sv[16];

		snprintf(cl, sizeof cl, "C%d", i % 37);
		snprintf(sv, sizeof sv, "S%d", i % 5);
		f[i] = i % 3 ? flow(&w, cl, 40000 + (uint32_t)i, sv,
		    45000 + (uint32_t)(i % 5)) : flow(&w, sv,
		    45000 + (uint32_t)(i % 5), cl, 40000 + (uint32_t)i);
	}
	direction_model_init(&a);
	direction_model_init(&b);
	for (int i = 0; i < 400; i++) {
		direction_model_observe(&a, &f[i], &w.c);
		direction_model_observe(&b, &f[399 - i], &w.c);
	}
	direction_model_finish(&a);
	direction_model_finish(&b);
	assert_int_equal(a.count, 5);
	assert_int_equal(a.cap, b.cap);
	assert_memory_equal(a.keys, b.keys, a.cap * sizeof *a.keys);
	assert_memory_equal(a.npeers, b.npeers, a.cap);
	for (int i = 0; i < 400; i++) {
		/* Only the learned part tells; the ranks tie. */
		assert_int_equal(direction_swaps(&a, &f[i], &w.c), i % 3 == 0);
		assert_false(direction_swaps(NULL, &f[i], &w.c));
	}
	direction_model_free(&a);
	direction_model_free(&b);
	names_free(&w.c);
}

/* More ends than the table holds: memory stays bounded, the services
 * seen first are still learned. */
static void
test_learned_bounded(void **state)
{
	struct world w;
	struct direction_model m;
	uint32_t cap;

	(void)state;
	if (listed(45000) || listed(38001))
		skip();
	names_init(&w.c);
	direction_model_init(&m);
	cap = m.cap;
	observe_clients(&m, &w, 10, 45000, 0);
	/* Two distinct ends a flow, 600,000 in all. */
	for (uint32_t i = 0; i < 300000; i++) {
		char a[16], b[16];
		struct flow f;

		snprintf(a, sizeof a, "Z%u", i / 1000);
		snprintf(b, sizeof b, "X%u", i % 1000);
		f = flow(&w, a, 1025 + i % 60000, b, 1025 + (i / 7) % 60000);
		direction_model_observe(&m, &f, &w.c);
	}
	assert_int_equal(m.cap, cap);
	assert_true(m.dropped > 0);
	assert_true(m.count <= cap);
	direction_model_finish(&m);
	struct flow back = flow(&w, "S", 45000, "C1", 38001);
	assert_true(direction_swaps(&m, &back, &w.c));
	direction_model_free(&m);
	names_free(&w.c);
}

/* The tally counts a flow written from the server's side for the right
 * computers when it has the model. */
static void
test_tally(void **state)
{
	struct direction_model m;
	struct tally t;
	struct world w;
	struct flow back;

	(void)state;
	if (listed(45000) || listed(38001))
		skip();
	names_init(&w.c);
	direction_model_init(&m);
	observe_clients(&m, &w, 8, 45000, 1);
	direction_model_finish(&m);
	names_free(&w.c);

	for (int with = 0; with <= 1; with++) {
		tally_init(&t, TALLY_PROFILES);
		t.direction = with ? &m : NULL;
		back = (struct flow){ .sport = NUM(45000), .dport = NUM(38001),
		    .proto = 6, .packets = 1, .bytes = 100 };
		back.src = names_intern(&t.computers, "S", 1);
		back.dst = names_intern(&t.computers, "C1", 2);
		tally_add(&t, &back, DIRECTION_INFER);
		assert_int_equal(t.swapped, (uint64_t)with);
		/* S serves (incoming) only with the model. */
		assert_int_equal(t.totals[back.src].flows[DIR_IN],
		    (uint64_t)with);
		assert_int_equal(t.totals[back.src].flows[DIR_OUT],
		    (uint64_t)!with);
		/* As-is never asks. */
		tally_add(&t, &back, DIRECTION_AS_IS);
		assert_int_equal(t.swapped, (uint64_t)with);
		tally_free(&t);
	}
	direction_model_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranks),
		cmocka_unit_test(test_static_tokens),
		cmocka_unit_test(test_static_numbers),
		cmocka_unit_test(test_learned),
		cmocka_unit_test(test_learned_order),
		cmocka_unit_test(test_learned_bounded),
		cmocka_unit_test(test_tally),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
