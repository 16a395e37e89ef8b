/*
 * test_scenario.c - the scenario reader through the library API: the default
 * scenario's fields, a table path, the position and status of errors, error
 * formatting and _free(NULL). Runs from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/io.h"
#include "io/yamlx.h"
#include "support/support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_SCENARIO "scenarios/default.yaml"

static char *tmpdir; /* made by group_setup, removed by group_teardown */

/* ---- helpers ---------------------------------------------------------------------- */

/* Writes `text` to tmpdir/name; returns the path (static buffer, one at a time). */
static const char *temp_file(const char *name, const char *text)
{
    return ts_write_in(tmpdir, name, text, strlen(text));
}

/* The temporary directory holds the (empty) files HEAD names: loading a scenario
 * checks that they exist, not what they hold. */
static int group_setup(void **state)
{
    (void)state;
    tmpdir = ts_make_temp_dir("scenario");
    char *data = ts_xprintf("%s/data", tmpdir);
    if (mkdir(data, 0777) != 0)
        fail_msg("cannot make %s: %s", data, strerror(errno));
    free(data);
    temp_file("h.yaml", "");
    temp_file("o.yaml", "");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    ts_remove_temp_dir(&tmpdir);
    return 0;
}

/* A valid scenario with a linear path; group_setup creates the files it names. */
#define HEAD                                                                                       \
    "scenario: 1\n"                                                                                \
    "name: \"test\"\n"                                                                             \
    "dataset: data\n"                                                                              \
    "years: {first: 2021, last: 2025}\n"                                                           \
    "budget:\n"                                                                                    \
    "  published:\n"                                                                               \
    "    2023: {amount: 1000000, source: \"a\"}\n"                                                 \
    "  other_years: {rule: index, percent: 1.5, source: \"b\"}\n"                                  \
    "historical_key: h.yaml\n"                                                                     \
    "objective_key: o.yaml\n"
/* HEAD has 10 lines; the path starts on line 11. */

/* ---- the default scenario ---------------------------------------------------------- */

static void test_default_scenario(void **state)
{
    (void)state;
    ingroei_scenario *s = NULL;
    ingroei_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(ingroei_scenario_load(&s, DEFAULT_SCENARIO, &err), INGROEI_OK);
    assert_non_null(s);
    assert_string_equal(s->file, DEFAULT_SCENARIO);
    assert_string_equal(s->name, "Ingroeipad uit de voortgangsbrief 2019: start 2022, tien jaar");
    assert_non_null(s->description);
    assert_true(strncmp(s->description, "2021 volledig historisch;", 25) == 0);
    /* file names resolve against the scenario's directory, tidied lexically */
    assert_string_equal(s->dataset, "models/nl");
    assert_string_equal(s->historical_key, "models/nl/bw/historisch_sep2024_2025.yaml");
    assert_string_equal(s->objective_key, "models/nl/bw/objectief_illustratief.yaml");
    assert_int_equal(s->boundaries, 2025);
    assert_int_equal(s->first_year, 2021);
    assert_int_equal(s->last_year, 2031);
    assert_int_equal(s->path.kind, IG_PATH_LINEAR);
    assert_int_equal(s->path.start, 2022);
    assert_int_equal(s->path.length, 10);
    assert_null(s->path.table);
    assert_int_equal(s->rounding, IG_ROUND_EXACT_TOTAL);

    static const int years[] = {2023, 2024, 2025};
    static const int64_t amounts[] = {1532904000, 1730992000, 1745850000};
    assert_int_equal(s->budget.n_published, 3);
    for (size_t i = 0; i < 3; i++) {
        const ig_budget_point *p = &s->budget.published[i];
        assert_int_equal(p->year, years[i]);
        assert_true(p->amount == amounts[i]);
        assert_non_null(p->source);
        assert_true(strlen(p->source) > 0);
        assert_true(p->line > 0 && p->column > 0);
    }
    /* "    2023:" is the first published year in the file. */
    assert_int_equal(s->budget.published[0].column, 5);
    assert_true(s->budget.index_percent == 0.0);
    assert_non_null(s->budget.index_source);
    ingroei_scenario_free(s);
}

/* A scenario without the optional keys gets the documented defaults. */
static void test_defaults(void **state)
{
    (void)state;
    const char *path =
        temp_file("defaults.yaml", HEAD "path: {type: linear, start: 2022, length: 4}\n");
    ingroei_scenario *s = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&s, path, &err), INGROEI_OK);
    assert_int_equal(s->boundaries, 2025);
    assert_int_equal(s->rounding, IG_ROUND_EXACT_TOTAL);
    assert_null(s->description);
    assert_true(s->budget.index_percent == 1.5);
    char expected[600];
    snprintf(expected, sizeof expected, "%s/data", tmpdir);
    assert_string_equal(s->dataset, expected);
    snprintf(expected, sizeof expected, "%s/h.yaml", tmpdir);
    assert_string_equal(s->historical_key, expected);
    ingroei_scenario_free(s);
}

/* ---- a table path ------------------------------------------------------------------ */

static void test_table_path(void **state)
{
    (void)state;
    const char *path =
        temp_file("table.yaml", HEAD "path:\n"
                                     "  type: table\n"
                                     "  shares: {2021: 0, 2022: 0.125, 2023: 0.5, 2024: 0.75, "
                                     "2025: 1}\n"
                                     "rounding: per-line\n");
    ingroei_scenario *s = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&s, path, &err), INGROEI_OK);
    assert_int_equal(s->path.kind, IG_PATH_TABLE);
    assert_non_null(s->path.table);
    static const double shares[] = {0.0, 0.125, 0.5, 0.75, 1.0};
    for (int i = 0; i < 5; i++) {
        assert_true(s->path.table[i] == shares[i]);
        assert_true(ig_path_share(&s->path, 2021 + i, s->first_year) == shares[i]);
    }
    assert_int_equal(s->rounding, IG_ROUND_PER_LINE);
    ingroei_scenario_free(s);
}

static void test_table_path_allow_decrease(void **state)
{
    (void)state;
    const char *path = temp_file("decrease.yaml", HEAD "path:\n"
                                                       "  type: table\n"
                                                       "  allow_decrease: true\n"
                                                       "  shares:\n"
                                                       "    2021: 0.2\n"
                                                       "    2022: 0.6\n"
                                                       "    2023: 0.4\n"
                                                       "    2024: 0.4\n"
                                                       "    2025: 0.1\n");
    ingroei_scenario *s = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&s, path, &err), INGROEI_OK);
    assert_true(s->path.table[2] == 0.4);
    assert_true(s->path.table[4] == 0.1);
    ingroei_scenario_free(s);
}

/* ---- errors ------------------------------------------------------------------------ */

typedef struct bad_scenario {
    const char *text;
    int line, column;
    const char *message;
} bad_scenario;

/* Every case fails with INGROEI_ERR_SCHEMA at (line, column) with that message. */
static const bad_scenario schema_errors[] = {
    /* an unknown key on the top level (line 11, column 1) */
    {HEAD "path: {type: linear, start: 2022, length: 4}\nstrat: 2022\n", 12, 1,
     "unknown key 'strat' in the scenario (expected one of: scenario, name, description, "
     "dataset, boundaries, years, budget, historical_key, objective_key, path, rounding, cap, "
     "objective_budget, regions, regional_key, historical_per_year, objective_volumes_per_year, "
     "regelingen, arrangements)"},
    /* a quoted number: the node is the value "4" */
    {HEAD "path: {type: linear, start: 2022, length: \"4\"}\n", 11, 43,
     "path.length: expected a whole number, got the quoted text '4'"},
    /* a share out of range in a block mapping */
    {HEAD "path:\n  type: table\n  shares:\n    2021: 0\n    2022: 1.5\n", 15, 11,
     "path.shares.2022: 1.5 is out of range (expected 0 to 1)"},
    /* a missing key is reported at the mapping that lacks it */
    {HEAD "path:\n  type: linear\n  length: 4\n", 12, 3,
     "missing key 'start' in path of type linear"},
    /* a duplicate key at the second occurrence */
    {HEAD "path: {type: linear, start: 2022, length: 4}\nname: \"again\"\n", 12, 1,
     "duplicate key 'name' in the scenario"},
    /* years.last before years.first: at the value of last */
    {"scenario: 1\nname: x\ndataset: d\nyears:\n  first: 2025\n  last: 2021\n"
     "budget: {published: {2023: {amount: 1, source: s}}}\nhistorical_key: h\n"
     "objective_key: o\npath: {type: linear, start: 2022, length: 4}\n",
     6, 9, "years.last (2021) is before years.first (2025)"},
    /* a list as the root */
    {"- scenario: 1\n", 1, 1, "the scenario: expected a mapping, got a list"},
    /* an empty document */
    {"# nothing but a comment\n", 1, 1, "empty document, expected a mapping"},
    /* an unknown rounding mode */
    {HEAD "path: {type: linear, start: 2022, length: 4}\nrounding:   up\n", 12, 13,
     "rounding: 'up' is not one of: per-line, exact-total"},
};

static void test_schema_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof schema_errors / sizeof schema_errors[0]; i++) {
        const bad_scenario *c = &schema_errors[i];
        char name[32];
        snprintf(name, sizeof name, "schema_%zu.yaml", i);
        const char *path = temp_file(name, c->text);
        ingroei_scenario *s = NULL;
        ingroei_error err;
        memset(&err, 0x5a, sizeof err);
        ingroei_status st = ingroei_scenario_load(&s, path, &err);
        if (st != INGROEI_ERR_SCHEMA || err.line != c->line || err.column != c->column ||
            strcmp(err.message, c->message) != 0)
            fail_msg("case %zu: got status %d at %d:%d: %s\n  expected status %d at %d:%d: %s", i,
                     (int)st, err.line, err.column, err.message, (int)INGROEI_ERR_SCHEMA, c->line,
                     c->column, c->message);
        assert_int_equal(err.status, INGROEI_ERR_SCHEMA);
        assert_string_equal(err.file, path);
        assert_null(s);
        /* and the same without an error object */
        assert_int_equal(ingroei_scenario_load(&s, path, NULL), INGROEI_ERR_SCHEMA);
        assert_null(s);
    }
}

static void test_syntax_error(void **state)
{
    (void)state;
    const char *path =
        temp_file("syntax.yaml", "scenario: 1\nyears:\n  first: 2021\n    last: 2031\n");
    ingroei_scenario *s = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&s, path, &err), INGROEI_ERR_SYNTAX);
    assert_int_equal(err.status, INGROEI_ERR_SYNTAX);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 9);
    assert_true(strncmp(err.message, "YAML syntax error: ", 19) == 0);
    assert_null(s);
}

static void test_missing_file(void **state)
{
    (void)state;
    ingroei_scenario *s = NULL;
    ingroei_error err;
    char path[600];
    snprintf(path, sizeof path, "%s/does-not-exist.yaml", tmpdir);
    assert_int_equal(ingroei_scenario_load(&s, path, &err), INGROEI_ERR_IO);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);
    assert_null(s);
    assert_int_equal(ingroei_scenario_load(&s, tmpdir, &err), INGROEI_ERR_IO);
    assert_null(s);
}

static void test_usage_errors(void **state)
{
    (void)state;
    ingroei_scenario *s = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&s, NULL, &err), INGROEI_ERR_USAGE);
    assert_int_equal(err.status, INGROEI_ERR_USAGE);
    assert_null(s);
    assert_int_equal(ingroei_scenario_load(NULL, DEFAULT_SCENARIO, &err), INGROEI_ERR_USAGE);
}

/* ---- formatting and freeing -------------------------------------------------------- */

static void test_error_format(void **state)
{
    (void)state;
    char buf[2200];
    ingroei_error err;
    memset(&err, 0, sizeof err);
    err.status = INGROEI_ERR_SCHEMA;
    snprintf(err.file, sizeof err.file, "a/b.yaml");
    err.line = 12;
    err.column = 3;
    snprintf(err.message, sizeof err.message, "unknown key 'x' in path");
    assert_string_equal(ingroei_error_format(&err, buf, sizeof buf),
                        "a/b.yaml:12:3: unknown key 'x' in path");
    err.column = 0;
    assert_string_equal(ingroei_error_format(&err, buf, sizeof buf),
                        "a/b.yaml:12: unknown key 'x' in path");
    err.line = 0;
    assert_string_equal(ingroei_error_format(&err, buf, sizeof buf),
                        "a/b.yaml: unknown key 'x' in path");
    err.file[0] = '\0';
    assert_string_equal(ingroei_error_format(&err, buf, sizeof buf), "unknown key 'x' in path");
    /* a short buffer is cut, never overrun */
    char small[8];
    memset(small, 'x', sizeof small);
    ingroei_error_format(&err, small, 5);
    assert_string_equal(small, "unkn");
    assert_int_equal(small[5], 'x');

    /* a real error from the reader, formatted */
    const char *path = temp_file("format.yaml", HEAD "path: {type: spline}\n");
    ingroei_scenario *s = NULL;
    assert_int_equal(ingroei_scenario_load(&s, path, &err), INGROEI_ERR_SCHEMA);
    char expected[1200];
    snprintf(expected, sizeof expected,
             "%s:11:14: path.type: 'spline' is not one of: linear, table, cohort, s-curve", path);
    assert_string_equal(ingroei_error_format(&err, buf, sizeof buf), expected);
}

/* ig_yaml_text gives a scalar's text, and "" for no node or a node that is not a
 * scalar (a mapping or a list has no text to give). */
static void test_yaml_text(void **state)
{
    (void)state;
    ig_yaml y;
    ingroei_error err;
    assert_int_equal(ig_yaml_load(&y, temp_file("text.yaml", "a: [1, 2]\nb: x\nc: {d: 1}\n"), &err),
                     INGROEI_OK);
    yaml_node_t *root = ig_yaml_root(&y);
    assert_string_equal(ig_yaml_text(NULL), "");
    assert_string_equal(ig_yaml_text(root), "");
    assert_string_equal(ig_yaml_text(ig_yaml_get(&y, root, "a")), "");
    assert_string_equal(ig_yaml_text(ig_yaml_get(&y, root, "b")), "x");
    assert_string_equal(ig_yaml_text(ig_yaml_get(&y, root, "c")), "");
    ig_yaml_clear(&y);
}

static void test_free_null(void **state)
{
    (void)state;
    ingroei_scenario_free(NULL);
    ingroei_run_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_scenario), cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_table_path),       cmocka_unit_test(test_table_path_allow_decrease),
        cmocka_unit_test(test_schema_errors),    cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_missing_file),     cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_error_format),     cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_yaml_text),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
