/*
 * cmd_au.c - `ingroei au`: recomputes a circulaire's algemene uitkering per gemeente,
 * maatstaf and cluster from an au-model, writes the tables and prints the clusters.
 */
#include "cli.h"
#include "opt.h"

#include <stdint.h>
#include <stdio.h>

static const char *const au_usage =
    "usage: ingroei au MODEL.yaml -o DIR [--budget EUROS [--uf-decimals N]]\n"
    "                  [--xlsx] [--csv-dialect rfc4180|nl] [--write-resolved FILE]\n"
    "\n"
    "Recomputes the algemene uitkering of one circulaire (an au-model such as\n"
    "models/nl/gemeentefonds/au_mei2024_2024.yaml) from its published volumes, weights\n"
    "and uitkeringsfactor: every line is round(units x weight x uf) in whole euros,\n"
    "half away from zero, the OZB inkomstenmaatstaven without uf; clusters and totals\n"
    "are sums of rounded lines. Writes into DIR (atomically, as run does):\n"
    "  au.csv          per gemeente the amount per cluster, their sum, the algemene\n"
    "                  uitkering from the maatstaven' totaal weights, and the difference\n"
    "  au_regels.csv   per gemeente and maatstaf: units, weight, factor, amount\n"
    "  au.json         the receipt: inputs with SHA-256, the factor and how it was found\n"
    "  au.xlsx         with --xlsx: the two tables as sheets, and Bronnen (the inputs)\n"
    "\n";

int cmd_au(int argc, char **argv)
{
    size_t n_args;
    const char *resolved = NULL;
    ingroei_au_options opt = INGROEI_AU_OPTIONS_INIT;
    ingroei_output_options out = INGROEI_OUTPUT_OPTIONS_INIT;
    whole_option budget = {&opt.budget, 'd', 1, 1e15, "a whole number of euros from 1 to 1e15"};
    whole_option decimals = {&opt.uf_decimals, 'i', 0, 12, "a whole number from 0 to 12"};
    const cli_opt opts[] = {
        OPT_OUTPUT(&out.dir),
        OPT_CHECKED(0, "budget", "EUROS", &budget, set_whole,
                    "solve the factor from this budget instead of using the\n"
                    "published one: uf = (budget - sum A) / sum B"),
        OPT_CHECKED(0, "uf-decimals", "N", &decimals, set_whole,
                    "round the solved factor to N decimals (default 3, as the\n"
                    "ministry publishes it)"),
        OPT_FLAG(0, "xlsx", &out.xlsx, 1, "also write the workbook au.xlsx"),
        OPT_CSV_DIALECT(&out.csv_dialect),
        OPT_STRING(0, "write-resolved", "FILE", &resolved,
                   "also write the fully resolved model (the factor used, paths\n"
                   "relative to FILE) that reproduces au.csv byte for byte"),
        OPT_HELP_AND_END,
    };
    static const opt_command au_command =
        OPT_COMMAND("au", au_usage, NULL, 23, 1, "no au-model given", 1,
                    "unexpected argument '%s' (one model per run)");
    int code = opt_parse(&au_command, opts, argc, argv, &n_args);
    if (code != OPT_GO_ON)
        return code;
    const char *model = argv[0];
    ingroei_error err;
    ingroei_au *au = NULL;
    ingroei_output_report rep;
    if (ingroei_au_new(&au, model, &opt, &err) != INGROEI_OK ||
        (resolved && ingroei_au_write_resolved(au, resolved, &err) != INGROEI_OK) ||
        ingroei_au_write_with(au, &out, &rep, &err) != INGROEI_OK) {
        ingroei_au_free(au);
        return report_error(&err);
    }
    ingroei_au_summary s;
    ingroei_au_get_summary(au, &s);
    printf("ingroei %s: %s\n%s\n", ingroei_version(), model, s.name);
    printf("%zu gemeenten x %zu maatstaven, %zu clusters\n", s.n_gemeenten, s.n_maatstaven,
           s.n_clusters);
    if (s.uf_solved)
        printf("uitkeringsfactor %s, solved from the budget (unrounded %.9f)\n", s.uf, s.uf_exact);
    else
        printf("uitkeringsfactor %s, as published\n", s.uf);
    printf("\n  %-36s %20s\n", "cluster", "euro");
    int64_t t;
    char buf[40];
    for (size_t c = 0; c < s.n_clusters; c++) {
        const char *name = ingroei_au_cluster(au, c, &t);
        printf("  %-36s %20s\n", name, euros(t, buf));
    }
    printf("  %-36s %20s\n", "sum of the clusters", euros(s.total_clusters, buf));
    printf("  %-36s %20s\n", "algemene uitkering (totaal weights)", euros(s.total, buf));
    print_written(out.dir, &rep);
    ingroei_au_free(au);
    return EXIT_OK;
}
