/*
 * main.c - the `ingroei` command: parses arguments, calls the library, prints what
 * happened and chooses the exit status. The only part of the project that talks to a
 * terminal.
 */
#include "ingroei.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exit statuses, also listed in --help. */
enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_IO = 3, EXIT_INTERNAL = 4 };

static const char *const main_help =
    "usage: ingroei COMMAND [OPTIONS]\n"
    "\n"
    "Simulates how the beschermd-wonen budget moves from the historical distribution\n"
    "over the centrumgemeenten to an objective distribution over all gemeenten.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml -o DIR    compute every gemeente's allocation per year\n"
    "\n"
    "options:\n"
    "  -h, --help                  show this help (also: ingroei run --help)\n"
    "  -V, --version               show the version\n"
    "\n"
    "exit status: 0 success, 1 bad input (scenario, model or data), 2 wrong usage,\n"
    "3 a file could not be read or written, 4 an internal check failed\n";

static const char *const run_help =
    "usage: ingroei run SCENARIO.yaml -o DIR [--gemeente CODE|NAME] [--no-plots]\n"
    "                   [--gnuplot PROGRAM]\n"
    "\n"
    "Runs a scenario and writes into DIR (created when missing):\n"
    "  allocations.csv   one row per gemeente per year: historical, objective and total\n"
    "                    amount (whole euros), per inhabitant, difference with the fully\n"
    "                    historical allocation\n"
    "  budget.csv        per year: budget and its source, objective share, sums,\n"
    "                    rounding residual\n"
    "  summary.json      receipt: engine version, resolved scenario, every input file\n"
    "                    with SHA-256 and source, per-year totals, largest gainers and\n"
    "                    losers per inhabitant\n"
    "  landelijk.{png,svg,dat,gp}            the national picture\n"
    "  gemeente_CODE.{csv,png,svg,dat,gp}    with --gemeente: that gemeente's table and\n"
    "                                        curve\n"
    "Files are written to a staging directory first and renamed into place when all\n"
    "of them are complete: a failed run leaves earlier results untouched.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR      output directory (required)\n"
    "  -g, --gemeente KEY    also write one gemeente's table and curve (GM0193 or Zwolle)\n"
    "      --no-plots        do not write pictures\n"
    "      --gnuplot PROGRAM gnuplot to use (default: gnuplot on PATH; without it the\n"
    "                        tables are written and the pictures skipped)\n"
    "  -h, --help            show this help\n";

static int exit_for(ingroei_status st)
{
    switch (st) {
    case INGROEI_OK: return EXIT_OK;
    case INGROEI_ERR_SYNTAX:
    case INGROEI_ERR_SCHEMA:
    case INGROEI_ERR_DATA: return EXIT_INPUT;
    case INGROEI_ERR_USAGE: return EXIT_USAGE;
    case INGROEI_ERR_IO: return EXIT_IO;
    default: return EXIT_INTERNAL;
    }
}

static int report_error(const ingroei_error *err)
{
    char buf[2200];
    fprintf(stderr, "ingroei: %s\n", ingroei_error_format(err, buf, sizeof buf));
    return exit_for(err->status);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "ingroei: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see 'ingroei run --help')\n");
    return EXIT_USAGE;
}

/* Prints money as 1.234.567 (Dutch grouping) for people reading the terminal. */
static void print_euros(int64_t v)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
    size_t n = strlen(digits);
    if (v < 0)
        putchar('-');
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            putchar('.');
        putchar(digits[i]);
    }
}

static int cmd_run(int argc, char **argv)
{
    const char *scenario_file = NULL;
    ingroei_output_options opt = INGROEI_OUTPUT_OPTIONS_INIT;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(run_help, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "-g") ||
                   !strcmp(a, "--gemeente") || !strcmp(a, "--gnuplot")) {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", a);
            const char *v = argv[++i];
            if (a[1] == 'o' || !strcmp(a, "--output"))
                opt.dir = v;
            else if (!strcmp(a, "--gnuplot"))
                opt.gnuplot = v;
            else
                opt.gemeente = v;
        } else if (!strcmp(a, "--no-plots")) {
            opt.plots = 0;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (!scenario_file) {
            scenario_file = a;
        } else {
            return usage_error("unexpected argument '%s' (one scenario per run)", a);
        }
    }
    if (!scenario_file)
        return usage_error("%s", "no scenario file given");
    if (!opt.dir)
        return usage_error("%s", "no output directory given (use -o DIR)");

    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    ingroei_output_report rep;
    int code = EXIT_OK;
    if (ingroei_scenario_load(&sc, scenario_file, &err) != INGROEI_OK ||
        ingroei_run_new(&run, sc, &err) != INGROEI_OK ||
        ingroei_run_write(run, &opt, &rep, &err) != INGROEI_OK) {
        code = report_error(&err);
        goto done;
    }
    printf("ingroei %s: %s\n", ingroei_version(), scenario_file);
    printf("%zu gemeenten x %zu years\n\n", ingroei_run_n_gemeenten(run), ingroei_run_n_years(run));
    printf("  jaar  aandeel_objectief           budget    afrondingsverschil\n");
    for (size_t y = 0; y < ingroei_run_n_years(run); y++) {
        ingroei_year yr;
        ingroei_run_year(run, y, &yr);
        printf("  %d  %16.1f%%  ", yr.year, yr.objective_share * 100.0);
        print_euros(yr.budget);
        printf("  %20lld\n", (long long)yr.residual);
    }
    size_t no_region = ingroei_run_n_without_region(run);
    if (no_region != SIZE_MAX)
        printf("\nregional view: %zu of %zu gemeenten have no known region (regios.csv; the "
               "region file is partial, no region is invented)\n",
               no_region, ingroei_run_n_gemeenten(run));
    const char *notice = ingroei_run_illustrative_notice(run);
    if (notice)
        printf("\nNOTE: %s\n", notice);
    printf("\nwrote to %s:", opt.dir);
    for (size_t i = 0; i < rep.n_files; i++)
        printf(" %s", rep.files[i]);
    printf("\n");
    if (rep.plots_skipped)
        fprintf(stderr, "ingroei: %s\n", rep.note);
done:
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    return code;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_help, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(main_help, stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("ingroei %s\n", ingroei_version());
        return EXIT_OK;
    }
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 2, argv + 2);
    fprintf(stderr, "ingroei: unknown command '%s' (see 'ingroei --help')\n", cmd);
    return EXIT_USAGE;
}
