/*
 * arrangement.c - the scenario's arrangements in a run (README, "Arrangements"): amounts
 * paid to named gemeenten before the keys distribute the rest of a year's budget, such
 * as the financial arrangement for landelijke specialistische instellingen (Kamerstuk
 * 29 325 nr. 104). Each payment's gemeente is found on the run's boundaries (by code or
 * name, through the herindelingen), each year's arrangements must fit in its budget, the
 * keys get what is left, and afterwards every gemeente gets its amount on top.
 */
#include "run/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The run's gemeente that `key` (a code or a name) means on the scenario's boundaries:
 * the gemeente itself, or the one a gemeente of that code or name merged into on or
 * before 1 January of the boundaries year; -1 when there is none. Reads only, so that
 * forks computing at once in several threads may call it (ig_run_resolve marks the
 * herindelingen it used). */
static long find_gemeente(const ingroei_run *r, const char *key)
{
    size_t g;
    if (ig_find_name(key, (const char *const *)r->code, (const char *const *)r->name, r->n_g,
                     &g) == 1)
        return (long)g;
    char cutoff[16];
    snprintf(cutoff, sizeof cutoff, "%04d-01-01", r->sc->boundaries);
    const char *code = NULL;
    for (size_t i = 0; i < r->n_merges && !code; i++) {
        size_t at;
        const ig_merge *m = &r->merges[i];
        if (strcmp(m->date, cutoff) <= 0 &&
            ig_find_name(key, (const char *const *)&m->old_code,
                         (const char *const *)&m->old_name, 1, &at) == 1)
            code = m->new_code;
    }
    for (int hops = 0; code && hops < 16; hops++) { /* a chain of herindelingen */
        long found = ig_run_find_code(r, code);
        if (found >= 0)
            return found;
        const char *next = NULL;
        for (size_t i = 0; i < r->n_merges && !next; i++)
            if (!strcmp(r->merges[i].old_code, code) && strcmp(r->merges[i].date, cutoff) <= 0)
                next = r->merges[i].new_code;
        code = next;
    }
    return -1;
}

static ingroei_status unknown_gemeente(const ingroei_run *r, size_t k, const ig_payment *p,
                                       ingroei_error *err)
{
    ig_buf near = {0};
    ig_near_names(&near, p->gemeente, (const char *const *)r->code, (const char *const *)r->name,
                  r->n_g, 6);
    const ingroei_status st = ig_fail(
        err, INGROEI_ERR_SCHEMA, r->sc->file, p->line, p->column,
        "arrangements[%zu].amounts.%d: no gemeente '%s' on the boundaries of %d (a code such as "
        "GM0344, a name, or a gemeente that had merged into one by then)%s%s",
        k, p->year, p->gemeente, r->sc->boundaries, near.len ? "; did you mean " : "",
        near.data ? near.data : "");
    ig_buf_free(&near);
    return st;
}

ingroei_status ig_run_arrangements(ingroei_run *r, ingroei_error *err)
{
    const ingroei_scenario *sc = r->sc;
    if (!sc->n_arrangements)
        return INGROEI_OK;
    const size_t n_g = r->n_g, n_y = r->n_y;
    size_t n_pay = 0;
    for (size_t k = 0; k < sc->n_arrangements; k++)
        n_pay += sc->arrangements[k].n_payments;
    /* a fork of a run without arrangements makes its arrays on its first compute */
    if (!r->arrangement && (!(r->arrangement = calloc(n_y * n_g, sizeof *r->arrangement)) ||
                            !(r->arrangement_total = calloc(n_y, sizeof *r->arrangement_total))))
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    free(r->arrangement_g);
    if (!(r->arrangement_g = calloc(n_pay ? n_pay : 1, sizeof *r->arrangement_g)))
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    memset(r->arrangement, 0, n_y * n_g * sizeof *r->arrangement);
    size_t at = 0;
    for (size_t k = 0; k < sc->n_arrangements; k++) {
        const ig_arrangement *a = &sc->arrangements[k];
        for (size_t j = 0; j < a->n_payments; j++) {
            const ig_payment *p = &a->payments[j];
            const long g = find_gemeente(r, p->gemeente);
            if (g < 0)
                return unknown_gemeente(r, k, p, err);
            /* one gemeente twice in a year of one arrangement is a mistake (two names of
             * one gemeente, or two gemeenten that had merged) */
            for (size_t i = 0; i < j; i++)
                if (a->payments[i].year == p->year && r->arrangement_g[at - j + i] == g)
                    return ig_fail(err, INGROEI_ERR_SCHEMA, sc->file, p->line, p->column,
                                   "arrangements[%zu].amounts.%d: '%s' is %s (%s), already "
                                   "named at line %d as '%s'",
                                   k, p->year, p->gemeente, r->name[g], r->code[g],
                                   a->payments[i].line, a->payments[i].gemeente);
            r->arrangement_g[at++] = g;
            int64_t *cell = &r->arrangement[(size_t)(p->year - r->first_year) * n_g + (size_t)g];
            if (*cell > INT64_C(1000000000000000) - p->amount) /* several arrangements */
                return ig_fail(err, INGROEI_ERR_SCHEMA, sc->file, p->line, p->column,
                               "arrangements[%zu].amounts.%d: %s gets more than 1e15 euro", k,
                               p->year, r->name[g]);
            *cell += p->amount;
        }
    }
    size_t bad;
    if (ig_arrangement_subtract(r->arrangement, n_g, n_y, r->arrangement_total, r->budget,
                                r->budget_obj, &bad) != INGROEI_OK) {
        /* point at the year's first payment */
        const int year = r->first_year + (int)bad;
        const ig_payment *first = NULL;
        int64_t sum = 0;
        for (size_t k = 0; k < sc->n_arrangements; k++)
            for (size_t j = 0; j < sc->arrangements[k].n_payments; j++) {
                const ig_payment *p = &sc->arrangements[k].payments[j];
                if (p->year == year) {
                    first = first ? first : p;
                    sum += p->amount;
                }
            }
        ig_buf b = {0};
        ig_put_int(&b, sum);
        ig_buf_puts(&b, " euro, more than the year's budget of ");
        ig_put_int(&b, r->budget[bad] < r->budget_obj[bad] ? r->budget[bad] : r->budget_obj[bad]);
        const ingroei_status st = ig_fail(
            err, INGROEI_ERR_SCHEMA, sc->file, first ? first->year_line : 0,
            first ? first->year_column : 0,
            "arrangements: the arrangements of %d pay %s euro%s (they are paid out of it before "
            "the keys distribute the rest)",
            year, b.data ? b.data : "?",
            sc->has_objective_budget && r->budget_obj[bad] < r->budget[bad]
                ? " (the objective part's own budget)"
                : "");
        ig_buf_free(&b);
        return st;
    }
    /* A cap measures changes against other years' key allocations; with nothing left
     * for the keys there is nothing for it to hold. */
    for (size_t t = 0; sc->cap.enabled && t < n_y; t++)
        if (r->budget[t] == 0 || r->budget_obj[t] == 0) {
            const int year = r->first_year + (int)t;
            for (size_t k = 0; k < sc->n_arrangements; k++)
                for (size_t j = 0; j < sc->arrangements[k].n_payments; j++) {
                    const ig_payment *p = &sc->arrangements[k].payments[j];
                    if (p->year == year)
                        return ig_fail(err, INGROEI_ERR_SCHEMA, sc->file, p->year_line,
                                       p->year_column,
                                       "arrangements: the arrangements of %d take the whole "
                                       "budget, which leaves the cap nothing to hold; lower "
                                       "them or drop the cap",
                                       year);
                }
        }
    return INGROEI_OK;
}

void ig_run_arrangements_add(ingroei_run *r)
{
    if (r->sc->n_arrangements && r->arrangement)
        ig_arrangement_add(r->arrangement, r->arrangement_total, r->n_g, r->n_y, &r->out,
                           r->cap.uncapped);
}
