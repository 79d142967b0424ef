/*
 * escape.h - the one sanitiser for text that comes from data.
 *
 * Computer names, port tokens and pieces of malformed lines end up on a
 * terminal, in messages or on the explorer's screen.  Data must not be able
 * to drive that terminal, so every such string passes escape_text() first:
 * printable ASCII and valid UTF-8 of printable characters pass through;
 * control characters (C0, DEL, C1), backslash, and bytes that are not valid
 * UTF-8 become C-style escapes ("\e", "\x9b", "\\").  The result is always
 * NUL-terminated and truncated with "..." when it does not fit.
 */
#ifndef FLOWMAP_ESCAPE_H
#define FLOWMAP_ESCAPE_H

#include <stddef.h>

/* Escape len bytes of s into out (size bytes, > 4); returns out. */
char	*escape_text(const char *s, size_t len, char *out, size_t size);
/* The whole of the string s escaped, never truncated; free() it. */
char	*escape_dup(const char *s);

#endif
