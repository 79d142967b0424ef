/*
 * options.c - the option table and the parser that follows it.
 *
 * `flowmap [COMMAND] [OPTIONS] FILE...`: the first argument names a command
 * when it is one (stats, features, embed); otherwise the explorer runs.
 * Options may come before or after files (GNU getopt permutes), and an
 * option that does not apply to the chosen command is an error rather than
 * silently ignored: a user who typed it expected it to do something.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/options.h"
#include "base/xalloc.h"

#define OFF(field)	offsetof(struct options, field)
#define EMBEDDING	(CMD_EXPLORE | CMD_EMBED | CMD_CLUSTERS)
#define PROFILING	(CMD_EXPLORE | CMD_FEATURES | CMD_EMBED | CMD_CLUSTERS)

const struct option_spec options_table[] = {
	{ "format", 0, OPT_CHOICE, "NAME", 0, 0,
	    "lanl2015|lanl2017|nfdump|zeek|zeek-json|argus", NULL, CMD_ALL,
	    OFF(format), "input format; detected from the first lines when "
	    "not given",
	    .result = RESULT_PROFILE },
	{ "columns", 0, OPT_STRING, "MAP", 0, 0, NULL, NULL, CMD_ALL,
	    OFF(columns), "read a CSV or TSV file with a header line, taking "
	    "the columns named in MAP: ROLE=COLUMN,... with roles src, dst, "
	    "sport, dport (needed) and time, duration, proto, packets, bytes, "
	    "rpackets, rbytes",
	    .result = RESULT_PROFILE },
	{ "direction", 0, OPT_CHOICE, "MODE", 0, 0, "as-is|infer", NULL,
	    CMD_ALL, OFF(direction),
	    "as-is: dst port is the service; infer: turn around flows whose "
	    "src port looks like the service (default: infer for lanl2015, "
	    "as-is for lanl2017)",
	    .result = RESULT_PROFILE },
	{ "from", 0, OPT_STRING, "TIME", 0, 0, NULL, NULL, CMD_ALL, OFF(from),
	    "count only the flows that start at TIME or later: an ISO 8601 "
	    "date (2024-05-01, 2024-05-01T12:00:00Z) or seconds since 1970",
	    .result = RESULT_PROFILE },
	{ "to", 0, OPT_STRING, "TIME", 0, 0, NULL, NULL, CMD_ALL, OFF(to),
	    "count only the flows that start before TIME (as --from)",
	    .result = RESULT_PROFILE },
	{ "date-order", 0, OPT_CHOICE, "ORDER", 0, 0, "dmy|mdy", NULL, CMD_ALL,
	    OFF(date_order), "read dates whose year comes last (04/05/2019) "
	    "day-first or month-first; never guessed",
	    .result = RESULT_PROFILE },
	{ "threads", 0, OPT_INT, "N", 0, 1024, NULL, "0", CMD_ALL,
	    OFF(threads), "worker threads; 0 uses every core",
	    .result = RESULT_NONE },
	{ "strict", 0, OPT_FLAG, NULL, 0, 0, NULL, NULL, CMD_ALL, OFF(strict),
	    "stop at the first malformed line instead of skipping it",
	    .result = RESULT_PROFILE },
	{ "quiet", 'q', OPT_FLAG, NULL, 0, 0, NULL, NULL, CMD_ALL, OFF(quiet),
	    "no progress and no warnings on stderr",
	    .result = RESULT_NONE },
	{ "top", 0, OPT_INT, "N", 1, 1000000, NULL, "10", CMD_STATS, OFF(top),
	    "length of the top-N value count lists",
	    .result = RESULT_NONE },
	{ "json", 0, OPT_FLAG, NULL, 0, 0, NULL, NULL, CMD_STATS, OFF(json),
	    "write the report as one JSON object",
	    .result = RESULT_NONE },
	{ "min-flows", 0, OPT_INT, "N", 1, 1e18, NULL, "100",
	    CMD_STATS | PROFILING, OFF(min_flows),
	    "keep computers seen in at least N flows, both directions counted",
	    .result = RESULT_PROFILE },
	{ "ports", 0, OPT_INT, "K", 2, 100000, NULL, "136", PROFILING,
	    OFF(ports), "port bins: the K-1 most popular service ports plus "
	    "\"other\"",
	    .result = RESULT_PROFILE },
	{ "memory", 0, OPT_SIZE, "SIZE", 1 << 20, 0x1p50, NULL, "512M",
	    PROFILING, OFF(memory), "memory for the per-computer port counts "
	    "(K, M, G suffixes); past it the rarest ports are folded into "
	    "\"other\", and if one of them could be a bin after all the "
	    "flows are read again",
	    .result = RESULT_NONE },
	{ "output", 'o', OPT_STRING, "FILE", 0, 0, NULL, NULL,
	    CMD_FEATURES | CMD_EMBED | CMD_CLUSTERS, OFF(output),
	    "write the result to FILE (\"-\" for stdout), through a temporary "
	    "file renamed when complete",
	    .result = RESULT_NONE },
	{ "save", 0, OPT_STRING, "FILE", 0, 0, NULL, NULL, CMD_EMBED,
	    OFF(save), "also write the map as a map file, which 'flowmap "
	    "FILE' opens in the explorer with no input files (on another "
	    "machine too)",
	    .result = RESULT_NONE },
	{ "perplexity", 0, OPT_REAL, "P", 1, 1000, NULL, "30", EMBEDDING,
	    OFF(perplexity), "t-SNE perplexity: the effective number of "
	    "neighbours",
	    .result = RESULT_EMBED },
	{ "theta", 0, OPT_REAL, "T", 0, 1, NULL, "0.3", EMBEDDING, OFF(theta),
	    "Barnes-Hut accuracy (lower: closer); 0 computes the exact gradient",
	    .result = RESULT_EMBED },
	{ "iter", 0, OPT_INT, "N", 1, 100000, NULL, "1000", EMBEDDING,
	    OFF(iterations), "gradient descent iterations",
	    .result = RESULT_EMBED },
	{ "seed", 0, OPT_INT, "S", 0, 9.2e18, NULL, "1", EMBEDDING, OFF(seed),
	    "random seed: the same input, options and seed give the same map",
	    .result = RESULT_EMBED },
	{ "pca-dims", 0, OPT_INT, "D", 0, 10000, NULL, "50", EMBEDDING,
	    OFF(pca_dims), "reduce the features to D dimensions with PCA "
	    "first; 0 keeps them all",
	    .result = RESULT_EMBED },
	{ "method", 0, OPT_CHOICE, "NAME", 0, 0, "auto|bh|fft", "auto",
	    EMBEDDING, OFF(method), "how t-SNE sums its repulsive forces: bh "
	    "(Barnes-Hut, to --theta), fft (interpolation on a grid and FFTs; "
	    "needs FFTW at build time) or auto (fft while the map is small "
	    "for its number of computers, when built with FFTW; else bh)",
	    .result = RESULT_EMBED },
	{ "neighbours", 0, OPT_CHOICE, "MODE", 0, 0, "auto|exact|approx",
	    "auto", EMBEDDING, OFF(neighbours), "how the nearest neighbours "
	    "are found: exact, approx (random-projection trees and "
	    "neighbour descent, 99% of the exact ones or more) or auto "
	    "(approx from 100,000 computers)",
	    .result = RESULT_EMBED },
	{ "learning-rate", 0, OPT_REAL, "R", 0, 1e9, NULL, "0", EMBEDDING,
	    OFF(learning_rate), "t-SNE learning rate; 0 uses max(200, N/12) "
	    "for N computers",
	    .result = RESULT_EMBED },
	{ "late-exaggeration", 0, OPT_REAL, "X", 1, 100, NULL, "1",
	    EMBEDDING, OFF(late_exaggeration), "multiply the attractive "
	    "forces by X after the first 250 iterations: tighter clusters, "
	    "more room between them",
	    .result = RESULT_EMBED },
	{ "init", 0, OPT_CHOICE, "HOW", 0, 0, "pca|random", "pca", EMBEDDING,
	    OFF(init), "start the map from the first two principal "
	    "components or from random positions drawn from --seed",
	    .result = RESULT_EMBED },
	{ "cluster-min", 0, OPT_INT, "N", 2, 100000, NULL, "3", EMBEDDING,
	    OFF(cluster_min), "the smallest cluster of the map: N computers "
	    "close together",
	    .result = RESULT_EMBED },
	{ "cluster-scale", 0, OPT_REAL, "F", 0.01, 1000, NULL, "2.5",
	    EMBEDDING, OFF(cluster_scale), "cluster radius: F times the "
	    "median distance of a computer to its (cluster-min - 1)-th "
	    "nearest in the map",
	    .result = RESULT_EMBED },
	{ "features", 0, OPT_STRING, "FILE", 0, 0, NULL, NULL, CMD_EMBED,
	    OFF(features_in), "embed a feature matrix read from a TSV file "
	    "(header line, numeric columns) instead of flow files",
	    .result = RESULT_NONE },
	{ "view", 0, OPT_CHOICE, "MAP", 0, 0, "functional|comms", "functional",
	    CMD_EMBED, OFF(view), "the map to write: functional (by what "
	    "computers do) or comms (by whom they talk to)",
	    .result = RESULT_NONE },
	{ "no-comms", 0, OPT_FLAG, NULL, 0, 0, NULL, NULL, CMD_EXPLORE,
	    OFF(no_comms), "do not compute the communications map (key c)",
	    .result = RESULT_NONE },
	{ "cache-dir", 0, OPT_STRING, "DIR", 0, 0, NULL, NULL, PROFILING,
	    OFF(cache_dir), "keep snapshots of loaded and embedded maps in DIR "
	    "(default: $XDG_CACHE_HOME/flowmap, or ~/.cache/flowmap)",
	    .result = RESULT_NONE },
	{ "no-cache", 0, OPT_FLAG, NULL, 0, 0, NULL, NULL, PROFILING,
	    OFF(no_cache), "neither read nor write a snapshot",
	    .result = RESULT_NONE },
	{ "rebuild", 0, OPT_FLAG, NULL, 0, 0, NULL, NULL, PROFILING,
	    OFF(rebuild), "ignore the snapshot: load and embed again, then "
	    "save a new one",
	    .result = RESULT_NONE },
	{ "mark", 0, OPT_LIST, "FILE", 0, 0, NULL, NULL, CMD_EXPLORE,
	    OFF(marks), "lay the computer,label lines of FILE (CSV or TSV, a "
	    "header line optional; known servers, indicators) over the map; "
	    "may be given more than once",
	    .result = RESULT_NONE },
	{ "no-color", 0, OPT_FLAG, NULL, 0, 0, NULL, NULL, CMD_EXPLORE,
	    OFF(no_color), "no colours (also when NO_COLOR is set and not empty)",
	    .result = RESULT_NONE },
	{ "ascii", 0, OPT_FLAG, NULL, 0, 0, NULL, NULL, CMD_EXPLORE,
	    OFF(ascii), "ASCII dots instead of braille characters",
	    .result = RESULT_NONE },
	{ "help", 'h', OPT_FLAG, NULL, 0, 0, NULL, NULL, CMD_ALL, OFF(help),
	    "show this help",
	    .result = RESULT_NONE },
	{ "version", 'V', OPT_FLAG, NULL, 0, 0, NULL, NULL, CMD_ALL,
	    OFF(version), "show the version",
	    .result = RESULT_NONE },
	{ NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, NULL, RESULT_UNSET }
};

static const struct {
	const char	*name;
	enum command	 command;
	const char	*help;
} commands[] = {
	{ "stats", CMD_STATS, "what is in this traffic: counts, top ports "
	    "and protocols, the src/dst check" },
	{ "features", CMD_FEATURES, "write every kept computer's feature "
	    "vector as TSV" },
	{ "embed", CMD_EMBED, "write the t-SNE map of the kept computers as "
	    "TSV" },
	{ "clusters", CMD_CLUSTERS, "write the groups of the map, what each "
	    "serves and queries, as TSV" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const char *
options_command_name(enum command c)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (commands[i].command == c)
			return commands[i].name;
	return "explore";
}

/* "512M", "2G", "1048576": bytes (binary multiples); -1 if malformed. */
static long long
parse_size(const char *arg)
{
	static const char units[] = "KMGT";
	char *end;
	long long v;
	const char *u;

	errno = 0;
	if (!isdigit((unsigned char)arg[0]))
		return -1;
	v = strtoll(arg, &end, 10);
	if (errno != 0)
		return -1;
	if (*end != '\0') {
		if ((u = strchr(units, toupper((unsigned char)*end))) == NULL)
			return -1;
		for (long k = 0; k <= u - units; k++) {
			if (v > LLONG_MAX / 1024)
				return -1;
			v *= 1024;
		}
		end++;
		if (strcmp(end, "") != 0 && strcmp(end, "B") != 0 &&
		    strcmp(end, "iB") != 0)
			return -1;
	}
	return v;
}

static void
set_defaults(struct options *o)
{
	*o = (struct options){ .command = CMD_EXPLORE };
	for (const struct option_spec *s = options_table; s->name; s++) {
		char *field = (char *)o + s->offset;

		if (s->def == NULL)
			continue;
		if (s->type == OPT_INT)
			*(long long *)field = strtoll(s->def, NULL, 10);
		else if (s->type == OPT_SIZE)
			*(long long *)field = parse_size(s->def);
		else if (s->type == OPT_REAL)
			*(double *)field = strtod(s->def, NULL);
		else if (s->type == OPT_STRING || s->type == OPT_CHOICE)
			*(const char **)field = s->def;
	}
}

static int
in_choices(const char *choices, const char *v)
{
	size_t n = strlen(v);
	const char *p = choices;

	while (*p != '\0') {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && strncmp(p, v, n) == 0)
			return 1;
		p += len + (bar != NULL);
	}
	return 0;
}

static int
set_value(const struct option_spec *s, const char *arg, struct options *o,
    char *err, size_t errlen)
{
	char *field = (char *)o + s->offset, *end;

	switch (s->type) {
	case OPT_FLAG:
		*(int *)field = 1;
		return 0;
	case OPT_STRING:
		if (*arg == '\0') {
			snprintf(err, errlen, "--%s needs a value", s->name);
			return -1;
		}
		*(const char **)field = arg;
		return 0;
	case OPT_CHOICE:
		if (!in_choices(s->choices, arg)) {
			snprintf(err, errlen, "--%s: \"%.40s\" is not one of %s",
			    s->name, arg, s->choices);
			return -1;
		}
		*(const char **)field = arg;
		return 0;
	case OPT_INT: {
		long long v;

		errno = 0;
		v = strtoll(arg, &end, 10);
		if (errno != 0 || end == arg || *end != '\0' ||
		    (double)v < s->min || (double)v > s->max) {
			snprintf(err, errlen, "--%s: \"%.40s\" is not a whole "
			    "number from %.0f to %.0f", s->name, arg, s->min,
			    s->max);
			return -1;
		}
		*(long long *)field = v;
		return 0;
	}
	case OPT_SIZE: {
		long long v = parse_size(arg);

		if (v < 0 || (double)v < s->min || (double)v > s->max) {
			snprintf(err, errlen, "--%s: \"%.40s\" is not a size "
			    "from 1M to 1024T (bytes, or a number with K, M, "
			    "G or T)", s->name, arg);
			return -1;
		}
		*(long long *)field = v;
		return 0;
	}
	case OPT_LIST: {
		struct option_list *l = (struct option_list *)field;

		if (*arg == '\0') {
			snprintf(err, errlen, "--%s needs a value", s->name);
			return -1;
		}
		l->v = xreallocarray(l->v, (size_t)l->n + 1, sizeof *l->v);
		l->v[l->n++] = arg;
		return 0;
	}
	case OPT_REAL: {
		double v;

		errno = 0;
		v = strtod(arg, &end);
		if (errno != 0 || end == arg || *end != '\0' || !isfinite(v) ||
		    v < s->min || v > s->max) {
			snprintf(err, errlen, "--%s: \"%.40s\" is not a number "
			    "from %g to %g", s->name, arg, s->min, s->max);
			return -1;
		}
		*(double *)field = v;
		return 0;
	}
	}
	return -1;
}

int
options_parse(int argc, char *const argv[], struct options *o, char *err,
    size_t errlen)
{
	size_t n = 0;
	struct option *longopts;
	char shortopts[64];
	unsigned seen_cmds[64] = {0};
	const char *seen_names[64];
	int nseen = 0, first = 1, c;

	set_defaults(o);
	if (argc > 1)
		for (size_t i = 0; i < NCOMMANDS; i++)
			if (strcmp(argv[1], commands[i].name) == 0) {
				o->command = commands[i].command;
				first = 2;
			}

	for (const struct option_spec *s = options_table; s->name; s++)
		n++;
	longopts = xcalloc(n + 1, sizeof *longopts);
	shortopts[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct option_spec *s = &options_table[i];

		longopts[i] = (struct option){ s->name,
		    s->type == OPT_FLAG ? no_argument : required_argument,
		    NULL, 256 + (int)i };
		if (s->short_name) {
			size_t l = strlen(shortopts);

			shortopts[l] = (char)s->short_name;
			shortopts[l + 1] = '\0';
			if (s->type != OPT_FLAG)
				strcat(shortopts, ":");
		}
	}

	optind = first;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct option_spec *s = NULL;

		if (c >= 256)
			s = &options_table[c - 256];
		else if (c != '?' && c != ':')
			for (size_t i = 0; i < n; i++)
				if (options_table[i].short_name == c)
					s = &options_table[i];
		if (s == NULL) {
			if (optopt != 0 && optopt < 256 && optopt != '?')
				snprintf(err, errlen, "unknown or incomplete "
				    "option -%c", optopt);
			else
				snprintf(err, errlen, "unknown or incomplete "
				    "option %.60s", argv[optind - 1]);
			free(longopts);
			return -1;
		}
		if (set_value(s, optarg, o, err, errlen) != 0) {
			free(longopts);
			return -1;
		}
		if (nseen < 64) {
			seen_cmds[nseen] = s->commands;
			seen_names[nseen++] = s->name;
		}
	}
	free(longopts);
	if (o->help || o->version)
		return 0;
	for (int i = 0; i < nseen; i++)
		if (!(seen_cmds[i] & o->command)) {
			snprintf(err, errlen, "--%s does not apply to '%s'",
			    seen_names[i], options_command_name(o->command));
			return -1;
		}
	if (o->columns != NULL && o->format != NULL) {
		snprintf(err, errlen, "--columns names the columns itself: give "
		    "--columns or --format, not both");
		return -1;
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (o->nfiles == 0 && !(o->command == CMD_EMBED && o->features_in)) {
		snprintf(err, errlen, "no input files (use - for standard "
		    "input)");
		return -1;
	}
	if (o->command == CMD_EMBED && o->features_in && o->nfiles > 0) {
		snprintf(err, errlen, "--features replaces the flow files: give "
		    "one or the other");
		return -1;
	}
	return 0;
}

/* Print text from column `indent` on, wrapped at HELP_WIDTH, the first
 * line starting at column `col`. */
#define HELP_WIDTH	79
#define HELP_INDENT	27

static void
wrap(FILE *f, const char *text, int col, int indent)
{
	while (*text != '\0') {
		int len = (int)strcspn(text, " ");

		if (col > indent && col + 1 + len > HELP_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", len, text);
		col += len;
		text += len;
		text += strspn(text, " ");
	}
	fputc('\n', f);
}

static void
usage_option(FILE *f, const struct option_spec *s)
{
	char left[48], text[512];
	int n;

	if (s->short_name)
		snprintf(left, sizeof left, "-%c, --%s%s%s", s->short_name,
		    s->name, s->arg ? " " : "", s->arg ? s->arg : "");
	else
		snprintf(left, sizeof left, "    --%s%s%s", s->name,
		    s->arg ? " " : "", s->arg ? s->arg : "");
	n = snprintf(text, sizeof text, "%s", s->help);
	if (s->choices && n < (int)sizeof text)
		n += snprintf(text + n, sizeof text - n, " (%s)", s->choices);
	if (s->def && n < (int)sizeof text)
		snprintf(text + n, sizeof text - n, " [%s]", s->def);
	n = fprintf(f, "  %-24s", left);
	if (n > HELP_INDENT - 1) {
		fprintf(f, "\n%*s", HELP_INDENT - 1, "");
		n = HELP_INDENT - 1;
	}
	fputc(' ', f);
	wrap(f, text, n + 1, HELP_INDENT);
}

void
options_usage(FILE *f, enum command only)
{
	fprintf(f, "usage: flowmap [OPTIONS] FILE...          open the explorer\n"
	    "       flowmap COMMAND [OPTIONS] FILE...\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		fprintf(f, "  %-10s", commands[i].name);
		wrap(f, commands[i].help, 12, 12);
	}
	fprintf(f, "\nFILE is a flow file (plain, gzip, nfcapd, pcap), a "
	    "directory of them, or - for\nstandard input.\n\noptions%s%s:\n",
	    only != CMD_ALL ? " for " : "",
	    only != CMD_ALL ? options_command_name(only) : "");
	for (const struct option_spec *s = options_table; s->name; s++)
		if (s->commands & only)
			usage_option(f, s);
	fprintf(f, "\nSee flowmap(1) for the keys of the explorer and the "
	    "file formats.\n");
}

void
options_free(struct options *o)
{
	for (const struct option_spec *s = options_table; s->name; s++)
		if (s->type == OPT_LIST) {
			struct option_list *l = (struct option_list *)
			    ((char *)o + s->offset);

			free(l->v);
			*l = (struct option_list){0};
		}
}

char *
options_result_text(const struct options *o, enum option_result result)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		xalloc_fatal();
	for (const struct option_spec *s = options_table; s->name; s++) {
		const char *field = (const char *)o + s->offset;

		if (s->result != result)
			continue;
		fprintf(f, "%s ", s->name);
		if (s->type == OPT_FLAG)
			fprintf(f, "%d\n", *(const int *)field);
		else if (s->type == OPT_INT || s->type == OPT_SIZE)
			fprintf(f, "%lld\n", *(const long long *)field);
		else if (s->type == OPT_REAL)
			fprintf(f, "%.17g\n", *(const double *)field);
		else if (s->type == OPT_LIST) {
			const struct option_list *l = (const void *)field;

			for (int i = 0; i < l->n; i++)
				fprintf(f, "%s%s", i ? " " : "", l->v[i]);
			fputc('\n', f);
		} else
			fprintf(f, "%s\n", *(const char *const *)field ?
			    *(const char *const *)field : "-");
	}
	if (fclose(f) != 0 || text == NULL)
		xalloc_fatal();
	return text;
}
