/* test_budget.c - core/budget.c: the macro budget per year from published amounts and
 * an indexation rule (nearest published year, earlier on a tie, rounded to euros). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ig.h"

#include <math.h>

/* A rule over published points; the rule's own position does not matter here. */
static ig_budget_rule rule_of(ig_budget_point *pts, size_t n, double percent)
{
    return (ig_budget_rule){pts, n, percent, "index source", 9, 3};
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
    ig_budget_rule rule = rule_of(pts, 2, 2.0);
    enum { N = 10 };
    int64_t amounts[N];
    int base[N], bad = 0;
    assert_int_equal(ig_budget_derive(&rule, 2021, N, amounts, base, &bad), INGROEI_OK);
    const int64_t want[N] = {
        INT64_C(961168781),  INT64_C(980392157),  INT64_C(1000000000), INT64_C(1020000000),
        INT64_C(1040400000), INT64_C(1176470588), INT64_C(1200000000), INT64_C(1224000000),
        INT64_C(1248480000), INT64_C(1273449600),
    };
    const int want_base[N] = {2023, 2023, 2023, 2023, 2023, 2027, 2027, 2027, 2027, 2027};
    for (size_t i = 0; i < N; i++) {
        assert_true(amounts[i] == want[i]);
        assert_int_equal(base[i], want_base[i]);
    }
}

/* Rounding of derived amounts is half away from zero (4.5 -> 5, 2.5 -> 3), in both
 * directions of time. */
static void derive_rounds_half_away(void **state)
{
    (void)state;
    ig_budget_point up[] = {{2023, 3, "p", 1, 1}};
    ig_budget_rule rule = rule_of(up, 1, 50.0);
    int64_t a[5];
    int base[5], bad = 0;
    /* 2021: 3/2.25 = 1.33 -> 1; 2022: 2; 2023: 3; 2024: 4.5 -> 5; 2025: 6.75 -> 7 */
    assert_int_equal(ig_budget_derive(&rule, 2021, 5, a, base, &bad), INGROEI_OK);
    assert_int_equal(a[0], 1);
    assert_int_equal(a[1], 2);
    assert_int_equal(a[2], 3);
    assert_int_equal(a[3], 5);
    assert_int_equal(a[4], 7);

    ig_budget_point down[] = {{2023, 5, "p", 1, 1}};
    ig_budget_rule shrink = rule_of(down, 1, -50.0);
    /* 2022: 5 / 0.5 = 10 (a negative rate inflates going back); 2024: 2.5 -> 3 */
    assert_int_equal(ig_budget_derive(&shrink, 2022, 3, a, base, &bad), INGROEI_OK);
    assert_int_equal(a[0], 10);
    assert_int_equal(a[1], 5);
    assert_int_equal(a[2], 3);
}

/* 0% holds the nearest published amount constant, before and after. */
static void derive_zero_percent_is_constant(void **state)
{
    (void)state;
    ig_budget_point pts[] = {{2023, INT64_C(1234567891), "mei", 1, 1}};
    ig_budget_rule rule = rule_of(pts, 1, 0.0);
    enum { N = 21 };
    int64_t a[N];
    int base[N], bad = 0;
    assert_int_equal(ig_budget_derive(&rule, 2013, N, a, base, &bad), INGROEI_OK);
    for (size_t i = 0; i < N; i++) {
        assert_true(a[i] == INT64_C(1234567891));
        assert_int_equal(base[i], 2023);
    }
}

/* Only published years requested: amounts copied, each its own base. */
static void derive_only_published(void **state)
{
    (void)state;
    ig_budget_point pts[] = {{2022, 100, "a", 1, 1}, {2023, 250, "b", 2, 1}, {2024, 90, "c", 3, 1}};
    ig_budget_rule rule = rule_of(pts, 3, 7.5);
    int64_t a[3];
    int base[3], bad = 0;
    assert_int_equal(ig_budget_derive(&rule, 2022, 3, a, base, &bad), INGROEI_OK);
    assert_int_equal(a[0], 100);
    assert_int_equal(a[1], 250);
    assert_int_equal(a[2], 90);
    for (int i = 0; i < 3; i++)
        assert_int_equal(base[i], 2022 + i);
}

/* Indexing year by year (one multiplication a year) over a long span stays within a
 * euro of the closed form for a moderate rate. */
static void derive_long_span(void **state)
{
    (void)state;
    ig_budget_point pts[] = {{2025, INT64_C(1745850000), "p", 1, 1}};
    ig_budget_rule rule = rule_of(pts, 1, 2.5);
    enum { N = 60 };
    int64_t a[N];
    int base[N], bad = 0;
    assert_int_equal(ig_budget_derive(&rule, 2000, N, a, base, &bad), INGROEI_OK);
    for (int i = 0; i < N; i++) {
        double exact = 1745850000.0 * pow(1.025, (double)(2000 + i - 2025));
        assert_true(fabs((double)a[i] - exact) <= 1.0 + 1e-12 * exact);
    }
}

/* A rule that indexes below one euro fails with a schema error naming the year. */
static void derive_fails_below_one_euro(void **state)
{
    (void)state;
    ig_budget_point pts[] = {{2023, 5, "p", 1, 1}};
    ig_budget_rule rule = rule_of(pts, 1, -50.0);
    int64_t a[4];
    int base[4], bad = 0;
    /* 2023: 5, 2024: 2.5 -> 3, 2025: 1.25 -> 1, 2026: 0.625 < 1 */
    assert_int_equal(ig_budget_derive(&rule, 2023, 4, a, base, &bad), INGROEI_ERR_SCHEMA);
    assert_int_equal(bad, 2026);

    /* -100%: zero after the published year, infinite before it. */
    ig_budget_rule gone = rule_of(pts, 1, -100.0);
    assert_int_equal(ig_budget_derive(&gone, 2023, 2, a, base, &bad), INGROEI_ERR_SCHEMA);
    assert_int_equal(bad, 2024);
    assert_int_equal(ig_budget_derive(&gone, 2022, 2, a, base, &bad), INGROEI_ERR_SCHEMA);
    assert_int_equal(bad, 2022);
}

static void derive_fails_when_not_finite(void **state)
{
    (void)state;
    ig_budget_point pts[] = {{2023, INT64_C(1000000000), "p", 1, 1}};
    int64_t a[3];
    int base[3], bad = 0;

    ig_budget_rule nan_rule = rule_of(pts, 1, NAN);
    assert_int_equal(ig_budget_derive(&nan_rule, 2023, 3, a, base, &bad), INGROEI_ERR_SCHEMA);
    assert_int_equal(bad, 2024);

    /* (1 + 1e308/100)^2 overflows to infinity. */
    ig_budget_rule huge = rule_of(pts, 1, 1e308);
    assert_int_equal(ig_budget_derive(&huge, 2023, 3, a, base, &bad), INGROEI_ERR_SCHEMA);
    assert_int_equal(bad, 2024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(derive_published_and_indexed),
        cmocka_unit_test(derive_rounds_half_away),
        cmocka_unit_test(derive_zero_percent_is_constant),
        cmocka_unit_test(derive_only_published),
        cmocka_unit_test(derive_long_span),
        cmocka_unit_test(derive_fails_below_one_euro),
        cmocka_unit_test(derive_fails_when_not_finite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
