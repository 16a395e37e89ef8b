/*
 * test_arrangement.c - arrangements (README, "Arrangements"): amounts paid to named
 * gemeenten before the keys distribute the rest. Money adds up to the euro every year
 * (several gemeenten, a year without, zero, the whole budget, with a cap); each gemeente
 * gets its amount on top of what the keys give it from the rest; gemeenten are found by
 * code, name and through a herindeling; the bridge has the step; a fork computes what a
 * fresh run does; bad arrangements fail at their line and column.
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

static const char default_published[] = "    2023: {amount: 1532904000, source: \"test\"}\n"
                                        "    2025: {amount: 1745850000, source: \"test\"}\n";

/* A scenario of 2023-2027 in tmpdir with absolute paths, the budget's published years
 * `published`, `extra` (YAML) at its end. */
static char *scenario_with(const char *file, const char *published, const char *extra)
{
    char *cwd = getcwd(NULL, 0);
    assert_non_null(cwd);
    char *text = ts_xprintf("scenario: 1\n"
                            "name: \"arrangement\"\n"
                            "dataset: %s/models/nl\n"
                            "years: {first: 2023, last: 2027}\n"
                            "budget:\n"
                            "  published:\n%s"
                            "  other_years: {rule: index, percent: 1.0, source: \"test\"}\n"
                            "historical_key: %s/models/nl/bw/historisch_sep2024_2025.yaml\n"
                            "objective_key: %s/models/nl/bw/objectief_illustratief.yaml\n"
                            "path: {type: linear, start: 2024, length: 4}\n"
                            "%s",
                            cwd, published, cwd, cwd, extra ? extra : "");
    char *p = ts_xprintf("%s/%s", tmpdir, file);
    ts_write_file(p, text, strlen(text));
    free(text);
    free(cwd);
    return p;
}

static char *scenario(const char *file, const char *extra)
{
    return scenario_with(file, default_published, extra);
}

/* The head of an arrangement, `amounts` following. */
#define ARR_HEAD                                                                                   \
    "arrangements:\n"                                                                              \
    "  - name: \"test\"\n"                                                                         \
    "    document: \"Kamerstuk 29 325, nr. 104\"\n"                                                \
    "    date: 2019-12-13\n"                                                                       \
    "    source: \"illustratief\"\n"                                                               \
    "    amounts:\n"

static ingroei_run *load(const char *file, ingroei_scenario **sc)
{
    ingroei_error err;
    ingroei_run *r = NULL;
    if (ingroei_scenario_load(sc, file, &err) != INGROEI_OK ||
        ingroei_run_new(&r, *sc, &err) != INGROEI_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    assert_int_equal(ig_run_parts(r, &err), INGROEI_OK);
    return r;
}

static size_t find(const ingroei_run *r, const char *key)
{
    size_t g;
    ingroei_error err;
    assert_int_equal(ingroei_run_find_gemeente(r, key, &g, &err), INGROEI_OK);
    return g;
}

/* Every year of `r` against the same scenario without arrangements (`plain`): the
 * allocations add up to the year's whole budget; the keys distributed that budget minus
 * the arrangements; every gemeente's total minus its arrangement is what the keys gave
 * it; a year without arrangements is the plain run's to the euro. */
static void check_money(const ingroei_run *r, const ingroei_run *plain)
{
    bool paid_before = false; /* a cap against last year carries an earlier arrangement on */
    for (size_t y = 0; y < r->n_y; y++) {
        const int64_t *a = ig_run_arrangement(r, y);
        assert_non_null(a);
        int64_t sum = 0, sum_a = 0, keys = 0, hist = 0, obj = 0;
        for (size_t g = 0; g < r->n_g; g++) {
            const size_t i = y * r->n_g + g;
            assert_true(a[g] >= 0);
            sum += r->out.total[i];
            sum_a += a[g];
            keys += r->out.total[i] - a[g];
            hist += r->out.historical[i];
            obj += r->out.objective[i];
            /* the parts are the keys', the arrangement on top (before the cap) */
            const int64_t parts = r->out.historical[i] + r->out.objective[i] + a[g];
            assert_true(llabs(parts - r->cap.uncapped[i]) <= 1);
            assert_true(r->out.full_hist[i] >= a[g]);
            assert_true(r->out.full_obj[i] >= a[g]);
        }
        assert_int_equal(sum_a, ig_run_arrangement_total(r, y));
        assert_int_equal(sum, plain->budget[y]);      /* the whole budget, to the euro */
        assert_int_equal(r->out.target[y], plain->budget[y]);
        assert_int_equal(r->out.sum_total[y], sum);
        assert_int_equal(keys, plain->budget[y] - sum_a); /* what the keys distributed */
        assert_int_equal(r->budget[y], plain->budget[y] - sum_a);
        assert_int_equal(hist + obj, keys);
        if (sum_a == 0 && !(paid_before && r->sc->cap.enabled))
            assert_memory_equal(r->out.total + y * r->n_g, plain->out.total + y * r->n_g,
                                r->n_g * sizeof *r->out.total);
        paid_before = paid_before || sum_a > 0;
    }
}

/* Several gemeenten (by code, by name, by a code that merged into one: Weesp GM0457
 * into Amsterdam in 2022), a year without, two arrangements on one gemeente. */
static void test_several_gemeenten(void **state)
{
    (void)state;
    ingroei_scenario *sc, *sc0;
    char *f0 = scenario("plain.yaml", NULL);
    char *f = scenario("several.yaml", ARR_HEAD "      2024: {Utrecht: 10000000, GM0233: 8000000, "
                                                "GM0457: 3000000}\n"
                                                "      2026: {utrecht: 12000000}\n"
                                                "  - name: \"second\"\n"
                                                "    document: \"test\"\n"
                                                "    date: 2024-02-29\n"
                                                "    source: \"test\"\n"
                                                "    amounts:\n"
                                                "      2026: {GM0344: 1000000}\n");
    ingroei_run *plain = load(f0, &sc0), *r = load(f, &sc);
    check_money(r, plain);
    const size_t utrecht = find(r, "GM0344"), ermelo = find(r, "Ermelo"),
                 amsterdam = find(r, "Amsterdam");
    assert_int_equal(ig_run_arrangement(r, 1)[utrecht], 10000000);
    assert_int_equal(ig_run_arrangement(r, 1)[ermelo], 8000000);
    assert_int_equal(ig_run_arrangement(r, 1)[amsterdam], 3000000); /* Weesp's */
    assert_int_equal(ig_run_arrangement(r, 3)[utrecht], 13000000);  /* both */
    assert_int_equal(ig_run_arrangement_total(r, 0), 0);
    assert_int_equal(ig_run_arrangement_total(r, 2), 0);
    /* a gemeente with nothing from the historical key gets its arrangement and its
     * objective share of the rest */
    const size_t i = 1 * r->n_g + ermelo;
    assert_int_equal(r->out.historical[i], 0);
    assert_true(llabs(r->out.total[i] - 8000000 - r->out.objective[i]) <= 1);
    /* the keys distribute less: a gemeente without an arrangement gets less than in the
     * plain run, never more */
    const size_t zwolle = find(r, "Zwolle");
    assert_true(r->out.total[1 * r->n_g + zwolle] < plain->out.total[1 * r->n_g + zwolle]);
    /* the bridge: the arrangement's step is its change; the rest is as small as ever */
    for (size_t y = 1; y < r->n_y; y++)
        for (size_t g = 0; g < r->n_g; g++) {
            ingroei_bridge_row b;
            ingroei_error err;
            assert_int_equal(ingroei_run_bridge(r, y, g, &b, &err), INGROEI_OK);
            assert_true(b.with_arrangement);
            assert_int_equal(b.arrangement,
                             ig_run_arrangement(r, y)[g] - ig_run_arrangement(r, y - 1)[g]);
            assert_true(llabs(b.rounding) <= 2);
            assert_int_equal(b.from + b.path + b.budget + b.key + b.cap + b.arrangement +
                                 b.rounding,
                             b.to);
        }
    ingroei_bridge_row b;
    ingroei_error err;
    assert_int_equal(ingroei_run_bridge(plain, 1, utrecht, &b, &err), INGROEI_OK);
    assert_false(b.with_arrangement);
    assert_int_equal(b.arrangement, 0);
    /* the tables: a column of its own, only with arrangements */
    ig_buf csv = {0}, csv0 = {0};
    ig_run_csv_allocations(&csv, r, SIZE_MAX, INGROEI_CSV_RFC4180);
    ig_run_csv_allocations(&csv0, plain, SIZE_MAX, INGROEI_CSV_RFC4180);
    assert_non_null(strstr(csv.data, ",zonder_bekende_regio,arrangement\n"));
    assert_null(strstr(csv0.data, "arrangement"));
    assert_non_null(strstr(csv.data, "\n2024,GM0233,Ermelo,"));
    assert_non_null(strstr(strstr(csv.data, "\n2024,GM0233,Ermelo,"), ",8000000\n"));
    ig_buf_free(&csv);
    ig_buf_free(&csv0);
    ig_run_csv_budget_lines(&csv, r, INGROEI_CSV_RFC4180);
    assert_non_null(strstr(csv.data, "2024,arrangement,test: Amsterdam (GM0363),3000000,"));
    assert_non_null(strstr(csv.data, "2026,arrangement,second: Utrecht (GM0344),1000000,"));
    ig_buf_free(&csv);
    ingroei_run_free(r);
    ingroei_run_free(plain);
    ingroei_scenario_free(sc);
    ingroei_scenario_free(sc0);
    free(f);
    free(f0);
}

/* An arrangement of 0 changes no allocation; one equal to the year's budget leaves the
 * keys nothing: the named gemeenten get the whole budget, all others 0. */
static void test_zero_and_whole_budget(void **state)
{
    (void)state;
    ingroei_scenario *sc, *sc0, *scw;
    char *f0 = scenario("plain.yaml", NULL);
    char *fz = scenario("zero.yaml", ARR_HEAD "      2025: {Utrecht: 0}\n");
    char *fw = scenario("whole.yaml", ARR_HEAD "      2025: {Utrecht: 1000000000, Ermelo: "
                                               "745850000}\n");
    ingroei_run *plain = load(f0, &sc0), *zero = load(fz, &sc), *whole = load(fw, &scw);
    check_money(zero, plain);
    assert_memory_equal(zero->out.total, plain->out.total,
                        zero->n_y * zero->n_g * sizeof *zero->out.total);
    check_money(whole, plain);
    const size_t y = 2, utrecht = find(whole, "Utrecht"), ermelo = find(whole, "Ermelo");
    assert_int_equal(whole->budget[y], 0);
    for (size_t g = 0; g < whole->n_g; g++) {
        const int64_t want = g == utrecht ? 1000000000 : g == ermelo ? 745850000 : 0;
        assert_int_equal(whole->out.total[y * whole->n_g + g], want);
        assert_int_equal(whole->out.historical[y * whole->n_g + g], 0);
        assert_int_equal(whole->out.objective[y * whole->n_g + g], 0);
    }
    /* the other years are the plain run's */
    assert_memory_equal(whole->out.total, plain->out.total, 2 * whole->n_g * sizeof(int64_t));
    ingroei_run_free(plain);
    ingroei_run_free(zero);
    ingroei_run_free(whole);
    ingroei_scenario_free(sc);
    ingroei_scenario_free(sc0);
    ingroei_scenario_free(scw);
    free(f0);
    free(fz);
    free(fw);
}

/* With a cap the arrangement is paid in full: the cap holds the keys' distribution, and
 * the money still adds up; per-line rounding keeps its residual. */
static void test_cap_and_per_line(void **state)
{
    (void)state;
    static const char cap[] = "cap: {reference: previous-year, max_loss_per_inhabitant: 15.0, source: \"test\"}\n";
    ingroei_scenario *sc, *sc0;
    char *f0 = scenario("plain_cap.yaml", cap);
    char *f = scenario("cap.yaml", ARR_HEAD "      2025: {Utrecht: 50000000, Zwolle: 20000000}\n"
                                            "cap: {reference: previous-year, "
                                            "max_loss_per_inhabitant: 15.0, source: \"test\"}\n");
    ingroei_run *plain = load(f0, &sc0), *r = load(f, &sc);
    check_money(r, plain);
    const size_t utrecht = find(r, "Utrecht");
    const size_t i = 2 * r->n_g + utrecht;
    /* the cap holds the keys' distribution alone: what the keys give with the
     * arrangement is, to the euro, the capped allocation of its budget minus the
     * arrangement; the arrangement is paid in full on top */
    static const char reduced[] = "    2023: {amount: 1532904000, source: \"test\"}\n"
                                  "    2025: {amount: 1675850000, source: \"test\"}\n"
                                  "    2026: {amount: 1763308500, source: \"test\"}\n"
                                  "    2027: {amount: 1780941585, source: \"test\"}\n";
    static const char whole[] = "    2023: {amount: 1532904000, source: \"test\"}\n"
                                "    2025: {amount: 1745850000, source: \"test\"}\n"
                                "    2026: {amount: 1763308500, source: \"test\"}\n"
                                "    2027: {amount: 1780941585, source: \"test\"}\n";
    ingroei_scenario *scr, *scw;
    char *fr = scenario_with("reduced.yaml", reduced, cap);
    char *fw = scenario_with("whole_cap.yaml", whole,
                             ARR_HEAD "      2025: {Utrecht: 50000000, Zwolle: 20000000}\n"
                                      "cap: {reference: previous-year, "
                                      "max_loss_per_inhabitant: 15.0, source: \"test\"}\n");
    ingroei_run *rr = load(fr, &scr), *rw = load(fw, &scw);
    bool held = false;
    for (size_t y = 0; y < rw->n_y; y++) {
        held = held || rr->cap.n_loss[y] > 0;
        for (size_t g = 0; g < rw->n_g; g++) {
            const size_t k = y * rw->n_g + g;
            assert_int_equal(rw->out.total[k] - ig_run_arrangement(rw, y)[g], rr->out.total[k]);
        }
    }
    assert_true(held); /* the cap did hold someone */
    assert_int_equal(rw->out.total[i] - rr->out.total[i], 50000000);
    ingroei_run_free(rr);
    ingroei_run_free(rw);
    ingroei_scenario_free(scr);
    ingroei_scenario_free(scw);
    free(fr);
    free(fw);
    ingroei_run_free(r);
    ingroei_run_free(plain);
    ingroei_scenario_free(sc);
    ingroei_scenario_free(sc0);
    free(f);
    free(f0);

    f0 = scenario("plain_pl.yaml", "rounding: per-line\n");
    f = scenario("pl.yaml", "rounding: per-line\n" ARR_HEAD "      2024: {Utrecht: 1234567}\n");
    plain = load(f0, &sc0);
    r = load(f, &sc);
    for (size_t y = 0; y < r->n_y; y++) {
        assert_int_equal(r->out.target[y], plain->out.target[y]);
        int64_t sum = 0;
        for (size_t g = 0; g < r->n_g; g++)
            sum += r->out.total[y * r->n_g + g];
        assert_int_equal(sum - r->out.target[y], r->out.residual[y]);
        assert_true(llabs(r->out.residual[y]) < 400);
    }
    ingroei_run_free(r);
    ingroei_run_free(plain);
    ingroei_scenario_free(sc);
    ingroei_scenario_free(sc0);
    free(f);
    free(f0);
}

/* A fork of a run without arrangements, computing a scenario with them, gives the bytes
 * of a fresh run (its arrays are its own, made on the first compute). */
static void test_fork(void **state)
{
    (void)state;
    ingroei_scenario *sc, *sc0;
    char *f0 = scenario("plain.yaml", NULL);
    char *f = scenario("fork.yaml", ARR_HEAD "      2026: {Enschede: 4000000, Vught: 5000000}\n");
    ingroei_run *plain = load(f0, &sc0), *r = load(f, &sc), *fork = NULL;
    ingroei_error err;
    assert_int_equal(ig_run_fork_full(plain, sc, &fork, &err), INGROEI_OK);
    ig_run_tables a, b;
    assert_int_equal(ig_run_render(r, SIZE_MAX, INGROEI_CSV_RFC4180, &a, &err), INGROEI_OK);
    assert_int_equal(ig_run_render(fork, SIZE_MAX, INGROEI_CSV_RFC4180, &b, &err), INGROEI_OK);
    for (const char *name = "allocations.csv"; name; name = NULL) {
        const ig_buf *x = ig_run_tables_get(&a, name), *y = ig_run_tables_get(&b, name);
        assert_int_equal(x->len, y->len);
        assert_memory_equal(x->data, y->data, x->len);
    }
    const ig_buf *x = ig_run_tables_get(&a, "budget.csv"), *y = ig_run_tables_get(&b, "budget.csv");
    assert_int_equal(x->len, y->len);
    assert_memory_equal(x->data, y->data, x->len);
    ig_run_tables_free(&a);
    ig_run_tables_free(&b);
    ingroei_run_free(fork);
    ingroei_run_free(r);
    ingroei_run_free(plain);
    ingroei_scenario_free(sc);
    ingroei_scenario_free(sc0);
    free(f);
    free(f0);
}

/* A fork computes scenario after scenario and keeps the rows that did not change (the
 * key at the whole budget, the fully historical rounding): every compute is that of a
 * fresh fork, also the same scenario with arrangements twice in a row (they are added to
 * the fully historical rows) and the budget's index changed in between. */
static void test_fork_reused(void **state)
{
    (void)state;
    ingroei_scenario *sc, *sc0;
    char *f0 = scenario("plain2.yaml", NULL);
    char *f = scenario("fork2.yaml", ARR_HEAD "      2026: {Enschede: 4000000, Vught: 5000000}\n");
    ingroei_run *plain = load(f0, &sc0), *r = load(f, &sc), *kept = NULL;
    ingroei_scenario sc1 = *sc0; /* as a sweep varies it */
    sc1.budget.index_percent = 3.0;
    ingroei_error err;
    assert_int_equal(ig_run_fork(plain, &kept, &err), INGROEI_OK);
    const ingroei_scenario *seq[] = {sc, sc, sc0, &sc1, sc0, sc0, sc, &sc1, sc};
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
        ingroei_run *fresh = NULL;
        assert_int_equal(ig_run_fork(plain, &fresh, &err), INGROEI_OK);
        assert_int_equal(ig_run_compute_scenario(fresh, seq[i], &err), INGROEI_OK);
        assert_int_equal(ig_run_compute_scenario(kept, seq[i], &err), INGROEI_OK);
        const size_t n = kept->n_y * kept->n_g;
        assert_memory_equal(kept->out.total, fresh->out.total, n * sizeof *kept->out.total);
        assert_memory_equal(kept->out.full_hist, fresh->out.full_hist,
                            n * sizeof *kept->out.full_hist);
        assert_memory_equal(kept->o_full, fresh->o_full, n * sizeof *kept->o_full);
        assert_memory_equal(kept->uf_full, fresh->uf_full, kept->n_y * sizeof *kept->uf_full);
        ingroei_run_free(fresh);
    }
    /* after the last compute (with arrangements) the fork holds a full run's rows */
    assert_memory_equal(kept->out.full_hist, r->out.full_hist,
                        kept->n_y * kept->n_g * sizeof *kept->out.full_hist);
    ingroei_run_free(kept);
    ingroei_run_free(r);
    ingroei_run_free(plain);
    ingroei_scenario_free(sc);
    ingroei_scenario_free(sc0);
    free(f);
    free(f0);
}

/* Bad arrangements fail with the scenario's line and column. */
static void test_bad(void **state)
{
    (void)state;
    static const struct {
        const char *extra, *want;
    } cases[] = {
        {ARR_HEAD "      2025: {Nergenshuizen: 1000}\n",
         "19:14: arrangements[0].amounts.2025: no gemeente 'Nergenshuizen' on the boundaries of "
         "2025"},
        {ARR_HEAD "      2022: {Utrecht: 1000}\n",
         "19:7: arrangements[0].amounts: 2022 is not a scenario year (2023-2027)"},
        {ARR_HEAD "      2025: {Utrecht: 1745849999, Ermelo: 2}\n",
         "19:7: arrangements: the arrangements of 2025 pay 1745850001 euro, more than the "
         "year's budget of 1745850000 euro"},
        {"arrangements:\n  - name: \"x\"\n    document: \"y\"\n    date: 2019-12-13\n"
         "    amounts: {2025: {Utrecht: 1}}\n",
         "14:5: missing key 'source' in arrangements[0]"},
        {ARR_HEAD "      2025: {Utrecht: 1, GM0344: 2}\n",
         "19:26: arrangements[0].amounts.2025: 'GM0344' is Utrecht (GM0344), already named at "
         "line 19"},
        {ARR_HEAD "      2025: {Utrecht: -1}\n", "19:23: arrangements[0].amounts.2025.Utrecht"},
        {"arrangements:\n  - name: \"x\"\n    document: \"y\"\n    date: 2019-02-30\n"
         "    source: \"z\"\n    amounts: {2025: {Utrecht: 1}}\n",
         "16:11: arrangements[0].date: '2019-02-30' is not a date"},
        {ARR_HEAD "      2025: {Utrecht: 1745850000}\n"
                  "cap: {reference: previous-year, max_loss_per_inhabitant: 15.0, source: \"test\"}\n",
         "19:7: arrangements: the arrangements of 2025 take the whole budget"},
        {ARR_HEAD "      2025: {}\n", "19:13: arrangements[0].amounts.2025: expected a mapping"},
        {"arrangements: {}\n", "13:15: arrangements: expected a list"},
        {ARR_HEAD "      2025: {Utrecht: 1}\n    bedrag: 3\n",
         "20:5: unknown key 'bedrag' in arrangements[0]"},
        /* Haaren was split over four gemeenten in 2021: it cannot be found on 2025's */
        {ARR_HEAD "      2025: {Weesp: 1000, Haaren: 5}\n", "no gemeente 'Haaren'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *f = scenario("bad.yaml", cases[i].extra);
        ingroei_scenario *sc = NULL;
        ingroei_run *r = NULL;
        ingroei_error err = {0};
        ingroei_status st = ingroei_scenario_load(&sc, f, &err);
        if (st == INGROEI_OK)
            st = ingroei_run_new(&r, sc, &err);
        if (st == INGROEI_OK)
            fail_msg("case %zu: no error", i);
        char *msg = ts_xprintf("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
        if (!strstr(msg, cases[i].want) || !strstr(msg, "bad.yaml:"))
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
    tmpdir = ts_make_temp_dir("arrangement");
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
        cmocka_unit_test(test_several_gemeenten),
        cmocka_unit_test(test_zero_and_whole_budget),
        cmocka_unit_test(test_cap_and_per_line),
        cmocka_unit_test(test_fork),
        cmocka_unit_test(test_fork_reused),
        cmocka_unit_test(test_bad),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
