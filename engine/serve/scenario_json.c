/*
 * scenario_json.c - a scenario as JSON, both ways. In: the body is parsed by jansson and
 * turned into a libyaml document (strings as quoted scalars, numbers, true, false and
 * null as plain ones, so that the reader's "numbers must be plain" still tells "12"
 * from 12), with the JSON path of every node beside it; the scenario file's reader
 * (ig_scenario_read) then checks it with the same keys and messages, naming JSON paths
 * instead of lines. Out: a shipped scenario's resolved YAML turned into JSON.
 */
#include "serve/serve.h"
#include "io/yamlx.h"

#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t ig_json_depth(const char *s, size_t len, size_t limit)
{
    size_t depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < len && deepest <= limit; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest)
                deepest = depth;
        } else if ((c == ']' || c == '}') && depth) {
            depth--;
        }
    }
    return deepest;
}

/* A document under construction with the JSON path of each node. */
typedef struct builder {
    yaml_document_t doc;
    char **paths; /* [cap], paths[id - 1] */
    size_t n, cap;
    bool failed;
} builder;

/* Records `path` (copied) as node id's. */
static void set_path(builder *b, int id, const char *path)
{
    size_t i = (size_t)id - 1;
    if (i >= b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        while (cap <= i)
            cap *= 2;
        char **p = realloc(b->paths, cap * sizeof *p);
        if (!p) {
            b->failed = true;
            return;
        }
        memset(p + b->cap, 0, (cap - b->cap) * sizeof *p);
        b->paths = p, b->cap = cap;
    }
    free(b->paths[i]);
    b->paths[i] = ig_strdup(path);
    b->failed = b->failed || !b->paths[i];
    if (i + 1 > b->n)
        b->n = i + 1;
}

/* `base` followed by the member `key`: .key for a word, ["key"] otherwise. */
static void member_path(ig_buf *p, const char *base, const char *key)
{
    ig_buf_puts(p, base);
    bool word = *key != '\0';
    for (const char *k = key; *k; k++)
        word = word && ((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
                        (*k >= '0' && *k <= '9') || *k == '_' || *k == '-');
    if (word) {
        ig_buf_putc(p, '.');
        ig_buf_puts(p, key);
    } else {
        ig_buf_putc(p, '[');
        ig_json_string(p, key);
        ig_buf_putc(p, ']');
    }
}

/* A plain scalar for a number jansson read as a real: the shortest text that reads back
 * as exactly that double, with ".0" when it would look whole (2022.0 stays a number that
 * is not a whole number, as it is in YAML). */
static void put_real(ig_buf *b, double x)
{
    ig_put_double(b, x);
    if (b->data && !strpbrk(b->data, ".eE"))
        ig_buf_puts(b, ".0");
}

/* Adds `v` (and everything in it) to the document at JSON path `path`; its node id, or
 * 0 when memory ran out. */
static int add_value(builder *b, json_t *v, const char *path)
{
    int id = 0;
    yaml_document_t *d = &b->doc;
    ig_buf text = {0};
    const char *plain = NULL;
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        id = yaml_document_add_mapping(d, NULL, YAML_BLOCK_MAPPING_STYLE);
        const char *key;
        json_t *value;
        json_object_foreach(v, key, value)
        {
            ig_buf p = {0};
            member_path(&p, path, key);
            if (p.failed || !id) {
                ig_buf_free(&p);
                return 0;
            }
            int k = yaml_document_add_scalar(d, NULL, (yaml_char_t *)key, (int)strlen(key),
                                             YAML_PLAIN_SCALAR_STYLE);
            if (k)
                set_path(b, k, p.data);
            int val = k ? add_value(b, value, p.data) : 0;
            ig_buf_free(&p);
            if (!val || !yaml_document_append_mapping_pair(d, id, k, val))
                return 0;
        }
        break;
    }
    case JSON_ARRAY: {
        id = yaml_document_add_sequence(d, NULL, YAML_BLOCK_SEQUENCE_STYLE);
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            ig_buf p = {0};
            ig_buf_puts(&p, path); /* path[i], without printf: a node each */
            ig_buf_putc(&p, '[');
            ig_put_int(&p, (int64_t)i);
            ig_buf_putc(&p, ']');
            int val = !p.failed && id ? add_value(b, item, p.data) : 0;
            ig_buf_free(&p);
            if (!val || !yaml_document_append_sequence_item(d, id, val))
                return 0;
        }
        break;
    }
    case JSON_STRING:
        id = yaml_document_add_scalar(d, NULL, (yaml_char_t *)json_string_value(v),
                                      (int)json_string_length(v), YAML_DOUBLE_QUOTED_SCALAR_STYLE);
        break;
    case JSON_INTEGER: ig_put_int(&text, (int64_t)json_integer_value(v)); break;
    case JSON_REAL: put_real(&text, json_real_value(v)); break;
    case JSON_TRUE: plain = "true"; break;
    case JSON_FALSE: plain = "false"; break;
    case JSON_NULL: plain = "null"; break;
    }
    if (text.data || text.failed) {
        id = text.failed ? 0
                         : yaml_document_add_scalar(d, NULL, (yaml_char_t *)text.data,
                                                    (int)text.len, YAML_PLAIN_SCALAR_STYLE);
        ig_buf_free(&text);
    } else if (plain) {
        id = yaml_document_add_scalar(d, NULL, (yaml_char_t *)plain, (int)strlen(plain),
                                      YAML_PLAIN_SCALAR_STYLE);
    }
    if (id)
        set_path(b, id, path);
    return b->failed ? 0 : id;
}

const ig_named *ig_named_find_path(const ig_named *list, size_t n, const char *path)
{
    char *real = path ? realpath(path, NULL) : NULL;
    const ig_named *found = NULL;
    for (size_t i = 0; real && i < n && !found; i++)
        if (strcmp(list[i].real, real) == 0)
            found = &list[i];
    free(real);
    return found;
}

/* Joins the names of `list` as "a, b, c". */
static void names(ig_buf *b, const ig_named *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ig_buf_printf(b, "%s%s", i ? ", " : "", list[i].name);
}

/* Replaces the value of `key` of the scenario object, a name of an item of `list`, by
 * that item's path relative to the scenarios directory. Anything else is refused: a
 * request never names a file. */
static ingroei_status name_to_path(json_t *root, const char *top, const char *key,
                                   const ig_named *list, size_t n, const char *kind,
                                   ingroei_error *err)
{
    json_t *v = json_object_get(root, key);
    if (!v)
        return INGROEI_OK;
    const char *name = json_is_string(v) ? json_string_value(v) : NULL;
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(list[i].name, name) == 0)
            return json_object_set_new(root, key, json_string(list[i].rel)) == 0
                       ? INGROEI_OK
                       : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    char at[160];
    snprintf(at, sizeof at, "%s.%s", top, key);
    ig_buf list_names = {0};
    names(&list_names, list, n);
    ingroei_status st = ig_fail(
        err, INGROEI_ERR_SCHEMA, at, 0, 0,
        "%s: %s%s%s is not a shipped %s (the API names files by name only, never by path; "
        "expected one of: %s)",
        key, name ? "'" : "", name ? name : "a value that is not text", name ? "'" : "", kind,
        list_names.data ? list_names.data : "none");
    ig_buf_free(&list_names);
    return st;
}

/* "objective_key": "upload:ID" names a key file uploaded earlier (uploads.c): *up gets
 * it, referenced, and the key is checked by the reader as the starting scenario's (a
 * file that is there); the caller then puts the upload in its place. */
static ingroei_status upload_key(const ig_api *api, json_t *root, const char *top,
                                 ig_upload **up, ingroei_error *err)
{
    *up = NULL;
    json_t *v = json_object_get(root, "objective_key");
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (!s || strncmp(s, "upload:", 7) != 0)
        return INGROEI_OK;
    if (!api->uploads || !(*up = ig_upload_acquire(api->uploads, s + 7))) {
        char at[160];
        snprintf(at, sizeof at, "%s.objective_key", top);
        return ig_fail(err, INGROEI_ERR_SCHEMA, at, 0, 0,
                       "objective_key: no uploaded key file '%.80s' (an upload is kept for "
                       "the page that sent it, %d at most: upload it again)",
                       s + 7, IG_SERVE_MAX_UPLOADS);
    }
    if (json_object_set_new(root, "objective_key",
                            json_string(api->shipped[api->start].sc->objective_key)) != 0)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return INGROEI_OK;
}

ingroei_status ig_scenario_from_json(const ig_api *api, const char *body, size_t len, void *json,
                                     const char *label, ingroei_scenario **out, unsigned *status,
                                     ingroei_error *err)
{
    json_t *root = json;
    *status = 422;
    if (root) {
        json_incref(root);
    } else {
        if (ig_json_depth(body, len, IG_SERVE_MAX_DEPTH) > IG_SERVE_MAX_DEPTH) {
            *status = 400;
            return ig_fail(err, INGROEI_ERR_SYNTAX, NULL, 0, 0,
                           "the JSON is nested more than %d deep (the limit of a request)",
                           IG_SERVE_MAX_DEPTH);
        }
        json_error_t jerr;
        root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
        if (!root) {
            *status = 400;
            return ig_fail(err, INGROEI_ERR_SYNTAX, NULL, 0, 0,
                           "malformed JSON at line %d, column %d: %s", jerr.line, jerr.column,
                           jerr.text);
        }
    }
    /* the SHA-256 of the scenario as sent: the body's bytes, or for a member of a body
     * (compare, explain) its compact JSON text, in the order sent */
    char sha[65];
    char *dump = json ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (json && !dump) {
        json_decref(root);
        *status = 503;
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (dump)
        ig_sha256_hex(dump, strlen(dump), sha);
    else
        ig_sha256_hex(body ? body : "", body ? len : 0, sha);
    free(dump);
    /* the JSON path of the scenario: the body, or a member of it (compare) */
    char top[128];
    snprintf(top, sizeof top, "%s%s%s", "$", json ? "." : "", json ? label : "");
    ingroei_status st = INGROEI_OK;
    ig_upload *up = NULL;
    if (json_is_object(root)) {
        st = name_to_path(root, top, "dataset", &api->dataset, 1, "dataset", err);
        if (st == INGROEI_OK)
            st = name_to_path(root, top, "historical_key", api->models, api->n_models, "model",
                              err);
        if (st == INGROEI_OK)
            st = upload_key(api, root, top, &up, err);
        if (st == INGROEI_OK && !up)
            st = name_to_path(root, top, "objective_key", api->models, api->n_models, "model",
                              err);
        if (st == INGROEI_OK)
            st = name_to_path(root, top, "regions", api->regions, api->n_regions,
                              "regions file", err);
        /* before anything is read: the entries of `regelingen` would name key files
         * by path, which a request may not, and such a scenario is not served yet */
        if (st == INGROEI_OK && json_object_get(root, "regelingen")) {
            char at[160];
            snprintf(at, sizeof at, "%s.regelingen", top);
            st = ig_fail(err, INGROEI_ERR_SCHEMA, at, 0, 0,
                         "regelingen: a scenario with several regelingen is not served yet "
                         "(run it with ingroei run)");
        }
    }
    builder b = {0};
    bool inited = false;
    if (st == INGROEI_OK && !(inited = yaml_document_initialize(&b.doc, NULL, NULL, NULL, 1, 1)))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else if (st == INGROEI_OK && !add_value(&b, root, top))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    json_decref(root);
    if (st == INGROEI_OK) {
        ig_yaml y = {.file = label, .loaded = true, .doc = b.doc};
        y.node_paths = b.paths;
        y.n_node_paths = b.n;
        memcpy(y.sha256, sha, sizeof sha);
        st = ig_scenario_read(&y, label, api->scenarios_dir, out, err);
        if (st == INGROEI_OK && (*out)->last_year - (*out)->first_year + 1 > IG_SERVE_MAX_YEARS) {
            char at[160];
            snprintf(at, sizeof at, "%s.years", top);
            st = ig_fail(err, INGROEI_ERR_SCHEMA, at, 0, 0,
                         "years: %d years, more than the %d a request may compute",
                         (*out)->last_year - (*out)->first_year + 1, IG_SERVE_MAX_YEARS);
            ingroei_scenario_free(*out);
            *out = NULL;
        }
        if (st == INGROEI_OK && up && (st = ig_upload_attach(api, *out, up, err)) != INGROEI_OK) {
            ingroei_scenario_free(*out);
            *out = NULL;
        }
    }
    if (up && st != INGROEI_OK) /* a scenario made holds the reference until it is freed */
        ig_upload_release(api->uploads, up->data);
    if (inited)
        yaml_document_delete(&b.doc);
    for (size_t i = 0; i < b.cap; i++)
        free(b.paths[i]);
    free(b.paths);
    return st;
}

/* ---- out: a resolved scenario as JSON ----------------------------------------------- */

/* A plain YAML scalar as a JSON value: a number in ingroei's grammar as that number,
 * true, false, null; any other text as a string. */
static void put_scalar(ig_buf *b, const yaml_node_t *n)
{
    const char *t = ig_yaml_text(n);
    double x;
    if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        if (ingroei_parse_number(t, &x)) {
            ig_buf_puts(b, t + (*t == '+'));
            return;
        }
        if (!strcmp(t, "true") || !strcmp(t, "false") || !strcmp(t, "null")) {
            ig_buf_puts(b, t);
            return;
        }
        if (!*t || !strcmp(t, "~")) {
            ig_buf_puts(b, "null");
            return;
        }
    }
    ig_json_string(b, t);
}

static void put_node(ig_buf *b, const ig_api *api, ig_yaml *y, const yaml_node_t *n,
                     const ingroei_scenario *sc, bool top)
{
    yaml_document_t *d = &y->doc;
    if (n->type == YAML_SCALAR_NODE) {
        put_scalar(b, n);
    } else if (n->type == YAML_SEQUENCE_NODE) {
        ig_buf_putc(b, '[');
        for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top;
             i++) {
            if (i > n->data.sequence.items.start)
                ig_buf_putc(b, ',');
            put_node(b, api, y, yaml_document_get_node(d, *i), sc, false);
        }
        ig_buf_putc(b, ']');
    } else if (n->type == YAML_MAPPING_NODE) {
        ig_buf_putc(b, '{');
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            if (p > n->data.mapping.pairs.start)
                ig_buf_putc(b, ',');
            const char *key = ig_yaml_text(yaml_document_get_node(d, p->key));
            ig_json_string(b, key);
            ig_buf_putc(b, ':');
            const ig_named *named = NULL;
            if (!api || !sc)
                ;
            else if (top && !strcmp(key, "dataset"))
                named = &api->dataset;
            else if (top && !strcmp(key, "historical_key"))
                named = ig_named_find_path(api->models, api->n_models, sc->historical_key);
            else if (top && !strcmp(key, "objective_key"))
                named = ig_named_find_path(api->models, api->n_models, sc->objective_key);
            else if (top && !strcmp(key, "regions"))
                named = ig_named_find_path(api->regions, api->n_regions, sc->regions);
            if (named)
                ig_json_string(b, named->name);
            else
                put_node(b, api, y, yaml_document_get_node(d, p->value), sc, false);
        }
        ig_buf_putc(b, '}');
    }
}

void ig_yaml_node_json(ig_buf *b, const ig_api *api, ig_yaml *y, const yaml_node_t *n,
                       const ingroei_scenario *sc)
{
    put_node(b, api, y, n, sc, true);
}

char *ig_scenario_to_json(const ig_api *api, const ig_shipped *sh, ingroei_error *err)
{
    ig_buf yaml = {0};
    ig_resolved_scenario(&yaml, sh->sc, sh->run->inputs, sh->run->n_inputs, sh->file);
    if (yaml.failed || yaml.invalid) {
        ig_buf_free(&yaml);
        ig_fail(err, INGROEI_ERR_NOMEM, sh->file, 0, 0, "out of memory");
        return NULL;
    }
    ig_yaml y;
    ingroei_status st = ig_yaml_load_string(&y, sh->file, yaml.data, yaml.len, err);
    ig_buf_free(&yaml);
    if (st != INGROEI_OK)
        return NULL;
    ig_buf b = {0};
    ig_yaml_node_json(&b, api, &y, ig_yaml_root(&y), sh->sc);
    ig_yaml_clear(&y);
    if (b.failed) {
        ig_buf_free(&b);
        ig_fail(err, INGROEI_ERR_NOMEM, sh->file, 0, 0, "out of memory");
        return NULL;
    }
    return b.data;
}
