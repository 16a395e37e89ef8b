/*
 * bench.c - prints how long the engine takes on a scenario: loading the dataset and
 * models, computing all gemeenten x all years, and a full run (load, compute, write
 * all tables) without gnuplot. A benchmark, not a test: it reports numbers and never
 * fails on them. Run it through tools/bench/run.
 */
#include "run/run.h"

#include <gsl/gsl_rng.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* Under valgrind --tool=callgrind --collect-atstart=no, `ingroei_bench --compute` counts
 * the instructions of the timed intervals only (each compute, not the reading of its
 * results after it); without valgrind these are no-ops. */
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_TOGGLE_COLLECT
#endif

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

/* Prints median, minimum and maximum of n samples (seconds) in the unit given. */
static void report(const char *what, double *s, size_t n, double unit, const char *uname)
{
    qsort(s, n, sizeof *s, cmp_double);
    printf("%-44s median %10.1f %s   min %10.1f %s   max %10.1f %s   (%zu runs)\n", what,
           s[n / 2] / unit, uname, s[0] / unit, uname, s[n - 1] / unit, uname, n);
}

/* ---- keeping the work measured, and the memory it took ------------------------------ */

/* Every rounded total of a run is folded into this volatile sink after each timed
 * compute, outside the timed interval: the results are read, so no compiler (also not
 * with link-time optimisation) may drop or hoist a call of ingroei_run_compute. */
static volatile int64_t result_sink;

static void consume_results(const ingroei_run *run)
{
    /* the totals as the compute left them (out.total), not through ingroei_run_row,
     * which first rounds the parts (ig_run_parts): that untimed work would otherwise
     * fill a profile of the timed loop */
    const size_t n = ingroei_run_n_years(run) * ingroei_run_n_gemeenten(run);
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += run->out.total[i];
    result_sink += sum;
}

/* The peak resident memory of this process so far (getrusage; ru_maxrss is in KiB on
 * Linux), printed last: it covers every stage the benchmark ran. */
static void report_peak_memory(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) {
        perror("bench: getrusage");
        return;
    }
    printf("%-44s %10.1f MiB\n", "peak memory (max RSS of this benchmark)",
           (double)ru.ru_maxrss / 1024.0);
}

/* Removes the benchmark's own temporary output directory (made by mkdtemp) with every
 * file a run wrote into it, whichever files the outputs are. */
static void remove_output_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *p = ig_path_join(dir, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    if (rmdir(dir) != 0)
        fprintf(stderr, "bench: could not remove %s\n", dir);
}

static int fail(const ingroei_error *err)
{
    char buf[2200];
    fprintf(stderr, "bench: %s\n", ingroei_error_format(err, buf, sizeof buf));
    return 1;
}

/* The current peak resident memory in MiB. */
static double peak_mib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss / 1024.0 : 0.0;
}

/* Sweep throughput: the sweep file's scenarios on 1 and on 2 threads (three runs each,
 * the median), and the peak memory after a first, ten times smaller part of it (one
 * shard of ten) and after the whole: memory must not grow with the number of
 * scenarios. */
static int bench_sweep(const char *file)
{
    ingroei_error err;
    ingroei_sweep *sw = NULL;
    if (ingroei_sweep_load(&sw, file, &err) != INGROEI_OK)
        return fail(&err);
    const size_t n = ingroei_sweep_n_scenarios(sw);
    char dir[] = "/tmp/ingroei-bench-sweep-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench: mkdtemp");
        ingroei_sweep_free(sw);
        return 1;
    }
    char *out = ig_path_join(dir, "out");
    ingroei_sweep_options o = INGROEI_SWEEP_OPTIONS_INIT;
    o.dir = out;
    o.shard_count = 10;
    o.threads = 1;
    printf("sweep %s: %zu scenarios\n", file, n);
    if (ingroei_sweep_run(sw, &o, NULL, &err) != INGROEI_OK)
        return fail(&err);
    double after_tenth = peak_mib();
    o.shard_count = 1;
    for (unsigned threads = 1; threads <= 2; threads++) {
        double s[3];
        o.threads = threads;
        for (int k = 0; k < 3; k++) {
            double t0 = now_s();
            if (ingroei_sweep_run(sw, &o, NULL, &err) != INGROEI_OK)
                return fail(&err);
            s[k] = now_s() - t0;
        }
        qsort(s, 3, sizeof s[0], cmp_double);
        printf("sweep on %u thread%s %28s median %8.2f s   %8.0f scenarios/s\n", threads,
               threads == 1 ? " " : "s", "", s[1], (double)n / s[1]);
    }
    printf("%-44s %10.1f MiB after %zu scenarios, %.1f MiB after %zu\n", "peak memory of the sweep",
           after_tenth, n / 10, peak_mib(), n * 3 * 2 + n / 10);
    remove_output_dir(out);
    free(out);
    rmdir(dir);
    ingroei_sweep_free(sw);
    return 0;
}

/* Only the compute of a scenario (for the scaling table): one line. */
static int bench_compute(const char *file)
{
    enum { N = 1000 };
    static double s[N];
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    if (ingroei_scenario_load(&sc, file, &err) || ingroei_run_new(&run, sc, &err))
        return fail(&err);
    for (size_t i = 0; i < N; i++) {
        double t0 = now_s();
        CALLGRIND_TOGGLE_COLLECT;
        if (ingroei_run_compute(run, &err))
            return fail(&err);
        CALLGRIND_TOGGLE_COLLECT;
        s[i] = now_s() - t0;
        consume_results(run);
    }
    report("compute", s, N, 1e-6, "us");
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    return 0;
}

/* The compute of a scenario on a SYNTHETIC dataset of `copies` x the real gemeenten,
 * made in memory: every gemeente comes `copies` times, each copy with its objective
 * volumes (B_g and A_g of the key) and its inhabitants perturbed by up to +-10 %
 * (GSL's MT19937, seed 1) and 1/copies of its historical share. Nothing of it is real:
 * it only measures how the compute scales with the number of gemeenten. The run is a
 * fork (ig_run_fork) of a base that borrows the real run's years, budgets and models
 * and holds the synthetic arrays. */
static int bench_synthetic(const char *file, size_t copies)
{
    enum { N = 200 };
    static double s[N];
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *real = NULL, *fork = NULL;
    if (ingroei_scenario_load(&sc, file, &err) || ingroei_run_new(&real, sc, &err))
        return fail(&err);
    const size_t n0 = real->n_g, n = n0 * copies, n_y = real->n_y;
    ingroei_run base = *real;
    base.n_g = n;
    base.borrowed = true; /* nothing of it is freed through the library */
    base.code = malloc(n * sizeof *base.code);
    base.name = malloc(n * sizeof *base.name);
    base.province = malloc(n * sizeof *base.province);
    base.region = malloc(n * sizeof *base.region);
    base.h = malloc(n * sizeof *base.h);
    base.h_amount = malloc(n * sizeof *base.h_amount);
    base.key_b = malloc(n * sizeof *base.key_b);
    base.key_a = malloc(n * sizeof *base.key_a);
    base.inhabitants = malloc(n_y * n * sizeof *base.inhabitants);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!base.code || !base.name || !base.province || !base.region || !base.h || !base.h_amount ||
        !base.key_b || !base.key_a || !base.inhabitants || !rng) {
        fprintf(stderr, "bench: out of memory\n");
        return 1;
    }
    gsl_rng_set(rng, 1);
    for (size_t k = 0; k < copies; k++)
        for (size_t g = 0; g < n0; g++) {
            const size_t i = k * n0 + g;
            const double vb = 1 + 0.2 * (gsl_rng_uniform(rng) - 0.5),
                         va = 1 + 0.2 * (gsl_rng_uniform(rng) - 0.5),
                         vi = 1 + 0.2 * (gsl_rng_uniform(rng) - 0.5);
            base.code[i] = real->code[g];
            base.name[i] = real->name[g];
            base.province[i] = real->province ? real->province[g] : NULL;
            base.region[i] =
                real->region && real->region[g] >= 0 ? (long)(k * n0) + real->region[g] : -1;
            base.h[i] = real->h[g] / (double)copies;
            base.h_amount[i] = real->h_amount ? real->h_amount[g] / (double)copies : 0;
            base.key_b[i] = real->key_b[g] * vb;
            base.key_a[i] = real->key_a[g] * va;
            for (size_t y = 0; y < n_y; y++)
                base.inhabitants[y * n + i] =
                    (int64_t)((double)real->inhabitants[y * n0 + g] * vi + 0.5);
        }
    base.key_sum_b = ig_sum(base.key_b, n);
    base.key_sum_a = ig_sum(base.key_a, n);
    int rc = 0;
    if (ig_run_fork(&base, &fork, &err) || ig_run_compute_scenario(fork, sc, &err)) {
        rc = fail(&err);
    } else {
        for (size_t i = 0; i < N && rc == 0; i++) {
            /* each compute makes everything anew, as a plain run's does: a fork would
             * otherwise keep what comes out the same as last time, which is all of it */
            ig_run_fork_forget(fork);
            double t0 = now_s();
            if (ingroei_run_compute(fork, &err))
                rc = fail(&err);
            s[i] = now_s() - t0;
            consume_results(fork);
        }
        if (rc == 0) {
            char what[64];
            snprintf(what, sizeof what, "compute, SYNTHETIC %zu gemeenten", n);
            report(what, s, N, 1e-6, "us");
        }
    }
    ingroei_run_free(fork);
    void *arrays[] = {base.code,     base.name,  base.province, base.region,     base.h,
                      base.h_amount, base.key_b, base.key_a,    base.inhabitants};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    gsl_rng_free(rng);
    ingroei_run_free(real);
    ingroei_scenario_free(sc);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc > 3 && !strcmp(argv[1], "--synthetic"))
        return bench_synthetic(argv[3], (size_t)strtoul(argv[2], NULL, 10));
    if (argc > 2 && !strcmp(argv[1], "--sweep"))
        return bench_sweep(argv[2]);
    if (argc > 2 && !strcmp(argv[1], "--compute"))
        return bench_compute(argv[2]);
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
        consume_results(run);
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
    remove_output_dir(dir);
    report_peak_memory();
    return 0;
}
