/*
 * cmd_compare.c - `ingroei compare`: runs several scenarios, writes them side by side
 * per gemeente per year and prints a summary per scenario.
 */
#include "cli.h"
#include "opt.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const compare_usage =
    "usage: ingroei compare A.yaml B.yaml [C.yaml ...] -o DIR [--year YEAR]\n"
    "                       [--gemeente CODE|NAME] [--xlsx] [--csv-dialect rfc4180|nl]\n"
    "                       [--html]\n"
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
    "  compare_gemeente_CODE.csv  with --gemeente: that gemeente's rows of\n"
    "                     compare_breed.csv, its years with every scenario side by side\n"
    "  vergelijking.xlsx  with --xlsx: one workbook with the sheets Overzicht (per\n"
    "                     scenario its file, years and summary), Budget per jaar (every\n"
    "                     scenario's budget and objective share), Naast elkaar\n"
    "                     (compare_breed.csv), Gemeente (with --gemeente), Ranglijst\n"
    "                     (ranking.csv), Alle regels (compare.csv) and Bronnen (every\n"
    "                     input of every scenario with its SHA-256)\n"
    "  report.html        with --html: one self-contained page to open in a browser\n"
    "                     (no server, no network): the scenarios, p_t and budget per\n"
    "                     year, all gemeenten in the reference year side by side, sortable\n"
    "                     and filterable, and a page per gemeente (report.html#GM0363)\n"
    "                     with every scenario's allocation per year and their curves\n"
    "Scenarios are labelled by their file names (default, acht_jaar, ...). A comparison\n"
    "that takes more than a second shows progress; Ctrl-C stops it and writes nothing.\n"
    "\n";

/* The workbook's progress on the terminal. libxlsxwriter packs the file in one call that
 * takes most of the time (1.6 of 2.0 s for 18 scenarios) and reports nothing, so a thread
 * shows the rows written and then the time spent packing, once the write has taken a
 * second. */
typedef struct ticker {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool running, stop, shown;
    size_t done, total;
    struct timespec start;
} ticker;

/* The library's progress callback: the rows written of all sheets. */
static void ticker_rows(void *context, size_t done, size_t total)
{
    ticker *t = context;
    pthread_mutex_lock(&t->lock);
    t->done = done;
    t->total = total;
    pthread_mutex_unlock(&t->lock);
}

static void *ticker_run(void *arg)
{
    ticker *t = arg;
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        struct timespec now, until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&t->wake, &t->lock, &until);
        clock_gettime(CLOCK_MONOTONIC, &now);
        double elapsed = (double)(now.tv_sec - t->start.tv_sec) +
                         (double)(now.tv_nsec - t->start.tv_nsec) * 1e-9;
        if (t->stop || elapsed < 1.0)
            continue;
        if (t->total && t->done == t->total)
            fprintf(stderr, "\r  workbook: %zu rows written; packing the file, %.1f s   ", t->done,
                    elapsed);
        else
            fprintf(stderr, "\r  workbook: %zu of %zu rows, %.1f s   ", t->done, t->total, elapsed);
        t->shown = true;
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

/* Starts showing the workbook's progress when it is asked for and stderr is a
 * terminal. */
static void ticker_start(ticker *t, ingroei_output_options *opt)
{
    memset(t, 0, sizeof *t);
    if (!opt->xlsx || !isatty(STDERR_FILENO))
        return;
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t->start);
    t->running = pthread_create(&t->thread, NULL, ticker_run, t) == 0;
    if (t->running) {
        opt->progress = ticker_rows;
        opt->progress_context = t;
    }
}

static void ticker_end(ticker *t)
{
    if (!t->running)
        return;
    pthread_mutex_lock(&t->lock);
    t->stop = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    if (t->shown)
        fputc('\n', stderr);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
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
    size_t n;
    ingroei_output_options opt = INGROEI_OUTPUT_OPTIONS_INIT;
    opt.plots = 0;
    int year = 0;
    const cli_opt opts[] = {
        OPT_OUTPUT(&opt.dir),
        OPT_CHECKED('y', "year", "YEAR", &year, set_year,
                    "reference year of the rankings (default: the last year every\n"
                    "scenario has)"),
        OPT_STRING('g', "gemeente", "KEY", &opt.gemeente,
                   "also write one gemeente's years (GM0193 or Zwolle)"),
        OPT_FLAG(0, "xlsx", &opt.xlsx, 1, "also write the workbook vergelijking.xlsx"),
        OPT_CSV_DIALECT(&opt.csv_dialect),
        OPT_FLAG(0, "html", &opt.html, 1, "also write report.html"),
        OPT_HELP_AND_END,
    };
    static const opt_command compare_command =
        OPT_COMMAND("compare", compare_usage, NULL, 23, 2,
                    "give at least two scenario files to compare", 0, NULL);
    int code = opt_parse(&compare_command, opts, argc, argv, &n);
    if (code != OPT_GO_ON)
        return code;
    code = EXIT_OK;
    char **files = argv;

    ingroei_scenario **sc = calloc(n, sizeof *sc);
    ingroei_run **runs = calloc(n, sizeof *runs);
    ingroei_compare *cmp = NULL;
    ingroei_error err;
    ingroei_output_report rep;
    progress prog;
    if (!sc || !runs) {
        fputs("ingroei: out of memory\n", stderr);
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
    for (size_t i = 0; i < n && code == EXIT_OK; i++) {
        print_warnings(runs[i], files[i]);
        for (size_t k = 0; k < i; k++) /* the first earlier one with the same name */
            if (!strcmp(ingroei_scenario_name(sc[k]), ingroei_scenario_name(sc[i]))) {
                fprintf(stderr,
                        "ingroei: warning: %s has the same name as %s (\"%s\"): the "
                        "comparison cannot tell them apart by name; was one edited without "
                        "its name? [duplicate_scenario_name]\n",
                        files[i], files[k], ingroei_scenario_name(sc[i]));
                break;
            }
    }
    if (code == EXIT_OK &&
        ingroei_compare_new(&cmp, (const ingroei_run *const *)runs, n, year, &err) != INGROEI_OK)
        code = report_error(&err);
    if (code == EXIT_OK && interrupted)
        code = EXIT_INTERRUPTED;
    if (code == EXIT_OK) {
        ticker tick;
        ticker_start(&tick, &opt);
        opt.cancel = &interrupted;
        ingroei_status st = ingroei_compare_write(cmp, &opt, &rep, &err);
        ticker_end(&tick);
        if (st == INGROEI_ERR_CANCELLED)
            code = EXIT_INTERRUPTED;
        else if (st != INGROEI_OK)
            code = report_error(&err);
    }
    if (code == EXIT_INTERRUPTED)
        report_stopped();
    if (code != EXIT_OK)
        goto done;
    printf("ingroei %s: %zu scenarios, %zu gemeenten\n", ingroei_version(), n,
           ingroei_run_n_gemeenten(runs[0]));
    print_summary(cmp);
    for (size_t i = 0; i < n; i++) { /* a key file (README "Your own key"), as run says */
        ingroei_compare_scenario s;
        if (ingroei_run_own_key(runs[i]) &&
            ingroei_compare_get_scenario(cmp, i, &s, NULL) == INGROEI_OK)
            printf("\nNOTE: the objective key of %s is the %s\n", s.label,
                   ingroei_run_own_key(runs[i]));
    }
    print_written(opt.dir, &rep);
done:
    ingroei_compare_free(cmp);
    for (size_t i = 0; i < n && runs && sc; i++) {
        ingroei_run_free(runs[i]);
        ingroei_scenario_free(sc[i]);
    }
    free(runs);
    free(sc);
    return code;
}
