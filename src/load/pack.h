/*
 * pack.h - a tally and the sets of the later passes as bytes, and back;
 * inside the loading stage (team.c).
 *
 * flowmap-mpi's ranks merge their counts in a tree: each sends its merged
 * tally to another as bytes, which unpacks it and merges it with the same
 * tally_merge() that merges threads.  The bytes are for processes of one
 * build, in one job: no versions, no byte order beyond little-endian
 * varints (LEB128), which make the counters small (most are small
 * numbers; a cell's eight 64-bit counters take some twelve bytes, not 64).
 * Names go as their bytes in id order, so an unpacked tally has the same
 * ids, the same keys in the same order and the same counts:
 * unpack(pack(t)) packs to the same bytes as t (tests/unit/test_pack.c).
 *
 * Call order: a zeroed struct pack, pack_*() to append, send p[0..len),
 * pack_free().  To read: struct unpack over the bytes, unpack_*(); a
 * short or malformed message sets `bad` (every later read gives zeros),
 * and the unpack_*() of a structure then returns -1.  The reader borrows
 * the bytes.
 */
#ifndef FLOWMAP_LOAD_PACK_H
#define FLOWMAP_LOAD_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "load/tally.h"

struct pack {
	unsigned char	*p;
	size_t		 len, cap;
};

struct unpack {
	const unsigned char *p;
	size_t		 len, pos;
	int		 bad;
};

void		 pack_u64(struct pack *b, uint64_t v);
void		 pack_bytes(struct pack *b, const void *s, size_t n);
void		 pack_str(struct pack *b, const char *s);	/* NULL too */
void		 pack_free(struct pack *b);

uint64_t	 unpack_u64(struct unpack *u);
/* n bytes in place, or NULL (then bad is set). */
const void	*unpack_bytes(struct unpack *u, size_t n);
/* A copy (free it), or NULL for a NULL string or a bad message. */
char		*unpack_str(struct unpack *u);

/* A names table, its ids kept; out is initialised here. */
void		 pack_names(struct pack *b, const struct names *n);
int		 unpack_names(struct unpack *u, struct names *out);
/* A merged tally (tally_merge(): no counts kept elsewhere); out is
 * initialised here, and freed again on error. */
void		 pack_tally(struct pack *b, const struct tally *t);
int		 unpack_tally(struct unpack *u, struct tally *out);
/* The bins of a bins pass; out is initialised here. */
void		 pack_ports(struct pack *b, const struct tally_ports *s);
int		 unpack_ports(struct unpack *u, struct tally_ports *out);

#endif
