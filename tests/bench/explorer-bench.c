/*
 * explorer-bench.c - the explorer's redraw at 100,000 points (and at a
 * million), timed.
 *
 *   explorer-bench [MAPFILE] [RUNS]
 *
 * The map of MAPFILE (embed --save; BENCH_ONLY=clusters makes one of
 * 100,000 computers), or without one (or with "-") a synthetic map of
 * BENCH_EXPLORER_COMPUTERS (100,000) computers in 30 clusters.  Either
 * way 1% of the computers carry a mark label "ioc" and 0.5% "known",
 * the largest cluster is the selection, the clusters are named on the
 * map (G), the map is coloured by its first port and the detail pane is
 * shown: the busiest screen the issue asks about.
 *
 * The explorer runs for real (term.c, curses) on a pseudo-terminal of
 * 200 x 60 cells whose output a child process reads and throws away, so
 * that refresh() writes what it would write to a terminal.  Timed, the
 * least and the median of RUNS (default 20) runs each:
 *
 *   rebuild   mapview_rebuild(): every point into the braille raster
 *   frame     tui_frame_draw() of an unchanged screen (curses sends
 *             nothing: the cost of the views' drawing itself)
 *   pan       a key's whole cost: one cell of cursor move that scrolls
 *             the view, the rebuild and the frame, which now sends the
 *             changed cells
 *   zoom      a key's whole cost: + and - in turn (the handler, the
 *             rebuild, the frame)
 *   cursor    a key's whole cost: l and h in turn, the cursor moving a
 *             cell without scrolling (the handler picks the nearest
 *             computer, the rebuild, the frame)
 *   walk      the keys of a walk ten zoom steps in and back out, with a
 *             quarter screen's scroll (L, then H) at each zoom: how the
 *             cost changes with the zoom (the worst is the one to watch)
 *
 * The target is a redraw under 10 ms at 100,000 points and
 * under 20 ms at 1,000,000.
 */
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "app/snapshot.h"
#include "base/clock.h"
#include "base/xalloc.h"
#include "tui/tcurses.h"
#include "tui/explorer.h"
#include "tui/frame.h"
#include "tui/mapopts.h"
#include "tui/mapview.h"
#include "tui/term.h"
#include "tui/tui.h"

#define BENCH_COLS	200
#define BENCH_LINES	60
#define BENCH_CLUSTERS	30
#define BENCH_NPORTS	8
#define BENCH_NPROTOS	4

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static double
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (double)((rng * 0x2545f4914f6cdd1dULL) >> 11) /
	    9007199254740992.0;
}

static double
gauss(void)
{
	return sqrt(-2 * log(rnd() + 1e-12)) * cos(2 * M_PI * rnd());
}

/* Clusters as the engine would leave them: sizes falling, labels in its
 * words, each computer's cluster, centre and box. */
static void
synthetic_map(struct map *m, size_t n)
{
	double cx[BENCH_CLUSTERS], cy[BENCH_CLUSTERS];
	float *dense;

	memset(m, 0, sizeof *m);
	m->nports = BENCH_NPORTS;
	m->ports = xcalloc(BENCH_NPORTS, sizeof *m->ports);
	for (int p = 0; p < BENCH_NPORTS; p++) {
		snprintf(m->ports[p].label, sizeof m->ports[p].label, "%d/svc",
		    1000 + p);
		snprintf(m->ports[p].text, sizeof m->ports[p].text, "%d",
		    1000 + p);
		m->ports[p].is_other = p == BENCH_NPORTS - 1;
	}
	m->nprotos = BENCH_NPROTOS;
	m->protos = xcalloc(BENCH_NPROTOS, sizeof *m->protos);
	m->dim = MAP_NDIST * (m->nports + m->nprotos);
	m->ncomputers = n;
	m->computers = xcalloc(n, sizeof *m->computers);
	dense = xcalloc(xmul(n, m->dim), sizeof *dense);
	m->nclusters = BENCH_CLUSTERS;
	m->clusters = xcalloc(BENCH_CLUSTERS, sizeof *m->clusters);
	for (int c = 0; c < BENCH_CLUSTERS; c++) {
		cx[c] = 100 * (rnd() - 0.5);
		cy[c] = 100 * (rnd() - 0.5);
		snprintf(m->clusters[c].label, sizeof m->clusters[c].label,
		    "serves %d/tcp svc (%d%%) \xc2\xb7 queries 53 domain (%d%%)",
		    1000 + c % BENCH_NPORTS, 50 + c, 20 + c);
	}
	for (size_t i = 0; i < n; i++) {
		struct map_computer *k = &m->computers[i];
		/* a falling share: cluster c gets about 1/(c + 2) */
		int c = (int)floor(pow(BENCH_CLUSTERS + 1, rnd())) - 1;
		struct map_cluster *cl;
		char name[32];
		float *row = dense + i * m->dim;

		c = c < 0 ? 0 : c >= BENCH_CLUSTERS ? BENCH_CLUSTERS - 1 : c;
		cl = &m->clusters[c];
		snprintf(name, sizeof name, "C%zu", i);
		k->name = xstrdup(name);
		k->x = cx[c] + 3 * gauss();
		k->y = cy[c] + 3 * gauss();
		k->cx = k->y;
		k->cy = k->x;
		k->flows_in = (uint64_t)(1000 * rnd());
		k->flows_out = (uint64_t)(1000 * rnd());
		k->bytes_in = k->flows_in * (uint64_t)(1 + 1e4 * rnd());
		k->bytes_out = k->flows_out * 300;
		k->cluster = (uint32_t)c;
		row[MAP_IN_FLOWS * BENCH_NPORTS + (size_t)(c % BENCH_NPORTS)] = 1;
		row[MAP_OUT_FLOWS * BENCH_NPORTS + (size_t)(i % BENCH_NPORTS)] = 1;
		if (cl->size == 0 || k->x < cl->x0)
			cl->x0 = k->x;
		if (cl->size == 0 || k->x > cl->x1)
			cl->x1 = k->x;
		if (cl->size == 0 || k->y < cl->y0)
			cl->y0 = k->y;
		if (cl->size == 0 || k->y > cl->y1)
			cl->y1 = k->y;
		cl->size++;
		cl->cx = cx[c];
		cl->cy = cy[c];
	}
	sparse_rows_from_dense(&m->features, dense, n, m->dim);
	free(dense);
	m->has_comms = 1;
}

/* 1% "ioc", 0.5% "known", as --mark would lay them. */
static void
synthetic_marks(struct map *m)
{
	struct map_marks *mk = &m->marks;
	size_t n = m->ncomputers, t = 0;

	mk->nlabels = 2;
	mk->labels = xcalloc(2, sizeof *mk->labels);
	mk->labels[0] = xstrdup("ioc");
	mk->labels[1] = xstrdup("known");
	mk->count = xcalloc(2, sizeof *mk->count);
	mk->start = xcalloc(n + 1, sizeof *mk->start);
	mk->label_of = xcalloc(n / 100 + n / 200 + 2, sizeof *mk->label_of);
	for (size_t i = 0; i < n; i++) {
		mk->start[i] = t;
		if (i % 100 == 7) {
			mk->label_of[t++] = 0;
			mk->count[0]++;
		}
		if (i % 200 == 3) {
			mk->label_of[t++] = 1;
			mk->count[1]++;
		}
	}
	mk->start[n] = t;
}

/* A pseudo-terminal of BENCH_COLS x BENCH_LINES on stdin and stdout, and
 * a child that reads and drops what is written to it.  Returns the
 * child's pid, the saved descriptors in saved[2]. */
static pid_t
pty_open(int saved[2])
{
	struct winsize ws = { BENCH_LINES, BENCH_COLS, 0, 0 };
	int master = posix_openpt(O_RDWR | O_NOCTTY), slave;
	pid_t child;

	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    (slave = open(ptsname(master), O_RDWR | O_NOCTTY)) < 0) {
		perror("explorer-bench: pty");
		exit(1);
	}
	ioctl(slave, TIOCSWINSZ, &ws);
	child = fork();
	if (child == 0) {
		char buf[65536];

		close(slave);
		while (read(master, buf, sizeof buf) > 0)
			;
		_exit(0);
	}
	close(master);
	saved[0] = dup(STDIN_FILENO);
	saved[1] = dup(STDOUT_FILENO);
	dup2(slave, STDIN_FILENO);
	dup2(slave, STDOUT_FILENO);
	close(slave);
	return child;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The least, the median and the worst of t[0..n), in ms. */
static void
report(FILE *f, const char *what, double *t, int n)
{
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	fprintf(f, "%-8s least %7.2f ms, median %7.2f ms, worst %7.2f ms\n",
	    what, 1e3 * t[0], 1e3 * t[n / 2], 1e3 * t[n - 1]);
}

#define BENCH_WALK_STEPS	10

/* The walk: zoom steps in, then out, each followed by a scroll. */
static void
walk(struct explorer *e, double t[4 * BENCH_WALK_STEPS])
{
	for (int s = 0; s < 2 * BENCH_WALK_STEPS; s++) {
		double t0 = clock_now();

		(s < BENCH_WALK_STEPS ? mapview_zoom_in : mapview_zoom_out)(e,
		    0);
		mapview_rebuild(e);
		tui_frame_draw(e);
		t[2 * s] = clock_now() - t0;
		t0 = clock_now();
		mapview_pan_far(e, s % 2 ? 'H' : 'L');
		mapview_rebuild(e);
		tui_frame_draw(e);
		t[2 * s + 1] = clock_now() - t0;
	}
}

int
main(int argc, char **argv)
{
	struct tui_options o = { 0, 0, 0, "explorer-bench" };
	const char *n_env = getenv("BENCH_EXPLORER_COMPUTERS");
	struct explorer e;
	struct map m;
	char err[512];
	int runs = argc > 2 ? atoi(argv[2]) : 20, saved[2], lines, cols;
	double *t_rebuild, *t_frame, *t_pan, *t_zoom, *t_cursor;
	double t_walk[4 * BENCH_WALK_STEPS];
	size_t inview, nchosen;
	pid_t child;
	FILE *out;

	if (runs < 1)
		runs = 1;
	if (argc > 1 && strcmp(argv[1], "-") != 0) {
		if (snapshot_open_map(argv[1], &m, err, sizeof err) != 0) {
			fprintf(stderr, "explorer-bench: %s: %s\n", argv[1], err);
			return 1;
		}
	} else
		synthetic_map(&m, n_env != NULL ? strtoul(n_env, NULL, 10) :
		    100000);
	if (m.marks.nlabels == 0)
		synthetic_marks(&m);
	t_rebuild = xcalloc((size_t)runs, sizeof *t_rebuild);
	t_frame = xcalloc((size_t)runs, sizeof *t_frame);
	t_pan = xcalloc((size_t)runs, sizeof *t_pan);
	t_zoom = xcalloc((size_t)runs, sizeof *t_zoom);
	t_cursor = xcalloc((size_t)runs, sizeof *t_cursor);

	setenv("TERM", "xterm-256color", 1);
	setlocale(LC_ALL, "C.UTF-8");
	child = pty_open(saved);
	if (term_begin(&o, err, sizeof err) < 0) {
		dup2(saved[1], STDOUT_FILENO);
		fprintf(stderr, "explorer-bench: %s\n", err);
		return 1;
	}
	explorer_init(&e, &m, &o);
	mapview_init(&e);
	term_size(&lines, &cols);
	explorer_layout(&e, lines, cols);
	mapview_resize(&e);
	/* the busiest screen: a port's colours, marks, the largest cluster
	 * selected and fitted, the clusters named */
	e.kind = SEL_PORT;
	e.bin = 0;
	mapopts_recolor(&e);
	selection_from_cluster(&e.chosen, &m, 0);
	snprintf(e.chosen.what, sizeof e.chosen.what, "cluster 1");
	e.cluster_names = m.nclusters > 0;
	mapview_rebuild(&e);
	tui_frame_draw(&e);

	for (int r = 0; r < runs; r++) {
		double t0 = clock_now();

		mapview_rebuild(&e);
		t_rebuild[r] = clock_now() - t0;
		t0 = clock_now();
		tui_frame_draw(&e);
		t_frame[r] = clock_now() - t0;
	}
	for (int r = 0; r < runs; r++) {
		/* past the edge: every cell of the map moves */
		struct mappane *p = &e.maps[e.active];
		double s = p->cv.scale * p->cv.zoom, t0 = clock_now();

		canvas_view_pan(&p->cv, (r % 2 ? -1 : 1) * CANVAS_DOTS_X, 0);
		p->curx += (r % 2 ? -1 : 1) * CANVAS_DOTS_X / s;
		mapview_rebuild(&e);
		tui_frame_draw(&e);
		t_pan[r] = clock_now() - t0;
	}
	for (int r = 0; r < runs; r++) {
		double t0 = clock_now();

		(r % 2 ? mapview_zoom_out : mapview_zoom_in)(&e, r % 2 ? '-' :
		    '+');
		mapview_rebuild(&e);
		tui_frame_draw(&e);
		t_zoom[r] = clock_now() - t0;
	}
	for (int r = 0; r < runs; r++) {
		/* the cursor is mid-screen: a cell never scrolls the view */
		double t0 = clock_now();

		mapview_move(&e, r % 2 ? 'h' : 'l');
		mapview_rebuild(&e);
		tui_frame_draw(&e);
		t_cursor[r] = clock_now() - t0;
	}
	/* the summary's view is the busiest screen's, before the walk */
	inview = e.maps[e.active].inview;
	nchosen = e.chosen.n;
	walk(&e, t_walk);
	mapview_free(&e);
	explorer_free(&e);
	term_end();
	dup2(saved[0], STDIN_FILENO);
	dup2(saved[1], STDOUT_FILENO);
	waitpid(child, NULL, 0);

	out = stdout;
	fprintf(out, "%zu computers (%zu in view), %zu clusters named, %zu "
	    "marked, %zu selected; %dx%d cells, %d runs\n", m.ncomputers,
	    inview, m.nclusters,
	    m.marks.count[0] + (m.marks.nlabels > 1 ? m.marks.count[1] : 0),
	    nchosen, cols, lines, runs);
	report(out, "rebuild", t_rebuild, runs);
	report(out, "frame", t_frame, runs);
	report(out, "pan", t_pan, runs);
	report(out, "zoom", t_zoom, runs);
	report(out, "cursor", t_cursor, runs);
	report(out, "walk", t_walk, 4 * BENCH_WALK_STEPS);
	free(t_rebuild);
	free(t_frame);
	free(t_pan);
	free(t_zoom);
	free(t_cursor);
	map_free(&m);
	return 0;
}
