/*
 * commands.h - the commands of flowmap, each the whole of one run:
 *
 *   explore   the explorer (no subcommand)
 *   stats     what is in this traffic
 *   features  every kept computer's feature vector, as TSV
 *   embed     the map, as TSV
 *   clusters  the groups of the map and what each does, as TSV
 *
 * Each reads the options, asks run.c or the stages for what it needs,
 * writes its output (through a temporary file renamed when complete) and
 * returns the exit code, after one "flowmap: ..." line on stderr when it
 * failed:
 *   0    success
 *   1    the run failed or cannot be trusted (unreadable or corrupt input,
 *        unknown format, --strict and a malformed line, write error)
 *   2    usage error
 *   130  interrupted
 */
#ifndef FLOWMAP_APP_COMMANDS_H
#define FLOWMAP_APP_COMMANDS_H

#include "app/options.h"

int	command_stats(const struct options *o);
int	command_features(const struct options *o);
int	command_embed(const struct options *o);
int	command_clusters(const struct options *o);
int	command_explore(const struct options *o);

#endif
