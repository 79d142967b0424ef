/*
 * xalloc.h - allocation that cannot fail quietly.
 *
 * Running out of memory is not an error flowmap can recover from halfway
 * through an aggregation, so every allocation goes through these helpers,
 * which end the program with one message (htop's xMalloc).  Array sizes are
 * checked for overflow before multiplying.
 */
#ifndef FLOWMAP_XALLOC_H
#define FLOWMAP_XALLOC_H

#include <stddef.h>
#include <stdint.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* n * size, or a fatal error when it overflows. */
size_t	 xmul(size_t n, size_t size);
/*
 * Grow the array p of *cap entries of `size` bytes so that index i exists,
 * doubling; new entries are zero.  Returns the array (moved or not).
 */
/* Out of memory somewhere else (a library's allocation): the same end. */
_Noreturn void xalloc_fatal(void);
void	*xgrow_zeroed(void *p, uint32_t *cap, uint32_t i, size_t size);

#endif
