/*
 * cmd_bridge.c - `ingroei bridge`: a gemeente's change from year to year split into its
 * causes (the brugstaat), printed and, with -o, written for every gemeente.
 */
#include "cli.h"
#include "opt.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const bridge_usage =
    "usage: ingroei bridge SCENARIO.yaml --gemeente CODE|NAME [-o DIR [--xlsx]\n"
    "                      [--csv-dialect rfc4180|nl]] [--write-resolved FILE]\n"
    "\n"
    "Splits the gemeente's change from each year to the next into its causes, in whole\n"
    "euros that add up to the change exactly:\n"
    "  pad        the step of the path (p_t) with last year's budget and key\n"
    "  budget     the change of the budget with this year's p_t and last year's key\n"
    "  sleutel    the change of the objective key's shares (volumes, factor)\n"
    "  cap        the change of the cap's effect\n"
    "  afronding  what remains: rounding of the allocation and of the parts\n"
    "With -o DIR it also writes brugstaat.csv for all gemeenten into DIR (atomically,\n"
    "as run does; use a directory of its own), with --xlsx also brugstaat.xlsx (the\n"
    "table and Bronnen: the inputs with SHA-256).\n"
    "\n";

int cmd_bridge(int argc, char **argv)
{
    size_t n_args;
    const char *gemeente = NULL, *resolved = NULL;
    ingroei_output_options out = INGROEI_OUTPUT_OPTIONS_INIT;
    bool dialect_given = false;
    for (int i = 0; i < argc; i++)
        dialect_given = dialect_given || !strcmp(argv[i], "--csv-dialect");
    const cli_opt opts[] = {
        OPT_REQUIRED('g', "gemeente", "KEY", &gemeente, NULL, "give the gemeente (--gemeente)",
                     "the gemeente (GM0363 or Amsterdam; required)"),
        OPT_STRING('o', "output", "DIR", &out.dir, "also write brugstaat.csv for every gemeente"),
        OPT_FLAG(0, "xlsx", &out.xlsx, 1, "with -o: also write the workbook brugstaat.xlsx"),
        OPT_CSV_DIALECT(&out.csv_dialect),
        OPT_STRING(0, "write-resolved", "FILE", &resolved,
                   "also write the fully resolved scenario (as 'ingroei run')"),
        OPT_HELP_AND_END,
    };
    static const opt_command bridge_command =
        OPT_COMMAND("bridge", bridge_usage, NULL, 23, 1, "no scenario given", 1,
                    "unexpected argument '%s' (one scenario)");
    int code = opt_parse(&bridge_command, opts, argc, argv, &n_args);
    if (code != OPT_GO_ON)
        return code;
    if (!out.dir && (out.xlsx || dialect_given))
        return usage_error("%s", "--xlsx and --csv-dialect are for the table that -o DIR writes");
    const char *dir = out.dir;
    const char *file = argv[0];
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    ingroei_output_report rep;
    size_t g;
    code = EXIT_OK;
    if (!load_run(file, &sc, &run, &err) ||
        ingroei_run_find_gemeente(run, gemeente, &g, &err) != INGROEI_OK ||
        (resolved && ingroei_run_write_resolved(run, resolved, &err) != INGROEI_OK) ||
        (dir && ingroei_run_write_bridge_with(run, &out, &rep, &err) != INGROEI_OK)) {
        code = report_error(&err);
        goto done;
    }
    ingroei_row first;
    ingroei_run_row(run, 0, g, &first);
    printf("ingroei %s: %s\n%s %s: the change from year to year, in euros\n\n", ingroei_version(),
           file, first.code, first.name);
    /* with arrangements (README, "Arrangements") a column of their own before afronding */
    ingroei_bridge_row probe = {0};
    if (ingroei_run_n_years(run) > 1)
        ingroei_run_bridge(run, 1, g, &probe, NULL);
    const bool arr = probe.with_arrangement;
    printf("  %4s %14s %13s %13s %13s %13s", "jaar", "vorig jaar", "pad", "budget", "sleutel",
           "cap");
    if (arr)
        printf(" %13s", "arrangement");
    printf(" %10s %14s\n", "afronding", "totaal");
    char b[8][40];
    for (size_t y = 1; y < ingroei_run_n_years(run); y++) {
        ingroei_bridge_row r;
        if (ingroei_run_bridge(run, y, g, &r, &err) != INGROEI_OK) {
            code = report_error(&err);
            goto done;
        }
        printf("  %4d %14s %13s %13s %13s %13s", r.year, euros(r.from, b[0]), euros(r.path, b[1]),
               euros(r.budget, b[2]), euros(r.key, b[3]), euros(r.cap, b[4]));
        if (arr)
            printf(" %13s", euros(r.arrangement, b[7]));
        printf(" %10s %14s\n", euros(r.rounding, b[5]), euros(r.to, b[6]));
    }
    printf(arr ? "\nEvery row: vorig jaar + pad + budget + sleutel + cap + arrangement + afronding "
                 "= totaal\n(budget: what the keys distribute, the year's budget minus the "
                 "arrangements).\n"
               : "\nEvery row: vorig jaar + pad + budget + sleutel + cap + afronding = totaal.\n");
    const char *notice = ingroei_run_illustrative_notice(run);
    if (notice)
        printf("\nNOTE: %s\n", notice);
    if (dir)
        print_written(dir, &rep);
done:
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    return code;
}
