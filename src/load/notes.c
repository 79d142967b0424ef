/*
 * notes.c - chunk notes to file lines (see notes.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "load/notes.h"

void
notes_chunk(struct notes *n, const struct chunk_note *c)
{
	if (n->nchunks == n->cap_chunks) {
		n->cap_chunks = n->cap_chunks ? n->cap_chunks * 2 : 256;
		n->chunks = xreallocarray(n->chunks, n->cap_chunks,
		    sizeof *n->chunks);
	}
	n->chunks[n->nchunks++] = *c;
}

void
notes_problem(struct notes *n, size_t keep, size_t file, uint64_t seq,
    uint64_t line, const char *what)
{
	if (n->nproblems >= keep)
		return;
	if (n->nproblems == n->cap_problems) {
		n->cap_problems = n->cap_problems ? n->cap_problems * 2 : 16;
		n->problems = xreallocarray(n->problems, n->cap_problems,
		    sizeof *n->problems);
	}
	struct pending_problem *p = &n->problems[n->nproblems++];
	p->file = file;
	p->seq = seq;
	p->line = line;
	snprintf(p->what, sizeof p->what, "%s", what);
}

void
notes_free(struct notes *n)
{
	free(n->chunks);
	free(n->problems);
	memset(n, 0, sizeof *n);
}

static int
cmp_note(const void *a, const void *b)
{
	const struct chunk_note *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
cmp_problem(const void *a, const void *b)
{
	const struct load_problem *x = a, *y = b;

	if (x->file_index != y->file_index)
		return x->file_index < y->file_index ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

void
notes_resolve(const struct notes *per, size_t n, int max_problems,
    struct load_result *r)
{
	size_t nnotes = 0, k = 0, nprob = 0;
	struct chunk_note *notes;

	for (size_t t = 0; t < n; t++) {
		nnotes += per[t].nchunks;
		nprob += per[t].nproblems;
	}
	notes = xreallocarray(NULL, nnotes ? nnotes : 1, sizeof *notes);
	for (size_t t = 0; t < n; t++)
		for (size_t i = 0; i < per[t].nchunks; i++)
			notes[k++] = per[t].chunks[i];
	qsort(notes, nnotes, sizeof *notes, cmp_note);

	/* first_line[i]: lines before notes[i] in its file. */
	uint64_t *first_line = xreallocarray(NULL, nnotes ? nnotes : 1,
	    sizeof *first_line);
	for (size_t i = 0; i < nnotes; i++) {
		struct load_file *f = &r->files[notes[i].file];

		first_line[i] = f->lines;
		f->lines += notes[i].lines;
		f->records += notes[i].records;
		f->outside += notes[i].outside;
		f->malformed += notes[i].malformed;
		r->malformed += notes[i].malformed;
	}

	r->problems = xcalloc(nprob ? nprob : 1, sizeof *r->problems);
	for (size_t t = 0; t < n; t++)
		for (size_t i = 0; i < per[t].nproblems; i++) {
			const struct pending_problem *p = &per[t].problems[i];
			struct chunk_note key = { .file = p->file, .seq = p->seq };
			struct chunk_note *c = bsearch(&key, notes, nnotes,
			    sizeof *notes, cmp_note);
			struct load_problem *lp = &r->problems[r->nproblems++];

			lp->file = r->files[p->file].name;
			lp->file_index = p->file;
			lp->line = (c != NULL ? first_line[c - notes] : 0) +
			    p->line + 1;
			snprintf(lp->what, sizeof lp->what, "%s", p->what);
		}
	qsort(r->problems, r->nproblems, sizeof *r->problems, cmp_problem);
	if (max_problems >= 0 && r->nproblems > (size_t)max_problems)
		r->nproblems = (size_t)max_problems;
	free(first_line);
	free(notes);
}
