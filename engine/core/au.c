/*
 * au.c - the algemene uitkering as the circulaire and a gemeente's begroting publish it:
 * per maatstaf units * weight, times the uitkeringsfactor for the uitgavenmaatstaven,
 * rounded to whole euros per line, clusters and totals as sums of rounded lines (Fvw
 * art. 10-11, Bfv 2001 art. 1c; README, "Auditing the algemene uitkering"). Products of
 * published decimals are computed exactly, so that a line that ends in exactly half a
 * euro rounds as the ministry's does.
 */
#include "core/core.h"

#include <math.h>

typedef __int128 i128;

/* Products of three mantissas are kept below 2^125 so that adding the half of the
 * divisor (at most 10^36 / 2) cannot overflow. */
static bool mul_checked(i128 a, i128 b, i128 *out)
{
    const i128 limit = (i128)1 << 125;
    i128 ua = a < 0 ? -a : a, ub = b < 0 ? -b : b;
    if (ua != 0 && ub > limit / ua)
        return false;
    *out = a * b;
    return true;
}

static bool dec_ok(ig_dec d)
{
    return d.scale >= 0 && d.scale <= IG_DEC_MAX_SCALE;
}

/* The exact product a * b * c as p / 10^scale, scale <= 36 (10^36 < 2^127). */
static bool exact_product(ig_dec a, ig_dec b, ig_dec c, i128 *p, int *scale)
{
    if (!dec_ok(a) || !dec_ok(b) || !dec_ok(c))
        return false;
    if (!mul_checked(a.mant, b.mant, p) || !mul_checked(*p, c.mant, p))
        return false;
    *scale = a.scale + b.scale + c.scale;
    return true;
}

bool ig_dec_mul_text(ig_dec a, ig_dec b, ig_dec c, ig_buf *out)
{
    i128 p;
    int scale;
    if (!exact_product(a, b, c, &p, &scale))
        return false;
    char digits[48];
    int n = 0;
    unsigned __int128 m =
        p < 0 ? (unsigned __int128)0 - (unsigned __int128)p : (unsigned __int128)p;
    do {
        digits[n++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m || n <= scale);
    if (p < 0)
        ig_buf_putc(out, '-');
    for (int i = n - 1; i >= 0; i--) {
        ig_buf_putc(out, digits[i]);
        if (i == scale && scale > 0)
            ig_buf_putc(out, '.');
    }
    return true;
}

bool ig_dec_mul_round(ig_dec a, ig_dec b, ig_dec c, int64_t *out)
{
    i128 p;
    int scale;
    if (!exact_product(a, b, c, &p, &scale))
        return false;
    /* value = p / 10^scale; half away from zero is floor((|p| + 10^scale / 2) / 10^scale)
     * with the sign put back. */
    i128 div = 1;
    for (int k = 0; k < scale; k++)
        div *= 10;
    const bool neg = p < 0;
    const i128 m = neg ? -p : p;
    const i128 q = scale > 0 ? (m + div / 2) / div : m;
    if (q > INT64_MAX)
        return false;
    *out = neg ? -(int64_t)q : (int64_t)q;
    return true;
}

ingroei_status ig_au_lines(const ig_au_in *in, ig_dec uf, int64_t *lines, int64_t *totals,
                           int64_t *clusters, size_t *bad_m, size_t *bad_g)
{
    *bad_m = *bad_g = SIZE_MAX;
    if (!dec_ok(uf) || uf.mant < 0)
        return INGROEI_ERR_USAGE;
    for (size_t m = 0; m < in->n_m; m++)
        if (in->cluster && in->cluster[m] >= in->n_clusters) {
            *bad_m = m;
            return INGROEI_ERR_USAGE;
        }
    const ig_dec one = {1, 0};
    for (size_t g = 0; g < in->n_g; g++)
        totals[g] = 0;
    if (clusters)
        for (size_t i = 0; i < in->n_clusters * in->n_g; i++)
            clusters[i] = 0;
    for (size_t m = 0; m < in->n_m; m++) {
        const ig_dec f = in->scaled[m] ? uf : one;
        for (size_t g = 0; g < in->n_g; g++) {
            int64_t v;
            if (!ig_dec_mul_round(in->units[m * in->n_g + g], in->weight[m], f, &v) ||
                __builtin_add_overflow(totals[g], v, &totals[g]) ||
                (clusters && __builtin_add_overflow(clusters[in->cluster[m] * in->n_g + g], v,
                                                    &clusters[in->cluster[m] * in->n_g + g]))) {
                *bad_m = m;
                *bad_g = g;
                return INGROEI_ERR_NUMERIC;
            }
            lines[m * in->n_g + g] = v;
        }
    }
    return INGROEI_OK;
}

ingroei_status ig_au_solve_uf(const ig_au_in *in, double budget, int decimals, ig_dec *uf,
                              double *uf_exact)
{
    if (decimals < 0 || decimals > IG_DEC_MAX_SCALE || !isfinite(budget))
        return INGROEI_ERR_USAGE;
    /* Long double carries 64 bits of mantissa on x86-64; the sums are of some 20,000
     * products of at most 18 significant digits each, far from that precision's
     * limit for a factor published with 3 decimals. */
    long double sum_b = 0, sum_a = 0;
    for (size_t m = 0; m < in->n_m; m++) {
        long double w = (long double)in->weight[m].mant;
        for (int k = 0; k < in->weight[m].scale; k++)
            w /= 10;
        long double s = 0;
        for (size_t g = 0; g < in->n_g; g++) {
            ig_dec u = in->units[m * in->n_g + g];
            long double x = (long double)u.mant;
            for (int k = 0; k < u.scale; k++)
                x /= 10;
            s += x;
        }
        if (in->scaled[m])
            sum_b += s * w;
        else
            sum_a += s * w;
    }
    if (!(sum_b > 0))
        return INGROEI_ERR_DATA;
    const long double f = ((long double)budget - sum_a) / sum_b;
    if (!(f >= 0))
        return INGROEI_ERR_DATA;
    *uf_exact = (double)f;
    long double p = 1;
    for (int k = 0; k < decimals; k++)
        p *= 10;
    const long double r = floorl(f * p + 0.5L);
    if (!(r < 9e18L))
        return INGROEI_ERR_NUMERIC;
    uf->mant = (int64_t)r;
    uf->scale = decimals;
    return INGROEI_OK;
}
