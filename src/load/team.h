/*
 * team.h - one load shared by a team of processes (load.h, struct
 * load_team), inside the loading stage: who reads what, the tree of
 * merges, and what member 0 tells the others between passes.
 *
 * The division is a function of the paths and the team's size alone, so
 * every member computes the same one without a word: plain text files
 * are laid end to end and cut into one run of bytes per member, each
 * run's length what the member lacks after the whole files (gzip, nfcapd,
 * pipes) went to the least loaded members; a cut inside a file falls at
 * a byte offset and the input layer makes it a line boundary (input.h).
 *
 * team_pass() is pass_run() for a team: every member reads its pieces,
 * then the members' results merge in a binomial tree (round k: member
 * i + 2^k sends to member i, for i a multiple of 2^(k+1)), each merge the
 * tally merge of threads, so member 0 ends with the tally one process
 * would have, the files' counts, and the first problems with their lines
 * in the whole file.  A member whose pass meets an input error calls the
 * team's fail(); a --strict stop is not an input error: its line is only
 * known once the pieces before it are counted, so it travels with the
 * counts and member 0 reports it.
 *
 * Between the passes of load_profiles() member 0 decides and the others
 * follow: team_share_state(), team_share_names() (the kept computers of a
 * rank pass), team_share_ports() (the bins of a bins pass).  Each takes
 * member 0's `go` and returns it on every member (0 stop, or the state);
 * without a team they return `go` at once.
 */
#ifndef FLOWMAP_LOAD_TEAM_H
#define FLOWMAP_LOAD_TEAM_H

#include <stddef.h>
#include <stdint.h>

#include "load/load.h"
#include "load/pass.h"

/* A gzip byte holds some five of text (LANL's files: 5 to 8), and costs
 * about that much to read; nfdump's binary records about two. */
#define TEAM_GZIP_WEIGHT	5
#define TEAM_NFCAPD_WEIGHT	2
/* No piece of a text file smaller than this: each costs a look at the
 * file's head (its format) and a seek. */
#define TEAM_MIN_PIECE		((uint64_t)1 << 20)

/* A piece of a file, and the member that reads it. */
struct team_piece {
	size_t		 file;
	uint32_t	 part;		/* its place among the file's pieces */
	int		 rank;
	uint64_t	 start, end;	/* end INPUT_TO_END: to the end */
};

struct team_plan {
	size_t			 npieces;
	struct team_piece	*pieces;	/* by file, then part */
	uint64_t		*bytes;		/* per member: bytes to read */
};

void	team_plan_make(const char *const *paths, size_t npaths, int size,
	    struct team_plan *plan);
void	team_plan_free(struct team_plan *plan);

/* The per-member share of --memory: a merge holds the member's own
 * counts, another's as bytes and unpacked, and their sum. */
uint64_t team_budget(const struct load_team *tm, uint64_t memory);

/* pass_run() for a team (above); on members but 0, r->elsewhere. */
int	team_pass(const struct load_team *tm, const char *const *paths,
	    size_t npaths, const struct pass_options *po,
	    struct load_result *r, char *err, size_t errlen);

int	team_share_state(const struct load_team *tm, int go);
int	team_share_names(const struct load_team *tm, int go, struct names *n);
int	team_share_ports(const struct load_team *tm, int go,
	    struct tally_ports *p);

#endif
