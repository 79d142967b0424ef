/*
 * run.c - the stages of a run wired together (see run.h).
 *
 * load -> profiles -> features -> map -> PCA -> t-SNE (and the
 * communications map), or all of it from a snapshot.  This is the
 * program's glue, not the engine: it prints the stages' messages and sends
 * progress either to stderr or to the explorer's progress screen.
 */
#include <sys/stat.h>

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "profile/comms.h"
#include "base/escape.h"
#include "profile/featvec.h"
#include "embed/embed.h"
#include "profile/profile.h"
#include "app/run.h"
#include "app/snapshot.h"
#include "tui/tui.h"
#include "base/xalloc.h"

volatile sig_atomic_t run_interrupted;

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

static void
sink_stage(struct run_sink *k, const char *stage)
{
	if (strcmp(k->stage, stage) == 0)
		return;
	snprintf(k->stage, sizeof k->stage, "%s", stage);
	k->stage_start = clock_now();
	if (!k->tui)
		progress_stage(&k->pr, stage);
}

/* fraction of the current stage done; kl < 0: none. */
static void
sink_update(struct run_sink *k, double fraction, int iter, double kl)
{
	char note[64] = "";

	if (k->tui) {
		double el = clock_now() - k->stage_start;

		tui_progress_update(k->stage, fraction, fraction > 0.01 ?
		    el * (1 - fraction) / fraction : -1, kl);
		if (tui_progress_cancelled())
			run_interrupted = 1;
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
	struct run_sink *k = ctx;

	if (k->tui)
		sink_update(k, total ? (double)done / (double)total : -1, 0, -1);
	else
		progress_bytes(&k->pr, done, total);
}

/* The format --columns describes; the files' formats point to it until
 * the program ends. */
static struct format *columns_format;

int
run_check_options(const struct options *o, char *err, size_t errlen)
{
	if (o->columns != NULL && columns_format == NULL &&
	    (columns_format = format_columns_template(o->columns, err,
	    errlen)) == NULL)
		return -1;
	return 0;
}

/* The load every command starts with.  Returns 0 or an exit code. */
int
run_load(const struct options *o, int profiles, const struct names *kept,
    const struct tally_ports *bins, struct load_result *r, struct run_sink *k)
{
	struct load_options lo;
	char err[1024];
	int rc;

	load_options_default(&lo);
	if (o->format != NULL)
		lo.format = format_find(o->format);
	if (o->columns != NULL)
		lo.format = columns_format;
	if (o->direction != NULL)
		lo.direction = strcmp(o->direction, "infer") == 0 ?
		    DIRECTION_INFER : DIRECTION_AS_IS;
	lo.threads = (int)o->threads;
	lo.strict = o->strict;
	lo.profiles = profiles;
	if (profiles) {
		lo.fold_rank = (uint32_t)(o->ports - 1);
		lo.cell_budget = (uint64_t)o->memory;
		lo.kept = kept;
		lo.bins = bins;
	}
	lo.cancel = &run_interrupted;
	/* The passes after a fold (profile()) say what they are, and report
	 * nothing the first did not. */
	int again = kept != NULL || bins != NULL;
	sink_stage(k, bins != NULL ? "counting bins" : kept != NULL ?
	    "ranking ports" : "loading");
	lo.progress = sink_load_cb;
	lo.progress_ctx = k;

	rc = load_run((const char *const *)o->files, (size_t)o->nfiles, &lo, r,
	    err, sizeof err);
	if (!k->tui)
		progress_end(&k->pr);
	if (k->tui && (rc != 0 || r->cancelled ||
	    (!again && r->malformed > 0)))
		tui_progress_end();	/* the messages must be readable */
	if (!again)
		report_problems(o, r);
	if (rc != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	if (r->cancelled) {
		fprintf(stderr, "flowmap: run_interrupted\n");
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

/* Whether every input is a regular file, which can be read twice. */
static int
inputs_rereadable(const struct options *o)
{
	struct stat st;

	for (int i = 0; i < o->nfiles; i++)
		if (strcmp(o->files[i], "-") == 0 ||
		    stat(o->files[i], &st) != 0 || !S_ISREG(st.st_mode))
			return 0;
	return 1;
}

/*
 * What the passes after a fold read must be what the first read: each
 * file's identity, size and time of change before the first pass, and the
 * lines the first pass found in it.
 */
struct input_ids {
	size_t		 n;
	struct stat	*st;
	uint64_t	*lines;		/* 0 until input_ids_lines() */
};

static void
input_ids_take(const struct options *o, struct input_ids *ids)
{
	ids->n = (size_t)o->nfiles;
	ids->st = xcalloc(ids->n ? ids->n : 1, sizeof *ids->st);
	ids->lines = xcalloc(ids->n ? ids->n : 1, sizeof *ids->lines);
	for (size_t i = 0; i < ids->n; i++)
		if (stat(o->files[i], &ids->st[i]) != 0)
			ids->st[i].st_ino = 0;	/* fails the comparison */
}

static void
input_ids_lines(struct input_ids *ids, const struct load_result *r)
{
	for (size_t i = 0; i < ids->n && i < r->nfiles; i++)
		ids->lines[i] = r->files[i].lines;
}

static void
input_ids_free(struct input_ids *ids)
{
	free(ids->st);
	free(ids->lines);
	memset(ids, 0, sizeof *ids);
}

/* 0, or an exit code after a message when a file changed between the
 * passes: their counts would not add up to any one reading of it. */
static int
same_input(const struct options *o, const struct input_ids *ids,
    const struct load_result *r)
{
	for (size_t i = 0; i < ids->n; i++) {
		const struct stat *a = &ids->st[i];
		struct stat b;
		char name[300];

		if (stat(o->files[i], &b) == 0 && b.st_dev == a->st_dev &&
		    b.st_ino == a->st_ino && b.st_size == a->st_size &&
		    b.st_mtim.tv_sec == a->st_mtim.tv_sec &&
		    b.st_mtim.tv_nsec == a->st_mtim.tv_nsec &&
		    (i >= r->nfiles || r->files[i].lines == ids->lines[i]))
			continue;
		escape_text(o->files[i], strlen(o->files[i]), name,
		    sizeof name);
		fprintf(stderr, "flowmap: %s changed while it was read; it had "
		    "to be read again (see --memory), and the passes would not "
		    "agree: run again on a file that is complete\n", name);
		return EXIT_FAILURE;
	}
	return 0;
}

/* load -> profiles -> features.  Returns 0 or an exit code. */
static int
profile(const struct options *o, struct profiled *pf, struct run_sink *k,
    int pairs)
{
	char err[256];
	int rc;

	int flags = TALLY_PROFILES | TALLY_NO_RAW | (pairs ? TALLY_PAIRS : 0);
	int fv;
	const struct tally *t;

	struct tally_ports bins;
	struct names kept;
	struct input_ids ids = {0};
	int extra = 0;

	/* The loader folds rare service ports away to bound its memory
	 * (tally.h, --memory).  When one of them could have been a feature
	 * bin, two more passes make the features exact in bounded memory
	 * (profile.h): one ranks the ports, one counts the bins.  A pipe
	 * cannot be read again: its flows are never folded. */
	if (!inputs_rereadable(o))
		flags |= TALLY_EXACT;
	else
		input_ids_take(o, &ids);
again:
	memset(pf, 0, sizeof *pf);
	rc = run_load(o, flags, extra ? &kept : NULL, extra ? &bins : NULL,
	    &pf->load, k);
	if (extra) {
		tally_ports_free(&bins);
		names_free(&kept);
		if (rc == 0 && (rc = same_input(o, &ids, &pf->load)) != 0)
			profiled_free(pf);
	}
	if (rc != 0) {
		input_ids_free(&ids);
		return rc;
	}
	t = &pf->load.tally;
	fv = -1;
	if (profile_build(t, (uint64_t)o->min_flows, &pf->profiles, err,
	    sizeof err) == 0 &&
	    (fv = featvec_build(t, &pf->profiles, (size_t)o->ports,
	    &pf->features, err, sizeof err)) == FEATVEC_UNFOLD &&
	    !(flags & TALLY_EXACT)) {
		struct load_result ranked;

		if (!o->quiet && !k->tui)
			fprintf(stderr, "flowmap: the port counts outgrew "
			    "--memory and a port folded away could be a bin: "
			    "reading the flows twice more, to rank the ports "
			    "and to count the bins\n");
		input_ids_lines(&ids, &pf->load);
		profile_kept_names(t, &pf->profiles, &kept);
		profiled_free(pf);
		flags |= TALLY_EXACT;
		rc = run_load(o, flags | TALLY_RANK, &kept, NULL, &ranked, k);
		if (rc == 0 && (rc = same_input(o, &ids, &ranked)) == 0)
			profile_rank_bins(&ranked.tally, (size_t)o->ports - 1,
			    &bins);
		load_result_free(&ranked);
		if (rc != 0) {
			names_free(&kept);
			input_ids_free(&ids);
			return rc;
		}
		extra = 1;
		goto again;
	}
	input_ids_free(&ids);
	if (fv != 0) {
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
on_embed_report(void *ctx, const char *stage, double fraction, int iter,
    double kl)
{
	sink_stage(ctx, stage);
	sink_update(ctx, fraction, iter, kl);
}

static int
on_embed_cancelled(void *ctx)
{
	(void)ctx;
	return run_interrupted;
}

/*
 * The engine's options from the command line's.
 */
static void
embed_options_from(const struct options *o, struct embed_options *eo)
{
	embed_options_default(eo);
	eo->pca_dims = o->pca_dims > 0 ? (size_t)o->pca_dims : 0;
	eo->perplexity = o->perplexity;
	eo->theta = o->theta;
	/* Choices left NULL (a struct not from options_parse) are defaults. */
	if (o->method != NULL && strcmp(o->method, "auto") != 0)
		eo->method = strcmp(o->method, "fft") == 0 ? EMBED_METHOD_FFT :
		    EMBED_METHOD_BH;
	if (o->neighbours != NULL && strcmp(o->neighbours, "auto") != 0)
		eo->neighbours = strcmp(o->neighbours, "exact") == 0 ?
		    EMBED_KNN_EXACT : EMBED_KNN_APPROX;
	if (o->init != NULL)
		eo->init = strcmp(o->init, "random") == 0 ?
		    EMBED_INIT_RANDOM : EMBED_INIT_PCA;
	eo->learning_rate = o->learning_rate;
	if (o->late_exaggeration >= 1)
		eo->late_exaggeration = o->late_exaggeration;
	eo->iterations = (int)o->iterations;
	if (eo->exaggeration_iters > eo->iterations)
		eo->exaggeration_iters = eo->iterations;
	eo->seed = (uint64_t)o->seed;
	eo->threads = (int)o->threads;
}

/*
 * Rows X (n x d) to the plane (the embedding stage, embed.h), with each
 * row's nearest rows when `nearest` (n x MAP_NEAREST) is given.  Returns 0
 * or an exit code.
 */
int
run_embed_rows(const struct options *o, const float *X, size_t n, size_t d,
    struct run_sink *k, double *Y, uint32_t *nearest, size_t *nnearest,
    double *kl)
{
	struct embed_options eo;
	struct embed_progress ep = { on_embed_report, on_embed_cancelled, k };
	size_t kn = n > 1 ? (n - 1 < MAP_NEAREST ? n - 1 : MAP_NEAREST) : 0;
	uint32_t *found = NULL;
	char err[512];
	int rc;

	embed_options_from(o, &eo);
	if (nearest != NULL && kn > 0)
		found = xcalloc(xmul(n, kn), sizeof *found);
	rc = embed_rows(X, n, d, &eo, &ep, Y, kl, found, kn, err, sizeof err);
	*nnearest = 0;
	if (rc == 0 && found != NULL) {
		for (size_t i = 0; i < n; i++)
			memcpy(nearest + i * MAP_NEAREST, found + i * kn,
			    kn * sizeof *found);
		*nnearest = kn;
	}
	free(found);
	if (rc == 0)
		return 0;
	if (k->tui)
		tui_progress_end();
	if (rc == 1) {
		fprintf(stderr, "flowmap: run_interrupted\n");
		return EXIT_INTERRUPT;
	}
	fprintf(stderr, "flowmap: embedding: %s\n", err);
	return EXIT_FAILURE;
}

/* Place the map's computers with t-SNE and find their nearest. */
static int
embed_map(const struct options *o, struct run_sink *k, struct map *m)
{
	double start = clock_now(), *Y;
	uint32_t *nearest;
	size_t nn = 0;
	int rc;

	Y = xcalloc(xmul(m->ncomputers, 2), sizeof *Y);
	nearest = xcalloc(xmul(m->ncomputers, MAP_NEAREST), sizeof *nearest);
	rc = run_embed_rows(o, m->features, m->ncomputers, m->dim, k, Y, nearest,
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
				    m->ncomputers, clock_now() - start, m->kl);
		}
	}
	free(Y);
	free(nearest);
	return rc;
}

/*
 * What the same input and options give changes now and then (a parser
 * that reads more, a better direction rule): bump this with any such
 * change, so snapshots made before it are not taken for its results.
 */
#define RESULTS_REVISION	2

/*
 * The snapshot key of this run: its inputs and every option that changes
 * the map.  Returns 0, or -1 when this run has no cache (--no-cache,
 * standard input, no cache directory).
 */
static int
cache_key(const struct options *o, int what, struct snapshot_key *key)
{
	char dir[4096], profile[8192], embedding[512], err[256];
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
	snprintf(profile, sizeof profile, "results %d\ninfer-sample %u\n"
	    "format %s\ncolumns %s\ndirection %s\nmin-flows %lld\n"
	    "ports %lld\nstrict %d\n", RESULTS_REVISION, LOAD_SAMPLE_BYTES,
	    o->format ? o->format : "detected",
	    o->columns ? o->columns : "-",
	    o->direction ? o->direction : "default", o->min_flows, o->ports,
	    o->strict);
	/* "engine 2": learning rate, start and methods of issue 21. */
	snprintf(embedding, sizeof embedding, "engine 2\nperplexity %.17g\n"
	    "theta %.17g\niter %lld\nseed %lld\npca-dims %lld\nmethod %s\n"
	    "neighbours %s\nlearning-rate %.17g\nlate-exaggeration %.17g\n"
	    "init %s\nmaps %d\n", o->perplexity, o->theta, o->iterations,
	    o->seed, o->pca_dims, o->method ? o->method : "auto",
	    o->neighbours ? o->neighbours : "auto", o->learning_rate,
	    o->late_exaggeration, o->init ? o->init : "pca", what);
	return snapshot_key_make(key, dir, o->files, (size_t)o->nfiles,
	    profile, embedding, err, sizeof err);
}

static void
snapshot_warning(struct run_sink *k, const struct snapshot_key *key,
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
    struct run_sink *k, struct comms_knn *ck)
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
embed_comms(const struct options *o, struct run_sink *k, struct map *m,
    struct comms_knn *ck)
{
	struct embed_options eo;
	struct embed_progress ep = { on_embed_report, on_embed_cancelled, k };
	double *Y = xcalloc(xmul(m->ncomputers, 2), sizeof *Y);
	char err[512];
	int rc;

	embed_options_from(o, &eo);
	sink_stage(k, "communications map");
	rc = embed_graph(ck->idx, ck->dist, m->ncomputers, ck->k, &eo, &ep,
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
			fprintf(stderr, "flowmap: run_interrupted\n");
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
int
run_build_map(const struct options *o, struct run_sink *k, struct map *m,
    int what)
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
	if ((rc = profile(o, &pf, k, what & RUN_COMMS)) != 0) {
		if (k->tui)
			tui_progress_end();
		profiled_free(&pf);
		goto done;
	}
	map_build(m, &pf.load.tally, &pf.profiles, &pf.features);
	if ((what & RUN_COMMS) && m->ncomputers > 1)
		rc = comms_neighbours(o, &pf, k, &ck);
	profiled_free(&pf);
	if (rc == 0 && (what & RUN_EMBED))
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
