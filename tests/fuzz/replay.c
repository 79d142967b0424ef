/*
 * replay.c - main() for a fuzz harness built without libFuzzer: runs every
 * file named on the command line (directories: every file in them, sorted)
 * through LLVMFuzzerTestOneInput() once.  `make check` uses it to replay
 * the seed and regression corpora in every build, so an input that once
 * crashed a harness stays a test even where clang is missing; in the
 * --enable-sanitizers build the sanitizers watch the replay too.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "replay: out of memory\n");
				exit(1);
			}
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	/* libFuzzer hands out a buffer of exactly the input's size: copy it
	 * into one, so the sanitizers see overreads here too. */
	unsigned char *exact = malloc(len ? len : 1);
	if (exact == NULL) {
		fprintf(stderr, "replay: out of memory\n");
		exit(1);
	}
	memcpy(exact, buf, len);
	free(buf);
	/* Named before it runs: a crash's trace follows its input's name. */
	printf("%s\n", path);
	fflush(stdout);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the number of inputs run, or -1 on an unreadable one. */
static long
replay_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) == 0 ? 1 : -1;

	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	long total = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof *names);
		}
		size_t size = strlen(path) + strlen(e->d_name) + 2;
		names[n] = malloc(size);
		if (names == NULL || names[n] == NULL) {
			fprintf(stderr, "replay: out of memory\n");
			exit(1);
		}
		snprintf(names[n++], size, "%s/%s", path, e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		long k = total < 0 ? -1 : replay_path(names[i]);

		total = k < 0 ? -1 : total + k;
		free(names[i]);
	}
	free(names);
	return total;
}

int
main(int argc, char *argv[])
{
	long total = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		long k = replay_path(argv[i]);

		if (k < 0)
			return 1;
		total += k;
	}
	printf("%s: %ld inputs replayed\n", argv[0], total);
	return 0;
}
