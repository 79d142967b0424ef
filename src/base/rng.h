/*
 * rng.h - the one seeded random number generator of flowmap.
 *
 * Everything that draws a random number (the traffic generator, t-SNE's
 * initial map, sampling) takes it from an explicit `struct rng` passed
 * down by the caller: there is no hidden global state, so the same seed
 * gives the same result whatever the number of threads.  Threads that need
 * their own stream derive it with rng_split(), never by sharing one state.
 *
 * The generator is xoshiro256** (Blackman and Vigna, 2018), seeded through
 * splitmix64 so that any 64-bit seed, 0 included, gives a good state.
 */
#ifndef FLOWMAP_RNG_H
#define FLOWMAP_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Seed a generator; any value is fine. */
void rng_seed(struct rng *r, uint64_t seed);

/* A new independent generator derived from r and a stream number. */
void rng_split(const struct rng *r, uint64_t stream, struct rng *out);

/* Uniform 64-bit value. */
uint64_t rng_next(struct rng *r);

/* Uniform double in [0, 1). */
double rng_uniform(struct rng *r);

/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t rng_below(struct rng *r, uint64_t n);

/* Standard normal deviate (Box-Muller; one value per call). */
double rng_normal(struct rng *r);

#endif
