/*
 * progress.c - see progress.h.  The line is rewritten in place with "\r"
 * and cleared with an ANSI erase-line, which every terminal flowmap's users
 * reach over SSH understands; nothing is drawn when stderr is not a tty.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "app/progress.h"

#define PROGRESS_INTERVAL	0.25	/* seconds between redraws */

void
progress_init(struct progress *p, int quiet)
{
	memset(p, 0, sizeof *p);
	p->quiet = quiet;
	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->start = clock_now();
	eta_start(&p->eta, p->start);
}

void
progress_stage(struct progress *p, const char *stage)
{
	snprintf(p->stage, sizeof p->stage, "%s", stage);
	p->start = clock_now();
	eta_start(&p->eta, p->start);
	p->last = 0;
}

static int
due(struct progress *p, int final)
{
	double t = clock_now();

	if (!p->enabled || (!final && t - p->last < PROGRESS_INTERVAL))
		return 0;
	p->last = t;
	return 1;
}

static void
human_bytes(double b, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "KB", "MB", "GB", "TB" };
	int u = 0;

	while (b >= 1000.0 && u < 4) {
		b /= 1000.0;
		u++;
	}
	snprintf(buf, size, "%.1f %s", b, unit[u]);
}

static void
eta_text(double seconds, char *buf, size_t size)
{
	unsigned s = seconds > 0 && seconds < 1e7 ? (unsigned)(seconds + 0.5) : 0;

	if (seconds < 0)	/* too little done to tell */
		snprintf(buf, size, "-:--:--");
	else
		snprintf(buf, size, "%u:%02u:%02u", s / 3600, s / 60 % 60,
		    s % 60);
}

void
progress_bytes(struct progress *p, uint64_t done, uint64_t total)
{
	char d[32], t[32], r[32], e[32];
	double el, rate;

	if (!due(p, 0))
		return;
	el = clock_now() - p->start;
	rate = el > 0 ? (double)done / el : 0;
	human_bytes((double)done, d, sizeof d);
	human_bytes(rate, r, sizeof r);
	if (total > 0 && done <= total) {
		human_bytes((double)total, t, sizeof t);
		eta_text(eta_left(&p->eta, clock_now(), (double)done /
		    (double)total), e, sizeof e);
		fprintf(stderr, "\r\033[K%s: %s / %s (%.0f%%), %s/s, ETA %s",
		    p->stage, d, t, 100.0 * (double)done / (double)total, r, e);
	} else
		fprintf(stderr, "\r\033[K%s: %s, %s/s", p->stage, d, r);
	p->drawn = 1;
}

void
progress_fraction(struct progress *p, double fraction, const char *note)
{
	char e[32];

	if (!due(p, 0))
		return;
	eta_text(eta_left(&p->eta, clock_now(), fraction), e, sizeof e);
	fprintf(stderr, "\r\033[K%s: %.0f%%, ETA %s%s%s", p->stage,
	    100.0 * fraction, e, note ? ", " : "", note ? note : "");
	p->drawn = 1;
}

void
progress_end(struct progress *p)
{
	if (p->enabled && p->drawn)
		fprintf(stderr, "\r\033[K");
	p->drawn = 0;
}

/* --- the command line's sink (base/sink.h) --- */

static void
cli_stage(void *ctx, const char *name)
{
	struct progress *p = ctx;

	if (strcmp(p->stage, name) != 0)
		progress_stage(p, name);
}

static void
cli_progress(void *ctx, const struct sink_progress *sp)
{
	struct progress *p = ctx;
	char note[64] = "";

	if (sp->bytes > 0 || sp->total > 0) {
		progress_bytes(p, sp->bytes, sp->total);
		return;
	}
	if (sp->iter > 0 && sp->kl >= 0)
		snprintf(note, sizeof note, "iteration %d, KL %.4f", sp->iter,
		    sp->kl);
	else if (sp->iter > 0)
		snprintf(note, sizeof note, "iteration %d", sp->iter);
	progress_fraction(p, sp->fraction < 0 ? 0 : sp->fraction,
	    note[0] ? note : NULL);
}

/* A note ends the progress line and takes one of its own. */
static void
cli_note(void *ctx, const char *text)
{
	struct progress *p = ctx;

	if (p->quiet)
		return;
	progress_end(p);
	fprintf(stderr, "flowmap: %s\n", text);
}

void
progress_sink(struct progress *p, struct sink *s, volatile sig_atomic_t *cancel)
{
	*s = (struct sink){ cli_stage, cli_progress, cli_note, p, cancel };
}
