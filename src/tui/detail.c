/*
 * detail.c - the detail pane of the selected computer.
 *
 * Its name, totals in human units, the incoming and outgoing
 * distributions over ports (top bins as horizontal bars) and protocols,
 * and its nearest computers in feature space (map.h: nearest[]).
 *
 * Temperature: a bar shows p^(1/T), renormalised over the distribution
 * so the bars of one distribution still sum to 100% (T=1: as is; T>1
 * lifts the small values; T<1 sharpens towards the top bin).  The order
 * of the bins does not depend on T, since x^(1/T) is increasing.
 *
 * At the right of the map the pane is one column; below the map (a
 * narrow terminal) the totals and the similar computers go to a left
 * column and the bars to a right one when the width allows.
 *
 * Names and labels come escaped from the explorer (explorer.c) and are
 * drawn as they are, clipped by the columns; the tempered distributions
 * are sized by the map's bins.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "tui/detail.h"
#include "tui/term.h"

#define DETAIL_LABEL_W	12	/* port label column of a bar row */
#define DETAIL_PCT_W	7	/* " 45.0%" */
#define DETAIL_MAX_BARS	10	/* top bins per distribution */
#define DETAIL_TWO_COLS	70	/* a bottom pane this wide has two columns */
#define EIGHTHS		8	/* partial block characters per cell */

void
detail_temper(const float *p, size_t n, double T, double *q)
{
	double s = 0;

	for (size_t i = 0; i < n; i++) {
		q[i] = p[i] > 0 ? pow((double)p[i], 1 / T) : 0;
		s += q[i];
	}
	for (size_t i = 0; i < n; i++)
		q[i] = s > 0 ? q[i] / s : 0;
}

static void
fmt_count(uint64_t v, char *buf, size_t size)
{
	static const char units[] = " kMGTPE";
	double d = (double)v;
	int u = 0;

	if (v < 1000) {
		snprintf(buf, size, "%llu", (unsigned long long)v);
		return;
	}
	while (d >= 999.95 && u < (int)sizeof units - 2) {
		d /= 1000;
		u++;
	}
	snprintf(buf, size, d < 9.995 ? "%.2f%c" : d < 99.95 ? "%.1f%c" :
	    "%.0f%c", d, units[u]);
}

static void
fmt_bytes(uint64_t v, char *buf, size_t size)
{
	size_t n;

	fmt_count(v, buf, size);
	n = strlen(buf);
	if (n + 1 < size) {
		buf[n] = 'B';
		buf[n + 1] = '\0';
	}
}

static void
fmt_seconds(uint64_t s, char *buf, size_t size)
{
	if (s < 60)
		snprintf(buf, size, "%llus", (unsigned long long)s);
	else if (s < 3600)
		snprintf(buf, size, "%llum%02llus", (unsigned long long)s / 60,
		    (unsigned long long)s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%lluh%02llum",
		    (unsigned long long)s / 3600,
		    (unsigned long long)s % 3600 / 60);
	else
		snprintf(buf, size, "%llud%02lluh",
		    (unsigned long long)s / 86400,
		    (unsigned long long)s % 86400 / 3600);
}

/* A column of the pane being filled from the top. */
struct column {
	int	y, x, h, w;
	int	row;		/* next free row, relative */
};

/* A line of the column: prefix (ours) then text (from the data, or
 * NULL), clipped to the column's width. */
static int
col_line2(struct column *c, enum term_role role, const char *prefix,
    const char *text)
{
	int used;

	if (c->row >= c->h)
		return -1;
	term_set(role);
	used = term_text(c->y + c->row, c->x, c->w, prefix);
	if (text != NULL)
		term_text(c->y + c->row, c->x + used, c->w - used, text);
	c->row++;
	return 0;
}

static int
col_line(struct column *c, enum term_role role, const char *text)
{
	return col_line2(c, role, text, NULL);
}

/* The selected computer's cluster and its label, and its marks. */
static void
groups_lines(struct explorer *e, struct column *c)
{
	const struct map_computer *k = &e->m->computers[e->sel];
	const struct map_marks *mk = &e->m->marks;
	char prefix[32];

	if (k->cluster != MAP_NO_CLUSTER && k->cluster < e->m->nclusters) {
		snprintf(prefix, sizeof prefix, "cluster %lu: ",
		    (unsigned long)k->cluster + 1);
		col_line2(c, TERM_DIM, prefix, e->cluster_labels[k->cluster]);
	}
	if (mk->start != NULL && mk->start[e->sel + 1] > mk->start[e->sel]) {
		size_t len = 1;
		char *all;

		for (size_t j = mk->start[e->sel]; j < mk->start[e->sel + 1];
		    j++)
			len += strlen(e->mark_labels[mk->label_of[j]]) + 2;
		all = xmalloc(len);
		all[0] = '\0';
		for (size_t j = mk->start[e->sel]; j < mk->start[e->sel + 1];
		    j++) {
			if (all[0] != '\0')
				strcat(all, ", ");
			strcat(all, e->mark_labels[mk->label_of[j]]);
		}
		col_line2(c, TERM_MARKED, "marks: ", all);
		free(all);
	}
}

static void
totals_draw(struct explorer *e, struct column *c)
{
	const struct map_computer *k = &e->m->computers[e->sel];
	char a[32], b[32], line[128];
	static const char *const what[] = { "flows", "bytes", "packets",
		"time" };
	const uint64_t in[] = { k->flows_in, k->bytes_in, k->packets_in,
		k->seconds_in };
	const uint64_t out[] = { k->flows_out, k->bytes_out, k->packets_out,
		k->seconds_out };

	col_line(c, TERM_HEADING, e->names[e->sel]);
	groups_lines(e, c);
	for (size_t i = 0; i < sizeof what / sizeof what[0]; i++) {
		if (i == 1) {
			fmt_bytes(in[i], a, sizeof a);
			fmt_bytes(out[i], b, sizeof b);
		} else if (i == 3) {
			fmt_seconds(in[i], a, sizeof a);
			fmt_seconds(out[i], b, sizeof b);
		} else {
			fmt_count(in[i], a, sizeof a);
			fmt_count(out[i], b, sizeof b);
		}
		snprintf(line, sizeof line, "%-8s%8s in %8s out", what[i], a, b);
		col_line(c, TERM_PLAIN, line);
	}
}

static void
bar_draw(struct explorer *e, int y, int x, int w, double q,
    enum term_role role)
{
	int eighths = (int)lround(q * w * EIGHTHS), i;

	if (eighths == 0 && q > 0)
		eighths = 1;	/* a bin with any flows stays visible */
	term_set(role);
	for (i = 0; i < eighths / EIGHTHS && i < w; i++)
		term_char(y, x + i, term_utf8() ? 0x2588u : '#');
	if (i < w && eighths % EIGHTHS != 0) {
		if (term_utf8())
			term_char(y, x + i, 0x2590u - (unsigned)(eighths %
			    EIGHTHS));
		else if (eighths % EIGHTHS >= EIGHTHS / 2)
			term_char(y, x + i, '#');
	}
	(void)e;
}

/* The protocols of a distribution on one line: "TCP 80%  UDP 15%". */
static void
protos_line(struct explorer *e, struct column *c, const double *qp)
{
	char pct[16];
	int y = c->y + c->row, x = c->x, end = c->x + c->w;

	if (c->row >= c->h)
		return;
	term_set(TERM_DIM);
	for (size_t i = 0; i < e->m->nprotos && x < end; i++) {
		x += term_text(y, x, end - x, e->proto_labels[i]);
		snprintf(pct, sizeof pct, " %.0f%%  ", 100 * qp[i]);
		x += term_text(y, x, end - x, pct);
	}
	c->row++;
}

/* The indices of the nbars largest q > 0, largest first (a selection:
 * the lists are short); returns how many. */
static int
top_bins(const double *q, size_t n, int nbars, size_t top[DETAIL_MAX_BARS])
{
	int shown = 0;

	if (nbars > DETAIL_MAX_BARS)
		nbars = DETAIL_MAX_BARS;
	for (int k = 0; k < nbars; k++) {
		size_t best = SIZE_MAX;

		for (size_t i = 0; i < n; i++) {
			int taken = 0;

			for (int j = 0; j < k; j++)
				taken |= top[j] == i;
			if (!taken && q[i] > 0 &&
			    (best == SIZE_MAX || q[i] > q[best]))
				best = i;
		}
		if (best == SIZE_MAX)
			break;
		top[shown++] = best;
	}
	return shown;
}

/* The incoming (dir 0) or outgoing (dir 1) distributions, nbars rows. */
static void
dist_draw(struct explorer *e, struct column *c, int dir, int nbars)
{
	const struct map *m = e->m;
	enum map_dist d = (enum map_dist)(dir * MAP_OUT_FLOWS + e->measure);
	double *q = xreallocarray(NULL, m->nports + m->nprotos + 1,
	    sizeof *q), *qp = q + m->nports;
	float *v = xreallocarray(NULL, m->nports + m->nprotos + 1, sizeof *v);
	char line[96];
	enum term_role bar = dir ? TERM_BAR_OUT : TERM_BAR_IN;
	int shown, bw = c->w - DETAIL_LABEL_W - DETAIL_PCT_W;
	size_t top[DETAIL_MAX_BARS];

	snprintf(line, sizeof line, "%s by %s, p^(1/T) T=%.2f",
	    dir ? "outgoing" : "incoming", explorer_measure_name(e->measure),
	    e->T);
	col_line(c, TERM_HEADING, line);
	map_port_dist(m, e->sel, d, v);
	detail_temper(v, m->nports, e->T, q);
	map_proto_dist(m, e->sel, d, v);
	detail_temper(v, m->nprotos, e->T, qp);
	free(v);
	protos_line(e, c, qp);

	shown = top_bins(q, m->nports, nbars, top);
	if (shown == 0)
		col_line(c, TERM_DIM, dir ? "  (no outgoing flows)" :
		    "  (no incoming flows)");
	for (int k = 0; k < shown && c->row < c->h; k++) {
		int y = c->y + c->row;

		term_set(TERM_PLAIN);
		term_text(y, c->x, DETAIL_LABEL_W - 1, e->port_labels[top[k]]);
		if (bw > 0)
			bar_draw(e, y, c->x + DETAIL_LABEL_W, bw, q[top[k]],
			    bar);
		snprintf(line, sizeof line, "%5.1f%%", 100 * q[top[k]]);
		term_set(TERM_PLAIN);
		term_text(y, c->x + c->w - DETAIL_PCT_W + 1, DETAIL_PCT_W - 1,
		    line);
		c->row++;
	}
	free(q);
}

static void
similar_draw(struct explorer *e, struct column *c)
{
	const struct map_computer *k = &e->m->computers[e->sel];
	char num[16];

	col_line(c, TERM_HEADING, "most similar (keys 1-5)");
	if (k->nnearest == 0)
		col_line(c, TERM_DIM, "  (none)");
	for (uint32_t i = 0; i < k->nnearest && i < MAP_NEAREST; i++) {
		if (k->nearest[i] >= e->m->ncomputers)
			continue;
		snprintf(num, sizeof num, "%u ", i + 1);
		col_line2(c, TERM_PLAIN, num, e->names[k->nearest[i]]);
	}
}

/* Bars per distribution that leave room for `reserve` more rows. */
static int
bars_fit(const struct column *c, int reserve)
{
	int n = (c->h - c->row - reserve - 2 * 2) / 2;

	return n < 1 ? 1 : n > DETAIL_MAX_BARS ? DETAIL_MAX_BARS : n;
}

void
detail_draw(struct explorer *e)
{
	const struct rect *r = &e->panerect;
	int side = r->y == e->maprect.y && r->x > 0;
	struct column a, b;

	/* the border between map and pane */
	term_set(TERM_DIM);
	if (side)
		for (int y = 0; y < r->h; y++)
			term_char(r->y + y, r->x, term_utf8() ? 0x2502u : '|');
	else
		for (int x = 0; x < r->w; x++)
			term_char(r->y, r->x + x, term_utf8() ? 0x2500u : '-');
	a = side ? (struct column){ r->y, r->x + 2, r->h, r->w - 3, 0 } :
	    (struct column){ r->y + 1, r->x + 1, r->h - 1, r->w - 2, 0 };
	if (e->sel == SIZE_MAX || e->sel >= e->m->ncomputers) {
		col_line(&a, TERM_DIM, "no computer selected");
		return;
	}
	if (!side && r->w >= DETAIL_TWO_COLS) {
		a.w = r->w / 2 - 2;
		b = (struct column){ a.y, r->x + r->w / 2, a.h,
		    r->w - r->w / 2 - 1, 0 };
		int nb = bars_fit(&b, 0);

		totals_draw(e, &a);
		similar_draw(e, &a);
		dist_draw(e, &b, 0, nb);
		dist_draw(e, &b, 1, nb);
		return;
	}
	totals_draw(e, &a);
	a.row++;
	{
		int nb = bars_fit(&a, 1 + MAP_NEAREST + 1);

		dist_draw(e, &a, 0, nb);
		dist_draw(e, &a, 1, nb);
	}
	a.row++;
	similar_draw(e, &a);
}
