/*
 * money.c - compensated sums, shares, and the largest-remainder rounding used when the
 * rounded amounts must add up to a total exactly (README, "What a run does"); rounding
 * half away from zero per line is ig_round (base/num.c).
 */
#include "core/core.h"

#include <math.h>
#include <stdlib.h>

double ig_sum(const double *x, size_t n)
{
    /* Neumaier's variant of Kahan summation: also correct when an addend is larger
     * than the running sum. */
    double s = 0.0, c = 0.0;
    for (size_t i = 0; i < n; i++) {
        double t = s + x[i];
        if (fabs(s) >= fabs(x[i]))
            c += (s - t) + x[i];
        else
            c += (x[i] - t) + s;
        s = t;
    }
    return s + c;
}

/* The order in which units receive the extra euro: larger fractional part first,
 * equal fractions by ascending index. A strict total order, so the set of the first
 * k slots is unique and selection gives the same result as a full sort. */
static bool before(const ig_lr_slot *a, const ig_lr_slot *b)
{
    return a->frac > b->frac || (a->frac == b->frac && a->index < b->index);
}

static void swap_slots(ig_lr_slot *a, ig_lr_slot *b)
{
    ig_lr_slot t = *a;
    *a = *b;
    *b = t;
}

/* Rearranges s[0..n) so that its first k slots are the k first in `before` order
 * (Hoare's quickselect with a median-of-three pivot; O(n) on average). */
static void select_first(ig_lr_slot *s, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* the boundary k lies in [lo, hi) */
    while (hi - lo > 1 && k > lo && k < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (before(&s[hi - 1], &s[lo]))
            swap_slots(&s[hi - 1], &s[lo]);
        if (before(&s[mid], &s[lo]))
            swap_slots(&s[mid], &s[lo]);
        if (before(&s[hi - 1], &s[mid]))
            swap_slots(&s[hi - 1], &s[mid]);
        ig_lr_slot pivot = s[mid];
        /* partition: [lo, store) before the pivot, then the pivot, then the rest */
        swap_slots(&s[mid], &s[hi - 1]);
        size_t store = lo;
        for (size_t i = lo; i < hi - 1; i++)
            if (before(&s[i], &pivot))
                swap_slots(&s[i], &s[store++]);
        swap_slots(&s[store], &s[hi - 1]);
        if (store == k || store + 1 == k)
            return;
        if (k < store)
            hi = store;
        else
            lo = store + 1;
    }
}

/* Buckets for the fractional parts: a unit's bucket only grows with its fraction, so
 * whole buckets above the boundary bucket all receive the extra euro and the exact
 * order is needed only inside the boundary bucket. */
#define LR_BUCKETS 256

/* 2^53: from here on doubles hold no fractions, and the int64 floor-sum of n such values
 * cannot overflow for any n a run has. */
#define LR_LIMIT 9007199254740992.0

static size_t bucket_of(double frac)
{
    size_t b = (size_t)(frac * LR_BUCKETS);
    return b < LR_BUCKETS ? b : LR_BUCKETS - 1;
}

ingroei_status ig_largest_remainder(const double *x, size_t n, int64_t target, int64_t *out,
                                    ig_lr_slot *scratch)
{
    int64_t floor_sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || x[i] < 0 || x[i] >= LR_LIMIT)
            return INGROEI_ERR_NUMERIC;
        out[i] = (int64_t)x[i]; /* truncation is floor for x >= 0 */
        floor_sum += out[i];
    }
    int64_t extra = target - floor_sum;
    if (extra < 0 || (uint64_t)extra > n)
        return INGROEI_ERR_NUMERIC;
    if (extra == 0)
        return INGROEI_OK;
    size_t count[LR_BUCKETS] = {0};
    for (size_t i = 0; i < n; i++)
        count[bucket_of(x[i] - (double)out[i])]++;
    /* Boundary bucket: the highest one at which the count from the top reaches extra. */
    size_t above = 0, boundary = LR_BUCKETS - 1;
    while (above + count[boundary] < (size_t)extra) {
        above += count[boundary];
        boundary--;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double frac = x[i] - (double)out[i];
        size_t b = bucket_of(frac);
        if (b > boundary)
            out[i] += 1;
        else if (b == boundary)
            scratch[m++] = (ig_lr_slot){frac, i};
    }
    size_t k = (size_t)extra - above;
    select_first(scratch, m, k);
    for (size_t j = 0; j < k; j++)
        out[scratch[j].index] += 1;
    return INGROEI_OK;
}

ingroei_status ig_shares(const double *w, size_t n, double *out)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(w[i]) || w[i] < 0)
            return INGROEI_ERR_NUMERIC;
    double total = ig_sum(w, n);
    if (!(total > 0) || !isfinite(total))
        return INGROEI_ERR_NUMERIC;
    for (size_t i = 0; i < n; i++)
        out[i] = w[i] / total;
    return INGROEI_OK;
}
