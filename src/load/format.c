/*
 * format.c - the format table, detection, and templates bound to headers.
 *
 * A format says which field of a line holds what flowmap needs; the line
 * parser (records.c) only follows it.  The LANL layouts are fixed rows:
 * their field count alone tells them apart, and a header line is known by
 * its first field name.  nfdump, Zeek and --columns files name their
 * columns in a header line, and each writes it differently, so those
 * formats are templates: the column name wanted per role, bound to the
 * header of each file (format_bind()) before its lines are parsed.  Two
 * files bound the same way read lines the same way (format_same()), so a
 * run can mix files of one template as long as their headers agree.
 *
 * Detection reads the first lines only: a header that names its writer
 * wins at once, else the field count of most lines decides, else nfdump's
 * headerless (-q) dates and trailer lines.  A format also knows the lines
 * it writes around its records (comments, the header repeated, nfdump's
 * Summary block), each known by itself, since a loader's chunk may begin
 * anywhere.
 *
 * The values of the header-mapped formats are loose: dates or decimal
 * seconds, protocol names, "-" for a count not given.  Their readers are
 * in values.c; the parser picks them by the format's FORMAT_LOOSE flag.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/escape.h"
#include "load/format.h"
#include "base/xalloc.h"

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
		[FIELD_IPPROTO] = -1, [FIELD_DIR] = -1,
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
		[FIELD_IPPROTO] = -1, [FIELD_DIR] = -1,
	},
	.field_names = { "Time", "Duration", "SrcDevice", "DstDevice",
	    "Protocol", "SrcPort", "DstPort", "SrcPackets", "DstPackets",
	    "SrcBytes", "DstBytes" },
	/* The 2017 release puts the server on the destination side. */
	.direction = DIRECTION_AS_IS,
};

/*
 * The columns of `nfdump -o csv`: nfdump 1.6 to 1.7.4 write 48 of them,
 * nfdump 1.7.5 and later 10, with other names.  A file written with -q
 * has no header line; its field count says which it is.
 */
static const char nfdump_columns[] = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,"
    "ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,"
    "ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,"
    "mpls9,mpls10,cl,sl,al,ra,eng,exid,tr";
static const char nfdump175_columns[] = "firstSeen,duration,proto,srcAddr,"
    "srcPort,dstAddr,dstPort,packets,bytes,flows";
static const char *const nfdump_headerless[] = {
	nfdump_columns, nfdump175_columns, NULL
};

static const struct format format_nfdump = {
	.name = "nfdump",
	.description = "nfdump -o csv, 1.7.1's 48 columns (ts,te,td,sa,da,"
	    "sp,dp,pr,...) or 1.7.5's 10 (firstSeen,duration,proto,srcAddr,"
	    "...); header line optional; the Summary block is skipped",
	.wanted = {
		[FIELD_TIME] = "ts|firstSeen", [FIELD_DURATION] = "td|duration",
		[FIELD_SRC] = "sa|srcAddr", [FIELD_DST] = "da|dstAddr",
		[FIELD_SPORT] = "sp|srcPort", [FIELD_DPORT] = "dp|dstPort",
		[FIELD_PROTO] = "pr|proto", [FIELD_PACKETS] = "ipkt|packets",
		[FIELD_BYTES] = "ibyt|bytes", [FIELD_RPACKETS] = "opkt",
		[FIELD_RBYTES] = "obyt",
	},
	.headerless = nfdump_headerless,
	.flags = FORMAT_TEMPLATE | FORMAT_LOOSE | FORMAT_NFDUMP,
	/* A record is one direction of a conversation, as a router saw it:
	 * the client may be on either side. */
	.direction = DIRECTION_INFER,
};

/*
 * Zeek's conn.log.  The alternatives are the names Zeek's own options
 * give the id fields (scope_sep "_", a field name map to src/dst);
 * ip_proto (Zeek 6 and later) is the protocol's number, which the proto
 * column writes as unknown_transport for anything but TCP, UDP and ICMP.
 */
#define ZEEK_WANTED { \
	[FIELD_TIME] = "ts", [FIELD_DURATION] = "duration", \
	[FIELD_SRC] = "id.orig_h|id_orig_h|src", \
	[FIELD_DST] = "id.resp_h|id_resp_h|dst", \
	[FIELD_SPORT] = "id.orig_p|id_orig_p|src_port", \
	[FIELD_DPORT] = "id.resp_p|id_resp_p|dst_port", \
	[FIELD_PROTO] = "proto", [FIELD_IPPROTO] = "ip_proto", \
	[FIELD_PACKETS] = "orig_pkts", [FIELD_BYTES] = "orig_ip_bytes", \
	[FIELD_RPACKETS] = "resp_pkts", [FIELD_RBYTES] = "resp_ip_bytes", \
}

static const struct format format_zeek = {
	.name = "zeek",
	.description = "Zeek conn.log, tab-separated with its #fields header "
	    "(re-read wherever it appears): id.orig_h, id.orig_p, id.resp_h, "
	    "id.resp_p, proto, ip_proto, duration, orig_pkts, orig_ip_bytes, "
	    "resp_pkts, resp_ip_bytes",
	.wanted = ZEEK_WANTED,
	.flags = FORMAT_TEMPLATE | FORMAT_LOOSE | FORMAT_COMMENTS | FORMAT_RAW,
	/* The originator of a connection is its client. */
	.direction = DIRECTION_AS_IS,
};

static const struct format format_zeek_json = {
	.name = "zeek-json",
	.description = "Zeek conn.log as JSON, one object per line, with the "
	    "keys of the TSV log (\"id.orig_h\", or \"id\" holding "
	    "\"orig_h\"); ts in seconds or ISO 8601",
	.wanted = ZEEK_WANTED,
	.flags = FORMAT_LOOSE | FORMAT_JSON,
	.direction = DIRECTION_AS_IS,
};

/*
 * Argus flows as ra writes them with -c (CSV) or tabs, the CTU-13
 * `.binetflow` layout among them: the column names are Argus's own
 * field labels.  TotPkts and TotBytes count both directions.
 */
static const struct format format_argus = {
	.name = "argus",
	.description = "Argus ra CSV or TSV with its header (CTU-13 "
	    ".binetflow): StartTime,Dur,Proto,SrcAddr,Sport,Dir,DstAddr,"
	    "Dport,...,TotPkts,TotBytes; Dir \"<-\" turns a flow around; "
	    "\"man\" records are skipped",
	.wanted = {
		[FIELD_TIME] = "StartTime|stime", [FIELD_DURATION] = "Dur",
		[FIELD_SRC] = "SrcAddr|saddr", [FIELD_DST] = "DstAddr|daddr",
		[FIELD_SPORT] = "Sport", [FIELD_DPORT] = "Dport",
		[FIELD_PROTO] = "Proto", [FIELD_DIR] = "Dir",
		[FIELD_PACKETS] = "TotPkts|pkts", [FIELD_BYTES] = "TotBytes|bytes",
	},
	.flags = FORMAT_TEMPLATE | FORMAT_LOOSE | FORMAT_RAW | FORMAT_ARGUS,
	/* Argus puts the side that started a transaction first. */
	.direction = DIRECTION_AS_IS,
};

const struct format *const format_table[] = {
	&format_lanl2015, &format_lanl2017, &format_nfdump, &format_zeek,
	&format_zeek_json, &format_argus, NULL
};

const struct format *
format_find(const char *name)
{
	for (size_t i = 0; format_table[i] != NULL; i++)
		if (strcasecmp(format_table[i]->name, name) == 0)
			return format_table[i];
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
int
format_is_header(const struct format *f, const char *s, size_t len)
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

/* Does the line have a field named name (cut at commas and tabs)? */
static int
has_field(const char *s, size_t len, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i + n <= len; i++)
		if ((i == 0 || s[i - 1] == ',' || s[i - 1] == '\t') &&
		    memcmp(s + i, name, n) == 0 &&
		    (i + n == len || s[i + n] == ',' || s[i + n] == '\t'))
			return 1;
	return 0;
}

/* A line of JSON: Zeek's conn.log if it has its keys, flat or nested. */
static const struct format *
detect_json(const char *s, size_t len, char *why, size_t whylen)
{
	if (memmem(s, len, "\"id.orig_h\"", 11) != NULL ||
	    memmem(s, len, "\"id_orig_h\"", 11) != NULL ||
	    (memmem(s, len, "\"id\"", 4) != NULL &&
	    memmem(s, len, "\"orig_h\"", 8) != NULL))
		return &format_zeek_json;
	snprintf(why, whylen, "the first line is a JSON object without the "
	    "keys of Zeek's conn.log (id.orig_h, id.resp_h); no other JSON "
	    "layout is known");
	return NULL;
}

/* The first line of a file: a header that says what wrote it, or NULL. */
static const struct format *
detect_header(const char *p, size_t n, char *why, size_t whylen, int *fatal)
{
	const char *q = p;
	size_t m = n;
	int fields = count_fields(p, n);

	/* Zeek's first line, found after stray blanks (as some tools store
	 * it), or its #fields line where the others were cut off. */
	while (m > 0 && (*q == ' ' || *q == '\t')) {
		q++;
		m--;
	}
	if (starts_with(q, m, "#separator") || starts_with(q, m, "#fields\t"))
		return &format_zeek;
	if (m > 0 && q[0] == '{') {
		const struct format *f = detect_json(q, m, why, whylen);

		*fatal = f == NULL;
		return f;
	}
	for (int i = 0; format_table[i] != NULL; i++)
		if (format_table[i]->nfields == fields &&
		    format_is_header(format_table[i], p, n))
			return format_table[i];
	if (starts_with(p, n, "ts,te,td,sa,da,sp,dp,pr") ||
	    starts_with(p, n, "firstSeen,duration,proto,srcAddr,"))
		return &format_nfdump;
	if (has_field(p, n, "SrcAddr") && has_field(p, n, "DstAddr"))
		return &format_argus;
	return NULL;
}

const struct format *
format_detect(const char *text, size_t len, char *why, size_t whylen)
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
				int fatal = 0;
				const struct format *f = detect_header(p, n, why,
				    whylen, &fatal);

				if (f != NULL || fatal)
					return f;
				first_fields = fields;
			}
			for (int i = 0; format_table[i] != NULL; i++)
				if (format_table[i]->nfields == fields)
					votes[i]++;
			/* nfdump -q: no header, but its dates and columns
			 * (1.7.1's 48 or 1.7.5's 10); or only what it writes
			 * when there are no flows. */
			if (((fields == 48 || fields == 10) &&
			    looks_like_date(p, n)) || nfdump_trailer(p, n))
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
	for (int i = 0; format_table[i] != NULL; i++)
		if (votes[i] * 2 > lines && (best < 0 || votes[i] > votes[best]))
			best = i;
	if (best >= 0)
		return format_table[best];
	if (nfdump_votes * 2 > lines)
		return &format_nfdump;
	snprintf(why, whylen, "the first line has %d comma-separated fields: "
	    "not lanl2015 (9) or lanl2017 (11), and no header of nfdump, Zeek "
	    "or Argus, nor Zeek's JSON (use --format, or --columns for another "
	    "CSV)", first_fields);
	return NULL;
}

/* --- templates and their binding to a header --- */

static const char *const role_names[FIELD_NROLES] = {
	[FIELD_TIME] = "time", [FIELD_DURATION] = "duration",
	[FIELD_SRC] = "src", [FIELD_DST] = "dst", [FIELD_SPORT] = "sport",
	[FIELD_DPORT] = "dport", [FIELD_PROTO] = "proto",
	[FIELD_PACKETS] = "packets", [FIELD_BYTES] = "bytes",
	[FIELD_RPACKETS] = "rpackets", [FIELD_RBYTES] = "rbytes",
	[FIELD_IPPROTO] = "ip_proto", [FIELD_DIR] = "dir",
};

/* Roles a record cannot do without: who talked to whom, on which ports. */
static int
role_needed(enum field_role r)
{
	return r == FIELD_SRC || r == FIELD_DST || r == FIELD_SPORT ||
	    r == FIELD_DPORT;
}

struct format *
format_columns_template(const char *spec, char *why, size_t whylen)
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
			    "packets, bytes, rpackets, rbytes, dir)", item);
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
	format_free(f);
	return NULL;
}

void
format_free(struct format *f)
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
		/* A comment may follow stray blanks (see format_not_data). */
		size_t lead = 0;
		if (tmpl->flags & FORMAT_COMMENTS)
			while (lead < n && (p[lead] == ' ' || p[lead] == '\t'))
				lead++;
		if (lead < n && (tmpl->flags & FORMAT_COMMENTS) &&
		    p[lead] == '#') {
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

	while (n < FORMAT_MAX_FIELDS) {
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

/* Is name one of the '|'-separated alternatives in wanted? */
static int
wanted_alternative(const char *wanted, const char *name, size_t k)
{
	const char *w = wanted;

	for (size_t i = 0; i < k; i++)
		w = strchr(w, '|') + 1;
	size_t n = strcspn(w, "|");

	return strlen(name) == n && strncasecmp(name, w, n) == 0;
}

/* The column of the first alternative of wanted that the header has,
 * or -1. */
static int
find_column(const struct format *f, const char *wanted)
{
	size_t alternatives = 1;

	for (const char *w = wanted; (w = strchr(w, '|')) != NULL; w++)
		alternatives++;
	for (size_t k = 0; k < alternatives; k++)
		for (int c = 0; c < f->nfields; c++)
			if (wanted_alternative(wanted, f->field_names[c], k))
				return c;
	return -1;
}

/* Fields of the first line that is neither blank nor a comment. */
static int
first_data_fields(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl != NULL ? nl : end) - p);

		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0 && p[0] != '#' && !all_space(p, n))
			return count_fields(p, n);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return 0;
}

/* The assumed header of a headerless file: the layout with as many
 * fields as its first line, else the first. */
static const char *
pick_headerless(const struct format *tmpl, const char *text, size_t len)
{
	int fields = first_data_fields(text, len);

	for (size_t i = 0; tmpl->headerless[i] != NULL; i++)
		if (count_fields(tmpl->headerless[i],
		    strlen(tmpl->headerless[i])) == fields)
			return tmpl->headerless[i];
	return tmpl->headerless[0];
}

/* Zeek's "#separator \x09" (or a character as such): the delimiter, or 0
 * when the text has no such line before its header. */
static char
zeek_separator(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (!starts_with(p, (size_t)(end - p), "#separator "))
		return 0;
	p += 11;
	if (end - p >= 4 && p[0] == '\\' && p[1] == 'x' &&
	    isxdigit((unsigned char)p[2]) && isxdigit((unsigned char)p[3])) {
		char hex[3] = { p[2], p[3], '\0' };

		return (char)strtol(hex, NULL, 16);
	}
	return p < end && *p != '\n' && *p != '\r' ? *p : 0;
}

struct format *
format_bind(const struct format *tmpl, const char *text, size_t len,
    char *why, size_t whylen)
{
	struct format *f = xcalloc(1, sizeof *f);
	const char *line = NULL;
	size_t n = 0;
	int headerless = 0, found = 0;
	char sep = (tmpl->flags & FORMAT_COMMENTS) ?
	    zeek_separator(text, len) : 0;

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
		const char *src = headerless ? pick_headerless(tmpl, text, len) :
		    line;
		size_t slen = headerless ? strlen(src) : n;

		/* Room for the names and, after them, the header as written. */
		free(f->storage);
		f->storage = xmalloc(2 * slen + 2);
		memcpy(f->storage, src, slen);
		f->storage[slen] = '\0';
		memcpy(f->storage + slen + 1, src, slen);
		f->storage[2 * slen + 1] = '\0';
		f->header = headerless ? NULL : f->storage + slen + 1;
		f->delimiter = sep != 0 && sep != '\n' ? sep :
		    memchr(src, '\t', slen) != NULL ? '\t' : ',';
		if ((f->nfields = split_header(f, f->storage, slen)) < 0) {
			snprintf(why, whylen, "the header has more than %d "
			    "fields", FORMAT_MAX_FIELDS);
			goto fail;
		}
		found = 0;
		for (int r = 0; r < FIELD_NROLES; r++) {
			f->column[r] = tmpl->wanted[r] != NULL ?
			    find_column(f, tmpl->wanted[r]) : -1;
			found += f->column[r] >= 0;
		}
		/* nfdump's own header under --columns: its trailer is not
		 * data either. */
		if (!headerless && (starts_with(line, n, "ts,te,td,sa,da,") ||
		    starts_with(line, n, "firstSeen,duration,proto,srcAddr,")))
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

			escape_text(tmpl->wanted[r], strcspn(tmpl->wanted[r],
			    "|"), name, sizeof name);
			snprintf(why, whylen, "the header has no column \"%s\" "
			    "(%s)", name, role_names[r]);
			goto fail;
		}
	return f;
fail:
	format_free(f);
	return NULL;
}

int
format_is_rebind(const struct format *f, const char *line, size_t len)
{
	return (f->flags & FORMAT_COMMENTS) && f->origin != NULL &&
	    starts_with(line, len, "#fields\t");
}

void
format_describe_columns(const struct format *f, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int r = 0; r < FIELD_NROLES && used < size; r++) {
		const char *name = NULL;
		char esc[80];
		int k;

		/* JSON: the key looked up first ("id.orig_h", also found
		 * nested as "id": {"orig_h": ...}). */
		if (f->flags & FORMAT_JSON)
			name = f->wanted[r];
		else if (f->column[r] >= 0)
			name = f->field_names[f->column[r]];
		if (name == NULL)
			continue;
		escape_text(name, strcspn(name, "|"), esc, sizeof esc);
		k = snprintf(buf + used, size - used, "%s%s=%s",
		    used > 0 ? "," : "", role_names[r], esc);
		if (k < 0)
			break;
		used += (size_t)k;
	}
}

char *
format_columns_text(const struct format *f)
{
	char buf[1024];

	format_describe_columns(f, buf, sizeof buf);
	return xstrdup(buf);
}

int
format_same(const struct format *a, const struct format *b)
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

/* --- the lines around the records --- */

int
format_not_data(const struct format *f, const char *line, size_t len)
{
	if (f->flags & FORMAT_COMMENTS) {
		/* Zeek's lines never start with a blank, but a stray one
		 * before a comment was seen in the wild. */
		size_t i = 0;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i < len && line[i] == '#')
			return 1;
	}
	if (f->header != NULL && strlen(f->header) == len &&
	    memcmp(f->header, line, len) == 0)
		return 1;
	if ((f->flags & FORMAT_NFDUMP) && nfdump_trailer(line, len))
		return 1;
	return 0;
}
