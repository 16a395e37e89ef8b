/* rng.h - what the property tests share: one reproducible random generator (splitmix64,
 * the same numbers on every platform for the same seed), random key weights, and a check
 * that names the scenario, year and gemeente where it failed. The generator's state is
 * one per program: the tests run one at a time. */
#ifndef INGROEI_TEST_RNG_H
#define INGROEI_TEST_RNG_H

#include <stddef.h>
#include <stdint.h>

/* Starts the sequence again from `seed`. */
void ts_rng_seed(uint64_t seed);

/* The next 64 random bits. */
uint64_t ts_rng_next(void);

/* Uniform in [0, 1), with 53 random bits. */
double ts_rng_unit(void);

/* Uniform in [lo, hi] (lo <= hi). */
int64_t ts_rng_range(int64_t lo, int64_t hi);

/* Weights for a key: each 0 with probability zero_prob, otherwise spread over several
 * orders of magnitude like real keys (up to 10^max_power); at least one is not 0. */
void ts_rng_weights(double *w, size_t n, double zero_prob, int max_power);

/* Where a property test is: which rounding mode, scenario, year and gemeente (SIZE_MAX
 * when not at one); TS_CHECK's message names it. */
typedef struct ts_where {
    int mode, scenario;
    size_t t, g;
} ts_where;
extern ts_where ts_at;

/* Fails the test unless `cond`, saying where (ts_at) and what. Needs cmocka.h. */
#define TS_CHECK(cond)                                                                             \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            print_error("mode %d scenario %d year %zu gemeente %zu: %s\n", ts_at.mode,             \
                        ts_at.scenario, ts_at.t, ts_at.g, #cond);                                  \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

#endif
