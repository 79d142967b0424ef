/*
 * input.c - plain and gzip input for the loader (see input.h).
 *
 * The file is read in large blocks with read(2).  The first bytes decide
 * the kind: the gzip magic 1f 8b means inflate, anything else is text.
 * Inflate runs member after member: when one member ends, the next bytes
 * must be another gzip header or the end of the file; anything else is
 * reported once as trailing garbage and ignored, as gzip -dc does.  Each
 * member's CRC-32 and length are checked by the inflater.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "escape.h"
#include "input.h"
#include "xalloc.h"

#define INPUT_BLOCK	(1u << 20)	/* bytes per read(2) of the file */

struct input {
	char		*name;
	int		 fd;
	int		 own_fd;
	int		 gzip;
	int		 eof;		/* read(2) returned 0 */
	int		 done;		/* no more text will come */
	uint64_t	 size;
	uint64_t	 consumed;	/* raw bytes handed to the reader */
	char		 warning[160];

	unsigned char	*raw;		/* INPUT_BLOCK bytes from the file */
	size_t		 raw_pos, raw_len;

	z_stream	 z;
	int		 z_ready;
	int		 in_member;	/* inside a member, its end not yet seen */
	uint64_t	 members;
};

const char *
input_inflater(void)
{
	return "zlib";
}

static int
input_fill(struct input *in, char *err, size_t errlen)
{
	ssize_t n;

	if (in->raw_pos > 0 && in->raw_pos < in->raw_len)
		memmove(in->raw, in->raw + in->raw_pos, in->raw_len - in->raw_pos);
	in->raw_len -= in->raw_pos;
	in->raw_pos = 0;
	if (in->eof)
		return 0;
	do
		n = read(in->fd, in->raw + in->raw_len, INPUT_BLOCK - in->raw_len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", in->name, strerror(errno));
		return -1;
	}
	if (n == 0)
		in->eof = 1;
	in->raw_len += (size_t)n;
	in->consumed += (uint64_t)n;
	return (int)(n > 0);
}

struct input *
input_open(const char *path, char *err, size_t errlen)
{
	struct input *in = xcalloc(1, sizeof *in);
	struct stat st;

	if (strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
		in->name = xstrdup("<stdin>");
	} else {
		/* The name is only for messages: escaped once, here, so a
		 * path can never put control bytes on the terminal. */
		size_t size = 4 * strlen(path) + 5;

		in->name = xmalloc(size);
		escape_text(path, strlen(path), in->name, size);
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		in->own_fd = 1;
		if (in->fd < 0) {
			snprintf(err, errlen, "%s: %s", in->name, strerror(errno));
			goto fail;
		}
	}
	if (fstat(in->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s: is a directory", in->name);
			goto fail;
		}
		if (S_ISREG(st.st_mode))
			in->size = (uint64_t)st.st_size;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	if (in->size > 0)
		(void)posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	in->raw = xmalloc(INPUT_BLOCK);
	/* Enough bytes to see the magic, even from a slow pipe. */
	while (in->raw_len < 2 && !in->eof)
		if (input_fill(in, err, errlen) < 0)
			goto fail;
	in->gzip = in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b;
	if (in->gzip) {
		/* 15 + 16: a gzip wrapper only, with its CRC checked. */
		if (inflateInit2(&in->z, 15 + 16) != Z_OK) {
			snprintf(err, errlen, "%s: cannot start inflate", in->name);
			goto fail;
		}
		in->z_ready = 1;
	}
	return in;
fail:
	input_close(in);
	return NULL;
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	if (in->z_ready)
		inflateEnd(&in->z);
	if (in->own_fd && in->fd >= 0)
		close(in->fd);
	free(in->raw);
	free(in->name);
	free(in);
}

static ssize_t
input_read_plain(struct input *in, char *buf, size_t size, char *err,
    size_t errlen)
{
	ssize_t n;

	/* What input_open() read to look for the magic comes first. */
	if (in->raw_pos < in->raw_len) {
		size_t k = in->raw_len - in->raw_pos;

		if (k > size)
			k = size;
		memcpy(buf, in->raw + in->raw_pos, k);
		in->raw_pos += k;
		return (ssize_t)k;
	}
	if (in->eof)
		return 0;
	do
		n = read(in->fd, buf, size);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", in->name, strerror(errno));
		return -1;
	}
	if (n == 0)
		in->eof = 1;
	in->consumed += (uint64_t)n;
	return n;
}

/* Offset in the file of the next compressed byte, for messages. */
static uint64_t
input_offset(const struct input *in)
{
	return in->consumed - (in->raw_len - in->raw_pos);
}

/*
 * Between members: skip to the next header or the end.  Returns 1 when
 * another member starts, 0 at the end, -1 on a read error.
 */
static int
input_next_member(struct input *in, char *err, size_t errlen)
{
	while (in->raw_len - in->raw_pos < 2 && !in->eof)
		if (input_fill(in, err, errlen) < 0)
			return -1;
	if (in->raw_len == in->raw_pos)
		return 0;
	if (in->raw_len - in->raw_pos >= 2 && in->raw[in->raw_pos] == 0x1f &&
	    in->raw[in->raw_pos + 1] == 0x8b) {
		inflateReset(&in->z);
		in->in_member = 1;
		return 1;
	}
	snprintf(in->warning, sizeof in->warning,
	    "%s: trailing garbage after gzip data at byte %llu ignored",
	    in->name, (unsigned long long)input_offset(in));
	return 0;
}

static ssize_t
input_read_gzip(struct input *in, char *buf, size_t size, char *err,
    size_t errlen)
{
	if (in->members == 0 && !in->in_member) {
		in->in_member = 1;
		in->members = 1;
	}
	in->z.next_out = (unsigned char *)buf;
	in->z.avail_out = (uInt)(size > UINT32_MAX ? UINT32_MAX : size);
	while (in->z.avail_out > 0) {
		int rc;

		if (!in->in_member) {
			int next = input_next_member(in, err, errlen);

			if (next < 0)
				return -1;
			if (next == 0) {
				in->done = 1;
				break;
			}
			in->members++;
		}
		if (in->raw_pos == in->raw_len) {
			int got = input_fill(in, err, errlen);

			if (got < 0)
				return -1;
			if (got == 0) {
				snprintf(err, errlen,
				    "%s: truncated gzip data: the stream ends "
				    "after %llu compressed bytes in member %llu",
				    in->name, (unsigned long long)in->consumed,
				    (unsigned long long)in->members);
				return -1;
			}
		}
		in->z.next_in = in->raw + in->raw_pos;
		in->z.avail_in = (uInt)(in->raw_len - in->raw_pos);
		rc = inflate(&in->z, Z_NO_FLUSH);
		in->raw_pos = in->raw_len - in->z.avail_in;
		if (rc == Z_STREAM_END)
			in->in_member = 0;
		else if (rc == Z_BUF_ERROR && in->z.avail_in == 0)
			continue;	/* needs more input */
		else if (rc != Z_OK) {
			snprintf(err, errlen,
			    "%s: corrupt gzip data near byte %llu: %s",
			    in->name, (unsigned long long)input_offset(in),
			    in->z.msg != NULL ? in->z.msg : "inflate failed");
			return -1;
		}
	}
	return (ssize_t)(size - in->z.avail_out);
}

ssize_t
input_read(struct input *in, char *buf, size_t size, char *err, size_t errlen)
{
	if (in->done || size == 0)
		return 0;
	if (!in->gzip)
		return input_read_plain(in, buf, size, err, errlen);
	return input_read_gzip(in, buf, size, err, errlen);
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

int
input_is_gzip(const struct input *in)
{
	return in->gzip;
}

uint64_t
input_consumed(const struct input *in)
{
	return in->consumed;
}

uint64_t
input_size(const struct input *in)
{
	return in->size;
}

const char *
input_warning(const struct input *in)
{
	return in->warning[0] != '\0' ? in->warning : NULL;
}
