/*
 * run.h - the stages of a run wired together, for the commands of main.
 *
 * run_load() is the pass over the flow files; run_build_map() goes on to
 * the profiles, the features, the map and its embeddings, or reads all of
 * it from a snapshot.  Each prints its stage's messages (with names
 * escaped) and returns 0 or an exit code.  Progress goes to a struct
 * run_sink: a line on stderr, or the explorer's progress screen, which is
 * also where the user cancels.  Ctrl-C sets run_interrupted.
 */
#ifndef FLOWMAP_RUN_H
#define FLOWMAP_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "load/load.h"
#include "profile/map.h"
#include "app/options.h"
#include "app/progress.h"

#define EXIT_USAGE	2
#define EXIT_INTERRUPT	130

/* Check what options_parse() cannot: the --columns map.  Returns 0, or
 * -1 with the message in err (a usage error). */
int	run_check_options(const struct options *o, char *err, size_t errlen);

/* Set by the signal handler (or a cancel on the progress screen). */
extern volatile sig_atomic_t run_interrupted;

/*
 * Where progress goes: a line on stderr (when it is a terminal), or the
 * explorer's progress screen, which also says when the user cancels.
 */
struct run_sink {
	int		 tui;
	struct progress	 pr;
	char		 stage[32];
	double		 stage_start;
};

/* What run_build_map() makes besides the features. */
enum {
	RUN_EMBED = 1,		/* the functional map */
	RUN_COMMS = 2,		/* the communications map */
};

/* A pass over the flows, with TALLY_* flags; kept and bins: NULL, or
 * what a rank or bins pass needs (tally.h). */
int	run_load(const struct options *o, int profiles,
	    const struct names *kept, const struct tally_ports *bins,
	    struct load_result *r, struct run_sink *k);
int	run_build_map(const struct options *o, struct run_sink *k,
	    struct map *m, int what);
/*
 * Rows X (n x d) to the plane (Y, n x 2): PCA to --pca-dims, then t-SNE;
 * with nearest (n x MAP_NEAREST), each row's nearest rows too.
 */
int	run_embed_rows(const struct options *o, const float *X, size_t n,
	    size_t d, struct run_sink *k, double *Y, uint32_t *nearest,
	    size_t *nnearest, double *kl);

#endif
