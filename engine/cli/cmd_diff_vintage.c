/*
 * cmd_diff_vintage.c - `ingroei diff-vintage`: what changed between two circulaires per
 * gemeente, split into volumes, weights, uitkeringsfactor and rounding.
 */
#include "cli.h"
#include "opt.h"

#include <stdio.h>
#include <string.h>

static const char *const diff_vintage_usage =
    "usage: ingroei diff-vintage FROM.yaml TO.yaml -o DIR [--xlsx]\n"
    "                            [--csv-dialect rfc4180|nl]\n"
    "\n"
    "Compares two au-models (two circulaires, for example mei and september 2024 for\n"
    "uitkeringsjaar 2025): each gemeente's algemene uitkering in both, computed as\n"
    "'ingroei au' does, and the change split into its causes, each in whole euros:\n"
    "  volumes           (units_to - units_from) x weight_from x uf_from\n"
    "  gewichten         units_to x (weight_to - weight_from) x uf_from\n"
    "  uitkeringsfactor  units_to x weight_to x (uf_to - uf_from), scaled maatstaven\n"
    "  afronding         what makes the parts add up to the change of the rounded amounts\n"
    "(unscaled maatstaven without uf). Across a herindeling (herindelingen.csv of the\n"
    "dataset, beside the circulaires' directory) a gemeente that merged into a gemeente\n"
    "of the other vintage is added up onto that one, so both compare on the newer\n"
    "boundaries; column samengevoegd says which gemeenten, and from when.\n"
    "Writes into DIR (atomically):\n"
    "  diff_vintage.csv  a row per gemeente: au_van, au_naar, verschil, the four parts\n"
    "                    and samengevoegd\n"
    "  diff_vintage.json the receipt: both models and herindelingen.csv with SHA-256,\n"
    "                    the gemeenten added up, national sums\n"
    "  diff_vintage.xlsx with --xlsx: the table as a sheet, and Bronnen (the inputs)\n"
    "\n";

int cmd_diff_vintage(int argc, char **argv)
{
    size_t n;
    ingroei_output_options out = INGROEI_OUTPUT_OPTIONS_INIT;
    const cli_opt opts[] = {
        OPT_OUTPUT(&out.dir),
        OPT_FLAG(0, "xlsx", &out.xlsx, 1, "also write the workbook diff_vintage.xlsx"),
        OPT_CSV_DIALECT(&out.csv_dialect),
        OPT_HELP_AND_END,
    };
    static const opt_command diff_vintage_command = OPT_COMMAND(
        "diff-vintage", diff_vintage_usage, NULL, 21, 2,
        "give two au-models, FROM.yaml and TO.yaml", 2, "unexpected argument '%s' (two au-models)");
    int code = opt_parse(&diff_vintage_command, opts, argc, argv, &n);
    if (code != OPT_GO_ON)
        return code;
    const char *const *files = (const char *const *)argv;
    ingroei_error err;
    ingroei_au *a = NULL, *b = NULL;
    ingroei_au_diff_summary s;
    ingroei_output_report rep;
    code = EXIT_OK;
    if (ingroei_au_new(&a, files[0], NULL, &err) != INGROEI_OK ||
        ingroei_au_new(&b, files[1], NULL, &err) != INGROEI_OK ||
        ingroei_au_diff_with(a, b, &out, &s, &rep, &err) != INGROEI_OK) {
        code = report_error(&err);
        goto done;
    }
    ingroei_au_summary sa, sb;
    ingroei_au_get_summary(a, &sa);
    ingroei_au_get_summary(b, &sb);
    char buf[40];
    printf("ingroei %s\nvan   %s (uf %s)\nnaar  %s (uf %s)\n%zu gemeenten\n\n", ingroei_version(),
           sa.name, sa.uf, sb.name, sb.uf, s.n_gemeenten);
    printf("  %-20s %20s\n", "change", euros(s.change, buf));
    printf("  %-20s %20s\n", "volumes", euros(s.volumes, buf));
    printf("  %-20s %20s\n", "gewichten", euros(s.weights, buf));
    printf("  %-20s %20s\n", "uitkeringsfactor", euros(s.uf, buf));
    printf("  %-20s %20s\n", "afronding", euros(s.rounding, buf));
    if (s.n_merged) {
        printf("\nherindelingen: %zu gemeenten of one vintage added up onto the gemeente they "
               "merged into\n",
               s.n_merged);
        for (const char *p = s.merged; *p;) {
            const char *nl = strchr(p, '\n');
            const int len = nl ? (int)(nl - p) : (int)strlen(p);
            printf("  %.*s\n", len, p);
            p += len + (nl != NULL);
        }
    }
    print_written(out.dir, &rep);
done:
    ingroei_au_free(a);
    ingroei_au_free(b);
    return code;
}
