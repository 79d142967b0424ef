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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "featvec.h"
#include "load.h"
#include "options.h"
#include "outfile.h"
#include "profile.h"
#include "progress.h"
#include "stats.h"

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

/* The load every command starts with.  Returns 0 or an exit code. */
static int
load(const struct options *o, int profiles, struct load_result *r)
{
	struct load_options lo;
	struct progress pr;
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
	progress_init(&pr, o->quiet);
	progress_stage(&pr, "loading");
	lo.progress = progress_load_cb;
	lo.progress_ctx = &pr;

	rc = load_run((const char *const *)o->files, (size_t)o->nfiles, &lo, r,
	    err, sizeof err);
	progress_end(&pr);
	report_problems(o, r);
	if (rc != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	if (r->cancelled) {
		fprintf(stderr, "flowmap: interrupted\n");
		return EXIT_INTERRUPT;
	}
	return 0;
}

static int
cmd_stats(const struct options *o)
{
	struct load_result r;
	struct stats_report s;
	int rc;

	if ((rc = load(o, 0, &r)) != 0) {
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
profile(const struct options *o, struct profiled *pf)
{
	char err[256];
	int rc;

	memset(pf, 0, sizeof *pf);
	if ((rc = load(o, 1, &pf->load)) != 0)
		return rc;
	const struct tally *t = &pf->load.tally;
	if (profile_build(t, (uint64_t)o->min_flows, &pf->profiles, err,
	    sizeof err) != 0 ||
	    featvec_build(t, &pf->profiles, (size_t)o->ports, &pf->features,
	    err, sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\n", err);
		return EXIT_FAILURE;
	}
	if (!o->quiet)
		fprintf(stderr, "flowmap: %zu of %u computers have at least "
		    "%lld flows; %zu port bins, %zu features each\n",
		    pf->profiles.ncomputers, t->computers.count, o->min_flows,
		    pf->features.nport_bins, pf->features.dim);
	if (pf->profiles.ncomputers == 0) {
		fprintf(stderr, "flowmap: no computer has at least %lld flows "
		    "(see --min-flows)\n", o->min_flows);
		return EXIT_FAILURE;
	}
	return 0;
}

static int
write_features(FILE *f, const void *arg)
{
	const struct profiled *pf = arg;

	return featvec_write_tsv(f, &pf->load.tally, &pf->profiles,
	    &pf->features);
}

static int
cmd_features(const struct options *o)
{
	struct profiled pf;
	int rc;

	if ((rc = profile(o, &pf)) == 0)
		rc = write_output(o, write_features, &pf);
	profiled_free(&pf);
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
	default:
		fprintf(stderr, "flowmap: this command is not built yet\n");
		return EXIT_FAILURE;
	}
}
