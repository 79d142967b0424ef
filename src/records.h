/*
 * records.h - the flow record, the input formats and the line parser.
 *
 * A format is a row of a table: how many fields a line has and which field
 * holds each thing flowmap needs.  Lines are split by libcsv (quoted fields
 * work), then each needed field is converted and checked; a line that fails
 * a check is reported with the field's number and name and skipped by the
 * caller.  A plain line (no quotes, no spaces around names, numbers that
 * are plain digits) takes a fast path that gives the same record; any
 * other line, good or bad, goes the libcsv way, which alone writes
 * messages.  Computer names and odd port tokens are interned in the tables
 * the caller passes in (one set per loader thread).
 *
 * Call order: records_parser_init(), records_parse_line() per line,
 * records_parser_free().  The parser owns its libcsv state and scratch; it
 * borrows the names tables.
 */
#ifndef FLOWMAP_RECORDS_H
#define FLOWMAP_RECORDS_H

#include <csv.h>
#include <stddef.h>
#include <stdint.h>

#include "names.h"

#define RECORDS_MAX_LINE	65536	/* longer lines are malformed */
#define RECORDS_SLACK		16	/* see line_slack */
#define RECORDS_MAX_FIELDS	256

/* What a field means; a format maps each to a column or -1. */
enum field_role {
	FIELD_TIME,
	FIELD_DURATION,
	FIELD_SRC,
	FIELD_DST,
	FIELD_SPORT,
	FIELD_DPORT,
	FIELD_PROTO,
	FIELD_PACKETS,		/* src -> dst, or both ways when alone */
	FIELD_BYTES,
	FIELD_RPACKETS,		/* dst -> src, when the record has them */
	FIELD_RBYTES,
	FIELD_NROLES
};

enum direction {
	DIRECTION_DEFAULT,	/* the format's own default */
	DIRECTION_AS_IS,	/* the destination port is the service */
	DIRECTION_INFER		/* swap flows whose source looks like the server */
};

/*
 * A format.  The LANL layouts are fixed rows of this table.  The others
 * (nfdump, Zeek, --columns) are templates that name the column wanted for
 * each role; records_format_bind() finds those names in a file's header
 * line and makes the format its lines are parsed with.
 */
struct format {
	const char	*name;
	const char	*description;
	int		 nfields;	/* bound: the header's fields */
	int		 column[FIELD_NROLES];	/* bound: -1 = not in the file */
	const char	*field_names[RECORDS_MAX_FIELDS];	/* for messages */
	enum direction	 direction;	/* default direction handling */
	unsigned	 flags;		/* FORMAT_* */
	char		 delimiter;	/* bound: ',' or '\t' */
	/* Templates: the column name wanted per role (NULL: none), and the
	 * header to assume when a file has none (NULL: a header is needed). */
	const char	*wanted[FIELD_NROLES];
	const char	*headerless;
	/* Bound: the header line as written (skipped wherever it appears;
	 * NULL when the file had none), and the memory behind the names. */
	const char	*header;
	char		*storage;
	const struct format *origin;	/* bound: the template it came from */
};

#define FORMAT_TEMPLATE	0x1	/* bind to a header before parsing */
#define FORMAT_LOOSE	0x2	/* dates, decimal seconds, protocol names,
				   "-" for an unset count */
#define FORMAT_COMMENTS	0x4	/* '#' lines are not data; "#fields" is
				   the header (Zeek) */
#define FORMAT_NFDUMP	0x8	/* nfdump's trailer lines are not data */
#define FORMAT_EXACT	0x10	/* every wanted column must be there */

/* One flow, as the loader aggregates it. */
struct flow {
	uint64_t	time, duration, packets, bytes;
	uint32_t	src, dst;	/* ids in the parser's computer table */
	uint32_t	sport, dport;	/* port keys (names.h) */
	uint32_t	proto;
};

/* The name reports show for a protocol number ("TCP"), or NULL. */
const char	*records_protocol_name(uint32_t number);

/* The known formats, for --help and --format. */
extern const struct format *const records_formats[];
const struct format *records_format_find(const char *name);

/*
 * Tell the format from the first bytes of a file (at least its first few
 * lines).  Returns the format (maybe a template), or NULL with the reason
 * in why.
 */
const struct format *records_detect(const char *text, size_t len,
		    char *why, size_t whylen);

/*
 * A template for --columns: "ROLE=COLUMN,..." with roles time, duration,
 * src, dst, sport, dport, proto, packets, bytes, rpackets, rbytes; src,
 * dst, sport and dport are needed.  NULL with the reason in why.
 */
struct format	*records_columns_template(const char *spec, char *why,
		    size_t whylen);
/*
 * Bind a template to the header found in the first bytes of a file: the
 * format its lines are parsed with.  NULL with the reason in why (a
 * wanted column missing, no header line).  A bound format is freed with
 * records_format_free(); so is a --columns template.
 */
struct format	*records_format_bind(const struct format *tmpl,
		    const char *text, size_t len, char *why, size_t whylen);
void		 records_format_free(struct format *f);
/* Do two bound formats read lines the same way? */
int		 records_format_same(const struct format *a,
		    const struct format *b);

struct record_parser {
	struct csv_parser	 csv;
	const struct format	*format;
	struct names		*computers, *portnames;
	/* Fields of the current line, copied out of libcsv's buffer. */
	char			*scratch;
	size_t			 scratch_len;
	size_t			 off[RECORDS_MAX_FIELDS], len[RECORDS_MAX_FIELDS];
	int			 nfields;
	int			 overflow;	/* more than RECORDS_MAX_FIELDS */
	int			 fast;		/* try the fast path first */
	/* Set by a caller whose lines always have RECORDS_SLACK readable
	 * bytes before them (the loader's chunks): the fast path then reads
	 * numbers in place instead of from a copy of the line. */
	int			 line_slack;
	uint64_t		 fast_records;	/* records it made */
};

enum parse_result {
	PARSE_MALFORMED = -1,	/* why says what is wrong */
	PARSE_SKIP = 0,		/* blank line or a header */
	PARSE_RECORD = 1
};

int		 records_parser_init(struct record_parser *p,
		    const struct format *f, struct names *computers,
		    struct names *portnames);
void		 records_parser_free(struct record_parser *p);
/* Parse one line, without its line terminator. */
enum parse_result records_parse_line(struct record_parser *p,
		    const char *line, size_t len, struct flow *out,
		    char *why, size_t whylen);
/*
 * Whether parsers made after the call try the fast path (on by default).
 * For tests and benchmarks, which compare the two; call it before any
 * thread makes a parser.
 */
void		 records_set_fast_path(int on);

#endif
