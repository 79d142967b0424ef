/*
 * snapkey.c - the key of a snapshot: what a map was made from (see
 * snapshot.h).
 *
 * The profile key lists each input by its resolved path with its size
 * and modification time, then the options that change the profiles; the
 * snapshot file is named after a hash of the paths and options only, so
 * a changed input finds its old snapshot, reads a different key inside
 * and rebuilds it in place.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/snapshot.h"
#include "base/xalloc.h"

/* A growing string of bytes. */
struct text {
	unsigned char	*p;
	size_t		 len, cap;
};

static void
add(struct text *t, const void *v, size_t n)
{
	if (t->len + n > t->cap) {
		while (t->len + n > t->cap)
			t->cap = t->cap ? 2 * t->cap : 256;
		t->p = xreallocarray(t->p, t->cap, 1);
	}
	memcpy(t->p + t->len, v, n);
	t->len += n;
}

/* FNV-1a, 64 bits: names the snapshot file after its key. */
static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

int
snapshot_key_make(struct snapshot_key *key, const char *cache_dir,
    char *const *files, size_t nfiles, const char *profile_options,
    const char *embedding_options, char *err, size_t errlen)
{
	struct text named = {0}, full = {0};
	char line[PATH_MAX + 64];

	memset(key, 0, sizeof *key);
	for (size_t i = 0; i < nfiles; i++) {
		char real[PATH_MAX];
		struct stat st;

		if (strcmp(files[i], "-") == 0) {
			snprintf(err, errlen, "standard input cannot be cached");
			goto fail;
		}
		if (realpath(files[i], real) == NULL || stat(real, &st) != 0 ||
		    !S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "not a regular file");
			goto fail;
		}
		snprintf(line, sizeof line, "file %s\n", real);
		add(&named, line, strlen(line));
		add(&full, line, strlen(line));
		snprintf(line, sizeof line, "  size %lld mtime %lld.%09ld\n",
		    (long long)st.st_size, (long long)st.st_mtim.tv_sec,
		    (long)st.st_mtim.tv_nsec);
		add(&full, line, strlen(line));
	}
	snprintf(line, sizeof line, "flowmap snapshot %u\n", SNAPSHOT_VERSION);
	add(&named, line, strlen(line));
	add(&named, profile_options, strlen(profile_options));
	add(&named, "", 1);
	add(&full, profile_options, strlen(profile_options));
	add(&full, "", 1);

	key->profile = (char *)full.p;
	key->embedding = xstrdup(embedding_options);
	size_t size = strlen(cache_dir) + 40;
	key->path = xmalloc(size);
	snprintf(key->path, size, "%s/%016llx.snap", cache_dir,
	    (unsigned long long)fnv1a((const char *)named.p));
	free(named.p);
	return 0;
fail:
	free(named.p);
	free(full.p);
	return -1;
}

void
snapshot_key_free(struct snapshot_key *key)
{
	free(key->profile);
	free(key->embedding);
	free(key->path);
	memset(key, 0, sizeof *key);
}

