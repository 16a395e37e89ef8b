/*
 * test_compare_xlsx.c - the workbook (--xlsx), the nl dialect (--csv-dialect nl) and one
 * gemeente's years (--gemeente) of `ingroei compare`. Without arguments: the nl dialect
 * holds the default dialect's values; the gemeente's file holds exactly its rows of the
 * wide view; the workbook's bytes are the same on every run and in any locale, and
 * asking for it does not change the CSV files; a stopped write leaves nothing. With the
 * argument "libreoffice": LibreOffice converts every sheet to CSV and the sheets equal
 * the CSV files cell for cell; it exits with 77 (ctest's skip) only when soffice is
 * missing and the test does not run as root.
 *
 * Runs from the repository root with INGROEI_CLI naming the built `ingroei` binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compare/compare.h"
#include "support/sheets.h"
#include "support/support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Four scenarios: years 2021-2031, and 2025-2036 for the last (16 years in all). */
static const char *const scenarios[] = {"scenarios/default.yaml", "scenarios/acht_jaar.yaml",
                                        "scenarios/herijking_cap.yaml",
                                        "scenarios/uitgesteld_2027.yaml"};
enum { N_SCEN = 4, N_GEMEENTEN = 342, N_YEARS = 16 };

/* Runs `ingroei compare` of the four scenarios into ts_tmpdir/SUB with the extra arguments
 * (NULL ended); returns the output directory. */
static char *compare(const char *sub, const char *lc_all, ...)
{
    char *out = ts_xprintf("%s/%s", ts_tmpdir, sub);
    const char *head[] = {"compare",    scenarios[0], scenarios[1], scenarios[2],
                          scenarios[3], "-o",         out,          NULL};
    va_list ap;
    va_start(ap, lc_all);
    ts_cli_ok_v(lc_all, head, ap);
    va_end(ap);
    return out;
}

static char *path_in(const char *dir, const char *name)
{
    return ts_xprintf("%s/%s", dir, name);
}

static const char *const csv_files[] = {"compare.csv", "compare_breed.csv", "ranking.csv",
                                        "compare_gemeente_GM0193.csv"};
enum { N_CSV = sizeof csv_files / sizeof csv_files[0] };

/* ---- without LibreOffice --------------------------------------------------------------- */

/* Every sheet keeps the columns that name a row in view while the rest scrolls (and its
 * header row, row 5): the year on the overview, the budget and one gemeente's sheet;
 * year, code and name beside each other; year, code, name, province and scenario in
 * the ranking and the long table; the kind and the name among the sources. */
static void test_frozen_panes(void **state)
{
    (void)state;
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        skip();
    char *out = compare("panes", NULL, "--xlsx", "--gemeente", "Zwolle", NULL);
    char *book = path_in(out, "vergelijking.xlsx");
    static const int columns[] = {1, 1, 3, 1, 5, 5, 2};
    for (int k = 1; k <= 7; k++) {
        char *part = ts_xprintf("xl/worksheets/sheet%d.xml", k);
        char *xml = ts_zip_part(book, part);
        if (!xml)
            fail_msg("unzip cannot read %s", part);
        char *want = ts_xprintf("<pane xSplit=\"%d\" ySplit=\"5\"", columns[k - 1]);
        if (!strstr(xml, want))
            fail_msg("%s has no %s", part, want);
        free(want);
        free(xml);
        free(part);
    }
    free(book);
    free(out);
}

/* Every CSV file of the nl dialect holds the default dialect's values, with decimal
 * commas; the receipt is the same. */
static void test_nl_dialect(void **state)
{
    (void)state;
    char *d = compare("dialect_default", NULL, "--gemeente", "Zwolle", NULL);
    char *n = compare("dialect_nl", NULL, "--gemeente", "Zwolle", "--csv-dialect", "nl", NULL);
    size_t decimals = 0;
    for (size_t i = 0; i < N_CSV; i++) {
        char *pd = path_in(d, csv_files[i]), *pn = path_in(n, csv_files[i]);
        size_t k = ts_assert_nl_same_values(pd, pn);
        assert_true(k > 0); /* amounts per inhabitant in every file */
        decimals += k;
        free(pd);
        free(pn);
    }
    assert_true(decimals > 10000);
    char *jd = path_in(d, "compare.json"), *jn = path_in(n, "compare.json");
    ts_assert_same_file(jd, jn);
    free(jd);
    free(jn);
    free(d);
    free(n);
}

/* compare_gemeente_GM0193.csv is the header and exactly the GM0193 rows of
 * compare_breed.csv, one per year; an unknown gemeente is refused with nothing written. */
static void test_gemeente_rows(void **state)
{
    (void)state;
    char *out = compare("gemeente", NULL, "-g", "GM0193", NULL);
    char *pw = path_in(out, "compare_breed.csv"), *pg = path_in(out, csv_files[3]);
    ts_table wide = ts_read_csv(pw, ','), one = ts_read_csv(pg, ',');
    assert_int_equal(one.n_rows, 1 + N_YEARS);
    long code = ts_column(&wide, 0, "gemeentecode");
    assert_true(code >= 0);
    size_t next = 0; /* the gemeente's rows so far */
    for (size_t r = 0; r < wide.n_rows; r++) {
        if (r > 0 && strcmp(wide.cells[r][code], "GM0193") != 0)
            continue;
        assert_true(next < one.n_rows);
        assert_int_equal(wide.n_cells[r], one.n_cells[next]);
        for (size_t c = 0; c < wide.n_cells[r]; c++)
            assert_string_equal(wide.cells[r][c], one.cells[next][c]);
        next++;
    }
    assert_int_equal(next, one.n_rows);
    ts_table_free(&wide);
    ts_table_free(&one);

    char *refused = path_in(ts_tmpdir, "gemeente_unknown");
    const char *args[] = {"compare",    scenarios[0], scenarios[1], "-o", refused,
                          "--gemeente", "Atlantis",   "--xlsx",     NULL};
    char *err = NULL;
    assert_int_not_equal(ts_run_cli(args, NULL, &err), 0);
    assert_non_null(strstr(err, "Atlantis"));
    assert_false(ts_exists(refused));
    free(err);
    free(refused);
    free(pw);
    free(pg);
    free(out);
}

/* Two comparisons a second apart, the second in another time zone and locale, give the
 * same workbook; with --xlsx the CSV files are those without it. */
static void test_workbook_reproducible(void **state)
{
    (void)state;
    char *plain = compare("bytes_plain", NULL, "--gemeente", "Zwolle", NULL);
    char *a = compare("bytes_a", NULL, "--xlsx", "--gemeente", "Zwolle", NULL);
    sleep(1);
    setenv("TZ", "Pacific/Kiritimati", 1);
    char *b = compare("bytes_b", "nl_NL.UTF-8", "--xlsx", "--gemeente", "Zwolle", NULL);
    unsetenv("TZ");
    char *pa = path_in(a, IG_COMPARE_WORKBOOK), *pb = path_in(b, IG_COMPARE_WORKBOOK);
    ts_assert_same_file(pa, pb);
    for (size_t i = 0; i < N_CSV; i++) {
        char *x = path_in(plain, csv_files[i]), *y = path_in(a, csv_files[i]);
        ts_assert_same_file(x, y);
        free(x);
        free(y);
    }
    free(pa);
    free(pb);
    free(plain);
    free(a);
    free(b);
}

/* What the library reports while writing the workbook, and a write stopped by the
 * caller. */
typedef struct watch {
    size_t calls, last_done, total;
    bool decreasing;
    int *cancel; /* set after the call in `stop_after` */
    size_t stop_after;
} watch;

static void on_progress(void *context, size_t done, size_t total)
{
    watch *w = context;
    w->decreasing = w->decreasing || done < w->last_done || (w->calls && total != w->total);
    w->last_done = done;
    w->total = total;
    if (++w->calls == w->stop_after && w->cancel)
        *w->cancel = 1;
}

/* The progress counts the sheets' rows up to their total; a cancel set during the write
 * stops it with INGROEI_ERR_CANCELLED, and neither the new directory nor any file in it
 * is left. */
static void test_progress_and_cancel(void **state)
{
    (void)state;
    ingroei_scenario *sc[2] = {NULL, NULL};
    ingroei_run *r[2] = {NULL, NULL};
    ingroei_error err;
    for (int i = 0; i < 2; i++) {
        assert_int_equal(ingroei_scenario_load(&sc[i], scenarios[2 * i], &err), INGROEI_OK);
        assert_int_equal(ingroei_run_new(&r[i], sc[i], &err), INGROEI_OK);
    }
    ingroei_compare *c = NULL;
    assert_int_equal(ingroei_compare_new(&c, (const ingroei_run *const *)r, 2, 0, &err),
                     INGROEI_OK);
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.xlsx = 1;
    o.dir = path_in(ts_tmpdir, "progress");
    watch w = {0};
    o.progress = on_progress;
    o.progress_context = &w;
    assert_int_equal(ingroei_compare_write(c, &o, NULL, &err), INGROEI_OK);
    /* 2 scenarios, 11 years: their summary, budgets, wide view, rankings and rows */
    const size_t rows = 2 + 11 + 11 * N_GEMEENTEN + 2 * N_GEMEENTEN + 2 * 11 * N_GEMEENTEN;
    assert_int_equal(w.total, rows);
    assert_int_equal(w.last_done, rows);
    assert_false(w.decreasing);
    assert_true(w.calls >= 2);

    int cancel = 0;
    watch stop = {0, 0, 0, false, &cancel, 1};
    free((char *)o.dir);
    o.dir = path_in(ts_tmpdir, "cancelled");
    o.progress_context = &stop;
    o.cancel = &cancel;
    assert_int_equal(ingroei_compare_write(c, &o, NULL, &err), INGROEI_ERR_CANCELLED);
    assert_int_equal(stop.calls, 1);
    assert_false(ts_exists(o.dir));
    free((char *)o.dir);
    ingroei_compare_free(c);
    for (int i = 0; i < 2; i++) {
        ingroei_run_free(r[i]);
        ingroei_scenario_free(sc[i]);
    }
}

/* ---- LibreOffice ------------------------------------------------------------------------ */

static void test_libreoffice(void **state)
{
    (void)state;
    char *out = compare("lo", NULL, "--xlsx", "--gemeente", "Zwolle", NULL);
    ts_convert_all_sheets(out, IG_COMPARE_WORKBOOK);
    struct {
        const char *sheet, *csv, *first;
        size_t rows;
    } pairs[] = {
        {"Naast elkaar", "compare_breed.csv", "jaar", N_YEARS * N_GEMEENTEN},
        {"Ranglijst", "ranking.csv", "scenario", N_SCEN * N_GEMEENTEN},
        {"Gemeente", "compare_gemeente_GM0193.csv", "jaar", N_YEARS},
        {"Alle regels", "compare.csv", "scenario", (3 * 11 + 12) * N_GEMEENTEN},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *sheet = ts_xprintf("%s/lo/vergelijking-%s.csv", out, pairs[i].sheet);
        char *csv = path_in(out, pairs[i].csv);
        assert_int_equal(ts_sheet_equals_csv(sheet, csv), pairs[i].rows);
        /* and no more columns than the file */
        ts_table s = ts_read_csv(sheet, ','), f = ts_read_csv(csv, ',');
        size_t h = ts_row_starting(&s, f.cells[0][0], sheet);
        assert_int_equal(s.n_cells[h], f.n_cells[0]);
        ts_table_free(&s);
        ts_table_free(&f);
        ts_assert_notice_above(sheet, pairs[i].first);
        free(sheet);
        free(csv);
    }
    static const char *const others[][2] = {
        {"Overzicht", "scenario"}, {"Budget per jaar", "jaar"}, {"Bronnen", "scenario"}};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        char *sheet = ts_xprintf("%s/lo/vergelijking-%s.csv", out, others[i][0]);
        ts_assert_notice_above(sheet, others[i][1]);
        free(sheet);
    }
    /* Bronnen: every scenario file with the SHA-256 that compare.json gives it */
    char *bronnen = ts_xprintf("%s/lo/vergelijking-Bronnen.csv", out);
    char *receipt = path_in(out, "compare.json");
    char *json = ts_slurp(receipt, NULL);
    ts_table t = ts_read_csv(bronnen, ',');
    size_t h = ts_row_starting(&t, "scenario", bronnen);
    long sha = ts_column(&t, h, "sha256"), file = ts_column(&t, h, "bestand");
    assert_true(sha >= 0 && file >= 0);
    size_t found = 0, inputs = 0;
    for (size_t r = h + 1; r < t.n_rows; r++) {
        if (t.n_cells[r] <= (size_t)sha)
            continue;
        inputs++;
        assert_int_equal(strlen(t.cells[r][sha]), 64);
        if (!strstr(t.cells[r][file], ".yaml") || strstr(t.cells[r][file], "models/"))
            continue;
        char *quoted = ts_xprintf("\"sha256\": \"%s\"", t.cells[r][sha]);
        if (!strstr(json, quoted))
            fail_msg("Bronnen gives %s the SHA-256 %s, which compare.json does not have",
                     t.cells[r][file], t.cells[r][sha]);
        found++;
        free(quoted);
    }
    assert_int_equal(found, N_SCEN);
    assert_true(inputs > 2 * N_SCEN);
    ts_table_free(&t);
    free(json);
    free(receipt);
    free(bronnen);
    free(out);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "libreoffice")) {
        int missing = ts_soffice_missing();
        if (missing)
            return missing;
        const struct CMUnitTest lo[] = {cmocka_unit_test(test_libreoffice)};
        return cmocka_run_group_tests(lo, ts_tmpdir_setup, ts_tmpdir_teardown);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nl_dialect),          cmocka_unit_test(test_gemeente_rows),
        cmocka_unit_test(test_frozen_panes),        cmocka_unit_test(test_workbook_reproducible),
        cmocka_unit_test(test_progress_and_cancel),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
