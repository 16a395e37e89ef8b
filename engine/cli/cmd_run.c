/*
 * cmd_run.c - `ingroei run`: computes every gemeente's allocation per year for one
 * scenario, writes the tables (and pictures, workbook, report) and prints the years.
 */
#include "cli.h"
#include "opt.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

static const char *const run_usage =
    "usage: ingroei run SCENARIO.yaml -o DIR [--gemeente CODE|NAME] [--no-plots]\n"
    "                   [--gnuplot PROGRAM] [--xlsx] [--csv-dialect rfc4180|nl]\n"
    "                   [--html] [--map-year YEAR] [--write-resolved FILE]\n"
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
    "  kaart.{png,svg,dat,gp}                the map: each gemeente's gain or loss per\n"
    "                                        inhabitant in the last year (--map-year)\n"
    "  gemeente_CODE.{csv,png,svg,dat,gp}    with --gemeente: that gemeente's table and\n"
    "                                        curve\n"
    "  ingroei.xlsx      with --xlsx: one workbook with the sheets Overzicht (per year),\n"
    "                    Gemeenten (allocations.csv), Gemeente (with --gemeente), Caps\n"
    "                    geraakt and Bronnen (every input with its SHA-256)\n"
    "  report.html       with --html: one self-contained page to open in a browser (no\n"
    "                    server, no network): the national picture, all gemeenten to\n"
    "                    sort and filter, a page per gemeente (report.html#GM0363)\n"
    "  report.{gp,dat}   with --html: the gnuplot script and data of its charts\n"
    "Files are written to a staging directory first and renamed into place when all\n"
    "of them are complete: a failed run leaves earlier results untouched.\n"
    "\n";

/* Prints the years of the run, the warnings and notes, and the files written. */
static void print_run(const ingroei_run *run, const char *scenario_file, const char *dir,
                      const ingroei_output_report *rep)
{
    printf("ingroei %s: %s\n", ingroei_version(), scenario_file);
    printf("%zu gemeenten x %zu years\n\n", ingroei_run_n_gemeenten(run), ingroei_run_n_years(run));
    printf("  jaar  aandeel_objectief           budget    afrondingsverschil  cap\n");
    bool infeasible = false;
    for (size_t y = 0; y < ingroei_run_n_years(run); y++) {
        ingroei_year yr;
        ingroei_run_year(run, y, &yr);
        printf("  %d  %16.1f%%  ", yr.year, yr.objective_share * 100.0);
        print_euros(yr.budget);
        printf("  %20lld", (long long)yr.residual);
        if (!yr.cap_active)
            printf("  -\n");
        else if (!yr.cap_feasible)
            printf("  NOT KEPT: the cap could not be paid, this year is uncapped\n");
        else
            printf("  %zu on a loss cap, %zu on a gain cap, gains x %.3f\n", yr.cap_losses,
                   yr.cap_gains, yr.cap_scale);
        infeasible = infeasible || (yr.cap_active && !yr.cap_feasible);
    }
    if (infeasible)
        fprintf(stderr, "ingroei: warning: in some years the cap could not be kept (see "
                        "budget.csv, cap_haalbaar)\n");
    size_t no_region = ingroei_run_n_without_region(run);
    if (no_region != SIZE_MAX)
        printf("\nregional view: %zu of %zu gemeenten have no known region (regios.csv; the "
               "region file is partial, no region is invented)\n",
               no_region, ingroei_run_n_gemeenten(run));
    const char *notice = ingroei_run_illustrative_notice(run);
    if (notice)
        printf("\nNOTE: %s\n", notice);
    if (ingroei_run_own_key(run))
        printf("\nNOTE: the objective key is the %s\n", ingroei_run_own_key(run));
    print_written(dir, rep);
    if (!rep->plots_skipped && rep->note[0]) /* a picture left out, e.g. the map */
        fprintf(stderr, "ingroei: %s\n", rep->note);
}

int cmd_run(int argc, char **argv)
{
    size_t n_args;
    const char *resolved = NULL;
    ingroei_output_options opt = INGROEI_OUTPUT_OPTIONS_INIT;
    const cli_opt opts[] = {
        OPT_OUTPUT(&opt.dir),
        OPT_STRING('g', "gemeente", "KEY", &opt.gemeente,
                   "also write one gemeente's table and curve (GM0193 or Zwolle)"),
        OPT_FLAG(0, "no-plots", &opt.plots, 0, "do not write pictures"),
        OPT_STRING(0, "gnuplot", "PROGRAM", &opt.gnuplot,
                   "gnuplot to use (default: gnuplot on PATH; without it the\n"
                   "tables are written and the pictures skipped)"),
        OPT_FLAG(0, "xlsx", &opt.xlsx, 1, "also write the workbook ingroei.xlsx"),
        OPT_CSV_DIALECT(&opt.csv_dialect),
        OPT_FLAG(0, "html", &opt.html, 1, "also write report.html"),
        OPT_CHECKED(0, "map-year", "YEAR", &opt.map_year, set_year,
                    "the year the map shows (default: the scenario's last year)"),
        OPT_STRING(0, "write-resolved", "FILE", &resolved,
                   "also write the fully resolved scenario (every default\n"
                   "explicit, exact numbers, paths relative to FILE); running\n"
                   "it gives the same tables byte for byte"),
        OPT_HELP_AND_END,
    };
    static const opt_command run_command =
        OPT_COMMAND("run", run_usage, NULL, 24, 1, "no scenario file given", 1,
                    "unexpected argument '%s' (one scenario per run)");
    int code = opt_parse(&run_command, opts, argc, argv, &n_args);
    if (code != OPT_GO_ON)
        return code;
    const char *scenario_file = argv[0];

    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    ingroei_output_report rep;
    if (!load_run(scenario_file, &sc, &run, &err) ||
        (resolved && ingroei_run_write_resolved(run, resolved, &err) != INGROEI_OK) ||
        ingroei_run_write(run, &opt, &rep, &err) != INGROEI_OK) {
        code = report_error(&err);
    } else {
        code = EXIT_OK;
        print_run(run, scenario_file, opt.dir, &rep);
    }
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    return code;
}
