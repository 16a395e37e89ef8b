/*
 * cmd_verify.c - `ingroei verify`: checks a published table (a begroting's
 * uitkeringsbasis, an Analysedata file) against an au-model line by line.
 */
#include "cli.h"
#include "opt.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const verify_usage =
    "usage: ingroei verify [MODEL.yaml] PUBLISHED.csv -o DIR [--gemeente KEY]\n"
    "                      [--circulaires DIR] [--sheet NAME|N] [--tolerance EUROS]\n"
    "                      [--xlsx] [--csv-dialect rfc4180|nl] [--write-resolved FILE]\n"
    "\n"
    "Checks a published table against a circulaire, line by line. Without MODEL.yaml\n"
    "every au-model in --circulaires is tried, grouped by circulaire (a line is checked\n"
    "by the model of its year), and the circulaire that explains most lines is named\n"
    "and written. PUBLISHED may be a CSV file or an .xlsx workbook (its first sheet, or\n"
    "the one --sheet names; a line number is then the sheet's row). The format is\n"
    "recognised from the header:\n"
    "  begroting     a gemeente's uitkeringsbasis per maatstaf, units x bedrag per\n"
    "                eenheid in whole euros BEFORE the uitkeringsfactor. ',' ';' or tab\n"
    "                (recognised; in a ';' file a decimal comma and thousands dots,\n"
    "                1.069.297); long (columns maatstaf, jaar, bedrag) or wide (a column\n"
    "                per year, the year in its header: 2024;2025 or Begroting 2025); the\n"
    "                gemeente per row (gemeentecode: a code or name) or for the whole\n"
    "                table (--gemeente); the maatstaf by code or printed label, folded\n"
    "                (case, accents, punctuation, spacing), against every circulaire's\n"
    "                labels. Compared with round(units x weight); the volume the\n"
    "                publication implies (bedrag / weight) is shown beside the\n"
    "                circulaire's.\n"
    "  analysedata   ;Gemeenten;<clusters>;Totaal (';'): a begrotingsanalysetool\n"
    "                Analysedata_GF file, per gemeente and cluster after the\n"
    "                uitkeringsfactor, without the vast bedrag; needs MODEL.yaml. The\n"
    "                difference is split into the vast bedrag, the per-line rounding and\n"
    "                a rest, which is judged.\n"
    "Verdicts: gelijk (equal to the euro), afronding (1 euro at most, and the implied\n"
    "volume rounds to the circulaire's), afwijkend (another volume; gelijk_aan names\n"
    "another maatstaf whose amount it is exactly), onbekend (the label names no\n"
    "maatstaf of the circulaire; the nearest are listed), binnen_tolerantie, and\n"
    "niet_getoetst (a year the circulaire does not cover).\n"
    "Writes into DIR (atomically):\n"
    "  verify.csv    a row per line: both figures, the difference, the implied volume,\n"
    "                oordeel and toelichting\n"
    "  verify.json   the receipt: models and published file with SHA-256, the rule,\n"
    "                best_circulaire, counts, and the counts of every circulaire tried\n"
    "  verify.xlsx   with --xlsx: verify.csv as a sheet, and Bronnen (the inputs)\n"
    "Exit status 0 when every line was checked and is explained (gelijk, afronding or\n"
    "within the tolerance); 5 when a line is afwijkend or onbekend; 6 when none is but\n"
    "some lines were not checked; a bad number, year or gemeente is bad input (1, every\n"
    "such problem with file, line and column).\n"
    "\n";

int cmd_verify(int argc, char **argv)
{
    size_t n;
    ingroei_verify_query q = {0};
    whole_option tolerance = {&q.tolerance, 'l', 0, 1e15 - 1, "a whole number of euros, 0 or more"};
    const char *resolved = NULL;
    ingroei_output_options out = INGROEI_OUTPUT_OPTIONS_INIT;
    const cli_opt opts[] = {
        OPT_OUTPUT(&out.dir),
        OPT_STRING('g', "gemeente", "KEY", &q.gemeente,
                   "the gemeente of every row without one (code or name)"),
        OPT_STRING(0, "circulaires", "DIR", &q.circulaires,
                   "the au-models to try without MODEL.yaml, and the weights files whose "
                   "labels are known (default models/nl/gemeentefonds; with MODEL.yaml its "
                   "directory)"),
        OPT_STRING(0, "sheet", "NAME|N", &q.sheet,
                   "the sheet of an .xlsx workbook to read: its name, or its number from 1 "
                   "(default the first)"),
        OPT_CHECKED(0, "tolerance", "EUROS", &tolerance, set_whole,
                    "whole euros a line may differ (default 0)"),
        OPT_FLAG(0, "xlsx", &out.xlsx, 1, "also write the workbook verify.xlsx"),
        OPT_CSV_DIALECT(&out.csv_dialect),
        OPT_STRING(0, "write-resolved", "FILE", &resolved,
                   "also write the fully resolved model (as 'ingroei au'; with MODEL.yaml)"),
        OPT_HELP_AND_END,
    };
    static const opt_command verify_command =
        OPT_COMMAND("verify", verify_usage, NULL, 25, 1, "give PUBLISHED.csv (and MODEL.yaml)", 2,
                    "unexpected argument '%s' (a model and a published table)");
    int code = opt_parse(&verify_command, opts, argc, argv, &n);
    if (code != OPT_GO_ON)
        return code;
    if (n == 2) {
        q.model = argv[0];
        q.published = argv[1];
    } else {
        q.published = argv[0];
        if (!q.circulaires)
            q.circulaires = "models/nl/gemeentefonds";
    }
    if (resolved && !q.model)
        return usage_error("%s", "--write-resolved needs MODEL.yaml");
    ingroei_error err;
    ingroei_verify_summary s;
    ingroei_output_report rep;
    if (ingroei_verify_with(&q, &out, &s, &rep, &err) != INGROEI_OK)
        return report_error(&err);
    if (resolved) { /* the model as 'ingroei au' computes it; after the check, which is
                       what reads the published table and may find it bad */
        ingroei_au *au = NULL;
        ingroei_status st = ingroei_au_new(&au, q.model, NULL, &err);
        if (st == INGROEI_OK)
            st = ingroei_au_write_resolved(au, resolved, &err);
        ingroei_au_free(au);
        if (st != INGROEI_OK)
            return report_error(&err);
    }
    const bool begroting = s.format == INGROEI_VERIFY_BEGROTING;
    char buf[40];
    printf("ingroei %s: verify %s\n", ingroei_version(), q.published);
    if (q.model)
        printf("against %s (uitkeringsjaar %d)\n", q.model, s.uitkeringsjaar);
    else
        printf("against every circulaire in %s\n", q.circulaires);
    printf("format: %s\ntolerance: %s euro\n\n",
           begroting ? "begroting (uitkeringsbasis per maatstaf, before the uitkeringsfactor)"
                     : "analysedata (per gemeente and cluster, after the uitkeringsfactor, "
                       "without the vast bedrag)",
           euros(q.tolerance, buf));
    if (begroting) {
        printf("%-22s %6s %9s %9s %7s %13s\n", "circulaire", "gelijk", "afronding", "afwijkend",
               "onbekend", "niet_getoetst");
        for (size_t k = 0; k < s.n_fits; k++) {
            const ingroei_verify_fit *f = &s.fits[k];
            const bool best = strcmp(f->circulaire, s.best_circulaire) == 0;
            printf("%-22s %6zu %9zu %9zu %7zu %13zu%s\n", f->circulaire, f->n_equal, f->n_rounding,
                   f->n_off + f->n_within, f->n_unknown, f->n_unchecked,
                   best && s.n_fits > 1 ? "  <- best fit" : "");
        }
        printf("\nbest circulaire: %s\n", s.best_circulaire);
        printf("%zu lines: %zu gelijk, %zu afronding, %zu afwijkend, %zu onbekend, %zu not "
               "checked",
               s.n_lines, s.n_equal, s.n_rounding, s.n_off, s.n_unknown, s.n_unchecked);
        if (s.n_within)
            printf(", %zu within the tolerance", s.n_within);
        printf("\n");
    } else {
        printf("%zu lines: %zu equal, %zu within the tolerance, %zu off, %zu not checked\n",
               s.n_lines, s.n_equal, s.n_within, s.n_off, s.n_unchecked);
    }
    printf("%zu %s checked, %zu with every checked line equal\n", s.n_gemeenten,
           s.n_gemeenten == 1 ? "gemeente" : "gemeenten", s.n_gemeenten_equal);
    if (!begroting)
        printf("vast bedrag the file leaves out: %s euro in all (column waarvan_vast_bedrag)\n",
               euros(s.vast_total, buf));
    if (s.largest_diff)
        printf("largest difference: %s %s %d: %s euro (%s)\n", s.largest_code, s.largest_item,
               s.largest_year, euros(s.largest_diff, buf),
               begroting ? "published minus circulaire" : "rest after vast bedrag and rounding");
    else
        printf("largest difference: none\n");
    if (s.n_unchecked)
        printf("not checked: %zu line%s (%s; oordeel niet_getoetst)\n", s.n_unchecked,
               s.n_unchecked == 1 ? "" : "s",
               begroting ? "a year the circulaire does not cover" : "gemeenten the file lacks");
    /* the onbekend lines, each "file:line:column: why", as diagnostics */
    for (const char *p = s.problems; *p;) {
        const char *colon = strstr(p, ": ");
        const char *nl = strchr(p, '\n');
        if (!nl)
            nl = p + strlen(p);
        if (colon && colon < nl)
            fprintf(stderr, "ingroei: %.*s: onbekend: %.*s\n", (int)(colon - p), p,
                    (int)(nl - colon - 2), colon + 2);
        else
            fprintf(stderr, "ingroei: %.*s\n", (int)(nl - p), p);
        p = *nl ? nl + 1 : nl;
    }
    print_written(out.dir, &rep);
    return s.n_off || s.n_unknown ? EXIT_DIFFERS : s.n_unchecked ? EXIT_UNCHECKED : EXIT_OK;
}
