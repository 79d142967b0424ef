/*
 * mapopts.c - the map's settings: what colours it (a port or protocol bin),
 * the temperature of the bars and their measure, the detail pane, the
 * split screen, mouse capture, the clusters' names, and the clearing of
 * the selection and the search's highlights.  Handlers that only change
 * a setting and say what the loop must redo; the raster and the cursor
 * are mapview.c's.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tui/mapopts.h"

void
mapopts_recolor(struct explorer *e)
{
	const struct map *m = e->m;

	memset(e->nrole, 0, sizeof e->nrole);
	for (size_t i = 0; i < m->ncomputers; i++) {
		enum canvas_role r = CANVAS_PLAIN;
		int serves = 0, queries = 0;

		if (e->kind == SEL_PORT && e->bin < m->nports) {
			serves = map_port_share(m, i, MAP_IN_FLOWS, e->bin) > 0;
			queries = map_port_share(m, i, MAP_OUT_FLOWS, e->bin) > 0;
		} else if (e->kind == SEL_PROTO && e->bin < m->nprotos) {
			serves = map_proto_share(m, i, MAP_IN_FLOWS, e->bin) > 0;
			queries = map_proto_share(m, i, MAP_OUT_FLOWS,
			    e->bin) > 0;
		}
		if (serves && queries)
			r = CANVAS_BLUE;
		else if (serves)
			r = CANVAS_RED;
		else if (queries)
			r = CANVAS_GREEN;
		e->role[i] = (uint8_t)r;
		e->nrole[r]++;
	}
}

enum tui_reaction
mapopts_step_bin(struct explorer *e, int key)
{
	size_t n;

	if (e->kind == SEL_NONE) {
		/* start with the ports: ']' the first, '[' the last */
		e->kind = SEL_PORT;
		n = e->m->nports;
		e->bin = key == ']' ? 0 : n - 1;
	} else {
		n = e->kind == SEL_PORT ? e->m->nports : e->m->nprotos;
		if (n > 0 && key == ']')
			e->bin = (e->bin + 1) % n;
		else if (n > 0)
			e->bin = (e->bin + n - 1) % n;
	}
	if (n == 0)
		e->kind = SEL_NONE;
	return TUI_RECOLOUR;
}

enum tui_reaction
mapopts_clear_bin(struct explorer *e, int key)
{
	(void)key;
	e->kind = SEL_NONE;
	return TUI_RECOLOUR;
}

enum tui_reaction
mapopts_temperature(struct explorer *e, int key)
{
	double t = key == 'T' ? e->T * TUI_T_STEP : e->T / TUI_T_STEP;

	/* snap to 1 so that stepping away and back shows T=1.00 exactly */
	if (fabs(t - 1) < 1e-9)
		t = 1;
	if (t < TUI_T_MIN)
		t = TUI_T_MIN;
	if (t > TUI_T_MAX)
		t = TUI_T_MAX;
	e->T = t;
	return TUI_REDRAW;
}

enum tui_reaction
mapopts_reset_temperature(struct explorer *e, int key)
{
	(void)key;
	e->T = 1;
	return TUI_REDRAW;
}

enum tui_reaction
mapopts_set_measure(struct explorer *e, int key)
{
	switch (key) {
	case 'f': e->measure = MEASURE_FLOWS; break;
	case 'b': e->measure = MEASURE_BYTES; break;
	case 's': e->measure = MEASURE_SECONDS; break;
	default: e->measure = (e->measure + 1) % NMEASURES; break;
	}
	return TUI_REDRAW;
}

enum tui_reaction
mapopts_toggle_pane(struct explorer *e, int key)
{
	(void)key;
	e->pane = !e->pane;
	return TUI_LAYOUT;
}

enum tui_reaction
mapopts_toggle_split(struct explorer *e, int key)
{
	(void)key;
	if (!e->m->has_comms)
		return explorer_no_comms(e);
	if (!e->split && !layout_split_fits(e->cols)) {
		explorer_note(e, "too narrow for both maps: needs %d columns",
		    TUI_SPLIT_MIN_COLS);
		return TUI_REDRAW;
	}
	e->split = !e->split;
	return TUI_LAYOUT;
}

enum tui_reaction
mapopts_toggle_mouse(struct explorer *e, int key)
{
	(void)key;
	e->mouse = !e->mouse;
	explorer_note(e, e->mouse ? "mouse on: a click selects, the wheel "
	    "zooms" : "mouse off: the terminal selects text (m: on)");
	return TUI_MOUSE | TUI_REDRAW;
}

enum tui_reaction
mapopts_repaint(struct explorer *e, int key)
{
	(void)e;
	(void)key;
	/* line noise over SSH: send every cell again */
	return TUI_REPAINT;
}

enum tui_reaction
mapopts_quit(struct explorer *e, int key)
{
	(void)e;
	(void)key;
	return TUI_QUIT;
}

enum tui_reaction
mapopts_toggle_cluster_names(struct explorer *e, int key)
{
	(void)key;
	if (e->m->nclusters == 0) {
		explorer_note(e, "this map has no clusters");
		return TUI_REDRAW;
	}
	e->cluster_names = !e->cluster_names;
	return TUI_REDRAW;
}

enum tui_reaction
mapopts_clear_matches(struct explorer *e, int key)
{
	(void)key;
	if (e->nmatches == 0)
		return TUI_NONE;
	memset(e->match, 0, e->m->ncomputers);
	e->match_gen++;
	e->nmatches = e->match_cur = 0;
	return TUI_REBUILD;
}

enum tui_reaction
mapopts_clear_selection(struct explorer *e, int key)
{
	(void)key;
	if (e->chosen.n == 0)
		return TUI_NONE;
	selection_clear(&e->chosen);
	explorer_note(e, "selection cleared");
	return TUI_REBUILD;
}

enum tui_reaction
mapopts_select_matches(struct explorer *e, int key)
{
	(void)key;
	if (e->nmatches == 0) {
		explorer_note(e, "no search matches to select (/ searches)");
		return TUI_REDRAW;
	}
	selection_from_flags(&e->chosen, e->match);
	snprintf(e->chosen.what, sizeof e->chosen.what, "search matches");
	return TUI_REBUILD;
}
