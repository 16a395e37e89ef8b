/* test_money.c - core/money.c: the compensated sum, rounding half away from zero,
 * largest-remainder rounding onto a whole-euro target, and weights into shares. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/core.h"
#include "support/support.h"

#include <math.h>
#include <stdlib.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- ig_sum ------------------------------------------------------------------------ */

static void sum_cancels_large_terms(void **state)
{
    (void)state;
    const double x[] = {1e16, 1.0, -1e16};
    /* A plain left-to-right sum loses the 1.0 (1e16 + 1 == 1e16 in doubles). */
    assert_true(ig_sum(x, N_ELEMS(x)) == 1.0);

    /* Neumaier (unlike Kahan) also recovers small terms added to a larger sum. */
    const double y[] = {1.0, 1e100, 1.0, -1e100};
    assert_true(ig_sum(y, N_ELEMS(y)) == 2.0);
}

static void sum_of_many_tenths(void **state)
{
    (void)state;
    double ten[10];
    double naive = 0.0;
    for (size_t i = 0; i < N_ELEMS(ten); i++) {
        ten[i] = 0.1;
        naive += 0.1;
    }
    assert_true(naive != 1.0); /* the plain sum is 0.9999999999999999 */
    assert_true(ig_sum(ten, N_ELEMS(ten)) == 1.0);

    enum { MANY = 1000000 };
    static double many[MANY];
    for (size_t i = 0; i < MANY; i++)
        many[i] = 0.1;
    /* The exact sum of 10^6 copies of the double 0.1 is 100000.0000000000055..., whose
     * nearest double is 100000. */
    assert_true(ig_sum(many, MANY) == 100000.0);
}

static void sum_edge_cases(void **state)
{
    (void)state;
    assert_true(ig_sum(NULL, 0) == 0.0);
    const double one[] = {-3.25};
    assert_true(ig_sum(one, 1) == -3.25);
    const double mixed[] = {0.5, 0.25, -0.125, 4.0};
    assert_true(ig_sum(mixed, N_ELEMS(mixed)) == 4.625);
}

/* ---- ig_round ---------------------------------------------------------------------- */

static void round_half_away_from_zero(void **state)
{
    (void)state;
    assert_int_equal(ig_round(0.5), 1);
    assert_int_equal(ig_round(-0.5), -1);
    assert_int_equal(ig_round(1.5), 2);
    assert_int_equal(ig_round(-1.5), -2);
    assert_int_equal(ig_round(2.5), 3); /* not 2: no banker's rounding */
    assert_int_equal(ig_round(-2.5), -3);
    assert_int_equal(ig_round(0.0), 0);
    assert_int_equal(ig_round(-0.0), 0);
    assert_int_equal(ig_round(2.4999999999999996), 2);
    assert_int_equal(ig_round(7.0), 7);
    assert_int_equal(ig_round(-7.25), -7);
    assert_int_equal(ig_round(-7.75), -8);
}

static void round_just_below_half(void **state)
{
    (void)state;
    /* The largest double below 0.5: x + 0.5 would round up to 1.0 in doubles. */
    assert_true(0.49999999999999994 < 0.5);
    assert_int_equal(ig_round(0.49999999999999994), 0);
    assert_int_equal(ig_round(-0.49999999999999994), 0);
}

static void round_large_values(void **state)
{
    (void)state;
    /* 2^52 + 1 and neighbours: every double from 2^52 on is an integer. */
    assert_true(ig_round(4503599627370497.0) == INT64_C(4503599627370497));
    assert_true(ig_round(-4503599627370497.0) == -INT64_C(4503599627370497));
    /* 2^51 + 0.5 is exact: rounds away from zero. */
    assert_true(ig_round(2251799813685248.5) == INT64_C(2251799813685249));
    assert_true(ig_round(-2251799813685248.5) == -INT64_C(2251799813685249));
    assert_true(ig_round(1e15 + 0.5) == INT64_C(1000000000000001));
    /* The largest double below 2^62. */
    assert_true(ig_round(4611686018427387392.0) == INT64_C(4611686018427387392));
    assert_true(ig_round(-4611686018427387392.0) == -INT64_C(4611686018427387392));
    /* A typical budget. */
    assert_true(ig_round(1642005000.4999998) == INT64_C(1642005000));
    assert_true(ig_round(1642005000.5) == INT64_C(1642005001));
}

/* ---- ig_largest_remainder ------------------------------------------------------------ */

static int64_t sum64(const int64_t *v, size_t n)
{
    int64_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

static void lr_largest_fraction_first(void **state)
{
    (void)state;
    const double x[] = {0.2, 0.7, 0.1, 2.6, 3.4}; /* sum 7.0, floor-sum 5 */
    int64_t out[N_ELEMS(x)];
    ig_lr_slot scratch[N_ELEMS(x)];
    assert_int_equal(ig_largest_remainder(x, N_ELEMS(x), 7, out, scratch), INGROEI_OK);
    /* Fractions .7 (index 1) and .6 (index 3) win. */
    const int64_t want[] = {0, 1, 0, 3, 3};
    for (size_t i = 0; i < N_ELEMS(x); i++)
        assert_int_equal(out[i], want[i]);
    assert_int_equal(sum64(out, N_ELEMS(x)), 7);
}

static void lr_ties_go_to_lower_index(void **state)
{
    (void)state;
    const double x[] = {1.5, 0.5, 2.5, 0.5};
    int64_t out[N_ELEMS(x)];
    ig_lr_slot scratch[N_ELEMS(x)];
    /* floor-sum 3; one, two or three extra units in index order. */
    const int64_t want1[] = {2, 0, 2, 0};
    const int64_t want2[] = {2, 1, 2, 0};
    const int64_t want3[] = {2, 1, 3, 0};
    const int64_t *want[] = {want1, want2, want3};
    for (int k = 1; k <= 3; k++) {
        assert_int_equal(ig_largest_remainder(x, N_ELEMS(x), 3 + k, out, scratch), INGROEI_OK);
        for (size_t i = 0; i < N_ELEMS(x); i++)
            assert_int_equal(out[i], want[k - 1][i]);
    }
}

static void lr_exact_integers_need_no_extra_unit(void **state)
{
    (void)state;
    const double x[] = {3.0, 0.0, 7.0, 1000000000.0};
    int64_t out[N_ELEMS(x)];
    ig_lr_slot scratch[N_ELEMS(x)];
    assert_int_equal(ig_largest_remainder(x, N_ELEMS(x), 1000000010, out, scratch), INGROEI_OK);
    assert_int_equal(out[0], 3);
    assert_int_equal(out[1], 0);
    assert_int_equal(out[2], 7);
    assert_int_equal(out[3], 1000000000);
}

static void lr_bounds_of_the_target(void **state)
{
    (void)state;
    const double x[] = {0.9, 1.9, 2.9}; /* floor-sum 3, at most 3 + 3 */
    int64_t out[N_ELEMS(x)];
    ig_lr_slot scratch[N_ELEMS(x)];
    assert_int_equal(ig_largest_remainder(x, 3, 3, out, scratch), INGROEI_OK);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 1);
    assert_int_equal(out[2], 2);
    assert_int_equal(ig_largest_remainder(x, 3, 6, out, scratch), INGROEI_OK);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 3);
    assert_int_equal(ig_largest_remainder(x, 3, 2, out, scratch), INGROEI_ERR_NUMERIC);
    assert_int_equal(ig_largest_remainder(x, 3, 7, out, scratch), INGROEI_ERR_NUMERIC);
    assert_int_equal(ig_largest_remainder(x, 3, -1, out, scratch), INGROEI_ERR_NUMERIC);
    /* No units at all: only a zero target fits. */
    assert_int_equal(ig_largest_remainder(NULL, 0, 0, NULL, NULL), INGROEI_OK);
    assert_int_equal(ig_largest_remainder(NULL, 0, 1, NULL, NULL), INGROEI_ERR_NUMERIC);
}

static void lr_rejects_bad_inputs(void **state)
{
    (void)state;
    int64_t out[3];
    ig_lr_slot scratch[3];
    const double neg[] = {1.0, -0.5, 2.0};
    assert_int_equal(ig_largest_remainder(neg, 3, 3, out, scratch), INGROEI_ERR_NUMERIC);
    const double nan_[] = {1.0, NAN, 2.0};
    assert_int_equal(ig_largest_remainder(nan_, 3, 3, out, scratch), INGROEI_ERR_NUMERIC);
    const double inf_[] = {INFINITY, 0.0, 2.0};
    assert_int_equal(ig_largest_remainder(inf_, 3, 3, out, scratch), INGROEI_ERR_NUMERIC);
}

/* A deterministic spread of inputs: the sum is the target and every part is its floor
 * or floor + 1. */
static void lr_random_conservation(void **state)
{
    (void)state;
    enum { N = 97 };
    double x[N];
    int64_t out[N];
    ig_lr_slot scratch[N];
    uint64_t s = 12345;
    for (int round = 0; round < 200; round++) {
        for (size_t i = 0; i < N; i++) {
            s = s * 6364136223846793005u + 1442695040888963407u;
            x[i] = (double)(s >> 11) / 9007199254740992.0 * 1e6;
        }
        int64_t floor_sum = 0;
        for (size_t i = 0; i < N; i++)
            floor_sum += (int64_t)floor(x[i]);
        int64_t target = floor_sum + (int64_t)(s % (N + 1));
        assert_int_equal(ig_largest_remainder(x, N, target, out, scratch), INGROEI_OK);
        assert_int_equal(sum64(out, N), target);
        for (size_t i = 0; i < N; i++) {
            int64_t f = (int64_t)floor(x[i]);
            assert_true(out[i] == f || out[i] == f + 1);
        }
    }
}

/* A plain reference: sort every unit by (fraction descending, index ascending) and give
 * the first `extra` units one more. */
static int ref_cmp(const void *a, const void *b)
{
    const ig_lr_slot *p = a, *q = b;
    if (p->frac != q->frac)
        return p->frac > q->frac ? -1 : 1;
    return p->index < q->index ? -1 : p->index > q->index;
}

static void ref_largest_remainder(const double *x, size_t n, int64_t target, int64_t *out,
                                  ig_lr_slot *slots)
{
    int64_t floor_sum = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = (int64_t)floor(x[i]);
        floor_sum += out[i];
        slots[i].frac = x[i] - floor(x[i]);
        slots[i].index = i;
    }
    qsort(slots, n, sizeof *slots, ref_cmp);
    for (int64_t k = 0; k < target - floor_sum; k++)
        out[slots[k].index] += 1;
}

/* splitmix64: a small, reproducible generator for the random cases below. */
static uint64_t mix_state;

static uint64_t mix_next(void)
{
    return ts_splitmix64(&mix_state);
}

/* Fractions chosen to stress the order: many exact ties, values on and just beside
 * multiples of 1/256 and 1/2, values crowded into one narrow range, values just below
 * 1, and plain random ones; every unit order and every target from floor-sum to
 * floor-sum + n must give exactly the reference's result. */
static void lr_matches_reference(void **state)
{
    (void)state;
    enum { MAXN = 3000 };
    static double x[MAXN];
    static int64_t out[MAXN], want[MAXN];
    static ig_lr_slot scratch[MAXN], ref_slots[MAXN];
    mix_state = 7;
    for (int round = 0; round < 3000; round++) {
        size_t n = 1 + (size_t)(mix_next() % (round % 10 == 0 ? MAXN : 40));
        int kind = (int)(mix_next() % 6);
        for (size_t i = 0; i < n; i++) {
            double whole = (double)(mix_next() % 1000000);
            double u = (double)(mix_next() >> 11) / 9007199254740992.0;
            double frac;
            switch (kind) {
            case 0: /* few distinct fractions: ties everywhere */
                frac = (double)(mix_next() % 4) / 4.0;
                break;
            case 1: { /* on and beside bucket edges k/256 */
                double edge = (double)(mix_next() % 256) / 256.0;
                int side = (int)(mix_next() % 3);
                frac = side == 0 ? edge : side == 1 ? nextafter(edge, 1.0) : nextafter(edge, 0.0);
                if (frac < 0)
                    frac = 0;
                break;
            }
            case 2: /* crowded into one narrow range */ frac = 0.3 + u * 1e-6; break;
            case 3: /* just below one */ frac = 1.0 - u * 1e-9; break;
            case 4: /* crowded with ties */ frac = 0.5 + (double)(mix_next() % 3) * 1e-12; break;
            default: frac = u;
            }
            x[i] = whole + frac;
            if (x[i] - floor(x[i]) != frac && kind != 3)
                x[i] = whole; /* keep the input exact where the sum rounded */
        }
        int64_t floor_sum = 0;
        for (size_t i = 0; i < n; i++)
            floor_sum += (int64_t)floor(x[i]);
        int64_t extras[] = {
            0, 1, (int64_t)n / 2, (int64_t)n - 1, (int64_t)n, (int64_t)(mix_next() % (n + 1))};
        for (size_t e = 0; e < sizeof extras / sizeof extras[0]; e++) {
            int64_t target = floor_sum + extras[e];
            assert_int_equal(ig_largest_remainder(x, n, target, out, scratch), INGROEI_OK);
            ref_largest_remainder(x, n, target, want, ref_slots);
            for (size_t i = 0; i < n; i++)
                if (out[i] != want[i]) {
                    print_error("round %d kind %d n %zu extra %lld: unit %zu got %lld, "
                                "want %lld\n",
                                round, kind, n, (long long)extras[e], i, (long long)out[i],
                                (long long)want[i]);
                    fail();
                }
        }
    }
}

/* The order among many units of one bucket, with units of higher buckets beside them:
 * 100 units with fractions 0.5 + i/10^4 (all in one bucket), then 100 with 0.9. The 100
 * of 0.9 get their euro first; of the others the 50 largest fractions (i = 50..99) do,
 * and no other unit's euro goes astray. */
static void lr_one_crowded_bucket_among_others(void **state)
{
    (void)state;
    enum { N = 200 };
    double x[N];
    int64_t out[N];
    ig_lr_slot scratch[N];
    int64_t floor_sum = 0;
    for (size_t i = 0; i < N; i++) {
        x[i] = (double)(1000 + i) + (i < 100 ? 0.5 + (double)i * 1e-4 : 0.9);
        floor_sum += (int64_t)(1000 + i);
    }
    assert_int_equal(ig_largest_remainder(x, N, floor_sum + 150, out, scratch), INGROEI_OK);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(out[i], (int64_t)(1000 + i) + (i >= 50));
}

/* More units in the boundary bucket than ig_largest_remainder orders on its stack (128):
 * 800 of 1,200 units with fractions in [0.5, 0.508), many of them equal, the others at
 * 0.9, in an order that mixes the two. For targets that take all of the 0.9 units and
 * none, some or all but one of the crowded ones, the amounts are the reference's (a full
 * sort). */
static void lr_crowded_bucket_beyond_the_stack(void **state)
{
    (void)state;
    enum { N = 1200 };
    static double x[N];
    static int64_t out[N], want[N];
    static ig_lr_slot scratch[N], ref_slots[N];
    int64_t floor_sum = 0;
    for (size_t i = 0; i < N; i++) {
        const double frac = i % 3 == 0 ? 0.9 : 0.5 + (double)((i * 7919) % 400) * 2e-5;
        x[i] = (double)(50000 + 3 * i) + frac;
        floor_sum += (int64_t)(50000 + 3 * i);
    }
    const int64_t extra[] = {400, 401, 750, 1199};
    for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++) {
        assert_int_equal(ig_largest_remainder(x, N, floor_sum + extra[k], out, scratch),
                         INGROEI_OK);
        ref_largest_remainder(x, N, floor_sum + extra[k], want, ref_slots);
        for (size_t i = 0; i < N; i++)
            assert_true(out[i] == want[i]);
    }
}

/* Where ig_largest_remainder's vector variant hands a call to the plain one: values in
 * [2^52, 2^53) (halves at most, beside ordinary values, at every position of a block of
 * eight and in the tail) and more units than its byte buffer holds (5,000, in a crowded
 * bucket too). Whichever variant runs, the amounts are the reference's. */
static void lr_large_values_and_many_units(void **state)
{
    (void)state;
    enum { N = 5000 };
    static double x[N];
    static int64_t out[N], want[N];
    static ig_lr_slot scratch[N], ref_slots[N];
    mix_state = 52;
    const size_t sizes[] = {1, 7, 8, 9, 13, 31, 33, 342, 4096, 4097, N};
    for (size_t z = 0; z < N_ELEMS(sizes); z++) {
        const size_t n = sizes[z];
        for (int big = 0; big < 2; big++) {
            int64_t floor_sum = 0;
            for (size_t i = 0; i < n; i++) {
                const double frac = (double)(mix_next() % 64) / 64.0;
                x[i] = (double)(mix_next() % 100000) + frac;
                if (big && mix_next() % 5 == 0)
                    x[i] = 4503599627370496.0 + (double)(mix_next() % 1000) +
                           (double)(mix_next() % 2) * 0.5;
                floor_sum += (int64_t)floor(x[i]);
            }
            const int64_t extras[] = {0, 1, (int64_t)n / 2, (int64_t)n};
            for (size_t e = 0; e < N_ELEMS(extras); e++) {
                assert_int_equal(ig_largest_remainder(x, n, floor_sum + extras[e], out, scratch),
                                 INGROEI_OK);
                ref_largest_remainder(x, n, floor_sum + extras[e], want, ref_slots);
                assert_memory_equal(out, want, n * sizeof *out);
            }
        }
    }
}

/* The implementation ig_largest_remainder replaced (256 buckets, a branch per unit, the
 * fractions computed twice), kept here as it was to show that the fused, branch-free one
 * gives the same amounts and the same refusals. */
static bool old_before(const ig_lr_slot *a, const ig_lr_slot *b)
{
    return a->frac > b->frac || (a->frac == b->frac && a->index < b->index);
}

static void old_swap(ig_lr_slot *a, ig_lr_slot *b)
{
    ig_lr_slot t = *a;
    *a = *b;
    *b = t;
}

static void old_select_first(ig_lr_slot *s, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1 && k > lo && k < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (old_before(&s[hi - 1], &s[lo]))
            old_swap(&s[hi - 1], &s[lo]);
        if (old_before(&s[mid], &s[lo]))
            old_swap(&s[mid], &s[lo]);
        if (old_before(&s[hi - 1], &s[mid]))
            old_swap(&s[hi - 1], &s[mid]);
        ig_lr_slot pivot = s[mid];
        old_swap(&s[mid], &s[hi - 1]);
        size_t store = lo;
        for (size_t i = lo; i < hi - 1; i++)
            if (old_before(&s[i], &pivot))
                old_swap(&s[i], &s[store++]);
        old_swap(&s[store], &s[hi - 1]);
        if (store == k || store + 1 == k)
            return;
        if (k < store)
            hi = store;
        else
            lo = store + 1;
    }
}

static size_t old_bucket_of(double frac)
{
    size_t b = (size_t)(frac * 256);
    return b < 256 ? b : 255;
}

static ingroei_status old_largest_remainder(const double *x, size_t n, int64_t target, int64_t *out,
                                            ig_lr_slot *scratch)
{
    int64_t floor_sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || x[i] < 0 || x[i] >= 9007199254740992.0)
            return INGROEI_ERR_NUMERIC;
        out[i] = (int64_t)x[i];
        floor_sum += out[i];
    }
    int64_t extra = target - floor_sum;
    if (extra < 0 || (uint64_t)extra > n)
        return INGROEI_ERR_NUMERIC;
    if (extra == 0)
        return INGROEI_OK;
    size_t count[256] = {0};
    for (size_t i = 0; i < n; i++)
        count[old_bucket_of(x[i] - (double)out[i])]++;
    size_t above = 0, boundary = 255;
    while (above + count[boundary] < (size_t)extra) {
        above += count[boundary];
        boundary--;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double frac = x[i] - (double)out[i];
        size_t b = old_bucket_of(frac);
        if (b > boundary)
            out[i] += 1;
        else if (b == boundary)
            scratch[m++] = (ig_lr_slot){frac, i};
    }
    size_t k = (size_t)extra - above;
    old_select_first(scratch, m, k);
    for (size_t j = 0; j < k; j++)
        out[scratch[j].index] += 1;
    return INGROEI_OK;
}

/* The new rounding against the old one: allocations of a few hundred gemeenten as the
 * engine makes them (budgets of 10^5 to 10^10 euro over random keys), crowded fractions,
 * ties, and bad values (negative, NaN, infinite, 2^53) anywhere, with targets inside
 * and just outside the reachable range: the same status, and on success the same
 * amounts. */
static void lr_matches_old_implementation(void **state)
{
    (void)state;
    enum { MAXN = 700 };
    static double x[MAXN], w[MAXN];
    static int64_t out[MAXN], want[MAXN];
    static ig_lr_slot scratch[MAXN], old_scratch[MAXN];
    mix_state = 1616;
    size_t same_ok = 0, same_refused = 0;
    for (int round = 0; round < 4000; round++) {
        const size_t n = 1 + (size_t)(mix_next() % MAXN);
        const int kind = (int)(mix_next() % 5);
        double total_w = 0;
        for (size_t i = 0; i < n; i++) {
            w[i] = (double)(mix_next() >> 11) / 9007199254740992.0;
            total_w += w[i];
        }
        const double budget = pow(10.0, 5.0 + (double)(mix_next() % 6));
        for (size_t i = 0; i < n; i++) {
            switch (kind) {
            case 0: x[i] = budget * (w[i] / total_w); break;
            case 1: x[i] = (double)(mix_next() % 1000) + (double)(mix_next() % 8) / 8.0; break;
            case 2: x[i] = 1e6 + 0.25 + (double)(mix_next() % 5) * 1e-9; break;
            default:
                x[i] =
                    (double)(mix_next() % 100000) + (double)(mix_next() >> 11) / 9007199254740992.0;
            }
        }
        if (kind == 4) { /* one bad value somewhere */
            const double bad[] = {-0.5, NAN, INFINITY, -INFINITY, 9007199254740992.0};
            x[mix_next() % n] = bad[mix_next() % 5];
        }
        int64_t floor_sum = 0;
        for (size_t i = 0; i < n; i++)
            floor_sum += isfinite(x[i]) && x[i] >= 0 && x[i] < 9e15 ? (int64_t)x[i] : 0;
        const int64_t extras[] = {
            -1, 0, 1, (int64_t)n / 3, (int64_t)n, (int64_t)n + 1, (int64_t)(mix_next() % (n + 1))};
        for (size_t e = 0; e < sizeof extras / sizeof extras[0]; e++) {
            const int64_t target = floor_sum + extras[e];
            ingroei_status got = ig_largest_remainder(x, n, target, out, scratch);
            ingroei_status expected = old_largest_remainder(x, n, target, want, old_scratch);
            assert_int_equal(got, expected);
            if (got != INGROEI_OK) {
                same_refused++;
                continue;
            }
            same_ok++;
            for (size_t i = 0; i < n; i++)
                if (out[i] != want[i]) {
                    print_error("round %d kind %d n %zu extra %lld: unit %zu got %lld, old "
                                "%lld\n",
                                round, kind, n, (long long)extras[e], i, (long long)out[i],
                                (long long)want[i]);
                    fail();
                }
        }
    }
    print_message("largest remainder against the old implementation: %zu equal, %zu refused by "
                  "both\n",
                  same_ok, same_refused);
    assert_true(same_ok > 10000 && same_refused > 5000);
}

/* ---- ig_shares --------------------------------------------------------------------- */

static void shares_add_up_to_one(void **state)
{
    (void)state;
    const double w[] = {1.0, 1.0, 1.0};
    double s[3];
    assert_int_equal(ig_shares(w, 3, s), INGROEI_OK);
    for (size_t i = 0; i < 3; i++)
        assert_true(s[i] == 1.0 / 3.0);
    assert_true(fabs(ig_sum(s, 3) - 1.0) <= 1e-15);

    const double w2[] = {0.0, 3.0, 1.0, 0.0};
    double s2[4];
    assert_int_equal(ig_shares(w2, 4, s2), INGROEI_OK);
    assert_true(s2[0] == 0.0 && s2[1] == 0.75 && s2[2] == 0.25 && s2[3] == 0.0);

    enum { N = 1000 };
    static double w3[N], s3[N];
    uint64_t st = 99;
    for (size_t i = 0; i < N; i++) {
        st ^= st << 13;
        st ^= st >> 7;
        st ^= st << 17;
        w3[i] = (double)(st % 1000000007u) * 1234.5678;
    }
    assert_int_equal(ig_shares(w3, N, s3), INGROEI_OK);
    assert_true(fabs(ig_sum(s3, N) - 1.0) <= 1e-15);
    for (size_t i = 0; i < N; i++)
        assert_true(s3[i] >= 0.0 && s3[i] <= 1.0);
}

static void shares_reject_bad_weights(void **state)
{
    (void)state;
    double s[3];
    const double zero[] = {0.0, 0.0, 0.0};
    assert_int_equal(ig_shares(zero, 3, s), INGROEI_ERR_NUMERIC);
    assert_int_equal(ig_shares(NULL, 0, s), INGROEI_ERR_NUMERIC);
    const double neg[] = {1.0, -1.0, 2.0};
    assert_int_equal(ig_shares(neg, 3, s), INGROEI_ERR_NUMERIC);
    const double nan_[] = {1.0, NAN, 2.0};
    assert_int_equal(ig_shares(nan_, 3, s), INGROEI_ERR_NUMERIC);
    const double inf_[] = {1.0, INFINITY, 2.0};
    assert_int_equal(ig_shares(inf_, 3, s), INGROEI_ERR_NUMERIC);
}

/* Every test of ig_largest_remainder runs twice: with the variant the processor runs
 * (on x86 with AVX2 the vector one), and with ig_lr_vector_instructions false, the plain
 * one every other processor runs. */
static int plain_lr(void **state)
{
    (void)state;
    ig_lr_vector_instructions = false;
    return 0;
}

static int vector_lr(void **state)
{
    (void)state;
    ig_lr_vector_instructions = true;
    return 0;
}

#define LR_TESTS(f) cmocka_unit_test(f), cmocka_unit_test_setup_teardown(f, plain_lr, vector_lr)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sum_cancels_large_terms),
        cmocka_unit_test(sum_of_many_tenths),
        cmocka_unit_test(sum_edge_cases),
        cmocka_unit_test(round_half_away_from_zero),
        cmocka_unit_test(round_just_below_half),
        cmocka_unit_test(round_large_values),
        LR_TESTS(lr_largest_fraction_first),
        LR_TESTS(lr_ties_go_to_lower_index),
        LR_TESTS(lr_exact_integers_need_no_extra_unit),
        LR_TESTS(lr_bounds_of_the_target),
        LR_TESTS(lr_rejects_bad_inputs),
        LR_TESTS(lr_one_crowded_bucket_among_others),
        LR_TESTS(lr_crowded_bucket_beyond_the_stack),
        LR_TESTS(lr_random_conservation),
        LR_TESTS(lr_matches_reference),
        LR_TESTS(lr_matches_old_implementation),
        LR_TESTS(lr_large_values_and_many_units),
        cmocka_unit_test(shares_add_up_to_one),
        cmocka_unit_test(shares_reject_bad_weights),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
