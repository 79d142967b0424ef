/*
 * fuzz_matrix.c - matrix_read_tsv() (embed --features) over arbitrary
 * files.  On success the shape must be consistent and every value finite;
 * on failure the message must be there and the matrix empty.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "app/matrix.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct matrix m;
	char err[1024];
	const char *path = fuzz_scratch_file(data, size);

	if (path == NULL)
		abort();
	err[0] = '\0';
	if (matrix_read_tsv(path, &m, err, sizeof err) != 0) {
		if (err[0] == '\0' || m.data != NULL || m.rows != 0)
			abort();
		/* The message goes to a terminal: the data must be escaped. */
		for (const char *c = err; *c != '\0'; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f) {
				fprintf(stderr, "fuzz_matrix: control byte 0x%02x "
				    "in \"%s\"\n", (unsigned char)*c, err);
				abort();
			}
		return 0;
	}
	if (m.rows > 0 && (m.data == NULL || m.cols == 0))
		abort();
	for (size_t i = 0; i < m.rows * m.cols; i++)
		if (!isfinite(m.data[i]))
			abort();
	for (size_t j = 0; j < m.cols; j++)
		if (m.col_names == NULL || m.col_names[j] == NULL)
			abort();
	if (m.row_names != NULL)
		for (size_t i = 0; i < m.rows; i++)
			if (m.row_names[i] == NULL)
				abort();
	matrix_free(&m);
	return 0;
}
