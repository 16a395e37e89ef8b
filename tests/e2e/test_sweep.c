/* test_sweep.c - `ingroei sweep` and `sweep-merge` end to end: the same bytes on one
 * thread, on two and in merged shards (a missing shard refused); mistakes in a sweep file
 * reported with their position, writing nothing; Ctrl-C leaving nothing behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ingroei.h"
#include "support/support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* A sweep gives the same bytes on one thread and on two, and split into three shards
 * merged again (in any order of the shard directories). */
static void test_sweep_deterministic(void **state)
{
    (void)state;
    static const char *const sweep = "scenarios/sweeps/start_en_lengte.yaml";
    static const char *const files[] = {"sweep.csv", "gemeente_bereik.csv", "sweep.json"};
    char *one = ts_xprintf("%s/sweep_t1", ts_tmpdir), *two = ts_xprintf("%s/sweep_t2", ts_tmpdir),
         *merged = ts_xprintf("%s/sweep_merged", ts_tmpdir);
    ts_cli_expect((const char *[]){"sweep", sweep, "-o", one, "--threads", "1", NULL}, 0, NULL);
    ts_cli_expect((const char *[]){"sweep", sweep, "-o", two, "--threads", "2", NULL}, 0, NULL);
    char *shard[3];
    for (int i = 0; i < 3; i++) {
        shard[i] = ts_xprintf("%s/sweep_shard%d", ts_tmpdir, i + 1);
        char spec[8];
        snprintf(spec, sizeof spec, "%d/3", i + 1);
        ts_cli_expect((const char *[]){"sweep", sweep, "-o", shard[i], "--shard", spec, NULL}, 0,
                      NULL);
    }
    ts_cli_expect(
        (const char *[]){"sweep-merge", sweep, "-o", merged, shard[2], shard[0], shard[1], NULL}, 0,
        NULL);
    /* a missing shard is refused, and writes nothing */
    char *partial = ts_xprintf("%s/sweep_partial", ts_tmpdir);
    ts_cli_expect((const char *[]){"sweep-merge", sweep, "-o", partial, shard[0], shard[2], NULL},
                  1, NULL);
    assert_false(ts_exists(partial));
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *a = ts_xprintf("%s/%s", one, files[i]), *b = ts_xprintf("%s/%s", two, files[i]),
             *c = ts_xprintf("%s/%s", merged, files[i]);
        assert_true(ts_same_file(files[i], a, b));
        assert_true(ts_same_file(files[i], a, c));
        free(a);
        free(b);
        free(c);
    }
    /* 9 starts x 9 lengths x 10 caps, a row each */
    char *csv = ts_xprintf("%s/sweep.csv", one);
    char *text = ts_slurp(csv, NULL);
    char **lines;
    assert_int_equal(ts_split_lines(text, "sweep.csv", &lines), 1 + 9 * 9 * 10);
    free(lines);
    free(text);
    free(csv);
    for (int i = 0; i < 3; i++)
        free(shard[i]);
    free(partial);
    free(one);
    free(two);
    free(merged);
}

/* Mistakes in a sweep file are reported with their position, and write nothing. */
static void test_sweep_bad_input(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"sweep: 1\nname: x\nbase: ../../../scenarios/herijking_cap.yaml\nmode: grid\n"
         "parameters:\n  path.strat: {values: [2022]}\n",
         ":6:3: parameters: unknown parameter 'path.strat'"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: grid\n"
         "parameters:\n  cap.max_loss_per_inhabitant: {values: [5]}\n",
         ":6:3: parameters: cap.max_loss_per_inhabitant needs a cap in the base scenario"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: sample\n"
         "parameters:\n  path.start: {from: 2022, to: 2026, step: 1}\n",
         ":1:1: mode sample needs 'samples' (how many scenarios) and 'seed'"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: grid\n"
         "parameters:\n  path.length: {from: 4, to: 12}\n",
         ":6:16: path.length: give either 'values: [...]' or all of 'from', 'to' and 'step'"},
        /* Every value passes the scenario reader's check of its field (these ran silently
         * before), reported where the sweep gives it, with the value. */
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: grid\n"
         "parameters:\n  path.start: {values: [2022, 1800]}\n",
         ":6:31: path.start: 1800 is out of range (expected 1990 to 2100)"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: grid\n"
         "parameters:\n  path.start: {values: [3000]}\n",
         ":6:25: path.start: 3000 is out of range (expected 1990 to 2100)"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: grid\n"
         "parameters:\n  path.length: {values: [10, 1000]}\n",
         ":6:30: path.length: 1000 is out of range (expected 1 to 100)"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: grid\n"
         "parameters:\n  path.length: {values: [0]}\n",
         ":6:26: path.length: 0 is out of range (expected 1 to 100)"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/herijking_cap.yaml\nmode: grid\n"
         "parameters:\n  cap.max_loss_per_inhabitant: {values: [-5]}\n",
         ":6:42: cap.max_loss_per_inhabitant: -5 is out of range (expected 0 to 1000000)"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/cohort.yaml\nmode: grid\n"
         "parameters:\n  path.outflow: {values: [0.1, 2]}\n",
         ":6:32: path.outflow: 2 is out of range (expected 0 to 1)"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: grid\n"
         "parameters:\n  budget.other_years.percent: {from: 0, to: 60, step: 20}\n",
         ":6:31: budget.other_years.percent: 60 is out of range (expected -50 to 50) (a value "
         "from 'from', 'to' and 'step')"},
        /* was "step: 0 is out of range (expected 0 to ?)" */
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: grid\n"
         "parameters:\n  path.length: {from: 4, to: 12, step: 0}\n",
         ":6:40: path.length.step: 0 is not a step forward (expected a number greater than 0)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* the base scenario, "../../../scenarios/...", becomes an absolute path into the
         * repository (the sweep file itself lies in the temporary directory) */
        char cwd[4096];
        assert_non_null(getcwd(cwd, sizeof cwd));
        char *text = ts_strdup(cases[i].text), *at = strstr(text, "../../../");
        char *fixed = ts_xprintf("%.*s%s/%s", (int)(at - text), text, cwd, at + 9);
        char *file = ts_xprintf("%s/bad_sweep%zu.yaml", ts_tmpdir, i);
        ts_write_file(file, fixed, strlen(fixed));
        char *out = ts_xprintf("%s/bad_out%zu", ts_tmpdir, i);
        char *err = NULL;
        int status = ts_run_cli((const char *[]){"sweep", file, "-o", out, NULL}, NULL, &err);
        assert_int_equal(status, 1);
        if (!strstr(err, cases[i].message))
            fail_msg("case %zu: expected '%s' in:\n%s", i, cases[i].message, err);
        assert_false(ts_exists(out));
        free(err);
        free(out);
        free(file);
        free(fixed);
        free(text);
    }
}

/* A sweep of INGROEI_SWEEP_MAX_SCENARIOS scenarios is read (and its cost estimated);
 * one past the limit is refused with the count and the limit (through the library:
 * nothing runs). */
static void test_sweep_grid_limit(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    for (int extra = 0; extra <= 1; extra++) {
        /* 100,000 caps x 100 lengths; or 1,000 caps x 73 lengths x 137 indexations, the
         * nearest a grid gets to one past the limit (10,001,000) */
        char *text = ts_xprintf(
            "sweep: 1\nname: x\nbase: %s/scenarios/herijking_cap.yaml\nmode: grid\nparameters:\n%s",
            cwd,
            extra ? "  cap.max_loss_per_inhabitant: {from: 0, to: 999, step: 1}\n"
                    "  path.length: {from: 1, to: 73, step: 1}\n"
                    "  budget.other_years.percent: {from: -34, to: 34, step: 0.5}\n"
                  : "  cap.max_loss_per_inhabitant: {from: 0, to: 99999, step: 1}\n"
                    "  path.length: {from: 1, to: 100, step: 1}\n");
        char *file = ts_xprintf("%s/grid_limit%d.yaml", ts_tmpdir, extra);
        ts_write_file(file, text, strlen(text));
        ingroei_sweep *sw = NULL;
        ingroei_error err;
        ingroei_status st = ingroei_sweep_load(&sw, file, &err);
        if (!extra) {
            if (st != INGROEI_OK)
                fail_msg("%d:%d: %s", err.line, err.column, err.message);
            assert_int_equal(ingroei_sweep_n_scenarios(sw), INGROEI_SWEEP_MAX_SCENARIOS);
            double bytes = 0, seconds = 0;
            ingroei_sweep_estimate(sw, &bytes, &seconds);
            assert_true(bytes > 1e8 && bytes < 1e10);
            assert_true(seconds > 600 && seconds < 1e6);
            ingroei_sweep_free(sw);
        } else {
            assert_int_equal(st, INGROEI_ERR_SCHEMA);
            assert_null(sw);
            assert_int_equal(err.line, 6);
            if (!strstr(err.message, "the grid has 10001000 scenarios") ||
                !strstr(err.message, "more than the limit of 10000000 scenarios in a sweep"))
                fail_msg("got: %s", err.message);
        }
        free(file);
        free(text);
    }
    /* --threads and --shard are whole numbers in the grammar of every input */
    static const char *const bad_threads[] = {"0x2", "02", "2.0", " 2", "-1", "65"};
    for (size_t i = 0; i < sizeof bad_threads / sizeof bad_threads[0]; i++)
        ts_cli_expect((const char *[]){"sweep", "scenarios/sweeps/start_en_lengte.yaml", "-o",
                                       ts_tmpdir, "--threads", bad_threads[i], NULL},
                      2, "--threads: expected 1 to 64");
    static const char *const bad_shards[] = {"1/0x3", "01/3", "4/3", "1/", "/3", "1/3/"};
    for (size_t i = 0; i < sizeof bad_shards / sizeof bad_shards[0]; i++)
        ts_cli_expect((const char *[]){"sweep", "scenarios/sweeps/start_en_lengte.yaml", "-o",
                                       ts_tmpdir, "--shard", bad_shards[i], NULL},
                      2, "--shard: expected I/N");
}

/* Ctrl-C during a sweep stops it at the next block: exit status 130, no output
 * directory, no staging directory left behind. */
static void test_sweep_interrupted(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/sweep_interrupted", ts_tmpdir);
    char *argv[] = {(char *)ts_cli(),
                    "sweep",
                    "scenarios/sweeps/steekproef.yaml",
                    "-o",
                    out,
                    "--threads",
                    "1",
                    NULL};
    pid_t pid = ts_spawn_quietly(argv);
    /* wait until the sweep has started writing (its set is being built beside `out`),
     * then interrupt it; 10 seconds at most */
    assert_true(ts_wait_for_staging(out, 10));
    ts_interrupt_and_check(pid, out); /* the directory it made, and its staging, are gone */
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_deterministic),
        cmocka_unit_test(test_sweep_bad_input),
        cmocka_unit_test(test_sweep_grid_limit),
        cmocka_unit_test(test_sweep_interrupted),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
