/*
 * parser_fixture.h - a line parser with tables of its own, for the unit
 * tests of the formats and of the parser (test_formats.c, test_records.c).
 *
 * fixture_new() takes a format, and owns it when `owned` (a bound
 * template); parse() reads one line into flow and why.
 */
#ifndef FLOWMAP_PARSER_FIXTURE_H
#define FLOWMAP_PARSER_FIXTURE_H

#include <string.h>

#include "load/records.h"
#include "base/xalloc.h"

struct fixture {
	struct names		 computers, portnames;
	struct format		*owned;		/* freed with the fixture */
	struct record_parser	 p;
	struct flow		 flow;
	char			 why[256];
};

static inline struct fixture *
fixture_with(const struct format *f, struct format *owned)
{
	struct fixture *x = xcalloc(1, sizeof *x);

	assert_non_null(f);
	x->owned = owned;
	names_init(&x->computers);
	names_init(&x->portnames);
	assert_int_equal(records_parser_init(&x->p, f, &x->computers,
	    &x->portnames), 0);
	return x;
}

static inline void
fixture_free(struct fixture *x)
{
	records_parser_free(&x->p);
	format_free(x->owned);
	names_free(&x->computers);
	names_free(&x->portnames);
	free(x);
}

static inline enum parse_result
parse(struct fixture *x, const char *line)
{
	x->why[0] = '\0';
	memset(&x->flow, 0xa5, sizeof x->flow);
	return records_parse_line(&x->p, line, strlen(line), &x->flow, x->why,
	    sizeof x->why);
}

#endif
