/*
 * fuzz.h - what the fuzz harnesses share: the libFuzzer entry point and a
 * scratch file for the parsers that read paths.
 *
 * Each harness defines LLVMFuzzerTestOneInput().  Built with --enable-fuzz
 * it is linked with libFuzzer; in every build it is also linked with
 * replay.c, a main() that runs each file of the seed and regression corpora
 * through it once, so `make check` replays every input that ever crashed.
 */
#ifndef FLOWMAP_FUZZ_H
#define FLOWMAP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int		 LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Write len bytes to this process's scratch file (made once, removed at
 * exit) and return its path, or NULL (with a message on stderr) when it
 * cannot be written.
 */
const char	*fuzz_scratch_file(const void *data, size_t len);

#endif
