/*
 * xlsx.c - the workbook of a comparison, vergelijking.xlsx: the scenarios, their
 * budgets per year, the wide view, one gemeente's years, the rankings, every row of
 * compare.csv and the sources of every scenario. The tables are those of the CSV files,
 * cell for cell (compare/tables.c gives the cells).
 */
#include "compare/compare.h"

#include <stdlib.h>
#include <string.h>

/* The rows of one sheet; a table longer than that is left out with a note. */
#define EXCEL_ROWS 1048576

/* The lines above every table: what the workbook is and, when a scenario's objective
 * key is illustrative, the notice. */
typedef struct heading {
    char *title;
    char *notice; /* NULL when no key is illustrative */
} heading;

static bool heading_make(heading *h, const ingroei_compare *c)
{
    ig_buf t = {0}, n = {0}, who = {0};
    ig_buf_printf(&t, "ingroei %s: vergelijking van %zu scenario's (", INGROEI_VERSION, c->n);
    const char *notice = NULL;
    bool same = true;
    size_t n_illustrative = 0;
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        ig_buf_printf(&t, "%s%s", i ? ", " : "", c->label[i]);
        if (!r->obj.illustrative)
            continue;
        ig_buf_printf(&who, "%s%s", n_illustrative++ ? ", " : "", c->label[i]);
        same = same && (!notice || !strcmp(notice, r->obj.notice));
        notice = notice ? notice : r->obj.notice;
    }
    ig_buf_puts(&t, ")");
    if (notice) {
        ig_buf_printf(&n, "%s%s", IG_XL_NOTICE, notice);
        if (!same || n_illustrative < c->n)
            ig_buf_printf(&n,
                          " (illustratief in: %s; de toelichting van elk scenario staat in "
                          "Overzicht)",
                          who.data);
    }
    ig_buf_free(&who);
    h->title = t.data;
    h->notice = n.data;
    return !t.failed && !n.failed && !who.failed;
}

static void heading_free(heading *h)
{
    free(h->title);
    free(h->notice);
}

/* Rows between two calls of the progress function and looks at the cancel flag. */
#define BLOCK 4096

/* The rows written of all sheets, for the caller's progress and Ctrl-C. */
typedef struct rows_done {
    const ingroei_output_options *opt; /* NULL: no progress, no cancelling */
    size_t done, total;
} rows_done;

/* Counts a row; false when the caller asked to stop. */
static bool row_done(rows_done *r)
{
    if (++r->done % BLOCK && r->done != r->total)
        return true;
    if (r->opt && r->opt->progress)
        r->opt->progress(r->opt->progress_context, r->done, r->total);
    return !(r->opt && r->opt->cancel && *r->opt->cancel);
}

/* A sheet of table t under the title, `what` (may be NULL) and the notice; `file` is
 * where the same table is, for a table too long for a sheet. False when the caller asked
 * to stop. */
static bool sheet(ig_xl *x, const char *name, const heading *h, const char *what,
                  const ig_cmp_table *t, const char *file, rows_done *rows)
{
    const char *lines[] = {h->title, what, h->notice};
    ig_xl_sheet(x, &(ig_xl_sheet_spec){name, lines, 3, t->cols, t->n_cols, t->frozen_cols});
    if (t->n_rows > EXCEL_ROWS - 8) {
        ig_buf b = {0};
        ig_buf_printf(&b, "%zu regels passen niet in een werkblad; ze staan in %s.", t->n_rows,
                      file);
        ig_xl_note(x, b.data ? b.data : "");
        ig_buf_free(&b);
        rows->done += t->n_rows - 1;
        return row_done(rows);
    }
    for (size_t k = 0; k < t->n_rows; k++) {
        ig_xl_row(x, ig_cmp_table_row(t, k), t->n_cols);
        if (!row_done(rows))
            return false;
    }
    return true;
}

/* Bronnen: every input of every scenario, with its vintage, SHA-256 and source. */
static void sheet_sources(ig_xl *x, const ingroei_compare *c, const heading *h)
{
    ig_column cols[1 + IG_N_SOURCE_COLUMNS] = {{"scenario", IG_XL_TEXT}};
    memcpy(cols + 1, ig_source_columns, sizeof ig_source_columns);
    const char *lines[] = {h->title, h->notice,
                           "Per scenario zijn invoerbestanden, paden ten opzichte van de map "
                           "van dat scenario; de SHA-256 van de scenariobestanden staat ook in "
                           "compare.json."};
    ig_xl_sheet(x, &(ig_xl_sheet_spec){"Bronnen", lines, 3, cols, 1 + IG_N_SOURCE_COLUMNS, 2});
    for (size_t i = 0; i < c->n; i++)
        ig_xl_run_sources(x, c->runs[i], c->label[i]);
}

ingroei_status ig_compare_write_xlsx(const ingroei_compare *c, const char *dir, size_t only,
                                     const ingroei_output_options *opt,
                                     ingroei_output_report *report, ingroei_error *err)
{
    heading h = {0};
    ig_buf about = {0}, who = {0};
    ig_buf_printf(&about,
                  "Verschillen ten opzichte van het eerste scenario (%s); de ranglijst is van "
                  "%d.",
                  c->label[0], c->ref_year);
    if (only != SIZE_MAX)
        ig_buf_printf(&who, "%s (%s), %s: de jaren van elk scenario naast elkaar",
                      c->runs[0]->name[only], c->runs[0]->code[only], c->runs[0]->province[only]);
    const struct {
        const char *name;
        ig_cmp_kind kind;
        const char *what, *file;
        bool one_gemeente;
    } sheets[] = {
        {"Overzicht", IG_CMP_SCENARIOS, about.data, "compare.json", false},
        {"Budget per jaar", IG_CMP_BUDGET,
         "Per jaar het budget en het objectieve aandeel (p_t) van elk scenario, zoals in "
         "budget.csv van zijn run; leeg in een jaar dat het scenario niet heeft.",
         "budget.csv", false},
        {"Naast elkaar", IG_CMP_WIDE,
         "Per jaar per gemeente de toedeling van elk scenario en het verschil met het eerste, "
         "in euro en per inwoner (als compare_breed.csv).",
         "compare_breed.csv", false},
        {"Gemeente", IG_CMP_WIDE, who.data, "compare_breed.csv", true},
        {"Ranglijst", IG_CMP_RANKING,
         "Per scenario de gemeenten van het grootste verlies per inwoner (rang 1) tot de "
         "grootste winst, tegen de volledig historische verdeling (als ranking.csv).",
         "ranking.csv", false},
        {"Alle regels", IG_CMP_TIDY,
         "Een regel per scenario per jaar per gemeente (als compare.csv).", "compare.csv", false},
    };
    enum { N_SHEETS = sizeof sheets / sizeof sheets[0] };
    ig_cmp_table table[N_SHEETS] = {{0}};
    rows_done rows = {opt, 0, 0};
    ingroei_status st = INGROEI_OK;
    if (!heading_make(&h, c) || about.failed || who.failed)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < N_SHEETS && st == INGROEI_OK; k++)
        if (!sheets[k].one_gemeente || only != SIZE_MAX) {
            st = ig_cmp_table_make(&table[k], c, sheets[k].kind,
                                   sheets[k].one_gemeente ? only : SIZE_MAX, err);
            rows.total += table[k].n_rows;
        }
    ig_xl *x = NULL;
    if (st == INGROEI_OK)
        st = ig_xl_new(&x, dir, IG_COMPARE_WORKBOOK, h.title, err);
    for (size_t k = 0; k < N_SHEETS && st == INGROEI_OK; k++)
        if (table[k].c &&
            !sheet(x, sheets[k].name, &h, sheets[k].what, &table[k], sheets[k].file, &rows))
            st = ig_fail(err, INGROEI_ERR_CANCELLED, NULL, 0, 0, "the workbook was stopped");
    if (st == INGROEI_OK)
        sheet_sources(x, c, &h);
    if (st == INGROEI_OK)
        st = ig_xl_close(x, report, err);
    else
        ig_xl_abandon(x);
    /* packing cannot be stopped, but what it packed can be left unused */
    if (st == INGROEI_OK && opt && opt->cancel && *opt->cancel)
        st = ig_fail(err, INGROEI_ERR_CANCELLED, NULL, 0, 0, "the workbook was stopped");
    for (size_t k = 0; k < N_SHEETS; k++)
        ig_cmp_table_free(&table[k]);
    heading_free(&h);
    ig_buf_free(&about);
    ig_buf_free(&who);
    return st;
}
