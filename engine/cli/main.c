/*
 * main.c - the `ingroei` command: the global options and the table of commands, from
 * which the top-level --help lists them and main() picks the one to run. Each command
 * lives in a file of its own (cmd_NAME.c).
 */
#include "cli.h"
#include "opt.h"

#include <stdio.h>
#include <string.h>

/* A command: its name, the arguments shown in the list, what runs it (with the
 * arguments after its name; it returns the exit status) and what it does. */
typedef struct command {
    const char *name;
    const char *args;
    int (*run)(int argc, char **argv);
    const char *summary; /* '\n' starts a continuation line */
} command;

static const command commands[] = {
    {"run", "SCENARIO.yaml -o DIR", cmd_run, "compute every gemeente's allocation per year"},
    {"compare", "A.yaml B.yaml [C.yaml ...] -o DIR", cmd_compare,
     "scenarios side by side, per gemeente per year"},
    {"sweep", "SWEEP.yaml -o DIR", cmd_sweep, "run thousands of variants of a scenario"},
    {"sweep-merge", "SWEEP.yaml -o DIR SHARD_DIR...", cmd_sweep_merge,
     "merge the shards of a sweep into one result"},
    {"au", "MODEL.yaml -o DIR", cmd_au,
     "recompute a circulaire's algemene uitkering per\n"
     "gemeente, maatstaf and cluster, as published"},
    {"diff-vintage", "A.yaml B.yaml -o DIR", cmd_diff_vintage,
     "what changed between two circulaires, per gemeente:\n"
     "volumes, weights, uitkeringsfactor, rounding"},
    {"explain", "SCENARIO-or-MODEL --gemeente X [--year Y] [--maatstaf M] [--json]", cmd_explain,
     "the chain behind one number: inputs, sources,\n"
     "intermediate values"},
    {"bridge", "SCENARIO.yaml --gemeente X [-o DIR]", cmd_bridge,
     "a gemeente's change from year to year split into\n"
     "path, budget, key, cap and rounding (brugstaat)"},
    {"prorata", "DATA.csv --regeling R --van C:J --naar C:J -o DIR", cmd_prorata,
     "is a mutation between two circulaires pro rata?"},
    {"verify", "MODEL.yaml PUBLISHED.csv -o DIR", cmd_verify,
     "check a published table (a begroting's\n"
     "uitkeringsbasis, an Analysedata file) line by line"},
    {"serve", "[--scenario FILE] [--port PORT] [--listen ADDRESS]", cmd_serve_exec,
     "the JSON API over HTTP: compute scenarios sent as\n"
     "JSON (the browser page is still to come)"},
};

/* The global options; main() acts on them by position: help, then version. */
static const cli_opt global_opts[] = {
    OPT_HELP_ROW("show this help (also: ingroei run --help)"),
    OPT_FLAG('V', "version", NULL, 1, "show the version"),
    OPT_TABLE_END,
};

/* Where the help text of the command list and the global options starts. */
enum { MAIN_COLUMN = 30 };

/* Prints the top-level help on `out`: what the tool does, the commands of the table,
 * the global options and the exit statuses. */
static void print_main_help(FILE *out)
{
    fputs("usage: ingroei COMMAND [OPTIONS]\n"
          "\n"
          "Simulates how the beschermd-wonen budget moves from the historical distribution\n"
          "over the centrumgemeenten to an objective distribution over all gemeenten.\n"
          "\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        char left[128];
        snprintf(left, sizeof left, "%s %s", commands[i].name, commands[i].args);
        opt_print_row(out, left, commands[i].summary, MAIN_COLUMN);
    }
    fputs("\n", out);
    opt_print_options(out, global_opts, MAIN_COLUMN);
    fputs("\n"
          "exit status: 0 success, 1 bad input (scenario, model or data), 2 wrong usage,\n"
          "3 a file could not be read or written, 4 an internal check failed, 5 verify: a\n"
          "line differs, 6 verify: lines not checked, 130 stopped by Ctrl-C (nothing written)\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_main_help(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    const cli_opt *o = opt_find(global_opts, name);
    if (o == &global_opts[0] || !strcmp(name, "help")) {
        print_main_help(stdout);
        return EXIT_OK;
    }
    if (o == &global_opts[1]) {
        printf("ingroei %s\n", ingroei_version());
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(name, commands[i].name))
            return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "ingroei: unknown command '%s' (see 'ingroei --help')\n", name);
    return EXIT_USAGE;
}
