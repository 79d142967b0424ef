/*
 * test_load.c - the parallel streaming pass against an answer computed in
 * the test.
 *
 * A tiny deterministic generator writes flow files and, line by line,
 * works out what the load must find: records, per-computer counters in
 * both directions (with its own reading of the direction rule), protocol
 * and port counts, the per-port and per-protocol profile cells, and every
 * malformed line with its file, line number and message.  The load is run
 * with 1, 2 and 4 threads and chunk sizes down to one byte, so every line
 * is cut at every possible place; the answer must not change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>

#include "load/input.h"
#include "load/pass.h"
#include "unit.h"

#define NCOMP		60		/* computers C1..C60 */
#define MAXPORTS	1024		/* distinct port texts of a run */
#define MAXPROBLEMS	1000

/* --- the answer --- */

struct expect_problem {
	size_t		file;
	uint64_t	line;
	char		what[200];
};

struct expect {
	uint64_t		 records, swapped, malformed;
	uint64_t		 time_min, time_max;
	uint64_t		 proto[256];
	struct counters		 totals[NCOMP + 1];
	struct counters		 protoc[NCOMP + 1][PROTO_NBINS];
	char			 port[MAXPORTS][16];
	size_t			 nports;
	uint64_t		 src_count[MAXPORTS], dst_count[MAXPORTS];
	struct counters		*cells;		/* [comp * MAXPORTS + port] */
	struct expect_problem	 problems[MAXPROBLEMS];
	size_t			 nproblems;
	/* Per file. */
	uint64_t		 lines[8], file_records[8], file_malformed[8];
};

static struct expect *
expect_new(void)
{
	struct expect *e = xcalloc(1, sizeof *e);

	e->cells = xcalloc((size_t)(NCOMP + 1) * MAXPORTS, sizeof *e->cells);
	e->time_min = UINT64_MAX;
	return e;
}

static void
expect_free(struct expect *e)
{
	free(e->cells);
	free(e);
}

static size_t
port_index(struct expect *e, const char *text)
{
	for (size_t i = 0; i < e->nports; i++)
		if (strcmp(e->port[i], text) == 0)
			return i;
	assert_true(e->nports < MAXPORTS);
	snprintf(e->port[e->nports], sizeof e->port[0], "%s", text);
	return e->nports++;
}

static size_t
port_lookup(const struct expect *e, const char *text)
{
	for (size_t i = 0; i < e->nports; i++)
		if (strcmp(e->port[i], text) == 0)
			return i;
	fail_msg("port \"%s\" is not in the answer", text);
	return 0;
}

static void
event(struct counters *c, int dir, uint64_t bytes, uint64_t packets,
    uint64_t seconds)
{
	c->flows[dir]++;
	c->bytes[dir] += bytes;
	c->packets[dir] += packets;
	c->seconds[dir] += seconds;
}

/* --- the generator --- */

enum port_kind { SERVICE, EPHEMERAL, TOKEN, NAME };

struct gen {
	uint64_t	x;
	int		lanl2017;	/* else lanl2015 */
	int		infer;		/* the direction the load will use */
	int		bad;		/* sprinkle malformed lines */
	int		crlf;		/* some lines end in CR LF */
	size_t		file;
};

static uint32_t
rnd(struct gen *g, uint32_t n)
{
	g->x = g->x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((g->x >> 33) % n);
}

/* A port for one side of a flow.  3389 (listed in /etc/services, not
 * well-known) comes on the destination side only: between two listed
 * ports the services learned before the pass decide (direction.h), which
 * this oracle does not model. */
static enum port_kind
gen_port(struct gen *g, char *buf, size_t size, int dst)
{
	static const unsigned service[] = { 21, 22, 53, 80, 88, 389, 443, 445,
	    0, 3389 };
	static const char *const names[] = { "http", "ftp-data", "N007" };

	switch (rnd(g, 8)) {
	case 0: case 1: case 2:
		snprintf(buf, size, "%u", service[rnd(g, dst ? 10 : 9)]);
		return SERVICE;
	case 3:
		snprintf(buf, size, "%u", 32768 + rnd(g, 300));
		return EPHEMERAL;
	case 4: case 5:
		snprintf(buf, size, "N%u", 1 + rnd(g, 200));
		return TOKEN;
	case 6:
		snprintf(buf, size, "Port%u", 60000 + rnd(g, 100));
		return TOKEN;
	default:
		snprintf(buf, size, "%s", names[rnd(g, 3)]);
		return NAME;
	}
}

/* How service-like a port the generator made is (direction.h): the
 * well-known ports above 3389, which /etc/services lists, above the
 * Linux ephemeral range and the tokens. */
static int
port_rank(enum port_kind k, const char *text)
{
	if (k != SERVICE)
		return 0;
	return atoi(text) < 1024 ? 2 : 1;
}

static int
want_proto_bin(unsigned p)
{
	return p == 1 ? PROTO_ICMP : p == 6 ? PROTO_TCP : p == 17 ? PROTO_UDP :
	    PROTO_OTHER;
}

/* A malformed line and its message; NULL when this line is good. */
static const char *
gen_bad(struct gen *g, char *line, size_t size)
{
	if (!g->bad || rnd(g, 23) != 0)
		return NULL;
	switch (rnd(g, 5)) {
	case 0:
		if (g->lanl2017) {
			snprintf(line, size, "5,1,C1,C2,6,80,N1,1,1,12x,0");
			return "field 10 (SrcBytes) is not a whole number: \"12x\"";
		}
		snprintf(line, size, "5,1,C1,80,C2,N1,6,1,12x");
		return "field 9 (bytes) is not a whole number: \"12x\"";
	case 1:
		snprintf(line, size, "5,1,C1,80");
		return g->lanl2017 ? "expected 11 fields, found 4" :
		    "expected 9 fields, found 4";
	case 2:
		snprintf(line, size, "-5,1,C1,C2,6,80,N1,1,1,1,1,1,1");
		return g->lanl2017 ? "expected 11 fields, found 13" :
		    "expected 9 fields, found 13";
	case 3:
		if (g->lanl2017) {
			snprintf(line, size, "-5,1,C1,C2,6,80,N1,1,1,1,1");
			return "field 1 (Time) is negative: \"-5\"";
		}
		snprintf(line, size, "-5,1,C1,80,C2,N1,6,1,1");
		return "field 1 (time) is negative: \"-5\"";
	default:
		if (g->lanl2017) {
			snprintf(line, size, "5,1,C3,C4,300,80,N1,1,1,1,1");
			return "field 5 (Protocol) is not a protocol number "
			    "(0-255): \"300\"";
		}
		snprintf(line, size, "5,1,C3,80,C4,N1,300,1,1");
		return "field 7 (protocol) is not a protocol number (0-255): "
		    "\"300\"";
	}
}

/* One line into b, its effect into e. */
static void
gen_line(struct gen *g, struct expect *e, struct ubuf *b)
{
	char line[256], sp[16], dp[16];
	const char *bad;
	uint64_t line_no = ++e->lines[g->file];

	if ((bad = gen_bad(g, line, sizeof line)) != NULL) {
		struct expect_problem *p = &e->problems[e->nproblems++];

		assert_true(e->nproblems <= MAXPROBLEMS);
		p->file = g->file;
		p->line = line_no;
		snprintf(p->what, sizeof p->what, "%s", bad);
		e->malformed++;
		e->file_malformed[g->file]++;
		ubuf_str(b, line);
		ubuf_str(b, g->crlf && rnd(g, 3) == 0 ? "\r\n" : "\n");
		return;
	}
	if (g->bad && rnd(g, 40) == 0) {	/* blank lines are skipped */
		ubuf_str(b, g->crlf && rnd(g, 2) ? "\r\n" : "\n");
		return;
	}

	uint64_t time = 1000 + line_no + rnd(g, 50), dur = rnd(g, 100);
	unsigned src = 1 + rnd(g, NCOMP), dst = 1 + rnd(g, NCOMP);
	enum port_kind sk = gen_port(g, sp, sizeof sp, 0);
	enum port_kind dk = gen_port(g, dp, sizeof dp, 1);
	static const unsigned protos[] = { 6, 6, 6, 17, 17, 1, 41, 47 };
	unsigned proto = protos[rnd(g, 8)];
	uint64_t pk = rnd(g, 1000), by = pk * (40 + rnd(g, 1460));
	uint64_t rpk = rnd(g, 100), rby = rpk * 60;

	if (g->lanl2017)
		snprintf(line, sizeof line, "%llu,%llu,C%u,C%u,%u,%s,%s,%llu,"
		    "%llu,%llu,%llu", (unsigned long long)time,
		    (unsigned long long)dur, src, dst, proto, sp, dp,
		    (unsigned long long)pk, (unsigned long long)rpk,
		    (unsigned long long)by, (unsigned long long)rby);
	else {
		snprintf(line, sizeof line, "%llu,%llu,C%u,%s,C%u,%s,%u,%llu,"
		    "%llu", (unsigned long long)time, (unsigned long long)dur,
		    src, sp, dst, dp, proto, (unsigned long long)pk,
		    (unsigned long long)by);
		rpk = rby = 0;
	}
	ubuf_str(b, line);
	ubuf_str(b, g->crlf && rnd(g, 3) == 0 ? "\r\n" : "\n");

	/* What the load must count. */
	uint64_t packets = pk + rpk, bytes = by + rby;
	size_t si = port_index(e, sp), di = port_index(e, dp), service = di;
	unsigned client = src, server = dst;

	e->records++;
	e->file_records[g->file]++;
	e->time_min = time < e->time_min ? time : e->time_min;
	e->time_max = time > e->time_max ? time : e->time_max;
	e->proto[proto]++;
	e->src_count[si]++;
	e->dst_count[di]++;
	if (g->infer && sk != NAME && dk != NAME &&
	    port_rank(sk, sp) > port_rank(dk, dp)) {
		client = dst;
		server = src;
		service = si;
		e->swapped++;
	}
	event(&e->totals[client], DIR_OUT, bytes, packets, dur);
	event(&e->totals[server], DIR_IN, bytes, packets, dur);
	event(&e->protoc[client][want_proto_bin(proto)], DIR_OUT, bytes, packets,
	    dur);
	event(&e->protoc[server][want_proto_bin(proto)], DIR_IN, bytes, packets,
	    dur);
	event(&e->cells[(size_t)client * MAXPORTS + service], DIR_OUT, bytes,
	    packets, dur);
	event(&e->cells[(size_t)server * MAXPORTS + service], DIR_IN, bytes,
	    packets, dur);
}

/* A file of n lines (plus a header for lanl2017 when asked). */
static void
gen_file(struct gen *g, struct expect *e, struct ubuf *b, int n, int header,
    int final_newline)
{
	ubuf_add(b, "", 0);
	if (header) {
		e->lines[g->file]++;
		ubuf_str(b, g->lanl2017 ? "Time,Duration,SrcDevice,DstDevice,"
		    "Protocol,SrcPort,DstPort,SrcPackets,DstPackets,SrcBytes,"
		    "DstBytes\n" : "time,duration,src computer,src port,"
		    "dst computer,dst port,protocol,packets,bytes\n");
	}
	for (int i = 0; i < n; i++)
		gen_line(g, e, b);
	if (!final_newline) {
		/* The last line ends without its newline (and its CR);
		 * blank lines before that end are gone too. */
		uint64_t nl = 0;

		while (b->len > 0 && (b->p[b->len - 1] == '\n' ||
		    b->p[b->len - 1] == '\r'))
			nl += b->p[--b->len] == '\n';
		b->p[b->len] = '\0';
		assert_true(b->len > 0 && nl > 0);
		e->lines[g->file] -= nl - 1;
	}
}

/* --- comparing --- */

static unsigned
comp_number(const struct tally *t, uint32_t id)
{
	unsigned n = 0;

	assert_true(id < t->computers.count);
	assert_int_equal(sscanf(names_get(&t->computers, id), "C%u", &n), 1);
	assert_true(n >= 1 && n <= NCOMP);
	return n;
}

static void
check_counters(const struct counters *got, const struct counters *want,
    const char *what, unsigned comp)
{
	for (int d = 0; d < DIR_N; d++)
		if (got->flows[d] != want->flows[d] ||
		    got->bytes[d] != want->bytes[d] ||
		    got->packets[d] != want->packets[d] ||
		    got->seconds[d] != want->seconds[d])
			fail_msg("%s of C%u, %s: flows %llu/%llu bytes %llu/%llu "
			    "packets %llu/%llu seconds %llu/%llu (got/want)",
			    what, comp, d == DIR_IN ? "in" : "out",
			    (unsigned long long)got->flows[d],
			    (unsigned long long)want->flows[d],
			    (unsigned long long)got->bytes[d],
			    (unsigned long long)want->bytes[d],
			    (unsigned long long)got->packets[d],
			    (unsigned long long)want->packets[d],
			    (unsigned long long)got->seconds[d],
			    (unsigned long long)want->seconds[d]);
}

static void
check_ports(const struct tally *t, const struct keyindex *m,
    const uint64_t *count, const struct expect *e, const uint64_t *want)
{
	size_t distinct = 0;
	char text[300];

	for (size_t i = 0; i < e->nports; i++)
		distinct += want[i] > 0;
	assert_int_equal(m->count, distinct);
	for (uint32_t k = 0; k < m->count; k++) {
		port_format((uint32_t)m->keys[k], &t->portnames, text,
		    sizeof text);
		size_t i = port_lookup(e, text);
		if (count[k] != want[i])
			fail_msg("port %s: %llu, want %llu", text,
			    (unsigned long long)count[k],
			    (unsigned long long)want[i]);
	}
}

/* The whole tally against the answer. */
static void
check_tally(const struct tally *t, const struct expect *e)
{
	unsigned seen = 0;
	size_t ncells = 0;
	char text[300];

	assert_int_equal(t->records, e->records);
	/* Without profiles no direction is needed, so none is inferred. */
	assert_int_equal(t->swapped, t->profiles ? e->swapped : 0);
	if (e->records > 0) {
		assert_int_equal(t->time_min, e->time_min);
		assert_int_equal(t->time_max, e->time_max);
	}
	for (int p = 0; p < 256; p++)
		if (t->proto[p] != e->proto[p])
			fail_msg("protocol %d: %llu, want %llu", p,
			    (unsigned long long)t->proto[p],
			    (unsigned long long)e->proto[p]);
	for (unsigned c = 1; c <= NCOMP; c++)
		seen += e->totals[c].flows[DIR_IN] + e->totals[c].flows[DIR_OUT]
		    > 0;
	assert_int_equal(t->computers.count, seen);
	for (uint32_t id = 0; id < t->computers.count; id++) {
		unsigned c = comp_number(t, id);

		/* Merged ids follow name order. */
		if (id > 0)
			assert_true(names_compare(names_get(&t->computers,
			    id - 1), names_get(&t->computers, id)) < 0);
		if (!t->profiles) {
			/* `stats` counts only the flows of each computer. */
			assert_int_equal(tally_flows(t, id),
			    e->totals[c].flows[DIR_IN] +
			    e->totals[c].flows[DIR_OUT]);
			continue;
		}
		check_counters(&t->totals[id], &e->totals[c], "totals", c);
		for (int b = 0; b < PROTO_NBINS; b++)
			check_counters(&t->proto_counters[(size_t)id *
			    PROTO_NBINS + b], &e->protoc[c][b], "protocol bin", c);
	}
	check_ports(t, &t->src_ports, t->src_count, e, e->src_count);
	check_ports(t, &t->dst_ports, t->dst_count, e, e->dst_count);
	if (!t->profiles)
		return;
	for (size_t i = 0; i < (size_t)(NCOMP + 1) * MAXPORTS; i++)
		ncells += e->cells[i].flows[DIR_IN] + e->cells[i].flows[DIR_OUT]
		    > 0;
	assert_int_equal(t->cells.count, ncells);
	for (uint32_t k = 0; k < t->cells.count; k++) {
		uint64_t key = t->cells.keys[k];
		unsigned c = comp_number(t, (uint32_t)(key >> 32));

		port_format((uint32_t)key, &t->portnames, text, sizeof text);
		check_counters(&t->cell_counters[k],
		    &e->cells[(size_t)c * MAXPORTS + port_lookup(e, text)],
		    text, c);
	}
}

/* Problems, per-file counts and the malformed total. */
static void
check_problems(const struct load_result *r, const struct expect *e,
    char *const *paths, size_t max)
{
	size_t want = e->nproblems < max ? e->nproblems : max;

	assert_int_equal(r->malformed, e->malformed);
	assert_int_equal(r->nproblems, want);
	for (size_t i = 0; i < want; i++) {
		const struct load_problem *p = &r->problems[i];
		const struct expect_problem *w = &e->problems[i];

		if (p->file_index != w->file || p->line != w->line ||
		    strcmp(p->what, w->what) != 0)
			fail_msg("problem %zu: %zu %s:%llu: %s; want %zu:%llu: %s",
			    i, p->file_index, p->file,
			    (unsigned long long)p->line, p->what, w->file,
			    (unsigned long long)w->line, w->what);
		/* Standard input is named as the user reads it. */
		assert_string_equal(p->file, strcmp(paths[w->file], "-") == 0 ?
		    "<stdin>" : paths[w->file]);
	}
	for (size_t f = 0; f < r->nfiles; f++) {
		assert_int_equal(r->files[f].lines, e->lines[f]);
		assert_int_equal(r->files[f].records, e->file_records[f]);
		assert_int_equal(r->files[f].malformed, e->file_malformed[f]);
	}
}

static const size_t chunk_sizes[] = { 1, 7, 64, 4096, 0 };
static const int thread_counts[] = { 1, 2, 4 };

static int
run(char *const *paths, size_t n, struct pass_options *o,
    struct load_result *r, char *err, size_t errlen)
{
	return pass_run((const char *const *)paths, n, o, r, err, errlen);
}

/* --- the tests --- */

static void
test_matrix_lanl2015(void **state)
{
	char *dir = unit_tmpdir(), *paths[2];
	struct expect *e = expect_new();
	struct gen g = { .x = 42, .infer = 1, .bad = 1, .crlf = 1 };
	struct ubuf b = {0};
	size_t zlen;

	(void)state;
	gen_file(&g, e, &b, 5000, 0, 0);
	assert_true(e->nproblems > 50);
	assert_true(e->swapped > 100);
	paths[0] = unit_write(dir, "flows.txt", b.p, b.len);
	unsigned char *z = unit_gzip(b.p, b.len, &zlen);
	paths[1] = unit_write(dir, "flows.txt.gz", z, zlen);
	free(z);

	for (size_t f = 0; f < 2; f++)
		for (size_t t = 0; t < 3; t++)
			for (size_t c = 0; c < 5; c++) {
				struct pass_options o;
				struct load_result r;
				char err[512];

				pass_options_default(&o);
				o.threads = thread_counts[t];
				o.chunk_bytes = chunk_sizes[c];
				o.profiles = 1;
				o.max_problems = MAXPROBLEMS;
				print_message("%s threads %d chunk %zu\n",
				    paths[f], o.threads, o.chunk_bytes);
				if (run(&paths[f], 1, &o, &r, err, sizeof err) != 0)
					fail_msg("load: %s", err);
				assert_int_equal(r.threads, thread_counts[t]);
				assert_int_equal(r.cancelled, 0);
				assert_string_equal(r.files[0].format, "lanl2015");
				assert_int_equal(r.files[0].direction,
				    DIRECTION_INFER);
				assert_null(r.files[0].warning);
				/* The gzip file names its inflater. */
				assert_int_equal(r.files[0].gzip, f == 1);
				if (f == 1)
					assert_string_equal(r.inflater,
					    input_inflater());
				else
					assert_null(r.inflater);
				check_tally(&r.inside->tally, e);
				check_problems(&r, e, &paths[f], MAXPROBLEMS);
				load_result_free(&r);
			}
	/* As-is counts the same file without turning flows around. */
	struct expect *e2 = expect_new();
	struct gen g2 = { .x = 42, .infer = 0, .bad = 1, .crlf = 1 };
	struct ubuf b2 = {0};
	gen_file(&g2, e2, &b2, 5000, 0, 0);
	assert_int_equal(b2.len, b.len);
	assert_memory_equal(b2.p, b.p, b.len);
	for (size_t t = 0; t < 3; t++) {
		struct pass_options o;
		struct load_result r;
		char err[512];

		pass_options_default(&o);
		o.threads = thread_counts[t];
		o.chunk_bytes = 64;
		o.direction = DIRECTION_AS_IS;
		/* Without profiles the totals still count. */
		o.profiles = t != 1;
		if (run(paths, 1, &o, &r, err, sizeof err) != 0)
			fail_msg("load: %s", err);
		assert_int_equal(r.files[0].direction, DIRECTION_AS_IS);
		check_tally(&r.inside->tally, e2);
		check_problems(&r, e2, paths, 5);
		load_result_free(&r);
	}
	ubuf_free(&b2);
	expect_free(e2);
	ubuf_free(&b);
	expect_free(e);
	free(paths[0]);
	free(paths[1]);
	unit_rmtree(dir);
}

static void
test_matrix_lanl2017(void **state)
{
	char *dir = unit_tmpdir(), *path;
	struct expect *e = expect_new();
	struct gen g = { .x = 7, .lanl2017 = 1, .bad = 1 };
	struct ubuf b = {0};

	(void)state;
	gen_file(&g, e, &b, 3000, 1, 1);
	path = unit_write(dir, "netflow_day-02.csv", b.p, b.len);
	for (size_t t = 0; t < 3; t++)
		for (size_t c = 0; c < 5; c++) {
			struct pass_options o;
			struct load_result r;
			char err[512];

			pass_options_default(&o);
			o.threads = thread_counts[t];
			o.chunk_bytes = chunk_sizes[c];
			o.profiles = 1;
			o.max_problems = 3;
			if (run(&path, 1, &o, &r, err, sizeof err) != 0)
				fail_msg("load: %s", err);
			assert_string_equal(r.files[0].format, "lanl2017");
			assert_int_equal(r.files[0].direction, DIRECTION_AS_IS);
			check_tally(&r.inside->tally, e);
			/* Only the first three are kept, in order. */
			check_problems(&r, e, &path, 3);
			load_result_free(&r);
		}
	ubuf_free(&b);
	expect_free(e);
	free(path);
	unit_rmtree(dir);
}

/* Several files: one after another, or whole files per thread. */
static void
test_many_files(void **state)
{
	char *dir = unit_tmpdir(), *paths[6];
	struct expect *e = expect_new();
	struct ubuf b = {0};

	(void)state;
	for (size_t f = 0; f < 6; f++) {
		/* Two of them lanl2017, one gzipped; all infer-free except
		 * the lanl2015 ones, which infer by default. */
		struct gen g = { .x = 100 + f, .lanl2017 = f == 2 || f == 5,
		    .bad = 1, .crlf = f == 1, .file = f };
		char name[32];

		g.infer = !g.lanl2017;
		b.len = 0;
		gen_file(&g, e, &b, 700 + 150 * (int)f, g.lanl2017, f != 3);
		if (f == 4) {
			size_t zlen;
			unsigned char *z = unit_gzip(b.p, b.len, &zlen);

			paths[f] = unit_write(dir, "f4.gz", z, zlen);
			free(z);
		} else {
			snprintf(name, sizeof name, "f%zu.txt", f);
			paths[f] = unit_write(dir, name, b.p, b.len);
		}
	}
	for (size_t t = 0; t < 3; t++)
		for (size_t n = 2; n <= 6; n += 4)
			for (size_t c = 0; c < 5; c += 2) {
				struct pass_options o;
				struct load_result r;
				char err[512];
				struct expect *w = e;

				pass_options_default(&o);
				o.threads = thread_counts[t];
				o.chunk_bytes = chunk_sizes[c];
				o.profiles = 1;
				o.max_problems = MAXPROBLEMS;
				if (n == 2) {
					/* The first two files alone. */
					struct gen g0 = { .x = 100, .infer = 1,
					    .bad = 1 };
					struct gen g1 = { .x = 101, .infer = 1,
					    .bad = 1, .crlf = 1, .file = 1 };
					w = expect_new();
					b.len = 0;
					gen_file(&g0, w, &b, 700, 0, 1);
					b.len = 0;
					gen_file(&g1, w, &b, 850, 0, 1);
				}
				if (run(paths, n, &o, &r, err, sizeof err) != 0)
					fail_msg("load: %s", err);
				assert_int_equal(r.nfiles, n);
				for (size_t f = 0; f < n; f++)
					assert_string_equal(r.files[f].format,
					    (f == 2 || f == 5 ?
					    "lanl2017" : "lanl2015"));
				check_tally(&r.inside->tally, w);
				check_problems(&r, w, paths, MAXPROBLEMS);
				load_result_free(&r);
				if (w != e)
					expect_free(w);
			}
	for (size_t f = 0; f < 6; f++)
		free(paths[f]);
	ubuf_free(&b);
	expect_free(e);
	unit_rmtree(dir);
}

/* A line of len bytes (before its terminator) that is a good record with
 * time 9: leading zeros pad it. */
static void
long_record(struct ubuf *b, size_t len, const char *end)
{
	const char *rest = ",0,CL,389,CM,N1,6,10,12";
	size_t pad = len - strlen(rest) - 1;

	for (size_t i = 0; i < pad; i++)
		ubuf_add(b, "0", 1);
	ubuf_str(b, "9");
	ubuf_str(b, rest);
	ubuf_str(b, end);
}

static void
test_long_lines(void **state)
{
	char *dir = unit_tmpdir(), *path;
	struct ubuf b = {0};
	char over[200];

	(void)state;
	snprintf(over, sizeof over, "line longer than %d bytes",
	    RECORDS_MAX_LINE);
	/* Line numbers of the expected problems (all overlong). */
	const uint64_t bad_lines[] = { 3, 5, 6, 9 };
	ubuf_str(&b, "1,0,C1,80,C2,N1,6,1,1\n");		/* 1 */
	long_record(&b, RECORDS_MAX_LINE, "\n");		/* 2: legal */
	long_record(&b, RECORDS_MAX_LINE + 1, "\n");		/* 3 */
	long_record(&b, RECORDS_MAX_LINE, "\r\n");		/* 4: legal */
	long_record(&b, 3 * RECORDS_MAX_LINE, "\n");		/* 5 */
	long_record(&b, RECORDS_MAX_LINE + 2, "\r\n");		/* 6 */
	ubuf_str(&b, "2,0,C1,80,C2,N1,6,1,1\n");		/* 7 */
	ubuf_str(&b, "\n");					/* 8 */
	long_record(&b, 2 * RECORDS_MAX_LINE + 5, "");		/* 9, no NL */
	path = unit_write(dir, "long.txt", b.p, b.len);

	for (size_t t = 0; t < 3; t++)
		for (size_t c = 0; c < 5; c++) {
			struct pass_options o;
			struct load_result r;
			char err[512];

			pass_options_default(&o);
			o.threads = thread_counts[t];
			o.chunk_bytes = chunk_sizes[c];
			o.format = format_find("lanl2015");
			o.max_problems = 10;
			print_message("threads %d chunk %zu\n", o.threads,
			    o.chunk_bytes);
			if (run(&path, 1, &o, &r, err, sizeof err) != 0)
				fail_msg("load: %s", err);
			assert_int_equal(r.files[0].lines, 9);
			assert_int_equal(r.inside->tally.records, 4);
			assert_int_equal(r.malformed, 4);
			assert_int_equal(r.nproblems, 4);
			for (size_t i = 0; i < 4; i++) {
				assert_int_equal(r.problems[i].line,
				    bad_lines[i]);
				assert_string_equal(r.problems[i].what, over);
			}
			/* The long good ones were read whole. */
			uint32_t cl = names_find(&r.inside->tally.computers, "CL", 2);
			assert_int_not_equal(cl, UINT32_MAX);
			assert_int_equal(tally_flows(&r.inside->tally, cl), 2);
			assert_int_equal(r.inside->tally.time_max, 9);
			load_result_free(&r);
		}
	ubuf_free(&b);
	free(path);
	unit_rmtree(dir);
}

static void
test_strict(void **state)
{
	char *dir = unit_tmpdir(), *paths[2], want[512];
	struct expect *e = expect_new();
	struct gen g = { .x = 5, .infer = 1, .bad = 1 };
	struct ubuf b = {0};

	(void)state;
	gen_file(&g, e, &b, 3000, 0, 1);
	paths[0] = unit_write(dir, "a.txt", b.p, b.len);
	b.len = 0;
	g.file = 1;
	g.bad = 0;
	gen_file(&g, e, &b, 100, 0, 1);
	paths[1] = unit_write(dir, "b.txt", b.p, b.len);
	assert_true(e->nproblems > 0);
	snprintf(want, sizeof want, "%s:%llu: %s (--strict)", paths[0],
	    (unsigned long long)e->problems[0].line, e->problems[0].what);
	for (size_t t = 0; t < 3; t++)
		for (size_t c = 0; c < 5; c++) {
			struct pass_options o;
			struct load_result r;
			char err[512] = "";

			pass_options_default(&o);
			o.threads = thread_counts[t];
			o.chunk_bytes = chunk_sizes[c];
			o.strict = 1;
			assert_int_equal(run(paths, t == 1 ? 2 : 1, &o, &r, err,
			    sizeof err), -1);
			assert_string_equal(err, want);
			assert_true(r.malformed >= 1);
			assert_true(r.nproblems >= 1);
			/* It stopped: far from all records were counted. */
			if (c < 3 && r.inside->tally.records >= e->records / 2)
				fail_msg("threads %d chunk %zu: %llu of %llu "
				    "records counted", o.threads, o.chunk_bytes,
				    (unsigned long long)r.inside->tally.records,
				    (unsigned long long)e->records);
			load_result_free(&r);
		}
	ubuf_free(&b);
	expect_free(e);
	free(paths[0]);
	free(paths[1]);
	unit_rmtree(dir);
}

static void
cancel_on_progress(void *ctx, const struct sink_progress *p)
{
	volatile sig_atomic_t *flag = ctx;

	(void)p;
	*flag = 1;
}

static void
test_cancel(void **state)
{
	char *dir = unit_tmpdir(), *paths[4];
	struct expect *e = expect_new();
	struct ubuf b = {0};

	(void)state;
	for (size_t f = 0; f < 4; f++) {
		struct gen g = { .x = 9 + f, .infer = 1, .file = f };
		char name[32];

		b.len = 0;
		gen_file(&g, e, &b, 2000, 0, 1);
		snprintf(name, sizeof name, "c%zu.txt", f);
		paths[f] = unit_write(dir, name, b.p, b.len);
	}
	/* Cancelled by the reading thread's first progress report: one
	 * file read by all threads, or files one after another. */
	for (size_t t = 0; t < 3; t++)
		for (size_t n = 1; n <= 4; n += 3) {
			struct pass_options o;
			struct load_result r;
			char err[512];
			volatile sig_atomic_t flag = 0;

			if (n == 4 && t > 0)
				continue;	/* who reports is up to OpenMP */
			pass_options_default(&o);
			o.threads = thread_counts[t];
			o.chunk_bytes = 64;
			struct sink sink = { .progress = cancel_on_progress,
			    .ctx = (void *)&flag, .cancel = &flag };

			o.sink = &sink;
			assert_int_equal(run(paths, n, &o, &r, err, sizeof err),
			    0);
			assert_int_equal(r.cancelled, 1);
			/* At most the chunks in flight were parsed. */
			if (r.inside->tally.records >= e->records / 20)
				fail_msg("threads %d files %zu: %llu of %llu "
				    "records counted", o.threads, n,
				    (unsigned long long)r.inside->tally.records,
				    (unsigned long long)e->records);
			load_result_free(&r);
		}
	/* Set before the start: nothing is read, in any mode. */
	for (size_t t = 0; t < 3; t++)
		for (size_t n = 1; n <= 4; n += 3) {
			struct pass_options o;
			struct load_result r;
			char err[512];
			volatile sig_atomic_t flag = 1;

			pass_options_default(&o);
			struct sink sink = { .cancel = &flag };

			o.threads = thread_counts[t];
			o.sink = &sink;
			assert_int_equal(run(paths, n, &o, &r, err, sizeof err),
			    0);
			assert_int_equal(r.cancelled, 1);
			assert_int_equal(r.inside->tally.records, 0);
			load_result_free(&r);
		}
	for (size_t f = 0; f < 4; f++)
		free(paths[f]);
	ubuf_free(&b);
	expect_free(e);
	unit_rmtree(dir);
}

struct progress_log {
	uint64_t	calls, last_done, last_total;
	int		backwards;
};

static void
log_progress(void *ctx, const struct sink_progress *sp)
{
	struct progress_log *p = ctx;

	if (sp->bytes < p->last_done)
		p->backwards = 1;
	p->calls++;
	p->last_done = sp->bytes;
	p->last_total = sp->total;
}

static void
test_progress(void **state)
{
	char *dir = unit_tmpdir(), *path;
	struct expect *e = expect_new();
	struct gen g = { .x = 3, .infer = 1 };
	struct ubuf b = {0};

	(void)state;
	gen_file(&g, e, &b, 2000, 0, 1);
	path = unit_write(dir, "p.txt", b.p, b.len);
	for (size_t t = 0; t < 3; t++) {
		struct pass_options o;
		struct load_result r;
		struct progress_log log = {0};
		char err[512];

		pass_options_default(&o);
		o.threads = thread_counts[t];
		o.chunk_bytes = 4096;
		struct sink sink = { .progress = log_progress, .ctx = &log };

		o.sink = &sink;
		assert_int_equal(run(&path, 1, &o, &r, err, sizeof err), 0);
		assert_true(log.calls >= 2);
		assert_false(log.backwards);
		assert_int_equal(log.last_done, b.len);
		assert_int_equal(log.last_total, b.len);
		check_tally(&r.inside->tally, e);
		load_result_free(&r);
	}
	ubuf_free(&b);
	expect_free(e);
	free(path);
	unit_rmtree(dir);
}

static void
test_errors(void **state)
{
	char *dir = unit_tmpdir(), *paths[3], want[1024];
	struct pass_options o;
	struct load_result r;
	char err[1024];
	struct ubuf b = {0};
	size_t zlen;

	(void)state;
	pass_options_default(&o);
	/* A missing file: nothing is trusted. */
	paths[0] = unit_write(dir, "ok.txt", "1,0,C1,80,C2,N1,6,1,1\n", 22);
	paths[1] = xstrdup("/nonexistent/flows.txt");
	for (int t = 1; t <= 2; t++) {
		o.threads = t;
		assert_int_equal(run(paths, 2, &o, &r, err, sizeof err), -1);
		assert_contains(err, "/nonexistent/flows.txt: No such file or "
		    "directory");
		assert_contains(err, "lines read before the error; no results "
		    "written)");
		load_result_free(&r);
	}
	free(paths[1]);
	/* A format no one can tell. */
	paths[1] = unit_write(dir, "odd.csv", "a,b,c\n1,2,3\n", 12);
	o.threads = 1;
	assert_int_equal(run(&paths[1], 1, &o, &r, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: cannot tell the format: the first "
	    "line has 3 comma-separated fields", paths[1]);
	assert_contains(err, want);
	load_result_free(&r);
	/* ...unless it is given (and then every line is malformed). */
	o.format = format_find("lanl2015");
	o.max_problems = 5;
	assert_int_equal(run(&paths[1], 1, &o, &r, err, sizeof err), 0);
	assert_int_equal(r.malformed, 2);
	assert_int_equal(r.problems[1].line, 2);
	assert_string_equal(r.problems[1].what, "expected 9 fields, found 3");
	load_result_free(&r);
	o.format = NULL;
	free(paths[1]);

	/* A truncated gzip file is an error; trailing garbage a warning. */
	for (int i = 0; i < 500; i++)
		ubuf_printf(&b, "%d,0,C%d,80,C2,N1,6,1,1\n", i, i % 7);
	unsigned char *z = unit_gzip(b.p, b.len, &zlen);
	paths[1] = unit_write(dir, "cut.gz", z, zlen - 20);
	assert_int_equal(run(&paths[1], 1, &o, &r, err, sizeof err), -1);
	assert_contains(err, "truncated gzip data");
	load_result_free(&r);
	free(paths[1]);
	memcpy(z + zlen, "junk", 4);	/* unit_gzip leaves room */
	paths[1] = unit_write(dir, "tail.gz", z, zlen + 4);
	for (int t = 1; t <= 2; t++) {
		o.threads = t;
		assert_int_equal(run(&paths[1], 1, &o, &r, err, sizeof err), 0);
		assert_int_equal(r.inside->tally.records, 500);
		assert_non_null(r.files[0].warning);
		assert_contains(r.files[0].warning, "trailing garbage");
		load_result_free(&r);
	}
	free(z);
	free(paths[1]);

	/* An empty file is fine and holds nothing. */
	paths[1] = unit_write(dir, "empty.txt", "", 0);
	paths[2] = unit_write(dir, "empty.gz", "", 0);
	for (int t = 1; t <= 4; t *= 2) {
		o.threads = t;
		assert_int_equal(run(&paths[1], 2, &o, &r, err, sizeof err), 0);
		assert_int_equal(r.inside->tally.records, 0);
		assert_int_equal(r.files[0].lines, 0);
		assert_int_equal(r.inside->tally.computers.count, 0);
		load_result_free(&r);
	}
	ubuf_free(&b);
	free(paths[0]);
	free(paths[1]);
	free(paths[2]);
	unit_rmtree(dir);
}

static void
test_stdin(void **state)
{
	char *dir = unit_tmpdir(), *path, *dash = xstrdup("-");
	struct expect *e = expect_new();
	struct gen g = { .x = 77, .infer = 1, .bad = 1 };
	struct ubuf b = {0};
	size_t zlen;

	(void)state;
	gen_file(&g, e, &b, 2000, 0, 1);
	unsigned char *z = unit_gzip(b.p, b.len, &zlen);
	path = unit_write(dir, "in.gz", z, zlen);
	free(z);
	for (int t = 1; t <= 2; t++) {
		struct pass_options o;
		struct load_result r;
		char err[512];
		int saved = dup(STDIN_FILENO), fd = open(path, O_RDONLY);

		assert_true(saved >= 0 && fd >= 0);
		assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
		close(fd);
		pass_options_default(&o);
		o.threads = t;
		o.chunk_bytes = 7;
		o.profiles = 1;
		o.max_problems = MAXPROBLEMS;
		int rc = run(&dash, 1, &o, &r, err, sizeof err);
		assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
		close(saved);
		if (rc != 0)
			fail_msg("load: %s", err);
		check_tally(&r.inside->tally, e);
		check_problems(&r, e, &dash, MAXPROBLEMS);
		load_result_free(&r);
	}
	ubuf_free(&b);
	expect_free(e);
	free(path);
	free(dash);
	unit_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix_lanl2015),
		cmocka_unit_test(test_matrix_lanl2017),
		cmocka_unit_test(test_many_files),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_stdin),
	};

	/* Every case with each inflate back end this build has, and with
	 * the parser's fast path on and off. */
	static const struct {
		const char	*name, *inflater;
		int		 fast;
	} runs[] = {
		{ "zlib, fast path", "zlib", 1 },
		{ "zlib, libcsv only", "zlib", 0 },
		{ "isa-l, fast path", "isa-l", 1 },
		{ "isa-l, libcsv only", "isa-l", 0 },
	};
	int failed = 0;

	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
		if (input_set_inflater(runs[i].inflater) == 0) {
			records_set_fast_path(runs[i].fast);
			failed += cmocka_run_group_tests_name(runs[i].name,
			    tests, NULL, NULL);
		}
	return failed;
}
