/*
 * test_regelingen.c - several regelingen in one scenario (README, "Several regelingen"):
 * the integrated BW + MO + VO example gives every published line of 2023 to the euro per
 * regeling and their sum in the total; one regeling listed alone gives the single
 * scenario's allocations byte for byte; a regeling without a budget in some years is
 * left out there; a key of another regeling is refused unless a reason is given; bad
 * entries fail at their file:line:col; over random scenarios the money adds up per
 * regeling and in total.
 */
#include "run/run.h"
#include "support/rng.h"
#include "support/support.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char *tmpdir;

/* `text` with every "$M" replaced by the absolute path of models/nl. */
static char *with_models(const char *text)
{
    char *cwd = getcwd(NULL, 0);
    assert_non_null(cwd);
    char *models = ts_xprintf("%s/models/nl", cwd);
    free(cwd);
    size_t n = 0;
    for (const char *p = strstr(text, "$M"); p; p = strstr(p + 2, "$M"))
        n++;
    char *out = malloc(strlen(text) + n * strlen(models) + 1), *o = out;
    assert_non_null(out);
    for (const char *p = text; *p;) {
        if (p[0] == '$' && p[1] == 'M') {
            strcpy(o, models);
            o += strlen(models);
            p += 2;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    free(models);
    return out;
}

/* Writes `text` (with "$M" for models/nl) as tmpdir/name; returns its path. */
static char *scenario_file(const char *name, const char *text)
{
    char *t = with_models(text), *p = ts_xprintf("%s/%s", tmpdir, name);
    ts_write_file(p, t, strlen(t));
    free(t);
    return p;
}

/* The head of a scenario with regelingen, years 2022-2027 and a shared path. */
#define HEAD                                                                                       \
    "scenario: 1\n"                                                                                \
    "name: \"regelingen\"\n"                                                                       \
    "dataset: $M\n"                                                                                \
    "years: {first: 2022, last: 2027}\n"                                                           \
    "path: {type: linear, start: 2024, length: 4}\n"

/* One entry: regeling, historical key file, objective key file (under models/nl) and
 * budget amount held in every year. */
#define ENTRY(reg, hist, obj, amount)                                                              \
    "  - regeling: " reg "\n"                                                                      \
    "    historical_key: $M/" hist "\n"                                                            \
    "    objective_key: $M/" obj "\n"                                                              \
    "    budget:\n"                                                                                \
    "      published: {2025: {amount: " amount ", source: \"test\"}}\n"                           \
    "      other_years: {rule: index, percent: 0.0, source: \"test\"}\n"

#define BW ENTRY("iu_beschermd_wonen", "bw/historisch_sep2024_2025.yaml", "bw/objectief_illustratief.yaml", "1745850000")
#define MO ENTRY("du_maatschappelijke_opvang", "mo/historisch_sep2024_2025.yaml", "mo/objectief_illustratief.yaml", "385057348")
#define VO ENTRY("du_vrouwenopvang", "vo/historisch_sep2024_2025.yaml", "vo/objectief_illustratief.yaml", "230620619")

/* Loads and runs `file`; fails the test with the error unless it works. */
static void load_ok(const char *file, ingroei_scenario **sc, ingroei_run **r)
{
    ingroei_error err = {0};
    ingroei_status st = ingroei_scenario_load(sc, file, &err);
    if (st == INGROEI_OK)
        st = ingroei_run_new(r, *sc, &err);
    if (st != INGROEI_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
}

/* The money adds up: per regeling every year's allocations to its total, and the
 * total run's every column to the sum over the regelingen that have the year. */
static void check_sums(const ingroei_run *t)
{
    const ig_regelingen *m = t->multi;
    assert_non_null(m);
    for (size_t y = 0; y < t->n_y; y++) {
        int64_t target = 0, sum = 0;
        for (size_t g = 0; g < t->n_g; g++) {
            int64_t total = 0, hist = 0, obj = 0, fh = 0, fo = 0, unc = 0;
            for (size_t i = 0; i < m->n; i++) {
                const ingroei_run *r = m->run[i];
                if (y < m->offset[i] || y - m->offset[i] >= r->n_y)
                    continue;
                const size_t k = (y - m->offset[i]) * r->n_g + g;
                total += r->out.total[k];
                hist += r->out.historical[k];
                obj += r->out.objective[k];
                fh += r->out.full_hist[k];
                fo += r->out.full_obj[k];
                unc += r->cap.uncapped[k];
            }
            const size_t k = y * t->n_g + g;
            assert_true(t->out.total[k] == total);
            assert_true(t->out.historical[k] == hist);
            assert_true(t->out.objective[k] == obj);
            assert_true(t->out.full_hist[k] == fh);
            assert_true(t->out.full_obj[k] == fo);
            assert_true(t->cap.uncapped[k] == unc);
            sum += t->out.total[k];
        }
        for (size_t i = 0; i < m->n; i++) {
            const ingroei_run *r = m->run[i];
            if (y < m->offset[i] || y - m->offset[i] >= r->n_y)
                continue;
            const size_t ys = y - m->offset[i];
            int64_t own = 0;
            for (size_t g = 0; g < r->n_g; g++)
                own += r->out.total[ys * r->n_g + g];
            assert_true(own == r->out.sum_total[ys]);
            assert_true(r->out.sum_total[ys] - r->out.target[ys] == r->out.residual[ys]);
            if (r->sc->rounding == IG_ROUND_EXACT_TOTAL)
                assert_true(r->out.residual[ys] == 0);
            target += r->out.target[ys];
        }
        assert_true(t->out.target[y] == target);
        assert_true(t->out.sum_total[y] == sum);
        assert_true(t->out.residual[y] == sum - target);
    }
}

/* A published amount of models/nl/uitkeringen_bw_mo_vo.csv. */
static int64_t published(const char *circulaire, int year, const char *code, const char *regeling)
{
    char *text = ts_slurp("models/nl/uitkeringen_bw_mo_vo.csv", NULL);
    char *want = ts_xprintf("\n%s,%d,%s,", circulaire, year, code);
    int64_t amount = -1;
    for (char *p = strstr(text, want); p && amount < 0; p = strstr(p + 1, want)) {
        char *end = strchr(p + 1, '\n'), *comma = end;
        while (comma > p && comma[-1] != ',')
            comma--;
        size_t n = (size_t)(comma - 1 - p);
        char *line = ts_xprintf("%.*s", (int)n, p);
        size_t rl = strlen(regeling);
        if (n > rl && !strcmp(line + n - rl, regeling) && line[n - rl - 1] == ',')
            amount = strtoll(comma, NULL, 10);
        free(line);
    }
    free(want);
    free(text);
    return amount;
}

/* The shipped integrated example: fully historical in 2023, each regeling's amount of
 * every centrumgemeente is the published line (historical_per_year), and the total is
 * their sum; the money adds up in every year; its files are written. */
static void test_example(void **state)
{
    (void)state;
    ingroei_scenario *sc = NULL;
    ingroei_run *t = NULL;
    load_ok("scenarios/regelingen/integraal_bw_mo_vo.yaml", &sc, &t);
    const ig_regelingen *m = t->multi;
    assert_int_equal(m->n, 3);
    check_sums(t);
    size_t zwolle;
    assert_int_equal(ingroei_run_find_gemeente(t, "Zwolle", &zwolle, NULL), INGROEI_OK);
    static const char *const regs[3] = {"iu_beschermd_wonen", "du_maatschappelijke_opvang",
                                        "du_vrouwenopvang"};
    int64_t sum = 0;
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(sc->regelingen[i].regeling, regs[i]);
        int64_t want = published("mei 2022", 2023, "GM0193", regs[i]);
        assert_true(want > 0);
        assert_true(m->run[i]->out.total[zwolle] == want); /* 2023 is year index 0 */
        sum += want;
    }
    assert_true(t->out.total[zwolle] == sum); /* 64,382,871 + 10,026,382 + 6,075,672 */
    assert_true(sum == 80484925);
    /* the objective share of the total is that of its money: 10 % in 2026 for all */
    assert_true(t->p[3] > 0.0999999 && t->p[3] < 0.1000001);
    assert_non_null(ingroei_run_illustrative_notice(t));
    char *dir = ts_xprintf("%s/example", tmpdir);
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.dir = dir;
    o.plots = 0;
    ingroei_error err = {0};
    if (ingroei_run_write(t, &o, NULL, &err) != INGROEI_OK)
        fail_msg("%s", err.message);
    char *csv = ts_xprintf("%s/regelingen.csv", dir), *text = ts_slurp(csv, NULL);
    assert_non_null(strstr(text, "\n2023,GM0193,Zwolle,du_vrouwenopvang,0.000000,6075672,0,"));
    assert_non_null(strstr(text, "\n2023,GM0193,Zwolle,totaal,0.000000,80484925,0,80484925,"));
    free(text);
    free(csv);
    /* a workbook, report.html and the resolved form are not made yet: refused */
    o.xlsx = 1;
    assert_int_equal(ingroei_run_write(t, &o, NULL, NULL), INGROEI_ERR_USAGE);
    char *res = ts_xprintf("%s/resolved.yaml", tmpdir);
    assert_int_equal(ingroei_run_write_resolved(t, res, NULL), INGROEI_ERR_USAGE);
    /* a fork (sweep, serve) is refused with a message rather than computing one regeling */
    ingroei_run *f = NULL;
    assert_int_equal(ig_run_fork(t, &f, NULL), INGROEI_ERR_USAGE);
    assert_null(f);
    free(res);
    free(dir);
    ingroei_run_free(t);
    ingroei_scenario_free(sc);
}

/* One regeling listed under `regelingen` gives the allocations of the same single
 * scenario byte for byte. */
static void test_one_regeling_same_bytes(void **state)
{
    (void)state;
    char *single = scenario_file("single.yaml",
                                 "scenario: 1\nname: \"regelingen\"\ndataset: $M\n"
                                 "years: {first: 2022, last: 2027}\n"
                                 "path: {type: linear, start: 2024, length: 4}\n"
                                 "historical_key: $M/bw/historisch_sep2024_2025.yaml\n"
                                 "objective_key: $M/bw/objectief_illustratief.yaml\n"
                                 "budget:\n"
                                 "  published: {2025: {amount: 1745850000, source: \"test\"}}\n"
                                 "  other_years: {rule: index, percent: 0.0, source: \"test\"}\n"
                                 "regions: $M/regios_beschermd_wonen.csv\n");
    char *multi = scenario_file("one.yaml", HEAD "regions: $M/regios_beschermd_wonen.csv\n"
                                                 "regelingen:\n" BW);
    const char *files[2] = {single, multi};
    ig_run_tables tab[2];
    ingroei_scenario *sc[2] = {NULL, NULL};
    ingroei_run *r[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        load_ok(files[k], &sc[k], &r[k]);
        assert_int_equal(ig_run_render(r[k], SIZE_MAX, INGROEI_CSV_RFC4180, &tab[k], NULL),
                         INGROEI_OK);
    }
    assert_non_null(r[1]->multi);
    assert_null(ig_run_tables_get(&tab[0], "regelingen.csv"));
    assert_non_null(ig_run_tables_get(&tab[1], "regelingen.csv"));
    static const char *const same[] = {"allocations.csv", "regios.csv"};
    for (size_t i = 0; i < 2; i++) {
        const ig_buf *a = ig_run_tables_get(&tab[0], same[i]), *b = ig_run_tables_get(&tab[1], same[i]);
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(a->len, b->len);
        assert_memory_equal(a->data, b->data, a->len);
    }
    for (int k = 0; k < 2; k++) {
        ig_run_tables_free(&tab[k]);
        ingroei_run_free(r[k]);
        ingroei_scenario_free(sc[k]);
    }
    free(single);
    free(multi);
}

/* A regeling with its own years (2024-2027 of 2022-2027) has no budget in 2022 and
 * 2023: no rows there in regelingen.csv, the total is the other regeling's alone, and
 * from 2024 on the sum of both. */
static void test_no_budget_in_a_year(void **state)
{
    (void)state;
    char *f = scenario_file("years.yaml", HEAD "regelingen:\n" BW MO "    years: {first: 2024, last: 2027}\n");
    ingroei_scenario *sc = NULL;
    ingroei_run *t = NULL;
    load_ok(f, &sc, &t);
    const ig_regelingen *m = t->multi;
    assert_int_equal(m->offset[0], 0);
    assert_int_equal(m->offset[1], 2);
    assert_int_equal(m->run[1]->n_y, 4);
    check_sums(t);
    assert_true(t->budget[0] == 1745850000 && t->budget[1] == 1745850000);
    assert_true(t->budget[2] == 1745850000 + 385057348);
    for (size_t g = 0; g < t->n_g; g++) /* 2023: BW alone */
        assert_true(t->out.total[t->n_g + g] == m->run[0]->out.total[t->n_g + g]);
    ig_buf b = {0};
    ig_regelingen_csv(&b, t, INGROEI_CSV_RFC4180);
    assert_non_null(b.data);
    assert_null(strstr(b.data, "\n2023,GM0014,Groningen,du_maatschappelijke_opvang"));
    assert_non_null(strstr(b.data, "\n2024,GM0014,Groningen,du_maatschappelijke_opvang"));
    assert_non_null(strstr(b.data, "\n2023,GM0014,Groningen,totaal"));
    ig_buf_free(&b);
    ingroei_run_free(t);
    ingroei_scenario_free(sc);
    free(f);
}

/* A key of another regeling: refused at the key's line and column, naming both
 * regelingen; with a reason it runs and says so in a warning. */
static void test_key_of_other_regeling(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } refused[] = {
        {HEAD "regelingen:\n" BW ENTRY("du_maatschappelijke_opvang", "bw/historisch_sep2024_2025.yaml",
                                       "mo/objectief_illustratief.yaml", "385057348"),
         ":14:21: regelingen[1].historical_key: the key is for regeling 'iu_beschermd_wonen', "
         "not for 'du_maatschappelijke_opvang'"},
        {HEAD "regelingen:\n" ENTRY("du_vrouwenopvang", "vo/historisch_sep2024_2025.yaml",
                                    "mo/objectief_illustratief.yaml", "230620619"),
         ":9:20: regelingen[0].objective_key: the key is for regeling "
         "'du_maatschappelijke_opvang', not for 'du_vrouwenopvang'"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        char *f = scenario_file("mismatch.yaml", refused[i].text);
        ingroei_scenario *sc = NULL;
        ingroei_run *r = NULL;
        ingroei_error err = {0};
        assert_int_equal(ingroei_scenario_load(&sc, f, &err), INGROEI_OK);
        assert_int_equal(ingroei_run_new(&r, sc, &err), INGROEI_ERR_SCHEMA);
        assert_null(r);
        char *msg = ts_xprintf("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
        if (!strstr(msg, refused[i].want) || strncmp(msg, f, strlen(f)) != 0)
            fail_msg("case %zu: '%s' does not say '%s'", i, msg, refused[i].want);
        free(msg);
        ingroei_scenario_free(sc);
        free(f);
    }
    char *f = scenario_file(
        "reason.yaml",
        HEAD "regelingen:\n" BW ENTRY("du_maatschappelijke_opvang", "bw/historisch_sep2024_2025.yaml",
                                      "mo/objectief_illustratief.yaml", "385057348")
             "    reason: \"the MO amounts follow the BW key in this test\"\n");
    ingroei_scenario *sc = NULL;
    ingroei_run *t = NULL;
    load_ok(f, &sc, &t);
    bool warned = false;
    for (size_t i = 0; i < ingroei_run_n_warnings(t); i++) {
        ingroei_warning w = ingroei_run_warning(t, i);
        warned = warned || (!strcmp(w.code, "key_of_other_regeling") &&
                            strstr(w.message, "regeling du_maatschappelijke_opvang: the historical "
                                              "key is for regeling iu_beschermd_wonen (reason: the "
                                              "MO amounts follow the BW key in this test)"));
    }
    assert_true(warned);
    check_sums(t);
    ingroei_run_free(t);
    ingroei_scenario_free(sc);
    free(f);
}

/* The integrated model's cap: a cap at the top holds the total over regelingen (the sum
 * of every regeling's amount) to its limit against the sum of the fully historical
 * amounts, budget neutral over the total to the euro; the regelingen' own rows stay
 * uncapped and add up to the total before the cap; the receipt describes the cap. A cap
 * on the total and one per regeling together are refused. */
static void test_cap_on_total(void **state)
{
    (void)state;
    char *f = scenario_file("cap_total.yaml",
                            HEAD "cap: {reference: historical, max_loss_per_inhabitant: 5, "
                                 "source: \"test: 5 euro per inwoner op het totaal\"}\n"
                                 "regelingen:\n" BW MO VO);
    ingroei_scenario *sc = NULL;
    ingroei_run *t = NULL;
    load_ok(f, &sc, &t);
    const ig_regelingen *m = t->multi;
    size_t held = 0;
    for (size_t y = 0; y < t->n_y; y++) {
        int64_t sum = 0, uncapped = 0;
        for (size_t g = 0; g < t->n_g; g++) {
            const size_t k = y * t->n_g + g;
            sum += t->out.total[k];
            int64_t own = 0;
            for (size_t i = 0; i < m->n; i++)
                own += m->run[i]->out.total[y * t->n_g + g];
            assert_true(own == t->cap.uncapped[k]); /* the regelingen: uncapped */
            uncapped += own;
            /* the loss against the fully historical total: at most 5 euro per inhabitant
             * (the limit is whole euros, rounded towards the gemeente) */
            assert_true(t->out.total[k] >= t->out.full_hist[k] - 5 * t->inhabitants[k]);
            held += t->cap.flag[k] < 0;
        }
        assert_true(sum == t->out.target[y]);      /* budget neutral over the total */
        assert_true(sum == uncapped);              /* the same money as without the cap */
        assert_true(t->cap.active[y] && t->cap.feasible[y]);
    }
    assert_true(held > 0); /* the cap binds */
    ig_buf b = {0};
    assert_true(ig_regelingen_summary_json(&b, t));
    assert_non_null(strstr(b.data, "\"cap_on_total\": {"));
    assert_non_null(strstr(b.data, "test: 5 euro per inwoner op het totaal"));
    assert_non_null(strstr(b.data, "\"at_loss_cap\": [\""));
    ig_buf_free(&b);
    ingroei_run_free(t);
    ingroei_scenario_free(sc);
    free(f);
    /* both: refused at the regeling's cap */
    f = scenario_file("cap_both.yaml",
                      HEAD "cap: {reference: historical, max_loss_per_inhabitant: 5, source: x}\n"
                           "regelingen:\n" BW
                           "    cap: {reference: historical, max_loss_per_inhabitant: 9, "
                           "source: y}\n");
    ingroei_error err = {0};
    assert_int_equal(ingroei_scenario_load(&sc, f, &err), INGROEI_ERR_SCHEMA);
    char *msg = ts_xprintf("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    if (!strstr(msg, ":14:10: regelingen[0].cap: the scenario caps the total over regelingen "
                     "(cap at line 6)"))
        fail_msg("%s", msg);
    free(msg);
    free(f);
}

/* Bad `regelingen` entries fail while reading, at file:line:col. */
static void test_bad_entries(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {HEAD "regelingen:\n" BW BW, ":13:15: regelingen[1].regeling: 'iu_beschermd_wonen' is listed twice"},
        {HEAD "regelingen: []\n", ":6:13: regelingen: expected a list of at least one regeling"},
        {HEAD "regelingen: {a: 1}\n", ":6:13: regelingen: expected a list of at least one regeling"},
        {HEAD "budget: {published: {2025: {amount: 1, source: x}}}\nregelingen:\n" BW,
         ":6:9: budget: with regelingen every regeling has its own"},
        {HEAD "historical_key: $M/bw/historisch_sep2024_2025.yaml\nregelingen:\n" BW,
         ":6:17: historical_key: with regelingen every regeling has its own"},
        {HEAD "arrangements: []\nregelingen:\n" BW,
         ":6:15: arrangements: not supported with regelingen yet"},
        {HEAD "regelingen:\n" BW "    colour: blue\n", ":13:5: unknown key 'colour' in regelingen[0]"},
        {HEAD "regelingen:\n  - regeling: iu_beschermd_wonen\n"
              "    objective_key: $M/bw/objectief_illustratief.yaml\n"
              "    budget: {published: {2025: {amount: 1, source: x}}, other_years: {rule: index, "
              "percent: 0.0, source: x}}\n",
         ":7:5: missing key 'historical_key' in regelingen[0]"},
        {HEAD "regelingen:\n" ENTRY("totaal", "bw/historisch_sep2024_2025.yaml",
                                    "bw/objectief_illustratief.yaml", "1"),
         ":7:15: regelingen[0].regeling: 'totaal' names the total"},
        {HEAD "regelingen:\n" ENTRY("beschermd wonen", "bw/historisch_sep2024_2025.yaml",
                                    "bw/objectief_illustratief.yaml", "1"),
         ":7:15: regelingen[0].regeling: 'beschermd wonen' is not a regeling's name"},
        {HEAD "regelingen:\n" BW "    years: {first: 2020, last: 2027}\n",
         ":13:12: regelingen[0].years: 2020-2027 do not lie within the scenario's years (2022-2027)"},
        {HEAD "regelingen:\n" BW "    years: {first: 2023, last: 2027}\n",
         ":7:3: regelingen: none has every scenario year (2022-2027)"},
        {"scenario: 1\nname: x\ndataset: $M\nyears: {first: 2022, last: 2027}\nregelingen:\n" BW,
         ":6:5: regelingen[0]: no path (give one here, or one path for every regeling"},
        {HEAD "regelingen:\n" ENTRY("du_vrouwenopvang", "vo/historisch_sep2024_2025.yaml",
                                    "vo/geen_sleutel.yaml", "1"),
         ":9:20: regelingen[0].objective_key"},
        {HEAD "regelingen:\n" BW "    path: {type: linear, start: 2024}\n",
         ":13:11: missing key 'length' in path"},
    };
    size_t wrong = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *f = scenario_file("bad.yaml", cases[i].text);
        ingroei_scenario *sc = NULL;
        ingroei_error err = {0};
        ingroei_status st = ingroei_scenario_load(&sc, f, &err);
        if (st == INGROEI_OK)
            fail_msg("case %zu was accepted", i);
        assert_null(sc);
        char *msg = ts_xprintf("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
        if (!strstr(msg, cases[i].want) || strncmp(msg, f, strlen(f)) != 0) {
            print_error("case %zu: '%s' does not say '%s'\n", i, msg, cases[i].want);
            wrong++;
        }
        free(msg);
        free(f);
    }
    assert_int_equal(wrong, 0);
}

/* Over random scenarios (paths per regeling or shared, budgets, years of a regeling,
 * rounding, a per-regeling cap with random limits) the money adds up per regeling and in
 * total, and the tables render; loaded once, varied in place as a sweep varies. */
static void test_random_scenarios(void **state)
{
    (void)state;
    char *f = scenario_file(
        "random.yaml",
        HEAD "regelingen:\n" BW MO "    years: {first: 2024, last: 2027}\n"
             "    path: {type: linear, start: 2025, length: 2}\n"
             "    cap: {reference: previous-year, max_loss_per_inhabitant: 2, if_infeasible: "
             "uncapped, source: test}\n" VO);
    ingroei_scenario *sc = NULL;
    ingroei_run *t = NULL;
    load_ok(f, &sc, &t);
    const int n = ts_property_scenarios(1000);
    ts_rng_seed(20261203);
    for (int k = 0; k < n; k++) {
        ts_at.scenario = k;
        const ig_rounding rounding = ts_rng_range(0, 1) ? IG_ROUND_EXACT_TOTAL : IG_ROUND_PER_LINE;
        for (size_t i = 0; i < sc->n_regelingen; i++) {
            ingroei_scenario *s = sc->regelingen[i].sc;
            s->rounding = rounding;
            s->path.kind = IG_PATH_LINEAR;
            s->path.start = (int)ts_rng_range(2020, 2029);
            s->path.length = (int)ts_rng_range(1, 8);
            for (size_t p = 0; p < s->budget.n_published; p++)
                s->budget.published[p].amount = ts_rng_range(1000000, 3000000000);
            s->budget.index_percent = (double)ts_rng_range(-50, 50) / 10.0;
            if (s->cap.enabled) {
                const size_t ny = (size_t)(s->last_year - s->first_year + 1);
                for (size_t y = 1; y < ny; y++)
                    s->cap.max_loss[y] = (double)ts_rng_range(0, 400) / 10.0;
            }
            ingroei_error err = {0};
            if (ig_run_compute_scenario(t->multi->run[i], s, &err) != INGROEI_OK)
                fail_msg("scenario %d regeling %zu: %s", k, i, err.message);
        }
        ingroei_error err = {0};
        if (ingroei_run_compute(t, &err) != INGROEI_OK)
            fail_msg("scenario %d: %s", k, err.message);
        check_sums(t);
        if (k % 100 == 0) { /* the tables of the total render, in both dialects */
            ig_run_tables tab;
            assert_int_equal(ig_run_render(t, SIZE_MAX, k % 200 ? INGROEI_CSV_NL
                                                                  : INGROEI_CSV_RFC4180,
                                           &tab, NULL),
                             INGROEI_OK);
            for (size_t i = 0; i < tab.n; i++)
                assert_false(tab.table[i].data.failed);
            ig_run_tables_free(&tab);
        }
    }
    ingroei_run_free(t);
    ingroei_scenario_free(sc);
    free(f);
}

/* Over random scenarios with three regelingen, the shipped regions with the regional
 * key, and the integrated model's cap on the total holding ratio limits (a floor and a
 * ceiling as a share of last year's total) and a guarantee at a base year's amount
 * (enacted, rebased or phased out): per regeling the money adds up to its budget, the
 * total to the sum of the budgets (the cap is budget neutral over the total), the
 * regelingen' rows to the total before the cap, no gemeente of a year the cap keeps lies
 * outside its floor and ceiling (ig_cap_bounds_of, as explain shows them), a member of a
 * known region other than its centrumgemeente gets no objective money, and an
 * infeasible year is left uncapped and so reported. */
static void test_random_regions_and_guarantees(void **state)
{
    (void)state;
    char *f = scenario_file(
        "random_guarantees.yaml",
        HEAD "regions: $M/regios_beschermd_wonen.csv\n"
             "regional_key: true\n"
             "cap:\n"
             "  reference: previous-year\n"
             "  min_ratio: 0.9\n"
             "  guarantee: {base_year: 2023, rule: enacted}\n"
             "  if_infeasible: uncapped\n"
             "  source: test\n"
             "regelingen:\n" BW MO VO);
    ingroei_scenario *sc = NULL;
    ingroei_run *t = NULL;
    load_ok(f, &sc, &t);
    ig_cap *cap = &sc->cap;
    const size_t ny = t->n_y, ng = t->n_g;
    if (!cap->max_ratio) { /* the scenario gives none: room to vary one */
        cap->max_ratio = malloc(ny * sizeof *cap->max_ratio);
        assert_non_null(cap->max_ratio);
    }
    assert_non_null(cap->min_ratio);
    const int n = ts_property_scenarios(1000);
    ts_rng_seed(20261204);
    size_t kept = 0, held = 0, relaxed = 0;
    for (int k = 0; k < n; k++) {
        ts_at.scenario = k;
        const ig_rounding rounding = ts_rng_range(0, 1) ? IG_ROUND_EXACT_TOTAL : IG_ROUND_PER_LINE;
        sc->rounding = rounding;
        for (size_t y = 0; y < ny; y++) {
            cap->min_ratio[y] = y && ts_rng_range(0, 3) ? (double)ts_rng_range(800, 1000) / 1000.0
                                                        : NAN;
            cap->max_ratio[y] = y && ts_rng_range(0, 3) ? (double)ts_rng_range(1000, 1500) / 1000.0
                                                        : NAN;
        }
        static const ig_guarantee_rule rules[] = {IG_GUARANTEE_NONE, IG_GUARANTEE_ENACTED,
                                                  IG_GUARANTEE_REBASED,
                                                  IG_GUARANTEE_PHASED_OUT};
        cap->guarantee.rule = rules[ts_rng_range(0, 3)];
        cap->guarantee.base_year = (int)ts_rng_range(t->first_year, t->first_year + 3);
        cap->guarantee.factor =
            cap->guarantee.rule == IG_GUARANTEE_REBASED ? (double)ts_rng_range(50, 100) / 100.0 : 1.0;
        cap->guarantee.years =
            cap->guarantee.rule == IG_GUARANTEE_PHASED_OUT ? (int)ts_rng_range(1, 4) : 0;
        for (size_t i = 0; i < sc->n_regelingen; i++) {
            ingroei_scenario *s = sc->regelingen[i].sc;
            s->rounding = rounding;
            s->path.kind = IG_PATH_LINEAR;
            s->path.start = (int)ts_rng_range(2020, 2029);
            s->path.length = (int)ts_rng_range(1, 8);
            for (size_t p = 0; p < s->budget.n_published; p++)
                s->budget.published[p].amount = ts_rng_range(1000000, 3000000000);
            s->budget.index_percent = (double)ts_rng_range(-50, 50) / 10.0;
            ingroei_error err = {0};
            if (ig_run_compute_scenario(t->multi->run[i], s, &err) != INGROEI_OK)
                fail_msg("scenario %d regeling %zu: %s", k, i, err.message);
        }
        ingroei_error err = {0};
        if (ingroei_run_compute(t, &err) != INGROEI_OK)
            fail_msg("scenario %d: %s", k, err.message);
        const ig_regelingen *m = t->multi;
        const ig_cap_in cin = {ng, ny, t->first_year, t->inhabitants, t->out.target, rounding};
        for (size_t y = 0; y < ny; y++) {
            int64_t sum = 0, target = 0;
            for (size_t i = 0; i < m->n; i++) {
                const ingroei_run *r = m->run[i];
                int64_t own = 0;
                for (size_t g = 0; g < ng; g++) {
                    own += r->out.total[y * ng + g];
                    const long c = r->region[g];
                    if (c >= 0 && (size_t)c != g)
                        assert_true(r->out.full_obj[y * ng + g] == 0);
                }
                assert_true(own == r->out.sum_total[y]);
                assert_true(own - r->out.target[y] == r->out.residual[y]);
                target += r->out.target[y];
            }
            for (size_t g = 0; g < ng; g++) {
                const size_t at = y * ng + g;
                int64_t before = 0;
                for (size_t i = 0; i < m->n; i++)
                    before += m->run[i]->out.total[at];
                assert_true(t->cap.uncapped[at] == before);
                sum += t->out.total[at];
            }
            /* budget neutral over the total: exact-total to the sum of the budgets; per
             * line the cap rounds each capped amount again, and reports the residual */
            assert_true(sum == t->out.sum_total[y]);
            assert_true(sum - t->out.target[y] == t->out.residual[y]);
            if (rounding == IG_ROUND_EXACT_TOTAL)
                assert_true(sum == target && t->out.residual[y] == 0);
            else
                assert_true(llabs(t->out.residual[y]) <= (long long)ng);
            if (!t->cap.active[y])
                continue;
            if (!t->cap.feasible[y]) {
                relaxed++;
                for (size_t g = 0; g < ng; g++)
                    assert_true(t->out.total[y * ng + g] == t->cap.uncapped[y * ng + g]);
                continue;
            }
            kept++;
            for (size_t g = 0; g < ng; g++) {
                ig_cap_bounds b;
                ig_cap_bounds_of(cap, &cin, &t->out, y, g, &b);
                const double x = (double)t->out.total[y * ng + g];
                if (x < b.floor || (x > b.ceiling && x > b.floor))
                    fail_msg("scenario %d, %d, %s: %.0f outside [%.0f, %.0f]", k,
                             t->first_year + (int)y, t->code[g], x, b.floor, b.ceiling);
                held += t->cap.flag[y * ng + g] != 0;
            }
        }
    }
    print_message("%zu capped years kept (%zu gemeenten held), %zu infeasible and left "
                  "uncapped\n",
                  kept, held, relaxed);
    assert_true(n < 1000 || (kept > 0 && held > 0 && relaxed > 0));
    ingroei_run_free(t);
    ingroei_scenario_free(sc);
    free(f);
}

static int setup(void **state)
{
    (void)state;
    tmpdir = ts_make_temp_dir("regelingen");
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
        cmocka_unit_test(test_example),
        cmocka_unit_test(test_one_regeling_same_bytes),
        cmocka_unit_test(test_no_budget_in_a_year),
        cmocka_unit_test(test_key_of_other_regeling),
        cmocka_unit_test(test_bad_entries),
        cmocka_unit_test(test_cap_on_total),
        cmocka_unit_test(test_random_regions_and_guarantees),
        cmocka_unit_test(test_random_scenarios),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
