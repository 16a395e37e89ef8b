/*
 * output.c - the files of a run: allocations.csv, budget.csv, summary.json and, for
 * one gemeente, its own table; the CSV files in one of two dialects (RFC 4180, or ';'
 * and decimal commas for a Dutch Excel). Everything is formatted without the C locale and
 * staged in a temporary directory, then renamed into place, so that a failed write
 * leaves earlier results untouched.
 */
#include "../ig.h"
#include "../report/html.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ILLUSTRATIVE(r) ((r)->obj.illustrative ? "ja" : "nee")

/* ---- tables --------------------------------------------------------------------- */

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
}

/* The nl dialect's byte-order mark: without it Excel reads a CSV file in the Windows
 * code page and garbles names such as Súdwest-Fryslân. */
ig_csv_row ig_csv_start(ig_buf *b, ingroei_csv_dialect dialect)
{
    if (dialect == INGROEI_CSV_NL) {
        ig_buf_puts(b, "\xEF\xBB\xBF");
        return (ig_csv_row){b, ';', ',', 0};
    }
    return (ig_csv_row){b, ',', '.', 0};
}

/* A header line given with commas, in the writer's dialect (the names hold no
 * separator). */
static void csv_header_line(ig_csv_row *w, const char *commas)
{
    for (const char *s = commas; *s; s++)
        ig_buf_putc(w->b, *s == ',' ? w->sep : *s);
}

static void build_allocations(ig_buf *b, const ingroei_run *r, size_t only,
                              ingroei_csv_dialect dialect)
{
    ig_csv_row w = ig_csv_start(b, dialect);
    ig_csv_header(b, ig_alloc_columns, IG_N_ALLOC_COLUMNS, w.sep);
    ig_cell cells[IG_N_ALLOC_COLUMNS];
    for (size_t y = 0; y < r->n_y; y++)
        for (size_t g = 0; g < r->n_g; g++)
            if (only == SIZE_MAX || only == g) {
                ig_run_alloc_cells(r, y, g, cells);
                ig_csv_cells(&w, cells, IG_N_ALLOC_COLUMNS);
            }
}

/* The lines of one budget build-up, for budget_opbouw.csv. */
static void put_budget_lines(ig_csv_row *w, const ingroei_run *r, const ig_budget_rule *rule,
                             const ig_budget_line *lines, size_t n, const char *part)
{
    for (size_t i = 0; i < n; i++) {
        const ig_budget_line *l = &lines[i];
        ig_buf what = {0};
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
        ig_buf_free(&what);
    }
    (void)r;
}

/* regios.csv: per year and region, the centrumgemeente's fully historical amount beside
 * the region's fully objective amount (the sum over its known members), and the
 * allocations of the path; a last row per year for the gemeenten without a known
 * region. */
static void build_regions(ig_buf *b, const ingroei_run *r, ingroei_csv_dialect dialect)
{
    ig_csv_row w = ig_csv_start(b, dialect);
    csv_header_line(&w, "jaar,centrumgemeente_code,centrumgemeente_naam,gemeenten,"
                        "volledig_historisch_centrumgemeente,volledig_objectief_regio,"
                        "verschil_objectief_min_historisch,totaal_centrumgemeente,totaal_regio,"
                        "objectieve_sleutel_illustratief\n");
    for (size_t y = 0; y < r->n_y; y++) {
        const size_t at = y * r->n_g;
        for (size_t c = 0; c <= r->n_g; c++) {
            bool unknown = c == r->n_g;
            if (!unknown && r->region[c] != (long)c)
                continue; /* not a centrumgemeente with a known region */
            int64_t members = 0, objective = 0, total = 0;
            for (size_t g = 0; g < r->n_g; g++)
                if (unknown ? r->region[g] < 0 : r->region[g] == (long)c) {
                    members++;
                    objective += r->out.full_obj[at + g];
                    total += r->out.total[at + g];
                }
            ig_csv_int(&w, r->first_year + (int)y);
            ig_csv_text(&w, unknown ? "" : r->code[c]);
            ig_csv_text(&w, unknown ? "(geen bekende regio)" : r->name[c]);
            ig_csv_int(&w, members);
            if (unknown) {
                ig_csv_empty(&w);
                ig_csv_int(&w, objective);
                ig_csv_empty(&w);
                ig_csv_empty(&w);
            } else {
                ig_csv_int(&w, r->out.full_hist[at + c]);
                ig_csv_int(&w, objective);
                ig_csv_int(&w, objective - r->out.full_hist[at + c]);
                ig_csv_int(&w, r->out.total[at + c]);
            }
            ig_csv_int(&w, total);
            ig_csv_text(&w, ILLUSTRATIVE(r));
            ig_csv_end(&w);
        }
    }
}

/* budget_opbouw.csv: every year's budget line by line, with sources; the lines of a
 * year and part add up to its budget. */
static void build_budget_lines(ig_buf *b, const ingroei_run *r, ingroei_csv_dialect dialect)
{
    ig_csv_row w = ig_csv_start(b, dialect);
    csv_header_line(&w, "jaar,deel,regel,bedrag,bron\n");
    const ingroei_scenario *s = r->sc;
    put_budget_lines(&w, r, &s->budget, r->lines, r->n_lines,
                     s->has_objective_budget ? "historisch" : "historisch en objectief");
    if (s->has_objective_budget)
        put_budget_lines(&w, r, &s->objective_budget, r->lines_obj, r->n_lines_obj, "objectief");
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

static void build_budget(ig_buf *b, const ingroei_run *r, ingroei_csv_dialect dialect)
{
    ig_csv_row w = ig_csv_start(b, dialect);
    ig_csv_header(b, ig_budget_columns, IG_N_BUDGET_COLUMNS, w.sep);
    ig_cell cells[IG_N_BUDGET_COLUMNS];
    for (size_t y = 0; y < r->n_y; y++) {
        ig_run_budget_cells(r, y, cells);
        ig_csv_cells(&w, cells, IG_N_BUDGET_COLUMNS);
    }
}

/* ---- summary.json ----------------------------------------------------------------- */

static void json_key(ig_buf *b, int indent, const char *key)
{
    for (int i = 0; i < indent; i++)
        ig_buf_puts(b, "  ");
    ig_json_string(b, key);
    ig_buf_puts(b, ": ");
}

static void json_str_field(ig_buf *b, int indent, const char *key, const char *v, bool last)
{
    json_key(b, indent, key);
    if (v)
        ig_json_string(b, v);
    else
        ig_buf_puts(b, "null");
    ig_buf_puts(b, last ? "\n" : ",\n");
}

static void json_int_field(ig_buf *b, int indent, const char *key, int64_t v, bool last)
{
    json_key(b, indent, key);
    ig_put_int(b, v);
    ig_buf_puts(b, last ? "\n" : ",\n");
}

static void json_fixed_field(ig_buf *b, int indent, const char *key, double v, int dec, bool last)
{
    json_key(b, indent, key);
    ig_put_fixed(b, v, dec, '.');
    ig_buf_puts(b, last ? "\n" : ",\n");
}

static void json_indent(ig_buf *b, int indent)
{
    for (int i = 0; i < indent; i++)
        ig_buf_puts(b, "  ");
}

/* A file name of the scenario, relative to the scenario's directory. */
static void json_path_field(ig_buf *b, const ingroei_run *r, const char *key, const char *path)
{
    char *shown = ig_run_receipt_path(r, path);
    if (!shown)
        b->failed = true;
    json_str_field(b, 2, key, shown ? shown : "", false);
    free(shown);
}

/* A limit per inhabitant of one year, or null when there is none. */
static void json_limit(ig_buf *b, double v)
{
    if (isnan(v) || isinf(v))
        ig_buf_puts(b, "null");
    else
        ig_put_fixed(b, v, 2, '.');
}

/* The scenario's cap as resolved: its limits year by year. */
static void json_cap(ig_buf *b, const ingroei_run *r)
{
    const ig_cap *cap = &r->sc->cap;
    json_key(b, 2, "cap");
    if (!cap->enabled) {
        ig_buf_puts(b, "null,\n");
        return;
    }
    ig_buf_puts(b, "{\n");
    json_str_field(b, 3, "reference",
                   cap->reference == IG_CAP_HISTORICAL              ? "historical"
                   : cap->reference == IG_CAP_PREVIOUS_YEAR_NOMINAL ? "previous-year-nominal"
                                                                    : "previous-year",
                   false);
    json_key(b, 3, "per_year");
    ig_buf_puts(b, "[");
    for (size_t y = 0; y < r->n_y; y++) {
        ig_buf_printf(b, "%s{\"year\": %d, \"max_loss_per_inhabitant\": ", y ? ", " : "",
                      r->first_year + (int)y);
        json_limit(b, cap->max_loss[y]);
        ig_buf_puts(b, ", \"max_gain_per_inhabitant\": ");
        json_limit(b, cap->max_gain[y]);
        ig_buf_puts(b, "}");
    }
    ig_buf_puts(b, "],\n");
    json_key(b, 3, "cumulative");
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
    json_str_field(b, 3, "if_infeasible", cap->relax_infeasible ? "uncapped" : "error", false);
    json_key(b, 3, "tolerance_euro");
    ig_put_decimal(b, cap->tolerance);
    ig_buf_puts(b, ",\n");
    json_str_field(b, 3, "source", cap->source, true);
    ig_buf_puts(b, "    },\n");
}

/* What the cap did in year y: whether it applied, the scale of the gains, and which
 * gemeenten it held at their loss or gain cap. */
static void json_cap_year(ig_buf *b, const ingroei_run *r, size_t y)
{
    json_key(b, 3, "cap");
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
    json_key(b, 2, key);
    ig_buf_puts(b, "{\n");
    if (rule->has_base) {
        json_key(b, 3, "base");
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
    json_key(b, 3, "other_years");
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
    json_key(b, 2, "path");
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
    json_str_field(b, 2, "name", s->name, false);
    json_str_field(b, 2, "description", s->description, false);
    json_path_field(b, r, "dataset", s->dataset);
    json_int_field(b, 2, "boundaries", s->boundaries, false);
    json_key(b, 2, "years");
    ig_buf_printf(b, "{\"first\": %d, \"last\": %d},\n", s->first_year, s->last_year);
    json_budget_rule(b, "budget", &s->budget);
    if (s->has_objective_budget)
        json_budget_rule(b, "objective_budget", &s->objective_budget);
    json_path_field(b, r, "historical_key", s->historical_key);
    json_path_field(b, r, "objective_key", s->objective_key);
    json_path(b, s, r);
    json_cap(b, r);
    json_str_field(b, 2, "rounding",
                   s->rounding == IG_ROUND_EXACT_TOTAL ? "exact-total" : "per-line", true);
    ig_buf_puts(b, "  },\n");
}

/* The largest gainers (or losers) per inhabitant of year y, at most 10, from the
 * ranking `order`; gemeenten without a gain (or loss) are not listed. */
static void json_ranking(ig_buf *b, const ingroei_run *r, size_t y, const size_t *order,
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
    json_key(b, 1, "regions");
    if (!r->region) {
        ig_buf_puts(b, "null,\n");
        return;
    }
    ig_buf_puts(b, "{\n");
    char *shown = ig_run_receipt_path(r, r->sc->regions);
    json_str_field(b, 2, "file", shown ? shown : "", false);
    free(shown);
    json_key(b, 2, "centrumgemeenten_with_known_region");
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
    json_int_field(b, 2, "gemeenten_without_known_region", (int64_t)unknown, false);
    json_key(b, 2, "without_known_region");
    ig_buf_puts(b, "[");
    k = 0;
    for (size_t g = 0; g < r->n_g; g++)
        if (r->region[g] < 0) {
            ig_buf_puts(b, k++ ? ", " : "");
            ig_json_string(b, r->code[g]);
        }
    ig_buf_puts(b, "]\n  },\n");
}

static bool build_summary(ig_buf *b, const ingroei_run *r)
{
    size_t *order = malloc((r->n_g ? r->n_g : 1) * sizeof *order);
    if (!order)
        return false;
    ig_buf_puts(b, "{\n");
    ig_buf_puts(b, "  \"engine\": {\"name\": \"ingroei\", \"version\": ");
    ig_json_string(b, INGROEI_VERSION);
    ig_buf_puts(b, "},\n");
    json_key(b, 1, "illustrative");
    ig_buf_puts(b, r->obj.illustrative ? "true,\n" : "false,\n");
    json_str_field(b, 1, "notice", r->obj.illustrative ? r->obj.notice : NULL, false);
    json_scenario(b, r);
    ig_buf_puts(b, "  \"inputs\": [\n");
    for (size_t i = 0; i < r->n_inputs; i++) {
        ig_buf_puts(b, "    {\"file\": ");
        ig_json_string(b, r->inputs[i].display);
        ig_buf_puts(b, ", \"sha256\": ");
        ig_json_string(b, r->inputs[i].sha256);
        ig_buf_puts(b, ", \"source\": ");
        ig_json_string(b, r->inputs[i].source);
        ig_buf_puts(b, i + 1 < r->n_inputs ? "},\n" : "}\n");
    }
    ig_buf_puts(b, "  ],\n  \"historical_key\": {\n");
    json_str_field(b, 2, "name", r->hist.name, false);
    json_str_field(b, 2, "circulaire", r->hist.circulaire, false);
    json_int_field(b, 2, "uitkeringsjaar", r->hist.uitkeringsjaar, false);
    json_str_field(b, 2, "regeling", r->hist.regeling, false);
    size_t n_hist = 0;
    for (size_t g = 0; g < r->n_g; g++)
        n_hist += r->h[g] > 0;
    json_int_field(b, 2, "gemeenten_with_amount", (int64_t)n_hist, true);
    ig_buf_puts(b, "  },\n  \"objective_key\": {\n");
    json_str_field(b, 2, "name", r->obj.name, false);
    json_key(b, 2, "illustrative");
    ig_buf_puts(b, r->obj.illustrative ? "true,\n" : "false,\n");
    json_str_field(b, 2, "volumes_source", r->obj.volumes_source, false);
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
    ig_buf_puts(b, "  \"years\": [\n");
    for (size_t y = 0; y < r->n_y; y++) {
        ig_buf_puts(b, "    {\n");
        json_int_field(b, 3, "year", r->first_year + (int)y, false);
        json_int_field(b, 3, "budget", r->out.target[y], false);
        json_int_field(b, 3, "budget_historical", r->budget[y], false);
        json_int_field(b, 3, "budget_objective", r->budget_obj[y], false);
        json_str_field(b, 3, "budget_source", r->budget_source[y], false);
        json_fixed_field(b, 3, "objective_share", r->p[y], 6, false);
        json_int_field(b, 3, "historical_part", r->out.sum_hist[y], false);
        json_int_field(b, 3, "objective_part", r->out.sum_obj[y], false);
        json_int_field(b, 3, "sum_allocations", r->out.sum_total[y], false);
        json_int_field(b, 3, "rounding_residual", r->out.residual[y], false);
        json_fixed_field(b, 3, "uitkeringsfactor_objective_part", r->uf_part[y], 6, false);
        json_fixed_field(b, 3, "uitkeringsfactor_whole_budget", r->uf_full[y], 6, false);
        json_cap_year(b, r, y);
        if (ig_run_rank(r, y, order) != INGROEI_OK) {
            free(order);
            return false;
        }
        json_key(b, 3, "largest_gainers_per_inhabitant");
        json_ranking(b, r, y, order, false);
        ig_buf_puts(b, ",\n");
        json_key(b, 3, "largest_losers_per_inhabitant");
        json_ranking(b, r, y, order, true);
        ig_buf_puts(b, "\n");
        json_indent(b, 2);
        ig_buf_puts(b, y + 1 < r->n_y ? "},\n" : "}\n");
    }
    ig_buf_puts(b, "  ]\n}\n");
    free(order);
    return true;
}

/* ---- staging and atomic replacement ----------------------------------------------- */

ingroei_status ig_write_file(const char *dir, const char *name, const ig_buf *data,
                             ingroei_output_report *report, ingroei_error *err)
{
    char ebuf[128];
    if (data->failed)
        return ig_fail(err, INGROEI_ERR_NOMEM, name, 0, 0, "out of memory");
    if (data->invalid)
        return ig_fail(err, INGROEI_ERR_NUMERIC, name, 0, 0,
                       "a number that is not finite, or too large to write with its decimals, "
                       "reached the output");
    if (report->n_files >= INGROEI_MAX_OUTPUT_FILES)
        return ig_fail(err, INGROEI_ERR_USAGE, name, 0, 0, "too many output files");
    char *path = ig_path_join(dir, name);
    if (!path)
        return ig_fail(err, INGROEI_ERR_NOMEM, name, 0, 0, "out of memory");
    FILE *f = fopen(path, "wb");
    ingroei_status st = INGROEI_OK;
    if (!f) {
        st = ig_fail(err, INGROEI_ERR_IO, path, 0, 0, "cannot write: %s",
                     ig_strerror(errno, ebuf, sizeof ebuf));
    } else {
        /* Flush to the disk before the file can be renamed into place; close it
         * whether or not the write failed, then judge both. */
        bool short_write = data->len && fwrite(data->data, 1, data->len, f) != data->len;
        short_write = short_write || fflush(f) != 0 || fsync(fileno(f)) != 0;
        bool close_failed = fclose(f) != 0;
        if (short_write || close_failed)
            st = ig_fail(err, INGROEI_ERR_IO, path, 0, 0, "write error: %s",
                         ig_strerror(errno, ebuf, sizeof ebuf));
    }
    if (st == INGROEI_OK)
        snprintf(report->files[report->n_files++], sizeof report->files[0], "%s", name);
    free(path);
    return st;
}

/* Creates `dir` and its missing parents; *created tells whether `dir` itself was new
 * (so that a failed run can remove it again). */
static ingroei_status make_dirs(const char *dir, bool *created, ingroei_error *err)
{
    char ebuf[128];
    struct stat sb;
    *created = false;
    if (stat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode))
            return ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "is not a directory");
        return INGROEI_OK;
    }
    char *p = ig_strdup(dir);
    if (!p)
        return ig_fail(err, INGROEI_ERR_NOMEM, dir, 0, 0, "out of memory");
    ingroei_status st = INGROEI_OK;
    for (char *s = p + 1; st == INGROEI_OK; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            st = ig_fail(err, INGROEI_ERR_IO, p, 0, 0, "cannot create directory: %s",
                         ig_strerror(errno, ebuf, sizeof ebuf));
        *s = c;
        if (!c)
            break;
    }
    free(p);
    if (st == INGROEI_OK && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        st = ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "is not a directory");
    *created = st == INGROEI_OK;
    return st;
}

/* See ig.h. */
void ig_remove_dir(const char *staging)
{
    DIR *d = opendir(staging);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *p = ig_path_join(staging, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(staging);
}

/* The list of files the last run wrote into an output directory, one name a line, so
 * that the next run can remove what it no longer makes (another gemeente's table, the
 * pictures of a run with plots) without touching any other file there. */
#define MANIFEST ".ingroei-files"

/* Whether `name` (a line of a manifest) may be removed: a plain file name that this
 * program could have written, never a path or a hidden file. */
/* Whether `name` is a file some ingroei command writes: only those are removed as stale,
 * so that a manifest that came with a directory (copied, unpacked) cannot make a run
 * delete anything else. */
static bool removable_name(const char *name)
{
    static const char *const fixed[] = {
        "allocations.csv", "budget.csv",        "budget_opbouw.csv",  "regios.csv",
        "summary.json",    "landelijk.png",     "landelijk.svg",      "landelijk.dat",
        "landelijk.gp",    "report.html",       "report.gp",          "report.dat",
        "ingroei.xlsx",    "compare.csv",       "compare_breed.csv",  "ranking.csv",
        "compare.json",    "vergelijking.xlsx", "brugstaat.csv",      "au.csv",
        "au_regels.csv",   "au.json",           "verify.csv",         "verify.json",
        "prorata.csv",     "prorata.json",      "diff_vintage.csv",   "diff_vintage.json",
        "sweep.csv",       "sweep.json",        "gemeente_bereik.csv"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        if (!strcmp(name, fixed[i]))
            return true;
    /* gemeente_GM0193.{csv,png,svg,dat,gp}, compare_gemeente_GM0193.csv */
    static const char *const prefixes[] = {"gemeente_GM", "compare_gemeente_GM"};
    static const char *const suffixes[] = {".csv", ".png", ".svg", ".dat", ".gp"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(name, prefixes[i], n))
            continue;
        const char *d = name + n;
        if (strspn(d, "0123456789") != 4)
            return false;
        for (size_t k = 0; k < (i ? 1u : 5u); k++)
            if (!strcmp(d + 4, suffixes[k]))
                return true;
    }
    return false;
}

/* Moves the staged files into `dir`, then the manifest, then removes the files of the
 * previous run that this run did not make. Before anything moves, every target is
 * checked: a target that exists and is not a regular file stops the run with nothing
 * replaced. */
static ingroei_status replace_outputs(const char *staging, const char *dir,
                                      ingroei_output_report *report, ingroei_error *err)
{
    char ebuf[128];
    ingroei_status st = INGROEI_OK;
    for (size_t i = 0; st == INGROEI_OK && i < report->n_files; i++) {
        char *to = ig_path_join(dir, report->files[i]);
        struct stat sb;
        if (!to)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        else if (lstat(to, &sb) == 0 && !S_ISREG(sb.st_mode))
            st = ig_fail(err, INGROEI_ERR_IO, to, 0, 0,
                         "exists and is not a regular file; nothing was replaced");
        free(to);
    }
    char *old = NULL, *old_path = ig_path_join(dir, MANIFEST);
    size_t old_len = 0;
    if (st == INGROEI_OK && old_path && access(old_path, F_OK) == 0 &&
        ig_read_file(old_path, &old, &old_len, NULL) != INGROEI_OK)
        old = NULL; /* an unreadable manifest only means no stale files are removed */
    /* Every command's first file names its kind (allocations.csv, compare.csv,
     * brugstaat.csv, au.csv, ...). Another command's outputs are not this one's stale
     * files: refuse rather than remove them. */
    size_t first = old ? strcspn(old, "\n") : 0;
    if (st == INGROEI_OK && first && report->n_files &&
        (strlen(report->files[0]) != first || strncmp(old, report->files[0], first) != 0))
        st = ig_fail(err, INGROEI_ERR_USAGE, dir, 0, 0,
                     "holds the outputs of another command (%.*s, ...), which this one would "
                     "remove; nothing was replaced: give it a directory of its own",
                     (int)first, old);
    ig_buf list = {0};
    for (size_t i = 0; i < report->n_files; i++)
        ig_buf_printf(&list, "%s\n", report->files[i]);
    ingroei_output_report manifest_report = {0};
    if (st == INGROEI_OK)
        st = ig_write_file(staging, MANIFEST, &list, &manifest_report, err);
    ig_buf_free(&list);
    for (size_t i = 0; st == INGROEI_OK && i <= report->n_files; i++) {
        const char *name = i < report->n_files ? report->files[i] : MANIFEST;
        char *from = ig_path_join(staging, name), *to = ig_path_join(dir, name);
        if (!from || !to)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        else if (rename(from, to) != 0)
            st = ig_fail(err, INGROEI_ERR_IO, to, 0, 0, "cannot move into place: %s",
                         ig_strerror(errno, ebuf, sizeof ebuf));
        free(from);
        free(to);
    }
    /* Stale files of the previous run. */
    for (char *line = old, *next; st == INGROEI_OK && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else
            next = line + strlen(line);
        bool current = false;
        for (size_t i = 0; i < report->n_files && !current; i++)
            current = strcmp(report->files[i], line) == 0;
        char *stale = current || !removable_name(line) ? NULL : ig_path_join(dir, line);
        struct stat sb;
        if (stale && lstat(stale, &sb) == 0 && S_ISREG(sb.st_mode))
            unlink(stale);
        free(stale);
    }
    free(old);
    free(old_path);
    /* Make the renames durable. */
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    return st;
}

/* A staging directory is named after the process that writes it. One whose process is
 * gone (killed while it wrote) is removed by the next write into the same directory. */
#define STAGING_PREFIX ".ingroei-staging-"

static void remove_abandoned_staging(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    const size_t n = strlen(STAGING_PREFIX);
    for (struct dirent *e; (e = readdir(d));) {
        if (strncmp(e->d_name, STAGING_PREFIX, n))
            continue;
        char *end = NULL;
        long pid = strtol(e->d_name + n, &end, 10);
        if (end == e->d_name + n || *end != '-' || pid <= 0 || pid > INT_MAX)
            continue; /* not ours, or of an older version: left alone */
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* its writer may still be at work */
        char *path = ig_path_join(dir, e->d_name);
        if (path)
            ig_remove_dir(path);
        free(path);
    }
    closedir(d);
}

ingroei_status ig_stage_open(ig_stage *st, const char *dir, ingroei_error *err)
{
    char ebuf[128];
    memset(st, 0, sizeof *st);
    st->dir = dir;
    ingroei_status rc = make_dirs(dir, &st->created, err);
    if (rc != INGROEI_OK)
        return rc;
    remove_abandoned_staging(dir);
    char name[64];
    snprintf(name, sizeof name, STAGING_PREFIX "%ld-XXXXXX", (long)getpid());
    st->path = ig_path_join(dir, name);
    if (!st->path)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (!mkdtemp(st->path)) {
        rc = ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "cannot create a staging directory: %s",
                     ig_strerror(errno, ebuf, sizeof ebuf));
        ig_stage_close(st, false);
        return rc;
    }
    return INGROEI_OK;
}

ingroei_status ig_stage_commit(ig_stage *st, ingroei_output_report *report, ingroei_error *err)
{
    ingroei_status rc = replace_outputs(st->path, st->dir, report, err);
    ig_stage_close(st, rc == INGROEI_OK);
    return rc;
}

void ig_stage_close(ig_stage *st, bool committed)
{
    if (st->path) {
        ig_remove_dir(st->path);
        free(st->path);
        st->path = NULL;
    }
    if (!committed && st->created)
        rmdir(st->dir); /* only succeeds while it is empty, i.e. nothing was moved in */
}

ingroei_status ingroei_run_write(const ingroei_run *r, const ingroei_output_options *o,
                                 ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    if (!report)
        report = &local;
    memset(report, 0, sizeof *report);
    if (!r || !o || !o->dir || !o->dir[0])
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    if (o->csv_dialect != INGROEI_CSV_RFC4180 && o->csv_dialect != INGROEI_CSV_NL)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "unknown csv dialect %d",
                       (int)o->csv_dialect);
    size_t only = SIZE_MAX;
    if (o->gemeente) {
        ingroei_status st = ingroei_run_find_gemeente(r, o->gemeente, &only, err);
        if (st != INGROEI_OK)
            return st;
    }
    ig_stage stage;
    ingroei_status st = ig_stage_open(&stage, o->dir, err);
    if (st != INGROEI_OK)
        return st;
    const char *staging = stage.path;
    const ingroei_csv_dialect dialect = o->csv_dialect;
    ig_buf b = {0};
    build_allocations(&b, r, SIZE_MAX, dialect);
    st = ig_write_file(staging, "allocations.csv", &b, report, err);
    ig_buf_free(&b);
    if (st == INGROEI_OK) {
        build_budget(&b, r, dialect);
        st = ig_write_file(staging, "budget.csv", &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK) {
        build_budget_lines(&b, r, dialect);
        st = ig_write_file(staging, "budget_opbouw.csv", &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK && r->region) {
        build_regions(&b, r, dialect);
        st = ig_write_file(staging, "regios.csv", &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK) {
        if (!build_summary(&b, r))
            b.failed = true;
        st = ig_write_file(staging, "summary.json", &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK && only != SIZE_MAX) {
        char name[64];
        snprintf(name, sizeof name, "gemeente_%s.csv", r->code[only]);
        build_allocations(&b, r, only, dialect);
        st = ig_write_file(staging, name, &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK && o->xlsx)
        st = ig_run_write_xlsx(r, staging, only, report, err);
    if (st == INGROEI_OK && o->plots)
        st = ig_plots_write(r, staging, only, o->gnuplot, report, err);
    if (st == INGROEI_OK && o->html)
        st = ig_html_report_write(r, staging, o->plots, o->gnuplot, report, err);
    if (st == INGROEI_OK)
        return ig_stage_commit(&stage, report, err);
    ig_stage_close(&stage, false);
    return st;
}

ingroei_status ig_write_staged(const char *dir, size_t n, const char *const *names,
                               ig_build_fn *const *build, const void *ctx,
                               ingroei_output_report *report, ingroei_error *err)
{
    return ig_write_staged_more(dir, n, names, build, ctx, NULL, report, err);
}

ingroei_status ig_write_staged_more(const char *dir, size_t n, const char *const *names,
                                    ig_build_fn *const *build, const void *ctx, ig_stage_fn *more,
                                    ingroei_output_report *report, ingroei_error *err)
{
    memset(report, 0, sizeof *report);
    ig_stage stage;
    ingroei_status st = ig_stage_open(&stage, dir, err);
    if (st != INGROEI_OK)
        return st;
    for (size_t i = 0; i < n && st == INGROEI_OK; i++) {
        ig_buf b = {0};
        build[i](&b, ctx);
        st = ig_write_file(stage.path, names[i], &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK && more)
        st = more(stage.path, ctx, report, err);
    if (st == INGROEI_OK)
        return ig_stage_commit(&stage, report, err);
    ig_stage_close(&stage, false);
    return st;
}
