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
#define LR_BUCKETS     (1 << LR_BUCKET_BITS)

/* The boundary bucket's units are ordered in a buffer on the stack when they fit in it;
 * when more share it (many equal fractions, or thousands of units) they are gathered in
 * scratch. */
#define LR_SMALL 128

/* The end of a bucket's list, and the mark of a unit of the boundary bucket. */
#define LR_END  SIZE_MAX
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

static ingroei_status lr_plain(const double *x, size_t n, int64_t target, int64_t *out,
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

/* x86 processors with AVX2 run a variant whose passes handle four to thirty-two units
 * per instruction (lr_avx2): floor with ROUNDPD, the fraction x - floor(x) (exact), the
 * bucket floor(32 frac) as a byte, the floor as int64 from the bits of floor(x) + 2^52
 * (exact below 2^52). floor(32 x) = 32 floor(x) + floor(32 frac(x)), so each unit gets the
 * floor and bucket lr_plain gives it, and the same units go to the same buckets; the
 * boundary bucket is then found by counting the bytes at or above a bucket (a binary
 * search), the units above it get their euro in one more pass, and the boundary bucket's
 * are gathered and ordered as in lr_plain. A call with a value outside [0, 2^52) or more
 * units than the byte buffer holds runs lr_plain. */
#if IG_X86_VECTORS
#include <immintrin.h>
/* units of lr_avx2's byte buffer: 4,096 units and their padding are at most 129 blocks
 * of 32 bytes, below the 255 a byte counter holds, so counts need no intermediate sums */
#define LR_FAST_MAX 4096
#define LR_TWO52    4503599627370496.0

/* How many of the bytes b[0..n32) (n32 a multiple of 32) are >= t (a bucket, 1..31);
 * the padding holds -1. */
IG_TARGET_AVX2 static size_t count_at_least(const signed char *b, size_t n32, int t)
{
    const __m256i th = _mm256_set1_epi8((char)(t - 1));
    __m256i acc = _mm256_setzero_si256();
    for (size_t i = 0; i < n32; i += 32) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(b + i));
        acc = _mm256_sub_epi8(acc, _mm256_cmpgt_epi8(v, th));
    }
    const __m256i s = _mm256_sad_epu8(acc, _mm256_setzero_si256());
    return (size_t)(_mm256_extract_epi64(s, 0) + _mm256_extract_epi64(s, 1) +
                    _mm256_extract_epi64(s, 2) + _mm256_extract_epi64(s, 3));
}

IG_TARGET_AVX2 IG_NOINLINE static ingroei_status
lr_avx2(const double *x, size_t n, int64_t target, int64_t *out, ig_lr_slot *scratch)
{
    signed char bucket[LR_FAST_MAX + 32];
    const __m256d zero = _mm256_setzero_pd(), two52 = _mm256_set1_pd(LR_TWO52),
                  scale = _mm256_set1_pd((double)LR_BUCKETS);
    const __m256i bits52 = _mm256_castpd_si256(two52);
    __m256d ok = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    __m256i fsum = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256d a = _mm256_loadu_pd(x + i), b = _mm256_loadu_pd(x + i + 4);
        ok = _mm256_and_pd(ok, _mm256_and_pd(_mm256_cmp_pd(a, zero, _CMP_GE_OQ),
                                             _mm256_cmp_pd(a, two52, _CMP_LT_OQ)));
        ok = _mm256_and_pd(ok, _mm256_and_pd(_mm256_cmp_pd(b, zero, _CMP_GE_OQ),
                                             _mm256_cmp_pd(b, two52, _CMP_LT_OQ)));
        const __m256d fa = _mm256_floor_pd(a), fb = _mm256_floor_pd(b);
        const __m128i ba = _mm256_cvttpd_epi32(_mm256_mul_pd(_mm256_sub_pd(a, fa), scale));
        const __m128i bb = _mm256_cvttpd_epi32(_mm256_mul_pd(_mm256_sub_pd(b, fb), scale));
        const __m128i w = _mm_packs_epi32(ba, bb);
        _mm_storel_epi64((__m128i *)(bucket + i), _mm_packs_epi16(w, w));
        const __m256i ia = _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(fa, two52)), bits52);
        const __m256i ib = _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(fb, two52)), bits52);
        _mm256_storeu_si256((__m256i *)(out + i), ia);
        _mm256_storeu_si256((__m256i *)(out + i + 4), ib);
        fsum = _mm256_add_epi64(fsum, _mm256_add_epi64(ia, ib));
    }
    if (_mm256_movemask_pd(ok) != 0xf) {
        _mm256_zeroupper();
        return lr_plain(x, n, target, out, scratch);
    }
    int64_t floor_sum = _mm256_extract_epi64(fsum, 0) + _mm256_extract_epi64(fsum, 1) +
                        _mm256_extract_epi64(fsum, 2) + _mm256_extract_epi64(fsum, 3);
    for (; i < n; i++) {
        const double xi = x[i];
        if (!(xi >= 0 && xi < LR_TWO52)) {
            _mm256_zeroupper();
            return lr_plain(x, n, target, out, scratch);
        }
        const double f = __builtin_floor(xi);
        bucket[i] = (signed char)(int)((xi - f) * LR_BUCKETS);
        out[i] = (int64_t)f;
        floor_sum += out[i];
    }
    const size_t n32 = (n + 31) & ~(size_t)31;
    _mm256_storeu_si256((__m256i *)(bucket + n), _mm256_set1_epi8(-1));
    int64_t extra = target - floor_sum;
    if (extra < 0 || (uint64_t)extra > n)
        return INGROEI_ERR_NUMERIC;
    if (extra == 0)
        return INGROEI_OK;
    /* The boundary bucket: the highest b with at least extra units at or above it (b = 0
     * has all n); the count above it, and its own. */
    int lo = 0, hi = LR_BUCKETS; /* count(>= lo) >= extra, count(>= hi) < extra */
    size_t c_lo = n, c_hi = 0;
    while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        const size_t c = count_at_least(bucket, n32, mid);
        if (c >= (size_t)extra)
            lo = mid, c_lo = c;
        else
            hi = mid, c_hi = c;
    }
    const int boundary = lo;
    const size_t above = c_hi, m = c_lo - c_hi, k = (size_t)extra - above;
    /* one more euro to every unit above the boundary bucket; its units gathered */
    const __m256i bv = _mm256_set1_epi8((char)boundary);
    ig_lr_slot small[LR_SMALL], *s = m <= LR_SMALL ? small : scratch;
    size_t j = 0;
    for (size_t u = 0; u < n32; u += 32) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(bucket + u));
        if (above) {
            const __m256i gt = _mm256_cmpgt_epi8(v, bv);
            const size_t end = n - u < 32 ? n - u : 32;
            int64_t *o = out + u;
            const unsigned gm = (unsigned)_mm256_movemask_epi8(gt);
            if (end == 32) {
                const __m128i g0 = _mm256_castsi256_si128(gt), g1 = _mm256_extracti128_si256(gt, 1);
                __m128i g[2] = {g0, g1};
                for (int h = 0; h < 2; h++) {
                    __m128i gg = g[h];
                    for (int q = 0; q < 4; q++) {
                        __m256i ov = _mm256_loadu_si256((const __m256i *)(o + 16 * h + 4 * q));
                        ov = _mm256_sub_epi64(ov, _mm256_cvtepi8_epi64(gg));
                        _mm256_storeu_si256((__m256i *)(o + 16 * h + 4 * q), ov);
                        gg = _mm_srli_si128(gg, 4);
                    }
                }
            } else {
                for (size_t q = 0; q < end; q++)
                    o[q] += (gm >> q) & 1;
            }
        }
        unsigned em = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, bv));
        while (em) {
            const size_t q = u + (size_t)__builtin_ctz(em);
            em &= em - 1;
            s[j++] = (ig_lr_slot){x[q] - __builtin_floor(x[q]), q};
        }
    }
    /* select_first is compiled for every processor (SSE): the upper halves of the AVX
     * registers cleared first, or each of its instructions waits on them (measured:
     * ~200 ns more per call of 342 units) */
    _mm256_zeroupper();
    select_first(s, m, k);
    for (size_t q = 0; q < k; q++)
        out[s[q].index] += 1;
    return INGROEI_OK;
}
#endif

bool ig_lr_vector_instructions = true;

ingroei_status ig_largest_remainder(const double *x, size_t n, int64_t target, int64_t *out,
                                    ig_lr_slot *scratch)
{
#if IG_X86_VECTORS
    if (ig_lr_vector_instructions && n <= LR_FAST_MAX && __builtin_cpu_supports("avx2"))
        return lr_avx2(x, n, target, out, scratch);
#endif
    return lr_plain(x, n, target, out, scratch);
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
