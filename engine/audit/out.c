/*
 * out.c - the output set of an auditor's command (au, verify, diff-vintage, bridge,
 * explain): its tables as CSV in the chosen dialect and, on request, as the sheets of
 * one workbook (report/xlsx.c, the writer of `run --xlsx`), with its receipts, all
 * staged and moved into place together (io/stage.c): a failure leaves nothing half
 * written.
 */
#include "audit/audit.h"

#include <stdlib.h>
#include <string.h>

/* The cells of one row, and the texts the row function made for them. */
typedef struct row_space {
    ig_cell *cells;
    ig_buf text[IG_AUDIT_TEXTS];
} row_space;

static bool row_space_make(row_space *r, size_t n_cols)
{
    memset(r, 0, sizeof *r);
    r->cells = calloc(n_cols ? n_cols : 1, sizeof *r->cells);
    return r->cells != NULL;
}

static void row_space_free(row_space *r)
{
    free(r->cells);
    for (int k = 0; k < IG_AUDIT_TEXTS; k++)
        ig_buf_free(&r->text[k]);
}

/* Fills r with row i of t; false when a text could not be made. */
static bool fill_row(const ig_audit_table *t, size_t i, row_space *r)
{
    for (size_t c = 0; c < t->n_cols; c++)
        r->cells[c] = IG_EMPTY;
    for (int k = 0; k < IG_AUDIT_TEXTS; k++) {
        r->text[k].len = 0;
        ig_buf_putn(&r->text[k], "", 0);
    }
    t->row(t->ctx, i, r->cells, r->text);
    for (int k = 0; k < IG_AUDIT_TEXTS; k++)
        if (r->text[k].failed)
            return false;
    return true;
}

void ig_audit_csv(ig_buf *b, const ig_audit_table *t, ingroei_csv_dialect dialect)
{
    ig_csv_row w = ig_csv_start(b, dialect);
    ig_csv_header(&w, t->cols, t->n_cols);
    row_space r;
    if (!row_space_make(&r, t->n_cols)) {
        b->failed = true;
        return;
    }
    for (size_t i = 0; i < t->n_rows && !b->failed; i++) {
        if (!fill_row(t, i, &r))
            b->failed = true;
        else
            ig_csv_cells(&w, r.cells, t->n_cols);
    }
    row_space_free(&r);
}

/* The workbook: a sheet per table, each with the title and subtitle above it, and a
 * sheet Bronnen with the inputs and their SHA-256. Runs in ig_xl_write's child. */
static void fill_workbook(ig_xl *x, const void *ctx)
{
    const ig_audit_set *s = ctx;
    ig_xl_footer(x, s->title, false);
    for (size_t k = 0; k < s->n_tables; k++) {
        const ig_audit_table *t = &s->tables[k];
        const char *lines[] = {s->title, s->subtitle, t->caption};
        ig_xl_sheet(x, &(ig_xl_sheet_spec){t->sheet, lines, 3, t->cols, t->n_cols, t->frozen});
        row_space r;
        if (!row_space_make(&r, t->n_cols)) {
            ig_xl_fail_nomem(x);
            return;
        }
        for (size_t i = 0; i < t->n_rows; i++) {
            if (!fill_row(t, i, &r)) {
                ig_xl_fail_nomem(x);
                break;
            }
            ig_xl_row(x, r.cells, t->n_cols);
        }
        row_space_free(&r);
        if (!t->n_rows && t->empty)
            ig_xl_note(x, t->empty);
    }
    if (s->n_inputs) {
        static const ig_column cols[] = {
            {"rol", IG_XL_TEXT}, {"bestand", IG_XL_TEXT}, {"sha256", IG_XL_TEXT}};
        const char *lines[] = {s->title, s->subtitle,
                               "De bestanden waaruit deze uitvoer is berekend; dezelfde lijst "
                               "staat in het JSON-bewijsstuk (inputs)."};
        ig_xl_sheet(x, &(ig_xl_sheet_spec){"Bronnen", lines, 3, cols, 3, 1});
        for (size_t i = 0; i < s->n_inputs; i++) {
            const ig_cell cells[] = {IG_TEXT(s->inputs[i].role), IG_TEXT(s->inputs[i].file),
                                     IG_TEXT(s->inputs[i].sha256)};
            ig_xl_row(x, cells, 3);
        }
    }
}

ingroei_status ig_audit_write(const ig_audit_set *s, const char *dir,
                              const ig_audit_options *opt, ingroei_output_report *report,
                              ingroei_error *err)
{
    if (!dir || !dir[0])
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    const ingroei_csv_dialect dialect = opt ? opt->csv_dialect : INGROEI_CSV_RFC4180;
    if (dialect != INGROEI_CSV_RFC4180 && dialect != INGROEI_CSV_NL)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "unknown CSV dialect %d",
                       (int)dialect);
    ig_stage stage;
    ingroei_status st = ig_stage_open(&stage, dir, err);
    if (st != INGROEI_OK)
        return st;
    for (size_t k = 0; st == INGROEI_OK && k < s->n_tables; k++) {
        ig_buf b = {0};
        ig_audit_csv(&b, &s->tables[k], dialect);
        st = ig_write_file(stage.path, s->tables[k].file, &b, report, err);
        ig_buf_free(&b);
    }
    for (size_t k = 0; st == INGROEI_OK && k < s->n_json; k++) {
        ig_buf b = {0};
        s->json[k](&b, s->json_ctx);
        st = ig_write_file(stage.path, s->json_names[k], &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK && opt && opt->xlsx)
        st = ig_xl_write(stage.path, s->workbook, s->title, fill_workbook, s, NULL, report, err);
    if (st == INGROEI_OK)
        return ig_stage_commit(&stage, report, err);
    ig_stage_close(&stage);
    return st;
}
