/*
 * test_resolved.c - --write-resolved: the resolved scenario or au-model, run again from
 * another directory, gives the same tables byte for byte, and resolving it again gives
 * the same file; for every example scenario and for variants that use the other path
 * kinds, caps, budget forms and rounding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "io/io.h"
#include "support/support.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmpdir;

/* The lines of a file that are not comments. */
static char *without_comments(const char *path)
{
    char *text = ts_slurp(path, NULL);
    char **lines;
    size_t n = ts_split_lines(text, path, &lines);
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(lines[i]) + 1;
    char *out = calloc(len + 1, 1), *p = out;
    for (size_t i = 0; i < n; i++)
        if (lines[i][0] != '#')
            p += sprintf(p, "%s\n", lines[i]);
    free(lines);
    free(text);
    return out;
}

/* Runs `scenario`, resolves it into a subdirectory, runs the resolved file and compares
 * the tables; resolves the resolved file and compares the two resolved files. */
static void round_trip(const char *scenario, const char *name)
{
    char *out1 = ts_xprintf("%s/%s_1", tmpdir, name), *out2 = ts_xprintf("%s/%s_2", tmpdir, name);
    char *res1 = ts_xprintf("%s/elders/%s.yaml", tmpdir, name),
         *res2 = ts_xprintf("%s/elders/%s_again.yaml", tmpdir, name);
    const char *a[] = {"run", scenario, "-o", out1, "--no-plots", "--write-resolved", res1, NULL};
    ts_cli_expect(a, 0, NULL);
    const char *b[] = {"run", res1, "-o", out2, "--no-plots", "--write-resolved", res2, NULL};
    ts_cli_expect(b, 0, NULL);
    static const char *const tables[] = {"allocations.csv", "budget.csv", "budget_opbouw.csv"};
    for (size_t i = 0; i < 3; i++) {
        char *x = ts_xprintf("%s/%s", out1, tables[i]), *y = ts_xprintf("%s/%s", out2, tables[i]);
        ts_assert_same_file(x, y);
        free(x);
        free(y);
    }
    char *r1 = without_comments(res1), *r2 = without_comments(res2);
    assert_string_equal(r1, r2);
    free(r1);
    free(r2);
    free(out1);
    free(out2);
    free(res1);
    free(res2);
}

static int setup(void **state)
{
    (void)state;
    tmpdir = ts_make_temp_dir("resolved");
    char *elders = ts_xprintf("%s/elders", tmpdir);
    assert_int_equal(mkdir(elders, 0755), 0);
    free(elders);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_remove_temp_dir(&tmpdir);
    return 0;
}

static void test_examples(void **state)
{
    (void)state;
    static const char *const names[] = {"default",  "uitgesteld_2027", "acht_jaar",
                                        "cohort",   "herijking_cap",   "wlz_uitname",
                                        "per_jaar", "garantie_90_120"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char *file = ts_xprintf("scenarios/%s.yaml", names[i]);
        round_trip(file, names[i]);
        free(file);
    }
}

/* Variants with the path kinds, caps and budget forms the examples do not use; written
 * with absolute paths to the shipped models. */
static void test_variants(void **state)
{
    (void)state;
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    static const char *const bodies[] = {
        /* a table path that decreases once, per-line rounding, an index mutation, a gain
         * cap against the historical allocation that may be infeasible */
        "budget:\n  base: {year: 2021, amount: 1500000000, source: \"t\"}\n"
        "  mutations:\n    - {name: \"index\", type: index, percent: 2.35, from: 2022, source: "
        "\"t\"}\n"
        "path:\n  type: table\n  allow_decrease: true\n  shares: {2021: 0, 2022: 0.15, 2023: "
        "0.1, 2024: 0.333333333333, 2025: 0.5, 2026: 0.7, 2027: 1, 2028: 1, 2029: 1, 2030: 1, "
        "2031: 1}\n"
        "rounding: per-line\n"
        "cap:\n  reference: historical\n  max_gain_per_inhabitant: 12.345\n"
        "  if_infeasible: uncapped\n  source: \"t\"\n",
        /* an s-curve with its default midpoint, a cohort-free nominal loss cap */
        "budget:\n  published:\n    2025: {amount: 1745850000, source: \"t\"}\n"
        "  other_years: {rule: index, percent: 1.1, source: \"t\"}\n"
        "path: {type: s-curve, start: 2023, end: 2030, steepness: 0.85}\n"
        "cap:\n  reference: previous-year-nominal\n  max_loss_per_inhabitant: 20\n"
        "  if_infeasible: uncapped\n  source: \"t\"\n",
        /* a cohort with a table of remaining shares */
        "budget:\n  published:\n    2025: {amount: 1745850000, source: \"t\"}\n"
        "  other_years: {rule: index, percent: 0, source: \"t\"}\n"
        "path: {type: cohort, start: 2022, remaining: [0.9, 0.75, 0.6, 0.3, 0.1]}\n",
        /* an objective budget of its own with an index mutation; a cap with only a
         * cumulative limit; YAML's line breaks and controls in a source */
        "budget:\n  base: {year: 2021, amount: 1500000000, source: \"t\"}\n"
        "objective_budget:\n  base: {year: 2021, amount: 1400000000, source: \"a\\u2028b\\nc"
        "\\u0085d\\x7fe \\\"q\\\" \\\\ \"}\n"
        "  mutations:\n    - {name: \"i\", type: index, percent: -1.25, from: 2023, to: 2027, "
        "source: \"t\"}\n"
        "path: {type: linear, start: 2022, length: 6}\n"
        "cap:\n  reference: previous-year\n  cumulative: {from: 2023, to: 2025, "
        "max_loss_per_inhabitant: 30}\n  if_infeasible: uncapped\n  source: \"t\"\n",
        /* ratio limits by year with a limit per inhabitant, and a phased-out guarantee */
        "budget:\n  published:\n    2025: {amount: 1745850000, source: \"t\"}\n"
        "  other_years: {rule: index, percent: 0.5, source: \"t\"}\n"
        "path: {type: linear, start: 2022, length: 10}\n"
        "cap:\n  reference: previous-year-nominal\n  max_loss_per_inhabitant: 25\n"
        "  min_ratio: {2023: 0.95, 2024: 0.9123}\n  max_ratio: 1.75\n"
        "  guarantee: {base_year: 2023, rule: phased_out, years: 4}\n"
        "  if_infeasible: uncapped\n  source: \"t\"\n",
        /* a rebased guarantee for three years against the historical allocation */
        "budget:\n  published:\n    2025: {amount: 1745850000, source: \"t\"}\n"
        "  other_years: {rule: index, percent: 0, source: \"t\"}\n"
        "path: {type: linear, start: 2022, length: 10}\n"
        "cap:\n  reference: historical\n  min_ratio: 0.5\n"
        "  guarantee: {base_year: 2024, rule: rebased, factor: 0.95, years: 3}\n"
        "  if_infeasible: uncapped\n  source: \"t\"\n",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        char *text = ts_xprintf("scenario: 1\nname: \"variant %zu\"\ndataset: %s/models/nl\n"
                                "years: {first: 2021, last: 2031}\n"
                                "historical_key: %s/models/nl/bw/historisch_sep2024_2025.yaml\n"
                                "objective_key: %s/models/nl/bw/objectief_illustratief.yaml\n%s",
                                i, cwd, cwd, cwd, bodies[i]);
        char *name = ts_xprintf("variant%zu.yaml", i);
        const char *file = ts_write_in(tmpdir, name, text, strlen(text));
        char *label = ts_xprintf("variant%zu", i);
        round_trip(file, label);
        /* a guarantee is in the receipt */
        if (strstr(bodies[i], "guarantee:")) {
            char *sum = ts_xprintf("%s/%s_1/summary.json", tmpdir, label);
            char *json = ts_slurp(sum, NULL);
            const char *want = strstr(bodies[i], "rule: rebased")
                                   ? "\"guarantee\": {\"base_year\": 2024, \"rule\": \"rebased\", "
                                     "\"factor\": 0.95, \"years\": 3}"
                                   : "\"guarantee\": {\"base_year\": 2023, \"rule\": "
                                     "\"phased_out\", \"factor\": 1, \"years\": 4}";
            if (!strstr(json, want))
                fail_msg("%s has no %s", sum, want);
            free(json);
            free(sum);
        }
        /* and the texts read back as they were */
        char *res = ts_xprintf("%s/elders/%s.yaml", tmpdir, label);
        ingroei_scenario *a = NULL, *b = NULL;
        ingroei_error err;
        assert_int_equal(ingroei_scenario_load(&a, file, &err), INGROEI_OK);
        assert_int_equal(ingroei_scenario_load(&b, res, &err), INGROEI_OK);
        assert_string_equal(a->name, b->name);
        if (a->has_objective_budget)
            assert_string_equal(a->objective_budget.base.source, b->objective_budget.base.source);
        ingroei_scenario_free(a);
        ingroei_scenario_free(b);
        free(res);
        free(label);
        free(name);
        free(text);
    }
}

/* An au-model, as published and with a factor solved from a budget: the resolved model
 * gives the same au.csv and au_regels.csv. */
static void test_au_model(void **state)
{
    (void)state;
    for (int solved = 0; solved < 2; solved++) {
        char *out1 = ts_xprintf("%s/au%d_1", tmpdir, solved),
             *out2 = ts_xprintf("%s/au%d_2", tmpdir, solved),
             *res = ts_xprintf("%s/elders/au%d.yaml", tmpdir, solved);
        const char *a[] = {"au",
                           "models/nl/gemeentefonds/au_mei2024_2025.yaml",
                           "-o",
                           out1,
                           "--write-resolved",
                           res,
                           solved ? "--budget" : NULL,
                           "39000000000",
                           NULL};
        ts_cli_expect(a, 0, NULL);
        const char *b[] = {"au", res, "-o", out2, NULL};
        ts_cli_expect(b, 0, NULL);
        static const char *const tables[] = {"au.csv", "au_regels.csv"};
        for (size_t i = 0; i < 2; i++) {
            char *x = ts_xprintf("%s/%s", out1, tables[i]),
                 *y = ts_xprintf("%s/%s", out2, tables[i]);
            ts_assert_same_file(x, y);
            free(x);
            free(y);
        }
        char *text = ts_slurp(res, NULL);
        if (solved)
            assert_non_null(strstr(text, "solved by ingroei from a budget of 39000000000 euro"));
        free(text);
        free(out1);
        free(out2);
        free(res);
    }
}

/* verify and bridge write the same resolved files as au and run. */
static void test_other_commands(void **state)
{
    (void)state;
    char *v = ts_xprintf("%s/verify", tmpdir), *vr = ts_xprintf("%s/elders/verify.yaml", tmpdir),
         *ar = ts_xprintf("%s/elders/verify_au.yaml", tmpdir),
         *a = ts_xprintf("%s/verify_au", tmpdir);
    const char *verify[] = {"verify",
                            "tests/verify/au_test.yaml",
                            "tests/verify/begroting_test.csv",
                            "-o",
                            v,
                            "--write-resolved",
                            vr,
                            NULL};
    char *err = NULL;
    ts_run_cli(verify, NULL, &err); /* its verdict does not matter here */
    free(err);
    /* a published table that cannot be read: nothing written, the resolved model neither */
    char *bad = ts_xprintf("%s/elders/verify_bad.yaml", tmpdir),
         *vb = ts_xprintf("%s/vbad", tmpdir);
    const char *verify_bad[] = {"verify",
                                "tests/verify/au_test.yaml",
                                "tests/verify/none.csv",
                                "-o",
                                vb,
                                "--write-resolved",
                                bad,
                                NULL};
    assert_int_not_equal(ts_run_cli(verify_bad, NULL, &err), 0);
    free(err);
    assert_false(ts_exists(bad));
    assert_false(ts_exists(vb));
    free(bad);
    free(vb);
    const char *au[] = {"au", "tests/verify/au_test.yaml", "-o", a, "--write-resolved", ar, NULL};
    ts_cli_expect(au, 0, NULL);
    char *x = without_comments(vr), *y = without_comments(ar);
    assert_string_equal(x, y);
    free(x);
    free(y);

    char *b = ts_xprintf("%s/elders/bridge.yaml", tmpdir),
         *r = ts_xprintf("%s/elders/run.yaml", tmpdir), *o = ts_xprintf("%s/bridge_run", tmpdir);
    const char *bridge[] = {
        "bridge", "scenarios/cohort.yaml", "-g", "Zwolle", "--write-resolved", b, NULL};
    ts_cli_expect(bridge, 0, NULL);
    const char *run[] = {"run",        "scenarios/cohort.yaml", "-o", o,
                         "--no-plots", "--write-resolved",      r,    NULL};
    ts_cli_expect(run, 0, NULL);
    x = without_comments(b);
    y = without_comments(r);
    assert_string_equal(x, y);
    free(x);
    free(y);
    free(v);
    free(vr);
    free(ar);
    free(a);
    free(b);
    free(r);
    free(o);
}

/* A resolved file that cannot be written is an error that names it. */
static void test_unwritable(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/unwritable", tmpdir);
    const char *a[] = {"run",
                       "scenarios/default.yaml",
                       "-o",
                       out,
                       "--no-plots",
                       "--write-resolved",
                       "/nonexistent-dir/x.yaml",
                       NULL};
    char *err = NULL;
    assert_int_equal(ts_run_cli(a, NULL, &err), 3);
    assert_non_null(strstr(err, "/nonexistent-dir/x.yaml"));
    assert_false(ts_exists(out)); /* written first: when it fails, nothing else is */
    free(err);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),   cmocka_unit_test(test_variants),
        cmocka_unit_test(test_au_model),   cmocka_unit_test(test_other_commands),
        cmocka_unit_test(test_unwritable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
