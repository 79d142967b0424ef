/*
 * progress.h - progress lines on stderr for long work: the command line's
 * sink (base/sink.h).
 *
 * Shown only when stderr is a terminal and the user did not ask for
 * --quiet; redrawn at most a few times a second on one line, which
 * progress_end() clears.  Meant to be called from one thread at a time.
 */
#ifndef FLOWMAP_PROGRESS_H
#define FLOWMAP_PROGRESS_H

#include <stdint.h>

#include "base/eta.h"
#include "base/sink.h"

struct progress {
	int	 quiet;		/* no notes either */
	int	 enabled;
	char	 stage[32];
	double	 start, last;
	struct eta eta;		/* of the stage: its time left */
	int	 drawn;
};

void	progress_init(struct progress *p, int quiet);
void	progress_stage(struct progress *p, const char *stage);
/* Bytes done of total (0 = unknown): rate and ETA. */
void	progress_bytes(struct progress *p, uint64_t done, uint64_t total);
/* A fraction of work, with an optional note such as "KL 1.234". */
void	progress_fraction(struct progress *p, double fraction,
	    const char *note);
void	progress_end(struct progress *p);
/*
 * The sink of the command line: stages and progress on the line, notes as
 * "flowmap: ..." lines (none with quiet), cancel the flag the signal
 * handler sets.
 */
void	progress_sink(struct progress *p, struct sink *s,
	    volatile sig_atomic_t *cancel);

#endif
