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
 * key is illustrative, the notice; each own key (a key file) named with its SHA-256, as
 * the workbook of `run` names it. */
typedef struct heading {
    char *title;
    char *notice; /* NULL when no key is illustrative or own */
} heading;

static bool heading_make(heading *h, const ingroei_compare *c)
{
    ig_buf t = {0}, n = {0}, who = {0};
    ig_buf_printf(&t, "ingroei %s: vergelijking van %zu scenario's (", INGROEI_VERSION, c->n);
    const char *notice = NULL;
    const ig_obj_model *key = NULL;
    bool same = true;
    size_t n_illustrative = 0;
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        ig_buf_printf(&t, "%s%s", i ? ", " : "", c->label[i]);
        if (!r->obj.illustrative)
            continue;
        ig_buf_printf(&who, "%s%s", n_illustrative++ ? ", " : "", c->label[i]);
        same = same && (!notice || !strcmp(notice, r->obj.notice));
        key = notice ? key : &r->obj;
        notice = notice ? notice : r->obj.notice;
    }
    ig_buf_puts(&t, ")");
    if (notice) {
        ig_buf_puts(&n, IG_XL_NOTICE);
        ig_notice_nl(&n, key);
        if (!same || n_illustrative < c->n)
            ig_buf_printf(&n,
                          " (illustratief in: %s; de toelichting van elk scenario staat in "
                          "Overzicht)",
                          who.data);
    }
    ig_buf_free(&who);
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        if (!r->obj.own_key)
            continue;
        if (n.len)
            ig_buf_putc(&n, ' ');
        ig_notice_nl(&n, &r->obj); /* "Eigen objectieve sleutel: own key: FILE (SHA-256 ...)." */
        if (c->n > 1 && n.data && n.len && n.data[n.len - 1] == '.') {
            n.len--; /* which scenario has it, before the full stop */
            ig_buf_printf(&n, " (in %s).", c->label[i]);
        }
    }
    h->title = t.data;
    h->notice = n.data;
    return !t.failed && !n.failed && !who.failed;
}

static void heading_free(heading *h)
{
    free(h->title);
    free(h->notice);
}

/* Rows between two reports of progress. */
#define BLOCK 4096

/* The rows written of all sheets, for the caller's progress. */
typedef struct rows_done {
    size_t done, total;
} rows_done;

static void row_done(ig_xl *x, rows_done *r)
{
    if (++r->done % BLOCK == 0 || r->done == r->total)
        ig_xl_progress(x, r->done, r->total);
}

/* A sheet of table t under the title, `what` (may be NULL) and the notice; `file` is
 * where the same table is, for a table too long for a sheet. */
static void sheet(ig_xl *x, const char *name, const heading *h, const char *what,
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
        row_done(x, rows);
        return;
    }
    for (size_t k = 0; k < t->n_rows; k++) {
        ig_xl_row(x, ig_cmp_table_row(t, k), t->n_cols);
        row_done(x, rows);
    }
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

/* A sheet of a table. */
typedef struct sheet_def {
    const char *name;
    ig_cmp_kind kind;
    const char *what, *file;
    bool one_gemeente;
} sheet_def;

enum { N_SHEETS = 6 };

/* What the sheets are made from (in the child of ig_xl_write). */
typedef struct workbook {
    const ingroei_compare *c;
    const heading *h;
    const sheet_def *sheets;    /* [N_SHEETS] */
    const ig_cmp_table *table;  /* [N_SHEETS]; a table left out has no comparison */
    size_t total;               /* rows of all tables */
} workbook;

static void fill(ig_xl *x, const void *ctx)
{
    const workbook *w = ctx;
    rows_done rows = {0, w->total};
    ig_buf footer = {0};
    bool illustrative = false;
    ig_buf_puts(&footer, "vergelijking: ");
    for (size_t i = 0; i < w->c->n; i++) {
        ig_buf_printf(&footer, "%s%s", i ? ", " : "", w->c->label[i]);
        illustrative = illustrative || w->c->runs[i]->obj.illustrative;
    }
    ig_xl_footer(x, footer.data, illustrative);
    ig_buf_free(&footer);
    for (size_t k = 0; k < N_SHEETS; k++)
        if (w->table[k].c)
            sheet(x, w->sheets[k].name, w->h, w->sheets[k].what, &w->table[k],
                  w->sheets[k].file, &rows);
    sheet_sources(x, w->c, w->h);
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
    const sheet_def sheets[N_SHEETS] = {
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
    ig_cmp_table table[N_SHEETS] = {{0}};
    size_t total = 0;
    ingroei_status st = INGROEI_OK;
    if (!heading_make(&h, c) || about.failed || who.failed)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < N_SHEETS && st == INGROEI_OK; k++)
        if (!sheets[k].one_gemeente || only != SIZE_MAX) {
            st = ig_cmp_table_make(&table[k], c, sheets[k].kind,
                                   sheets[k].one_gemeente ? only : SIZE_MAX, err);
            total += table[k].n_rows;
        }
    workbook w = {c, &h, sheets, table, total};
    if (st == INGROEI_OK)
        st = ig_xl_write(dir, IG_COMPARE_WORKBOOK, h.title, fill, &w, opt, report, err);
    for (size_t k = 0; k < N_SHEETS; k++)
        ig_cmp_table_free(&table[k]);
    heading_free(&h);
    ig_buf_free(&about);
    ig_buf_free(&who);
    return st;
}
