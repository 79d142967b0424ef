/*
 * matrix.h - a numeric matrix read from a tab-separated file.
 *
 * The file has a header line of column names, then one line per row.  When
 * the first field of the first data row is not a number, the first column
 * holds row names (kept in row_names) and every other column is numeric;
 * otherwise all columns are numeric and row_names is NULL.  A header one
 * field shorter than the rows (R's write.table) also means named rows.
 *
 * matrix_read_tsv() fills *m, which the caller releases with matrix_free();
 * on error *m is left empty and err holds "path:line: what is wrong".
 */
#ifndef FLOWMAP_MATRIX_H
#define FLOWMAP_MATRIX_H

#include <stddef.h>

struct matrix {
	size_t	  rows, cols;
	float	 *data;		/* rows x cols, row-major */
	char	**row_names;	/* rows names, or NULL */
	char	**col_names;	/* cols names of the numeric columns */
};

int	matrix_read_tsv(const char *path, struct matrix *m, char *err,
	    size_t errlen);
void	matrix_free(struct matrix *m);

#endif
