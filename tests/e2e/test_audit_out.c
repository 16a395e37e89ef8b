/* test_audit_out.c - the auditor commands' outputs people open, end to end:
 *   - au, verify, diff-vintage, bridge and explain with --csv-dialect nl write ';', a
 *     decimal comma, the byte-order mark and Dutch headings, and with --xlsx a workbook
 *     with a sheet per table, page set-up for printing and the sheet Bronnen;
 *   - diff-vintage across the herindeling of 1 January 2023 (mei 2022 -> mei 2023) adds
 *     Brielle, Hellevoetsluis and Westvoorne up onto Voorne aan Zee: its au_van is the
 *     sum of their `au` amounts, and the parts still add up to the change;
 *   - explain names every input of the run with the SHA-256 summary.json gives it, and
 *     in a capped year the floor is redone from the reference values it prints;
 *   - the run report's explanation has the uitkeringsfactor with every digit.
 * The workbook's parts are read with unzip when it is there (else those checks skip). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GF "models/nl/gemeentefonds/"
#define BOM "\xEF\xBB\xBF"

static bool have_unzip(void)
{
    return system("command -v unzip >/dev/null 2>&1") == 0;
}

/* Part `part` of the workbook `book` as text, or fails. */
static char *workbook_part(const char *book, const char *part)
{
    char *cmd = ts_xprintf("unzip -p '%s' '%s' 2>/dev/null", book, part);
    FILE *p = popen(cmd, "r");
    free(cmd);
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0, got;
    char *text = malloc(cap);
    assert_non_null(text);
    while ((got = fread(text + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 == cap) {
            cap *= 2;
            text = realloc(text, cap);
            assert_non_null(text);
        }
    }
    if (pclose(p) != 0)
        fail_msg("unzip cannot read %s of %s", part, book);
    text[n] = '\0';
    return text;
}

/* The workbook has the sheets named in `sheets` (NULL-terminated), each printed
 * landscape on A4, one page wide, and its strings hold every text of `strings`. */
static void workbook_has(const char *book, const char *const *sheets, const char *const *strings)
{
    if (!have_unzip())
        return;
    char *wb = workbook_part(book, "xl/workbook.xml");
    size_t k = 0;
    for (; sheets[k]; k++) {
        char *want = ts_xprintf("<sheet name=\"%s\"", sheets[k]);
        if (!strstr(wb, want))
            fail_msg("%s has no sheet %s", book, sheets[k]);
        free(want);
        char *part = ts_xprintf("xl/worksheets/sheet%zu.xml", k + 1);
        char *xml = workbook_part(book, part);
        if (!strstr(xml, "orientation=\"landscape\"") || !strstr(xml, "<pageSetUpPr fitToPage=\"1\"/>"))
            fail_msg("%s %s is not set up to print", book, part);
        free(xml);
        free(part);
    }
    assert_int_equal(ts_count(wb, "<sheet name="), k);
    free(wb);
    char *shared = workbook_part(book, "xl/sharedStrings.xml");
    for (size_t i = 0; strings[i]; i++)
        if (!strstr(shared, strings[i]))
            fail_msg("%s has no text '%s'", book, strings[i]);
    free(shared);
}

static char *out_dir(const char *name)
{
    return ts_xprintf("%s/%s", ts_tmpdir, name);
}

static char *file_in(const char *dir, const char *name)
{
    char *path = ts_xprintf("%s/%s", dir, name);
    char *text = ts_slurp(path, NULL);
    free(path);
    return text;
}

/* `au`: both tables in the Dutch dialect, and the workbook. */
static void test_au(void **state)
{
    (void)state;
    char *out = out_dir("au");
    ts_cli_expect((const char *[]){"au", GF "au_mei2024_2024.yaml", "-o", out, "--xlsx",
                                   "--csv-dialect", "nl", NULL},
                  0, NULL);
    char *lines = file_in(out, "au_regels.csv");
    static const char head[] =
        BOM "Gemeentecode;Gemeente;Maatstaf;Eenheden;Gewicht;Uitkeringsfactor;Bedrag (euro)\n";
    assert_memory_equal(lines, head, sizeof head - 1);
    /* an OZB line: the decimals with a comma, no factor */
    assert_non_null(strstr(lines, "\nGM0014;Groningen;WOZwe80;28955600000,00;-0,000890;;-25770484\n"));
    assert_non_null(strstr(lines, "\nGM0014;Groningen;vest;31180,00;134,78;1,414;5942251\n"));
    assert_int_equal(ts_count(lines, "\n"), 1 + 342 * 49);
    free(lines);
    char *table = file_in(out, "au.csv");
    assert_memory_equal(table, BOM "Gemeentecode;Gemeente;", strlen(BOM "Gemeentecode;Gemeente;"));
    assert_non_null(strstr(table, ";Algemene uitkering (euro);Verschil met de clusters (euro)\n"));
    free(table);
    char *book = ts_xprintf("%s/au.xlsx", out);
    workbook_has(book, (const char *[]){"Algemene uitkering", "Regels", "Bronnen", NULL},
                 (const char *[]){"Algemene uitkering (euro)", "Bedrag (euro)",
                                  GF "volumina_mei2024_2024.csv", NULL});
    free(book);
    free(out);
}

/* The amount of gemeente `code` in the column `col` (from 0) of a CSV file's rows in
 * separator `sep`; fails when there is no such row. Names hold no separator here. */
static long long field_of(const char *text, const char *code, int col, char sep)
{
    char *key = ts_xprintf("\n%s%c", code, sep);
    const char *row = strstr(text, key);
    free(key);
    if (!row)
        fail_msg("no row for %s", code);
    row++;
    for (int c = 0; c < col; c++) {
        row = strchr(row, sep);
        assert_non_null(row);
        row++;
    }
    return atoll(row);
}

/* diff-vintage mei 2022 (uitkeringsjaar 2023) -> mei 2023 (2024), across the herindeling
 * of Voorne aan Zee. */
static void test_diff_vintage_herindeling(void **state)
{
    (void)state;
    char *from = out_dir("au_2022"), *to = out_dir("au_2023"), *out = out_dir("dv_herindeling");
    ts_cli_expect((const char *[]){"au", GF "au_mei2022_2023.yaml", "-o", from, NULL}, 0, NULL);
    ts_cli_expect((const char *[]){"au", GF "au_mei2023_2024.yaml", "-o", to, NULL}, 0, NULL);
    ts_cli_expect((const char *[]){"diff-vintage", GF "au_mei2022_2023.yaml",
                                   GF "au_mei2023_2024.yaml", "-o", out, "--csv-dialect", "nl",
                                   "--xlsx", NULL},
                  0, "");
    char *a = file_in(from, "au.csv"), *b = file_in(to, "au.csv"),
         *d = file_in(out, "diff_vintage.csv");
    /* au.csv: gemeentecode, gemeentenaam, 12 clusters, som_clusters, algemene_uitkering */
    const int au_col = 2 + 12 + 1;
    const long long parts = field_of(a, "GM0501", au_col, ',') +
                            field_of(a, "GM0530", au_col, ',') + field_of(a, "GM0614", au_col, ',');
    assert_true(parts > 0);
    assert_true(field_of(d, "GM1992", 2, ';') == parts);
    assert_true(field_of(d, "GM1992", 3, ';') == field_of(b, "GM1992", au_col, ','));
    /* the parts add up to the change */
    long long v[7];
    for (int k = 0; k < 7; k++)
        v[k] = field_of(d, "GM1992", 2 + k, ';');
    assert_true(v[2] == v[1] - v[0]);
    assert_true(v[3] + v[4] + v[5] + v[6] == v[2]);
    assert_true(llabs(v[6]) <= 30);
    /* the old gemeenten have no row of their own, the new one says where it came from */
    assert_null(strstr(d, "\nGM0501;"));
    assert_null(strstr(d, "\nGM0530;"));
    assert_null(strstr(d, "\nGM0614;"));
    /* quoted: the text holds the separator */
    assert_non_null(strstr(d, ";\"Brielle (GM0501) per 2023-01-01; Hellevoetsluis (GM0530) per "
                              "2023-01-01; Westvoorne (GM0614) per 2023-01-01\"\n"));
    assert_int_equal(ts_count(d, "\n"), 1 + 342);
    /* every other gemeente is its own row, amounts as `au` computed them */
    assert_true(field_of(d, "GM0014", 2, ';') == field_of(a, "GM0014", au_col, ','));
    char *json = file_in(out, "diff_vintage.json");
    assert_non_null(strstr(json, "\"herindelingen\": {\"file\": \"models/nl/herindelingen.csv\", "
                                 "\"sha256\": \""));
    assert_non_null(strstr(json, "{\"gemeentecode\": \"GM1992\", \"uit\": \"Brielle (GM0501)"));
    free(json);
    char *book = ts_xprintf("%s/diff_vintage.xlsx", out);
    workbook_has(book, (const char *[]){"Verschil", "Bronnen", NULL},
                 (const char *[]){"Samengevoegd uit (herindeling)",
                                  "models/nl/herindelingen.csv", NULL});
    free(book);
    free(a);
    free(b);
    free(d);
    free(from);
    free(to);
    free(out);
}

/* bridge: brugstaat.csv in the Dutch dialect and its workbook; the two options without
 * -o are a usage error. */
static void test_bridge(void **state)
{
    (void)state;
    char *out = out_dir("bridge");
    ts_cli_expect((const char *[]){"bridge", "scenarios/default.yaml", "--gemeente", "GM0014",
                                   "-o", out, "--xlsx", "--csv-dialect", "nl", NULL},
                  0, NULL);
    char *csv = file_in(out, "brugstaat.csv");
    static const char head[] = BOM "Jaar;Gemeentecode;Gemeente;Provincie;Totaal vorig jaar "
                                   "(euro);Stap van het pad (euro);Budget (euro);";
    assert_memory_equal(csv, head, sizeof head - 1);
    free(csv);
    char *book = ts_xprintf("%s/brugstaat.xlsx", out);
    workbook_has(book, (const char *[]){"Brugstaat", "Bronnen", NULL},
                 (const char *[]){"Sleutel en volumes (euro)", "default.yaml", NULL});
    free(book);
    ts_cli_expect((const char *[]){"bridge", "scenarios/default.yaml", "--gemeente", "GM0014",
                                   "--xlsx", NULL},
                  2, "for the table that -o DIR writes");
    free(out);
}

/* verify: verify.csv in the Dutch dialect and its workbook. */
static void test_verify(void **state)
{
    (void)state;
    char *out = out_dir("verify");
    char *err = NULL;
    const int rc = ts_run_cli(
        (const char *[]){"verify", "tests/verify/voorbeeld_begroting.csv", "--gemeente", "GM0014",
                         "-o", out, "--xlsx", "--csv-dialect", "nl", NULL},
        NULL, &err);
    assert_int_equal(rc, 5); /* the example has afwijkend lines on purpose */
    free(err);
    char *csv = file_in(out, "verify.csv");
    static const char head[] = BOM "Regel;Gemeentecode;Gemeente;Label;Maatstaf;Omschrijving;Jaar;"
                                   "Eenheden;Gewicht;";
    assert_memory_equal(csv, head, sizeof head - 1);
    assert_non_null(strstr(csv, ";afronding;"));
    free(csv);
    /* an Analysedata figure keeps its digits, with the dialect's decimal comma */
    char *ad = out_dir("verify_analysedata");
    ts_cli_expect((const char *[]){"verify", "tests/verify/au_test.yaml",
                                   "tests/verify/analysedata_test.csv", "-o", ad, "--csv-dialect",
                                   "nl", NULL},
                  5, NULL); /* the test file has lines off on purpose */
    char *ad_csv = file_in(ad, "verify.csv");
    assert_non_null(strstr(ad_csv, ";Sociale basisvoorzieningen;1998695;1998694,64250;1998695;"));
    free(ad_csv);
    free(ad);
    char *book = ts_xprintf("%s/verify.xlsx", out);
    workbook_has(book, (const char *[]){"Toetsing", "Bronnen", NULL},
                 (const char *[]){"Bedrag gelijk aan maatstaf",
                                  "tests/verify/voorbeeld_begroting.csv", NULL});
    free(book);
    free(out);
}

/* The value column (waarde) of step `key` in explain.csv (nl: ';' and a decimal comma). */
static double step_value(const char *csv, const char *key)
{
    char *needle = ts_xprintf("\n%s;", key);
    const char *row = strstr(csv, needle);
    free(needle);
    if (!row)
        fail_msg("explain.csv has no step %s", key);
    for (int c = 0; c < 2; c++) {
        row = strchr(row + 1, ';');
        assert_non_null(row);
    }
    char number[64];
    size_t n = strcspn(row + 1, ";");
    assert_true(n > 0 && n < sizeof number);
    memcpy(number, row + 1, n);
    number[n] = '\0';
    for (char *p = number; *p; p++)
        if (*p == ',')
            *p = '.';
    return strtod(number, NULL);
}

/* explain for a capped year: every input of the run with its SHA-256, and the floor and
 * the allocation redone from the reference values it prints. The gemeente is the first
 * held at a cap in 2024, whichever that is. */
static void test_explain_inputs_and_cap(void **state)
{
    (void)state;
    char *run = out_dir("explain_run"), *out = out_dir("explain");
    ts_cli_expect((const char *[]){"run", "scenarios/herijking_cap.yaml", "-o", run, "--no-plots",
                                   NULL},
                  0, NULL);
    /* the first row of 2024 with cap_geraakt (the fourth column from the end, before
     * objectieve_sleutel_illustratief and the region's two) filled */
    char *alloc = file_in(run, "allocations.csv");
    char code[16] = "";
    for (const char *p = strstr(alloc, "\n2024,"); p && !code[0]; p = strstr(p + 1, "\n2024,")) {
        const char *end = strchr(p + 1, '\n');
        const char *last = end - 1;
        for (int k = 0; k < 3; k++) { /* back to the comma before the third field from the end */
            while (*last != ',')
                last--;
            if (k < 2)
                last--;
        }
        if (last[-1] != ',') /* cap_geraakt is not empty */
            memcpy(code, p + 6, 6);
    }
    assert_true(code[0] != '\0');
    free(alloc);
    ts_cli_expect((const char *[]){"explain", "scenarios/herijking_cap.yaml", "--gemeente", code,
                                   "--year", "2024", "-o", out, "--xlsx", "--csv-dialect", "nl",
                                   NULL},
                  0, NULL);
    char *csv = file_in(out, "explain.csv");
    assert_memory_equal(csv, BOM "Stap;Omschrijving;Waarde;Tekst;", strlen(BOM "Stap;Omschrijving;"));
    /* every input summary.json names, with its SHA-256 */
    char *summary = file_in(run, "summary.json");
    size_t inputs = 0;
    for (const char *p = strstr(summary, "\"sha256\": \""); p;
         p = strstr(p + 1, "\"sha256\": \"")) {
        char sha[65];
        memcpy(sha, p + 11, 64);
        sha[64] = '\0';
        char *want = ts_xprintf("sha256 %s", sha);
        if (!strstr(csv, want))
            fail_msg("explain.csv does not name the input with %s", want);
        free(want);
        inputs++;
    }
    assert_true(inputs >= 5);
    assert_int_equal(ts_count(csv, "\ninput."), inputs);
    free(summary);
    /* the floor from the reference values: reference = amount x scale, the loss limit
     * = floor(largest loss per inhabitant x inhabitants), floor = ceil(reference - limit),
     * the higher of the year's and the period's */
    const double amount = step_value(csv, "cap.reference_amount"),
                 scale = step_value(csv, "cap.reference_scale"),
                 reference = step_value(csv, "cap.reference_value"),
                 inhabitants = step_value(csv, "cap.inhabitants"),
                 per_inhabitant = step_value(csv, "cap.max_loss"),
                 limit = step_value(csv, "cap.loss_limit"), floor_ = step_value(csv, "cap.floor"),
                 allocation = step_value(csv, "allocation");
    assert_true(fabs(amount * scale - reference) < 0.1);
    assert_true(limit == floor(per_inhabitant * inhabitants + 1e-6));
    double want = ceil(reference - limit - 1e-9);
    if (strstr(csv, "\ncap.cumulative.reference;")) {
        const double cum = ceil(step_value(csv, "cap.cumulative.reference") -
                                step_value(csv, "cap.cumulative.loss_limit") - 1e-9);
        want = cum > want ? cum : want;
    }
    assert_true(floor_ == want);
    assert_true(allocation >= floor_);
    if (strstr(csv, "held at its loss cap"))
        assert_true(allocation == floor_);
    free(csv);
    char *book = ts_xprintf("%s/explain.xlsx", out);
    workbook_has(book, (const char *[]){"Uitleg", "Bronnen", NULL},
                 (const char *[]){"cap.floor", "herijking_cap.yaml", NULL});
    free(book);
    /* the JSON file is the explanation --json prints */
    char *json = file_in(out, "explain.json");
    assert_non_null(strstr(json, "\"key\": \"cap.floor\""));
    free(json);
    free(run);
    free(out);
}

/* The report's explanation has the uitkeringsfactor of the objective part with every
 * digit (the double as it reads back), not rounded: budget.csv's six decimals agree
 * with it, and it has more digits than nine decimals. */
static void test_report_uf_digits(void **state)
{
    (void)state;
    char *out = out_dir("report_uf");
    ts_cli_expect((const char *[]){"run", "scenarios/default.yaml", "-o", out, "--html",
                                   "--no-plots", NULL},
                  0, NULL);
    char *html = file_in(out, "report.html"), *budget = file_in(out, "budget.csv");
    const char *p = strstr(html, "\"uf\":[");
    assert_non_null(p);
    p += 6;
    size_t longest = 0, years = 0;
    const char *row = strchr(budget, '\n');
    while (*p && *p != ']') {
        const char *end = p + strcspn(p, ",]");
        const char *dot = memchr(p, '.', (size_t)(end - p));
        if (dot && (size_t)(end - dot - 1) > longest)
            longest = (size_t)(end - dot - 1);
        const double uf = strtod(p, NULL);
        /* uitkeringsfactor_sleutel: the 12th column of budget.csv, from the right the 7th */
        assert_non_null(row);
        const char *next = strchr(row + 1, '\n');
        const char *c = next;
        for (int k = 0; k < 7; k++) {
            c--;
            while (*c != ',')
                c--;
        }
        assert_true(fabs(uf - strtod(c + 1, NULL)) <= 5e-7);
        row = next;
        years++;
        p = *end == ',' ? end + 1 : end;
    }
    assert_true(years >= 5);
    assert_true(longest > 9);
    free(html);
    free(budget);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_au),
        cmocka_unit_test(test_diff_vintage_herindeling),
        cmocka_unit_test(test_bridge),
        cmocka_unit_test(test_verify),
        cmocka_unit_test(test_explain_inputs_and_cap),
        cmocka_unit_test(test_report_uf_digits),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
