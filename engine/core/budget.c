/*
 * budget.c - the macro budget per year: published amounts where they exist, the
 * scenario's stated rule for the other years.
 */
#include "../ig.h"

#include <math.h>
#include <stdio.h>
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
                                char **sources, ingroei_error *err)
{
    for (size_t i = 0; i < n; i++)
        sources[i] = NULL;
    for (size_t i = 0; i < n; i++) {
        int year = first + (int)i;
        const ig_budget_point *near = &rule->published[nearest_published(rule, year)];
        char text[1024];
        if (near->year == year) {
            amounts[i] = near->amount;
            snprintf(text, sizeof text, "%s", near->source);
        } else {
            double f = pow(1.0 + rule->index_percent / 100.0, (double)(year - near->year));
            double v = (double)near->amount * f;
            if (!isfinite(v) || v < 1.0 || v > 1e15) {
                for (size_t k = 0; k < i; k++)
                    free(sources[k]);
                return ig_fail(err, INGROEI_ERR_SCHEMA, NULL, 0, 0,
                               "the budget of %d derived from %d is not a positive "
                               "amount below 1e15 euro",
                               year, near->year);
            }
            amounts[i] = ig_round(v);
            /* The percentage is printed from the parsed double with a fixed format so
             * the text does not depend on the locale. */
            ig_buf pct = {0};
            ig_put_fixed(&pct, rule->index_percent, 2, '.');
            int span = abs(year - near->year);
            snprintf(text, sizeof text,
                     "derived from the %d amount (nearest published year) at %s%% a year, "
                     "%d year%s %s; %s",
                     near->year, pct.data ? pct.data : "?", span, span == 1 ? "" : "s",
                     year < near->year ? "back" : "on",
                     rule->index_source ? rule->index_source : "no source given");
            ig_buf_free(&pct);
        }
        sources[i] = ig_strdup(text);
        if (!sources[i]) {
            for (size_t k = 0; k < i; k++)
                free(sources[k]);
            return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
    }
    return INGROEI_OK;
}
