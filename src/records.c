/*
 * records.c - formats, detection and the libcsv-driven line parser.
 *
 * libcsv is fed one line at a time and finished at its end, so a quote
 * problem can never swallow the lines after it, and every message names an
 * exact line.  libcsv hands each field in a buffer it reuses, so fields are
 * copied into the parser's scratch, NUL-terminated, before the conversions
 * look at them.  Any field flowmap needs is checked strictly: numbers are
 * plain unsigned decimals that fit 64 bits, protocols fit 0..255, names
 * are 1..NAMES_MAX_LEN bytes.  Fields flowmap does not need are not looked
 * at, so a collector's odd column cannot make a good record malformed.
 *
 * The fast path.  Nearly every line of a real file is digits, commas and
 * short names, and libcsv's byte-at-a-time state machine plus the copy
 * into scratch cost more than everything else the parser does.  So a line
 * is first split on commas in place and its fields converted inline; the
 * fast path takes the line only when the general path would surely make
 * the same record of it: no quote, NUL or CR anywhere (libcsv's business,
 * or a malformed line), the exact number of fields, every number 1..19
 * plain digits (no sign, no spaces libcsv would trim, no overflow), names
 * 1..NAMES_MAX_LEN bytes without a space or tab at either end (libcsv trims
 * those), the protocol <= 255.  Anything else, good or bad, is handed to
 * the general path untouched, so messages have one source.  Interning
 * happens in the same order on both paths (source port, destination port,
 * source computer, destination computer), after every check, so the names
 * tables come out the same too.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escape.h"
#include "records.h"
#include "xalloc.h"

static const struct format format_lanl2015 = {
	.name = "lanl2015",
	.description = "LANL 2015 flows.txt: time,duration,src computer,"
	    "src port,dst computer,dst port,protocol,packets,bytes",
	.nfields = 9,
	.column = {
		[FIELD_TIME] = 0, [FIELD_DURATION] = 1, [FIELD_SRC] = 2,
		[FIELD_SPORT] = 3, [FIELD_DST] = 4, [FIELD_DPORT] = 5,
		[FIELD_PROTO] = 6, [FIELD_PACKETS] = 7, [FIELD_BYTES] = 8,
		[FIELD_RPACKETS] = -1, [FIELD_RBYTES] = -1,
	},
	.field_names = { "time", "duration", "src computer", "src port",
	    "dst computer", "dst port", "protocol", "packets", "bytes" },
	/* The 2015 release did not normalise direction. */
	.direction = DIRECTION_INFER,
};

static const struct format format_lanl2017 = {
	.name = "lanl2017",
	.description = "LANL 2017 netflow: Time,Duration,SrcDevice,DstDevice,"
	    "Protocol,SrcPort,DstPort,SrcPackets,DstPackets,SrcBytes,DstBytes",
	.nfields = 11,
	.column = {
		[FIELD_TIME] = 0, [FIELD_DURATION] = 1, [FIELD_SRC] = 2,
		[FIELD_DST] = 3, [FIELD_PROTO] = 4, [FIELD_SPORT] = 5,
		[FIELD_DPORT] = 6, [FIELD_PACKETS] = 7, [FIELD_RPACKETS] = 8,
		[FIELD_BYTES] = 9, [FIELD_RBYTES] = 10,
	},
	.field_names = { "Time", "Duration", "SrcDevice", "DstDevice",
	    "Protocol", "SrcPort", "DstPort", "SrcPackets", "DstPackets",
	    "SrcBytes", "DstBytes" },
	/* The 2017 release puts the server on the destination side. */
	.direction = DIRECTION_AS_IS,
};

const struct format *const records_formats[] = {
	&format_lanl2015, &format_lanl2017, NULL
};

const struct format *
records_format_find(const char *name)
{
	for (size_t i = 0; records_formats[i] != NULL; i++)
		if (strcasecmp(records_formats[i]->name, name) == 0)
			return records_formats[i];
	return NULL;
}

/* Fields of a raw line, counting commas outside double quotes: enough to
 * tell the formats apart without a full parse. */
static int
count_fields(const char *s, size_t len)
{
	int n = 1, quoted = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == ',' && !quoted)
			n++;
	}
	return n;
}

/* Does the line look like the format's header (its first field name)? */
static int
is_header_text(const struct format *f, const char *s, size_t len)
{
	const char *first = f->field_names[0];
	size_t n = strlen(first);

	while (len > 0 && (*s == '"' || *s == ' ')) {
		s++;
		len--;
	}
	return len >= n && strncasecmp(s, first, n) == 0 &&
	    (len == n || s[n] == ',' || s[n] == '"' || s[n] == ' ');
}

const struct format *
records_detect(const char *text, size_t len, char *why, size_t whylen)
{
	int votes[8] = {0}, lines = 0, first_fields = -1;
	const char *p = text, *end = text + len;

	while (p < end && lines < 20) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n;

		if (nl == NULL) {
			/* A cut line counts only when it is all there is. */
			if (lines > 0)
				break;
			nl = end;
		}
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0) {
			int fields = count_fields(p, n);

			if (lines == 0) {
				first_fields = fields;
				for (int i = 0; records_formats[i] != NULL; i++)
					if (records_formats[i]->nfields == fields &&
					    is_header_text(records_formats[i], p, n))
						return records_formats[i];
			}
			for (int i = 0; records_formats[i] != NULL; i++)
				if (records_formats[i]->nfields == fields)
					votes[i]++;
			lines++;
		}
		p = nl + 1;
	}
	if (lines == 0) {
		snprintf(why, whylen, "no lines to tell the format from");
		return NULL;
	}
	int best = -1;
	for (int i = 0; records_formats[i] != NULL; i++)
		if (votes[i] * 2 > lines && (best < 0 || votes[i] > votes[best]))
			best = i;
	if (best >= 0)
		return records_formats[best];
	snprintf(why, whylen, "the first line has %d comma-separated fields; "
	    "lanl2015 has 9 and lanl2017 has 11 (use --format)", first_fields);
	return NULL;
}

/* New parsers try the fast path unless a test turned it off. */
static int fast_path_default = 1;

void
records_set_fast_path(int on)
{
	fast_path_default = on != 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct record_parser *p = data;
	int n = p->nfields;

	if (n >= RECORDS_MAX_FIELDS) {
		p->overflow = 1;
		return;
	}
	if (len > 0)
		memcpy(p->scratch + p->scratch_len, s, len);
	p->scratch[p->scratch_len + len] = '\0';
	p->off[n] = p->scratch_len;
	p->len[n] = len;
	p->scratch_len += len + 1;
	p->nfields = n + 1;
}

static void
on_row(int c, void *data)
{
	/* One line is one row: lines with a CR inside are refused before
	 * libcsv sees them, so there is nothing to do at a row's end. */
	(void)c;
	(void)data;
}

static int
csv_start(struct record_parser *p)
{
	return csv_init(&p->csv, CSV_STRICT | CSV_STRICT_FINI);
}

int
records_parser_init(struct record_parser *p, const struct format *f,
    struct names *computers, struct names *portnames)
{
	*p = (struct record_parser){0};
	p->format = f;
	p->computers = computers;
	p->portnames = portnames;
	p->fast = fast_path_default;
	/* Unquoting never lengthens a field; each field adds its NUL. */
	p->scratch = xmalloc(RECORDS_MAX_LINE + RECORDS_MAX_FIELDS + 2);
	return csv_start(p);
}

void
records_parser_free(struct record_parser *p)
{
	csv_free(&p->csv);
	free(p->scratch);
	p->scratch = NULL;
}

/* The field's number (1-based) and name, for messages. */
static void
field_label(const struct record_parser *p, enum field_role r, char *buf,
    size_t size)
{
	int col = p->format->column[r];

	snprintf(buf, size, "field %d (%s)", col + 1,
	    p->format->field_names[col]);
}

static enum parse_result
bad_field(const struct record_parser *p, enum field_role r, const char *what,
    char *why, size_t whylen)
{
	char label[64], value[64];
	int col = p->format->column[r];

	field_label(p, r, label, sizeof label);
	escape_text(p->scratch + p->off[col], p->len[col], value, sizeof value);
	snprintf(why, whylen, "%s %s: \"%s\"", label, what, value);
	return PARSE_MALFORMED;
}

/* A plain unsigned decimal; the reason it is not one otherwise. */
static const char *
parse_u64(const char *s, size_t len, uint64_t *v)
{
	uint64_t x = 0;

	if (len == 0)
		return "is empty";
	if (s[0] == '-')
		return "is negative";
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return "is not a whole number";
		if (x > (UINT64_MAX - d) / 10) {
			/* Keep scanning: "12x" past the overflow is still not
			 * a number, and that is the better message. */
			for (size_t j = i; j < len; j++)
				if ((unsigned)((unsigned char)s[j] - '0') > 9)
					return "is not a whole number";
			return "overflows 64 bits";
		}
		x = x * 10 + d;
	}
	*v = x;
	return NULL;
}

static enum parse_result
get_u64(const struct record_parser *p, enum field_role r, uint64_t *v,
    char *why, size_t whylen)
{
	int col = p->format->column[r];
	const char *e;

	if (col < 0) {
		*v = 0;
		return PARSE_RECORD;
	}
	e = parse_u64(p->scratch + p->off[col], p->len[col], v);
	if (e != NULL)
		return bad_field(p, r, e, why, whylen);
	return PARSE_RECORD;
}

/* Names and ports are checked before anything is interned, so a line that
 * turns out malformed leaves no computer behind in the tables. */
static enum parse_result
check_name(const struct record_parser *p, enum field_role r, char *why,
    size_t whylen)
{
	size_t len = p->len[p->format->column[r]];

	if (len == 0)
		return bad_field(p, r, "is empty", why, whylen);
	if (len > NAMES_MAX_LEN)
		return bad_field(p, r, "is longer than 255 bytes", why, whylen);
	return PARSE_RECORD;
}

static uint32_t
intern_computer(const struct record_parser *p, enum field_role r)
{
	int col = p->format->column[r];

	return names_intern(p->computers, p->scratch + p->off[col], p->len[col]);
}

static enum parse_result
intern_port(const struct record_parser *p, enum field_role r, uint32_t *key,
    char *why, size_t whylen)
{
	int col = p->format->column[r];

	if (port_parse(p->scratch + p->off[col], p->len[col], p->portnames,
	    key) < 0)
		return bad_field(p, r, "cannot be interned", why, whylen);
	return PARSE_RECORD;
}

/* Sum two counters of one flow, failing on overflow. */
static enum parse_result
add_counter(const struct record_parser *p, enum field_role r, uint64_t a,
    uint64_t b, uint64_t *sum, char *why, size_t whylen)
{
	if (a > UINT64_MAX - b) {
		char label[64];

		field_label(p, r, label, sizeof label);
		snprintf(why, whylen, "%s: the two directions together "
		    "overflow 64 bits", label);
		return PARSE_MALFORMED;
	}
	*sum = a + b;
	return PARSE_RECORD;
}

/* --- the fast path (see the essay at the top) --- */

/* 1: ends a field; 2: only the general path may read this line. */
static const unsigned char fast_class[256] = {
	[','] = 1, ['"'] = 2, ['\0'] = 2, ['\r'] = 2,
};

struct fast_fields {
	const char	*s[RECORDS_MAX_FIELDS];
	size_t		 len[RECORDS_MAX_FIELDS];
};

/* Plain digits, at most 19 of them (so no overflow): 1, else 0. */
static inline int
fast_u64(const char *s, size_t len, uint64_t *v)
{
	uint64_t x = 0;

	if (len - 1 >= 19)	/* 0 or more than 19 */
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return 0;
		x = x * 10 + d;
	}
	*v = x;
	return 1;
}

static inline int
fast_get(const struct record_parser *p, const struct fast_fields *f,
    enum field_role r, uint64_t *v)
{
	int col = p->format->column[r];

	if (col < 0) {
		*v = 0;
		return 1;
	}
	return fast_u64(f->s[col], f->len[col], v);
}

/* A name libcsv would hand over unchanged, of a legal length. */
static inline int
fast_name(const struct record_parser *p, const struct fast_fields *f,
    enum field_role r)
{
	int col = p->format->column[r];
	const char *s = f->s[col];
	size_t len = f->len[col];

	return len - 1 < NAMES_MAX_LEN && s[0] != ' ' && s[0] != '\t' &&
	    s[len - 1] != ' ' && s[len - 1] != '\t';
}

/* 1 with the record in out, or 0: the general path must read the line. */
static int
fast_parse(struct record_parser *p, const char *line, size_t len,
    struct flow *out)
{
	const struct format *fm = p->format;
	const int last = fm->nfields - 1;
	struct fast_fields f;
	const char *start = line, *end = line + len;
	uint64_t first, rpackets, rbytes, proto;
	int n = 0;

	for (const char *q = line; q < end; q++) {
		unsigned k = fast_class[(unsigned char)*q];

		if (k == 0)
			continue;
		if (k == 2 || n == last)
			return 0;
		f.s[n] = start;
		f.len[n] = (size_t)(q - start);
		n++;
		start = q + 1;
	}
	if (n != last)
		return 0;
	f.s[n] = start;
	f.len[n] = (size_t)(end - start);
	/* A first field of digits is never a header. */
	if (!fast_u64(f.s[0], f.len[0], &first))
		return 0;
	if (!fast_get(p, &f, FIELD_TIME, &out->time) ||
	    !fast_get(p, &f, FIELD_DURATION, &out->duration) ||
	    !fast_name(p, &f, FIELD_SRC) || !fast_name(p, &f, FIELD_SPORT) ||
	    !fast_name(p, &f, FIELD_DST) || !fast_name(p, &f, FIELD_DPORT) ||
	    !fast_get(p, &f, FIELD_PROTO, &proto) || proto > 255 ||
	    !fast_get(p, &f, FIELD_PACKETS, &out->packets) ||
	    !fast_get(p, &f, FIELD_BYTES, &out->bytes) ||
	    !fast_get(p, &f, FIELD_RPACKETS, &rpackets) ||
	    !fast_get(p, &f, FIELD_RBYTES, &rbytes) ||
	    out->packets > UINT64_MAX - rpackets ||
	    out->bytes > UINT64_MAX - rbytes)
		return 0;
	out->proto = (uint32_t)proto;
	out->packets += rpackets;
	out->bytes += rbytes;
	/* Interning, in the general path's order; a port that cannot be
	 * interned (a full table) is the general path's to report. */
	int cs = fm->column[FIELD_SPORT], cd = fm->column[FIELD_DPORT];
	if (port_parse(f.s[cs], f.len[cs], p->portnames, &out->sport) < 0 ||
	    port_parse(f.s[cd], f.len[cd], p->portnames, &out->dport) < 0)
		return 0;
	cs = fm->column[FIELD_SRC];
	cd = fm->column[FIELD_DST];
	out->src = names_intern(p->computers, f.s[cs], f.len[cs]);
	out->dst = names_intern(p->computers, f.s[cd], f.len[cd]);
	return 1;
}

#define CHECK(expr) do {					\
	if ((expr) != PARSE_RECORD)				\
		return PARSE_MALFORMED;				\
} while (0)

enum parse_result
records_parse_line(struct record_parser *p, const char *line, size_t len,
    struct flow *out, char *why, size_t whylen)
{
	const struct format *f = p->format;
	uint64_t rpackets, rbytes, proto;
	size_t used;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return PARSE_SKIP;
	if (p->fast && len <= RECORDS_MAX_LINE &&
	    fast_parse(p, line, len, out)) {
		p->fast_records++;
		return PARSE_RECORD;
	}
	if (len > RECORDS_MAX_LINE) {
		snprintf(why, whylen, "line longer than %d bytes",
		    RECORDS_MAX_LINE);
		return PARSE_MALFORMED;
	}
	if (memchr(line, '\0', len) != NULL) {
		snprintf(why, whylen, "NUL byte in the line");
		return PARSE_MALFORMED;
	}
	if (memchr(line, '\r', len) != NULL) {
		snprintf(why, whylen, "carriage return inside the line");
		return PARSE_MALFORMED;
	}

	p->nfields = 0;
	p->overflow = 0;
	p->scratch_len = 0;
	used = csv_parse(&p->csv, line, len, on_field, on_row, p);
	if (used != len || csv_fini(&p->csv, on_field, on_row, p) != 0) {
		snprintf(why, whylen, "bad CSV quoting: %s",
		    csv_strerror(csv_error(&p->csv)));
		/* libcsv has no reset after an error: start it afresh. */
		csv_free(&p->csv);
		if (csv_start(p) != 0) {
			snprintf(why, whylen, "cannot restart the CSV parser");
			return PARSE_MALFORMED;
		}
		return PARSE_MALFORMED;
	}
	if (p->nfields == 0)
		return PARSE_SKIP;
	if (p->overflow || p->nfields != f->nfields) {
		if (p->overflow)
			snprintf(why, whylen, "expected %d fields, found more "
			    "than %d", f->nfields, RECORDS_MAX_FIELDS);
		else
			snprintf(why, whylen, "expected %d fields, found %d",
			    f->nfields, p->nfields);
		return PARSE_MALFORMED;
	}
	if (is_header_text(f, p->scratch + p->off[0], p->len[0]) &&
	    parse_u64(p->scratch + p->off[0], p->len[0], &proto) != NULL)
		return PARSE_SKIP;

	CHECK(get_u64(p, FIELD_TIME, &out->time, why, whylen));
	CHECK(get_u64(p, FIELD_DURATION, &out->duration, why, whylen));
	CHECK(check_name(p, FIELD_SRC, why, whylen));
	CHECK(check_name(p, FIELD_SPORT, why, whylen));
	CHECK(check_name(p, FIELD_DST, why, whylen));
	CHECK(check_name(p, FIELD_DPORT, why, whylen));
	CHECK(get_u64(p, FIELD_PROTO, &proto, why, whylen));
	if (proto > 255)
		return bad_field(p, FIELD_PROTO, "is not a protocol number "
		    "(0-255)", why, whylen);
	out->proto = (uint32_t)proto;
	CHECK(get_u64(p, FIELD_PACKETS, &out->packets, why, whylen));
	CHECK(get_u64(p, FIELD_BYTES, &out->bytes, why, whylen));
	CHECK(get_u64(p, FIELD_RPACKETS, &rpackets, why, whylen));
	CHECK(get_u64(p, FIELD_RBYTES, &rbytes, why, whylen));
	CHECK(add_counter(p, FIELD_RPACKETS, out->packets, rpackets,
	    &out->packets, why, whylen));
	CHECK(add_counter(p, FIELD_RBYTES, out->bytes, rbytes, &out->bytes,
	    why, whylen));
	CHECK(intern_port(p, FIELD_SPORT, &out->sport, why, whylen));
	CHECK(intern_port(p, FIELD_DPORT, &out->dport, why, whylen));
	out->src = intern_computer(p, FIELD_SRC);
	out->dst = intern_computer(p, FIELD_DST);
	return PARSE_RECORD;
}
