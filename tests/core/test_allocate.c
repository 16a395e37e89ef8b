/* test_allocate.c - core/allocate.c: the phase-in allocation and its two roundings
 * (README, "What a run does"), by hand-computed cases and by 10,000 random scenarios
 * per mode. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/core.h"
#include "support/rng.h"
#include "support/support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- outputs ------------------------------------------------------------------------ */

typedef struct outputs {
    ig_alloc_out out;
    ig_lr_slot *slots;
} outputs;

static void outputs_make(outputs *o, size_t n_g, size_t n_y)
{
    size_t n = n_g * n_y;
    memset(o, 0, sizeof *o); /* full_hist_of and the rest: none */
    o->out.exact = calloc(n ? n : 1, sizeof(double));
    o->out.historical = calloc(n ? n : 1, sizeof(int64_t));
    o->out.objective = calloc(n ? n : 1, sizeof(int64_t));
    o->out.total = calloc(n ? n : 1, sizeof(int64_t));
    o->out.full_hist = calloc(n ? n : 1, sizeof(int64_t));
    o->out.full_obj = calloc(n ? n : 1, sizeof(int64_t));
    o->out.work = calloc(n_g ? n_g : 1, sizeof(double));
    o->out.sum_hist = calloc(n_y ? n_y : 1, sizeof(int64_t));
    o->out.sum_obj = calloc(n_y ? n_y : 1, sizeof(int64_t));
    o->out.sum_total = calloc(n_y ? n_y : 1, sizeof(int64_t));
    o->out.target = calloc(n_y ? n_y : 1, sizeof(int64_t));
    o->out.residual = calloc(n_y ? n_y : 1, sizeof(int64_t));
    o->slots = calloc(n_g ? n_g : 1, sizeof(ig_lr_slot));
    assert_non_null(o->out.exact);
    assert_non_null(o->out.historical);
    assert_non_null(o->out.objective);
    assert_non_null(o->out.total);
    assert_non_null(o->out.full_hist);
    assert_non_null(o->out.full_obj);
    assert_non_null(o->out.work);
    assert_non_null(o->out.sum_hist);
    assert_non_null(o->out.sum_obj);
    assert_non_null(o->out.sum_total);
    assert_non_null(o->out.target);
    assert_non_null(o->out.residual);
    assert_non_null(o->slots);
}

static void outputs_free(outputs *o)
{
    free(o->out.exact);
    free(o->out.historical);
    free(o->out.objective);
    free(o->out.total);
    free(o->out.full_hist);
    free(o->out.full_obj);
    free(o->out.work);
    free(o->out.sum_hist);
    free(o->out.sum_obj);
    free(o->out.sum_total);
    free(o->out.target);
    free(o->out.residual);
    free(o->slots);
    memset(o, 0, sizeof *o);
}

static void expect_row(const int64_t *got, const int64_t *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_true(got[i] == want[i]);
}

/* ---- hand-computed cases -------------------------------------------------------------- */

/* Three gemeenten: two centres sharing the historical key, all three sharing the
 * objective key. Year 0: budget 101, p = 0.5, o = thirds. Year 1: budget 100, p = 0.
 * Year 2: budget 60, p = 1, o = (0.5, 0.25, 0.25). */
static const double hand_h[3] = {0.5, 0.5, 0.0};
static const double hand_o[9] = {1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3,
                                 1.0 / 3, 0.5,     0.25,    0.25};
static const int64_t hand_budget[3] = {101, 100, 60};
static const double hand_p[3] = {0.5, 0.0, 1.0};

static void hand_exact_total(void **state)
{
    (void)state;
    outputs o;
    outputs_make(&o, 3, 3);
    ig_alloc_in in = {3,      3,      hand_budget,          hand_p, hand_h,
                      hand_o, hand_o, IG_ROUND_EXACT_TOTAL, NULL,   false, NULL};
    ingroei_error err;
    ig_ok(&err);
    assert_int_equal(ig_allocate(&in, &o.out, o.slots, &err), INGROEI_OK);

    /* Year 0. historical: 0.5 * 101 * 0.5 = 25.25 twice, target 101 - round(50.5) = 50.
     * objective: 0.5 * 101 / 3 = 16.83 thrice, target round(50.5) = 51: all get one.
     * total: 42.083, 42.083, 16.833, floor-sum 100: the third gets the unit.
     * full historical: 50.5, 50.5, 0: the tie goes to the lower code.
     * full objective: 33.67 thrice, floor-sum 99: the first two get a unit. */
    expect_row(o.out.historical, (const int64_t[]){25, 25, 0}, 3);
    expect_row(o.out.objective, (const int64_t[]){17, 17, 17}, 3);
    expect_row(o.out.total, (const int64_t[]){42, 42, 17}, 3);
    expect_row(o.out.full_hist, (const int64_t[]){51, 50, 0}, 3);
    expect_row(o.out.full_obj, (const int64_t[]){34, 34, 33}, 3);
    assert_true(o.out.sum_total[0] == 101);
    assert_true(o.out.residual[0] == 0);

    /* Year 1, p = 0: everything by the historical key, the non-centre gets nothing. */
    expect_row(o.out.total + 3, (const int64_t[]){50, 50, 0}, 3);
    expect_row(o.out.historical + 3, (const int64_t[]){50, 50, 0}, 3);
    expect_row(o.out.objective + 3, (const int64_t[]){0, 0, 0}, 3);
    expect_row(o.out.full_hist + 3, (const int64_t[]){50, 50, 0}, 3);
    assert_true(o.out.residual[1] == 0);

    /* Year 2, p = 1: everything by the objective key. */
    expect_row(o.out.total + 6, (const int64_t[]){30, 15, 15}, 3);
    expect_row(o.out.objective + 6, (const int64_t[]){30, 15, 15}, 3);
    expect_row(o.out.historical + 6, (const int64_t[]){0, 0, 0}, 3);
    expect_row(o.out.full_hist + 6, (const int64_t[]){30, 30, 0}, 3);
    expect_row(o.out.full_obj + 6, (const int64_t[]){30, 15, 15}, 3);
    assert_true(o.out.sum_total[2] == 60);

    /* The unrounded allocation of year 0. */
    assert_true(fabs(o.out.exact[0] - (25.25 + 101.0 / 6)) < 1e-9);
    assert_true(fabs(o.out.exact[2] - 101.0 / 6) < 1e-9);
    outputs_free(&o);
}

static void hand_per_line(void **state)
{
    (void)state;
    outputs o;
    outputs_make(&o, 3, 3);
    const int64_t budget[3] = {100, 100, 60};
    ig_alloc_in in = {3, 3, budget, hand_p, hand_h, hand_o, hand_o, IG_ROUND_PER_LINE, NULL, false, NULL};
    ingroei_error err;
    ig_ok(&err);
    assert_int_equal(ig_allocate(&in, &o.out, o.slots, &err), INGROEI_OK);

    /* Year 0, budget 100, p = 0.5: total 41.67, 41.67, 16.67 -> 42, 42, 17 = 101: the
     * residual is +1. Each line on its own: historical 25, objective 16.67 -> 17,
     * full historical 50, full objective 33.33 -> 33. */
    expect_row(o.out.total, (const int64_t[]){42, 42, 17}, 3);
    expect_row(o.out.historical, (const int64_t[]){25, 25, 0}, 3);
    expect_row(o.out.objective, (const int64_t[]){17, 17, 17}, 3);
    expect_row(o.out.full_hist, (const int64_t[]){50, 50, 0}, 3);
    expect_row(o.out.full_obj, (const int64_t[]){33, 33, 33}, 3);
    assert_true(o.out.sum_total[0] == 101);
    assert_true(o.out.residual[0] == 1);

    /* Year 1, p = 0. */
    expect_row(o.out.total + 3, (const int64_t[]){50, 50, 0}, 3);
    assert_true(o.out.residual[1] == 0);
    /* Year 2, p = 1. */
    expect_row(o.out.total + 6, (const int64_t[]){30, 15, 15}, 3);
    assert_true(o.out.residual[2] == 0);
    outputs_free(&o);
}

/* Half euros in per-line mode go away from zero: 50.5 -> 51 twice, residual +1. */
static void hand_per_line_halves(void **state)
{
    (void)state;
    outputs o;
    outputs_make(&o, 3, 1);
    const int64_t budget[1] = {101};
    const double p[1] = {0.0};
    ig_alloc_in in = {3, 1, budget, p, hand_h, hand_o, hand_o, IG_ROUND_PER_LINE, NULL, false, NULL};
    assert_int_equal(ig_allocate(&in, &o.out, o.slots, NULL), INGROEI_OK);
    expect_row(o.out.total, (const int64_t[]){51, 51, 0}, 3);
    assert_true(o.out.sum_total[0] == 102);
    assert_true(o.out.residual[0] == 1);
    outputs_free(&o);
}

static void invalid_inputs(void **state)
{
    (void)state;
    outputs o;
    outputs_make(&o, 3, 1);
    const int64_t good_budget[1] = {100}, zero_budget[1] = {0}, neg_budget[1] = {-5};
    const double bad_p[1] = {1.5}, neg_p[1] = {-0.1}, nan_p[1] = {NAN}, ok_p[1] = {0.5};
    struct {
        const int64_t *b;
        const double *p;
    } cases[] = {
        {good_budget, bad_p}, {good_budget, neg_p}, {good_budget, nan_p},
        {neg_budget, ok_p},
    };
    for (size_t mode = 0; mode < 2; mode++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            ig_alloc_in in = {
                3,      1,      cases[i].b, cases[i].p,
                hand_h, hand_o, hand_o,     mode ? IG_ROUND_EXACT_TOTAL : IG_ROUND_PER_LINE,
                NULL,   false, NULL};
            ingroei_error err;
            ig_ok(&err);
            assert_int_equal(ig_allocate(&in, &o.out, o.slots, &err), INGROEI_ERR_NUMERIC);
            assert_int_equal(err.status, INGROEI_ERR_NUMERIC);
            assert_true(strlen(err.message) > 0);
        }
    /* a budget of 0 (arrangements took the whole year's budget: README, "Arrangements")
     * distributes nothing, in both modes */
    for (size_t mode = 0; mode < 2; mode++) {
        ig_alloc_in in = {3,      1,      zero_budget, ok_p,
                          hand_h, hand_o, hand_o,      mode ? IG_ROUND_EXACT_TOTAL : IG_ROUND_PER_LINE,
                          NULL,   false,  NULL};
        ingroei_error err;
        assert_int_equal(ig_allocate(&in, &o.out, o.slots, &err), INGROEI_OK);
        for (size_t g = 0; g < 3; g++) {
            assert_int_equal(o.out.total[g], 0);
            assert_int_equal(o.out.historical[g], 0);
            assert_int_equal(o.out.full_obj[g], 0);
        }
        assert_int_equal(o.out.target[0], 0);
        assert_int_equal(o.out.residual[0], 0);
    }
    outputs_free(&o);
}

/* ---- the property test -------------------------------------------------------------- */

/* Tolerance for the difference between this test's own floating-point arithmetic
 * and the library's (amounts up to 5e9 euro: an ulp is about 1e-6). */
static double tol(double x)
{
    return 1e-9 * fabs(x) + 1e-9;
}

/* The rounded amount `got` of the unrounded `x` in per-line mode: round(x) half away
 * from zero, unless x lies within floating-point noise of a half euro. */
static int per_line_ok(int64_t got, double x)
{
    if (got == ig_round(x))
        return 1;
    double frac = x - floor(x);
    return fabs(frac - 0.5) <= tol(x) && fabs((double)got - x) <= 0.5 + tol(x);
}

static void check_year(const ig_alloc_in *in, const ig_alloc_out *out, size_t t,
                       const int64_t *lr_hist, const int64_t *lr_obj, const int64_t *lr_tot)
{
    const size_t n = in->n_g;
    const int64_t budget = in->budget[t];
    const double b = (double)budget, p = in->p[t];
    const double *o = in->o + t * n;
    const int64_t *hist = out->historical + t * n, *obj = out->objective + t * n;
    const int64_t *tot = out->total + t * n, *fh = out->full_hist + t * n,
                  *fo = out->full_obj + t * n;
    const double *exact = out->exact + t * n;
    const int64_t obj_target = ig_round(p * b);
    int64_t s_hist = 0, s_obj = 0, s_tot = 0, s_fh = 0, s_fo = 0;
    ts_at.t = t;
    for (size_t g = 0; g < n; g++) {
        ts_at.g = g;
        /* This test's own unrounded amounts (README, "What a run does"). */
        const double x_fh = b * in->h[g], x_fo = b * o[g];
        const double x_hist = (1.0 - p) * x_fh, x_obj = p * x_fo;
        const double x_tot = x_hist + x_obj;
        TS_CHECK(fabs(exact[g] - x_tot) <= tol(x_tot));
        TS_CHECK(hist[g] >= 0 && obj[g] >= 0 && tot[g] >= 0 && fh[g] >= 0 && fo[g] >= 0);
        if (in->h[g] == 0.0) {
            TS_CHECK(hist[g] == 0);
            TS_CHECK(fh[g] == 0);
        }
        if (in->rounding == IG_ROUND_EXACT_TOTAL) {
            TS_CHECK(fabs((double)hist[g] - x_hist) < 1.0 + tol(x_hist));
            TS_CHECK(fabs((double)obj[g] - x_obj) < 1.0 + tol(x_obj));
            TS_CHECK(fabs((double)tot[g] - x_tot) < 1.0 + tol(x_tot));
            TS_CHECK(fabs((double)fh[g] - x_fh) < 1.0 + tol(x_fh));
            TS_CHECK(fabs((double)fo[g] - x_fo) < 1.0 + tol(x_fo));
            /* The full columns are the keys' own largest-remainder roundings. */
            TS_CHECK(fh[g] == lr_hist[g]);
            TS_CHECK(fo[g] == lr_obj[g]);
            /* and the total is its unrounded row's (also where p = 0 lets it take the
             * fully historical row's rounding instead of rounding again) */
            TS_CHECK(tot[g] == lr_tot[g]);
        } else {
            TS_CHECK(tot[g] == ig_round(exact[g]));
            TS_CHECK(per_line_ok(tot[g], x_tot));
            TS_CHECK(per_line_ok(hist[g], x_hist));
            TS_CHECK(per_line_ok(obj[g], x_obj));
            TS_CHECK(per_line_ok(fh[g], x_fh));
            TS_CHECK(per_line_ok(fo[g], x_fo));
            TS_CHECK(fh[g] == ig_round(x_fh));
            TS_CHECK(fo[g] == ig_round(x_fo));
        }
        if (p == 0.0) {
            TS_CHECK(tot[g] == fh[g]);
            TS_CHECK(hist[g] == fh[g]);
            TS_CHECK(obj[g] == 0);
            if (in->h[g] == 0.0)
                TS_CHECK(tot[g] == 0);
        }
        if (p == 1.0) {
            TS_CHECK(tot[g] == fo[g]);
            TS_CHECK(obj[g] == fo[g]);
            TS_CHECK(hist[g] == 0);
        }
        s_hist += hist[g];
        s_obj += obj[g];
        s_tot += tot[g];
        s_fh += fh[g];
        s_fo += fo[g];
    }
    ts_at.g = SIZE_MAX;
    TS_CHECK(out->sum_total[t] == s_tot);
    TS_CHECK(out->sum_hist[t] == s_hist);
    TS_CHECK(out->sum_obj[t] == s_obj);
    TS_CHECK(out->residual[t] == s_tot - budget);
    if (in->rounding == IG_ROUND_EXACT_TOTAL) {
        TS_CHECK(s_tot == budget);
        TS_CHECK(out->residual[t] == 0);
        TS_CHECK(s_obj == obj_target);
        TS_CHECK(s_hist == budget - obj_target);
        TS_CHECK(s_fh == budget);
        TS_CHECK(s_fo == budget);
    } else {
        /* Every line is off by at most half a euro. */
        TS_CHECK(2 * llabs(out->residual[t]) <= (long long)n);
    }
}

/* ig_allocate of `in` once more with ig_alloc_vector_instructions the other way round:
 * every column, sum and unrounded amount the same to the bit as in `want`. */
static void expect_same_without_vectors(const ig_alloc_in *in, const ig_alloc_out *want)
{
    const size_t n = in->n_g * in->n_y, n_y = in->n_y;
    outputs o;
    outputs_make(&o, in->n_g, n_y);
    ig_alloc_vector_instructions = !ig_alloc_vector_instructions;
    const ingroei_status st = ig_allocate(in, &o.out, o.slots, NULL);
    ig_alloc_vector_instructions = !ig_alloc_vector_instructions;
    assert_int_equal(st, INGROEI_OK);
    assert_memory_equal(o.out.exact, want->exact, n * sizeof *want->exact);
    const int64_t *got[] = {o.out.historical, o.out.objective, o.out.total, o.out.full_hist,
                            o.out.full_obj},
                  *exp[] = {want->historical, want->objective, want->total, want->full_hist,
                            want->full_obj};
    for (size_t k = 0; k < sizeof got / sizeof got[0]; k++)
        assert_memory_equal(got[k], exp[k], n * sizeof *exp[k]);
    const int64_t *gsum[] = {o.out.sum_hist, o.out.sum_obj, o.out.sum_total, o.out.target,
                             o.out.residual},
                  *esum[] = {want->sum_hist, want->sum_obj, want->sum_total, want->target,
                             want->residual};
    for (size_t k = 0; k < sizeof gsum / sizeof gsum[0]; k++)
        assert_memory_equal(gsum[k], esum[k], n_y * sizeof *esum[k]);
    outputs_free(&o);
}

static void property_run(ig_rounding mode, uint64_t seed)
{
    ts_rng_seed(seed);
    ts_at.mode = (int)mode;
    ig_lr_slot *lr_slots = malloc(400 * sizeof *lr_slots);
    int64_t *lr_hist = malloc(400 * sizeof *lr_hist);
    int64_t *lr_obj = malloc(400 * sizeof *lr_obj);
    int64_t *lr_tot = malloc(400 * sizeof *lr_tot);
    double *xs = malloc(400 * sizeof *xs);
    assert_non_null(lr_slots);
    assert_non_null(lr_hist);
    assert_non_null(lr_obj);
    assert_non_null(lr_tot);
    assert_non_null(xs);
    int zero_years = 0, full_years = 0;
    for (int sc = 0; sc < ts_property_scenarios(10000); sc++) {
        ts_at.scenario = sc;
        ts_at.t = ts_at.g = SIZE_MAX;
        const size_t n_g = (size_t)ts_rng_range(1, 400), n_y = (size_t)ts_rng_range(1, 15);
        int64_t *budget = malloc(n_y * sizeof *budget);
        double *p = malloc(n_y * sizeof *p);
        double *hw = malloc(n_g * sizeof *hw), *h = malloc(n_g * sizeof *h);
        double *ow = malloc(n_g * sizeof *ow), *o = malloc(n_y * n_g * sizeof *o);
        assert_true(budget && p && hw && h && ow && o);

        /* A random subset of centres (at least one), random objective shares. */
        ts_rng_weights(hw, n_g, ts_rng_unit() * 0.97, 4);
        assert_int_equal(ig_shares(hw, n_g, h), INGROEI_OK);
        for (size_t t = 0; t < n_y; t++) {
            /* Budgets over the whole range, small ones included. */
            int64_t hi = (int64_t)pow(10.0, (double)ts_rng_range(0, 9));
            if (hi > INT64_C(5000000000) || ts_rng_unit() < 0.3)
                hi = INT64_C(5000000000);
            budget[t] = ts_rng_range(1, hi);
            double u = ts_rng_unit();
            p[t] = u < 0.15 ? 0.0 : u < 0.3 ? 1.0 : ts_rng_unit();
            zero_years += p[t] == 0.0;
            full_years += p[t] == 1.0;
            ts_rng_weights(ow, n_g, ts_rng_unit() < 0.5 ? 0.0 : ts_rng_unit() * 0.5, 4);
            assert_int_equal(ig_shares(ow, n_g, o + t * n_g), INGROEI_OK);
        }

        outputs out;
        outputs_make(&out, n_g, n_y);
        ig_alloc_in in = {n_g, n_y, budget, p, h, o, o, mode, NULL, false, NULL};
        ingroei_error err;
        ig_ok(&err);
        ingroei_status st = ig_allocate(&in, &out.out, out.slots, &err);
        if (st != INGROEI_OK)
            print_error("mode %d scenario %d: %s\n", (int)mode, sc, err.message);
        assert_int_equal(st, INGROEI_OK);
        expect_same_without_vectors(&in, &out.out);

        for (size_t t = 0; t < n_y; t++) {
            if (mode == IG_ROUND_EXACT_TOTAL) {
                /* The keys' own roundings, for comparison with the full columns. */
                const double b = (double)budget[t];
                for (size_t g = 0; g < n_g; g++)
                    xs[g] = b * h[g];
                assert_int_equal(ig_largest_remainder(xs, n_g, budget[t], lr_hist, lr_slots),
                                 INGROEI_OK);
                for (size_t g = 0; g < n_g; g++)
                    xs[g] = b * o[t * n_g + g];
                assert_int_equal(ig_largest_remainder(xs, n_g, budget[t], lr_obj, lr_slots),
                                 INGROEI_OK);
                assert_int_equal(ig_largest_remainder(out.out.exact + t * n_g, n_g,
                                                      out.out.target[t], lr_tot, lr_slots),
                                 INGROEI_OK);
            }
            check_year(&in, &out.out, t, lr_hist, lr_obj, lr_tot);
        }
        outputs_free(&out);
        free(budget);
        free(p);
        free(hw);
        free(h);
        free(ow);
        free(o);
    }
    /* The generator did produce the p = 0 and p = 1 years the checks rely on. */
    assert_true(zero_years > 100);
    assert_true(full_years > 100);
    free(lr_slots);
    free(lr_hist);
    free(lr_obj);
    free(lr_tot);
    free(xs);
}

static void property_exact_total(void **state)
{
    (void)state;
    property_run(IG_ROUND_EXACT_TOTAL, UINT64_C(20220101));
}

static void property_per_line(void **state)
{
    (void)state;
    property_run(IG_ROUND_PER_LINE, UINT64_C(20311231));
}

/* The objective part is distributed by its own key (o) and the fully objective column
 * by the key at the whole budget (o_full): with unscaled maatstaven they differ. */
static void objective_part_and_whole_use_their_own_keys(void **state)
{
    (void)state;
    outputs o;
    outputs_make(&o, 2, 1);
    const int64_t budget[1] = {100};
    const double p[1] = {0.5}, h[2] = {0.5, 0.5}, part[2] = {1.0, 0.0}, whole[2] = {0.0, 1.0};
    for (int mode = 0; mode < 2; mode++) {
        ig_alloc_in in = {2,    1,    budget, p,
                          h,    part, whole,  mode ? IG_ROUND_EXACT_TOTAL : IG_ROUND_PER_LINE,
                          NULL, false, NULL};
        assert_int_equal(ig_allocate(&in, &o.out, o.slots, NULL), INGROEI_OK);
        expect_row(o.out.objective, (const int64_t[]){50, 0}, 2);
        expect_row(o.out.full_obj, (const int64_t[]){0, 100}, 2);
        expect_row(o.out.total, (const int64_t[]){75, 25}, 2);
        assert_true(o.out.sum_obj[0] == 50 && o.out.sum_hist[0] == 50);
    }
    outputs_free(&o);
}

/* The objective part with a budget of its own: H = B - round(p B) from the historical
 * budget, O = round(p B') from the objective one, and the year adds up to H + O. */
static void objective_part_with_its_own_budget(void **state)
{
    (void)state;
    outputs o;
    outputs_make(&o, 2, 1);
    const int64_t budget[1] = {1000}, budget_obj[1] = {600};
    const double p[1] = {0.25}, h[2] = {1.0, 0.0}, key[2] = {0.5, 0.5};
    for (int mode = 0; mode < 2; mode++) {
        ig_alloc_in in = {2,          1,    budget, p,
                          h,          key,  key,    mode ? IG_ROUND_EXACT_TOTAL : IG_ROUND_PER_LINE,
                          budget_obj, false, NULL};
        assert_int_equal(ig_allocate(&in, &o.out, o.slots, NULL), INGROEI_OK);
        /* H = 1000 - 250 = 750 to the centre; O = 150 split in two; full objective 300 each */
        assert_true(o.out.target[0] == 900);
        expect_row(o.out.historical, (const int64_t[]){750, 0}, 2);
        expect_row(o.out.objective, (const int64_t[]){75, 75}, 2);
        expect_row(o.out.total, (const int64_t[]){825, 75}, 2);
        expect_row(o.out.full_hist, (const int64_t[]){1000, 0}, 2);
        expect_row(o.out.full_obj, (const int64_t[]){300, 300}, 2);
        assert_true(o.out.sum_total[0] == 900 && o.out.residual[0] == 0);
    }
    outputs_free(&o);
}

/* A year whose historical budget and keys equal last year's reuses last year's rounded
 * columns without a phase-in; the fully objective column does so only when the objective
 * part's own budget did not change either. */
static void full_objective_follows_its_own_budget(void **state)
{
    (void)state;
    outputs o;
    outputs_make(&o, 2, 2);
    const int64_t budget[2] = {1000, 1000}, budget_obj[2] = {600, 800};
    const double p[2] = {0.25, 0.25}, h[2] = {1.0, 0.0}, key[4] = {0.5, 0.5, 0.5, 0.5};
    for (int mode = 0; mode < 2; mode++) {
        ig_alloc_in in = {2,          2,    budget, p,
                          h,          key,  key,    mode ? IG_ROUND_EXACT_TOTAL : IG_ROUND_PER_LINE,
                          budget_obj, false, NULL};
        assert_int_equal(ig_allocate(&in, &o.out, o.slots, NULL), INGROEI_OK);
        expect_row(o.out.full_hist, (const int64_t[]){1000, 0, 1000, 0}, 4);
        expect_row(o.out.full_obj, (const int64_t[]){300, 300, 400, 400}, 4);
        expect_row(o.out.objective, (const int64_t[]){75, 75, 100, 100}, 4);
    }
    outputs_free(&o);
}

/* Years that repeat the year before's every input (p, both budgets, the key rows, the
 * historical shares per year) take its columns; a year that differs from it in any one
 * input, by as little as one unit in the last place, is rounded on its own. Either way
 * every year's columns, sums and unrounded amounts are those of that year allocated
 * alone (n_y = 1), to the bit, in both rounding modes, with and without the objective
 * part's own budget and per-year historical shares, lean and then the parts too. */
static void repeated_years_like_alone(void **state)
{
    (void)state;
    ts_rng_seed(31);
    enum { NY = 9 };
    int repeats = 0, changed = 0;
    for (int world = 0; world < 300; world++) {
        const size_t n = (size_t)ts_rng_range(1, 60);
        int64_t budget[NY], budget_obj[NY];
        double p[NY], *o = malloc(NY * n * sizeof *o), *of = malloc(NY * n * sizeof *of),
                      *hy = malloc(NY * n * sizeof *hy), *w = malloc(n * sizeof *w);
        assert_true(o && of && hy && w);
        const bool own_obj = world % 2, per_year_h = world % 3 == 0;
        for (size_t t = 0; t < NY; t++) {
            /* a fresh year, a repeat of the year before, or a repeat with one input moved */
            const int how = t == 0 ? 0 : (int)ts_rng_range(0, 2);
            if (how == 0) {
                budget[t] = ts_rng_range(1, INT64_C(5000000000));
                budget_obj[t] = ts_rng_range(1, INT64_C(5000000000));
                const double u = ts_rng_unit();
                p[t] = u < 0.3 ? 1.0 : u < 0.4 ? 0.0 : ts_rng_unit();
                double *rows[] = {o + t * n, of + t * n, hy + t * n};
                for (int r = 0; r < 3; r++) {
                    ts_rng_weights(w, n, 0.3, 4);
                    assert_int_equal(ig_shares(w, n, rows[r]), INGROEI_OK);
                }
                continue;
            }
            budget[t] = budget[t - 1];
            budget_obj[t] = budget_obj[t - 1];
            p[t] = p[t - 1];
            memcpy(o + t * n, o + (t - 1) * n, n * sizeof *o);
            memcpy(of + t * n, of + (t - 1) * n, n * sizeof *of);
            memcpy(hy + t * n, hy + (t - 1) * n, n * sizeof *hy);
            repeats += how == 1;
            if (how == 2) { /* one input one step away */
                const size_t g = (size_t)ts_rng_range(0, (int64_t)n - 1);
                switch (ts_rng_range(0, 4)) {
                case 0: p[t] = p[t] > 0.5 ? nextafter(p[t], 0.0) : nextafter(p[t], 1.0); break;
                case 1: budget[t] += 1; break;
                case 2: o[t * n + g] = nextafter(o[t * n + g], 1.0); break;
                case 3: of[t * n + g] = nextafter(of[t * n + g], 1.0); break;
                default: hy[t * n + g] = nextafter(hy[t * n + g], 1.0); break;
                }
                changed++;
            }
        }
        for (int mode = 0; mode < 2; mode++) {
            const ig_rounding r = mode ? IG_ROUND_EXACT_TOTAL : IG_ROUND_PER_LINE;
            ig_alloc_in in = {n,  NY, budget, p, hy, o, of, r, own_obj ? budget_obj : NULL, true,
                              per_year_h ? hy : NULL};
            outputs all;
            outputs_make(&all, n, NY);
            assert_int_equal(ig_allocate(&in, &all.out, all.slots, NULL), INGROEI_OK);
            assert_int_equal(ig_allocate_parts(&in, &all.out, all.slots, NULL), INGROEI_OK);
            for (size_t t = 0; t < NY; t++) {
                ig_alloc_in one = in;
                one.n_y = 1;
                one.budget = budget + t;
                one.p = p + t;
                one.o = o + t * n;
                one.o_full = of + t * n;
                one.budget_obj = own_obj ? budget_obj + t : NULL;
                one.h_year = per_year_h ? hy + t * n : NULL;
                one.h = per_year_h ? hy : hy + t * n; /* without h_year: a year's own h */
                if (!per_year_h && t > 0 &&
                    memcmp(hy + t * n, hy, n * sizeof *hy) != 0)
                    continue; /* h serves every year: only years with row 0's h compare */
                one.lean = false;
                outputs alone;
                outputs_make(&alone, n, 1);
                assert_int_equal(ig_allocate(&one, &alone.out, alone.slots, NULL), INGROEI_OK);
                assert_memory_equal(alone.out.exact, all.out.exact + t * n, n * sizeof(double));
                const int64_t *a[] = {alone.out.historical, alone.out.objective, alone.out.total,
                                      alone.out.full_hist, alone.out.full_obj},
                              *b[] = {all.out.historical, all.out.objective, all.out.total,
                                      all.out.full_hist, all.out.full_obj};
                for (size_t k = 0; k < 5; k++)
                    assert_memory_equal(a[k], b[k] + t * n, n * sizeof(int64_t));
                assert_true(alone.out.sum_total[0] == all.out.sum_total[t]);
                assert_true(alone.out.sum_hist[0] == all.out.sum_hist[t]);
                assert_true(alone.out.sum_obj[0] == all.out.sum_obj[t]);
                assert_true(alone.out.residual[0] == all.out.residual[t]);
                outputs_free(&alone);
            }
            outputs_free(&all);
        }
        free(o), free(of), free(hy), free(w);
    }
    assert_true(repeats > 500 && changed > 500);
}

/* Lean mode (what a sweep uses) gives the same allocation and fully historical column
 * as a full computation, in both rounding modes. */
static void lean_gives_the_same_totals(void **state)
{
    (void)state;
    outputs full, lean;
    outputs_make(&full, 3, 3);
    outputs_make(&lean, 3, 3);
    for (int mode = 0; mode < 2; mode++) {
        ig_rounding r = mode ? IG_ROUND_EXACT_TOTAL : IG_ROUND_PER_LINE;
        ig_alloc_in a = {3, 3, hand_budget, hand_p, hand_h, hand_o, hand_o, r, NULL, false, NULL};
        ig_alloc_in b = a;
        b.lean = true;
        assert_int_equal(ig_allocate(&a, &full.out, full.slots, NULL), INGROEI_OK);
        assert_int_equal(ig_allocate(&b, &lean.out, lean.slots, NULL), INGROEI_OK);
        expect_row(lean.out.total, full.out.total, 9);
        expect_row(lean.out.full_hist, full.out.full_hist, 9);
        expect_row(lean.out.sum_total, full.out.sum_total, 3);
        expect_row(lean.out.residual, full.out.residual, 3);
    }
    outputs_free(&full);
    outputs_free(&lean);
}

/* A caller that keeps full_hist_of (a run's fork) gets a fully historical row rounded
 * again only when its budget or the rounding mode changed; a kept row is left as it is
 * (shown by writing into it), and every row equals that of a call without the record. */
static void full_hist_rows_kept_for_the_same_budget(void **state)
{
    (void)state;
    outputs kept, fresh;
    outputs_make(&kept, 3, 3);
    outputs_make(&fresh, 3, 3);
    int64_t of[3] = {-1, -1, -1};
    kept.out.full_hist_of = of;
    const int64_t other[3] = {102, 100, 60};
    ig_alloc_in in = {3, 3, hand_budget, hand_p, hand_h, hand_o, hand_o, IG_ROUND_EXACT_TOTAL,
                      NULL, true, NULL};
    assert_int_equal(ig_allocate(&in, &kept.out, kept.slots, NULL), INGROEI_OK);
    assert_int_equal(ig_allocate(&in, &fresh.out, fresh.slots, NULL), INGROEI_OK);
    expect_row(kept.out.full_hist, fresh.out.full_hist, 9);
    for (int t = 0; t < 3; t++)
        assert_true(of[t] == 2 * hand_budget[t] + 1);
    /* the same inputs: the rows stand, whatever is in them */
    kept.out.full_hist[0] = 999;
    assert_int_equal(ig_allocate(&in, &kept.out, kept.slots, NULL), INGROEI_OK);
    assert_true(kept.out.full_hist[0] == 999);
    expect_row(kept.out.full_hist + 3, fresh.out.full_hist + 3, 6);
    /* year 0's budget changes: only its row is rounded again */
    in.budget = other;
    kept.out.full_hist[3] = 998;
    assert_int_equal(ig_allocate(&in, &kept.out, kept.slots, NULL), INGROEI_OK);
    assert_int_equal(ig_allocate(&in, &fresh.out, fresh.slots, NULL), INGROEI_OK);
    expect_row(kept.out.full_hist, fresh.out.full_hist, 3);
    assert_true(kept.out.full_hist[3] == 998);
    /* the rounding mode changes: every row is rounded again */
    in.rounding = IG_ROUND_PER_LINE;
    assert_int_equal(ig_allocate(&in, &kept.out, kept.slots, NULL), INGROEI_OK);
    assert_int_equal(ig_allocate(&in, &fresh.out, fresh.slots, NULL), INGROEI_OK);
    expect_row(kept.out.full_hist, fresh.out.full_hist, 9);
    assert_true(of[0] == 2 * other[0]);
    kept.out.full_hist_of = NULL;
    outputs_free(&kept);
    outputs_free(&fresh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(objective_part_and_whole_use_their_own_keys),
        cmocka_unit_test(objective_part_with_its_own_budget),
        cmocka_unit_test(full_objective_follows_its_own_budget),
        cmocka_unit_test(lean_gives_the_same_totals),
        cmocka_unit_test(repeated_years_like_alone),
        cmocka_unit_test(full_hist_rows_kept_for_the_same_budget),
        cmocka_unit_test(hand_exact_total),
        cmocka_unit_test(hand_per_line),
        cmocka_unit_test(hand_per_line_halves),
        cmocka_unit_test(invalid_inputs),
        cmocka_unit_test(property_exact_total),
        cmocka_unit_test(property_per_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
