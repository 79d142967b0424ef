/*
 * cache.c - the snapshot key of a run (see cache.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cache.h"
#include "base/xalloc.h"
#include "load/load.h"

int
cache_key(const struct options *o, struct snapshot_key *key)
{
	char dir[4096], err[256], head[128];
	const char *base;
	char *profile, *options, *embedding;
	int rc;

	if (o->no_cache)
		return -1;
	if (o->cache_dir != NULL)
		snprintf(dir, sizeof dir, "%s", o->cache_dir);
	else if ((base = getenv("XDG_CACHE_HOME")) != NULL && base[0] == '/')
		snprintf(dir, sizeof dir, "%s/flowmap", base);
	else if ((base = getenv("HOME")) != NULL && base[0] == '/')
		snprintf(dir, sizeof dir, "%s/.cache/flowmap", base);
	else
		return -1;
	snprintf(head, sizeof head, "results %d\ninfer-sample %u\n",
	    CACHE_RESULTS_REVISION, LOAD_SAMPLE_BYTES);
	options = options_result_text(o, RESULT_PROFILE);
	profile = xmalloc(strlen(head) + strlen(options) + 1);
	strcpy(profile, head);
	strcat(profile, options);
	embedding = options_result_text(o, RESULT_EMBED);
	rc = snapshot_key_make(key, dir, o->files, (size_t)o->nfiles, profile,
	    embedding, err, sizeof err);
	free(options);
	free(profile);
	free(embedding);
	return rc;
}
