/*
 * test_team.c - one load shared by a team (load/team.h), without MPI.
 *
 * The division of the files is checked as such: every byte of every file
 * read once, text cut only among members and never finer than
 * TEAM_MIN_PIECE, gzip and standard input whole.  Then a team of 1 to 4
 * members, threads of this process that pass messages through mailboxes,
 * loads the same files as one process would (a large text file cut among
 * them with malformed lines on both sides of the cuts, gzip, a small and
 * an empty file), and member 0's result must be one process's: files,
 * first problems and their lines, the traffic, and the profiles at a
 * memory budget small enough for the three passes.  The sanitizer build
 * runs the team's code here, since it cannot run MPI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>

#include "load/input.h"
#include "load/team.h"
#include "unit.h"

#define MAXMEMBERS	4

/* --- the files --- */

static char *dir;
static char *paths[5];
static const size_t npaths = 5;

/* LANL 2015 lines (time,duration,src,sport,dst,dport,proto,packets,bytes),
 * a malformed one every `bad` lines. */
static void
make_flows(struct ubuf *b, size_t bytes, uint32_t seed, unsigned bad)
{
	uint64_t x = seed;
	unsigned n = 0;

	while (b->len < bytes) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		if (bad > 0 && ++n % bad == 0) {
			ubuf_printf(b, "%u,not,a,flow\n", n);
			continue;
		}
		unsigned svc = (unsigned)(x >> 50) % 40;
		ubuf_printf(b, "%llu,%u,C%u,N%u,C%u,%u,%d,%u,%u\n",
		    (unsigned long long)(x >> 44), (unsigned)(x >> 20) & 15,
		    (unsigned)(x >> 33) % 700, (unsigned)(x >> 13) % 90000,
		    (unsigned)(x >> 45) % 300, svc < 30 ? 20 + svc * svc :
		    40000 + (unsigned)(x >> 7) % 20000, svc % 7 ? 6 : 17,
		    (unsigned)(x >> 27) % 100 + 1, (unsigned)(x >> 37) % 9000);
	}
}

static int
setup(void **state)
{
	struct ubuf big = {0}, gz = {0}, small = {0};
	size_t zlen;
	unsigned char *z;

	(void)state;
	dir = unit_tmpdir();
	make_flows(&big, 3500000, 1, 7919);
	make_flows(&gz, 400000, 2, 0);
	make_flows(&small, 20000, 3, 97);
	paths[0] = unit_write(dir, "big.csv", big.p, big.len);
	z = unit_gzip(gz.p, gz.len, &zlen);
	paths[1] = unit_write(dir, "part.csv.gz", z, zlen);
	paths[2] = unit_write(dir, "small.csv", small.p, small.len);
	paths[3] = unit_write(dir, "empty.csv", "", 0);
	paths[4] = unit_write(dir, "more.csv", big.p, 1500000);
	free(z);
	ubuf_free(&big);
	ubuf_free(&gz);
	ubuf_free(&small);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < npaths; i++)
		free(paths[i]);
	unit_rmtree(dir);
	return 0;
}

/* --- the division --- */

static void
test_plan(void **state)
{
	const char *with_stdin[] = { paths[0], "-", paths[1], paths[2] };

	(void)state;
	for (int members = 1; members <= 6; members++) {
		struct team_plan p;
		uint64_t covered[5] = {0};
		int pieces_of_big = 0;

		team_plan_make((const char *const *)paths, npaths, members, &p);
		for (size_t k = 0; k < p.npieces; k++) {
			const struct team_piece *tp = &p.pieces[k];
			uint64_t size;
			enum input_kind kind = input_kind(paths[tp->file], &size);
			uint64_t end = tp->end == INPUT_TO_END ? size : tp->end;

			assert_true(tp->rank >= 0 && tp->rank < members);
			/* In file order, each starting where the last ended. */
			assert_int_equal(tp->start, covered[tp->file]);
			covered[tp->file] = end;
			if (kind != INPUT_TEXT)
				assert_true(tp->start == 0 &&
				    tp->end == INPUT_TO_END);
			if (tp->start > 0 || tp->end != INPUT_TO_END)
				assert_true(end - tp->start >= TEAM_MIN_PIECE);
			/* One piece of a file per member. */
			if (k > 0 && p.pieces[k - 1].file == tp->file) {
				assert_int_equal(tp->part,
				    p.pieces[k - 1].part + 1);
				assert_int_not_equal(tp->rank,
				    p.pieces[k - 1].rank);
			}
			pieces_of_big += tp->file == 0;
		}
		for (size_t i = 0; i < npaths; i++) {
			uint64_t size;

			input_kind(paths[i], &size);
			assert_int_equal(covered[i], size);
		}
		if (members >= 3)
			assert_true(pieces_of_big >= 2);
		team_plan_free(&p);
	}
	struct team_plan p;
	team_plan_make(with_stdin, 4, 3, &p);
	for (size_t k = 0; k < p.npieces; k++)
		if (p.pieces[k].file == 1)
			assert_int_equal(p.pieces[k].rank, 0);
	team_plan_free(&p);
}

/* --- a team of threads --- */

struct message {
	struct message	*next;
	int		 from, to;
	void		*buf;
	size_t		 len;
};

struct post {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct message	*head, **tail;
};

struct member {
	struct load_team	 team;
	struct post		*post;
	int			 profiles;
	uint64_t		 memory;
	struct load_result	 r;
	struct load_profiles	 p;
	int			 rc;
	char			 err[1024];
};

static int
post_send(void *ctx, int to, const void *buf, size_t len)
{
	struct member *m = ctx;
	struct message *msg = xcalloc(1, sizeof *msg);

	msg->from = m->team.rank;
	msg->to = to;
	msg->buf = xmalloc(len);
	memcpy(msg->buf, buf, len);
	msg->len = len;
	pthread_mutex_lock(&m->post->mu);
	*m->post->tail = msg;
	m->post->tail = &msg->next;
	pthread_cond_broadcast(&m->post->cv);
	pthread_mutex_unlock(&m->post->mu);
	return 0;
}

static int
post_recv(void *ctx, int from, void **buf, size_t *len)
{
	struct member *m = ctx;
	struct post *p = m->post;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		for (struct message **q = &p->head; *q != NULL;
		    q = &(*q)->next) {
			struct message *msg = *q;

			if (msg->from != from || msg->to != m->team.rank)
				continue;
			*q = msg->next;
			if (p->tail == &msg->next)
				p->tail = q;
			pthread_mutex_unlock(&p->mu);
			*buf = msg->buf;
			*len = msg->len;
			free(msg);
			return 0;
		}
		pthread_cond_wait(&p->cv, &p->mu);
	}
}

/* Member 0 to each of the others: their mailboxes keep the order. */
static int
post_bcast(void *ctx, void **buf, size_t *len)
{
	struct member *m = ctx;

	if (m->team.rank != 0)
		return post_recv(ctx, 0, buf, len);
	for (int r = 1; r < m->team.size; r++)
		post_send(ctx, r, *buf, *len);
	return 0;
}

static void
post_fail(void *ctx, const char *msg)
{
	(void)ctx;
	fail_msg("a member failed: %s", msg);
}

static void
load_options(const struct member *m, struct load_options *o)
{
	load_options_default(o);
	o->threads = 2;
	o->min_flows = 20;
	o->port_bins = 12;
	o->memory = m->memory;
	o->pairs = 1;
	o->max_problems = 7;
	o->team = m->team.size > 0 ? &m->team : NULL;
}

static void *
member_run(void *arg)
{
	struct member *m = arg;
	struct load_options o;

	load_options(m, &o);
	if (m->profiles)
		m->rc = load_profiles((const char *const *)paths, npaths, &o,
		    &m->r, &m->p, m->err, sizeof m->err);
	else
		m->rc = load_traffic((const char *const *)paths, npaths, &o,
		    &m->r, m->err, sizeof m->err);
	return NULL;
}

/* A load by `members` threads as a team (0: no team, one process). */
static void
team_load(int members, int profiles, uint64_t memory, struct member *out)
{
	struct post post = { PTHREAD_MUTEX_INITIALIZER,
	    PTHREAD_COND_INITIALIZER, NULL, NULL };
	struct member m[MAXMEMBERS];
	pthread_t th[MAXMEMBERS];
	int n = members > 0 ? members : 1;

	post.tail = &post.head;
	memset(m, 0, sizeof m);
	for (int r = 0; r < n; r++) {
		m[r].team = (struct load_team){ r, members, post_send,
		    post_recv, post_bcast, post_fail, &m[r] };
		m[r].post = &post;
		m[r].profiles = profiles;
		m[r].memory = memory;
		assert_int_equal(pthread_create(&th[r], NULL, member_run,
		    &m[r]), 0);
	}
	for (int r = 0; r < n; r++)
		pthread_join(th[r], NULL);
	assert_null(post.head);		/* every message was read */
	for (int r = 1; r < n; r++) {
		assert_int_equal(m[r].rc, 0);
		assert_true(m[r].r.elsewhere);
		load_result_free(&m[r].r);
		load_profiles_free(&m[r].p);
	}
	*out = m[0];
	assert_int_equal(out->rc, 0);
	assert_false(out->r.elsewhere);
}

static void
same_files(const struct load_result *a, const struct load_result *b)
{
	assert_int_equal(a->nfiles, b->nfiles);
	for (size_t i = 0; i < a->nfiles; i++) {
		assert_string_equal(a->files[i].name, b->files[i].name);
		assert_int_equal(a->files[i].lines, b->files[i].lines);
		assert_int_equal(a->files[i].records, b->files[i].records);
		assert_int_equal(a->files[i].malformed, b->files[i].malformed);
		assert_string_equal(a->files[i].format, b->files[i].format);
		assert_int_equal(a->files[i].gzip, b->files[i].gzip);
	}
	assert_int_equal(a->malformed, b->malformed);
	assert_int_equal(a->nproblems, b->nproblems);
	for (size_t k = 0; k < a->nproblems; k++) {
		assert_int_equal(a->problems[k].file_index,
		    b->problems[k].file_index);
		assert_int_equal(a->problems[k].line, b->problems[k].line);
		assert_string_equal(a->problems[k].what, b->problems[k].what);
	}
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The (key, count) pairs of a value set, as sorted keys << 32 | count
 * would not fit: two sorted arrays compared apart. */
static void
same_values(const struct load_values *a, const struct load_values *b)
{
	uint64_t *x = xcalloc(a->n + 1, 2 * sizeof *x);
	uint64_t *y = xcalloc(b->n + 1, 2 * sizeof *y);

	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		x[2 * i] = a->keys[i];
		x[2 * i + 1] = a->counts[i];
		y[2 * i] = b->keys[i];
		y[2 * i + 1] = b->counts[i];
	}
	qsort(x, a->n, 2 * sizeof *x, cmp_u64);
	qsort(y, b->n, 2 * sizeof *y, cmp_u64);
	assert_memory_equal(x, y, 2 * a->n * sizeof *x);
	free(x);
	free(y);
}

static void
test_traffic(void **state)
{
	struct member one, team;

	(void)state;
	team_load(0, 0, 0, &one);
	assert_true(one.r.nproblems == 7 && one.r.malformed > 10);
	for (int members = 1; members <= MAXMEMBERS; members++) {
		team_load(members, 0, 0, &team);
		same_files(&one.r, &team.r);
		const struct load_traffic *a = &one.r.traffic,
		    *b = &team.r.traffic;
		assert_int_equal(a->records, b->records);
		assert_int_equal(a->time_min, b->time_min);
		assert_int_equal(a->time_max, b->time_max);
		assert_memory_equal(a->protocols, b->protocols,
		    256 * sizeof *a->protocols);
		assert_int_equal(a->ncomputers, b->ncomputers);
		assert_memory_equal(a->computer_flows, b->computer_flows,
		    a->ncomputers * sizeof *a->computer_flows);
		same_values(&a->src_ports, &b->src_ports);
		same_values(&a->dst_ports, &b->dst_ports);
		load_result_free(&team.r);
	}
	load_result_free(&one.r);
}

/* A row's counters per bin, dense, for comparing profiles whose cells
 * may come in another order. */
static struct counters *
dense(const struct load_profiles *p)
{
	struct counters *d = xcalloc(p->ncomputers * p->nbins + 1, sizeof *d);

	for (size_t r = 0; r < p->ncomputers; r++)
		for (size_t j = p->start[r]; j < p->start[r + 1]; j++)
			d[r * p->nbins + p->bin_of[j]] = p->cells[j];
	return d;
}

static void
test_profiles(void **state)
{
	static const uint64_t memory[] = { 0, 20000 };

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		struct member one, team;

		team_load(0, 1, memory[k], &one);
		if (memory[k] != 0)
			assert_int_equal(one.r.passes, 3);
		for (int members = 1; members <= MAXMEMBERS; members++) {
			const struct load_profiles *a = &one.p, *b = &team.p;

			team_load(members, 1, memory[k], &team);
			same_files(&one.r, &team.r);
			assert_int_equal(a->nseen, b->nseen);
			assert_int_equal(a->ncomputers, b->ncomputers);
			for (size_t r = 0; r < a->ncomputers; r++)
				assert_string_equal(a->names[r], b->names[r]);
			assert_memory_equal(a->totals, b->totals,
			    a->ncomputers * sizeof *a->totals);
			assert_memory_equal(a->protocols, b->protocols,
			    a->ncomputers * PROTO_NBINS * sizeof *a->protocols);
			assert_memory_equal(a->other, b->other,
			    a->ncomputers * sizeof *a->other);
			assert_int_equal(a->nbins, b->nbins);
			for (size_t i = 0; i + 1 < a->nbins; i++) {
				assert_int_equal(a->bins[i].key, b->bins[i].key);
				assert_int_equal(a->bins[i].flows,
				    b->bins[i].flows);
			}
			assert_int_equal(a->other_flows, b->other_flows);
			struct counters *x = dense(a), *y = dense(b);
			assert_memory_equal(x, y, a->ncomputers * a->nbins *
			    sizeof *x);
			free(x);
			free(y);
			assert_int_equal(a->npairs, b->npairs);
			load_result_free(&team.r);
			load_profiles_free(&team.p);
		}
		load_result_free(&one.r);
		load_profiles_free(&one.p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_traffic),
		cmocka_unit_test(test_profiles),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
