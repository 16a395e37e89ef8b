/* test_budget.c - core/budget.c: the macro budget per year from published amounts and
 * an indexation rule (nearest published year, earlier on a tie, rounded to euros). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ig.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void free_sources(char **sources, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(sources[i]);
}

/* Two published years four years apart, 2% a year (amounts worked out by hand):
 *   2021: 1e9 / 1.02^2 = 961168781.238  -> 961168781   (from 2023, deflated)
 *   2022: 1e9 / 1.02   = 980392156.863  -> 980392157
 *   2023: published 1 000 000 000
 *   2024: 1e9 * 1.02   -> 1020000000
 *   2025: tie between 2023 and 2027: the earlier, 1e9 * 1.02^2 -> 1040400000
 *   2026: 1.2e9 / 1.02 = 1176470588.235 -> 1176470588  (from 2027)
 *   2027: published 1 200 000 000
 *   2028..2030: 1.2e9 * 1.02^k -> 1224000000, 1248480000, 1273449600 */
static void derive_published_and_indexed(void **state)
{
    (void)state;
    ig_budget_point pts[] = {
        {2023, INT64_C(1000000000), "circulaire mei 2022", 3, 5},
        {2027, INT64_C(1200000000), "circulaire sep 2024", 4, 5},
    };
    ig_budget_rule rule = {pts, 2, 2.0, "CPB MEV"};
    enum { N = 10 };
    int64_t amounts[N];
    char *sources[N];
    ingroei_error err;
    ig_ok(&err);
    assert_int_equal(ig_budget_derive(&rule, 2021, N, amounts, sources, &err), INGROEI_OK);
    const int64_t want[N] = {
        INT64_C(961168781),  INT64_C(980392157),  INT64_C(1000000000), INT64_C(1020000000),
        INT64_C(1040400000), INT64_C(1176470588), INT64_C(1200000000), INT64_C(1224000000),
        INT64_C(1248480000), INT64_C(1273449600),
    };
    for (size_t i = 0; i < N; i++)
        assert_true(amounts[i] == want[i]);

    /* Published years: their own source, verbatim, in a new string. */
    assert_string_equal(sources[2], "circulaire mei 2022");
    assert_string_equal(sources[6], "circulaire sep 2024");
    assert_ptr_not_equal(sources[2], pts[0].source);
    assert_ptr_not_equal(sources[6], pts[1].source);

    /* Derived years name their base year and the index source. */
    const size_t from_2023[] = {0, 1, 3, 4};
    const size_t from_2027[] = {5, 7, 8, 9};
    for (size_t k = 0; k < 4; k++) {
        const char *s1 = sources[from_2023[k]], *s2 = sources[from_2027[k]];
        assert_non_null(strstr(s1, "2023"));
        assert_null(strstr(s1, "2027"));
        assert_non_null(strstr(s1, "CPB MEV"));
        assert_non_null(strstr(s2, "2027"));
        assert_null(strstr(s2, "2023"));
        assert_non_null(strstr(s2, "CPB MEV"));
        assert_true(strcmp(s1, "circulaire mei 2022") != 0);
    }
    free_sources(sources, N);
}

/* Rounding of derived amounts is half away from zero (4.5 -> 5, 2.5 -> 3), in both
 * directions of time. */
static void derive_rounds_half_away(void **state)
{
    (void)state;
    ig_budget_point up[] = {{2023, 3, "p", 1, 1}};
    ig_budget_rule rule = {up, 1, 50.0, "i"};
    int64_t a[5];
    char *s[5];
    /* 2021: 3/2.25 = 1.33 -> 1; 2022: 2; 2023: 3; 2024: 4.5 -> 5; 2025: 6.75 -> 7 */
    assert_int_equal(ig_budget_derive(&rule, 2021, 5, a, s, NULL), INGROEI_OK);
    assert_int_equal(a[0], 1);
    assert_int_equal(a[1], 2);
    assert_int_equal(a[2], 3);
    assert_int_equal(a[3], 5);
    assert_int_equal(a[4], 7);
    free_sources(s, 5);

    ig_budget_point down[] = {{2023, 5, "p", 1, 1}};
    ig_budget_rule shrink = {down, 1, -50.0, "i"};
    /* 2022: 5 / 0.5 = 10 (a negative rate inflates going back); 2024: 2.5 -> 3 */
    assert_int_equal(ig_budget_derive(&shrink, 2022, 3, a, s, NULL), INGROEI_OK);
    assert_int_equal(a[0], 10);
    assert_int_equal(a[1], 5);
    assert_int_equal(a[2], 3);
    free_sources(s, 3);
}

/* 0% holds the nearest published amount constant, before and after. */
static void derive_zero_percent_is_constant(void **state)
{
    (void)state;
    ig_budget_point pts[] = {{2023, INT64_C(1234567891), "mei", 1, 1}};
    ig_budget_rule rule = {pts, 1, 0.0, NULL};
    enum { N = 21 };
    int64_t a[N];
    char *s[N];
    assert_int_equal(ig_budget_derive(&rule, 2013, N, a, s, NULL), INGROEI_OK);
    for (size_t i = 0; i < N; i++) {
        assert_true(a[i] == INT64_C(1234567891));
        if (2013 + (int)i != 2023)
            assert_non_null(strstr(s[i], "2023"));
    }
    assert_string_equal(s[10], "mei");
    free_sources(s, N);
}

/* Only published years requested: amounts and sources copied. */
static void derive_only_published(void **state)
{
    (void)state;
    ig_budget_point pts[] = {{2022, 100, "a", 1, 1}, {2023, 250, "b", 2, 1}, {2024, 90, "c", 3, 1}};
    ig_budget_rule rule = {pts, 3, 7.5, "x"};
    int64_t a[3];
    char *s[3];
    assert_int_equal(ig_budget_derive(&rule, 2022, 3, a, s, NULL), INGROEI_OK);
    assert_int_equal(a[0], 100);
    assert_int_equal(a[1], 250);
    assert_int_equal(a[2], 90);
    assert_string_equal(s[0], "a");
    assert_string_equal(s[1], "b");
    assert_string_equal(s[2], "c");
    free_sources(s, 3);
}

/* A rule that indexes below one euro fails with a schema error; the sources made for
 * the earlier years are released by the library (checked by LeakSanitizer). */
static void derive_fails_below_one_euro(void **state)
{
    (void)state;
    ig_budget_point pts[] = {{2023, 5, "p", 1, 1}};
    ig_budget_rule rule = {pts, 1, -50.0, "i"};
    int64_t a[4];
    char *s[4];
    ingroei_error err;
    ig_ok(&err);
    /* 2023: 5, 2024: 2.5 -> 3, 2025: 1.25 -> 1, 2026: 0.625 < 1 */
    assert_int_equal(ig_budget_derive(&rule, 2023, 4, a, s, &err), INGROEI_ERR_SCHEMA);
    assert_int_equal(err.status, INGROEI_ERR_SCHEMA);
    assert_non_null(strstr(err.message, "2026"));

    /* -100%: zero after the published year, infinite before it. */
    ig_budget_rule gone = {pts, 1, -100.0, "i"};
    ig_ok(&err);
    assert_int_equal(ig_budget_derive(&gone, 2023, 2, a, s, &err), INGROEI_ERR_SCHEMA);
    assert_true(err.message[0] != '\0');
    ig_ok(&err);
    assert_int_equal(ig_budget_derive(&gone, 2022, 2, a, s, &err), INGROEI_ERR_SCHEMA);
    assert_true(err.message[0] != '\0');
}

static void derive_fails_when_not_finite(void **state)
{
    (void)state;
    ig_budget_point pts[] = {{2023, INT64_C(1000000000), "p", 1, 1}};
    ingroei_error err;
    int64_t a[3];
    char *s[3];

    ig_budget_rule nan_rule = {pts, 1, NAN, "i"};
    ig_ok(&err);
    assert_int_equal(ig_budget_derive(&nan_rule, 2023, 3, a, s, &err), INGROEI_ERR_SCHEMA);
    assert_int_equal(err.status, INGROEI_ERR_SCHEMA);

    /* (1 + 1e308/100)^2 overflows to infinity. */
    ig_budget_rule huge = {pts, 1, 1e308, "i"};
    ig_ok(&err);
    assert_int_equal(ig_budget_derive(&huge, 2023, 3, a, s, &err), INGROEI_ERR_SCHEMA);
    assert_int_equal(err.status, INGROEI_ERR_SCHEMA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(derive_published_and_indexed),
        cmocka_unit_test(derive_rounds_half_away),
        cmocka_unit_test(derive_zero_percent_is_constant),
        cmocka_unit_test(derive_only_published),
        cmocka_unit_test(derive_fails_below_one_euro),
        cmocka_unit_test(derive_fails_when_not_finite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
