/*
 * matrix.c - read a feature matrix from a TSV file (see matrix.h).
 *
 * One pass over the lines with getline(): the header fixes the number of
 * columns, the first data row decides whether the first column is a name,
 * and every later row must agree.  Values go through strtod() and must be
 * finite; the data array grows geometrically.  Every message names the
 * file and line, so a bad export is found without a hex editor.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "app/matrix.h"
#include "base/errbuf.h"
#include "base/xalloc.h"

struct fields {
	char	**v;
	size_t	  n, cap;
};

/* Split line in place at tabs; a trailing "\r\n" or "\n" is dropped. */
static void
split_tabs(char *line, struct fields *f)
{
	size_t len = strlen(line);

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	f->n = 0;
	for (char *p = line;;) {
		char *tab = strchr(p, '\t');

		if (f->n == f->cap) {
			f->cap = f->cap ? 2 * f->cap : 64;
			f->v = xreallocarray(f->v, f->cap, sizeof *f->v);
		}
		f->v[f->n++] = p;
		if (tab == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
}

/* A finite number filling the whole field (surrounding blanks allowed). */
static int
parse_value(const char *s, float *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s)
		return -1;
	while (*end == ' ')
		end++;
	if (*end != '\0' || !isfinite(v) || fabs(v) > 3.4e38)
		return -1;
	*out = (float)v;
	return 0;
}

static int
is_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

void
matrix_free(struct matrix *m)
{
	if (m->row_names != NULL)
		for (size_t i = 0; i < m->rows; i++)
			free(m->row_names[i]);
	if (m->col_names != NULL)
		for (size_t j = 0; j < m->cols; j++)
			free(m->col_names[j]);
	free(m->row_names);
	free(m->col_names);
	free(m->data);
	*m = (struct matrix){0};
}

/*
 * The first data row tells whether the first column holds names: its first
 * field is not a number, or it has one field more than the header (R's
 * write.table).  Sets m->cols.  0, or -1 with err.
 */
static int
first_row(struct matrix *m, const struct fields *f, size_t header_fields,
    int *named, const char *name, size_t lineno, char *err, size_t errlen)
{
	float v;

	*named = f->n == header_fields + 1 || parse_value(f->v[0], &v) != 0;
	if (f->n != header_fields + (size_t)(f->n == header_fields + 1)) {
		errbuf_set(err, errlen, "%s:%zu: %zu fields, but the header has "
		    "%zu", name, lineno, f->n, header_fields);
		*named = 0;
		return -1;
	}
	if (f->n == (size_t)*named) {
		errbuf_set(err, errlen, "%s:%zu: no numeric columns", name,
		    lineno);
		return -1;
	}
	if (*named && f->n == header_fields) {
		/* Drop the name column's header. */
		free(m->col_names[0]);
		memmove(m->col_names, m->col_names + 1,
		    (f->n - 1) * sizeof *m->col_names);
		m->col_names[f->n - 1] = NULL;
	}
	m->cols = f->n - (size_t)*named;
	return 0;
}

/* A data row into m (its name too when named).  0, or -1 with err. */
static int
add_row(struct matrix *m, const struct fields *f, int named, size_t *cap,
    size_t *name_cap, const char *name, size_t lineno, char *err,
    size_t errlen)
{
	/* Messages go to a terminal: text from the file passes the
	 * sanitiser first. */
	char col[64], value[64];
	size_t first = (size_t)named;

	if (f->n != m->cols + (size_t)named) {
		errbuf_set(err, errlen, "%s:%zu: %zu fields, expected %zu",
		    name, lineno, f->n, m->cols + (size_t)named);
		return -1;
	}
	if (m->rows == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		m->data = xreallocarray(m->data, xmul(*cap, m->cols),
		    sizeof *m->data);
	}
	for (size_t j = 0; j < m->cols; j++) {
		float *dst = m->data + m->rows * m->cols + j;

		if (parse_value(f->v[first + j], dst) != 0) {
			escape_text(m->col_names[j], strlen(m->col_names[j]),
			    col, sizeof col);
			escape_text(f->v[first + j], strlen(f->v[first + j]),
			    value, sizeof value);
			errbuf_set(err, errlen, "%s:%zu: field %zu (%s) is not a "
			    "finite number: \"%s\"", name, lineno, first + j + 1,
			    col, value);
			return -1;
		}
	}
	if (named) {
		if (m->rows == *name_cap) {
			*name_cap = *name_cap ? 2 * *name_cap : 256;
			m->row_names = xreallocarray(m->row_names, *name_cap,
			    sizeof *m->row_names);
		}
		m->row_names[m->rows] = xstrdup(f->v[0]);
	}
	m->rows++;
	return 0;
}

int
matrix_read_tsv(const char *path, struct matrix *m, char *err, size_t errlen)
{
	FILE *fp;
	char *line = NULL;
	size_t linecap = 0, lineno = 0, header_fields = 0, cap = 0;
	size_t name_cap = 0;
	struct fields f = {0};
	int named = -1, rc = -1;
	ssize_t got;
	/* Messages go to a terminal: the path passes the sanitiser. */
	char name[256];

	*m = (struct matrix){0};
	escape_text(path, strlen(path), name, sizeof name);
	if ((fp = fopen(path, "r")) == NULL) {
		errbuf_set(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	while ((got = getline(&line, &linecap, fp)) != -1) {
		lineno++;
		if (strlen(line) != (size_t)got) {
			errbuf_set(err, errlen, "%s:%zu: NUL byte in line", name,
			    lineno);
			goto out;
		}
		if (is_blank(line))
			continue;	/* a trailing empty line is harmless */
		split_tabs(line, &f);
		if (header_fields == 0) {
			header_fields = f.n;
			m->col_names = xcalloc(f.n, sizeof *m->col_names);
			for (size_t j = 0; j < f.n; j++)
				m->col_names[j] = xstrdup(f.v[j]);
			continue;
		}
		if (named == -1 && first_row(m, &f, header_fields, &named,
		    name, lineno, err, errlen) != 0)
			goto out;
		if (add_row(m, &f, named, &cap, &name_cap, name, lineno, err,
		    errlen) != 0)
			goto out;
	}
	if (ferror(fp)) {
		errbuf_set(err, errlen, "%s:%zu: %s", name, lineno + 1,
		    strerror(errno));
		goto out;
	}
	if (header_fields == 0) {
		errbuf_set(err, errlen, "%s:%zu: empty file, expected a header "
		    "line", name, lineno + 1);
		goto out;
	}
	if (m->rows == 0) {
		errbuf_set(err, errlen, "%s:%zu: no data rows after the header",
		    name, lineno + 1);
		goto out;
	}
	rc = 0;
out:
	if (rc != 0) {
		if (m->cols == 0)
			m->cols = header_fields;	/* free every name */
		matrix_free(m);
	}
	free(f.v);
	free(line);
	fclose(fp);
	return rc;
}
