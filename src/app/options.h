/*
 * options.h - the command line: one const table of every option (name,
 * type, range, default, commands it applies to, help) from which
 * getopt_long's list, --help, validation and the man page test all follow.
 *
 * Call order: options_parse() fills a `struct options` (defaults first);
 * on a usage error it returns -1 with the message in err.  The strings in
 * the struct point into argv.
 */
#ifndef FLOWMAP_OPTIONS_H
#define FLOWMAP_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct load_team;

enum command {
	CMD_EXPLORE = 1 << 0,	/* no subcommand: the explorer */
	CMD_STATS = 1 << 1,
	CMD_FEATURES = 1 << 2,
	CMD_EMBED = 1 << 3,
	CMD_CLUSTERS = 1 << 4,
};
#define CMD_ALL (CMD_EXPLORE | CMD_STATS | CMD_FEATURES | CMD_EMBED | \
	CMD_CLUSTERS)

/* An option given any number of times (OPT_LIST): its values in order. */
struct option_list {
	const char	**v;		/* point into argv; the array is owned */
	int		  n;
};

struct options {
	enum command	 command;
	const char	*format;	/* NULL: detect */
	const char	*columns;	/* --columns MAP, or NULL */
	const char	*direction;	/* NULL: the format's default */
	const char	*from, *to;	/* --from/--to TIME, or NULL */
	const char	*date_order;	/* "dmy", "mdy", or NULL */
	long long	 threads;
	int		 strict;
	int		 quiet;
	long long	 top;
	int		 json;
	long long	 min_flows;
	long long	 ports;
	long long	 memory;	/* bytes for the per-port cells */
	const char	*output;
	const char	*save;		/* embed: the map file to write */
	double		 perplexity;
	double		 theta;
	long long	 iterations;
	long long	 seed;
	long long	 pca_dims;
	const char	*method;	/* t-SNE: "auto", "bh", "fft" */
	const char	*neighbours;	/* "auto", "exact", "approx" */
	double		 learning_rate;	/* 0: max(200, n / 12) */
	double		 late_exaggeration;
	const char	*init;		/* "pca", "random" */
	long long	 cluster_min;	/* the smallest cluster */
	double		 cluster_scale;	/* radius: times the median spacing */
	const char	*features_in;
	const char	*view;		/* embed: "functional" or "comms" */
	int		 no_comms;	/* explorer: skip the communications map */
	const char	*cache_dir;	/* NULL: $XDG_CACHE_HOME/flowmap */
	int		 no_cache;
	int		 rebuild;
	struct option_list marks;	/* explorer: --mark FILE ... */
	int		 no_color;
	int		 ascii;
	int		 help, version;
	char *const	*files;
	int		 nfiles;
	/* Not an option: flowmap-mpi's ranks (load.h), NULL in flowmap. */
	const struct load_team *team;
};

enum option_type { OPT_FLAG, OPT_INT, OPT_REAL, OPT_STRING, OPT_CHOICE,
	OPT_SIZE,	/* bytes, with an optional K, M, G or T */
	OPT_LIST };	/* a string, any number of times */

/*
 * What an option changes, which decides whether it is part of the
 * snapshot's key (app/cache.c): every row must say, and a unit test checks
 * that none is left RESULT_UNSET, so a new option cannot be forgotten.
 */
enum option_result {
	RESULT_UNSET,		/* not said: the test fails */
	RESULT_NONE,		/* how the work is done or shown, not what
				   comes out (threads, memory, output) */
	RESULT_PROFILE,		/* the computers and their features */
	RESULT_EMBED,		/* the map made of them */
};

struct option_spec {
	const char	*name;		/* long name, without "--" */
	int		 short_name;	/* 0 if none */
	enum option_type type;
	const char	*arg;		/* placeholder in help: "N", "FILE" */
	double		 min, max;	/* OPT_INT, OPT_REAL */
	const char	*choices;	/* OPT_CHOICE: "as-is|infer" */
	const char	*def;		/* default as text, NULL if none */
	unsigned	 commands;	/* CMD_* bits it applies to */
	size_t		 offset;	/* into struct options */
	const char	*help;
	enum option_result result;
};

extern const struct option_spec options_table[];

int	options_parse(int argc, char *const argv[], struct options *o,
	    char *err, size_t errlen);
/* What options_parse() allocated (the lists' arrays). */
void	options_free(struct options *o);
void	options_usage(FILE *f, enum command only);
const char *options_command_name(enum command c);
/*
 * Every option of class `result` with its value in o, "name value" a line,
 * in table order (the options that do not apply to o's command hold their
 * defaults, so every command keys the same map alike).  free() it.
 */
char	*options_result_text(const struct options *o, enum option_result result);

#endif
