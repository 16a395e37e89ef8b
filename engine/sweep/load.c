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
#define MAX_SCENARIOS INGROEI_SWEEP_MAX_SCENARIOS

/* The parameters a sweep can vary, the path type or budget form each needs, and whether
 * it takes whole numbers. */
static const struct {
    const char *name;
    ig_sweep_kind kind;
    ig_field field; /* the scenario's field: its values pass the scenario reader's check */
} known[] = {
    {"path.start", IG_SW_PATH_START, IG_FIELD_PATH_START},
    {"path.length", IG_SW_PATH_LENGTH, IG_FIELD_PATH_LENGTH},
    {"path.end", IG_SW_PATH_END, IG_FIELD_PATH_END},
    {"path.outflow", IG_SW_PATH_OUTFLOW, IG_FIELD_PATH_OUTFLOW},
    {"path.steepness", IG_SW_PATH_STEEPNESS, IG_FIELD_PATH_STEEPNESS},
    {"path.midpoint", IG_SW_PATH_MIDPOINT, IG_FIELD_PATH_MIDPOINT},
    {"cap.max_loss_per_inhabitant", IG_SW_CAP_LOSS, IG_FIELD_CAP_LOSS},
    {"cap.max_gain_per_inhabitant", IG_SW_CAP_GAIN, IG_FIELD_CAP_GAIN},
    {"budget.other_years.percent", IG_SW_BUDGET_INDEX, IG_FIELD_BUDGET_INDEX},
    {"budget.mutations.percent", IG_SW_MUTATION_PERCENT, IG_FIELD_MUTATION_PERCENT},
    {"budget.mutations.amount", IG_SW_MUTATION_AMOUNT, IG_FIELD_MUTATION_AMOUNT},
};

/* The scenario field parameter `kind` varies. */
static ig_field field_of(ig_sweep_kind kind)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].kind == kind)
            return known[i].field;
    return IG_FIELD_PATH_START; /* not reached: every kind is in the table */
}

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

/* Per row of sweep.csv: the scenario number, a value per parameter, seven metrics (about
 * 50 bytes with three parameters, measured); per scenario about 0.6 ms for 11 years. */
#define ROW_BYTES(n_params)  (12.0 + 8.0 * (double)(n_params) + 40.0)
#define SECONDS_PER_YEAR_RUN (0.001 / 11.0)

void ingroei_sweep_estimate(const ingroei_sweep *sw, double *csv_bytes, double *cpu_seconds)
{
    double n = sw ? (double)sw->n_scenarios : 0;
    if (csv_bytes)
        *csv_bytes = sw ? n * ROW_BYTES(sw->n_params) : 0;
    if (cpu_seconds)
        *cpu_seconds =
            sw ? n * SECONDS_PER_YEAR_RUN * (double)(sw->base->last_year - sw->base->first_year + 1)
               : 0;
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

/* The order of the s-curve's years: start, then midpoint, then end (-1: no such field). */
static int year_rank(ig_sweep_kind kind)
{
    return kind == IG_SW_PATH_START      ? 0
           : kind == IG_SW_PATH_MIDPOINT ? 1
           : kind == IG_SW_PATH_END      ? 2
                                         : -1;
}

/* Sets the field of parameter `q` in the path of c to v (the fields of the path only). */
static void set_path_field(ingroei_scenario *c, ig_sweep_kind kind, double v)
{
    if (kind == IG_SW_PATH_START)
        c->path.start = (int)v;
    else if (kind == IG_SW_PATH_END)
        c->path.end = (int)v;
    else if (kind == IG_SW_PATH_MIDPOINT)
        c->path.midpoint = v;
}

/* Every value of every parameter goes through the scenario reader's check of its field
 * (ig_scenario_check), as if the base scenario said it. Path years that must stay in order
 * (start, midpoint, end) are checked against the values of the others that are hardest
 * to keep in order with them: the latest start, the earliest end. A value that fails is
 * reported where the sweep file gives it (the list item, or the from/to/step mapping)
 * with the value. */
static ingroei_status check_values(const ig_yaml *y, const yaml_node_t *node,
                                   const ingroei_sweep *sw, ingroei_error *err)
{
    yaml_document_t *doc = (yaml_document_t *)&y->doc;
    yaml_node_pair_t *pair = node->data.mapping.pairs.start;
    for (size_t i = 0; i < sw->n_params; i++, pair++) {
        const ig_sweep_param *p = &sw->params[i];
        ingroei_scenario c = *sw->base; /* a shallow copy: only path numbers change */
        for (size_t j = 0; j < sw->n_params; j++) {
            const ig_sweep_param *q = &sw->params[j];
            int rq = year_rank(q->kind), rp = year_rank(p->kind);
            if (j == i || rq < 0 || rp < 0)
                continue;
            double worst = q->values[0];
            for (size_t k = 1; k < q->n_values; k++)
                worst = rq > rp ? fmin(worst, q->values[k]) : fmax(worst, q->values[k]);
            set_path_field(&c, q->kind, worst);
        }
        yaml_node_t *spec = yaml_document_get_node(doc, pair->value);
        yaml_node_t *list = ig_yaml_get(y, spec, "values");
        for (size_t k = 0; k < p->n_values; k++) {
            char why[256];
            if (ig_scenario_check(&c, field_of(p->kind), p->values[k], why, sizeof why))
                continue;
            yaml_node_t *at =
                list ? yaml_document_get_node(doc, list->data.sequence.items.start[k]) : spec;
            ig_buf text = {0};
            if (list)
                ig_buf_puts(&text, ig_yaml_text(at));
            else
                ig_put_number(&text, p->values[k]);
            ingroei_status st = ig_yaml_fail(y, at, err, INGROEI_ERR_SCHEMA, "%s: %s %s%s", p->name,
                                             text.data ? text.data : "?", why,
                                             list ? "" : " (a value from 'from', 'to' and 'step')");
            ig_buf_free(&text);
            return st;
        }
    }
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
        ingroei_status st = read_values(y, v, p, ig_field_whole(known[which].field), err);
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
    static const char *const keys[] = {"sweep",      "name", "base",
                                       "parameters", "mode", "design",
                                       "samples",    "seed", "loss_threshold_per_inhabitant",
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
        st = check_values(&y, ig_yaml_get(&y, root, "parameters"), sw, err);
    if (st == INGROEI_OK)
        st = ig_yaml_choice(&y, ig_yaml_get(&y, root, "mode"), "mode", modes, &mode, err);
    sw->sample = mode == 1;
    yaml_node_t *samples = ig_yaml_get(&y, root, "samples"), *seed = ig_yaml_get(&y, root, "seed"),
                *design = ig_yaml_get(&y, root, "design");
    static const char *const designs[] = {"random", "sobol", NULL};
    int which = 0;
    if (st == INGROEI_OK && design && !sw->sample)
        st = ig_yaml_fail(&y, design, err, INGROEI_ERR_SCHEMA,
                          "'design' goes with mode sample; mode grid runs every combination");
    if (st == INGROEI_OK && design)
        st = ig_yaml_choice(&y, design, "design", designs, &which, err);
    sw->sobol = which == 1;
    if (st == INGROEI_OK && sw->sobol && seed)
        st = ig_yaml_fail(&y, seed, err, INGROEI_ERR_SCHEMA,
                          "design sobol has no seed: its sequence is always the same");
    if (st == INGROEI_OK && sw->sobol && sw->n_params > IG_SWEEP_SOBOL_MAX)
        st = ig_yaml_fail(&y, design, err, INGROEI_ERR_SCHEMA,
                          "design sobol takes at most %d parameters (GSL's Sobol sequence has "
                          "at most %d dimensions); this sweep has %zu: use design random",
                          IG_SWEEP_SOBOL_MAX, IG_SWEEP_SOBOL_MAX, sw->n_params);
    if (st == INGROEI_OK && sw->sample && (!samples || (!seed && !sw->sobol)))
        st = ig_yaml_fail(&y, root, err, INGROEI_ERR_SCHEMA,
                          "mode sample needs 'samples' (how many scenarios) and 'seed' (or "
                          "design sobol)");
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
                              "parameters: the grid has %.0f scenarios (about %.0f MB of "
                              "sweep.csv), more than the limit of %u scenarios in a sweep; give "
                              "fewer values or use mode sample",
                              grid, grid * ROW_BYTES(sw->n_params) / 1e6, MAX_SCENARIOS);
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
