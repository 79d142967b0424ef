/*
 * main.c - parse the options, catch the interrupts, run the command
 * (commands.h says what each does and what the exit codes mean).
 */
#include <stdio.h>

#include "app/commands.h"
#include "app/options.h"
#include "app/run.h"
#include "load/load.h"
#include "load/paths.h"

/* What the options table cannot check: the --columns map. */
static int
check_load_options(const struct options *o, char *err, size_t errlen)
{
	struct load_options lo;

	run_load_options(o, NULL, &lo);
	return load_check_options(&lo, err, errlen);
}

int
main(int argc, char *argv[])
{
	struct options o;
	char err[256];

	int rc = 0;

	if (options_parse(argc, argv, &o, err, sizeof err) != 0 ||
	    check_load_options(&o, err, sizeof err) != 0) {
		fprintf(stderr, "flowmap: %s\nTry 'flowmap --help'.\n", err);
		options_free(&o);
		return EXIT_USAGE;
	}
	if (o.help)
		options_usage(stdout, o.command == CMD_EXPLORE ? CMD_ALL :
		    o.command);
	else if (o.version)
		printf("flowmap %s\n", PACKAGE_VERSION);
	else {
		/* A directory stands for the flow files in it (paths.h):
		 * expanded here, once, so the snapshot key and the loader
		 * see the files. */
		struct paths files;
		char note[400];

		if (paths_expand((const char *const *)o.files,
		    (size_t)o.nfiles, &files, err, sizeof err) != 0) {
			fprintf(stderr, "flowmap: %s\n", err);
			paths_free(&files);
			options_free(&o);
			return 1;	/* the run cannot be trusted */
		}
		paths_note(&files, note, sizeof note);
		if (note[0] != '\0' && !o.quiet)
			fprintf(stderr, "flowmap: %s\n", note);
		o.files = files.files;
		o.nfiles = (int)files.nfiles;
		run_catch_interrupts();
		rc = o.command == CMD_STATS ? command_stats(&o) :
		    o.command == CMD_FEATURES ? command_features(&o) :
		    o.command == CMD_EMBED ? command_embed(&o) :
		    o.command == CMD_CLUSTERS ? command_clusters(&o) :
		    command_explore(&o);
		paths_free(&files);
	}
	options_free(&o);
	return rc;
}
