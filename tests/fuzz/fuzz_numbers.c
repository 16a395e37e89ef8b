/*
 * fuzz_numbers.c - fuzzes the locale-free number parsers and formatters (num.c), which
 * read every number in the scenarios, models and data files. The input, cut at its
 * first NUL byte, is one string:
 *   - ig_parse_int64: a value it accepts is written with ig_put_int and read back the
 *     same, and ig_parse_double accepts the same text as the nearest double;
 *   - ig_parse_double: a value it accepts is finite; it is written with ig_put_fixed at
 *     0 to 9 decimals, with '.' and ','; each text that is written (|x| * 10^d < 9e15)
 *     must read back within one unit of its last decimal, and with 0 decimals as a
 *     whole number; ig_put_decimal (for messages) must agree with 6 decimals.
 * See fuzz_common.h for how this builds and runs.
 */
#include "fuzz_common.h"

#include <float.h>
#include <math.h>

static void check_int(const char *s)
{
    int64_t v;
    if (!ig_parse_int64(s, &v))
        return;
    ig_buf b = {0};
    ig_put_int(&b, v);
    int64_t w;
    if (b.failed || !ig_parse_int64(b.data, &w) || w != v)
        fz_fail("%lld does not read back from '%s'", (long long)v, b.data ? b.data : "");
    ig_buf_free(&b);
    double d;
    if (!ig_parse_double(s, &d))
        fz_fail("'%s' reads as a whole number but not as a number", s);
    if (d != (double)v)
        fz_fail("'%s' reads as %lld but as the number %.17g", s, (long long)v, d);
}

/* Writes x with `decimals` decimals and reads it back. */
static void check_fixed(double x, int decimals, char point)
{
    ig_buf b = {0};
    bool ok = ig_put_fixed(&b, x, decimals, point);
    double scaled = x * pow(10.0, decimals);
    if (!ok) {
        if (fabs(scaled) < 8.9e15) /* well inside the limit, with room for pow's rounding */
            fz_fail("ig_put_fixed(%.17g, %d) refused", x, decimals);
        if (!b.invalid || b.len)
            fz_fail("ig_put_fixed(%.17g, %d) refused without marking the buffer", x, decimals);
        ig_buf_free(&b);
        return;
    }
    if (b.failed || !b.data)
        fz_fail("out of memory");
    if (fabs(scaled) >= 9.1e15)
        fz_fail("ig_put_fixed(%.17g, %d) wrote '%s' beyond its limit", x, decimals, b.data);
    const char *p = strchr(b.data, point);
    if (decimals > 0 && (!p || strlen(p + 1) != (size_t)decimals))
        fz_fail("ig_put_fixed(%.17g, %d) wrote '%s'", x, decimals, b.data);
    if (decimals == 0 && strpbrk(b.data, ".,"))
        fz_fail("ig_put_fixed(%.17g, 0) wrote '%s'", x, b.data);
    if (point == ',') {
        char *q = strchr(b.data, ',');
        if (q)
            *q = '.';
    }
    double y;
    if (!ig_parse_double(b.data, &y))
        fz_fail("'%s' (%.17g with %d decimals) does not read back", b.data, x, decimals);
    /* One rounding in x * 10^d (at most half a unit below 2^53) and one to the whole
     * unit: within one unit of the last decimal, plus the rounding of the read. */
    double unit = pow(10.0, -decimals);
    if (fabs(y - x) > unit * (1 + 1e-9) + fabs(x) * 4 * DBL_EPSILON)
        fz_fail("%.17g with %d decimals is '%s', which reads as %.17g", x, decimals, b.data, y);
    if (decimals == 0) {
        int64_t v;
        if (!ig_parse_int64(b.data, &v) || v != ig_round(scaled))
            fz_fail("%.17g with 0 decimals is '%s', not its rounded value", x, b.data);
    }
    if (decimals == 6 && point == '.') {
        ig_buf c = {0};
        ig_put_decimal(&c, x);
        double z;
        if (c.failed || c.invalid || !c.data || !ig_parse_double(c.data, &z) || z != y)
            fz_fail("ig_put_decimal(%.17g) wrote '%s', with 6 decimals '%s'", x,
                    c.data ? c.data : "", b.data);
        ig_buf_free(&c);
    }
    ig_buf_free(&b);
}

static void check_double(const char *s)
{
    double x;
    if (!ig_parse_double(s, &x))
        return;
    if (!isfinite(x))
        fz_fail("'%s' reads as %g", s, x);
    for (int d = 0; d <= 9; d++) {
        check_fixed(x, d, '.');
        check_fixed(x, d, ',');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        fz_fail("out of memory");
    memcpy(s, data, size);
    s[size] = '\0';
    int64_t i;
    double d;
    fz_note("'%s': %s, %s", s, ig_parse_int64(s, &i) ? "whole number" : "not a whole number",
            ig_parse_double(s, &d) ? "number" : "not a number");
    check_int(s);
    check_double(s);
    free(s);
    return 0;
}
