/*
 * test_options.c - the options table: every row says what it changes
 * (the snapshot key is built from that, app/cache.c), and the key text
 * follows the values of the options that change the result and no others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "app/options.h"

static void
test_every_row_says(void **state)
{
	(void)state;
	for (const struct option_spec *s = options_table; s->name; s++)
		if (s->result == RESULT_UNSET)
			fail_msg("--%s does not say what it changes "
			    "(.result in options.c)", s->name);
}

/* The key text of argv's options, one class. */
static char *
key_of(int argc, char **argv, enum option_result r)
{
	struct options o;
	char err[256];

	if (options_parse(argc, argv, &o, err, sizeof err) != 0)
		fail_msg("%s", err);
	return options_result_text(&o, r);
}

static void
test_key_follows_the_result(void **state)
{
	char *base[] = { "flowmap", "embed", "f.csv" };
	char *threads[] = { "flowmap", "embed", "--threads", "1", "--memory",
	    "1G", "-q", "f.csv" };
	char *ports[] = { "flowmap", "embed", "--ports", "40", "f.csv" };
	char *seed[] = { "flowmap", "embed", "--seed", "9", "f.csv" };
	char *explore[] = { "flowmap", "f.csv" };
	char *features[] = { "flowmap", "features", "f.csv" };
	char *a, *b;

	(void)state;
	a = key_of(3, base, RESULT_PROFILE);
	assert_non_null(strstr(a, "ports 136\n"));
	assert_non_null(strstr(a, "min-flows 100\n"));
	assert_non_null(strstr(a, "format -\n"));
	assert_null(strstr(a, "threads"));
	assert_null(strstr(a, "seed"));
	b = key_of(8, threads, RESULT_PROFILE);
	assert_string_equal(a, b);
	free(b);
	b = key_of(5, ports, RESULT_PROFILE);
	assert_string_not_equal(a, b);
	free(b);
	b = key_of(2, explore, RESULT_PROFILE);
	assert_string_equal(a, b);
	free(b);
	b = key_of(3, features, RESULT_PROFILE);
	assert_string_equal(a, b);
	free(b);
	free(a);

	a = key_of(3, base, RESULT_EMBED);
	assert_non_null(strstr(a, "seed 1\n"));
	assert_non_null(strstr(a, "perplexity 30\n"));
	b = key_of(5, seed, RESULT_EMBED);
	assert_string_not_equal(a, b);
	free(b);
	b = key_of(2, explore, RESULT_EMBED);
	assert_string_equal(a, b);
	free(b);
	free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_says),
		cmocka_unit_test(test_key_follows_the_result),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
