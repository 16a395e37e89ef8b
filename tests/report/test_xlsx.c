/*
 * test_xlsx.c - the column widths of a workbook (report/xlsx.c): a column is as wide as
 * the widest value shown in its kind's format (a share as a percentage with two
 * decimals and its sign, euros with thousands separators and "€ ", cents with two
 * decimals), plus one character; a heading fits at least its longest word and the
 * filter button, and wraps over at most three lines. The widths are read back from the
 * sheet's XML, where libxlsxwriter stores a width w (w >= 1) as (trunc(7w + 0.5) + 5) /
 * 7 rounded down to 1/256: its whole part is w again.
 *
 * Runs from the repository root; needs unzip (skipped without it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/report.h"
#include "support/sheets.h"
#include "support/support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One column: its name (a one-letter heading, narrower than any value, unless the test
 * is about the heading), its kind, the cells written, and the width they call for. */
typedef struct width_case {
    const char *name;
    ig_xl_kind kind;
    ig_cell cells[3];
    int width;
} width_case;

#define N_CASES 11
static width_case cases[N_CASES];

static void setup_cases(void)
{
    const width_case c[N_CASES] = {
        /* "12.35" + "%": 6 characters, +1 */
        {"a", IG_XL_SHARE, {IG_FIXED(0.123456, 6), IG_FIXED(0.05, 6), IG_EMPTY}, 7},
        /* "100.00%": 7, +1; a negative share has its sign */
        {"b", IG_XL_SHARE, {IG_FIXED(1.0, 6), IG_FIXED(-0.5, 6), IG_EMPTY}, 8},
        {"c", IG_XL_SHARE, {IG_FIXED(-1.0, 6), IG_EMPTY, IG_EMPTY}, 9},
        /* "€ 1.234.567": 11, +1 */
        {"d", IG_XL_EURO, {IG_INT(1234567), IG_INT(-12), IG_EMPTY}, 12},
        /* "€ -1.234,50": 11, +1 */
        {"e", IG_XL_CENTS, {IG_FIXED(-1234.5, 2), IG_FIXED(7.25, 2), IG_EMPTY}, 12},
        /* "1.000": 5, +1 */
        {"f", IG_XL_COUNT, {IG_INT(1000), IG_INT(999), IG_EMPTY}, 6},
        /* a year has no separators: 4, +1 */
        {"g", IG_XL_PLAIN, {IG_INT(2026), IG_EMPTY, IG_EMPTY}, 5},
        /* "1.500000": 8, +1 */
        {"h", IG_XL_DECIMAL, {IG_FIXED(1.5, 6), IG_EMPTY, IG_EMPTY}, 9},
        /* text counts characters, not bytes: "Súdwest-Fryslân" is 15 */
        {"i", IG_XL_TEXT, {IG_TEXT("S\xC3\xBA" "dwest-Frysl\xC3\xA2n"), IG_TEXT("x"), IG_EMPTY},
         16},
        /* a heading wider than the values wraps over at most three lines: "A b c d e f
         * g h i j k l" is 23 characters + 3 for the button, a third of which is 8.67: 9 */
        {"a_b_c_d_e_f_g_h_i_j_k_l", IG_XL_EURO, {IG_INT(5), IG_EMPTY, IG_EMPTY}, 9},
        /* but never narrower than its longest word: "Vergelijkingsjaar" 17 + 3 */
        {"vergelijkingsjaar", IG_XL_TEXT, {IG_TEXT("GM0193"), IG_EMPTY, IG_EMPTY}, 20},
    };
    memcpy(cases, c, sizeof c);
}

static void fill(ig_xl *x, const void *ctx)
{
    (void)ctx;
    ig_column cols[N_CASES];
    for (size_t k = 0; k < N_CASES; k++)
        cols[k] = (ig_column){cases[k].name, cases[k].kind};
    const ig_xl_sheet_spec spec = {"Breedte", NULL, 0, cols, N_CASES, 0};
    ig_xl_sheet(x, &spec);
    for (size_t r = 0; r < 3; r++) {
        ig_cell row[N_CASES];
        for (size_t k = 0; k < N_CASES; k++)
            row[k] = cases[k].cells[r];
        ig_xl_row(x, row, N_CASES);
    }
}

/* The width libxlsxwriter stored for column `col` (from 1) in the sheet's XML. */
static double stored_width(const char *xml, size_t col)
{
    char want[64];
    snprintf(want, sizeof want, "<col min=\"%zu\" max=\"%zu\" width=\"", col, col);
    const char *at = strstr(xml, want);
    if (!at)
        fail_msg("no <col> for column %zu in the sheet", col);
    return strtod(at + strlen(want), NULL);
}

static void test_column_widths(void **state)
{
    (void)state;
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        skip();
    setup_cases();
    char *dir = ts_make_temp_dir("xlsx_widths");
    ingroei_error err;
    if (ig_xl_write(dir, "breedte.xlsx", "Breedte", fill, NULL, NULL, NULL, &err) != INGROEI_OK)
        fail_msg("%s", err.message);
    char *zip = ts_xprintf("%s/breedte.xlsx", dir);
    char *xml = ts_zip_part(zip, "xl/worksheets/sheet1.xml");
    assert_non_null(xml);
    for (size_t k = 0; k < N_CASES; k++) {
        double w = stored_width(xml, k + 1);
        if ((int)floor(w) != cases[k].width)
            fail_msg("column %s (kind %d): width %g stored, %d wanted", cases[k].name,
                     (int)cases[k].kind, w, cases[k].width);
    }
    free(xml);
    free(zip);
    ts_remove_temp_dir(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_column_widths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
