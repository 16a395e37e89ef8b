/* test_table.c - io/table.c: published tables as saved (the separator and decimal mark
 * recognised, a byte-order mark), numbers as printed, years in column headers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/io.h"
#include "support/support.h"

#include <stdlib.h>
#include <string.h>

static void number_is(const char *s, char decimal, int64_t mant, int scale)
{
    ig_dec d;
    if (!ig_table_number(s, decimal, &d))
        fail_msg("'%s' (decimal '%c') refused", s, decimal);
    if (d.mant != mant || d.scale != scale)
        fail_msg("'%s' (decimal '%c') = %lld e-%d, expected %lld e-%d", s, decimal,
                 (long long)d.mant, d.scale, (long long)mant, scale);
}

static void refused(const char *s, char decimal)
{
    ig_dec d;
    if (ig_table_number(s, decimal, &d))
        fail_msg("'%s' (decimal '%c') accepted as %lld e-%d", s, decimal, (long long)d.mant,
                 d.scale);
}

static void numbers(void **state)
{
    (void)state;
    number_is("1069297", ',', 1069297, 0);
    number_is("1.069.297", ',', 1069297, 0);
    number_is("1.069.297", '.', 1069297, 0); /* two points: thousands either way */
    number_is("1.069.297,00", ',', 106929700, 2);
    number_is("1,069,297.50", '.', 106929750, 2);
    number_is("1,069,297", '.', 1069297, 0);
    number_is("€ -1.069.297", ',', -1069297, 0);
    number_is("−45", ',', -45, 0); /* U+2212 */
    number_is(" 1\xC2\xA0"
              "069\xC2\xA0"
              "297 ",
              ',', 1069297, 0);
    number_is("1.069", ',', 1069, 0); /* a ';' file: thousands */
    number_is("1.069", '.', 1069, 3); /* a ',' file: decimals */
    number_is("1,069", ',', 1069, 3);
    number_is("1,5", '.', 15, 1); /* not three digits: a decimal comma anyway */
    number_is("2575,00", ',', 257500, 2);
    number_is("0,000890", ',', 890, 6);
    number_is("+12", ',', 12, 0);
    refused("", ',');
    refused("€", ',');
    refused("1.06.297", ',');
    refused("1.069.29", ',');
    refused("1.069,297.5", ',');
    refused("1,5,0", '.');
    refused("12 euro", ',');
    refused("1e5", '.');
    refused("--5", ',');
    refused("5-", ',');
    refused("1.", '.');
    refused(",5", ',');
}

static void years(void **state)
{
    (void)state;
    assert_int_equal(ig_table_year("2025"), 2025);
    assert_int_equal(ig_table_year("Begroting 2025"), 2025);
    assert_int_equal(ig_table_year("raming 2027 (€)"), 2027);
    assert_int_equal(ig_table_year("bedrag"), 0);
    assert_int_equal(ig_table_year("x 1000"), 0);
    assert_int_equal(ig_table_year("2024-2025"), 0);
    assert_int_equal(ig_table_year("1800"), 0);
    assert_int_equal(ig_table_year("inwoners 75+ 2025"), 0);
}

static void dialects(void **state)
{
    (void)state;
    char *dir = ts_make_temp_dir("table");
    static const char nl[] = "\xEF\xBB\xBF# een opmerking, met komma's\n"
                             "Maatstaf;2024;2025\n\"inwoners; alle\";1.069.297;1.100.000,00\n";
    const char *f = ts_write_in(dir, "nl.csv", nl, strlen(nl));
    ig_table t;
    ingroei_error err;
    assert_int_equal(ig_table_read(&t, f, &err), INGROEI_OK);
    assert_int_equal(t.sep, ';');
    assert_int_equal(t.decimal, ',');
    assert_int_equal(t.csv.n_cols, 3);
    assert_string_equal(t.csv.header[0], "Maatstaf");
    assert_string_equal(t.csv.rows[0][0], "inwoners; alle");
    assert_int_equal(t.csv.row_line[0], 3);
    ig_table_clear(&t);
    static const char rfc[] = "maatstaf,jaar,bedrag\n\"inwoners;a;b\",2024,\"1.069.297\"\n";
    f = ts_write_in(dir, "rfc.csv", rfc, strlen(rfc));
    assert_int_equal(ig_table_read(&t, f, &err), INGROEI_OK);
    assert_int_equal(t.sep, ',');
    assert_int_equal(t.decimal, '.');
    assert_int_equal(t.csv.n_cols, 3);
    ig_table_clear(&t);
    static const char tab[] = "maatstaf\tjaar\tbedrag\ninwo\t2024\t1,5\n";
    f = ts_write_in(dir, "tab.csv", tab, strlen(tab));
    assert_int_equal(ig_table_read(&t, f, &err), INGROEI_OK);
    assert_int_equal(t.sep, '\t');
    assert_string_equal(t.csv.rows[0][2], "1,5");
    ig_table_clear(&t);
    assert_int_not_equal(ig_table_read(&t, "tests/none/such.csv", &err), INGROEI_OK);
    ts_remove_temp_dir(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers),
        cmocka_unit_test(years),
        cmocka_unit_test(dialects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
