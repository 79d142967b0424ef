/*
 * digits.h - decimal numbers of up to eight digits read as one word.
 *
 * A flow line is mostly short numbers (time, duration, ports, protocol,
 * packets, bytes) of every length from one digit to ten.  Read a byte at a
 * time, each ends with a branch the CPU cannot predict, and those misses
 * were a good part of the parser's time.  Here the digits are read as one
 * 64-bit word and checked and converted with a few multiplies: the same
 * work for any length, and no branch that depends on it.
 *
 * The caller guarantees the 8 bytes that end where the digits end are
 * readable (the loader's chunks have spare bytes before their first line;
 * other callers' lines are copied after spare bytes, records.c).
 */
#ifndef FLOWMAP_DIGITS_H
#define FLOWMAP_DIGITS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DIGITS_ONES	0x0101010101010101ULL

/*
 * s[0..n), 1 <= n <= 8, all decimal digits: 1 and their value in *v; else
 * 0.  Reads s[n - 8 .. n).  Leading zeros are allowed (the caller decides
 * whether they are legal).
 */
static inline int
digits_word(const char *s, size_t n, uint64_t *v)
{
	uint64_t w, keep, d;

	memcpy(&w, s + n - 8, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);	/* the arithmetic below is for LE */
#endif
	/* Little-endian: the digits are the top n bytes of w, the first
	 * (most significant) lowest.  The bytes below them become zeros,
	 * that is leading zeros once the '0's are masked off. */
	keep = ~0ULL << (8 * (8 - n));
	w &= keep;
	/* Every kept byte 0x30..0x39: high nibble 3, and still 3 when 6 is
	 * added (0x3a..0x3f would carry into the high nibble; no byte can
	 * carry into the next once the first test has passed). */
	if ((w & 0xf0f0f0f0f0f0f0f0ULL) != (0x30 * DIGITS_ONES & keep) ||
	    ((w + (6 * DIGITS_ONES & keep)) & 0xf0f0f0f0f0f0f0f0ULL) !=
	    (0x30 * DIGITS_ONES & keep))
		return 0;
	d = w & 0x0f0f0f0f0f0f0f0fULL;
	/* Pairs, then fours, then all eight: each step multiplies the more
	 * significant half and adds the other. */
	d = (d * 10 + (d >> 8)) & 0x00ff00ff00ff00ffULL;
	d = (d * 100 + (d >> 16)) & 0x0000ffff0000ffffULL;
	d = (d * 10000 + (d >> 32)) & 0xffffffffULL;
	*v = d;
	return 1;
}

#endif
