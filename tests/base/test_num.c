/* test_num.c - base/num.c: parsing decimals and whole numbers, formatting integers and
 * fixed-point amounts, all without the C locale (also under nl_NL / de_DE). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/io.h"

#include <locale.h>
#include <math.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- ig_parse_double --------------------------------------------------------------- */

static double parsed(const char *s)
{
    double v = -12345.678;
    if (!ig_parse_double(s, &v)) {
        print_error("ig_parse_double rejected \"%s\"\n", s);
        fail();
    }
    return v;
}

static void parse_double_accepts(void **state)
{
    (void)state;
    assert_true(parsed("0.1") == 0.1); /* the nearest double, not 1/10 computed sloppily */
    assert_true(parsed("1745850000") == 1745850000.0);
    assert_true(parsed("-12.5") == -12.5);
    assert_true(parsed("1e3") == 1000.0);
    assert_true(parsed("1.5E-2") == 0.015);
    assert_true(parsed("+3") == 3.0);
    assert_true(parsed("0") == 0.0);
    assert_true(parsed("-0") == 0.0);
    assert_true(parsed("2.5e+2") == 250.0);
    assert_true(parsed("0.3") == 0.3);
    assert_true(parsed("1.285") == 1.285);
    assert_true(parsed("0.000123") == 0.000123);
    assert_true(parsed("1642005000.25") == 1642005000.25);
    assert_true(parsed("123456789012345") == 123456789012345.0);
    assert_true(parsed("0.123456789012345") == 0.123456789012345);
    assert_true(parsed("0.07") == 0.07);
}

/* Up to 15 significant digits the result is the correctly rounded double, the same as
 * the C library's strtod in the "C" locale (the locale of this test's process); here
 * with powers of ten up to 10^+-22, with and without an exponent. */
static void parse_double_matches_strtod(void **state)
{
    (void)state;
    uint64_t s = UINT64_C(0x243F6A8885A308D3);
    char text[64];
    for (int i = 0; i < 20000; i++) {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        uint64_t r = s * UINT64_C(2685821657736338717);
        int ndig = 1 + (int)(r % 15);
        uint64_t mant = (r >> 8) % 1000000000000000u;
        uint64_t lim = 1;
        for (int k = 0; k < ndig; k++)
            lim *= 10;
        mant %= lim;
        int point = (int)((r >> 40) % (unsigned)(ndig + 1)); /* digits after the point */
        char digits[32];
        snprintf(digits, sizeof digits, "%0*llu", ndig, (unsigned long long)mant);
        int len = (int)strlen(digits);
        if (point == 0)
            snprintf(text, sizeof text, "%s", digits);
        else
            snprintf(text, sizeof text, "%.*s.%s", len - point, digits, digits + len - point);
        if (text[0] == '.') { /* "x.y" always has a digit before the point here */
            memmove(text + 1, text, strlen(text) + 1);
            text[0] = '0';
        }
        while (text[0] == '0' && text[1] >= '0' && text[1] <= '9') /* and no leading zero */
            memmove(text, text + 1, strlen(text));
        if (i % 2) {
            /* An exponent that keeps the value's power of ten within 10^+-22. */
            int e = point - 22 + (int)((r >> 20) % 45);
            size_t used = strlen(text);
            snprintf(text + used, sizeof text - used, "%s%d", (r >> 30) & 1 ? "e" : "E", e);
        }
        double want = strtod(text, NULL);
        double got = parsed(text);
        if (got != want) {
            print_error("\"%s\": got %.17g, want %.17g\n", text, got, want);
            fail();
        }
    }
}

/* The same holds for larger powers of ten: "1.23e27" is the double nearest to
 * 1.23 * 10^27, which is 1.23e+27 exactly as the compiler reads the literal. */
static void parse_double_large_exponents(void **state)
{
    (void)state;
    const char *texts[] = {"1.23e27", "123e25", "1e-23", "0.1e-22", "3e-300"};
    const double want[] = {1.23e27, 123e25, 1e-23, 0.1e-22, 3e-300};
    int bad = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        double got = parsed(texts[i]);
        if (got != want[i]) {
            print_error("\"%s\": got %.17g, want %.17g\n", texts[i], got, want[i]);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void parse_double_rejects(void **state)
{
    (void)state;
    const char *bad[] = {"",    "1,5", "1.2.3", "abc", " 1",       "1 ",    "1e",
                         "nan", "inf", "0x10",  "-",   "+",        "--1",   "1e+",
                         "e5",  ".",   "1e999", "NaN", "Infinity", "1_000", "1.5\n",
                         /* one grammar everywhere (README "Limits"): no leading zeros, no
                          * point without digits on both sides */
                         "007", "02022", "-01.5", "00", ".5", "5.", "-.5", "1.e3", "0x1p3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = 42.0;
        if (ig_parse_double(bad[i], &v)) {
            print_error("ig_parse_double accepted \"%s\" as %g\n", bad[i], v);
            fail();
        }
        assert_true(v == 42.0); /* nothing written on failure */
    }
}

/* Exact decimals follow the same grammar (without an exponent). */
static void dec_parse_grammar(void **state)
{
    (void)state;
    ig_dec d;
    assert_true(ig_dec_parse("31180.00", &d));
    assert_true(ig_dec_parse("-0.0734", &d));
    const char *bad[] = {"031180.00", "00.5", "0x10", ".5", "5.", "1e3", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (ig_dec_parse(bad[i], &d))
            fail_msg("ig_dec_parse accepted \"%s\"", bad[i]);
}

/* ---- ig_parse_int64 ----------------------------------------------------------------- */

static void parse_int64(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_true(ig_parse_int64("1745850000", &v));
    assert_true(v == INT64_C(1745850000));
    assert_true(ig_parse_int64("-3", &v));
    assert_true(v == -3);
    assert_true(ig_parse_int64("+17", &v));
    assert_true(v == 17);
    assert_true(ig_parse_int64("0", &v));
    assert_true(v == 0);
    assert_true(ig_parse_int64("9223372036854775807", &v));
    assert_true(v == INT64_MAX);
    assert_true(ig_parse_int64("-9223372036854775807", &v));
    assert_true(v == -INT64_MAX);

    const char *bad[] = {
        "1.0", "9223372036854775808",  "--1", "", "-", "+", " 1", "1 ", "1e3", "0x10",
        "12a", "99999999999999999999", "+-1", "02022", "00", "-0123", "1.", "1e0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 77;
        if (ig_parse_int64(bad[i], &v)) {
            print_error("ig_parse_int64 accepted \"%s\"\n", bad[i]);
            fail();
        }
        assert_true(v == 77);
    }
}

/* ---- formatting ----------------------------------------------------------------------- */

static void expect_int(int64_t v, const char *want)
{
    ig_buf b = {0};
    ig_put_int(&b, v);
    assert_false(b.failed);
    assert_string_equal(b.data, want);
    ig_buf_free(&b);
}

static void put_int(void **state)
{
    (void)state;
    expect_int(0, "0");
    expect_int(7, "7");
    expect_int(-7, "-7");
    expect_int(INT64_C(1642005000), "1642005000");
    expect_int(INT64_MAX, "9223372036854775807");
    expect_int(INT64_MIN, "-9223372036854775808");
    /* every number of digits, at its edges, both signs, against printf */
    int64_t p = 1;
    for (int d = 1; d <= 19; d++, p *= (d <= 19 ? 10 : 1)) {
        const int64_t edges[] = {p - 1, p, p + 1, 2 * (p / 2) + 99, p * 9 / 10 * 10 + 9};
        for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
            for (int sign = -1; sign <= 1; sign += 2) {
                char want[32], got[IG_INT_MAX + 1];
                const int64_t v = sign * edges[i];
                snprintf(want, sizeof want, "%" PRId64, v);
                const size_t n = ig_fmt_int(got, v);
                got[n] = '\0';
                assert_int_equal(n, strlen(want));
                assert_string_equal(got, want);
                expect_int(v, want);
            }
    }

    /* 1,000,000 random numbers of every size, around 2^32 (where the digits change
     * their arithmetic) most often, against printf */
    uint64_t z = 42;
    for (int i = 0; i < 1000000; i++) {
        z = z * 6364136223846793005ULL + 1442695040888963407ULL;
        const int bits = (int)(z >> 58); /* 0..63 */
        int64_t v = (int64_t)((z >> 1) >> (63 - (bits ? bits : 1)));
        if (i % 3 == 0)
            v = (int64_t)UINT32_MAX + (int64_t)(z % 2001) - 1000;
        if (z & 1)
            v = -v;
        char want[32], got[IG_INT_MAX + 1];
        snprintf(want, sizeof want, "%" PRId64, v);
        const size_t n = ig_fmt_int(got, v);
        got[n] = '\0';
        if (strcmp(got, want) != 0)
            fail_msg("ig_fmt_int(%s) wrote %s", want, got);
    }

    /* Appends to what is there. */
    ig_buf b = {0};
    ig_buf_puts(&b, "x=");
    ig_put_int(&b, -42);
    assert_string_equal(b.data, "x=-42");
    ig_buf_free(&b);
}

static void expect_fixed(double x, int decimals, char point, const char *want)
{
    ig_buf b = {0};
    assert_true(ig_put_fixed(&b, x, decimals, point));
    assert_string_equal(b.data, want);
    ig_buf_free(&b);
}

static void put_fixed(void **state)
{
    (void)state;
    /* Values exact in binary, so that the half is a real half. */
    expect_fixed(0.375, 2, '.', "0.38");
    expect_fixed(-0.375, 2, '.', "-0.38");
    expect_fixed(0.625, 2, '.', "0.63");
    expect_fixed(0.125, 2, '.', "0.13");
    expect_fixed(2.5, 0, '.', "3");
    expect_fixed(-2.5, 0, '.', "-3");
    expect_fixed(3.5, 0, '.', "4");
    expect_fixed(1.0625, 3, '.', "1.063");
    /* No minus zero. */
    expect_fixed(-0.001, 2, '.', "0.00");
    expect_fixed(-0.0, 2, '.', "0.00");
    expect_fixed(-0.4, 0, '.', "0");
    /* Padding and plain values. */
    expect_fixed(0.0, 0, '.', "0");
    expect_fixed(0.05, 3, '.', "0.050");
    expect_fixed(1234.5, 1, '.', "1234.5");
    expect_fixed(-7.0, 2, '.', "-7.00");
    expect_fixed(1642005000.0, 2, '.', "1642005000.00");
    expect_fixed(1.5, 9, '.', "1.500000000");
    expect_fixed(0.000000001, 9, '.', "0.000000001");
    /* Another decimal point on request. */
    expect_fixed(0.375, 2, ',', "0,38");
    expect_fixed(1.285, 3, ',', "1,285");
}

static void put_fixed_rejects(void **state)
{
    (void)state;
    const double bad[] = {NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < 3; i++) {
        ig_buf b = {0};
        assert_false(ig_put_fixed(&b, bad[i], 2, '.'));
        assert_true(b.len == 0);
        ig_buf_free(&b);
    }
    ig_buf b = {0};
    assert_false(ig_put_fixed(&b, 9e15, 0, '.'));
    assert_false(ig_put_fixed(&b, 1e7, 9, '.')); /* 1e16 after scaling */
    assert_false(ig_put_fixed(&b, 1.0, 10, '.'));
    assert_false(ig_put_fixed(&b, 1.0, -1, '.'));
    assert_true(b.len == 0);
    assert_true(ig_put_fixed(&b, 8.9e15, 0, '.'));
    assert_string_equal(b.data, "8900000000000000");
    ig_buf_free(&b);
}

/* ---- locale independence -------------------------------------------------------------- */

/* Everything the functions above produce, in one string. */
static void render_all(ig_buf *b)
{
    const char *inputs[] = {"0.1", "-12.5", "1.5E-2", "1745850000.75", "1e3"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        double v = 0;
        assert_true(ig_parse_double(inputs[i], &v));
        assert_true(ig_put_fixed(b, v, 4, '.'));
        ig_buf_putc(b, ' ');
    }
    int64_t n = 0;
    assert_true(ig_parse_int64("-1642005000", &n));
    ig_put_int(b, n);
    ig_buf_putc(b, ' ');
    assert_true(ig_put_fixed(b, 0.375, 2, '.'));
    assert_false(b->failed);
}

static void locale_does_not_matter(void **state)
{
    (void)state;
    ig_buf ref = {0};
    render_all(&ref);
    assert_string_equal(ref.data,
                        "0.1000 -12.5000 0.0150 1745850000.7500 1000.0000 -1642005000 0.38");

    const char *locales[] = {"nl_NL.UTF-8", "de_DE.UTF-8", "nl_NL.utf8", "de_DE.utf8"};
    int tried = 0;
    for (size_t i = 0; i < sizeof locales / sizeof locales[0]; i++) {
        if (!setlocale(LC_ALL, locales[i]))
            continue;
        tried++;
        /* The locale really uses a decimal comma, so the check means something. */
        char probe[16];
        snprintf(probe, sizeof probe, "%.1f", 0.5);
        assert_string_equal(probe, "0,5");
        ig_buf b = {0};
        render_all(&b);
        setlocale(LC_ALL, "C");
        assert_string_equal(b.data, ref.data);
        ig_buf_free(&b);
    }
    setlocale(LC_ALL, "C");
    ig_buf_free(&ref);
    if (tried == 0)
        skip(); /* no such locale installed on this host */
}

/* The shortest decimal that reads back exactly: plain between 1e-5 and 1e15 in size
 * (10, not %g's "1e+01"), an exponent outside; every one reads back as the same double. */
static void put_double(void **state)
{
    (void)state;
    static const struct {
        double x;
        const char *want;
    } cases[] = {
        {0.0, "0"},          {10.0, "10"},         {-10.0, "-10"},      {0.15, "0.15"},
        {7.5, "7.5"},        {1500000.0, "1500000"}, {1e14, "100000000000000"},
        {1e15, "1e+15"},     {1e-5, "0.00001"},    {1e-6, "1e-06"},     {0.1 + 0.2, "0.30000000000000004"},
        {123456789.25, "123456789.25"}, {2.5e-5, "0.000025"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ig_buf b = {0};
        ig_put_double(&b, cases[i].x);
        assert_false(b.failed || b.invalid);
        if (strcmp(b.data, cases[i].want) != 0)
            fail_msg("%.17g: got %s, want %s", cases[i].x, b.data, cases[i].want);
        double back;
        assert_true(ig_parse_double(b.data, &back) && back == cases[i].x);
        ig_buf_free(&b);
    }
    ig_buf b = {0};
    ig_put_double(&b, NAN);
    assert_true(b.invalid);
    ig_buf_free(&b);
}

/* ig_round is C99's (int64_t)round(x): halves away from zero, on both sides of every
 * power of two up to 2^62 and at the doubles next to halves; and on 1,000,000 random
 * amounts of every size. */
static void round_as_c99(void **state)
{
    (void)state;
    static const double by_hand[] = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
                                     -0.49999999999999994, 4503599627370495.5,
                                     -4503599627370495.5, 4503599627370496.0, 9007199254740993.0,
                                     2251799813685247.5, 1e18, -1e18, 23143778.7018, -3.5e-300};
    for (size_t i = 0; i < sizeof by_hand / sizeof *by_hand; i++)
        if (ig_round(by_hand[i]) != (int64_t)round(by_hand[i]))
            fail_msg("ig_round(%.17g) = %" PRId64 ", round gives %" PRId64, by_hand[i],
                     ig_round(by_hand[i]), (int64_t)round(by_hand[i]));
    for (int e = 0; e < 62; e++) {
        const double p = ldexp(1.0, e);
        const double around[] = {p, nextafter(p, 0), nextafter(p, INFINITY), p + 0.5, p - 0.5,
                                 nextafter(p + 0.5, 0), nextafter(p + 0.5, INFINITY)};
        for (size_t k = 0; k < sizeof around / sizeof *around; k++)
            for (int sign = -1; sign <= 1; sign += 2) {
                const double x = sign * around[k];
                if (ig_round(x) != (int64_t)round(x))
                    fail_msg("ig_round(%.17g) = %" PRId64 ", round gives %" PRId64, x, ig_round(x),
                             (int64_t)round(x));
            }
    }
    uint64_t z = 20261203;
    for (int i = 0; i < 1000000; i++) {
        z = z * 6364136223846793005ULL + 1442695040888963407ULL;
        const double mant = (double)(z >> 11) / 9007199254740992.0; /* [0, 1) */
        const double x = ((z & 1) ? -1 : 1) * ldexp(mant, (int)((z >> 1) % 62));
        const double half = ((z & 2) ? -1 : 1) * (floor(x) + 0.5); /* a half too */
        if (ig_round(x) != (int64_t)round(x) || ig_round(half) != (int64_t)round(half))
            fail_msg("ig_round differs from round at %.17g or %.17g", x, half);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_double_accepts),
        cmocka_unit_test(parse_double_matches_strtod),
        cmocka_unit_test(parse_double_large_exponents),
        cmocka_unit_test(parse_double_rejects),
        cmocka_unit_test(parse_int64),
        cmocka_unit_test(dec_parse_grammar),
        cmocka_unit_test(put_int),
        cmocka_unit_test(put_fixed),
        cmocka_unit_test(put_double),
        cmocka_unit_test(put_fixed_rejects),
        cmocka_unit_test(locale_does_not_matter),
        cmocka_unit_test(round_as_c99),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
