/*
 * tui.h - the terminal explorer: the interface main uses.
 *
 * Call order.  Optionally tui_progress_begin() before the engine runs, then
 * tui_progress_update()/tui_progress_cancelled() from the engine's
 * callbacks (same thread); then either tui_run(), which reuses the
 * terminal session already begun, or tui_progress_end() when the explorer
 * will not follow (an error, a cancel).  tui_run() always leaves the
 * terminal restored, as do SIGINT, SIGTERM, SIGHUP, fatal signals and
 * exit() (through atexit).
 *
 * When stdin or stdout is not a terminal (flows read from a pipe, output
 * redirected), the explorer opens /dev/tty.
 *
 * The map is only read; it stays owned by the caller.  Names and labels
 * from the data pass escape_text() before they reach the screen.
 */
#ifndef FLOWMAP_TUI_H
#define FLOWMAP_TUI_H

#include <stddef.h>

#include "base/sink.h"

struct map;

struct tui_options {
	int		 no_color;	/* monochrome: roles shown as letters */
	int		 ascii;		/* ASCII dots instead of braille */
	int		 mouse;		/* clicks select */
	const char	*title;		/* top line, e.g. the input file */
};

/* Runs the explorer until the user quits.  0, or -1 with a message. */
int	tui_run(const struct map *m, const struct tui_options *o, char *err,
	    size_t errlen);

/* The progress screen while the engine loads and embeds. */
int	tui_progress_begin(const struct tui_options *o, char *err,
	    size_t errlen);
/* stage: a short text; fraction 0..1 (< 0: unknown); eta_seconds < 0:
 * unknown; kl < 0: none.  Redraws at most about ten times a second. */
void	tui_progress_update(const char *stage, double fraction,
	    double eta_seconds, double kl);
/* Non-blocking: has the user pressed q, Esc or Ctrl-C? */
int	tui_progress_cancelled(void);
void	tui_progress_end(void);

/*
 * The sink (base/sink.h) that shows the stages on the progress screen;
 * a cancel there sets *cancel.  Its notes are kept, in order, until the
 * program ends: tui_notes() gives them (the explorer lists them).
 */
void	tui_sink(struct sink *s, volatile sig_atomic_t *cancel);
size_t	tui_notes(const char *const **notes);

#endif
