/* test_verify_thousands.c - `ingroei verify` on a begroting table as a council document
 * prints it, made here from the shipped mei 2024 model (uitkeringsjaar 2024) for the
 * gemeenten a third and two thirds down the list (not one real gemeente's): two title
 * lines above the header, "(bedragen x € 1.000)", every line's uitkeringsbasis rounded
 * to thousands, negatives in parentheses (the OZB lines) or with a trailing minus; then
 *   - every line whose amount is not a whole number of thousands: afronding (the
 *     circulaire's amount rounds to the printed thousands);
 *   - every line that is: gelijk;
 *   - the line with the largest amount printed 3 thousand higher: afwijkend.
 * The expected verdicts are computed here from units x weight, apart from the engine. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "audit/audit.h"
#include "ingroei.h"
#include "support/support.h"

#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL "models/nl/gemeentefonds/au_mei2024_2024.yaml"

/* round(u x w) half away from zero, computed here apart from the engine. */
static int64_t basis(ig_dec u, ig_dec w)
{
    __int128 p = (__int128)u.mant * w.mant, d = 1;
    for (int k = 0; k < u.scale + w.scale; k++)
        d *= 10;
    const bool neg = p < 0;
    if (neg)
        p = -p;
    const __int128 q = (p + d / 2) / d;
    return (int64_t)(neg ? -q : q);
}

/* v / 1000 rounded half away from zero. */
static int64_t thousands(int64_t v)
{
    return v < 0 ? -((-v + 500) / 1000) : (v + 500) / 1000;
}

/* Whole thousands as printed: 1.069, a negative as (1.069) or, every other one, 1.069-. */
static void put_printed(ig_buf *b, int64_t v, bool trailing_minus)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
    const size_t n = strlen(digits);
    if (v < 0 && !trailing_minus)
        ig_buf_putc(b, '(');
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            ig_buf_putc(b, '.');
        ig_buf_putc(b, digits[i]);
    }
    if (v < 0)
        ig_buf_putc(b, trailing_minus ? '-' : ')');
}

static void one_gemeente(const ig_au_view *v, size_t g, const char *tmp)
{
    const ig_au_data *d = v->data;
    /* the line with the largest amount gets the own forecast */
    size_t big = 0;
    int64_t big_amount = 0;
    for (size_t m = 0; m < d->n_m; m++) {
        const int64_t b = basis(d->units[m * d->n_g + g], d->weight[m]);
        if (b > big_amount) {
            big_amount = b;
            big = m;
        }
    }
    assert_true(big_amount > 100000);
    ig_buf t = {0};
    ig_buf_printf(&t, "\xEF\xBB\xBFUitkeringsbasis algemene uitkering %s;\n", d->names[g]);
    ig_buf_puts(&t, "(bedragen x \xE2\x82\xAC 1.000);\n;\nMaatstaf;Begroting 2024\n");
    size_t want_equal = 0, want_rounding = 0, negatives = 0;
    for (size_t m = 0; m < d->n_m; m++) {
        const int64_t b = basis(d->units[m * d->n_g + g], d->weight[m]);
        int64_t printed = thousands(b);
        if (m == big)
            printed += 3;
        else if (b % 1000 == 0)
            want_equal++;
        else
            want_rounding++;
        ig_buf_putc(&t, '"');
        ig_buf_puts(&t, d->descriptions[m]);
        ig_buf_puts(&t, "\";");
        if (printed < 0)
            negatives++;
        put_printed(&t, printed, printed < 0 && negatives % 2 == 0);
        ig_buf_putc(&t, '\n');
    }
    assert_true(negatives >= 2); /* both negative forms are read */
    char *name = ts_xprintf("thousands_%s.csv", d->codes[g]);
    const char *file = ts_write_in(tmp, name, t.data, t.len);
    ig_buf_free(&t);
    char *out = ts_xprintf("%s/out_%s", tmp, d->codes[g]);
    ingroei_verify_query q = {.model = MODEL,
                              .published = file,
                              .gemeente = d->codes[g],
                              .circulaires = "models/nl/gemeentefonds"};
    ingroei_verify_summary s;
    ingroei_output_report rep;
    ingroei_error err;
    if (ingroei_verify(&q, out, &s, &rep, &err) != INGROEI_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    if (s.n_equal != want_equal || s.n_rounding != want_rounding || s.n_off != 1 ||
        s.n_unknown != 0 || s.n_lines != d->n_m)
        fail_msg("%s: %zu lines: %zu gelijk, %zu afronding, %zu afwijkend, %zu onbekend; "
                 "expected %zu, %zu, 1, 0",
                 d->codes[g], s.n_lines, s.n_equal, s.n_rounding, s.n_off, s.n_unknown,
                 want_equal, want_rounding);
    /* the afwijkend line is 3 thousand off, less what the rounding gave */
    assert_true(s.largest_diff == thousands(big_amount) * 1000 + 3000 - big_amount);
    assert_string_equal(s.largest_item, d->maatstaven[big]);
    char *json = ts_xprintf("%s/verify.json", out);
    char *text = ts_slurp(json, NULL);
    assert_non_null(strstr(text, "\"unit\": 1000, \"title\": \"Uitkeringsbasis algemene uitkering "));
    assert_non_null(strstr(text, "(bedragen x \xE2\x82\xAC 1.000)\""));
    free(text);
    free(json);
    /* every line's published amount in verify.csv is the printed thousands x 1000 */
    char *csv = ts_xprintf("%s/verify.csv", out);
    text = ts_slurp(csv, NULL);
    for (size_t m = 0; m < d->n_m; m++) {
        const int64_t b = basis(d->units[m * d->n_g + g], d->weight[m]);
        const int64_t printed = (thousands(b) + (m == big ? 3 : 0)) * 1000;
        char *needle = ts_xprintf(",%s,", d->maatstaven[m]);
        char *at = strstr(text, needle);
        assert_non_null(at);
        char *row_end = strchr(at, '\n');
        char *want = ts_xprintf(",%lld,%lld,%lld,", (long long)b, (long long)printed,
                                (long long)(printed - b));
        char *hit = strstr(at, want);
        if (!hit || hit > row_end)
            fail_msg("%s %s: no '%s' in its row", d->codes[g], d->maatstaven[m], want);
        free(want);
        free(needle);
    }
    free(text);
    free(csv);
    free(out);
    free(name);
}

static void thousands_as_printed(void **state)
{
    (void)state;
    char *tmp = ts_make_temp_dir("verify_thousands");
    ingroei_au *au = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_au_new(&au, MODEL, NULL, &err), INGROEI_OK);
    ig_au_view v;
    ig_au_view_of(au, &v);
    one_gemeente(&v, v.data->n_g / 3, tmp);
    one_gemeente(&v, 2 * v.data->n_g / 3, tmp);
    ingroei_au_free(au);
    ts_remove_temp_dir(&tmp);
}

/* The README's worked example (tests/verify/voorbeeld_duizenden.csv), line by line. */
static void readme_example(void **state)
{
    (void)state;
    char *tmp = ts_make_temp_dir("verify_duizenden");
    char *out = ts_xprintf("%s/out", tmp);
    ingroei_verify_query q = {.model = MODEL,
                              .published = "tests/verify/voorbeeld_duizenden.csv",
                              .gemeente = "Groningen"};
    ingroei_verify_summary s;
    ingroei_output_report rep;
    ingroei_error err;
    if (ingroei_verify(&q, out, &s, &rep, &err) != INGROEI_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    assert_int_equal(s.n_lines, 5);
    assert_int_equal(s.n_equal, 0);
    assert_int_equal(s.n_rounding, 4);
    assert_int_equal(s.n_off, 1);
    assert_true(s.largest_diff == 2670);
    assert_string_equal(s.largest_item, "land");
    char *csv = ts_xprintf("%s/verify.csv", out);
    char *text = ts_slurp(csv, NULL);
    assert_non_null(strstr(text, ",WOZwe80,ozb woningen eigenaren,2024,28955600000.00,-0.000890,"
                                 "-25770484,-25770000,484,"));
    assert_non_null(strstr(text, ",inwo,inwoners,2024,238147.00,375.57,89440869,89441000,131,"));
    free(text);
    free(csv);
    free(out);
    ts_remove_temp_dir(&tmp);
}

/* The README's example saved as an .xlsx workbook, in `file`: a sheet of notes, then
 * the table with its title in the first rows. */
static void make_workbook(const char *file)
{
    lxw_workbook *wb = workbook_new(file);
    lxw_worksheet *notes = workbook_add_worksheet(wb, "Toelichting");
    worksheet_write_string(notes, 0, 0, "Bron: begroting 2024", NULL);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Uitkeringsbasis");
    worksheet_write_string(ws, 0, 0, "Uitkeringsbasis algemene uitkering 2024", NULL);
    worksheet_write_string(ws, 1, 0, "(bedragen x \xE2\x82\xAC 1.000)", NULL);
    worksheet_write_string(ws, 3, 0, "Maatstaf", NULL);
    worksheet_write_string(ws, 3, 1, "Begroting 2024", NULL);
    static const struct {
        const char *label;
        double thousands;
    } lines[] = {{"Inwoners", 89441},
                 {"Bedrijven", 4202},
                 {"Bewoonde oorden 1930", 1090},
                 {"OZB woningen eigenaren", -25770},
                 {"Oppervlakte land", 723}};
    for (int i = 0; i < 5; i++) {
        worksheet_write_string(ws, (lxw_row_t)(4 + i), 0, lines[i].label, NULL);
        worksheet_write_number(ws, (lxw_row_t)(4 + i), 1, lines[i].thousands, NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

/* The same example saved as an .xlsx workbook (numbers stored as numbers, the title in
 * the first rows), on its second sheet behind a sheet of notes, chosen by name (--sheet):
 * the same verdicts, line numbers that are the sheet's rows, and the workbook's SHA-256
 * and the sheet's name in the receipt. */
static void readme_example_as_xlsx(void **state)
{
    (void)state;
    char *tmp = ts_make_temp_dir("verify_duizenden_xlsx");
    char *file = ts_xprintf("%s/duizenden.xlsx", tmp), *out = ts_xprintf("%s/out", tmp);
    make_workbook(file);
    ingroei_verify_query q = {
        .model = MODEL, .published = file, .gemeente = "GM0014", .sheet = "uitkeringsbasis"};
    ingroei_verify_summary s;
    ingroei_output_report rep;
    ingroei_error err;
    if (ingroei_verify(&q, out, &s, &rep, &err) != INGROEI_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    assert_int_equal(s.n_lines, 5);
    assert_int_equal(s.n_rounding, 4);
    assert_int_equal(s.n_off, 1);
    assert_true(s.largest_diff == 2670);
    char *csv = ts_xprintf("%s/verify.csv", out);
    char *text = ts_slurp(csv, NULL);
    /* the land line is row 9 of the sheet */
    assert_non_null(strstr(text, "\n9,GM0014,Groningen,Oppervlakte land,land,"));
    assert_non_null(strstr(text, ",WOZwe80,ozb woningen eigenaren,2024,28955600000.00,-0.000890,"
                                 "-25770484,-25770000,484,"));
    free(text);
    free(csv);
    size_t len = 0;
    char *bytes = ts_slurp(file, &len);
    char sha[65];
    ig_sha256_hex(bytes, len, sha);
    free(bytes);
    char *json = ts_xprintf("%s/verify.json", out);
    text = ts_slurp(json, NULL);
    char *want = ts_xprintf("\"sha256\": \"%s\"", sha);
    assert_non_null(strstr(text, want));
    assert_non_null(strstr(text, "\"sheet\": \"Uitkeringsbasis\""));
    free(want);
    free(text);
    free(json);
    free(file);
    free(out);
    ts_remove_temp_dir(&tmp);
}

/* libzip is loaded (io/xlsx_read.c, dlopen) when the first workbook is read, not when
 * the program starts: with a broken file of its name first on the library path,
 * `ingroei verify` of a CSV table gives its verdicts (exit 5: the example has afwijkend
 * lines on purpose), and of the workbook fails with exit 3, naming the library and the
 * workbook. */
static void zip_library_loaded_late(void **state)
{
    (void)state;
    char *tmp = ts_make_temp_dir("verify_zip_late");
    char *file = ts_xprintf("%s/duizenden.xlsx", tmp), *out = ts_xprintf("%s/out", tmp);
    make_workbook(file);
    static const char junk[] = "not a shared object\n";
    ts_write_in(tmp, IG_LIBZIP_SONAME, junk, sizeof junk - 1);
    char *before = getenv("LD_LIBRARY_PATH") ? ts_strdup(getenv("LD_LIBRARY_PATH")) : NULL;
    assert_int_equal(setenv("LD_LIBRARY_PATH", tmp, 1), 0);
    const char *csv[] = {"verify", "tests/verify/voorbeeld_begroting.csv", "--gemeente", "GM0014",
                         "-o", out, NULL};
    const char *book[] = {"verify", MODEL, file, "--gemeente", "GM0014", "--sheet",
                          "uitkeringsbasis", "-o", out, NULL};
    char *err_csv = NULL, *err_book = NULL;
    int rc_csv = ts_run_cli(csv, NULL, &err_csv);
    int rc_book = ts_run_cli(book, NULL, &err_book);
    if (before)
        setenv("LD_LIBRARY_PATH", before, 1);
    else
        unsetenv("LD_LIBRARY_PATH");
    if (rc_csv != 5)
        fail_msg("a CSV table: exit %d, expected 5:\n%s", rc_csv, err_csv);
    if (rc_book != 3 || !strstr(err_book, "cannot load the zip library " IG_LIBZIP_SONAME) ||
        !strstr(err_book, "duizenden.xlsx"))
        fail_msg("a workbook: exit %d, expected 3 naming %s and the workbook:\n%s", rc_book,
                 IG_LIBZIP_SONAME, err_book);
    free(err_csv);
    free(err_book);
    free(before);
    free(file);
    free(out);
    ts_remove_temp_dir(&tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thousands_as_printed),
        cmocka_unit_test(readme_example),
        cmocka_unit_test(readme_example_as_xlsx),
        cmocka_unit_test(zip_library_loaded_late),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
