/*
 * marks.c - marks files read onto the map (see marks.h).
 *
 * The map's names are looked up through an index sorted by strcmp; each
 * distinct label gets a number in the order it is first met, and each
 * computer's labels are kept once each, in that order, in one flat array.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/escape.h"
#include "base/xalloc.h"
#include "load/load.h"
#include "profile/marks.h"

/* A mark as read: computer row, label number. */
struct mark {
	uint32_t	row, label;
};

struct reader {
	struct map	*m;
	uint32_t	*by_name;	/* rows sorted by name (strcmp) */
	struct mark	*marks;
	size_t		 nmarks, cap;
	char		**labels;
	size_t		 nlabels;
};

static const struct map *sort_map;	/* qsort has no context argument */

static int
cmp_rows(const void *a, const void *b)
{
	return strcmp(sort_map->computers[*(const uint32_t *)a].name,
	    sort_map->computers[*(const uint32_t *)b].name);
}

static uint32_t
find_row(const struct reader *r, const char *name)
{
	size_t lo = 0, hi = r->m->ncomputers;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, r->m->computers[r->by_name[mid]].name);

		if (c == 0)
			return r->by_name[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return UINT32_MAX;
}

static uint32_t
label_number(struct reader *r, const char *label)
{
	for (size_t i = 0; i < r->nlabels; i++)
		if (strcmp(r->labels[i], label) == 0)
			return (uint32_t)i;
	r->labels = xreallocarray(r->labels, r->nlabels + 1, sizeof *r->labels);
	r->labels[r->nlabels] = xstrdup(label);
	return (uint32_t)r->nlabels++;
}

static int
is_header(const char *field)
{
	static const char *const words[] = { "computer", "host", "hostname",
	    "name", "device", "ip", "address", NULL };

	for (int i = 0; words[i] != NULL; i++)
		if (strcasecmp(field, words[i]) == 0)
			return 1;
	return 0;
}

/* Trim blanks at both ends, in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* One line: 0, 1 for a line that is no mark (blank, comment, header), or
 * -1 with what is wrong in why. */
static int
read_line(struct reader *r, char *line, size_t lineno,
    struct marks_summary *sum, char *why, size_t whylen)
{
	char *sep, *name, *label, *body = trim(line);
	uint32_t row;

	if (*body == '\0' || *body == '#')
		return 1;
	sep = strchr(body, '\t');
	if (sep == NULL)
		sep = strchr(body, ',');
	if (sep == NULL) {
		snprintf(why, whylen, "expected computer,label");
		return -1;
	}
	*sep = '\0';
	name = trim(body);
	label = trim(sep + 1);
	if (*name == '\0' || *label == '\0') {
		snprintf(why, whylen, "an empty %s", *name ? "label" : "computer");
		return -1;
	}
	if (strlen(name) > LOAD_NAME_MAX || strlen(label) > MARKS_LABEL_MAX) {
		snprintf(why, whylen, "a %s longer than %d bytes", strlen(name) >
		    LOAD_NAME_MAX ? "computer name" : "label", strlen(name) >
		    LOAD_NAME_MAX ? LOAD_NAME_MAX : MARKS_LABEL_MAX);
		return -1;
	}
	row = find_row(r, name);
	if (row == UINT32_MAX && lineno == 1 && is_header(name))
		return 1;
	sum->lines++;
	if (row == UINT32_MAX) {
		if (sum->unknown++ == 0)
			escape_text(name, strlen(name), sum->first_unknown,
			    sizeof sum->first_unknown);
		return 0;
	}
	if (r->nmarks == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->marks = xreallocarray(r->marks, r->cap, sizeof *r->marks);
	}
	r->marks[r->nmarks++] = (struct mark){ row, label_number(r, label) };
	return 0;
}

static int
read_file(struct reader *r, const char *path, struct marks_summary *sum,
    char *err, size_t errlen)
{
	char name[256], why[128], *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t got;
	FILE *f;
	int rc = 0;

	escape_text(path, strlen(path), name, sizeof name);
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	while (rc == 0 && (got = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (got > 0 && line[got - 1] == '\n')
			line[--got] = '\0';
		if (strlen(line) != (size_t)got) {
			snprintf(err, errlen, "%s:%zu: a NUL byte", name, lineno);
			rc = -1;
		} else if (read_line(r, line, lineno, sum, why, sizeof why) < 0) {
			snprintf(err, errlen, "%s:%zu: %s", name, lineno, why);
			rc = -1;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

static int
cmp_mark(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->label < y->label ? -1 : x->label > y->label;
}

/* The marks, by computer, each label once. */
static void
fill(struct map *m, struct reader *r)
{
	struct map_marks *mk = &m->marks;

	if (r->nmarks > 1)
		qsort(r->marks, r->nmarks, sizeof *r->marks, cmp_mark);
	mk->nlabels = r->nlabels;
	mk->labels = r->labels;
	r->labels = NULL;
	mk->count = xcalloc(mk->nlabels ? mk->nlabels : 1, sizeof *mk->count);
	mk->start = xcalloc(m->ncomputers + 1, sizeof *mk->start);
	mk->label_of = xcalloc(r->nmarks ? r->nmarks : 1, sizeof *mk->label_of);
	size_t k = 0;
	for (size_t j = 0; j < r->nmarks; j++) {
		if (j > 0 && r->marks[j].row == r->marks[j - 1].row &&
		    r->marks[j].label == r->marks[j - 1].label)
			continue;	/* the same mark twice */
		mk->label_of[k++] = r->marks[j].label;
		mk->start[r->marks[j].row + 1]++;
		mk->count[r->marks[j].label]++;
	}
	for (size_t i = 0; i < m->ncomputers; i++)
		mk->start[i + 1] += mk->start[i];
}

int
marks_read(struct map *m, const char *const *paths, size_t npaths,
    struct marks_summary *sum, char *err, size_t errlen)
{
	struct reader r = { .m = m };
	int rc = 0;

	memset(sum, 0, sizeof *sum);
	r.by_name = xcalloc(m->ncomputers ? m->ncomputers : 1,
	    sizeof *r.by_name);
	for (size_t i = 0; i < m->ncomputers; i++)
		r.by_name[i] = (uint32_t)i;
	sort_map = m;
	qsort(r.by_name, m->ncomputers, sizeof *r.by_name, cmp_rows);
	for (size_t i = 0; i < npaths && rc == 0; i++)
		rc = read_file(&r, paths[i], sum, err, errlen);
	if (rc == 0)
		fill(m, &r);
	for (size_t i = 0; r.labels != NULL && i < r.nlabels; i++)
		free(r.labels[i]);
	free(r.labels);
	free(r.marks);
	free(r.by_name);
	return rc;
}
