/*
 * test_marks.c - marks files onto a map (profile/marks.h): CSV and TSV,
 * a header, comments, CR LF, several labels on one computer, the same mark
 * twice, computers not in the map counted, and every malformed line an
 * error naming file and line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "profile/marks.h"
#include "unit.h"

static struct map *
map_of(const char *const *names, size_t n)
{
	struct map *m = xcalloc(1, sizeof *m);

	m->ncomputers = n;
	m->computers = xcalloc(n, sizeof *m->computers);
	for (size_t i = 0; i < n; i++)
		m->computers[i].name = xstrdup(names[i]);
	return m;
}

static void
map_destroy(struct map *m)
{
	map_free(m);
	free(m);
}

/* The labels of computer i, joined by '|'. */
static char *
labels_of(const struct map *m, size_t i, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t k = m->marks.start[i]; k < m->marks.start[i + 1]; k++) {
		if (k > m->marks.start[i])
			strncat(buf, "|", size - strlen(buf) - 1);
		strncat(buf, m->marks.labels[m->marks.label_of[k]],
		    size - strlen(buf) - 1);
	}
	return buf;
}

static void
test_read(void **state)
{
	static const char *const names[] = { "C1", "C2", "Mail", "IP9" };
	char *dir = unit_tmpdir(), err[256], buf[128];
	const char *csv = "computer,label\r\nC1,known DNS\r\n# a comment\r\n"
	    "\r\nMail,mail, the main one\r\nC404,ioc\r\nC1,known DNS\r\n";
	const char *tsv = "C1\tioc 2026-12, with a comma\n  IP9 \t dns \n";
	char *paths[2];
	struct marks_summary sum;
	struct map *m = map_of(names, 4);

	(void)state;
	paths[0] = unit_write(dir, "known.csv", csv, strlen(csv));
	paths[1] = unit_write(dir, "ioc.tsv", tsv, strlen(tsv));
	assert_int_equal(marks_read(m, (const char *const *)paths, 2, &sum,
	    err, sizeof err), 0);
	assert_int_equal(sum.lines, 6);
	assert_int_equal(sum.unknown, 1);
	assert_string_equal(sum.first_unknown, "C404");
	assert_int_equal(m->marks.nlabels, 4);
	assert_string_equal(labels_of(m, 0, buf, sizeof buf),
	    "known DNS|ioc 2026-12, with a comma");
	assert_string_equal(labels_of(m, 1, buf, sizeof buf), "");
	assert_string_equal(labels_of(m, 2, buf, sizeof buf),
	    "mail, the main one");
	assert_string_equal(labels_of(m, 3, buf, sizeof buf), "dns");
	/* The same mark twice counts once. */
	assert_int_equal(m->marks.count[0], 1);
	map_destroy(m);
	free(paths[0]);
	free(paths[1]);
	unit_rmtree(dir);
}

static void
test_errors(void **state)
{
	static const char *const names[] = { "C1" };
	static const struct {
		const char	*text;
		size_t		 len;
		const char	*want;
	} cases[] = {
		{ "C1,ok\nC1 no separator\n", 0, "bad.csv:2: expected computer,label" },
		{ "C1,\n", 0, "bad.csv:1: an empty label" },
		{ ",x\n", 0, "bad.csv:1: an empty computer" },
		{ "C1,a\0b\n", 7, "bad.csv:1: a NUL byte" },
	};
	char *dir = unit_tmpdir(), err[256];
	struct marks_summary sum;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		char *path = unit_write(dir, "bad.csv", cases[i].text, len);
		struct map *m = map_of(names, 1);

		assert_int_equal(marks_read(m, (const char *const *)&path, 1,
		    &sum, err, sizeof err), -1);
		assert_non_null(strstr(err, cases[i].want));
		assert_null(m->marks.start);
		map_destroy(m);
		free(path);
	}
	/* A label too long, a file that is not there. */
	char longer[MARKS_LABEL_MAX + 16];
	memset(longer, 'x', sizeof longer);
	memcpy(longer, "C1,", 3);
	longer[sizeof longer - 1] = '\n';
	char *path = unit_write(dir, "long.csv", longer, sizeof longer);
	struct map *m = map_of(names, 1);
	assert_int_equal(marks_read(m, (const char *const *)&path, 1, &sum,
	    err, sizeof err), -1);
	assert_non_null(strstr(err, "long.csv:1: a label longer than"));
	free(path);
	const char *missing = "/nonexistent/marks.csv";
	assert_int_equal(marks_read(m, &missing, 1, &sum, err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/marks.csv: No such file"));
	map_destroy(m);
	unit_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
