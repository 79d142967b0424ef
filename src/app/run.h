/*
 * run.h - the stages wired together for the commands (commands.c).
 *
 * run_build_map() is the policy of a map: take it from the snapshot when
 * one was made for the same inputs and options (cache.h), else load the
 * profiles (load.h), build the features and the map (profile/), embed it
 * (embed.h) and save the snapshot.  Nothing here prints: progress and
 * notes go to the sink (the command line's or the explorer's), errors
 * come back in err, and the return value is an exit code.
 */
#ifndef FLOWMAP_APP_RUN_H
#define FLOWMAP_APP_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "app/options.h"
#include "base/sink.h"
#include "load/load.h"
#include "profile/map.h"

#define EXIT_USAGE	2
#define EXIT_INTERRUPT	130

/* Set by the signal handler (or a cancel on the progress screen): the
 * sinks' cancel flag. */
extern volatile sig_atomic_t run_interrupted;
/* SIGINT and SIGTERM set run_interrupted from now on. */
void	run_catch_interrupts(void);

/* The loading stage's options from the command line's. */
void	run_load_options(const struct options *o, const struct sink *s,
	    struct load_options *lo);

/* What run_build_map() makes besides the features. */
enum {
	RUN_EMBED = 1,		/* the functional map */
	RUN_COMMS = 2,		/* the communications map */
};

int	run_build_map(const struct options *o, const struct sink *s,
	    struct map *m, int what, char *err, size_t errlen);
/*
 * Rows to the plane (Y, n x 2), with each row's nearest rows when nearest
 * (n x MAP_NEAREST) is given: the embedding stage with the command line's
 * options.  The rows are X (n x d, dense) or, when X is NULL, S (by their
 * non-zeros; n and d are S's).  Returns 0 or an exit code.
 */
int	run_embed_rows(const struct options *o, const struct sink *s,
	    const float *X, const struct sparse_rows *S, size_t n, size_t d,
	    double *Y, uint32_t *nearest, size_t *nnearest, double *kl,
	    char *err, size_t errlen);

#endif
