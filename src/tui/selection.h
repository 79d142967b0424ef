/*
 * selection.h - a set of computers the user chose: a cluster, a mark
 * label, a box drawn on the map, the matches of a search, everything in
 * view.  The explorer shows it on both maps, counts it, lists it and
 * writes it out (`w`).
 *
 * The set is a flag per computer (`in`, read by the raster for every
 * point, so a test is one byte) and the members in map order (`rows`,
 * the order `flowmap embed -o` writes them), kept in step by every
 * selection_from_*(), and `gen` counts the changes (the raster keeps
 * what it drew while it stays).  `what` says how it was made, in words for the
 * status line ("cluster 3", "box", "mark \"dns\""); the caller writes it
 * (escaping what comes from data).
 *
 * No curses: the unit test (tests/unit/test_selection.c) drives it.
 * Call order: selection_init() with the map's size, any selection_*(),
 * selection_free().  The selection owns its arrays.
 */
#ifndef FLOWMAP_TUI_SELECTION_H
#define FLOWMAP_TUI_SELECTION_H

#include <stddef.h>
#include <stdint.h>

#include "profile/map.h"

#define SELECTION_WHAT_MAX	96

/* The orders of the selection list (a key cycles them). */
enum selection_order {
	SELECTION_BY_NAME,
	SELECTION_BY_FLOWS,	/* most first */
	SELECTION_BY_BYTES,	/* most first */
	SELECTION_BY_CLUSTER,	/* cluster number, then name; none last */
	SELECTION_NORDERS
};

struct selection {
	size_t	 ncomputers;
	uint8_t	*in;		/* per computer: 1 when a member */
	size_t	*rows;		/* the members, in map order */
	size_t	 n;
	char	 what[SELECTION_WHAT_MAX];
	unsigned long gen;	/* one up at each change of the members */
};

void	selection_init(struct selection *s, size_t ncomputers);
void	selection_free(struct selection *s);
/* Empty. */
void	selection_clear(struct selection *s);
/* The members of cluster c (an index of m->clusters). */
void	selection_from_cluster(struct selection *s, const struct map *m,
	    size_t c);
/* The computers carrying mark label `label` (an index of m->marks). */
void	selection_from_mark(struct selection *s, const struct map *m,
	    size_t label);
/* The computers whose place lies in the box (corners in any order), on
 * the functional map, or on the communications map when `comms`. */
void	selection_from_box(struct selection *s, const struct map *m,
	    int comms, double x0, double y0, double x1, double y1);
/* The computers flagged in flags[0..ncomputers) (non-zero). */
void	selection_from_flags(struct selection *s, const uint8_t *flags);
/* The members sorted by `order` into out (s->n entries). */
void	selection_sorted(const struct selection *s, const struct map *m,
	    enum selection_order order, size_t *out);
/* "name", "flows", "bytes", "cluster". */
const char *selection_order_name(enum selection_order order);
/* The bounding box of the members on a map (functional, or comms);
 * -1 when the selection is empty. */
int	selection_box(const struct selection *s, const struct map *m,
	    int comms, double *x0, double *y0, double *x1, double *y1);
/* The member nearest the members' mean on that map, SIZE_MAX if none. */
size_t	selection_centre(const struct selection *s, const struct map *m,
	    int comms);

#endif
