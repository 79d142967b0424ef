/*
 * dates.c - flow start times in every layout collectors write (see
 * dates.h).
 *
 * One small scanner reads digit groups and the bytes between them; the
 * layout follows from where the four-digit year is.  Each check says what
 * is wrong in the words of a message ("is not a valid date"), because
 * these strings end up, with the field's name, in front of the analyst.
 */
#include <string.h>

#include "load/dates.h"

const char DATES_AMBIGUOUS[] = "could be day-first or month-first: say "
    "which with --date-order dmy or --date-order mdy";

static const char not_date[] = "is not a date (YYYY-MM-DD hh:mm:ss, "
    "YYYY/MM/DD hh:mm:ss or seconds since 1970)";

int
dates_order_from_name(const char *name)
{
	if (strcmp(name, "dmy") == 0)
		return DATE_ORDER_DMY;
	if (strcmp(name, "mdy") == 0)
		return DATE_ORDER_MDY;
	return -1;
}

/* Days since 1970-01-01 of a date in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil). */
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

static unsigned
days_in_month(unsigned y, unsigned m)
{
	static const unsigned char days[] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Up to max digits at *q: their value, and how many in *n. */
static unsigned
digits(const char **q, const char *end, int max, int *n)
{
	unsigned x = 0;

	*n = 0;
	while (*q < end && *n < max && (unsigned)(**q - '0') <= 9) {
		x = x * 10 + (unsigned)(**q - '0');
		(*q)++;
		(*n)++;
	}
	return x;
}

/* Decimal seconds: digits, maybe a fraction (cut). */
static const char *
parse_seconds(const char *s, size_t len, uint64_t *v)
{
	uint64_t x = 0;
	size_t i = 0;

	if (s[0] == '-')
		return "is negative";
	for (; i < len && s[i] != '.'; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (d > 9)
			return not_date;
		if (x > (UINT64_MAX - d) / 10)
			return "overflows 64 bits";
		x = x * 10 + d;
	}
	if (i == 0)
		return not_date;
	if (i < len) {
		if (i + 1 == len)
			return "is not a number";
		for (i++; i < len; i++)
			if ((unsigned)(s[i] - '0') > 9)
				return not_date;
	}
	*v = x;
	return NULL;
}

/* A zone after the time: "Z", "+hh", "+hhmm" or "+hh:mm".  Seconds to
 * subtract in *off; 0 when the text is not a zone. */
static int
parse_zone(const char *q, const char *end, int64_t *off)
{
	int n, sign;
	unsigned h, m = 0;

	*off = 0;
	if (q < end && *q == 'Z')
		return q + 1 == end;
	if (q == end || (*q != '+' && *q != '-'))
		return 0;
	sign = *q++ == '-' ? -1 : 1;
	h = digits(&q, end, 2, &n);
	if (n != 2 || h > 23)
		return 0;
	if (q < end && *q == ':')
		q++;
	if (q < end) {
		m = digits(&q, end, 2, &n);
		if (n != 2 || m > 59)
			return 0;
	}
	*off = sign * (int64_t)(h * 3600 + m * 60);
	return q == end;
}

const char *
dates_parse(const char *s, size_t len, enum date_order order, uint64_t *v)
{
	const char *q = s, *end = s + len;
	unsigned g[3], hh = 0, mm = 0, ss = 0, y, mo, d;
	int n[3], k;
	char sep;
	int64_t off = 0, t;

	if (len == 0)
		return "is empty";
	/* No separator of a date before the first non-digit: seconds. */
	for (k = 0; (size_t)k < len && (unsigned)(s[k] - '0') <= 9; k++)
		;
	if ((size_t)k == len || s[k] == '.' || s[0] == '-')
		return parse_seconds(s, len, v);

	g[0] = digits(&q, end, 4, &n[0]);
	if (q == end || (*q != '-' && *q != '/' && *q != '.'))
		return not_date;
	sep = *q++;
	g[1] = digits(&q, end, 2, &n[1]);
	if (q == end || *q != sep)
		return not_date;
	q++;
	g[2] = digits(&q, end, 4, &n[2]);
	if (n[0] == 0 || n[1] == 0 || n[2] == 0)
		return not_date;
	if (n[0] == 4 && n[2] <= 2) {
		y = g[0];
		mo = g[1];
		d = g[2];
	} else if (n[0] <= 2 && n[2] == 4) {
		if (order == DATE_ORDER_NONE)
			return DATES_AMBIGUOUS;
		y = g[2];
		mo = order == DATE_ORDER_DMY ? g[1] : g[0];
		d = order == DATE_ORDER_DMY ? g[0] : g[1];
	} else
		return not_date;

	/* The time of day: " " or "T", then hh:mm and maybe :ss.fff. */
	if (q < end && (*q == ' ' || *q == 'T')) {
		int nh, nm, ns;

		q++;
		hh = digits(&q, end, 2, &nh);
		if (nh != 2 || q == end || *q != ':')
			return not_date;
		q++;
		mm = digits(&q, end, 2, &nm);
		if (nm != 2)
			return not_date;
		if (q < end && *q == ':') {
			q++;
			ss = digits(&q, end, 2, &ns);
			if (ns != 2)
				return not_date;
			if (q < end && *q == '.') {
				q++;
				if (q == end || (unsigned)(*q - '0') > 9)
					return not_date;
				while (q < end && (unsigned)(*q - '0') <= 9)
					q++;
			}
		}
	}
	if (q < end && !parse_zone(q, end, &off))
		return not_date;
	/* nfdump writes this for a flow without a start time. */
	if (y == 0 && mo == 0 && d == 0 && hh == 0 && mm == 0 && ss == 0) {
		*v = 0;
		return NULL;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    hh > 23 || mm > 59 || ss > 60)
		return "is not a valid date";
	t = days_from_civil(y, mo, d) * 86400 + hh * 3600 + mm * 60 + ss -
	    off;
	if (t < 0)
		return "is before 1970";
	*v = (uint64_t)t;
	return NULL;
}
