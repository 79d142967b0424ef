/*
 * listnav.c - the cursor of a list view (see listnav.h).
 *
 * Invariant after every call: n is 0 and cur, top are 0; or cur < n and
 * top <= cur < top + page.
 */
#include "tui/tcurses.h"
#include "tui/listnav.h"

static void
keep_on_page(struct listnav *l, size_t page)
{
	if (page == 0)
		page = 1;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + page)
		l->top = l->cur - page + 1;
}

void
listnav_reset(struct listnav *l, size_t n)
{
	l->n = n;
	l->cur = l->top = 0;
}

void
listnav_set(struct listnav *l, size_t row, size_t page)
{
	if (l->n == 0)
		return;
	l->cur = row < l->n ? row : l->n - 1;
	keep_on_page(l, page);
}

int
listnav_move(struct listnav *l, enum listnav_step step, size_t page)
{
	size_t was = l->cur, last;

	if (l->n == 0)
		return 0;
	last = l->n - 1;
	switch (step) {
	case LISTNAV_UP:
		if (l->cur > 0)
			l->cur--;
		break;
	case LISTNAV_DOWN:
		if (l->cur < last)
			l->cur++;
		break;
	case LISTNAV_PAGE_UP:
		l->cur = l->cur > page ? l->cur - page : 0;
		break;
	case LISTNAV_PAGE_DOWN:
		l->cur = l->cur + page < last ? l->cur + page : last;
		break;
	case LISTNAV_FIRST:
		l->cur = 0;
		break;
	case LISTNAV_LAST:
		l->cur = last;
		break;
	}
	keep_on_page(l, page);
	return l->cur != was;
}

int
listnav_key(struct listnav *l, int key, size_t page)
{
	static const struct {
		int			key;
		enum listnav_step	step;
	} steps[] = {
		{ KEY_UP, LISTNAV_UP },
		{ KEY_DOWN, LISTNAV_DOWN },
		{ KEY_PPAGE, LISTNAV_PAGE_UP },
		{ KEY_NPAGE, LISTNAV_PAGE_DOWN },
		{ KEY_HOME, LISTNAV_FIRST },
		{ KEY_END, LISTNAV_LAST },
	};

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (steps[i].key == key)
			return listnav_move(l, steps[i].step, page);
	return 0;
}
