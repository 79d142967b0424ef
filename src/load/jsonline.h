/*
 * jsonline.h - one JSON object per line, read without building a tree.
 *
 * Zeek's JSON logs write one object per line, and flowmap needs a dozen
 * of its members.  jsonline_scan() walks the object once, checks that it
 * is well formed JSON, and notes where the value of each wanted key is;
 * nothing is allocated and nothing is copied.  The members of an object
 * nested one level down are found as "outer.inner", so Zeek's nested
 * "id": {"orig_h": ...} reads like its flat "id.orig_h".  Other nested
 * values are checked and skipped, to JSONLINE_MAX_DEPTH levels.
 *
 * Call order: jsonline_scan() on a line with the wanted keys, then read
 * each value, through jsonline_unescape() when it is a string with
 * escapes.  The values point into the line, which the caller keeps.
 */
#ifndef FLOWMAP_JSONLINE_H
#define FLOWMAP_JSONLINE_H

#include <stddef.h>

#define JSONLINE_MAX_DEPTH	32

enum json_kind {
	JSON_ABSENT = 0,	/* the key is not in the object */
	JSON_STRING,		/* s, len: the text between the quotes */
	JSON_NUMBER,		/* s, len: the number as written */
	JSON_TRUE,
	JSON_FALSE,
	JSON_NULL,
	JSON_NESTED		/* an object or an array */
};

struct json_value {
	enum json_kind	 kind;
	const char	*s;
	size_t		 len;
	int		 escaped;	/* a string holding backslashes */
};

/*
 * Scan the object on line (len bytes, no terminator).  out[i] gets the
 * value of keys[i] (keylen[i] bytes), JSON_ABSENT when missing; a key
 * given twice keeps its last value, as most readers do.  Returns NULL, or
 * what is wrong with the line, for a message.
 */
const char	*jsonline_scan(const char *line, size_t len,
		    const char *const *keys, const size_t *keylen, int nkeys,
		    struct json_value *out);
/*
 * The text of a string value with its escapes decoded (\uXXXX as UTF-8),
 * into buf of size bytes: its length, or -1 when it does not fit or an
 * escape is bad.
 */
long		 jsonline_unescape(const struct json_value *v, char *buf,
		    size_t size);

#endif
