/* test_compare_html.c - `ingroei compare --html`: report.html inlines compare_breed.csv's
 * numbers (null where a scenario lacks a year), is written only when asked, with the rest
 * or not at all, the same every time, without network, and holds hostile names only
 * escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "support/hostile.h"
#include "support/support.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* default 2021-2031 against a path that starts later and runs longer (2025-2036) */
#define EARLY "scenarios/default.yaml"
#define LATE  "scenarios/uitgesteld_2027.yaml"

static char *compare(const char *sub, const char *a, const char *b, bool html, int *status)
{
    char *out = ts_xprintf("%s/%s", ts_tmpdir, sub);
    const char *args[] = {"compare", a, b, "-o", out, html ? "--html" : NULL, NULL};
    char *err = NULL;
    *status = ts_run_cli(args, NULL, &err);
    free(err);
    return out;
}

static char *compare_ok(const char *sub, const char *a, const char *b, bool html)
{
    int status;
    char *out = compare(sub, a, b, html, &status);
    if (status != 0)
        fail_msg("ingroei compare %s %s%s exited with %d", a, b, html ? " --html" : "", status);
    return out;
}

static char *slurp_in(const char *dir, const char *name)
{
    char *path = ts_xprintf("%s/%s", dir, name);
    char *text = ts_slurp(path, NULL);
    free(path);
    return text;
}

/* The values of the JSON array that follows `"key":[` after *at, as they are written
 * (null as ""), into v; moves *at past the array. Returns their number. */
static size_t json_array(const char **at, const char *key, char v[][32], size_t max)
{
    char *open = ts_xprintf("\"%s\":[", key);
    const char *p = strstr(*at, open);
    if (!p)
        fail_msg("no array %s in the report's data", open);
    p += strlen(open);
    free(open);
    size_t n = 0;
    while (*p != ']') {
        size_t len = strcspn(p, ",]");
        assert_true(n < max && len < 32);
        snprintf(v[n], 32, "%.*s", (int)len, strncmp(p, "null", 4) ? p : "");
        n++;
        p += len + (p[len] == ',');
    }
    *at = p + 1;
    return n;
}

/* Field `index` of an unquoted CSV line. */
static void field(const char *line, int index, char *out, size_t size)
{
    for (int i = 0; i < index; i++) {
        line = strchr(line, ',');
        assert_non_null(line);
        line++;
    }
    snprintf(out, size, "%.*s", (int)strcspn(line, ",\n"), line);
}

/* Every year of a gemeente: the report's inhabitants, totals and differences are the
 * cells of compare_breed.csv, with null where the CSV is empty, and a scenario's total
 * is null exactly in the years it does not have. */
static void test_years_of_both(void **state)
{
    (void)state;
    char *out = compare_ok("years", EARLY, LATE, true);
    char *html = slurp_in(out, "report.html"), *csv = slurp_in(out, "compare_breed.csv");
    char years[32][32], inh[32][32], tot_a[32][32], tot_b[32][32], d[32][32], dpi[32][32];
    const char *at = strstr(html, "<script type=\"application/json\" id=\"ig-data\">");
    assert_non_null(at);
    size_t n = json_array(&at, "years", years, 32);
    assert_int_equal(n, 16);
    assert_string_equal(years[0], "2021");
    assert_string_equal(years[15], "2036");
    /* each scenario's p_t: null exactly in the years it lacks, else compare.csv's
     * aandeel_objectief of that year (written there with 6 decimals) */
    {
        char *long_csv = slurp_in(out, "compare.csv");
        static const char *const names[] = {"default", "uitgesteld_2027"};
        const char *sc = at;
        for (size_t i = 0; i < 2; i++) {
            char p[32][32];
            assert_int_equal(json_array(&sc, "p", p, 32), n);
            for (size_t y = 0; y < n; y++) {
                int year = 2021 + (int)y;
                bool has = i == 0 ? year <= 2031 : year >= 2025;
                assert_int_equal(p[y][0] != '\0', has);
                if (!has)
                    continue;
                char *key = ts_xprintf("\n%s,%d,", names[i], year);
                const char *row = strstr(long_csv, key);
                if (!row)
                    fail_msg("compare.csv has no row %s %d", names[i], year);
                char cell[64];
                field(row + 1, 6, cell, sizeof cell);
                if (fabs(strtod(p[y], NULL) - strtod(cell, NULL)) > 5e-7)
                    fail_msg("%s %d: report.html has p %s where compare.csv has %s", names[i],
                             year, p[y], cell);
                free(key);
            }
        }
        free(long_csv);
    }
    static const char *const codes[] = {"GM0363", "GM0088", "GM0718"};
    for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++) {
        char *key = ts_xprintf("\"code\":\"%s\"", codes[c]);
        at = strstr(html, key);
        assert_non_null(at);
        free(key);
        assert_int_equal(json_array(&at, "inh", inh, 32), n);
        assert_int_equal(json_array(&at, "tot", tot_a, 32), n);
        assert_int_equal(json_array(&at, "tot", tot_b, 32), n);
        assert_int_equal(json_array(&at, "d", d, 32), n);
        assert_int_equal(json_array(&at, "dpi", dpi, 32), n);
        for (size_t y = 0; y < n; y++) {
            int year = 2021 + (int)y;
            assert_int_equal(tot_a[y][0] == '\0', year > 2031);
            assert_int_equal(tot_b[y][0] == '\0', year < 2025);
            assert_int_equal(d[y][0] == '\0', year < 2025 || year > 2031);
            char *row = ts_xprintf("\n%d,%s,", year, codes[c]);
            const char *line = strstr(csv, row);
            if (!line)
                fail_msg("compare_breed.csv has no row %d %s", year, codes[c]);
            line++;
            char cell[64];
            const struct {
                int col;
                const char *json;
            } cells[] = {{4, inh[y]}, {5, tot_a[y]}, {6, tot_b[y]}, {7, d[y]}, {8, dpi[y]}};
            for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
                field(line, cells[k].col, cell, sizeof cell);
                if (strcmp(cell, cells[k].json))
                    fail_msg("%s %d: report.html has %s where column %d of compare_breed.csv has "
                             "'%s'",
                             codes[c], year, cells[k].json, cells[k].col, cell);
            }
            free(row);
        }
    }
    /* the years table: blank p_t and budget cells (2 a year) where a scenario lacks the
     * year: 5 years of default, 4 of uitgesteld_2027 */
    const char *table = strstr(html, "id=\"ig-jaren\"");
    const char *end = table ? strstr(table, "</table>") : NULL;
    assert_non_null(end);
    size_t blanks = 0;
    for (const char *p = strstr(table, "data-v=\"\"></td>"); p && p < end;
         p = strstr(p + 1, "data-v=\"\"></td>"))
        blanks++;
    assert_int_equal(blanks, 2 * (5 + 4));
    free(csv);
    free(html);
    free(out);
}

/* report.html only with --html; with it, the same bytes twice; self-contained. */
static void test_only_when_asked_and_reproducible(void **state)
{
    (void)state;
    char *plain = compare_ok("plain", EARLY, LATE, false);
    char *path = ts_xprintf("%s/report.html", plain);
    assert_false(ts_exists(path));
    free(path);
    char *a = compare_ok("html_a", EARLY, LATE, true), *b = compare_ok("html_b", EARLY, LATE, true);
    size_t la, lb;
    char *pa = ts_xprintf("%s/report.html", a), *pb = ts_xprintf("%s/report.html", b);
    char *ha = ts_slurp(pa, &la), *hb = ts_slurp(pb, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ha, hb, la);
    /* no network: the policy allows none, and nothing is loaded from elsewhere */
    assert_non_null(strstr(ha, "http-equiv=\"Content-Security-Policy\" content=\"default-src "
                               "'none'; img-src data:;"));
    static const char *const remote[] = {"src=\"http", "href=\"http", "src=\"//", "url(http",
                                         "<link "};
    for (size_t i = 0; i < sizeof remote / sizeof remote[0]; i++)
        if (strstr(ha, remote[i]))
            fail_msg("report.html loads something from elsewhere: %s", remote[i]);
    assert_non_null(strstr(ha, "ILLUSTRATIEF"));
    free(ha);
    free(hb);
    free(pa);
    free(pb);
    free(a);
    free(b);
    free(plain);
}

/* A report.html that cannot be put in place stops the write before anything moves: the
 * earlier comparison's files stay as they were, and no report appears. */
static void test_all_or_nothing(void **state)
{
    (void)state;
    char *out = compare_ok("staged", EARLY, "scenarios/acht_jaar.yaml", false);
    char *before = slurp_in(out, "compare_breed.csv");
    char *blocker = ts_xprintf("%s/report.html", out);
    assert_int_equal(mkdir(blocker, 0755), 0);
    int status;
    free(compare("staged", EARLY, LATE, true, &status));
    assert_int_not_equal(status, 0);
    char *after = slurp_in(out, "compare_breed.csv");
    assert_string_equal(before, after);
    char *stray = ts_xprintf("%s/report.html/report.html", out);
    assert_false(ts_exists(stray));
    free(stray);
    free(after);
    free(blocker);
    free(before);
    free(out);
}

/* Hostile names in a comparison's report.html: the gemeenten of ts_hostile_scenario, a
 * scenario file whose name (the label) holds < > ' " and a scenario `name` that tries to
 * close the script element. Each reaches the page only as escaped HTML text or as an
 * escaped JSON string, and the page keeps exactly its own four script elements. */
static void test_hostile_compare(void **state)
{
    (void)state;
    char *scenario = ts_hostile_scenario(ts_tmpdir);
    char *text = ts_slurp(scenario, NULL);
    const char *line = "name: \"Ingroeipad uit de voortgangsbrief 2019: start 2022, tien jaar\"\n";
    char *at = strstr(text, line);
    assert_non_null(at);
    char *other =
        ts_xprintf("%.*sname: \"Plan </script><script>alert(3)</script> 'x' \\\"y\\\"\"\n%s",
                   (int)(at - text), text, at + strlen(line));
    char *second = ts_xprintf("%s/plan<b>'x\".yaml", ts_tmpdir);
    ts_write_file(second, other, strlen(other));
    ts_remove_pwned();
    char *out = ts_xprintf("%s/hostile_compare", ts_tmpdir);
    const char *args[] = {"compare", scenario, second, "-o", out, "--html", NULL};
    char *err = NULL;
    int status = ts_run_cli(args, NULL, &err);
    if (status != 0)
        fail_msg("ingroei compare --html exited with %d:\n%s", status, err);
    free(err);
    assert_false(ts_exists(TS_PWNED));
    char *path = ts_xprintf("%s/report.html", out);
    char *html = ts_slurp(path, NULL);
    for (size_t i = 0; i < ts_n_hostiles; i++) {
        char *cell = ts_xprintf(">%s</a></td>", ts_hostiles[i].html);
        char *json = ts_xprintf("\"name\":\"%s\"", ts_hostiles[i].json);
        if (!strstr(html, cell) || !strstr(html, json))
            fail_msg("%s lacks the escaped name of %s: %s or %s", path, ts_hostiles[i].code, cell,
                     json);
        free(cell);
        free(json);
    }
    static const char *const escaped[] = {
        /* the label, as a table cell, a column heading and a JSON string */
        ">plan&lt;b&gt;&#39;x&quot;</td>",
        ">Totaal plan&lt;b&gt;&#39;x&quot;</button>",
        "\"label\":\"plan\\u003cb\\u003e'x\\\"\"",
        /* the scenario's name */
        ">Plan &lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt; &#39;x&#39; &quot;y&quot;</td>",
        ("\"name\":\"Plan \\u003c/script\\u003e\\u003cscript\\u003ealert(3)\\u003c/script\\u003e "
         "'x' \\\"y\\\"\""),
    };
    for (size_t i = 0; i < sizeof escaped / sizeof escaped[0]; i++)
        if (!strstr(html, escaped[i]))
            fail_msg("%s lacks %s", path, escaped[i]);
    /* the data, the chart library, the shared script and the comparison's script */
    assert_int_equal(ts_count(html, "<script"), 4);
    assert_int_equal(ts_count(html, "</script"), 4);
    assert_null(strstr(html, "alert(1)</script>"));
    assert_null(strstr(html, "alert(3)</script>"));
    free(html);
    free(path);
    free(out);
    free(second);
    free(other);
    free(text);
    free(scenario);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_years_of_both),
        cmocka_unit_test(test_only_when_asked_and_reproducible),
        cmocka_unit_test(test_all_or_nothing),
        cmocka_unit_test(test_hostile_compare),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
