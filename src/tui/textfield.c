/*
 * textfield.c - a line of typed text with a cursor (see textfield.h).
 *
 * The buffer doubles when it fills, so typing is amortised O(1) and a
 * pasted name of any length fits.  A character is a UTF-8 lead byte and
 * its continuation bytes (10xxxxxx); a stray byte that is not valid
 * UTF-8 (only textfield_set() can bring one in) counts as a character of
 * its own, so the cursor can always step over it.  What the user typed
 * is data like any other on the screen: it is drawn through
 * escape_text().
 */
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/xalloc.h"
#include "tui/tcurses.h"
#include "tui/term.h"
#include "tui/textfield.h"

#define TEXTFIELD_MIN_CAP	32
#define UTF8_MAX_BYTES		4
#define TEXTFIELD_END_MARK	'_'	/* the cursor past the last character */

static int
is_continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

const char *
textfield_text(const struct textfield *f)
{
	return f->cap > 0 ? f->buf : "";
}

int
textfield_empty(const struct textfield *f)
{
	return f->len == 0;
}

/* Room for `more` bytes and the NUL. */
static void
reserve(struct textfield *f, size_t more)
{
	size_t need = f->len + more + 1;
	int fresh = f->cap == 0;

	if (need <= f->cap)
		return;
	if (f->cap < TEXTFIELD_MIN_CAP)
		f->cap = TEXTFIELD_MIN_CAP;
	while (f->cap < need)
		f->cap = xmul(f->cap, 2);
	f->buf = xreallocarray(f->buf, f->cap, 1);
	if (fresh)
		f->buf[0] = '\0';	/* the empty text: len is 0 */
}

void
textfield_set(struct textfield *f, const char *s)
{
	size_t n = strlen(s);

	f->len = 0;
	reserve(f, n);
	memcpy(f->buf, s, n + 1);
	f->len = n;
	f->cursor = n;
}

void
textfield_clear(struct textfield *f)
{
	f->len = f->cursor = 0;
	if (f->cap > 0)
		f->buf[0] = '\0';
}

void
textfield_free(struct textfield *f)
{
	free(f->buf);
	memset(f, 0, sizeof *f);
}

static size_t
utf8_encode(unsigned cp, char u[UTF8_MAX_BYTES])
{
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (char)(0xf0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

enum textfield_change
textfield_insert(struct textfield *f, unsigned cp)
{
	char u[UTF8_MAX_BYTES];
	size_t n;

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return TEXTFIELD_SAME;
	n = utf8_encode(cp, u);
	reserve(f, n);
	memmove(f->buf + f->cursor + n, f->buf + f->cursor,
	    f->len - f->cursor + 1);
	memcpy(f->buf + f->cursor, u, n);
	f->len += n;
	f->cursor += n;
	return TEXTFIELD_CHANGED;
}

static size_t next_boundary(const struct textfield *f, size_t at);

/* The start of the character before byte offset at: the one whose end
 * (next_boundary) is at, so Left undoes Right even over stray bytes. */
static size_t
prev_boundary(const struct textfield *f, size_t at)
{
	size_t p;

	if (at == 0)
		return 0;
	p = at - 1;
	while (p > 0 && at - p < UTF8_MAX_BYTES &&
	    is_continuation((unsigned char)f->buf[p]))
		p--;
	return next_boundary(f, p) == at ? p : at - 1;
}

/* The end of the character at byte offset at. */
static size_t
next_boundary(const struct textfield *f, size_t at)
{
	unsigned char c;
	size_t n, k;

	if (at >= f->len)
		return f->len;
	c = (unsigned char)f->buf[at];
	n = c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	for (k = 1; k < n && at + k < f->len; k++)
		if (!is_continuation((unsigned char)f->buf[at + k]))
			break;
	return k == n ? at + n : at + 1;
}

static void
cut(struct textfield *f, size_t from, size_t to)
{
	memmove(f->buf + from, f->buf + to, f->len - to + 1);
	f->len -= to - from;
	f->cursor = from;
}

enum textfield_change
textfield_backspace(struct textfield *f)
{
	if (f->cursor == 0)
		return TEXTFIELD_SAME;
	cut(f, prev_boundary(f, f->cursor), f->cursor);
	return TEXTFIELD_CHANGED;
}

enum textfield_change
textfield_delete(struct textfield *f)
{
	if (f->cursor >= f->len)
		return TEXTFIELD_SAME;
	cut(f, f->cursor, next_boundary(f, f->cursor));
	return TEXTFIELD_CHANGED;
}

static enum textfield_change
move_to(struct textfield *f, size_t to)
{
	if (to == f->cursor)
		return TEXTFIELD_SAME;
	f->cursor = to;
	return TEXTFIELD_MOVED;
}

enum textfield_change
textfield_left(struct textfield *f)
{
	return move_to(f, prev_boundary(f, f->cursor));
}

enum textfield_change
textfield_right(struct textfield *f)
{
	return move_to(f, next_boundary(f, f->cursor));
}

enum textfield_change
textfield_home(struct textfield *f)
{
	return move_to(f, 0);
}

enum textfield_change
textfield_end(struct textfield *f)
{
	return move_to(f, f->len);
}

enum textfield_change
textfield_key(struct textfield *f, int key)
{
	switch (key) {
	case KEY_BACKSPACE:
		return textfield_backspace(f);
	case KEY_DC:
		return textfield_delete(f);
	case KEY_LEFT:
		return textfield_left(f);
	case KEY_RIGHT:
		return textfield_right(f);
	case KEY_HOME:
		return textfield_home(f);
	case KEY_END:
		return textfield_end(f);
	case TERM_KEY_CTRL('u'):
		if (f->len == 0)
			return TEXTFIELD_SAME;
		textfield_clear(f);
		return TEXTFIELD_CHANGED;
	default:
		return textfield_insert(f, term_key_char(key));
	}
}

/* len bytes of s, escaped, never truncated; free() it. */
static char *
escaped(const char *s, size_t len)
{
	size_t size = xmul(len, 4) + 5;

	return escape_text(s, len, xmalloc(size), size);
}

int
textfield_draw(const struct textfield *f, int y, int x, int w,
    enum term_role role)
{
	const char *t = textfield_text(f);
	size_t at = next_boundary(f, f->cursor);
	char *before = escaped(t, f->cursor);
	char *under = escaped(t + f->cursor, at - f->cursor);
	char *after = escaped(t + at, f->len - at);
	int cw = *under ? term_width(under) : 1, used;

	if (w <= 0) {
		used = 0;
		goto out;
	}
	/* the end of the text before the cursor, as much as fits */
	term_set(role);
	used = term_text(y, x, w - cw, term_tail(before, w - cw));
	term_set(TERM_CURSOR);
	if (*under)
		used += term_text(y, x + used, w - used, under);
	else if (used < w) {
		term_char(y, x + used, TEXTFIELD_END_MARK);
		used++;
	}
	term_set(role);
	used += term_text(y, x + used, w - used, after);
out:
	free(before);
	free(under);
	free(after);
	return used;
}

void
textfield_prompt_draw(const struct textfield *f, int y, int x, int w,
    const char *label, enum term_role role)
{
	int n;

	term_set(role);
	term_fill(y, x, w);
	n = term_text(y, x, w, label);
	textfield_draw(f, y, x + n, w - n, role);
}
