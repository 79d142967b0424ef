/*
 * input.c - plain and gzip input for the loader (see input.h).
 *
 * The file is read in large blocks with read(2).  The first bytes decide
 * the kind: the gzip magic 1f 8b means inflate, anything else is text.
 * Inflate runs member after member: when one member ends, the next bytes
 * must be another gzip header or the end of the file; anything else is
 * reported once as trailing garbage and ignored, as gzip -dc does.  Each
 * member's CRC-32 and length are checked by the inflater.
 *
 * Two inflaters sit behind one small interface (start, reset, run one
 * step, end): ISA-L's igzip when configure found it, three times faster
 * than zlib on this data, and zlib always.  Everything around them (the
 * raw buffer, members, trailing garbage, truncation) is shared, so both
 * give the same text, the same messages and the same offsets: where the
 * two libraries differ (ISA-L checks CRC and length in one step, and
 * buffers up to 8 bytes ahead), the ISA-L step translates its result into
 * what zlib would have said.  input_set_inflater() picks zlib even when
 * ISA-L is there, so the tests run every case against both.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include "base/escape.h"
#include "load/input.h"
#include "load/nfcapd.h"
#include "base/xalloc.h"

#define INPUT_BLOCK	(1u << 20)	/* bytes per read(2) of the file */
#define GZIP_TRAILER	8		/* CRC-32 and ISIZE, little-endian */

enum inflater { INFLATER_ZLIB, INFLATER_ISAL };

/* What one step of an inflater did. */
enum step { STEP_MORE, STEP_MEMBER_END, STEP_ERROR };

struct input {
	char		*name;
	int		 fd;
	int		 own_fd;
	int		 gzip;
	int		 nfcapd;	/* fd is nfdump's output of the file */
	int		 pcap;		/* ... of nfpcapd's flows of a capture */
	struct nfcapd_child nfdump;
	int		 eof;		/* read(2) returned 0 */
	int		 done;		/* no more text will come */
	int		 regular;	/* a regular file */
	uint64_t	 size;
	/* input_set_range(): the file offset read(2) is at, the end of the
	 * range, and whether the partial line before the start is being
	 * skipped. */
	int		 ranged, skip_line;
	uint64_t	 pos, range_end;
	uint64_t	 consumed;	/* raw bytes handed to the reader */
	char		 warning[160];

	unsigned char	*raw;		/* INPUT_BLOCK bytes from the file */
	size_t		 raw_pos, raw_len;
	/* The last bytes dropped from raw (a trailer may straddle a fill). */
	unsigned char	 dropped[GZIP_TRAILER];

	enum inflater	 inflater;
	int		 ready;		/* the inflater is started */
	z_stream	 z;
#ifdef HAVE_ISAL
	struct inflate_state *isal;
#endif
	int		 in_member;	/* inside a member, its end not yet seen */
	uint64_t	 members;
};

#ifdef HAVE_ISAL
static enum inflater default_inflater = INFLATER_ISAL;
#else
static enum inflater default_inflater = INFLATER_ZLIB;
#endif

const char *
input_inflater(void)
{
	return default_inflater == INFLATER_ISAL ? "isa-l" : "zlib";
}

int
input_set_inflater(const char *name)
{
	if (strcmp(name, "zlib") == 0)
		default_inflater = INFLATER_ZLIB;
#ifdef HAVE_ISAL
	else if (strcmp(name, "isa-l") == 0)
		default_inflater = INFLATER_ISAL;
#endif
	else
		return -1;
	return 0;
}

static int
input_fill(struct input *in, char *err, size_t errlen)
{
	ssize_t n;

	if (in->raw_pos >= GZIP_TRAILER)
		memcpy(in->dropped, in->raw + in->raw_pos - GZIP_TRAILER,
		    GZIP_TRAILER);
	else if (in->raw_pos > 0) {
		memmove(in->dropped, in->dropped + in->raw_pos,
		    GZIP_TRAILER - in->raw_pos);
		memcpy(in->dropped + GZIP_TRAILER - in->raw_pos, in->raw,
		    in->raw_pos);
	}
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

/* Offset in the file of the next compressed byte, for messages. */
static uint64_t
input_offset(const struct input *in)
{
	return in->consumed - (in->raw_len - in->raw_pos);
}

/* --- the inflaters: start, reset for the next member, one step, end --- */

static int
inflater_start(struct input *in)
{
	in->inflater = default_inflater;
#ifdef HAVE_ISAL
	if (in->inflater == INFLATER_ISAL) {
		in->isal = xmalloc(sizeof *in->isal);
		isal_inflate_init(in->isal);
		/* Parse the gzip header, check CRC-32 and ISIZE. */
		in->isal->crc_flag = ISAL_GZIP;
		in->ready = 1;
		return 0;
	}
#endif
	/* 15 + 16: a gzip wrapper only, with its CRC checked. */
	if (inflateInit2(&in->z, 15 + 16) != Z_OK)
		return -1;
	in->ready = 1;
	return 0;
}

static void
inflater_reset(struct input *in)
{
#ifdef HAVE_ISAL
	if (in->inflater == INFLATER_ISAL) {
		isal_inflate_reset(in->isal);
		in->isal->crc_flag = ISAL_GZIP;
		return;
	}
#endif
	inflateReset(&in->z);
}

static void
inflater_end(struct input *in)
{
	if (!in->ready)
		return;
#ifdef HAVE_ISAL
	if (in->inflater == INFLATER_ISAL) {
		free(in->isal);
		in->isal = NULL;
		in->ready = 0;
		return;
	}
#endif
	inflateEnd(&in->z);
	in->ready = 0;
}

static void
corrupt(struct input *in, uint64_t offset, const char *why, char *err,
    size_t errlen)
{
	snprintf(err, errlen, "%s: corrupt gzip data near byte %llu: %s",
	    in->name, (unsigned long long)offset, why);
}

/* Inflate from raw into *out; raw_pos, *out and *avail move on. */
static enum step
zlib_step(struct input *in, unsigned char **out, size_t *avail, char *err,
    size_t errlen)
{
	int rc;

	in->z.next_in = in->raw + in->raw_pos;
	in->z.avail_in = (uInt)(in->raw_len - in->raw_pos);
	in->z.next_out = *out;
	in->z.avail_out = (uInt)(*avail > UINT32_MAX ? UINT32_MAX : *avail);
	rc = inflate(&in->z, Z_NO_FLUSH);
	in->raw_pos = in->raw_len - in->z.avail_in;
	*avail -= (size_t)(in->z.next_out - *out);
	*out = in->z.next_out;
	if (rc == Z_STREAM_END)
		return STEP_MEMBER_END;
	if (rc == Z_OK || (rc == Z_BUF_ERROR && in->z.avail_in == 0))
		return STEP_MORE;
	corrupt(in, input_offset(in), in->z.msg != NULL ? in->z.msg :
	    "inflate failed", err, errlen);
	return STEP_ERROR;
}

#ifdef HAVE_ISAL
static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/*
 * ISA-L's results in zlib's words.  One code says "bad checksum" for the
 * header CRC and both trailer checks.  At a trailer ISA-L has just taken
 * its 8 bytes, so reading them back tells which check failed and where
 * zlib would have stopped (after the CRC for a bad CRC, after the length
 * for a bad length).
 */
static void
isal_error(struct input *in, int rc, char *err, size_t errlen)
{
	struct inflate_state *st = in->isal;
	/* Bytes ISA-L loaded into its bit buffer are not consumed yet. */
	uint64_t offset = input_offset(in) - (st->read_in_length > 0 ?
	    (uint64_t)st->read_in_length / 8 : 0);
	const char *why;

	switch (rc) {
	case ISAL_INCORRECT_CHECKSUM: {
		unsigned char t[GZIP_TRAILER];

		if (st->block_state != ISAL_BLOCK_FINISH) {
			/* Still in the header: its FHCRC. */
			why = "header crc mismatch";
			break;
		}
		size_t have = in->raw_pos < GZIP_TRAILER ? in->raw_pos :
		    GZIP_TRAILER;

		memcpy(t, in->dropped + have, GZIP_TRAILER - have);
		memcpy(t + GZIP_TRAILER - have, in->raw + in->raw_pos - have,
		    have);
		if (le32(t) != st->crc) {
			why = "incorrect data check";
			offset -= 4;
		} else
			why = "incorrect length check";
		break;
	}
	case ISAL_INVALID_BLOCK:
		why = "invalid block type";
		break;
	case ISAL_INVALID_SYMBOL:
		why = "invalid literal/length or distance code";
		break;
	case ISAL_INVALID_LOOKBACK:
		why = "invalid distance too far back";
		break;
	case ISAL_INVALID_WRAPPER:
		why = "incorrect header check";
		break;
	case ISAL_UNSUPPORTED_METHOD:
		why = "unknown compression method";
		break;
	default:
		why = "inflate failed";
		break;
	}
	corrupt(in, offset, why, err, errlen);
}

static enum step
isal_step(struct input *in, unsigned char **out, size_t *avail, char *err,
    size_t errlen)
{
	struct inflate_state *st = in->isal;
	int rc;

	st->next_in = in->raw + in->raw_pos;
	st->avail_in = (uint32_t)(in->raw_len - in->raw_pos);
	st->next_out = *out;
	st->avail_out = (uint32_t)(*avail > UINT32_MAX ? UINT32_MAX : *avail);
	rc = isal_inflate(st);
	in->raw_pos = in->raw_len - st->avail_in;
	*avail -= (size_t)(st->next_out - *out);
	*out = st->next_out;
	if (rc < 0) {
		isal_error(in, rc, err, errlen);
		return STEP_ERROR;
	}
	if (st->block_state == ISAL_BLOCK_FINISH)
		return STEP_MEMBER_END;
	/* ISAL_DECOMP_OK or ISAL_END_INPUT: all input taken, or the
	 * output is full; the caller reads more or returns. */
	return STEP_MORE;
}

/*
 * ISA-L lets reserved header flags pass and names a bad method only after
 * the whole header; zlib refuses both after 4 bytes.  Check them here, at
 * a member's start, the way zlib does.  Returns 0, or -1 with err filled.
 */
static int
isal_check_header(struct input *in, char *err, size_t errlen)
{
	const unsigned char *h;

	while (in->raw_len - in->raw_pos < 4 && !in->eof)
		if (input_fill(in, err, errlen) < 0)
			return -1;
	if (in->raw_len - in->raw_pos < 4)
		return 0;	/* inflate will call it truncated */
	h = in->raw + in->raw_pos;
	if (h[2] != Z_DEFLATED) {
		corrupt(in, input_offset(in) + 4, "unknown compression method",
		    err, errlen);
		return -1;
	}
	if (h[3] & 0xe0) {
		corrupt(in, input_offset(in) + 4, "unknown header flags set",
		    err, errlen);
		return -1;
	}
	return 0;
}
#endif

/* A member starts at raw_pos.  Returns 0, or -1 with err filled. */
static int
inflater_begin_member(struct input *in, char *err, size_t errlen)
{
#ifdef HAVE_ISAL
	if (in->inflater == INFLATER_ISAL)
		return isal_check_header(in, err, errlen);
#else
	(void)in;
	(void)err;
	(void)errlen;
#endif
	return 0;
}

static enum step
inflater_step(struct input *in, unsigned char **out, size_t *avail,
    char *err, size_t errlen)
{
#ifdef HAVE_ISAL
	if (in->inflater == INFLATER_ISAL)
		return isal_step(in, out, avail, err, errlen);
#endif
	return zlib_step(in, out, avail, err, errlen);
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
		if (S_ISREG(st.st_mode)) {
			in->size = (uint64_t)st.st_size;
			in->regular = 1;
		}
	}
#ifdef POSIX_FADV_SEQUENTIAL
	if (in->size > 0)
		(void)posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	in->raw = xmalloc(INPUT_BLOCK);
	/* Enough bytes to see the magic, even from a slow pipe. */
	while (in->raw_len < 4 && !in->eof)
		if (input_fill(in, err, errlen) < 0)
			goto fail;
	in->gzip = in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b;
	int pcap = nfcapd_pcap_magic(in->raw, in->raw_len);
	if (nfcapd_magic(in->raw, in->raw_len) || pcap) {
		/* nfdump (and for a capture nfpcapd first) reads the file
		 * by its path: what we read of it so far is dropped, and
		 * the text comes through a pipe. */
		if (!in->own_fd) {
			snprintf(err, errlen, "%s: %s is read by %s, from a "
			    "file: give its path", in->name, pcap ? "a packet "
			    "capture" : "nfcapd data (nfdump's binary format)",
			    pcap ? "nfpcapd" : "nfdump");
			goto fail;
		}
		if ((pcap ? nfcapd_start_pcap : nfcapd_start)(&in->nfdump,
		    path, in->name, err, errlen) != 0)
			goto fail;
		close(in->fd);
		in->fd = in->nfdump.out;
		in->own_fd = 0;
		in->nfcapd = 1;
		in->pcap = pcap;
		in->size = 0;	/* how far nfdump got is not known */
		in->raw_pos = in->raw_len = 0;
	}
	if (in->gzip && inflater_start(in) != 0) {
		snprintf(err, errlen, "%s: cannot start inflate", in->name);
		goto fail;
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
	inflater_end(in);
	if (in->nfcapd)
		nfcapd_abort(&in->nfdump);
	if (in->own_fd && in->fd >= 0)
		close(in->fd);
	free(in->raw);
	free(in->name);
	free(in);
}

int
input_set_range(struct input *in, uint64_t start, uint64_t end, char *err,
    size_t errlen)
{
	/* From the byte before the start: when it is a newline, a line
	 * starts right at the start. */
	uint64_t at = start > 0 ? start - 1 : 0;

	if (in->gzip || in->nfcapd || !in->own_fd || !in->regular) {
		snprintf(err, errlen, "%s: only a plain file can be read in "
		    "parts", in->name);
		return -1;
	}
	if (lseek(in->fd, (off_t)at, SEEK_SET) < 0) {
		snprintf(err, errlen, "%s: %s", in->name, strerror(errno));
		return -1;
	}
	in->raw_pos = in->raw_len = 0;
	in->eof = 0;
	in->done = start >= end;
	in->consumed = 0;
	in->ranged = 1;
	in->pos = at;
	in->skip_line = start > 0;
	in->range_end = end;
	return 0;
}

/*
 * A read of a range (input_set_range()): past the partial line before its
 * start, and up to the newline that ends the line holding byte end - 1.
 */
static ssize_t
input_read_range(struct input *in, char *buf, size_t size, char *err,
    size_t errlen)
{
	for (;;) {
		size_t from = 0, to;
		uint64_t at = in->pos;	/* the file offset of buf[0] */
		ssize_t n;

		do
			n = read(in->fd, buf, size);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", in->name, strerror(errno));
			return -1;
		}
		if (n == 0) {
			in->eof = in->done = 1;
			return 0;
		}
		in->consumed += (uint64_t)n;
		in->pos += (uint64_t)n;
		if (in->skip_line) {
			const char *nl = memchr(buf, '\n', (size_t)n);

			if (nl == NULL)
				continue;
			from = (size_t)(nl + 1 - buf);
			in->skip_line = 0;
			if (at + from >= in->range_end) {
				in->done = 1;	/* no line starts in the range */
				return 0;
			}
		}
		to = (size_t)n;
		if (in->range_end != INPUT_TO_END && in->pos >= in->range_end) {
			/* Byte end - 1 is in this read (or behind it). */
			size_t look = in->range_end - 1 >= at + from ?
			    (size_t)(in->range_end - 1 - at) : from;
			const char *nl = memchr(buf + look, '\n',
			    (size_t)n - look);

			if (nl != NULL) {
				to = (size_t)(nl + 1 - buf);
				in->done = 1;
			}
		}
		if (to == from && !in->done)
			continue;	/* the skipped line ended the read */
		if (from > 0)
			memmove(buf, buf + from, to - from);
		return (ssize_t)(to - from);
	}
}

enum input_kind
input_kind(const char *path, uint64_t *size)
{
	unsigned char head[64];
	struct stat st;
	ssize_t n;
	int fd;

	*size = 0;
	/* stat() first: opening a named pipe would wait for its writer. */
	if (strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode) ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return INPUT_OTHER;
	do
		n = read(fd, head, sizeof head);
	while (n < 0 && errno == EINTR);
	close(fd);
	*size = (uint64_t)st.st_size;
	if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
		return INPUT_GZIP;
	if (n > 0 && (nfcapd_magic(head, (size_t)n) ||
	    nfcapd_pcap_magic(head, (size_t)n)))
		return INPUT_NFCAPD;
	/* A stray blank before Zeek's #separator is seen in real logs. */
	for (ssize_t i = 0; i < n; i++)
		if (head[i] != ' ' && head[i] != '\t' && head[i] != '\r' &&
		    head[i] != '\n')
			return head[i] == '#' ? INPUT_HEADED : INPUT_TEXT;
	return INPUT_TEXT;
}

static ssize_t
input_read_plain(struct input *in, char *buf, size_t size, char *err,
    size_t errlen)
{
	if (in->ranged)
		return input_read_range(in, buf, size, err, errlen);
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
	if (n == 0) {
		in->eof = 1;
		if (in->nfcapd && nfcapd_finish(&in->nfdump, in->name, err,
		    errlen) != 0)
			return -1;
	}
	in->consumed += (uint64_t)n;
	return n;
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
		inflater_reset(in);
		in->in_member = 1;
		return 1;
	}
	snprintf(in->warning, sizeof in->warning,
	    "%s: trailing garbage after gzip data at byte %llu ignored",
	    in->name, (unsigned long long)input_offset(in));
	return 0;
}

static ssize_t
truncated(struct input *in, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: truncated gzip data: the stream ends after "
	    "%llu compressed bytes in member %llu", in->name,
	    (unsigned long long)in->consumed, (unsigned long long)in->members);
	return -1;
}

static ssize_t
input_read_gzip(struct input *in, char *buf, size_t size, char *err,
    size_t errlen)
{
	unsigned char *out = (unsigned char *)buf;
	size_t avail = size;

	if (in->members == 0 && !in->in_member) {
		in->in_member = 1;
		in->members = 1;
		if (inflater_begin_member(in, err, errlen) != 0)
			return -1;
	}
	while (avail > 0) {
		if (!in->in_member) {
			int next = input_next_member(in, err, errlen);

			if (next < 0)
				return -1;
			if (next == 0) {
				in->done = 1;
				break;
			}
			in->members++;
			if (inflater_begin_member(in, err, errlen) != 0)
				return -1;
		}
		if (in->raw_pos == in->raw_len) {
			int got = input_fill(in, err, errlen);

			if (got < 0)
				return -1;
			if (got == 0)
				return truncated(in, err, errlen);
		}
		size_t pos = in->raw_pos, before = avail;

		switch (inflater_step(in, &out, &avail, err, errlen)) {
		case STEP_MEMBER_END:
			in->in_member = 0;
			break;
		case STEP_MORE:
			if (avail == before && in->raw_pos == pos) {
				/* Took nothing with input and room to spare:
				 * it needs bytes that are not in raw yet. */
				int got;

				if (in->raw_pos == 0 && in->raw_len == INPUT_BLOCK) {
					corrupt(in, input_offset(in),
					    "inflate made no progress", err, errlen);
					return -1;
				}
				if ((got = input_fill(in, err, errlen)) < 0)
					return -1;
				if (got == 0)
					return truncated(in, err, errlen);
			}
			break;
		case STEP_ERROR:
			return -1;
		}
	}
	return (ssize_t)(size - avail);
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

int
input_is_nfcapd(const struct input *in)
{
	return in->nfcapd;
}

int
input_is_pcap(const struct input *in)
{
	return in->pcap;
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
