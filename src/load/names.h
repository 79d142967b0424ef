/*
 * names.h - interning of computer names and port tokens, and the port key.
 *
 * A flow file repeats a few thousand computer names hundreds of millions of
 * times.  Each loader thread interns them into its own `struct names` (no
 * locks on the hot path); the tables are merged once at the end and the
 * merged ids are put in name order, so ids never depend on how the work was
 * split between threads.
 *
 * Ports are 32-bit keys (base/portkey.h); odd tokens ("http") are interned
 * in a port-name table and keyed by their id there.
 *
 * Ownership: a `struct names` owns the bytes of every name in it; pointers
 * returned by names_get() live until names_free().
 */
#ifndef FLOWMAP_NAMES_H
#define FLOWMAP_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "base/portkey.h"
#include "load/load.h"

#define NAMES_MAX_LEN	LOAD_NAME_MAX	/* longer names are malformed input */
#define NAMES_PREFIXES	4	/* prefixes of numbered names indexed */
#define NAMES_NUMBER_MAX (1u << 20)	/* numbers indexed: 4 MiB at most */

struct names_slot {
	uint32_t	 hash;
	uint32_t	 id1;		/* id + 1, or 0 when empty */
	uint64_t	 word;		/* a name of up to 7 bytes, and its length
					   in the top byte; else 0 */
};

struct names {
	uint32_t	 count;
	uint32_t	 cap_slots;	/* hash slots, a power of two */
	struct names_slot *slots;
	uint32_t	*hashes;	/* per id: the name's hash, the same in
					   every table (direction.c uses it) */
	uint64_t	*offsets;	/* per id: offset of the name in bytes */
	uint16_t	*lengths;	/* per id */
	uint32_t	 cap_ids;
	char		*bytes;		/* the names, each followed by a NUL */
	uint64_t	 nbytes, cap_bytes;
	/*
	 * Numbered names ("C17693", "Comp916004": 1..7 letters, then a
	 * number without a leading zero): id + 1 by number, per prefix, so
	 * that finding one reads 4 bytes of a small array and hashes
	 * nothing.  A cache of the slots, always in step with them; the
	 * flat arrays are a quarter of their size, which keeps the
	 * loader's working set in the core's cache.
	 */
	uint32_t	 nprefixes;
	uint64_t	 prefix_word[NAMES_PREFIXES];	/* bytes | length << 56 */
	uint32_t	*by_number[NAMES_PREFIXES];
	uint32_t	 cap_number[NAMES_PREFIXES];
};

void		 names_init(struct names *t);
void		 names_free(struct names *t);
/* The id of name s (len bytes, 1..NAMES_MAX_LEN), adding it if new. */
uint32_t	 names_intern(struct names *t, const char *s, size_t len);
/* The id of s, or UINT32_MAX when absent. */
uint32_t	 names_find(const struct names *t, const char *s, size_t len);
static inline const char *
names_get(const struct names *t, uint32_t id)
{
	return t->bytes + t->offsets[id];
}
static inline size_t
names_len(const struct names *t, uint32_t id)
{
	return t->lengths[id];
}
/*
 * Order for display and determinism: names that differ only in a number
 * compare by that number ("C9" < "C10"), otherwise bytewise.
 */
int		 names_compare(const char *a, const char *b);
/*
 * Intern the union of n tables' names into out (initialised, empty) in
 * names_compare() order, so that ids never depend on how names were split
 * between the tables; map[i][id] is table i's id in out.  The map is the
 * caller's, freed with names_merge_free(map, n).
 */
uint32_t	**names_merge(struct names *out, const struct names *const *parts,
		    size_t n);
void		 names_merge_free(uint32_t **map, size_t n);


/*
 * Parse a port field.  Returns 0 and the key, interning odd tokens in
 * `portnames`; -1 for an empty field or one longer than NAMES_MAX_LEN.
 */
int		 port_parse(const char *s, size_t len, struct names *portnames,
		    uint32_t *key);
/*
 * Write the port's text ("443", "N10451", or the interned name, raw) to
 * buf; returns buf.  A tag-3 key is looked up in `portnames`.
 */
char		*port_format(uint32_t key, const struct names *portnames,
		    char *buf, size_t size);

/* 64-bit hashing shared by the tables of the loader. */
static inline uint64_t
hash_u64(uint64_t x)
{
	/* The murmur3 finaliser: every input bit reaches every output bit. */
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}
uint32_t	 hash_bytes(const char *s, size_t len);

#endif
