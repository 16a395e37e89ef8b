/* test_au.c - core/au.c and the exact decimals of num.c: the algemene uitkering line by
 * line as published (Bfv 2001 art. 1c), with scaled and unscaled maatstaven, per-line
 * rounding to whole euros, a given and a solved uitkeringsfactor. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/core.h"

#include <math.h>
#include <stdlib.h>

static ig_dec dec(const char *s)
{
    ig_dec d = {0, 0};
    assert_true(ig_dec_parse(s, &d));
    return d;
}

static void parses_published_decimals(void **state)
{
    (void)state;
    ig_dec d;
    assert_true(ig_dec_parse("31180.00", &d));
    assert_true(d.mant == 3118000 && d.scale == 2);
    assert_true(ig_dec_parse("-0.0734", &d));
    assert_true(d.mant == -734 && d.scale == 4);
    assert_true(ig_dec_parse("+7", &d));
    assert_true(d.mant == 7 && d.scale == 0);
    assert_true(ig_dec_parse("999999999999999999", &d)); /* 18 digits */
    assert_true(ig_dec_parse("0.000000000001", &d));     /* 12 decimals */
    assert_true(d.mant == 1 && d.scale == 12);
    assert_true(ig_dec_value(dec("1.414")) == 1.414);
    assert_true(ig_dec_value(dec("-80123500.00")) == -80123500.0);

    /* Written back exactly as published, trailing zeros and all. */
    const char *round_trip[] = {"31180.00", "-0.0734",        "0.000890",           "7",
                                "-0.5",     "0.000000000001", "999999999999999999", "-12.340"};
    for (size_t i = 0; i < sizeof round_trip / sizeof *round_trip; i++) {
        ig_buf b = {0};
        ig_put_dec(&b, dec(round_trip[i]));
        assert_false(b.failed);
        assert_string_equal(b.data, round_trip[i]);
        ig_buf_free(&b);
    }
    ig_buf b = {0};
    ig_put_dec(&b, dec("+7.50"));
    assert_string_equal(b.data, "7.50");
    ig_buf_free(&b);

    const char *bad[] = {"",
                         "-",
                         "1.",
                         ".5",
                         "-.5",
                         "1.2.3",
                         "1e3",
                         " 1",
                         "1 ",
                         "1,5",
                         "0x1",
                         "nan",
                         "inf",
                         "+-1",
                         "1000000000000000000",
                         "0.0000000000001"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(ig_dec_parse(bad[i], &d));
}

static void rounds_products_half_away_from_zero(void **state)
{
    (void)state;
    const ig_dec one = {1, 0};
    int64_t v;
    /* 250.00 * 1.414 = 353.5 exactly: up; -80123500.00 * 0.0010 = -80123.5: away from zero. */
    assert_true(ig_dec_mul_round(dec("1"), dec("250.00"), dec("1.414"), &v));
    assert_int_equal(v, 354);
    assert_true(ig_dec_mul_round(dec("80123500.00"), dec("-0.0010"), one, &v));
    assert_int_equal(v, -80124);
    /* 2500 * 488.17 * 1.667 = 2034448.475: below the half, down. */
    assert_true(ig_dec_mul_round(dec("2500"), dec("488.17"), dec("1.667"), &v));
    assert_int_equal(v, 2034448);
    /* 0.49999999999 (11 decimals) is below the half however close. */
    assert_true(ig_dec_mul_round(dec("0.49999999999"), one, one, &v));
    assert_int_equal(v, 0);
    /* 36 decimals in all still divide exactly: 0.5 written with 12 decimals, three times
     * 1.000000000000 keeps it at the half. */
    assert_true(
        ig_dec_mul_round(dec("0.500000000000"), dec("1.000000000000"), dec("1.000000000000"), &v));
    assert_int_equal(v, 1);
    /* A euro amount beyond int64 is refused, not wrapped. */
    assert_false(
        ig_dec_mul_round(dec("999999999999999999"), dec("999999999999999999"), dec("100"), &v));
    assert_false(ig_dec_mul_round(dec("999999999999999999"), dec("999999999999999999"), one, &v));
}

/* The hand-computed example: three gemeenten, four maatstaven, uf = 1.414.
 *
 *   maatstaf        weight    scaled  g0              g1               g2
 *   m0 inwoners     488.17    yes     1000            2500             333
 *   m1 bijstand     1234.56   yes     12.50           40.33            0
 *   m2 vast         250.00    yes     1               1                1
 *   m3 OZB woning   -0.0010   no      250000000.00    600000000.55     80123500.00
 *
 * lines (units * weight * uf, or units * weight for m3), rounded half away from zero:
 *   m0: 690272.38 -> 690272     1725680.95 -> 1725681    229860.70254 -> 229861
 *   m1: 21820.848 -> 21821      70402.7839872 -> 70403   0
 *   m2: 353.5 -> 354            353.5 -> 354             353.5 -> 354
 *   m3: -250000                 -600000.00055 -> -600000 -80123.5 -> -80124
 * totals 462447, 1196438, 150091; clusters (m0, m1 | m2 | m3) accordingly. */
static const char *const units_s[] = {
    "1000", "2500", "333", "12.50",        "40.33",        "0",
    "1",    "1",    "1",   "250000000.00", "600000000.55", "80123500.00"};
static const char *const weight_s[] = {"488.17", "1234.56", "250.00", "-0.0010"};
static const bool scaled[] = {true, true, true, false};
static const size_t cluster[] = {0, 0, 1, 2};

static void example(ig_dec *units, ig_dec *weight, ig_au_in *in)
{
    for (size_t i = 0; i < 12; i++)
        units[i] = dec(units_s[i]);
    for (size_t m = 0; m < 4; m++)
        weight[m] = dec(weight_s[m]);
    *in = (ig_au_in){.n_g = 3,
                     .n_m = 4,
                     .units = units,
                     .weight = weight,
                     .scaled = scaled,
                     .cluster = cluster,
                     .n_clusters = 3};
}

static void three_gemeenten_four_maatstaven(void **state)
{
    (void)state;
    ig_dec units[12], weight[4];
    ig_au_in in;
    example(units, weight, &in);
    int64_t lines[12], totals[3], clusters[9];
    size_t bm, bg;
    assert_int_equal(ig_au_lines(&in, dec("1.414"), lines, totals, clusters, &bm, &bg), INGROEI_OK);
    const int64_t want[12] = {690272, 1725681, 229861, 21821,   70403,   0,
                              354,    354,     354,    -250000, -600000, -80124};
    for (size_t i = 0; i < 12; i++)
        assert_true(lines[i] == want[i]);
    assert_true(totals[0] == 462447 && totals[1] == 1196438 && totals[2] == 150091);
    /* Clusters hold sums of rounded lines, so they add up to the totals exactly. */
    assert_true(clusters[0] == 690272 + 21821 && clusters[1] == 1725681 + 70403 &&
                clusters[2] == 229861);
    assert_true(clusters[3] == 354 && clusters[4] == 354 && clusters[5] == 354);
    assert_true(clusters[6] == -250000 && clusters[7] == -600000 && clusters[8] == -80124);

    /* The unscaled line does not move with the uitkeringsfactor; the scaled ones do. */
    int64_t lines2[12], totals2[3];
    assert_int_equal(ig_au_lines(&in, dec("2.828"), lines2, totals2, NULL, &bm, &bg), INGROEI_OK);
    for (size_t g = 0; g < 3; g++)
        assert_true(lines2[9 + g] == lines[9 + g]);
    assert_true(lines2[0] == 1380545); /* 1000 * 488.17 * 2.828 = 1380544.76 */
    assert_true(lines2[6] == 707);     /* 250.00 * 2.828 = 707 */
}

static void solves_the_factor_for_a_budget(void **state)
{
    (void)state;
    ig_dec units[12], weight[4];
    ig_au_in in;
    example(units, weight, &in);
    /* sum B = 503852 + 1270464.8048 + 162810.61 = 1937127.4148;
     * sum A = -250000 - 600000.00055 - 80123.5 = -930123.50055;
     * budget 2300000: uf = 3230123.50055 / 1937127.4148 = 1.66748117644... -> 1.667. */
    ig_dec uf;
    double exact = 0;
    assert_int_equal(ig_au_solve_uf(&in, 2300000.0, 3, &uf, &exact), INGROEI_OK);
    assert_true(fabs(exact - 1.667481176442643) < 1e-12);
    assert_true(uf.mant == 1667 && uf.scale == 3);

    /* With the rounded factor the lines add up to 2299068, not the budget: the
     * ministry's form leaves that residual (932 euro here) to the rounded uf. */
    int64_t lines[12], totals[3];
    size_t bm, bg;
    assert_int_equal(ig_au_lines(&in, uf, lines, totals, NULL, &bm, &bg), INGROEI_OK);
    assert_true(totals[0] == 589921 && totals[1] == 1517865 && totals[2] == 191282);
    assert_true(lines[1] == 2034448); /* 2034448.475 */

    /* Unrounded (12 decimals) the factor reproduces the budget to within a euro per
     * line. */
    assert_int_equal(ig_au_solve_uf(&in, 2300000.0, 12, &uf, &exact), INGROEI_OK);
    /* rounded, not truncated, at the 12th decimal: 1.667481176442|643 -> ...443 (issue 17:
     * a mutant that truncated survived) */
    assert_true(uf.mant == INT64_C(1667481176443) && uf.scale == 12);
    assert_int_equal(ig_au_lines(&in, uf, lines, totals, NULL, &bm, &bg), INGROEI_OK);
    assert_true(llabs((long long)(totals[0] + totals[1] + totals[2]) - 2300000) <= 12);

    /* A budget below what the income maatstaven take needs a negative factor. */
    assert_int_equal(ig_au_solve_uf(&in, -1000000.0, 3, &uf, &exact), INGROEI_ERR_DATA);
    /* Without any scaled basis there is nothing to solve. */
    const bool none[] = {false, false, false, false};
    in.scaled = none;
    assert_int_equal(ig_au_solve_uf(&in, 2300000.0, 3, &uf, &exact), INGROEI_ERR_DATA);
}

static void refuses_what_it_cannot_compute(void **state)
{
    (void)state;
    ig_dec units[12], weight[4];
    ig_au_in in;
    example(units, weight, &in);
    int64_t lines[12], totals[3], clusters[9];
    size_t bm = 0, bg = 0;
    assert_int_equal(ig_au_lines(&in, dec("-1.000"), lines, totals, clusters, &bm, &bg),
                     INGROEI_ERR_USAGE);
    const size_t bad_cluster[] = {0, 0, 1, 3};
    in.cluster = bad_cluster;
    assert_int_equal(ig_au_lines(&in, dec("1.414"), lines, totals, clusters, &bm, &bg),
                     INGROEI_ERR_USAGE);
    assert_true(bm == 3);
    in.cluster = cluster;
    units[4] = dec("999999999999999999"); /* m1 g1 */
    weight[1] = dec("999999999999.00");
    assert_int_equal(ig_au_lines(&in, dec("1.414"), lines, totals, clusters, &bm, &bg),
                     INGROEI_ERR_NUMERIC);
    assert_true(bm == 1 && bg == 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_published_decimals),
        cmocka_unit_test(rounds_products_half_away_from_zero),
        cmocka_unit_test(three_gemeenten_four_maatstaven),
        cmocka_unit_test(solves_the_factor_for_a_budget),
        cmocka_unit_test(refuses_what_it_cannot_compute),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
