/*
 * records.c - the line parser: a line of a format in, a flow record out.
 *
 * The format (format.c) says which field holds what; this file splits the
 * line, converts and checks the fields and interns the names.
 *
 * libcsv is fed one line at a time and finished at its end, so a quote
 * problem can never swallow the lines after it, and every message names an
 * exact line.  libcsv hands each field in a buffer it reuses, so fields are
 * copied into the parser's scratch, NUL-terminated, before the conversions
 * look at them.  Any field flowmap needs is checked strictly: numbers are
 * plain unsigned decimals that fit 64 bits (a loose format's dates,
 * decimal seconds and protocol names are read by format.c), protocols fit
 * 0..255, names are 1..NAMES_MAX_LEN bytes.  Fields flowmap does not need
 * are not looked at, so a collector's odd column cannot make a good record
 * malformed.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "load/digits.h"
#include "base/escape.h"
#include "load/jsonline.h"
#include "load/records.h"
#include "base/xalloc.h"

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

	if (n >= FORMAT_MAX_FIELDS) {
		p->overflow = 1;
		return;
	}
	if (len > 0)
		memcpy(p->scratch + p->scratch_len, s, len);
	p->scratch[p->scratch_len + len] = '\0';
	p->field[n] = p->scratch + p->scratch_len;
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

/* The JSON keys of the format's wanted names, alternatives split. */
static void
json_keys(struct record_parser *p)
{
	size_t total = 0;

	for (int r = 0; r < FIELD_NROLES; r++)
		if (p->format->wanted[r] != NULL)
			total += strlen(p->format->wanted[r]) + 1;
	p->keystore = xmalloc(total + 1);
	char *w = p->keystore;
	for (int r = 0; r < FIELD_NROLES; r++) {
		const char *s = p->format->wanted[r];

		while (s != NULL && p->nkeys < RECORDS_MAX_KEYS) {
			size_t n = strcspn(s, "|");

			memcpy(w, s, n);
			w[n] = '\0';
			p->keys[p->nkeys] = w;
			p->keylen[p->nkeys] = n;
			p->keyrole[p->nkeys++] = r;
			w += n + 1;
			s = s[n] == '|' ? s + n + 1 : NULL;
		}
	}
}

static int
all_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
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
	p->scratch = xmalloc(RECORDS_MAX_LINE + FORMAT_MAX_FIELDS + 2);
	if (f->flags & FORMAT_JSON)
		json_keys(p);
	return csv_start(p);
}

void
records_parser_free(struct record_parser *p)
{
	csv_free(&p->csv);
	free(p->scratch);
	free(p->keystore);
	p->scratch = NULL;
	p->keystore = NULL;
}

/* Where role r's text came from, for messages: "field 3 (sa)", or the
 * JSON key it was read from. */
static void
field_label(const struct record_parser *p, enum field_role r, char *buf,
    size_t size)
{
	int col = p->format->column[r];

	if (p->role_key[r] != NULL) {
		char key[64];

		escape_text(p->role_key[r], strlen(p->role_key[r]), key,
		    sizeof key);
		snprintf(buf, size, "key \"%s\"", key);
	} else
		snprintf(buf, size, "field %d (%s)", col + 1,
		    p->format->field_names[col]);
}

static enum parse_result
bad_field(const struct record_parser *p, enum field_role r, const char *what,
    char *why, size_t whylen)
{
	char label[80], value[64];

	field_label(p, r, label, sizeof label);
	escape_text(p->role[r], p->role_len[r], value, sizeof value);
	snprintf(why, whylen, "%s %s: \"%s\"", label, what, value);
	return PARSE_MALFORMED;
}

/* A number of the role; 0 when the line has none.  The strict layouts
 * take plain numbers only; a loose format's value is read by what the
 * role holds (format.h). */
static enum parse_result
get_number(struct record_parser *p, enum field_role r, uint64_t *v,
    char *why, size_t whylen)
{
	const char *e;

	*v = 0;
	if (p->role[r] == NULL)
		return PARSE_RECORD;
	if (p->format->flags & FORMAT_LOOSE)
		e = format_parse_loose(r, p->role[r], p->role_len[r],
		    p->date_order, v);
	else
		e = format_parse_u64(p->role[r], p->role_len[r], v);
	if (e == DATES_AMBIGUOUS && !p->ambiguous) {
		p->ambiguous = 1;
		escape_text(p->role[r], p->role_len[r], p->ambiguous_text,
		    sizeof p->ambiguous_text);
	}
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
	size_t len = p->role_len[r];

	if (len == 0)
		return bad_field(p, r, "is empty", why, whylen);
	if (len > NAMES_MAX_LEN)
		return bad_field(p, r, "is longer than 255 bytes", why, whylen);
	return PARSE_RECORD;
}

/* A port: a loose format's "no port" and hexadecimal ports are numbers
 * (format_loose_port()); any other text must be a legal name. */
static enum parse_result
check_port(const struct record_parser *p, enum field_role r, char *why,
    size_t whylen)
{
	uint32_t v;

	if ((p->format->flags & FORMAT_LOOSE) &&
	    format_loose_port(p->role[r], p->role_len[r], &v))
		return PARSE_RECORD;
	return check_name(p, r, why, whylen);
}

static uint32_t
intern_computer(const struct record_parser *p, enum field_role r)
{
	return names_intern(p->computers, p->role[r], p->role_len[r]);
}

static enum parse_result
intern_port(const struct record_parser *p, enum field_role r, uint32_t *key,
    char *why, size_t whylen)
{
	uint32_t v;

	if ((p->format->flags & FORMAT_LOOSE) &&
	    format_loose_port(p->role[r], p->role_len[r], &v)) {
		*key = PORT_KEY(PORT_TAG_NUMBER, v);
		return PARSE_RECORD;
	}
	if (port_parse(p->role[r], p->role_len[r], p->portnames, key) < 0)
		return bad_field(p, r, "cannot be interned", why, whylen);
	return PARSE_RECORD;
}

/* Sum two counters of one flow, failing on overflow. */
static enum parse_result
add_counter(const struct record_parser *p, enum field_role r, uint64_t a,
    uint64_t b, uint64_t *sum, char *why, size_t whylen)
{
	if (a > UINT64_MAX - b) {
		char label[80];

		field_label(p, r, label, sizeof label);
		snprintf(why, whylen, "%s: the two directions together "
		    "overflow 64 bits", label);
		return PARSE_MALFORMED;
	}
	*sum = a + b;
	return PARSE_RECORD;
}

/* Argus's direction arrow: one that points only from the destination
 * ("<-", "<?") means the flow went the other way round. */
static int
dir_reversed(const char *s, size_t len)
{
	while (len > 0 && *s == ' ') {
		s++;
		len--;
	}
	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len == 2 && s[0] == '<' && (s[1] == '-' || s[1] == '?');
}

/* --- the fast path (see the essay at the top) --- */

/* 1: ends a field; 2: only the general path may read this line. */
static const unsigned char fast_class[256] = {
	[','] = 1, ['"'] = 2, ['\0'] = 2, ['\r'] = 2,
};

struct fast_fields {
	const char	*s[FORMAT_MAX_FIELDS];
	size_t		 len[FORMAT_MAX_FIELDS];
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

static inline int outside_window(struct record_parser *p, uint64_t time);

/* Without line_slack, lines up to this long are parsed from a copy with
 * spare bytes before it; longer ones go to the general path. */
#define FAST_MAX_LINE	1024

/* 1 with the record in out, 2 for a record outside the window (counted,
 * nothing interned), or 0: the general path must read the line. */
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
	if (outside_window(p, out->time))
		return 2;
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

/* Is the flow's start outside the window?  Counted when it is. */
static inline int
outside_window(struct record_parser *p, uint64_t time)
{
	if (!p->window || (time >= p->from && (p->to == 0 || time < p->to)))
		return 0;
	p->outside++;
	return 1;
}

/* The roles' texts of a line cut into fields. */
static void
roles_from_fields(struct record_parser *p)
{
	const struct format *f = p->format;

	for (int r = 0; r < FIELD_NROLES; r++) {
		int col = f->column[r];

		p->role[r] = col >= 0 ? p->field[col] : NULL;
		p->role_len[r] = col >= 0 ? p->len[col] : 0;
		p->role_key[r] = NULL;
	}
}

/* A line of a format that never quotes: cut at every delimiter. */
static enum parse_result
split_raw(struct record_parser *p, const char *line, size_t len, char *why,
    size_t whylen)
{
	const char *s = line, *end = line + len;
	char d = p->format->delimiter;
	int n = 0;

	for (;;) {
		const char *q = memchr(s, d, (size_t)(end - s));

		if (n == FORMAT_MAX_FIELDS) {
			snprintf(why, whylen, "expected %d fields, found more "
			    "than %d", p->format->nfields, FORMAT_MAX_FIELDS);
			return PARSE_MALFORMED;
		}
		p->field[n] = s;
		p->len[n++] = (size_t)((q != NULL ? q : end) - s);
		if (q == NULL)
			break;
		s = q + 1;
	}
	p->nfields = n;
	return PARSE_RECORD;
}

/* A line of libcsv's formats: split with quoting. */
static enum parse_result
split_csv(struct record_parser *p, const char *line, size_t len, char *why,
    size_t whylen)
{
	size_t used;

	p->nfields = 0;
	p->overflow = 0;
	p->scratch_len = 0;
	used = csv_parse(&p->csv, line, len, on_field, on_row, p);
	if (used != len || csv_fini(&p->csv, on_field, on_row, p) != 0) {
		snprintf(why, whylen, "bad CSV quoting: %s",
		    csv_strerror(csv_error(&p->csv)));
		/* libcsv has no reset after an error: start it afresh. */
		csv_free(&p->csv);
		if (csv_start(p) != 0)
			snprintf(why, whylen, "cannot restart the CSV parser");
		return PARSE_MALFORMED;
	}
	if (p->overflow) {
		snprintf(why, whylen, "expected %d fields, found more than %d",
		    p->format->nfields, FORMAT_MAX_FIELDS);
		return PARSE_MALFORMED;
	}
	return PARSE_RECORD;
}

/*
 * A line of JSON: the roles' texts from the object's keys, the first
 * alternative present winning.  Strings with escapes are decoded into
 * scratch; null is the unset value; true, false, objects and arrays are
 * no value flowmap can read.
 */
static enum parse_result
roles_from_json(struct record_parser *p, const char *line, size_t len,
    char *why, size_t whylen)
{
	struct json_value v[RECORDS_MAX_KEYS];
	const char *e = jsonline_scan(line, len, p->keys, p->keylen, p->nkeys,
	    v);

	if (e != NULL) {
		snprintf(why, whylen, "%s", e);
		return PARSE_MALFORMED;
	}
	for (int r = 0; r < FIELD_NROLES; r++) {
		p->role[r] = NULL;
		p->role_len[r] = 0;
		p->role_key[r] = NULL;
	}
	p->scratch_len = 0;
	for (int k = 0; k < p->nkeys; k++) {
		int r = p->keyrole[k];

		if (v[k].kind == JSON_ABSENT || p->role[r] != NULL)
			continue;
		p->role_key[r] = p->keys[k];
		switch (v[k].kind) {
		case JSON_STRING:
		case JSON_NUMBER:
			p->role[r] = v[k].s;
			p->role_len[r] = v[k].len;
			if (v[k].escaped) {
				char *dst = p->scratch + p->scratch_len;
				long n = jsonline_unescape(&v[k], dst,
				    RECORDS_MAX_LINE - p->scratch_len);

				if (n < 0) {
					p->role[r] = "";
					return bad_field(p, r, "is a string "
					    "that cannot be decoded", why,
					    whylen);
				}
				p->role[r] = dst;
				p->role_len[r] = (size_t)n;
				p->scratch_len += (size_t)n;
			}
			break;
		case JSON_NULL:
			p->role[r] = "-";
			p->role_len[r] = 1;
			break;
		default:
			p->role[r] = v[k].kind == JSON_TRUE ? "true" :
			    v[k].kind == JSON_FALSE ? "false" : "{...}";
			p->role_len[r] = strlen(p->role[r]);
			return bad_field(p, r, "is not a string or a number",
			    why, whylen);
		}
	}
	return PARSE_RECORD;
}

/* The record of a line whose roles are known: every check, then the
 * window, then the interning. */
static enum parse_result
convert(struct record_parser *p, struct flow *out, char *why, size_t whylen)
{
	const struct format *f = p->format;
	uint64_t rpackets, rbytes, proto;
	enum field_role pr = FIELD_PROTO;

	/* Argus's management records say how the probe is doing. */
	if ((f->flags & FORMAT_ARGUS) && p->role[FIELD_PROTO] != NULL &&
	    p->role_len[FIELD_PROTO] == 3 &&
	    memcmp(p->role[FIELD_PROTO], "man", 3) == 0)
		return PARSE_SKIP;
	if (p->role[FIELD_SRC] == NULL || p->role[FIELD_DST] == NULL ||
	    p->role[FIELD_SPORT] == NULL || p->role[FIELD_DPORT] == NULL) {
		/* Only a JSON object can lack a needed key. */
		snprintf(why, whylen, "the JSON object has no %s",
		    p->role[FIELD_SRC] == NULL ? "source address (id.orig_h)" :
		    p->role[FIELD_DST] == NULL ? "destination address "
		    "(id.resp_h)" : p->role[FIELD_SPORT] == NULL ?
		    "source port (id.orig_p)" : "destination port (id.resp_p)");
		return PARSE_MALFORMED;
	}
	CHECK(get_number(p, FIELD_TIME, &out->time, why, whylen));
	CHECK(get_number(p, FIELD_DURATION, &out->duration, why, whylen));
	CHECK(check_name(p, FIELD_SRC, why, whylen));
	CHECK(check_port(p, FIELD_SPORT, why, whylen));
	CHECK(check_name(p, FIELD_DST, why, whylen));
	CHECK(check_port(p, FIELD_DPORT, why, whylen));
	/* Zeek's ip_proto, when set, is the number behind its proto. */
	if (p->role[FIELD_IPPROTO] != NULL &&
	    !format_is_unset(p->role[FIELD_IPPROTO],
	    p->role_len[FIELD_IPPROTO]))
		pr = FIELD_IPPROTO;
	if (pr == FIELD_IPPROTO)
		p->role[FIELD_PROTO] = NULL;	/* (not read below) */
	{
		const char *e;

		proto = 0;
		if (p->role[pr] != NULL) {
			e = (f->flags & FORMAT_LOOSE) ?
			    format_parse_loose(FIELD_PROTO, p->role[pr],
			    p->role_len[pr], p->date_order, &proto) :
			    format_parse_u64(p->role[pr], p->role_len[pr],
			    &proto);
			if (e != NULL)
				return bad_field(p, pr, e, why, whylen);
		}
	}
	if (proto > 255)
		return bad_field(p, pr, "is not a protocol number (0-255)", why,
		    whylen);
	out->proto = (uint32_t)proto;
	CHECK(get_number(p, FIELD_PACKETS, &out->packets, why, whylen));
	CHECK(get_number(p, FIELD_BYTES, &out->bytes, why, whylen));
	CHECK(get_number(p, FIELD_RPACKETS, &rpackets, why, whylen));
	CHECK(get_number(p, FIELD_RBYTES, &rbytes, why, whylen));
	CHECK(add_counter(p, FIELD_RPACKETS, out->packets, rpackets,
	    &out->packets, why, whylen));
	CHECK(add_counter(p, FIELD_RBYTES, out->bytes, rbytes, &out->bytes,
	    why, whylen));
	if (outside_window(p, out->time))
		return PARSE_SKIP;
	CHECK(intern_port(p, FIELD_SPORT, &out->sport, why, whylen));
	CHECK(intern_port(p, FIELD_DPORT, &out->dport, why, whylen));
	out->src = intern_computer(p, FIELD_SRC);
	out->dst = intern_computer(p, FIELD_DST);
	if (p->role[FIELD_DIR] != NULL &&
	    dir_reversed(p->role[FIELD_DIR], p->role_len[FIELD_DIR])) {
		uint32_t t = out->src;

		out->src = out->dst;
		out->dst = t;
		t = out->sport;
		out->sport = out->dport;
		out->dport = t;
	}
	return PARSE_RECORD;
}

enum parse_result
records_parse_line(struct record_parser *p, const char *line, size_t len,
    struct flow *out, char *why, size_t whylen)
{
	const struct format *f = p->format;
	uint64_t first;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return PARSE_SKIP;
	if (format_not_data(f, line, len))
		return PARSE_SKIP;
	if (p->fast && len <= RECORDS_MAX_LINE) {
		int fast = fast_parse(p, line, len, out);

		if (fast == 2)
			return PARSE_SKIP;	/* outside the window */
		if (fast == 1) {
			p->fast_records++;
			return PARSE_RECORD;
		}
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
	if (f->flags & FORMAT_JSON) {
		if (all_blank(line, len))
			return PARSE_SKIP;
		CHECK(roles_from_json(p, line, len, why, whylen));
		return convert(p, out, why, whylen);
	}
	if (f->flags & FORMAT_RAW)
		CHECK(split_raw(p, line, len, why, whylen));
	else
		CHECK(split_csv(p, line, len, why, whylen));
	if (p->nfields == 0)
		return PARSE_SKIP;
	if (p->nfields != f->nfields) {
		snprintf(why, whylen, "expected %d fields, found %d",
		    f->nfields, p->nfields);
		return PARSE_MALFORMED;
	}
	if (f->origin == NULL &&
	    format_is_header(f, p->field[0], p->len[0]) &&
	    format_parse_u64(p->field[0], p->len[0], &first) != NULL)
		return PARSE_SKIP;
	roles_from_fields(p);
	return convert(p, out, why, whylen);
}
