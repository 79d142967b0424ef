/*
 * comm.h - the loading stage's team (load/load.h, struct load_team) over
 * MPI: the ranks of MPI_COMM_WORLD, bytes in messages.
 *
 * Call order: MPI_Init_thread(), comm_team() (the team borrows nothing
 * and holds no memory), the loading stage's calls from the thread that
 * initialised MPI, MPI_Finalize().  fail() prints one line naming the
 * rank and aborts the whole job (MPI_Abort), so no rank waits forever
 * for one that gave up.
 */
#ifndef FLOWMAP_MPI_COMM_H
#define FLOWMAP_MPI_COMM_H

#include "load/load.h"

void	comm_team(struct load_team *team);

#endif
