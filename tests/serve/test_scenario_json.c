/*
 * test_scenario_json.c - a scenario sent as JSON is checked by the scenario file's own
 * reader: every file of the bad-input corpus (the .yaml files of tests/bad/) that libyaml can load is
 * turned into JSON (as GET /api/scenarios turns a scenario into JSON, with the files it
 * names by name) and read again with ig_scenario_from_json. Both must give the same
 * message, the JSON one at a JSON path instead of a line and column; the exceptions are
 * the mistakes JSON cannot carry or that concern files, each checked for its own answer.
 * The shipped scenarios go through JSON and back to the same computed tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/yamlx.h"
#include "serve/serve.h"
#include "support/support.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ig_api api;

static int open_api(void **state)
{
    (void)state;
    ingroei_error err = {0};
    if (ig_api_open(&api, "scenarios/default.yaml", &err) != INGROEI_OK) {
        fprintf(stderr, "ig_api_open: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int close_api(void **state)
{
    (void)state;
    ig_api_close(&api);
    return 0;
}

/* The name the API uses for a file a scenario names: its last part without the
 * extension ("../../models/nl/bw/x.yaml" -> "x"). */
static char *file_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *name = ts_strdup(slash ? slash + 1 : path);
    char *dot = strrchr(name, '.');
    if (dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".csv")))
        *dot = '\0';
    return name;
}

/* The scenario file `path` as JSON, its files named by name; NULL when libyaml cannot
 * load it (a syntax error, which JSON has of its own). */
static char *as_json(const char *path)
{
    ig_yaml y;
    ingroei_error err = {0};
    if (ig_yaml_load(&y, path, &err) != INGROEI_OK)
        return NULL;
    ig_buf b = {0};
    ig_yaml_node_json(&b, NULL, &y, ig_yaml_root(&y), NULL);
    ig_yaml_clear(&y);
    assert_false(b.failed);
    json_error_t jerr;
    json_t *root = json_loads(b.data, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) /* a duplicate key: as it is, for the reader to refuse */
        return b.data;
    ig_buf_free(&b);
    static const char *const keys[] = {"dataset", "historical_key", "objective_key", "regions"};
    for (size_t i = 0; json_is_object(root) && i < 4; i++) {
        json_t *v = json_object_get(root, keys[i]);
        if (json_is_string(v)) {
            char *name = file_name(json_string_value(v));
            json_object_set_new(root, keys[i], json_string(name));
            free(name);
        }
    }
    char *text = json_dumps(root, JSON_PRESERVE_ORDER);
    json_decref(root);
    return text;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every bad scenario through both readers. */
static void test_bad_corpus_same_messages(void **state)
{
    (void)state;
    struct dirent **entries;
    int n = scandir("tests/bad", &entries, NULL, by_name);
    assert_true(n > 0);
    size_t same = 0, compared = 0, own_file = 0, quoted = 0, limit = 0, duplicate = 0,
           number = 0;
    for (int i = 0; i < n; i++) {
        const char *name = entries[i]->d_name;
        size_t len = strlen(name);
        if (len < 6 || strcmp(name + len - 5, ".yaml") != 0)
            continue;
        char *path = ts_xprintf("tests/bad/%s", name);
        char kind[64] = "";
        ingroei_error kerr = {0};
        bool scenario = ingroei_file_kind(path, kind, sizeof kind, &kerr) != INGROEI_OK ||
                        strcmp(kind, "scenario") == 0;
        char *json = scenario ? as_json(path) : NULL;
        if (!json) { /* a model file, or YAML that does not load */
            free(path);
            continue;
        }
        ingroei_scenario *from_yaml = NULL, *from_json = NULL;
        ingroei_error ey = {0}, ej = {0};
        unsigned status = 0;
        ingroei_status sy = ingroei_scenario_load(&from_yaml, path, &ey);
        ingroei_status sj = ig_scenario_from_json(&api, json, strlen(json), NULL, "request",
                                                  &from_json, &status, &ej);
        compared++;
        if (sj != INGROEI_OK && strstr(ej.message, "never by path")) {
            /* it names a file of its own (tests/bad/...): the API names shipped files only */
            assert_true(ej.file[0] == '$');
            assert_int_equal(status, 422);
            own_file++;
        } else if (sj != INGROEI_OK && strstr(ej.message, "objective_volumes_per_year") &&
                   strstr(ej.message, "cannot open")) {
            /* a volumes file of its own (tests/bad/data/...), which a request, reading
             * inside its dataset only, does not reach */
            assert_int_equal(strncmp(ej.file, "$.objective_volumes_per_year", 28), 0);
            own_file++;
        } else if (sy == INGROEI_OK && strcmp(ej.file, "$.years") == 0) {
            /* more years than a request may compute: the API's own limit */
            assert_non_null(strstr(ej.message, "a request may compute"));
            limit++;
        } else if (sy == INGROEI_OK || sj == INGROEI_OK) {
            /* a mistake found only when the data are read: both readers accept it */
            if (sy != sj)
                fail_msg("%s: the file reader says %d, the JSON reader %d (%s | %s)", name,
                         (int)sy, (int)sj, ey.message, ej.message);
            same++;
        } else if (strcmp(ey.message, ej.message) == 0) {
            if (ej.file[0] != '$' && strcmp(ej.file, "request") != 0)
                fail_msg("%s: the JSON error names no JSON path: %s", name, ej.file);
            assert_int_equal(ej.line, 0);
            same++;
        } else if (strstr(ej.message, "nested more than")) {
            /* deeper than a request may be (a file may nest deeper): the API's limit */
            assert_int_equal(status, 400);
            limit++;
        } else if (strstr(ej.message, "duplicate object key")) {
            /* a key given twice (a key, a year): JSON refuses it while it parses */
            assert_true(strstr(ey.message, "duplicate key") || strstr(ey.message, "twice"));
            assert_int_equal(status, 400);
            duplicate++;
        } else if (strstr(ej.message, "got the quoted text") &&
                   !strstr(ey.message, "got the quoted text")) {
            /* text that is no number, plain in YAML, is a string in JSON: the same
             * mistake, named as JSON has it */
            assert_int_equal(status, 422);
            quoted++;
        } else if (strstr(ey.message, "leading zeros") || strstr(ey.message, "out of range")) {
            /* a number as written ("02022", "1e400") that JSON does not keep as written */
            assert_true(status == 400 || status == 422);
            number++;
        } else {
            fail_msg("%s: the file reader says '%s', the JSON reader '%s' (at %s)", name,
                     ey.message, ej.message, ej.file);
        }
        ingroei_scenario_free(from_yaml);
        ingroei_scenario_free(from_json);
        free(json);
        free(path);
    }
    for (int i = 0; i < n; i++)
        free(entries[i]);
    free(entries);
    print_message("%zu bad scenarios read from JSON: %zu with the file reader's message; "
                  "%zu name a file of their own, %zu give text for a number, %zu pass a "
                  "request's limit, %zu a key twice, %zu a number JSON does not keep as "
                  "written\n",
                  compared, same, own_file, quoted, limit, duplicate, number);
    assert_true(compared >= 80);
    assert_true(same >= 54);
}

/* Every shipped scenario, as GET /api/scenarios gives it, reads back to a run with the
 * same tables. */
static void test_shipped_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < api.n_shipped; i++) {
        const ig_shipped *sh = &api.shipped[i];
        ingroei_scenario *sc = NULL;
        ingroei_error err = {0};
        unsigned status = 0;
        if (ig_scenario_from_json(&api, sh->json, strlen(sh->json), NULL, "request", &sc,
                                  &status, &err) != INGROEI_OK)
            fail_msg("%s: %s: %s", sh->name, err.file, err.message);
        ingroei_run *run = NULL;
        assert_int_equal(ingroei_run_new(&run, sc, &err), INGROEI_OK);
        ig_run_tables a, b;
        assert_int_equal(ig_run_render(run, SIZE_MAX, INGROEI_CSV_RFC4180, &a, &err), INGROEI_OK);
        assert_int_equal(ig_run_render(sh->run, SIZE_MAX, INGROEI_CSV_RFC4180, &b, &err),
                         INGROEI_OK);
        for (size_t t = 0; t < a.n; t++) {
            if (!strcmp(a.table[t].name, "summary.json"))
                continue; /* names the scenario's file and its SHA-256 */
            const ig_buf *other = ig_run_tables_get(&b, a.table[t].name);
            assert_non_null(other);
            if (other->len != a.table[t].data.len ||
                memcmp(other->data, a.table[t].data.data, other->len) != 0)
                fail_msg("%s: %s differs through JSON", sh->name, a.table[t].name);
        }
        ig_run_tables_free(&a);
        ig_run_tables_free(&b);
        ingroei_run_free(run);
        ingroei_scenario_free(sc);
    }
}

/* What JSON has and YAML does not: a string where a number belongs, and 2022.0. */
static void test_json_types(void **state)
{
    (void)state;
    const ig_shipped *sh = &api.shipped[api.start];
    json_error_t jerr;
    json_t *root = json_loads(sh->json, 0, &jerr);
    assert_non_null(root);
    json_object_set_new(json_object_get(root, "path"), "start", json_string("2022"));
    char *text = json_dumps(root, JSON_PRESERVE_ORDER);
    ingroei_scenario *sc = NULL;
    ingroei_error err = {0};
    unsigned status = 0;
    assert_int_not_equal(ig_scenario_from_json(&api, text, strlen(text), NULL, "request", &sc,
                                                &status, &err),
                         INGROEI_OK);
    assert_string_equal(err.file, "$.path.start");
    assert_string_equal(err.message, "path.start: expected a whole number, got the quoted text "
                                     "'2022'");
    assert_int_equal(status, 422);
    free(text);
    json_object_set_new(json_object_get(root, "path"), "start", json_real(2022.0));
    text = json_dumps(root, JSON_PRESERVE_ORDER);
    assert_int_not_equal(ig_scenario_from_json(&api, text, strlen(text), NULL, "request", &sc,
                                                &status, &err),
                         INGROEI_OK);
    assert_string_equal(err.message, "path.start: expected a whole number, got '2022.0'");
    free(text);
    json_decref(root);
}

/* A key that is not a word is named in brackets in the JSON path; array items by index. */
static void test_json_paths(void **state)
{
    (void)state;
    static const struct {
        const char *body, *path, *message;
    } cases[] = {
        {"{\"a b\": 1}", "$[\"a b\"]", "unknown key 'a b' in the scenario"},
        {"[1, 2]", "$", "the scenario: expected a mapping, got a list"},
        {"{\"scenario\": 1, \"name\": [\"x\"]}", "$", "missing key 'dataset' in the scenario"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ingroei_scenario *sc = NULL;
        ingroei_error err = {0};
        unsigned status = 0;
        assert_int_not_equal(ig_scenario_from_json(&api, cases[i].body, strlen(cases[i].body),
                                                    NULL, "request", &sc, &status, &err),
                             INGROEI_OK);
        assert_string_equal(err.file, cases[i].path);
        if (strncmp(err.message, cases[i].message, strlen(cases[i].message)) != 0)
            fail_msg("%s: '%s', expected it to start with '%s'", cases[i].body, err.message,
                     cases[i].message);
        assert_int_equal(status, 422);
    }
}

/* The server's directories never reach an answer: every occurrence is replaced (or left
 * out), also after a longer name that only begins with the directory. */
static void test_hide_dir(void **state)
{
    (void)state;
    static const struct {
        const char *text, *name, *want;
    } cases[] = {
        {"/srv/data/nl/a.csv: bad", "nl", "nl/a.csv: bad"},
        {"/srv/data/nl2/x and /srv/data/nl/y", "nl", "/srv/data/nl2/x and nl/y"},
        {"/srv/data/nl/x, /srv/data/nl/y and /srv/data/nl", "nl", "nl/x, nl/y and nl"},
        {"no path here", "nl", "no path here"},
        {"/srv/data/nl/a.csv:3:1", NULL, "a.csv:3:1"},
        {"/srv/data/nlx /srv/data/nl/b", NULL, "/srv/data/nlx b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ig_buf b = {0};
        ig_serve_hide_dir(&b, cases[i].text, "/srv/data/nl", cases[i].name);
        assert_false(b.failed);
        assert_string_equal(b.data, cases[i].want);
        ig_buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_corpus_same_messages),
        cmocka_unit_test(test_shipped_round_trip),
        cmocka_unit_test(test_json_types),
        cmocka_unit_test(test_json_paths),
        cmocka_unit_test(test_hide_dir),
    };
    return cmocka_run_group_tests(tests, open_api, close_api);
}
