/*
 * load.c - reads a sweep file (YAML): a base scenario, the parameters to vary with
 * their values, and whether to run the full grid or a seeded sample of it.
 */
#include "sweep/sweep.h"
#include "io/yamlx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VALUES    100000
#define MAX_SCENARIOS 100000000

/* The parameters a sweep can vary, the path type or budget form each needs, and whether
 * it takes whole numbers. */
static const struct {
    const char *name;
    ig_sweep_kind kind;
    bool whole;
} known[] = {
    {"path.start", IG_SW_PATH_START, true},
    {"path.length", IG_SW_PATH_LENGTH, true},
    {"path.end", IG_SW_PATH_END, true},
    {"path.outflow", IG_SW_PATH_OUTFLOW, false},
    {"path.steepness", IG_SW_PATH_STEEPNESS, false},
    {"path.midpoint", IG_SW_PATH_MIDPOINT, false},
    {"cap.max_loss_per_inhabitant", IG_SW_CAP_LOSS, false},
    {"cap.max_gain_per_inhabitant", IG_SW_CAP_GAIN, false},
    {"budget.other_years.percent", IG_SW_BUDGET_INDEX, false},
    {"budget.mutations.percent", IG_SW_MUTATION_PERCENT, false},
    {"budget.mutations.amount", IG_SW_MUTATION_AMOUNT, true},
};

void ingroei_sweep_free(ingroei_sweep *sw)
{
    if (!sw)
        return;
    for (size_t i = 0; i < sw->n_params; i++) {
        free(sw->params[i].name);
        free(sw->params[i].values);
    }
    free(sw->params);
    free(sw->file);
    free(sw->name);
    ingroei_scenario_free(sw->base);
    free(sw);
}

size_t ingroei_sweep_n_scenarios(const ingroei_sweep *sw)
{
    return sw ? sw->n_scenarios : 0;
}

/* Checks that the base scenario has what parameter `p` varies; `node` is where the
 * parameter was named. */
static ingroei_status check_applies(const ig_yaml *y, const yaml_node_t *node,
                                    const ig_sweep_param *p, const ingroei_scenario *base,
                                    ingroei_error *err)
{
    const char *need = NULL;
    switch (p->kind) {
    case IG_SW_PATH_START:
        if (base->path.kind == IG_PATH_TABLE)
            need = "a linear, cohort or s-curve path";
        break;
    case IG_SW_PATH_LENGTH:
        if (base->path.kind != IG_PATH_LINEAR)
            need = "a linear path";
        break;
    case IG_SW_PATH_END:
    case IG_SW_PATH_STEEPNESS:
    case IG_SW_PATH_MIDPOINT:
        if (base->path.kind != IG_PATH_SCURVE)
            need = "an s-curve path";
        break;
    case IG_SW_PATH_OUTFLOW:
        if (base->path.kind != IG_PATH_COHORT || base->path.outflow < 0)
            need = "a cohort path with an outflow";
        break;
    case IG_SW_CAP_LOSS:
    case IG_SW_CAP_GAIN:
        if (!base->cap.enabled)
            need = "a cap";
        break;
    case IG_SW_BUDGET_INDEX:
        if (base->budget.has_base || !base->budget.index_source)
            need = "a budget with published amounts and an other_years rule";
        break;
    case IG_SW_MUTATION_PERCENT:
    case IG_SW_MUTATION_AMOUNT:
        if (!base->budget.has_base || p->mutation >= base->budget.n_mutations)
            need = "a budget mutation with that number";
        else if ((p->kind == IG_SW_MUTATION_PERCENT) !=
                 (base->budget.mutations[p->mutation].kind == IG_MUT_INDEX))
            need = p->kind == IG_SW_MUTATION_PERCENT ? "an index mutation there"
                                                     : "a structural or incidental mutation there";
        break;
    }
    if (need)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "parameters: %s needs %s in the base scenario", p->name, need);
    return INGROEI_OK;
}

/* The values of one parameter: `values: [...]` or `from`, `to`, `step`. */
static ingroei_status read_values(const ig_yaml *y, const yaml_node_t *node, ig_sweep_param *p,
                                  bool whole, ingroei_error *err)
{
    static const char *const keys[] = {"values", "from", "to", "step", NULL};
    char what[160];
    ingroei_status st = ig_yaml_mapping(y, node, p->name, keys, NULL, err);
    if (st != INGROEI_OK)
        return st;
    yaml_node_t *list = ig_yaml_get(y, node, "values"), *from = ig_yaml_get(y, node, "from"),
                *to = ig_yaml_get(y, node, "to"), *step = ig_yaml_get(y, node, "step");
    if (!list == !(from || to || step) || (!list && !(from && to && step)))
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "%s: give either 'values: [...]' or all of 'from', 'to' and 'step'",
                            p->name);
    if (list) {
        if (list->type != YAML_SEQUENCE_NODE ||
            list->data.sequence.items.top == list->data.sequence.items.start)
            return ig_yaml_fail(y, list, err, INGROEI_ERR_SCHEMA,
                                "%s.values: expected a list of at least one number", p->name);
        size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
        if (n > MAX_VALUES)
            return ig_yaml_fail(y, list, err, INGROEI_ERR_SCHEMA, "%s.values: more than %d",
                                p->name, MAX_VALUES);
        p->values = malloc(n * sizeof *p->values);
        if (!p->values)
            return ig_yaml_fail(y, list, err, INGROEI_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) {
            yaml_node_t *v = yaml_document_get_node((yaml_document_t *)&y->doc,
                                                    list->data.sequence.items.start[i]);
            snprintf(what, sizeof what, "%s.values[%zu]", p->name, i);
            st = ig_yaml_double(y, v, what, -1e15, 1e15, &p->values[i], err);
            if (st == INGROEI_OK && whole && p->values[i] != floor(p->values[i]))
                st = ig_yaml_fail(y, v, err, INGROEI_ERR_SCHEMA, "%s: expected a whole number",
                                  what);
            if (st != INGROEI_OK)
                return st;
            p->n_values = i + 1;
        }
        return INGROEI_OK;
    }
    double a, b, d;
    snprintf(what, sizeof what, "%s.from", p->name);
    st = ig_yaml_double(y, from, what, -1e15, 1e15, &a, err);
    snprintf(what, sizeof what, "%s.to", p->name);
    if (st == INGROEI_OK)
        st = ig_yaml_double(y, to, what, a, 1e15, &b, err);
    snprintf(what, sizeof what, "%s.step", p->name);
    if (st == INGROEI_OK)
        st = ig_yaml_double(y, step, what, -1e15, 1e15, &d, err);
    if (st == INGROEI_OK && !(d > 0))
        st = ig_yaml_fail(y, step, err, INGROEI_ERR_SCHEMA,
                          "%s: %s is not a step forward (expected a number greater than 0)", what,
                          ig_yaml_text(step));
    if (st != INGROEI_OK)
        return st;
    if (whole && (a != floor(a) || d != floor(d)))
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "%s: from and step must be whole numbers", p->name);
    /* from, from + step, ... up to and including `to` (within a millionth of a step) */
    double count = floor((b - a) / d + 1e-6) + 1;
    if (count > MAX_VALUES)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "%s: more than %d values", p->name,
                            MAX_VALUES);
    p->n_values = (size_t)count;
    p->values = malloc(p->n_values * sizeof *p->values);
    if (!p->values)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < p->n_values; i++)
        p->values[i] = a + (double)i * d; /* not a running sum: no drift */
    return INGROEI_OK;
}

/* Reads `parameters`: a mapping of parameter name to its values. */
static ingroei_status read_parameters(const ig_yaml *y, const yaml_node_t *node, ingroei_sweep *sw,
                                      ingroei_error *err)
{
    if (node->type != YAML_MAPPING_NODE ||
        node->data.mapping.pairs.top == node->data.mapping.pairs.start)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "parameters: expected a mapping of parameter name to its values");
    size_t n = (size_t)(node->data.mapping.pairs.top - node->data.mapping.pairs.start);
    sw->params = calloc(n, sizeof *sw->params);
    if (!sw->params)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_NOMEM, "out of memory");
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
         pair < node->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = yaml_document_get_node((yaml_document_t *)&y->doc, pair->key);
        yaml_node_t *v = yaml_document_get_node((yaml_document_t *)&y->doc, pair->value);
        const char *name = ig_yaml_text(k);
        ig_sweep_param *p = &sw->params[sw->n_params];
        /* budget.mutations[K].percent / .amount name a mutation by its number */
        char generic[96];
        size_t mutation = 0;
        const char *open = strchr(name, '[');
        if (!strncmp(name, "budget.mutations[", 17) && open) {
            char *end;
            mutation = strtoul(open + 1, &end, 10);
            if (end == open + 1 || *end != ']' || end[1] != '.')
                return ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA,
                                    "parameters: '%s' is not budget.mutations[N].percent or "
                                    "budget.mutations[N].amount",
                                    name);
            snprintf(generic, sizeof generic, "budget.mutations%s", end + 1);
        } else {
            snprintf(generic, sizeof generic, "%s", name);
        }
        size_t which = sizeof known / sizeof known[0];
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            if (!strcmp(known[i].name, generic))
                which = i;
        if (which == sizeof known / sizeof known[0])
            return ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA,
                                "parameters: unknown parameter '%s' (expected one of: path.start, "
                                "path.length, path.end, path.outflow, path.steepness, "
                                "path.midpoint, cap.max_loss_per_inhabitant, "
                                "cap.max_gain_per_inhabitant, budget.other_years.percent, "
                                "budget.mutations[N].percent, budget.mutations[N].amount)",
                                name);
        for (size_t i = 0; i < sw->n_params; i++)
            if (!strcmp(sw->params[i].name, name))
                return ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA,
                                    "parameters: '%s' is given twice", name);
        p->kind = known[which].kind;
        p->mutation = mutation;
        p->name = ig_strdup(name);
        if (!p->name)
            return ig_yaml_fail(y, k, err, INGROEI_ERR_NOMEM, "out of memory");
        sw->n_params++;
        ingroei_status st = read_values(y, v, p, known[which].whole, err);
        if (st == INGROEI_OK)
            st = check_applies(y, k, p, sw->base, err);
        if (st != INGROEI_OK)
            return st;
    }
    return INGROEI_OK;
}

ingroei_status ingroei_sweep_load(ingroei_sweep **out, const char *path, ingroei_error *err)
{
    ingroei_init();
    if (!out || !path)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no sweep file given");
    ig_yaml y;
    ingroei_status st = ig_yaml_load(&y, path, err);
    if (st != INGROEI_OK)
        return st;
    ingroei_sweep *sw = calloc(1, sizeof *sw);
    char *dir = ig_dirname(path), *base = NULL;
    if (!sw || !dir || !(sw->file = ig_strdup(path))) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    memcpy(sw->sha256, y.sha256, sizeof sw->sha256);
    yaml_node_t *root = ig_yaml_root(&y), *n;
    static const char *const keys[] = {"sweep", "name",    "base", "parameters",
                                       "mode",  "samples", "seed", "loss_threshold_per_inhabitant",
                                       NULL};
    static const char *const req[] = {"sweep", "name", "base", "parameters", "mode", NULL};
    static const char *const modes[] = {"grid", "sample", NULL};
    int mode = 0;
    st = ig_yaml_mapping(&y, root, "the sweep", keys, req, err);
    if (st == INGROEI_OK)
        st = ig_yaml_version(&y, ig_yaml_get(&y, root, "sweep"), "sweep", 1, err);
    if (st == INGROEI_OK)
        st = ig_yaml_string(&y, ig_yaml_get(&y, root, "name"), "name", &sw->name, err);
    yaml_node_t *base_node = ig_yaml_get(&y, root, "base");
    if (st == INGROEI_OK)
        st = ig_yaml_path(&y, base_node, "base", dir, &base, err);
    if (st == INGROEI_OK)
        st = ig_yaml_check_file(&y, base_node, "base", base, false, err);
    if (st == INGROEI_OK)
        st = ingroei_scenario_load(&sw->base, base, err);
    if (st == INGROEI_OK)
        st = read_parameters(&y, ig_yaml_get(&y, root, "parameters"), sw, err);
    if (st == INGROEI_OK)
        st = ig_yaml_choice(&y, ig_yaml_get(&y, root, "mode"), "mode", modes, &mode, err);
    sw->sample = mode == 1;
    yaml_node_t *samples = ig_yaml_get(&y, root, "samples"), *seed = ig_yaml_get(&y, root, "seed");
    if (st == INGROEI_OK && sw->sample && (!samples || !seed))
        st = ig_yaml_fail(&y, root, err, INGROEI_ERR_SCHEMA,
                          "mode sample needs 'samples' (how many scenarios) and 'seed'");
    if (st == INGROEI_OK && !sw->sample && (samples || seed))
        st = ig_yaml_fail(&y, samples ? samples : seed, err, INGROEI_ERR_SCHEMA,
                          "'samples' and 'seed' go with mode sample; mode grid runs every "
                          "combination");
    int64_t v = 0;
    if (st == INGROEI_OK && samples) {
        st = ig_yaml_int(&y, samples, "samples", 1, MAX_SCENARIOS, &v, err);
        sw->n_scenarios = (size_t)v;
    }
    if (st == INGROEI_OK && seed) {
        st = ig_yaml_int(&y, seed, "seed", 0, INT64_MAX, &v, err);
        sw->seed = (uint64_t)v;
    }
    sw->loss_threshold = 25.0;
    if (st == INGROEI_OK && (n = ig_yaml_get(&y, root, "loss_threshold_per_inhabitant")))
        st = ig_yaml_double(&y, n, "loss_threshold_per_inhabitant", 0.0, 1e6, &sw->loss_threshold,
                            err);
    if (st == INGROEI_OK && !sw->sample) {
        double grid = 1;
        for (size_t i = 0; i < sw->n_params; i++)
            grid *= (double)sw->params[i].n_values;
        if (grid > MAX_SCENARIOS)
            st = ig_yaml_fail(&y, ig_yaml_get(&y, root, "parameters"), err, INGROEI_ERR_SCHEMA,
                              "parameters: the grid has %.0f scenarios, more than %d; use mode "
                              "sample",
                              grid, MAX_SCENARIOS);
        sw->n_scenarios = (size_t)grid;
    }
done:
    ig_yaml_clear(&y);
    free(dir);
    free(base);
    if (st != INGROEI_OK) {
        ingroei_sweep_free(sw);
        return st;
    }
    *out = sw;
    return INGROEI_OK;
}
