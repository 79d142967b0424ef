/*
 * test_snapshot.c - the snapshot file: a map survives the round trip bit
 * for bit; a key that differs is no snapshot; and thousands of damaged
 * images (flipped bytes, truncations, inflated lengths and counts) are
 * each refused or read whole, never a crash, a half map or an allocation
 * out of proportion (the sanitizer build of the suite runs this too).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "profile/map.h"
#include "base/rng.h"
#include "app/snapshot.h"
#include "base/xalloc.h"
#include "unit.h"

/* A small map with every field set. */
static void
make_map(struct map *m, size_t n)
{
	struct rng r;

	rng_seed(&r, 7);
	memset(m, 0, sizeof *m);
	m->ncomputers = n;
	m->computers = xcalloc(n, sizeof *m->computers);
	m->nports = 4;
	m->nprotos = 4;
	m->ports = xcalloc(4, sizeof *m->ports);
	m->protos = xcalloc(4, sizeof *m->protos);
	for (int b = 0; b < 4; b++) {
		snprintf(m->ports[b].label, sizeof m->ports[b].label, "%d/x", b);
		snprintf(m->ports[b].text, sizeof m->ports[b].text, "%d", b);
		m->ports[b].key = (uint64_t)b * 11;
		m->ports[b].flows = 100 - (uint64_t)b;
		snprintf(m->protos[b].label, sizeof m->protos[b].label, "P%d", b);
		snprintf(m->protos[b].text, sizeof m->protos[b].text, "proto%d", b);
	}
	m->ports[3].is_other = 1;
	m->dim = MAP_NDIST * 8;
	{
		/* Mostly zeros, as a computer's features are. */
		float *dense = xcalloc(n * m->dim, sizeof *dense);

		for (size_t i = 0; i < n * m->dim; i++)
			if (rng_uniform(&r) < 0.2)
				dense[i] = (float)rng_uniform(&r);
		sparse_rows_from_dense(&m->features, dense, n, m->dim);
		free(dense);
	}
	for (size_t i = 0; i < n; i++) {
		struct map_computer *c = &m->computers[i];
		char name[32];

		snprintf(name, sizeof name, "C%zu", i * 7 + 1);
		c->name = xstrdup(name);
		c->x = rng_normal(&r);
		c->y = rng_normal(&r);
		c->cx = rng_normal(&r);
		c->cy = rng_normal(&r);
		c->flows_in = i;
		c->bytes_out = UINT64_MAX - i;
		c->nnearest = n > 1 ? 1 : 0;
		c->nearest[0] = (uint32_t)((i + 1) % n);
		c->cluster = i % 5 == 4 ? MAP_NO_CLUSTER : (uint32_t)(i % 2);
	}
	/* Two clusters, every fifth computer in none. */
	m->nclusters = 2;
	m->clusters = xcalloc(2, sizeof *m->clusters);
	for (size_t i = 0; i < n; i++)
		if (m->computers[i].cluster != MAP_NO_CLUSTER)
			m->clusters[m->computers[i].cluster].size++;
	for (int k = 0; k < 2; k++) {
		struct map_cluster *mc = &m->clusters[k];

		mc->cx = rng_normal(&r);
		mc->x1 = 3.5;
		mc->flows = 1000 + (uint64_t)k;
		mc->nserved = 1;
		mc->served[0] = (struct map_cluster_port){ (uint32_t)k, 0.75 };
		mc->nqueried = 2;
		mc->queried[1] = (struct map_cluster_port){ 2, 0.125 };
		snprintf(mc->label, sizeof mc->label, "serves %d (75%%)", k);
	}
	m->kl = 1.25;
	m->has_comms = 1;
	m->comms_kl = 0.5;
}

static void
assert_maps_equal(const struct map *a, const struct map *b)
{
	assert_int_equal(a->ncomputers, b->ncomputers);
	assert_int_equal(a->nports, b->nports);
	assert_int_equal(a->nprotos, b->nprotos);
	assert_int_equal(a->dim, b->dim);
	assert_true(a->kl == b->kl && a->comms_kl == b->comms_kl);
	assert_int_equal(a->has_comms, b->has_comms);
	for (size_t i = 0; i < a->ncomputers; i++) {
		const struct map_computer *x = &a->computers[i], *y = &b->computers[i];

		assert_string_equal(x->name, y->name);
		assert_true(x->x == y->x && x->y == y->y);
		assert_true(x->cx == y->cx && x->cy == y->cy);
		assert_true(x->flows_in == y->flows_in);
		assert_true(x->bytes_out == y->bytes_out);
		assert_int_equal(x->nnearest, y->nnearest);
		assert_memory_equal(x->nearest, y->nearest, sizeof x->nearest);
	}
	for (size_t k = 0; k < a->nports; k++) {
		assert_string_equal(a->ports[k].label, b->ports[k].label);
		assert_string_equal(a->ports[k].text, b->ports[k].text);
		assert_true(a->ports[k].key == b->ports[k].key);
		assert_int_equal(a->ports[k].is_other, b->ports[k].is_other);
	}
	assert_same_rows(&a->features, &b->features);
	assert_int_equal(a->nclusters, b->nclusters);
	for (size_t i = 0; i < a->ncomputers; i++)
		assert_int_equal(a->computers[i].cluster, b->computers[i].cluster);
	for (size_t k = 0; k < a->nclusters; k++) {
		const struct map_cluster *x = &a->clusters[k], *y = &b->clusters[k];

		assert_int_equal(x->size, y->size);
		assert_true(x->cx == y->cx && x->x1 == y->x1);
		assert_int_equal(x->flows, y->flows);
		assert_int_equal(x->nserved, y->nserved);
		assert_int_equal(x->nqueried, y->nqueried);
		assert_memory_equal(x->served, y->served, sizeof x->served);
		assert_memory_equal(x->queried, y->queried, sizeof x->queried);
		assert_string_equal(x->label, y->label);
	}
}

struct fixture {
	char			 dir[64];
	struct snapshot_key	 key;
	unsigned char		*image;
	size_t			 len;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	char data[128], err[256];
	FILE *fp;

	snprintf(f->dir, sizeof f->dir, "/tmp/flowmap-snap.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(data, sizeof data, "%s/flows.csv", f->dir);
	fp = fopen(data, "w");
	fputs("1,0,C1,N1,C2,53,17,1,1\n", fp);
	fclose(fp);
	char *files[] = { data };
	if (snapshot_key_make(&f->key, f->dir, files, 1, "profile opts\n",
	    "embedding opts\n", err, sizeof err) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	snapshot_key_free(&f->key);
	free(f->image);
	free(f);
	return 0;
}

static void
read_image(struct fixture *f)
{
	FILE *fp = fopen(f->key.path, "rb");

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	f->len = (size_t)ftell(fp);
	rewind(fp);
	f->image = xmalloc(f->len);
	assert_int_equal(fread(f->image, 1, f->len, fp), f->len);
	fclose(fp);
}

static void
test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct map m, back;
	char err[256];

	make_map(&m, 50);
	assert_int_equal(snapshot_save(&f->key, &m, 1, err, sizeof err), 0);
	assert_int_equal(snapshot_load(&f->key, 1, &back, err, sizeof err), 1);
	assert_maps_equal(&m, &back);
	map_free(&back);

	/* Another embedding: not usable for a map, still for features. */
	struct snapshot_key other = f->key;
	other.embedding = "embedding opts 2\n";
	assert_int_equal(snapshot_load(&other, 1, &back, err, sizeof err), 0);
	assert_string_equal(err, "");
	assert_int_equal(snapshot_load(&other, 0, &back, err, sizeof err), 1);
	map_free(&back);
	other = f->key;
	other.profile = "other inputs\n";
	assert_int_equal(snapshot_load(&other, 0, &back, err, sizeof err), 0);

	/* A snapshot without an embedding serves features only. */
	assert_int_equal(snapshot_save(&f->key, &m, 0, err, sizeof err), 0);
	assert_int_equal(snapshot_load(&f->key, 1, &back, err, sizeof err), 0);
	assert_int_equal(snapshot_load(&f->key, 0, &back, err, sizeof err), 1);
	map_free(&back);
	map_free(&m);
}

/* Every prefix of the image is refused with a reason. */
static void
test_truncations(void **state)
{
	struct fixture *f = *state;
	struct map m, back;
	char err[256];

	make_map(&m, 20);
	assert_int_equal(snapshot_save(&f->key, &m, 1, err, sizeof err), 0);
	read_image(f);
	for (size_t len = 0; len < f->len; len++) {
		assert_int_equal(snapshot_parse(f->image, len, &f->key, 1, &back,
		    err, sizeof err), 0);
		assert_true(err[0] != '\0');
		assert_null(back.computers);
	}
	assert_int_equal(snapshot_parse(f->image, f->len, &f->key, 1, &back,
	    err, sizeof err), 1);
	map_free(&back);
	map_free(&m);
}

/* Random damage: each image is refused, or read back as a whole map. */
static void
test_mutations(void **state)
{
	struct fixture *f = *state;
	struct map m, back;
	struct rng r;
	char err[256];
	unsigned refused = 0;

	make_map(&m, 12);
	assert_int_equal(snapshot_save(&f->key, &m, 1, err, sizeof err), 0);
	read_image(f);
	rng_seed(&r, 99);
	unsigned char *img = xmalloc(f->len);
	for (int round = 0; round < 20000; round++) {
		memcpy(img, f->image, f->len);
		int hits = 1 + (int)rng_below(&r, 4);
		for (int h = 0; h < hits; h++) {
			size_t at = (size_t)rng_below(&r, f->len);

			switch (rng_below(&r, 3)) {
			case 0: img[at] ^= (unsigned char)(1u << rng_below(&r, 8)); break;
			case 1: img[at] = (unsigned char)rng_below(&r, 256); break;
			default: img[at] = 0xff; break;
			}
		}
		int ok = snapshot_parse(img, f->len, &f->key, 1, &back, err,
		    sizeof err);
		if (!ok) {
			refused++;
			assert_null(back.computers);
			continue;
		}
		/* Read whole: every neighbour in range, every name there. */
		for (size_t i = 0; i < back.ncomputers; i++) {
			assert_non_null(back.computers[i].name);
			for (uint32_t k = 0; k < back.computers[i].nnearest; k++)
				assert_true(back.computers[i].nearest[k] <
				    back.ncomputers);
		}
		map_free(&back);
	}
	/* Each section has a CRC: almost all damage must be caught. */
	assert_true(refused > 19900);
	free(img);
	map_free(&m);
}

static uint64_t
le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Recompute each section's CRC, so the damage reaches the parser's own
 * checks instead of stopping at the CRC. */
static void
fix_crcs(unsigned char *img, size_t len)
{
	size_t at = 16;

	while (at + 12 <= len) {
		uint64_t n = le64(img + at + 4);

		if (n > len - at - 12 || len - at - 12 - n < 4)
			return;
		uint32_t crc = (uint32_t)crc32_z(crc32_z(0, Z_NULL, 0),
		    img + at + 12, (size_t)n);
		for (int i = 0; i < 4; i++)
			img[at + 12 + n + (size_t)i] = (unsigned char)(crc >> (8 * i));
		at += 12 + (size_t)n + 4;
	}
}

/* The same with valid CRCs: counts, lengths, names and values damaged. */
static void
test_mutations_past_crc(void **state)
{
	struct fixture *f = *state;
	struct map m, back;
	struct rng r;
	char err[256];
	unsigned refused = 0, read = 0;

	make_map(&m, 12);
	assert_int_equal(snapshot_save(&f->key, &m, 1, err, sizeof err), 0);
	read_image(f);
	rng_seed(&r, 5);
	unsigned char *img = xmalloc(f->len);
	for (int round = 0; round < 20000; round++) {
		memcpy(img, f->image, f->len);
		int hits = 1 + (int)rng_below(&r, 3);
		for (int h = 0; h < hits; h++) {
			size_t at = (size_t)rng_below(&r, f->len);
			static const unsigned char bytes[] = { 0, 1, 0x7f, 0x80,
			    0xff, 0xfe, 12, 255 };

			img[at] = rng_below(&r, 2) ?
			    bytes[rng_below(&r, sizeof bytes)] :
			    (unsigned char)(img[at] ^ (1u << rng_below(&r, 8)));
		}
		fix_crcs(img, f->len);
		if (!snapshot_parse(img, f->len, &f->key, 1, &back, err,
		    sizeof err)) {
			refused++;
			assert_null(back.computers);
			continue;
		}
		read++;
		for (size_t i = 0; i < back.ncomputers; i++) {
			assert_non_null(back.computers[i].name);
			for (uint32_t k = 0; k < back.computers[i].nnearest; k++)
				assert_true(back.computers[i].nearest[k] <
				    back.ncomputers);
		}
		for (size_t i = 0; i < back.ncomputers; i++)
			for (size_t e = back.features.start[i];
			    e < back.features.start[i + 1]; e++) {
				assert_true(back.features.val[e] > 0 &&
				    back.features.val[e] <= 1);
				assert_true(back.features.col[e] < back.dim);
				assert_true(e == back.features.start[i] ||
				    back.features.col[e] >
				    back.features.col[e - 1]);
			}
		map_free(&back);
	}
	/* Some damage is harmless (a coordinate, a count of flows). */
	assert_true(refused > 0 && read > 0);
	free(img);
	map_free(&m);
}

/* The payload of section `tag` in a snapshot image (its length in *n). */
static unsigned char *
section_of(unsigned char *img, size_t len, uint32_t tag, size_t *n)
{
	size_t at = 16;

	while (at + 12 <= len) {
		uint32_t t = (uint32_t)img[at] | (uint32_t)img[at + 1] << 8 |
		    (uint32_t)img[at + 2] << 16 | (uint32_t)img[at + 3] << 24;

		*n = (size_t)le64(img + at + 4);
		if (t == tag)
			return img + at + 12;
		at += 12 + *n + 4;
	}
	fail_msg("no section %u", tag);
	return NULL;
}

/*
 * Version 4's feature rows, damaged past the CRCs: columns out of order
 * in a row, and a stored zero, are each refused with their reason.
 */
static void
test_bad_sparse_rows(void **state)
{
	struct fixture *f = *state;
	struct map m, back;
	unsigned char *feat, tmp[4];
	size_t n, ncomp = 20, first;
	char err[256];

	make_map(&m, ncomp);
	assert_true(m.features.start[1] >= 2);	/* the first row: 2 columns */
	assert_int_equal(snapshot_save(&f->key, &m, 1, err, sizeof err), 0);
	read_image(f);
	/* dim u64, nnz u64, a count per row, then the columns */
	feat = section_of(f->image, f->len, 4, &n);
	first = 16 + 4 * ncomp;
	memcpy(tmp, feat + first, 4);
	memcpy(feat + first, feat + first + 4, 4);
	memcpy(feat + first + 4, tmp, 4);
	fix_crcs(f->image, f->len);
	assert_int_equal(snapshot_parse(f->image, f->len, &f->key, 1, &back,
	    err, sizeof err), 0);
	assert_string_equal(err, "feature columns out of order in row 1");
	/* Put them back, then store a zero as the first value. */
	memcpy(feat + first + 4, feat + first, 4);
	memcpy(feat + first, tmp, 4);
	memset(feat + first + 4 * m.features.start[ncomp], 0, 4);
	fix_crcs(f->image, f->len);
	assert_int_equal(snapshot_parse(f->image, f->len, &f->key, 1, &back,
	    err, sizeof err), 0);
	assert_string_equal(err, "feature value out of (0, 1]");
	map_free(&m);
}

/* The bytes of a file of the source tree (malloc'd), *len of them. */
static unsigned char *
source_file(const char *rel, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	unsigned char *p;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s", top ? top : ".", rel);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	p = xmalloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/*
 * Version 3 kept the feature rows dense; version 4 by their non-zeros.
 * The fuzz corpus holds the same map in both (seed0 written by version 3,
 * seed2 the same read back and saved as 4): both read to the same map.
 */
static void
test_reads_version_3(void **state)
{
	struct snapshot_key fuzz = { "fuzz profile\n", "fuzz embedding\n",
	    NULL };
	unsigned char *v3, *v4;
	size_t n3, n4, nnz;
	struct map a, b;
	char err[256];

	(void)state;
	v3 = source_file("tests/fuzz/corpus/snapshot/seed0.snap", &n3);
	v4 = source_file("tests/fuzz/corpus/snapshot/seed2.snap", &n4);
	assert_int_equal(v3[8], 3);
	assert_int_equal(v4[8], SNAPSHOT_VERSION);
	assert_int_equal(snapshot_parse(v3, n3, &fuzz, 1, &a, err, sizeof err),
	    1);
	assert_int_equal(snapshot_parse(v4, n4, &fuzz, 1, &b, err, sizeof err),
	    1);
	assert_true(a.ncomputers > 0);
	nnz = a.features.start[a.ncomputers];
	assert_true(nnz > 0 && nnz < a.ncomputers * a.dim);
	assert_maps_equal(&a, &b);
	/* Another version is refused, by its number. */
	v3[8] = 2;
	map_free(&a);
	assert_int_equal(snapshot_parse(v3, n3, &fuzz, 1, &a, err, sizeof err),
	    0);
	assert_non_null(strstr(err, "version 2"));
	map_free(&b);
	free(v3);
	free(v4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mutations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mutations_past_crc, setup,
		    teardown),
		cmocka_unit_test(test_reads_version_3),
		cmocka_unit_test_setup_teardown(test_bad_sparse_rows, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
