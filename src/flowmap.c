/*
 * flowmap.c - main: parse the options, run the stages, report.
 *
 * This file only wires the stages together (read -> aggregate -> features
 * -> embed -> draw) and turns their results into output and exit codes:
 *   0  success
 *   1  the run failed or cannot be trusted (unreadable or corrupt input,
 *      unknown format, --strict and a malformed line, write error)
 *   2  usage error
 *   130 interrupted
 */
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comms.h"
#include "escape.h"
#include "featvec.h"
#include "knn.h"
#include "load.h"
#include "map.h"
#include "matrix.h"
#include "options.h"
#include "outfile.h"
#include "pca.h"
#include "profile.h"
#include "snapshot.h"
#include "progress.h"
#include "stats.h"
#include "tsne.h"
#include "tui/tui.h"
#include "xalloc.h"

#define EXIT_USAGE	2
#define EXIT_INTERRUPT	130

static volatile sig_atomic_t interrupted;

static void
on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
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

/* Messages from the load carry names from the command line or the data;
 * they were escaped where they were made. */
static void
report_problems(const struct options *o, const struct load_result *r)
{
	char name[300];

	if (o->quiet)
		return;
	for (size_t i = 0; i < r->nproblems; i++) {
		const struct load_problem *p = &r->problems[i];

		escape_text(p->file, strlen(p->file), name, sizeof name);
		fprintf(stderr, "flowmap: %s:%llu: %s\n", name,
		    (unsigned long long)p->line, p->what);
	}
	if (r->malformed > r->nproblems)
		fprintf(stderr, "flowmap: %llu malformed lines skipped in all\n",
		    (unsigned long long)r->malformed);
	for (size_t i = 0; i < r->nfiles; i++)
		if (r->files[i].warning != NULL) {
			escape_text(r->files[i].warning,
			    strlen(r->files[i].warning), name, sizeof name);
			fprintf(stderr, "flowmap: warning: %s\n", name);
		}
}

/*
 * Where progress goes: a line on stderr (when it is a terminal), or the
 * explorer's progress screen, which also says when the user cancels.
 */
struct sink {
	int		 tui;
	struct progress	 pr;
	char		 stage[32];
	double		 stage_start;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
sink_stage(struct sink *k, const char *stage)
{
	if (strcmp(k->stage, stage) == 0)
		return;
	snprintf(k->stage, sizeof k->stage, "%s", stage);
	k->stage_start = now();
	if (!k->tui)
		progress_stage(&k->pr, stage);
}

/* fraction of the current stage done; kl < 0: none. */
static void
sink_update(struct sink *k, double fraction, int iter, double kl)
{
	char note[64] = "";

	if (k->tui) {
		double el = now() - k->stage_start;

		tui_progress_update(k->stage, fraction, fraction > 0.01 ?
		    el * (1 - fraction) / fraction : -1, kl);
		if (tui_progress_cancelled())
			interrupted = 1;
		return;
	}
	if (iter > 0 && kl >= 0)
		snprintf(note, sizeof note, "iteration %d, KL %.4f", iter, kl);
	else if (iter > 0)
		snprintf(note, sizeof note, "iteration %d", iter);
	progress_fraction(&k->pr, fraction, note[0] ? note : NULL);
}

static void
sink_load_cb(void *ctx, uint64_t done, uint64_t total)
{
	struct sink *k = ctx;

	if (k->tui)
		sink_update(k, total ? (double)done / (double)total : -1, 0, -1);
	else
		progress_bytes(&k->pr, done, total);
}

/* The load every command starts with.  Returns 0 or an exit code. */
static int
load(const struct options *o, int profiles, struct load_result *r,
    struct sink *k)
{
	struct load_options lo;
	char err[1024];
	int rc;

	load_options_default(&lo);
	if (o->format != NULL)
		lo.format = records_format_find(o->format);
	if (o->direction != NULL)
		lo.direction = strcmp(o->direction, "infer") == 0 ?
		    DIRECTION_INFER : DIRECTION_AS_IS;
	lo.threads = (int)o->threads;
	lo.strict = o->strict;
	lo.profiles = profiles;
	lo.cancel = &interrupted;
	sink_stage(k, "loading");
	lo.progress = sink_load_cb;
	lo.progress_ctx = k;

	rc = load_run((const char *const *)o->files, (size_t)o->nfiles, &lo, r,
	    err, sizeof err);
	if (!k->tui)
		progress_end(&k->pr);
	if (k->tui && (rc != 0 || r->cancelled || r->malformed > 0))
		tui_progress_end();	/* the messages must be readable */
	report_problems(o, r);
	if (rc != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	if (r->cancelled) {
		fprintf(stderr, "flowmap: interrupted\n");
		return EXIT_INTERRUPT;
	}
	/* A file of which not one line is a record, but some are malformed,
	 * is read in the wrong format (or is not flows at all): a report of
	 * zero flows would look like a result. */
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct load_file *f = &r->files[i];
		char name[300];

		if (f->records > 0 || f->malformed == 0)
			continue;
		escape_text(f->name, strlen(f->name), name, sizeof name);
		fprintf(stderr, "flowmap: %s: none of its %llu lines is a %s "
		    "record; is it in another format? (see --format)\n", name,
		    (unsigned long long)f->malformed, f->format != NULL ?
		    f->format->name : "known");
		return EXIT_FAILURE;
	}
	return 0;
}

static int
cmd_stats(const struct options *o)
{
	struct load_result r;
	struct stats_report s;
	struct sink k = {0};
	int rc;

	progress_init(&k.pr, o->quiet);
	if ((rc = load(o, 0, &r, &k)) != 0) {
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
	if (write(out.f, arg) != 0 || interrupted) {
		outfile_abort(&out);
		fprintf(stderr, interrupted ? "flowmap: interrupted\n" :
		    "flowmap: cannot write the output\n");
		return interrupted ? EXIT_INTERRUPT : EXIT_FAILURE;
	}
	if (outfile_commit(&out, err, sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	return 0;
}

/* Everything the feature stage produces, from the load on. */
struct profiled {
	struct load_result	load;
	struct profiles		profiles;
	struct featvec		features;
};

static void
profiled_free(struct profiled *pf)
{
	featvec_free(&pf->features);
	profile_free(&pf->profiles);
	load_result_free(&pf->load);
}

/* load -> profiles -> features.  Returns 0 or an exit code. */
static int
profile(const struct options *o, struct profiled *pf, struct sink *k,
    int pairs)
{
	char err[256];
	int rc;

	memset(pf, 0, sizeof *pf);
	if ((rc = load(o, TALLY_PROFILES | (pairs ? TALLY_PAIRS : 0),
	    &pf->load, k)) != 0)
		return rc;
	const struct tally *t = &pf->load.tally;
	if (profile_build(t, (uint64_t)o->min_flows, &pf->profiles, err,
	    sizeof err) != 0 ||
	    featvec_build(t, &pf->profiles, (size_t)o->ports, &pf->features,
	    err, sizeof err) != 0) {
		if (k->tui)
			tui_progress_end();	/* else the message is lost */
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	if (!o->quiet && !k->tui)
		fprintf(stderr, "flowmap: %zu of %u computers have at least "
		    "%lld flows; %zu port bins, %zu features each\n",
		    pf->profiles.ncomputers, t->computers.count, o->min_flows,
		    pf->features.nport_bins, pf->features.dim);
	if (pf->profiles.ncomputers == 0) {
		if (k->tui)
			tui_progress_end();	/* else the message is lost */
		fprintf(stderr, "flowmap: no computer has at least %lld flows "
		    "(see --min-flows)\n", o->min_flows);
		return EXIT_FAILURE;
	}
	return 0;
}

/* The engine's callbacks, into the sink. */
static void
on_tsne_report(void *ctx, const char *stage, double fraction, int iter,
    double kl)
{
	sink_stage(ctx, stage);
	sink_update(ctx, fraction, iter, kl);
}

static int
on_tsne_cancelled(void *ctx)
{
	(void)ctx;
	return interrupted;
}

static int
on_pca_tick(void *ctx, double fraction)
{
	sink_update(ctx, fraction, 0, -1);
	return interrupted;
}

/*
 * Rows X (n x d) to the plane: PCA to --pca-dims first (once, here, so the
 * neighbours of the detail pane are found in the same space the embedding
 * starts from), then t-SNE, then each row's nearest rows when `nearest`
 * (n x MAP_NEAREST) is given.  Returns 0 or an exit code.
 */
static int
embed_rows(const struct options *o, const float *X, size_t n, size_t d,
    struct sink *k, double *Y, uint32_t *nearest, size_t *nnearest,
    double *kl)
{
	struct tsne_options to;
	struct tsne_progress tp = { on_tsne_report, on_tsne_cancelled, k };
	const float *space = X;
	float *reduced = NULL;
	size_t dims = d;
	char err[512];
	int rc = 0;

	if (o->pca_dims > 0 && (size_t)o->pca_dims < d && n > 1) {
		dims = (size_t)o->pca_dims;
		reduced = xcalloc(xmul(n, dims), sizeof *reduced);
		sink_stage(k, "pca");
		if (pca_project(X, n, d, dims, reduced, NULL, NULL,
		    (int)o->threads, on_pca_tick, k) != 0)
			goto cancelled;
		space = reduced;
	}
	tsne_options_default(&to);
	to.pca_dims = 0;
	to.perplexity = o->perplexity;
	to.theta = o->theta;
	to.iterations = (int)o->iterations;
	if (to.exaggeration_iters > to.iterations)
		to.exaggeration_iters = to.iterations;
	to.seed = (uint64_t)o->seed;
	to.threads = (int)o->threads;
	rc = tsne_embed(space, n, dims, &to, &tp, Y, kl, err, sizeof err);
	if (rc == 1)
		goto cancelled;
	if (rc != 0) {
		if (k->tui)
			tui_progress_end();
		fprintf(stderr, "flowmap: embedding: %s\n", err);
		free(reduced);
		return EXIT_FAILURE;
	}
	*nnearest = 0;
	if (nearest != NULL && n > 1) {
		size_t kn = n - 1 < MAP_NEAREST ? n - 1 : MAP_NEAREST;
		float *dist = xcalloc(xmul(n, kn), sizeof *dist);
		uint32_t *idx = xcalloc(xmul(n, kn), sizeof *idx);

		sink_stage(k, "nearest computers");
		sink_update(k, 0, 0, -1);
		if (knn_search(space, n, dims, kn, idx, dist, (int)o->threads,
		    err, sizeof err) != 0) {
			if (k->tui)
				tui_progress_end();
			fprintf(stderr, "flowmap: nearest computers: %s\n", err);
			free(dist);
			free(idx);
			free(reduced);
			return EXIT_FAILURE;
		}
		for (size_t i = 0; i < n; i++)
			memcpy(nearest + i * MAP_NEAREST, idx + i * kn,
			    kn * sizeof *idx);
		*nnearest = kn;
		free(dist);
		free(idx);
	}
	free(reduced);
	return 0;

cancelled:
	if (k->tui)
		tui_progress_end();
	free(reduced);
	fprintf(stderr, "flowmap: interrupted\n");
	return EXIT_INTERRUPT;
}

/* Place the map's computers with t-SNE and find their nearest. */
static int
embed_map(const struct options *o, struct sink *k, struct map *m)
{
	double start = now(), *Y;
	uint32_t *nearest;
	size_t nn = 0;
	int rc;

	Y = xcalloc(xmul(m->ncomputers, 2), sizeof *Y);
	nearest = xcalloc(xmul(m->ncomputers, MAP_NEAREST), sizeof *nearest);
	rc = embed_rows(o, m->features, m->ncomputers, m->dim, k, Y, nearest,
	    &nn, &m->kl);
	if (rc == 0) {
		for (size_t i = 0; i < m->ncomputers; i++) {
			struct map_computer *c = &m->computers[i];

			c->x = Y[2 * i];
			c->y = Y[2 * i + 1];
			memcpy(c->nearest, nearest + i * MAP_NEAREST,
			    sizeof c->nearest);
			c->nnearest = (uint32_t)nn;
		}
		if (!k->tui) {
			progress_end(&k->pr);
			if (!o->quiet)
				fprintf(stderr, "flowmap: embedded %zu computers "
				    "in %.1f s, KL divergence %.4f\n",
				    m->ncomputers, now() - start, m->kl);
		}
	}
	free(Y);
	free(nearest);
	return rc;
}

/* What build_map() makes. */
enum {
	BUILD_EMBED = 1,	/* the functional map */
	BUILD_COMMS = 2,	/* the communications map */
};

/*
 * The snapshot key of this run: its inputs and every option that changes
 * the map.  Returns 0, or -1 when this run has no cache (--no-cache,
 * standard input, no cache directory).
 */
static int
cache_key(const struct options *o, int what, struct snapshot_key *key)
{
	char dir[4096], profile[256], embedding[256], err[256];
	const char *base;

	if (o->no_cache)
		return -1;
	if (o->cache_dir != NULL)
		snprintf(dir, sizeof dir, "%s", o->cache_dir);
	else if ((base = getenv("XDG_CACHE_HOME")) != NULL && base[0] == '/')
		snprintf(dir, sizeof dir, "%s/flowmap", base);
	else if ((base = getenv("HOME")) != NULL && base[0] == '/')
		snprintf(dir, sizeof dir, "%s/.cache/flowmap", base);
	else
		return -1;
	snprintf(profile, sizeof profile, "format %s\ndirection %s\n"
	    "min-flows %lld\nports %lld\nstrict %d\n",
	    o->format ? o->format : "detected",
	    o->direction ? o->direction : "default", o->min_flows, o->ports,
	    o->strict);
	snprintf(embedding, sizeof embedding, "perplexity %.17g\ntheta %.17g\n"
	    "iter %lld\nseed %lld\npca-dims %lld\nmaps %d\n", o->perplexity,
	    o->theta, o->iterations, o->seed, o->pca_dims, what);
	return snapshot_key_make(key, dir, o->files, (size_t)o->nfiles,
	    profile, embedding, err, sizeof err);
}

static void
snapshot_warning(struct sink *k, const struct snapshot_key *key,
    const char *what, const char *err)
{
	char name[1024];

	if (k->tui) {
		sink_stage(k, "snapshot unusable: rebuilding");
		return;
	}
	escape_text(key->path, strlen(key->path), name, sizeof name);
	fprintf(stderr, "flowmap: %s snapshot %s: %s\n", what, name, err);
}

/*
 * load -> features -> map (-> embedding), or all of it from the snapshot
 * when one was made for the same inputs and options.  Returns 0 or an exit
 * code.
 */
/* The neighbours of the communications map, while the tally is there. */
struct comms_knn {
	size_t		 k;
	uint32_t	*idx;
	float		*dist;
};

static int
comms_neighbours(const struct options *o, const struct profiled *pf,
    struct sink *k, struct comms_knn *ck)
{
	struct comms c;
	char err[256];
	size_t n = pf->profiles.ncomputers;

	memset(ck, 0, sizeof *ck);
	if (comms_build(&pf->load.tally, &pf->profiles, &c, err,
	    sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	ck->k = (size_t)(3 * o->perplexity);
	if (ck->k > n - 1)
		ck->k = n - 1;
	sink_stage(k, "peers' neighbours");
	sink_update(k, 0, 0, -1);
	ck->idx = xcalloc(xmul(n, ck->k ? ck->k : 1), sizeof *ck->idx);
	ck->dist = xcalloc(xmul(n, ck->k ? ck->k : 1), sizeof *ck->dist);
	comms_knn(&c, ck->k, ck->idx, ck->dist, (int)o->threads);
	comms_free(&c);
	return 0;
}

/* The communications map: cx, cy from the peers' neighbourhoods. */
static int
embed_comms(const struct options *o, struct sink *k, struct map *m,
    struct comms_knn *ck)
{
	struct tsne_options to;
	struct tsne_progress tp = { on_tsne_report, on_tsne_cancelled, k };
	double *Y = xcalloc(xmul(m->ncomputers, 2), sizeof *Y);
	char err[512];
	int rc;

	tsne_options_default(&to);
	to.perplexity = o->perplexity;
	to.theta = o->theta;
	to.iterations = (int)o->iterations;
	if (to.exaggeration_iters > to.iterations)
		to.exaggeration_iters = to.iterations;
	to.seed = (uint64_t)o->seed;
	to.threads = (int)o->threads;
	sink_stage(k, "communications map");
	rc = tsne_embed_knn(ck->idx, ck->dist, m->ncomputers, ck->k, &to, &tp,
	    Y, &m->comms_kl, err, sizeof err);
	if (rc == 0) {
		for (size_t i = 0; i < m->ncomputers; i++) {
			m->computers[i].cx = Y[2 * i];
			m->computers[i].cy = Y[2 * i + 1];
		}
		m->has_comms = 1;
		if (!k->tui) {
			progress_end(&k->pr);
			if (!o->quiet)
				fprintf(stderr, "flowmap: communications map, KL "
				    "divergence %.4f\n", m->comms_kl);
		}
	} else {
		if (k->tui)
			tui_progress_end();
		if (rc == 1)
			fprintf(stderr, "flowmap: interrupted\n");
		else
			fprintf(stderr, "flowmap: communications map: %s\n", err);
	}
	free(Y);
	return rc == 0 ? 0 : rc == 1 ? EXIT_INTERRUPT : EXIT_FAILURE;
}

/*
 * load -> features -> map (-> embeddings), or all of it from the snapshot
 * when one was made for the same inputs and options.  Returns 0 or an exit
 * code.
 */
static int
build_map(const struct options *o, struct sink *k, struct map *m, int what)
{
	struct snapshot_key key;
	struct profiled pf;
	struct comms_knn ck = {0};
	char err[256];
	int cached = cache_key(o, what, &key) == 0, rc;

	memset(m, 0, sizeof *m);
	if (cached && !o->rebuild) {
		if (snapshot_load(&key, what != 0, m, err, sizeof err) == 1) {
			if (!o->quiet && !k->tui)
				fprintf(stderr, "flowmap: %zu computers from the "
				    "snapshot (--rebuild to load again)\n",
				    m->ncomputers);
			snapshot_key_free(&key);
			return 0;
		}
		if (err[0] != '\0' && !o->quiet)
			snapshot_warning(k, &key, "ignoring", err);
	}
	if ((rc = profile(o, &pf, k, what & BUILD_COMMS)) != 0) {
		if (k->tui)
			tui_progress_end();
		profiled_free(&pf);
		goto done;
	}
	map_build(m, &pf.load.tally, &pf.profiles, &pf.features);
	if ((what & BUILD_COMMS) && m->ncomputers > 1)
		rc = comms_neighbours(o, &pf, k, &ck);
	profiled_free(&pf);
	if (rc == 0 && (what & BUILD_EMBED))
		rc = embed_map(o, k, m);
	if (rc == 0 && ck.idx != NULL)
		rc = embed_comms(o, k, m, &ck);
	free(ck.idx);
	free(ck.dist);
	if (rc != 0)
		goto done;
	if (cached && snapshot_save(&key, m, what != 0, err, sizeof err) != 0 &&
	    !o->quiet)
		snapshot_warning(k, &key, "cannot write", err);
done:
	if (cached)
		snapshot_key_free(&key);
	return rc;
}

static int
write_features(FILE *f, const void *arg)
{
	return map_write_features_tsv(f, arg);
}

static int
cmd_features(const struct options *o)
{
	struct sink k = {0};
	struct map m;
	int rc;

	progress_init(&k.pr, o->quiet);
	if ((rc = build_map(o, &k, &m, 0)) == 0)
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
cmd_embed_matrix(const struct options *o, struct sink *k)
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
	rc = embed_rows(o, mx.data, mx.rows, mx.cols, k, Y, NULL, &nn, &kl);
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
	struct sink k = {0};
	struct map m;
	int rc;

	progress_init(&k.pr, o->quiet);
	if (o->features_in != NULL)
		return cmd_embed_matrix(o, &k);
	int comms = strcmp(o->view, "comms") == 0;

	if ((rc = build_map(o, &k, &m, comms ? BUILD_COMMS :
	    BUILD_EMBED)) == 0) {
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
	struct sink k = { .tui = 1 };
	struct map m;
	char err[512];
	int rc;

	if (tui_progress_begin(&to, err, sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	if ((rc = build_map(o, &k, &m, BUILD_EMBED |
	    (o->no_comms ? 0 : BUILD_COMMS))) == 0 &&
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

	if (options_parse(argc, argv, &o, err, sizeof err) != 0) {
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
	catch_interrupts();
	switch (o.command) {
	case CMD_STATS:
		return cmd_stats(&o);
	case CMD_FEATURES:
		return cmd_features(&o);
	case CMD_EMBED:
		return cmd_embed(&o);
	case CMD_EXPLORE:
		return cmd_explore(&o);
	}
	return EXIT_FAILURE;
}
