/*
 * test_inflate.c - the two inflate back ends against each other.
 *
 * Every fixture is read through zlib and through ISA-L, with several read
 * sizes, and the two readings must agree: the same text, the same end
 * (0 or -1), the same message byte for byte, the same warning and the same
 * count of bytes consumed.  The fixtures are the ones a loader meets:
 * members of every size and header kind (name, comment, extra field,
 * header CRC), stored and fixed-Huffman blocks, every truncation point of
 * a small file, trailers with a wrong CRC or length, trailing garbage.
 * Damage inside the deflate data is the one place the libraries may word
 * things differently (they notice a bad code at different bits): there
 * both must fail, with the same kind of message.  Without ISA-L in the
 * build the comparisons are skipped; zlib alone is tested by test_input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "load/input.h"
#include "unit.h"

struct reading {
	struct ubuf	text;
	int		rc;
	char		err[512];
	char		warning[200];
	uint64_t	consumed;
};

static void
read_with(const char *inflater, const char *path, size_t step,
    struct reading *r)
{
	char *buf = xmalloc(step);
	struct input *in;

	*r = (struct reading){0};
	ubuf_add(&r->text, "", 0);
	assert_int_equal(input_set_inflater(inflater), 0);
	in = input_open(path, r->err, sizeof r->err);
	if (in == NULL)
		fail_msg("input_open(%s): %s", path, r->err);
	for (;;) {
		ssize_t n = input_read(in, buf, step, r->err, sizeof r->err);

		if (n <= 0) {
			r->rc = (int)n;
			break;
		}
		ubuf_add(&r->text, buf, (size_t)n);
	}
	if (input_warning(in) != NULL)
		snprintf(r->warning, sizeof r->warning, "%s",
		    input_warning(in));
	r->consumed = input_consumed(in);
	input_close(in);
	free(buf);
}

/* Messages that differ: all are listed before the test fails. */
static int mismatches;

static int
have_isal(void)
{
	int ok = input_set_inflater("isa-l") == 0;

	(void)input_set_inflater("zlib");
	return ok;
}

/* Read path with both back ends; exact: the messages must be equal. */
static void
compare(const char *path, size_t step, int exact, const char *label)
{
	struct reading z, i;

	read_with("zlib", path, step, &z);
	read_with("isa-l", path, step, &i);
	if (z.rc != i.rc)
		fail_msg("%s: zlib %d (%s), isa-l %d (%s)", label, z.rc, z.err,
		    i.rc, i.err);
	if (exact || z.rc == 0) {
		if (z.rc != 0 && strcmp(z.err, i.err) != 0) {
			print_error("%s:\n  zlib:  %s\n  isa-l: %s\n", label,
			    z.err, i.err);
			mismatches++;
		}
		assert_string_equal(z.warning, i.warning);
		assert_int_equal(z.consumed, i.consumed);
		if (z.rc == 0) {
			assert_int_equal(z.text.len, i.text.len);
			assert_memory_equal(z.text.p, i.text.p, z.text.len);
		}
	} else {
		/* The same kind of failure, at the same file. */
		const char *kz = strstr(z.err, ": corrupt gzip data near byte ");
		const char *ki = strstr(i.err, ": corrupt gzip data near byte ");
		const char *tz = strstr(z.err, ": truncated gzip data: ");
		const char *ti = strstr(i.err, ": truncated gzip data: ");

		if (!((kz != NULL && ki != NULL) || (tz != NULL && ti != NULL)))
			fail_msg("%s:\n  zlib:  %s\n  isa-l: %s", label, z.err,
			    i.err);
		if (tz != NULL)
			assert_string_equal(z.err, i.err);
	}
	ubuf_free(&z.text);
	ubuf_free(&i.text);
}

static void
make_text(struct ubuf *b, size_t n, uint32_t seed)
{
	uint64_t x = seed * 2654435761u + 1;

	while (b->len < n) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		ubuf_printf(b, "%llu,%u,C%u,N%u,C%u,%u,6,%u,%u\n",
		    (unsigned long long)(x >> 40), (unsigned)(x >> 20) & 7,
		    (unsigned)(x >> 33) % 5000, (unsigned)(x >> 13) % 90000,
		    (unsigned)(x >> 45) % 5000, (unsigned)(x >> 7) % 1024,
		    (unsigned)(x >> 27) % 100, (unsigned)(x >> 50));
	}
}

/* One member with a chosen level, strategy and header. */
static void
gzip_member(struct ubuf *out, const void *data, size_t len, int level,
    int strategy, gz_header *head)
{
	z_stream z = {0};
	size_t cap;
	unsigned char *buf;

	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8,
	    strategy), Z_OK);
	if (head != NULL)
		assert_int_equal(deflateSetHeader(&z, head), Z_OK);
	cap = deflateBound(&z, (uLong)len) + 1024;
	buf = xmalloc(cap);
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = buf;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	ubuf_add(out, buf, cap - z.avail_out);
	deflateEnd(&z);
	free(buf);
}

static const size_t steps[] = { 1 << 20, 65536, 4093, 7 };

static void
test_members(void **state)
{
	char *dir, *path;
	struct ubuf text = {0}, file = {0};
	gz_header head = {0};

	(void)state;
	if (!have_isal())
		skip();
	dir = unit_tmpdir();
	make_text(&text, 3000000, 1);
	head.name = (Bytef *)"flows.txt";
	head.comment = (Bytef *)"a comment";
	head.extra = (Bytef *)"ab\4\0wxyz";
	head.extra_len = 8;
	head.hcrc = 1;
	ubuf_add(&file, "", 0);
	/* Default, stored, fixed Huffman, an empty member, every header
	 * field, and a large one spanning several raw blocks. */
	gzip_member(&file, text.p, 5000, 6, Z_DEFAULT_STRATEGY, NULL);
	gzip_member(&file, text.p, 70000, 0, Z_DEFAULT_STRATEGY, NULL);
	gzip_member(&file, text.p, 9000, 6, Z_FIXED, NULL);
	gzip_member(&file, "", 0, 6, Z_DEFAULT_STRATEGY, NULL);
	gzip_member(&file, text.p, 3000, 9, Z_DEFAULT_STRATEGY, &head);
	gzip_member(&file, text.p, text.len, 1, Z_DEFAULT_STRATEGY, NULL);
	path = unit_write(dir, "members.gz", file.p, file.len);
	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++)
		compare(path, steps[s], 1, "members");
	free(path);
	/* And with trailing garbage of each kind. */
	static const struct { const char *p; size_t n; } tails[] = {
		{ "garbage\n", 8 }, { "\0\0\0\0", 4 }, { "\x1f", 1 },
		{ "\x1f\x8c", 2 }, { "\x1f\x8b", 2 },
		{ "\x1f\x8b\x08\0\0\0\0\0\0\3", 10 },
	};
	for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
		size_t len = file.len;

		ubuf_add(&file, tails[t].p, tails[t].n);
		path = unit_write(dir, "tail.gz", file.p, file.len);
		compare(path, 65536, 1, "tail");
		free(path);
		file.len = len;
	}
	ubuf_free(&file);
	ubuf_free(&text);
	unit_rmtree(dir);
}

/* Every cut of a two-member file, and a cut large file. */
static void
test_truncated(void **state)
{
	char *dir, *path, label[64];
	struct ubuf text = {0}, file = {0};

	(void)state;
	if (!have_isal())
		skip();
	dir = unit_tmpdir();
	make_text(&text, 4000, 2);
	ubuf_add(&file, "", 0);
	gzip_member(&file, text.p, 2000, 6, Z_DEFAULT_STRATEGY, NULL);
	gzip_member(&file, text.p + 2000, text.len - 2000, 0,
	    Z_DEFAULT_STRATEGY, NULL);
	for (size_t cut = 1; cut < file.len; cut++) {
		path = unit_write(dir, "cut.gz", file.p, cut);
		snprintf(label, sizeof label, "cut at %zu", cut);
		compare(path, 4096, 1, label);
		compare(path, 7, 1, label);
		free(path);
	}
	ubuf_free(&file);
	ubuf_free(&text);

	make_text(&text, 5000000, 3);
	ubuf_add(&file, "", 0);
	gzip_member(&file, text.p, text.len, 6, Z_DEFAULT_STRATEGY, NULL);
	const size_t cuts[] = { (1u << 20) - 3, 1u << 20, (1u << 20) + 5,
	    file.len / 2, file.len - 8, file.len - 4, file.len - 1 };
	for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
		path = unit_write(dir, "big.gz", file.p, cuts[c]);
		snprintf(label, sizeof label, "big cut at %zu", cuts[c]);
		compare(path, 1 << 20, 1, label);
		free(path);
	}
	ubuf_free(&file);
	ubuf_free(&text);
	unit_rmtree(dir);
}

/* Wrong CRC or length in each of the trailers, at raw block edges too. */
static void
test_trailers(void **state)
{
	char *dir, *path, label[64];
	struct ubuf text = {0}, file = {0};
	size_t ends[3];

	(void)state;
	if (!have_isal())
		skip();
	dir = unit_tmpdir();
	make_text(&text, 6000000, 4);
	ubuf_add(&file, "", 0);
	gzip_member(&file, text.p, 1000, 6, Z_DEFAULT_STRATEGY, NULL);
	ends[0] = file.len;
	gzip_member(&file, text.p, text.len, 6, Z_DEFAULT_STRATEGY, NULL);
	ends[1] = file.len;
	gzip_member(&file, text.p, 500, 6, Z_DEFAULT_STRATEGY, NULL);
	ends[2] = file.len;
	for (int m = 0; m < 3; m++)
		for (size_t b = 1; b <= 8; b++) {
			file.p[ends[m] - b] ^= 0x20;
			path = unit_write(dir, "trailer.gz", file.p, file.len);
			snprintf(label, sizeof label, "member %d trailer byte "
			    "-%zu", m + 1, b);
			for (size_t s = 0; s < sizeof steps / sizeof steps[0] - 1;
			    s++)
				compare(path, steps[s], 1, label);
			free(path);
			file.p[ends[m] - b] ^= 0x20;
		}
	ubuf_free(&file);
	ubuf_free(&text);
	unit_rmtree(dir);
}

/* A flipped bit at every byte of a small member: both must fail (or,
 * when the flip lands in an ignored header field, both succeed alike). */
static void
test_damage(void **state)
{
	char *dir, *path, label[64];
	struct ubuf text = {0}, file = {0};

	(void)state;
	if (!have_isal())
		skip();
	dir = unit_tmpdir();
	make_text(&text, 3000, 5);
	ubuf_add(&file, "", 0);
	gzip_member(&file, text.p, text.len, 6, Z_DEFAULT_STRATEGY, NULL);
	for (size_t at = 2; at < file.len; at++)
		for (int bit = 0; bit < 8; bit += at < 10 ? 1 : 3) {
			file.p[at] ^= (char)(1 << bit);
			path = unit_write(dir, "flip.gz", file.p, file.len);
			snprintf(label, sizeof label, "bit %d of byte %zu", bit,
			    at);
			/* Header and trailer: exact; deflate data: kind. */
			compare(path, 4096, at < 10 || at >= file.len - 8,
			    label);
			free(path);
			file.p[at] ^= (char)(1 << bit);
		}
	/* Not deflate at all after a header. */
	path = unit_write(dir, "junk.gz", "\x1f\x8b\x08\0\0\0\0\0\0\3junkjunk",
	    18);
	compare(path, 100, 0, "junk");
	free(path);
	assert_int_equal(mismatches, 0);
	ubuf_free(&file);
	ubuf_free(&text);
	unit_rmtree(dir);
}

static void
test_names(void **state)
{
	(void)state;
	assert_int_equal(input_set_inflater("zlib"), 0);
	assert_string_equal(input_inflater(), "zlib");
	assert_int_equal(input_set_inflater("no-such"), -1);
	assert_string_equal(input_inflater(), "zlib");
#ifdef HAVE_ISAL
	assert_int_equal(input_set_inflater("isa-l"), 0);
	assert_string_equal(input_inflater(), "isa-l");
#else
	assert_int_equal(input_set_inflater("isa-l"), -1);
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_trailers),
		cmocka_unit_test(test_damage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
