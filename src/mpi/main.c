/*
 * main.c - flowmap-mpi: flowmap's commands with the flows read by many
 * processes, `mpirun -n N flowmap-mpi COMMAND [OPTIONS] FILE...`.
 *
 * Every rank parses the same command line.  Rank 0 runs the command as
 * flowmap does (commands.c), its loading stage given the team of ranks
 * (comm.h); the other ranks only load: they make the same loading call
 * with the same options, read their share of the files, send their
 * counts up the tree and exit 0 when rank 0 needs nothing more of them
 * (load.h).  So rank 0 alone shows progress and notes, embeds, writes
 * the output and --save's map file, and its exit code is the job's.
 *
 * Not here: the explorer (it runs in one terminal: save the map with
 * `embed --save FILE` and open it with `flowmap FILE`), map files as
 * input, and the snapshot cache (every run loads: the cache is one
 * machine's, and a cluster's runs are rarely repeated).
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "app/options.h"
#include "app/run.h"
#include "app/snapshot.h"
#include "load/load.h"
#include "load/paths.h"
#include "mpi/comm.h"

/* What flowmap-mpi cannot do, or NULL. */
static const char *
refused(const struct options *o)
{
	if (o->command == CMD_EXPLORE)
		return "the explorer runs in flowmap: make the map here with "
		    "`embed --save FILE` and open it with `flowmap FILE`";
	if (o->nfiles == 1 && snapshot_is_map_file(o->files[0]))
		return "a map file is opened with flowmap, not flowmap-mpi";
	return NULL;
}

/*
 * A rank but 0: the loading call rank 0's command makes (run.c: profiles
 * for the maps, with who talks to whom for the communications map), its
 * result dropped.  Errors that end the run abort the job from inside the
 * stage; rank 0 reports the others.
 */
static int
serve(const struct options *o)
{
	struct sink sink = { .cancel = &run_interrupted };
	struct load_options lo;
	struct load_result r;
	struct load_profiles p;
	char err[1024] = "";
	int rc;

	if (o->command == CMD_EMBED && o->features_in != NULL)
		return 0;	/* a matrix: rank 0's alone */
	run_load_options(o, &sink, &lo);
	if (o->command == CMD_STATS)
		rc = load_traffic((const char *const *)o->files,
		    (size_t)o->nfiles, &lo, &r, err, sizeof err);
	else {
		lo.pairs = o->command == CMD_EMBED &&
		    strcmp(o->view, "comms") == 0;
		rc = load_profiles((const char *const *)o->files,
		    (size_t)o->nfiles, &lo, &r, &p, err, sizeof err);
		load_profiles_free(&p);
	}
	load_result_free(&r);
	if (rc != 0 && err[0] != '\0')
		fprintf(stderr, "flowmap: %s\n", err);
	return rc == 0 ? 0 : r.cancelled ? EXIT_INTERRUPT : EXIT_FAILURE;
}

static int
run(struct options *o, const struct load_team *team)
{
	const char *no = refused(o);

	if (no != NULL) {
		if (team->rank == 0)
			fprintf(stderr, "flowmap-mpi: %s\n", no);
		return EXIT_USAGE;
	}
	o->team = team;
	o->no_cache = 1;
	if (team->rank != 0) {
		o->quiet = 1;
		return serve(o);
	}
	return o->command == CMD_STATS ? command_stats(o) :
	    o->command == CMD_FEATURES ? command_features(o) :
	    o->command == CMD_EMBED ? command_embed(o) :
	    command_clusters(o);
}

int
main(int argc, char *argv[])
{
	struct load_team team;
	struct options o;
	char err[256];
	int provided, rc = 0;

	MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
	comm_team(&team);
	if (options_parse(argc, argv, &o, err, sizeof err) != 0) {
		if (team.rank == 0)
			fprintf(stderr, "flowmap-mpi: %s\nTry 'flowmap-mpi "
			    "--help'.\n", err);
		rc = EXIT_USAGE;
	} else if (o.help || o.version) {
		if (team.rank == 0 && o.help)
			options_usage(stdout, o.command == CMD_EXPLORE ?
			    CMD_ALL & ~CMD_EXPLORE : o.command);
		else if (team.rank == 0)
			printf("flowmap-mpi %s\n", PACKAGE_VERSION);
	} else {
		/* Directories stand for their flow files, as in flowmap: every
		 * rank lists them, in name order, so all see the same files. */
		struct paths files;
		char note[400];

		if (paths_expand((const char *const *)o.files,
		    (size_t)o.nfiles, &files, err, sizeof err) != 0) {
			if (team.rank == 0)
				fprintf(stderr, "flowmap-mpi: %s\n", err);
			rc = 1;
		} else {
			paths_note(&files, note, sizeof note);
			if (note[0] != '\0' && !o.quiet && team.rank == 0)
				fprintf(stderr, "flowmap-mpi: %s\n", note);
			o.files = files.files;
			o.nfiles = (int)files.nfiles;
			run_catch_interrupts();
			rc = run(&o, &team);
		}
		paths_free(&files);
	}
	options_free(&o);
	MPI_Finalize();
	return rc;
}
