/*
 * cmd_verify.c - `ingroei verify`: checks a published table (a begroting's
 * uitkeringsbasis, an Analysedata file) against an au-model line by line.
 */
#include "cli.h"
#include "opt.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

static const char *const verify_usage =
    "usage: ingroei verify MODEL.yaml PUBLISHED.csv -o DIR [--tolerance EUROS]\n"
    "                      [--write-resolved FILE]\n"
    "\n"
    "Checks a published table against the circulaire of an au-model, line by line. The\n"
    "format is recognised from the header:\n"
    "  begroting     gemeentecode,maatstaf,jaar,bedrag: a gemeente's uitkeringsbasis per\n"
    "                maatstaf, units x bedrag per eenheid in whole euros BEFORE the\n"
    "                uitkeringsfactor; the maatstaf by code or omschrijving (trimmed,\n"
    "                case-folded). Compared with round(units x weight) of the circulaire;\n"
    "                where they differ, the volume the publication implies (bedrag /\n"
    "                weight) is shown next to the circulaire's. A line for another year\n"
    "                than the model's uitkeringsjaar is niet_getoetst.\n"
    "  analysedata   ;Gemeenten;<clusters>;Totaal (';'): a begrotingsanalysetool\n"
    "                Analysedata_GF file, per gemeente and cluster after the\n"
    "                uitkeringsfactor, without the vast bedrag. Compared with the\n"
    "                amounts 'ingroei au' computes; the difference is split into the vast\n"
    "                bedrag, the per-line rounding and a rest, which is judged.\n"
    "Writes into DIR (atomically):\n"
    "  verify.csv    a row per line: both figures, the difference, its explanation and\n"
    "                oordeel (gelijk, binnen_tolerantie, afwijkend, niet_getoetst)\n"
    "  verify.json   the receipt: model and published file with SHA-256, tolerance,\n"
    "                counts, largest difference\n"
    "Exit status 0 only when every line was checked and none differs by more than the\n"
    "tolerance; 5 when one does; 6 when none does but some lines were not checked; an\n"
    "unknown gemeente or maatstaf is bad input (1, with file, line and column).\n"
    "\n";

int cmd_verify(int argc, char **argv)
{
    size_t n;
    ingroei_verify_query q = {0};
    whole_option tolerance = {&q.tolerance, 'l', 0, 1e15 - 1, "a whole number of euros, 0 or more"};
    const char *dir = NULL, *resolved = NULL;
    const cli_opt opts[] = {
        OPT_OUTPUT(&dir),
        OPT_CHECKED(0, "tolerance", "EUROS", &tolerance, set_whole,
                    "whole euros a line may differ (default 0)"),
        OPT_STRING(0, "write-resolved", "FILE", &resolved,
                   "also write the fully resolved model (as 'ingroei au')"),
        OPT_HELP_AND_END,
    };
    static const opt_command verify_command =
        OPT_COMMAND("verify", verify_usage, NULL, 25, 2, "give MODEL.yaml and PUBLISHED.csv", 2,
                    "unexpected argument '%s' (a model and a published table)");
    int code = opt_parse(&verify_command, opts, argc, argv, &n);
    if (code != OPT_GO_ON)
        return code;
    q.model = argv[0];
    q.published = argv[1];
    ingroei_error err;
    ingroei_verify_summary s;
    ingroei_output_report rep;
    if (ingroei_verify(&q, dir, &s, &rep, &err) != INGROEI_OK)
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
    printf("ingroei %s: verify %s\nagainst %s (uitkeringsjaar %d)\n", ingroei_version(),
           q.published, q.model, s.uitkeringsjaar);
    printf("format: %s\ntolerance: %s euro\n\n",
           begroting ? "begroting (uitkeringsbasis per maatstaf, before the uitkeringsfactor)"
                     : "analysedata (per gemeente and cluster, after the uitkeringsfactor, "
                       "without the vast bedrag)",
           euros(q.tolerance, buf));
    printf("%zu lines: %zu equal, %zu within the tolerance, %zu off, %zu not checked\n", s.n_lines,
           s.n_equal, s.n_within, s.n_off, s.n_unchecked);
    printf("%zu gemeenten checked, %zu with every checked line equal\n", s.n_gemeenten,
           s.n_gemeenten_equal);
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
               begroting ? "a year the model does not cover" : "gemeenten the file lacks");
    print_written(dir, &rep);
    return s.n_off ? EXIT_DIFFERS : s.n_unchecked ? EXIT_UNCHECKED : EXIT_OK;
}
