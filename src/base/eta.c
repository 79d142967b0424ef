/*
 * eta.c - the time a stage has left (see eta.h).
 *
 * Samples are kept at least 1/ETA_SAMPLES of the elapsed time apart (a
 * sample closer than that to the last replaces nothing and is dropped), so
 * the ring always reaches back over about the elapsed time, whatever the
 * stage's length, and the recent stretch can be found in it.
 */
#include "base/eta.h"

void
eta_start(struct eta *e, double now)
{
	e->start = now;
	e->n = e->head = 0;
}

static void
remember(struct eta *e, double now, double f)
{
	size_t last = (e->head + e->n + ETA_SAMPLES - 1) % ETA_SAMPLES;

	if (e->n > 0 && now - e->t[last] < (now - e->start) / ETA_SAMPLES)
		return;
	if (e->n == ETA_SAMPLES) {
		e->head = (e->head + 1) % ETA_SAMPLES;
		e->n--;
	}
	last = (e->head + e->n) % ETA_SAMPLES;
	e->t[last] = now;
	e->f[last] = f;
	e->n++;
}

double
eta_left(struct eta *e, double now, double f)
{
	double el = now - e->start, window, left;

	if (f >= 1)
		return 0;
	remember(e, now, f);
	if (f < 0.01 || el <= 0)
		return -1;
	left = el * (1 - f) / f;
	window = el / 4 > ETA_WINDOW_MIN ? el / 4 : ETA_WINDOW_MIN;
	/* The oldest sample inside the recent stretch. */
	for (size_t i = 0; i < e->n; i++) {
		size_t k = (e->head + i) % ETA_SAMPLES;
		double dt = now - e->t[k], df = f - e->f[k];

		if (dt > window)
			continue;
		if (dt > 0 && df > 0 && dt * (1 - f) / df > left)
			left = dt * (1 - f) / df;
		break;
	}
	return left;
}
