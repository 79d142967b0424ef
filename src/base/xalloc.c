/*
 * xalloc.c - see xalloc.h.  The one place outside main and the terminal
 * code that may end the program: there is nothing sensible to return.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"

_Noreturn void
xalloc_fatal(void)
{
	static const char msg[] = "flowmap: out of memory\n";

	/* write(2): stdio may itself need memory. */
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
		abort();
	exit(1);
}

size_t
xmul(size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		xalloc_fatal();
	return n * size;
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		xalloc_fatal();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		xalloc_fatal();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	size_t bytes = xmul(n, size);

	p = realloc(p, bytes ? bytes : 1);
	if (p == NULL)
		xalloc_fatal();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void *
xgrow_zeroed(void *p, uint32_t *cap, uint32_t i, size_t size)
{
	uint32_t old = *cap, n = old ? old : 64;

	if (i < old)
		return p;
	while (n <= i)
		n *= 2;
	p = xreallocarray(p, n, size);
	memset((char *)p + (size_t)old * size, 0, (size_t)(n - old) * size);
	*cap = n;
	return p;
}
