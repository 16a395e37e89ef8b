/*
 * model.c - reads allocation models (YAML): a historical key (the amounts of one
 * regeling in one circulaire, turned into shares) and an objective key in the form
 * of the Financiële-verhoudingswet (maatstaven, weights, scaled or not).
 */
#include "io/yamlx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ig_hist_model_clear(ig_hist_model *m)
{
    free(m->file);
    free(m->name);
    free(m->source);
    free(m->data);
    free(m->circulaire);
    free(m->regeling);
    free(m->centres);
    free(m->centres_column);
    memset(m, 0, sizeof *m);
}

void ig_obj_model_clear(ig_obj_model *m)
{
    free(m->file);
    free(m->name);
    free(m->notice);
    free(m->volumes);
    free(m->volumes_source);
    free(m->regeling);
    for (size_t i = 0; i < m->n_maatstaven; i++) {
        free(m->maatstaven[i].code);
        free(m->maatstaven[i].source);
    }
    free(m->maatstaven);
    free(m->note);
    memset(m, 0, sizeof *m);
}

/* A model file being read: its document, its directory (for relative file names) and
 * its own name, copied for the model. */
typedef struct model_file {
    ig_yaml y;
    yaml_node_t *root;
    char *dir;
    char *file;
} model_file;

/* Loads `file` and checks the `kind` and `model` version every model file starts with.
 * The kind is checked before anything else, so that a model of the wrong kind is named
 * as such rather than by the first key the other kind does not know. */
static ingroei_status check_model(model_file *mf, const char *file, const char *kind,
                                  ingroei_error *err);

static ingroei_status open_model(model_file *mf, const char *file, const char *kind,
                                 ingroei_error *err)
{
    memset(mf, 0, sizeof *mf);
    ingroei_status st = ig_yaml_load(&mf->y, file, err);
    return st == INGROEI_OK ? check_model(mf, file, kind, err) : st;
}

/* open_model for a model held in memory. */
static ingroei_status open_model_string(model_file *mf, const char *file, const char *data,
                                        size_t len, const char *kind, ingroei_error *err)
{
    memset(mf, 0, sizeof *mf);
    ingroei_status st = ig_yaml_load_string(&mf->y, file, data, len, err);
    return st == INGROEI_OK ? check_model(mf, file, kind, err) : st;
}

static ingroei_status check_model(model_file *mf, const char *file, const char *kind,
                                  ingroei_error *err)
{
    mf->root = ig_yaml_root(&mf->y);
    mf->dir = ig_dirname(file);
    mf->file = ig_strdup(file);
    if (!mf->dir || !mf->file)
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    const ig_yaml *y = &mf->y;
    if (mf->root->type != YAML_MAPPING_NODE)
        return ig_yaml_fail(y, mf->root, err, INGROEI_ERR_SCHEMA,
                            "expected a mapping with 'model: 1' and 'kind: %s'", kind);
    const yaml_node_t *k = ig_yaml_get(y, mf->root, "kind");
    if (!k)
        return ig_yaml_fail(y, mf->root, err, INGROEI_ERR_SCHEMA,
                            "missing key 'kind' (expected %s)", kind);
    if (k->type != YAML_SCALAR_NODE || strcmp(ig_yaml_text(k), kind) != 0)
        return ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA, "kind: expected '%s' here, got '%s'",
                            kind, ig_yaml_text(k));
    const yaml_node_t *v = ig_yaml_get(y, mf->root, "model");
    if (!v)
        return ig_yaml_fail(y, mf->root, err, INGROEI_ERR_SCHEMA,
                            "missing key 'model' (the format version, 1)");
    return ig_yaml_version(y, v, "model", 1, err);
}

static void close_model(model_file *mf)
{
    ig_yaml_clear(&mf->y);
    free(mf->dir);
    free(mf->file);
}

/* Reads the string at `key` of the model's mapping. */
static ingroei_status get_string(model_file *mf, const char *key, char **out, ingroei_error *err)
{
    return ig_yaml_string(&mf->y, ig_yaml_get(&mf->y, mf->root, key), key, out, err);
}

/* Ends a load: on success the model takes the file's name and the digest of its bytes.
 * Closes the file either way; true on success. */
static bool finish_model(model_file *mf, ingroei_status st, char **file, char sha256[65])
{
    if (st == INGROEI_OK) {
        memcpy(sha256, mf->y.sha256, 65);
        *file = mf->file;
        mf->file = NULL;
    }
    close_model(mf);
    return st == INGROEI_OK;
}

/* Reads the name of a file the model refers to, resolves it against the model's
 * directory and checks that it is there. */
static ingroei_status read_ref(model_file *mf, const yaml_node_t *node, const char *what,
                               char **out, ingroei_error *err)
{
    ingroei_status st = ig_yaml_path(&mf->y, node, what, mf->dir, out, err);
    if (st == INGROEI_OK)
        st = ig_yaml_check_file(&mf->y, node, what, *out, false, err);
    return st;
}

/* The optional `centres: {file, column}` of a historical key. */
static ingroei_status read_centres(model_file *mf, const yaml_node_t *node, ig_hist_model *m,
                                   ingroei_error *err)
{
    static const char *const keys[] = {"file", "column", NULL};
    ingroei_status st = ig_yaml_mapping(&mf->y, node, "centres", keys, keys, err);
    if (st == INGROEI_OK)
        st = read_ref(mf, ig_yaml_get(&mf->y, node, "file"), "centres.file", &m->centres, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(&mf->y, ig_yaml_get(&mf->y, node, "column"), "centres.column",
                            &m->centres_column, err);
    return st;
}

ingroei_status ig_hist_model_load(ig_hist_model *out, const char *file, ingroei_error *err)
{
    memset(out, 0, sizeof *out);
    model_file mf;
    ig_hist_model m = {0};
    ingroei_status st = open_model(&mf, file, "historical-key", err);
    const ig_yaml *y = &mf.y;
    yaml_node_t *root = mf.root, *n;
    static const char *const keys[] = {
        "model",          "kind",     "name",   "data",    "circulaire",
        "uitkeringsjaar", "regeling", "source", "centres", NULL};
    static const char *const req[] = {"model",          "kind",     "name",   "data", "circulaire",
                                      "uitkeringsjaar", "regeling", "source", NULL};
    int64_t year = 0;
    if (st == INGROEI_OK)
        st = ig_yaml_mapping(y, root, "the historical key", keys, req, err);
    if (st == INGROEI_OK)
        st = get_string(&mf, "name", &m.name, err);
    if (st == INGROEI_OK)
        st = read_ref(&mf, ig_yaml_get(y, root, "data"), "data", &m.data, err);
    if (st == INGROEI_OK) {
        n = ig_yaml_get(y, root, "circulaire");
        st = ig_yaml_string(y, n, "circulaire", &m.circulaire, err);
        m.circulaire_line = (int)n->start_mark.line + 1;
        m.circulaire_column = (int)n->start_mark.column + 1;
    }
    if (st == INGROEI_OK)
        st = ig_yaml_int(y, ig_yaml_get(y, root, "uitkeringsjaar"), "uitkeringsjaar", 1990, 2100,
                         &year, err);
    if (st == INGROEI_OK)
        st = get_string(&mf, "regeling", &m.regeling, err);
    if (st == INGROEI_OK)
        st = get_string(&mf, "source", &m.source, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(y, root, "centres"))) {
        st = read_centres(&mf, n, &m, err);
        m.centres_line = (int)n->start_mark.line + 1;
        m.centres_column_pos = (int)n->start_mark.column + 1;
    }
    m.uitkeringsjaar = (int)year;
    if (finish_model(&mf, st, &m.file, m.sha256))
        *out = m;
    else
        ig_hist_model_clear(&m);
    return st;
}

/* Reads one entry of `maatstaven`. */
static ingroei_status read_maatstaf(const ig_yaml *y, const yaml_node_t *node, size_t i,
                                    ig_maatstaf *m, ingroei_error *err)
{
    static const char *const keys[] = {"code", "weight", "scaled", "source", NULL};
    char where[48], what[64];
    snprintf(where, sizeof where, "maatstaven[%zu]", i);
    ingroei_status st = ig_yaml_mapping(y, node, where, keys, keys, err);
    snprintf(what, sizeof what, "%s.code", where);
    if (st == INGROEI_OK)
        st = ig_yaml_string(y, ig_yaml_get(y, node, "code"), what, &m->code, err);
    snprintf(what, sizeof what, "%s.weight", where);
    if (st == INGROEI_OK)
        st = ig_yaml_double(y, ig_yaml_get(y, node, "weight"), what, -1e9, 1e9, &m->weight, err);
    snprintf(what, sizeof what, "%s.scaled", where);
    if (st == INGROEI_OK)
        st = ig_yaml_bool(y, ig_yaml_get(y, node, "scaled"), what, &m->scaled, err);
    snprintf(what, sizeof what, "%s.source", where);
    if (st == INGROEI_OK)
        st = ig_yaml_string(y, ig_yaml_get(y, node, "source"), what, &m->source, err);
    return st;
}

/* Reads the `maatstaven` list: at least one, each code once. */
static ingroei_status read_maatstaven(const ig_yaml *y, const yaml_node_t *list, ig_obj_model *m,
                                      ingroei_error *err)
{
    if (list->type != YAML_SEQUENCE_NODE ||
        list->data.sequence.items.top == list->data.sequence.items.start)
        return ig_yaml_fail(y, list, err, INGROEI_ERR_SCHEMA,
                            "maatstaven: expected a list of at least one maatstaf");
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    m->maatstaven = calloc(n, sizeof *m->maatstaven);
    if (!m->maatstaven)
        return ig_yaml_fail(y, list, err, INGROEI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item =
            yaml_document_get_node((yaml_document_t *)&y->doc, list->data.sequence.items.start[i]);
        m->n_maatstaven = i + 1;
        ingroei_status st = read_maatstaf(y, item, i, &m->maatstaven[i], err);
        if (st != INGROEI_OK)
            return st;
        for (size_t j = 0; j < i; j++)
            if (strcmp(m->maatstaven[j].code, m->maatstaven[i].code) == 0)
                return ig_yaml_fail(y, item, err, INGROEI_ERR_SCHEMA,
                                    "maatstaven[%zu]: maatstaf '%s' is listed twice", i,
                                    m->maatstaven[i].code);
    }
    return INGROEI_OK;
}

/* The last component of a model's `volumes:` (its directories left out). */
static const char *last_component(const char *s)
{
    const char *slash = strrchr(s, '/');
    return slash ? slash + 1 : s;
}

/* `volumes:` of a model held in memory, chosen from `c` (ig_volumes_choice). */
static ingroei_status choose_volumes(model_file *mf, const yaml_node_t *node,
                                     const ig_volumes_choice *c, ig_obj_model *m,
                                     ingroei_error *err)
{
    const ig_yaml *y = &mf->y;
    char *text = NULL;
    ingroei_status st = ig_yaml_string(y, node, "volumes", &text, err);
    if (st != INGROEI_OK)
        return st;
    const char *want = last_component(text);
    const char *found = NULL; /* the name or path chosen */
    if (c->name && strcmp(want, c->name) == 0) {
        found = c->name;
        m->volumes_data = c->data;
        m->volumes_len = c->len;
    }
    for (size_t i = 0; !found && i < c->n_files; i++)
        if (strcmp(want, last_component(c->files[i])) == 0)
            found = c->files[i];
    if (found) {
        if (!(m->volumes = ig_strdup(found)))
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    } else {
        ig_buf names = {0};
        if (c->name)
            ig_buf_printf(&names, "%s (sent with it)", c->name);
        for (size_t i = 0; i < c->n_files; i++)
            ig_buf_printf(&names, "%s%s", names.len ? ", " : "", last_component(c->files[i]));
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "volumes: '%s' is none of the volumes this model may name (a model "
                          "sent to the server names no path, only the file name of a shipped "
                          "circulaire's volumes or of volumes sent with it): %s",
                          text, names.len && !names.failed ? names.data : "none");
        ig_buf_free(&names);
    }
    free(text);
    return st;
}

/* The objective key of an open model file; volumes read from its directory, or (with
 * `choice`: a model held in memory) chosen from it. */
static ingroei_status read_obj_model(model_file *mf, ingroei_status st,
                                     const ig_volumes_choice *choice, ig_obj_model *out,
                                     ingroei_error *err);

ingroei_status ig_obj_model_load(ig_obj_model *out, const char *file, ingroei_error *err)
{
    model_file mf;
    ingroei_status st = open_model(&mf, file, "objective-key", err);
    return read_obj_model(&mf, st, NULL, out, err);
}

ingroei_status ig_obj_model_parse(ig_obj_model *out, const char *file, const char *data,
                                  size_t len, const ig_volumes_choice *choice,
                                  ingroei_error *err)
{
    model_file mf;
    ingroei_status st = open_model_string(&mf, file, data, len, "objective-key", err);
    static const ig_volumes_choice none = {0};
    return read_obj_model(&mf, st, choice ? choice : &none, out, err);
}

static ingroei_status read_obj_model(model_file *mf, ingroei_status st,
                                     const ig_volumes_choice *choice, ig_obj_model *out,
                                     ingroei_error *err)
{
    memset(out, 0, sizeof *out);
    ig_obj_model m = {0};
    const ig_yaml *y = &mf->y;
    yaml_node_t *root = mf->root;
    static const char *const keys[] = {"model",          "kind",       "name",
                                       "illustrative",   "notice",     "volumes",
                                       "volumes_source", "maatstaven", "regeling",
                                       NULL};
    static const char *const req[] = {"model",   "kind",           "name",       "illustrative",
                                      "volumes", "volumes_source", "maatstaven", NULL};
    if (st == INGROEI_OK)
        st = ig_yaml_mapping(y, root, "the objective key", keys, req, err);
    if (st == INGROEI_OK)
        st = get_string(mf, "name", &m.name, err);
    if (st == INGROEI_OK)
        st = ig_yaml_bool(y, ig_yaml_get(y, root, "illustrative"), "illustrative", &m.illustrative,
                          err);
    yaml_node_t *notice = st == INGROEI_OK ? ig_yaml_get(y, root, "notice") : NULL;
    if (st == INGROEI_OK && m.illustrative && !notice)
        st = ig_yaml_fail(y, root, err, INGROEI_ERR_SCHEMA,
                          "missing key 'notice' (an illustrative key must say what is "
                          "illustrative)");
    if (st == INGROEI_OK && notice)
        st = ig_yaml_string(y, notice, "notice", &m.notice, err);
    if (st == INGROEI_OK)
        st = choice ? choose_volumes(mf, ig_yaml_get(y, root, "volumes"), choice, &m, err)
                    : read_ref(mf, ig_yaml_get(y, root, "volumes"), "volumes", &m.volumes, err);
    if (st == INGROEI_OK)
        st = get_string(mf, "volumes_source", &m.volumes_source, err);
    if (st == INGROEI_OK)
        st = read_maatstaven(y, ig_yaml_get(y, root, "maatstaven"), &m, err);
    /* optional: the regeling the key is for, checked against a scenario's regelingen */
    if (st == INGROEI_OK && ig_yaml_get(y, root, "regeling"))
        st = get_string(mf, "regeling", &m.regeling, err);
    if (finish_model(mf, st, &m.file, m.sha256))
        *out = m;
    else
        ig_obj_model_clear(&m);
    return st;
}

void ig_au_model_clear(ig_au_model *m)
{
    free(m->file);
    free(m->name);
    free(m->circulaire);
    free(m->volumes);
    free(m->weights);
    free(m->uf_source);
    for (size_t i = 0; i < m->n_unscaled; i++)
        free(m->unscaled[i]);
    free(m->unscaled);
    free(m->source);
    memset(m, 0, sizeof *m);
}

/* `uitkeringsfactor`: a number from 0 to 100 written as plain decimals, kept exactly. */
static ingroei_status read_uf(const ig_yaml *y, const yaml_node_t *node, ig_dec *out,
                              ingroei_error *err)
{
    double v;
    ingroei_status st = ig_yaml_double(y, node, "uitkeringsfactor", 0, 100, &v, err);
    if (st == INGROEI_OK && !ig_dec_parse(ig_yaml_text(node), out))
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "uitkeringsfactor: write it as published, in plain decimals (1.414), "
                          "not '%s'",
                          ig_yaml_text(node));
    return st;
}

/* `unscaled_maatstaven`: a list of distinct codes (it may be empty). */
static ingroei_status read_unscaled(const ig_yaml *y, const yaml_node_t *list, ig_au_model *m,
                                    ingroei_error *err)
{
    if (list->type != YAML_SEQUENCE_NODE)
        return ig_yaml_fail(y, list, err, INGROEI_ERR_SCHEMA,
                            "unscaled_maatstaven: expected a list of maatstaf codes");
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    m->unscaled = calloc(n ? n : 1, sizeof *m->unscaled);
    if (!m->unscaled)
        return ig_yaml_fail(y, list, err, INGROEI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item =
            yaml_document_get_node((yaml_document_t *)&y->doc, list->data.sequence.items.start[i]);
        char what[48];
        snprintf(what, sizeof what, "unscaled_maatstaven[%zu]", i);
        ingroei_status st = ig_yaml_string(y, item, what, &m->unscaled[i], err);
        if (st != INGROEI_OK)
            return st;
        m->n_unscaled = i + 1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(m->unscaled[j], m->unscaled[i]) == 0)
                return ig_yaml_fail(y, item, err, INGROEI_ERR_SCHEMA,
                                    "%s: maatstaf '%s' is listed twice", what, m->unscaled[i]);
    }
    return INGROEI_OK;
}

ingroei_status ig_au_model_load(ig_au_model *out, const char *file, ingroei_error *err)
{
    memset(out, 0, sizeof *out);
    model_file mf;
    ig_au_model m = {0};
    ingroei_status st = open_model(&mf, file, "au-model", err);
    const ig_yaml *y = &mf.y;
    yaml_node_t *root = mf.root;
    static const char *const keys[] = {"model",
                                       "kind",
                                       "name",
                                       "circulaire",
                                       "uitkeringsjaar",
                                       "volumes",
                                       "weights",
                                       "uitkeringsfactor",
                                       "uitkeringsfactor_source",
                                       "unscaled_maatstaven",
                                       "source",
                                       NULL};
    int64_t year = 0;
    if (st == INGROEI_OK)
        st = ig_yaml_mapping(y, root, "the au-model", keys, keys, err);
    if (st == INGROEI_OK)
        st = get_string(&mf, "name", &m.name, err);
    if (st == INGROEI_OK)
        st = get_string(&mf, "circulaire", &m.circulaire, err);
    if (st == INGROEI_OK)
        st = ig_yaml_int(y, ig_yaml_get(y, root, "uitkeringsjaar"), "uitkeringsjaar", 1900, 2200,
                         &year, err);
    if (st == INGROEI_OK)
        st = read_ref(&mf, ig_yaml_get(y, root, "volumes"), "volumes", &m.volumes, err);
    if (st == INGROEI_OK)
        st = read_ref(&mf, ig_yaml_get(y, root, "weights"), "weights", &m.weights, err);
    if (st == INGROEI_OK)
        st = read_uf(y, ig_yaml_get(y, root, "uitkeringsfactor"), &m.uf, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(y, ig_yaml_get(y, root, "uitkeringsfactor_source"),
                            "uitkeringsfactor_source", &m.uf_source, err);
    if (st == INGROEI_OK)
        st = read_unscaled(y, ig_yaml_get(y, root, "unscaled_maatstaven"), &m, err);
    if (st == INGROEI_OK)
        st = get_string(&mf, "source", &m.source, err);
    m.uitkeringsjaar = (int)year;
    if (finish_model(&mf, st, &m.file, m.sha256))
        *out = m;
    else
        ig_au_model_clear(&m);
    return st;
}

ingroei_status ingroei_file_kind(const char *path, char *kind, size_t size, ingroei_error *err)
{
    ingroei_init();
    if (!path || !kind || !size)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no file given");
    ig_yaml y;
    ingroei_status st = ig_yaml_load(&y, path, err);
    if (st != INGROEI_OK)
        return st;
    yaml_node_t *root = ig_yaml_root(&y);
    const yaml_node_t *k = NULL;
    if (root->type == YAML_MAPPING_NODE && ig_yaml_get(&y, root, "scenario") &&
        ig_yaml_get(&y, root, "regelingen"))
        snprintf(kind, size, "scenario-regelingen"); /* README, "Several regelingen" */
    else if (root->type == YAML_MAPPING_NODE && ig_yaml_get(&y, root, "scenario"))
        snprintf(kind, size, "scenario");
    else if (root->type == YAML_MAPPING_NODE && (k = ig_yaml_get(&y, root, "kind")) &&
             k->type == YAML_SCALAR_NODE)
        snprintf(kind, size, "%s", ig_yaml_text(k));
    else
        st = ig_yaml_fail(&y, root, err, INGROEI_ERR_SCHEMA,
                          "neither a scenario (key 'scenario') nor a model (key 'kind')");
    ig_yaml_clear(&y);
    return st;
}
