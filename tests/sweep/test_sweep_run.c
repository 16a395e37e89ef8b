/* test_sweep_run.c - sweep/sweep.c through ingroei_sweep_run: the bytes a sweep writes do
 * not depend on the instructions the processor offers. Every loop the engine runs in a
 * variant for AVX2 (the largest remainder, the key's shares, the allocation's columns, the
 * cap's set-up and placing, the sweep's own figures) also has a plain one that every
 * other processor runs, and the sweep's figures a reference path with a division per
 * gemeente and year; a sample of capped scenarios is swept once with each and the
 * outputs compared byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sweep/sweep.h"
#include "support/support.h"

#include <stdlib.h>
#include <string.h>

/* Every switch between an AVX2 variant (or fast path) and its plain one, set to `on`. */
static void vector_instructions(bool on)
{
    ig_lr_vector_instructions = on;
    ig_key_vector_instructions = on;
    ig_alloc_vector_instructions = on;
    ig_cap_vector_instructions = on;
    ig_cap_round_instructions = on;
    ig_sweep_fast_figures = on;
}

/* Runs `sweep` on `threads` threads into ts_tmpdir/name. */
static char *sweep_into(const ingroei_sweep *sweep, const char *name, unsigned threads)
{
    char *dir = ts_xprintf("%s/%s", ts_tmpdir, name);
    ingroei_sweep_options opt = INGROEI_SWEEP_OPTIONS_INIT;
    opt.dir = dir;
    opt.threads = threads;
    ingroei_error err;
    const ingroei_status st = ingroei_sweep_run(sweep, &opt, NULL, &err);
    if (st != INGROEI_OK) {
        char buf[2200];
        print_error("%s\n", ingroei_error_format(&err, buf, sizeof buf));
    }
    assert_int_equal(st, INGROEI_OK);
    return dir;
}

static void expect_same_outputs(const char *a, const char *b)
{
    static const char *const files[] = {"sweep.csv", "gemeente_bereik.csv", "sweep.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *fa = ts_xprintf("%s/%s", a, files[i]), *fb = ts_xprintf("%s/%s", b, files[i]);
        ts_assert_same_file(fa, fb);
        free(fa);
        free(fb);
    }
}

/* A sample of 400 variants of the herijking's capped scenario (start, length, loss cap
 * and the budget's index drawn, so that the cap's reference scale is 1 in some years and
 * not in others), with and without the AVX2 variants, on one thread and on two. */
static void test_sweep_without_vector_instructions(void **state)
{
    (void)state;
    char *base = realpath("scenarios/herijking_cap.yaml", NULL);
    assert_non_null(base);
    char *text = ts_xprintf("sweep: 1\nname: v\nbase: %s\nmode: sample\nsamples: 400\nseed: 7\n"
                            "parameters:\n"
                            "  path.start: {from: 2022, to: 2030, step: 1}\n"
                            "  path.length: {from: 4, to: 15, step: 1}\n"
                            "  cap.max_loss_per_inhabitant: {from: 2.5, to: 60, step: 2.5}\n"
                            "  budget.other_years.percent: {from: -2, to: 4, step: 0.5}\n"
                            "loss_threshold_per_inhabitant: 25\n",
                            base);
    const char *file = ts_write_in(ts_tmpdir, "vectors.yaml", text, strlen(text));
    ingroei_sweep *sweep = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_sweep_load(&sweep, file, &err), INGROEI_OK);
    vector_instructions(true);
    char *with = sweep_into(sweep, "with", 2);
    vector_instructions(false);
    char *without = sweep_into(sweep, "without", 1), *without2 = sweep_into(sweep, "without2", 2);
    vector_instructions(true);
    expect_same_outputs(with, without);
    expect_same_outputs(with, without2);
    /* the sample did cap: some scenario held a gemeente at its loss floor */
    char *csv = ts_xprintf("%s/sweep.csv", with);
    char *rows = ts_slurp(csv, NULL);
    char **lines;
    const size_t n = ts_split_lines(rows, "sweep.csv", &lines);
    assert_int_equal(n, 401);
    /* caps_geraakt, the tenth column after the scenario's own four */
    size_t capped = 0;
    for (size_t i = 1; i < n; i++) {
        const char *c = lines[i];
        for (int k = 0; k < 9 && c; k++)
            c = strchr(c + 1, ',');
        assert_non_null(c);
        capped += strtol(c + 1, NULL, 10) > 0;
    }
    assert_true(capped > 300);
    free(lines);
    free(rows);
    free(csv);
    ingroei_sweep_free(sweep);
    free(with);
    free(without);
    free(without2);
    free(text);
    free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_without_vector_instructions),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
