/*
 * compare.c - `ingroei compare`: runs several scenarios and writes them side by side.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const compare_help =
    "usage: ingroei compare A.yaml B.yaml [C.yaml ...] -o DIR [--year YEAR] [--html]\n"
    "\n"
    "Runs every scenario and compares each with the first, per gemeente per year. The\n"
    "scenarios must use the same gemeente boundaries (the same gemeenten), or the\n"
    "command says which one differs. Writes into DIR (atomically, as run does):\n"
    "  compare.csv        tidy: a row per scenario per gemeente per year with the\n"
    "                     allocation, its difference to the fully historical one and to\n"
    "                     the first scenario, in euros and per inhabitant\n"
    "  compare_breed.csv  for people: a row per year per gemeente, every scenario's\n"
    "                     allocation side by side with its difference to the first\n"
    "  ranking.csv        per scenario the gemeenten from the largest loss per inhabitant\n"
    "                     (rank 1) to the largest gain in the reference year, against the\n"
    "                     fully historical allocation, with the cumulative difference over\n"
    "                     the years all scenarios share\n"
    "  compare.json       the receipt: the scenarios with SHA-256, years, summaries\n"
    "  report.html        with --html: one self-contained page to open in a browser\n"
    "                     (no server, no network): the scenarios, p_t and budget per\n"
    "                     year, all gemeenten in the reference year side by side, sortable\n"
    "                     and filterable, and a page per gemeente (report.html#GM0363)\n"
    "                     with every scenario's allocation per year and their curves\n"
    "Scenarios are labelled by their file names (default, acht_jaar, ...). A comparison\n"
    "that takes more than a second shows progress; Ctrl-C stops it and writes nothing.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR   output directory (required)\n"
    "  -y, --year YEAR    reference year of the rankings (default: the last year every\n"
    "                     scenario has)\n"
    "      --html         also write report.html\n"
    "  -h, --help         show this help\n";

static int stopped(void)
{
    fprintf(stderr, "ingroei: stopped; nothing was written\n");
    return EXIT_INTERRUPTED;
}

/* Prints a table of the scenarios in the reference year. */
static void print_summary(const ingroei_compare *cmp)
{
    size_t n = ingroei_compare_n_scenarios(cmp);
    int year = ingroei_compare_reference_year(cmp);
    char buf[40];
    bool illustrative = false;
    printf("reference year %d; differences against the fully historical allocation and\n"
           "against the first scenario (%s per inhabitant)\n\n",
           year, "euro");
    printf("  %-22s %-11s %18s %10s %28s %34s\n", "scenario", "jaren", "totaal", "verliezers",
           "grootste verlies per inwoner", "grootste verschil met eerste p.i.");
    for (size_t i = 0; i < n; i++) {
        ingroei_compare_scenario s;
        if (ingroei_compare_get_scenario(cmp, i, &s, NULL) != INGROEI_OK)
            continue;
        illustrative = illustrative || s.illustrative;
        char loss[64], diff[64] = "-";
        snprintf(loss, sizeof loss, "%.2f %.16s", s.largest_loss_per_inhabitant,
                 s.largest_loss_name);
        if (i > 0 && !s.largest_diff_code)
            snprintf(diff, sizeof diff, "equal everywhere");
        else if (i > 0)
            snprintf(diff, sizeof diff, "%+.2f %.16s", s.largest_diff_per_inhabitant,
                     s.largest_diff_name);
        printf("  %-22.22s %d-%-6d %18s %10zu %28s %34s\n", s.label, s.first_year, s.last_year,
               euros(s.total, buf), s.n_losers, loss, diff);
    }
    for (size_t i = 0; i < n; i++) {
        ingroei_compare_scenario s;
        if (ingroei_compare_get_scenario(cmp, i, &s, NULL) == INGROEI_OK)
            printf("\n  %s: %s", s.label, s.name);
    }
    printf("\n");
    if (illustrative)
        printf("\nNOTE: the objective key of at least one scenario is ILLUSTRATIVE (see each "
               "scenario's notice in compare.json): read the differences as an illustration\n");
}

int cmd_compare(int argc, char **argv)
{
    help_command = "compare";
    ingroei_output_options opt = INGROEI_OUTPUT_OPTIONS_INIT;
    opt.plots = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t n = 0;
    int year = 0, code = EXIT_OK;
    if (!files)
        return EXIT_INTERNAL;
    for (int i = 0; i < argc && code == EXIT_OK; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(compare_help, stdout);
            free(files);
            return EXIT_OK;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "-y") ||
                   !strcmp(a, "--year")) {
            if (i + 1 >= argc) {
                code = usage_error("option %s needs a value", a);
                break;
            }
            const char *v = argv[++i];
            double x;
            if (a[1] == 'o' || !strcmp(a, "--output"))
                opt.dir = v;
            else if (!parse_number(v, &x) || x != (int)x || x < 1900 || x > 2200)
                code = usage_error("--year: expected a year, got '%s'", v);
            else
                year = (int)x;
        } else if (!strcmp(a, "--html")) {
            opt.html = 1;
        } else if (a[0] == '-' && a[1]) {
            code = usage_error("unknown option '%s'", a);
        } else {
            files[n++] = a;
        }
    }
    if (code == EXIT_OK && n < 2)
        code = usage_error("%s", "give at least two scenario files to compare");
    if (code == EXIT_OK && !opt.dir)
        code = usage_error("%s", "no output directory given (use -o DIR)");
    if (code != EXIT_OK) {
        free(files);
        return code;
    }

    ingroei_scenario **sc = calloc(n, sizeof *sc);
    ingroei_run **runs = calloc(n, sizeof *runs);
    ingroei_compare *cmp = NULL;
    ingroei_error err;
    ingroei_output_report rep;
    progress prog;
    if (!sc || !runs) {
        code = EXIT_INTERNAL;
        goto done;
    }
    catch_interrupt();
    progress_start(&prog, "scenarios");
    for (size_t i = 0; i < n && code == EXIT_OK; i++) {
        if (interrupted)
            code = EXIT_INTERRUPTED;
        else if (ingroei_scenario_load(&sc[i], files[i], &err) != INGROEI_OK ||
                 ingroei_run_new(&runs[i], sc[i], &err) != INGROEI_OK)
            code = report_error(&err);
        else
            show_progress(&prog, i + 1, n);
    }
    progress_end(&prog);
    if (code == EXIT_OK &&
        ingroei_compare_new(&cmp, (const ingroei_run *const *)runs, n, year, &err) != INGROEI_OK)
        code = report_error(&err);
    if (code == EXIT_OK && interrupted)
        code = EXIT_INTERRUPTED;
    if (code == EXIT_OK && ingroei_compare_write(cmp, &opt, &rep, &err) != INGROEI_OK)
        code = report_error(&err);
    if (code == EXIT_INTERRUPTED)
        stopped();
    if (code != EXIT_OK)
        goto done;
    printf("ingroei %s: %zu scenarios, %zu gemeenten\n", ingroei_version(), n,
           ingroei_run_n_gemeenten(runs[0]));
    print_summary(cmp);
    print_written(opt.dir, &rep);
done:
    ingroei_compare_free(cmp);
    for (size_t i = 0; i < n && runs && sc; i++) {
        ingroei_run_free(runs[i]);
        ingroei_scenario_free(sc[i]);
    }
    free(runs);
    free(sc);
    free(files);
    return code;
}
