/*
 * test_records.c - the formats, their detection and the line parser.
 *
 * Every malformed class is checked for its exact message (field number,
 * field name, what is wrong, the escaped value), and for leaving nothing
 * behind in the names tables; good lines are checked field by field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "parser_fixture.h"
#include "load/records.h"
#include "load/tally.h"
#include "unit.h"

static struct fixture *
fixture_new(const char *format)
{
	return fixture_with(format_find(format), NULL);
}

/* The line must be malformed with exactly this message, and intern no
 * computer on the way. */
static void
expect_malformed(const char *format, const char *line, const char *why)
{
	struct fixture *x = fixture_new(format);

	assert_int_equal(parse(x, line), PARSE_MALFORMED);
	assert_string_equal(x->why, why);
	assert_int_equal(x->computers.count, 0);
	fixture_free(x);
}

static const char *
computer(const struct fixture *x, uint32_t id)
{
	assert_true(id < x->computers.count);
	return names_get(&x->computers, id);
}

static void
test_format_table(void **state)
{
	(void)state;
	assert_ptr_equal(format_find("lanl2015"), format_table[0]);
	assert_ptr_equal(format_find("LANL2017"), format_table[1]);
	assert_null(format_find("lanl2016"));
	assert_ptr_equal(format_find("nfdump"), format_table[2]);
	assert_ptr_equal(format_find("Zeek"), format_table[3]);
	assert_ptr_equal(format_find("zeek-json"), format_table[4]);
	assert_ptr_equal(format_find("argus"), format_table[5]);
	assert_null(format_table[6]);
	assert_int_equal(format_table[0]->nfields, 9);
	assert_int_equal(format_table[1]->nfields, 11);
	assert_int_equal(format_table[0]->direction, DIRECTION_INFER);
	assert_int_equal(format_table[1]->direction, DIRECTION_AS_IS);
	/* Every role a format uses has a column and a name for messages. */
	for (int i = 0; format_table[i] != NULL; i++) {
		const struct format *f = format_table[i];

		/* A template names its columns; binding checks them.  JSON
		 * names its keys, looked up on every line. */
		if (f->flags & (FORMAT_TEMPLATE | FORMAT_JSON)) {
			assert_non_null(f->wanted[FIELD_SRC]);
			assert_non_null(f->wanted[FIELD_DPORT]);
			continue;
		}
		for (int r = 0; r < FIELD_NROLES; r++) {
			int col = f->column[r];

			assert_true(col >= -1 && col < f->nfields);
			if (col >= 0)
				assert_non_null(f->field_names[col]);
		}
		assert_true(f->column[FIELD_SRC] >= 0);
		assert_true(f->column[FIELD_BYTES] >= 0);
	}
}

static void
test_lanl2015_example(void **state)
{
	struct fixture *x = fixture_new("lanl2015");

	(void)state;
	assert_int_equal(parse(x, "1,0,C1065,389,C3799,N10451,6,10,5323"),
	    PARSE_RECORD);
	assert_int_equal(x->flow.time, 1);
	assert_int_equal(x->flow.duration, 0);
	assert_string_equal(computer(x, x->flow.src), "C1065");
	assert_string_equal(computer(x, x->flow.dst), "C3799");
	assert_int_equal(x->flow.sport, PORT_KEY(PORT_TAG_NUMBER, 389));
	assert_int_equal(x->flow.dport, PORT_KEY(PORT_TAG_N, 10451));
	assert_int_equal(x->flow.proto, 6);
	assert_int_equal(x->flow.packets, 10);
	assert_int_equal(x->flow.bytes, 5323);
	assert_int_equal(x->portnames.count, 0);

	/* The same computers again keep their ids. */
	uint32_t src = x->flow.src, dst = x->flow.dst;
	assert_int_equal(parse(x, "7,3,C3799,N5,C1065,445,17,1,2"),
	    PARSE_RECORD);
	assert_int_equal(x->flow.src, dst);
	assert_int_equal(x->flow.dst, src);
	assert_int_equal(x->flow.time, 7);
	assert_int_equal(x->flow.duration, 3);
	assert_int_equal(x->flow.sport, PORT_KEY(PORT_TAG_N, 5));
	assert_int_equal(x->flow.dport, PORT_KEY(PORT_TAG_NUMBER, 445));
	assert_int_equal(x->flow.proto, 17);
	assert_int_equal(x->computers.count, 2);
	fixture_free(x);
}

static void
test_lanl2017_example(void **state)
{
	struct fixture *x = fixture_new("lanl2017");

	(void)state;
	assert_int_equal(parse(x, "118781,5580,Comp364445,Comp547245,6,"
	    "Port95765,80,1000,200,300000,4000"), PARSE_RECORD);
	assert_int_equal(x->flow.time, 118781);
	assert_int_equal(x->flow.duration, 5580);
	assert_string_equal(computer(x, x->flow.src), "Comp364445");
	assert_string_equal(computer(x, x->flow.dst), "Comp547245");
	assert_int_equal(x->flow.proto, 6);
	/* Port95765 is above 65535 and still a tagged number. */
	assert_int_equal(x->flow.sport, PORT_KEY(PORT_TAG_PORT, 95765));
	assert_int_equal(x->flow.dport, PORT_KEY(PORT_TAG_NUMBER, 80));
	/* Both directions summed. */
	assert_int_equal(x->flow.packets, 1200);
	assert_int_equal(x->flow.bytes, 304000);

	assert_int_equal(parse(x, "0,0,EnterpriseAppServer,ActiveDirectory,17,"
	    "53,Port1,0,0,0,0"), PARSE_RECORD);
	assert_int_equal(x->flow.sport, PORT_KEY(PORT_TAG_NUMBER, 53));
	assert_int_equal(x->flow.dport, PORT_KEY(PORT_TAG_PORT, 1));
	assert_int_equal(x->flow.packets, 0);
	assert_int_equal(x->flow.bytes, 0);
	assert_string_equal(computer(x, x->flow.src), "EnterpriseAppServer");
	assert_int_equal(x->computers.count, 4);

	/* Largest counters: UINT64_MAX in one direction, 0 in the other. */
	assert_int_equal(parse(x, "18446744073709551615,1,A,B,1,1,2,"
	    "18446744073709551615,0,0,18446744073709551615"), PARSE_RECORD);
	assert_true(x->flow.time == UINT64_MAX);
	assert_true(x->flow.packets == UINT64_MAX);
	assert_true(x->flow.bytes == UINT64_MAX);
	assert_int_equal(x->flow.proto, 1);
	fixture_free(x);
}

static void
test_odd_ports(void **state)
{
	struct fixture *x = fixture_new("lanl2015");
	char buf[300];

	(void)state;
	assert_int_equal(parse(x, "1,0,C1,http,C2,Port70000,6,1,1"),
	    PARSE_RECORD);
	assert_int_equal(PORT_TAG(x->flow.sport), PORT_TAG_NAME);
	assert_string_equal(port_format(x->flow.sport, &x->portnames, buf,
	    sizeof buf), "http");
	assert_int_equal(x->flow.dport, PORT_KEY(PORT_TAG_PORT, 70000));
	/* A leading zero makes a name, so "N007" prints back as it came. */
	assert_int_equal(parse(x, "1,0,C1,N007,C2,0,6,1,1"), PARSE_RECORD);
	assert_int_equal(PORT_TAG(x->flow.sport), PORT_TAG_NAME);
	assert_string_equal(port_format(x->flow.sport, &x->portnames, buf,
	    sizeof buf), "N007");
	assert_int_equal(x->flow.dport, PORT_KEY(PORT_TAG_NUMBER, 0));
	assert_int_equal(x->portnames.count, 2);
	fixture_free(x);
}

static void
test_quoted_fields(void **state)
{
	struct fixture *x = fixture_new("lanl2015");

	(void)state;
	assert_int_equal(parse(x, "\"1\",\"0\",\"C1065\",\"389\",\"C3799\","
	    "\"N10451\",\"6\",\"10\",\"5323\""), PARSE_RECORD);
	assert_int_equal(x->flow.time, 1);
	assert_string_equal(computer(x, x->flow.src), "C1065");
	assert_string_equal(computer(x, x->flow.dst), "C3799");
	assert_int_equal(x->flow.sport, PORT_KEY(PORT_TAG_NUMBER, 389));
	assert_int_equal(x->flow.dport, PORT_KEY(PORT_TAG_N, 10451));
	assert_int_equal(x->flow.bytes, 5323);
	/* Commas and doubled quotes inside quotes belong to the name. */
	assert_int_equal(parse(x, "2,0,\"a,b\",1,\"say \"\"hi\"\"\",2,6,1,1"),
	    PARSE_RECORD);
	assert_string_equal(computer(x, x->flow.src), "a,b");
	assert_string_equal(computer(x, x->flow.dst), "say \"hi\"");
	assert_int_equal(x->flow.time, 2);
	fixture_free(x);
}

static void
test_crlf(void **state)
{
	struct fixture *x = fixture_new("lanl2015");

	(void)state;
	assert_int_equal(parse(x, "1,0,C1,389,C2,N1,6,10,5323\r"),
	    PARSE_RECORD);
	assert_int_equal(x->flow.bytes, 5323);
	assert_string_equal(computer(x, x->flow.dst), "C2");
	assert_int_equal(parse(x, "\r"), PARSE_SKIP);
	/* A CR anywhere else is not a line ending. */
	assert_int_equal(parse(x, "1,0,C1,389,C2\r,N1,6,10,5323"),
	    PARSE_MALFORMED);
	assert_string_equal(x->why, "carriage return inside the line");
	fixture_free(x);
}

static void
test_skipped_lines(void **state)
{
	struct fixture *x = fixture_new("lanl2017");
	struct fixture *y = fixture_new("lanl2015");

	(void)state;
	assert_int_equal(parse(x, ""), PARSE_SKIP);
	assert_int_equal(parse(x, "Time,Duration,SrcDevice,DstDevice,Protocol,"
	    "SrcPort,DstPort,SrcPackets,DstPackets,SrcBytes,DstBytes"),
	    PARSE_SKIP);
	assert_int_equal(parse(x, "\"Time\",\"Duration\",\"SrcDevice\","
	    "\"DstDevice\",\"Protocol\",\"SrcPort\",\"DstPort\",\"SrcPackets\","
	    "\"DstPackets\",\"SrcBytes\",\"DstBytes\"\r"), PARSE_SKIP);
	assert_int_equal(parse(y, "time,duration,src computer,src port,"
	    "dst computer,dst port,protocol,packets,bytes"), PARSE_SKIP);
	/* A header interns nothing. */
	assert_int_equal(x->computers.count, 0);
	assert_int_equal(x->portnames.count, 0);
	assert_int_equal(y->computers.count, 0);
	/* A header of the other format has the wrong field count. */
	assert_int_equal(parse(y, "Time,Duration,SrcDevice,DstDevice,Protocol,"
	    "SrcPort,DstPort,SrcPackets,DstPackets,SrcBytes,DstBytes"),
	    PARSE_MALFORMED);
	assert_string_equal(y->why, "expected 9 fields, found 11");
	fixture_free(x);
	fixture_free(y);
}

static void
test_field_count(void **state)
{
	struct ubuf many = {0};

	(void)state;
	expect_malformed("lanl2015", "1,0,C1,389,C2,N1,6,10",
	    "expected 9 fields, found 8");
	expect_malformed("lanl2015", "1,0,C1,389,C2,N1,6,10,5323,7",
	    "expected 9 fields, found 10");
	expect_malformed("lanl2015", "1", "expected 9 fields, found 1");
	expect_malformed("lanl2015", ",", "expected 9 fields, found 2");
	expect_malformed("lanl2017", "1,0,C1,389,C2,N1,6,10,5323",
	    "expected 11 fields, found 9");
	for (int i = 0; i < FORMAT_MAX_FIELDS + 40; i++)
		ubuf_str(&many, i ? ",1" : "1");
	expect_malformed("lanl2015", many.p,
	    "expected 9 fields, found more than 256");
	ubuf_free(&many);
	for (int i = 0; i < FORMAT_MAX_FIELDS; i++)
		ubuf_str(&many, i ? ",1" : "1");
	expect_malformed("lanl2015", many.p, "expected 9 fields, found 256");
	ubuf_free(&many);
}

static void
test_bad_numbers(void **state)
{
	(void)state;
	expect_malformed("lanl2015", "1,0,C1,389,C2,N1,6,10,12x",
	    "field 9 (bytes) is not a whole number: \"12x\"");
	expect_malformed("lanl2015", "1,0,C1,389,C2,N1,6,-10,12",
	    "field 8 (packets) is negative: \"-10\"");
	expect_malformed("lanl2015", "1,0,C1,389,C2,N1,6,10,+12",
	    "field 9 (bytes) is not a whole number: \"+12\"");
	expect_malformed("lanl2015", "1.5,0,C1,389,C2,N1,6,10,12",
	    "field 1 (time) is not a whole number: \"1.5\"");
	expect_malformed("lanl2015", ",0,C1,389,C2,N1,6,10,12",
	    "field 1 (time) is empty: \"\"");
	expect_malformed("lanl2015", "1,0x10,C1,389,C2,N1,6,10,12",
	    "field 2 (duration) is not a whole number: \"0x10\"");
	/* 2^64 is one too many; a longer run with a letter says so. */
	expect_malformed("lanl2015", "18446744073709551616,0,C1,389,C2,N1,6,"
	    "10,12", "field 1 (time) overflows 64 bits: "
	    "\"18446744073709551616\"");
	expect_malformed("lanl2015", "1,0,C1,389,C2,N1,6,10,"
	    "99999999999999999999999",
	    "field 9 (bytes) overflows 64 bits: \"99999999999999999999999\"");
	expect_malformed("lanl2015", "1,0,C1,389,C2,N1,6,10,"
	    "99999999999999999999999x",
	    "field 9 (bytes) is not a whole number: "
	    "\"99999999999999999999999x\"");
	expect_malformed("lanl2015", "1,0,C1,389,C2,N1,256,10,12",
	    "field 7 (protocol) is not a protocol number (0-255): \"256\"");
	expect_malformed("lanl2015", "1,0,C1,389,C2,N1,tcp,10,12",
	    "field 7 (protocol) is not a whole number: \"tcp\"");
	expect_malformed("lanl2017", "1,0,C1,C2,6,1,2,3,4,5,x6",
	    "field 11 (DstBytes) is not a whole number: \"x6\"");
	expect_malformed("lanl2017", "1,0,C1,C2,6,1,2,3,-4,5,6",
	    "field 9 (DstPackets) is negative: \"-4\"");
	expect_malformed("lanl2017", "1,0,C1,C2,6,1,2,3,4,"
	    "18446744073709551615,1",
	    "field 11 (DstBytes): the two directions together overflow "
	    "64 bits");
	expect_malformed("lanl2017", "1,0,C1,C2,6,1,2,18446744073709551614,"
	    "2,0,0", "field 9 (DstPackets): the two directions together "
	    "overflow 64 bits");
}

static void
test_bad_names(void **state)
{
	char line[1024], why[256];
	struct fixture *x;

	(void)state;
	expect_malformed("lanl2015", "1,0,,389,C2,N1,6,10,12",
	    "field 3 (src computer) is empty: \"\"");
	expect_malformed("lanl2015", "1,0,C1,,C2,N1,6,10,12",
	    "field 4 (src port) is empty: \"\"");
	expect_malformed("lanl2015", "1,0,C1,389,\"\",N1,6,10,12",
	    "field 5 (dst computer) is empty: \"\"");
	expect_malformed("lanl2017", "1,0,C1,C2,6,1,,3,4,5,6",
	    "field 7 (DstPort) is empty: \"\"");
	/* 255 bytes is the longest name; the message cuts the value. */
	snprintf(line, sizeof line, "1,0,C1,389,%0255d,N1,6,10,12", 7);
	x = fixture_new("lanl2015");
	assert_int_equal(parse(x, line), PARSE_RECORD);
	assert_int_equal(names_len(&x->computers, x->flow.dst), 255);
	fixture_free(x);
	snprintf(line, sizeof line, "1,0,C1,389,%0256d,N1,6,10,12", 7);
	x = fixture_new("lanl2015");
	assert_int_equal(parse(x, line), PARSE_MALFORMED);
	assert_contains(x->why, "field 5 (dst computer) is longer than 255 "
	    "bytes: \"0000");
	assert_contains(x->why, "...\"");
	assert_int_equal(x->computers.count, 0);
	fixture_free(x);
	snprintf(line, sizeof line, "1,0,C1,389,C2,%0256d,6,10,12", 7);
	snprintf(why, sizeof why, "field 6 (dst port) is longer than 255 "
	    "bytes: \"");
	x = fixture_new("lanl2015");
	assert_int_equal(parse(x, line), PARSE_MALFORMED);
	assert_contains(x->why, why);
	assert_int_equal(x->computers.count, 0);
	assert_int_equal(x->portnames.count, 0);
	fixture_free(x);
}

static void
test_bad_bytes(void **state)
{
	struct fixture *x = fixture_new("lanl2015");
	static const char nul[] = "1,0,C1,389,C\0002,N1,6,10,12";

	(void)state;
	assert_int_equal(records_parse_line(&x->p, nul, sizeof nul - 1,
	    &x->flow, x->why, sizeof x->why), PARSE_MALFORMED);
	assert_string_equal(x->why, "NUL byte in the line");
	/* Terminal controls in a value are escaped in the message. */
	assert_int_equal(parse(x, "1,0,C1,389,C2,N1,6,10,\x1b]52;c;aGk=\x07"),
	    PARSE_MALFORMED);
	assert_string_equal(x->why, "field 9 (bytes) is not a whole number: "
	    "\"\\e]52;c;aGk=\\x07\"");
	assert_null(strchr(x->why, 0x1b));
	assert_int_equal(x->computers.count, 0);
	fixture_free(x);
}

static void
test_bad_quoting(void **state)
{
	struct fixture *x = fixture_new("lanl2015");

	(void)state;
	/* An unterminated quote is this line's problem only. */
	assert_int_equal(parse(x, "1,0,\"C1,389,C2,N1,6,10,12"),
	    PARSE_MALFORMED);
	assert_contains(x->why, "bad CSV quoting");
	assert_int_equal(parse(x, "1,0,C1,389,C2,N1,6,10,12"), PARSE_RECORD);
	assert_int_equal(x->flow.bytes, 12);
	assert_string_equal(computer(x, x->flow.src), "C1");
	/* A quote inside an unquoted field is refused too (strict). */
	assert_int_equal(parse(x, "1,0,C\"1,389,C2,N1,6,10,12"),
	    PARSE_MALFORMED);
	assert_contains(x->why, "bad CSV quoting");
	assert_int_equal(parse(x, "3,0,C3,389,C2,N1,6,10,13"), PARSE_RECORD);
	assert_int_equal(x->flow.time, 3);
	assert_string_equal(computer(x, x->flow.src), "C3");
	assert_int_equal(x->computers.count, 3);
	fixture_free(x);
}

static void
test_line_length(void **state)
{
	struct ubuf b = {0};
	const char *rest = ",0,C1,389,C2,N1,6,10,12";
	size_t pad = RECORDS_MAX_LINE - strlen(rest) - 1;
	struct fixture *x = fixture_new("lanl2015");

	(void)state;
	/* Exactly RECORDS_MAX_LINE bytes: leading zeros make it legal. */
	for (size_t i = 0; i < pad; i++)
		ubuf_str(&b, "0");
	ubuf_str(&b, "9");
	ubuf_str(&b, rest);
	assert_int_equal(b.len, RECORDS_MAX_LINE);
	assert_int_equal(parse(x, b.p), PARSE_RECORD);
	assert_int_equal(x->flow.time, 9);
	/* With its CR it still is. */
	ubuf_str(&b, "\r");
	assert_int_equal(parse(x, b.p), PARSE_RECORD);
	/* One byte more is not. */
	b.p[b.len - 1] = '2';
	assert_int_equal(parse(x, b.p), PARSE_MALFORMED);
	assert_string_equal(x->why, "line longer than 65536 bytes");
	ubuf_free(&b);
	fixture_free(x);
}

/* Detect from a whole NUL-terminated text (why: 200 bytes). */
static const struct format *
detect(const char *text, char *why)
{
	return format_detect(text, strlen(text), why, 200);
}

static void
test_detect(void **state)
{
	char why[200];
	const struct format *f;
	static const char l2015[] = "1,0,C1065,389,C3799,N10451,6,10,5323\n"
	    "1,0,C1423,N1136,C1707,N1,6,5,847\n";
	static const char l2017[] = "118781,5580,Comp364445,Comp547245,17,"
	    "Port95765,Port68792,0,1,0,2\n";
	static const char h2017[] = "Time,Duration,SrcDevice,DstDevice,"
	    "Protocol,SrcPort,DstPort,SrcPackets,DstPackets,SrcBytes,DstBytes"
	    "\r\n1,2,A,B,6,1,2,3,4,5,6\r\n";

	(void)state;
	f = format_detect(l2015, sizeof l2015 - 1, why, sizeof why);
	assert_ptr_equal(f, format_find("lanl2015"));
	f = format_detect(l2017, sizeof l2017 - 1, why, sizeof why);
	assert_ptr_equal(f, format_find("lanl2017"));
	f = format_detect(h2017, sizeof h2017 - 1, why, sizeof why);
	assert_ptr_equal(f, format_find("lanl2017"));
	/* Only the header, without a newline. */
	f = format_detect(h2017, strlen("Time,Duration,SrcDevice,DstDevice,"
	    "Protocol,SrcPort,DstPort,SrcPackets,DstPackets,SrcBytes,DstBytes"),
	    why, sizeof why);
	assert_ptr_equal(f, format_find("lanl2017"));
	/* One line without its newline is enough; blank lines don't vote. */
	f = format_detect(l2015, 36, why, sizeof why);
	assert_ptr_equal(f, format_find("lanl2015"));
	f = detect("\n\r\n1,0,C1,2,C3,4,6,1,1\n", why);
	assert_ptr_equal(f, format_find("lanl2015"));
	/* Quoted commas don't count as separators. */
	f = detect("1,0,\"C,1\",2,C3,4,6,1,1\n", why);
	assert_ptr_equal(f, format_find("lanl2015"));
	/* A majority decides; a cut last line does not vote. */
	f = detect("1,0,C1,2,C3,4,6,1,1\n1,0,C1,2,C3,4,6,1,1\n"
	    "1,2,A,B,6,1,2,3,4,5,6\n1,0,C1,2", why);
	assert_ptr_equal(f, format_find("lanl2015"));

	why[0] = '\0';
	assert_null(detect("a,b,c,d,e\n1,2,3,4,5\n", why));
	assert_string_equal(why, "the first line has 5 comma-separated "
	    "fields: not lanl2015 (9) or lanl2017 (11), and no header of "
	    "nfdump, Zeek or Argus, nor Zeek's JSON (use --format, or "
	    "--columns for another CSV)");
	why[0] = '\0';
	assert_null(format_detect("", 0, why, sizeof why));
	assert_string_equal(why, "no lines to tell the format from");
	why[0] = '\0';
	assert_null(detect("\n\n\r\n", why));
	assert_string_equal(why, "no lines to tell the format from");
	/* A tie is no majority. */
	why[0] = '\0';
	assert_null(detect("1,0,C1,2,C3,4,6,1,1\n1,2,A,B,6,1,2,3,4,5,6\n",
	    why));
	assert_contains(why, "first line has 9");
}

/* The parsed example flow, counted both ways. */
static void
test_direction_counted(void **state)
{
	struct fixture *x = fixture_new("lanl2015");
	struct tally t;
	uint32_t c1065, c3799;

	(void)state;
	/* C1065 answers on 389 (LDAP) to C3799's anonymised port. */
	assert_int_equal(parse(x, "1,0,C1065,389,C3799,N10451,6,10,5323"),
	    PARSE_RECORD);
	c1065 = x->flow.src;
	c3799 = x->flow.dst;
	for (int infer = 0; infer < 2; infer++) {
		tally_init(&t, 1);
		/* The tally counts ids of its own table. */
		assert_int_equal(names_intern(&t.computers, "C1065", 5), c1065);
		assert_int_equal(names_intern(&t.computers, "C3799", 5), c3799);
		tally_add(&t, &x->flow, infer ? DIRECTION_INFER :
		    DIRECTION_AS_IS);
		assert_int_equal(t.records, 1);
		assert_int_equal(t.swapped, infer ? 1 : 0);
		/* The server is C1065 only when inferred. */
		assert_int_equal(t.totals[c1065].flows[DIR_IN], infer ? 1 : 0);
		assert_int_equal(t.totals[c1065].flows[DIR_OUT], infer ? 0 : 1);
		assert_int_equal(t.totals[c3799].flows[DIR_OUT], infer ? 1 : 0);
		assert_int_equal(t.totals[c3799].bytes[infer ? DIR_OUT : DIR_IN],
		    5323);
		assert_int_equal(t.totals[c3799].packets[infer ? DIR_OUT :
		    DIR_IN], 10);
		/* The service port of the cells follows. */
		uint32_t svc = infer ? PORT_KEY(PORT_TAG_NUMBER, 389) :
		    PORT_KEY(PORT_TAG_N, 10451);
		assert_int_not_equal(keyindex_find(&t.cells,
		    (uint64_t)c1065 << 32 | svc), UINT32_MAX);
		assert_int_not_equal(keyindex_find(&t.cells,
		    (uint64_t)c3799 << 32 | svc), UINT32_MAX);
		assert_int_equal(t.cells.count, 2);
		assert_int_equal(t.proto_counters[(size_t)c1065 * PROTO_NBINS +
		    PROTO_TCP].flows[infer ? DIR_IN : DIR_OUT], 1);
		/* Raw port counts describe the file either way (they are
		 * read from a merged tally, which frees t). */
		struct tally m;
		tally_merge(&m, &t, 1);
		assert_int_not_equal(keyindex_find(&m.src_ports,
		    PORT_KEY(PORT_TAG_NUMBER, 389)), UINT32_MAX);
		assert_int_not_equal(keyindex_find(&m.dst_ports,
		    PORT_KEY(PORT_TAG_N, 10451)), UINT32_MAX);
		tally_free(&m);
	}
	fixture_free(x);
}

/*
 * The fast path against the general one: a corpus of good lines and of
 * every kind of damage and oddity, each line parsed by a parser of each
 * kind; the results, messages, records and names tables must be the same.
 * Fields are mutated one at a time, so every field of every format meets
 * every oddity.
 */
static const char *const oddities[] = {
	"", " ", "\t", "\"", "\"\"", "-1", "+1", "1 ", " 1", "\t1", "1\t",
	"1x", "x", "0", "007", "255", "256", "65535", "4294967296",
	"9999999999999999999", "10000000000000000000",
	"18446744073709551615", "18446744073709551616",
	"99999999999999999999999", "N", "N0", "N007", "N1073741823",
	"N1073741824", "Port", "Port80", "Port1073741824", "http", "C1",
	"C1 ", " C1", "C 1", "c1", "\"C1\"", "\"C,1\"", "C1\"", "a\rb",
	"caf\xc3\xa9", "\x01", ",", ",,", "1,2", "Time", "time", "\"time\"",
	/* Numbers of every length around the 8 digits read as one word,
	 * and the bytes on either side of '0'..'9'. */
	"12", "123", "1234", "12345", "123456", "1234567", "12345678",
	"123456789", "99999999", "00000000", "01234567", "1/", "1:", "/1",
	":1", "1234567/", "1234567:", "\xb1", "1\xb9", "N12345678",
	"N123456789", "N01", "Port0", "Port12345678", "Port123456789",
	"C1234567", "C12345678", "Comp1048575", "Comp1048576", "C0", "C01",
	"IP9", "Ca1", "abcdefg1", "abcdefgh1",
};

static uint64_t fast_taken;	/* records the fast path made */
static int group_fast = 1;	/* the group's setting, restored after */

static void
check_same(const char *format, const char *line, size_t len)
{
	struct fixture *a, *b, *c;
	enum parse_result ra, rb, rc;
	/* Parser c reads in place (line_slack): from a buffer of exactly
	 * the line, after slack bytes of digits that must never count. */
	char *slack = xmalloc(RECORDS_SLACK + len + 1);

	memset(slack, '7', RECORDS_SLACK);
	memcpy(slack + RECORDS_SLACK, line, len);
	records_set_fast_path(1);
	a = fixture_new(format);
	c = fixture_new(format);
	c->p.line_slack = 1;
	records_set_fast_path(0);
	b = fixture_new(format);
	assert_true(a->p.fast);
	assert_false(b->p.fast);
	/* Twice: the second time the names are already known. */
	for (int round = 0; round < 2; round++) {
		memset(&a->flow, 0, sizeof a->flow);
		memset(&b->flow, 0, sizeof b->flow);
		memset(&c->flow, 0, sizeof c->flow);
		a->why[0] = b->why[0] = c->why[0] = '\0';
		ra = records_parse_line(&a->p, line, len, &a->flow, a->why,
		    sizeof a->why);
		rb = records_parse_line(&b->p, line, len, &b->flow, b->why,
		    sizeof b->why);
		rc = records_parse_line(&c->p, slack + RECORDS_SLACK, len,
		    &c->flow, c->why, sizeof c->why);
		if (ra != rb || strcmp(a->why, b->why) != 0)
			fail_msg("%s \"%.*s\": fast %d \"%s\", libcsv %d \"%s\"",
			    format, (int)len, line, ra, a->why, rb, b->why);
		if (rc != rb || strcmp(c->why, b->why) != 0)
			fail_msg("%s \"%.*s\": in place %d \"%s\", libcsv %d "
			    "\"%s\"", format, (int)len, line, rc, c->why, rb,
			    b->why);
		if (ra == PARSE_RECORD) {
			assert_memory_equal(&a->flow, &b->flow, sizeof a->flow);
			assert_memory_equal(&c->flow, &b->flow, sizeof c->flow);
		}
	}
	assert_int_equal(b->p.fast_records, 0);
	assert_int_equal(c->p.fast_records, a->p.fast_records);
	fixture_free(c);
	free(slack);
	fast_taken += a->p.fast_records;
	assert_int_equal(a->computers.count, b->computers.count);
	assert_int_equal(a->portnames.count, b->portnames.count);
	for (uint32_t i = 0; i < a->computers.count; i++)
		assert_string_equal(names_get(&a->computers, i),
		    names_get(&b->computers, i));
	for (uint32_t i = 0; i < a->portnames.count; i++)
		assert_string_equal(names_get(&a->portnames, i),
		    names_get(&b->portnames, i));
	fixture_free(a);
	fixture_free(b);
	records_set_fast_path(group_fast);
}

static void
test_fast_path_agrees(void **state)
{
	static const struct {
		const char	*format;
		const char	*good[11];
		int		 n;
	} fmts[] = {
		{ "lanl2015", { "1", "0", "C1065", "389", "C3799", "N10451",
		    "6", "10", "5323" }, 9 },
		{ "lanl2017", { "118781", "5580", "Comp364445", "Comp547245",
		    "17", "Port05047", "Port46658", "384", "0", "26520", "0" },
		    11 },
	};
	char line[1024];

	(void)state;
	for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
		int n = fmts[k].n;
		size_t len = 0;

		/* The plain line itself is the fast path's. */
		fast_taken = 0;
		for (int i = 0; i < n; i++)
			len += (size_t)snprintf(line + len, sizeof line - len,
			    "%s%s", i > 0 ? "," : "", fmts[k].good[i]);
		check_same(fmts[k].format, line, len);
		assert_int_equal(fast_taken, 2);

		for (int field = 0; field < n; field++)
			for (size_t o = 0; o < sizeof oddities /
			    sizeof oddities[0]; o++) {
				len = 0;
				for (int i = 0; i < n; i++)
					len += (size_t)snprintf(line + len,
					    sizeof line - len, "%s%s",
					    i > 0 ? "," : "", i == field ?
					    oddities[o] : fmts[k].good[i]);
				check_same(fmts[k].format, line, len);
				/* With a CR LF ending, and one field more. */
				line[len] = '\r';
				check_same(fmts[k].format, line, len + 1);
				line[len] = ',';
				check_same(fmts[k].format, line, len + 1);
			}
		/* Too few fields, a NUL, a long name, a long line. */
		check_same(fmts[k].format, "1,2,3", 5);
		check_same(fmts[k].format, "1,0,C1\0,80,C2,N1,6,1,1", 22);
		memset(line, 'C', sizeof line);
		for (size_t nl = 250; nl < 260; nl++) {
			len = (size_t)snprintf(line, sizeof line,
			    "1,0,%.*s,80,C2,N1,6,1,1", (int)nl, line + 600);
			check_same(fmts[k].format, line, len);
		}
		/* The counters of both directions overflow together. */
		static const char *const sums[] = {
			"1,2,C1,C2,6,80,N1,9223372036854775808,"
			    "9223372036854775808,1,1",
			"1,2,C1,C2,6,80,N1,1,1,9223372036854775808,"
			    "9223372036854775808",
		};
		for (int i = 0; i < 2; i++)
			check_same(fmts[k].format, sums[i], strlen(sums[i]));
	}
	char *big = xmalloc(RECORDS_MAX_LINE + 100);
	memset(big, '1', RECORDS_MAX_LINE + 100);
	for (size_t len = RECORDS_MAX_LINE - 1; len <= RECORDS_MAX_LINE + 2;
	    len++)
		check_same("lanl2015", big, len);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_table),
		cmocka_unit_test(test_lanl2015_example),
		cmocka_unit_test(test_lanl2017_example),
		cmocka_unit_test(test_odd_ports),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_skipped_lines),
		cmocka_unit_test(test_field_count),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_bad_quoting),
		cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_direction_counted),
		cmocka_unit_test(test_fast_path_agrees),
	};
	int failed;

	/* Every case through the fast path and through libcsv alone. */
	records_set_fast_path(group_fast = 1);
	failed = cmocka_run_group_tests_name("fast path", tests, NULL, NULL);
	records_set_fast_path(group_fast = 0);
	failed += cmocka_run_group_tests_name("libcsv only", tests, NULL,
	    NULL);
	return failed;
}
