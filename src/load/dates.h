/*
 * dates.h - the times flow files write, read as seconds since 1970.
 *
 * Collectors write a flow's start as decimal seconds since 1970 (Zeek,
 * LANL's relative seconds), as an ISO 8601 date (nfdump, Zeek's JSON
 * with ISO timestamps), or as a date with slashes (Argus:
 * "2019/04/04 16:23:00.325010").  A year-first date is unambiguous.  A
 * date whose year comes last ("04/05/2019") may be day-first or
 * month-first, and no value can tell which for sure: such a date is read
 * only under a date order the caller was given (--date-order), never
 * guessed.
 *
 * Dates without a zone are taken as UTC (nfdump writes local time
 * without saying which zone; only differences between times matter to
 * the map, and a zone offset, when written, is applied).  Fractions of a
 * second are cut.
 *
 * No state: dates_parse() may be called from any thread.
 */
#ifndef FLOWMAP_DATES_H
#define FLOWMAP_DATES_H

#include <stddef.h>
#include <stdint.h>

/* How to read a date whose year comes last. */
enum date_order {
	DATE_ORDER_NONE,	/* not given: such dates are an error */
	DATE_ORDER_DMY,		/* 04/05/2019 is the 4th of May */
	DATE_ORDER_MDY		/* 04/05/2019 is the 5th of April */
};

/*
 * Read a time of len bytes at s: decimal seconds ("1521911721.25"), or a
 * date ("2019-04-04 16:23:00", "2019-04-04T16:23:00.3+02:00",
 * "2019/04/04 16:23:00.325010", "04/05/2019 10:00:00" under an order).
 * NULL with the seconds in *v, or what is wrong ("is not a date ..."),
 * for a message.  DATES_AMBIGUOUS is the exact pointer returned for a
 * year-last date without an order, so the caller can tell it apart.
 */
extern const char DATES_AMBIGUOUS[];
const char	*dates_parse(const char *s, size_t len, enum date_order order,
		    uint64_t *v);

/* "dmy", "mdy" -> an order; -1 for anything else. */
int		 dates_order_from_name(const char *name);

#endif
