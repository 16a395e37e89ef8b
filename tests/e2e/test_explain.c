/*
 * test_explain.c - `ingroei explain`: the explanation of a number shows that number and
 * intermediate values that lead to it (parts that add up, a share that is the amount over
 * the total, lines that add up to the algemene uitkering), in words and as JSON, and
 * refuses what it cannot explain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "audit/audit.h"
#include "support/support.h"

#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

/* The value of step `key` in a JSON explanation, as text (quotes removed), or fails. */
static const char *step_value(const char *json, const char *key, char *buf, size_t size)
{
    char *needle = ts_xprintf("{\"key\": \"%s\", ", key);
    const char *p = strstr(json, needle);
    if (!p)
        fail_msg("no step %s in the explanation", key);
    free(needle);
    p = strstr(p, "\"value\": ");
    assert_non_null(p);
    p += strlen("\"value\": ");
    bool quoted = *p == '"';
    p += quoted;
    size_t k = 0;
    while (*p && k + 1 < size && (quoted ? *p != '"' : (*p != ',' && *p != '}')))
        buf[k++] = *p++;
    buf[k] = '\0';
    return buf;
}

static long long int_value(const char *json, const char *key)
{
    char buf[128];
    return strtoll(step_value(json, key, buf, sizeof buf), NULL, 10);
}

static double real_value(const char *json, const char *key)
{
    char buf[128];
    return strtod(step_value(json, key, buf, sizeof buf), NULL);
}

static void check_allocation(const ingroei_run *run, const char *gemeente, int year)
{
    ingroei_error err;
    char *json = NULL;
    assert_int_equal(ingroei_run_explain(run, gemeente, year, INGROEI_JSON, &json, &err),
                     INGROEI_OK);
    size_t g;
    assert_int_equal(ingroei_run_find_gemeente(run, gemeente, &g, &err), INGROEI_OK);
    ingroei_row row;
    assert_int_equal(ingroei_run_row(run, (size_t)(year - run->first_year), g, &row), INGROEI_OK);
    /* the numbers the outputs have */
    assert_int_equal(int_value(json, "allocation"), row.total);
    assert_int_equal(int_value(json, "historical_part"), row.historical);
    assert_int_equal(int_value(json, "objective_part"), row.objective);
    assert_int_equal(int_value(json, "allocation.uncapped"), row.total_uncapped);
    assert_int_equal(int_value(json, "full_historical"), row.full_historical);
    assert_int_equal(int_value(json, "inhabitants"), row.inhabitants);
    assert_true(fabs(real_value(json, "p_t") - row.objective_share) < 1e-9);
    /* and the steps lead to them */
    double h = real_value(json, "h_g"), amount = (double)int_value(json, "historical.amount"),
           total = (double)int_value(json, "historical.total");
    assert_true(fabs(h - amount / total) < 1e-9);
    double hist = real_value(json, "historical_part.exact"),
           obj = real_value(json, "objective_part.exact"),
           exact = real_value(json, "allocation.exact");
    assert_true(fabs(hist + obj - exact) < 2e-4);
    assert_true(fabs((double)row.historical - hist) <= 1.0);
    assert_true(fabs((double)row.objective - obj) <= 1.0);
    assert_true(fabs((double)row.total_uncapped - exact) <= 1.0);
    double p = real_value(json, "p_t"), budget = (double)int_value(json, "budget");
    assert_true(fabs((1.0 - p) * budget * h - hist) <= 2.0);
    /* the objective part from its own budget when the scenario gives it one */
    double budget_obj = strstr(json, "\"key\": \"budget_objective\"")
                            ? (double)int_value(json, "budget_objective")
                            : budget;
    double o = real_value(json, "o_g");
    assert_true(fabs(p * budget_obj * o - obj) <= 2.0 + 1e-9 * budget_obj);
    ingroei_string_free(json);

    /* the words say the same */
    char *text = NULL;
    assert_int_equal(ingroei_run_explain(run, gemeente, year, INGROEI_TEXT, &text, &err),
                     INGROEI_OK);
    char *line = ts_xprintf("ALLOCATION %d: ", year);
    assert_non_null(strstr(text, line));
    free(line);
    assert_non_null(strstr(text, "NOTE: the objective key is illustrative"));
    ingroei_string_free(text);
}

static void test_explain_scenario(void **state)
{
    (void)state;
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    assert_int_equal(ingroei_scenario_load(&sc, "scenarios/herijking_cap.yaml", &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
    check_allocation(run, "Vlissingen", 2026); /* a centrumgemeente at its loss cap */
    check_allocation(run, "GM0363", 2021);     /* p = 0 */
    check_allocation(run, "Vlieland", 2031);   /* no historical amount */
    check_allocation(run, "Zwolle", 2024);

    char *json = NULL;
    assert_int_equal(ingroei_run_explain(run, "Vlissingen", 2026, INGROEI_JSON, &json, &err),
                     INGROEI_OK);
    char buf[128];
    assert_string_equal(step_value(json, "cap.state", buf, sizeof buf), "held at its loss cap");
    assert_int_equal(int_value(json, "cap.effect"),
                     int_value(json, "allocation") - int_value(json, "allocation.uncapped"));
    ingroei_string_free(json);

    /* 2024 lies in the cumulative period 2023-2025: its limit is shown too */
    assert_int_equal(ingroei_run_explain(run, "Vlissingen", 2024, INGROEI_JSON, &json, &err),
                     INGROEI_OK);
    assert_true(fabs(real_value(json, "cap.cumulative.max_loss") - 37.5) < 1e-9);
    assert_true(fabs(real_value(json, "cap.max_loss") - 15.0) < 1e-9);
    ingroei_string_free(json);
    assert_int_equal(ingroei_run_explain(run, "Vlissingen", 2027, INGROEI_JSON, &json, &err),
                     INGROEI_OK);
    assert_null(strstr(json, "cap.cumulative"));
    ingroei_string_free(json);

    assert_int_equal(ingroei_run_explain(run, "Atlantis", 2026, INGROEI_JSON, &json, &err),
                     INGROEI_ERR_USAGE);
    assert_null(json);
    assert_int_equal(ingroei_run_explain(run, "Zwolle", 2040, INGROEI_JSON, &json, &err),
                     INGROEI_ERR_USAGE);
    assert_non_null(strstr(err.message, "2021-2031 are"));
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
}

/* A scenario whose objective part has a budget of its own (B' < B), and one rounded per
 * line. */
static void test_explain_other_scenarios(void **state)
{
    (void)state;
    static const char *const files[] = {"scenarios/wlz_uitname.yaml", "scenarios/cohort.yaml"};
    for (size_t i = 0; i < 2; i++) {
        ingroei_error err;
        ingroei_scenario *sc = NULL;
        ingroei_run *run = NULL;
        assert_int_equal(ingroei_scenario_load(&sc, files[i], &err), INGROEI_OK);
        if (i == 1)
            sc->rounding = IG_ROUND_PER_LINE;
        assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
        check_allocation(run, "Vlissingen", 2029);
        check_allocation(run, "Amsterdam", 2030);
        check_allocation(run, "Rozendaal", 2027);
        char *json = NULL;
        assert_int_equal(ingroei_run_explain(run, "Vlissingen", 2029, INGROEI_JSON, &json, &err),
                         INGROEI_OK);
        char buf[64];
        assert_string_equal(step_value(json, "rounding", buf, sizeof buf),
                            i == 1 ? "per-line" : "exact-total");
        if (i == 0) /* 1,745,850,000 - 644,000,000 */
            assert_int_equal(int_value(json, "budget_objective"), 1101850000);
        ingroei_string_free(json);
        if (i == 1) {
            /* The cohort path's words name the years in care that give its share: 2029 is
             * the 8th year of a path from 2022, p = 1 - 0.85^8. */
            char *text = NULL;
            assert_int_equal(
                ingroei_run_explain(run, "Vlissingen", 2029, INGROEI_TEXT, &text, &err),
                INGROEI_OK);
            const char *p = strstr(text, "objective share p_t: ");
            const char *k = strstr(text, "still in care ");
            assert_non_null(p);
            assert_non_null(k);
            const double share = strtod(p + strlen("objective share p_t: "), NULL);
            const int years = atoi(k + strlen("still in care "));
            assert_int_equal(years, 8);
            assert_true(fabs(share - (1.0 - pow(0.85, years))) < 1e-9);
            ingroei_string_free(text);
        }
        ingroei_run_free(run);
        ingroei_scenario_free(sc);
    }
}

/* The lines of an au explanation add up to the algemene uitkering au.csv has, and every
 * exact product rounds to its line. */
static void test_explain_au(void **state)
{
    (void)state;
    ingroei_error err;
    ingroei_au *au = NULL;
    assert_int_equal(
        ingroei_au_new(&au, "models/nl/gemeentefonds/au_mei2024_2024.yaml", NULL, &err),
        INGROEI_OK);
    char *json = NULL;
    assert_int_equal(ingroei_au_explain(au, "Amsterdam", NULL, INGROEI_JSON, &json, &err),
                     INGROEI_OK);
    assert_int_equal(int_value(json, "algemene_uitkering"), 2669119209LL);
    long long sum = 0;
    size_t n = 0;
    for (const char *p = strstr(json, ".amount\", "); p; p = strstr(p + 1, ".amount\", ")) {
        const char *v = strstr(p, "\"value\": ");
        sum += strtoll(v + strlen("\"value\": "), NULL, 10);
        n++;
    }
    assert_int_equal(n, au->data.n_m);
    assert_int_equal(sum, 2669119209LL);
    for (size_t m = 0; m < au->data.n_m; m++) {
        char key[96], buf[128];
        snprintf(key, sizeof key, "%s.exact", au->data.maatstaven[m]);
        long double exact = strtold(step_value(json, key, buf, sizeof buf), NULL);
        snprintf(key, sizeof key, "%s.amount", au->data.maatstaven[m]);
        long long amount = int_value(json, key);
        long double r = exact < 0 ? -floorl(-exact + 0.5L) : floorl(exact + 0.5L);
        assert_true((long long)r == amount);
    }
    ingroei_string_free(json);

    assert_int_equal(ingroei_au_explain(au, "GM0363", "vast", INGROEI_JSON, &json, &err),
                     INGROEI_OK);
    char buf[128];
    assert_string_equal(step_value(json, "vast.exact", buf, sizeof buf), "1388626.9577600");
    assert_int_equal(int_value(json, "vast.amount"), 1388627);
    /* its parts in the clusters */
    assert_int_equal(int_value(json, "vast.cluster.Bestuur en ondersteuning"), 750690);
    ingroei_string_free(json);
    assert_int_equal(ingroei_au_explain(au, "GM0363", "nope", INGROEI_TEXT, &json, &err),
                     INGROEI_ERR_USAGE);
    /* --maatstaf by printed label and --gemeente by name, folded as verify reads them:
     * the same explanation as by code */
    char *by_code = NULL, *by_label = NULL;
    assert_int_equal(ingroei_au_explain(au, "GM0363", "woonrbfk", INGROEI_TEXT, &by_code, &err),
                     INGROEI_OK);
    assert_int_equal(ingroei_au_explain(au, "AMSTERDAM", "Woonruimten * bodemfactor woonkern",
                                        INGROEI_TEXT, &by_label, &err),
                     INGROEI_OK);
    assert_string_equal(by_code, by_label);
    ingroei_string_free(by_code);
    ingroei_string_free(by_label);
    assert_int_equal(ingroei_au_explain(au, "Bergen", NULL, INGROEI_TEXT, &json, &err),
                     INGROEI_ERR_USAGE);
    assert_non_null(strstr(err.message, "did you mean Bergen (NH.) (GM0373), Bergen op Zoom"));
    ingroei_au_free(au);
}

static void test_explain_cli(void **state)
{
    (void)state;
    const char *ok[] = {"explain", "scenarios/default.yaml", "-g", "Zwolle", "-y", "2025", NULL};
    ts_cli_expect(ok, 0, NULL);
    const char *au[] = {"explain", "models/nl/gemeentefonds/au_sep2024_2025.yaml",
                        "-g",      "GM0193",
                        "-m",      "inwo",
                        "--json",  "--year",
                        "2025",    NULL};
    ts_cli_expect(au, 0, NULL);
    const char *no_year[] = {"explain", "scenarios/default.yaml", "-g", "Zwolle", NULL};
    ts_cli_expect(no_year, 2, "give the year");
    const char *wrong_year[] = {
        "explain", "models/nl/gemeentefonds/au_sep2024_2025.yaml", "-g", "Zwolle", "-y", "2024",
        NULL};
    ts_cli_expect(wrong_year, 2, "is for uitkeringsjaar 2025, not 2024");
    const char *not_explainable[] = {
        "explain", "models/nl/bw/historisch_sep2024_2025.yaml", "-g", "Zwolle", "-y", "2025", NULL};
    ts_cli_expect(not_explainable, 2, "explain takes a scenario or an au-model");
    const char *maatstaf[] = {
        "explain", "scenarios/default.yaml", "-g", "Zwolle", "-y", "2025", "-m", "inwo", NULL};
    ts_cli_expect(maatstaf, 2, "--maatstaf is for au-models");
    const char *bad[] = {
        "explain", "tests/bad/03_unknown_top_key.yaml", "-g", "Zwolle", "-y", "2025", NULL};
    ts_cli_expect(bad, 1, "03_unknown_top_key.yaml:");
}

/* --lang nl prints what ingroei_run_explain_lang gives in Dutch, text and JSON; en (the
 * default) the English; another language, or --lang with an au-model, is refused. */
static void test_explain_cli_lang(void **state)
{
    (void)state;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&sc, "scenarios/herijking_cap.yaml", &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
    static const struct {
        const char *args;
        ingroei_format format;
        ingroei_lang lang;
    } cases[] = {
        {"explain scenarios/herijking_cap.yaml -g Zwolle -y 2026 --lang nl", INGROEI_TEXT, INGROEI_NL},
        {"explain scenarios/herijking_cap.yaml -g Zwolle -y 2026 --lang nl --json", INGROEI_JSON,
         INGROEI_NL},
        {"explain scenarios/herijking_cap.yaml -g Zwolle -y 2026 --lang en", INGROEI_TEXT, INGROEI_EN},
        {"explain scenarios/herijking_cap.yaml -g Zwolle -y 2026", INGROEI_TEXT, INGROEI_EN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *want = NULL;
        assert_int_equal(ingroei_run_explain_lang(run, "Zwolle", 2026, cases[i].format,
                                                  cases[i].lang, &want, &err),
                         INGROEI_OK);
        char *got = ts_cli_stdout(cases[i].args);
        assert_string_equal(got, want);
        free(got);
        ingroei_string_free(want);
    }
    char *nl = ts_cli_stdout("explain scenarios/herijking_cap.yaml -g Zwolle -y 2026 --lang nl");
    assert_non_null(strstr(nl, "de toekenning en hoe die ontstaat"));
    free(nl);
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    const char *other[] = {"explain", "scenarios/default.yaml", "-g", "Zwolle", "-y", "2025",
                           "--lang", "de", NULL};
    ts_cli_expect(other, 2, "unknown language 'de' (expected en or nl)");
    const char *au[] = {"explain", "models/nl/gemeentefonds/au_sep2024_2025.yaml", "-g", "GM0193",
                        "--lang", "nl", NULL};
    ts_cli_expect(au, 2, "--lang is for a scenario's explanation");
}

/* Ratio limits and a guarantee: the explanation gives the ratio, its floor and ceiling in
 * euros, and the guarantee's base amount, share and floor, from which the allocation of a
 * gemeente held at them can be redone. */
static void test_explain_ratio_and_guarantee(void **state)
{
    (void)state;
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    char *json = NULL, buf[128];
    assert_int_equal(ingroei_scenario_load(&sc, "scenarios/garantie_90_120.yaml", &err),
                     INGROEI_OK);
    assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
    check_allocation(run, "Zwolle", 2031);
    assert_int_equal(ingroei_run_explain(run, "Zwolle", 2031, INGROEI_JSON, &json, &err),
                     INGROEI_OK);
    assert_string_equal(step_value(json, "cap.state", buf, sizeof buf), "held at its loss cap");
    assert_true(fabs(real_value(json, "cap.min_ratio") - 0.9) < 1e-12);
    assert_true(fabs(real_value(json, "cap.max_ratio") - 1.2) < 1e-12);
    const double ref = real_value(json, "cap.reference_value");
    const long long lo = int_value(json, "cap.ratio_floor");
    assert_true(lo == int_value(json, "allocation") && lo == int_value(json, "cap.floor"));
    assert_true((double)lo >= 0.9 * ref - 1e-4 && (double)lo < 0.9 * ref + 1);
    assert_true(int_value(json, "cap.ratio_ceiling") == int_value(json, "cap.ceiling"));
    assert_null(strstr(json, "cap.guarantee"));
    ingroei_string_free(json);
    ingroei_run_free(run);
    ingroei_scenario_free(sc);

    /* a guarantee at 95 % of 2024 for three years, with a floor of 50 % of the year's
     * fully historical allocation */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char *dir = ts_make_temp_dir("explain_guarantee");
    char *text = ts_xprintf(
        "scenario: 1\nname: \"g\"\ndataset: %s/models/nl\nyears: {first: 2021, last: 2031}\n"
        "historical_key: %s/models/nl/bw/historisch_sep2024_2025.yaml\n"
        "objective_key: %s/models/nl/bw/objectief_illustratief.yaml\n"
        "budget:\n  published:\n    2025: {amount: 1745850000, source: \"t\"}\n"
        "  other_years: {rule: index, percent: 0, source: \"t\"}\n"
        "path: {type: linear, start: 2022, length: 10}\n"
        "cap:\n  reference: historical\n  min_ratio: 0.5\n"
        "  guarantee: {base_year: 2024, rule: rebased, factor: 0.95, years: 3}\n"
        "  if_infeasible: uncapped\n  source: \"t\"\n",
        cwd, cwd, cwd);
    const char *file = ts_write_in(dir, "g.yaml", text, strlen(text));
    assert_int_equal(ingroei_scenario_load(&sc, file, &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
    size_t g;
    assert_int_equal(ingroei_run_find_gemeente(run, "Zwolle", &g, &err), INGROEI_OK);
    ingroei_row r2024, r2025;
    assert_int_equal(ingroei_run_row(run, 3, g, &r2024), INGROEI_OK);
    assert_int_equal(ingroei_run_row(run, 4, g, &r2025), INGROEI_OK);
    assert_int_equal(r2025.cap_hit, -1);
    check_allocation(run, "Zwolle", 2025);
    assert_int_equal(ingroei_run_explain(run, "Zwolle", 2025, INGROEI_JSON, &json, &err),
                     INGROEI_OK);
    assert_int_equal(int_value(json, "cap.guarantee.amount"), r2024.total);
    assert_true(fabs(real_value(json, "cap.guarantee.weight") - 0.95) < 1e-12);
    const long long gf = int_value(json, "cap.guarantee.floor");
    assert_true(gf == (long long)ceil(0.95 * (double)r2024.total - 1e-6));
    assert_true(gf == r2025.total && gf == int_value(json, "cap.floor"));
    ingroei_string_free(json);
    /* 2028 lies after the guarantee's three years */
    assert_int_equal(ingroei_run_explain(run, "Zwolle", 2028, INGROEI_JSON, &json, &err),
                     INGROEI_OK);
    assert_null(strstr(json, "cap.guarantee"));
    ingroei_string_free(json);
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    free(text);
    ts_remove_temp_dir(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_explain_scenario),
        cmocka_unit_test(test_explain_other_scenarios),
        cmocka_unit_test(test_explain_ratio_and_guarantee),
        cmocka_unit_test(test_explain_au),
        cmocka_unit_test(test_explain_cli),
        cmocka_unit_test(test_explain_cli_lang),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
