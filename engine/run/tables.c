/*
 * tables.c - the CSV tables of a run: allocations.csv (and one gemeente's own table),
 * budget.csv, budget_opbouw.csv and regios.csv, in either dialect (RFC 4180, or ';'
 * and decimal commas for a Dutch Excel); the same rows as cells for the workbook.
 */
#include "run/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ILLUSTRATIVE(r) ((r)->obj.illustrative ? "ja" : (r)->obj.own_key ? "eigen sleutel" : "nee")

/* The columns of allocations.csv (and of a gemeente's own table and the workbook's
 * gemeente sheets), in order; ig_run_alloc_cells gives a row's cells. */
const ig_column ig_alloc_columns[IG_N_ALLOC_COLUMNS] = {
    {"jaar", IG_XL_PLAIN},
    {"gemeentecode", IG_XL_TEXT},
    {"gemeentenaam", IG_XL_TEXT},
    {"provincie", IG_XL_TEXT},
    {"inwoners", IG_XL_COUNT},
    {"inwoners_peiljaar", IG_XL_PLAIN},
    {"aandeel_objectief", IG_XL_SHARE},
    {"historisch", IG_XL_EURO},
    {"objectief", IG_XL_EURO},
    {"totaal", IG_XL_EURO},
    {"totaal_per_inwoner", IG_XL_CENTS},
    {"volledig_historisch", IG_XL_EURO},
    {"verschil_met_historisch", IG_XL_EURO},
    {"verschil_per_inwoner", IG_XL_CENTS},
    {"volledig_objectief", IG_XL_EURO},
    {"totaal_zonder_cap", IG_XL_EURO},
    {"effect_cap", IG_XL_EURO},
    {"cap_geraakt", IG_XL_TEXT},
    {"objectieve_sleutel_illustratief", IG_XL_TEXT},
    {"regio_centrumgemeente", IG_XL_TEXT},
    {"zonder_bekende_regio", IG_XL_TEXT},
};

void ig_run_alloc_cells(const ingroei_run *r, size_t y, size_t g, ig_cell *c)
{
    ingroei_row row;
    ingroei_run_row(r, y, g, &row);
    size_t k = 0;
    c[k++] = IG_INT(row.year);
    c[k++] = IG_TEXT(row.code);
    c[k++] = IG_TEXT(row.name);
    c[k++] = IG_TEXT(row.province);
    c[k++] = IG_INT(row.inhabitants);
    c[k++] = IG_INT(row.inhabitants_year);
    c[k++] = IG_FIXED(row.objective_share, 6);
    c[k++] = IG_INT(row.historical);
    c[k++] = IG_INT(row.objective);
    c[k++] = IG_INT(row.total);
    c[k++] = ig_per_inhabitant_cell(row.total, row.inhabitants);
    c[k++] = IG_INT(row.full_historical);
    c[k++] = IG_INT(row.total - row.full_historical);
    c[k++] = ig_per_inhabitant_cell(row.total - row.full_historical, row.inhabitants);
    c[k++] = IG_INT(row.full_objective);
    c[k++] = IG_INT(row.total_uncapped);
    c[k++] = IG_INT(row.total - row.total_uncapped);
    c[k++] = IG_TEXT(row.cap_hit < 0 ? "verlies" : row.cap_hit > 0 ? "winst" : "");
    c[k++] = IG_TEXT(ILLUSTRATIVE(r));
    /* the region: its centrumgemeente, and a flag for a gemeente without a known
     * region (paid on its own by a regional key); both empty without a region file */
    c[k++] = IG_TEXT(r->region && r->region[g] >= 0 ? r->code[r->region[g]] : "");
    c[k++] = IG_TEXT(!r->region ? "" : r->region[g] < 0 ? "ja" : "nee");
}

/* With arrangements (README, "Arrangements") allocations.csv and budget.csv end in one
 * more column, `arrangement`: what was paid before the keys. A scenario without them
 * keeps its tables byte for byte. */
static const ig_column arrangement_column = {"arrangement", IG_XL_EURO};

void ig_run_csv_allocations(ig_buf *b, const ingroei_run *r, size_t only,
                            ingroei_csv_dialect dialect)
{
    ig_csv_row w = ig_csv_start(b, dialect);
    const bool arr = ig_run_arrangement(r, 0) != NULL;
    ig_column columns[IG_N_ALLOC_COLUMNS + 1];
    memcpy(columns, ig_alloc_columns, sizeof ig_alloc_columns);
    columns[IG_N_ALLOC_COLUMNS] = arrangement_column;
    ig_csv_header(&w, columns, IG_N_ALLOC_COLUMNS + arr);
    ig_cell cells[IG_N_ALLOC_COLUMNS + 1];
    for (size_t y = 0; y < r->n_y; y++)
        for (size_t g = 0; g < r->n_g; g++)
            if (only == SIZE_MAX || only == g) {
                ig_run_alloc_cells(r, y, g, cells);
                if (arr)
                    cells[IG_N_ALLOC_COLUMNS] = IG_INT(ig_run_arrangement(r, y)[g]);
                ig_csv_cells(&w, cells, IG_N_ALLOC_COLUMNS + arr);
            }
}

/* budget_opbouw.csv: per year each payment of an arrangement (deel `arrangement`,
 * paid before the keys out of the year's budget), then what the keys distribute. */
static void put_arrangement_lines(ig_csv_row *w, const ingroei_run *r)
{
    const ingroei_scenario *s = r->sc;
    for (size_t y = 0; y < r->n_y; y++) {
        const int year = r->first_year + (int)y;
        bool any = false;
        size_t at = 0;
        for (size_t k = 0; k < s->n_arrangements; k++) {
            const ig_arrangement *a = &s->arrangements[k];
            for (size_t j = 0; j < a->n_payments; j++, at++) {
                const ig_payment *p = &a->payments[j];
                if (p->year != year)
                    continue;
                any = true;
                const long g = r->arrangement_g[at];
                ig_buf what = {0}, source = {0};
                ig_buf_printf(&what, "%s%s: %s (%s)", a->illustrative ? "ILLUSTRATIEF " : "",
                              a->name, r->name[g], r->code[g]);
                ig_buf_printf(&source, "%s; %s, %s", a->source, a->document, a->date);
                ig_csv_int(w, year);
                ig_csv_text(w, "arrangement");
                ig_csv_text(w, what.data ? what.data : "");
                ig_csv_int(w, p->amount);
                ig_csv_text(w, source.data ? source.data : "");
                ig_csv_end(w);
                if (what.failed || source.failed)
                    w->b->failed = true;
                if (what.invalid || source.invalid)
                    w->b->invalid = true;
                ig_buf_free(&what);
                ig_buf_free(&source);
            }
        }
        if (!any)
            continue;
        ig_csv_int(w, year);
        ig_csv_text(w, "arrangement");
        ig_csv_text(w, s->has_objective_budget
                           ? "over voor de historische sleutel (budget min arrangementen)"
                           : "over voor de sleutels (budget min arrangementen)");
        ig_csv_int(w, r->budget[y]);
        ig_csv_text(w, "");
        ig_csv_end(w);
        if (s->has_objective_budget) {
            ig_csv_int(w, year);
            ig_csv_text(w, "arrangement");
            ig_csv_text(w, "over voor de objectieve sleutel (objectief budget min arrangementen)");
            ig_csv_int(w, r->budget_obj[y]);
            ig_csv_text(w, "");
            ig_csv_end(w);
        }
    }
}

/* The lines of one budget build-up, for budget_opbouw.csv. */
static void put_budget_lines(ig_csv_row *w, const ingroei_run *r, const ig_budget_rule *rule,
                             const ig_budget_line *lines, size_t n, const char *part)
{
    ig_buf what = {0}; /* one buffer for every line's description */
    for (size_t i = 0; i < n; i++) {
        const ig_budget_line *l = &lines[i];
        what.len = 0;
        const char *source = "";
        switch (l->kind) {
        case IG_LINE_PUBLISHED:
            ig_buf_puts(&what, "gepubliceerd bedrag");
            source = l->point->source;
            break;
        case IG_LINE_DERIVED:
            ig_buf_printf(&what, "bedrag van %d, geïndexeerd met ", l->base_year);
            ig_put_decimal(&what, rule->index_percent);
            ig_buf_puts(&what, "% per jaar");
            source = rule->index_source;
            break;
        case IG_LINE_BASE:
            ig_buf_printf(&what, "basisbedrag %d", rule->base.year);
            source = rule->base.source;
            break;
        case IG_LINE_LEVEL: ig_buf_puts(&what, "structureel niveau vorig jaar"); break;
        case IG_LINE_MUTATION: {
            static const char *const kinds[] = {"indexatie", "structureel", "incidenteel"};
            ig_buf_printf(&what, "%s: %s", kinds[l->mutation->kind], l->mutation->name);
            if (l->mutation->kind == IG_MUT_INDEX) {
                ig_buf_puts(&what, " (");
                ig_put_decimal(&what, l->mutation->percent);
                ig_buf_puts(&what, "%)");
            }
            source = l->mutation->source;
            break;
        }
        }
        ig_csv_int(w, l->year);
        ig_csv_text(w, part);
        ig_csv_text(w, what.data ? what.data : "");
        ig_csv_int(w, l->amount);
        ig_csv_text(w, source);
        ig_csv_end(w);
        if (what.failed)
            w->b->failed = true;
        if (what.invalid)
            w->b->invalid = true;
    }
    ig_buf_free(&what);
    (void)r;
}

/* The columns of regios.csv, in order. */
static const ig_column region_columns[] = {
    {"jaar", IG_XL_PLAIN},
    {"centrumgemeente_code", IG_XL_TEXT},
    {"centrumgemeente_naam", IG_XL_TEXT},
    {"gemeenten", IG_XL_COUNT},
    {"inwoners_regio", IG_XL_COUNT},
    {"volledig_historisch_regio", IG_XL_EURO},
    {"volledig_objectief_regio", IG_XL_EURO},
    {"verschil_objectief_min_historisch", IG_XL_EURO},
    {"verschil_objectief_per_inwoner_regio", IG_XL_CENTS},
    {"totaal_regio", IG_XL_EURO},
    {"totaal_per_inwoner_regio", IG_XL_CENTS},
    {"verschil_met_historisch_regio", IG_XL_EURO},
    {"verschil_per_inwoner_regio", IG_XL_CENTS},
    {"totaal_centrumgemeente", IG_XL_EURO},
    {"soort", IG_XL_TEXT},
    {"bron", IG_XL_TEXT},
    {"sleutel", IG_XL_TEXT},
    {"objectieve_sleutel_illustratief", IG_XL_TEXT},
};
enum { N_REGION_COLUMNS = sizeof region_columns / sizeof region_columns[0] };

/* regios.csv: per year and known region (its centrumgemeente, the number of its known
 * members and their inhabitants) the region's fully historical and fully objective
 * amounts, summed over its members, and the allocations of the path, in euros and per
 * inhabitant of the region, with the soort and bron of the centrumgemeente's row; a
 * last row per year sums the gemeenten without a known region (with a regional key
 * each of them is paid on its own). */
void ig_run_csv_regions(ig_buf *b, const ingroei_run *r, ingroei_csv_dialect dialect)
{
    ig_csv_row w = ig_csv_start(b, dialect);
    ig_csv_header(&w, region_columns, N_REGION_COLUMNS);
    const char *key = r->sc->regional_key ? "regionaal" : "per gemeente";
    for (size_t y = 0; y < r->n_y; y++) {
        const size_t at = y * r->n_g;
        for (size_t c = 0; c <= r->n_g; c++) {
            bool unknown = c == r->n_g;
            if (!unknown && r->region[c] != (long)c)
                continue; /* not a centrumgemeente with a known region */
            int64_t members = 0, inhabitants = 0, hist = 0, objective = 0, total = 0;
            for (size_t g = 0; g < r->n_g; g++)
                if (unknown ? r->region[g] < 0 : r->region[g] == (long)c) {
                    members++;
                    inhabitants += r->inhabitants[at + g];
                    hist += r->out.full_hist[at + g];
                    objective += r->out.full_obj[at + g];
                    total += r->out.total[at + g];
                }
            /* per inhabitant only for a region: the unknown row is no region */
            const int64_t per = unknown ? 0 : inhabitants;
            ig_cell cells[N_REGION_COLUMNS] = {
                IG_INT(r->first_year + (int)y),
                IG_TEXT(unknown ? "" : r->code[c]),
                IG_TEXT(unknown ? "(geen bekende regio)" : r->name[c]),
                IG_INT(members),
                IG_INT(inhabitants),
                IG_INT(hist),
                IG_INT(objective),
                IG_INT(objective - hist),
                ig_per_inhabitant_cell(objective - hist, per),
                IG_INT(total),
                ig_per_inhabitant_cell(total, per),
                IG_INT(total - hist),
                ig_per_inhabitant_cell(total - hist, per),
                unknown ? IG_EMPTY : IG_INT(r->out.total[at + c]),
                IG_TEXT(unknown || !r->region_kind[c] ? "" : r->region_kind[c]),
                IG_TEXT(unknown || !r->region_source[c] ? "" : r->region_source[c]),
                IG_TEXT(unknown ? "per gemeente" : key),
                IG_TEXT(ILLUSTRATIVE(r)),
            };
            ig_csv_cells(&w, cells, N_REGION_COLUMNS);
        }
    }
}

/* budget_opbouw.csv: every year's budget line by line, with sources; the lines of a
 * year and part add up to its budget. */
void ig_run_csv_budget_lines(ig_buf *b, const ingroei_run *r, ingroei_csv_dialect dialect)
{
    ig_csv_row w = ig_csv_start(b, dialect);
    ig_csv_header_names(&w, "jaar,deel,regel,bedrag,bron\n");
    ig_run_csv_budget_lines_of(&w, r, NULL);
}

void ig_run_csv_budget_lines_of(ig_csv_row *w, const ingroei_run *r, const char *regeling)
{
    const ingroei_scenario *s = r->sc;
    const char *hist = s->has_objective_budget ? "historisch" : "historisch en objectief";
    ig_buf h = {0}, o = {0};
    if (regeling) { /* a scenario's regeling (README, "Several regelingen") */
        ig_buf_printf(&h, "%s: %s", regeling, hist);
        ig_buf_printf(&o, "%s: objectief", regeling);
        if (!h.data || !o.data)
            w->b->failed = true;
    }
    put_budget_lines(w, r, &s->budget, r->lines, r->n_lines, h.data ? h.data : hist);
    if (s->has_objective_budget)
        put_budget_lines(w, r, &s->objective_budget, r->lines_obj, r->n_lines_obj,
                         o.data ? o.data : "objectief");
    ig_buf_free(&h);
    ig_buf_free(&o);
    if (ig_run_arrangement(r, 0))
        put_arrangement_lines(w, r);
}

/* The columns of budget.csv (and of the workbook's overview), in order. */
const ig_column ig_budget_columns[IG_N_BUDGET_COLUMNS] = {
    {"jaar", IG_XL_PLAIN},
    {"budget", IG_XL_EURO},
    {"budget_historisch", IG_XL_EURO},
    {"budget_objectief", IG_XL_EURO},
    {"bron_budget", IG_XL_LONG},
    {"aandeel_objectief", IG_XL_SHARE},
    {"historisch_deel", IG_XL_EURO},
    {"objectief_deel", IG_XL_EURO},
    {"som_toegekend", IG_XL_EURO},
    {"afrondingsverschil", IG_XL_EURO},
    {"afronding", IG_XL_TEXT},
    {"uitkeringsfactor_sleutel", IG_XL_DECIMAL},
    {"cap_actief", IG_XL_TEXT},
    {"cap_haalbaar", IG_XL_TEXT},
    {"gemeenten_op_verliescap", IG_XL_COUNT},
    {"gemeenten_op_wincap", IG_XL_COUNT},
    {"schaal_winsten", IG_XL_DECIMAL},
    {"objectieve_sleutel_illustratief", IG_XL_TEXT},
};

void ig_run_budget_cells(const ingroei_run *r, size_t y, ig_cell *c)
{
    ingroei_year yr;
    ingroei_run_year(r, y, &yr);
    size_t k = 0;
    c[k++] = IG_INT(yr.year);
    c[k++] = IG_INT(yr.budget);
    c[k++] = IG_INT(yr.budget_historical);
    c[k++] = IG_INT(yr.budget_objective);
    c[k++] = IG_TEXT(yr.budget_source);
    c[k++] = IG_FIXED(yr.objective_share, 6);
    c[k++] = IG_INT(r->out.sum_hist[y]);
    c[k++] = IG_INT(r->out.sum_obj[y]);
    c[k++] = IG_INT(yr.sum_total);
    c[k++] = IG_INT(yr.residual);
    c[k++] = IG_TEXT(r->sc->rounding == IG_ROUND_EXACT_TOTAL ? "exact-total" : "per-line");
    c[k++] = IG_FIXED(r->uf_part[y], 6);
    c[k++] = IG_TEXT(yr.cap_active ? "ja" : "nee");
    c[k++] = IG_TEXT(!yr.cap_active ? "" : yr.cap_feasible ? "ja" : "nee");
    c[k++] = IG_INT((int64_t)yr.cap_losses);
    c[k++] = IG_INT((int64_t)yr.cap_gains);
    c[k++] = IG_FIXED(yr.cap_scale, 9);
    c[k++] = IG_TEXT(ILLUSTRATIVE(r));
}

void ig_run_csv_budget(ig_buf *b, const ingroei_run *r, ingroei_csv_dialect dialect)
{
    ig_csv_row w = ig_csv_start(b, dialect);
    const bool arr = ig_run_arrangement(r, 0) != NULL;
    ig_column columns[IG_N_BUDGET_COLUMNS + 1];
    memcpy(columns, ig_budget_columns, sizeof ig_budget_columns);
    columns[IG_N_BUDGET_COLUMNS] = arrangement_column;
    ig_csv_header(&w, columns, IG_N_BUDGET_COLUMNS + arr);
    ig_cell cells[IG_N_BUDGET_COLUMNS + 1];
    for (size_t y = 0; y < r->n_y; y++) {
        ig_run_budget_cells(r, y, cells);
        if (arr)
            cells[IG_N_BUDGET_COLUMNS] = IG_INT(ig_run_arrangement_total(r, y));
        ig_csv_cells(&w, cells, IG_N_BUDGET_COLUMNS + arr);
    }
}
