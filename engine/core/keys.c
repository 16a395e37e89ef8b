/*
 * keys.c - the objective key in the form of the Financiële-verhoudingswet: units
 * times a weight per maatstaf, an uitkeringsfactor that makes the total equal the
 * budget, and income maatstaven outside that factor (Fvw art. 10-11, Bfv 2001 art. 1c);
 * its regional form sums the units of a region's gemeenten onto the centrumgemeente.
 */
#include "core/core.h"

#include <float.h>
#include <math.h>

void ig_bfv_bases(const double *units, const double *weight, const bool *scaled, size_t n_m,
                  size_t n_g, double *b, double *a)
{
    for (size_t g = 0; g < n_g; g++) {
        double sb = 0.0, sa = 0.0;
        for (size_t m = 0; m < n_m; m++) {
            double v = units[m * n_g + g] * weight[m];
            if (scaled[m])
                sb += v;
            else
                sa += v;
        }
        b[g] = sb;
        a[g] = sa;
    }
}

/* The amounts f B_g + A_g and shares from gemeente g on, one at a time; stops at the
 * first amount that is negative, infinite or NaN. */
static ingroei_status solve_from(const double *b, const double *a, size_t g, size_t n_g, double f,
                                 double budget, double *shares, size_t *bad)
{
    for (; g < n_g; g++) {
        double amount = f * b[g] + a[g];
        if (!(amount >= 0 && amount <= DBL_MAX)) { /* negative, infinite or NaN */
            *bad = g;
            return INGROEI_ERR_DATA;
        }
        shares[g] = amount / budget;
    }
    return INGROEI_OK;
}

/* x86-64 processors with AVX2 make the amounts and shares of four gemeenten an
 * instruction (solve_avx2): the same multiplication, addition and division, each
 * correctly rounded as IEEE 754 asks of the scalar ones (no fused multiply-add: the
 * build contracts none), so the same bits; the division is the work here, and the
 * divider takes four doubles in about the time of two single ones. A block with an
 * amount that is not a finite number >= 0 is left to solve_from, which then stops at the
 * first such gemeente as it would have from the start: the shares before it written, the
 * rest untouched. Every block's a and b are read before its shares are written, so
 * `shares` may still be `a`. */
#if IG_X86_VECTORS
#include <immintrin.h>
IG_TARGET_AVX2 IG_NOINLINE static ingroei_status
solve_avx2(const double *b, const double *a, size_t n_g, double f, double budget, double *shares,
           size_t *bad)
{
    const __m256d vf = _mm256_set1_pd(f), vb = _mm256_set1_pd(budget),
                  zero = _mm256_setzero_pd(), max = _mm256_set1_pd(DBL_MAX);
    size_t g = 0;
    for (; g + 4 <= n_g; g += 4) {
        const __m256d amount =
            _mm256_add_pd(_mm256_mul_pd(vf, _mm256_loadu_pd(b + g)), _mm256_loadu_pd(a + g));
        const __m256d ok = _mm256_and_pd(_mm256_cmp_pd(amount, zero, _CMP_GE_OQ),
                                         _mm256_cmp_pd(amount, max, _CMP_LE_OQ));
        if (_mm256_movemask_pd(ok) != 0xf)
            break;
        _mm256_storeu_pd(shares + g, _mm256_div_pd(amount, vb));
    }
    _mm256_zeroupper();
    return solve_from(b, a, g, n_g, f, budget, shares, bad);
}
#endif

bool ig_key_vector_instructions = true;

ingroei_status ig_bfv_solve(const double *b, const double *a, size_t n_g, double sum_b,
                            double sum_a, double budget, double *shares, double *uf, size_t *bad)
{
    *bad = SIZE_MAX;
    *uf = 0.0;
    if (!(sum_b > 0) || !isfinite(sum_b) || !isfinite(sum_a) || !(budget > 0))
        return INGROEI_ERR_DATA;
    /* Bfv 2001 art. 1c: uf = (budget - sum A) / sum B. */
    const double f = (budget - sum_a) / sum_b;
    *uf = f;
#if IG_X86_VECTORS
    if (ig_key_vector_instructions && __builtin_cpu_supports("avx2"))
        return solve_avx2(b, a, n_g, f, budget, shares, bad);
#endif
    return solve_from(b, a, 0, n_g, f, budget, shares, bad);
}

ingroei_status ig_bfv_shares(const double *units, const double *weight, const bool *scaled,
                             size_t n_m, size_t n_g, double budget, double *shares, double *uf,
                             double *scratch, size_t *bad)
{
    /* scratch holds B_g, shares holds A_g until ig_bfv_solve overwrites it in place
     * (each A_g is read before its own share is written). */
    ig_bfv_bases(units, weight, scaled, n_m, n_g, scratch, shares);
    return ig_bfv_solve(scratch, shares, n_g, ig_sum(scratch, n_g), ig_sum(shares, n_g), budget,
                        shares, uf, bad);
}

void ig_regional_units(double *units, size_t n_m, size_t n_g, const long *region)
{
    for (size_t m = 0; m < n_m; m++) {
        double *u = units + m * n_g;
        for (size_t g = 0; g < n_g; g++) {
            long c = region[g];
            if (c >= 0 && (size_t)c != g) {
                u[c] += u[g];
                u[g] = 0.0;
            }
        }
    }
}
