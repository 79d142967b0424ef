/*
 * fuzz_json.c - the one-line JSON reader and the Zeek JSON format over
 * arbitrary bytes.
 *
 * The input is cut at newlines.  Each line goes through jsonline_scan()
 * with Zeek's keys (flat, and nested under "id") and through the zeek-json
 * line parser, as the loader reads it.  Beyond "no crash" (ASan watches
 * every read against the line's exact bounds: each line is copied into a
 * buffer of its own length), the harness checks the reader's promises:
 * every value it found lies inside the line, a string value's escapes all
 * decode (the scan checked them) into no more bytes than the text, a
 * message is non-empty and holds no control byte, and a record's ids are
 * in the tables.  Nesting is bounded: a line of brackets must end in the
 * depth message, not in a deep recursion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "load/jsonline.h"
#include "load/records.h"

static const char *const keys[] = {
	"ts", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto",
	"duration", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes",
	"ip_proto",
};
#define NKEYS	((int)(sizeof keys / sizeof *keys))

static void
bad(const char *what, const char *line, size_t len)
{
	fprintf(stderr, "fuzz_json: %s on \"%.*s\"\n", what,
	    (int)(len < 200 ? len : 200), line);
	abort();
}

static void
check_message(const char *why, size_t whylen, const char *line, size_t len)
{
	size_t n = strnlen(why, whylen);

	if (n == 0 || n == whylen)
		bad("message empty or unterminated", line, len);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)why[i] < 0x20 || why[i] == 0x7f)
			bad("control byte in a message", line, len);
}

static void
scan(const char *line, size_t len)
{
	size_t keylen[NKEYS];
	struct json_value v[NKEYS];
	char buf[4096];

	for (int i = 0; i < NKEYS; i++)
		keylen[i] = strlen(keys[i]);
	const char *e = jsonline_scan(line, len, keys, keylen, NKEYS, v);
	if (e != NULL) {
		if (e[0] == '\0')
			bad("empty reason", line, len);
		return;
	}
	for (int i = 0; i < NKEYS; i++) {
		if (v[i].kind != JSON_STRING && v[i].kind != JSON_NUMBER)
			continue;
		if (v[i].s < line || v[i].s + v[i].len > line + len)
			bad("a value outside the line", line, len);
		if (v[i].kind == JSON_STRING && v[i].escaped &&
		    v[i].len <= sizeof buf) {
			long n = jsonline_unescape(&v[i], buf, sizeof buf);

			if (n < 0 || (size_t)n > v[i].len)
				bad("a checked string that does not decode", line,
				    len);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	struct names computers, portnames;
	struct record_parser p;

	names_init(&computers);
	names_init(&portnames);
	if (records_parser_init(&p, format_find("zeek-json"), &computers,
	    &portnames) != 0)
		abort();
	p.date_order = size > 0 && (data[0] & 1) ? DATE_ORDER_DMY :
	    DATE_ORDER_NONE;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = (size_t)((nl != NULL ? nl : end) - s);
		char *line = malloc(len > 0 ? len : 1);
		struct flow flow;
		char why[200] = "";

		if (line == NULL)
			abort();
		memcpy(line, s, len);
		scan(line, len);
		switch (records_parse_line(&p, line, len, &flow, why,
		    sizeof why)) {
		case PARSE_RECORD:
			if (flow.src >= computers.count ||
			    flow.dst >= computers.count || flow.proto > 255)
				bad("a record with bad ids", line, len);
			break;
		case PARSE_MALFORMED:
			check_message(why, sizeof why, line, len);
			break;
		case PARSE_SKIP:
			break;
		default:
			abort();
		}
		free(line);
		s += len + 1;
	}
	records_parser_free(&p);
	names_free(&computers);
	names_free(&portnames);
	return 0;
}
