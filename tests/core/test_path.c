/* test_path.c - core/path.c: the objective share p_t of a year, for the linear path
 * p = clamp((t - start + 1) / length, 0, 1) (DOMAIN §6) and for a listed table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ig.h"

static ig_path linear(int start, int length)
{
    ig_path p = {IG_PATH_LINEAR, start, length, NULL};
    return p;
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
    ig_path p = {IG_PATH_TABLE, 0, 0, values};
    for (int i = 0; i < 6; i++)
        assert_true(ig_path_share(&p, 2021 + i, 2021) == values[i]);
    /* The same table read from a different first year shifts with it. */
    assert_true(ig_path_share(&p, 2030, 2029) == 0.125);
    assert_true(ig_path_share(&p, 2029, 2029) == 0.0);
    /* A linear path's start and length do not matter for a table. */
    ig_path q = {IG_PATH_TABLE, 2021, 1, values};
    assert_true(ig_path_share(&q, 2022, 2021) == 0.125);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(linear_default),
        cmocka_unit_test(linear_monotone_and_clamped),
        cmocka_unit_test(linear_length_one),
        cmocka_unit_test(linear_start_after_last_year),
        cmocka_unit_test(linear_start_before_first_year),
        cmocka_unit_test(table_returns_listed_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
