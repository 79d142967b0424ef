/*
 * report.h - progress of the embedding stage, throttled; for embed.c and
 * tsne.c only (the caller's callbacks: embed.h).
 */
#ifndef FLOWMAP_EMBED_REPORT_H
#define FLOWMAP_EMBED_REPORT_H

#include "embed/embed.h"

#define REPORT_EVERY_S	0.2	/* seconds between progress reports */

struct reporter {
	const struct embed_progress *p;
	const char		    *stage;
	double			     last;
};

/* Report when forced or when REPORT_EVERY_S have passed since the last. */
void	report(struct reporter *r, double fraction, int iter, double kl,
	    int force);
int	report_cancelled(const struct reporter *r);
/* The tick of pca.h and knn.h (ctx: a reporter): report, and ask
 * whether to stop. */
int	report_tick(void *ctx, double fraction);

#endif
