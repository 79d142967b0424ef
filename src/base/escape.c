/*
 * escape.c - see escape.h.  UTF-8 is validated by hand (no locale needed):
 * overlong forms, surrogates and code points past U+10FFFF are invalid and
 * escaped byte by byte, as are the C1 controls U+0080..U+009F, which some
 * terminals obey like ESC sequences.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/escape.h"
#include "base/xalloc.h"

/* Length of the valid, printable UTF-8 sequence at s, or 0. */
static size_t
utf8_printable(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n;

	if (s[0] < 0x80)
		return s[0] >= 0x20 && s[0] < 0x7f;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
		return 0;
	return n;
}

/* The text for the character at s (n bytes of input, k of output). */
static size_t
escape_one(const unsigned char *s, size_t len, char tmp[8], size_t *n)
{
	size_t k;

	*n = utf8_printable(s, len);
	if (*n > 0 && s[0] != '\\') {
		memcpy(tmp, s, *n);
		return *n;
	}
	*n = 1;
	switch (s[0]) {
	case '\\': memcpy(tmp, "\\\\", 2); k = 2; break;
	case '\n': memcpy(tmp, "\\n", 2); k = 2; break;
	case '\r': memcpy(tmp, "\\r", 2); k = 2; break;
	case '\t': memcpy(tmp, "\\t", 2); k = 2; break;
	case 0x1b: memcpy(tmp, "\\e", 2); k = 2; break;
	default:
		snprintf(tmp, 8, "\\x%02x", s[0]);
		k = 4;
		break;
	}
	return k;
}

/* Would the rest of the input, escaped, fit in room bytes? */
static int
rest_fits(const unsigned char *s, size_t len, size_t room)
{
	size_t need = 0, i = 0, n;
	char tmp[8];

	while (i < len && need <= room) {
		need += escape_one(s + i, len - i, tmp, &n);
		i += n;
	}
	return need <= room;
}

char *
escape_text(const char *s, size_t len, char *out, size_t size)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0, i = 0;
	int fits = 0;

	while (i < len) {
		char tmp[8];
		size_t n, k = escape_one(u + i, len - i, tmp, &n);

		/* Room is kept for "..." and the NUL, unless all that is
		 * left fits without them. */
		if (!fits && o + k + 4 > size &&
		    !(fits = rest_fits(u + i, len - i, size - o - 1))) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(out + o, tmp, k);
		o += k;
		i += n;
	}
	out[o] = '\0';
	return out;
}

char *
escape_dup(const char *s)
{
	/* No byte becomes more than four ("\x9b"). */
	size_t len = strlen(s), size = 4 * len + 5;

	return escape_text(s, len, xmalloc(size), size);
}
