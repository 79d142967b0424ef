/*
 * progress.h - progress lines on stderr for long work.
 *
 * Shown only when stderr is a terminal and the user did not ask for
 * --quiet; redrawn at most a few times a second on one line, which
 * progress_end() clears.  Meant to be called from one thread at a time.
 */
#ifndef FLOWMAP_PROGRESS_H
#define FLOWMAP_PROGRESS_H

#include <stdint.h>

struct progress {
	int	 enabled;
	char	 stage[32];
	double	 start, last;
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
/* Callback shapes for load_options.progress. */
void	progress_load_cb(void *ctx, uint64_t done, uint64_t total);

#endif
