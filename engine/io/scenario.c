/*
 * scenario.c - reads a scenario YAML file into struct ingroei_scenario, checking every
 * key, type and range on the way (the format is described in README.md).
 */
#include "io/yamlx.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define IG_YEAR_MIN 1990
#define IG_YEAR_MAX 2100

/* ---- the one check of a value (io.h) ------------------------------------------------ */

bool ig_field_whole(ig_field f)
{
    return f == IG_FIELD_PATH_START || f == IG_FIELD_PATH_LENGTH || f == IG_FIELD_PATH_END ||
           f == IG_FIELD_MUTATION_AMOUNT;
}

/* A bound for a message: whole numbers as integers, others with up to six decimals. */
static void put_bound(ig_buf *b, double x)
{
    if (x == floor(x) && fabs(x) < 9e18)
        ig_buf_printf(b, "%lld", (long long)x);
    else
        ig_put_decimal(b, x);
}

/* why = "is out of range (expected lo to hi)" */
static bool out_of_range(double lo, double hi, char *why, size_t size)
{
    ig_buf a = {0}, b = {0};
    put_bound(&a, lo);
    put_bound(&b, hi);
    snprintf(why, size, "is out of range (expected %s to %s)", a.data ? a.data : "?",
             b.data ? b.data : "?");
    ig_buf_free(&a);
    ig_buf_free(&b);
    return false;
}

bool ig_scenario_check(const ingroei_scenario *s, ig_field f, double v, char *why, size_t size)
{
    static const struct {
        double lo, hi;
    } range[] = {
        [IG_FIELD_PATH_START] = {IG_YEAR_MIN, IG_YEAR_MAX},
        [IG_FIELD_PATH_LENGTH] = {1, 100},
        [IG_FIELD_PATH_END] = {IG_YEAR_MIN, IG_YEAR_MAX},
        [IG_FIELD_PATH_OUTFLOW] = {0.0, 1.0},
        [IG_FIELD_PATH_STEEPNESS] = {0.01, 20.0},
        [IG_FIELD_PATH_MIDPOINT] = {IG_YEAR_MIN - 1, IG_YEAR_MAX},
        [IG_FIELD_CAP_LOSS] = {0.0, 1e6},
        [IG_FIELD_CAP_GAIN] = {0.0, 1e6},
        [IG_FIELD_BUDGET_INDEX] = {-50.0, 50.0},
        [IG_FIELD_MUTATION_PERCENT] = {-50.0, 50.0},
        [IG_FIELD_MUTATION_AMOUNT] = {-1e15, 1e15},
        [IG_FIELD_CAP_MIN_RATIO] = {0.0, 1.0},
        [IG_FIELD_CAP_MAX_RATIO] = {1.0, 1e6},
    };
    const ig_path *p = &s->path;
    if (!isfinite(v)) {
        snprintf(why, size, "is not a number");
        return false;
    }
    if (ig_field_whole(f) && v != floor(v)) {
        snprintf(why, size, "is not a whole number");
        return false;
    }
    double lo = range[f].lo, hi = range[f].hi;
    if (f == IG_FIELD_PATH_MIDPOINT) { /* from the year before the start to the end */
        lo = p->start - 1;
        hi = p->end;
    }
    if (!(v >= lo && v <= hi))
        return out_of_range(lo, hi, why, size);
    if (f == IG_FIELD_CAP_MIN_RATIO && v <= 0) {
        snprintf(why, size, "is not above 0 (a floor of none of the reference is no floor)");
        return false;
    }
    if (f == IG_FIELD_PATH_END && v <= p->start) {
        snprintf(why, size,
                 "is not after path.start (%d): path.end is the first fully objective year",
                 p->start);
        return false;
    }
    if (f == IG_FIELD_PATH_START && p->kind == IG_PATH_SCURVE) {
        ig_buf m = {0};
        ig_put_decimal(&m, p->midpoint);
        if (v >= p->end)
            snprintf(why, size,
                     "is not before path.end (%d), the first fully objective year of the "
                     "s-curve",
                     p->end);
        else if (v - 1 > p->midpoint)
            snprintf(why, size,
                     "is after path.midpoint (%s) + 1 (the midpoint lies from the year before "
                     "path.start to path.end)",
                     m.data ? m.data : "?");
        ig_buf_free(&m);
        return !(v >= p->end || v - 1 > p->midpoint);
    }
    return true;
}

/* Reads the number of field f at `node` (whole where the field is) and checks it with
 * ig_scenario_check against the fields of s read so far. */
static ingroei_status read_field(const ig_yaml *y, const yaml_node_t *node, const char *what,
                                 const ingroei_scenario *s, ig_field f, double *out,
                                 ingroei_error *err)
{
    ingroei_status st;
    double v = 0;
    if (ig_field_whole(f)) {
        int64_t i = 0;
        st = ig_yaml_int(y, node, what, INT64_MIN, INT64_MAX, &i, err);
        v = (double)i;
        if (st == INGROEI_OK && (i > (int64_t)1e15 || i < -(int64_t)1e15))
            v = i > 0 ? 1e16 : -1e16; /* out of every whole field's range, exactly */
    } else {
        st = ig_yaml_double(y, node, what, -DBL_MAX, DBL_MAX, &v, err);
    }
    char why[256];
    if (st == INGROEI_OK && !ig_scenario_check(s, f, v, why, sizeof why))
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "%s: %s %s", what, ig_yaml_text(node),
                          why);
    if (st == INGROEI_OK)
        *out = v;
    return st;
}

static void budget_rule_clear(ig_budget_rule *rule)
{
    for (size_t i = 0; i < rule->n_published; i++)
        free(rule->published[i].source);
    free(rule->published);
    free(rule->index_source);
    free(rule->base.source);
    for (size_t i = 0; i < rule->n_mutations; i++) {
        free(rule->mutations[i].name);
        free(rule->mutations[i].source);
    }
    free(rule->mutations);
}

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
    budget_rule_clear(&s->budget);
    budget_rule_clear(&s->objective_budget);
    free(s->path.table);
    free(s->path.remaining);
    free(s->path_source);
    free(s->cap.max_loss);
    free(s->cap.max_gain);
    free(s->cap.min_ratio);
    free(s->cap.max_ratio);
    free(s->cap.source);
    free(s->regions);
    for (size_t i = 0; i < s->n_hist_per_year; i++)
        free(s->hist_per_year[i].value);
    free(s->hist_per_year);
    for (size_t i = 0; i < s->n_volumes_per_year; i++)
        free(s->volumes_per_year[i].value);
    free(s->volumes_per_year);
    for (size_t i = 0; s->regelingen && i < s->n_regelingen; i++) {
        free(s->regelingen[i].regeling);
        free(s->regelingen[i].reason);
        ingroei_scenario_free(s->regelingen[i].sc);
    }
    free(s->regelingen);
    for (size_t i = 0; i < s->n_arrangements; i++) {
        ig_arrangement *a = &s->arrangements[i];
        free(a->name);
        free(a->source);
        free(a->document);
        for (size_t j = 0; j < a->n_payments; j++)
            free(a->payments[j].gemeente);
        free(a->payments);
    }
    free(s->arrangements);
    free(s);
}

const char *ingroei_scenario_name(const ingroei_scenario *s)
{
    return s ? s->name : NULL;
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

/* {amount, source} of a budget year (`where` names it in messages). */
static ingroei_status read_amount_point(const ig_yaml *y, const yaml_node_t *v, const char *where,
                                        int year, bool is_base, ig_budget_point *bp,
                                        ingroei_error *err)
{
    static const char *const entry[] = {"amount", "source", NULL};
    static const char *const base_entry[] = {"year", "amount", "source", NULL};
    char ctx[128], what[160];
    if (is_base)
        snprintf(ctx, sizeof ctx, "%s", where);
    else
        snprintf(ctx, sizeof ctx, "%s.%d", where, year);
    ingroei_status st =
        ig_yaml_mapping(y, v, ctx, is_base ? base_entry : entry, is_base ? base_entry : entry, err);
    int64_t amount = 0;
    snprintf(what, sizeof what, "%s.amount", ctx);
    if (st == INGROEI_OK)
        st = ig_yaml_int(y, ig_yaml_get(y, v, "amount"), what, 1, INT64_C(1000000000000000),
                         &amount, err);
    snprintf(what, sizeof what, "%s.source", ctx);
    if (st == INGROEI_OK)
        st = ig_yaml_string(y, ig_yaml_get(y, v, "source"), what, &bp->source, err);
    bp->year = year;
    bp->amount = amount;
    bp->line = (int)v->start_mark.line + 1;
    bp->column = (int)v->start_mark.column + 1;
    return st;
}

/* `published` (and `other_years`) of a budget: amounts per year with their sources. */
static ingroei_status read_published(const ig_yaml *y, const yaml_node_t *node, const char *where,
                                     const ingroei_scenario *s, ig_budget_rule *rule,
                                     ingroei_error *err)
{
    char what[128];
    yaml_node_t *pub = ig_yaml_get(y, node, "published");
    if (pub->type != YAML_MAPPING_NODE ||
        pub->data.mapping.pairs.top == pub->data.mapping.pairs.start)
        return ig_yaml_fail(y, pub, err, INGROEI_ERR_SCHEMA,
                            "%s.published: expected a mapping of year to {amount, source} with at "
                            "least one year",
                            where);
    size_t n = (size_t)(pub->data.mapping.pairs.top - pub->data.mapping.pairs.start);
    rule->published = calloc(n, sizeof *rule->published);
    if (!rule->published)
        return ig_yaml_fail(y, pub, err, INGROEI_ERR_NOMEM, "out of memory");
    int previous = 0;
    snprintf(what, sizeof what, "%s.published", where);
    for (yaml_node_pair_t *p = pub->data.mapping.pairs.start; p < pub->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node((yaml_document_t *)&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node((yaml_document_t *)&y->doc, p->value);
        ig_budget_point *bp = &rule->published[rule->n_published];
        int year = 0;
        ingroei_status st = read_year_key(y, k, what, previous, &year, err);
        if (st == INGROEI_OK)
            st = read_amount_point(y, v, what, year, false, bp, err);
        if (st != INGROEI_OK)
            return st;
        bp->line = (int)k->start_mark.line + 1;
        bp->column = (int)k->start_mark.column + 1;
        rule->n_published++;
        previous = year;
    }
    yaml_node_t *other = ig_yaml_get(y, node, "other_years");
    if (other) {
        static const char *const okeys[] = {"rule", "percent", "source", NULL};
        static const char *const rules[] = {"index", NULL};
        int kind = 0;
        rule->line = (int)other->start_mark.line + 1;
        rule->column = (int)other->start_mark.column + 1;
        snprintf(what, sizeof what, "%s.other_years", where);
        ingroei_status st = ig_yaml_mapping(y, other, what, okeys, okeys, err);
        snprintf(what, sizeof what, "%s.other_years.rule", where);
        if (st == INGROEI_OK)
            st = ig_yaml_choice(y, ig_yaml_get(y, other, "rule"), what, rules, &kind, err);
        snprintf(what, sizeof what, "%s.other_years.percent", where);
        if (st == INGROEI_OK)
            st = read_field(y, ig_yaml_get(y, other, "percent"), what, s, IG_FIELD_BUDGET_INDEX,
                            &rule->index_percent, err);
        snprintf(what, sizeof what, "%s.other_years.source", where);
        if (st == INGROEI_OK)
            st = ig_yaml_string(y, ig_yaml_get(y, other, "source"), what, &rule->index_source, err);
        return st;
    }
    /* Without a rule every scenario year must be published. */
    for (int t = s->first_year; t <= s->last_year; t++) {
        bool found = false;
        for (size_t i = 0; i < rule->n_published; i++)
            found = found || rule->published[i].year == t;
        if (!found)
            return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                                "%s: no amount for %d (add it under %s.published or give a rule "
                                "under %s.other_years)",
                                where, t, where, where);
    }
    return INGROEI_OK;
}

/* One mutation of a budget's base form. */
static ingroei_status read_mutation(const ig_yaml *y, const yaml_node_t *node, const char *where,
                                    const ingroei_scenario *s, ig_mutation *m, ingroei_error *err)
{
    static const char *const keys[] = {"name", "type", "percent", "amount",
                                       "from", "to",   "source",  NULL};
    static const char *const req[] = {"name", "type", "from", "source", NULL};
    static const char *const types[] = {"index", "structural", "incidental", NULL};
    char what[160];
    int type = 0;
    int64_t from = 0, to = INT_MAX;
    m->line = (int)node->start_mark.line + 1;
    m->column = (int)node->start_mark.column + 1;
    ingroei_status st = ig_yaml_mapping(y, node, where, keys, req, err);
    snprintf(what, sizeof what, "%s.type", where);
    if (st == INGROEI_OK)
        st = ig_yaml_choice(y, ig_yaml_get(y, node, "type"), what, types, &type, err);
    snprintf(what, sizeof what, "%s.name", where);
    if (st == INGROEI_OK)
        st = ig_yaml_string(y, ig_yaml_get(y, node, "name"), what, &m->name, err);
    snprintf(what, sizeof what, "%s.from", where);
    if (st == INGROEI_OK)
        st = ig_yaml_int(y, ig_yaml_get(y, node, "from"), what, IG_YEAR_MIN, IG_YEAR_MAX, &from,
                         err);
    yaml_node_t *to_node = ig_yaml_get(y, node, "to"), *pct = ig_yaml_get(y, node, "percent"),
                *amt = ig_yaml_get(y, node, "amount");
    snprintf(what, sizeof what, "%s.to", where);
    if (st == INGROEI_OK && to_node)
        st = ig_yaml_int(y, to_node, what, from, IG_YEAR_MAX, &to, err);
    m->kind = type == 0 ? IG_MUT_INDEX : type == 1 ? IG_MUT_STRUCTURAL : IG_MUT_INCIDENTAL;
    if (st == INGROEI_OK && m->kind == IG_MUT_STRUCTURAL && to_node)
        st = ig_yaml_fail(y, to_node, err, INGROEI_ERR_SCHEMA,
                          "%s: a structural mutation lasts (give no 'to'; for a change in some "
                          "years only, use type incidental)",
                          where);
    if (st == INGROEI_OK && m->kind == IG_MUT_INDEX) {
        snprintf(what, sizeof what, "%s.percent", where);
        st = pct ? read_field(y, pct, what, s, IG_FIELD_MUTATION_PERCENT, &m->percent, err)
                 : ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                                "missing key 'percent' in %s (an index mutation)", where);
        if (st == INGROEI_OK && amt)
            st = ig_yaml_fail(y, amt, err, INGROEI_ERR_SCHEMA,
                              "%s: an index mutation has a percent, not an amount", where);
    } else if (st == INGROEI_OK) {
        snprintf(what, sizeof what, "%s.amount", where);
        double amount = 0;
        st = amt ? read_field(y, amt, what, s, IG_FIELD_MUTATION_AMOUNT, &amount, err)
                 : ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "missing key 'amount' in %s",
                                where);
        m->amount = (int64_t)amount;
        if (st == INGROEI_OK && pct)
            st = ig_yaml_fail(y, pct, err, INGROEI_ERR_SCHEMA,
                              "%s: only an index mutation has a percent", where);
    }
    snprintf(what, sizeof what, "%s.source", where);
    if (st == INGROEI_OK)
        st = ig_yaml_string(y, ig_yaml_get(y, node, "source"), what, &m->source, err);
    if (st == INGROEI_OK && m->kind == IG_MUT_INCIDENTAL && !to_node)
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "missing key 'to' in %s (an incidental mutation ends; for a lasting "
                          "change use type structural)",
                          where);
    if (st == INGROEI_OK && from > s->last_year)
        st = ig_yaml_fail(y, ig_yaml_get(y, node, "from"), err, INGROEI_ERR_SCHEMA,
                          "%s.from: %lld is after years.last (%d): the mutation would change "
                          "nothing",
                          where, (long long)from, s->last_year);
    m->from = (int)from;
    m->to = (int)to;
    return st;
}

/* `base` and `mutations` of a budget. */
static ingroei_status read_base(const ig_yaml *y, const yaml_node_t *node, const char *where,
                                const ingroei_scenario *s, ig_budget_rule *rule, ingroei_error *err)
{
    static const char *const bkeys[] = {"year", "amount", "source", NULL};
    char what[128];
    yaml_node_t *base = ig_yaml_get(y, node, "base");
    int64_t year = 0;
    rule->has_base = true;
    rule->line = (int)base->start_mark.line + 1;
    rule->column = (int)base->start_mark.column + 1;
    snprintf(what, sizeof what, "%s.base", where);
    ingroei_status st = ig_yaml_mapping(y, base, what, bkeys, bkeys, err);
    yaml_node_t *yn = st == INGROEI_OK ? ig_yaml_get(y, base, "year") : NULL;
    snprintf(what, sizeof what, "%s.base.year", where);
    if (st == INGROEI_OK)
        st = ig_yaml_int(y, yn, what, IG_YEAR_MIN, IG_YEAR_MAX, &year, err);
    if (st == INGROEI_OK && year > s->first_year)
        st = ig_yaml_fail(y, yn, err, INGROEI_ERR_SCHEMA,
                          "%s: %lld is after years.first (%d); a base amount can only be carried "
                          "forward (use %s.published for earlier years)",
                          what, (long long)year, s->first_year, where);
    snprintf(what, sizeof what, "%s.base", where);
    if (st == INGROEI_OK)
        st = read_amount_point(y, base, what, (int)year, true, &rule->base, err);
    if (st != INGROEI_OK)
        return st;
    yaml_node_t *list = ig_yaml_get(y, node, "mutations");
    if (!list)
        return INGROEI_OK;
    if (list->type != YAML_SEQUENCE_NODE)
        return ig_yaml_fail(y, list, err, INGROEI_ERR_SCHEMA,
                            "%s.mutations: expected a list of mutations", where);
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    rule->mutations = calloc(n ? n : 1, sizeof *rule->mutations);
    if (!rule->mutations)
        return ig_yaml_fail(y, list, err, INGROEI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item =
            yaml_document_get_node((yaml_document_t *)&y->doc, list->data.sequence.items.start[i]);
        snprintf(what, sizeof what, "%s.mutations[%zu]", where, i);
        rule->n_mutations = i + 1;
        ig_mutation *m = &rule->mutations[i];
        st = read_mutation(y, item, what, s, m, err);
        if (st == INGROEI_OK && m->kind != IG_MUT_INDEX && m->from <= rule->base.year)
            st = ig_yaml_fail(y, item, err, INGROEI_ERR_SCHEMA,
                              "%s: from %d is not after the base year %d (a change up to the "
                              "base year belongs in the base amount)",
                              what, m->from, rule->base.year);
        for (size_t j = 0; st == INGROEI_OK && j < i; j++)
            if (!strcmp(rule->mutations[j].name, m->name))
                st = ig_yaml_fail(y, item, err, INGROEI_ERR_SCHEMA,
                                  "%s: the name '%s' is used twice (budget_opbouw.csv tells "
                                  "mutations apart by name)",
                                  what, m->name);
        if (st != INGROEI_OK)
            return st;
    }
    return INGROEI_OK;
}

/* A budget: either `published` (with `other_years`) or `base` (with `mutations`). */
static ingroei_status read_budget(const ig_yaml *y, const yaml_node_t *node, const char *where,
                                  const ingroei_scenario *s, ig_budget_rule *rule,
                                  ingroei_error *err)
{
    static const char *const keys[] = {"published", "other_years", "base", "mutations", NULL};
    ingroei_status st = ig_yaml_mapping(y, node, where, keys, NULL, err);
    if (st != INGROEI_OK)
        return st;
    yaml_node_t *pub = ig_yaml_get(y, node, "published"), *base = ig_yaml_get(y, node, "base");
    if (!pub == !base)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "%s: give either 'published' amounts (with 'other_years') or a "
                            "'base' amount (with 'mutations'), not %s",
                            where, pub ? "both" : "neither");
    if (pub) {
        yaml_node_t *extra = ig_yaml_get(y, node, "mutations");
        if (extra)
            return ig_yaml_fail(y, extra, err, INGROEI_ERR_SCHEMA,
                                "%s.mutations: mutations go with a 'base' amount, not with "
                                "'published' amounts",
                                where);
        return read_published(y, node, where, s, rule, err);
    }
    yaml_node_t *extra = ig_yaml_get(y, node, "other_years");
    if (extra)
        return ig_yaml_fail(y, extra, err, INGROEI_ERR_SCHEMA,
                            "%s.other_years: a 'base' amount is carried forward by its "
                            "mutations; other_years goes with 'published' amounts",
                            where);
    return read_base(y, node, where, s, rule, err);
}

/* Reads `start` of a path: the first year with an objective share. */
static ingroei_status read_start(const ig_yaml *y, const yaml_node_t *node,
                                 ingroei_scenario *s, ingroei_error *err)
{
    double v = 0;
    ingroei_status st = read_field(y, ig_yaml_get(y, node, "start"), "path.start", s,
                                   IG_FIELD_PATH_START, &v, err);
    s->path.start = (int)v;
    return st;
}

static ingroei_status read_linear(const ig_yaml *y, const yaml_node_t *node, ingroei_scenario *s,
                                  ingroei_error *err)
{
    static const char *const keys[] = {"type", "start", "length", "source", NULL};
    static const char *const req[] = {"type", "start", "length", NULL};
    ig_path *path = &s->path;
    double length = 0;
    ingroei_status st = ig_yaml_mapping(y, node, "path of type linear", keys, req, err);
    if (st == INGROEI_OK)
        st = read_start(y, node, s, err);
    if (st == INGROEI_OK)
        st = read_field(y, ig_yaml_get(y, node, "length"), "path.length", s, IG_FIELD_PATH_LENGTH,
                        &length, err);
    path->kind = IG_PATH_LINEAR;
    path->length = (int)length;
    return st;
}

static ingroei_status read_table(const ig_yaml *y, const yaml_node_t *node, ingroei_scenario *s,
                                 ingroei_error *err)
{
    static const char *const keys[] = {"type", "shares", "allow_decrease", "source", NULL};
    static const char *const req[] = {"type", "shares", NULL};
    ingroei_status st = ig_yaml_mapping(y, node, "path of type table", keys, req, err);
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

/* A cohort path: existing clients stay historical and leave care at a yearly outflow
 * rate, or by a table of the share still in care after 1, 2, ... years. */
static ingroei_status read_cohort(const ig_yaml *y, const yaml_node_t *node, ingroei_scenario *s,
                                  ingroei_error *err)
{
    ig_path *path = &s->path;
    static const char *const keys[] = {"type", "start", "outflow", "remaining", "source", NULL};
    static const char *const req[] = {"type", "start", NULL};
    ingroei_status st = ig_yaml_mapping(y, node, "path of type cohort", keys, req, err);
    if (st == INGROEI_OK)
        st = read_start(y, node, s, err);
    if (st != INGROEI_OK)
        return st;
    path->kind = IG_PATH_COHORT;
    yaml_node_t *outflow = ig_yaml_get(y, node, "outflow"),
                *remaining = ig_yaml_get(y, node, "remaining");
    if (!outflow == !remaining)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "path of type cohort: give either 'outflow' (the yearly share of "
                            "existing clients leaving care) or 'remaining' (the share still in "
                            "care after 1, 2, ... years), not %s",
                            outflow ? "both" : "neither");
    if (outflow)
        return read_field(y, outflow, "path.outflow", s, IG_FIELD_PATH_OUTFLOW, &path->outflow,
                          err);
    path->outflow = -1.0;
    if (remaining->type != YAML_SEQUENCE_NODE ||
        remaining->data.sequence.items.top == remaining->data.sequence.items.start)
        return ig_yaml_fail(y, remaining, err, INGROEI_ERR_SCHEMA,
                            "path.remaining: expected a list of shares (after 1, 2, ... years)");
    size_t n = (size_t)(remaining->data.sequence.items.top - remaining->data.sequence.items.start);
    path->remaining = calloc(n, sizeof *path->remaining);
    if (!path->remaining)
        return ig_yaml_fail(y, remaining, err, INGROEI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *v = yaml_document_get_node((yaml_document_t *)&y->doc,
                                                remaining->data.sequence.items.start[i]);
        char what[48];
        snprintf(what, sizeof what, "path.remaining[%zu]", i);
        st = ig_yaml_double(y, v, what, 0.0, 1.0, &path->remaining[i], err);
        if (st != INGROEI_OK)
            return st;
        if (i > 0 && path->remaining[i] > path->remaining[i - 1])
            return ig_yaml_fail(y, v, err, INGROEI_ERR_SCHEMA,
                                "%s: the share still in care rises (%s after a lower share); "
                                "clients who left do not come back",
                                what, ig_yaml_text(v));
        path->n_remaining = i + 1;
    }
    return INGROEI_OK;
}

/* A logistic path: slow at the start, fast in the middle, slow at the end. */
static ingroei_status read_scurve(const ig_yaml *y, const yaml_node_t *node, ingroei_scenario *s,
                                  ingroei_error *err)
{
    static const char *const keys[] = {"type",      "start",  "end", "midpoint",
                                       "steepness", "source", NULL};
    static const char *const req[] = {"type", "start", "end", "steepness", NULL};
    ig_path *path = &s->path;
    double end = 0;
    ingroei_status st = ig_yaml_mapping(y, node, "path of type s-curve", keys, req, err);
    if (st == INGROEI_OK)
        st = read_start(y, node, s, err);
    if (st == INGROEI_OK)
        st = read_field(y, ig_yaml_get(y, node, "end"), "path.end", s, IG_FIELD_PATH_END, &end,
                        err);
    if (st != INGROEI_OK)
        return st;
    path->kind = IG_PATH_SCURVE;
    path->end = (int)end;
    path->midpoint = (path->start - 1 + path->end) / 2.0;
    yaml_node_t *mid = ig_yaml_get(y, node, "midpoint");
    if (mid)
        st = read_field(y, mid, "path.midpoint", s, IG_FIELD_PATH_MIDPOINT, &path->midpoint, err);
    if (st == INGROEI_OK)
        st = read_field(y, ig_yaml_get(y, node, "steepness"), "path.steepness", s,
                        IG_FIELD_PATH_STEEPNESS, &path->steepness, err);
    return st;
}

/* A limit per inhabitant for every year (a number) or for listed years (a mapping of
 * year to number); out[y] is NAN for years without one. */
static ingroei_status read_limit(const ig_yaml *y, const yaml_node_t *node, const char *what,
                                 const ingroei_scenario *s, ig_field f, double *out,
                                 ingroei_error *err)
{
    size_t n_years = (size_t)(s->last_year - s->first_year + 1);
    if (node->type == YAML_SCALAR_NODE) {
        double v = NAN;
        ingroei_status st = read_field(y, node, what, s, f, &v, err);
        for (size_t i = 0; i < n_years; i++)
            out[i] = v;
        return st;
    }
    if (node->type != YAML_MAPPING_NODE)
        return ig_yaml_fail(
            y, node, err, INGROEI_ERR_SCHEMA, "%s: expected %s, or a mapping of year to %s", what,
            f == IG_FIELD_CAP_MIN_RATIO || f == IG_FIELD_CAP_MAX_RATIO ? "a ratio"
                                                                       : "euro per inhabitant",
            f == IG_FIELD_CAP_MIN_RATIO || f == IG_FIELD_CAP_MAX_RATIO ? "a ratio"
                                                                       : "euro per inhabitant");
    int previous = 0;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node((yaml_document_t *)&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node((yaml_document_t *)&y->doc, p->value);
        int year = 0;
        ingroei_status st = read_year_key(y, k, what, previous, &year, err);
        if (st == INGROEI_OK && (year < s->first_year || year > s->last_year))
            st =
                ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA, "%s: %d is not a scenario year (%d-%d)",
                             what, year, s->first_year, s->last_year);
        char w[96];
        snprintf(w, sizeof w, "%s.%d", what, year);
        if (st == INGROEI_OK)
            st = read_field(y, v, w, s, f, &out[year - s->first_year], err);
        if (st != INGROEI_OK)
            return st;
        previous = year;
    }
    return INGROEI_OK;
}

/* The optional `cumulative` part of a cap: limits over a period of years. */
static ingroei_status read_cumulative(const ig_yaml *y, const yaml_node_t *node,
                                      ingroei_scenario *s, ingroei_error *err)
{
    static const char *const keys[] = {"from", "to", "max_loss_per_inhabitant",
                                       "max_gain_per_inhabitant", NULL};
    static const char *const req[] = {"from", "to", NULL};
    ig_cap *cap = &s->cap;
    int64_t from = 0, to = 0;
    ingroei_status st = ig_yaml_mapping(y, node, "cap.cumulative", keys, req, err);
    yaml_node_t *f = ig_yaml_get(y, node, "from"),
                *loss = ig_yaml_get(y, node, "max_loss_per_inhabitant"),
                *gain = ig_yaml_get(y, node, "max_gain_per_inhabitant");
    if (st == INGROEI_OK)
        st = ig_yaml_int(y, f, "cap.cumulative.from", s->first_year + 1, s->last_year, &from, err);
    if (st == INGROEI_OK)
        st = ig_yaml_int(y, ig_yaml_get(y, node, "to"), "cap.cumulative.to", from, s->last_year,
                         &to, err);
    if (st == INGROEI_OK && !loss && !gain)
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "cap.cumulative: give max_loss_per_inhabitant, max_gain_per_inhabitant "
                          "or both");
    cap->cum_max_loss = cap->cum_max_gain = INFINITY;
    if (st == INGROEI_OK && loss)
        st = ig_yaml_double(y, loss, "cap.cumulative.max_loss_per_inhabitant", 0.0, 1e6,
                            &cap->cum_max_loss, err);
    if (st == INGROEI_OK && gain)
        st = ig_yaml_double(y, gain, "cap.cumulative.max_gain_per_inhabitant", 0.0, 1e6,
                            &cap->cum_max_gain, err);
    cap->cumulative = true;
    cap->cum_from = (int)from;
    cap->cum_to = (int)to;
    return st;
}

/* The optional `guarantee` of a cap: at least a base year's allocation (README, "Caps"). */
static ingroei_status read_guarantee(const ig_yaml *y, const yaml_node_t *node, ingroei_scenario *s,
                                     ingroei_error *err)
{
    static const char *const keys[] = {"base_year", "rule", "factor", "years", NULL};
    static const char *const req[] = {"base_year", "rule", NULL};
    static const char *const rules[] = {"enacted", "rebased", "phased_out", NULL};
    ig_guarantee *g = &s->cap.guarantee;
    int64_t base = 0, years = 0;
    int rule = 0;
    yaml_node_t *factor = ig_yaml_get(y, node, "factor"), *n_years = ig_yaml_get(y, node, "years");
    ingroei_status st = ig_yaml_mapping(y, node, "cap.guarantee", keys, req, err);
    if (st == INGROEI_OK)
        st = ig_yaml_int(y, ig_yaml_get(y, node, "base_year"), "cap.guarantee.base_year",
                         s->first_year, s->last_year - 1, &base, err);
    if (st == INGROEI_OK)
        st = ig_yaml_choice(y, ig_yaml_get(y, node, "rule"), "cap.guarantee.rule", rules, &rule,
                            err);
    g->factor = 1.0;
    if (st == INGROEI_OK && rule == 1 && !factor)
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "cap.guarantee: rule rebased needs a factor (the share of the base "
                          "year's allocation that is guaranteed)");
    if (st == INGROEI_OK && rule != 1 && factor)
        st = ig_yaml_fail(y, factor, err, INGROEI_ERR_SCHEMA,
                          "cap.guarantee.factor: only rule rebased has a factor");
    if (st == INGROEI_OK && factor)
        st = ig_yaml_double(y, factor, "cap.guarantee.factor", 0.0, 10.0, &g->factor, err);
    if (st == INGROEI_OK && factor && !(g->factor > 0))
        st = ig_yaml_fail(y, factor, err, INGROEI_ERR_SCHEMA,
                          "cap.guarantee.factor: %s is not above 0", ig_yaml_text(factor));
    if (st == INGROEI_OK && rule == 2 && !n_years)
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "cap.guarantee: rule phased_out needs years (the years after the "
                          "base year over which the guarantee decreases to nothing)");
    if (st == INGROEI_OK && n_years)
        st = ig_yaml_int(y, n_years, "cap.guarantee.years", 1, 100, &years, err);
    g->rule = rule == 0   ? IG_GUARANTEE_ENACTED
              : rule == 1 ? IG_GUARANTEE_REBASED
                          : IG_GUARANTEE_PHASED_OUT;
    g->base_year = (int)base;
    g->years = (int)years;
    return st;
}

/* `cap`: limits on the change of a gemeente's allocation per inhabitant (README, "Caps"). */
static ingroei_status read_cap(const ig_yaml *y, const yaml_node_t *node, ingroei_scenario *s,
                               ingroei_error *err)
{
    static const char *const keys[] = {"reference",
                                       "max_loss_per_inhabitant",
                                       "max_gain_per_inhabitant",
                                       "cumulative",
                                       "min_ratio",
                                       "max_ratio",
                                       "guarantee",
                                       "if_infeasible",
                                       "source",
                                       NULL};
    static const char *const req[] = {"reference", "source", NULL};
    static const char *const refs[] = {"previous-year", "previous-year-nominal", "historical",
                                       NULL};
    static const char *const modes[] = {"error", "uncapped", NULL};
    ig_cap *cap = &s->cap;
    size_t n_years = (size_t)(s->last_year - s->first_year + 1);
    cap->enabled = true;
    cap->tolerance = 1e-6;
    cap->line = (int)node->start_mark.line + 1;
    cap->column = (int)node->start_mark.column + 1;
    cap->max_loss = malloc(n_years * sizeof *cap->max_loss);
    cap->max_gain = malloc(n_years * sizeof *cap->max_gain);
    cap->min_ratio = malloc(n_years * sizeof *cap->min_ratio);
    cap->max_ratio = malloc(n_years * sizeof *cap->max_ratio);
    if (!cap->max_loss || !cap->max_gain || !cap->min_ratio || !cap->max_ratio)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n_years; i++)
        cap->max_loss[i] = cap->max_gain[i] = cap->min_ratio[i] = cap->max_ratio[i] = NAN;
    ingroei_status st = ig_yaml_mapping(y, node, "cap", keys, req, err);
    int ref = 0, mode = 0;
    yaml_node_t *loss = NULL, *gain = NULL, *cum = NULL, *rmin = NULL, *rmax = NULL, *guar = NULL,
                *n;
    if (st == INGROEI_OK)
        st = ig_yaml_choice(y, ig_yaml_get(y, node, "reference"), "cap.reference", refs, &ref, err);
    if (st == INGROEI_OK && (loss = ig_yaml_get(y, node, "max_loss_per_inhabitant")))
        st = read_limit(y, loss, "cap.max_loss_per_inhabitant", s, IG_FIELD_CAP_LOSS,
                        cap->max_loss, err);
    if (st == INGROEI_OK && (gain = ig_yaml_get(y, node, "max_gain_per_inhabitant")))
        st = read_limit(y, gain, "cap.max_gain_per_inhabitant", s, IG_FIELD_CAP_GAIN,
                        cap->max_gain, err);
    if (st == INGROEI_OK && (cum = ig_yaml_get(y, node, "cumulative")))
        st = read_cumulative(y, cum, s, err);
    if (st == INGROEI_OK && (rmin = ig_yaml_get(y, node, "min_ratio")))
        st = read_limit(y, rmin, "cap.min_ratio", s, IG_FIELD_CAP_MIN_RATIO, cap->min_ratio, err);
    if (st == INGROEI_OK && (rmax = ig_yaml_get(y, node, "max_ratio")))
        st = read_limit(y, rmax, "cap.max_ratio", s, IG_FIELD_CAP_MAX_RATIO, cap->max_ratio, err);
    if (st == INGROEI_OK && (guar = ig_yaml_get(y, node, "guarantee")))
        st = read_guarantee(y, guar, s, err);
    if (st == INGROEI_OK && !loss && !gain && !cum && !rmin && !rmax && !guar)
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "cap: give max_loss_per_inhabitant, max_gain_per_inhabitant, "
                          "cumulative, min_ratio, max_ratio or guarantee (a cap without a "
                          "limit caps nothing)");
    if (st == INGROEI_OK && (n = ig_yaml_get(y, node, "if_infeasible")))
        st = ig_yaml_choice(y, n, "cap.if_infeasible", modes, &mode, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(y, ig_yaml_get(y, node, "source"), "cap.source", &cap->source, err);
    cap->reference = ref == 0   ? IG_CAP_PREVIOUS_YEAR
                     : ref == 1 ? IG_CAP_PREVIOUS_YEAR_NOMINAL
                                : IG_CAP_HISTORICAL;
    /* The first scenario year has no year before it to compare with: a limit given for
     * it by year is a mistake, one given for every year starts a year later. */
    if (st == INGROEI_OK && cap->reference != IG_CAP_HISTORICAL) {
        const yaml_node_t *limits[] = {loss, gain, rmin, rmax};
        for (int k = 0; k < 4 && st == INGROEI_OK; k++) {
            const yaml_node_t *m = limits[k];
            if (!m || m->type != YAML_MAPPING_NODE)
                continue;
            for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
                 p < m->data.mapping.pairs.top && st == INGROEI_OK; p++) {
                yaml_node_t *key = yaml_document_get_node((yaml_document_t *)&y->doc, p->key);
                int64_t year = 0;
                if (ig_parse_int64(ig_yaml_text(key), &year) && year == s->first_year)
                    st = ig_yaml_fail(y, key, err, INGROEI_ERR_SCHEMA,
                                      "cap: a limit for %d, the first scenario year, which has "
                                      "no previous year to compare with",
                                      s->first_year);
            }
        }
        cap->max_loss[0] = cap->max_gain[0] = cap->min_ratio[0] = cap->max_ratio[0] = NAN;
    }
    bool any_limit = cap->cumulative || cap->guarantee.rule != IG_GUARANTEE_NONE;
    for (size_t i = 0; i < n_years && !any_limit; i++)
        any_limit = !isnan(cap->max_loss[i]) || !isnan(cap->max_gain[i]) ||
                    !isnan(cap->min_ratio[i]) || !isnan(cap->max_ratio[i]);
    if (st == INGROEI_OK && !any_limit)
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "cap: no year has a limit%s (a cap without a limit caps nothing)",
                          cap->reference != IG_CAP_HISTORICAL
                              ? " after the first, which has no previous year to compare with"
                              : "");
    cap->relax_infeasible = mode == 1;
    return st;
}

/* regional_key: true pays each known region's objective amount (the units of its
 * gemeenten summed per maatstaf) to its centrumgemeente; it needs `regions`, read
 * before it. */
static ingroei_status read_regional_key(const ig_yaml *y, const yaml_node_t *node,
                                        ingroei_scenario *s, ingroei_error *err)
{
    ingroei_status st = ig_yaml_bool(y, node, "regional_key", &s->regional_key, err);
    if (st == INGROEI_OK && s->regional_key && !s->regions)
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "regional_key: true needs a region file: add 'regions' (the shipped "
                          "dataset has regios_beschermd_wonen.csv)");
    return st;
}

/* Whether `file` lies inside the scenario's dataset directory (both resolved, links
 * followed): a scenario that comes as a request (serve/) may read no other file. */
static bool inside_dataset(const ingroei_scenario *s, const char *file)
{
    char *d = realpath(s->dataset, NULL), *f = realpath(file, NULL);
    size_t n = d ? strlen(d) : 0;
    bool ok = d && f && !strncmp(d, f, n) && f[n] == '/';
    free(d);
    free(f);
    return ok;
}

/* `historical_per_year` or `objective_volumes_per_year` (README, "Inputs per year"): a
 * mapping of scenario years, increasing, to a circulaire's name or (with `dir`) a file,
 * resolved against dir, that must exist. */
static ingroei_status read_per_year(const ig_yaml *y, const yaml_node_t *node, const char *what,
                                    const char *dir, ingroei_scenario *s, ig_per_year **out,
                                    size_t *n_out, ingroei_error *err)
{
    if (node->type != YAML_MAPPING_NODE || node->data.mapping.pairs.top == node->data.mapping.pairs.start)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "%s: expected a mapping of year to %s", what,
                            dir ? "a volumes file" : "a circulaire (e.g. 2024: september 2024)");
    size_t n = (size_t)(node->data.mapping.pairs.top - node->data.mapping.pairs.start);
    if (!(*out = calloc(n, sizeof **out)))
        return ig_yaml_fail(y, node, err, INGROEI_ERR_NOMEM, "out of memory");
    int previous = 0;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node((yaml_document_t *)&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node((yaml_document_t *)&y->doc, p->value);
        int year = 0;
        char w[96];
        ingroei_status st = read_year_key(y, k, what, previous, &year, err);
        if (st == INGROEI_OK && (year < s->first_year || year > s->last_year))
            st =
                ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA, "%s: %d is not a scenario year (%d-%d)",
                             what, year, s->first_year, s->last_year);
        snprintf(w, sizeof w, "%s.%d", what, year);
        ig_per_year *e = &(*out)[*n_out];
        if (st == INGROEI_OK)
            st = dir ? ig_yaml_path(y, v, w, dir, &e->value, err)
                     : ig_yaml_string(y, v, w, &e->value, err);
        if (st == INGROEI_OK && dir)
            st = ig_yaml_check_file(y, v, w, e->value, false, err);
        if (st == INGROEI_OK && dir && y->node_paths && !inside_dataset(s, e->value))
            st = ig_yaml_fail(y, v, err, INGROEI_ERR_SCHEMA,
                              "%s: a request may name volumes only inside its dataset", w);
        if (e->value)
            (*n_out)++;
        if (st != INGROEI_OK)
            return st;
        e->year = year;
        e->line = (int)v->start_mark.line + 1;
        e->column = (int)v->start_mark.column + 1;
        previous = year;
    }
    return INGROEI_OK;
}

/* The optional keys of inputs per year (README, "Inputs per year"). */
static ingroei_status read_inputs_per_year(const ig_yaml *y, const yaml_node_t *root,
                                           const char *dir, ingroei_scenario *s,
                                           ingroei_error *err)
{
    yaml_node_t *n;
    ingroei_status st = INGROEI_OK;
    if ((n = ig_yaml_get(y, root, "historical_per_year")))
        st = read_per_year(y, n, "historical_per_year", NULL, s, &s->hist_per_year,
                           &s->n_hist_per_year, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(y, root, "objective_volumes_per_year")))
        st = read_per_year(y, n, "objective_volumes_per_year", dir, s, &s->volumes_per_year,
                           &s->n_volumes_per_year, err);
    return st;
}

/* ---- arrangements (README, "Arrangements") ---------------------------------------- */

static bool valid_date(const char *d)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return false;
    const int year = atoi(d), month = atoi(d + 5), day = atoi(d + 8);
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return year >= IG_YEAR_MIN && year <= IG_YEAR_MAX && month >= 1 && month <= 12 && day >= 1 &&
           day <= days[month - 1] && (month != 2 || day <= 28 || leap);
}

/* One year of an arrangement's `amounts`: a mapping of gemeente (code or name) to whole
 * euros, appended to a->payments. */
static ingroei_status read_arrangement_year(const ig_yaml *y, const yaml_node_t *k,
                                            const yaml_node_t *v, const char *where, int year,
                                            ig_arrangement *a, ingroei_error *err)
{
    if (v->type != YAML_MAPPING_NODE || v->data.mapping.pairs.top == v->data.mapping.pairs.start)
        return ig_yaml_fail(y, v, err, INGROEI_ERR_SCHEMA,
                            "%s: expected a mapping of gemeente (code or name) to whole euros, "
                            "e.g. {GM0344: 1500000}",
                            where);
    size_t n = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    ig_payment *grown = realloc(a->payments, (a->n_payments + n) * sizeof *grown);
    if (!grown)
        return ig_yaml_fail(y, v, err, INGROEI_ERR_NOMEM, "out of memory");
    a->payments = grown;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *gk = yaml_document_get_node((yaml_document_t *)&y->doc, p->key);
        yaml_node_t *gv = yaml_document_get_node((yaml_document_t *)&y->doc, p->value);
        ig_payment *pay = &a->payments[a->n_payments];
        *pay = (ig_payment){.year = year};
        char what[192];
        snprintf(what, sizeof what, "%s: a gemeente", where);
        ingroei_status st = ig_yaml_string(y, gk, what, &pay->gemeente, err);
        if (st != INGROEI_OK)
            return st;
        a->n_payments++;
        snprintf(what, sizeof what, "%s.%s", where, pay->gemeente);
        int64_t amount = 0;
        st = ig_yaml_int(y, gv, what, 0, INT64_C(1000000000000000), &amount, err);
        if (st != INGROEI_OK)
            return st;
        pay->amount = amount;
        pay->line = (int)gk->start_mark.line + 1;
        pay->column = (int)gk->start_mark.column + 1;
        pay->year_line = (int)k->start_mark.line + 1;
        pay->year_column = (int)k->start_mark.column + 1;
    }
    return INGROEI_OK;
}

/* One arrangement: {name, document, date, source, illustrative?, amounts}. */
static ingroei_status read_arrangement(const ig_yaml *y, const yaml_node_t *node, const char *where,
                                       const ingroei_scenario *s, ig_arrangement *a,
                                       ingroei_error *err)
{
    static const char *const keys[] = {"name",   "document",     "date", "source",
                                       "amounts", "illustrative", NULL};
    static const char *const req[] = {"name", "document", "date", "source", "amounts", NULL};
    char what[128];
    a->line = (int)node->start_mark.line + 1;
    a->column = (int)node->start_mark.column + 1;
    ingroei_status st = ig_yaml_mapping(y, node, where, keys, req, err);
    const char *const texts[] = {"name", "document", "source"};
    char **fields[] = {&a->name, &a->document, &a->source};
    for (size_t i = 0; i < 3 && st == INGROEI_OK; i++) {
        snprintf(what, sizeof what, "%s.%s", where, texts[i]);
        st = ig_yaml_string(y, ig_yaml_get(y, node, texts[i]), what, fields[i], err);
    }
    char *date = NULL;
    yaml_node_t *dn = st == INGROEI_OK ? ig_yaml_get(y, node, "date") : NULL;
    snprintf(what, sizeof what, "%s.date", where);
    if (st == INGROEI_OK)
        st = ig_yaml_string(y, dn, what, &date, err);
    if (st == INGROEI_OK && !valid_date(date))
        st = ig_yaml_fail(y, dn, err, INGROEI_ERR_SCHEMA,
                          "%s: '%s' is not a date (expected YYYY-MM-DD, the date of the document)",
                          what, date);
    if (st == INGROEI_OK)
        memcpy(a->date, date, sizeof a->date);
    free(date);
    yaml_node_t *n;
    snprintf(what, sizeof what, "%s.illustrative", where);
    if (st == INGROEI_OK && (n = ig_yaml_get(y, node, "illustrative")))
        st = ig_yaml_bool(y, n, what, &a->illustrative, err);
    if (st != INGROEI_OK)
        return st;
    yaml_node_t *amounts = ig_yaml_get(y, node, "amounts");
    snprintf(what, sizeof what, "%s.amounts", where);
    if (amounts->type != YAML_MAPPING_NODE ||
        amounts->data.mapping.pairs.top == amounts->data.mapping.pairs.start)
        return ig_yaml_fail(y, amounts, err, INGROEI_ERR_SCHEMA,
                            "%s: expected a mapping of year to {gemeente: amount}", what);
    int previous = 0;
    for (yaml_node_pair_t *p = amounts->data.mapping.pairs.start;
         p < amounts->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node((yaml_document_t *)&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node((yaml_document_t *)&y->doc, p->value);
        int year = 0;
        st = read_year_key(y, k, what, previous, &year, err);
        if (st == INGROEI_OK && (year < s->first_year || year > s->last_year))
            st = ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA,
                              "%s: %d is not a scenario year (%d-%d)", what, year, s->first_year,
                              s->last_year);
        char at[160];
        snprintf(at, sizeof at, "%s.%d", what, year);
        if (st == INGROEI_OK)
            st = read_arrangement_year(y, k, v, at, year, a, err);
        if (st != INGROEI_OK)
            return st;
        previous = year;
    }
    return INGROEI_OK;
}

/* `arrangements`: a list of amounts paid to named gemeenten before the keys distribute
 * the rest of the budget. Whether each gemeente exists on the boundaries and whether a
 * year's amounts fit in its budget is checked by the run, which knows both. */
static ingroei_status read_arrangements(const ig_yaml *y, const yaml_node_t *list,
                                        ingroei_scenario *s, ingroei_error *err)
{
    if (list->type != YAML_SEQUENCE_NODE ||
        list->data.sequence.items.top == list->data.sequence.items.start)
        return ig_yaml_fail(y, list, err, INGROEI_ERR_SCHEMA,
                            "arrangements: expected a list of arrangements, each {name, document, "
                            "date, source, amounts}");
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (!(s->arrangements = calloc(n, sizeof *s->arrangements)))
        return ig_yaml_fail(y, list, err, INGROEI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item =
            yaml_document_get_node((yaml_document_t *)&y->doc, list->data.sequence.items.start[i]);
        char where[48];
        snprintf(where, sizeof where, "arrangements[%zu]", i);
        s->n_arrangements = i + 1;
        ingroei_status st = read_arrangement(y, item, where, s, &s->arrangements[i], err);
        if (st != INGROEI_OK)
            return st;
    }
    return INGROEI_OK;
}

static ingroei_status read_path_model(const ig_yaml *y, const yaml_node_t *node,
                                      ingroei_scenario *s, ingroei_error *err)
{
    static const char *const types[] = {"linear", "table", "cohort", "s-curve", NULL};
    if (node->type != YAML_MAPPING_NODE)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "path: expected a mapping");
    yaml_node_t *type_node = ig_yaml_get(y, node, "type");
    if (!type_node)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "missing key 'type' in path (expected one of: linear, table, cohort, "
                            "s-curve)");
    int type = 0;
    ingroei_status st = ig_yaml_choice(y, type_node, "path.type", types, &type, err);
    yaml_node_t *src = ig_yaml_get(y, node, "source");
    if (st == INGROEI_OK) {
        switch (type) {
        case 0: st = read_linear(y, node, s, err); break;
        case 1: st = read_table(y, node, s, err); break;
        case 2: st = read_cohort(y, node, s, err); break;
        default: st = read_scurve(y, node, s, err); break;
        }
    }
    if (st == INGROEI_OK && src)
        st = ig_yaml_string(y, src, "path.source", &s->path_source, err);
    return st;
}

/* ---- several regelingen in one scenario (README, "Several regelingen") ---------------- */

/* The keys a scenario with `regelingen` gives per regeling, never at the top. */
static const char *const per_regeling_keys[] = {"budget",        "objective_budget",
                                                "historical_key", "objective_key",
                                                "historical_per_year",
                                                "objective_volumes_per_year", NULL};

/* A copy of the top level's shared fields for one regeling's own scenario. */
static ingroei_scenario *regeling_scenario(const ingroei_scenario *top)
{
    ingroei_scenario *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    memcpy(s->sha256, top->sha256, sizeof s->sha256);
    s->boundaries = top->boundaries;
    s->boundaries_line = top->boundaries_line;
    s->boundaries_column = top->boundaries_column;
    s->first_year = top->first_year;
    s->last_year = top->last_year;
    s->regional_key = top->regional_key;
    s->rounding = top->rounding;
    s->file = ig_strdup(top->file);
    s->name = ig_strdup(top->name);
    s->dataset = ig_strdup(top->dataset);
    s->description = top->description ? ig_strdup(top->description) : NULL;
    s->regions = top->regions ? ig_strdup(top->regions) : NULL;
    if (!s->file || !s->name || !s->dataset || (top->description && !s->description) ||
        (top->regions && !s->regions)) {
        ingroei_scenario_free(s);
        return NULL;
    }
    return s;
}

/* A regeling's name: letters, digits, '_' and '-' (it becomes a column value and a key
 * of summary.json), at most 64 bytes. */
static bool regeling_name_ok(const char *n)
{
    size_t len = strlen(n);
    if (!len || len > 64)
        return false;
    for (const char *c = n; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '-'))
            return false;
    return true;
}

/* Entry i of `regelingen`: the regeling's name, its budget and keys, and optionally its
 * own path, cap, objective budget and inputs per year; the rest is the top level's. */
static ingroei_status read_regeling(const ig_yaml *y, const yaml_node_t *node, size_t i,
                                    const yaml_node_t *top_path, const char *dir,
                                    const ingroei_scenario *top, ig_regeling *e,
                                    ingroei_error *err)
{
    static const char *const keys[] = {"regeling",
                                       "reason",
                                       "years",
                                       "budget",
                                       "objective_budget",
                                       "historical_key",
                                       "objective_key",
                                       "path",
                                       "cap",
                                       "historical_per_year",
                                       "objective_volumes_per_year",
                                       NULL};
    static const char *const req[] = {"regeling", "budget", "historical_key", "objective_key",
                                      NULL};
    char where[48], what[96];
    snprintf(where, sizeof where, "regelingen[%zu]", i);
    e->line = (int)node->start_mark.line + 1;
    e->column = (int)node->start_mark.column + 1;
    ingroei_status st = ig_yaml_mapping(y, node, where, keys, req, err);
    if (st != INGROEI_OK)
        return st;
    if (!(e->sc = regeling_scenario(top)))
        return ig_yaml_fail(y, node, err, INGROEI_ERR_NOMEM, "out of memory");
    ingroei_scenario *s = e->sc;
    yaml_node_t *n = ig_yaml_get(y, node, "regeling");
    snprintf(what, sizeof what, "%s.regeling", where);
    st = ig_yaml_string(y, n, what, &e->regeling, err);
    if (st == INGROEI_OK && !regeling_name_ok(e->regeling))
        st = ig_yaml_fail(y, n, err, INGROEI_ERR_SCHEMA,
                          "%s: '%s' is not a regeling's name (letters, digits, '_' and '-', at "
                          "most 64; as the data name it, e.g. iu_beschermd_wonen)",
                          what, e->regeling);
    if (st == INGROEI_OK && strcmp(e->regeling, "totaal") == 0)
        st = ig_yaml_fail(y, n, err, INGROEI_ERR_SCHEMA,
                          "%s: 'totaal' names the total over regelingen in regelingen.csv; "
                          "give the regeling another name",
                          what);
    for (size_t j = 0; st == INGROEI_OK && j < i; j++)
        if (strcmp(top->regelingen[j].regeling, e->regeling) == 0)
            st = ig_yaml_fail(y, n, err, INGROEI_ERR_SCHEMA,
                              "%s: '%s' is listed twice (regelingen[%zu] is the same regeling)",
                              what, e->regeling, j);
    snprintf(what, sizeof what, "%s.reason", where);
    if (st == INGROEI_OK && (n = ig_yaml_get(y, node, "reason")))
        st = ig_yaml_string(y, n, what, &e->reason, err);
    /* its own years, within the scenario's: outside them it has no budget */
    if (st == INGROEI_OK && (n = ig_yaml_get(y, node, "years"))) {
        st = read_years(y, n, s, err);
        if (st == INGROEI_OK && (s->first_year < top->first_year || s->last_year > top->last_year))
            st = ig_yaml_fail(y, n, err, INGROEI_ERR_SCHEMA,
                              "%s.years: %d-%d do not lie within the scenario's years (%d-%d)",
                              where, s->first_year, s->last_year, top->first_year,
                              top->last_year);
    }
    snprintf(what, sizeof what, "%s.budget", where);
    if (st == INGROEI_OK)
        st = read_budget(y, ig_yaml_get(y, node, "budget"), what, s, &s->budget, err);
    snprintf(what, sizeof what, "%s.objective_budget", where);
    if (st == INGROEI_OK && (n = ig_yaml_get(y, node, "objective_budget"))) {
        s->has_objective_budget = true;
        st = read_budget(y, n, what, s, &s->objective_budget, err);
    }
    const char *const key_names[] = {"historical_key", "objective_key"};
    char **key_files[] = {&s->historical_key, &s->objective_key};
    int *lines[] = {&e->hist_line, &e->obj_line}, *columns[] = {&e->hist_column, &e->obj_column};
    for (int k = 0; k < 2 && st == INGROEI_OK; k++) {
        n = ig_yaml_get(y, node, key_names[k]);
        snprintf(what, sizeof what, "%s.%s", where, key_names[k]);
        st = ig_yaml_path(y, n, what, dir, key_files[k], err);
        if (st == INGROEI_OK)
            st = ig_yaml_check_file(y, n, what, *key_files[k], false, err);
        *lines[k] = (int)n->start_mark.line + 1;
        *columns[k] = (int)n->start_mark.column + 1;
    }
    n = ig_yaml_get(y, node, "path");
    e->own_path = n != NULL;
    if (st == INGROEI_OK && !n && !top_path)
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "%s: no path (give one here, or one path for every regeling at the "
                          "top of the scenario)",
                          where);
    if (st == INGROEI_OK)
        st = read_path_model(y, n ? n : top_path, s, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(y, node, "cap")))
        st = read_cap(y, n, s, err);
    if (st == INGROEI_OK)
        st = read_inputs_per_year(y, node, dir, s, err);
    return st;
}

/* The rest of a scenario with `regelingen` after its years: the shared keys (regions,
 * regional_key, rounding, a path for every regeling) and the list. The keys each
 * regeling gives itself, and a cap, are refused at the top. */
static ingroei_status read_regelingen(const ig_yaml *y, const yaml_node_t *root,
                                      const yaml_node_t *list, const char *dir,
                                      ingroei_scenario *s, ingroei_error *err)
{
    yaml_node_t *n;
    for (size_t k = 0; per_regeling_keys[k]; k++)
        if ((n = ig_yaml_get(y, root, per_regeling_keys[k])))
            return ig_yaml_fail(y, n, err, INGROEI_ERR_SCHEMA,
                                "%s: with regelingen every regeling has its own (give it under "
                                "regelingen[i].%s)",
                                per_regeling_keys[k], per_regeling_keys[k]);
    /* a cap at the top is the integrated model's: on the total over regelingen */
    const yaml_node_t *total_cap = ig_yaml_get(y, root, "cap");
    if ((n = ig_yaml_get(y, root, "arrangements")))
        return ig_yaml_fail(y, n, err, INGROEI_ERR_SCHEMA,
                            "arrangements: not supported with regelingen yet (an arrangement "
                            "is paid out of one regeling's budget; give the scenario without "
                            "regelingen)");
    ingroei_status st = INGROEI_OK;
    if ((n = ig_yaml_get(y, root, "regions"))) {
        st = ig_yaml_path(y, n, "regions", dir, &s->regions, err);
        if (st == INGROEI_OK)
            st = ig_yaml_check_file(y, n, "regions", s->regions, false, err);
    }
    if (st == INGROEI_OK && (n = ig_yaml_get(y, root, "regional_key")))
        st = read_regional_key(y, n, s, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(y, root, "rounding"))) {
        static const char *const modes[] = {"per-line", "exact-total", NULL};
        int mode = 1;
        st = ig_yaml_choice(y, n, "rounding", modes, &mode, err);
        s->rounding = mode == 0 ? IG_ROUND_PER_LINE : IG_ROUND_EXACT_TOTAL;
    }
    const yaml_node_t *top_path = ig_yaml_get(y, root, "path");
    if (st == INGROEI_OK && top_path) /* the shared path, checked once at its own place */
        st = read_path_model(y, top_path, s, err);
    if (st == INGROEI_OK && total_cap)
        st = read_cap(y, total_cap, s, err);
    if (st == INGROEI_OK)
        st = ig_yaml_check_file(y, ig_yaml_get(y, root, "dataset"), "dataset", s->dataset, true,
                                err);
    if (st != INGROEI_OK)
        return st;
    if (list->type != YAML_SEQUENCE_NODE ||
        list->data.sequence.items.top == list->data.sequence.items.start)
        return ig_yaml_fail(y, list, err, INGROEI_ERR_SCHEMA,
                            "regelingen: expected a list of at least one regeling, each "
                            "{regeling, budget, historical_key, objective_key, ...}");
    size_t count = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (count > IG_MAX_REGELINGEN)
        return ig_yaml_fail(y, list, err, INGROEI_ERR_SCHEMA,
                            "regelingen: %zu regelingen (at most %d)", count, IG_MAX_REGELINGEN);
    if (!(s->regelingen = calloc(count, sizeof *s->regelingen)))
        return ig_yaml_fail(y, list, err, INGROEI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count && st == INGROEI_OK; i++) {
        yaml_node_t *item =
            yaml_document_get_node((yaml_document_t *)&y->doc, list->data.sequence.items.start[i]);
        s->n_regelingen = i + 1;
        st = read_regeling(y, item, i, top_path, dir, s, &s->regelingen[i], err);
    }
    /* a cap on the total or caps per regeling, not both: a regeling's capped amounts
     * would be capped again in the total */
    for (size_t i = 0; st == INGROEI_OK && total_cap && i < s->n_regelingen; i++)
        if (s->regelingen[i].sc->cap.enabled) {
            const ig_cap *c = &s->regelingen[i].sc->cap;
            st = ig_fail(err, INGROEI_ERR_SCHEMA, s->file, c->line, c->column,
                         "regelingen[%zu].cap: the scenario caps the total over regelingen "
                         "(cap at line %d); give a cap on the total or one per regeling, not "
                         "both",
                         i, s->cap.line);
        }
    /* the total over regelingen is made on the years and inhabitants of one that has
     * every scenario year (run/regelingen.c) */
    bool all_years = false;
    for (size_t i = 0; st == INGROEI_OK && i < s->n_regelingen; i++)
        all_years = all_years || (s->regelingen[i].sc->first_year == s->first_year &&
                                  s->regelingen[i].sc->last_year == s->last_year);
    if (st == INGROEI_OK && !all_years)
        st = ig_yaml_fail(y, list, err, INGROEI_ERR_SCHEMA,
                          "regelingen: none has every scenario year (%d-%d); one must (the "
                          "others may have fewer years)",
                          s->first_year, s->last_year);
    return st;
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
    char *dir = ig_dirname(path);
    st = dir ? ig_scenario_read(&y, path, dir, out, err)
             : ig_fail(err, INGROEI_ERR_NOMEM, path, 0, 0, "out of memory");
    ig_yaml_clear(&y);
    free(dir);
    return st;
}

ingroei_status ig_scenario_read(ig_yaml *yaml, const char *path, const char *dir,
                                ingroei_scenario **out, ingroei_error *err)
{
    ig_yaml y = *yaml; /* a copy that refers to the same document: read, never changed */
    ingroei_status st = INGROEI_OK;
    ingroei_scenario *s = calloc(1, sizeof *s);
    if (!s) {
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
    static const char *const keys[] = {
        "scenario", "name",   "description",      "dataset",       "boundaries",
        "years",    "budget", "historical_key",   "objective_key", "path",
        "rounding", "cap",    "objective_budget", "regions",       "regional_key",
        "historical_per_year", "objective_volumes_per_year", "regelingen", "arrangements",
        NULL};
    static const char *const req[] = {"scenario",      "name",   "dataset",
                                      "years",         "budget", "historical_key",
                                      "objective_key", "path",   NULL};
    /* with several regelingen the budget, keys and path are given per regeling */
    static const char *const req_regelingen[] = {"scenario", "name",       "dataset",
                                                 "years",    "regelingen", NULL};
    yaml_node_t *regelingen = ig_yaml_get(&y, root, "regelingen");
    st = ig_yaml_mapping(&y, root, "the scenario", keys, regelingen ? req_regelingen : req, err);
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
    if (st == INGROEI_OK && regelingen) {
        st = read_regelingen(&y, root, regelingen, dir, s, err);
        goto done;
    }
    if (st == INGROEI_OK)
        st = read_budget(&y, ig_yaml_get(&y, root, "budget"), "budget", s, &s->budget, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(&y, root, "objective_budget"))) {
        s->has_objective_budget = true;
        st = read_budget(&y, n, "objective_budget", s, &s->objective_budget, err);
    }
    if (st == INGROEI_OK)
        st = ig_yaml_path(&y, ig_yaml_get(&y, root, "historical_key"), "historical_key", dir,
                          &s->historical_key, err);
    if (st == INGROEI_OK)
        st = ig_yaml_path(&y, ig_yaml_get(&y, root, "objective_key"), "objective_key", dir,
                          &s->objective_key, err);
    if (st == INGROEI_OK)
        st = read_path_model(&y, ig_yaml_get(&y, root, "path"), s, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(&y, root, "regions"))) {
        st = ig_yaml_path(&y, n, "regions", dir, &s->regions, err);
        if (st == INGROEI_OK)
            st = ig_yaml_check_file(&y, n, "regions", s->regions, false, err);
    }
    if (st == INGROEI_OK && (n = ig_yaml_get(&y, root, "regional_key")))
        st = read_regional_key(&y, n, s, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(&y, root, "cap")))
        st = read_cap(&y, n, s, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(&y, root, "rounding"))) {
        static const char *const modes[] = {"per-line", "exact-total", NULL};
        int mode = 1;
        st = ig_yaml_choice(&y, n, "rounding", modes, &mode, err);
        s->rounding = mode == 0 ? IG_ROUND_PER_LINE : IG_ROUND_EXACT_TOTAL;
    }
    if (st == INGROEI_OK)
        st = read_inputs_per_year(&y, root, dir, s, err);
    if (st == INGROEI_OK && (n = ig_yaml_get(&y, root, "arrangements")))
        st = read_arrangements(&y, n, s, err);
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
    if (st != INGROEI_OK) {
        ingroei_scenario_free(s);
        return st;
    }
    *out = s;
    return INGROEI_OK;
}
