/*
 * pass.h - one streaming pass over the input files, inside the loading
 * stage (load.h is the stage's interface; load.c decides how many passes).
 *
 * pass_run() reads every file (plain, gzip, nfcapd through nfdump, or "-"),
 * parses its lines and counts them into a merged tally.  A file in a
 * header-mapped format (nfdump, Zeek, --columns) gets its format bound to
 * its header first.  When any file's direction is infer, one thread first
 * reads the first LOAD_SAMPLE_BYTES of each regular file to learn which
 * ends serve (direction.h), so every thread decides alike.  Within one
 * file, one thread reads and inflates while the others parse
 * newline-aligned chunks, each with its own libcsv parser and its own
 * tally; when the queue of chunks is full the reading thread parses too,
 * so no core waits.  With at least as many files as threads, each thread
 * takes whole files instead.
 *
 * Malformed lines are counted and skipped; the first few are kept as
 * problems with their file and line (resolved after the pass from each
 * chunk's line count, so the reading thread never counts lines).  With
 * `strict` the first one stops the pass.
 *
 * A pass may read only some pieces of the files (flowmap-mpi's ranks each
 * read their share, team.h): a piece is a whole file or the lines that
 * start in a byte range of a plain one.  Its format is still told from the
 * file's first bytes, and --direction=infer still learns from the start of
 * every file, so every piece is read as the whole file would be.  The
 * result lists every file; the counts and problems are those of the
 * pieces read, a problem's line counted from its piece's first line.
 *
 * Call order: pass_options_default(), set fields, pass_run(), read
 * result->inside->tally, load_result_free().
 */
#ifndef FLOWMAP_LOAD_PASS_H
#define FLOWMAP_LOAD_PASS_H

#include <stddef.h>
#include <stdint.h>

#include "load/load.h"
#include "load/records.h"
#include "load/tally.h"

/* What a load result holds that only the loading stage reads. */
struct load_inside {
	struct tally		 tally;
	/* The formats bound to the files' headers (nfdump, Zeek, --columns),
	 * and the --columns template, which files' formats point to. */
	struct format		**formats;
	size_t			 nformats;
	uint64_t		*computer_flows;	/* load_traffic() */
	/* The pass stopped at an input error (unreadable file, corrupt
	 * gzip, unknown format), not at a malformed line with --strict. */
	int			 input_error;
};

/* A piece of a file to read: its lines that start in [start, end). */
struct pass_piece {
	size_t		 file;		/* index into the paths */
	uint64_t	 start, end;	/* end INPUT_TO_END: to the end */
};

struct pass_options {
	const struct format	*format;	/* NULL: detect per file */
	enum direction		 direction;	/* DIRECTION_DEFAULT: format's */
	int			 threads;	/* 0: OpenMP's default */
	int			 strict;	/* first malformed line is fatal */
	int			 profiles;	/* TALLY_* flags (tally.h) */
	/* With profiles (tally.h): the port bins the folds keep (0: the
	 * default), the bytes all threads' cells may take (0: no limit),
	 * the kept computers of a rank pass and the bins of a bins pass
	 * (NULL: not such a pass). */
	uint32_t		 fold_rank;
	uint64_t		 cell_budget;
	const struct names	*kept;
	const struct tally_ports	*bins;
	int			 max_problems;	/* malformed lines kept for report */
	/* The parsers' settings (records.h): year-last dates, and the
	 * window of start times [from, to) when `window`. */
	enum date_order		 date_order;
	int			 window;
	uint64_t		 from, to;
	size_t			 chunk_bytes;	/* 0: 1 MiB; small values test the
						   cutting of lines into chunks */
	/* Progress (from the reading thread) and the cancel flag. */
	const struct sink	*sink;
	/* The pieces to read, in file order, at most one per file (NULL:
	 * every file, whole). */
	const struct pass_piece	*pieces;
	size_t			 npieces;
};

void	pass_options_default(struct pass_options *o);
/* Returns 0, or -1 with err filled (result still holds what was read). */
int	pass_run(const char *const *paths, size_t npaths,
	    const struct pass_options *o, struct load_result *result,
	    char *err, size_t errlen);
/* The error of a --strict pass that met a malformed line (r->problems[0]),
 * or 0 when there is none. */
int	pass_strict_error(const struct pass_options *o,
	    const struct load_result *r, char *err, size_t errlen);

#endif
