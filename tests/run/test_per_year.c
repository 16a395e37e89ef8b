/*
 * test_per_year.c - inputs per year (README, "Inputs per year"): with historical_per_year
 * the fully historical allocation of 2023, 2024 and 2025 equals the published IU BW of
 * every centrumgemeente to the euro (exact-total with the lines' sums, per-line with the
 * macro amounts); naming the keys' own vintage changes no byte; money adds up; the
 * bridge's key step shows the change of the key; bad choices fail at their line.
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

static const char *const vintage[3][2] = {
    {"2023", "mei 2022"}, {"2024", "september 2024"}, {"2025", "september 2024"}};

/* A scenario in tmpdir with absolute paths: `budget` and `extra` (YAML text) as given. */
static char *scenario(const char *file, const char *budget, const char *extra, const char *rounding)
{
    char *cwd = getcwd(NULL, 0);
    assert_non_null(cwd);
    char *text = ts_xprintf("scenario: 1\n"
                            "name: \"per jaar\"\n"
                            "dataset: %s/models/nl\n"
                            "years: {first: 2023, last: 2027}\n"
                            "budget:\n"
                            "  published:\n%s"
                            "  other_years: {rule: index, percent: 0.0, source: \"test\"}\n"
                            "historical_key: %s/models/nl/bw/historisch_sep2024_2025.yaml\n"
                            "objective_key: %s/models/nl/bw/objectief_illustratief.yaml\n"
                            "path: {type: linear, start: 2024, length: 4}\n"
                            "rounding: %s\n%s",
                            cwd, budget, cwd, cwd, rounding, extra ? extra : "");
    char *p = ts_xprintf("%s/%s", tmpdir, file);
    ts_write_file(p, text, strlen(text));
    free(text);
    free(cwd);
    return p;
}

static const char lines_budget[] = "    2023: {amount: 1532904000, source: \"43 regels\"}\n"
                                   "    2024: {amount: 1730991997, source: \"43 regels\"}\n"
                                   "    2025: {amount: 1745850000, source: \"43 regels\"}\n";
static const char macro_budget[] = "    2023: {amount: 1532904000, source: \"macro\"}\n"
                                   "    2024: {amount: 1730992000, source: \"macro\"}\n"
                                   "    2025: {amount: 1745850000, source: \"macro\"}\n";
static const char per_year[] = "historical_per_year:\n"
                               "  2023: mei 2022\n"
                               "  2024: september 2024\n"
                               "  2025: september 2024\n";

/* Every published IU BW line of the three vintages against full_hist: all 43 a year. */
static void check_published(const ingroei_run *r)
{
    size_t len;
    char *text = ts_slurp("models/nl/uitkeringen_bw_mo_vo.csv", &len);
    char **lines;
    size_t n = ts_split_lines(text, "uitkeringen", &lines);
    size_t matched[3] = {0};
    for (size_t i = 0; i < n; i++) {
        char *f[6], *s = lines[i];
        if (s[0] == '#')
            continue;
        size_t k = 0;
        for (char *tok = strtok(s, ","); tok && k < 6; tok = strtok(NULL, ","))
            f[k++] = tok;
        if (k != 6 || strcmp(f[4], "iu_beschermd_wonen"))
            continue;
        for (size_t v = 0; v < 3; v++) {
            if (strcmp(f[0], vintage[v][1]) || strcmp(f[1], vintage[v][0]))
                continue;
            size_t g;
            ingroei_error err;
            assert_int_equal(ingroei_run_find_gemeente(r, f[2], &g, &err), INGROEI_OK);
            ingroei_row row;
            size_t y = (size_t)(atoi(f[1]) - r->first_year);
            assert_int_equal(ingroei_run_row(r, y, g, &row), INGROEI_OK);
            if (row.full_historical != atoll(f[5]))
                fail_msg("%s %s %s: %lld computed, %s published", f[0], f[1], f[3],
                         (long long)row.full_historical, f[5]);
            matched[v]++;
        }
    }
    for (size_t v = 0; v < 3; v++)
        assert_int_equal(matched[v], 43);
    free(lines);
    free(text);
}

static ingroei_run *load(const char *file, ingroei_scenario **sc)
{
    ingroei_error err;
    ingroei_run *r = NULL;
    if (ingroei_scenario_load(sc, file, &err) != INGROEI_OK ||
        ingroei_run_new(&r, *sc, &err) != INGROEI_OK)
        fail_msg("%s: %s", file, err.message);
    return r;
}

static void test_published_to_the_euro(void **state)
{
    (void)state;
    ingroei_scenario *sc;
    /* the shipped example: exact-total with the sums of the lines */
    ingroei_run *r = load("scenarios/per_jaar.yaml", &sc);
    check_published(r);
    ingroei_row row;
    size_t zwolle;
    ingroei_error err;
    assert_int_equal(ingroei_run_find_gemeente(r, "Zwolle", &zwolle, &err), INGROEI_OK);
    assert_int_equal(ingroei_run_row(r, 0, zwolle, &row), INGROEI_OK);
    assert_int_equal(row.full_historical, 64382871); /* not 64,162,222 */
    ingroei_run_free(r);
    ingroei_scenario_free(sc);
    /* per-line with the macro amounts (2024: 3 euro more than the lines) */
    char *f = scenario("macro.yaml", macro_budget, per_year, "per-line");
    r = load(f, &sc);
    check_published(r);
    ingroei_run_free(r);
    ingroei_scenario_free(sc);
    free(f);
    /* without it, one vintage's shares: not the publication (the 64,162,222) */
    f = scenario("one.yaml", lines_budget, NULL, "exact-total");
    r = load(f, &sc);
    assert_int_equal(ingroei_run_row(r, 0, zwolle, &row), INGROEI_OK);
    assert_int_equal(row.full_historical, 64162222);
    ingroei_run_free(r);
    ingroei_scenario_free(sc);
    free(f);
}

/* Money adds up every year, and the bridge's key step carries the change of the
 * historical shares from one uitkeringsjaar to the next. */
static void test_money_and_bridge(void **state)
{
    (void)state;
    ingroei_scenario *sc;
    ingroei_run *r = load("scenarios/per_jaar.yaml", &sc);
    for (size_t y = 0; y < r->n_y; y++) {
        int64_t s = 0;
        for (size_t g = 0; g < r->n_g; g++)
            s += r->out.total[y * r->n_g + g];
        assert_int_equal(s, r->out.target[y]);
        assert_int_equal(r->out.target[y], r->budget[y]);
    }
    /* 2023 -> 2024 and 2024 -> 2025 are fully historical (the path starts in 2026): the
     * key step is the change of the historical shares, the budget step that of the
     * budget; the key steps of all gemeenten add up to about 0 */
    size_t zwolle;
    ingroei_error err;
    assert_int_equal(ingroei_run_find_gemeente(r, "GM0193", &zwolle, &err), INGROEI_OK);
    for (size_t y = 1; y <= 2; y++) {
        ingroei_bridge_row b;
        int64_t key_sum = 0;
        bool moved = false;
        for (size_t g = 0; g < r->n_g; g++) {
            assert_int_equal(ingroei_run_bridge(r, y, g, &b, &err), INGROEI_OK);
            assert_int_equal(b.path, 0);
            assert_int_equal(b.from + b.path + b.budget + b.key + b.cap + b.rounding, b.to);
            key_sum += b.key;
            moved = moved || b.key != 0;
        }
        assert_true(moved);
        assert_true(key_sum >= -43 && key_sum <= 43); /* each rounded on its own */
    }
    ingroei_bridge_row b;
    assert_int_equal(ingroei_run_bridge(r, 1, zwolle, &b, &err), INGROEI_OK);
    assert_int_equal(b.key, -120722); /* Zwolle's share fell from mei 2022 to september 2024 */
    /* a year not listed keeps the key's own: 2025 -> 2026 has no key step */
    assert_int_equal(ingroei_run_bridge(r, 3, zwolle, &b, &err), INGROEI_OK);
    assert_int_equal(b.key, 0);
    ingroei_run_free(r);
    ingroei_scenario_free(sc);
}

/* Naming the keys' own vintage and volumes changes no byte of the tables (the default
 * stays as it was). */
static void test_own_vintage_same_bytes(void **state)
{
    (void)state;
    char *cwd = getcwd(NULL, 0);
    char *extra = ts_xprintf("historical_per_year: {2025: september 2024}\n"
                             "objective_volumes_per_year:\n"
                             "  2024: %s/models/nl/gemeentefonds/volumina_sep2024_2025.csv\n",
                             cwd);
    char *a = scenario("plain.yaml", lines_budget, NULL, "exact-total");
    char *b = scenario("own.yaml", lines_budget, extra, "exact-total");
    free(extra);
    free(cwd);
    ingroei_scenario *sa, *sb;
    ingroei_run *ra = load(a, &sa), *rb = load(b, &sb);
    ig_run_tables ta, tb;
    ingroei_error err;
    assert_int_equal(ig_run_render(ra, SIZE_MAX, INGROEI_CSV_RFC4180, &ta, &err), INGROEI_OK);
    assert_int_equal(ig_run_render(rb, SIZE_MAX, INGROEI_CSV_RFC4180, &tb, &err), INGROEI_OK);
    static const char *const names[] = {"allocations.csv", "budget.csv", "budget_opbouw.csv"};
    for (size_t i = 0; i < 3; i++) {
        const ig_buf *x = ig_run_tables_get(&ta, names[i]), *y = ig_run_tables_get(&tb, names[i]);
        assert_int_equal(x->len, y->len);
        assert_memory_equal(x->data, y->data, x->len);
    }
    ig_run_tables_free(&ta);
    ig_run_tables_free(&tb);
    ingroei_run_free(ra);
    ingroei_run_free(rb);
    ingroei_scenario_free(sa);
    ingroei_scenario_free(sb);
    free(a);
    free(b);
}

/* The objective volumes of each year change the objective key of that year only. */
static void test_volumes_per_year(void **state)
{
    (void)state;
    char *cwd = getcwd(NULL, 0);
    char *extra = ts_xprintf("objective_volumes_per_year:\n"
                             "  2024: %s/models/nl/gemeentefonds/volumina_mei2023_2024.csv\n",
                             cwd);
    char *a = scenario("plain.yaml", lines_budget, NULL, "exact-total");
    char *b = scenario("vol.yaml", lines_budget, extra, "exact-total");
    ingroei_scenario *sa, *sb;
    ingroei_run *ra = load(a, &sa), *rb = load(b, &sb);
    size_t differ[5] = {0};
    assert_int_equal(ig_run_parts(ra, NULL), INGROEI_OK);
    assert_int_equal(ig_run_parts(rb, NULL), INGROEI_OK);
    for (size_t y = 0; y < ra->n_y; y++)
        for (size_t g = 0; g < ra->n_g; g++)
            differ[y] += ra->out.full_obj[y * ra->n_g + g] != rb->out.full_obj[y * rb->n_g + g];
    assert_true(differ[1] > 300); /* 2024: another circulaire's volumes */
    assert_int_equal(differ[0] + differ[2] + differ[3] + differ[4], 0);
    /* the file is in the receipt */
    bool found = false;
    for (size_t i = 0; i < rb->n_inputs; i++)
        found = found || strstr(rb->inputs[i].display, "volumina_mei2023_2024.csv");
    assert_true(found);
    /* and the bridge's key step shows it in 2024 and back in 2025 */
    ingroei_bridge_row row;
    ingroei_error err;
    bool in24 = false, in25 = false;
    for (size_t g = 0; g < rb->n_g; g++) {
        assert_int_equal(ingroei_run_bridge(rb, 1, g, &row, &err), INGROEI_OK);
        in24 = in24 || row.key != 0;
        assert_int_equal(ingroei_run_bridge(rb, 2, g, &row, &err), INGROEI_OK);
        in25 = in25 || row.key != 0;
    }
    assert_true(in24 && in25);
    ingroei_run_free(ra);
    ingroei_run_free(rb);
    ingroei_scenario_free(sa);
    ingroei_scenario_free(sb);
    free(a);
    free(b);
    free(extra);
    free(cwd);
}

/* Bad choices fail with the scenario's line and column. */
static void test_bad(void **state)
{
    (void)state;
    static const struct {
        const char *extra, *want;
    } cases[] = {
        {"historical_per_year:\n  2024: mei 2030\n",
         "16:9: historical_per_year.2024: no rows for circulaire 'mei 2030', uitkeringsjaar 2024"},
        {"historical_per_year:\n  2022: mei 2022\n",
         "16:3: historical_per_year: 2022 is not a scenario year (2023-2027)"},
        {"historical_per_year:\n  2025: mei 2024\n  2024: mei 2024\n", "17:3: "},
        {"historical_per_year: mei 2022\n", "15:22: historical_per_year: expected a mapping"},
        {"historical_per_year: {}\n", "historical_per_year: expected a mapping"},
        {"objective_volumes_per_year:\n  2024: nowhere.csv\n", "16:9: "},
        {"historical_per_year:\n  2024: 2024\n", "16:9: "},
        {"historisch_per_jaar:\n  2024: mei 2024\n", "unknown key 'historisch_per_jaar'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *f = scenario("bad.yaml", lines_budget, cases[i].extra, "exact-total");
        ingroei_scenario *sc = NULL;
        ingroei_run *r = NULL;
        ingroei_error err = {0};
        ingroei_status st = ingroei_scenario_load(&sc, f, &err);
        if (st == INGROEI_OK)
            st = ingroei_run_new(&r, sc, &err);
        assert_int_not_equal(st, INGROEI_OK);
        char *msg = ts_xprintf("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
        if (!strstr(msg, cases[i].want))
            fail_msg("case %zu: '%s' does not contain '%s'", i, msg, cases[i].want);
        free(msg);
        ingroei_run_free(r);
        ingroei_scenario_free(sc);
        free(f);
    }
}

static int setup(void **state)
{
    (void)state;
    tmpdir = ts_make_temp_dir("per_year");
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
        cmocka_unit_test(test_published_to_the_euro),
        cmocka_unit_test(test_money_and_bridge),
        cmocka_unit_test(test_own_vintage_same_bytes),
        cmocka_unit_test(test_volumes_per_year),
        cmocka_unit_test(test_bad),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
