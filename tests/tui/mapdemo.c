/*
 * mapdemo.c - the explorer on a synthetic map, for the tmux-driven tests
 * and for trying the TUI without data.
 *
 *   mapdemo [--ascii] [--no-color] [--no-mouse] [--progress] [--empty]
 *           [--no-comms] [--marks] [--notes]
 *
 * The mouse is captured unless --no-mouse, as in flowmap.
 *
 * With MAPDEMO_PIDFILE set, the pid is written there first (the signal
 * tests kill the demo by it).
 *
 * Four clusters of computers with known roles on port 53/domain: DNS
 * servers (incoming only: red), clients (outgoing only: green), resolvers
 * that do both (blue), and web servers that have nothing on 53 (plain) but
 * serve 80 and 443.  Some names are hostile ("evil\e]52;...", "\e[2J") and
 * must show escaped; one is as long as a name can be (255 bytes, mostly
 * control characters, so that escaped it is about 1000) and ends in
 * "longtail", which search must still find.  The map is filled as map.h documents: 6 port
 * distributions, then 6 protocol distributions, each summing to 1 or all
 * zeros; nearest[] is the 5 nearest in feature space (brute force here).
 *
 * The four groups are the map's clusters, numbered largest first as the
 * engine would (all the same size here: in group order), with labels in
 * the engine's words; cluster 1 is the DNS servers.  --marks lays mark
 * labels over some computers as `--mark FILE` would: "known dns" on the
 * first ten DNS servers, "ioc" on three clients and on dns4 (a computer
 * with two labels).  --notes gives the explorer three notes of loading,
 * as the stages would (malformed lines, unknown marks).
 *
 * The communications map (cx, cy) groups the computers otherwise: by
 * "site" (three sites on a ring, each holding computers of every
 * cluster, a small knot per cluster inside a site), as if each site's
 * clients used its own resolvers and servers.  --no-comms leaves it out
 * (has_comms 0), as `flowmap --no-comms` does.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "profile/map.h"
#include "load/names.h"
#include "base/xalloc.h"
#include "tui/tui.h"

#define DEMO_PER_CLUSTER	60
#define DEMO_NAME_MAX		NAMES_MAX_LEN	/* the longest name a map has */

enum demo_port { P_DNS, P_HTTP, P_HTTPS, P_N10451, P_MDNS, P_N10453,
	P_SSH, P_EVIL, P_OTHER, NPORTS };

/* label as shown, token as in the data (map.h: struct map_bin) */
static const struct {
	const char	*label, *text;
	uint32_t	 key;
} demo_ports[NPORTS] = {
	[P_DNS]    = { "53/domain", "53", PORT_KEY(PORT_TAG_NUMBER, 53) },
	[P_HTTP]   = { "80/http", "80", PORT_KEY(PORT_TAG_NUMBER, 80) },
	[P_HTTPS]  = { "443/https", "443", PORT_KEY(PORT_TAG_NUMBER, 443) },
	[P_N10451] = { "N10451", "N10451", PORT_KEY(PORT_TAG_N, 10451) },
	[P_MDNS]   = { "5353", "5353", PORT_KEY(PORT_TAG_NUMBER, 5353) },
	[P_N10453] = { "N10453", "N10453", PORT_KEY(PORT_TAG_N, 10453) },
	[P_SSH]    = { "22/ssh", "22", PORT_KEY(PORT_TAG_NUMBER, 22) },
	[P_EVIL]   = { "x\033[5mblink", "x\033[5mblink",
		       PORT_KEY(PORT_TAG_NAME, 0) },
	[P_OTHER]  = { "other", "other", 0 },
};

enum { PR_ICMP, PR_TCP, PR_UDP, PR_OTHER, NPROTOS };
static const struct { const char *label; uint64_t key; } demo_protos[] = {
	{ "ICMP", 1 }, { "TCP", 6 }, { "UDP", 17 }, { "other", 41 },
};

/* xorshift64*: the demo's own seeded generator */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static double
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 0x2545f4914f6cdd1dULL) >> 11) /
	    9007199254740992.0;
}

static double
gauss(void)
{
	double u = rnd() + 1e-12, v = rnd();

	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static void
normalise(float *p, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += p[i];
	for (size_t i = 0; i < n; i++)
		p[i] = s > 0 ? (float)(p[i] / s) : 0;
}

/* Flows on each port, incoming and outgoing, by cluster. */
static void
cluster_flows(int cluster, double in[NPORTS], double out[NPORTS])
{
	memset(in, 0, NPORTS * sizeof *in);
	memset(out, 0, NPORTS * sizeof *out);
	switch (cluster) {
	case 0:		/* DNS servers: serve 53 */
		in[P_DNS] = 900 + 200 * rnd();
		in[P_SSH] = 5 * rnd();
		out[P_N10451] = 50 * rnd();
		break;
	case 1:		/* clients: query 53, 80, 443 */
		out[P_DNS] = 300 * rnd() + 10;
		out[P_HTTP] = 200 * rnd();
		out[P_HTTPS] = 500 * rnd();
		out[P_MDNS] = 20 * rnd();
		out[P_OTHER] = 30 * rnd();
		break;
	case 2:		/* resolvers: both on 53 */
		in[P_DNS] = 400 + 100 * rnd();
		out[P_DNS] = 400 + 100 * rnd();
		out[P_N10453] = 10 * rnd();
		break;
	default:	/* web servers: nothing on 53 */
		in[P_HTTP] = 300 + 300 * rnd();
		in[P_HTTPS] = 600 + 300 * rnd();
		out[P_SSH] = 10 * rnd();
		out[P_EVIL] = 5 * rnd();
		break;
	}
}

static void
set_name(struct map_computer *c, int cluster, size_t i)
{
	static const char *const special[] = {
		"evil\033]52;c;AAAA\007", "\033[2J", "caf\xc3\xa9-\xe2\x82\xac",
		"bad\x9b" "31m",
	};
	char buf[64];

	if (i == sizeof special / sizeof special[0]) {
		static const char tail[] = "longtail";
		char *n = xmalloc(DEMO_NAME_MAX + 1);

		memset(n, '\001', DEMO_NAME_MAX - (sizeof tail - 1));
		memcpy(n + DEMO_NAME_MAX - (sizeof tail - 1), tail, sizeof tail);
		c->name = n;
		return;
	}
	if (i < sizeof special / sizeof special[0]) {
		c->name = xstrdup(special[i]);
		return;
	}
	snprintf(buf, sizeof buf, "%s%zu", cluster == 0 ? "dns" :
	    cluster == 1 ? "C" : cluster == 2 ? "resolver" : "web", i);
	c->name = xstrdup(buf);
}

static void
nearest_fill(struct map *m, const float *rows)
{
	for (size_t i = 0; i < m->ncomputers; i++) {
		double best[MAP_NEAREST];
		uint32_t who[MAP_NEAREST];
		size_t k = 0;

		for (size_t j = 0; j < m->ncomputers; j++) {
			double d = 0;
			size_t pos;

			if (j == i)
				continue;
			for (size_t f = 0; f < m->dim; f++) {
				double t = rows[i * m->dim + f] -
				    rows[j * m->dim + f];

				d += t * t;
			}
			if (k < MAP_NEAREST)
				k++;
			else if (d >= best[k - 1])
				continue;
			for (pos = k - 1; pos > 0 && best[pos - 1] > d; pos--) {
				best[pos] = best[pos - 1];
				who[pos] = who[pos - 1];
			}
			best[pos] = d;
			who[pos] = (uint32_t)j;
		}
		memcpy(m->computers[i].nearest, who, k * sizeof *who);
		m->computers[i].nnearest = (uint32_t)k;
	}
}

#define DEMO_SITES	3

static void clusters_fill(struct map *m);

/* The communications map: drawn after everything else, so the random
 * numbers of the functional map stay as they were. */
static void
comms_fill(struct map *m)
{
	static const double site[DEMO_SITES][2] = {
		{ -30, -15 }, { 30, -15 }, { 0, 30 },
	};
	static const double knot[4][2] = {
		{ -6, 6 }, { 6, 6 }, { -6, -6 }, { 6, -6 },
	};

	for (size_t i = 0; i < m->ncomputers; i++) {
		struct map_computer *c = &m->computers[i];
		size_t s = (i / 4) % DEMO_SITES, cl = i % 4;

		c->cx = site[s][0] + knot[cl][0] + 1.5 * gauss();
		c->cy = site[s][1] + knot[cl][1] + 1.5 * gauss();
	}
	m->has_comms = 1;
	m->comms_kl = 0.987;
}

static void
demo_map(struct map *m, int empty, int comms)
{
	static const double centre[4][2] = {
		{ -20, 15 }, { 25, 10 }, { 0, -20 }, { 30, -25 },
	};
	size_t n = empty ? 0 : 4 * DEMO_PER_CLUSTER;
	float *rows;

	memset(m, 0, sizeof *m);
	m->nports = NPORTS;
	m->ports = xcalloc(NPORTS, sizeof *m->ports);
	for (int p = 0; p < NPORTS; p++) {
		snprintf(m->ports[p].label, sizeof m->ports[p].label, "%s",
		    demo_ports[p].label);
		snprintf(m->ports[p].text, sizeof m->ports[p].text, "%s",
		    demo_ports[p].text);
		m->ports[p].key = demo_ports[p].key;
		m->ports[p].flows = (uint64_t)(100000 >> p);
		m->ports[p].is_other = p == P_OTHER;
	}
	m->nprotos = NPROTOS;
	m->protos = xcalloc(NPROTOS, sizeof *m->protos);
	for (int p = 0; p < NPROTOS; p++) {
		snprintf(m->protos[p].label, sizeof m->protos[p].label, "%s",
		    demo_protos[p].label);
		m->protos[p].key = demo_protos[p].key;
		m->protos[p].flows = (uint64_t)(50000 >> p);
		m->protos[p].is_other = p == PR_OTHER;
	}
	m->dim = MAP_NDIST * (m->nports + m->nprotos);
	m->ncomputers = n;
	m->computers = xcalloc(n, sizeof *m->computers);
	/* Rows built dense, then kept by their non-zeros as the map keeps
	 * them. */
	rows = xcalloc(xmul(n ? n : 1, m->dim), sizeof *rows);
	m->kl = 1.234;

	for (size_t i = 0; i < n; i++) {
		struct map_computer *c = &m->computers[i];
		int cl = (int)(i % 4);
		double in[NPORTS], out[NPORTS], fin = 0, fout = 0, scale;

		set_name(c, cl, i);
		c->x = centre[cl][0] + 4 * gauss();
		c->y = centre[cl][1] + 4 * gauss();
		cluster_flows(cl, in, out);
		scale = pow(10, 6 * rnd());	/* sizes over six decades */
		for (int p = 0; p < NPORTS; p++) {
			for (int d = 0; d < 3; d++) {
				/* flows, bytes, seconds: alike, with noise */
				double w = d == 0 ? 1 : 0.5 + rnd();

				rows[i * m->dim + (size_t)d * NPORTS +
				    (size_t)p] = (float)(in[p] * w);
				rows[i * m->dim + (size_t)(3 + d) *
				    NPORTS + (size_t)p] = (float)(out[p] * w);
			}
			fin += in[p];
			fout += out[p];
		}
		for (int d = 0; d < MAP_NDIST; d++) {
			float *pd = rows + i * m->dim +
			    (size_t)d * NPORTS;
			float *pr = rows + i * m->dim +
			    MAP_NDIST * NPORTS + (size_t)d * NPROTOS;
			int any = d < 3 ? fin > 0 : fout > 0;

			normalise(pd, NPORTS);
			if (any) {
				pr[PR_UDP] = cl == 3 ? 0.05f : 0.8f;
				pr[PR_TCP] = cl == 3 ? 0.9f : 0.15f;
				pr[PR_ICMP] = 0.05f;
			}
			normalise(pr, NPROTOS);
		}
		c->flows_in = (uint64_t)(fin * scale / 100);
		c->flows_out = (uint64_t)(fout * scale / 100);
		c->bytes_in = c->flows_in * 700 + (uint64_t)(rnd() * 1000);
		c->bytes_out = c->flows_out * 300;
		c->packets_in = c->flows_in * 5;
		c->packets_out = c->flows_out * 4;
		c->seconds_in = c->flows_in * 2;
		c->seconds_out = c->flows_out * 3;
	}
	nearest_fill(m, rows);
	sparse_rows_from_dense(&m->features, rows, n, m->dim);
	free(rows);
	clusters_fill(m);
	if (comms)
		comms_fill(m);
}

static const char *const demo_cluster_labels[4] = {
	"serves 53/udp domain (98%) \xc2\xb7 queries N10451 (100%)",
	"queries 443 https (48%), 53 domain (29%)",
	"serves 53/udp domain (100%) \xc2\xb7 queries 53/udp domain (97%)",
	"serves 443/tcp https (62%), 80/tcp http (38%)",
};

/* The four groups as the engine's clusters (map.h: struct map_cluster). */
static void
clusters_fill(struct map *m)
{
	m->nclusters = m->ncomputers > 0 ? 4 : 0;
	m->clusters = xcalloc(4, sizeof *m->clusters);
	for (size_t c = 0; c < m->nclusters; c++) {
		struct map_cluster *cl = &m->clusters[c];
		double mx = 0, my = 0, best = HUGE_VAL;

		snprintf(cl->label, sizeof cl->label, "%s",
		    demo_cluster_labels[c]);
		for (size_t i = c; i < m->ncomputers; i += 4) {
			struct map_computer *k = &m->computers[i];

			k->cluster = (uint32_t)c;
			if (cl->size == 0 || k->x < cl->x0)
				cl->x0 = k->x;
			if (cl->size == 0 || k->x > cl->x1)
				cl->x1 = k->x;
			if (cl->size == 0 || k->y < cl->y0)
				cl->y0 = k->y;
			if (cl->size == 0 || k->y > cl->y1)
				cl->y1 = k->y;
			cl->size++;
			cl->flows += k->flows_in + k->flows_out;
			cl->bytes += k->bytes_in + k->bytes_out;
			mx += k->x;
			my += k->y;
		}
		mx /= (double)cl->size;
		my /= (double)cl->size;
		for (size_t i = c; i < m->ncomputers; i += 4) {
			const struct map_computer *k = &m->computers[i];
			double d = (k->x - mx) * (k->x - mx) +
			    (k->y - my) * (k->y - my);

			if (d < best) {
				best = d;
				cl->cx = k->x;
				cl->cy = k->y;
			}
		}
	}
}

/* Marks as --mark would lay them: computer i's labels. */
static size_t
demo_marks_of(size_t i, uint32_t *out)
{
	size_t n = 0;

	if (i % 4 == 0 && i >= 8 && i < 48)
		out[n++] = 0;		/* "known dns": dns8 .. dns44 */
	if (i == 9 || i == 13 || i == 17 || i == 8)
		out[n++] = 1;		/* "ioc": three clients and dns8 */
	return n;
}

static void
marks_fill(struct map *m)
{
	struct map_marks *mk = &m->marks;
	uint32_t l[2];
	size_t total = 0;

	mk->nlabels = 2;
	mk->labels = xcalloc(2, sizeof *mk->labels);
	mk->labels[0] = xstrdup("known dns");
	mk->labels[1] = xstrdup("ioc");
	mk->count = xcalloc(2, sizeof *mk->count);
	mk->start = xcalloc(m->ncomputers + 1, sizeof *mk->start);
	for (size_t i = 0; i < m->ncomputers; i++)
		total += demo_marks_of(i, l);
	mk->label_of = xcalloc(total > 0 ? total : 1, sizeof *mk->label_of);
	total = 0;
	for (size_t i = 0; i < m->ncomputers; i++) {
		size_t n = demo_marks_of(i, l);

		mk->start[i] = total;
		for (size_t k = 0; k < n; k++) {
			mk->label_of[total++] = l[k];
			mk->count[l[k]]++;
		}
	}
	mk->start[m->ncomputers] = total;
}

static void
fake_progress(void)
{
	static const char *const stages[] = { "reading flows", "embedding" };
	struct timespec ts = { 0, 20000000 };

	for (int s = 0; s < 2; s++)
		for (int k = 0; k <= 25; k++) {
			if (tui_progress_cancelled())
				return;
			tui_progress_update(stages[s], k / 25.0, (25 - k) * 0.02,
			    s ? 2.0 - k / 25.0 : -1);
			nanosleep(&ts, NULL);
		}
}

int
main(int argc, char **argv)
{
	struct tui_options o = { 0, 0, 1, "mapdemo (synthetic)" };
	struct map m;
	char err[256];
	int progress = 0, empty = 0, comms = 1, marks = 0, notes = 0, rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--ascii") == 0)
			o.ascii = 1;
		else if (strcmp(argv[i], "--no-color") == 0)
			o.no_color = 1;
		else if (strcmp(argv[i], "--no-mouse") == 0)
			o.mouse = 0;
		else if (strcmp(argv[i], "--progress") == 0)
			progress = 1;
		else if (strcmp(argv[i], "--empty") == 0)
			empty = 1;
		else if (strcmp(argv[i], "--no-comms") == 0)
			comms = 0;
		else if (strcmp(argv[i], "--marks") == 0)
			marks = 1;
		else if (strcmp(argv[i], "--notes") == 0)
			notes = 1;
		else {
			fprintf(stderr, "usage: mapdemo [--ascii] [--no-color]"
			    " [--no-mouse] [--progress] [--empty] [--no-comms]"
			    " [--marks] [--notes]\n");
			return 2;
		}
	}
	if (getenv("MAPDEMO_PIDFILE") != NULL) {
		FILE *f = fopen(getenv("MAPDEMO_PIDFILE"), "w");

		if (f != NULL) {
			fprintf(f, "%ld\n", (long)getpid());
			fclose(f);
		}
	}
	demo_map(&m, empty, comms);
	if (marks && m.ncomputers > 0)
		marks_fill(&m);
	if (notes) {
		struct sink sk;

		tui_sink(&sk, NULL);
		sk.note(sk.ctx, "flows.csv:17: field 9 (bytes) is not a "
		    "number: \"12x\"");
		sk.note(sk.ctx, "flows.csv:42: 8 fields, want 9");
		sk.note(sk.ctx, "2 marked computers are not in the map "
		    "(first: C999)");
	}
	if (progress) {
		if (tui_progress_begin(&o, err, sizeof err) < 0) {
			fprintf(stderr, "mapdemo: %s\n", err);
			map_free(&m);
			return 1;
		}
		fake_progress();
		if (tui_progress_cancelled()) {
			tui_progress_end();
			map_free(&m);
			printf("cancelled\n");
			return 0;
		}
	}
	rc = tui_run(&m, &o, err, sizeof err);
	if (rc < 0)
		fprintf(stderr, "mapdemo: %s\n", err);
	map_free(&m);
	return rc < 0 ? 1 : 0;
}
