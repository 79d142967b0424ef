/*
 * keyindex.c - see keyindex.h: growing, inserting and compacting; the lookups
 * are inline in the header.
 */
#include <stdlib.h>

#include "load/keyindex.h"
#include "base/xalloc.h"

#define KEYMAP_EMPTY	UINT32_MAX

static void
keyindex_alloc_slots(struct keyindex *m, uint32_t nslots)
{
	m->slots = xreallocarray(NULL, nslots, sizeof *m->slots);
	for (uint32_t i = 0; i < nslots; i++)
		m->slots[i].index = KEYMAP_EMPTY;
	m->mask = nslots - 1;
}

void
keyindex_init(struct keyindex *m)
{
	*m = (struct keyindex){0};
	keyindex_alloc_slots(m, 256);
}

void
keyindex_free(struct keyindex *m)
{
	free(m->slots);
	free(m->keys);
	*m = (struct keyindex){0};
}

void
keyindex_reserve(struct keyindex *m, uint32_t n)
{
	uint64_t nslots = (uint64_t)m->mask + 1;

	if (m->count > 0)
		return;
	while ((uint64_t)n * 4 > nslots * 3)
		nslots *= 2;
	if (nslots > (uint64_t)m->mask + 1 && nslots <= (uint64_t)1 << 31) {
		free(m->slots);
		keyindex_alloc_slots(m, (uint32_t)nslots);
	}
	if (n > m->cap_keys) {
		m->cap_keys = n;
		m->keys = xreallocarray(m->keys, m->cap_keys, sizeof *m->keys);
	}
}

static void
keyindex_grow(struct keyindex *m)
{
	struct keyindex_slot *old = m->slots;
	uint32_t oldn = m->mask + 1;

	if (oldn > UINT32_MAX / 2)
		abort();	/* 2^31 distinct keys: beyond any flow file */
	keyindex_alloc_slots(m, oldn * 2);
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
keyindex_insert(struct keyindex *m, uint64_t key, uint32_t i)
{
	if (m->count == m->cap_keys) {
		m->cap_keys = m->cap_keys ? m->cap_keys * 2 : 256;
		m->keys = xreallocarray(m->keys, m->cap_keys, sizeof *m->keys);
	}
	m->slots[i].key = key;
	m->slots[i].index = m->count;
	m->keys[m->count] = key;
	if ((uint64_t)++m->count * 4 > ((uint64_t)m->mask + 1) * 3)
		keyindex_grow(m);
	return m->count - 1;
}

void
keyindex_count(struct keyindex *m, uint64_t **count, uint32_t *cap, uint64_t key,
    uint64_t n)
{
	uint32_t i = keyindex_index(m, key);

	if (i >= *cap)
		*count = xgrow_zeroed(*count, cap, i, sizeof **count);
	(*count)[i] += n;
}

void
keyindex_rekey(struct keyindex *m)
{
	for (uint32_t j = 0; j <= m->mask; j++)
		m->slots[j].index = KEYMAP_EMPTY;
	for (uint32_t k = 0; k < m->count; k++) {
		uint32_t j = keyindex_slot_of(m, m->keys[k]);

		while (m->slots[j].index != KEYMAP_EMPTY)
			j = (j + 1) & m->mask;
		m->slots[j].key = m->keys[k];
		m->slots[j].index = k;
	}
}

uint32_t *
keyindex_compact(struct keyindex *m, const unsigned char *keep)
{
	uint32_t n = 0, nslots = 256;
	uint32_t *old;

	for (uint32_t k = 0; k < m->count; k++)
		n += keep[k] != 0;
	old = xreallocarray(NULL, n ? n : 1, sizeof *old);
	n = 0;
	for (uint32_t k = 0; k < m->count; k++)
		if (keep[k]) {
			old[n] = k;
			m->keys[n++] = m->keys[k];
		}
	/* The smallest table that keeps the load under 1/2, so that memory
	 * really goes back. */
	while ((uint64_t)n * 4 >= (uint64_t)nslots * 3)
		nslots *= 2;
	free(m->slots);
	keyindex_alloc_slots(m, nslots);
	m->count = n;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t j = keyindex_slot_of(m, m->keys[k]);

		while (m->slots[j].index != KEYMAP_EMPTY)
			j = (j + 1) & m->mask;
		m->slots[j].key = m->keys[k];
		m->slots[j].index = k;
	}
	m->cap_keys = n > 256 ? n : 256;
	m->keys = xreallocarray(m->keys, m->cap_keys, sizeof *m->keys);
	return old;
}
