/*
 * notes.h - where a pass's lines are, inside the loading stage (pass.c).
 *
 * The reading thread never counts lines (that would be a second scan of
 * every byte on the thread that is already the slowest).  Each parser
 * notes, per chunk, how many lines, records and malformed lines it had,
 * and keeps the first problems with their line within the chunk.  After
 * the pass notes_resolve() puts each file's chunks in order, which gives
 * every chunk its first line, every kept problem its line in the file (in
 * the piece of it the pass read, pass.h) and every file its counts.
 *
 * Call order: a zeroed struct notes per worker; notes_chunk() and
 * notes_problem() while parsing (one thread per struct); notes_resolve()
 * over all of them once; notes_free().
 */
#ifndef FLOWMAP_LOAD_NOTES_H
#define FLOWMAP_LOAD_NOTES_H

#include <stddef.h>
#include <stdint.h>

#include "load/load.h"

/* What a parser learnt about one chunk: seq is its place in its file. */
struct chunk_note {
	size_t		file;
	uint64_t	seq, lines, records, malformed, outside;
};

struct pending_problem {
	size_t		file;
	uint64_t	seq, line;	/* line within the chunk, 0-based */
	char		what[200];
};

struct notes {
	struct chunk_note	*chunks;
	size_t			 nchunks, cap_chunks;
	struct pending_problem	*problems;
	size_t			 nproblems, cap_problems;
};

void	notes_chunk(struct notes *n, const struct chunk_note *c);
/* Keep a problem, unless `keep` are kept already: a worker meets its
 * chunks in file order, so its first problems are its earliest, and
 * keeping those keeps the pass's first ones. */
void	notes_problem(struct notes *n, size_t keep, size_t file, uint64_t seq,
	    uint64_t line, const char *what);
/* The files' counts and the first max_problems problems (max_problems < 0:
 * all kept), by file and line, into r (files allocated, problems not). */
void	notes_resolve(const struct notes *per, size_t n, int max_problems,
	    struct load_result *r);
void	notes_free(struct notes *n);

#endif
