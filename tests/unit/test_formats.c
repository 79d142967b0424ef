/*
 * test_formats.c - the header-mapped formats: nfdump (1.7.1 and 1.7.5),
 * Zeek (TSV and JSON), Argus and --columns, and the dates they write.
 *
 * The nfdump lines are as nfdump 1.7.1 writes them (`nfdump -r FILE -o
 * csv`, copied from its output on a pcap made with nfpcapd); the Zeek
 * lines follow a conn.log as Zeek writes it.  Each good line is checked
 * field by field, each bad one for its message, and every line that is
 * not data (headers, comments, nfdump's Summary block) for being skipped
 * rather than counted as malformed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "parser_fixture.h"
#include "load/dates.h"
#include "load/records.h"
#include "unit.h"

static const char nfdump_header[] = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,"
    "ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,"
    "ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,"
    "mpls9,mpls10,cl,sl,al,ra,eng,exid,tr";

/* The columns after obyt, the same on every line here. */
#define NFDUMP_TAIL ",0,0,0,0,0,0,0,0,0.0.0.0,0.0.0.0,0,0," \
	"00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00," \
	"00:00:00:00:00:00,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0," \
	"0-0-0,0-0-0,    0.000,    0.000,    0.000,0.0.0.0,17/1,0," \
	"2026-11-26 21:21:42.849"
static const char nfdump_udp[] = "2023-11-14 22:13:20,2023-11-14 22:13:20,"
    "0.000,10.0.0.2,10.0.1.53,30000,53,UDP,........,0,0,1,48,0,0"
    NFDUMP_TAIL;
static const char nfdump_v6[] = "2023-11-14 22:13:50,2023-11-14 22:13:52,"
    "1.500,fe80::1,2001:db8::5,50000,22,TCP,......S.,0,0,3,180,2,120"
    NFDUMP_TAIL;

/* A parser for the template bound to the text's header. */
static struct fixture *
fixture_bind(const struct format *tmpl, const char *text)
{
	char why[256];
	struct format *f = format_bind(tmpl, text, strlen(text), why,
	    sizeof why);

	if (f == NULL)
		fail_msg("bind: %s", why);
	return fixture_with(f, f);
}

/* The line must be a record; says why not otherwise. */
static void
expect_record(struct fixture *x, const char *line)
{
	if (parse(x, line) != PARSE_RECORD)
		fail_msg("not a record (%s): %s", x->why, line);
}

static const char *
computer(const struct fixture *x, uint32_t id)
{
	assert_true(id < x->computers.count);
	return names_get(&x->computers, id);
}

static uint32_t
number(uint32_t port)
{
	return PORT_KEY(PORT_TAG_NUMBER, port);
}

static void
test_nfdump_records(void **state)
{
	const struct format *t = format_find("nfdump");
	struct fixture *x;

	(void)state;
	assert_non_null(t);
	assert_true(t->flags & FORMAT_TEMPLATE);
	assert_int_equal(t->direction, DIRECTION_INFER);
	x = fixture_bind(t, nfdump_header);
	assert_int_equal(x->p.format->nfields, 48);
	assert_int_equal(x->p.format->delimiter, ',');
	assert_string_equal(x->p.format->field_names[3], "sa");

	expect_record(x, nfdump_udp);
	/* 2023-11-14 22:13:20 is 1700000000 s after 1970 (UTC). */
	assert_int_equal(x->flow.time, 1700000000);
	assert_int_equal(x->flow.duration, 0);
	assert_string_equal(computer(x, x->flow.src), "10.0.0.2");
	assert_string_equal(computer(x, x->flow.dst), "10.0.1.53");
	assert_int_equal(x->flow.sport, number(30000));
	assert_int_equal(x->flow.dport, number(53));
	assert_int_equal(x->flow.proto, 17);
	assert_int_equal(x->flow.packets, 1);
	assert_int_equal(x->flow.bytes, 48);

	/* IPv6 computers; td 1.500 rounds to 2 s; both counters add up. */
	expect_record(x, nfdump_v6);
	assert_int_equal(x->flow.time, 1700000030);
	assert_int_equal(x->flow.duration, 2);
	assert_string_equal(computer(x, x->flow.src), "fe80::1");
	assert_string_equal(computer(x, x->flow.dst), "2001:db8::5");
	assert_int_equal(x->flow.proto, 6);
	assert_int_equal(x->flow.packets, 5);
	assert_int_equal(x->flow.bytes, 300);
	fixture_free(x);
}

/* Everything nfdump writes around the records is skipped, not malformed,
 * wherever a chunk happens to start. */
static void
test_nfdump_not_data(void **state)
{
	struct fixture *x = fixture_bind(format_find("nfdump"),
	    nfdump_header);
	const char *lines[] = {
		nfdump_header, "Summary", "No matching flows",
		"flows,bytes,packets,avg_bps,avg_pps,avg_bpp",
		"152,9938,152,2564,4,65", "0,0,0,0,0,0", "",
	};

	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		assert_int_equal(parse(x, lines[i]), PARSE_SKIP);
		assert_string_equal(x->why, "");
	}
	/* A short line of words is still malformed. */
	assert_int_equal(parse(x, "Summery"), PARSE_MALFORMED);
	assert_string_equal(x->why, "expected 48 fields, found 1");
	assert_int_equal(x->computers.count, 0);
	fixture_free(x);
}

/* nfdump -q writes no header: the first line is data, and the format
 * takes nfdump's own columns. */
static void
test_nfdump_headerless(void **state)
{
	struct fixture *x = fixture_bind(format_find("nfdump"),
	    nfdump_udp);

	(void)state;
	assert_null(x->p.format->header);
	assert_int_equal(x->p.format->nfields, 48);
	expect_record(x, nfdump_udp);
	assert_int_equal(x->flow.bytes, 48);
	fixture_free(x);
}

/* Dates, decimal seconds and protocol names: good and bad values. */
static void
test_loose_values(void **state)
{
	struct fixture *x = fixture_bind(format_find("nfdump"),
	    nfdump_header);
	char line[1024];
	struct {
		const char *ts, *td, *pr, *ipkt;
		enum parse_result want;
		uint64_t time, duration, proto;
		const char *why;
	} cases[] = {
		{ "1970-01-01 00:00:00", "0.499", "ICMP", "1", PARSE_RECORD,
		  0, 0, 1, "" },
		{ "2000-02-29T12:00:01.250Z", "7", "icmp6", "1", PARSE_RECORD,
		  951825601, 7, 58, "" },
		{ "2024-12-31 23:59:59", "0.5", "gre", "1", PARSE_RECORD,
		  1735689599, 1, 47, "" },
		{ "1700000000.75", "12.0", "41", "1", PARSE_RECORD,
		  1700000000, 12, 41, "" },
		{ "1969-12-31 23:59:59", "0", "TCP", "1", PARSE_MALFORMED, 0,
		  0, 0, "field 1 (ts) is before 1970: \"1969-12-31 23:59:59\"" },
		{ "2023-13-01 00:00:00", "0", "TCP", "1", PARSE_MALFORMED, 0,
		  0, 0, "field 1 (ts) is not a valid date: "
		  "\"2023-13-01 00:00:00\"" },
		/* ISO 8601 without seconds, with a zone; Argus's slashes. */
		{ "2023-11-14 22:13", "0", "TCP", "1", PARSE_RECORD,
		  1699999980, 0, 6, "" },
		{ "2023-11-15T00:13:20+02:00", "0", "TCP", "1", PARSE_RECORD,
		  1700000000, 0, 6, "" },
		{ "2023/11/14 22:13:20.999999", "0", "TCP", "1", PARSE_RECORD,
		  1700000000, 0, 6, "" },
		{ "2023-11-14 22", "0", "TCP", "1", PARSE_MALFORMED, 0, 0, 0,
		  "field 1 (ts) is not a date (YYYY-MM-DD hh:mm:ss, YYYY/MM/DD "
		  "hh:mm:ss or seconds since 1970): \"2023-11-14 22\"" },
		{ "2023-02-29 00:00:00", "0", "TCP", "1", PARSE_MALFORMED, 0, 0,
		  0, "field 1 (ts) is not a valid date: \"2023-02-29 00:00:00\"" },
		/* Day-first or month-first: never guessed. */
		{ "04/05/2023 10:00:00", "0", "TCP", "1", PARSE_MALFORMED, 0, 0,
		  0, "field 1 (ts) could be day-first or month-first: say which "
		  "with --date-order dmy or --date-order mdy: "
		  "\"04/05/2023 10:00:00\"" },
		{ "2023-11-14 22:13:20", "1.", "TCP", "1", PARSE_MALFORMED, 0,
		  0, 0, "field 3 (td) is not a number: \"1.\"" },
		{ "2023-11-14 22:13:20", "-1.0", "TCP", "1", PARSE_MALFORMED,
		  0, 0, 0, "field 3 (td) is negative: \"-1.0\"" },
		/* Any protocol name is a flow; those not known are "other". */
		{ "2023-11-14 22:13:20", "0", "XTP", "1", PARSE_RECORD,
		  1700000000, 0, 36, "" },
		{ "2023-11-14 22:13:20", "0", "arp", "1", PARSE_RECORD,
		  1700000000, 0, FORMAT_PROTO_OTHER, "" },
		{ "2023-11-14 22:13:20", "0", "unknown_transport", "1",
		  PARSE_RECORD, 1700000000, 0, FORMAT_PROTO_OTHER, "" },
		{ "2023-11-14 22:13:20", "0", "t<p", "1", PARSE_MALFORMED, 0, 0,
		  0, "field 8 (pr) is not a protocol number (0-255) or a "
		  "protocol name: \"t<p\"" },
		{ "2023-11-14 22:13:20", "0", "256", "1", PARSE_MALFORMED, 0, 0,
		  0, "field 8 (pr) is not a protocol number (0-255): \"256\"" },
		{ "2023-11-14 22:13:20", "0", "TCP", "1.5", PARSE_MALFORMED, 0,
		  0, 0, "field 12 (ipkt) is not a whole number: \"1.5\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(line, sizeof line, "%s,%s,%s,10.0.0.2,10.0.1.53,30000,"
		    "53,%s,........,0,0,%s,48,0,0" NFDUMP_TAIL, cases[i].ts,
		    cases[i].ts, cases[i].td, cases[i].pr, cases[i].ipkt);
		assert_int_equal(parse(x, line), cases[i].want);
		assert_string_equal(x->why, cases[i].why);
		if (cases[i].want != PARSE_RECORD)
			continue;
		assert_int_equal(x->flow.time, cases[i].time);
		assert_int_equal(x->flow.duration, cases[i].duration);
		assert_int_equal(x->flow.proto, cases[i].proto);
	}
	fixture_free(x);
}

static const char zeek_log[] =
    "#separator \\x09\n"
    "#set_separator\t,\n"
    "#empty_field\t(empty)\n"
    "#unset_field\t-\n"
    "#path\tconn\n"
    "#open\t2019-03-01-10-00-00\n"
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t"
    "service\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\t"
    "local_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"
    "resp_pkts\tresp_ip_bytes\ttunnel_parents\n"
    "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\t"
    "count\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\t"
    "count\tset[string]\n";

static void
test_zeek(void **state)
{
	const struct format *t = format_find("zeek");
	struct fixture *x;
	char why[200];

	(void)state;
	assert_non_null(t);
	assert_ptr_equal(format_detect(zeek_log, strlen(zeek_log), why,
	    sizeof why), t);
	assert_int_equal(t->direction, DIRECTION_AS_IS);
	x = fixture_bind(t, zeek_log);
	assert_int_equal(x->p.format->delimiter, '\t');
	assert_int_equal(x->p.format->nfields, 21);

	/* Every comment line, the header among them, is skipped. */
	for (const char *s = zeek_log; *s != '\0'; s = strchr(s, '\n') + 1) {
		char line[512];

		snprintf(line, sizeof line, "%.*s", (int)strcspn(s, "\n"), s);
		assert_int_equal(parse(x, line), PARSE_SKIP);
	}
	assert_int_equal(parse(x, "#close\t2019-03-01-11-00-00"), PARSE_SKIP);

	assert_int_equal(parse(x, "1551434400.123456\tCx1\t192.168.1.5\t"
	    "49822\t10.1.1.1\t443\ttcp\tssl\t3.5\t1200\t5400\tSF\t-\t-\t0\t"
	    "ShADadFf\t10\t1720\t8\t5820\t(empty)"), PARSE_RECORD);
	assert_int_equal(x->flow.time, 1551434400);
	assert_int_equal(x->flow.duration, 4);
	assert_string_equal(computer(x, x->flow.src), "192.168.1.5");
	assert_string_equal(computer(x, x->flow.dst), "10.1.1.1");
	assert_int_equal(x->flow.sport, number(49822));
	assert_int_equal(x->flow.dport, number(443));
	assert_int_equal(x->flow.proto, 6);
	assert_int_equal(x->flow.packets, 18);
	assert_int_equal(x->flow.bytes, 7540);

	/* An attempt with nothing back: "-" is Zeek's unset value. */
	assert_int_equal(parse(x, "1551434401.5\tCx2\tfe80::2\t5353\tff02::fb\t"
	    "5353\tudp\tdns\t-\t-\t-\tS0\t-\t-\t0\tD\t1\t95\t0\t0\t(empty)"),
	    PARSE_RECORD);
	assert_int_equal(x->flow.duration, 0);
	assert_int_equal(x->flow.proto, 17);
	assert_int_equal(x->flow.packets, 1);
	assert_int_equal(x->flow.bytes, 95);

	/* A comma is not a delimiter here; a missing field is an error. */
	assert_int_equal(parse(x, "1551434400\tCx3\t10.0.0.1\t1\t10.0.0.2\t2\t"
	    "tcp"), PARSE_MALFORMED);
	assert_string_equal(x->why, "expected 21 fields, found 7");
	fixture_free(x);
}

static void
test_columns_spec(void **state)
{
	char why[200];
	struct format *f;
	struct {
		const char *spec, *why;
	} bad[] = {
		{ "src=a,dst=b,sport=c", "--columns: dport is needed (src, dst, "
		  "sport and dport always are)" },
		{ "src=a,dst=b,sport=c,dport=d,size=e", "--columns: unknown "
		  "role \"size\" (time, duration, src, dst, sport, dport, "
		  "proto, packets, bytes, rpackets, rbytes, dir)" },
		{ "src=a,dst=b,sport=c,dport=d,src=e", "--columns: src is "
		  "given twice" },
		{ "src=a,dst=b,sport,dport=d", "--columns: \"sport\" is not "
		  "ROLE=COLUMN" },
		{ "src=a,dst=,sport=c,dport=d", "--columns: \"dst=\" is not "
		  "ROLE=COLUMN" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		why[0] = '\0';
		assert_null(format_columns_template(bad[i].spec, why,
		    sizeof why));
		assert_string_equal(why, bad[i].why);
	}
	/* Without reverse counters a record may be either direction. */
	f = format_columns_template("src=a,dst=b,sport=c,dport=d", why,
	    sizeof why);
	assert_non_null(f);
	assert_int_equal(f->direction, DIRECTION_INFER);
	format_free(f);
	f = format_columns_template("src=a,dst=b,sport=c,dport=d,rbytes=e,"
	    "protocol=p", why, sizeof why);
	assert_non_null(f);
	assert_int_equal(f->direction, DIRECTION_AS_IS);
	assert_string_equal(f->wanted[FIELD_PROTO], "p");
	format_free(f);
}

static void
test_columns_bind(void **state)
{
	struct format *t = format_columns_template("time=When,src=Client,"
	    "dst=Server,sport=CPort,dport=SPort,proto=Proto,bytes=Bytes",
	    NULL, 0);
	char why[200];
	struct fixture *x;

	(void)state;
	assert_non_null(t);
	/* Names match without regard to case, quotes or spaces. */
	x = fixture_bind(t, "\n\"when\", client ,server,cport,sport,proto,"
	    "bytes,note\n1,a,b,5000,80,TCP,10,x\n");
	assert_int_equal(x->p.format->nfields, 8);
	assert_int_equal(x->p.format->column[FIELD_PACKETS], -1);
	assert_int_equal(parse(x, "\"when\", client ,server,cport,sport,proto,"
	    "bytes,note"), PARSE_SKIP);
	assert_int_equal(parse(x, "17,a,b,5000,80,TCP,10,\"x, y\""),
	    PARSE_RECORD);
	assert_int_equal(x->flow.time, 17);
	assert_int_equal(x->flow.packets, 0);
	assert_int_equal(x->flow.bytes, 10);
	assert_int_equal(x->flow.proto, 6);
	fixture_free(x);

	/* Tabs make a TSV; a column the map names must be there. */
	x = fixture_bind(t, "When\tClient\tServer\tCPort\tSPort\tProto\t"
	    "Bytes\n");
	assert_int_equal(x->p.format->delimiter, '\t');
	assert_int_equal(parse(x, "5\ta b\tc\t1\t2\t17\t3"), PARSE_RECORD);
	assert_string_equal(computer(x, x->flow.src), "a b");
	fixture_free(x);

	/* nfdump's own export mapped by hand: its trailer is still no data. */
	struct format *nf = format_columns_template("src=sa,dst=da,sport=sp,"
	    "dport=dp,rpackets=opkt,rbytes=obyt", why, sizeof why);
	x = fixture_bind(nf, nfdump_header);
	assert_int_equal(parse(x, "Summary"), PARSE_SKIP);
	assert_int_equal(parse(x, "flows,bytes,packets,avg_bps,avg_pps,"
	    "avg_bpp"), PARSE_SKIP);
	assert_int_equal(parse(x, "152,9938,152,2564,4,65"), PARSE_SKIP);
	expect_record(x, nfdump_v6);
	assert_int_equal(x->flow.bytes, 120);	/* obyt alone: no bytes= */
	fixture_free(x);
	format_free(nf);

	const char *short_header = "When,Client,Server,CPort,SPort,Proto\n";
	assert_null(format_bind(t, short_header, strlen(short_header),
	    why, sizeof why));
	assert_string_equal(why, "the header has no column \"Bytes\" (bytes)");
	assert_null(format_bind(t, "\n\n#comment\n", 11, why,
	    sizeof why));
	assert_string_equal(why, "no header line to find the columns in");
	format_free(t);
}

static void
test_detect_and_same(void **state)
{
	char why[200], text[4096];
	const struct format *nf = format_find("nfdump");
	struct format *a, *b, *c;

	(void)state;
	snprintf(text, sizeof text, "%s\n%s\n", nfdump_header, nfdump_udp);
	assert_ptr_equal(format_detect(text, strlen(text), why, sizeof why),
	    nf);
	/* Without a header: the 48 fields and the date tell. */
	snprintf(text, sizeof text, "%s\n%s\n", nfdump_udp, nfdump_v6);
	assert_ptr_equal(format_detect(text, strlen(text), why, sizeof why),
	    nf);

	/* nfdump -q on a window without flows writes just this. */
	assert_ptr_equal(format_detect("No matching flows\n", 18, why,
	    sizeof why), nf);

	a = format_bind(nf, nfdump_header, strlen(nfdump_header), why,
	    sizeof why);
	b = format_bind(nf, nfdump_header, strlen(nfdump_header), why,
	    sizeof why);
	c = format_bind(nf, nfdump_udp, strlen(nfdump_udp), why,
	    sizeof why);
	assert_true(format_same(a, b));
	assert_false(format_same(a, c));
	assert_false(format_same(a, format_find("lanl2015")));
	format_free(a);
	format_free(b);
	format_free(c);
}

/* The Zeek header of a newer Zeek: ip_proto last. */
static const char zeek_ipproto_log[] =
    "#separator \\x09\n"
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t"
    "service\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\t"
    "local_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"
    "resp_pkts\tresp_ip_bytes\ttunnel_parents\tip_proto\n";

/* Protocols without ports are flows: Zeek's unknown_transport with the
 * number in ip_proto, ICMP with its type and code as ports, IPv6. */
static void
test_zeek_ip_proto(void **state)
{
	struct fixture *x = fixture_bind(format_find("zeek"), zeek_ipproto_log);

	(void)state;
	assert_int_equal(x->p.format->nfields, 22);
	expect_record(x, "0.000000\tC1\t1.1.1.0\t0\t2.2.2.2\t0\t"
	    "unknown_transport\t-\t0.000839\t0\t0\tOTH\tF\tF\t0\t-\t2\t40\t0\t"
	    "0\t-\t99");
	assert_int_equal(x->flow.proto, 99);
	assert_int_equal(x->flow.sport, number(0));
	assert_int_equal(x->flow.dport, number(0));
	assert_int_equal(x->flow.packets, 2);
	assert_int_equal(x->flow.bytes, 40);
	/* ip_proto unset: the name decides, and an unknown one is other. */
	expect_record(x, "0.0\tC2\t1.1.1.0\t0\t2.2.2.2\t0\tunknown_transport\t"
	    "-\t-\t-\t-\tOTH\tF\tF\t0\t-\t2\t40\t0\t0\t-\t-");
	assert_int_equal(x->flow.proto, FORMAT_PROTO_OTHER);
	expect_record(x, "0.0\tC3\tfe80::c801:eff:fe88:8\t134\tff02::1\t133\t"
	    "icmp\t-\t-\t-\t-\tOTH\tT\tF\t0\t-\t1\t64\t0\t0\t-\t58");
	assert_int_equal(x->flow.proto, 58);
	assert_string_equal(computer(x, x->flow.dst), "ff02::1");
	assert_int_equal(x->flow.dport, number(133));
	/* Zeek never quotes: a quote in a field flowmap skips is text. */
	expect_record(x, "1.5\tC4\t10.0.0.1\t5\t10.0.0.2\t80\ttcp\t\"http\t1\t"
	    "0\t0\tSF\tF\tF\t0\tSh\"\t1\t40\t1\t40\t-\t6");
	assert_int_equal(x->flow.proto, 6);
	assert_int_equal(parse(x, "1.5\tC4\t10.0.0.1\t5\t10.0.0.2\t80\ttcp\t-\t"
	    "1\t0\t0\tSF\tF\tF\t0\tSh\t1\t40\t1\t40\t-\t300"), PARSE_MALFORMED);
	assert_string_equal(x->why, "field 22 (ip_proto) is not a protocol "
	    "number (0-255): \"300\"");
	fixture_free(x);
}

/* Zeek's own options rename the id fields; a stray tab before the first
 * line (as one project stores its logs) is still Zeek. */
static void
test_zeek_renamed_and_blank(void **state)
{
	const char log[] = "\t#separator \\x09\n#set_separator\t,\n"
	    "#fields\tts\tuid\tsrc\tsrc_port\tdst\tdst_port\tproto\tduration\t"
	    "orig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\n";
	char why[200], cols[512];
	struct fixture *x;

	(void)state;
	assert_ptr_equal(format_detect(log, strlen(log), why, sizeof why),
	    format_find("zeek"));
	x = fixture_bind(format_find("zeek"), log);
	assert_int_equal(x->p.format->nfields, 12);
	assert_int_equal(x->p.format->column[FIELD_SRC], 2);
	assert_int_equal(x->p.format->column[FIELD_DPORT], 5);
	assert_int_equal(parse(x, "\t#separator \\x09"), PARSE_SKIP);
	expect_record(x, "7.25\tC1\t10.0.0.1\t4000\t10.0.0.2\t53\tudp\t0.5\t1\t"
	    "60\t1\t90");
	assert_int_equal(x->flow.time, 7);
	assert_int_equal(x->flow.duration, 1);
	assert_int_equal(x->flow.bytes, 150);
	format_describe_columns(x->p.format, cols, sizeof cols);
	assert_string_equal(cols, "time=ts,duration=duration,src=src,"
	    "dst=dst,sport=src_port,dport=dst_port,proto=proto,"
	    "packets=orig_pkts,bytes=orig_ip_bytes,rpackets=resp_pkts,"
	    "rbytes=resp_ip_bytes");
	/* A later #fields line is a header to bind, not data. */
	assert_true(format_is_rebind(x->p.format, "#fields\tts\tuid", 14));
	assert_false(format_is_rebind(x->p.format, "#types\ttime", 11));
	fixture_free(x);
}

static struct fixture *
json_fixture(void)
{
	return fixture_with(format_find("zeek-json"), NULL);
}

static void
test_zeek_json(void **state)
{
	struct fixture *x = json_fixture();
	char why[200];
	const char *line = "{\"ts\":1700828217.314165,\"uid\":\"Cf1\","
	    "\"id.orig_h\":\"192.168.1.9\",\"id.orig_p\":50820,"
	    "\"id.resp_h\":\"45.33.32.156\",\"id.resp_p\":443,\"proto\":\"tcp\","
	    "\"duration\":0.20696377754211426,\"orig_bytes\":0,"
	    "\"conn_state\":\"REJ\",\"local_orig\":true,\"orig_pkts\":1,"
	    "\"orig_ip_bytes\":60,\"resp_pkts\":1,\"resp_ip_bytes\":40,"
	    "\"tunnel_parents\":[\"a\",{\"b\":[1,2]}]}";

	(void)state;
	assert_ptr_equal(format_detect(line, strlen(line), why, sizeof why),
	    format_find("zeek-json"));
	expect_record(x, line);
	assert_int_equal(x->flow.time, 1700828217);
	assert_int_equal(x->flow.duration, 0);
	assert_string_equal(computer(x, x->flow.src), "192.168.1.9");
	assert_string_equal(computer(x, x->flow.dst), "45.33.32.156");
	assert_int_equal(x->flow.sport, number(50820));
	assert_int_equal(x->flow.dport, number(443));
	assert_int_equal(x->flow.proto, 6);
	assert_int_equal(x->flow.packets, 2);
	assert_int_equal(x->flow.bytes, 100);

	/* Keys in any order, "id" nested, an ISO 8601 ts, null counts, an
	 * escaped address, blanks between tokens. */
	expect_record(x, " { \"proto\" : \"udp\", \"id\": {\"resp_p\": 53, "
	    "\"orig_h\": \"fe80::\\u0031\", \"orig_p\": 5353, \"resp_h\": "
	    "\"ff02::fb\"}, \"ts\": \"2023-11-24T12:16:57.314165Z\", "
	    "\"orig_pkts\": null, \"duration\": null } ");
	assert_int_equal(x->flow.time, 1700828217);
	assert_string_equal(computer(x, x->flow.src), "fe80::1");
	assert_int_equal(x->flow.dport, number(53));
	assert_int_equal(x->flow.proto, 17);
	assert_int_equal(x->flow.packets, 0);
	assert_int_equal(parse(x, "   "), PARSE_SKIP);
	fixture_free(x);
}

/* Hostile JSON: every line is malformed with a message, nothing is
 * interned, nothing crashes. */
static void
test_zeek_json_hostile(void **state)
{
	struct fixture *x = json_fixture();
	char deep[200];
	const char *head = "{\"id.orig_h\":\"a\",\"id.orig_p\":1,"
	    "\"id.resp_h\":\"b\",\"id.resp_p\":2";
	char line[512];
	struct {
		const char *tail, *why;
	} cases[] = {
		{ ",\"ts\":1", "the JSON object is cut short" },
		{ ",\"ts\":1}}", "text after the JSON object" },
		{ ",\"ts\":\"1\\q\"}", "a bad escape in a JSON string" },
		{ ",\"ts\":1.}", "a bad number in the JSON object" },
		{ ",\"ts\":tru}", "a bad value in the JSON object" },
		{ ",ts:1}", "a JSON object member without a key in quotes" },
		{ ",\"ts\" 1}", "no ':' after a key in the JSON object" },
		{ ",\"ts\":1 \"x\":2}", "no ',' between members of the JSON "
		  "object" },
		{ ",\"ts\":123456789012345678901234567890}", "key \"ts\" "
		  "overflows 64 bits: \"123456789012345678901234567890\"" },
		{ ",\"orig_pkts\":-1}", "key \"orig_pkts\" is negative: "
		  "\"-1\"" },
		{ ",\"orig_pkts\":1e3}", "key \"orig_pkts\" is not a whole "
		  "number: \"1e3\"" },
		{ ",\"orig_pkts\":true}", "key \"orig_pkts\" is not a string "
		  "or a number: \"true\"" },
		{ ",\"orig_pkts\":[1]}", "key \"orig_pkts\" is not a string or "
		  "a number: \"{...}\"" },
		{ ",\"proto\":17.5}", "key \"proto\" is not a whole number: "
		  "\"17.5\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(line, sizeof line, "%s%s", head, cases[i].tail);
		assert_int_equal(parse(x, line), PARSE_MALFORMED);
		assert_string_equal(x->why, cases[i].why);
	}
	assert_int_equal(parse(x, "[1,2]"), PARSE_MALFORMED);
	assert_string_equal(x->why, "not a JSON object");
	assert_int_equal(parse(x, "{\"ts\":1,\"id.orig_h\":\"a\"}"),
	    PARSE_MALFORMED);
	assert_string_equal(x->why, "the JSON object has no destination "
	    "address (id.resp_h)");
	/* Deep nesting stops at the limit, without recursing further. */
	memset(deep, '[', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	snprintf(line, sizeof line, "%s,\"x\":%s", head, deep);
	assert_int_equal(parse(x, line), PARSE_MALFORMED);
	assert_string_equal(x->why, "JSON nested deeper than 32 levels");
	assert_int_equal(x->computers.count, 0);
	fixture_free(x);
}

/* Argus flows as ra writes them for CTU-13: slash dates, a Dir column,
 * empty ports on ARP, hexadecimal ICMP ports, management records. */
static void
test_argus(void **state)
{
	const char csv[] = "StartTime,Dur,Proto,SrcAddr,Sport,Dir,DstAddr,"
	    "Dport,State,sTos,dTos,TotPkts,TotBytes,SrcBytes,SrcPkts,Label\n";
	const char tsv[] = "StartTime\tDur\tProto\tSrcAddr\tSport\tDir\t"
	    "DstAddr\tDport\tState\tsTos\tdTos\tTotPkts\tTotBytes\tSrcBytes\t"
	    "Label\n";
	char why[200];
	struct fixture *x;

	(void)state;
	assert_ptr_equal(format_detect(csv, strlen(csv), why, sizeof why),
	    format_find("argus"));
	assert_ptr_equal(format_detect(tsv, strlen(tsv), why, sizeof why),
	    format_find("argus"));
	x = fixture_bind(format_find("argus"), csv);
	assert_int_equal(x->p.format->nfields, 16);
	expect_record(x, "2018/12/18 14:00:00.527012,0.699716,tcp,"
	    "216.73.23.146,52798,   ->,147.32.81.58,445,S_RA,0,0,2,134,70,1,");
	assert_int_equal(x->flow.time, 1545141600);
	assert_int_equal(x->flow.duration, 1);
	assert_string_equal(computer(x, x->flow.src), "216.73.23.146");
	assert_int_equal(x->flow.dport, number(445));
	assert_int_equal(x->flow.packets, 2);
	assert_int_equal(x->flow.bytes, 134);
	/* "<-": the flow went from the destination to the source. */
	expect_record(x, "2018/12/18 14:00:01,0,udp,10.0.0.1,53,  <-,10.0.0.2,"
	    "40000,CON,0,0,1,80,0,0,");
	assert_string_equal(computer(x, x->flow.src), "10.0.0.2");
	assert_int_equal(x->flow.sport, number(40000));
	assert_int_equal(x->flow.dport, number(53));
	/* ICMP type and code in hexadecimal. */
	expect_record(x, "2018/12/18 14:00:11.171480,0.000515,icmp,"
	    "168.1.206.67,0x0008,  <->,147.32.87.1,0x0f72,ECO,164,164,2,220,"
	    "110,1,");
	assert_int_equal(x->flow.proto, 1);
	assert_int_equal(x->flow.sport, number(8));
	assert_int_equal(x->flow.dport, number(0xf72));
	fixture_free(x);

	x = fixture_bind(format_find("argus"), tsv);
	/* ARP has no ports: a flow of its two computers all the same. */
	expect_record(x, "2018/09/27 22:41:57.854743\t127.995537\tarp\t"
	    "192.168.2.12\t\t  who\t192.168.2.1\t\tCON\t\t\t10\t510\t300\t");
	assert_int_equal(x->flow.proto, FORMAT_PROTO_OTHER);
	assert_int_equal(x->flow.sport, number(0));
	assert_int_equal(x->flow.dport, number(0));
	assert_int_equal(x->flow.packets, 10);
	expect_record(x, "1970/01/01 01:00:00.000000\t0.000000\tllc\t"
	    "00:00:00:00:00:00\t0\t   ->\t00:00:00:00:00:00\t0\tINT\t\t\t1\t60\t"
	    "60\tflow=Background");
	assert_int_equal(x->flow.time, 3600);
	/* Argus's management records are not flows. */
	assert_int_equal(parse(x, "2018/05/10 10:52:47.283479\t0.045010\tman\t"
	    "0\t0\t\t0\t0\tSTA\t\t\t0\t0\t0\t"), PARSE_SKIP);
	assert_int_equal(parse(x, "2018/05/10 10:52:47\t0\ttcp\t\t1\t->\tb\t2\t"
	    "CON\t\t\t1\t1\t1\t"), PARSE_MALFORMED);
	assert_string_equal(x->why, "field 4 (SrcAddr) is empty: \"\"");
	fixture_free(x);
}

/* nfdump 1.7.5 and later: ten columns of other names, with a header or
 * (with -q) without. */
static void
test_nfdump175(void **state)
{
	const char header[] = "firstSeen,duration,proto,srcAddr,srcPort,"
	    "dstAddr,dstPort,packets,bytes,flows\n";
	const char rec[] = "2023-11-14 22:13:20.250,1.500,6,10.0.0.2,30000,"
	    "10.0.1.53,443,5,300,1";
	char why[200], text[512];
	struct fixture *x;

	(void)state;
	snprintf(text, sizeof text, "%s%s\n", header, rec);
	assert_ptr_equal(format_detect(text, strlen(text), why, sizeof why),
	    format_find("nfdump"));
	x = fixture_bind(format_find("nfdump"), text);
	assert_int_equal(x->p.format->nfields, 10);
	assert_non_null(x->p.format->header);
	expect_record(x, rec);
	assert_int_equal(x->flow.time, 1700000000);
	assert_int_equal(x->flow.duration, 2);
	assert_int_equal(x->flow.proto, 6);
	assert_int_equal(x->flow.dport, number(443));
	assert_int_equal(x->flow.packets, 5);
	assert_int_equal(x->flow.bytes, 300);
	assert_int_equal(parse(x, "Summary"), PARSE_SKIP);
	fixture_free(x);

	/* -q: the ten fields and the date tell; the layout is assumed. */
	snprintf(text, sizeof text, "%s\n%s\n", rec, rec);
	assert_ptr_equal(format_detect(text, strlen(text), why, sizeof why),
	    format_find("nfdump"));
	x = fixture_bind(format_find("nfdump"), text);
	assert_null(x->p.format->header);
	assert_int_equal(x->p.format->nfields, 10);
	expect_record(x, rec);
	assert_int_equal(x->flow.bytes, 300);
	fixture_free(x);
}

/* Dates in every layout; year-last ones only with an order. */
static void
test_dates(void **state)
{
	uint64_t v;

	(void)state;
	assert_null(dates_parse("04/05/2023 10:00:00", 19, DATE_ORDER_DMY,
	    &v));
	assert_int_equal(v, 1683194400);	/* 4 May 2023 */
	assert_null(dates_parse("04/05/2023 10:00:00", 19, DATE_ORDER_MDY,
	    &v));
	assert_int_equal(v, 1680688800);	/* 5 April 2023 */
	assert_ptr_equal(dates_parse("25/05/2023 10:00", 16, DATE_ORDER_NONE,
	    &v), DATES_AMBIGUOUS);
	assert_string_equal(dates_parse("25/05/2023 10:00", 16,
	    DATE_ORDER_MDY, &v), "is not a valid date");
	assert_null(dates_parse("2024-02-29", 10, DATE_ORDER_NONE, &v));
	assert_int_equal(v, 1709164800);
	assert_null(dates_parse("0000-00-00 00:00:00.000", 23,
	    DATE_ORDER_NONE, &v));
	assert_int_equal(v, 0);
	assert_null(dates_parse("1970-01-01T05:00:00-0500", 24,
	    DATE_ORDER_NONE, &v));
	assert_int_equal(v, 36000);
	assert_string_equal(dates_parse("1970-01-01T00:00:00+01:00", 25,
	    DATE_ORDER_NONE, &v), "is before 1970");
	assert_string_equal(dates_parse("2023-11-14 22:13:20 UTC", 23,
	    DATE_ORDER_NONE, &v), "is not a date (YYYY-MM-DD hh:mm:ss, "
	    "YYYY/MM/DD hh:mm:ss or seconds since 1970)");
	assert_string_equal(dates_parse("12.", 3, DATE_ORDER_NONE, &v),
	    "is not a number");
	assert_string_equal(dates_parse("99999999999999999999", 20,
	    DATE_ORDER_NONE, &v), "overflows 64 bits");
	assert_int_equal(dates_order_from_name("dmy"), DATE_ORDER_DMY);
	assert_int_equal(dates_order_from_name("ymd"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nfdump_records),
		cmocka_unit_test(test_nfdump_not_data),
		cmocka_unit_test(test_nfdump_headerless),
		cmocka_unit_test(test_loose_values),
		cmocka_unit_test(test_zeek),
		cmocka_unit_test(test_columns_spec),
		cmocka_unit_test(test_columns_bind),
		cmocka_unit_test(test_detect_and_same),
		cmocka_unit_test(test_zeek_ip_proto),
		cmocka_unit_test(test_zeek_renamed_and_blank),
		cmocka_unit_test(test_zeek_json),
		cmocka_unit_test(test_zeek_json_hostile),
		cmocka_unit_test(test_argus),
		cmocka_unit_test(test_nfdump175),
		cmocka_unit_test(test_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
