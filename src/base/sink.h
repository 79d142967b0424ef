/*
 * sink.h - where a stage's progress, notes and cancellation go.
 *
 * The stages never print.  Long work reports to a sink: a stage begins,
 * progress within it, notes for the user (a skipped malformed line, a
 * second pass and why), and a flag that says stop.  The command line
 * implements it as a progress line and messages on stderr
 * (app/progress.c), the explorer as its progress screen and a list of
 * notes it can show later (tui/loadscreen.c).
 *
 * Threads: every callback is called from the thread that called the
 * stage, never from its workers.  The cancel flag is read by any thread;
 * a callback (or a signal handler) sets it.
 */
#ifndef FLOWMAP_BASE_SINK_H
#define FLOWMAP_BASE_SINK_H

#include <signal.h>
#include <stdint.h>

struct sink_progress {
	double		 fraction;	/* of the stage, 0..1; < 0 unknown */
	uint64_t	 bytes, total;	/* input bytes read of total (0:
					   unknown), or both 0 */
	int		 iter;		/* optimiser iteration, or 0 */
	double		 kl;		/* its KL divergence, or < 0 */
};

struct sink {
	/* A stage begins: a few words ("loading", "ranking ports"). */
	void	(*stage)(void *ctx, const char *name);
	void	(*progress)(void *ctx, const struct sink_progress *p);
	/* A note for the user in words, names already escaped. */
	void	(*note)(void *ctx, const char *text);
	void	 *ctx;
	/* Set to stop: the stage returns soon, saying it was cancelled. */
	volatile sig_atomic_t *cancel;
};

/* The calls, each a no-op on a NULL sink or callback. */
void	sink_stage(const struct sink *s, const char *name);
void	sink_progress(const struct sink *s, const struct sink_progress *p);
void	sink_fraction(const struct sink *s, double fraction);
void	sink_note(const struct sink *s, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	sink_cancelled(const struct sink *s);

#endif
