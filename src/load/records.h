/*
 * records.h - the flow record and the line parser.
 *
 * A parser reads the lines of one format (format.h): each line is split
 * by libcsv (quoted fields work), or at every delimiter for the formats
 * that never quote (Zeek, Argus), or read as a JSON object (jsonline.h),
 * then each needed field is converted and checked; a line that fails a check is reported with the field's number
 * and name and skipped by the caller.  A plain line (no quotes, no spaces
 * around names, numbers that are plain digits) takes a fast path that
 * gives the same record; any other line, good or bad, goes the libcsv
 * way, which alone writes messages.  Computer names and odd port tokens
 * are interned in the tables the caller passes in (one set per loader
 * thread).
 *
 * Call order: records_parser_init(), records_parse_line() per line,
 * records_parser_free().  The parser owns its libcsv state and scratch; it
 * borrows the format, which must outlive it, and the names tables.
 */
#ifndef FLOWMAP_RECORDS_H
#define FLOWMAP_RECORDS_H

#include <csv.h>
#include <stddef.h>
#include <stdint.h>

#include "load/format.h"
#include "load/names.h"

#define RECORDS_MAX_LINE	65536	/* longer lines are malformed */
#define RECORDS_MAX_KEYS	32	/* JSON keys looked up per line */
#define RECORDS_SLACK		16	/* see line_slack */

/* One flow, as the loader aggregates it. */
struct flow {
	uint64_t	time, duration, packets, bytes;
	uint32_t	src, dst;	/* ids in the parser's computer table */
	uint32_t	sport, dport;	/* port keys (names.h); a protocol
					   without ports has port 0, as Zeek
					   and nfdump write it (format.h,
					   format_loose_port()) */
	uint32_t	proto;
};

struct record_parser {
	struct csv_parser	 csv;
	const struct format	*format;
	struct names		*computers, *portnames;
	/* Fields of the current line: copied out of libcsv's buffer into
	 * scratch, or in the line itself (FORMAT_RAW). */
	char			*scratch;
	size_t			 scratch_len;
	const char		*field[FORMAT_MAX_FIELDS];
	size_t			 len[FORMAT_MAX_FIELDS];
	int			 nfields;
	int			 overflow;	/* more than FORMAT_MAX_FIELDS */
	/* The text of each role on the current line (NULL: not given),
	 * and where it came from, for messages: a column, or a JSON key. */
	const char		*role[FIELD_NROLES];
	size_t			 role_len[FIELD_NROLES];
	const char		*role_key[FIELD_NROLES];
	/* FORMAT_JSON: the keys wanted, each with its role, the preferred
	 * alternative first; the names live in keystore. */
	char			*keystore;
	const char		*keys[RECORDS_MAX_KEYS];
	size_t			 keylen[RECORDS_MAX_KEYS];
	int			 keyrole[RECORDS_MAX_KEYS];
	int			 nkeys;
	int			 fast;		/* try the fast path first */
	/* Set by a caller whose lines always have RECORDS_SLACK readable
	 * bytes before them (the loader's chunks): the fast path then reads
	 * numbers in place instead of from a copy of the line. */
	int			 line_slack;
	uint64_t		 fast_records;	/* records it made */
	/*
	 * Set by the owner after records_parser_init(), all optional: how
	 * to read year-last dates (dates.h), and the window of start times
	 * a flow must fall in to count, [from, to) in seconds since 1970
	 * (window 0: every flow counts).  A flow outside is skipped, and
	 * counted in `outside`.
	 */
	enum date_order		 date_order;
	int			 window;
	uint64_t		 from, to;
	uint64_t		 outside;
	/* Set when a time could be day-first or month-first and no order
	 * was given (the line is malformed; the run cannot be trusted):
	 * the first such value, escaped, for the message. */
	int			 ambiguous;
	char			 ambiguous_text[64];
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
