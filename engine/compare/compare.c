/*
 * compare.c - scenarios side by side (ingroei compare): every scenario's allocation per
 * gemeente per year next to the first one's, the difference in euros and per
 * inhabitant, and a ranking of losers and gainers per scenario in a reference year.
 * The runs are computed by the caller; a comparison only reads them.
 */
#include "compare/compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t ig_cmp_year_index(const ingroei_run *r, int year)
{
    if (year < r->first_year || year >= r->first_year + (int)r->n_y)
        return SIZE_MAX;
    return (size_t)(year - r->first_year);
}

/* The stem of a file name: "scenarios/default.yaml" -> "default". New string. */
static char *file_stem(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        n = (size_t)(dot - base);
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, base, n);
        s[n] = '\0';
    }
    return s;
}

/* Labels are the files' stems, made unique with "_2", "_3", ... in order; the files as
 * the receipt shows them go with them. */
/* Whether one of the first n labels is `s`. */
static bool label_taken(const ingroei_compare *c, size_t n, const char *s)
{
    for (size_t j = 0; j < n; j++)
        if (!strcmp(c->label[j], s))
            return true;
    return false;
}

/* Labels are the files' stems, made unique in order with "_2", "_3", ...: the first
 * suffix that no earlier label has (a file may itself be called default_2). */
static ingroei_status make_labels(ingroei_compare *c, ingroei_error *err)
{
    for (size_t i = 0; i < c->n; i++) {
        char *stem = file_stem(c->runs[i]->sc->file);
        char *label = stem ? ig_strdup(stem) : NULL;
        for (size_t k = 2; label && label_taken(c, i, label); k++) {
            free(label);
            size_t len = strlen(stem) + 24;
            label = malloc(len);
            if (label)
                snprintf(label, len, "%s_%zu", stem, k);
        }
        free(stem);
        if (!label)
            return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        c->label[i] = label;
        c->file[i] = ig_run_receipt_path(c->runs[0], c->runs[i]->sc->file);
        if (!c->file[i])
            return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    return INGROEI_OK;
}

/* All scenarios must divide the money over the same gemeenten: otherwise a gemeente's
 * difference between scenarios mixes a boundary change with the scenario change. */
static ingroei_status check_boundaries(const ingroei_compare *c, ingroei_error *err)
{
    const ingroei_run *a = c->runs[0];
    for (size_t i = 1; i < c->n; i++) {
        const ingroei_run *b = c->runs[i];
        const char *why = NULL;
        size_t g = 0;
        if (a->n_g != b->n_g) {
            why = "a different number of gemeenten";
        } else {
            for (g = 0; g < a->n_g && !strcmp(a->code[g], b->code[g]); g++)
                ;
            if (g < a->n_g)
                why = "other gemeenten";
        }
        if (why)
            return ig_fail(err, INGROEI_ERR_DATA, b->sc->file, b->sc->boundaries_line,
                           b->sc->boundaries_column,
                           "cannot compare: this scenario has %s (%zu, boundaries of %d%s%s) "
                           "than %s (%zu, boundaries of %d); give every scenario the same "
                           "`boundaries` and dataset",
                           why, b->n_g, b->sc->boundaries,
                           g < a->n_g && a->n_g == b->n_g ? "; first difference: " : "",
                           g < a->n_g && a->n_g == b->n_g ? b->code[g] : "", a->sc->file, a->n_g,
                           a->sc->boundaries);
    }
    return INGROEI_OK;
}

/* qsort context for the ranking: gain per inhabitant in the reference year. */
typedef struct ranked {
    double gain;
    size_t g;
} ranked;

static int by_loss(const void *x, const void *y)
{
    const ranked *p = x, *q = y;
    if (p->gain != q->gain)
        return p->gain < q->gain ? -1 : 1;
    return (p->g > q->g) - (p->g < q->g);
}

static ingroei_status rank_all(ingroei_compare *c, ingroei_error *err)
{
    ranked *rk = malloc((c->n_g ? c->n_g : 1) * sizeof *rk);
    if (!rk)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        size_t y = ig_cmp_year_index(r, c->ref_year);
        c->order[i] = malloc((c->n_g ? c->n_g : 1) * sizeof *c->order[i]);
        if (!c->order[i]) {
            free(rk);
            return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
        for (size_t g = 0; g < c->n_g; g++)
            rk[g] = (ranked){ig_run_gain_per_inhabitant(r, y, g), g};
        qsort(rk, c->n_g, sizeof *rk, by_loss);
        for (size_t g = 0; g < c->n_g; g++)
            c->order[i][g] = rk[g].g;
    }
    free(rk);
    return INGROEI_OK;
}

ingroei_status ingroei_compare_new(ingroei_compare **out, const ingroei_run *const *runs, size_t n,
                                   int reference_year, ingroei_error *err)
{
    ingroei_init();
    if (!out || !runs || n < 2)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "a comparison needs at least two scenarios");
    for (size_t i = 0; i < n; i++)
        if (!runs[i])
            return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "scenario %zu has no run", i + 1);
    ingroei_compare *c = calloc(1, sizeof *c);
    if (!c)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    c->n = n;
    c->runs = calloc(n, sizeof *c->runs);
    c->label = calloc(n, sizeof *c->label);
    c->file = calloc(n, sizeof *c->file);
    c->order = calloc(n, sizeof *c->order);
    ingroei_status st = INGROEI_OK;
    if (!c->runs || !c->label || !c->file || !c->order) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    memcpy(c->runs, runs, n * sizeof *runs);
    c->n_g = runs[0]->n_g;
    c->first_year = c->common_first = runs[0]->first_year;
    c->last_year = c->common_last = runs[0]->first_year + (int)runs[0]->n_y - 1;
    for (size_t i = 1; i < n; i++) {
        int f = runs[i]->first_year, l = f + (int)runs[i]->n_y - 1;
        c->first_year = f < c->first_year ? f : c->first_year;
        c->last_year = l > c->last_year ? l : c->last_year;
        c->common_first = f > c->common_first ? f : c->common_first;
        c->common_last = l < c->common_last ? l : c->common_last;
    }
    if ((st = check_boundaries(c, err)) != INGROEI_OK || (st = make_labels(c, err)) != INGROEI_OK)
        goto fail;
    if (c->common_first > c->common_last) {
        st = ig_fail(err, INGROEI_ERR_DATA, runs[0]->sc->file, 0, 0,
                     "cannot compare: the scenarios have no year in common");
        goto fail;
    }
    c->ref_year = reference_year ? reference_year : c->common_last;
    if (c->ref_year < c->common_first || c->ref_year > c->common_last) {
        st = ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                     "reference year %d is not a year of every scenario (%d-%d are)", c->ref_year,
                     c->common_first, c->common_last);
        goto fail;
    }
    if ((st = rank_all(c, err)) != INGROEI_OK)
        goto fail;
    *out = c;
    return INGROEI_OK;
fail:
    ingroei_compare_free(c);
    return st;
}

void ingroei_compare_free(ingroei_compare *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        if (c->label)
            free(c->label[i]);
        if (c->file)
            free(c->file[i]);
        if (c->order)
            free(c->order[i]);
    }
    free(c->label);
    free(c->file);
    free(c->order);
    free(c->runs);
    free(c);
}

size_t ingroei_compare_n_scenarios(const ingroei_compare *c)
{
    return c->n;
}

int ingroei_compare_reference_year(const ingroei_compare *c)
{
    return c->ref_year;
}

ingroei_status ingroei_compare_get_scenario(const ingroei_compare *c, size_t i,
                                            ingroei_compare_scenario *out, ingroei_error *err)
{
    if (!c || !out || i >= c->n)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no scenario %zu in the comparison",
                       i + 1);
    const ingroei_run *r = c->runs[i], *a = c->runs[0];
    size_t y = ig_cmp_year_index(r, c->ref_year), ya = ig_cmp_year_index(a, c->ref_year);
    memset(out, 0, sizeof *out);
    out->label = c->label[i];
    out->name = r->sc->name;
    out->file = r->sc->file;
    out->first_year = r->first_year;
    out->last_year = r->first_year + (int)r->n_y - 1;
    out->illustrative = r->obj.illustrative;
    out->total = r->out.sum_total[y];
    size_t loser = c->order[i][0], gainer = c->order[i][c->n_g ? c->n_g - 1 : 0];
    out->largest_loss_code = r->code[loser];
    out->largest_loss_name = r->name[loser];
    out->largest_loss_per_inhabitant = ig_run_gain_per_inhabitant(r, y, loser);
    out->largest_gain_code = r->code[gainer];
    out->largest_gain_name = r->name[gainer];
    out->largest_gain_per_inhabitant = ig_run_gain_per_inhabitant(r, y, gainer);
    double widest = 0.0;
    for (size_t g = 0; g < c->n_g; g++) {
        const size_t k = y * r->n_g + g;
        int64_t gain = r->out.total[k] - r->out.full_hist[k];
        out->n_losers += gain < 0;
        out->n_gainers += gain > 0;
        int64_t d = r->out.total[k] - a->out.total[ya * a->n_g + g];
        int64_t inh = r->inhabitants[k];
        double per = inh > 0 ? (double)d / (double)inh : 0.0;
        double size = per < 0 ? -per : per;
        if (i > 0 && size > widest) {
            widest = size;
            out->largest_diff_code = r->code[g];
            out->largest_diff_name = r->name[g];
            out->largest_diff = d;
            out->largest_diff_per_inhabitant = per;
        }
    }
    return INGROEI_OK;
}

const ingroei_run *ig_compare_run(const ingroei_compare *c, size_t i)
{
    return c->runs[i];
}
