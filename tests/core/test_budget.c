/* test_budget.c - core/budget.c: the macro budget per year from published amounts and
 * an indexation rule (nearest published year, earlier on a tie, rounded to euros), and
 * from a base amount with mutations, with the build-up lines adding up to each year. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/core.h"

#include <limits.h>
#include <math.h>

/* A rule over published points; the rule's own position does not matter here. */
static ig_budget_rule rule_of(ig_budget_point *pts, size_t n, double percent)
{
    return (ig_budget_rule){.published = pts,
                            .n_published = n,
                            .index_percent = percent,
                            .index_source = "index source",
                            .line = 9,
                            .column = 3};
}

/* ig_budget_build for the published form, with each year's base year from its line
 * (the one line a year that form writes). */
static ingroei_status ig_budget_derive(const ig_budget_rule *rule, int first, size_t n,
                                       int64_t *amounts, int *base, int *bad)
{
    ig_budget_line lines[128];
    size_t n_lines = 0;
    assert_true(ig_budget_max_lines(rule, n) <= 128);
    ingroei_status st = ig_budget_build(rule, first, n, amounts, lines, &n_lines, bad);
    if (st == INGROEI_OK) {
        assert_int_equal(n_lines, n);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(lines[i].year, first + (int)i);
            assert_true(lines[i].amount == amounts[i]);
            assert_int_equal(lines[i].kind, lines[i].base_year == first + (int)i ? IG_LINE_PUBLISHED
                                                                                 : IG_LINE_DERIVED);
            base[i] = lines[i].base_year;
        }
    }
    return st;
}

/* Sums the lines of every year and checks them against the amounts. */
static void lines_add_up(const ig_budget_line *lines, size_t n_lines, int first,
                         const int64_t *amounts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t sum = 0;
        for (size_t k = 0; k < n_lines; k++)
            if (lines[k].year == first + (int)i)
                sum += lines[k].amount;
        assert_true(sum == amounts[i]);
    }
}

/* A base amount of 1000 in 2020 with: 10% indexation from 2021, a structural cut of 100
 * from 2022 (indexed afterwards), and an incidental 50 in 2022-2023 (never indexed):
 *   2020: 1000
 *   2021: level 1000 + 100 (10%)                   = 1100
 *   2022: level 1100 + 110 - 100 = 1110, + 50     = 1160
 *   2023: level 1110 + 111 = 1221, + 50           = 1271
 *   2024: level 1221 + 122 (122.1) = 1343         = 1343 */
static void base_with_mutations(void **state)
{
    (void)state;
    ig_mutation m[] = {
        {.kind = IG_MUT_INDEX,
         .name = "lpo",
         .from = 2021,
         .to = INT_MAX,
         .percent = 10.0,
         .source = "a"},
        {.kind = IG_MUT_STRUCTURAL,
         .name = "Wlz",
         .from = 2022,
         .to = INT_MAX,
         .amount = -100,
         .source = "b"},
        {.kind = IG_MUT_INCIDENTAL,
         .name = "inc",
         .from = 2022,
         .to = 2023,
         .amount = 50,
         .source = "c"},
    };
    ig_budget_rule rule = {
        .has_base = true, .base = {2020, 1000, "base", 1, 1}, .mutations = m, .n_mutations = 3};
    ig_budget_line lines[64];
    size_t n_lines = 0;
    int64_t a[5];
    int bad = 0;
    assert_int_equal(ig_budget_build(&rule, 2020, 5, a, lines, &n_lines, &bad), INGROEI_OK);
    const int64_t want[5] = {1000, 1100, 1160, 1271, 1343};
    for (int i = 0; i < 5; i++)
        assert_true(a[i] == want[i]);
    lines_add_up(lines, n_lines, 2020, a, 5);
    /* the structural cut shows once, in 2022; the incidental amount in 2022 and 2023 */
    size_t cut = 0, inc = 0;
    for (size_t k = 0; k < n_lines; k++) {
        if (lines[k].kind == IG_LINE_MUTATION && lines[k].mutation == &m[1]) {
            cut++;
            assert_int_equal(lines[k].year, 2022);
        }
        inc += lines[k].kind == IG_LINE_MUTATION && lines[k].mutation == &m[2];
    }
    assert_int_equal(cut, 1);
    assert_int_equal(inc, 2);

    /* Starting the scenario later keeps the build-up of the years before it. */
    int64_t later[2];
    assert_int_equal(ig_budget_build(&rule, 2023, 2, later, lines, &n_lines, &bad), INGROEI_OK);
    assert_true(later[0] == 1271 && later[1] == 1343);
    lines_add_up(lines, n_lines, 2023, later, 2);
    for (size_t k = 0; k < n_lines; k++)
        assert_true(lines[k].year >= 2023);

    /* A base year after the first year cannot be carried backwards. */
    assert_int_equal(ig_budget_build(&rule, 2019, 2, a, lines, &n_lines, &bad), INGROEI_ERR_SCHEMA);
    /* A cut that empties the budget fails in its year. */
    m[1].amount = -5000;
    assert_int_equal(ig_budget_build(&rule, 2020, 5, a, lines, &n_lines, &bad), INGROEI_ERR_SCHEMA);
    assert_int_equal(bad, 2022);
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

/* Arrangements (README, "Arrangements"): the keys get the budget minus the year's
 * arrangements (several gemeenten, none, zero, all of it); more than the budget, or
 * than the objective part's own budget, fails and changes nothing; afterwards every
 * gemeente gets its amount on top and the sums are the whole budget again. */
static void arrangement_subtract_and_add(void **state)
{
    (void)state;
    enum { NG = 3, NY = 4 };
    const int64_t a[NY * NG] = {0, 0, 0, /* a year without */
                                5, 0, 7, /* several gemeenten */
                                0, 0, 0, /* zero */
                                100, 0, 0}; /* the whole budget */
    int64_t budget[NY] = {100, 100, 100, 100}, obj[NY] = {100, 90, 100, 100}, total[NY];
    size_t bad;
    assert_int_equal(ig_arrangement_subtract(a, NG, NY, total, budget, obj, &bad), INGROEI_OK);
    assert_int_equal(bad, SIZE_MAX);
    const int64_t want_total[NY] = {0, 12, 0, 100}, want_b[NY] = {100, 88, 100, 0},
                  want_o[NY] = {100, 78, 100, 0};
    assert_memory_equal(total, want_total, sizeof total);
    assert_memory_equal(budget, want_b, sizeof budget);
    assert_memory_equal(obj, want_o, sizeof obj);

    /* more than the objective part's own budget in year 1: nothing changes */
    int64_t b2[NY] = {100, 100, 100, 100}, o2[NY] = {100, 11, 100, 100};
    assert_int_equal(ig_arrangement_subtract(a, NG, NY, total, b2, o2, &bad), INGROEI_ERR_DATA);
    assert_int_equal(bad, 1);
    assert_int_equal(b2[1], 100);
    assert_int_equal(o2[1], 11);
    /* one euro more than the budget */
    int64_t b3[NY] = {100, 100, 100, 99}, o3[NY] = {100, 100, 100, 100};
    assert_int_equal(ig_arrangement_subtract(a, NG, NY, total, b3, o3, &bad), INGROEI_ERR_DATA);
    assert_int_equal(bad, 3);
    /* a negative amount is refused */
    const int64_t neg[NG] = {5, -1, 0};
    int64_t b4[1] = {100}, o4[1] = {100};
    assert_int_equal(ig_arrangement_subtract(neg, NG, 1, total, b4, o4, &bad), INGROEI_ERR_DATA);

    /* the keys' allocation of the rest, then the arrangements on top */
    int64_t tot[NY * NG] = {50, 30, 20, 40, 30, 18, 50, 30, 20, 0, 0, 0};
    int64_t fh[NY * NG] = {60, 40, 0, 50, 38, 0, 60, 40, 0, 0, 0, 0};
    int64_t unc[NY * NG];
    double exact[NY * NG];
    for (size_t i = 0; i < NY * NG; i++) {
        unc[i] = tot[i];
        exact[i] = (double)tot[i];
    }
    int64_t target[NY] = {100, 88, 100, 0}, sum[NY] = {100, 88, 100, 0};
    ig_alloc_out out = {.exact = exact, .total = tot, .full_hist = fh, .target = target,
                        .sum_total = sum};
    const int64_t arr_total[NY] = {0, 12, 0, 100};
    ig_arrangement_add(a, arr_total, NG, NY, &out, unc);
    for (size_t t = 0; t < NY; t++) {
        int64_t s = 0;
        for (size_t g = 0; g < NG; g++)
            s += tot[t * NG + g];
        assert_int_equal(s, 100); /* the whole budget again */
        assert_int_equal(target[t], 100);
        assert_int_equal(sum[t], 100);
    }
    assert_int_equal(tot[3], 45);
    assert_int_equal(tot[5], 25);
    assert_int_equal(fh[5], 7);
    assert_int_equal(unc[9], 100);
    assert_true(exact[9] == 100.0);
    int64_t fo[NY * NG] = {0};
    ig_arrangement_add_full_obj(a, NG, NY, fo);
    assert_memory_equal(fo, a, sizeof fo);
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
        cmocka_unit_test(base_with_mutations),
        cmocka_unit_test(arrangement_subtract_and_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
