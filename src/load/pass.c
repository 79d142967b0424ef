/*
 * load.c - the parallel streaming pass (see load.h for the contract).
 *
 * Chunks.  The reader fills a buffer with at least CHUNK_BYTES of text and
 * cuts it after its last newline; the partial line behind the cut is
 * carried to the front of the next buffer.  A buffer holds CHUNK_BYTES plus
 * room for twice the longest legal line, so every line of legal length lies
 * whole inside one chunk.  A longer line is dropped by the reader, which marks the
 * next chunk as "starts with one skipped line" so that line numbers and the
 * malformed count stay exact.  The last chunk of a file may end without a
 * newline; its last line counts like any other.
 *
 * Line numbers.  The reader never counts lines (that would be a second scan
 * of every byte on the thread that is already the slowest).  Each parser
 * notes how many lines its chunk had; after the pass the notes give every
 * chunk's first line number and every kept problem its absolute line
 * (notes.h).
 *
 * Threads.  Buffers circulate between a free list and a FIFO queue under
 * one mutex.  Thread 0 reads; when no buffer is free it parses the oldest
 * queued chunk itself rather than wait, so with N threads N cores work.
 * With at least as many files as threads each thread reads and parses
 * whole files (OpenMP dynamic schedule) and no queue is used.
 */
#include <omp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/clock.h"
#include "base/escape.h"
#include "base/xalloc.h"
#include "load/direction.h"
#include "load/headers.h"
#include "load/input.h"
#include "load/nfcapd.h"
#include "load/notes.h"
#include "load/pass.h"
#include "load/queue.h"

#define CHUNK_BYTES	(1u << 20)	/* default text per chunk */

struct file_state {
	size_t			 index;
	const char		*path;		/* as given: "-" for stdin */
	struct load_file	*out;
	struct input		*in;
	const struct format	*format;
	enum direction		 direction;
	char			*carry;		/* partial line for the next chunk */
	size_t			 carry_len;
	int			 skipping;	/* inside an overlong line */
	int			 eof;
	uint64_t		 seq;		/* chunks handed out so far */
	uint64_t		 reported;	/* input bytes counted in progress */
	/* A piece of the file (pass.h), or the whole file. */
	int			 ranged;
	uint64_t		 start, end;
	uint64_t		 lines;		/* before the next chunk, counted
						   for rebindable formats only */
};

struct chunk {
	char			*mem;		/* RECORDS_SLACK zeros, then buf */
	char			*buf;
	size_t			 len;
	struct file_state	*file;
	struct headers_chunk	 formats;	/* its lines' (headers.h) */
	uint64_t		 seq;
	int			 skipped_long;	/* one overlong line before buf */
};

struct worker {
	struct tally		 tally;
	/* A parser per format met so far (there are few: the header-mapped
	 * formats of files with the same header are one). */
	struct record_parser	*parsers;
	size_t			 nparsers;
	struct notes		 notes;		/* the chunks' lines (notes.h) */
};

struct load_ctx {
	const struct pass_options *o;
	struct worker		*workers;
	int			 nthreads;
	atomic_int		 stop;		/* strict error or cancel */
	atomic_uint_fast64_t	 done;		/* input bytes read, all files */
	size_t			 chunk_bytes;	/* text per chunk before the cut */
	size_t			 chunk_cap;	/* + the longest legal line */
	uint64_t		 total;		/* input bytes, 0 when unknown */
	pthread_mutex_t		 err_mu;
	int			 failed;
	struct headers		 headers;	/* the files' formats; they go
						   to the result, which owns them */
	char			*err;
	size_t			 errlen;
};

/* Keep the first error; later ones are consequences. */
static void
ctx_fail(struct load_ctx *ctx, const char *msg)
{
	pthread_mutex_lock(&ctx->err_mu);
	if (!ctx->failed) {
		ctx->failed = 1;
		snprintf(ctx->err, ctx->errlen, "%s", msg);
	}
	pthread_mutex_unlock(&ctx->err_mu);
	atomic_store(&ctx->stop, 1);
}

/* The worker's parser for a format, made the first time it is needed. */
static struct record_parser *
worker_parser(struct load_ctx *ctx, struct worker *w, const struct format *f)
{
	for (size_t i = 0; i < w->nparsers; i++)
		if (w->parsers[i].format == f)
			return &w->parsers[i];
	w->parsers = xreallocarray(w->parsers, w->nparsers + 1,
	    sizeof *w->parsers);
	if (records_parser_init(&w->parsers[w->nparsers], f,
	    &w->tally.computers, &w->tally.portnames) != 0) {
		ctx_fail(ctx, "cannot start the CSV parser");
		return NULL;
	}
	w->parsers[w->nparsers].line_slack = 1;	/* see the chunks */
	w->parsers[w->nparsers].date_order = ctx->o->date_order;
	w->parsers[w->nparsers].window = ctx->o->window;
	w->parsers[w->nparsers].from = ctx->o->from;
	w->parsers[w->nparsers].to = ctx->o->to;
	return &w->parsers[w->nparsers++];
}

static void
worker_problem(struct load_ctx *ctx, struct worker *w, const struct chunk *c,
    uint64_t line, const char *what)
{
	size_t keep = (size_t)(ctx->o->max_problems > 0 ?
	    ctx->o->max_problems : 1);

	if (ctx->o->strict)
		atomic_store(&ctx->stop, 1);
	notes_problem(&w->notes, keep, c->file->index, c->seq, line, what);
}

static void
parse_chunk(struct load_ctx *ctx, struct worker *w, const struct chunk *c)
{
	const struct file_state *fs = c->file;
	struct chunk_note note = { .file = fs->index, .seq = c->seq };
	const struct format *format = c->formats.first, *f;
	size_t rebind = 0;
	struct record_parser *p = worker_parser(ctx, w, format);
	const char *s = c->buf, *end = c->buf + c->len;
	char why[200];
	/* Records are counted a batch at a time (tally.h). */
	struct flow batch[TALLY_BATCH];
	size_t nbatch = 0;
	uint64_t outside;	/* the parser's count when it started here */

	if (p == NULL)
		return;
	outside = p->outside;
	if (c->skipped_long) {
		snprintf(why, sizeof why, "line longer than %d bytes",
		    RECORDS_MAX_LINE);
		worker_problem(ctx, w, c, note.lines, why);
		note.malformed++;
		note.lines++;
	}
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl != NULL ? nl : end;

		/* The lines after a header met mid-file take its columns. */
		f = headers_line(&c->formats, &rebind, format, s,
		    (size_t)(eol - s));
		if (f != format) {
			note.outside += p->outside - outside;
			if ((p = worker_parser(ctx, w, format = f)) == NULL)
				return;
			outside = p->outside;
		}
		switch (records_parse_line(p, s, (size_t)(eol - s),
		    &batch[nbatch], why, sizeof why)) {
		case PARSE_RECORD:
			if (++nbatch == TALLY_BATCH) {
				tally_add_batch(&w->tally, batch, nbatch,
				    fs->direction);
				nbatch = 0;
			}
			note.records++;
			break;
		case PARSE_MALFORMED:
			worker_problem(ctx, w, c, note.lines, why);
			note.malformed++;
			break;
		case PARSE_SKIP:
			break;
		}
		note.lines++;
		s = eol + 1;
	}
	tally_add_batch(&w->tally, batch, nbatch, fs->direction);
	note.outside += p->outside - outside;
	notes_chunk(&w->notes, &note);
	if (p->ambiguous) {
		char name[200], err[512];

		escape_text(fs->out->name, strlen(fs->out->name), name,
		    sizeof name);
		snprintf(err, sizeof err, "%s: dates such as \"%s\" %s", name,
		    p->ambiguous_text, DATES_AMBIGUOUS);
		ctx_fail(ctx, err);
	}
}

static int scan_headers(struct load_ctx *ctx, struct file_state *fs,
    struct chunk *c);

/* Read more text into buf; returns bytes, 0 at the end, -1 on error. */
static ssize_t
file_read(struct load_ctx *ctx, struct file_state *fs, char *buf, size_t size)
{
	char err[512];
	ssize_t n = input_read(fs->in, buf, size, err, sizeof err);
	uint64_t consumed;

	if (n < 0) {
		ctx_fail(ctx, err);
		return -1;
	}
	if (n == 0)
		fs->eof = 1;
	consumed = input_consumed(fs->in);
	atomic_fetch_add(&ctx->done, consumed - fs->reported);
	fs->reported = consumed;
	return n;
}

/*
 * Fill c with the file's next chunk.  Returns 1 for a chunk, 0 when the
 * file has no more, -1 on an input error (already recorded).
 */
static int
read_chunk(struct load_ctx *ctx, struct file_state *fs, struct chunk *c)
{
	size_t fill;
	ssize_t n;

again:
	c->file = fs;
	c->len = 0;
	c->skipped_long = 0;
	fill = 0;
	if (fs->skipping) {
		/* Drop the rest of an overlong line, up to its newline. */
		for (;;) {
			const char *nl;

			if ((n = file_read(ctx, fs, c->buf, ctx->chunk_bytes)) < 0)
				return -1;
			if (n == 0)
				break;
			nl = memchr(c->buf, '\n', (size_t)n);
			if (nl != NULL) {
				fill = (size_t)n - (size_t)(nl + 1 - c->buf);
				memmove(c->buf, nl + 1, fill);
				break;
			}
		}
		fs->skipping = 0;
		c->skipped_long = 1;
	} else {
		memcpy(c->buf, fs->carry, fs->carry_len);
		fill = fs->carry_len;
		fs->carry_len = 0;
	}
	/* At least chunk_bytes, and then on until a newline when the chunk
	 * is small: a line is overlong only past RECORDS_MAX_LINE (plus the
	 * CR of a CR LF ending).  Reads ask for no more than chunk_bytes, so
	 * a small chunk size really does cut lines at every place. */
	int has_nl = fill > 0 && memchr(c->buf, '\n', fill) != NULL;
	while (!fs->eof && fill < ctx->chunk_cap &&
	    (fill < ctx->chunk_bytes ||
	    (!has_nl && fill <= RECORDS_MAX_LINE + 1))) {
		size_t want = fill < ctx->chunk_bytes ?
		    ctx->chunk_bytes - fill : ctx->chunk_bytes;

		if (want > ctx->chunk_cap - fill)
			want = ctx->chunk_cap - fill;
		if ((n = file_read(ctx, fs, c->buf + fill, want)) < 0)
			return -1;
		if (!has_nl && memchr(c->buf + fill, '\n', (size_t)n) != NULL)
			has_nl = 1;
		fill += (size_t)n;
	}
	if (fs->eof) {
		if (fill == 0 && !c->skipped_long)
			return 0;
		c->len = fill;
	} else {
		char *nl = memrchr(c->buf, '\n', fill);
		size_t tail;

		if (nl == NULL) {
			/* A full chunk without a newline: an overlong line. */
			fs->skipping = 1;
			if (!c->skipped_long)
				goto again;
		} else {
			c->len = (size_t)(nl + 1 - c->buf);
			tail = fill - c->len;
			if (tail > RECORDS_MAX_LINE + 1)
				fs->skipping = 1;
			else {
				memcpy(fs->carry, nl + 1, tail);
				fs->carry_len = tail;
			}
		}
	}
	c->seq = fs->seq++;
	/* The first chunk is scanned once its format is known. */
	if (fs->format != NULL && scan_headers(ctx, fs, c) != 0)
		return -1;
	return 1;
}

static void
report_progress(struct load_ctx *ctx)
{
	struct sink_progress p = { .fraction = -1, .kl = -1 };

	p.bytes = atomic_load(&ctx->done);
	p.total = ctx->total;
	if (p.total > 0)
		p.fraction = p.bytes >= p.total ? 1 :
		    (double)p.bytes / (double)p.total;
	sink_progress(ctx->o->sink, &p);
}

static int
cancelled(struct load_ctx *ctx)
{
	if (sink_cancelled(ctx->o->sink))
		atomic_store(&ctx->stop, 1);
	return atomic_load(&ctx->stop);
}

/* --- files --- */

/* The formats of a chunk (headers.h), once the file's first is known. */
static int
scan_headers(struct load_ctx *ctx, struct file_state *fs, struct chunk *c)
{
	char err[512];

	if (headers_scan(&ctx->headers, &c->formats, &fs->format, c->buf,
	    c->len, &fs->lines, fs->out->name, err, sizeof err) == 0)
		return 0;
	ctx_fail(ctx, err);
	return -1;
}

/*
 * A piece of the file (pass.h): its format was told from the file's first
 * bytes; now on to the piece's first line, whose chunk is left in *first.
 */
static int
file_seek_piece(struct load_ctx *ctx, struct file_state *fs,
    struct chunk *first, int *have_first)
{
	char err[512];
	int rc;

	if (input_set_range(fs->in, fs->start, fs->end, err, sizeof err) != 0) {
		ctx_fail(ctx, err);
		return -1;
	}
	atomic_fetch_sub(&ctx->done, fs->reported);
	fs->reported = 0;
	fs->carry_len = 0;
	fs->skipping = 0;
	fs->eof = 0;
	fs->seq = 0;
	fs->lines = 0;
	if ((rc = read_chunk(ctx, fs, first)) < 0)
		return -1;
	*have_first = rc;
	return 0;
}

/*
 * Open a file and tell its format from its first chunk, which is left in
 * *first (NULL when the file is empty).  Returns 0, or -1 on error.
 */
static int
file_start(struct load_ctx *ctx, struct file_state *fs, struct chunk *first,
    int *have_first)
{
	char err[512];
	int rc;

	*have_first = 0;
	fs->in = input_open(fs->path, err, sizeof err);
	if (fs->in == NULL) {
		ctx_fail(ctx, err);
		return -1;
	}
	fs->carry = xmalloc(RECORDS_MAX_LINE + 1);
	if ((rc = read_chunk(ctx, fs, first)) < 0)
		return -1;
	*have_first = rc;
	/* The input layer hands plain nfcapd files to nfdump; one inside
	 * gzip reaches here as binary text. */
	if (rc > 0 && nfcapd_magic((const unsigned char *)first->buf,
	    first->len)) {
		snprintf(err, sizeof err, "%s: an nfcapd file inside gzip: "
		    "uncompress it first (nfdump reads nfcapd files by their "
		    "path)", input_name(fs->in));
		ctx_fail(ctx, err);
		return -1;
	}
	fs->format = headers_first(&ctx->headers, ctx->o->format,
	    fs->out->name, first->buf, rc > 0 ? first->len : 0, err,
	    sizeof err);
	if (fs->format == NULL) {
		ctx_fail(ctx, err);
		return -1;
	}
	fs->out->format = fs->format->name;
	if (fs->out->columns == NULL)
		fs->out->columns = format_columns_text(fs->format);
	if (rc > 0 && scan_headers(ctx, fs, first) != 0)
		return -1;
	fs->direction = ctx->o->direction != DIRECTION_DEFAULT ?
	    ctx->o->direction : fs->format->direction;
	fs->out->direction = fs->direction;
	if (fs->ranged)
		return file_seek_piece(ctx, fs, first, have_first);
	return 0;
}

static void
file_finish(struct file_state *fs)
{
	if (fs->in != NULL) {
		const char *w = input_warning(fs->in);

		if (w != NULL)
			fs->out->warning = xstrdup(w);
		fs->out->gzip = input_is_gzip(fs->in);
		fs->out->nfcapd = input_is_nfcapd(fs->in);
		fs->out->pcap = input_is_pcap(fs->in);
		input_close(fs->in);
		fs->in = NULL;
	}
	free(fs->carry);
	fs->carry = NULL;
}

/* One thread reads and parses a whole file. */
static void
run_file_alone(struct load_ctx *ctx, struct worker *w, struct file_state *fs,
    struct chunk *c, int main_thread)
{
	int have;

	if (file_start(ctx, fs, c, &have) == 0)
		while (have > 0) {
			parse_chunk(ctx, w, c);
			if (main_thread)
				report_progress(ctx);
			if (cancelled(ctx))
				break;
			have = read_chunk(ctx, fs, c);
		}
	file_finish(fs);
}

/* What the reader parses while it waits for a free buffer. */
struct parse_work {
	struct load_ctx	*ctx;
	struct worker	*w;
};

static void
parse_queued(void *arg, void *buf)
{
	struct parse_work *pw = arg;

	parse_chunk(pw->ctx, pw->w, buf);
}

/* All threads on one file: thread 0 reads, everyone parses (queue.h). */
static void
run_file_pipeline(struct load_ctx *ctx, struct file_state *fs,
    struct chunk *chunks, size_t nchunks)
{
	struct queue q;
	void **free_buffers = xcalloc(nchunks, sizeof *free_buffers);

	for (size_t i = 1; i < nchunks; i++)
		free_buffers[i - 1] = &chunks[i];
	queue_init(&q, nchunks, free_buffers, nchunks - 1);
	free(free_buffers);

	#pragma omp parallel num_threads(ctx->nthreads)
	{
		struct worker *w = &ctx->workers[omp_get_thread_num()];
		struct parse_work pw = { ctx, w };
		struct chunk *c;

		if (omp_get_thread_num() == 0) {
			int have;

			c = &chunks[0];
			if (file_start(ctx, fs, c, &have) == 0)
				while (have > 0) {
					queue_push(&q, c);
					report_progress(ctx);
					if (cancelled(ctx))
						break;
					c = queue_get_free(&q, parse_queued, &pw);
					have = read_chunk(ctx, fs, c);
					if (have <= 0)
						queue_release(&q, c);
				}
			queue_close(&q);
		}
		/* Everyone, the reader included, drains what is queued. */
		while ((c = queue_take(&q)) != NULL) {
			parse_chunk(ctx, w, c);
			queue_release(&q, c);
		}
	}
	file_finish(fs);
	queue_free(&q);
}

/*
 * The sample --direction=infer learns services from (direction.h): the
 * first LOAD_SAMPLE_BYTES of text of every regular file read with infer, parsed
 * by this one thread in file order before the parallel pass, so the model
 * and every decision made with it are the same whatever the number of
 * threads, and whatever pieces of the files the pass reads.  Standard input and pipes cannot be read twice: they add
 * nothing to the sample.  An error here is the error the pass would meet.
 */
static void
learn_services(struct load_ctx *ctx, const char *const *paths, size_t n,
    struct load_result *r, struct chunk *c, struct direction_model *m)
{
	for (size_t i = 0; i < n && !cancelled(ctx); i++) {
		struct file_state probe = { .index = i, .path = paths[i],
		    .out = &r->files[i] };
		struct stat st;
		size_t taken = 0;
		int have;

		if (strcmp(probe.path, "-") == 0 || stat(probe.path, &st) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (file_start(ctx, &probe, c, &have) == 0 &&
		    probe.direction == DIRECTION_INFER)
			while (have > 0 && taken < LOAD_SAMPLE_BYTES) {
				direction_model_observe_text(m, probe.format,
				    c->buf, c->len);
				taken += c->len;
				have = read_chunk(ctx, &probe, c);
			}
		input_close(probe.in);
		free(probe.carry);
	}
	atomic_store(&ctx->done, 0);	/* progress counts the pass only */
}

void
pass_options_default(struct pass_options *o)
{
	*o = (struct pass_options){0};
	o->direction = DIRECTION_DEFAULT;
	o->max_problems = 5;
}

/* Each thread's tally, with its share of the cell budget. */
static void
workers_init(struct load_ctx *ctx)
{
	const struct pass_options *o = ctx->o;

	ctx->workers = xcalloc((size_t)ctx->nthreads, sizeof *ctx->workers);
	for (int t = 0; t < ctx->nthreads; t++) {
		struct tally *tl = &ctx->workers[t].tally;

		tally_init(tl, o->profiles);
		if (o->fold_rank > 0)
			tl->fold_rank = o->fold_rank;
		/* Each thread's share.  The merge adopts the largest part
		 * and adds the others one by one (tally.h): the result
		 * (at most the sum of the parts) and one part are in
		 * memory at once, so with n > 1 threads each gets 1/(n+1). */
		uint64_t share = o->cell_budget / (uint64_t)(ctx->nthreads == 1 ?
		    1 : ctx->nthreads + 1);
		tally_set_budget(tl, o->cell_budget > 0 && share == 0 ? 1 :
		    share);
		tl->kept = o->kept;
		tl->bins = o->bins;
		tl->filtered = o->bins != NULL;
	}
}

/* The workers' tallies merged into the result's (the merge frees them),
 * then the rest of the workers freed. */
static void
workers_finish(struct load_ctx *ctx, struct load_result *r)
{
	struct tally *parts = xcalloc((size_t)ctx->nthreads, sizeof *parts);

	for (int t = 0; t < ctx->nthreads; t++) {
		parts[t] = ctx->workers[t].tally;
		ctx->workers[t].tally = (struct tally){0};
	}
	tally_merge(&r->inside->tally, parts, (size_t)ctx->nthreads);
	free(parts);
	for (int t = 0; t < ctx->nthreads; t++) {
		struct worker *w = &ctx->workers[t];

		for (size_t k = 0; k < w->nparsers; k++)
			records_parser_free(&w->parsers[k]);
		free(w->parsers);
		tally_free(&w->tally);
		notes_free(&w->notes);
	}
	free(ctx->workers);
}

/*
 * The buffers chunks are read into: one per thread in flight plus as many
 * queued, each with room for a carried partial line and reads past the
 * longest legal line (so "no newline" always means "overlong"), and zeros
 * before the first line: the parser reads numbers in place (records.h,
 * line_slack).
 */
static struct chunk *
chunks_new(struct load_ctx *ctx, size_t *n)
{
	struct chunk *chunks;

	ctx->chunk_bytes = ctx->o->chunk_bytes > 0 ? ctx->o->chunk_bytes :
	    CHUNK_BYTES;
	ctx->chunk_cap = ctx->chunk_bytes + 2 * (RECORDS_MAX_LINE + 2);
	*n = (size_t)ctx->nthreads * 2 + 2;
	chunks = xcalloc(*n, sizeof *chunks);
	for (size_t i = 0; i < *n; i++) {
		chunks[i].mem = xmalloc(RECORDS_SLACK + ctx->chunk_cap);
		memset(chunks[i].mem, 0, RECORDS_SLACK);
		chunks[i].buf = chunks[i].mem + RECORDS_SLACK;
	}
	return chunks;
}

/*
 * What the pass reads: every file whole, or the pieces it was given (at
 * most one per file, so a file's chunks and line numbers are its piece's).
 * Their sizes add up to the progress's total; pipes and stdin count 0.
 */
static struct file_state *
files_new(struct load_ctx *ctx, const char *const *paths, size_t npaths,
    struct load_result *r)
{
	const struct pass_options *o = ctx->o;
	size_t n = o->pieces != NULL ? o->npieces : npaths;
	struct file_state *fs = xcalloc(n ? n : 1, sizeof *fs);

	for (size_t k = 0; k < n; k++) {
		size_t i = o->pieces != NULL ? o->pieces[k].file : k;
		struct stat st;
		uint64_t size = 0;

		fs[k].index = i;
		fs[k].out = &r->files[i];
		fs[k].path = paths[i];
		fs[k].end = INPUT_TO_END;
		if (o->pieces != NULL) {
			fs[k].start = o->pieces[k].start;
			fs[k].end = o->pieces[k].end;
			fs[k].ranged = fs[k].start > 0 ||
			    fs[k].end != INPUT_TO_END;
		}
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 &&
		    S_ISREG(st.st_mode))
			size = (uint64_t)st.st_size;
		if (fs[k].end < size)
			size = fs[k].end;
		ctx->total += size > fs[k].start ? size - fs[k].start : 0;
	}
	return fs;
}

/* Per file its counts, and the first problems with their lines. */
static void
resolve_lines(struct load_ctx *ctx, struct load_result *r)
{
	struct notes *per = xcalloc((size_t)ctx->nthreads, sizeof *per);

	for (int t = 0; t < ctx->nthreads; t++)
		per[t] = ctx->workers[t].notes;
	notes_resolve(per, (size_t)ctx->nthreads, ctx->o->max_problems, r);
	free(per);
}

/* Every file, read by whole files or through the pipeline. */
static void
read_files(struct load_ctx *ctx, struct file_state *fs, size_t npaths,
    struct chunk *chunks, size_t nchunks)
{
	if (ctx->nthreads > 1 && npaths >= (size_t)ctx->nthreads) {
		#pragma omp parallel for schedule(dynamic, 1) num_threads(ctx->nthreads)
		for (size_t i = 0; i < npaths; i++) {
			int t = omp_get_thread_num();

			if (!cancelled(ctx))
				run_file_alone(ctx, &ctx->workers[t], &fs[i],
				    &chunks[t], t == 0);
		}
	} else if (ctx->nthreads > 1) {
		for (size_t i = 0; i < npaths && !cancelled(ctx); i++)
			run_file_pipeline(ctx, &fs[i], chunks, nchunks);
	} else {
		for (size_t i = 0; i < npaths && !cancelled(ctx); i++)
			run_file_alone(ctx, &ctx->workers[0], &fs[i], &chunks[0],
			    1);
	}
	report_progress(ctx);
}

/* The error of a failed pass, or of --strict: 0 when there is none. */
static int
pass_error(const struct load_ctx *ctx, const struct load_result *r,
    char *err, size_t errlen)
{
	if (ctx->failed) {
		/* Say how much was read before the failure, so no one takes
		 * a partial count for the whole. */
		r->inside->input_error = 1;
		size_t n = strlen(err);
		uint64_t lines = 0;

		for (size_t i = 0; i < r->nfiles; i++)
			lines += r->files[i].lines;
		snprintf(err + n, errlen - n, " (%llu lines read before the "
		    "error; no results written)", (unsigned long long)lines);
		return -1;
	}
	return pass_strict_error(ctx->o, r, err, errlen);
}

int
pass_strict_error(const struct pass_options *o, const struct load_result *r,
    char *err, size_t errlen)
{
	if (o->strict && r->malformed > 0 && r->nproblems > 0) {
		char name[200];

		escape_text(r->problems[0].file, strlen(r->problems[0].file),
		    name, sizeof name);
		snprintf(err, errlen, "%s:%llu: %s (--strict)", name,
		    (unsigned long long)r->problems[0].line, r->problems[0].what);
		return -1;
	}
	return 0;
}

int
pass_run(const char *const *paths, size_t npaths,
    const struct pass_options *o, struct load_result *r, char *err,
    size_t errlen)
{
	struct load_ctx ctx = { .o = o, .err = err, .errlen = errlen };
	struct direction_model services;
	struct file_state *fs;
	struct chunk *chunks;
	size_t nchunks;
	double t0 = clock_now();

	*r = (struct load_result){0};
	r->inside = xcalloc(1, sizeof *r->inside);
	r->passes = 1;
	err[0] = '\0';
	ctx.nthreads = o->threads > 0 ? o->threads : omp_get_max_threads();
	if (ctx.nthreads < 1)
		ctx.nthreads = 1;
	pthread_mutex_init(&ctx.err_mu, NULL);
	headers_init(&ctx.headers);
	atomic_init(&ctx.stop, 0);
	atomic_init(&ctx.done, 0);

	r->nfiles = npaths;
	r->files = xcalloc(npaths ? npaths : 1, sizeof *r->files);
	for (size_t i = 0; i < npaths; i++)
		/* The name in messages; "-" is opened by its path. */
		r->files[i].name = xstrdup(strcmp(paths[i], "-") == 0 ?
		    "<stdin>" : paths[i]);
	size_t nread = o->pieces != NULL ? o->npieces : npaths;
	fs = files_new(&ctx, paths, npaths, r);
	workers_init(&ctx);
	chunks = chunks_new(&ctx, &nchunks);

	/* Only profiles have a direction (tally.h). */
	int learn = o->direction != DIRECTION_AS_IS && o->profiles;

	if (learn) {
		direction_model_init(&services);
		learn_services(&ctx, paths, npaths, r, &chunks[0], &services);
		direction_model_finish(&services);
		for (int t = 0; t < ctx.nthreads; t++)
			ctx.workers[t].tally.direction = &services;
	}
	read_files(&ctx, fs, nread, chunks, nchunks);

	resolve_lines(&ctx, r);
	r->cancelled = sink_cancelled(o->sink);
	r->threads = ctx.nthreads;
	for (size_t i = 0; i < npaths; i++)
		if (r->files[i].gzip)
			r->inflater = input_inflater();
	r->inside->formats = headers_take(&ctx.headers, &r->inside->nformats);
	workers_finish(&ctx, r);

	if (learn)
		direction_model_free(&services);
	for (size_t i = 0; i < nchunks; i++) {
		free(chunks[i].mem);
		headers_chunk_free(&chunks[i].formats);
	}
	free(chunks);
	free(fs);
	headers_free(&ctx.headers);
	pthread_mutex_destroy(&ctx.err_mu);
	r->seconds = clock_now() - t0;
	return pass_error(&ctx, r, err, errlen);
}
