/*
 * test_bridge.c - the brugstaat: for every example scenario, gemeente and year the parts
 * add up to the change of the published allocation to the euro, a cause that did not
 * change gives zero, rounding stays a few euros, and brugstaat.csv holds the same rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "run/run.h"
#include "support/support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const scenarios[] = {"default", "uitgesteld_2027", "acht_jaar",
                                        "cohort",  "herijking_cap",   "wlz_uitname", "per_jaar"};

static void check_scenario(const char *name)
{
    char *file = ts_xprintf("scenarios/%s.yaml", name);
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *r = NULL;
    assert_int_equal(ingroei_scenario_load(&sc, file, &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&r, sc, &err), INGROEI_OK);
    size_t n_path = 0, n_budget = 0;
    for (size_t y = 1; y < r->n_y; y++) {
        const bool same_p = r->p[y] == r->p[y - 1],
                   same_budget =
                       r->budget[y] == r->budget[y - 1] && r->budget_obj[y] == r->budget_obj[y - 1],
                   same_key = !memcmp(&r->o_part[y * r->n_g], &r->o_part[(y - 1) * r->n_g],
                                      r->n_g * sizeof *r->o_part);
        for (size_t g = 0; g < r->n_g; g++) {
            ingroei_bridge_row b;
            assert_int_equal(ingroei_run_bridge(r, y, g, &b, &err), INGROEI_OK);
            ingroei_row now, before;
            ingroei_run_row(r, y, g, &now);
            ingroei_run_row(r, y - 1, g, &before);
            assert_int_equal(b.year, now.year);
            assert_int_equal(b.from, before.total);
            assert_int_equal(b.to, now.total);
            assert_int_equal(b.from + b.path + b.budget + b.key + b.cap + b.rounding, b.to);
            assert_int_equal(b.cap, (now.total - now.total_uncapped) -
                                        (before.total - before.total_uncapped));
            if (b.rounding < -4 || b.rounding > 4)
                fail_msg("%s %s %d: rounding %lld", name, now.code, now.year,
                         (long long)b.rounding);
            if (same_p)
                assert_int_equal(b.path, 0);
            if (same_budget)
                assert_int_equal(b.budget, 0);
            if (same_key)
                assert_int_equal(b.key, 0);
            if (!r->sc->cap.enabled)
                assert_int_equal(b.cap, 0);
            n_path += b.path != 0;
            n_budget += b.budget != 0;
        }
    }
    /* every example moves along its path, and most change budget somewhere */
    assert_true(n_path > 0);
    (void)n_budget;
    assert_int_equal(ingroei_run_bridge(r, 0, 0, &(ingroei_bridge_row){0}, &err),
                     INGROEI_ERR_USAGE);
    ingroei_run_free(r);
    ingroei_scenario_free(sc);
    free(file);
}

static void test_bridge_adds_up(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof scenarios / sizeof *scenarios; i++)
        check_scenario(scenarios[i]);
}

/* A hand check: in uitgesteld_2027 from 2026 to 2027 the budget rises 2% and p goes from
 * 0 to 0.1; with only the budget changing from 2025 to 2026, a gemeente's change is its
 * historical share of the budget's rise. */
static void test_bridge_by_hand(void **state)
{
    (void)state;
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *r = NULL;
    assert_int_equal(ingroei_scenario_load(&sc, "scenarios/uitgesteld_2027.yaml", &err),
                     INGROEI_OK);
    assert_int_equal(ingroei_run_new(&r, sc, &err), INGROEI_OK);
    size_t g;
    assert_int_equal(ingroei_run_find_gemeente(r, "Zwolle", &g, &err), INGROEI_OK);
    ingroei_bridge_row b;
    assert_int_equal(ingroei_run_bridge(r, 1, g, &b, &err), INGROEI_OK); /* 2025 -> 2026 */
    assert_int_equal(b.path, 0);
    double want = (double)(r->budget[1] - r->budget[0]) * r->h[g];
    assert_true(b.budget - want < 0.5 && want - b.budget < 0.5);
    assert_int_equal(ingroei_run_bridge(r, 2, g, &b, &err), INGROEI_OK); /* 2026 -> 2027 */
    double p = r->p[2], budget = (double)r->budget[1];
    double path = p * (budget * r->o_part[2 * r->n_g + g] - budget * r->h[g]);
    assert_true(b.path - path < 0.5 && path - b.path < 0.5);
    assert_true(b.path < 0); /* Zwolle is a centrumgemeente: the path takes from it */
    ingroei_run_free(r);
    ingroei_scenario_free(sc);
}

/* brugstaat.csv: a row per gemeente per year after the first, with the library's parts. */
static void test_brugstaat_csv(void **state)
{
    (void)state;
    char *dir = ts_make_temp_dir("bridge");
    char *out = ts_xprintf("%s/b", dir);
    const char *args[] = {"bridge", "scenarios/herijking_cap.yaml", "-g", "Vlissingen", "-o", out,
                          NULL};
    char *err = NULL;
    assert_int_equal(ts_run_cli(args, NULL, &err), 0);
    free(err);
    char *path = ts_xprintf("%s/brugstaat.csv", out);
    char *text = ts_slurp(path, NULL);
    char **lines;
    size_t n = ts_split_lines(text, path, &lines);
    assert_int_equal(n, 1 + 10 * 342);
    assert_non_null(strstr(lines[0], "totaal_vorig_jaar,stap_pad,budget,sleutel_en_volumes,cap"));
    size_t checked = 0;
    for (size_t i = 1; i < n; i++) {
        if (strncmp(lines[i], "2026,GM0718,Vlissingen,", 23))
            continue;
        long long v[8];
        const char *p = lines[i] + 23;
        p = strchr(p, ',') + 1; /* provincie */
        for (int k = 0; k < 8; k++) {
            v[k] = strtoll(p, (char **)&p, 10);
            p++;
        }
        /* vorig, pad, budget, sleutel, cap, afronding, totaal, verschil */
        assert_int_equal(v[0] + v[1] + v[2] + v[3] + v[4] + v[5], v[6]);
        assert_int_equal(v[6] - v[0], v[7]);
        assert_int_equal(v[0], 38390522);
        assert_int_equal(v[6], 37704002);
        checked++;
    }
    assert_int_equal(checked, 1);
    free(lines);
    free(text);
    free(path);
    /* another command into the same directory would remove the brugstaat: refused */
    const char *run[] = {"run", "scenarios/default.yaml", "-o", out, "--no-plots", NULL};
    assert_int_equal(ts_run_cli(run, NULL, &err), 2);
    assert_non_null(strstr(err, "holds the outputs of another command (brugstaat.csv, ...)"));
    free(err);
    path = ts_xprintf("%s/brugstaat.csv", out);
    assert_true(ts_exists(path));
    free(path);
    path = ts_xprintf("%s/allocations.csv", out);
    assert_false(ts_exists(path));
    free(path);
    const char *no_gemeente[] = {"bridge", "scenarios/default.yaml", NULL};
    assert_int_equal(ts_run_cli(no_gemeente, NULL, &err), 2);
    free(err);
    const char *unknown[] = {"bridge", "scenarios/default.yaml", "-g", "Atlantis", NULL};
    assert_int_not_equal(ts_run_cli(unknown, NULL, &err), 0);
    assert_non_null(strstr(err, "Atlantis"));
    free(err);
    free(out);
    ts_remove_temp_dir(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bridge_adds_up),
        cmocka_unit_test(test_bridge_by_hand),
        cmocka_unit_test(test_brugstaat_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
