/*
 * commands.c - the commands (see commands.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cache.h"
#include "app/commands.h"
#include "app/matrix.h"
#include "app/progress.h"
#include "app/run.h"
#include "base/escape.h"
#include "base/outfile.h"
#include "base/xalloc.h"
#include "profile/map.h"
#include "profile/marks.h"
#include "profile/stats.h"
#include "tui/tui.h"

/* The end of a command: its message, if it failed, and its exit code. */
static int
finish(struct progress *pr, int rc, const char *err)
{
	if (pr != NULL)
		progress_end(pr);
	if (rc != 0 && err[0] != '\0')
		fprintf(stderr, "flowmap: %s\n", err);
	return rc;
}

int
command_stats(const struct options *o)
{
	struct load_options lo;
	struct load_result r;
	struct stats_report s;
	struct progress pr;
	struct sink sink;
	char err[1024] = "";
	int rc = 0;

	progress_init(&pr, o->quiet);
	progress_sink(&pr, &sink, &run_interrupted);
	run_load_options(o, &sink, &lo);
	if (load_traffic((const char *const *)o->files, (size_t)o->nfiles, &lo,
	    &r, err, sizeof err) != 0) {
		rc = r.cancelled ? EXIT_INTERRUPT : EXIT_FAILURE;
		if (r.cancelled)
			snprintf(err, sizeof err, "interrupted");
		load_result_free(&r);
		return finish(&pr, rc, err);
	}
	progress_end(&pr);
	stats_compute(&r, (size_t)o->top, (uint64_t)o->min_flows, &s);
	if (o->json)
		stats_write_json(stdout, &s);
	else
		stats_write_text(stdout, &s);
	stats_free(&s);
	load_result_free(&r);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		snprintf(err, sizeof err, "cannot write the report");
		rc = EXIT_FAILURE;
	}
	return finish(NULL, rc, err);
}

/* Open -o FILE (or stdout), run write(), commit.  Returns an exit code. */
static int
write_output(const struct options *o, int (*write)(FILE *, const void *),
    const void *arg, char *err, size_t errlen)
{
	struct outfile out;

	if (outfile_open(&out, o->output ? o->output : "-", err, errlen) != 0)
		return EXIT_FAILURE;
	if (write(out.f, arg) != 0 || run_interrupted) {
		outfile_abort(&out);
		snprintf(err, errlen, run_interrupted ? "interrupted" :
		    "cannot write the output");
		return run_interrupted ? EXIT_INTERRUPT : EXIT_FAILURE;
	}
	return outfile_commit(&out, err, errlen) != 0 ? EXIT_FAILURE : 0;
}

static int
write_features(FILE *f, const void *arg)
{
	return map_write_features_tsv(f, arg);
}

static int
write_map(FILE *f, const void *arg)
{
	return map_write_tsv(f, arg, NULL, 0);
}

/* --save FILE: the map as a file that `flowmap FILE` opens anywhere. */
static int
save_map(const struct options *o, const struct map *m, char *err,
    size_t errlen)
{
	struct snapshot_key key;
	int rc;

	cache_key_texts(o, &key);
	rc = snapshot_write_map(o->save, &key, m, err, errlen);
	snapshot_key_free(&key);
	return rc == 0 ? 0 : EXIT_FAILURE;
}

/* A map of the command line's: made, written, freed. */
static int
map_command(const struct options *o, int what,
    int (*write)(FILE *, const void *), int comms_view)
{
	struct progress pr;
	struct sink sink;
	struct map m;
	char err[1024] = "";
	int rc;

	progress_init(&pr, o->quiet);
	progress_sink(&pr, &sink, &run_interrupted);
	if ((rc = run_build_map(o, &sink, &m, what, err, sizeof err)) == 0 &&
	    (o->save == NULL || (rc = save_map(o, &m, err, sizeof err)) == 0)) {
		progress_end(&pr);
		if (comms_view)
			for (size_t i = 0; i < m.ncomputers; i++) {
				m.computers[i].x = m.computers[i].cx;
				m.computers[i].y = m.computers[i].cy;
			}
		rc = write_output(o, write, &m, err, sizeof err);
	}
	map_free(&m);
	return finish(&pr, rc, err);
}

int
command_features(const struct options *o)
{
	return map_command(o, 0, write_features, 0);
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
embed_matrix(const struct options *o)
{
	struct progress pr;
	struct sink sink;
	struct matrix mx;
	char err[1024] = "";
	double kl = 0, *Y;
	size_t nn;
	int rc;

	progress_init(&pr, o->quiet);
	progress_sink(&pr, &sink, &run_interrupted);
	if (matrix_read_tsv(o->features_in, &mx, err, sizeof err) != 0)
		return finish(&pr, EXIT_FAILURE, err);
	Y = xcalloc(xmul(mx.rows ? mx.rows : 1, 2), sizeof *Y);
	rc = run_embed_rows(o, &sink, mx.data, NULL, mx.rows, mx.cols, Y, NULL, &nn,
	    &kl, err, sizeof err);
	if (rc == 0) {
		struct placed p = { &mx, Y };

		sink_note(&sink, "embedded %zu rows of %zu columns, KL "
		    "divergence %.4f", mx.rows, mx.cols, kl);
		rc = write_output(o, write_placed, &p, err, sizeof err);
	}
	free(Y);
	matrix_free(&mx);
	return finish(&pr, rc, err);
}

int
command_embed(const struct options *o)
{
	int comms = strcmp(o->view, "comms") == 0;

	if (o->features_in != NULL)
		return embed_matrix(o);
	/* The communications map comes with the functional one, whose
	 * clusters it shows, and the snapshot then has the explorer's two. */
	return map_command(o, RUN_EMBED | (comms ? RUN_COMMS : 0), write_map,
	    comms);
}

static int
write_clusters(FILE *f, const void *arg)
{
	return map_write_clusters_tsv(f, arg);
}

int
command_clusters(const struct options *o)
{
	return map_command(o, RUN_EMBED, write_clusters, 0);
}

/* The --mark files onto the map: an error stops the run, computers that
 * are not in the map are only counted. */
static int
read_marks(const struct options *o, const struct sink *s, struct map *m,
    char *err, size_t errlen)
{
	struct marks_summary sum;

	if (marks_read(m, o->marks.v, (size_t)o->marks.n, &sum, err,
	    errlen) != 0)
		return EXIT_FAILURE;
	sink_note(s, "%zu marks on %zu labels", sum.lines - sum.unknown,
	    m->marks.nlabels);
	if (sum.unknown > 0)
		sink_note(s, "%zu marked computers are not in the map (the "
		    "first: %s)", sum.unknown, sum.first_unknown);
	return 0;
}

int
command_explore(const struct options *o)
{
	struct tui_options to = {
		/* NO_COLOR is the terminal module's to read (tui/term.c) */
		.no_color = o->no_color,
		.ascii = o->ascii,
		.mouse = 1,
		.title = o->nfiles == 1 ? o->files[0] : "several files",
	};
	struct sink sink;
	struct map m;
	char err[1024] = "";
	int rc;

	if (tui_progress_begin(&to, err, sizeof err) != 0)
		return finish(NULL, EXIT_FAILURE, err);
	tui_sink(&sink, &run_interrupted);
	rc = run_build_map(o, &sink, &m, RUN_EMBED |
	    (o->no_comms ? 0 : RUN_COMMS), err, sizeof err);
	if (rc == 0 && o->marks.n > 0)
		rc = read_marks(o, &sink, &m, err, sizeof err);
	if (rc != 0)
		tui_progress_end();	/* the message must be readable */
	else if (tui_run(&m, &to, err, sizeof err) != 0)
		rc = EXIT_FAILURE;
	map_free(&m);
	return finish(NULL, rc, err);
}
