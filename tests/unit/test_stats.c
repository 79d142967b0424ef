/*
 * test_stats.c - the stats report on crafted traffic: top-N order and
 * ties, the src/dst verdict, --min-flows, and JSON that a JSON parser
 * accepts even when names in the data hold quotes, backslashes and
 * terminal controls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/wait.h>

#include "profile/stats.h"
#include "unit.h"

/* Load one file of text with the given thread count. */
static void
load_text(const char *dir, const char *name, const char *text, int threads,
    struct load_result *r)
{
	char *path = unit_write(dir, name, text, strlen(text));
	struct load_options o;
	char err[512];

	load_options_default(&o);
	o.threads = threads;
	if (load_traffic((const char *const *)&path, 1, &o, r, err,
	    sizeof err) != 0)
		fail_msg("load: %s", err);
	free(path);
}

static void
add_flows(struct ubuf *b, int n, const char *src, const char *sport,
    const char *dst, const char *dport, int proto)
{
	for (int i = 0; i < n; i++)
		ubuf_printf(b, "%d,1,%s,%s,%s,%s,%d,2,100\n", (int)b->len % 97,
		    src, sport, dst, dport, proto);
}

static void
test_top_and_ties(void **state)
{
	char *dir = unit_tmpdir();
	struct ubuf b = {0};
	struct load_result r[2];
	struct stats_report s[2];
	char buf[64];

	(void)state;
	/* dst ports: 443 x5; 80, 53, N1 x3 (a tie); 22 x1; http x3 (tie). */
	add_flows(&b, 5, "C1", "N9", "C2", "443", 6);
	add_flows(&b, 3, "C3", "N9", "C2", "80", 6);
	add_flows(&b, 3, "C4", "N8", "C2", "N1", 17);
	add_flows(&b, 3, "C5", "N7", "C2", "53", 17);
	add_flows(&b, 1, "C5", "N7", "C6", "22", 6);
	add_flows(&b, 3, "C7", "N6", "C6", "http", 1);
	add_flows(&b, 2, "C7", "N6", "C6", "445", 47);
	for (int t = 0; t < 2; t++) {
		load_text(dir, "top.txt", b.p, t ? 4 : 1, &r[t]);
		assert_int_equal(r[t].traffic.records, 20);
		stats_compute(&r[t], 4, 1, &s[t]);
		assert_int_equal(s[t].ndst, 4);
		assert_int_equal(s[t].nsrc, 4);
		/* Most first; ties by key: numbers, then N tokens, then names. */
		const char *want_dst[] = { "443", "53", "80", "N1" };
		const uint64_t want_dcount[] = { 5, 3, 3, 3 };
		for (size_t i = 0; i < 4; i++) {
			load_port_text(&r[t], s[t].dst_ports[i].key,
			    buf, sizeof buf);
			assert_string_equal(buf, want_dst[i]);
			assert_int_equal(s[t].dst_ports[i].count, want_dcount[i]);
		}
		const char *want_src[] = { "N9", "N6", "N7", "N8" };
		const uint64_t want_scount[] = { 8, 5, 4, 3 };
		for (size_t i = 0; i < 4; i++) {
			load_port_text(&r[t], s[t].src_ports[i].key,
			    buf, sizeof buf);
			assert_string_equal(buf, want_src[i]);
			assert_int_equal(s[t].src_ports[i].count, want_scount[i]);
		}
		/* Protocols: TCP 8+... counted and ordered. */
		assert_int_equal(s[t].distinct_protos, 4);
		assert_int_equal(s[t].nprotos, 4);
		const uint32_t want_p[] = { 6, 17, 1, 47 };
		const uint64_t want_pc[] = { 9, 6, 3, 2 };
		for (size_t i = 0; i < 4; i++) {
			assert_int_equal(s[t].protos[i].key, want_p[i]);
			assert_int_equal(s[t].protos[i].count, want_pc[i]);
		}
		/* Every computer has at least one flow. */
		assert_int_equal(s[t].kept, 7);
	}
	stats_free(&s[1]);
	/* More asked for than there is. */
	stats_compute(&r[1], 100, 5, &s[1]);
	assert_int_equal(s[1].ndst, 7);
	assert_int_equal(s[1].nsrc, 4);
	assert_int_equal(s[1].nprotos, 4);
	assert_int_equal(s[1].dst_ports[6].count, 1);
	/* >= 5 flows, both directions: C1 (5), C2 (14), C6 (6), C7 (5). */
	assert_int_equal(s[1].kept, 4);
	stats_free(&s[1]);
	stats_compute(&r[1], 100, 6, &s[1]);
	assert_int_equal(s[1].kept, 2);
	for (int t = 0; t < 2; t++) {
		stats_free(&s[t]);
		load_result_free(&r[t]);
	}
	assert_string_equal(format_protocol_name(6), "TCP");
	assert_string_equal(format_protocol_name(17), "UDP");
	assert_string_equal(format_protocol_name(1), "ICMP");
	assert_string_equal(format_protocol_name(58), "ICMPv6");
	assert_string_equal(format_protocol_name(132), "SCTP");
	assert_null(format_protocol_name(99));
	ubuf_free(&b);
	unit_rmtree(dir);
}

struct verdict_case {
	int			on_dst, on_src;	/* flows on 80/443/53 */
	enum stats_verdict	verdict;
};

static void
test_verdict(void **state)
{
	static const struct verdict_case cases[] = {
		{ 20, 0, VERDICT_DST },
		{ 9, 1, VERDICT_DST },		/* 90% is a clear majority */
		{ 17, 3, VERDICT_MIXED },	/* 85% is not */
		{ 10, 10, VERDICT_MIXED },
		{ 1, 9, VERDICT_SRC },
		{ 0, 12, VERDICT_SRC },
		{ 0, 0, VERDICT_NONE },
	};
	char *dir = unit_tmpdir();

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct verdict_case *c = &cases[i];
		struct ubuf b = {0};
		struct load_result r;
		struct stats_report s;
		static const char *const svc[] = { "80", "443", "53" };

		ubuf_add(&b, "", 0);
		for (int k = 0; k < c->on_dst; k++)
			add_flows(&b, 1, "C1", "N5", "C2", svc[k % 3], 6);
		for (int k = 0; k < c->on_src; k++)
			add_flows(&b, 1, "C2", svc[k % 3], "C1", "N5", 6);
		/* Other ports do not vote. */
		add_flows(&b, 30, "C1", "N5", "C2", "445", 6);
		add_flows(&b, 30, "C1", "22", "C2", "N5", 6);
		load_text(dir, "v.txt", b.p, 2, &r);
		stats_compute(&r, 10, 1, &s);
		assert_int_equal(s.verdict, c->verdict);
		uint64_t as_src = 0, as_dst = 0;
		for (int k = 0; k < STATS_NCHECK; k++) {
			as_src += s.check[k].as_src;
			as_dst += s.check[k].as_dst;
		}
		assert_int_equal(as_dst, c->on_dst);
		assert_int_equal(as_src, c->on_src);
		assert_int_equal(s.check[0].port, 80);
		assert_int_equal(s.check[1].port, 443);
		assert_int_equal(s.check[2].port, 53);
		assert_int_equal(s.check[0].as_dst, (c->on_dst + 2) / 3);
		if (c->verdict != VERDICT_NONE) {
			double share = (double)c->on_dst /
			    (c->on_dst + c->on_src);
			assert_true(s.service_on_dst > share - 1e-9 &&
			    s.service_on_dst < share + 1e-9);
		}
		/* The text report says it. */
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		assert_non_null(f);
		stats_write_text(f, &s);
		fclose(f);
		assert_contains(text, c->verdict == VERDICT_DST ?
		    "verdict: dst is the server side" :
		    c->verdict == VERDICT_SRC ? "verdict: src is the server side" :
		    c->verdict == VERDICT_MIXED ? "verdict: mixed" :
		    "verdict: no flows on ports 80, 443 or 53");
		assert_contains(text, "top 10 dst ports");
		free(text);
		stats_free(&s);
		load_result_free(&r);
		ubuf_free(&b);
	}
	unit_rmtree(dir);
}

/* Run python3 on the JSON (as d) and a check; -1 when there is no
 * python3, else its exit status. */
static int
python_check(const char *dir, const char *json, const char *check)
{
	struct ubuf script = {0}, cmd = {0};
	char *jp, *sp;
	int status;

	if (system("python3 -c 'import json' >/dev/null 2>&1") != 0)
		return -1;
	jp = unit_write(dir, "out.json", json, strlen(json));
	ubuf_printf(&script, "import json\n"
	    "d = json.load(open('%s', encoding='utf-8'))\n", jp);
	ubuf_str(&script, check);
	ubuf_str(&script, "\n");
	sp = unit_write(dir, "check.py", script.p, script.len);
	ubuf_printf(&cmd, "python3 '%s'", sp);
	status = system(cmd.p);
	free(jp);
	free(sp);
	ubuf_free(&script);
	ubuf_free(&cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

static void
test_json(void **state)
{
	char *dir = unit_tmpdir();
	struct ubuf b = {0};
	struct load_result r;
	struct stats_report s;
	char *json = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	ubuf_add(&b, "", 0);
	add_flows(&b, 4, "C1", "N1", "C2", "443", 6);
	/* Port names with a quote, a backslash and an escape sequence. */
	add_flows(&b, 3, "C1", "N1", "C2", "\"a\"\"b\\c\"", 6);
	add_flows(&b, 2, "C1", "N1", "C2", "\x1b[31mred", 17);
	add_flows(&b, 1, "C1", "N1", "C2", "caf\xc3\xa9", 250);
	add_flows(&b, 1, "C1", "Port95765", "C2", "53", 1);
	load_text(dir, "we\"ird\\name\t.txt", b.p, 1, &r);
	assert_int_equal(r.traffic.records, 11);
	stats_compute(&r, 5, 2, &s);
	f = open_memstream(&json, &len);
	assert_non_null(f);
	stats_write_json(f, &s);
	fclose(f);
	/* No raw control byte anywhere. */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)json[i] < 0x20 && json[i] != '\n')
			fail_msg("raw control byte 0x%02x at %zu", json[i], i);
	assert_contains(json, "\"records\": 11,");
	assert_contains(json, "\"verdict\": \"dst\"");
	assert_contains(json, "{\"port\": \"443\", \"count\": 4}");
	assert_contains(json, "{\"port\": \"a\\\"b\\\\\\\\c\", \"count\": 3}");
	assert_contains(json, "{\"port\": \"\\\\e[31mred\", \"count\": 2}");
	assert_contains(json, "\"name\": null");

	int rc = python_check(dir, json,
	    "assert d['records'] == 11, d['records']\n"
	    "assert d['malformed'] == 0\n"
	    "assert d['verdict'] == 'dst'\n"
	    "assert d['top'] == 5\n"
	    "assert d['computers'] == 2\n"
	    "assert d['computers_min_flows'] == 2\n"
	    "assert len(d['files']) == 1\n"
	    "assert d['files'][0]['name'].endswith('we\"ird\\\\\\\\name\\\\t.txt'), "
	    "d['files'][0]['name']\n"
	    "assert d['files'][0]['format'] == 'lanl2015'\n"
	    "assert d['files'][0]['lines'] == 11\n"
	    "p = [(x['port'], x['count']) for x in d['top_dst_ports']]\n"
	    "assert p == [('443', 4), ('a\"b\\\\\\\\c', 3), ('\\\\e[31mred', 2), "
	    "('53', 1), ('caf\\u00e9', 1)], p\n"
	    "q = [(x['protocol'], x['name'], x['count']) for x in "
	    "d['top_protocols']]\n"
	    "assert q == [(6, 'TCP', 7), (17, 'UDP', 2), (1, 'ICMP', 1), "
	    "(250, None, 1)], q\n"
	    "assert d['top_src_ports'] == [{'port': 'N1', 'count': 10}, "
	    "{'port': 'Port95765', 'count': 1}]\n"
	    "c = {x['port']: (x['as_src'], x['as_dst']) for x in "
	    "d['src_dst_check']}\n"
	    "assert c == {80: (0, 0), 443: (0, 4), 53: (0, 1)}, c\n"
	    "assert set(d['timings']) >= {'load', 'top_src_ports'}");
	if (rc == -1)
		print_message("python3 not found: JSON parse not checked\n");
	else if (rc != 0) {
		fputs(json, stderr);
		fail_msg("python3 rejected the JSON (exit %d)", rc);
	}
	free(json);
	stats_free(&s);
	load_result_free(&r);

	/* An empty load is valid JSON too. */
	load_text(dir, "empty.txt", "", 2, &r);
	stats_compute(&r, 5, 2, &s);
	json = NULL;
	f = open_memstream(&json, &len);
	stats_write_json(f, &s);
	fclose(f);
	assert_contains(json, "\"time_min\": null");
	assert_contains(json, "\"top_dst_ports\": [],");
	rc = python_check(dir, json, "assert d['records'] == 0\n"
	    "assert d['verdict'] == 'none'\nassert d['top_protocols'] == []");
	assert_true(rc == 0 || rc == -1);
	free(json);
	stats_free(&s);
	load_result_free(&r);
	ubuf_free(&b);
	unit_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_and_ties),
		cmocka_unit_test(test_verdict),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
