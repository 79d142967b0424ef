/*
 * input.h - the bytes of one input: a path or "-" for standard input,
 * plain text or gzip (every member of a multi-member file).
 *
 * Call order: input_open(), then input_read() until it returns 0 (end) or
 * -1 (error, message in err), then input_close().  The caller owns the
 * buffer it reads into; the input owns its file descriptor and inflate
 * state.  Reading is single-threaded: the loader gives one input to one
 * thread at a time.
 *
 * A gzip stream that ends early, fails its CRC or holds bytes that are not
 * deflate data is an error that says how far it got; bytes after the last
 * member that are not another member are a warning (gzip -dc does the
 * same), since everything before them was verified.
 *
 * A plain text file can be read in parts (flowmap-mpi's ranks share a
 * large file): input_set_range() before the first input_read() makes the
 * input give the lines that start at a byte offset in [start, end), whole,
 * so the parts of consecutive ranges are the file's lines, each once.
 */
#ifndef FLOWMAP_INPUT_H
#define FLOWMAP_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct input;

struct input	*input_open(const char *path, char *err, size_t errlen);
/* Up to size bytes of text into buf: > 0 bytes, 0 at the end, -1 error. */
ssize_t		 input_read(struct input *in, char *buf, size_t size,
		    char *err, size_t errlen);
void		 input_close(struct input *in);

/*
 * Read only the lines that start in [start, end) of a plain regular file
 * (end INPUT_TO_END: to the end): the first line starting at or after
 * start, the last one the line that holds byte end - 1, whole.  Call right
 * after input_open(), before any input_read().  Returns 0, or -1 with err
 * (a gzip, nfcapd or unseekable input cannot be read in parts).
 */
#define INPUT_TO_END	UINT64_MAX
int		 input_set_range(struct input *in, uint64_t start, uint64_t end,
		    char *err, size_t errlen);

/* What a path holds, from its first bytes, for sharing out the reading:
 * INPUT_TEXT (a plain regular file, which may be read in parts),
 * INPUT_HEADED (plain text whose first line is a `#` header, as Zeek's
 * logs: a later `#fields` may rebind the columns, so only a reader that
 * starts at the top reads it right: whole), INPUT_GZIP, INPUT_NFCAPD (an
 * nfcapd file or a capture: read by another program, whole), or
 * INPUT_OTHER (standard input, a pipe, a file that cannot be opened: read
 * whole where it is met).  *size is the file's size, 0 for INPUT_OTHER. */
enum input_kind {
	INPUT_TEXT, INPUT_HEADED, INPUT_GZIP, INPUT_NFCAPD, INPUT_OTHER
};
enum input_kind	 input_kind(const char *path, uint64_t *size);

/* The name to put in messages ("-" reads as "<stdin>"). */
const char	*input_name(const struct input *in);
int		 input_is_gzip(const struct input *in);
/* Is it an nfcapd file, read through nfdump? */
int		 input_is_nfcapd(const struct input *in);
/* Is it a packet capture, made into flows by nfpcapd? */
int		 input_is_pcap(const struct input *in);
/* Bytes taken from the file so far, and its size (0 when unknown). */
uint64_t	 input_consumed(const struct input *in);
uint64_t	 input_size(const struct input *in);
/* A non-fatal note about the input (trailing garbage), or NULL. */
const char	*input_warning(const struct input *in);
/* The inflate back end that input_open() will use: "isa-l" when built
 * with ISA-L, else "zlib". */
const char	*input_inflater(void);
/* Choose it ("zlib" or "isa-l") for the inputs opened after the call:
 * for tests and benchmarks, before any thread opens an input.  Returns -1
 * for a back end this build does not have. */
int		 input_set_inflater(const char *name);

#endif
