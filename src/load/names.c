/*
 * names.c - interning tables for computer names and port tokens.
 *
 * Open addressing with linear probing over a power-of-two slot array; each
 * slot holds the name's full 32-bit hash beside id + 1, so that a probe
 * compares names only when hashes match and growing the table never
 * rehashes a string.  A name of up to 7 bytes (LANL's "C17693") is in the
 * slot itself, with its length, so that finding it reads one slot and
 * nothing else: the loader looks up two names per flow.  Names live back to back in one growing byte buffer,
 * addressed by offset (so growth may move it), NUL-terminated for printing.
 * The load factor is kept under 3/4: lookups are the loader's hot path,
 * and a smaller table stays in the core's cache (a probe of a few
 * neighbouring 16-byte slots costs less than a miss).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/names.h"
#include "base/xalloc.h"

/* Eight bytes (fewer at the end of a name) as one word, without reading
 * past the name: it may end where the chunk does. */
static inline uint64_t
load_word(const unsigned char *s, size_t len)
{
	uint64_t w = 0;

	if (len >= 8) {
		memcpy(&w, s, 8);
	} else if (len >= 4) {
		uint32_t lo, hi;

		memcpy(&lo, s, 4);
		memcpy(&hi, s + len - 4, 4);	/* overlaps lo when len < 8 */
		w = (uint64_t)hi << 32 | lo;
	} else if (len > 0) {
		w = (uint64_t)s[0] << 16 | (uint64_t)s[len / 2] << 8 | s[len - 1];
	}
	return w;
}

uint32_t
hash_bytes(const char *s, size_t len)
{
	/* A word at a time, each word multiplied in, then the 64-bit
	 * finaliser: names are short ("C17693", "N10451"), so this is one
	 * or two multiplies where a byte loop would be ten.  The length
	 * goes in first, so "a" and "a\0" differ. */
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;

	while (len > 8) {
		h = (h ^ load_word(p, 8)) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		p += 8;
		len -= 8;
	}
	h = (h ^ load_word(p, len)) * 0xc4ceb9fe1a85ec53ULL;
	return (uint32_t)hash_u64(h);
}

void
names_init(struct names *t)
{
	*t = (struct names){0};
	t->cap_slots = 1024;
	t->slots = xcalloc(t->cap_slots, sizeof *t->slots);
}

void
names_free(struct names *t)
{
	free(t->slots);
	free(t->hashes);
	free(t->offsets);
	free(t->lengths);
	free(t->bytes);
	for (uint32_t k = 0; k < t->nprefixes; k++)
		free(t->by_number[k]);
	*t = (struct names){0};
}

static void
names_grow_slots(struct names *t)
{
	uint32_t cap = t->cap_slots * 2;
	struct names_slot *slots = xcalloc(cap, sizeof *slots);

	for (uint32_t k = 0; k < t->cap_slots; k++) {
		uint32_t i;

		if (t->slots[k].id1 == 0)
			continue;
		i = t->slots[k].hash & (cap - 1);
		while (slots[i].id1 != 0)
			i = (i + 1) & (cap - 1);
		slots[i] = t->slots[k];
	}
	free(t->slots);
	t->slots = slots;
	t->cap_slots = cap;
}

/* What a slot holds of a short name: its bytes and length; 0 when longer. */
static inline uint64_t
short_word(const char *s, size_t len)
{
	uint64_t w = 0;

	if (len > 7)
		return 0;
	for (size_t i = 0; i < len; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	return w | (uint64_t)len << 56;
}

/* The table's hash: a short name's slot word is already a mix of it. */
static inline uint32_t
name_hash(const char *s, size_t len, uint64_t word)
{
	return word != 0 ? (uint32_t)hash_u64(word) : hash_bytes(s, len);
}

/*
 * The id of s, or UINT32_MAX with *slot the empty slot where it would go.
 */
static inline uint32_t
names_lookup(const struct names *t, const char *s, size_t len, uint32_t h,
    uint64_t word, uint32_t *slot)
{
	uint32_t i = h & (t->cap_slots - 1);

	for (;;) {
		const struct names_slot *e = &t->slots[i];

		if (e->id1 == 0) {
			*slot = i;
			return UINT32_MAX;
		}
		if (e->hash == h) {
			uint32_t id = e->id1 - 1;

			if (word != 0) {
				if (e->word == word)
					return id;
			} else if (e->word == 0 && t->lengths[id] == len &&
			    memcmp(t->bytes + t->offsets[id], s, len) == 0)
				return id;
		}
		i = (i + 1) & (t->cap_slots - 1);
	}
}

uint32_t
names_find(const struct names *t, const char *s, size_t len)
{
	uint32_t slot;

	if (t->slots == NULL)
		return UINT32_MAX;
	uint64_t word = short_word(s, len);

	return names_lookup(t, s, len, name_hash(s, len, word), word, &slot);
}

static uint32_t
names_add(struct names *t, const char *s, size_t len)
{
	uint64_t word = short_word(s, len);
	uint32_t h = name_hash(s, len, word), slot = 0, id;

	id = names_lookup(t, s, len, h, word, &slot);
	if (id != UINT32_MAX)
		return id;

	if (t->count == t->cap_ids) {
		t->cap_ids = t->cap_ids ? t->cap_ids * 2 : 256;
		t->hashes = xreallocarray(t->hashes, t->cap_ids, sizeof *t->hashes);
		t->offsets = xreallocarray(t->offsets, t->cap_ids,
		    sizeof *t->offsets);
		t->lengths = xreallocarray(t->lengths, t->cap_ids,
		    sizeof *t->lengths);
	}
	if (t->nbytes + len + 1 > t->cap_bytes) {
		while (t->nbytes + len + 1 > t->cap_bytes)
			t->cap_bytes = t->cap_bytes ? t->cap_bytes * 2 : 4096;
		t->bytes = xreallocarray(t->bytes, t->cap_bytes, 1);
	}
	id = t->count++;
	memcpy(t->bytes + t->nbytes, s, len);
	t->bytes[t->nbytes + len] = '\0';
	t->offsets[id] = t->nbytes;
	t->lengths[id] = (uint16_t)len;
	t->hashes[id] = h;
	t->nbytes += len + 1;
	t->slots[slot] = (struct names_slot){ h, id + 1, word };
	if ((uint64_t)t->count * 4 > (uint64_t)t->cap_slots * 3)
		names_grow_slots(t);
	return id;
}


/*
 * A numbered name: its prefix word (letters | length << 56) and number, and
 * 1; else 0.  Numbers from NAMES_NUMBER_MAX on, and a leading zero ("C007"
 * is not "C7"), are left to the slots.
 */
static inline int
numbered(const char *s, size_t len, uint64_t *prefix, uint32_t *number)
{
	size_t i = 0;
	uint64_t w = 0;
	uint32_t v;

	while (i < len && i < 7 &&
	    ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) {
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
		i++;
	}
	if (i == 0 || i == len || len - i > 7 || s[i] < '1' || s[i] > '9')
		return 0;
	*prefix = w | (uint64_t)i << 56;
	for (v = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v >= NAMES_NUMBER_MAX)
		return 0;
	*number = v;
	return 1;
}

uint32_t
names_intern(struct names *t, const char *s, size_t len)
{
	uint64_t prefix;
	uint32_t number, k, id;

	if (!numbered(s, len, &prefix, &number))
		return names_add(t, s, len);
	for (k = 0; k < t->nprefixes; k++)
		if (t->prefix_word[k] == prefix)
			break;
	if (k < t->nprefixes && number < t->cap_number[k] &&
	    t->by_number[k][number] != 0)
		return t->by_number[k][number] - 1;

	id = names_add(t, s, len);
	if (k == t->nprefixes) {
		if (k == NAMES_PREFIXES)
			return id;
		t->prefix_word[k] = prefix;
		t->nprefixes++;
	}
	if (number >= t->cap_number[k]) {
		uint32_t cap = t->cap_number[k] ? t->cap_number[k] : 1024;

		while (cap <= number)
			cap *= 2;
		t->by_number[k] = xreallocarray(t->by_number[k], cap,
		    sizeof *t->by_number[k]);
		memset(t->by_number[k] + t->cap_number[k], 0,
		    (size_t)(cap - t->cap_number[k]) * sizeof *t->by_number[k]);
		t->cap_number[k] = cap;
	}
	t->by_number[k][number] = id + 1;
	return id;
}

int
names_compare(const char *a, const char *b)
{
	/* Walk both names; runs of digits compare as numbers (shorter run
	 * without leading zeros is smaller), everything else bytewise. */
	while (*a != '\0' && *b != '\0') {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *da = a, *db = b;
			size_t la, lb;

			while (*da == '0')
				da++;
			while (*db == '0')
				db++;
			for (la = 0; isdigit((unsigned char)da[la]); la++)
				;
			for (lb = 0; isdigit((unsigned char)db[lb]); lb++)
				;
			if (la != lb)
				return la < lb ? -1 : 1;
			int c = memcmp(da, db, la);
			if (c != 0)
				return c < 0 ? -1 : 1;
			/* Same value: fewer leading zeros first. */
			if (da - a != db - b)
				return (da - a) < (db - b) ? -1 : 1;
			a = da + la;
			b = db + lb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	if (*a == *b)
		return 0;
	return *a == '\0' ? -1 : 1;
}

/* A run of decimal digits without a leading zero (but "0" itself), value
 * within 30 bits; -1 otherwise. */
static int64_t
port_number(const char *s, size_t len)
{
	uint64_t v = 0;

	if (len == 0 || len > 10 || (s[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return v <= PORT_VALUE_MAX ? (int64_t)v : -1;
}

int
port_parse(const char *s, size_t len, struct names *portnames, uint32_t *key)
{
	int64_t v;

	if (len == 0 || len > NAMES_MAX_LEN)
		return -1;
	if ((v = port_number(s, len)) >= 0)
		*key = PORT_KEY(PORT_TAG_NUMBER, v);
	else if (s[0] == 'N' && (v = port_number(s + 1, len - 1)) >= 0)
		*key = PORT_KEY(PORT_TAG_N, v);
	else if (len > 4 && memcmp(s, "Port", 4) == 0 &&
	    (v = port_number(s + 4, len - 4)) >= 0)
		*key = PORT_KEY(PORT_TAG_PORT, v);
	else {
		uint32_t id = names_intern(portnames, s, len);

		if (id > PORT_VALUE_MAX)
			return -1;
		*key = PORT_KEY(PORT_TAG_NAME, id);
	}
	return 0;
}

char *
port_format(uint32_t key, const struct names *portnames, char *buf,
    size_t size)
{
	uint32_t v = PORT_VALUE(key);

	switch (PORT_TAG(key)) {
	case PORT_TAG_NUMBER:
		snprintf(buf, size, "%u", v);
		break;
	case PORT_TAG_N:
		snprintf(buf, size, "N%u", v);
		break;
	case PORT_TAG_PORT:
		snprintf(buf, size, "Port%u", v);
		break;
	default:
		snprintf(buf, size, "%s",
		    portnames != NULL && v < portnames->count ?
		    names_get(portnames, v) : "?");
		break;
	}
	return buf;
}

struct sortable_name {
	const char	*name;
	size_t		 len;
};

static int
cmp_sortable(const void *a, const void *b)
{
	const struct sortable_name *x = a, *y = b;

	return names_compare(x->name, y->name);
}

/*
 * See names.h.
 */
uint32_t **
names_merge(struct names *out, const struct names *const *parts, size_t n)
{
	struct names all;
	struct sortable_name *sorted;
	uint32_t **map = xcalloc(n, sizeof *map);

	names_init(&all);
	for (size_t i = 0; i < n; i++)
		for (uint32_t id = 0; id < parts[i]->count; id++)
			names_intern(&all, names_get(parts[i], id),
			    names_len(parts[i], id));
	sorted = xreallocarray(NULL, all.count, sizeof *sorted);
	for (uint32_t id = 0; id < all.count; id++)
		sorted[id] = (struct sortable_name){ names_get(&all, id),
		    names_len(&all, id) };
	qsort(sorted, all.count, sizeof *sorted, cmp_sortable);
	for (uint32_t k = 0; k < all.count; k++)
		names_intern(out, sorted[k].name, sorted[k].len);
	for (size_t i = 0; i < n; i++) {
		map[i] = xreallocarray(NULL, parts[i]->count ? parts[i]->count : 1,
		    sizeof **map);
		for (uint32_t id = 0; id < parts[i]->count; id++)
			map[i][id] = names_find(out, names_get(parts[i], id),
			    names_len(parts[i], id));
	}
	free(sorted);
	names_free(&all);
	return map;
}

void
names_merge_free(uint32_t **map, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(map[i]);
	free(map);
}
