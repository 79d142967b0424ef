/*
 * test_matrix.c - the TSV feature-matrix reader on good and bad files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/matrix.h"

static char path[64];

/* Write text to a fresh temporary file, named in path. */
static void
write_file(const char *text)
{
	int fd;

	snprintf(path, sizeof path, "/tmp/test_matrix.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Read the file, expecting failure with a message naming path:line. */
static void
expect_error(const char *text, int line, const char *what)
{
	struct matrix m;
	char err[256], want[128];

	write_file(text);
	assert_int_equal(matrix_read_tsv(path, &m, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:%d: ", path, line);
	if (strncmp(err, want, strlen(want)) != 0 || strstr(err, what) == NULL)
		fail_msg("message \"%s\" lacks \"%s\" or \"%s\"", err, want, what);
	assert_null(m.data);
	assert_int_equal(m.rows, 0);
	unlink(path);
}

static void
test_named_rows(void **state)
{
	struct matrix m;
	char err[256];

	(void)state;
	write_file("computer\ta\tb\tc\nC1\t0.5\t0\t1e-3\r\nC22\t-2\t3.25\t4\n\n");
	assert_int_equal(matrix_read_tsv(path, &m, err, sizeof err), 0);
	assert_int_equal(m.rows, 2);
	assert_int_equal(m.cols, 3);
	assert_string_equal(m.row_names[0], "C1");
	assert_string_equal(m.row_names[1], "C22");
	assert_string_equal(m.col_names[0], "a");
	assert_string_equal(m.col_names[2], "c");
	assert_true(m.data[0] == 0.5f && m.data[1] == 0 && m.data[2] == 1e-3f);
	assert_true(m.data[3] == -2 && m.data[4] == 3.25f && m.data[5] == 4);
	matrix_free(&m);
	assert_null(m.data);
	unlink(path);
}

static void
test_numeric_only(void **state)
{
	struct matrix m;
	char err[256];

	(void)state;
	write_file("x\ty\n1\t2\n3\t4\n5\t6\n");
	assert_int_equal(matrix_read_tsv(path, &m, err, sizeof err), 0);
	assert_int_equal(m.rows, 3);
	assert_int_equal(m.cols, 2);
	assert_null(m.row_names);
	assert_string_equal(m.col_names[1], "y");
	assert_true(m.data[5] == 6);
	matrix_free(&m);
	unlink(path);
}

static void
test_r_style_header(void **state)
{
	struct matrix m;
	char err[256];

	(void)state;
	/* R's write.table: the header has no field for the row names. */
	write_file("a\tb\n\"r1\"\t1\t2\n\"r2\"\t3\t4\n");
	assert_int_equal(matrix_read_tsv(path, &m, err, sizeof err), 0);
	assert_int_equal(m.cols, 2);
	assert_string_equal(m.row_names[1], "\"r2\"");
	assert_string_equal(m.col_names[0], "a");
	assert_true(m.data[3] == 4);
	matrix_free(&m);
	unlink(path);
}

static void
test_bad_files(void **state)
{
	struct matrix m;
	char err[256];

	(void)state;
	expect_error("", 1, "empty file");
	expect_error("a\tb\n", 2, "no data rows");
	expect_error("n\ta\tb\nr1\t1\t2\nr2\t1\n", 3, "2 fields, expected 3");
	expect_error("n\ta\tb\nr1\t1\t2\nr2\t1\t2\t3\n", 3, "4 fields");
	expect_error("n\ta\tb\nr1\t1\t2\nr2\t1\t2x\n", 3,
	    "field 3 (b) is not a finite number: \"2x\"");
	expect_error("a\tb\n1\t2\n\t3\n", 3, "field 1 (a) is not a finite");
	expect_error("a\tb\n1\tnan\n", 2, "field 2 (b)");
	expect_error("a\tb\n1\t1e300\n", 2, "not a finite number");
	expect_error("a\tb\tc\n1\t2\n", 2, "2 fields, but the header has 3");
	expect_error("a\nname\n", 2, "no numeric columns");
	assert_int_equal(matrix_read_tsv("/nonexistent/x.tsv", &m, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/x.tsv: "));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_rows),
		cmocka_unit_test(test_numeric_only),
		cmocka_unit_test(test_r_style_header),
		cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
