/*
 * sweep.c - runs a sweep: thousands of variants of one scenario (path start, length and
 * shape, caps, budget numbers), on all processors, in blocks whose rows are written in
 * scenario order so that the bytes never depend on the number of threads and memory
 * never grows with the number of scenarios; and what a sweep writes (sweep.csv,
 * gemeente_bereik.csv, sweep.json), which sweep/merge.c writes too.
 */
#include "sweep/sweep.h"

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK       4096 /* scenarios per block: rows are written block by block, and
                          * computed in an order of their own (see param_weight) */
#define CHUNK       32   /* scenarios (in the block's order) a thread takes at a time */
#define N_METRICS   7   /* per scenario, see metric_names */
#define MAX_THREADS 64  /* at most this many threads */

static const char *const metric_names[N_METRICS] = {
    "grootste_jaarverlies_per_inwoner",      /* max over gemeenten, years: loss vs last year */
    "grootste_jaarwinst_per_inwoner",        /* the same for gains */
    "gemeenten_jaarverlies_boven_drempel",   /* gemeenten whose largest yearly loss > threshold */
    "grootste_verlies_per_inwoner_eindjaar", /* the last year against fully historical */
    "grootste_winst_per_inwoner_eindjaar",
    "caps_geraakt",     /* gemeente-years held at a loss or gain cap */
    "onhaalbare_jaren", /* years whose cap could not be kept (left uncapped) */
};

/* ---- the scenarios of a sweep -------------------------------------------------------- */

/* The parameter values of scenario `index`: in a grid the first parameter varies slowest;
 * in a sample each scenario draws its values from its own generator (GSL's MT19937 on
 * the stack), seeded by the sweep's seed and its index, so that any shard draws the same
 * scenarios. The seeds of the scenarios of one sweep all differ (an odd multiplier of
 * the index, modulo 2^32, MT19937's seed width), and gsl_rng_uniform_int draws each
 * value without the bias of a modulo. */
static void scenario_values(const ingroei_sweep *sw, size_t index, double *values, size_t *at)
{
    if (sw->sample) {
        _Alignas(16) unsigned char state[8192]; /* MT19937's state is about 5 KB */
        gsl_rng rng = {gsl_rng_mt19937, state};
        const uint32_t base = (uint32_t)(sw->seed ^ (sw->seed >> 32));
        gsl_rng_set(&rng, base + UINT32_C(2654435761) * (uint32_t)index);
        for (size_t i = 0; i < sw->n_params; i++) {
            at[i] = gsl_rng_uniform_int(&rng, sw->params[i].n_values);
            values[i] = sw->params[i].values[at[i]];
        }
        return;
    }
    for (size_t i = sw->n_params; i-- > 0;) {
        at[i] = index % sw->params[i].n_values;
        values[i] = sw->params[i].values[at[i]];
        index /= sw->params[i].n_values;
    }
}

/* ---- the order a block's scenarios are computed in ------------------------------------ */

/* Which parameters a scenario's computation depends on first: its budgets (and with
 * them the keys at the whole budget and the fully historical rounding), then its path
 * (the objective share of each year: with the budgets, the allocation before the cap),
 * then the caps. A fork keeps what its last scenario made when it comes out the same
 * (run/run.c, ig_fork_memo), so a block is computed in the order of these parameters:
 * neighbours share their budgets, many their path too. The rows do not depend on the
 * order. */
static int param_weight(ig_sweep_kind kind)
{
    switch (kind) {
    case IG_SW_BUDGET_INDEX:
    case IG_SW_MUTATION_PERCENT:
    case IG_SW_MUTATION_AMOUNT: return 0;
    case IG_SW_CAP_LOSS:
    case IG_SW_CAP_GAIN: return 2;
    default: return 1;
    }
}

/* The key a scenario is ordered by, from the positions `at` of its values in their
 * parameters' lists: a number in mixed radix, the budget's parameters the most
 * significant digits; parameters that would make it overflow 64 bits are left out (the
 * same ones for every scenario of the sweep). */
static uint64_t order_key(const ingroei_sweep *sw, const size_t *at)
{
    uint64_t key = 0, span = 1;
    for (int weight = 0; weight < 3; weight++)
        for (size_t i = 0; i < sw->n_params; i++) {
            const uint64_t n = sw->params[i].n_values;
            if (param_weight(sw->params[i].kind) != weight || n < 2)
                continue;
            if (span > UINT64_MAX / n)
                return key;
            span *= n;
            key = key * n + at[i];
        }
    return key;
}

typedef struct ordered {
    uint64_t key;
    size_t k; /* the scenario's place in its block */
} ordered;

static int ordered_cmp(const void *a, const void *b)
{
    const ordered *p = a, *q = b;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return (p->k > q->k) - (p->k < q->k);
}

/* The values of the scenarios from `index` on: `count` rows of n_params in `values`. A
 * Sobol design takes the next points of `qrng` (the sequence stands at point `index`);
 * coordinate u in [0, 1) of a parameter picks its value floor(u * n_values), so that the
 * first 2^m points, each coordinate a permutation of k / 2^m, share the values of each
 * parameter out as evenly as whole numbers allow. */
static void block_values(const ingroei_sweep *sw, gsl_qrng *qrng, size_t count, double *values,
                         ordered *order)
{
    for (size_t k = 0; k < count; k++, values += sw->n_params) {
        double u[IG_SWEEP_SOBOL_MAX];
        size_t at[IG_SWEEP_SOBOL_MAX];
        gsl_qrng_get(qrng, u);
        for (size_t i = 0; i < sw->n_params; i++) {
            const size_t n = sw->params[i].n_values;
            size_t j = (size_t)(u[i] * (double)n);
            at[i] = j < n ? j : n - 1;
            values[i] = sw->params[i].values[at[i]];
        }
        order[k] = (ordered){order_key(sw, at), k};
    }
}

/* ---- one thread's work ------------------------------------------------------------- */

typedef struct worker {
    const ingroei_sweep *sw;
    ingroei_run *run;            /* a fork of the base run */
    ingroei_scenario sc;         /* the base scenario with this scenario's values */
    double *max_loss, *max_gain; /* [n_y] the variant's cap limits */
    ig_mutation *mutations;      /* the variant's budget mutations */
    double *values;              /* [n_params] */
    bool computed;               /* the run holds the computation of `values` */
    /* per gemeente, over the scenarios this worker ran */
    ig_sweep_ranges ranges;
    ig_sweep_sample *sample; /* shared: each scenario fills its own slot, if it has one */
    size_t *at;              /* [n_params] scratch: positions of drawn values */
    double *inhabitants;     /* [n_y * n_g] the run's, as doubles; NaN where not > 0 */
    bool *same_inh;          /* [n_y] year y's inhabitants are year y - 1's, to the bit */
    double *loss, *gain;     /* [n_g] scratch: each gemeente's largest loss and gain */
    double *row;             /* [4 * n_g] scratch: two years' allocations as doubles, and
                                the smallest and largest changes of a run of years; then
                                the largest losses and last year's differences (figures) */
    int64_t *cents;          /* [2 * n_g] scratch: those two in cents */
    ingroei_status status;   /* of the earliest scenario that failed in this worker */
    size_t failed;           /* that scenario (SIZE_MAX: none) */
    ingroei_error err;       /* its error */
    ingroei_error scenario_err;
    pthread_t thread;
} worker;

/* What all workers share in one round: computing a block, in the order of `order`, and
 * drawing the values of the next (not for a Sobol design, which is sequential): the
 * main thread's serial part stays small. The tasks are the block's scenarios, then the
 * next block's draws, taken CHUNK at a time. */
typedef struct shared {
    size_t block_first, block_len; /* the block: scenarios [first, first + len) */
    const double *values;          /* [len * n_params] its values */
    const ordered *order;          /* [len] the order they are computed in */
    double *metrics;               /* [len * N_METRICS] their rows */
    size_t next_first, next_len;   /* the next block, to draw (len 0: none) */
    double *next_values;           /* [next_len * n_params] */
    ordered *next_order;           /* [next_len] their keys, to be sorted */
    atomic_size_t next;            /* the next task */
    volatile int *cancel;          /* when set, the threads stop at their next chunk */
} shared;

/* Applies the parameter values to the worker's copy of the base scenario. */
static void apply_values(worker *w)
{
    const ingroei_sweep *sw = w->sw;
    ingroei_scenario *sc = &w->sc;
    const size_t n_y = (size_t)(sc->last_year - sc->first_year + 1);
    for (size_t i = 0; i < sw->n_params; i++) {
        const double v = w->values[i];
        switch (sw->params[i].kind) {
        case IG_SW_PATH_START: sc->path.start = (int)v; break;
        case IG_SW_PATH_LENGTH: sc->path.length = (int)v; break;
        case IG_SW_PATH_END: sc->path.end = (int)v; break;
        case IG_SW_PATH_OUTFLOW: sc->path.outflow = v; break;
        case IG_SW_PATH_STEEPNESS: sc->path.steepness = v; break;
        case IG_SW_PATH_MIDPOINT: sc->path.midpoint = v; break;
        case IG_SW_CAP_LOSS:
            for (size_t y = 0; y < n_y; y++)
                w->max_loss[y] = v;
            break;
        case IG_SW_CAP_GAIN:
            for (size_t y = 0; y < n_y; y++)
                w->max_gain[y] = v;
            break;
        case IG_SW_BUDGET_INDEX: sc->budget.index_percent = v; break;
        case IG_SW_MUTATION_PERCENT: w->mutations[sw->params[i].mutation].percent = v; break;
        case IG_SW_MUTATION_AMOUNT: w->mutations[sw->params[i].mutation].amount = (int64_t)v; break;
        }
    }
}

/* fmax and fmin as glibc's x86-64 versions compute them for numbers (maxsd, minsd: the
 * second argument unless the first is strictly beyond it), but inlined: the metrics see
 * no NaN (a change per inhabitant is a finite number). */
static inline double max_of(double a, double b)
{
    return a > b ? a : b;
}

static inline double min_of(double a, double b)
{
    return a < b ? a : b;
}

static int64_t cents(double x)
{
    return ig_round(x * 100.0);
}

/* Whole euros as doubles, exactly: below 2^51 in magnitude (as every allocation is,
 * budgets being at most 1e15 euro) by placing x in the low bits of 2^52 + 2^51 and
 * subtracting that again, which the compiler vectorizes (a conversion one at a time
 * waits on the one before); anything beyond is converted one by one. */
static IG_ALWAYS_INLINE void to_doubles(const int64_t *restrict x, size_t n, double *restrict out)
{
    const uint64_t magic = UINT64_C(0x4338000000000000); /* the bits of 2^52 + 2^51 */
    const double magic_d = 6755399441055744.0;           /* 2^52 + 2^51 */
    uint64_t outside = 0;
    for (size_t i = 0; i < n; i++) {
        const uint64_t bits = magic + (uint64_t)x[i];
        outside |= ((uint64_t)x[i] + (UINT64_C(1) << 51)) >> 52;
        double d;
        memcpy(&d, &bits, sizeof d);
        out[i] = d - magic_d;
    }
    if (outside)
        for (size_t i = 0; i < n; i++)
            out[i] = (double)x[i];
}

/* Each gemeente's largest loss (from -infinity) and gain (from 0) per inhabitant against
 * the year before, year by year over whole rows of `total` (n_y rows of n gemeenten,
 * `stride` apart; the inhabitants likewise), which the compiler vectorizes: no chain
 * from one gemeente to the next, and no branch. A gemeente without inhabitants in a year
 * has NaN for them (inh), so its change is NaN, which no comparison takes. The amounts
 * are whole euros below 2^53, so their difference d in doubles is exact: the same number
 * as the difference of the integers, converted. (A change is never -0 and -change never
 * +0, so a tie is between equal bits, and the maxima do not depend on the order nor on
 * which of two equal values is kept.) `row` holds 4 n doubles of scratch.
 *
 * `same` (NULL: none) marks the years whose inhabitants are those of the year before, to
 * the bit (the years after the last count, as a rule). Over a run of years with one row
 * of inhabitants i > 0 the changes are the correctly rounded d / i, and rounding is
 * monotone: the largest of them is the rounding of the largest d / i, that is of
 * max d / i, and the smallest that of min d / i. So a run takes its smallest and largest
 * d and two divisions per gemeente (one for a run of one year, whose smallest and
 * largest d are its d), and gives the bits the year-by-year loop gives (with i NaN, NaN
 * as there). */
static IG_ALWAYS_INLINE void changes_body(const int64_t *total, const double *inhabitants,
                                          const bool *same, size_t stride, size_t n, size_t n_y,
                                          double *row, double *restrict loss,
                                          double *restrict gain)
{
    double *now = row, *before = row + n, *restrict dmin = row + 2 * n,
           *restrict dmax = row + 3 * n;
    for (size_t g = 0; g < n; g++) {
        loss[g] = -INFINITY;
        gain[g] = 0;
    }
    to_doubles(total, n, now);
    for (size_t y = 1; y < n_y;) {
        size_t end = y + 1; /* the run [y, end) of years with year y's inhabitants */
        while (same && end < n_y && same[end])
            end++;
        const double *inh = inhabitants + y * stride;
        const bool one = end == y + 1;
        for (size_t g = 0; g < n; g++) {
            dmin[g] = INFINITY;
            dmax[g] = -INFINITY;
        }
        for (; y < end; y++) {
            double *swap = before;
            before = now;
            now = swap;
            to_doubles(total + y * stride, n, now);
            for (size_t g = 0; g < n; g++) {
                const double d = now[g] - before[g];
                dmin[g] = d < dmin[g] ? d : dmin[g];
                dmax[g] = d > dmax[g] ? d : dmax[g];
            }
        }
        for (size_t g = 0; g < n; g++) {
            const double least = dmin[g] / inh[g], most = one ? least : dmax[g] / inh[g];
            loss[g] = -least > loss[g] ? -least : loss[g];
            gain[g] = most > gain[g] ? most : gain[g];
        }
    }
}

/* changes_body with AVX2 on x86-64 processors that have it, four gemeenten at a time
 * through all years with everything in registers (no rows of doubles written and read
 * again): per gemeente and year the same operations on the same values (the euros
 * converted exactly as to_doubles converts them, their difference, its quotient by the
 * inhabitants, and the comparisons as _mm256_min_pd and _mm256_max_pd make them: a < b ?
 * a : b and a > b ? a : b), so the same bits; the gemeenten after the last four by
 * changes_body. Returns false, having written nothing final, when some amount lies
 * outside +-2^51, where to_doubles converts otherwise: changes_body then does the
 * whole. */
#if IG_X86_VECTORS
#include <immintrin.h>

/* Four whole euro amounts as doubles, as to_doubles converts them; *outside gets a bit
 * where one lies beyond +-2^51. */
IG_TARGET_AVX2 static IG_ALWAYS_INLINE __m256d euros4(const int64_t *x, __m256i *outside)
{
    const __m256i t = _mm256_loadu_si256((const __m256i *)x);
    *outside = _mm256_or_si256(
        *outside, _mm256_srli_epi64(_mm256_add_epi64(t, _mm256_set1_epi64x(INT64_C(1) << 51)), 52));
    const __m256i magic = _mm256_set1_epi64x(INT64_C(0x4338000000000000)); /* 2^52 + 2^51 */
    return _mm256_sub_pd(_mm256_castsi256_pd(_mm256_add_epi64(t, magic)),
                         _mm256_castsi256_pd(magic));
}

IG_TARGET_AVX2 IG_NOINLINE static bool changes_avx2(const int64_t *total,
                                                     const double *inhabitants, const bool *same,
                                                     size_t n, size_t n_y, double *row,
                                                     double *loss, double *gain)
{
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256i outside = _mm256_setzero_si256();
    size_t g = 0;
    for (; g + 4 <= n; g += 4) {
        __m256d lo = _mm256_set1_pd(-INFINITY), ga = _mm256_setzero_pd();
        __m256d before = euros4(total + g, &outside);
        for (size_t y = 1; y < n_y;) {
            size_t end = y + 1;
            while (end < n_y && same[end])
                end++;
            const __m256d inh = _mm256_loadu_pd(inhabitants + y * n + g);
            const bool one = end == y + 1;
            __m256d dmin = _mm256_set1_pd(INFINITY), dmax = _mm256_set1_pd(-INFINITY);
            for (; y < end; y++) {
                const __m256d now = euros4(total + y * n + g, &outside);
                const __m256d d = _mm256_sub_pd(now, before);
                before = now;
                dmin = _mm256_min_pd(d, dmin);
                dmax = _mm256_max_pd(d, dmax);
            }
            const __m256d least = _mm256_div_pd(dmin, inh),
                          most = one ? least : _mm256_div_pd(dmax, inh);
            lo = _mm256_max_pd(_mm256_xor_pd(least, sign), lo);
            ga = _mm256_max_pd(most, ga);
        }
        _mm256_storeu_pd(loss + g, lo);
        _mm256_storeu_pd(gain + g, ga);
    }
    const bool inside = _mm256_testz_si256(outside, outside);
    _mm256_zeroupper();
    if (!inside)
        return false;
    if (g < n)
        changes_body(total + g, inhabitants + g, same, n, n - g, n_y, row, loss + g, gain + g);
    return true;
}
#endif

bool ig_sweep_fast_figures = true;

static void changes(const int64_t *total, const double *inhabitants, const bool *same, size_t n,
                    size_t n_y, double *row, double *loss, double *gain)
{
    if (!ig_sweep_fast_figures) { /* the reference: a division per gemeente and year */
        changes_body(total, inhabitants, NULL, n, n, n_y, row, loss, gain);
        return;
    }
#if IG_X86_VECTORS
    if (__builtin_cpu_supports("avx2") &&
        changes_avx2(total, inhabitants, same, n, n_y, row, loss, gain))
        return;
#endif
    changes_body(total, inhabitants, same, n, n, n_y, row, loss, gain);
}

/* Per gemeente, from its largest loss (changes) and the last year's amounts: that loss,
 * made 0 where no year had one (-infinity; NaN without inhabitants), into `largest`; the
 * difference per inhabitant in the last year (ig_run_gain_per_inhabitant, with the
 * inhabitants in doubles already) into `final`; and both in cents into ca and cb. */
static IG_ALWAYS_INLINE void
figure_one(const double *loss, const int64_t *total, const int64_t *full_hist,
           const double *inh_last, size_t g, double *largest, double *final, int64_t *ca,
           int64_t *cb)
{
    const double ll = isfinite(loss[g]) ? loss[g] : 0;
    const double f = inh_last[g] > 0 ? (double)(total[g] - full_hist[g]) / inh_last[g] : 0.0;
    largest[g] = ll;
    final[g] = f;
    ca[g] = cents(f);
    cb[g] = cents(ll);
}

/* figure_one for every gemeente; with AVX2 four at a time: the same operations (the
 * difference of whole euros converted exactly, below 2^51, as the scalar conversion
 * does; the division, then 0 where the inhabitants are not > 0; ig_round's truncation
 * with ROUNDPD, its exact fraction and its half-away-from-zero step, in doubles, whole
 * numbers below 2^51 that convert back exactly), so the same values; a block with a
 * difference or a cent amount beyond 2^51 goes through figure_one. */
#if IG_X86_VECTORS
IG_TARGET_AVX2 static IG_ALWAYS_INLINE __m256i cents4(__m256d x, __m256i *outside)
{
    const __m256d y = _mm256_mul_pd(x, _mm256_set1_pd(100.0));
    const __m256d t = _mm256_round_pd(y, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m256d f = _mm256_sub_pd(y, t), one = _mm256_set1_pd(1.0);
    const __m256d r = _mm256_sub_pd(
        _mm256_add_pd(t, _mm256_and_pd(_mm256_cmp_pd(f, _mm256_set1_pd(0.5), _CMP_GE_OQ), one)),
        _mm256_and_pd(_mm256_cmp_pd(f, _mm256_set1_pd(-0.5), _CMP_LE_OQ), one));
    /* |y| < 2^51, NaN not: its lanes are redone by figure_one */
    const __m256d big = _mm256_cmp_pd(_mm256_andnot_pd(_mm256_set1_pd(-0.0), y),
                                      _mm256_set1_pd(2251799813685248.0), _CMP_NLT_UQ);
    *outside = _mm256_or_si256(*outside, _mm256_castpd_si256(big));
    const __m256d magic = _mm256_set1_pd(6755399441055744.0);
    return _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(r, magic)),
                            _mm256_castpd_si256(magic));
}

IG_TARGET_AVX2 IG_NOINLINE static void
figures_avx2(const double *loss, const int64_t *total, const int64_t *full_hist,
             const double *inh_last, size_t n, double *largest, double *final, int64_t *ca,
             int64_t *cb)
{
    const __m256i magic = _mm256_set1_epi64x(INT64_C(0x4338000000000000)),
                  half = _mm256_set1_epi64x(INT64_C(1) << 51);
    const __m256d magic_d = _mm256_set1_pd(6755399441055744.0), zero = _mm256_setzero_pd(),
                  inf = _mm256_set1_pd(INFINITY), sign = _mm256_set1_pd(-0.0);
    size_t g = 0;
    for (; g + 4 <= n; g += 4) {
        const __m256d l = _mm256_loadu_pd(loss + g);
        /* isfinite: |l| < infinity (NaN not) */
        const __m256d ll = _mm256_and_pd(
            l, _mm256_cmp_pd(_mm256_andnot_pd(sign, l), inf, _CMP_LT_OQ));
        const __m256i diff =
            _mm256_sub_epi64(_mm256_loadu_si256((const __m256i *)(total + g)),
                             _mm256_loadu_si256((const __m256i *)(full_hist + g)));
        __m256i outside = _mm256_srli_epi64(_mm256_add_epi64(diff, half), 52);
        const __m256d d =
            _mm256_sub_pd(_mm256_castsi256_pd(_mm256_add_epi64(diff, magic)), magic_d);
        const __m256d inh = _mm256_loadu_pd(inh_last + g);
        const __m256d f =
            _mm256_and_pd(_mm256_div_pd(d, inh), _mm256_cmp_pd(inh, zero, _CMP_GT_OQ));
        const __m256i a = cents4(f, &outside), b = cents4(ll, &outside);
        if (!_mm256_testz_si256(outside, outside)) {
            for (size_t k = g; k < g + 4; k++)
                figure_one(loss, total, full_hist, inh_last, k, largest, final, ca, cb);
            continue;
        }
        _mm256_storeu_pd(largest + g, ll);
        _mm256_storeu_pd(final + g, f);
        _mm256_storeu_si256((__m256i *)(ca + g), a);
        _mm256_storeu_si256((__m256i *)(cb + g), b);
    }
    _mm256_zeroupper();
    for (; g < n; g++)
        figure_one(loss, total, full_hist, inh_last, g, largest, final, ca, cb);
}
#endif

static void figures(const double *loss, const int64_t *total, const int64_t *full_hist,
                    const double *inh_last, size_t n, double *largest, double *final, int64_t *ca,
                    int64_t *cb)
{
#if IG_X86_VECTORS
    if (ig_sweep_fast_figures && __builtin_cpu_supports("avx2")) {
        figures_avx2(loss, total, full_hist, inh_last, n, largest, final, ca, cb);
        return;
    }
#endif
    for (size_t g = 0; g < n; g++)
        figure_one(loss, total, full_hist, inh_last, g, largest, final, ca, cb);
}

/* Runs scenario `index` and records its row and its gemeenten's ranges. */
static ingroei_status run_scenario(worker *w, size_t index, const double *values, double *row)
{
    ingroei_run *r = w->run;
    /* A sample can draw the same values twice, and its block's order puts them side by
     * side: the run then holds this scenario's computation already. */
    if (!w->computed || memcmp(w->values, values, w->sw->n_params * sizeof *values) != 0) {
        memcpy(w->values, values, w->sw->n_params * sizeof *values);
        apply_values(w);
        ingroei_status st = ig_run_compute_scenario(r, &w->sc, &w->scenario_err);
        w->computed = st == INGROEI_OK;
        if (st != INGROEI_OK)
            return st;
    }
    const size_t n = r->n_g, last = r->n_y - 1;
    double worst_loss = 0, best_gain = 0, final_min = 0, final_max = 0;
    size_t over = 0, caps = 0, infeasible = 0;
    const size_t slot = ig_sweep_sample_slot(w->sample, index);
    for (size_t y = 0; y < r->n_y; y++) {
        caps += r->cap.n_loss[y] + r->cap.n_gain[y];
        infeasible += !r->cap.feasible[y];
    }
    /* each gemeente's largest loss and gain per inhabitant (changes) */
    changes(r->out.total, w->inhabitants, w->same_inh, n, r->n_y, w->row, w->loss, w->gain);
    const double *gain = w->gain, *largest = w->row, *final = w->row + n;
    const int64_t *ca = w->cents, *cb = w->cents + n;
    figures(w->loss, r->out.total + last * n, r->out.full_hist + last * n,
            w->inhabitants + last * n, n, w->row, w->row + n, w->cents, w->cents + n);
    for (size_t g = 0; g < n; g++) {
        const double largest_loss = largest[g];
        best_gain = max_of(best_gain, gain[g]);
        worst_loss = max_of(worst_loss, largest_loss);
        over += largest_loss > w->sw->loss_threshold;
        final_min = min_of(final_min, final[g]);
        final_max = max_of(final_max, final[g]);
        /* ranges in cents, ties to the earlier scenario: the same whatever the order */
        const int64_t a = ca[g], b = cb[g];
        const int64_t v[IG_SWEEP_N_RANGES] = {a, a, b, b};
        for (int k = 0; k < IG_SWEEP_N_RANGES; k++)
            ig_sweep_ranges_note(&w->ranges, k, g, v[k], index);
        if (slot != SIZE_MAX) {
            w->sample->v[0][g * w->sample->k + slot] = a;
            w->sample->v[1][g * w->sample->k + slot] = b;
        }
    }
    if (slot != SIZE_MAX)
        w->sample->at[slot] = index;
    row[0] = worst_loss;
    row[1] = best_gain;
    row[2] = (double)over;
    row[3] = -final_min;
    row[4] = final_max;
    row[5] = (double)caps;
    row[6] = (double)infeasible;
    return INGROEI_OK;
}

/* Takes tasks of the round, CHUNK at a time, until none is left. A scenario that fails
 * does not stop the others of the block: the sweep reports the earliest that failed,
 * whatever the order and the number of threads. */
static void work_block(shared *sh, worker *w)
{
    const size_t n_params = w->sw->n_params, tasks = sh->block_len + sh->next_len;
    for (;;) {
        size_t t = atomic_fetch_add(&sh->next, CHUNK);
        if (t >= tasks || (sh->cancel && *sh->cancel))
            return;
        for (const size_t end = t + CHUNK < tasks ? t + CHUNK : tasks; t < end; t++) {
            if (t >= sh->block_len) {
                const size_t k = t - sh->block_len;
                scenario_values(w->sw, sh->next_first + k, sh->next_values + k * n_params, w->at);
                sh->next_order[k] = (ordered){order_key(w->sw, w->at), k};
                continue;
            }
            const size_t k = sh->order[t].k, index = sh->block_first + k;
            ingroei_status st =
                run_scenario(w, index, sh->values + k * n_params, sh->metrics + k * N_METRICS);
            if (st == INGROEI_OK || index > w->failed)
                continue;
            w->status = st;
            w->failed = index;
            w->err = w->scenario_err;
            char what[64];
            snprintf(what, sizeof what, "scenario %zu of the sweep: ", index);
            size_t n = strlen(what);
            memmove(w->err.message + n, w->err.message,
                    strnlen(w->err.message, sizeof w->err.message - n - 1) + 1);
            memcpy(w->err.message, what, n);
            w->err.message[sizeof w->err.message - 1] = '\0'; /* a long one is cut */
        }
    }
}

typedef struct thread_arg {
    shared *sh;
    worker *w;
} thread_arg;

static void *thread_main(void *p)
{
    thread_arg *a = p;
    work_block(a->sh, a->w);
    return NULL;
}

static void worker_clear(worker *w)
{
    ingroei_run_free(w->run);
    ig_sweep_ranges_clear(&w->ranges);
    void *arrays[] = {w->max_loss, w->max_gain, w->mutations, w->values,
                      w->at,       w->inhabitants, w->loss,   w->gain, w->row,
                      w->same_inh, w->cents};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    memset(w, 0, sizeof *w);
}

/* A worker with a fork of the base run and its own copy of what a variant changes. */
static ingroei_status worker_init(worker *w, const ingroei_sweep *sw, const ingroei_run *base,
                                  ig_sweep_sample *sample, ingroei_error *err)
{
    memset(w, 0, sizeof *w);
    w->sw = sw;
    w->sample = sample;
    w->sc = *sw->base; /* shallow: only the parts below are changed, in copies */
    const size_t n_y = base->n_y, n_g = base->n_g, n_m = sw->base->budget.n_mutations;
    ingroei_status st = ig_run_fork(base, &w->run, err);
    if (st != INGROEI_OK)
        return st;
#define ALLOC(field, count) (((field) = calloc((count), sizeof *(field))) != NULL)
    bool ok = ALLOC(w->max_loss, n_y) && ALLOC(w->max_gain, n_y) && ALLOC(w->mutations, n_m + 1) &&
              ALLOC(w->values, sw->n_params + 1) && ALLOC(w->at, sw->n_params + 1) &&
              ALLOC(w->inhabitants, n_y * n_g + 1) && ALLOC(w->loss, n_g + 1) &&
              ALLOC(w->gain, n_g + 1) && ALLOC(w->row, 4 * n_g + 1) &&
              ALLOC(w->same_inh, n_y + 1) && ALLOC(w->cents, 2 * n_g + 1) &&
              ig_sweep_ranges_init(&w->ranges, n_g);
#undef ALLOC
    if (!ok)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n_y * n_g; i++)
        w->inhabitants[i] = base->inhabitants[i] > 0 ? (double)base->inhabitants[i] : NAN;
    for (size_t y = 1; y < n_y; y++)
        w->same_inh[y] = memcmp(w->inhabitants + y * n_g, w->inhabitants + (y - 1) * n_g,
                                n_g * sizeof *w->inhabitants) == 0;
    if (sw->base->cap.enabled) {
        memcpy(w->max_loss, sw->base->cap.max_loss, n_y * sizeof *w->max_loss);
        memcpy(w->max_gain, sw->base->cap.max_gain, n_y * sizeof *w->max_gain);
        w->sc.cap.max_loss = w->max_loss;
        w->sc.cap.max_gain = w->max_gain;
        /* a sweep counts infeasible years rather than stopping at the first */
        w->sc.cap.relax_infeasible = true;
    }
    if (n_m) {
        memcpy(w->mutations, sw->base->budget.mutations, n_m * sizeof *w->mutations);
        w->sc.budget.mutations = w->mutations;
    }
    w->status = INGROEI_OK;
    w->failed = SIZE_MAX;
    return INGROEI_OK;
}

/* One round of work (see shared) on n threads, the calling one among them; a thread
 * that could not be started only means fewer hands. Returns the status of the earliest
 * scenario that failed, with its error. */
static ingroei_status run_round(shared *sh, worker *ws, thread_arg *args, unsigned n,
                                ingroei_error *err)
{
    atomic_store(&sh->next, 0);
    bool running[MAX_THREADS] = {false};
    for (unsigned i = 1; i < n; i++) {
        args[i] = (thread_arg){sh, &ws[i]};
        running[i] = pthread_create(&ws[i].thread, NULL, thread_main, &args[i]) == 0;
    }
    work_block(sh, &ws[0]);
    for (unsigned i = 1; i < n; i++)
        if (running[i])
            pthread_join(ws[i].thread, NULL);
    size_t first = 0;
    for (unsigned i = 1; i < n; i++)
        if (ws[i].failed < ws[first].failed)
            first = i;
    if (ws[first].failed == SIZE_MAX)
        return INGROEI_OK;
    if (err)
        *err = ws[first].err;
    return ws[first].status;
}

/* ---- output -------------------------------------------------------------------------- */

void ig_sweep_csv_header(ig_buf *b, const ingroei_sweep *sw)
{
    ig_buf_puts(b, "scenario");
    for (size_t i = 0; i < sw->n_params; i++) {
        ig_buf_putc(b, ',');
        ig_csv_field(b, sw->params[i].name);
    }
    for (size_t k = 0; k < N_METRICS; k++)
        ig_buf_printf(b, ",%s", metric_names[k]);
    ig_buf_puts(b, ",objectieve_sleutel_illustratief\n");
}

static void csv_row(ig_buf *b, const ingroei_sweep *sw, const ingroei_run *base, size_t index,
                    const double *metrics, const double *values)
{
    ig_csv_row w = {b, ',', '.', 0, false};
    ig_csv_int(&w, (int64_t)index);
    for (size_t i = 0; i < sw->n_params; i++)
        ig_csv_decimal(&w, values[i]);
    for (size_t k = 0; k < N_METRICS; k++) {
        if (k == 2 || k >= 5)
            ig_csv_int(&w, (int64_t)metrics[k]);
        else
            ig_csv_fixed(&w, metrics[k], 2);
    }
    ig_csv_text(&w, base->obj.illustrative ? "ja" : "nee");
    ig_csv_end(&w);
}

/* Writes cents as a decimal with two digits ("-12.05"). */
static void put_cents(ig_buf *b, int64_t c)
{
    if (c < 0) {
        ig_buf_putc(b, '-');
        c = -c;
    }
    ig_buf_printf(b, "%lld.%02lld", (long long)(c / 100), (long long)(c % 100));
}

bool ig_sweep_ranges_init(ig_sweep_ranges *r, size_t n_g)
{
    memset(r, 0, sizeof *r);
    for (int k = 0; k < IG_SWEEP_N_RANGES; k++) {
        r->v[k] = malloc((n_g ? n_g : 1) * sizeof *r->v[k]);
        r->at[k] = malloc((n_g ? n_g : 1) * sizeof *r->at[k]);
        if (!r->v[k] || !r->at[k])
            return false;
        for (size_t g = 0; g < n_g; g++) {
            r->v[k][g] = k % 2 ? INT64_MIN : INT64_MAX;
            r->at[k][g] = SIZE_MAX;
        }
    }
    r->n_g = n_g;
    return true;
}

void ig_sweep_ranges_clear(ig_sweep_ranges *r)
{
    for (int k = 0; k < IG_SWEEP_N_RANGES; k++) {
        free(r->v[k]);
        free(r->at[k]);
    }
    memset(r, 0, sizeof *r);
}

void ig_sweep_ranges_note(ig_sweep_ranges *r, int k, size_t g, int64_t v, size_t scenario)
{
    int64_t *cur = &r->v[k][g];
    bool beyond = k % 2 ? v > *cur : v < *cur;
    if (beyond || (v == *cur && scenario < r->at[k][g])) {
        *cur = v;
        r->at[k][g] = scenario;
    }
}

void ig_sweep_ranges_merge(ig_sweep_ranges *into, const ig_sweep_ranges *from)
{
    for (size_t g = 0; g < into->n_g; g++)
        for (int k = 0; k < IG_SWEEP_N_RANGES; k++)
            ig_sweep_ranges_note(into, k, g, from->v[k][g], from->at[k][g]);
}

/* ---- the sample behind the quantiles --------------------------------------------------- */

/* A 64-bit mixing function (the finaliser of splitmix64): the round function. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

bool ig_sweep_sample_init(ig_sweep_sample *s, size_t n_scenarios, size_t n_g)
{
    memset(s, 0, sizeof *s);
    s->n_scenarios = n_scenarios;
    s->k = n_scenarios < IG_SWEEP_SAMPLE ? n_scenarios : IG_SWEEP_SAMPLE;
    s->n_g = n_g;
    if (n_scenarios > IG_SWEEP_SAMPLE) /* a Feistel network over 2 * half >= log2(n) bits */
        for (s->half = 1; (UINT64_C(1) << (2 * s->half)) < n_scenarios; s->half++)
            ;
    const size_t cells = (s->k ? s->k : 1) * (n_g ? n_g : 1);
    s->v[0] = malloc(cells * sizeof *s->v[0]);
    s->v[1] = malloc(cells * sizeof *s->v[1]);
    s->at = malloc((s->k ? s->k : 1) * sizeof *s->at);
    if (!s->v[0] || !s->v[1] || !s->at)
        return false;
    for (size_t i = 0; i < s->k; i++)
        s->at[i] = SIZE_MAX;
    return true;
}

void ig_sweep_sample_clear(ig_sweep_sample *s)
{
    free(s->v[0]);
    free(s->v[1]);
    free(s->at);
    memset(s, 0, sizeof *s);
}

size_t ig_sweep_sample_slot(const ig_sweep_sample *s, size_t index)
{
    if (!s->half)
        return index < s->k ? index : SIZE_MAX;
    /* Four Feistel rounds permute [0, 2^(2 half)); walking the cycle until the value
     * falls below n makes a permutation of [0, n) (it ends: the cycle holds index). */
    const uint64_t mask = (UINT64_C(1) << s->half) - 1;
    uint64_t x = index;
    do {
        uint64_t l = x >> s->half, r = x & mask;
        for (uint64_t round = 1; round <= 4; round++) {
            uint64_t t = r;
            r = l ^ (mix64(r + round * UINT64_C(0x9e3779b97f4a7c15)) & mask);
            l = t;
        }
        x = l << s->half | r;
    } while (x >= s->n_scenarios);
    return x < s->k ? (size_t)x : SIZE_MAX;
}

/* The values the sorted data[0..n) would hold at `lo` and, when lo + 1 < n, at lo + 1,
 * into pair[0] and pair[1], without sorting: GSL's quickselect finds the first (and
 * reorders data), and the second is the same value when more than lo + 1 values are at
 * most it, else the smallest value above it. */
static void ranks_of(double *data, size_t n, size_t lo, double *pair)
{
    const double v = gsl_stats_select(data, 1, n, lo);
    pair[0] = v;
    if (lo + 1 >= n)
        return;
    size_t at_most = 0;
    double above = INFINITY;
    for (size_t i = 0; i < n; i++) {
        at_most += data[i] <= v;
        above = data[i] > v && data[i] < above ? data[i] : above;
    }
    pair[1] = at_most > lo + 1 ? v : above;
}

bool ig_sweep_sample_quantiles(const ig_sweep_sample *s, int q, size_t g, const double *p,
                               size_t n_p, double *scratch, int64_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < s->k; i++)
        if (s->at[i] != SIZE_MAX)
            scratch[n++] = (double)s->v[q][g * s->k + i];
    if (!n)
        return false;
    /* GSL's quantile of sorted data reads the two values around p (n - 1): given just
     * those two, as sorted data of their own, at the fraction between them, it computes
     * the same expression on the same numbers (a heap sort of every value took longer
     * than the rest of the sweep's tail) */
    for (size_t i = 0; i < n_p; i++) {
        const double index = p[i] * (double)(n - 1);
        const size_t lhs = (size_t)(int)index;
        const double delta = index - (double)lhs;
        double pair[2];
        ranks_of(scratch, n, lhs, pair);
        const bool two = lhs + 1 < n;
        out[i] = ig_round(gsl_stats_quantile_from_sorted_data(pair, 1, two ? 2 : 1, two ? delta : 0));
    }
    return true;
}

bool ig_sweep_sample_quantile(const ig_sweep_sample *s, int q, size_t g, double p, double *scratch,
                              int64_t *out)
{
    return ig_sweep_sample_quantiles(s, q, g, &p, 1, scratch, out);
}

/* The quantiles written beside each range, and the words of their columns. */
static const double quantile_p[3] = {0.05, 0.5, 0.95};

static const char ranges_header[] =
    "gemeentecode,gemeentenaam,verschil_per_inwoner_eindjaar_min,scenario_min_eindjaar,"
    "verschil_per_inwoner_eindjaar_max,scenario_max_eindjaar,"
    "grootste_jaarverlies_per_inwoner_min,scenario_min_jaarverlies,"
    "grootste_jaarverlies_per_inwoner_max,scenario_max_jaarverlies,"
    "verschil_per_inwoner_eindjaar_p5,verschil_per_inwoner_eindjaar_mediaan,"
    "verschil_per_inwoner_eindjaar_p95,grootste_jaarverlies_per_inwoner_p5,"
    "grootste_jaarverlies_per_inwoner_mediaan,grootste_jaarverlies_per_inwoner_p95\n";

/* The quantiles of every gemeente, computed by several threads after the sweep (each
 * gemeente's on its own, so the numbers do not depend on who computed them). */
typedef struct quantile_job {
    const ig_sweep_sample *sample;
    size_t n_g;
    int64_t *q; /* [(g * 2 + quantity) * 3 + i]: quantile_p[i] */
    bool *any;  /* [g * 2 + quantity]: the sample has a value */
    atomic_size_t next;
    atomic_bool nomem;
} quantile_job;

static void *quantile_thread(void *p)
{
    quantile_job *j = p;
    double *scratch = malloc((j->sample->k ? j->sample->k : 1) * sizeof *scratch);
    if (!scratch) { /* the others take its gemeenten */
        atomic_store(&j->nomem, true);
        return NULL;
    }
    for (size_t g; (g = atomic_fetch_add(&j->next, 1)) < j->n_g;)
        for (int q = 0; q < 2; q++)
            j->any[g * 2 + q] = ig_sweep_sample_quantiles(j->sample, q, g, quantile_p, 3, scratch,
                                                          j->q + (g * 2 + q) * 3);
    free(scratch);
    return NULL;
}

/* gemeente_bereik.csv: per gemeente its four ranges and the scenarios that gave them,
 * then the p5, median and p95 of each quantity over the sample (empty without one),
 * those found on `threads` threads. */
static bool ranges_csv(ig_buf *b, const ingroei_run *base, const ig_sweep_ranges *r,
                       const ig_sweep_sample *sample, unsigned threads)
{
    const size_t n_g = base->n_g;
    quantile_job job = {.sample = sample, .n_g = n_g};
    job.q = malloc((n_g ? n_g : 1) * 6 * sizeof *job.q);
    job.any = malloc((n_g ? n_g : 1) * 2 * sizeof *job.any);
    atomic_init(&job.next, 0);
    atomic_init(&job.nomem, false);
    if (!job.q || !job.any) {
        free(job.q);
        free(job.any);
        return false;
    }
    pthread_t thread[MAX_THREADS];
    bool running[MAX_THREADS] = {false};
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    for (unsigned i = 1; i < threads && i < n_g; i++)
        running[i] = pthread_create(&thread[i], NULL, quantile_thread, &job) == 0;
    quantile_thread(&job);
    for (unsigned i = 1; i < threads && i < n_g; i++)
        if (running[i])
            pthread_join(thread[i], NULL);
    /* every gemeente done, unless no thread had the memory for it */
    const bool done = atomic_load(&job.next) >= n_g || !atomic_load(&job.nomem);
    ig_buf_puts(b, ranges_header);
    for (size_t g = 0; done && g < n_g; g++) {
        ig_csv_field(b, base->code[g]);
        ig_buf_putc(b, ',');
        ig_csv_field(b, base->name[g]);
        for (int k = 0; k < IG_SWEEP_N_RANGES; k++) {
            ig_buf_putc(b, ',');
            if (r->at[k][g] == SIZE_MAX) { /* no scenario (a shard with none): empty */
                ig_buf_putc(b, ',');
                continue;
            }
            put_cents(b, r->v[k][g]);
            ig_buf_printf(b, ",%zu", r->at[k][g]);
        }
        for (int q = 0; q < 2; q++)
            for (int i = 0; i < 3; i++) {
                ig_buf_putc(b, ',');
                if (job.any[g * 2 + q])
                    put_cents(b, job.q[(g * 2 + q) * 3 + i]);
            }
        ig_buf_putc(b, '\n');
    }
    free(job.q);
    free(job.any);
    return done;
}

/* gemeente_steekproef.csv, for one shard of several: the header names the scenarios of
 * the sample this shard ran; per gemeente a row of their last-year differences and one
 * of their largest yearly losses per inhabitant. */
static void sample_csv(ig_buf *b, const ingroei_run *base, const ig_sweep_sample *s)
{
    ig_buf_puts(b, "gemeentecode,reeks");
    for (size_t i = 0; i < s->k; i++)
        if (s->at[i] != SIZE_MAX)
            ig_buf_printf(b, ",%zu", s->at[i]);
    ig_buf_putc(b, '\n');
    for (size_t g = 0; g < base->n_g; g++)
        for (int q = 0; q < 2; q++) {
            ig_csv_field(b, base->code[g]);
            ig_buf_puts(b, q ? ",jaarverlies" : ",eindjaar");
            for (size_t i = 0; i < s->k; i++)
                if (s->at[i] != SIZE_MAX) {
                    ig_buf_putc(b, ',');
                    put_cents(b, s->v[q][g * s->k + i]);
                }
            ig_buf_putc(b, '\n');
        }
}

/* sweep.json: what was swept, from which files, and which shard this is. */
static void receipt(ig_buf *b, const ingroei_sweep *sw, const ingroei_run *base,
                    const ig_sweep_sample *sample, unsigned shard,
                    unsigned count, size_t first, size_t last)
{
    ig_json_receipt_begin(b);
    ig_buf_puts(b, ",\n  \"sweep\": {\"name\": ");
    ig_json_string(b, sw->name);
    ig_buf_puts(b, ", \"sha256\": ");
    ig_json_string(b, sw->sha256);
    ig_buf_puts(b, "},\n  \"base_scenario\": {\"name\": ");
    ig_json_string(b, sw->base->name);
    ig_buf_puts(b, ", \"sha256\": ");
    ig_json_string(b, sw->base->sha256);
    ig_buf_printf(b, "},\n  \"illustrative\": %s,\n  \"notice\": ",
                  base->obj.illustrative ? "true" : "false");
    if (base->obj.illustrative)
        ig_json_string(b, base->obj.notice);
    else
        ig_buf_puts(b, "null");
    ig_buf_printf(b, ",\n  \"mode\": \"%s\",\n", sw->sample ? "sample" : "grid");
    if (sw->sobol)
        ig_buf_puts(b, "  \"design\": \"sobol\",\n  \"generator\": \"gsl_qrng_sobol\",\n");
    else if (sw->sample)
        ig_buf_printf(b, "  \"seed\": %llu,\n  \"generator\": \"gsl_rng_mt19937\",\n",
                      (unsigned long long)sw->seed);
    ig_buf_printf(b, "  \"scenarios\": %zu,\n", sw->n_scenarios);
    /* one shard of several holds only its part of the sample: say so, and how much */
    size_t filled = 0;
    for (size_t i = 0; count > 1 && i < sample->k; i++)
        filled += sample->at[i] != SIZE_MAX;
    ig_buf_printf(b,
                  "  \"quantiles\": {\"method\": \"%s\", \"sample\": %zu, "
                  "\"function\": \"gsl_stats_quantile_from_sorted_data\"},\n",
                  count > 1 ? "this shard's part of the sample only: whole after sweep-merge"
                  : sw->n_scenarios <= IG_SWEEP_SAMPLE ? "exact, every scenario"
                                                       : "a fixed sample of the scenarios",
                  count > 1 ? filled
                  : sw->n_scenarios < IG_SWEEP_SAMPLE ? sw->n_scenarios
                                                      : (size_t)IG_SWEEP_SAMPLE);
    ig_buf_puts(b, "  \"loss_threshold_per_inhabitant\": ");
    ig_put_decimal(b, sw->loss_threshold);
    ig_buf_puts(b, ",\n  \"parameters\": [\n");
    for (size_t i = 0; i < sw->n_params; i++) {
        ig_buf_puts(b, "    {\"name\": ");
        ig_json_string(b, sw->params[i].name);
        ig_buf_puts(b, ", \"values\": [");
        for (size_t k = 0; k < sw->params[i].n_values; k++) {
            ig_buf_puts(b, k ? ", " : "");
            ig_put_decimal(b, sw->params[i].values[k]);
        }
        ig_buf_puts(b, i + 1 < sw->n_params ? "]},\n" : "]}\n");
    }
    ig_buf_printf(b,
                  "  ],\n  \"shard\": {\"index\": %u, \"count\": %u, \"first_scenario\": %zu, "
                  "\"scenarios\": %zu}\n}\n",
                  shard, count, first, last - first);
}

ingroei_status ig_sweep_write_tail(const ig_stage *stage, const ingroei_sweep *sw,
                                   const ingroei_run *base, const ig_sweep_ranges *ranges,
                                   const ig_sweep_sample *sample, unsigned shard, unsigned count,
                                   size_t first, size_t last, unsigned threads,
                                   ingroei_output_report *report, ingroei_error *err)
{
    ig_buf b = {0};
    ingroei_status st = ranges_csv(&b, base, ranges, sample, threads)
                            ? ig_write_file(stage->path, "gemeente_bereik.csv", &b, report, err)
                            : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ig_buf_free(&b);
    if (st == INGROEI_OK && count > 1) {
        sample_csv(&b, base, sample);
        st = ig_write_file(stage->path, "gemeente_steekproef.csv", &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK) {
        receipt(&b, sw, base, sample, shard, count, first, last);
        st = ig_write_file(stage->path, "sweep.json", &b, report, err);
        ig_buf_free(&b);
    }
    return st;
}

ingroei_status ingroei_sweep_run(const ingroei_sweep *sw, const ingroei_sweep_options *o,
                                 ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!sw || !o || !o->dir || !o->shard_count || o->shard >= o->shard_count)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "a sweep needs an output directory and a shard i of n with i < n");
    const size_t first = (size_t)((unsigned __int128)sw->n_scenarios * o->shard / o->shard_count);
    const size_t last =
        (size_t)((unsigned __int128)sw->n_scenarios * (o->shard + 1) / o->shard_count);
    ingroei_run *base = NULL;
    ingroei_status st = ingroei_run_new(&base, sw->base, err);
    if (st != INGROEI_OK)
        return st;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned n = o->threads ? o->threads : (cpus > 0 ? (unsigned)cpus : 1);
    if (n > MAX_THREADS)
        n = MAX_THREADS;
    const unsigned threads = n; /* for the quantiles at the end, however few the scenarios */
    if (n > last - first && last > first)
        n = (unsigned)(last - first);
    if (n == 0)
        n = 1;
    shared sh = {0};
    ig_sweep_sample sample;
    bool sample_ok = ig_sweep_sample_init(&sample, sw->n_scenarios, base->n_g);
    /* the values of the block being computed and of the next, and their orders */
    double *values = malloc(2 * BLOCK * (sw->n_params + 1) * sizeof *values);
    ordered *order = malloc(2 * BLOCK * sizeof *order);
    double *metrics = malloc(BLOCK * N_METRICS * sizeof *metrics);
    gsl_qrng *qrng = sw->sobol ? gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)sw->n_params) : NULL;
    if (qrng) { /* a shard starts its sequence at its first scenario */
        double u[IG_SWEEP_SOBOL_MAX];
        for (size_t i = 0; i < first; i++)
            gsl_qrng_get(qrng, u);
    }
    worker *ws = calloc(n, sizeof *ws);
    thread_arg *args = calloc(n, sizeof *args);
    ig_stage stage = {0};
    ig_stage_file csv = {0};
    ig_buf b = {0};
    if (!ws || !args || !sample_ok || !values || !order || !metrics || (sw->sobol && !qrng)) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (unsigned i = 0; i < n && st == INGROEI_OK; i++)
        st = worker_init(&ws[i], sw, base, &sample, err);
    if (st == INGROEI_OK)
        st = ig_stage_open(&stage, o->dir, err);
    if (st != INGROEI_OK)
        goto done;
    st = ig_stage_file_open(&csv, &stage, "sweep.csv", err);
    if (st != INGROEI_OK)
        goto done;
    ig_sweep_csv_header(&b, sw);
    st = ig_stage_file_append(&csv, &b, err);
    /* Each round computes a block and draws the values of the next; the first draws
     * the first block's only. Rows go by scenario index, so the result does not depend
     * on who ran what, nor in which order. */
    const size_t stride = BLOCK * (sw->n_params + 1);
    size_t cur = 0; /* which half of values and order holds the block to compute */
    for (size_t block = first, len = 0; st == INGROEI_OK && (len || block < last);) {
        if (o->cancel && *o->cancel) {
            st = ig_fail(err, INGROEI_ERR_CANCELLED, NULL, 0, 0, "the sweep was stopped");
            break;
        }
        const size_t next = block + len, next_len = last - next < BLOCK ? last - next : BLOCK;
        sh = (shared){.block_first = block,
                      .block_len = len,
                      .values = values + cur * stride,
                      .order = order + cur * BLOCK,
                      .metrics = metrics,
                      .next_first = next,
                      .next_len = qrng ? 0 : next_len,
                      .next_values = values + (1 - cur) * stride,
                      .next_order = order + (1 - cur) * BLOCK,
                      .cancel = o->cancel};
        if (qrng) /* the next block's points, in sequence */
            block_values(sw, qrng, next_len, sh.next_values, sh.next_order);
        st = run_round(&sh, ws, args, len || sh.next_len > CHUNK ? n : 1, err);
        /* the block may be incomplete, and a failure in it need not be its first: a stop
         * asked for is what the sweep reports */
        if (o->cancel && *o->cancel)
            st = ig_fail(err, INGROEI_ERR_CANCELLED, NULL, 0, 0, "the sweep was stopped");
        for (size_t k = 0; st == INGROEI_OK && k < len; k++)
            csv_row(&b, sw, base, block + k, metrics + k * N_METRICS,
                    sh.values + k * sw->n_params);
        if (st == INGROEI_OK && len)
            st = ig_stage_file_append(&csv, &b, err);
        if (st == INGROEI_OK && len && o->progress)
            o->progress(o->progress_context, block + len - first, last - first);
        qsort(sh.next_order, next_len, sizeof *sh.next_order, ordered_cmp);
        cur = 1 - cur;
        block = next;
        len = next_len;
    }
done:
    ig_buf_free(&b);
    ingroei_status cs = ig_stage_file_close(&csv, report, st == INGROEI_OK ? err : NULL);
    if (st == INGROEI_OK)
        st = cs;
    for (unsigned i = 1; st == INGROEI_OK && i < n; i++)
        ig_sweep_ranges_merge(&ws[0].ranges, &ws[i].ranges);
    if (st == INGROEI_OK)
        st = ig_sweep_write_tail(&stage, sw, base, &ws[0].ranges, &sample, o->shard, o->shard_count,
                                 first, last, threads, report, err);
    if (st == INGROEI_OK)
        st = ig_stage_commit(&stage, report, err);
    else if (stage.path)
        ig_stage_close(&stage);
    for (unsigned i = 0; ws && i < n; i++)
        worker_clear(&ws[i]);
    free(ws);
    free(args);
    ig_sweep_sample_clear(&sample);
    free(values);
    free(order);
    free(metrics);
    if (qrng)
        gsl_qrng_free(qrng);
    ingroei_run_free(base);
    return st;
}
