/* test_util.c - base/util.c: lexical path handling (ig_path_tidy, ig_path_join,
 * ig_path_relative), which resolves every file a scenario or model names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/io.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tidies),
        cmocka_unit_test(tidies_any_number_of_segments),
        cmocka_unit_test(relative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
