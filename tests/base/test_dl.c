/* test_dl.c - base/dl.c: a library loaded with all the functions asked for, or none:
 * the C maths library (every Debian system has it) with functions it has and one it
 * lacks, and a library that does not exist. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/base.h"

#include <string.h>

static void loads_every_function(void **state)
{
    (void)state;
    static const char *const names[] = {"cos", "sqrt"};
    void *fn[2] = {NULL, NULL};
    char why[256] = "";
    assert_int_equal(ig_dl_load("libm.so.6", names, 2, fn, why, sizeof why), IG_DL_OK);
    double (*cos_fn)(double) = (double (*)(double))fn[0];
    double (*sqrt_fn)(double) = (double (*)(double))fn[1];
    assert_non_null(cos_fn);
    assert_non_null(sqrt_fn);
    assert_true(cos_fn(0.0) == 1.0);
    assert_true(sqrt_fn(6.25) == 2.5);
}

static void none_when_one_is_missing(void **state)
{
    (void)state;
    static const char *const names[] = {"cos", "ingroei_no_such_function", "sqrt"};
    void *fn[3] = {&fn, &fn, &fn};
    char why[256] = "";
    assert_int_equal(ig_dl_load("libm.so.6", names, 3, fn, why, sizeof why), IG_DL_NO_FUNCTION);
    assert_string_equal(why, "ingroei_no_such_function");
    for (size_t i = 0; i < 3; i++)
        assert_null(fn[i]);
}

static void says_why_a_library_is_missing(void **state)
{
    (void)state;
    static const char *const names[] = {"cos"};
    void *fn[1] = {&fn};
    char why[256] = "";
    assert_int_equal(ig_dl_load("libingroei-no-such-library.so.0", names, 1, fn, why, sizeof why),
                     IG_DL_NO_LIBRARY);
    assert_non_null(strstr(why, "libingroei-no-such-library.so.0"));
    assert_null(fn[0]);
    /* a short buffer is cut, never overrun */
    char tiny[8];
    assert_int_equal(ig_dl_load("libingroei-no-such-library.so.0", names, 1, fn, tiny, sizeof tiny),
                     IG_DL_NO_LIBRARY);
    assert_int_equal(strlen(tiny), sizeof tiny - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_every_function),
        cmocka_unit_test(none_when_one_is_missing),
        cmocka_unit_test(says_why_a_library_is_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
