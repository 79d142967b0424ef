/*
 * selection.c - a set of computers (see selection.h).
 *
 * Invariant after every call: rows[0..n) are exactly the i with in[i]
 * set, in increasing order.  Every selection_from_*() first marks `in`
 * and then rebuilds `rows` in one pass (rows_from_flags()), so the two
 * cannot drift; at 100,000 computers that pass is well under a
 * millisecond, below what a key press can notice.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/counters.h"
#include "base/xalloc.h"
#include "tui/selection.h"

void
selection_init(struct selection *s, size_t ncomputers)
{
	memset(s, 0, sizeof *s);
	s->ncomputers = ncomputers;
	s->in = xcalloc(ncomputers > 0 ? ncomputers : 1, 1);
	s->rows = xreallocarray(NULL, ncomputers > 0 ? ncomputers : 1,
	    sizeof *s->rows);
}

void
selection_free(struct selection *s)
{
	free(s->in);
	free(s->rows);
	memset(s, 0, sizeof *s);
}

void
selection_clear(struct selection *s)
{
	if (s->ncomputers > 0)
		memset(s->in, 0, s->ncomputers);
	s->n = 0;
	s->what[0] = '\0';
	s->gen++;
}

static void
rows_from_flags(struct selection *s)
{
	s->gen++;
	s->n = 0;
	for (size_t i = 0; i < s->ncomputers; i++)
		if (s->in[i])
			s->rows[s->n++] = i;
}

void
selection_from_cluster(struct selection *s, const struct map *m, size_t c)
{
	for (size_t i = 0; i < s->ncomputers; i++)
		s->in[i] = m->computers[i].cluster == c;
	rows_from_flags(s);
}

void
selection_from_mark(struct selection *s, const struct map *m, size_t label)
{
	const struct map_marks *mk = &m->marks;

	memset(s->in, 0, s->ncomputers);
	if (mk->start != NULL)
		for (size_t i = 0; i < s->ncomputers; i++)
			for (size_t k = mk->start[i]; k < mk->start[i + 1];
			    k++)
				if (mk->label_of[k] == label)
					s->in[i] = 1;
	rows_from_flags(s);
}

/* Computer i's place on the functional or the communications map. */
static void
place(const struct map *m, int comms, size_t i, double *x, double *y)
{
	*x = comms ? m->computers[i].cx : m->computers[i].x;
	*y = comms ? m->computers[i].cy : m->computers[i].y;
}

void
selection_from_box(struct selection *s, const struct map *m, int comms,
    double x0, double y0, double x1, double y1)
{
	double lx = fmin(x0, x1), hx = fmax(x0, x1);
	double ly = fmin(y0, y1), hy = fmax(y0, y1);

	for (size_t i = 0; i < s->ncomputers; i++) {
		double x, y;

		place(m, comms, i, &x, &y);
		s->in[i] = x >= lx && x <= hx && y >= ly && y <= hy;
	}
	rows_from_flags(s);
}

void
selection_from_flags(struct selection *s, const uint8_t *flags)
{
	for (size_t i = 0; i < s->ncomputers; i++)
		s->in[i] = flags[i] != 0;
	rows_from_flags(s);
}

/* A member with what it sorts by: qsort has no context to pass. */
struct sort_row {
	uint64_t	 key;
	const char	*name;
	size_t		 i;
};

static int
by_name(const void *a, const void *b)
{
	const struct sort_row *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

static int
by_key_desc(const void *a, const void *b)
{
	const struct sort_row *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	return by_name(a, b);
}

static int
by_key_asc(const void *a, const void *b)
{
	const struct sort_row *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return by_name(a, b);
}

void
selection_sorted(const struct selection *s, const struct map *m,
    enum selection_order order, size_t *out)
{
	struct sort_row *v;
	int (*cmp)(const void *, const void *) = by_name;

	if (s->n == 0)
		return;
	v = xreallocarray(NULL, s->n, sizeof *v);
	for (size_t k = 0; k < s->n; k++) {
		const struct map_computer *c = &m->computers[s->rows[k]];

		v[k] = (struct sort_row){ 0, c->name, s->rows[k] };
		switch (order) {
		case SELECTION_BY_FLOWS:
			v[k].key = sat_add(c->flows_in, c->flows_out);
			break;
		case SELECTION_BY_BYTES:
			v[k].key = sat_add(c->bytes_in, c->bytes_out);
			break;
		case SELECTION_BY_CLUSTER:
			/* MAP_NO_CLUSTER is the largest: none last */
			v[k].key = c->cluster;
			break;
		default:
			break;
		}
	}
	if (order == SELECTION_BY_FLOWS || order == SELECTION_BY_BYTES)
		cmp = by_key_desc;
	else if (order == SELECTION_BY_CLUSTER)
		cmp = by_key_asc;
	qsort(v, s->n, sizeof *v, cmp);
	for (size_t k = 0; k < s->n; k++)
		out[k] = v[k].i;
	free(v);
}

const char *
selection_order_name(enum selection_order order)
{
	static const char *const names[SELECTION_NORDERS] = {
		[SELECTION_BY_NAME] = "name",
		[SELECTION_BY_FLOWS] = "flows",
		[SELECTION_BY_BYTES] = "bytes",
		[SELECTION_BY_CLUSTER] = "cluster",
	};

	return order < SELECTION_NORDERS ? names[order] : "?";
}

int
selection_box(const struct selection *s, const struct map *m, int comms,
    double *x0, double *y0, double *x1, double *y1)
{
	if (s->n == 0)
		return -1;
	for (size_t k = 0; k < s->n; k++) {
		double x, y;

		place(m, comms, s->rows[k], &x, &y);
		if (k == 0 || x < *x0)
			*x0 = x;
		if (k == 0 || x > *x1)
			*x1 = x;
		if (k == 0 || y < *y0)
			*y0 = y;
		if (k == 0 || y > *y1)
			*y1 = y;
	}
	return 0;
}

size_t
selection_centre(const struct selection *s, const struct map *m, int comms)
{
	double mx = 0, my = 0, best = HUGE_VAL;
	size_t who = SIZE_MAX;

	if (s->n == 0)
		return SIZE_MAX;
	for (size_t k = 0; k < s->n; k++) {
		double x, y;

		place(m, comms, s->rows[k], &x, &y);
		mx += x;
		my += y;
	}
	mx /= (double)s->n;
	my /= (double)s->n;
	for (size_t k = 0; k < s->n; k++) {
		double x, y, d;

		place(m, comms, s->rows[k], &x, &y);
		d = (x - mx) * (x - mx) + (y - my) * (y - my);
		if (d < best) {
			best = d;
			who = s->rows[k];
		}
	}
	return who;
}
