/*
 * test_warnings.c - the run's warnings (run/warnings.c): a path that starts before the
 * first year, a path not fully objective by the last year, a name or description that
 * the path contradicts; none on the shipped scenarios but the cohort's true one; the
 * tables byte-identical with and without a warning's condition; summary.json lists them.
 */
#include "run/run.h"
#include "support/support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char *tmpdir;

/* The default scenario with `name`, `description` and `path` replaced (NULL keeps it)
 * and years.first replaced by `first` (0 keeps 2021), written into tmpdir as `file`,
 * with the dataset and keys as absolute paths. */
static char *variant(const char *file, const char *name, const char *description,
                     const char *path, int first, int last)
{
    char *cwd = getcwd(NULL, 0);
    assert_non_null(cwd);
    char *text = ts_xprintf(
        "scenario: 1\n"
        "name: \"%s\"\n"
        "description: \"%s\"\n"
        "dataset: %s/models/nl\n"
        "years: {first: %d, last: %d}\n"
        "budget:\n"
        "  published:\n"
        "    2025: {amount: 1745850000, source: \"IU BW, septembercirculaire 2024\"}\n"
        "  other_years: {rule: index, percent: 0.0, source: \"test\"}\n"
        "historical_key: %s/models/nl/bw/historisch_sep2024_2025.yaml\n"
        "objective_key: %s/models/nl/bw/objectief_illustratief.yaml\n"
        "path: %s\n",
        name ? name : "Ingroeipad: start 2022, tien jaar",
        description ? description : "lineair in tien jaar naar volledig objectief in 2031",
        cwd, first ? first : 2021, last ? last : 2031, cwd, cwd,
        path ? path : "{type: linear, start: 2022, length: 10}");
    char *p = ts_xprintf("%s/%s", tmpdir, file);
    ts_write_file(p, text, strlen(text));
    free(text);
    free(cwd);
    return p;
}

typedef struct loaded {
    ingroei_scenario *sc;
    ingroei_run *run;
} loaded;

static loaded load(const char *file)
{
    loaded l = {0};
    ingroei_error err;
    if (ingroei_scenario_load(&l.sc, file, &err) != INGROEI_OK ||
        ingroei_run_new(&l.run, l.sc, &err) != INGROEI_OK)
        fail_msg("%s: %s", file, err.message);
    return l;
}

static void unload(loaded *l)
{
    ingroei_run_free(l->run);
    ingroei_scenario_free(l->sc);
}

/* How many warnings with `code` the run has; the last one's message in *msg. */
static size_t count_code(const ingroei_run *r, const char *code, const char **msg)
{
    size_t n = 0;
    for (size_t i = 0; i < ingroei_run_n_warnings(r); i++) {
        ingroei_warning w = ingroei_run_warning(r, i);
        if (!strcmp(w.code, code)) {
            n++;
            if (msg)
                *msg = w.message;
        }
    }
    return n;
}

/* The CSV tables of a run must be byte-identical to another's. */
static void assert_same_tables(const ingroei_run *a, const ingroei_run *b)
{
    ig_run_tables ta, tb;
    ingroei_error err;
    assert_int_equal(ig_run_render(a, SIZE_MAX, INGROEI_CSV_RFC4180, &ta, &err), INGROEI_OK);
    assert_int_equal(ig_run_render(b, SIZE_MAX, INGROEI_CSV_RFC4180, &tb, &err), INGROEI_OK);
    static const char *const names[] = {"allocations.csv", "budget.csv", "budget_opbouw.csv"};
    for (size_t i = 0; i < 3; i++) {
        const ig_buf *x = ig_run_tables_get(&ta, names[i]), *y = ig_run_tables_get(&tb, names[i]);
        assert_non_null(x);
        assert_non_null(y);
        assert_int_equal(x->len, y->len);
        assert_memory_equal(x->data, y->data, x->len);
    }
    ig_run_tables_free(&ta);
    ig_run_tables_free(&tb);
}

static void test_no_warning(void **state)
{
    (void)state;
    char *f = variant("plain.yaml", NULL, NULL, NULL, 0, 0);
    loaded l = load(f);
    assert_int_equal(ingroei_run_n_warnings(l.run), 0);
    assert_null(ingroei_run_warning(l.run, 0).code);
    assert_int_equal(ingroei_run_n_warnings(NULL), 0);
    ig_buf b = {0};
    assert_true(ig_run_summary_json(&b, l.run));
    assert_non_null(strstr(b.data, "\n  \"warnings\": [],\n"));
    ig_buf_free(&b);
    unload(&l);
    free(f);
}

/* A linear path from 2020 makes 2021 20% objective: warned; the same shares as a table
 * are not, and give the same tables byte for byte. */
static void test_start_before_first_year(void **state)
{
    (void)state;
    char *a = variant("early.yaml", "Pad", "x", "{type: linear, start: 2020, length: 10}", 0, 2029);
    char *b = variant("early_table.yaml", "Pad", "x",
                      "{type: table, shares: {2021: 0.2, 2022: 0.3, 2023: 0.4, 2024: 0.5, "
                      "2025: 0.6, 2026: 0.7, 2027: 0.8, 2028: 0.9, 2029: 1.0}}",
                      0, 2029);
    loaded la = load(a), lb = load(b);
    const char *msg = NULL;
    assert_int_equal(count_code(la.run, "path_starts_before_first_year", &msg), 1);
    assert_non_null(strstr(msg, "path.start (2020) is before years.first (2021)"));
    assert_non_null(strstr(msg, "objective share of 20.0%"));
    assert_non_null(strstr(msg, "1 year before it"));
    assert_int_equal(ingroei_run_n_warnings(la.run), 1);
    assert_int_equal(ingroei_run_n_warnings(lb.run), 0);
    assert_same_tables(la.run, lb.run);
    unload(&la);
    unload(&lb);
    free(a);
    free(b);
    /* the edge: a start in the first year is not early; an s-curve and a cohort are */
    a = variant("first.yaml", "Pad", "x", "{type: linear, start: 2021, length: 11}", 0, 0);
    la = load(a);
    assert_int_equal(count_code(la.run, "path_starts_before_first_year", NULL), 0);
    unload(&la);
    free(a);
    a = variant("scurve.yaml", "Pad", "x",
                "{type: s-curve, start: 2018, end: 2026, steepness: 1.0}", 0, 0);
    la = load(a);
    assert_int_equal(count_code(la.run, "path_starts_before_first_year", &msg), 1);
    assert_non_null(strstr(msg, "3 years before it"));
    unload(&la);
    free(a);
}

/* A path not fully objective by the last year: a linear path cut short (with the year it
 * would be), a cohort (which never is), a table ending below 1; at exactly 1 none. */
static void test_not_complete(void **state)
{
    (void)state;
    const char *msg = NULL;
    char *f = variant("short.yaml", "Pad", "x", "{type: linear, start: 2022, length: 10}", 0, 2030);
    loaded l = load(f);
    assert_int_equal(count_code(l.run, "path_not_complete", &msg), 1);
    assert_non_null(strstr(msg, "by years.last (2030): its objective share is 90.0%"));
    assert_non_null(strstr(msg, "(fully objective in 2031)"));
    unload(&l);
    free(f);
    f = variant("cohort.yaml", "Pad", "x", "{type: cohort, start: 2022, outflow: 0.15}", 0, 0);
    l = load(f);
    assert_int_equal(count_code(l.run, "path_not_complete", &msg), 1);
    assert_non_null(strstr(msg, "a cohort path approaches 1"));
    unload(&l);
    free(f);
    f = variant("table.yaml", "Pad", "x", "{type: table, shares: {2021: 0.0, 2022: 0.5}}", 0,
                2022);
    l = load(f);
    assert_int_equal(count_code(l.run, "path_not_complete", &msg), 1);
    assert_non_null(strstr(msg, "50.0% (the table does not reach 1)"));
    unload(&l);
    free(f);
    /* a cohort whose clients all leave in the first year is complete */
    f = variant("cohort1.yaml", "Pad", "x", "{type: cohort, start: 2022, outflow: 1.0}", 0, 0);
    l = load(f);
    assert_int_equal(ingroei_run_n_warnings(l.run), 0);
    unload(&l);
    free(f);
}

/* The name and description: what they state about start, end and length, checked
 * against the path; the tables do not change with the name. */
static void test_name(void **state)
{
    (void)state;
    const char *msg = NULL;
    /* the edit the issue describes: the path moved, the name stayed */
    char *a = variant("edited.yaml", "Ingroeipad: start 2022, tien jaar", "geen bewering",
                      "{type: linear, start: 2027, length: 5}", 0, 0);
    char *b = variant("renamed.yaml", "Ingroeipad: start 2027, vijf jaar", "geen bewering",
                      "{type: linear, start: 2027, length: 5}", 0, 0);
    loaded la = load(a), lb = load(b);
    assert_int_equal(count_code(la.run, "name_contradicts_path", NULL), 2);
    assert_string_equal(ingroei_run_warning(la.run, 0).message,
                        "the name says 'start 2022' but the path starts in 2027: was the path "
                        "changed without it?");
    assert_string_equal(ingroei_run_warning(la.run, 1).message,
                        "the name says 'tien jaar' but the path is fully objective from 2031 "
                        "(5 years from 2027): was the path changed without it?");
    assert_int_equal(ingroei_run_n_warnings(lb.run), 0);
    assert_same_tables(la.run, lb.run); /* a warning never changes a number */
    ig_buf s = {0};
    assert_true(ig_run_summary_json(&s, la.run));
    assert_non_null(strstr(s.data, "\"warnings\": [\n    {\"code\": \"name_contradicts_path\", "
                                   "\"message\": \"the name says 'start 2022'"));
    ig_buf_free(&s);
    unload(&la);
    unload(&lb);
    free(a);
    free(b);

    static const struct {
        const char *name, *path;
        size_t want;
        const char *said;
    } cases[] = {
        /* each phrase, true and false */
        {"volledig objectief in 2029", "{type: linear, start: 2022, length: 8}", 0, NULL},
        {"volledig objectief vanaf 2030", "{type: linear, start: 2022, length: 8}", 1,
         "volledig objectief vanaf 2030"},
        {"Fully objective by 2031", "{type: linear, start: 2022, length: 10}", 0, NULL},
        {"pad in acht jaar", "{type: linear, start: 2022, length: 10}", 1, "acht jaar"},
        {"Pad van 12 jaar", "{type: linear, start: 2020, length: 12}", 0, NULL},
        {"a 10-year path", "{type: linear, start: 2022, length: 9}", 1, "10-year"},
        {"Ingroeipad 2022-2031", "{type: linear, start: 2022, length: 10}", 0, NULL},
        {"Ingroeipad 2022-2031", "{type: linear, start: 2023, length: 9}", 1, "Ingroeipad 2022-2031"},
        {"starts in 2024", "{type: s-curve, start: 2024, end: 2030, steepness: 1.0}", 0, NULL},
        {"begint in 2023", "{type: s-curve, start: 2024, end: 2030, steepness: 1.0}", 1,
         "begint in 2023"},
        /* a cohort is never fully objective, and has no length to contradict */
        {"start 2022, tien jaar", "{type: cohort, start: 2022, outflow: 0.15}", 0, NULL},
        {"volledig objectief in 2031", "{type: cohort, start: 2022, outflow: 0.15}", 1,
         "is not fully objective in 2031"},
        /* a table: its first share above 0 is its start */
        {"start 2022", "{type: table, shares: {2021: 0, 2022: 0, 2023: 0.5, 2024: 1}}", 1,
         "starts in 2023"},
        /* not claims: per year, percentages, other years, a lone year */
        {"15% uitstroom per jaar, twee jaar historisch in 2021 en 2022",
         "{type: linear, start: 2022, length: 10}", 0, NULL},
        {"de eerste drie jaar; 12,5% objectief in 2022; 2027-2028", "{type: linear, start: 2022, length: 10}",
         0, NULL},
        {"begint 2024", "{type: linear, start: 2022, length: 10}", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bool table = strstr(cases[i].path, "table") != NULL;
        char *f = variant("case.yaml", cases[i].name, "x", cases[i].path, 0, table ? 2024 : 2040);
        loaded l = load(f);
        msg = NULL;
        size_t got = count_code(l.run, "name_contradicts_path", &msg);
        if (got != cases[i].want || (cases[i].said && !strstr(msg, cases[i].said)))
            fail_msg("case %zu '%s': %zu warnings (want %zu): %s", i, cases[i].name, got,
                     cases[i].want, msg ? msg : "-");
        unload(&l);
        free(f);
    }
    /* the description is read too, and named */
    a = variant("descr.yaml", "Pad", "volledig objectief in 2030", NULL, 0, 0);
    la = load(a);
    assert_int_equal(count_code(la.run, "name_contradicts_path", &msg), 1);
    assert_non_null(strstr(msg, "the description says 'volledig objectief in 2030'"));
    unload(&la);
    free(a);
}

/* No false alarm on a shipped scenario: the only warning is the cohort's, which is true. */
static void test_shipped(void **state)
{
    (void)state;
    static const char *const files[] = {
        "scenarios/default.yaml",   "scenarios/acht_jaar.yaml",       "scenarios/cohort.yaml",
        "scenarios/herijking_cap.yaml", "scenarios/uitgesteld_2027.yaml", "scenarios/wlz_uitname.yaml"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        loaded l = load(files[i]);
        bool cohort = strstr(files[i], "cohort") != NULL;
        if (ingroei_run_n_warnings(l.run) != (cohort ? 1u : 0u))
            fail_msg("%s: %zu warnings, first: %s", files[i], ingroei_run_n_warnings(l.run),
                     ingroei_run_warning(l.run, 0).message);
        if (cohort)
            assert_string_equal(ingroei_run_warning(l.run, 0).code, "path_not_complete");
        unload(&l);
    }
}

/* Printed on stderr by the command line, with the file and the code; compare also warns
 * about two scenarios with one name. */
static void test_cli(void **state)
{
    (void)state;
    char *f = variant("cli.yaml", "start 2023", "x", NULL, 0, 0);
    char *out = ts_xprintf("%s/out", tmpdir);
    const char *args[] = {"run", f, "-o", out, "--no-plots", NULL};
    ts_cli_expect(args, 0, "ingroei: warning: ");
    char *err = NULL;
    assert_int_equal(ts_run_cli(args, NULL, &err), 0);
    assert_non_null(strstr(err, "cli.yaml: the name says 'start 2023' but the path starts in "
                                "2022: was the path changed without it? [name_contradicts_path]"));
    free(err);
    char *g = variant("cli2.yaml", "start 2023", "x", "{type: linear, start: 2023, length: 9}", 0, 0);
    char *cmp = ts_xprintf("%s/cmp", tmpdir);
    const char *cargs[] = {"compare", g, f, "-o", cmp, NULL};
    err = NULL;
    assert_int_equal(ts_run_cli(cargs, NULL, &err), 0);
    assert_non_null(strstr(err, "cli.yaml has the same name as "));
    assert_non_null(strstr(err, "[duplicate_scenario_name]"));
    assert_int_equal(ts_count(err, "[name_contradicts_path]"), 1);
    free(err);
    free(cmp);
    free(g);
    free(out);
    free(f);
}

static int setup(void **state)
{
    (void)state;
    tmpdir = ts_make_temp_dir("warnings");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_remove_temp_dir(&tmpdir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_warning),
        cmocka_unit_test(test_start_before_first_year),
        cmocka_unit_test(test_not_complete),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_shipped),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
