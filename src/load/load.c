/*
 * load.c - the loading stage's two questions, and the one owner of its
 * memory bound (see load.h).
 *
 * Everything the later stages read leaves here as plain arrays: the tally
 * (tally.h) that counted the flows stays inside.  load_profiles() is the
 * only place that decides how many passes the flows take:
 *
 *   pass 1    count everything; cells of rare ports fold into "other"
 *             once the counters outgrow the budget (tally.h).
 *   check     rank the ports over the kept computers (rank.c); if a folded
 *             port could rank among the bins, the count is not exact:
 *   pass 2    the rank pass: every port's events at the kept computers,
 *             nothing else, so its tables grow with the distinct ports;
 *   pass 3    the bins pass: cells only for the bins at kept computers.
 *
 * Passes 2 and 3 must read what pass 1 read: each file's identity, size,
 * time of change and line count are compared, and a file that changed
 * fails the run.  Standard input and pipes cannot be read twice, so their
 * flows are never folded (pass 1 is then exact, in whatever memory it
 * takes).
 *
 * With a team (flowmap-mpi) every pass is a team pass (team.h): each
 * member reads its share and member 0 gets the merged result; member 0
 * alone checks and decides, and tells the others whether more passes
 * come, with the kept computers and the bins they need.  The others
 * return as soon as nothing more is asked of them (result.elsewhere).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/xalloc.h"
#include "load/dates.h"
#include "load/format.h"
#include "load/load.h"
#include "load/pass.h"
#include "load/rank.h"
#include "load/team.h"

#define LOAD_MAX_PROBLEMS	5	/* malformed lines noted by default */

void
load_options_default(struct load_options *o)
{
	*o = (struct load_options){0};
	o->direction = DIRECTION_DEFAULT;
	o->max_problems = LOAD_MAX_PROBLEMS;
	o->min_flows = 100;
	o->port_bins = 136;
}

/* A --from or --to time: 0 with the seconds in *v, or -1 with err. */
static int
window_time(const char *opt, const char *text, enum date_order order,
    uint64_t *v, char *err, size_t errlen)
{
	const char *e = dates_parse(text, strlen(text), order, v);

	if (e != NULL) {
		char t[80];

		escape_text(text, strlen(text), t, sizeof t);
		snprintf(err, errlen, "--%s \"%s\" %s", opt, t, e);
		return -1;
	}
	return 0;
}

/* The parsers' settings of o: dates and the window.  0, or -1 with err. */
static int
window_from(const struct load_options *o, struct pass_options *po,
    char *err, size_t errlen)
{
	po->date_order = o->date_order == NULL ? DATE_ORDER_NONE :
	    (enum date_order)dates_order_from_name(o->date_order);
	po->window = o->from != NULL || o->to != NULL;
	po->from = po->to = 0;
	if (o->from != NULL && window_time("from", o->from, po->date_order,
	    &po->from, err, errlen) != 0)
		return -1;
	if (o->to != NULL && window_time("to", o->to, po->date_order,
	    &po->to, err, errlen) != 0)
		return -1;
	if (o->to != NULL && po->to <= po->from) {
		snprintf(err, errlen, "--to is not after --from: no flow "
		    "could count");
		return -1;
	}
	return 0;
}

int
load_check_options(const struct load_options *o, char *err, size_t errlen)
{
	struct format *f;
	struct pass_options po;

	if (window_from(o, &po, err, errlen) != 0)
		return -1;
	if (o->columns == NULL)
		return 0;
	if ((f = format_columns_template(o->columns, err, errlen)) == NULL)
		return -1;
	format_free(f);
	return 0;
}

/*
 * The pass options of o, with tally flags.  The --columns template is made
 * here and handed to the result, which frees it: the files' bound formats
 * point to it.  Returns 0, or -1 with err (a bad --columns map).
 */
static int
pass_options_from(const struct load_options *o, int flags,
    struct pass_options *po, struct format **columns, char *err,
    size_t errlen)
{
	pass_options_default(po);
	*columns = NULL;
	if (o->format != NULL && (po->format = format_find(o->format)) == NULL) {
		snprintf(err, errlen, "unknown format \"%s\" (see --format)",
		    o->format);
		return -1;
	}
	if (o->columns != NULL) {
		if ((*columns = format_columns_template(o->columns, err,
		    errlen)) == NULL)
			return -1;
		po->format = *columns;
	}
	if (window_from(o, po, err, errlen) != 0)
		return -1;
	po->direction = o->direction;
	po->threads = o->threads;
	po->strict = o->strict;
	po->max_problems = o->max_problems;
	po->profiles = flags;
	po->sink = o->sink;
	if (flags & TALLY_PROFILES) {
		po->fold_rank = (uint32_t)(o->port_bins - 1);
		po->cell_budget = team_budget(o->team, o->memory);
	}
	return 0;
}

/* A pass (of the team's, with one), with the --columns template kept by
 * the result. */
static int
run_pass(const struct load_options *o, const char *const *paths,
    size_t npaths, struct pass_options *po, struct format *columns,
    struct load_result *r, char *err, size_t errlen)
{
	int rc = o->team != NULL ?
	    team_pass(o->team, paths, npaths, po, r, err, errlen) :
	    pass_run(paths, npaths, po, r, err, errlen);

	if (columns != NULL) {
		struct load_inside *in = r->inside;

		in->formats = xreallocarray(in->formats, in->nformats + 1,
		    sizeof *in->formats);
		in->formats[in->nformats++] = columns;
	}
	return rc;
}

/*
 * What the first pass has to say besides its counts: the first malformed
 * lines, their number, each file's warning (escaped where they were made;
 * file names here).  Then the check that every file was read in a format
 * it is in: a file of which not one line is a record, but some are
 * malformed, would give a report of zero flows that looks like a result.
 */
static int
first_pass_notes(const struct load_options *o, const struct load_result *r,
    char *err, size_t errlen)
{
	char name[300];

	for (size_t i = 0; i < r->nproblems; i++) {
		const struct load_problem *p = &r->problems[i];

		escape_text(p->file, strlen(p->file), name, sizeof name);
		sink_note(o->sink, "%s:%llu: %s", name,
		    (unsigned long long)p->line, p->what);
	}
	if (r->malformed > r->nproblems)
		sink_note(o->sink, "%llu malformed lines skipped in all",
		    (unsigned long long)r->malformed);
	for (size_t i = 0; i < r->nfiles; i++)
		if (r->files[i].warning != NULL) {
			escape_text(r->files[i].warning,
			    strlen(r->files[i].warning), name, sizeof name);
			sink_note(o->sink, "warning: %s", name);
		}
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct load_file *f = &r->files[i];

		if (f->records > 0 || f->malformed == 0)
			continue;
		escape_text(f->name, strlen(f->name), name, sizeof name);
		snprintf(err, errlen, "%s: none of its %llu lines is a %s "
		    "record; is it in another format? (see --format)", name,
		    (unsigned long long)f->malformed, f->format != NULL ?
		    f->format : "known");
		return -1;
	}
	return 0;
}

int
load_traffic(const char *const *paths, size_t npaths,
    const struct load_options *o, struct load_result *r, char *err,
    size_t errlen)
{
	struct pass_options po;
	struct format *columns;
	const struct tally *t;

	memset(r, 0, sizeof *r);
	if (pass_options_from(o, 0, &po, &columns, err, errlen) != 0)
		return -1;
	sink_stage(o->sink, "loading");
	if (run_pass(o, paths, npaths, &po, columns, r, err, errlen) != 0 ||
	    r->cancelled)
		return -1;
	if (r->elsewhere)
		return 0;
	if (first_pass_notes(o, r, err, errlen) != 0)
		return -1;

	t = &r->inside->tally;
	r->traffic.records = t->records;
	r->traffic.time_min = t->time_min;
	r->traffic.time_max = t->time_max;
	r->traffic.protocols = t->proto;
	r->traffic.src_ports = (struct load_values){ t->src_ports.count,
	    t->src_ports.keys, t->src_count };
	r->traffic.dst_ports = (struct load_values){ t->dst_ports.count,
	    t->dst_ports.keys, t->dst_count };
	r->traffic.ncomputers = t->computers.count;
	uint64_t *flows = xcalloc(t->computers.count ? t->computers.count : 1,
	    sizeof *flows);
	for (uint32_t id = 0; id < t->computers.count; id++)
		flows[id] = tally_flows(t, id);
	r->inside->computer_flows = flows;
	r->traffic.computer_flows = flows;
	return 0;
}

/* --- the passes after a fold ------------------------------------------ */

/* Whether every input is a regular file, which can be read twice. */
static int
inputs_rereadable(const char *const *paths, size_t npaths)
{
	struct stat st;

	for (size_t i = 0; i < npaths; i++)
		if (strcmp(paths[i], "-") == 0 || stat(paths[i], &st) != 0 ||
		    !S_ISREG(st.st_mode))
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
	uint64_t	*lines;
};

static void
input_ids_take(const char *const *paths, size_t npaths, struct input_ids *ids)
{
	ids->n = npaths;
	ids->st = xcalloc(npaths ? npaths : 1, sizeof *ids->st);
	ids->lines = xcalloc(npaths ? npaths : 1, sizeof *ids->lines);
	for (size_t i = 0; i < npaths; i++)
		if (stat(paths[i], &ids->st[i]) != 0)
			ids->st[i].st_ino = 0;	/* fails the comparison */
}

static void
input_ids_free(struct input_ids *ids)
{
	free(ids->st);
	free(ids->lines);
	memset(ids, 0, sizeof *ids);
}

/* 0, or -1 with err when a file changed between the passes: their counts
 * would not add up to any one reading of it. */
static int
same_input(const char *const *paths, const struct input_ids *ids,
    const struct load_result *r, char *err, size_t errlen)
{
	for (size_t i = 0; i < ids->n; i++) {
		const struct stat *a = &ids->st[i];
		struct stat b;
		char name[300];

		if (stat(paths[i], &b) == 0 && b.st_dev == a->st_dev &&
		    b.st_ino == a->st_ino && b.st_size == a->st_size &&
		    b.st_mtim.tv_sec == a->st_mtim.tv_sec &&
		    b.st_mtim.tv_nsec == a->st_mtim.tv_nsec &&
		    (i >= r->nfiles || r->files[i].lines == ids->lines[i]))
			continue;
		escape_text(paths[i], strlen(paths[i]), name, sizeof name);
		snprintf(err, errlen, "%s changed while it was read; it had to "
		    "be read again (see --memory), and the passes would not "
		    "agree: run again on a file that is complete", name);
		return -1;
	}
	return 0;
}

/*
 * The rank pass: its result's ranking of the ports, the first `bins` of
 * which are the bins (on member 0; elsewhere nothing).  0, or -1 with err.
 */
static int
rank_pass(const char *const *paths, size_t npaths,
    const struct load_options *o, int flags, const struct names *kept,
    const struct input_ids *ids, struct tally_ports *bins, int *cancelled,
    char *err, size_t errlen)
{
	struct pass_options po;
	struct format *columns;
	struct load_result ranked;
	int rc;

	if (pass_options_from(o, flags | TALLY_RANK, &po, &columns, err,
	    errlen) != 0)
		return -1;
	po.kept = kept;
	sink_stage(o->sink, "ranking ports");
	rc = run_pass(o, paths, npaths, &po, columns, &ranked, err, errlen);
	*cancelled = ranked.cancelled;
	if (rc == 0 && !ranked.cancelled && !ranked.elsewhere &&
	    (rc = same_input(paths, ids, &ranked, err, errlen)) == 0)
		rank_bins(&ranked.inside->tally, o->port_bins - 1, bins);
	load_result_free(&ranked);
	return rc != 0 || *cancelled ? -1 : 0;
}

/*
 * Passes 2 and 3 (see the top of the file): on success *r is the bins
 * pass's result, whose tally counts the bins exactly (on member 0; on
 * the others, r->elsewhere).  With a team, member 0 sends the others the
 * kept computers and then the bins, or word that the run stops.
 */
static int
exact_passes(const char *const *paths, size_t npaths,
    const struct load_options *o, int flags, struct ranking *rk,
    const struct input_ids *ids, struct load_result *r, char *err,
    size_t errlen)
{
	struct pass_options po;
	struct format *columns;
	struct tally_ports bins = {0};
	struct names kept = {0};
	int rc, here = !r->elsewhere, cancelled = 0;

	if (here) {
		sink_note(o->sink, "the port counts outgrew --memory and a port "
		    "folded away could be a bin: reading the flows twice more, "
		    "to rank the ports and to count the bins");
		rank_kept_names(&r->inside->tally, rk, &kept);
		rank_free(rk);
	}
	load_result_free(r);
	flags |= TALLY_EXACT;
	if (team_share_names(o->team, 1, &kept) != 1)
		return -1;
	rc = rank_pass(paths, npaths, o, flags, &kept, ids, &bins, &cancelled,
	    err, errlen);
	if (team_share_ports(o->team, rc == 0, &bins) != 1) {
		if (here)
			tally_ports_free(&bins);
		names_free(&kept);
		memset(r, 0, sizeof *r);
		r->cancelled = cancelled;
		r->elsewhere = !here;
		return here ? -1 : 0;
	}

	pass_options_from(o, flags, &po, &columns, err, errlen);
	po.kept = &kept;
	po.bins = &bins;
	sink_stage(o->sink, "counting bins");
	rc = run_pass(o, paths, npaths, &po, columns, r, err, errlen);
	tally_ports_free(&bins);
	names_free(&kept);
	if (rc != 0 || r->cancelled)
		return -1;
	if (r->elsewhere)
		return 0;
	if (same_input(paths, ids, r, err, errlen) != 0)
		return -1;
	r->passes = 3;
	return rank_build(&r->inside->tally, o->min_flows, rk, err, errlen);
}

/* What member 0 tells the others after the first pass. */
enum { NEXT_STOP, NEXT_DONE, NEXT_EXACT };

int
load_profiles(const char *const *paths, size_t npaths,
    const struct load_options *o, struct load_result *r,
    struct load_profiles *out, char *err, size_t errlen)
{
	struct pass_options po;
	struct format *columns;
	struct input_ids ids = {0};
	struct ranking rk = {0};
	int flags = TALLY_PROFILES | TALLY_NO_RAW | (o->pairs ? TALLY_PAIRS : 0);
	int rc = -1, next = NEXT_STOP;

	memset(r, 0, sizeof *r);
	memset(out, 0, sizeof *out);
	if (o->port_bins < 2) {
		snprintf(err, errlen, "at least 2 port bins are needed");
		return -1;
	}
	if (!inputs_rereadable(paths, npaths))
		flags |= TALLY_EXACT;
	else
		input_ids_take(paths, npaths, &ids);
	if (pass_options_from(o, flags, &po, &columns, err, errlen) != 0)
		goto done;
	sink_stage(o->sink, "loading");
	int failed = run_pass(o, paths, npaths, &po, columns, r, err,
	    errlen) != 0;
	if (o->team != NULL && o->team->rank != 0) {
		/* Member 0 decides; the others do as it says. */
		if (failed)
			goto done;
		next = team_share_state(o->team, NEXT_STOP);
		goto follow;
	}
	if (failed || r->cancelled)
		goto decide;
	if (first_pass_notes(o, r, err, errlen) != 0)
		goto decide;
	for (size_t i = 0; i < ids.n && i < r->nfiles; i++)
		ids.lines[i] = r->files[i].lines;
	if (rank_build(&r->inside->tally, o->min_flows, &rk, err, errlen) != 0)
		goto decide;
	next = rank_bins_exact(&rk, o->port_bins) || (flags & TALLY_EXACT) ?
	    NEXT_DONE : NEXT_EXACT;
decide:
	if (o->team != NULL)
		team_share_state(o->team, next);
follow:
	if (next == NEXT_EXACT && exact_passes(paths, npaths, o, flags, &rk,
	    &ids, r, err, errlen) != 0)
		goto done;
	if (next != NEXT_STOP && !r->elsewhere) {
		rank_profiles(&r->inside->tally, &rk, o->port_bins, o->pairs,
		    out);
		rank_free(&rk);
		rc = 0;
	} else if (r->elsewhere)
		rc = 0;
done:
	input_ids_free(&ids);
	return rc;
}

/* --- results ---------------------------------------------------------- */

char *
load_port_text(const struct load_result *r, uint32_t key, char *buf,
    size_t size)
{
	return port_format(key, &r->inside->tally.portnames, buf, size);
}

void
load_result_free(struct load_result *r)
{
	if (r->inside != NULL) {
		tally_free(&r->inside->tally);
		for (size_t i = 0; i < r->inside->nformats; i++)
			format_free(r->inside->formats[i]);
		free(r->inside->formats);
		free(r->inside->computer_flows);
		free(r->inside);
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].name);
		free(r->files[i].warning);
		free(r->files[i].columns);
	}
	free(r->files);
	free(r->problems);
	*r = (struct load_result){0};
}

void
load_profiles_free(struct load_profiles *p)
{
	for (size_t r = 0; r < p->ncomputers; r++)
		free(p->names[r]);
	for (size_t b = 0; b + 1 < p->nbins; b++)
		free(p->bins[b].text);
	free(p->names);
	free(p->totals);
	free(p->protocols);
	free(p->bins);
	free(p->start);
	free(p->bin_of);
	free(p->cells);
	free(p->other);
	free(p->pairs);
	*p = (struct load_profiles){0};
}
