/*
 * audit.h - what an auditor uses: the algemene uitkering recomputed line by line from a
 * circulaire (au.c), two circulaires compared (diff_vintage.c), published tables
 * checked (verify.c), pro-rata mutations (prorata.c), one number explained
 * (explain.c) and a year-to-year bridge (bridge.c). A feature over run/.
 */
#ifndef IG_AUDIT_H
#define IG_AUDIT_H

#include "run/run.h"

/* An au-model computed (au.c): what `ingroei au` writes and `explain` reads. */
struct ingroei_au {
    ig_au_model model;
    ig_au_data data;
    ig_dec uf;
    bool uf_solved;
    double uf_exact;
    double budget;
    char uf_text[32];
    int64_t *lines;         /* [m * n_g + g] with the totaal weight */
    int64_t *totals;        /* [n_g] */
    int64_t *cluster_lines; /* [(c * n_m + m) * n_g + g] */
    int64_t *clusters;      /* [c * n_g + g] */
    int64_t total, total_clusters;
    int64_t *cluster_national; /* [n_c] */
};

/* The computed algemene uitkering of an ingroei_au (au.c), read-only, for other parts
 * of the library that compare with it (verify.c): the same numbers `ingroei au` writes.
 * Every pointer is borrowed from `au`. */
typedef struct ig_au_view {
    const ig_au_model *model;
    const ig_au_data *data;
    ig_dec uf;                       /* the factor used */
    const int64_t *lines;            /* [m * n_g + g] with the totaal weight */
    const int64_t *totals;           /* [n_g] */
    const int64_t *cluster_lines;    /* [(c * n_m + m) * n_g + g] */
    const int64_t *clusters;         /* [c * n_g + g] */
    const int64_t *cluster_national; /* [n_c] */
    int64_t total;
} ig_au_view;

void ig_au_view_of(const ingroei_au *au, ig_au_view *out);

/* ---- an auditor's output set (out.c) ---------------------------------------------------- */

/* How an auditor's command writes its tables: the CSV dialect, and whether it also writes
 * its workbook (the same choices, and the same words, as `run --csv-dialect --xlsx`). */
typedef struct ig_audit_options {
    ingroei_csv_dialect csv_dialect;
    int xlsx;
} ig_audit_options;

/* Texts a row function may make for its cells, one buffer each (reused from row to
 * row, so a cell's text stays valid while its row is written). */
#define IG_AUDIT_TEXTS 4

/* Fills cells[0..n_cols) of row i (they start empty); a text the row needs is made in
 * one of text[0..IG_AUDIT_TEXTS). */
typedef void ig_audit_row_fn(const void *ctx, size_t i, ig_cell *cells, ig_buf *text);

/* One table: the CSV file `file` and the sheet `sheet` of the workbook, cell for cell. */
typedef struct ig_audit_table {
    const char *file;      /* "au.csv" */
    const char *sheet;     /* "Algemene uitkering" (at most 31 characters) */
    const char *caption;   /* a line above the sheet's table, or NULL */
    const char *empty;     /* the sheet's note when the table has no rows, or NULL */
    const ig_column *cols; /* [n_cols]: CSV names, workbook kinds */
    size_t n_cols, frozen;
    size_t n_rows;
    ig_audit_row_fn *row;
    const void *ctx;
} ig_audit_table;

/* An input named on the workbook's sheet Bronnen. */
typedef struct ig_audit_input {
    const char *role, *file, *sha256;
} ig_audit_input;

/* An output set: the tables, the JSON receipts (built by json[k](b, json_ctx)) and the
 * workbook's name, title (its first line, bold, and the printed pages' footer) and
 * subtitle (or NULL). */
typedef struct ig_audit_set {
    const char *workbook, *title, *subtitle;
    const ig_audit_table *tables;
    size_t n_tables;
    const char *const *json_names;
    ig_build_fn *const *json;
    size_t n_json;
    const void *json_ctx;
    const ig_audit_input *inputs;
    size_t n_inputs;
} ig_audit_set;

/* Appends table t as CSV in `dialect`: the header (names, or headings for people in the
 * nl dialect) and a row per row. */
void ig_audit_csv(ig_buf *b, const ig_audit_table *t, ingroei_csv_dialect dialect);

/* Writes the set into `dir` (opt NULL: RFC 4180, no workbook) through one staging
 * directory: the tables, the receipts and, with opt->xlsx, the workbook; all or
 * nothing. */
ingroei_status ig_audit_write(const ig_audit_set *set, const char *dir,
                              const ig_audit_options *opt, ingroei_output_report *report,
                              ingroei_error *err);

#endif /* IG_AUDIT_H */
