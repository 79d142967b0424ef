/*
 * direction.h - which end of a flow is the service (--direction=infer).
 *
 * A record names a source and a destination, but a collector that does
 * not normalise direction writes some flows from the server's side.  The
 * loader turns such a flow around when its source end looks more like the
 * service than its destination end.  Two kinds of evidence decide:
 *
 *  - Static: each port has a rank.  Well-known ports (0-1023) rank
 *    highest, then ports the system's services database lists (an old
 *    Windows client's port 3306 is "mysql" there, but against its peer's
 *    port 80 it is the client's end); other numbers
 *    outside every common ephemeral range (5001-32767) next; numbers in an
 *    ephemeral range (Windows XP/2003 1025-5000, Linux 32768-60999, IANA,
 *    Windows Vista+ and the BSDs 49152-65535) and anonymised tokens
 *    (N<num>, Port<num>) lowest.  Interned port names carry no rank: such
 *    a flow stays as written.  The higher rank is the service; a tie
 *    keeps the record as written.
 *
 *  - Learned (optional): clients pick a fresh port for each connection,
 *    a server answers everyone on one, so in a sample of the flows a
 *    service's end (computer, port) meets many distinct peers and a
 *    client's end one.  When both ports of a flow are numbers, not both
 *    well-known, and one end met at least DIRECTION_LEARN_PEERS
 *    peers and DIRECTION_LEARN_RATIO times as many as the other, that end
 *    is the service, unless the other end's port is below 1024 (a client
 *    never gets a well-known port; a scanner's one port meets many).
 *    Otherwise the static ranks decide.  With a token on one side the
 *    ranks already know (LANL anonymised the clients' ports), so LANL
 *    files are decided by the ranks alone; so are two well-known or listed
 *    ports (NetBIOS 137/137, NTP 123/123 make both ends busy).
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

#include "load/names.h"
#include "load/records.h"

#define DIRECTION_LEARN_PEERS	4	/* distinct peers of a learned service */
#define DIRECTION_LEARN_RATIO	4	/* ... and times the other end's */

/* Static ranks of a port key (names.h); higher is more service-like. */
enum port_rank {
	PORT_RANK_NONE = -1,	/* an interned name: no opinion */
	PORT_RANK_EPHEMERAL,	/* token, or unlisted number in an OS range */
	PORT_RANK_UNLISTED,	/* unlisted number outside every OS range */
	PORT_RANK_LISTED,	/* 1024 and up, in the services database */
	PORT_RANK_WELL_KNOWN	/* 0-1023 */
};

struct direction_model {
	/* While observing: (computer hash << 16 | port) and a 64-bit set of
	 * peer hash bits, open addressing.  After finish: the ends that met
	 * two peers or more and their number of peers, in a table sized for
	 * them (an end absent met one peer, or none). */
	uint64_t	*keys;
	uint64_t	*peers;		/* NULL after finish */
	uint8_t		*npeers;	/* after finish */
	uint32_t	 cap;		/* slots, a power of two */
	uint32_t	 count;		/* ends in the table */
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
/*
 * Observe every record of text (whole lines, the last one may lack its
 * newline) parsed as format f, with tables of its own.  Lines that do not
 * parse are passed over: the loader's pass reports them.
 */
void	direction_model_observe_text(struct direction_model *m,
	    const struct format *f, const char *text, size_t len);
void	direction_model_finish(struct direction_model *m);
/* After finish: the distinct peers an end met (0 or 1 when absent). */
unsigned direction_model_peers(const struct direction_model *m,
	    uint32_t computer_hash, uint32_t port);
void	direction_model_free(struct direction_model *m);

/* Would --direction=infer turn this flow around?  m may be NULL. */
int	direction_swaps(const struct direction_model *m, const struct flow *f,
	    const struct names *computers);

#endif
