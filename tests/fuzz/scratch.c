/*
 * scratch.c - the scratch file of the harnesses that fuzz path readers
 * (see fuzz.h).  One file per process, rewritten for every input: cheap
 * enough for thousands of executions a second and no litter in /tmp.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char scratch_path[64];

static void
scratch_remove(void)
{
	if (scratch_path[0] != '\0')
		unlink(scratch_path);
}

const char *
fuzz_scratch_file(const void *data, size_t len)
{
	const char *p = data;
	int fd;

	if (scratch_path[0] == '\0') {
		const char *dir = getenv("TMPDIR");

		snprintf(scratch_path, sizeof scratch_path, "%s/flowmap-fuzz.XXXXXX",
		    dir != NULL && strlen(dir) < 40 ? dir : "/tmp");
		if ((fd = mkstemp(scratch_path)) < 0) {
			perror("flowmap fuzz: mkstemp");
			scratch_path[0] = '\0';
			return NULL;
		}
		close(fd);
		atexit(scratch_remove);
	}
	if ((fd = open(scratch_path, O_WRONLY | O_TRUNC)) < 0) {
		perror(scratch_path);
		return NULL;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			perror(scratch_path);
			close(fd);
			return NULL;
		}
		p += n;
		len -= (size_t)n;
	}
	close(fd);
	return scratch_path;
}
