/*
 * compare.c - scenarios side by side (ingroei compare): every scenario's allocation per
 * gemeente per year next to the first one's, the difference in euros and per
 * inhabitant, and a ranking of losers and gainers per scenario in a reference year.
 * The runs are computed by the caller; a comparison only reads them.
 */
#include "ig.h"
#include "report/html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The year index of `year` in run r, or SIZE_MAX when r does not have it. */
static size_t year_index(const ingroei_run *r, int year)
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
        size_t y = year_index(r, c->ref_year);
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
    size_t y = year_index(r, c->ref_year), ya = year_index(a, c->ref_year);
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

/* ---- the tables ------------------------------------------------------------------ */

/* Euros per inhabitant with two decimals; an empty cell without inhabitants. */
static const char *yes_no(bool b)
{
    return b ? "ja" : "nee";
}

static bool any_illustrative(const ingroei_compare *c)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->runs[i]->obj.illustrative)
            return true;
    return false;
}

static const ig_column tidy_columns[] = {
    {"scenario", IG_XL_TEXT},
    {"jaar", IG_XL_PLAIN},
    {"gemeentecode", IG_XL_TEXT},
    {"gemeentenaam", IG_XL_TEXT},
    {"provincie", IG_XL_TEXT},
    {"inwoners", IG_XL_COUNT},
    {"aandeel_objectief", IG_XL_SHARE},
    {"totaal", IG_XL_EURO},
    {"totaal_per_inwoner", IG_XL_CENTS},
    {"volledig_historisch", IG_XL_EURO},
    {"verschil_met_historisch", IG_XL_EURO},
    {"verschil_met_historisch_per_inwoner", IG_XL_CENTS},
    {"totaal_eerste_scenario", IG_XL_EURO},
    {"verschil_met_eerste", IG_XL_EURO},
    {"verschil_met_eerste_per_inwoner", IG_XL_CENTS},
    {"cap_geraakt", IG_XL_TEXT},
    {"objectieve_sleutel_illustratief", IG_XL_TEXT},
};

/* Row k of the tidy table: scenario after scenario, each year by year, gemeente by
 * gemeente; the first scenario's columns are empty in a year it does not have. */
static void tidy_cells(const ig_cmp_table *t, size_t k, ig_cell *cells)
{
    const ingroei_compare *c = t->c;
    size_t i = 0;
    while (k >= c->runs[i]->n_y * c->n_g)
        k -= c->runs[i++]->n_y * c->n_g;
    const ingroei_run *r = c->runs[i], *a = c->runs[0];
    const size_t y = k / c->n_g, g = k % c->n_g, ya = year_index(a, r->first_year + (int)y);
    const int64_t inh = r->inhabitants[k], total = r->out.total[k], hist = r->out.full_hist[k];
    ig_cell *p = cells;
    *p++ = IG_TEXT(c->label[i]);
    *p++ = IG_INT(r->first_year + (int)y);
    *p++ = IG_TEXT(r->code[g]);
    *p++ = IG_TEXT(r->name[g]);
    *p++ = IG_TEXT(r->province[g]);
    *p++ = IG_INT(inh);
    *p++ = IG_FIXED(r->p[y], 6);
    *p++ = IG_INT(total);
    *p++ = ig_per_inhabitant_cell(total, inh);
    *p++ = IG_INT(hist);
    *p++ = IG_INT(total - hist);
    *p++ = ig_per_inhabitant_cell(total - hist, inh);
    if (ya == SIZE_MAX) {
        *p++ = IG_EMPTY;
        *p++ = IG_EMPTY;
        *p++ = IG_EMPTY;
    } else {
        int64_t first = a->out.total[ya * a->n_g + g];
        *p++ = IG_INT(first);
        *p++ = IG_INT(total - first);
        *p++ = ig_per_inhabitant_cell(total - first, inh);
    }
    *p++ = IG_TEXT(r->cap.flag[k] < 0 ? "verlies" : r->cap.flag[k] > 0 ? "winst" : "");
    *p++ = IG_TEXT(yes_no(r->obj.illustrative));
}

/* The wide view: a row per year per gemeente (or per year of one gemeente), the
 * scenarios' columns next to each other; a scenario without that year has empty
 * cells. */
static const ig_column wide_head[] = {
    {"jaar", IG_XL_PLAIN},     {"gemeentecode", IG_XL_TEXT}, {"gemeentenaam", IG_XL_TEXT},
    {"provincie", IG_XL_TEXT}, {"inwoners", IG_XL_COUNT},
};
static const ig_column wide_per_scenario[] = {
    {"totaal_", IG_XL_EURO},
    {"verschil_", IG_XL_EURO},
    {"verschil_per_inwoner_", IG_XL_CENTS},
};
static const ig_column wide_tail[] = {{"objectieve_sleutel_illustratief", IG_XL_TEXT}};

static void wide_cells(const ig_cmp_table *t, size_t k, ig_cell *cells)
{
    const ingroei_compare *c = t->c;
    const ingroei_run *a = c->runs[0];
    const size_t g = t->only != SIZE_MAX ? t->only : k % c->n_g;
    const int year = c->first_year + (int)(t->only != SIZE_MAX ? k : k / c->n_g);
    const size_t ya = year_index(a, year);
    /* Inhabitants of the first scenario that has the year. */
    int64_t inh = -1;
    for (size_t i = 0; i < c->n && inh < 0; i++) {
        size_t y = year_index(c->runs[i], year);
        if (y != SIZE_MAX)
            inh = c->runs[i]->inhabitants[y * c->n_g + g];
    }
    ig_cell *p = cells;
    *p++ = IG_INT(year);
    *p++ = IG_TEXT(a->code[g]);
    *p++ = IG_TEXT(a->name[g]);
    *p++ = IG_TEXT(a->province[g]);
    *p++ = IG_INT(inh);
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        const size_t y = year_index(r, year);
        const int64_t total = y == SIZE_MAX ? 0 : r->out.total[y * r->n_g + g];
        *p++ = y == SIZE_MAX ? IG_EMPTY : IG_INT(total);
        if (i == 0)
            continue;
        if (y == SIZE_MAX || ya == SIZE_MAX) {
            *p++ = IG_EMPTY;
            *p++ = IG_EMPTY;
        } else {
            int64_t d = total - a->out.total[ya * a->n_g + g];
            *p++ = IG_INT(d);
            *p++ = ig_per_inhabitant_cell(d, r->inhabitants[y * r->n_g + g]);
        }
    }
    *p++ = IG_TEXT(yes_no(any_illustrative(c)));
}

static const ig_column ranking_columns[] = {
    {"scenario", IG_XL_TEXT},
    {"jaar", IG_XL_PLAIN},
    {"rang", IG_XL_PLAIN},
    {"gemeentecode", IG_XL_TEXT},
    {"gemeentenaam", IG_XL_TEXT},
    {"provincie", IG_XL_TEXT},
    {"inwoners", IG_XL_COUNT},
    {"totaal", IG_XL_EURO},
    {"volledig_historisch", IG_XL_EURO},
    {"verschil_met_historisch", IG_XL_EURO},
    {"verschil_met_historisch_per_inwoner", IG_XL_CENTS},
    {"positie", IG_XL_TEXT},
    {"cumulatief_verschil_met_historisch", IG_XL_EURO},
    {"verschil_met_eerste", IG_XL_EURO},
    {"verschil_met_eerste_per_inwoner", IG_XL_CENTS},
    {"objectieve_sleutel_illustratief", IG_XL_TEXT},
};

/* Per scenario its gemeenten in the reference year from the largest loss per inhabitant
 * (rank 1) to the largest gain, against the fully historical allocation; the cumulative
 * difference is over the years every scenario has. */
static void ranking_cells(const ig_cmp_table *t, size_t k, ig_cell *cells)
{
    const ingroei_compare *c = t->c;
    const ingroei_run *a = c->runs[0];
    const size_t i = k / c->n_g, pos = k % c->n_g, g = c->order[i][pos];
    const ingroei_run *r = c->runs[i];
    const size_t y = year_index(r, c->ref_year), ya = year_index(a, c->ref_year);
    const size_t at = y * r->n_g + g;
    const int64_t inh = r->inhabitants[at], total = r->out.total[at],
                  gain = total - r->out.full_hist[at];
    int64_t cumulative = 0;
    for (int year = c->common_first; year <= c->common_last; year++) {
        size_t yy = year_index(r, year);
        cumulative += r->out.total[yy * r->n_g + g] - r->out.full_hist[yy * r->n_g + g];
    }
    const int64_t d = total - a->out.total[ya * a->n_g + g];
    ig_cell *p = cells;
    *p++ = IG_TEXT(c->label[i]);
    *p++ = IG_INT(c->ref_year);
    *p++ = IG_INT((int64_t)pos + 1);
    *p++ = IG_TEXT(r->code[g]);
    *p++ = IG_TEXT(r->name[g]);
    *p++ = IG_TEXT(r->province[g]);
    *p++ = IG_INT(inh);
    *p++ = IG_INT(total);
    *p++ = IG_INT(r->out.full_hist[at]);
    *p++ = IG_INT(gain);
    *p++ = ig_per_inhabitant_cell(gain, inh);
    *p++ = IG_TEXT(gain < 0 ? "verliezer" : gain > 0 ? "winnaar" : "gelijk");
    *p++ = IG_INT(cumulative);
    *p++ = IG_INT(d);
    *p++ = ig_per_inhabitant_cell(d, inh);
    *p++ = IG_TEXT(yes_no(r->obj.illustrative));
}

/* A row per scenario: what it is and its summary in the reference year, as in
 * compare.json. */
static const ig_column scenario_columns[] = {
    {"scenario", IG_XL_TEXT},
    {"naam", IG_XL_TEXT},
    {"bestand", IG_XL_TEXT},
    {"eerste_jaar", IG_XL_PLAIN},
    {"laatste_jaar", IG_XL_PLAIN},
    {"objectieve_sleutel_illustratief", IG_XL_TEXT},
    {"peiljaar", IG_XL_PLAIN},
    {"totaal_peiljaar", IG_XL_EURO},
    {"verliezers", IG_XL_COUNT},
    {"winnaars", IG_XL_COUNT},
    {"grootste_verlies_per_inwoner", IG_XL_CENTS},
    {"grootste_verlies_gemeente", IG_XL_TEXT},
    {"grootste_winst_per_inwoner", IG_XL_CENTS},
    {"grootste_winst_gemeente", IG_XL_TEXT},
    {"grootste_verschil_met_eerste_per_inwoner", IG_XL_CENTS},
    {"grootste_verschil_met_eerste_gemeente", IG_XL_TEXT},
    {"toelichting_sleutel", IG_XL_LONG},
};

static void scenario_cells(const ig_cmp_table *t, size_t k, ig_cell *cells)
{
    const ingroei_compare *c = t->c;
    ingroei_compare_scenario s;
    ingroei_compare_get_scenario(c, k, &s, NULL);
    const ingroei_run *r = c->runs[k];
    ig_cell *p = cells;
    *p++ = IG_TEXT(s.label);
    *p++ = IG_TEXT(s.name);
    *p++ = IG_TEXT(c->file[k]);
    *p++ = IG_INT(s.first_year);
    *p++ = IG_INT(s.last_year);
    *p++ = IG_TEXT(yes_no(s.illustrative));
    *p++ = IG_INT(c->ref_year);
    *p++ = IG_INT(s.total);
    *p++ = IG_INT((int64_t)s.n_losers);
    *p++ = IG_INT((int64_t)s.n_gainers);
    *p++ = IG_FIXED(s.largest_loss_per_inhabitant, 2);
    *p++ = IG_TEXT(s.largest_loss_name);
    *p++ = IG_FIXED(s.largest_gain_per_inhabitant, 2);
    *p++ = IG_TEXT(s.largest_gain_name);
    *p++ = s.largest_diff_code ? IG_FIXED(s.largest_diff_per_inhabitant, 2) : IG_EMPTY;
    *p++ = s.largest_diff_code ? IG_TEXT(s.largest_diff_name) : IG_EMPTY;
    *p++ = IG_TEXT(r->obj.illustrative ? r->obj.notice : "");
}

/* A row per year: every scenario's budget and objective share side by side. */
static const ig_column budget_head[] = {{"jaar", IG_XL_PLAIN}};
static const ig_column budget_per_scenario[] = {
    {"budget_", IG_XL_EURO},
    {"aandeel_objectief_", IG_XL_SHARE},
};

static void budget_cells(const ig_cmp_table *t, size_t k, ig_cell *cells)
{
    const ingroei_compare *c = t->c;
    const int year = c->first_year + (int)k;
    ig_cell *p = cells;
    *p++ = IG_INT(year);
    for (size_t i = 0; i < c->n; i++) {
        ingroei_year yr;
        size_t y = year_index(c->runs[i], year);
        if (y == SIZE_MAX || ingroei_run_year(c->runs[i], y, &yr) != INGROEI_OK) {
            *p++ = IG_EMPTY;
            *p++ = IG_EMPTY;
        } else {
            *p++ = IG_INT(yr.budget);
            *p++ = IG_FIXED(yr.objective_share, 6);
        }
    }
}

/* The columns head, then per scenario the columns of `per` with the label after their
 * name (the first scenario only the first `n_first` of them), then tail. */
static bool columns_per_scenario(ig_cmp_table *t, const ig_column *head, size_t n_head,
                                 const ig_column *per, size_t n_per, size_t n_first,
                                 const ig_column *tail, size_t n_tail)
{
    const ingroei_compare *c = t->c;
    t->n_cols = n_head + n_first + (c->n - 1) * n_per + n_tail;
    t->names = calloc(t->n_cols, sizeof *t->names);
    t->cols = t->names ? calloc(t->n_cols, sizeof *t->cols) : NULL;
    if (!t->cols)
        return false;
    size_t k = 0;
    for (size_t j = 0; j < n_head; j++)
        t->cols[k++] = head[j];
    for (size_t i = 0; i < c->n; i++)
        for (size_t j = 0; j < (i ? n_per : n_first); j++) {
            ig_buf b = {0};
            ig_buf_puts(&b, per[j].name);
            ig_buf_puts(&b, c->label[i]);
            if (b.failed)
                return false;
            t->names[k] = b.data;
            t->cols[k++] = (ig_column){b.data, per[j].kind};
        }
    for (size_t j = 0; j < n_tail; j++)
        t->cols[k++] = tail[j];
    return true;
}

#define N_OF(a) (sizeof(a) / sizeof(a)[0])

ingroei_status ig_cmp_table_make(ig_cmp_table *t, const ingroei_compare *c, ig_cmp_kind kind,
                                 size_t only, ingroei_error *err)
{
    memset(t, 0, sizeof *t);
    t->c = c;
    t->only = SIZE_MAX;
    const int n_years = c->last_year - c->first_year + 1;
    bool ok = true;
    switch (kind) {
    case IG_CMP_TIDY:
        t->cols = (ig_column *)tidy_columns;
        t->n_cols = N_OF(tidy_columns);
        for (size_t i = 0; i < c->n; i++)
            t->n_rows += c->runs[i]->n_y * c->n_g;
        t->frozen_cols = 5;
        t->cells = tidy_cells;
        break;
    case IG_CMP_WIDE:
        ok = columns_per_scenario(t, wide_head, N_OF(wide_head), wide_per_scenario,
                                  N_OF(wide_per_scenario), 1, wide_tail, N_OF(wide_tail));
        t->only = only;
        t->n_rows = (size_t)n_years * (only == SIZE_MAX ? c->n_g : 1);
        t->frozen_cols = only == SIZE_MAX ? 3 : 1;
        t->cells = wide_cells;
        break;
    case IG_CMP_RANKING:
        t->cols = (ig_column *)ranking_columns;
        t->n_cols = N_OF(ranking_columns);
        t->n_rows = c->n * c->n_g;
        t->frozen_cols = 5;
        t->cells = ranking_cells;
        break;
    case IG_CMP_SCENARIOS:
        t->cols = (ig_column *)scenario_columns;
        t->n_cols = N_OF(scenario_columns);
        t->n_rows = c->n;
        t->frozen_cols = 1;
        t->cells = scenario_cells;
        break;
    case IG_CMP_BUDGET:
        ok = columns_per_scenario(t, budget_head, N_OF(budget_head), budget_per_scenario,
                                  N_OF(budget_per_scenario), N_OF(budget_per_scenario), NULL, 0);
        t->n_rows = (size_t)n_years;
        t->frozen_cols = 1;
        t->cells = budget_cells;
        break;
    }
    t->row = ok ? calloc(t->n_cols, sizeof *t->row) : NULL;
    if (!t->row) {
        ig_cmp_table_free(t);
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    return INGROEI_OK;
}

const ig_cell *ig_cmp_table_row(const ig_cmp_table *t, size_t k)
{
    t->cells(t, k, t->row);
    return t->row;
}

void ig_cmp_table_free(ig_cmp_table *t)
{
    if (t->names) { /* the columns were made for this table */
        for (size_t k = 0; k < t->n_cols; k++)
            free(t->names[k]);
        free(t->names);
        free(t->cols);
    }
    free(t->row);
    memset(t, 0, sizeof *t);
}

/* ---- the files ------------------------------------------------------------------- */

/* What ingroei_compare_write writes from: the tables and how the CSV files look. */
typedef struct outputs {
    const ingroei_compare *c;
    const ingroei_output_options *opt;
    ingroei_csv_dialect dialect;
    size_t only;           /* --gemeente, or SIZE_MAX */
    ig_cmp_table table[4]; /* tidy, wide, ranking, the gemeente's wide rows */
} outputs;

static void build_csv(ig_buf *b, const outputs *o, size_t which)
{
    const ig_cmp_table *t = &o->table[which];
    ig_csv_row w = ig_csv_start(b, o->dialect);
    ig_csv_header(b, t->cols, t->n_cols, w.sep);
    for (size_t k = 0; k < t->n_rows; k++)
        ig_csv_cells(&w, ig_cmp_table_row(t, k), t->n_cols);
}

static void build_tidy(ig_buf *b, const void *o)
{
    build_csv(b, o, 0);
}

static void build_wide(ig_buf *b, const void *o)
{
    build_csv(b, o, 1);
}

static void build_ranking(ig_buf *b, const void *o)
{
    build_csv(b, o, 2);
}

static void build_gemeente(ig_buf *b, const void *o)
{
    build_csv(b, o, 3);
}

static void json_field(ig_buf *b, const char *key, const char *value, bool last)
{
    ig_buf_printf(b, "      \"%s\": ", key);
    ig_json_string(b, value);
    ig_buf_puts(b, last ? "\n" : ",\n");
}

/* The receipt: the scenarios with their files' SHA-256, the years, the reference year,
 * and per scenario its summary in the reference year. */
static void build_receipt(ig_buf *b, const void *ctx)
{
    const ingroei_compare *c = ((const outputs *)ctx)->c;
    ig_buf_puts(b, "{\n  \"engine\": {\"name\": \"ingroei\", \"version\": ");
    ig_json_string(b, INGROEI_VERSION);
    ig_buf_printf(b,
                  "},\n  \"years\": {\"first\": %d, \"last\": %d, \"common_first\": %d, "
                  "\"common_last\": %d},\n  \"reference_year\": %d,\n",
                  c->first_year, c->last_year, c->common_first, c->common_last, c->ref_year);
    ig_buf_printf(b, "  \"gemeenten\": %zu,\n  \"scenarios\": [\n", c->n_g);
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        ingroei_compare_scenario s;
        ingroei_compare_get_scenario(c, i, &s, NULL);
        ig_buf_puts(b, "    {\n");
        json_field(b, "label", s.label, false);
        json_field(b, "name", s.name, false);
        json_field(b, "file", c->file[i], false);
        json_field(b, "sha256", r->sc->sha256, false);
        ig_buf_printf(b, "      \"first_year\": %d,\n      \"last_year\": %d,\n", s.first_year,
                      s.last_year);
        ig_buf_printf(b, "      \"illustrative\": %s,\n", s.illustrative ? "true" : "false");
        if (s.illustrative)
            json_field(b, "notice", r->obj.notice, false);
        ig_buf_printf(b, "      \"total_reference_year\": %lld,\n", (long long)s.total);
        ig_buf_printf(b, "      \"losers\": %zu,\n      \"gainers\": %zu,\n", s.n_losers,
                      s.n_gainers);
        json_field(b, "largest_loss_per_inhabitant_gemeente", s.largest_loss_code, false);
        ig_buf_puts(b, "      \"largest_loss_per_inhabitant\": ");
        ig_put_fixed(b, s.largest_loss_per_inhabitant, 2, '.');
        ig_buf_puts(b, ",\n");
        json_field(b, "largest_gain_per_inhabitant_gemeente", s.largest_gain_code, false);
        ig_buf_puts(b, "      \"largest_gain_per_inhabitant\": ");
        ig_put_fixed(b, s.largest_gain_per_inhabitant, 2, '.');
        ig_buf_puts(b, "\n");
        ig_buf_puts(b, i + 1 < c->n ? "    },\n" : "    }\n");
    }
    ig_buf_puts(b, "  ]\n}\n");
}

/* report.html (report/html_compare.c) reads the comparison itself. */
static void build_html(ig_buf *b, const void *ctx)
{
    const outputs *o = ctx;
    ig_compare_html(b, o->c);
}

static ingroei_status write_workbook(const char *staging, const void *ctx,
                                     ingroei_output_report *report, ingroei_error *err)
{
    const outputs *o = ctx;
    return ig_compare_write_xlsx(o->c, staging, o->only, o->opt, report, err);
}

ingroei_status ingroei_compare_write(const ingroei_compare *c, const ingroei_output_options *opt,
                                     ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    if (!report)
        report = &local;
    memset(report, 0, sizeof *report);
    if (!c || !opt || !opt->dir || !opt->dir[0])
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    if (opt->csv_dialect != INGROEI_CSV_RFC4180 && opt->csv_dialect != INGROEI_CSV_NL)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "unknown csv dialect %d",
                       (int)opt->csv_dialect);
    outputs o = {c, opt, opt->csv_dialect, SIZE_MAX, {{0}}};
    ingroei_status st = INGROEI_OK;
    if (opt->gemeente)
        st = ingroei_run_find_gemeente(c->runs[0], opt->gemeente, &o.only, err);
    const ig_cmp_kind kinds[] = {IG_CMP_TIDY, IG_CMP_WIDE, IG_CMP_RANKING, IG_CMP_WIDE};
    for (size_t k = 0; k < N_OF(kinds) && st == INGROEI_OK; k++)
        st = ig_cmp_table_make(&o.table[k], c, kinds[k], k == 3 ? o.only : SIZE_MAX, err);
    char gemeente_file[64] = "";
    if (st == INGROEI_OK && o.only != SIZE_MAX)
        snprintf(gemeente_file, sizeof gemeente_file, "compare_gemeente_%s.csv",
                 c->runs[0]->code[o.only]);
    const char *names[6] = {"compare.csv", "compare_breed.csv", "ranking.csv", "compare.json"};
    ig_build_fn *build[6] = {build_tidy, build_wide, build_ranking, build_receipt};
    size_t n = 4;
    if (o.only != SIZE_MAX) {
        names[n] = gemeente_file;
        build[n++] = build_gemeente;
    }
    if (opt->html) {
        names[n] = "report.html";
        build[n++] = build_html;
    }
    if (st == INGROEI_OK)
        st = ig_write_staged_more(opt->dir, n, names, build, &o, opt->xlsx ? write_workbook : NULL,
                                  report, err);
    for (size_t k = 0; k < N_OF(o.table); k++)
        ig_cmp_table_free(&o.table[k]);
    return st;
}

const ingroei_run *ig_compare_run(const ingroei_compare *c, size_t i)
{
    return c->runs[i];
}
