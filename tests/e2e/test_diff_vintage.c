/* test_diff_vintage.c - `ingroei diff-vintage` end to end: mei against september 2024
 * for 2025, every gemeente's change and its parts adding up exactly; a vintage against
 * itself changes nothing; a missing model is an input error that names it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/support.h"

#include <stdlib.h>
#include <string.h>

/* `ingroei diff-vintage` mei -> september 2024 for 2025: the change of every gemeente
 * is the difference of the two `au` results (146,755,519 euro in all: 40,064,257,914 -
 * 39,917,502,395), its parts add up to it exactly, the factor is the same (1.457) so
 * its part is 0, and the rounding part stays within a few euros; a vintage against
 * itself changes nothing. */
static void test_diff_vintage(void **state)
{
    (void)state;
    static const char *const mei = "models/nl/gemeentefonds/au_mei2024_2025.yaml",
                             *sep = "models/nl/gemeentefonds/au_sep2024_2025.yaml";
    char *out = ts_xprintf("%s/dv", ts_tmpdir), *same = ts_xprintf("%s/dv_same", ts_tmpdir);
    ts_cli_expect((const char *[]){"diff-vintage", mei, sep, "-o", out, NULL}, 0, NULL);
    /* the receipt names the vintages in the order given: van the first, naar the second */
    {
        char *json_path = ts_xprintf("%s/diff_vintage.json", out);
        char *json = ts_slurp(json_path, NULL);
        char *van = ts_xprintf("\"van\": {\"model\": \"%s\"", mei),
             *naar = ts_xprintf("\"naar\": {\"model\": \"%s\"", sep);
        if (!strstr(json, van) || !strstr(json, naar))
            fail_msg("%s does not name van %s and naar %s", json_path, mei, sep);
        free(van);
        free(naar);
        free(json);
        free(json_path);
    }
    ts_cli_expect((const char *[]){"diff-vintage", sep, sep, "-o", same, NULL}, 0, NULL);
    for (int k = 0; k < 2; k++) {
        char *csv = ts_xprintf("%s/diff_vintage.csv", k == 0 ? out : same);
        char *text = ts_slurp(csv, NULL);
        char **lines;
        size_t n = ts_split_lines(text, "diff_vintage.csv", &lines);
        assert_int_equal(n, 1 + 342);
        long long change = 0;
        for (size_t i = 1; i < n; i++) {
            /* the last seven fields, read from the right: a gemeentenaam may hold a
             * comma ("Nuenen, Gerwen en Nederwetten") */
            long long v[7];
            /* the last field, samengevoegd, is empty: no herindeling between the two */
            char *p = lines[i] + strlen(lines[i]);
            assert_true(p > lines[i] && p[-1] == ',');
            *--p = '\0';
            for (int f = 6; f >= 0; f--) {
                while (p > lines[i] && p[-1] != ',')
                    p--;
                assert_true(p > lines[i]);
                v[f] = atoll(p);
                *--p = '\0';
            }
            assert_true(v[2] == v[1] - v[0]);
            assert_true(v[3] + v[4] + v[5] + v[6] == v[2]);
            assert_true(v[5] == 0); /* the same uitkeringsfactor */
            assert_true(llabs(v[6]) <= 30);
            if (k == 1)
                assert_true(v[2] == 0 && v[3] == 0 && v[4] == 0 && v[6] == 0);
            change += v[2];
        }
        assert_true(change == (k == 0 ? 146755519LL : 0));
        free(lines);
        free(text);
        free(csv);
    }
    /* A model that is not there is an input error that names it. */
    char *err = NULL;
    assert_int_equal(
        ts_run_cli((const char *[]){"diff-vintage", mei, "geen.yaml", "-o", out, NULL}, NULL, &err),
        3);
    assert_non_null(strstr(err, "geen.yaml"));
    free(err);
    /* An output directory that cannot be made (a file stands in its path) is an error
     * whose message names it, after the computation succeeded. */
    char *blocker = ts_xprintf("%s/dv_blocker", ts_tmpdir);
    ts_write_file(blocker, "x", 1);
    char *below = ts_xprintf("%s/out", blocker);
    err = NULL;
    assert_int_not_equal(
        ts_run_cli((const char *[]){"diff-vintage", mei, sep, "-o", below, NULL}, NULL, &err), 0);
    assert_non_null(strstr(err, "dv_blocker"));
    free(err);
    free(below);
    free(blocker);
    free(out);
    free(same);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff_vintage),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
