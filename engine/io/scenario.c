/*
 * scenario.c - reads a scenario YAML file into struct ingroei_scenario, checking every
 * key, type and range on the way (the format is described in README.md).
 */
#include "yamlx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define IG_YEAR_MIN 1990
#define IG_YEAR_MAX 2100

void ingroei_scenario_free(ingroei_scenario *s)
{
    if (!s)
        return;
    free(s->file);
    free(s->name);
    free(s->description);
    free(s->dataset);
    free(s->historical_key);
    free(s->objective_key);
    for (size_t i = 0; i < s->budget.n_published; i++)
        free(s->budget.published[i].source);
    free(s->budget.published);
    free(s->budget.index_source);
    free(s->path.table);
    free(s);
}

static ingroei_status read_years(const ig_yaml *y, const yaml_node_t *node, ingroei_scenario *s,
                                 ingroei_error *err)
{
    static const char *const keys[] = {"first", "last", NULL};
    ingroei_status st = ig_yaml_mapping(y, node, "years", keys, keys, err);
    int64_t first, last;
    if (st == INGROEI_OK)
        st = ig_yaml_int(y, ig_yaml_get(y, node, "first"), "years.first", IG_YEAR_MIN, IG_YEAR_MAX,
                         &first, err);
    if (st == INGROEI_OK)
        st = ig_yaml_int(y, ig_yaml_get(y, node, "last"), "years.last", IG_YEAR_MIN, IG_YEAR_MAX,
                         &last, err);
    if (st != INGROEI_OK)
        return st;
    if (last < first)
        return ig_yaml_fail(y, ig_yaml_get(y, node, "last"), err, INGROEI_ERR_SCHEMA,
                            "years.last (%lld) is before years.first (%lld)", (long long)last,
                            (long long)first);
    s->first_year = (int)first;
    s->last_year = (int)last;
    return INGROEI_OK;
}

/* Reads the year of a mapping key such as `2023:` and checks that years increase. */
static ingroei_status read_year_key(const ig_yaml *y, const yaml_node_t *key, const char *where,
                                    int previous, int *year, ingroei_error *err)
{
    int64_t v;
    ingroei_status st = ig_yaml_int(y, key, where, IG_YEAR_MIN, IG_YEAR_MAX, &v, err);
    if (st != INGROEI_OK)
        return st;
    if (previous && v == previous)
        return ig_yaml_fail(y, key, err, INGROEI_ERR_SCHEMA, "%s: %lld is listed twice", where,
                            (long long)v);
    if (previous && v < previous)
        return ig_yaml_fail(y, key, err, INGROEI_ERR_SCHEMA,
                            "%s: years out of order: %lld after %d (expected increasing years)",
                            where, (long long)v, previous);
    *year = (int)v;
    return INGROEI_OK;
}

static ingroei_status read_budget(const ig_yaml *y, const yaml_node_t *node, ingroei_scenario *s,
                                  ingroei_error *err)
{
    static const char *const keys[] = {"published", "other_years", NULL};
    static const char *const req[] = {"published", NULL};
    ingroei_status st = ig_yaml_mapping(y, node, "budget", keys, req, err);
    if (st != INGROEI_OK)
        return st;
    yaml_node_t *pub = ig_yaml_get(y, node, "published");
    if (pub->type != YAML_MAPPING_NODE ||
        pub->data.mapping.pairs.top == pub->data.mapping.pairs.start)
        return ig_yaml_fail(y, pub, err, INGROEI_ERR_SCHEMA,
                            "budget.published: expected a mapping of year to {amount, source} "
                            "with at least one year");
    size_t n = (size_t)(pub->data.mapping.pairs.top - pub->data.mapping.pairs.start);
    s->budget.published = calloc(n, sizeof *s->budget.published);
    if (!s->budget.published)
        return ig_yaml_fail(y, pub, err, INGROEI_ERR_NOMEM, "out of memory");
    int previous = 0;
    for (yaml_node_pair_t *p = pub->data.mapping.pairs.start; p < pub->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node((yaml_document_t *)&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node((yaml_document_t *)&y->doc, p->value);
        ig_budget_point *bp = &s->budget.published[s->budget.n_published];
        static const char *const entry[] = {"amount", "source", NULL};
        int year = 0;
        char where[64];
        st = read_year_key(y, k, "budget.published", previous, &year, err);
        if (st != INGROEI_OK)
            return st;
        snprintf(where, sizeof where, "budget.published.%d", year);
        st = ig_yaml_mapping(y, v, where, entry, entry, err);
        int64_t amount = 0;
        char what[96];
        snprintf(what, sizeof what, "%s.amount", where);
        if (st == INGROEI_OK)
            st = ig_yaml_int(y, ig_yaml_get(y, v, "amount"), what, 1, INT64_C(1000000000000000),
                             &amount, err);
        snprintf(what, sizeof what, "%s.source", where);
        if (st == INGROEI_OK)
            st = ig_yaml_string(y, ig_yaml_get(y, v, "source"), what, &bp->source, err);
        if (st != INGROEI_OK)
            return st;
        bp->year = year;
        bp->amount = amount;
        bp->line = (int)k->start_mark.line + 1;
        bp->column = (int)k->start_mark.column + 1;
        s->budget.n_published++;
        previous = year;
    }
    yaml_node_t *other = ig_yaml_get(y, node, "other_years");
    if (other) {
        static const char *const okeys[] = {"rule", "percent", "source", NULL};
        static const char *const rules[] = {"index", NULL};
        int rule;
        s->budget.line = (int)other->start_mark.line + 1;
        s->budget.column = (int)other->start_mark.column + 1;
        st = ig_yaml_mapping(y, other, "budget.other_years", okeys, okeys, err);
        if (st == INGROEI_OK)
            st = ig_yaml_choice(y, ig_yaml_get(y, other, "rule"), "budget.other_years.rule", rules,
                                &rule, err);
        if (st == INGROEI_OK)
            st = ig_yaml_double(y, ig_yaml_get(y, other, "percent"), "budget.other_years.percent",
                                -50.0, 50.0, &s->budget.index_percent, err);
        if (st == INGROEI_OK)
            st = ig_yaml_string(y, ig_yaml_get(y, other, "source"), "budget.other_years.source",
                                &s->budget.index_source, err);
        if (st != INGROEI_OK)
            return st;
    } else {
        /* Without a rule every scenario year must be published. */
        for (int t = s->first_year; t <= s->last_year; t++) {
            bool found = false;
            for (size_t i = 0; i < s->budget.n_published; i++)
                found = found || s->budget.published[i].year == t;
            if (!found)
                return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                                    "budget: no amount for %d (add it under budget.published "
                                    "or give a rule under budget.other_years)",
                                    t);
        }
    }
    return INGROEI_OK;
}

static ingroei_status read_path_model(const ig_yaml *y, const yaml_node_t *node,
                                      ingroei_scenario *s, ingroei_error *err)
{
    static const char *const types[] = {"linear", "table", NULL};
    if (node->type != YAML_MAPPING_NODE)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "path: expected a mapping");
    yaml_node_t *type_node = ig_yaml_get(y, node, "type");
    if (!type_node)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "missing key 'type' in path (expected one of: linear, table)");
    int type = 0;
    ingroei_status st = ig_yaml_choice(y, type_node, "path.type", types, &type, err);
    if (st != INGROEI_OK)
        return st;
    if (type == 0) {
        static const char *const keys[] = {"type", "start", "length", NULL};
        int64_t start, length;
        st = ig_yaml_mapping(y, node, "path of type linear", keys, keys, err);
        if (st == INGROEI_OK)
            st = ig_yaml_int(y, ig_yaml_get(y, node, "start"), "path.start", IG_YEAR_MIN,
                             IG_YEAR_MAX, &start, err);
        if (st == INGROEI_OK)
            st =
                ig_yaml_int(y, ig_yaml_get(y, node, "length"), "path.length", 1, 100, &length, err);
        if (st != INGROEI_OK)
            return st;
        s->path.kind = IG_PATH_LINEAR;
        s->path.start = (int)start;
        s->path.length = (int)length;
        return INGROEI_OK;
    }
    static const char *const tkeys[] = {"type", "shares", "allow_decrease", NULL};
    static const char *const treq[] = {"type", "shares", NULL};
    st = ig_yaml_mapping(y, node, "path of type table", tkeys, treq, err);
    bool allow_decrease = false;
    yaml_node_t *ad = ig_yaml_get(y, node, "allow_decrease");
    if (st == INGROEI_OK && ad)
        st = ig_yaml_bool(y, ad, "path.allow_decrease", &allow_decrease, err);
    if (st != INGROEI_OK)
        return st;
    yaml_node_t *shares = ig_yaml_get(y, node, "shares");
    if (shares->type != YAML_MAPPING_NODE)
        return ig_yaml_fail(y, shares, err, INGROEI_ERR_SCHEMA,
                            "path.shares: expected a mapping of year to share");
    size_t n_years = (size_t)(s->last_year - s->first_year + 1);
    s->path.kind = IG_PATH_TABLE;
    s->path.table = calloc(n_years, sizeof *s->path.table);
    if (!s->path.table)
        return ig_yaml_fail(y, shares, err, INGROEI_ERR_NOMEM, "out of memory");
    int previous = 0;
    for (yaml_node_pair_t *p = shares->data.mapping.pairs.start; p < shares->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node((yaml_document_t *)&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node((yaml_document_t *)&y->doc, p->value);
        int year = 0;
        st = read_year_key(y, k, "path.shares", previous, &year, err);
        if (st != INGROEI_OK)
            return st;
        int expected = previous ? previous + 1 : s->first_year;
        if (year != expected)
            return ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA,
                                "path.shares: expected %d next (every year %d-%d once, in "
                                "order), got %d",
                                expected, s->first_year, s->last_year, year);
        if (year > s->last_year)
            return ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA,
                                "path.shares: %d is after years.last (%d)", year, s->last_year);
        char what[48];
        snprintf(what, sizeof what, "path.shares.%d", year);
        double share;
        st = ig_yaml_double(y, v, what, 0.0, 1.0, &share, err);
        if (st != INGROEI_OK)
            return st;
        size_t i = (size_t)(year - s->first_year);
        if (!allow_decrease && i > 0 && share < s->path.table[i - 1])
            return ig_yaml_fail(y, v, err, INGROEI_ERR_SCHEMA,
                                "%s: the share decreases (%s after a higher share); set "
                                "path.allow_decrease: true if that is meant",
                                what, ig_yaml_text(v));
        s->path.table[i] = share;
        previous = year;
    }
    if (previous != s->last_year)
        return ig_yaml_fail(y, shares, err, INGROEI_ERR_SCHEMA,
                            "path.shares: no share for %d (every year %d-%d is needed)",
                            previous ? previous + 1 : s->first_year, s->first_year, s->last_year);
    return INGROEI_OK;
}

ingroei_status ingroei_scenario_load(ingroei_scenario **out, const char *path, ingroei_error *err)
{
    ingroei_init();
    if (!out || !path)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no scenario file given");
    ig_yaml y;
    ingroei_status st = ig_yaml_load(&y, path, err);
    if (st != INGROEI_OK)
        return st;
    ingroei_scenario *s = calloc(1, sizeof *s);
    char *dir = ig_dirname(path);
    if (!s || !dir) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    s->file = ig_strdup(path);
    if (!s->file) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    memcpy(s->sha256, y.sha256, sizeof s->sha256);
    s->boundaries = 2025;
    s->rounding = IG_ROUND_EXACT_TOTAL;
    yaml_node_t *root = ig_yaml_root(&y);
    static const char *const keys[] = {"scenario",      "name",  "description", "dataset",
                                       "boundaries",    "years", "budget",      "historical_key",
                                       "objective_key", "path",  "rounding",    NULL};
    static const char *const req[] = {"scenario",      "name",   "dataset",
                                      "years",         "budget", "historical_key",
                                      "objective_key", "path",   NULL};
    st = ig_yaml_mapping(&y, root, "the scenario", keys, req, err);
    int64_t boundaries = 0;
    if (st == INGROEI_OK)
        st = ig_yaml_version(&y, ig_yaml_get(&y, root, "scenario"), "scenario", 1, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(&y, ig_yaml_get(&y, root, "name"), "name", &s->name, err);
    yaml_node_t *n;
    if (st == INGROEI_OK && (n = ig_yaml_get(&y, root, "description")))
        st = ig_yaml_string(&y, n, "description", &s->description, err);
    if (st == INGROEI_OK)
        st = ig_yaml_path(&y, ig_yaml_get(&y, root, "dataset"), "dataset", dir, &s->dataset, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(&y, root, "boundaries"))) {
        st = ig_yaml_int(&y, n, "boundaries", IG_YEAR_MIN, IG_YEAR_MAX, &boundaries, err);
        if (st == INGROEI_OK) {
            s->boundaries = (int)boundaries;
            s->boundaries_line = (int)n->start_mark.line + 1;
            s->boundaries_column = (int)n->start_mark.column + 1;
        }
    }
    if (st == INGROEI_OK)
        st = read_years(&y, ig_yaml_get(&y, root, "years"), s, err);
    if (st == INGROEI_OK)
        st = read_budget(&y, ig_yaml_get(&y, root, "budget"), s, err);
    if (st == INGROEI_OK)
        st = ig_yaml_path(&y, ig_yaml_get(&y, root, "historical_key"), "historical_key", dir,
                          &s->historical_key, err);
    if (st == INGROEI_OK)
        st = ig_yaml_path(&y, ig_yaml_get(&y, root, "objective_key"), "objective_key", dir,
                          &s->objective_key, err);
    if (st == INGROEI_OK)
        st = read_path_model(&y, ig_yaml_get(&y, root, "path"), s, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(&y, root, "rounding"))) {
        static const char *const modes[] = {"per-line", "exact-total", NULL};
        int mode = 1;
        st = ig_yaml_choice(&y, n, "rounding", modes, &mode, err);
        s->rounding = mode == 0 ? IG_ROUND_PER_LINE : IG_ROUND_EXACT_TOTAL;
    }
    /* The files the scenario names must be there now, so that a mistake is reported
     * at the line that names them. */
    if (st == INGROEI_OK)
        st = ig_yaml_check_file(&y, ig_yaml_get(&y, root, "dataset"), "dataset", s->dataset, true,
                                err);
    if (st == INGROEI_OK)
        st = ig_yaml_check_file(&y, ig_yaml_get(&y, root, "historical_key"), "historical_key",
                                s->historical_key, false, err);
    if (st == INGROEI_OK)
        st = ig_yaml_check_file(&y, ig_yaml_get(&y, root, "objective_key"), "objective_key",
                                s->objective_key, false, err);
done:
    ig_yaml_clear(&y);
    free(dir);
    if (st != INGROEI_OK) {
        ingroei_scenario_free(s);
        return st;
    }
    *out = s;
    return INGROEI_OK;
}
