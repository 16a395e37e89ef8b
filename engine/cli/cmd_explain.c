/*
 * cmd_explain.c - `ingroei explain`: the chain behind one number of a scenario or an
 * au-model, in words or as JSON.
 */
#include "cli.h"
#include "opt.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const explain_usage =
    "usage: ingroei explain SCENARIO.yaml --gemeente CODE|NAME --year YEAR [--json]\n"
    "                       [--lang en|nl]\n"
    "       ingroei explain AU-MODEL.yaml --gemeente CODE|NAME [--maatstaf CODE|LABEL]\n"
    "                       [--year YEAR] [--json]\n"
    "       either with [-o DIR [--xlsx] [--csv-dialect rfc4180|nl]]\n"
    "\n"
    "Shows how one number is made, from the same computation that writes it.\n"
    "For a scenario: the gemeente's allocation in YEAR (allocations.csv, totaal) with\n"
    "every input and its source (scenario, inhabitants, budget, p_t and the path, the\n"
    "historical key's amount and share, the objective key's units, weights,\n"
    "uitkeringsfactor and share) and every intermediate value (the unrounded and\n"
    "rounded parts, rounding, the cap).\n"
    "For an au-model: the gemeente's algemene uitkering, every maatstaf's units,\n"
    "weight, factor, exact product and rounded line, the clusters and the total; with\n"
    "--maatstaf one line and its part in every cluster. --year, when given, must be the\n"
    "model's uitkeringsjaar.\n"
    "For a scenario the inputs are every file the run read, each with its SHA-256, and\n"
    "in a capped year the cap's reference values: the reference amount and its scale,\n"
    "the inhabitants, the limits in euros, the floor and ceiling, and the scale of the\n"
    "gains the solver found. --lang nl words a scenario's explanation in Dutch (the same\n"
    "steps, keys and numbers; Dutch separators in the text), and with -o its files too\n"
    "(omschrijving, tekst, berekening and explain.json in Dutch words).\n"
    "With -o DIR it also writes into DIR (atomically, as run does):\n"
    "  explain.csv   a row per step: stap, omschrijving, waarde (a number) or tekst,\n"
    "                eenheid, berekening, bron\n"
    "  explain.json  the explanation as --json prints it\n"
    "  explain.xlsx  with --xlsx: the steps as a sheet, and Bronnen (the inputs)\n"
    "\n";

static int print_explanation(ingroei_status st, char *text, const ingroei_error *err)
{
    if (st != INGROEI_OK)
        return report_error(err);
    fputs(text, stdout);
    ingroei_string_free(text);
    return EXIT_OK;
}

/* Writes the files of -o DIR, after the explanation was printed. */
static int written(ingroei_status st, const ingroei_output_options *out,
                   const ingroei_output_report *rep, const ingroei_error *err)
{
    if (st != INGROEI_OK)
        return report_error(err);
    print_written(out->dir, rep);
    return EXIT_OK;
}

/* --lang en|nl */
static int set_lang(const char *name, const char *value, void *target)
{
    ingroei_lang *out = target;
    (void)name;
    if (!strcmp(value, "nl"))
        *out = INGROEI_NL;
    else if (!strcmp(value, "en"))
        *out = INGROEI_EN;
    else
        return usage_error("unknown language '%s' (expected en or nl)", value);
    return EXIT_OK;
}

static int explain_scenario(const char *file, const char *gemeente, int year, ingroei_format f,
                            ingroei_lang lang, const ingroei_output_options *out)
{
    if (!year)
        return usage_error("%s", "give the year to explain (--year)");
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    char *text = NULL;
    ingroei_status st = ingroei_scenario_load(&sc, file, &err);
    if (st == INGROEI_OK)
        st = ingroei_run_new(&run, sc, &err);
    if (st == INGROEI_OK)
        print_warnings(run, file);
    if (st == INGROEI_OK)
        st = ingroei_run_explain_lang(run, gemeente, year, f, lang, &text, &err);
    int code = print_explanation(st, text, &err);
    if (code == EXIT_OK && out->dir) {
        ingroei_output_report rep;
        code = written(ingroei_run_explain_write_lang(run, gemeente, year, lang, out, &rep, &err),
                       out, &rep, &err);
    }
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    return code;
}

static int explain_au(const char *file, const char *gemeente, const char *maatstaf, int year,
                      ingroei_format f, const ingroei_output_options *out)
{
    ingroei_error err;
    ingroei_au *au = NULL;
    char *text = NULL;
    ingroei_status st = ingroei_au_new(&au, file, NULL, &err);
    if (st == INGROEI_OK && year) {
        ingroei_au_summary s;
        ingroei_au_get_summary(au, &s);
        if (s.uitkeringsjaar != year) {
            fprintf(stderr, "ingroei: %s is for uitkeringsjaar %d, not %d\n", file,
                    s.uitkeringsjaar, year);
            ingroei_au_free(au);
            return EXIT_USAGE;
        }
    }
    if (st == INGROEI_OK)
        st = ingroei_au_explain(au, gemeente, maatstaf, f, &text, &err);
    int code = print_explanation(st, text, &err);
    if (code == EXIT_OK && out->dir) {
        ingroei_output_report rep;
        code = written(ingroei_au_explain_write(au, gemeente, maatstaf, out, &rep, &err), out,
                       &rep, &err);
    }
    ingroei_au_free(au);
    return code;
}

int cmd_explain(int argc, char **argv)
{
    size_t n_args;
    const char *gemeente = NULL, *maatstaf = NULL;
    int year = 0, json = 0;
    ingroei_lang lang = INGROEI_EN;
    bool lang_given = false;
    ingroei_output_options out = INGROEI_OUTPUT_OPTIONS_INIT;
    bool dialect_given = false;
    for (int i = 0; i < argc; i++) {
        dialect_given = dialect_given || !strcmp(argv[i], "--csv-dialect");
        lang_given = lang_given || !strcmp(argv[i], "--lang");
    }
    const cli_opt opts[] = {
        OPT_REQUIRED('g', "gemeente", "KEY", &gemeente, NULL,
                     "give the gemeente to explain (--gemeente)",
                     "the gemeente (GM0363 or Amsterdam; required)"),
        OPT_CHECKED('y', "year", "YEAR", &year, set_year, "the year (required for a scenario)"),
        OPT_STRING('m', "maatstaf", "KEY", &maatstaf,
                   "au-model only: one maatstaf (code or omschrijving)"),
        OPT_FLAG(0, "json", &json, 1, "JSON instead of words"),
        OPT_CHECKED(0, "lang", "L", &lang, set_lang,
                    "a scenario's explanation in en (default) or nl (Dutch words)"),
        OPT_STRING('o', "output", "DIR", &out.dir,
                   "also write explain.csv and explain.json into DIR"),
        OPT_FLAG(0, "xlsx", &out.xlsx, 1, "with -o: also write the workbook explain.xlsx"),
        OPT_CSV_DIALECT(&out.csv_dialect),
        OPT_HELP_AND_END,
    };
    static const opt_command explain_command =
        OPT_COMMAND("explain", explain_usage, NULL, 23, 1, "no scenario or au-model given", 1,
                    "unexpected argument '%s' (one scenario or model)");
    int code = opt_parse(&explain_command, opts, argc, argv, &n_args);
    if (code != OPT_GO_ON)
        return code;
    if (!out.dir && (out.xlsx || dialect_given))
        return usage_error("%s", "--xlsx and --csv-dialect are for the files that -o DIR writes");
    const char *file = argv[0];
    ingroei_format format = json ? INGROEI_JSON : INGROEI_TEXT;
    char kind[64];
    ingroei_error err;
    if (ingroei_file_kind(file, kind, sizeof kind, &err) != INGROEI_OK)
        return report_error(&err);
    if (!strcmp(kind, "scenario")) {
        if (maatstaf)
            return usage_error("%s", "--maatstaf is for au-models; a scenario's explanation "
                                     "lists the objective key's maatstaven");
        return explain_scenario(file, gemeente, year, format, lang, &out);
    }
    if (!strcmp(kind, "au-model") && lang_given)
        return usage_error("%s", "--lang is for a scenario's explanation; an au-model's is in "
                                 "English");
    if (!strcmp(kind, "au-model"))
        return explain_au(file, gemeente, maatstaf, year, format, &out);
    fprintf(stderr, "ingroei: %s is a %s; explain takes a scenario or an au-model\n", file, kind);
    return EXIT_USAGE;
}
