/*
 * report.c - throttled progress of the embedding stage (see report.h).
 */
#include <stddef.h>

#include "base/clock.h"
#include "embed/report.h"

void
report(struct reporter *r, double fraction, int iter, double kl, int force)
{
	double t;

	if (r->p == NULL || r->p->report == NULL)
		return;
	t = clock_now();
	if (!force && t - r->last < REPORT_EVERY_S)
		return;
	r->last = t;
	r->p->report(r->p->ctx, r->stage, fraction, iter, kl);
}

int
report_cancelled(const struct reporter *r)
{
	return r->p != NULL && r->p->cancelled != NULL &&
	    r->p->cancelled(r->p->ctx);
}

int
report_tick(void *ctx, double fraction)
{
	struct reporter *r = ctx;

	report(r, fraction, 0, -1, fraction >= 1);
	return report_cancelled(r);
}
