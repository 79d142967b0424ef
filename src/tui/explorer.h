/*
 * explorer.h - the explorer's shared state and the reactions of its key
 * handlers; every view includes this, and nothing else of another view.
 *
 * One struct explorer holds what the views read: the map (read only,
 * owned by the caller of tui_run), the names as shown (escaped once),
 * the layout, a raster and view transform per map kind (functional: x,
 * y; communications: cx, cy), the selection (computer, port or protocol
 * bin), the temperature, and the state each view keeps (the port
 * selector's list and filter, the search field, the help's scroll), each
 * marked with the file that owns it.
 *
 * Two maps, one selection.  The keys act on the active map (`c` switches
 * it): its centre is the cursor, and the selection is the computer nearest
 * to it.  The selected computer, the colours and the zoom factor are
 * shared: switching centres the other map on the selected computer at the
 * same zoom.  In the split screen (`C`) the functional map is at the left,
 * the communications map at the right; the inactive one follows, centred
 * on the selected computer at the active one's zoom.
 *
 * Views and reactions (htop's Htop_Reaction).  Each view has a header
 * (mapview.h, detail.h, portsel.h, search.h, help.h, bars.h) with its
 * *_draw function, which only reads the state, and its key handlers,
 * which change the state and never draw, never call another view: they
 * return what should happen next, as a set of TUI_* flags.  keys.c binds
 * keys (and mouse events) to handlers; tui.c runs the loop and acts:
 *
 *   key -> keys_find(view, key) -> handler -> reaction
 *   TUI_QUIT:     leave the loop
 *   TUI_MOUSE:    term_mouse(e->mouse)
 *   TUI_LAYOUT:   explorer_layout() and mapview_resize()     -> REBUILD
 *   TUI_RECOLOUR: mapview_recolor(), the roles of the bin    -> REBUILD
 *   TUI_CENTRE:   mapview_centre(), the cursor on e->sel     -> REBUILD
 *   TUI_REBUILD:  mapview_rebuild(), the raster              -> REDRAW
 *   TUI_REPAINT:  every cell sent again                      -> REDRAW
 *   TUI_REDRAW:   draw every visible view, refresh
 *
 * A new view: its state here, a VIEW_* value, a header and a .c file with
 * *_draw and handlers, rows in keys.c, a case in tui.c's frame_draw().
 */
#ifndef FLOWMAP_TUI_EXPLORER_H
#define FLOWMAP_TUI_EXPLORER_H

#include <stddef.h>
#include <stdint.h>

#include "profile/map.h"
#include "tui/canvas.h"
#include "tui/layout.h"
#include "tui/listnav.h"
#include "tui/textfield.h"
#include "tui/tui.h"

/* What a key handler asks of the loop: an OR of these. */
enum tui_reaction {
	TUI_NONE	= 0,
	TUI_REDRAW	= 1 << 0,	/* the state changed: draw a frame */
	TUI_REBUILD	= 1 << 1,	/* the raster changed too */
	TUI_RECOLOUR	= 1 << 2,	/* the port or protocol bin changed */
	TUI_CENTRE	= 1 << 3,	/* centre the active map on e->sel */
	TUI_LAYOUT	= 1 << 4,	/* the pane or the split changed */
	TUI_REPAINT	= 1 << 5,	/* send every cell again (C-l) */
	TUI_MOUSE	= 1 << 6,	/* e->mouse changed */
	TUI_QUIT	= 1 << 7
};

enum tui_view {
	VIEW_MAP,
	VIEW_PORTSEL,
	VIEW_SEARCH,
	VIEW_HELP,
	VIEW_NVIEWS
};

/* What colours the map: nothing, a port bin or a protocol bin. */
enum sel_kind {
	SEL_NONE,
	SEL_PORT,
	SEL_PROTO
};

/* The measure of the detail pane's bars: the offset of its distribution
 * from MAP_IN_FLOWS (and from MAP_OUT_FLOWS), as in enum map_dist. */
enum measure {
	MEASURE_FLOWS = MAP_IN_FLOWS,
	MEASURE_BYTES = MAP_IN_BYTES,
	MEASURE_SECONDS = MAP_IN_SECONDS,
	NMEASURES
};

/* The two maps: by features (x, y) and by peers (cx, cy). */
enum mapkind {
	MAPKIND_FUNCTIONAL,	/* drawn in the left half of a split */
	MAPKIND_COMMS,		/* in the right half */
	NMAPKINDS
};

/* One map on the screen: its rectangle, raster and view transform. */
struct mappane {
	struct rect	 rect;
	struct canvas	 canvas;
	struct canvas_view cv;
	int		 view_ready;	/* cv initialised */
	size_t		 inview;	/* computers inside the rectangle */
};

#define TUI_T_MIN		0.1
#define TUI_T_MAX		10.0
#define TUI_T_STEP		1.25
#define TUI_ZOOM_STEP		1.5
#define TUI_MESSAGE_MAX		160	/* a note of ours in the status line */
#define TUI_ECHO_MAX		64	/* bytes of typed text a note repeats */

struct explorer {
	const struct map		*m;
	const struct tui_options	*o;
	enum tui_view			 view;

	/* what the data says, escaped once for the screen (explorer.c);
	 * each is whole, never truncated: the screen clips by width */
	char		 *title;	/* o->title */
	char		**names;	/* per computer */
	char		**port_labels;	/* per port bin */
	char		**proto_labels;	/* per protocol bin */

	/* layout */
	int		 lines, cols;
	int		 too_small;
	int		 pane;		/* the detail pane is wanted */
	int		 split;		/* both maps shown side by side */
	struct rect	 title_rect, maprect, panerect, status;
	struct rect	 rule;		/* split: between the halves */

	/* the maps, per-computer role and disc radius (mapview.c) */
	struct mappane	 maps[NMAPKINDS];
	enum mapkind	 active;	/* the map the keys act on */
	enum canvas_style style;
	int		 letters;	/* roles as S/Q/B: no colours */
	uint8_t		*role;		/* per computer: enum canvas_role */
	uint8_t		*radius;	/* per computer */
	size_t		 nrole[CANVAS_NROLES];	/* computers per role */

	/* the selection */
	size_t		 sel;		/* computer, SIZE_MAX for none */
	size_t		 cycle;		/* sel is the cycle-th nearest */
	enum sel_kind	 kind;
	size_t		 bin;
	double		 T;
	enum measure	 measure;

	/* the mouse: capture on, and the cell of the event being handled */
	int		 mouse;
	int		 pointer_y, pointer_x;

	/* the port selector (portsel.c) */
	enum sel_kind	 ps_kind;	/* the list shown: ports or protocols */
	struct textfield ps_filter;
	size_t		*ps_rows;	/* bins matching the filter, in order */
	struct listnav	 ps_list;	/* over ps_rows */

	/* the search (search.c) */
	struct textfield search;
	char		*search_last;	/* the last pattern, for Enter on empty */

	/* the help (help.c) */
	int		 help_top;

	/* one-frame note in the status line (bars.c clears it) */
	char		 message[TUI_MESSAGE_MAX];
};

/*
 * explorer.c.  Call order: explorer_init() (the names escaped, the
 * defaults), explorer_layout() on start, on KEY_RESIZE and on TUI_LAYOUT,
 * explorer_free() at the end (after each view's *_free).
 */
void	explorer_init(struct explorer *e, const struct map *m,
	    const struct tui_options *o);
void	explorer_free(struct explorer *e);
/* The rectangles for a lines x cols terminal; a split that no longer
 * fits ends, with a note. */
void	explorer_layout(struct explorer *e, int lines, int cols);
/* The bins of a kind (ports or protocols), their count and labels. */
const struct map_bin *explorer_bins(const struct explorer *e,
	    enum sel_kind kind, size_t *n, char *const **labels);
/* The label of the bin that colours the map, or NULL. */
const char *explorer_sel_label(const struct explorer *e);
/* "functional", "communications". */
const char *explorer_map_name(enum mapkind k);
/* "flows", "bytes", "seconds". */
const char *explorer_measure_name(enum measure m);
/* The handler that leaves a view for the map (Esc, and q in the help). */
enum tui_reaction explorer_back_to_map(struct explorer *e, int key);
/* A note for the status line, this frame only. */
void	explorer_note(struct explorer *e, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
