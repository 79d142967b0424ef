/*
 * test_textfield.c - the explorer's typed line and list cursor, without a
 * terminal: UTF-8 insertion and deletion at a cursor that never splits a
 * character (stray bytes included), growth past any small buffer, the
 * editing keys; and the list cursor staying on its page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui/tcurses.h"
#include "tui/listnav.h"
#include "tui/term.h"
#include "tui/textfield.h"

static void
type(struct textfield *f, const unsigned *cps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(textfield_insert(f, cps[i]),
		    TEXTFIELD_CHANGED);
}

/* ASCII, 2-, 3- and 4-byte characters in, then out one by one. */
static void
test_utf8_edit(void **state)
{
	static const unsigned cps[] = { 'c', 'a', 'f', 0xe9, 0x20ac, 0x1f600 };
	struct textfield f = {0};

	(void)state;
	assert_string_equal(textfield_text(&f), "");
	assert_true(textfield_empty(&f));
	type(&f, cps, 6);
	assert_string_equal(textfield_text(&f),
	    "caf\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	assert_int_equal(f.cursor, f.len);
	/* Left over the 4-byte, the 3-byte character: whole characters */
	assert_int_equal(textfield_left(&f), TEXTFIELD_MOVED);
	assert_int_equal(f.cursor, 8);
	assert_int_equal(textfield_left(&f), TEXTFIELD_MOVED);
	assert_int_equal(f.cursor, 5);
	/* insert in the middle */
	assert_int_equal(textfield_insert(&f, '-'), TEXTFIELD_CHANGED);
	assert_string_equal(textfield_text(&f),
	    "caf\xc3\xa9-\xe2\x82\xac\xf0\x9f\x98\x80");
	/* Delete takes the euro sign at the cursor, Backspace the '-' */
	assert_int_equal(textfield_delete(&f), TEXTFIELD_CHANGED);
	assert_int_equal(textfield_backspace(&f), TEXTFIELD_CHANGED);
	assert_string_equal(textfield_text(&f), "caf\xc3\xa9\xf0\x9f\x98\x80");
	assert_int_equal(textfield_backspace(&f), TEXTFIELD_CHANGED);
	assert_string_equal(textfield_text(&f), "caf\xf0\x9f\x98\x80");
	assert_int_equal(textfield_home(&f), TEXTFIELD_MOVED);
	assert_int_equal(textfield_backspace(&f), TEXTFIELD_SAME);
	assert_int_equal(textfield_left(&f), TEXTFIELD_SAME);
	assert_int_equal(textfield_end(&f), TEXTFIELD_MOVED);
	assert_int_equal(textfield_delete(&f), TEXTFIELD_SAME);
	assert_int_equal(textfield_right(&f), TEXTFIELD_SAME);
	while (textfield_backspace(&f) == TEXTFIELD_CHANGED)
		;
	assert_true(textfield_empty(&f));
	assert_string_equal(textfield_text(&f), "");
	/* not characters: refused */
	assert_int_equal(textfield_insert(&f, 0), TEXTFIELD_SAME);
	assert_int_equal(textfield_insert(&f, 0xd800), TEXTFIELD_SAME);
	assert_int_equal(textfield_insert(&f, 0x110000), TEXTFIELD_SAME);
	assert_int_equal(f.len, 0);
	textfield_free(&f);
}

/* Bytes that are not UTF-8 (a set pattern) are single characters: Left
 * and Right are inverses and Backspace never leaves half a sequence. */
static void
test_stray_bytes(void **state)
{
	struct textfield f = {0};
	size_t stops[16], n = 0;

	(void)state;
	/* a lone continuation, a truncated 3-byte lead, a valid e-acute */
	textfield_set(&f, "a\x80" "b\xe2\x82" "c\xc3\xa9");
	assert_int_equal(f.cursor, f.len);
	textfield_home(&f);
	stops[n++] = f.cursor;
	while (textfield_right(&f) == TEXTFIELD_MOVED)
		stops[n++] = f.cursor;
	/* a \x80 b \xe2 \x82 c e-acute: 7 characters, 8 stops */
	assert_int_equal(n, 8);
	assert_int_equal(stops[n - 1], f.len);
	for (size_t i = n - 1; i > 0; i--) {
		assert_int_equal(textfield_left(&f), TEXTFIELD_MOVED);
		assert_int_equal(f.cursor, stops[i - 1]);
	}
	textfield_end(&f);
	assert_int_equal(textfield_backspace(&f), TEXTFIELD_CHANGED);
	assert_string_equal(textfield_text(&f), "a\x80" "b\xe2\x82" "c");
	assert_int_equal(textfield_backspace(&f), TEXTFIELD_CHANGED);
	assert_int_equal(textfield_backspace(&f), TEXTFIELD_CHANGED);
	assert_string_equal(textfield_text(&f), "a\x80" "b\xe2");
	textfield_free(&f);
}

/* No fixed size: a long paste fits whole. */
static void
test_growth(void **state)
{
	struct textfield f = {0};
	size_t n = 10000;

	(void)state;
	for (size_t i = 0; i < n; i++)
		textfield_insert(&f, 'a' + (unsigned)(i % 26));
	assert_int_equal(f.len, n);
	assert_int_equal(strlen(textfield_text(&f)), n);
	assert_int_equal(textfield_text(&f)[n - 1], 'a' + (int)((n - 1) % 26));
	textfield_clear(&f);
	assert_string_equal(textfield_text(&f), "");
	assert_int_equal(f.cursor, 0);
	textfield_free(&f);
	assert_null(f.buf);
}

/* The editing keys of the key table. */
static void
test_keys(void **state)
{
	struct textfield f = {0};

	(void)state;
	assert_int_equal(textfield_key(&f, 'x'), TEXTFIELD_CHANGED);
	assert_int_equal(textfield_key(&f, 0xe9 | TERM_KEY_WIDE),
	    TEXTFIELD_CHANGED);
	assert_string_equal(textfield_text(&f), "x\xc3\xa9");
	assert_int_equal(textfield_key(&f, KEY_LEFT), TEXTFIELD_MOVED);
	assert_int_equal(textfield_key(&f, KEY_HOME), TEXTFIELD_MOVED);
	assert_int_equal(textfield_key(&f, KEY_DC), TEXTFIELD_CHANGED);
	assert_string_equal(textfield_text(&f), "\xc3\xa9");
	assert_int_equal(textfield_key(&f, KEY_END), TEXTFIELD_MOVED);
	assert_int_equal(textfield_key(&f, KEY_RIGHT), TEXTFIELD_SAME);
	assert_int_equal(textfield_key(&f, KEY_BACKSPACE), TEXTFIELD_CHANGED);
	assert_int_equal(textfield_key(&f, KEY_F(3)), TEXTFIELD_SAME);
	assert_int_equal(textfield_key(&f, TERM_KEY_CTRL('a')), TEXTFIELD_SAME);
	textfield_key(&f, 'a');
	textfield_key(&f, 'b');
	assert_int_equal(textfield_key(&f, TERM_KEY_CTRL('u')),
	    TEXTFIELD_CHANGED);
	assert_true(textfield_empty(&f));
	assert_int_equal(textfield_key(&f, TERM_KEY_CTRL('u')), TEXTFIELD_SAME);
	textfield_free(&f);
}

/* The list cursor: clamped, and always on the page. */
static void
test_listnav(void **state)
{
	struct listnav l;
	const size_t page = 10;

	(void)state;
	listnav_reset(&l, 0);
	assert_int_equal(listnav_move(&l, LISTNAV_DOWN, page), 0);
	assert_int_equal(listnav_key(&l, KEY_END, page), 0);
	assert_int_equal(l.cur, 0);

	listnav_reset(&l, 25);
	assert_int_equal(listnav_move(&l, LISTNAV_UP, page), 0);
	assert_int_equal(listnav_key(&l, KEY_DOWN, page), 1);
	assert_int_equal(l.cur, 1);
	assert_int_equal(listnav_key(&l, KEY_NPAGE, page), 1);
	assert_int_equal(l.cur, 11);
	assert_true(l.top <= l.cur && l.cur < l.top + page);
	assert_int_equal(listnav_key(&l, KEY_END, page), 1);
	assert_int_equal(l.cur, 24);
	assert_int_equal(l.top, 15);
	assert_int_equal(listnav_key(&l, KEY_NPAGE, page), 0);
	assert_int_equal(listnav_key(&l, KEY_PPAGE, page), 1);
	assert_int_equal(l.cur, 14);
	assert_int_equal(l.top, 14);
	assert_int_equal(listnav_key(&l, KEY_HOME, page), 1);
	assert_int_equal(l.cur, 0);
	assert_int_equal(l.top, 0);
	assert_int_equal(listnav_key(&l, 'x', page), 0);
	listnav_set(&l, 99, page);
	assert_int_equal(l.cur, 24);
	assert_true(l.top <= l.cur && l.cur < l.top + page);
	/* a page of 0 rows behaves as one */
	listnav_set(&l, 3, 0);
	assert_int_equal(l.top, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_edit),
		cmocka_unit_test(test_stray_bytes),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_listnav),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
