/*
 * test_selection.c - the explorer's curses-free parts of issue 18: the
 * selection (a set of computers from a cluster, a mark label, a box or
 * flags; its members in map order, sorted four ways, its box and centre),
 * the history of views (back, forward, a run of steps as one entry, the
 * bound), and the export (a fresh name, the rows of `embed -o`, never
 * over an existing file, an error that says why and leaves nothing).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/xalloc.h"
#include "profile/map.h"
#include "tui/export.h"
#include "tui/history.h"
#include "tui/selection.h"

#define NCOMP	6

/*
 * Six computers: a..f in name order, on a line x = i, y = -i (comms: the
 * reverse); clusters 0 0 1 1 none 0; flows 10, 60, 30, 60, 5, 1; marks
 * "dns" on b and d, "ioc" on d and f.
 */
static void
small_map(struct map *m)
{
	static const uint32_t cl[NCOMP] = { 0, 0, 1, 1, MAP_NO_CLUSTER, 0 };
	static const uint64_t flows[NCOMP] = { 10, 60, 30, 60, 5, 1 };
	/* b: dns; d: dns, ioc; f: ioc */
	static const size_t start[NCOMP + 1] = { 0, 0, 1, 1, 3, 3, 4 };
	static const uint32_t label_of[] = { 0, 0, 1, 1 };

	memset(m, 0, sizeof *m);
	m->ncomputers = NCOMP;
	m->computers = xcalloc(NCOMP, sizeof *m->computers);
	for (size_t i = 0; i < NCOMP; i++) {
		struct map_computer *c = &m->computers[i];
		char name[2] = { (char)('a' + i), '\0' };

		c->name = xstrdup(name);
		c->x = (double)i;
		c->y = -(double)i;
		c->cx = (double)(NCOMP - 1 - i);
		c->cy = 0;
		c->cluster = cl[i];
		c->flows_in = flows[i];
		c->bytes_out = 1000 - flows[i];
	}
	m->nclusters = 2;
	m->clusters = xcalloc(2, sizeof *m->clusters);
	m->clusters[0].size = 3;
	m->clusters[1].size = 2;
	m->marks.nlabels = 2;
	m->marks.labels = xcalloc(2, sizeof *m->marks.labels);
	m->marks.labels[0] = xstrdup("dns");
	m->marks.labels[1] = xstrdup("ioc");
	m->marks.count = xcalloc(2, sizeof *m->marks.count);
	m->marks.count[0] = m->marks.count[1] = 2;
	m->marks.start = xcalloc(NCOMP + 1, sizeof *m->marks.start);
	m->marks.label_of = xcalloc(4, sizeof *m->marks.label_of);
	memcpy(m->marks.label_of, label_of, sizeof label_of);
	memcpy(m->marks.start, start, sizeof start);
}

static void
assert_rows(const struct selection *s, const size_t *want, size_t n)
{
	assert_int_equal(s->n, n);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(s->rows[k], want[k]);
	for (size_t i = 0, k = 0; i < s->ncomputers; i++) {
		int member = k < n && want[k] == i;

		assert_int_equal(s->in[i] != 0, member);
		k += member;
	}
}

static void
test_sources(void **state)
{
	struct map m;
	struct selection s;
	uint8_t flags[NCOMP] = { 0, 1, 0, 0, 7, 0 };

	(void)state;
	small_map(&m);
	selection_init(&s, m.ncomputers);
	assert_int_equal(s.n, 0);
	selection_from_cluster(&s, &m, 0);
	assert_rows(&s, (size_t[]){ 0, 1, 5 }, 3);
	selection_from_cluster(&s, &m, 1);
	assert_rows(&s, (size_t[]){ 2, 3 }, 2);
	selection_from_mark(&s, &m, 0);
	assert_rows(&s, (size_t[]){ 1, 3 }, 2);
	selection_from_mark(&s, &m, 1);
	assert_rows(&s, (size_t[]){ 3, 5 }, 2);
	/* a box, corners in any order, edges included */
	selection_from_box(&s, &m, 0, 3, -1, 1, -3);
	assert_rows(&s, (size_t[]){ 1, 2, 3 }, 3);
	/* the same box on the communications map holds others */
	selection_from_box(&s, &m, 1, 3, -1, 1, 1);
	assert_rows(&s, (size_t[]){ 2, 3, 4 }, 3);
	selection_from_flags(&s, flags);
	assert_rows(&s, (size_t[]){ 1, 4 }, 2);
	selection_clear(&s);
	assert_rows(&s, NULL, 0);
	selection_free(&s);
	map_free(&m);
}

static void
test_sorted(void **state)
{
	struct map m;
	struct selection s;
	size_t out[NCOMP];

	(void)state;
	small_map(&m);
	selection_init(&s, m.ncomputers);
	selection_from_box(&s, &m, 0, -1, 1, 10, -10);	/* everyone */
	assert_int_equal(s.n, NCOMP);
	selection_sorted(&s, &m, SELECTION_BY_NAME, out);
	for (size_t k = 0; k < NCOMP; k++)
		assert_int_equal(out[k], k);
	/* most flows first; a tie (b, d: 60) by name */
	selection_sorted(&s, &m, SELECTION_BY_FLOWS, out);
	assert_memory_equal(out, ((size_t[]){ 1, 3, 2, 0, 4, 5 }),
	    sizeof out);
	/* bytes are 1000 - flows: the fewest flows first, b and d tied */
	selection_sorted(&s, &m, SELECTION_BY_BYTES, out);
	assert_memory_equal(out, ((size_t[]){ 5, 4, 0, 2, 1, 3 }),
	    sizeof out);
	/* cluster 1 (index 0) first, none last */
	selection_sorted(&s, &m, SELECTION_BY_CLUSTER, out);
	assert_memory_equal(out, ((size_t[]){ 0, 1, 5, 2, 3, 4 }),
	    sizeof out);
	assert_string_equal(selection_order_name(SELECTION_BY_CLUSTER),
	    "cluster");
	selection_free(&s);
	map_free(&m);
}

static void
test_box_and_centre(void **state)
{
	struct map m;
	struct selection s;
	double x0, y0, x1, y1;

	(void)state;
	small_map(&m);
	selection_init(&s, m.ncomputers);
	assert_int_equal(selection_box(&s, &m, 0, &x0, &y0, &x1, &y1), -1);
	assert_int_equal(selection_centre(&s, &m, 0), SIZE_MAX);
	selection_from_cluster(&s, &m, 0);	/* a, b, f: x 0, 1, 5 */
	assert_int_equal(selection_box(&s, &m, 0, &x0, &y0, &x1, &y1), 0);
	assert_true(x0 == 0 && x1 == 5 && y0 == -5 && y1 == 0);
	/* the mean is x = 2: b (x = 1) is nearest */
	assert_int_equal(selection_centre(&s, &m, 0), 1);
	/* on the comms map: cx 5, 4, 0; the mean 3: b (4) again */
	assert_int_equal(selection_box(&s, &m, 1, &x0, &y0, &x1, &y1), 0);
	assert_true(x0 == 0 && x1 == 5);
	assert_int_equal(selection_centre(&s, &m, 1), 1);
	selection_free(&s);
	map_free(&m);
}

static struct history_state
at(double x)
{
	struct history_state s;

	memset(&s, 0, sizeof s);
	s.pane[0].cx = x;
	s.sel = (size_t)x;
	return s;
}

static void
test_history(void **state)
{
	struct history *h = xcalloc(1, sizeof *h);
	struct history_state now = at(0);

	(void)state;
	assert_int_equal(history_back(h, &now), -1);
	assert_int_equal(history_forward(h, &now), -1);
	/* jump 0 -> 1 -> 2, then a run of steps 2 -> 3 -> 4 -> 5 */
	history_push(h, &now, HISTORY_JUMP);
	now = at(1);
	history_push(h, &now, HISTORY_JUMP);
	now = at(2);
	for (int x = 3; x <= 5; x++) {
		history_push(h, &now, HISTORY_STEP);
		now = at(x);
	}
	/* back undoes the run at once, then each jump */
	assert_int_equal(history_back(h, &now), 0);
	assert_true(now.pane[0].cx == 2);
	assert_int_equal(history_back(h, &now), 0);
	assert_true(now.pane[0].cx == 1);
	assert_int_equal(history_back(h, &now), 0);
	assert_true(now.pane[0].cx == 0 && now.sel == 0);
	assert_int_equal(history_back(h, &now), -1);
	/* forward again, to where we were */
	assert_int_equal(history_forward(h, &now), 0);
	assert_true(now.pane[0].cx == 1);
	assert_int_equal(history_forward(h, &now), 0);
	assert_int_equal(history_forward(h, &now), 0);
	assert_true(now.pane[0].cx == 5);
	assert_int_equal(history_forward(h, &now), -1);
	/* a new move forgets the forward states */
	assert_int_equal(history_back(h, &now), 0);
	history_push(h, &now, HISTORY_JUMP);
	now = at(9);
	assert_int_equal(history_forward(h, &now), -1);
	/* a step after a back is a new entry, not part of the old run */
	assert_int_equal(history_back(h, &now), 0);
	assert_true(now.pane[0].cx == 2);
	history_push(h, &now, HISTORY_STEP);
	now = at(7);
	assert_int_equal(history_back(h, &now), 0);
	assert_true(now.pane[0].cx == 2);
	/* the bound: the oldest states go */
	memset(h, 0, sizeof *h);
	for (int x = 0; x < HISTORY_MAX + 10; x++) {
		now = at(x);
		history_push(h, &now, HISTORY_JUMP);
	}
	assert_int_equal(h->nback, HISTORY_MAX);
	for (int k = 0; k < HISTORY_MAX; k++)
		assert_int_equal(history_back(h, &now), 0);
	assert_true(now.pane[0].cx == 10);
	assert_int_equal(history_back(h, &now), -1);
	free(h);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = xmalloc(1 << 16);
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
test_export(void **state)
{
	char dir[] = "/tmp/flowmap-export.XXXXXX", name[64], err[256];
	char *got, *want;
	struct map m;
	size_t rows[] = { 1, 3 };
	FILE *f;

	(void)state;
	small_map(&m);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(export_fresh_name(name, sizeof name), 0);
	assert_string_equal(name, "flowmap-selection-1.tsv");
	assert_int_equal(export_write(&m, rows, 2, name, err, sizeof err), 0);
	/* exactly the lines of embed -o for these rows */
	f = fopen("want.tsv", "w");
	assert_non_null(f);
	assert_int_equal(map_write_tsv(f, &m, rows, 2), 0);
	fclose(f);
	got = slurp(name);
	want = slurp("want.tsv");
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "computer\t"));
	assert_ptr_equal(strstr(got, "computer\t"), got);
	free(want);
	/* the next fresh name; an existing file is never written over */
	assert_int_equal(export_fresh_name(name, sizeof name), 0);
	assert_string_equal(name, "flowmap-selection-2.tsv");
	assert_int_equal(export_write(&m, rows, 1, "want.tsv", err,
	    sizeof err), EXPORT_EXISTS);
	want = slurp("want.tsv");
	assert_string_equal(got, want);
	free(got);
	free(want);
	/* an error names the cause and leaves no file behind */
	assert_int_equal(export_write(&m, rows, 2, "no/such/dir.tsv", err,
	    sizeof err), -1);
	assert_non_null(strstr(err, strerror(ENOENT)));
	unlink("want.tsv");
	unlink("flowmap-selection-1.tsv");
	assert_int_equal(chdir("/"), 0);
	assert_int_equal(rmdir(dir), 0);
	map_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_sorted),
		cmocka_unit_test(test_box_and_centre),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_export),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
