/*
 * fold.h - the fold of a tally's cells; tally.c's interface to fold.c, for
 * no one else (what a fold does and why: tally.h).
 */
#ifndef FLOWMAP_FOLD_H
#define FLOWMAP_FOLD_H

#include <stdint.h>

#include "load/tally.h"

/* Fold now, and set fold_at and fold_old for the next one. */
void		 fold_cells(struct tally *t);
/* The cells.count at which to fold next: after `grown` more cells, or
 * sooner where the cells would reach the budget. */
uint32_t	 fold_next(const struct tally *t, uint32_t grown);

#endif
