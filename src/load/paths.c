/*
 * paths.c - directory arguments expanded into flow files (see paths.h).
 *
 * The walk sorts each directory's names bytewise and descends as it
 * meets subdirectories, so the files come out in the order of their full
 * paths, the same on every run and every file system.  Hidden names and
 * nfcapd's file still being written (nfcapd.current.*) are passed over
 * without a word, as nfdump -R does; anything else that is not a flow
 * file counts as skipped.  Depth is bounded, so a symbolic link loop ends.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/xalloc.h"
#include "load/format.h"
#include "load/paths.h"

#define PATHS_MAX_DEPTH	32
#define SNIFF_BYTES	65536	/* as much as the loader detects from */

static void
add(struct paths *p, const char *path)
{
	p->files = xreallocarray(p->files, p->nfiles + 1, sizeof *p->files);
	p->files[p->nfiles++] = xstrdup(path);
}

/* Do the first bytes say flows?  Binary containers by their magic, text
 * by the format detector. */
static int
is_flow_file(const char *path)
{
	static const unsigned char magic[][4] = {
		{ 0x1f, 0x8b, 0, 0 },		/* gzip (2 bytes) */
		{ 0x0c, 0xa5, 0, 0 },		/* nfcapd (2 bytes) */
		{ 0xd4, 0xc3, 0xb2, 0xa1 },	/* pcap, little-endian */
		{ 0xa1, 0xb2, 0xc3, 0xd4 },	/* pcap, big-endian */
		{ 0x4d, 0x3c, 0xb2, 0xa1 },	/* pcap, nanoseconds */
		{ 0xa1, 0xb2, 0x3c, 0x4d },
		{ 0x0a, 0x0d, 0x0d, 0x0a },	/* pcapng */
	};
	char *buf = xmalloc(SNIFF_BYTES), why[200];
	ssize_t n = 0, got;
	int fd = open(path, O_RDONLY | O_CLOEXEC), yes = 0;

	if (fd < 0) {
		free(buf);
		return 0;
	}
	while (n < SNIFF_BYTES && (got = read(fd, buf + n,
	    (size_t)(SNIFF_BYTES - n))) > 0)
		n += got;
	close(fd);
	for (size_t i = 0; i < sizeof magic / sizeof *magic && !yes; i++) {
		size_t k = i < 2 ? 2 : 4;

		yes = n >= (ssize_t)k && memcmp(buf, magic[i], k) == 0;
	}
	if (!yes && n > 0 && memchr(buf, '\0', (size_t)n) == NULL)
		yes = format_detect(buf, (size_t)n, why, sizeof why) != NULL;
	free(buf);
	return yes;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
walk(struct paths *p, const char *dir, int depth, char *err, size_t errlen)
{
	char name[300];
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	escape_text(dir, strlen(dir), name, sizeof name);
	if (depth > PATHS_MAX_DEPTH) {
		snprintf(err, errlen, "%s: directories nested deeper than %d "
		    "(a link loop?)", name, PATHS_MAX_DEPTH);
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    strncmp(e->d_name, "nfcapd.current.", 15) == 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *path = xmalloc(len);
		struct stat st;

		snprintf(path, len, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		if (rc == 0 && stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = walk(p, path, depth + 1, err, errlen);
			else if (S_ISREG(st.st_mode) && is_flow_file(path))
				add(p, path);
			else if (p->skipped++ == 0)
				p->first_skipped = xstrdup(path);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

int
paths_expand(const char *const *args, size_t n, struct paths *p, char *err,
    size_t errlen)
{
	*p = (struct paths){0};
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		size_t before = p->nfiles;

		if (strcmp(args[i], "-") == 0 || stat(args[i], &st) != 0 ||
		    !S_ISDIR(st.st_mode)) {
			add(p, args[i]);	/* reading it will tell */
			continue;
		}
		if (walk(p, args[i], 0, err, errlen) != 0)
			return -1;
		if (p->nfiles == before) {
			char name[300];

			escape_text(args[i], strlen(args[i]), name, sizeof name);
			snprintf(err, errlen, "%s: a directory without a flow "
			    "file in it", name);
			return -1;
		}
	}
	return 0;
}

void
paths_note(const struct paths *p, char *buf, size_t size)
{
	char name[300];

	buf[0] = '\0';
	if (p->skipped == 0)
		return;
	escape_text(p->first_skipped, strlen(p->first_skipped), name,
	    sizeof name);
	snprintf(buf, size, "%zu file%s in the directories skipped: not flow "
	    "files (the first: %s)", p->skipped, p->skipped == 1 ? "" : "s",
	    name);
}

void
paths_free(struct paths *p)
{
	for (size_t i = 0; i < p->nfiles; i++)
		free(p->files[i]);
	free(p->files);
	free(p->first_skipped);
	*p = (struct paths){0};
}
