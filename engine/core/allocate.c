/*
 * allocate.c - the core of the engine: per year, the historical part of the budget
 * goes to the centrumgemeenten by the historical key and the objective part to all
 * gemeenten by the objective key (DOMAIN §6), rounded into whole euros (DOMAIN §8).
 */
#include "../ig.h"

#include <math.h>

/* Rounds x[0..n) into out so that, in exact-total mode, the parts add up to
 * `target`; in per-line mode each value is rounded on its own. */
static ingroei_status round_column(const double *x, size_t n, int64_t target, ig_rounding mode,
                                   int64_t *out, ig_lr_slot *scratch)
{
    if (mode == IG_ROUND_EXACT_TOTAL)
        return ig_largest_remainder(x, n, target, out, scratch);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || fabs(x[i]) >= 4e18)
            return INGROEI_ERR_NUMERIC;
        out[i] = ig_round(x[i]);
    }
    return INGROEI_OK;
}

/* The five columns of a year, each an unrounded amount per gemeente. */
enum column { COL_HIST, COL_OBJ, COL_FULL_HIST, COL_FULL_OBJ, COL_TOTAL };

/* Fills x[g] with column c's unrounded amount for budget b and objective share p. */
static void fill_column(enum column c, double *x, size_t n, double b, double p, const double *h,
                        const double *o)
{
    switch (c) {
    case COL_HIST:
        for (size_t g = 0; g < n; g++)
            x[g] = (1.0 - p) * (b * h[g]);
        break;
    case COL_OBJ:
        for (size_t g = 0; g < n; g++)
            x[g] = p * (b * o[g]);
        break;
    case COL_FULL_HIST:
        for (size_t g = 0; g < n; g++)
            x[g] = b * h[g];
        break;
    case COL_FULL_OBJ:
        for (size_t g = 0; g < n; g++)
            x[g] = b * o[g];
        break;
    case COL_TOTAL:
        for (size_t g = 0; g < n; g++)
            x[g] = (1.0 - p) * (b * h[g]) + p * (b * o[g]);
        break;
    }
}

ingroei_status ig_allocate(const ig_alloc_in *in, ig_alloc_out *out, ig_lr_slot *scratch,
                           ingroei_error *err)
{
    const size_t n = in->n_g;
    for (size_t t = 0; t < in->n_y; t++) {
        const double b = (double)in->budget[t];
        const double p = in->p[t];
        if (!(p >= 0.0 && p <= 1.0) || !(in->budget[t] > 0))
            return ig_fail(err, INGROEI_ERR_NUMERIC, NULL, 0, 0,
                           "year index %zu: objective share or budget out of range", t);
        const int64_t obj_target = ig_round(p * b);
        /* `exact` serves as the input buffer of each column in turn; the allocation
         * itself comes last, so that it is what `exact` holds afterwards. */
        double *exact = out->exact + t * n;
        const struct {
            enum column c;
            int64_t *dst;
            int64_t target;
        } cols[] = {
            {COL_HIST, out->historical + t * n, in->budget[t] - obj_target},
            {COL_OBJ, out->objective + t * n, obj_target},
            {COL_FULL_HIST, out->full_hist + t * n, in->budget[t]},
            {COL_FULL_OBJ, out->full_obj + t * n, in->budget[t]},
            {COL_TOTAL, out->total + t * n, in->budget[t]},
        };
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
            fill_column(cols[k].c, exact, n, b, p, in->h, in->o + t * n);
            ingroei_status st =
                round_column(exact, n, cols[k].target, in->rounding, cols[k].dst, scratch);
            if (st != INGROEI_OK)
                return ig_fail(err, st, NULL, 0, 0,
                               "rounding failed in year index %zu: the amounts do not add "
                               "up to the budget",
                               t);
        }
        int64_t s = 0;
        for (size_t g = 0; g < n; g++)
            s += out->total[t * n + g];
        out->sum_total[t] = s;
        out->residual[t] = s - in->budget[t];
    }
    return INGROEI_OK;
}
