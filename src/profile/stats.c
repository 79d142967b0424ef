/*
 * stats.c - the `stats` report (see stats.h).
 *
 * Top-N lists are exact: every distinct value was counted during the load,
 * so a partial selection over the merged counts is all that is left.  Ties
 * are ordered by key so the report is the same whatever the thread count.
 * Strings from the data (file names, port tokens) are escaped before they
 * are written, in both the text and the JSON form.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/escape.h"
#include "profile/stats.h"
#include "base/xalloc.h"

static const uint32_t check_ports[STATS_NCHECK] = { 80, 443, 53 };

static int
cmp_count(const void *a, const void *b)
{
	const struct stats_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* The top n of a field's value counts, most frequent first. */
static struct stats_count *
top_of(const struct load_values *v, size_t n, size_t *nout)
{
	struct stats_count *all = xreallocarray(NULL, v->n ? v->n : 1,
	    sizeof *all);

	for (size_t i = 0; i < v->n; i++)
		all[i] = (struct stats_count){ (uint32_t)v->keys[i],
		    v->counts[i] };
	qsort(all, v->n, sizeof *all, cmp_count);
	*nout = v->n < n ? v->n : n;
	return all;
}

/* The count of a numeric port; the values are few enough to scan. */
static uint64_t
port_count(const struct load_values *v, uint32_t port)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->keys[i] == PORT_KEY(PORT_TAG_NUMBER, port))
			return v->counts[i];
	return 0;
}

void
stats_compute(const struct load_result *load, size_t top, uint64_t min_flows,
    struct stats_report *s)
{
	const struct load_traffic *t = &load->traffic;
	double t0;

	*s = (struct stats_report){ .load = load, .top = top,
	    .min_flows = min_flows };

	t0 = clock_now();
	s->src_ports = top_of(&t->src_ports, top, &s->nsrc);
	s->t_src = clock_now() - t0;

	t0 = clock_now();
	s->dst_ports = top_of(&t->dst_ports, top, &s->ndst);
	s->t_dst = clock_now() - t0;

	t0 = clock_now();
	s->protos = xcalloc(256, sizeof *s->protos);
	for (uint32_t p = 0; p < 256; p++) {
		s->protos[p] = (struct stats_count){ p, t->protocols[p] };
		s->distinct_protos += t->protocols[p] > 0;
	}
	qsort(s->protos, 256, sizeof *s->protos, cmp_count);
	s->nprotos = s->distinct_protos < top ? s->distinct_protos : top;
	s->t_protos = clock_now() - t0;

	t0 = clock_now();
	uint64_t on_src = 0, on_dst = 0;
	for (int i = 0; i < STATS_NCHECK; i++) {
		struct stats_check *c = &s->check[i];

		c->port = check_ports[i];
		c->as_src = port_count(&t->src_ports, c->port);
		c->as_dst = port_count(&t->dst_ports, c->port);
		on_src += c->as_src;
		on_dst += c->as_dst;
	}
	if (on_src + on_dst == 0)
		s->verdict = VERDICT_NONE;
	else {
		s->service_on_dst = (double)on_dst / (double)(on_src + on_dst);
		/* A clear majority either way; anything between says the
		 * file mixes both directions, as LANL 2015 does. */
		s->verdict = s->service_on_dst >= 0.9 ? VERDICT_DST :
		    s->service_on_dst <= 0.1 ? VERDICT_SRC : VERDICT_MIXED;
	}
	s->t_check = clock_now() - t0;

	t0 = clock_now();
	for (size_t id = 0; id < t->ncomputers; id++)
		s->kept += t->computer_flows[id] >= min_flows;
	s->t_kept = clock_now() - t0;
}

void
stats_free(struct stats_report *s)
{
	free(s->src_ports);
	free(s->dst_ports);
	free(s->protos);
	*s = (struct stats_report){0};
}

static const char *
verdict_text(const struct stats_report *s)
{
	switch (s->verdict) {
	case VERDICT_DST:
		return "dst is the server side: service ports sit on the "
		    "destination";
	case VERDICT_SRC:
		return "src is the server side: service ports sit on the source";
	case VERDICT_MIXED:
		return "mixed: service ports appear on both sides, direction is "
		    "not normalised (use --direction=infer)";
	default:
		return "no flows on ports 80, 443 or 53 to judge by";
	}
}

static const char *
verdict_word(enum stats_verdict v)
{
	static const char *const words[] = { "none", "dst", "src", "mixed" };

	return words[v];
}

/* A port's text, escaped. */
static char *
port_text(const struct stats_report *s, uint32_t key, char *buf, size_t size)
{
	char raw[300];

	load_port_text(s->load, key, raw, sizeof raw);
	return escape_text(raw, strlen(raw), buf, size);
}

static double
share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void
write_top_text(FILE *f, const struct stats_report *s, const char *title,
    const struct stats_count *v, size_t n, int protocols)
{
	uint64_t records = s->load->traffic.records;

	char head[64];

	snprintf(head, sizeof head, "top %zu %s", s->top, title);
	fprintf(f, "\n%-32s %14s %7s\n", head, "flows", "share");
	for (size_t i = 0; i < n; i++) {
		char text[80];

		if (protocols) {
			const char *name = format_protocol_name(v[i].key);

			snprintf(text, sizeof text, "%u%s%s", v[i].key,
			    name ? " " : "", name ? name : "");
		} else
			port_text(s, v[i].key, text, sizeof text);
		fprintf(f, "  %-30s %14llu %6.2f%%\n", text,
		    (unsigned long long)v[i].count, share(v[i].count, records));
	}
}

void
stats_write_text(FILE *f, const struct stats_report *s)
{
	const struct load_result *r = s->load;
	const struct load_traffic *t = &r->traffic;
	char name[300];

	uint64_t outside = 0;

	for (size_t i = 0; i < r->nfiles; i++) {
		const struct load_file *lf = &r->files[i];

		escape_text(lf->name, strlen(lf->name), name, sizeof name);
		fprintf(f, "file %-40s %s%s, %s, %llu records\n", name,
		    lf->format, lf->pcap ? " (a capture, through nfpcapd "
		    "and nfdump)" : lf->nfcapd ?
		    " (nfcapd file, through nfdump)" : "",
		    lf->direction == DIRECTION_INFER ? "direction inferred"
		    : "direction as-is", (unsigned long long)lf->records);
		/* What each value was read from: a wrong guess shows. */
		if (lf->columns != NULL && lf->columns[0] != '\0')
			fprintf(f, "     columns %s\n", lf->columns);
		outside += lf->outside;
	}
	fprintf(f, "\n%-32s %14llu\n", "records",
	    (unsigned long long)t->records);
	if (outside > 0)
		fprintf(f, "%-32s %14llu\n", "records outside --from/--to",
		    (unsigned long long)outside);
	fprintf(f, "%-32s %14llu\n", "malformed lines skipped",
	    (unsigned long long)r->malformed);
	if (t->records > 0)
		fprintf(f, "%-32s %14llu .. %llu (%llu s)\n", "time span",
		    (unsigned long long)t->time_min,
		    (unsigned long long)t->time_max,
		    (unsigned long long)(t->time_max - t->time_min));
	fprintf(f, "%-32s %14zu\n", "distinct computers", t->ncomputers);
	fprintf(f, "%-32s %14zu\n", "distinct src ports", t->src_ports.n);
	fprintf(f, "%-32s %14zu\n", "distinct dst ports", t->dst_ports.n);
	fprintf(f, "%-32s %14llu\n", "distinct protocols",
	    (unsigned long long)s->distinct_protos);
	snprintf(name, sizeof name, "computers with >= %llu flows",
	    (unsigned long long)s->min_flows);
	fprintf(f, "%-32s %14llu\n", name, (unsigned long long)s->kept);

	write_top_text(f, s, "src ports", s->src_ports, s->nsrc, 0);
	write_top_text(f, s, "dst ports", s->dst_ports, s->ndst, 0);
	write_top_text(f, s, "protocols", s->protos, s->nprotos, 1);

	fprintf(f, "\nare src and dst meaningful?\n");
	fprintf(f, "  %-8s %14s %14s\n", "port", "as src", "as dst");
	for (int i = 0; i < STATS_NCHECK; i++)
		fprintf(f, "  %-8u %14llu %14llu\n", s->check[i].port,
		    (unsigned long long)s->check[i].as_src,
		    (unsigned long long)s->check[i].as_dst);
	fprintf(f, "  verdict: %s", verdict_text(s));
	if (s->verdict != VERDICT_NONE)
		fprintf(f, " (%.1f%% on dst)", 100.0 * s->service_on_dst);
	fprintf(f, "\n");

	fprintf(f, "\ntimings\n");
	fprintf(f, "  %-28s %10.3f s  (%d threads, %.1f records/s%s%s)\n",
	    "load", r->seconds, r->threads, r->seconds > 0 ?
	    (double)t->records / r->seconds : 0.0,
	    r->inflater ? ", inflate: " : "", r->inflater ? r->inflater : "");
	fprintf(f, "  %-28s %10.3f s\n", "top src ports", s->t_src);
	fprintf(f, "  %-28s %10.3f s\n", "top dst ports", s->t_dst);
	fprintf(f, "  %-28s %10.3f s\n", "top protocols", s->t_protos);
	fprintf(f, "  %-28s %10.3f s\n", "src/dst check", s->t_check);
	fprintf(f, "  %-28s %10.3f s\n", "computers over --min-flows",
	    s->t_kept);
}

/* A JSON string of data text: escaped for the terminal, then for JSON. */
static void
json_string(FILE *f, const char *s)
{
	char safe[600];

	escape_text(s, strlen(s), safe, sizeof safe);
	fputc('"', f);
	for (const char *p = safe; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

static void
write_top_json(FILE *f, const struct stats_report *s, const char *name,
    const struct stats_count *v, size_t n, int protocols)
{
	fprintf(f, "  \"%s\": [", name);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\n    {", i ? "," : "");
		if (protocols) {
			const char *pn = format_protocol_name(v[i].key);

			fprintf(f, "\"protocol\": %u, \"name\": ", v[i].key);
			if (pn != NULL)
				json_string(f, pn);
			else
				fprintf(f, "null");
		} else {
			char raw[300];

			fprintf(f, "\"port\": ");
			json_string(f, load_port_text(s->load, v[i].key, raw,
			    sizeof raw));
		}
		fprintf(f, ", \"count\": %llu}", (unsigned long long)v[i].count);
	}
	fprintf(f, "%s],\n", n ? "\n  " : "");
}

void
stats_write_json(FILE *f, const struct stats_report *s)
{
	const struct load_result *r = s->load;
	const struct load_traffic *t = &r->traffic;

	fprintf(f, "{\n  \"files\": [");
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct load_file *lf = &r->files[i];

		fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
		json_string(f, lf->name);
		fprintf(f, ", \"format\": \"%s\", \"container\": \"%s\", "
		    "\"direction\": \"%s\", \"lines\": %llu, \"records\": "
		    "%llu, \"malformed\": %llu, \"outside\": %llu, "
		    "\"columns\": ", lf->format,
		    lf->pcap ? "pcap" : lf->nfcapd ? "nfcapd" : lf->gzip ?
		    "gzip" : "text", lf->direction == DIRECTION_INFER ?
		    "infer" : "as-is", (unsigned long long)lf->lines,
		    (unsigned long long)lf->records,
		    (unsigned long long)lf->malformed,
		    (unsigned long long)lf->outside);
		json_string(f, lf->columns != NULL ? lf->columns : "");
		fputc('}', f);
	}
	fprintf(f, "\n  ],\n");
	fprintf(f, "  \"records\": %llu,\n", (unsigned long long)t->records);
	fprintf(f, "  \"malformed\": %llu,\n", (unsigned long long)r->malformed);
	if (t->records > 0)
		fprintf(f, "  \"time_min\": %llu,\n  \"time_max\": %llu,\n",
		    (unsigned long long)t->time_min,
		    (unsigned long long)t->time_max);
	else
		fprintf(f, "  \"time_min\": null,\n  \"time_max\": null,\n");
	fprintf(f, "  \"computers\": %zu,\n", t->ncomputers);
	fprintf(f, "  \"distinct_src_ports\": %zu,\n", t->src_ports.n);
	fprintf(f, "  \"distinct_dst_ports\": %zu,\n", t->dst_ports.n);
	fprintf(f, "  \"distinct_protocols\": %llu,\n",
	    (unsigned long long)s->distinct_protos);
	fprintf(f, "  \"min_flows\": %llu,\n", (unsigned long long)s->min_flows);
	fprintf(f, "  \"computers_min_flows\": %llu,\n",
	    (unsigned long long)s->kept);
	fprintf(f, "  \"top\": %zu,\n", s->top);
	write_top_json(f, s, "top_src_ports", s->src_ports, s->nsrc, 0);
	write_top_json(f, s, "top_dst_ports", s->dst_ports, s->ndst, 0);
	write_top_json(f, s, "top_protocols", s->protos, s->nprotos, 1);
	fprintf(f, "  \"src_dst_check\": [");
	for (int i = 0; i < STATS_NCHECK; i++)
		fprintf(f, "%s\n    {\"port\": %u, \"as_src\": %llu, "
		    "\"as_dst\": %llu}", i ? "," : "", s->check[i].port,
		    (unsigned long long)s->check[i].as_src,
		    (unsigned long long)s->check[i].as_dst);
	fprintf(f, "\n  ],\n  \"verdict\": \"%s\",\n  \"verdict_text\": ",
	    verdict_word(s->verdict));
	json_string(f, verdict_text(s));
	fprintf(f, ",\n  \"threads\": %d,\n", r->threads);
	/* The inflate back end, when a file was gzip: "isa-l" or "zlib". */
	fprintf(f, "  \"inflater\": %s%s%s,\n", r->inflater ? "\"" : "",
	    r->inflater ? r->inflater : "null", r->inflater ? "\"" : "");
	fprintf(f, "  \"timings\": {\"load\": %.6f, \"top_src_ports\": %.6f, "
	    "\"top_dst_ports\": %.6f, \"top_protocols\": %.6f, "
	    "\"src_dst_check\": %.6f, \"computers_min_flows\": %.6f}\n}\n",
	    r->seconds, s->t_src, s->t_dst, s->t_protos, s->t_check, s->t_kept);
}
