/*
 * history.c - back and forward through views (see history.h).
 *
 * A stack that is full drops its oldest state (a shift of 64 small
 * structs, on a key press: nothing to optimise).
 */
#include <string.h>

#include "tui/history.h"

static void
stack_push(struct history_state *v, size_t *n, const struct history_state *s)
{
	if (*n == HISTORY_MAX) {
		memmove(v, v + 1, (HISTORY_MAX - 1) * sizeof *v);
		(*n)--;
	}
	v[(*n)++] = *s;
}

void
history_push(struct history *h, const struct history_state *now,
    enum history_kind kind)
{
	if (kind == HISTORY_STEP && h->in_steps)
		return;
	h->in_steps = kind == HISTORY_STEP;
	stack_push(h->back, &h->nback, now);
	h->nforward = 0;
}

int
history_back(struct history *h, struct history_state *now)
{
	if (h->nback == 0)
		return -1;
	stack_push(h->forward, &h->nforward, now);
	*now = h->back[--h->nback];
	h->in_steps = 0;
	return 0;
}

int
history_forward(struct history *h, struct history_state *now)
{
	if (h->nforward == 0)
		return -1;
	stack_push(h->back, &h->nback, now);
	*now = h->forward[--h->nforward];
	h->in_steps = 0;
	return 0;
}
