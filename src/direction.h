/*
 * direction.h - which end of a flow is the service (--direction=infer).
 *
 * A record names a source and a destination, but a collector that does
 * not normalise direction writes some flows from the server's side.  The
 * loader turns such a flow around when its source end looks more like the
 * service than its destination end.  Two kinds of evidence decide:
 *
 *  - Static: each port has a rank.  Well-known ports (0-1023) and ports
 *    the system's services database lists rank highest; other numbers
 *    outside every common ephemeral range (5001-32767) next; numbers in an
 *    ephemeral range (Windows XP/2003 1025-5000, Linux 32768-60999, IANA,
 *    Windows Vista+ and the BSDs 49152-65535) and anonymised tokens
 *    (N<num>, Port<num>) lowest.  Interned port names carry no rank: such
 *    a flow stays as written.  The higher rank is the service; a tie
 *    keeps the record as written.
 *
 *  - Learned (optional): an end (computer, port) that met at least
 *    DIRECTION_LEARN_PEERS distinct peers in a sample of the flows is a
 *    learned service: clients pick a fresh port for each connection, a
 *    server answers everyone on one.  When exactly one end of a flow is a
 *    learned service, that end is the service, unless the other end's
 *    port is below 1024 (a client never gets a well-known port, while
 *    symmetric protocols such as NetBIOS 137/137 make both ends busy).
 *    Otherwise the static ranks decide.
 *
 * Memory of the learned part is bounded by a fixed table, whatever the
 * size of the sample; once it is full, new ends are not added (existing
 * ones still count their peers), so the same sample in the same order
 * always gives the same model.
 *
 * Call order: direction_model_init(); direction_model_observe() for each
 * flow of the sample, from one thread, in a fixed order; then
 * direction_model_finish(), after which the model is read-only and
 * direction_swaps() may be called from any number of threads;
 * direction_model_free().  A NULL model means the static rules alone.
 *
 * The services database is read once per process (getservent is neither
 * fast nor thread-safe): direction_model_init() does it, and so does the
 * first direction_port_rank() or direction_swaps() call; a program that
 * uses NULL models from threads calls direction_static_init() first.
 */
#ifndef FLOWMAP_DIRECTION_H
#define FLOWMAP_DIRECTION_H

#include <stddef.h>
#include <stdint.h>

#include "names.h"
#include "records.h"

#define DIRECTION_LEARN_PEERS	4	/* distinct peers of a learned service */

/* Static ranks of a port key (names.h); higher is more service-like. */
enum port_rank {
	PORT_RANK_NONE = -1,	/* an interned name: no opinion */
	PORT_RANK_EPHEMERAL,	/* token, or unlisted number in an OS range */
	PORT_RANK_UNLISTED,	/* unlisted number outside every OS range */
	PORT_RANK_SERVICE	/* 0-1023, or listed in the services database */
};

struct direction_model {
	/* While observing: (computer hash << 16 | port) + a 64-bit set of
	 * peer hash bits, open addressing.  After finish: only the learned
	 * services' keys, in a smaller table of the same kind. */
	uint64_t	*keys;
	uint64_t	*peers;		/* NULL after finish */
	uint32_t	 cap;		/* slots, a power of two */
	uint32_t	 count;
	uint64_t	 observed;	/* flows seen */
	uint64_t	 dropped;	/* ends not added: the table was full */
	int		 finished;
};

void	direction_static_init(void);
enum port_rank direction_port_rank(uint32_t port);

void	direction_model_init(struct direction_model *m);
/* Count one flow of the sample; computers is the table its ids are in. */
void	direction_model_observe(struct direction_model *m,
	    const struct flow *f, const struct names *computers);
void	direction_model_finish(struct direction_model *m);
/* Learned services after finish. */
static inline uint32_t
direction_model_services(const struct direction_model *m)
{
	return m->count;
}
void	direction_model_free(struct direction_model *m);

/* Would --direction=infer turn this flow around?  m may be NULL. */
int	direction_swaps(const struct direction_model *m, const struct flow *f,
	    const struct names *computers);

#endif
