/*
 * comm.c - the loading stage's team over MPI (see comm.h).
 *
 * A message is its length (64 bits), then its bytes in blocks of at most
 * COMM_BLOCK: MPI counts are ints, and a large network's tally is more
 * than 2 GiB.  Only the thread that initialised MPI calls these
 * (MPI_THREAD_FUNNELED): the stage calls its team from the thread that
 * called it, never from its workers.  An MPI error aborts the job (MPI's
 * default handler), which is what a failed send should do here.
 */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/xalloc.h"
#include "mpi/comm.h"

#define COMM_BLOCK	(1 << 30)
#define TAG_LENGTH	1
#define TAG_BYTES	2

static size_t
block(size_t left)
{
	return left < COMM_BLOCK ? left : COMM_BLOCK;
}

static int
comm_send(void *ctx, int to, const void *buf, size_t len)
{
	uint64_t n = len;
	const char *p = buf;

	(void)ctx;
	if (MPI_Send(&n, 1, MPI_UINT64_T, to, TAG_LENGTH, MPI_COMM_WORLD) !=
	    MPI_SUCCESS)
		return -1;
	for (size_t off = 0; off < len; off += block(len - off))
		if (MPI_Send(p + off, (int)block(len - off), MPI_BYTE, to,
		    TAG_BYTES, MPI_COMM_WORLD) != MPI_SUCCESS)
			return -1;
	return 0;
}

static int
comm_recv(void *ctx, int from, void **buf, size_t *len)
{
	uint64_t n;
	char *p;

	(void)ctx;
	if (MPI_Recv(&n, 1, MPI_UINT64_T, from, TAG_LENGTH, MPI_COMM_WORLD,
	    MPI_STATUS_IGNORE) != MPI_SUCCESS)
		return -1;
	p = xmalloc((size_t)n);
	for (size_t off = 0; off < n; off += block((size_t)n - off))
		if (MPI_Recv(p + off, (int)block((size_t)n - off), MPI_BYTE,
		    from, TAG_BYTES, MPI_COMM_WORLD, MPI_STATUS_IGNORE) !=
		    MPI_SUCCESS) {
			free(p);
			return -1;
		}
	*buf = p;
	*len = (size_t)n;
	return 0;
}

static int
comm_bcast(void *ctx, void **buf, size_t *len)
{
	int rank;
	uint64_t n = *len;
	char *p;

	(void)ctx;
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	if (MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD) != MPI_SUCCESS)
		return -1;
	p = rank == 0 ? *buf : xmalloc((size_t)n);
	for (size_t off = 0; off < n; off += block((size_t)n - off))
		if (MPI_Bcast(p + off, (int)block((size_t)n - off), MPI_BYTE, 0,
		    MPI_COMM_WORLD) != MPI_SUCCESS) {
			if (rank != 0)
				free(p);
			return -1;
		}
	*buf = p;
	*len = (size_t)n;
	return 0;
}

static void
comm_fail(void *ctx, const char *msg)
{
	int rank, size;

	(void)ctx;
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	fprintf(stderr, "flowmap: rank %d of %d: %s\n", rank, size, msg);
	fflush(stderr);
	MPI_Abort(MPI_COMM_WORLD, 1);
}

void
comm_team(struct load_team *team)
{
	*team = (struct load_team){ .send = comm_send, .recv = comm_recv,
	    .bcast = comm_bcast, .fail = comm_fail };
	MPI_Comm_rank(MPI_COMM_WORLD, &team->rank);
	MPI_Comm_size(MPI_COMM_WORLD, &team->size);
}
