/*
 * main.c - the `ingroei` command: parses arguments, calls the library, prints what
 * happened and chooses the exit status. The only part of the project that talks to a
 * terminal.
 */
#include "cli.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const main_help =
    "usage: ingroei COMMAND [OPTIONS]\n"
    "\n"
    "Simulates how the beschermd-wonen budget moves from the historical distribution\n"
    "over the centrumgemeenten to an objective distribution over all gemeenten.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml -o DIR    compute every gemeente's allocation per year\n"
    "  compare A.yaml B.yaml [C.yaml ...] -o DIR\n"
    "                              scenarios side by side, per gemeente per year\n"
    "  sweep SWEEP.yaml -o DIR     run thousands of variants of a scenario\n"
    "  sweep-merge SWEEP.yaml -o DIR SHARD_DIR...\n"
    "                              merge the shards of a sweep into one result\n"
    "  au MODEL.yaml -o DIR        recompute a circulaire's algemene uitkering per\n"
    "                              gemeente, maatstaf and cluster, as published\n"
    "  diff-vintage A.yaml B.yaml -o DIR\n"
    "                              what changed between two circulaires, per gemeente:\n"
    "                              volumes, weights, uitkeringsfactor, rounding\n"
    "  explain SCENARIO-or-MODEL --gemeente X [--year Y] [--maatstaf M] [--json]\n"
    "                              the chain behind one number: inputs, sources,\n"
    "                              intermediate values\n"
    "  bridge SCENARIO.yaml --gemeente X [-o DIR]\n"
    "                              a gemeente's change from year to year split into\n"
    "                              path, budget, key, cap and rounding (brugstaat)\n"
    "  prorata DATA.csv --regeling R --van C:J --naar C:J -o DIR\n"
    "                              is a mutation between two circulaires pro rata?\n"
    "  verify MODEL.yaml PUBLISHED.csv -o DIR\n"
    "                              check a published table (a begroting's\n"
    "                              uitkeringsbasis, an Analysedata file) line by line\n"
    "\n"
    "options:\n"
    "  -h, --help                  show this help (also: ingroei run --help)\n"
    "  -V, --version               show the version\n"
    "\n"
    "exit status: 0 success, 1 bad input (scenario, model or data), 2 wrong usage,\n"
    "3 a file could not be read or written, 4 an internal check failed, 5 verify: a\n"
    "line differs, 6 verify: lines not checked, 130 stopped by Ctrl-C (nothing written)\n";

static const char *const sweep_help =
    "usage: ingroei sweep SWEEP.yaml -o DIR [--threads N] [--shard I/N]\n"
    "       ingroei sweep-merge SWEEP.yaml -o DIR SHARD_DIR...\n"
    "\n"
    "Runs every variant of a base scenario that the sweep file describes (the full grid\n"
    "of its parameter values, or a seeded sample of it) and writes into DIR:\n"
    "  sweep.csv            a row per scenario: its parameter values, the largest loss\n"
    "                       and gain per inhabitant, gemeenten losing more than the\n"
    "                       threshold, caps hit, infeasible years\n"
    "  gemeente_bereik.csv  per gemeente the range over the sweep, with the scenarios\n"
    "                       that give the extremes\n"
    "  sweep.json           the receipt: the sweep, the base scenario, the shard\n"
    "The bytes do not depend on the number of threads. With --shard I/N only the I-th\n"
    "of N contiguous parts is run (I from 1); sweep-merge joins the N shard directories\n"
    "into the same bytes as one run. Ctrl-C stops the sweep and writes nothing.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR   output directory (required)\n"
    "  -j, --threads N    threads (default: one per processor)\n"
    "      --shard I/N    run the I-th of N shards\n"
    "  -h, --help         show this help\n";

static const char *const run_help =
    "usage: ingroei run SCENARIO.yaml -o DIR [--gemeente CODE|NAME] [--no-plots]\n"
    "                   [--gnuplot PROGRAM] [--xlsx] [--csv-dialect rfc4180|nl]\n"
    "                   [--html] [--write-resolved FILE]\n"
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
    "\n"
    "options:\n"
    "  -o, --output DIR      output directory (required)\n"
    "  -g, --gemeente KEY    also write one gemeente's table and curve (GM0193 or Zwolle)\n"
    "      --html            also write report.html\n"
    "      --no-plots        do not write pictures\n"
    "      --gnuplot PROGRAM gnuplot to use (default: gnuplot on PATH; without it the\n"
    "                        tables are written and the pictures skipped)\n"
    "      --xlsx            also write the workbook ingroei.xlsx\n"
    "      --csv-dialect D   rfc4180 (default): ',' and decimal point; nl: ';', decimal\n"
    "                        comma and a UTF-8 byte-order mark, for a Dutch Excel\n"
    "      --html            also write report.html\n"
    "      --write-resolved FILE\n"
    "                        also write the fully resolved scenario (every default\n"
    "                        explicit, exact numbers, paths relative to FILE); running\n"
    "                        it gives the same tables byte for byte\n"
    "  -h, --help            show this help\n";

static const char *const au_help =
    "usage: ingroei au MODEL.yaml -o DIR [--budget EUROS [--uf-decimals N]]\n"
    "                  [--write-resolved FILE]\n"
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
    "\n"
    "options:\n"
    "  -o, --output DIR     output directory (required)\n"
    "      --budget EUROS   solve the factor from this budget instead of using the\n"
    "                       published one: uf = (budget - sum A) / sum B\n"
    "      --uf-decimals N  round the solved factor to N decimals (default 3, as the\n"
    "                       ministry publishes it)\n"
    "      --write-resolved FILE\n"
    "                       also write the fully resolved model (the factor used, paths\n"
    "                       relative to FILE) that reproduces au.csv byte for byte\n"
    "  -h, --help           show this help\n";

static int cmd_au(int argc, char **argv)
{
    help_command = "au";
    const char *model = NULL, *dir = NULL, *resolved = NULL;
    ingroei_au_options opt = INGROEI_AU_OPTIONS_INIT;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(au_help, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--budget") ||
                   !strcmp(a, "--uf-decimals") || !strcmp(a, "--write-resolved")) {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", a);
            const char *v = argv[++i];
            double x;
            if (!strcmp(a, "-o") || !strcmp(a, "--output"))
                dir = v;
            else if (!strcmp(a, "--write-resolved"))
                resolved = v;
            else if (!strcmp(a, "--budget")) {
                if (!parse_number(v, &x) || !(x > 0))
                    return usage_error("%s must be a positive number", a);
                opt.budget = x;
            } else {
                if (!parse_number(v, &x) || !(x >= 0 && x <= 12) || x != (int)x)
                    return usage_error("%s must be a whole number from 0 to 12", a);
                opt.uf_decimals = (int)x;
            }
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (!model) {
            model = a;
        } else {
            return usage_error("unexpected argument '%s' (one model per run)", a);
        }
    }
    if (!model)
        return usage_error("%s", "no au-model given");
    if (!dir)
        return usage_error("%s", "no output directory given (use -o DIR)");
    ingroei_error err;
    ingroei_au *au = NULL;
    ingroei_output_report rep;
    if (ingroei_au_new(&au, model, &opt, &err) != INGROEI_OK ||
        (resolved && ingroei_au_write_resolved(au, resolved, &err) != INGROEI_OK) ||
        ingroei_au_write(au, dir, &rep, &err) != INGROEI_OK) {
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
    printf("\nwrote to %s:", dir);
    for (size_t i = 0; i < rep.n_files; i++)
        printf(" %s", rep.files[i]);
    printf("\n");
    ingroei_au_free(au);
    return EXIT_OK;
}

static const char *const prorata_help =
    "usage: ingroei prorata DATA.csv --regeling R --van CIRCULAIRE:JAAR\n"
    "                       --naar CIRCULAIRE:JAAR -o DIR\n"
    "\n"
    "Answers \"is the mutation pro rata?\" for a regeling published per gemeente\n"
    "(DATA.csv has the columns circulaire, uitkeringsjaar, gemeentecode, gemeentenaam,\n"
    "regeling, bedrag, as models/nl/uitkeringen_bw_mo_vo.csv). Each gemeente's amount in\n"
    "the first vintage is scaled to the total of the second and rounded to whole euros,\n"
    "half away from zero, exactly; the result is compared with what the second vintage\n"
    "published. Writes into DIR (atomically):\n"
    "  prorata.csv    per gemeente: bedrag_van, bedrag_naar, pro_rata, verschil\n"
    "                 (published minus pro rata), verschil_aandeel, oordeel (gelijk,\n"
    "                 afwijkend, alleen_van, alleen_naar)\n"
    "  prorata.json   the receipt: data file with SHA-256, both totals, the counts\n"
    "Exit status 0 also when amounts differ: the answer is in the output.\n"
    "\n"
    "example:\n"
    "  ingroei prorata models/nl/uitkeringen_bw_mo_vo.csv --regeling iu_beschermd_wonen \\\n"
    "    --van 'mei 2024:2025' --naar 'september 2024:2025' -o out/\n";

/* "mei 2024:2025" -> circulaire "mei 2024", year 2025; the circulaire is cut from a
 * copy kept in buf. */
static bool parse_vintage(const char *v, char *buf, size_t size, const char **circ, int *year)
{
    const char *colon = strrchr(v, ':');
    if (!colon || colon == v || (size_t)(colon - v) >= size)
        return false;
    char *end = NULL;
    long y = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || y < 1900 || y > 2200)
        return false;
    memcpy(buf, v, (size_t)(colon - v));
    buf[colon - v] = '\0';
    *circ = buf;
    *year = (int)y;
    return true;
}

static int cmd_prorata(int argc, char **argv)
{
    help_command = "prorata";
    ingroei_prorata_query q = {0};
    const char *dir = NULL;
    char from[128], to[128];
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(prorata_help, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--regeling") ||
                   !strcmp(a, "--van") || !strcmp(a, "--naar")) {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", a);
            const char *v = argv[++i];
            if (!strcmp(a, "-o") || !strcmp(a, "--output"))
                dir = v;
            else if (!strcmp(a, "--regeling"))
                q.regeling = v;
            else if (!strcmp(a, "--van")
                         ? !parse_vintage(v, from, sizeof from, &q.from_circulaire, &q.from_year)
                         : !parse_vintage(v, to, sizeof to, &q.to_circulaire, &q.to_year))
                return usage_error("'%s': expected CIRCULAIRE:UITKERINGSJAAR, such as "
                                   "'mei 2024:2025'",
                                   v);
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (!q.data) {
            q.data = a;
        } else {
            return usage_error("unexpected argument '%s' (one data file)", a);
        }
    }
    if (!q.data || !q.regeling || !q.from_circulaire || !q.to_circulaire)
        return usage_error("%s", "give DATA.csv, --regeling, --van and --naar");
    if (!dir)
        return usage_error("%s", "no output directory given (use -o DIR)");
    ingroei_error err;
    ingroei_prorata_summary s;
    ingroei_output_report rep;
    if (ingroei_prorata(&q, dir, &s, &rep, &err) != INGROEI_OK)
        return report_error(&err);
    char b1[40], b2[40], b3[40];
    printf("ingroei %s: %s, %s\n", ingroei_version(), q.data, q.regeling);
    printf("van   %s, uitkeringsjaar %d: %s euro\n", q.from_circulaire, q.from_year,
           euros(s.total_from, b1));
    printf("naar  %s, uitkeringsjaar %d: %s euro (pro rata rounded: %s)\n", q.to_circulaire,
           q.to_year, euros(s.total_to, b2), euros(s.total_prorata, b3));
    printf("\n%zu gemeenten: %zu equal to pro rata to the euro, %zu not\n", s.n_gemeenten,
           s.n_equal, s.n_off);
    if (s.n_off)
        printf("largest difference: %s, published minus pro rata %s euro (%.4f%%)\n",
               s.largest_code, euros(s.largest_diff, b1), 100.0 * s.largest_share);
    printf("\nwrote to %s:", dir);
    for (size_t i = 0; i < rep.n_files; i++)
        printf(" %s", rep.files[i]);
    printf("\n");
    return EXIT_OK;
}

static const char *const verify_help =
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
    "\n"
    "options:\n"
    "  -o, --output DIR       output directory (required)\n"
    "      --tolerance EUROS  whole euros a line may differ (default 0)\n"
    "      --write-resolved FILE\n"
    "                         also write the fully resolved model (as 'ingroei au')\n"
    "  -h, --help             show this help\n";

static int cmd_verify(int argc, char **argv)
{
    help_command = "verify";
    ingroei_verify_query q = {0};
    const char *dir = NULL, *resolved = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(verify_help, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--tolerance") ||
                   !strcmp(a, "--write-resolved")) {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", a);
            const char *v = argv[++i];
            double x;
            if (!strcmp(a, "--write-resolved")) {
                resolved = v;
            } else if (!strcmp(a, "--tolerance")) {
                if (!parse_number(v, &x) || !(x >= 0 && x < 1e15) || x != (double)(int64_t)x)
                    return usage_error("%s must be a whole number of euros, 0 or more", a);
                q.tolerance = (int64_t)x;
            } else
                dir = v;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (!q.model) {
            q.model = a;
        } else if (!q.published) {
            q.published = a;
        } else {
            return usage_error("unexpected argument '%s' (a model and a published table)", a);
        }
    }
    if (!q.model || !q.published)
        return usage_error("%s", "give MODEL.yaml and PUBLISHED.csv");
    if (!dir)
        return usage_error("%s", "no output directory given (use -o DIR)");
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
    printf("\nwrote to %s:", dir);
    for (size_t i = 0; i < rep.n_files; i++)
        printf(" %s", rep.files[i]);
    printf("\n");
    return s.n_off ? EXIT_DIFFERS : s.n_unchecked ? EXIT_UNCHECKED : EXIT_OK;
}

static const char *const diff_help =
    "usage: ingroei diff-vintage FROM.yaml TO.yaml -o DIR\n"
    "\n"
    "Compares two au-models (two circulaires, for example mei and september 2024 for\n"
    "uitkeringsjaar 2025): each gemeente's algemene uitkering in both, computed as\n"
    "'ingroei au' does, and the change split into its causes, each in whole euros:\n"
    "  volumes           (units_to - units_from) x weight_from x uf_from\n"
    "  gewichten         units_to x (weight_to - weight_from) x uf_from\n"
    "  uitkeringsfactor  units_to x weight_to x (uf_to - uf_from), scaled maatstaven\n"
    "  afronding         what makes the parts add up to the change of the rounded amounts\n"
    "(unscaled maatstaven without uf). Writes into DIR (atomically):\n"
    "  diff_vintage.csv  a row per gemeente: au_van, au_naar, verschil and the four parts\n"
    "  diff_vintage.json the receipt: both models with SHA-256, national sums\n";

static int cmd_diff(int argc, char **argv)
{
    help_command = "diff-vintage";
    const char *files[2] = {NULL, NULL}, *dir = NULL;
    size_t n = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(diff_help, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", a);
            dir = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (n < 2) {
            files[n++] = a;
        } else {
            return usage_error("unexpected argument '%s' (two au-models)", a);
        }
    }
    if (n < 2)
        return usage_error("%s", "give two au-models, FROM.yaml and TO.yaml");
    if (!dir)
        return usage_error("%s", "no output directory given (use -o DIR)");
    ingroei_error err;
    ingroei_au *a = NULL, *b = NULL;
    ingroei_au_diff_summary s;
    ingroei_output_report rep;
    int code = EXIT_OK;
    if (ingroei_au_new(&a, files[0], NULL, &err) != INGROEI_OK ||
        ingroei_au_new(&b, files[1], NULL, &err) != INGROEI_OK ||
        ingroei_au_diff(a, b, dir, &s, &rep, &err) != INGROEI_OK) {
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
    printf("\nwrote to %s:", dir);
    for (size_t i = 0; i < rep.n_files; i++)
        printf(" %s", rep.files[i]);
    printf("\n");
done:
    ingroei_au_free(a);
    ingroei_au_free(b);
    return code;
}

static int cmd_run(int argc, char **argv)
{
    const char *scenario_file = NULL, *resolved = NULL;
    ingroei_output_options opt = INGROEI_OUTPUT_OPTIONS_INIT;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(run_help, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "-g") ||
                   !strcmp(a, "--gemeente") || !strcmp(a, "--gnuplot") ||
                   !strcmp(a, "--csv-dialect") || !strcmp(a, "--write-resolved")) {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", a);
            const char *v = argv[++i];
            if (a[1] == 'o' || !strcmp(a, "--output"))
                opt.dir = v;
            else if (!strcmp(a, "--write-resolved"))
                resolved = v;
            else if (!strcmp(a, "--csv-dialect")) {
                if (parse_csv_dialect(v, &opt.csv_dialect) != EXIT_OK)
                    return EXIT_USAGE;
            } else if (!strcmp(a, "--gnuplot"))
                opt.gnuplot = v;
            else
                opt.gemeente = v;
        } else if (!strcmp(a, "--no-plots")) {
            opt.plots = 0;
        } else if (!strcmp(a, "--xlsx")) {
            opt.xlsx = 1;
        } else if (!strcmp(a, "--html")) {
            opt.html = 1;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (!scenario_file) {
            scenario_file = a;
        } else {
            return usage_error("unexpected argument '%s' (one scenario per run)", a);
        }
    }
    if (!scenario_file)
        return usage_error("%s", "no scenario file given");
    if (!opt.dir)
        return usage_error("%s", "no output directory given (use -o DIR)");

    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    ingroei_output_report rep;
    int code = EXIT_OK;
    if (ingroei_scenario_load(&sc, scenario_file, &err) != INGROEI_OK ||
        ingroei_run_new(&run, sc, &err) != INGROEI_OK ||
        (resolved && ingroei_run_write_resolved(run, resolved, &err) != INGROEI_OK) ||
        ingroei_run_write(run, &opt, &rep, &err) != INGROEI_OK) {
        code = report_error(&err);
        goto done;
    }
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
    printf("\nwrote to %s:", opt.dir);
    for (size_t i = 0; i < rep.n_files; i++)
        printf(" %s", rep.files[i]);
    printf("\n");
    if (rep.plots_skipped)
        fprintf(stderr, "ingroei: %s\n", rep.note);
done:
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    return code;
}

static int cmd_sweep(int argc, char **argv, bool merge)
{
    help_command = "sweep";
    const char *sweep_file = NULL, *dir = NULL;
    ingroei_sweep_options opt = INGROEI_SWEEP_OPTIONS_INIT;
    const char **shards = calloc((size_t)argc + 1, sizeof *shards);
    size_t n_shards = 0;
    if (!shards)
        return EXIT_INTERNAL;
    int code = EXIT_OK;
    for (int i = 0; i < argc && code == EXIT_OK; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(sweep_help, stdout);
            free(shards);
            return EXIT_OK;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "-j") ||
                   !strcmp(a, "--threads") || (!merge && !strcmp(a, "--shard"))) {
            if (i + 1 >= argc) {
                code = usage_error("option %s needs a value", a);
                break;
            }
            const char *v = argv[++i];
            char *end = NULL;
            if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
                dir = v;
            } else if (!strcmp(a, "--shard")) {
                unsigned long k = strtoul(v, &end, 10), n = 0;
                if (end != v && *end == '/')
                    n = strtoul(end + 1, &end, 10);
                if (!end || *end || k < 1 || n < 1 || k > n || n > 100000)
                    code = usage_error("--shard: expected I/N with 1 <= I <= N, got '%s'", v);
                opt.shard = (unsigned)(k - 1);
                opt.shard_count = (unsigned)n;
            } else {
                unsigned long t = strtoul(v, &end, 10);
                if (!*v || *end || t < 1 || t > 64)
                    code = usage_error("--threads: expected 1 to 64, got '%s'", v);
                opt.threads = (unsigned)t;
            }
        } else if (a[0] == '-' && a[1]) {
            code = usage_error("unknown option '%s'", a);
        } else if (!sweep_file) {
            sweep_file = a;
        } else if (merge) {
            shards[n_shards++] = a;
        } else {
            code = usage_error("unexpected argument '%s' (one sweep file)", a);
        }
    }
    if (code == EXIT_OK && !sweep_file)
        code = usage_error("%s", "no sweep file given");
    if (code == EXIT_OK && !dir)
        code = usage_error("%s", "no output directory given (use -o DIR)");
    if (code == EXIT_OK && merge && !n_shards)
        code = usage_error("%s", "no shard directories given");
    if (code != EXIT_OK) {
        free(shards);
        return code;
    }
    ingroei_error err;
    ingroei_sweep *sw = NULL;
    ingroei_output_report rep;
    progress prog;
    progress_start(&prog, "scenarios");
    ingroei_status st = ingroei_sweep_load(&sw, sweep_file, &err);
    if (st == INGROEI_OK && merge) {
        st = ingroei_sweep_merge(sw, shards, n_shards, dir, &rep, &err);
    } else if (st == INGROEI_OK) {
        catch_interrupt();
        opt.dir = dir;
        opt.progress = show_progress;
        opt.progress_context = &prog;
        opt.cancel = &interrupted;
        st = ingroei_sweep_run(sw, &opt, &rep, &err);
    }
    progress_end(&prog);
    if (st != INGROEI_OK) {
        code = st == INGROEI_ERR_CANCELLED ? (fprintf(stderr, "ingroei: stopped; nothing was "
                                                              "written\n"),
                                              EXIT_INTERRUPTED)
                                           : report_error(&err);
    } else {
        size_t total = ingroei_sweep_n_scenarios(sw);
        if (merge)
            printf("merged %zu shards of %zu scenarios into %s:", n_shards, total, dir);
        else
            printf("%zu of %zu scenarios (shard %u/%u) into %s:",
                   (size_t)((unsigned __int128)total * (opt.shard + 1) / opt.shard_count) -
                       (size_t)((unsigned __int128)total * opt.shard / opt.shard_count),
                   total, opt.shard + 1, opt.shard_count, dir);
        for (size_t i = 0; i < rep.n_files; i++)
            printf(" %s", rep.files[i]);
        printf("\n");
    }
    ingroei_sweep_free(sw);
    free(shards);
    return code;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_help, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(main_help, stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("ingroei %s\n", ingroei_version());
        return EXIT_OK;
    }
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 2, argv + 2);
    if (!strcmp(cmd, "bridge"))
        return cmd_bridge(argc - 2, argv + 2);
    if (!strcmp(cmd, "explain"))
        return cmd_explain(argc - 2, argv + 2);
    if (!strcmp(cmd, "compare"))
        return cmd_compare(argc - 2, argv + 2);
    if (!strcmp(cmd, "sweep"))
        return cmd_sweep(argc - 2, argv + 2, false);
    if (!strcmp(cmd, "au"))
        return cmd_au(argc - 2, argv + 2);
    if (!strcmp(cmd, "diff-vintage"))
        return cmd_diff(argc - 2, argv + 2);
    if (!strcmp(cmd, "prorata"))
        return cmd_prorata(argc - 2, argv + 2);
    if (!strcmp(cmd, "verify"))
        return cmd_verify(argc - 2, argv + 2);
    if (!strcmp(cmd, "sweep-merge"))
        return cmd_sweep(argc - 2, argv + 2, true);
    fprintf(stderr, "ingroei: unknown command '%s' (see 'ingroei --help')\n", cmd);
    return EXIT_USAGE;
}
