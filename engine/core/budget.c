/*
 * budget.c - the macro budget per year: the published amount where there is one, the
 * scenario's stated rule for the other years (DOMAIN §6: a base amount and a yearly
 * indexation).
 */
#include "../ig.h"

#include <math.h>
#include <stdlib.h>

/* Index of the published year nearest to `year`; the earlier one on a tie. */
static size_t nearest_published(const ig_budget_rule *rule, int year)
{
    size_t best = 0;
    for (size_t i = 1; i < rule->n_published; i++)
        if (abs(rule->published[i].year - year) < abs(rule->published[best].year - year))
            best = i;
    return best;
}

ingroei_status ig_budget_derive(const ig_budget_rule *rule, int first, size_t n, int64_t *amounts,
                                int *base, int *bad_year)
{
    const double factor = 1.0 + rule->index_percent / 100.0;
    for (size_t i = 0; i < n; i++) {
        int year = first + (int)i;
        const ig_budget_point *near = &rule->published[nearest_published(rule, year)];
        base[i] = near->year;
        if (near->year == year) {
            amounts[i] = near->amount;
            continue;
        }
        /* One multiplication (or division) per year: IEEE arithmetic gives the same
         * bits on every machine, where pow() may differ between C libraries. */
        double v = (double)near->amount;
        for (int k = near->year; k < year; k++)
            v *= factor;
        for (int k = near->year; k > year; k--)
            v /= factor;
        if (!isfinite(v) || v < 1.0 || v > 1e15) {
            *bad_year = year;
            return INGROEI_ERR_SCHEMA;
        }
        amounts[i] = ig_round(v);
    }
    return INGROEI_OK;
}
