/*
 * keyindex.h - a hash table from 64-bit keys to dense indexes 0..count-1.
 *
 * The loader counts per port and per (computer, port) pair; the values
 * live in the caller's own arrays, indexed by what keyindex_index() returns,
 * so one table serves counters of any shape and the values of a merged
 * table are iterated in insertion order (keys[] lists them).
 * Open addressing with linear probing, load factor at most 3/4: the
 * (computer, port) tables are the loader's largest memory, and a probe of
 * a few more 16-byte slots stays within a cache line or two.
 *
 * The lookup that finds a key is inline: it is the loader's hot path, one
 * to three times per flow over tables much larger than the caches, so the
 * caller may keyindex_prefetch() every key of a flow before looking any up
 * and let the memory fetches overlap.
 */
#ifndef FLOWMAP_LOAD_KEYINDEX_H
#define FLOWMAP_LOAD_KEYINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "load/names.h"

struct keyindex_slot {
	uint64_t	key;
	uint32_t	index;		/* UINT32_MAX when empty */
};

struct keyindex {
	struct keyindex_slot	*slots;
	uint32_t		 mask;		/* slots - 1, a power of two less one */
	uint32_t		 count;
	uint32_t		 cap_keys;
	uint64_t		*keys;		/* by index */
};

void		keyindex_init(struct keyindex *m);
void		keyindex_free(struct keyindex *m);
/* Room for n keys without growing (an empty index, about to be filled
 * with a known number of keys: no rehash on the way). */
void		keyindex_reserve(struct keyindex *m, uint32_t n);
/* Add key, known to be absent, at slot i (where a probe for it ended). */
uint32_t	keyindex_insert(struct keyindex *m, uint64_t key, uint32_t i);
/*
 * Keep the keys whose keep[index] is non-zero, in their order, and free
 * room for the others: new indexes are 0..count-1; old[new] is the index a
 * kept key had before (an array of count entries, owned by the caller).
 */
uint32_t	*keyindex_compact(struct keyindex *m, const unsigned char *keep);
/* Index the keys again after the caller rewrote keys[] in place (still
 * distinct): indexes stay, so values need not move. */
void		 keyindex_rekey(struct keyindex *m);
/* Add n to key's entry of a count array that follows m (*count of *cap
 * entries, grown as needed). */
void		 keyindex_count(struct keyindex *m, uint64_t **count, uint32_t *cap,
		    uint64_t key, uint64_t n);

static inline uint32_t
keyindex_slot_of(const struct keyindex *m, uint64_t key)
{
	return (uint32_t)hash_u64(key) & m->mask;
}

static inline void
keyindex_prefetch(const struct keyindex *m, uint64_t key)
{
	__builtin_prefetch(&m->slots[keyindex_slot_of(m, key)]);
}

/* The index of key, or UINT32_MAX. */
static inline uint32_t
keyindex_find(const struct keyindex *m, uint64_t key)
{
	uint32_t i = keyindex_slot_of(m, key);

	while (m->slots[i].index != UINT32_MAX) {
		if (m->slots[i].key == key)
			return m->slots[i].index;
		i = (i + 1) & m->mask;
	}
	return UINT32_MAX;
}

/* The index of key, adding it (index == old count) when new. */
static inline uint32_t
keyindex_index(struct keyindex *m, uint64_t key)
{
	uint32_t i = keyindex_slot_of(m, key);

	while (m->slots[i].index != UINT32_MAX) {
		if (m->slots[i].key == key)
			return m->slots[i].index;
		i = (i + 1) & m->mask;
	}
	return keyindex_insert(m, key, i);
}

#endif
