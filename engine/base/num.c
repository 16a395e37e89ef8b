/*
 * num.c - numbers in and out of text without the C locale's help: parsing and
 * formatting must give the same bytes whatever LC_NUMERIC the host process has set.
 */
#define _GNU_SOURCE /* strtod_l, newlocale */
#include "base/base.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exact powers of ten up to 1e22 (all representable in a double). */
static const double pow10_exact[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

bool ig_number_form(const char *s, bool fraction, bool exponent)
{
    const char *p = s;
    if (!p)
        return false;
    if (*p == '+' || *p == '-')
        p++;
    if (*p == '0')
        p++; /* a zero before the point is the only digit there: no "007" */
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return false;
    if (*p == '.' && fraction) {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return false; /* "1." */
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if ((*p == 'e' || *p == 'E') && exponent) {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

/* s after an optional sign; *neg tells whether it was a minus. */
static const char *skip_sign(const char *s, bool *neg)
{
    *neg = *s == '-';
    return s + (*s == '+' || *s == '-');
}

/* Parses [+-]digits[.digits][(e|E)[+-]digits]. The significand is gathered as an
 * integer of at most 18 significant digits (later digits before the point only raise
 * the exponent, later digits after it are dropped). When that integer is below 2^53
 * and the power of ten within 1e22, both are exact doubles and one division or
 * multiplication rounds correctly; otherwise the text goes to strtod_l in the "C"
 * locale, which also rounds correctly. Values that overflow or underflow to zero are
 * rejected. */
bool ig_parse_double(const char *s, double *out)
{
    if (!ig_number_form(s, true, true))
        return false;
    bool neg;
    const char *p = skip_sign(s, &neg);
    uint64_t mant = 0;
    int digits = 0, scale = 0; /* value = mant * 10^scale */
    bool any = false;
    while (*p >= '0' && *p <= '9') {
        any = true;
        if (digits < 18) {
            mant = mant * 10 + (uint64_t)(*p - '0');
            if (mant)
                digits++;
        } else {
            scale++;
        }
        p++;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            any = true;
            if (digits < 18) {
                mant = mant * 10 + (uint64_t)(*p - '0');
                if (mant)
                    digits++;
                scale--;
            } /* digits past the 18th are below a double's precision: dropped */
            p++;
        }
    }
    if (!any)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        bool eneg;
        p = skip_sign(p, &eneg);
        if (!(*p >= '0' && *p <= '9'))
            return false;
        int e = 0;
        while (*p >= '0' && *p <= '9') {
            if (e < 10000)
                e = e * 10 + (*p - '0');
            p++;
        }
        scale += eneg ? -e : e;
    }
    if (*p)
        return false;
    double v;
    if (mant == 0) {
        v = 0.0;
    } else if (mant <= (UINT64_C(1) << 53) && scale >= 0 && scale <= 22) {
        v = (double)mant * pow10_exact[scale]; /* both exact: one rounding */
    } else if (mant <= (UINT64_C(1) << 53) && scale < 0 && scale >= -22) {
        v = (double)mant / pow10_exact[-scale];
    } else {
        /* Rare: exponents far from 1. Two roundings would not be exact; the C
         * library's conversion is, given a locale that reads '.' as the point. */
        locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
        if (c == (locale_t)0)
            return false;
        errno = 0;
        v = fabs(strtod_l(s, NULL, c));
        int e = errno;
        freelocale(c);
        if (e == ERANGE)
            return false;
    }
    if (!isfinite(v))
        return false;
    *out = neg ? -v : v;
    return true;
}

bool ingroei_parse_number(const char *text, double *out)
{
    return ig_parse_double(text, out);
}

bool ig_parse_int64(const char *s, int64_t *out)
{
    if (!ig_number_form(s, false, false))
        return false;
    bool neg;
    const char *p = skip_sign(s, &neg);
    if (!*p)
        return false;
    /* Accumulate the magnitude; the most negative value has one more unit than the
     * most positive. */
    const uint64_t limit = neg ? UINT64_C(9223372036854775808) : UINT64_C(9223372036854775807);
    uint64_t v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned d = (unsigned)(*p - '0');
        if (v > (limit - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

bool ig_dec_parse(const char *s, ig_dec *out)
{
    if (!ig_number_form(s, true, false))
        return false;
    bool neg;
    const char *p = skip_sign(s, &neg);
    int64_t mant = 0;
    int digits = 0, scale = 0;
    bool point = false, any = false;
    for (; *p; p++) {
        if (*p == '.' && !point) {
            point = true;
            continue;
        }
        if (*p < '0' || *p > '9')
            return false;
        any = true;
        if (mant > 0 || *p != '0' || point)
            digits++;
        if (digits > 18 || (point && scale == IG_DEC_MAX_SCALE))
            return false;
        mant = mant * 10 + (*p - '0');
        scale += point;
    }
    /* "1." and "." are not numbers as published; ".5" is not written either. */
    if (!any || (point && (scale == 0 || s[neg || *s == '+'] == '.')))
        return false;
    out->mant = neg ? -mant : mant;
    out->scale = scale;
    return true;
}

double ig_dec_value(ig_dec d)
{
    static const double p10[] = {1e0, 1e1, 1e2, 1e3,  1e4,  1e5, 1e6,
                                 1e7, 1e8, 1e9, 1e10, 1e11, 1e12};
    if (d.scale < 0 || d.scale > IG_DEC_MAX_SCALE)
        return NAN;
    /* Both operands are exact doubles for |mant| <= 2^53, so the quotient is the double
     * nearest the decimal. */
    return (double)d.mant / p10[d.scale];
}

void ig_put_dec(ig_buf *b, ig_dec d)
{
    char digits[24];
    const bool neg = d.mant < 0;
    uint64_t m = neg ? 0 - (uint64_t)d.mant : (uint64_t)d.mant;
    int n = 0;
    do {
        digits[n++] = (char)('0' + m % 10);
        m /= 10;
    } while (m > 0 || n <= d.scale);
    if (neg)
        ig_buf_putc(b, '-');
    while (n > 0) {
        if (n == d.scale)
            ig_buf_putc(b, '.');
        ig_buf_putc(b, digits[--n]);
    }
}

/* The digits of u at p, written from the last two at a time from a table of the pairs
 * 00..99; their number (at most 20). */
/* Two digits at a time, from a table of the pairs 00..99. */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
                                  "31323334353637383940414243444546474849505152535455565758596061"
                                  "6263646566676869707172737475767778798081828384858687888990919293"
                                  "949596979899";

static inline char *put_pair(char *p, uint32_t v)
{
    memcpy(p, digit_pairs + 2 * v, 2);
    return p + 2;
}

/* g < 10,000 as exactly four digits (g / 100 is (g * 5243) >> 19 for every g below
 * 10,000) */
static inline char *put_four(char *p, uint32_t g)
{
    const uint32_t a = (g * 5243u) >> 19;
    p = put_pair(p, a);
    return put_pair(p, g - a * 100u);
}

/* u < 10,000 without leading zeros */
static inline char *put_small(char *p, uint32_t u)
{
    if (u < 10) {
        *p = (char)('0' + u);
        return p + 1;
    }
    if (u < 100)
        return put_pair(p, u);
    const uint32_t a = (u * 5243u) >> 19;
    if (a < 10)
        *p++ = (char)('0' + a);
    else
        p = put_pair(p, a);
    return put_pair(p, u - a * 100u);
}

/* The digits of u (no sign, no NUL); returns how many. Most numbers written (amounts of
 * a gemeente, counts, years) are below 2^32: those are split in 32-bit arithmetic into
 * groups of four digits, the rest two digits at a time from the right. */
static size_t fmt_digits(char *p, uint64_t u)
{
    if (u <= UINT32_MAX) {
        const uint32_t v = (uint32_t)u;
        char *q = p;
        if (v < 10000u) {
            q = put_small(q, v);
        } else if (v < 100000000u) {
            const uint32_t hi = v / 10000u;
            q = put_small(q, hi);
            q = put_four(q, v - hi * 10000u);
        } else {
            const uint32_t hi = v / 100000000u, lo = v - hi * 100000000u, mid = lo / 10000u;
            q = put_small(q, hi);
            q = put_four(q, mid);
            q = put_four(q, lo - mid * 10000u);
        }
        return (size_t)(q - p);
    }
    /* the number of digits: from the number of bits (log10(2) ~ 1233 / 4096), one less
     * when u is below that power of ten */
    static const uint64_t pow10[20] = {1u,
                                       10u,
                                       100u,
                                       1000u,
                                       10000u,
                                       100000u,
                                       1000000u,
                                       10000000u,
                                       100000000u,
                                       1000000000u,
                                       10000000000u,
                                       100000000000u,
                                       1000000000000u,
                                       10000000000000u,
                                       100000000000000u,
                                       1000000000000000u,
                                       10000000000000000u,
                                       100000000000000000u,
                                       1000000000000000000u,
                                       10000000000000000000u};
    const unsigned t = (unsigned)(64 - __builtin_clzll(u | 1)) * 1233u >> 12;
    const size_t n = u < 10 ? 1 : t + (u >= pow10[t]);
    char *q = p + n;
    while (u >= 100) {
        const unsigned k = (unsigned)(u % 100) * 2;
        u /= 100;
        *--q = digit_pairs[k + 1];
        *--q = digit_pairs[k];
    }
    if (u >= 10) {
        *--q = digit_pairs[u * 2 + 1];
        *--q = digit_pairs[u * 2];
    } else {
        *--q = (char)('0' + u);
    }
    return n;
}

size_t ig_fmt_int(char out[IG_INT_MAX], int64_t v)
{
    /* INT64_MIN has 19 digits: with its '-', 20 characters */
    size_t n = 0;
    if (v < 0)
        out[n++] = '-';
    return n + fmt_digits(out + n, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

void ig_put_int(ig_buf *b, int64_t v)
{
    char s[IG_INT_MAX];
    ig_buf_putn(b, s, ig_fmt_int(s, v));
}

size_t ig_fmt_fixed(char out[IG_FIXED_MAX], double x, int decimals, char point)
{
    double scaled = isfinite(x) && decimals >= 0 && decimals <= 9 ? x * pow10_exact[decimals] : NAN;
    if (!(fabs(scaled) < 9e15))
        return 0;
    int64_t r = ig_round(scaled);
    uint64_t u = r < 0 ? (uint64_t)0 - (uint64_t)r : (uint64_t)r;
    uint64_t div = (uint64_t)pow10_exact[decimals];
    size_t n = 0;
    if (r < 0)
        out[n++] = '-';
    n += fmt_digits(out + n, u / div); /* |r| < 9e15: at most 16 digits */
    if (decimals > 0) {
        out[n++] = point;
        uint64_t f = u % div;
        for (int i = decimals - 1; i >= 0; i--) {
            out[n + (size_t)i] = (char)('0' + f % 10);
            f /= 10;
        }
        n += (size_t)decimals;
    }
    return n;
}

bool ig_put_fixed(ig_buf *b, double x, int decimals, char point)
{
    char s[IG_FIXED_MAX];
    size_t n = ig_fmt_fixed(s, x, decimals, point);
    if (!n) {
        b->invalid = true;
        return false;
    }
    ig_buf_putn(b, s, n);
    return true;
}

void ig_put_decimal(ig_buf *b, double x)
{
    ig_buf t = {0};
    bool ok = ig_put_fixed(&t, x, 6, '.');
    if (!ok || t.failed) {
        /* a number that cannot be written, or no memory to write it: not the same */
        if (t.failed)
            b->failed = true;
        else
            b->invalid = true;
        ig_buf_free(&t);
        return;
    }
    /* drop trailing zeros, and the point when nothing follows it */
    size_t n = t.len;
    while (n > 0 && t.data[n - 1] == '0')
        n--;
    if (n > 0 && t.data[n - 1] == '.')
        n--;
    ig_buf_putn(b, t.data, n);
    ig_buf_free(&t);
}

void ig_put_double(ig_buf *b, double x)
{
    if (!isfinite(x)) {
        b->invalid = true;
        return;
    }
    /* The shortest %g that reads back as the same double, in the C locale whatever the
     * program's locale is. */
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c == (locale_t)0) {
        b->failed = true;
        return;
    }
    locale_t old = uselocale(c);
    char s[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(s, sizeof s, "%.*g", p, x);
        double back;
        if (ig_parse_double(s, &back) && back == x)
            break;
    }
    /* %g writes 10 as "1e+01" when one digit suffices: between 1e-5 and 1e15 a person
     * reads plain decimals, so the fewest decimals that read back are used instead */
    const double ax = fabs(x);
    if (strchr(s, 'e') && ax >= 1e-5 && ax < 1e15) {
        char f[64];
        for (int d = 0; d <= 20; d++) {
            snprintf(f, sizeof f, "%.*f", d, x);
            double back;
            if (ig_parse_double(f, &back) && back == x) {
                memcpy(s, f, sizeof s);
                break;
            }
        }
    }
    uselocale(old);
    freelocale(c);
    ig_buf_puts(b, s);
}

void ig_put_number(ig_buf *b, double x)
{
    ig_buf t = {0};
    double back;
    ig_put_decimal(&t, x);
    if (t.data && !t.failed && !t.invalid && ig_parse_double(t.data, &back) && back == x)
        ig_buf_puts(b, t.data);
    else
        ig_put_double(b, x);
    b->failed = b->failed || t.failed;
    ig_buf_free(&t);
}
