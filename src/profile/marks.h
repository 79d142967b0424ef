/*
 * marks.h - the user's own knowledge laid over the map (--mark FILE).
 *
 * A marks file has one `computer,label` line per mark, comma- or
 * tab-separated (a line with a tab is split at its first tab, else at its
 * first comma, so a label may hold the other), with an optional header
 * line (its first field "computer", "host", "name", "device" or "ip"),
 * blank lines and '#' comments: a list of known servers, or of indicators
 * of compromise.  A computer may carry several labels, from one file or
 * several.  Names are matched exactly.  A computer that is not in the map
 * is counted, never an error; a line that is not `computer,label` is.
 *
 * Call order: marks_read() on a built map; it fills m->marks.  Nothing is
 * printed; the caller shows the summary.
 */
#ifndef FLOWMAP_PROFILE_MARKS_H
#define FLOWMAP_PROFILE_MARKS_H

#include <stddef.h>

#include "profile/map.h"

#define MARKS_LABEL_MAX	200	/* bytes of a label; longer is an error */

struct marks_summary {
	size_t	lines;		/* marks read */
	size_t	unknown;	/* of them, computers not in the map */
	char	first_unknown[64];	/* escaped, for the message */
};

/* 0, or -1 with "file:line: what" in err (m->marks is then empty). */
int	marks_read(struct map *m, const char *const *paths, size_t npaths,
	    struct marks_summary *sum, char *err, size_t errlen);

#endif
