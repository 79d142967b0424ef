/*
 * jsonline.c - a one-line JSON object reader (see jsonline.h).
 *
 * Why not a JSON library: a general parser builds a tree of every member
 * of every line, allocating as it goes, and Zeek's conn.log has twenty
 * members of which flowmap reads twelve.  This reader is a recursive
 * descent over the bytes of one line that keeps no state beyond the
 * positions of the wanted values.  It still checks the whole line against
 * the grammar of RFC 8259 (strings, numbers, literals, nesting, no text
 * after the object), so a cut or damaged line is an error and never a
 * half-read record.  Recursion depth is bounded by JSONLINE_MAX_DEPTH, so
 * a hostile line of ten thousand brackets costs nothing but its message.
 */
#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "load/jsonline.h"

struct scan {
	const char		*p, *end;
	const char *const	*keys;
	const size_t		*keylen;
	int			 nkeys;
	struct json_value	*out;
	const char		*why;
};

static const char cut_short[] = "the JSON object is cut short";

static void
skip_space(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int
fail(struct scan *s, const char *why)
{
	if (s->why == NULL)
		s->why = why;
	return -1;
}

static int
hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/*
 * Skip the bytes of a string that need no look: not a quote, a backslash
 * or a control character.  Most of a Zeek line is such bytes, so with
 * SSE2 sixteen are looked at at once (never past the line's end).
 */
static inline void
skip_plain(struct scan *s)
{
#if defined(__SSE2__) && defined(__GNUC__)
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i ctl = _mm_set1_epi8(0x1f);

	while (s->end - s->p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s->p);
		__m128i stop = _mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
		    _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl));
		unsigned m = (unsigned)_mm_movemask_epi8(stop);

		if (m != 0) {
			s->p += __builtin_ctz(m);
			return;
		}
		s->p += 16;
	}
#endif
	while (s->p < s->end && *s->p != '"' && *s->p != '\\' &&
	    (unsigned char)*s->p >= 0x20)
		s->p++;
}

/* A string at s->p (its opening quote): its text in v. */
static int
scan_string(struct scan *s, struct json_value *v)
{
	const char *start = ++s->p;
	int escaped = 0;

	for (;;) {
		skip_plain(s);
		if (s->p >= s->end)
			return fail(s, cut_short);
		unsigned char c = (unsigned char)*s->p;

		if (c == '"')
			break;
		if (c < 0x20)
			return fail(s, "a control character inside a JSON "
			    "string");
		if (c == '\\') {
			escaped = 1;
			if (s->end - s->p < 2)
				return fail(s, cut_short);
			switch (s->p[1]) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				s->p += 2;
				continue;
			case 'u':
				if (s->end - s->p < 6)
					return fail(s, cut_short);
				if (hex4(s->p + 2) < 0)
					return fail(s, "a bad \\u escape in a "
					    "JSON string");
				s->p += 6;
				continue;
			default:
				return fail(s, "a bad escape in a JSON string");
			}
		}
		s->p++;
	}
	v->kind = JSON_STRING;
	v->s = start;
	v->len = (size_t)(s->p - start);
	v->escaped = escaped;
	s->p++;
	return 0;
}

static int
is_digit(const struct scan *s)
{
	return s->p < s->end && (unsigned)(*s->p - '0') <= 9;
}

/* A number as RFC 8259 writes it: -?int frac? exp? */
static int
scan_number(struct scan *s, struct json_value *v)
{
	const char *start = s->p;

	if (*s->p == '-')
		s->p++;
	if (!is_digit(s))
		return fail(s, s->p >= s->end ? cut_short :
		    "a bad number in the JSON object");
	if (*s->p == '0')
		s->p++;
	else
		while (is_digit(s))
			s->p++;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (!is_digit(s))
			return fail(s, "a bad number in the JSON object");
		while (is_digit(s))
			s->p++;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (!is_digit(s))
			return fail(s, "a bad number in the JSON object");
		while (is_digit(s))
			s->p++;
	}
	v->kind = JSON_NUMBER;
	v->s = start;
	v->len = (size_t)(s->p - start);
	return 0;
}

static int
scan_literal(struct scan *s, const char *word, enum json_kind kind,
    struct json_value *v)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n)
		return fail(s, cut_short);
	if (memcmp(s->p, word, n) != 0)
		return fail(s, "a bad value in the JSON object");
	s->p += n;
	v->kind = kind;
	v->s = NULL;
	v->len = 0;
	return 0;
}

static int scan_value(struct scan *s, int depth, const char *prefix,
    size_t plen, struct json_value *v);

/* The wanted key (prefix "." key when nested), or -1. */
static int
wanted(const struct scan *s, const char *prefix, size_t plen,
    const struct json_value *key)
{
	size_t n = key->len + (prefix != NULL ? plen + 1 : 0);

	if (key->escaped)
		return -1;	/* no wanted key needs an escape */
	for (int i = 0; i < s->nkeys; i++) {
		const char *k = s->keys[i];

		/* Length and first byte first: most keys differ there. */
		if (s->keylen[i] != n || k[0] != (prefix != NULL ? prefix[0] :
		    key->s[0]))
			continue;
		if (prefix != NULL) {
			if (memcmp(k, prefix, plen) != 0 || k[plen] != '.')
				continue;
			k += plen + 1;
		}
		if (memcmp(k, key->s, key->len) == 0)
			return i;
	}
	return -1;
}

/* An object at s->p (its brace); members of wanted keys go to s->out.
 * prefix: the key this object is the value of, when its members are
 * read as "prefix.member" (one level down only). */
static int
scan_object(struct scan *s, int depth, const char *prefix, size_t plen)
{
	if (depth > JSONLINE_MAX_DEPTH)
		return fail(s, "JSON nested deeper than 32 levels");
	s->p++;
	skip_space(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		struct json_value key, value, *dest = &value;
		int k;

		skip_space(s);
		if (s->p >= s->end)
			return fail(s, cut_short);
		if (*s->p != '"')
			return fail(s, "a JSON object member without a key "
			    "in quotes");
		if (scan_string(s, &key) != 0)
			return -1;
		skip_space(s);
		if (s->p >= s->end)
			return fail(s, cut_short);
		if (*s->p != ':')
			return fail(s, "no ':' after a key in the JSON object");
		s->p++;
		skip_space(s);
		k = depth == 1 || (depth == 2 && prefix != NULL) ?
		    wanted(s, prefix, plen, &key) : -1;
		if (k >= 0)
			dest = &s->out[k];
		/* Members of a top-level object are read one level down. */
		if (scan_value(s, depth, depth == 1 && !key.escaped ?
		    key.s : NULL, key.len, dest) != 0)
			return -1;
		skip_space(s);
		if (s->p >= s->end)
			return fail(s, cut_short);
		if (*s->p == '}') {
			s->p++;
			return 0;
		}
		if (*s->p != ',')
			return fail(s, "no ',' between members of the JSON "
			    "object");
		s->p++;
	}
}

static int
scan_array(struct scan *s, int depth)
{
	struct json_value ignored;

	if (depth > JSONLINE_MAX_DEPTH)
		return fail(s, "JSON nested deeper than 32 levels");
	s->p++;
	skip_space(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return 0;
	}
	for (;;) {
		skip_space(s);
		if (scan_value(s, depth, NULL, 0, &ignored) != 0)
			return -1;
		skip_space(s);
		if (s->p >= s->end)
			return fail(s, cut_short);
		if (*s->p == ']') {
			s->p++;
			return 0;
		}
		if (*s->p != ',')
			return fail(s, "no ',' between items of a JSON array");
		s->p++;
	}
}

static int
scan_value(struct scan *s, int depth, const char *prefix, size_t plen,
    struct json_value *v)
{
	if (s->p >= s->end)
		return fail(s, cut_short);
	switch (*s->p) {
	case '"':
		return scan_string(s, v);
	case '{':
		v->kind = JSON_NESTED;
		return scan_object(s, depth + 1, prefix, plen);
	case '[':
		v->kind = JSON_NESTED;
		return scan_array(s, depth + 1);
	case 't':
		return scan_literal(s, "true", JSON_TRUE, v);
	case 'f':
		return scan_literal(s, "false", JSON_FALSE, v);
	case 'n':
		return scan_literal(s, "null", JSON_NULL, v);
	default:
		if (*s->p == '-' || (unsigned)(*s->p - '0') <= 9)
			return scan_number(s, v);
		return fail(s, "a bad value in the JSON object");
	}
}

const char *
jsonline_scan(const char *line, size_t len, const char *const *keys,
    const size_t *keylen, int nkeys, struct json_value *out)
{
	struct scan s = {
		.p = line, .end = line + len, .keys = keys, .keylen = keylen,
		.nkeys = nkeys, .out = out,
	};

	for (int i = 0; i < nkeys; i++)
		out[i].kind = JSON_ABSENT;
	skip_space(&s);
	if (s.p >= s.end || *s.p != '{')
		return "not a JSON object";
	if (scan_object(&s, 1, NULL, 0) != 0)
		return s.why;
	skip_space(&s);
	if (s.p != s.end)
		return "text after the JSON object";
	return NULL;
}

/* Append code point c as UTF-8; the new length, or -1 if it won't fit. */
static long
put_utf8(char *buf, size_t size, size_t n, unsigned c)
{
	unsigned char b[4];
	size_t k;

	if (c < 0x80) {
		b[0] = (unsigned char)c;
		k = 1;
	} else if (c < 0x800) {
		b[0] = (unsigned char)(0xc0 | c >> 6);
		b[1] = (unsigned char)(0x80 | (c & 0x3f));
		k = 2;
	} else if (c < 0x10000) {
		b[0] = (unsigned char)(0xe0 | c >> 12);
		b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (c & 0x3f));
		k = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | c >> 18);
		b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
		b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		b[3] = (unsigned char)(0x80 | (c & 0x3f));
		k = 4;
	}
	if (n + k > size)
		return -1;
	memcpy(buf + n, b, k);
	return (long)(n + k);
}

long
jsonline_unescape(const struct json_value *v, char *buf, size_t size)
{
	const char *p = v->s, *end = v->s + v->len;
	size_t n = 0;
	long r;

	while (p < end) {
		unsigned c = (unsigned char)*p;

		if (c != '\\') {
			if (n >= size)
				return -1;
			buf[n++] = (char)c;
			p++;
			continue;
		}
		if (end - p < 2)
			return -1;
		switch (p[1]) {
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'u': {
			int h;

			if (end - p < 6 || (h = hex4(p + 2)) < 0)
				return -1;
			c = (unsigned)h;
			p += 4;
			/* A surrogate pair makes one code point. */
			if (c >= 0xd800 && c < 0xdc00 && end - p >= 8 &&
			    p[2] == '\\' && p[3] == 'u') {
				int lo = hex4(p + 4);

				if (lo >= 0xdc00 && lo < 0xe000) {
					c = 0x10000 + ((c - 0xd800) << 10) +
					    ((unsigned)lo - 0xdc00);
					p += 6;
				}
			}
			break;
		}
		default:
			c = (unsigned char)p[1];
			break;
		}
		p += 2;
		if ((r = put_utf8(buf, size, n, c)) < 0)
			return -1;
		n = (size_t)r;
	}
	return (long)n;
}
