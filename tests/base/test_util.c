/* test_util.c - base/util.c: lexical path handling (ig_path_tidy, ig_path_join,
 * ig_path_relative), which resolves every file a scenario or model names; and the UTF-8
 * check every CSV file passes (ig_utf8_valid), against a plain model of it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/io.h"
#include "support/rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void tidy_is(const char *in, const char *want)
{
    char *p = ig_strdup(in);
    assert_non_null(p);
    ig_path_tidy(p);
    if (strcmp(p, want) != 0)
        fail_msg("ig_path_tidy(\"%s\") = \"%s\", expected \"%s\"", in, p, want);
    free(p);
}

static void tidies(void **state)
{
    (void)state;
    tidy_is("a/b/c", "a/b/c");
    tidy_is("./a//b/./c/", "a/b/c");
    tidy_is("a/../b", "b");
    tidy_is("a/..", ".");
    tidy_is("", ""); /* no room for "." */
    tidy_is(".", ".");
    tidy_is("/", "/");
    tidy_is("//a", "/a");
    tidy_is("/a/../..", "/..");
    tidy_is("../a", "../a");
    tidy_is("../../a/..", "../..");
    tidy_is("a/b/../../..", "..");
    tidy_is("x/../../y", "../y");
    tidy_is("ab/../cd/./../ef", "ef");
    tidy_is("/models/nl/../nl/bw/", "/models/nl/bw");
    tidy_is("..a/b", "..a/b");
    tidy_is("a/.b/..", "a");
}

/* The fuzzer's regression (tests/fuzz/regressions/scenario/path_over_512_segments.yaml):
 * more than 512 segments used to be cut off silently, so that 520 names and 520 ".."
 * resolved to a place above the start. */
static void tidies_any_number_of_segments(void **state)
{
    (void)state;
    ig_buf b = {0};
    ig_buf_puts(&b, "scenarios/");
    for (int i = 0; i < 2000; i++)
        ig_buf_puts(&b, "x/");
    for (int i = 0; i < 2000; i++)
        ig_buf_puts(&b, "../");
    ig_buf_puts(&b, "models/nl");
    assert_false(b.failed);
    tidy_is(b.data, "scenarios/models/nl");
    char *joined = ig_path_join("base", b.data);
    assert_string_equal(joined, "base/scenarios/models/nl");
    free(joined);
    ig_buf_free(&b);
}

static void relative(void **state)
{
    (void)state;
    char *r = ig_path_relative("models/nl/bw/x.yaml", "scenarios");
    assert_string_equal(r, "../models/nl/bw/x.yaml");
    free(r);
    r = ig_path_relative("scenarios/./a.yaml", "scenarios");
    assert_string_equal(r, "a.yaml");
    free(r);
    /* a base that climbs, or one absolute and one not: through the working directory */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    const char *here = strrchr(cwd, '/') + 1;
    char want[4200];
    snprintf(want, sizeof want, "%s/models/x.yaml", here);
    r = ig_path_relative("models/x.yaml", "..");
    assert_string_equal(r, want);
    free(r);
    r = ig_path_relative("../models/x.yaml", "../scenarios");
    assert_string_equal(r, "../models/x.yaml");
    free(r);
    snprintf(want, sizeof want, "%s/models/x.yaml", cwd);
    r = ig_path_relative(want, "scenarios");
    assert_string_equal(r, "../models/x.yaml");
    free(r);
}

/* The model: every character decoded in turn, its line and column counted as it goes
 * (the column in characters, from 1). */
static bool utf8_model(const unsigned char *p, size_t len, int *line, int *column)
{
    const unsigned char *end = p + len;
    int l = 1, c = 1;
    while (p < end) {
        const unsigned char b = *p;
        size_t n = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3
                 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
        bool ok = n > 0 && (size_t)(end - p) >= n;
        for (size_t k = 1; ok && k < n; k++)
            ok = p[k] >= 0x80 && p[k] <= 0xBF;
        /* the second byte's narrower ranges (RFC 3629, section 4) */
        if (ok && b == 0xE0) ok = p[1] >= 0xA0;
        if (ok && b == 0xED) ok = p[1] <= 0x9F;
        if (ok && b == 0xF0) ok = p[1] >= 0x90;
        if (ok && b == 0xF4) ok = p[1] <= 0x8F;
        if (!ok) {
            *line = l;
            *column = c;
            return false;
        }
        if (b == '\n')
            l++, c = 1;
        else
            c++;
        p += n;
    }
    return true;
}

/* A random text of pieces: runs of ASCII (with line breaks) of every length around the
 * eight bytes checked at once, valid characters of 2, 3 and 4 bytes, and now and then
 * something invalid: a stray continuation byte, an overlong form, a surrogate, a code
 * point above U+10FFFF, a byte that never starts a character, a sequence cut short. */
static size_t random_text(unsigned char *t, size_t cap)
{
    static const char *const valid[] = {"\xC3\xAB", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xC2\x80",
                                        "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF"};
    static const char *const invalid[] = {"\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                                          "\xF4\x90\x80\x80", "\xFF", "\xF8\x88\x80\x80\x80",
                                          "\xC3", "\xE2\x82", "\xC1\xBF", "\xF0\x8F\xBF\xBF"};
    size_t n = 0;
    const int pieces = (int)ts_rng_range(0, 12);
    for (int i = 0; i < pieces; i++) {
        const int64_t what = ts_rng_range(0, 99);
        const char *piece = NULL;
        char ascii[40];
        if (what < 60) {
            const size_t k = (size_t)ts_rng_range(0, 20);
            for (size_t j = 0; j < k; j++)
                ascii[j] = ts_rng_range(0, 9) == 0 ? '\n' : (char)ts_rng_range(0x20, 0x7E);
            ascii[k] = '\0';
            piece = ascii;
        } else if (what < 95) {
            piece = valid[ts_rng_range(0, sizeof valid / sizeof *valid - 1)];
        } else {
            piece = invalid[ts_rng_range(0, sizeof invalid / sizeof *invalid - 1)];
        }
        const size_t k = strlen(piece);
        if (n + k > cap)
            break;
        memcpy(t + n, piece, k);
        n += k;
    }
    return n;
}

/* ig_utf8_valid gives the model's verdict, and on invalid text its line and column, for
 * 200,000 random texts; and for a few by hand. */
static void utf8_as_the_model(void **state)
{
    (void)state;
    int line = 0, column = 0;
    assert_true(ig_utf8_valid("", 0, &line, &column));
    assert_false(ig_utf8_valid("abcdefgh\nijklmno\xC3\xABp\xFF", 20, &line, &column));
    assert_int_equal(line, 2);
    assert_int_equal(column, 10);
    /* a surrogate after a long ASCII run (found past the eight-byte steps) */
    assert_false(ig_utf8_valid("0123456789abcdef0\xED\xA0\x80", 20, &line, &column));
    assert_int_equal(line, 1);
    assert_int_equal(column, 18);
    ts_rng_seed(20261203);
    unsigned char text[256];
    size_t n_invalid = 0;
    for (int i = 0; i < 200000; i++) {
        const size_t n = random_text(text, sizeof text);
        int l1 = -1, c1 = -1, l2 = -1, c2 = -1;
        const bool want = utf8_model(text, n, &l1, &c1);
        const bool got = ig_utf8_valid((const char *)text, n, &l2, &c2);
        if (got != want || (!want && (l1 != l2 || c1 != c2)))
            fail_msg("text %d (%zu bytes): model %d at %d:%d, ig_utf8_valid %d at %d:%d", i, n,
                     want, l1, c1, got, l2, c2);
        n_invalid += !want;
    }
    assert_true(n_invalid > 20000); /* both verdicts are tried often */
    assert_true(n_invalid < 180000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tidies),
        cmocka_unit_test(tidies_any_number_of_segments),
        cmocka_unit_test(relative),
        cmocka_unit_test(utf8_as_the_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
