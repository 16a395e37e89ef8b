/* test_table.c - io/table.c: published tables as saved (the separator and decimal mark
 * recognised, a byte-order mark), numbers as printed (also negatives in parentheses and
 * with a trailing minus), years in column headers, title lines above the header and
 * unit notes ("x € 1.000"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/io.h"
#include "support/support.h"

#include <xlsxwriter.h>

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
    refused("1.", '.');
    refused(",5", ',');
}

/* Negatives as accountants print them: in parentheses, or with a trailing minus. */
static void printed_negatives(void **state)
{
    (void)state;
    number_is("(1.234)", ',', -1234, 0);
    number_is(" ( 1.234 ) ", ',', -1234, 0);
    number_is("(€ 1.234)", ',', -1234, 0);
    number_is("(1.234,50)", ',', -123450, 2);
    number_is("(1,234.50)", '.', -123450, 2);
    number_is("(5)", ',', -5, 0);
    number_is("1.234-", ',', -1234, 0);
    number_is("5-", ',', -5, 0);
    number_is("1.234,5-", ',', -12345, 1);
    refused("()", ',');
    refused("(1.234", ',');
    refused("1.234)", ',');
    refused("(-5)", ',');
    refused("-5-", ',');
    refused("(5)-", ',');
    refused("5--", ',');
    refused("-", ',');
    refused("(1.06.297)", ',');
}

static void units(void **state)
{
    (void)state;
    size_t at = 0, len = 0;
    assert_int_equal(ig_table_unit("bedragen x \xE2\x82\xAC 1.000", &at, &len), 1000);
    assert_int_equal(at, 9);
    assert_int_equal(len, strlen("x \xE2\x82\xAC 1.000"));
    assert_int_equal(ig_table_unit("(bedragen x \xE2\x82\xAC 1.000)", NULL, NULL), 1000);
    assert_int_equal(ig_table_unit("x \xE2\x82\xAC" "1.000", NULL, NULL), 1000);
    assert_int_equal(ig_table_unit("X 1000", NULL, NULL), 1000);
    assert_int_equal(ig_table_unit("\xC3\x97 1.000 euro", NULL, NULL), 1000);
    assert_int_equal(ig_table_unit("in duizenden euro", NULL, NULL), 1000);
    assert_int_equal(ig_table_unit("x \xE2\x82\xAC 1.000.000", NULL, NULL), 1000000);
    assert_int_equal(ig_table_unit("x \xE2\x82\xAC 1 mln", NULL, NULL), 1000000);
    assert_int_equal(ig_table_unit("bedrag", NULL, NULL), 1);
    assert_int_equal(ig_table_unit("x 1001", NULL, NULL), 1);
    assert_int_equal(ig_table_unit("x 10000", NULL, NULL), 1);
    assert_int_equal(ig_table_unit("max 1.000", NULL, NULL), 1); /* the x ends a word */
    assert_int_equal(ig_table_unit("2025", NULL, NULL), 1);
    /* a text that ends where the note's space would be: the end is not a space (a copy on
     * the heap of exactly its length, for the sanitizers; found by fuzz_verify) */
    char *cut = ts_strdup("in");
    assert_int_equal(ig_table_unit(cut, NULL, NULL), 1);
    free(cut);
    cut = ts_strdup("x \xE2\x82\xAC 1 ml");
    assert_int_equal(ig_table_unit(cut, NULL, NULL), 1);
    free(cut);
    cut = ts_strdup("max x"); /* a sign at the very end: nothing after it is read */
    assert_int_equal(ig_table_unit(cut, NULL, NULL), 1);
    free(cut);
    /* the note is no number of a year's header */
    assert_int_equal(ig_table_year("Begroting 2025 (x \xE2\x82\xAC 1.000)"), 2025);
    assert_int_equal(ig_table_year("2026 x 1000"), 2026);
}

/* A begroting-like header for the tests: two cells or more, one of them a year or
 * "jaar". */
static bool year_header(const char *const *cells, size_t n, void *ctx)
{
    (void)ctx;
    size_t filled = 0, years = 0;
    for (size_t i = 0; i < n; i++) {
        filled += cells[i][0] != '\0';
        years += ig_table_year(cells[i]) != 0 || !strcmp(cells[i], "jaar");
    }
    return filled >= 2 && years > 0;
}

/* Title lines above the header are skipped and kept as the title; a unit note there or
 * in a header sets the unit; rows keep their own line numbers. */
static void titles(void **state)
{
    (void)state;
    char *dir = ts_make_temp_dir("table_title");
    static const char printed[] = "\xEF\xBB\xBFUitkeringsbasis gemeente Voorbeeld;;\n"
                                  "(bedragen x \xE2\x82\xAC 1.000);;\n"
                                  ";;\n"
                                  "Maatstaf;2024;2025\n"
                                  "Inwoners;(1.234);1.069-\n";
    const char *f = ts_write_in(dir, "printed.csv", printed, strlen(printed));
    ig_table t;
    ingroei_error err;
    assert_int_equal(ig_table_read_with(&t, f, year_header, NULL, &err), INGROEI_OK);
    assert_int_equal(t.sep, ';');
    assert_int_equal(t.unit, 1000);
    assert_int_equal(t.title_lines, 3);
    assert_non_null(t.title);
    assert_string_equal(t.title, "Uitkeringsbasis gemeente Voorbeeld (bedragen x \xE2\x82\xAC 1.000)");
    assert_int_equal(t.csv.n_cols, 3);
    assert_string_equal(t.csv.header[1], "2024");
    assert_int_equal(t.csv.header_line, 4);
    assert_int_equal(t.csv.n_rows, 1);
    assert_int_equal(t.csv.row_line[0], 5);
    ig_dec d;
    assert_true(ig_table_number(t.csv.rows[0][1], t.decimal, &d) && d.mant == -1234);
    assert_true(ig_table_number(t.csv.rows[0][2], t.decimal, &d) && d.mant == -1069);
    ig_table_clear(&t);

    /* the unit in a header instead of the title; no title */
    static const char in_header[] = "Maatstaf;2024 (x \xE2\x82\xAC 1.000);2025\nInwoners;1;2\n";
    f = ts_write_in(dir, "in_header.csv", in_header, strlen(in_header));
    assert_int_equal(ig_table_read_with(&t, f, year_header, NULL, &err), INGROEI_OK);
    assert_int_equal(t.unit, 1000);
    assert_int_equal(t.title_lines, 0);
    assert_null(t.title);
    ig_table_clear(&t);

    /* a plain table: unit 1, no title */
    static const char plain[] = "maatstaf,jaar,bedrag\ninwo,2024,5\n";
    f = ts_write_in(dir, "plain.csv", plain, strlen(plain));
    assert_int_equal(ig_table_read_with(&t, f, year_header, NULL, &err), INGROEI_OK);
    assert_int_equal(t.unit, 1);
    assert_null(t.title);
    assert_string_equal(t.csv.header[0], "maatstaf");
    ig_table_clear(&t);
    /* no line accepted: the first is the header, as without the callback */
    static const char none[] = "a;b\nc;d\n";
    f = ts_write_in(dir, "none.csv", none, strlen(none));
    assert_int_equal(ig_table_read_with(&t, f, year_header, NULL, &err), INGROEI_OK);
    assert_null(t.title);
    assert_string_equal(t.csv.header[0], "a");
    assert_int_equal(t.csv.n_rows, 1);
    ig_table_clear(&t);
    ts_remove_temp_dir(&dir);
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

/* The first sheet of an .xlsx workbook (written here with libxlsxwriter, strings shared,
 * numbers as numbers, a second sheet that is not read): row r on line r, the title above
 * the header, the unit note, cells padded to the table's width, and the SHA-256 of the
 * workbook's own bytes. */
static void xlsx_first_sheet(void **state)
{
    (void)state;
    char *dir = ts_make_temp_dir("table_xlsx");
    char *file = ts_xprintf("%s/begroting.xlsx", dir);
    lxw_workbook *wb = workbook_new(file);
    assert_non_null(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Uitkeringsbasis");
    lxw_worksheet *other = workbook_add_worksheet(wb, "Toelichting");
    worksheet_write_string(ws, 0, 0, "Uitkeringsbasis 2024-2025", NULL);
    worksheet_write_string(ws, 1, 0, "(bedragen x \xE2\x82\xAC 1.000)", NULL);
    worksheet_write_string(ws, 3, 0, "Maatstaf", NULL);
    worksheet_write_string(ws, 3, 1, "Begroting 2024", NULL);
    worksheet_write_string(ws, 3, 2, "Begroting 2025", NULL);
    worksheet_write_string(ws, 4, 0, "Inwoners, \"alle\"", NULL);
    worksheet_write_number(ws, 4, 1, 89441, NULL);
    worksheet_write_number(ws, 4, 2, -25.5, NULL);
    worksheet_write_string(ws, 6, 0, "Bijstand", NULL);
    worksheet_write_number(ws, 6, 1, 1090, NULL); /* no 2025: padded */
    worksheet_write_string(other, 0, 0, "not read", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    ig_table t;
    ingroei_error err;
    if (ig_table_read_with(&t, file, year_header, NULL, &err) != INGROEI_OK)
        fail_msg("%s", err.message);
    assert_true(t.xlsx);
    assert_int_equal(t.sep, ',');
    assert_int_equal(t.decimal, '.');
    assert_int_equal(t.unit, 1000);
    assert_string_equal(t.title, "Uitkeringsbasis 2024-2025 (bedragen x \xE2\x82\xAC 1.000)");
    assert_int_equal(t.csv.header_line, 4);
    assert_int_equal(t.csv.n_cols, 3);
    assert_string_equal(t.csv.header[2], "Begroting 2025");
    assert_int_equal(t.csv.n_rows, 2);
    assert_int_equal(t.csv.row_line[0], 5);
    assert_string_equal(t.csv.rows[0][0], "Inwoners, \"alle\"");
    assert_string_equal(t.csv.rows[0][1], "89441");
    assert_string_equal(t.csv.rows[0][2], "-25.5");
    assert_int_equal(t.csv.row_line[1], 7);
    assert_string_equal(t.csv.rows[1][1], "1090");
    assert_string_equal(t.csv.rows[1][2], "");
    size_t len = 0;
    char *bytes = ts_slurp(file, &len);
    char sha[65];
    ig_sha256_hex(bytes, len, sha);
    assert_string_equal(t.csv.sha256, sha);
    ig_table_clear(&t);
    /* a zip that is no workbook, and a broken one, are refused with a message */
    static const char not_xlsx[] = "PK\x03\x04 not a zip at all";
    const char *bad = ts_write_in(dir, "bad.xlsx", not_xlsx, sizeof not_xlsx - 1);
    assert_int_equal(ig_table_read_with(&t, bad, year_header, NULL, &err), INGROEI_ERR_DATA);
    assert_non_null(strstr(err.message, "workbook"));
    const char *cut = ts_write_in(dir, "cut.xlsx", bytes, len / 2);
    assert_int_equal(ig_table_read_with(&t, cut, year_header, NULL, &err), INGROEI_ERR_DATA);
    free(bytes);
    free(file);
    ts_remove_temp_dir(&dir);
}

/* A sheet chosen by name (any case) or number: the second sheet of three, a sheet that
 * is not there (the message lists the sheets), an empty sheet, and a sheet named for a
 * CSV file are refused. */
static void xlsx_chosen_sheet(void **state)
{
    (void)state;
    char *dir = ts_make_temp_dir("table_sheet");
    char *file = ts_xprintf("%s/tabellen.xlsx", dir);
    lxw_workbook *wb = workbook_new(file);
    assert_non_null(wb);
    lxw_worksheet *first = workbook_add_worksheet(wb, "Toelichting");
    lxw_worksheet *data = workbook_add_worksheet(wb, "Tabel 3");
    (void)workbook_add_worksheet(wb, "Leeg");
    worksheet_write_string(first, 0, 0, "Zie tabel 3", NULL);
    worksheet_write_string(data, 0, 0, "Maatstaf", NULL);
    worksheet_write_string(data, 0, 1, "Begroting 2025", NULL);
    worksheet_write_string(data, 1, 0, "Inwoners", NULL);
    worksheet_write_number(data, 1, 1, 1255700, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    ig_table t;
    ingroei_error err;
    static const char *const picks[] = {"Tabel 3", "tabel 3", "2"};
    for (size_t i = 0; i < sizeof picks / sizeof *picks; i++) {
        if (ig_table_read_sheet(&t, file, picks[i], year_header, NULL, &err) != INGROEI_OK)
            fail_msg("%s: %s", picks[i], err.message);
        assert_string_equal(t.sheet, "Tabel 3");
        assert_int_equal(t.csv.n_rows, 1);
        assert_string_equal(t.csv.rows[0][0], "Inwoners");
        assert_string_equal(t.csv.rows[0][1], "1255700");
        ig_table_clear(&t);
        assert_null(t.sheet);
    }
    /* without a choice, the first sheet */
    assert_int_equal(ig_table_read_sheet(&t, file, NULL, NULL, NULL, &err), INGROEI_OK);
    assert_string_equal(t.sheet, "Toelichting");
    assert_string_equal(t.csv.header[0], "Zie tabel 3");
    ig_table_clear(&t);
    /* not there: by name, by a number past the last, by 0 */
    static const char *const missing[] = {"Tabel 4", "4", "0"};
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++) {
        assert_int_equal(ig_table_read_sheet(&t, file, missing[i], NULL, NULL, &err),
                         INGROEI_ERR_DATA);
        assert_non_null(strstr(err.message, "\"Toelichting\", \"Tabel 3\", \"Leeg\""));
        assert_non_null(strstr(err.message, "1 to 3"));
    }
    assert_int_equal(ig_table_read_sheet(&t, file, "Leeg", NULL, NULL, &err), INGROEI_ERR_DATA);
    assert_non_null(strstr(err.message, "'Leeg'"));
    assert_non_null(strstr(err.message, "empty"));
    const char *csv = ts_write_in(dir, "tabel.csv", "Maatstaf,Begroting 2025\n", 24);
    assert_int_equal(ig_table_read_sheet(&t, csv, "2", NULL, NULL, &err), INGROEI_ERR_USAGE);
    assert_non_null(strstr(err.message, "not one"));
    assert_int_equal(ig_table_read_sheet(&t, csv, NULL, NULL, NULL, &err), INGROEI_OK);
    assert_null(t.sheet);
    ig_table_clear(&t);
    free(file);
    ts_remove_temp_dir(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers),
        cmocka_unit_test(printed_negatives),
        cmocka_unit_test(units),
        cmocka_unit_test(titles),
        cmocka_unit_test(xlsx_first_sheet),
        cmocka_unit_test(xlsx_chosen_sheet),
        cmocka_unit_test(years),
        cmocka_unit_test(dialects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
