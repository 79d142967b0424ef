/*
 * fuzz_load.c - the whole loader (input, chunking, detection, parsing,
 * merge) over arbitrary files.
 *
 * The first byte is a control byte, the rest the payload:
 *   bits 0-1  0: the payload as the file (it may be gzip itself)
 *             1: the payload gzip-compressed
 *             2: gzip-compressed, then cut (where byte 2 says)
 *             3: gzip-compressed, then followed by the payload again
 *   bits 2-4  chunk size: 1, 2, 3, 7, 16, 64, 4096 or the default
 *   bits 5-6  format: detect, lanl2015, lanl2017, detect
 *   bit  7    two threads (the pipeline) instead of one
 * The load must end (0 or -1); on -1 err names what failed; every kept
 * problem has a line within the file's lines and an escaped message; the
 * counts add up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fuzz.h"
#include "load/pass.h"

static const size_t chunk_sizes[8] = { 1, 2, 3, 7, 16, 64, 4096, 0 };

/* gzip with zlib's deflate; returns a malloc'd buffer. */
static unsigned char *
gzip_bytes(const uint8_t *data, size_t size, size_t *outlen)
{
	z_stream z;
	size_t cap;
	unsigned char *out;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	cap = deflateBound(&z, size) + 64;
	if ((out = malloc(cap)) == NULL)
		abort();
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	*outlen = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static void
check_text(const char *what, const char *s)
{
	for (const char *c = s; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			fprintf(stderr, "fuzz_load: control byte 0x%02x in %s "
			    "\"%s\"\n", (unsigned char)*c, what, s);
			abort();
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pass_options o;
	struct load_result r;
	unsigned char *file = NULL;
	size_t flen;
	const char *path;
	char err[1024];
	int ctl, rc;

	if (size < 1)
		return 0;
	ctl = data[0];
	data++;
	size--;
	if ((ctl & 3) == 0) {
		if ((file = malloc(size ? size : 1)) == NULL)
			abort();
		memcpy(file, data, size);
		flen = size;
	} else {
		unsigned char *z = gzip_bytes(data, size, &flen);

		if ((ctl & 3) == 2)
			flen = size > 1 ? (flen * data[1]) / 256 : flen / 2;
		if ((ctl & 3) == 3) {
			if ((z = realloc(z, flen + size + 1)) == NULL)
				abort();
			memcpy(z + flen, data, size);
			flen += size;
		}
		file = z;
	}
	path = fuzz_scratch_file(file, flen);
	free(file);
	if (path == NULL)
		abort();

	pass_options_default(&o);
	o.chunk_bytes = chunk_sizes[(ctl >> 2) & 7];
	o.format = ((ctl >> 5) & 3) == 1 ? format_table[0] :
	    ((ctl >> 5) & 3) == 2 ? format_table[1] : NULL;
	o.threads = ctl & 0x80 ? 2 : 1;
	o.profiles = 1;
	o.max_problems = 3;

	const char *paths[1] = { path };
	rc = pass_run(paths, 1, &o, &r, err, sizeof err);
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1) {
		if (err[0] == '\0')
			abort();
		check_text("error", err);
	}
	if (r.nfiles != 1 || r.nproblems > 3 || r.nproblems > r.malformed)
		abort();
	for (size_t i = 0; i < r.nproblems; i++) {
		if (r.problems[i].line < 1 ||
		    (rc == 0 && r.problems[i].line > r.files[0].lines)) {
			fprintf(stderr, "fuzz_load: problem at line %llu of %llu\n",
			    (unsigned long long)r.problems[i].line,
			    (unsigned long long)r.files[0].lines);
			abort();
		}
		check_text("problem", r.problems[i].what);
	}
	if (rc == 0 && (r.files[0].records + r.files[0].malformed >
	    r.files[0].lines || r.files[0].malformed != r.malformed)) {
		fprintf(stderr, "fuzz_load: %llu records + %llu malformed in "
		    "%llu lines\n", (unsigned long long)r.files[0].records,
		    (unsigned long long)r.files[0].malformed,
		    (unsigned long long)r.files[0].lines);
		abort();
	}
	if (r.files[0].warning != NULL)
		check_text("warning", r.files[0].warning);
	load_result_free(&r);
	return 0;
}
