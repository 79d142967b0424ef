/*
 * test_names.c - interning, the natural name order, port keys, hashing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "load/names.h"
#include "unit.h"

static void
test_intern_stable(void **state)
{
	struct names t;
	char buf[32];
	const uint32_t n = 100000;	/* grows slots, ids and bytes */

	(void)state;
	names_init(&t);
	assert_int_equal(names_intern(&t, "C1065", 5), 0);
	assert_int_equal(names_intern(&t, "C3799", 5), 1);
	assert_int_equal(names_intern(&t, "C1065", 5), 0);
	/* A prefix is another name. */
	assert_int_equal(names_intern(&t, "C10", 3), 2);
	assert_int_equal(names_intern(&t, "C1065x", 6), 3);
	assert_int_equal(t.count, 4);
	assert_string_equal(names_get(&t, 2), "C10");
	assert_int_equal(names_len(&t, 3), 6);
	assert_int_equal(names_find(&t, "C3799", 5), 1);
	assert_int_equal(names_find(&t, "C37", 3), UINT32_MAX);
	assert_int_equal(names_find(&t, "C3799 ", 6), UINT32_MAX);
	/* Bytes after a NUL still tell names apart. */
	assert_int_equal(names_intern(&t, "a\0b", 3), 4);
	assert_int_equal(names_intern(&t, "a\0c", 3), 5);
	assert_int_equal(names_find(&t, "a\0b", 3), 4);
	assert_int_equal(names_find(&t, "a", 1), UINT32_MAX);

	for (uint32_t i = 0; i < n; i++) {
		int len = snprintf(buf, sizeof buf, "Comp%u", i * 7919u);

		assert_int_equal(names_intern(&t, buf, (size_t)len), 6 + i);
	}
	assert_int_equal(t.count, n + 6);
	assert_true((uint64_t)t.cap_slots * 3 >= (uint64_t)t.count * 4);
	/* Growth kept every id and every name's bytes. */
	for (uint32_t i = 0; i < n; i += 997) {
		int len = snprintf(buf, sizeof buf, "Comp%u", i * 7919u);

		assert_int_equal(names_find(&t, buf, (size_t)len), 6 + i);
		assert_string_equal(names_get(&t, 6 + i), buf);
		assert_int_equal(names_intern(&t, buf, (size_t)len), 6 + i);
	}
	assert_string_equal(names_get(&t, 0), "C1065");
	assert_int_equal(names_find(&t, "C1065x", 6), 3);
	assert_int_equal(t.count, n + 6);
	/* The longest name. */
	memset(buf, 0, sizeof buf);
	{
		char longname[NAMES_MAX_LEN];

		memset(longname, 'z', sizeof longname);
		uint32_t id = names_intern(&t, longname, sizeof longname);
		assert_int_equal(names_len(&t, id), NAMES_MAX_LEN);
		assert_int_equal(strlen(names_get(&t, id)), NAMES_MAX_LEN);
	}
	names_free(&t);
	assert_int_equal(t.count, 0);
	assert_null(t.slots);
	/* A freed (zeroed) table finds nothing. */
	assert_int_equal(names_find(&t, "C1065", 5), UINT32_MAX);
}

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

static void
test_compare(void **state)
{
	/* The expected order, each strictly before the next. */
	static const char *const order[] = {
		"", "0", "00", "1", "01", "2", "9", "10", "010", "99",
		"100", "C", "C0", "C1x", "C2", "C2x", "C9", "C10", "C10a",
		"C10b", "C11", "C99", "C100", "C1065", "C3799",
		"C123456789012345678901234567",
		"C123456789012345678901234568", "Comp5",
		"Comp40", "Comp364445", "a", "a1b2", "a1b10", "a2b1", "b",
	};
	const size_t n = sizeof order / sizeof order[0];

	(void)state;
	assert_true(names_compare("C2", "C10") < 0);
	assert_true(names_compare("C10", "C2") > 0);
	assert_int_equal(names_compare("C10", "C10"), 0);
	assert_true(names_compare("C1", "C01") < 0);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int c = sign(names_compare(order[i], order[j]));
			int want = i < j ? -1 : i > j;

			if (c != want)
				fail_msg("names_compare(\"%s\", \"%s\") = %d, "
				    "want %d", order[i], order[j], c, want);
		}
	/* Bytes above 0x7f compare unsigned. */
	assert_true(names_compare("a", "\xc3\xa9") < 0);
	assert_true(names_compare("\xff", "a") > 0);
}

struct port_case {
	const char	*text;
	uint32_t	 tag;
	uint32_t	 value;		/* for tags other than NAME */
};

static void
test_port_round_trip(void **state)
{
	static const struct port_case cases[] = {
		{ "0", PORT_TAG_NUMBER, 0 },
		{ "80", PORT_TAG_NUMBER, 80 },
		{ "443", PORT_TAG_NUMBER, 443 },
		{ "65535", PORT_TAG_NUMBER, 65535 },
		{ "95765", PORT_TAG_NUMBER, 95765 },
		{ "1073741823", PORT_TAG_NUMBER, PORT_VALUE_MAX },
		{ "1073741824", PORT_TAG_NAME, 0 },
		{ "99999999999", PORT_TAG_NAME, 0 },
		{ "N0", PORT_TAG_N, 0 },
		{ "N123", PORT_TAG_N, 123 },
		{ "N10451", PORT_TAG_N, 10451 },
		{ "N1073741823", PORT_TAG_N, PORT_VALUE_MAX },
		{ "N1073741824", PORT_TAG_NAME, 0 },
		{ "Port0", PORT_TAG_PORT, 0 },
		{ "Port95765", PORT_TAG_PORT, 95765 },
		{ "Port68792", PORT_TAG_PORT, 68792 },
		{ "N", PORT_TAG_NAME, 0 },
		{ "Port", PORT_TAG_NAME, 0 },
		{ "N007", PORT_TAG_NAME, 0 },
		{ "007", PORT_TAG_NAME, 0 },
		{ "Port01", PORT_TAG_NAME, 0 },
		{ "n5", PORT_TAG_NAME, 0 },
		{ "port5", PORT_TAG_NAME, 0 },
		{ "N-1", PORT_TAG_NAME, 0 },
		{ "-1", PORT_TAG_NAME, 0 },
		{ "80 ", PORT_TAG_NAME, 0 },
		{ "http", PORT_TAG_NAME, 0 },
		{ "NPort5", PORT_TAG_NAME, 0 },
		{ "\xc3\xa9t\xc3\xa9", PORT_TAG_NAME, 0 },
	};
	struct names pn;
	char buf[300];
	uint32_t key, names_seen = 0;

	(void)state;
	names_init(&pn);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct port_case *c = &cases[i];

		assert_int_equal(port_parse(c->text, strlen(c->text), &pn,
		    &key), 0);
		if (PORT_TAG(key) != c->tag)
			fail_msg("\"%s\": tag %u, want %u", c->text,
			    PORT_TAG(key), c->tag);
		if (c->tag == PORT_TAG_NAME)
			assert_int_equal(PORT_VALUE(key), names_seen++);
		else
			assert_int_equal(PORT_VALUE(key), c->value);
		assert_string_equal(port_format(key, &pn, buf, sizeof buf),
		    c->text);
		/* The same text again gives the same key. */
		uint32_t again;
		assert_int_equal(port_parse(c->text, strlen(c->text), &pn,
		    &again), 0);
		assert_int_equal(again, key);
	}
	assert_int_equal(pn.count, names_seen);
	/* Numbers and tagged tokens need no table. */
	assert_int_equal(port_parse("N5", 2, NULL, &key), 0);
	assert_int_equal(key, PORT_KEY(PORT_TAG_N, 5));
	assert_string_equal(port_format(key, NULL, buf, sizeof buf), "N5");
	/* Length is what counts, not a NUL. */
	assert_int_equal(port_parse("4431", 3, &pn, &key), 0);
	assert_int_equal(key, PORT_KEY(PORT_TAG_NUMBER, 443));
	names_free(&pn);
}

static void
test_port_limits(void **state)
{
	struct names pn;
	char name[NAMES_MAX_LEN + 1], buf[300];
	uint32_t key = 12345;

	(void)state;
	names_init(&pn);
	assert_int_equal(port_parse("", 0, &pn, &key), -1);
	memset(name, 'p', sizeof name);
	assert_int_equal(port_parse(name, NAMES_MAX_LEN + 1, &pn, &key), -1);
	assert_int_equal(key, 12345);
	assert_int_equal(pn.count, 0);
	assert_int_equal(port_parse(name, NAMES_MAX_LEN, &pn, &key), 0);
	assert_int_equal(key, PORT_KEY(PORT_TAG_NAME, 0));
	assert_int_equal(strlen(port_format(key, &pn, buf, sizeof buf)),
	    NAMES_MAX_LEN);
	/* An id the table does not have, or no table: a placeholder. */
	assert_string_equal(port_format(PORT_KEY(PORT_TAG_NAME, 7), &pn, buf,
	    sizeof buf), "?");
	assert_string_equal(port_format(PORT_KEY(PORT_TAG_NAME, 0), NULL, buf,
	    sizeof buf), "?");
	/* A short buffer truncates, NUL-terminated. */
	assert_string_equal(port_format(PORT_KEY(PORT_TAG_PORT, 95765), NULL,
	    buf, 6), "Port9");
	names_free(&pn);
}

/* Buckets of the low bits the tables use: none far from the mean. */
static void
check_spread(const uint32_t *h, size_t n, unsigned bits)
{
	size_t nb = (size_t)1 << bits, *count = xcalloc(nb, sizeof *count);
	double mean = (double)n / (double)nb, chi = 0;
	size_t lo = SIZE_MAX, hi = 0;

	for (size_t i = 0; i < n; i++)
		count[h[i] & (nb - 1)]++;
	for (size_t b = 0; b < nb; b++) {
		double d = (double)count[b] - mean;

		chi += d * d / mean;
		lo = count[b] < lo ? count[b] : lo;
		hi = count[b] > hi ? count[b] : hi;
	}
	free(count);
	/* chi^2 with nb - 1 degrees of freedom: mean nb, sd sqrt(2 nb). */
	if (chi > (double)nb + 6 * sqrt(2.0 * (double)nb) ||
	    (double)hi > 2 * mean || (double)lo < mean / 2)
		fail_msg("poor spread: chi2 %.1f over %zu buckets, min %zu, "
		    "max %zu, mean %.1f", chi, nb, lo, hi, mean);
}

static void
test_hash_spread(void **state)
{
	const size_t n = 1 << 16;
	uint32_t *h = xcalloc(n, sizeof *h);
	char buf[32];

	(void)state;
	/* Sequential names, as LANL's are. */
	for (size_t i = 0; i < n; i++) {
		int len = snprintf(buf, sizeof buf, "C%zu", i);

		h[i] = hash_bytes(buf, (size_t)len);
	}
	check_spread(h, n, 10);
	/* The high bits too. */
	for (size_t i = 0; i < n; i++)
		h[i] >>= 22;
	check_spread(h, n, 10);
	/* Sequential 64-bit keys through the finaliser (the key index's). */
	for (size_t i = 0; i < n; i++)
		h[i] = (uint32_t)hash_u64((uint64_t)i << 32 | 443);
	check_spread(h, n, 10);
	for (size_t i = 0; i < n; i++)
		h[i] = (uint32_t)hash_u64(i);
	check_spread(h, n, 10);
	free(h);
	/* Length matters, even for NUL bytes. */
	assert_int_not_equal(hash_bytes("a\0", 2), hash_bytes("a", 1));
	assert_int_equal(hash_bytes("C1065", 5), hash_bytes("C1065xyz", 5));
	assert_true(hash_u64(1) != 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intern_stable),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_port_round_trip),
		cmocka_unit_test(test_port_limits),
		cmocka_unit_test(test_hash_spread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
