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
#include "sweep/sweep.h"

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include <math.h>
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
    /* each shard's receipt says which scenarios it holds: contiguous, together all 810 */
    size_t next = 0;
    for (int i = 0; i < 3; i++) {
        char *json_path = ts_xprintf("%s/sweep.json", shard[i]);
        char *json = ts_slurp(json_path, NULL);
        char *want = ts_xprintf("\"shard\": {\"index\": %d, \"count\": 3, \"first_scenario\": "
                                "%zu, \"scenarios\": 270}",
                                i, next); /* 0-based in the receipt */
        if (!strstr(json, want))
            fail_msg("%s has no %s", json_path, want);
        next += 270;
        free(want);
        free(json);
        free(json_path);
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

/* More shards than scenarios: a shard without any writes its ranges empty (no extreme,
 * no scenario), and the merge of all shards is the whole sweep's bytes. */
static void test_sweep_empty_shard(void **state)
{
    (void)state;
    char *scen = realpath("scenarios/herijking_cap.yaml", NULL);
    assert_non_null(scen);
    char *text = ts_xprintf("sweep: 1\nname: two\nbase: %s\nmode: grid\nparameters:\n"
                            "  path.start: {values: [2022, 2024]}\n",
                            scen);
    char *sweep = ts_strdup(ts_write_in(ts_tmpdir, "two.yaml", text, strlen(text)));
    char *whole = ts_xprintf("%s/two_whole", ts_tmpdir), *merged = ts_xprintf("%s/two_m", ts_tmpdir);
    ts_cli_expect((const char *[]){"sweep", sweep, "-o", whole, NULL}, 0, NULL);
    char *shard[3];
    for (int i = 0; i < 3; i++) {
        shard[i] = ts_xprintf("%s/two_shard%d", ts_tmpdir, i + 1);
        char spec[8];
        snprintf(spec, sizeof spec, "%d/3", i + 1);
        ts_cli_expect((const char *[]){"sweep", sweep, "-o", shard[i], "--shard", spec, NULL}, 0,
                      NULL);
    }
    /* the first shard holds none of the two: its ranges are empty fields */
    char *path = ts_xprintf("%s/gemeente_bereik.csv", shard[0]), *ranges = ts_slurp(path, NULL);
    assert_non_null(strstr(ranges, "\nGM0014,Groningen,,,,,,,,,,,,,,\n"));
    ts_cli_expect(
        (const char *[]){"sweep-merge", sweep, "-o", merged, shard[1], shard[0], shard[2], NULL}, 0,
        NULL);
    static const char *const files[] = {"sweep.csv", "gemeente_bereik.csv", "sweep.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *a = ts_xprintf("%s/%s", whole, files[i]), *b = ts_xprintf("%s/%s", merged, files[i]);
        assert_true(ts_same_file(files[i], a, b));
        free(a);
        free(b);
    }
    for (int i = 0; i < 3; i++)
        free(shard[i]);
    free(ranges);
    free(path);
    free(merged);
    free(whole);
    free(sweep);
    free(text);
    free(scen);
}

/* A sample draws some scenarios more than once, and each block is computed in the order
 * of its budget, path and cap values (neighbours keep what they share, a scenario drawn
 * again is not computed again): every row of a sample, on one thread and on two, has the
 * figures of a sweep of that scenario alone (a fresh fork, which keeps nothing). */
static void test_sweep_sample_matches_alone(void **state)
{
    (void)state;
    char *scen = realpath("scenarios/herijking_cap.yaml", NULL);
    assert_non_null(scen);
    static const double percent[] = {0, 2}, cap[] = {5, 30};
    static const int start[] = {2022, 2024, 2026}, length[] = {4, 10};
    /* the 24 scenarios alone: their rows without the scenario number */
    char *alone[24];
    for (int i = 0; i < 24; i++) {
        char *text = ts_xprintf(
            "sweep: 1\nname: g\nbase: %s\nmode: grid\nparameters:\n"
            "  budget.other_years.percent: {values: [%g]}\n  path.start: {values: [%d]}\n"
            "  path.length: {values: [%d]}\n  cap.max_loss_per_inhabitant: {values: [%g]}\n",
            scen, percent[i / 12], start[i / 4 % 3], length[i / 2 % 2], cap[i % 2]);
        char *name = ts_xprintf("alone_%d.yaml", i);
        char *file = ts_strdup(ts_write_in(ts_tmpdir, name, text, strlen(text)));
        char *out = ts_xprintf("%s/alone_%d", ts_tmpdir, i);
        ts_cli_expect((const char *[]){"sweep", file, "-o", out, NULL}, 0, NULL);
        char *csv = ts_xprintf("%s/sweep.csv", out);
        char *rows = ts_slurp(csv, NULL);
        char **lines;
        assert_int_equal(ts_split_lines(rows, "sweep.csv", &lines), 2);
        alone[i] = ts_strdup(strchr(lines[1], ','));
        free(lines);
        free(rows);
        free(csv);
        free(out);
        free(file);
        free(name);
        free(text);
    }
    char *text = ts_xprintf("sweep: 1\nname: g\nbase: %s\nmode: sample\nsamples: 90\nseed: 11\n"
                            "parameters:\n"
                            "  budget.other_years.percent: {values: [0, 2]}\n"
                            "  path.start: {values: [2022, 2024, 2026]}\n"
                            "  path.length: {values: [4, 10]}\n"
                            "  cap.max_loss_per_inhabitant: {values: [5, 30]}\n",
                            scen);
    char *sample = ts_strdup(ts_write_in(ts_tmpdir, "match_sample.yaml", text, strlen(text)));
    free(text);
    for (int threads = 1; threads <= 2; threads++) {
        char *out = ts_xprintf("%s/match_sample_%d", ts_tmpdir, threads);
        ts_cli_expect((const char *[]){"sweep", sample, "-o", out, "--threads",
                                       threads == 1 ? "1" : "2", NULL},
                      0, NULL);
        char *csv = ts_xprintf("%s/sweep.csv", out);
        char *rows = ts_slurp(csv, NULL);
        char **lines;
        const size_t n = ts_split_lines(rows, "sample sweep.csv", &lines);
        assert_int_equal(n, 1 + 90);
        size_t twice = 0;
        for (size_t i = 1; i < n; i++) {
            const char *row = strchr(lines[i], ',');
            size_t found = 0;
            for (int k = 0; k < 24; k++)
                found += strcmp(row, alone[k]) == 0;
            if (found != 1)
                fail_msg("%d thread(s): row %s is no scenario's alone", threads, lines[i]);
            for (size_t j = 1; j < i; j++)
                twice += strcmp(strchr(lines[j], ','), row) == 0;
        }
        assert_true(twice > 0); /* 90 draws of 24 scenarios repeat some */
        free(lines);
        free(rows);
        free(csv);
        free(out);
    }
    for (int i = 0; i < 24; i++)
        free(alone[i]);
    free(sample);
    free(scen);
}

/* The `k`-th field of the CSV line `line` (RFC 4180 quotes allowed), in `buf`. */
static const char *csv_nth(const char *line, size_t k, char *buf, size_t size)
{
    size_t field = 0, len = 0;
    bool quoted = false;
    for (const char *p = line; *p; p++) {
        if (*p == '"') {
            if (quoted && p[1] == '"')
                p++;
            else {
                quoted = !quoted;
                continue;
            }
        } else if (*p == ',' && !quoted) {
            if (field++ == k)
                break;
            len = 0;
            continue;
        }
        if (field == k && len + 1 < size)
            buf[len++] = *p;
    }
    buf[len] = '\0';
    if (field < k)
        fail_msg("no field %zu in '%s'", k, line);
    return buf;
}

/* The value of column `name` in the CSV row `row` under `header`, as a number; fails
 * the test when the column is missing. */
static double csv_field(const char *header, const char *row, const char *name)
{
    char buf[256];
    for (size_t k = 0;; k++) {
        csv_nth(header, k, buf, sizeof buf);
        if (strcmp(buf, name) == 0)
            return strtod(csv_nth(row, k, buf, sizeof buf), NULL);
    }
}

/* The figures of a sweep's row are those of the scenario it names: for each start of
 * the path, the scenario is run on its own and the largest yearly loss and gain per
 * inhabitant (against the previous year) and the final-year differences are computed
 * again from its allocations.csv and compared with the sweep's row (to the cent it
 * prints). */
static void test_sweep_figures_recomputed(void **state)
{
    (void)state;
    char *scen = realpath("scenarios/herijking_cap.yaml", NULL), *models = realpath("models", NULL);
    assert_non_null(scen);
    assert_non_null(models);
    char *sweep_text = ts_xprintf("sweep: 1\nname: x\nbase: %s\nmode: grid\nparameters:\n"
                                  "  path.start: {values: [2022, 2025]}\n"
                                  "loss_threshold_per_inhabitant: 12.5\n",
                                  scen);
    char *sweep =
        ts_strdup(ts_write_in(ts_tmpdir, "figures_sweep.yaml", sweep_text, strlen(sweep_text)));
    char *out = ts_xprintf("%s/sweep_figures", ts_tmpdir);
    ts_cli_expect((const char *[]){"sweep", sweep, "-o", out, "--threads", "2", NULL}, 0, NULL);
    char *csv = ts_xprintf("%s/sweep.csv", out);
    char *text = ts_slurp(csv, NULL);
    char **rows;
    assert_int_equal(ts_split_lines(text, "sweep.csv", &rows), 3);

    char *base = ts_slurp(scen, NULL);
    static const int starts[] = {2022, 2025};
    for (int k = 0; k < 2; k++) {
        /* the scenario of row k: the base with its path starting in starts[k] and its
         * paths made absolute, since it is written elsewhere */
        char *variant = ts_strdup("");
        for (char *line = base; *line;) {
            char *end = strchr(line, '\n');
            size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
            char *piece = ts_xprintf("%.*s", (int)len, line);
            char *next;
            if (strncmp(piece, "  start: 2022", 13) == 0)
                next = ts_xprintf("%s  start: %d\n", variant, starts[k]);
            else if (strstr(piece, "../models"))
                next = ts_xprintf("%s%.*s%s%s", variant, (int)(strstr(piece, "../models") - piece),
                                  piece, models, strstr(piece, "../models") + strlen("../models"));
            else
                next = ts_xprintf("%s%s", variant, piece);
            free(variant);
            free(piece);
            variant = next;
            line += len;
        }
        char *name = ts_xprintf("figures_%d.yaml", starts[k]);
        const char *file = ts_write_in(ts_tmpdir, name, variant, strlen(variant));
        char *run_out = ts_xprintf("%s/figures_run_%d", ts_tmpdir, starts[k]);
        ts_cli_expect((const char *[]){"run", file, "-o", run_out, "--no-plots", NULL}, 0, NULL);
        char *alloc_path = ts_xprintf("%s/allocations.csv", run_out);
        char *alloc = ts_slurp(alloc_path, NULL);
        char **lines;
        size_t n_lines = ts_split_lines(alloc, "allocations.csv", &lines);
        assert_true(n_lines > 342);
        /* rows are per year, then per gemeente in the same order every year */
        const size_t n_g = 342, n_y = (n_lines - 1) / n_g;
        assert_int_equal(n_y * n_g + 1, n_lines);
        double worst_loss = 0, best_gain = 0, final_min = 0, final_max = 0;
        size_t over = 0;
        for (size_t g = 0; g < n_g; g++) {
            double largest_loss = 0;
            for (size_t y = 1; y < n_y; y++) {
                const char *now = lines[1 + y * n_g + g], *before = lines[1 + (y - 1) * n_g + g];
                double inh = csv_field(lines[0], now, "inwoners");
                double change =
                    (csv_field(lines[0], now, "totaal") - csv_field(lines[0], before, "totaal")) /
                    inh;
                if (-change > largest_loss)
                    largest_loss = -change;
                if (change > best_gain)
                    best_gain = change;
            }
            if (largest_loss > worst_loss)
                worst_loss = largest_loss;
            over += largest_loss > 12.5;
            double final =
                csv_field(lines[0], lines[1 + (n_y - 1) * n_g + g], "verschil_per_inwoner");
            if (final < final_min)
                final_min = final;
            if (final > final_max)
                final_max = final;
        }
        assert_in_range(csv_field(rows[0], rows[1 + k], "path.start"), starts[k], starts[k]);
        const double cent = 0.005 + 1e-9;
        assert_float_equal(csv_field(rows[0], rows[1 + k], "grootste_jaarverlies_per_inwoner"),
                           worst_loss, cent);
        assert_float_equal(csv_field(rows[0], rows[1 + k], "grootste_jaarwinst_per_inwoner"),
                           best_gain, cent);
        assert_float_equal(csv_field(rows[0], rows[1 + k], "gemeenten_jaarverlies_boven_drempel"),
                           (double)over, 0);
        /* allocations.csv prints the difference per inhabitant to the cent already */
        assert_float_equal(csv_field(rows[0], rows[1 + k], "grootste_verlies_per_inwoner_eindjaar"),
                           -final_min, cent);
        assert_float_equal(csv_field(rows[0], rows[1 + k], "grootste_winst_per_inwoner_eindjaar"),
                           final_max, cent);
        /* not a trivial comparison: the path's start changes the figures */
        assert_true(best_gain > 1 && over > 0);
        free(lines);
        free(alloc);
        free(alloc_path);
        free(run_out);
        free(name);
        free(variant);
    }
    free(base);
    free(rows);
    free(text);
    free(csv);
    free(out);
    free(sweep_text);
    free(sweep);
    free(scen);
    free(models);
}

/* An s-curve's start must lie before its end and at most a year after its midpoint: a
 * sweep that moves the start is held to both, each on its own. */
static void test_sweep_scurve_start(void **state)
{
    (void)state;
    char *scen = realpath("scenarios/default.yaml", NULL), *models = realpath("models", NULL);
    assert_non_null(scen);
    assert_non_null(models);
    char *base = ts_slurp(scen, NULL);
    static const struct {
        const char *midpoint, *start, *message;
    } cases[] = {
        {"2030.5", "2031", "path.start: 2031 is not before path.end (2031)"},
        {"2026", "2029", "path.start: 2029 is after path.midpoint (2026) + 1"},
    };
    for (size_t k = 0; k < 2; k++) {
        /* the default scenario with an s-curve path and absolute model paths */
        char *text = ts_strdup("");
        for (char *line = base; *line;) {
            char *end = strchr(line, '\n');
            size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
            char *piece = ts_xprintf("%.*s", (int)len, line), *next;
            if (strncmp(piece, "path:", 5) == 0)
                next = ts_xprintf("%spath: {type: s-curve, start: 2022, end: 2031, midpoint: %s, "
                                  "steepness: 1}\n",
                                  text, cases[k].midpoint);
            else if (strncmp(piece, "  ", 2) == 0 && strstr(text, "\npath: {"))
                next = ts_strdup(text); /* the block path's own lines */
            else if (strstr(piece, "../models"))
                next = ts_xprintf("%s%.*s%s%s", text, (int)(strstr(piece, "../models") - piece),
                                  piece, models, strstr(piece, "../models") + strlen("../models"));
            else
                next = ts_xprintf("%s%s", text, piece);
            free(text);
            free(piece);
            text = next;
            line += len;
        }
        char *base_name = ts_xprintf("scurve_%zu.yaml", k);
        char *base_path = ts_strdup(ts_write_in(ts_tmpdir, base_name, text, strlen(text)));
        char *sweep = ts_xprintf("sweep: 1\nname: x\nbase: %s\nmode: grid\nparameters:\n"
                                 "  path.start: {values: [%s]}\n",
                                 base_path, cases[k].start);
        char *sweep_name = ts_xprintf("scurve_sweep_%zu.yaml", k);
        char *sweep_path = ts_strdup(ts_write_in(ts_tmpdir, sweep_name, sweep, strlen(sweep)));
        char *out = ts_xprintf("%s/scurve_out_%zu", ts_tmpdir, k);
        /* the base itself is a valid scenario */
        char *run_out = ts_xprintf("%s/scurve_run_%zu", ts_tmpdir, k);
        ts_cli_expect((const char *[]){"run", base_path, "-o", run_out, "--no-plots", NULL}, 0,
                      NULL);
        ts_cli_expect((const char *[]){"sweep", sweep_path, "-o", out, NULL}, 1, cases[k].message);
        assert_false(ts_exists(out));
        free(run_out);
        free(out);
        free(sweep_path);
        free(sweep_name);
        free(sweep);
        free(base_path);
        free(base_name);
        free(text);
    }
    free(base);
    free(scen);
    free(models);
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
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: grid\n"
         "parameters:\n  path.outflow: {values: [0.1]}\n",
         ":6:3: parameters: path.outflow needs a cohort path with an outflow in the base "
         "scenario"},
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
         "parameters:\n  path.start: {values: [2022, 2023.5]}\n",
         ":6:31: path.start.values[1]: expected a whole number"},
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
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: grid\n"
         "design: sobol\nparameters:\n  path.start: {values: [2022]}\n",
         ":5:9: 'design' goes with mode sample"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: sample\n"
         "design: sobol\nsamples: 10\nseed: 1\nparameters:\n  path.start: {values: [2022]}\n",
         ":7:7: design sobol has no seed"},
        {"sweep: 1\nname: x\nbase: ../../../scenarios/default.yaml\nmode: sample\n"
         "design: halton\nsamples: 10\nparameters:\n  path.start: {values: [2022]}\n",
         ":5:9: design: 'halton'"},
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

/* Fills every slot of `s` for quantity 0 of gemeente 0 with v(index) of its scenario. */
static void fill_sample(ig_sweep_sample *s, size_t n, int64_t (*v)(size_t))
{
    for (size_t i = 0; i < n; i++) {
        size_t slot = ig_sweep_sample_slot(s, i);
        if (slot != SIZE_MAX) {
            assert_true(slot < s->k);
            assert_int_equal(s->at[slot], SIZE_MAX); /* no slot twice */
            s->at[slot] = i;
            s->v[0][slot] = v(i);
        }
    }
    for (size_t slot = 0; slot < s->k; slot++) /* every slot once */
        assert_int_not_equal(s->at[slot], SIZE_MAX);
}

static int64_t scrambled(size_t i)
{
    return (int64_t)((i * 7919u) % 10007u) - 5000; /* 0..10006 each once for i < 10007 */
}
static int64_t periodic(size_t i)
{
    return (int64_t)(i % 10) * 100; /* a grid's fastest parameter, ten values */
}

/* The exact p-quantile of v(0..n-1), from GSL over the whole sorted data. */
static double exact_quantile(size_t n, int64_t (*v)(size_t), double p)
{
    double *all = malloc(n * sizeof *all);
    assert_non_null(all);
    for (size_t i = 0; i < n; i++)
        all[i] = (double)v(i);
    gsl_sort(all, 1, n);
    double q = gsl_stats_quantile_from_sorted_data(all, 1, n, p);
    free(all);
    return q;
}

/* The sample behind the quantiles: up to IG_SWEEP_SAMPLE scenarios it holds every one and
 * its quantiles are exactly GSL's over all the data; beyond, each scenario number maps to
 * at most one slot and every slot is filled once, and the quantiles are close to the
 * exact ones within what a uniform sample of 1,000 allows. The tolerance: the fraction of
 * the data below a sample's p-quantile has a standard deviation of about
 * sqrt(p (1 - p) / 1000) (0.7 % at p5 and p95, 1.6 % at the median); the test allows
 * four of them, as a fraction of the data's range, since the data are spread evenly. A
 * sample that took every twentieth scenario would see one value of the periodic data
 * (its median would be 0, not 450); the permutation does not. */
static void test_sweep_sample_quantiles(void **state)
{
    (void)state;
    static const double ps[] = {0.05, 0.5, 0.95};
    double scratch[IG_SWEEP_SAMPLE];
    ig_sweep_sample s;
    /* 997 scenarios: all in the sample, exact */
    assert_true(ig_sweep_sample_init(&s, 997, 1));
    assert_int_equal(s.k, 997);
    fill_sample(&s, 997, scrambled);
    for (size_t i = 0; i < 3; i++) {
        int64_t q;
        assert_true(ig_sweep_sample_quantile(&s, 0, 0, ps[i], scratch, &q));
        double want = exact_quantile(997, scrambled, ps[i]);
        assert_true(fabs((double)q - want) <= 0.5); /* rounded to a whole cent */
    }
    ig_sweep_sample_clear(&s);
    /* 10,007 and 200,000 scenarios: a sample of 1,000 */
    static const size_t sizes[] = {10007, 200000};
    int64_t (*const data[])(size_t) = {scrambled, periodic};
    const double range[] = {10006, 900};
    for (size_t d = 0; d < 2; d++)
        for (size_t z = 0; z < 2; z++) {
            assert_true(ig_sweep_sample_init(&s, sizes[z], 1));
            assert_int_equal(s.k, IG_SWEEP_SAMPLE);
            fill_sample(&s, sizes[z], data[d]);
            for (size_t i = 0; i < 3; i++) {
                int64_t q;
                assert_true(ig_sweep_sample_quantile(&s, 0, 0, ps[i], scratch, &q));
                double want = exact_quantile(sizes[z], data[d], ps[i]);
                double sd = sqrt(ps[i] * (1 - ps[i]) / IG_SWEEP_SAMPLE);
                if (fabs((double)q - want) > 4 * sd * range[d] + 0.5)
                    fail_msg("data %zu, %zu scenarios, p %.2f: sample %lld, exact %.1f", d,
                             sizes[z], ps[i], (long long)q, want);
            }
            ig_sweep_sample_clear(&s);
        }
    /* no slot filled: no quantile */
    assert_true(ig_sweep_sample_init(&s, 5000, 1));
    int64_t q;
    assert_false(ig_sweep_sample_quantile(&s, 0, 0, 0.5, scratch, &q));
    ig_sweep_sample_clear(&s);
}

/* The quantiles of the sample are exactly GSL's over the whole sorted data
 * (gsl_stats_quantile_from_sorted_data after gsl_sort), rounded, although they are found
 * by selection: for every size up to the sample's, data with ties and without, at the
 * ends (p 0 and 1) and between. */
static int64_t few(size_t i)
{
    return (int64_t)((i * 37u) % 7u) * 250 - 600; /* seven values, many ties */
}
static void test_sweep_sample_quantiles_exact(void **state)
{
    (void)state;
    static const double ps[] = {0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0, 1.0 / 3};
    const size_t n_p = sizeof ps / sizeof ps[0];
    static double scratch[IG_SWEEP_SAMPLE], all[IG_SWEEP_SAMPLE];
    int64_t (*const data[])(size_t) = {scrambled, periodic, few};
    for (size_t d = 0; d < 3; d++)
        for (size_t n = 1; n <= IG_SWEEP_SAMPLE; n += n < 40 ? 1 : 97) {
            ig_sweep_sample s;
            assert_true(ig_sweep_sample_init(&s, n, 1));
            fill_sample(&s, n, data[d]);
            int64_t got[8];
            assert_true(ig_sweep_sample_quantiles(&s, 0, 0, ps, n_p, scratch, got));
            for (size_t i = 0; i < n; i++)
                all[i] = (double)data[d](i);
            gsl_sort(all, 1, n);
            for (size_t i = 0; i < n_p; i++) {
                const int64_t want = ig_round(gsl_stats_quantile_from_sorted_data(all, 1, n, ps[i]));
                if (got[i] != want)
                    fail_msg("data %zu, %zu values, p %g: %lld, GSL %lld", d, n, ps[i],
                             (long long)got[i], (long long)want);
            }
            ig_sweep_sample_clear(&s);
        }
}

/* A sampled sweep of more scenarios than the sample holds gives the same quantiles whole
 * on two threads and in two shards merged: each shard writes its part of the sample, the
 * merge refuses a shard whose part names a scenario outside it; every gemeente's
 * quantiles lie between its minimum and maximum and in order. */
static void test_sweep_sample_merged(void **state)
{
    (void)state;
    char *scen = realpath("scenarios/herijking_cap.yaml", NULL);
    assert_non_null(scen);
    char *text = ts_xprintf("sweep: 1\nname: q\nbase: %s\nmode: sample\nsamples: 1500\n"
                            "seed: 7\nparameters:\n  path.start: {from: 2022, to: 2030, step: 1}\n"
                            "  cap.max_loss_per_inhabitant: {from: 5, to: 50, step: 5}\n",
                            scen);
    char *sweep = ts_strdup(ts_write_in(ts_tmpdir, "quantile_sweep.yaml", text, strlen(text)));
    char *whole = ts_xprintf("%s/q_whole", ts_tmpdir),
         *merged = ts_xprintf("%s/q_merged", ts_tmpdir);
    char *shard[2];
    ts_cli_expect((const char *[]){"sweep", sweep, "-o", whole, "--threads", "2", NULL}, 0, NULL);
    for (int i = 0; i < 2; i++) {
        shard[i] = ts_xprintf("%s/q_shard%d", ts_tmpdir, i + 1);
        ts_cli_expect(
            (const char *[]){"sweep", sweep, "-o", shard[i], "--shard", i ? "2/2" : "1/2", NULL}, 0,
            NULL);
    }
    ts_cli_expect((const char *[]){"sweep-merge", sweep, "-o", merged, shard[1], shard[0], NULL}, 0,
                  NULL);
    static const char *const files[] = {"sweep.csv", "gemeente_bereik.csv", "sweep.json"};
    for (size_t i = 0; i < 3; i++) {
        char *a = ts_xprintf("%s/%s", whole, files[i]), *b = ts_xprintf("%s/%s", merged, files[i]);
        assert_true(ts_same_file(files[i], a, b));
        free(a);
        free(b);
    }
    { /* a shard's receipt says that its quantiles are over its part of the sample only */
        size_t parts = 0;
        for (int i = 0; i < 2; i++) {
            char *p = ts_xprintf("%s/sweep.json", shard[i]), *json = ts_slurp(p, NULL);
            const char *q = strstr(json, "\"quantiles\": {\"method\": \"this shard's part of the "
                                         "sample only: whole after sweep-merge\", \"sample\": ");
            assert_non_null(q);
            parts += strtoul(q + strlen("\"quantiles\": {\"method\": \"this shard's part of the "
                                        "sample only: whole after sweep-merge\", \"sample\": "),
                             NULL, 10);
            free(json);
            free(p);
        }
        char *path = ts_xprintf("%s/sweep.json", merged), *json = ts_slurp(path, NULL);
        const char *q = strstr(json, "\"quantiles\": {\"method\": \"");
        assert_non_null(q);
        const char *sample = strstr(q, "\"sample\": ");
        assert_non_null(sample);
        assert_true(parts == strtoul(sample + 10, NULL, 10)); /* the parts make the whole */
        free(json);
        free(path);
    }
    char *path = ts_xprintf("%s/gemeente_bereik.csv", whole);
    char *csv = ts_slurp(path, NULL);
    char **lines;
    size_t n = ts_split_lines(csv, "gemeente_bereik.csv", &lines);
    assert_int_equal(n, 343);
    static const char *const q[2][5] = {
        {"verschil_per_inwoner_eindjaar_min", "verschil_per_inwoner_eindjaar_p5",
         "verschil_per_inwoner_eindjaar_mediaan", "verschil_per_inwoner_eindjaar_p95",
         "verschil_per_inwoner_eindjaar_max"},
        {"grootste_jaarverlies_per_inwoner_min", "grootste_jaarverlies_per_inwoner_p5",
         "grootste_jaarverlies_per_inwoner_mediaan", "grootste_jaarverlies_per_inwoner_p95",
         "grootste_jaarverlies_per_inwoner_max"}};
    size_t spread = 0;
    for (size_t r = 1; r < n; r++)
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j + 1 < 5; j++)
                assert_true(csv_field(lines[0], lines[r], q[k][j]) <=
                            csv_field(lines[0], lines[r], q[k][j + 1]));
            spread +=
                csv_field(lines[0], lines[r], q[k][1]) < csv_field(lines[0], lines[r], q[k][3]);
        }
    assert_true(spread > 300); /* the quantiles are not all one value */
    free(lines);
    free(csv);
    free(path);
    char *json = ts_xprintf("%s/sweep.json", whole);
    char *receipt = ts_slurp(json, NULL);
    assert_non_null(
        strstr(receipt, "\"method\": \"a fixed sample of the scenarios\", \"sample\": 1000"));
    free(receipt);
    free(json);
    /* a shard's sample naming a scenario of the other shard is refused */
    char *sample_path = ts_xprintf("%s/gemeente_steekproef.csv", shard[0]);
    char *sample = ts_slurp(sample_path, NULL);
    char *comma = strchr(strchr(sample, ',') + 1, ','); /* the first scenario's column */
    assert_non_null(comma);
    char *end = comma + 1 + strspn(comma + 1, "0123456789");
    char *bad = ts_xprintf("%.*s1499%s", (int)(comma + 1 - sample), sample, end);
    char *bad_dir = ts_xprintf("%s/q_badshard", ts_tmpdir);
    char *cp = ts_xprintf("cp -r %s %s", shard[0], bad_dir);
    assert_int_equal(system(cp), 0);
    ts_write_in(bad_dir, "gemeente_steekproef.csv", bad, strlen(bad));
    char *refused = ts_xprintf("%s/q_refused", ts_tmpdir);
    ts_cli_expect((const char *[]){"sweep-merge", sweep, "-o", refused, bad_dir, shard[1], NULL}, 1,
                  "is not a scenario of this shard's part of the sample");
    assert_false(ts_exists(refused));
    free(refused);
    free(cp);
    free(bad_dir);
    free(bad);
    free(sample);
    free(sample_path);
    for (int i = 0; i < 2; i++)
        free(shard[i]);
    free(whole);
    free(merged);
    free(sweep);
    free(text);
    free(scen);
}

/* The Sobol design: deterministic (the same bytes on one thread, on two and in two
 * merged shards, the second starting mid-sequence), named in the receipt, and it covers
 * each parameter's values evenly. Why the bounds: 2^9 consecutive points of a Sobol
 * sequence from point 0 put exactly one point in each interval [k/512, (k+1)/512) of
 * each coordinate; GSL's sequence starts after the origin, so its first 512 points are
 * those with one point exchanged, which moves a count by at most one. Of 8 values (each
 * 64 such intervals) each comes 64 +- 1 times; of 9 or 10 values each value's share of
 * [0, 1) holds 512/9 (512/10) intervals give or take one at each end, so 512/m +- 2.
 * Random draws would scatter by about sqrt(512/9) = 7.5. More than 40 parameters, GSL's
 * limit, are refused with the count. */
static void test_sweep_sobol(void **state)
{
    (void)state;
    char *scen = realpath("scenarios/herijking_cap.yaml", NULL);
    assert_non_null(scen);
    char *text =
        ts_xprintf("sweep: 1\nname: s\nbase: %s\nmode: sample\ndesign: sobol\n"
                   "samples: 512\nparameters:\n  path.start: {from: 2022, to: 2029, step: 1}\n"
                   "  path.length: {from: 4, to: 12, step: 1}\n"
                   "  cap.max_loss_per_inhabitant: {from: 5, to: 50, step: 5}\n",
                   scen);
    char *sweep = ts_strdup(ts_write_in(ts_tmpdir, "sobol.yaml", text, strlen(text)));
    char *one = ts_xprintf("%s/sobol_1", ts_tmpdir), *two = ts_xprintf("%s/sobol_2", ts_tmpdir),
         *merged = ts_xprintf("%s/sobol_m", ts_tmpdir);
    char *shard[2];
    ts_cli_expect((const char *[]){"sweep", sweep, "-o", one, "--threads", "1", NULL}, 0, NULL);
    ts_cli_expect((const char *[]){"sweep", sweep, "-o", two, "--threads", "2", NULL}, 0, NULL);
    for (int i = 0; i < 2; i++) {
        shard[i] = ts_xprintf("%s/sobol_shard%d", ts_tmpdir, i + 1);
        ts_cli_expect(
            (const char *[]){"sweep", sweep, "-o", shard[i], "--shard", i ? "2/2" : "1/2", NULL}, 0,
            NULL);
    }
    ts_cli_expect((const char *[]){"sweep-merge", sweep, "-o", merged, shard[0], shard[1], NULL}, 0,
                  NULL);
    static const char *const files[] = {"sweep.csv", "gemeente_bereik.csv", "sweep.json"};
    for (size_t i = 0; i < 3; i++) {
        char *a = ts_xprintf("%s/%s", one, files[i]), *b = ts_xprintf("%s/%s", two, files[i]),
             *c = ts_xprintf("%s/%s", merged, files[i]);
        assert_true(ts_same_file(files[i], a, b));
        assert_true(ts_same_file(files[i], a, c));
        free(a);
        free(b);
        free(c);
    }
    char *json_path = ts_xprintf("%s/sweep.json", one);
    char *json = ts_slurp(json_path, NULL);
    assert_non_null(strstr(json, "\"design\": \"sobol\",\n  \"generator\": \"gsl_qrng_sobol\""));
    assert_null(strstr(json, "\"seed\""));
    char *csv_path = ts_xprintf("%s/sweep.csv", one);
    char *csv = ts_slurp(csv_path, NULL);
    char **lines;
    assert_int_equal(ts_split_lines(csv, "sweep.csv", &lines), 513);
    size_t start[8] = {0}, length[9] = {0}, cap[10] = {0};
    for (size_t r = 1; r < 513; r++) {
        double a = csv_field(lines[0], lines[r], "path.start"),
               b = csv_field(lines[0], lines[r], "path.length"),
               c = csv_field(lines[0], lines[r], "cap.max_loss_per_inhabitant");
        assert_true(a >= 2022 && a <= 2029 && b >= 4 && b <= 12 && c >= 5 && c <= 50);
        start[(size_t)a - 2022]++;
        length[(size_t)b - 4]++;
        cap[(size_t)(c / 5) - 1]++;
    }
    for (size_t i = 0; i < 8; i++)
        assert_in_range(start[i], 63, 65);
    for (size_t i = 0; i < 9; i++) /* 512 / 9 = 56.9 */
        assert_in_range(length[i], 55, 59);
    for (size_t i = 0; i < 10; i++) /* 512 / 10 = 51.2 */
        assert_in_range(cap[i], 50, 53);
    free(lines);
    free(csv);
    free(csv_path);
    free(json);
    free(json_path);
    /* 41 parameters: 41 index mutations of the base budget, each swept */
    char *base_text = ts_slurp("scenarios/uitgesteld_2027.yaml", NULL);
    char *models = realpath("models", NULL);
    assert_non_null(models);
    char *mut = strstr(base_text, "    - name: \"loon- en prijsbijstelling (aanname)\"");
    char *hist = strstr(base_text, "historical_key:");
    assert_true(mut && hist && mut < hist);
    char *block = ts_xprintf("%.*s", (int)(hist - mut), mut);
    char *scenario = ts_xprintf("%.*s", (int)(mut - base_text), base_text);
    char *params = ts_strdup("");
    for (int i = 0; i < 41; i++) {
        char *paren = strstr(block, "(aanname)\"");
        assert_non_null(paren);
        char *next = ts_xprintf("%s%.*s(aanname %d)%s", scenario, (int)(paren - block), block, i,
                                paren + 9); /* each mutation its own name */
        free(scenario);
        scenario = next;
        next = ts_xprintf("%s  budget.mutations[%d].percent: {values: [1, 2]}\n", params, i);
        free(params);
        params = next;
    }
    char *rest = ts_strdup(hist), *full = NULL;
    /* the models by absolute path, since the scenario is written elsewhere */
    for (char *at; (at = strstr(rest, "../models"));) {
        char *next = ts_xprintf("%.*s%s%s", (int)(at - rest), rest, models, at + 9);
        free(rest);
        rest = next;
    }
    char *head = scenario;
    for (char *at; (at = strstr(head, "../models"));) {
        char *next = ts_xprintf("%.*s%s%s", (int)(at - head), head, models, at + 9);
        free(head);
        head = next;
    }
    full = ts_xprintf("%s%s", head, rest);
    char *scen41 = ts_strdup(ts_write_in(ts_tmpdir, "forty_one.yaml", full, strlen(full)));
    char *sweep41_text = ts_xprintf("sweep: 1\nname: v\nbase: %s\nmode: sample\ndesign: sobol\n"
                                    "samples: 10\nparameters:\n%s",
                                    scen41, params);
    char *sweep41 =
        ts_strdup(ts_write_in(ts_tmpdir, "sobol41.yaml", sweep41_text, strlen(sweep41_text)));
    char *out41 = ts_xprintf("%s/sobol41", ts_tmpdir);
    ts_cli_expect((const char *[]){"sweep", sweep41, "-o", out41, NULL}, 1,
                  ":5:9: design sobol takes at most 40 parameters (GSL's Sobol sequence has at "
                  "most 40 dimensions); this sweep has 41");
    assert_false(ts_exists(out41));
    free(out41);
    free(sweep41);
    free(sweep41_text);
    free(scen41);
    free(full);
    free(head);
    free(rest);
    free(params);
    free(block);
    free(models);
    free(base_text);
    for (int i = 0; i < 2; i++)
        free(shard[i]);
    free(one);
    free(two);
    free(merged);
    free(sweep);
    free(text);
    free(scen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_deterministic),
        cmocka_unit_test(test_sweep_figures_recomputed),
        cmocka_unit_test(test_sweep_scurve_start),
        cmocka_unit_test(test_sweep_bad_input),
        cmocka_unit_test(test_sweep_grid_limit),
        cmocka_unit_test(test_sweep_interrupted),
        cmocka_unit_test(test_sweep_sample_quantiles),
        cmocka_unit_test(test_sweep_sample_quantiles_exact),
        cmocka_unit_test(test_sweep_sample_matches_alone),
        cmocka_unit_test(test_sweep_sample_merged),
        cmocka_unit_test(test_sweep_empty_shard),
        cmocka_unit_test(test_sweep_sobol),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
