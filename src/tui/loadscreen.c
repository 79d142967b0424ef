/*
 * loadscreen.c - the progress screen while the engine loads and embeds.
 *
 * main calls these from the engine's callbacks, on the engine's thread, so
 * nothing here may block: updates redraw at most every
 * LOADSCREEN_FRAME_S (a new stage always redraws) and the cancel check
 * reads keys without waiting.  The state is one static: there is one
 * terminal and one load at a time.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/escape.h"
#include "tui/tcurses.h"
#include "tui/term.h"
#include "tui/tui.h"

#define LOADSCREEN_FRAME_S	0.1		/* 10 Hz */
#define LOADSCREEN_BAR_MAX	60		/* columns of the progress bar */

static struct {
	int		 cancelled;
	double		 last;		/* clock_now() of the last frame */
	char		 stage[96];
} ls;

int
tui_progress_begin(const struct tui_options *o, char *err, size_t errlen)
{
	memset(&ls, 0, sizeof ls);
	if (term_begin(o, err, errlen) < 0)
		return -1;
	erase();
	refresh();
	return 0;
}

static void
eta_format(double s, char *buf, size_t size)
{
	if (s < 0)
		snprintf(buf, size, "--");
	else if (s < 60)
		snprintf(buf, size, "%.0fs", s);
	else if (s < 3600)
		snprintf(buf, size, "%dm%02ds", (int)s / 60, (int)s % 60);
	else
		snprintf(buf, size, "%dh%02dm", (int)(s / 3600),
		    (int)s % 3600 / 60);
}

void
tui_progress_update(const char *stage, double fraction, double eta_seconds,
    double kl)
{
	char line[192], eta[32], st[96];
	double t = clock_now();
	int w, x, y, filled;

	if (!term_active())
		return;
	escape_text(stage != NULL ? stage : "", stage != NULL ?
	    strlen(stage) : 0, st, sizeof st);
	if (strcmp(st, ls.stage) == 0 && t - ls.last < LOADSCREEN_FRAME_S)
		return;
	ls.last = t;
	memcpy(ls.stage, st, sizeof ls.stage);

	erase();
	w = COLS - 4 < LOADSCREEN_BAR_MAX ? COLS - 4 : LOADSCREEN_BAR_MAX;
	if (w < 10)
		w = 10;
	x = COLS > w ? (COLS - w) / 2 : 0;
	y = LINES / 2 - 2 > 0 ? LINES / 2 - 2 : 0;
	term_set(TERM_HEADING);
	term_text(y, x, w, "flowmap");
	term_set(TERM_PLAIN);
	term_text(y + 1, x, w, st);
	if (fraction >= 0) {
		if (fraction > 1)
			fraction = 1;
		filled = (int)(fraction * (w - 2) + 0.5);
		term_char(y + 2, x, '[');
		term_set(TERM_BAR_OUT);
		for (int i = 0; i < w - 2; i++)
			term_char(y + 2, x + 1 + i, i < filled ?
			    (term_utf8() ? 0x2588u : '#') : ' ');
		term_set(TERM_PLAIN);
		term_char(y + 2, x + w - 1, ']');
	}
	eta_format(eta_seconds, eta, sizeof eta);
	if (kl >= 0)
		snprintf(line, sizeof line, "%5.1f%%  eta %s  KL %.4f",
		    fraction >= 0 ? 100 * fraction : 0.0, eta, kl);
	else
		snprintf(line, sizeof line, "%5.1f%%  eta %s",
		    fraction >= 0 ? 100 * fraction : 0.0, eta);
	term_text(y + 3, x, w, line);
	term_set(TERM_DIM);
	term_text(y + 5, x, w, "q, Esc or Ctrl-C: cancel");
	term_set(TERM_PLAIN);
	refresh();
}

int
tui_progress_cancelled(void)
{
	int key;

	if (!term_active())
		return ls.cancelled;
	if (term_interrupted())
		ls.cancelled = 1;
	while (!ls.cancelled && (key = term_getkey(0)) != ERR) {
		if (key == 'q' || key == TERM_KEY_ESC ||
		    key == TERM_KEY_CTRL('c'))
			ls.cancelled = 1;
		else if (key == KEY_RESIZE)
			ls.stage[0] = '\0';	/* redraw on the next update */
	}
	return ls.cancelled;
}

void
tui_progress_end(void)
{
	term_end();
}
