/*
 * keys.c - the objective key in the form of the Financiële-verhoudingswet: units
 * times a weight per maatstaf, an uitkeringsfactor that makes the total equal the
 * budget, and income maatstaven outside that factor (DOMAIN §4).
 */
#include "../ig.h"

#include <math.h>

ingroei_status ig_bfv_shares(const double *units, const double *weight, const bool *scaled,
                             size_t n_m, size_t n_g, double budget, double *shares, double *uf,
                             double *scratch, size_t *bad)
{
    *bad = SIZE_MAX;
    /* scratch[g] = B_g (scaled uitkeringsbasis), shares[g] = A_g until the end. */
    for (size_t g = 0; g < n_g; g++) {
        double b = 0.0, a = 0.0;
        for (size_t m = 0; m < n_m; m++) {
            double v = units[m * n_g + g] * weight[m];
            if (scaled[m])
                b += v;
            else
                a += v;
        }
        scratch[g] = b;
        shares[g] = a;
    }
    const double sum_b = ig_sum(scratch, n_g);
    const double sum_a = ig_sum(shares, n_g);
    *uf = 0.0;
    if (!(sum_b > 0) || !isfinite(sum_b) || !isfinite(sum_a))
        return INGROEI_ERR_DATA;
    /* Bfv 2001 art. 1c: uf = (budget - sum A) / sum B. */
    const double f = (budget - sum_a) / sum_b;
    *uf = f;
    for (size_t g = 0; g < n_g; g++) {
        double amount = f * scratch[g] + shares[g];
        if (!(amount >= 0) || !isfinite(amount)) {
            *bad = g;
            return INGROEI_ERR_DATA;
        }
        shares[g] = amount / budget;
    }
    return INGROEI_OK;
}
