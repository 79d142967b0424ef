/*
 * map.c - the explored map: built from the feature stage, written as TSV,
 * released (see map.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "profile/features.h"
#include "profile/map.h"
#include "load/load.h"
#include "base/xalloc.h"

const char *const map_dist_names[MAP_NDIST] = {
	[MAP_IN_FLOWS] = "in_flows", [MAP_IN_BYTES] = "in_bytes",
	[MAP_IN_SECONDS] = "in_seconds", [MAP_OUT_FLOWS] = "out_flows",
	[MAP_OUT_BYTES] = "out_bytes", [MAP_OUT_SECONDS] = "out_seconds",
};

static const char *const proto_labels[PROTO_NBINS] = {
	"ICMP", "TCP", "UDP", "other"
};
static const char *const proto_texts[PROTO_NBINS] = {
	"proto1", "proto6", "proto17", "proto41/other"
};
static const uint64_t proto_keys[PROTO_NBINS] = { 1, 6, 17, 0 };

void
map_build(struct map *m, const struct load_profiles *p, struct features *f)
{
	memset(m, 0, sizeof *m);
	m->ncomputers = p->ncomputers;
	m->computers = xcalloc(m->ncomputers ? m->ncomputers : 1,
	    sizeof *m->computers);
	for (size_t r = 0; r < p->ncomputers; r++) {
		struct map_computer *c = &m->computers[r];
		const struct counters *k = &p->totals[r];

		c->name = xstrdup(p->names[r]);
		c->cluster = MAP_NO_CLUSTER;
		c->flows_in = k->flows[DIR_IN];
		c->flows_out = k->flows[DIR_OUT];
		c->bytes_in = k->bytes[DIR_IN];
		c->bytes_out = k->bytes[DIR_OUT];
		c->packets_in = k->packets[DIR_IN];
		c->packets_out = k->packets[DIR_OUT];
		c->seconds_in = k->seconds[DIR_IN];
		c->seconds_out = k->seconds[DIR_OUT];
	}

	m->nports = f->nport_bins;
	m->ports = xcalloc(m->nports, sizeof *m->ports);
	for (size_t b = 0; b < m->nports; b++) {
		struct map_bin *bin = &m->ports[b];

		if (b + 1 == m->nports) {
			bin->flows = p->other_flows;
			bin->is_other = 1;
			snprintf(bin->label, sizeof bin->label, "other");
			snprintf(bin->text, sizeof bin->text, "other");
			continue;
		}
		bin->flows = p->bins[b].flows;
		bin->key = p->bins[b].key;
		snprintf(bin->text, sizeof bin->text, "%s", p->bins[b].text);
		features_port_label(p->bins[b].key, p->bins[b].text, bin->label,
		    sizeof bin->label);
	}

	m->nprotos = PROTO_NBINS;
	m->protos = xcalloc(m->nprotos, sizeof *m->protos);
	for (size_t r = 0; r < p->ncomputers; r++)
		for (int b = 0; b < PROTO_NBINS; b++) {
			const struct counters *k = &p->protocols[
			    r * PROTO_NBINS + b];

			m->protos[b].flows += k->flows[DIR_IN] + k->flows[DIR_OUT];
		}
	for (int b = 0; b < PROTO_NBINS; b++) {
		snprintf(m->protos[b].label, sizeof m->protos[b].label, "%s",
		    proto_labels[b]);
		snprintf(m->protos[b].text, sizeof m->protos[b].text, "%s",
		    proto_texts[b]);
		m->protos[b].key = proto_keys[b];
		m->protos[b].is_other = b == PROTO_OTHER;
	}

	m->dim = f->dim;
	m->features = f->data;
	memset(&f->data, 0, sizeof f->data);
}

/* The bin with the most flows in distribution d, or -1 when it is empty;
 * v: room for the distribution (nports floats). */
static long
top_bin(const struct map *m, size_t c, enum map_dist d, float *v)
{
	long best = -1;

	map_port_dist(m, c, d, v);
	for (size_t b = 0; b < m->nports; b++)
		if (v[b] > 0 && (best < 0 || v[b] > v[best]))
			best = (long)b;
	return best;
}

static void
put_label(FILE *out, const struct map *m, long bin)
{
	char safe[4 * sizeof m->ports[0].label + 1];

	if (bin < 0) {
		fputs("\t-", out);
		return;
	}
	escape_text(m->ports[bin].label, strlen(m->ports[bin].label), safe,
	    sizeof safe);
	fprintf(out, "\t%s", safe);
}

/* Text from the data, made safe for a TSV field (and a terminal). */
static void
put_safe(FILE *out, const char *s)
{
	char *safe = escape_dup(s);

	fputs(safe, out);
	free(safe);
}

int
map_write_features_tsv(FILE *out, const struct map *m)
{
	float *row = xcalloc(m->dim ? m->dim : 1, sizeof *row);

	fputs("computer\tflows\tbytes", out);
	for (int d = 0; d < MAP_NDIST; d++)
		for (size_t b = 0; b < m->nports; b++) {
			fprintf(out, "\t%s:", map_dist_names[d]);
			put_safe(out, m->ports[b].text);
		}
	for (int d = 0; d < MAP_NDIST; d++)
		for (size_t b = 0; b < m->nprotos; b++)
			fprintf(out, "\t%s:%s", map_dist_names[d],
			    m->protos[b].text);
	fputc('\n', out);

	for (size_t i = 0; i < m->ncomputers; i++) {
		const struct map_computer *c = &m->computers[i];

		sparse_row_dense(&m->features, i, 0, m->dim, row);
		put_safe(out, c->name);
		fprintf(out, "\t%llu\t%llu",
		    (unsigned long long)(c->flows_in + c->flows_out),
		    (unsigned long long)sat_add(c->bytes_in,
		    c->bytes_out));
		for (size_t j = 0; j < m->dim; j++) {
			if (row[j] == 0)
				fputs("\t0", out);
			else
				fprintf(out, "\t%.9g", row[j]);
		}
		fputc('\n', out);
		if (ferror(out)) {
			free(row);
			return -1;
		}
	}
	free(row);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

int
map_write_tsv(FILE *out, const struct map *m, const size_t *rows, size_t n)
{
	float *v = xcalloc(m->nports ? m->nports : 1, sizeof *v);
	int rc = 0;

	if (rows == NULL)
		n = m->ncomputers;
	fputs("computer\tx\ty\tflows_in\tflows_out\tbytes_in\tbytes_out\t"
	    "packets\tseconds\ttop_port_in\ttop_port_out\tcluster\n", out);
	for (size_t r = 0; r < n; r++) {
		size_t i = rows != NULL ? rows[r] : r;
		const struct map_computer *c = &m->computers[i];

		put_safe(out, c->name);
		fprintf(out, "\t%.6f\t%.6f\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu",
		    c->x, c->y,
		    (unsigned long long)c->flows_in,
		    (unsigned long long)c->flows_out,
		    (unsigned long long)c->bytes_in,
		    (unsigned long long)c->bytes_out,
		    (unsigned long long)sat_add(c->packets_in,
		    c->packets_out),
		    (unsigned long long)sat_add(c->seconds_in,
		    c->seconds_out));
		put_label(out, m, top_bin(m, i, MAP_IN_FLOWS, v));
		put_label(out, m, top_bin(m, i, MAP_OUT_FLOWS, v));
		if (c->cluster == MAP_NO_CLUSTER)
			fputs("\t-\n", out);
		else
			fprintf(out, "\t%u\n", c->cluster + 1);
		if ((rc = ferror(out) ? -1 : 0) != 0)
			break;
	}
	free(v);
	return rc == 0 && fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/* "53:91%,389:5%": a cluster's ports with their shares, or "-". */
static void
put_ports(FILE *out, const struct map *m, const struct map_cluster_port *v,
    size_t n)
{
	fputc('\t', out);
	if (n == 0)
		fputc('-', out);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', out);
		put_safe(out, m->ports[v[i].bin].text);
		fprintf(out, ":%.0f%%", 100 * v[i].share);
	}
}

int
map_write_clusters_tsv(FILE *out, const struct map *m)
{
	uint64_t flows = 0;

	for (size_t i = 0; i < m->ncomputers; i++)
		flows = sat_add(flows, sat_add(m->computers[i].flows_in,
		    m->computers[i].flows_out));
	fputs("cluster\tsize\tshare\tflows\tflows_share\tbytes\tx\ty\t"
	    "serves\tqueries\tlabel\n", out);
	for (size_t c = 0; c < m->nclusters; c++) {
		const struct map_cluster *k = &m->clusters[c];

		fprintf(out, "%zu\t%zu\t%.4f\t%llu\t%.4f\t%llu\t%.6f\t%.6f",
		    c + 1, k->size, m->ncomputers ?
		    (double)k->size / (double)m->ncomputers : 0.0,
		    (unsigned long long)k->flows, flows ?
		    (double)k->flows / (double)flows : 0.0,
		    (unsigned long long)k->bytes, k->cx, k->cy);
		put_ports(out, m, k->served, k->nserved);
		put_ports(out, m, k->queried, k->nqueried);
		fputc('\t', out);
		put_safe(out, k->label);
		fputc('\n', out);
		if (ferror(out))
			return -1;
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

void
map_free(struct map *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->ncomputers; i++)
		free(m->computers[i].name);
	free(m->computers);
	free(m->ports);
	free(m->protos);
	free(m->clusters);
	for (size_t i = 0; i < m->marks.nlabels; i++)
		free(m->marks.labels[i]);
	free(m->marks.labels);
	free(m->marks.count);
	free(m->marks.start);
	free(m->marks.label_of);
	sparse_rows_free(&m->features);
	*m = (struct map){0};
}
