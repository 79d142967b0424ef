/*
 * errbuf.h - the message of a failed call.
 *
 * Library code never prints: a function that fails fills the caller's
 * buffer (err, errlen) with one line saying what went wrong, and only main
 * and the explorer show it.  A NULL or empty buffer is allowed.
 */
#ifndef FLOWMAP_BASE_ERRBUF_H
#define FLOWMAP_BASE_ERRBUF_H

#include <stddef.h>

void	errbuf_set(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
