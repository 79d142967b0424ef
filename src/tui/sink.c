/*
 * sink.c - the explorer's sink (base/sink.h): the stages' progress on the
 * progress screen, with an estimate of the time left, and a cancel from
 * its keys.  Notes are kept for the explorer to show (tui.h), since a
 * line on stderr would be drawn over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/eta.h"
#include "base/xalloc.h"
#include "tui/tui.h"

static struct {
	char		 stage[64];
	struct eta	 eta;
	char		**notes;
	size_t		 nnotes;
} ts;

static void
tui_sink_stage(void *ctx, const char *name)
{
	(void)ctx;
	if (strcmp(ts.stage, name) == 0)
		return;
	snprintf(ts.stage, sizeof ts.stage, "%s", name);
	eta_start(&ts.eta, clock_now());
}

static void
tui_sink_progress(void *ctx, const struct sink_progress *p)
{
	volatile sig_atomic_t *cancel = ctx;
	double f = p->fraction;

	tui_progress_update(ts.stage, f, eta_left(&ts.eta, clock_now(), f),
	    p->kl);
	if (tui_progress_cancelled() && cancel != NULL)
		*cancel = 1;
}

static void
tui_sink_note(void *ctx, const char *text)
{
	(void)ctx;
	ts.notes = xreallocarray(ts.notes, ts.nnotes + 1, sizeof *ts.notes);
	ts.notes[ts.nnotes++] = xstrdup(text);
}

void
tui_sink(struct sink *s, volatile sig_atomic_t *cancel)
{
	*s = (struct sink){ tui_sink_stage, tui_sink_progress, tui_sink_note,
	    (void *)cancel, cancel };
}

size_t
tui_notes(const char *const **notes)
{
	*notes = (const char *const *)ts.notes;
	return ts.nnotes;
}
