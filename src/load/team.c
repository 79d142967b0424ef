/*
 * team.c - one load shared by a team of processes (see team.h).
 *
 * What a member sends up the tree is a `part`: its merged tally, the
 * counts of each piece it read (lines, records, malformed, format), its
 * first problems with their line within their piece, and what its reading
 * and merging cost.  A merge of two parts is the tally merge plus a
 * concatenation; the first problems stay the first by (file, piece,
 * line), which is the order of the whole files.  Member 0 turns the last
 * part into the result one process makes: each piece's first line is the
 * sum of the lines of the pieces before it, which gives every problem
 * its line in the file.
 *
 * Memory: a member's pass counts within a third of --memory (team_budget)
 * and every merge folds its sum back within that third, so a member never
 * holds much more than --memory: its counts, another's as bytes and
 * unpacked, and their merge.  Whether the fold took a port that could be
 * a bin is checked on the merged tally as ever (rank.h), and load.c reads
 * again if so: results never depend on the number of members.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/xalloc.h"
#include "load/format.h"
#include "load/input.h"
#include "load/pack.h"
#include "load/team.h"

#define PART_MAGIC	0x666d70617274ULL	/* "fmpart" */
#define MEGA		1e6

/* --- the division ----------------------------------------------------- */

struct unit {
	size_t		file;
	uint64_t	weight;
};

static int
cmp_unit(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return x->file < y->file ? -1 : x->file > y->file;
}

static int
cmp_piece(const void *a, const void *b)
{
	const struct team_piece *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

static void
plan_add(struct team_plan *p, size_t file, int rank, uint64_t start,
    uint64_t end)
{
	p->pieces = xreallocarray(p->pieces, p->npieces + 1, sizeof *p->pieces);
	p->pieces[p->npieces++] = (struct team_piece){ file, 0, rank, start,
	    end };
}

/* Whole files to the least loaded members, heaviest first; standard
 * input and whatever cannot be looked at to member 0 (mpirun gives it
 * standard input; an unreadable file fails wherever it is read). */
static void
plan_whole(struct team_plan *p, const enum input_kind *kind,
    const uint64_t *size, size_t n, int members, uint64_t *load)
{
	struct unit *u = xcalloc(n ? n : 1, sizeof *u);
	size_t nu = 0;

	for (size_t i = 0; i < n; i++) {
		if (kind[i] == INPUT_OTHER)
			plan_add(p, i, 0, 0, INPUT_TO_END);
		else if (kind[i] != INPUT_TEXT || size[i] == 0)
			u[nu++] = (struct unit){ i, size[i] * (kind[i] ==
			    INPUT_GZIP ? TEAM_GZIP_WEIGHT : kind[i] ==
			    INPUT_NFCAPD ? TEAM_NFCAPD_WEIGHT : 1) };
	}
	qsort(u, nu, sizeof *u, cmp_unit);
	for (size_t k = 0; k < nu; k++) {
		int r = 0;

		for (int m = 1; m < members; m++)
			if (load[m] < load[r])
				r = m;
		load[r] += u[k].weight;
		p->bytes[r] += size[u[k].file];
		plan_add(p, u[k].file, r, 0, INPUT_TO_END);
	}
	free(u);
}

/* A cut at offset c of the text laid end to end, after the cut at prev:
 * moved to the last cut or to the end of its file when a piece would be
 * smaller than TEAM_MIN_PIECE. */
static uint64_t
snap(uint64_t c, uint64_t prev, const enum input_kind *kind,
    const uint64_t *size, size_t n)
{
	uint64_t at = 0;

	for (size_t i = 0; i < n; i++) {
		if (kind[i] != INPUT_TEXT)
			continue;
		if (c > at && c < at + size[i]) {
			uint64_t from = prev > at ? prev : at;

			if (c - from < TEAM_MIN_PIECE)
				return from;
			if (at + size[i] - c < TEAM_MIN_PIECE)
				return at + size[i];
			return c;
		}
		at += size[i];
	}
	return c;
}

/* The text files, end to end, in runs: member r's run is what it lacks of
 * an even share after the whole files. */
static void
plan_text(struct team_plan *p, const enum input_kind *kind,
    const uint64_t *size, size_t n, int members, const uint64_t *load)
{
	uint64_t text = 0, total = 0, want = 0, sum = 0, at = 0;
	uint64_t *cut = xcalloc((size_t)members, sizeof *cut);

	for (size_t i = 0; i < n; i++)
		if (kind[i] == INPUT_TEXT)
			text += size[i];
	if (text == 0) {
		free(cut);
		return;
	}
	for (int r = 0; r < members; r++)
		total += load[r];
	total += text;
	uint64_t even = total / (uint64_t)members + 1;
	for (int r = 0; r < members; r++)
		want += even > load[r] ? even - load[r] : 0;
	for (int r = 0; r < members; r++) {
		sum += even > load[r] ? even - load[r] : 0;
		cut[r] = r == members - 1 ? text : snap((uint64_t)((unsigned
		    __int128)text * sum / want), r > 0 ? cut[r - 1] : 0, kind,
		    size, n);
	}
	for (size_t i = 0; i < n; i++) {
		if (kind[i] != INPUT_TEXT || size[i] == 0)
			continue;
		for (int r = 0; r < members; r++) {
			uint64_t lo = r > 0 ? cut[r - 1] : 0, hi = cut[r];
			uint64_t a = lo > at ? lo : at;
			uint64_t b = hi < at + size[i] ? hi : at + size[i];

			if (a >= b)
				continue;
			p->bytes[r] += b - a;
			plan_add(p, i, r, a - at, b == at + size[i] ?
			    INPUT_TO_END : b - at);
		}
		at += size[i];
	}
	free(cut);
}

void
team_plan_make(const char *const *paths, size_t npaths, int members,
    struct team_plan *p)
{
	enum input_kind *kind = xcalloc(npaths ? npaths : 1, sizeof *kind);
	uint64_t *size = xcalloc(npaths ? npaths : 1, sizeof *size);
	uint64_t *load = xcalloc((size_t)members, sizeof *load);

	memset(p, 0, sizeof *p);
	p->bytes = xcalloc((size_t)members, sizeof *p->bytes);
	for (size_t i = 0; i < npaths; i++)
		kind[i] = input_kind(paths[i], &size[i]);
	plan_whole(p, kind, size, npaths, members, load);
	plan_text(p, kind, size, npaths, members, load);
	qsort(p->pieces, p->npieces, sizeof *p->pieces, cmp_piece);
	for (size_t k = 1; k < p->npieces; k++)
		if (p->pieces[k].file == p->pieces[k - 1].file)
			p->pieces[k].part = p->pieces[k - 1].part + 1;
	free(kind);
	free(size);
	free(load);
}

void
team_plan_free(struct team_plan *p)
{
	free(p->pieces);
	free(p->bytes);
	memset(p, 0, sizeof *p);
}

uint64_t
team_budget(const struct load_team *tm, uint64_t memory)
{
	if (tm == NULL || tm->size < 2 || memory == 0)
		return memory;
	return memory / 3 > 0 ? memory / 3 : 1;
}

/* --- parts: what goes up the tree ------------------------------------- */

struct piece_count {
	size_t		 file;
	uint32_t	 part;
	uint64_t	 lines, records, malformed, outside;
	int		 gzip, nfcapd, pcap;
	const char	*format;	/* static (format.h) */
	enum direction	 direction;
	char		*columns;
	char		*warning;
};

struct part_problem {
	size_t		 file;
	uint32_t	 part;
	uint64_t	 line;		/* in its piece, 1-based */
	char		 what[200];
};

/* What reading and merging cost, for the notes (and make bench): wall
 * and CPU seconds (the CPU's say what the work cost where other programs
 * share the cores). */
struct cost {
	uint64_t	 bytes;
	double		 seconds, cpu;
	uint32_t	 merges;
};

struct part {
	struct tally		 tally;
	struct piece_count	*counts;
	size_t			 ncounts;
	struct part_problem	*problems;
	size_t			 nproblems;
	int			 cancelled;
	int			 members, rounds;
	struct cost		*reads;		/* per member */
	struct cost		*merges;	/* per round */
};

static void
part_init(struct part *p, int members)
{
	memset(p, 0, sizeof *p);
	p->members = members;
	while ((1 << p->rounds) < members)
		p->rounds++;
	p->reads = xcalloc((size_t)members, sizeof *p->reads);
	p->merges = xcalloc((size_t)(p->rounds ? p->rounds : 1),
	    sizeof *p->merges);
}

static void
part_free(struct part *p)
{
	tally_free(&p->tally);
	for (size_t i = 0; i < p->ncounts; i++) {
		free(p->counts[i].warning);
		free(p->counts[i].columns);
	}
	free(p->counts);
	free(p->problems);
	free(p->reads);
	free(p->merges);
	memset(p, 0, sizeof *p);
}

/* The static name of a format by its name: parts carry names. */
static const char *
format_by_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; format_table[i] != NULL; i++)
		if (strcmp(format_table[i]->name, name) == 0)
			return format_table[i]->name;
	return strcmp(name, "columns") == 0 ? "columns" : NULL;
}

/* This member's pass as a part: the tally moves over. */
static void
part_from_pass(const struct load_team *tm, const struct team_plan *plan,
    struct load_result *local, const struct cost *read, struct part *p)
{
	part_init(p, tm->size);
	p->tally = local->inside->tally;
	local->inside->tally = (struct tally){0};
	p->cancelled = local->cancelled;
	p->reads[tm->rank] = *read;
	p->counts = xcalloc(plan->npieces ? plan->npieces : 1,
	    sizeof *p->counts);
	p->problems = xcalloc(local->nproblems ? local->nproblems : 1,
	    sizeof *p->problems);
	for (size_t k = 0; k < plan->npieces; k++) {
		const struct team_piece *tp = &plan->pieces[k];
		const struct load_file *f = &local->files[tp->file];

		if (tp->rank != tm->rank)
			continue;
		p->counts[p->ncounts++] = (struct piece_count){
		    .file = tp->file, .part = tp->part, .lines = f->lines,
		    .records = f->records, .malformed = f->malformed,
		    .outside = f->outside, .gzip = f->gzip,
		    .nfcapd = f->nfcapd, .pcap = f->pcap, .format = f->format,
		    .direction = f->direction,
		    .columns = f->columns != NULL ? xstrdup(f->columns) : NULL,
		    .warning = f->warning != NULL ? xstrdup(f->warning) : NULL };
		/* A member reads at most one piece of a file: its problems
		 * in that file are in this piece. */
		for (size_t i = 0; i < local->nproblems; i++) {
			const struct load_problem *lp = &local->problems[i];

			if (lp->file_index != tp->file)
				continue;
			struct part_problem *q = &p->problems[p->nproblems++];
			q->file = tp->file;
			q->part = tp->part;
			q->line = lp->line;
			snprintf(q->what, sizeof q->what, "%s", lp->what);
		}
	}
}

static void
pack_cost(struct pack *b, const struct cost *c)
{
	pack_u64(b, c->bytes);
	pack_u64(b, (uint64_t)(c->seconds * MEGA));
	pack_u64(b, (uint64_t)(c->cpu * MEGA));
	pack_u64(b, c->merges);
}

static void
unpack_cost(struct unpack *u, struct cost *c)
{
	c->bytes = unpack_u64(u);
	c->seconds = (double)unpack_u64(u) / MEGA;
	c->cpu = (double)unpack_u64(u) / MEGA;
	c->merges = (uint32_t)unpack_u64(u);
}

static void
part_pack(struct pack *b, const struct part *p)
{
	pack_u64(b, PART_MAGIC);
	pack_u64(b, (uint64_t)p->cancelled);
	pack_u64(b, p->ncounts);
	for (size_t i = 0; i < p->ncounts; i++) {
		const struct piece_count *c = &p->counts[i];

		pack_u64(b, c->file);
		pack_u64(b, c->part);
		pack_u64(b, c->lines);
		pack_u64(b, c->records);
		pack_u64(b, c->malformed);
		pack_u64(b, c->outside);
		pack_u64(b, (uint64_t)c->gzip);
		pack_u64(b, (uint64_t)c->nfcapd);
		pack_u64(b, (uint64_t)c->pcap);
		pack_str(b, c->format);
		pack_u64(b, (uint64_t)c->direction);
		pack_str(b, c->columns);
		pack_str(b, c->warning);
	}
	pack_u64(b, p->nproblems);
	for (size_t i = 0; i < p->nproblems; i++) {
		pack_u64(b, p->problems[i].file);
		pack_u64(b, p->problems[i].part);
		pack_u64(b, p->problems[i].line);
		pack_str(b, p->problems[i].what);
	}
	for (int r = 0; r < p->members; r++)
		pack_cost(b, &p->reads[r]);
	for (int k = 0; k < p->rounds; k++)
		pack_cost(b, &p->merges[k]);
	pack_tally(b, &p->tally);
}

/* A count of records that take at least a byte each; more than are left
 * is a bad message. */
static size_t
unpack_n(struct unpack *u)
{
	uint64_t n = unpack_u64(u);

	if (n > u->len - u->pos)
		u->bad = 1;
	return u->bad ? 0 : (size_t)n;
}

static void
unpack_piece_count(struct unpack *u, size_t nfiles, struct piece_count *c)
{
	char *format;

	c->file = (size_t)unpack_u64(u);
	c->part = (uint32_t)unpack_u64(u);
	c->lines = unpack_u64(u);
	c->records = unpack_u64(u);
	c->malformed = unpack_u64(u);
	c->outside = unpack_u64(u);
	c->gzip = (int)unpack_u64(u);
	c->nfcapd = (int)unpack_u64(u);
	c->pcap = (int)unpack_u64(u);
	format = unpack_str(u);
	c->format = format_by_name(format);
	free(format);
	c->direction = (enum direction)unpack_u64(u);
	c->columns = unpack_str(u);
	c->warning = unpack_str(u);
	if (c->file >= nfiles)
		u->bad = 1;
}

static int
part_unpack(struct unpack *u, size_t nfiles, int members, struct part *p)
{
	part_init(p, members);
	if (unpack_u64(u) != PART_MAGIC)
		u->bad = 1;
	p->cancelled = (int)unpack_u64(u);
	size_t n = unpack_n(u);
	p->counts = xcalloc(n ? n : 1, sizeof *p->counts);
	for (; p->ncounts < n && !u->bad; p->ncounts++)
		unpack_piece_count(u, nfiles, &p->counts[p->ncounts]);
	n = unpack_n(u);
	p->problems = xcalloc(n ? n : 1, sizeof *p->problems);
	for (; p->nproblems < n && !u->bad; p->nproblems++) {
		struct part_problem *q = &p->problems[p->nproblems];
		char *what;

		q->file = (size_t)unpack_u64(u);
		q->part = (uint32_t)unpack_u64(u);
		q->line = unpack_u64(u);
		what = unpack_str(u);
		snprintf(q->what, sizeof q->what, "%s", what ? what : "");
		free(what);
		if (q->file >= nfiles)
			u->bad = 1;
	}
	for (int r = 0; r < p->members; r++)
		unpack_cost(u, &p->reads[r]);
	for (int k = 0; k < p->rounds; k++)
		unpack_cost(u, &p->merges[k]);
	if (u->bad || unpack_tally(u, &p->tally) != 0) {
		part_free(p);
		return -1;
	}
	return 0;
}

static int
cmp_part_problem(const void *a, const void *b)
{
	const struct part_problem *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* b into a (b is freed): the first `keep` problems stay. */
static void
part_merge(struct part *a, struct part *b, int keep)
{
	struct tally two[2] = { a->tally, b->tally };

	tally_merge(&a->tally, two, 2);
	b->tally = (struct tally){0};
	a->counts = xreallocarray(a->counts, a->ncounts + b->ncounts + 1,
	    sizeof *a->counts);
	memcpy(a->counts + a->ncounts, b->counts, b->ncounts *
	    sizeof *b->counts);
	a->ncounts += b->ncounts;
	b->ncounts = 0;		/* the strings are a's now */
	a->problems = xreallocarray(a->problems, a->nproblems + b->nproblems +
	    1, sizeof *a->problems);
	memcpy(a->problems + a->nproblems, b->problems, b->nproblems *
	    sizeof *b->problems);
	a->nproblems += b->nproblems;
	qsort(a->problems, a->nproblems, sizeof *a->problems,
	    cmp_part_problem);
	if (keep >= 0 && a->nproblems > (size_t)keep)
		a->nproblems = (size_t)keep;
	a->cancelled |= b->cancelled;
	for (int r = 0; r < a->members; r++) {
		a->reads[r].bytes += b->reads[r].bytes;
		a->reads[r].seconds += b->reads[r].seconds;
		a->reads[r].cpu += b->reads[r].cpu;
	}
	for (int k = 0; k < a->rounds; k++) {
		a->merges[k].bytes += b->merges[k].bytes;
		a->merges[k].merges += b->merges[k].merges;
		if (b->merges[k].seconds > a->merges[k].seconds)
			a->merges[k].seconds = b->merges[k].seconds;
		if (b->merges[k].cpu > a->merges[k].cpu)
			a->merges[k].cpu = b->merges[k].cpu;
	}
	part_free(b);
}

/* --- the tree ---------------------------------------------------------- */

static int
team_fail(const struct load_team *tm, const char *msg)
{
	if (tm->fail != NULL)
		tm->fail(tm->ctx, msg);
	return -1;
}

static int
lost(const struct load_team *tm, int other, const char *what)
{
	char msg[200];

	snprintf(msg, sizeof msg, "cannot %s rank %d: the job lost touch "
	    "with it", what, other);
	return team_fail(tm, msg);
}

/* One round's receive: another member's part merged into p. */
static int
reduce_receive(const struct load_team *tm, int from, int round,
    size_t nfiles, const struct pass_options *po, struct part *p)
{
	struct part other;
	void *buf = NULL;
	size_t len = 0;

	/* Waiting for the other to finish its reading is not the merge's. */
	if (tm->recv(tm->ctx, from, &buf, &len) != 0)
		return lost(tm, from, "receive the counts of");
	double t0 = clock_now(), c0 = clock_cpu();
	struct unpack u = { buf, len, 0, 0 };
	int bad = part_unpack(&u, nfiles, tm->size, &other) != 0;
	free(buf);
	if (bad)
		return lost(tm, from, "read the counts of");
	if (other.tally.profiles != p->tally.profiles)
		return team_fail(tm, "the ranks counted different things: "
		    "were they all given the same options?");
	part_merge(p, &other, po->max_problems);
	tally_fit_budget(&p->tally, po->fold_rank > 0 ? po->fold_rank :
	    TALLY_FOLD_RANK, po->cell_budget);
	p->merges[round].bytes += len;
	p->merges[round].merges++;
	double s = clock_now() - t0, c = clock_cpu() - c0;
	if (s > p->merges[round].seconds)
		p->merges[round].seconds = s;
	if (c > p->merges[round].cpu)
		p->merges[round].cpu = c;
	return 0;
}

/*
 * The binomial tree: in round k, member i + 2^k sends its part to member
 * i, for every i that is a multiple of 2^(k+1); member 0 ends with all.
 * A member that sent is done (its part is freed).
 */
static int
reduce(const struct load_team *tm, size_t nfiles,
    const struct pass_options *po, struct part *p)
{
	int round = 0;

	for (int step = 1; step < tm->size; step *= 2, round++) {
		if (tm->rank % (2 * step) == step) {
			struct pack b = {0};
			int rc;

			part_pack(&b, p);
			part_free(p);
			rc = tm->send(tm->ctx, tm->rank - step, b.p, b.len);
			pack_free(&b);
			return rc == 0 ? 0 : lost(tm, tm->rank - step,
			    "send the counts to");
		}
		if (tm->rank % (2 * step) == 0 && tm->rank + step < tm->size &&
		    reduce_receive(tm, tm->rank + step, round, nfiles, po,
		    p) != 0)
			return -1;
	}
	return 0;
}

static int
cmp_count(const void *a, const void *b)
{
	const struct piece_count *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->part < y->part ? -1 : x->part > y->part;
}

/* The whole pass's result from the last part (member 0). */
static void
result_from_part(const char *const *paths, size_t npaths,
    const struct pass_options *po, struct part *p, struct load_result *r)
{
	r->nfiles = npaths;
	r->files = xcalloc(npaths ? npaths : 1, sizeof *r->files);
	for (size_t i = 0; i < npaths; i++)
		r->files[i].name = xstrdup(strcmp(paths[i], "-") == 0 ?
		    "<stdin>" : paths[i]);
	/* Each piece's first line: the lines of the file's pieces before. */
	qsort(p->counts, p->ncounts, sizeof *p->counts, cmp_count);
	uint64_t *first = xcalloc(p->ncounts ? p->ncounts : 1, sizeof *first);
	for (size_t k = 0; k < p->ncounts; k++) {
		const struct piece_count *c = &p->counts[k];
		struct load_file *f = &r->files[c->file];

		first[k] = f->lines;
		f->lines += c->lines;
		f->records += c->records;
		f->malformed += c->malformed;
		f->outside += c->outside;
		r->malformed += c->malformed;
		f->gzip |= c->gzip;
		f->nfcapd |= c->nfcapd;
		f->pcap |= c->pcap;
		if (f->format == NULL) {
			f->format = c->format;
			f->direction = c->direction;
		}
		if (f->columns == NULL && c->columns != NULL)
			f->columns = xstrdup(c->columns);
		if (f->warning == NULL && c->warning != NULL)
			f->warning = xstrdup(c->warning);
		if (c->gzip)
			r->inflater = input_inflater();
	}
	r->problems = xcalloc(p->nproblems ? p->nproblems : 1,
	    sizeof *r->problems);
	for (size_t i = 0; i < p->nproblems; i++) {
		const struct part_problem *q = &p->problems[i];
		struct load_problem *lp = &r->problems[r->nproblems++];
		size_t k = 0;

		while (k < p->ncounts && (p->counts[k].file != q->file ||
		    p->counts[k].part != q->part))
			k++;
		lp->file = r->files[q->file].name;
		lp->file_index = q->file;
		lp->line = (k < p->ncounts ? first[k] : 0) + q->line;
		snprintf(lp->what, sizeof lp->what, "%s", q->what);
	}
	if (po->max_problems >= 0 && r->nproblems > (size_t)po->max_problems)
		r->nproblems = (size_t)po->max_problems;
	free(first);
	r->cancelled = p->cancelled;
	r->inside = xcalloc(1, sizeof *r->inside);
	r->inside->tally = p->tally;
	p->tally = (struct tally){0};
}

/* What reading and merging cost the team: a note each (make bench reads
 * them). */
static void
note_costs(const struct pass_options *po, const struct part *p)
{
	double lo = 0, hi = 0, clo = 0, chi = 0, bytes = 0;

	for (int r = 0; r < p->members; r++) {
		const struct cost *c = &p->reads[r];
		double b = (double)c->bytes / MEGA;
		double rate = c->seconds > 0 ? b / c->seconds : 0;
		double crate = c->cpu > 0 ? b / c->cpu : 0;

		bytes += b;
		lo = r == 0 || rate < lo ? rate : lo;
		hi = r == 0 || rate > hi ? rate : hi;
		clo = r == 0 || crate < clo ? crate : clo;
		chi = r == 0 || crate > chi ? crate : chi;
	}
	sink_note(po->sink, "%d rank%s read %.1f MB: %.1f to %.1f MB/s each, "
	    "%.1f to %.1f MB per CPU second", p->members, p->members > 1 ?
	    "s" : "", bytes, lo, hi, clo, chi);
	for (int k = 0; k < p->rounds; k++)
		sink_note(po->sink, "merge round %d of %d: %u merges, %.2f MB "
		    "sent, %.3f s (%.3f s CPU)", k + 1, p->rounds,
		    p->merges[k].merges, (double)p->merges[k].bytes / MEGA,
		    p->merges[k].seconds, p->merges[k].cpu);
}

/* This member's pieces of the plan, for pass_run(). */
static struct pass_piece *
my_pieces(const struct load_team *tm, const struct team_plan *plan,
    size_t *n)
{
	struct pass_piece *v = xcalloc(plan->npieces ? plan->npieces : 1,
	    sizeof *v);

	*n = 0;
	for (size_t k = 0; k < plan->npieces; k++)
		if (plan->pieces[k].rank == tm->rank)
			v[(*n)++] = (struct pass_piece){ plan->pieces[k].file,
			    plan->pieces[k].start, plan->pieces[k].end };
	return v;
}

int
team_pass(const struct load_team *tm, const char *const *paths,
    size_t npaths, const struct pass_options *po, struct load_result *r,
    char *err, size_t errlen)
{
	struct pass_options mine = *po;
	struct team_plan plan;
	struct load_result local;
	struct part part;
	double t0 = clock_now(), c0 = clock_cpu();
	int rc, threads;

	memset(r, 0, sizeof *r);
	team_plan_make(paths, npaths, tm->size, &plan);
	struct pass_piece *pieces = my_pieces(tm, &plan, &mine.npieces);
	mine.pieces = pieces;
	rc = pass_run(paths, npaths, &mine, &local, err, errlen);
	free(pieces);
	if (rc != 0 && local.inside->input_error) {
		load_result_free(&local);
		team_plan_free(&plan);
		return team_fail(tm, err);
	}
	err[0] = '\0';		/* a --strict stop is told below */
	struct cost read = { plan.bytes[tm->rank], clock_now() - t0,
	    clock_cpu() - c0, 0 };
	part_from_pass(tm, &plan, &local, &read, &part);
	threads = local.threads;
	load_result_free(&local);
	team_plan_free(&plan);
	if (reduce(tm, npaths, po, &part) != 0) {
		part_free(&part);
		return -1;
	}
	if (tm->rank != 0) {
		r->inside = xcalloc(1, sizeof *r->inside);
		r->elsewhere = 1;
		r->passes = 1;
		return 0;
	}
	note_costs(po, &part);
	result_from_part(paths, npaths, po, &part, r);
	part_free(&part);
	r->threads = threads;
	r->passes = 1;
	r->seconds = clock_now() - t0;
	return pass_strict_error(po, r, err, errlen);
}

/* --- member 0 says what comes next ------------------------------------- */

/*
 * Member 0's go and, with go, a set (put on member 0, got elsewhere into
 * x, which get initialises).  Returns go on every member, or -1 when the
 * message did not come.
 */
static int
share(const struct load_team *tm, int go,
    void (*put)(struct pack *, const void *),
    int (*get)(struct unpack *, void *), void *x)
{
	struct pack b = {0};
	void *buf;
	size_t len;

	if (tm == NULL)
		return go;
	if (tm->rank == 0) {
		pack_u64(&b, (uint64_t)go);
		if (go && put != NULL)
			put(&b, x);
		buf = b.p;
		len = b.len;
		int rc = tm->bcast(tm->ctx, &buf, &len);
		pack_free(&b);
		return rc == 0 ? go : lost(tm, 0, "tell the ranks what");
	}
	if (tm->bcast(tm->ctx, &buf, &len) != 0)
		return lost(tm, 0, "hear from");
	struct unpack u = { buf, len, 0, 0 };
	go = (int)unpack_u64(&u);
	if (!u.bad && go && get != NULL && get(&u, x) != 0)
		u.bad = 1;
	free(buf);
	return u.bad ? lost(tm, 0, "read the message of") : go;
}

static void
put_names(struct pack *b, const void *x)
{
	pack_names(b, x);
}

static int
get_names(struct unpack *u, void *x)
{
	return unpack_names(u, x);
}

static void
put_ports(struct pack *b, const void *x)
{
	pack_ports(b, x);
}

static int
get_ports(struct unpack *u, void *x)
{
	return unpack_ports(u, x);
}

int
team_share_state(const struct load_team *tm, int go)
{
	return share(tm, go, NULL, NULL, NULL);
}

int
team_share_names(const struct load_team *tm, int go, struct names *n)
{
	return share(tm, go, put_names, get_names, n);
}

int
team_share_ports(const struct load_team *tm, int go, struct tally_ports *p)
{
	return share(tm, go, put_ports, get_ports, p);
}
