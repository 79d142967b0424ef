/*
 * export.h - `w`: the selection written as TSV, the columns of `flowmap
 * embed -o`, through a one-line prompt for the file name.
 *
 * export_open() (bound to w) fills the prompt with a fresh name;
 * export_confirm() (Enter) writes and leaves a note in the status line,
 * what was written or why not; export_free() at the end.  Its state is
 * e->ex_name.  export_fresh_name() and export_write() know no curses
 * (the unit test calls them).
 */
#ifndef FLOWMAP_TUI_EXPORT_H
#define FLOWMAP_TUI_EXPORT_H

#include <stddef.h>

#include "tui/explorer.h"

#define EXPORT_EXISTS	(-2)	/* export_write(): the file is there */

/* flowmap-selection-N.tsv, the first that does not exist in the working
 * directory; 0, or -1 when none is free. */
int	export_fresh_name(char *buf, size_t size);
/* The rows[0..n) of m to path, never over an existing file: 0,
 * EXPORT_EXISTS, or -1 with the reason in err. */
int	export_write(const struct map *m, const size_t *rows, size_t n,
	    const char *path, char *err, size_t errlen);

void	export_draw(struct explorer *e);
void	export_free(struct explorer *e);
enum tui_reaction export_open(struct explorer *, int);
enum tui_reaction export_edit(struct explorer *, int);
enum tui_reaction export_confirm(struct explorer *, int);

#endif
