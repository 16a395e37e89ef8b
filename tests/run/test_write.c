/*
 * test_write.c - run/write.c, run/tables.c and run/summary.c: the files of a run through
 * the library API (ingroei_run_new and ingroei_run_write) on scenarios/default.yaml:
 * the tables add up, the receipt names every input with its digest, results are
 * reproducible, the per-line rounding mode reports its residuals, a gemeente's own
 * table, failures that write nothing, and a missing gnuplot that is not an error.
 */
#define _XOPEN_SOURCE 700 /* popen */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "run/run.h"
#include "support/support.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_SCENARIO "scenarios/default.yaml"
#define N_GEMEENTEN      342
#define FIRST_YEAR       2021
#define N_YEARS          11
#define MAX_FIELDS       32

static const char alloc_header[] =
    "jaar,gemeentecode,gemeentenaam,provincie,inwoners,inwoners_peiljaar,aandeel_objectief,"
    "historisch,objectief,totaal,totaal_per_inwoner,volledig_historisch,"
    "verschil_met_historisch,verschil_per_inwoner,volledig_objectief,totaal_zonder_cap,"
    "effect_cap,cap_geraakt,objectieve_sleutel_illustratief,regio_centrumgemeente,"
    "zonder_bekende_regio";

static const char budget_header[] =
    "jaar,budget,budget_historisch,budget_objectief,bron_budget,aandeel_objectief,"
    "historisch_deel,objectief_deel,som_toegekend,afrondingsverschil,afronding,"
    "uitkeringsfactor_sleutel,cap_actief,cap_haalbaar,gemeenten_op_verliescap,"
    "gemeenten_op_wincap,schaal_winsten,objectieve_sleutel_illustratief";

/* The group's shared state: the default scenario, loaded and computed once. */
static char *tmpdir;
static ingroei_scenario *default_sc;
static ingroei_run *default_run;

/* ---- helpers ------------------------------------------------------------------------ */

/* tmpdir/name as a new string. */
static char *tmp_path(const char *name)
{
    return ts_xprintf("%s/%s", tmpdir, name);
}

/* The whole file dir/name; fails the test when it cannot be read. */
static char *slurp_in(const char *dir, const char *name, size_t *len)
{
    char *p = ts_xprintf("%s/%s", dir, name);
    char *data = ts_slurp(p, len);
    free(p);
    return data;
}

static bool exists_in(const char *dir, const char *name)
{
    char *p = ts_xprintf("%s/%s", dir, name);
    bool e = ts_exists(p);
    free(p);
    return e;
}

/* Splits one CSV record (no embedded newlines) into fields in place, undoing RFC 4180
 * quoting. Returns the number of fields. */
static size_t csv_fields(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *r = line, *w = line;
    for (;;) {
        assert_true(n < max);
        field[n++] = w;
        if (*r == '"') {
            r++;
            for (;;) {
                assert_true(*r != '\0'); /* unterminated quote */
                if (*r == '"' && r[1] == '"') {
                    *w++ = '"';
                    r += 2;
                } else if (*r == '"') {
                    r++;
                    break;
                } else {
                    *w++ = *r++;
                }
            }
        } else {
            while (*r && *r != ',')
                *w++ = *r++;
        }
        if (*r == ',') {
            *w++ = '\0';
            r++;
            continue;
        }
        assert_true(*r == '\0');
        *w = '\0';
        return n;
    }
}

static int64_t to_int(const char *s)
{
    int64_t v;
    if (!ig_parse_int64(s, &v))
        fail_msg("'%s' is not a whole number", s);
    return v;
}

/* A directory's entries, sorted by name, with the contents of its files. */
typedef struct snapshot {
    size_t n;
    char *name[64];
    char *data[64];
    size_t len[64];
} snapshot;

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void take_snapshot(const char *dir, snapshot *s)
{
    memset(s, 0, sizeof *s);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        assert_true(s->n < 64);
        s->name[s->n++] = ts_strdup(e->d_name);
    }
    closedir(d);
    qsort(s->name, s->n, sizeof s->name[0], str_cmp);
    for (size_t i = 0; i < s->n; i++) {
        char *path = ts_xprintf("%s/%s", dir, s->name[i]);
        struct stat sb;
        assert_int_equal(lstat(path, &sb), 0);
        free(path);
        if (S_ISDIR(sb.st_mode)) { /* a directory counts by its name only */
            s->data[i] = ts_strdup("(directory)");
            s->len[i] = strlen(s->data[i]);
        } else {
            s->data[i] = slurp_in(dir, s->name[i], &s->len[i]);
        }
    }
}

static void free_snapshot(snapshot *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->name[i]);
        free(s->data[i]);
    }
    memset(s, 0, sizeof *s);
}

static void assert_same_snapshot(const snapshot *a, const snapshot *b)
{
    if (a->n != b->n)
        fail_msg("the directory had %zu files and now has %zu", a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(a->name[i], b->name[i]);
        if (a->len[i] != b->len[i] || memcmp(a->data[i], b->data[i], a->len[i]) != 0)
            fail_msg("%s changed", a->name[i]);
    }
}

/* Writes `run` into tmpdir/sub with the given gemeente and plots off. */
static ingroei_status write_run(const ingroei_run *run, const char *sub, const char *gemeente,
                                ingroei_output_report *rep, ingroei_error *err)
{
    char *dir = tmp_path(sub);
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.dir = dir;
    o.gemeente = gemeente;
    o.plots = 0;
    ingroei_status st = ingroei_run_write(run, &o, rep, err);
    free(dir);
    return st;
}

/* Per-year sums of allocations.csv in `dir`, checking its shape on the way. */
typedef struct year_sums {
    int64_t total[N_YEARS], historical[N_YEARS], objective[N_YEARS];
    size_t rows[N_YEARS];
} year_sums;

static void read_allocations(const char *dir, year_sums *sum)
{
    memset(sum, 0, sizeof *sum);
    char *text = slurp_in(dir, "allocations.csv", NULL);
    char **lines;
    size_t n = ts_split_lines(text, "allocations.csv", &lines);
    assert_true(n >= 1);
    assert_string_equal(lines[0], alloc_header);
    assert_int_equal(n - 1, (size_t)N_GEMEENTEN * N_YEARS);
    for (size_t i = 1; i < n; i++) {
        char *f[MAX_FIELDS];
        size_t nf = csv_fields(lines[i], f, MAX_FIELDS);
        if (nf != 21)
            fail_msg("allocations.csv line %zu has %zu fields", i + 1, nf);
        if (strcmp(f[20], "ja") != 0 && strcmp(f[20], "nee") != 0) /* with regions */
            fail_msg("allocations.csv line %zu: zonder_bekende_regio is '%s'", i + 1, f[20]);
        int64_t year = to_int(f[0]);
        assert_true(year >= FIRST_YEAR && year < FIRST_YEAR + N_YEARS);
        size_t y = (size_t)(year - FIRST_YEAR);
        int64_t hist = to_int(f[7]), obj = to_int(f[8]), tot = to_int(f[9]);
        sum->rows[y]++;
        sum->historical[y] += hist;
        sum->objective[y] += obj;
        sum->total[y] += tot;
        if (strcmp(f[18], "ja") != 0)
            fail_msg("allocations.csv line %zu: objectieve_sleutel_illustratief is '%s'", i + 1,
                     f[18]);
        /* without a cap: the allocation is its uncapped self, with no effect or flag */
        if (to_int(f[15]) != tot || to_int(f[16]) != 0 || f[17][0])
            fail_msg("allocations.csv line %zu: a cap effect without a cap", i + 1);
        if (year == FIRST_YEAR && obj != 0)
            fail_msg("allocations.csv line %zu: objectief %lld in 2021", i + 1, (long long)obj);
        if (year == FIRST_YEAR + N_YEARS - 1 && hist != 0)
            fail_msg("allocations.csv line %zu: historisch %lld in 2031", i + 1, (long long)hist);
    }
    for (size_t y = 0; y < N_YEARS; y++)
        assert_int_equal(sum->rows[y], N_GEMEENTEN);
    free(lines);
    free(text);
}

/* One row of budget.csv. */
typedef struct budget_row {
    int64_t year, budget, historical, objective, sum, residual;
    char rounding[16];
} budget_row;

static void read_budget(const char *dir, budget_row *rows)
{
    char *text = slurp_in(dir, "budget.csv", NULL);
    char **lines;
    size_t n = ts_split_lines(text, "budget.csv", &lines);
    assert_int_equal(n, 1 + N_YEARS);
    assert_string_equal(lines[0], budget_header);
    for (size_t i = 1; i < n; i++) {
        char *f[MAX_FIELDS];
        assert_int_equal(csv_fields(lines[i], f, MAX_FIELDS), 18);
        budget_row *b = &rows[i - 1];
        b->year = to_int(f[0]);
        assert_int_equal(b->year, FIRST_YEAR + (int64_t)i - 1);
        b->budget = to_int(f[1]);
        /* one budget for both parts in these scenarios */
        assert_true(to_int(f[2]) == b->budget && to_int(f[3]) == b->budget);
        assert_true(strlen(f[4]) > 0);
        b->historical = to_int(f[6]);
        b->objective = to_int(f[7]);
        b->sum = to_int(f[8]);
        b->residual = to_int(f[9]);
        snprintf(b->rounding, sizeof b->rounding, "%s", f[10]);
        assert_string_equal(f[12], "nee"); /* no cap in these scenarios */
        assert_string_equal(f[17], "ja");
    }
    free(lines);
    free(text);
}

/* ---- group set-up -------------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    tmpdir = ts_make_temp_dir("output");
    ingroei_error err;
    if (ingroei_scenario_load(&default_sc, DEFAULT_SCENARIO, &err) != INGROEI_OK ||
        ingroei_run_new(&default_run, default_sc, &err) != INGROEI_OK) {
        char buf[2200];
        fprintf(stderr, "%s\n", ingroei_error_format(&err, buf, sizeof buf));
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    ingroei_run_free(default_run);
    ingroei_scenario_free(default_sc);
    ts_remove_temp_dir(&tmpdir);
    return 0;
}

/* ---- the tests ------------------------------------------------------------------------ */

static void test_tables_add_up(void **state)
{
    (void)state;
    assert_int_equal(ingroei_run_n_gemeenten(default_run), N_GEMEENTEN);
    assert_int_equal(ingroei_run_n_years(default_run), N_YEARS);
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(write_run(default_run, "a", NULL, &rep, &err), INGROEI_OK);
    assert_int_equal(rep.n_files, 5);
    assert_string_equal(rep.files[0], "allocations.csv");
    assert_string_equal(rep.files[1], "budget.csv");
    assert_string_equal(rep.files[2], "budget_opbouw.csv");
    assert_string_equal(rep.files[3], "regios.csv"); /* the default scenario has regions */
    assert_string_equal(rep.files[4], "summary.json");
    assert_int_equal(rep.plots_skipped, 0);

    char *dir = tmp_path("a");
    year_sums sum;
    read_allocations(dir, &sum);
    budget_row b[N_YEARS];
    read_budget(dir, b);
    for (size_t y = 0; y < N_YEARS; y++) {
        assert_true(sum.total[y] == b[y].budget);
        assert_true(sum.historical[y] == b[y].historical);
        assert_true(sum.objective[y] == b[y].objective);
        assert_true(b[y].historical + b[y].objective == b[y].budget);
        assert_true(b[y].sum == b[y].budget);
        assert_true(b[y].residual == 0);
        assert_string_equal(b[y].rounding, "exact-total");
    }
    /* the published years keep their amounts; the others hold the nearest one */
    assert_true(b[2].budget == 1532904000 && b[3].budget == 1730992000 &&
                b[4].budget == 1745850000);
    assert_true(b[0].budget == 1532904000 && b[10].budget == 1745850000);
    /* p_t: 0 in 2021, 0.4 in 2025, 1 in 2031, so the parts follow from the budget */
    assert_true(b[0].objective == 0);
    assert_true(b[4].objective == 698340000); /* 0.4 x 1745850000 */
    assert_true(b[10].historical == 0);
    assert_false(exists_in(dir, "gemeente_GM0193.csv"));
    assert_false(exists_in(dir, "landelijk.gp"));
    free(dir);
}

static bool is_hex64(const char *s)
{
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return s[64] == '"';
}

/* The digest `sha256sum` gives for `path`, or "" when it cannot be run. */
static void sha256sum(const char *path, char out[65])
{
    out[0] = '\0';
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "sha256sum '%s' 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    char line[256];
    if (fgets(line, sizeof line, p) && strlen(line) > 64 && line[64] == ' ') {
        memcpy(out, line, 64);
        out[64] = '\0';
    }
    pclose(p);
}

static void test_summary(void **state)
{
    (void)state;
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(write_run(default_run, "s", NULL, &rep, &err), INGROEI_OK);
    char *dir = tmp_path("s");
    char *json = slurp_in(dir, "summary.json", NULL);
    assert_non_null(strstr(json, "\n  \"illustrative\": true,\n"));
    assert_non_null(
        strstr(json, "\"engine\": {\"name\": \"ingroei\", \"version\": \"" INGROEI_VERSION "\"}"));
    assert_non_null(strstr(json, "\"notice\": \"the objective key is illustrative"));

    /* the rankings: none in 2021 (fully historical), then the ten largest each way */
    {
        static const char *const keys[] = {"\"largest_gainers_per_inhabitant\": [",
                                           "\"largest_losers_per_inhabitant\": ["};
        for (size_t k = 0; k < 2; k++) {
            size_t year = 0;
            for (const char *p = strstr(json, keys[k]); p; p = strstr(p + 1, keys[k]), year++) {
                const char *close = strchr(p, ']');
                assert_non_null(close);
                size_t n = 0;
                for (const char *q = strstr(p, "{\"gemeentecode\""); q && q < close;
                     q = strstr(q + 1, "{\"gemeentecode\""))
                    n++;
                if (n != (year == 0 ? 0u : 10u))
                    fail_msg("summary.json: year %zu of %s lists %zu gemeenten", year, keys[k], n);
            }
            assert_int_equal(year, 11);
        }
    }

    /* every input file, in the order the run reads them, with its digest; the names
     * are shown relative to the scenario's directory */
    static const char *const inputs[] = {
        "default.yaml",
        "herindelingen.csv",
        "gemeenten.csv",
        "historisch_sep2024_2025.yaml",
        "uitkeringen_bw_mo_vo.csv",
        "centrumgemeenten.csv",
        "objectief_illustratief.yaml",
        "volumina_sep2024_2025.csv",
        "regios_beschermd_wonen.csv",
    };
    const size_t n_inputs = sizeof inputs / sizeof inputs[0];
    const char *list = strstr(json, "\n  \"inputs\": [\n");
    assert_non_null(list);
    const char *end = strstr(list, "\n  ],\n");
    assert_non_null(end);
    size_t found = 0;
    for (const char *p = strstr(list, "{\"file\": \""); p && p < end;
         p = strstr(p + 1, "{\"file\": \"")) {
        assert_true(found < n_inputs);
        const char *name = p + 10, *close = strchr(name, '"');
        assert_non_null(close);
        char shown[512];
        assert_true((size_t)(close - name) < sizeof shown);
        memcpy(shown, name, (size_t)(close - name));
        shown[close - name] = '\0';
        const char *base = strrchr(shown, '/') ? strrchr(shown, '/') + 1 : shown;
        if (strcmp(base, inputs[found]) != 0)
            fail_msg("input %zu is %s, expected %s", found, shown, inputs[found]);
        const char *h = close + 1;
        assert_true(strncmp(h, ", \"sha256\": \"", 13) == 0);
        h += 13;
        if (!is_hex64(h))
            fail_msg("the sha256 of %s is not 64 lower-case hex digits", shown);
        /* the name leads to the file, and the digest is the file's (where sha256sum is
         * installed to say so) */
        char *file = ts_xprintf("scenarios/%s", shown);
        if (!ts_exists(file))
            fail_msg("input %s: %s does not exist", shown, file);
        char want[65];
        sha256sum(file, want);
        if (want[0] && strncmp(h, want, 64) != 0)
            fail_msg("sha256 of %s: summary.json has %.64s, sha256sum says %s", file, h, want);
        free(file);
        found++;
    }
    assert_int_equal(found, n_inputs);
    free(json);
    free(dir);
}

/* Two runs from scratch give the same bytes. */
static void test_reproducible(void **state)
{
    (void)state;
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(write_run(default_run, "r1", "Zwolle", &rep, &err), INGROEI_OK);
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    assert_int_equal(ingroei_scenario_load(&sc, DEFAULT_SCENARIO, &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
    assert_int_equal(write_run(run, "r2", "Zwolle", &rep, &err), INGROEI_OK);
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    char *d1 = tmp_path("r1"), *d2 = tmp_path("r2");
    snapshot a, b;
    take_snapshot(d1, &a);
    take_snapshot(d2, &b);
    assert_int_equal(a.n, 6 + 1); /* and the manifest, .ingroei-files */
    assert_same_snapshot(&a, &b);
    free_snapshot(&a);
    free_snapshot(&b);
    free(d1);
    free(d2);
}

/* The default scenario with `rounding: per-line` and absolute paths, in tmpdir. */
static char *per_line_scenario(void)
{
    char *text = ts_slurp(DEFAULT_SCENARIO, NULL);
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    ig_buf b = {0};
    int replaced_rounding = 0, replaced_paths = 0;
    for (const char *s = text; *s;) {
        if (strncmp(s, "rounding: exact-total", 21) == 0) {
            ig_buf_puts(&b, "rounding: per-line");
            s += 21;
            replaced_rounding++;
        } else if (strncmp(s, "../models/", 10) == 0) {
            ig_buf_printf(&b, "%s/models/", cwd);
            s += 10;
            replaced_paths++;
        } else {
            ig_buf_putc(&b, *s++);
        }
    }
    assert_int_equal(replaced_rounding, 1);
    assert_int_equal(replaced_paths, 4);
    assert_false(b.failed);
    char *path = tmp_path("per-line.yaml");
    ts_write_file(path, b.data, b.len);
    ig_buf_free(&b);
    free(text);
    return path;
}

static void test_per_line_residuals(void **state)
{
    (void)state;
    char *file = per_line_scenario();
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&sc, file, &err), INGROEI_OK);
    assert_int_equal(sc->rounding, IG_ROUND_PER_LINE);
    if (ingroei_run_new(&run, sc, &err) != INGROEI_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    ingroei_output_report rep;
    assert_int_equal(write_run(run, "p", NULL, &rep, &err), INGROEI_OK);
    char *dir = tmp_path("p");
    year_sums sum;
    read_allocations(dir, &sum);
    budget_row b[N_YEARS];
    read_budget(dir, b);
    bool any_nonzero = false;
    for (size_t y = 0; y < N_YEARS; y++) {
        assert_string_equal(b[y].rounding, "per-line");
        assert_true(b[y].sum == sum.total[y]);
        assert_true(b[y].residual == b[y].sum - b[y].budget);
        assert_true(b[y].historical == sum.historical[y]);
        assert_true(b[y].objective == sum.objective[y]);
        ingroei_year yr;
        assert_int_equal(ingroei_run_year(run, y, &yr), INGROEI_OK);
        assert_true(yr.residual == b[y].residual && yr.sum_total == b[y].sum);
        any_nonzero = any_nonzero || b[y].residual != 0;
        /* rounding each of 342 lines on its own moves the sum by at most 171 euro */
        assert_true(b[y].residual >= -171 && b[y].residual <= 171);
    }
    assert_true(any_nonzero); /* else this test would not tell the two modes apart */
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    free(dir);
    free(file);
}

static void test_gemeente_table(void **state)
{
    (void)state;
    size_t by_name, by_code, by_lower;
    ingroei_error err;
    assert_int_equal(ingroei_run_find_gemeente(default_run, "Zwolle", &by_name, &err), INGROEI_OK);
    assert_int_equal(ingroei_run_find_gemeente(default_run, "GM0193", &by_code, &err), INGROEI_OK);
    assert_int_equal(ingroei_run_find_gemeente(default_run, "gm0193", &by_lower, &err), INGROEI_OK);
    assert_int_equal(by_name, by_code);
    assert_int_equal(by_lower, by_code);

    ingroei_output_report rep;
    assert_int_equal(write_run(default_run, "g", "Zwolle", &rep, &err), INGROEI_OK);
    assert_int_equal(rep.n_files, 6);
    assert_string_equal(rep.files[5], "gemeente_GM0193.csv");
    char *dir = tmp_path("g");
    char *text = slurp_in(dir, "gemeente_GM0193.csv", NULL);
    char *all = slurp_in(dir, "allocations.csv", NULL);
    char **lines;
    size_t n = ts_split_lines(text, "gemeente_GM0193.csv", &lines);
    assert_int_equal(n, 1 + N_YEARS);
    assert_string_equal(lines[0], alloc_header);
    for (size_t i = 1; i < n; i++) {
        char expect[32];
        snprintf(expect, sizeof expect, "%zu,GM0193,", (size_t)FIRST_YEAR + i - 1);
        assert_true(strncmp(lines[i], expect, strlen(expect)) == 0);
        /* the same row as in allocations.csv */
        char *row = strstr(all, lines[i]);
        assert_non_null(row);
        assert_true(row[-1] == '\n' && row[strlen(lines[i])] == '\n');
    }
    free(lines);
    free(text);
    free(all);

    /* a lower-case code finds the same gemeente and writes the same file */
    assert_int_equal(write_run(default_run, "g2", "gm0193", &rep, &err), INGROEI_OK);
    char *dir2 = tmp_path("g2");
    size_t l1, l2;
    char *a = slurp_in(dir, "gemeente_GM0193.csv", &l1);
    char *b = slurp_in(dir2, "gemeente_GM0193.csv", &l2);
    assert_true(l1 == l2 && memcmp(a, b, l1) == 0);
    free(a);
    free(b);
    free(dir);
    free(dir2);
}

static void test_unknown_gemeente_writes_nothing(void **state)
{
    (void)state;
    /* into a directory that does not exist: it is not created */
    ingroei_output_report rep;
    ingroei_error err;
    char *fresh = tmp_path("u/out");
    char *fresh_parent = tmp_path("u");
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.dir = fresh;
    o.gemeente = "Atlantis";
    o.plots = 0;
    assert_int_equal(ingroei_run_write(default_run, &o, &rep, &err), INGROEI_ERR_USAGE);
    assert_int_equal(err.status, INGROEI_ERR_USAGE);
    assert_non_null(strstr(err.message, "'Atlantis'"));
    assert_int_equal(rep.n_files, 0);
    assert_false(ts_exists(fresh));
    assert_false(ts_exists(fresh_parent));

    /* over an earlier run's files: they stay exactly as they were */
    assert_int_equal(write_run(default_run, "k", "GM0193", &rep, &err), INGROEI_OK);
    char *dir = tmp_path("k");
    snapshot before, after;
    take_snapshot(dir, &before);
    assert_int_equal(before.n, 6 + 1); /* and the manifest */
    o.dir = dir;
    assert_int_equal(ingroei_run_write(default_run, &o, &rep, &err), INGROEI_ERR_USAGE);
    o.plots = 1;
    o.gnuplot = "/nonexistent/gnuplot";
    assert_int_equal(ingroei_run_write(default_run, &o, &rep, &err), INGROEI_ERR_USAGE);
    take_snapshot(dir, &after); /* also: no .ingroei-staging-* directory */
    assert_same_snapshot(&before, &after);
    free_snapshot(&before);
    free_snapshot(&after);

    /* no directory at all */
    o.dir = NULL;
    assert_int_equal(ingroei_run_write(default_run, &o, &rep, &err), INGROEI_ERR_USAGE);
    o.dir = "";
    assert_int_equal(ingroei_run_write(default_run, &o, &rep, &err), INGROEI_ERR_USAGE);
    free(dir);
    free(fresh);
    free(fresh_parent);
}

static void test_gnuplot_missing(void **state)
{
    (void)state;
    char *dir = tmp_path("n");
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.dir = dir;
    o.gemeente = "Zwolle";
    o.plots = 1;
    o.gnuplot = "/nonexistent/gnuplot";
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(ingroei_run_write(default_run, &o, &rep, &err), INGROEI_OK);
    assert_true(rep.plots_skipped != 0);
    assert_non_null(strstr(rep.note, "/nonexistent/gnuplot"));
    static const char *const written[] = {
        "allocations.csv",     "budget.csv",          "budget_opbouw.csv", "regios.csv",
        "summary.json",        "gemeente_GM0193.csv", "landelijk.dat",     "landelijk.gp",
        "gemeente_GM0193.dat", "gemeente_GM0193.gp",  "kaart.dat",         "kaart.gp"};
    assert_int_equal(rep.n_files, sizeof written / sizeof written[0]);
    for (size_t i = 0; i < sizeof written / sizeof written[0]; i++) {
        assert_string_equal(rep.files[i], written[i]);
        assert_true(exists_in(dir, written[i]));
    }
    snapshot s;
    take_snapshot(dir, &s);
    /* the written files and the manifest; no .png, .svg or staging directory */
    assert_int_equal(s.n, sizeof written / sizeof written[0] + 1);
    for (size_t i = 0; i < s.n; i++) {
        size_t len = strlen(s.name[i]);
        assert_false(len > 4 && (!strcmp(s.name[i] + len - 4, ".png") ||
                                 !strcmp(s.name[i] + len - 4, ".svg")));
    }
    /* the manifest lists exactly the files of this run */
    char *manifest = slurp_in(dir, ".ingroei-files", NULL);
    {
        char expect[512] = "";
        for (size_t i = 0; i < sizeof written / sizeof written[0]; i++) {
            strcat(expect, written[i]);
            strcat(expect, "\n");
        }
        assert_string_equal(manifest, expect);
    }
    free(manifest);
    /* the script draws from its data file */
    for (size_t i = 0; i < s.n; i++)
        if (!strcmp(s.name[i], "gemeente_GM0193.gp"))
            assert_non_null(strstr(s.data[i], "'gemeente_GM0193.dat'"));
    free_snapshot(&s);
    free(dir);
}

/* A second run into the same directory removes what the first run made and the second
 * does not (another gemeente's table), and leaves files it never made alone. */
static void test_stale_files_removed(void **state)
{
    (void)state;
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(write_run(default_run, "stale", "Zwolle", &rep, &err), INGROEI_OK);
    char *dir = tmp_path("stale");
    ts_write_in(dir, "notes.txt", "mine\n", 5);
    assert_true(exists_in(dir, "gemeente_GM0193.csv"));
    assert_int_equal(write_run(default_run, "stale", "Groningen", &rep, &err), INGROEI_OK);
    assert_false(exists_in(dir, "gemeente_GM0193.csv"));
    assert_true(exists_in(dir, "gemeente_GM0014.csv"));
    assert_true(exists_in(dir, "notes.txt"));
    assert_int_equal(write_run(default_run, "stale", NULL, &rep, &err), INGROEI_OK);
    assert_false(exists_in(dir, "gemeente_GM0014.csv"));
    assert_true(exists_in(dir, "allocations.csv"));
    assert_true(exists_in(dir, "notes.txt"));
    free(dir);
}

/* A manifest that came with the directory (copied, unpacked) names files of its own:
 * only names ingroei writes are removed as stale, never a Makefile. */
static void test_planted_manifest(void **state)
{
    (void)state;
    char *dir = tmp_path("planted");
    assert_int_equal(mkdir(dir, 0755), 0);
    ts_write_in(dir, "Makefile", "all:\n", 5);
    ts_write_in(dir, "gemeente_GM0193.csv", "old\n", 4);
    ts_write_in(dir, "gemeente_GM0193x.csv", "mine\n", 5);
    static const char manifest[] =
        "allocations.csv\nMakefile\ngemeente_GM0193.csv\ngemeente_GM0193x.csv\n../x\n";
    ts_write_in(dir, ".ingroei-files", manifest, sizeof manifest - 1);
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(write_run(default_run, "planted", NULL, &rep, &err), INGROEI_OK);
    assert_true(exists_in(dir, "Makefile"));
    assert_true(exists_in(dir, "gemeente_GM0193x.csv"));
    assert_false(exists_in(dir, "gemeente_GM0193.csv")); /* an output of ours, stale */
    free(dir);
}

/* A staging directory left by a writer that was killed is removed by the next write
 * into the directory; one of a live process is left alone. */
static void test_abandoned_staging_removed(void **state)
{
    (void)state;
    char *dir = tmp_path("abandoned");
    char *dead = ts_xprintf("%s/.ingroei-staging-2147483646-abcdef", dir),
         *live = ts_xprintf("%s/.ingroei-staging-%ld-abcdef", dir, (long)getpid());
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(mkdir(dead, 0755), 0);
    assert_int_equal(mkdir(live, 0755), 0);
    ts_write_in(dead, "allocations.csv", "half\n", 5);
    ts_write_in(live, "allocations.csv", "busy\n", 5);
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(write_run(default_run, "abandoned", NULL, &rep, &err), INGROEI_OK);
    assert_false(ts_exists(dead));
    assert_true(ts_exists(live));
    ts_remove_tree(live);
    free(dead);
    free(live);
    free(dir);
}

/* A target that is a directory stops the run before anything is replaced. */
static void test_blocked_target_replaces_nothing(void **state)
{
    (void)state;
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(write_run(default_run, "blocked", NULL, &rep, &err), INGROEI_OK);
    char *dir = tmp_path("blocked");
    char *sj = ts_xprintf("%s/summary.json", dir);
    assert_int_equal(remove(sj), 0);
    assert_int_equal(mkdir(sj, 0777), 0);
    snapshot before, after;
    take_snapshot(dir, &before);
    assert_int_equal(write_run(default_run, "blocked", "Zwolle", &rep, &err), INGROEI_ERR_IO);
    assert_non_null(strstr(err.message, "not a regular file"));
    take_snapshot(dir, &after);
    assert_same_snapshot(&before, &after);
    free_snapshot(&before);
    free_snapshot(&after);
    assert_int_equal(rmdir(sj), 0);
    free(sj);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_add_up),
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_per_line_residuals),
        cmocka_unit_test(test_gemeente_table),
        cmocka_unit_test(test_unknown_gemeente_writes_nothing),
        cmocka_unit_test(test_stale_files_removed),
        cmocka_unit_test(test_blocked_target_replaces_nothing),
        cmocka_unit_test(test_planted_manifest),
        cmocka_unit_test(test_abandoned_staging_removed),
        cmocka_unit_test(test_gnuplot_missing),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
