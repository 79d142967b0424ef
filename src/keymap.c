/*
 * keymap.c - see keymap.h.
 */
#include <stdlib.h>

#include "keymap.h"
#include "names.h"
#include "xalloc.h"

#define KEYMAP_EMPTY	UINT32_MAX

static void
keymap_alloc_slots(struct keymap *m, uint32_t nslots)
{
	m->slots = xreallocarray(NULL, nslots, sizeof *m->slots);
	for (uint32_t i = 0; i < nslots; i++)
		m->slots[i].index = KEYMAP_EMPTY;
	m->mask = nslots - 1;
}

void
keymap_init(struct keymap *m)
{
	*m = (struct keymap){0};
	keymap_alloc_slots(m, 256);
}

void
keymap_free(struct keymap *m)
{
	free(m->slots);
	free(m->keys);
	*m = (struct keymap){0};
}

static void
keymap_grow(struct keymap *m)
{
	struct keymap_slot *old = m->slots;
	uint32_t oldn = m->mask + 1;

	if (oldn > UINT32_MAX / 2)
		abort();	/* 2^31 distinct keys: beyond any flow file */
	keymap_alloc_slots(m, oldn * 2);
	for (uint32_t i = 0; i < oldn; i++) {
		uint32_t j;

		if (old[i].index == KEYMAP_EMPTY)
			continue;
		j = (uint32_t)hash_u64(old[i].key) & m->mask;
		while (m->slots[j].index != KEYMAP_EMPTY)
			j = (j + 1) & m->mask;
		m->slots[j] = old[i];
	}
	free(old);
}

uint32_t
keymap_find(const struct keymap *m, uint64_t key)
{
	uint32_t i = (uint32_t)hash_u64(key) & m->mask;

	while (m->slots[i].index != KEYMAP_EMPTY) {
		if (m->slots[i].key == key)
			return m->slots[i].index;
		i = (i + 1) & m->mask;
	}
	return UINT32_MAX;
}

uint32_t
keymap_index(struct keymap *m, uint64_t key)
{
	uint32_t i = (uint32_t)hash_u64(key) & m->mask;

	while (m->slots[i].index != KEYMAP_EMPTY) {
		if (m->slots[i].key == key)
			return m->slots[i].index;
		i = (i + 1) & m->mask;
	}
	if (m->count == m->cap_keys) {
		m->cap_keys = m->cap_keys ? m->cap_keys * 2 : 256;
		m->keys = xreallocarray(m->keys, m->cap_keys, sizeof *m->keys);
	}
	m->slots[i].key = key;
	m->slots[i].index = m->count;
	m->keys[m->count] = key;
	if ((uint64_t)++m->count * 2 > (uint64_t)m->mask + 1)
		keymap_grow(m);
	return m->count - 1;
}
