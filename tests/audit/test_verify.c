/* test_verify.c - audit/verify.c (`ingroei verify`): a hand-made begroting table and
 * Analysedata file (tests/verify/) checked against a hand-made au-model of three
 * gemeenten, four maatstaven and uf 1.500, every expected figure computed by hand
 * below; the refusals with file, line and column; the exit statuses of the command. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "audit/audit.h"
#include "ingroei.h"
#include "support/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL       "tests/verify/au_test.yaml"
#define BEGROTING   "tests/verify/begroting_test.csv"
#define ANALYSEDATA "tests/verify/analysedata_test.csv"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = ts_make_temp_dir("verify");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_remove_temp_dir(&dir);
    return 0;
}

static ingroei_status verify(const char *published, int64_t tolerance, const char *out,
                             ingroei_verify_summary *s, ingroei_error *err)
{
    ingroei_verify_query q = {MODEL, published, tolerance, NULL, NULL, NULL, NULL};
    ingroei_output_report rep;
    return ingroei_verify(&q, out, s, &rep, err);
}

/* The counts of a summary: lines gelijk, binnen_tolerantie, afwijkend, niet_getoetst,
 * and gemeenten checked and all equal (afronding and onbekend: expect_more). */
static void expect_counts(const ingroei_verify_summary *s, size_t equal, size_t within, size_t off,
                          size_t unchecked, size_t gemeenten, size_t gemeenten_equal)
{
    assert_int_equal(s->n_lines, equal + within + off + unchecked + s->n_rounding + s->n_unknown);
    assert_int_equal(s->n_equal, equal);
    assert_int_equal(s->n_within, within);
    assert_int_equal(s->n_off, off);
    assert_int_equal(s->n_unchecked, unchecked);
    assert_int_equal(s->n_gemeenten, gemeenten);
    assert_int_equal(s->n_gemeenten_equal, gemeenten_equal);
}

/* Lines afronding and onbekend. */
static void expect_more(const ingroei_verify_summary *s, size_t rounding, size_t unknown)
{
    assert_int_equal(s->n_rounding, rounding);
    assert_int_equal(s->n_unknown, unknown);
}

static char *slurp_in(const char *out, const char *name)
{
    char *path = ts_xprintf("%s/%s", out, name);
    char *text = ts_slurp(path, NULL);
    free(path);
    return text;
}

/* The uitkeringsbasis is round(units x weight), before uf:
 *   GM0001 inwo   10000 x 125.57            = 1255700             published equal
 *   GM0001 ephh   2000.50 x 166.19 = 332463.095 -> 332463     by its omschrijving,
 *                 "Éénpersoonshuishoudens" against "éénpersoonshuishoudens"
 *   GM0002 inwo   25001 x 125.57 = 3139375.57 -> 3139376; the gemeente's own forecast
 *                 of 25201 inhabitants gives 3164489.57 -> 3164490 published: +25114,
 *                 implied volume 3164490 / 125.57 = 25201.0035 -> 25201.00 (+200.00)
 *   GM0002 WOZ    3333333333 x -0.000890 = -2966666.66637 -> -2966667 (" WOZwe80 ")
 *   GM0003 inwo   50 x 125.57 = 6278.5 -> 6279, half away from zero ("gm0003")
 *   GM0003 WOZ    50000 x -0.000890 = -44.5 -> -45
 *   GM0001 inwo   2026: not the model's uitkeringsjaar (2025), not checked
 *   GM0001 vast   1 x 450000.00 = 450000, published 450001: +1, and 450001 / 450000.00
 *                 = 1.0000022 -> 1.00, the circulaire's volume: afronding (a volume
 *                 printed with fewer decimals than were used explains one euro) */
static void begroting_line_by_line(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/begroting", dir);
    ingroei_verify_summary s;
    ingroei_error err;
    assert_int_equal(verify(BEGROTING, 0, out, &s, &err), INGROEI_OK);
    assert_int_equal(s.format, INGROEI_VERIFY_BEGROTING);
    assert_int_equal(s.uitkeringsjaar, 2025);
    assert_int_equal(s.n_lines, 8);
    expect_counts(&s, 5, 0, 1, 1, 3, 1); /* all of GM0003's lines are equal */
    expect_more(&s, 1, 0);
    assert_string_equal(s.best_circulaire, "mei 2024");
    assert_int_equal(s.n_fits, 1);
    assert_true(s.largest_diff == 25114);
    assert_string_equal(s.largest_code, "GM0002");
    assert_string_equal(s.largest_item, "inwo");
    assert_int_equal(s.largest_year, 2025);
    char *csv = slurp_in(out, "verify.csv");
    assert_string_equal(
        csv,
        "regel,gemeentecode,gemeentenaam,label,maatstaf,omschrijving,jaar,eenheden,gewicht,"
        "circulaire,gepubliceerd,verschil,eenheden_gepubliceerd,verschil_eenheden,gelijk_aan,"
        "oordeel,toelichting\n"
        "3,GM0001,Een,inwo,inwo,inwoners,2025,10000.00,125.57,1255700,1255700,0,,,,gelijk,\n"
        "4,GM0001,Een,Éénpersoonshuishoudens,ephh,éénpersoonshuishoudens,2025,2000.50,166.19,"
        "332463,332463,0,,,,gelijk,\n"
        "5,GM0002,Twee,inwo,inwo,inwoners,2025,25001.00,125.57,3139376,3164490,25114,25201.00,"
        "200.00,,afwijkend,\n"
        "6,GM0002,Twee, WOZwe80 ,WOZwe80,ozb woningen eigenaren,2025,3333333333.00,-0.000890,"
        "-2966667,-2966667,0,,,,gelijk,\n"
        "7,GM0003,Drie,inwo,inwo,inwoners,2025,50.00,125.57,6279,6279,0,,,,gelijk,\n"
        "8,GM0003,Drie,ozb woningen eigenaren,WOZwe80,ozb woningen eigenaren,2025,50000.00,"
        "-0.000890,-45,-45,0,,,,gelijk,\n"
        "9,GM0001,Een,inwo,,,2026,,,,1270000,,,,,niet_getoetst,\"uitkeringsjaar 2026 is not in "
        "the circulaire (mei 2024, uitkeringsjaar 2025)\"\n"
        "10,GM0001,Een,vast,vast,vast bedrag,2025,1.00,450000.00,450000,450001,1,1.00,0.00,,"
        "afronding,off by 1 euro: the implied volume rounds to the circulaire's\n");
    free(csv);
    char *json = slurp_in(out, "verify.json");
    assert_non_null(strstr(json, "\"format\": \"begroting\""));
    assert_non_null(strstr(json, "\"tolerance\": 0,"));
    assert_non_null(strstr(json, "\"niet_getoetst\": 1,"));
    assert_non_null(strstr(json, "\"grootste_verschil\": {\"gemeente\": \"GM0002\", "
                                 "\"maatstaf\": \"inwo\", \"jaar\": 2025, \"euro\": 25114}"));
    /* the SHA-256 of the published file as read */
    char *bytes;
    size_t len;
    bytes = ts_slurp(BEGROTING, &len);
    char hex[65];
    ig_sha256_hex(bytes, len, hex);
    assert_non_null(strstr(json, hex));
    free(bytes);

    assert_non_null(strstr(json, "\"best_circulaire\": \"mei 2024\""));
    assert_non_null(strstr(json, "\"counts\": {\"gelijk\": 5, \"afronding\": 1, "
                                 "\"binnen_tolerantie\": 0, \"afwijkend\": 1, \"onbekend\": 0, "
                                 "\"niet_getoetst\": 1}"));
    free(json);

    /* A tolerance does not hide the cause: the vast line stays afronding, a 2-euro
     * difference is binnen_tolerantie; GM0002's is still off. */
    assert_int_equal(verify(BEGROTING, 30000, out, &s, &err), INGROEI_OK);
    expect_counts(&s, 5, 1, 0, 1, 3, 1);
    expect_more(&s, 1, 0);
    csv = slurp_in(out, "verify.csv");
    assert_non_null(strstr(csv, ",450000,450001,1,1.00,0.00,,afronding,"));
    assert_non_null(strstr(csv, ",25114,25201.00,200.00,,binnen_tolerantie,\n"));
    free(csv);
    free(out);
}

/* tests/verify/begroting_nl_breed.csv: ';', a byte-order mark, thousands dots, a
 * decimal comma, printed labels, two year columns, the gemeente given once ("twee"), a
 * row with dashes for nil (no lines):
 *   inwo   3164490: GM0002's own forecast (see above), afwijkend, 25201.00 (+200.00)
 *   ephh   5003 x 166.19 = 831448.57 -> 831449, by "EENPERSOONS-HUISHOUDENS": gelijk
 *   WOZ    -2966667 by "OZB woningen (eigenaren)": gelijk
 *   vast   "450.000,00" = 450000: gelijk
 *   2026   four lines niet_getoetst */
static void begroting_as_printed(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/breed", dir);
    ingroei_verify_query q = {MODEL, "tests/verify/begroting_nl_breed.csv", 0, NULL, "twee", NULL, NULL};
    ingroei_verify_summary s;
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_OK);
    expect_counts(&s, 3, 0, 1, 4, 1, 0);
    expect_more(&s, 0, 0);
    char *csv = slurp_in(out, "verify.csv");
    assert_non_null(strstr(csv, "3,GM0002,Twee,Inwoners,inwo,inwoners,2025,25001.00,125.57,3139376,"
                                "3164490,25114,25201.00,200.00,,afwijkend,\n"));
    assert_non_null(strstr(csv, "4,GM0002,Twee,EENPERSOONS-HUISHOUDENS,ephh,"
                                "éénpersoonshuishoudens,2025,5003.00,166.19,831449,831449,0,,,,"
                                "gelijk,\n"));
    assert_non_null(strstr(csv, "5,GM0002,Twee,OZB woningen (eigenaren),WOZwe80,"));
    assert_non_null(strstr(csv, "6,GM0002,Twee,Vast bedrag,vast,vast bedrag,2025,1.00,450000.00,"
                                "450000,450000,0,,,,gelijk,\n"));
    assert_non_null(strstr(csv, "6,GM0002,Twee,Vast bedrag,,,2026,,,,450000,,,,,niet_getoetst,"));
    free(csv);
    /* Without --gemeente the table names none. */
    q.gemeente = NULL;
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_ERR_DATA);
    assert_non_null(strstr(err.message, "missing column 'gemeentecode'"));
    /* A name that is not there: the nearest are named. */
    q.gemeente = "Tweede";
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_ERR_USAGE);
    assert_non_null(strstr(err.message, "--gemeente 'Tweede' is not a gemeente of"));
    assert_non_null(strstr(err.message, "did you mean Twee (GM0002)"));
    free(out);
}

/* Writes `text` as a begroting table and expects it refused at line:column, with
 * `needle` in the message and no output directory made. */
static void refused(const char *text, int line, int column, const char *needle)
{
    const char *file = ts_write_in(dir, "bad.csv", text, strlen(text));
    char *path = ts_strdup(file);
    char *out = ts_xprintf("%s/never", dir);
    ingroei_verify_summary s;
    ingroei_error err;
    memset(&err, 0, sizeof err);
    ingroei_verify_query q = {MODEL, path, 0, NULL, NULL, NULL, NULL};
    ingroei_output_report rep;
    ingroei_status st = ingroei_verify(&q, out, &s, &rep, &err);
    if (st != INGROEI_ERR_DATA || err.line != line || err.column != column ||
        !strstr(err.message, needle) || strcmp(err.file, path) != 0)
        fail_msg("status %d, %s:%d:%d: %s (want %d:%d '%s')", st, err.file, err.line, err.column,
                 err.message, line, column, needle);
    assert_false(ts_exists(out));
    free(out);
    free(path);
}

static void begroting_refusals(void **state)
{
    (void)state;
    static const char head[] = "gemeentecode,maatstaf,jaar,bedrag\n";
    char *t = ts_xprintf("%sGM0009,inwo,2025,1\n", head);
    refused(t, 2, 1, "'GM0009' is not a gemeente of");
    free(t);
    t = ts_xprintf("%sGM0001,inwo,2025,\"1.255.70\"\n", head);
    refused(t, 2, 18, "bedrag: expected whole euros");
    free(t);
    t = ts_xprintf("%sGM0001,inwo,2025,12.5\n", head);
    refused(t, 2, 18, "bedrag: expected whole euros");
    free(t);
    t = ts_xprintf("%sGM0001,inwo,volgend jaar,1\n", head);
    refused(t, 2, 13, "jaar: expected a year");
    free(t);
    t = ts_xprintf("%sGM0001,inwo,2025,1\nGM0001,inwoners,2025,2\n", head);
    refused(t, 3, 0, "GM0001, maatstaf inwo, 2025 is listed twice (also on line 2)");
    free(t);
    refused("gemeentecode,maatstaf,bedrag\nGM0001,inwo,1\n", 1, 0, "missing column 'jaar'");
    refused("maatstaf,jaar,bedrag\ninwo,2025,1\n", 1, 0,
            "missing column 'gemeentecode' in the header (or give the gemeente");
    refused(head, 1, 0, "no lines to check");
    /* Every problem at once, the first giving the position, the others file:line:col. */
    t = ts_xprintf("%sGM0001,inwo,2025,\"1.2.3\"\nGM0001,inwo,20x5,5\nGM0009,ephh,2025,5\n", head);
    refused(t, 2, 18, "bedrag: expected whole euros (such as 1069297 or 1.069.297), got '1.2.3'");
    const char *file = ts_write_in(dir, "bad.csv", t, strlen(t));
    char *want = ts_xprintf("\n%s:3:13: jaar: expected a year such as 2025, got '20x5'\n"
                            "%s:4:1: 'GM0009' is not a gemeente of",
                            file, file);
    ingroei_verify_query q = {MODEL, file, 0, NULL, NULL, NULL, NULL};
    ingroei_verify_summary s;
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(ingroei_verify(&q, dir, &s, &rep, &err), INGROEI_ERR_DATA);
    if (!strstr(err.message, want))
        fail_msg("'%s' lacks '%s'", err.message, want);
    free(want);
    free(t);
}

/* Labels that name no maatstaf, or more than one, are onbekend, listed with the nearest
 * maatstaven; an amount that is exactly another maatstaf's says so. */
static void begroting_unknown_labels(void **state)
{
    (void)state;
    static const char table[] = "gemeentecode,maatstaf,jaar,bedrag\n"
                                "GM0001,inwoners 65+,2025,5\n"
                                "GM0001,eenpersoons-huishoudens,2025,1255700\n"
                                "GM0001,Totaal,2025,1588163\n";
    const char *file = ts_write_in(dir, "unknown.csv", table, strlen(table));
    char *path = ts_strdup(file);
    char *out = ts_xprintf("%s/unknown", dir);
    ingroei_verify_query q = {MODEL, path, 0, NULL, NULL, NULL, NULL};
    ingroei_verify_summary s;
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_OK);
    expect_counts(&s, 0, 0, 1, 0, 1, 0);
    expect_more(&s, 0, 2);
    char *csv = slurp_in(out, "verify.csv");
    /* "inwoners 65+" folds to "inwoners 65", which contains "inwoners" */
    assert_non_null(strstr(csv, "2,GM0001,Een,inwoners 65+,,,2025,,,,5,,,,,onbekend,\"'inwoners "
                                "65+' names no maatstaf; nearest: inwo (inwoners),"));
    /* the label says ephh, the amount is inwo's exactly */
    assert_non_null(strstr(csv, "3,GM0001,Een,eenpersoons-huishoudens,ephh,"
                                "éénpersoonshuishoudens,2025,2000.50,166.19,332463,1255700,"
                                "923237,7555.81,5555.31,inwo,afwijkend,the amount is exactly that "
                                "of maatstaf inwo (inwoners)\n"));
    assert_non_null(strstr(csv, "4,GM0001,Een,Totaal,,,2025,,,,1588163,,,,,onbekend,"));
    free(csv);
    char *want = ts_xprintf("%s:2:8: 'inwoners 65+' names no maatstaf; nearest: inwo", path);
    if (!strstr(s.problems, want))
        fail_msg("problems '%s' lack '%s'", s.problems, want);
    free(want);

    /* Ambiguous: a model in which one maatstaf's omschrijving is another's code. */
    static const char weights[] = "code,omschrijving,A,totaal,volume_kolom\n"
                                  "inw,inwoners,1.00,1.00,inw\n"
                                  "kern,INW,2.00,2.00,kern\n";
    static const char volumes[] = "gemeentecode,gemeentenaam,inw,kern\nGM0001,Een,10,2\n";
    static const char model[] = "model: 1\nkind: au-model\nname: ambigu\ncirculaire: mei 2024\n"
                                "uitkeringsjaar: 2025\nvolumes: v.csv\nweights: w.csv\n"
                                "uitkeringsfactor: 1.000\nuitkeringsfactor_source: test\n"
                                "unscaled_maatstaven: []\nsource: test\n";
    const char *sub = dir;
    ts_write_in(sub, "w.csv", weights, strlen(weights));
    ts_write_in(sub, "v.csv", volumes, strlen(volumes));
    char *m = ts_strdup(ts_write_in(sub, "ambigu.yaml", model, strlen(model)));
    static const char amb[] = "gemeentecode,maatstaf,jaar,bedrag\nGM0001,Inw,2025,10\n";
    char *p = ts_strdup(ts_write_in(sub, "ambigu.csv", amb, strlen(amb)));
    q.model = m;
    q.published = p;
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_OK);
    expect_more(&s, 0, 1);
    if (!strstr(s.problems, ":2:8: 'Inw' names more than one maatstaf: inw (inwoners), "
                            "kern (INW); the amount is exactly that of maatstaf inw (inwoners)\n"))
        fail_msg("problems: '%s'", s.problems);
    free(m);
    free(p);
    free(out);
    free(path);
}

/* The Analysedata fixture, after uf 1.5 and without the vast bedrag (450000.00 per
 * gemeente: 400000 in Sport, 50000 in OZB, x 1.5 = 600000 and 75000, 675000 in all):
 *   GM0001 Totaal: lines 1883550 + 498694.6425 -> 498695 + 675000 - 1335000 = 1722245;
 *          theirs 1047244.6425 -> 1047245: verschil -675000, all of it the vast bedrag
 *   GM0002 Sport: inwo 958913.355 -> 958913 + vast 600000 = 1558913; theirs 10 euro more
 *          than the circulaire gives (958923.355): rest 10, afwijkend
 *   GM0002 Totaal: 4709063.355 -> 4709063, 1247172.855 -> 1247173, 675000,
 *          -2966666.66637 -> -2966667: 3664569; unrounded without vast 2989569.54363 ->
 *          2989570, so the per-line rounding is -1 (shown as +1: the publication is
 *          the higher); theirs 2989580 = 2989570 + their 10: verschil -674989 =
 *          -675000 + 1 + 10
 *   GM0003 is not in the file: niet_getoetst.
 *   Nederland: theirs lacks GM0003 (11990.7425 unrounded), so the national rest of the
 *          Totaal is -11991 + 10 = -11981. */
static void analysedata_explains_the_vast_bedrag(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/analysedata", dir);
    ingroei_verify_summary s;
    ingroei_error err;
    assert_int_equal(verify(ANALYSEDATA, 0, out, &s, &err), INGROEI_OK);
    assert_int_equal(s.format, INGROEI_VERIFY_ANALYSEDATA);
    assert_int_equal(s.n_lines, 13);
    expect_counts(&s, 6, 0, 6, 1, 2, 1);
    assert_true(s.vast_total == 1350000);
    assert_true(s.largest_diff == 10);
    assert_string_equal(s.largest_code, "GM0002");
    assert_string_equal(s.largest_item, "Sport cultuur en recreatie");
    char *csv = slurp_in(out, "verify.csv");
    assert_string_equal(
        csv,
        "regel,gemeentecode,gemeentenaam,onderdeel,circulaire,gepubliceerd,gepubliceerd_euro,"
        "verschil,waarvan_vast_bedrag,waarvan_afronding,rest,oordeel,toelichting\n"
        "2,GM0001,Een,Sociale basisvoorzieningen,1998695,1998694.64250,1998695,0,0,0,0,gelijk,\n"
        "2,GM0001,Een,Sport cultuur en recreatie,983550,383550.000,383550,-600000,-600000,0,0,"
        "gelijk,\n"
        "2,GM0001,Een,Onroerendezaakbelasting,-1260000,-1335000.000000,-1335000,-75000,-75000,0,"
        "0,gelijk,\n"
        "2,GM0001,Een,Totaal,1722245,1047244.642500,1047245,-675000,-675000,0,0,gelijk,\n"
        "3,GM0002,Twee,Sociale basisvoorzieningen,4997323,4997322.855,4997323,0,0,0,0,gelijk,\n"
        "3,GM0002,Twee,Sport cultuur en recreatie,1558913,958923.355,958923,-599990,-600000,0,10,"
        "afwijkend,\n"
        "3,GM0002,Twee,Onroerendezaakbelasting,-2891667,-2966666.666370,-2966667,-75000,-75000,"
        "0,0,gelijk,\n"
        "3,GM0002,Twee,Totaal,3664569,2989579.543630,2989580,-674989,-675000,1,10,afwijkend,\n"
        ",GM0003,Drie,Totaal,686990,,,,,,,niet_getoetst,the gemeente is not in the published "
        "file\n"
        "4,,Nederland,Sociale basisvoorzieningen,7006135,6996017.49750,6996017,-10118,0,0,-10118,"
        "afwijkend,\n"
        "4,,Nederland,Sport cultuur en recreatie,3144381,1342473.355,1342473,-1801908,-1800000,0,"
        "-1908,afwijkend,\n"
        "4,,Nederland,Onroerendezaakbelasting,-4076712,-4301666.666370,-4301667,-224955,-225000,"
        "1,44,afwijkend,\n"
        "4,,Nederland,Totaal,6073804,4036824.186130,4036824,-2036980,-2025000,1,-11981,"
        "afwijkend,\n");
    free(csv);
    char *json = slurp_in(out, "verify.json");
    assert_non_null(strstr(json, "\"format\": \"analysedata\""));
    assert_non_null(strstr(json, "\"vast_bedrag\": 1350000,"));
    free(json);

    /* Another maatstaf named as the one left out: then the vast bedrag is part of the
     * rest and GM0001's Totaal is off by it. */
    ingroei_verify_query q = {MODEL, ANALYSEDATA, 0, "ephh", NULL, NULL, NULL};
    ingroei_output_report rep;
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_OK);
    csv = slurp_in(out, "verify.csv");
    assert_non_null(strstr(csv, "2,GM0001,Een,Totaal,1722245,1047244.642500,1047245,-675000,"
                                "-498695,0,-176305,afwijkend,\n"));
    free(csv);
    q.vast_maatstaf = "geen";
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_ERR_DATA);
    assert_non_null(strstr(err.message, "no maatstaf 'geen'"));
    free(out);
}

static void analysedata_refusals(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/never", dir);
    static const char unknown[] =
        ";Gemeenten;Sociale basisvoorzieningen;Sport, cultuur en recreatie;"
        "Onroerendezaakbelasting;Totaal\n0;Een;1;2;3;6\n1;Vier;1;2;3;6\n";
    char *p = ts_strdup(ts_write_in(dir, "a.csv", unknown, strlen(unknown)));
    ingroei_verify_query q = {MODEL, p, 0, NULL, NULL, NULL, NULL};
    ingroei_verify_summary s;
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_ERR_DATA);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 3);
    assert_non_null(strstr(err.message, "'Vier' is not a gemeente"));
    free(p);
    static const char column[] = ";Gemeenten;Sociale basisvoorzieningen;Jeugd;"
                                 "Onroerendezaakbelasting;Totaal\n0;Een;1;2;3;6\n";
    p = ts_strdup(ts_write_in(dir, "a.csv", column, strlen(column)));
    q.published = p;
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_ERR_DATA);
    assert_non_null(strstr(err.message, "column 4 'Jeugd' is not a cluster of the model"));
    free(p);
    static const char number[] =
        ";Gemeenten;Sociale basisvoorzieningen;Sport, cultuur en recreatie;"
        "Onroerendezaakbelasting;Totaal\n0;Een;1;twee;3;6\n";
    p = ts_strdup(ts_write_in(dir, "a.csv", number, strlen(number)));
    q.published = p;
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_ERR_DATA);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 9);
    free(p);
    assert_false(ts_exists(out));
    free(out);
}

static int cli(const char *published, const char *out, const char *tolerance, char **err)
{
    const char *args[] = {"verify",  MODEL, published, "-o", out, tolerance ? "--tolerance" : NULL,
                          tolerance, NULL};
    return ts_run_cli(args, NULL, err);
}

/* Exit statuses: 0 all checked and equal, 5 a line off, 6 none off but some not
 * checked, 1 bad input (nothing written), 2 wrong usage. */
static void exit_statuses(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/cli", dir);
    static const char equal[] = "gemeentecode,maatstaf,jaar,bedrag\n"
                                "GM0001,inwo,2025,1255700\nGM0003,inwo,2025,6279\n";
    char *p = ts_strdup(ts_write_in(dir, "equal.csv", equal, strlen(equal)));
    assert_int_equal(cli(p, out, NULL, NULL), 0);
    char *first = slurp_in(out, "verify.csv");
    assert_int_equal(cli(BEGROTING, out, NULL, NULL), 5);
    assert_int_equal(cli(BEGROTING, out, "30000", NULL), 6); /* all within; 2026 unchecked */
    static const char unchecked[] = "gemeentecode,maatstaf,jaar,bedrag\n"
                                    "GM0001,inwo,2025,1255700\nGM0001,inwo,2026,1\n";
    char *u = ts_strdup(ts_write_in(dir, "unchecked.csv", unchecked, strlen(unchecked)));
    assert_int_equal(cli(u, out, NULL, NULL), 6);
    assert_int_equal(cli(p, out, NULL, NULL), 0);
    /* A failing run leaves the last results as they were. */
    static const char bad[] = "gemeentecode,maatstaf,jaar,bedrag\n"
                              "GM0001,inwo,2025,1255700\nGM0001,inwoners 65+,twee,5\n";
    char *b = ts_strdup(ts_write_in(dir, "bad_cli.csv", bad, strlen(bad)));
    char *err = NULL;
    assert_int_equal(cli(b, out, NULL, &err), 1);
    char *want = ts_xprintf("ingroei: %s:3:21: jaar: expected a year", b);
    assert_non_null(strstr(err, want));
    free(want);
    free(err);
    char *after = slurp_in(out, "verify.csv");
    assert_string_equal(first, after);
    free(after);
    /* An onbekend label is not bad input: the line is listed, and not explained. */
    static const char unknown[] = "gemeentecode,maatstaf,jaar,bedrag\n"
                                  "GM0001,inwo,2025,1255700\nGM0001,inwoners 65+,2025,5\n";
    char *k = ts_strdup(ts_write_in(dir, "unknown_cli.csv", unknown, strlen(unknown)));
    char *outp = NULL;
    const char *args[] = {"verify", MODEL, k, "-o", out, NULL};
    assert_int_equal(ts_run_cli(args, NULL, &outp), 5);
    want = ts_xprintf("ingroei: %s:3:8: onbekend: 'inwoners 65+' names no maatstaf; nearest: "
                      "inwo (inwoners)",
                      k);
    assert_non_null(strstr(outp, want));
    free(want);
    free(outp);
    free(k);
    err = NULL;
    assert_int_equal(cli(p, out, "-1", &err), 2);
    assert_non_null(strstr(err, "--tolerance must be a whole number"));
    free(err);
    assert_int_equal(cli(p, out, "0.5", NULL), 2);
    assert_int_equal(cli(ANALYSEDATA, out, NULL, NULL), 5);
    free(first);
    free(b);
    free(u);
    free(p);
    free(out);
}

/* The shipped model of mei 2024 -> 2024 against the begrotingsanalysetool's own
 * Analysedata file, when the shared data are there (they are not committed): every
 * gemeente equal after the vast bedrag, 1388627 euro each (982055.84 x 1.414). */
static void shipped_model_against_analysedata(void **state)
{
    (void)state;
    /* where tools/import reads the raw files from: ../shared/data/raw beside the
     * repository (the tests run from its root) */
    const char *path = "../shared/data/raw/"
                       "michielsd-begrotingsanalysetool__Analysedata_GF_GF_M2024_2024.csv";
    if (!ts_exists(path))
        skip();
    char *out = ts_xprintf("%s/m2024", dir);
    ingroei_verify_query q = {
        "models/nl/gemeentefonds/au_mei2024_2024.yaml", path, 0, NULL, NULL, NULL, NULL};
    ingroei_verify_summary s;
    ingroei_output_report rep;
    ingroei_error err;
    assert_int_equal(ingroei_verify(&q, out, &s, &rep, &err), INGROEI_OK);
    expect_counts(&s, 343 * 13, 0, 0, 0, 342, 342);
    assert_true(s.vast_total == INT64_C(1388627) * 342);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(begroting_line_by_line),
        cmocka_unit_test(begroting_refusals),
        cmocka_unit_test(begroting_unknown_labels),
        cmocka_unit_test(begroting_as_printed),
        cmocka_unit_test(analysedata_explains_the_vast_bedrag),
        cmocka_unit_test(analysedata_refusals),
        cmocka_unit_test(exit_statuses),
        cmocka_unit_test(shipped_model_against_analysedata),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
