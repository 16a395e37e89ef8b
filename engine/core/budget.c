/*
 * budget.c - the macro budget per year and its build-up, line by line (README,
 * "Budgets"): from published amounts with a stated rule for the other years, or from a
 * base amount with dated mutations (indexation, structural changes such as a
 * Wlz-uitname, incidental ones); and the arrangements paid out of it before the keys
 * distribute the rest (README, "Arrangements").
 */
#include "core/core.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#define MAX_BUDGET 1e15

size_t ig_budget_max_lines(const ig_budget_rule *rule, size_t n)
{
    return rule->has_base ? n * (2 + rule->n_mutations) : n;
}

/* Index of the published year nearest to `year`; the earlier one on a tie. */
static size_t nearest_published(const ig_budget_rule *rule, int year)
{
    size_t best = 0;
    for (size_t i = 1; i < rule->n_published; i++)
        if (abs(rule->published[i].year - year) < abs(rule->published[best].year - year))
            best = i;
    return best;
}

static bool in_budget_range(double v)
{
    return isfinite(v) && v >= 1.0 && v <= MAX_BUDGET;
}

/* The published form. */
static ingroei_status build_published(const ig_budget_rule *rule, int first, size_t n,
                                      int64_t *amounts, ig_budget_line *lines, size_t *n_lines,
                                      int *bad_year)
{
    const double factor = 1.0 + rule->index_percent / 100.0;
    for (size_t i = 0; i < n; i++) {
        int year = first + (int)i;
        const ig_budget_point *near = &rule->published[nearest_published(rule, year)];
        ig_budget_line *l = &lines[(*n_lines)++];
        *l = (ig_budget_line){.year = year, .point = near, .base_year = near->year};
        if (near->year == year) {
            l->kind = IG_LINE_PUBLISHED;
            l->amount = amounts[i] = near->amount;
            continue;
        }
        /* One multiplication (or division) per year: IEEE arithmetic gives the same
         * bits on every machine, where pow() may differ between C libraries. */
        double v = (double)near->amount;
        for (int k = near->year; k < year; k++)
            v *= factor;
        for (int k = near->year; k > year; k--)
            v /= factor;
        if (!in_budget_range(v)) {
            *bad_year = year;
            return INGROEI_ERR_SCHEMA;
        }
        l->kind = IG_LINE_DERIVED;
        l->amount = amounts[i] = ig_round(v);
    }
    return INGROEI_OK;
}

static bool active(const ig_mutation *m, int year)
{
    return year >= m->from && year <= m->to;
}

/* The base form: a structural level carried from year to year, plus incidental amounts.
 * Lines are only kept for the scenario's years. */
static ingroei_status build_from_base(const ig_budget_rule *rule, int first, size_t n,
                                      int64_t *amounts, ig_budget_line *lines, size_t *n_lines,
                                      int *bad_year)
{
    const int base = rule->base.year, last = first + (int)n - 1;
    double level = 0.0; /* whole euros, exact in a double below 2^53 */
    for (int year = base; year <= last; year++) {
        const bool kept = year >= first;
        size_t at = *n_lines;
#define LINE(...)                                                                                  \
    do {                                                                                           \
        if (kept)                                                                                  \
            lines[(*n_lines)++] = (ig_budget_line){.year = year, __VA_ARGS__};                     \
    } while (0)
        if (year == base) {
            level = (double)rule->base.amount;
            LINE(.kind = IG_LINE_BASE, .amount = rule->base.amount, .point = &rule->base);
        } else {
            LINE(.kind = IG_LINE_LEVEL, .amount = (int64_t)level);
            double grown = 0.0;
            for (size_t k = 0; k < rule->n_mutations; k++) {
                const ig_mutation *m = &rule->mutations[k];
                if (m->kind != IG_MUT_INDEX || !active(m, year))
                    continue;
                int64_t step = ig_round(level * m->percent / 100.0);
                grown += (double)step;
                LINE(.kind = IG_LINE_MUTATION, .amount = step, .mutation = m);
            }
            level += grown;
        }
        double budget = 0.0;
        for (size_t k = 0; k < rule->n_mutations; k++) {
            const ig_mutation *m = &rule->mutations[k];
            bool structural_now = m->kind == IG_MUT_STRUCTURAL &&
                                  (m->from == year || (year == base && m->from < base));
            if (structural_now) {
                level += (double)m->amount;
                LINE(.kind = IG_LINE_MUTATION, .amount = m->amount, .mutation = m);
            } else if (m->kind == IG_MUT_INCIDENTAL && active(m, year)) {
                budget += (double)m->amount;
                LINE(.kind = IG_LINE_MUTATION, .amount = m->amount, .mutation = m);
            }
        }
#undef LINE
        budget += level;
        if (!in_budget_range(budget) || !(fabs(level) <= MAX_BUDGET)) {
            *bad_year = year;
            *n_lines = at;
            return INGROEI_ERR_SCHEMA;
        }
        if (kept)
            amounts[year - first] = (int64_t)budget;
    }
    return INGROEI_OK;
}

ingroei_status ig_budget_build(const ig_budget_rule *rule, int first, size_t n, int64_t *amounts,
                               ig_budget_line *lines, size_t *n_lines, int *bad_year)
{
    *n_lines = 0;
    *bad_year = 0;
    if (rule->has_base) {
        if (rule->base.year > first) {
            *bad_year = first;
            return INGROEI_ERR_SCHEMA;
        }
        return build_from_base(rule, first, n, amounts, lines, n_lines, bad_year);
    }
    return build_published(rule, first, n, amounts, lines, n_lines, bad_year);
}

ingroei_status ig_arrangement_subtract(const int64_t *a, size_t n_g, size_t n_y, int64_t *total,
                                       int64_t *budget, int64_t *budget_obj, size_t *bad)
{
    *bad = SIZE_MAX;
    for (size_t t = 0; t < n_y; t++) {
        int64_t s = 0;
        for (size_t g = 0; g < n_g; g++) {
            /* checked as it grows, so that it never overflows: a and the budgets are
             * below 2^62 */
            s += a[t * n_g + g];
            if (a[t * n_g + g] < 0 || s > budget[t] || s > budget_obj[t]) {
                *bad = t;
                return INGROEI_ERR_DATA;
            }
        }
        total[t] = s;
    }
    for (size_t t = 0; t < n_y; t++) {
        budget[t] -= total[t];
        budget_obj[t] -= total[t];
    }
    return INGROEI_OK;
}

void ig_arrangement_add(const int64_t *a, const int64_t *total, size_t n_g, size_t n_y,
                        ig_alloc_out *out, int64_t *uncapped)
{
    for (size_t t = 0; t < n_y; t++) {
        for (size_t g = 0; g < n_g; g++) {
            const size_t i = t * n_g + g;
            out->total[i] += a[i];
            out->full_hist[i] += a[i];
            out->exact[i] += (double)a[i];
            if (uncapped)
                uncapped[i] += a[i];
        }
        out->target[t] += total[t];
        out->sum_total[t] += total[t];
    }
}

void ig_arrangement_add_full_obj(const int64_t *a, size_t n_g, size_t n_y, int64_t *full_obj)
{
    for (size_t i = 0; i < n_y * n_g; i++)
        full_obj[i] += a[i];
}
