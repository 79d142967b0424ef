/*
 * detail.h - the detail pane of the selected computer: its name, totals,
 * the bars of its distributions (p^(1/T)) and its most similar computers.
 * Draws into e->panerect; it has no keys of its own (the map's keys v, f,
 * b, s, t, T, r and 1-5 act on what it shows).
 */
#ifndef FLOWMAP_TUI_DETAIL_H
#define FLOWMAP_TUI_DETAIL_H

#include <stddef.h>

#include "tui/explorer.h"

void	detail_draw(struct explorer *e);
/* p^(1/T) renormalised over the n bins into q (sums to 1, or all 0). */
void	detail_temper(const float *p, size_t n, double T, double *q);

#endif
