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
 *
 * Each test makes its input and answer and hands plan_run() a plan: the
 * files, which of those splits to run, the options, and what every run
 * must find (the answer, a return code, a cancel, progress reports) with
 * further checks of its own; plan_run() names the split that failed.
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
	const char		*format[8];
	enum direction		 direction[8];
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

/* A file of n lines (plus a header for lanl2017 when asked) in b. */
static void
gen_file(struct gen *g, struct expect *e, struct ubuf *b, int n, int header,
    int final_newline)
{
	b->len = 0;
	ubuf_add(b, "", 0);
	e->format[g->file] = g->lanl2017 ? "lanl2017" : "lanl2015";
	e->direction[g->file] = g->infer ? DIRECTION_INFER : DIRECTION_AS_IS;
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

/* --- one pass, every way of splitting it --- */

/*
 * The ways a pass can split the same work: the threads, and the bytes of
 * the chunks a file is cut into, down to one byte so that every line is
 * cut at every place (0: the default, 1 MiB).  With at least as many files
 * as threads each thread takes whole files instead; tests that want that
 * give more files.  A plan picks rows by two masks, bit i for entry i of
 * each list, and every row it picks must pass the same checks.
 */
static const int split_threads[] = { 1, 2, 4 };
static const size_t split_chunks[] = { 1, 7, 64, 4096, 0 };

enum { TH_1 = 1, TH_2 = 2, TH_4 = 4, TH_ALL = 7 };
enum { CH_1 = 1, CH_7 = 2, CH_64 = 4, CH_4K = 8, CH_DEFAULT = 16,
    CH_ALL = 31 };

/* One run of a plan, as its checks see it. */
struct run {
	const struct plan		*p;
	const struct pass_options	*o;
	const char			*err;
};

/* A sink of the plan's own, which cancels the run or logs its progress. */
enum plan_sink { NO_SINK, CANCEL_AT_START, CANCEL_ON_PROGRESS, LOG_PROGRESS };

/* The same files and options, run once for each split picked. */
struct plan {
	const char		*name;		/* says which run failed */
	char *const		*paths;
	size_t			 npaths;
	const char		*stdin_from;	/* a file "-" reads, or NULL */
	unsigned		 threads, chunks;	/* TH_*, CH_* masks */
	/* Options other than pass_options_default()'s (0: its own). */
	const char		*format;
	enum direction		 direction;
	int			 profiles, max_problems, strict;
	enum plan_sink		 sink;
	/* What every run returns; with CANCEL_ON_PROGRESS a bound on the
	 * records counted, with LOG_PROGRESS the bytes the reports climb
	 * to; the answer it finds (or NULL), with bit f of gzip set when
	 * file f is gzipped; further checks of each result (or NULL). */
	int			 rc;
	uint64_t		 records_below;
	size_t			 progress_to;
	const struct expect	*answer;
	unsigned		 gzip;
	void			(*check)(const struct load_result *,
				    const struct run *);
	void			*ctx;
};

/* The plan's answer: the files, the tally, and the first problems, in
 * order. */
static void
check_answer(const struct load_result *r, const struct run *run)
{
	const struct expect *e = run->p->answer;
	char *const *paths = run->p->paths;
	size_t max = (size_t)run->o->max_problems;
	size_t want = e->nproblems < max ? e->nproblems : max;

	assert_int_equal(r->threads, run->o->threads);
	assert_int_equal(r->nfiles, run->p->npaths);
	for (size_t f = 0; f < r->nfiles; f++) {
		assert_string_equal(r->files[f].format, e->format[f]);
		assert_int_equal(r->files[f].direction, e->direction[f]);
		assert_null(r->files[f].warning);
		assert_int_equal(r->files[f].gzip, run->p->gzip >> f & 1);
		assert_int_equal(r->files[f].lines, e->lines[f]);
		assert_int_equal(r->files[f].records, e->file_records[f]);
		assert_int_equal(r->files[f].malformed, e->file_malformed[f]);
	}
	/* Gzip files name their inflater. */
	if (run->p->gzip != 0)
		assert_string_equal(r->inflater, input_inflater());
	else
		assert_null(r->inflater);
	check_tally(&r->inside->tally, e);
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
}

/* What the plan's sink saw of one run. */
struct watch {
	volatile sig_atomic_t	 cancel;
	int			 stop;		/* cancel on progress */
	uint64_t		 calls, done, total;
	int			 backwards;
};

static void
watch_progress(void *ctx, const struct sink_progress *sp)
{
	struct watch *w = ctx;

	w->backwards |= sp->bytes < w->done;
	w->calls++;
	w->done = sp->bytes;
	w->total = sp->total;
	if (w->stop)
		w->cancel = 1;
}

/* Standard input reads path from now on; returns a copy of the old one. */
static int
stdin_redirect(const char *path)
{
	int fd = open(path, O_RDONLY), saved = dup(STDIN_FILENO);

	assert_true(fd >= 0 && saved >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	return saved;
}

/* One run of p with options o: the sink, the pass, the checks. */
static void
plan_once(const struct plan *p, struct pass_options *o)
{
	int cancels = p->sink == CANCEL_AT_START ||
	    p->sink == CANCEL_ON_PROGRESS;
	struct watch w = { .cancel = p->sink == CANCEL_AT_START,
	    .stop = p->sink == CANCEL_ON_PROGRESS };
	struct sink sink = { .ctx = &w, .cancel = cancels ? &w.cancel : NULL,
	    .progress = p->sink == CANCEL_AT_START ? NULL : watch_progress };
	struct load_result r;
	char err[1024] = "";
	int rc, saved = p->stdin_from ? stdin_redirect(p->stdin_from) : -1;

	o->sink = p->sink != NO_SINK ? &sink : NULL;
	rc = pass_run((const char *const *)p->paths, p->npaths, o, &r, err,
	    sizeof err);
	if (saved >= 0) {
		assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
		close(saved);
	}
	if (rc != p->rc)
		fail_msg("pass returned %d, want %d: %s", rc, p->rc, err);
	assert_int_equal(r.cancelled, cancels);
	if (p->sink == CANCEL_AT_START)
		assert_int_equal(r.inside->tally.records, 0);
	if (p->sink == CANCEL_ON_PROGRESS &&
	    r.inside->tally.records >= p->records_below)
		fail_msg("%llu records counted, want fewer than %llu",
		    (unsigned long long)r.inside->tally.records,
		    (unsigned long long)p->records_below);
	if (p->sink == LOG_PROGRESS) {
		assert_true(w.calls >= 2);
		assert_false(w.backwards);
		assert_int_equal(w.done, p->progress_to);
		assert_int_equal(w.total, p->progress_to);
	}
	if (p->answer != NULL)
		check_answer(&r, &(struct run){ p, o, err });
	if (p->check != NULL)
		p->check(&r, &(struct run){ p, o, err });
	load_result_free(&r);
}

static void
plan_run(const struct plan *p)
{
	const size_t nt = sizeof split_threads / sizeof split_threads[0];
	const size_t nc = sizeof split_chunks / sizeof split_chunks[0];
	size_t runs = 0;

	for (size_t i = 0; i < nt * nc; i++) {
		size_t t = i / nc, c = i % nc;
		struct pass_options o;

		if ((p->threads >> t & 1) == 0 || (p->chunks >> c & 1) == 0)
			continue;
		pass_options_default(&o);
		o.threads = split_threads[t];
		o.chunk_bytes = split_chunks[c];
		o.format = p->format ? format_find(p->format) : NULL;
		o.direction = p->direction;
		o.profiles = p->profiles;
		if (p->max_problems != 0)
			o.max_problems = p->max_problems;
		o.strict = p->strict;
		print_message("%s: %zu file(s), threads %d, chunk %zu\n",
		    p->name, p->npaths, o.threads, o.chunk_bytes);
		plan_once(p, &o);
		runs++;
	}
	assert_true(runs > 0);	/* a plan that runs nothing cannot fail */
}

/* A test's files in a directory of their own, the buffer they are made
 * in, and the answer they hold. */
struct input {
	char		*dir, *paths[8];
	size_t		 n;
	struct ubuf	 b;
	struct expect	*e;
};

static struct input
input_new(void)
{
	return (struct input){ .dir = unit_tmpdir(), .e = expect_new() };
}

/* The next file, gzipped when gz; returns its path. */
static char *
input_add(struct input *in, const char *name, const void *data, size_t len,
    int gz)
{
	unsigned char *z = gz ? unit_gzip(data, len, &len) : NULL;

	assert_true(in->n < sizeof in->paths / sizeof in->paths[0]);
	in->paths[in->n] = unit_write(in->dir, name, gz ? z : data, len);
	free(z);
	return in->paths[in->n++];
}

static void
input_free(struct input *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->paths[i]);
	ubuf_free(&in->b);
	expect_free(in->e);
	unit_rmtree(in->dir);
}

/* --- the tests --- */

static void
test_matrix_lanl2015(void **state)
{
	struct input in = input_new();
	struct expect *e2 = expect_new();
	struct gen g = { .x = 42, .infer = 1, .bad = 1, .crlf = 1 };
	struct gen g2 = { .x = 42, .infer = 0, .bad = 1, .crlf = 1 };
	struct ubuf b2 = {0};

	(void)state;
	gen_file(&g, in.e, &in.b, 5000, 0, 0);
	assert_true(in.e->nproblems > 50);
	assert_true(in.e->swapped > 100);
	input_add(&in, "flows.txt", in.b.p, in.b.len, 0);
	input_add(&in, "flows.txt.gz", in.b.p, in.b.len, 1);
	for (unsigned f = 0; f < 2; f++)
		plan_run(&(struct plan){ .name = in.paths[f],
		    .paths = &in.paths[f], .npaths = 1, .threads = TH_ALL,
		    .chunks = CH_ALL, .profiles = 1,
		    .max_problems = MAXPROBLEMS, .answer = in.e, .gzip = f });

	/* As-is counts the same file without turning flows around, and
	 * without profiles the totals still count. */
	gen_file(&g2, e2, &b2, 5000, 0, 0);
	assert_int_equal(b2.len, in.b.len);
	assert_memory_equal(b2.p, in.b.p, in.b.len);
	for (int profiles = 0; profiles <= 1; profiles++)
		plan_run(&(struct plan){ .name = "as-is", .paths = in.paths,
		    .npaths = 1, .threads = profiles ? TH_1 | TH_4 : TH_2,
		    .chunks = CH_64, .direction = DIRECTION_AS_IS,
		    .profiles = profiles, .answer = e2 });
	ubuf_free(&b2);
	expect_free(e2);
	input_free(&in);
}

static void
test_matrix_lanl2017(void **state)
{
	struct input in = input_new();
	struct gen g = { .x = 7, .lanl2017 = 1, .bad = 1 };

	(void)state;
	gen_file(&g, in.e, &in.b, 3000, 1, 1);
	input_add(&in, "netflow_day-02.csv", in.b.p, in.b.len, 0);
	/* Only the first three problems are kept, in order. */
	plan_run(&(struct plan){ .name = "lanl2017", .paths = in.paths,
	    .npaths = 1, .threads = TH_ALL, .chunks = CH_ALL, .profiles = 1,
	    .max_problems = 3, .answer = in.e });
	input_free(&in);
}

/* Several files: one after another, or whole files per thread. */
static void
test_many_files(void **state)
{
	struct input in = input_new();
	struct expect *e01 = expect_new();
	struct ubuf b01 = {0};
	char name[32];

	(void)state;
	for (size_t f = 0; f < 6; f++) {
		/* Two of them lanl2017, one gzipped; all infer-free except
		 * the lanl2015 ones, which infer by default. */
		struct gen g = { .x = 100 + f, .lanl2017 = f == 2 || f == 5,
		    .bad = 1, .crlf = f == 1, .file = f }, g01;

		g.infer = !g.lanl2017;
		g01 = g;
		gen_file(&g, in.e, &in.b, 700 + 150 * (int)f, g.lanl2017,
		    f != 3);
		/* The first two files alone have an answer of their own. */
		if (f < 2)
			gen_file(&g01, e01, &b01, 700 + 150 * (int)f, 0, 1);
		snprintf(name, sizeof name, "f%zu.%s", f,
		    f == 4 ? "gz" : "txt");
		input_add(&in, name, in.b.p, in.b.len, f == 4);
	}
	for (size_t n = 2; n <= 6; n += 4)
		plan_run(&(struct plan){ .name = "many files",
		    .paths = in.paths, .npaths = n, .threads = TH_ALL,
		    .chunks = CH_1 | CH_64 | CH_DEFAULT, .profiles = 1,
		    .max_problems = MAXPROBLEMS, .answer = n == 2 ? e01 : in.e,
		    .gzip = n == 2 ? 0 : 1u << 4 });
	ubuf_free(&b01);
	expect_free(e01);
	input_free(&in);
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
check_long_lines(const struct load_result *r, const struct run *run)
{
	/* Line numbers of the expected problems (all overlong). */
	static const uint64_t bad_lines[] = { 3, 5, 6, 9 };
	const struct tally *t = &r->inside->tally;

	assert_int_equal(r->files[0].lines, 9);
	assert_int_equal(t->records, 4);
	assert_int_equal(r->malformed, 4);
	assert_int_equal(r->nproblems, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(r->problems[i].line, bad_lines[i]);
		assert_string_equal(r->problems[i].what, run->p->ctx);
	}
	/* The long good ones were read whole. */
	uint32_t cl = names_find(&t->computers, "CL", 2);
	assert_int_not_equal(cl, UINT32_MAX);
	assert_int_equal(tally_flows(t, cl), 2);
	assert_int_equal(t->time_max, 9);
}

static void
test_long_lines(void **state)
{
	struct input in = input_new();
	struct ubuf *b = &in.b;
	char over[200];

	(void)state;
	snprintf(over, sizeof over, "line longer than %d bytes",
	    RECORDS_MAX_LINE);
	ubuf_str(b, "1,0,C1,80,C2,N1,6,1,1\n");		/* 1 */
	long_record(b, RECORDS_MAX_LINE, "\n");			/* 2: legal */
	long_record(b, RECORDS_MAX_LINE + 1, "\n");		/* 3 */
	long_record(b, RECORDS_MAX_LINE, "\r\n");		/* 4: legal */
	long_record(b, 3 * RECORDS_MAX_LINE, "\n");		/* 5 */
	long_record(b, RECORDS_MAX_LINE + 2, "\r\n");		/* 6 */
	ubuf_str(b, "2,0,C1,80,C2,N1,6,1,1\n");		/* 7 */
	ubuf_str(b, "\n");					/* 8 */
	long_record(b, 2 * RECORDS_MAX_LINE + 5, "");		/* 9, no NL */
	input_add(&in, "long.txt", b->p, b->len, 0);
	plan_run(&(struct plan){ .name = "long lines", .paths = in.paths,
	    .npaths = 1, .threads = TH_ALL, .chunks = CH_ALL,
	    .format = "lanl2015", .max_problems = 10,
	    .check = check_long_lines, .ctx = over });
	input_free(&in);
}

static void
check_strict(const struct load_result *r, const struct run *run)
{
	const struct expect *e = run->p->ctx;
	char want[512];

	snprintf(want, sizeof want, "%s:%llu: %s (--strict)",
	    run->p->paths[e->problems[0].file],
	    (unsigned long long)e->problems[0].line, e->problems[0].what);
	assert_string_equal(run->err, want);
	assert_true(r->malformed >= 1);
	assert_true(r->nproblems >= 1);
	/* It stopped: far from all records were counted (which shows
	 * when chunks are small). */
	if (run->o->chunk_bytes > 0 && run->o->chunk_bytes <= 64 &&
	    r->inside->tally.records >= e->records / 2)
		fail_msg("%llu of %llu records counted",
		    (unsigned long long)r->inside->tally.records,
		    (unsigned long long)e->records);
}

static void
test_strict(void **state)
{
	struct input in = input_new();
	struct gen g = { .x = 5, .infer = 1, .bad = 1 };

	(void)state;
	gen_file(&g, in.e, &in.b, 3000, 0, 1);
	input_add(&in, "a.txt", in.b.p, in.b.len, 0);
	g.file = 1;
	g.bad = 0;
	gen_file(&g, in.e, &in.b, 100, 0, 1);
	input_add(&in, "b.txt", in.b.p, in.b.len, 0);
	assert_true(in.e->nproblems > 0);
	/* One file cut into chunks, or (two threads) a file per thread. */
	for (size_t n = 1; n <= 2; n++)
		plan_run(&(struct plan){ .name = "strict", .paths = in.paths,
		    .npaths = n, .threads = n == 1 ? TH_1 | TH_4 : TH_2,
		    .chunks = CH_ALL, .strict = 1, .rc = -1,
		    .check = check_strict, .ctx = in.e });
	input_free(&in);
}

static void
test_cancel(void **state)
{
	struct input in = input_new();
	char name[32];

	(void)state;
	for (size_t f = 0; f < 4; f++) {
		struct gen g = { .x = 9 + f, .infer = 1, .file = f };

		gen_file(&g, in.e, &in.b, 2000, 0, 1);
		snprintf(name, sizeof name, "c%zu.txt", f);
		input_add(&in, name, in.b.p, in.b.len, 0);
	}
	/* Cancelled by the reading thread's first progress report: one
	 * file read by all threads, or (one thread: who reports is up to
	 * OpenMP) files one after another; at most the chunks in flight
	 * were parsed.  Or set before the start: nothing is read. */
	for (size_t n = 1; n <= 4; n += 3) {
		plan_run(&(struct plan){ .name = "cancel on progress",
		    .paths = in.paths, .npaths = n,
		    .threads = n == 1 ? TH_ALL : TH_1, .chunks = CH_64,
		    .sink = CANCEL_ON_PROGRESS,
		    .records_below = in.e->records / 20 });
		plan_run(&(struct plan){ .name = "cancelled at the start",
		    .paths = in.paths, .npaths = n, .threads = TH_ALL,
		    .chunks = CH_DEFAULT, .sink = CANCEL_AT_START });
	}
	input_free(&in);
}

static void
test_progress(void **state)
{
	struct input in = input_new();
	struct gen g = { .x = 3, .infer = 1 };

	(void)state;
	gen_file(&g, in.e, &in.b, 2000, 0, 1);
	input_add(&in, "p.txt", in.b.p, in.b.len, 0);
	plan_run(&(struct plan){ .name = "progress", .paths = in.paths,
	    .npaths = 1, .threads = TH_ALL, .chunks = CH_4K,
	    .sink = LOG_PROGRESS, .progress_to = in.b.len, .answer = in.e });
	input_free(&in);
}

/* A case of test_errors: with rc -1 what the message says, with rc 0 what
 * the first file held and the last problem kept ("line: what"). */
struct error_case {
	const char	*name;
	char		*paths[2];	/* one or two */
	const char	*format;	/* given; NULL: told from the data */
	unsigned	 threads;	/* TH_* */
	int		 rc;
	const char	*err[2];	/* fragments of the message */
	uint64_t	 lines, records, computers, malformed;
	const char	*warning;	/* a fragment; NULL: none */
	const char	*problem;
};

static void
check_error_case(const struct load_result *r, const struct run *run)
{
	const struct error_case *c = run->p->ctx;
	char last[300];

	for (size_t i = 0; i < 2 && c->err[i] != NULL; i++)
		assert_contains(run->err, c->err[i]);
	if (c->rc != 0)
		return;
	assert_int_equal(r->files[0].lines, c->lines);
	assert_int_equal(r->inside->tally.records, c->records);
	assert_int_equal(r->inside->tally.computers.count, c->computers);
	assert_int_equal(r->malformed, c->malformed);
	assert_int_equal(r->nproblems, c->malformed);
	if (c->problem != NULL) {
		snprintf(last, sizeof last, "%llu: %s", (unsigned long long)
		    r->problems[r->nproblems - 1].line,
		    r->problems[r->nproblems - 1].what);
		assert_string_equal(last, c->problem);
	}
	assert_int_equal(r->files[0].warning == NULL, c->warning == NULL);
	if (c->warning != NULL)
		assert_contains(r->files[0].warning, c->warning);
}

static void
test_errors(void **state)
{
	struct input in = input_new();
	char **f = in.paths, *missing = "/nonexistent/flows.txt";
	char unknown[1024];
	size_t zlen;

	(void)state;
	for (int i = 0; i < 500; i++)
		ubuf_printf(&in.b, "%d,0,C%d,80,C2,N1,6,1,1\n", i, i % 7);
	unsigned char *z = unit_gzip(in.b.p, in.b.len, &zlen);
	input_add(&in, "ok.txt", "1,0,C1,80,C2,N1,6,1,1\n", 22, 0);
	input_add(&in, "odd.csv", "a,b,c\n1,2,3\n", 12, 0);
	input_add(&in, "cut.gz", z, zlen - 20, 0);
	memcpy(z + zlen, "junk", 4);	/* unit_gzip leaves room */
	input_add(&in, "tail.gz", z, zlen + 4, 0);
	input_add(&in, "empty.txt", "", 0, 0);
	input_add(&in, "empty.gz", "", 0, 0);
	free(z);
	snprintf(unknown, sizeof unknown, "%s: cannot tell the format: the "
	    "first line has 3 comma-separated fields", f[1]);
	struct error_case cases[] = {
		{ "a missing file: nothing is trusted", { f[0], missing },
		    .threads = TH_1 | TH_2, .rc = -1, .err = {
		    "/nonexistent/flows.txt: No such file or directory",
		    "lines read before the error; no results written)" } },
		{ "a format no one can tell", { f[1] }, .threads = TH_1,
		    .rc = -1, .err = { unknown } },
		{ "...unless given: then each line is malformed", { f[1] },
		    "lanl2015", TH_1, .lines = 2, .malformed = 2,
		    .problem = "2: expected 9 fields, found 3" },
		{ "truncated gzip data: an error", { f[2] }, NULL, TH_1, -1,
		    .err = { "truncated gzip data" } },
		{ "trailing garbage: a warning", { f[3] }, NULL,
		    TH_1 | TH_2, .lines = 500, .records = 500,
		    .computers = 7, .warning = "trailing garbage" },
		{ "empty files are fine and hold nothing", { f[4], f[5] },
		    .threads = TH_ALL },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		plan_run(&(struct plan){ .name = cases[i].name,
		    .paths = cases[i].paths,
		    .npaths = cases[i].paths[1] != NULL ? 2 : 1,
		    .threads = cases[i].threads, .chunks = CH_DEFAULT,
		    .format = cases[i].format, .rc = cases[i].rc,
		    .check = check_error_case, .ctx = &cases[i] });
	input_free(&in);
}

static void
test_stdin(void **state)
{
	struct input in = input_new();
	struct gen g = { .x = 77, .infer = 1, .bad = 1 };
	char *dash = "-";

	(void)state;
	gen_file(&g, in.e, &in.b, 2000, 0, 1);
	plan_run(&(struct plan){ .name = "stdin", .paths = &dash,
	    .npaths = 1, .stdin_from = input_add(&in, "in.gz", in.b.p,
	    in.b.len, 1), .threads = TH_1 | TH_2, .chunks = CH_7,
	    .profiles = 1, .max_problems = MAXPROBLEMS, .answer = in.e,
	    .gzip = 1 });
	input_free(&in);
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
