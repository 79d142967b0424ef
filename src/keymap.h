/*
 * keymap.h - a hash table from 64-bit keys to dense indexes 0..count-1.
 *
 * The loader counts per port and per (computer, port) pair; the values
 * live in the caller's own arrays, indexed by what keymap_index() returns,
 * so one table serves counters of any shape and the values of a merged
 * table are iterated in insertion order (keys[] lists them).
 * Open addressing with linear probing, load factor at most 1/2.
 */
#ifndef FLOWMAP_KEYMAP_H
#define FLOWMAP_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

struct keymap_slot {
	uint64_t	key;
	uint32_t	index;		/* UINT32_MAX when empty */
};

struct keymap {
	struct keymap_slot	*slots;
	uint32_t		 mask;		/* slots - 1, a power of two less one */
	uint32_t		 count;
	uint32_t		 cap_keys;
	uint64_t		*keys;		/* by index */
};

void		keymap_init(struct keymap *m);
void		keymap_free(struct keymap *m);
/* The index of key, adding it (index == old count) when new. */
uint32_t	keymap_index(struct keymap *m, uint64_t key);
/* The index of key, or UINT32_MAX. */
uint32_t	keymap_find(const struct keymap *m, uint64_t key);

#endif
