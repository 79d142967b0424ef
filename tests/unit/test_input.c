/*
 * test_input.c - plain, gzip and multi-member input; damaged gzip; stdin.
 *
 * Each fixture is written into a fresh directory; the text read back must
 * equal the text that went in, byte for byte, whatever the read size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "load/input.h"
#include "unit.h"

struct readback {
	struct ubuf	text;
	int		rc;		/* 0 at the end, -1 on error */
	char		err[512];
};

/* Read the whole input with reads of step bytes. */
static void
read_all(struct input *in, size_t step, struct readback *r)
{
	char *buf = xmalloc(step);

	*r = (struct readback){0};
	ubuf_add(&r->text, "", 0);
	for (;;) {
		ssize_t n = input_read(in, buf, step, r->err, sizeof r->err);

		if (n <= 0) {
			r->rc = (int)n;
			break;
		}
		assert_true((size_t)n <= step);
		ubuf_add(&r->text, buf, (size_t)n);
	}
	/* The end stays the end. */
	if (r->rc == 0)
		assert_int_equal(input_read(in, buf, step, r->err,
		    sizeof r->err), 0);
	free(buf);
}

/* Deterministic lines of flow-like text, n bytes or a little more. */
static void
make_text(struct ubuf *b, size_t n, uint32_t seed)
{
	uint64_t x = seed * 2654435761u + 1;

	while (b->len < n) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		ubuf_printf(b, "%llu,%u,C%u,N%u,C%u,%u,6,%u,%llx\n",
		    (unsigned long long)(x >> 40), (unsigned)(x >> 20) & 7,
		    (unsigned)(x >> 33) % 5000, (unsigned)(x >> 13) % 90000,
		    (unsigned)(x >> 45) % 5000, (unsigned)(x >> 7) % 1024,
		    (unsigned)(x >> 27) % 100, (unsigned long long)x);
	}
}

static struct input *
open_ok(const char *path)
{
	char err[512] = "";
	struct input *in = input_open(path, err, sizeof err);

	if (in == NULL)
		fail_msg("input_open(%s): %s", path, err);
	return in;
}

static void
test_plain(void **state)
{
	static const size_t steps[] = { 1, 7, 4096, 1 << 20, 3 << 20 };
	char *dir = unit_tmpdir(), *path;
	struct ubuf text = {0};
	struct readback r;

	(void)state;
	make_text(&text, 2500000, 1);
	path = unit_write(dir, "flows.txt", text.p, text.len);
	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
		if (steps[s] == 1 && s == 0) {
			/* Byte by byte on a short file only. */
			char *small = unit_write(dir, "small.txt", text.p, 5000);
			struct input *in = open_ok(small);

			read_all(in, 1, &r);
			assert_int_equal(r.rc, 0);
			assert_int_equal(r.text.len, 5000);
			assert_memory_equal(r.text.p, text.p, 5000);
			input_close(in);
			ubuf_free(&r.text);
			free(small);
			continue;
		}
		struct input *in = open_ok(path);

		assert_false(input_is_gzip(in));
		assert_string_equal(input_name(in), path);
		assert_int_equal(input_size(in), text.len);
		assert_null(input_warning(in));
		read_all(in, steps[s], &r);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.text.len, text.len);
		assert_memory_equal(r.text.p, text.p, text.len);
		assert_int_equal(input_consumed(in), text.len);
		input_close(in);
		ubuf_free(&r.text);
	}
	/* One byte, and none. */
	free(path);
	path = unit_write(dir, "one.txt", "\x1f", 1);
	struct input *in = open_ok(path);
	read_all(in, 10, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.text.len, 1);
	assert_int_equal(r.text.p[0], 0x1f);
	assert_false(input_is_gzip(in));
	input_close(in);
	ubuf_free(&r.text);
	free(path);
	path = unit_write(dir, "empty.txt", "", 0);
	in = open_ok(path);
	read_all(in, 10, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.text.len, 0);
	input_close(in);
	ubuf_free(&r.text);
	free(path);
	ubuf_free(&text);
	unit_rmtree(dir);
}

static void
test_open_errors(void **state)
{
	char *dir = unit_tmpdir(), path[4096], err[512];

	(void)state;
	snprintf(path, sizeof path, "%s/missing.txt", dir);
	err[0] = '\0';
	assert_null(input_open(path, err, sizeof err));
	assert_contains(err, path);
	assert_contains(err, "No such file or directory");
	err[0] = '\0';
	assert_null(input_open(dir, err, sizeof err));
	assert_contains(err, "is a directory");
	assert_contains(err, dir);
	unit_rmtree(dir);
}

/* Write the members (each text gzipped alone) plus a tail; returns the
 * path, the compressed sizes in sizes[]. */
static char *
write_members(const char *dir, const char *name, struct ubuf *texts,
    size_t n, const void *tail, size_t tail_len, size_t *sizes,
    struct ubuf *file)
{
	*file = (struct ubuf){0};
	ubuf_add(file, "", 0);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		unsigned char *z = unit_gzip(texts[i].p, texts[i].len, &len);

		ubuf_add(file, z, len);
		if (sizes != NULL)
			sizes[i] = len;
		free(z);
	}
	ubuf_add(file, tail, tail_len);
	return unit_write(dir, name, file->p, file->len);
}

static void
test_gzip_members(void **state)
{
	char *dir = unit_tmpdir(), *path;
	struct ubuf texts[4] = {{0}}, all = {0}, file;
	size_t sizes[4];
	struct readback r;
	static const size_t steps[] = { 3, 4096, 65536, 1 << 20 };

	(void)state;
	/* A small member, a large one (several read blocks of compressed
	 * data), an empty one, a small one. */
	make_text(&texts[0], 1000, 2);
	make_text(&texts[1], 5000000, 3);
	ubuf_add(&texts[2], "", 0);
	make_text(&texts[3], 100, 4);
	for (int i = 0; i < 4; i++)
		ubuf_add(&all, texts[i].p, texts[i].len);

	/* One member. */
	path = write_members(dir, "one.gz", texts, 1, "", 0, sizes, &file);
	struct input *in = open_ok(path);
	assert_true(input_is_gzip(in));
	assert_int_equal(input_size(in), sizes[0]);
	read_all(in, 4096, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.text.len, texts[0].len);
	assert_memory_equal(r.text.p, texts[0].p, texts[0].len);
	assert_int_equal(input_consumed(in), sizes[0]);
	assert_null(input_warning(in));
	input_close(in);
	ubuf_free(&r.text);
	ubuf_free(&file);
	free(path);

	/* All four concatenated: every line of every member. */
	path = write_members(dir, "four.gz", texts, 4, "", 0, sizes, &file);
	assert_true(sizes[0] + sizes[1] > (2u << 20));
	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
		in = open_ok(path);
		read_all(in, steps[s], &r);
		if (r.rc != 0)
			fail_msg("step %zu: %s", steps[s], r.err);
		assert_int_equal(r.text.len, all.len);
		assert_memory_equal(r.text.p, all.p, all.len);
		assert_int_equal(input_consumed(in), file.len);
		assert_null(input_warning(in));
		input_close(in);
		ubuf_free(&r.text);
	}
	ubuf_free(&file);
	free(path);

	/* Two small members: the second one's lines are not lost. */
	struct ubuf two[2] = {{0}};
	ubuf_str(&two[0], "1,0,C1,389,C2,N1,6,10,5323\n");
	ubuf_str(&two[1], "2,0,C3,80,C4,N2,6,1,1\n");
	path = write_members(dir, "two.gz", two, 2, "", 0, NULL, &file);
	in = open_ok(path);
	read_all(in, 4096, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.text.p, "1,0,C1,389,C2,N1,6,10,5323\n"
	    "2,0,C3,80,C4,N2,6,1,1\n");
	input_close(in);
	ubuf_free(&r.text);
	ubuf_free(&file);
	ubuf_free(&two[0]);
	ubuf_free(&two[1]);
	free(path);

	for (int i = 0; i < 4; i++)
		ubuf_free(&texts[i]);
	ubuf_free(&all);
	unit_rmtree(dir);
}

static void
test_gzip_truncated(void **state)
{
	char *dir = unit_tmpdir(), *path, want[256];
	struct ubuf texts[2] = {{0}}, file;
	size_t sizes[2];
	struct readback r;
	struct input *in;

	(void)state;
	make_text(&texts[0], 200000, 5);
	make_text(&texts[1], 200000, 6);
	path = write_members(dir, "whole.gz", texts, 2, "", 0, sizes, &file);
	free(path);

	/* Cut inside the first member, inside the second, inside the
	 * second's header, and just before the first's trailer ends. */
	const size_t cuts[] = { sizes[0] / 2, sizes[0] + sizes[1] / 2,
	    sizes[0] + 5, sizes[0] - 1, 3 };
	const int member[] = { 1, 2, 2, 1, 1 };
	for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
		path = unit_write(dir, "cut.gz", file.p, cuts[c]);
		in = open_ok(path);
		read_all(in, 65536, &r);
		assert_int_equal(r.rc, -1);
		snprintf(want, sizeof want, "%s: truncated gzip data: the "
		    "stream ends after %zu compressed bytes in member %d",
		    path, cuts[c], member[c]);
		assert_string_equal(r.err, want);
		/* What was handed out is a prefix of the text (the read
		 * that fails keeps what it inflated to itself). */
		assert_true(r.text.len <= texts[0].len + texts[1].len);
		assert_memory_equal(r.text.p, texts[0].p, r.text.len <
		    texts[0].len ? r.text.len : texts[0].len);
		input_close(in);
		ubuf_free(&r.text);
		free(path);
	}
	ubuf_free(&file);
	ubuf_free(&texts[0]);
	ubuf_free(&texts[1]);
	unit_rmtree(dir);
}

static void
test_gzip_corrupt(void **state)
{
	char *dir = unit_tmpdir(), *path;
	struct ubuf text = {0}, file;
	size_t size;
	struct readback r;
	struct input *in;

	(void)state;
	make_text(&text, 100000, 7);
	path = write_members(dir, "good.gz", &text, 1, "", 0, &size, &file);
	free(path);

	/* A wrong CRC in the trailer. */
	file.p[size - 8] ^= 0x55;
	path = unit_write(dir, "crc.gz", file.p, file.len);
	in = open_ok(path);
	read_all(in, 65536, &r);
	assert_int_equal(r.rc, -1);
	assert_contains(r.err, path);
	assert_contains(r.err, "corrupt gzip data near byte");
	assert_contains(r.err, "incorrect data check");
	input_close(in);
	ubuf_free(&r.text);
	free(path);
	file.p[size - 8] ^= 0x55;

	/* A wrong length in the trailer. */
	file.p[size - 2] ^= 0x01;
	path = unit_write(dir, "len.gz", file.p, file.len);
	in = open_ok(path);
	read_all(in, 65536, &r);
	assert_int_equal(r.rc, -1);
	assert_contains(r.err, "corrupt gzip data");
	input_close(in);
	ubuf_free(&r.text);
	free(path);
	file.p[size - 2] ^= 0x01;

	/* Not deflate data at all after the magic. */
	path = unit_write(dir, "junk.gz", "\x1f\x8b\x09junkjunkjunkjunk", 19);
	in = open_ok(path);
	assert_true(input_is_gzip(in));
	read_all(in, 100, &r);
	assert_int_equal(r.rc, -1);
	assert_contains(r.err, "corrupt gzip data near byte");
	input_close(in);
	ubuf_free(&r.text);
	free(path);

	ubuf_free(&file);
	ubuf_free(&text);
	unit_rmtree(dir);
}

static void
test_gzip_trailing_garbage(void **state)
{
	char *dir = unit_tmpdir(), *path, want[512];
	struct ubuf texts[2] = {{0}}, file;
	size_t sizes[2];
	struct readback r;
	static const struct {
		const char	*tail;
		size_t		 len;
	} tails[] = {
		{ "garbage\n", 8 },
		{ "\0\0\0\0\0\0\0\0", 8 },	/* tape padding */
		{ "\x1f", 1 },			/* half a magic */
		{ "\x1f\x8c", 2 },
	};

	(void)state;
	make_text(&texts[0], 30000, 8);
	make_text(&texts[1], 30000, 9);
	for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
		path = write_members(dir, "tail.gz", texts, 2, tails[t].tail,
		    tails[t].len, sizes, &file);
		struct input *in = open_ok(path);

		read_all(in, 4096, &r);
		if (r.rc != 0)
			fail_msg("tail %zu: %s", t, r.err);
		/* Both members are read in full... */
		assert_int_equal(r.text.len, texts[0].len + texts[1].len);
		assert_memory_equal(r.text.p + texts[0].len, texts[1].p,
		    texts[1].len);
		/* ...and the garbage is a warning with its offset. */
		assert_non_null(input_warning(in));
		snprintf(want, sizeof want, "%s: trailing garbage after gzip "
		    "data at byte %zu ignored", path, sizes[0] + sizes[1]);
		assert_string_equal(input_warning(in), want);
		input_close(in);
		ubuf_free(&r.text);
		ubuf_free(&file);
		free(path);
	}
	ubuf_free(&texts[0]);
	ubuf_free(&texts[1]);
	unit_rmtree(dir);
}

static void
test_empty_gz(void **state)
{
	char *dir = unit_tmpdir(), *path;
	struct readback r;
	struct input *in;
	struct ubuf empty = {0}, file;

	(void)state;
	/* A zero-byte file named .gz is an empty input, not an error. */
	path = unit_write(dir, "empty.gz", "", 0);
	in = open_ok(path);
	read_all(in, 4096, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.text.len, 0);
	assert_null(input_warning(in));
	assert_int_equal(input_size(in), 0);
	input_close(in);
	ubuf_free(&r.text);
	free(path);
	/* A gzip member of nothing. */
	ubuf_add(&empty, "", 0);
	path = write_members(dir, "nothing.gz", &empty, 1, "", 0, NULL, &file);
	in = open_ok(path);
	assert_true(input_is_gzip(in));
	read_all(in, 4096, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.text.len, 0);
	assert_null(input_warning(in));
	input_close(in);
	ubuf_free(&r.text);
	ubuf_free(&file);
	ubuf_free(&empty);
	free(path);
	unit_rmtree(dir);
}

/* Read "-" with stdin replaced by a pipe fed by a child process. */
static void
read_stdin(const void *data, size_t len, struct readback *r, int *gzip)
{
	int fds[2], saved = dup(STDIN_FILENO);
	pid_t pid;
	char err[512] = "";

	assert_true(saved >= 0);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *p = data;

		close(fds[0]);
		while (len > 0) {
			/* Small writes: the reader sees a slow pipe. */
			ssize_t n = write(fds[1], p, len < 3 ? len : 3);

			if (n <= 0)
				_exit(1);
			p += n;
			len -= (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	struct input *in = input_open("-", err, sizeof err);
	if (in == NULL)
		fail_msg("input_open(-): %s", err);
	assert_string_equal(input_name(in), "<stdin>");
	assert_int_equal(input_size(in), 0);
	read_all(in, 1000, r);
	*gzip = input_is_gzip(in);
	input_close(in);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void
test_stdin(void **state)
{
	struct ubuf text = {0}, texts[2] = {{0}}, file = {0};
	struct readback r;
	int gzip;

	(void)state;
	make_text(&text, 20000, 10);
	read_stdin(text.p, text.len, &r, &gzip);
	assert_int_equal(r.rc, 0);
	assert_false(gzip);
	assert_int_equal(r.text.len, text.len);
	assert_memory_equal(r.text.p, text.p, text.len);
	ubuf_free(&r.text);

	make_text(&texts[0], 5000, 11);
	make_text(&texts[1], 5000, 12);
	for (int i = 0; i < 2; i++) {
		size_t len;
		unsigned char *z = unit_gzip(texts[i].p, texts[i].len, &len);

		ubuf_add(&file, z, len);
		free(z);
	}
	read_stdin(file.p, file.len, &r, &gzip);
	assert_int_equal(r.rc, 0);
	assert_true(gzip);
	assert_int_equal(r.text.len, texts[0].len + texts[1].len);
	assert_memory_equal(r.text.p, texts[0].p, texts[0].len);
	assert_memory_equal(r.text.p + texts[0].len, texts[1].p, texts[1].len);
	ubuf_free(&r.text);
	ubuf_free(&file);
	ubuf_free(&texts[0]);
	ubuf_free(&texts[1]);
	ubuf_free(&text);
}

/* The first line start at or after x (len when none): where a piece that
 * starts at x begins (input.h). */
static size_t
line_start_from(const char *t, size_t len, size_t x)
{
	while (x > 0 && x < len && t[x - 1] != '\n')
		x++;
	return x < len ? x : len;
}

/* The bytes of [start, end) of path read with reads of step bytes. */
static void
read_range(const char *path, uint64_t start, uint64_t end, size_t step,
    struct readback *r)
{
	char err[512] = "";
	struct input *in = open_ok(path);

	if (input_set_range(in, start, end, err, sizeof err) != 0)
		fail_msg("input_set_range: %s", err);
	read_all(in, step, r);
	assert_int_equal(r->rc, 0);
	input_close(in);
}

/*
 * A file read in two or three ranges cut at every pair of offsets: each
 * range gives exactly the lines that start in it, whole, so the parts put
 * together are the file.  Blank lines, a line longer than a read, and a
 * last line with and without its newline.
 */
static void
test_ranges(void **state)
{
	static const size_t steps[] = { 1, 7, 4096 };
	char *dir = unit_tmpdir();
	struct ubuf text = {0};

	(void)state;
	ubuf_str(&text, "1,C1,N2\n\n22,C3,N44,6\n\n\n");
	for (int i = 0; i < 30; i++)
		ubuf_str(&text, "x");
	ubuf_str(&text, "\n333,C5\n4,C6");
	for (int last_nl = 0; last_nl < 2; last_nl++) {
		size_t len = text.len + (size_t)last_nl;
		char *path;

		if (last_nl)
			ubuf_str(&text, "\n");
		path = unit_write(dir, "range.txt", text.p, len);
		for (size_t a = 0; a <= len; a++)
			for (size_t b = a; b <= len; b++) {
				size_t step = steps[(a + b) % 3];
				size_t sa = line_start_from(text.p, len, a);
				size_t sb = line_start_from(text.p, len, b);
				struct readback r;

				read_range(path, a, b, step, &r);
				assert_int_equal(r.text.len, sb - sa);
				assert_memory_equal(r.text.p, text.p + sa, sb - sa);
				ubuf_free(&r.text);
				read_range(path, b, INPUT_TO_END, step, &r);
				assert_int_equal(r.text.len, len - sb);
				assert_memory_equal(r.text.p, text.p + sb, len - sb);
				ubuf_free(&r.text);
			}
		free(path);
	}
	ubuf_free(&text);
	unit_rmtree(dir);
}

/* What input_kind() tells, and that only plain files are read in parts. */
static void
test_kinds(void **state)
{
	char *dir = unit_tmpdir(), *text, *gz, *zeek, *pcap, *missing;
	char err[512] = "";
	size_t zlen;
	unsigned char *z = unit_gzip("1,C1\n", 5, &zlen);
	uint64_t size;
	struct input *in;

	(void)state;
	text = unit_write(dir, "a.txt", "1,C1\n", 5);
	gz = unit_write(dir, "a.gz", z, zlen);
	/* Zeek's header after a stray tab; a pcap's magic, little-endian. */
	zeek = unit_write(dir, "conn.log", "\t#separator \\x09\n", 17);
	pcap = unit_write(dir, "a.pcap", "\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8);
	missing = unit_write(dir, "gone", "", 0);
	assert_int_equal(remove(missing), 0);
	assert_int_equal(input_kind(text, &size), INPUT_TEXT);
	assert_int_equal(size, 5);
	assert_int_equal(input_kind(gz, &size), INPUT_GZIP);
	assert_int_equal(size, zlen);
	assert_int_equal(input_kind(zeek, &size), INPUT_HEADED);
	assert_int_equal(input_kind(pcap, &size), INPUT_NFCAPD);
	assert_int_equal(input_kind(missing, &size), INPUT_OTHER);
	assert_int_equal(input_kind("-", &size), INPUT_OTHER);
	assert_int_equal(input_kind(dir, &size), INPUT_OTHER);
	in = open_ok(gz);
	assert_int_equal(input_set_range(in, 0, 3, err, sizeof err), -1);
	assert_non_null(strstr(err, "only a plain file"));
	input_close(in);
	free(z);
	free(text);
	free(gz);
	free(zeek);
	free(pcap);
	free(missing);
	unit_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_gzip_members),
		cmocka_unit_test(test_gzip_truncated),
		cmocka_unit_test(test_gzip_corrupt),
		cmocka_unit_test(test_gzip_trailing_garbage),
		cmocka_unit_test(test_empty_gz),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_kinds),
	};

	/* Every case with each inflate back end this build has. */
	static const char *const inflaters[] = { "zlib", "isa-l" };
	int failed = 0;

	for (size_t i = 0; i < sizeof inflaters / sizeof inflaters[0]; i++)
		if (input_set_inflater(inflaters[i]) == 0)
			failed += cmocka_run_group_tests_name(inflaters[i],
			    tests, NULL, NULL);
	return failed;
}
