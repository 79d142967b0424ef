/*
 * explorer.h - the explorer's state and its views, shared inside src/tui.
 *
 * One struct explorer holds everything the views read: the map (read
 * only, owned by the caller of tui_run), the layout, a raster and view
 * transform per map kind (functional: x, y; communications: cx, cy), the
 * selection (computer, port or protocol bin), the temperature and the
 * state of the port selector, search prompt and help.
 *
 * Two maps, one selection.  The keys act on the active map (`c` switches
 * it): its centre is the cursor, and the selection is the computer nearest
 * to it.  The selected computer, the colours and the zoom factor are
 * shared: switching centres the other map on the selected computer at the
 * same zoom.  In the split screen (`C`) the functional map is at the left,
 * the communications map at the right; the inactive one follows, centred
 * on the selected computer at the active one's zoom.
 *
 * Each view is a *_draw function (draws into its rectangle, reads the
 * state) and key handlers (change the state, never draw) that return an
 * enum tui_action; keys.c binds keys to handlers, tui.c runs the loop:
 *
 *   key -> keys_find(view, key) -> handler -> action
 *   action >= TUI_REBUILD: mapview_rebuild() (the raster)
 *   action >= TUI_REDRAW:  draw every visible view, refresh()
 */
#ifndef FLOWMAP_TUI_EXPLORER_H
#define FLOWMAP_TUI_EXPLORER_H

#include <stddef.h>
#include <stdint.h>

#include "profile/map.h"
#include "tui/canvas.h"
#include "tui/layout.h"
#include "tui/tui.h"

/* What a key handler asks of the loop; stronger ones include weaker. */
enum tui_action {
	TUI_NONE,
	TUI_REDRAW,		/* the state changed: draw a frame */
	TUI_REBUILD,		/* the raster changed too */
	TUI_QUIT
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

/* The measure of the detail pane's bars. */
enum measure {
	MEASURE_FLOWS,
	MEASURE_BYTES,
	MEASURE_SECONDS,
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
#define TUI_NAME_MAX		256	/* escaped names, "..." past this */
#define TUI_TEXT_MAX		128	/* the filter and the search pattern */

struct explorer {
	const struct map		*m;
	const struct tui_options	*o;
	enum tui_view			 view;

	/* layout */
	int		 lines, cols;
	int		 too_small;
	int		 pane;		/* the detail pane is wanted */
	int		 split;		/* both maps shown side by side */
	struct rect	 title, maprect, panerect, status;
	struct rect	 rule;		/* split: between the halves */

	/* the maps, per-computer role and disc radius (shared) */
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

	/* the port selector */
	enum sel_kind	 ps_kind;	/* the list shown: ports or protocols */
	char		 ps_filter[TUI_TEXT_MAX];
	size_t		*ps_rows;	/* bins matching the filter, in order */
	size_t		 ps_nrows, ps_cur, ps_top;

	/* search and help */
	char		 search[TUI_TEXT_MAX];
	char		 search_last[TUI_TEXT_MAX];
	char		 message[160];	/* one-frame note in the status line */
	int		 help_top;
	int		 help_lines;
};

/* tui.c */
void	explorer_layout(struct explorer *e);
/* Append the UTF-8 of key to a text field; 0 when the key is not text. */
int	explorer_text_key(char *buf, size_t size, int key);
void	explorer_text_backspace(char *buf);
/* The bin label of the current selection, escaped, or NULL. */
const char *explorer_sel_label(const struct explorer *e, char *buf,
	    size_t size);

/* mapview.c */
void	mapview_init(struct explorer *e);
void	mapview_free(struct explorer *e);
void	mapview_resize(struct explorer *e);
void	mapview_rebuild(struct explorer *e);
void	mapview_draw(struct explorer *e);
void	mapview_recolor(struct explorer *e);
void	mapview_click(struct explorer *e, int y, int x);
void	mapview_wheel(struct explorer *e, int in);
void	mapview_select_nearest(struct explorer *e);
/* "functional", "communications". */
const char *mapview_kind_name(enum mapkind k);
enum tui_action map_zoom_in(struct explorer *, int);
enum tui_action map_zoom_out(struct explorer *, int);
enum tui_action map_reset(struct explorer *, int);
enum tui_action map_pan(struct explorer *, int);
enum tui_action map_pan_far(struct explorer *, int);
enum tui_action map_next(struct explorer *, int);
enum tui_action map_prev(struct explorer *, int);
enum tui_action map_centre(struct explorer *, int);
enum tui_action map_similar(struct explorer *, int);
enum tui_action map_bin_step(struct explorer *, int);
enum tui_action map_bin_clear(struct explorer *, int);
enum tui_action map_temp(struct explorer *, int);
enum tui_action map_pane(struct explorer *, int);
enum tui_action map_measure(struct explorer *, int);
enum tui_action map_comms(struct explorer *, int);
enum tui_action map_split(struct explorer *, int);
enum tui_action map_redraw(struct explorer *, int);
enum tui_action map_quit(struct explorer *, int);
enum tui_action map_help(struct explorer *, int);
enum tui_action map_search(struct explorer *, int);
enum tui_action search_key(struct explorer *, int);
enum tui_action search_go(struct explorer *, int);
enum tui_action search_cancel(struct explorer *, int);
void	search_draw(struct explorer *e);

/* detail.c */
void	detail_draw(struct explorer *e);
/* p^(1/T) renormalised over the n bins into q (sums to 1, or all 0). */
void	detail_temper(const float *p, size_t n, double T, double *q);

/* portsel.c */
void	portsel_free(struct explorer *e);
void	portsel_draw(struct explorer *e);
void	portsel_filter(struct explorer *e);
enum tui_action portsel_open(struct explorer *, int);
enum tui_action portsel_move(struct explorer *, int);
enum tui_action portsel_choose(struct explorer *, int);
enum tui_action portsel_cancel(struct explorer *, int);
enum tui_action portsel_tab(struct explorer *, int);
enum tui_action portsel_text(struct explorer *, int);

/* help.c */
void	help_draw(struct explorer *e);
enum tui_action help_scroll(struct explorer *, int);
enum tui_action help_close(struct explorer *, int);

#endif
