/*
 * flowmap.c - main: parse the options, run the stages, report.
 *
 * The commands: each asks run.c for the stages it needs (read ->
 * aggregate -> features -> embed) and turns the result into output, the
 * explorer, and exit codes:
 *   0  success
 *   1  the run failed or cannot be trusted (unreadable or corrupt input,
 *      unknown format, --strict and a malformed line, write error)
 *   2  usage error
 *   130 interrupted
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "profile/map.h"
#include "app/matrix.h"
#include "app/options.h"
#include "load/paths.h"
#include "base/outfile.h"
#include "app/progress.h"
#include "app/run.h"
#include "profile/stats.h"
#include "tui/tui.h"
#include "base/xalloc.h"



static void
on_interrupt(int sig)
{
	(void)sig;
	run_interrupted = 1;
}

static void
catch_interrupts(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int
cmd_stats(const struct options *o)
{
	struct load_result r;
	struct stats_report s;
	struct run_sink k = {0};
	int rc;

	progress_init(&k.pr, o->quiet);
	if ((rc = run_load(o, 0, NULL, NULL, &r, &k)) != 0) {
		load_result_free(&r);
		return rc;
	}
	stats_compute(&r, (size_t)o->top, (uint64_t)o->min_flows, &s);
	if (o->json)
		stats_write_json(stdout, &s);
	else
		stats_write_text(stdout, &s);
	stats_free(&s);
	load_result_free(&r);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "flowmap: cannot write the report\n");
		return EXIT_FAILURE;
	}
	return 0;
}

/* Open -o FILE (or stdout), run write(), commit.  Returns an exit code. */
static int
write_output(const struct options *o, int (*write)(FILE *, const void *),
    const void *arg)
{
	struct outfile out;
	char err[1024];

	if (outfile_open(&out, o->output ? o->output : "-", err,
	    sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	if (write(out.f, arg) != 0 || run_interrupted) {
		outfile_abort(&out);
		fprintf(stderr, run_interrupted ? "flowmap: interrupted\n" :
		    "flowmap: cannot write the output\n");
		return run_interrupted ? EXIT_INTERRUPT : EXIT_FAILURE;
	}
	if (outfile_commit(&out, err, sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	return 0;
}

static int
write_features(FILE *f, const void *arg)
{
	return map_write_features_tsv(f, arg);
}

static int
cmd_features(const struct options *o)
{
	struct run_sink k = {0};
	struct map m;
	int rc;

	progress_init(&k.pr, o->quiet);
	if ((rc = run_build_map(o, &k, &m, 0)) == 0)
		rc = write_output(o, write_features, &m);
	map_free(&m);
	return rc;
}

static int
write_map(FILE *f, const void *arg)
{
	return map_write_tsv(f, arg);
}

/* A matrix given with --features: its rows' names (or numbers) and x, y. */
struct placed {
	const struct matrix	*matrix;
	const double		*Y;
};

static int
write_placed(FILE *f, const void *arg)
{
	const struct placed *p = arg;

	fputs("row\tx\ty\n", f);
	for (size_t i = 0; i < p->matrix->rows; i++) {
		if (p->matrix->row_names != NULL) {
			char *safe = escape_dup(p->matrix->row_names[i]);

			fputs(safe, f);
			free(safe);
		} else
			fprintf(f, "%zu", i + 1);
		fprintf(f, "\t%.6f\t%.6f\n", p->Y[2 * i], p->Y[2 * i + 1]);
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

static int
cmd_embed_matrix(const struct options *o, struct run_sink *k)
{
	struct matrix mx;
	char err[1024];
	double kl = 0, *Y;
	size_t nn;
	int rc;

	if (matrix_read_tsv(o->features_in, &mx, err, sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	Y = xcalloc(xmul(mx.rows ? mx.rows : 1, 2), sizeof *Y);
	rc = run_embed_rows(o, mx.data, mx.rows, mx.cols, k, Y, NULL, &nn, &kl);
	progress_end(&k->pr);
	if (rc == 0) {
		struct placed p = { &mx, Y };

		if (!o->quiet)
			fprintf(stderr, "flowmap: embedded %zu rows of %zu "
			    "columns, KL divergence %.4f\n", mx.rows, mx.cols, kl);
		rc = write_output(o, write_placed, &p);
	}
	free(Y);
	matrix_free(&mx);
	return rc;
}

static int
cmd_embed(const struct options *o)
{
	struct run_sink k = {0};
	struct map m;
	int rc;

	progress_init(&k.pr, o->quiet);
	if (o->features_in != NULL)
		return cmd_embed_matrix(o, &k);
	int comms = strcmp(o->view, "comms") == 0;

	if ((rc = run_build_map(o, &k, &m, comms ? RUN_COMMS :
	    RUN_EMBED)) == 0) {
		if (comms)
			for (size_t i = 0; i < m.ncomputers; i++) {
				m.computers[i].x = m.computers[i].cx;
				m.computers[i].y = m.computers[i].cy;
			}
		rc = write_output(o, write_map, &m);
	}
	map_free(&m);
	return rc;
}

static int
cmd_explore(const struct options *o)
{
	struct tui_options to = {
		.no_color = o->no_color || getenv("NO_COLOR") != NULL,
		.ascii = o->ascii,
		.mouse = 1,
		.title = o->nfiles == 1 ? o->files[0] : "several files",
	};
	struct run_sink k = { .tui = 1 };
	struct map m;
	char err[512];
	int rc;

	if (tui_progress_begin(&to, err, sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	if ((rc = run_build_map(o, &k, &m, RUN_EMBED |
	    (o->no_comms ? 0 : RUN_COMMS))) == 0 &&
	    tui_run(&m, &to, err, sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		rc = EXIT_FAILURE;
	}
	map_free(&m);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct options o;
	char err[256];

	if (options_parse(argc, argv, &o, err, sizeof err) != 0 ||
	    run_check_options(&o, err, sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\nTry 'flowmap --help'.\n", err);
		return EXIT_USAGE;
	}
	if (o.help) {
		options_usage(stdout, o.command == CMD_EXPLORE ? CMD_ALL :
		    o.command);
		return 0;
	}
	if (o.version) {
		printf("flowmap %s\n", PACKAGE_VERSION);
		return 0;
	}
	/* A directory stands for the flow files in it (paths.h): expanded
	 * here, once, so the snapshot key and the loader see the files. */
	struct paths files;
	char note[400];
	int rc = EXIT_FAILURE;

	if (paths_expand((const char *const *)o.files, (size_t)o.nfiles,
	    &files, err, sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		paths_free(&files);
		return EXIT_FAILURE;
	}
	paths_note(&files, note, sizeof note);
	if (note[0] != '\0' && !o.quiet)
		fprintf(stderr, "flowmap: %s\n", note);
	o.files = files.files;
	o.nfiles = (int)files.nfiles;
	catch_interrupts();
	switch (o.command) {
	case CMD_STATS:
		rc = cmd_stats(&o);
		break;
	case CMD_FEATURES:
		rc = cmd_features(&o);
		break;
	case CMD_EMBED:
		rc = cmd_embed(&o);
		break;
	case CMD_EXPLORE:
		rc = cmd_explore(&o);
		break;
	}
	paths_free(&files);
	return rc;
}
