/*
 * direction.c - which end of a flow is the service (see direction.h).
 *
 * Static part.  The ranks follow from three facts about ports written as
 * numbers: servers of standard protocols listen below 1024 or on a port
 * the services database lists; an operating system picks a client's port
 * from its ephemeral range; anything else is most likely a locally chosen
 * service port (7777, 20000).  The rank of every 16-bit number is worked
 * out once (getservent is slow and not thread-safe) into a 64 KiB table,
 * the only process-wide state of the module: written under pthread_once,
 * read-only afterwards, one load per port on the hot path.
 *
 * Learned part.  An end of a flow is (computer, port); the computer is the
 * 32-bit hash of its name (names.h), so that the tables of different
 * parsers agree.  While observing, each end keeps a 64-bit set of its
 * peers' hash bits: OR-ing is order-free and the popcount is about the
 * number of distinct peers (a few collide), which is all the threshold and
 * the ratio need.  Only numeric ports 1-65535 are learned: tokens are clients by
 * construction and port 0 means "no port".  finish() keeps the ends that
 * met two peers or more, with their count, in a table sized for them: the
 * many client ends that met one peer are what it leaves out.  The hot
 * path probes it twice per flow whose ports are both numbers.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "load/direction.h"
#include "base/xalloc.h"

#define LEARN_SLOTS	(1u << 19)	/* observing table: 8 MiB in all */
#define LEARN_FILL_MAX	(LEARN_SLOTS / 4 * 3)

/* The operating systems' ephemeral ranges, for the static ranks. */
static const struct { uint32_t first, last; } ephemeral[] = {
	{  1025,  5000 },	/* Windows XP / Server 2003 and older */
	{ 32768, 60999 },	/* Linux (net.ipv4.ip_local_port_range) */
	{ 49152, 65535 },	/* IANA; Windows Vista+, FreeBSD, macOS */
};

/* The rank of every 16-bit port number, built once. */
static uint8_t		rank_of[65536];
static pthread_once_t	ranks_once = PTHREAD_ONCE_INIT;

static void
build_ranks(void)
{
	struct servent *s;

	for (uint32_t p = 0; p < 65536; p++)
		rank_of[p] = PORT_RANK_UNLISTED;
	for (size_t i = 0; i < sizeof ephemeral / sizeof ephemeral[0]; i++)
		for (uint32_t p = ephemeral[i].first; p <= ephemeral[i].last;
		    p++)
			rank_of[p] = PORT_RANK_EPHEMERAL;
	setservent(0);
	while ((s = getservent()) != NULL)
		rank_of[ntohs((uint16_t)s->s_port)] = PORT_RANK_LISTED;
	endservent();
	for (uint32_t p = 0; p < 1024; p++)
		rank_of[p] = PORT_RANK_WELL_KNOWN;
}

void
direction_static_init(void)
{
	pthread_once(&ranks_once, build_ranks);
}

enum port_rank
direction_port_rank(uint32_t port)
{
	switch (PORT_TAG(port)) {
	case PORT_TAG_N:
	case PORT_TAG_PORT:
		return PORT_RANK_EPHEMERAL;
	case PORT_TAG_NAME:
		return PORT_RANK_NONE;
	}
	/* A number beyond 16 bits is no port any OS hands out. */
	if (PORT_VALUE(port) > 65535)
		return PORT_RANK_UNLISTED;
	direction_static_init();
	return (enum port_rank)rank_of[PORT_VALUE(port)];
}

/* --- the learned part --- */

/* 0 when the end is not learnable; never 0 otherwise (port >= 1). */
static uint64_t
end_key(uint32_t computer_hash, uint32_t port)
{
	if (PORT_TAG(port) != PORT_TAG_NUMBER || PORT_VALUE(port) == 0 ||
	    PORT_VALUE(port) > 65535)
		return 0;
	return (uint64_t)computer_hash << 16 | PORT_VALUE(port);
}

/* The slot of key, or of the empty slot where it would go. */
static uint32_t
find_slot(const uint64_t *keys, uint32_t cap, uint64_t key)
{
	uint32_t i = (uint32_t)hash_u64(key) & (cap - 1);

	while (keys[i] != 0 && keys[i] != key)
		i = (i + 1) & (cap - 1);
	return i;
}

void
direction_model_init(struct direction_model *m)
{
	direction_static_init();
	*m = (struct direction_model){0};
	m->cap = LEARN_SLOTS;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->peers = xcalloc(m->cap, sizeof *m->peers);
}

static void
observe_end(struct direction_model *m, uint64_t key, uint32_t peer_hash)
{
	uint32_t i;

	if (key == 0)
		return;
	i = find_slot(m->keys, m->cap, key);
	if (m->keys[i] == 0) {
		if (m->count >= LEARN_FILL_MAX) {
			m->dropped++;
			return;
		}
		m->keys[i] = key;
		m->count++;
	}
	m->peers[i] |= UINT64_C(1) << (hash_u64(peer_hash) & 63);
}

void
direction_model_observe(struct direction_model *m, const struct flow *f,
    const struct names *computers)
{
	uint32_t hs = computers->hashes[f->src], hd = computers->hashes[f->dst];

	m->observed++;
	if (f->src == f->dst)
		return;
	observe_end(m, end_key(hs, f->sport), hd);
	observe_end(m, end_key(hd, f->dport), hs);
}

void
direction_model_observe_text(struct direction_model *m,
    const struct format *f, const char *text, size_t len)
{
	struct names computers, portnames;
	struct record_parser p;
	const char *s = text, *end = text + len;
	char why[200];
	struct flow flow;

	names_init(&computers);
	names_init(&portnames);
	if (records_parser_init(&p, f, &computers, &portnames) == 0) {
		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			const char *eol = nl != NULL ? nl : end;

			if (records_parse_line(&p, s, (size_t)(eol - s), &flow,
			    why, sizeof why) == PARSE_RECORD)
				direction_model_observe(m, &flow, &computers);
			s = eol + 1;
		}
		records_parser_free(&p);
	}
	names_free(&computers);
	names_free(&portnames);
}

void
direction_model_finish(struct direction_model *m)
{
	uint32_t n = 0, cap = 16;
	uint64_t *keys;
	uint8_t *npeers;

	for (uint32_t i = 0; i < m->cap; i++)
		n += m->keys[i] != 0 && __builtin_popcountll(m->peers[i]) >= 2;
	while (cap < 2 * n)
		cap *= 2;
	keys = xcalloc(cap, sizeof *keys);
	npeers = xcalloc(cap, sizeof *npeers);
	for (uint32_t i = 0; i < m->cap; i++) {
		int k = __builtin_popcountll(m->peers[i]);

		if (m->keys[i] != 0 && k >= 2) {
			uint32_t at = find_slot(keys, cap, m->keys[i]);

			keys[at] = m->keys[i];
			npeers[at] = (uint8_t)k;
		}
	}
	free(m->keys);
	free(m->peers);
	m->keys = keys;
	m->peers = NULL;
	m->npeers = npeers;
	m->cap = cap;
	m->count = n;
	m->finished = 1;
}

void
direction_model_free(struct direction_model *m)
{
	free(m->keys);
	free(m->peers);
	free(m->npeers);
	*m = (struct direction_model){0};
}

unsigned
direction_model_peers(const struct direction_model *m, uint32_t computer_hash,
    uint32_t port)
{
	uint64_t key = end_key(computer_hash, port);
	uint32_t at;

	if (key == 0 || !m->finished)
		return 0;
	at = find_slot(m->keys, m->cap, key);
	return m->keys[at] == key ? m->npeers[at] : 0;
}

/* Did the end a meet enough peers, and that many more than the end b? */
static int
serves(unsigned a, unsigned b)
{
	return a >= DIRECTION_LEARN_PEERS &&
	    a >= DIRECTION_LEARN_RATIO * (b > 1 ? b : 1);
}

static int
well_known(uint32_t port)
{
	return PORT_TAG(port) == PORT_TAG_NUMBER && PORT_VALUE(port) < 1024;
}

int
direction_swaps(const struct direction_model *m, const struct flow *f,
    const struct names *computers)
{
	enum port_rank rs = direction_port_rank(f->sport);
	enum port_rank rd = direction_port_rank(f->dport);

	if (rs == PORT_RANK_NONE || rd == PORT_RANK_NONE)
		return 0;
	if (m != NULL && m->count > 0 && f->src != f->dst &&
	    PORT_TAG(f->sport) == PORT_TAG_NUMBER &&
	    PORT_TAG(f->dport) == PORT_TAG_NUMBER &&
	    (rs != PORT_RANK_WELL_KNOWN || rd != PORT_RANK_WELL_KNOWN)) {
		unsigned ps = direction_model_peers(m,
		    computers->hashes[f->src], f->sport);
		unsigned pd = direction_model_peers(m,
		    computers->hashes[f->dst], f->dport);

		if (serves(ps, pd) && !well_known(f->dport))
			return 1;
		if (serves(pd, ps) && !well_known(f->sport))
			return 0;
	}
	return rs > rd;
}
