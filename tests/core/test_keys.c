/* test_keys.c - core/keys.c: objective shares in the Bfv form (Bfv 2001 art. 1c), with the
 * uitkeringsfactor over scaled maatstaven and unscaled (OZB-like) ones outside it; the
 * regional key (units summed per region onto the centrumgemeente). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/core.h"
#include "support/rng.h"
#include "support/support.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Two scaled maatstaven, three gemeenten (units maatstaf-major):
 *   m0: weight 100, units 10, 20, 30      m1: weight 50, units 4, 0, 6
 *   B = 10*100 + 4*50 = 1200,  20*100 + 0 = 2000,  30*100 + 6*50 = 3300;  sum B = 6500
 *   budget 13000: uf = 13000 / 6500 = 2
 *   amounts 2400, 4000, 6600: shares 12/65, 20/65, 33/65 */
static void two_scaled_maatstaven(void **state)
{
    (void)state;
    const double units[] = {10, 20, 30, 4, 0, 6};
    const double weight[] = {100, 50};
    const bool scaled[] = {true, true};
    double shares[3], scratch[3], uf = -1;
    size_t bad = 0;
    assert_int_equal(
        ig_bfv_shares(units, weight, scaled, 2, 3, 13000.0, shares, &uf, scratch, &bad),
        INGROEI_OK);
    assert_true(uf == 2.0);
    assert_true(fabs(shares[0] - 12.0 / 65) <= 1e-15);
    assert_true(fabs(shares[1] - 20.0 / 65) <= 1e-15);
    assert_true(fabs(shares[2] - 33.0 / 65) <= 1e-15);
    assert_true(fabs(ig_sum(shares, 3) - 1.0) <= 1e-15);

    /* Another budget scales the factor, not the shares: 9750 / 6500 = 1.5. */
    assert_int_equal(ig_bfv_shares(units, weight, scaled, 2, 3, 9750.0, shares, &uf, scratch, &bad),
                     INGROEI_OK);
    assert_true(uf == 1.5);
    assert_true(fabs(shares[0] - 12.0 / 65) <= 1e-15);
    assert_true(fabs(shares[2] - 33.0 / 65) <= 1e-15);
}

/* A scaled maatstaf and an unscaled income maatstaf (weight negative, like OZB):
 *   m0 scaled:   weight 100,      units 10, 20, 30           -> B = 1000, 2000, 3000
 *   m1 unscaled: weight -0.0625,  WOZ 16000, 32000, 8000     -> A = -1000, -2000, -500
 *   sum B = 6000, sum A = -3500
 *   budget 8500:  uf = (8500 + 3500) / 6000 = 2
 *                 amounts 2*1000 - 1000 = 1000, 4000 - 2000 = 2000, 6000 - 500 = 5500
 *   budget 11500: uf = 15000 / 6000 = 2.5
 *                 amounts 1500, 3000, 7000
 * Scaling A as well would give uf = 8500 / 2500 = 3.4 instead. */
static void unscaled_maatstaf_outside_the_factor(void **state)
{
    (void)state;
    const double units[] = {10, 20, 30, 16000, 32000, 8000};
    const double weight[] = {100, -0.0625};
    const bool scaled[] = {true, false};
    double shares[3], scratch[3], uf = 0;
    size_t bad = 0;
    assert_int_equal(ig_bfv_shares(units, weight, scaled, 2, 3, 8500.0, shares, &uf, scratch, &bad),
                     INGROEI_OK);
    assert_true(uf == 2.0);
    assert_true(fabs(shares[0] * 8500 - 1000) <= 1e-9);
    assert_true(fabs(shares[1] * 8500 - 2000) <= 1e-9);
    assert_true(fabs(shares[2] * 8500 - 5500) <= 1e-9);
    assert_true(fabs(ig_sum(shares, 3) - 1.0) <= 1e-15);

    assert_int_equal(
        ig_bfv_shares(units, weight, scaled, 2, 3, 11500.0, shares, &uf, scratch, &bad),
        INGROEI_OK);
    assert_true(uf == 2.5);
    assert_true(fabs(shares[0] * 11500 - 1500) <= 1e-9);
    assert_true(fabs(shares[1] * 11500 - 3000) <= 1e-9);
    assert_true(fabs(shares[2] * 11500 - 7000) <= 1e-9);

    /* The same maatstaf listed first: the flag, not the position, decides. */
    const double units2[] = {16000, 32000, 8000, 10, 20, 30};
    const double weight2[] = {-0.0625, 100};
    const bool scaled2[] = {false, true};
    assert_int_equal(
        ig_bfv_shares(units2, weight2, scaled2, 2, 3, 8500.0, shares, &uf, scratch, &bad),
        INGROEI_OK);
    assert_true(uf == 2.0);
    assert_true(fabs(shares[2] * 8500 - 5500) <= 1e-9);
}

/* A larger key: uf = (budget - sum A) / sum B and amount = uf B + A per gemeente. */
static void identity_on_a_larger_key(void **state)
{
    (void)state;
    enum { G = 50, M = 4 };
    double units[M * G], shares[G], scratch[G], uf = 0;
    const double weight[M] = {1234.56, 87.5, 12000.0, -0.0011};
    const bool scaled[M] = {true, true, true, false};
    for (size_t g = 0; g < G; g++) {
        units[0 * G + g] = 1000.0 + 37.0 * (double)g;         /* inhabitants */
        units[1 * G + g] = 50.0 + (double)((g * 7919) % 300); /* households */
        units[2 * G + g] = 1.0;                               /* a fixed amount */
        units[3 * G + g] = 1e8 + 3e6 * (double)(g % 11);      /* WOZ value */
    }
    double sb = 0, sa = 0, bg[G], ag[G];
    for (size_t g = 0; g < G; g++) {
        bg[g] = units[g] * weight[0] + units[G + g] * weight[1] + units[2 * G + g] * weight[2];
        ag[g] = units[3 * G + g] * weight[3];
        sb += bg[g];
        sa += ag[g];
    }
    const double budget = 2.5e8;
    size_t bad = 0;
    assert_int_equal(ig_bfv_shares(units, weight, scaled, M, G, budget, shares, &uf, scratch, &bad),
                     INGROEI_OK);
    const double want_uf = (budget - sa) / sb;
    assert_true(fabs(uf - want_uf) <= 1e-12 * want_uf);
    for (size_t g = 0; g < G; g++) {
        double amount = want_uf * bg[g] + ag[g];
        assert_true(fabs(shares[g] * budget - amount) <= 1e-9 * budget);
        assert_true(shares[g] > 0);
    }
    assert_true(fabs(ig_sum(shares, G) - 1.0) <= 1e-14);
}

/* No positive uitkeringsbasis: only unscaled maatstaven, or a negative one. */
static void fails_without_positive_basis(void **state)
{
    (void)state;
    const double units[] = {10, 20, 30};
    double shares[3], scratch[3], uf = 0;
    size_t bad = 0;

    const bool unscaled[] = {false};
    const double w[] = {100};
    assert_int_equal(ig_bfv_shares(units, w, unscaled, 1, 3, 6000.0, shares, &uf, scratch, &bad),
                     INGROEI_ERR_DATA);
    assert_int_equal(bad, SIZE_MAX); /* no single gemeente to blame */

    const bool scaled[] = {true};
    const double neg[] = {-100};
    assert_int_equal(ig_bfv_shares(units, neg, scaled, 1, 3, 6000.0, shares, &uf, scratch, &bad),
                     INGROEI_ERR_DATA);
    assert_int_equal(bad, SIZE_MAX);

    const double zero_units[] = {0, 0, 0};
    assert_int_equal(ig_bfv_shares(zero_units, w, scaled, 1, 3, 6000.0, shares, &uf, scratch, &bad),
                     INGROEI_ERR_DATA);
}

/* The example above with a budget of 2000: uf = (2000 + 3500) / 6000 = 0.9167, and
 * the first gemeente gets 916.67 - 1000 < 0. */
static void fails_on_negative_amount(void **state)
{
    (void)state;
    const double units[] = {10, 20, 30, 16000, 32000, 8000};
    const double weight[] = {100, -0.0625};
    const bool scaled[] = {true, false};
    double shares[3], scratch[3], uf = 0;
    size_t bad = 0;
    assert_int_equal(ig_bfv_shares(units, weight, scaled, 2, 3, 2000.0, shares, &uf, scratch, &bad),
                     INGROEI_ERR_DATA);
    assert_int_equal(bad, 0); /* the first gemeente is the one that goes negative */
    /* At 3500 every amount is still positive: 166.67, 333.33, 3000. */
    assert_int_equal(ig_bfv_shares(units, weight, scaled, 2, 3, 3500.0, shares, &uf, scratch, &bad),
                     INGROEI_OK);
    assert_true(fabs(shares[0] * 3500 - 3500.0 / 21) <= 1e-9);
}

/* Five gemeenten: 0 and 1 a region with centre 1, 2 a region of one gemeente, 3 and 4
 * without a known region. Units of members move to the centre; the others keep theirs;
 * each maatstaf's total stays. */
static void regional_units_sum_onto_the_centre(void **state)
{
    (void)state;
    double units[] = {1, 2, 3, 4, 5, /* m0 */ 10, 20, 30, 40, 50 /* m1 */};
    const long region[] = {1, 1, 2, -1, -1};
    ig_regional_units(units, 2, 5, region);
    const double want[] = {0, 3, 3, 4, 5, 0, 30, 30, 40, 50};
    for (size_t i = 0; i < 10; i++)
        assert_true(units[i] == want[i]);
}

/* A region of one gemeente and gemeenten without a known region change nothing: the
 * regional key is then the key per gemeente. */
static void regional_units_without_members_change_nothing(void **state)
{
    (void)state;
    double units[] = {7, 8, 9}, before[3];
    memcpy(before, units, sizeof units);
    const long region[] = {0, -1, 2};
    ig_regional_units(units, 1, 3, region);
    assert_memory_equal(units, before, sizeof units);
}

/* Over random regions, units and budgets: the regional key's amounts add up to the
 * budget (whole euros by largest remainder, to the euro); a region's amount equals the
 * sum of its members' amounts under the key per gemeente (the key is linear in the
 * units), a gemeente without a known region gets what it got on its own, and a member
 * that is not the centre gets nothing. */
static void regional_key_conserves_money(void **state)
{
    (void)state;
    ts_rng_seed(20251013);
    const int n_cases = ts_property_scenarios(1000);
    for (int t = 0; t < n_cases; t++) {
        const size_t n_g = (size_t)ts_rng_range(1, 60), n_m = (size_t)ts_rng_range(1, 4);
        double *units = calloc(n_m * n_g, sizeof *units), *weight = calloc(n_m, sizeof *weight);
        double *reg = calloc(n_m * n_g, sizeof *reg), *own = calloc(n_g, sizeof *own);
        double *shares = calloc(n_g, sizeof *shares), *scratch = calloc(n_g, sizeof *scratch);
        bool *scaled = calloc(n_m, sizeof *scaled);
        long *region = calloc(n_g, sizeof *region);
        int64_t *euros = calloc(n_g, sizeof *euros);
        ig_lr_slot *slots = calloc(n_g, sizeof *slots);
        assert_true(units && weight && reg && own && shares && scratch && scaled && region &&
                    euros && slots);
        for (size_t m = 0; m < n_m; m++) {
            weight[m] = (double)ts_rng_range(1, 1000);
            scaled[m] = true;
            for (size_t g = 0; g < n_g; g++)
                units[m * n_g + g] = (double)ts_rng_range(0, 100000);
        }
        units[0] += 1; /* a positive basis */
        /* regions: each gemeente unknown, a centre, or a member of an earlier centre */
        for (size_t g = 0; g < n_g; g++) {
            long pick = (long)ts_rng_range(0, 2);
            region[g] = -1;
            if (pick == 1)
                region[g] = (long)g;
            else if (pick == 2 && g > 0 && region[g - 1] >= 0)
                region[g] = region[g - 1];
        }
        const double budget = (double)ts_rng_range(1, 2000000000);
        double uf;
        size_t bad;
        assert_int_equal(ig_bfv_shares(units, weight, scaled, n_m, n_g, budget, own, &uf,
                                       scratch, &bad),
                         INGROEI_OK);
        memcpy(reg, units, n_m * n_g * sizeof *reg);
        ig_regional_units(reg, n_m, n_g, region);
        for (size_t m = 0; m < n_m; m++) {
            double before = 0, after = 0;
            for (size_t g = 0; g < n_g; g++) {
                before += units[m * n_g + g];
                after += reg[m * n_g + g];
            }
            assert_true(before == after); /* whole units: exact */
        }
        assert_int_equal(ig_bfv_shares(reg, weight, scaled, n_m, n_g, budget, shares, &uf,
                                       scratch, &bad),
                         INGROEI_OK);
        double x[64];
        for (size_t g = 0; g < n_g; g++)
            x[g] = shares[g] * budget;
        assert_int_equal(ig_largest_remainder(x, n_g, (int64_t)budget, euros, slots),
                         INGROEI_OK);
        int64_t sum = 0;
        for (size_t g = 0; g < n_g; g++) {
            sum += euros[g];
            double members = 0;
            for (size_t h = 0; h < n_g; h++)
                if (region[h] == (long)g || (h == g && region[g] < 0))
                    members += own[h] * budget;
            if (region[g] >= 0 && region[g] != (long)g)
                assert_true(euros[g] == 0);
            else if (fabs(x[g] - members) > 1e-6 * budget / (double)n_g + 1e-6)
                fail_msg("case %d: gemeente %zu gets %.6f, its region's members %.6f", t, g,
                         x[g], members);
        }
        assert_true(sum == (int64_t)budget);
        free(units), free(weight), free(reg), free(own), free(shares), free(scratch);
        free(scaled), free(region), free(euros), free(slots);
    }
}

/* One call of ig_bfv_solve with both variants (ig_key_vector_instructions), from the same
 * inputs into shares prefilled alike: the same status, *bad, *uf and shares to the bit,
 * the untouched ones included; `in_place` solves into a copy of a, as ig_bfv_shares
 * does. */
static void expect_same_solve(const double *b, const double *a, size_t n, double sum_b,
                              double sum_a, double budget, bool in_place)
{
    double *out[2], uf[2];
    size_t bad[2];
    ingroei_status st[2];
    for (int v = 0; v < 2; v++) {
        out[v] = malloc((n + 1) * sizeof *out[v]);
        assert_non_null(out[v]);
        for (size_t g = 0; g < n; g++)
            out[v][g] = in_place ? a[g] : -7.25; /* a sentinel no share can be */
        ig_key_vector_instructions = v == 1;
        st[v] = ig_bfv_solve(b, in_place ? out[v] : a, n, sum_b, sum_a, budget, out[v], &uf[v],
                             &bad[v]);
    }
    ig_key_vector_instructions = true;
    assert_int_equal(st[0], st[1]);
    assert_true(bad[0] == bad[1]);
    assert_memory_equal(&uf[0], &uf[1], sizeof uf[0]);
    if (n)
        assert_memory_equal(out[0], out[1], n * sizeof *out[0]);
    free(out[0]), free(out[1]);
}

/* The vector variant against the plain one: random bases of many magnitudes and sizes
 * (every remainder of four), and amounts that go negative, infinite or NaN at a random
 * gemeente (the call then stops there in both, leaving the same shares behind). */
static void vector_solve_matches_plain(void **state)
{
    (void)state;
    ts_rng_seed(16);
    for (int world = 0; world < 3000; world++) {
        const size_t n = world % 5 == 0 ? 342 : (size_t)ts_rng_range(0, 41);
        double *b = malloc((n + 1) * sizeof *b), *a = malloc((n + 1) * sizeof *a);
        assert_non_null(b), assert_non_null(a);
        const int scale = (int)ts_rng_range(-3, 9);
        double sum_b = 0, sum_a = 0;
        for (size_t g = 0; g < n; g++) {
            b[g] = ts_rng_unit() * pow(10.0, scale + (int)ts_rng_range(-2, 2));
            a[g] = ts_rng_range(0, 3) == 0 ? (ts_rng_unit() - 0.2) * pow(10.0, scale) : 0.0;
            sum_b += b[g];
            sum_a += a[g];
        }
        if (n && ts_rng_range(0, 3) == 0) { /* one gemeente goes wrong */
            const size_t g = (size_t)ts_rng_range(0, (int64_t)n - 1);
            const double wrong[] = {NAN, INFINITY, -INFINITY, -1e300, DBL_MAX};
            const int k = (int)ts_rng_range(0, 4);
            a[g] = wrong[k];
            if (k == 4)
                b[g] = DBL_MAX; /* f B + A overflows */
        }
        if (!(sum_b > 0))
            sum_b = 1.0;
        const double budget = (sum_b + sum_a) * (0.5 + ts_rng_unit());
        expect_same_solve(b, a, n, sum_b, isfinite(sum_a) ? sum_a : 0.0, budget, false);
        expect_same_solve(b, a, n, sum_b, isfinite(sum_a) ? sum_a : 0.0, budget, true);
        free(b), free(a);
    }
}

/* Every other test runs twice: with the variant the processor runs (on x86-64 with AVX2
 * the vector one), and with ig_key_vector_instructions false, the plain one. */
static int plain_key(void **state)
{
    (void)state;
    ig_key_vector_instructions = false;
    return 0;
}

static int vector_key(void **state)
{
    (void)state;
    ig_key_vector_instructions = true;
    return 0;
}

#define KEY_TESTS(f) cmocka_unit_test(f), cmocka_unit_test_setup_teardown(f, plain_key, vector_key)

int main(void)
{
    const struct CMUnitTest tests[] = {
        KEY_TESTS(two_scaled_maatstaven),
        KEY_TESTS(unscaled_maatstaf_outside_the_factor),
        KEY_TESTS(identity_on_a_larger_key),
        KEY_TESTS(fails_without_positive_basis),
        KEY_TESTS(fails_on_negative_amount),
        KEY_TESTS(regional_units_sum_onto_the_centre),
        KEY_TESTS(regional_units_without_members_change_nothing),
        KEY_TESTS(regional_key_conserves_money),
        cmocka_unit_test(vector_solve_matches_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
