/*
 * format.h - the input formats: what each field of a line means.
 *
 * A format is a row of a table: how many fields a line has, which field
 * holds each thing flowmap needs, how values are written and which lines
 * are not data.  The LANL layouts are fixed rows.  nfdump, Zeek, Argus
 * and --columns are templates that name the column wanted for each role
 * (with alternatives, as collectors rename columns between versions); a
 * template is bound to the header of a file before its lines are parsed.
 * Zeek's JSON logs name every value on every line: that format's wanted
 * names are keys, looked up per line, and it is never bound.
 *
 * Call order: format_find() or format_detect() on the first bytes of a
 * file (or format_columns_template() for --columns); for a template,
 * format_bind() on the same bytes; then the format goes to a line parser
 * (records.h).  The table's formats are static; a bound format and a
 * --columns template belong to the caller, who frees them with
 * format_free() after the last parser that uses them.
 */
#ifndef FLOWMAP_FORMAT_H
#define FLOWMAP_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "load/dates.h"
#include "load/load.h"	/* enum direction */

#define FORMAT_MAX_FIELDS	256

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
	FIELD_IPPROTO,		/* Zeek's ip_proto: the number, when given */
	FIELD_DIR,		/* Argus's direction arrow ("->", "<-") */
	FIELD_NROLES
};


/*
 * A format.  The LANL layouts are fixed rows of this table.  The others
 * (nfdump, Zeek, --columns) are templates that name the column wanted for
 * each role; format_bind() finds those names in a file's header line and
 * makes the format its lines are parsed with.
 */
struct format {
	const char	*name;
	const char	*description;
	int		 nfields;	/* bound: the header's fields */
	int		 column[FIELD_NROLES];	/* bound: -1 = not in the file */
	const char	*field_names[FORMAT_MAX_FIELDS];	/* for messages */
	enum direction	 direction;	/* default direction handling */
	unsigned	 flags;		/* FORMAT_* */
	char		 delimiter;	/* bound: ',' or '\t' */
	/* Templates: the column name wanted per role (NULL: none), or
	 * several separated by '|', the first found winning; and the
	 * headers to assume when a file has none, NULL-terminated, picked
	 * by the first line's field count (NULL: a header is needed). */
	const char	*wanted[FIELD_NROLES];
	const char *const *headerless;
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
#define FORMAT_RAW	0x20	/* fields are cut at every delimiter: no
				   quoting (Zeek, Argus) */
#define FORMAT_JSON	0x40	/* one JSON object per line, values by key */
#define FORMAT_ARGUS	0x80	/* Argus: "man" rows are not flows */

/* The known formats, for --help and --format; NULL-terminated. */
extern const struct format *const format_table[];
const struct format *format_find(const char *name);

/*
 * Tell the format from the first bytes of a file (at least its first few
 * lines).  Returns the format (maybe a template), or NULL with the reason
 * in why.
 */
const struct format *format_detect(const char *text, size_t len,
		    char *why, size_t whylen);

/*
 * A template for --columns: "ROLE=COLUMN,..." with roles time, duration,
 * src, dst, sport, dport, proto, packets, bytes, rpackets, rbytes; src,
 * dst, sport and dport are needed.  NULL with the reason in why.
 */
struct format	*format_columns_template(const char *spec, char *why,
		    size_t whylen);
/*
 * Bind a template to the header found in the first bytes of a file: the
 * format its lines are parsed with.  NULL with the reason in why (a
 * wanted column missing, no header line).  A bound format is freed with
 * format_free(); so is a --columns template.
 */
struct format	*format_bind(const struct format *tmpl, const char *text,
		    size_t len, char *why, size_t whylen);
/*
 * A header met inside a file (Zeek writes a new "#fields" line when logs
 * are concatenated across a restart or an upgrade): is this line one
 * (without its terminator)?  Bind it with format_bind(f->origin, line,
 * len, ...): the lines after it are read with that format.
 */
int		 format_is_rebind(const struct format *f, const char *line,
		    size_t len);
/*
 * The columns a bound format takes, for reports: "src=id.orig_h,..." (the
 * role, then the column or key read for it), written to buf.
 */
void		 format_describe_columns(const struct format *f, char *buf,
		    size_t size);
/* The same, allocated: the caller frees it. */
char		*format_columns_text(const struct format *f);
void		 format_free(struct format *f);
/* Do two bound formats read lines the same way? */
int		 format_same(const struct format *a, const struct format *b);

/*
 * For the line parser.  A line (without its terminator, not blank) that
 * the format writes around its records: a comment, the header as
 * written, nfdump's trailer.  And whether text (a raw line, or a line's
 * first field) starts like the format's header: its first field name.
 */
int		 format_not_data(const struct format *f, const char *line,
		    size_t len);
int		 format_is_header(const struct format *f, const char *s,
		    size_t len);

/*
 * Values (values.c), for the line parser: NULL with the value in *v, or
 * what is wrong with the text ("is negative"), for a message.  Every format
 * writes plain unsigned decimals that fit 64 bits; a loose one
 * (FORMAT_LOOSE) also dates and decimal seconds for times (dates.h, with
 * the order given for year-last dates), decimal seconds for durations,
 * names for protocols and "-" for a count it does not have, read by the
 * role the field holds.
 */
const char	*format_parse_u64(const char *s, size_t len, uint64_t *v);
const char	*format_parse_loose(enum field_role r, const char *s,
		    size_t len, enum date_order order, uint64_t *v);
/*
 * A port of a loose format: 1 with the number in *v for "-", "(empty)"
 * and an empty field (no port: protocols without ports, which Zeek and
 * nfdump write as 0, so 0 it is) and for hexadecimal "0x..." (Argus's
 * ICMP type and code); 0 for any other text, which port_parse() reads.
 */
int		 format_loose_port(const char *s, size_t len, uint32_t *v);
/* Is this value Zeek's unset or empty mark? */
int		 format_is_unset(const char *s, size_t len);

/*
 * Protocols outside IP that collectors write by name (Argus's arp, llc),
 * Zeek's unknown_transport and names not in the table are read as this
 * number (IANA's "reserved"), shown as "other".
 */
#define FORMAT_PROTO_OTHER	255

#endif
