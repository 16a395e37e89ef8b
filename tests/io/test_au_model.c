/* test_au_model.c - io/model.c (au-model) and io/au_data.c: the shipped algemene-uitkering
 * model of mei 2024 -> 2024 recomputed line by line, and models and data files that
 * must be refused with the file, line and what is wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/io.h"
#include "ingroei.h"
#include "support/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL "models/nl/gemeentefonds/au_mei2024_2024.yaml"

static size_t find(char **names, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], key) == 0)
            return i;
    fail_msg("%s not found", key);
    return SIZE_MAX;
}

/* The import's check (tools/import, exact decimals, no rounding per line): 342
 * gemeenten together 38,422,385,619.57 euro, Amsterdam 2,669,119,206.07 euro. Rounded
 * per line, each of the 49 lines of a gemeente moves by at most half a euro. */
static void recomputes_mei_2024(void **state)
{
    (void)state;
    ig_au_model m;
    ingroei_error err;
    assert_int_equal(ig_au_model_load(&m, MODEL, &err), INGROEI_OK);
    assert_true(m.uf.mant == 1414 && m.uf.scale == 3);
    assert_int_equal(m.uitkeringsjaar, 2024);
    assert_int_equal(m.n_unscaled, 3);
    ig_au_data d;
    assert_int_equal(ig_au_data_load(&d, &m, &err), INGROEI_OK);
    assert_int_equal(d.n_g, 342);
    assert_int_equal(d.n_m, 49);
    assert_int_equal(d.n_c, 12);
    assert_false(d.scaled[find(d.maatstaven, d.n_m, "WOZwe80")]);
    assert_true(d.scaled[find(d.maatstaven, d.n_m, "inwo")]);
    /* The vast bedrag multiplies the column the source calls "vast nieuw": 1 unit. */
    const size_t vast = find(d.maatstaven, d.n_m, "vast");
    for (size_t g = 0; g < d.n_g; g++)
        assert_true(d.units[vast * d.n_g + g].mant == 100 && d.units[vast * d.n_g + g].scale == 2);

    const ig_au_in in = {
        .n_g = d.n_g, .n_m = d.n_m, .units = d.units, .weight = d.weight, .scaled = d.scaled};
    int64_t *lines = calloc(d.n_m * d.n_g, sizeof *lines);
    int64_t *totals = calloc(d.n_g, sizeof *totals);
    assert_non_null(lines);
    assert_non_null(totals);
    size_t bm, bg;
    assert_int_equal(ig_au_lines(&in, m.uf, lines, totals, NULL, &bm, &bg), INGROEI_OK);
    int64_t sum = 0;
    for (size_t g = 0; g < d.n_g; g++)
        sum += totals[g];
    assert_true(llabs((long long)(sum - 38422385620)) <= (long long)(d.n_m * d.n_g / 2));
    const size_t ams = find(d.codes, d.n_g, "GM0363");
    assert_string_equal(d.names[ams], "Amsterdam");
    assert_true(llabs((long long)(totals[ams] - 2669119206)) <= 25);
    /* And exactly, as the ministry's per-line rounding gives them (a regression value:
     * 15.43 euro above the unrounded national figure, 2.93 for Amsterdam). */
    assert_true(sum == 38422385635);
    assert_true(totals[ams] == 2669119209);

    /* Per cluster: each maatstaf's part of a cluster is a line of its own; the twelve
     * clusters add up to the totaal lines but for rounding and the source's one-cent
     * difference in lidr_w_nw (3784.11 in the clusters, 3784.12 in totaal). */
    int64_t *ctot = calloc(d.n_g, sizeof *ctot), *cl = calloc(d.n_m * d.n_g, sizeof *cl);
    int64_t *sum_c = calloc(d.n_g, sizeof *sum_c);
    assert_non_null(ctot);
    assert_non_null(cl);
    assert_non_null(sum_c);
    for (size_t c = 0; c < d.n_c; c++) {
        ig_au_in ic = in;
        ic.weight = &d.cluster_weight[c * d.n_m];
        assert_int_equal(ig_au_lines(&ic, m.uf, cl, ctot, NULL, &bm, &bg), INGROEI_OK);
        for (size_t g = 0; g < d.n_g; g++)
            sum_c[g] += ctot[g];
    }
    const size_t lidr = find(d.maatstaven, d.n_m, "lidr_w_nw");
    for (size_t g = 0; g < d.n_g; g++) {
        /* one cent of lidr_w_nw's units * 1.414, plus half a euro per (maatstaf,
         * cluster) line */
        double cent = ig_dec_value(d.units[lidr * d.n_g + g]) * 0.01 * 1.414;
        assert_true((double)llabs((long long)(sum_c[g] - totals[g])) <=
                    cent + 0.5 * (double)(d.n_m * (d.n_c + 1)));
    }
    free(sum_c);
    free(cl);
    free(ctot);
    free(lines);
    free(totals);
    ig_au_data_clear(&d);
    ig_au_model_clear(&m);
}

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = ts_make_temp_dir("au-model");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_remove_temp_dir(&dir);
    return 0;
}

static const char weights_ok[] = "code,omschrijving,A,B,totaal,volume_kolom\n"
                                 "inw,inwoners,1.00,2.00,3.00,inw\n"
                                 "vast,vast bedrag,10.00,0.00,10.00,vast nieuw\n"
                                 "woz,WOZ,0.00,-0.0010,-0.0010,woz\n";
static const char volumes_ok[] = "gemeentecode,gemeentenaam,inw,vast nieuw,woz\n"
                                 "GM0001,Een,100,1,500000.00\n"
                                 "GM0002,Twee,200,1,1000000.00\n";

static const char *model_text(const char *uf, const char *unscaled, const char *extra)
{
    static char buf[1024];
    snprintf(buf, sizeof buf,
             "model: 1\nkind: au-model\nname: test\ncirculaire: mei 2024\nuitkeringsjaar: 2024\n"
             "volumes: volumes.csv\nweights: weights.csv\nuitkeringsfactor: %s\n"
             "uitkeringsfactor_source: test\nunscaled_maatstaven: %s\nsource: test\n%s",
             uf, unscaled, extra);
    return buf;
}

/* Loads a model (and its data) from text; returns the status of the first step that
 * fails and the message in err. */
static ingroei_status load(const char *model, const char *weights, const char *volumes,
                           ingroei_error *err)
{
    ts_write_in(dir, "weights.csv", weights, strlen(weights));
    ts_write_in(dir, "volumes.csv", volumes, strlen(volumes));
    char *file = ts_strdup(ts_write_in(dir, "m.yaml", model, strlen(model)));
    ig_au_model m;
    ingroei_status st = ig_au_model_load(&m, file, err);
    if (st == INGROEI_OK) {
        ig_au_data d;
        st = ig_au_data_load(&d, &m, err);
        if (st == INGROEI_OK) {
            /* 100 * 3.00 * 1.5 + 10.00 * 1.5 + 500000 * -0.001 = 450 + 15 - 500 */
            const ig_au_in in = {.n_g = d.n_g,
                                 .n_m = d.n_m,
                                 .units = d.units,
                                 .weight = d.weight,
                                 .scaled = d.scaled};
            int64_t lines[6], totals[2];
            size_t bm, bg;
            assert_int_equal(ig_au_lines(&in, m.uf, lines, totals, NULL, &bm, &bg), INGROEI_OK);
            assert_true(totals[0] == -35 && totals[1] == 900 + 15 - 1000);
            ig_au_data_clear(&d);
        }
        ig_au_model_clear(&m);
    }
    free(file);
    return st;
}

static void expect(const char *model, const char *weights, const char *volumes, ingroei_status want,
                   int line, const char *needle)
{
    ingroei_error err;
    memset(&err, 0, sizeof err);
    ingroei_status st = load(model, weights, volumes, &err);
    if (st != want || !strstr(err.message, needle) || (line && err.line != line))
        fail_msg("status %d (want %d), line %d (want %d): %s", st, want, err.line, line,
                 err.message);
}

static void small_model_loads(void **state)
{
    (void)state;
    expect(model_text("1.5", "[woz]", ""), weights_ok, volumes_ok, INGROEI_OK, 0, "");
}

static void refuses_bad_models(void **state)
{
    (void)state;
    expect(model_text("1.5", "[woz]", "colour: blue\n"), weights_ok, volumes_ok, INGROEI_ERR_SCHEMA,
           12, "colour");
    expect(model_text("1.5e0", "[woz]", ""), weights_ok, volumes_ok, INGROEI_ERR_SCHEMA, 8,
           "plain decimals");
    expect(model_text("-1.5", "[woz]", ""), weights_ok, volumes_ok, INGROEI_ERR_SCHEMA, 8,
           "uitkeringsfactor");
    expect(model_text("1.5", "[woz, woz]", ""), weights_ok, volumes_ok, INGROEI_ERR_SCHEMA, 10,
           "listed twice");
    expect(model_text("1.5", "[ozb]", ""), weights_ok, volumes_ok, INGROEI_ERR_DATA, 0,
           "ozb is not a maatstaf");
}

static void refuses_bad_data(void **state)
{
    (void)state;
    const char *model = model_text("1.5", "[woz]", "");
    expect(model,
           "code,omschrijving,A,B,totaal,volume_kolom\n"
           "inw,inwoners,1.00,2.00,3.00,inw\n"
           "vast,vast bedrag,10.00,0.00,10.00,vast\n"
           "woz,WOZ,0.00,-0.0010,-0.0010,woz\n",
           volumes_ok, INGROEI_ERR_DATA, 3, "volume_kolom 'vast' is not a column");
    expect(model,
           "code,omschrijving,A,B,totaal,volume_kolom\n"
           "inw,inwoners,1.00,2.00,3,00,inw\n",
           volumes_ok, INGROEI_ERR_DATA, 2, "row has 7 fields");
    expect(model,
           "code,omschrijving,A,B,totaal,volume_kolom\n"
           "inw,inwoners,1.00,2.00,\"3,00\",inw\n"
           "vast,vast bedrag,10.00,0.00,10.00,vast nieuw\n"
           "woz,WOZ,0.00,-0.0010,-0.0010,woz\n",
           volumes_ok, INGROEI_ERR_DATA, 2, "column totaal: expected a number");
    expect(model, weights_ok,
           "gemeentecode,gemeentenaam,inw,vast nieuw,woz,extra\n"
           "GM0001,Een,100,1,500000.00,1\n",
           INGROEI_ERR_DATA, 1, "'extra' is not the volume_kolom");
    expect(model, weights_ok,
           "gemeentecode,gemeentenaam,inw,vast nieuw,woz\n"
           "GM0001,Een,100,1,500000.00\n"
           "GM0001,Een,100,1,500000.00\n",
           INGROEI_ERR_DATA, 3, "listed twice");
    expect(model, weights_ok,
           "gemeentecode,gemeentenaam,inw,vast nieuw,woz\n"
           "GM0001,Een,1e2,1,500000.00\n",
           INGROEI_ERR_DATA, 2, "column inw");
    expect(model, weights_ok, "gemeentecode,gemeentenaam,inw,vast nieuw,woz\n", INGROEI_ERR_DATA, 1,
           "no gemeenten");
}

/* diff-vintage when a maatstaf moves out of the uitkeringsfactor: A has inw scaled by
 * uf 1.5, B the same figures with inw unscaled. GM0001: 100 * 3.00 * 1.5 = 450 -> 300,
 * a change of -150 that is the factor's part (units * weight * (1 - 1.5)), not
 * rounding; the vast bedrag and the WOZ line do not move. */
static void diff_counts_a_flag_change_in_the_factor(void **state)
{
    (void)state;
    ts_write_in(dir, "weights.csv", weights_ok, strlen(weights_ok));
    ts_write_in(dir, "volumes.csv", volumes_ok, strlen(volumes_ok));
    const char *ma = model_text("1.5", "[woz]", "");
    char *fa = ts_strdup(ts_write_in(dir, "a.yaml", ma, strlen(ma)));
    const char *mb = model_text("1.5", "[woz, inw]", "");
    char *fb = ts_strdup(ts_write_in(dir, "b.yaml", mb, strlen(mb)));
    ingroei_error err;
    ingroei_au *a = NULL, *b = NULL;
    assert_int_equal(ingroei_au_new(&a, fa, NULL, &err), INGROEI_OK);
    assert_int_equal(ingroei_au_new(&b, fb, NULL, &err), INGROEI_OK);
    char *out = ts_xprintf("%s/diff", dir);
    ingroei_au_diff_summary sum;
    ingroei_output_report rep;
    assert_int_equal(ingroei_au_diff(a, b, out, &sum, &rep, &err), INGROEI_OK);
    /* GM0002: 200 * 3.00 * (1 - 1.5) = -300; together -450 */
    assert_true(sum.change == -450 && sum.uf == -450);
    assert_true(sum.volumes == 0 && sum.weights == 0 && sum.rounding == 0);
    char *csv = ts_xprintf("%s/diff_vintage.csv", out);
    char *text = ts_slurp(csv, NULL);
    assert_non_null(strstr(text, "GM0001,Een,-35,-185,-150,0,0,-150,0,\n"));
    free(text);
    free(csv);
    free(out);
    ingroei_au_free(a);
    ingroei_au_free(b);
    free(fa);
    free(fb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recomputes_mei_2024),
        cmocka_unit_test(small_model_loads),
        cmocka_unit_test(refuses_bad_models),
        cmocka_unit_test(refuses_bad_data),
        cmocka_unit_test(diff_counts_a_flag_change_in_the_factor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
