/*
 * load.h - the one streaming pass over the input files.
 *
 * load_run() reads every file (plain, gzip, nfcapd through nfdump, or "-"),
 * parses its lines and counts them into a merged `struct tally`.  A file in
 * a header-mapped format (nfdump, Zeek, --columns) gets its format bound to
 * its header first.  When any file's direction is infer, one thread first
 * reads the first LOAD_SAMPLE_BYTES of each regular file to learn which
 * ends serve (direction.h), so every thread decides alike.  Within one file, one thread
 * reads and inflates while the others parse newline-aligned chunks, each
 * with its own libcsv parser and its own tally; when the queue of chunks is
 * full the reading thread parses too, so no core waits.  With at least as
 * many files as threads, each thread takes whole files instead.
 *
 * Malformed lines are counted and skipped; the first few are kept as
 * problems with their file and line (resolved after the pass from each
 * chunk's line count, so the reading thread never counts lines).  With
 * `strict` the first one stops the load.  Any error that makes the counts
 * untrustworthy (unreadable file, corrupt or truncated gzip, unknown format)
 * makes load_run() return -1 with the message in err.
 *
 * Call order: load_options_default(), set fields, load_run(), use
 * result->tally, load_result_free().  The result owns everything in it.
 */
#ifndef FLOWMAP_LOAD_H
#define FLOWMAP_LOAD_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "load/records.h"
#include "load/tally.h"

/* Text per file that --direction=infer learns services from, before the
 * pass (direction.h): part of what a result depends on. */
#define LOAD_SAMPLE_BYTES	(4u << 20)

struct load_options {
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
	size_t			 chunk_bytes;	/* 0: 1 MiB; small values test the
						   cutting of lines into chunks */
	/* Called from the reading thread now and then; may be NULL. */
	void			(*progress)(void *ctx, uint64_t done,
				    uint64_t total);
	void			*progress_ctx;
	/* Set (e.g. by a signal handler) to stop early; may be NULL. */
	volatile sig_atomic_t	*cancel;
};

struct load_problem {
	const char	*file;		/* points into load_result.files */
	size_t		 file_index;
	uint64_t	 line;		/* 1-based */
	char		 what[200];	/* already escaped */
};

struct load_file {
	char			*name;
	const struct format	*format;
	enum direction		 direction;
	uint64_t		 lines, records, malformed;
	int			 gzip;		/* the file was gzip */
	int			 nfcapd;	/* nfcapd, read via nfdump */
	char			*warning;	/* e.g. trailing garbage */
};

struct load_result {
	struct tally		 tally;
	size_t			 nfiles;
	struct load_file	*files;
	uint64_t		 malformed;
	size_t			 nproblems;
	struct load_problem	*problems;	/* first ones, in file order */
	int			 cancelled;
	int			 threads;
	double			 seconds;	/* wall time of the pass */
	/* What inflated the gzip files ("isa-l" or "zlib", static), or
	 * NULL when there were none: for the timings of `stats`. */
	const char		*inflater;
	/* The formats bound to the files' headers (nfdump, Zeek, --columns),
	 * which files[].format may point to. */
	struct format		**formats;
	size_t			 nformats;
};

void	load_options_default(struct load_options *o);
/* Returns 0, or -1 with err filled (result still holds what was read). */
int	load_run(const char *const *paths, size_t npaths,
	    const struct load_options *o, struct load_result *result,
	    char *err, size_t errlen);
void	load_result_free(struct load_result *r);

#endif
