/*
 * records.h - the flow record and the line parser.
 *
 * A parser reads the lines of one format (format.h): each line is split
 * by libcsv (quoted fields work), then each needed field is converted and
 * checked; a line that fails a check is reported with the field's number
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
#define RECORDS_SLACK		16	/* see line_slack */

/* One flow, as the loader aggregates it. */
struct flow {
	uint64_t	time, duration, packets, bytes;
	uint32_t	src, dst;	/* ids in the parser's computer table */
	uint32_t	sport, dport;	/* port keys (names.h) */
	uint32_t	proto;
};

struct record_parser {
	struct csv_parser	 csv;
	const struct format	*format;
	struct names		*computers, *portnames;
	/* Fields of the current line, copied out of libcsv's buffer. */
	char			*scratch;
	size_t			 scratch_len;
	size_t			 off[FORMAT_MAX_FIELDS], len[FORMAT_MAX_FIELDS];
	int			 nfields;
	int			 overflow;	/* more than FORMAT_MAX_FIELDS */
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
