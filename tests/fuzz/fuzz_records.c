/*
 * fuzz_records.c - the line parser and format detection over arbitrary
 * bytes.
 *
 * The first byte picks the format (below 0x80, even: lanl2015, odd:
 * lanl2017; from 0x80 on, one of the header-mapped templates, bound to the
 * text's header first as the loader does: nfdump, zeek, or a --columns
 * map); the rest is cut at newlines and every line goes through one
 * parser, as the loader does, so libcsv's state after a bad line is
 * exercised too.  The whole text also goes through format_detect().
 * Beyond "no crash", the harness checks the parser's promises: a record's
 * ids are in the tables, its names are 1..NAMES_MAX_LEN bytes, and a
 * message is non-empty and holds no control byte (data must not reach the
 * terminal raw).
 *
 * Every line is read by three parsers, each with its own tables: the fast
 * path on a copy of the line (the default), the general path alone (the
 * fast path off), and the fast path in place (line_slack, as the loader
 * parses).  The first two must make the same record.  The in-place parser
 * reads from a buffer of exactly RECORDS_SLACK bytes of '7' and the line,
 * so ASan sees a read past the slack or the line, and a digit read from
 * the slack changes a number; it must agree with the copy in everything:
 * verdict, message, record, ids and the names interned, and it takes the
 * fast path whenever the copy does (it may take it more often: the copy
 * is bounded in length).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "load/records.h"

static void
check_message(const char *why, size_t whylen)
{
	size_t n = strnlen(why, whylen);

	if (n == 0 || n == whylen) {
		fprintf(stderr, "fuzz_records: message empty or unterminated\n");
		abort();
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)why[i] < 0x20 || why[i] == 0x7f) {
			fprintf(stderr, "fuzz_records: control byte 0x%02x in "
			    "message \"%s\"\n", (unsigned char)why[i], why);
			abort();
		}
}

static void
check_name(const struct names *t, uint32_t id)
{
	if (id >= t->count || names_len(t, id) == 0 ||
	    names_len(t, id) > NAMES_MAX_LEN) {
		fprintf(stderr, "fuzz_records: bad computer id %u\n", id);
		abort();
	}
}

/* One parser and the tables it interns into. */
struct side {
	struct names		computers, portnames;
	uint64_t		fast_before;	/* p.fast_records before the line */
	struct record_parser	p;
	struct flow		flow;
	char			why[200];
	enum parse_result	r;
};

static void
side_init(struct side *d, const struct format *f, int fast, int in_place)
{
	names_init(&d->computers);
	names_init(&d->portnames);
	records_set_fast_path(fast);
	if (records_parser_init(&d->p, f, &d->computers, &d->portnames) != 0)
		abort();
	records_set_fast_path(1);
	d->p.line_slack = in_place;
}

static void
side_free(struct side *d)
{
	records_parser_free(&d->p);
	names_free(&d->computers);
	names_free(&d->portnames);
}

static void
side_parse(struct side *d, const char *line, size_t len)
{
	d->why[0] = '\0';
	d->fast_before = d->p.fast_records;
	memset(&d->flow, 0xa5, sizeof d->flow);
	d->r = records_parse_line(&d->p, line, len, &d->flow, d->why,
	    sizeof d->why);
	switch (d->r) {
	case PARSE_RECORD:
		check_name(&d->computers, d->flow.src);
		check_name(&d->computers, d->flow.dst);
		if (d->flow.proto > 255)
			abort();
		break;
	case PARSE_MALFORMED:
		check_message(d->why, sizeof d->why);
		break;
	case PARSE_SKIP:
		break;
	default:
		abort();
	}
}

static int
same_name(const struct names *a, uint32_t ia, const struct names *b,
    uint32_t ib)
{
	return names_len(a, ia) == names_len(b, ib) &&
	    memcmp(names_get(a, ia), names_get(b, ib), names_len(a, ia)) == 0;
}

static int
same_port(const struct side *a, uint32_t ka, const struct side *b,
    uint32_t kb)
{
	if (PORT_TAG(ka) != PORT_TAG(kb))
		return 0;
	if (PORT_TAG(ka) == PORT_TAG_NAME)
		return same_name(&a->portnames, PORT_VALUE(ka), &b->portnames,
		    PORT_VALUE(kb));
	return ka == kb;
}

/* The fast path must give what the libcsv path gives. */
static void
compare(const struct side *fast, const struct side *slow, const char *line,
    size_t len)
{
	const struct flow *a = &fast->flow, *b = &slow->flow;
	const char *what = NULL;

	if (fast->r != slow->r)
		what = "verdict";
	else if (fast->computers.count != slow->computers.count ||
	    fast->portnames.count != slow->portnames.count)
		what = "names interned (a line that is no record must "
		    "leave none behind)";
	else if (fast->r != PARSE_RECORD)
		return;
	else if (a->time != b->time || a->duration != b->duration ||
	    a->packets != b->packets || a->bytes != b->bytes ||
	    a->proto != b->proto)
		what = "numbers";
	else if (!same_name(&fast->computers, a->src, &slow->computers,
	    b->src) || !same_name(&fast->computers, a->dst,
	    &slow->computers, b->dst))
		what = "computer names";
	else if (!same_port(fast, a->sport, slow, b->sport) ||
	    !same_port(fast, a->dport, slow, b->dport))
		what = "ports";
	if (what == NULL)
		return;
	fprintf(stderr, "fuzz_records: fast and libcsv paths differ in %s on "
	    "\"%.*s\": %d vs %d (%s)\n", what, (int)(len < 200 ? len : 200),
	    line, fast->r, slow->r, slow->why);
	abort();
}

/* Names from..count of two tables of count names are the same, in order. */
static int
same_names_from(const struct names *a, const struct names *b, uint32_t from)
{
	for (uint32_t id = from; id < a->count; id++)
		if (!same_name(a, id, b, id))
			return 0;
	return 1;
}

/*
 * In place and on a copy the parser must not differ at all: the same
 * tables, id for id, so the records are equal field by field.  from_*:
 * the names already compared after earlier lines.
 */
static void
compare_in_place(const struct side *place, const struct side *copy,
    const char *line, size_t len, uint32_t from_computers,
    uint32_t from_ports)
{
	const struct flow *a = &place->flow, *b = &copy->flow;
	const char *what = NULL;

	if (place->r != copy->r)
		what = "verdict";
	else if (strcmp(place->why, copy->why) != 0)
		what = "message";
	else if (place->computers.count != copy->computers.count ||
	    place->portnames.count != copy->portnames.count ||
	    !same_names_from(&place->computers, &copy->computers,
	    from_computers) ||
	    !same_names_from(&place->portnames, &copy->portnames, from_ports))
		what = "names interned";
	else if (copy->p.fast_records != copy->fast_before &&
	    place->p.fast_records == place->fast_before)
		what = "path (the copy took the fast path, in place did not)";
	else if (place->r != PARSE_RECORD)
		return;
	else if (a->time != b->time || a->duration != b->duration ||
	    a->packets != b->packets || a->bytes != b->bytes ||
	    a->proto != b->proto || a->src != b->src || a->dst != b->dst ||
	    a->sport != b->sport || a->dport != b->dport)
		what = "record";
	if (what == NULL)
		return;
	fprintf(stderr, "fuzz_records: in place and copied lines differ in %s "
	    "on \"%.*s\": %d \"%s\" vs %d \"%s\"\n", what,
	    (int)(len < 200 ? len : 200), line, place->r, place->why, copy->r,
	    copy->why);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct format *f;
	struct side fast, slow, place;
	char why[200];
	const char *s, *end;

	struct format *columns = NULL, *bound = NULL;

	if (size < 1)
		return 0;
	s = (const char *)data + 1;
	end = (const char *)data + size;

	why[0] = '\0';
	if (format_detect(s, (size_t)(end - s), why, sizeof why) == NULL)
		check_message(why, sizeof why);

	if (data[0] < 0x80)
		f = format_table[data[0] & 1];
	else {
		switch ((data[0] - 0x80) % 3) {
		case 0:
			f = format_find("nfdump");
			break;
		case 1:
			f = format_find("zeek");
			break;
		default:
			f = columns = format_columns_template("time=t,"
			    "duration=d,src=a,dst=b,sport=c,dport=e,proto=p,"
			    "packets=k,bytes=y,rbytes=r", why, sizeof why);
			break;
		}
		if (f == NULL)
			abort();
		why[0] = '\0';
		f = bound = format_bind(f, s, (size_t)(end - s), why,
		    sizeof why);
		if (bound == NULL) {
			check_message(why, sizeof why);
			format_free(columns);
			return 0;
		}
	}

	side_init(&fast, f, 1, 0);
	side_init(&slow, f, 0, 0);
	side_init(&place, f, 1, 1);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl != NULL ? nl : end;

		/* Exact-size buffers: overreads past the line are caught, and
		 * before it too but for the in-place parser's slack. */
		size_t len = (size_t)(eol - s);
		char *line = malloc(len ? len : 1);
		char *slack = malloc(RECORDS_SLACK + len);
		uint32_t from_computers = fast.computers.count;
		uint32_t from_ports = fast.portnames.count;

		if (line == NULL || slack == NULL)
			abort();
		memcpy(line, s, len);
		memset(slack, '7', RECORDS_SLACK);
		memcpy(slack + RECORDS_SLACK, s, len);
		side_parse(&fast, line, len);
		side_parse(&slow, line, len);
		side_parse(&place, slack + RECORDS_SLACK, len);
		compare(&fast, &slow, line, len);
		compare_in_place(&place, &fast, line, len, from_computers,
		    from_ports);
		free(slack);
		free(line);
		s = eol + 1;
	}
	side_free(&fast);
	side_free(&slow);
	side_free(&place);
	format_free(bound);
	format_free(columns);
	return 0;
}
