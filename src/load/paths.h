/*
 * paths.h - the input files of a run: directories expanded.
 *
 * A collector writes a directory of files (nfcapd rotates
 * nfcapd.YYYYMMDDhhmm every five minutes; Zeek rotates its logs), and the
 * analyst names the directory.  Like `nfdump -R`, a directory argument
 * stands for every flow file under it, recursively, in name order; a
 * file in it that is not a flow file (a README, nfcapd's .nfstat, a
 * file of another tool) is skipped, and the skips are summed up in one
 * note.  A flow file is one whose first bytes are gzip, nfcapd, pcap or
 * pcapng, or text in a format flowmap detects (format.h).  Files named
 * as arguments are kept as they are, whatever they hold: reading them
 * says what is wrong.
 *
 * Call order: paths_expand() once, before the paths go anywhere else (the
 * snapshot key, the loader); paths_free() when the run is over, after an
 * error too.  The result owns its strings.
 */
#ifndef FLOWMAP_PATHS_H
#define FLOWMAP_PATHS_H

#include <stddef.h>

struct paths {
	char	**files;
	size_t	  nfiles;
	/* The skipped files, for the note: how many, and the first. */
	size_t	  skipped;
	char	 *first_skipped;
};

/*
 * Expand n arguments ("-" is kept) into p.  Returns 0, or -1 with the
 * reason in err (a directory that cannot be read, one without a single
 * flow file).
 */
int	paths_expand(const char *const *args, size_t n, struct paths *p,
	    char *err, size_t errlen);
/* The note about skipped files, or "" when none were. */
void	paths_note(const struct paths *p, char *buf, size_t size);
void	paths_free(struct paths *p);

#endif
