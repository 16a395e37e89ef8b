/* test_run.c - `ingroei run` end to end: the golden tables and hand-checked numbers, a
 * receipt independent of time, naming and locale, every example scenario adding up,
 * hostile gemeente names kept as data in tables, charts and report.html, and
 * report.html without gnuplot.
 *
 * Runs from the repository root with INGROEI_CLI naming the built `ingroei` binary. To
 * regenerate the golden files after a deliberate change, run `ingroei run
 * scenarios/default.yaml --gemeente Zwolle --no-plots -o DIR` and copy allocations.csv,
 * budget.csv and gemeente_GM0193.csv from DIR into tests/e2e/golden (and check a few
 * numbers by hand, as test_hand_checked does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/hostile.h"
#include "support/sheets.h"
#include "support/support.h"

#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GOLDEN_DIR       "tests/e2e/golden"
#define DEFAULT_SCENARIO "scenarios/default.yaml"

static const char *const golden_files[] = {"allocations.csv", "budget.csv", "gemeente_GM0193.csv"};

/* ---- helpers ------------------------------------------------------------------------ */

/* Runs `scenario` into ts_tmpdir/sub for Zwolle without plots; fails the test when the
 * run fails. Returns the output directory (free it). */
static char *run_scenario(const char *scenario, const char *sub, const char *lc_all)
{
    char *out = ts_xprintf("%s/%s", ts_tmpdir, sub);
    const char *args[] = {"run", scenario, "-o", out, "--gemeente", "Zwolle", "--no-plots", NULL};
    char *err = NULL;
    int status = ts_run_cli(args, lc_all, &err);
    if (status != 0)
        fail_msg("ingroei run %s exited with %d:\n%s", scenario, status, err);
    free(err);
    return out;
}

/* The default scenario, as run_scenario. */
static char *run_default(const char *sub, const char *lc_all)
{
    return run_scenario(DEFAULT_SCENARIO, sub, lc_all);
}

/* The line of `text` that starts with `prefix`, as a new string, or NULL. */
static char *line_starting(const char *text, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *s = text; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL)
        if (strncmp(s, prefix, n) == 0)
            return ts_copy_line(s);
    return NULL;
}

/* Field `index` (0-based) of a CSV line without quoted fields, as a number. */
static long long field(const char *line, int index)
{
    const char *s = line;
    for (int i = 0; i < index; i++) {
        s = strchr(s, ',');
        assert_non_null(s);
        s++;
    }
    char *end;
    long long v = strtoll(s, &end, 10);
    assert_true(end != s && (*end == ',' || *end == '\0'));
    return v;
}

static bool on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path)
        return false;
    char *copy = ts_strdup(path);
    bool found = false;
    for (char *save = NULL, *d = strtok_r(copy, ":", &save); d && !found;
         d = strtok_r(NULL, ":", &save)) {
        char *cand = ts_xprintf("%s/%s", *d ? d : ".", prog);
        found = access(cand, X_OK) == 0;
        free(cand);
    }
    free(copy);
    return found;
}

/* Column `name` of a CSV header line (no quoted fields), or fails. */
static int column_of(char *header, const char *name)
{
    int i = 0;
    for (char *save = NULL, *f = strtok_r(header, ",", &save); f;
         f = strtok_r(NULL, ",", &save), i++)
        if (!strcmp(f, name))
            return i;
    fail_msg("no column %s", name);
    return -1;
}

/* report.html holds the name only escaped, as text in the table and as a JSON string,
 * and has exactly its own four script elements; report.gp quotes it as gnuplot text. */
static void check_hostile_report(const ts_hostile *h, const char *out)
{
    char *path = ts_xprintf("%s/report.html", out);
    char *html = ts_slurp(path, NULL);
    char *cell = ts_xprintf(">%s</a></td>", h->html);
    if (!strstr(html, cell))
        fail_msg("%s has no table cell %s", path, cell);
    char *json = ts_xprintf("\"name\":\"%s\"", h->json);
    if (!strstr(html, json))
        fail_msg("%s does not hold the name as the JSON string %s", path, json);
    /* the data, the chart library, the shared script and the run's script */
    assert_int_equal(ts_count(html, "<script"), 4);
    assert_int_equal(ts_count(html, "</script"), 4);
    assert_null(strstr(html, "alert(1)</script>"));
    free(json);
    free(cell);
    free(html);
    free(path);
    path = ts_xprintf("%s/report.gp", out);
    char *gp = ts_slurp(path, NULL);
    char *quoted = ts_xprintf("'%s'", h->gp);
    if (h->ranked && !strstr(gp, quoted))
        fail_msg("%s does not name %s as the gnuplot string %s", path, h->code, quoted);
    free(quoted);
    free(gp);
    free(path);
}

/* Runs the hostile scenario with --gemeente h->code --html: nothing is run as code, and
 * the charts, the gemeente's table and script and report.html hold the name as data. */
static void run_hostile(const ts_hostile *h)
{
    char *scenario = ts_hostile_scenario(ts_tmpdir);
    ts_remove_pwned();
    char *out = ts_xprintf("%s/hostile_%s", ts_tmpdir, h->code);
    const char *args[] = {"run", scenario, "-o", out, "--gemeente", h->code, "--html", NULL};
    char *err = NULL;
    int status = ts_run_cli(args, NULL, &err);
    if (status != 0)
        fail_msg("the run with --gemeente %s exited with %d:\n%s", h->code, status, err);
    free(err);
    if (ts_exists(TS_PWNED))
        fail_msg("%s exists: a gemeente name was run as code", TS_PWNED);

    char *base = ts_xprintf("gemeente_%s", h->code);
    const char *kinds[] = {"png", "svg"};
    for (size_t i = 0; i < 4; i++) {
        char *p = ts_xprintf("%s/%s.%s", out, i < 2 ? base : "landelijk", kinds[i % 2]);
        struct stat sb;
        if (stat(p, &sb) != 0 || sb.st_size == 0)
            fail_msg("%s was not drawn", p);
        free(p);
    }
    /* the script holds the name as a gnuplot string with the quote doubled */
    char *gp_path = ts_xprintf("%s/%s.gp", out, base);
    char *gp = ts_slurp(gp_path, NULL);
    if (!strstr(gp, h->gp))
        fail_msg("%s does not contain the name as %s", gp_path, h->gp);
    char *raw = ts_xprintf("%s';", h->name);
    if (strstr(gp, raw))
        fail_msg("%s contains %s: an undoubled quote", gp_path, raw);
    free(raw);
    free(gp);
    free(gp_path);
    /* the table holds it RFC 4180-quoted */
    char *csv_path = ts_xprintf("%s/%s.csv", out, base);
    char *csv = ts_slurp(csv_path, NULL);
    char *expect = ts_xprintf(",%s,%s,%s,", h->code, h->csv, h->province);
    if (!strstr(csv, expect))
        fail_msg("%s has no row with %s", csv_path, expect);
    free(expect);
    free(csv);
    free(csv_path);
    check_hostile_report(h, out);
    free(base);
    free(out);
    free(scenario);
}

/* A growing string. */
typedef struct text_buf {
    char *data;
    size_t len, cap;
} text_buf;

static void text_putc(text_buf *t, char c)
{
    if (t->len + 2 > t->cap) {
        t->cap = t->cap ? 2 * t->cap : 4096;
        t->data = realloc(t->data, t->cap);
        assert_non_null(t->data);
    }
    t->data[t->len++] = c;
    t->data[t->len] = '\0';
}

/* The text of every element `tag` of `html` whose opening tag starts with `open` (e.g.
 * "<th" or "<div class=\"ig-notice\""), inner tags removed, each on a line of its own. */
static void element_texts(text_buf *t, const char *html, const char *open, const char *tag)
{
    char *close = ts_xprintf("</%s>", tag);
    size_t n = strlen(open);
    for (const char *s = strstr(html, open); s; s = strstr(s + 1, open)) {
        if (s[n] != '>' && s[n] != ' ')
            continue;
        const char *from = strchr(s, '>'), *to = strstr(s, close);
        if (!from || !to || to < from)
            continue;
        bool in_tag = false;
        for (const char *c = from + 1; c < to; c++) {
            if (*c == '<')
                in_tag = true;
            else if (*c == '>')
                in_tag = false;
            else if (!in_tag)
                text_putc(t, *c);
        }
        text_putc(t, '\n');
    }
    free(close);
}

/* ---- the tests ------------------------------------------------------------------------ */

/* The fixed texts of report.html are Dutch (issue 15, defect 5): its title, headings,
 * table headings, buttons, labels, paragraphs (the scenario's description among them),
 * and the illustrative notice; the inputs' own statements of their sources are data
 * and stay as their files give them. */
static void test_report_dutch(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/dutch_report", ts_tmpdir);
    const char *args[] = {"run", "scenarios/herijking_cap.yaml", "-o", out, "--gemeente",
                          "Vlissingen", "--html", "--no-plots", NULL};
    char *err = NULL;
    if (ts_run_cli(args, NULL, &err) != 0)
        fail_msg("the run failed:\n%s", err);
    free(err);
    char *path = ts_xprintf("%s/report.html", out);
    char *html = ts_slurp(path, NULL);
    text_buf t = {0};
    static const char *const elements[][2] = {
        {"<title", "title"}, {"<h1", "h1"},         {"<h2", "h2"},
        {"<h3", "h3"},       {"<th", "th"},         {"<button", "button"},
        {"<label", "label"}, {"<option", "option"}, {"<caption", "caption"},
        {"<summary", "summary"}, {"<p", "p"},       {"<nav", "nav"},
        {"<div class=\"ig-notice\"", "div"},
    };
    for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
        element_texts(&t, html, elements[i][0], elements[i][1]);
    assert_non_null(t.data);
    assert_non_null(strstr(t.data, "ILLUSTRATIEF"));
    assert_non_null(strstr(t.data, "budgetneutraal")); /* the scenario's description */
    for (char *line = t.data; line && *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        char *word = ts_english_word(line);
        if (word)
            fail_msg("%s: English (\"%s\") in a fixed text: %s", path, word, line);
        line = end ? end + 1 : NULL;
    }
    free(t.data);
    free(html);
    free(path);
    free(out);
}


/* The report's data for a gemeente are the run's numbers: its yearly difference per
 * inhabitant with the fully historical allocation ("dpi") is, year by year, the column
 * verschil_per_inwoner of allocations.csv (Zwolle, a centrumgemeente that loses, and
 * Almere, which gains). */
static void test_report_data_per_inhabitant(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/report_data", ts_tmpdir);
    const char *args[] = {"run", DEFAULT_SCENARIO, "-o", out, "--html", "--no-plots", NULL};
    char *err = NULL;
    if (ts_run_cli(args, NULL, &err) != 0)
        fail_msg("the run failed:\n%s", err);
    free(err);
    char *html_path = ts_xprintf("%s/report.html", out);
    char *csv_path = ts_xprintf("%s/allocations.csv", out);
    char *html = ts_slurp(html_path, NULL);
    ts_table t = ts_read_csv(csv_path, ',');
    const long c_code = ts_column(&t, 0, "gemeentecode");
    const long c_dpi = ts_column(&t, 0, "verschil_per_inwoner");
    assert_true(c_code >= 0 && c_dpi >= 0);
    static const char *const codes[] = {"GM0193", "GM0034"};
    for (size_t k = 0; k < 2; k++) {
        char *key = ts_xprintf("{\"code\":\"%s\"", codes[k]);
        const char *entry = strstr(html, key);
        assert_non_null(entry);
        const char *dpi = strstr(entry, "\"dpi\":[");
        assert_non_null(dpi);
        dpi += strlen("\"dpi\":[");
        size_t years = 0;
        for (size_t r = 1; r < t.n_rows; r++) {
            if (strcmp(t.cells[r][c_code], codes[k]) != 0)
                continue;
            size_t len = strcspn(dpi, ",]");
            char *want = t.cells[r][c_dpi];
            if (strlen(want) != len || strncmp(dpi, want, len) != 0)
                fail_msg("%s year %zu: report says %.*s, allocations.csv %s", codes[k], years,
                         (int)len, dpi, want);
            dpi += len + 1;
            years++;
        }
        assert_int_equal(years, 11);
        free(key);
    }
    ts_table_free(&t);
    free(html);
    free(csv_path);
    free(html_path);
    free(out);
}

/* Where each year's budget comes from is told in Dutch, since the workbook, the report
 * and the Dutch CSV show it: the words ingroei writes (a derived year, a base amount,
 * the build-up) and the sources of the shipped scenarios, for every example scenario. */
static void test_budget_source_dutch(void **state)
{
    (void)state;
    static const char *const scenarios[] = {
        "scenarios/default.yaml",      "scenarios/acht_jaar.yaml",   "scenarios/cohort.yaml",
        "scenarios/herijking_cap.yaml", "scenarios/uitgesteld_2027.yaml",
        "scenarios/wlz_uitname.yaml"};
    size_t derived = 0, base = 0;
    for (size_t k = 0; k < sizeof scenarios / sizeof scenarios[0]; k++) {
        char *sub = ts_xprintf("budget_source_%zu", k);
        char *out = run_scenario(scenarios[k], sub, NULL);
        char *path = ts_xprintf("%s/budget.csv", out);
        ts_table t = ts_read_csv(path, ',');
        long col = ts_column(&t, 0, "bron_budget");
        assert_true(col >= 0);
        for (size_t r = 1; r < t.n_rows; r++) {
            const char *text = t.cells[r][col];
            char *word = ts_english_word(text);
            if (word)
                fail_msg("%s row %zu: English (\"%s\") in bron_budget: %s", path, r, word, text);
            derived += strstr(text, "afgeleid van het bedrag van") != NULL;
            base += strstr(text, "basisbedrag van 2025") != NULL;
        }
        ts_table_free(&t);
        free(path);
        free(out);
        free(sub);
    }
    assert_true(derived > 10 && base > 10); /* both kinds of text were seen */
}

/* The run gives exactly the golden tables. */
static void test_golden(void **state)
{
    (void)state;
    char *out = run_default("golden", NULL);
    bool all = true;
    for (size_t i = 0; i < sizeof golden_files / sizeof golden_files[0]; i++) {
        char *want = ts_xprintf(GOLDEN_DIR "/%s", golden_files[i]);
        char *got = ts_xprintf("%s/%s", out, golden_files[i]);
        all = ts_same_file(golden_files[i], want, got) && all;
        free(want);
        free(got);
    }
    free(out);
    if (!all)
        fail_msg("the run differs from " GOLDEN_DIR " (see above)");
}

/* Field `index` of a CSV line as text (quoted fields unquoted, "" kept as is: the tests
 * only read numbers and codes from them). */
static char *csv_field(const char *line, int index)
{
    const char *q = line;
    for (int f = 0; f < index; f++) {
        if (*q == '"') {
            q = strchr(q + 1, '"');
            while (q && q[1] == '"')
                q = strchr(q + 2, '"');
            assert_non_null(q);
            q++;
        } else {
            q += strcspn(q, ",");
        }
        assert_true(*q == ',');
        q++;
    }
    return ts_xprintf("%.*s", (int)strcspn(q, ","), q);
}

/* scenarios/garantie_90_120.yaml: in every year whose cap was kept, every gemeente gets
 * at least 90 % and at most 120 % of last year's allocation scaled to this year's total,
 * rounded towards the gemeente; one held at a limit is exactly on it; the year adds up
 * to its total (test_example_scenarios). The years the ceiling cannot be kept are
 * uncapped and say so in budget.csv. */
static void test_ratio_limits(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/garantie", ts_tmpdir);
    const char *args[] = {"run", "scenarios/garantie_90_120.yaml", "-o", out, "--no-plots", NULL};
    char *err = NULL;
    if (ts_run_cli(args, NULL, &err) != 0)
        fail_msg("garantie_90_120 failed:\n%s", err);
    free(err);
    char *bpath = ts_xprintf("%s/budget.csv", out), *apath = ts_xprintf("%s/allocations.csv", out);
    char *btext = ts_slurp(bpath, NULL), *atext = ts_slurp(apath, NULL);
    char **bl, **al;
    size_t nb = ts_split_lines(btext, "budget.csv", &bl),
           na = ts_split_lines(atext, "allocations.csv", &al);
    char *bh = ts_strdup(bl[0]), *ah = ts_strdup(al[0]), *ah2 = ts_strdup(al[0]);
    const int c_kept = column_of(bh, "cap_haalbaar");
    const int c_total = column_of(ah, "totaal"), c_flag = column_of(ah2, "cap_geraakt");
    const size_t n_y = nb - 1, n_g = (na - 1) / n_y;
    assert_true(n_y == 11 && n_g * n_y == na - 1);
    int kept = 0, uncapped = 0, at_floor = 0, at_ceiling = 0;
    for (size_t t = 1; t < n_y; t++) {
        char *k = csv_field(bl[1 + t], c_kept);
        const bool is_kept = !strcmp(k, "ja");
        free(k);
        if (!is_kept) {
            uncapped++;
            continue;
        }
        kept++;
        const double scale = (double)field(bl[1 + t], 1) / (double)field(bl[t], 1);
        for (size_t g = 0; g < n_g; g++) {
            const char *now = al[1 + t * n_g + g], *prev = al[1 + (t - 1) * n_g + g];
            assert_true(!strncmp(now + 5, prev + 5, 6)); /* the same gemeentecode */
            char *a = csv_field(now, c_total), *b = csv_field(prev, c_total),
                 *f = csv_field(now, c_flag);
            const long long x = atoll(a);
            const double ref = (double)atoll(b) * scale, lo = ref * 0.9, hi = ref * 1.2;
            const double floor_e = ceil(lo - fabs(lo) * 1e-12 - 1e-9),
                         ceil_e = floor(hi + fabs(hi) * 1e-12 + 1e-9);
            if (!((double)x >= floor_e && (double)x <= (ceil_e < floor_e ? floor_e : ceil_e)))
                fail_msg("year %zu row %zu: %lld outside [%.0f, %.0f]", t, g, x, floor_e, ceil_e);
            if (!strcmp(f, "verlies")) {
                assert_true((double)x == floor_e);
                at_floor++;
            } else if (!strcmp(f, "winst")) {
                assert_true((double)x == ceil_e);
                at_ceiling++;
            }
            free(a);
            free(b);
            free(f);
        }
    }
    print_message("garantie_90_120: %d years kept, %d uncapped, %d at the 90 %% floor, %d at the "
                  "120 %% ceiling\n",
                  kept, uncapped, at_floor, at_ceiling);
    assert_true(kept >= 5 && uncapped >= 1 && at_floor > 50 && at_ceiling > 100);
    /* the receipt names the ratio limits year by year (none in the first year) */
    char *spath = ts_xprintf("%s/summary.json", out), *stext = ts_slurp(spath, NULL);
    assert_non_null(strstr(stext, "{\"year\": 2021, \"max_loss_per_inhabitant\": null, "
                                  "\"max_gain_per_inhabitant\": null, \"min_ratio\": null, "
                                  "\"max_ratio\": null}"));
    assert_non_null(strstr(stext, "{\"year\": 2031, \"max_loss_per_inhabitant\": null, "
                                  "\"max_gain_per_inhabitant\": null, \"min_ratio\": 0.9, "
                                  "\"max_ratio\": 1.2}"));
    assert_null(strstr(stext, "\"guarantee\""));
    free(stext);
    free(spath);
    free(bh);
    free(ah);
    free(ah2);
    free(bl);
    free(al);
    free(btext);
    free(atext);
    free(bpath);
    free(apath);
    free(out);
}

/* Every shipped example scenario runs, and in its tables every year's allocations add
 * up to that year's total in budget.csv (the caps themselves are checked on random
 * scenarios in tests/core/test_cap.c). */
static void test_example_scenarios(void **state)
{
    (void)state;
    static const char *const examples[] = {"default",
                                           "uitgesteld_2027",
                                           "acht_jaar",
                                           "cohort",
                                           "herijking_cap",
                                           "wlz_uitname",
                                           "regionale_sleutel",
                                           "garantie_90_120",
                                           "regelingen/integraal_bw_mo_vo",
                                           "regelingen/integraal_met_plafond"};
    for (size_t e = 0; e < sizeof examples / sizeof examples[0]; e++) {
        char *scenario = ts_xprintf("scenarios/%s.yaml", examples[e]);
        const char *stem = strrchr(examples[e], '/');
        char *out = ts_xprintf("%s/example_%s", ts_tmpdir, stem ? stem + 1 : examples[e]);
        const char *args[] = {"run", scenario, "-o", out, "--no-plots", NULL};
        char *err = NULL;
        if (ts_run_cli(args, NULL, &err) != 0)
            fail_msg("%s failed:\n%s", scenario, err);
        free(err);
        /* year totals from budget.csv (its second column: the year's total) */
        char *budget_path = ts_xprintf("%s/budget.csv", out);
        char *btext = ts_slurp(budget_path, NULL);
        char **blines;
        size_t nb = ts_split_lines(btext, "budget.csv", &blines);
        long long total[64] = {0}, year0 = field(blines[1], 0);
        assert_true(nb >= 2 && nb - 1 <= 64);
        for (size_t i = 1; i < nb; i++)
            total[i - 1] = field(blines[i], 1);
        /* allocations.csv: sums per year, and the loss against the previous year */
        char *alloc_path = ts_xprintf("%s/allocations.csv", out);
        char *atext = ts_slurp(alloc_path, NULL);
        char **alines;
        size_t na = ts_split_lines(atext, "allocations.csv", &alines);
        char *header = ts_strdup(alines[0]);
        int c_total = column_of(header, "totaal");
        free(header);
        long long sum[64] = {0};
        for (size_t i = 1; i < na; i++) {
            long long year = field(alines[i], 0);
            const char *q = alines[i];
            /* the start of field c_total, stepping over quoted fields (names such as
             * "Nuenen, Gerwen en Nederwetten" hold commas) */
            for (int f = 0; f < c_total; f++) {
                if (*q == '"') {
                    q = strchr(q + 1, '"');
                    while (q && q[1] == '"')
                        q = strchr(q + 2, '"');
                    assert_non_null(q);
                    q++;
                } else {
                    q += strcspn(q, ",");
                }
                assert_true(*q == ',');
                q++;
            }
            assert_true(year >= year0 && year - year0 < 64);
            sum[year - year0] += strtoll(q, NULL, 10);
        }
        for (size_t y = 0; y + 1 < nb; y++)
            if (sum[y] != total[y])
                fail_msg("%s: %lld: allocations add up to %lld, budget.csv says %lld", scenario,
                         year0 + (long long)y, sum[y], total[y]);
        free(alines);
        free(atext);
        free(alloc_path);
        free(blines);
        free(btext);
        free(budget_path);
        free(out);
        free(scenario);
    }
}

/* A few numbers of the golden files, worked out by hand from the inputs. */
static void test_hand_checked(void **state)
{
    (void)state;
    char *g = ts_slurp(GOLDEN_DIR "/gemeente_GM0193.csv", NULL);
    /* 2021 is fully historical: Zwolle's share of the IU BW in the septembercirculaire
     * 2024 for 2025 (73,075,428 of 1,745,850,000) times the 2021 budget (1,532,904,000,
     * the 2023 amount held constant) = 64,162,222.35, rounded down by the largest
     * remainder method. */
    char *l = line_starting(g, "2021,GM0193,Zwolle,Overijssel,");
    assert_non_null(l);
    assert_int_equal(field(l, 7), 64162222);  /* historisch */
    assert_int_equal(field(l, 8), 0);         /* objectief */
    assert_int_equal(field(l, 9), 64162222);  /* totaal */
    assert_int_equal(field(l, 11), 64162222); /* volledig_historisch */
    free(l);
    /* 2025: the full historical allocation is the published amount itself; the
     * objective key (132.61 ephh + 1129.13 bo3_nw + 285.34 lidr_w_nw + 24.07 inwo,
     * scaled to the budget) gives Zwolle 14,100,255.34; p = 0.4 gives an objective
     * part of 5,640,102.14 and a historical part of 0.6 x 73,075,428 = 43,845,256.8. */
    l = line_starting(g, "2025,GM0193,");
    assert_non_null(l);
    assert_int_equal(field(l, 11), 73075428);
    assert_int_equal(field(l, 14), 14100255);
    assert_int_equal(field(l, 8), 5640102);
    assert_int_equal(field(l, 7), 43845257);
    free(l);
    /* 2031 is fully objective */
    l = line_starting(g, "2031,GM0193,");
    assert_non_null(l);
    assert_int_equal(field(l, 7), 0);
    assert_int_equal(field(l, 9), 14100255);
    free(l);
    free(g);

    char *b = ts_slurp(GOLDEN_DIR "/budget.csv", NULL);
    l = line_starting(b, "2025,1745850000,");
    assert_non_null(l);
    free(l);
    free(b);
}

static void test_summary_reproducible(void **state)
{
    (void)state;
    char *a = run_default("sum1", NULL), *b = run_default("sum2", NULL);
    char *pa = ts_xprintf("%s/summary.json", a), *pb = ts_xprintf("%s/summary.json", b);
    assert_true(ts_same_file("summary.json", pa, pb));
    free(pa);
    free(pb);
    free(a);
    free(b);
}

/* The receipt names files relative to the scenario, so it does not depend on how the
 * scenario was named on the command line. */
static void test_receipt_independent_of_invocation(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char *absolute = ts_xprintf("%s/" DEFAULT_SCENARIO, cwd);
    char *dotted = ts_xprintf("./tests/../" DEFAULT_SCENARIO);
    char *a = run_default("inv1", NULL), *b = run_scenario(absolute, "inv2", NULL),
         *c = run_scenario(dotted, "inv3", NULL);
    static const char *const files[] = {"summary.json", "allocations.csv", "budget.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *pa = ts_xprintf("%s/%s", a, files[i]), *pb = ts_xprintf("%s/%s", b, files[i]),
             *pc = ts_xprintf("%s/%s", c, files[i]);
        assert_true(ts_same_file(files[i], pa, pb));
        assert_true(ts_same_file(files[i], pa, pc));
        free(pa);
        free(pb);
        free(pc);
    }
    free(absolute);
    free(dotted);
    free(a);
    free(b);
    free(c);
}

static void test_dutch_locale(void **state)
{
    (void)state;
    const char *nl = "nl_NL.UTF-8";
    if (!setlocale(LC_ALL, nl)) {
        print_message("[  SKIPPED ] the locale %s is not installed; not compared\n", nl);
        skip();
    }
    setlocale(LC_ALL, "C");
    char *c = run_default("locale_c", "C"), *d = run_default("locale_nl", nl);
    static const char *const files[] = {"allocations.csv", "budget.csv", "gemeente_GM0193.csv",
                                        "summary.json"};
    bool all = true;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *pc = ts_xprintf("%s/%s", c, files[i]), *pd = ts_xprintf("%s/%s", d, files[i]);
        all = ts_same_file(files[i], pc, pd) && all;
        free(pc);
        free(pd);
    }
    free(c);
    free(d);
    assert_true(all);
}

static void test_hostile_name(void **state)
{
    (void)state;
    if (!on_path("gnuplot")) {
        print_message("[  SKIPPED ] gnuplot is not on PATH\n");
        skip();
    }
    for (size_t i = 0; i < ts_n_hostiles; i++)
        run_hostile(&ts_hostiles[i]);
}

/* Without gnuplot, report.html is still written and says where its charts are missing
 * and why; with --no-plots it says that too, and no chart script is written. */
static void test_report_without_gnuplot(void **state)
{
    (void)state;
    static const char *const cases[][2] = {{"--gnuplot", "/nonexistent/gnuplot"},
                                           {"--no-plots", NULL}};
    static const char *const why[] = {"/nonexistent/gnuplot is niet gevonden", "--no-plots"};
    for (size_t k = 0; k < 2; k++) {
        char *out = ts_xprintf("%s/report_no_gnuplot_%zu", ts_tmpdir, k);
        const char *args[] = {"run",    DEFAULT_SCENARIO, "-o",        out,
                              "--html", cases[k][0],      cases[k][1], NULL};
        char *err = NULL;
        int status = ts_run_cli(args, NULL, &err);
        if (status != 0)
            fail_msg("ingroei run --html %s exited with %d:\n%s", cases[k][0], status, err);
        free(err);
        char *path = ts_xprintf("%s/report.html", out);
        char *html = ts_slurp(path, NULL);
        assert_int_equal(ts_count(html, "<div class=\"ig-missing\""), 2);
        assert_int_equal(ts_count(html, why[k]), 2);
        assert_null(strstr(html, "data:image/svg+xml"));
        free(html);
        free(path);
        path = ts_xprintf("%s/report.gp", out);
        assert_int_equal(ts_exists(path), k == 0);
        free(path);
        free(out);
    }
}

/* A herindelingen.csv that contradicts itself is refused at the line that does, not
 * ignored: A -> B beside B -> A on one date (a loop), and A -> B beside A -> C. The
 * dataset is models/nl with its other files linked in. */
static void test_contradictory_herindelingen(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    static const struct {
        const char *rows, *message;
    } cases[] = {
        {"2022-01-01,GM0193,Zwolle,GM0200,Apeldoorn\n"
         "2022-01-01,GM0200,Apeldoorn,GM0193,Zwolle\n",
         "herindelingen.csv:12: GM0200 -> GM0193 and line 11 (GM0193 -> GM0200 on 2022-01-01) "
         "make a loop"},
        {"2022-01-01,GM0193,Zwolle,GM0200,Apeldoorn\n"
         "2022-01-01,GM0193,Zwolle,GM0202,Arnhem\n",
         "herindelingen.csv:12: GM0193 -> GM0202 contradicts line 11 (GM0193 -> GM0200 on "
         "2022-01-01)"},
    };
    static const char *const linked[] = {"gemeenten.csv", "centrumgemeenten.csv",
                                         "uitkeringen_bw_mo_vo.csv", "regios_beschermd_wonen.csv",
                                         "bw", "gemeentefonds"};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char *dir = ts_xprintf("%s/herindeling_%zu", ts_tmpdir, c);
        char *data = ts_xprintf("%s/nl", dir);
        assert_int_equal(mkdir(dir, 0777), 0);
        assert_int_equal(mkdir(data, 0777), 0);
        for (size_t i = 0; i < sizeof linked / sizeof linked[0]; i++) {
            char *from = ts_xprintf("%s/models/nl/%s", cwd, linked[i]);
            char *to = ts_xprintf("%s/%s", data, linked[i]);
            assert_int_equal(symlink(from, to), 0);
            free(from);
            free(to);
        }
        /* nine comment lines and the header: our rows are lines 11 and 12 */
        char *csv = ts_xprintf("#\n#\n#\n#\n#\n#\n#\n#\n#\n"
                               "datum,oude_code,oude_naam,nieuwe_code,nieuwe_naam\n%s",
                               cases[c].rows);
        ts_write_in(data, "herindelingen.csv", csv, strlen(csv));
        free(csv);
        /* the default scenario on this dataset; the keys stay in the repository */
        char *text = ts_slurp("scenarios/default.yaml", NULL), *s = ts_strdup("");
        for (char *p = text; *p;) {
            char *at = strstr(p, "../models/nl"), *next;
            if (!at) {
                next = ts_xprintf("%s%s", s, p);
                free(s);
                s = next;
                break;
            }
            bool is_dataset = at - p >= 9 && !strncmp(at - 9, "dataset: ", 9);
            next = ts_xprintf("%s%.*s%s", s, (int)(at - p), p, is_dataset ? data : "");
            free(s);
            s = next;
            if (!is_dataset) {
                next = ts_xprintf("%s%s/models/nl", s, cwd);
                free(s);
                s = next;
            }
            p = at + strlen("../models/nl");
        }
        const char *scenario = ts_write_in(dir, "s.yaml", s, strlen(s));
        char *out = ts_xprintf("%s/out", dir);
        ts_cli_expect((const char *[]){"run", scenario, "-o", out, "--no-plots", NULL}, 1,
                      cases[c].message);
        assert_false(ts_exists(out));
        free(s);
        free(text);
        free(out);
        free(data);
        free(dir);
    }
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* gnuplot dies with ingroei: after a SIGKILL of ingroei while gnuplot draws, gnuplot
 * is gone within seconds instead of writing on into the staging directory. The test
 * becomes the reaper of orphans, so that it can wait for the orphaned gnuplot itself;
 * the fake gnuplot writes its process id and sleeps for a minute. */
static void test_gnuplot_dies_with_ingroei(void **state)
{
    (void)state;
    char *fake = ts_xprintf("%s/slow-gnuplot", ts_tmpdir);
    char *pidfile = ts_xprintf("%s/slow-gnuplot.pid", ts_tmpdir);
    char *out = ts_xprintf("%s/killed", ts_tmpdir);
    char *script = ts_xprintf("#!/bin/sh\necho $$ > '%s.tmp' && mv '%s.tmp' '%s'\nexec sleep 60\n",
                              pidfile, pidfile, pidfile);
    ts_write_file(fake, script, strlen(script));
    assert_int_equal(chmod(fake, 0755), 0);
    assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    char *argv[] = {(char *)ts_cli(), "run", DEFAULT_SCENARIO, "-o", out, "--gnuplot", fake, NULL};
    pid_t ingroei = ts_spawn_quietly(argv);
    char *text = NULL;
    for (int i = 0; i < 400 && !ts_exists(pidfile); i++)
        sleep_ms(50);
    if (!ts_exists(pidfile)) {
        kill(ingroei, SIGKILL);
        fail_msg("the fake gnuplot did not start within 20 s");
    }
    text = ts_slurp(pidfile, NULL);
    pid_t gnuplot = (pid_t)atol(text);
    assert_true(gnuplot > 1);
    assert_int_equal(kill(ingroei, SIGKILL), 0);
    int ws;
    while (waitpid(ingroei, &ws, 0) < 0)
        assert_int_equal(errno, EINTR);
    pid_t got = 0;
    for (int i = 0; i < 100 && got == 0; i++) {
        got = waitpid(gnuplot, &ws, WNOHANG);
        if (got == 0)
            sleep_ms(50);
    }
    if (got != gnuplot) {
        kill(gnuplot, SIGKILL);
        waitpid(gnuplot, &ws, 0);
    }
    prctl(PR_SET_CHILD_SUBREAPER, 0);
    if (got != gnuplot)
        fail_msg("gnuplot (pid %d) still ran 5 s after ingroei was killed", (int)gnuplot);
    assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
    free(text);
    free(script);
    free(out);
    free(pidfile);
    free(fake);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_report_dutch),
        cmocka_unit_test(test_budget_source_dutch),
        cmocka_unit_test(test_report_data_per_inhabitant),
        cmocka_unit_test(test_example_scenarios),
        cmocka_unit_test(test_ratio_limits),
        cmocka_unit_test(test_hand_checked),
        cmocka_unit_test(test_summary_reproducible),
        cmocka_unit_test(test_receipt_independent_of_invocation),
        cmocka_unit_test(test_dutch_locale),
        cmocka_unit_test(test_hostile_name),
        cmocka_unit_test(test_report_without_gnuplot),
        cmocka_unit_test(test_contradictory_herindelingen),
        cmocka_unit_test(test_gnuplot_dies_with_ingroei),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
