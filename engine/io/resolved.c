/*
 * resolved.c - the fully resolved scenario or au-model (--write-resolved): the same
 * input with every default made explicit, every number written so that it reads back as
 * exactly the same value, and every path relative to the written file, so that running
 * it reproduces the run byte for byte. The files it names are listed with the SHA-256 of
 * the bytes that were read.
 */
#include "io/io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* `path` relative to the directory of `file`. New string. */
static char *relative_to(const char *path, const char *file)
{
    char *dir = ig_dirname(file);
    char *rel = dir ? ig_path_relative(path, dir) : NULL;
    free(dir);
    return rel;
}

static void put_str(ig_buf *b, const char *s)
{
    ig_yaml_quoted(b, s ? s : "");
}

static void put_path(ig_buf *b, const char *path, const char *file)
{
    char *rel = relative_to(path, file);
    if (!rel)
        b->failed = true;
    else
        put_str(b, rel);
    free(rel);
}

/* A mapping of year to a circulaire, or (with `file`) to a path relative to file. */
static void put_per_year(ig_buf *b, const char *key, const ig_per_year *v, size_t n,
                         const char *file)
{
    if (!n)
        return;
    ig_buf_printf(b, "%s:\n", key);
    for (size_t i = 0; i < n; i++) {
        ig_buf_printf(b, "  %d: ", v[i].year);
        if (file)
            put_path(b, v[i].value, file);
        else
            put_str(b, v[i].value);
        ig_buf_puts(b, "\n");
    }
}

/* `arrangements` (README, "Arrangements"), each year's payments as given. */
static void put_arrangements(ig_buf *b, const ingroei_scenario *s)
{
    if (!s->n_arrangements)
        return;
    ig_buf_puts(b, "arrangements:\n");
    for (size_t i = 0; i < s->n_arrangements; i++) {
        const ig_arrangement *a = &s->arrangements[i];
        ig_buf_puts(b, "  - name: ");
        put_str(b, a->name);
        ig_buf_puts(b, "\n    document: ");
        put_str(b, a->document);
        ig_buf_printf(b, "\n    date: \"%s\"\n    source: ", a->date);
        put_str(b, a->source);
        ig_buf_printf(b, "\n    illustrative: %s\n    amounts:", a->illustrative ? "true" : "false");
        for (size_t j = 0; j < a->n_payments; j++) {
            const ig_payment *p = &a->payments[j];
            const bool first = j == 0 || a->payments[j - 1].year != p->year;
            const bool last = j + 1 == a->n_payments || a->payments[j + 1].year != p->year;
            if (first)
                ig_buf_printf(b, "\n      %d: {", p->year);
            else
                ig_buf_puts(b, ", ");
            put_str(b, p->gemeente);
            ig_buf_printf(b, ": %lld", (long long)p->amount);
            if (last)
                ig_buf_puts(b, "}");
        }
        ig_buf_puts(b, "\n");
    }
}

static void put_budget(ig_buf *b, const char *key, const ig_budget_rule *r)
{
    ig_buf_printf(b, "%s:\n", key);
    if (r->has_base) {
        ig_buf_printf(b, "  base: {year: %d, amount: %lld, source: ", r->base.year,
                      (long long)r->base.amount);
        put_str(b, r->base.source);
        ig_buf_puts(b, "}\n");
        if (!r->n_mutations)
            return;
        ig_buf_puts(b, "  mutations:\n");
        for (size_t i = 0; i < r->n_mutations; i++) {
            const ig_mutation *m = &r->mutations[i];
            static const char *const types[] = {"index", "structural", "incidental"};
            ig_buf_puts(b, "    - name: ");
            put_str(b, m->name);
            ig_buf_printf(b, "\n      type: %s\n", types[m->kind]);
            if (m->kind == IG_MUT_INDEX) {
                ig_buf_puts(b, "      percent: ");
                ig_put_double(b, m->percent);
                ig_buf_puts(b, "\n");
            } else {
                ig_buf_printf(b, "      amount: %lld\n", (long long)m->amount);
            }
            ig_buf_printf(b, "      from: %d\n", m->from);
            if (m->to != INT_MAX)
                ig_buf_printf(b, "      to: %d\n", m->to);
            ig_buf_puts(b, "      source: ");
            put_str(b, m->source);
            ig_buf_puts(b, "\n");
        }
        return;
    }
    ig_buf_puts(b, "  published:\n");
    for (size_t i = 0; i < r->n_published; i++) {
        ig_buf_printf(b, "    %d: {amount: %lld, source: ", r->published[i].year,
                      (long long)r->published[i].amount);
        put_str(b, r->published[i].source);
        ig_buf_puts(b, "}\n");
    }
    if (r->index_source) {
        ig_buf_puts(b, "  other_years: {rule: index, percent: ");
        ig_put_double(b, r->index_percent);
        ig_buf_puts(b, ", source: ");
        put_str(b, r->index_source);
        ig_buf_puts(b, "}\n");
    }
}

static void put_path_model(ig_buf *b, const ingroei_scenario *s)
{
    const ig_path *p = &s->path;
    ig_buf_puts(b, "path:\n");
    switch (p->kind) {
    case IG_PATH_LINEAR:
        ig_buf_printf(b, "  type: linear\n  start: %d\n  length: %d\n", p->start, p->length);
        break;
    case IG_PATH_TABLE: {
        size_t n = (size_t)(s->last_year - s->first_year + 1);
        bool decreases = false;
        ig_buf_puts(b, "  type: table\n  shares:\n");
        for (size_t i = 0; i < n; i++) {
            ig_buf_printf(b, "    %d: ", s->first_year + (int)i);
            ig_put_double(b, p->table[i]);
            ig_buf_puts(b, "\n");
            decreases = decreases || (i > 0 && p->table[i] < p->table[i - 1]);
        }
        ig_buf_printf(b, "  allow_decrease: %s\n", decreases ? "true" : "false");
        break;
    }
    case IG_PATH_COHORT:
        ig_buf_printf(b, "  type: cohort\n  start: %d\n", p->start);
        if (p->outflow >= 0) {
            ig_buf_puts(b, "  outflow: ");
            ig_put_double(b, p->outflow);
            ig_buf_puts(b, "\n");
        } else {
            ig_buf_puts(b, "  remaining: [");
            for (size_t i = 0; i < p->n_remaining; i++) {
                ig_buf_puts(b, i ? ", " : "");
                ig_put_double(b, p->remaining[i]);
            }
            ig_buf_puts(b, "]\n");
        }
        break;
    case IG_PATH_SCURVE:
        ig_buf_printf(b, "  type: s-curve\n  start: %d\n  end: %d\n  midpoint: ", p->start, p->end);
        ig_put_double(b, p->midpoint);
        ig_buf_puts(b, "\n  steepness: ");
        ig_put_double(b, p->steepness);
        ig_buf_puts(b, "\n");
        break;
    }
    if (s->path_source) {
        ig_buf_puts(b, "  source: ");
        put_str(b, s->path_source);
        ig_buf_puts(b, "\n");
    }
}

/* A limit per year as a mapping of the years that have one; nothing when none has. */
static void put_limit(ig_buf *b, const char *key, const double *v, const ingroei_scenario *s)
{
    size_t n = (size_t)(s->last_year - s->first_year + 1), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            continue;
        if (!k++)
            ig_buf_printf(b, "  %s:\n", key);
        ig_buf_printf(b, "    %d: ", s->first_year + (int)i);
        ig_put_double(b, v[i]);
        ig_buf_puts(b, "\n");
    }
}

static void put_cap(ig_buf *b, const ingroei_scenario *s)
{
    const ig_cap *c = &s->cap;
    static const char *const refs[] = {"previous-year", "previous-year-nominal", "historical"};
    ig_buf_printf(b, "cap:\n  reference: %s\n", refs[c->reference]);
    put_limit(b, "max_loss_per_inhabitant", c->max_loss, s);
    put_limit(b, "max_gain_per_inhabitant", c->max_gain, s);
    if (c->cumulative) {
        ig_buf_printf(b, "  cumulative:\n    from: %d\n    to: %d\n", c->cum_from, c->cum_to);
        if (isfinite(c->cum_max_loss)) {
            ig_buf_puts(b, "    max_loss_per_inhabitant: ");
            ig_put_double(b, c->cum_max_loss);
            ig_buf_puts(b, "\n");
        }
        if (isfinite(c->cum_max_gain)) {
            ig_buf_puts(b, "    max_gain_per_inhabitant: ");
            ig_put_double(b, c->cum_max_gain);
            ig_buf_puts(b, "\n");
        }
    }
    if (c->min_ratio)
        put_limit(b, "min_ratio", c->min_ratio, s);
    if (c->max_ratio)
        put_limit(b, "max_ratio", c->max_ratio, s);
    if (c->guarantee.rule != IG_GUARANTEE_NONE) {
        static const char *const rules[] = {"", "enacted", "rebased", "phased_out"};
        ig_buf_printf(b, "  guarantee:\n    base_year: %d\n    rule: %s\n", c->guarantee.base_year,
                      rules[c->guarantee.rule]);
        if (c->guarantee.rule == IG_GUARANTEE_REBASED) {
            ig_buf_puts(b, "    factor: ");
            ig_put_double(b, c->guarantee.factor);
            ig_buf_puts(b, "\n");
        }
        if (c->guarantee.years > 0)
            ig_buf_printf(b, "    years: %d\n", c->guarantee.years);
    }
    ig_buf_printf(b, "  if_infeasible: %s\n  source: ", c->relax_infeasible ? "uncapped" : "error");
    put_str(b, c->source);
    ig_buf_puts(b, "\n");
}

void ig_resolved_scenario(ig_buf *b, const ingroei_scenario *s, const ig_input *inputs,
                          size_t n_inputs, const char *file)
{
    char *original = relative_to(s->file, file);
    ig_buf_puts(b, "# The fully resolved form of ");
    put_str(b, original ? original : s->file);
    ig_buf_printf(b, " (sha256 %s), written by ingroei %s:\n", s->sha256, INGROEI_VERSION);
    free(original);
    ig_buf_puts(b, "# every default explicit, every number exact, paths relative to this file.\n"
                   "# Running it gives the same tables as the original. The files it reads had "
                   "these SHA-256\n# (paths relative to the original):\n");
    for (size_t i = 0; i < n_inputs; i++) {
        ig_buf_printf(b, "#   %s  ", inputs[i].sha256);
        put_str(b, inputs[i].display);
        ig_buf_puts(b, "\n");
    }
    ig_buf_puts(b, "scenario: 1\nname: ");
    put_str(b, s->name);
    ig_buf_puts(b, "\n");
    if (s->description) {
        ig_buf_puts(b, "description: ");
        put_str(b, s->description);
        ig_buf_puts(b, "\n");
    }
    ig_buf_puts(b, "dataset: ");
    put_path(b, s->dataset, file);
    ig_buf_printf(b, "\nboundaries: %d\nyears: {first: %d, last: %d}\n", s->boundaries,
                  s->first_year, s->last_year);
    put_budget(b, "budget", &s->budget);
    if (s->has_objective_budget)
        put_budget(b, "objective_budget", &s->objective_budget);
    ig_buf_puts(b, "historical_key: ");
    put_path(b, s->historical_key, file);
    ig_buf_puts(b, "\nobjective_key: ");
    put_path(b, s->objective_key, file);
    ig_buf_puts(b, "\n");
    put_path_model(b, s);
    if (s->cap.enabled)
        put_cap(b, s);
    if (s->regions) {
        ig_buf_puts(b, "regions: ");
        put_path(b, s->regions, file);
        ig_buf_puts(b, "\n");
    }
    if (s->regional_key)
        ig_buf_puts(b, "regional_key: true\n");
    ig_buf_printf(b, "rounding: %s\n",
                  s->rounding == IG_ROUND_PER_LINE ? "per-line" : "exact-total");
    put_per_year(b, "historical_per_year", s->hist_per_year, s->n_hist_per_year, NULL);
    put_per_year(b, "objective_volumes_per_year", s->volumes_per_year, s->n_volumes_per_year,
                 file);
    put_arrangements(b, s);
}

void ig_resolved_au_model(ig_buf *b, const ig_au_model *m, const ig_au_data *data, ig_dec uf,
                          bool uf_solved, double budget, const char *file)
{
    char *original = relative_to(m->file, file);
    ig_buf_puts(b, "# The fully resolved form of ");
    put_str(b, original ? original : m->file);
    ig_buf_printf(b, " (sha256 %s), written by ingroei %s.\n", m->sha256, INGROEI_VERSION);
    free(original);
    ig_buf_printf(b, "# Its volumes had sha256 %s, its weights %s.\n", data->volumes_sha256,
                  data->weights_sha256);
    ig_buf_puts(b, "model: 1\nkind: au-model\nname: ");
    put_str(b, m->name);
    ig_buf_puts(b, "\ncirculaire: ");
    put_str(b, m->circulaire);
    ig_buf_printf(b, "\nuitkeringsjaar: %d\nvolumes: ", m->uitkeringsjaar);
    put_path(b, m->volumes, file);
    ig_buf_puts(b, "\nweights: ");
    put_path(b, m->weights, file);
    ig_buf_puts(b, "\nuitkeringsfactor: ");
    ig_put_dec(b, uf);
    ig_buf_puts(b, "\nuitkeringsfactor_source: ");
    if (uf_solved) {
        ig_buf tmp = {0};
        ig_buf_printf(&tmp,
                      "solved by ingroei from a budget of %.0f euro: (budget - sum A) / "
                      "sum B, rounded; the model's own factor was ",
                      budget);
        ig_put_dec(&tmp, m->uf);
        put_str(b, tmp.data);
        b->failed = b->failed || tmp.failed;
        ig_buf_free(&tmp);
    } else {
        put_str(b, m->uf_source);
    }
    ig_buf_puts(b, "\nunscaled_maatstaven: [");
    for (size_t i = 0; i < m->n_unscaled; i++) {
        ig_buf_puts(b, i ? ", " : "");
        put_str(b, m->unscaled[i]);
    }
    ig_buf_puts(b, "]\nsource: ");
    put_str(b, m->source);
    ig_buf_puts(b, "\n");
}
