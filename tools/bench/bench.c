/*
 * bench.c - prints how long the engine takes on a scenario: loading the dataset and
 * models, computing all gemeenten x all years, and a full run (load, compute, write
 * all tables) without gnuplot. A benchmark, not a test: it reports numbers and never
 * fails on them. Run it through tools/bench/run.
 */
#include "ig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Prints median and minimum of n samples (seconds) in the unit given. */
static void report(const char *what, double *s, size_t n, double unit, const char *uname)
{
    qsort(s, n, sizeof *s, cmp_double);
    printf("%-44s median %10.1f %s   min %10.1f %s   (%zu runs)\n", what, s[n / 2] / unit, uname,
           s[0] / unit, uname, n);
}

static int fail(const ingroei_error *err)
{
    char buf[2200];
    fprintf(stderr, "bench: %s\n", ingroei_error_format(err, buf, sizeof buf));
    return 1;
}

int main(int argc, char **argv)
{
    const char *file = argc > 1 ? argv[1] : "scenarios/default.yaml";
    enum { N_LOAD = 50, N_COMPUTE = 2000, N_FULL = 50 };
    static double s[N_COMPUTE];
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;

    /* load: scenario, dataset and models (includes one compute) */
    for (size_t i = 0; i < N_LOAD; i++) {
        double t0 = now_s();
        if (ingroei_scenario_load(&sc, file, &err) || ingroei_run_new(&run, sc, &err))
            return fail(&err);
        s[i] = now_s() - t0;
        if (i + 1 < N_LOAD) {
            ingroei_run_free(run);
            ingroei_scenario_free(sc);
        }
    }
    printf("scenario %s: %zu gemeenten x %zu years\n", file, ingroei_run_n_gemeenten(run),
           ingroei_run_n_years(run));
    report("load scenario + dataset + models (+compute)", s, N_LOAD, 1e-3, "ms");

    for (size_t i = 0; i < N_COMPUTE; i++) {
        double t0 = now_s();
        if (ingroei_run_compute(run, &err))
            return fail(&err);
        s[i] = now_s() - t0;
    }
    report("compute (keys, path, allocation, rounding)", s, N_COMPUTE, 1e-6, "us");

    char dir[] = "/tmp/ingroei-bench-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench: mkdtemp");
        return 1;
    }
    ingroei_output_options opt = INGROEI_OUTPUT_OPTIONS_INIT;
    opt.dir = dir;
    opt.plots = 0;
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    for (size_t i = 0; i < N_FULL; i++) {
        double t0 = now_s();
        if (ingroei_scenario_load(&sc, file, &err) || ingroei_run_new(&run, sc, &err) ||
            ingroei_run_write(run, &opt, NULL, &err))
            return fail(&err);
        s[i] = now_s() - t0;
        ingroei_run_free(run);
        ingroei_scenario_free(sc);
    }
    report("full run without gnuplot (load, compute, tables)", s, N_FULL, 1e-3, "ms");
    static const char *const files[] = {"allocations.csv", "budget.csv", "summary.json"};
    for (size_t i = 0; i < 3; i++) {
        char *p = ig_path_join(dir, files[i]);
        if (p)
            unlink(p);
        free(p);
    }
    rmdir(dir);
    return 0;
}
