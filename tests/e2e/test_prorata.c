/* test_prorata.c - `ingroei prorata` end to end on a small hand-computed file: pro-rata
 * amounts and verdicts; a vintage against itself; a vintage that is not there; a
 * gemeente in one vintage only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ingroei.h"
#include "support/support.h"

#include <stdlib.h>
#include <string.h>

/* `ingroei prorata`, hand-computed: totals 1000 -> 1500 (x 1.5). A: 333 -> 499.5 -> 500
 * (half away from zero), published 500: gelijk. B: 667 -> 1000.5 -> 1001, published
 * 1000: -1 euro, afwijkend. C only in the second vintage. */
static void test_prorata(void **state)
{
    (void)state;
    static const char data[] =
        "# amounts\n"
        "circulaire,uitkeringsjaar,gemeentecode,gemeentenaam,regeling,bedrag\n"
        "mei 2024,2025,GM0002,B,iu,667\n"
        "mei 2024,2025,GM0001,A,iu,333\n"
        "mei 2024,2025,GM0001,A,andere,5\n"
        "september 2024,2025,GM0001,A,iu,500\n"
        "september 2024,2025,GM0002,B,iu,1000\n";
    char *file = ts_xprintf("%s/pr.csv", ts_tmpdir), *out = ts_xprintf("%s/pr_out", ts_tmpdir);
    ts_write_file(file, data, strlen(data));
    ts_cli_expect((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024:2025",
                                   "--naar", "september 2024:2025", "-o", out, NULL},
                  0, NULL);
    char *csv = ts_xprintf("%s/prorata.csv", out);
    char *text = ts_slurp(csv, NULL);
    assert_string_equal(text, "gemeentecode,gemeentenaam,bedrag_van,bedrag_naar,pro_rata,verschil,"
                              "verschil_aandeel,oordeel\n"
                              "GM0001,A,333,500,500,0,0.000000000,gelijk\n"
                              "GM0002,B,667,1000,1001,-1,-0.000999001,afwijkend\n");
    free(text);
    /* Compared with itself everything is equal. */
    ts_cli_expect((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024:2025",
                                   "--naar", "mei 2024:2025", "-o", out, NULL},
                  0, NULL);
    text = ts_slurp(csv, NULL);
    assert_non_null(strstr(text, "GM0002,B,667,667,667,0,0.000000000,gelijk\n"));
    free(text);
    /* A vintage that is not in the file is an input error, and the output stays. */
    char *err = NULL;
    assert_int_equal(
        ts_run_cli((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024:2026",
                                    "--naar", "mei 2024:2025", "-o", out, NULL},
                   NULL, &err),
        1);
    assert_non_null(strstr(err, "no amounts of iu in mei 2024, uitkeringsjaar 2026"));
    free(err);
    text = ts_slurp(csv, NULL);
    assert_non_null(strstr(text, "GM0002,B,667,667,667,0,0.000000000,gelijk\n"));
    free(text);
    /* A gemeente in one vintage only is named as such. */
    static const char extra[] = "september 2024,2025,GM0003,C,iu,7\n";
    char *more = ts_xprintf("%s%s", data, extra);
    ts_write_file(file, more, strlen(more));
    ts_cli_expect((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024:2025",
                                   "--naar", "september 2024:2025", "-o", out, NULL},
                  0, NULL);
    text = ts_slurp(csv, NULL);
    assert_non_null(strstr(text, "GM0003,C,,7,,,,alleen_naar\n"));
    free(text);
    /* The summary counts C among the gemeenten off pro rata, but its 7 euro is no
     * difference with pro rata (it has none): B's -1 euro is the largest. */
    {
        const ingroei_prorata_query q = {file, "iu", "mei 2024", 2025, "september 2024", 2025};
        ingroei_prorata_summary sum;
        ingroei_output_report report;
        ingroei_error e;
        assert_int_equal(ingroei_prorata(&q, out, &sum, &report, &e), INGROEI_OK);
        assert_int_equal(sum.n_gemeenten, 3);
        assert_int_equal(sum.n_equal, 1);
        assert_int_equal(sum.n_off, 2);
        assert_string_equal(sum.largest_code, "GM0002");
        assert_true(sum.largest_diff == -1);
        assert_true(sum.total_from == 1000 && sum.total_to == 1500 && sum.total_prorata == 1501);
    }
    ts_cli_expect((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024",
                                   "--naar", "september 2024:2025", "-o", out, NULL},
                  2, NULL);
    /* The same amounts saved by a Dutch Excel: ';', a byte-order mark, thousands dots and
     * decimal commas (whole euros), read as published. */
    static const char nl[] =
        "\xEF\xBB\xBF"
        "circulaire;uitkeringsjaar;gemeentecode;gemeentenaam;regeling;bedrag\r\n"
        "mei 2024;2025;GM0002;B;iu;667.000\r\n"
        "mei 2024;2025;GM0001;A;iu;333.000,00\r\n"
        "september 2024;2025;GM0001;A;iu;500.000\r\n"
        "september 2024;2025;GM0002;B;iu;1.000.000\r\n";
    ts_write_file(file, nl, strlen(nl));
    ts_cli_expect((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024:2025",
                                   "--naar", "september 2024:2025", "-o", out, NULL},
                  0, NULL);
    text = ts_slurp(csv, NULL);
    assert_non_null(strstr(text, "GM0001,A,333000,500000,499500,500,0.001001001,afwijkend\n"));
    assert_non_null(strstr(text, "GM0002,B,667000,1000000,1000500,-500,"));
    free(text);
    free(more);
    free(csv);
    free(out);
    free(file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prorata),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
