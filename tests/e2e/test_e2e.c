/*
 * test_e2e.c - the command-line tool end to end: `ingroei run scenarios/default.yaml
 * --gemeente Zwolle --no-plots` gives exactly the golden tables in tests/e2e/golden,
 * the receipt is the same on every run and in another locale, and a gemeente name
 * full of quotes and script fragments is data everywhere it goes (CSV and the gnuplot
 * script), never code; every example scenario adds up; a sweep gives the same bytes on
 * any number of threads and in shards, and Ctrl-C stops it without writing anything.
 *
 * Runs from the repository root with INGROEI_CLI naming the built `ingroei` binary.
 * To regenerate the golden files after a deliberate change, run the command above
 * with -o DIR and copy allocations.csv, budget.csv and gemeente_GM0193.csv from DIR
 * into tests/e2e/golden (and check a few numbers by hand, as test_hand_checked does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/support.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GOLDEN_DIR       "tests/e2e/golden"
#define DEFAULT_SCENARIO "scenarios/default.yaml"
#define PWNED            "/tmp/pwned"

static const char *const golden_files[] = {"allocations.csv", "budget.csv", "gemeente_GM0193.csv"};

static char *tmpdir; /* made by group_setup, removed by group_teardown */

/* ---- helpers ------------------------------------------------------------------------ */

/* Runs the default scenario into tmpdir/sub; fails the test when the run fails. */
static char *run_scenario(const char *scenario, const char *sub, const char *lc_all)
{
    char *out = ts_xprintf("%s/%s", tmpdir, sub);
    const char *args[] = {"run", scenario, "-o", out, "--gemeente", "Zwolle", "--no-plots", NULL};
    char *err = NULL;
    int status = ts_run_cli(args, lc_all, &err);
    if (status != 0)
        fail_msg("ingroei run %s exited with %d:\n%s", scenario, status, err);
    free(err);
    return out;
}

static char *run_default(const char *sub, const char *lc_all)
{
    return run_scenario(DEFAULT_SCENARIO, sub, lc_all);
}

/* Compares `got` with `want` byte for byte; on a difference prints the first
 * differing line of each, as a unified diff would show it. */
static bool same_bytes(const char *name, const char *want, size_t want_len, const char *got,
                       size_t got_len)
{
    if (want_len == got_len && memcmp(want, got, want_len) == 0)
        return true;
    size_t i = 0, line = 1, start = 0;
    while (i < want_len && i < got_len && want[i] == got[i]) {
        if (want[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    size_t wl = strcspn(want + start, "\n"), gl = strcspn(got + start, "\n");
    if (start + wl > want_len)
        wl = want_len - start;
    if (start + gl > got_len)
        gl = got_len - start;
    print_error("%s differs from the golden copy at line %zu (byte %zu):\n"
                "@@ -%zu +%zu @@\n-%.*s\n+%.*s\n",
                name, line, i, line, line, (int)wl, want + start, (int)gl, got + start);
    return false;
}

static bool same_file(const char *name, const char *want_path, const char *got_path)
{
    size_t wl, gl;
    char *want = ts_slurp(want_path, &wl), *got = ts_slurp(got_path, &gl);
    bool same = same_bytes(name, want, wl, got, gl);
    free(want);
    free(got);
    return same;
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

/* ---- group set-up -------------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    ts_cli(); /* fails the group here when INGROEI_CLI is not set */
    tmpdir = ts_make_temp_dir("e2e");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    ts_remove_temp_dir(&tmpdir);
    return 0;
}

/* ---- the tests ------------------------------------------------------------------------ */

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

/* Every shipped example scenario runs, and in its tables every year's allocations add
 * up to that year's total in budget.csv (the caps themselves are checked on random
 * scenarios in tests/core/test_cap.c). */
static void test_example_scenarios(void **state)
{
    (void)state;
    static const char *const examples[] = {"default", "uitgesteld_2027", "acht_jaar",
                                           "cohort",  "herijking_cap",   "wlz_uitname"};
    for (size_t e = 0; e < sizeof examples / sizeof examples[0]; e++) {
        char *scenario = ts_xprintf("scenarios/%s.yaml", examples[e]);
        char *out = ts_xprintf("%s/example_%s", tmpdir, examples[e]);
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

/* Runs `ingroei ARGS...`; fails the test unless it exits with `want`. */
/* A sweep gives the same bytes on one thread and on two, and split into three shards
 * merged again (in any order of the shard directories). */
static void test_sweep_deterministic(void **state)
{
    (void)state;
    static const char *const sweep = "scenarios/sweeps/start_en_lengte.yaml";
    static const char *const files[] = {"sweep.csv", "gemeente_bereik.csv", "sweep.json"};
    char *one = ts_xprintf("%s/sweep_t1", tmpdir), *two = ts_xprintf("%s/sweep_t2", tmpdir),
         *merged = ts_xprintf("%s/sweep_merged", tmpdir);
    ts_cli_expect((const char *[]){"sweep", sweep, "-o", one, "--threads", "1", NULL}, 0, NULL);
    ts_cli_expect((const char *[]){"sweep", sweep, "-o", two, "--threads", "2", NULL}, 0, NULL);
    char *shard[3];
    for (int i = 0; i < 3; i++) {
        shard[i] = ts_xprintf("%s/sweep_shard%d", tmpdir, i + 1);
        char spec[8];
        snprintf(spec, sizeof spec, "%d/3", i + 1);
        ts_cli_expect((const char *[]){"sweep", sweep, "-o", shard[i], "--shard", spec, NULL}, 0,
                      NULL);
    }
    ts_cli_expect(
        (const char *[]){"sweep-merge", sweep, "-o", merged, shard[2], shard[0], shard[1], NULL}, 0,
        NULL);
    /* a missing shard is refused, and writes nothing */
    char *partial = ts_xprintf("%s/sweep_partial", tmpdir);
    ts_cli_expect((const char *[]){"sweep-merge", sweep, "-o", partial, shard[0], shard[2], NULL},
                  1, NULL);
    assert_false(ts_exists(partial));
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *a = ts_xprintf("%s/%s", one, files[i]), *b = ts_xprintf("%s/%s", two, files[i]),
             *c = ts_xprintf("%s/%s", merged, files[i]);
        assert_true(same_file(files[i], a, b));
        assert_true(same_file(files[i], a, c));
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

/* `ingroei au` recomputes mei 2024 -> 2024: the same bytes twice, a row per gemeente
 * whose algemene uitkering adds up to the receipt's total (38,422,385,635 euro rounded
 * per line), a line per gemeente and maatstaf; solving the factor from that total gives
 * back the published 1.414; a bad model leaves the earlier results untouched. */
static void test_au_recomputes_a_circulaire(void **state)
{
    (void)state;
    static const char *const model = "models/nl/gemeentefonds/au_mei2024_2024.yaml";
    char *one = ts_xprintf("%s/au1", tmpdir), *two = ts_xprintf("%s/au2", tmpdir),
         *solved = ts_xprintf("%s/au_solved", tmpdir);
    ts_cli_expect((const char *[]){"au", model, "-o", one, NULL}, 0, NULL);
    ts_cli_expect((const char *[]){"au", model, "-o", two, NULL}, 0, NULL);
    static const char *const files[] = {"au.csv", "au_regels.csv", "au.json"};
    for (size_t i = 0; i < 3; i++) {
        char *a = ts_xprintf("%s/%s", one, files[i]), *b = ts_xprintf("%s/%s", two, files[i]);
        assert_true(same_file(files[i], a, b));
        free(a);
        free(b);
    }
    char *csv = ts_xprintf("%s/au.csv", one);
    char *text = ts_slurp(csv, NULL);
    char **lines;
    size_t n = ts_split_lines(text, "au.csv", &lines);
    assert_int_equal(n, 1 + 342);
    long long sum = 0;
    for (size_t i = 1; i < n; i++) {
        /* algemene_uitkering is the one but last field */
        char *last = strrchr(lines[i], ',');
        assert_non_null(last);
        *last = '\0';
        char *prev = strrchr(lines[i], ',');
        assert_non_null(prev);
        sum += atoll(prev + 1);
    }
    assert_true(sum == 38422385635LL);
    free(lines);
    free(text);
    free(csv);
    char *json = ts_xprintf("%s/au.json", one);
    text = ts_slurp(json, NULL);
    assert_non_null(strstr(text, "\"algemene_uitkering\": 38422385635,"));
    assert_non_null(strstr(text, "\"used\": 1.414, \"how\": \"published\""));
    free(text);
    free(json);
    char *regels = ts_xprintf("%s/au_regels.csv", one);
    text = ts_slurp(regels, NULL);
    /* an OZB line has no factor: units, weight, empty, amount */
    assert_non_null(strstr(text, "GM0014,Groningen,WOZwe80,28955600000.00,-0.000890,,-25770484\n"));
    assert_int_equal(ts_split_lines(text, "au_regels.csv", &lines), 1 + 342 * 49);
    free(lines);
    free(text);
    free(regels);

    ts_cli_expect((const char *[]){"au", model, "-o", solved, "--budget", "38422385635", NULL}, 0,
                  NULL);
    json = ts_xprintf("%s/au.json", solved);
    text = ts_slurp(json, NULL);
    assert_non_null(strstr(text, "\"used\": 1.414, \"how\": \"solved"));
    free(text);
    free(json);

    /* A model with an unknown key fails with its position and leaves au1 as it was. */
    char *bad = ts_xprintf("%s/au_bad.yaml", tmpdir);
    char *orig = ts_slurp(model, NULL);
    char *patched = ts_xprintf("%skleur: blauw\n", orig);
    ts_write_file(bad, patched, strlen(patched));
    char *err = NULL;
    assert_int_equal(ts_run_cli((const char *[]){"au", bad, "-o", one, NULL}, NULL, &err), 1);
    assert_non_null(strstr(err, "kleur"));
    assert_non_null(strstr(err, "au_bad.yaml:"));
    free(err);
    char *a = ts_xprintf("%s/au.csv", one), *b = ts_xprintf("%s/au.csv", two);
    assert_true(same_file("au.csv", a, b));
    free(a);
    free(b);
    free(patched);
    free(orig);
    free(bad);
    free(one);
    free(two);
    free(solved);
}

/* `ingroei prorata`, hand-computed: totals 1000 -> 1500 (x 1.5). A: 333 -> 499.5 -> 500
 * (half away from zero), published 500: gelijk. B: 667 -> 1000.5 -> 1001, published
 * 1000: -1 euro, afwijkend. C only in the second vintage. */
static void test_prorata(void **state)
{
    (void)state;
    static const char data[] =
        "# amounts\n"
        "circulaire,uitkeringsjaar,gemeentecode,gemeentenaam,regeling,bedrag\n"
        "mei 2024,2025,GM0002,B,iu,667\n"
        "mei 2024,2025,GM0001,A,iu,333\n"
        "mei 2024,2025,GM0001,A,andere,5\n"
        "september 2024,2025,GM0001,A,iu,500\n"
        "september 2024,2025,GM0002,B,iu,1000\n";
    char *file = ts_xprintf("%s/pr.csv", tmpdir), *out = ts_xprintf("%s/pr_out", tmpdir);
    ts_write_file(file, data, strlen(data));
    ts_cli_expect((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024:2025",
                                   "--naar", "september 2024:2025", "-o", out, NULL},
                  0, NULL);
    char *csv = ts_xprintf("%s/prorata.csv", out);
    char *text = ts_slurp(csv, NULL);
    assert_string_equal(text, "gemeentecode,gemeentenaam,bedrag_van,bedrag_naar,pro_rata,verschil,"
                              "verschil_aandeel,oordeel\n"
                              "GM0001,A,333,500,500,0,0.000000000,gelijk\n"
                              "GM0002,B,667,1000,1001,-1,-0.000999001,afwijkend\n");
    free(text);
    /* Compared with itself everything is equal. */
    ts_cli_expect((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024:2025",
                                   "--naar", "mei 2024:2025", "-o", out, NULL},
                  0, NULL);
    text = ts_slurp(csv, NULL);
    assert_non_null(strstr(text, "GM0002,B,667,667,667,0,0.000000000,gelijk\n"));
    free(text);
    /* A vintage that is not in the file is an input error, and the output stays. */
    char *err = NULL;
    assert_int_equal(
        ts_run_cli((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024:2026",
                                    "--naar", "mei 2024:2025", "-o", out, NULL},
                   NULL, &err),
        1);
    assert_non_null(strstr(err, "no amounts of iu in mei 2024, uitkeringsjaar 2026"));
    free(err);
    text = ts_slurp(csv, NULL);
    assert_non_null(strstr(text, "GM0002,B,667,667,667,0,0.000000000,gelijk\n"));
    free(text);
    /* A gemeente in one vintage only is named as such. */
    static const char extra[] = "september 2024,2025,GM0003,C,iu,7\n";
    char *more = ts_xprintf("%s%s", data, extra);
    ts_write_file(file, more, strlen(more));
    ts_cli_expect((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024:2025",
                                   "--naar", "september 2024:2025", "-o", out, NULL},
                  0, NULL);
    text = ts_slurp(csv, NULL);
    assert_non_null(strstr(text, "GM0003,C,,7,,,,alleen_naar\n"));
    free(text);
    ts_cli_expect((const char *[]){"prorata", file, "--regeling", "iu", "--van", "mei 2024",
                                   "--naar", "september 2024:2025", "-o", out, NULL},
                  2, NULL);
    free(more);
    free(csv);
    free(out);
    free(file);
}

/* `ingroei diff-vintage` mei -> september 2024 for 2025: the change of every gemeente
 * is the difference of the two `au` results (146,755,519 euro in all: 40,064,257,914 -
 * 39,917,502,395), its parts add up to it exactly, the factor is the same (1.457) so
 * its part is 0, and the rounding part stays within a few euros; a vintage against
 * itself changes nothing. */
static void test_diff_vintage(void **state)
{
    (void)state;
    static const char *const mei = "models/nl/gemeentefonds/au_mei2024_2025.yaml",
                             *sep = "models/nl/gemeentefonds/au_sep2024_2025.yaml";
    char *out = ts_xprintf("%s/dv", tmpdir), *same = ts_xprintf("%s/dv_same", tmpdir);
    ts_cli_expect((const char *[]){"diff-vintage", mei, sep, "-o", out, NULL}, 0, NULL);
    ts_cli_expect((const char *[]){"diff-vintage", sep, sep, "-o", same, NULL}, 0, NULL);
    for (int k = 0; k < 2; k++) {
        char *csv = ts_xprintf("%s/diff_vintage.csv", k == 0 ? out : same);
        char *text = ts_slurp(csv, NULL);
        char **lines;
        size_t n = ts_split_lines(text, "diff_vintage.csv", &lines);
        assert_int_equal(n, 1 + 342);
        long long change = 0;
        for (size_t i = 1; i < n; i++) {
            /* the last seven fields, read from the right: a gemeentenaam may hold a
             * comma ("Nuenen, Gerwen en Nederwetten") */
            long long v[7];
            char *p = lines[i] + strlen(lines[i]);
            for (int f = 6; f >= 0; f--) {
                while (p > lines[i] && p[-1] != ',')
                    p--;
                assert_true(p > lines[i]);
                v[f] = atoll(p);
                *--p = '\0';
            }
            assert_true(v[2] == v[1] - v[0]);
            assert_true(v[3] + v[4] + v[5] + v[6] == v[2]);
            assert_true(v[5] == 0); /* the same uitkeringsfactor */
            assert_true(llabs(v[6]) <= 30);
            if (k == 1)
                assert_true(v[2] == 0 && v[3] == 0 && v[4] == 0 && v[6] == 0);
            change += v[2];
        }
        assert_true(change == (k == 0 ? 146755519LL : 0));
        free(lines);
        free(text);
        free(csv);
    }
    /* A model that is not there is an input error that names it. */
    char *err = NULL;
    assert_int_equal(
        ts_run_cli((const char *[]){"diff-vintage", mei, "geen.yaml", "-o", out, NULL}, NULL, &err),
        3);
    assert_non_null(strstr(err, "geen.yaml"));
    free(err);
    free(out);
    free(same);
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
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* the base scenario, "../../../scenarios/...", becomes an absolute path into the
         * repository (the sweep file itself lies in the temporary directory) */
        char cwd[4096];
        assert_non_null(getcwd(cwd, sizeof cwd));
        char *text = ts_strdup(cases[i].text), *at = strstr(text, "../../../");
        char *fixed = ts_xprintf("%.*s%s/%s", (int)(at - text), text, cwd, at + 9);
        char *file = ts_xprintf("%s/bad_sweep%zu.yaml", tmpdir, i);
        ts_write_file(file, fixed, strlen(fixed));
        char *out = ts_xprintf("%s/bad_out%zu", tmpdir, i);
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

extern char **environ;

/* Ctrl-C during a sweep stops it at the next block: exit status 130, no output
 * directory, no staging directory left behind. */
/* Starts the tool with argv (argv[0] the tool), its output to /dev/null. */
static pid_t spawn_quietly(char **argv)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

/* Sends Ctrl-C's signal to pid and checks that it stops with status 130, leaving no
 * `out`. */
static void interrupt_and_check(pid_t pid, const char *out)
{
    assert_int_equal(kill(pid, SIGINT), 0);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 130);
    assert_false(ts_exists(out));
}

static void test_sweep_interrupted(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/sweep_interrupted", tmpdir);
    char *argv[] = {(char *)ts_cli(),
                    "sweep",
                    "scenarios/sweeps/steekproef.yaml",
                    "-o",
                    out,
                    "--threads",
                    "1",
                    NULL};
    pid_t pid = spawn_quietly(argv);
    /* wait until the sweep has started writing (its staging directory exists), then
     * interrupt it; 10 seconds at most */
    bool started = false;
    for (int i = 0; i < 1000 && !started; i++) {
        struct timespec ms10 = {0, 10000000};
        nanosleep(&ms10, NULL);
        started = ts_exists(out);
    }
    assert_true(started);
    interrupt_and_check(pid, out); /* the directory it made, and its staging, are gone */
    free(out);
}

/* Ctrl-C during a comparison of many scenarios: exit status 130 and nothing written. */
static void test_compare_interrupted(void **state)
{
    (void)state;
    enum { N = 400 };
    char *out = ts_xprintf("%s/compare_interrupted", tmpdir);
    char *argv[N + 5];
    argv[0] = (char *)ts_cli();
    argv[1] = "compare";
    for (int i = 0; i < N; i++)
        argv[2 + i] = "scenarios/default.yaml";
    argv[N + 2] = "-o";
    argv[N + 3] = out;
    argv[N + 4] = NULL;
    pid_t pid = spawn_quietly(argv);
    struct timespec wait = {0, 300000000}; /* 400 runs take seconds; stop it after 0.3 s */
    nanosleep(&wait, NULL);
    interrupt_and_check(pid, out);
    free(out);
}

static void test_golden(void **state)
{
    (void)state;
    char *out = run_default("golden", NULL);
    bool all = true;
    for (size_t i = 0; i < sizeof golden_files / sizeof golden_files[0]; i++) {
        char *want = ts_xprintf(GOLDEN_DIR "/%s", golden_files[i]);
        char *got = ts_xprintf("%s/%s", out, golden_files[i]);
        all = same_file(golden_files[i], want, got) && all;
        free(want);
        free(got);
    }
    free(out);
    if (!all)
        fail_msg("the run differs from " GOLDEN_DIR " (see above)");
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
    assert_true(same_file("summary.json", pa, pb));
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
        assert_true(same_file(files[i], pa, pb));
        assert_true(same_file(files[i], pa, pc));
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
        all = same_file(files[i], pc, pd) && all;
        free(pc);
        free(pd);
    }
    free(c);
    free(d);
    assert_true(all);
}

/* A gemeente whose 2025 name the escape test replaces by a hostile one. */
typedef struct hostile {
    const char *code, *name, *province;
    const char *csv;  /* the hostile name as an RFC 4180 field */
    const char *gp;   /* the text inside a gnuplot '...' string: ' doubled */
    const char *html; /* the name as report.html's text: & < > " ' as entities */
    const char *json; /* the name inside report.html's JSON string: < > & as \u00XX */
    bool ranked;      /* among the largest gainers or losers: named in report.gp */
} hostile;

static const hostile hostiles[] = {
    /* the name from the brief; on its own it would not even run when unescaped, since
     * gnuplot evaluates ("touch ...") <script> before calling system */
    {"GM0193", "Zwolle", "Overijssel", "\"Zwolle'; system(\"\"touch " PWNED "\"\") <script>\"\"\"",
     "Zwolle''; system(\"touch " PWNED "\") <script>\"",
     "Zwolle&#39;; system(&quot;touch " PWNED "&quot;) &lt;script&gt;&quot;",
     "Zwolle'; system(\\\"touch " PWNED "\\\") \\u003cscript\\u003e\\\"", true},
    /* a name that does run `touch` when a script quotes it without doubling the ' */
    {"GM0363", "Amsterdam", "Noord-Holland",
     "\"Amsterdam'; system(\"\"touch " PWNED "\"\"); print '\"",
     "Amsterdam''; system(\"touch " PWNED "\"); print ''",
     "Amsterdam&#39;; system(&quot;touch " PWNED "&quot;); print &#39;",
     "Amsterdam'; system(\\\"touch " PWNED "\\\"); print '", false},
    /* the brief's report test: a script element, both quotes, a backslash and a gnuplot
     * command that breaks out of a double-quoted string */
    {"GM0928", "Kerkrade", "Limburg",
     "\"Kerkrade<script>alert(1)</script>' \"\"\\\"\"; system \"\"touch " PWNED "\"\"; \"\"\"",
     "Kerkrade<script>alert(1)</script>'' \"\\\"; system \"touch " PWNED "\"; \"",
     "Kerkrade&lt;script&gt;alert(1)&lt;/script&gt;&#39; &quot;\\&quot;; system &quot;touch " PWNED
     "&quot;; &quot;",
     "Kerkrade\\u003cscript\\u003ealert(1)\\u003c/script\\u003e' \\\"\\\\\\\"; system "
     "\\\"touch " PWNED "\\\"; \\\"",
     true},
};

/* Replaces the 2025 names of the hostile gemeenten in the dataset copy's gemeenten.csv. */
static void poison_gemeenten(const char *file)
{
    for (size_t i = 0; i < sizeof hostiles / sizeof hostiles[0]; i++) {
        const hostile *h = &hostiles[i];
        char *text = ts_slurp(file, NULL);
        char *row = ts_xprintf("\n2025,2025-01-01,%s,%s,", h->code, h->name);
        char *at = strstr(text, row);
        assert_non_null(at);
        assert_null(strstr(at + 1, row));
        size_t head = (size_t)(at - text) + strlen(row) - strlen(h->name) - 1;
        const char *tail = at + strlen(row) - 1; /* the comma after the name */
        char *out = ts_xprintf("%.*s%s%s", (int)head, text, h->csv, tail);
        ts_write_file(file, out, strlen(out));
        free(out);
        free(row);
        free(text);
    }
}

/* The dataset copy and a scenario that uses it, in tmpdir; returns the scenario. */
static char *hostile_scenario(void)
{
    char *dataset = ts_xprintf("%s/nl", tmpdir);
    char *scenario = ts_xprintf("%s/hostile.yaml", tmpdir);
    if (ts_exists(scenario)) {
        free(dataset);
        return scenario;
    }
    char *cmd = ts_xprintf("cp -r models/nl '%s'", dataset);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *gemeenten = ts_xprintf("%s/gemeenten.csv", dataset);
    poison_gemeenten(gemeenten);
    free(gemeenten);
    free(dataset);

    /* the default scenario with "../models/nl" replaced by "nl" */
    char *text = ts_slurp(DEFAULT_SCENARIO, NULL);
    size_t n = 0;
    char *out = malloc(strlen(text) + 1);
    assert_non_null(out);
    int replaced = 0;
    for (const char *s = text; *s;) {
        if (strncmp(s, "../models/nl", 12) == 0) {
            memcpy(out + n, "nl", 2);
            n += 2;
            s += 12;
            replaced++;
        } else {
            out[n++] = *s++;
        }
    }
    out[n] = '\0';
    assert_int_equal(replaced, 4); /* dataset, the two keys, the regions */
    ts_write_file(scenario, out, n);
    free(out);
    free(text);
    return scenario;
}

/* How often `needle` occurs in `hay`. */
static size_t occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* report.html holds the name only escaped, as text in the table and as a JSON string,
 * and has exactly its own four script elements; report.gp quotes it as gnuplot text. */
static void check_hostile_report(const hostile *h, const char *out)
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
    assert_int_equal(occurrences(html, "<script"), 4);
    assert_int_equal(occurrences(html, "</script"), 4);
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

static void run_hostile(const hostile *h)
{
    char *scenario = hostile_scenario();
    if (remove(PWNED) != 0 && errno != ENOENT)
        fail_msg("cannot remove %s: %s", PWNED, strerror(errno));
    char *out = ts_xprintf("%s/hostile_%s", tmpdir, h->code);
    const char *args[] = {"run", scenario, "-o", out, "--gemeente", h->code, "--html", NULL};
    char *err = NULL;
    int status = ts_run_cli(args, NULL, &err);
    if (status != 0)
        fail_msg("the run with --gemeente %s exited with %d:\n%s", h->code, status, err);
    free(err);
    if (ts_exists(PWNED))
        fail_msg("%s exists: a gemeente name was run as code", PWNED);

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

static void test_hostile_name(void **state)
{
    (void)state;
    if (!on_path("gnuplot")) {
        print_message("[  SKIPPED ] gnuplot is not on PATH\n");
        skip();
    }
    for (size_t i = 0; i < sizeof hostiles / sizeof hostiles[0]; i++)
        run_hostile(&hostiles[i]);
}

/* Hostile names in a comparison's report.html: the gemeenten of hostile_scenario(), a
 * scenario file whose name (the label) holds < > ' " and a scenario `name` that tries to
 * close the script element. Each reaches the page only as escaped HTML text or as an
 * escaped JSON string, and the page keeps exactly its own four script elements. */
static void test_hostile_compare(void **state)
{
    (void)state;
    char *scenario = hostile_scenario();
    char *text = ts_slurp(scenario, NULL);
    const char *line = "name: \"Ingroeipad uit de voortgangsbrief 2019: start 2022, tien jaar\"\n";
    char *at = strstr(text, line);
    assert_non_null(at);
    char *other =
        ts_xprintf("%.*sname: \"Plan </script><script>alert(3)</script> 'x' \\\"y\\\"\"\n%s",
                   (int)(at - text), text, at + strlen(line));
    char *second = ts_xprintf("%s/plan<b>'x\".yaml", tmpdir);
    ts_write_file(second, other, strlen(other));
    if (remove(PWNED) != 0 && errno != ENOENT)
        fail_msg("cannot remove %s: %s", PWNED, strerror(errno));
    char *out = ts_xprintf("%s/hostile_compare", tmpdir);
    const char *args[] = {"compare", scenario, second, "-o", out, "--html", NULL};
    char *err = NULL;
    int status = ts_run_cli(args, NULL, &err);
    if (status != 0)
        fail_msg("ingroei compare --html exited with %d:\n%s", status, err);
    free(err);
    assert_false(ts_exists(PWNED));
    char *path = ts_xprintf("%s/report.html", out);
    char *html = ts_slurp(path, NULL);
    for (size_t i = 0; i < sizeof hostiles / sizeof hostiles[0]; i++) {
        char *cell = ts_xprintf(">%s</a></td>", hostiles[i].html);
        char *json = ts_xprintf("\"name\":\"%s\"", hostiles[i].json);
        if (!strstr(html, cell) || !strstr(html, json))
            fail_msg("%s lacks the escaped name of %s: %s or %s", path, hostiles[i].code, cell,
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
    assert_int_equal(occurrences(html, "<script"), 4);
    assert_int_equal(occurrences(html, "</script"), 4);
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

/* Without gnuplot, report.html is still written and says where its charts are missing
 * and why; with --no-plots it says that too, and no chart script is written. */
static void test_report_without_gnuplot(void **state)
{
    (void)state;
    static const char *const cases[][2] = {{"--gnuplot", "/nonexistent/gnuplot"},
                                           {"--no-plots", NULL}};
    static const char *const why[] = {"/nonexistent/gnuplot is niet gevonden", "--no-plots"};
    for (size_t k = 0; k < 2; k++) {
        char *out = ts_xprintf("%s/report_no_gnuplot_%zu", tmpdir, k);
        const char *args[] = {"run",    DEFAULT_SCENARIO, "-o",        out,
                              "--html", cases[k][0],      cases[k][1], NULL};
        char *err = NULL;
        int status = ts_run_cli(args, NULL, &err);
        if (status != 0)
            fail_msg("ingroei run --html %s exited with %d:\n%s", cases[k][0], status, err);
        free(err);
        char *path = ts_xprintf("%s/report.html", out);
        char *html = ts_slurp(path, NULL);
        assert_int_equal(occurrences(html, "<div class=\"ig-missing\""), 2);
        assert_int_equal(occurrences(html, why[k]), 2);
        assert_null(strstr(html, "data:image/svg+xml"));
        free(html);
        free(path);
        path = ts_xprintf("%s/report.gp", out);
        assert_int_equal(ts_exists(path), k == 0);
        free(path);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_example_scenarios),
        cmocka_unit_test(test_sweep_deterministic),
        cmocka_unit_test(test_sweep_interrupted),
        cmocka_unit_test(test_compare_interrupted),
        cmocka_unit_test(test_sweep_bad_input),
        cmocka_unit_test(test_au_recomputes_a_circulaire),
        cmocka_unit_test(test_prorata),
        cmocka_unit_test(test_diff_vintage),
        cmocka_unit_test(test_hand_checked),
        cmocka_unit_test(test_summary_reproducible),
        cmocka_unit_test(test_receipt_independent_of_invocation),
        cmocka_unit_test(test_dutch_locale),
        cmocka_unit_test(test_hostile_name),
        cmocka_unit_test(test_hostile_compare),
        cmocka_unit_test(test_report_without_gnuplot),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
