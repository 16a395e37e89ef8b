/*
 * model.c - reads allocation models (YAML): a historical key (the amounts of one
 * regeling in one circulaire, turned into shares) and an objective key in the form
 * of the Financiële-verhoudingswet (maatstaven, weights, scaled or not).
 */
#include "yamlx.h"

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
    memset(m, 0, sizeof *m);
}

void ig_obj_model_clear(ig_obj_model *m)
{
    free(m->file);
    free(m->name);
    free(m->notice);
    free(m->volumes);
    free(m->volumes_source);
    for (size_t i = 0; i < m->n_maatstaven; i++) {
        free(m->maatstaven[i].code);
        free(m->maatstaven[i].source);
    }
    free(m->maatstaven);
    memset(m, 0, sizeof *m);
}

/* Checks the `model` version and `kind` every model file starts with. The kind is
 * checked before anything else, so that a model of the wrong kind is named as such
 * rather than by the first key the other kind does not know. */
static ingroei_status read_header(const ig_yaml *y, const yaml_node_t *root, const char *kind,
                                  ingroei_error *err)
{
    if (root->type != YAML_MAPPING_NODE)
        return ig_yaml_fail(y, root, err, INGROEI_ERR_SCHEMA,
                            "expected a mapping with 'model: 1' and 'kind: %s'", kind);
    const yaml_node_t *k = ig_yaml_get(y, root, "kind");
    if (!k)
        return ig_yaml_fail(y, root, err, INGROEI_ERR_SCHEMA, "missing key 'kind' (expected %s)",
                            kind);
    if (k->type != YAML_SCALAR_NODE || strcmp(ig_yaml_text(k), kind) != 0)
        return ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA, "kind: expected '%s' here, got '%s'",
                            kind, ig_yaml_text(k));
    const yaml_node_t *v = ig_yaml_get(y, root, "model");
    if (!v)
        return ig_yaml_fail(y, root, err, INGROEI_ERR_SCHEMA,
                            "missing key 'model' (the format "
                            "version, 1)");
    return ig_yaml_version(y, v, "model", 1, err);
}

ingroei_status ig_hist_model_load(ig_hist_model *out, const char *file, ingroei_error *err)
{
    memset(out, 0, sizeof *out);
    ig_yaml y;
    ingroei_status st = ig_yaml_load(&y, file, err);
    if (st != INGROEI_OK)
        return st;
    ig_hist_model m = {0};
    char *dir = ig_dirname(file);
    m.file = ig_strdup(file);
    yaml_node_t *root = ig_yaml_root(&y);
    static const char *const keys[] = {"model",          "kind",     "name",   "data", "circulaire",
                                       "uitkeringsjaar", "regeling", "source", NULL};
    int64_t year = 0;
    st = read_header(&y, root, "historical-key", err);
    if (st == INGROEI_OK)
        st = ig_yaml_mapping(&y, root, "the historical key", keys, keys, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(&y, ig_yaml_get(&y, root, "name"), "name", &m.name, err);
    if (st == INGROEI_OK)
        st = ig_yaml_path(&y, ig_yaml_get(&y, root, "data"), "data", dir, &m.data, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(&y, ig_yaml_get(&y, root, "circulaire"), "circulaire", &m.circulaire,
                            err);
    if (st == INGROEI_OK)
        st = ig_yaml_int(&y, ig_yaml_get(&y, root, "uitkeringsjaar"), "uitkeringsjaar", 1990, 2100,
                         &year, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(&y, ig_yaml_get(&y, root, "regeling"), "regeling", &m.regeling, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(&y, ig_yaml_get(&y, root, "source"), "source", &m.source, err);
    m.uitkeringsjaar = (int)year;
    ig_yaml_clear(&y);
    free(dir);
    if (st != INGROEI_OK) {
        ig_hist_model_clear(&m);
        return st;
    }
    *out = m;
    return INGROEI_OK;
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

ingroei_status ig_obj_model_load(ig_obj_model *out, const char *file, ingroei_error *err)
{
    memset(out, 0, sizeof *out);
    ig_yaml y;
    ingroei_status st = ig_yaml_load(&y, file, err);
    if (st != INGROEI_OK)
        return st;
    ig_obj_model m = {0};
    char *dir = ig_dirname(file);
    m.file = ig_strdup(file);
    yaml_node_t *root = ig_yaml_root(&y);
    static const char *const keys[] = {"model",          "kind",       "name",
                                       "illustrative",   "notice",     "volumes",
                                       "volumes_source", "maatstaven", NULL};
    static const char *const req[] = {"model",   "kind",           "name",       "illustrative",
                                      "volumes", "volumes_source", "maatstaven", NULL};
    st = read_header(&y, root, "objective-key", err);
    if (st == INGROEI_OK)
        st = ig_yaml_mapping(&y, root, "the objective key", keys, req, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(&y, ig_yaml_get(&y, root, "name"), "name", &m.name, err);
    if (st == INGROEI_OK)
        st = ig_yaml_bool(&y, ig_yaml_get(&y, root, "illustrative"), "illustrative",
                          &m.illustrative, err);
    yaml_node_t *notice = ig_yaml_get(&y, root, "notice");
    if (st == INGROEI_OK && m.illustrative && !notice)
        st = ig_yaml_fail(&y, root, err, INGROEI_ERR_SCHEMA,
                          "missing key 'notice' (an illustrative key must say what is "
                          "illustrative)");
    if (st == INGROEI_OK && notice)
        st = ig_yaml_string(&y, notice, "notice", &m.notice, err);
    if (st == INGROEI_OK)
        st = ig_yaml_path(&y, ig_yaml_get(&y, root, "volumes"), "volumes", dir, &m.volumes, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(&y, ig_yaml_get(&y, root, "volumes_source"), "volumes_source",
                            &m.volumes_source, err);
    yaml_node_t *list = ig_yaml_get(&y, root, "maatstaven");
    if (st == INGROEI_OK && (list->type != YAML_SEQUENCE_NODE ||
                             list->data.sequence.items.top == list->data.sequence.items.start))
        st = ig_yaml_fail(&y, list, err, INGROEI_ERR_SCHEMA,
                          "maatstaven: expected a list of at least one maatstaf");
    if (st == INGROEI_OK) {
        size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
        m.maatstaven = calloc(n, sizeof *m.maatstaven);
        if (!m.maatstaven)
            st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
        for (size_t i = 0; st == INGROEI_OK && i < n; i++) {
            yaml_node_t *item = yaml_document_get_node(&y.doc, list->data.sequence.items.start[i]);
            st = read_maatstaf(&y, item, i, &m.maatstaven[i], err);
            m.n_maatstaven = i + 1;
            for (size_t j = 0; st == INGROEI_OK && j < i; j++)
                if (strcmp(m.maatstaven[j].code, m.maatstaven[i].code) == 0)
                    st = ig_yaml_fail(&y, item, err, INGROEI_ERR_SCHEMA,
                                      "maatstaven[%zu]: maatstaf '%s' is listed twice", i,
                                      m.maatstaven[i].code);
        }
    }
    ig_yaml_clear(&y);
    free(dir);
    if (st != INGROEI_OK) {
        ig_obj_model_clear(&m);
        return st;
    }
    *out = m;
    return INGROEI_OK;
}
