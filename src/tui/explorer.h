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
 * The selection (selection.h) is a set of computers besides the selected
 * one: a cluster, a mark label, a box, the matches of a search, what is
 * in view.  It is drawn on both maps and survives every move; `w` writes
 * it.  The search's matches are highlighted on both maps too.
 *
 * Views and reactions (htop's Htop_Reaction).  Each view has a header
 * (mapview.h, boxsel.h, detail.h, portsel.h, groups.h, sellist.h,
 * search.h, export.h, notes.h, help.h, bars.h) with its
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
 *   TUI_FIT:      mapview_fit_selection(), the view on it    -> REBUILD
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
#include "tui/history.h"
#include "tui/layout.h"
#include "tui/listnav.h"
#include "tui/pointgrid.h"
#include "tui/raster.h"
#include "tui/selection.h"
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
	TUI_QUIT	= 1 << 7,
	TUI_FIT		= 1 << 8	/* fit the active map to the selection */
};

enum tui_view {
	VIEW_MAP,
	VIEW_BOX,		/* a box being drawn on the map */
	VIEW_PORTSEL,
	VIEW_GROUPS,		/* the cluster list (and the marks) */
	VIEW_SELLIST,		/* the selection as a list */
	VIEW_SEARCH,
	VIEW_EXPORT,		/* the file name prompt of w */
	VIEW_NOTES,		/* what the stages noted while loading */
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

/* What the looks of a pane's points were made from (mapview.c): the
 * roles of e->role are a function of the bin (kind, bin). */
struct looks_key {
	enum sel_kind	 kind;
	size_t		 bin;
	unsigned long	 chosen_gen, match_gen;
};

/* One map on the screen: its rectangle, raster, view transform and
 * cursor (a world point: it moves over the map, and the view scrolls
 * when it reaches an edge); its points in a grid, built once, with their
 * looks in grid order (raster.h), made again when their key changes. */
struct mappane {
	struct rect	 rect;
	struct canvas	 canvas;
	struct canvas_view cv;
	double		 curx, cury;
	int		 view_ready;	/* cv initialised */
	size_t		 inview;	/* computers inside the rectangle */
	struct pointgrid grid;
	uint8_t		*looks;
	struct looks_key looks_key;
	unsigned long	 looks_gen;	/* 0: no looks yet */
	struct raster	 raster;
};

#define TUI_T_MIN		0.1
#define TUI_T_MAX		10.0
#define TUI_T_STEP		1.25
#define TUI_ZOOM_STEP		1.5
#define TUI_CURSOR_MARGIN	2	/* cells between the cursor and an edge */
#define TUI_CLUSTER_NAME_W	24	/* columns of a cluster's name (G) */
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

	/* the mouse: capture on, and the cell of the event being handled;
	 * a press on a map, for a drag (mapview.c) */
	int		 mouse;
	int		 pointer_y, pointer_x;
	int		 pressed, press_y, press_x;

	/* the selection, and what the data says about groups (explorer.c) */
	struct selection chosen;
	uint8_t		*marked;	/* per computer: carries a mark */
	char		**cluster_labels;	/* per cluster, escaped */
	char		**mark_labels;	/* per mark label, escaped */
	int		 cluster_names;	/* clusters named on the map (G) */

	/* the box being drawn (boxsel.c): its first corner, a world point
	 * of the active map */
	double		 box_x, box_y;

	/* back and forward (explorer_remember(), mapview.c) */
	struct history	 history;

	/* the cluster and mark lists (groups.c) */
	int		 gr_marks;	/* the list shows marks */
	struct textfield gr_filter;
	size_t		*gr_rows;	/* clusters or labels, in order */
	struct listnav	 gr_list;

	/* the selection list (sellist.c), with what its members do in the
	 * words of a cluster's label (escaped) */
	enum selection_order sl_order;
	char		 sl_label[4 * MAP_LABEL_MAX];
	size_t		*sl_rows;	/* the members in that order */
	struct listnav	 sl_list;

	/* the export prompt (export.c) */
	struct textfield ex_name;

	/* the notes of loading (notes.c) */
	struct listnav	 nt_list;

	/* the port selector (portsel.c) */
	enum sel_kind	 ps_kind;	/* the list shown: ports or protocols */
	struct textfield ps_filter;
	size_t		*ps_rows;	/* bins matching the filter, in order */
	struct listnav	 ps_list;	/* over ps_rows */

	/* the search (search.c): the matches, exact ones first, and the
	 * one the cursor is on */
	struct textfield search;
	char		*search_last;	/* the last pattern, for Enter on empty */
	uint8_t		*match;		/* per computer: a match */
	unsigned long	 match_gen;	/* one up at each change of match */
	size_t		*matches;
	size_t		 nmatches, match_cur;

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
/* Why c and C do nothing: no communications map. */
enum tui_reaction explorer_no_comms(struct explorer *e);
/* A note for the status line, this frame only. */
void	explorer_note(struct explorer *e, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The selection: the computers of the active map inside the world box
 * (a box drawn by keys or by a drag), its corner cells whole. */
enum tui_reaction explorer_select_box(struct explorer *e, double x0,
	    double y0, double x1, double y1);
/* Remember where the maps are before a change (history.h). */
void	explorer_remember(struct explorer *e, enum history_kind kind);
/* The place of the maps now, and back to one. */
void	explorer_state(const struct explorer *e, struct history_state *s);
void	explorer_restore(struct explorer *e, const struct history_state *s);

#endif
