/*
 * summary.c - summary.json of a run: the receipt (scenario, inputs with their SHA-256
 * and sources), the path, budgets and cap as resolved, and per year the totals and the
 * largest gainers and losers, formatted without the C locale.
 */
#include "run/run.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file name of the scenario, relative to the scenario's directory. */
static void json_path_field(ig_buf *b, const ingroei_run *r, const char *key, const char *path)
{
    char *shown = ig_run_receipt_path(r, path);
    if (!shown)
        b->failed = true;
    ig_json_str_field(b, 2, key, shown ? shown : "", false);
    free(shown);
}

/* A ratio (of the reference) or factor as given, or null when there is none. */
static void json_ratio(ig_buf *b, double v)
{
    if (isnan(v) || isinf(v))
        ig_buf_puts(b, "null");
    else
        ig_put_double(b, v);
}

/* A limit per inhabitant of one year, or null when there is none. */
static void json_limit(ig_buf *b, double v)
{
    if (isnan(v) || isinf(v))
        ig_buf_puts(b, "null");
    else
        ig_put_fixed(b, v, 2, '.');
}

void ig_run_json_cap(ig_buf *b, const ingroei_run *r, const char *key)
{
    const ig_cap *cap = &r->sc->cap;
    ig_json_key(b, 2, key);
    if (!cap->enabled) {
        ig_buf_puts(b, "null,\n");
        return;
    }
    ig_buf_puts(b, "{\n");
    ig_json_str_field(b, 3, "reference",
                      cap->reference == IG_CAP_HISTORICAL              ? "historical"
                      : cap->reference == IG_CAP_PREVIOUS_YEAR_NOMINAL ? "previous-year-nominal"
                                                                       : "previous-year",
                      false);
    bool ratios = false;
    for (size_t y = 0; y < r->n_y && !ratios; y++)
        ratios = (cap->min_ratio && !isnan(cap->min_ratio[y])) ||
                 (cap->max_ratio && !isnan(cap->max_ratio[y]));
    ig_json_key(b, 3, "per_year");
    ig_buf_puts(b, "[");
    for (size_t y = 0; y < r->n_y; y++) {
        ig_buf_printf(b, "%s{\"year\": %d, \"max_loss_per_inhabitant\": ", y ? ", " : "",
                      r->first_year + (int)y);
        json_limit(b, cap->max_loss[y]);
        ig_buf_puts(b, ", \"max_gain_per_inhabitant\": ");
        json_limit(b, cap->max_gain[y]);
        if (ratios) { /* only with ratio limits: a receipt without them stays as it was */
            ig_buf_puts(b, ", \"min_ratio\": ");
            json_ratio(b, cap->min_ratio ? cap->min_ratio[y] : NAN);
            ig_buf_puts(b, ", \"max_ratio\": ");
            json_ratio(b, cap->max_ratio ? cap->max_ratio[y] : NAN);
        }
        ig_buf_puts(b, "}");
    }
    ig_buf_puts(b, "],\n");
    if (cap->guarantee.rule != IG_GUARANTEE_NONE) {
        static const char *const rules[] = {"", "enacted", "rebased", "phased_out"};
        ig_json_key(b, 3, "guarantee");
        ig_buf_printf(b, "{\"base_year\": %d, \"rule\": \"%s\", \"factor\": ",
                      cap->guarantee.base_year, rules[cap->guarantee.rule]);
        json_ratio(b, cap->guarantee.factor);
        ig_buf_puts(b, ", \"years\": ");
        if (cap->guarantee.years > 0)
            ig_buf_printf(b, "%d", cap->guarantee.years);
        else
            ig_buf_puts(b, "null");
        ig_buf_puts(b, "},\n");
    }
    ig_json_key(b, 3, "cumulative");
    if (cap->cumulative) {
        ig_buf_printf(b, "{\"from\": %d, \"to\": %d, \"max_loss_per_inhabitant\": ", cap->cum_from,
                      cap->cum_to);
        json_limit(b, cap->cum_max_loss);
        ig_buf_puts(b, ", \"max_gain_per_inhabitant\": ");
        json_limit(b, cap->cum_max_gain);
        ig_buf_puts(b, "},\n");
    } else {
        ig_buf_puts(b, "null,\n");
    }
    ig_json_str_field(b, 3, "if_infeasible", cap->relax_infeasible ? "uncapped" : "error", false);
    ig_json_key(b, 3, "tolerance_euro");
    ig_put_decimal(b, cap->tolerance);
    ig_buf_puts(b, ",\n");
    ig_json_str_field(b, 3, "source", cap->source, true);
    ig_buf_puts(b, "    },\n");
}

void ig_run_json_cap_year(ig_buf *b, const ingroei_run *r, size_t y)
{
    ig_json_key(b, 3, "cap");
    if (!r->cap.active[y]) {
        ig_buf_puts(b, "null,\n");
        return;
    }
    ig_buf_printf(b,
                  "{\"feasible\": %s, \"scale_of_gains\": ", r->cap.feasible[y] ? "true" : "false");
    ig_put_fixed(b, r->cap.lambda[y], 9, '.');
    if (!r->cap.feasible[y]) {
        ig_buf_puts(b, ", \"shortfall_euro\": ");
        ig_put_fixed(b, r->cap.gap[y], 0, '.');
    }
    if (r->cap.n_conflict[y]) {
        /* gemeenten whose loss floor lay above their gain ceiling: held at the floor */
        ig_buf_printf(b, ", \"conflicting_limits\": %zu", r->cap.n_conflict[y]);
    }
    for (int side = -1; side <= 1; side += 2) {
        ig_buf_puts(b, side < 0 ? ", \"at_loss_cap\": [" : ", \"at_gain_cap\": [");
        size_t k = 0;
        for (size_t g = 0; g < r->n_g; g++)
            if (r->cap.flag[y * r->n_g + g] == side) {
                ig_buf_puts(b, k++ ? ", " : "");
                ig_json_string(b, r->code[g]);
            }
        ig_buf_puts(b, "]");
    }
    ig_buf_puts(b, "},\n");
}

/* A budget rule as resolved: published amounts with the rule for other years, or the
 * base amount with its mutations. */
static void json_budget_rule(ig_buf *b, const char *key, const ig_budget_rule *rule)
{
    ig_json_key(b, 2, key);
    ig_buf_puts(b, "{\n");
    if (rule->has_base) {
        ig_json_key(b, 3, "base");
        ig_buf_printf(b, "{\"year\": %d, \"amount\": ", rule->base.year);
        ig_put_int(b, rule->base.amount);
        ig_buf_puts(b, ", \"source\": ");
        ig_json_string(b, rule->base.source);
        ig_buf_puts(b, "},\n      \"mutations\": [");
        for (size_t i = 0; i < rule->n_mutations; i++) {
            const ig_mutation *m = &rule->mutations[i];
            static const char *const kinds[] = {"index", "structural", "incidental"};
            ig_buf_puts(b, i ? ",\n        {\"name\": " : "\n        {\"name\": ");
            ig_json_string(b, m->name);
            ig_buf_printf(b, ", \"type\": \"%s\", \"from\": %d, \"to\": ", kinds[m->kind], m->from);
            if (m->to == INT_MAX)
                ig_buf_puts(b, "null");
            else
                ig_put_int(b, m->to);
            if (m->kind == IG_MUT_INDEX) {
                ig_buf_puts(b, ", \"percent\": ");
                ig_put_decimal(b, m->percent);
            } else {
                ig_buf_puts(b, ", \"amount\": ");
                ig_put_int(b, m->amount);
            }
            ig_buf_puts(b, ", \"source\": ");
            ig_json_string(b, m->source);
            ig_buf_puts(b, "}");
        }
        ig_buf_puts(b, rule->n_mutations ? "\n      ]\n    },\n" : "]\n    },\n");
        return;
    }
    ig_buf_puts(b, "      \"published\": [\n");
    for (size_t i = 0; i < rule->n_published; i++) {
        const ig_budget_point *p = &rule->published[i];
        ig_buf_printf(b, "        {\"year\": %d, \"amount\": ", p->year);
        ig_put_int(b, p->amount);
        ig_buf_puts(b, ", \"source\": ");
        ig_json_string(b, p->source);
        ig_buf_puts(b, i + 1 < rule->n_published ? "},\n" : "}\n");
    }
    ig_buf_puts(b, "      ],\n");
    ig_json_key(b, 3, "other_years");
    if (rule->index_source) {
        ig_buf_puts(b, "{\"rule\": \"index\", \"percent\": ");
        ig_put_fixed(b, rule->index_percent, 4, '.');
        ig_buf_puts(b, ", \"source\": ");
        ig_json_string(b, rule->index_source);
        ig_buf_puts(b, "}\n");
    } else {
        ig_buf_puts(b, "null\n");
    }
    ig_buf_puts(b, "    },\n");
}

/* The path as resolved, with p_t of every year. */
static void json_path(ig_buf *b, const ingroei_scenario *s, const ingroei_run *r)
{
    static const char *const kinds[] = {"linear", "table", "cohort", "s-curve"};
    const ig_path *p = &s->path;
    ig_json_key(b, 2, "path");
    ig_buf_printf(b, "{\"type\": \"%s\"", kinds[p->kind]);
    switch (p->kind) {
    case IG_PATH_LINEAR:
        ig_buf_printf(b, ", \"start\": %d, \"length\": %d", p->start, p->length);
        break;
    case IG_PATH_TABLE: break;
    case IG_PATH_COHORT:
        ig_buf_printf(b, ", \"start\": %d", p->start);
        if (p->outflow >= 0) {
            ig_buf_puts(b, ", \"outflow\": ");
            ig_put_decimal(b, p->outflow);
        } else {
            ig_buf_puts(b, ", \"remaining\": [");
            for (size_t i = 0; i < p->n_remaining; i++) {
                ig_buf_puts(b, i ? ", " : "");
                ig_put_decimal(b, p->remaining[i]);
            }
            ig_buf_puts(b, "]");
        }
        break;
    case IG_PATH_SCURVE:
        ig_buf_printf(b, ", \"start\": %d, \"end\": %d, \"midpoint\": ", p->start, p->end);
        ig_put_decimal(b, p->midpoint);
        ig_buf_puts(b, ", \"steepness\": ");
        ig_put_decimal(b, p->steepness);
        break;
    }
    if (s->path_source) {
        ig_buf_puts(b, ", \"source\": ");
        ig_json_string(b, s->path_source);
    }
    ig_buf_puts(b, ", \"objective_share\": {");
    for (size_t y = 0; y < r->n_y; y++) {
        ig_buf_printf(b, "%s\"%d\": ", y ? ", " : "", r->first_year + (int)y);
        ig_put_fixed(b, r->p[y], 6, '.');
    }
    ig_buf_puts(b, "}},\n");
}

static void json_scenario(ig_buf *b, const ingroei_run *r)
{
    const ingroei_scenario *s = r->sc;
    ig_buf_puts(b, "  \"scenario\": {\n");
    ig_json_str_field(b, 2, "name", s->name, false);
    ig_json_str_field(b, 2, "description", s->description, false);
    json_path_field(b, r, "dataset", s->dataset);
    ig_json_int_field(b, 2, "boundaries", s->boundaries, false);
    ig_json_key(b, 2, "years");
    ig_buf_printf(b, "{\"first\": %d, \"last\": %d},\n", s->first_year, s->last_year);
    json_budget_rule(b, "budget", &s->budget);
    if (s->has_objective_budget)
        json_budget_rule(b, "objective_budget", &s->objective_budget);
    json_path_field(b, r, "historical_key", s->historical_key);
    json_path_field(b, r, "objective_key", s->objective_key);
    json_path(b, s, r);
    ig_run_json_cap(b, r, "cap");
    ig_json_str_field(b, 2, "rounding",
                      s->rounding == IG_ROUND_EXACT_TOTAL ? "exact-total" : "per-line", true);
    ig_buf_puts(b, "  },\n");
}

/* The largest gainers (or losers) per inhabitant of year y, at most 10, from the
 * ranking `order`; gemeenten without a gain (or loss) are not listed. */
void ig_run_json_ranking(ig_buf *b, const ingroei_run *r, size_t y, const size_t *order,
                         bool losers)
{
    const size_t top = 10;
    size_t shown_n = 0;
    ig_buf_puts(b, "[");
    for (size_t k = 0; k < r->n_g && shown_n < top; k++) {
        size_t g = losers ? order[r->n_g - 1 - k] : order[k];
        double gain = ig_run_gain_per_inhabitant(r, y, g);
        if (losers ? !(gain < 0) : !(gain > 0))
            break;
        size_t i = y * r->n_g + g;
        ig_buf_puts(b, shown_n ? ",\n          {" : "\n          {");
        ig_buf_puts(b, "\"gemeentecode\": ");
        ig_json_string(b, r->code[g]);
        ig_buf_puts(b, ", \"gemeentenaam\": ");
        ig_json_string(b, r->name[g]);
        ig_buf_puts(b, ", \"verschil_per_inwoner\": ");
        ig_put_fixed(b, gain, 2, '.');
        ig_buf_puts(b, ", \"verschil_met_historisch\": ");
        ig_put_int(b, r->out.total[i] - r->out.full_hist[i]);
        ig_buf_puts(b, "}");
        shown_n++;
    }
    ig_buf_puts(b, shown_n ? "\n        ]" : "]");
}

/* The regional view: which regions are known, and which gemeenten have no known
 * region (never invented). */
static void json_regions(ig_buf *b, const ingroei_run *r)
{
    ig_json_key(b, 1, "regions");
    if (!r->region) {
        ig_buf_puts(b, "null,\n");
        return;
    }
    ig_buf_puts(b, "{\n");
    char *shown = ig_run_receipt_path(r, r->sc->regions);
    if (!shown)
        b->failed = true; /* out of memory: summary.json is not written */
    ig_json_str_field(b, 2, "file", shown ? shown : "", false);
    free(shown);
    ig_json_key(b, 2, "regional_key");
    ig_buf_puts(b, r->sc->regional_key ? "true,\n" : "false,\n");
    ig_json_key(b, 2, "centrumgemeenten_with_known_region");
    ig_buf_puts(b, "[");
    size_t k = 0, unknown = 0;
    for (size_t g = 0; g < r->n_g; g++) {
        if (r->region[g] == (long)g) {
            ig_buf_puts(b, k++ ? ", " : "");
            ig_json_string(b, r->code[g]);
        }
        unknown += r->region[g] < 0;
    }
    ig_buf_puts(b, "],\n");
    ig_json_int_field(b, 2, "gemeenten_without_known_region", (int64_t)unknown, false);
    ig_json_key(b, 2, "without_known_region");
    ig_buf_puts(b, "[");
    k = 0;
    for (size_t g = 0; g < r->n_g; g++)
        if (r->region[g] < 0) {
            ig_buf_puts(b, k++ ? ", " : "");
            ig_json_string(b, r->code[g]);
        }
    ig_buf_puts(b, "]\n  },\n");
}

/* With inputs per year (README, "Inputs per year"): per scenario year the circulaire of
 * the historical amounts, their total, and the objective key's volumes file. Left out
 * without them, so that such a run's summary stays as it was. */
static void json_inputs_per_year(ig_buf *b, const ingroei_run *r)
{
    const ingroei_scenario *s = r->sc;
    if (!s->n_hist_per_year && !s->n_volumes_per_year)
        return;
    ig_json_key(b, 1, "inputs_per_year");
    ig_buf_puts(b, "[");
    for (size_t y = 0; y < r->n_y; y++) {
        const int year = r->first_year + (int)y;
        ig_buf_printf(b, "%s\n    {\"year\": %d, \"historical_circulaire\": ", y ? "," : "", year);
        ig_json_string(b, r->h_circulaire_year ? r->h_circulaire_year[y] : r->hist.circulaire);
        ig_buf_printf(b, ", \"historical_uitkeringsjaar\": %d, \"historical_total\": ",
                      r->h_circulaire_year && r->h_circulaire_year[y] != r->hist.circulaire
                          ? year
                          : r->hist.uitkeringsjaar);
        ig_put_int(b, (int64_t)ig_run_h_total(r, y));
        ig_buf_puts(b, ", \"objective_volumes\": ");
        const char *file = r->obj.volumes;
        for (size_t i = 0; i < s->n_volumes_per_year; i++)
            if (s->volumes_per_year[i].year == year)
                file = s->volumes_per_year[i].value;
        char *shown = ig_run_receipt_path(r, file);
        if (!shown)
            b->failed = true;
        ig_json_string(b, shown ? shown : "");
        free(shown);
        ig_buf_puts(b, "}");
    }
    ig_buf_puts(b, "\n  ],\n");
}

/* With arrangements (README, "Arrangements"): each arrangement with its document, date,
 * source and payments (the gemeente as the scenario named it and as the run found it).
 * Left out without them, so that such a run's summary stays as it was. */
static void json_arrangements(ig_buf *b, const ingroei_run *r)
{
    const ingroei_scenario *s = r->sc;
    if (!ig_run_arrangement(r, 0))
        return;
    ig_json_key(b, 1, "arrangements");
    ig_buf_puts(b, "[");
    size_t at = 0;
    for (size_t k = 0; k < s->n_arrangements; k++) {
        const ig_arrangement *a = &s->arrangements[k];
        ig_buf_puts(b, k ? ",\n    {\"name\": " : "\n    {\"name\": ");
        ig_json_string(b, a->name);
        ig_buf_puts(b, ", \"document\": ");
        ig_json_string(b, a->document);
        ig_buf_printf(b, ", \"date\": \"%s\", \"source\": ", a->date);
        ig_json_string(b, a->source);
        ig_buf_printf(b, ", \"illustrative\": %s,\n     \"payments\": [",
                      a->illustrative ? "true" : "false");
        for (size_t j = 0; j < a->n_payments; j++, at++) {
            const ig_payment *p = &a->payments[j];
            const long g = r->arrangement_g[at];
            ig_buf_printf(b, "%s\n       {\"year\": %d, \"named\": ", j ? "," : "", p->year);
            ig_json_string(b, p->gemeente);
            ig_buf_puts(b, ", \"gemeentecode\": ");
            ig_json_string(b, r->code[g]);
            ig_buf_puts(b, ", \"gemeentenaam\": ");
            ig_json_string(b, r->name[g]);
            ig_buf_puts(b, ", \"amount\": ");
            ig_put_int(b, p->amount);
            ig_buf_puts(b, "}");
        }
        ig_buf_puts(b, "]}");
    }
    ig_buf_puts(b, "\n  ],\n");
}

/* The run's warnings (run/warnings.c), each with its code and message; [] without. */
void ig_run_json_warnings(ig_buf *b, const ingroei_run *r)
{
    ig_json_key(b, 1, "warnings");
    ig_buf_puts(b, "[");
    for (size_t i = 0; i < r->n_warnings; i++) {
        ig_buf_puts(b, i ? ",\n    {\"code\": " : "\n    {\"code\": ");
        ig_json_string(b, r->warnings[i].code);
        ig_buf_puts(b, ", \"message\": ");
        ig_json_string(b, r->warnings[i].message);
        ig_buf_puts(b, "}");
    }
    ig_buf_puts(b, r->n_warnings ? "\n  ],\n" : "],\n");
}

void ig_run_json_inputs(ig_buf *b, const ingroei_run *r)
{
    for (size_t i = 0; i < r->n_inputs; i++) {
        ig_buf_puts(b, "    {\"file\": ");
        ig_json_string(b, r->inputs[i].display);
        ig_buf_puts(b, ", \"sha256\": ");
        ig_json_string(b, r->inputs[i].sha256);
        ig_buf_puts(b, ", \"source\": ");
        ig_json_string(b, r->inputs[i].source);
        ig_buf_puts(b, i + 1 < r->n_inputs ? "},\n" : "}\n");
    }
}

bool ig_run_summary_json(ig_buf *b, const ingroei_run *r)
{
    size_t *order = malloc((r->n_g ? r->n_g : 1) * sizeof *order);
    if (!order)
        return false;
    ig_json_receipt_begin(b);
    ig_buf_puts(b, ",\n");
    ig_json_key(b, 1, "illustrative");
    ig_buf_puts(b, r->obj.illustrative ? "true,\n" : "false,\n");
    ig_json_str_field(b, 1, "notice", r->obj.illustrative ? r->obj.notice : NULL, false);
    ig_run_json_warnings(b, r);
    json_scenario(b, r);
    ig_buf_puts(b, "  \"inputs\": [\n");
    ig_run_json_inputs(b, r);
    ig_buf_puts(b, "  ],\n  \"historical_key\": {\n");
    ig_json_str_field(b, 2, "name", r->hist.name, false);
    ig_json_str_field(b, 2, "circulaire", r->hist.circulaire, false);
    ig_json_int_field(b, 2, "uitkeringsjaar", r->hist.uitkeringsjaar, false);
    ig_json_str_field(b, 2, "regeling", r->hist.regeling, false);
    size_t n_hist = 0;
    for (size_t g = 0; g < r->n_g; g++)
        n_hist += r->h[g] > 0;
    ig_json_int_field(b, 2, "gemeenten_with_amount", (int64_t)n_hist, true);
    ig_buf_puts(b, "  },\n  \"objective_key\": {\n");
    ig_json_str_field(b, 2, "name", r->obj.name, false);
    ig_json_key(b, 2, "illustrative");
    ig_buf_puts(b, r->obj.illustrative ? "true,\n" : "false,\n");
    if (r->obj.own_key) { /* a key file (README "Your own key"): labelled, with its hash */
        ig_json_key(b, 2, "own_key");
        ig_buf_puts(b, "true,\n");
        ig_json_str_field(b, 2, "sha256", r->obj.sha256, false);
    }
    ig_json_str_field(b, 2, "volumes_source", r->obj.volumes_source, false);
    ig_buf_puts(b, "    \"maatstaven\": [\n");
    for (size_t m = 0; m < r->obj.n_maatstaven; m++) {
        const ig_maatstaf *ms = &r->obj.maatstaven[m];
        ig_buf_puts(b, "      {\"code\": ");
        ig_json_string(b, ms->code);
        ig_buf_puts(b, ", \"weight\": ");
        ig_put_fixed(b, ms->weight, 4, '.');
        ig_buf_puts(b, ms->scaled ? ", \"scaled\": true, \"source\": "
                                  : ", \"scaled\": false, \"source\": ");
        ig_json_string(b, ms->source);
        ig_buf_puts(b, m + 1 < r->obj.n_maatstaven ? "},\n" : "}\n");
    }
    ig_buf_puts(b, "    ]\n  },\n");
    json_regions(b, r);
    json_inputs_per_year(b, r);
    json_arrangements(b, r);
    ig_buf_puts(b, "  \"years\": [\n");
    for (size_t y = 0; y < r->n_y; y++) {
        ig_buf_puts(b, "    {\n");
        ig_json_int_field(b, 3, "year", r->first_year + (int)y, false);
        ig_json_int_field(b, 3, "budget", r->out.target[y], false);
        ig_json_int_field(b, 3, "budget_historical", r->budget[y], false);
        ig_json_int_field(b, 3, "budget_objective", r->budget_obj[y], false);
        ig_json_str_field(b, 3, "budget_source", r->budget_source[y], false);
        if (ig_run_arrangement(r, y)) /* budget_historical and _objective are the keys' */
            ig_json_int_field(b, 3, "arrangement", ig_run_arrangement_total(r, y), false);
        ig_json_fixed_field(b, 3, "objective_share", r->p[y], 6, false);
        ig_json_int_field(b, 3, "historical_part", r->out.sum_hist[y], false);
        ig_json_int_field(b, 3, "objective_part", r->out.sum_obj[y], false);
        ig_json_int_field(b, 3, "sum_allocations", r->out.sum_total[y], false);
        ig_json_int_field(b, 3, "rounding_residual", r->out.residual[y], false);
        ig_json_fixed_field(b, 3, "uitkeringsfactor_objective_part", r->uf_part[y], 6, false);
        ig_json_fixed_field(b, 3, "uitkeringsfactor_whole_budget", r->uf_full[y], 6, false);
        ig_run_json_cap_year(b, r, y);
        if (ig_run_rank(r, y, order) != INGROEI_OK) {
            free(order);
            return false;
        }
        ig_json_key(b, 3, "largest_gainers_per_inhabitant");
        ig_run_json_ranking(b, r, y, order, false);
        ig_buf_puts(b, ",\n");
        ig_json_key(b, 3, "largest_losers_per_inhabitant");
        ig_run_json_ranking(b, r, y, order, true);
        ig_buf_puts(b, "\n");
        ig_json_indent(b, 2);
        ig_buf_puts(b, y + 1 < r->n_y ? "},\n" : "}\n");
    }
    ig_buf_puts(b, "  ]\n}\n");
    free(order);
    return true;
}
