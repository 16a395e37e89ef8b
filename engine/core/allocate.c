/*
 * allocate.c - the core of the engine: per year, the historical part of the budget
 * goes to the centrumgemeenten by the historical key and the objective part to all
 * gemeenten by the objective key, rounded into whole euros (README, "What a run does").
 */
#include "core/core.h"

#include <math.h>
#include <string.h>

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

/* Fills x[g] with column c's unrounded amount for the budgets b (historical part) and
 * b_obj (objective part) and objective share p. */
static IG_ALWAYS_INLINE void fill_body(enum column c, double *x, size_t n, double b, double b_obj,
                                      double p, const double *h, const double *o,
                                      const double *o_full)
{
    switch (c) {
    case COL_HIST:
        for (size_t g = 0; g < n; g++)
            x[g] = ig_hist_part(p, b, h[g]);
        break;
    case COL_OBJ:
        for (size_t g = 0; g < n; g++)
            x[g] = ig_obj_part(p, b_obj, o[g]);
        break;
    case COL_FULL_HIST:
        for (size_t g = 0; g < n; g++)
            x[g] = b * h[g];
        break;
    case COL_FULL_OBJ:
        for (size_t g = 0; g < n; g++)
            x[g] = b_obj * o_full[g];
        break;
    case COL_TOTAL:
        for (size_t g = 0; g < n; g++)
            x[g] = ig_hist_part(p, b, h[g]) + ig_obj_part(p, b_obj, o[g]);
        break;
    }
}

static IG_ALWAYS_INLINE int64_t sum_body(const int64_t *x, size_t n)
{
    int64_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* x86-64 processors with AVX2 run the columns' loops compiled for it (fill_avx2,
 * sum_avx2): per gemeente the same multiplications and additions in the same order, each
 * rounded on its own as IEEE 754 asks (the build contracts no multiply-add), so the same
 * bits; the sums are of whole euros, exact in any order. Four gemeenten an instruction
 * instead of the two every x86-64 processor has. */
#if IG_X86_VECTORS
IG_TARGET_AVX2 IG_NOINLINE static void
fill_avx2(enum column c, double *x, size_t n, double b, double b_obj, double p, const double *h,
          const double *o, const double *o_full)
{
    fill_body(c, x, n, b, b_obj, p, h, o, o_full);
}

IG_TARGET_AVX2 IG_NOINLINE static int64_t sum_avx2(const int64_t *x, size_t n)
{
    return sum_body(x, n);
}
#endif

bool ig_alloc_vector_instructions = true;

static bool use_avx2(void)
{
#if IG_X86_VECTORS
    return ig_alloc_vector_instructions && __builtin_cpu_supports("avx2");
#else
    return false;
#endif
}

static void fill_column(enum column c, double *x, size_t n, double b, double b_obj, double p,
                        const double *h, const double *o, const double *o_full)
{
#if IG_X86_VECTORS
    if (use_avx2()) {
        fill_avx2(c, x, n, b, b_obj, p, h, o, o_full);
        return;
    }
#endif
    fill_body(c, x, n, b, b_obj, p, h, o, o_full);
}

static int64_t sum_of(const int64_t *x, size_t n)
{
#if IG_X86_VECTORS
    if (use_avx2())
        return sum_avx2(x, n);
#endif
    return sum_body(x, n);
}

/* Rounds the columns of every year that `main` (full_hist, total, their sums, target and
 * residual) and `parts` (historical, objective, full_obj and their sums) ask for. */
static ingroei_status allocate(const ig_alloc_in *in, ig_alloc_out *out, ig_lr_slot *scratch,
                               bool main, bool parts, ingroei_error *err)
{
    const size_t n = in->n_g;
    for (size_t t = 0; t < in->n_y; t++) {
        const int64_t bh = in->budget[t], bo = in->budget_obj ? in->budget_obj[t] : bh;
        const double b = (double)bh, b_obj = (double)bo;
        const double p = in->p[t];
        /* a budget of 0 is possible when arrangements take the whole year's budget */
        if (!(p >= 0.0 && p <= 1.0) || !(bh >= 0) || !(bo >= 0))
            return ig_fail(err, INGROEI_ERR_NUMERIC, NULL, 0, 0,
                           "year index %zu: objective share or budget out of range", t);
        const int64_t obj_target = ig_round(p * b_obj), hist_target = bh - ig_round(p * b);
        const int64_t target = hist_target + obj_target;
        if (main)
            out->target[t] = target;
        const double *o = in->o + t * n, *o_full = in->o_full + t * n;
        const double *h = in->h_year ? in->h_year + t * n : in->h;
        /* A fully historical row rounded for this budget in an earlier call stands. */
        const int64_t fh_key = 2 * bh + (in->rounding == IG_ROUND_EXACT_TOTAL);
        const bool fh_kept = main && out->full_hist_of && out->full_hist_of[t] == fh_key;
        const bool same_p = t > 0 && memcmp(&p, &in->p[t - 1], sizeof p) == 0;
        /* The columns without a phase-in depend on the year only through the budget and
         * the key: when neither changed, last year's rounding stands (the rows compared
         * only when a column can take it). */
        const bool same_as_last =
            (parts || (main && !fh_kept) || same_p) && t > 0 && bh == in->budget[t - 1] &&
            bo == (in->budget_obj ? in->budget_obj[t - 1] : in->budget[t - 1]) &&
            memcmp(o_full, o_full - n, n * sizeof *o_full) == 0 &&
            (!in->h_year || memcmp(h, h - n, n * sizeof *h) == 0);
        /* A year whose every input is the year before's (p to the bit, both budgets, the
         * key rows and the historical shares: the years after the path, as a rule) has
         * that year's rounded columns, and its unrounded amounts. */
        const bool same_year = same_p && same_as_last && memcmp(o, o - n, n * sizeof *o) == 0;
        const struct {
            enum column c;
            int64_t *dst;
            int64_t target;
            bool reuse, wanted;
        } cols[] = {
            {COL_HIST, out->historical + t * n, hist_target, same_year, parts},
            {COL_OBJ, out->objective + t * n, obj_target, same_year, parts},
            {COL_FULL_HIST, out->full_hist + t * n, bh, same_as_last, main},
            {COL_FULL_OBJ, out->full_obj + t * n, bo, same_as_last, parts},
            {COL_TOTAL, out->total + t * n, target, same_year, main},
        };
        if (main && out->full_hist_of)
            out->full_hist_of[t] = -1; /* until the row is whole again */
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
            if (!cols[k].wanted || (cols[k].c == COL_FULL_HIST && fh_kept))
                continue;
            if (cols[k].reuse) {
                memcpy(cols[k].dst, cols[k].dst - n, n * sizeof *cols[k].dst);
                if (cols[k].c == COL_TOTAL)
                    memcpy(out->exact + t * n, out->exact + (t - 1) * n, n * sizeof *out->exact);
                continue;
            }
            /* The allocation's own unrounded amounts are kept; the others are not. */
            double *x = cols[k].c == COL_TOTAL ? out->exact + t * n : out->work;
            fill_column(cols[k].c, x, n, b, b_obj, p, h, o, o_full);
            /* Before the path starts (p = 0) the total's amounts are the fully historical
             * ones to the bit, (1 - 0) (B h) + 0 (B' o) = B h, and so is its target (B):
             * its rounding is that row's, rounded just above (or kept). */
            if (cols[k].c == COL_TOTAL && p == 0.0) {
                memcpy(cols[k].dst, out->full_hist + t * n, n * sizeof *cols[k].dst);
                continue;
            }
            ingroei_status st =
                round_column(x, n, cols[k].target, in->rounding, cols[k].dst, scratch);
            if (st != INGROEI_OK)
                return ig_fail(err, st, NULL, 0, 0,
                               "rounding failed in year index %zu: the amounts do not add "
                               "up to the budget",
                               t);
        }
        if (main && out->full_hist_of)
            out->full_hist_of[t] = fh_key;
        if (parts) {
            out->sum_hist[t] = sum_of(out->historical + t * n, n);
            out->sum_obj[t] = sum_of(out->objective + t * n, n);
        } else if (main) {
            out->sum_hist[t] = out->sum_obj[t] = 0;
        }
        if (main) {
            out->sum_total[t] = sum_of(out->total + t * n, n);
            out->residual[t] = out->sum_total[t] - out->target[t];
        }
    }
    return INGROEI_OK;
}

ingroei_status ig_allocate(const ig_alloc_in *in, ig_alloc_out *out, ig_lr_slot *scratch,
                           ingroei_error *err)
{
    return allocate(in, out, scratch, true, !in->lean, err);
}

ingroei_status ig_allocate_parts(const ig_alloc_in *in, ig_alloc_out *out, ig_lr_slot *scratch,
                                 ingroei_error *err)
{
    return allocate(in, out, scratch, false, true, err);
}
