/* rng.c - the property tests' random generator and where they are (see rng.h). */
#include "rng.h"
#include "support.h"

#include <math.h>

static uint64_t state;

ts_where ts_at;

void ts_rng_seed(uint64_t seed)
{
    state = seed;
}

uint64_t ts_rng_next(void)
{
    return ts_splitmix64(&state);
}

double ts_rng_unit(void)
{
    return (double)(ts_rng_next() >> 11) / 9007199254740992.0;
}

int64_t ts_rng_range(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(ts_rng_next() % (uint64_t)(hi - lo + 1));
}

void ts_rng_weights(double *w, size_t n, double zero_prob, int max_power)
{
    size_t nonzero = 0;
    for (size_t i = 0; i < n; i++) {
        if (ts_rng_unit() < zero_prob) {
            w[i] = 0.0;
        } else {
            w[i] = ts_rng_unit() * pow(10.0, (double)ts_rng_range(0, max_power)) + 1e-3;
            nonzero++;
        }
    }
    if (nonzero == 0)
        w[ts_rng_range(0, (int64_t)n - 1)] = ts_rng_unit() + 0.5;
}
