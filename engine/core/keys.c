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
    for (size_t g = 0; g < n_g; g++) {
        double amount = f * b[g] + a[g];
        if (!(amount >= 0 && amount <= DBL_MAX)) { /* negative, infinite or NaN */
            *bad = g;
            return INGROEI_ERR_DATA;
        }
        shares[g] = amount / budget;
    }
    return INGROEI_OK;
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
