/*
 * headers.h - the formats of a run's files: told from each file's first
 * text, bound to its header, and bound again at every Zeek "#fields" line
 * met further down.
 *
 * Files are read in parallel, and files whose headers bind the same way
 * share one bound format, so they share parsers too: headers_adopt()
 * keeps the run's copies, under a lock.  Zeek writes a new "#fields" line
 * when logs are concatenated across a restart or an upgrade, maybe with
 * other columns.  The thread that reads a file meets its chunks in order,
 * so it binds each such line it finds (headers_scan()) and notes the
 * formats in the chunk; the parser of the chunk switches at the same
 * lines (headers_line()), so every chunk is read right whichever thread
 * takes it.  Only the formats that can be bound again pay for counting
 * lines in the reader, so that a header that lacks a needed column is an
 * error naming its line.
 *
 * Call order: headers_init(); per file, headers_first() on its first
 * chunk, then headers_scan() on every chunk in order (the first too), by
 * the thread that reads the file; a chunk's parser follows headers_line().
 * headers_take() hands the bound formats to their owner, who frees them
 * with format_free(); headers_free() last.
 */
#ifndef FLOWMAP_HEADERS_H
#define FLOWMAP_HEADERS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "load/format.h"

struct headers {
	pthread_mutex_t		 mu;
	struct format		**bound;
	size_t			 nbound;
};

/* The formats of one chunk: of its first line, and of its "#fields"
 * lines in order. */
struct headers_chunk {
	const struct format	*first;
	const struct format	**at;
	size_t			 n, cap;
};

void		 headers_init(struct headers *h);
/* Frees the formats not taken. */
void		 headers_free(struct headers *h);
struct format	**headers_take(struct headers *h, size_t *n);
/*
 * The format of a file whose first text is text (len 0: an empty file):
 * forced (NULL: detected; nothing but blank lines reads as the table's
 * first), bound to the header when it is a template.  NULL with
 * "NAME: why" in err.
 */
const struct format *headers_first(struct headers *h,
		    const struct format *forced, const char *name,
		    const char *text, size_t len, char *err, size_t errlen);
/*
 * Note in c the formats of a chunk of text read with *current, binding
 * its "#fields" lines; *current becomes the format after the chunk, and
 * *lines (the lines before the chunk) the lines after it.  0, or -1 with
 * "NAME:LINE: format: why" in err.
 */
int		 headers_scan(struct headers *h, struct headers_chunk *c,
		    const struct format **current, const char *text,
		    size_t len, uint64_t *lines, const char *name, char *err,
		    size_t errlen);
/* The format of a line of the chunk: f, or the next noted one at a
 * "#fields" line; *k counts them, from 0 at the chunk's start. */
static inline const struct format *
headers_line(const struct headers_chunk *c, size_t *k,
    const struct format *f, const char *line, size_t len)
{
	if (*k < c->n && format_is_rebind(f, line, len))
		return c->at[(*k)++];
	return f;
}
void		 headers_chunk_free(struct headers_chunk *c);

#endif
