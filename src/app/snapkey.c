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
	char *named = NULL, *full = NULL;
	size_t named_len, full_len;
	FILE *nf = open_memstream(&named, &named_len);
	FILE *ff = open_memstream(&full, &full_len);
	int rc = -1;

	memset(key, 0, sizeof *key);
	if (nf == NULL || ff == NULL)
		xalloc_fatal();
	for (size_t i = 0; i < nfiles; i++) {
		char real[PATH_MAX];
		struct stat st;

		if (strcmp(files[i], "-") == 0) {
			snprintf(err, errlen, "standard input cannot be cached");
			goto done;
		}
		if (realpath(files[i], real) == NULL || stat(real, &st) != 0 ||
		    !S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "not a regular file");
			goto done;
		}
		fprintf(nf, "file %s\n", real);
		fprintf(ff, "file %s\n  size %lld mtime %lld.%09ld\n", real,
		    (long long)st.st_size, (long long)st.st_mtim.tv_sec,
		    (long)st.st_mtim.tv_nsec);
	}
	fprintf(nf, "flowmap snapshot %u\n%s", SNAPSHOT_VERSION,
	    profile_options);
	fputs(profile_options, ff);
	rc = 0;
done:
	/* Closing ends both texts with a NUL. */
	if (fclose(nf) != 0 || fclose(ff) != 0)
		xalloc_fatal();
	if (rc == 0) {
		size_t size = strlen(cache_dir) + 40;

		key->profile = full;
		key->embedding = xstrdup(embedding_options);
		key->path = xmalloc(size);
		snprintf(key->path, size, "%s/%016llx.snap", cache_dir,
		    (unsigned long long)fnv1a(named));
	} else
		free(full);
	free(named);
	return rc;
}

void
snapshot_key_free(struct snapshot_key *key)
{
	free(key->profile);
	free(key->embedding);
	free(key->path);
	memset(key, 0, sizeof *key);
}

