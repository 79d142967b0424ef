/*
 * dist.h - the squared Euclidean distance of the neighbour searches
 * (knn.c exact, ann.c approximate) and their candidate heap, for their
 * own use.
 *
 * Rows are padded with zeros to a multiple of DIST_LANES floats; lane l
 * sums the columns j = l mod DIST_LANES and the lanes are added in one
 * fixed order, so both searches and knn_dist2() (the tests' scalar twin)
 * give the same bits for the same pair.  The loops around it are compiled
 * twice where the CPU may have AVX2 (DIST_CLONES): the same operations in
 * the same order, so the same bits either way.
 */
#ifndef FLOWMAP_EMBED_DIST_H
#define FLOWMAP_EMBED_DIST_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Eight floats (one lane per j mod 8), loaded without any alignment
 * assumption. */
typedef float dist_v8f __attribute__((vector_size(32), aligned(4)));

#define DIST_LANES	8

#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones) && !defined(__SANITIZE_ADDRESS__)
#define DIST_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef DIST_CLONES
#define DIST_CLONES
#endif

static inline float
dist_reduce(const float *l)
{
	return ((l[0] + l[4]) + (l[1] + l[5])) + ((l[2] + l[6]) + (l[3] + l[7]));
}

/* dp: the padded width, a multiple of DIST_LANES. */
static inline float
dist2_padded(const float *a, const float *b, size_t dp)
{
	dist_v8f s = {0};
	float lane[DIST_LANES];

	for (size_t j = 0; j < dp; j += DIST_LANES) {
		dist_v8f t = *(const dist_v8f *)(a + j) -
		    *(const dist_v8f *)(b + j);

		s += t * t;
	}
	memcpy(lane, &s, sizeof s);
	return dist_reduce(lane);
}

static inline size_t
dist_padded_width(size_t d)
{
	return (d + DIST_LANES - 1) / DIST_LANES * DIST_LANES;
}

/*
 * A candidate neighbour.  The order is by distance, then by rank: the row
 * index in the caller's numbering (rank[i], or i itself when rank is
 * NULL), so that every answer is unique and the same whatever order the
 * search numbers its points in.
 */
struct dist_cand {
	float	 d2;
	uint32_t i;
};

static inline int
dist_cand_less(struct dist_cand a, struct dist_cand b, const uint32_t *rank)
{
	if (a.d2 != b.d2)
		return a.d2 < b.d2;
	return rank != NULL ? rank[a.i] < rank[b.i] : a.i < b.i;
}

/* Sift c down from the top of the max-heap h[0..len). */
static inline void
dist_heap_sift(struct dist_cand *h, size_t len, struct dist_cand c,
    const uint32_t *rank)
{
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct dist_cand big = c;

		if (l < len && dist_cand_less(big, h[l], rank)) {
			m = l;
			big = h[l];
		}
		if (r < len && dist_cand_less(big, h[r], rank))
			m = r;
		if (m == i)
			break;
		h[i] = h[m];
		i = m;
	}
	h[i] = c;
}

/* The k best so far in the max-heap h of *len entries: offer c. */
static inline void
dist_heap_offer(struct dist_cand *h, size_t *len, size_t k,
    struct dist_cand c, const uint32_t *rank)
{
	size_t i;

	if (*len < k) {
		i = (*len)++;
		while (i > 0 && dist_cand_less(h[(i - 1) / 2], c, rank)) {
			h[i] = h[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		h[i] = c;
		return;
	}
	if (dist_cand_less(c, h[0], rank))
		dist_heap_sift(h, k, c, rank);
}

/* The max-heap h[0..len) into increasing order, in place. */
static inline void
dist_heap_sort(struct dist_cand *h, size_t len, const uint32_t *rank)
{
	while (len > 1) {
		struct dist_cand top = h[0];

		len--;
		dist_heap_sift(h, len, h[len], rank);
		h[len] = top;
	}
}

#endif
