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
 * tables come out the same too.  Numbers of up to eight digits, ports
 * included, are read as one word (digits.h), from the bytes that end where
 * they do: in place when the caller promises readable bytes before the
 * line (line_slack, the loader's chunks), else from a copy.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "digits.h"
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

/* The columns of `nfdump -o csv` (nfdump 1.6 and 1.7), for files written
 * with -q, which have no header line. */
static const char nfdump_columns[] = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,"
    "ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,"
    "ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,"
    "mpls9,mpls10,cl,sl,al,ra,eng,exid,tr";

static const struct format format_nfdump = {
	.name = "nfdump",
	.description = "nfdump -o csv: ts,te,td,sa,da,sp,dp,pr,...,ipkt,ibyt,"
	    "opkt,obyt,... (header line optional; the Summary block is "
	    "skipped)",
	.wanted = {
		[FIELD_TIME] = "ts", [FIELD_DURATION] = "td",
		[FIELD_SRC] = "sa", [FIELD_DST] = "da", [FIELD_SPORT] = "sp",
		[FIELD_DPORT] = "dp", [FIELD_PROTO] = "pr",
		[FIELD_PACKETS] = "ipkt", [FIELD_BYTES] = "ibyt",
		[FIELD_RPACKETS] = "opkt", [FIELD_RBYTES] = "obyt",
	},
	.headerless = nfdump_columns,
	.flags = FORMAT_TEMPLATE | FORMAT_LOOSE | FORMAT_NFDUMP,
	/* A record is one direction of a conversation, as a router saw it:
	 * the client may be on either side. */
	.direction = DIRECTION_INFER,
};

static const struct format format_zeek = {
	.name = "zeek",
	.description = "Zeek conn.log (tab-separated, #fields header): "
	    "id.orig_h, id.orig_p, id.resp_h, id.resp_p, proto, duration, "
	    "orig_pkts, orig_ip_bytes, resp_pkts, resp_ip_bytes",
	.wanted = {
		[FIELD_TIME] = "ts", [FIELD_DURATION] = "duration",
		[FIELD_SRC] = "id.orig_h", [FIELD_DST] = "id.resp_h",
		[FIELD_SPORT] = "id.orig_p", [FIELD_DPORT] = "id.resp_p",
		[FIELD_PROTO] = "proto", [FIELD_PACKETS] = "orig_pkts",
		[FIELD_BYTES] = "orig_ip_bytes", [FIELD_RPACKETS] = "resp_pkts",
		[FIELD_RBYTES] = "resp_ip_bytes",
	},
	.flags = FORMAT_TEMPLATE | FORMAT_LOOSE | FORMAT_COMMENTS,
	/* The originator of a connection is its client. */
	.direction = DIRECTION_AS_IS,
};

const struct format *const records_formats[] = {
	&format_lanl2015, &format_lanl2017, &format_nfdump, &format_zeek, NULL
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

static int
starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

/* "YYYY-MM-DD hh:mm:ss" at the start of s: how nfdump writes times. */
static int
looks_like_date(const char *s, size_t len)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd";

	if (len < sizeof shape - 1)
		return 0;
	for (size_t i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != shape[i] && !(i == 10 && s[i] == 'T'))
			return 0;
	return 1;
}

/* nfdump's lines around the records: "No matching flows", and the
 * Summary block at the end (its title, header and line of numbers).  A
 * chunk may begin inside the block, so each line is known by itself. */
static int
nfdump_trailer(const char *s, size_t len)
{
	int commas = 0;

	if ((len == 7 && memcmp(s, "Summary", 7) == 0) ||
	    (len == 17 && memcmp(s, "No matching flows", 17) == 0) ||
	    starts_with(s, len, "flows,bytes,packets,"))
		return 1;
	for (size_t i = 0; i < len; i++)
		if (s[i] == ',')
			commas++;
		else if (!isdigit((unsigned char)s[i]) && s[i] != '.')
			return 0;
	return commas == 5;
}

const struct format *
records_detect(const char *text, size_t len, char *why, size_t whylen)
{
	int votes[8] = {0}, lines = 0, first_fields = -1, nfdump_votes = 0;
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
				/* Headers that say what wrote them. */
				if (starts_with(p, n, "ts,te,td,sa,da,sp,dp,pr"))
					return &format_nfdump;
				if (starts_with(p, n, "#separator") ||
				    starts_with(p, n, "#fields\t"))
					return &format_zeek;
			}
			for (int i = 0; records_formats[i] != NULL; i++)
				if (records_formats[i]->nfields == fields)
					votes[i]++;
			/* nfdump -q: no header, but its dates and columns;
			 * or only what it writes when there are no flows. */
			if ((fields == 48 && looks_like_date(p, n)) ||
			    nfdump_trailer(p, n))
				nfdump_votes++;
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
	if (nfdump_votes * 2 > lines)
		return &format_nfdump;
	snprintf(why, whylen, "the first line has %d comma-separated fields; "
	    "lanl2015 has 9 and lanl2017 has 11, nfdump and Zeek files start "
	    "with their header (use --format, or --columns for another CSV)",
	    first_fields);
	return NULL;
}

/* --- templates and their binding to a header --- */

static const char *const role_names[FIELD_NROLES] = {
	[FIELD_TIME] = "time", [FIELD_DURATION] = "duration",
	[FIELD_SRC] = "src", [FIELD_DST] = "dst", [FIELD_SPORT] = "sport",
	[FIELD_DPORT] = "dport", [FIELD_PROTO] = "proto",
	[FIELD_PACKETS] = "packets", [FIELD_BYTES] = "bytes",
	[FIELD_RPACKETS] = "rpackets", [FIELD_RBYTES] = "rbytes",
};

/* Roles a record cannot do without: who talked to whom, on which ports. */
static int
role_needed(enum field_role r)
{
	return r == FIELD_SRC || r == FIELD_DST || r == FIELD_SPORT ||
	    r == FIELD_DPORT;
}

struct format *
records_columns_template(const char *spec, char *why, size_t whylen)
{
	struct format *f = xcalloc(1, sizeof *f);
	char *save = NULL, *item;

	f->name = "columns";
	f->description = "a CSV or TSV file with a header, its columns "
	    "named by --columns";
	f->flags = FORMAT_TEMPLATE | FORMAT_LOOSE | FORMAT_COMMENTS |
	    FORMAT_EXACT;
	f->storage = xstrdup(spec);
	for (item = strtok_r(f->storage, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		int r;

		if (eq == NULL || eq == item || eq[1] == '\0') {
			snprintf(why, whylen, "--columns: \"%.40s\" is not "
			    "ROLE=COLUMN", item);
			goto fail;
		}
		*eq = '\0';
		for (r = 0; r < FIELD_NROLES; r++)
			if (strcmp(item, role_names[r]) == 0 ||
			    (r == FIELD_PROTO && strcmp(item, "protocol") == 0))
				break;
		if (r == FIELD_NROLES) {
			snprintf(why, whylen, "--columns: unknown role \"%.40s\" "
			    "(time, duration, src, dst, sport, dport, proto, "
			    "packets, bytes, rpackets, rbytes)", item);
			goto fail;
		}
		if (f->wanted[r] != NULL) {
			snprintf(why, whylen, "--columns: %s is given twice",
			    role_names[r]);
			goto fail;
		}
		f->wanted[r] = eq + 1;
	}
	for (int r = 0; r < FIELD_NROLES; r++)
		if (role_needed(r) && f->wanted[r] == NULL) {
			snprintf(why, whylen, "--columns: %s is needed (src, dst, "
			    "sport and dport always are)", role_names[r]);
			goto fail;
		}
	/* A record with the reverse counters is a whole conversation,
	 * written from the client's side; without them it may be either
	 * direction of one. */
	f->direction = f->wanted[FIELD_RPACKETS] != NULL ||
	    f->wanted[FIELD_RBYTES] != NULL ? DIRECTION_AS_IS :
	    DIRECTION_INFER;
	return f;
fail:
	records_format_free(f);
	return NULL;
}

void
records_format_free(struct format *f)
{
	if (f == NULL)
		return;
	free(f->storage);
	free(f);
}

static int
all_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* A header field without the quotes or spaces around it. */
static void
trim_name(char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '"')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '"'))
		(*len)--;
}

/* The header line of the text: the first line that is neither blank nor
 * (where comments are allowed) a comment, or a Zeek "#fields" line.  Sets
 * *line and *len, or returns 0 when there is none. */
static int
find_header(const struct format *tmpl, const char *text, size_t tlen,
    const char **line, size_t *len)
{
	const char *p = text, *end = text + tlen;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl != NULL ? nl : end) - p);

		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0 && (tmpl->flags & FORMAT_COMMENTS) && p[0] == '#') {
			if (starts_with(p, n, "#fields\t")) {
				*line = p + 8;
				*len = n - 8;
				return 1;
			}
		} else if (n > 0 && !all_space(p, n)) {
			*line = p;
			*len = n;
			return 1;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return 0;
}

/* Split a header into f's field names; returns the number of fields. */
static int
split_header(struct format *f, char *s, size_t len)
{
	int n = 0;
	char *end = s + len;

	while (n < RECORDS_MAX_FIELDS) {
		char *d = memchr(s, f->delimiter, (size_t)(end - s));
		char *stop = d != NULL ? d : end;
		size_t flen = (size_t)(stop - s);

		trim_name(&s, &flen);
		s[flen] = '\0';
		f->field_names[n++] = s;
		if (d == NULL)
			return n;
		s = d + 1;
	}
	return -1;
}

struct format *
records_format_bind(const struct format *tmpl, const char *text, size_t len,
    char *why, size_t whylen)
{
	struct format *f = xcalloc(1, sizeof *f);
	const char *line = NULL;
	size_t n = 0;
	int headerless = 0, found = 0;

	f->name = tmpl->name;
	f->description = tmpl->description;
	f->direction = tmpl->direction;
	f->flags = tmpl->flags & ~FORMAT_TEMPLATE;
	f->origin = tmpl;
	if (!find_header(tmpl, text, len, &line, &n)) {
		if (tmpl->headerless == NULL) {
			snprintf(why, whylen, "no header line to find the "
			    "columns in");
			goto fail;
		}
		headerless = 1;
	}
	for (;;) {
		const char *src = headerless ? tmpl->headerless : line;
		size_t slen = headerless ? strlen(tmpl->headerless) : n;

		/* Room for the names and, after them, the header as written. */
		free(f->storage);
		f->storage = xmalloc(2 * slen + 2);
		memcpy(f->storage, src, slen);
		f->storage[slen] = '\0';
		memcpy(f->storage + slen + 1, src, slen);
		f->storage[2 * slen + 1] = '\0';
		f->header = headerless ? NULL : f->storage + slen + 1;
		f->delimiter = memchr(src, '\t', slen) != NULL ? '\t' : ',';
		if ((f->nfields = split_header(f, f->storage, slen)) < 0) {
			snprintf(why, whylen, "the header has more than %d "
			    "fields", RECORDS_MAX_FIELDS);
			goto fail;
		}
		found = 0;
		for (int r = 0; r < FIELD_NROLES; r++) {
			f->column[r] = -1;
			for (int c = 0; tmpl->wanted[r] != NULL &&
			    c < f->nfields; c++)
				if (strcasecmp(f->field_names[c],
				    tmpl->wanted[r]) == 0) {
					f->column[r] = c;
					found++;
					break;
				}
		}
		/* nfdump's own header under --columns: its trailer is not
		 * data either. */
		if (!headerless && starts_with(line, n, "ts,te,td,sa,da,"))
			f->flags |= FORMAT_NFDUMP;
		/* A first line with none of the names is data: nfdump -q. */
		if (found == 0 && !headerless && tmpl->headerless != NULL) {
			headerless = 1;
			continue;
		}
		break;
	}
	for (int r = 0; r < FIELD_NROLES; r++)
		if (f->column[r] < 0 && tmpl->wanted[r] != NULL &&
		    (role_needed(r) || (tmpl->flags & FORMAT_EXACT))) {
			char name[80];

			escape_text(tmpl->wanted[r], strlen(tmpl->wanted[r]),
			    name, sizeof name);
			snprintf(why, whylen, "the header has no column \"%s\" "
			    "(%s)", name, role_names[r]);
			goto fail;
		}
	return f;
fail:
	records_format_free(f);
	return NULL;
}

int
records_format_same(const struct format *a, const struct format *b)
{
	if (a == b)
		return 1;
	if (a->origin == NULL || a->origin != b->origin ||
	    a->nfields != b->nfields || a->delimiter != b->delimiter ||
	    (a->header == NULL) != (b->header == NULL) ||
	    (a->header != NULL && strcmp(a->header, b->header) != 0))
		return 0;
	return memcmp(a->column, b->column, sizeof a->column) == 0;
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

/* In a tab-separated file a tab is the delimiter, so only spaces are
 * trimmed around fields. */
static int
is_blank_not_tab(unsigned char c)
{
	return c == ' ';
}

static int
csv_start(struct record_parser *p)
{
	if (csv_init(&p->csv, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -1;
	if (p->format->delimiter == '\t') {
		csv_set_delim(&p->csv, '\t');
		csv_set_space_func(&p->csv, is_blank_not_tab);
	}
	return 0;
}

int
records_parser_init(struct record_parser *p, const struct format *f,
    struct names *computers, struct names *portnames)
{
	*p = (struct record_parser){0};
	p->format = f;
	p->computers = computers;
	p->portnames = portnames;
	/* The fast path knows only the strict, comma-separated layouts. */
	p->fast = fast_path_default && !(f->flags & FORMAT_LOOSE) &&
	    f->delimiter != '\t';
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

/*
 * The loose formats (nfdump, Zeek, --columns) write times as dates or
 * decimal seconds, durations as decimal seconds, protocols as names, and
 * Zeek writes "-" for a count it does not have.
 */

/* Zeek's unset and empty values. */
static int
is_unset(const char *s, size_t len)
{
	return (len == 1 && s[0] == '-') ||
	    (len == 7 && memcmp(s, "(empty)", 7) == 0);
}

/* "S" or "S.fff" in whole seconds, the fraction rounded half up or cut. */
static const char *
parse_seconds(const char *s, size_t len, int round, uint64_t *v)
{
	const char *dot = memchr(s, '.', len);
	const char *e;

	if (dot == NULL)
		return parse_u64(s, len, v);
	if ((e = parse_u64(s, (size_t)(dot - s), v)) != NULL)
		return e;
	size_t flen = len - (size_t)(dot - s) - 1;
	if (flen == 0)
		return "is not a number";
	for (size_t i = 1; i <= flen; i++)
		if (!isdigit((unsigned char)dot[i]))
			return "is not a number";
	if (round && dot[1] >= '5' && *v < UINT64_MAX)
		(*v)++;
	return NULL;
}

/* Days since 1970-01-01 of a date in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int64_t)doe - 719468;
}

/* "YYYY-MM-DD hh:mm:ss", 'T' allowed between, then maybe a fraction and
 * a 'Z': seconds since 1970 as if the time were UTC (nfdump writes local
 * time without saying which; only differences between times matter). */
static const char *
parse_date(const char *s, size_t len, uint64_t *v)
{
	unsigned f[6];
	const char *q = s, *end = s + len;
	static const char seps[] = "-- ::";

	for (int i = 0; i < 6; i++) {
		unsigned x = 0;
		int digits = 0;

		while (q < end && isdigit((unsigned char)*q) && digits < 4) {
			x = x * 10 + (unsigned)(*q++ - '0');
			digits++;
		}
		if (digits != (i == 0 ? 4 : 2))
			return "is not a date (YYYY-MM-DD hh:mm:ss)";
		f[i] = x;
		if (i < 5) {
			if (q == end || (*q != seps[i] &&
			    !(i == 2 && *q == 'T')))
				return "is not a date (YYYY-MM-DD hh:mm:ss)";
			q++;
		}
	}
	if (q < end && *q == '.') {
		q++;
		while (q < end && isdigit((unsigned char)*q))
			q++;
	}
	if (q < end && *q == 'Z')
		q++;
	if (q != end)
		return "is not a date (YYYY-MM-DD hh:mm:ss)";
	if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 ||
	    f[4] > 59 || f[5] > 60)
		return "is not a valid date";
	if (f[0] < 1970)
		return "is before 1970";
	*v = (uint64_t)days_from_civil(f[0], f[1], f[2]) * 86400 +
	    f[3] * 3600 + f[4] * 60 + f[5];
	return NULL;
}

/* Protocol names as nfdump and Zeek write them, with IANA's keywords;
 * matched without regard to case.  The first name of a number is the one
 * reports show. */
static const struct {
	const char	*name;
	uint8_t		 number;
} protocol_names[] = {
	{ "ICMP", 1 }, { "IGMP", 2 }, { "GGP", 3 }, { "IPIP", 4 },
	{ "IPv4", 4 }, { "ST", 5 }, { "TCP", 6 }, { "EGP", 8 },
	{ "UDP", 17 }, { "DCCP", 33 }, { "IPv6", 41 }, { "IPv6-Route", 43 },
	{ "Rte6", 43 }, { "IPv6-Frag", 44 }, { "Frag6", 44 },
	{ "RSVP", 46 }, { "GRE", 47 }, { "ESP", 50 }, { "AH", 51 },
	{ "ICMPv6", 58 }, { "ICMP6", 58 }, { "IPv6-ICMP", 58 },
	{ "IPv6-NoNxt", 59 }, { "NoHe6", 59 }, { "IPv6-Opts", 60 },
	{ "Opts6", 60 }, { "EIGRP", 88 }, { "OSPF", 89 }, { "OSPFIGP", 89 },
	{ "EtherIP", 97 }, { "EthIP", 97 }, { "ENCAP", 98 }, { "PIM", 103 },
	{ "IPComp", 108 }, { "IPcmp", 108 }, { "VRRP", 112 }, { "L2TP", 115 },
	{ "ISIS4", 124 }, { "SCTP", 132 }, { "UDPLite", 136 },
	{ "UDP-L", 136 }, { "MPLS-in-IP", 137 }, { "MPLS", 137 },
};

const char *
records_protocol_name(uint32_t number)
{
	for (size_t i = 0; i < sizeof protocol_names / sizeof *protocol_names;
	    i++)
		if (protocol_names[i].number == number)
			return protocol_names[i].name;
	return NULL;
}

static const char *
parse_protocol(const char *s, size_t len, uint64_t *v)
{
	if (len > 0 && isdigit((unsigned char)s[0])) {
		const char *e = parse_u64(s, len, v);

		if (e == NULL && *v > 255)
			return "is not a protocol number (0-255)";
		return e;
	}
	for (size_t i = 0; i < sizeof protocol_names / sizeof *protocol_names;
	    i++)
		if (strlen(protocol_names[i].name) == len &&
		    strncasecmp(s, protocol_names[i].name, len) == 0) {
			*v = protocol_names[i].number;
			return NULL;
		}
	return len == 0 ? "is empty" :
	    "is not a protocol number (0-255) or a known protocol name";
}

/* A value of a loose format, by what the role holds. */
static enum parse_result
get_loose(const struct record_parser *p, enum field_role r, uint64_t *v,
    char *why, size_t whylen)
{
	int col = p->format->column[r];
	const char *s, *e;
	size_t len;

	*v = 0;
	if (col < 0)
		return PARSE_RECORD;
	s = p->scratch + p->off[col];
	len = p->len[col];
	if (r == FIELD_PROTO)
		e = parse_protocol(s, len, v);
	else if (is_unset(s, len))
		e = NULL;
	else if (r == FIELD_TIME && len > 4 && s[4] == '-')
		e = parse_date(s, len, v);
	else if (r == FIELD_TIME || r == FIELD_DURATION)
		e = parse_seconds(s, len, r == FIELD_DURATION, v);
	else
		e = parse_u64(s, len, v);
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

/* Plain digits, at most 19 of them (so no overflow): 1, else 0.  Reads
 * the 8 bytes that end where s does (see fast_parse()). */
static inline int
fast_u64(const char *s, size_t len, uint64_t *v)
{
	uint64_t x = 0;

	if (len - 1 < 8)
		return digits_word(s, len, v);
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

/*
 * Cut the line at its commas into f: 1, or 0 when it has not exactly
 * last + 1 fields or holds a byte only the general path may read.  With
 * SSE2 (every x86-64) sixteen bytes are classified at once and the commas
 * found by their bits; splitting byte by byte was a third of the time of
 * a plain-text `stats`.
 */
static inline int
fast_split(const char *line, size_t len, int last, struct fast_fields *f)
{
	const char *start = line;
	size_t i = 0;
	int n = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
	const __m128i cr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();

	while (i < len) {
		/* Sixteen bytes from base; bits outside `valid` are bytes
		 * before i (an overlapping last block) or past the line (a
		 * short line, read from a padded copy). */
		const char *base = line + i;
		unsigned valid = 0xffff;
		char pad[16];
		__m128i v;

		if (i + 16 <= len)
			v = _mm_loadu_si128((const __m128i *)(const void *)base);
		else if (len >= 16) {
			base = line + len - 16;
			valid = 0xffffu << (i - (len - 16)) & 0xffff;
			v = _mm_loadu_si128((const __m128i *)(const void *)base);
		} else {
			memset(pad, 'x', sizeof pad);
			memcpy(pad, line, len);
			valid = (1u << len) - 1;
			v = _mm_loadu_si128((const __m128i *)(const void *)pad);
		}
		__m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
		    _mm_cmpeq_epi8(v, cr)), _mm_cmpeq_epi8(v, nul));
		unsigned m;

		if (((unsigned)_mm_movemask_epi8(bad) & valid) != 0)
			return 0;
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)) & valid;
		for (; m != 0; m &= m - 1) {
			const char *q = base + __builtin_ctz(m);

			if (n == last)
				return 0;
			f->s[n] = start;
			f->len[n] = (size_t)(q - start);
			n++;
			start = q + 1;
		}
		i = (size_t)(base - line) + 16;
	}
#endif
	for (; i < len; i++) {
		unsigned k = fast_class[(unsigned char)line[i]];

		if (k == 0)
			continue;
		if (k == 2 || n == last)
			return 0;
		f->s[n] = start;
		f->len[n] = (size_t)(line + i - start);
		n++;
		start = line + i + 1;
	}
	if (n != last)
		return 0;
	f->s[n] = start;
	f->len[n] = (size_t)(line + len - start);
	return 1;
}

/*
 * A port as port_parse() would key it, for the usual spellings: a number,
 * "N<num>" or "Port<num>" of up to 8 digits without a leading zero.  1, or
 * 0 for port_parse() to decide.
 */
static inline int
fast_port(const char *s, size_t len, uint32_t *key)
{
	uint32_t tag = PORT_TAG_NUMBER;
	uint64_t v;

	if (len > 0 && s[0] == 'N') {
		tag = PORT_TAG_N;
		s++;
		len--;
	} else if (len > 4 && memcmp(s, "Port", 4) == 0) {
		tag = PORT_TAG_PORT;
		s += 4;
		len -= 4;
	}
	if (len - 1 >= 8 || (s[0] == '0' && len > 1) ||
	    !digits_word(s, len, &v))
		return 0;
	*key = PORT_KEY(tag, v);
	return 1;
}

/* Without line_slack, lines up to this long are parsed from a copy with
 * spare bytes before it; longer ones go to the general path. */
#define FAST_MAX_LINE	1024

/* 1 with the record in out, or 0: the general path must read the line. */
static int
fast_parse(struct record_parser *p, const char *text, size_t len,
    struct flow *out)
{
	const struct format *fm = p->format;
	struct fast_fields f;
	uint64_t first, rpackets, rbytes, proto;
	/* Every number is read as the word that ends where it ends
	 * (digits.h), so the bytes before the line must be readable: the
	 * loader promises so, anyone else gets a copy. */
	char copy[RECORDS_SLACK + FAST_MAX_LINE];
	const char *line = text;

	if (!p->line_slack) {
		if (len > FAST_MAX_LINE)
			return 0;
		memset(copy, 0, RECORDS_SLACK);
		memcpy(copy + RECORDS_SLACK, text, len);
		line = copy + RECORDS_SLACK;
	}
	if (!fast_split(line, len, fm->nfields - 1, &f))
		return 0;
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
	if ((!fast_port(f.s[cs], f.len[cs], &out->sport) &&
	    port_parse(f.s[cs], f.len[cs], p->portnames, &out->sport) < 0) ||
	    (!fast_port(f.s[cd], f.len[cd], &out->dport) &&
	    port_parse(f.s[cd], f.len[cd], p->portnames, &out->dport) < 0))
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
	if ((f->flags & FORMAT_COMMENTS) && line[0] == '#')
		return PARSE_SKIP;
	if (f->header != NULL && strlen(f->header) == len &&
	    memcmp(f->header, line, len) == 0)
		return PARSE_SKIP;
	if ((f->flags & FORMAT_NFDUMP) && nfdump_trailer(line, len))
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
	if (f->origin == NULL &&
	    is_header_text(f, p->scratch + p->off[0], p->len[0]) &&
	    parse_u64(p->scratch + p->off[0], p->len[0], &proto) != NULL)
		return PARSE_SKIP;

	/* The strict layouts take plain numbers only. */
	enum parse_result (*get)(const struct record_parser *,
	    enum field_role, uint64_t *, char *, size_t) =
	    (f->flags & FORMAT_LOOSE) ? get_loose : get_u64;

	CHECK(get(p, FIELD_TIME, &out->time, why, whylen));
	CHECK(get(p, FIELD_DURATION, &out->duration, why, whylen));
	CHECK(check_name(p, FIELD_SRC, why, whylen));
	CHECK(check_name(p, FIELD_SPORT, why, whylen));
	CHECK(check_name(p, FIELD_DST, why, whylen));
	CHECK(check_name(p, FIELD_DPORT, why, whylen));
	CHECK(get(p, FIELD_PROTO, &proto, why, whylen));
	if (proto > 255)
		return bad_field(p, FIELD_PROTO, "is not a protocol number "
		    "(0-255)", why, whylen);
	out->proto = (uint32_t)proto;
	CHECK(get(p, FIELD_PACKETS, &out->packets, why, whylen));
	CHECK(get(p, FIELD_BYTES, &out->bytes, why, whylen));
	CHECK(get(p, FIELD_RPACKETS, &rpackets, why, whylen));
	CHECK(get(p, FIELD_RBYTES, &rbytes, why, whylen));
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
