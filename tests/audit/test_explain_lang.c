/*
 * test_explain_lang.c - the explanation of one allocation in a language
 * (ingroei_run_explain_lang, audit/explain.c): in English it is ingroei_run_explain's text and
 * JSON byte for byte; in Dutch it has the same steps with the same keys and the same
 * numbers, every label in Dutch words (not the English one), the headings, title and
 * notice in Dutch, and Dutch separators in the text. For every example scenario, and a
 * gemeente held at its cap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "audit/audit.h"
#include "support/support.h"

#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One step of a JSON explanation: its key, label and value as written (a text value
 * with its quotes). */
typedef struct step {
    char key[128], label[512], value[512];
} step;

/* Copies the JSON string starting after its opening quote at *p into out (escapes kept
 * as written) and moves *p past its closing quote. */
static void read_string(const char **p, char *out, size_t size)
{
    size_t k = 0;
    const char *s = *p;
    while (*s && *s != '"') {
        if (*s == '\\' && s[1]) {
            if (k + 1 < size)
                out[k++] = *s;
            s++;
        }
        if (k + 1 < size)
            out[k++] = *s;
        s++;
    }
    assert_int_equal(*s, '"');
    out[k] = '\0';
    *p = s + 1;
}

/* The steps of a JSON explanation, in order; their number in *n. */
static step *steps_of(const char *json, size_t *n)
{
    size_t cap = 256;
    step *st = calloc(cap, sizeof *st);
    assert_non_null(st);
    *n = 0;
    for (const char *p = strstr(json, "{\"key\": \""); p; p = strstr(p, "{\"key\": \"")) {
        assert_true(*n < cap);
        step *s = &st[(*n)++];
        p += strlen("{\"key\": \"");
        read_string(&p, s->key, sizeof s->key);
        assert_true(strncmp(p, ", \"label\": \"", 12) == 0);
        p += 12;
        read_string(&p, s->label, sizeof s->label);
        assert_true(strncmp(p, ", \"value\": ", 11) == 0);
        p += 11;
        if (*p == '"') {
            p++;
            s->value[0] = '"';
            read_string(&p, s->value + 1, sizeof s->value - 1);
        } else {
            size_t k = strcspn(p, ",}");
            assert_true(k < sizeof s->value);
            memcpy(s->value, p, k);
            s->value[k] = '\0';
        }
    }
    return st;
}

/* A whole number with Dutch thousands separators: 37704002 -> "37.704.002". */
static void nl_grouped(long long v, char *out, size_t size)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
    size_t n = strlen(digits), k = 0;
    if (v < 0)
        out[k++] = '-';
    for (size_t i = 0; i < n && k + 2 < size; i++) {
        if (i && (n - i) % 3 == 0)
            out[k++] = '.';
        out[k++] = digits[i];
    }
    out[k] = '\0';
}

/* The English and the Dutch explanation of `gemeente` in `year` of `run`. */
static void check_one(const ingroei_run *run, const char *gemeente, int year)
{
    ingroei_error err;
    char *en_text = NULL, *en_json = NULL, *ref_text = NULL, *ref_json = NULL, *nl_text = NULL,
         *nl_json = NULL;
    assert_int_equal(ingroei_run_explain(run, gemeente, year, INGROEI_TEXT, &ref_text, &err),
                     INGROEI_OK);
    assert_int_equal(ingroei_run_explain(run, gemeente, year, INGROEI_JSON, &ref_json, &err),
                     INGROEI_OK);
    assert_int_equal(
        ingroei_run_explain_lang(run, gemeente, year, INGROEI_TEXT, INGROEI_EN, &en_text, &err),
        INGROEI_OK);
    assert_int_equal(
        ingroei_run_explain_lang(run, gemeente, year, INGROEI_JSON, INGROEI_EN, &en_json, &err),
        INGROEI_OK);
    /* English: `ingroei explain`'s bytes */
    assert_string_equal(en_text, ref_text);
    assert_string_equal(en_json, ref_json);
    assert_int_equal(
        ingroei_run_explain_lang(run, gemeente, year, INGROEI_TEXT, INGROEI_NL, &nl_text, &err),
        INGROEI_OK);
    assert_int_equal(
        ingroei_run_explain_lang(run, gemeente, year, INGROEI_JSON, INGROEI_NL, &nl_json, &err),
        INGROEI_OK);

    /* Dutch JSON: the same steps, keys and numbers; every label in other words, but for
     * the few that are the same in both languages */
    size_t n_en = 0, n_nl = 0;
    step *en = steps_of(en_json, &n_en), *nl = steps_of(nl_json, &n_nl);
    assert_true(n_en > 20);
    assert_int_equal(n_en, n_nl);
    static const char *const same[] = {"scenario", "budget"};
    for (size_t i = 0; i < n_en; i++) {
        assert_string_equal(en[i].key, nl[i].key);
        bool worded = en[i].value[0] == '"' &&
                      (!strcmp(en[i].key, "cap") || !strcmp(en[i].key, "cap.reference") ||
                       !strcmp(en[i].key, "cap.state"));
        if (worded) /* a value the explanation words itself */
            assert_string_not_equal(en[i].value, nl[i].value);
        else
            assert_string_equal(en[i].value, nl[i].value);
        bool alike = false;
        for (size_t k = 0; k < sizeof same / sizeof *same; k++)
            alike = alike || !strcmp(en[i].key, same[k]);
        if (!alike && strcmp(en[i].label, nl[i].label) == 0)
            fail_msg("step %s has the English label '%s' in Dutch", en[i].key, en[i].label);
    }
    /* the notice of the model stays the model's own in the JSON */
    const char *note = strstr(en_json, "\"notice\"");
    if (note)
        assert_non_null(strstr(nl_json, note));

    /* Dutch text: Dutch title, headings, separators and notice; none of the English
     * words (the sources are the files' own words, some English: not checked) */
    assert_non_null(strstr(nl_text, "de toekenning en hoe die ontstaat\n"));
    assert_non_null(strstr(nl_text, "\nInvoer\n"));
    assert_non_null(strstr(nl_text, "\nToekenning\n"));
    assert_non_null(strstr(nl_text, "\nTer vergelijking\n"));
    static const char *const english[] = {"the allocation and how it is made", "\nInputs\n",
                                          "ALLOCATION", "For comparison", "source:", "NOTE:",
                                          "unrounded", "rounded down", "held at its",
                                          "\n  historical share", "\nHistorical key"};
    for (size_t k = 0; k < sizeof english / sizeof *english; k++)
        if (strstr(nl_text, english[k]))
            fail_msg("the Dutch text of %s %d has '%s'", gemeente, year, english[k]);
    size_t alloc = 0;
    while (alloc < n_en && strcmp(en[alloc].key, "allocation") != 0)
        alloc++;
    assert_true(alloc < n_en);
    char grouped[64], *line = NULL;
    nl_grouped(strtoll(en[alloc].value, NULL, 10), grouped, sizeof grouped);
    line = ts_xprintf("  TOEKENNING %d: %s euro\n", year, grouped);
    if (!strstr(nl_text, line))
        fail_msg("no line '%s' in the Dutch text", line);
    free(line);
    if (note)
        assert_non_null(strstr(nl_text, "\nLET OP: De offici\u00eble maatstaven"));
    free(en);
    free(nl);
    ingroei_string_free(ref_text);
    ingroei_string_free(ref_json);
    ingroei_string_free(en_text);
    ingroei_string_free(en_json);
    ingroei_string_free(nl_text);
    ingroei_string_free(nl_json);
}

static void test_every_scenario(void **state)
{
    (void)state;
    glob_t files;
    assert_int_equal(glob("scenarios/*.yaml", 0, NULL, &files), 0);
    assert_true(files.gl_pathc >= 5);
    for (size_t i = 0; i < files.gl_pathc; i++) {
        ingroei_error err;
        ingroei_scenario *sc = NULL;
        ingroei_run *run = NULL;
        assert_int_equal(ingroei_scenario_load(&sc, files.gl_pathv[i], &err), INGROEI_OK);
        assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
        const int last = sc->last_year;
        check_one(run, "Zwolle", last);
        check_one(run, "GM0363", sc->first_year + 3);
        check_one(run, "Vlissingen", last - 2);
        ingroei_run_free(run);
        ingroei_scenario_free(sc);
    }
    globfree(&files);
}

/* A gemeente held at its loss cap (herijking_cap, Vlissingen 2026), in the cumulative
 * period (2024), and held by ratio limits (garantie_90_120, Zwolle 2031): the Dutch
 * words of the cap's state and its limits. */
static void test_cap_in_dutch(void **state)
{
    (void)state;
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    char *text = NULL;
    assert_int_equal(ingroei_scenario_load(&sc, "scenarios/herijking_cap.yaml", &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
    check_one(run, "Vlissingen", 2026);
    check_one(run, "Vlissingen", 2024);
    assert_int_equal(
        ingroei_run_explain_lang(run, "Vlissingen", 2026, INGROEI_TEXT, INGROEI_NL, &text, &err),
        INGROEI_OK);
    assert_non_null(strstr(text, "  deze gemeente in 2026: op haar verliesplafond gehouden\n"));
    assert_non_null(strstr(text, "  ondergrens: de toekenning is ten minste: "));
    assert_non_null(strstr(text, "(tot het laatste cijfer)"));
    assert_non_null(strstr(text, "lineair pad: clamp((2026 - 2022 + 1) / 10, 0, 1)"));
    ingroei_string_free(text);
    assert_int_equal(
        ingroei_run_explain_lang(run, "Vlissingen", 2024, INGROEI_TEXT, INGROEI_NL, &text, &err),
        INGROEI_OK);
    assert_non_null(strstr(text, "grootste toegestane verlies per inwoner, cumulatief: 37,50 euro"));
    ingroei_string_free(text);
    ingroei_run_free(run);
    ingroei_scenario_free(sc);

    assert_int_equal(ingroei_scenario_load(&sc, "scenarios/garantie_90_120.yaml", &err),
                     INGROEI_OK);
    assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
    check_one(run, "Zwolle", 2031);
    assert_int_equal(
        ingroei_run_explain_lang(run, "Zwolle", 2031, INGROEI_TEXT, INGROEI_NL, &text, &err),
        INGROEI_OK);
    assert_non_null(strstr(text, "kleinste toegestane aandeel van de referentie: 0,9000\n"));
    assert_non_null(strstr(text, "ondergrens van de verhouding, in euro's: "));
    ingroei_string_free(text);
    /* a year that is not the scenario's: the same refusal as in English */
    assert_int_equal(
        ingroei_run_explain_lang(run, "Zwolle", 2040, INGROEI_TEXT, INGROEI_NL, &text, &err),
        INGROEI_ERR_USAGE);
    assert_null(text);
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
}

/* The first field of each line of a CSV without quotes in it up to its first comma:
 * the stap column of explain.csv. */
static void first_fields(const char *csv, char out[][128], size_t cap, size_t *n)
{
    *n = 0;
    for (const char *p = csv; *p;) {
        const char *nl = strchr(p, '\n'), *comma = strchr(p, ',');
        assert_non_null(nl);
        assert_true(comma && comma < nl && *n < cap && (size_t)(comma - p) < 128);
        memcpy(out[*n], p, (size_t)(comma - p));
        out[(*n)++][comma - p] = '\0';
        p = nl + 1;
    }
}

/* explain -o in Dutch (ingroei_run_explain_write_lang): explain.json is the Dutch JSON
 * explanation byte for byte, explain.csv has the same rows (steps in the same order) as
 * the English one with each step's Dutch label in omschrijving; in English it is
 * ingroei_run_explain_write's set; the command line's --lang nl -o writes the same. */
static void test_files_in_dutch(void **state)
{
    (void)state;
    ingroei_error err;
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    assert_int_equal(ingroei_scenario_load(&sc, "scenarios/herijking_cap.yaml", &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
    char *dir_ref = ts_xprintf("%s/ref", ts_tmpdir), *dir_en = ts_xprintf("%s/en", ts_tmpdir),
         *dir_nl = ts_xprintf("%s/nl", ts_tmpdir), *dir_cli = ts_xprintf("%s/cli", ts_tmpdir);
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.dir = dir_ref;
    assert_int_equal(ingroei_run_explain_write(run, "Vlissingen", 2026, &o, NULL, &err), INGROEI_OK);
    o.dir = dir_en;
    assert_int_equal(
        ingroei_run_explain_write_lang(run, "Vlissingen", 2026, INGROEI_EN, &o, NULL, &err),
        INGROEI_OK);
    o.dir = dir_nl;
    assert_int_equal(
        ingroei_run_explain_write_lang(run, "Vlissingen", 2026, INGROEI_NL, &o, NULL, &err),
        INGROEI_OK);
    assert_int_equal(
        ingroei_run_explain_write_lang(run, "Vlissingen", 2026, (ingroei_lang)7, &o, NULL, &err),
        INGROEI_ERR_USAGE);
    char *nl_json = &ts_tmpdir[0]; /* not NULL: an unknown language sets it to NULL */
    assert_int_equal(ingroei_run_explain_lang(run, "Vlissingen", 2026, INGROEI_JSON,
                                              (ingroei_lang)7, &nl_json, &err),
                     INGROEI_ERR_USAGE);
    assert_null(nl_json);
    assert_int_equal(ingroei_run_explain_lang(run, "Vlissingen", 2026, INGROEI_JSON, INGROEI_NL,
                                              &nl_json, &err),
                     INGROEI_OK);
    char *p;
    char *ref_csv = ts_slurp(p = ts_xprintf("%s/explain.csv", dir_ref), NULL);
    free(p);
    char *en_csv = ts_slurp(p = ts_xprintf("%s/explain.csv", dir_en), NULL);
    free(p);
    char *nl_csv = ts_slurp(p = ts_xprintf("%s/explain.csv", dir_nl), NULL);
    free(p);
    char *file_json = ts_slurp(p = ts_xprintf("%s/explain.json", dir_nl), NULL);
    free(p);
    assert_string_equal(en_csv, ref_csv);
    assert_string_equal(file_json, nl_json);
    assert_string_not_equal(nl_csv, en_csv);
    static char en_keys[256][128], nl_keys[256][128];
    size_t n_en = 0, n_nl = 0, n_steps = 0;
    first_fields(en_csv, en_keys, 256, &n_en);
    first_fields(nl_csv, nl_keys, 256, &n_nl);
    assert_int_equal(n_en, n_nl);
    assert_true(n_en > 20);
    for (size_t i = 0; i < n_en; i++)
        assert_string_equal(en_keys[i], nl_keys[i]);
    /* each step's row: its key, then its Dutch label (quoted when it holds a comma or
     * a quote) */
    step *nl = steps_of(nl_json, &n_steps);
    size_t checked = 0;
    for (size_t i = 0; i < n_steps; i++) {
        if (strpbrk(nl[i].label, ",\"\\"))
            continue;
        char *row = ts_xprintf("\n%s,%s,", nl[i].key, nl[i].label);
        if (!strstr(nl_csv, row))
            fail_msg("explain.csv in Dutch has no row '%s'", row + 1);
        free(row);
        checked++;
    }
    assert_true(checked > 20);
    /* the command line */
    const char *args[] = {"explain", "scenarios/herijking_cap.yaml", "--gemeente", "Vlissingen",
                          "--year", "2026", "--lang", "nl", "-o", dir_cli, NULL};
    char *out = NULL;
    assert_int_equal(ts_run_cli(args, NULL, &out), 0);
    char *cli_csv = ts_slurp(p = ts_xprintf("%s/explain.csv", dir_cli), NULL);
    free(p);
    assert_string_equal(cli_csv, nl_csv);
    free(cli_csv);
    free(out);
    free(nl);
    free(file_json);
    free(nl_csv);
    free(en_csv);
    free(ref_csv);
    ingroei_string_free(nl_json);
    free(dir_cli);
    free(dir_nl);
    free(dir_en);
    free(dir_ref);
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_scenario),
        cmocka_unit_test(test_cap_in_dutch),
        cmocka_unit_test(test_files_in_dutch),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
