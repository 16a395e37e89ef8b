/* test_path.c - core/path.c: the objective share p_t of a year, for the linear path
 * p = clamp((t - start + 1) / length, 0, 1) (README, "Paths"), a listed table, the cohort
 * path (existing clients leave care) and the logistic s-curve. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/core.h"

#include <math.h>

static ig_path linear(int start, int length)
{
    return (ig_path){.kind = IG_PATH_LINEAR, .start = start, .length = length};
}

/* The scenario default: start 2022, 10 years. */
static void linear_default(void **state)
{
    (void)state;
    ig_path p = linear(2022, 10);
    const int first = 2021;
    assert_true(ig_path_share(&p, 2000, first) == 0.0);
    assert_true(ig_path_share(&p, 2021, first) == 0.0);
    assert_true(ig_path_share(&p, 2022, first) == 0.1);
    assert_true(ig_path_share(&p, 2023, first) == 0.2);
    assert_true(ig_path_share(&p, 2026, first) == 0.5);
    assert_true(ig_path_share(&p, 2030, first) == 0.9);
    assert_true(ig_path_share(&p, 2031, first) == 1.0);
    assert_true(ig_path_share(&p, 2032, first) == 1.0);
    assert_true(ig_path_share(&p, 2050, first) == 1.0);
}

/* The share never decreases and stays within [0, 1]. */
static void linear_monotone_and_clamped(void **state)
{
    (void)state;
    const int starts[] = {2015, 2022, 2030};
    const int lengths[] = {1, 3, 7, 10, 25};
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        for (size_t j = 0; j < sizeof lengths / sizeof lengths[0]; j++) {
            ig_path p = linear(starts[i], lengths[j]);
            double prev = 0.0;
            for (int t = 2000; t <= 2070; t++) {
                double v = ig_path_share(&p, t, 2000);
                assert_true(v >= 0.0 && v <= 1.0);
                assert_true(v >= prev);
                double want = (double)(t - starts[i] + 1) / (double)lengths[j];
                want = want < 0 ? 0 : want > 1 ? 1 : want;
                assert_true(v == want);
                prev = v;
            }
            assert_true(prev == 1.0);
        }
}

/* Length 1: nothing before the start year, everything from it on. */
static void linear_length_one(void **state)
{
    (void)state;
    ig_path p = linear(2025, 1);
    assert_true(ig_path_share(&p, 2023, 2021) == 0.0);
    assert_true(ig_path_share(&p, 2024, 2021) == 0.0);
    assert_true(ig_path_share(&p, 2025, 2021) == 1.0);
    assert_true(ig_path_share(&p, 2026, 2021) == 1.0);
}

/* A start after the scenario's last year: the objective key never applies. */
static void linear_start_after_last_year(void **state)
{
    (void)state;
    ig_path p = linear(2040, 10);
    for (int t = 2021; t <= 2035; t++)
        assert_true(ig_path_share(&p, t, 2021) == 0.0);
    assert_true(ig_path_share(&p, 2040, 2021) == 0.1);
}

/* A start before the first year: the path is already under way or finished. */
static void linear_start_before_first_year(void **state)
{
    (void)state;
    ig_path partly = linear(2015, 10);
    assert_true(ig_path_share(&partly, 2021, 2021) == 0.7);
    assert_true(ig_path_share(&partly, 2022, 2021) == 0.8);
    assert_true(ig_path_share(&partly, 2024, 2021) == 1.0);
    ig_path fully = linear(2000, 10);
    for (int t = 2021; t <= 2030; t++)
        assert_true(ig_path_share(&fully, t, 2021) == 1.0);
    /* Lengths that do not divide evenly: 1/3 and 2/3 as doubles. */
    ig_path thirds = linear(2021, 3);
    assert_true(ig_path_share(&thirds, 2021, 2021) == 1.0 / 3.0);
    assert_true(ig_path_share(&thirds, 2022, 2021) == 2.0 / 3.0);
    assert_true(ig_path_share(&thirds, 2023, 2021) == 1.0);
}

/* A table lists p_t per scenario year; the year is found from the first year. */
static void table_returns_listed_value(void **state)
{
    (void)state;
    double values[] = {0.0, 0.125, 0.3, 0.3, 0.95, 1.0};
    ig_path p = {.kind = IG_PATH_TABLE, .table = values};
    for (int i = 0; i < 6; i++)
        assert_true(ig_path_share(&p, 2021 + i, 2021) == values[i]);
    /* The same table read from a different first year shifts with it. */
    assert_true(ig_path_share(&p, 2030, 2029) == 0.125);
    assert_true(ig_path_share(&p, 2029, 2029) == 0.0);
    /* A linear path's start and length do not matter for a table. */
    ig_path q = {.kind = IG_PATH_TABLE, .start = 2021, .length = 1, .table = values};
    assert_true(ig_path_share(&q, 2022, 2021) == 0.125);
}

/* Cohort with a yearly outflow of 20%: before the start everything is historical; in
 * the start year 80% of the existing clients remain, so p = 0.2; then 1 - 0.8^n. */
static void cohort_exponential(void **state)
{
    (void)state;
    ig_path p = {.kind = IG_PATH_COHORT, .start = 2022, .outflow = 0.2};
    assert_true(ig_path_share(&p, 2020, 2020) == 0.0);
    assert_true(ig_path_share(&p, 2021, 2020) == 0.0);
    assert_true(fabs(ig_path_share(&p, 2022, 2020) - 0.2) < 1e-15);
    assert_true(fabs(ig_path_share(&p, 2023, 2020) - 0.36) < 1e-15);
    assert_true(fabs(ig_path_share(&p, 2024, 2020) - (1 - 0.512)) < 1e-15);
    double prev = 0;
    for (int t = 2020; t < 2100; t++) { /* non-decreasing, within [0, 1], towards 1 */
        double v = ig_path_share(&p, t, 2020);
        assert_true(v >= prev && v >= 0 && v <= 1);
        prev = v;
    }
    assert_true(prev > 0.999999);
    /* outflow 0: nobody leaves, nothing becomes objective; outflow 1: all at once */
    ig_path none = {.kind = IG_PATH_COHORT, .start = 2022, .outflow = 0.0};
    ig_path all = {.kind = IG_PATH_COHORT, .start = 2022, .outflow = 1.0};
    for (int t = 2015; t < 2040; t++) {
        assert_true(ig_path_share(&none, t, 2015) == 0.0);
        assert_true(ig_path_share(&all, t, 2015) == (t >= 2022 ? 1.0 : 0.0));
    }
}

/* Cohort with a length-of-stay table: the share still in care after 1, 2, 3 years; the
 * last value holds afterwards (here: some clients stay for good). */
static void cohort_table(void **state)
{
    (void)state;
    double remaining[] = {0.9, 0.6, 0.25};
    ig_path p = {.kind = IG_PATH_COHORT,
                 .start = 2024,
                 .outflow = -1,
                 .remaining = remaining,
                 .n_remaining = 3};
    assert_true(ig_path_share(&p, 2023, 2021) == 0.0);
    assert_true(fabs(ig_path_share(&p, 2024, 2021) - 0.1) < 1e-15);
    assert_true(fabs(ig_path_share(&p, 2025, 2021) - 0.4) < 1e-15);
    assert_true(fabs(ig_path_share(&p, 2026, 2021) - 0.75) < 1e-15);
    assert_true(fabs(ig_path_share(&p, 2040, 2021) - 0.75) < 1e-15);
    double ends[] = {0.5, 0.0};
    ig_path q = {
        .kind = IG_PATH_COHORT, .start = 2024, .outflow = -1, .remaining = ends, .n_remaining = 2};
    assert_true(ig_path_share(&q, 2025, 2021) == 1.0);
    assert_true(ig_path_share(&q, 2030, 2021) == 1.0);
}

/* The s-curve is 0 before its start, 1 from its end, rises monotonically in between and
 * is symmetric around its midpoint. */
static void scurve(void **state)
{
    (void)state;
    /* the default midpoint: halfway between the last historical and first objective year */
    ig_path p = {
        .kind = IG_PATH_SCURVE, .start = 2022, .end = 2031, .midpoint = 2026, .steepness = 0.9};
    assert_true(ig_path_share(&p, 2021, 2021) == 0.0);
    assert_true(ig_path_share(&p, 2031, 2021) == 1.0);
    assert_true(ig_path_share(&p, 2035, 2021) == 1.0);
    double prev = 0;
    for (int t = 2022; t < 2031; t++) {
        double v = ig_path_share(&p, t, 2021);
        assert_true(v > prev && v < 1);
        prev = v;
    }
    /* symmetric around the midpoint: p(2026 - k) + p(2026 + k) = 1 */
    assert_true(fabs(ig_path_share(&p, 2026, 2021) - 0.5) < 1e-12);
    for (int k = 0; k <= 5; k++)
        assert_true(fabs(ig_path_share(&p, 2026 - k, 2021) + ig_path_share(&p, 2026 + k, 2021) -
                         1.0) < 1e-12);
    /* slow start: the first year's step is smaller than the linear path's */
    assert_true(ig_path_share(&p, 2022, 2021) < 0.1);
    /* a path of one year jumps from 0 to 1 */
    ig_path one = {
        .kind = IG_PATH_SCURVE, .start = 2025, .end = 2026, .midpoint = 2025, .steepness = 2};
    assert_true(ig_path_share(&one, 2024, 2021) == 0.0);
    assert_true(ig_path_share(&one, 2026, 2021) == 1.0);
    double mid = ig_path_share(&one, 2025, 2021);
    assert_true(mid > 0 && mid < 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(linear_default),
        cmocka_unit_test(cohort_exponential),
        cmocka_unit_test(cohort_table),
        cmocka_unit_test(scurve),
        cmocka_unit_test(linear_monotone_and_clamped),
        cmocka_unit_test(linear_length_one),
        cmocka_unit_test(linear_start_after_last_year),
        cmocka_unit_test(linear_start_before_first_year),
        cmocka_unit_test(table_returns_listed_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
