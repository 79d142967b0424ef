/*
 * clock.h - wall time for progress, timings and rates.
 *
 * One monotonic clock for every stage: clock() would sum the CPU time of
 * all threads, and the wall clock can jump.
 */
#ifndef FLOWMAP_BASE_CLOCK_H
#define FLOWMAP_BASE_CLOCK_H

/* Seconds since an arbitrary fixed point (CLOCK_MONOTONIC). */
double	clock_now(void);
/* CPU seconds of the whole process, all threads: what work cost where
 * other programs share the cores (flowmap-mpi's notes). */
double	clock_cpu(void);

#endif
