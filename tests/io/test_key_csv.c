/* test_key_csv.c - a key file (io/key_csv.c) and its use as a scenario's objective_key
 * (run/dataset.c): both separators and decimal marks, amounts made shares, shares within
 * the tolerance normalised with a note, every bad file refused with its line and column,
 * a gemeente missing, unknown or merged; a run on the example key of tests/keys gives
 * the shipped illustrative key's amounts back to the euro, labelled as an own key with
 * its SHA-256 in every output that labels an illustrative key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "run/run.h"
#include "support/support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char root[4096];

static int setup(void **state)
{
    if (!getcwd(root, sizeof root))
        return -1;
    return ts_tmpdir_setup(state);
}

/* Parses `text` as a key file named "k.csv". */
static ingroei_status parse(const char *text, ig_key_csv *k, ingroei_error *err)
{
    return ig_key_csv_parse(k, "k.csv", text, strlen(text), err);
}

/* `text` must be refused at line:col with a message containing `want`. */
static void refused(const char *text, int line, int col, const char *want)
{
    ig_key_csv k;
    ingroei_error err;
    memset(&err, 0, sizeof err);
    ingroei_status st = parse(text, &k, &err);
    if (st == INGROEI_OK)
        fail_msg("accepted: %s", text);
    if (err.line != line || err.column != col || !strstr(err.message, want))
        fail_msg("%s:%d:%d: %s (wanted %d:%d '%s')", err.file, err.line, err.column, err.message,
                 line, col, want);
    assert_string_equal(err.file, "k.csv");
}

static void test_parse_forms(void **state)
{
    (void)state;
    ig_key_csv k;
    ingroei_error err;
    /* ';' with a decimal comma, a source, a name column, a byte-order mark */
    assert_int_equal(parse("\xEF\xBB\xBF# bron: tabel 3 van de brief\n"
                           "gemeentecode;gemeentenaam;aandeel\n"
                           "GM0014;Groningen;0,25\nGM0034;Almere;0,75\n",
                           &k, &err),
                     INGROEI_OK);
    assert_int_equal(k.sep, ';');
    assert_false(k.amounts);
    assert_int_equal(k.csv.n_rows, 2);
    assert_true(k.value[0] == 0.25 && k.value[1] == 0.75 && k.total == 1.0);
    assert_string_equal(k.source, "bron: tabel 3 van de brief");
    ig_key_csv_clear(&k);
    /* ',' with amounts, thousands separators as a table prints them */
    assert_int_equal(parse("gemeentecode,bedrag\nGM0014,\"1,000,000\"\nGM0034,3000000\n", &k, &err),
                     INGROEI_OK);
    assert_int_equal(k.sep, ',');
    assert_true(k.amounts);
    assert_true(k.value[0] == 1e6 && k.total == 4e6);
    assert_null(k.source);
    ig_key_csv_clear(&k);
    /* a share with more digits than a printed table has, in both dialects */
    assert_int_equal(parse("gemeentecode;aandeel\nGM0014;0,50000000000000000001\nGM0034;5E-1\n",
                           &k, &err),
                     INGROEI_OK);
    assert_true(k.value[0] == 0.5 && k.value[1] == 0.5);
    ig_key_csv_clear(&k);
    /* shares within the tolerance are taken (the run divides them by their sum) */
    assert_int_equal(parse("gemeentecode,aandeel\nGM0014,0.5004\nGM0034,0.5\n", &k, &err),
                     INGROEI_OK);
    assert_true(fabs(k.total - 1.0004) < 1e-12);
    ig_key_csv_clear(&k);
    assert_true(ig_is_key_csv("a/b.csv") && ig_is_key_csv("B.CSV"));
    assert_false(ig_is_key_csv("m.yaml") || ig_is_key_csv("csv") || ig_is_key_csv(NULL));
}

static void test_parse_refused(void **state)
{
    (void)state;
    refused("gemeentecode,aandeel,opmerking\nGM0014,1,x\n", 1, 22, "unknown column 'opmerking'");
    refused("code,aandeel\nGM0014,1\n", 1, 1, "unknown column 'code'");
    refused("gemeentenaam,aandeel\nx,1\n", 1, 1, "needs a column gemeentecode");
    refused("gemeentecode,gemeentenaam\nGM0014,x\n", 1, 1, "aandeel (shares");
    refused("gemeentecode,aandeel,bedrag\nGM0014,1,2\n", 1, 22, "not both");
    refused("gemeentecode,aandeel\n", 1, 0, "without rows");
    refused("gemeentecode,aandeel\nGM0014,0.5\nGM14,0.5\n", 3, 1, "'GM14' is not a gemeentecode");
    refused("gemeentecode,aandeel\nGM0014,0.5\nGM0034,-0.5\n", 3, 8, "negative");
    refused("gemeentecode,aandeel\nGM0014,0.5\nGM0034,half\n", 3, 8, "'half' is not a number");
    refused("gemeentecode;aandeel\nGM0014;0,5\nGM0034;0,5x\n", 3, 8, "decimal comma");
    refused("gemeentecode,aandeel\nGM0014,0.5\nGM0034,\n", 3, 8, "no aandeel for GM0034");
    refused("gemeentecode;aandeel\nGM0014;0,5\nGM0034;0,5\nGM0014;0\n", 4, 1,
            "a second row for GM0014 (the first is on line 2)");
    refused("gemeentecode,aandeel\nGM0014,0.5\nGM0034,0.49\n", 0, 0, "add up to 0.99, not 1");
    refused("gemeentecode;aandeel\nGM0014;50\nGM0034;50\n", 0, 0, "add up to 100, not 1");
    refused("gemeentecode,bedrag\nGM0014,0\nGM0034,0\n", 0, 0, "adds up to nothing");
    refused("gemeentecode,aandeel\nGM0014,0.5,x\n", 2, 0, "the header has 2"); /* the CSV reader's */
}

/* ---- through a run ---------------------------------------------------------------- */

/* A scenario of 2024-2025 with `key` as its objective key (written beside it as k.csv
 * when `text` is given, else a path relative to the repository). */
static char *scenario(const char *name, const char *text, const char *key)
{
    char *dir = ts_xprintf("%s/%s", ts_tmpdir, name);
    char *mk = ts_xprintf("mkdir -p '%s'", dir);
    assert_int_equal(system(mk), 0);
    free(mk);
    if (text)
        ts_write_in(dir, "k.csv", text, strlen(text));
    char *key_path = text ? ts_strdup("k.csv") : ts_xprintf("%s/%s", root, key);
    char *yaml = ts_xprintf(
        "scenario: 1\nname: \"%s\"\ndataset: %s/models/nl\nboundaries: 2025\n"
        "years: {first: 2024, last: 2025}\n"
        "budget:\n  published:\n    2025: {amount: 1745850000, source: \"IU BW 2025\"}\n"
        "  other_years: {rule: index, percent: 0.0, source: \"gelijk\"}\n"
        "historical_key: %s/models/nl/bw/historisch_sep2024_2025.yaml\n"
        "objective_key: %s\n"
        "path: {type: linear, start: 2024, length: 2}\n",
        name, root, root, key_path);
    free(key_path);
    char *path = ts_xprintf("%s/scenario.yaml", dir);
    ts_write_file(path, yaml, strlen(yaml));
    free(yaml);
    free(dir);
    return path;
}

static ingroei_run *run_of(const char *path, ingroei_scenario **sc, ingroei_error *err)
{
    ingroei_run *r = NULL;
    *sc = NULL;
    if (ingroei_scenario_load(sc, path, err) != INGROEI_OK)
        return NULL;
    if (ingroei_run_new(&r, *sc, err) != INGROEI_OK || ig_run_parts(r, err) != INGROEI_OK) {
        ingroei_run_free(r);
        r = NULL;
        ingroei_scenario_free(*sc);
        *sc = NULL;
        return NULL;
    }
    return r;
}

/* A key file of the run's gemeenten but `skip` (or NULL), each the share scale / n_g,
 * followed by the lines `extra` (or NULL). */
static char *all_gemeenten(ingroei_run *r, const char *skip, const char *extra, double scale)
{
    ig_buf b = {0};
    ig_buf_puts(&b, "gemeentecode,aandeel\n");
    for (size_t g = 0; g < r->n_g; g++)
        if (!skip || strcmp(r->code[g], skip))
            ig_buf_printf(&b, "%s,%.17g\n", r->code[g], scale / (double)r->n_g);
    if (extra)
        ig_buf_puts(&b, extra);
    return b.data;
}

static void expect_run_error(const char *name, const char *text, int line, const char *want)
{
    char *path = scenario(name, text, NULL);
    ingroei_scenario *sc;
    ingroei_error err;
    ingroei_run *r = run_of(path, &sc, &err);
    if (r)
        fail_msg("%s: accepted", name);
    if (err.line != line || !strstr(err.message, want) || !strstr(err.file, "k.csv"))
        fail_msg("%s: %s:%d:%d: %s", name, err.file, err.line, err.column, err.message);
    free(path);
}

static void test_run_checks(void **state)
{
    (void)state;
    /* a reference run for the gemeente list */
    char *path = scenario("ref", NULL, "tests/keys/inwoners_bedrag.csv");
    ingroei_scenario *sc;
    ingroei_error err;
    ingroei_run *r = run_of(path, &sc, &err);
    if (!r)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    free(path);
    /* every gemeente but one */
    char *t = all_gemeenten(r, "GM0014", NULL, (double)r->n_g / (double)(r->n_g - 1));
    expect_run_error("missing", t, 0, "no row for GM0014 (Groningen)");
    free(t);
    /* a code that is no gemeente, on its line and column */
    t = all_gemeenten(r, NULL, "GM9999,0\n", 1.0);
    expect_run_error("unknown", t, (int)r->n_g + 2, "GM9999 is neither a gemeente of 2025");
    free(t);
    /* a gemeente merged before 2025 (Weesp into Amsterdam): its share is added */
    t = all_gemeenten(r, NULL, "GM0457,0\n", 1.0);
    char *p2 = scenario("merged", t, NULL);
    ingroei_scenario *sc2;
    ingroei_run *r2 = run_of(p2, &sc2, &err);
    if (!r2)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    ingroei_run_free(r2);
    ingroei_scenario_free(sc2);
    free(p2);
    free(t);
    /* shares that are 1.0004 in all: normalised, with a warning saying so */
    t = all_gemeenten(r, NULL, NULL, 1.0004);
    p2 = scenario("normalised", t, NULL);
    r2 = run_of(p2, &sc2, &err);
    if (!r2)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    int64_t sum = 0;
    for (size_t g = 0; g < r2->n_g; g++)
        sum += r2->out.full_obj[1 * r2->n_g + g];
    assert_int_equal(sum, 1745850000); /* the budget, to the euro */
    bool noted = false;
    for (size_t i = 0; i < ingroei_run_n_warnings(r2); i++) {
        ingroei_warning w = ingroei_run_warning(r2, i);
        noted = noted || (!strcmp(w.code, "key_shares_normalised") &&
                          strstr(w.message, "add up to 1.0004"));
    }
    assert_true(noted);
    ingroei_run_free(r2);
    ingroei_scenario_free(sc2);
    free(p2);
    free(t);
    ingroei_run_free(r);
    ingroei_scenario_free(sc);
}

/* The example key of tests/keys (the shipped illustrative key's shares of 2025, rounded
 * to 9 decimals) gives that key's amounts back within 3 euros, and is labelled. */
static void test_run_example_key(void **state)
{
    (void)state;
    ingroei_scenario *sa, *sb;
    ingroei_error err;
    char *pa = scenario("own", NULL, "tests/keys/illustratief_aandeel.csv");
    char *pb = scenario("shipped", NULL, "models/nl/bw/objectief_illustratief.yaml");
    ingroei_run *a = run_of(pa, &sa, &err);
    if (!a)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    ingroei_run *b = run_of(pb, &sb, &err);
    if (!b)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    assert_int_equal(a->n_g, b->n_g);
    int64_t total = 0;
    for (size_t g = 0; g < a->n_g; g++) {
        int64_t d = a->out.full_obj[a->n_g + g] - b->out.full_obj[b->n_g + g];
        total += a->out.full_obj[a->n_g + g];
        if (d < -3 || d > 3) /* 9 decimals: 0.87 euro; their sum 0.99999999: 1 euro on
                                the largest; the rounding of both runs: 1 */
            fail_msg("%s: %lld against %lld", a->code[g], (long long)a->out.full_obj[a->n_g + g],
                     (long long)b->out.full_obj[b->n_g + g]);
    }
    assert_int_equal(total, 1745850000);
    assert_int_equal(ingroei_run_n_warnings(a), 1); /* 0.99999999: normalised, noted */
    assert_string_equal(ingroei_run_warning(a, 0).code, "key_shares_normalised");
    /* labelled: not illustrative, an own key named by its file and hash */
    assert_null(ingroei_run_illustrative_notice(a));
    assert_true(a->obj.own_key);
    assert_non_null(strstr(a->obj.name, "own key: illustratief_aandeel.csv (SHA-256 "));
    assert_non_null(strstr(a->obj.name, a->obj.sha256));
    ingroei_run_free(a);
    ingroei_run_free(b);
    ingroei_scenario_free(sa);
    ingroei_scenario_free(sb);
    free(pa);
    free(pb);
}

/* ingroei run on the example scenario: the key file's hash in summary.json, "eigen
 * sleutel" where allocations.csv says whether the key is illustrative, the label in the
 * map's data and the workbook's notice. */
static void test_cli_outputs(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/out", ts_tmpdir);
    const char *args[] = {"run", "tests/keys/eigen_sleutel.yaml", "-o", out, "--html", NULL};
    ts_cli_expect(args, 0, NULL);
    char *p = ts_xprintf("%s/summary.json", out);
    char *s = ts_slurp(p, NULL);
    size_t n;
    char *key = ts_slurp("tests/keys/inwoners_bedrag.csv", &n);
    char hex[65], *want = NULL;
    ig_sha256_hex(key, n, hex);
    assert_non_null(strstr(s, "\"own_key\": true"));
    want = ts_xprintf("\"sha256\": \"%s\"", hex);
    assert_int_equal(ts_count(s, want), 2); /* the receipt and the objective key */
    free(want);
    assert_non_null(strstr(s, "\"name\": \"own key: inwoners_bedrag.csv (SHA-256 "));
    free(s);
    free(p);
    p = ts_xprintf("%s/allocations.csv", out);
    s = ts_slurp(p, NULL);
    assert_int_equal(ts_count(s, ",eigen sleutel,"), 342 * 11);
    free(s);
    free(p);
    p = ts_xprintf("%s/kaart.dat", out);
    s = ts_slurp(p, NULL);
    assert_non_null(strstr(s, "# objective key: own key: inwoners_bedrag.csv (SHA-256 "));
    assert_null(strstr(s, "ILLUSTRATIVE"));
    free(s);
    free(p);
    p = ts_xprintf("%s/kaart.gp", out); /* the chart's title names the key too */
    s = ts_slurp(p, NULL);
    assert_non_null(strstr(s, "inwoners_bedrag.csv (SHA-256 75901d924f01...)"));
    free(s);
    free(p);
    p = ts_xprintf("%s/report.html", out);
    s = ts_slurp(p, NULL);
    assert_non_null(strstr(s, "Eigen objectieve sleutel: own key: inwoners_bedrag.csv"));
    assert_null(strstr(s, "ILLUSTRATIEF")); /* an own key is not called illustrative */
    free(s);
    free(p);
    free(key);
    /* the terminal says which key was used, where it notes an illustrative one */
    char *cmd = ts_xprintf("'%s' run tests/keys/eigen_sleutel.yaml -o '%s/out2' --no-plots", ts_cli(),
                           ts_tmpdir);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    char said[65536];
    size_t got = fread(said, 1, sizeof said - 1, f);
    said[got] = '\0';
    assert_int_equal(pclose(f), 0);
    free(cmd);
    assert_non_null(strstr(said, "NOTE: the objective key is the own key: inwoners_bedrag.csv (SHA-256 "));
    assert_null(strstr(said, "illustrative"));
    /* explain shows the key with its label, the share in millionths, the factor */
    const char *ex[] = {"explain", "tests/keys/eigen_sleutel.yaml", "--gemeente", "GM0014",
                        "--year", "2031", "-o", NULL, NULL};
    char *exdir = ts_xprintf("%s/explain", ts_tmpdir);
    ex[7] = exdir;
    ts_cli_expect(ex, 0, NULL);
    p = ts_xprintf("%s/explain.json", exdir);
    free(exdir);
    s = ts_slurp(p, NULL);
    want = ts_xprintf("\"value\": \"inwoners_bedrag.csv\", \"how\": \"sha256 %s\"", hex);
    assert_non_null(strstr(s, want));
    free(want);
    assert_non_null(strstr(s, "\"maatstaf.bedrag.units\""));
    free(s);
    free(p);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_parse_refused),
        cmocka_unit_test(test_run_checks),
        cmocka_unit_test(test_run_example_key),
        cmocka_unit_test(test_cli_outputs),
    };
    return cmocka_run_group_tests(tests, setup, ts_tmpdir_teardown);
}
