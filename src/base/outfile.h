/*
 * outfile.h - writing a result file without ever leaving half of one.
 *
 * outfile_open() creates a temporary file beside the target; the caller
 * writes to its FILE; outfile_commit() flushes, syncs and renames it over
 * the target, outfile_abort() removes it.  A crash or Ctrl-C in between
 * leaves the old target untouched.  "-" writes to standard output; an
 * existing target that is not a regular file (/dev/null, a FIFO) is
 * written directly, never replaced.
 */
#ifndef FLOWMAP_OUTFILE_H
#define FLOWMAP_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE	*f;
	char	*path;		/* the target */
	char	*tmp;		/* NULL for stdout and direct */
	int	 direct;	/* an existing device or pipe, written as is */
};

int	outfile_open(struct outfile *o, const char *path, char *err,
	    size_t errlen);
int	outfile_commit(struct outfile *o, char *err, size_t errlen);
void	outfile_abort(struct outfile *o);

#endif
