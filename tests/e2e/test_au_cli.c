/* test_au_cli.c - `ingroei au` end to end (tests/core/test_au.c tests the computation):
 * mei 2024 for 2024 recomputed, reproducible and adding up to the published total; the
 * factor solved from that total is the published one; a bad model changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/support.h"

#include <stdlib.h>
#include <string.h>

/* `ingroei au` recomputes mei 2024 -> 2024: the same bytes twice, a row per gemeente
 * whose algemene uitkering adds up to the receipt's total (38,422,385,635 euro rounded
 * per line), a line per gemeente and maatstaf; solving the factor from that total gives
 * back the published 1.414; a bad model leaves the earlier results untouched. */
static void test_au_recomputes_a_circulaire(void **state)
{
    (void)state;
    static const char *const model = "models/nl/gemeentefonds/au_mei2024_2024.yaml";
    char *one = ts_xprintf("%s/au1", ts_tmpdir), *two = ts_xprintf("%s/au2", ts_tmpdir),
         *solved = ts_xprintf("%s/au_solved", ts_tmpdir);
    ts_cli_expect((const char *[]){"au", model, "-o", one, NULL}, 0, NULL);
    ts_cli_expect((const char *[]){"au", model, "-o", two, NULL}, 0, NULL);
    static const char *const files[] = {"au.csv", "au_regels.csv", "au.json"};
    for (size_t i = 0; i < 3; i++) {
        char *a = ts_xprintf("%s/%s", one, files[i]), *b = ts_xprintf("%s/%s", two, files[i]);
        assert_true(ts_same_file(files[i], a, b));
        free(a);
        free(b);
    }
    char *csv = ts_xprintf("%s/au.csv", one);
    char *text = ts_slurp(csv, NULL);
    char **lines;
    size_t n = ts_split_lines(text, "au.csv", &lines);
    assert_int_equal(n, 1 + 342);
    long long sum = 0;
    for (size_t i = 1; i < n; i++) {
        /* algemene_uitkering is the one but last field */
        char *last = strrchr(lines[i], ',');
        assert_non_null(last);
        *last = '\0';
        char *prev = strrchr(lines[i], ',');
        assert_non_null(prev);
        sum += atoll(prev + 1);
    }
    assert_true(sum == 38422385635LL);
    free(lines);
    free(text);
    free(csv);
    char *json = ts_xprintf("%s/au.json", one);
    text = ts_slurp(json, NULL);
    assert_non_null(strstr(text, "\"algemene_uitkering\": 38422385635,"));
    assert_non_null(strstr(text, "\"used\": 1.414, \"how\": \"published\""));
    free(text);
    free(json);
    char *regels = ts_xprintf("%s/au_regels.csv", one);
    text = ts_slurp(regels, NULL);
    /* an OZB line has no factor: units, weight, empty, amount */
    assert_non_null(strstr(text, "GM0014,Groningen,WOZwe80,28955600000.00,-0.000890,,-25770484\n"));
    assert_int_equal(ts_split_lines(text, "au_regels.csv", &lines), 1 + 342 * 49);
    free(lines);
    free(text);
    free(regels);

    ts_cli_expect((const char *[]){"au", model, "-o", solved, "--budget", "38422385635", NULL}, 0,
                  NULL);
    json = ts_xprintf("%s/au.json", solved);
    text = ts_slurp(json, NULL);
    assert_non_null(strstr(text, "\"used\": 1.414, \"how\": \"solved"));
    free(text);
    free(json);

    /* Numbers on the command line follow the grammar of the inputs: no hexadecimal (read as
     * 1,048,576 euro before), no leading zeros, and euros are whole. */
    static const char *const bad_budgets[] = {"0x100000", "5000000.5", "038422385635", "1e10",
                                              " 5", "inf", "-5"};
    for (size_t i = 0; i < sizeof bad_budgets / sizeof bad_budgets[0]; i++)
        ts_cli_expect((const char *[]){"au", model, "-o", solved, "--budget", bad_budgets[i], NULL},
                      2, "--budget must be a whole number of euros from 1 to 1e15");
    ts_cli_expect((const char *[]){"au", model, "-o", solved, "--budget", "38422385635",
                                   "--uf-decimals", "03", NULL},
                  2, "--uf-decimals must be a whole number from 0 to 12");

    /* A model with an unknown key fails with its position and leaves au1 as it was. */
    char *bad = ts_xprintf("%s/au_bad.yaml", ts_tmpdir);
    char *orig = ts_slurp(model, NULL);
    char *patched = ts_xprintf("%skleur: blauw\n", orig);
    ts_write_file(bad, patched, strlen(patched));
    char *err = NULL;
    assert_int_equal(ts_run_cli((const char *[]){"au", bad, "-o", one, NULL}, NULL, &err), 1);
    assert_non_null(strstr(err, "kleur"));
    assert_non_null(strstr(err, "au_bad.yaml:"));
    free(err);
    char *a = ts_xprintf("%s/au.csv", one), *b = ts_xprintf("%s/au.csv", two);
    assert_true(ts_same_file("au.csv", a, b));
    free(a);
    free(b);
    free(patched);
    free(orig);
    free(bad);
    free(one);
    free(two);
    free(solved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_au_recomputes_a_circulaire),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
