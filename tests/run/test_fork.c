/*
 * test_fork.c - a fork (ig_run_fork) computes variant after variant of its scenario, as
 * a sweep's threads do, and keeps from its last compute what comes out the same: the key
 * rows at the whole budget and at the objective part, the fully historical rounding and
 * the allocation before the cap of every year whose budgets, objective share and
 * rounding did not change. Every compute must be exactly that of a fresh fork, whatever
 * came before: a variant that differs in the cap only (everything kept), in the path's
 * start or length (the years before the start and after the end kept, the others made
 * again), in the budget's index (the published years kept), in the rounding, after a
 * compute that failed, and back to the first variant again.
 */
#include "run/run.h"
#include "support/support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A variant of the base scenario as a sweep makes it: a shallow copy with caps of its
 * own. */
typedef struct variant {
    ingroei_scenario sc;
    double max_loss[64], max_gain[64];
} variant;

static void variant_of(variant *v, const ingroei_scenario *base, size_t n_y)
{
    assert_true(n_y <= 64);
    v->sc = *base;
    memcpy(v->max_loss, base->cap.max_loss, n_y * sizeof *v->max_loss);
    memcpy(v->max_gain, base->cap.max_gain, n_y * sizeof *v->max_gain);
    v->sc.cap.max_loss = v->max_loss;
    v->sc.cap.max_gain = v->max_gain;
}

static void set_caps(double *a, size_t n_y, double v)
{
    for (size_t y = 0; y < n_y; y++)
        a[y] = v;
}

#define SAME(field, count)                                                                         \
    assert_memory_equal(kept->field, fresh->field, (count) * sizeof *kept->field)

/* Everything a compute writes that a sweep, a row or a year reads. */
static void assert_same_compute(const ingroei_run *kept, const ingroei_run *fresh)
{
    const size_t ny = kept->n_y, n = ny * kept->n_g;
    SAME(p, ny);
    SAME(o_full, n);
    SAME(o_part, n);
    SAME(uf_full, ny);
    SAME(uf_part, ny);
    SAME(budget, ny);
    SAME(budget_obj, ny);
    SAME(out.exact, n);
    SAME(out.total, n);
    SAME(out.full_hist, n);
    SAME(out.target, ny);
    SAME(out.sum_total, ny);
    SAME(out.residual, ny);
    SAME(cap.uncapped, n);
    SAME(cap.flag, n);
    SAME(cap.lambda, ny);
    SAME(cap.n_loss, ny);
    SAME(cap.n_gain, ny);
    SAME(cap.n_conflict, ny);
    SAME(cap.active, ny);
    SAME(cap.feasible, ny);
    SAME(cap.gap, ny);
}

/* One fork computes the variants v[seq[0]], v[seq[1]], ... in turn, keeping what it
 * keeps; after each, its arrays are those of a fresh fork that computed only that one. */
static void expect_like_fresh(const ingroei_run *base, const ingroei_scenario *v, const int *seq,
                              size_t n_seq)
{
    ingroei_error err;
    ingroei_run *kept = NULL;
    assert_int_equal(ig_run_fork(base, &kept, &err), INGROEI_OK);
    for (size_t i = 0; i < n_seq; i++) {
        ingroei_run *fresh = NULL;
        assert_int_equal(ig_run_fork(base, &fresh, &err), INGROEI_OK);
        assert_int_equal(ig_run_compute_scenario(fresh, &v[seq[i]], &err), INGROEI_OK);
        assert_int_equal(ig_run_compute_scenario(kept, &v[seq[i]], &err), INGROEI_OK);
        assert_same_compute(kept, fresh);
        ingroei_run_free(fresh);
    }
    ingroei_run_free(kept);
}

static void test_fork_keeps_what_comes_out_the_same(void **state)
{
    (void)state;
    ingroei_scenario *base_sc = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&base_sc, "scenarios/herijking_cap.yaml", &err),
                     INGROEI_OK);
    ingroei_run *base = NULL;
    assert_int_equal(ingroei_run_new(&base, base_sc, &err), INGROEI_OK);
    const size_t ny = base->n_y;
    enum { A, CAP, START, LENGTH, INDEX, PER_LINE, RELAXED, FAILS, PL_INFEASIBLE, N_VARIANTS };
    static variant v[N_VARIANTS];
    for (int i = 0; i < N_VARIANTS; i++)
        variant_of(&v[i], base_sc, ny);
    set_caps(v[CAP].max_loss, ny, 20.0); /* the cap alone differs from A */
    v[START].sc.path.start = 2026;       /* p = 0 before 2026, as in A up to 2021 */
    v[LENGTH].sc.path.start = 2026;      /* the same start as the one before it */
    v[LENGTH].sc.path.length = 3;        /* fully objective from 2028 */
    v[INDEX].sc.budget.index_percent = 2.5; /* the unpublished years' budgets change */
    v[INDEX].sc.path = v[LENGTH].sc.path;
    v[PER_LINE].sc.rounding = IG_ROUND_PER_LINE;
    v[RELAXED].sc.cap.relax_infeasible = true; /* as a sweep's */
    set_caps(v[RELAXED].max_loss, ny, 2.5);
    /* nobody may lose or gain a euro against last year while the budget grows: the gains
     * cannot be placed, and the compute fails */
    v[FAILS].sc.cap.reference = IG_CAP_PREVIOUS_YEAR_NOMINAL;
    v[FAILS].sc.cap.cumulative = false;
    set_caps(v[FAILS].max_loss, ny, 0.0);
    set_caps(v[FAILS].max_gain, ny, 0.0);
    /* the same kept by a sweep: every capped year is left uncapped, and per line its sum
     * is the allocation's own rather than the capped amounts' */
    variant_of(&v[PL_INFEASIBLE], &v[FAILS].sc, ny);
    v[PL_INFEASIBLE].sc.cap.relax_infeasible = true;
    v[PL_INFEASIBLE].sc.rounding = IG_ROUND_PER_LINE;
    static const int seq[] = {A,     CAP,      A,     A,     START,   LENGTH, LENGTH, INDEX,
                              START, PER_LINE, A,     FAILS, A,       FAILS,  CAP,    RELAXED,
                              CAP,   INDEX,    INDEX, A,     PER_LINE, PER_LINE, PL_INFEASIBLE,
                              PER_LINE, PL_INFEASIBLE, PL_INFEASIBLE, A};
    ingroei_run *kept = NULL;
    assert_int_equal(ig_run_fork(base, &kept, &err), INGROEI_OK);
    size_t failed = 0;
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
        const ingroei_scenario *sc = &v[seq[i]].sc;
        ingroei_run *fresh = NULL;
        assert_int_equal(ig_run_fork(base, &fresh, &err), INGROEI_OK);
        const ingroei_status st = ig_run_compute_scenario(fresh, sc, &err);
        assert_int_equal(ig_run_compute_scenario(kept, sc, &err), st);
        if (seq[i] == FAILS) {
            assert_int_equal(st, INGROEI_ERR_DATA);
            failed++;
        } else {
            assert_int_equal(st, INGROEI_OK);
            assert_same_compute(kept, fresh);
            size_t infeasible = 0;
            for (size_t y = 0; y < ny; y++)
                infeasible += !kept->cap.feasible[y];
            assert_true((infeasible > 0) == (seq[i] == PL_INFEASIBLE));
        }
        ingroei_run_free(fresh);
    }
    assert_int_equal(failed, 2);
    /* the first variant is the base scenario: the fork ends with the base run's rows */
    assert_memory_equal(kept->out.total, base->out.total, ny * base->n_g * sizeof *base->out.total);
    assert_memory_equal(kept->cap.uncapped, base->cap.uncapped,
                        ny * base->n_g * sizeof *base->cap.uncapped);
    ingroei_run_free(kept);
    ingroei_run_free(base);
    ingroei_scenario_free(base_sc);
}

/* The same on a scenario without a cap, whose total before the cap is the allocation
 * itself: a fork alternating between two paths and two budgets. */
static void test_fork_uncapped(void **state)
{
    (void)state;
    ingroei_scenario *base_sc = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&base_sc, "scenarios/default.yaml", &err), INGROEI_OK);
    ingroei_run *base = NULL;
    assert_int_equal(ingroei_run_new(&base, base_sc, &err), INGROEI_OK);
    ingroei_scenario v[4] = {*base_sc, *base_sc, *base_sc, *base_sc};
    v[1].path.start = base_sc->path.start + 2;
    v[2].budget.index_percent = base_sc->budget.index_percent + 1.0;
    v[3] = v[2];
    v[3].path.start = v[1].path.start;
    static const int seq[] = {0, 0, 1, 1, 0, 2, 3, 2, 2, 0};
    expect_like_fresh(base, v, seq, sizeof seq / sizeof seq[0]);
    ingroei_run_free(base);
    ingroei_scenario_free(base_sc);
}

/* A scenario whose objective part has a budget of its own (wlz_uitname): a variant
 * that changes the budget alone keeps the objective budget, the keys' rows and the path,
 * so only the budget of the historical part tells that the allocation must be made again
 * (ig_fork_memo's alloc_b, which no other variant here tells apart from alloc_bo). */
static void test_fork_own_objective_budget(void **state)
{
    (void)state;
    ingroei_scenario *base_sc = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&base_sc, "scenarios/wlz_uitname.yaml", &err),
                     INGROEI_OK);
    assert_true(base_sc->has_objective_budget && base_sc->budget.has_base);
    ingroei_run *base = NULL;
    assert_int_equal(ingroei_run_new(&base, base_sc, &err), INGROEI_OK);
    ingroei_scenario v[3] = {*base_sc, *base_sc, *base_sc};
    v[1].budget.base.amount = base_sc->budget.base.amount + 10000000;
    v[2] = v[1];
    v[2].path.start = base_sc->path.start + 1;
    static const int seq[] = {0, 1, 0, 1, 1, 2, 1, 0, 2, 0};
    expect_like_fresh(base, v, seq, sizeof seq / sizeof seq[0]);
    ingroei_run_free(base);
    ingroei_scenario_free(base_sc);
}

/* A scenario with arrangements (landelijke_instellingen), which are added to the rows
 * after the cap: a fork keeps no allocation of such a scenario, and its computes are
 * those of a fresh fork whatever came before. */
static void test_fork_arrangements(void **state)
{
    (void)state;
    ingroei_scenario *base_sc = NULL;
    ingroei_error err;
    assert_int_equal(
        ingroei_scenario_load(&base_sc, "scenarios/landelijke_instellingen.yaml", &err),
        INGROEI_OK);
    assert_true(base_sc->n_arrangements > 0);
    ingroei_run *base = NULL;
    assert_int_equal(ingroei_run_new(&base, base_sc, &err), INGROEI_OK);
    ingroei_scenario v[3] = {*base_sc, *base_sc, *base_sc};
    v[1].path.start = base_sc->path.start + 2;
    v[2].budget.index_percent = base_sc->budget.index_percent + 1.5;
    static const int seq[] = {0, 0, 1, 0, 2, 2, 1, 1, 0};
    expect_like_fresh(base, v, seq, sizeof seq / sizeof seq[0]);
    ingroei_run_free(base);
    ingroei_scenario_free(base_sc);
}

/* A scenario with inputs per year (per_jaar: the historical shares and the objective
 * volumes of each year's own circulaire): a run of changed years that starts after the
 * first year is allocated with the shares of its own years. */
static void test_fork_inputs_per_year(void **state)
{
    (void)state;
    ingroei_scenario *base_sc = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&base_sc, "scenarios/per_jaar.yaml", &err), INGROEI_OK);
    ingroei_run *base = NULL;
    assert_int_equal(ingroei_run_new(&base, base_sc, &err), INGROEI_OK);
    assert_non_null(base->h_year);
    ingroei_scenario v[4] = {*base_sc, *base_sc, *base_sc, *base_sc};
    v[1].path.start = 2024; /* the years from 2024 on change, 2023 is kept */
    v[2].path.start = 2025;
    v[2].path.length = 2;
    v[3].budget.index_percent = base_sc->budget.index_percent + 1.0; /* from 2026 */
    static const int seq[] = {1, 0, 1, 2, 1, 3, 0, 2, 3, 1};
    expect_like_fresh(base, v, seq, sizeof seq / sizeof seq[0]);
    ingroei_run_free(base);
    ingroei_scenario_free(base_sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fork_keeps_what_comes_out_the_same),
        cmocka_unit_test(test_fork_uncapped),
        cmocka_unit_test(test_fork_own_objective_budget),
        cmocka_unit_test(test_fork_arrangements),
        cmocka_unit_test(test_fork_inputs_per_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
