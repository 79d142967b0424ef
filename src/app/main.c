/*
 * main.c - parse the options, catch the interrupts, run the command
 * (commands.h says what each does and what the exit codes mean).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "app/options.h"
#include "app/run.h"
#include "load/load.h"

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

	if (options_parse(argc, argv, &o, err, sizeof err) != 0 ||
	    check_load_options(&o, err, sizeof err) != 0) {
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
		return command_stats(&o);
	case CMD_FEATURES:
		return command_features(&o);
	case CMD_EMBED:
		return command_embed(&o);
	case CMD_EXPLORE:
		return command_explore(&o);
	}
	return 1;
}
