/*
 * tables.c - the tables of a comparison, each the same rows for its CSV file and its
 * workbook sheet: tidy (a row per scenario, year and gemeente), wide (the scenarios
 * side by side), the ranking per scenario, the scenarios and the budgets per year.
 */
#include "compare/compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* objectieve_sleutel_illustratief of a scenario, as allocations.csv of its run has it:
 * "ja", "eigen sleutel" (a key file: README "Your own key") or "nee". */
static const char *key_kind(const ingroei_run *r)
{
    return r->obj.illustrative ? "ja" : r->obj.own_key ? "eigen sleutel" : "nee";
}

/* The same over every scenario: "ja" when any key is illustrative, else "eigen sleutel"
 * when any is an own key, else "nee". */
static const char *keys_kind(const ingroei_compare *c)
{
    bool own = false;
    for (size_t i = 0; i < c->n; i++) {
        if (c->runs[i]->obj.illustrative)
            return "ja";
        own = own || c->runs[i]->obj.own_key;
    }
    return own ? "eigen sleutel" : "nee";
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
    const size_t y = k / c->n_g, g = k % c->n_g, ya = ig_cmp_year_index(a, r->first_year + (int)y);
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
    *p++ = IG_TEXT(key_kind(r));
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
    const size_t ya = ig_cmp_year_index(a, year);
    /* Inhabitants of the first scenario that has the year. */
    int64_t inh = -1;
    for (size_t i = 0; i < c->n && inh < 0; i++) {
        size_t y = ig_cmp_year_index(c->runs[i], year);
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
        const size_t y = ig_cmp_year_index(r, year);
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
    *p++ = IG_TEXT(keys_kind(c));
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
    const size_t y = ig_cmp_year_index(r, c->ref_year), ya = ig_cmp_year_index(a, c->ref_year);
    const size_t at = y * r->n_g + g;
    const int64_t inh = r->inhabitants[at], total = r->out.total[at],
                  gain = total - r->out.full_hist[at];
    int64_t cumulative = 0;
    for (int year = c->common_first; year <= c->common_last; year++) {
        size_t yy = ig_cmp_year_index(r, year);
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
    *p++ = IG_TEXT(key_kind(r));
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
    *p++ = IG_TEXT(key_kind(r));
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
    /* the illustrative key's notice, or an own key's label: "own key: FILE (SHA-256 ...)" */
    *p++ = IG_TEXT(r->obj.illustrative ? r->obj.notice : r->obj.own_key ? r->obj.name : "");
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
        size_t y = ig_cmp_year_index(c->runs[i], year);
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
