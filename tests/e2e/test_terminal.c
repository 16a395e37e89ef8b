/* test_terminal.c - what the commands print on the terminal is English, and so are its
 * numbers: amounts grouped the English way (1,745,850,000) or not at all, never with
 * Dutch dots, which an English reader takes for a decimal point (issue 15, defect 6:
 * "largest difference: GM0882 inwo 2024: -271.845 euro"; "10.0%" beside
 * "1.532.904.000" in one table). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/support.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything `ingroei ARGS` writes to stdout and stderr (args: one shell-quoted string
 * of our own, no user data), as a new string; fails unless it exits with 0. */
static char *terminal_of(const char *args)
{
    char *cmd = ts_xprintf("LC_ALL=C '%s' %s 2>&1", ts_cli(), args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t len = 0, cap = 1 << 16;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t n;
    while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (len + 1 == cap) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
    }
    out[len] = '\0';
    int status = pclose(p);
    if (status != 0)
        fail_msg("%s exited with %d:\n%s", cmd, status, out);
    free(cmd);
    return out;
}

/* A number written with Dutch grouping: a digit, then groups of a dot and exactly three
 * digits, at least two such groups ("1.532.904"), or one followed by " euro"
 * ("-271.845 euro"). NULL when there is none, else where it starts. */
static const char *dutch_grouping(const char *text)
{
    for (const char *s = text; *s; s++) {
        if (!isdigit((unsigned char)*s) || (s > text && (isdigit((unsigned char)s[-1]) ||
                                                         s[-1] == '.' || s[-1] == ',')))
            continue;
        const char *p = s;
        while (isdigit((unsigned char)*p))
            p++;
        int groups = 0;
        while (p[0] == '.' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
               isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4])) {
            groups++;
            p += 4;
        }
        if (groups >= 2 || (groups == 1 && !strncmp(p, " euro", 5)))
            return s;
    }
    return NULL;
}

static void check_english(const char *what, const char *out)
{
    const char *at = dutch_grouping(out);
    if (at)
        fail_msg("%s prints a number with Dutch grouping: ...%.60s", what, at);
}

/* The checker itself: it finds the examples and passes English numbers. */
static void test_the_check(void **state)
{
    (void)state;
    assert_non_null(dutch_grouping("largest difference: GM0882 inwo 2024: -271.845 euro"));
    assert_non_null(dutch_grouping("  2021   10.0%  1.532.904.000   0"));
    assert_null(dutch_grouping("  2021   10.0%  1,532,904,000   0"));
    assert_null(dutch_grouping("largest difference: GM0882 inwo 2024: -271,845 euro"));
    assert_null(dutch_grouping("p_t: 0.500000000, uf 1.234 and 0.125"));
}

static void test_run_table(void **state)
{
    (void)state;
    char *args = ts_xprintf("run scenarios/herijking_cap.yaml -o '%s/run' --no-plots", ts_tmpdir);
    char *out = terminal_of(args);
    check_english("ingroei run", out);
    assert_non_null(strstr(out, "1,532,904,000"));
    free(out);
    free(args);
}

static void test_explain_bridge_compare(void **state)
{
    (void)state;
    char *out = terminal_of("explain scenarios/default.yaml --gemeente Zwolle --year 2026");
    check_english("ingroei explain", out);
    assert_non_null(strstr(out, "budget B_t: 1,745,850,000 euro"));
    free(out);
    out = terminal_of("bridge scenarios/herijking_cap.yaml --gemeente Vlissingen");
    check_english("ingroei bridge", out);
    free(out);
    char *args = ts_xprintf("compare scenarios/default.yaml scenarios/herijking_cap.yaml -o "
                            "'%s/cmp' --gemeente Vlissingen",
                            ts_tmpdir);
    out = terminal_of(args);
    check_english("ingroei compare", out);
    free(out);
    free(args);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_check),
        cmocka_unit_test(test_run_table),
        cmocka_unit_test(test_explain_bridge_compare),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
