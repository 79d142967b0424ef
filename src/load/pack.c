/*
 * pack.c - tallies as bytes (see pack.h).
 *
 * A tally goes as: its flags and plain counts, the 256 protocol counts,
 * its two names tables, each computer's counters (or only its flows for
 * `stats`), then every keyed table as its count and (key, values) in
 * index order: raw source and destination ports, the ranked ports of a
 * rank pass, the cells, the pairs and the fold's ledger.  A cell's key is
 * a computer id and a port key, written apart so that each stays a short
 * varint.  Unpacking adds the same counts under the same ids through the
 * tally's own functions, so the tables grow exactly as a merge grows them.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "load/pack.h"

#define PACK_TALLY_MAGIC	0x666d74616c6c79ULL	/* "fmtally" */
#define COUNTER_WORDS		(sizeof(struct counters) / sizeof(uint64_t))
#define UNPACK_BATCH		16	/* cells whose slots are fetched at once */

_Static_assert(sizeof(struct counters) % sizeof(uint64_t) == 0,
    "struct counters is made of 64-bit counts");

static void
pack_room(struct pack *b, size_t n)
{
	if (b->len + n <= b->cap)
		return;
	while (b->len + n > b->cap)
		b->cap = b->cap ? b->cap * 2 : 4096;
	b->p = xreallocarray(b->p, b->cap, 1);
}

void
pack_u64(struct pack *b, uint64_t v)
{
	pack_room(b, 10);
	while (v >= 0x80) {
		b->p[b->len++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b->p[b->len++] = (unsigned char)v;
}

void
pack_bytes(struct pack *b, const void *s, size_t n)
{
	pack_room(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
}

void
pack_str(struct pack *b, const char *s)
{
	/* 0 is NULL, else the length plus one. */
	if (s == NULL) {
		pack_u64(b, 0);
		return;
	}
	pack_u64(b, (uint64_t)strlen(s) + 1);
	pack_bytes(b, s, strlen(s));
}

void
pack_free(struct pack *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

uint64_t
unpack_u64(struct unpack *u)
{
	uint64_t v = 0;

	for (int shift = 0; !u->bad && shift < 64; shift += 7) {
		if (u->pos >= u->len)
			break;
		unsigned char c = u->p[u->pos++];

		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	u->bad = 1;
	return 0;
}

const void *
unpack_bytes(struct unpack *u, size_t n)
{
	const void *p;

	if (u->bad || n > u->len - u->pos) {
		u->bad = 1;
		return NULL;
	}
	p = u->p + u->pos;
	u->pos += n;
	return p;
}

char *
unpack_str(struct unpack *u)
{
	uint64_t n = unpack_u64(u);
	const char *s;
	char *out;

	if (n == 0 || (s = unpack_bytes(u, (size_t)(n - 1))) == NULL)
		return NULL;
	out = xmalloc((size_t)n);
	memcpy(out, s, (size_t)(n - 1));
	out[n - 1] = '\0';
	return out;
}

/* A count of things to read, each at least one byte: more than are left
 * is a bad message (and would be a huge allocation). */
static uint32_t
unpack_count(struct unpack *u)
{
	uint64_t n = unpack_u64(u);

	if (n > u->len - u->pos || n > UINT32_MAX) {
		u->bad = 1;
		return 0;
	}
	return (uint32_t)n;
}

void
pack_names(struct pack *b, const struct names *n)
{
	pack_u64(b, n->count);
	for (uint32_t id = 0; id < n->count; id++) {
		pack_u64(b, names_len(n, id));
		pack_bytes(b, names_get(n, id), names_len(n, id));
	}
}

int
unpack_names(struct unpack *u, struct names *out)
{
	uint32_t n = unpack_count(u);

	names_init(out);
	for (uint32_t id = 0; id < n && !u->bad; id++) {
		size_t len = (size_t)unpack_u64(u);
		const char *s;

		if (len == 0 || len > NAMES_MAX_LEN ||
		    (s = unpack_bytes(u, len)) == NULL ||
		    names_intern(out, s, len) != id)
			u->bad = 1;	/* a repeated name: not a table */
	}
	return u->bad ? -1 : 0;
}

static void
pack_counters(struct pack *b, const struct counters *c)
{
	const uint64_t *w = (const uint64_t *)c;

	for (size_t k = 0; k < COUNTER_WORDS; k++)
		pack_u64(b, w[k]);
}

static void
unpack_counters(struct unpack *u, struct counters *c)
{
	uint64_t *w = (uint64_t *)c;

	for (size_t k = 0; k < COUNTER_WORDS; k++)
		w[k] = unpack_u64(u);
}

/* A keyed count table: its count, then (key, count) in index order. */
static void
pack_counts(struct pack *b, const struct keyindex *m, const uint64_t *counts)
{
	pack_u64(b, m->count);
	for (uint32_t k = 0; k < m->count; k++) {
		pack_u64(b, m->keys[k]);
		pack_u64(b, counts[k]);
	}
}

static void
unpack_counts(struct unpack *u, struct keyindex *m, uint64_t **counts,
    uint32_t *cap)
{
	uint32_t n = unpack_count(u);

	for (uint32_t k = 0; k < n && !u->bad; k++) {
		uint64_t key = unpack_u64(u), v = unpack_u64(u);

		if (!u->bad)
			keyindex_count(m, counts, cap, key, v);
	}
}

static void
pack_computers(struct pack *b, const struct tally *t)
{
	for (uint32_t id = 0; id < t->computers.count; id++) {
		if (!t->profiles) {
			pack_u64(b, id < t->cap_totals ? t->seen[id] : 0);
			continue;
		}
		static const struct counters zero;
		int has = id < t->cap_totals;

		pack_counters(b, has ? &t->totals[id] : &zero);
		for (int k = 0; k < PROTO_NBINS; k++)
			pack_counters(b, has ? &t->proto_counters[(size_t)id *
			    PROTO_NBINS + k] : &zero);
		pack_counters(b, has ? &t->other[id] : &zero);
	}
}

static void
unpack_computers(struct unpack *u, struct tally *t)
{
	if (t->computers.count == 0)
		return;
	tally_reserve_computers(t, t->computers.count);
	for (uint32_t id = 0; id < t->computers.count && !u->bad; id++) {
		if (!t->profiles) {
			t->seen[id] = unpack_u64(u);
			continue;
		}
		unpack_counters(u, &t->totals[id]);
		for (int k = 0; k < PROTO_NBINS; k++)
			unpack_counters(u, &t->proto_counters[(size_t)id *
			    PROTO_NBINS + k]);
		unpack_counters(u, &t->other[id]);
	}
}

static void
pack_cells(struct pack *b, const struct tally *t)
{
	pack_u64(b, t->cells.count);
	for (uint32_t k = 0; k < t->cells.count; k++) {
		pack_u64(b, t->cells.keys[k] >> 32);
		pack_u64(b, (uint32_t)t->cells.keys[k]);
		pack_counters(b, &t->cell_counters[k]);
	}
	pack_u64(b, t->pairs.count);
	for (uint32_t k = 0; k < t->pairs.count; k++) {
		pack_u64(b, t->pairs.keys[k] >> 32);
		pack_u64(b, (uint32_t)t->pairs.keys[k]);
		pack_u64(b, t->pair_flows[k]);
	}
	pack_counts(b, &t->folded, t->folded_events);
}

/* An id of this tally's computers, or a bad message. */
static uint32_t
unpack_id(struct unpack *u, const struct tally *t)
{
	uint64_t id = unpack_u64(u);

	if (id >= t->computers.count)
		u->bad = 1;
	return (uint32_t)id;
}

static void
unpack_cells(struct unpack *u, struct tally *t)
{
	uint32_t n = unpack_count(u);

	tally_reserve_cells(t, n);
	for (uint32_t k = 0; k < n && !u->bad; ) {
		/* A batch at a time, their slots fetched before the first is
		 * looked up: the table is far larger than the caches. */
		struct { uint32_t id, port; struct counters c; } v[UNPACK_BATCH];
		uint32_t m = 0;

		for (; m < UNPACK_BATCH && k < n && !u->bad; m++, k++) {
			v[m].id = unpack_id(u, t);
			v[m].port = (uint32_t)unpack_u64(u);
			unpack_counters(u, &v[m].c);
			keyindex_prefetch(&t->cells, (uint64_t)v[m].id << 32 |
			    v[m].port);
		}
		for (uint32_t i = 0; i < m && !u->bad; i++)
			tally_add_cell(t, v[i].id, v[i].port, &v[i].c);
	}
	n = unpack_count(u);
	for (uint32_t k = 0; k < n && !u->bad; k++) {
		uint32_t client = unpack_id(u, t), server = unpack_id(u, t);
		uint64_t flows = unpack_u64(u);

		if (!u->bad)
			tally_add_pair(t, client, server, flows);
	}
	n = unpack_count(u);
	for (uint32_t k = 0; k < n && !u->bad; k++) {
		uint32_t port = (uint32_t)unpack_u64(u);
		uint64_t events = unpack_u64(u);

		if (!u->bad)
			tally_add_folded(t, port, events);
	}
}

void
pack_tally(struct pack *b, const struct tally *t)
{
	pack_u64(b, PACK_TALLY_MAGIC);
	pack_u64(b, (uint64_t)t->profiles);
	pack_u64(b, t->records);
	pack_u64(b, t->swapped);
	pack_u64(b, t->time_min);
	pack_u64(b, t->time_max);
	pack_u64(b, (uint64_t)t->filtered);
	pack_u64(b, t->budget_folds);
	pack_u64(b, t->folds);
	for (int k = 0; k < 256; k++)
		pack_u64(b, t->proto[k]);
	pack_names(b, &t->computers);
	pack_names(b, &t->portnames);
	pack_computers(b, t);
	pack_counts(b, &t->src_ports, t->src_count);
	pack_counts(b, &t->dst_ports, t->dst_count);
	pack_counts(b, &t->ranked, t->ranked_events);
	if (t->profiles)
		pack_cells(b, t);
}

int
unpack_tally(struct unpack *u, struct tally *t)
{
	int profiles;

	if (unpack_u64(u) != PACK_TALLY_MAGIC)
		u->bad = 1;
	profiles = (int)unpack_u64(u);
	tally_init(t, u->bad ? 0 : profiles);
	t->records = unpack_u64(u);
	t->swapped = unpack_u64(u);
	t->time_min = unpack_u64(u);
	t->time_max = unpack_u64(u);
	t->filtered = (int)unpack_u64(u);
	t->budget_folds = unpack_u64(u);
	t->folds = unpack_u64(u);
	for (int k = 0; k < 256; k++)
		t->proto[k] = unpack_u64(u);
	names_free(&t->computers);
	names_free(&t->portnames);
	if (unpack_names(u, &t->computers) == 0 &&
	    unpack_names(u, &t->portnames) == 0)
		unpack_computers(u, t);
	unpack_counts(u, &t->src_ports, &t->src_count, &t->cap_src);
	unpack_counts(u, &t->dst_ports, &t->dst_count, &t->cap_dst);
	unpack_counts(u, &t->ranked, &t->ranked_events, &t->cap_ranked);
	if (t->profiles)
		unpack_cells(u, t);
	if (u->bad) {
		tally_free(t);
		return -1;
	}
	return 0;
}

void
pack_ports(struct pack *b, const struct tally_ports *s)
{
	pack_u64(b, s->keys.count);
	for (uint32_t k = 0; k < s->keys.count; k++)
		pack_u64(b, s->keys.keys[k]);
	pack_names(b, &s->names);
}

int
unpack_ports(struct unpack *u, struct tally_ports *out)
{
	uint32_t n = unpack_count(u);

	tally_ports_init(out);
	for (uint32_t k = 0; k < n && !u->bad; k++)
		keyindex_index(&out->keys, unpack_u64(u));
	names_free(&out->names);
	if (unpack_names(u, &out->names) != 0 || u->bad) {
		tally_ports_free(out);
		return -1;
	}
	return 0;
}
