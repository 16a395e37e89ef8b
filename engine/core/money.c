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
 * order is needed only inside the boundary bucket. 32 of them leave about ten of a few
 * hundred gemeenten in the boundary one; more buckets mean more short lists to walk, and
 * the end of each is a mispredicted branch (callgrind --branch-sim: 64 buckets cost 375
 * more mispredictions per capped compute, 16 cost more instructions). */
#define LR_BUCKET_BITS 5
#define LR_BUCKETS (1 << LR_BUCKET_BITS)

/* The boundary bucket's units are ordered in a buffer on the stack when they fit in it;
 * when more share it (many equal fractions, or thousands of units) they are gathered in
 * scratch. */
#define LR_SMALL 128

/* The end of a bucket's list, and the mark of a unit of the boundary bucket. */
#define LR_END SIZE_MAX
#define LR_MARK (SIZE_MAX - 1)

/* 2^53: from here on doubles hold no fractions, and the int64 floor-sum of n such values
 * cannot overflow for any n a run has. */
#define LR_LIMIT 9007199254740992.0

/* floor(v * 32) for v in [0, 2^53): v * 32 is exact (a power of two, far from overflow)
 * and truncation is the floor of a value >= 0. One conversion gives both what a unit
 * needs: floor(32 v) = 32 floor(v) + floor(32 frac(v)), the latter in [0, 32), so the
 * upper bits are the floor and the lowest five the bucket of the fraction. */
static inline int64_t scaled_floor(double v)
{
    return (int64_t)(v * LR_BUCKETS);
}

/* The fractional part of x in [0, 2^53), as the first pass computes it. */
static inline double frac_of(double x)
{
    return x - (double)(int64_t)x;
}

ingroei_status ig_largest_remainder(const double *x, size_t n, int64_t target, int64_t *out,
                                    ig_lr_slot *scratch)
{
    /* One pass: floors, their sum, and a list of the units of each bucket (linked
     * through scratch[i].index, the head in head[]). A value out of range is replaced by
     * 0 so that its conversion stays defined, and the whole call then fails. */
    int64_t floor_sum = 0;
    bool bad = false;
    size_t head[LR_BUCKETS], count[LR_BUCKETS] = {0};
    for (size_t b = 0; b < LR_BUCKETS; b++)
        head[b] = LR_END;
    for (size_t i = 0; i < n; i++) {
        const double xi = x[i];
        const bool ok = xi >= 0 && xi < LR_LIMIT; /* false for NaN and infinities too */
        bad |= !ok;
        const int64_t sc = scaled_floor(ok ? xi : 0.0);
        const int64_t f = sc >> LR_BUCKET_BITS;
        const size_t b = (size_t)(sc & (LR_BUCKETS - 1));
        out[i] = f;
        floor_sum += f;
        scratch[i].index = head[b];
        head[b] = i;
        count[b]++;
    }
    if (bad)
        return INGROEI_ERR_NUMERIC;
    int64_t extra = target - floor_sum;
    if (extra < 0 || (uint64_t)extra > n)
        return INGROEI_ERR_NUMERIC;
    if (extra == 0)
        return INGROEI_OK;
    /* Boundary bucket: the highest one at which the count from the top reaches extra.
     * Every unit above it gets its euro. */
    size_t above = 0, boundary = LR_BUCKETS - 1;
    while (above + count[boundary] < (size_t)extra) {
        above += count[boundary];
        for (size_t i = head[boundary]; i != LR_END; i = scratch[i].index)
            out[i] += 1;
        boundary--;
    }
    /* The k first of the boundary bucket in `before` order get theirs: a strict total
     * order, so the set is the same in whatever order its units are gathered. Their
     * fractions are found again from x (the same operations, the same bits). */
    const size_t m = count[boundary], k = (size_t)extra - above;
    ig_lr_slot small[LR_SMALL], *s = small;
    if (m <= LR_SMALL) {
        size_t j = 0;
        for (size_t i = head[boundary]; i != LR_END; i = scratch[i].index)
            small[j++] = (ig_lr_slot){frac_of(x[i]), i};
    } else {
        /* mark the bucket's units, then gather them in index order: slot j <= i was read */
        for (size_t i = head[boundary]; i != LR_END;) {
            const size_t next = scratch[i].index;
            scratch[i].index = LR_MARK;
            i = next;
        }
        size_t j = 0;
        for (size_t i = 0; i < n; i++)
            if (scratch[i].index == LR_MARK)
                scratch[j++] = (ig_lr_slot){frac_of(x[i]), i};
        s = scratch;
    }
    select_first(s, m, k);
    for (size_t j = 0; j < k; j++)
        out[s[j].index] += 1;
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
