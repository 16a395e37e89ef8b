/*
 * cmd_prorata.c - `ingroei prorata`: is a regeling's mutation between two circulaires
 * pro rata? Writes the comparison per gemeente and prints the totals.
 */
#include "cli.h"
#include "opt.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const prorata_usage =
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
    "\n";

static const char *const prorata_after =
    "\n"
    "example:\n"
    "  ingroei prorata models/nl/uitkeringen_bw_mo_vo.csv --regeling iu_beschermd_wonen \\\n"
    "    --van 'mei 2024:2025' --naar 'september 2024:2025' -o out/\n";

/* The usage error without DATA.csv, --regeling, --van or --naar. */
static const char needs[] = "give DATA.csv, --regeling, --van and --naar";

/* A vintage of --van or --naar: the circulaire (cut from a copy kept in buf) and the
 * uitkeringsjaar. */
typedef struct vintage {
    char buf[128];
    const char *circulaire;
    int year;
} vintage;

/* "mei 2024:2025" -> circulaire "mei 2024", year 2025; the circulaire is cut from a
 * copy kept in buf. */
static bool parse_vintage(const char *v, char *buf, size_t size, const char **circ, int *year)
{
    const char *colon = strrchr(v, ':');
    if (!colon || colon == v || (size_t)(colon - v) >= size)
        return false;
    long long y;
    if (!parse_whole(colon + 1, 1900, 2200, &y))
        return false;
    memcpy(buf, v, (size_t)(colon - v));
    buf[colon - v] = '\0';
    *circ = buf;
    *year = (int)y;
    return true;
}

/* --van and --naar: "CIRCULAIRE:UITKERINGSJAAR" into the vintage at target. */
static int set_vintage(const char *name, const char *value, void *target)
{
    vintage *v = target;
    (void)name;
    if (!parse_vintage(value, v->buf, sizeof v->buf, &v->circulaire, &v->year))
        return usage_error("'%s': expected CIRCULAIRE:UITKERINGSJAAR, such as 'mei 2024:2025'",
                           value);
    return EXIT_OK;
}

int cmd_prorata(int argc, char **argv)
{
    size_t n_args;
    ingroei_prorata_query q = {0};
    const char *dir = NULL;
    vintage from = {.circulaire = NULL}, to = {.circulaire = NULL};
    const cli_opt opts[] = {
        /* the three inputs before -o: without them, the message asks for them first */
        OPT_REQUIRED(0, "regeling", "R", &q.regeling, NULL, needs,
                     "the regeling, as in DATA.csv (required)"),
        OPT_REQUIRED(0, "van", "CIRCULAIRE:JAAR", &from, set_vintage, needs,
                     "the first vintage: circulaire and uitkeringsjaar (required)"),
        OPT_REQUIRED(0, "naar", "CIRCULAIRE:JAAR", &to, set_vintage, needs,
                     "the second vintage, compared with the first scaled to its\n"
                     "total (required)"),
        OPT_OUTPUT(&dir),
        OPT_HELP_AND_END,
    };
    static const opt_command prorata_command =
        OPT_COMMAND("prorata", prorata_usage, prorata_after, 23, 1, needs, 1,
                    "unexpected argument '%s' (one data file)");
    int code = opt_parse(&prorata_command, opts, argc, argv, &n_args);
    if (code != OPT_GO_ON)
        return code;
    q.data = argv[0];
    q.from_circulaire = from.circulaire;
    q.from_year = from.year;
    q.to_circulaire = to.circulaire;
    q.to_year = to.year;
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
    print_written(dir, &rep);
    return EXIT_OK;
}
