/*
 * cache.c - the snapshot key of a run (see cache.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cache.h"
#include "base/xalloc.h"
#include "load/load.h"

/* The profile key's text: a revision line, then the options. */
static char *
profile_text(const struct options *o)
{
	char head[128], *options, *profile;

	snprintf(head, sizeof head, "results %d\ninfer-sample %u\n",
	    CACHE_RESULTS_REVISION, LOAD_SAMPLE_BYTES);
	options = options_result_text(o, RESULT_PROFILE);
	profile = xmalloc(strlen(head) + strlen(options) + 1);
	strcpy(profile, head);
	strcat(profile, options);
	free(options);
	return profile;
}

void
cache_key_texts(const struct options *o, struct snapshot_key *key)
{
	key->profile = profile_text(o);
	key->embedding = options_result_text(o, RESULT_EMBED);
	key->path = NULL;
}

int
cache_key(const struct options *o, struct snapshot_key *key)
{
	char dir[4096], err[256];
	const char *base;
	char *profile, *embedding;
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
	profile = profile_text(o);
	embedding = options_result_text(o, RESULT_EMBED);
	rc = snapshot_key_make(key, dir, o->files, (size_t)o->nfiles, profile,
	    embedding, err, sizeof err);
	free(profile);
	free(embedding);
	return rc;
}
