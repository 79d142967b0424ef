/*
 * snapshot.h - the cache of a loaded (and embedded) map, so that opening
 * the same flows again skips the load and the embedding.
 *
 * A snapshot holds a whole struct map and the key it was made for: the
 * input files (resolved path, size, modification time) and every option
 * that changes the result.  The profile part of the key (inputs, format,
 * direction, --min-flows, --ports) names the file; the embedding part
 * (perplexity, theta, iterations, seed, PCA dimensions) is checked inside,
 * so `features` can use a snapshot that `embed` made, and a snapshot made
 * by `features` (no embedding) is rebuilt by `embed`.
 *
 * File format, all integers little-endian:
 *   "FLOWMAPS" magic (8 bytes), u32 version, u32 section count,
 *   then sections: u32 tag, u64 payload length, payload, u32 CRC-32 of
 *   the payload.  Version 4 keeps the feature rows by their non-zeros
 *   (sparse.h); version 3, which kept them dense, is still read.
 * The reader checks every length against the bytes left, every CRC, the
 * version and every count against its section, and treats a failed check
 * as "no snapshot" with a one-line reason.  The writer writes a temporary
 * file in the cache directory and renames it, so readers and concurrent
 * writers never see half a snapshot.
 */
#ifndef FLOWMAP_SNAPSHOT_H
#define FLOWMAP_SNAPSHOT_H

#include <stddef.h>

#include "profile/map.h"

#define SNAPSHOT_VERSION	4

struct snapshot_key {
	char	*profile;	/* inputs and profile options, as text */
	char	*embedding;	/* embedding options, as text */
	char	*path;		/* the snapshot file for this key */
};

/*
 * The key of a run over files[0..nfiles) with the given option texts.
 * Returns 0, or -1 when there is nothing to key by (standard input, a file
 * that cannot be stat'ed) with the reason in err.
 */
int	snapshot_key_make(struct snapshot_key *key, const char *cache_dir,
	    char *const *files, size_t nfiles, const char *profile_options,
	    const char *embedding_options, char *err, size_t errlen);
void	snapshot_key_free(struct snapshot_key *key);

/*
 * Read the snapshot of key into m.  need_embedding: it must also hold an
 * embedding made with key->embedding.  Returns 1 when m was filled, 0 when
 * there is no usable snapshot (err says why, or is empty when there simply
 * is none), never a half-filled map.
 */
int	snapshot_load(const struct snapshot_key *key, int need_embedding,
	    struct map *m, char *err, size_t errlen);
/* Write m (embedded or not) as the snapshot of key.  0, or -1 with err. */
int	snapshot_save(const struct snapshot_key *key, const struct map *m,
	    int embedded, char *err, size_t errlen);

/*
 * A map file (`flowmap embed --save FILE`): a snapshot of an embedded map
 * at a path of the user's, opened by name with no input files (on another
 * machine, say).  snapshot_write_map() writes it with the key's texts
 * (path unused); snapshot_is_map_file() tells one by its magic;
 * snapshot_open_map() reads it whatever its key: 0, or -1 with err.
 */
int	snapshot_write_map(const char *path, const struct snapshot_key *key,
	    const struct map *m, char *err, size_t errlen);
int	snapshot_is_map_file(const char *path);
int	snapshot_open_map(const char *path, struct map *m, char *err,
	    size_t errlen);

/* Parse a snapshot image in memory (the reader's core; fuzzed).  key NULL:
 * any key (a map file). */
int	snapshot_parse(const unsigned char *buf, size_t len,
	    const struct snapshot_key *key, int need_embedding, struct map *m,
	    char *err, size_t errlen);

#endif
