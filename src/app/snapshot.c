/*
 * snapshot.c - write and read the cache file of a map (see snapshot.h).
 *
 * The writer serialises into memory, then hands the bytes to outfile
 * (temporary name, fsync, rename).  The reader takes the whole file into
 * memory and parses it with a cursor that refuses to step past the end of
 * its section; counts are checked against the bytes that would hold them
 * before anything is allocated, so a hostile file can neither crash the
 * program nor make it allocate more than the file's own size suggests.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/escape.h"
#include "load/load.h"
#include "base/outfile.h"
#include "app/snapshot.h"
#include "base/xalloc.h"

#define MAGIC		"FLOWMAPS"
#define MAGIC_LEN	8
#define SNAPSHOT_MAX	((uint64_t)1 << 36)	/* 64 GiB: beyond, not ours */

enum tag {
	TAG_KEY = 1,
	TAG_COMPUTERS,
	TAG_BINS,
	TAG_FEATURES,
	TAG_META,
	TAG_CLUSTERS,
	TAG_COUNT = TAG_CLUSTERS
};

/* Fixed bytes per computer and per bin, for the count checks. */
#define COMPUTER_MIN	(4 + 4 * 8 + 8 * 8 + 4 + MAP_NEAREST * 4)
#define BIN_MIN		(4 + 4 + 8 + 8 + 4)
#define CLUSTER_MIN	(8 + 6 * 8 + 2 * 8 + 4 + 4 + \
			    2 * MAP_CLUSTER_PORTS * (4 + 8) + 4)

/* ---- writing ---------------------------------------------------------- */

struct buf {
	unsigned char	*p;
	size_t		 len, cap;
};

static void
put(struct buf *b, const void *v, size_t n)
{
	if (b->len + n > b->cap) {
		while (b->len + n > b->cap)
			b->cap = b->cap ? 2 * b->cap : 4096;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, v, n);
	b->len += n;
}

/* n bytes of v, least significant first. */
static void
put_le(struct buf *b, uint64_t v, int n)
{
	unsigned char le[8];

	for (int i = 0; i < n; i++)
		le[i] = (unsigned char)(v >> (8 * i));
	put(b, le, (size_t)n);
}

static void
put_u32(struct buf *b, uint32_t v)
{
	put_le(b, v, 4);
}

static void
put_u64(struct buf *b, uint64_t v)
{
	put_le(b, v, 8);
}

static void
put_f64(struct buf *b, double d)
{
	uint64_t v;

	memcpy(&v, &d, 8);
	put_u64(b, v);
}

static void
put_text(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	put_u32(b, (uint32_t)n);
	put(b, s, n);
}

/* A section: tag, payload length, payload, CRC-32 of the payload. */
static void
section(struct buf *b, uint32_t tag, struct buf *payload)
{
	put_u32(b, tag);
	put_u64(b, payload->len);
	put(b, payload->p, payload->len);
	put_u32(b, (uint32_t)crc32_z(crc32_z(0, Z_NULL, 0), payload->p,
	    payload->len));
	payload->len = 0;
}

static void
put_bin(struct buf *b, const struct map_bin *bin)
{
	put_text(b, bin->label);
	put_text(b, bin->text);
	put_u64(b, bin->key);
	put_u64(b, bin->flows);
	put_u32(b, (uint32_t)bin->is_other);
}

static void
put_cluster(struct buf *b, const struct map_cluster *k)
{
	put_u64(b, k->size);
	put_f64(b, k->cx);
	put_f64(b, k->cy);
	put_f64(b, k->x0);
	put_f64(b, k->y0);
	put_f64(b, k->x1);
	put_f64(b, k->y1);
	put_u64(b, k->flows);
	put_u64(b, k->bytes);
	put_u32(b, (uint32_t)k->nserved);
	put_u32(b, (uint32_t)k->nqueried);
	for (int i = 0; i < MAP_CLUSTER_PORTS; i++) {
		put_u32(b, k->served[i].bin);
		put_f64(b, k->served[i].share);
		put_u32(b, k->queried[i].bin);
		put_f64(b, k->queried[i].share);
	}
	put_text(b, k->label);
}

static void
serialise(const struct snapshot_key *key, const struct map *m, int embedded,
    struct buf *b)
{
	struct buf s = {0};

	put(b, MAGIC, MAGIC_LEN);
	put_u32(b, SNAPSHOT_VERSION);
	put_u32(b, TAG_COUNT);

	put_text(&s, key->profile);
	put_text(&s, embedded ? key->embedding : "");
	put_u32(&s, (uint32_t)embedded);
	section(b, TAG_KEY, &s);

	put_u64(&s, m->ncomputers);
	for (size_t i = 0; i < m->ncomputers; i++) {
		const struct map_computer *c = &m->computers[i];

		put_text(&s, c->name);
		put_f64(&s, c->x);
		put_f64(&s, c->y);
		put_f64(&s, c->cx);
		put_f64(&s, c->cy);
		put_u64(&s, c->flows_in);
		put_u64(&s, c->flows_out);
		put_u64(&s, c->bytes_in);
		put_u64(&s, c->bytes_out);
		put_u64(&s, c->packets_in);
		put_u64(&s, c->packets_out);
		put_u64(&s, c->seconds_in);
		put_u64(&s, c->seconds_out);
		put_u32(&s, c->nnearest);
		for (int k = 0; k < MAP_NEAREST; k++)
			put_u32(&s, c->nearest[k]);
	}
	section(b, TAG_COMPUTERS, &s);

	put_u64(&s, m->nports);
	put_u64(&s, m->nprotos);
	for (size_t i = 0; i < m->nports; i++)
		put_bin(&s, &m->ports[i]);
	for (size_t i = 0; i < m->nprotos; i++)
		put_bin(&s, &m->protos[i]);
	section(b, TAG_BINS, &s);

	/* By the non-zeros (version 4): the dimension, their number, each
	 * row's count, then all columns, then all values. */
	put_u64(&s, m->dim);
	put_u64(&s, m->features.start[m->ncomputers]);
	for (size_t i = 0; i < m->ncomputers; i++)
		put_u32(&s, (uint32_t)(m->features.start[i + 1] -
		    m->features.start[i]));
	for (size_t e = 0; e < m->features.start[m->ncomputers]; e++)
		put_u32(&s, m->features.col[e]);
	for (size_t e = 0; e < m->features.start[m->ncomputers]; e++) {
		uint32_t v;

		memcpy(&v, &m->features.val[e], 4);
		put_u32(&s, v);
	}
	section(b, TAG_FEATURES, &s);

	put_f64(&s, m->kl);
	put_f64(&s, m->comms_kl);
	put_u32(&s, (uint32_t)m->has_comms);
	section(b, TAG_META, &s);

	put_u64(&s, m->nclusters);
	for (size_t i = 0; i < m->nclusters; i++)
		put_cluster(&s, &m->clusters[i]);
	for (size_t i = 0; i < m->ncomputers; i++)
		put_u32(&s, m->computers[i].cluster);
	section(b, TAG_CLUSTERS, &s);
	free(s.p);
}

/* ---- reading ---------------------------------------------------------- */

struct cursor {
	const unsigned char	*p, *end;
	int			 short_read;
};

static int
get(struct cursor *c, void *v, size_t n)
{
	if ((size_t)(c->end - c->p) < n) {
		c->short_read = 1;
		memset(v, 0, n);
		return -1;
	}
	memcpy(v, c->p, n);
	c->p += n;
	return 0;
}

/* n bytes, least significant first; 0 past the end (short_read set). */
static uint64_t
get_le(struct cursor *c, int n)
{
	unsigned char le[8];
	uint64_t v = 0;

	if (get(c, le, (size_t)n) == 0)
		for (int i = n - 1; i >= 0; i--)
			v = v << 8 | le[i];
	return v;
}

static uint32_t
get_u32(struct cursor *c)
{
	return (uint32_t)get_le(c, 4);
}

static uint64_t
get_u64(struct cursor *c)
{
	return get_le(c, 8);
}

static double
get_f64(struct cursor *c)
{
	uint64_t v = get_u64(c);
	double d;

	memcpy(&d, &v, 8);
	return d;
}

/*
 * A string of fewer than max bytes, without NUL: its bytes in the image
 * and its length, or NULL when it is not one.
 */
static const unsigned char *
take_text(struct cursor *c, size_t max, uint32_t *len)
{
	const unsigned char *p;

	*len = get_u32(c);
	if (c->short_read || *len >= max || (size_t)(c->end - c->p) < *len ||
	    memchr(c->p, '\0', *len) != NULL)
		return NULL;
	p = c->p;
	c->p += *len;
	return p;
}

/* Into out (max bytes). */
static int
get_text(struct cursor *c, char *out, size_t max)
{
	uint32_t n;
	const unsigned char *p = take_text(c, max, &n);

	if (p == NULL)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/* The same, allocated. */
static char *
get_text_alloc(struct cursor *c, size_t max)
{
	uint32_t n;
	const unsigned char *p = take_text(c, max, &n);

	return p != NULL ? xstrndup((const char *)p, n) : NULL;
}

static int
get_bin(struct cursor *c, struct map_bin *bin)
{
	if (get_text(c, bin->label, sizeof bin->label) != 0 ||
	    get_text(c, bin->text, sizeof bin->text) != 0)
		return -1;
	bin->key = get_u64(c);
	bin->flows = get_u64(c);
	uint32_t other = get_u32(c);
	bin->is_other = other != 0;
	return c->short_read || other > 1 ? -1 : 0;
}

/* In the section parsers: the message, and -1. */
#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

/* The header and the sections' bounds and CRCs: sec[tag] for each tag. */
static int
parse_sections(struct cursor *file, struct cursor *sec, uint32_t *version_out,
    char *err, size_t errlen)
{
	unsigned char magic[MAGIC_LEN];
	uint32_t version, nsections;

	if (get(file, magic, MAGIC_LEN) != 0 ||
	    memcmp(magic, MAGIC, MAGIC_LEN) != 0)
		FAIL("not a flowmap snapshot");
	version = get_u32(file);
	nsections = get_u32(file);
	if (file->short_read)
		FAIL("truncated header");
	/* Version 3 differs only by its dense feature rows: still read. */
	if (version != SNAPSHOT_VERSION && version != 3)
		FAIL("version %u, this flowmap reads 3 and %u", version,
		    SNAPSHOT_VERSION);
	*version_out = version;
	if (nsections != TAG_COUNT)
		FAIL("%u sections, expected %u", nsections, TAG_COUNT);
	for (uint32_t i = 0; i < nsections; i++) {
		uint32_t tag = get_u32(file);
		uint64_t n = get_u64(file);

		if (file->short_read)
			FAIL("truncated at section %u", i + 1);
		if (tag != i + 1)
			FAIL("section %u has tag %u", i + 1, tag);
		if (n > (uint64_t)(file->end - file->p) ||
		    (uint64_t)(file->end - file->p) - n < 4)
			FAIL("section %u claims %llu bytes, beyond the end of "
			    "the file", tag, (unsigned long long)n);
		uint32_t want = (uint32_t)crc32_z(crc32_z(0, Z_NULL, 0),
		    file->p, (size_t)n);
		sec[tag] = (struct cursor){ file->p, file->p + n, 0 };
		file->p += n;
		if (get_u32(file) != want)
			FAIL("section %u fails its CRC check", tag);
	}
	if (file->p != file->end)
		FAIL("%zu bytes after the last section",
		    (size_t)(file->end - file->p));
	return 0;
}

/*
 * The key: same inputs and profile options, and an embedding made with
 * the same options when one is needed.  1 when it is this run's, 0 when
 * it was made for another (simply stale: err empty), -1 when damaged.
 */
static int
parse_key(struct cursor *c, const struct snapshot_key *key,
    int need_embedding, char *err, size_t errlen)
{
	char *profile = get_text_alloc(c, UINT32_MAX);
	char *embedding = get_text_alloc(c, UINT32_MAX);
	uint32_t embedded = get_u32(c);
	/* A map file opened by name (key NULL) is any key's map. */
	int same_profile = profile && (key == NULL ||
	    strcmp(profile, key->profile) == 0);
	int same_embedding = embedding && embedded == 1 && (key == NULL ||
	    strcmp(embedding, key->embedding) == 0);
	int key_ok = profile && embedding && !c->short_read && embedded <= 1;

	free(profile);
	free(embedding);
	if (!key_ok)
		FAIL("damaged key section");
	return same_profile && (!need_embedding || same_embedding);
}

static int
parse_computers(struct cursor *c, struct map *m, char *err, size_t errlen)
{
	uint64_t n = get_u64(c);

	if (c->short_read || n > (uint64_t)(c->end - c->p) / COMPUTER_MIN)
		FAIL("computer count %llu does not fit its section",
		    (unsigned long long)n);
	m->computers = xcalloc(n ? n : 1, sizeof *m->computers);
	for (uint64_t i = 0; i < n; i++) {
		struct map_computer *mc = &m->computers[i];

		if ((mc->name = get_text_alloc(c, LOAD_NAME_MAX + 1)) == NULL ||
		    mc->name[0] == '\0') {
			m->ncomputers = (size_t)i + (mc->name != NULL);
			FAIL("bad name of computer %llu",
			    (unsigned long long)i + 1);
		}
		m->ncomputers = (size_t)i + 1;
		mc->x = get_f64(c);
		mc->y = get_f64(c);
		mc->cx = get_f64(c);
		mc->cy = get_f64(c);
		mc->flows_in = get_u64(c);
		mc->flows_out = get_u64(c);
		mc->bytes_in = get_u64(c);
		mc->bytes_out = get_u64(c);
		mc->packets_in = get_u64(c);
		mc->packets_out = get_u64(c);
		mc->seconds_in = get_u64(c);
		mc->seconds_out = get_u64(c);
		mc->nnearest = get_u32(c);
		for (int k = 0; k < MAP_NEAREST; k++)
			mc->nearest[k] = get_u32(c);
		if (c->short_read)
			FAIL("computers section truncated");
		if (!isfinite(mc->x) || !isfinite(mc->y) ||
		    !isfinite(mc->cx) || !isfinite(mc->cy) ||
		    mc->nnearest > MAP_NEAREST)
			FAIL("bad values for computer %llu",
			    (unsigned long long)i + 1);
		for (uint32_t k = 0; k < mc->nnearest; k++)
			if (mc->nearest[k] >= n)
				FAIL("neighbour out of range for computer %llu",
				    (unsigned long long)i + 1);
	}
	if (c->p != c->end)
		FAIL("computers section too long");
	return 0;
}

static int
parse_bins(struct cursor *c, struct map *m, char *err, size_t errlen)
{
	uint64_t np = get_u64(c), nq = get_u64(c);

	if (c->short_read || np == 0 || nq == 0 ||
	    np > (uint64_t)(c->end - c->p) / BIN_MIN ||
	    nq > (uint64_t)(c->end - c->p) / BIN_MIN - np)
		FAIL("bin counts do not fit their section");
	m->ports = xcalloc(np, sizeof *m->ports);
	m->protos = xcalloc(nq, sizeof *m->protos);
	m->nports = (size_t)np;
	m->nprotos = (size_t)nq;
	for (uint64_t i = 0; i < np; i++)
		if (get_bin(c, &m->ports[i]) != 0)
			FAIL("bad port bin %llu", (unsigned long long)i + 1);
	for (uint64_t i = 0; i < nq; i++)
		if (get_bin(c, &m->protos[i]) != 0)
			FAIL("bad protocol bin %llu", (unsigned long long)i + 1);
	if (c->p != c->end)
		FAIL("bins section too long");
	return 0;
}

/* A stored feature value: a share, so in [0, 1]; NaN is not. */
static int
get_share(struct cursor *c, float *f)
{
	uint32_t v = get_u32(c);

	memcpy(f, &v, 4);
	return *f >= 0 && *f <= 1 ? 0 : -1;
}

/* Version 3 kept every value, zeros too: read dense, kept sparse. */
static int
parse_dense_features(struct cursor *c, struct map *m, uint64_t dim,
    char *err, size_t errlen)
{
	uint64_t n = m->ncomputers;
	float *dense;

	if (n != 0 && (uint64_t)(c->end - c->p) / 4 / n != dim)
		FAIL("features section holds the wrong number of values");
	if ((uint64_t)(c->end - c->p) != n * dim * 4)
		FAIL("features section holds the wrong number of values");
	dense = xmalloc(n * dim * 4 + 1);
	for (uint64_t i = 0; i < n * dim; i++)
		if (get_share(c, &dense[i]) != 0) {
			free(dense);
			FAIL("feature value out of [0, 1]");
		}
	sparse_rows_from_dense(&m->features, dense, (size_t)n, (size_t)dim);
	free(dense);
	return 0;
}

/* After the computers and the bins, whose counts it must match. */
static int
parse_features(struct cursor *c, struct map *m, uint32_t version, char *err,
    size_t errlen)
{
	uint64_t n = m->ncomputers, dim = get_u64(c), nnz;
	struct sparse_rows *s = &m->features;

	if (c->short_read || dim != MAP_NDIST * (m->nports + m->nprotos))
		FAIL("feature dimension does not match the bins");
	m->dim = (size_t)dim;
	if (version == 3)
		return parse_dense_features(c, m, dim, err, errlen);
	s->n = (size_t)n;
	s->d = (size_t)dim;
	s->start = xcalloc(n + 1, sizeof *s->start);
	nnz = get_u64(c);
	if (c->short_read || nnz > n * dim ||
	    (uint64_t)(c->end - c->p) != 4 * n + 8 * nnz)
		FAIL("features section holds the wrong number of values");
	for (uint64_t i = 0; i < n; i++) {
		uint32_t k = get_u32(c);

		if (k > dim || s->start[i] + k > nnz)
			FAIL("features section holds the wrong number of values");
		s->start[i + 1] = s->start[i] + k;
	}
	if (s->start[n] != nnz)
		FAIL("features section holds the wrong number of values");
	s->col = xcalloc(nnz + 1, sizeof *s->col);
	s->val = xcalloc(nnz + 1, sizeof *s->val);
	for (uint64_t e = 0; e < nnz; e++)
		s->col[e] = get_u32(c);
	for (uint64_t i = 0; i < n; i++)
		for (size_t e = s->start[i]; e < s->start[i + 1]; e++)
			if (s->col[e] >= dim ||
			    (e > s->start[i] && s->col[e] <= s->col[e - 1]))
				FAIL("feature columns out of order in row "
				    "%llu", (unsigned long long)i + 1);
	for (uint64_t e = 0; e < nnz; e++)
		if (get_share(c, &s->val[e]) != 0 || s->val[e] == 0)
			FAIL("feature value out of (0, 1]");
	return 0;
}

static int
parse_meta(struct cursor *c, struct map *m, char *err, size_t errlen)
{
	uint32_t has_comms;

	m->kl = get_f64(c);
	m->comms_kl = get_f64(c);
	has_comms = get_u32(c);
	m->has_comms = has_comms == 1;
	if (c->short_read || c->p != c->end || !isfinite(m->kl) ||
	    !isfinite(m->comms_kl) || has_comms > 1)
		FAIL("bad meta section");
	return 0;
}

/* A cluster's fields, checked against the map's bins. */
static int
get_cluster(struct cursor *c, const struct map *m, struct map_cluster *k)
{
	int ok = 1;

	k->size = (size_t)get_u64(c);
	k->cx = get_f64(c);
	k->cy = get_f64(c);
	k->x0 = get_f64(c);
	k->y0 = get_f64(c);
	k->x1 = get_f64(c);
	k->y1 = get_f64(c);
	k->flows = get_u64(c);
	k->bytes = get_u64(c);
	k->nserved = get_u32(c);
	k->nqueried = get_u32(c);
	for (int i = 0; i < MAP_CLUSTER_PORTS; i++) {
		k->served[i].bin = get_u32(c);
		k->served[i].share = get_f64(c);
		k->queried[i].bin = get_u32(c);
		k->queried[i].share = get_f64(c);
		ok &= (i >= (int)k->nserved || (k->served[i].bin < m->nports &&
		    k->served[i].share >= 0 && k->served[i].share <= 1)) &&
		    (i >= (int)k->nqueried || (k->queried[i].bin < m->nports &&
		    k->queried[i].share >= 0 && k->queried[i].share <= 1));
	}
	ok &= isfinite(k->cx) && isfinite(k->cy) && isfinite(k->x0) &&
	    isfinite(k->y0) && isfinite(k->x1) && isfinite(k->y1) &&
	    k->nserved <= MAP_CLUSTER_PORTS && k->nqueried <= MAP_CLUSTER_PORTS;
	return get_text(c, k->label, sizeof k->label) == 0 && !c->short_read &&
	    ok ? 0 : -1;
}

/* After the computers and the bins: the clusters, and each computer's. */
static int
parse_clusters(struct cursor *c, struct map *m, char *err, size_t errlen)
{
	uint64_t n = get_u64(c);
	size_t *size;

	if (c->short_read || n > (uint64_t)(c->end - c->p) / CLUSTER_MIN)
		FAIL("cluster count %llu does not fit its section",
		    (unsigned long long)n);
	m->clusters = xcalloc(n ? n : 1, sizeof *m->clusters);
	m->nclusters = (size_t)n;
	for (uint64_t i = 0; i < n; i++)
		if (get_cluster(c, m, &m->clusters[i]) != 0)
			FAIL("bad cluster %llu", (unsigned long long)i + 1);
	size = xcalloc(n ? n : 1, sizeof *size);
	for (size_t i = 0; i < m->ncomputers; i++) {
		uint32_t k = get_u32(c);

		m->computers[i].cluster = k;
		if (k != MAP_NO_CLUSTER && k < n)
			size[k]++;
		else if (k != MAP_NO_CLUSTER)
			c->short_read = 1;	/* out of range: damaged */
	}
	for (uint64_t i = 0; i < n && !c->short_read; i++)
		if (size[i] != m->clusters[i].size)
			c->short_read = 1;
	free(size);
	if (c->short_read || c->p != c->end)
		FAIL("bad clusters section");
	return 0;
}

int
snapshot_parse(const unsigned char *buf, size_t len,
    const struct snapshot_key *key, int need_embedding, struct map *m,
    char *err, size_t errlen)
{
	struct cursor file = { buf, buf + len, 0 };
	struct cursor sec[TAG_COUNT + 1];
	uint32_t version = 0;
	int rc;

	memset(m, 0, sizeof *m);
	memset(sec, 0, sizeof sec);
	err[0] = '\0';
	if (parse_sections(&file, sec, &version, err, errlen) != 0 ||
	    (rc = parse_key(&sec[TAG_KEY], key, need_embedding, err,
	    errlen)) != 1)
		return 0;
	if (parse_computers(&sec[TAG_COMPUTERS], m, err, errlen) != 0 ||
	    parse_bins(&sec[TAG_BINS], m, err, errlen) != 0 ||
	    parse_features(&sec[TAG_FEATURES], m, version, err, errlen) != 0 ||
	    parse_meta(&sec[TAG_META], m, err, errlen) != 0 ||
	    parse_clusters(&sec[TAG_CLUSTERS], m, err, errlen) != 0) {
		map_free(m);
		return 0;
	}
	return 1;
}

/* ---- keys and files --------------------------------------------------- */

/* The bytes of the file at path (*len of them), or NULL with err set
 * (empty when there is no such file). */
static unsigned char *
read_image(const char *path, size_t *len, char *err, size_t errlen)
{
	struct stat st;
	unsigned char *buf;
	size_t got = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno != ENOENT)
			snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > SNAPSHOT_MAX) {
		snprintf(err, errlen, "not a regular file of a sane size");
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	return buf;
}

int
snapshot_load(const struct snapshot_key *key, int need_embedding,
    struct map *m, char *err, size_t errlen)
{
	unsigned char *buf;
	size_t len;
	int ok;

	memset(m, 0, sizeof *m);
	err[0] = '\0';
	if ((buf = read_image(key->path, &len, err, errlen)) == NULL)
		return 0;
	ok = snapshot_parse(buf, len, key, need_embedding, m, err, errlen);
	free(buf);
	return ok;
}

int
snapshot_is_map_file(const char *path)
{
	unsigned char magic[MAGIC_LEN];
	int fd = open(path, O_RDONLY | O_CLOEXEC), is;
	struct stat st;

	if (fd < 0)
		return 0;
	is = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, MAGIC_LEN) == MAGIC_LEN &&
	    memcmp(magic, MAGIC, MAGIC_LEN) == 0;
	close(fd);
	return is;
}

int
snapshot_open_map(const char *path, struct map *m, char *err, size_t errlen)
{
	unsigned char *buf;
	size_t len;
	int ok;

	memset(m, 0, sizeof *m);
	err[0] = '\0';
	if ((buf = read_image(path, &len, err, errlen)) == NULL) {
		if (err[0] == '\0')
			snprintf(err, errlen, "%s", strerror(ENOENT));
		return -1;
	}
	ok = snapshot_parse(buf, len, NULL, 1, m, err, errlen);
	free(buf);
	if (ok != 1 && err[0] == '\0')
		snprintf(err, errlen, "a map without its embedding");
	return ok == 1 ? 0 : -1;
}

/* mkdir -p, private to the user (a cache says what the user looked at). */
static int
make_dirs(const char *dir, char *err, size_t errlen)
{
	char *p = xstrdup(dir);

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
				snprintf(err, errlen, "cannot create %s: %s", p,
				    strerror(errno));
				free(p);
				return -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return 0;
}

/* The image into path, through a temporary file renamed when whole. */
static int
write_image(const char *path, const struct buf *b, char *err, size_t errlen)
{
	struct outfile out;

	if (outfile_open(&out, path, err, errlen) != 0)
		return -1;
	if (fwrite(b->p, 1, b->len, out.f) != b->len) {
		snprintf(err, errlen, "%s: write failed", path);
		outfile_abort(&out);
		return -1;
	}
	return outfile_commit(&out, err, errlen);
}

int
snapshot_write_map(const char *path, const struct snapshot_key *key,
    const struct map *m, char *err, size_t errlen)
{
	struct buf b = {0};
	int rc;

	serialise(key, m, 1, &b);
	rc = write_image(path, &b, err, errlen);
	free(b.p);
	return rc;
}

int
snapshot_save(const struct snapshot_key *key, const struct map *m,
    int embedded, char *err, size_t errlen)
{
	struct buf b = {0};
	char *dir = xstrdup(key->path), *slash = strrchr(dir, '/');
	int rc = -1;

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (make_dirs(dir, err, errlen) != 0)
			goto done;
	}
	serialise(key, m, embedded, &b);
	rc = write_image(key->path, &b, err, errlen);
done:
	free(b.p);
	free(dir);
	return rc;
}
