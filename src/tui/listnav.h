/*
 * listnav.h - the cursor and scroll of a list view: the port selector
 * today, the cluster list and the selection pane tomorrow.
 *
 * A list of n rows shows `page` of them from row `top`; the cursor row
 * `cur` is always on the page.  The view that owns the list sets n
 * (listnav_reset() after refiltering) and draws rows top..top+page-1;
 * listnav_key() moves the cursor for Up, Down, PgUp, PgDn, Home and End.
 * No curses in the arithmetic: the unit tests drive listnav_move().
 */
#ifndef FLOWMAP_TUI_LISTNAV_H
#define FLOWMAP_TUI_LISTNAV_H

#include <stddef.h>

struct listnav {
	size_t	n;		/* rows */
	size_t	cur;		/* the cursor row, < n unless n is 0 */
	size_t	top;		/* the first row shown */
};

enum listnav_step {
	LISTNAV_UP,
	LISTNAV_DOWN,
	LISTNAV_PAGE_UP,
	LISTNAV_PAGE_DOWN,
	LISTNAV_FIRST,
	LISTNAV_LAST
};

/* n rows, the cursor on the first. */
void	listnav_reset(struct listnav *l, size_t n);
/* Put the cursor on row `row` (clamped) and keep it on the page. */
void	listnav_set(struct listnav *l, size_t row, size_t page);
/* One step; returns 1 when the cursor moved. */
int	listnav_move(struct listnav *l, enum listnav_step step, size_t page);
/* The step of a key (as term_getkey() returns it); 1 when it moved. */
int	listnav_key(struct listnav *l, int key, size_t page);

#endif
