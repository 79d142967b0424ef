/*
 * test_escape.c - the sanitiser: what passes, what is escaped, and that
 * the output is always printable, valid UTF-8 and decodes back to the
 * input (backslash is escaped, so the escapes are unambiguous).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/escape.h"
#include "unit.h"

static void
expect_escape(const char *in, size_t len, const char *want)
{
	char out[256];

	assert_ptr_equal(escape_text(in, len, out, sizeof out), out);
	assert_string_equal(out, want);
}

#define EXPECT(lit, want)	expect_escape(lit, sizeof lit - 1, want)

static void
test_plain_and_controls(void **state)
{
	(void)state;
	EXPECT("", "");
	EXPECT("C1065 N10451 Port95765", "C1065 N10451 Port95765");
	EXPECT(" !~", " !~");
	EXPECT("a\\b", "a\\\\b");
	EXPECT("\\x41", "\\\\x41");
	EXPECT("\n\r\t", "\\n\\r\\t");
	EXPECT("\0", "\\x00");
	EXPECT("a\0b", "a\\x00b");
	EXPECT("\x01\x07\x08\x1f", "\\x01\\x07\\x08\\x1f");
	EXPECT("\x7f", "\\x7f");
	EXPECT("\x1b", "\\e");
}

static void
test_terminal_sequences(void **state)
{
	(void)state;
	/* CSI: colours, cursor moves, clear screen. */
	EXPECT("\x1b[31mred\x1b[0m", "\\e[31mred\\e[0m");
	EXPECT("\x1b[2J\x1b[H", "\\e[2J\\e[H");
	/* OSC 52 writes the clipboard; OSC 0 the title.  Both terminators. */
	EXPECT("\x1b]52;c;SGVsbG8=\x07", "\\e]52;c;SGVsbG8=\\x07");
	EXPECT("\x1b]0;pwned\x1b\\", "\\e]0;pwned\\e\\\\");
	/* C1 controls as raw bytes (8-bit CSI, OSC, ST)... */
	EXPECT("\x9b" "31m", "\\x9b31m");
	EXPECT("\x9d" "52;c;x\x9c", "\\x9d52;c;x\\x9c");
	/* ...and as UTF-8 (U+009B, U+0085, U+0080, U+009F). */
	EXPECT("\xc2\x9b" "31m", "\\xc2\\x9b31m");
	EXPECT("\xc2\x85", "\\xc2\\x85");
	EXPECT("\xc2\x80\xc2\x9f", "\\xc2\\x80\\xc2\\x9f");
	/* U+00A0 is the first printable one after them. */
	EXPECT("\xc2\xa0", "\xc2\xa0");
}

static void
test_utf8(void **state)
{
	(void)state;
	/* Valid and printable: kept byte for byte. */
	EXPECT("caf\xc3\xa9", "caf\xc3\xa9");
	EXPECT("\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac");
	EXPECT("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
	EXPECT("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");	/* U+10FFFF */
	EXPECT("\xed\x9f\xbf", "\xed\x9f\xbf");		/* U+D7FF */
	/* Overlong forms. */
	EXPECT("\xc0\xaf", "\\xc0\\xaf");
	EXPECT("\xc1\xbf", "\\xc1\\xbf");
	EXPECT("\xe0\x80\xaf", "\\xe0\\x80\\xaf");
	EXPECT("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf");
	/* Surrogates, and past U+10FFFF. */
	EXPECT("\xed\xa0\x80", "\\xed\\xa0\\x80");
	EXPECT("\xed\xbf\xbf", "\\xed\\xbf\\xbf");
	EXPECT("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	/* Lone continuation bytes, bytes never in UTF-8. */
	EXPECT("\x80", "\\x80");
	EXPECT("\xbf" "a", "\\xbfa");
	EXPECT("\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80");
	EXPECT("\xfe\xff", "\\xfe\\xff");
	/* A sequence cut short, by the end or by another character. */
	EXPECT("\xe6\x97", "\\xe6\\x97");
	EXPECT("\xe6\x97" "a", "\\xe6\\x97a");
	EXPECT("\xc3", "\\xc3");
	/* After a bad byte the next good character is kept. */
	EXPECT("\xff\xc3\xa9", "\\xff\xc3\xa9");
	/* The length given counts, not a NUL. */
	expect_escape("abcdef", 3, "abc");
}

static void
test_truncation(void **state)
{
	char out[64];
	char big[200];

	(void)state;
	/* Exactly as long as the buffer allows: no dots. */
	escape_text("abcd", 4, out, 5);
	assert_string_equal(out, "abcd");
	escape_text("abc", 3, out, 5);
	assert_string_equal(out, "abc");
	escape_text("a\\", 2, out, 5);
	assert_string_equal(out, "a\\\\");
	/* One more: cut, with the dots inside the size. */
	escape_text("abcde", 5, out, 5);
	assert_string_equal(out, "a...");
	escape_text("abcdefgh", 8, out, 8);
	assert_string_equal(out, "abcd...");
	/* 62 characters fit in 64 bytes; 64 do not. */
	memset(big, 'x', sizeof big);
	escape_text(big, 63, out, sizeof out);
	assert_int_equal(strlen(out), 63);
	assert_null(strstr(out, "..."));
	escape_text(big, 64, out, sizeof out);
	assert_int_equal(strlen(out), 63);
	assert_string_equal(out + 60, "...");
	/* An escape is never cut in half. */
	escape_text("ab\x1b\x1b\x1b\x1b", 6, out, 8);
	assert_string_equal(out, "ab\\e...");
	escape_text("abc\x01\x02", 5, out, 10);
	assert_string_equal(out, "abc...");
	/* Nor a UTF-8 character. */
	escape_text("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 8, out, 8);
	assert_string_equal(out, "\xc3\xa9\xc3\xa9...");
	/* Smallest buffer. */
	escape_text("\x1b[31m", 5, out, 5);
	assert_string_equal(out, "...");
}

/* Decode the escapes; returns the length, or -1 if out is not escape_text
 * output. */
static long
unescape(const char *s, char *out)
{
	long n = 0;

	while (*s != '\0') {
		if (*s != '\\') {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case '\\': out[n++] = '\\'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'e': out[n++] = 0x1b; break;
		case 'x': {
			unsigned v;

			if (sscanf(s + 1, "%2x", &v) != 1)
				return -1;
			out[n++] = (char)v;
			s += 2;
			break;
		}
		default:
			return -1;
		}
		s++;
	}
	return n;
}

/* Printable ASCII or a valid UTF-8 sequence of a printable code point. */
static int
all_printable(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u != '\0') {
		uint32_t cp;
		int n;

		if (*u < 0x80) {
			if (*u < 0x20 || *u == 0x7f)
				return 0;
			u++;
			continue;
		}
		if ((*u & 0xe0) == 0xc0)
			n = 2, cp = *u & 0x1f;
		else if ((*u & 0xf0) == 0xe0)
			n = 3, cp = *u & 0x0f;
		else if ((*u & 0xf8) == 0xf0)
			n = 4, cp = *u & 0x07;
		else
			return 0;
		for (int i = 1; i < n; i++) {
			if ((u[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (u[i] & 0x3f);
		}
		if (cp < 0xa0 || (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
		    (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp < 0xe000))
			return 0;
		u += n;
	}
	return 1;
}

static void
test_random_bytes(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	char in[64], out[300], back[300];
	static const char pick[] = "\xc3\xa9\xe6\x97\xa5\x1b[\\a\x9b\xc2\x85"
	    "\xf0\x9f\x98\x80";

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = (size_t)(round % 64);

		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Mostly high bytes and controls, some UTF-8 leads. */
			in[i] = round & 1 ? (char)(x >> 24) : pick[x % 16];
		}
		/* Room for everything: decodes back exactly. */
		escape_text(in, len, out, sizeof out);
		if (!all_printable(out))
			fail_msg("round %d: unprintable output", round);
		long n = unescape(out, back);
		assert_int_equal(n, (long)len);
		assert_memory_equal(back, in, len);
		/* Little room: still printable and inside the buffer. */
		size_t size = 5 + (size_t)(round % 23);
		memset(out, 'Z', sizeof out);
		escape_text(in, len, out, size);
		assert_true(strlen(out) < size);
		assert_true(all_printable(out));
		assert_int_equal(out[size], 'Z');
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_controls),
		cmocka_unit_test(test_terminal_sequences),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_random_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
