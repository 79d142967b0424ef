/*
 * headers.c - each file's format, and Zeek's headers met mid-file (see
 * headers.h).
 *
 * Detection and binding look at the first DETECT_BYTES of a file's text;
 * a header further down is bound from its own line.  The run's bound
 * formats are a short list (one per distinct header): a linear search
 * under the lock is all it takes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/xalloc.h"
#include "load/headers.h"

#define DETECT_BYTES	65536	/* text looked at to tell the format */

void
headers_init(struct headers *h)
{
	*h = (struct headers){0};
	pthread_mutex_init(&h->mu, NULL);
}

void
headers_free(struct headers *h)
{
	for (size_t i = 0; i < h->nbound; i++)
		format_free(h->bound[i]);
	free(h->bound);
	pthread_mutex_destroy(&h->mu);
	h->bound = NULL;
	h->nbound = 0;
}

struct format **
headers_take(struct headers *h, size_t *n)
{
	struct format **b = h->bound;

	*n = h->nbound;
	h->bound = NULL;
	h->nbound = 0;
	return b;
}

/* The run's copy of bound format f: takes f. */
static const struct format *
adopt(struct headers *h, struct format *f)
{
	size_t i = 0;

	pthread_mutex_lock(&h->mu);
	while (i < h->nbound && !format_same(h->bound[i], f))
		i++;
	if (i < h->nbound) {
		format_free(f);
		f = h->bound[i];
	} else {
		h->bound = xreallocarray(h->bound, h->nbound + 1,
		    sizeof *h->bound);
		h->bound[h->nbound++] = f;
	}
	pthread_mutex_unlock(&h->mu);
	return f;
}

static int
all_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

const struct format *
headers_first(struct headers *h, const struct format *forced,
    const char *name, const char *text, size_t len, char *err,
    size_t errlen)
{
	const struct format *f = forced;
	char why[200], esc[200];
	size_t n = len < DETECT_BYTES ? len : DETECT_BYTES;
	struct format *bound;

	escape_text(name, strlen(name), esc, sizeof esc);
	if (len == 0)		/* empty: any format reads it */
		return f != NULL ? f : format_table[0];
	if (f == NULL && (f = format_detect(text, n, why, sizeof why)) == NULL) {
		/* Nothing but blank lines so far: as empty as an empty file. */
		if (all_blank(text, len))
			return format_table[0];
		snprintf(err, errlen, "%s: cannot tell the format: %s", esc,
		    why);
		return NULL;
	}
	if (!(f->flags & FORMAT_TEMPLATE))
		return f;
	if ((bound = format_bind(f, text, n, why, sizeof why)) == NULL) {
		snprintf(err, errlen, "%s: %s: %s", esc, f->name, why);
		return NULL;
	}
	return adopt(h, bound);
}

int
headers_scan(struct headers *h, struct headers_chunk *c,
    const struct format **current, const char *text, size_t len,
    uint64_t *lines, const char *name, char *err, size_t errlen)
{
	const char *p = text, *end = text + len, *counted = text;
	uint64_t line = *lines;

	c->first = *current;
	c->n = 0;
	if (!((*current)->flags & FORMAT_COMMENTS) ||
	    (*current)->origin == NULL)
		return 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl != NULL ? nl : end;
		size_t n = (size_t)(eol - p);
		char why[200], esc[200];
		struct format *f;

		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (format_is_rebind(*current, p, n)) {
			for (; counted < p; counted++)
				line += *counted == '\n';
			f = format_bind((*current)->origin, p, n, why,
			    sizeof why);
			if (f == NULL) {
				escape_text(name, strlen(name), esc, sizeof esc);
				snprintf(err, errlen, "%s:%llu: %s: %s", esc,
				    (unsigned long long)line + 1,
				    (*current)->name, why);
				return -1;
			}
			if (c->n == c->cap) {
				c->cap = c->cap ? 2 * c->cap : 4;
				c->at = xreallocarray(c->at, c->cap,
				    sizeof *c->at);
			}
			*current = adopt(h, f);
			c->at[c->n++] = *current;
		}
		p = eol + 1;
	}
	for (; counted < end; counted++)
		line += *counted == '\n';
	*lines = line;
	return 0;
}

void
headers_chunk_free(struct headers_chunk *c)
{
	free(c->at);
	*c = (struct headers_chunk){0};
}
