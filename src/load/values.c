/*
 * values.c - the values of a line's fields (format.h): plain numbers,
 * and the loose values of the header-mapped formats: dates (dates.c),
 * decimal seconds, protocol names, ports that are not numbers.
 *
 * Each reader says what is wrong in the words of a message ("is
 * negative"), which the parser puts after the field's name.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "load/format.h"

/* A plain unsigned decimal; the reason it is not one otherwise. */
const char *
format_parse_u64(const char *s, size_t len, uint64_t *v)
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

/*
 * The loose formats (nfdump, Zeek, Argus, --columns) write times as dates
 * or decimal seconds (dates.c), durations as decimal seconds, protocols
 * as names, and Zeek writes "-" for a value it does not have.
 */

int
format_is_unset(const char *s, size_t len)
{
	return (len == 1 && s[0] == '-') ||
	    (len == 7 && memcmp(s, "(empty)", 7) == 0);
}

/* "S" or "S.fff" in whole seconds, the fraction rounded half up. */
static const char *
parse_duration(const char *s, size_t len, uint64_t *v)
{
	const char *dot = memchr(s, '.', len);
	const char *e;

	if (dot == NULL)
		return format_parse_u64(s, len, v);
	if ((e = format_parse_u64(s, (size_t)(dot - s), v)) != NULL)
		return e;
	size_t flen = len - (size_t)(dot - s) - 1;
	if (flen == 0)
		return "is not a number";
	for (size_t i = 1; i <= flen; i++)
		if (!isdigit((unsigned char)dot[i]))
			return "is not a number";
	if (dot[1] >= '5' && *v < UINT64_MAX)
		(*v)++;
	return NULL;
}

/* Protocol names as nfdump, Zeek and Argus write them, with IANA's
 * keywords; matched without regard to case.  The first name of a number
 * is the one reports show.  Argus names the UDP flows it recognises as
 * RTP, RTCP or UDT by those; protocols outside IP, Zeek's
 * unknown_transport and names not here are FORMAT_PROTO_OTHER. */
static const struct {
	const char	*name;
	uint8_t		 number;
} protocol_names[] = {
	{ "ICMP", 1 }, { "IGMP", 2 }, { "GGP", 3 }, { "IPIP", 4 },
	{ "IPv4", 4 }, { "IPnIP", 4 }, { "ST", 5 }, { "TCP", 6 }, { "EGP", 8 },
	{ "IGP", 9 }, { "UDP", 17 }, { "RTP", 17 }, { "RTCP", 17 },
	{ "UDT", 17 }, { "XTP", 36 }, { "DCCP", 33 }, { "IPv6", 41 },
	{ "IPv6-Route", 43 }, { "Rte6", 43 }, { "IPv6-Frag", 44 },
	{ "Frag6", 44 }, { "RSVP", 46 }, { "GRE", 47 }, { "ESP", 50 },
	{ "AH", 51 }, { "ICMPv6", 58 }, { "ICMP6", 58 }, { "IPv6-ICMP", 58 },
	{ "IPv6-NoNxt", 59 }, { "NoHe6", 59 }, { "IPv6-Opts", 60 },
	{ "Opts6", 60 }, { "EIGRP", 88 }, { "OSPF", 89 }, { "OSPFIGP", 89 },
	{ "EtherIP", 97 }, { "EthIP", 97 }, { "ENCAP", 98 }, { "PIM", 103 },
	{ "IPComp", 108 }, { "IPcmp", 108 }, { "VRRP", 112 }, { "L2TP", 115 },
	{ "ISIS4", 124 }, { "SCTP", 132 }, { "UDPLite", 136 },
	{ "UDP-L", 136 }, { "MPLS-in-IP", 137 }, { "MPLS", 137 },
	{ "other", FORMAT_PROTO_OTHER },
};

const char *
format_protocol_name(uint32_t number)
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
		const char *e = format_parse_u64(s, len, v);

		if (e == NULL && *v > 255)
			return "is not a protocol number (0-255)";
		return e;
	}
	if (len == 0)
		return "is empty";
	for (size_t i = 0; i < sizeof protocol_names / sizeof *protocol_names;
	    i++)
		if (strlen(protocol_names[i].name) == len &&
		    strncasecmp(s, protocol_names[i].name, len) == 0) {
			*v = protocol_names[i].number;
			return NULL;
		}
	/* A name, even one not known here, is a protocol the collector
	 * saw (arp, llc, unknown_transport): a flow, of protocol "other".
	 * Anything else is damage. */
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '/' && s[i] != '.')
			return "is not a protocol number (0-255) or a "
			    "protocol name";
	*v = FORMAT_PROTO_OTHER;
	return NULL;
}

const char *
format_parse_loose(enum field_role r, const char *s, size_t len,
    enum date_order order, uint64_t *v)
{
	*v = 0;
	if (r == FIELD_PROTO)
		return parse_protocol(s, len, v);
	if (format_is_unset(s, len) || (len == 0 && r != FIELD_TIME))
		return NULL;
	if (r == FIELD_TIME)
		return dates_parse(s, len, order, v);
	if (r == FIELD_DURATION)
		return parse_duration(s, len, v);
	return format_parse_u64(s, len, v);
}

int
format_loose_port(const char *s, size_t len, uint32_t *v)
{
	uint32_t x = 0;

	if (len == 0 || format_is_unset(s, len)) {
		*v = 0;
		return 1;
	}
	if (len < 3 || len > 10 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return 0;
	for (size_t i = 2; i < len; i++) {
		int d = isdigit((unsigned char)s[i]) ? s[i] - '0' :
		    isxdigit((unsigned char)s[i]) ?
		    tolower((unsigned char)s[i]) - 'a' + 10 : -1;

		if (d < 0 || x > 0x0fffffff)
			return 0;
		x = x * 16 + (uint32_t)d;
	}
	if (x > 65535)
		return 0;
	*v = x;
	return 1;
}
