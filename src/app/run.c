/*
 * run.c - the policy of a map: snapshot or stages (see run.h).
 *
 * load (profiles) -> features -> map -> embedding (and the communications
 * map), or all of it from a snapshot.  The stages report to the sink they
 * are given; this file says what each result means to the user in notes,
 * and turns failures into an exit code and a message in err.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cache.h"
#include "app/run.h"
#include "base/clock.h"
#include "base/escape.h"
#include "base/xalloc.h"
#include "embed/embed.h"
#include "profile/cluster.h"
#include "profile/comms.h"
#include "profile/features.h"

volatile sig_atomic_t run_interrupted;

static void
on_interrupt(int sig)
{
	(void)sig;
	run_interrupted = 1;
}

void
run_catch_interrupts(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void
run_load_options(const struct options *o, const struct sink *s,
    struct load_options *lo)
{
	load_options_default(lo);
	lo->format = o->format;
	lo->columns = o->columns;
	if (o->direction != NULL)
		lo->direction = strcmp(o->direction, "infer") == 0 ?
		    DIRECTION_INFER : DIRECTION_AS_IS;
	lo->threads = (int)o->threads;
	lo->strict = o->strict;
	lo->from = o->from;
	lo->to = o->to;
	lo->date_order = o->date_order;
	lo->min_flows = (uint64_t)o->min_flows;
	lo->port_bins = (size_t)o->ports;
	lo->memory = (uint64_t)o->memory;
	lo->sink = s;
	lo->team = o->team;
}

/* The exit code of a stage that stopped: cancelled, or failed. */
static int
stopped(int cancelled, char *err, size_t errlen)
{
	if (cancelled) {
		snprintf(err, errlen, "interrupted");
		return EXIT_INTERRUPT;
	}
	return EXIT_FAILURE;
}

/* --- the embedding stage, reporting to the sink ----------------------- */

static void
on_embed_report(void *ctx, const char *stage, double fraction, int iter,
    double kl)
{
	struct sink_progress p = { .fraction = fraction, .iter = iter,
	    .kl = kl };

	sink_stage(ctx, stage);
	sink_progress(ctx, &p);
}

static int
on_embed_cancelled(void *ctx)
{
	return sink_cancelled(ctx);
}

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

int
run_embed_rows(const struct options *o, const struct sink *s, const float *X,
    const struct sparse_rows *S, size_t n, size_t d, double *Y,
    uint32_t *nearest, size_t *nnearest, double *kl, char *err, size_t errlen)
{
	struct embed_options eo;
	struct embed_progress ep = { on_embed_report, on_embed_cancelled,
	    (void *)s };
	size_t kn = n > 1 ? (n - 1 < MAP_NEAREST ? n - 1 : MAP_NEAREST) : 0;
	uint32_t *found = NULL;
	char why[512];
	int rc;

	embed_options_from(o, &eo);
	if (nearest != NULL && kn > 0)
		found = xcalloc(xmul(n, kn), sizeof *found);
	if (X != NULL)
		rc = embed_rows(X, n, d, &eo, &ep, Y, kl, found, kn, why,
		    sizeof why);
	else
		rc = embed_sparse_rows(S, &eo, &ep, Y, kl, found, kn, why,
		    sizeof why);
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
	if (rc == 1)
		return stopped(1, err, errlen);
	snprintf(err, errlen, "embedding: %s", why);
	return EXIT_FAILURE;
}

/* Place the map's computers with t-SNE and find their nearest. */
static int
embed_map(const struct options *o, const struct sink *s, struct map *m,
    char *err, size_t errlen)
{
	double start = clock_now(), *Y;
	uint32_t *nearest;
	size_t nn = 0;
	int rc;

	Y = xcalloc(xmul(m->ncomputers, 2), sizeof *Y);
	nearest = xcalloc(xmul(m->ncomputers, MAP_NEAREST), sizeof *nearest);
	rc = run_embed_rows(o, s, NULL, &m->features, m->ncomputers, m->dim, Y,
	    nearest, &nn, &m->kl, err, errlen);
	if (rc == 0) {
		for (size_t i = 0; i < m->ncomputers; i++) {
			struct map_computer *c = &m->computers[i];

			c->x = Y[2 * i];
			c->y = Y[2 * i + 1];
			memcpy(c->nearest, nearest + i * MAP_NEAREST,
			    sizeof c->nearest);
			c->nnearest = (uint32_t)nn;
		}
		sink_note(s, "embedded %zu computers in %.1f s, KL divergence "
		    "%.4f", m->ncomputers, clock_now() - start, m->kl);
	}
	free(Y);
	free(nearest);
	return rc;
}

/* The groups of the functional map (profile/cluster.h). */
static void
cluster(const struct options *o, const struct sink *s, struct map *m)
{
	struct cluster_options co;
	size_t none = 0;

	cluster_options_default(&co);
	co.min_size = (size_t)o->cluster_min;
	co.scale = o->cluster_scale;
	sink_stage(s, "clusters");
	cluster_map(m, &co);
	for (size_t i = 0; i < m->ncomputers; i++)
		none += m->computers[i].cluster == MAP_NO_CLUSTER;
	sink_note(s, "%zu clusters; %zu computers in none", m->nclusters, none);
}

/* The neighbours of the communications map, while the profiles are there. */
struct comms_knn {
	size_t		 k;
	uint32_t	*idx;
	float		*dist;
};

static int
comms_neighbours(const struct options *o, const struct sink *s,
    const struct load_profiles *p, struct comms_knn *ck, char *err,
    size_t errlen)
{
	struct comms c;
	size_t n = p->ncomputers;

	memset(ck, 0, sizeof *ck);
	if (comms_build(p, &c, err, errlen) != 0)
		return EXIT_FAILURE;
	ck->k = (size_t)(3 * o->perplexity);
	if (ck->k > n - 1)
		ck->k = n - 1;
	sink_stage(s, "peers' neighbours");
	sink_fraction(s, 0);
	ck->idx = xcalloc(xmul(n, ck->k ? ck->k : 1), sizeof *ck->idx);
	ck->dist = xcalloc(xmul(n, ck->k ? ck->k : 1), sizeof *ck->dist);
	comms_knn(&c, ck->k, ck->idx, ck->dist, (int)o->threads);
	comms_free(&c);
	return 0;
}

/* The communications map: cx, cy from the peers' neighbourhoods. */
static int
embed_comms(const struct options *o, const struct sink *s, struct map *m,
    const struct comms_knn *ck, char *err, size_t errlen)
{
	struct embed_options eo;
	struct embed_progress ep = { on_embed_report, on_embed_cancelled,
	    (void *)s };
	double *Y = xcalloc(xmul(m->ncomputers, 2), sizeof *Y);
	char why[512];
	int rc;

	embed_options_from(o, &eo);
	sink_stage(s, "communications map");
	rc = embed_graph(ck->idx, ck->dist, m->ncomputers, ck->k, &eo, &ep,
	    Y, &m->comms_kl, why, sizeof why);
	if (rc == 0) {
		for (size_t i = 0; i < m->ncomputers; i++) {
			m->computers[i].cx = Y[2 * i];
			m->computers[i].cy = Y[2 * i + 1];
		}
		m->has_comms = 1;
		sink_note(s, "communications map, KL divergence %.4f",
		    m->comms_kl);
	} else if (rc != 1)
		snprintf(err, errlen, "communications map: %s", why);
	free(Y);
	return rc == 0 ? 0 : rc == 1 ? stopped(1, err, errlen) : EXIT_FAILURE;
}

/*
 * load -> features -> map, with the neighbours of the communications map
 * when `pairs`; with `features_too` 0 the map is only checked to have the
 * same rows (a snapshot's map that lacks the communications map).
 */
static int
profile_map(const struct options *o, const struct sink *s, struct map *m,
    int pairs, int features_too, struct comms_knn *ck, char *err,
    size_t errlen)
{
	const char *const *paths = (const char *const *)o->files;
	struct load_options lo;
	struct load_result r;
	struct load_profiles p;
	struct features f;
	int rc = 0;

	run_load_options(o, s, &lo);
	lo.pairs = pairs;
	if (load_profiles(paths, (size_t)o->nfiles, &lo, &r, &p, err,
	    errlen) != 0) {
		rc = stopped(r.cancelled, err, errlen);
		goto done;
	}
	sink_note(s, "%zu of %zu computers have at least %lld flows; %zu port "
	    "bins, %zu features each", p.ncomputers, p.nseen, o->min_flows,
	    p.nbins, MAP_NDIST * (p.nbins + PROTO_NBINS));
	if (p.ncomputers == 0) {
		snprintf(err, errlen, "no computer has at least %lld flows "
		    "(see --min-flows)", o->min_flows);
		rc = EXIT_FAILURE;
		goto done;
	}
	if (features_too) {
		features_build(&p, &f);
		map_build(m, &p, &f);
		features_free(&f);
	} else if (p.ncomputers != m->ncomputers) {
		snprintf(err, errlen, "the flows no longer give the map of the "
		    "snapshot (--rebuild)");
		rc = EXIT_FAILURE;
		goto done;
	}
	if (pairs && p.ncomputers > 1)
		rc = comms_neighbours(o, s, &p, ck, err, errlen);
done:
	load_profiles_free(&p);
	load_result_free(&r);
	return rc;
}

static void
snapshot_note(const struct sink *s, const struct snapshot_key *key,
    const char *what, const char *why)
{
	char name[1024];

	escape_text(key->path, strlen(key->path), name, sizeof name);
	sink_note(s, "%s snapshot %s: %s", what, name, why);
}

int
run_build_map(const struct options *o, const struct sink *s, struct map *m,
    int what, char *err, size_t errlen)
{
	struct snapshot_key key;
	struct comms_knn ck = {0};
	char why[256];
	int cached = cache_key(o, &key) == 0, from_snapshot = 0, rc;

	memset(m, 0, sizeof *m);
	/* A map file (embed --save) is the map, whatever the options. */
	if (o->nfiles == 1 && snapshot_is_map_file(o->files[0])) {
		if (cached)
			snapshot_key_free(&key);
		if (snapshot_open_map(o->files[0], m, why, sizeof why) != 0) {
			char name[300];

			escape_text(o->files[0], strlen(o->files[0]), name,
			    sizeof name);
			snprintf(err, errlen, "%s: %s", name, why);
			return EXIT_FAILURE;
		}
		sink_note(s, "%zu computers from the map file; it is shown as "
		    "it was saved", m->ncomputers);
		return 0;
	}
	if (cached && !o->rebuild) {
		if (snapshot_load(&key, what != 0, m, why, sizeof why) == 1) {
			sink_note(s, "%zu computers from the snapshot "
			    "(--rebuild to load again)", m->ncomputers);
			from_snapshot = 1;
		} else if (why[0] != '\0')
			snapshot_note(s, &key, "ignoring", why);
	}
	/* The communications map is made only where it is asked for; a
	 * snapshot of `embed` lacks it, and the explorer adds it there. */
	int comms = (what & RUN_COMMS) && !(from_snapshot && m->has_comms);
	if (from_snapshot && !comms)
		goto done_ok;
	rc = profile_map(o, s, m, comms, !from_snapshot, &ck, err, errlen);
	if (rc == 0 && !from_snapshot && (what & RUN_EMBED) &&
	    (rc = embed_map(o, s, m, err, errlen)) == 0)
		cluster(o, s, m);
	if (rc == 0 && ck.idx != NULL)
		rc = embed_comms(o, s, m, &ck, err, errlen);
	free(ck.idx);
	free(ck.dist);
	if (rc != 0)
		goto done;
	if (cached && snapshot_save(&key, m, what != 0 || from_snapshot, why,
	    sizeof why) != 0)
		snapshot_note(s, &key, "cannot write", why);
done_ok:
	rc = 0;
done:
	if (cached)
		snapshot_key_free(&key);
	return rc;
}
