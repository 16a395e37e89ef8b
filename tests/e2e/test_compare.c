/* test_compare.c - `ingroei compare`: each scenario's numbers are its own run's, the
 * differences and rankings follow, years of other ranges line up, scenarios over other
 * gemeenten are refused, and Ctrl-C stops a comparison without writing anything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "compare/compare.h"
#include "io/io.h"
#include "support/support.h"

#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

/* ---- a small CSV reader for the files under test ----------------------------------- */

typedef struct table {
    char *text;
    char **lines;
    size_t n; /* lines, the header included */
} table;

static table read_table(const char *dir, const char *name)
{
    char *path = ts_xprintf("%s/%s", dir, name);
    table t = {0};
    t.text = ts_slurp(path, NULL);
    assert_non_null(t.text);
    t.n = ts_split_lines(t.text, path, &t.lines);
    free(path);
    return t;
}

static void free_table(table *t)
{
    free(t->lines);
    free(t->text);
}

/* Field `index` of a CSV line with RFC 4180 quoting, into buf (quotes removed). */
static const char *cell(const char *line, int index, char *buf, size_t size)
{
    int i = 0;
    size_t k = 0;
    bool quoted = false;
    for (const char *p = line;; p++) {
        if (*p == '"') {
            if (quoted && p[1] == '"') {
                if (i == index && k + 1 < size)
                    buf[k++] = '"';
                p++;
            } else {
                quoted = !quoted;
            }
        } else if ((*p == ',' && !quoted) || !*p) {
            if (i == index) {
                buf[k] = '\0';
                return buf;
            }
            if (!*p)
                break;
            i++;
        } else if (i == index && k + 1 < size) {
            buf[k++] = *p;
        }
    }
    fail_msg("line has no field %d: %s", index, line);
    return NULL;
}

static int column(const table *t, const char *name)
{
    char buf[128];
    for (int i = 0; i < 64; i++) {
        const char *c = cell(t->lines[0], i, buf, sizeof buf);
        if (!strcmp(c, name))
            return i;
    }
    fail_msg("no column %s", name);
    return -1;
}

static long long num(const char *line, int index)
{
    char buf[64];
    return strtoll(cell(line, index, buf, sizeof buf), NULL, 10);
}

static bool empty_cell(const char *line, int index)
{
    char buf[64];
    return cell(line, index, buf, sizeof buf)[0] == '\0';
}

/* ---- running the tool -------------------------------------------------------------- */

static char *run_one(const char *name)
{
    char *scenario = ts_xprintf("scenarios/%s.yaml", name);
    char *out = ts_xprintf("%s/run_%s", ts_tmpdir, name);
    const char *args[] = {"run", scenario, "-o", out, "--no-plots", NULL};
    ts_cli_expect(args, 0, NULL);
    free(scenario);
    return out;
}

/* The totals of a run's allocations.csv, indexed by year offset and row order. */
typedef struct run_totals {
    int first_year;
    size_t n_y, n_g;
    long long *total, *full_hist; /* [y * n_g + g] */
    char (*code)[8];              /* [n_g] */
} run_totals;

static run_totals read_run(const char *dir)
{
    table t = read_table(dir, "allocations.csv");
    int cy = column(&t, "jaar"), cc = column(&t, "gemeentecode"), ct = column(&t, "totaal"),
        ch = column(&t, "volledig_historisch");
    run_totals r = {0};
    r.first_year = (int)num(t.lines[1], cy);
    int last = (int)num(t.lines[t.n - 1], cy);
    r.n_y = (size_t)(last - r.first_year + 1);
    r.n_g = (t.n - 1) / r.n_y;
    assert_int_equal(r.n_y * r.n_g, t.n - 1);
    r.total = calloc(t.n, sizeof *r.total);
    r.full_hist = calloc(t.n, sizeof *r.full_hist);
    r.code = calloc(r.n_g, sizeof *r.code);
    for (size_t i = 1; i < t.n; i++) {
        r.total[i - 1] = num(t.lines[i], ct);
        r.full_hist[i - 1] = num(t.lines[i], ch);
        if (i <= r.n_g)
            cell(t.lines[i], cc, r.code[i - 1], sizeof r.code[0]);
    }
    free_table(&t);
    return r;
}

static void free_run(run_totals *r)
{
    free(r->total);
    free(r->full_hist);
    free(r->code);
}

/* Row g of year `year` in r, or -1 when r does not have the year. */
static long long at(const run_totals *r, const long long *v, int year, size_t g)
{
    if (year < r->first_year || year >= r->first_year + (int)r->n_y)
        return -1;
    return v[(size_t)(year - r->first_year) * r->n_g + g];
}

static size_t gemeente_index(const run_totals *r, const char *code)
{
    for (size_t g = 0; g < r->n_g; g++)
        if (!strcmp(r->code[g], code))
            return g;
    fail_msg("no gemeente %s", code);
    return 0;
}

/* ---- the tests ----------------------------------------------------------------------- */

static const char *const names[] = {"default", "acht_jaar", "herijking_cap", "uitgesteld_2027"};
enum { N_SCEN = 4 };

/* compare.csv holds each scenario's own allocations, and the differences to the fully
 * historical allocation and to the first scenario are exactly those differences; the
 * wide view holds the same numbers side by side. */
static void test_compare_equals_runs(void **state)
{
    (void)state;
    run_totals runs[N_SCEN];
    for (size_t i = 0; i < N_SCEN; i++) {
        char *dir = run_one(names[i]);
        runs[i] = read_run(dir);
        free(dir);
    }
    char *out = ts_xprintf("%s/cmp", ts_tmpdir);
    const char *args[] = {"compare",
                          "scenarios/default.yaml",
                          "scenarios/acht_jaar.yaml",
                          "scenarios/herijking_cap.yaml",
                          "scenarios/uitgesteld_2027.yaml",
                          "-o",
                          out,
                          "--year",
                          "2026",
                          NULL};
    ts_cli_expect(args, 0, NULL);

    table t = read_table(out, "compare.csv");
    int cs = column(&t, "scenario"), cy = column(&t, "jaar"), cc = column(&t, "gemeentecode"),
        ct = column(&t, "totaal"), cvh = column(&t, "verschil_met_historisch"),
        cf = column(&t, "totaal_eerste_scenario"), cd = column(&t, "verschil_met_eerste");
    size_t want_rows = 0;
    for (size_t i = 0; i < N_SCEN; i++)
        want_rows += runs[i].n_y * runs[i].n_g;
    assert_int_equal(t.n - 1, want_rows);
    size_t row = 1, checked_empty = 0;
    for (size_t i = 0; i < N_SCEN; i++) {
        const run_totals *r = &runs[i];
        for (size_t y = 0; y < r->n_y; y++)
            for (size_t g = 0; g < r->n_g; g++, row++) {
                const char *line = t.lines[row];
                char buf[64];
                assert_string_equal(cell(line, cs, buf, sizeof buf), names[i]);
                int year = (int)num(line, cy);
                assert_int_equal(year, r->first_year + (int)y);
                assert_string_equal(cell(line, cc, buf, sizeof buf), r->code[g]);
                long long total = num(line, ct);
                assert_int_equal(total, r->total[y * r->n_g + g]);
                assert_int_equal(num(line, cvh), total - r->full_hist[y * r->n_g + g]);
                long long first = at(&runs[0], runs[0].total, year, g);
                if (first < 0) {
                    assert_true(empty_cell(line, cf) && empty_cell(line, cd));
                    checked_empty++;
                } else {
                    assert_int_equal(num(line, cf), first);
                    assert_int_equal(num(line, cd), total - first);
                }
            }
    }
    /* uitgesteld_2027 runs to 2036, the first scenario to 2031: five years without it */
    assert_int_equal(checked_empty, 5 * runs[3].n_g);
    free_table(&t);

    /* the wide view: 2021-2036, every scenario's total in its own column */
    t = read_table(out, "compare_breed.csv");
    assert_int_equal(t.n - 1, 16 * runs[0].n_g);
    int cols[N_SCEN], cyw = column(&t, "jaar"), ccw = column(&t, "gemeentecode");
    for (size_t i = 0; i < N_SCEN; i++) {
        char *name = ts_xprintf("totaal_%s", names[i]);
        cols[i] = column(&t, name);
        free(name);
    }
    int cdiff = column(&t, "verschil_herijking_cap");
    for (size_t k = 1; k < t.n; k++) {
        const char *line = t.lines[k];
        int year = (int)num(line, cyw);
        char code[16];
        size_t g = gemeente_index(&runs[0], cell(line, ccw, code, sizeof code));
        for (size_t i = 0; i < N_SCEN; i++) {
            long long want = at(&runs[i], runs[i].total, year, g);
            if (want < 0)
                assert_true(empty_cell(line, cols[i]));
            else
                assert_int_equal(num(line, cols[i]), want);
        }
        long long a = at(&runs[0], runs[0].total, year, g),
                  c = at(&runs[2], runs[2].total, year, g);
        if (a >= 0 && c >= 0)
            assert_int_equal(num(line, cdiff), c - a);
    }
    free_table(&t);

    /* rankings in 2026: per scenario every gemeente once, ranks 1..n, sorted from the
     * largest loss per inhabitant; the cumulative difference is over 2025-2031 */
    t = read_table(out, "ranking.csv");
    int crs = column(&t, "scenario"), crr = column(&t, "rang"), crc = column(&t, "gemeentecode"),
        crp = column(&t, "verschil_met_historisch_per_inwoner"), crj = column(&t, "jaar"),
        crcum = column(&t, "cumulatief_verschil_met_historisch"), crpos = column(&t, "positie"),
        crv = column(&t, "verschil_met_historisch");
    assert_int_equal(t.n - 1, N_SCEN * runs[0].n_g);
    for (size_t i = 0; i < N_SCEN; i++) {
        double previous = -1e300;
        for (size_t k = 0; k < runs[i].n_g; k++) {
            const char *line = t.lines[1 + i * runs[i].n_g + k];
            char buf[64];
            assert_string_equal(cell(line, crs, buf, sizeof buf), names[i]);
            assert_int_equal(num(line, crj), 2026);
            assert_int_equal(num(line, crr), (long long)k + 1);
            double per = strtod(cell(line, crp, buf, sizeof buf), NULL);
            assert_true(per >= previous);
            previous = per;
            size_t g = gemeente_index(&runs[i], cell(line, crc, buf, sizeof buf));
            long long cumulative = 0;
            for (int year = 2025; year <= 2031; year++)
                cumulative +=
                    at(&runs[i], runs[i].total, year, g) - at(&runs[i], runs[i].full_hist, year, g);
            assert_int_equal(num(line, crcum), cumulative);
            long long gain = num(line, crv);
            assert_string_equal(cell(line, crpos, buf, sizeof buf), gain < 0   ? "verliezer"
                                                                    : gain > 0 ? "winnaar"
                                                                               : "gelijk");
        }
    }
    free_table(&t);
    for (size_t i = 0; i < N_SCEN; i++)
        free_run(&runs[i]);
    free(out);
}

/* The same comparison twice gives the same bytes. */
static void test_compare_deterministic(void **state)
{
    (void)state;
    static const char *const files[] = {"compare.csv", "compare_breed.csv", "ranking.csv",
                                        "compare.json"};
    char *dirs[2];
    for (int k = 0; k < 2; k++) {
        dirs[k] = ts_xprintf("%s/det%d", ts_tmpdir, k);
        const char *args[] = {
            "compare", "scenarios/default.yaml", "scenarios/cohort.yaml", "-o", dirs[k], NULL};
        ts_cli_expect(args, 0, NULL);
    }
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char *a = ts_xprintf("%s/%s", dirs[0], files[f]),
             *b = ts_xprintf("%s/%s", dirs[1], files[f]);
        size_t la, lb;
        char *x = ts_slurp(a, &la), *y = ts_slurp(b, &lb);
        assert_int_equal(la, lb);
        assert_memory_equal(x, y, la);
        free(x);
        free(y);
        free(a);
        free(b);
    }
    free(dirs[0]);
    free(dirs[1]);
}

/* Wrong use: one scenario, a reference year not every scenario has, a scenario that
 * does not load; nothing is written, and an earlier result stays. */
static void test_compare_refusals(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/refused", ts_tmpdir);
    const char *one[] = {"compare", "scenarios/default.yaml", "-o", out, NULL};
    ts_cli_expect(one, 2, "at least two scenario files");
    const char *year[] = {"compare",
                          "scenarios/default.yaml",
                          "scenarios/uitgesteld_2027.yaml",
                          "-o",
                          out,
                          "--year",
                          "2024",
                          NULL};
    ts_cli_expect(year, 2, "reference year 2024 is not a year of every scenario (2025-2031 are)");
    assert_false(ts_exists(out));

    const char *good[] = {
        "compare", "scenarios/default.yaml", "scenarios/acht_jaar.yaml", "-o", out, NULL};
    ts_cli_expect(good, 0, NULL);
    char *csv = ts_xprintf("%s/compare.csv", out);
    size_t before_len;
    char *before = ts_slurp(csv, &before_len);
    const char *bad[] = {
        "compare", "scenarios/default.yaml", "tests/bad/03_unknown_top_key.yaml", "-o", out, NULL};
    ts_cli_expect(bad, 1, "03_unknown_top_key.yaml:");
    size_t after_len;
    char *after = ts_slurp(csv, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    free(before);
    free(after);
    free(csv);
    free(out);
}

/* Labels stay unique when a file is itself called like a made-up label. */
static void test_compare_labels(void **state)
{
    (void)state;
    char *runout = ts_xprintf("%s/labels_run", ts_tmpdir);
    char *copy = ts_xprintf("%s/default_2.yaml", ts_tmpdir); /* the resolved default scenario */
    const char *r[] = {"run",        "scenarios/default.yaml", "-o", runout,
                       "--no-plots", "--write-resolved",       copy, NULL};
    ts_cli_expect(r, 0, NULL);
    char *out = ts_xprintf("%s/labels", ts_tmpdir);
    const char *c[] = {"compare", copy, "scenarios/default.yaml", "scenarios/default.yaml", "-o",
                       out,       NULL};
    ts_cli_expect(c, 0, NULL);
    char *json_path = ts_xprintf("%s/compare.json", out);
    char *json = ts_slurp(json_path, NULL);
    const char *a = strstr(json, "\"label\": \"default_2\""),
               *b = strstr(json, "\"label\": \"default\""),
               *d = strstr(json, "\"label\": \"default_3\"");
    assert_true(a && b && d && a < b && b < d);
    assert_null(strstr(a + 1, "\"label\": \"default_2\""));
    free(json);
    free(json_path);
    free(out);
    free(copy);
    free(runout);
}

/* A scenario with an own key (a key file, README "Your own key") is labelled in every
 * output of a comparison as in those of `run`: "eigen sleutel" in the tables' column
 * objectieve_sleutel_illustratief, its label and SHA-256 in compare.json and report.html;
 * the wide table says "ja" when any key is illustrative, "eigen sleutel" when the only
 * keys are own keys. */
static void test_compare_own_key(void **state)
{
    (void)state;
    char *key = ts_slurp("tests/keys/inwoners_bedrag.csv", NULL);
    char sha[65];
    ig_sha256_hex(key, strlen(key), sha);
    free(key);
    char *label = ts_xprintf("own key: inwoners_bedrag.csv (SHA-256 %s)", sha);
    char *out = ts_xprintf("%s/own_key", ts_tmpdir);
    const char *c[] = {"compare", "scenarios/default.yaml", "tests/keys/eigen_sleutel.yaml", "-o",
                       out,       "--html",                 NULL};
    ts_cli_expect(c, 0, NULL);
    /* the terminal names the key, as run's does */
    char *args = ts_xprintf(
        "compare scenarios/default.yaml tests/keys/eigen_sleutel.yaml --html -o %s", out);
    char *said = ts_cli_stdout(args);
    char *note = ts_xprintf("NOTE: the objective key of eigen_sleutel is the %s\n", label);
    if (!strstr(said, note))
        fail_msg("compare does not say '%s':\n%s", note, said);
    free(note);
    free(said);
    free(args);
    char buf[256];
    table t = read_table(out, "compare.csv");
    size_t own = 0, shipped = 0;
    for (size_t i = 1; i < t.n; i++) {
        const char *kind = cell(t.lines[i], 16, buf, sizeof buf);
        if (strncmp(t.lines[i], "eigen_sleutel,", 14) == 0) {
            assert_string_equal(kind, "eigen sleutel");
            own++;
        } else {
            assert_string_equal(kind, "ja");
            shipped++;
        }
    }
    assert_true(own == 342 * 11 && shipped == 342 * 11);
    free_table(&t);
    t = read_table(out, "compare_breed.csv");
    assert_string_equal(cell(t.lines[1], 9, buf, sizeof buf), "ja");
    free_table(&t);
    char *path = ts_xprintf("%s/compare.json", out);
    char *json = ts_slurp(path, NULL);
    char *want = ts_xprintf("\"own_key\": {\"label\": \"%s\", \"sha256\": \"%s\"}", label, sha);
    const char *at = strstr(json, want);
    assert_non_null(at);
    assert_true(at > strstr(json, "\"label\": \"eigen_sleutel\"")); /* the scenario's own */
    free(want);
    free(json);
    free(path);
    path = ts_xprintf("%s/report.html", out);
    char *html = ts_slurp(path, NULL);
    want = ts_xprintf("Eigen objectieve sleutel: %s.", label);
    assert_non_null(strstr(html, want));
    assert_non_null(strstr(html, "<td data-v=\"eigen sleutel\">eigen sleutel</td>"));
    free(want);
    free(html);
    free(path);
    free(out);

    /* own keys only: the wide table says so */
    out = ts_xprintf("%s/own_keys", ts_tmpdir);
    const char *d[] = {"compare", "tests/keys/eigen_sleutel.yaml", "tests/keys/eigen_sleutel.yaml",
                       "-o", out, NULL};
    ts_cli_expect(d, 0, NULL);
    t = read_table(out, "compare_breed.csv");
    assert_string_equal(cell(t.lines[1], 9, buf, sizeof buf), "eigen sleutel");
    free_table(&t);
    free(out);
    free(label);
}

/* Scenarios over other gemeenten are refused, naming the first gemeente that differs. */
static void test_compare_other_gemeenten(void **state)
{
    (void)state;
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *a = NULL, *b = NULL;
    assert_int_equal(ingroei_scenario_load(&sc, "scenarios/default.yaml", &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&a, sc, &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&b, sc, &err), INGROEI_OK);
    const ingroei_run *runs[] = {a, b};
    ingroei_compare *cmp = NULL;

    char *saved = b->code[7];
    char other[] = "GM9999";
    b->code[7] = other;
    assert_int_equal(ingroei_compare_new(&cmp, runs, 2, 0, &err), INGROEI_ERR_DATA);
    assert_null(cmp);
    assert_non_null(strstr(err.message, "first difference: GM9999"));
    b->code[7] = saved;

    b->n_g--;
    assert_int_equal(ingroei_compare_new(&cmp, runs, 2, 0, &err), INGROEI_ERR_DATA);
    assert_non_null(strstr(err.message, "a different number of gemeenten (341"));
    b->n_g++;

    assert_int_equal(ingroei_compare_new(&cmp, runs, 1, 0, &err), INGROEI_ERR_USAGE);
    assert_int_equal(ingroei_compare_new(&cmp, runs, 2, 0, &err), INGROEI_OK);
    assert_int_equal(ingroei_compare_reference_year(cmp), 2031);
    ingroei_compare_scenario s;
    assert_int_equal(ingroei_compare_get_scenario(cmp, 1, &s, &err), INGROEI_OK);
    assert_string_equal(s.label, "default_2"); /* the same file twice */
    assert_int_equal(s.largest_diff, 0);
    assert_int_equal(ingroei_compare_get_scenario(cmp, 2, &s, &err), INGROEI_ERR_USAGE);
    ingroei_compare_free(cmp);
    ingroei_run_free(a);
    ingroei_run_free(b);
    ingroei_scenario_free(sc);
}

/* A gemeente without inhabitants (the gemeente list allows 0) has no difference per
 * inhabitant: it is never the gemeente that differs most per inhabitant, however much its
 * allocation differs. */
static void test_compare_no_inhabitants(void **state)
{
    (void)state;
    ingroei_error err;
    ingroei_scenario *sa = NULL, *sb = NULL;
    ingroei_run *a = NULL, *b = NULL;
    assert_int_equal(ingroei_scenario_load(&sa, "scenarios/default.yaml", &err), INGROEI_OK);
    assert_int_equal(ingroei_scenario_load(&sb, "scenarios/acht_jaar.yaml", &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&a, sa, &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&b, sb, &err), INGROEI_OK);
    const ingroei_run *runs[] = {a, b};
    const size_t y = 2026 - (size_t)b->first_year, g = 0; /* Groningen, a centrumgemeente */
    assert_true(b->out.total[y * b->n_g + g] != a->out.total[y * a->n_g + g]);
    b->inhabitants[y * b->n_g + g] = 0;
    ingroei_compare *cmp = NULL;
    assert_int_equal(ingroei_compare_new(&cmp, runs, 2, 2026, &err), INGROEI_OK);
    ingroei_compare_scenario s;
    assert_int_equal(ingroei_compare_get_scenario(cmp, 1, &s, &err), INGROEI_OK);
    assert_non_null(s.largest_diff_code);
    assert_string_not_equal(s.largest_diff_code, b->code[g]);
    assert_true(isfinite(s.largest_diff_per_inhabitant));
    ingroei_compare_free(cmp);
    ingroei_run_free(a);
    ingroei_run_free(b);
    ingroei_scenario_free(sa);
    ingroei_scenario_free(sb);
}

/* Ctrl-C during a comparison of many scenarios: exit status 130 and nothing written. */
static void test_compare_interrupted(void **state)
{
    (void)state;
    enum { N = 400 };
    char *out = ts_xprintf("%s/compare_interrupted", ts_tmpdir);
    char *argv[N + 5];
    argv[0] = (char *)ts_cli();
    argv[1] = "compare";
    for (int i = 0; i < N; i++)
        argv[2 + i] = "scenarios/default.yaml";
    argv[N + 2] = "-o";
    argv[N + 3] = out;
    argv[N + 4] = NULL;
    pid_t pid = ts_spawn_quietly(argv);
    struct timespec wait = {0, 300000000}; /* 400 runs take seconds; stop it after 0.3 s */
    nanosleep(&wait, NULL);
    ts_interrupt_and_check(pid, out);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_equals_runs), cmocka_unit_test(test_compare_deterministic),
        cmocka_unit_test(test_compare_refusals),    cmocka_unit_test(test_compare_other_gemeenten),
        cmocka_unit_test(test_compare_labels),      cmocka_unit_test(test_compare_interrupted),
        cmocka_unit_test(test_compare_no_inhabitants), cmocka_unit_test(test_compare_own_key),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
